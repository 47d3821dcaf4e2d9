//! The demo manager's live-console fixtures: long chatty workflows, cancels that hang until
//! escalated, and synthetic million-line logs.

use chrono::{Duration, NaiveDate};
use serde_json::json;

use super::*;
use baton_core::conductor::events::{EventFilter, ListEvents};
use baton_core::conductor::executions::*;
use baton_core::endpoint::Endpoint;
use baton_core::error::ApiError;
use baton_core::session::{Credentials, Session};

fn at(secs: i64) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 22)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap()
        + Duration::seconds(secs)
}

fn call<E: Endpoint>(m: &mut DemoManager, secs: i64, e: &E) -> Result<E::Output, ApiError> {
    let s = Session::same_origin()
        .with_tenant("default_tenant")
        .with_credentials(Credentials::Basic {
            username: "admin".into(),
            password: "admin".into(),
        });
    e.parse(m.handle(&e.request(&s), at(secs)))
}

fn idle(m: &DemoManager) -> String {
    m.tenants[0]
        .deployments
        .iter()
        .skip(40)
        .find(|d| {
            d.latest_execution_status == Some(ExecutionStatus::Terminated)
                && d.label("csys-obj-type").is_none()
        })
        .map(|d| d.id.clone())
        .unwrap()
}

fn start(m: &mut DemoManager, params: serde_json::Value) -> Execution {
    let dep = idle(m);
    call(
        m,
        0,
        &StartExecution {
            deployment_id: dep,
            workflow_id: "install".into(),
            parameters: params.as_object().cloned(),
            allow_custom_parameters: true,
            ..StartExecution::default()
        },
    )
    .unwrap()
}

fn status(m: &mut DemoManager, secs: i64, id: &str) -> Option<ExecutionStatus> {
    call(
        m,
        secs,
        &GetExecution {
            id: id.into(),
            include: vec![],
        },
    )
    .unwrap()
    .status
}

fn act(m: &mut DemoManager, secs: i64, id: &str, action: ExecutionAction) {
    call(
        m,
        secs,
        &ExecutionActionRequest {
            id: id.into(),
            action,
        },
    )
    .unwrap();
}

fn of(id: &str) -> EventFilter {
    EventFilter {
        execution_id: vec![id.into()],
        ..EventFilter::default()
    }
}

#[test]
fn a_hanging_cancel_needs_force_cancel_and_a_hanging_force_cancel_needs_kill() {
    let mut m = DemoManager::demo();
    let x = start(&mut m, json!({"hang_on_cancel": "cancel", "step_secs": 60}));
    assert_eq!(status(&mut m, 5, &x.id), Some(ExecutionStatus::Started));
    act(&mut m, 5, &x.id, ExecutionAction::Cancel);
    assert_eq!(
        status(&mut m, 600, &x.id),
        Some(ExecutionStatus::Cancelling)
    );
    act(&mut m, 600, &x.id, ExecutionAction::ForceCancel);
    assert_eq!(status(&mut m, 605, &x.id), Some(ExecutionStatus::Cancelled));

    let mut m = DemoManager::demo();
    let y = start(&mut m, json!({"hang_on_cancel": "force", "step_secs": 60}));
    act(&mut m, 5, &y.id, ExecutionAction::Cancel);
    act(&mut m, 6, &y.id, ExecutionAction::ForceCancel);
    assert_eq!(
        status(&mut m, 600, &y.id),
        Some(ExecutionStatus::ForceCancelling)
    );
    act(&mut m, 600, &y.id, ExecutionAction::Kill);
    assert_eq!(status(&mut m, 605, &y.id), Some(ExecutionStatus::Cancelled));
}

#[test]
fn a_chatty_long_step_writes_its_lines_over_its_run() {
    let mut m = DemoManager::demo();
    let x = start(&mut m, json!({"lines_per_step": 40, "step_secs": 30}));
    let total = x.total_operations.unwrap() as usize;
    // Half-way through the first step nothing of it has finished yet.
    assert_eq!(status(&mut m, 15, &x.id), Some(ExecutionStatus::Started));
    let mut logs = of(&x.id);
    logs.kind = vec!["cloudify_log".into()];
    let done = call(
        &mut m,
        1 + 30 * total as i64 + 1,
        &ListEvents::window(logs, 0, 1),
    )
    .unwrap()
    .pagination()
    .total;
    // One line per step from the plan, plus the chatter.
    assert_eq!(done as usize, total + total * 40);
    assert_eq!(
        status(&mut m, 1 + 30 * total as i64 + 1, &x.id),
        Some(ExecutionStatus::Terminated)
    );
}

#[test]
fn a_synthetic_execution_pages_a_million_lines_without_storing_them() {
    let mut m = DemoManager::demo();
    let x = start(&mut m, json!({"synthetic_lines": 1_000_000}));
    let f = of(&x.id);
    let page = call(&mut m, 3, &ListEvents::window(f.clone(), 999_950, 100)).unwrap();
    assert_eq!(page.pagination().total, 1_000_000);
    assert_eq!(page.items.len(), 50, "the last 50 lines");
    // The same line twice is the same line.
    let again = call(&mut m, 4, &ListEvents::window(f.clone(), 999_950, 1)).unwrap();
    assert_eq!(again.items[0], page.items[0]);
    // The first error, and how many lines come up to its time: one request each.
    let mut errors = f.clone();
    errors.level = vec!["error".into()];
    errors.event_type = vec!["task_failed".into()];
    let first = call(&mut m, 4, &ListEvents::window(errors, 0, 1)).unwrap();
    let e = &first.items[0];
    assert_eq!(e.level.as_deref(), Some("error"));
    let t = e.reported_timestamp.unwrap();
    let upto = ListEvents::window(f, 0, 1).between("@reported_timestamp", None, Some(t.to_wire()));
    assert_eq!(call(&mut m, 4, &upto).unwrap().pagination().total, 666_667);
    // The failure after it carries realistic causes.
    let mut failed = of(&x.id);
    failed.event_type = vec!["task_failed".into()];
    failed.kind = vec!["cloudify_event".into()];
    let tf = call(&mut m, 4, &ListEvents::window(failed, 0, 1)).unwrap();
    let causes = tf.items[0].causes();
    assert_eq!(causes[0].kind.as_deref(), Some("NonRecoverableError"));
    assert!(causes[1]
        .traceback
        .as_deref()
        .unwrap()
        .contains("ProcessException"));
    // Nothing stored for the million (only the execution's own few events).
    let stored = m.tenants[0]
        .events
        .iter()
        .filter(|e| e.execution_id.as_deref() == Some(x.id.as_str()))
        .count();
    assert!(stored < 100, "{stored} stored");
}
