//! Operating deployments in headless Chromium against the demo manager: create with inputs
//! (and a manager's 400 on one input), run a workflow with parameters and flags, update with
//! the preview before apply, delete only with the typed id, and a stale node-instance version.

#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use serde_json::json;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Sets a text field or text area the way typing does.
fn fill(selector: &str, value: &str) {
    let el = query(selector).unwrap_or_else(|| panic!("no {selector}"));
    js_sys::Reflect::set(&el, &"value".into(), &value.into()).unwrap();
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    el.dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
}

fn value_of(selector: &str) -> String {
    let el = query(selector).unwrap_or_else(|| panic!("no {selector}"));
    js_sys::Reflect::get(&el, &"value".into())
        .unwrap()
        .as_string()
        .unwrap_or_default()
}

/// Waits for a button to be enabled (the view updates on a later tick than the typing).
async fn wait_enabled(selector: &str) {
    wait_for(selector, || (!disabled(selector)).then_some(())).await;
}

fn disabled(selector: &str) -> bool {
    query(selector)
        .unwrap_or_else(|| panic!("no {selector}"))
        .dyn_into::<web_sys::HtmlButtonElement>()
        .unwrap()
        .disabled()
}

/// A deployment of the default tenant whose latest execution is over, so a workflow can run.
fn settled_deployment(skip: usize) -> String {
    with_manager(|m| {
        m.tenant("default_tenant")
            .unwrap()
            .deployments
            .iter()
            .filter(|d| {
                d.latest_execution_status
                    .as_ref()
                    .is_some_and(|s| s.is_final())
                    && d.blueprint_id.as_deref() != Some("environment")
            })
            .nth(skip)
            .unwrap()
            .id
            .clone()
    })
}

fn deployment_inputs(id: &str) -> Option<serde_json::Map<String, serde_json::Value>> {
    with_manager(|m| {
        m.tenant("default_tenant")?
            .deployments
            .iter()
            .find(|d| d.id == id)
            .map(|d| d.inputs.clone().unwrap_or_default())
    })
}

#[wasm_bindgen_test]
async fn create_sends_typed_inputs_and_shows_a_400_against_its_input() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    signed_in_session().await;
    let (_app, root) = mount_at("/deployments/new?blueprint_id=hello-world");
    wait_for("the region input", || {
        query("form.deployment-create [data-input='region'] input")
    })
    .await;
    // The id comes suggested from the blueprint.
    assert!(value_of("input[name=deployment_id]").starts_with("hello-world-"));

    // `region` has no default: the form refuses to send and says why.
    fill("input[name=deployment_id]", "made-by-test");
    click("form.deployment-create button[type=submit]");
    let why = wait_for("the region error", || {
        text_of("[data-input='region'].field-invalid .field-error").filter(|t| !t.is_empty())
    })
    .await;
    assert!(!why.is_empty());
    assert!(
        deployment_inputs("made-by-test").is_none(),
        "nothing was sent"
    );

    // A wrong type is named as it is typed.
    fill("form.deployment-create [data-input='port'] input", "eighty");
    wait_for("the port error", || {
        text_of("[data-input='port'].field-invalid .field-error").filter(|t| !t.is_empty())
    })
    .await;
    fill("form.deployment-create [data-input='port'] input", "9090");
    fill(
        "form.deployment-create [data-input='region'] input",
        "eu-west-1",
    );

    // The manager refuses one input: the message lands under that input, nothing typed is lost.
    let mut fault = Fault::new(
        "/deployments/made-by-test",
        400,
        "missing_required_deployment_input_error",
        "Required input(s) port were not specified - expected inputs: [enable_backups, instance_type, port, region]",
    );
    fault.method = Some(http::Method::PUT);
    fail_once(fault);
    click("form.deployment-create button[type=submit]");
    wait_for("the manager's error under port", || {
        text_of("[data-input='port'].field-invalid .field-error")
            .filter(|t| t.contains("Required input"))
    })
    .await;
    assert!(text_of(".error")
        .unwrap()
        .contains("missing_required_deployment_input_error"));
    assert_eq!(
        value_of("form.deployment-create [data-input='region'] input"),
        "eu-west-1"
    );
    assert_eq!(
        value_of("form.deployment-create [data-input='port'] input"),
        "9090"
    );

    // Changed and sent again, it is created with the typed values and install starts.
    fill("form.deployment-create [data-input='port'] input", "9091");
    fill("form.deployment-create [data-input='port'] input", "9090");
    click("form.deployment-create button[type=submit]");
    wait_for("the new deployment's page", || {
        text_of(".notice").filter(|t| t.contains("started"))
    })
    .await;
    let inputs = deployment_inputs("made-by-test").expect("created");
    assert_eq!(inputs["port"], json!(9090));
    assert_eq!(inputs["region"], json!("eu-west-1"));
    assert_eq!(inputs["instance_type"], json!("t3.small"));
    let install = with_manager(|m| {
        m.tenant("default_tenant")
            .unwrap()
            .executions
            .iter()
            .any(|x| {
                x.exec.deployment_id.as_deref() == Some("made-by-test")
                    && x.exec.workflow_id.as_deref() == Some("install")
            })
    });
    assert!(install, "install was started");
    root.remove();
}

