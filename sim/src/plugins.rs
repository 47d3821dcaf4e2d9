//! `/plugins`, `/plugins/upload` and `/plugins-updates`.

use serde_json::{Map, Value};

use baton_core::conductor::plugins::{plan_uses, Plugin, PluginsUpdate};
use baton_core::conductor::resources::Ownership;
use baton_core::conductor::Visibility;
use baton_core::multipart::MultipartBody;
use baton_core::time::Timestamp;

use super::executions::new_id;
use super::list::{list, ListSpec};
use super::reply::{error, not_found};
use super::{get_one, method_not_allowed, to_value, Ctx, DemoManager, Reply, TenantData};

const SEARCH: ListSpec = ListSpec {
    search_fields: &["package_name", "id"],
    search_name_field: None,
};

pub(super) fn route(m: &mut DemoManager, c: &Ctx) -> Option<Reply> {
    let user = m.users[c.caller.user].username.clone();
    Some(match (c.method.as_str(), c.segs) {
        ("GET", ["plugins"]) => m.in_tenant(c, |t| {
            list(t.plugins.iter().map(to_value).collect(), c.list, &SEARCH)
        }),
        ("POST", ["plugins"]) => m.in_tenant(c, |t| upload_archive(t, c, &user)),
        ("POST", ["plugins", "upload"]) => m.in_tenant(c, |t| upload_files(t, c, &user)),
        ("GET", ["plugins", id]) => m.in_tenant(c, |t| {
            get_one(t.plugins.iter().find(|p| p.id == *id), "Plugin", id, c.list)
        }),
        ("PATCH", ["plugins", id]) => match c.json() {
            Ok(body) => m.in_tenant(c, |t| {
                let Some(p) = t.plugins.iter_mut().find(|p| p.id == *id) else {
                    return not_found("Plugin", id);
                };
                if let Some(owner) = body.get("creator").and_then(Value::as_str) {
                    p.owner.created_by = Some(owner.to_string());
                }
                for (key, slot) in [
                    ("blueprint_labels", &mut p.blueprint_labels),
                    ("labels", &mut p.labels),
                    ("resource_tags", &mut p.resource_tags),
                ] {
                    if let Some(v) = body.get(key).filter(|v| !v.is_null()) {
                        *slot = Some(v.clone());
                    }
                }
                Reply::json(200, to_value(&*p))
            }),
            Err(r) => r,
        },
        ("DELETE", ["plugins", id]) => m.in_tenant(c, |t| {
            // The body (`{"force": true}`) is optional; without it the plugin is checked.
            let force = c
                .json()
                .ok()
                .and_then(|b| b.get("force").and_then(Value::as_bool))
                .unwrap_or(false);
            if let (false, Some(p)) = (force, t.plugins.iter().find(|p| p.id == *id)) {
                let (name, version) = (
                    p.package_name.clone().unwrap_or_default(),
                    p.package_version.clone().unwrap_or_default(),
                );
                let users: Vec<&str> = t
                    .blueprints
                    .iter()
                    .filter(|b| b.plan.as_ref().is_some_and(|plan| plan_uses(plan, &name, &version)))
                    .map(|b| b.id.as_str())
                    .collect();
                if !users.is_empty() {
                    // The real manager's refusal, word for word.
                    return error(
                        405,
                        "plugin_in_use",
                        &format!(
                            "Plugin \"{id}\" is currently in use in blueprints: {}. You can \"force\" plugin removal if needed.",
                            users.join(", ")
                        ),
                    );
                }
            }
            let before = t.plugins.len();
            t.plugins.retain(|p| p.id != *id);
            if t.plugins.len() == before {
                return not_found("Plugin", id);
            }
            Reply::json(204, Value::Null)
        }),
        ("GET", ["plugins", id, "archive"]) => {
            m.in_tenant(c, |t| match t.plugins.iter().find(|p| p.id == *id) {
                Some(p) => {
                    let mut bytes = b"PK\x03\x04".to_vec();
                    bytes.extend_from_slice(
                        p.archive_name.as_deref().unwrap_or("plugin.wgn").as_bytes(),
                    );
                    Reply::bytes(200, "application/octet-stream", bytes)
                }
                None => not_found("Plugin", id),
            })
        }
        ("PATCH", ["plugins", id, "set-visibility"]) => match c.json() {
            Ok(body) => m.in_tenant(c, |t| set_visibility(t, id, &body)),
            Err(r) => r,
        },
        (_, ["plugins"] | ["plugins", _] | ["plugins", _, "archive" | "set-visibility"]) => {
            method_not_allowed()
        }
        ("GET", ["plugins-updates"]) => m.in_tenant(c, |t| {
            list(
                t.plugins_updates.iter().map(to_value).collect(),
                c.list,
                &ListSpec {
                    search_fields: &["id", "blueprint_id"],
                    search_name_field: None,
                },
            )
        }),
        ("GET", ["plugins-updates", id]) => m.in_tenant(c, |t| {
            get_one(
                t.plugins_updates.iter().find(|u| u.id == *id),
                "PluginsUpdate",
                id,
                c.list,
            )
        }),
        ("POST", ["plugins-updates", bp, "update", "initiate"]) => match c.json() {
            Ok(body) => m.in_tenant(c, |t| initiate_update(t, bp, &body, &user, c)),
            Err(r) => r,
        },
        (
            _,
            ["plugins-updates"]
            | ["plugins-updates", _]
            | ["plugins-updates", _, "update", "initiate"],
        ) => method_not_allowed(),
        _ => return None,
    })
}

