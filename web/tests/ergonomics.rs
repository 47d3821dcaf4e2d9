//! The operator's keyboard and comfort: the command palette, the shortcuts, the theme, and
//! relative times, in headless Chromium against the built-in demo manager.

#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Presses `key` on `selector` (the page body by default), as a keyboard would.
fn press_on(selector: &str, key: &str, ctrl: bool) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_ctrl_key(ctrl);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    query(selector).unwrap().dispatch_event(&ev).unwrap();
}

fn press(key: &str) {
    press_on("body", key, false);
}

fn path() -> String {
    web_sys::window().unwrap().location().pathname().unwrap()
}

/// The console's stylesheet in the test page (the test runner's page has none).
fn with_stylesheet() {
    if query("style#baton-css").is_none() {
        let style = document().create_element("style").unwrap();
        style.set_id("baton-css");
        style.set_text_content(Some(include_str!("../../public/baton.css")));
        document().head().unwrap().append_child(&style).unwrap();
    }
}

fn dialog_open(selector: &str) -> bool {
    query(selector)
        .and_then(|d| d.dyn_into::<web_sys::HtmlDialogElement>().ok())
        .is_some_and(|d| d.open())
}

#[wasm_bindgen_test]
async fn palette_finds_a_deployment_on_the_manager_and_opens_it_by_keyboard() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    let (_app, root) = mount_at("/deployments");
    sign_in_as_admin().await;
    wait_for("deployment rows", || (rows() > 0).then_some(())).await;
    let id = text_of("table.list tbody tr td:first-child .sub").unwrap();

    press_on("body", "k", true);
    wait_for("the palette", || {
        dialog_open("dialog.palette").then_some(())
    })
    .await;
    // Pages match every word typed, in any order.
    type_into(".palette-input", "sched cal");
    wait_for("only the calendar page", || {
        (texts(".palette-option .palette-label") == ["Schedules calendar"]).then_some(())
    })
    .await;

    // A deployment is asked of the manager; its entries come with its actions.
    type_into(".palette-input", &id);
    let labels = wait_for("the deployment from the manager", || {
        let labels = texts(".palette-option .palette-label");
        labels.contains(&id).then_some(labels)
    })
    .await;
    assert!(labels.contains(&format!("Install on {id}")), "{labels:?}");
    assert!(texts(".palette-group").contains(&"Deployments".to_string()));

    // The first entry is chosen; arrows move; Enter goes there.
    let first = labels.iter().position(|l| *l == id).unwrap();
    for _ in 0..first {
        press_on(".palette-input", "ArrowDown", false);
    }
    leptos::task::tick().await;
    assert_eq!(
        text_of(".palette-option[aria-selected=true] .palette-label").as_deref(),
        Some(id.as_str())
    );
    press_on(".palette-input", "Enter", false);
    wait_for("the deployment page", || {
        (path() == format!("/deployments/{id}")).then_some(())
    })
    .await;
    wait_for("the palette to close after going", || {
        (!dialog_open("dialog.palette")).then_some(())
    })
    .await;
    root.remove();
}

#[wasm_bindgen_test]
async fn palette_switches_tenant_and_says_when_nothing_matches() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    let (_app, root) = mount_at("/blueprints");
    sign_in_as_admin().await;
    wait_for("blueprint rows", || (rows() > 0).then_some(())).await;
    click(".keys-hint");
    wait_for("the palette", || {
        dialog_open("dialog.palette").then_some(())
    })
    .await;
    type_into(".palette-input", "switch payments");
    wait_for("the tenant action", || {
        texts(".palette-option .palette-label")
            .contains(&"Switch tenant to payments".to_string())
            .then_some(())
    })
    .await;
    press_on(".palette-input", "Enter", false);
    wait_for("the tenant switched", || {
        baton_web::stored::load()
            .filter(|s| s.tenant == "payments")
            .map(|_| ())
    })
    .await;
    // The header's tenant menu follows.
    wait_for("the tenant menu to follow", || {
        query("select[aria-label=Tenant]")
            .and_then(|s| s.dyn_into::<web_sys::HtmlSelectElement>().ok())
            .filter(|s| s.value() == "payments")
    })
    .await;

    press_on("body", "k", true);
    wait_for("the palette", || {
        dialog_open("dialog.palette").then_some(())
    })
    .await;
    type_into(".palette-input", "zzqx-no-such-thing");
    wait_for("the empty answer", || {
        text_of(".palette-state")
            .filter(|t| t.contains("Nothing matches."))
            .map(|_| ())
    })
    .await;
    press_on(".palette-input", "Escape", false);
    // Escape closes a modal dialog natively; the test page closes it the same way.
    query("dialog.palette")
        .unwrap()
        .dyn_into::<web_sys::HtmlDialogElement>()
        .unwrap()
        .close();
    leptos::task::tick().await;
    assert!(!dialog_open("dialog.palette"));
    root.remove();
}

