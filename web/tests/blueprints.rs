//! Blueprints in headless Chromium against the built-in demo manager: uploading from a file
//! with byte progress and the manager's states, a failed upload, delete refused while in
//! use, labels checked with the manager's rules, and the topology drawn from the plan.

#![cfg(target_arch = "wasm32")]

mod common;

use std::cell::RefCell;
use std::rc::Rc;

use baton_core::conductor::blueprints::{BlueprintSource, UploadBlueprint};
use common::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlInputElement;

wasm_bindgen_test_configure!(run_in_browser);

/// A ustar archive holding `bp/<name>` for each file.
fn tar(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, data) in files {
        let path = format!("bp/{name}");
        let mut h = [0u8; 512];
        h[..path.len()].copy_from_slice(path.as_bytes());
        h[100..108].copy_from_slice(b"0000644\0");
        h[124..136].copy_from_slice(format!("{:011o}\0", data.len()).as_bytes());
        h[156] = b'0';
        h[257..263].copy_from_slice(b"ustar\0");
        h[148..156].fill(b' ');
        let sum: u32 = h.iter().map(|&c| u32::from(c)).sum();
        h[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
        out.extend_from_slice(&h);
        out.extend_from_slice(data);
        out.resize(out.len().div_ceil(512) * 512, 0);
    }
    out.resize(out.len() + 1024, 0);
    out
}

fn file(name: &str, bytes: &[u8]) -> web_sys::File {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    web_sys::File::new_with_u8_array_sequence(&parts, name).unwrap()
}

/// Picks `f` in the file input `selector`, like the operator would in the dialog.
fn pick(selector: &str, f: &web_sys::File) {
    let dt = web_sys::DataTransfer::new().unwrap();
    dt.items().add_with_file(f).unwrap();
    let input: HtmlInputElement = query(selector).unwrap().dyn_into().unwrap();
    input.set_files(dt.files().as_ref());
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let ev = web_sys::Event::new_with_event_init_dict("change", &init).unwrap();
    input.dispatch_event(&ev).unwrap();
}

/// Drops `f` on the element `selector`.
fn drop_on(selector: &str, f: &web_sys::File) {
    let dt = web_sys::DataTransfer::new().unwrap();
    dt.items().add_with_file(f).unwrap();
    let init = web_sys::DragEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_data_transfer(Some(&dt));
    let ev = web_sys::DragEvent::new_with_event_init_dict("drop", &init).unwrap();
    query(selector).unwrap().dispatch_event(&ev).unwrap();
}

fn value_of(selector: &str) -> String {
    query(selector)
        .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
        .map(|i| i.value())
        .unwrap_or_default()
}

fn big_archive() -> Vec<u8> {
    // Large enough for several progress reports.
    let filler = vec![b'#'; 300 * 1024];
    tar(&[
        (
            "blueprint.yaml",
            b"tosca_definitions_version: cloudify_dsl_1_5\n",
        ),
        ("other.yaml", b"x: 1\n"),
        ("scripts/filler.txt", &filler),
    ])
}

#[wasm_bindgen_test]
async fn upload_reports_bytes_sent_in_order_up_to_the_body_length() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    signed_in_session().await;
    let api = baton_web::api::Api::new();
    let call = UploadBlueprint {
        id: "progress-check".into(),
        source: BlueprintSource::Archive {
            file_name: "p.tar".into(),
            bytes: big_archive(),
        },
        async_upload: true,
        boundary: "b0undary".into(),
        ..Default::default()
    };
    let body_len = call.multipart().to_bytes().len() as u64;
    let seen = Rc::new(RefCell::new(Vec::new()));
    let record = seen.clone();
    let bp = api
        .send_with_progress(&call, move |sent, total| {
            record.borrow_mut().push((sent, total))
        })
        .await
        .unwrap();
    assert_eq!(bp.id, "progress-check");
    let seen = seen.borrow();
    assert!(seen.len() >= 4, "only {} reports", seen.len());
    assert!(seen.windows(2).all(|w| w[0].0 < w[1].0), "{seen:?}");
    assert!(seen.iter().all(|(_, total)| *total == body_len));
    assert_eq!(seen.last().unwrap().0, body_len);
}

