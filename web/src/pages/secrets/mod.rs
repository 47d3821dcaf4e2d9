//! Secrets: the list (key, visibility, hidden, provider, who and when), revealing a
//! value on request and hiding it again after 30 s (kept only in the page's memory, never in
//! the URL or in storage), creating or overwriting one through the form engine, editing one's
//! value, hidden flag and visibility, deleting one by typing its key, export and import
//! (`share`), and the secrets providers (`providers`, a page of its own).

mod providers;
mod share;

pub use providers::SecretsProvidersPage;

use std::time::Duration;

use baton_core::conductor::resources::Secret;
use baton_core::conductor::secrets::{
    CreateSecret, DeleteSecret, GetSecret, ListSecrets, NewSecret, SecretUpdate,
    SetSecretVisibility, UpdateSecret,
};
use baton_core::conductor::Visibility;
use baton_core::{ApiError, SortKey};
use leptos::prelude::*;
use leptos_router::components::A;
use serde_json::{json, Map, Value};

use crate::api::use_api;
use crate::components::clock::When;
use crate::components::confirm::delete_button;
use crate::components::form::create::{flag, text, CreateForm};
use crate::components::form::FormState;
use crate::components::table::{Column, ListSpec, ResourceList};
use crate::components::toast::use_toasts;
use crate::components::{copy_button, copy_id, Name};
use crate::permissions::guard;

/// How long a revealed value stays on screen.
const REVEALED_FOR: Duration = Duration::from_secs(30);

/// Tells the list to ask again after a secret was created or deleted.
#[derive(Clone, Copy)]
struct Changed(Trigger);

/// What the page shows above the list.
#[derive(Clone, Debug, PartialEq)]
enum Panel {
    None,
    Create,
    Edit(Secret),
    Export,
    Import,
}

#[derive(Clone, Copy)]
struct Panels(RwSignal<Panel>);

/// The value cell: "Reveal" asks the manager for this one value, which hides itself again.
fn value_cell(s: &Secret) -> AnyView {
    let api = use_api();
    let key = s.key.clone();
    let shown = RwSignal::new(None::<Result<String, ApiError>>);
    let busy = RwSignal::new(false);
    let reveal = move |_| {
        let key = key.clone();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let r = api
                .call(&GetSecret {
                    key,
                    skip_value: None,
                })
                .await
                .map(|s| s.value.unwrap_or_default());
            shown.try_set(Some(r));
            busy.try_set(false);
            set_timeout(
                move || {
                    shown.try_set(None);
                },
                REVEALED_FOR,
            );
        });
    };
    view! {
        {move || match shown.get() {
            None => view! {
                <button class="button small" disabled=move || busy.get() use:guard="secret_get" on:click=reveal.clone()>"Reveal"</button>
            }.into_any(),
            Some(Ok(v)) if v.is_empty() => view! {
                <span class="muted">"Hidden from you (only its creator and tenant managers see it)."</span>
                <button class="button small" on:click=move |_| shown.set(None)>"Hide"</button>
            }.into_any(),
            Some(Ok(v)) => {
                let copy = v.clone();
                view! {
                    <code class="secret-value">{v}</code>
                    {copy_button(move || copy.clone())}
                    <button class="button small" on:click=move |_| shown.set(None)>"Hide"</button>
                }.into_any()
            }
            Some(Err(e)) => view! {
                <span class="field-error" role="alert">{format!("{} ({})", e.message, e.code)}</span>
                <button class="button small" on:click=move |_| shown.set(None)>"Dismiss"</button>
            }.into_any(),
        }}
    }
    .into_any()
}

fn delete_secret(key: String) {
    let api = use_api();
    let toasts = use_toasts();
    let changed = use_context::<Changed>();
    leptos::task::spawn_local(async move {
        match api.call(&DeleteSecret { key: key.clone() }).await {
            Ok(()) => {
                toasts.success(format!("Secret {key} deleted."));
                if let Some(Changed(t)) = changed {
                    t.notify();
                }
            }
            Err(e) => toasts.error(&e),
        }
    });
}

fn actions_cell(s: &Secret) -> AnyView {
    let panels = use_context::<Panels>();
    let row = s.clone();
    view! {
        <span class="row-actions">
            <button class="button small" use:guard="secret_update" on:click=move |_| {
                if let Some(Panels(p)) = panels {
                    p.set(Panel::Edit(row.clone()));
                }
            }>"Edit"</button>
            {delete_button(s.key.clone(), "secret", "Blueprints and deployments that read it with get_secret fail from then on.", "secret_delete", delete_secret)}
        </span>
    }
    .into_any()
}

