//! `/deployment-updates`: initiate (applied at once, the update workflow finishes lazily),
//! get and list.

use chrono::{Duration, NaiveDateTime};
use serde_json::{json, Map, Value};

use baton_core::conductor::blueprints::BlueprintState;
use baton_core::conductor::deployment_updates::{DeploymentUpdate, DeploymentUpdateState};
use baton_core::conductor::Visibility;
use baton_core::time::Timestamp;

use super::deployments::{plan_values, resolve_inputs};
use super::labels::fresh_id;
use super::list::{list, ListSpec};
use super::reply::{error, not_found, Reply};
use super::{get_one, method_not_allowed, to_value, Ctx, DemoManager, TenantData};

const SEARCH: ListSpec = ListSpec {
    search_fields: &["id", "deployment_id"],
    search_name_field: None,
};

/// How long the update workflow runs.
const UPDATE_SECONDS: i64 = 10;

pub(super) fn route(m: &mut DemoManager, c: &Ctx) -> Option<Reply> {
    if !matches!(
        c.segs,
        ["deployment-updates"]
            | ["deployment-updates", _]
            | ["deployment-updates", _, "update", "initiate"]
    ) {
        return None;
    }
    let by = m.users[c.caller.user].username.clone();
    Some(m.in_tenant(c, |t| {
        advance(t, c.now);
        match (c.method.as_str(), c.segs) {
            ("GET", ["deployment-updates"]) => list(
                t.deployment_updates.iter().map(to_value).collect(),
                c.list,
                &SEARCH,
            ),
            ("GET", ["deployment-updates", id]) => get_one(
                t.deployment_updates.iter().find(|u| u.id == *id),
                "DeploymentUpdate",
                id,
                c.list,
            ),
            ("POST", ["deployment-updates", dep, "update", "initiate"]) => initiate(t, c, dep, &by),
            _ => method_not_allowed(),
        }
    }))
}

fn advance(t: &mut TenantData, now: NaiveDateTime) {
    for u in t.deployment_updates.iter_mut() {
        let running = u.state.as_ref().is_some_and(|s| !s.is_final());
        let started = u.created_at.map_or(now, |t| t.0);
        if running && started + Duration::seconds(UPDATE_SECONDS) <= now {
            u.state = Some(DeploymentUpdateState::Successful);
        }
    }
}

fn flag(body: &Value, key: &str) -> bool {
    body.get(key).and_then(Value::as_bool).unwrap_or(false)
}

fn initiate(t: &mut TenantData, c: &Ctx, dep_id: &str, by: &str) -> Reply {
    let body = match c.json() {
        Ok(b) => b,
        Err(r) => return r,
    };
    let Some(dep) = t.deployments.iter().find(|d| d.id == dep_id) else {
        return not_found("Deployment", dep_id);
    };
    let preview = flag(&body, "preview");
    let active: Vec<&str> = t
        .deployment_updates
        .iter()
        .filter(|u| {
            u.deployment_id.as_deref() == Some(dep_id)
                && u.state.as_ref().is_some_and(|s| !s.is_final())
        })
        .map(|u| u.id.as_str())
        .collect();
    if !active.is_empty() && !flag(&body, "force") && !preview {
        return error(
            409,
            "conflict_error",
            &format!(
                "there are deployment updates still active; update IDs: {}",
                active.join(", ")
            ),
        );
    }
    let old_bp = dep.blueprint_id.clone().unwrap_or_default();
    let new_bp = body
        .get("blueprint_id")
        .and_then(Value::as_str)
        .filter(|b| !b.is_empty())
        .unwrap_or(&old_bp)
        .to_string();
    let Some(bp) = t.blueprints.iter().find(|b| b.id == new_bp) else {
        return not_found("Blueprint", &new_bp);
    };
    if bp
        .state
        .as_ref()
        .is_some_and(|s| *s != BlueprintState::Uploaded)
    {
        return error(
            400,
            "bad_parameters_error",
            &format!("Blueprint `{new_bp}` is not in the uploaded state"),
        );
    }
    let old_inputs = dep.inputs.clone().unwrap_or_default();
    let mut given = Map::new();
    // Inputs the new blueprint still declares keep their values unless changed.
    let declared = bp.plan.as_ref().and_then(|p| p.get("inputs"));
    for (k, v) in &old_inputs {
        if declared.is_none_or(|d| d.get(k).is_some()) {
            given.insert(k.clone(), v.clone());
        }
    }
    match body.get("inputs") {
        None | Some(Value::Null) => {}
        Some(Value::Object(o)) => given.extend(o.clone()),
        Some(_) => {
            return error(
                400,
                "bad_parameters_error",
                "inputs parameter is expected to be of type dict",
            )
        }
    }
    let new_inputs = match resolve_inputs(bp.plan.as_ref(), &given) {
        Ok(i) => i,
        Err(r) => return r,
    };
    let mut steps: Vec<Value> = Vec::new();
    if new_bp != old_bp {
        steps.push(json!({"action": "modify", "entity_type": "blueprint", "entity_id": new_bp}));
    }
    let mut names: Vec<&String> = old_inputs.keys().chain(new_inputs.keys()).collect();
    names.sort();
    names.dedup();
    for name in names {
        if old_inputs.get(name) != new_inputs.get(name) {
            steps.push(json!({"action": "modify", "entity_type": "input",
                              "entity_id": format!("inputs:{name}")}));
        }
    }
    let plan = bp.plan.clone();
    let n = t.deployment_updates.len();
    let id = format!(
        "{dep_id}-{}",
        fresh_id(&format!("update|{dep_id}|{}|{n}", c.now))
    );
    let execution_id = (!preview).then(|| fresh_id(&format!("update-exec|{id}")));
    let update = DeploymentUpdate {
        id,
        deployment_id: Some(dep_id.to_string()),
        old_blueprint_id: Some(old_bp),
        new_blueprint_id: Some(new_bp.clone()),
        old_inputs: Some(old_inputs),
        new_inputs: Some(new_inputs.clone()),
        state: Some(if preview {
            DeploymentUpdateState::Preview
        } else {
            DeploymentUpdateState::ExecutingWorkflow
        }),
        tenant_name: Some(t.name.clone()),
        created_at: Some(Timestamp(c.now)),
        created_by: Some(by.to_string()),
        execution_id,
        private_resource: Some(false),
        visibility: Some(Visibility::Tenant),
        resource_availability: Some(Visibility::Tenant),
        steps: Some(steps),
        deployment_update_nodes: Some(json!([])),
        deployment_update_node_instances: Some(json!({})),
        modified_entity_ids: Some(json!({})),
        deployment_plan: Some(json!({"inputs": new_inputs})),
        central_plugins_to_install: Some(Vec::new()),
        central_plugins_to_uninstall: Some(Vec::new()),
        runtime_only_evaluation: body.get("runtime_only_evaluation").and_then(Value::as_bool),
        ..DeploymentUpdate::default()
    };
    if !preview {
        if let Some(d) = t.deployments.iter_mut().find(|d| d.id == dep_id) {
            d.blueprint_id = Some(new_bp);
            d.outputs = Some(plan_values(plan.as_ref(), "outputs", &new_inputs));
            d.capabilities = Some(plan_values(plan.as_ref(), "capabilities", &new_inputs));
            d.inputs = Some(new_inputs);
            d.updated_at = Some(Timestamp(c.now));
            if let Some(v) = body.get("runtime_only_evaluation").and_then(Value::as_bool) {
                d.runtime_only_evaluation = Some(v);
            }
        }
    }
    let reply = Reply::json(200, to_value(&update));
    t.deployment_updates.push(update);
    reply
}
