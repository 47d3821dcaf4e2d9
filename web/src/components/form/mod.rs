//! # The form engine: a blueprint's `inputs` or a workflow's `parameters` as a form
//!
//! One generic field component driven by the DSL definition (`baton_core::inputs::InputDef`),
//! pickers filled from `/searches/<resource>`, and a raw JSON/YAML view of the same values.
//!
//! ## Public API (stable; pages build on it)
//! ```ignore
//! use crate::components::form::{FormState, SchemaForm};
//!
//! // 1. State, from the schema object (`blueprint.plan.inputs`, `workflow.parameters`).
//! let form = FormState::new(&schema);            // Copy; create it once per dialog
//! form.set_values(&existing);                    // optional: start from current values
//! form.set_schema(&other_schema);                // another blueprint: same-named values kept
//! form.allow_custom(true);                       // raw view may add undeclared keys
//!                                                //   (`allow_custom_parameters`)
//!
//! // 2. The view. Context ids feed the node/type/instance/scaling-group/capability pickers.
//! view! { <SchemaForm form=form deployment_id=Some(dep_id) blueprint_id=None /> }
//!
//! // 3. Validity and values: Ok(inputs to send) or Err([(input name, why)]).
//! let ready: Memo<Result<Map<String, Value>, Vec<(String, String)>>> = form.result;
//! view! { <button disabled=move || form.result.with(Result::is_err)>"Deploy"</button> }
//! form.touch_all();                              // on a refused submit: show every message
//!
//! // 4. A manager 400 (missing_required_deployment_input_error, unknown_deployment_input_error,
//! //    constraint_error, ...): placed on the inputs its message names. `false` when it names
//! //    none: show it with `ErrorView` as usual.
//! if !form.show_server_error(&err) { /* ErrorView */ }
//! form.set_field_error("port", "Taken by another deployment");   // a page's own check
//! form.clear_server_errors();
//! ```
//! Hidden inputs are not shown and send their default. Empty optional fields are not sent
//! (the manager uses the default). A field's message has class `.field-error`, and its input
//! carries `aria-invalid` and `aria-describedby` pointing at it.

pub mod create;
mod field;
mod picker;
mod raw;

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use baton_core::inputs::{inputs_named_in, parse_inputs, InputDef};
use baton_core::ApiError;
use leptos::prelude::*;
use serde_json::{Map, Value};

pub use raw::RawFormat;

/// One field's state.
#[derive(Clone)]
pub struct Field {
    pub def: Arc<InputDef>,
    /// What the operator typed (the value's text; `"true"`/`"false"` for a checkbox).
    pub text: RwSignal<String>,
    /// Edited, or the form was submitted: show "required" messages.
    pub touched: RwSignal<bool>,
    /// The manager's word on this input, until the operator changes it.
    pub server_error: RwSignal<Option<String>>,
}

impl Field {
    fn new(def: InputDef, text: String) -> Field {
        Field {
            def: Arc::new(def),
            text: RwSignal::new(text),
            touched: RwSignal::new(false),
            server_error: RwSignal::new(None),
        }
    }

    /// The value to send, or why not.
    pub fn validate(&self) -> Result<Option<Value>, String> {
        if let Some(e) = self.server_error.get() {
            return Err(e);
        }
        self.def.validate(&self.text.get(), &regex_match)
    }
}

/// A regular expression anchored at the start, as Python's `re.match`; an error for one the
/// browser cannot compile.
pub fn regex_match(pattern: &str, text: &str) -> Result<bool, String> {
    use wasm_bindgen::JsCast;
    let ctor = js_sys::Reflect::get(&js_sys::global(), &"RegExp".into())
        .map_err(|_| "no regular expressions here".to_string())?;
    let args = js_sys::Array::of1(&format!("^(?:{pattern})").into());
    let ctor: &js_sys::Function = ctor.unchecked_ref();
    let re = js_sys::Reflect::construct(ctor, &args).map_err(|e| {
        e.dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_else(|| "invalid".into())
    })?;
    Ok(re.unchecked_into::<js_sys::RegExp>().test(text))
}

/// Inputs to send, or each invalid input with why.
pub type FormResult = Result<Map<String, Value>, Vec<(String, String)>>;

/// A form's state; `Copy`, owned by the reactive scope that creates it.
#[derive(Clone, Copy)]
pub struct FormState {
    /// Unique per form, for element ids.
    id: u32,
    fields: RwSignal<Vec<Field>>,
    /// Undeclared keys typed in the raw view (only with [`FormState::allow_custom`]).
    extra: RwSignal<Map<String, Value>>,
    allow_extra: RwSignal<bool>,
    pub(crate) raw: raw::RawState,
    /// The inputs to send, or what is wrong.
    pub result: Memo<FormResult>,
}

