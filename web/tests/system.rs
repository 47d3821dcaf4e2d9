//! The home, system, secrets and access pages (issue 12): what needs attention, with one click
//! to it; a card the manager refuses shows why and leaves the others; maintenance mode entered
//! from the system page puts a banner on every page, and leaving it takes the banner away; a
//! secret revealed and hidden, never stored; a taken key said on its field; a user and a tenant
//! created and the user added with a role; a refused list explained.

#![cfg(target_arch = "wasm32")]

mod common;

use baton_core::conductor::executions::ExecutionStatus;
use baton_core::time::Timestamp;
use baton_sim::Fault;
use baton_web::api::demo::with_manager;
use common::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Marks one seeded execution failed an hour ago; returns its id.
fn fail_an_execution() -> String {
    with_manager(|m| {
        let t = m
            .tenants
            .iter_mut()
            .find(|t| t.name == "default_tenant")
            .unwrap();
        let r = t
            .executions
            .iter_mut()
            .find(|r| !r.live && r.exec.deployment_id.is_some())
            .expect("a finished execution of a deployment");
        r.exec.status = Some(ExecutionStatus::Failed);
        let hour_ago = baton_web::api::now() - chrono::Duration::hours(1);
        r.exec.created_at = Some(Timestamp(hour_ago));
        r.exec.id.clone()
    })
}

/// Signs in afresh (a session stored by an earlier test would skip the sign-in form).
async fn fresh_session() {
    let storage = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap();
    storage.clear().unwrap();
    signed_in_session().await;
}

fn card(title: &str) -> Option<web_sys::Element> {
    query(&format!("section.card[aria-label='{title}']"))
}

#[wasm_bindgen_test]
async fn home_lists_a_failed_execution_with_a_link_to_it() {
    let _x = exclusive().await;
    let id = fail_an_execution();
    fresh_session().await;
    let (_app, root) = mount_at("/");
    let title = "Failed executions, last 24 hours";
    let link = format!("/executions/{id}");
    wait_for("the failed execution on the home page", || {
        card(title)?
            .query_selector(&format!("a[href='{link}']"))
            .ok()
            .flatten()
    })
    .await;
    let c = card(title).unwrap();
    assert!(
        c.class_list().contains("needs"),
        "the card is marked as needing attention"
    );
    let count: u64 = c
        .query_selector(".count")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap()
        .parse()
        .expect("a count");
    assert!(count >= 1);
    // "Open" leads to the executions list filtered the same way.
    let open = c.query_selector("a.all").unwrap().unwrap();
    let href = open.get_attribute("href").unwrap();
    assert!(
        href.starts_with("/executions?status=failed&from="),
        "{href}"
    );
    // Today's column of the chart over time counts it among the failed.
    let today = wait_for("today's column", || {
        let days = document()
            .query_selector_all(".over-time g[role=img]")
            .ok()?;
        (days.length() == 7).then_some(())?;
        wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(days.item(6)?)
            .ok()?
            .get_attribute("aria-label")
    })
    .await;
    let failed: u64 = today
        .split(", ")
        .find_map(|p| p.strip_suffix(" failed"))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(failed >= 1, "{today}");
    // The quiet cards say so rather than stay empty.
    wait_for("the maintenance card", || {
        card("Maintenance mode")?
            .text_content()
            .filter(|t| t.contains("Off: the manager takes work."))
    })
    .await;
    root.remove();
}

#[wasm_bindgen_test]
async fn a_refused_card_says_why_and_the_others_still_answer() {
    let _x = exclusive().await;
    fresh_session().await;
    with_manager(|m| {
        m.inject_fault(Fault::new(
            "/cluster-status",
            403,
            "forbidden_error",
            "User `admin` is not permitted to perform the action cluster_status_get",
        ))
    });
    let (_app, root) = mount_at("/");
    let text = wait_for("the refused card", || {
        card("Cluster services")?
            .text_content()
            .filter(|t| t.contains("not permitted"))
    })
    .await;
    assert!(text.contains("403") || text.contains("forbidden"), "{text}");
    wait_for("another card's answer", || {
        card("Deployments that require attention")?
            .query_selector(".fine, .findings")
            .ok()
            .flatten()
    })
    .await;
    with_manager(|m| m.clear_faults());
    root.remove();
}

/// The counts of a summary card: (group, count) per bar.
fn bars(title: &str) -> Option<Vec<(String, u64)>> {
    let rows = card(title)?.query_selector_all("table.bars tr").ok()?;
    let out: Vec<(String, u64)> = (0..rows.length())
        .filter_map(|i| rows.item(i))
        .filter_map(|r| {
            let r: web_sys::Element = wasm_bindgen::JsCast::dyn_into(r).ok()?;
            let name = r.query_selector("th").ok()??.text_content()?;
            let n = r
                .query_selector("td.num")
                .ok()??
                .text_content()?
                .parse()
                .ok()?;
            Some((name, n))
        })
        .collect();
    (!out.is_empty()).then_some(out)
}

