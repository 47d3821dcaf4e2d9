//! The Imply Cloud and OTC CDM pages of a connection: lists, a new Imply cluster (a field error
//! on its field, then success), the diff between two versions, stop/start with the 409 said in
//! words, delete with its confirmation; a CDM cluster's instances and failure reason, restart
//! and delete with their options.

mod common;

use common::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

/// The first element of `selector` whose whole text is `text`, trimmed.
fn named(selector: &str, text: &str) -> Option<HtmlElement> {
    let all = document().query_selector_all(selector).ok()?;
    (0..all.length())
        .filter_map(|i| all.item(i))
        .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
        .find(|b| b.text_content().is_some_and(|t| t.trim() == text))
}

async fn press(text: &str) {
    let b = wait_for(&format!("an enabled button {text}"), || {
        named("button", text).filter(|b| !b.has_attribute("disabled"))
    })
    .await;
    b.click();
}

/// The open dialog's confirm button, after typing `typed` where it asks for the name.
async fn confirm(typed: Option<&str>) {
    wait_for("an open dialog", || query("dialog[open]")).await;
    if let Some(t) = typed {
        type_into("dialog[open] input[name=confirm-id]", t);
    }
    let b = wait_for("its confirm button enabled", || {
        query("dialog[open] button[type=submit]:not([disabled])")
    })
    .await;
    b.dyn_into::<HtmlElement>().unwrap().click();
}

fn choose(selector: &str, value: &str) {
    let s: HtmlSelectElement = query(selector).unwrap().dyn_into().unwrap();
    s.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let ev = web_sys::Event::new_with_event_init_dict("change", &init).unwrap();
    s.dyn_into::<HtmlElement>()
        .unwrap()
        .dispatch_event(&ev)
        .unwrap();
}

fn here() -> String {
    let l = web_sys::window().unwrap().location();
    format!("{}{}", l.pathname().unwrap(), l.search().unwrap())
}

/// Signs in when asked, connects the four demos on the Clusters page once for the tab, and
/// returns the id of the connection of `kind` (`imply`, `cdm`).
async fn demo_connection(kind: &str) -> String {
    let stored = || {
        let raw = web_sys::window()
            .unwrap()
            .session_storage()
            .unwrap()
            .unwrap()
            .get_item("baton.connections")
            .unwrap()?;
        let all: serde_json::Value = serde_json::from_str(&raw).ok()?;
        all.as_array()?
            .iter()
            .find(|c| {
                c["kind"]
                    .as_str()
                    .is_some_and(|k| k.eq_ignore_ascii_case(kind))
            })
            .and_then(|c| c["id"].as_str().map(str::to_string))
    };
    if let Some(id) = stored() {
        return id;
    }
    let (_app, root) = mount_at("/clusters");
    let login = wait_for("the login form or the page", || {
        query("input[name=username]")
            .map(|_| true)
            .or_else(|| query(".clusters-connections").map(|_| false))
    })
    .await;
    if login {
        sign_in_as_admin().await;
    }
    press("Connect the four demos").await;
    wait_for("four connections", || {
        (texts(".clusters-connection").len() == 4).then_some(())
    })
    .await;
    root.remove();
    stored().expect("the demo connection is stored")
}

/// Mounts the console at `path` (signed in already) and waits for its head.
async fn open(path: &str) -> (impl Sized, HtmlElement) {
    let mounted = mount_at(path);
    wait_for("the provider page", || query(".cloud-crumbs")).await;
    mounted
}

