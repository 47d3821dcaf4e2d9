//! The console's keyboard: `g` then a letter goes to an area, `/` to the page's search,
//! `j`/`k` move through a list and Enter opens the row, `?` lists every shortcut, Ctrl-K (⌘-K)
//! opens the command palette. Nothing fires while the operator types in a field.

use leptos::ev;
use leptos::html;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use wasm_bindgen::JsCast;

use super::palette::Palette;

/// Every shortcut, as the `?` dialog lists them.
pub const SHORTCUTS: &[(&str, &str)] = &[
    (
        "Ctrl K  ·  ⌘ K",
        "Command palette: go anywhere, find anything, run an action",
    ),
    ("/", "Search this page's list"),
    ("g d", "Go to deployments"),
    ("g b", "Go to blueprints"),
    ("g e", "Go to executions"),
    ("g v", "Go to events and logs"),
    ("g s", "Go to schedules"),
    ("g h", "Go home"),
    ("j  ·  k", "Next / previous row of the list"),
    ("Enter", "Open the chosen row"),
    ("?", "Show these shortcuts"),
    ("Esc", "Close a dialog"),
];

/// Where `g` + a key goes.
pub fn go_target(key: &str) -> Option<&'static str> {
    Some(match key {
        "d" => "/deployments",
        "b" => "/blueprints",
        "e" => "/executions",
        "v" => "/events",
        "s" => "/schedules",
        "h" => "/",
        _ => return None,
    })
}

/// True when the key belongs to a field the operator is typing in.
fn typing(e: &web_sys::KeyboardEvent) -> bool {
    let Some(el) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return false;
    };
    matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || el.is_content_editable()
}

/// True when the key went to the page itself, not to a control that has focus.
fn on_page(e: &web_sys::KeyboardEvent) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_none_or(|el| matches!(el.tag_name().as_str(), "BODY" | "HTML" | "TR" | "MAIN"))
}

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

/// The rows `j`/`k` walk: the page's list table (spacer rows of virtual tables left out).
fn rows() -> Vec<web_sys::HtmlElement> {
    let Some(list) = document().and_then(|d| {
        d.query_selector_all("main table.list tbody tr:not(.spacer)")
            .ok()
    }) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .collect()
}

/// Moves the row marker by `step` (starting at the first row) and keeps it in view.
fn move_row(step: i32) {
    let rows = rows();
    if rows.is_empty() {
        return;
    }
    let current = rows
        .iter()
        .position(|r| r.class_list().contains("kb-current"));
    let next = match current {
        None => 0,
        Some(i) => (i as i32 + step).clamp(0, rows.len() as i32 - 1) as usize,
    };
    if let Some(i) = current {
        let _ = rows[i].class_list().remove_1("kb-current");
        let _ = rows[i].remove_attribute("aria-current");
    }
    let _ = rows[next].class_list().add_1("kb-current");
    let _ = rows[next].set_attribute("aria-current", "true");
    rows[next].scroll_into_view_with_bool(false);
}

/// Where the marked row's first link goes.
fn marked_row_link() -> Option<String> {
    document()
        .and_then(|d| {
            d.query_selector("main tr.kb-current a[href]")
                .ok()
                .flatten()
        })
        .and_then(|a| a.get_attribute("href"))
}

/// Focuses the page's search box.
fn focus_search() -> bool {
    let field = document()
        .and_then(|d| {
            d.query_selector("main input[type=search], main input.search")
                .ok()
                .flatten()
        })
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    match field {
        Some(f) => {
            let _ = f.focus();
            true
        }
        None => false,
    }
}

/// The shortcuts, the `?` dialog and the palette come in their own part of the console: the
/// shell asks for it after its first paint, so the first load does not carry them.
#[cfg_attr(
    feature = "split",
    ::leptos::wasm_split::wasm_split(keyboard, wasm_split_path = ::leptos::wasm_split, fallible)
)]
fn keyboard_part() -> Result<fn() -> AnyView, crate::app::PartNotLoaded> {
    Ok(|| view! { <Keyboard/> }.into_any())
}

