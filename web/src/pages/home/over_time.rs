//! Executions over the last days, per day and by outcome, drawn as SVG columns. One request:
//! the last days' executions with only their creation time and status (at most 1,000, the
//! newest; the card says when there were more), counted here. `/summary/executions` has no
//! time buckets, and a count per day and outcome would be 21 requests.

use baton_core::conductor::executions::{ExecutionStatus, ListExecutions};
use baton_core::query::Range;
use baton_core::{ApiError, ListQuery, SortKey, Timestamp};
use chrono::{Duration, NaiveDateTime};
use leptos::prelude::*;

use super::EVERY_MS;
use crate::api::{now, use_api, Api};
use crate::components::{ErrorView, Loading};
use crate::live;

const DAYS: i64 = 7;
/// The columns' drawing height, in the SVG's units.
const HEIGHT: f64 = 90.0;

#[derive(Clone, Debug, Default, PartialEq)]
struct Day {
    /// `MM-DD`.
    label: String,
    completed: u64,
    failed: u64,
    other: u64,
}

impl Day {
    fn total(&self) -> u64 {
        self.completed + self.failed + self.other
    }
}

/// The newest executions counted at most.
const MOST: u32 = 1000;

/// The days, oldest first, and how many executions the manager had when more than were counted.
async fn load(api: Api, now: NaiveDateTime) -> Result<(Vec<Day>, Option<u64>), ApiError> {
    let today = now.date().and_hms_opt(0, 0, 0).unwrap_or(now);
    let first = today - Duration::days(DAYS - 1);
    let mut query = ListQuery::new()
        .include(["created_at", "status"])
        .sort(SortKey::desc("created_at"))
        .page(MOST, 0);
    query.range.push(Range {
        field: "created_at".into(),
        from: Some(Timestamp(first).to_wire()),
        to: None,
    });
    let page = api
        .call(&ListExecutions {
            query,
            include_system_workflows: true,
        })
        .await?;
    let mut days: Vec<Day> = (0..DAYS)
        .map(|i| Day {
            label: (first + Duration::days(i)).format("%m-%d").to_string(),
            ..Day::default()
        })
        .collect();
    for e in &page.items {
        let Some(at) = e.created_at else { continue };
        let i = (at.0 - first).num_days();
        let Some(day) = usize::try_from(i).ok().and_then(|i| days.get_mut(i)) else {
            continue;
        };
        match e.status {
            Some(ExecutionStatus::Terminated) => day.completed += 1,
            Some(ExecutionStatus::Failed) => day.failed += 1,
            _ => day.other += 1,
        }
    }
    let total = page.pagination().total;
    Ok((days, (total > page.items.len() as u64).then_some(total)))
}

fn columns((days, more): (Vec<Day>, Option<u64>)) -> AnyView {
    let most = days.iter().map(Day::total).max().unwrap_or(0).max(1) as f64;
    let width = DAYS as f64 * 40.0;
    let bars = days
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let x = i as f64 * 40.0 + 6.0;
            let mut y = HEIGHT;
            // Failed at the bottom, where the eye starts; then completed, then the rest.
            let parts = [("bad", d.failed), ("ok", d.completed), ("neutral", d.other)]
                .into_iter()
                .filter(|(_, n)| *n > 0)
                .map(|(tone, n)| {
                    let h = n as f64 / most * HEIGHT;
                    y -= h;
                    view! { <rect class=format!("column {tone}") x=format!("{x:.0}") y=format!("{y:.1}") width="28" height=format!("{h:.1}")></rect> }
                })
                .collect_view();
            let said = format!(
                "{}: {} completed, {} failed, {} other",
                d.label, d.completed, d.failed, d.other
            );
            view! { <g role="img" aria-label=said>{parts}</g> }
        })
        .collect_view();
    let labels = days
        .into_iter()
        .map(|d| {
            let total = d.total();
            view! { <span class="day"><span class="muted">{d.label}</span><br/>{total.to_string()}</span> }
        })
        .collect_view();
    view! {
        <svg class="over-time" viewBox=format!("0 0 {width} {HEIGHT}") role="group" aria-label="Executions per day">{bars}</svg>
        <div class="over-time-days">{labels}</div>
        {more.map(|total| view! { <p class="muted">{format!("Counted the newest {MOST} of {total} executions in these days.")}</p> })}
        <p class="legend">
            <span class="dot bad"></span>" failed "<span class="dot ok"></span>" completed "<span class="dot neutral"></span>" other (running, cancelled, queued…)"
        </p>
    }
    .into_any()
}

#[component]
pub fn ExecutionsOverTime() -> impl IntoView {
    let api = use_api();
    let answer = RwSignal::new(None::<Result<(Vec<Day>, Option<u64>), ApiError>>);
    let live = live::load_then_register(EVERY_MS, move || async move {
        let r = load(api, now()).await;
        let outcome = r.as_ref().map(|_| ()).map_err(Clone::clone);
        answer.try_set(Some(r));
        outcome
    });
    view! {
        <section class="card summary over-time-card" aria-label="Executions over the last 7 days">
            <header class="card-head"><h2>"Executions over the last 7 days"</h2></header>
            {move || match answer.get() {
                None => view! { <Loading what="what the manager says"/> }.into_any(),
                Some(Err(e)) => view! { <ErrorView error=e on_retry=move |_| live.refresh()/> }.into_any(),
                Some(Ok(days)) => columns(days),
            }}
        </section>
    }
    .into_any()
}
