//! Executions, events and logs in headless Chromium against the built-in demo manager: the
//! live-data scheduler (backoff, hidden tab, budget), the escalation ladder, following a log
//! without losing one's place, and a million-line log that keeps the page small.

#![cfg(target_arch = "wasm32")]

mod common;

use std::cell::Cell;
use std::rc::Rc;

use baton_core::conductor::executions::{Execution, StartExecution};
use baton_core::{ApiError, Credentials, Endpoint, Session};
use baton_web::live::{self, LiveState};
use common::*;
use leptos::prelude::{GetUntracked, Owner};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

/// Registers a view that counts its fetches and answers `result`, in its own owner.
fn counting_view(
    every_ms: u32,
    result: Result<(), ApiError>,
) -> (Owner, Rc<Cell<u32>>, live::Live) {
    let count = Rc::new(Cell::new(0));
    let owner = Owner::new();
    let c = count.clone();
    let handle = owner.with(|| {
        live::register(every_ms, move || {
            c.set(c.get() + 1);
            let r = result.clone();
            async move { r }
        })
    });
    (owner, count, handle)
}

#[wasm_bindgen_test]
async fn scheduler_backs_off_after_errors_and_honours_retry_after() {
    let _turn = exclusive().await;
    live::set_budget(100.0);
    let failing = Err(ApiError::new(Some(500), "internal_server_error", "boom"));
    let (owner, count, handle) = counting_view(100, failing);
    sleep(1_600).await;
    // Without backoff that is 16 fetches; doubling from 100 ms gives 0, 200, 600, 1400 ms.
    let n = count.get();
    assert!((2..=5).contains(&n), "{n} fetches in 1.6 s while failing");
    assert!(matches!(
        handle.state.get_untracked(),
        LiveState::Backoff { .. }
    ));
    owner.cleanup();

    let mut busy = ApiError::new(Some(503), "service_unavailable", "busy");
    busy.retry_after = Some(2);
    let (owner, count, _) = counting_view(100, Err(busy));
    sleep(1_500).await;
    assert_eq!(count.get(), 1, "Retry-After: 2 waits two seconds");
    sleep(1_000).await;
    assert_eq!(count.get(), 2);
    owner.cleanup();
    // A disposed view is never fetched again.
    let before = count.get();
    sleep(300).await;
    assert_eq!(count.get(), before);
    live::set_budget(live::DEFAULT_BUDGET);
}

#[wasm_bindgen_test]
async fn scheduler_pauses_while_the_tab_is_hidden_and_on_request() {
    let _turn = exclusive().await;
    live::set_budget(100.0);
    live::set_hidden_for_tests(Some(true));
    let (owner, count, handle) = counting_view(100, Ok(()));
    sleep(600).await;
    assert_eq!(count.get(), 0, "nothing is asked while hidden");
    assert_eq!(handle.state.get_untracked(), LiveState::Hidden);
    live::set_hidden_for_tests(Some(false));
    sleep(450).await;
    let shown = count.get();
    assert!(shown >= 2, "{shown} fetches after the tab came back");
    assert_eq!(handle.state.get_untracked(), LiveState::Live);
    handle.pause();
    sleep(50).await;
    let paused_at = count.get();
    sleep(500).await;
    assert_eq!(count.get(), paused_at, "a paused view is not fetched");
    assert_eq!(handle.state.get_untracked(), LiveState::Paused);
    handle.resume();
    sleep(250).await;
    assert!(count.get() > paused_at);
    owner.cleanup();
    live::set_hidden_for_tests(None);
    live::set_budget(live::DEFAULT_BUDGET);
}

#[wasm_bindgen_test]
async fn scheduler_keeps_several_views_within_the_budget() {
    let _turn = exclusive().await;
    // Let the earlier tests' requests leave the budget window.
    sleep(1_100).await;
    live::set_budget(2.0);
    let views: Vec<_> = (0..4).map(|_| counting_view(100, Ok(()))).collect();
    sleep(2_500).await;
    let counts: Vec<u32> = views.iter().map(|(_, c, _)| c.get()).collect();
    let total: u32 = counts.iter().sum();
    // Four views wanting 10/s each get 2/s together: at most 2 in each of the 3 windows.
    assert!(
        total <= 6,
        "{total} fetches in 2.5 s with a budget of 2/s: {counts:?}"
    );
    assert!(total >= 4, "{total} fetches: the budget is used");
    assert!(
        counts.iter().all(|c| *c >= 1),
        "every view gets its turn: {counts:?}"
    );
    for (owner, _, _) in views {
        owner.cleanup();
    }
    live::set_budget(live::DEFAULT_BUDGET);
}

