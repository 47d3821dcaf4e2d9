//! `/events`, `/operations`, `/tasks_graphs` and `/agents`.

use serde_json::{Map, Value};

use baton_core::conductor::operations::{Operation, TasksGraph};
use baton_core::query::{ListQuery, SortKey};
use baton_core::time::Timestamp;

use super::executions::new_id;
use super::list::{list, ListSpec};
use super::reply::{error, not_found};
use super::{get_one, method_not_allowed, to_value, Ctx, DemoManager, Reply};

const NO_SEARCH: ListSpec = ListSpec {
    search_fields: &["id"],
    search_name_field: None,
};

pub(super) fn route(m: &mut DemoManager, c: &Ctx) -> Option<Reply> {
    Some(match (c.method.as_str(), c.segs) {
        ("GET", ["events"]) => m.in_tenant(c, |t| {
            // Events name their execution; a group filter means any of the group's executions.
            let groups: Vec<&str> = c.query.get_all("execution_group_id").collect();
            let of_groups: Vec<String> = t
                .executions
                .iter()
                .filter(|r| {
                    r.exec
                        .execution_group_id
                        .as_deref()
                        .is_some_and(|g| groups.contains(&g))
                })
                .map(|r| r.exec.id.clone())
                .collect();
            let groups_filter = (!groups.is_empty()).then_some(of_groups.as_slice());
            let ids: Vec<&str> = c.query.get_all("execution_id").collect();
            let synthetic = match ids.as_slice() {
                [one] => t
                    .executions
                    .iter()
                    .map(|r| &r.exec)
                    .find(|e| e.id == *one && super::synthetic::lines_of(e) > 0),
                _ => None,
            };
            list_events(&t.events, groups_filter, synthetic, c)
        }),
        ("DELETE", ["events"]) => m.in_tenant(c, |t| delete_events(t, c)),
        (_, ["events"]) => method_not_allowed(),
        ("GET", ["operations"]) => m.in_tenant(c, |t| {
            let graph = c.query.get("graph_id");
            let exec = c.query.get("execution_id");
            let items = t
                .operations
                .iter()
                .filter(|o| graph.is_none_or(|g| o.tasks_graph.as_deref() == Some(g)))
                .filter(|o| exec.is_none_or(|e| o.execution_id.as_deref() == Some(e)))
                .map(to_value)
                .collect();
            list(
                items,
                &strip(c.list, &["graph_id", "execution_id"]),
                &NO_SEARCH,
            )
        }),
        ("GET", ["operations", id]) => m.in_tenant(c, |t| {
            get_one(
                t.operations.iter().find(|o| o.id == *id),
                "Operation",
                id,
                c.list,
            )
        }),
        ("PUT", ["operations", id]) => match c.json() {
            Ok(body) => m.in_tenant(c, |t| {
                if t.operations.iter().any(|o| o.id == *id) {
                    return error(
                        409,
                        "conflict_error",
                        &format!("Operation with ID `{id}` already exists"),
                    );
                }
                let Some(graph) = body.get("graph_id").and_then(Value::as_str) else {
                    return error(
                        400,
                        "bad_parameters_error",
                        "Missing graph_id in json request body",
                    );
                };
                let Some(g) = t.tasks_graphs.iter().find(|g| g.id == graph) else {
                    return not_found("TasksGraph", graph);
                };
                let op = Operation {
                    id: id.to_string(),
                    name: body.get("name").and_then(Value::as_str).map(String::from),
                    state: Some(
                        body.get("state")
                            .and_then(Value::as_str)
                            .unwrap_or("pending")
                            .to_string(),
                    ),
                    dependencies: Some(strings(body.get("dependencies"))),
                    kind: body.get("type").and_then(Value::as_str).map(String::from),
                    parameters: body.get("parameters").and_then(Value::as_object).cloned(),
                    tasks_graph: Some(graph.to_string()),
                    execution_id: g.execution_id.clone(),
                    created_at: Some(Timestamp(c.now)),
                    ..Operation::default()
                };
                t.operations.push(op.clone());
                Reply::json(201, to_value(&op))
            }),
            Err(r) => r,
        },
        ("PATCH", ["operations", id]) => match c.json() {
            Ok(body) => m.in_tenant(c, |t| {
                let Some(o) = t.operations.iter_mut().find(|o| o.id == *id) else {
                    return not_found("Operation", id);
                };
                let Some(state) = body.get("state").and_then(Value::as_str) else {
                    return error(
                        400,
                        "bad_parameters_error",
                        "Missing state in json request body",
                    );
                };
                o.state = Some(state.to_string());
                Reply::json(200, to_value(&*o))
            }),
            Err(r) => r,
        },
        ("DELETE", ["operations", id]) => m.in_tenant(c, |t| {
            let before = t.operations.len();
            t.operations.retain(|o| o.id != *id);
            if t.operations.len() == before {
                return not_found("Operation", id);
            }
            Reply::json(204, Value::Null)
        }),
        (_, ["operations"] | ["operations", _]) => method_not_allowed(),
        ("GET", ["tasks_graphs"]) => m.in_tenant(c, |t| {
            let Some(exec) = c.query.get("execution_id") else {
                return error(
                    400,
                    "bad_parameters_error",
                    "Missing execution_id in query string",
                );
            };
            let name = c.query.get("name");
            let items = t
                .tasks_graphs
                .iter()
                .filter(|g| g.execution_id.as_deref() == Some(exec))
                .filter(|g| name.is_none_or(|n| g.name.as_deref() == Some(n)))
                .map(to_value)
                .collect();
            list(items, &strip(c.list, &["execution_id", "name"]), &NO_SEARCH)
        }),
        ("POST", ["tasks_graphs"]) => match c.json() {
            Ok(body) => m.in_tenant(c, |t| {
                let Some(exec) = body.get("execution_id").and_then(Value::as_str) else {
                    return error(
                        400,
                        "bad_parameters_error",
                        "Missing execution_id in json request body",
                    );
                };
                if !t.executions.iter().any(|r| r.exec.id == exec) {
                    return not_found("Execution", exec);
                }
                let id = new_id(t);
                let g = TasksGraph {
                    id: id.clone(),
                    execution_id: Some(exec.to_string()),
                    name: body.get("name").and_then(Value::as_str).map(String::from),
                    created_at: Some(Timestamp(c.now)),
                    extra: Map::new(),
                };
                for op in body
                    .get("operations")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    let op_id = match op.get("id").and_then(Value::as_str) {
                        Some(s) => s.to_string(),
                        None => new_id(t),
                    };
                    t.operations.push(Operation {
                        id: op_id,
                        name: op.get("name").and_then(Value::as_str).map(String::from),
                        state: Some(
                            op.get("state")
                                .and_then(Value::as_str)
                                .unwrap_or("pending")
                                .to_string(),
                        ),
                        dependencies: Some(strings(op.get("dependencies"))),
                        kind: op.get("type").and_then(Value::as_str).map(String::from),
                        parameters: op.get("parameters").and_then(Value::as_object).cloned(),
                        tasks_graph: Some(id.clone()),
                        execution_id: Some(exec.to_string()),
                        created_at: Some(Timestamp(c.now)),
                        ..Operation::default()
                    });
                }
                t.tasks_graphs.push(g.clone());
                Reply::json(201, to_value(&g))
            }),
            Err(r) => r,
        },
        (_, ["tasks_graphs"]) => method_not_allowed(),
        ("GET", ["agents"]) => m.in_tenant(c, |t| {
            let q = c.query;
            let dep = q.get("deployment_id");
            let any = |key: &str, v: Option<&str>| {
                let wanted: Vec<&str> = q.get_all(key).collect();
                wanted.is_empty() || v.is_some_and(|v| wanted.contains(&v))
            };
            let items = t
                .agents
                .iter()
                .filter(|a| dep.is_none_or(|d| a.deployment.as_deref() == Some(d)))
                .filter(|a| any("node_ids", a.node.as_deref()))
                .filter(|a| any("node_instance_ids", Some(a.id.as_str())))
                .filter(|a| any("install_methods", a.install_method.as_deref()))
                .filter(|a| any("state", a.state.as_deref()))
                .map(to_value)
                .collect();
            let lq = strip(
                c.list,
                &[
                    "deployment_id",
                    "node_ids",
                    "node_instance_ids",
                    "install_methods",
                    "state",
                ],
            );
            list(items, &lq, &NO_SEARCH)
        }),
        (_, ["agents"]) => method_not_allowed(),
        _ => return None,
    })
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// The list parameters without the filters this endpoint handled itself.
fn strip(lq: &ListQuery, handled: &[&str]) -> ListQuery {
    let mut out = lq.clone();
    out.filters.retain(|(k, _)| !handled.contains(&k.as_str()));
    out
}

