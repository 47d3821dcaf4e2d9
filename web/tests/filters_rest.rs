//! The rest of the filters issue in headless Chromium against the demo manager: pickers ask
//! `/searches/<resource>` under an input's constraints and say why nothing is offered; the
//! bulk "Run workflow" takes its parameters through the form engine; a saved view restores the
//! list's columns and sort. Also the browser measurement of the local filter preview (ignored:
//! run it with `--release`, see docs/performance.md).

#![cfg(target_arch = "wasm32")]

mod common;

use std::cell::Cell;

use baton_core::conductor::deployments::{Deployment, ListDeployments};
use baton_core::filters::FilterRule;
use baton_core::ListQuery;
use baton_web::api::Api;
use baton_web::components::form::{FormState, SchemaForm};
use common::document;
use common::*;
use leptos::prelude::*;
use serde_json::{json, Value};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

thread_local! {
    static FORM: Cell<Option<FormState>> = const { Cell::new(None) };
}

/// A form for `schema` mounted on its own (no deployment or blueprint as context).
fn mount_form(
    schema: Value,
) -> (
    leptos::mount::UnmountHandle<impl leptos::tachys::view::Mountable>,
    HtmlElement,
    FormState,
) {
    let root: HtmlElement = document()
        .create_element("div")
        .unwrap()
        .dyn_into()
        .unwrap();
    root.set_class_name("test-root");
    document().body().unwrap().append_child(&root).unwrap();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(Api::new());
        let form = FormState::new(&schema);
        FORM.with(|f| f.set(Some(form)));
        view! { <SchemaForm form=form/> }
    });
    (handle, root, FORM.with(|f| f.get()).unwrap())
}

fn input_of(name: &str) -> HtmlInputElement {
    query(&format!(".field[data-input=\"{name}\"] input"))
        .unwrap_or_else(|| panic!("no input {name}"))
        .dyn_into()
        .unwrap()
}

fn fire(el: &web_sys::Element, kind: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    el.dispatch_event(&web_sys::Event::new_with_event_init_dict(kind, &init).unwrap())
        .unwrap();
}

fn key(el: &web_sys::Element, key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    el.dispatch_event(&ev).unwrap();
}

const OPEN_LIST: &str = ".picker-list:not([hidden])";

/// The values offered once the picker has its answer (empty when it explains why).
async fn offered() -> Vec<String> {
    wait_for("the picker's answer", || {
        let busy = query(&format!("{OPEN_LIST} [aria-busy]")).is_some();
        let opts = texts(&format!("{OPEN_LIST} .picker-option .picker-value"));
        let note = query(&format!("{OPEN_LIST} .picker-empty")).is_some();
        (!busy && (!opts.is_empty() || note)).then_some(opts)
    })
    .await
}

/// Every demo deployment with its labels and display name, straight from the manager.
async fn all_deployments() -> Vec<Deployment> {
    let mut out = Vec::new();
    loop {
        let page = Api::new()
            .call(&ListDeployments {
                query: ListQuery::new()
                    .include(["id", "display_name", "labels"])
                    .page(1000, out.len() as u32),
            })
            .await
            .unwrap();
        let last = page.is_last() || page.items.is_empty();
        out.extend(page.items);
        if last {
            return out;
        }
    }
}