/// Reads `cloudify_aws_plugin-3.2.1-py311-none-linux_x86_64.wgn`.
fn from_wagon_name(file: &str) -> (String, String, String) {
    let stem = file.rsplit('/').next().unwrap_or(file);
    let stem = stem.trim_end_matches(".wgn").trim_end_matches(".zip");
    let mut parts = stem.split('-');
    let name = parts.next().unwrap_or("plugin").replace('_', "-");
    let version = parts.next().unwrap_or("1.0.0").to_string();
    let platform = parts.next_back().unwrap_or("any").to_string();
    (name, version, platform)
}

fn new_plugin(
    t: &mut TenantData,
    archive: &str,
    title: Option<&str>,
    visibility: Option<Visibility>,
    user: &str,
    c: &Ctx,
) -> Reply {
    let (name, version, platform) = from_wagon_name(archive);
    if t.plugins.iter().any(|p| {
        p.package_name.as_deref() == Some(&name) && p.package_version.as_deref() == Some(&version)
    }) {
        return error(
            409,
            "conflict_error",
            &format!("Plugin `{name}` version `{version}` already exists"),
        );
    }
    let id = new_id(t);
    let p = Plugin {
        id,
        package_name: Some(name.clone()),
        package_version: Some(version),
        supported_platform: Some(platform),
        distribution: None,
        title: Some(title.unwrap_or(&name).to_string()),
        uploaded_at: Some(Timestamp(c.now)),
        archive_name: Some(archive.rsplit('/').next().unwrap_or(archive).to_string()),
        package_source: Some(name),
        wheels: Some(Vec::new()),
        excluded_wheels: Some(Vec::new()),
        supported_py_versions: Some(vec!["py311".into()]),
        installation_state: Some(Vec::new()),
        blueprint_labels: Some(Value::Object(Map::new())),
        labels: Some(Value::Object(Map::new())),
        resource_tags: Some(Value::Object(Map::new())),
        owner: Ownership {
            visibility: Some(visibility.clone().unwrap_or(Visibility::Tenant)),
            resource_availability: Some(visibility.unwrap_or(Visibility::Tenant)),
            private_resource: Some(false),
            tenant_name: Some(t.name.clone()),
            created_by: Some(user.to_string()),
            created_at: Some(Timestamp(c.now)),
            updated_at: None,
        },
        ..Plugin::default()
    };
    t.plugins.push(p.clone());
    Reply::json(201, to_value(&p))
}

fn visibility_param(c: &Ctx) -> Result<Option<Visibility>, Reply> {
    match c.query.get("visibility") {
        None | Some("") => Ok(None),
        Some(v) => match Visibility::from(v) {
            Visibility::Other(o) => Err(error(
                400,
                "bad_parameters_error",
                &format!("Invalid visibility: `{o}`. Valid visibility's values are: private, tenant, global"),
            )),
            ok => Ok(Some(ok)),
        },
    }
}