/// SQL `LIKE` (case-insensitive, as the manager matches messages): `%` any run, `_` one char.
pub(super) fn like(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.to_lowercase().chars().collect();
    let t: Vec<char> = text.to_lowercase().chars().collect();
    // Iterative matcher with backtracking to the last `%` (linear-ish, no recursion).
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '_' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '%' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '%')
}

fn list_events(
    events: &[baton_core::conductor::resources::Event],
    group_executions: Option<&[String]>,
    synthetic: Option<&baton_core::conductor::executions::Execution>,
    c: &Ctx,
) -> Reply {
    let q = c.query;
    fn all<'a>(q: &'a baton_core::query::Query, key: &'a str) -> Vec<&'a str> {
        q.get_all(key).collect()
    }
    let values = |key: &'static str| all(q, key);
    let types = values("type");
    let event_types = values("event_type");
    let levels = values("level");
    let include_logs = c.flag("include_logs");
    let message = q.get("message").or_else(|| q.get("message.text"));
    let operation = q.get("operation");
    let node_ids: Vec<&str> = values("node_id")
        .into_iter()
        .chain(values("node_name"))
        .collect();
    let exact = [
        ("blueprint_id", values("blueprint_id")),
        ("deployment_id", values("deployment_id")),
        ("execution_id", values("execution_id")),
        ("node_instance_id", values("node_instance_id")),
    ];
    let mut ranges = Vec::new();
    for r in &c.list.range {
        let field = r.field.trim_start_matches('@').to_string();
        if field != "timestamp" && field != "reported_timestamp" {
            return error(
                400,
                "bad_parameters_error",
                &format!("Invalid range field: {}", r.field),
            );
        }
        let bound = |b: &Option<String>| -> Result<Option<Timestamp>, Reply> {
            match b {
                None => Ok(None),
                Some(s) => parse_bound(s).map(Some).ok_or_else(|| {
                    error(
                        400,
                        "bad_parameters_error",
                        &format!("{s} is not a legal time format"),
                    )
                }),
            }
        };
        let from = match bound(&r.from) {
            Ok(v) => v,
            Err(e) => return e,
        };
        let to = match bound(&r.to) {
            Ok(v) => v,
            Err(e) => return e,
        };
        ranges.push((field, from, to));
    }
    if let Some(e) = synthetic {
        let spans: Vec<_> = ranges
            .iter()
            .map(|(_, f, t)| {
                (
                    f.map_or(chrono::NaiveDateTime::MIN, |f| f.0),
                    t.map_or(chrono::NaiveDateTime::MAX, |t| t.0),
                )
            })
            .collect();
        let ask = super::synthetic::Ask {
            types: &types,
            include_logs,
            levels: &levels,
            event_types: &event_types,
            message,
            operation,
            node_ids: &node_ids,
            ranges: &spans,
            descending: c.list.sort.first().is_some_and(|k| k.descending),
            offset: u64::from(c.list.offset.unwrap_or(0)),
            size: u64::from(c.list.size.unwrap_or(1000)),
        };
        let (page, total) = super::synthetic::answer(e, &ask);
        let items: Vec<Value> = page
            .iter()
            .map(|ev| super::list::project(to_value(ev), &c.list.include))
            .collect();
        return Reply::json(
            200,
            serde_json::json!({"items": items, "metadata": {"pagination": {"total": total, "size": ask.size, "offset": ask.offset}, "filtered": null}}),
        );
    }
    let items: Vec<Value> = events
        .iter()
        .filter(|e| {
            let is_log = e.is_log();
            let kind_ok = if !types.is_empty() {
                types.contains(&e.kind.as_deref().unwrap_or(""))
            } else {
                !is_log || include_logs
            };
            // `event_type` selects events only and `level` logs only; together, either.
            let by_type = if is_log {
                (event_types.is_empty() || !levels.is_empty())
                    && (levels.is_empty() || levels.contains(&e.level.as_deref().unwrap_or("")))
            } else {
                (levels.is_empty() || !event_types.is_empty())
                    && (event_types.is_empty()
                        || event_types.contains(&e.event_type.as_deref().unwrap_or("")))
            };
            let v = to_value(*e);
            let fields_ok = exact.iter().all(|(k, want)| {
                want.is_empty()
                    || v.get(*k)
                        .and_then(Value::as_str)
                        .is_some_and(|s| want.contains(&s))
            }) && (node_ids.is_empty()
                || e.node_name
                    .as_deref()
                    .is_some_and(|n| node_ids.contains(&n)));
            let text_ok = message.is_none_or(|p| e.message.as_deref().is_some_and(|m| like(p, m)))
                && operation.is_none_or(|p| e.operation.as_deref().is_some_and(|o| like(p, o)));
            let range_ok = ranges.iter().all(|(field, from, to)| {
                let at = if field == "timestamp" {
                    e.timestamp
                } else {
                    e.reported_timestamp
                };
                at.is_some_and(|at| from.is_none_or(|f| at >= f) && to.is_none_or(|t| at <= t))
            });
            let group_ok = group_executions
                .is_none_or(|ids| e.execution_id.as_ref().is_some_and(|x| ids.contains(x)));
            kind_ok && by_type && fields_ok && text_ok && range_ok && group_ok
        })
        .map(to_value)
        .collect();
    let mut lq = c.list.clone();
    lq.filters.clear();
    lq.range.clear();
    // `_sort=@timestamp` sorts by `timestamp`.
    lq.sort = lq
        .sort
        .iter()
        .map(|k| SortKey {
            field: k.field.trim_start_matches('@').to_string(),
            descending: k.descending,
        })
        .collect();
    list(
        items,
        &lq,
        &ListSpec {
            search_fields: &["message"],
            search_name_field: None,
        },
    )
}

