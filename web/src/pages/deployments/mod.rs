//! Deployments: the list (here), one deployment's page (`detail`) and what an operator does
//! to deployments: create, run a workflow, update with preview, delete, labels, nodes.

mod create;
mod delete;
mod detail;
mod labels;
mod nodes;
mod related;
mod run;
mod update;

pub use create::CreateDeploymentPage;
pub use detail::DeploymentPage;

use baton_core::conductor::deployments::{Deployment, ListDeployments};
use baton_core::conductor::searches::{ListOrSearch, Search};
use baton_core::filters::Resource;
use baton_core::SortKey;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::bulk::bulk_delete_deployments;
use crate::components::filter_builder::FilterBar;
use crate::components::table::{Column, ListSpec, ResourceList, Selection};
use crate::components::{status_badge, LabelChips, Name};

/// The label that makes a deployment a child (environment or service) of another.
pub const PARENT_LABEL: &str = "csys-obj-parent";

/// A deployment's page.
pub fn href(id: &str) -> String {
    format!("/deployments/{}", baton_core::session::segment(id))
}

/// A deployment's page with an action panel open (`run`, `update`, `delete`).
pub fn action_href(id: &str, action: &str) -> String {
    format!("{}?do={action}", href(id))
}

/// A deployment's page with no panel open.
pub fn close_href(id: &str) -> String {
    href(id)
}

/// A value as the CLI takes it after `-i name=` / `-p name=`: strings bare, the rest as JSON,
/// quoted for a POSIX shell when needed.
pub fn shell_value(v: &serde_json::Value) -> String {
    let text = match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.:/,".contains(c))
    {
        text
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// An execution's page.
pub fn exec_href(id: &str) -> String {
    format!("/executions/{}", baton_core::session::segment(id))
}

fn columns() -> Vec<Column<Deployment>> {
    vec![
        Column {
            label: "Name",
            sort: Some("display_name"),
            fields: &["id", "display_name"],
            cell: |d| {
                let (link, name, id) = (href(&d.id), d.name().to_string(), d.id.clone());
                let copy = crate::components::copy_id(id.clone());
                view! {
                    <A href=link attr:class="name"><Name text=name/></A>
                    <div class="sub mono"><Name text=id/>{copy}</div>
                }
                .into_any()
            },
        },
        Column {
            label: "Blueprint",
            sort: Some("blueprint_id"),
            fields: &["blueprint_id"],
            cell: |d| {
                let bp = d.blueprint_id.clone().unwrap_or_default();
                let link = format!("/blueprints/{}", baton_core::session::segment(&bp));
                let title = bp.clone();
                view! { <A href=link attr:class="mono id" attr:title=title><Name text=bp/></A> }
                    .into_any()
            },
        },
        Column {
            label: "Site",
            sort: Some("site_name"),
            fields: &["site_name"],
            cell: |d| {
                view! { <span class="nowrap">{d.site_name.clone().unwrap_or_else(|| "—".into())}</span> }
                    .into_any()
            },
        },
        Column {
            label: "Status",
            sort: Some("deployment_status"),
            fields: &["deployment_status"],
            cell: |d| status_badge(d.deployment_status.as_ref().map(|s| s.to_string())),
        },
        Column {
            label: "Last execution",
            sort: Some("latest_execution_status"),
            fields: &["latest_execution_status"],
            cell: |d| status_badge(d.latest_execution_status.as_ref().map(|s| s.to_string())),
        },
        Column {
            label: "Labels",
            sort: None,
            fields: &["labels"],
            cell: |d| {
                view! { <LabelChips labels=d.labels.clone().unwrap_or_default() limit=3/> }
                    .into_any()
            },
        },
        Column {
            label: "Created",
            sort: Some("created_at"),
            fields: &["created_at"],
            cell: |d| view! { <crate::components::clock::When t=d.created_at/> }.into_any(),
        },
    ]
}

#[component]
pub fn DeploymentsPage() -> impl IntoView {
    let spec = ListSpec {
        noun: "deployments",
        path: "/deployments",
        default_sort: || SortKey::desc("created_at"),
        columns: columns(),
        filters: &[
            "blueprint_id",
            "site_name",
            "latest_execution_status",
            "deployment_status",
            "label_rule",
            "attribute_rule",
            "rule",
            "filter_id",
        ],
        search_names: true,
        endpoint: |query| {
            ListOrSearch::from_query(
                query,
                |query| ListDeployments { query },
                Search::deployments,
            )
        },
        placeholder: "Search by id or name",
    };
    let selection = Selection::new();
    view! {
        <div class="page-head">
            <h1>"Deployments"</h1>
            <crate::permissions::ActionLink href="/deployments/new" class="button primary" permission="deployment_create" label="Create deployment"/>
        </div>
        <FilterBar resource=Resource::Deployments path="/deployments"/>
        <ResourceList spec=spec selection row_id=|d: &Deployment| d.id.clone()
            actions=move || view! { {crate::pages::groups::run::bulk_run(selection)}{crate::pages::groups::run::bulk_group(selection)}{bulk_delete_deployments(selection)} }/>
    }
}
