//! Saved filters of deployments and blueprints: their rules in CLI form, who sees them, and
//! what to do with each: apply it to its list (`_filter_id`), edit its rules in the list's
//! builder, change its visibility, delete it. System filters are shown read-only.

use baton_core::conductor::resources::SavedFilter;
use baton_core::conductor::saved_filters::{
    DeleteFilter, FilterResource, ListFilters, UpdateFilter,
};
use baton_core::conductor::Visibility;
use baton_core::filters::params;
use baton_core::SortKey;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::use_api;
use crate::components::table::{Column, ListSpec, ResourceList};
use crate::components::toast::use_toasts;
use crate::permissions::guard;

fn columns(resource: FilterResource) -> Vec<Column<SavedFilter>> {
    let apply: fn(&SavedFilter) -> AnyView = match resource {
        FilterResource::Blueprints => |f| filter_cell(f, FilterResource::Blueprints),
        FilterResource::Deployments => |f| filter_cell(f, FilterResource::Deployments),
    };
    let actions: fn(&SavedFilter) -> AnyView = match resource {
        FilterResource::Blueprints => |f| {
            view! { <FilterActions filter=f.clone() resource=FilterResource::Blueprints/> }
                .into_any()
        },
        FilterResource::Deployments => |f| {
            view! { <FilterActions filter=f.clone() resource=FilterResource::Deployments/> }
                .into_any()
        },
    };
    vec![
        Column {
            label: "Filter",
            sort: Some("id"),
            fields: &["id", "is_system_filter"],
            cell: apply,
        },
        Column {
            label: "Rules",
            sort: None,
            fields: &["value"],
            cell: |f| {
                let text = params::to_text(&f.value, baton_core::filters::Resource::Deployments);
                view! { <pre class="filters-rules-text mono">{text}</pre> }.into_any()
            },
        },
        Column {
            label: "Actions",
            sort: None,
            fields: &["visibility", "created_by"],
            cell: actions,
        },
    ]
}

fn filter_cell(f: &SavedFilter, resource: FilterResource) -> AnyView {
    let list = resource.as_str();
    let href = format!("/{list}?filter_id={}", baton_core::session::segment(&f.id));
    let id = f.id.clone();
    let system = f.is_system();
    view! {
        <A href=href attr:class="name mono">{id}</A>
        {system.then(|| view! { <div class="sub">"system filter (read-only)"</div> })}
    }
    .into_any()
}

/// Edit (the rules open in the list's builder), visibility and delete of one saved filter.
#[component]
fn FilterActions(filter: SavedFilter, resource: FilterResource) -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let gone = RwSignal::new(false);
    let id = filter.id.clone();
    let system = filter.is_system();
    let list = resource.as_str();
    let mut q = baton_core::Query::new();
    for (k, v) in params::to_params(&filter.value) {
        q.push(k, v);
    }
    q.push("editing", id.clone());
    let edit_href = format!("/{list}?{}", q.encode());
    let visibility = filter
        .owner
        .visibility
        .as_ref()
        .map(|v| v.as_str().to_string())
        .unwrap_or_else(|| "tenant".into());
    let set_visibility = {
        let id = id.clone();
        move |ev| {
            let v = match event_target_value(&ev).as_str() {
                "private" => Visibility::Private,
                "global" => Visibility::Global,
                _ => Visibility::Tenant,
            };
            let call = UpdateFilter {
                resource,
                id: id.clone(),
                filter_rules: None,
                visibility: Some(v),
            };
            leptos::task::spawn_local(async move {
                match api.call(&call).await {
                    Ok(_) => toasts.success(format!(
                        "“{}” is now {}.",
                        call.id,
                        call.visibility
                            .as_ref()
                            .map(|v| v.as_str())
                            .unwrap_or_default()
                    )),
                    Err(e) => toasts.error(&e),
                }
            });
        }
    };
    let delete = {
        let id = id.clone();
        move |_| {
            let confirmed = web_sys::window()
                .and_then(|w| {
                    w.confirm_with_message(&format!("Delete the saved filter “{id}”?"))
                        .ok()
                })
                .unwrap_or(false);
            if !confirmed {
                return;
            }
            let call = DeleteFilter {
                resource,
                id: id.clone(),
            };
            leptos::task::spawn_local(async move {
                match api.call(&call).await {
                    Ok(()) => {
                        gone.set(true);
                        toasts.success(format!("Deleted the filter “{}”.", call.id));
                    }
                    Err(e) => toasts.error(&e),
                }
            });
        }
    };
    let options = ["private", "tenant", "global"]
        .into_iter()
        .map(|v| view! { <option value=v selected={v == visibility}>{v}</option> })
        .collect_view();
    view! {
        <span class="filters-row-actions" hidden=move || gone.get()>
            <crate::permissions::ActionLink href=edit_href class="button" permission="filter_update" label="Edit rules"/>
            <select name="visibility" aria-label="Visibility" disabled=system use:guard="resource_set_visibility" on:change=set_visibility>{options}</select>
            <button class="button danger" disabled=system use:guard="filter_delete" on:click=delete>"Delete"</button>
        </span>
        {move || gone.get().then_some(view! { <span class="muted">"deleted"</span> })}
    }
    .into_any()
}

#[component]
pub fn SavedFiltersPage() -> impl IntoView {
    let params = use_params_map();
    let resource = move || {
        params
            .with(|p| {
                p.get("resource")
                    .and_then(|r| FilterResource::from_segment(&r))
            })
            .unwrap_or_default()
    };
    let list = move || match resource() {
        FilterResource::Blueprints => {
            let spec = ListSpec {
                noun: "saved blueprint filters",
                path: "/filters/blueprints",
                default_sort: || SortKey::asc("id"),
                columns: columns(FilterResource::Blueprints),
                filters: &[],
                search_names: false,
                endpoint: |query| ListFilters {
                    resource: FilterResource::Blueprints,
                    query,
                },
                placeholder: "Search by id",
            };
            view! { <ResourceList spec/> }.into_any()
        }
        FilterResource::Deployments => {
            let spec = ListSpec {
                noun: "saved deployment filters",
                path: "/filters/deployments",
                default_sort: || SortKey::asc("id"),
                columns: columns(FilterResource::Deployments),
                filters: &[],
                search_names: false,
                endpoint: |query| ListFilters {
                    resource: FilterResource::Deployments,
                    query,
                },
                placeholder: "Search by id",
            };
            view! { <ResourceList spec/> }.into_any()
        }
    };
    view! {
        <div class="page-head">
            <h1>"Saved filters"</h1>
            <span class="spacer"></span>
            <A href="/filters/deployments" attr:class="button">"Deployments"</A>
            <A href="/filters/blueprints" attr:class="button">"Blueprints"</A>
        </div>
        <p class="muted">"Create a filter from the Filter panel of the deployments or blueprints list (“Save filter”)."</p>
        {list}
    }
    .into_any()
}