#[wasm_bindgen_test]
async fn upload_from_a_file_shows_progress_and_follows_the_manager_states() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    signed_in_session().await;
    let (_app, root) = mount_at("/blueprints?upload=1");
    wait_for("the upload panel", || {
        query(".upload-panel input[name=archive]")
    })
    .await;
    pick(
        ".upload-panel input[name=archive]",
        &file("shop-app.tar", &big_archive()),
    );
    // The archive is read in the browser: its YAML files are offered, the id is suggested.
    let listed = wait_for("the archive's YAML files", || text_of(".yaml-files")).await;
    assert!(listed.contains("blueprint.yaml, other.yaml"), "{listed}");
    assert_eq!(value_of("#bp-id"), "shop-app");
    assert_eq!(value_of("#bp-main"), "blueprint.yaml");
    type_into("input[name=label-key]", "team");
    type_into("input[name=label-value]", "shop");
    click(".label-add-button");
    wait_for("the label chip", || {
        texts(".upload-panel .chip")
            .into_iter()
            .find(|c| c.contains("team: shop"))
    })
    .await;
    click(".upload-panel button[type=submit]");
    // Bytes sent, then the manager's states one after the other.
    let sent = wait_for("the progress text", || {
        text_of(".upload-progress").filter(|t| t.contains("100 %"))
    })
    .await;
    assert!(sent.contains("sent"), "{sent}");
    for step in ["extracting", "parsing"] {
        wait_for(step, || {
            query(&format!(".upload-steps li.current[data-step={step}]"))
        })
        .await;
    }
    let done = wait_for("the uploaded notice", || {
        text_of(".upload-panel .notice.ok")
    })
    .await;
    assert!(done.contains("shop-app is uploaded"), "{done}");
    assert_eq!(texts(".upload-steps li.done").len(), 4);
    let stored = with_manager(|m| {
        m.tenant("default_tenant")
            .unwrap()
            .blueprints
            .iter()
            .find(|b| b.id == "shop-app")
            .map(|b| {
                (
                    b.labels.clone().unwrap_or_default(),
                    b.main_file_name.clone(),
                )
            })
    });
    let (labels, main) = stored.expect("the blueprint is stored");
    assert!(labels.iter().any(|l| l.key == "team" && l.value == "shop"));
    assert_eq!(main.as_deref(), Some("blueprint.yaml"));
    root.remove();
}

#[wasm_bindgen_test]
async fn a_broken_archive_dropped_on_the_zone_fails_with_the_manager_error() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    signed_in_session().await;
    let (_app, root) = mount_at("/blueprints?upload=1");
    wait_for("the drop zone", || query(".upload-panel .drop-zone")).await;
    drop_on(
        ".upload-panel .drop-zone",
        &file("broken.zip", b"not an archive at all"),
    );
    let note = wait_for("the listing note", || {
        texts(".upload-panel .sub")
            .into_iter()
            .find(|t| t.contains("not a zip"))
    })
    .await;
    assert!(note.contains("tar.bz2"), "{note}");
    assert_eq!(value_of("#bp-id"), "broken");
    click(".upload-panel button[type=submit]");
    let failed = wait_for("the failure", || text_of(".upload-failed")).await;
    assert!(failed.contains("failed_extracting"), "{failed}");
    assert!(
        failed.contains("Failed extracting the blueprint archive"),
        "{failed}"
    );
    assert_eq!(texts(".upload-steps li.failed"), ["extracting"]);
    root.remove();
}

#[wasm_bindgen_test]
async fn a_refused_upload_keeps_the_form_and_shows_the_error() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    signed_in_session().await;
    let (_app, root) = mount_at("/blueprints?upload=1");
    wait_for("the upload panel", || {
        query(".upload-panel input[name=archive]")
    })
    .await;
    pick(
        ".upload-panel input[name=archive]",
        &file("kept.tar", &tar(&[("blueprint.yaml", b"a: 1\n")])),
    );
    wait_for("the id", || (value_of("#bp-id") == "kept").then_some(())).await;
    type_into("#bp-id", "kept-after-error");
    fail_once(Fault::new(
        "/blueprints",
        400,
        "invalid_blueprint_error",
        "Invalid blueprint - imports must be a list",
    ));
    click(".upload-panel button[type=submit]");
    let error = wait_for("the error", || text_of(".upload-panel .error")).await;
    assert!(error.contains("invalid_blueprint_error"), "{error}");
    assert!(error.contains("imports must be a list"), "{error}");
    assert_eq!(value_of("#bp-id"), "kept-after-error");
    assert!(query(".upload-panel button[type=submit]:disabled").is_none());
    root.remove();
}

