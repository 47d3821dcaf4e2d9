//! The console mounted in headless Chromium against the built-in demo manager: what an
//! operator sees after signing in, paging, sorting, and when the manager fails.

#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlInputElement;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn sign_in_shows_deployments_and_pages_and_sorts() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    let (_app, root) = mount_at("/deployments");
    sign_in_as_admin().await;
    let range = wait_for("the pager", || text_of(".pager .range")).await;
    assert_eq!(range, "1–50 of 480");
    assert_eq!(rows(), 50);
    let first_page = texts("table.list tbody tr td:first-child .sub");

    // The next page shows the next 50 deployments.
    click(".pager button:nth-of-type(2)");
    wait_for("page 2", || {
        text_of(".pager .range").filter(|r| r == "51–100 of 480")
    })
    .await;
    wait_for("page 2 rows", || query(".list-body[aria-busy=false]")).await;
    let second_page = texts("table.list tbody tr td:first-child .sub");
    assert_eq!(second_page.len(), 50);
    assert!(
        second_page.iter().all(|id| !first_page.contains(id)),
        "page 2 repeats page 1"
    );
    assert!(web_sys::window()
        .unwrap()
        .location()
        .search()
        .unwrap()
        .contains("page=2"));

    // Sorting by name from page 2 goes back to page 1, ascending.
    click("th[aria-sort] button");
    wait_for("sorted rows", || {
        let names = texts("table.list tbody tr td:first-child a");
        let mut sorted = names.clone();
        sorted.sort();
        (query(".list-body[aria-busy=false]").is_some() && names.len() == 50 && names == sorted)
            .then_some(())
    })
    .await;
    assert_eq!(text_of(".pager .range").unwrap(), "1–50 of 480");
    root.remove();
}

#[wasm_bindgen_test]
async fn a_server_error_is_shown_with_its_code_and_can_be_retried() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    signed_in_session().await;
    let mut fault = Fault::new(
        "/deployments",
        503,
        "maintenance_mode_active",
        "Your request was rejected since Cloudify manager is currently in maintenance mode",
    );
    fault.retry_after = Some(30);
    fail_once(fault);
    // A new tab state from the stored session, straight onto the failing page.
    let (_app, root) = mount_at("/deployments");
    let error = wait_for("the error", || text_of(".error")).await;
    assert!(error.contains("maintenance_mode_active"), "{error}");
    assert!(error.contains("HTTP 503"), "{error}");
    assert!(error.contains("currently in maintenance mode"), "{error}");
    click(".error button");
    wait_for("rows after retry", || (rows() == 50).then_some(())).await;
    root.remove();
}

#[wasm_bindgen_test]
async fn a_wrong_password_keeps_what_was_typed() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    let (_app, root) = mount_at("/login");
    wait_for("the login form", || query("input[name=username]")).await;
    type_into("input[name=username]", "alice");
    type_into("input[name=password]", "wrong");
    click("button[type=submit]");
    let error = wait_for("the error", || text_of(".error")).await;
    assert!(error.contains("unauthorized_error"), "{error}");
    let user: HtmlInputElement = query("input[name=username]").unwrap().dyn_into().unwrap();
    assert_eq!(user.value(), "alice");
    root.remove();
}

#[wasm_bindgen_test]
async fn an_empty_field_is_named() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    let (_app, root) = mount_at("/login");
    wait_for("the login form", || query("input[name=username]")).await;
    click("button[type=submit]");
    let msg = wait_for("the field error", || text_of(".field-error")).await;
    assert_eq!(msg, "Enter your username.");
    root.remove();
}

#[wasm_bindgen_test]
async fn an_expired_session_signs_in_again_and_returns_to_the_page() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    signed_in_session().await;
    fail_once(Fault::new(
        "/deployments",
        401,
        "unauthorized_error",
        "User unauthorized: Authentication failed: invalid or expired token",
    ));
    let (_app, root) = mount_at("/deployments?size=20&sort=id");
    // The session is gone: the sign-in page, remembering the page and its list state.
    wait_for("the sign-in page", || query("input[name=username]")).await;
    let search = web_sys::window().unwrap().location().search().unwrap();
    assert!(
        search.contains("next=%2Fdeployments%3Fsize%3D20%26sort%3Did"),
        "{search}"
    );
    assert!(
        baton_web::stored::load().is_none(),
        "the dead session is forgotten"
    );
    sign_in_as_admin().await;
    wait_for("the page again", || {
        text_of(".pager .range").filter(|r| r == "1–20 of 480")
    })
    .await;
    assert_eq!(
        web_sys::window().unwrap().location().search().unwrap(),
        "?size=20&sort=id"
    );
    root.remove();
}
