//! The raw view: the same values as JSON or YAML text for power users. Edits apply to the
//! fields as soon as they parse; a parse error is shown and the text stays as typed (also
//! across a trip to the Form tab) until it is fixed or discarded.

use baton_core::inputs::yaml;
use leptos::prelude::*;
use serde_json::Value;

use super::FormState;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RawFormat {
    Form,
    Json,
    Yaml,
}

#[derive(Clone, Copy)]
pub(crate) struct RawState {
    format: RwSignal<RawFormat>,
    text: RwSignal<String>,
    error: RwSignal<Option<String>>,
}

impl RawState {
    pub(crate) fn new() -> RawState {
        RawState {
            format: RwSignal::new(RawFormat::Form),
            text: RwSignal::new(String::new()),
            error: RwSignal::new(None),
        }
    }

    pub(crate) fn shown(&self) -> bool {
        self.format.get() != RawFormat::Form
    }

    pub(crate) fn reset(&self) {
        self.error.set(None);
        self.format.set(RawFormat::Form);
    }
}

fn render(form: FormState, format: RawFormat) -> String {
    let values = Value::Object(form.lenient_values(false));
    match format {
        RawFormat::Yaml => yaml::to_yaml(&values),
        _ => serde_json::to_string_pretty(&values).unwrap_or_default(),
    }
}

fn open(form: FormState, to: RawFormat) {
    let raw = form.raw;
    // A pending error keeps its text: nothing typed is lost by looking at the form.
    if to != RawFormat::Form && raw.error.get_untracked().is_none() {
        raw.text.set(render(form, to));
    }
    raw.format.set(to);
}

/// Form / JSON / YAML.
pub(super) fn switch(form: FormState) -> AnyView {
    let raw = form.raw;
    let tab = move |to: RawFormat, label: &'static str| {
        // With an unreadable text, the other raw format would not read it either.
        let blocked = move || {
            raw.error.with(Option::is_some)
                && to != RawFormat::Form
                && raw.format.get() != to
                && raw.format.get() != RawFormat::Form
        };
        view! {
            <button type="button" class="button raw-tab"
                aria-pressed=move || if raw.format.get() == to { "true" } else { "false" }
                disabled=blocked
                on:click=move |_| open(form, to)>{label}</button>
        }
    };
    view! {
        <div class="raw-switch" role="group" aria-label="Edit as">
            {tab(RawFormat::Form, "Form")}
            {tab(RawFormat::Json, "JSON")}
            {tab(RawFormat::Yaml, "YAML")}
        </div>
    }
    .into_any()
}

pub(super) fn editor(form: FormState) -> AnyView {
    let raw = form.raw;
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        raw.text.set(text.clone());
        let parsed = match raw.format.get_untracked() {
            RawFormat::Yaml => yaml::from_yaml(&text),
            _ => serde_json::from_str::<Value>(&text).map_err(|e| e.to_string()),
        };
        raw.error.set(parsed.and_then(|v| form.apply_raw(v)).err());
    };
    let discard = move |_| {
        raw.error.set(None);
        raw.text.set(render(form, raw.format.get_untracked()));
    };
    let label = move || match raw.format.get() {
        RawFormat::Yaml => "Inputs as YAML",
        _ => "Inputs as JSON",
    };
    view! {
        <div class="raw-view">
            <label class="field-label" for=format!("form{}-raw", form.id)>{label}</label>
            <textarea class="raw-text" id=format!("form{}-raw", form.id) rows="12" spellcheck="false"
                aria-invalid=move || if raw.error.with(Option::is_some) { "true" } else { "false" }
                aria-describedby=format!("form{}-raw-error", form.id)
                prop:value=move || raw.text.get() on:input=on_input></textarea>
            <div class="raw-error field-error" id=format!("form{}-raw-error", form.id) aria-live="polite">
                {move || raw.error.get().map(|e| view! {
                    <span>{e} " — the form keeps its last valid values. "</span>
                    <button type="button" class="button raw-discard" on:click=discard>"Discard this text"</button>
                })}
            </div>
        </div>
    }
    .into_any()
}
