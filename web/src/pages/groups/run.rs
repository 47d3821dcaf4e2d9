//! "Run workflow…" on the deployments list's selection, or on everything the list's rules
//! match: a deployment group made from the selection (ids, the rules, the saved filter) and one
//! execution group on it, so ten thousand deployments cost two calls. The manager's execution
//! groups take only `force` and `concurrency`; a dry run, `queue` or custom parameters start one
//! execution per deployment instead, which the dialog says before sending.

use baton_core::conductor::deployments::ListDeployments;
use baton_core::conductor::executions::{
    SetExecutionGroupTargets, StartExecution, StartExecutionGroup,
};
use baton_core::conductor::groups::{DeploymentGroupSpec, DeploymentSelection, PutDeploymentGroup};
use baton_core::conductor::searches::{ListOrSearch, Search};
use baton_core::filters::{params, FilterRule, Operator};
use baton_core::ApiError;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use serde_json::{Map, Value};

use crate::api::{use_api, Api};
use crate::components::confirm::ConfirmDialog;
use crate::components::progress::ProgressBar;
use crate::components::table::Selection;
use crate::components::toast::use_toasts;
use crate::permissions::guard;

/// The members of a bulk action as the manager can take them.
pub fn members(sel: &Selection) -> Result<DeploymentSelection, Vec<String>> {
    if !sel.all_matching.get_untracked() {
        return Ok(DeploymentSelection::ids(sel.ids.get_untracked()));
    }
    let Some((mut q, _)) = sel.matching.get_untracked() else {
        return Ok(DeploymentSelection::default());
    };
    let filter = params::take_params(&mut q.filters);
    // A search text has no rule form: the caller lists the matching ids instead.
    if q.search.is_some() || filter.error.is_some() {
        return Err(Vec::new());
    }
    let mut rules = filter.rules;
    for (k, v) in q.filters {
        rules.push(FilterRule::attribute(k, Operator::AnyOf, [v]));
    }
    Ok(DeploymentSelection {
        filter_rules: (!rules.is_empty() || filter.filter_id.is_none()).then_some(rules),
        filter_id: filter.filter_id,
        ..Default::default()
    })
}

/// Every id the selection's query matches, 1000 at a time.
pub async fn matching_ids(api: &Api, sel: &Selection) -> Result<Vec<String>, ApiError> {
    if !sel.all_matching.get_untracked() {
        return Ok(sel.ids.get_untracked());
    }
    let mut q = sel
        .matching
        .get_untracked()
        .map(|(q, _)| q)
        .unwrap_or_default();
    q.include = vec!["id".into()];
    let mut ids = Vec::new();
    loop {
        q.size = Some(1000);
        q.offset = Some(ids.len() as u32);
        let call = ListOrSearch::from_query(
            q.clone(),
            |query| ListDeployments { query },
            Search::deployments,
        );
        let page = api.call(&call).await?;
        let last = page.is_last() || page.items.is_empty();
        ids.extend(page.items.into_iter().map(|d| d.id));
        if last {
            return Ok(ids);
        }
    }
}

/// A fresh group id for a bulk action (`batch-20260129-214502`).
pub fn batch_id() -> String {
    format!("batch-{}", crate::api::now().format("%Y%m%d-%H%M%S"))
}

#[derive(Clone, Default)]
struct Form {
    workflow: String,
    parameters: String,
    force: bool,
    dry_run: bool,
    queue: bool,
    allow_custom: bool,
    concurrency: String,
    success_group: String,
    failure_group: String,
}

impl Form {
    fn parameters(&self) -> Result<Option<Map<String, Value>>, String> {
        if self.parameters.trim().is_empty() {
            return Ok(None);
        }
        match serde_json::from_str::<Value>(&self.parameters) {
            Ok(Value::Object(m)) => Ok(Some(m)),
            Ok(_) => Err("Parameters must be a JSON object, e.g. {\"key\": \"value\"}.".into()),
            Err(e) => Err(format!("Parameters are not valid JSON: {e}")),
        }
    }

    fn concurrency(&self) -> Result<u64, String> {
        let t = self.concurrency.trim();
        if t.is_empty() {
            return Ok(5);
        }
        t.parse::<u64>()
            .map_err(|_| "Concurrency must be a whole number (0 pauses the group).".into())
    }

    /// Whether this run needs one execution per deployment (the group API has no such flag).
    fn per_deployment(&self) -> bool {
        self.dry_run || self.queue || self.allow_custom
    }
}

