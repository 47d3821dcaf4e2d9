//! `/snapshots` and `/snapshot-status`. Creating or restoring runs a system workflow in the
//! caller's tenant; a snapshot is `created` once its `create_snapshot` execution terminated.
//! Restoring does not replace the demo data.

use chrono::NaiveDateTime;
use serde_json::{json, Map, Value};

use baton_core::conductor::executions::{Execution, ExecutionStatus};
use baton_core::conductor::snapshots::{Snapshot, SnapshotStatus, NO_RESTORE_RUNNING};
use baton_core::conductor::Visibility;
use baton_core::time::Timestamp;

use super::executions::{advance_tenant, insert, new_id, plan, NewExec};
use super::list::{list, ListSpec};
use super::reply::{error, not_found};
use super::schedules::validate_id;
use super::{method_not_allowed, to_value, Ctx, DemoManager, Reply};

/// A stored snapshot and the execution that makes it.
#[derive(Clone, Debug)]
pub struct SnapshotRecord {
    pub snapshot: Snapshot,
    pub tenant: String,
    pub execution_id: Option<String>,
    pub archive: Option<Vec<u8>>,
}

const SEARCH: ListSpec = ListSpec {
    search_fields: &["id"],
    search_name_field: None,
};

/// The snapshot as it is at `now`.
fn render(m: &mut DemoManager, i: usize, now: NaiveDateTime) -> Snapshot {
    let rec = m.snapshots[i].clone();
    let mut s = rec.snapshot;
    if let (Some(exec), Some(t)) = (rec.execution_id, m.tenant_mut(&rec.tenant)) {
        advance_tenant(t, now);
        let st = t
            .executions
            .iter()
            .find(|r| r.exec.id == exec)
            .and_then(|r| r.exec.status.clone());
        s.status = Some(match st {
            Some(ExecutionStatus::Terminated) => SnapshotStatus::Created,
            Some(ExecutionStatus::Failed | ExecutionStatus::Cancelled) => SnapshotStatus::Failed,
            _ => SnapshotStatus::Creating,
        });
    }
    s
}

pub(super) fn route(m: &mut DemoManager, c: &Ctx) -> Option<Reply> {
    Some(match (c.method.as_str(), c.segs) {
        ("GET", ["snapshot-status"]) => {
            let running = m.tenants.iter().any(|t| {
                t.executions.iter().any(|r| {
                    r.exec.workflow_id.as_deref() == Some("restore_snapshot")
                        && r.exec.status.as_ref().is_some_and(|s| !s.is_final())
                })
            });
            let status = if running { "running" } else { NO_RESTORE_RUNNING };
            Reply::json(200, json!({ "status": status }))
        }
        (_, ["snapshot-status"]) => method_not_allowed(),
        (_, ["snapshots", ..]) if m.users[c.caller.user].role != "sys_admin" => error(
            403,
            "forbidden_error",
            &format!(
                "User `{}` is not permitted to perform this action: snapshots are managed by admins",
                m.users[c.caller.user].username
            ),
        ),
        ("GET", ["snapshots"]) => {
            let items = (0..m.snapshots.len())
                .map(|i| to_value(&render(m, i, c.now)))
                .collect();
            list(items, c.list, &SEARCH)
        }
        ("PUT", ["snapshots", id]) => match c.json() {
            Ok(body) => create(m, c, id, &body),
            Err(r) => r,
        },
        ("DELETE", ["snapshots", id]) => {
            let before = m.snapshots.len();
            m.snapshots.retain(|s| s.snapshot.id != *id);
            if m.snapshots.len() == before {
                return Some(not_found("Snapshot", id));
            }
            Reply::json(204, Value::Null)
        }
        ("POST", ["snapshots", id, "restore"]) => match c.json() {
            Ok(body) => restore(m, c, id, &body),
            Err(r) => r,
        },
        ("GET", ["snapshots", id, "archive"]) => match m.snapshots.iter().position(|s| s.snapshot.id == *id) {
            Some(i) => {
                let s = render(m, i, c.now);
                if !matches!(s.status, Some(SnapshotStatus::Created | SnapshotStatus::Uploaded)) {
                    return Some(error(400, "snapshot_action_error", &format!("Snapshot `{id}` is not ready: its status is {}", s.status.map(|s| s.to_string()).unwrap_or_default())));
                }
                let bytes = m.snapshots[i].archive.clone().unwrap_or_else(|| {
                    let mut b = b"PK\x03\x04".to_vec();
                    b.extend_from_slice(format!("snapshot {id}").as_bytes());
                    b
                });
                Reply::bytes(200, "application/octet-stream", bytes)
            }
            None => not_found("Snapshot", id),
        },
        ("PUT", ["snapshots", id, "archive"]) => upload(m, c, id),
        (_, ["snapshots"] | ["snapshots", _] | ["snapshots", _, "restore" | "archive"]) => method_not_allowed(),
        _ => return None,
    })
}

