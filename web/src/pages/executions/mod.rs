//! Executions: the list (global, or one deployment's), one execution's page with its
//! progress, operations timeline, logs, and the escalation ladder (cancel → force cancel →
//! kill; resume, force resume; run again).

pub mod graph;
pub mod ladder;

use baton_core::conductor::executions::{
    DeleteExecutions, Execution, ExecutionStatus, GetExecution, ListExecutions,
};
use baton_core::session::segment;
use baton_core::{ApiError, ListQuery, Query, SortKey, Timestamp};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_navigate, use_params_map};

use crate::api::use_api;
use crate::components::log_view::LogView;
use crate::components::progress::ProgressBar;
use crate::components::table::{Column, ListSpec, ResourceList};
use crate::components::timeline::OperationsTimeline;
use crate::components::{status_badge, ErrorView, KeyValueTable, Loading};
use crate::live::{self, LiveToggle};
use crate::permissions::guard;

pub use ladder::Ladder;

pub fn href(id: &str) -> String {
    format!("/executions/{}", segment(id))
}

fn status_text(e: &Execution) -> Option<String> {
    e.status_display
        .clone()
        .or_else(|| e.status.as_ref().map(|s| s.display().to_string()))
}

/// `1 h 02 min`, `3 min 05 s`, `12 s`.
pub fn duration(e: &Execution) -> String {
    let Some(start) = e.started_at else {
        return "—".into();
    };
    let end = e.ended_at.map(|t| t.0).unwrap_or_else(crate::api::now);
    let s = (end - start.0).num_seconds().max(0);
    let text = if s >= 3600 {
        format!("{} h {:02} min", s / 3600, (s % 3600) / 60)
    } else if s >= 60 {
        format!("{} min {:02} s", s / 60, s % 60)
    } else {
        format!("{s} s")
    };
    if e.ended_at.is_none() {
        format!("{text} so far")
    } else {
        text
    }
}

/// "3 min ago" with the exact UTC time on hover, as everywhere in the console.
fn when(t: Option<Timestamp>) -> AnyView {
    view! { <crate::components::clock::When t/> }.into_any()
}

fn flags(e: &Execution) -> String {
    let mut f = Vec::new();
    if e.is_dry_run == Some(true) {
        f.push("dry run");
    }
    if e.is_system_workflow == Some(true) {
        f.push("system");
    }
    f.join(", ")
}

fn columns() -> Vec<Column<Execution>> {
    vec![
        Column {
            label: "Execution",
            sort: Some("workflow_id"),
            fields: &["id", "workflow_id"],
            cell: |e| {
                let (link, wf, id) = (
                    href(&e.id),
                    e.workflow_id.clone().unwrap_or_default(),
                    e.id.clone(),
                );
                let copy = crate::components::copy_id(id.clone());
                view! { <A href=link attr:class="name">{wf}</A><div class="sub mono">{id}{copy}</div> }
                    .into_any()
            },
        },
        Column {
            label: "Deployment",
            sort: Some("deployment_id"),
            fields: &["deployment_id"],
            cell: |e| match e.deployment_id.clone() {
                None => view! { <span class="muted">"—"</span> }.into_any(),
                Some(d) => {
                    let link = format!("/deployments/{}", segment(&d));
                    view! { <A href=link attr:class="mono id">{d}</A> }.into_any()
                }
            },
        },
        Column {
            label: "Status",
            sort: Some("status"),
            fields: &["status", "status_display"],
            cell: |e| status_badge(status_text(e)),
        },
        Column {
            label: "Created",
            sort: Some("created_at"),
            fields: &["created_at"],
            cell: |e| when(e.created_at),
        },
        Column {
            label: "Started",
            sort: Some("started_at"),
            fields: &["started_at"],
            cell: |e| when(e.started_at),
        },
        Column {
            label: "Ended",
            sort: Some("ended_at"),
            fields: &["ended_at"],
            cell: |e| when(e.ended_at),
        },
        Column {
            label: "Duration",
            sort: None,
            fields: &["started_at", "ended_at"],
            cell: |e| view! { <span class="nowrap">{duration(e)}</span> }.into_any(),
        },
        Column {
            label: "By",
            sort: Some("created_by"),
            fields: &["created_by"],
            cell: |e| view! { <span>{e.created_by.clone().unwrap_or_default()}</span> }.into_any(),
        },
        Column {
            label: "Flags",
            sort: None,
            fields: &["is_dry_run", "is_system_workflow"],
            cell: |e| view! { <span class="muted">{flags(e)}</span> }.into_any(),
        },
    ]
}