/// A range bound: a manager timestamp or a plain date.
fn parse_bound(s: &str) -> Option<Timestamp> {
    Timestamp::parse(s)
        .or_else(|| {
            chrono::DateTime::parse_from_rfc3339(s)
                .ok()
                .map(|d| Timestamp(d.naive_utc()))
        })
        .or_else(|| {
            chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(Timestamp)
        })
}

/// `DELETE /events` `{deployment_id, include_logs, store_before}` with an optional
/// `_range=@timestamp,<from>,<to>`: removes the deployment's events (and logs when asked) and
/// answers how many, as `{"items": [{"count": N}]}`.
fn delete_events(t: &mut super::TenantData, c: &Ctx) -> Reply {
    let body = match c.json() {
        Ok(b) => b,
        Err(r) => return r,
    };
    let Some(deployment) = body.get("deployment_id").and_then(Value::as_str) else {
        return error(
            400,
            "bad_parameters_error",
            "Missing deployment_id in json request body",
        );
    };
    if !t.deployments.iter().any(|d| d.id == deployment) {
        return not_found("Deployment", deployment);
    }
    let with_logs = body
        .get("include_logs")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let (from, to) = match c
        .query
        .get("_range")
        .map(|r| r.splitn(3, ',').collect::<Vec<_>>())
    {
        Some(parts) if parts.len() == 3 => (
            Some(parts[1]).filter(|s| !s.is_empty()).map(String::from),
            Some(parts[2]).filter(|s| !s.is_empty()).map(String::from),
        ),
        _ => (None, None),
    };
    let before = t.events.len();
    t.events.retain(|e| {
        let time = e
            .timestamp
            .as_ref()
            .map(Timestamp::to_wire)
            .unwrap_or_default();
        let goes = e.deployment_id.as_deref() == Some(deployment)
            && (with_logs || e.kind.as_deref() != Some("cloudify_log"))
            && from.as_deref().is_none_or(|f| time.as_str() >= f)
            && to.as_deref().is_none_or(|u| time.as_str() <= u);
        !goes
    });
    let count = before - t.events.len();
    Reply::json(
        200,
        serde_json::json!({"items": [{"count": count}],
                           "metadata": {"pagination": {"total": 1, "size": 1, "offset": 0}}}),
    )
}
