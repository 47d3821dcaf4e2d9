//! The demo manager's executions, groups, schedules, events, operations, agents, plugins and
//! snapshots, through the typed endpoints.

use chrono::{Duration, NaiveDate};
use serde_json::json;

use super::executions::{CANCEL_SECS, OP_SECS, PENDING_SECS};
use super::*;
use baton_core::conductor::agents::ListAgents;
use baton_core::conductor::deployments::{DeploymentStatus, GetDeployment};
use baton_core::conductor::events::ListEvents;
use baton_core::conductor::execution_schedules::*;
use baton_core::conductor::executions::*;
use baton_core::conductor::operations::*;
use baton_core::conductor::plugins::*;
use baton_core::conductor::snapshots::*;
use baton_core::conductor::Visibility;
use baton_core::endpoint::Endpoint;
use baton_core::error::ApiError;
use baton_core::query::SortKey;
use baton_core::schedule::ScheduleRequest;
use baton_core::session::{Credentials, Session};

fn t0() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 22)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap()
}

fn at(secs: i64) -> NaiveDateTime {
    t0() + Duration::seconds(secs)
}

fn user(name: &str) -> Session {
    Session::same_origin()
        .with_tenant("default_tenant")
        .with_credentials(Credentials::Basic {
            username: name.into(),
            password: name.into(),
        })
}

fn admin() -> Session {
    user("admin")
}

fn call_at<E: Endpoint>(m: &mut DemoManager, secs: i64, e: &E) -> Result<E::Output, ApiError> {
    e.parse(m.handle(&e.request(&admin()), at(secs)))
}

fn code<T: std::fmt::Debug>(r: Result<T, ApiError>) -> (u16, String) {
    let e = r.unwrap_err();
    (e.status.unwrap_or(0), e.code)
}

/// A deployment with no execution running and a terminated history.
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

fn start(dep: &str, wf: &str) -> StartExecution {
    StartExecution {
        deployment_id: dep.into(),
        workflow_id: wf.into(),
        ..StartExecution::default()
    }
}

fn get(m: &mut DemoManager, secs: i64, id: &str) -> Execution {
    call_at(
        m,
        secs,
        &GetExecution {
            id: id.into(),
            include: vec![],
        },
    )
    .unwrap()
}

fn events_of(
    m: &mut DemoManager,
    secs: i64,
    id: &str,
) -> Vec<baton_core::conductor::events::Event> {
    let mut e = ListEvents::for_execution(id, 1000);
    e.query.sort = vec![SortKey::asc("_storage_id")];
    call_at(m, secs, &e).unwrap().items
}

#[test]
fn an_install_progresses_to_terminated_with_events_and_operations() {
    let mut m = DemoManager::demo();
    let dep = idle(&m);
    let x = call_at(&mut m, 0, &start(&dep, "install")).unwrap();
    assert_eq!(x.status, Some(ExecutionStatus::Pending));
    let total = x.total_operations.unwrap();
    let bp = x.blueprint_id.clone().unwrap();
    let nodes = super::executions::node_instances(&dep, &bp).len() as u64;
    assert_eq!(total, nodes * 3, "node instances × create/configure/start");
    assert_eq!(get(&mut m, 2, &x.id).status, Some(ExecutionStatus::Started));
    let d = call_at(
        &mut m,
        2,
        &GetDeployment {
            id: dep.clone(),
            ..GetDeployment::default()
        },
    )
    .unwrap();
    assert_eq!(d.latest_execution_status, Some(ExecutionStatus::Started));
    assert_eq!(d.deployment_status, Some(DeploymentStatus::InProgress));
    let mid = get(&mut m, 6, &x.id);
    assert_eq!(mid.finished_operations, Some(2));
    let end = PENDING_SECS + OP_SECS * total as i64;
    assert_eq!(
        get(&mut m, end - 1, &x.id).status,
        Some(ExecutionStatus::Started)
    );
    let done = get(&mut m, end, &x.id);
    assert_eq!(done.status, Some(ExecutionStatus::Terminated));
    assert_eq!(done.status_display.as_deref(), Some("completed"));
    assert_eq!(done.ended_at.unwrap().0, at(end));
    let d = call_at(
        &mut m,
        end,
        &GetDeployment {
            id: dep,
            ..GetDeployment::default()
        },
    )
    .unwrap();
    assert_eq!(d.latest_execution.as_deref(), Some(x.id.as_str()));
    assert_eq!(d.latest_execution_status, Some(ExecutionStatus::Terminated));
    assert_eq!(d.deployment_status, Some(DeploymentStatus::Good));

    let evs = events_of(&mut m, end + 5, &x.id);
    let kinds: Vec<&str> = evs.iter().filter_map(|e| e.event_type.as_deref()).collect();
    assert_eq!(kinds.first(), Some(&"workflow_started"));
    assert_eq!(kinds.last(), Some(&"workflow_succeeded"));
    assert_eq!(
        kinds.iter().filter(|k| **k == "task_succeeded").count() as u64,
        total
    );
    assert!(evs
        .iter()
        .any(|e| e.is_log() && e.message.as_deref() == Some("Creating vm resources")));
    assert!(
        evs.windows(2).all(|w| w[0].timestamp <= w[1].timestamp),
        "events in time order"
    );
    assert!(evs.iter().all(|e| e.timestamp.unwrap().0 <= at(end)));
    // Only what happened by `now` exists: at t=2 the first step is running.
    let mut m2 = DemoManager::demo();
    let d2 = dep_of(&m2);
    let y = call_at(&mut m2, 0, &start(&d2, "install")).unwrap();
    let early = events_of(&mut m2, 2, &y.id);
    assert!(early
        .iter()
        .any(|e| e.event_type.as_deref() == Some("task_started")));
    assert!(early
        .iter()
        .all(|e| e.event_type.as_deref() != Some("task_succeeded")));

    let graphs = call_at(
        &mut m,
        end,
        &ListTasksGraphs {
            execution_id: x.id.clone(),
            name: None,
        },
    )
    .unwrap();
    assert_eq!(graphs.items.len(), 1);
    let ops = call_at(
        &mut m,
        end,
        &ListOperations {
            graph_id: Some(graphs.items[0].id.clone()),
            ..ListOperations::default()
        },
    )
    .unwrap();
    assert_eq!(ops.items.len() as u64, total);
    assert!(ops
        .items
        .iter()
        .all(|o| o.state.as_deref() == Some("succeeded")));
}

