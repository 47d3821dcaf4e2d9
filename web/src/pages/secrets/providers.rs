//! Secrets providers: where some secrets' values live (the manager itself, a Vault, another
//! manager). The list, a new provider with a connection test before saving, editing one's
//! connection and visibility (tested the same way) and deleting one by typing its name.

use baton_core::conductor::secrets::{
    CreateSecretsProvider, DeleteSecretsProvider, ListSecretsProviders, ProviderSpec,
    SecretsProvider, TestSecretsProvider, UpdateSecretsProvider,
};
use baton_core::conductor::Visibility;
use baton_core::SortKey;
use leptos::prelude::*;
use leptos_router::components::A;
use serde_json::{json, Map, Value};

use crate::api::Api;
use crate::components::clock::When;
use crate::components::confirm::delete_button;
use crate::components::form::create::{text, CreateForm, Send};
use crate::components::table::{Column, ListSpec, ResourceList};
use crate::components::toast::use_toasts;
use crate::components::{copy_id, Name};
use crate::permissions::guard;

#[derive(Clone, Copy)]
struct Changed(Trigger);

/// The provider being edited, if any.
#[derive(Clone, Copy)]
struct Editing(RwSignal<Option<SecretsProvider>>);

fn connection(values: &Map<String, Value>) -> Option<Map<String, Value>> {
    values
        .get("connection_parameters")
        .and_then(Value::as_object)
        .filter(|m| !m.is_empty())
        .cloned()
}

fn provider_spec(values: &Map<String, Value>) -> ProviderSpec {
    ProviderSpec {
        name: text(values, "name").unwrap_or_default(),
        provider_type: text(values, "type").unwrap_or_else(|| "vault".into()),
        connection_parameters: connection(values),
        visibility: text(values, "visibility").map(|v| Visibility::from(v.as_str())),
    }
}

/// Asks the manager to connect with these values, saving nothing.
const TEST: Send = |api: Api, values| {
    Box::pin(async move {
        let s = provider_spec(&values);
        let call = TestSecretsProvider {
            name: s.name.clone(),
            provider_type: s.provider_type,
            connection_parameters: s.connection_parameters,
        };
        api.call(&call)
            .await
            .map(|()| format!("The manager reached provider {}.", s.name))
    })
};

fn schema(p: Option<&SecretsProvider>) -> Value {
    let mut inputs = json!({
        "type": {"type": "string", "display_label": "Type", "required": true,
                 "default": p.and_then(|p| p.provider_type.as_ref()).map_or("vault".to_string(), |t| t.to_string()),
                 "constraints": [{"valid_values": ["vault", "cloudify", "local"]}],
                 "description": "vault: a HashiCorp Vault; cloudify: another manager; local: this manager."},
        "connection_parameters": {"type": "dict", "display_label": "Connection parameters", "required": false,
                 "default": p.and_then(|p| p.connection_parameters.clone()).map_or(json!({}), Value::Object),
                 "description": "Vault: {\"url\", \"token\", \"path\"}; another manager: {\"host\", \"username\", \"password\", \"tenant\"}."},
        "visibility": {"type": "string", "display_label": "Visibility",
                 "default": p.and_then(|p| p.owner.visibility.as_ref()).map_or("tenant".to_string(), |v| v.to_string()),
                 "constraints": [{"valid_values": ["private", "tenant", "global"]}]},
    });
    if p.is_none() {
        inputs["name"] = json!({"type": "string", "display_label": "Name", "required": true,
            "description": "What secrets name as their provider.",
            "constraints": [{"pattern": "^[^/\\s]+$"}]});
    }
    inputs
}

fn delete_provider(name: String) {
    let api = crate::api::use_api();
    let toasts = use_toasts();
    let changed = use_context::<Changed>();
    leptos::task::spawn_local(async move {
        match api
            .call(&DeleteSecretsProvider { name: name.clone() })
            .await
        {
            Ok(()) => {
                toasts.success(format!("Secrets provider {name} deleted."));
                if let Some(Changed(t)) = changed {
                    t.notify();
                }
            }
            Err(e) => toasts.error(&e),
        }
    });
}

fn actions(p: &SecretsProvider) -> AnyView {
    let editing = use_context::<Editing>();
    let row = p.clone();
    view! {
        <span class="row-actions">
            <button class="button small" use:guard="secrets_provider_update" on:click=move |_| {
                if let Some(Editing(e)) = editing {
                    e.set(Some(row.clone()));
                }
            }>"Edit"</button>
            {delete_button(p.name.clone(), "secrets provider", "Secrets kept there can no longer be read through this manager; the manager refuses while secrets use it.", "secrets_provider_delete", delete_provider)}
        </span>
    }
    .into_any()
}