#[wasm_bindgen_test]
async fn a_picker_offers_the_deployments_its_constraints_allow_and_is_used_with_the_keyboard() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    signed_in_session().await;
    let expected: Vec<String> = all_deployments()
        .await
        .into_iter()
        .filter(|d| {
            d.labels
                .iter()
                .flatten()
                .any(|l| l.key == "env" && l.value == "prod")
                && d.display_name
                    .as_deref()
                    .is_some_and(|n| n.starts_with("Prod environment"))
        })
        .map(|d| d.id)
        .collect();
    assert!(!expected.is_empty(), "the demo has prod environments");
    let (_h, root, form) = mount_form(json!({
        "target": {"type": "deployment_id", "required": true, "constraints": [
            {"labels": [{"env": "prod"}]},
            {"name_pattern": {"starts_with": "Prod environment"}}
        ]},
        "nothing": {"type": "deployment_id", "required": false, "constraints": [
            {"labels": [{"env": "prod"}]},
            {"name_pattern": {"starts_with": "Staging"}}
        ]}
    }));
    let target = input_of("target");
    target.focus().unwrap();
    fire(&target, "focus");
    let shown = offered().await;
    // Ten at most; each one the manager would accept, and all of them when they fit.
    assert!(
        shown.iter().all(|id| expected.contains(id)),
        "{shown:?} not in {expected:?}"
    );
    assert_eq!(shown.len(), expected.len().min(10), "{shown:?}");

    // Arrow keys move through the choices (wrapping), Enter takes the one shown as chosen.
    let active_is = |want: String| async move {
        wait_for(&format!("{want} shown as chosen"), || {
            let now = texts(&format!(
                "{OPEN_LIST} .picker-option[aria-selected=true] .picker-value"
            ));
            (now == [want.clone()]).then_some(())
        })
        .await
    };
    key(&target, "ArrowDown");
    active_is(shown[0].clone()).await;
    key(&target, "ArrowUp");
    active_is(shown[shown.len() - 1].clone()).await;
    key(&target, "ArrowDown");
    active_is(shown[0].clone()).await;
    assert!(
        target.get_attribute("aria-activedescendant").is_some(),
        "the input names the chosen option"
    );
    key(&target, "Enter");
    wait_for("the list closed", || {
        query(OPEN_LIST).is_none().then_some(())
    })
    .await;
    assert_eq!(target.value(), shown[0]);
    assert_eq!(
        form.result.get_untracked().unwrap().get("target"),
        Some(&json!(shown[0]))
    );
    // Escape closes the list without changing the value.
    key(&target, "ArrowDown");
    offered().await;
    key(&target, "ArrowDown");
    key(&target, "Escape");
    wait_for("the list closed", || {
        query(OPEN_LIST).is_none().then_some(())
    })
    .await;
    assert_eq!(target.value(), shown[0]);
    target.blur().unwrap();
    fire(&target, "blur");

    // Nothing satisfies the constraints: the list says so, naming them.
    let nothing = input_of("nothing");
    nothing.focus().unwrap();
    fire(&nothing, "focus");
    assert!(offered().await.is_empty());
    assert_eq!(
        text_of(&format!("{OPEN_LIST} .picker-empty")).unwrap(),
        "No deployments satisfy this input's constraints: label env=prod, name starts with “Staging”."
    );
    // What is typed narrows it further, and the message says so too.
    nothing.set_value("zz");
    fire(&nothing, "input");
    wait_for("the message with what is typed", || {
        text_of(&format!("{OPEN_LIST} .picker-empty")).filter(|t| t.contains("matching “zz”"))
    })
    .await;
    root.remove();
}

/// Selects the first `n` rows of the list on screen.
fn select_rows(n: u32) {
    let boxes = document()
        .query_selector_all("table.list tbody tr input.row-select")
        .unwrap();
    for i in 0..n {
        let b: HtmlElement = boxes.item(i).unwrap().dyn_into().unwrap();
        b.click();
    }
}

