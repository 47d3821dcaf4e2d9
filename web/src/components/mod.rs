//! Pieces every page shares: error, loading and empty states, pager, labels, JSON values,
//! copy buttons; and one module each for the list table (`table`), the detail frame
//! (`detail`), the confirm dialog (`confirm`), toasts (`toast`), the progress bar
//! (`progress`), the JSON/YAML viewer (`json_view`), "Show request" (`show_request`) and
//! status badges and server names (`status`).

pub mod bulk;
pub mod calendar;
pub mod chart;
pub mod clock;
pub mod cloud_page;
pub mod confirm;
pub mod detail;
pub mod export;
pub mod filter_builder;
pub mod form;
pub mod json_view;
pub mod keyboard;
pub mod labels_editor;
pub mod log_view;
pub mod maintenance;
pub mod palette;
pub mod progress;
pub mod show_request;
pub mod status;
pub mod table;
pub mod theme;
pub mod timeline;
pub mod toast;
pub mod topology;
pub mod upload;
pub mod world_map;

pub use status::{status_badge, Name, StatusBadge};

use baton_core::conductor::Label;
use baton_core::listing::PAGE_SIZES;
use baton_core::ApiError;
use leptos::prelude::*;

/// Resolves on a later turn of the event loop.
pub async fn next_tick() {
    let _ = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(
        &wasm_bindgen::JsValue::NULL,
    ))
    .await;
}

/// An error with its message, code and status; a retry when the caller offers one.
#[component]
pub fn ErrorView(
    error: ApiError,
    #[prop(optional, into)] on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let status = error
        .status
        .map(|s| format!("HTTP {s}"))
        .unwrap_or_else(|| "no answer".into());
    let hint = if error.is_maintenance() {
        Some("The manager is in maintenance mode; try again when it ends.".to_string())
    } else if error.is_license() {
        Some("The manager needs a valid license.".to_string())
    } else {
        error
            .retry_after
            .map(|s| format!("The manager asks to retry in {s} s."))
    };
    let reason = error.filter_rule_error().map(|(_, r)| r.to_string());
    let traceback = error.traceback().map(str::to_string);
    // Maintenance mode is the manager's state, not a failure: said as such.
    let (class, title) = if error.is_maintenance() {
        ("error maintenance", "Maintenance mode ")
    } else {
        ("error", "Error ")
    };
    view! {
        <div class=class role="alert">
            <div class="error-title">
                <strong>{title}</strong>
                <code class="error-code">{error.code.clone()}</code>
                <span class="muted">" · " {status}</span>
            </div>
            <p class="error-message">{error.message.clone()}</p>
            {reason.map(|r| view! { <p class="error-reason">{r}</p> })}
            {hint.map(|h| view! { <p class="muted">{h}</p> })}
            {traceback.map(|t| view! { <details><summary>"Server traceback"</summary><pre>{t}</pre></details> })}
            {on_retry.map(|cb| view! { <button class="button" on:click=move |_| cb.run(())>"Retry"</button> })}
        </div>
    }
}

/// "Loading …"; after a few seconds without an answer, says so and offers to cancel the calls
/// still waiting (they end with a "cancelled" error and a Retry).
#[component]
pub fn Loading(#[prop(into)] what: String) -> impl IntoView {
    let slow = RwSignal::new(false);
    set_timeout(
        move || {
            // The view may be gone by then.
            let _ = slow.try_set(true);
        },
        std::time::Duration::from_secs(4),
    );
    view! {
        <div class="loading" aria-busy="true">
            "Loading " {what} "…"
            <Show when=move || { slow.get() && crate::api::calls_waiting() > 0 }>
                <span class="still-waiting" role="status">
                    " Still waiting for the manager. "
                    <button class="button small" on:click=|_| crate::api::cancel_waiting()>"Cancel"</button>
                </span>
            </Show>
        </div>
    }
}

/// Labels as `key: value` chips.
#[component]
pub fn LabelChips(mut labels: Vec<Label>, #[prop(optional)] limit: Option<usize>) -> impl IntoView {
    // The manager sends labels in no fixed order; by key they stay put between loads.
    labels.sort_by(|a, b| a.key.cmp(&b.key).then_with(|| a.value.cmp(&b.value)));
    let total = labels.len();
    let shown = limit.unwrap_or(usize::MAX).min(total);
    view! {
        <span class="labels">
            {labels.into_iter().take(shown).map(|l| {
                let title = format!("{}: {}", l.key, l.value);
                view! {
                    <span class="chip" title=title>
                        <span class="chip-key">{l.key}</span>": "{l.value}
                    </span>
                }
            }).collect_view()}
            {(total > shown).then(|| view! { <span class="chip more">"+" {total - shown}</span> })}
        </span>
    }
}

/// A JSON value shown as text: scalars inline, structures pretty-printed.
pub fn json_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => "—".into(),
        serde_json::Value::Object(_) | serde_json::Value::Array(_) => {
            serde_json::to_string_pretty(v).unwrap_or_default()
        }
        other => other.to_string(),
    }
}

