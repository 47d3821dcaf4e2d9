//! A progress bar for uploads, executions and anything that takes a while.
//!
//! ```ignore
//! let sent = RwSignal::new(Some(0.0));   // None: indeterminate ("waiting for the manager")
//! view! { <ProgressBar value=sent max=total_bytes label="Uploading blueprint"/> }
//! ```
//! `role=progressbar` with `aria-valuenow`/`aria-valuemax` (left out when indeterminate); the
//! text under the bar says the percentage, or `text` when the page gives one ("3.2 of 10 MB").

use leptos::prelude::*;

#[component]
pub fn ProgressBar(
    /// How far along; `None` while it is not known.
    #[prop(into)]
    value: Signal<Option<f64>>,
    #[prop(into, default = Signal::stored(100.0))] max: Signal<f64>,
    /// What is in progress, for screen readers and as the caption.
    #[prop(into)]
    label: String,
    /// The caption after the label; the percentage by default.
    #[prop(optional, into)]
    text: Option<Signal<String>>,
) -> impl IntoView {
    let fraction = move || {
        let m = max.get();
        value
            .get()
            .filter(|_| m > 0.0)
            .map(|v| (v / m).clamp(0.0, 1.0))
    };
    let caption = move || match (text, fraction()) {
        (Some(t), _) => t.get(),
        (None, Some(f)) => format!("{:.0} %", f * 100.0),
        (None, None) => String::new(),
    };
    let now = move || {
        value
            .get()
            .map(|v| format!("{:.0}", v.clamp(0.0, max.get())))
    };
    let aria_label = label.clone();
    view! {
        <div class="progress">
            <div class="progress-caption"><span>{label}</span><span class="muted">{caption}</span></div>
            <div
                class=move || if fraction().is_some() { "progress-track" } else { "progress-track indeterminate" }
                role="progressbar"
                aria-label=aria_label
                aria-valuemin="0"
                aria-valuemax=move || format!("{:.0}", max.get())
                aria-valuenow=now
                aria-valuetext=caption
            >
                <div class="progress-fill" style:width=move || fraction().map(|f| format!("{:.1}%", f * 100.0))></div>
            </div>
        </div>
    }
    .into_any()
}