#[wasm_bindgen_test]
async fn a_workflow_runs_with_its_parameters_and_flags() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    signed_in_session().await;
    let id = settled_deployment(0);
    let (_app, root) = mount_at(&format!("/deployments/{id}?do=run&workflow=scale"));
    wait_for("the scale parameters", || {
        query(".panel [data-input='scalable_entity_name'] input")
    })
    .await;
    assert_eq!(
        value_of(".panel [data-input='delta'] input"),
        "1",
        "the default"
    );
    fill(".panel [data-input='scalable_entity_name'] input", "app");
    fill(".panel [data-input='delta'] input", "3");
    click(".panel input[name=force]");
    click(".panel input[name=dry_run]");
    click(".panel button[type=submit]");
    let notice = wait_for("the started execution", || {
        text_of(".notice").filter(|t| t.contains("started"))
    })
    .await;
    let link = query(".notice a").unwrap().get_attribute("href").unwrap();
    assert!(link.starts_with("/executions/"), "{link} ({notice})");
    let exec_id = link.trim_start_matches("/executions/").to_string();
    let (workflow, params, dry, force) = with_manager(|m| {
        let x = m
            .tenant("default_tenant")
            .unwrap()
            .executions
            .iter()
            .find(|x| x.exec.id == exec_id)
            .expect("the execution exists")
            .clone();
        (
            x.exec.workflow_id.clone(),
            x.exec.parameters.clone().unwrap_or_default(),
            x.exec.is_dry_run,
            x.force,
        )
    });
    assert_eq!(workflow.as_deref(), Some("scale"));
    assert_eq!(params["scalable_entity_name"], json!("app"));
    assert_eq!(params["delta"], json!(3));
    assert_eq!(dry, Some(true));
    assert!(force);
    root.remove();
}

#[wasm_bindgen_test]
async fn an_update_is_previewed_before_it_is_applied() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    signed_in_session().await;
    let id = settled_deployment(1);
    let before = deployment_inputs(&id).unwrap();
    let (_app, root) = mount_at(&format!("/deployments/{id}?do=update"));
    wait_for("the current port", || {
        query(".panel [data-input='port'] input")
            .filter(|_| !value_of(".panel [data-input='port'] input").is_empty())
    })
    .await;
    assert_eq!(
        value_of(".panel [data-input='port'] input"),
        before["port"].to_string()
    );
    assert!(
        disabled(".panel button.apply"),
        "nothing to apply before a preview"
    );
    fill(".panel [data-input='port'] input", "9999");
    click(".panel button[type=submit]");
    wait_for("the preview", || query(".update-preview tr.diff-changed")).await;
    let changed = text_of(".update-preview tr.diff-changed").unwrap();
    assert!(
        changed.contains("port") && changed.contains("9999"),
        "{changed}"
    );
    assert!(text_of(".update-preview .steps")
        .unwrap()
        .contains("inputs:port"));
    assert_eq!(
        deployment_inputs(&id).unwrap()["port"],
        before["port"],
        "a preview changes nothing"
    );
    wait_enabled(".panel button.apply").await;
    click(".panel button.apply");
    wait_for("the update applied", || {
        (deployment_inputs(&id).unwrap()["port"] == json!(9999)).then_some(())
    })
    .await;
    wait_for("the update in the list", || query("#updates table.updates")).await;
    root.remove();
}

