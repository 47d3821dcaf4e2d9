//! The calendar of upcoming runs across all deployments, computed in the browser from each
//! schedule's rule: a week of hours or a month of days, shaded by how many runs fall in each.

use baton_core::conductor::execution_schedules::{ExecutionSchedule, ListExecutionSchedules};
use baton_core::schedule::stored_schedule;
use baton_core::{ApiError, ListQuery, Query, SortKey};
use chrono::{Duration, NaiveDate};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_navigate};

use super::{edit_href, now_utc};
use crate::api::use_api;
use crate::components::calendar::{Calendar, CalendarEvent, CalendarView};
use crate::components::{ErrorView, Loading};

/// Pages of this many schedules are read until all are in (bounded by `MAX_PAGES`).
const PAGE: u32 = 1000;
const MAX_PAGES: u32 = 20;
/// At most this many runs per schedule in one window (a minutely schedule fills a month).
const RUNS_PER_SCHEDULE: usize = 2000;

async fn all_schedules(api: crate::api::Api) -> Result<(Vec<ExecutionSchedule>, u64), ApiError> {
    let mut out = Vec::new();
    let mut total = 0;
    for page in 0..MAX_PAGES {
        let query = ListQuery::new()
            .include([
                "id",
                "deployment_id",
                "workflow_id",
                "rule",
                "since",
                "until",
                "enabled",
            ])
            .sort(SortKey::asc("id"))
            .page(PAGE, page * PAGE);
        let got = api.call(&ListExecutionSchedules { query }).await?;
        total = got.pagination().total;
        let n = got.items.len();
        out.extend(got.items);
        if n < PAGE as usize || out.len() as u64 >= total {
            break;
        }
    }
    Ok((out, total))
}

#[component]
pub fn SchedulesCalendarPage() -> impl IntoView {
    let api = use_api();
    let location = use_location();
    let navigate = use_navigate();
    let params = Memo::new(move |_| Query::decode(location.search.get().trim_start_matches('?')));
    let view_kind = Memo::new(move |_| {
        match params
            .with(|q| q.get("view").map(str::to_string))
            .as_deref()
        {
            Some("month") => CalendarView::Month,
            _ => CalendarView::Week,
        }
    });
    let anchor = Memo::new(move |_| {
        params
            .with(|q| {
                q.get("from")
                    .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            })
            .unwrap_or_else(|| now_utc().date())
    });
    let go = move |v: CalendarView, d: NaiveDate| {
        let kind = if v == CalendarView::Month {
            "month"
        } else {
            "week"
        };
        let q = Query::new()
            .with("view", kind)
            .with("from", d.format("%Y-%m-%d").to_string());
        navigate(
            &format!("/schedules/calendar?{}", q.encode()),
            Default::default(),
        );
    };
    let go = StoredValue::new(go);
    let step = move |forward: bool| {
        let (v, a) = (view_kind.get_untracked(), anchor.get_untracked());
        let d = match v {
            CalendarView::Week => Duration::days(7),
            CalendarView::Month => Duration::days(31),
        };
        let next = if forward { a + d } else { a - d };
        go.with_value(|g| g(v, next));
    };

    let data = LocalResource::new(move || all_schedules(api));

    let body = move || match data.get() {
        None => view! { <Loading what="schedules"/> }.into_any(),
        Some(Err(e)) => view! { <ErrorView error=e on_retry=move |_| data.refetch()/> }.into_any(),
        Some(Ok((schedules, total))) => {
            let (v, a) = (view_kind.get(), anchor.get());
            let (start, end) = v.window(a);
            let (from, to) = (
                start.and_time(Default::default()),
                end.and_time(Default::default()),
            );
            let now = now_utc();
            let from = from.max(now);
            let mut events = Vec::new();
            let mut disabled = 0;
            let mut unreadable = Vec::new();
            for s in &schedules {
                if !s.enabled.unwrap_or(true) {
                    disabled += 1;
                    continue;
                }
                match stored_schedule(s) {
                    Ok(rule) => {
                        let label = format!(
                            "{} · {}",
                            s.deployment_id.as_deref().unwrap_or_default(),
                            s.workflow_id.as_deref().unwrap_or_default()
                        );
                        let href = edit_href(s);
                        events.extend(
                            rule.runs_between(from, to, RUNS_PER_SCHEDULE)
                                .into_iter()
                                .map(|at| CalendarEvent {
                                    at,
                                    label: label.clone(),
                                    href: href.clone(),
                                }),
                        );
                    }
                    Err(e) => unreadable.push(format!("{}: {e}", s.id)),
                }
            }
            let runs = events.len();
            let partial = (schedules.len() as u64) < total;
            let summary = format!(
                "{runs} runs of {} enabled schedules in this {} (UTC){}",
                schedules.len() - disabled,
                if v == CalendarView::Week {
                    "week"
                } else {
                    "month"
                },
                if disabled > 0 {
                    format!("; {disabled} disabled schedules not shown")
                } else {
                    String::new()
                }
            );
            view! {
                <p class="cal-summary">{summary}</p>
                {partial.then(|| view! { <p class="note">{format!("Only the first {} of {total} schedules are shown.", schedules.len())}</p> })}
                {(!unreadable.is_empty()).then(|| view! {
                    <details class="note"><summary>{format!("{} schedules have a rule Baton cannot compute", unreadable.len())}</summary>
                        <ul>{unreadable.into_iter().map(|u| view! { <li>{u}</li> }).collect_view()}</ul>
                    </details>
                })}
                {(schedules.is_empty()).then(|| view! { <p class="empty">"There are no schedules in this tenant yet. "<A href="/schedules/new">"Create one"</A></p> })}
                <Calendar events=events view=v anchor=a/>
            }
            .into_any()
        }
    };

    let heading = move || {
        let (v, a) = (view_kind.get(), anchor.get());
        let (start, end) = v.window(a);
        match v {
            CalendarView::Week => format!(
                "Week of {} – {}",
                start.format("%d %b %Y"),
                (end - Duration::days(1)).format("%d %b %Y")
            ),
            CalendarView::Month => a.format("%B %Y").to_string(),
        }
    };

    view! {
        <nav class="crumbs"><A href="/schedules">"Schedules"</A>" › Calendar"</nav>
        <div class="page-head">
            <h1>"Upcoming runs"</h1>
            <span class="spacer"></span>
            <div class="segmented" role="group" aria-label="View">
                <button class="button" aria-pressed=move || (view_kind.get() == CalendarView::Week).to_string()
                    on:click=move |_| go.with_value(|g| g(CalendarView::Week, anchor.get_untracked()))>"Week"</button>
                <button class="button" aria-pressed=move || (view_kind.get() == CalendarView::Month).to_string()
                    on:click=move |_| go.with_value(|g| g(CalendarView::Month, anchor.get_untracked()))>"Month"</button>
            </div>
            <button class="button" aria-label="Previous" on:click=move |_| step(false)>"‹"</button>
            <button class="button" on:click=move |_| go.with_value(|g| g(view_kind.get_untracked(), now_utc().date()))>"Today"</button>
            <button class="button" aria-label="Next" on:click=move |_| step(true)>"›"</button>
        </div>
        <h2 class="cal-heading">{heading}</h2>
        <p class="muted">"Computed in your browser from each schedule's rule; darker cells hold more runs, outlined cells have two runs in the same minute. Times are UTC."</p>
        {body}
    }
    .into_any()
}