/// Loads the keyboard part and shows it once it is there (nothing while it loads or if it
/// cannot be fetched: the console works without shortcuts).
#[component]
pub fn LazyKeyboard() -> impl IntoView {
    let part = RwSignal::new(None::<fn() -> AnyView>);
    leptos::task::spawn_local(async move {
        #[cfg(feature = "split")]
        let loaded = keyboard_part().await;
        #[cfg(not(feature = "split"))]
        let loaded = keyboard_part();
        if let Ok(view) = loaded {
            let _ = part.try_set(Some(view));
        }
    });
    move || part.get().map(|view| view())
}

/// Listens for the shortcuts while the operator is signed in; holds the `?` dialog and the
/// palette.
#[component]
pub fn Keyboard() -> impl IntoView {
    let navigate = use_navigate();
    let help = RwSignal::new(false);
    let palette = RwSignal::new(false);
    // When `g` was pressed (ms); the second key must follow within 1.5 s.
    let g_at = StoredValue::new(None::<f64>);
    let handle = window_event_listener(ev::keydown, move |e| {
        let key = e.key();
        if (e.ctrl_key() || e.meta_key()) && !e.alt_key() && key.eq_ignore_ascii_case("k") {
            e.prevent_default();
            palette.update(|p| *p = !*p);
            return;
        }
        // A key a page already handled is not a shortcut.
        if e.default_prevented() || e.alt_key() {
            return;
        }
        if e.ctrl_key() || e.meta_key() || typing(&e) || palette.get_untracked() {
            return;
        }
        let now = js_sys::Date::now();
        if let Some(at) = g_at.get_value() {
            g_at.set_value(None);
            if now - at < 1500.0 {
                if let Some(to) = go_target(&key) {
                    e.prevent_default();
                    help.set(false);
                    navigate(to, Default::default());
                    return;
                }
            }
        }
        let handled = match key.as_str() {
            "g" => {
                g_at.set_value(Some(now));
                true
            }
            "/" => focus_search(),
            "?" => {
                help.update(|h| *h = !*h);
                true
            }
            "j" => {
                move_row(1);
                true
            }
            "k" => {
                move_row(-1);
                true
            }
            // Enter on a focused link or button is that control's own.
            "Enter" if on_page(&e) => match marked_row_link() {
                Some(to) => {
                    navigate(&to, Default::default());
                    true
                }
                None => false,
            },
            _ => false,
        };
        if handled {
            e.prevent_default();
        }
    });
    on_cleanup(move || handle.remove());

    let dialog = NodeRef::<html::Dialog>::new();
    Effect::new(move |_| {
        let Some(d) = dialog.get() else { return };
        if help.get() {
            if !d.open() {
                let _ = d.show_modal();
            }
        } else if d.open() {
            d.close();
        }
    });
    view! {
        <button type="button" class="button small keys-hint" title="Command palette (Ctrl K)"
            aria-keyshortcuts="Control+K Meta+K" on:click=move |_| palette.set(true)>
            "Ctrl K"
        </button>
        <dialog node_ref=dialog class="shortcuts" aria-label="Keyboard shortcuts"
            on:close=move |_| help.set(false)>
            <h2>"Keyboard shortcuts"</h2>
            <table class="kv">
                <tbody>
                    {SHORTCUTS.iter().map(|(k, what)| view! {
                        <tr><th scope="row"><kbd>{*k}</kbd></th><td>{*what}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p class="muted">"Shortcuts never fire while you type in a field."</p>
            <div class="confirm-actions">
                <button type="button" class="button" on:click=move |_| help.set(false)>"Close"</button>
            </div>
        </dialog>
        <Palette open=palette show_shortcuts=Callback::new(move |_| help.set(true))/>
    }
    .into_any()
}