static NEXT_FORM: AtomicU32 = AtomicU32::new(1);

impl FormState {
    /// A form for `schema` (`{name: {type, default, ...}}`), fields holding their defaults.
    pub fn new(schema: &Value) -> FormState {
        let fields = RwSignal::new(Self::fields_for(schema, &Map::new()));
        let extra = RwSignal::new(Map::new());
        let result = Memo::new(move |_| {
            let mut values = Map::new();
            let mut errors = Vec::new();
            fields.with(|fs| {
                for f in fs {
                    match f.validate() {
                        Ok(Some(v)) => {
                            values.insert(f.def.name.clone(), v);
                        }
                        Ok(None) => {}
                        Err(e) => errors.push((f.def.name.clone(), e)),
                    }
                }
            });
            extra.with(|x| {
                for (k, v) in x {
                    values.entry(k.clone()).or_insert_with(|| v.clone());
                }
            });
            if errors.is_empty() {
                Ok(values)
            } else {
                Err(errors)
            }
        });
        FormState {
            id: NEXT_FORM.fetch_add(1, Ordering::Relaxed),
            fields,
            extra,
            allow_extra: RwSignal::new(false),
            raw: raw::RawState::new(),
            result,
        }
    }

    fn fields_for(schema: &Value, keep: &Map<String, Value>) -> Vec<Field> {
        parse_inputs(schema)
            .into_iter()
            .map(|def| {
                let text = keep
                    .get(&def.name)
                    .or(def.default.as_ref())
                    .map(|v| def.text_of(v))
                    .unwrap_or_else(|| {
                        // A checkbox has no "unset": an undeclared boolean starts false.
                        if def.ty == baton_core::inputs::InputType::Boolean {
                            "false".into()
                        } else {
                            String::new()
                        }
                    });
                Field::new(def, text)
            })
            .collect()
    }

    /// Another schema (another blueprint or workflow): values typed for inputs of the same
    /// name are kept.
    pub fn set_schema(&self, schema: &Value) {
        let keep = self.lenient_values(true);
        self.fields.set(Self::fields_for(schema, &keep));
        self.raw.reset();
    }

    /// Puts `values` in the fields they name (an update form starts from the current inputs);
    /// fields not named keep their text. Names the schema lacks go to the custom values.
    pub fn set_values(&self, values: &Map<String, Value>) {
        let mut extra = Map::new();
        self.fields.with_untracked(|fs| {
            for (k, v) in values {
                match fs.iter().find(|f| &f.def.name == k) {
                    Some(f) => {
                        f.text.set(f.def.text_of(v));
                        f.server_error.set(None);
                    }
                    None => {
                        extra.insert(k.clone(), v.clone());
                    }
                }
            }
        });
        if self.allow_extra.get_untracked() {
            self.extra.set(extra);
        }
    }

    /// Whether undeclared keys from the raw view are kept and sent.
    pub fn allow_custom(&self, allow: bool) {
        self.allow_extra.set(allow);
        if !allow {
            self.extra.set(Map::new());
        }
    }

    /// Shows every field's message (after a refused submit).
    pub fn touch_all(&self) {
        self.fields
            .with_untracked(|fs| fs.iter().for_each(|f| f.touched.set(true)));
    }

    /// Puts a manager error on the inputs its message names; `false` if it names none.
    pub fn show_server_error(&self, e: &ApiError) -> bool {
        let names: Vec<String> = self.fields.with_untracked(|fs| {
            inputs_named_in(&e.message, fs.iter().map(|f| f.def.name.as_str()))
        });
        for n in &names {
            self.set_field_error(n, &format!("{} ({})", e.message, e.code));
        }
        !names.is_empty()
    }

    /// Puts a message on one input until the operator changes it; `false` if there is no such
    /// input.
    pub fn set_field_error(&self, name: &str, message: &str) -> bool {
        self.fields
            .with_untracked(|fs| match fs.iter().find(|f| f.def.name == name) {
                Some(f) => {
                    f.server_error.set(Some(message.to_owned()));
                    f.touched.set(true);
                    true
                }
                None => false,
            })
    }

    pub fn clear_server_errors(&self) {
        self.fields
            .with_untracked(|fs| fs.iter().for_each(|f| f.server_error.set(None)));
    }

    /// The fields, in the schema's order.
    pub fn fields(&self) -> Vec<Field> {
        self.fields.get()
    }

