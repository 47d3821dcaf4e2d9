//! Groups: the execution groups list and one group's progress board (`board`), the
//! deployment groups list, and the deployments list's bulk "Run workflow…" (`run`).

mod board;
mod detail;
pub mod run;

pub use board::ExecutionGroupPage;
pub use detail::DeploymentGroupPage;

use baton_core::conductor::executions::{ExecutionGroup, ListExecutionGroups};
use baton_core::conductor::groups::ListDeploymentGroups;
use baton_core::conductor::resources::DeploymentGroup;
use baton_core::SortKey;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::status_badge;
use crate::components::table::{Column, ListSpec, ResourceList};

/// A deployment group's page.
pub fn group_href(id: &str) -> String {
    format!("/deployment-groups/{}", baton_core::session::segment(id))
}

/// An execution group's board.
pub fn board_href(id: &str) -> String {
    format!("/execution-groups/{}", baton_core::session::segment(id))
}

fn when(t: Option<baton_core::time::Timestamp>) -> AnyView {
    view! { <crate::components::clock::When t/> }.into_any()
}

#[component]
pub fn ExecutionGroupsPage() -> impl IntoView {
    let columns: Vec<Column<ExecutionGroup>> = vec![
        Column {
            label: "Group",
            sort: Some("id"),
            fields: &["id"],
            cell: |g| {
                let (href, id) = (board_href(&g.id), g.id.clone());
                let copy = crate::components::copy_id(id.clone());
                view! { <A href=href attr:class="name mono">{id}</A>{copy} }.into_any()
            },
        },
        Column {
            label: "Workflow",
            sort: Some("workflow_id"),
            fields: &["workflow_id"],
            cell: |g| {
                view! { <span class="mono">{g.workflow_id.clone().unwrap_or_default()}</span> }
                    .into_any()
            },
        },
        Column {
            label: "Deployment group",
            sort: Some("deployment_group_id"),
            fields: &["deployment_group_id"],
            cell: |g| {
                view! { <span class="mono">{g.deployment_group_id.clone().unwrap_or_default()}</span> }.into_any()
            },
        },
        Column {
            label: "Status",
            sort: None,
            fields: &["status"],
            cell: |g| status_badge(g.status.as_ref().map(|s| s.to_string())),
        },
        Column {
            label: "Concurrency",
            sort: Some("concurrency"),
            fields: &["concurrency"],
            cell: |g| {
                view! { <span>{g.concurrency.map(|c| c.to_string()).unwrap_or_default()}</span> }
                    .into_any()
            },
        },
        Column {
            label: "Created",
            sort: Some("created_at"),
            fields: &["created_at"],
            cell: |g| when(g.created_at),
        },
    ];
    let spec = ListSpec {
        noun: "execution groups",
        path: "/execution-groups",
        default_sort: || SortKey::desc("created_at"),
        columns,
        filters: &["workflow_id", "deployment_group_id"],
        search_names: false,
        endpoint: |query| ListExecutionGroups {
            query,
            deployment_group_id: None,
        },
        placeholder: "Search by id",
    };
    view! {
        <div class="page-head">
            <h1>"Execution groups"</h1>
            <span class="spacer"></span>
            <A href="/deployment-groups" attr:class="button">"Deployment groups"</A>
        </div>
        <ResourceList spec/>
    }
    .into_any()
}

#[component]
pub fn DeploymentGroupsPage() -> impl IntoView {
    let columns: Vec<Column<DeploymentGroup>> = vec![
        Column {
            label: "Group",
            sort: Some("id"),
            fields: &["id", "description"],
            cell: |g| {
                let runs = format!(
                    "/execution-groups?deployment_group_id={}",
                    baton_core::session::segment(&g.id)
                );
                let (id, description) = (g.id.clone(), g.description.clone().unwrap_or_default());
                view! {
                    <A href=runs attr:class="name mono">{id}</A>
                    <div class="sub">{description}</div>
                }
                .into_any()
            },
        },
        Column {
            label: "Members",
            sort: None,
            fields: &["deployment_ids"],
            cell: |g| view! { <span>{g.deployment_ids.len()}</span> }.into_any(),
        },
        Column {
            label: "Default blueprint",
            sort: Some("default_blueprint_id"),
            fields: &["default_blueprint_id"],
            cell: |g| {
                view! { <span class="mono">{g.default_blueprint_id.clone().unwrap_or_default()}</span> }.into_any()
            },
        },
        Column {
            label: "Created",
            sort: Some("created_at"),
            fields: &["created_at"],
            cell: |g| when(g.owner.created_at),
        },
    ];
    let spec = ListSpec {
        noun: "deployment groups",
        path: "/deployment-groups",
        default_sort: || SortKey::desc("created_at"),
        columns,
        filters: &[],
        search_names: false,
        endpoint: |query| ListDeploymentGroups { query },
        placeholder: "Search by id",
    };
    view! {
        <div class="page-head">
            <h1>"Deployment groups"</h1>
            <span class="spacer"></span>
            <A href="/execution-groups" attr:class="button">"Execution groups"</A>
        </div>
        <ResourceList spec/>
    }
    .into_any()
}
