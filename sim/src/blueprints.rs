//! `/blueprints`: list, get, upload (multipart or URL), validate, download, delete,
//! visibility, icon and labels.

use chrono::{Duration, NaiveDateTime};
use serde_json::{json, Map, Value};

use baton_core::conductor::blueprints::{Blueprint, BlueprintState};
use baton_core::conductor::Visibility;
use baton_core::multipart::MultipartBody;
use baton_core::time::Timestamp;

use super::archive::{is_archive, tar_gz};
use super::labels::{
    check_id, check_visibility, fresh_id, merge_labels, parse_labels, requested_visibility,
    visibility_rank,
};
use super::list::{list, ListSpec};
use super::reply::{error, not_found, Reply};
use super::{get_one, method_not_allowed, project, to_value, Ctx, DemoManager, TenantData};

const SEARCH: ListSpec = ListSpec {
    search_fields: &["id"],
    search_name_field: None,
};

/// How long an upload from a URL, or an async upload, takes to finish.
const UPLOAD_SECONDS: i64 = 3;

pub(super) fn route(m: &mut DemoManager, c: &Ctx) -> Option<Reply> {
    // Other paths fall through to the manager's 404 (or another family).
    if !matches!(
        c.segs,
        ["blueprints"]
            | ["blueprints", _]
            | [
                "blueprints",
                _,
                "validate" | "archive" | "set-visibility" | "icon"
            ]
    ) {
        return None;
    }
    let by = m.users[c.caller.user].username.clone();
    Some(m.in_tenant(c, |t| {
        advance(t, c.now);
        match (c.method.as_str(), c.segs) {
            ("GET", ["blueprints"]) => {
                list(t.blueprints.iter().map(to_value).collect(), c.list, &SEARCH)
            }
            ("GET", ["blueprints", id]) => get_one(
                t.blueprints.iter().find(|b| b.id == *id),
                "Blueprint",
                id,
                c.list,
            ),
            ("PUT", ["blueprints", id]) => upload(t, c, id, &by, false),
            ("PUT", ["blueprints", id, "validate"]) => upload(t, c, id, &by, true),
            ("DELETE", ["blueprints", id]) => delete(t, id, c.query.get("force") == Some("true")),
            ("GET", ["blueprints", id, "archive"]) => download(t, id),
            ("PATCH", ["blueprints", id, "set-visibility"]) => set_visibility(t, c, id),
            ("PATCH", ["blueprints", id, "icon"]) => set_icon(t, c, id),
            ("PATCH", ["blueprints", id]) => update(t, c, id, &by),
            _ => method_not_allowed(),
        }
    }))
}

/// Moves asynchronous uploads through the upload workflow's states, one a second:
/// uploading → extracting → parsing → uploaded, or to the failed state chosen at upload.
fn advance(t: &mut TenantData, now: NaiveDateTime) {
    for b in t.blueprints.iter_mut() {
        let running = matches!(
            b.state,
            Some(
                BlueprintState::Pending
                    | BlueprintState::Uploading
                    | BlueprintState::Extracting
                    | BlueprintState::Parsing
            )
        );
        if !running {
            continue;
        }
        let started = b.created_at.map(|t| t.0).unwrap_or(now);
        let elapsed = (now - started).num_milliseconds();
        let step = (elapsed / (UPLOAD_SECONDS * 1000 / 3)).clamp(0, 3);
        let outcome = t.blueprint_outcomes.iter().find(|(id, _, _)| *id == b.id);
        // The step at which the upload fails, if it does.
        let fails_at = outcome.map(|(_, s, _)| match s {
            BlueprintState::FailedUploading => 0,
            BlueprintState::FailedExtracting => 1,
            _ => 2,
        });
        let (state, error) = match fails_at {
            Some(f) if step > f => match outcome {
                Some((_, s, e)) => (s.clone(), Some(e.clone())),
                None => continue,
            },
            _ => (
                match step {
                    0 => BlueprintState::Uploading,
                    1 => BlueprintState::Extracting,
                    2 => BlueprintState::Parsing,
                    _ => BlueprintState::Uploaded,
                },
                None,
            ),
        };
        if b.state.as_ref() != Some(&state) {
            let ended = state == BlueprintState::Uploaded || state.is_failure();
            if ended {
                let at = started + Duration::seconds(UPLOAD_SECONDS);
                b.updated_at = Some(Timestamp(at.min(now)));
                if let Some(exec) = b.upload_execution.as_mut() {
                    exec["status"] = json!(if state.is_failure() {
                        "failed"
                    } else {
                        "terminated"
                    });
                    exec["error"] = json!(error.clone().unwrap_or_default());
                }
                if !state.is_failure() {
                    b.plan = b
                        .plan
                        .take()
                        .or_else(|| Some(super::data::blueprint_plan(&b.id, false)));
                }
            }
            b.error = error;
            b.state = Some(state);
        }
    }
    let blueprints = &t.blueprints;
    t.blueprint_outcomes.retain(|(id, _, _)| {
        blueprints.iter().any(|b| {
            b.id == *id
                && matches!(
                    b.state,
                    Some(
                        BlueprintState::Uploading
                            | BlueprintState::Extracting
                            | BlueprintState::Parsing
                    )
                )
        })
    });
}

