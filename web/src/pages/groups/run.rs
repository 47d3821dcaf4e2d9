//! "Run workflow…" on the deployments list's selection, or on everything the list's rules
//! match: a deployment group made from the selection (ids, the rules, the saved filter) and one
//! execution group on it, so ten thousand deployments cost two calls. The manager's execution
//! groups take only `force` and `concurrency`; a dry run, `queue` or custom parameters start one
//! execution per deployment instead, which the dialog says before sending. The same dialog runs
//! a workflow on a deployment group's page. The workflow is chosen among those every member has
//! and its parameters are the form engine's fields, as for a single run.

use baton_core::conductor::deployments::{ListDeployments, Workflow};
use baton_core::conductor::executions::{
    parameters_for, parse_per_deployment_parameters, SetExecutionGroupTargets, StartExecution,
    StartExecutionGroup,
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
use crate::components::form::{FormState, SchemaForm};
use crate::components::progress::ProgressBar;
use crate::components::table::Selection;
use crate::components::toast::use_toasts;
use crate::components::ErrorView;
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

/// Whom a bulk run reaches: the deployments list's selection (ids, or everything its rules
/// match) or one deployment group.
#[derive(Clone, Copy)]
pub enum RunOn {
    Selection(Selection),
    Group(Signal<String>),
}

impl RunOn {
    fn what(&self) -> String {
        match self {
            RunOn::Selection(sel) => format!("{} deployment(s)", sel.count()),
            RunOn::Group(g) => format!("the group {}", g.get()),
        }
    }

    /// Each member's id, for the runs that need one execution per deployment.
    async fn ids(&self, api: &Api) -> Result<Vec<String>, ApiError> {
        match self {
            RunOn::Selection(sel) => matching_ids(api, sel).await,
            RunOn::Group(g) => {
                let mut ids = Vec::new();
                loop {
                    let mut s = Search::deployments().list(
                        baton_core::ListQuery::new()
                            .include(["id"])
                            .page(1000, ids.len() as u32),
                    );
                    s.group_id = Some(g.get_untracked());
                    let page = api.call(&s).await?;
                    let last = page.is_last() || page.items.is_empty();
                    ids.extend(page.items.into_iter().map(|d| d.id));
                    if last {
                        return Ok(ids);
                    }
                }
            }
        }
    }

    /// The workflows every member has, with their parameter schemas (`/searches/workflows`
    /// with `_common_only`).
    async fn workflows(&self, api: &Api) -> Result<Vec<Workflow>, ApiError> {
        let mut s = Search::workflows();
        s.common_only = Some(true);
        match self {
            RunOn::Group(g) => s.group_id = Some(g.get_untracked()),
            RunOn::Selection(sel) => {
                let chosen = match members(sel) {
                    Ok(c) => c,
                    Err(_) => DeploymentSelection::ids(matching_ids(api, sel).await?),
                };
                if let Some(ids) = chosen.deployment_ids {
                    s = s.rules(vec![FilterRule::attribute("id", Operator::AnyOf, ids)]);
                } else {
                    s = s.rules(chosen.filter_rules.unwrap_or_default());
                    if let Some(f) = chosen.filter_id {
                        s = s.filter_id(f);
                    }
                }
            }
        }
        Ok(api.call(&s).await?.items)
    }
}

#[derive(Clone, Default)]
struct Flags {
    workflow: String,
    force: bool,
    dry_run: bool,
    queue: bool,
    allow_custom: bool,
    concurrency: String,
    success_group: String,
    failure_group: String,
    /// JSON: deployment id → its own parameters, over the ones for every deployment.
    overrides: String,
}

impl Flags {
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

/// The deployments list's "Run workflow…" and "Dry run" buttons with their dialog.
pub fn bulk_run(sel: Selection) -> AnyView {
    run_workflow(RunOn::Selection(sel))
}

/// "Run workflow…" and "Dry run" on a selection or a group: the workflow chosen among those
/// every member has, its parameters through the form engine (the same fields as a single
/// run), the manager's flags, concurrency and the target groups.
pub fn run_workflow(on: RunOn) -> AnyView {
    let api = use_api();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let open = RwSignal::new(false);
    let flags = RwSignal::new(Flags {
        workflow: "install".into(),
        concurrency: "5".into(),
        ..Flags::default()
    });
    let workflows = RwSignal::new(None::<Result<Vec<Workflow>, ApiError>>);
    let params = FormState::new(&Value::Object(Map::new()));
    let running = RwSignal::new(None::<(u64, u64)>);
    let started = RwSignal::new(Vec::<String>::new());
    let concurrency_error = RwSignal::new(None::<String>);
    let overrides_error = RwSignal::new(None::<String>);
    // Reopened after a refused submit: keep the form as it is (its messages shown).
    let reload_workflows = StoredValue::new(true);

    // The chosen workflow's parameters; without the members' workflows (not loaded, or the
    // manager refused) any parameter may be typed in the raw view.
    let schema_of = move |name: &str| {
        workflows.with_untracked(|w| match w {
            Some(Ok(ws)) => ws
                .iter()
                .find(|w| w.name == name)
                .map(|w| w.parameters.clone().unwrap_or_default()),
            _ => None,
        })
    };
    // The fields belong to the dialog, not to whatever reactive scope picks the workflow (an
    // effect's next run would dispose of them while shown).
    let owner = StoredValue::new(Owner::current().unwrap_or_default());
    let choose = move |name: String| {
        let schema = schema_of(&name);
        let schema_value = Value::Object(schema.clone().unwrap_or_default());
        owner.with_value(|o| o.with(|| params.set_schema(&schema_value)));
        params.allow_custom(schema.is_none() || flags.with_untracked(|f| f.allow_custom));
        flags.update(|f| f.workflow = name);
    };
    // The members' workflows, asked each time the dialog opens (the selection may have changed).
    Effect::new(move |_| {
        if !open.get() {
            return;
        }
        if !reload_workflows.get_value() {
            reload_workflows.set_value(true);
            return;
        }
        workflows.set(None);
        leptos::task::spawn_local_scoped_with_cancellation(async move {
            let answer = on.workflows(&api).await;
            let _ = workflows.try_set(Some(answer));
            let wanted = flags.with_untracked(|f| f.workflow.clone());
            let name = workflows.with_untracked(|w| match w {
                Some(Ok(ws)) if !ws.iter().any(|w| w.name == wanted) => ws
                    .iter()
                    .find(|w| w.name == "install")
                    .or(ws.first())
                    .map(|w| w.name.clone())
                    .unwrap_or(wanted.clone()),
                _ => wanted.clone(),
            });
            choose(name);
        });
    });

    let send = move |f: Flags| {
        let navigate = navigate.clone();
        params.touch_all();
        let parameters = match params.result.get_untracked() {
            Ok(p) => (!p.is_empty()).then_some(p),
            // The fields say what is wrong: back to the dialog, nothing typed lost.
            Err(_) => {
                reload_workflows.set_value(false);
                return open.set(true);
            }
        };
        let concurrency = match f.concurrency() {
            Ok(c) => c,
            Err(e) => {
                concurrency_error.set(Some(e));
                reload_workflows.set_value(false);
                return open.set(true);
            }
        };
        concurrency_error.set(None);
        let overrides = match parse_per_deployment_parameters(&f.overrides) {
            Ok(o) => o,
            Err(e) => {
                overrides_error.set(Some(e));
                reload_workflows.set_value(false);
                return open.set(true);
            }
        };
        overrides_error.set(None);
        leptos::task::spawn_local(async move {
            if f.per_deployment() {
                let ids = match on.ids(&api).await {
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
                        parameters: parameters_for(parameters.as_ref(), overrides.as_ref(), &id),
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
            let group = match on {
                RunOn::Group(g) => g.get_untracked(),
                RunOn::Selection(sel) => {
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
                    sel.clear();
                    group
                }
            };
            let mut start = StartExecutionGroup::new(group, f.workflow.clone());
            start.default_parameters = parameters;
            start.parameters = overrides;
            start.force = f.force;
            start.concurrency = concurrency;
            let eg = match api.call(&start).await {
                Ok(g) => g,
                Err(e) => {
                    if params.show_server_error(&e) {
                        reload_workflows.set_value(false);
                        open.set(true);
                    }
                    return toasts.error(&e);
                }
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
            navigate(&super::board_href(&eg.id), Default::default());
        });
    };
    let send = StoredValue::new(send);
    // One click: the same workflow with dry_run (queued) on each member; when its parameters
    // are not ready, the dialog opens with dry run ticked and says what is missing.
    let dry_run_first = move |_| {
        let mut f = flags.get_untracked();
        if params.result.with_untracked(Result::is_err) {
            flags.update(|f| f.dry_run = true);
            params.touch_all();
            reload_workflows.set_value(false);
            return open.set(true);
        }
        f.dry_run = true;
        f.queue = true;
        send.with_value(|s| s(f));
    };

    let check = move |label: &'static str,
                      name: &'static str,
                      get: fn(&Flags) -> bool,
                      set: fn(&mut Flags, bool)| {
        view! {
            <label class="groups-flag">
                <input type="checkbox" name=name prop:checked=move || flags.with(get)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        flags.update(|f| set(f, on));
                        // Custom parameters may be typed in the form's raw view.
                        let known = schema_of(&flags.with_untracked(|f| f.workflow.clone())).is_some();
                        params.allow_custom(!known || flags.with_untracked(|f| f.allow_custom));
                    }/>
                {label}
            </label>
        }
    };
    let field = move |label: &'static str,
                      name: &'static str,
                      get: fn(&Flags) -> String,
                      set: fn(&mut Flags, String)| {
        view! {
            <label class="groups-field">
                <span>{label}</span>
                <input name=name prop:value=move || flags.with(get)
                    on:input=move |ev| { let v = event_target_value(&ev); flags.update(|f| set(f, v)) }/>
            </label>
        }
    };
    // The workflows every member has, or a text box when they could not be listed.
    let workflow_field = move || {
        match workflows.get() {
        None => view! { <p class="muted" aria-busy="true">"Listing the workflows every member has…"</p> }.into_any(),
        Some(Ok(ws)) if !ws.is_empty() => view! {
            <label class="groups-field">
                <span>"Workflow"</span>
                <select name="workflow" on:change=move |ev| choose(event_target_value(&ev))>
                    {ws.into_iter().map(|w| {
                        let n = w.name.clone();
                        let selected = flags.with_untracked(|f| f.workflow == n);
                        view! { <option value=n.clone() selected=selected>{n.clone()}</option> }
                    }).collect_view()}
                </select>
            </label>
        }
        .into_any(),
        Some(answer) => {
            let why = match answer {
                Ok(_) => view! { <p class="muted">"The members have no workflow in common."</p> }.into_any(),
                Err(e) => view! { <ErrorView error=e/> }.into_any(),
            };
            view! {
                {why}
                <label class="groups-field">
                    <span>"Workflow"</span>
                    <input name="workflow" prop:value=move || flags.with(|f| f.workflow.clone())
                        on:input=move |ev| flags.update(|f| f.workflow = event_target_value(&ev))/>
                </label>
                <p class="muted">"Type the workflow; its parameters go in the JSON view."</p>
            }
            .into_any()
        }
    }
    };
    let busy = move || running.with(Option::is_some);
    view! {
        <button class="button groups-run" disabled=busy use:guard="execution_group_create" on:click=move |_| open.set(true)>"Run workflow…"</button>
        <button class="button groups-dry-run" disabled=busy use:guard="execution_start"
            title="Runs the workflow with dry_run on each deployment: nothing changes"
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
            title=Signal::derive(move || format!("Run a workflow on {}", on.what()))
            confirm_label="Run"
            on_confirm=move |_| send.with_value(|s| s(flags.get_untracked()))
        >
            <div class="groups-form">
                {workflow_field}
                <fieldset class="groups-parameters">
                    <legend>"Parameters (for every deployment)"</legend>
                    <SchemaForm form=params/>
                </fieldset>
                <details class="groups-overrides" open=move || flags.with(|f| !f.overrides.trim().is_empty())>
                    <summary>"Parameters for some deployments"</summary>
                    <label class="groups-field">
                        <span>"JSON: deployment id → its parameters, over the ones above"</span>
                        <textarea name="per_deployment_parameters" rows="4" class="mono" placeholder=r#"{"web-1": {"port": 8081}}"#
                            prop:value=move || flags.with(|f| f.overrides.clone())
                            on:input=move |ev| { let v = event_target_value(&ev); flags.update(|f| f.overrides = v) }></textarea>
                    </label>
                    {move || overrides_error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                </details>
                {field("Concurrency", "concurrency", |f| f.concurrency.clone(), |f, v| f.concurrency = v)}
                {move || concurrency_error.get().map(|e| view! { <p class="field-error">{e}</p> })}
                {check("Force: run even if another execution runs", "force", |f| f.force, |f, v| f.force = v)}
                {check("Dry run: nothing changes", "dry_run", |f| f.dry_run, |f, v| f.dry_run = v)}
                {check("Queue if the deployment is busy", "queue", |f| f.queue, |f, v| f.queue = v)}
                {check("Allow custom parameters", "allow_custom_parameters", |f| f.allow_custom, |f, v| f.allow_custom = v)}
                {field("Add deployments that succeed to group", "success_group", |f| f.success_group.clone(), |f, v| f.success_group = v)}
                {field("Add deployments that fail to group", "failure_group", |f| f.failure_group.clone(), |f, v| f.failure_group = v)}
                <p class="muted">{move || if flags.with(Flags::per_deployment) {
                    format!("The manager's execution groups take only force and concurrency: with dry run, queue or custom parameters Baton starts one execution per deployment (one request each, for {}).", on.what())
                } else if matches!(on, RunOn::Group(_)) {
                    "One execution group on the group: one request, whatever the count.".to_string()
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
