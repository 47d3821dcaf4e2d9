//! The Lyve Cloud and SailPoint pages against their demo managers (connected through the
//! Clusters page, as an operator does): forms that follow what is chosen, a secret shown once,
//! usage charts, filters in the URL, the JSON Patch an edit sends, deletes and log windows.

mod common;

use baton_core::cloud::ProviderKind;
use common::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Sets a form control's value (input, textarea or select) and says so as the browser does.
fn set_value(selector: &str, value: &str, event: &str) {
    let el = query(selector).unwrap_or_else(|| panic!("no {selector}"));
    js_sys::Reflect::set(&el, &"value".into(), &value.into()).unwrap();
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    el.dispatch_event(&web_sys::Event::new_with_event_init_dict(event, &init).unwrap())
        .unwrap();
}

fn type_text(selector: &str, value: &str) {
    set_value(selector, value, "input");
}

fn choose(selector: &str, value: &str) {
    set_value(selector, value, "change");
}

fn press(el: web_sys::Element) {
    el.dyn_into::<web_sys::HtmlElement>().unwrap().click();
}

/// The first button or link whose text is `words`.
fn by_text(words: &str) -> Option<web_sys::Element> {
    let all = document().query_selector_all("button, a").ok()?;
    (0..all.length())
        .filter_map(|i| all.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
        .find(|b| b.text_content().as_deref().map(str::trim) == Some(words))
}

/// Where a link leads. Tests open it by mounting the console there (as the other browser tests
/// do: a click on a link of a console mounted after others is not routed in this harness).
async fn link(what: &str, selector: &str) -> String {
    wait_for(what, || query(selector)?.get_attribute("href")).await
}

fn href() -> String {
    web_sys::window().unwrap().location().href().unwrap()
}

fn page_text() -> String {
    query("div.test-root")
        .and_then(|r| r.text_content())
        .unwrap_or_default()
}

async fn sign_in_if_asked() {
    let login = wait_for("the login form or the page", || {
        query("input[name=username]")
            .map(|_| true)
            .or_else(|| query(".clusters-connections").map(|_| false))
    })
    .await;
    if login {
        sign_in_as_admin().await;
    }
}

/// The id of this tab's connection to the `kind` demo, connecting the four demos first when
/// there is none.
async fn connection(kind: ProviderKind) -> String {
    let find = || {
        baton_web::connections::load()
            .into_iter()
            .find(|c| c.kind == kind && c.token.is_some())
            .map(|c| c.id)
    };
    if let Some(id) = find() {
        return id;
    }
    let (_app, root) = mount_at("/clusters");
    sign_in_if_asked().await;
    press(wait_for("the demos button", || by_text("Connect the four demos")).await);
    wait_within("four connections", 15_000, || {
        (texts(".clusters-connection").len() == 4).then_some(())
    })
    .await;
    root.remove();
    find().expect("the demo connection")
}

/// Mounts the console at `path` (signed in already by `connection`).
async fn open(path: &str) -> (impl Sized, web_sys::HtmlElement) {
    let (app, root) = mount_at(path);
    sign_in_if_asked_on_page().await;
    (app, root)
}

async fn sign_in_if_asked_on_page() {
    let login = wait_for("the page", || {
        query("input[name=username]")
            .map(|_| true)
            .or_else(|| query(".page-head h1").map(|_| false))
    })
    .await;
    if login {
        sign_in_as_admin().await;
    }
}

#[wasm_bindgen_test]
async fn a_permission_form_follows_its_type_and_a_permission_is_created() {
    let _lock = exclusive().await;
    let conn = connection(ProviderKind::Lyve).await;
    let (_app, root) = open(&format!("/lyve/{conn}/permissions")).await;
    wait_for("the demo's permissions", || {
        row_containing("table.lyve-permissions tbody tr", "Audit readers")
    })
    .await;
    // Each row says its scope as its type has it.
    let audit = row_containing("table.lyve-permissions tbody tr", "Audit readers")
        .unwrap()
        .text_content()
        .unwrap();
    assert!(
        audit.contains("read-only on buckets starting with audit-"),
        "{audit}"
    );
    let new = link("the New permission link", "a.button.accent").await;
    assert!(new.ends_with("/permissions?edit=new"), "{new}");
    root.remove();
    drop(_app);
    let (_app, root) = open(&new).await;
    wait_for("the form", || query("form.lyve-form select[name=type]")).await;
    assert!(query("select[name=actions]").is_some());
    assert!(query("input[name=prefix]").is_none() && query("textarea[name=policy]").is_none());
    choose("select[name=type]", "bucket-prefix");
    wait_for("the prefix field", || query("input[name=prefix]")).await;
    assert!(query("textarea[name=buckets]").is_none());
    choose("select[name=type]", "policy");
    wait_for("the policy field", || query("textarea[name=policy]")).await;
    assert!(query("select[name=actions]").is_none() && query("input[name=prefix]").is_none());
    choose("select[name=type]", "bucket-names");
    wait_for("the buckets field", || query("textarea[name=buckets]")).await;
    type_text("input[name=name]", "Test readers");
    // Without a bucket: said on the buckets field, nothing sent.
    click("form.lyve-form button[type=submit]");
    let said = wait_for("the buckets message", || text_of("#buckets-error")).await;
    assert!(said.contains("at least one bucket"), "{said}");
    type_text("textarea[name=buckets]", "audit-logs, web-assets");
    choose("select[name=actions]", "read-only");
    click("form.lyve-form button[type=submit]");
    let row = wait_for("the new permission", || {
        row_containing("table.lyve-permissions tbody tr", "Test readers")
    })
    .await
    .text_content()
    .unwrap();
    assert!(row.contains("read-only on audit-logs, web-assets"), "{row}");
    assert!(row.contains("Not ready yet"), "{row}");
    assert!(
        query("form.lyve-form").is_none(),
        "the form closes after a create"
    );
    // Changing it before every region has it: the 409 is explained.
    let edit = link("its edit link", "a[aria-label='Edit Test readers']").await;
    root.remove();
    drop(_app);
    let (_app, root) = open(&edit).await;
    wait_for("the edit form", || {
        query("form.lyve-form input[name=name]")
            .filter(|_| query("textarea[name=buckets]").is_some())
    })
    .await;
    type_text("textarea[name=buckets]", "audit-logs");
    click("form.lyve-form button[type=submit]");
    let hint = wait_for("the not-ready explanation", || text_of(".lyve-hint")).await;
    assert!(hint.contains("still setting this up"), "{hint}");
    assert!(page_text().contains("PermissionNotReady"));
    root.remove();
}

#[wasm_bindgen_test]
async fn a_new_service_account_secret_is_shown_once() {
    let _lock = exclusive().await;
    let conn = connection(ProviderKind::Lyve).await;
    let (_app, root) = open(&format!("/lyve/{conn}/service-accounts")).await;
    let new = link("the New service account link", "a.button.accent").await;
    root.remove();
    drop(_app);
    let (_app, root) = open(&new).await;
    wait_for("step 1", || query(".lyve-wizard input[name=name]")).await;
    assert!(href().contains("new=name"));
    type_text(".lyve-wizard input[name=name]", "ci-uploader");
    click(".lyve-wizard button[type=submit]");
    wait_for("step 2", || query(".lyve-wizard input[name=permission]")).await;
    assert!(href().contains("new=permissions"));
    // Nothing chosen: said, and the wizard stays.
    click(".lyve-wizard button[type=submit]");
    wait_for("the choice message", || {
        text_of(".lyve-wizard .field-error")
    })
    .await;
    click(".lyve-wizard input[name=permission][value='perm-0001']");
    click(".lyve-wizard button[type=submit]");
    wait_for("step 3", || {
        row_containing(".lyve-wizard dl dd", "Full access")
    })
    .await;
    assert!(text_of(".lyve-wizard dl").unwrap().contains("ci-uploader"));
    click(".lyve-wizard button[type=submit]");
    let secret = wait_for("the secret", || text_of(".lyve-secret")).await;
    assert!(!secret.is_empty());
    let warning = text_of(".lyve-warning").unwrap();
    assert!(warning.contains("will not be shown again"), "{warning}");
    assert!(query(".lyve-keys button.copy").is_some(), "a copy button");
    assert!(href().contains("created="));
    // Never in the URL nor in the tab's storage.
    assert!(!href().contains(&secret));
    let window = web_sys::window().unwrap();
    for storage in [
        window.session_storage().unwrap().unwrap(),
        window.local_storage().unwrap().unwrap(),
    ] {
        for i in 0..storage.length().unwrap() {
            let key = storage.key(i).unwrap().unwrap();
            let value = storage.get_item(&key).unwrap().unwrap_or_default();
            assert!(
                !value.contains(&secret),
                "the secret is in storage under {key}"
            );
        }
    }
    wait_for("the new account in the list", || {
        row_containing("table.lyve-accounts tbody tr", "ci-uploader")
    })
    .await;
    // Leaving and coming back to the same address: gone, and said why.
    let again = href();
    root.remove();
    drop(_app);
    let (_app, root) = open(&again[again.find("/lyve").unwrap()..]).await;
    let said = wait_for("the gone message", || text_of(".lyve-keys")).await;
    assert!(said.contains("shown once"), "{said}");
    assert!(!page_text().contains(&secret));
    assert!(query(".lyve-secret").is_none());
    root.remove();
}

#[wasm_bindgen_test]
async fn a_service_account_is_enabled_and_disabled() {
    let _lock = exclusive().await;
    let conn = connection(ProviderKind::Lyve).await;
    let (_app, root) = open(&format!("/lyve/{conn}/service-accounts")).await;
    let row = || row_containing("table.lyve-accounts tbody tr", "audit-export");
    let first = wait_for("audit-export", row).await.text_content().unwrap();
    let (from, to, button) = if first.contains("Disabled") {
        ("Disabled", "Enabled", "Enable audit-export")
    } else {
        ("Enabled", "Disabled", "Disable audit-export")
    };
    assert!(first.contains(from));
    click(&format!("button[aria-label='{button}']"));
    wait_for("the account switched", || {
        row().filter(|r| r.text_content().unwrap().contains(to))
    })
    .await;
    let back = if to == "Enabled" {
        "Disable audit-export"
    } else {
        "Enable audit-export"
    };
    click(&format!("button[aria-label='{back}']"));
    wait_for("the account switched back", || {
        row().filter(|r| r.text_content().unwrap().contains(from))
    })
    .await;
    // The permissions are named, not given as ids.
    assert!(row()
        .unwrap()
        .text_content()
        .unwrap()
        .contains("Audit readers"));
    root.remove();
}

#[wasm_bindgen_test]
async fn usage_is_charted_and_more_than_six_months_is_refused() {
    let _lock = exclusive().await;
    let conn = connection(ProviderKind::Lyve).await;
    let (_app, root) = open(&format!("/lyve/{conn}/usage")).await;
    wait_for("the charts", || query("svg.chart-columns")).await;
    let bars = |n: u32| {
        document()
            .query_selector_all(&format!(
                ".lyve-charts figure:nth-of-type({n}) rect.chart-bar"
            ))
            .unwrap()
            .length()
    };
    // The demo has five buckets and three sub-accounts; six months by default.
    assert_eq!(bars(1), 5);
    assert_eq!(bars(2), 3);
    let labels = texts(".lyve-charts figure:nth-of-type(1) .chart-label");
    assert!(labels.iter().any(|l| l == "backups-eu"), "{labels:?}");
    assert_eq!(
        document()
            .query_selector_all("rect.chart-column")
            .unwrap()
            .length(),
        6
    );
    root.remove();
    drop(_app);
    let (_app, root) = open(&format!("/lyve/{conn}/usage?from=2026-01&to=2026-11")).await;
    let why = wait_for("the refusal", || text_of(".lyve-range-error")).await;
    assert!(
        why.contains("11 months") && why.contains("at most 6"),
        "{why}"
    );
    wait_for("the current charts", || query("svg.chart-bars")).await;
    assert!(query("svg.chart-columns").is_none());
    root.remove();
}

fn cluster_rows() -> Vec<String> {
    texts("table.sailpoint-clusters tbody tr")
}

/// Opens the detail of the demo cluster named `name` from the list.
async fn open_cluster(conn: &str, name: &str) -> (impl Sized, web_sys::HtmlElement) {
    let (app, root) = open(&format!("/sailpoint/{conn}")).await;
    let href = wait_for(name, || {
        row_containing("table.sailpoint-clusters tbody tr", name)?
            .query_selector("a.name")
            .ok()
            .flatten()?
            .get_attribute("href")
    })
    .await;
    root.remove();
    drop(app);
    let (app, root) = open(&href).await;
    wait_for("the detail", || query("dl.sailpoint-facts")).await;
    (app, root)
}

#[wasm_bindgen_test]
async fn the_cluster_list_filters_by_status_in_the_url() {
    let _lock = exclusive().await;
    let conn = connection(ProviderKind::SailPoint).await;
    let (_app, root) = open(&format!("/sailpoint/{conn}")).await;
    wait_for("clusters", || (cluster_rows().len() >= 4).then_some(())).await;
    assert!(text_of(".pager .range").unwrap().contains(" of "));
    choose("select[name=status]", "FAILED");
    wait_for("only failed clusters", || {
        let rows = cluster_rows();
        (!rows.is_empty() && rows.iter().all(|r| r.contains("Failed"))).then_some(())
    })
    .await;
    assert!(href().contains("status=FAILED"), "{}", href());
    assert!(cluster_rows()
        .iter()
        .any(|r| r.contains("Legacy connectors")));
    choose("select[name=type]", "iai");
    wait_for("nothing both failed and iai", || query(".empty")).await;
    assert!(href().contains("type=iai"));
    root.remove();
}

#[wasm_bindgen_test]
async fn an_edit_shows_the_json_patch_it_sends() {
    let _lock = exclusive().await;
    let conn = connection(ProviderKind::SailPoint).await;
    let (_app, root) = open_cluster(&conn, "EU VA cluster").await;
    let edit = link("the Edit link", "a.button[href$='?edit=1']").await;
    root.remove();
    drop(_app);
    let (_app, root) = open(&edit).await;
    wait_for("the edit form", || {
        query("form.sailpoint-form textarea[name=description]")
    })
    .await;
    type_text(
        "form.sailpoint-form textarea[name=description]",
        "Moved to Frankfurt",
    );
    click("input[name=show-patch]");
    let patch = wait_for("the patch", || text_of("pre.sailpoint-patch")).await;
    assert!(href().contains("patch=1"));
    let ops: serde_json::Value = serde_json::from_str(&patch).unwrap();
    assert_eq!(
        ops,
        serde_json::json!([{"op": "replace", "path": "/description", "value": "Moved to Frankfurt"}])
    );
    click("form.sailpoint-form button[type=submit]");
    wait_for("the change applied", || {
        query("form.sailpoint-form")
            .is_none()
            .then(|| text_of("dl.sailpoint-facts"))
            .flatten()
            .filter(|t| t.contains("Moved to Frankfurt"))
    })
    .await;
    root.remove();
}

/// Confirms once the typed name has enabled the button (it follows the typing a tick later).
async fn confirm_when_enabled() {
    wait_for("the confirm button enabled", || {
        query("dialog.confirm[open] button[type=submit]:not([disabled])")
    })
    .await;
    click("dialog.confirm[open] button[type=submit]");
}

#[wasm_bindgen_test]
async fn a_cluster_with_clients_is_deleted_with_remove_clients() {
    let _lock = exclusive().await;
    let conn = connection(ProviderKind::SailPoint).await;
    let (_app, root) = open_cluster(&conn, "Production VA cluster").await;
    let confirm = || {
        wait_for("the confirmation", || {
            query("dialog.confirm[open] input[name=confirm-id]")
        })
    };
    // A manual upgrade first, confirmed: one job per client.
    press(by_text("Upgrade now").unwrap());
    wait_for("the upgrade confirmation", || query("dialog.confirm[open]")).await;
    click("dialog.confirm[open] button[type=submit]");
    let upgrade = wait_for("the upgrade's jobs", || text_of(".sailpoint-upgrade")).await;
    assert!(
        upgrade.contains("2 job(s)") && upgrade.contains("va-1001 PENDING"),
        "{upgrade}"
    );
    press(by_text("Delete").unwrap());
    confirm().await;
    type_text(
        "dialog.confirm[open] input[name=confirm-id]",
        "Production VA cluster",
    );
    confirm_when_enabled().await;
    // Without its clients: refused, saying how.
    let refused = wait_for("the refusal", || {
        text_of(".error").filter(|t| t.contains("removeClients"))
    })
    .await;
    assert!(refused.contains("clients"), "{refused}");
    press(by_text("Delete").unwrap());
    confirm().await;
    click("dialog.confirm[open] input[name=remove-clients]");
    type_text(
        "dialog.confirm[open] input[name=confirm-id]",
        "Production VA cluster",
    );
    confirm_when_enabled().await;
    wait_for("back on the list without it", || {
        let rows = cluster_rows();
        (!rows.is_empty() && !rows.iter().any(|r| r.contains("Production VA cluster")))
            .then_some(())
    })
    .await;
    root.remove();
}

#[wasm_bindgen_test]
async fn log_configuration_takes_minutes_and_refuses_an_expiry_past_a_day() {
    let _lock = exclusive().await;
    let conn = connection(ProviderKind::SailPoint).await;
    let (_app, root) = open_cluster(&conn, "AI insights").await;
    wait_for("no log configuration", || query(".sailpoint-no-log")).await;
    let set = link("the Set log levels link", "a.button[href$='?log=1']").await;
    root.remove();
    drop(_app);
    let (_app, root) = open(&set).await;
    wait_for("the log form", || query("input[name=durationMinutes]")).await;
    let later = baton_web::api::now() + chrono::Duration::hours(25);
    type_text("input[name=durationMinutes]", "");
    type_text(
        "input[name=expiration]",
        &later.format("%Y-%m-%dT%H:%M").to_string(),
    );
    click("form.sailpoint-form button[type=submit]");
    let said = wait_for("the expiry refused", || text_of("#expiration-error")).await;
    assert!(said.contains("at most 24 hours"), "{said}");
    type_text("input[name=expiration]", "");
    type_text("input[name=durationMinutes]", "90");
    type_text(
        "textarea[name=logLevels]",
        "sailpoint.connector.ADLDAPConnector=trace",
    );
    click("form.sailpoint-form button[type=submit]");
    let set = wait_for("the log configuration", || {
        text_of("dl.sailpoint-log").filter(|_| query("input[name=durationMinutes]").is_none())
    })
    .await;
    assert!(
        set.contains("90 minutes") && set.contains("ADLDAPConnector=TRACE"),
        "{set}"
    );
    root.remove();
}
