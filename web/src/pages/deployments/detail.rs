//! One deployment's page: status and the latest execution's progress, the actions (run,
//! update, delete as panels named in the URL's `do`), details with site and visibility,
//! labels, inputs, outputs, workflows, nodes, children, dependencies and past updates.

use baton_core::conductor::deployments::{
    Deployment, GetDeployment, SetDeploymentSite, SetDeploymentVisibility, UpdateDeploymentLabels,
};
use baton_core::conductor::sites::ListSites;
use baton_core::conductor::Visibility;
use baton_core::{ApiError, ListQuery};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::delete::DeletePanel;
use super::labels::ordered;
use super::nodes::NodesSection;
use super::related::{Children, Dependencies, Evaluated, PastUpdates};
use super::run::RunPanel;
use super::update::UpdatePanel;
use super::{action_href, exec_href, href, PARENT_LABEL};
use crate::api::use_api;
use crate::components::clock::When;
use crate::components::detail::{fact, text, DetailSpec, ResourceDetail};
use crate::components::json_view::JsonView;
use crate::components::labels_editor::LabelsEditor;
use crate::components::progress::ProgressBar;
use crate::components::toast::use_toasts;
use crate::components::{status_badge, ErrorView, KeyValueTable, Name};
use crate::permissions::{guard, ActionLink};

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

/// The latest execution: workflow, status and finished/total operations; refreshed while it
/// runs, without touching the rest of the page.
#[component]
fn LatestExecution(deployment: Deployment) -> impl IntoView {
    let api = use_api();
    let id = deployment.id.clone();
    let current = RwSignal::new(deployment);
    let running = move || {
        current.with(|d| {
            d.latest_execution_status
                .as_ref()
                .is_some_and(|s| !s.is_final())
        })
    };
    // Through the live scheduler (budget, pause while hidden, backoff), and only while the
    // execution runs.
    let live = crate::live::register(2_000, move || {
        let call = GetDeployment {
            id: id.clone(),
            include: [
                "id",
                "latest_execution",
                "latest_execution_status",
                "latest_execution_workflow_id",
                "latest_execution_total_operations",
                "latest_execution_finished_operations",
            ]
            .map(String::from)
            .to_vec(),
            ..Default::default()
        };
        async move {
            let d = api.call(&call).await?;
            current.try_set(d);
            Ok(())
        }
    });
    Effect::new(move |_| live.set_done(!running()));
    move || {
        current.with(|d| {
            let status = status_badge(d.latest_execution_status.as_ref().map(|s| s.to_string()));
            let Some(x) = d.latest_execution.clone() else {
                return status;
            };
            let total = d.latest_execution_total_operations.unwrap_or(0);
            let done = d
                .latest_execution_finished_operations
                .unwrap_or(0)
                .min(total);
            let workflow = d
                .latest_execution_workflow_id
                .clone()
                .unwrap_or_else(|| "execution".into());
            view! {
                <span class="latest-execution">
                    <A href=exec_href(&x) attr:class="mono">{workflow}</A>" "
                    {status}
                    {(total > 0).then(|| view! {
                        <ProgressBar value=Some(done as f64) max=total as f64 label="Operations finished"
                            text=format!("{done}/{total} operations")/>
                    })}
                </span>
            }
            .into_any()
        })
    }
}

