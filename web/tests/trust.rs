//! A console an operator can trust with a hostile or broken manager (issue 15): script payloads
//! in every field it shows stay text on every page family, a list with one bad entry keeps the
//! others and marks it, a value nested 200 levels deep leaves the deployment page readable, and
//! opening a deployment from the list and coming back asks the manager once per change.

#![cfg(target_arch = "wasm32")]

mod common;

use baton_core::conductor::auth::CreateToken;
use baton_core::conductor::resources::Event;
use baton_core::conductor::Label;
use baton_core::time::Timestamp;
use baton_core::{Credentials, Endpoint, Session};
use baton_web::api::demo::take_requests_sent;
use common::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const IMG: &str = "<img src=x onerror=\"window.__xss='img'\">";
const SCRIPT: &str = "<script>window.__xss='script'</script>";
const LINK: &str = "javascript:window.__xss='link'";
/// Shows as `invoice…exe.gpj` reversed, posing as a `.jpg`, unless isolated and made visible.
const RTL: &str = "invoice\u{202E}gpj.exe";

fn far_future() -> Timestamp {
    Timestamp(
        chrono::NaiveDate::from_ymd_opt(2099, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap(),
    )
}

fn admin() -> Session {
    Session::same_origin()
        .with_tenant("default_tenant")
        .with_credentials(Credentials::Basic {
            username: "admin".into(),
            password: "admin".into(),
        })
}

/// Nothing a payload carries became an element, an attribute or ran.
fn nothing_ran(page: &str) {
    let doc = document();
    let count = |sel: &str| doc.query_selector_all(sel).unwrap().length();
    assert_eq!(count("img[src='x']"), 0, "{page}: an <img> from a payload");
    assert_eq!(count("[onerror]"), 0, "{page}: an onerror attribute");
    let scripts = doc.query_selector_all("script").unwrap();
    for i in 0..scripts.length() {
        let text = scripts.item(i).unwrap().text_content().unwrap_or_default();
        assert!(!text.contains("__xss"), "{page}: a <script> from a payload");
    }
    let links = doc.query_selector_all("a[href]").unwrap();
    for i in 0..links.length() {
        let a: web_sys::Element = links.item(i).unwrap().dyn_into().unwrap();
        let href = a.get_attribute("href").unwrap_or_default();
        assert!(
            !href.trim().to_ascii_lowercase().starts_with("javascript:"),
            "{page}: a javascript: link {href}"
        );
    }
    let flag = js_sys::Reflect::get(&web_sys::window().unwrap(), &"__xss".into()).unwrap();
    assert!(flag.is_undefined(), "{page}: a payload ran: {flag:?}");
}

fn page_text(root: &web_sys::HtmlElement) -> String {
    root.text_content().unwrap_or_default()
}

/// Opens `path`, waits for `text` to show (as text), and checks nothing ran.
async fn visit(path: &str, text: &str) -> String {
    let (_app, root) = mount_at(path);
    let mut shown = None;
    for _ in 0..300 {
        let t = page_text(&root);
        if t.contains(text) {
            shown = Some(t);
            break;
        }
        sleep(20).await;
    }
    let Some(shown) = shown else {
        let t = page_text(&root);
        panic!(
            "{text:?} never showed on {path}: {}",
            &t[..t.len().min(2000)]
        );
    };
    // Give any injected element a moment to load or run.
    sleep(50).await;
    nothing_ran(path);
    root.remove();
    shown
}

/// Fills the demo manager's records with payloads; returns (deployment, blueprint, execution).
fn seed_payloads() -> (String, String, String) {
    with_manager(|m| {
        let t = m
            .tenants
            .iter_mut()
            .find(|t| t.name == "default_tenant")
            .unwrap();
        let exec_i = t
            .executions
            .iter()
            .position(|r| r.exec.deployment_id.is_some())
            .expect("an execution of a deployment");
        let dep_id = t.executions[exec_i].exec.deployment_id.clone().unwrap();
        let exec = &mut t.executions[exec_i].exec;
        exec.error = Some(format!("failed: {IMG}"));
        exec.deployment_display_name = Some(IMG.to_string());
        exec.workflow_id = Some(format!("install {IMG}"));
        exec.created_at = Some(far_future());
        exec.parameters
            .get_or_insert_with(Default::default)
            .insert("note".into(), SCRIPT.into());
        let exec_id = exec.id.clone();

        let d = t.deployments.iter_mut().find(|d| d.id == dep_id).unwrap();
        d.display_name = Some(format!("{RTL} {IMG}"));
        d.description = Some(SCRIPT.to_string());
        d.created_at = Some(far_future());
        d.labels
            .get_or_insert_with(Vec::new)
            .push(Label::new("owner", IMG));
        d.inputs
            .get_or_insert_with(Default::default)
            .insert("homepage".into(), LINK.into());
        let bp_id = d.blueprint_id.clone().unwrap();

        let b = t.blueprints.iter_mut().find(|b| b.id == bp_id).unwrap();
        b.description = Some(format!("{IMG} {SCRIPT}"));
        b.main_file_name = Some(LINK.to_string());
        b.created_at = Some(far_future());
        b.labels
            .get_or_insert_with(Vec::new)
            .push(Label::new("source", LINK));

        for e in t.events.iter_mut() {
            e.message = Some(format!("{IMG} {RTL}"));
        }
        t.events.push(Event {
            kind: Some("cloudify_event".into()),
            event_type: Some("workflow_failed".into()),
            message: Some(format!("{IMG} {RTL}")),
            execution_id: Some(exec_id.clone()),
            deployment_id: Some(dep_id.clone()),
            timestamp: Some(far_future()),
            reported_timestamp: Some(far_future()),
            ..Event::default()
        });

        if let Some(s) = t.schedules.first_mut() {
            s.id = format!("xss{IMG}");
        }

        let token = CreateToken {
            description: Some(format!("{IMG} {SCRIPT}")),
            expiration_date: None,
        };
        token
            .parse(m.handle(&token.request(&admin()), baton_web::api::now()))
            .unwrap();
        (dep_id, bp_id, exec_id)
    })
}

#[wasm_bindgen_test]
async fn script_payloads_render_as_text_on_every_page() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    signed_in_session().await;
    let (dep, bp, exec) = seed_payloads();
    let seg = baton_core::session::segment;

    // Deployments: the list and the page; the right-to-left override is made visible.
    let list = visit("/deployments", "onerror=").await;
    assert!(list.contains("⟦U+202E⟧"), "the override shows as a code");
    let page = visit(&format!("/deployments/{}", seg(&dep)), "onerror=").await;
    assert!(page.contains("⟦U+202E⟧"));
    visit(&format!("/deployments/{}", seg(&dep)), "<script>").await;
    // Blueprints: the list and the page.
    visit("/blueprints", "onerror=").await;
    visit(&format!("/blueprints/{}", seg(&bp)), "onerror=").await;
    // Executions: the list and one execution's page.
    visit("/executions", "onerror=").await;
    visit(&format!("/executions/{}", seg(&exec)), "onerror=").await;
    // Events and logs.
    visit("/events", "onerror=").await;
    // Schedules, found by their id.
    visit("/schedules?q=xss", "onerror=").await;
    // Tokens.
    visit("/tokens", "onerror=").await;
    with_manager(|m| *m = baton_sim::DemoManager::demo());
}