/// How the upload workflow will end for this archive: `None` when it will succeed.
fn predicted_failure(archive: Option<&[u8]>, main_file: &str) -> Option<(BlueprintState, String)> {
    let archive = archive?;
    if !is_archive(archive) {
        return Some((
            BlueprintState::FailedExtracting,
            "Failed extracting the blueprint archive: it is not a zip, tar, tar.gz or tar.bz2 archive".into(),
        ));
    }
    // Archives the core can list (zip, tar) are checked for the main file, like the parser.
    let files = baton_core::archive::list_files(archive).ok()?;
    let yamls = baton_core::archive::yaml_candidates(&files);
    (!yamls.iter().any(|f| f == main_file)).then(|| {
        (
            BlueprintState::FailedParsing,
            format!(
                "Invalid blueprint - Application file {main_file} does not exist in the blueprint archive (YAML files found: {})",
                if yamls.is_empty() { "none".to_string() } else { yamls.join(", ") }
            ),
        )
    })
}

/// What an upload or validate request asks for.
struct UploadRequest {
    params: Map<String, Value>,
    archive: Option<Vec<u8>>,
}

/// Reads the form (`params` + `blueprint_archive`), or the legacy query-string form.
fn read_upload(c: &Ctx) -> Result<UploadRequest, Reply> {
    let ct = c
        .req
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if ct.starts_with("multipart/form-data") {
        let form = MultipartBody::parse(ct, c.req.body())
            .map_err(|e| error(400, "bad_parameters_error", &e.to_string()))?;
        let params = match form.part("params") {
            Some(p) => serde_json::from_slice::<Value>(&p.data)
                .ok()
                .and_then(|v| v.as_object().cloned())
                .ok_or_else(|| {
                    error(
                        400,
                        "bad_parameters_error",
                        "The `params` field must be a JSON object",
                    )
                })?,
            None => Map::new(),
        };
        let archive = form.part("blueprint_archive").map(|p| p.data.clone());
        return Ok(UploadRequest { params, archive });
    }
    // Older clients: parameters in the query string, the archive as the whole body.
    let mut params = Map::new();
    for key in [
        "blueprint_archive_url",
        "application_file_name",
        "visibility",
    ] {
        if let Some(v) = c.query.get(key) {
            params.insert(key.into(), Value::String(v.into()));
        }
    }
    let body = c.req.body();
    Ok(UploadRequest {
        params,
        archive: (!body.is_empty()).then(|| body.clone()),
    })
}

