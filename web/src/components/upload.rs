//! Files in and out of the browser: choosing a file by picker or drag and drop, reading it,
//! an upload's byte progress, and saving bytes the manager sent as a download.
//! Blueprints use it today; plugins and snapshots upload the same way.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::progress::ProgressBar;

/// A file the operator chose, already read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChosenFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Reads a browser file's bytes.
pub async fn read_file(file: &web_sys::File) -> Result<Vec<u8>, String> {
    wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map(|buf| js_sys::Uint8Array::new(&buf).to_vec())
        .map_err(|e| format!("The file could not be read: {e:?}"))
}

/// Decompresses a gzip member with the browser's own `DecompressionStream` (no code of ours
/// shipped for it); `None` when the browser cannot or the data is not gzip.
pub async fn gunzip(bytes: &[u8]) -> Option<Vec<u8>> {
    use js_sys::{Reflect, Uint8Array};
    use wasm_bindgen::JsValue;
    let global = js_sys::global();
    let ctor: js_sys::Function = Reflect::get(&global, &"DecompressionStream".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let stream = Reflect::construct(&ctor, &js_sys::Array::of1(&"gzip".into())).ok()?;
    let parts = js_sys::Array::of1(&Uint8Array::from(bytes));
    let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).ok()?;
    let readable = Reflect::get(&blob, &"stream".into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?
        .call0(&blob)
        .ok()?;
    let piped = Reflect::get(&readable, &"pipeThrough".into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?
        .call1(&readable, &stream)
        .ok()?;
    let response_ctor: js_sys::Function = Reflect::get(&global, &"Response".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let response = Reflect::construct(&response_ctor, &js_sys::Array::of1(&piped)).ok()?;
    let promise: js_sys::Promise = Reflect::get(&response, &"arrayBuffer".into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?
        .call0(&response)
        .ok()?
        .dyn_into()
        .ok()?;
    let buf: JsValue = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
    Some(Uint8Array::new(&buf).to_vec())
}

/// "12.4 MB", "830 B".
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut v = n as f64 / 1024.0;
    let mut unit = 0;
    while v >= 1024.0 && unit < UNITS.len() - 1 {
        v /= 1024.0;
        unit += 1;
    }
    format!("{v:.1} {}", UNITS[unit])
}

/// A drop zone with a file picker inside: the operator drops a file on it or picks one.
/// `on_file` gets the file's name and bytes once read; a read failure is shown here.
#[component]
pub fn FileDrop(
    /// The `accept` list of the picker (".zip,.tar").
    #[prop(into)]
    accept: String,
    /// What to choose, for the zone's text ("a blueprint archive").
    #[prop(into)]
    what: String,
    #[prop(into)] on_file: Callback<ChosenFile>,
    /// The picker's `name`, for tests and forms.
    #[prop(optional, into)]
    name: String,
) -> impl IntoView {
    let hover = RwSignal::new(false);
    let chosen = RwSignal::new(None::<(String, u64)>);
    let failure = RwSignal::new(None::<String>);
    let take = move |file: web_sys::File| {
        let label = (file.name(), file.size() as u64);
        failure.set(None);
        leptos::task::spawn_local(async move {
            match read_file(&file).await {
                Ok(bytes) => {
                    chosen.try_set(Some(label.clone()));
                    on_file.run(ChosenFile {
                        name: label.0,
                        bytes,
                    });
                }
                Err(e) => {
                    failure.try_set(Some(e));
                }
            }
        });
    };
    let on_drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        hover.set(false);
        if let Some(file) = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|f| f.get(0))
        {
            take(file);
        }
    };
    let on_change = move |ev: web_sys::Event| {
        let input: Option<web_sys::HtmlInputElement> = ev.target().and_then(|t| t.dyn_into().ok());
        if let Some(file) = input.and_then(|i| i.files()).and_then(|f| f.get(0)) {
            take(file);
        }
    };
    let picker_label = format!("Choose {what}");
    view! {
        <div
            class="drop-zone"
            class:hover=move || hover.get()
            on:dragover=move |ev: web_sys::DragEvent| { ev.prevent_default(); hover.set(true); }
            on:dragleave=move |_| hover.set(false)
            on:drop=on_drop
        >
            <p>"Drop " {what} " here, or "</p>
            <input type="file" name=name accept=accept aria-label=picker_label on:change=on_change/>
            {move || chosen.get().map(|(n, size)| view! {
                <p class="chosen"><span class="mono">{n}</span>" · "{human_bytes(size)}</p>
            })}
            {move || failure.get().map(|e| view! { <p class="field-error">{e}</p> })}
        </div>
    }
    .into_any()
}

/// Bytes sent of a request body: the shared progress bar, with the bytes in words.
#[component]
pub fn UploadProgress(#[prop(into)] sent: Signal<(u64, u64)>) -> impl IntoView {
    let value = Signal::derive(move || Some(sent.get().0 as f64));
    let max = Signal::derive(move || sent.get().1.max(1) as f64);
    let text = Signal::derive(move || {
        let (done, total) = sent.get();
        let pct = (done * 100).checked_div(total).unwrap_or(0);
        format!(
            "{} of {} sent ({pct} %)",
            human_bytes(done),
            human_bytes(total)
        )
    });
    view! {
        <div class="upload-progress">
            <ProgressBar value=value max=max label="Uploading" text=text/>
        </div>
    }
    .into_any()
}

/// Offers `bytes` as a file download named `name`.
pub fn save_bytes(name: &str, bytes: &[u8]) -> Result<(), String> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).map_err(|e| format!("{e:?}"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| format!("{e:?}"))?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|e| format!("{e:?}"))?
        .dyn_into()
        .map_err(|_| "no anchor")?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // The click has started the download; the URL can go once this turn ends.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 0);
    }
    Ok(())
}

/// Random bits for multipart boundaries, from the browser's generator.
pub fn random_seed() -> u128 {
    (0..4).fold(0u128, |acc, _| {
        (acc << 32) | u128::from((js_sys::Math::random() * f64::from(u32::MAX)) as u32)
    })
}

/// Resolves after `ms` milliseconds (for polling an upload's state).
pub async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