/// The deployments list's "Run workflow…" and "Dry run…" buttons with their dialog.
pub fn bulk_run(sel: Selection) -> AnyView {
    let api = use_api();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let open = RwSignal::new(false);
    let form = RwSignal::new(Form {
        workflow: "install".into(),
        concurrency: "5".into(),
        ..Form::default()
    });
    let running = RwSignal::new(None::<(u64, u64)>);
    let started = RwSignal::new(Vec::<String>::new());
    let count = move || sel.count();

    let send = move |f: Form| {
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let (params, concurrency) = match (f.parameters(), f.concurrency()) {
                (Ok(p), Ok(c)) => (p, c),
                (Err(e), _) | (_, Err(e)) => return toasts.failure(e),
            };
            if f.per_deployment() {
                let ids = match matching_ids(&api, &sel).await {
                    Ok(ids) => ids,
                    Err(e) => return toasts.error(&e),
                };
                let total = ids.len() as u64;
                running.set(Some((0, total)));
                let (mut done, mut failed, mut execs) = (0u64, Vec::new(), Vec::new());
                for id in ids {
                    let call = StartExecution {
                        deployment_id: id.clone(),
                        workflow_id: f.workflow.clone(),
                        parameters: params.clone(),
                        allow_custom_parameters: f.allow_custom,
                        force: f.force,
                        dry_run: f.dry_run,
                        queue: f.queue,
                        scheduled_time: None,
                        wait_after_fail: None,
                    };
                    match api.call(&call).await {
                        Ok(e) => {
                            done += 1;
                            execs.push(e.id);
                        }
                        Err(e) => failed.push((id, e)),
                    }
                    running.set(Some((done + failed.len() as u64, total)));
                }
                running.set(None);
                started.set(execs);
                let what = if f.dry_run {
                    "dry-run executions"
                } else {
                    "executions"
                };
                toasts.success(format!("Started {done} {what} of {}.", f.workflow));
                if let Some((id, e)) = failed.first() {
                    let mut e = e.clone();
                    e.message = format!(
                        "{} of {total} not started; first, {id}: {}",
                        failed.len(),
                        e.message
                    );
                    toasts.error(&e);
                }
                return;
            }
            let selection = match members(&sel) {
                Ok(s) => s,
                Err(_) => match matching_ids(&api, &sel).await {
                    Ok(ids) => DeploymentSelection::ids(ids),
                    Err(e) => return toasts.error(&e),
                },
            };
            let group = batch_id();
            let put = PutDeploymentGroup {
                id: group.clone(),
                spec: DeploymentGroupSpec {
                    description: Some(format!(
                        "{} on {} deployment(s), from the deployments list",
                        f.workflow,
                        sel.count()
                    )),
                    members: selection,
                    ..Default::default()
                },
            };
            if let Err(e) = api.call(&put).await {
                return toasts.error(&e);
            }
            let mut start = StartExecutionGroup::new(group, f.workflow.clone());
            start.default_parameters = params;
            start.force = f.force;
            start.concurrency = concurrency;
            let eg = match api.call(&start).await {
                Ok(g) => g,
                Err(e) => return toasts.error(&e),
            };
            let target = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
            if target(&f.success_group).is_some() || target(&f.failure_group).is_some() {
                let call = SetExecutionGroupTargets {
                    id: eg.id.clone(),
                    success_group_id: target(&f.success_group),
                    failure_group_id: target(&f.failure_group),
                };
                if let Err(e) = api.call(&call).await {
                    toasts.error(&e);
                }
            }
            sel.clear();
            navigate(&super::board_href(&eg.id), Default::default());
        });
    };
    let send = StoredValue::new(send);
    let dry_run_first = move |_| {
        let mut f = form.get_untracked();
        f.dry_run = true;
        f.queue = true;
        send.with_value(|s| s(f));
    };

    let check = move |label: &'static str,
                      name: &'static str,
                      get: fn(&Form) -> bool,
                      set: fn(&mut Form, bool)| {
        view! {
            <label class="groups-flag">
                <input type="checkbox" name=name prop:checked=move || form.with(get)
                    on:change=move |ev| { let on = event_target_checked(&ev); form.update(|f| set(f, on)) }/>
                {label}
            </label>
        }
    };
    let field = move |label: &'static str,
                      name: &'static str,
                      get: fn(&Form) -> String,
                      set: fn(&mut Form, String)| {
        view! {
            <label class="groups-field">
                <span>{label}</span>
                <input name=name prop:value=move || form.with(get)
                    on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| set(f, v)) }/>
            </label>
        }
    };
    view! {
        <button class="button groups-run" disabled=move || running.with(Option::is_some) use:guard="execution_group_create" on:click=move |_| open.set(true)>"Run workflow…"</button>
        <button class="button groups-dry-run" disabled=move || running.with(Option::is_some) use:guard="execution_start"
            title="Runs the workflow with dry_run on each selected deployment: nothing changes"
            on:click=dry_run_first>"Dry run"</button>
        {move || running.get().map(|(n, total)| view! {
            <ProgressBar value=Some(n as f64) max=total as f64 label="Starting executions" text=format!("{n} of {total}")/>
        })}
        {move || (!started.with(Vec::is_empty)).then(|| {
            let ids = started.get();
            let n = ids.len();
            let links = ids.into_iter().take(20).map(|id| {
                let href = crate::pages::deployments::exec_href(&id);
                view! { <li><a class="mono" href=href>{id}</a></li> }
            }).collect_view();
            view! {
                <div class="groups-started" role="status">
                    <p>{format!("{n} execution(s) started")}
                        <button class="chip-x" aria-label="Dismiss" on:click=move |_| started.set(Vec::new())>"×"</button></p>
                    <ul>{links}</ul>
                </div>
            }
        })}
        <ConfirmDialog
            open
            danger=false
            title=Signal::derive(move || format!("Run a workflow on {} deployment(s)", count()))
            confirm_label="Run"
            on_confirm=move |_| send.with_value(|s| s(form.get_untracked()))
        >
            <div class="groups-form">
                {field("Workflow", "workflow", |f| f.workflow.clone(), |f, v| f.workflow = v)}
                <label class="groups-field">
                    <span>"Parameters (JSON object, for every deployment)"</span>
                    <textarea name="parameters" rows="3" prop:value=move || form.with(|f| f.parameters.clone())
                        on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| f.parameters = v) }></textarea>
                </label>
                {field("Concurrency", "concurrency", |f| f.concurrency.clone(), |f, v| f.concurrency = v)}
                {check("Force: run even if another execution runs", "force", |f| f.force, |f, v| f.force = v)}
                {check("Dry run: nothing changes", "dry_run", |f| f.dry_run, |f, v| f.dry_run = v)}
                {check("Queue if the deployment is busy", "queue", |f| f.queue, |f, v| f.queue = v)}
                {check("Allow custom parameters", "allow_custom_parameters", |f| f.allow_custom, |f, v| f.allow_custom = v)}
                {field("Add deployments that succeed to group", "success_group", |f| f.success_group.clone(), |f, v| f.success_group = v)}
                {field("Add deployments that fail to group", "failure_group", |f| f.failure_group.clone(), |f, v| f.failure_group = v)}
                <p class="muted">{move || if form.with(Form::per_deployment) {
                    format!("The manager's execution groups take only force and concurrency: with dry run, queue or custom parameters Baton starts one execution per deployment ({} requests).", count())
                } else {
                    "One deployment group and one execution group: two requests, whatever the count.".to_string()
                }}</p>
            </div>
        </ConfirmDialog>
    }
    .into_any()
}