fn dep_of(m: &DemoManager) -> String {
    idle(m)
}

#[test]
fn starting_checks_deployment_workflow_and_parameters() {
    let mut m = DemoManager::demo();
    let dep = idle(&m);
    assert_eq!(
        code(call_at(&mut m, 0, &start("nope", "install"))),
        (404, "not_found_error".into())
    );
    let e = call_at(&mut m, 0, &start(&dep, "explode")).unwrap_err();
    assert_eq!(e.code, "nonexistent_workflow_error");
    assert!(e.message.contains("does not exist in the deployment"));
    let mut custom = start(&dep, "install");
    custom.parameters = json!({"fail": true}).as_object().cloned();
    let e = call_at(&mut m, 0, &custom).unwrap_err();
    assert_eq!(e.code, "illegal_execution_parameters_error");
    assert!(e
        .message
        .contains("does not have the following parameters declared: fail"));
    let e = call_at(&mut m, 0, &start(&dep, "heal")).unwrap_err();
    assert!(e
        .message
        .contains("must be provided with the following parameters to execute: node_instance_id"));
    // Defaults are merged into the stored parameters.
    let x = call_at(&mut m, 0, &start(&dep, "uninstall")).unwrap();
    assert_eq!(x.parameters.unwrap()["ignore_failure"], json!(false));
    // Another tenant does not see it.
    let other = user("admin").with_tenant("payments");
    let r = m.handle(
        &GetExecution {
            id: x.id.clone(),
            include: vec![],
        }
        .request(&other),
        at(1),
    );
    assert_eq!(r.status(), 404);
}

#[test]
fn a_running_execution_blocks_queues_or_is_forced() {
    let mut m = DemoManager::demo();
    let dep = idle(&m);
    let first = call_at(&mut m, 0, &start(&dep, "install")).unwrap();
    let e = call_at(&mut m, 1, &start(&dep, "update")).unwrap_err();
    assert_eq!(e.code, "existing_running_execution_error");
    assert!(e.message.contains(&first.id));
    let mut q = start(&dep, "update");
    q.queue = true;
    let queued = call_at(&mut m, 1, &q).unwrap();
    assert_eq!(queued.status, Some(ExecutionStatus::Queued));
    let mut f = start(&dep, "update");
    f.force = true;
    assert_eq!(
        call_at(&mut m, 1, &f).unwrap().status,
        Some(ExecutionStatus::Pending)
    );
    // Once both running ones end, the queued one starts from the moment the last ended.
    let later = get(&mut m, 200, &queued.id);
    assert_eq!(later.status, Some(ExecutionStatus::Terminated));
    let first_end = get(&mut m, 200, &first.id).ended_at.unwrap().0;
    assert!(later.started_at.unwrap().0 >= first_end);
}

