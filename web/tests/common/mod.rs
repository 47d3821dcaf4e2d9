//! What every browser test file shares: one test at a time on the page, waiting for what the
//! operator would see, clicking and typing like the operator, and the demo manager's faults.
//! Each file under `web/tests/` is its own test binary (and browser session) and starts with
//! `mod common;`.

#![allow(dead_code)]

pub use baton_sim::Fault;
pub use baton_web::api::demo::with_manager;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

thread_local! {
    static BUSY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The page, its URL and the demo manager are shared: one test uses them at a time.
pub struct Exclusive;

impl Drop for Exclusive {
    fn drop(&mut self) {
        BUSY.with(|b| b.set(false));
    }
}

pub async fn exclusive() -> Exclusive {
    // A failing test panics without unwinding on wasm, so its turn would never end and every
    // later test would time out behind it: a panic ends the turn too.
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let report = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            BUSY.with(|b| b.set(false));
            report(info);
        }));
    });
    while BUSY.with(|b| b.replace(true)) {
        sleep(10).await;
    }
    Exclusive
}

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Waits until `f` finds something, or fails the test saying what never appeared.
pub async fn wait_for<T>(what: &str, f: impl Fn() -> Option<T>) -> T {
    wait_within(what, 6_000, f).await
}

/// [`wait_for`] for what follows a refresh period or the demo's clock, not only a render.
pub async fn wait_within<T>(what: &str, ms: u32, f: impl Fn() -> Option<T>) -> T {
    for _ in 0..ms.div_ceil(20) {
        if let Some(v) = f() {
            return v;
        }
        sleep(20).await;
    }
    // The console's text says more than the harness's markup around it.
    let text = query("div.test-root")
        .and_then(|r| r.text_content())
        .unwrap_or_else(|| document().body().unwrap().inner_html());
    let cut = text.char_indices().nth(3000).map_or(text.len(), |(i, _)| i);
    panic!("timed out waiting for {what}; page: {}", &text[..cut]);
}

pub fn query(selector: &str) -> Option<Element> {
    document().query_selector(selector).ok().flatten()
}

/// The first element matching `selector` whose text contains `text` (a row of a list).
pub fn row_containing(selector: &str, text: &str) -> Option<Element> {
    let all = document().query_selector_all(selector).ok()?;
    (0..all.length())
        .filter_map(|i| all.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .find(|r| r.text_content().is_some_and(|t| t.contains(text)))
}

pub fn texts(selector: &str) -> Vec<String> {
    let list = document().query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.text_content().unwrap_or_default())
        .collect()
}

pub fn text_of(selector: &str) -> Option<String> {
    query(selector).and_then(|e| e.text_content())
}

pub fn click(selector: &str) {
    query(selector)
        .unwrap_or_else(|| panic!("no {selector}"))
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
}

/// Types into an input or a textarea (anything with a `value`), as the operator would.
pub fn type_into(selector: &str, value: &str) {
    let input = query(selector).unwrap();
    js_sys::Reflect::set(&input, &"value".into(), &value.into()).unwrap();
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let ev = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
    input.dispatch_event(&ev).unwrap();
}

pub fn go_to(path: &str) {
    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path))
        .unwrap();
}

/// Mounts a fresh console at `path` in a new element.
pub fn mount_at(
    path: &str,
) -> (
    leptos::mount::UnmountHandle<impl leptos::tachys::view::Mountable>,
    HtmlElement,
) {
    go_to(path);
    // A test that failed left its console in the page; it must not answer this test's queries.
    let stale = document().query_selector_all("div.test-root").unwrap();
    for i in 0..stale.length() {
        if let Some(n) = stale.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            n.remove();
        }
    }
    let root: HtmlElement = document()
        .create_element("div")
        .unwrap()
        .dyn_into()
        .unwrap();
    root.set_class_name("test-root");
    document().body().unwrap().append_child(&root).unwrap();
    let handle = leptos::mount::mount_to(root.clone(), baton_web::app::App);
    (handle, root)
}

pub async fn sign_in_as_admin() {
    wait_for("the login form", || query("input[name=username]")).await;
    // Without a manager at this origin the demo manager is the default choice.
    type_into("input[name=username]", "admin");
    type_into("input[name=password]", "admin");
    click("button[type=submit]");
}

/// Signs in as the admin in a console that is then closed: the session stays stored, as in a
/// tab that goes on to another page.
pub async fn signed_in_session() {
    let (_app, root) = mount_at("/blueprints");
    sign_in_as_admin().await;
    wait_for("blueprint rows", || (rows() > 0).then_some(())).await;
    root.remove();
}

/// The demo manager answers the next matching call with `fault`.
pub fn fail_once(mut fault: Fault) {
    fault.remaining = Some(1);
    with_manager(|m| m.inject_fault(fault));
}

pub fn rows() -> usize {
    document()
        .query_selector_all("table.list tbody tr")
        .unwrap()
        .length() as usize
}
