//! Light, dark, or what the system says. The choice is kept in localStorage (it is the
//! operator's, not the tab's) and applied as `data-theme` on `<html>`; the stylesheet holds
//! both palettes.

use leptos::prelude::*;

const KEY: &str = "baton.theme";

/// "light", "dark", or "" for the system's setting.
pub fn saved() -> String {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .filter(|t| t == "light" || t == "dark")
        .unwrap_or_default()
}

/// Applies `theme` to the page and remembers it.
pub fn set(theme: &str) {
    let Some(w) = web_sys::window() else { return };
    if let Some(s) = w.local_storage().ok().flatten() {
        let _ = if theme.is_empty() {
            s.remove_item(KEY)
        } else {
            s.set_item(KEY, theme)
        };
    }
    if let Some(root) = w.document().and_then(|d| d.document_element()) {
        let _ = if theme.is_empty() {
            root.remove_attribute("data-theme")
        } else {
            root.set_attribute("data-theme", theme)
        };
    }
}

/// Applies the saved theme; called once at start, before anything is drawn.
pub fn apply_saved() {
    set(&saved());
}

/// The switch in the header.
#[component]
pub fn ThemeSwitch() -> impl IntoView {
    let current = RwSignal::new(saved());
    let change = move |ev| {
        let t = event_target_value(&ev);
        set(&t);
        current.set(t);
    };
    view! {
        <label class="theme">
            <span class="visually-hidden">"Theme"</span>
            <select aria-label="Theme" on:change=change prop:value=move || current.get()>
                <option value="">"System theme"</option>
                <option value="light">"Light"</option>
                <option value="dark">"Dark"</option>
            </select>
        </label>
    }
    .into_any()
}