const STATUSES: &[&str] = &[
    "pending",
    "started",
    "cancelling",
    "force_cancelling",
    "cancelled",
    "terminated",
    "failed",
    "queued",
    "scheduled",
];

/// Statuses of executions that are still running (or about to).
const RUNNING: &[&str] = &[
    "pending",
    "started",
    "cancelling",
    "force_cancelling",
    "kill_cancelling",
    "queued",
];

/// The list's request: URL `from` / `to` (created between) become the manager's `_range`.
fn list_call(mut query: ListQuery) -> ListExecutions {
    let (mut from, mut to) = (None, None);
    query.filters.retain(|(k, v)| match k.as_str() {
        "from" => {
            from = Some(minutes_to_seconds(v));
            false
        }
        "to" => {
            to = Some(minutes_to_seconds(v));
            false
        }
        _ => true,
    });
    if from.is_some() || to.is_some() {
        query.range.push(baton_core::query::Range {
            field: "created_at".into(),
            from,
            to,
        });
    }
    ListExecutions {
        query,
        include_system_workflows: true,
    }
}

/// `<input type=datetime-local>` gives minutes only; the manager wants seconds.
fn minutes_to_seconds(v: &str) -> String {
    let v = v.trim();
    if v.len() == 16 {
        format!("{v}:00")
    } else {
        v.to_string()
    }
}

/// `/executions`: every execution of the tenant, filtered by status, workflow, deployment and
/// time range; live (through the one scheduler) unless paused; `?running=first` puts what is
/// still running above the list.
#[component]
pub fn ExecutionsPage() -> impl IntoView {
    let spec = ListSpec {
        noun: "executions",
        path: "/executions",
        default_sort: || SortKey::desc("created_at"),
        columns: columns(),
        filters: &[
            "status",
            "workflow_id",
            "deployment_id",
            "execution_group_id",
            "created_by",
            "from",
            "to",
        ],
        search_names: false,
        endpoint: list_call,
        placeholder: "Search executions by id",
    };
    let location = use_location();
    let running_first = Memo::new(move |_| {
        Query::decode(location.search.get().trim_start_matches('?')).get("running") == Some("first")
    });
    // The list asks again on each tick; the rows stay until the answer is here.
    let reload = Trigger::new();
    let live = live::register(5_000, move || async move {
        reload.notify();
        Ok(())
    });
    view! {
        <header class="section-head exec-list-head"><h1>"Executions"</h1><LiveToggle live/></header>
        <ExecutionFilters/>
        {move || running_first.get().then(|| view! { <RunningNow/> })}
        <ResourceList spec reload/>
        <DeleteFinished/>
    }
    .into_any()
}

/// What is running now (any deployment, newest first), live: the "running first" part.
#[component]
fn RunningNow() -> impl IntoView {
    let api = use_api();
    let rows = RwSignal::new(None::<Result<(Vec<Execution>, u64), ApiError>>);
    let live = live::register(3_000, move || async move {
        let mut query = ListQuery::new()
            .sort(SortKey::desc("created_at"))
            .include([
                "id",
                "workflow_id",
                "deployment_id",
                "status",
                "status_display",
                "started_at",
                "created_by",
            ])
            .page(20, 0);
        for s in RUNNING {
            query = query.filter("status", *s);
        }
        let r = api
            .call(&ListExecutions {
                query,
                include_system_workflows: true,
            })
            .await
            .map(|p| {
                let t = p.pagination().total;
                (p.items, t)
            });
        let out = r.as_ref().map(|_| ()).map_err(Clone::clone);
        rows.try_set(Some(r));
        out
    });
    view! {
        <section class="running-now" aria-label="Running now">
            <header class="section-head"><h2>"Running now"</h2><LiveToggle live/></header>
            {move || match rows.get() {
                None => view! { <Loading what="running executions"/> }.into_any(),
                Some(Err(e)) => view! { <ErrorView error=e on_retry=move |_| live.refresh()/> }.into_any(),
                Some(Ok((items, _))) if items.is_empty() => view! { <p class="empty">"Nothing is running."</p> }.into_any(),
                Some(Ok((items, total))) => view! {
                    <table class="list compact">
                        <tbody>{items.into_iter().map(|e| {
                            let link = href(&e.id);
                            let dep = e.deployment_id.clone().unwrap_or_default();
                            let dep_link = format!("/deployments/{}", segment(&dep));
                            let (badge, took) = (status_badge(status_text(&e)), duration(&e));
                            view! { <tr>
                                <td><A href=link>{e.workflow_id.clone().unwrap_or_default()}</A></td>
                                <td><A href=dep_link attr:class="mono id">{dep}</A></td>
                                <td>{badge}</td>
                                <td class="nowrap">{took}</td>
                                <td>{e.created_by.clone().unwrap_or_default()}</td>
                            </tr> }
                        }).collect_view()}</tbody>
                    </table>
                    {(total > 20).then(|| view! { <p class="muted">{format!("20 of {total} shown")}</p> })}
                }.into_any(),
            }}
        </section>
    }
    .into_any()
}