fn new_snapshot(
    m: &DemoManager,
    c: &Ctx,
    id: &str,
    status: SnapshotStatus,
    tenant: &str,
) -> Snapshot {
    Snapshot {
        id: id.to_string(),
        status: Some(status),
        error: Some(String::new()),
        created_at: Some(Timestamp(c.now)),
        created_by: Some(m.users[c.caller.user].username.clone()),
        tenant_name: Some(tenant.to_string()),
        visibility: Some(Visibility::Private),
        resource_availability: Some(Visibility::Private),
        private_resource: Some(true),
        extra: Map::new(),
    }
}

/// Starts a system workflow in the caller's tenant.
fn system_execution(
    m: &mut DemoManager,
    c: &Ctx,
    workflow: &str,
    params: Value,
) -> Result<(String, Execution), Reply> {
    let ti = m.tenant_of(c)?;
    let user = m.users[c.caller.user].username.clone();
    let t = &mut m.tenants[ti];
    let exec = Execution {
        id: new_id(t),
        workflow_id: Some(workflow.to_string()),
        is_system_workflow: Some(true),
        is_dry_run: Some(false),
        parameters: params.as_object().cloned(),
        status: Some(ExecutionStatus::Pending),
        status_display: Some("pending".into()),
        visibility: Some(Visibility::Private),
        tenant_name: Some(t.name.clone()),
        created_by: Some(user),
        created_at: Some(Timestamp(c.now)),
        error: Some(String::new()),
        ..Execution::default()
    };
    let i = insert(
        t,
        NewExec {
            exec,
            plan: plan(workflow, &[]),
            fail: false,
            live: true,
            force: false,
        },
    );
    Ok((t.name.clone(), t.executions[i].exec.clone()))
}

fn create(m: &mut DemoManager, c: &Ctx, id: &str, body: &Value) -> Reply {
    if let Err(r) = validate_id("snapshot_id", id) {
        return r;
    }
    if m.snapshots.iter().any(|s| s.snapshot.id == id) {
        return error(
            409,
            "conflict_error",
            &format!("Snapshot with ID `{id}` already exists"),
        );
    }
    let flag = |k: &str, default: bool| match body.get(k) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
        _ => default,
    };
    let params = json!({
        "snapshot_id": id,
        "include_credentials": flag("include_credentials", false),
        "include_logs": flag("include_logs", true),
        "include_events": flag("include_events", true),
        "queue": flag("queue", false),
    });
    let (tenant, exec) = match system_execution(m, c, "create_snapshot", params) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let snapshot = new_snapshot(m, c, id, SnapshotStatus::Creating, &tenant);
    m.snapshots.push(SnapshotRecord {
        snapshot,
        tenant,
        execution_id: Some(exec.id.clone()),
        archive: None,
    });
    Reply::json(201, to_value(&exec))
}

fn restore(m: &mut DemoManager, c: &Ctx, id: &str, body: &Value) -> Reply {
    let Some(i) = m.snapshots.iter().position(|s| s.snapshot.id == id) else {
        return not_found("Snapshot", id);
    };
    let s = render(m, i, c.now);
    if !matches!(
        s.status,
        Some(SnapshotStatus::Created | SnapshotStatus::Uploaded)
    ) {
        return error(
            400,
            "snapshot_action_error",
            &format!(
                "Snapshot `{id}` cannot be restored: its status is {}",
                s.status.map(|s| s.to_string()).unwrap_or_default()
            ),
        );
    }
    let force = body.get("force").and_then(Value::as_bool).unwrap_or(false);
    let not_empty = m
        .tenants
        .iter()
        .any(|t| !t.deployments.is_empty() || !t.blueprints.is_empty());
    if not_empty && !force {
        return error(
            400,
            "snapshot_action_error",
            "The manager already has blueprints or deployments; restore with force to proceed",
        );
    }
    let mut params = body.as_object().cloned().unwrap_or_default();
    params.insert("snapshot_id".into(), json!(id));
    match system_execution(m, c, "restore_snapshot", Value::Object(params)) {
        Ok((_, exec)) => Reply::json(200, to_value(&exec)),
        Err(r) => r,
    }
}

fn upload(m: &mut DemoManager, c: &Ctx, id: &str) -> Reply {
    if let Err(r) = validate_id("snapshot_id", id) {
        return r;
    }
    if m.snapshots.iter().any(|s| s.snapshot.id == id) {
        return error(
            409,
            "conflict_error",
            &format!("Snapshot with ID `{id}` already exists"),
        );
    }
    let archive = if c
        .query
        .get("snapshot_archive_url")
        .is_some_and(|u| !u.is_empty())
    {
        None
    } else if c.req.body().is_empty() {
        return error(
            400,
            "upload_missing_file",
            "Missing the snapshot archive: send it or snapshot_archive_url",
        );
    } else {
        Some(c.req.body().clone())
    };
    let tenant = m
        .tenant_of(c)
        .map(|i| m.tenants[i].name.clone())
        .unwrap_or_default();
    let snapshot = new_snapshot(m, c, id, SnapshotStatus::Uploaded, &tenant);
    m.snapshots.push(SnapshotRecord {
        snapshot: snapshot.clone(),
        tenant,
        execution_id: None,
        archive,
    });
    Reply::json(201, to_value(&snapshot))
}