#[test]
fn cancel_resume_fail_and_force_resume() {
    let mut m = DemoManager::demo();
    let dep = idle(&m);
    let x = call_at(&mut m, 0, &start(&dep, "install")).unwrap();
    let cancel = |id: &str, action| ExecutionActionRequest {
        id: id.into(),
        action,
    };
    let c = call_at(&mut m, 4, &cancel(&x.id, ExecutionAction::Cancel)).unwrap();
    assert_eq!(c.status, Some(ExecutionStatus::Cancelling));
    assert_eq!(
        get(&mut m, 4 + CANCEL_SECS, &x.id).status,
        Some(ExecutionStatus::Cancelled)
    );
    let evs = events_of(&mut m, 10, &x.id);
    assert_eq!(
        evs.last().unwrap().event_type.as_deref(),
        Some("workflow_cancelled")
    );
    let e = call_at(&mut m, 10, &cancel(&x.id, ExecutionAction::Cancel)).unwrap_err();
    assert_eq!(e.code, "illegal_action_error");
    let r = call_at(&mut m, 10, &cancel(&x.id, ExecutionAction::Resume)).unwrap();
    assert_eq!(r.status, Some(ExecutionStatus::Pending));
    assert_eq!(
        get(&mut m, 100, &x.id).status,
        Some(ExecutionStatus::Terminated)
    );

    // `fail: true` (a custom parameter) fails the last step.
    let mut bad = start(&dep, "update");
    bad.parameters = json!({"fail": true}).as_object().cloned();
    bad.allow_custom_parameters = true;
    let y = call_at(&mut m, 200, &bad).unwrap();
    let failed = get(&mut m, 300, &y.id);
    assert_eq!(failed.status, Some(ExecutionStatus::Failed));
    assert!(failed.error.unwrap().contains("Task failed"));
    let evs = events_of(&mut m, 300, &y.id);
    let tf = evs
        .iter()
        .find(|e| e.event_type.as_deref() == Some("task_failed"))
        .unwrap();
    assert_eq!(tf.causes()[0].kind.as_deref(), Some("NonRecoverableError"));
    let d = call_at(
        &mut m,
        300,
        &GetDeployment {
            id: dep,
            ..GetDeployment::default()
        },
    )
    .unwrap();
    assert_eq!(
        d.deployment_status,
        Some(DeploymentStatus::RequiresAttention)
    );
    let e = call_at(&mut m, 300, &cancel(&y.id, ExecutionAction::Resume)).unwrap_err();
    assert_eq!(
        e.code, "illegal_action_error",
        "plain resume of a failed run is refused"
    );
    call_at(&mut m, 300, &cancel(&y.id, ExecutionAction::ForceResume)).unwrap();
    assert_eq!(
        get(&mut m, 400, &y.id).status,
        Some(ExecutionStatus::Terminated)
    );
}

#[test]
fn scheduled_executions_wait_for_their_time() {
    let mut m = DemoManager::demo();
    let dep = idle(&m);
    let mut s = start(&dep, "install");
    s.scheduled_time = Some("202611221200".into());
    let e = call_at(&mut m, 0, &s).unwrap_err();
    assert!(
        e.message.contains("missing timezone information"),
        "{}",
        e.message
    );
    s.scheduled_time = Some("202611221100+0000".into());
    assert!(call_at(&mut m, 0, &s)
        .unwrap_err()
        .message
        .contains("has already passed"));
    // 13:30+01:00 is 12:30 UTC.
    s.scheduled_time = Some("202611221330+01:00".into());
    let x = call_at(&mut m, 0, &s).unwrap();
    assert_eq!(x.status, Some(ExecutionStatus::Scheduled));
    assert_eq!(x.scheduled_for.unwrap().0, at(1800));
    assert_eq!(
        get(&mut m, 1799, &x.id).status,
        Some(ExecutionStatus::Scheduled)
    );
    let started = get(&mut m, 1802, &x.id);
    assert_eq!(started.status, Some(ExecutionStatus::Started));
    assert_eq!(started.started_at.unwrap().0, at(1801));
}

#[test]
fn list_update_and_delete_executions() {
    let mut m = DemoManager::demo();
    let all = call_at(
        &mut m,
        0,
        &ListExecutions {
            query: ListQuery::new().page(1, 0),
            include_system_workflows: false,
        },
    )
    .unwrap();
    assert_eq!(
        all.pagination().total,
        480,
        "one install per deployment in default_tenant"
    );
    call_at(&mut m, 0, &CreateSnapshot::new("snap-a")).unwrap();
    let sys = call_at(
        &mut m,
        0,
        &ListExecutions {
            query: ListQuery::new().page(1, 0),
            include_system_workflows: true,
        },
    )
    .unwrap();
    assert_eq!(sys.pagination().total, 481);

    let dep = idle(&m);
    let x = call_at(&mut m, 0, &start(&dep, "install")).unwrap();
    let up = UpdateExecution {
        id: x.id.clone(),
        status: ExecutionStatus::Terminated,
        error: None,
    };
    assert_eq!(
        code(call_at(&mut m, 0, &up)),
        (400, "invalid_exception_status_update".into())
    );
    let up = UpdateExecution {
        id: x.id.clone(),
        status: ExecutionStatus::Started,
        error: None,
    };
    assert_eq!(
        call_at(&mut m, 0, &up).unwrap().status,
        Some(ExecutionStatus::Started)
    );
    let up = UpdateExecution {
        id: x.id.clone(),
        status: ExecutionStatus::Failed,
        error: Some("worker lost".into()),
    };
    let f = call_at(&mut m, 0, &up).unwrap();
    assert_eq!(
        (f.status, f.error.as_deref()),
        (Some(ExecutionStatus::Failed), Some("worker lost"))
    );
    // Reported externally: the sim no longer drives it.
    assert_eq!(
        get(&mut m, 500, &x.id).status,
        Some(ExecutionStatus::Failed)
    );

    let both = DeleteExecutions {
        keep_last: Some(1),
        to_datetime: Some(baton_core::Timestamp(t0())),
        ..DeleteExecutions::default()
    };
    assert_eq!(
        code(call_at(&mut m, 0, &both)),
        (400, "bad_parameters_error".into())
    );
    let del = DeleteExecutions {
        keep_last: Some(1),
        query: ListQuery::new().filter("deployment_id", dep.clone()),
        ..DeleteExecutions::default()
    };
    assert_eq!(call_at(&mut m, 0, &del).unwrap(), 1);
    let left = call_at(
        &mut m,
        0,
        &ListExecutions {
            query: ListQuery::new().filter("deployment_id", dep),
            include_system_workflows: false,
        },
    )
    .unwrap();
    assert_eq!(left.items.len(), 1);
    assert_eq!(left.items[0].id, x.id);
}

