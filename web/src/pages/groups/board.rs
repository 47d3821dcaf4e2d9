//! One execution group's progress board: each member's execution live (through the live-data
//! scheduler), counts per state, the group's actions (cancel, force-cancel, kill, resume,
//! force-resume), its concurrency changed while it runs, and a retry of only the failed
//! deployments as a new group.

use std::collections::BTreeMap;

use baton_core::conductor::executions::{
    Execution, ExecutionAction, ExecutionGroup, ExecutionGroupAction, GetExecutionGroup,
    ListExecutions, SetExecutionGroupConcurrency, StartExecutionGroup,
};
use baton_core::conductor::groups::{DeploymentGroupSpec, DeploymentSelection, PutDeploymentGroup};
use baton_core::ListQuery;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::api::use_api;
use crate::components::toast::use_toasts;
use crate::components::{status_badge, ErrorView, Loading};
use crate::live::{self, LiveToggle};
use crate::permissions::guard;

#[component]
pub fn ExecutionGroupPage() -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let group = RwSignal::new(None::<Result<ExecutionGroup, baton_core::ApiError>>);
    let members = RwSignal::new(Vec::<Execution>::new());
    let concurrency = RwSignal::new(String::new());

    let live = live::register(2_000, move || async move {
        let gid = id();
        let g = api
            .call(&GetExecutionGroup {
                id: gid.clone(),
                include: vec![],
            })
            .await;
        let failed_fetch = g.as_ref().err().cloned();
        let _ = group.try_set(Some(g));
        if let Some(e) = failed_fetch {
            return Err(e);
        }
        let mut query = ListQuery::new()
            .include([
                "id",
                "deployment_id",
                "status",
                "status_display",
                "error",
                "is_dry_run",
            ])
            .page(1000, 0);
        query.filters.push(("execution_group_id".into(), gid));
        let page = api
            .call(&ListExecutions {
                query,
                include_system_workflows: true,
            })
            .await?;
        let _ = members.try_set(page.items);
        Ok(())
    });

    let act = move |action: ExecutionAction| {
        let call = ExecutionGroupAction { id: id(), action };
        leptos::task::spawn_local(async move {
            match api.call(&call).await {
                Ok(_) => {
                    toasts.success(format!("Asked the group to {}.", call.action.as_str()));
                    live.refresh();
                }
                Err(e) => toasts.error(&e),
            }
        });
    };
    let set_concurrency = move |_| {
        let Ok(n) = concurrency.get_untracked().trim().parse::<u64>() else {
            return toasts.failure("Concurrency must be a whole number (0 pauses the group).");
        };
        let call = SetExecutionGroupConcurrency {
            id: id(),
            concurrency: n,
        };
        leptos::task::spawn_local(async move {
            match api.call(&call).await {
                Ok(_) => {
                    toasts.success(format!("Concurrency set to {n}."));
                    live.refresh();
                }
                Err(e) => toasts.error(&e),
            }
        });
    };
    let retry_failed = move |_| {
        let failed: Vec<String> = members.with_untracked(|m| {
            m.iter()
                .filter(|e| e.status.as_ref().is_some_and(|s| s.as_str() == "failed"))
                .filter_map(|e| e.deployment_id.clone())
                .collect()
        });
        let Some(Ok(g)) = group.get_untracked() else {
            return;
        };
        let workflow = g.workflow_id.clone().unwrap_or_default();
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let gid = super::run::batch_id();
            let put = PutDeploymentGroup {
                id: gid.clone(),
                spec: DeploymentGroupSpec {
                    description: Some(format!(
                        "The failed deployments of execution group {}",
                        g.id
                    )),
                    members: DeploymentSelection::ids(failed),
                    ..Default::default()
                },
            };
            if let Err(e) = api.call(&put).await {
                return toasts.error(&e);
            }
            let mut start = StartExecutionGroup::new(gid, workflow);
            start.concurrency = g.concurrency.unwrap_or(5);
            match api.call(&start).await {
                Ok(eg) => navigate(&super::board_href(&eg.id), Default::default()),
                Err(e) => toasts.error(&e),
            }
        });
    };

    let counts = move || {
        let mut by: BTreeMap<String, usize> = BTreeMap::new();
        members.with(|m| {
            for e in m {
                let s = e
                    .status
                    .as_ref()
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_else(|| "unknown".into());
                *by.entry(s).or_default() += 1;
            }
        });
        by.into_iter()
            .map(|(s, n)| {
                let class = format!("groups-count groups-{s}");
                view! { <li class=class><span class="groups-n">{n}</span>" "{s}</li> }
            })
            .collect_view()
    };
    let failed_count = move || {
        members.with(|m| {
            m.iter()
                .filter(|e| e.status.as_ref().is_some_and(|s| s.as_str() == "failed"))
                .count()
        })
    };
    let rows = move || {
        members
            .get()
            .into_iter()
            .map(|e| {
                let href = crate::pages::deployments::exec_href(&e.id);
                let dep = e.deployment_id.clone().unwrap_or_default();
                let dep_href = crate::pages::deployments::href(&dep);
                let dry = e.is_dry_run == Some(true);
                view! {
                    <tr>
                        <td><a href=dep_href class="mono">{dep}</a></td>
                        <td>{status_badge(e.status.as_ref().map(|s| s.to_string()))}{dry.then_some(" (dry run)")}</td>
                        <td><a href=href class="mono sub">{e.id.clone()}</a></td>
                        <td class="sub">{e.error.clone().unwrap_or_default().lines().next().unwrap_or_default().to_string()}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let head = move || match group.get() {
        None => view! { <Loading what="the execution group".to_string()/> }.into_any(),
        Some(Err(e)) => view! { <ErrorView error=e on_retry=move |_| live.refresh()/> }.into_any(),
        Some(Ok(g)) => {
            let facts = format!(
                "{} on deployment group {} · concurrency {} · {} execution(s)",
                g.workflow_id.clone().unwrap_or_default(),
                g.deployment_group_id.clone().unwrap_or_default(),
                g.concurrency
                    .map(|c| c.to_string())
                    .unwrap_or_else(|| "—".into()),
                g.execution_ids.as_ref().map_or(0, Vec::len),
            );
            view! {
                <p class="groups-facts">{status_badge(g.status.as_ref().map(|s| s.to_string()))}" "{facts}</p>
            }
            .into_any()
        }
    };
    let action = move |label: &'static str, a: ExecutionAction| {
        // The manager checks `execution_group_cancel` for every action of
        // `POST /execution-groups/<id>`, resume included.
        view! { <button class="button" use:guard="execution_group_cancel" on:click=move |_| act(a.clone())>{label}</button> }
    };
    view! {
        <div class="page-head">
            <h1>"Execution group "<span class="mono">{id}</span></h1>
            <span class="spacer"></span>
            <LiveToggle live/>
        </div>
        {head}
        <ul class="groups-counts" aria-label="Executions per state">{counts}</ul>
        <div class="groups-actions">
            {action("Cancel", ExecutionAction::Cancel)}
            {action("Force-cancel", ExecutionAction::ForceCancel)}
            {action("Kill", ExecutionAction::Kill)}
            {action("Resume", ExecutionAction::Resume)}
            {action("Force-resume", ExecutionAction::ForceResume)}
            <label class="groups-field-inline">"Concurrency "
                <input name="concurrency" size="4" prop:value=move || concurrency.get()
                    on:input=move |ev| concurrency.set(event_target_value(&ev))/>
            </label>
            <button class="button" use:guard="execution_group_update" on:click=set_concurrency>"Set"</button>
            <button class="button groups-retry" disabled=move || failed_count() == 0 use:guard="execution_group_create" on:click=retry_failed>
                {move || format!("Retry the {} failed", failed_count())}
            </button>
        </div>
        <table class="list groups-members">
            <thead><tr><th>"Deployment"</th><th>"State"</th><th>"Execution"</th><th>"Error"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}
