//! `/metrics` and `/metrics-overview`, per tenant.
//!
//! The overview groups metrics named `workflow:<workflow id>` or `task:<task name>` (a
//! trailing `:failed` marks a failed run) whose value is the run's duration in seconds.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use baton_core::conductor::metrics::{Metric, NumberOrText};
use baton_core::time::Timestamp;

use super::admin::required_str;
use super::list::{list, ListSpec};
use super::reply::{error, Reply};
use super::{method_not_allowed, to_value, Ctx, DemoManager};

const SEARCH: ListSpec = ListSpec {
    search_fields: &["name"],
    search_name_field: None,
};

pub(super) fn route(m: &mut DemoManager, c: &Ctx) -> Option<Reply> {
    let tenant = match (c.segs.first(), c.method.as_str()) {
        (Some(&("metrics" | "metrics-overview")), _) => match m.tenant_of(c) {
            Ok(i) => m.tenants[i].name.clone(),
            Err(reply) => return Some(reply),
        },
        _ => return None,
    };
    Some(match (c.method.as_str(), c.segs) {
        ("GET", ["metrics"]) => {
            let items = mine(m, &tenant).map(to_value).collect();
            list(items, c.list, &SEARCH)
        }
        ("PUT", ["metrics", id]) => create(m, c, &tenant, id),
        ("GET", ["metrics-overview"]) => overview(m, c, &tenant),
        (_, ["metrics" | "metrics-overview", ..]) if c.segs.len() <= 2 => method_not_allowed(),
        _ => return None,
    })
}

fn mine<'a>(m: &'a DemoManager, tenant: &'a str) -> impl Iterator<Item = &'a Metric> + 'a {
    m.admin
        .metrics
        .iter()
        .filter(move |(t, _)| t == tenant)
        .map(|(_, mt)| mt)
}

fn create(m: &mut DemoManager, c: &Ctx, tenant: &str, id: &str) -> Reply {
    let body = match c.json() {
        Ok(b) => b,
        Err(reply) => return reply,
    };
    let mut fields = BTreeMap::new();
    for key in [
        "blueprint_id",
        "deployment_id",
        "execution_id",
        "timestamp",
        "name",
        "value",
    ] {
        match required_str(&body, key) {
            Ok(v) => {
                fields.insert(key, v.to_string());
            }
            Err(reply) => return reply,
        }
    }
    let Some(timestamp) = Timestamp::parse(&fields["timestamp"]) else {
        return error(
            400,
            "bad_parameters_error",
            &format!("`{}` is not a UTC datetime", fields["timestamp"]),
        );
    };
    if mine(m, tenant).any(|mt| mt.id.as_ref().is_some_and(|i| i.to_string() == id)) {
        return error(
            409,
            "conflict_error",
            &format!("Metric `{id}` already exists"),
        );
    }
    let metric = Metric {
        id: Some(NumberOrText::Text(id.to_string())),
        blueprint_id: Some(fields["blueprint_id"].clone()),
        deployment_id: Some(fields["deployment_id"].clone()),
        execution_id: Some(fields["execution_id"].clone()),
        timestamp: Some(timestamp),
        name: Some(fields["name"].clone()),
        value: Some(NumberOrText::Text(fields["value"].clone())),
        extra: Default::default(),
    };
    let v = super::list::project(to_value(&metric), &c.list.include);
    m.admin.metrics.push((tenant.to_string(), metric));
    Reply::json(201, v)
}

fn overview(m: &DemoManager, c: &Ctx, tenant: &str) -> Reply {
    let bound = |key: &str| match c.query.get(key) {
        None => Ok(None),
        Some(raw) => Timestamp::parse(raw)
            .or_else(|| Timestamp::parse(&format!("{raw}T00:00:00")))
            .map(Some)
            .ok_or_else(|| {
                error(
                    400,
                    "bad_parameters_error",
                    &format!("`{raw}` is not a valid {key}"),
                )
            }),
    };
    let (since, until) = match (bound("since"), bound("until")) {
        (Ok(s), Ok(u)) => (s, u),
        (Err(r), _) | (_, Err(r)) => return r,
    };
    // (type, id) → (durations, successes)
    let mut groups: BTreeMap<(String, String), (Vec<f64>, u32)> = BTreeMap::new();
    for mt in mine(m, tenant) {
        if mt
            .timestamp
            .is_some_and(|t| since.is_some_and(|s| t < s) || until.is_some_and(|u| t > u))
        {
            continue;
        }
        let name = mt.name.as_deref().unwrap_or("");
        let mut parts = name.splitn(3, ':');
        let (Some(kind @ ("workflow" | "task")), Some(id)) = (parts.next(), parts.next()) else {
            continue;
        };
        let wanted = match kind {
            "workflow" => c.query.get("workflow_id"),
            _ => c.query.get("task_name"),
        };
        let other_filter = match kind {
            "workflow" => c.query.get("task_name"),
            _ => c.query.get("workflow_id"),
        };
        if wanted.is_some_and(|w| w != id) || (other_filter.is_some() && wanted.is_none()) {
            continue;
        }
        let failed = parts.next() == Some("failed");
        let e = groups
            .entry((kind.to_string(), id.to_string()))
            .or_default();
        e.0.push(
            mt.value
                .as_ref()
                .and_then(NumberOrText::as_f64)
                .unwrap_or(0.0),
        );
        if !failed {
            e.1 += 1;
        }
    }
    let items: Vec<Value> = groups
        .into_iter()
        .map(|((kind, id), (durations, ok))| {
            let n = durations.len() as f64;
            json!({
                "event_type": kind,
                "event_id": id,
                "average_duration": durations.iter().sum::<f64>() / n,
                "success_rate": f64::from(ok) / n,
            })
        })
        .collect();
    Reply::json(200, json!({"items": items, "metadata": {"pagination": {}}}))
}
