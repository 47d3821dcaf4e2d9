//! Execution metrics and their per-workflow and per-task overview.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::endpoint::{endpoint, parse_json, RequestBody, Response};
use crate::error::ApiError;
use crate::page::Page;
use crate::query::{ListQuery, Query};
use crate::time::Timestamp;

use super::string_enum;

/// A value the manager sends as a number or as a string (metric ids and values both come
/// either way in the reference answers).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum NumberOrText {
    Number(serde_json::Number),
    Text(String),
}

impl std::fmt::Display for NumberOrText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NumberOrText::Number(n) => write!(f, "{n}"),
            NumberOrText::Text(s) => f.write_str(s),
        }
    }
}

impl NumberOrText {
    /// The value as a number, when it is one or a string holding one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            NumberOrText::Number(n) => n.as_f64(),
            NumberOrText::Text(s) => s.trim().parse().ok(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Metric {
    pub id: Option<NumberOrText>,
    pub blueprint_id: Option<String>,
    pub deployment_id: Option<String>,
    pub execution_id: Option<String>,
    pub timestamp: Option<Timestamp>,
    pub name: Option<String>,
    pub value: Option<NumberOrText>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `GET /metrics`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListMetrics {
    pub query: ListQuery,
}

endpoint!(ListMetrics(this) -> Page<Metric> {
    GET "/metrics";
    query = this.query.to_query();
});

crate::impl_paged!(ListMetrics => Metric);

/// `GET /metrics?id=<id>`: the manager has no per-id path for metrics, so this filters the
/// list and answers its one item (a 404-like error when there is none).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetMetric {
    pub id: String,
    pub include: Vec<String>,
}

endpoint!(GetMetric(this) -> Metric {
    GET "/metrics";
    query = ListQuery::new()
        .filter("id", this.id.clone())
        .include(this.include.iter().cloned())
        .to_query();
    parse = |r: Response| {
        let page: Page<Metric> = parse_json(r)?;
        page.items.into_iter().next().ok_or_else(|| {
            ApiError::new(
                Some(404),
                "not_found_error",
                format!("Requested `Metric` with ID `{}` was not found", this.id),
            )
        })
    };
});

/// `PUT /metrics/<id>`: records a metric; every body field is required.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CreateMetric {
    #[serde(skip)]
    pub id: String,
    pub blueprint_id: String,
    pub deployment_id: String,
    pub execution_id: String,
    /// UTC, in the manager's wire form.
    pub timestamp: String,
    pub name: String,
    pub value: String,
    #[serde(skip)]
    pub include: Vec<String>,
}

endpoint!(CreateMetric(this) -> Metric {
    PUT "/metrics/{}", this.id;
    query = ListQuery::new()
        .include(this.include.iter().cloned())
        .to_query();
    body = RequestBody::json(this);
});

string_enum!(
    /// What an overview row summarises.
    MetricEventType { Workflow = "workflow", Task = "task" }
);

/// One row of `GET /metrics-overview`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MetricsOverview {
    pub event_type: Option<MetricEventType>,
    /// The workflow id or task name.
    pub event_id: Option<String>,
    /// Seconds.
    pub average_duration: Option<f64>,
    /// Between 0 and 1.
    pub success_rate: Option<f64>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `GET /metrics-overview[?since=&until=&workflow_id=&task_name=]`. The answer's pagination
/// is empty (`{}`): every row comes in one answer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetMetricsOverview {
    pub since: Option<String>,
    pub until: Option<String>,
    pub workflow_id: Option<String>,
    pub task_name: Option<String>,
}

endpoint!(GetMetricsOverview(this) -> Vec<MetricsOverview> {
    GET "/metrics-overview";
    query = {
        let mut q = Query::new();
        for (k, v) in [
            ("since", &this.since),
            ("until", &this.until),
            ("workflow_id", &this.workflow_id),
            ("task_name", &this.task_name),
        ] {
            if let Some(v) = v {
                q.push(k, v.clone());
            }
        }
        q
    };
    parse = |r: Response| parse_json::<Page<MetricsOverview>>(r).map(|p| p.items);
});