fn upload(t: &mut TenantData, c: &Ctx, id: &str, by: &str, validate_only: bool) -> Reply {
    if let Err(r) = check_id("blueprint_id", id) {
        return r;
    }
    let req = match read_upload(c) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let p = &req.params;
    let url = p
        .get("blueprint_archive_url")
        .and_then(Value::as_str)
        .filter(|u| !u.is_empty());
    match (url, &req.archive) {
        (None, None) => {
            return error(
                400,
                "upload_missing_file",
                "Missing blueprint archive: send a `blueprint_archive` file or a `blueprint_archive_url`",
            )
        }
        (Some(_), Some(_)) => {
            return error(
                400,
                "bad_parameters_error",
                "Can pass either a blueprint archive or `blueprint_archive_url`, not both",
            )
        }
        _ => {}
    }
    let visibility = p
        .get("visibility")
        .and_then(Value::as_str)
        .unwrap_or("tenant");
    if let Err(r) = check_visibility(visibility, true) {
        return r;
    }
    // The Python client sends labels in params as `{key, value}` objects.
    let raw_labels = p.get("labels").map(|ls| match ls {
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|l| match (l.get("key"), l.get("value")) {
                    (Some(Value::String(k)), Some(v)) => json!({ k.clone(): v.clone() }),
                    _ => l.clone(),
                })
                .collect(),
        ),
        other => other.clone(),
    });
    let labels = match parse_labels(raw_labels.as_ref()) {
        Ok(l) => l,
        Err(r) => return r,
    };
    let main_file = p
        .get("application_file_name")
        .and_then(Value::as_str)
        .map(|f| {
            percent_encoding::percent_decode_str(f)
                .decode_utf8_lossy()
                .into_owned()
        })
        .unwrap_or_else(|| "blueprint.yaml".into());
    let extract_error = req.archive.as_deref().filter(|a| !is_archive(a)).map(|_| {
        "Failed extracting the blueprint archive: it is not a zip, tar, tar.gz or tar.bz2 archive"
            .to_string()
    });
    let now = c.now;
    if validate_only {
        let status = if extract_error.is_some() {
            "failed"
        } else {
            "terminated"
        };
        let exec_id = fresh_id(&format!("validate|{id}|{now}"));
        return Reply::json(
            201,
            json!({"id": exec_id, "workflow_id": "upload_blueprint", "blueprint_id": id,
                   "deployment_id": null, "status": status, "status_display": status,
                   "error": extract_error.unwrap_or_default(), "is_system_workflow": true,
                   "created_at": Timestamp(now).to_wire(), "created_by": by,
                   "parameters": {"blueprint_id": id, "app_file_name": main_file,
                                  "validate_only": true}}),
        );
    }
    if t.blueprints.iter().any(|b| b.id == id) {
        return error(
            409,
            "conflict_error",
            &format!("blueprint with id `{id}` already exists"),
        );
    }
    let async_upload = p
        .get("async_upload")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    // An asynchronous upload answers at once and fails, if it does, in a later state;
    // a synchronous one answers once the upload workflow ended.
    let failure = predicted_failure(req.archive.as_deref(), &main_file);
    let (state, done_at) = match (&extract_error, async_upload) {
        (_, true) => (BlueprintState::Uploading, now),
        (Some(_), false) => (BlueprintState::FailedExtracting, now),
        (None, false) => (BlueprintState::Uploaded, now),
    };
    let extract_error = extract_error.filter(|_| !async_upload);
    t.blueprint_outcomes.retain(|(b, _, _)| b != id);
    if async_upload {
        if let Some((s, e)) = failure {
            t.blueprint_outcomes.push((id.to_string(), s, e));
        }
    }
    let bp = Blueprint {
        id: id.to_string(),
        description: Some(format!("Uploaded as {main_file}.")),
        main_file_name: Some(main_file.clone()),
        state: Some(state.clone()),
        error: extract_error.clone(),
        visibility: Some(Visibility::from(visibility)),
        resource_availability: Some(Visibility::from(visibility)),
        private_resource: Some(visibility == "private"),
        is_hidden: Some(false),
        tenant_name: Some(t.name.clone()),
        created_by: Some(by.to_string()),
        created_at: Some(Timestamp(now)),
        updated_at: Some(Timestamp(done_at)),
        labels: Some(merge_labels(&[], labels, now, by)),
        // The plan exists once parsing ends.
        plan: (state == BlueprintState::Uploaded).then(|| super::data::blueprint_plan(id, false)),
        upload_execution: Some(json!({"id": fresh_id(&format!("upload|{id}|{now}")),
                                       "workflow_id": "upload_blueprint",
                                       "status": if async_upload { "started" } else { "terminated" }})),
        ..Blueprint::default()
    };
    let archive = req.archive.unwrap_or_else(|| demo_archive(id, &main_file));
    t.blueprint_archives.retain(|(b, _)| b != id);
    t.blueprint_archives.push((id.to_string(), archive));
    let reply = Reply::json(201, to_value(&bp));
    t.blueprints.push(bp);
    if let Some(msg) = extract_error {
        return error(
            400,
            "invalid_blueprint_error",
            &format!("Invalid blueprint - {msg}"),
        );
    }
    reply
}

/// The archive a blueprint without an uploaded one downloads as.
fn demo_archive(id: &str, main_file: &str) -> Vec<u8> {
    let yaml = format!(
        "tosca_definitions_version: cloudify_dsl_1_5\n\ndescription: Demo blueprint {id}.\n\n\
         imports:\n  - cloudify/types/types.yaml\n\ninputs:\n  region:\n    type: string\n  \
         port:\n    type: integer\n    default: 8080\n\nnode_templates:\n  vm:\n    type: \
         cloudify.nodes.Compute\n  app:\n    type: cloudify.nodes.WebServer\n    relationships:\n      \
         - type: cloudify.relationships.contained_in\n        target: vm\n"
    );
    tar_gz(id, &[(main_file, yaml.as_bytes())])
}