#[wasm_bindgen_test]
async fn delete_needs_the_typed_id() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    signed_in_session().await;
    let id = settled_deployment(2);
    let (_app, root) = mount_at(&format!("/deployments/{id}?do=delete"));
    wait_for("the confirmation", || {
        query("dialog.confirm[open] input[name=confirm-id]")
    })
    .await;
    assert!(disabled("dialog.confirm button[type=submit]"));
    fill("dialog.confirm input[name=confirm-id]", &id[..id.len() - 1]);
    sleep(100).await;
    assert!(
        disabled("dialog.confirm button[type=submit]"),
        "a near miss does not arm it"
    );
    fill("dialog.confirm input[name=confirm-id]", &id);
    wait_enabled("dialog.confirm button[type=submit]").await;
    click("dialog.confirm input[name=force]");
    click("dialog.confirm button[type=submit]");
    wait_for("gone from the manager", || {
        deployment_inputs(&id).is_none().then_some(())
    })
    .await;
    wait_for("back on the list", || {
        (web_sys::window().unwrap().location().pathname().unwrap() == "/deployments").then_some(())
    })
    .await;
    root.remove();
}

#[wasm_bindgen_test]
async fn a_stale_instance_version_shows_both_versions_and_overwrites_nothing() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    signed_in_session().await;
    let id = settled_deployment(3);
    let instance = with_manager(|m| {
        m.tenant("default_tenant")
            .unwrap()
            .node_instances
            .iter()
            .find(|i| i.deployment_id.as_deref() == Some(&id) && i.node_id.as_deref() == Some("vm"))
            .unwrap()
            .id
            .clone()
    });
    let card = format!(".card.instance[data-instance='{instance}']");
    let (_app, root) = mount_at(&format!("/deployments/{id}?node=vm"));
    wait_for("the instance", || query(&format!("{card} button.edit"))).await;
    click(&format!("{card} button.edit"));
    wait_for("the editor", || query(&format!("{card} textarea"))).await;
    fill(&format!("{card} textarea"), r#"{"ip": "10.0.0.9"}"#);
    // Meanwhile someone else saves.
    let stored = |m: &mut baton_sim::DemoManager| {
        m.tenant_mut("default_tenant")
            .unwrap()
            .node_instances
            .iter_mut()
            .find(|i| i.id == instance)
            .map(|i| (i.version, i.runtime_properties.clone()))
            .unwrap()
    };
    with_manager(|m| {
        let i = m
            .tenant_mut("default_tenant")
            .unwrap()
            .node_instances
            .iter_mut()
            .find(|i| i.id == instance)
            .unwrap();
        i.version = Some(i.version.unwrap_or(1) + 1);
        i.runtime_properties = json!({"ip": "10.0.0.1"}).as_object().cloned();
    });
    click(&format!("{card} button.save"));
    wait_for("the conflict", || query(&format!("{card} .conflict"))).await;
    assert!(text_of(&format!("{card} .conflict .mine"))
        .unwrap()
        .contains("10.0.0.9"));
    assert!(text_of(&format!("{card} .conflict .theirs"))
        .unwrap()
        .contains("10.0.0.1"));
    let (_, props) = with_manager(stored);
    assert_eq!(
        props.unwrap()["ip"],
        json!("10.0.0.1"),
        "nothing overwritten"
    );
    // Choosing to keep one's own saves it on top of the current version.
    click(&format!("{card} button.keep-mine"));
    wait_for("saved over theirs", || {
        let (_, p) = with_manager(stored);
        (p.unwrap_or_default().get("ip") == Some(&json!("10.0.0.9"))).then_some(())
    })
    .await;
    wait_for("the conflict closed", || {
        query(&format!("{card} .conflict")).is_none().then_some(())
    })
    .await;
    root.remove();
}

#[wasm_bindgen_test]
async fn labels_are_checked_then_saved() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    signed_in_session().await;
    let id = settled_deployment(4);
    let (_app, root) = mount_at(&format!("/deployments/{id}"));
    wait_for("the labels editor", || {
        query("#labels input[name=label-key]")
    })
    .await;
    fill("#labels input[name=label-key]", "csys-made-up");
    fill("#labels input[name=label-value]", "x");
    click("#labels .inline-form button");
    let why = wait_for("the label rule", || text_of("#labels .field-error")).await;
    assert!(why.contains("reserved"), "{why}");
    fill("#labels input[name=label-key]", "Owner-Team");
    fill("#labels input[name=label-value]", "sre");
    click("#labels .inline-form button");
    wait_enabled("#labels button.save-labels").await;
    click("#labels button.save-labels");
    wait_for("saved on the manager", || {
        if let Some(e) = text_of(".error") {
            panic!("the save failed: {e}");
        }
        with_manager(|m| {
            m.tenant("default_tenant")
                .unwrap()
                .deployments
                .iter()
                .find(|d| d.id == id)
                .and_then(|d| d.label("owner-team").map(str::to_string))
        })
        .filter(|v| v == "sre")
    })
    .await;
    // Chips come ordered by key.
    let keys = texts("#labels .chip-key");
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    root.remove();
}