fn columns() -> Vec<Column<SecretsProvider>> {
    vec![
        Column {
            label: "Name",
            sort: Some("name"),
            fields: &["name"],
            cell: |p| {
                let copy = copy_id(p.name.clone());
                view! { <span class="name"><Name text=p.name.clone()/></span>{copy} }.into_any()
            },
        },
        Column {
            label: "Type",
            sort: Some("type"),
            fields: &["type"],
            cell: |p| {
                let t = p
                    .provider_type
                    .as_ref()
                    .map(|t| t.to_string())
                    .unwrap_or_default();
                view! { <span>{t}</span> }.into_any()
            },
        },
        Column {
            label: "Connection",
            sort: None,
            fields: &["connection_parameters"],
            cell: |p| {
                // Where it connects, never its credentials.
                let at = p.connection_parameters.as_ref().and_then(|c| {
                    ["url", "host"]
                        .iter()
                        .find_map(|k| c.get(*k).and_then(Value::as_str))
                        .map(str::to_string)
                });
                view! { <span class="mono">{at.unwrap_or_default()}</span> }.into_any()
            },
        },
        Column {
            label: "Visibility",
            sort: Some("visibility"),
            fields: &["visibility"],
            cell: |p| {
                let v = p
                    .owner
                    .visibility
                    .as_ref()
                    .map(|v| v.to_string())
                    .unwrap_or_default();
                view! { <span>{v}</span> }.into_any()
            },
        },
        Column {
            label: "Created",
            sort: Some("created_at"),
            fields: &["created_at", "created_by"],
            cell: |p| {
                view! { <When t=p.owner.created_at/><div class="sub">{p.owner.created_by.clone().unwrap_or_default()}</div> }.into_any()
            },
        },
        Column {
            label: "Actions",
            sort: None,
            fields: &["name", "type", "visibility", "connection_parameters"],
            cell: actions,
        },
    ]
}

#[component]
pub fn SecretsProvidersPage() -> impl IntoView {
    let changed = Trigger::new();
    provide_context(Changed(changed));
    let editing = RwSignal::new(None::<SecretsProvider>);
    provide_context(Editing(editing));
    let creating = RwSignal::new(false);
    let spec = ListSpec {
        noun: "secrets providers",
        path: "/secrets/providers",
        default_sort: || SortKey::asc("name"),
        columns: columns(),
        filters: &["type"],
        search_names: false,
        endpoint: |query| ListSecretsProviders { query },
        placeholder: "Search providers",
    };
    let closed = Callback::new(move |_| {
        creating.set(false);
        editing.set(None);
        changed.notify();
    });
    view! {
        <div class="page-head">
            <h1>"Secrets providers"</h1>
            <button class="button accent" on:click=move |_| { editing.set(None); creating.set(true); }
                disabled=move || creating.get() use:guard="secrets_provider_create">"New provider"</button>
            <span class="spacer"></span>
            <A href="/secrets">"Secrets"</A>
        </div>
        <p class="muted">"A secret whose provider is not this manager keeps its value there; the manager reads it when a blueprint asks."</p>
        <Show when=move || creating.get()>
            <CreateForm title="New secrets provider" schema=schema(None) submit_label="Save provider"
                check=("Test connection", TEST)
                send=|api, values| Box::pin(async move {
                    api.call(&CreateSecretsProvider { spec: provider_spec(&values) }).await
                        .map(|p| format!("Secrets provider {} saved.", p.name))
                })
                place=|e, form| e.code == "conflict_error" && form.set_field_error("name", &format!("{} ({})", e.message, e.code))
                done=closed/>
        </Show>
        {move || editing.get().map(|p| {
            let mut with = Map::new();
            with.insert("name".into(), Value::String(p.name.clone()));
            view! {
                <p class="muted">"Editing "<strong class="mono">{p.name.clone()}</strong></p>
                <CreateForm title="Edit secrets provider" schema=schema(Some(&p)) submit_label="Save changes"
                    with check=("Test connection", TEST)
                    send=|api, values| Box::pin(async move {
                        api.call(&UpdateSecretsProvider { spec: provider_spec(&values) }).await
                            .map(|p| format!("Secrets provider {} updated.", p.name))
                    })
                    done=closed/>
            }
        })}
        <ResourceList spec reload=changed/>
    }
    .into_any()
}