#[test]
fn execution_groups_respect_concurrency_and_fill_target_groups() {
    let mut m = DemoManager::demo();
    let members = m.tenants[0].groups[0].deployment_ids.clone();
    assert_eq!(members.len(), 8);
    let mut s = StartExecutionGroup::new("prod-services", "update");
    s.concurrency = 2;
    let g = call_at(&mut m, 0, &s).unwrap();
    assert_eq!(g.execution_ids.as_ref().unwrap().len(), 8);
    assert_eq!(g.status, Some(ExecutionStatus::Pending));
    let active = |m: &mut DemoManager, secs| {
        let l = call_at(
            m,
            secs,
            &ListExecutions {
                query: ListQuery::new().filter("status", "started"),
                include_system_workflows: false,
            },
        )
        .unwrap();
        l.items
            .iter()
            .filter(|x| x.execution_group_id.as_deref() == Some(g.id.as_str()))
            .count()
    };
    assert_eq!(active(&mut m, 2), 2);
    let patch = SetExecutionGroupTargets {
        id: g.id.clone(),
        success_group_id: Some("rollout-succeeded".into()),
        failure_group_id: Some("rollout-failed".into()),
    };
    call_at(&mut m, 2, &patch).unwrap();
    let bad = SetExecutionGroupTargets {
        id: g.id.clone(),
        success_group_id: Some("nope".into()),
        failure_group_id: None,
    };
    assert_eq!(
        code(call_at(&mut m, 2, &bad)),
        (404, "not_found_error".into())
    );
    let got = call_at(
        &mut m,
        2,
        &GetExecutionGroup {
            id: g.id.clone(),
            include: vec![],
        },
    )
    .unwrap();
    assert_eq!(got.status, Some(ExecutionStatus::Started));
    // Concurrency 0 pauses the group once the running ones end.
    call_at(
        &mut m,
        2,
        &SetExecutionGroupConcurrency {
            id: g.id.clone(),
            concurrency: 0,
        },
    )
    .unwrap();
    assert_eq!(active(&mut m, 60), 0);
    call_at(
        &mut m,
        60,
        &SetExecutionGroupConcurrency {
            id: g.id.clone(),
            concurrency: 4,
        },
    )
    .unwrap();
    let done = call_at(
        &mut m,
        600,
        &GetExecutionGroup {
            id: g.id.clone(),
            include: vec![],
        },
    )
    .unwrap();
    assert_eq!(done.status, Some(ExecutionStatus::Terminated));
    assert_eq!(
        m.tenants[0].groups[2].deployment_ids.len(),
        8,
        "all succeeded"
    );
    let mut by_group = ListEvents::default();
    by_group.filter.execution_group_id = vec![g.id.clone()];
    let evs = call_at(&mut m, 600, &by_group).unwrap();
    let ids = g.execution_ids.clone().unwrap();
    assert!(evs.items.len() >= 16, "start and end of 8 runs");
    assert!(evs
        .items
        .iter()
        .all(|e| ids.contains(e.execution_id.as_ref().unwrap())));
    let listed = call_at(
        &mut m,
        600,
        &ListExecutionGroups {
            deployment_group_id: Some("prod-services".into()),
            ..ListExecutionGroups::default()
        },
    )
    .unwrap();
    assert_eq!(listed.items.len(), 1);

    // Cancelling a group cancels its queued executions at once.
    let mut s = StartExecutionGroup::new("prod-services", "update");
    s.concurrency = 1;
    let g2 = call_at(&mut m, 700, &s).unwrap();
    let c = call_at(
        &mut m,
        702,
        &ExecutionGroupAction {
            id: g2.id.clone(),
            action: ExecutionAction::Cancel,
        },
    )
    .unwrap();
    assert_eq!(
        c.status,
        Some(ExecutionStatus::Started),
        "one still cancelling"
    );
    let c = call_at(
        &mut m,
        710,
        &GetExecutionGroup {
            id: g2.id,
            include: vec![],
        },
    )
    .unwrap();
    assert_eq!(c.status, Some(ExecutionStatus::Cancelled));
    assert_eq!(
        code(call_at(
            &mut m,
            0,
            &StartExecutionGroup::new("nope", "install")
        )),
        (404, "not_found_error".into())
    );
}