fn admin() -> Session {
    Session::same_origin()
        .with_tenant("default_tenant")
        .with_credentials(Credentials::Basic {
            username: "admin".into(),
            password: "admin".into(),
        })
}

/// Starts `install` with custom `params` on a demo deployment, as the admin.
fn start_install(params: serde_json::Value) -> Execution {
    with_manager(|m| {
        let deployment_id = m.tenants[0].deployments[45].id.clone();
        let call = StartExecution {
            deployment_id,
            workflow_id: "install".into(),
            parameters: params.as_object().cloned(),
            allow_custom_parameters: true,
            force: true,
            ..StartExecution::default()
        };
        call.parse(m.handle(&call.request(&admin()), baton_web::api::now()))
            .expect("the demo manager starts install")
    })
}

async fn wait_long<T>(what: &str, secs: u32, f: impl Fn() -> Option<T>) -> T {
    for _ in 0..secs * 10 {
        if let Some(v) = f() {
            return v;
        }
        sleep(100).await;
    }
    panic!("timed out after {secs} s waiting for {what}");
}

fn button_with(text: &str) -> Option<HtmlElement> {
    let list = document().query_selector_all(".ladder button").ok()?;
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
        .find(|b| b.text_content().unwrap_or_default().trim() == text)
}

fn badge() -> String {
    text_of(".exec-head .badge bdi").unwrap_or_default()
}

#[wasm_bindgen_test]
async fn the_ladder_offers_cancel_then_force_cancel_then_resume() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    signed_in_session().await;
    baton_web::pages::executions::ladder::set_force_after_secs(3);
    let x = start_install(serde_json::json!({"hang_on_cancel": "cancel", "step_secs": 60}));
    let (_app, root) = mount_at(&format!("/executions/{}", x.id));
    wait_long("started", 8, || (badge() == "started").then_some(())).await;
    assert!(
        button_with("Force cancel…").is_none(),
        "no escalation before a cancel"
    );
    assert!(button_with("Resume…").is_none());

    button_with("Cancel…").unwrap().click();
    let confirm = wait_for("the cancel confirmation", || query("dialog.confirm[open]")).await;
    assert!(confirm.text_content().unwrap().contains("next safe point"));
    let go = wait_for("the confirm button", || button_with("Cancel execution")).await;
    go.click();
    wait_long("cancelling", 8, || (badge() == "cancelling").then_some(())).await;
    // Not offered at once: a cancel gets time to finish.
    assert!(button_with("Force cancel…").is_none());
    assert!(text_of(".ladder-note")
        .unwrap()
        .contains("Force cancel is offered"));

    let force = wait_long("force cancel on offer", 8, || button_with("Force cancel…")).await;
    force.click();
    let confirm_button = wait_for("the typed confirmation", || button_with("Force cancel")).await;
    assert!(
        confirm_button.has_attribute("disabled"),
        "force cancel needs the word typed"
    );
    type_into("dialog.confirm input[name=confirm-id]", "force-cancel");
    wait_for("enabled", || {
        (!confirm_button.has_attribute("disabled")).then_some(())
    })
    .await;
    confirm_button.click();
    wait_long("cancelled", 10, || (badge() == "cancelled").then_some(())).await;
    wait_long("resume on offer", 5, || button_with("Resume…")).await;
    assert!(button_with("Force resume…").is_some());
    assert!(button_with("Run again…").is_some());
    assert!(button_with("Cancel…").is_none());
    baton_web::pages::executions::ladder::set_force_after_secs(
        baton_web::pages::executions::ladder::FORCE_AFTER_SECS,
    );
    root.remove();
}

fn scroller() -> HtmlElement {
    query(".log-scroller").unwrap().dyn_into().unwrap()
}

fn log_total() -> Option<u64> {
    let s = text_of(".log-status")?;
    s.split(" of ").nth(1)?.split(' ').next()?.parse().ok()
}

fn first_row_offset() -> Option<u64> {
    query(".log-row")?
        .get_attribute("data-offset")?
        .parse()
        .ok()
}

fn scroll_to(top: i32) {
    let s = scroller();
    s.set_scroll_top(top);
    s.dispatch_event(&web_sys::Event::new("scroll").unwrap())
        .unwrap();
}

