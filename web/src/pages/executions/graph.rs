//! The execution's stored tasks graph(s) (`/tasks_graphs`, `/operations`): each operation as a
//! chip coloured by its state, laid out in dependency layers (an operation sits one layer
//! right of the last one it waits for), live while the execution runs. This is what resume
//! replays; the counts also give the progress when the execution record lacks them.

use baton_core::conductor::operations::{ListOperations, ListTasksGraphs, Operation};
use baton_core::session::segment;
use baton_core::{ApiError, ListQuery, Query};
use leptos::prelude::*;

use crate::api::use_api;
use crate::components::ErrorView;
use crate::live::{self, LiveToggle};

/// Operations asked per request; a graph larger than this is read page by page.
const PAGE: u32 = 1000;

/// One graph with its operations.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Graph {
    pub id: String,
    pub name: String,
    pub operations: Vec<Operation>,
}

/// `succeeded`, `failed`, `started`, `pending`... in lower case (older managers shout).
pub fn state_of(o: &Operation) -> String {
    o.state.as_deref().unwrap_or("pending").to_lowercase()
}

/// Finished (succeeded or failed) and total operations over all graphs.
pub fn counts(graphs: &[Graph]) -> (u64, u64) {
    let mut done = 0;
    let mut total = 0;
    for o in graphs.iter().flat_map(|g| &g.operations) {
        total += 1;
        if matches!(state_of(o).as_str(), "succeeded" | "failed") {
            done += 1;
        }
    }
    (done, total)
}

/// Each operation's layer: 0 without dependencies, else one more than its deepest dependency.
/// Cycles and unknown ids (a partial read) count as no dependency.
pub fn layers(ops: &[Operation]) -> Vec<usize> {
    use std::collections::HashMap;
    let index: HashMap<&str, usize> = ops
        .iter()
        .enumerate()
        .map(|(i, o)| (o.id.as_str(), i))
        .collect();
    let mut layer: Vec<Option<usize>> = vec![None; ops.len()];
    // Iterative depth-first walk (a long chain must not overflow the stack).
    let mut on_path = vec![false; ops.len()];
    for start in 0..ops.len() {
        let mut stack = vec![(start, false)];
        while let Some((i, expanded)) = stack.pop() {
            if layer[i].is_some() {
                continue;
            }
            let deps: Vec<usize> = ops[i]
                .dependencies
                .iter()
                .flatten()
                .filter_map(|d| index.get(d.as_str()).copied())
                .collect();
            if expanded {
                on_path[i] = false;
                let l = deps
                    .iter()
                    .filter_map(|d| layer[*d])
                    .map(|l| l + 1)
                    .max()
                    .unwrap_or(0);
                layer[i] = Some(l);
                continue;
            }
            on_path[i] = true;
            stack.push((i, true));
            for d in deps {
                if layer[d].is_none() && !on_path[d] {
                    stack.push((d, false));
                }
            }
        }
    }
    layer.into_iter().map(Option::unwrap_or_default).collect()
}

/// What an operation is called in a chip: the operation name when the task runs one.
fn op_label(o: &Operation) -> (String, String) {
    let p = o.parameters.as_ref();
    let get = |k: &str| {
        p.and_then(|p| p.get(k))
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    };
    let op = get("operation");
    let instance = get("node_instance_id");
    let name = if op.is_empty() {
        o.name.clone().unwrap_or_else(|| o.id.clone())
    } else {
        op
    };
    (name, instance)
}

async fn read(api: crate::api::Api, execution_id: String) -> Result<Vec<Graph>, ApiError> {
    let graphs = api
        .call(&ListTasksGraphs {
            execution_id,
            name: None,
        })
        .await?;
    let mut out = Vec::new();
    for g in graphs.items {
        let mut ops: Vec<Operation> = Vec::new();
        loop {
            // The scheduler counted one request for this read; the rest count against the
            // same budget.
            live::spend();
            let page = api
                .call(&ListOperations {
                    graph_id: Some(g.id.clone()),
                    execution_id: None,
                    query: ListQuery::new()
                        .include(["id", "name", "state", "dependencies", "parameters"])
                        .page(PAGE, ops.len() as u32),
                })
                .await?;
            let total = page.pagination().total;
            let got = page.items.len();
            ops.extend(page.items);
            if got == 0 || ops.len() as u64 >= total {
                break;
            }
        }
        out.push(Graph {
            name: g.name.clone().unwrap_or_else(|| g.id.clone()),
            id: g.id,
            operations: ops,
        });
    }
    Ok(out)
}

