//! Execution schedules: the list across deployments, one deployment's schedules, the editor
//! (`edit`) and the calendar of upcoming runs (`calendar`).

mod calendar;
mod edit;

pub use calendar::SchedulesCalendarPage;
pub use edit::{ScheduleEditPage, ScheduleNewPage};

use baton_core::conductor::execution_schedules::{
    DeleteExecutionSchedule, ExecutionSchedule, ListExecutionSchedules, UpdateExecutionSchedule,
};
use baton_core::schedule::{stored_schedule, ScheduleRequest};
use baton_core::session::segment;
use baton_core::{ListQuery, Query, SortKey};
use chrono::{DateTime, NaiveDateTime};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::use_api;
use crate::components::table::{Column, ListSpec, ResourceList};
use crate::components::{status_badge, ErrorView, Loading};
use crate::permissions::{guard, ActionLink};

/// The manager checks `execution_schedule_create` for creating, changing and deleting a
/// schedule alike (it has no separate update or delete permission).
pub const SCHEDULE_CHANGE: &str = "execution_schedule_create";

/// The browser's clock, as naive UTC (the manager's own form).
pub fn now_utc() -> NaiveDateTime {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64)
        .map(|d| d.naive_utc())
        .unwrap_or_default()
}

/// `t` (naive UTC) in the browser's time zone: `2026-01-05 11:00 (UTC+01:00)`.
pub fn local_text(t: NaiveDateTime) -> String {
    let ms = t.and_utc().timestamp_millis() as f64;
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    let offset = -(d.get_timezone_offset() as i32);
    let sign = if offset < 0 { '-' } else { '+' };
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} (UTC{sign}{:02}:{:02})",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes(),
        offset.abs() / 60,
        offset.abs() % 60
    )
}

/// A time shown as UTC with the local time under it.
pub fn utc_and_local(t: Option<NaiveDateTime>) -> AnyView {
    match t {
        None => view! { <span class="muted">"—"</span> }.into_any(),
        Some(t) => {
            let utc = format!("{} UTC", t.format("%Y-%m-%d %H:%M"));
            let local = format!("local {}", local_text(t));
            view! { <span class="nowrap">{utc}</span><div class="sub nowrap">{local}</div> }
                .into_any()
        }
    }
}

/// `/schedules/<deployment>/<id>/edit`.
pub fn edit_href(s: &ExecutionSchedule) -> String {
    format!(
        "/schedules/{}/{}/edit",
        segment(s.deployment_id.as_deref().unwrap_or_default()),
        segment(&s.id)
    )
}

/// The executions list filtered to the runs this schedule started. The scheduler creates
/// executions as the schedule's creator, for its deployment and workflow.
pub fn executions_href(s: &ExecutionSchedule) -> String {
    let mut q = Query::new();
    if let Some(d) = &s.deployment_id {
        q.push("deployment_id", d);
    }
    if let Some(w) = &s.workflow_id {
        q.push("workflow_id", w);
    }
    q.push("schedule", &s.id);
    format!("/executions?{}", q.encode())
}

/// The rule in plain English, or why it cannot be read.
fn rule_text(s: &ExecutionSchedule) -> String {
    match stored_schedule(s) {
        Ok(rule) => rule.describe(),
        Err(e) => format!("Unreadable rule: {e}"),
    }
}

