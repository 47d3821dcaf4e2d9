//! The shared components as an operator uses them: selecting rows (shift-click ranges, the
//! page, all matching), choosing columns (and not asking for hidden ones), the virtual table
//! at 1000 rows a page, the confirm dialog, the JSON viewer on a hostile value, the pager on a
//! manager whose numbers are wrong.

#![cfg(target_arch = "wasm32")]

mod common;

use baton_web::components::confirm::ConfirmDialog;
use baton_web::components::json_view::{to_yaml, JsonView};
use common::*;
use leptos::prelude::{view, ElementChild, GetUntracked, RwSignal, Set, Update};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn checked(selector: &str) -> bool {
    query(selector)
        .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
        .is_some_and(|i| i.checked())
}

fn shift_click(selector: &str) {
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_shift_key(true);
    let ev = web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &init).unwrap();
    query(selector).unwrap().dispatch_event(&ev).unwrap();
}

async fn settled() {
    wait_for("the list to settle", || {
        query(".list-body[aria-busy=false] table.list tbody tr")
    })
    .await;
}

fn selected_text() -> String {
    text_of(".selection-bar .selected-count").unwrap_or_default()
}

#[wasm_bindgen_test]
async fn rows_are_selected_one_by_range_by_page_and_all_matching() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    signed_in_session().await;
    let (_app, root) = mount_at("/deployments?size=20");
    settled().await;
    assert!(
        query(".selection-bar[hidden]").is_some(),
        "no bar before a selection"
    );

    click("tbody tr[data-row='1'] input.row-select");
    wait_for("one selected", || {
        (selected_text() == "1 selected").then_some(())
    })
    .await;
    // Shift-click from row 1 to row 5 selects rows 1..=5.
    shift_click("tbody tr[data-row='5'] input.row-select");
    wait_for("five selected", || {
        (selected_text() == "5 selected").then_some(())
    })
    .await;
    for i in 1..=5 {
        assert!(
            checked(&format!("tbody tr[data-row='{i}'] input.row-select")),
            "row {i}"
        );
    }
    assert!(!checked("tbody tr[data-row='0'] input.row-select"));
    assert!(!checked("tbody tr[data-row='6'] input.row-select"));
    // Shift-click back to row 3 unselects 3..=5 (the clicked row's new state wins).
    shift_click("tbody tr[data-row='3'] input.row-select");
    wait_for("two selected", || {
        (selected_text() == "2 selected").then_some(())
    })
    .await;

    // The page box selects all 20; then "all 480 matching" is offered.
    click("input.select-page");
    wait_for("the page selected", || {
        (selected_text() == "20 selected").then_some(())
    })
    .await;
    let offer = text_of(".select-all").unwrap();
    assert_eq!(offer, "Select all 480 matching deployments");
    click(".select-all");
    wait_for("all matching", || {
        (selected_text() == "All 480 matching deployments selected").then_some(())
    })
    .await;
    // The bulk action sees the query that matched them.
    assert!(text_of(".bulk-actions").unwrap().contains("Delete"));

    // A new search is a new set: the selection goes.
    type_into("input.search", "web");
    click("input.search");
    let input: HtmlInputElement = query("input.search").unwrap().dyn_into().unwrap();
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &{
        let i = web_sys::KeyboardEventInit::new();
        i.set_key("Enter");
        i.set_bubbles(true);
        i
    })
    .unwrap();
    input.dispatch_event(&ev).unwrap();
    wait_for("the search applied", || {
        web_sys::window()
            .unwrap()
            .location()
            .search()
            .unwrap()
            .contains("q=web")
            .then_some(())
    })
    .await;
    wait_for("the selection cleared", || {
        query(".list-body[aria-busy=false]")
            .filter(|_| query(".selection-bar:not([hidden])").is_none())
    })
    .await;
    root.remove();
}

