//! One deployment group: its facts (description, default blueprint and inputs, labels), its
//! members with counts per status, a run of a workflow on it, "Deploy on" (new deployments
//! from a blueprint with an id template, the ids shown before sending), and delete with
//! `delete_deployments`, `force` and `recursive`.

use std::collections::BTreeMap;

use baton_core::conductor::deployments::Deployment;
use baton_core::conductor::groups::{
    preview_ids, DeleteDeploymentGroup, DeploymentGroupSpec, GetDeploymentGroup, GroupAdd,
    NewDeployment, PutDeploymentGroup, UpdateDeploymentGroupMembers,
};
use baton_core::conductor::resources::DeploymentGroup;
use baton_core::conductor::searches::Search;
use baton_core::{ApiError, ListQuery};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::api::use_api;
use crate::components::confirm::ConfirmDialog;
use crate::components::toast::use_toasts;
use crate::components::{status_badge, ErrorView, LabelChips, Loading};
use crate::permissions::guard;

/// New deployments are sent in batches of this many (one PATCH each).
const DEPLOY_BATCH: usize = 500;

#[component]
pub fn DeploymentGroupPage() -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let reload = RwSignal::new(0u32);
    let group = RwSignal::new(None::<Result<DeploymentGroup, ApiError>>);
    let members = RwSignal::new(None::<Result<(Vec<Deployment>, u64), ApiError>>);
    Effect::new(move |_| {
        reload.track();
        let gid = id();
        leptos::task::spawn_local_scoped_with_cancellation(async move {
            let g = api
                .call(&GetDeploymentGroup {
                    id: gid.clone(),
                    include: vec![],
                })
                .await;
            let _ = group.try_set(Some(g));
            let mut search = Search::deployments().list(
                ListQuery::new()
                    .include(["id", "deployment_status", "latest_execution_status"])
                    .page(1000, 0),
            );
            search.group_id = Some(gid);
            let m = api.call(&search).await.map(|p| {
                let total = p.pagination().total;
                (p.items, total)
            });
            let _ = members.try_set(Some(m));
        });
    });

    // Deploy on: blueprint, how many, id template, one site per line (optional).
    let blueprint = RwSignal::new(String::new());
    let how_many = RwSignal::new("3".to_string());
    let template = RwSignal::new("{group_id}-{count}".to_string());
    let sites = RwSignal::new(String::new());
    let site_list = move || {
        sites.with(|s| {
            s.lines()
                .map(|l| Some(l.trim().to_string()).filter(|l| !l.is_empty()))
                .collect::<Vec<_>>()
        })
    };
    let count = move || {
        how_many
            .with(|n| n.trim().parse::<usize>().ok())
            .filter(|n| *n > 0 && *n <= 10_000)
    };
    let preview = move || {
        let Some(n) = count() else {
            return vec!["Give a number of deployments from 1 to 10000.".to_string()];
        };
        let g = group.with(|g| {
            g.as_ref().and_then(|g| g.as_ref().ok()).map(|g| {
                (
                    g.id.clone(),
                    g.default_blueprint_id.clone(),
                    g.creation_counter,
                )
            })
        });
        let (gid, default_bp, counter) = g.unwrap_or_default();
        let bp = Some(blueprint.get())
            .filter(|b| !b.trim().is_empty())
            .or(default_bp)
            .unwrap_or_default();
        preview_ids(
            Some(template.get().as_str()),
            &gid,
            &bp,
            counter.unwrap_or(0),
            &site_list(),
            n,
        )
    };
    let deploy = move |_| {
        let Some(n) = count() else {
            return toasts.failure("Give a number of deployments from 1 to 10000.");
        };
        let gid = id();
        let bp = blueprint.get_untracked().trim().to_string();
        let tpl = template.get_untracked();
        let sites = site_list();
        leptos::task::spawn_local(async move {
            if !bp.is_empty() {
                let put = PutDeploymentGroup {
                    id: gid.clone(),
                    spec: DeploymentGroupSpec {
                        blueprint_id: Some(bp),
                        ..Default::default()
                    },
                };
                if let Err(e) = api.call(&put).await {
                    return toasts.error(&e);
                }
            }
            let specs: Vec<NewDeployment> = (0..n)
                .map(|i| NewDeployment {
                    id: Some(tpl.clone()),
                    site_name: sites.get(i).cloned().flatten(),
                    ..Default::default()
                })
                .collect();
            let mut made = 0;
            for chunk in specs.chunks(DEPLOY_BATCH) {
                let call = UpdateDeploymentGroupMembers {
                    id: gid.clone(),
                    add: Some(GroupAdd {
                        new_deployments: Some(chunk.to_vec()),
                        ..Default::default()
                    }),
                    remove: None,
                };
                match api.call(&call).await {
                    Ok(_) => made += chunk.len(),
                    Err(e) => {
                        toasts.error(&e);
                        break;
                    }
                }
            }
            if made > 0 {
                toasts.success(format!("Created {made} deployment(s) in {gid}."));
            }
            reload.update(|n| *n += 1);
        });
    };
    // Delete with its flags.
    let delete_open = RwSignal::new(false);
    let flags = RwSignal::new((false, false, false));
    let navigate_after = use_navigate();
    let delete = move |_| {
        let (delete_deployments, force, recursive) = flags.get_untracked();
        let call = DeleteDeploymentGroup {
            id: id(),
            delete_deployments,
            force,
            delete_logs: false,
            recursive,
        };
        let navigate = navigate_after.clone();
        leptos::task::spawn_local(async move {
            match api.call(&call).await {
                Ok(()) => {
                    toasts.success(format!("Deleted the group {}.", call.id));
                    navigate("/deployment-groups", Default::default());
                }
                Err(e) => toasts.error(&e),
            }
        });
    };
    let flag = move |label: &'static str,
                     name: &'static str,
                     pick: fn(&mut (bool, bool, bool)) -> &mut bool| {
        view! {
            <label class="confirm-option">
                <input type="checkbox" name=name on:change=move |ev| { let on = event_target_checked(&ev); flags.update(|f| *pick(f) = on) }/>
                {label}
            </label>
        }
    };

    let facts = move || match group.get() {
        None => view! { <Loading what="the group".to_string()/> }.into_any(),
        Some(Err(e)) => {
            view! { <ErrorView error=e on_retry=move |_| reload.update(|n| *n += 1)/> }.into_any()
        }
        Some(Ok(g)) => {
            let inputs = g
                .default_inputs
                .as_ref()
                .map(|v| serde_json::to_string_pretty(v).unwrap_or_default())
                .unwrap_or_default();
            view! {
                <dl class="facts">
                    <dt>"Description"</dt><dd>{g.description.clone().unwrap_or_else(|| "—".into())}</dd>
                    <dt>"Default blueprint"</dt><dd class="mono">{g.default_blueprint_id.clone().unwrap_or_else(|| "—".into())}</dd>
                    <dt>"Labels"</dt><dd><LabelChips labels=g.labels.clone().unwrap_or_default() limit=20/></dd>
                    <dt>"Default inputs"</dt><dd><pre class="mono">{inputs}</pre></dd>
                    <dt>"Members"</dt><dd>{g.deployment_ids.len()}</dd>
                </dl>
            }
            .into_any()
        }
    };
    let member_view = move || match members.get() {
        None => view! { <Loading what="the members".to_string()/> }.into_any(),
        Some(Err(e)) => view! { <ErrorView error=e/> }.into_any(),
        Some(Ok((items, total))) => {
            let mut by: BTreeMap<String, usize> = BTreeMap::new();
            for d in &items {
                let s = d
                    .deployment_status
                    .as_ref()
                    .map(|s| s.to_string())
                    .unwrap_or_else(|| "unknown".into());
                *by.entry(s).or_default() += 1;
            }
            let counts = by
                .into_iter()
                .map(|(s, n)| view! { <li class="groups-count"><span class="groups-n">{n}</span>" "{s}</li> })
                .collect_view();
            let shown = items.len();
            let rows = items
                .into_iter()
                .map(|d| {
                    let href = crate::pages::deployments::href(&d.id);
                    view! {
                        <tr>
                            <td><a href=href class="mono">{d.id.clone()}</a></td>
                            <td>{status_badge(d.deployment_status.as_ref().map(|s| s.to_string()))}</td>
                            <td>{status_badge(d.latest_execution_status.as_ref().map(|s| s.to_string()))}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <ul class="groups-counts" aria-label="Members per status">{counts}</ul>
                {(total > shown as u64).then(|| view! { <p class="muted">{format!("The first {shown} of {total} members.")}</p> })}
                <table class="list groups-members">
                    <thead><tr><th>"Deployment"</th><th>"Status"</th><th>"Last execution"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
            .into_any()
        }
    };
    view! {
        <div class="page-head">
            <h1>"Deployment group "<span class="mono">{id}</span></h1>
            <span class="spacer"></span>
            {super::run::run_workflow(super::run::RunOn::Group(Signal::derive(id)))}
            <button class="button danger" use:guard="deployment_group_delete" on:click=move |_| delete_open.set(true)>"Delete…"</button>
        </div>
        {facts}
        <section class="groups-deploy-on" aria-label="Deploy on">
            <h2>"Deploy on"</h2>
            <div class="groups-form">
                <label class="groups-field"><span>"Blueprint (empty: the group's default)"</span>
                    <input name="blueprint_id" prop:value=move || blueprint.get() on:input=move |ev| blueprint.set(event_target_value(&ev))/></label>
                <label class="groups-field"><span>"How many"</span>
                    <input name="count" prop:value=move || how_many.get() on:input=move |ev| how_many.set(event_target_value(&ev))/></label>
                <label class="groups-field"><span>"Id template ({uuid} {count} {group_id} {blueprint_id} {site_name})"</span>
                    <input name="id_template" prop:value=move || template.get() on:input=move |ev| template.set(event_target_value(&ev))/></label>
                <label class="groups-field"><span>"Sites, one a line (optional, in order)"</span>
                    <textarea name="sites" rows="2" prop:value=move || sites.get() on:input=move |ev| sites.set(event_target_value(&ev))></textarea></label>
                <p>"The ids that will be created:"</p>
                <ul class="groups-preview-ids mono">
                    {move || { let ids = preview(); let more = ids.len().saturating_sub(10); let mut v: Vec<_> = ids.into_iter().take(10).map(|i| view! { <li>{i}</li> }.into_any()).collect(); if more > 0 { v.push(view! { <li class="muted">{format!("… and {more} more")}</li> }.into_any()); } v }}
                </ul>
                <p><button class="button primary" use:guard="deployment_group_update" on:click=deploy>"Create the deployments"</button></p>
            </div>
        </section>
        <h2>"Members"</h2>
        {member_view}
        <ConfirmDialog
            open=delete_open
            title=Signal::derive(move || format!("Delete the group {}?", id()))
            confirm_label="Delete"
            type_to_confirm=Signal::derive(move || flags.with(|f| f.0).then(id))
            on_confirm=delete
        >
            <p>"The group goes; its deployments stay unless you also delete them."</p>
            {flag("Also delete every deployment in the group", "delete_deployments", |f| &mut f.0)}
            {flag("Force: delete deployments with live nodes", "force", |f| &mut f.1)}
            {flag("Recursive: also their sub-deployments", "recursive", |f| &mut f.2)}
        </ConfirmDialog>
    }
    .into_any()
}