#[test]
fn execution_schedules_crud_and_occurrences() {
    let mut m = DemoManager::demo();
    let dep = idle(&m);
    let seeded = call_at(&mut m, 0, &ListExecutionSchedules::default()).unwrap();
    assert_eq!(seeded.items.len(), 3);
    assert!(seeded
        .items
        .iter()
        .all(|s| s.all_next_occurrences.is_some()));
    let body = ScheduleRequest {
        workflow_id: Some("install".into()),
        since: Some("2026-11-23 10:00:00".into()),
        recurrence: Some("1 days".into()),
        count: Some(json!(3)),
        ..ScheduleRequest::default()
    };
    let c = CreateExecutionSchedule {
        id: "daily".into(),
        deployment_id: dep.clone(),
        body: body.clone(),
    };
    let s = call_at(&mut m, 0, &c).unwrap();
    assert_eq!(
        s.next_occurrence.unwrap().to_wire(),
        "2026-11-23T10:00:00.000Z"
    );
    assert_eq!(
        s.all_next_occurrences.unwrap(),
        [
            "2026-11-23 10:00:00",
            "2026-11-24 10:00:00",
            "2026-11-25 10:00:00"
        ]
    );
    assert_eq!(s.rule.unwrap().recurrence.as_deref(), Some("1 days"));
    assert_eq!(code(call_at(&mut m, 0, &c)), (409, "conflict_error".into()));
    // Read a day later: one occurrence has passed.
    let g = GetExecutionSchedule {
        id: "daily".into(),
        deployment_id: dep.clone(),
        include: vec![],
    };
    let later = call_at(&mut m, 86_400, &g).unwrap();
    assert_eq!(later.all_next_occurrences.unwrap().len(), 2);
    // The manager's validation and id rules.
    let mut bad = c.clone();
    bad.id = "weekly".into();
    bad.body.recurrence = Some("5 Min".into());
    let e = call_at(&mut m, 0, &bad).unwrap_err();
    assert_eq!(e.code, "bad_parameters_error");
    assert!(
        e.message.contains("is not a legal recurrence expression"),
        "{}",
        e.message
    );
    let mut bad_id = c.clone();
    bad_id.id = "1st".into();
    assert!(call_at(&mut m, 0, &bad_id)
        .unwrap_err()
        .message
        .contains("must begin with a letter"));
    let mut bad_wf = c.clone();
    bad_wf.id = "other".into();
    bad_wf.body.workflow_id = Some("nope".into());
    assert_eq!(
        code(call_at(&mut m, 0, &bad_wf)),
        (400, "nonexistent_workflow_error".into())
    );
    // deployment_id is required on per-id calls.
    let r = m.handle(
        &admin().build(
            http::Method::GET,
            "/execution-schedules/daily",
            &Query::new(),
            baton_core::endpoint::RequestBody::Empty,
        ),
        t0(),
    );
    assert_eq!(r.status(), 400);
    assert_eq!(
        code(call_at(
            &mut m,
            0,
            &GetExecutionSchedule {
                deployment_id: "other-dep".into(),
                ..g.clone()
            }
        )),
        (404, "not_found_error".into())
    );
    // PATCH keeps what it does not mention.
    let u = UpdateExecutionSchedule {
        id: "daily".into(),
        deployment_id: dep.clone(),
        body: ScheduleRequest {
            enabled: Some(false),
            since: Some("2026-11-23T12:00:00".into()),
            ..ScheduleRequest::default()
        },
    };
    let s = call_at(&mut m, 0, &u).unwrap();
    assert_eq!(
        (s.enabled, s.rule.as_ref().unwrap().count),
        (Some(false), Some(3))
    );
    assert_eq!(
        s.next_occurrence.unwrap().to_wire(),
        "2026-11-23T12:00:00.000Z"
    );
    let d = DeleteExecutionSchedule {
        id: "daily".into(),
        deployment_id: dep,
    };
    call_at(&mut m, 0, &d).unwrap();
    assert_eq!(
        code(call_at(&mut m, 0, &d)),
        (404, "not_found_error".into())
    );
}

#[test]
fn events_filters_ranges_and_like_patterns() {
    let mut m = DemoManager::demo();
    // The seeded history has a failed run with events and logs.
    let all = call_at(
        &mut m,
        0,
        &ListEvents {
            include_logs: Some(true),
            ..ListEvents::default()
        },
    )
    .unwrap();
    assert!(all.pagination().total > 50);
    let events_only = call_at(&mut m, 0, &ListEvents::default()).unwrap();
    assert!(events_only.items.iter().all(|e| !e.is_log()));
    let mut errors = ListEvents {
        include_logs: Some(true),
        ..ListEvents::default()
    };
    errors.filter.level = vec!["error".into()];
    let errs = call_at(&mut m, 0, &errors).unwrap();
    assert!(
        !errs.items.is_empty()
            && errs
                .items
                .iter()
                .all(|e| e.level.as_deref() == Some("error"))
    );
    let mut failed = ListEvents::default();
    failed.filter.event_type = vec!["task_failed".into(), "workflow_failed".into()];
    let f = call_at(&mut m, 0, &failed).unwrap();
    assert_eq!(f.items.len(), 2);
    let mut like = ListEvents {
        include_logs: Some(true),
        ..ListEvents::default()
    };
    like.filter.message = Some("%workflow execution succeeded".into());
    let ok = call_at(&mut m, 0, &like).unwrap();
    assert_eq!(ok.items.len(), 3, "three seeded runs succeeded");
    like.filter.operation = Some("%lifecycle.start".into());
    assert!(call_at(&mut m, 0, &like).unwrap().items.is_empty());
    let mut by_node = ListEvents::default();
    by_node.filter.node_id = vec!["vm".into()];
    let vm = call_at(&mut m, 0, &by_node).unwrap();
    assert!(
        !vm.items.is_empty()
            && vm
                .items
                .iter()
                .all(|e| e.node_name.as_deref() == Some("vm"))
    );
    // Time windows with open ends, `_sort` on `@timestamp`.
    let first = all.items.iter().filter_map(|e| e.timestamp).min().unwrap();
    let newest = ListEvents {
        query: ListQuery::new()
            .sort(SortKey::desc("@timestamp"))
            .page(1, 0),
        include_logs: Some(true),
        ..ListEvents::default()
    };
    let last = call_at(&mut m, 0, &newest).unwrap().items[0]
        .timestamp
        .unwrap();
    let upto = ListEvents {
        include_logs: Some(true),
        ..ListEvents::default()
    }
    .between("@timestamp", None, Some(first.to_wire()));
    assert!(call_at(&mut m, 0, &upto)
        .unwrap()
        .items
        .iter()
        .all(|e| e.timestamp.unwrap() == first));
    let from = ListEvents {
        include_logs: Some(true),
        ..ListEvents::default()
    }
    .between("timestamp", Some(last.to_wire()), None);
    assert!(call_at(&mut m, 0, &from)
        .unwrap()
        .items
        .iter()
        .all(|e| e.timestamp.unwrap() == last));
    let bad = ListEvents::default().between("timestamp", Some("yesterday".into()), None);
    assert_eq!(
        code(call_at(&mut m, 0, &bad)),
        (400, "bad_parameters_error".into())
    );
}

