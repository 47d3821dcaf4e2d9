//! The console mounted in headless Chromium against the built-in demo manager: what an
//! operator sees after signing in, paging, sorting, and when the manager fails.

#![cfg(target_arch = "wasm32")]

use baton_core::sim::Fault;
use baton_web::api::demo::with_manager;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

thread_local! {
    static BUSY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The page, its URL and the demo manager are shared: one test uses them at a time.
struct Exclusive;

impl Drop for Exclusive {
    fn drop(&mut self) {
        BUSY.with(|b| b.set(false));
    }
}

async fn exclusive() -> Exclusive {
    while BUSY.with(|b| b.replace(true)) {
        sleep(10).await;
    }
    Exclusive
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Waits until `f` finds something, or fails the test saying what never appeared.
async fn wait_for<T>(what: &str, f: impl Fn() -> Option<T>) -> T {
    for _ in 0..300 {
        if let Some(v) = f() {
            return v;
        }
        sleep(20).await;
    }
    let html = document().body().unwrap().inner_html();
    panic!(
        "timed out waiting for {what}; page: {}",
        &html[..html.len().min(3000)]
    );
}

fn query(selector: &str) -> Option<Element> {
    document().query_selector(selector).ok().flatten()
}

fn texts(selector: &str) -> Vec<String> {
    let list = document().query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.text_content().unwrap_or_default())
        .collect()
}

fn text_of(selector: &str) -> Option<String> {
    query(selector).and_then(|e| e.text_content())
}

fn click(selector: &str) {
    query(selector)
        .unwrap_or_else(|| panic!("no {selector}"))
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
}

fn type_into(selector: &str, value: &str) {
    let input: HtmlInputElement = query(selector).unwrap().dyn_into().unwrap();
    input.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let ev = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
    input.dispatch_event(&ev).unwrap();
}

fn go_to(path: &str) {
    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path))
        .unwrap();
}

/// Mounts a fresh console at `path` in a new element.
fn mount_at(
    path: &str,
) -> (
    leptos::mount::UnmountHandle<impl leptos::tachys::view::Mountable>,
    HtmlElement,
) {
    go_to(path);
    let root: HtmlElement = document()
        .create_element("div")
        .unwrap()
        .dyn_into()
        .unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let handle = leptos::mount::mount_to(root.clone(), baton_web::app::App);
    (handle, root)
}

async fn sign_in_as_admin() {
    wait_for("the login form", || query("input[name=username]")).await;
    // Without a manager at this origin the demo manager is the default choice.
    type_into("input[name=username]", "admin");
    type_into("input[name=password]", "admin");
    click("button[type=submit]");
}

/// Signs in as the admin in a console that is then closed: the session stays stored, as in a
/// tab that goes on to another page.
async fn signed_in_session() {
    let (_app, root) = mount_at("/blueprints");
    sign_in_as_admin().await;
    wait_for("blueprint rows", || (rows() > 0).then_some(())).await;
    root.remove();
}

/// The demo manager answers the next matching call with `fault`.
fn fail_once(mut fault: Fault) {
    fault.remaining = Some(1);
    with_manager(|m| m.inject_fault(fault));
}

fn rows() -> usize {
    document()
        .query_selector_all("table.list tbody tr")
        .unwrap()
        .length() as usize
}

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
