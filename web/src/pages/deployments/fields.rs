//! A blueprint's inputs or a workflow's parameters as fields, one per declared name, parsed by
//! its declared type, with the manager's 400s shown against the field they name.
//!
//! Interim: the shared form engine (`components/form`, branch `forms`) replaces the field
//! rendering here; the pages only use `specs`, `collect` and `SchemaFields`, so the swap stays
//! in this file.

use std::collections::BTreeMap;

use leptos::prelude::*;
use serde_json::{Map, Value};

/// One declared input or parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldSpec {
    pub name: String,
    pub label: String,
    pub kind: String,
    pub description: String,
    pub default: Option<Value>,
    pub required: bool,
    pub valid_values: Vec<Value>,
}

/// The visible fields of a schema (`{name: {type, default, description, ...}}`), in order.
pub fn specs(schema: &Map<String, Value>) -> Vec<FieldSpec> {
    schema
        .iter()
        .filter(|(_, s)| s.get("hidden").and_then(Value::as_bool) != Some(true))
        .map(|(name, s)| {
            let text = |k: &str| s.get(k).and_then(Value::as_str).unwrap_or("").to_string();
            let default = s.get("default").cloned();
            FieldSpec {
                name: name.clone(),
                label: Some(text("display_label"))
                    .filter(|l| !l.is_empty())
                    .unwrap_or_else(|| name.clone()),
                kind: Some(text("type"))
                    .filter(|t| !t.is_empty())
                    .unwrap_or_else(|| "string".into()),
                description: text("description"),
                required: default.is_none()
                    && s.get("required").and_then(Value::as_bool) != Some(false),
                default,
                valid_values: s
                    .get("constraints")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|c| c.get("valid_values")?.as_array().cloned())
                    .flatten()
                    .collect(),
            }
        })
        .collect()
}

/// A value as the operator edits it: strings bare, everything else as JSON.
pub fn as_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The texts a form starts with: `current` values (a deployment's inputs), else defaults.
pub fn initial(
    specs: &[FieldSpec],
    current: Option<&Map<String, Value>>,
) -> BTreeMap<String, String> {
    specs
        .iter()
        .map(|s| {
            let v = current.and_then(|c| c.get(&s.name)).or(s.default.as_ref());
            (s.name.clone(), v.map(as_text).unwrap_or_default())
        })
        .collect()
}

/// The value of one field, `None` when left empty (the manager then uses the default).
pub fn parse(spec: &FieldSpec, text: &str) -> Result<Option<Value>, String> {
    let t = text.trim();
    if t.is_empty() {
        return if spec.required {
            Err("Required.".into())
        } else {
            Ok(None)
        };
    }
    let value = match spec.kind.as_str() {
        "integer" => t
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| format!("“{t}” is not a whole number."))?,
        "float" => t
            .parse::<f64>()
            .ok()
            .and_then(|f| serde_json::Number::from_f64(f).map(Value::Number))
            .ok_or_else(|| format!("“{t}” is not a number."))?,
        "boolean" => match t {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => return Err("Choose true or false.".into()),
        },
        "list" | "dict" => {
            let v: Value = serde_json::from_str(t).map_err(|e| format!("Not valid JSON: {e}."))?;
            match (spec.kind.as_str(), &v) {
                ("list", Value::Array(_)) | ("dict", Value::Object(_)) => v,
                ("list", _) => return Err("A list is written [\"a\", \"b\"].".into()),
                _ => return Err("A dict is written {\"key\": \"value\"}.".into()),
            }
        }
        _ => Value::String(text.to_string()),
    };
    if !spec.valid_values.is_empty() && !spec.valid_values.contains(&value) {
        return Err("Not one of the allowed values.".into());
    }
    Ok(Some(value))
}

/// All values, or each wrong field with why.
pub fn collect(
    specs: &[FieldSpec],
    texts: &BTreeMap<String, String>,
) -> Result<Map<String, Value>, BTreeMap<String, String>> {
    let mut values = Map::new();
    let mut errors = BTreeMap::new();
    for s in specs {
        match parse(s, texts.get(&s.name).map(String::as_str).unwrap_or("")) {
            Ok(Some(v)) => {
                values.insert(s.name.clone(), v);
            }
            Ok(None) => {}
            Err(e) => {
                errors.insert(s.name.clone(), e);
            }
        }
    }
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(errors)
    }
}

/// The fields of `specs`; each validates as the operator types and shows the error in
/// `errors` under it (the form's own checks and the manager's 400s alike).
#[component]
pub fn SchemaFields(
    #[prop(into)] specs: Signal<Vec<FieldSpec>>,
    texts: RwSignal<BTreeMap<String, String>>,
    errors: RwSignal<BTreeMap<String, String>>,
    /// Field names are `<prefix>.<name>`, for tests and autofill.
    prefix: &'static str,
    #[prop(into)] empty: String,
) -> impl IntoView {
    move || {
        let list = specs.get();
        if list.is_empty() {
            return view! { <p class="empty">{empty.clone()}</p> }.into_any();
        }
        list.into_iter()
            .map(|s| {
                let spec = s.clone();
                let name = s.name.clone();
                let key = s.name.clone();
                let err_key = s.name.clone();
                let input_name = format!("{prefix}.{}", s.name);
                let hint = format!(
                    "{}{}",
                    s.kind,
                    if s.required { " · required" } else { "" }
                );
                let placeholder = s.default.as_ref().map(as_text).unwrap_or_default();
                let on_input = move |ev| {
                    let t = event_target_value(&ev);
                    let check = parse(&spec, &t);
                    texts.update(|m| {
                        m.insert(name.clone(), t);
                    });
                    errors.update(|e| match check {
                        Ok(_) => {
                            e.remove(&name);
                        }
                        Err(why) => {
                            e.insert(name.clone(), why);
                        }
                    });
                };
                let error = Signal::derive(move || errors.with(|e| e.get(&err_key).cloned()));
                let choices = s.valid_values.iter().map(as_text).collect::<Vec<_>>();
                let control = if choices.is_empty() && s.kind != "boolean" {
                    let multiline = matches!(s.kind.as_str(), "list" | "dict" | "textarea");
                    let value = move || texts.with(|m| m.get(&key).cloned().unwrap_or_default());
                    if multiline {
                        view! { <textarea name=input_name rows=3 prop:value=value on:input=on_input
                            class:invalid=move || error.get().is_some()></textarea> }
                        .into_any()
                    } else {
                        view! { <input name=input_name placeholder=placeholder prop:value=value on:input=on_input
                            class:invalid=move || error.get().is_some()/> }
                        .into_any()
                    }
                } else {
                    let choices = if choices.is_empty() {
                        vec!["true".to_string(), "false".to_string()]
                    } else {
                        choices
                    };
                    let current = texts.with_untracked(|m| m.get(&s.name).cloned().unwrap_or_default());
                    view! {
                        <select name=input_name on:change=on_input>
                            <option value="" selected=current.is_empty()>"—"</option>
                            {choices.into_iter().map(|c| {
                                let selected = c == current;
                                view! { <option value=c.clone() selected=selected>{c.clone()}</option> }
                            }).collect_view()}
                        </select>
                    }
                    .into_any()
                };
                view! {
                    <div class="field" class:has-error=move || error.get().is_some()>
                        <label>
                            <span class="field-label">{s.label.clone()}</span>
                            <span class="field-hint muted">{hint}</span>
                            {control}
                        </label>
                        {(!s.description.is_empty()).then(|| view! { <p class="field-help muted">{s.description.clone()}</p> })}
                        {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                    </div>
                }
            })
            .collect_view()
            .into_any()
    }
}