/// A blueprint some deployment uses, and one nobody uses.
fn used_and_unused() -> (String, String) {
    with_manager(|m| {
        let t = m.tenant("default_tenant").unwrap();
        let used = t.deployments[0].blueprint_id.clone().unwrap();
        let unused = t
            .blueprints
            .iter()
            .find(|b| {
                !t.deployments
                    .iter()
                    .any(|d| d.blueprint_id.as_ref() == Some(&b.id))
            })
            .map(|b| b.id.clone())
            .expect("a blueprint without deployments");
        (used, unused)
    })
}

/// Opens the delete dialog, ticks force if asked, types the id and confirms.
async fn confirm_delete(id: &str, force: bool) {
    click(".actions-bar .button.danger");
    let typed = wait_for("the id box", || {
        query("dialog[open] input[name=confirm-id]")
    })
    .await;
    if force {
        click("dialog[open] input[name=force]");
    }
    let typed: HtmlInputElement = typed.dyn_into().unwrap();
    typed.set_value(id);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    typed
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    wait_for("the confirm button enabled", || {
        query("dialog[open] button[type=submit]:not(:disabled)")
    })
    .await;
    click("dialog[open] button[type=submit]");
}

#[wasm_bindgen_test]
async fn deleting_a_blueprint_in_use_says_why() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    signed_in_session().await;
    let (used, unused) = used_and_unused();
    let (_app, root) = mount_at(&format!("/blueprints/{used}"));
    wait_for("the actions", || query(".actions-bar")).await;
    confirm_delete(&used, false).await;
    let error = wait_for("the refusal", || text_of(".action-error")).await;
    assert!(
        error.contains("Deployments still use this blueprint"),
        "{error}"
    );
    assert!(error.contains("dependent_exists_error"), "{error}");
    root.remove();

    // Imported by another blueprint: blueprint_in_use, and force deletes it.
    with_manager(|m| {
        let t = m.tenant_mut("default_tenant").unwrap();
        let importer = t.blueprints.iter_mut().find(|b| b.id != unused).unwrap();
        let plan = importer.plan.get_or_insert_with(|| serde_json::json!({}));
        plan["imported_blueprints"] = serde_json::json!([unused.clone()]);
    });
    let (_app, root) = mount_at(&format!("/blueprints/{unused}"));
    wait_for("the actions", || query(".actions-bar")).await;
    confirm_delete(&unused, false).await;
    let error = wait_for("the refusal", || text_of(".action-error")).await;
    assert!(error.contains("blueprint_in_use"), "{error}");
    assert!(error.contains("force"), "{error}");
    confirm_delete(&unused, true).await;
    wait_for("the list after deleting", || {
        (web_sys::window().unwrap().location().pathname().ok()? == "/blueprints").then_some(())
    })
    .await;
    assert!(with_manager(|m| !m
        .tenant("default_tenant")
        .unwrap()
        .blueprints
        .iter()
        .any(|b| b.id == unused)));
    root.remove();
}

#[wasm_bindgen_test]
async fn labels_are_checked_with_the_manager_rules_and_saved() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    signed_in_session().await;
    let (used, _) = used_and_unused();
    let (_app, root) = mount_at(&format!("/blueprints/{used}"));
    wait_for("the labels section", || query(".edit-labels")).await;
    click(".edit-labels");
    wait_for("the editor", || {
        query(".labels-section input[name=label-key]")
    })
    .await;
    type_into(".labels-section input[name=label-key]", "bad key!");
    type_into(".labels-section input[name=label-value]", "x");
    click(".labels-section .label-add-button");
    let refused = wait_for("the refusal", || text_of(".labels-section .label-error")).await;
    assert!(
        refused.contains("The key `bad key!` contains illegal characters"),
        "{refused}"
    );
    type_into(".labels-section input[name=label-key]", "csys-nonsense");
    click(".labels-section .label-add-button");
    wait_for("the reserved refusal", || {
        text_of(".labels-section .label-error").filter(|t| t.contains("reserved"))
    })
    .await;
    type_into(".labels-section input[name=label-key]", "Owner");
    type_into(".labels-section input[name=label-value]", "ops team");
    click(".labels-section .label-add-button");
    click(".save-labels");
    wait_for("the saved label", || {
        texts(".labels-section .chip")
            .into_iter()
            .find(|c| c.contains("owner: ops team"))
    })
    .await;
    let stored = with_manager(|m| {
        m.tenant("default_tenant")
            .unwrap()
            .blueprints
            .iter()
            .find(|b| b.id == used)
            .and_then(|b| b.labels.clone())
            .unwrap_or_default()
    });
    assert!(stored
        .iter()
        .any(|l| l.key == "owner" && l.value == "ops team"));
    root.remove();
}