#[wasm_bindgen_test]
async fn bulk_delete_confirms_by_typing_then_deletes_the_selection() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    signed_in_session().await;
    let (_app, root) = mount_at("/deployments?size=20&sort=id");
    settled().await;
    let ids = texts("tbody tr td:first-child .sub");
    click("tbody tr[data-row='0'] input.row-select");
    shift_click("tbody tr[data-row='2'] input.row-select");
    wait_for("three selected", || {
        (selected_text() == "3 selected").then_some(())
    })
    .await;
    click(".bulk-actions button.danger");
    let dialog = wait_for("the dialog", || query("dialog.confirm[open]")).await;
    assert_eq!(
        text_of("dialog.confirm[open] h2").unwrap(),
        "Delete 3 deployment(s)?"
    );
    let confirm = "dialog.confirm[open] button[type=submit]";
    let disabled = || {
        query(confirm)
            .unwrap()
            .dyn_into::<web_sys::HtmlButtonElement>()
            .unwrap()
            .disabled()
    };
    assert!(disabled(), "blocked until the words are typed");
    type_into("dialog.confirm[open] input[name=confirm-id]", "delete 2");
    leptos::task::tick().await;
    assert!(disabled(), "a wrong text does not unblock");
    type_into("dialog.confirm[open] input[name=confirm-id]", "delete 3");
    click("dialog.confirm[open] input[name=force]");
    wait_for("confirm enabled", || (!disabled()).then_some(())).await;
    // The dialog shows the exact request, token masked.
    let curl = text_of("dialog.confirm[open] pre.curl").unwrap();
    assert!(curl.starts_with("curl -X DELETE "), "{curl}");
    assert!(curl.contains("Authentication-Token: <token>"), "{curl}");
    click(confirm);
    wait_for("the dialog closed", || {
        query("dialog.confirm[open]").is_none().then_some(())
    })
    .await;
    let toast = wait_for("the toast", || text_of(".toast.ok")).await;
    assert_eq!(toast.trim_end_matches('×'), "Deleted 3 deployment(s).");
    assert_eq!(
        query(".toast.ok").unwrap().get_attribute("role").as_deref(),
        Some("status")
    );
    wait_for("the list without them", || {
        let now = texts("tbody tr td:first-child .sub");
        (now.len() == 20 && !ids[..3].iter().any(|id| now.contains(id))).then_some(())
    })
    .await;
    dialog.remove();
    with_manager(|m| *m = baton_sim::DemoManager::demo());
    root.remove();
}

#[wasm_bindgen_test]
async fn esc_cancels_the_confirm_dialog_and_nothing_happens() {
    let _turn = exclusive().await;
    let open = RwSignal::new(true);
    let confirmed = RwSignal::new(0);
    let root: HtmlElement = document()
        .create_element("div")
        .unwrap()
        .dyn_into()
        .unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let _h = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <ConfirmDialog open title="Delete blueprint bp-1?" type_to_confirm=Some("bp-1".to_string())
                on_confirm=move |_| confirmed.update(|n| *n += 1)>
                <p>"Deleted for good."</p>
            </ConfirmDialog>
        }
    });
    let dialog = wait_for("the dialog", || query("dialog.confirm[open]")).await;
    // Focus starts inside the modal dialog (the page behind is inert).
    let active = document().active_element().unwrap();
    assert!(dialog.contains(Some(&active)), "focus is in the dialog");
    // Enter on the form does nothing while the id is not typed.
    let form: web_sys::HtmlFormElement = query("dialog.confirm form").unwrap().dyn_into().unwrap();
    let _ = form.request_submit();
    leptos::task::tick().await;
    assert_eq!(confirmed.get_untracked(), 0);
    // Esc: the browser sends `cancel` then `close`; the signal follows.
    let d: web_sys::HtmlDialogElement = dialog.clone().dyn_into().unwrap();
    let cancel = web_sys::Event::new_with_event_init_dict("cancel", &{
        let i = web_sys::EventInit::new();
        i.set_cancelable(true);
        i
    })
    .unwrap();
    if d.dispatch_event(&cancel).unwrap() {
        d.close();
    }
    wait_for("closed", || (!open.get_untracked()).then_some(())).await;
    assert!(!d.open());
    assert_eq!(confirmed.get_untracked(), 0);
    // Reopened, typing the id lets it through once.
    open.set(true);
    wait_for("reopened", || query("dialog.confirm[open]")).await;
    type_into("dialog.confirm input[name=confirm-id]", "bp-1");
    leptos::task::tick().await;
    click("dialog.confirm button[type=submit]");
    wait_for("confirmed", || {
        (confirmed.get_untracked() == 1).then_some(())
    })
    .await;
    assert!(!open.get_untracked());
    root.remove();
}