#[wasm_bindgen_test]
async fn home_counts_deployments_by_status_and_by_site_without_loading_them() {
    let _x = exclusive().await;
    fresh_session().await;
    let (_app, root) = mount_at("/");
    let by_status = wait_for("deployments by status", || bars("Deployments by status")).await;
    let by_site = wait_for("deployments by site", || bars("Deployments by site")).await;
    let total = with_manager(|m| m.tenants[0].deployments.len() as u64);
    assert_eq!(
        by_status.iter().map(|b| b.1).sum::<u64>(),
        total,
        "{by_status:?}"
    );
    assert_eq!(
        by_site.iter().map(|b| b.1).sum::<u64>(),
        total,
        "{by_site:?}"
    );
    assert!(by_site.len() > 1, "{by_site:?}");
    // A status bar opens the deployments list filtered by it.
    let link = card("Deployments by status")
        .unwrap()
        .query_selector("a")
        .unwrap()
        .unwrap()
        .get_attribute("href")
        .unwrap();
    assert!(
        link.starts_with("/deployments?deployment_status="),
        "{link}"
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn maintenance_mode_shows_a_banner_on_every_page_until_turned_off() {
    let _x = exclusive().await;
    fresh_session().await;
    let (app, root) = mount_at("/system");
    click_when_ready("button.danger", "Activate maintenance mode").await;
    wait_for("the confirm dialog", || query("dialog.confirm[open]")).await;
    click("dialog.confirm[open] button[type=submit]");
    wait_for("the banner", || query(".maintenance-banner")).await;
    assert!(text_of(".maintenance-banner")
        .unwrap()
        .contains("Maintenance mode is on"));

    drop(app);
    root.remove();

    // Another page (opened afresh, as after a reload): the banner is there too, and the
    // manager's refusal of the list is explained as maintenance.
    let (app, root) = mount_at("/deployments");
    let hint = wait_for("the maintenance refusal", || {
        root.text_content()
            .filter(|t| t.contains("maintenance mode; try again when it ends"))
    })
    .await;
    assert!(hint.contains("503") || hint.contains("maintenance_mode_active"));
    wait_for("the banner on the deployments page", || {
        query(".maintenance-banner")
    })
    .await;
    drop(app);
    root.remove();

    let (_app, root) = mount_at("/system");
    click_when_ready("button", "Deactivate maintenance mode").await;
    wait_for("the confirm dialog", || query("dialog.confirm[open]")).await;
    click("dialog.confirm[open] button[type=submit]");
    wait_for("the banner to go", || {
        query(".maintenance-banner").is_none().then_some(())
    })
    .await;
    root.remove();
}

/// Clicks the first `selector` whose text is `label`, once it is there and enabled.
async fn click_when_ready(selector: &str, label: &str) {
    let button = wait_for(label, || {
        let all = document().query_selector_all(selector).ok()?;
        (0..all.length())
            .filter_map(|i| all.item(i))
            .filter_map(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlButtonElement>(n).ok())
            .find(|b| b.text_content().as_deref() == Some(label) && !b.disabled())
    })
    .await;
    button.click();
}

fn type_text(selector: &str, value: &str) {
    let area: web_sys::HtmlTextAreaElement =
        wasm_bindgen::JsCast::dyn_into(query(selector).unwrap()).unwrap();
    area.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let ev = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
    area.dispatch_event(&ev).unwrap();
}

/// The row of the secrets list whose key is `key`.
fn secret_row(key: &str) -> Option<web_sys::Element> {
    let rows = document().query_selector_all("table.list tbody tr").ok()?;
    (0..rows.length())
        .filter_map(|i| rows.item(i))
        .filter_map(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok())
        .find(|r| {
            r.query_selector(".name")
                .ok()
                .flatten()
                .and_then(|n| n.text_content())
                .as_deref()
                == Some(key)
        })
}

const NEW_SECRET: &str = "form[aria-label='New secret']";

#[wasm_bindgen_test]
async fn a_secret_is_created_revealed_and_hidden_again_without_being_stored() {
    let _x = exclusive().await;
    fresh_session().await;
    let (_app, root) = mount_at("/secrets");
    click_when_ready("button", "New secret").await;
    wait_for("the new secret form", || query(NEW_SECRET)).await;
    type_into(
        &format!("{NEW_SECRET} input[name=key]"),
        "baton-test-password",
    );
    type_text(
        &format!("{NEW_SECRET} textarea[name=value]"),
        "s3cret-value",
    );
    click(&format!("{NEW_SECRET} button[type=submit]"));
    let row = wait_for("the new secret's row", || secret_row("baton-test-password")).await;
    assert!(
        !row.text_content().unwrap().contains("s3cret-value"),
        "values are never listed"
    );
    row.query_selector("button.button.small")
        .unwrap()
        .map(|b| wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>(b).click())
        .expect("a Reveal button");
    wait_for("the revealed value", || {
        secret_row("baton-test-password")?
            .query_selector("code.secret-value")
            .ok()
            .flatten()
            .filter(|c| c.text_content().as_deref() == Some("s3cret-value"))
    })
    .await;
    // Never kept where it would outlive the page.
    let window = web_sys::window().unwrap();
    for storage in [
        window.session_storage().unwrap().unwrap(),
        window.local_storage().unwrap().unwrap(),
    ] {
        for i in 0..storage.length().unwrap() {
            let k = storage.key(i).unwrap().unwrap();
            let v = storage.get_item(&k).unwrap().unwrap_or_default();
            assert!(
                !v.contains("s3cret-value"),
                "the value is in storage under {k}"
            );
        }
    }
    assert!(!window.location().href().unwrap().contains("s3cret"));
    click_when_ready("table.list tbody tr button", "Hide").await;
    wait_for("the value hidden again", || {
        secret_row("baton-test-password")?
            .query_selector("code.secret-value")
            .ok()
            .flatten()
            .is_none()
            .then_some(())
    })
    .await;
    root.remove();
}

#[wasm_bindgen_test]
async fn a_taken_key_is_said_on_the_key_field_and_what_was_typed_stays() {
    let _x = exclusive().await;
    fresh_session().await;
    let (_app, root) = mount_at("/secrets");
    for attempt in 0..2 {
        click_when_ready("button", "New secret").await;
        wait_for("the new secret form", || query(NEW_SECRET)).await;
        type_into(&format!("{NEW_SECRET} input[name=key]"), "baton-taken-key");
        type_text(&format!("{NEW_SECRET} textarea[name=value]"), "typed value");
        click(&format!("{NEW_SECRET} button[type=submit]"));
        if attempt == 0 {
            wait_for("the first secret's row", || secret_row("baton-taken-key")).await;
        }
    }
    let message = wait_for("the conflict on the key field", || {
        let input = query(&format!("{NEW_SECRET} input[name=key]"))?;
        (input.get_attribute("aria-invalid").as_deref() == Some("true")).then_some(())?;
        text_of(&format!("{NEW_SECRET} .field[data-input=key] .field-error"))
            .filter(|t| t.contains("Overwrite if it exists"))
    })
    .await;
    assert!(message.contains("conflict_error"), "{message}");
    let value: web_sys::HtmlTextAreaElement = wasm_bindgen::JsCast::dyn_into(
        query(&format!("{NEW_SECRET} textarea[name=value]")).unwrap(),
    )
    .unwrap();
    assert_eq!(value.value(), "typed value", "what was typed stays");
    root.remove();
}

#[wasm_bindgen_test]
async fn a_user_and_a_tenant_are_created_and_the_user_added_to_the_tenant() {
    let _x = exclusive().await;
    fresh_session().await;
    let (app, root) = mount_at("/users");
    click_when_ready("button", "New user").await;
    let form = "form[aria-label='New user']";
    wait_for("the new user form", || query(form)).await;
    type_into(&format!("{form} input[name=username]"), "baton-operator");
    // Too short: the form says so before asking the manager.
    type_into(&format!("{form} input[name=password]"), "abc");
    click(&format!("{form} button[type=submit]"));
    wait_for("the password's message", || {
        text_of(&format!("{form} .field[data-input=password] .field-error"))
            .filter(|t| !t.is_empty())
    })
    .await;
    type_into(&format!("{form} input[name=password]"), "long enough");
    click(&format!("{form} button[type=submit]"));
    wait_for("the new user's row", || {
        root.text_content()
            .filter(|t| t.contains("baton-operator"))?;
        query(form).is_none().then_some(())
    })
    .await;
    drop(app);
    root.remove();

    let (app, root) = mount_at("/tenants");
    click_when_ready("button", "New tenant").await;
    let form = "form[aria-label='New tenant']";
    wait_for("the new tenant form", || query(form)).await;
    type_into(&format!("{form} input[name=name]"), "baton-team");
    click(&format!("{form} button[type=submit]"));
    wait_for("the new tenant's link", || {
        query("a[href='/tenants/baton-team']")
    })
    .await;
    drop(app);
    root.remove();

    let (_app, root) = mount_at("/tenants/baton-team");
    wait_for("the add-user form", || {
        query("form[aria-label='Add a user']")
    })
    .await;
    type_into(
        "form[aria-label='Add a user'] input[name=username]",
        "baton-operator",
    );
    choose("form[aria-label='Add a user'] select", "operations");
    click("form[aria-label='Add a user'] button[type=submit]");
    let member_role = wait_for("the member with its role", || {
        chosen_in_row("section[aria-label=Members] tbody tr", "baton-operator")
    })
    .await;
    assert_eq!(member_role, "operations");
    root.remove();
}

#[wasm_bindgen_test]
async fn a_refused_users_list_says_who_may_not_and_why() {
    let _x = exclusive().await;
    fresh_session().await;
    with_manager(|m| {
        m.inject_fault(Fault::new(
            "/users",
            403,
            "forbidden_error",
            "User `viewer` is not permitted to perform the action user_list",
        ))
    });
    let (_app, root) = mount_at("/users");
    let text = wait_for("the refusal", || {
        query(".error")?
            .text_content()
            .filter(|t| t.contains("not permitted"))
    })
    .await;
    assert!(
        text.contains("forbidden_error") && text.contains("403"),
        "{text}"
    );
    with_manager(|m| m.clear_faults());
    root.remove();
}

/// Picks a file named `name` holding `bytes` in the file input `selector`.
fn pick(selector: &str, name: &str, bytes: &[u8]) {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let file = web_sys::File::new_with_u8_array_sequence(&parts, name).unwrap();
    let dt = web_sys::DataTransfer::new().unwrap();
    dt.items().add_with_file(&file).unwrap();
    let input: web_sys::HtmlInputElement =
        wasm_bindgen::JsCast::dyn_into(query(selector).unwrap()).unwrap();
    input.set_files(dt.files().as_ref());
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    input
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).unwrap())
        .unwrap();
}