#[wasm_bindgen_test]
async fn a_bulk_run_sends_the_parameters_typed_in_the_workflows_form() {
    use baton_core::conductor::executions::{GetExecution, GetExecutionGroup};
    let _turn = exclusive().await;
    baton_web::stored::clear();
    signed_in_session().await;
    let (_app, root) = mount_at("/deployments?size=20");
    wait_for("rows", || (rows() > 0).then_some(())).await;
    select_rows(2);
    click("button.groups-run");
    // The workflows both deployments have, each with its parameters as fields.
    wait_for("the workflows", || {
        query("dialog[open] select[name=workflow]")
    })
    .await;
    let select: web_sys::HtmlSelectElement = query("dialog[open] select[name=workflow]")
        .unwrap()
        .dyn_into()
        .unwrap();
    select.set_value("scale");
    assert_eq!(select.value(), "scale", "scale is offered");
    fire(&select, "change");
    let delta = wait_for("the scale parameters", || {
        query("dialog[open] .field[data-input=\"delta\"] input")
    })
    .await;
    let delta: HtmlInputElement = delta.dyn_into().unwrap();
    assert_eq!(delta.value(), "1", "the default is filled in");

    // A wrong value is refused before anything is sent, on its field.
    delta.set_value("three");
    fire(&delta, "input");
    let _ = baton_web::api::demo::take_requests_sent();
    click("dialog[open] button[type=submit]");
    let why = wait_for("the field's message", || {
        text_of("dialog[open] .field[data-input=\"delta\"] .field-error").filter(|t| !t.is_empty())
    })
    .await;
    assert!(why.contains("not a whole number"), "{why}");
    assert!(
        !baton_web::api::demo::take_requests_sent()
            .iter()
            .any(|r| r.starts_with("POST")),
        "nothing is sent"
    );

    let entity: HtmlInputElement =
        query("dialog[open] .field[data-input=\"scalable_entity_name\"] input")
            .expect("the form kept its fields")
            .dyn_into()
            .unwrap();
    entity.set_value("vm");
    fire(&entity, "input");
    let delta: HtmlInputElement = query("dialog[open] .field[data-input=\"delta\"] input")
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(delta.value(), "three", "what was typed is kept");
    delta.set_value("3");
    fire(&delta, "input");
    click("dialog[open] button[type=submit]");
    let group = wait_within("the execution group's board", 10_000, || {
        let path = web_sys::window().unwrap().location().pathname().ok()?;
        path.strip_prefix("/execution-groups/").map(str::to_string)
    })
    .await;
    let api = Api::new();
    let eg = api
        .call(&GetExecutionGroup {
            id: group.clone(),
            include: vec![],
        })
        .await
        .unwrap();
    assert_eq!(eg.workflow_id.as_deref(), Some("scale"));
    let execs = eg.execution_ids.unwrap_or_default();
    assert_eq!(execs.len(), 2, "{execs:?}");
    for id in execs {
        let e = api
            .call(&GetExecution {
                id: id.clone(),
                include: vec![],
            })
            .await
            .unwrap();
        let p = e.parameters.unwrap_or_default();
        assert_eq!(
            p.get("scalable_entity_name"),
            Some(&json!("vm")),
            "{id}: {p:?}"
        );
        assert_eq!(p.get("delta"), Some(&json!(3)), "{id}: {p:?}");
    }
    root.remove();
}