#[wasm_bindgen_test]
async fn imply_list_shows_the_demo_clusters_with_their_state() {
    let _lock = exclusive().await;
    let conn = demo_connection("imply").await;
    let (_app, root) = open(&format!("/imply/{conn}")).await;
    wait_for("the clusters", || {
        row_containing("table.list tbody tr", "Fraud detection")
    })
    .await;
    let crumbs = text_of(".cloud-crumbs").unwrap();
    assert!(
        crumbs.contains("Imply Cloud") && crumbs.contains("Clusters"),
        "{crumbs}"
    );
    let fraud = row_containing("table.list tbody tr", "Fraud detection")
        .unwrap()
        .text_content()
        .unwrap();
    assert!(
        fraud.contains("Failed") && fraud.contains("deep storage"),
        "{fraud}"
    );
    let click = row_containing("table.list tbody tr", "Clickstream analytics")
        .unwrap()
        .text_content()
        .unwrap();
    assert!(
        click.contains("2024.10") && click.contains("3 master · 2 query · 6 data"),
        "{click}"
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn imply_create_puts_the_managers_message_on_its_field_then_succeeds() {
    let _lock = exclusive().await;
    let conn = demo_connection("imply").await;
    let (_app, root) = open(&format!("/imply/{conn}/new")).await;
    wait_for("the form", || query("input[name='metadata.name']")).await;
    type_into("input[name='metadata.name']", "Test ingestion");
    type_into("input[name='spec.master.replicas']", "9");
    click("form.imply-form button[type=submit]");
    let message = wait_for("the message on the master servers field", || {
        text_of("[data-field='spec.master.replicas'] .field-error")
    })
    .await;
    assert!(message.contains("between 1 and 5"), "{message}");
    // On that field only; what was typed stays.
    assert!(query("[data-field='metadata.name'] .field-error").is_none());
    let name: HtmlInputElement = query("input[name='metadata.name']")
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(name.value(), "Test ingestion");
    type_into("input[name='spec.master.replicas']", "3");
    wait_for("the message gone once the field changes", || {
        query("[data-field='spec.master.replicas'] .field-error")
            .is_none()
            .then_some(())
    })
    .await;
    click("form.imply-form button[type=submit]");
    wait_for("the new cluster's page", || {
        (text_of("h1").as_deref() == Some("Test ingestion") && here().contains("/clusters/"))
            .then_some(())
    })
    .await;
    wait_for("its state", || {
        text_of(".imply-state").filter(|t| t.contains("Being created"))
    })
    .await;
    root.remove();
}

#[wasm_bindgen_test]
async fn imply_history_diff_between_two_versions_in_the_url() {
    let _lock = exclusive().await;
    let conn = demo_connection("imply").await;
    let (_app, root) = open(&format!("/imply/{conn}")).await;
    let link = wait_for("the cluster link", || {
        named("table.list a", "Clickstream analytics")
    })
    .await;
    let href = link.get_attribute("href").unwrap();
    root.remove();
    drop(_app);
    let (_app, root) = open(&format!("{href}?tab=history&from=2&to=3")).await;
    let diff = wait_for("the diff", || {
        row_containing("table.imply-diff tbody tr", "version")
    })
    .await
    .text_content()
    .unwrap();
    assert!(
        diff.contains("changed") && diff.contains("2024.09") && diff.contains("2024.10"),
        "{diff}"
    );
    assert_eq!(texts("table.imply-diff tbody tr").len(), 1);
    // Another pair, chosen on the page, goes into the URL.
    choose("select[name=from]", "1");
    wait_for("the data tier change", || {
        row_containing("table.imply-diff tbody tr", "data.tiers")
    })
    .await;
    assert!(
        here().contains("from=1") && here().contains("to=3"),
        "{}",
        here()
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn imply_stop_then_start_while_stopping_is_explained() {
    let _lock = exclusive().await;
    let conn = demo_connection("imply").await;
    let (_app, root) = follow(
        open(&format!("/imply/{conn}")).await,
        "Clickstream analytics",
    )
    .await;
    wait_for("its page", || {
        text_of(".imply-state").filter(|t| t.contains("Running"))
    })
    .await;
    press("Stop").await;
    confirm(None).await;
    wait_for("stopping", || {
        text_of(".imply-state").filter(|t| t.contains("Stopping"))
    })
    .await;
    // The cluster applies the stop: a start now is refused, and said why.
    press("Start").await;
    let hint = wait_for("the conflict explained", || text_of(".imply-conflict")).await;
    assert!(
        hint.contains("wait until it is Running or Stopped"),
        "{hint}"
    );
    assert!(text_of(".error-code").unwrap().contains("StateConflict"));
    root.remove();
}

#[wasm_bindgen_test]
async fn imply_delete_asks_for_the_name() {
    let _lock = exclusive().await;
    let conn = demo_connection("imply").await;
    let (_app, root) = follow(open(&format!("/imply/{conn}")).await, "Staging").await;
    wait_for("its page", || text_of("h1").filter(|t| t == "Staging")).await;
    press("Delete").await;
    wait_for("an open dialog", || query("dialog[open]")).await;
    assert!(query("dialog[open] button[type=submit][disabled]").is_some());
    confirm(Some("Staging")).await;
    wait_for("the list without it", || {
        (query("table.list").is_some()
            && row_containing("table.list tbody tr", "Fraud detection").is_some()
            && row_containing("table.list tbody tr", "Staging").is_none())
        .then_some(())
    })
    .await;
    root.remove();
}

/// Opens the page the list's link `name` points at, in a fresh console (in a test page a
/// link's click may reach the router of an earlier console still listening on the window).
async fn follow<A>(mounted: (A, HtmlElement), name: &str) -> (impl Sized, HtmlElement) {
    let href = wait_for(&format!("the link {name}"), || named("table.list a", name))
        .await
        .get_attribute("href")
        .unwrap();
    mounted.1.remove();
    drop(mounted.0);
    open(&href).await
}

#[wasm_bindgen_test]
async fn cdm_list_and_a_failed_cluster_with_its_instances() {
    let _lock = exclusive().await;
    let conn = demo_connection("cdm").await;
    let (_app, root) = open(&format!("/cdm/{conn}")).await;
    wait_for("the clusters", || {
        row_containing("table.list tbody tr", "cdm-finance")
    })
    .await;
    let finance = row_containing("table.list tbody tr", "cdm-finance")
        .unwrap()
        .text_content()
        .unwrap();
    assert!(
        finance.contains("Frozen") && finance.contains("Yes"),
        "{finance}"
    );
    let failed = row_containing("table.list tbody tr", "cdm-migration-eu")
        .unwrap()
        .text_content()
        .unwrap();
    assert!(
        failed.contains("Failed to be created (303)") && failed.contains("Insufficient ECS quota"),
        "{failed}"
    );
    let (_app, root) = follow((_app, root), "cdm-c018").await;
    let nodes = wait_for("the instances", || {
        let rows = texts("table[aria-label=Instances] tbody tr");
        (rows.len() == 2).then_some(rows)
    })
    .await;
    assert!(
        nodes[0].contains("master") && nodes[1].contains("worker"),
        "{nodes:?}"
    );
    // The seed's quirk: one action as a bare string.
    assert!(nodes[1].contains("REBOOTING"), "{}", nodes[1]);
    let page = root.text_content().unwrap();
    for fact in [
        "vpc-cdm-demo",
        "subnet-cdm-demo",
        "sg-cdm-demo",
        "Sunday 02:00–06:00",
        "cdm-c018.cdm.eu-de.otc.t-systems.com",
    ] {
        assert!(page.contains(fact), "{fact}");
    }
    root.remove();
    drop(_app);
    let (_app, root) = follow(open(&format!("/cdm/{conn}")).await, "cdm-migration-eu").await;
    let reason = wait_for("the failure reason", || text_of(".cdm-failed")).await;
    assert!(
        reason.contains("CREATE_FAILED") && reason.contains("Insufficient ECS quota in eu-de-01"),
        "{reason}"
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn cdm_restart_with_options_delete_with_confirmation_and_a_refusal_shown() {
    let _lock = exclusive().await;
    let conn = demo_connection("cdm").await;
    let (_app, root) = follow(open(&format!("/cdm/{conn}")).await, "cdm-c018").await;
    wait_for("normal", || {
        text_of(".cdm-state").filter(|t| t.contains("Running normally"))
    })
    .await;
    press("Restart").await;
    wait_for("the restart options", || {
        query("dialog[open] select[name=restart-mode]")
    })
    .await;
    choose("dialog[open] select[name=restart-mode]", "SOFTLY");
    type_into("dialog[open] input[name=restart-delay]", "soon");
    confirm(None).await;
    // A typo in an option is said and nothing is sent.
    let typo = wait_for("the option's message", || text_of("p.field-error")).await;
    assert!(typo.contains("not a whole number"), "{typo}");
    assert!(text_of(".cdm-state").unwrap().contains("Running normally"));
    press("Restart").await;
    wait_for("the restart options", || {
        query("dialog[open] input[name=restart-delay]")
    })
    .await;
    type_into("dialog[open] input[name=restart-delay]", "5");
    confirm(None).await;
    wait_for("restarting", || {
        text_of(".cdm-state").filter(|t| t.contains("Restarting (500)"))
    })
    .await;
    assert!(text_of(".cdm-done")
        .unwrap()
        .contains("Restart requested (job "));
    // While it restarts, another restart is refused with the manager's message.
    press("Restart").await;
    confirm(None).await;
    let refusal = wait_for("the refusal", || text_of(".error")).await;
    assert!(
        refusal.contains("Cdm.0014") && refusal.contains("cannot restart"),
        "{refusal}"
    );
    root.remove();
    drop(_app);

    let (_app, root) = follow(open(&format!("/cdm/{conn}")).await, "cdm-reporting").await;
    wait_for("stopped", || {
        text_of(".cdm-state").filter(|t| t.contains("Stopped"))
    })
    .await;
    assert!(named("button", "Start").is_some());
    press("Delete").await;
    wait_for("the delete options", || {
        query("dialog[open] input[name=keep-backups]")
    })
    .await;
    type_into("dialog[open] input[name=keep-backups]", "2");
    assert!(query("dialog[open] button[type=submit][disabled]").is_some());
    confirm(Some("cdm-reporting")).await;
    wait_for("the list without it", || {
        (row_containing("table.list tbody tr", "cdm-finance").is_some()
            && row_containing("table.list tbody tr", "cdm-reporting").is_none())
        .then_some(())
    })
    .await;
    root.remove();
}

#[wasm_bindgen_test]
async fn an_unknown_cluster_and_an_unknown_connection_are_said() {
    let _lock = exclusive().await;
    let conn = demo_connection("imply").await;
    let (_app, root) = open(&format!("/imply/{conn}/clusters/no-such-cluster")).await;
    let error = wait_for("the manager's 404", || text_of(".error")).await;
    assert!(
        error.contains("NotFound") && error.contains("Cluster [no-such-cluster] was not found"),
        "{error}"
    );
    root.remove();
    drop(_app);
    let (_app, root) = mount_at("/cdm/c99");
    let said = wait_for("the missing connection", || {
        text_of(".error").filter(|t| t.contains("No connection"))
    })
    .await;
    assert!(said.contains("Go to Clusters to connect"), "{said}");
    // An Imply connection opened as CDM is refused too.
    root.remove();
    drop(_app);
    let (_app, root) = mount_at(&format!("/cdm/{conn}"));
    wait_for("the wrong kind", || {
        text_of(".error").filter(|t| t.contains("is for Imply Cloud, not OTC CDM"))
    })
    .await;
    root.remove();
}
