//! One field for any input type: the control is chosen from the definition (a choice for
//! `valid_values`, a checkbox for booleans, a text area for lists, dicts and long text, a
//! picker for the manager's own values, a text box otherwise); label, help and the message
//! saying what is wrong are the same for all.

use std::sync::Arc;

use baton_core::inputs::{show, InputType};
use leptos::prelude::*;
use serde_json::Value;

use super::picker::Picker;
use super::{Field, FormContext};

fn type_hint(f: &Field) -> String {
    let d = &f.def;
    let mut hint = match (d.ty, d.item_type) {
        (InputType::Any, _) => "any value (JSON or text)".to_string(),
        (InputType::List, Some(t)) => format!("list of {}", t.as_str()),
        (InputType::List, None) => "list (JSON or YAML)".to_string(),
        (InputType::Dict, _) => "dict (JSON or YAML)".to_string(),
        (t, _) => t.as_str().replace('_', " "),
    };
    if let Some(def) = &d.default {
        let shown = show(def);
        let shown = if shown.chars().count() > 60 {
            format!("{}…", shown.chars().take(60).collect::<String>())
        } else {
            shown
        };
        hint.push_str(&format!(" · default: {shown}"));
    }
    hint
}

pub(super) fn field_view(f: Field, id: String, ctx: Arc<FormContext>) -> AnyView {
    let def = f.def.clone();
    let Field {
        text,
        touched,
        server_error,
        ..
    } = f.clone();
    let check = f.clone();
    let error = Memo::new(move |_| {
        let shown =
            touched.get() || !text.with(String::is_empty) || server_error.with(Option::is_some);
        check.validate().err().filter(|_| shown)
    });
    let err_id = format!("{id}-error");
    let help_id = format!("{id}-help");
    let described = {
        let mut d = vec![err_id.clone()];
        if def.description.is_some() || !def.warnings.is_empty() {
            d.push(help_id.clone());
        }
        d.join(" ")
    };
    let invalid = move || {
        if error.with(Option::is_some) {
            "true"
        } else {
            "false"
        }
    };
    let on_text = move |v: String| {
        text.set(v);
        touched.set(true);
        server_error.set(None);
    };
    let input_value = move |ev: leptos::ev::Event| on_text(event_target_value(&ev));

    let control = if let Some(valid) = def.valid_values() {
        let options: Vec<String> = valid.iter().map(show).collect();
        let blank = !def.required || def.default.is_none();
        view! {
            <select id=id.clone() name=def.name.clone() aria-invalid=invalid aria-describedby=described.clone()
                on:change=input_value prop:value=move || text.get()>
                {blank.then(|| view! { <option value="">"— choose —"</option> })}
                {options.into_iter().map(|o| {
                    let selected = o.clone();
                    view! { <option value=o.clone() selected=move || text.with(|t| *t == selected)>{o.clone()}</option> }
                }).collect_view()}
            </select>
        }
        .into_any()
    } else if def.ty == InputType::Boolean {
        view! {
            <input type="checkbox" id=id.clone() name=def.name.clone() aria-invalid=invalid
                aria-describedby=described.clone()
                prop:checked=move || text.with(|t| t == "true")
                on:change=move |ev| on_text(event_target_checked(&ev).to_string()) />
        }
        .into_any()
    } else if def.picker().is_some() && def.ty != InputType::List {
        view! {
            <Picker def=def.clone() ctx=ctx.clone() id=id.clone() described=described.clone()
                invalid=Signal::derive(move || error.with(Option::is_some))
                text=text on_pick=Callback::new(on_text) on_input=Callback::new(on_text) />
        }
        .into_any()
    } else if matches!(
        def.ty,
        InputType::List | InputType::Dict | InputType::Textarea
    ) || matches!(&def.default, Some(Value::Object(_) | Value::Array(_)))
    {
        let rows = if def.ty == InputType::Textarea || def.ty == InputType::Dict {
            4
        } else {
            2
        };
        let area = view! {
            <textarea id=id.clone() name=def.name.clone() rows=rows spellcheck="false"
                aria-invalid=invalid aria-describedby=described.clone()
                prop:value=move || text.get() on:input=input_value></textarea>
        };
        // A list of picker values: a picker below adds to the list.
        let adder = def.picker().map(|_| {
            let add = RwSignal::new(String::new());
            let append = Callback::new(move |v: String| {
                let mut items = match serde_json::from_str::<Value>(&text.get_untracked()) {
                    Ok(Value::Array(a)) => a,
                    _ if text.with_untracked(|t| t.trim().is_empty()) => Vec::new(),
                    // Unreadable text is the operator's: never overwrite it.
                    _ => return,
                };
                if !items.iter().any(|x| x.as_str() == Some(v.as_str())) {
                    items.push(Value::String(v));
                }
                on_text(Value::Array(items).to_string());
                add.set(String::new());
            });
            view! {
                <div class="field-adder">
                    <Picker def=def.clone() ctx=ctx.clone() id=format!("{id}-add") described=String::new()
                        invalid=Signal::derive(|| false) text=add on_pick=append
                        placeholder="Add from the manager…" />
                </div>
            }
        });
        view! { {area}{adder} }.into_any()
    } else {
        let mode = match def.ty {
            InputType::Integer => "numeric",
            InputType::Float => "decimal",
            _ => "text",
        };
        // A password is typed unseen, wherever it is asked (a user's, a blueprint input's).
        let kind = if def.name == "password" || def.name.ends_with("_password") {
            "password"
        } else {
            "text"
        };
        view! {
            <input type=kind id=id.clone() name=def.name.clone() inputmode=mode autocomplete="off"
                spellcheck="false" aria-invalid=invalid aria-describedby=described.clone()
                prop:value=move || text.get() on:input=input_value />
        }
        .into_any()
    };

    let required = def.required && def.default.is_none();
    let help = (def.description.is_some() || !def.warnings.is_empty()).then(|| {
        view! {
            <p class="field-help" id=help_id>
                {def.description.clone()}
                {def.warnings.iter().map(|w| view! { <span class="field-warning">" ⚠ " {w.clone()}</span> }).collect_view()}
            </p>
        }
    });
    view! {
        <div class="field" class:field-invalid=move || error.with(Option::is_some) data-input=def.name.clone()>
            <label for=id class="field-label">
                {def.label().to_owned()}
                {required.then(|| view! { <span class="field-required" title="Required">" *"</span> })}
                {def.display_label.is_some().then(|| view! { <code class="field-name">{def.name.clone()}</code> })}
            </label>
            {control}
            <span class="field-hint">{type_hint(&f)}</span>
            {help}
            <p class="field-error" id=err_id aria-live="polite">{move || error.get()}</p>
        </div>
    }
    .into_any()
}