/// The deployments list's "Group…": make a deployment group of the selection (ids, or the
/// list's rules / saved filter for everything matching), add it to a group, or remove it.
pub fn bulk_group(sel: Selection) -> AnyView {
    use baton_core::conductor::groups::{GroupAdd, UpdateDeploymentGroupMembers};
    let api = use_api();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let open = RwSignal::new(false);
    let group = RwSignal::new(String::new());
    let remove = RwSignal::new(false);
    let send = move |_| {
        let navigate = navigate.clone();
        let gid = group.get_untracked().trim().to_string();
        let gid = if gid.is_empty() { batch_id() } else { gid };
        let removing = remove.get_untracked();
        leptos::task::spawn_local(async move {
            let selection = match members(&sel) {
                Ok(s) => s,
                Err(_) => match matching_ids(&api, &sel).await {
                    Ok(ids) => DeploymentSelection::ids(ids),
                    Err(e) => return toasts.error(&e),
                },
            };
            let patch = UpdateDeploymentGroupMembers {
                id: gid.clone(),
                add: (!removing).then(|| GroupAdd {
                    members: selection.clone(),
                    new_deployments: None,
                }),
                remove: removing.then(|| selection.clone()),
            };
            let answer = match api.call(&patch).await {
                // A new group: create it with these members.
                Err(e) if e.status == Some(404) && !removing => {
                    let put = PutDeploymentGroup {
                        id: gid.clone(),
                        spec: DeploymentGroupSpec {
                            members: selection,
                            ..Default::default()
                        },
                    };
                    api.call(&put).await
                }
                other => other,
            };
            match answer {
                Ok(g) => {
                    toasts.success(format!(
                        "The group {} has {} deployment(s).",
                        g.id,
                        g.deployment_ids.len()
                    ));
                    sel.clear();
                    navigate(&super::group_href(&g.id), Default::default());
                }
                Err(e) => toasts.error(&e),
            }
        });
    };
    view! {
        <button class="button groups-group" use:guard="deployment_group_create" on:click=move |_| open.set(true)>"Group…"</button>
        <ConfirmDialog
            open
            danger=false
            title=Signal::derive(move || format!("Group {} deployment(s)", sel.count()))
            confirm_label="Save"
            on_confirm=send
        >
            <div class="groups-form">
                <label class="groups-field">
                    <span>"Deployment group (a new id makes a new group; empty: batch-<date>)"</span>
                    <input name="group_id" prop:value=move || group.get() on:input=move |ev| group.set(event_target_value(&ev))/>
                </label>
                <label class="groups-flag">
                    <input type="checkbox" name="remove" prop:checked=move || remove.get() on:change=move |ev| remove.set(event_target_checked(&ev))/>
                    "Remove them from the group instead"
                </label>
                <p class="muted">"Everything matching is sent as the list's filter rules (or saved filter), so the manager picks the members: one request whatever the count."</p>
            </div>
        </ConfirmDialog>
    }
    .into_any()
}