#[wasm_bindgen_test]
async fn following_a_log_keeps_the_place_of_an_operator_who_scrolled_up() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    signed_in_session().await;
    let x = start_install(serde_json::json!({"lines_per_step": 60, "step_secs": 1}));
    let (_app, root) = mount_at(&format!("/events?execution={}", x.id));
    let first = wait_long("a screenful of lines", 15, || {
        log_total().filter(|n| *n > 80)
    })
    .await;
    // Read from the top while lines keep arriving.
    scroll_to(0);
    sleep(100).await;
    wait_long("more lines", 10, || log_total().filter(|n| *n > first)).await;
    sleep(200).await;
    assert_eq!(
        scroller().scroll_top(),
        0,
        "new lines did not move the reader"
    );
    assert_eq!(first_row_offset(), Some(0));

    // Back to the newest: it follows the end as lines arrive.
    click(".log-toolbar button:nth-of-type(3)");
    let now = log_total().unwrap();
    wait_long("still more lines", 10, || log_total().filter(|n| *n > now)).await;
    sleep(300).await;
    let s = scroller();
    assert!(
        s.scroll_height() - s.client_height() - s.scroll_top() <= 22,
        "following stays at the end"
    );

    // Paused: nothing more is asked, what is shown stays.
    click(".log-toolbar .live-toggle");
    wait_for("paused", || {
        text_of(".log-toolbar .live-toggle").filter(|t| t.contains("Paused"))
    })
    .await;
    let held = log_total().unwrap();
    sleep(2_500).await;
    assert_eq!(log_total(), Some(held));
    root.remove();
}

#[wasm_bindgen_test]
async fn a_million_line_log_keeps_the_page_small_and_jumps_to_its_error() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    signed_in_session().await;
    let x = start_install(serde_json::json!({"synthetic_lines": 1_000_000}));
    let (_app, root) = mount_at(&format!("/events?execution={}", x.id));
    wait_long("the million", 10, || {
        log_total().filter(|n| *n == 1_000_000)
    })
    .await;
    let rows = || document().query_selector_all(".log-row").unwrap().length();
    assert!(rows() <= 60, "{} rows in the page", rows());

    // The middle: the rows there, loaded, and still few.
    let s = scroller();
    scroll_to(s.scroll_height() / 2);
    // The rows of the end stay drawn until the view renders the new place: wait for the middle.
    wait_long("the middle rows", 10, || {
        let o = first_row_offset()?;
        ((400_000..600_000).contains(&o) && query(".log-row:not(.loading)").is_some()).then_some(o)
    })
    .await;
    assert!(rows() <= 60, "{} rows in the page", rows());

    // Jump to the first error, two thirds in.
    click(".log-toolbar button:nth-of-type(4)");
    let selected = wait_long("the error selected", 10, || {
        query(".log-row.selected")?.get_attribute("data-offset")
    })
    .await;
    assert_eq!(selected, "666666");
    let details = text_of(".log-details").unwrap();
    assert!(details.contains("Line 666667"), "{details}");
    assert!(rows() <= 60);
    root.remove();
}

#[wasm_bindgen_test]
fn the_ladder_climbs_one_rung_at_a_time() {
    use baton_core::conductor::executions::ExecutionStatus as S;
    use baton_web::pages::executions::ladder::{
        rungs, set_force_after_secs, Step, FORCE_AFTER_SECS,
    };
    set_force_after_secs(FORCE_AFTER_SECS);
    let steps =
        |s: S, secs: u64| -> Vec<Step> { rungs(&s, secs).0.iter().map(|r| r.step).collect() };
    assert_eq!(steps(S::Started, 0), vec![Step::Cancel]);
    assert_eq!(steps(S::Queued, 0), vec![Step::Cancel]);
    assert!(
        steps(S::Cancelling, 0).is_empty(),
        "a cancel gets time first"
    );
    assert!(rungs(&S::Cancelling, 3)
        .1
        .unwrap()
        .contains(&format!("{} s", FORCE_AFTER_SECS - 3)));
    assert_eq!(
        steps(S::Cancelling, FORCE_AFTER_SECS),
        vec![Step::ForceCancel]
    );
    assert_eq!(steps(S::ForceCancelling, 0), vec![Step::Kill]);
    assert!(steps(S::KillCancelling, 0).is_empty());
    assert_eq!(
        steps(S::Failed, 0),
        vec![Step::ForceResume],
        "the manager refuses a plain resume of a failed execution"
    );
    assert_eq!(
        steps(S::Cancelled, 0),
        vec![Step::Resume, Step::ForceResume]
    );
    assert!(steps(S::Terminated, 0).is_empty());
    // The steps that can leave a mess ask for a typed word.
    let (r, _) = rungs(&S::ForceCancelling, 0);
    assert_eq!(r[0].typed, Some("kill"));
}

