//! The demo manager's execution scheduler: schedules fire when the demo clock passes their next
//! occurrence, respecting `enabled`, `stop_on_fail`, `slip` and maintenance mode.

use baton_core::conductor::execution_schedules::*;
use baton_core::conductor::executions::*;
use baton_core::schedule::ScheduleRequest;
use baton_core::{ApiError, Credentials, Endpoint, ListQuery, Session};
use baton_sim::DemoManager;
use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde_json::json;

fn t0() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 22)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap()
}

fn at(mins: i64) -> NaiveDateTime {
    t0() + Duration::minutes(mins)
}

fn admin() -> Session {
    Session::same_origin()
        .with_tenant("default_tenant")
        .with_credentials(Credentials::Basic {
            username: "admin".into(),
            password: "admin".into(),
        })
}

fn call<E: Endpoint>(m: &mut DemoManager, mins: i64, e: &E) -> Result<E::Output, ApiError> {
    e.parse(m.handle(&e.request(&admin()), at(mins)))
}

/// A deployment with no execution running.
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

/// The executions of `dep` created at or after t0, oldest first.
fn runs(m: &mut DemoManager, mins: i64, dep: &str) -> Vec<Execution> {
    let query = ListQuery::new().filter("deployment_id", dep).page(1000, 0);
    let mut v: Vec<Execution> = call(
        m,
        mins,
        &ListExecutions {
            query,
            include_system_workflows: false,
        },
    )
    .unwrap()
    .items
    .into_iter()
    .filter(|e| e.created_at.is_some_and(|c| c.0 >= t0()))
    .collect();
    v.sort_by_key(|e| e.created_at.map(|c| c.0));
    v
}

fn create(m: &mut DemoManager, dep: &str, id: &str, body: serde_json::Value) -> ExecutionSchedule {
    let mut body: ScheduleRequest = serde_json::from_value(body).unwrap();
    body.workflow_id.get_or_insert("install".into());
    call(
        m,
        0,
        &CreateExecutionSchedule {
            id: id.into(),
            deployment_id: dep.into(),
            body,
        },
    )
    .unwrap()
}

fn get(m: &mut DemoManager, mins: i64, dep: &str, id: &str) -> ExecutionSchedule {
    call(
        m,
        mins,
        &GetExecutionSchedule {
            id: id.into(),
            deployment_id: dep.into(),
            include: vec![],
        },
    )
    .unwrap()
}

#[test]
fn a_schedule_starts_its_workflow_when_the_clock_passes_its_occurrence() {
    let mut m = DemoManager::demo();
    let dep = idle(&m);
    create(
        &mut m,
        &dep,
        "every-ten",
        json!({"since": "2026-11-22T12:05:00", "recurrence": "10 minutes"}),
    );
    assert!(runs(&mut m, 4, &dep).is_empty(), "ran before its time");
    assert_eq!(
        get(&mut m, 4, &dep, "every-ten").latest_execution_status,
        None
    );

    let after = runs(&mut m, 6, &dep);
    assert_eq!(after.len(), 1);
    let run = &after[0];
    assert_eq!(run.workflow_id.as_deref(), Some("install"));
    assert_eq!(
        run.created_at.unwrap().0,
        at(5),
        "started at the occurrence"
    );
    assert_eq!(run.created_by.as_deref(), Some("admin"));

    // It runs to its end; the schedule shows the real last-run state.
    let s = get(&mut m, 9, &dep, "every-ten");
    assert_eq!(s.latest_execution_status, Some(ExecutionStatus::Terminated));
    assert_eq!(s.next_occurrence.unwrap().0, at(15));

    // Half an hour later, each occurrence ran once.
    let later = runs(&mut m, 36, &dep);
    let times: Vec<NaiveDateTime> = later.iter().map(|e| e.created_at.unwrap().0).collect();
    assert_eq!(times, [at(5), at(15), at(25), at(35)]);
}

