//! Synthetic logs for measuring the console at scale: an execution started with the custom
//! parameter `synthetic_lines: N` answers `GET /events?execution_id=<it>` with N computed
//! lines (events and logs, one failure two thirds in, with realistic `error_causes`) instead
//! of stored ones, so a million lines cost no memory. Line `k` is always the same line.

use chrono::{Duration, NaiveDateTime};
use serde_json::{json, Value};

use baton_core::conductor::executions::Execution;
use baton_core::conductor::resources::Event;
use baton_core::time::Timestamp;

use super::events::like;

/// The most lines one synthetic execution may have.
pub const MAX_LINES: u64 = 5_000_000;

/// How many synthetic lines `e` has (0 when it is an ordinary execution).
pub fn lines_of(e: &Execution) -> u64 {
    e.parameters
        .as_ref()
        .and_then(|p| p.get("synthetic_lines"))
        .and_then(Value::as_u64)
        .unwrap_or(0)
        .min(MAX_LINES)
}

const INSTANCES: &[(&str, &str)] = &[
    ("network", "network_4f1c2a"),
    ("vm", "vm_9b7d31"),
    ("vm", "vm_0c55e8"),
    ("app", "app_71e0d4"),
];

const PHRASES: &[&str] = &[
    "Unpacking package",
    "Setting up service unit",
    "Waiting for cloud-init to finish",
    "Downloading artifact chunk",
    "Applying configuration template",
    "Health probe answered 200 OK",
    "Rotating credentials for agent",
    "Syncing state with the manager",
];

/// The cheap facts of line `k`, to filter without building it.
#[derive(Clone, Copy)]
struct Head {
    is_log: bool,
    level: &'static str,
    event_type: &'static str,
    at: NaiveDateTime,
}

fn head(k: u64, n: u64, start: NaiveDateTime) -> Head {
    let at = start + Duration::milliseconds(k as i64);
    let fail_at = n * 2 / 3;
    if n > 2 && k == fail_at {
        return Head {
            is_log: true,
            level: "error",
            event_type: "",
            at,
        };
    }
    if n > 2 && k == fail_at + 1 {
        return Head {
            is_log: false,
            level: "",
            event_type: "task_failed",
            at,
        };
    }
    if k.is_multiple_of(25) {
        let t = if (k / 25).is_multiple_of(2) {
            "task_started"
        } else {
            "task_succeeded"
        };
        return Head {
            is_log: false,
            level: "",
            event_type: t,
            at,
        };
    }
    let level = if k.is_multiple_of(997) {
        "warning"
    } else if k % 10 == 3 {
        "debug"
    } else {
        "info"
    };
    Head {
        is_log: true,
        level,
        event_type: "",
        at,
    }
}

fn line(e: &Execution, k: u64, n: u64, start: NaiveDateTime) -> Event {
    let h = head(k, n, start);
    let (node, instance) = INSTANCES[(k / 250) as usize % INSTANCES.len()];
    let op = ["create", "configure", "start"][(k / 1000) as usize % 3];
    let message = match (h.is_log, h.level, h.event_type) {
        (true, "error", _) => format!("[{instance}] Command failed with exit code 2: systemctl start app.service"),
        (false, _, "task_failed") => format!(
            "Task failed 'script_runner.tasks.run' -> Command failed with exit code 2: systemctl start app.service [{instance}]"
        ),
        (false, _, t) => format!("{} 'script_runner.tasks.run' [{instance}]", t.replace('_', " ")),
        _ => format!(
            "[{instance}] {} {} of {n} ({} ms)",
            PHRASES[(k % PHRASES.len() as u64) as usize],
            k + 1,
            (k * 37) % 900
        ),
    };
    let mut ev = Event {
        kind: Some(
            if h.is_log {
                "cloudify_log"
            } else {
                "cloudify_event"
            }
            .into(),
        ),
        event_type: (!h.is_log).then(|| h.event_type.to_string()),
        level: h.is_log.then(|| h.level.to_string()),
        message: Some(message),
        timestamp: Some(Timestamp(h.at)),
        reported_timestamp: Some(Timestamp(h.at)),
        execution_id: Some(e.id.clone()),
        deployment_id: e.deployment_id.clone(),
        blueprint_id: e.blueprint_id.clone(),
        workflow_id: e.workflow_id.clone(),
        node_name: Some(node.into()),
        node_instance_id: Some(instance.into()),
        operation: Some(format!("cloudify.interfaces.lifecycle.{op}")),
        manager_name: Some("demo-manager".into()),
        // Far above stored ids, and stable per line.
        storage_id: Some(1_000_000_000 + k),
        ..Event::default()
    };
    if h.event_type == "task_failed" {
        ev.error_causes = Some(failure_causes(instance));
    }
    ev
}