#[wasm_bindgen_test]
fn search_highlights_and_exports_quote_what_they_must() {
    use baton_core::conductor::events::Event;
    use baton_web::components::log_view::{highlight, to_csv, to_ndjson};
    assert_eq!(
        highlight("Task failed: FAILED again", "failed"),
        vec![
            ("Task ".to_string(), false),
            ("failed".to_string(), true),
            (": ".to_string(), false),
            ("FAILED".to_string(), true),
            (" again".to_string(), false),
        ]
    );
    assert_eq!(highlight("naïve", "x"), vec![("naïve".to_string(), false)]);
    let e = Event {
        kind: Some("cloudify_log".into()),
        level: Some("error".into()),
        message: Some("said \"no\", then\nstopped".into()),
        ..Event::default()
    };
    let csv = to_csv(&[&e]);
    assert!(
        csv.ends_with(",cloudify_log,error,,,,,\"said \"\"no\"\", then\nstopped\"\n"),
        "{csv}"
    );
    let nd = to_ndjson(&[&e, &e]);
    assert_eq!(nd.lines().count(), 2);
    assert!(serde_json::from_str::<serde_json::Value>(nd.lines().next().unwrap()).is_ok());
}

#[wasm_bindgen_test]
fn task_events_fold_into_timeline_bars() {
    use baton_core::conductor::events::Event;
    use baton_core::Timestamp;
    use baton_web::components::timeline::bars_from_events;
    let ev = |t: &str, inst: &str, op: &str, secs: u32| Event {
        kind: Some("cloudify_event".into()),
        event_type: Some(t.into()),
        node_instance_id: Some(inst.into()),
        operation: Some(op.into()),
        reported_timestamp: Timestamp::parse(&format!("2026-11-29T10:00:{secs:02}.000Z")),
        ..Event::default()
    };
    let bars = bars_from_events(&[
        ev("task_started", "vm_1", "create", 0),
        ev("task_started", "db_1", "create", 1),
        ev("task_succeeded", "vm_1", "create", 3),
        ev("task_failed", "db_1", "create", 5),
        ev("task_started", "vm_1", "configure", 6),
    ]);
    let states: Vec<(&str, &str)> = bars
        .iter()
        .map(|b| (b.instance.as_str(), b.state))
        .collect();
    assert_eq!(
        states,
        vec![
            ("vm_1", "succeeded"),
            ("db_1", "failed"),
            ("vm_1", "running")
        ]
    );
    assert!(bars[1].failure.is_some());
    assert!(bars[2].end.is_none());
}

fn panel_rows() -> usize {
    document()
        .query_selector_all(".deployment-executions table.list tbody tr")
        .unwrap()
        .length() as usize
}

#[wasm_bindgen_test]
async fn the_deployment_page_and_its_live_executions_both_recover_from_a_429() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    signed_in_session().await;
    live::set_budget(live::DEFAULT_BUDGET);
    let x = start_install(serde_json::json!({"step_secs": 2}));
    let dep = x.deployment_id.clone().unwrap();
    // The page's own request is refused: its error and Retry show, the panel is not there yet.
    let mut busy = Fault::new(
        &format!("/deployments/{dep}"),
        429,
        "too_many_requests",
        "Too many requests, slow down",
    );
    busy.retry_after = Some(30);
    fail_once(busy);
    let (_app, root) = mount_at(&format!("/deployments/{dep}"));
    let error = wait_for("the page's error", || text_of(".error")).await;
    assert!(error.contains("429"), "{error}");
    assert!(query(".deployment-executions").is_none());
    click(".error button");
    wait_long("the executions panel's rows", 10, || {
        (panel_rows() > 0).then_some(())
    })
    .await;
    assert!(
        text_of(".deployment-executions")
            .unwrap()
            .contains("install"),
        "the install just started is listed"
    );

    // The panel's poll is refused with Retry-After: the rows stay, its toggle says it waits.
    let mut busy = Fault::new("/executions", 429, "too_many_requests", "Slow down");
    busy.retry_after = Some(30);
    fail_once(busy);
    let toggle = || text_of(".deployment-executions .live-toggle").unwrap_or_default();
    wait_long("the panel backing off", 10, || {
        toggle().contains("Retrying in").then_some(())
    })
    .await;
    assert!(toggle().contains("30 s"), "{}", toggle());
    assert!(panel_rows() > 0, "a failed refresh keeps the rows");
    // Pausing and resuming is the operator's "try now": no 30 s wait.
    click(".deployment-executions .live-toggle");
    wait_for("paused", || toggle().contains("Paused").then_some(())).await;
    click(".deployment-executions .live-toggle");
    wait_long("live again", 5, || toggle().contains("Live").then_some(())).await;
    assert!(panel_rows() > 0);
    root.remove();
}