/// The tasks graph(s) of one execution; `graphs` is shared with the page (for its progress).
#[component]
pub fn TasksGraphs(
    execution_id: String,
    #[prop(into)] running: Signal<bool>,
    graphs: RwSignal<Option<Vec<Graph>>>,
) -> impl IntoView {
    let api = use_api();
    let error = RwSignal::new(None::<ApiError>);
    let id = StoredValue::new(execution_id);
    // Whether a read has started since the execution ended: only then is what it got final.
    let settled = RwSignal::new(false);
    let live = live::register(3_000, move || async move {
        let ended = running.try_get_untracked() == Some(false);
        let r = read(api, id.get_value()).await;
        match r {
            Ok(g) => {
                error.try_set(None);
                if ended {
                    settled.try_set(true);
                }
                if graphs.try_with_untracked(|now| now.as_ref() != Some(&g)) == Some(true) {
                    graphs.try_set(Some(g));
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
    // One more read after it finished, then no more.
    Effect::new(move |_| {
        let run = running.get();
        // Resumed: it runs again, and the next end needs its own final read.
        if run && settled.get_untracked() {
            settled.set(false);
        }
        if !run && !settled.get_untracked() {
            live.refresh();
        }
        live.set_done(!run && settled.get());
    });

    let exec = id.get_value();
    let chart = move || {
        let Some(gs) = graphs.get() else {
            return view! { <p class="muted">"Reading the tasks graph…"</p> }.into_any();
        };
        if gs.is_empty() {
            return view! { <p class="empty">"No stored tasks graph (the workflow keeps none, or it has not started)."</p> }
                .into_any();
        }
        let exec = exec.clone();
        gs.into_iter()
            .map(|g| {
                let lay = layers(&g.operations);
                let depth = lay.iter().copied().max().map_or(0, |m| m + 1);
                let mut columns: Vec<Vec<usize>> = vec![Vec::new(); depth];
                for (i, l) in lay.iter().enumerate() {
                    columns[*l].push(i);
                }
                let mut tally: Vec<(String, usize)> = Vec::new();
                for o in &g.operations {
                    let s = state_of(o);
                    match tally.iter_mut().find(|(k, _)| *k == s) {
                        Some((_, n)) => *n += 1,
                        None => tally.push((s, 1)),
                    }
                }
                let summary = tally
                    .iter()
                    .map(|(k, n)| format!("{n} {k}"))
                    .collect::<Vec<_>>()
                    .join(" · ");
                let ops = g.operations.clone();
                let exec = exec.clone();
                let cols = columns
                    .into_iter()
                    .map(|col| {
                        let chips = col
                            .into_iter()
                            .map(|i| {
                                let o = &ops[i];
                                let (name, instance) = op_label(o);
                                let short = name.rsplit('.').next().unwrap_or(&name).to_string();
                                let state = state_of(o);
                                let title = format!("{name} on {instance}: {state}");
                                let q = Query::new()
                                    .with("node", instance.clone())
                                    .with("operation", name.clone())
                                    .encode();
                                let href = format!("/executions/{}?{q}#logs", segment(&exec));
                                view! {
                                    <a class=format!("graph-op {state}") title=title href=href>
                                        <span class="graph-op-name">{short}</span>
                                        <span class="graph-op-inst mono">{instance}</span>
                                    </a>
                                }
                            })
                            .collect_view();
                        view! { <div class="graph-layer">{chips}</div> }
                    })
                    .collect_view();
                view! {
                    <div class="graph">
                        <p class="graph-head"><strong>{g.name.clone()}</strong>" "<span class="muted">{summary}</span></p>
                        <div class="graph-layers" role="list" aria-label=format!("Tasks graph {}", g.name)>{cols}</div>
                    </div>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <section class="tasks-graphs">
            <header class="section-head">
                <h2>"Tasks graph"</h2>
                <LiveToggle live/>
            </header>
            {move || error.get().map(|e| view! { <ErrorView error=e on_retry=move |_| live.refresh()/> })}
            {chart}
        </section>
    }
    .into_any()
}