#[wasm_bindgen_test]
async fn shortcuts_go_to_areas_move_through_rows_and_never_fire_while_typing() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    let (_app, root) = mount_at("/deployments");
    sign_in_as_admin().await;
    wait_for("deployment rows", || (rows() > 0).then_some(())).await;

    // `g b` typed into the search box is text, not a shortcut.
    press_on("input.search", "g", false);
    press_on("input.search", "b", false);
    leptos::task::tick().await;
    assert_eq!(path(), "/deployments");

    press("g");
    press("b");
    wait_for("the blueprints page", || {
        (path() == "/blueprints").then_some(())
    })
    .await;
    wait_for("blueprint rows", || {
        query("table.list tbody tr:nth-child(2) td:first-child a[href^='/blueprints/']")
    })
    .await;

    // j marks the first row, j the second, k back to the first; Enter opens it.
    press("j");
    press("j");
    press("k");
    let marked = texts("table.list tbody tr.kb-current td:first-child a");
    assert_eq!(marked.len(), 1, "one row is marked");
    let first = texts("table.list tbody tr td:first-child a")[0].clone();
    assert_eq!(marked[0], first);
    press("Enter");
    wait_for("the blueprint page", || {
        path().starts_with("/blueprints/").then_some(())
    })
    .await;

    // `/` puts the cursor in the list's search box.
    press("g");
    press("d");
    wait_for("the deployments page", || {
        (path() == "/deployments").then_some(())
    })
    .await;
    wait_for("the search box", || query("input.search")).await;
    press("/");
    let active = document().active_element().unwrap();
    assert!(active.class_list().contains("search"));

    // `?` lists the shortcuts.
    active
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap()
        .blur()
        .unwrap();
    press("?");
    wait_for("the shortcuts", || {
        dialog_open("dialog.shortcuts").then_some(())
    })
    .await;
    assert!(texts("dialog.shortcuts kbd").contains(&"g d".to_string()));
    click("dialog.shortcuts .confirm-actions .button");
    leptos::task::tick().await;
    assert!(!dialog_open("dialog.shortcuts"));
    root.remove();
}

#[wasm_bindgen_test]
async fn theme_choice_is_applied_and_remembered_and_times_read_as_ago() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    with_stylesheet();
    let (_app, root) = mount_at("/deployments");
    sign_in_as_admin().await;
    wait_for("deployment rows", || (rows() > 0).then_some(())).await;
    let html = document().document_element().unwrap();

    let select: web_sys::HtmlSelectElement = query("select[aria-label=Theme]")
        .unwrap()
        .dyn_into()
        .unwrap();
    select.set_value("dark");
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    select
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).unwrap())
        .unwrap();
    assert_eq!(html.get_attribute("data-theme").as_deref(), Some("dark"));
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    assert_eq!(
        storage.get_item("baton.theme").unwrap().as_deref(),
        Some("dark")
    );
    // The dark palette is what the page is painted with.
    let bg = web_sys::window()
        .unwrap()
        .get_computed_style(&document().body().unwrap())
        .unwrap()
        .unwrap()
        .get_property_value("color")
        .unwrap();
    assert_eq!(
        bg, "rgb(223, 230, 238)",
        "body text takes the dark theme's ink"
    );

    select.set_value("");
    select
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).unwrap())
        .unwrap();
    assert_eq!(html.get_attribute("data-theme"), None);
    assert_eq!(storage.get_item("baton.theme").unwrap(), None);

    // Created times read "… ago" and say the exact UTC time on hover.
    let time = query("table.list tbody tr time").expect("a created time");
    let title = time.get_attribute("title").unwrap();
    assert!(title.ends_with(" UTC"), "{title}");
    let text = time.text_content().unwrap();
    assert!(
        text.ends_with(" ago") || text == "just now" || text.len() == 10,
        "{text}"
    );
    root.remove();
}