fn download(t: &TenantData, id: &str) -> Reply {
    let Some(bp) = t.blueprints.iter().find(|b| b.id == id) else {
        return not_found("Blueprint", id);
    };
    match t.blueprint_archives.iter().find(|(b, _)| b == id) {
        Some((_, bytes)) => Reply::bytes(200, "application/octet-stream", bytes.clone()),
        None => Reply::bytes(
            200,
            "application/octet-stream",
            demo_archive(id, bp.main_file_name.as_deref().unwrap_or("blueprint.yaml")),
        ),
    }
}

fn delete(t: &mut TenantData, id: &str, force: bool) -> Reply {
    if !t.blueprints.iter().any(|b| b.id == id) {
        return not_found("Blueprint", id);
    }
    // Like the manager: blueprints importing this one block it unless forced, checked first.
    let importer = t.blueprints.iter().find(|b| {
        b.plan
            .as_ref()
            .and_then(|p| p.get("imported_blueprints"))
            .and_then(Value::as_array)
            .is_some_and(|ids| ids.iter().any(|i| i.as_str() == Some(id)))
    });
    if let (Some(b), false) = (importer, force) {
        return error(
            405,
            "blueprint_in_use",
            &format!(
                "Blueprint {id} is currently in use by blueprint {}. In order to delete the blueprint, use the force flag",
                b.id
            ),
        );
    }
    let users: Vec<&str> = t
        .deployments
        .iter()
        .filter(|d| d.blueprint_id.as_deref() == Some(id))
        .map(|d| d.id.as_str())
        .collect();
    if !users.is_empty() {
        return error(
            400,
            "dependent_exists_error",
            &format!(
                "Can't delete blueprint {id} - There exist deployments for this blueprint; Deployments ids: {}",
                users.join(",")
            ),
        );
    }
    t.blueprints.retain(|b| b.id != id);
    t.blueprint_archives.retain(|(b, _)| b != id);
    t.blueprint_icons.retain(|(b, _)| b != id);
    Reply::json(204, Value::Null)
}

fn set_visibility(t: &mut TenantData, c: &Ctx, id: &str) -> Reply {
    let v = match requested_visibility(c) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let v = v.as_str();
    let Some(bp) = t.blueprints.iter_mut().find(|b| b.id == id) else {
        return not_found("Blueprint", id);
    };
    let current = bp
        .visibility
        .as_ref()
        .map_or("tenant", |v| v.as_str())
        .to_string();
    if visibility_rank(v) < visibility_rank(&current) {
        return error(
            400,
            "illegal_action_error",
            &format!(
                "Can't set the visibility of `{id}` to {v} because it already has wider visibility: {current}"
            ),
        );
    }
    bp.visibility = Some(Visibility::from(v));
    bp.resource_availability = Some(Visibility::from(v));
    bp.updated_at = Some(Timestamp(c.now));
    Reply::json(200, to_value(bp))
}

fn set_icon(t: &mut TenantData, c: &Ctx, id: &str) -> Reply {
    let Some(bp) = t.blueprints.iter_mut().find(|b| b.id == id) else {
        return not_found("Blueprint", id);
    };
    bp.updated_at = Some(Timestamp(c.now));
    let reply = Reply::json(200, to_value(bp));
    t.blueprint_icons.retain(|(b, _)| b != id);
    let body = c.req.body();
    if !body.is_empty() {
        t.blueprint_icons.push((id.to_string(), body.clone()));
    }
    reply
}

fn update(t: &mut TenantData, c: &Ctx, id: &str, by: &str) -> Reply {
    let body = match c.json() {
        Ok(b) => b,
        Err(r) => return r,
    };
    let labels = match body.get("labels").map(|l| parse_labels(Some(l))) {
        Some(Ok(l)) => Some(l),
        Some(Err(r)) => return r,
        None => None,
    };
    let Some(bp) = t.blueprints.iter_mut().find(|b| b.id == id) else {
        return not_found("Blueprint", id);
    };
    if let Some(new) = labels {
        let old = bp.labels.take().unwrap_or_default();
        bp.labels = Some(merge_labels(&old, new, c.now, by));
        bp.updated_at = Some(Timestamp(c.now));
    }
    match body.get("description") {
        Some(Value::String(d)) => {
            bp.description = Some(d.clone());
            bp.updated_at = Some(Timestamp(c.now));
        }
        Some(Value::Null) | None => {}
        Some(_) => return error(400, "bad_parameters_error", "description must be a string"),
    }
    Reply::json(200, project(to_value(bp), &c.list.include))
}