#[wasm_bindgen_test]
async fn a_plugin_is_uploaded_from_its_wagon_and_yaml() {
    let _x = exclusive().await;
    fresh_session().await;
    let (_app, root) = mount_at("/plugins");
    click_when_ready("button", "Upload a plugin").await;
    let form = "form[aria-label='Upload a plugin']";
    wait_for("the upload form", || query(form)).await;
    pick(
        &format!("{form} input[name=wagon_file]"),
        "baton_probe_plugin-2.4.1-py311-none-linux_x86_64.wgn",
        &[7u8; 40_000],
    );
    wait_for("the wagon read", || {
        text_of(&format!("{form} .chosen")).filter(|t| t.contains("baton_probe_plugin"))
    })
    .await;
    // Without the YAML the form says what is missing and asks nothing.
    click(&format!("{form} button[type=submit]"));
    wait_for("what is missing", || {
        text_of(&format!("{form} .field-error[role=alert]")).filter(|t| t.contains("plugin YAML"))
    })
    .await;
    pick(
        &format!("{form} input[name=yaml_file]"),
        "plugin.yaml",
        b"plugins:\n  probe:\n    executor: central_deployment_agent\n",
    );
    wait_for("the YAML read", || {
        (document()
            .query_selector_all(&format!("{form} .chosen"))
            .ok()?
            .length()
            == 2)
            .then_some(())
    })
    .await;
    click(&format!("{form} button[type=submit]"));
    wait_for("the new plugin's row", || {
        root.text_content()?;
        query(form).is_none().then_some(())?;
        let rows = document().query_selector_all("table.list tbody tr").ok()?;
        (0..rows.length())
            .filter_map(|i| rows.item(i)?.text_content())
            .find(|t| t.contains("baton-probe-plugin") && t.contains("2.4.1"))
    })
    .await;
    root.remove();
}

