//! The home page and the system page (issue 12): what needs attention, with one click to it;
//! a card the manager refuses shows why and leaves the others; maintenance mode entered from
//! the system page puts a banner on every page, and leaving it takes the banner away.

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
