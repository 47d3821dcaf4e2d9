//! Deployments: the list and one deployment's page.

use baton_core::conductor::deployments::{Deployment, GetDeployment, ListDeployments};
use baton_core::SortKey;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::bulk::bulk_delete_deployments;
use crate::components::detail::{fact, text, DetailSpec, ResourceDetail};
use crate::components::json_view::JsonView;
use crate::components::table::Selection;
use crate::components::table::{Column, ListSpec, ResourceList};
use crate::components::{status_badge, KeyValueTable, LabelChips, Name};

fn href(id: &str) -> String {
    format!("/deployments/{}", baton_core::session::segment(id))
}

fn columns() -> Vec<Column<Deployment>> {
    vec![
        Column {
            label: "Name",
            sort: Some("display_name"),
            fields: &["id", "display_name"],
            cell: |d| {
                let (link, name, id) = (href(&d.id), d.name().to_string(), d.id.clone());
                view! {
                    <A href=link attr:class="name"><Name text=name/></A>
                    <div class="sub mono"><Name text=id/></div>
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
            cell: |d| {
                view! { <span class="nowrap">{d.created_at.map(|t| t.short()).unwrap_or_default()}</span> }.into_any()
            },
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
        filters: &["blueprint_id", "site_name"],
        search_names: true,
        endpoint: |query| ListDeployments { query },
        placeholder: "Search by id or name",
    };
    let selection = Selection::new();
    view! {
        <h1>"Deployments"</h1>
        <ResourceList spec=spec selection row_id=|d: &Deployment| d.id.clone()
            actions=move || bulk_delete_deployments(selection)/>
    }
}

#[component]
pub fn DeploymentPage() -> impl IntoView {
    let spec = DetailSpec {
        list_path: "/deployments",
        list_title: "Deployments",
        noun: "deployment",
        endpoint: |id| GetDeployment {
            id,
            ..Default::default()
        },
        render: |d| deployment_view(d).into_any(),
    };
    view! { <ResourceDetail spec=spec/> }
}

fn deployment_view(d: Deployment) -> impl IntoView {
    let bp = d.blueprint_id.clone().unwrap_or_default();
    let bp_link = format!("/blueprints/{}", baton_core::session::segment(&bp));
    let workflows = d.workflows.clone().unwrap_or_default();
    view! {
        <h1 class="title"><Name text=d.name().to_string()/></h1>
        <p class="sub mono"><Name text=d.id.clone()/></p>
        <div class="status-row">
            {status_badge(d.deployment_status.as_ref().map(|s| s.to_string()))}
            {status_badge(d.installation_status.as_ref().map(|s| s.to_string()))}
            <span class="muted">"Last execution: "</span>
            {status_badge(d.latest_execution_status.as_ref().map(|s| s.to_string()))}
        </div>
        <section>
            <h2>"Details"</h2>
            <dl class="facts">
                <dt>"Blueprint"</dt>
                <dd><A href=bp_link attr:class="mono">{bp}</A></dd>
                {fact("Site", text(&d.site_name))}
                {fact("Description", text(&d.description))}
                {fact("Tenant", text(&d.tenant_name))}
                {fact("Visibility", d.visibility.as_ref().map(|v| v.to_string()).unwrap_or_else(|| "—".into()))}
                {fact("Created", format!("{} by {}", d.created_at.map(|t| t.short()).unwrap_or_default(), text(&d.created_by)))}
                {fact("Updated", d.updated_at.map(|t| t.short()).unwrap_or_else(|| "—".into()))}
                {fact("Sub-services", d.sub_services_count.map(|c| c.to_string()).unwrap_or_else(|| "—".into()))}
                {fact("Sub-environments", d.sub_environments_count.map(|c| c.to_string()).unwrap_or_else(|| "—".into()))}
            </dl>
        </section>
        <section>
            <h2>"Labels"</h2>
            {match d.labels.clone().filter(|l| !l.is_empty()) {
                Some(labels) => view! { <LabelChips labels=labels/> }.into_any(),
                None => view! { <p class="empty">"No labels."</p> }.into_any(),
            }}
        </section>
        <section>
            <h2>"Inputs"</h2>
            <KeyValueTable entries=d.inputs.clone() empty="No inputs."/>
        </section>
        <section>
            <h2>"Outputs"</h2>
            <KeyValueTable entries=d.outputs.clone() empty="No outputs."/>
        </section>
        <section>
            <h2>"Capabilities"</h2>
            <KeyValueTable entries=d.capabilities.clone() empty="No capabilities."/>
        </section>
        <section>
            <h2>"Workflows"</h2>
            {if workflows.is_empty() {
                view! { <p class="empty">"No workflows."</p> }.into_any()
            } else {
                view! {
                    <table class="list compact">
                        <thead><tr><th>"Workflow"</th><th>"Parameters"</th></tr></thead>
                        <tbody>
                            {workflows.into_iter().map(|w| {
                                let params = w.parameters.map(|p| p.keys().cloned().collect::<Vec<_>>().join(", ")).unwrap_or_default();
                                view! { <tr><td class="mono">{w.name}</td><td>{params}</td></tr> }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
        <details class="raw">
            <summary>"Raw JSON"</summary>
            <JsonView value=serde_json::to_value(&d).unwrap_or_default() open_depth=1/>
        </details>
    }
}