/// A two-column table of a JSON object (inputs, outputs, capabilities).
#[component]
pub fn KeyValueTable(
    entries: Option<serde_json::Map<String, serde_json::Value>>,
    #[prop(into)] empty: String,
) -> impl IntoView {
    let entries = entries.unwrap_or_default();
    if entries.is_empty() {
        return view! { <p class="empty">{empty}</p> }.into_any();
    }
    view! {
        <table class="kv">
            <tbody>
                {entries.into_iter().map(|(k, v)| view! {
                    <tr><th scope="row">{k}</th><td><pre class="value">{json_text(&v)}</pre></td></tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// What the pager says, derived from what arrived rather than from what was asked: a manager
/// that ignores `_size` or `_offset`, or whose total contradicts its items, cannot make it
/// claim rows it does not show ("51–5050 of 5000", "1–50 of 3").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PagerNumbers {
    pub range: String,
    pub page: u32,
    /// `None` when the manager's total cannot be right.
    pub pages: Option<u32>,
    pub has_previous: bool,
    pub has_next: bool,
}

/// `size` is the page size asked for; `offset` and `total` are the answer's; `shown` is the
/// number of items that arrived.
pub fn pager_numbers(size: u32, offset: u64, total: u64, shown: usize) -> PagerNumbers {
    let shown = shown as u64;
    // A manager that sent more than asked has its own page size.
    let step = u64::from(size.max(1)).max(shown);
    let last = offset + shown;
    // An empty page past the end is consistent with any total.
    let total_known = total >= last || shown == 0;
    let page = (offset / step + 1).min(u64::from(u32::MAX)) as u32;
    let range = match (shown, total_known) {
        (0, true) => format!("0 of {total}"),
        (0, false) => "0 shown".to_string(),
        (_, true) => format!("{}–{last} of {total}", offset + 1),
        (_, false) => format!("{}–{last} (total unknown)", offset + 1),
    };
    let pages = total_known
        .then(|| (total.div_ceil(step).max(1).min(u64::from(u32::MAX)) as u32).max(page));
    PagerNumbers {
        range,
        page,
        pages,
        has_previous: offset > 0,
        has_next: if total_known {
            last < total
        } else {
            shown >= u64::from(size)
        },
    }
}

/// "51–100 of 480", previous/next and the page size. `offset` is where the answer says it
/// starts (the asked page's offset when left out).
#[component]
pub fn Pager(
    page: u32,
    size: u32,
    total: u64,
    shown: usize,
    #[prop(optional)] offset: Option<u64>,
    #[prop(into)] on_page: Callback<u32>,
    #[prop(into)] on_size: Callback<u32>,
    /// The sizes offered, when the manager takes fewer than [`PAGE_SIZES`] (SailPoint: 250).
    #[prop(optional)]
    sizes: Option<&'static [u32]>,
) -> impl IntoView {
    let sizes = sizes.unwrap_or(PAGE_SIZES);
    let offset = offset.unwrap_or(u64::from(page.max(1) - 1) * u64::from(size));
    let n = pager_numbers(size, offset, total, shown);
    let page = n.page;
    let page_of = match n.pages {
        Some(p) => format!("Page {page} of {p}"),
        None => format!("Page {page}"),
    };
    view! {
        <div class="pager" role="group" aria-label="Pages">
            <span class="range">{n.range}</span>
            <button class="button" disabled={!n.has_previous} on:click=move |_| on_page.run(page.saturating_sub(1).max(1))>"‹ Previous"</button>
            <span class="page-of">{page_of}</span>
            <button class="button" disabled={!n.has_next} on:click=move |_| on_page.run(page + 1)>"Next ›"</button>
            <label class="page-size">
                "Per page "
                <select on:change=move |ev| {
                    if let Ok(n) = event_target_value(&ev).parse() { on_size.run(n) }
                }>
                    {sizes.iter().map(|n| view! {
                        <option value=n.to_string() selected=*n == size>{n.to_string()}</option>
                    }).collect_view()}
                </select>
            </label>
        </div>
    }
    .into_any()
}

/// Puts `text` on the clipboard and sets `done` for a moment (the button says so).
fn copy_text(text: &str, done: RwSignal<bool>) {
    let Some(w) = web_sys::window() else { return };
    let _ = w.navigator().clipboard().write_text(text);
    done.set(true);
    set_timeout(
        move || done.set(false),
        std::time::Duration::from_millis(1500),
    );
}

/// A "Copy" button that puts `text()` on the clipboard and says "Copied" for a moment.
pub fn copy_button(text: impl Fn() -> String + Send + Sync + 'static) -> AnyView {
    let done = RwSignal::new(false);
    view! {
        <button type="button" class="button copy" on:click=move |_| copy_text(&text(), done)>
            {move || if done.get() { "Copied" } else { "Copy" }}
        </button>
    }
    .into_any()
}

/// The small button beside an id that copies it exactly as the manager spells it (lists show
/// invisible characters made visible; the clipboard gets the real id).
pub fn copy_id(id: String) -> AnyView {
    let done = RwSignal::new(false);
    let label = format!("Copy id {id}");
    // The glyph is drawn by CSS, so the row's text stays the id itself (for search, copy and
    // screen readers, which read the label).
    view! {
        <button type="button" class="copy-id" class:done=move || done.get() title="Copy id" aria-label=label
            on:click=move |ev| { ev.stop_propagation(); copy_text(&id, done) }></button>
    }
    .into_any()
}
