//! Metrics (`/metrics`): how long workflows and tasks take and how often they succeed, from the
//! manager's `/metrics-overview` over a period the operator picks (kept in the URL), drawn as
//! bar charts, with the recorded metrics below (paged on the server).

use baton_core::conductor::metrics::{
    GetMetricsOverview, ListMetrics, Metric, MetricEventType, MetricsOverview,
};
use baton_core::{ApiError, ListQuery, Query, SortKey};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::use_api;
use crate::components::chart::BarChart;
use crate::components::clock::When;
use crate::components::table::{Column, ListSpec, ResourceList};
use crate::components::{ErrorView, Loading, Name};

/// The rows of one kind, as (name, value) pairs for a chart.
fn series(
    rows: &[MetricsOverview],
    kind: MetricEventType,
    value: fn(&MetricsOverview) -> Option<f64>,
) -> Vec<(String, f64)> {
    let mut out: Vec<(String, f64)> = rows
        .iter()
        .filter(|r| r.event_type.as_ref() == Some(&kind))
        .filter_map(|r| Some((r.event_id.clone()?, value(r)?)))
        .collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

fn seconds(r: &MetricsOverview) -> Option<f64> {
    r.average_duration.map(|s| (s * 100.0).round() / 100.0)
}

fn percent(r: &MetricsOverview) -> Option<f64> {
    r.success_rate.map(|s| (s * 1000.0).round() / 10.0)
}

fn text(v: &Option<String>) -> AnyView {
    view! { <Name text=v.clone().unwrap_or_default()/> }.into_any()
}

fn columns() -> Vec<Column<Metric>> {
    vec![
        Column {
            label: "Name",
            sort: Some("name"),
            fields: &["name"],
            cell: |m| text(&m.name),
        },
        Column {
            label: "Value",
            sort: None,
            fields: &["value"],
            cell: |m| {
                let v = m.value.as_ref().map(|v| v.to_string()).unwrap_or_default();
                view! { <span class="mono">{v}</span> }.into_any()
            },
        },
        Column {
            label: "Deployment",
            sort: Some("deployment_id"),
            fields: &["deployment_id"],
            cell: |m| text(&m.deployment_id),
        },
        Column {
            label: "Execution",
            sort: Some("execution_id"),
            fields: &["execution_id"],
            cell: |m| match m.execution_id.clone() {
                Some(id) => {
                    let href = format!("/executions/{}", baton_core::session::segment(&id));
                    view! { <a class="mono" href=href><Name text=id/></a> }.into_any()
                }
                None => ().into_any(),
            },
        },
        Column {
            label: "Recorded",
            sort: Some("timestamp"),
            fields: &["timestamp"],
            cell: |m| view! { <When t=m.timestamp/> }.into_any(),
        },
    ]
}

#[component]
pub fn MetricsPage() -> impl IntoView {
    let api = use_api();
    let query = use_query_map();
    let navigate = use_navigate();
    let param = move |k: &str| query.with(|q| q.get(k).filter(|v| !v.is_empty()));
    let overview = LocalResource::new(move || {
        let ask = GetMetricsOverview {
            since: param("since"),
            until: param("until"),
            workflow_id: None,
            task_name: None,
        };
        async move { api.call(&ask).await }
    });
    // The period goes to the URL; the charts follow it.
    let set = move |key: &'static str, value: String| {
        let mut q = Query::new();
        for k in ["since", "until"] {
            let v = if k == key {
                Some(value.clone())
            } else {
                param(k)
            };
            if let Some(v) = v.filter(|v| !v.is_empty()) {
                q.push(k, v);
            }
        }
        let qs = q.encode();
        let to = if qs.is_empty() {
            "/metrics".to_string()
        } else {
            format!("/metrics?{qs}")
        };
        navigate(&to, Default::default());
    };
    let set2 = set.clone();
    let spec = ListSpec {
        noun: "metrics",
        path: "/metrics",
        default_sort: || SortKey::desc("timestamp"),
        columns: columns(),
        filters: &["name", "deployment_id", "execution_id"],
        search_names: false,
        endpoint: |query: ListQuery| ListMetrics { query },
        placeholder: "Search metric names",
    };
    view! {
        <h1>"Metrics"</h1>
        <p class="muted">"Average durations and success rates of workflows and tasks, from the manager's metrics."</p>
        <div class="toolbar">
            <label>"Since " <input type="date" aria-label="Since" prop:value=move || param("since").unwrap_or_default()
                on:change=move |ev| set("since", event_target_value(&ev))/></label>
            <label>"Until " <input type="date" aria-label="Until" prop:value=move || param("until").unwrap_or_default()
                on:change=move |ev| set2("until", event_target_value(&ev))/></label>
        </div>
        <Suspense fallback=|| view! { <Loading what="metrics"/> }>
            {move || overview.get().map(|r: Result<Vec<MetricsOverview>, ApiError>| match r {
                Err(e) => view! { <ErrorView error=e on_retry=move |_| overview.refetch()/> }.into_any(),
                Ok(rows) => view! {
                    <div class="chart-grid">
                        <BarChart title="Workflows: average duration" unit="s"
                            data=series(&rows, MetricEventType::Workflow, seconds) empty="No workflow metrics in this period."/>
                        <BarChart title="Workflows: success rate" unit="%"
                            data=series(&rows, MetricEventType::Workflow, percent) empty="No workflow metrics in this period."/>
                        <BarChart title="Tasks: average duration" unit="s"
                            data=series(&rows, MetricEventType::Task, seconds) empty="No task metrics in this period."/>
                        <BarChart title="Tasks: success rate" unit="%"
                            data=series(&rows, MetricEventType::Task, percent) empty="No task metrics in this period."/>
                    </div>
                }.into_any(),
            })}
        </Suspense>
        <h2>"Recorded metrics"</h2>
        <ResourceList spec/>
    }
    .into_any()
}