fn columns() -> Vec<Column<Secret>> {
    vec![
        Column {
            label: "Key",
            sort: Some("key"),
            fields: &["key"],
            cell: |s| {
                let key = s.key.clone();
                let copy = copy_id(key.clone());
                view! { <span class="name mono"><Name text=key/></span>{copy} }.into_any()
            },
        },
        Column {
            label: "Value",
            sort: None,
            fields: &["key"],
            cell: value_cell,
        },
        Column {
            label: "Visibility",
            sort: Some("visibility"),
            fields: &["visibility", "is_hidden_value"],
            cell: |s| {
                let vis = s
                    .owner
                    .visibility
                    .as_ref()
                    .map(|v| v.to_string())
                    .unwrap_or_default();
                let hidden = (s.is_hidden_value == Some(true)).then_some("hidden value");
                view! { <span>{vis}</span><div class="sub">{hidden}</div> }.into_any()
            },
        },
        Column {
            label: "Provider",
            sort: Some("provider_name"),
            // The list never carries the schema (the manager refuses `_include=schema`).
            fields: &["provider_name"],
            cell: |s| {
                let provider = s
                    .provider_name
                    .clone()
                    .filter(|p| !p.is_empty())
                    .unwrap_or_else(|| "manager".into());
                view! { <span>{provider}</span> }.into_any()
            },
        },
        Column {
            label: "Created",
            sort: Some("created_at"),
            fields: &["created_at", "created_by"],
            cell: |s| {
                view! { <When t=s.owner.created_at/><div class="sub">{s.owner.created_by.clone().unwrap_or_default()}</div> }.into_any()
            },
        },
        Column {
            label: "Updated",
            sort: Some("updated_at"),
            fields: &["updated_at"],
            cell: |s| view! { <When t=s.owner.updated_at/> }.into_any(),
        },
        Column {
            label: "Actions",
            sort: None,
            fields: &["key", "visibility", "is_hidden_value"],
            cell: actions_cell,
        },
    ]
}

/// The new-secret form, as inputs the form engine draws.
fn form_schema() -> Value {
    json!({
        "key": {"type": "string", "display_label": "Key", "required": true,
                "description": "What blueprints name in get_secret.",
                "constraints": [{"pattern": "^[^/\\s]+$"}]},
        "value": {"type": "textarea", "display_label": "Value", "required": true,
                  "description": "Text, or JSON when a schema types it."},
        "is_hidden_value": {"type": "boolean", "display_label": "Hide the value", "default": false,
                            "description": "Only its creator and the tenant's managers can read it."},
        "visibility": {"type": "string", "display_label": "Visibility", "default": "tenant",
                       "constraints": [{"valid_values": ["private", "tenant", "global"]}]},
        "update_if_exists": {"type": "boolean", "display_label": "Overwrite if it exists", "default": false},
        "schema": {"type": "dict", "display_label": "Schema (optional)", "required": false,
                   "description": "A JSON schema the value must satisfy, e.g. {\"type\": \"integer\"}."},
        "provider_name": {"type": "string", "display_label": "Secrets provider (optional)", "required": false},
    })
}

fn create_call(values: &Map<String, Value>) -> CreateSecret {
    CreateSecret {
        key: text(values, "key").unwrap_or_default(),
        secret: NewSecret {
            value: text(values, "value").unwrap_or_default(),
            update_if_exists: flag(values, "update_if_exists"),
            is_hidden_value: flag(values, "is_hidden_value"),
            visibility: Visibility::from(text(values, "visibility").as_deref().unwrap_or("tenant")),
            schema: values.get("schema").filter(|v| !v.is_null()).cloned(),
            provider_name: text(values, "provider_name"),
            provider_options: None,
        },
    }
}

/// The edit form: a new value (or none, to keep it), the hidden flag and the visibility, as
/// they are now.
fn edit_schema(s: &Secret) -> Value {
    let vis = s
        .owner
        .visibility
        .as_ref()
        .map_or("tenant".to_string(), |v| v.to_string());
    json!({
        "value": {"type": "textarea", "display_label": "New value", "required": false,
                  "description": "Leave empty to keep the current value."},
        "is_hidden_value": {"type": "boolean", "display_label": "Hide the value",
                            "default": s.is_hidden_value == Some(true)},
        "visibility": {"type": "string", "display_label": "Visibility", "default": vis,
                       "constraints": [{"valid_values": ["private", "tenant", "global"]}]},
    })
}

/// What the edit form sends along: the key and what it started from.
fn edit_context(s: &Secret) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("key".into(), Value::String(s.key.clone()));
    m.insert(
        "was_hidden".into(),
        Value::Bool(s.is_hidden_value == Some(true)),
    );
    m.insert(
        "was_visibility".into(),
        Value::String(
            s.owner
                .visibility
                .as_ref()
                .map_or("tenant".to_string(), |v| v.to_string()),
        ),
    );
    m
}