fn upload_archive(t: &mut TenantData, c: &Ctx, user: &str) -> Reply {
    let visibility = match visibility_param(c) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let title = c.query.get("title");
    if let Some(url) = c.query.get("plugin_archive_url") {
        return new_plugin(t, url, title, visibility, user, c);
    }
    if c.req.body().is_empty() {
        return error(
            400,
            "upload_missing_file",
            "Missing plugin archive: send the archive or plugin_archive_url",
        );
    }
    let archive = format!(
        "{}-1.0.0-py311-none-any.wgn",
        title.unwrap_or("uploaded_plugin").replace(' ', "_")
    );
    new_plugin(t, &archive, title, visibility, user, c)
}

fn upload_files(t: &mut TenantData, c: &Ctx, user: &str) -> Reply {
    let visibility = match visibility_param(c) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let ct = c
        .req
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let form = if c.req.body().is_empty() {
        None
    } else {
        match MultipartBody::parse(ct, c.req.body()) {
            Ok(f) => Some(f),
            Err(e) => return error(400, "bad_parameters_error", &format!("Invalid upload: {e}")),
        }
    };
    let file = |name: &str| -> Option<String> {
        form.as_ref()
            .and_then(|f| f.part(&format!("{name}_file")))
            .map(|p| p.filename.clone().unwrap_or_else(|| format!("{name}.bin")))
            .or_else(|| {
                c.query
                    .get(&format!("{name}Url"))
                    .filter(|u| !u.is_empty())
                    .map(String::from)
            })
    };
    let Some(wagon) = file("wagon") else {
        return error(
            400,
            "upload_missing_file",
            "Missing the wagon: send wagon_file or wagonUrl",
        );
    };
    if file("yaml").is_none() {
        return error(
            400,
            "upload_missing_file",
            "Missing the plugin YAML: send yaml_file or yamlUrl",
        );
    }
    new_plugin(t, &wagon, c.query.get("title"), visibility, user, c)
}

fn rank(v: &Visibility) -> u8 {
    match v {
        Visibility::Private => 0,
        Visibility::Tenant => 1,
        _ => 2,
    }
}

fn set_visibility(t: &mut TenantData, id: &str, body: &Value) -> Reply {
    let Some(p) = t.plugins.iter_mut().find(|p| p.id == id) else {
        return not_found("Plugin", id);
    };
    let wanted = match body
        .get("visibility")
        .and_then(Value::as_str)
        .map(Visibility::from)
    {
        Some(v @ (Visibility::Tenant | Visibility::Global)) => v,
        other => {
            let shown = other.map(|v| v.to_string()).unwrap_or_default();
            return error(
                400,
                "bad_parameters_error",
                &format!(
                    "Invalid visibility: `{shown}`. Valid visibility's values are: tenant, global"
                ),
            );
        }
    };
    let current = p.owner.visibility.clone().unwrap_or(Visibility::Tenant);
    if rank(&wanted) < rank(&current) {
        return error(
            400,
            "illegal_action_error",
            &format!("Can't set the visibility of `Plugin` with ID `{id}` to {wanted} because it already has wider visibility ({current})"),
        );
    }
    p.owner.visibility = Some(wanted.clone());
    p.owner.resource_availability = Some(wanted);
    Reply::json(200, to_value(&*p))
}

fn initiate_update(t: &mut TenantData, bp: &str, body: &Value, user: &str, c: &Ctx) -> Reply {
    if !t.blueprints.iter().any(|b| b.id == bp) {
        return not_found("Blueprint", bp);
    }
    let deps: Vec<String> = t
        .deployments
        .iter()
        .filter(|d| d.blueprint_id.as_deref() == Some(bp))
        .map(|d| d.id.clone())
        .collect();
    let id = new_id(t);
    let u = PluginsUpdate {
        id,
        state: Some(
            if deps.is_empty() {
                "no_changes_required"
            } else {
                "successful"
            }
            .into(),
        ),
        blueprint_id: Some(bp.to_string()),
        temp_blueprint_id: None,
        execution_id: None,
        deployments_to_update: Some(deps.clone()),
        forced: Some(body.get("force").and_then(Value::as_bool).unwrap_or(false)),
        affected_deployments: Some(deps),
        created_at: Some(Timestamp(c.now)),
        created_by: Some(user.to_string()),
        tenant_name: Some(t.name.clone()),
        visibility: Some(Visibility::Tenant),
        resource_availability: Some(Visibility::Tenant),
        private_resource: Some(false),
        ..PluginsUpdate::default()
    };
    t.plugins_updates.push(u.clone());
    Reply::json(200, to_value(&u))
}