fn deployment_view(d: Deployment) -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let query = use_query_map();
    let id = d.id.clone();
    let bp = d.blueprint_id.clone().unwrap_or_default();
    let bp_link = format!("/blueprints/{}", baton_core::session::segment(&bp));
    let parents: Vec<String> = d
        .labels
        .iter()
        .flatten()
        .filter(|l| l.key == PARENT_LABEL)
        .map(|l| l.value.clone())
        .collect();
    let children = d.sub_services_count.unwrap_or(0) + d.sub_environments_count.unwrap_or(0);
    let labels = RwSignal::new(ordered(d.labels.as_deref().unwrap_or_default()));
    let saved_labels = RwSignal::new(labels.get_untracked());
    let site = RwSignal::new(d.site_name.clone().unwrap_or_default());
    let visibility = RwSignal::new(
        d.visibility
            .as_ref()
            .map(|v| v.to_string())
            .unwrap_or_else(|| "tenant".into()),
    );
    let failure = RwSignal::new(None::<ApiError>);
    let stored = StoredValue::new(d.clone());
    let sites = LocalResource::new(move || async move {
        api.call(&ListSites {
            query: ListQuery::new().include(["name"]).page(1000, 0),
        })
        .await
        .map(|p| p.items.into_iter().map(|s| s.name).collect::<Vec<_>>())
        .unwrap_or_default()
    });

    let dep = StoredValue::new(id.clone());
    let save_labels = move |_| {
        let call = UpdateDeploymentLabels {
            id: dep.get_value(),
            labels: labels.get_untracked(),
        };
        spawn_local(async move {
            match api.call(&call).await {
                Ok(d) => {
                    let now = ordered(d.labels.as_deref().unwrap_or_default());
                    labels.set(now.clone());
                    saved_labels.set(now);
                    failure.set(None);
                    toasts.success("Labels saved");
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    let set_site = move |ev| {
        let name = event_target_value(&ev);
        let call = SetDeploymentSite {
            id: dep.get_value(),
            site_name: Some(name).filter(|n| !n.is_empty()),
        };
        spawn_local(async move {
            match api.call(&call).await {
                Ok(d) => {
                    let now = d.site_name.unwrap_or_default();
                    toasts.success(if now.is_empty() {
                        "Site removed".to_string()
                    } else {
                        format!("Site set to {now}")
                    });
                    site.set(now);
                    failure.set(None);
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    let set_visibility = move |ev| {
        let v = event_target_value(&ev);
        let call = SetDeploymentVisibility {
            id: dep.get_value(),
            visibility: Visibility::from(v.as_str()),
        };
        spawn_local(async move {
            match api.call(&call).await {
                Ok(d) => {
                    let now = d.visibility.map(|v| v.to_string()).unwrap_or(v);
                    toasts.success(format!("Visibility set to {now}"));
                    visibility.set(now);
                    failure.set(None);
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    let panel = move || {
        let action = query.with(|q| q.get("do")).unwrap_or_default();
        stored.with_value(|d| match action.as_str() {
            "run" => view! { <RunPanel deployment_id=d.id.clone() workflows=d.workflows.clone().unwrap_or_default()/> }.into_any(),
            "update" => view! { <UpdatePanel deployment_id=d.id.clone() blueprint_id=d.blueprint_id.clone().unwrap_or_default() inputs=d.inputs.clone().unwrap_or_default()/> }.into_any(),
            "delete" => view! { <DeletePanel deployment_id=d.id.clone() children=children/> }.into_any(),
            _ => ().into_any(),
        })
    };
    let notice = move || {
        let (started, install_failed) = query.with(|q| (q.get("started"), q.get("install_failed")));
        view! {
            {started.map(|x| view! {
                <p class="notice" role="status">"Execution " <A href=exec_href(&x) attr:class="mono">{x.clone()}</A> " started."</p>
            })}
            {install_failed.map(|m| view! {
                <p class="warning" role="alert">"The deployment was created, but install did not start: " {m}</p>
            })}
        }
    };
    let workflows = d.workflows.clone().unwrap_or_default();
    let vis_now = visibility.get_untracked();
    view! {
        {(!parents.is_empty()).then(|| view! {
            <p class="crumbs parents">"In "
                {parents.into_iter().map(|p| view! { <A href=href(&p) attr:class="mono">{p.clone()}</A>" " }).collect_view()}
            </p>
        })}
        <h1 class="title"><Name text=d.name().to_string()/></h1>
        <p class="sub mono"><Name text=d.id.clone()/></p>
        <div class="status-row">
            {status_badge(d.deployment_status.as_ref().map(|s| s.to_string()))}
            {status_badge(d.installation_status.as_ref().map(|s| s.to_string()))}
            <span class="muted">"Last execution: "</span>
            <LatestExecution deployment=d.clone()/>
        </div>
        <nav class="actions deployment-actions" aria-label="Deployment actions">
            <ActionLink href=action_href(&id, "run") class="button primary" permission="execution_start" label="Run workflow"/>
            <ActionLink href=action_href(&id, "update") class="button" permission="deployment_update_create" label="Update"/>
            <ActionLink href=action_href(&id, "delete") class="button danger" permission="deployment_delete" label="Delete"/>
        </nav>
        {notice}
        {panel}
        {move || failure.get().map(|e| view! { <ErrorView error=e/> })}
        <section>
            <h2>"Details"</h2>
            <dl class="facts">
                <dt>"Blueprint"</dt>
                <dd><A href=bp_link attr:class="mono">{bp}</A></dd>
                <dt>"Site"</dt>
                <dd>
                    <select name="site" aria-label="Site" use:guard="deployment_set_site" on:change=set_site>
                        <option value="" selected=move || site.with(String::is_empty)>"No site"</option>
                        {move || {
                            let mut names = sites.get().unwrap_or_default();
                            let now = site.get();
                            if !now.is_empty() && !names.contains(&now) {
                                names.push(now.clone());
                            }
                            names.into_iter().map(|s| {
                                let selected = s == now;
                                view! { <option value=s.clone() selected=selected>{s.clone()}</option> }
                            }).collect_view()
                        }}
                    </select>
                </dd>
                <dt>"Visibility"</dt>
                <dd>
                    <select name="visibility" aria-label="Visibility" use:guard="deployment_set_visibility" on:change=set_visibility>
                        {["private", "tenant", "global"].map(|v| view! { <option value=v selected=v == vis_now>{v}</option> })}
                    </select>
                </dd>
                {fact("Description", text(&d.description))}
                {fact("Tenant", text(&d.tenant_name))}
                <dt>"Created"</dt><dd><When t=d.created_at/>" by "{text(&d.created_by)}</dd>
                <dt>"Updated"</dt><dd><When t=d.updated_at/></dd>
                {fact("Sub-services", d.sub_services_count.map(|c| c.to_string()).unwrap_or_else(|| "—".into()))}
                {fact("Sub-environments", d.sub_environments_count.map(|c| c.to_string()).unwrap_or_else(|| "—".into()))}
            </dl>
        </section>
        <crate::pages::executions::DeploymentExecutions deployment_id=id.clone()/>
        <section id="labels">
            <h2>"Labels"</h2>
            <LabelsEditor labels=labels/>
            <div class="actions">
                // Labels are saved with `PATCH /deployments/<id>`, which the manager checks as
                // `deployment_update` (changing the deployment's own attributes).
                <button type="button" class="button primary save-labels" disabled=move || labels.get() == saved_labels.get() use:guard="deployment_update" on:click=save_labels>"Save labels"</button>
                <button type="button" class="button" disabled=move || labels.get() == saved_labels.get() on:click=move |_| labels.set(saved_labels.get_untracked())>"Undo changes"</button>
            </div>
        </section>
        <section id="inputs">
            <h2>"Inputs"</h2>
            <KeyValueTable entries=d.inputs.clone() empty="No inputs."/>
        </section>
        <Evaluated deployment_id=id.clone()/>
        <section id="workflows">
            <h2>"Workflows"</h2>
            {if workflows.is_empty() {
                view! { <p class="empty">"No workflows."</p> }.into_any()
            } else {
                let dep_id = id.clone();
                view! {
                    <table class="list compact">
                        <thead><tr><th>"Workflow"</th><th>"Parameters"</th><th><span class="visually-hidden">"Actions"</span></th></tr></thead>
                        <tbody>
                            {workflows.into_iter().map(|w| {
                                let params = w.parameters.map(|p| p.keys().cloned().collect::<Vec<_>>().join(", ")).unwrap_or_default();
                                let run = format!("{}?{}", href(&dep_id), baton_core::Query::new().with("do", "run").with("workflow", w.name.clone()).encode());
                                view! { <tr><td class="mono">{w.name}</td><td>{params}</td><td><A href=run attr:class="button">"Run…"</A></td></tr> }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
        <NodesSection deployment_id=id.clone()/>
        <Children deployment_id=id.clone()/>
        <Dependencies deployment_id=id.clone()/>
        <PastUpdates deployment_id=id.clone()/>
        <crate::pages::schedules::DeploymentSchedules deployment_id=id.clone()/>
        <details class="raw">
            <summary>"Raw JSON"</summary>
            <JsonView value=serde_json::to_value(&d).unwrap_or_default() open_depth=1/>
        </details>
    }
}