/// Status, workflow, deployment and time-range pickers that write the list's URL filters.
#[component]
fn ExecutionFilters() -> impl IntoView {
    let location = use_location();
    let navigate = use_navigate();
    let query = Memo::new(move |_| Query::decode(location.search.get().trim_start_matches('?')));
    let set = move |key: &'static str, value: String| {
        let mut out = Query::new();
        for (k, v) in query.get_untracked().pairs() {
            if k != key && k != "page" {
                out.push(k.clone(), v.clone());
            }
        }
        if !value.trim().is_empty() {
            out.push(key, value.trim().to_string());
        }
        let enc = out.encode();
        navigate(
            &if enc.is_empty() {
                "/executions".to_string()
            } else {
                format!("/executions?{enc}")
            },
            Default::default(),
        );
    };
    let set = StoredValue::new(set);
    let current = move |k: &'static str| query.with(|q| q.get(k).unwrap_or_default().to_string());
    let first = move || current("running") == "first";
    view! {
        <form class="toolbar exec-filters" on:submit=|ev| ev.prevent_default()>
            <label>"Status "
                <select aria-label="Status" on:change=move |ev| set.with_value(|s| s("status", event_target_value(&ev)))>
                    <option value="" selected=move || current("status").is_empty()>"Any"</option>
                    {STATUSES.iter().map(|s| view! {
                        <option value=*s selected=move || current("status") == *s>{s.replace('_', " ")}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>"Workflow "
                <input type="text" aria-label="Workflow" placeholder="install" prop:value=move || current("workflow_id")
                    on:change=move |ev| set.with_value(|s| s("workflow_id", event_target_value(&ev)))/>
            </label>
            <label>"Deployment "
                <input type="text" aria-label="Deployment" placeholder="deployment id" prop:value=move || current("deployment_id")
                    on:change=move |ev| set.with_value(|s| s("deployment_id", event_target_value(&ev)))/>
            </label>
            <label>"Created from "
                <input type="datetime-local" aria-label="Created from" prop:value=move || current("from")
                    on:change=move |ev| set.with_value(|s| s("from", event_target_value(&ev)))/>
            </label>
            <label>"to "
                <input type="datetime-local" aria-label="Created to" prop:value=move || current("to")
                    on:change=move |ev| set.with_value(|s| s("to", event_target_value(&ev)))/>
            </label>
            <button type="button" class="button" on:click=move |_| set.with_value(|s| s("status", "started".into()))>"Running"</button>
            <button type="button" class="button" on:click=move |_| set.with_value(|s| s("status", "failed".into()))>"Failed"</button>
            <button type="button" class="button" aria-pressed=move || first().to_string()
                on:click=move |_| set.with_value(|s| s("running", if first() { String::new() } else { "first".into() }))>
                "Running first"
            </button>
        </form>
    }
}

/// Admin: delete finished executions, keeping the newest N or those after a date.
#[component]
fn DeleteFinished() -> impl IntoView {
    let api = use_api();
    let is_admin = move || {
        api.signed_in
            .with(|s| s.as_ref().is_some_and(|s| s.role == "sys_admin"))
    };
    let keep = RwSignal::new(String::new());
    let before = RwSignal::new(String::new());
    let armed = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Result<u64, ApiError>>);
    let busy = RwSignal::new(false);
    let problem = move || {
        let (k, b) = (keep.get(), before.get());
        match (k.trim().is_empty(), b.trim().is_empty()) {
            (true, true) => Some("Give how many to keep, or a date."),
            (false, false) => Some("Give either how many to keep or a date, not both."),
            (false, true) if k.trim().parse::<u64>().is_err() => {
                Some("“Keep the newest” must be a whole number.")
            }
            (true, false)
                if Timestamp::parse(&format!("{}:00", b.trim())).is_none()
                    && Timestamp::parse(b.trim()).is_none() =>
            {
                Some("The date must look like 2026-11-29T10:00.")
            }
            _ => None,
        }
    };
    let run = move |_| {
        let (k, b) = (keep.get_untracked(), before.get_untracked());
        let call = DeleteExecutions {
            keep_last: k.trim().parse().ok(),
            to_datetime: Timestamp::parse(&format!("{}:00", b.trim()))
                .or_else(|| Timestamp::parse(b.trim())),
            query: ListQuery::new(),
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let r = api.call(&call).await;
            busy.set(false);
            armed.set(false);
            outcome.set(Some(r));
        });
    };
    move || {
        is_admin().then(|| view! {
            <details class="delete-finished">
                <summary>"Delete finished executions (admin)"</summary>
                <p class="muted">"Deletes completed, failed and cancelled executions with their events and logs. Running ones are never touched."</p>
                <label>"Keep the newest "<input type="number" min="0" prop:value=move || keep.get() on:input=move |ev| keep.set(event_target_value(&ev))/></label>
                " or "
                <label>"delete those ended before "<input type="text" placeholder="2026-11-29T10:00" prop:value=move || before.get() on:input=move |ev| before.set(event_target_value(&ev))/></label>
                {move || problem().map(|p| view! { <p class="field-error">{p}</p> })}
                {move || if armed.get() {
                    view! {
                        <div class="inline-panel" role="alertdialog" aria-label="Confirm deletion">
                            <p>"This cannot be undone. Delete those executions and their logs?"</p>
                            <button class="button danger" disabled=move || busy.get() on:click=run>"Delete"</button>
                            <button class="button" on:click=move |_| armed.set(false)>"Keep them"</button>
                        </div>
                    }.into_any()
                } else {
                    view! { <button class="button danger" disabled=move || problem().is_some() use:guard="execution_delete" on:click=move |_| armed.set(true)>"Delete…"</button> }.into_any()
                }}
                {move || outcome.get().map(|r| match r {
                    Ok(n) => view! { <p class="ok">{format!("Deleted {n} executions.")}</p> }.into_any(),
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                })}
            </details>
        })
    }
}