#[test]
fn a_disabled_schedule_does_not_run_and_resumes_without_catching_up() {
    let mut m = DemoManager::demo();
    let dep = idle(&m);
    create(
        &mut m,
        &dep,
        "paused",
        json!({"since": "2026-11-22T12:05:00", "recurrence": "10 minutes", "enabled": false}),
    );
    assert!(runs(&mut m, 30, &dep).is_empty());
    let enable = UpdateExecutionSchedule {
        id: "paused".into(),
        deployment_id: dep.clone(),
        body: ScheduleRequest {
            enabled: Some(true),
            ..ScheduleRequest::default()
        },
    };
    call(&mut m, 31, &enable).unwrap();
    let times: Vec<NaiveDateTime> = runs(&mut m, 36, &dep)
        .iter()
        .map(|e| e.created_at.unwrap().0)
        .collect();
    assert_eq!(times, [at(35)]);
}

#[test]
fn stop_on_fail_disables_the_schedule_after_a_failed_run() {
    let mut m = DemoManager::demo();
    let dep = idle(&m);
    create(
        &mut m,
        &dep,
        "fragile",
        json!({
            "since": "2026-11-22T12:05:00",
            "recurrence": "10 minutes",
            "stop_on_fail": true,
            "parameters": {"fail": true},
            "execution_arguments": {"allow_custom_parameters": true}
        }),
    );
    let s = get(&mut m, 9, &dep, "fragile");
    assert_eq!(s.latest_execution_status, Some(ExecutionStatus::Failed));
    // The next occurrence finds the failure: the schedule is disabled, nothing more runs.
    let s = get(&mut m, 16, &dep, "fragile");
    assert_eq!(s.enabled, Some(false));
    assert_eq!(runs(&mut m, 40, &dep).len(), 1);

    // Without stop_on_fail, a failed run does not stop the next.
    let dep2 = m.tenants[0]
        .deployments
        .iter()
        .skip(40)
        .filter(|d| {
            d.latest_execution_status == Some(ExecutionStatus::Terminated)
                && d.label("csys-obj-type").is_none()
        })
        .nth(1)
        .map(|d| d.id.clone())
        .unwrap();
    let mut m = DemoManager::demo();
    create(
        &mut m,
        &dep2,
        "stubborn",
        json!({
            "since": "2026-11-22T12:05:00",
            "recurrence": "10 minutes",
            "parameters": {"fail": true},
            "execution_arguments": {"allow_custom_parameters": true}
        }),
    );
    assert_eq!(runs(&mut m, 16, &dep2).len(), 2);
    assert_eq!(get(&mut m, 16, &dep2, "stubborn").enabled, Some(true));
}

#[test]
fn after_maintenance_only_a_run_within_slip_starts() {
    for (slip, expected) in [(0, 0), (30, 1)] {
        let mut m = DemoManager::demo();
        let dep = idle(&m);
        create(
            &mut m,
            &dep,
            "nightly",
            json!({"since": "2026-11-22T12:05:00", "recurrence": "10 minutes", "slip": slip}),
        );
        let maintenance = |on: bool| {
            let path = if on { "activate" } else { "deactivate" };
            admin().build(
                http::Method::POST,
                &format!("/maintenance/{path}"),
                &baton_core::Query::new(),
                baton_core::endpoint::RequestBody::Empty,
            )
        };
        assert_eq!(m.handle(&maintenance(true), at(1)).status(), 200);
        // The scheduler looks while the manager is in maintenance: nothing runs.
        let status = m.handle(
            &admin().build(
                http::Method::GET,
                "/maintenance",
                &baton_core::Query::new(),
                baton_core::endpoint::RequestBody::Empty,
            ),
            at(20),
        );
        assert_eq!(status.status(), 200);
        assert_eq!(m.handle(&maintenance(false), at(27)).status(), 200);
        // At 12:27 the 12:25 run is 2 minutes late: it starts only with enough slip; the
        // 12:05 and 12:15 runs missed during maintenance never do.
        let got = runs(&mut m, 28, &dep);
        assert_eq!(got.len(), expected, "slip {slip}");
        if expected == 1 {
            assert_eq!(got[0].created_at.unwrap().0, at(25));
        }
    }
}