#[wasm_bindgen_test]
async fn a_groups_run_takes_its_workflows_parameters_too() {
    use baton_core::conductor::executions::{GetExecution, GetExecutionGroup};
    use baton_core::conductor::groups::{
        DeploymentGroupSpec, DeploymentSelection, PutDeploymentGroup,
    };
    let _turn = exclusive().await;
    baton_web::stored::clear();
    signed_in_session().await;
    let api = Api::new();
    let ids: Vec<String> = all_deployments()
        .await
        .into_iter()
        .take(3)
        .map(|d| d.id)
        .collect();
    api.call(&PutDeploymentGroup {
        id: "baton-run-params".into(),
        spec: DeploymentGroupSpec {
            members: DeploymentSelection::ids(ids.clone()),
            ..Default::default()
        },
    })
    .await
    .unwrap();
    let (_app, root) = mount_at("/deployment-groups/baton-run-params");
    wait_for("the group's run button", || query("button.groups-run")).await;
    click("button.groups-run");
    let select: web_sys::HtmlSelectElement = wait_for("the group's workflows", || {
        query("dialog[open] select[name=workflow]")
    })
    .await
    .dyn_into()
    .unwrap();
    select.set_value("uninstall");
    fire(&select, "change");
    let ignore: HtmlInputElement = wait_for("uninstall's parameter", || {
        query("dialog[open] .field[data-input=\"ignore_failure\"] input[type=checkbox]")
    })
    .await
    .dyn_into()
    .unwrap();
    assert!(!ignore.checked(), "its default, false");
    ignore.click();
    // One deployment gets its own value: a typo is said on the field, nothing sent, the dialog
    // kept; then the override goes with the run.
    let overrides = "dialog[open] textarea[name=per_deployment_parameters]";
    type_into(overrides, "{\"oops\"");
    click("dialog[open] button[type=submit]");
    let said = wait_for("the per-deployment field's message", || {
        text_of("dialog[open] .groups-overrides .field-error")
    })
    .await;
    assert!(said.contains("not valid JSON"), "{said}");
    type_into(
        overrides,
        &format!("{{\"{}\": {{\"ignore_failure\": false}}}}", ids[0]),
    );
    click("dialog[open] button[type=submit]");
    let group = wait_within("the execution group's board", 10_000, || {
        let path = web_sys::window().unwrap().location().pathname().ok()?;
        path.strip_prefix("/execution-groups/").map(str::to_string)
    })
    .await;
    let eg = api
        .call(&GetExecutionGroup {
            id: group,
            include: vec![],
        })
        .await
        .unwrap();
    assert_eq!(eg.deployment_group_id.as_deref(), Some("baton-run-params"));
    let execs = eg.execution_ids.unwrap_or_default();
    assert_eq!(execs.len(), ids.len());
    for id in execs {
        let e = api
            .call(&GetExecution {
                id: id.clone(),
                include: vec![],
            })
            .await
            .unwrap();
        assert_eq!(e.workflow_id.as_deref(), Some("uninstall"));
        let p = e.parameters.unwrap_or_default();
        let own = e.deployment_id.as_deref() == Some(ids[0].as_str());
        assert_eq!(p.get("ignore_failure"), Some(&json!(!own)), "{id}: {p:?}");
    }
    root.remove();
}

#[wasm_bindgen_test]
async fn a_saved_view_restores_its_columns_and_sort() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    signed_in_session().await;
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.remove_item("baton.columns:/deployments").unwrap();
    storage.remove_item("baton.views:/deployments").unwrap();
    let headers = || texts("table.list thead th");
    let here = || web_sys::window().unwrap().location().search().unwrap();

    let (app, root) = mount_at("/deployments?sort=blueprint_id");
    wait_for("rows", || (rows() > 0).then_some(())).await;
    click("details.columns summary");
    click("details.columns input[name=Labels]");
    wait_for("the column gone", || {
        (!headers().iter().any(|h| h == "Labels")).then_some(())
    })
    .await;
    assert!(here().contains("hide=Labels"), "{}", here());
    // The prompt for the view's name.
    js_sys::eval("window.prompt = () => 'By blueprint, no labels'").unwrap();
    click(".filters-save-view");
    wait_for("the view's chip", || {
        row_containing(".filters-view", "By blueprint, no labels")
    })
    .await;
    drop(app);
    root.remove();

    // Another day: every column shown, another sort.
    storage.remove_item("baton.columns:/deployments").unwrap();
    let (app, root) = mount_at("/deployments");
    wait_for("rows", || (rows() > 0).then_some(())).await;
    assert!(headers().iter().any(|h| h == "Labels"), "{:?}", headers());
    // The view's chip opens its link (followed here as the router would).
    let href = row_containing(".filters-view", "By blueprint, no labels")
        .and_then(|c| c.query_selector("a").ok().flatten())
        .and_then(|a| a.get_attribute("href"))
        .expect("the view's link");
    drop(app);
    root.remove();
    let (_app, root) = mount_at(&href);
    wait_for("rows", || (rows() > 0).then_some(())).await;
    wait_for("the view's columns", || {
        (!headers().iter().any(|h| h == "Labels")).then_some(())
    })
    .await;
    assert!(here().contains("sort=blueprint_id"), "{}", here());
    assert!(here().contains("hide=Labels"), "{}", here());
    assert!(
        headers()
            .iter()
            .any(|h| h.starts_with("Blueprint") && h.contains('▲')),
        "sorted by blueprint: {:?}",
        headers()
    );
    wait_for("the chip shown as the view in use", || {
        query(".filters-view.active").filter(|c| {
            c.text_content()
                .unwrap_or_default()
                .contains("By blueprint")
        })
    })
    .await;
    root.remove();
    storage.remove_item("baton.columns:/deployments").unwrap();
    storage.remove_item("baton.views:/deployments").unwrap();
}