    /// What each field holds as a value, readable or not (unreadable text stays text): the
    /// raw view's content, so switching views never drops what was typed.
    pub(crate) fn lenient_values(&self, with_hidden: bool) -> Map<String, Value> {
        let mut m = Map::new();
        self.fields.with_untracked(|fs| {
            for f in fs.iter().filter(|f| with_hidden || !f.def.hidden) {
                let text = f.text.get_untracked();
                let v = match f.def.value_of(&text) {
                    Ok(Some(v)) => v,
                    Ok(None) => continue,
                    Err(_) => Value::String(text),
                };
                m.insert(f.def.name.clone(), v);
            }
        });
        self.extra.with_untracked(|x| {
            for (k, v) in x {
                m.entry(k.clone()).or_insert_with(|| v.clone());
            }
        });
        m
    }

    /// Applies the raw view's values, or says why they cannot be applied (nothing changes).
    pub(crate) fn apply_raw(&self, v: Value) -> Result<(), String> {
        let Value::Object(m) = v else {
            if v.is_null() {
                return self.apply_raw(Value::Object(Map::new()));
            }
            return Err("Write a mapping of input names to values.".into());
        };
        let names: Vec<String> = self
            .fields
            .with_untracked(|fs| fs.iter().map(|f| f.def.name.clone()).collect());
        let unknown: Vec<&String> = m.keys().filter(|k| !names.contains(k)).collect();
        if !unknown.is_empty() && !self.allow_extra.get_untracked() {
            let list =
                |v: Vec<&String>| v.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ");
            return Err(format!(
                "Unknown input(s): {} — expected: {}",
                list(unknown),
                list(names.iter().collect())
            ));
        }
        self.fields.with_untracked(|fs| {
            for f in fs {
                let text = match m.get(&f.def.name) {
                    Some(v) => f.def.text_of(v),
                    // Hidden inputs are not in the raw view: they keep their value.
                    None if f.def.hidden => continue,
                    None => String::new(),
                };
                if f.text.get_untracked() != text {
                    f.text.set(text);
                    f.touched.set(true);
                    f.server_error.set(None);
                }
            }
        });
        self.extra
            .set(m.into_iter().filter(|(k, _)| !names.contains(k)).collect());
        Ok(())
    }

    fn dom_id(&self, name: &str) -> String {
        let safe: String = name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        format!("form{}-{safe}", self.id)
    }
}

/// The deployment or blueprint a form is about, for the pickers that list its nodes.
#[derive(Clone, Default, PartialEq)]
pub struct FormContext {
    pub deployment_id: Option<String>,
    pub blueprint_id: Option<String>,
}

/// The form: one field per declared input (hidden ones excepted), a Form/JSON/YAML switch,
/// and a note when nothing is declared.
#[component]
pub fn SchemaForm(
    form: FormState,
    /// The deployment the form is for (workflow parameters, updates).
    #[prop(default = None)]
    deployment_id: Option<String>,
    /// The blueprint the form is for (create deployment).
    #[prop(default = None)]
    blueprint_id: Option<String>,
) -> impl IntoView {
    let ctx = Arc::new(FormContext {
        deployment_id,
        blueprint_id,
    });
    let fields = move || {
        let ctx = ctx.clone();
        let shown: Vec<Field> = form
            .fields
            .get()
            .into_iter()
            .filter(|f| !f.def.hidden)
            .collect();
        if shown.is_empty() {
            return view! { <p class="muted form-empty">"No inputs to fill in."</p> }.into_any();
        }
        shown
            .into_iter()
            .map(|f| {
                let id = form.dom_id(&f.def.name);
                field::field_view(f, id, ctx.clone())
            })
            .collect_view()
            .into_any()
    };
    let hidden_errors = move || {
        form.result.with(|r| {
            let hidden: Vec<String> = form.fields.with(|fs| {
                fs.iter()
                    .filter(|f| f.def.hidden)
                    .map(|f| f.def.name.clone())
                    .collect()
            });
            r.as_ref()
                .err()
                .map(|errs| {
                    errs.iter()
                        .filter(|(n, _)| hidden.contains(n))
                        .map(|(n, e)| format!("{n} (hidden): {e}"))
                        .collect::<Vec<_>>()
                })
                .filter(|v| !v.is_empty())
                .map(|v| view! { <p class="field-error form-hidden-errors">{v.join("; ")}</p> })
        })
    };
    view! {
        <div class="schema-form">
            {raw::switch(form)}
            <div class="form-fields" hidden=move || form.raw.shown()>{fields}</div>
            {move || form.raw.shown().then(|| raw::editor(form))}
            {hidden_errors}
        </div>
    }
    .into_any()
}