#[wasm_bindgen_test]
async fn the_description_is_edited_and_a_refused_save_keeps_the_text() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    signed_in_session().await;
    let (used, _) = used_and_unused();
    let (_app, root) = mount_at(&format!("/blueprints/{used}"));
    wait_for("the description's editor", || query(".edit-description")).await;
    click(".edit-description");
    wait_for("the text box", || query("textarea[name=description]")).await;
    let typed = "Web tier: nginx in front of two app servers";
    let area: web_sys::HtmlTextAreaElement = query("textarea[name=description]")
        .unwrap()
        .dyn_into()
        .unwrap();
    area.set_value(typed);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    area.dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    fail_once(Fault::new(
        "/blueprints",
        500,
        "internal_server_error",
        "database is locked",
    ));
    click(".save-description");
    wait_for("the refusal", || {
        query("dl.facts .error")
            .and_then(|e| e.text_content())
            .filter(|t| t.contains("database is locked"))
    })
    .await;
    let kept: web_sys::HtmlTextAreaElement = query("textarea[name=description]")
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(kept.value(), typed, "what was typed stays after a refusal");
    click(".save-description");
    wait_for("the saved description", || {
        text_of("dl.facts")
            .filter(|t| t.contains(typed) && query("textarea[name=description]").is_none())
    })
    .await;
    let stored = with_manager(|m| {
        m.tenant("default_tenant")
            .unwrap()
            .blueprints
            .iter()
            .find(|b| b.id == used)
            .and_then(|b| b.description.clone())
    });
    assert_eq!(stored.as_deref(), Some(typed));
    root.remove();
}

fn rect_of(node: &str) -> (f64, f64, f64, f64) {
    let r = query(&format!(".topology g[data-node='{node}'] > rect")).unwrap();
    let n = |a: &str| r.get_attribute(a).unwrap().parse::<f64>().unwrap();
    (n("x"), n("y"), n("width"), n("height"))
}

#[wasm_bindgen_test]
async fn the_plan_shows_inputs_and_a_topology_with_nesting_and_arrows() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    signed_in_session().await;
    let (_, id) = used_and_unused();
    with_manager(|m| {
        let t = m.tenant_mut("default_tenant").unwrap();
        let bp = t.blueprints.iter_mut().find(|b| b.id == id).unwrap();
        let plan = bp.plan.get_or_insert_with(|| serde_json::json!({}));
        plan["nodes"] = serde_json::json!([
            {"id": "vm", "type": "cloudify.nodes.Compute", "relationships": [],
             "capabilities": {"scalable": {"properties": {"default_instances": 2}}}},
            {"id": "app", "type": "cloudify.nodes.WebServer", "relationships": [
                {"type": "cloudify.relationships.contained_in", "target_id": "vm"},
                {"type": "cloudify.relationships.connected_to", "target_id": "db"}]},
            {"id": "db", "type": "cloudify.nodes.DBMS", "relationships": []}
        ]);
    });
    let (_app, root) = mount_at(&format!("/blueprints/{id}"));
    wait_for("the topology", || query(".topology svg")).await;
    let (vx, vy, vw, vh) = rect_of("vm");
    let (ax, ay, aw, ah) = rect_of("app");
    assert!(
        ax > vx && ay > vy && ax + aw < vx + vw && ay + ah < vy + vh,
        "app is inside vm"
    );
    let (dx, ..) = rect_of("db");
    assert!(dx > vx + vw, "db is right of vm");
    assert!(query(".topology line.connected[data-from=app][data-to=db]").is_some());
    assert!(text_of(".topology g[data-node=vm]").unwrap().contains("×2"));
    // The title is a page title, not small monospace.
    assert!(query("h1.title.mono").is_none() && query("h1.title").is_some());
    // Inputs with types and constraints.
    let inputs = wait_for("the inputs", || text_of("table.inputs")).await;
    assert!(inputs.contains("instance_type"), "{inputs}");
    assert!(inputs.contains("valid_values"), "{inputs}");
    root.remove();
}
