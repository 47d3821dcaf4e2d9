//! Plugin updates: moving a blueprint's deployments to newer versions of the plugins they use.
//! Start one for a blueprint (all plugins to their latest or latest minor version, or named
//! ones), then follow each update's state, the deployments it moves and its execution, live.

use baton_core::conductor::plugins::{InitiatePluginsUpdate, ListPluginsUpdates, PluginsUpdate};
use baton_core::session::segment;
use baton_core::{ApiError, SortKey};
use leptos::prelude::*;
use leptos_router::components::A;
use serde_json::{json, Map, Value};

use crate::components::clock::When;
use crate::components::form::create::{flag, text, CreateForm};
use crate::components::table::{Column, ListSpec, ResourceList};
use crate::components::{copy_id, status_badge, Name};
use crate::live::{self, LiveToggle};
use crate::pages::deployments::exec_href;
use crate::permissions::guard;

/// Comma- or space-separated names, as typed.
fn names(values: &Map<String, Value>, key: &str) -> Vec<String> {
    text(values, key)
        .unwrap_or_default()
        .split([',', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn schema() -> Value {
    json!({
        "blueprint_id": {"type": "blueprint_id", "display_label": "Blueprint", "required": true,
                         "description": "Its deployments move to the new plugin versions."},
        "all_to_latest": {"type": "boolean", "display_label": "Every plugin to its latest version", "default": true},
        "all_to_minor": {"type": "boolean", "display_label": "Every plugin to its latest minor version only", "default": false},
        "plugin_names": {"type": "string", "display_label": "Only these plugins (optional)", "required": false,
                         "description": "Package names, comma-separated; empty for all."},
        "force": {"type": "boolean", "display_label": "Force (also when the blueprint is used as a component)", "default": false},
        "auto_correct_types": {"type": "boolean", "display_label": "Correct input types to the new plugins", "default": false},
        "reevaluate_active_statuses": {"type": "boolean", "display_label": "Re-evaluate active statuses", "default": false},
    })
}

fn initiate(values: &Map<String, Value>) -> InitiatePluginsUpdate {
    InitiatePluginsUpdate {
        blueprint_id: text(values, "blueprint_id").unwrap_or_default(),
        plugin_names: names(values, "plugin_names"),
        all_to_latest: flag(values, "all_to_latest"),
        all_to_minor: flag(values, "all_to_minor"),
        force: flag(values, "force"),
        auto_correct_types: flag(values, "auto_correct_types"),
        reevaluate_active_statuses: flag(values, "reevaluate_active_statuses"),
        ..InitiatePluginsUpdate::default()
    }
}

fn columns() -> Vec<Column<PluginsUpdate>> {
    vec![
        Column {
            label: "Update",
            sort: Some("id"),
            fields: &["id"],
            cell: |u| {
                let copy = copy_id(u.id.clone());
                view! { <span class="mono">{u.id.clone()}</span>{copy} }.into_any()
            },
        },
        Column {
            label: "Blueprint",
            sort: Some("blueprint_id"),
            fields: &["blueprint_id"],
            cell: |u| match u.blueprint_id.clone() {
                Some(b) => {
                    let link = format!("/blueprints/{}", segment(&b));
                    view! { <A href=link><Name text=b/></A> }.into_any()
                }
                None => view! { <span class="muted">"—"</span> }.into_any(),
            },
        },
        Column {
            label: "State",
            sort: Some("state"),
            fields: &["state"],
            cell: |u| status_badge(u.state.clone()),
        },
        Column {
            label: "Deployments it moves",
            sort: None,
            fields: &["deployments_to_update"],
            cell: |u| {
                let deps = u.deployments_to_update.clone().unwrap_or_default();
                let shown = deps.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
                let more = deps.len().saturating_sub(5);
                view! {
                    <span>{deps.len()}</span>
                    <div class="sub">{shown}{(more > 0).then(|| format!(" and {more} more"))}</div>
                }
                .into_any()
            },
        },
        Column {
            label: "Execution",
            sort: None,
            fields: &["execution_id"],
            cell: |u| match u.execution_id.clone() {
                Some(x) => {
                    let link = exec_href(&x);
                    view! { <A href=link attr:class="mono">"execution"</A> }.into_any()
                }
                None => view! { <span class="muted">"—"</span> }.into_any(),
            },
        },
        Column {
            label: "Started",
            sort: Some("created_at"),
            fields: &["created_at", "created_by"],
            cell: |u| {
                view! { <When t=u.created_at/><div class="sub">{u.created_by.clone().unwrap_or_default()}</div> }.into_any()
            },
        },
    ]
}

#[component]
pub fn PluginUpdatesPage() -> impl IntoView {
    let refresh = Trigger::new();
    let starting = RwSignal::new(false);
    // An update changes state on its own: the list follows it.
    let live = live::register(5_000, move || async move {
        refresh.notify();
        Ok::<(), ApiError>(())
    });
    let spec = ListSpec {
        noun: "plugin updates",
        path: "/plugins/updates",
        default_sort: || SortKey::desc("created_at"),
        columns: columns(),
        filters: &["state", "blueprint_id"],
        search_names: false,
        endpoint: |query| ListPluginsUpdates { query },
        placeholder: "Search updates",
    };
    let closed = Callback::new(move |_| {
        starting.set(false);
        refresh.notify();
    });
    view! {
        <div class="page-head">
            <h1>"Plugin updates"</h1>
            <button class="button accent" disabled=move || starting.get() use:guard="plugins_update_create" on:click=move |_| starting.set(true)>"Update a blueprint's plugins"</button>
            <span class="spacer"></span>
            <LiveToggle live label="States refresh every 5 s"/>
            <A href="/plugins">"Plugins"</A>
        </div>
        <Show when=move || starting.get()>
            <CreateForm title="Update a blueprint's plugins" schema=schema() submit_label="Start the update"
                send=|api, values| Box::pin(async move {
                    let u = api.call(&initiate(&values)).await?;
                    let n = u.deployments_to_update.as_ref().map_or(0, Vec::len);
                    Ok(format!("Plugins update {} started: {n} deployments to move.", u.id))
                })
                place=|e, form| e.code == "not_found_error" && form.set_field_error("blueprint_id", &format!("{} ({})", e.message, e.code))
                done=closed/>
        </Show>
        <ResourceList spec reload=refresh/>
    }
    .into_any()
}