#[wasm_bindgen_test]
async fn a_snapshot_is_created_and_its_restore_asks_for_the_id_typed() {
    let _x = exclusive().await;
    fresh_session().await;
    let (_app, root) = mount_at("/snapshots");
    click_when_ready("button", "Create a snapshot").await;
    let form = "form[aria-label='Create a snapshot']";
    wait_for("the create form", || query(form)).await;
    type_into(&format!("{form} input[name=id]"), "before-upgrade");
    click(&format!("{form} button[type=submit]"));
    let row = wait_for("the snapshot's row", || {
        query(form).is_none().then_some(())?;
        row_containing("table.list tbody tr", "before-upgrade")
    })
    .await;
    drop(row);
    // Once created (the demo runs its create_snapshot execution), Restore opens a dialog that
    // says what is replaced and waits for the id.
    // The demo takes about 3 s to create it and the list refreshes every 5 s.
    let restore = wait_within("Restore enabled", 20_000, || {
        row_containing("table.list tbody tr", "before-upgrade")?
            .query_selector("button.button.small")
            .ok()
            .flatten()
            .map(wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlButtonElement>)
            .filter(|b| !b.disabled())
    })
    .await;
    restore.click();
    let dialog = wait_for("the restore dialog", || query("dialog.confirm[open]")).await;
    assert!(dialog
        .text_content()
        .unwrap()
        .contains("are replaced by the snapshot's"));
    let confirm: web_sys::HtmlButtonElement =
        wasm_bindgen::JsCast::dyn_into(query("dialog.confirm[open] button[type=submit]").unwrap())
            .unwrap();
    assert!(confirm.disabled(), "restoring waits for the id typed");
    type_into(
        "dialog.confirm[open] input[name=confirm-id]",
        "before-upgrade",
    );
    wait_for("confirm enabled", || (!confirm.disabled()).then_some(())).await;
    click("dialog.confirm[open] button.cancel");
    root.remove();
}

#[wasm_bindgen_test]
async fn a_license_close_to_expiry_is_uploaded_and_the_home_page_says_so() {
    let _x = exclusive().await;
    fresh_session().await;
    let (app, root) = mount_at("/system");
    wait_for("the license panel", || query("input[name=license_file]")).await;
    let expiry = (baton_web::api::now() + chrono::Duration::days(10)).format("%Y-%m-%d");
    let text = format!(
        "license:\n  customer_id: BATON-TEST\n  expiration_date: {expiry}\n  license_edition: Premium\n  trial: false\n  capabilities: [HA, Awx]\nsignature: abc123\n"
    );
    pick("input[name=license_file]", "license.yaml", text.as_bytes());
    click_when_ready("button", "Upload license").await;
    wait_for("the license's state", || {
        query("section[aria-labelledby=license-title] dl.facts")?
            .text_content()
            .filter(|t| t.contains("expiring soon") && t.contains("BATON-TEST"))
    })
    .await;
    drop(app);
    root.remove();

    let (_app, root) = mount_at("/");
    wait_for("the license card", || {
        card("License")?
            .text_content()
            .filter(|t| t.contains("The license expires soon"))
    })
    .await;
    with_manager(|m| {
        // Leave the demo manager as the other tests expect it: no license.
        let req = http::Request::builder()
            .method("DELETE")
            .uri("/api/v3.1/license")
            .header("Authorization", "Basic YWRtaW46YWRtaW4=")
            .header("Tenant", "default_tenant")
            .body(Vec::new())
            .unwrap();
        let _ = m.handle(&req, baton_web::api::now());
    });
    root.remove();
}

#[wasm_bindgen_test]
async fn a_site_with_a_bad_location_is_refused_on_its_field_then_shown_on_the_map() {
    let _x = exclusive().await;
    fresh_session().await;
    let (_app, root) = mount_at("/sites");
    click_when_ready("button", "New site").await;
    let form = "form[aria-label='New site']";
    wait_for("the new site form", || query(form)).await;
    type_into(&format!("{form} input[name=name]"), "baton-lab");
    type_into(&format!("{form} input[name=location]"), "95,200");
    click(&format!("{form} button[type=submit]"));
    let message = wait_for("the location's message", || {
        text_of(&format!("{form} .field[data-input=location] .field-error"))
            .filter(|t| t.contains("latitude must be a number between -90 and 90"))
    })
    .await;
    assert!(message.contains("Invalid location `95,200`"), "{message}");
    type_into(&format!("{form} input[name=location]"), "32.07, 34.78");
    click(&format!("{form} button[type=submit]"));
    let dot = wait_for("the site on the map", || {
        query(".world-map circle[data-href='/deployments?site_name=baton-lab']")
    })
    .await;
    // Drawn, not only present: a circle inside an HTML element of the SVG has no box.
    assert!(
        dot.get_bounding_client_rect().width() > 0.0,
        "the dot is drawn"
    );
    let name = dot.get_attribute("aria-label").unwrap_or_default();
    assert!(name.starts_with("baton-lab: "), "{name}");
    assert_eq!(dot.get_attribute("role").as_deref(), Some("link"));
    // Clicking the dot opens the site's deployments.
    dot.dispatch_event(&web_sys::MouseEvent::new("click").unwrap())
        .unwrap();
    wait_for("the site's deployments", || {
        let location = web_sys::window().unwrap().location();
        (location.pathname().ok()? == "/deployments"
            && location.search().ok()? == "?site_name=baton-lab")
            .then_some(())
    })
    .await;
    root.remove();
}