/// A measurement, not a timed test: the local preview (10 rules, compiled once, counted over
/// every loaded deployment) over 10,000 and 100,000 deployments in wasm. It logs the median of
/// eleven runs and asserts only the count (against the uncompiled evaluator).
#[wasm_bindgen_test]
#[ignore = "a measurement: run with --release -- --include-ignored measure"]
async fn measure_the_local_preview_over_10k_and_100k_deployments() {
    use baton_core::conductor::deployments::Deployment;
    use baton_core::conductor::Label;
    use baton_core::filters::{matches_all, CompiledRules, RuleType};
    const ENVS: [&str; 4] = ["prod", "staging", "dev", "qa"];
    const REGIONS: [&str; 5] = [
        "us-east-1",
        "us-west-2",
        "eu-west-1",
        "eu-central-1",
        "ap-south-1",
    ];
    const TIERS: [&str; 4] = ["frontend", "backend", "data", "network"];
    let make = |n: usize| -> Vec<Deployment> {
        (0..n)
            .map(|i| Deployment {
                id: format!("web-app-{}-{i:06}", ENVS[i % 4]),
                blueprint_id: Some(format!("bp-{}", i % 50)),
                site_name: (i % 3 != 0).then(|| format!("site-{}", i % 7)),
                created_by: Some(["admin", "alice", "bob"][i % 3].to_string()),
                labels: Some(vec![
                    Label::new("env", ENVS[i % 4]),
                    Label::new("region", REGIONS[i % 5]),
                    Label::new("tier", TIERS[(i / 4) % 4]),
                ]),
                ..Deployment::default()
            })
            .collect()
    };
    let lines = [
        ("env=[prod,staging]", RuleType::Label),
        ("region!=ap-south-1", RuleType::Label),
        ("tier is-not network", RuleType::Label),
        ("team is null", RuleType::Label),
        ("env is not null", RuleType::Label),
        ("blueprint_id starts-with bp-", RuleType::Attribute),
        ("blueprint_id does-not-contain bp-49", RuleType::Attribute),
        ("id contains web", RuleType::Attribute),
        ("site_name is not empty", RuleType::Attribute),
        ("created_by!=bob", RuleType::Attribute),
    ];
    let rules: Vec<FilterRule> = lines
        .iter()
        .map(|(l, t)| FilterRule::parse_cli(l, t.clone()).unwrap())
        .collect();
    let perf = web_sys::window().unwrap().performance().unwrap();
    for n in [10_000usize, 100_000] {
        let items = make(n);
        let expected = items.iter().filter(|d| matches_all(&rules, *d)).count();
        assert!(expected > 0 && expected < n);
        let mut times = Vec::new();
        for _ in 0..11 {
            let t0 = perf.now();
            let compiled = CompiledRules::new(&rules);
            let count = items.iter().filter(|d| compiled.matches(*d)).count();
            times.push(perf.now() - t0);
            assert_eq!(count, expected);
        }
        times.sort_by(|a, b| a.total_cmp(b));
        console_log!(
            "local preview, 10 rules over {n} deployments: median {:.1} ms ({expected} match)",
            times[5]
        );
    }
}
