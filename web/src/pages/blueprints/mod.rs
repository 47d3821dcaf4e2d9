//! Blueprints: the list (with the upload panel) and one blueprint's page (actions, plan,
//! topology).

mod actions;
mod plan;
mod upload;

use baton_core::conductor::blueprints::{Blueprint, GetBlueprint, ListBlueprints};
use baton_core::conductor::searches::{ListOrSearch, Search};
use baton_core::filters::Resource;
use baton_core::session::segment;
use baton_core::SortKey;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::clock::When;
use crate::components::detail::{fact, text, DetailSpec, ResourceDetail};
use crate::components::filter_builder::FilterBar;
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
                let copy = crate::components::copy_id(id.clone());
                view! { <A href=link attr:class="name mono"><Name text=id/></A>{copy} }.into_any()
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
                    <crate::components::clock::When t=b.created_at/>
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
        filters: &[
            "state",
            "visibility",
            "label_rule",
            "attribute_rule",
            "rule",
            "filter_id",
        ],
        search_names: false,
        endpoint: |query| {
            ListOrSearch::from_query(query, |query| ListBlueprints { query }, Search::blueprints)
        },
        placeholder: "Search by id",
    };
    // The upload panel is open while the URL says `?upload`, so it survives a reload.
    let query = leptos_router::hooks::use_query_map();
    let navigate = leptos_router::hooks::use_navigate();
    let open = move || query.with(|q| q.get("upload").is_some());
    let set_open = move |on: bool| {
        let url = if on {
            "/blueprints?upload=1"
        } else {
            "/blueprints"
        };
        navigate(url, Default::default());
    };
    let set_open2 = set_open.clone();
    let may_upload = crate::permissions::may("blueprint_upload");
    view! {
        <div class="page-head">
            <h1>"Blueprints"</h1>
            <span class="spacer"></span>
            <button class="button accent" on:click=move |_| set_open(true)
                disabled=move || open() || !may_upload.get()
                title=move || (!may_upload.get()).then(|| crate::permissions::needs("blueprint_upload"))>"Upload blueprint…"</button>
        </div>
        <FilterBar resource=Resource::Blueprints path="/blueprints"/>
        <Show when=open>
            <upload::UploadBlueprintPanel on_close={
                let set_open = set_open2.clone();
                move |_| set_open(false)
            }/>
        </Show>
        <ResourceList spec=spec/>
    }
}

#[component]
pub fn BlueprintPage() -> impl IntoView {
    let spec = DetailSpec {
        list_path: "/blueprints",
        list_title: "Blueprints",
        noun: "blueprint",
        // The plan is asked for on its own (it can be megabytes), below the header.
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
    let id = b.id.clone();
    // Actions answer with the blueprint as it now is.
    let bp = RwSignal::new(b);
    let deployments_link = format!(
        "/deployments?{}",
        baton_core::Query::new()
            .with("blueprint_id", id.clone())
            .encode()
    );
    let facts = move || {
        let b = bp.get();
        view! {
                {fact("Main file", text(&b.main_file_name))}
                {fact("Tenant", text(&b.tenant_name))}
                {fact("Visibility", b.visibility.as_ref().map(|v| v.to_string()).unwrap_or_else(|| "—".into()))}
                <dt>"Created"</dt><dd><When t=b.created_at/>" by "{text(&b.created_by)}</dd>
                <dt>"Updated"</dt><dd><When t=b.updated_at/></dd>
        }
    };
    view! {
        <h1 class="title"><Name text=id.clone()/></h1>
        <div class="status-row">{move || status_badge(bp.with(|b| b.state.as_ref().map(|s| s.to_string())))}</div>
        {move || bp.with(|b| b.error.clone()).filter(|e| !e.is_empty()).map(|e| view! { <pre class="error-message">{e}</pre> })}
        <actions::BlueprintActions bp=bp/>
        <section>
            <h2>"Details"</h2>
            // The description's editor stays outside what re-renders when the blueprint changes.
            <dl class="facts"><actions::DescriptionFact bp=bp/>{facts}</dl>
            <p><A href=deployments_link>"Deployments of this blueprint →"</A></p>
        </section>
        <actions::LabelsSection bp=bp/>
        <plan::BlueprintPlan id=id/>
        <details class="raw">
            <summary>"Raw JSON"</summary>
            {move || view! { <JsonView value=serde_json::to_value(bp.get()).unwrap_or_default() open_depth=1/> }}
        </details>
    }
}
