//! The operations of an execution as a timeline: one row per node instance, one bar per
//! operation run from its start to its end, coloured by how it ended. Built from the task
//! events (`task_started`, `task_succeeded`, `task_failed`...) the manager records, fetched
//! incrementally while the execution runs; each bar links to that operation's log lines.

use baton_core::conductor::events::{Event, EventFilter, ListEvents};
use baton_core::session::segment;
use baton_core::{ApiError, Query};
use chrono::NaiveDateTime;
use leptos::prelude::*;

use crate::api::use_api;
use crate::components::ErrorView;
use crate::live::{self, Live, LiveToggle};

const TASK_EVENTS: &[&str] = &[
    "task_started",
    "task_succeeded",
    "task_failed",
    "task_rescheduled",
];
const BATCH: u32 = 500;

/// One run of one operation on one node instance.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub instance: String,
    pub node: String,
    pub operation: String,
    pub start: NaiveDateTime,
    pub end: Option<NaiveDateTime>,
    /// `running`, `succeeded`, `failed`, `rescheduled`.
    pub state: &'static str,
    /// The failure, with its causes.
    pub failure: Option<Event>,
}

/// Folds task events (oldest first) into bars.
pub fn bars_from_events(events: &[Event]) -> Vec<Bar> {
    let mut bars: Vec<Bar> = Vec::new();
    for e in events {
        let (Some(t), Some(at)) = (
            e.event_type.as_deref(),
            e.reported_timestamp.or(e.timestamp),
        ) else {
            continue;
        };
        let instance = e
            .node_instance_id
            .clone()
            .unwrap_or_else(|| "(workflow)".into());
        let operation = e.operation.clone().unwrap_or_default();
        if t == "task_started" {
            bars.push(Bar {
                instance,
                node: e.node_name.clone().unwrap_or_default(),
                operation,
                start: at.0,
                end: None,
                state: "running",
                failure: None,
            });
            continue;
        }
        let open = bars
            .iter_mut()
            .rev()
            .find(|b| b.end.is_none() && b.instance == instance && b.operation == operation);
        if let Some(b) = open {
            b.end = Some(at.0);
            b.state = match t {
                "task_succeeded" => "succeeded",
                "task_failed" => "failed",
                _ => "rescheduled",
            };
            if t == "task_failed" {
                b.failure = Some(e.clone());
            }
        }
    }
    bars
}