#[wasm_bindgen_test]
async fn names_are_direction_isolated() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    signed_in_session().await;
    seed_payloads();
    let (_app, root) = mount_at("/deployments");
    let cell = wait_for("the payload's name", || {
        let list = document().query_selector_all("table.list td bdi").unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i))
            .find(|n| n.text_content().unwrap_or_default().contains("gpj.exe"))
    })
    .await;
    // Inside <bdi>: its direction cannot leak into the rest of the row.
    assert_eq!(cell.node_name().to_ascii_lowercase(), "bdi");
    root.remove();
    with_manager(|m| *m = baton_sim::DemoManager::demo());
}

#[wasm_bindgen_test]
async fn a_list_with_one_bad_entry_shows_the_others_and_marks_it() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    signed_in_session().await;
    let body = r#"{"items": [
        {"id": "good-one", "display_name": "Good one", "blueprint_id": "bp"},
        {"id": 7, "display_name": "numeric id"},
        {"id": "bad-labels", "labels": "env:prod"},
        {"id": "bad-date", "created_at": "yesterday-ish"},
        {"id": "good-two", "display_name": "Good two", "blueprint_id": "bp"}
    ], "metadata": {"pagination": {"total": -5, "size": 50, "offset": 0}}}"#;
    let mut fault = Fault::raw("/deployments", 200, body);
    fault.method = Some(http::Method::GET);
    with_manager(|m| m.inject_fault(fault));
    let (_app, root) = mount_at("/deployments");
    wait_for("the bad rows", || query("tr.bad-row")).await;
    let names = texts("table.list tbody tr:not(.bad-row) td:first-child a");
    assert_eq!(names, ["Good one", "Good two"]);
    let bad = texts("tr.bad-row");
    assert_eq!(bad.len(), 3, "{bad:?}");
    assert!(
        bad[0].contains("Entry 2") && bad[0].contains("expected a string"),
        "{}",
        bad[0]
    );
    assert!(bad.iter().any(|b| b.contains("Entry 3")));
    assert!(bad.iter().any(|b| b.contains("Entry 4")));
    // Its JSON, on request, as text.
    assert!(query(".bad-row-raw").is_none());
    click("tr.bad-row button");
    let raw = wait_for("the raw JSON", || text_of(".bad-row-raw")).await;
    assert!(raw.contains("\"id\": 7"), "{raw}");
    // The total cannot be right: the pager says what arrived.
    let range = text_of(".pager .range").unwrap();
    assert_eq!(range, "1–5 (total unknown)");
    assert!(text_of(".list-doubt").unwrap().contains("-5"));
    root.remove();
    with_manager(|m| m.clear_faults());
}