#[wasm_bindgen_test]
async fn hidden_columns_are_not_requested_and_stay_hidden() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    signed_in_session().await;
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.remove_item("baton.columns:/deployments").unwrap();
    let (_app, root) = mount_at("/deployments?size=20");
    settled().await;
    let headers = || texts("table.list thead th");
    assert!(headers().iter().any(|h| h == "Site"), "{:?}", headers());
    let curl = || text_of("details.show-request pre.curl").unwrap_or_default();
    assert!(curl().contains("site_name"), "{}", curl());

    click("details.columns summary");
    click("details.columns input[name=Site]");
    wait_for("the column gone", || {
        (!headers().iter().any(|h| h == "Site")).then_some(())
    })
    .await;
    settled().await;
    assert!(!curl().contains("site_name"), "{}", curl());
    assert!(curl().contains("_include=blueprint_id"), "{}", curl());
    // Each row has one cell fewer: 6 of the 7 columns.
    assert_eq!(
        document()
            .query_selector_all("tbody tr[data-row='0'] td")
            .unwrap()
            .length(),
        6
    );
    root.remove();

    // Another visit remembers it.
    let (_app2, root) = mount_at("/deployments?size=20");
    settled().await;
    assert!(!headers().iter().any(|h| h == "Site"), "{:?}", headers());
    assert!(!curl().contains("site_name"));
    // The name column cannot be hidden (it names the row).
    click("details.columns summary");
    let name_box: HtmlInputElement = query("details.columns input[name=Name]")
        .unwrap()
        .dyn_into()
        .unwrap();
    assert!(name_box.disabled() && name_box.checked());
    click("details.columns input[name=Site]");
    wait_for("the column back", || {
        headers().iter().any(|h| h == "Site").then_some(())
    })
    .await;
    assert_eq!(
        storage
            .get_item("baton.columns:/deployments")
            .unwrap()
            .as_deref(),
        Some("")
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn a_page_of_1000_keeps_the_dom_small_and_scrolls_to_the_right_rows() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    signed_in_session().await;
    // 2,000 deployments in the tenant.
    with_manager(|m| {
        let t = m.tenant_mut("default_tenant").unwrap();
        let base = t.deployments.clone();
        let mut n = 0;
        while t.deployments.len() < 2000 {
            let mut d = base[n % base.len()].clone();
            d.id = format!("bulk-{n:04}");
            d.display_name = Some(format!("bulk {n:04}"));
            t.deployments.push(d);
            n += 1;
        }
    });
    // What rows 300 and 999 of the list sorted by id are.
    let sorted = with_manager(|m| {
        let mut ids: Vec<String> = m
            .tenant("default_tenant")
            .unwrap()
            .deployments
            .iter()
            .map(|d| d.id.clone())
            .collect();
        ids.sort();
        ids
    });
    let (expected_300, expected_999) = (sorted[300].clone(), sorted[999].clone());
    let (_app, root) = mount_at("/deployments?size=1000&sort=id");
    wait_for("the big page", || {
        text_of(".pager .range").filter(|r| r == "1–1000 of 2000")
    })
    .await;
    settled().await;
    let trs = document()
        .query_selector_all("table.list tbody tr")
        .unwrap()
        .length();
    assert!(trs < 80, "{trs} rows in the DOM for a page of 1000");
    assert!(query("tbody tr[data-row='0']").is_some());
    assert!(query("tbody tr[data-row='500']").is_none());

    let scroller: HtmlElement = query(".table-scroll.virtual").unwrap().dyn_into().unwrap();
    scroller.set_scroll_top(300 * 52);
    scroller
        .dispatch_event(&web_sys::Event::new("scroll").unwrap())
        .unwrap();
    let row = wait_for("row 300", || query("tbody tr[data-row='300']")).await;
    assert_eq!(
        row.query_selector("td:first-child .sub")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        expected_300
    );
    let rows_now = || {
        let list = document().query_selector_all("tbody tr[data-row]").unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
            .filter_map(|e| e.get_attribute("data-row"))
            .collect::<Vec<_>>()
            .join(",")
    };
    assert!(
        query("tbody tr[data-row='0']").is_none(),
        "rows far above are gone: {}",
        rows_now()
    );
    // Row 300 is in view: the spacer above holds the place of the rows before it.
    let top = row.get_bounding_client_rect().top() - scroller.get_bounding_client_rect().top();
    assert!(
        (-60.0..600.0).contains(&top),
        "row 300 is {top}px from the top of the view"
    );

    scroller.set_scroll_top(1000 * 52);
    scroller
        .dispatch_event(&web_sys::Event::new("scroll").unwrap())
        .unwrap();
    let last = wait_for("the last row", || query("tbody tr[data-row='999']")).await;
    assert_eq!(
        last.query_selector("td:first-child .sub")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        expected_999
    );
    let trs = document()
        .query_selector_all("table.list tbody tr")
        .unwrap()
        .length();
    assert!(trs < 80, "{trs} rows in the DOM after scrolling");
    with_manager(|m| *m = baton_sim::DemoManager::demo());
    root.remove();
}

