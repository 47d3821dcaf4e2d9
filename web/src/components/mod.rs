//! Pieces every page shares: error, loading and empty states, pager, labels, JSON values;
//! the list table (`table`) and the detail frame (`detail`).

pub mod calendar;
pub mod detail;
pub mod form;
pub mod table;

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
    view! {
        <div class="error" role="alert">
            <div class="error-title">
                <strong>"Error "</strong>
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

#[component]
pub fn Loading(#[prop(into)] what: String) -> impl IntoView {
    view! { <div class="loading" aria-busy="true">"Loading " {what} "…"</div> }
}

/// Labels as `key: value` chips.
#[component]
pub fn LabelChips(labels: Vec<Label>, #[prop(optional)] limit: Option<usize>) -> impl IntoView {
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

/// "51–100 of 480", previous/next and the page size.
#[component]
pub fn Pager(
    page: u32,
    size: u32,
    total: u64,
    shown: usize,
    #[prop(into)] on_page: Callback<u32>,
    #[prop(into)] on_size: Callback<u32>,
) -> impl IntoView {
    let pages = total.div_ceil(u64::from(size.max(1))).max(1) as u32;
    let first = u64::from(page - 1) * u64::from(size) + 1;
    let range = if shown == 0 {
        format!("0 of {total}")
    } else {
        format!("{first}–{} of {total}", first + shown as u64 - 1)
    };
    view! {
        <nav class="pager" aria-label="Pages">
            <span class="range">{range}</span>
            <button class="button" disabled={page <= 1} on:click=move |_| on_page.run(page - 1)>"‹ Previous"</button>
            <span class="page-of">"Page " {page} " of " {pages}</span>
            <button class="button" disabled={page >= pages} on:click=move |_| on_page.run(page + 1)>"Next ›"</button>
            <label class="page-size">
                "Per page "
                <select on:change=move |ev| {
                    if let Ok(n) = event_target_value(&ev).parse() { on_size.run(n) }
                }>
                    {PAGE_SIZES.iter().map(|n| view! {
                        <option value=n.to_string() selected=*n == size>{n.to_string()}</option>
                    }).collect_view()}
                </select>
            </label>
        </nav>
    }
}

/// A coloured status word.
pub fn status_badge(text: Option<String>) -> AnyView {
    match text {
        None => view! { <span class="muted">"—"</span> }.into_any(),
        Some(t) => {
            let tone = match t.as_str() {
                "good" | "active" | "terminated" | "completed" | "uploaded" => "ok",
                "in_progress" | "started" | "pending" | "queued" | "uploading" | "parsing" => {
                    "busy"
                }
                "requires_attention" | "failed" | "invalid" | "inactive" => "bad",
                _ => "neutral",
            };
            view! { <span class=format!("badge {tone}")>{t.replace('_', " ")}</span> }.into_any()
        }
    }
}