/// The newest executions of one deployment, live, with a link to all of them.
#[component]
pub fn DeploymentExecutions(
    #[prop(into)] deployment_id: String,
    #[prop(optional)] size: Option<u32>,
) -> impl IntoView {
    let api = use_api();
    let rows = RwSignal::new(None::<Result<(Vec<Execution>, u64), ApiError>>);
    let id = StoredValue::new(deployment_id);
    let size = size.unwrap_or(10);
    let live = live::register(5_000, move || async move {
        let Some(deployment) = id.try_get_value() else {
            return Ok(());
        };
        let call = ListExecutions {
            query: ListQuery::new()
                .filter("deployment_id", deployment)
                .sort(SortKey::desc("created_at"))
                .include([
                    "id",
                    "workflow_id",
                    "status",
                    "status_display",
                    "created_at",
                    "started_at",
                    "ended_at",
                    "created_by",
                    "is_dry_run",
                    "is_system_workflow",
                ])
                .page(size, 0),
            include_system_workflows: true,
        };
        let r = api.call(&call).await.map(|p| {
            let t = p.pagination().total;
            (p.items, t)
        });
        let out = r.as_ref().map(|_| ()).map_err(Clone::clone);
        // A failed refresh keeps the rows shown (the toggle says it is retrying and why);
        // only a first load that fails shows the error.
        let shown = rows
            .try_with_untracked(|x| matches!(x, Some(Ok(_))))
            .unwrap_or(false);
        if r.is_ok() || !shown {
            rows.try_set(Some(r));
        }
        out
    });
    let all = format!(
        "/executions?{}",
        Query::new().with("deployment_id", id.get_value()).encode()
    );
    view! {
        <section class="deployment-executions">
            <header class="section-head"><h2>"Executions"</h2><LiveToggle live/><A href=all>"All executions of this deployment"</A></header>
            {move || match rows.get() {
                None => view! { <Loading what="executions"/> }.into_any(),
                Some(Err(e)) => view! { <ErrorView error=e on_retry=move |_| live.refresh()/> }.into_any(),
                Some(Ok((items, _))) if items.is_empty() => view! { <p class="empty">"No executions yet."</p> }.into_any(),
                Some(Ok((items, total))) => view! {
                    <table class="list">
                        <thead><tr><th>"Workflow"</th><th>"Status"</th><th>"Started"</th><th>"Duration"</th><th>"By"</th></tr></thead>
                        <tbody>{items.into_iter().map(|e| {
                            let link = href(&e.id);
                            let (fl, badge, started, took) = (flags(&e), status_badge(status_text(&e)), when(e.started_at), duration(&e));
                            view! { <tr>
                                <td><A href=link>{e.workflow_id.clone().unwrap_or_default()}</A>" "<span class="muted">{fl}</span></td>
                                <td>{badge}</td>
                                <td class="nowrap">{started}</td>
                                <td class="nowrap">{took}</td>
                                <td>{e.created_by.clone().unwrap_or_default()}</td>
                            </tr> }
                        }).collect_view()}</tbody>
                    </table>
                    <p class="muted">{format!("{total} in all")}</p>
                }.into_any(),
            }}
        </section>
    }
    .into_any()
}