#[wasm_bindgen_test]
async fn an_export_file_is_imported_with_what_became_of_each_key() {
    let _x = exclusive().await;
    fresh_session().await;
    let (_app, root) = mount_at("/secrets");
    click_when_ready("button", "Import").await;
    let form = "form[aria-label='Import secrets']";
    wait_for("the import form", || query(form)).await;
    // Not an export: said on the file, nothing sent.
    pick(
        &format!("{form} input[name=export_file]"),
        "notes.txt",
        b"hello",
    );
    let said = wait_for("the file's problem", || {
        text_of(&format!("{form} .field-error"))
    })
    .await;
    assert!(said.contains("notes.txt is not a secrets export"), "{said}");
    // db_password exists in the demo's default tenant; the other key is new.
    let export = serde_json::json!([
        {"key": "db_password", "value": "other", "visibility": "tenant",
         "tenant_name": "default_tenant", "is_hidden_value": false, "encrypted": false},
        {"key": "baton-imported-key", "value": "imported value", "visibility": "tenant",
         "tenant_name": "default_tenant", "is_hidden_value": false, "encrypted": false}
    ]);
    pick(
        &format!("{form} input[name=export_file]"),
        "secrets-export.json",
        export.to_string().as_bytes(),
    );
    wait_for("the file read", || {
        text_of(&format!("{form} .field-help")).filter(|t| t.contains("2 secrets in the file"))
    })
    .await;
    click(&format!("{form} button[type=submit]"));
    let report = wait_for("the import's report", || {
        let rows = texts(&format!("{form} table.import-report tbody tr"));
        (rows.len() == 2).then_some(rows)
    })
    .await;
    assert!(
        report[0].contains("db_password") && report[0].contains("existed: kept as it was"),
        "{report:?}"
    );
    assert!(
        report[1].contains("baton-imported-key") && report[1].contains("imported"),
        "{report:?}"
    );
    click_when_ready(&format!("{form} button"), "Close").await;
    wait_for("the imported key listed", || {
        secret_row("baton-imported-key")
    })
    .await;
    root.remove();
}

