//! Blueprints: the list and one blueprint's page.

use baton_core::conductor::blueprints::{Blueprint, GetBlueprint, ListBlueprints};
use baton_core::session::segment;
use baton_core::SortKey;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::detail::{fact, text, DetailSpec, ResourceDetail};
use crate::components::json_view::JsonView;
use crate::components::table::{Column, ListSpec, ResourceList};
use crate::components::{status_badge, LabelChips, Name};

fn columns() -> Vec<Column<Blueprint>> {
    vec![
        Column {
            label: "Blueprint",
            sort: Some("id"),
            fields: &["id"],
            cell: |b| {
                let (link, id) = (format!("/blueprints/{}", segment(&b.id)), b.id.clone());
                view! { <A href=link attr:class="name mono"><Name text=id/></A> }.into_any()
            },
        },
        Column {
            label: "Description",
            sort: None,
            fields: &["description"],
            cell: |b| {
                view! { <span class="desc">{b.description.clone().unwrap_or_default()}</span> }
                    .into_any()
            },
        },
        Column {
            label: "State",
            sort: Some("state"),
            fields: &["state"],
            cell: |b| status_badge(b.state.as_ref().map(|s| s.to_string())),
        },
        Column {
            label: "Visibility",
            sort: Some("visibility"),
            fields: &["visibility"],
            cell: |b| {
                view! { <span>{b.visibility.as_ref().map(|v| v.to_string()).unwrap_or_default()}</span> }.into_any()
            },
        },
        Column {
            label: "Labels",
            sort: None,
            fields: &["labels"],
            cell: |b| {
                view! { <LabelChips labels=b.labels.clone().unwrap_or_default() limit=3/> }
                    .into_any()
            },
        },
        Column {
            label: "Created",
            sort: Some("created_at"),
            fields: &["created_at", "created_by"],
            cell: |b| {
                view! {
                    <span class="nowrap">{b.created_at.map(|t| t.short()).unwrap_or_default()}</span>
                    <div class="sub">{b.created_by.clone().unwrap_or_default()}</div>
                }
                .into_any()
            },
        },
    ]
}

#[component]
pub fn BlueprintsPage() -> impl IntoView {
    let spec = ListSpec {
        noun: "blueprints",
        path: "/blueprints",
        default_sort: || SortKey::desc("created_at"),
        columns: columns(),
        filters: &["state", "visibility"],
        search_names: false,
        endpoint: |query| ListBlueprints { query },
        placeholder: "Search by id",
    };
    view! {
        <h1>"Blueprints"</h1>
        <ResourceList spec=spec/>
    }
}

#[component]
pub fn BlueprintPage() -> impl IntoView {
    let spec = DetailSpec {
        list_path: "/blueprints",
        list_title: "Blueprints",
        noun: "blueprint",
        // The parsed plan can be megabytes; this page does not show it.
        endpoint: |id| GetBlueprint {
            id,
            include: <Blueprint as baton_core::conductor::Projectable>::field_names()
                .iter()
                .chain(["requirements", "is_hidden", "error_traceback"].iter())
                .map(|s| s.to_string())
                .collect(),
        },
        render: |b| blueprint_view(b).into_any(),
    };
    view! { <ResourceDetail spec=spec/> }
}

fn blueprint_view(b: Blueprint) -> impl IntoView {
    let deployments_link = format!(
        "/deployments?{}",
        baton_core::Query::new()
            .with("blueprint_id", b.id.clone())
            .encode()
    );
    view! {
        <h1 class="title mono"><Name text=b.id.clone()/></h1>
        <div class="status-row">{status_badge(b.state.as_ref().map(|s| s.to_string()))}</div>
        {b.error.clone().filter(|e| !e.is_empty()).map(|e| view! { <pre class="error-message">{e}</pre> })}
        <section>
            <h2>"Details"</h2>
            <dl class="facts">
                {fact("Description", text(&b.description))}
                {fact("Main file", text(&b.main_file_name))}
                {fact("Tenant", text(&b.tenant_name))}
                {fact("Visibility", b.visibility.as_ref().map(|v| v.to_string()).unwrap_or_else(|| "—".into()))}
                {fact("Created", format!("{} by {}", b.created_at.map(|t| t.short()).unwrap_or_default(), text(&b.created_by)))}
                {fact("Updated", b.updated_at.map(|t| t.short()).unwrap_or_else(|| "—".into()))}
            </dl>
            <p><A href=deployments_link>"Deployments of this blueprint →"</A></p>
        </section>
        <section>
            <h2>"Labels"</h2>
            {match b.labels.clone().filter(|l| !l.is_empty()) {
                Some(labels) => view! { <LabelChips labels=labels/> }.into_any(),
                None => view! { <p class="empty">"No labels."</p> }.into_any(),
            }}
        </section>
        <details class="raw">
            <summary>"Raw JSON"</summary>
            <JsonView value=serde_json::to_value(&b).unwrap_or_default() open_depth=1/>
        </details>
    }
}
