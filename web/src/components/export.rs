//! "Export" on every list: what the page shows, or every page of what matches (walked with the
//! core's page walker, with a progress bar and a cancel), as CSV of the shown columns' fields
//! or as JSON Lines of whole items. Built in the browser; nothing leaves it but the download.

use baton_core::export::{self, CsvColumn};
use baton_core::walk::{PageWalker, Paged, WalkEnd};
use baton_core::ApiError;
use leptos::prelude::*;
use serde_json::Value;
use wasm_bindgen::JsCast;

use super::progress::ProgressBar;
use super::ErrorView;
use crate::api::Api;

/// At most this many items in one export; a longer list is cut there, and the page says so.
pub const EXPORT_LIMIT: u64 = 100_000;
const EXPORT_PAGE: u32 = 1000;

/// Saves `text` as a file named `name`.
pub fn download(name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Some(a) = document()
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Writes `rows` as CSV (of `fields`) or JSON Lines and downloads it.
pub fn save(noun: &str, fields: &[&str], rows: &[Value], csv: bool) {
    let now = crate::api::now();
    if csv {
        let columns: Vec<CsvColumn<'_>> = fields
            .iter()
            .map(|f| CsvColumn {
                header: f,
                field: f,
            })
            .collect();
        download(
            &export::file_name(noun, now, "csv"),
            "text/csv",
            &export::to_csv(rows, &columns),
        );
    } else {
        download(
            &export::file_name(noun, now, "jsonl"),
            "application/x-ndjson",
            &export::to_json_lines(rows),
        );
    }
}

/// The progress of an export of every page; shared by the menu and the walk.
#[derive(Clone, Copy)]
pub struct ExportRun {
    pub running: RwSignal<bool>,
    pub received: RwSignal<u64>,
    pub total: RwSignal<Option<u64>>,
    pub cancelled: RwSignal<bool>,
    pub error: RwSignal<Option<ApiError>>,
    pub note: RwSignal<Option<String>>,
}

impl ExportRun {
    pub fn new() -> Self {
        ExportRun {
            running: RwSignal::new(false),
            received: RwSignal::new(0),
            total: RwSignal::new(None),
            cancelled: RwSignal::new(false),
            error: RwSignal::new(None),
            note: RwSignal::new(None),
        }
    }
}

impl Default for ExportRun {
    fn default() -> Self {
        Self::new()
    }
}

/// Walks every page of `endpoint` (its filters, search and sort kept) and returns the items
/// as JSON, or `None` when the operator cancelled.
pub async fn walk_all<E>(api: Api, endpoint: E, run: ExportRun) -> Option<Vec<Value>>
where
    E: Paged,
    E::Item: serde::Serialize,
{
    run.running.set(true);
    run.cancelled.set(false);
    run.error.set(None);
    run.note.set(None);
    run.received.set(0);
    run.total.set(None);
    let mut walker = PageWalker::new(endpoint, EXPORT_PAGE).with_limit(EXPORT_LIMIT);
    let mut rows = Vec::new();
    while let Some(request) = walker.next_request() {
        let answer = api.call(&request).await;
        if run.cancelled.get_untracked() {
            run.running.set(false);
            return None;
        }
        match answer {
            Ok(page) => {
                rows.extend(
                    walker
                        .accept(page)
                        .iter()
                        .filter_map(|item| serde_json::to_value(item).ok()),
                );
                let (received, total) = walker.progress();
                run.received.set(received);
                run.total.set(total);
            }
            Err(e) => {
                run.error.set(Some(e));
                run.running.set(false);
                return None;
            }
        }
    }
    run.note.set(match walker.end() {
        Some(WalkEnd::Limited { received, total }) => Some(format!(
            "Exported the first {received} of {total}: one export holds at most {EXPORT_LIMIT}. Narrow the search to export the rest."
        )),
        Some(WalkEnd::ShortOfTotal { received, total }) => Some(format!(
            "The manager counted {total} but sent {received} (items changed during the export)."
        )),
        Some(WalkEnd::WrongOffset { .. }) => Some(
            "The manager ignored the page offset, so only the first page was exported.".into(),
        ),
        _ => None,
    });
    run.running.set(false);
    Some(rows)
}

/// The toolbar's "Export" menu. `page` exports what is shown, `all` every page of what
/// matches (the caller starts the walk); `total` is what the manager counted.
#[component]
pub fn ExportMenu(
    run: ExportRun,
    #[prop(into)] total: Signal<Option<u64>>,
    page: Callback<bool>,
    all: Callback<bool>,
) -> impl IntoView {
    let menu = NodeRef::<leptos::html::Details>::new();
    let close = move || {
        if let Some(m) = menu.get() {
            m.set_open(false);
        }
    };
    let count = move || {
        total
            .get()
            .map(|t| format!("all {} matching", t.min(EXPORT_LIMIT)))
            .unwrap_or_else(|| "all matching".into())
    };
    view! {
        <details class="columns export" node_ref=menu>
            <summary class="button">"Export"</summary>
            <fieldset>
                <legend>"Export"</legend>
                <button type="button" class="button link" on:click=move |_| { close(); page.run(true) }>"This page as CSV"</button>
                <button type="button" class="button link" on:click=move |_| { close(); page.run(false) }>"This page as JSON Lines"</button>
                <button type="button" class="button link" disabled=move || run.running.get()
                    on:click=move |_| { close(); all.run(true) }>{move || format!("{} as CSV", count())}</button>
                <button type="button" class="button link" disabled=move || run.running.get()
                    on:click=move |_| { close(); all.run(false) }>{move || format!("{} as JSON Lines", count())}</button>
            </fieldset>
        </details>
    }
    .into_any()
}

/// The progress of an export of every page, its cancel, and what went wrong.
#[component]
pub fn ExportProgress(run: ExportRun) -> impl IntoView {
    let value = Signal::derive(move || Some(run.received.get() as f64));
    let max = Signal::derive(move || run.total.get().unwrap_or(0).min(EXPORT_LIMIT) as f64);
    let text = Signal::derive(move || match run.total.get() {
        Some(t) => format!("{} of {}", run.received.get(), t.min(EXPORT_LIMIT)),
        None => "asking the manager…".into(),
    });
    view! {
        <Show when=move || run.running.get()>
            <div class="export-progress">
                <ProgressBar value max label="Exporting every page" text/>
                <button type="button" class="button" on:click=move |_| {
                    run.cancelled.set(true);
                    run.running.set(false);
                }>"Cancel export"</button>
            </div>
        </Show>
        {move || run.note.get().map(|n| view! { <p class="note">{n}</p> })}
        {move || run.error.get().map(|e| view! { <ErrorView error=e/> })}
    }
    .into_any()
}