#[test]
fn like_matches_sql_patterns() {
    use super::events::like;
    assert!(like("%fail%", "Task FAILED here"));
    assert!(like("task_", "tasks"));
    assert!(!like("task_", "task"));
    assert!(like("a%b%c", "axxbyyc"));
    assert!(!like("a%b%c", "axxbyy"));
    assert!(like("%", ""));
    assert!(like("exact", "Exact"));
}

#[test]
fn operations_and_tasks_graphs_crud() {
    let mut m = DemoManager::demo();
    let dep = idle(&m);
    let x = call_at(&mut m, 0, &start(&dep, "update")).unwrap();
    let g = call_at(
        &mut m,
        0,
        &CreateTasksGraph {
            execution_id: x.id.clone(),
            name: "retry".into(),
            operations: Some(vec![
                json!({"id": "bulk-1", "name": "a", "type": "LocalWorkflowTask"}),
            ]),
        },
    )
    .unwrap();
    assert_eq!(
        call_at(
            &mut m,
            0,
            &GetOperation {
                id: "bulk-1".into()
            }
        )
        .unwrap()
        .tasks_graph
        .as_deref(),
        Some(g.id.as_str())
    );
    let c = CreateOperation {
        id: "op-x".into(),
        graph_id: g.id.clone(),
        name: "n".into(),
        kind: "RemoteWorkflowTask".into(),
        dependencies: vec!["bulk-1".into()],
        parameters: Default::default(),
    };
    assert_eq!(
        call_at(&mut m, 0, &c).unwrap().state.as_deref(),
        Some("pending")
    );
    assert_eq!(code(call_at(&mut m, 0, &c)), (409, "conflict_error".into()));
    let mut orphan = c.clone();
    orphan.id = "op-y".into();
    orphan.graph_id = "nope".into();
    assert_eq!(
        code(call_at(&mut m, 0, &orphan)),
        (404, "not_found_error".into())
    );
    let u = call_at(
        &mut m,
        0,
        &UpdateOperation {
            id: "op-x".into(),
            state: "failed".into(),
        },
    )
    .unwrap();
    assert_eq!(u.state.as_deref(), Some("failed"));
    let listed = call_at(
        &mut m,
        0,
        &ListOperations {
            graph_id: Some(g.id.clone()),
            ..ListOperations::default()
        },
    )
    .unwrap();
    assert_eq!(listed.items.len(), 2);
    call_at(&mut m, 0, &DeleteOperation { id: "op-x".into() }).unwrap();
    assert_eq!(
        code(call_at(&mut m, 0, &GetOperation { id: "op-x".into() })),
        (404, "not_found_error".into())
    );
    let graphs = call_at(
        &mut m,
        0,
        &ListTasksGraphs {
            execution_id: x.id.clone(),
            name: Some("retry".into()),
        },
    )
    .unwrap();
    assert_eq!(graphs.items.len(), 1);
    assert_eq!(
        code(call_at(
            &mut m,
            0,
            &CreateTasksGraph {
                execution_id: "nope".into(),
                name: "x".into(),
                operations: None
            }
        )),
        (404, "not_found_error".into())
    );
}

#[test]
fn agents_filter() {
    let mut m = DemoManager::demo();
    let all = call_at(&mut m, 0, &ListAgents::default()).unwrap();
    assert_eq!(all.items.len(), m.tenants[0].agents.len());
    assert!(all.items.len() >= 10);
    let remote = call_at(
        &mut m,
        0,
        &ListAgents {
            install_methods: vec!["remote".into()],
            ..ListAgents::default()
        },
    )
    .unwrap();
    assert!(
        !remote.items.is_empty()
            && remote
                .items
                .iter()
                .all(|a| a.install_method.as_deref() == Some("remote"))
    );
    let dep = all.items[0].deployment.clone().unwrap();
    let one = call_at(
        &mut m,
        0,
        &ListAgents {
            deployment_id: Some(dep),
            node_ids: vec!["vm".into(), "node_pool".into()],
            ..ListAgents::default()
        },
    )
    .unwrap();
    assert_eq!(one.items.len(), 1);
    let stopped = call_at(
        &mut m,
        0,
        &ListAgents {
            states: vec!["stopped".into()],
            ..ListAgents::default()
        },
    )
    .unwrap();
    assert!(stopped.items.is_empty());
}