fn columns() -> Vec<Column<ExecutionSchedule>> {
    vec![
        Column {
            label: "Schedule",
            sort: Some("id"),
            fields: &["id", "deployment_id"],
            cell: |s| {
                let (link, id) = (edit_href(s), s.id.clone());
                view! { <A href=link attr:class="mono name">{id}</A> }.into_any()
            },
        },
        Column {
            label: "Deployment",
            sort: Some("deployment_id"),
            fields: &["deployment_id"],
            cell: |s| {
                let dep = s.deployment_id.clone().unwrap_or_default();
                let link = format!("/deployments/{}", segment(&dep));
                let only = format!(
                    "/schedules?{}",
                    Query::new().with("deployment_id", dep.clone()).encode()
                );
                view! {
                    <A href=link attr:class="mono id">{dep}</A>
                    <div class="sub"><A href=only>"only this one"</A></div>
                }
                .into_any()
            },
        },
        Column {
            label: "Workflow",
            sort: Some("workflow_id"),
            fields: &["workflow_id"],
            cell: |s| {
                view! { <span class="mono">{s.workflow_id.clone().unwrap_or_default()}</span> }
                    .into_any()
            },
        },
        Column {
            label: "Rule",
            sort: None,
            fields: &["rule", "since", "until"],
            cell: |s| view! { <span class="rule">{rule_text(s)}</span> }.into_any(),
        },
        Column {
            label: "Next run",
            sort: Some("next_occurrence"),
            fields: &["next_occurrence"],
            cell: |s| utc_and_local(s.next_occurrence.map(|t| t.0)),
        },
        Column {
            label: "Last run",
            sort: Some("latest_execution_status"),
            fields: &["latest_execution_status"],
            cell: |s| {
                let status = s.latest_execution_status.as_ref().map(|v| v.to_string());
                let link = executions_href(s);
                view! { {status_badge(status)}<div class="sub"><A href=link>"runs"</A></div> }
                    .into_any()
            },
        },
        Column {
            label: "Since / until",
            sort: Some("since"),
            fields: &["since", "until"],
            cell: |s| {
                let until = s
                    .until
                    .map(|t| t.short())
                    .unwrap_or_else(|| "no end".into());
                view! {
                    <span class="nowrap">{s.since.map(|t| t.short()).unwrap_or_default()}</span>
                    <div class="sub nowrap">"until " {until}</div>
                }
                .into_any()
            },
        },
        Column {
            label: "On failure",
            sort: Some("stop_on_fail"),
            fields: &["stop_on_fail", "slip"],
            cell: |s| {
                let stop = if s.stop_on_fail.unwrap_or(false) {
                    "stops"
                } else {
                    "continues"
                };
                let slip = format!("slip {} min", s.slip.unwrap_or(0));
                view! { <span>{stop}</span><div class="sub nowrap">{slip}</div> }.into_any()
            },
        },
        Column {
            label: "Enabled",
            sort: Some("enabled"),
            fields: &["enabled", "workflow_id"],
            cell: |s| view! { <ScheduleActions schedule=s.clone()/> }.into_any(),
        },
    ]
}

/// Enable/disable, edit, duplicate, delete (confirmed) for one schedule. The row follows the
/// answers itself, so the list does not reload under the operator.
#[component]
fn ScheduleActions(schedule: ExecutionSchedule) -> impl IntoView {
    let api = use_api();
    let enabled = RwSignal::new(schedule.enabled.unwrap_or(true));
    let busy = RwSignal::new(false);
    let deleted = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let error = RwSignal::new(None);
    let id = StoredValue::new(schedule.id.clone());
    let dep = StoredValue::new(schedule.deployment_id.clone().unwrap_or_default());
    let toggle = move |_| {
        let (id, dep) = (id.get_value(), dep.get_value());
        let want = !enabled.get_untracked();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let call = UpdateExecutionSchedule {
                id,
                deployment_id: dep,
                body: ScheduleRequest {
                    enabled: Some(want),
                    ..ScheduleRequest::default()
                },
            };
            match api.call(&call).await {
                Ok(s) => {
                    enabled.set(s.enabled.unwrap_or(want));
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let delete = move |_| {
        let (id, dep) = (id.get_value(), dep.get_value());
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api
                .call(&DeleteExecutionSchedule {
                    id,
                    deployment_id: dep,
                })
                .await
            {
                Ok(()) => deleted.set(true),
                Err(e) => error.set(Some(e)),
            }
            confirming.set(false);
            busy.set(false);
        });
    };
    let edit = StoredValue::new(edit_href(&schedule));
    let copy = StoredValue::new(format!(
        "/schedules/new?{}",
        Query::new()
            .with(
                "deployment_id",
                schedule.deployment_id.clone().unwrap_or_default()
            )
            .with("copy", schedule.id.clone())
            .encode()
    ));
    view! {
        <Show
            when=move || !deleted.get()
            fallback=|| view! { <span class="badge neutral">"deleted"</span> }
        >
            <div class="schedule-actions">
                <label class="switch">
                    <input
                        type="checkbox"
                        aria-label="Enabled"
                        prop:checked=move || enabled.get()
                        disabled=move || busy.get()
                        use:guard=SCHEDULE_CHANGE
                        on:change=toggle
                    />
                    {move || if enabled.get() { "enabled" } else { "disabled" }}
                </label>
                <ActionLink href=edit.get_value() class="" permission=SCHEDULE_CHANGE label="Edit"/>
                <ActionLink href=copy.get_value() class="" permission=SCHEDULE_CHANGE label="Duplicate"/>
                <Show
                    when=move || confirming.get()
                    fallback=move || view! {
                        <button class="button danger small" use:guard=SCHEDULE_CHANGE on:click=move |_| confirming.set(true)>"Delete"</button>
                    }
                >
                    <span class="confirm-inline" role="alertdialog" aria-label="Confirm delete">
                        {format!("Delete {}? ", id.get_value())}
                        <button class="button danger small" disabled=move || busy.get() on:click=delete>"Delete"</button>
                        <button class="button small" on:click=move |_| confirming.set(false)>"Keep"</button>
                    </span>
                </Show>
            </div>
            {move || error.get().map(|e| view! { <ErrorView error=e/> })}
        </Show>
    }
}

fn list_spec() -> ListSpec<ExecutionSchedule, ListExecutionSchedules> {
    ListSpec {
        noun: "schedules",
        path: "/schedules",
        default_sort: || SortKey::asc("next_occurrence"),
        columns: columns(),
        filters: &["deployment_id", "workflow_id", "enabled"],
        search_names: false,
        endpoint: |query| ListExecutionSchedules { query },
        placeholder: "Search by schedule id",
    }
}

#[component]
pub fn SchedulesPage() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let new_href = move || {
        let q = Query::decode(location.search.get().trim_start_matches('?'));
        match q.get("deployment_id") {
            Some(d) => format!(
                "/schedules/new?{}",
                Query::new().with("deployment_id", d).encode()
            ),
            None => "/schedules/new".to_string(),
        }
    };
    view! {
        <div class="page-head">
            <h1>"Schedules"</h1>
            <span class="spacer"></span>
            <A href="/schedules/calendar" attr:class="button">"Calendar"</A>
            <ActionLink href=Signal::derive(new_href) class="button primary" permission=SCHEDULE_CHANGE label="New schedule"/>
        </div>
        <p class="muted">"Workflows the manager runs on a timetable. Times are UTC; your local time is shown under each."</p>
        <ResourceList spec=list_spec()/>
    }
    .into_any()
}