#[wasm_bindgen_test]
async fn the_pager_believes_what_arrived_not_the_metadata() {
    use baton_web::components::pager_numbers;
    // The manager ignored `_size=50` on page 2 and sent all 5000 from the start.
    let n = pager_numbers(50, 0, 5000, 5000);
    assert_eq!(
        (n.range.as_str(), n.page, n.pages),
        ("1–5000 of 5000", 1, Some(1))
    );
    assert!(!n.has_next && !n.has_previous);
    // Its total contradicts the 50 items it sent.
    let n = pager_numbers(50, 0, 3, 50);
    assert_eq!(n.range, "1–50 (total unknown)");
    assert_eq!(n.pages, None);
    assert!(n.has_next, "a full page may have more after it");
    // An ordinary page.
    let n = pager_numbers(50, 50, 480, 50);
    assert_eq!(
        (n.range.as_str(), n.page, n.pages),
        ("51–100 of 480", 2, Some(10))
    );
    assert!(n.has_next && n.has_previous);
    // Past the end.
    let n = pager_numbers(50, 500, 480, 0);
    assert_eq!(n.range, "0 of 480");
    assert!(n.has_previous && !n.has_next);
}

fn nested(depth: usize) -> serde_json::Value {
    let mut v = serde_json::json!({"leaf": "the bottom"});
    for i in (0..depth).rev() {
        let mut m = serde_json::Map::new();
        m.insert(format!("level{i}"), v);
        m.insert("n".into(), i.into());
        v = serde_json::Value::Object(m);
    }
    v
}

#[wasm_bindgen_test]
async fn the_json_viewer_shows_a_value_nested_200_deep() {
    let _turn = exclusive().await;
    let value = nested(200);
    let root: HtmlElement = document()
        .create_element("div")
        .unwrap()
        .dyn_into()
        .unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let v = value.clone();
    let _h = leptos::mount::mount_to(root.clone(), move || view! { <JsonView value=v.clone()/> });
    wait_for("the tree", || query(".json-view .jv-tree")).await;
    // The first two levels are open, the rest folded.
    assert!(root.text_content().unwrap().contains("level0"));
    assert!(root.text_content().unwrap().contains("level1"));
    assert!(!root.text_content().unwrap().contains("level3"));
    // Opening level after level goes down to where the tree turns into text, which still
    // holds everything below, down to the leaf.
    for _ in 0..80 {
        let closed = root
            .query_selector(".jv-node[aria-expanded=false] > .jv-toggle")
            .unwrap();
        match closed {
            Some(b) => b.dyn_into::<HtmlElement>().unwrap().click(),
            None => break,
        }
        leptos::task::tick().await;
    }
    let deep = wait_for("the deep text", || text_of(".jv-deep")).await;
    assert!(
        deep.contains("\"level199\""),
        "{}",
        &deep[..200.min(deep.len())]
    );
    assert!(deep.contains("the bottom"));
    assert!(root.text_content().unwrap().contains("level63"));

    // The YAML view has all 200 levels.
    let yaml_button = root
        .query_selector(".jv-bar button:nth-child(2)")
        .unwrap()
        .unwrap();
    yaml_button.dyn_into::<HtmlElement>().unwrap().click();
    let text = wait_for("the YAML", || text_of(".jv-yaml")).await;
    assert!(text.contains("level199:"));
    assert!(text.contains("leaf: the bottom"));
    assert_eq!(text, to_yaml(&value));
    root.remove();
}

#[wasm_bindgen_test]
async fn yaml_quotes_what_yaml_would_misread() {
    let v = serde_json::json!({
        "name": "web-1", "yes": "no", "port": "8080", "empty": "", "list": [1, true, null, {}],
        "script": "line one\nline two", "colon": "a: b", "nested": {"k": []}, "lead": " x"
    });
    let y = to_yaml(&v);
    // Keys come sorted (serde_json's map).
    assert_eq!(
        y,
        "colon: \"a: b\"\nempty: \"\"\nlead: \" x\"\nlist:\n  - 1\n  - true\n  - null\n  - {}\nname: web-1\nnested:\n  k: []\nport: \"8080\"\nscript: |-\n  line one\n  line two\n\"yes\": \"no\"\n"
    );
}

#[wasm_bindgen_test]
async fn names_with_direction_overrides_show_their_control_characters() {
    use baton_web::components::status::visible_text;
    assert_eq!(
        visible_text("invoice\u{202e}gpj.exe"),
        "invoice⟦U+202E⟧gpj.exe"
    );
    assert_eq!(visible_text("plain name"), "plain name");
    assert_eq!(visible_text("a\u{200b}b"), "a⟦U+200B⟧b");
}