#[test]
fn plugins_upload_download_visibility_delete() {
    let mut m = DemoManager::demo();
    let listed = call_at(&mut m, 0, &ListPlugins::default()).unwrap();
    assert_eq!(listed.items.len(), 6);
    let files = UploadPluginFiles {
        wagon: PluginFile::Bytes {
            filename: "cloudify_vsphere_plugin-2.20.1-py311-none-linux_x86_64.wgn".into(),
            data: vec![7; 300],
        },
        yaml: PluginFile::Bytes {
            filename: "plugin.yaml".into(),
            data: b"plugins: {}\n".to_vec(),
        },
        icon: None,
        title: Some("vSphere".into()),
        visibility: Some(Visibility::Tenant),
    };
    let p = call_at(&mut m, 0, &files).unwrap();
    assert_eq!(
        (p.package_name.as_deref(), p.package_version.as_deref()),
        (Some("cloudify-vsphere-plugin"), Some("2.20.1"))
    );
    assert_eq!(p.title.as_deref(), Some("vSphere"));
    assert_eq!(
        code(call_at(&mut m, 0, &files)),
        (409, "conflict_error".into())
    );
    let no_yaml = UploadPluginFiles {
        yaml: PluginFile::Url(String::new()),
        ..files.clone()
    };
    assert_eq!(
        code(call_at(&mut m, 0, &no_yaml)),
        (400, "upload_missing_file".into())
    );
    let by_url = UploadPlugin {
        archive: PluginArchive::Url(
            "https://x/cloudify_gcp_plugin-1.9.0-py311-none-any.wgn".into(),
        ),
        title: None,
        visibility: None,
    };
    assert_eq!(
        call_at(&mut m, 0, &by_url).unwrap().package_name.as_deref(),
        Some("cloudify-gcp-plugin")
    );
    let bytes = call_at(&mut m, 0, &DownloadPlugin { id: p.id.clone() }).unwrap();
    assert!(bytes.starts_with(b"PK"));
    let g = call_at(
        &mut m,
        0,
        &SetPluginVisibility {
            id: p.id.clone(),
            visibility: Visibility::Global,
        },
    )
    .unwrap();
    assert_eq!(g.owner.visibility, Some(Visibility::Global));
    let e = call_at(
        &mut m,
        0,
        &SetPluginVisibility {
            id: p.id.clone(),
            visibility: Visibility::Tenant,
        },
    )
    .unwrap_err();
    assert_eq!(e.code, "illegal_action_error");
    let u = call_at(
        &mut m,
        0,
        &UpdatePlugin {
            id: p.id.clone(),
            blueprint_labels: Some(json!({"arch": ["x86"]})),
            ..UpdatePlugin::default()
        },
    )
    .unwrap();
    assert_eq!(u.blueprint_labels, Some(json!({"arch": ["x86"]})));
    call_at(
        &mut m,
        0,
        &DeletePlugin {
            id: p.id.clone(),
            force: false,
        },
    )
    .unwrap();
    assert_eq!(
        code(call_at(
            &mut m,
            0,
            &GetPlugin {
                id: p.id,
                include: vec![]
            }
        )),
        (404, "not_found_error".into())
    );
}

#[test]
fn a_plugin_blueprints_use_is_refused_naming_them_unless_forced() {
    let mut m = DemoManager::demo();
    let plugins = call_at(
        &mut m,
        0,
        &ListPlugins {
            query: ListQuery::new(),
        },
    )
    .unwrap()
    .items;
    let aws = plugins
        .iter()
        .find(|p| p.package_name.as_deref() == Some("cloudify-aws-plugin"))
        .unwrap();
    let err = call_at(
        &mut m,
        0,
        &DeletePlugin {
            id: aws.id.clone(),
            force: false,
        },
    )
    .unwrap_err();
    assert_eq!(
        (err.status, err.code.as_str()),
        (Some(405), "plugin_in_use")
    );
    let named = blueprints_in_use(&err).unwrap();
    let t = m.tenant("default_tenant").unwrap();
    let using: Vec<&str> = t
        .blueprints
        .iter()
        .filter(|b| {
            b.plan
                .as_ref()
                .is_some_and(|p| plan_uses(p, "cloudify-aws-plugin", "3.2.4"))
        })
        .map(|b| b.id.as_str())
        .collect();
    assert!(!using.is_empty());
    assert_eq!(named, using);
    // A plugin no blueprint uses goes; the used one goes when forced.
    let ansible = plugins
        .iter()
        .find(|p| p.package_name.as_deref() == Some("cloudify-ansible-plugin"))
        .unwrap();
    for (id, force) in [(ansible.id.clone(), false), (aws.id.clone(), true)] {
        call_at(&mut m, 0, &DeletePlugin { id, force }).unwrap();
    }
}