/// One deployment's schedules, for its page: the rule, next run and last run of each, with
/// links to the full list and to a new schedule.
#[component]
pub fn DeploymentSchedules(#[prop(into)] deployment_id: String) -> impl IntoView {
    let api = use_api();
    let dep = deployment_id.clone();
    let data = LocalResource::new(move || {
        let query = ListQuery::new()
            .include([
                "id",
                "deployment_id",
                "workflow_id",
                "rule",
                "since",
                "until",
                "next_occurrence",
                "enabled",
                "latest_execution_status",
            ])
            .filter("deployment_id", dep.clone())
            .sort(SortKey::asc("next_occurrence"))
            .page(20, 0);
        async move { api.call(&ListExecutionSchedules { query }).await }
    });
    let q = Query::new()
        .with("deployment_id", deployment_id.clone())
        .encode();
    let (all, new) = (format!("/schedules?{q}"), format!("/schedules/new?{q}"));
    view! {
        <section class="deployment-schedules">
            <h2>"Schedules"</h2>
            <p><ActionLink href=new class="button" permission=SCHEDULE_CHANGE label="New schedule"/>" "<A href=all>"All schedules of this deployment"</A></p>
            {move || match data.get() {
                None => view! { <Loading what="schedules"/> }.into_any(),
                Some(Err(e)) => view! { <ErrorView error=e/> }.into_any(),
                Some(Ok(page)) if page.items.is_empty() => {
                    view! { <p class="empty">"No schedules run workflows on this deployment."</p> }.into_any()
                }
                Some(Ok(page)) => view! {
                    <ul class="schedule-cards">
                        {page.items.into_iter().map(|s| {
                            let next = s.next_occurrence.map(|t| format!("next {} UTC", t.short()))
                                .unwrap_or_else(|| "no next run".into());
                            let state = if s.enabled.unwrap_or(true) { "" } else { " · disabled" };
                            let (link, rule) = (edit_href(&s), rule_text(&s));
                            let last = status_badge(s.latest_execution_status.as_ref().map(|v| v.to_string()));
                            view! {
                                <li>
                                    <A href=link attr:class="mono">{s.id}</A>
                                    " · " <span class="mono">{s.workflow_id.unwrap_or_default()}</span>
                                    " · " {rule}
                                    <div class="sub">{next}{state}" · last run "{last}</div>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
    .into_any()
}
