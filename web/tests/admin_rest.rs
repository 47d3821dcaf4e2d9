//! Administration, the rest of issue 12: actions the signed-in user's roles lack are offered
//! disabled with the permission named (cancelling an execution, creating a schedule,
//! restoring a snapshot); a user's own page; plugins' installation per manager and the
//! blueprints that keep one from being deleted.

#![cfg(target_arch = "wasm32")]

mod common;

use baton_core::conductor::executions::ExecutionStatus;
use baton_core::conductor::permissions::SetPermission;
use baton_core::Endpoint;
use baton_core::{Credentials, Session};
use common::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Calls the demo manager directly, as the admin.
fn as_admin<E: Endpoint>(call: &E) -> Result<E::Output, baton_core::ApiError> {
    let admin = Session::same_origin()
        .with_tenant("default_tenant")
        .with_credentials(Credentials::Basic {
            username: "admin".into(),
            password: "admin".into(),
        });
    with_manager(|m| call.parse(m.handle(&call.request(&admin), baton_web::api::now())))
}

fn sys_admin_may_restore(allow: bool) {
    as_admin(&SetPermission {
        role: "sys_admin".into(),
        permission: "snapshot_restore".into(),
        allow,
    })
    .expect("the permission changed");
}

fn clear_session() {
    web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
}

/// Signs in as `user` (whose password is their name in the demo) in a console at `path`.
async fn sign_in_as(user: &str, path: &str) -> web_sys::HtmlElement {
    clear_session();
    let (_app, root) = mount_at(path);
    wait_for("the login form", || query("input[name=username]")).await;
    type_into("input[name=username]", user);
    type_into("input[name=password]", user);
    click("button[type=submit]");
    root
}

/// The first element matching `selector` whose text starts with `text`.
fn with_text(selector: &str, text: &str) -> Option<web_sys::Element> {
    let all = document().query_selector_all(selector).ok()?;
    (0..all.length())
        .filter_map(|i| all.item(i)?.dyn_into::<web_sys::Element>().ok())
        .find(|e| e.text_content().is_some_and(|t| t.trim().starts_with(text)))
}

/// Waits for the action named `label` to be offered disabled, saying it needs `permission`.
async fn held_back(selector: &str, label: &str, permission: &str) {
    let el = wait_for(&format!("{label} held back"), || {
        with_text(selector, label)
            .filter(|e| e.get_attribute("aria-disabled").as_deref() == Some("true"))
    })
    .await;
    let why = el.get_attribute("title").unwrap_or_default();
    assert!(why.contains(&format!("`{permission}`")), "{label}: {why}");
    if let Ok(b) = el.clone().dyn_into::<web_sys::HtmlButtonElement>() {
        assert!(b.disabled(), "{label} is a disabled button");
    }
}

/// Makes one execution of `tenant` run; returns its id.
fn a_running_execution(tenant: &str) -> String {
    with_manager(|m| {
        let t = m.tenants.iter_mut().find(|t| t.name == tenant).unwrap();
        let r = t
            .executions
            .iter_mut()
            .find(|r| r.exec.deployment_id.is_some())
            .expect("an execution of a deployment");
        r.exec.status = Some(ExecutionStatus::Started);
        r.exec.id.clone()
    })
}

#[wasm_bindgen_test]
async fn a_viewer_sees_cancel_and_new_schedule_disabled_with_the_permission_named() {
    let _x = exclusive().await;
    let id = a_running_execution("research");
    // carol is a viewer in the research tenant: she may look, not act.
    let root = sign_in_as("carol", &format!("/executions/{id}")).await;
    held_back("section.ladder button", "Cancel", "execution_cancel").await;
    // A click on it does nothing: no confirmation opens.
    with_text("section.ladder button", "Cancel")
        .unwrap()
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap()
        .click();
    sleep(100).await;
    assert!(
        query("dialog.confirm[open]").is_none(),
        "a refused action asks nothing"
    );
    root.remove();

    let (_app, root) = mount_at("/schedules");
    held_back("span.button", "New schedule", "execution_schedule_create").await;
    assert!(query("a[href='/schedules/new']").is_none());
    root.remove();

    // bob is a `user` in default_tenant: his role may cancel.
    let id = a_running_execution("default_tenant");
    let root = sign_in_as("bob", &format!("/executions/{id}")).await;
    let cancel = wait_for("Cancel offered", || {
        with_text("section.ladder button", "Cancel")
    })
    .await;
    // Give the permissions time to arrive: it stays offered.
    sleep(300).await;
    assert_eq!(cancel.get_attribute("aria-disabled"), None);
    root.remove();
}

#[wasm_bindgen_test]
async fn an_admin_whose_role_lost_snapshot_restore_sees_restore_disabled() {
    let _x = exclusive().await;
    // Snapshots are the system admin's; take restoring away from that role.
    sys_admin_may_restore(false);
    let root = sign_in_as("admin", "/snapshots").await;
    held_back("table.list button", "Restore", "snapshot_restore").await;
    // Deleting, still held, is offered.
    let delete = with_text("table.list button", "Delete").expect("a delete button");
    assert_eq!(delete.get_attribute("aria-disabled"), None);
    root.remove();
    sys_admin_may_restore(true);
    clear_session();
}