#[test]
fn plugins_updates() {
    let mut m = DemoManager::demo();
    let bp = m.tenants[0].deployments[0].blueprint_id.clone().unwrap();
    let u = call_at(
        &mut m,
        0,
        &InitiatePluginsUpdate {
            blueprint_id: bp.clone(),
            all_to_latest: true,
            ..InitiatePluginsUpdate::default()
        },
    )
    .unwrap();
    assert_eq!(u.state.as_deref(), Some("successful"));
    assert!(!u.deployments_to_update.as_ref().unwrap().is_empty());
    assert_eq!(
        call_at(
            &mut m,
            0,
            &GetPluginsUpdate {
                id: u.id.clone(),
                include: vec![]
            }
        )
        .unwrap()
        .blueprint_id,
        Some(bp)
    );
    assert_eq!(
        call_at(&mut m, 0, &ListPluginsUpdates::default())
            .unwrap()
            .items
            .len(),
        1
    );
    assert_eq!(
        code(call_at(
            &mut m,
            0,
            &InitiatePluginsUpdate {
                blueprint_id: "nope".into(),
                ..InitiatePluginsUpdate::default()
            }
        )),
        (404, "not_found_error".into())
    );
}

#[test]
fn snapshots_create_restore_download_upload() {
    let mut m = DemoManager::demo();
    let bob = user("bob");
    let r = m.handle(&ListSnapshots::default().request(&bob), t0());
    assert_eq!(r.status(), 403);
    let x = call_at(&mut m, 0, &CreateSnapshot::new("snap-1")).unwrap();
    assert_eq!(
        (x.workflow_id.as_deref(), x.is_system_workflow),
        (Some("create_snapshot"), Some(true))
    );
    assert_eq!(
        code(call_at(&mut m, 0, &CreateSnapshot::new("snap-1"))),
        (409, "conflict_error".into())
    );
    let status = |m: &mut DemoManager, secs| {
        call_at(m, secs, &ListSnapshots::default())
            .unwrap()
            .items
            .into_iter()
            .find(|s| s.id == "snap-1")
            .and_then(|s| s.status)
    };
    assert_eq!(status(&mut m, 1), Some(SnapshotStatus::Creating));
    assert_eq!(
        code(call_at(
            &mut m,
            1,
            &DownloadSnapshot {
                id: "snap-1".into()
            }
        )),
        (400, "snapshot_action_error".into())
    );
    assert_eq!(status(&mut m, 10), Some(SnapshotStatus::Created));
    assert!(call_at(
        &mut m,
        10,
        &DownloadSnapshot {
            id: "snap-1".into()
        }
    )
    .unwrap()
    .starts_with(b"PK"));
    let restore = RestoreSnapshot {
        id: "snap-1".into(),
        ..RestoreSnapshot::default()
    };
    assert_eq!(
        code(call_at(&mut m, 10, &restore)),
        (400, "snapshot_action_error".into())
    );
    let forced = RestoreSnapshot {
        force: true,
        ..restore
    };
    let r = call_at(&mut m, 10, &forced).unwrap();
    assert_eq!(r.workflow_id.as_deref(), Some("restore_snapshot"));
    assert!(call_at(&mut m, 11, &GetSnapshotStatus)
        .unwrap()
        .is_running());
    assert!(!call_at(&mut m, 30, &GetSnapshotStatus)
        .unwrap()
        .is_running());
    let up = UploadSnapshot {
        id: "from-file".into(),
        archive: SnapshotArchive::Bytes(b"PK\x03\x04zip".to_vec()),
    };
    assert_eq!(
        call_at(&mut m, 30, &up).unwrap().status,
        Some(SnapshotStatus::Uploaded)
    );
    assert_eq!(
        call_at(
            &mut m,
            30,
            &DownloadSnapshot {
                id: "from-file".into()
            }
        )
        .unwrap(),
        b"PK\x03\x04zip"
    );
    call_at(
        &mut m,
        30,
        &DeleteSnapshot {
            id: "from-file".into(),
        },
    )
    .unwrap();
    assert_eq!(
        code(call_at(
            &mut m,
            30,
            &DeleteSnapshot {
                id: "from-file".into()
            }
        )),
        (404, "not_found_error".into())
    );
}

#[test]
fn executions_list_honours_a_created_at_range() {
    let mut m = DemoManager::demo();
    let all = call_at(
        &mut m,
        0,
        &ListExecutions {
            query: ListQuery::new().include(["id", "created_at"]).page(1000, 0),
            include_system_workflows: true,
        },
    )
    .unwrap();
    let mut times: Vec<String> = all
        .items
        .iter()
        .filter_map(|e| e.created_at.map(|t| t.to_wire()))
        .collect();
    times.sort();
    assert!(times.len() > 4, "the demo has a history");
    let (from, to) = (times[1].clone(), times[times.len() - 2].clone());
    let mut query = ListQuery::new().include(["id", "created_at"]).page(1000, 0);
    query.range.push(baton_core::query::Range {
        field: "created_at".into(),
        from: Some(from.clone()),
        to: Some(to.clone()),
    });
    let some = call_at(
        &mut m,
        0,
        &ListExecutions {
            query,
            include_system_workflows: true,
        },
    )
    .unwrap();
    let inside = times.iter().filter(|t| **t >= from && **t <= to).count();
    assert_eq!(some.items.len(), inside);
    assert!(some.items.len() < all.items.len());
    assert!(some.items.iter().all(|e| e
        .created_at
        .is_some_and(|t| t.to_wire() >= from && t.to_wire() <= to)));
}
