//! `/nodes` and `/node-instances`, and how a deployment's nodes come from its blueprint plan.

use serde_json::{Map, Value};

use baton_core::conductor::resources::{Node, NodeInstance, Ownership};
use baton_core::conductor::Visibility;
use baton_core::query::ListQuery;
use baton_core::time::Timestamp;

use super::list::{list, ListSpec};
use super::reply::{error, not_found, Reply};
use super::{get_one, method_not_allowed, project, to_value, Ctx, DemoManager};

const NODE_SEARCH: ListSpec = ListSpec {
    search_fields: &["id"],
    search_name_field: None,
};

/// A short id suffix derived from `seed` (the manager's are random: `vm_pqxpik`).
fn suffix(seed: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in seed.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    (0..6)
        .map(|i| {
            let d = ((h >> (i * 6)) % 36) as u8;
            char::from(if d < 10 { b'0' + d } else { b'a' + d - 10 })
        })
        .collect()
}

/// A deployment's nodes and node instances from a blueprint plan's `nodes`.
pub(super) fn instantiate(
    plan: Option<&Value>,
    deployment_id: &str,
    blueprint_id: &str,
    tenant: &str,
    creator: &str,
    state: &str,
) -> (Vec<Node>, Vec<NodeInstance>) {
    let mut nodes = Vec::new();
    let mut instances: Vec<NodeInstance> = Vec::new();
    let raw_nodes = plan
        .and_then(|p| p.get("nodes"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for raw in &raw_nodes {
        let Some(id) = raw.get("id").and_then(Value::as_str) else {
            continue;
        };
        let scalable = raw.pointer("/capabilities/scalable/properties");
        let count = |k: &str| scalable.and_then(|s| s.get(k)).and_then(Value::as_i64);
        let n = count("default_instances").unwrap_or(1).max(0) as u64;
        let host = raw.get("host_id").and_then(Value::as_str).map(String::from);
        nodes.push(Node {
            id: id.to_string(),
            node_type: raw.get("type").and_then(Value::as_str).map(String::from),
            deployment_id: Some(deployment_id.to_string()),
            blueprint_id: Some(blueprint_id.to_string()),
            host_id: host.clone(),
            number_of_instances: Some(n),
            deploy_number_of_instances: Some(n),
            planned_number_of_instances: Some(n),
            actual_number_of_instances: Some(n),
            actual_planned_number_of_instances: Some(n),
            min_number_of_instances: count("min_instances"),
            max_number_of_instances: count("max_instances"),
            properties: raw.get("properties").cloned(),
            operations: Some(Value::Object(Map::new())),
            relationships: raw.get("relationships").cloned(),
            type_hierarchy: raw
                .get("type_hierarchy")
                .and_then(|h| serde_json::from_value(h.clone()).ok()),
            plugins: Some(Vec::new()),
            plugins_to_install: Some(Vec::new()),
            tenant_name: Some(tenant.to_string()),
            ..Node::default()
        });
        for i in 0..n {
            let iid = format!("{id}_{}", suffix(&format!("{deployment_id}|{id}|{i}")));
            instances.push(NodeInstance {
                id: iid,
                node_id: Some(id.to_string()),
                deployment_id: Some(deployment_id.to_string()),
                state: Some(state.to_string()),
                index: Some(i + 1),
                version: Some(1),
                runtime_properties: Some(Map::new()),
                relationships: Some(Vec::new()),
                scaling_groups: Some(Vec::new()),
                has_configuration_drift: Some(false),
                is_status_check_ok: Some(state == "started"),
                owner: Ownership {
                    visibility: Some(Visibility::Tenant),
                    resource_availability: Some(Visibility::Tenant),
                    private_resource: Some(false),
                    tenant_name: Some(tenant.to_string()),
                    created_by: Some(creator.to_string()),
                    ..Ownership::default()
                },
                ..NodeInstance::default()
            });
        }
    }
    // Hosts and contained-in relationships point at the instances of the host node.
    let host_of: Vec<(String, String)> = instances
        .iter()
        .filter_map(|i| Some((i.node_id.clone()?, i.id.clone())))
        .collect();
    for inst in instances.iter_mut() {
        let node = nodes.iter().find(|n| Some(&n.id) == inst.node_id.as_ref());
        let host_node = node.and_then(|n| n.host_id.clone());
        if let Some(h) = host_node {
            inst.host_id = host_of
                .iter()
                .find(|(n, _)| *n == h)
                .map(|(_, i)| i.clone());
            if Some(&h) != inst.node_id.as_ref() {
                if let Some(target) = inst.host_id.clone() {
                    inst.relationships = Some(vec![serde_json::json!({
                        "type": "cloudify.relationships.contained_in",
                        "target_name": h,
                        "target_id": target
                    })]);
                }
            }
        }
    }
    (nodes, instances)
}

/// The list parameters without the flags that are not field filters.
fn without(q: &ListQuery, keys: &[&str]) -> ListQuery {
    let mut q = q.clone();
    q.filters.retain(|(k, _)| !keys.contains(&k.as_str()));
    q
}

pub(super) fn route(m: &mut DemoManager, c: &Ctx) -> Option<Reply> {
    Some(match (c.method.as_str(), c.segs) {
        ("GET", ["nodes"]) => m.in_tenant(c, |t| {
            let counts = c.flag("_instance_counts");
            let dep = c.query.get("deployment_id");
            if counts && dep.is_none() {
                return error(
                    400,
                    "bad_parameters_error",
                    "_instance_counts is only available together with deployment_id",
                );
            }
            let items = t
                .nodes
                .iter()
                .map(|n| {
                    let mut n = n.clone();
                    if counts {
                        let mine = t.node_instances.iter().filter(|i| {
                            i.node_id.as_ref() == Some(&n.id)
                                && i.deployment_id == n.deployment_id
                        });
                        n.unavailable_instances = Some(
                            mine.clone()
                                .filter(|i| i.is_status_check_ok == Some(false))
                                .count() as u64,
                        );
                        n.drifted_instances = Some(
                            mine.filter(|i| i.has_configuration_drift == Some(true))
                                .count() as u64,
                        );
                    }
                    to_value(&n)
                })
                .collect();
            list(items, &without(c.list, &["_evaluate_functions", "evaluate_functions"]), &NODE_SEARCH)
        }),
        ("GET", ["node-instances"]) => m.in_tenant(c, |t| {
            list(
                t.node_instances.iter().map(to_value).collect(),
                c.list,
                &NODE_SEARCH,
            )
        }),
        ("GET", ["node-instances", id]) => m.in_tenant(c, |t| {
            get_one(
                t.node_instances.iter().find(|i| i.id == *id),
                "NodeInstance",
                id,
                c.list,
            )
        }),
        ("PATCH", ["node-instances", id]) => m.in_tenant(c, |t| {
            let body = match c.json() {
                Ok(b) => b,
                Err(r) => return r,
            };
            let Some(version) = body.get("version") else {
                return error(
                    400,
                    "bad_parameters_error",
                    "Missing version in json request body",
                );
            };
            let Some(version) = version.as_u64() else {
                return error(
                    400,
                    "bad_parameters_error",
                    &format!(
                        "version parameter is expected to be of type int but is of type {}",
                        json_type(version)
                    ),
                );
            };
            let props = match body.get("runtime_properties") {
                None | Some(Value::Null) => None,
                Some(Value::Object(p)) => Some(p.clone()),
                Some(other) => {
                    return error(
                        400,
                        "bad_parameters_error",
                        &format!(
                            "runtime_properties parameter is expected to be of type dict but is of type {}",
                            json_type(other)
                        ),
                    )
                }
            };
            let state = body.get("state").and_then(Value::as_str);
            let Some(inst) = t.node_instances.iter_mut().find(|i| i.id == *id) else {
                return not_found("NodeInstance", id);
            };
            let current = inst.version.unwrap_or(1);
            if version != current {
                return error(
                    409,
                    "conflict_error",
                    &format!(
                        "Node instance update conflict [current version={current}, update version={version}]"
                    ),
                );
            }
            if let Some(p) = props {
                inst.runtime_properties = Some(p);
            }
            if let Some(s) = state {
                inst.state = Some(s.to_string());
                inst.is_status_check_ok = Some(s == "started");
            }
            inst.version = Some(current + 1);
            inst.owner.updated_at = Some(Timestamp(c.now));
            Reply::json(200, project(to_value(inst), &c.list.include))
        }),
        (_, ["nodes"] | ["node-instances"] | ["node-instances", _]) => method_not_allowed(),
        _ => return None,
    })
}

/// Python's type names, for the manager's type errors.
fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "int",
        Value::String(_) => "str",
        Value::Array(_) => "list",
        Value::Object(_) => "dict",
    }
}