#[wasm_bindgen_test]
async fn a_secret_is_edited_and_an_export_wants_a_long_enough_passphrase() {
    let _x = exclusive().await;
    fresh_session().await;
    let (_app, root) = mount_at("/secrets");
    click_when_ready("button", "New secret").await;
    wait_for("the new secret form", || query(NEW_SECRET)).await;
    type_into(&format!("{NEW_SECRET} input[name=key]"), "baton-edit-me");
    type_text(&format!("{NEW_SECRET} textarea[name=value]"), "first");
    click(&format!("{NEW_SECRET} button[type=submit]"));
    wait_for("the new row", || secret_row("baton-edit-me")).await;
    let edit_button = wait_for("its Edit button", || {
        let row = secret_row("baton-edit-me")?;
        let all = row.query_selector_all("button").ok()?;
        (0..all.length())
            .filter_map(|i| all.item(i))
            .find(|b| b.text_content().as_deref() == Some("Edit"))
    })
    .await;
    wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>(edit_button).click();
    let form = "form[aria-label='Edit secret']";
    wait_for("the edit form", || query(form)).await;
    type_text(&format!("{form} textarea[name=value]"), "second");
    click(&format!("{form} input[name=is_hidden_value]"));
    click(&format!("{form} button[type=submit]"));
    wait_for("the hidden flag listed", || {
        secret_row("baton-edit-me")?
            .text_content()
            .filter(|t| t.contains("hidden value"))
    })
    .await;
    assert!(query(form).is_none(), "the form closes once saved");
    // The new value is the one revealed.
    secret_row("baton-edit-me")
        .unwrap()
        .query_selector("button.button.small")
        .unwrap()
        .map(|b| wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>(b).click())
        .expect("a Reveal button");
    wait_for("the new value", || {
        secret_row("baton-edit-me")?
            .query_selector("code.secret-value")
            .ok()
            .flatten()
            .filter(|c| c.text_content().as_deref() == Some("second"))
    })
    .await;

    // An export refuses a short passphrase on its field, before asking the manager.
    click_when_ready("button", "Export").await;
    let export = "form[aria-label='Export secrets']";
    wait_for("the export form", || query(export)).await;
    type_into(&format!("{export} input[name=passphrase]"), "short");
    let said = wait_for("the passphrase's problem", || {
        text_of(&format!("{export} .field-error"))
    })
    .await;
    assert!(said.contains("at least 8 characters"), "{said}");
    type_into(
        &format!("{export} input[name=passphrase]"),
        "long enough phrase",
    );
    wait_for("the problem gone", || {
        text_of(&format!("{export} .field-error"))
            .is_none()
            .then_some(())
    })
    .await;
    click(&format!("{export} button[type=submit]"));
    let toasts = wait_for("the export's toast", || {
        let all = texts(".toast.ok");
        all.iter()
            .any(|t| t.contains("secrets exported"))
            .then_some(all)
    })
    .await;
    assert!(
        toasts
            .iter()
            .any(|t| t.contains("secrets exported (values encrypted with the passphrase)")),
        "{toasts:?}"
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn a_secrets_provider_is_tested_then_saved_and_listed_without_its_token() {
    let _x = exclusive().await;
    fresh_session().await;
    let (_app, root) = mount_at("/secrets/providers");
    click_when_ready("button", "New provider").await;
    let form = "form[aria-label='New secrets provider']";
    wait_for("the provider form", || query(form)).await;
    type_into(&format!("{form} input[name=name]"), "baton-vault");
    // Incomplete: the manager's test says what is missing, and the form stays.
    type_text(
        &format!("{form} textarea[name=connection_parameters]"),
        r#"{"url": "https://vault.example:8200"}"#,
    );
    click_when_ready(&format!("{form} button"), "Test connection").await;
    let said = wait_for("the test's refusal", || {
        query(&format!("{form} .error"))?.text_content()
    })
    .await;
    assert!(said.contains("connection parameter"), "{said}");
    type_text(
        &format!("{form} textarea[name=connection_parameters]"),
        r#"{"url": "https://vault.example:8200", "token": "s.hunter2", "path": "secret/baton"}"#,
    );
    click_when_ready(&format!("{form} button"), "Test connection").await;
    let ok = wait_for("the test passed", || text_of(&format!("{form} .check-ok"))).await;
    assert!(ok.contains("reached provider baton-vault"), "{ok}");
    click(&format!("{form} button[type=submit]"));
    let row = wait_for("the provider listed", || {
        let rows = texts("table.list tbody tr");
        rows.into_iter().find(|r| r.contains("baton-vault"))
    })
    .await;
    assert!(row.contains("https://vault.example:8200"), "{row}");
    assert!(
        !row.contains("hunter2"),
        "credentials are not listed: {row}"
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn a_user_group_is_created_and_given_then_rid_of_a_member() {
    let _x = exclusive().await;
    fresh_session().await;
    let (_app, root) = mount_at("/user-groups");
    click_when_ready("button", "New group").await;
    let form = "form[aria-label='New user group']";
    wait_for("the group form", || query(form)).await;
    type_into(&format!("{form} input[name=group_name]"), "baton-ops");
    click(&format!("{form} button[type=submit]"));
    wait_for("the group's link", || {
        query("table.list a[href='/user-groups/baton-ops']")
    })
    .await;
    root.remove();
    let (_app, root) = mount_at("/user-groups/baton-ops");
    wait_for("the group's page", || {
        text_of("section[aria-label=Members]").filter(|t| t.contains("No users in this group yet"))
    })
    .await;
    type_into("form[aria-label='Add a user'] input[name=username]", "bob");
    click("form[aria-label='Add a user'] button[type=submit]");
    wait_for("bob a member", || {
        texts("section[aria-label=Members] tbody tr")
            .into_iter()
            .find(|t| t.contains("bob"))
    })
    .await;
    click_when_ready("section[aria-label=Members] tbody button", "Remove").await;
    wait_for("bob gone", || {
        text_of("section[aria-label=Members]").filter(|t| t.contains("No users in this group yet"))
    })
    .await;
    root.remove();
}

#[wasm_bindgen_test]
async fn a_permission_is_granted_in_the_matrix_and_a_refusal_puts_the_cell_back() {
    let _x = exclusive().await;
    fresh_session().await;
    let (_app, root) = mount_at("/permissions");
    let cell = "input[aria-label='viewer: execution_start']";
    let checkbox = || -> Option<web_sys::HtmlInputElement> {
        wasm_bindgen::JsCast::dyn_into(query(cell)?).ok()
    };
    let before = wait_for("the viewer's cell", checkbox).await;
    assert!(!before.checked(), "viewers may not start executions");
    before.click();
    wait_for("the grant said", || {
        text_of(".toast.ok").filter(|t| t.contains("viewer may now execution_start"))
    })
    .await;
    wait_for("the cell ticked", || {
        checkbox().filter(|c| c.checked() && !c.disabled())
    })
    .await;
    // Refused: the cell shows what the manager holds, and the refusal is said.
    fail_once(Fault::new(
        "/permissions",
        403,
        "forbidden_error",
        "Only admins change permissions",
    ));
    checkbox().unwrap().click();
    wait_for("the refusal said", || {
        text_of(".toast.bad, .toast.error").filter(|t| t.contains("Only admins change permissions"))
    })
    .await;
    wait_for("the cell back as it was", || {
        checkbox().filter(|c| c.checked() && !c.disabled())
    })
    .await;
    // Finding a permission narrows the rows.
    type_into("input[aria-label='Find a permission']", "execution_start");
    wait_for("one row", || {
        (document()
            .query_selector_all(".permission-matrix tbody tr")
            .ok()?
            .length()
            == 1)
            .then_some(())
    })
    .await;
    root.remove();
}

#[wasm_bindgen_test]
async fn agents_are_listed_by_deployment_with_their_node_linked() {
    let _x = exclusive().await;
    fresh_session().await;
    let (_app, root) = mount_at("/agents");
    let dep = wait_for("an agent's deployment", || {
        query("table.list tbody tr td:nth-child(2) a")?.text_content()
    })
    .await;
    root.remove();
    let (_app, root) = mount_at(&format!("/agents?deployment_id={dep}"));
    let links = wait_for("its agents", || {
        let all = document()
            .query_selector_all("table.list tbody tr td:first-child a")
            .ok()?;
        let hrefs: Vec<String> = (0..all.length())
            .filter_map(|i| all.item(i))
            .filter_map(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok())
            .filter_map(|a| a.get_attribute("href"))
            .collect();
        (!hrefs.is_empty()).then_some(hrefs)
    })
    .await;
    // Every row is an agent of that deployment, linked to its node there.
    let deployments = texts("table.list tbody tr td:nth-child(2)");
    assert!(deployments.iter().all(|d| *d == dep), "{deployments:?}");
    assert!(
        links
            .iter()
            .all(|h| h.starts_with(&format!("/deployments/{dep}?node="))),
        "{links:?}"
    );
    root.remove();
}

/// What the select of the row (of `rows`) that mentions `text` has chosen.
fn chosen_in_row(rows: &str, text: &str) -> Option<String> {
    row_containing(rows, text)?
        .query_selector("select")
        .ok()
        .flatten()
        .map(|s| wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlSelectElement>(s).value())
}

/// Picks `value` in the select `selector`, as the operator does.
fn choose(selector: &str, value: &str) {
    let select: web_sys::HtmlSelectElement =
        wasm_bindgen::JsCast::dyn_into(query(selector).unwrap()).unwrap();
    select.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    select
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).unwrap())
        .unwrap();
}

/// Waits for a success toast that says `what`.
async fn toast_saying(what: &str) -> String {
    wait_for(what, || {
        texts(".toast.ok").into_iter().find(|t| t.contains(what))
    })
    .await
}

#[wasm_bindgen_test]
async fn a_users_password_and_role_are_set_and_a_group_joins_a_tenant() {
    let _x = exclusive().await;
    fresh_session().await;
    let (app, root) = mount_at("/users");
    click_when_ready("button", "New user").await;
    let form = "form[aria-label='New user']";
    wait_for("the new user form", || query(form)).await;
    type_into(&format!("{form} input[name=username]"), "baton-pw");
    type_into(&format!("{form} input[name=password]"), "first password");
    click(&format!("{form} button[type=submit]"));
    let row = "table.list tbody tr";
    wait_for("the user's row", || {
        texts(row).into_iter().find(|t| t.contains("baton-pw"))
    })
    .await;
    let in_row = |what: &str| -> Option<web_sys::Element> {
        row_containing(row, "baton-pw")?
            .query_selector(what)
            .ok()
            .flatten()
    };
    // The password is typed unseen, then set.
    let buttons = in_row("button:nth-of-type(2)").expect("Set password");
    assert_eq!(buttons.text_content().as_deref(), Some("Set password"));
    wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>(buttons).click();
    let set = "form[aria-label='Set password']";
    let input = wait_for("the password form", || {
        query(&format!("{set} input[name=password]"))
    })
    .await;
    assert_eq!(input.get_attribute("type").as_deref(), Some("password"));
    type_into(&format!("{set} input[name=password]"), "second password");
    click(&format!("{set} button[type=submit]"));
    toast_saying("The password of baton-pw is set.").await;
    // The system role, from the row.
    let select = in_row("select[aria-label='System role']").unwrap();
    select.set_id("baton-pw-role");
    choose("#baton-pw-role", "sys_admin");
    toast_saying("baton-pw now has the system role sys_admin").await;
    drop(app);
    root.remove();

    // A user group joins a tenant with a tenant role.
    let (_app, root) = mount_at("/tenants/default_tenant");
    let add = "form[aria-label='Add a group']";
    wait_for("the add-group form", || query(add)).await;
    type_into(&format!("{add} input[name=group_name]"), "auditors");
    choose(&format!("{add} select"), "viewer");
    click(&format!("{add} button[type=submit]"));
    let role = wait_for("the group with its role", || {
        chosen_in_row("section[aria-label=Groups] tbody tr", "auditors")
    })
    .await;
    assert_eq!(role, "viewer");
    root.remove();
}

#[wasm_bindgen_test]
async fn ldap_is_refused_as_premium_then_set_and_said_on() {
    let _x = exclusive().await;
    fresh_session().await;
    let (_app, root) = mount_at("/system");
    let card = "section[aria-labelledby=ldap-title]";
    wait_for("LDAP off", || {
        text_of(card).filter(|t| t.contains("Off: users sign in with the manager's own accounts"))
    })
    .await;
    click_when_ready(&format!("{card} button"), "Configure LDAP").await;
    let form = "form[aria-label='Point the manager at an LDAP server']";
    wait_for("the LDAP form", || query(form)).await;
    // Not a URL: said on the field, nothing sent.
    type_into(
        &format!("{form} input[name=ldap_server]"),
        "ldap.example.org",
    );
    click(&format!("{form} button[type=submit]"));
    wait_for("the server's message", || {
        text_of(&format!(
            "{form} .field[data-input=ldap_server] .field-error"
        ))
        .filter(|t| !t.is_empty())
    })
    .await;
    type_into(
        &format!("{form} input[name=ldap_server]"),
        "ldaps://ldap.example.org:636",
    );
    // A community manager's answer is shown as it says it.
    fail_once(Fault::new(
        "/ldap",
        403,
        "missing_premium_package_error",
        "This feature is only available in Cloudify Premium",
    ));
    click(&format!("{form} button[type=submit]"));
    let said = wait_for("the premium refusal", || {
        query(&format!("{form} .error"))?.text_content()
    })
    .await;
    assert!(
        said.contains("only available in Cloudify Premium"),
        "{said}"
    );
    assert_eq!(
        query(&format!("{form} input[name=ldap_server]"))
            .and_then(|i| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(i).ok())
            .map(|i| i.value())
            .as_deref(),
        Some("ldaps://ldap.example.org:636"),
        "what was typed stays"
    );
    click(&format!("{form} button[type=submit]"));
    toast_saying("the manager reached ldaps://ldap.example.org:636").await;
    wait_for("LDAP on", || {
        text_of(card).filter(|t| t.contains("Users sign in with their directory account"))
    })
    .await;
    root.remove();
}

#[wasm_bindgen_test]
async fn a_site_is_moved_and_renamed_from_its_row() {
    let _x = exclusive().await;
    fresh_session().await;
    let (_app, root) = mount_at("/sites");
    click_when_ready("button", "New site").await;
    let form = "form[aria-label='New site']";
    wait_for("the new site form", || query(form)).await;
    type_into(&format!("{form} input[name=name]"), "baton-moving");
    type_into(&format!("{form} input[name=location]"), "10, 10");
    click(&format!("{form} button[type=submit]"));
    let edit = wait_for("its Edit button", || {
        row_containing("table.list tbody tr", "baton-moving")?
            .query_selector("button.button.small:not(.danger)")
            .ok()
            .flatten()
    })
    .await;
    wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>(edit).click();
    let form = "form[aria-label='Edit site']";
    wait_for("the edit form", || query(form)).await;
    type_into(&format!("{form} input[name=location]"), "48.85, 2.35");
    type_into(&format!("{form} input[name=new_name]"), "baton-paris");
    click(&format!("{form} button[type=submit]"));
    let row = wait_for("the renamed site", || {
        texts("table.list tbody tr")
            .into_iter()
            .find(|t| t.contains("baton-paris"))
    })
    .await;
    assert!(row.contains("48.8500, 2.3500"), "{row}");
    wait_for("the site on the map", || {
        query(".world-map circle[data-href='/deployments?site_name=baton-paris']")
    })
    .await;
    root.remove();
}

#[wasm_bindgen_test]
async fn a_viewer_is_not_offered_what_its_roles_lack_and_is_told_why() {
    let _x = exclusive().await;
    web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
    let (_app, root) = mount_at("/deployments");
    wait_for("the login form", || query("input[name=username]")).await;
    // carol is a viewer in the research tenant.
    type_into("input[name=username]", "carol");
    type_into("input[name=password]", "carol");
    click("button[type=submit]");
    let held = wait_for("Create deployment held back", || {
        query("span.button.disabled[aria-disabled=true]")
    })
    .await;
    assert_eq!(held.text_content().as_deref(), Some("Create deployment"));
    let why = held.get_attribute("title").unwrap_or_default();
    assert!(why.contains("`deployment_create`"), "{why}");
    assert!(query("a[href='/deployments/new']").is_none());
    root.remove();

    // The admin is offered it.
    fresh_session().await;
    let (_app, root) = mount_at("/deployments");
    wait_for("Create deployment offered", || {
        query("a.button[href='/deployments/new']")
    })
    .await;
    root.remove();
}

#[wasm_bindgen_test]
async fn metrics_chart_each_workflows_average_and_a_period_without_any_says_so() {
    let _x = exclusive().await;
    fresh_session().await;
    let (_app, root) = mount_at("/metrics");
    let bars = wait_for("the workflows' durations", || {
        let all = document()
            .query_selector_all("svg[aria-label='Workflows: average duration'] g[role=img]")
            .ok()?;
        let labels: Vec<String> = (0..all.length())
            .filter_map(|i| all.item(i))
            .filter_map(|n| {
                wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n)
                    .ok()?
                    .get_attribute("aria-label")
            })
            .collect();
        (!labels.is_empty()).then_some(labels)
    })
    .await;
    // The demo records install and uninstall runs; each bar says its average in seconds.
    assert_eq!(bars.len(), 2, "{bars:?}");
    assert!(bars.iter().all(|b| b.ends_with(" s")), "{bars:?}");
    assert!(bars.iter().any(|b| b.starts_with("install: ")), "{bars:?}");
    // The recorded metrics are listed too.
    wait_for("the recorded metrics", || (rows() > 0).then_some(())).await;
    root.remove();
    // A period with no runs says so instead of drawing nothing.
    let (_app, root) = mount_at("/metrics?since=2100-01-01");
    wait_for("the empty period", || {
        root.text_content()
            .filter(|t| t.contains("No workflow metrics in this period."))
    })
    .await;
    root.remove();
}

#[wasm_bindgen_test]
async fn a_new_token_refuses_a_past_expiry_on_its_field_then_shows_its_value_once() {
    let _x = exclusive().await;
    fresh_session().await;
    let (_app, root) = mount_at("/tokens");
    const FORM: &str = "form[aria-label='New token']";
    click_when_ready("button", "New token").await;
    wait_for("the new token form", || query(FORM)).await;
    type_into(
        &format!("{FORM} input[name=description]"),
        "nightly CI runner",
    );
    type_into(
        &format!("{FORM} input[name=expiration_date]"),
        "2001-01-01 00:00",
    );
    click(&format!("{FORM} button[type=submit]"));
    let said = wait_for("the expiry refused on its field", || {
        text_of(&format!(
            "{FORM} .field[data-input=expiration_date] .field-error"
        ))
        .filter(|t| !t.trim().is_empty())
    })
    .await;
    assert!(said.contains("in the past"), "{said}");
    let kept: web_sys::HtmlInputElement =
        wasm_bindgen::JsCast::dyn_into(query(&format!("{FORM} input[name=description]")).unwrap())
            .unwrap();
    assert_eq!(kept.value(), "nightly CI runner", "what was typed stays");
    type_into(&format!("{FORM} input[name=expiration_date]"), "+2h");
    click(&format!("{FORM} button[type=submit]"));
    let value = wait_for("the new token's value", || {
        text_of("section.new-token .token-value").filter(|v| !v.is_empty())
    })
    .await;
    assert!(query(FORM).is_none(), "the form closes");
    assert!(text_of("section.new-token")
        .unwrap()
        .contains("never shows its value again"));
    // The list has it, its value not in the page's storage or address.
    wait_for("the token in the list", || {
        row_containing("table.list tbody tr", "nightly CI runner")
    })
    .await;
    let storage = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap();
    for i in 0..storage.length().unwrap() {
        let key = storage.key(i).unwrap().unwrap();
        let item = storage.get_item(&key).unwrap().unwrap_or_default();
        assert!(!item.contains(&value), "{key} keeps the token");
    }
    assert!(!web_sys::window()
        .unwrap()
        .location()
        .href()
        .unwrap()
        .contains(&value));
    click_when_ready("button", "Done, hide it").await;
    wait_for("the value hidden", || {
        query("section.new-token").is_none().then_some(())
    })
    .await;
    root.remove();
}