#[wasm_bindgen_test]
async fn the_executions_list_is_live_puts_running_first_and_filters_by_time() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    signed_in_session().await;
    live::set_budget(live::DEFAULT_BUDGET);
    let (_app, root) = mount_at("/executions?running=first");
    wait_for("the list", || (rows() > 0).then_some(())).await;
    let running = || text_of(".running-now").unwrap_or_default();
    wait_for("the running section", || {
        (!running().contains("Loading")).then_some(())
    })
    .await;
    // Started now: the running section shows it without a reload.
    let x = start_install(serde_json::json!({"step_secs": 30}));
    wait_long("the new execution in the running section", 8, || {
        query(&format!(".running-now a[href='/executions/{}']", x.id))
    })
    .await;
    // ...and the list itself, newest first, also picks it up.
    wait_long("the new execution in the list", 10, || {
        query(&format!(".list-body a[href='/executions/{}']", x.id))
    })
    .await;
    assert!(text_of(".exec-list-head .live-toggle")
        .unwrap()
        .contains("Live"));

    root.remove();

    // A time range after everything: nothing; the URL carries it.
    let (_app, root) = mount_at("/executions?from=2099-01-01T00:00");
    wait_for("the empty list", || {
        text_of(".list-body").filter(|t| t.contains("No executions on this page"))
    })
    .await;
    let from: web_sys::HtmlInputElement = query("input[aria-label='Created from']")
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(from.value(), "2099-01-01T00:00");
    assert!(
        query(".running-now").is_none(),
        "running first only on request"
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn the_tasks_graph_shows_each_operation_live_and_gives_the_progress() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    signed_in_session().await;
    live::set_budget(live::DEFAULT_BUDGET);
    let x = start_install(serde_json::json!({"step_secs": 1}));
    let total = x.total_operations.unwrap() as usize;
    let (_app, root) = mount_at(&format!("/executions/{}", x.id));
    let ops = || {
        document()
            .query_selector_all(".tasks-graphs .graph-op")
            .unwrap()
            .length() as usize
    };
    wait_long("the graph's operations", 10, || {
        (ops() == total).then_some(())
    })
    .await;
    let done = || {
        document()
            .query_selector_all(".tasks-graphs .graph-op.succeeded")
            .unwrap()
            .length() as usize
    };
    // Live: operations turn green as the execution moves, without a reload.
    let first = done();
    wait_long("an operation succeeding", 10, || {
        (done() > first).then_some(())
    })
    .await;
    let now: usize = query("[role=progressbar]")
        .unwrap()
        .get_attribute("aria-valuenow")
        .unwrap()
        .parse()
        .unwrap();
    assert!(now >= 1 && now <= total, "progress {now} of {total}");
    assert_eq!(
        query("[role=progressbar]")
            .unwrap()
            .get_attribute("aria-valuemax")
            .unwrap(),
        total.to_string()
    );
    // Each operation links to its log lines.
    let href = query(".tasks-graphs .graph-op")
        .unwrap()
        .get_attribute("href")
        .unwrap();
    assert!(
        href.contains("operation=") && href.ends_with("#logs"),
        "{href}"
    );
    root.remove();
}

#[wasm_bindgen_test]
fn graph_layers_follow_dependencies_and_survive_cycles() {
    use baton_core::conductor::operations::Operation;
    use baton_web::pages::executions::graph::{counts, layers, Graph};
    let op = |id: &str, deps: &[&str], state: &str| Operation {
        id: id.into(),
        dependencies: Some(deps.iter().map(|d| d.to_string()).collect()),
        state: Some(state.into()),
        ..Operation::default()
    };
    let ops = vec![
        op("c", &["a", "b"], "pending"),
        op("a", &[], "succeeded"),
        op("b", &["a"], "FAILED"),
        op("x", &["y"], "started"),
        op("y", &["x"], "pending"),
        op("z", &["gone"], "pending"),
    ];
    let l = layers(&ops);
    assert_eq!(&l[..3], &[2, 0, 1]);
    assert!(l[3] <= 1 && l[4] <= 1, "a cycle does not loop: {l:?}");
    assert_eq!(l[5], 0, "an unknown dependency counts as none");
    let g = Graph {
        operations: ops,
        ..Graph::default()
    };
    assert_eq!(counts(&[g]), (2, 6));
}