/// Sends only what changed: the value and hidden flag in one update (a schema-typed value
/// goes as JSON, so the secret's schema is read first), the visibility through its own call.
async fn save_edit(api: crate::api::Api, values: Map<String, Value>) -> Result<String, ApiError> {
    let key = text(&values, "key").unwrap_or_default();
    let value = text(&values, "value");
    let hidden = flag(&values, "is_hidden_value");
    let hidden_changed = hidden != flag(&values, "was_hidden");
    let visibility = text(&values, "visibility");
    let visibility_changed = visibility != text(&values, "was_visibility");
    if value.is_none() && !hidden_changed && !visibility_changed {
        return Ok(format!("Secret {key}: nothing changed."));
    }
    if value.is_some() || hidden_changed {
        let schema = match value {
            Some(_) => {
                api.call(&GetSecret {
                    key: key.clone(),
                    skip_value: Some(true),
                })
                .await?
                .schema
            }
            None => None,
        };
        let update = SecretUpdate {
            value,
            is_hidden_value: hidden_changed.then_some(hidden),
            schema,
            ..SecretUpdate::default()
        };
        api.call(&UpdateSecret {
            key: key.clone(),
            update,
        })
        .await?;
    }
    if let (true, Some(v)) = (visibility_changed, visibility) {
        api.call(&SetSecretVisibility {
            key: key.clone(),
            visibility: Visibility::from(v.as_str()),
        })
        .await?;
    }
    Ok(format!("Secret {key} updated."))
}

/// A taken key goes on the key field (with the way out); a value the schema refuses, on the
/// value field.
fn place_error(e: &ApiError, form: FormState) -> bool {
    let message = format!("{} ({})", e.message, e.code);
    if e.code == "conflict_error" {
        form.set_field_error(
            "key",
            &format!("{message}. Tick \"Overwrite if it exists\" to replace its value."),
        )
    } else if e.message.to_ascii_lowercase().contains("schema") {
        form.set_field_error("value", &message)
    } else {
        false
    }
}

#[component]
pub fn SecretsPage() -> impl IntoView {
    let changed = Trigger::new();
    provide_context(Changed(changed));
    let panel = RwSignal::new(Panel::None);
    provide_context(Panels(panel));
    let spec = ListSpec {
        noun: "secrets",
        path: "/secrets",
        default_sort: || SortKey::asc("key"),
        columns: columns(),
        filters: &["visibility", "provider_name"],
        search_names: false,
        endpoint: |query| ListSecrets { query },
        placeholder: "Search secret keys",
    };
    let closed = Callback::new(move |_| {
        panel.set(Panel::None);
        changed.notify();
    });
    let open = move |p: Panel| move |_| panel.set(p.clone());
    let busy = move || panel.with(|p| matches!(p, Panel::Create | Panel::Export | Panel::Import));
    let may_create = crate::permissions::may("secret_create");
    view! {
        <div class="page-head">
            <h1>"Secrets"</h1>
            <button class="button accent" on:click=open(Panel::Create) disabled=move || busy() || !may_create.get()
                title=move || (!may_create.get()).then(|| crate::permissions::needs("secret_create"))>"New secret"</button>
            <button class="button" on:click=open(Panel::Export) disabled=busy use:guard="secret_export">"Export"</button>
            <button class="button" on:click=open(Panel::Import) disabled=busy use:guard="secret_import">"Import"</button>
            <span class="spacer"></span>
            <A href="/secrets/providers">"Secrets providers"</A>
        </div>
        <p class="muted">"Values are never listed: reveal one when you need it; it hides itself again after 30 seconds."</p>
        {move || match panel.get() {
            Panel::None => None,
            Panel::Create => Some(view! {
                <CreateForm title="New secret" schema=form_schema() submit_label="Save secret"
                    send=|api, values| Box::pin(async move {
                        api.call(&create_call(&values)).await.map(|s| format!("Secret {} saved.", s.key))
                    })
                    place=place_error done=closed/>
            }.into_any()),
            Panel::Edit(s) => Some(view! {
                <p class="muted">"Editing "<strong class="mono">{s.key.clone()}</strong></p>
                <CreateForm title="Edit secret" schema=edit_schema(&s) submit_label="Save changes"
                    with=edit_context(&s)
                    send=|api, values| Box::pin(save_edit(api, values))
                    place=place_error done=closed/>
            }.into_any()),
            Panel::Export => Some(view! { <share::ExportPanel done=closed/> }.into_any()),
            Panel::Import => Some(view! { <share::ImportPanel done=closed/> }.into_any()),
        }}
        <ResourceList spec reload=changed/>
    }
    .into_any()
}