#[wasm_bindgen_test]
async fn a_list_with_items_null_says_so_and_does_not_fail() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    signed_in_session().await;
    let mut fault = Fault::raw("/deployments", 200, r#"{"items": null, "metadata": {}}"#);
    fault.method = Some(http::Method::GET);
    with_manager(|m| m.inject_fault(fault));
    let (_app, root) = mount_at("/deployments");
    let note = wait_for("the doubt", || text_of(".list-doubt")).await;
    assert!(note.contains("items are null"), "{note}");
    assert!(query(".list-body .error").is_none());
    assert!(query(".empty").is_some());
    root.remove();
    with_manager(|m| m.clear_faults());
}

#[wasm_bindgen_test]
async fn a_value_nested_200_deep_leaves_the_deployment_page_readable() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    signed_in_session().await;
    let mut deep = String::new();
    for i in 0..200 {
        deep.push_str(&format!("{{\"level{i}\": "));
    }
    deep.push_str("\"the bottom\"");
    deep.push_str(&"}".repeat(200));
    let body = format!(
        r#"{{"id": "deep-one", "display_name": "Deep one", "blueprint_id": "bp",
            "description": "Still readable", "inputs": {{"nested": {deep}, "port": 8080}}}}"#
    );
    let mut fault = Fault::raw("/deployments/deep-one", 200, &body);
    fault.method = Some(http::Method::GET);
    with_manager(|m| m.inject_fault(fault));
    let (_app, root) = mount_at("/deployments/deep-one");
    wait_for("the deployment's name", || {
        page_text(&root).contains("Deep one").then_some(())
    })
    .await;
    let text = page_text(&root);
    assert!(!text.contains("recursion limit"), "the page failed: {text}");
    assert!(text.contains("Still readable"));
    root.remove();
    with_manager(|m| m.clear_faults());
}

/// `GET` requests in `sent`, by URL, that went out more than once.
fn repeated(sent: &[String]) -> Vec<String> {
    let gets: Vec<&String> = sent.iter().filter(|r| r.starts_with("GET ")).collect();
    let mut seen = std::collections::BTreeMap::<&str, usize>::new();
    for g in &gets {
        *seen.entry(g.as_str()).or_default() += 1;
    }
    seen.into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(u, n)| format!("{u} ×{n}"))
        .collect()
}

#[wasm_bindgen_test]
async fn opening_a_deployment_and_coming_back_asks_once_per_change() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    signed_in_session().await;
    take_requests_sent();
    let (_app, root) = mount_at("/deployments");
    wait_for("rows", || (rows() > 0).then_some(())).await;
    wait_for("the list settled", || query(".list-body[aria-busy=false]")).await;
    sleep(300).await;
    let opening = take_requests_sent();
    let lists = |sent: &[String]| {
        sent.iter()
            .filter(|r| r.starts_with("GET /api/v3.1/deployments?"))
            .count()
    };
    assert_eq!(lists(&opening), 1, "the list: {opening:#?}");
    assert!(repeated(&opening).is_empty(), "{:#?}", repeated(&opening));

    // Open the first deployment, as its link does: the router's in-app navigation (a click
    // here could reach a router of a console an earlier test mounted in this page).
    let href = query("table.list tbody tr td:first-child a")
        .and_then(|a| a.get_attribute("href"))
        .unwrap();
    go_to(&href);
    web_sys::window()
        .unwrap()
        .dispatch_event(&web_sys::Event::new("popstate").unwrap())
        .unwrap();
    wait_for("the deployment page", || {
        let t = page_text(&root);
        query("h1.title")
            .map(|_| ())
            .or_else(|| t.contains("Inputs").then_some(()))
    })
    .await;
    sleep(500).await;
    let detail = take_requests_sent();
    assert_eq!(
        lists(&detail),
        0,
        "opening a deployment re-sent the list: {detail:#?}"
    );
    assert!(
        detail
            .iter()
            .any(|r| r.starts_with("GET /api/v3.1/deployments/")),
        "{detail:#?}"
    );
    assert!(repeated(&detail).is_empty(), "{:#?}", repeated(&detail));

    // Back to the list: it asks once; the deployment's page asks nothing on leaving.
    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .back()
        .unwrap();
    wait_for("the list again", || {
        (rows() > 0 && query(".list-body[aria-busy=false]").is_some()).then_some(())
    })
    .await;
    sleep(500).await;
    let back = take_requests_sent();
    assert!(lists(&back) <= 1, "{back:#?}");
    assert!(
        !back
            .iter()
            .any(|r| r.starts_with("GET /api/v3.1/deployments/")),
        "leaving the page asked for the deployment again: {back:#?}"
    );
    assert!(repeated(&back).is_empty(), "{:#?}", repeated(&back));
    root.remove();
}