/// The timeline of one execution. `running` says whether to keep fetching new task events.
#[component]
pub fn OperationsTimeline(
    execution_id: String,
    #[prop(into)] running: Signal<bool>,
) -> impl IntoView {
    let api = use_api();
    let events = RwSignal::new(Vec::<Event>::new());
    let total = RwSignal::new(None::<u64>);
    let error = RwSignal::new(None::<ApiError>);
    let id = StoredValue::new(execution_id);
    // Whether a read has started since the execution ended: only then is what it got final.
    let settled = RwSignal::new(false);
    let live: Live = live::register(2_000, move || async move {
        let ended = running.try_get_untracked() == Some(false);
        let have = events.try_with_untracked(Vec::len).unwrap_or(0);
        let mut f = EventFilter::default();
        f.execution_id.push(id.get_value());
        f.kind.push("cloudify_event".into());
        f.event_type = TASK_EVENTS.iter().map(|s| s.to_string()).collect();
        let mut call = ListEvents::window(f, have as u32, BATCH);
        call.include_logs = None;
        match api.call(&call).await {
            Ok(p) => {
                total.try_set(Some(p.pagination().total));
                error.try_set(None);
                if !p.items.is_empty() {
                    events.try_update(|v| v.extend(p.items));
                }
                if ended {
                    settled.try_set(true);
                }
                Ok(())
            }
            Err(e) => {
                error.try_set(Some(e.clone()));
                Err(e)
            }
        }
    });
    // Any change of the execution's status after the first (a resume that ran and ended
    // between two looks) makes what was read stale: read again, and settle again after.
    Effect::new(move |seen: Option<()>| {
        let _ = running.get();
        if seen.is_some() {
            settled.set(false);
            live.refresh();
        }
    });
    // Finished executions are read to the end (by a read started after the end), then no more.
    Effect::new(move |_| {
        let more = total
            .get()
            .is_none_or(|t| (events.with(Vec::len) as u64) < t);
        let run = running.get();
        // Resumed: it runs again, and the next end needs its own final read.
        if run && settled.get_untracked() {
            settled.set(false);
            live.set_done(false);
        }
        if !run && !settled.get_untracked() {
            live.refresh();
        }
        live.set_done(!run && settled.get() && !more);
    });

    let bars = Memo::new(move |_| events.with(|e| bars_from_events(e)));
    let now = move || crate::api::now();
    let chart = move || {
        let bars = bars.get();
        if bars.is_empty() {
            return view! { <p class="empty">"No operation has started yet."</p> }.into_any();
        }
        let start = bars.iter().map(|b| b.start).min().unwrap_or_default();
        let end = bars
            .iter()
            .map(|b| b.end.unwrap_or_else(now))
            .max()
            .unwrap_or(start);
        let span = (end - start).num_milliseconds().max(1) as f64;
        let mut instances: Vec<(String, String)> = Vec::new();
        for b in &bars {
            if !instances.iter().any(|(i, _)| *i == b.instance) {
                instances.push((b.instance.clone(), b.node.clone()));
            }
        }
        let exec = id.get_value();
        let rows = instances
            .into_iter()
            .map(|(instance, _node)| {
                let mine = bars
                    .iter()
                    .filter(|b| b.instance == instance)
                    .map(|b| {
                        let left = (b.start - start).num_milliseconds() as f64 / span * 100.0;
                        let stop = b.end.unwrap_or_else(now);
                        let width =
                            ((stop - b.start).num_milliseconds() as f64 / span * 100.0).max(0.6);
                        let short = b
                            .operation
                            .rsplit('.')
                            .next()
                            .unwrap_or(&b.operation)
                            .to_string();
                        let secs = (stop - b.start).num_milliseconds() as f64 / 1000.0;
                        let title = format!("{} · {} · {secs:.1} s", b.operation, b.state);
                        let q = Query::new()
                            .with("node", b.node.clone())
                            .with("operation", b.operation.clone())
                            .encode();
                        let href = format!("/executions/{}?{q}#logs", segment(&exec));
                        view! {
                            <a
                                class=format!("tl-bar {}", b.state)
                                style=format!("left:{left:.3}%;width:{width:.3}%")
                                title=title
                                href=href
                            >
                                {short}
                            </a>
                        }
                    })
                    .collect_view();
                view! {
                    <div class="tl-row" role="listitem">
                        <span class="tl-label mono" title=instance.clone()>{instance.clone()}</span>
                        <span class="tl-track">{mine}</span>
                    </div>
                }
            })
            .collect_view();
        let secs = span / 1000.0;
        view! {
            <div class="tl-axis muted">
                <span>{start.format("%H:%M:%S").to_string()}</span>
                <span>{format!("{secs:.0} s")}</span>
                <span>{end.format("%H:%M:%S").to_string()}</span>
            </div>
            <div class="timeline" role="list" aria-label="Operations by node instance">{rows}</div>
        }
        .into_any()
    };

    let failures = move || {
        let failed: Vec<Bar> =
            bars.with(|b| b.iter().filter(|b| b.failure.is_some()).cloned().collect());
        (!failed.is_empty()).then(|| {
            view! {
                <h3>"Failed operations"</h3>
                <ul class="failures">
                    {failed.into_iter().map(|b| {
                        let e = b.failure.clone().unwrap_or_default();
                        let causes = e.causes();
                        view! {
                            <li>
                                <strong class="mono">{b.instance.clone()}</strong>" "{b.operation.clone()}
                                <p>{e.message.clone().unwrap_or_default()}</p>
                                <ol class="error-causes">
                                    {causes.into_iter().map(|c| view! {
                                        <li>
                                            <strong>{c.kind.unwrap_or_else(|| "Error".into())}</strong>": "{c.message.unwrap_or_default()}
                                            {c.traceback.map(|t| view! { <details><summary>"Traceback"</summary><pre>{t}</pre></details> })}
                                        </li>
                                    }).collect_view()}
                                </ol>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
        })
    };

    view! {
        <section class="operations">
            <header class="section-head">
                <h2>"Operations"</h2>
                <LiveToggle live/>
                <span class="muted">{move || {
                    let n = bars.with(Vec::len);
                    let t = total.get().unwrap_or(0);
                    if (events.with(Vec::len) as u64) < t { format!("{n} runs so far (reading {t} task events)") } else { format!("{n} operation runs") }
                }}</span>
            </header>
            {move || error.get().map(|e| view! { <ErrorView error=e/> })}
            {chart}
            {failures}
        </section>
    }
    .into_any()
}
