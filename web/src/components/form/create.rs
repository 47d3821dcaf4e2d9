//! A "New …" form: inputs drawn by the form engine from a schema, one call to the manager,
//! and the manager's refusal placed on the field it is about (what was typed stays).
//!
//! ```ignore
//! view! { <CreateForm title="New user" schema=json!({...}) submit_label="Create user"
//!     send=|api, values| Box::pin(async move { api.call(&CreateUser { .. }).await.map(|u| format!("User {} created.", u.username)) })
//!     place=|e, form| e.code == "conflict_error" && form.set_field_error("username", &e.message)
//!     done=Callback::new(move |_| creating.set(false))/> }
//! ```

use std::future::Future;
use std::pin::Pin;

use baton_core::ApiError;
use leptos::prelude::*;
use serde_json::{Map, Value};

use super::{FormState, SchemaForm};
use crate::api::{use_api, Api};
use crate::components::toast::use_toasts;
use crate::components::ErrorView;

/// Sends the form's values; `Ok` carries the message for the toast.
pub type Send =
    fn(Api, Map<String, Value>) -> Pin<Box<dyn Future<Output = Result<String, ApiError>>>>;

/// Puts an error the page knows about on its field; `false` to show it as usual.
pub type Place = fn(&ApiError, FormState) -> bool;

/// A form's optional text value (empty is absent).
pub fn text(values: &Map<String, Value>, name: &str) -> Option<String> {
    match values.get(name) {
        Some(Value::String(s)) if s.is_empty() => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Null) | None => None,
        Some(other) => Some(other.to_string()),
    }
}

/// A form's boolean value (`false` when absent).
pub fn flag(values: &Map<String, Value>, name: &str) -> bool {
    values.get(name).and_then(Value::as_bool).unwrap_or(false)
}

#[component]
pub fn CreateForm(
    title: &'static str,
    schema: Value,
    submit_label: &'static str,
    send: Send,
    #[prop(optional)] place: Option<Place>,
    /// Called after a success (with the toast shown) and on Cancel.
    done: Callback<()>,
    /// Values sent along that the operator does not edit (the key of what is being edited).
    #[prop(optional)]
    with: Option<Map<String, Value>>,
    /// A second button that sends the same values elsewhere and keeps the form open, with its
    /// label ("Test connection"); its answer is said under the form.
    #[prop(optional)]
    check: Option<(&'static str, Send)>,
) -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let form = FormState::new(&schema);
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let checked = RwSignal::new(None::<String>);
    let with = StoredValue::new(with.unwrap_or_default());
    let values = move || {
        let Ok(mut values) = form.result.get_untracked() else {
            form.touch_all();
            return None;
        };
        with.with_value(|w| {
            for (k, v) in w {
                values.insert(k.clone(), v.clone());
            }
        });
        Some(values)
    };
    let run_check = move |_| {
        let (Some((_, send)), Some(values)) = (check, values()) else {
            return;
        };
        busy.set(true);
        error.set(None);
        checked.set(None);
        form.clear_server_errors();
        leptos::task::spawn_local(async move {
            match send(api, values).await {
                Ok(message) => {
                    checked.try_set(Some(message));
                }
                Err(e) => {
                    if !form.show_server_error(&e) {
                        error.try_set(Some(e));
                    }
                }
            }
            busy.try_set(false);
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(values) = values() else {
            return;
        };
        busy.set(true);
        checked.set(None);
        error.set(None);
        form.clear_server_errors();
        leptos::task::spawn_local(async move {
            match send(api, values).await {
                Ok(message) => {
                    toasts.success(message);
                    done.run(());
                }
                Err(e) => {
                    let placed = place.is_some_and(|p| p(&e, form)) || form.show_server_error(&e);
                    if !placed {
                        error.set(Some(e));
                    }
                }
            }
            busy.try_set(false);
        });
    };
    view! {
        <form class="form card" on:submit=submit aria-label=title>
            <h2>{title}</h2>
            <SchemaForm form=form/>
            {move || error.get().map(|e| view! { <ErrorView error=e/> })}
            {move || checked.get().map(|m| view! { <p class="check-ok" role="status">"✓ "{m}</p> })}
            <div class="actions">
                <button type="submit" class="button accent" disabled=move || busy.get()>{submit_label}</button>
                {check.map(|(label, _)| view! {
                    <button type="button" class="button" disabled=move || busy.get() on:click=run_check>{label}</button>
                })}
                <button type="button" class="button" on:click=move |_| done.run(())>"Cancel"</button>
            </div>
        </form>
    }
    .into_any()
}