/// `/executions/<id>`.
#[component]
pub fn ExecutionPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    move || {
        let id = id.get();
        view! { <ExecutionView id/> }.into_any()
    }
}

/// One execution, live while it runs.
#[component]
pub fn ExecutionView(id: String) -> impl IntoView {
    let api = use_api();
    let exec = RwSignal::new(None::<Result<Execution, ApiError>>);
    let exec_id = StoredValue::new(id.clone());
    let live = live::register(2_000, move || async move {
        let r = api
            .call(&GetExecution {
                id: exec_id.get_value(),
                include: vec![],
            })
            .await;
        let out = r.as_ref().map(|_| ()).map_err(Clone::clone);
        // A failed refresh keeps what is shown; only the first load shows the error.
        match r {
            Ok(e) => {
                exec.try_set(Some(Ok(e)));
            }
            Err(e) => {
                if exec
                    .try_with_untracked(|x| !matches!(x, Some(Ok(_))))
                    .unwrap_or(false)
                {
                    exec.try_set(Some(Err(e)));
                }
            }
        }
        out
    });
    let status = Memo::new(move |_| {
        exec.with(|e| {
            e.as_ref()
                .and_then(|e| e.as_ref().ok())
                .and_then(|e| e.status.clone())
        })
    });
    // Only what changed re-renders: the ladder (with what the operator typed) stays.
    let current =
        Memo::new(move |_| exec.with(|e| e.as_ref().and_then(|e| e.as_ref().ok()).cloned()));
    let parameters =
        Memo::new(move |_| current.with(|e| e.as_ref().and_then(|e| e.parameters.clone())));
    let running = Signal::derive(move || status.get().is_none_or(|s| !s.is_final()));
    // After every answer (not only a change of status): an action's refresh makes a final
    // view live for one read, and that read says whether it runs again.
    Effect::new(move |_| {
        exec.track();
        live.set_done(!running.get());
    });

    let get_time = move |f: fn(&Execution) -> Option<Timestamp>| {
        move || when(exec.with(|e| e.as_ref().and_then(|e| e.as_ref().ok()).and_then(f)))
    };
    let get = move |f: fn(&Execution) -> String| {
        move || {
            exec.with(|e| {
                e.as_ref()
                    .and_then(|e| e.as_ref().ok())
                    .map(f)
                    .unwrap_or_default()
            })
        }
    };
    let loaded = move || exec.with(|e| matches!(e, Some(Ok(_))));
    let graphs = RwSignal::new(None::<Vec<graph::Graph>>);
    // Finished / total operations: the execution's own counts, or the tasks graph's where the
    // manager leaves them out (older managers, or a graph newer than the record).
    let progress = move || {
        let from_graph = graphs.with(|g| g.as_deref().map(graph::counts));
        exec.with(|e| {
            let e = e.as_ref()?.as_ref().ok()?;
            match (e.finished_operations, e.total_operations, from_graph) {
                (Some(done), Some(total), _) if total > 0 => Some((done.min(total), total)),
                (_, _, Some((done, total))) if total > 0 => Some((done, total)),
                (done, total, _) => Some((done.unwrap_or(0), total.unwrap_or(0))),
            }
        })
    };
    let (title_id, copy) = (id.clone(), crate::components::copy_id(id.clone()));
    view! {
        <p class="crumbs"><A href="/executions">"Executions"</A>" / "<span class="mono">{title_id}</span>{copy}</p>
        {move || match exec.get() {
            None => Some(view! { <Loading what="execution"/> }.into_any()),
            Some(Err(e)) => Some(view! { <ErrorView error=e on_retry=move |_| live.refresh()/> }.into_any()),
            Some(Ok(_)) => None,
        }}
        <Show when=loaded>
            <header class="exec-head">
                <h1>
                    <span>{get(|e| e.workflow_id.clone().unwrap_or_default())}</span>
                    <span class="muted">" on "</span>
                    {move || {
                        let d = get(|e| e.deployment_id.clone().unwrap_or_default())();
                        let link = format!("/deployments/{}", segment(&d));
                        view! { <A href=link attr:class="mono">{d}</A> }
                    }}
                </h1>
                {move || status_badge(exec.with(|e| e.as_ref().and_then(|e| e.as_ref().ok()).and_then(status_text)))}
                <LiveToggle live/>
            </header>
            <ProgressBar
                value=Signal::derive(move || progress().map(|(done, _)| done as f64))
                max=Signal::derive(move || progress().map_or(0.0, |(_, total)| total as f64))
                label="Operations"
                text=Signal::derive(move || progress().map(|(done, total)| format!("{done} of {total} finished")).unwrap_or_default())
            />
            <dl class="facts">
                <dt>"Created"</dt><dd>{get_time(|e| e.created_at)}</dd>
                <dt>"Started"</dt><dd>{get_time(|e| e.started_at)}</dd>
                <dt>"Ended"</dt><dd>{get_time(|e| e.ended_at)}</dd>
                <dt>"Duration"</dt><dd>{get(duration)}</dd>
                <dt>"By"</dt><dd>{get(|e| e.created_by.clone().unwrap_or_default())}</dd>
                <dt>"Flags"</dt><dd>{get(|e| { let f = flags(e); if f.is_empty() { "—".into() } else { f } })}</dd>
                {move || get(|e| e.execution_group_id.clone().unwrap_or_default())().is_empty().then_some(()).map_or_else(
                    || {
                        let g = get(|e| e.execution_group_id.clone().unwrap_or_default())();
                        let link = format!("/execution-groups/{}", segment(&g));
                        Some(view! { <dt>"Group"</dt><dd><A href=link attr:class="mono">{g}</A></dd> })
                    },
                    |_| None,
                )}
            </dl>
            {move || {
                let err = get(|e| e.error.clone().unwrap_or_default())();
                (!err.is_empty()).then(|| {
                    let first = err.lines().next().unwrap_or_default().to_string();
                    let more = err.lines().count() > 1;
                    view! {
                        <section class="exec-error" role="alert">
                            <h2>"Error"</h2>
                            <p>{first}</p>
                            {more.then(|| view! { <details><summary>"Full error"</summary><pre>{err.clone()}</pre></details> })}
                        </section>
                    }
                })
            }}
            <Ladder execution=current on_change=move |_| live.refresh()/>
            <h2>"Parameters"</h2>
            {move || view! { <KeyValueTable entries=parameters.get() empty="No parameters."/> }}
            <OperationsTimeline execution_id=exec_id.get_value() running=running/>
            <graph::TasksGraphs execution_id=exec_id.get_value() running=running graphs/>
            <section id="logs">
                <h2>"Logs"</h2>
                <LogView execution_id=exec_id.get_value()/>
            </section>
        </Show>
    }
    .into_any()
}

/// Whether the status allows no more changes (for the ladder and tests).
pub fn is_final(s: &Option<ExecutionStatus>) -> bool {
    s.as_ref().is_some_and(ExecutionStatus::is_final)
}