/// What a failed script operation reports: the error raised, then the process error under it.
pub fn failure_causes(instance: &str) -> Vec<Value> {
    vec![
        json!({
            "type": "NonRecoverableError",
            "message": "Job for app.service failed because the control process exited with error code. See \"systemctl status app.service\" and \"journalctl -xe\" for details.",
            "traceback": "Traceback (most recent call last):\n  File \"/opt/mgmtworker/env/lib/python3.11/site-packages/cloudify/dispatch.py\", line 1098, in main\n    payload = handler.handle()\n  File \"/opt/mgmtworker/env/lib/python3.11/site-packages/cloudify/dispatch.py\", line 637, in handle\n    result = self._run_operation_func(ctx, kwargs)\ncloudify.exceptions.NonRecoverableError: Job for app.service failed\n",
        }),
        json!({
            "type": "ProcessException",
            "message": format!("Command failed with exit code 2: systemctl start app.service on {instance}"),
            "traceback": "Traceback (most recent call last):\n  File \"/opt/mgmtworker/env/lib/python3.11/site-packages/script_runner/tasks.py\", line 412, in execute\n    process.wait_for_exit()\n  File \"/opt/mgmtworker/env/lib/python3.11/site-packages/script_runner/tasks.py\", line 288, in wait_for_exit\n    raise ProcessException(command, exit_code, stdout, stderr)\nscript_runner.tasks.ProcessException: Command failed with exit code 2\n",
        }),
    ]
}

/// The filters of one `/events` call, as far as synthetic lines support them.
pub struct Ask<'a> {
    pub types: &'a [&'a str],
    pub include_logs: bool,
    pub levels: &'a [&'a str],
    pub event_types: &'a [&'a str],
    pub message: Option<&'a str>,
    pub operation: Option<&'a str>,
    pub node_ids: &'a [&'a str],
    /// `(is reported_timestamp, from, to)`; both time fields are the same here.
    pub ranges: &'a [(NaiveDateTime, NaiveDateTime)],
    pub descending: bool,
    pub offset: u64,
    pub size: u64,
}

/// The lines of a synthetic execution that match, one page of them, and the total.
pub fn answer(e: &Execution, ask: &Ask) -> (Vec<Event>, u64) {
    let n = lines_of(e);
    let start = e
        .started_at
        .or(e.created_at)
        .map(|t| t.0)
        .unwrap_or_default();
    let needs_text = ask.message.is_some() || ask.operation.is_some() || !ask.node_ids.is_empty();
    let keep = |k: u64| -> bool {
        let h = head(k, n, start);
        let kind_ok = if !ask.types.is_empty() {
            ask.types.contains(&if h.is_log {
                "cloudify_log"
            } else {
                "cloudify_event"
            })
        } else {
            !h.is_log || ask.include_logs
        };
        let by_type = if h.is_log {
            (ask.event_types.is_empty() || !ask.levels.is_empty())
                && (ask.levels.is_empty() || ask.levels.contains(&h.level))
        } else {
            (ask.levels.is_empty() || !ask.event_types.is_empty())
                && (ask.event_types.is_empty() || ask.event_types.contains(&h.event_type))
        };
        let range_ok = ask.ranges.iter().all(|(f, t)| h.at >= *f && h.at <= *t);
        if !(kind_ok && by_type && range_ok) {
            return false;
        }
        if !needs_text {
            return true;
        }
        let l = line(e, k, n, start);
        ask.message
            .is_none_or(|p| l.message.as_deref().is_some_and(|m| like(p, m)))
            && ask
                .operation
                .is_none_or(|p| l.operation.as_deref().is_some_and(|o| like(p, o)))
            && (ask.node_ids.is_empty()
                || l.node_name
                    .as_deref()
                    .is_some_and(|x| ask.node_ids.contains(&x)))
    };
    let mut total = 0u64;
    let mut page = Vec::new();
    let order: Box<dyn Iterator<Item = u64>> = if ask.descending {
        Box::new((0..n).rev())
    } else {
        Box::new(0..n)
    };
    for k in order {
        if keep(k) {
            if total >= ask.offset && (page.len() as u64) < ask.size {
                page.push(line(e, k, n, start));
            }
            total += 1;
        }
    }
    (page, total)
}
