//! "Export" on every list: what the page shows, or every page of what matches, as CSV of the
//! shown columns' fields or as JSON Lines of whole items as the manager sent them, with a
//! progress bar and a cancel. Built in the browser; nothing leaves it but the download.
//!
//! The menu is in the first load; the work (paging, CSV, the file) is its own part of the
//! console, fetched the first time the operator exports.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use baton_core::export::{self, CsvColumn};
use baton_core::ApiError;
use leptos::prelude::*;
use serde_json::Value;
use wasm_bindgen::JsCast;

use super::progress::ProgressBar;
use super::ErrorView;
use crate::app::PartNotLoaded;

/// At most this many items in one export; a longer list is cut there, and the page says so.
pub const EXPORT_LIMIT: u64 = 100_000;
const EXPORT_PAGE: u32 = 1000;

/// One page of the list (size, offset) as the manager's JSON answer.
pub type FetchPage = Rc<dyn Fn(u32, u32) -> Pin<Box<dyn Future<Output = Result<Value, ApiError>>>>>;

/// What to export and how.
pub struct ExportJob {
    pub noun: &'static str,
    pub fields: Vec<&'static str>,
    pub csv: bool,
    /// Every page of what matches, or only the page shown (size, offset).
    pub every_page: bool,
    pub shown: (u32, u32),
    pub fetch: FetchPage,
    pub run: ExportRun,
}

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
fn save(noun: &str, fields: &[&str], rows: &[Value], csv: bool) {
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

/// The progress of an export; shared by the menu and the work.
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

fn items_of(page: &Value) -> (Vec<Value>, Option<u64>, Option<u64>) {
    let items = page
        .get("items")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let pagination = page.pointer("/metadata/pagination");
    let total = pagination
        .and_then(|p| p.get("total"))
        .and_then(Value::as_u64);
    let offset = pagination
        .and_then(|p| p.get("offset"))
        .and_then(Value::as_u64);
    (items, total, offset)
}

/// Reads every page from offset 0 in pages of 1000 (the manager's own default, always sent
/// explicitly). Stops at the total, at an empty page, at a manager that answers another
/// offset than asked, and at [`EXPORT_LIMIT`]; `None` when cancelled or failed.
async fn every_page(job: &ExportJob) -> Option<Vec<Value>> {
    let run = job.run;
    let mut rows: Vec<Value> = Vec::new();
    loop {
        let offset = rows.len() as u64;
        let left = EXPORT_LIMIT - offset;
        let size = EXPORT_PAGE.min(u32::try_from(left).unwrap_or(EXPORT_PAGE));
        let answer = (job.fetch)(size, offset as u32).await;
        if run.cancelled.get_untracked() {
            return None;
        }
        let (items, total, answered) = match answer {
            Ok(page) => items_of(&page),
            Err(e) => {
                run.error.set(Some(e));
                return None;
            }
        };
        if answered.is_some_and(|a| a != offset) {
            run.note.set(Some(
                "The manager ignored the page offset, so only what it sent first was exported."
                    .into(),
            ));
            if offset == 0 {
                rows.extend(items);
            }
            break;
        }
        let got = items.len() as u64;
        rows.extend(items);
        run.received.set(rows.len() as u64);
        run.total.set(total);
        let received = rows.len() as u64;
        match total {
            // An unpaged answer is the whole list.
            None => break,
            Some(t) if received >= t => break,
            Some(t) if got == 0 => {
                run.note.set(Some(format!(
                    "The manager counted {t} but sent {received} (items changed during the export)."
                )));
                break;
            }
            Some(t) if received >= EXPORT_LIMIT => {
                run.note.set(Some(format!(
                    "Exported the first {received} of {t}: one export holds at most {EXPORT_LIMIT}. Narrow the search to export the rest."
                )));
                break;
            }
            Some(_) => {}
        }
    }
    Some(rows)
}

async fn run_job(job: ExportJob) {
    let run = job.run;
    let rows = if job.every_page {
        every_page(&job).await
    } else {
        match (job.fetch)(job.shown.0, job.shown.1).await {
            Ok(page) => Some(items_of(&page).0),
            Err(e) => {
                run.error.set(Some(e));
                None
            }
        }
    };
    run.running.set(false);
    if let Some(rows) = rows {
        save(job.noun, &job.fields, &rows, job.csv);
    }
}

type Work = fn(ExportJob) -> Pin<Box<dyn Future<Output = ()>>>;

#[cfg_attr(
    feature = "split",
    ::leptos::wasm_split::wasm_split(export, wasm_split_path = ::leptos::wasm_split, fallible)
)]
fn export_part() -> Result<Work, PartNotLoaded> {
    Ok(|job| Box::pin(run_job(job)))
}

/// Starts an export (fetching the export part first, the first time).
pub fn start(job: ExportJob) {
    let run = job.run;
    if run.running.get_untracked() {
        return;
    }
    run.running.set(true);
    run.cancelled.set(false);
    run.error.set(None);
    run.note.set(None);
    run.received.set(0);
    run.total.set(None);
    leptos::task::spawn_local(async move {
        #[cfg(feature = "split")]
        let work = export_part().await;
        #[cfg(not(feature = "split"))]
        let work = export_part();
        match work {
            Ok(work) => work(job).await,
            Err(_) => {
                run.running.set(false);
                run.error.set(Some(ApiError::network(
                    "The export part of the console could not be downloaded. Check the connection, then retry.",
                )));
            }
        }
    });
}

/// The toolbar's "Export" menu. `start(csv, every_page)` begins an export; `total` is what the
/// manager counted.
#[component]
pub fn ExportMenu(
    run: ExportRun,
    #[prop(into)] total: Signal<Option<u64>>,
    start: Callback<(bool, bool)>,
) -> impl IntoView {
    let menu = NodeRef::<leptos::html::Details>::new();
    let pick = move |csv: bool, every: bool| {
        if let Some(m) = menu.get() {
            m.set_open(false);
        }
        start.run((csv, every));
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
                <button type="button" class="button link" disabled=move || run.running.get()
                    on:click=move |_| pick(true, false)>"This page as CSV"</button>
                <button type="button" class="button link" disabled=move || run.running.get()
                    on:click=move |_| pick(false, false)>"This page as JSON Lines"</button>
                <button type="button" class="button link" disabled=move || run.running.get()
                    on:click=move |_| pick(true, true)>{move || format!("{} as CSV", count())}</button>
                <button type="button" class="button link" disabled=move || run.running.get()
                    on:click=move |_| pick(false, true)>{move || format!("{} as JSON Lines", count())}</button>
            </fieldset>
        </details>
    }
    .into_any()
}

/// The progress of an export, its cancel, and what went wrong.
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
                <ProgressBar value max label="Exporting" text/>
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
