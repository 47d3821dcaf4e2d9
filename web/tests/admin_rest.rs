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

/// Moves `snapshot_restore` away from `sys_admin` (to `operations`, which the admin is not:
/// a permission no role holds would be unknown, and the console holds back only known ones),
/// or back.
fn sys_admin_may_restore(allow: bool) {
    for (role, held) in [("sys_admin", allow), ("operations", !allow)] {
        as_admin(&SetPermission {
            role: role.into(),
            permission: "snapshot_restore".into(),
            allow: held,
        })
        .expect("the permission changed");
    }
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
async fn sign_in_as(
    user: &str,
    path: &str,
) -> (
    leptos::mount::UnmountHandle<impl leptos::tachys::view::Mountable>,
    web_sys::HtmlElement,
) {
    clear_session();
    let (app, root) = mount_at(path);
    wait_for("the login form", || query("input[name=username]")).await;
    type_into("input[name=username]", user);
    type_into("input[name=password]", user);
    click("button[type=submit]");
    (app, root)
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
    wait_for(&format!("{label} shown"), || with_text(selector, label)).await;
    // The permissions arrive after the page: give them time on a busy machine.
    for _ in 0..500 {
        if with_text(selector, label)
            .is_some_and(|e| e.get_attribute("aria-disabled").as_deref() == Some("true"))
        {
            break;
        }
        sleep(20).await;
    }
    let el = with_text(selector, label).unwrap();
    assert_eq!(
        el.get_attribute("aria-disabled").as_deref(),
        Some("true"),
        "{label} held back: {}",
        el.outer_html()
    );
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
    let (_app, root) = sign_in_as("carol", "/deployments").await;
    held_back("span.button", "Create deployment", "deployment_create").await;
    root.remove();
    let (_app, root) = mount_at(&format!("/executions/{id}"));
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
    let (_app, root) = sign_in_as("bob", &format!("/executions/{id}")).await;
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
    let (_app, root) = sign_in_as("admin", "/snapshots").await;
    held_back("table.list button", "Restore", "snapshot_restore").await;
    // Deleting, still held, is offered.
    let delete = with_text("table.list button", "Delete").expect("a delete button");
    assert_eq!(delete.get_attribute("aria-disabled"), None);
    root.remove();
    sys_admin_may_restore(true);
    clear_session();
}

fn card_text(label: &str) -> String {
    query(&format!("section.card[aria-label='{label}']"))
        .and_then(|c| c.text_content())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn a_users_page_shows_their_tenants_and_groups_and_changes_them() {
    let _x = exclusive().await;
    let (_app, root) = sign_in_as("admin", "/users").await;
    // The name in the list leads to the user's page.
    wait_for("bob's link", || {
        query("table.list a.name[href='/users/bob']")
    })
    .await;
    // Opened as the link leads (the session stays stored).
    root.remove();
    let (_app, root) = mount_at("/users/bob");
    wait_for("bob's page", || {
        card_text("Tenants").contains("payments").then_some(())
    })
    .await;
    assert_eq!(text_of(".user-state bdi").as_deref(), Some("active"));
    assert!(
        card_text("Groups").contains("sre"),
        "{}",
        card_text("Groups")
    );

    // Added to research as a viewer: the row says so.
    type_into(
        "form[aria-label='Add to a tenant'] input[name=tenant_name]",
        "research",
    );
    let role: web_sys::HtmlSelectElement = query("form[aria-label='Add to a tenant'] select")
        .unwrap()
        .dyn_into()
        .unwrap();
    role.set_value("viewer");
    role.dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    click("form[aria-label='Add to a tenant'] button[type=submit]");
    let row = wait_for("research among bob's tenants", || {
        row_containing("section.card[aria-label='Tenants'] tbody tr", "research")
    })
    .await;
    let chosen = row
        .query_selector("select")
        .unwrap()
        .unwrap()
        .dyn_into::<web_sys::HtmlSelectElement>()
        .unwrap()
        .value();
    assert_eq!(chosen, "viewer");

    // Taken out of his group: it leaves the list.
    let remove = row_containing("section.card[aria-label='Groups'] tbody tr", "sre")
        .unwrap()
        .query_selector("button")
        .unwrap()
        .unwrap();
    remove.dyn_into::<web_sys::HtmlElement>().unwrap().click();
    wait_for("sre gone", || {
        (!card_text("Groups").contains("sre")).then_some(())
    })
    .await;

    // Deactivated, then activated again.
    click("section.card[aria-label='Account'] .actions button");
    wait_for("bob inactive", || {
        (text_of(".user-state bdi").as_deref() == Some("inactive")).then_some(())
    })
    .await;
    with_manager(|m| {
        let bob = m.users.iter().find(|u| u.username == "bob").unwrap();
        assert!(bob
            .tenants
            .iter()
            .any(|(t, r)| t == "research" && r == "viewer"));
    });
    click("section.card[aria-label='Account'] .actions button");
    wait_for("bob active again", || {
        (text_of(".user-state bdi").as_deref() == Some("active")).then_some(())
    })
    .await;
    root.remove();
    clear_session();
}

#[wasm_bindgen_test]
async fn a_plugins_page_shows_each_managers_state_and_the_blueprints_that_keep_it() {
    let _x = exclusive().await;
    // The AWS plugin, installed on one manager and failed on the other.
    let (id, using) = with_manager(|m| {
        let t = m
            .tenants
            .iter_mut()
            .find(|t| t.name == "default_tenant")
            .unwrap();
        let p = t
            .plugins
            .iter_mut()
            .find(|p| p.package_name.as_deref() == Some("cloudify-aws-plugin"))
            .unwrap();
        p.installation_state = Some(vec![
            serde_json::json!({"manager": "baton-manager-1", "state": "installed"}),
            serde_json::json!({"manager": "baton-manager-2", "state": "error",
                               "error": "pip: no matching distribution"}),
        ]);
        let id = p.id.clone();
        let mut using: Vec<String> = t
            .blueprints
            .iter()
            .filter(|b| {
                b.plan.as_ref().is_some_and(|plan| {
                    baton_core::conductor::plugins::plan_uses(plan, "cloudify-aws-plugin", "3.2.4")
                })
            })
            .map(|b| b.id.clone())
            .collect();
        using.sort();
        (id, using)
    });
    assert!(!using.is_empty(), "the demo has blueprints using AWS");
    let (_app, root) = sign_in_as("admin", "/plugins").await;
    let link = format!("/plugins/{id}");
    wait_for("the plugin's link", || {
        query(&format!("table.list a.name[href='{link}']"))
    })
    .await;
    root.remove();
    let (_app, root) = mount_at(&link);

    // Each manager with its state, and the failure said.
    let failed = wait_for("manager 2's line", || {
        row_containing("table.plugins-installation tbody tr", "baton-manager-2")
    })
    .await;
    let line = failed.text_content().unwrap_or_default();
    assert!(
        line.contains("error") && line.contains("pip: no matching distribution"),
        "{line}"
    );
    assert!(
        row_containing("table.plugins-installation tbody tr", "baton-manager-1")
            .and_then(|r| r.text_content())
            .is_some_and(|t| t.contains("installed"))
    );

    // The blueprints that install it, each a link.
    let listed_links = |scope: &str| {
        let mut l = texts(&format!("{scope} ul.plugins-used-by a"));
        l.sort();
        l
    };
    wait_within("the blueprints using it", 10_000, || {
        (listed_links("section.card[aria-label='Blueprints using it']") == using).then_some(())
    })
    .await;

    // Deleting it is refused; the refusal lists the same blueprints.
    click("div.toolbar button.danger");
    wait_for("the confirmation", || query("dialog.confirm[open]")).await;
    click("dialog.confirm[open] button[type=submit]");
    wait_for("the refusal", || query(".plugins-in-use")).await;
    assert_eq!(listed_links(".plugins-in-use"), using);
    assert_eq!(text_of(".error-code").as_deref(), Some("plugin_in_use"));
    root.remove();
    clear_session();
}
