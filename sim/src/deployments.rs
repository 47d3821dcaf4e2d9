//! `/deployments`: list, get, create, delete, visibility, site, labels, outputs,
//! capabilities and inter-deployment dependencies.

use serde_json::{json, Map, Value};

use baton_core::conductor::blueprints::BlueprintState;
use baton_core::conductor::deployments::{
    Deployment, DeploymentStatus, InstallationStatus, InterDeploymentDependency,
};
use baton_core::conductor::executions::ExecutionStatus;
use baton_core::conductor::Visibility;
use baton_core::time::Timestamp;

use super::labels::{
    check_id, check_visibility, fresh_id, merge_labels, parse_labels, requested_visibility,
    visibility_rank,
};
use super::list::{list, ListSpec};
use super::nodes::instantiate;
use super::reply::{error, not_found, Reply};
use super::{get_one, method_not_allowed, project, to_value, Ctx, DemoManager, TenantData};

const SEARCH: ListSpec = ListSpec {
    search_fields: &["id"],
    search_name_field: Some("display_name"),
};

const DEPENDENCY_SEARCH: ListSpec = ListSpec {
    search_fields: &["dependency_creator"],
    search_name_field: None,
};

const IDD: &str = "inter-deployment-dependencies";

/// The deployments-only list options: `_group_id`, `_dependencies_of`, `_environments_only`.
fn deployments_option_matches(t: &TenantData, c: &Ctx, d: &Deployment) -> bool {
    if let Some(g) = c.query.get("_group_id") {
        let member = t
            .groups
            .iter()
            .any(|group| group.id == g && group.deployment_ids.contains(&d.id));
        if !member {
            return false;
        }
    }
    if let Some(of) = c.query.get("_dependencies_of") {
        let target = t.dependencies.iter().any(|dep| {
            dep.source_deployment_id.as_deref() == Some(of)
                && dep.target_deployment_id.as_deref() == Some(d.id.as_str())
        });
        if !target {
            return false;
        }
    }
    if c.flag("_environments_only") {
        return d.label("csys-obj-type") == Some("environment");
    }
    true
}

pub(super) fn route(m: &mut DemoManager, c: &Ctx) -> Option<Reply> {
    // Other paths fall through to the manager's 404 (or another family).
    if !matches!(
        c.segs,
        ["deployments"]
            | ["deployments", _]
            | [
                "deployments",
                _,
                "set-visibility" | "set-site" | "outputs" | "capabilities"
            ]
    ) {
        return None;
    }
    let by = m.users[c.caller.user].username.clone();
    Some(m.in_tenant(c, |t| {
        match (c.method.as_str(), c.segs) {
            ("GET", ["deployments"]) => list(
                t.deployments
                    .iter()
                    .filter(|d| deployments_option_matches(t, c, d))
                    .map(to_value)
                    .collect(),
                c.list,
                &SEARCH,
            ),
            ("GET", ["deployments", IDD]) => list(
                t.dependencies.iter().map(to_value).collect(),
                c.list,
                &DEPENDENCY_SEARCH,
            ),
            ("PUT", ["deployments", IDD]) => create_dependency(t, c, &by),
            ("DELETE", ["deployments", IDD]) => delete_dependency(t, c),
            (_, ["deployments", IDD]) => method_not_allowed(),
            ("GET", ["deployments", id]) => get_one(
                t.deployments.iter().find(|d| d.id == *id),
                "Deployment",
                id,
                c.list,
            ),
            ("PUT", ["deployments", id]) => create(t, c, id, &by),
            ("DELETE", ["deployments", id]) => {
                delete(t, id, c.flag("force"), c.flag("recursive"), &mut Vec::new())
            }
            ("PATCH", ["deployments", id]) => update_labels(t, c, id, &by),
            ("PATCH", ["deployments", id, "set-visibility"]) => set_visibility(t, c, id),
            ("POST", ["deployments", id, "set-site"]) => set_site(t, c, id),
            ("GET", ["deployments", id, what @ ("outputs" | "capabilities")]) => {
                let Some(d) = t.deployments.iter().find(|d| d.id == *id) else {
                    return not_found("Deployment", id);
                };
                let source = if *what == "outputs" {
                    &d.outputs
                } else {
                    &d.capabilities
                };
                // Each output is `{description, value}`; the endpoint answers the values.
                let values: Map<String, Value> = source
                    .iter()
                    .flatten()
                    .map(|(k, v)| (k.clone(), v.get("value").cloned().unwrap_or(Value::Null)))
                    .collect();
                Reply::json(200, json!({"deployment_id": id, *what: values}))
            }
            _ => method_not_allowed(),
        }
    }))
}

/// Evaluates the intrinsic functions the demo plans use: `get_input` and `concat`.
pub(super) fn evaluate(v: &Value, inputs: &Map<String, Value>) -> Value {
    match v {
        Value::Object(o) if o.len() == 1 => {
            if let Some(name) = o.get("get_input").and_then(Value::as_str) {
                return inputs.get(name).cloned().unwrap_or(Value::Null);
            }
            if let Some(Value::Array(parts)) = o.get("concat") {
                let text: String = parts
                    .iter()
                    .map(|p| match evaluate(p, inputs) {
                        Value::String(s) => s,
                        Value::Null => String::new(),
                        other => other.to_string(),
                    })
                    .collect();
                return Value::String(text);
            }
            Value::Object(
                o.iter()
                    .map(|(k, x)| (k.clone(), evaluate(x, inputs)))
                    .collect(),
            )
        }
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, x)| (k.clone(), evaluate(x, inputs)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(|x| evaluate(x, inputs)).collect()),
        other => other.clone(),
    }
}

/// The deployment inputs: `given` over the plan's defaults, refusing unknown inputs and
/// missing required ones like the manager.
pub(super) fn resolve_inputs(
    plan: Option<&Value>,
    given: &Map<String, Value>,
) -> Result<Map<String, Value>, Reply> {
    let declared = plan
        .and_then(|p| p.get("inputs"))
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let expected = || {
        let mut names: Vec<&str> = declared.keys().map(String::as_str).collect();
        names.sort();
        names.join(", ")
    };
    let mut unknown: Vec<&str> = given
        .keys()
        .filter(|k| !declared.contains_key(*k))
        .map(String::as_str)
        .collect();
    if !unknown.is_empty() {
        unknown.sort();
        return Err(error(
            400,
            "unknown_deployment_input_error",
            &format!(
                "Unknown input(s) specified: {} - expected inputs: [{}]",
                unknown.join(", "),
                expected()
            ),
        ));
    }
    let mut out = Map::new();
    let mut missing = Vec::new();
    for (name, spec) in &declared {
        match given.get(name).or_else(|| spec.get("default")) {
            Some(v) => {
                out.insert(name.clone(), v.clone());
            }
            None => missing.push(name.as_str()),
        }
    }
    if !missing.is_empty() {
        missing.sort();
        return Err(error(
            400,
            "missing_required_deployment_input_error",
            &format!(
                "Required input(s) {} were not specified - expected inputs: [{}]",
                missing.join(", "),
                expected()
            ),
        ));
    }
    Ok(out)
}

/// Outputs and capabilities of a plan, evaluated against `inputs`.
pub(super) fn plan_values(
    plan: Option<&Value>,
    key: &str,
    inputs: &Map<String, Value>,
) -> Map<String, Value> {
    plan.and_then(|p| p.get(key))
        .and_then(Value::as_object)
        .map(|o| {
            o.iter()
                .map(|(k, v)| (k.clone(), evaluate(v, inputs)))
                .collect()
        })
        .unwrap_or_default()
}

fn create(t: &mut TenantData, c: &Ctx, id: &str, by: &str) -> Reply {
    if let Err(r) = check_id("deployment_id", id) {
        return r;
    }
    let body = match c.json() {
        Ok(b) => b,
        Err(r) => return r,
    };
    let Some(bp_id) = body.get("blueprint_id").and_then(Value::as_str) else {
        return error(
            400,
            "bad_parameters_error",
            "Missing blueprint_id in json request body",
        );
    };
    let visibility = body
        .get("visibility")
        .and_then(Value::as_str)
        .unwrap_or("tenant");
    if let Err(r) = check_visibility(visibility, true) {
        return r;
    }
    if t.deployments.iter().any(|d| d.id == id) {
        return error(
            409,
            "conflict_error",
            &format!("deployment with id `{id}` already exists"),
        );
    }
    let Some(bp) = t.blueprints.iter().find(|b| b.id == bp_id) else {
        return not_found("Blueprint", bp_id);
    };
    if bp
        .state
        .as_ref()
        .is_some_and(|s| *s != BlueprintState::Uploaded)
    {
        return error(
            400,
            "deployment_creation_error",
            &format!(
                "Can't create deployment `{id}` - blueprint `{bp_id}` is in state {}",
                bp.state.as_ref().map_or("", |s| s.as_str())
            ),
        );
    }
    if visibility == "global" && bp.visibility.as_ref().map_or("tenant", |v| v.as_str()) != "global"
    {
        return error(
            400,
            "illegal_action_error",
            &format!(
                "The visibility of deployment `{id}` can't be global because its blueprint `{bp_id}` is not global"
            ),
        );
    }
    let given = match body.get("inputs") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(o)) => o.clone(),
        Some(_) => {
            return error(
                400,
                "bad_parameters_error",
                "inputs parameter is expected to be of type dict",
            )
        }
    };
    let inputs = match resolve_inputs(bp.plan.as_ref(), &given) {
        Ok(i) => i,
        Err(r) => return r,
    };
    let site = body
        .get("site_name")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty());
    if let Some(s) = site {
        if !t.sites.iter().any(|x| x.name == s) {
            return not_found("Site", s);
        }
    }
    let labels = match parse_labels(body.get("labels")) {
        Ok(l) => l,
        Err(r) => return r,
    };
    let label = |k: &str| {
        labels
            .iter()
            .find(|(lk, _)| lk == k)
            .map(|(_, v)| v.clone())
    };
    let parent = label("csys-obj-parent");
    if let Some(p) = &parent {
        if !t.deployments.iter().any(|d| d.id == *p) {
            return error(
                404,
                "deployment_parent_not_found_error",
                &format!("Environment `{p}` was not found"),
            );
        }
    }
    let is_env = label("csys-obj-type").as_deref() == Some("environment");
    let plan = bp.plan.clone();
    let description = bp.description.clone();
    let (nodes, instances) = instantiate(plan.as_ref(), id, bp_id, &t.name, by, "uninitialized");
    let outputs = plan_values(plan.as_ref(), "outputs", &inputs);
    let capabilities = plan_values(plan.as_ref(), "capabilities", &inputs);
    let d = Deployment {
        id: id.to_string(),
        display_name: Some(
            body.get("display_name")
                .and_then(Value::as_str)
                .unwrap_or(id)
                .to_string(),
        ),
        description,
        blueprint_id: Some(bp_id.to_string()),
        site_name: site.map(String::from),
        visibility: Some(Visibility::from(visibility)),
        resource_availability: Some(Visibility::from(visibility)),
        private_resource: Some(visibility == "private"),
        tenant_name: Some(t.name.clone()),
        created_by: Some(by.to_string()),
        created_at: Some(Timestamp(c.now)),
        updated_at: Some(Timestamp(c.now)),
        labels: Some(merge_labels(&[], labels.clone(), c.now, by)),
        inputs: Some(inputs),
        outputs: Some(outputs),
        capabilities: Some(capabilities),
        workflows: Some(super::data::workflows()),
        groups: Some(json!({})),
        scaling_groups: Some(json!({})),
        policy_triggers: Some(json!({})),
        policy_types: Some(json!({})),
        installation_status: Some(InstallationStatus::Inactive),
        deployment_status: Some(DeploymentStatus::Good),
        latest_execution_status: Some(ExecutionStatus::Terminated),
        latest_execution_workflow_id: Some("create_deployment_environment".into()),
        create_execution: Some(fresh_id(&format!("create|{id}|{}", c.now))),
        environment_type: Some(label("csys-env-type").unwrap_or_default()),
        sub_services_count: Some(0),
        sub_environments_count: Some(0),
        sub_services_status: None,
        sub_environments_status: None,
        has_sub_deployments: Some(false),
        runtime_only_evaluation: body.get("runtime_only_evaluation").and_then(Value::as_bool),
        ..Deployment::default()
    };
    if let Some(p) = parent {
        adjust_parent(t, &p, is_env, 1);
    }
    t.nodes.extend(nodes);
    t.node_instances.extend(instances);
    let reply = Reply::json(201, project(to_value(&d), &c.list.include));
    t.deployments.push(d);
    reply
}

/// Keeps an environment's sub-deployment counters in step with its children.
fn adjust_parent(t: &mut TenantData, parent: &str, child_is_env: bool, delta: i64) {
    if let Some(p) = t.deployments.iter_mut().find(|d| d.id == parent) {
        let counter = if child_is_env {
            &mut p.sub_environments_count
        } else {
            &mut p.sub_services_count
        };
        let n = counter.unwrap_or(0) as i64 + delta;
        *counter = Some(n.max(0) as u64);
        p.has_sub_deployments =
            Some(p.sub_services_count.unwrap_or(0) + p.sub_environments_count.unwrap_or(0) > 0);
    }
}

/// Deletes `id` (and with `recursive` its sub-deployments first), refusing like the manager
/// while it has sub-deployments, live nodes or dependents. `seen` guards against label cycles.
fn delete(
    t: &mut TenantData,
    id: &str,
    force: bool,
    recursive: bool,
    seen: &mut Vec<String>,
) -> Reply {
    let Some(d) = t.deployments.iter().find(|d| d.id == id) else {
        return not_found("Deployment", id);
    };
    seen.push(id.to_string());
    let children: Vec<String> = t
        .deployments
        .iter()
        .filter(|c| c.label("csys-obj-parent") == Some(id) && !seen.contains(&c.id))
        .map(|c| c.id.clone())
        .collect();
    if !children.is_empty() && !recursive {
        return error(
            400,
            "dependent_exists_error",
            &format!(
                "Can't delete deployment {id} - it has {} sub-deployment(s): {}. Delete them first, or delete recursively",
                children.len(),
                children.join(",")
            ),
        );
    }
    if !force {
        let live: Vec<&str> = t
            .node_instances
            .iter()
            .filter(|i| {
                i.deployment_id.as_deref() == Some(id)
                    && !matches!(i.state.as_deref(), Some("uninitialized" | "deleted"))
            })
            .map(|i| i.id.as_str())
            .collect();
        if !live.is_empty() {
            return error(
                400,
                "dependent_exists_error",
                &format!(
                    "Can't delete deployment {id} - There are live nodes for this deployment. Live nodes ids: {}",
                    live.join(",")
                ),
            );
        }
        let dependents: Vec<&str> = t
            .dependencies
            .iter()
            .filter(|x| x.target_deployment_id.as_deref() == Some(id))
            .filter_map(|x| x.source_deployment_id.as_deref())
            .filter(|s| *s != id)
            .collect();
        if !dependents.is_empty() {
            return error(
                400,
                "dependent_exists_error",
                &format!(
                    "Can't delete deployment {id} - the following existing installations depend on it: {}",
                    dependents.join(",")
                ),
            );
        }
    }
    let parent = d.label("csys-obj-parent").map(String::from);
    let is_env = d.label("csys-obj-type") == Some("environment");
    for child in children {
        let r = delete(t, &child, force, recursive, seen);
        if r.status >= 400 {
            return r;
        }
    }
    if let Some(p) = parent {
        adjust_parent(t, &p, is_env, -1);
    }
    t.deployments.retain(|d| d.id != id);
    t.nodes.retain(|n| n.deployment_id.as_deref() != Some(id));
    t.node_instances
        .retain(|n| n.deployment_id.as_deref() != Some(id));
    t.dependencies
        .retain(|x| x.source_deployment_id.as_deref() != Some(id));
    t.deployment_updates
        .retain(|u| u.deployment_id.as_deref() != Some(id));
    Reply::json(204, Value::Null)
}

fn update_labels(t: &mut TenantData, c: &Ctx, id: &str, by: &str) -> Reply {
    let body = match c.json() {
        Ok(b) => b,
        Err(r) => return r,
    };
    let Some(raw) = body.get("labels") else {
        return error(
            400,
            "bad_parameters_error",
            "Missing labels in json request body",
        );
    };
    let labels = match parse_labels(Some(raw)) {
        Ok(l) => l,
        Err(r) => return r,
    };
    let Some(d) = t.deployments.iter_mut().find(|d| d.id == id) else {
        return not_found("Deployment", id);
    };
    let old = d.labels.take().unwrap_or_default();
    d.labels = Some(merge_labels(&old, labels, c.now, by));
    d.environment_type = Some(d.label("csys-env-type").unwrap_or_default().to_string());
    d.updated_at = Some(Timestamp(c.now));
    Reply::json(200, project(to_value(d), &c.list.include))
}

fn set_visibility(t: &mut TenantData, c: &Ctx, id: &str) -> Reply {
    let v = match requested_visibility(c) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let v = v.as_str();
    let bp_global = |bp_id: Option<&str>| {
        t.blueprints
            .iter()
            .find(|b| Some(b.id.as_str()) == bp_id)
            .and_then(|b| b.visibility.as_ref())
            == Some(&Visibility::Global)
    };
    let Some(d) = t.deployments.iter().find(|d| d.id == id) else {
        return not_found("Deployment", id);
    };
    let current = d
        .visibility
        .as_ref()
        .map_or("tenant", |v| v.as_str())
        .to_string();
    if visibility_rank(v) < visibility_rank(&current) {
        return error(
            400,
            "illegal_action_error",
            &format!(
                "Can't set the visibility of `{id}` to {v} because it already has wider visibility: {current}"
            ),
        );
    }
    if v == "global" && !bp_global(d.blueprint_id.as_deref()) {
        return error(
            400,
            "illegal_action_error",
            &format!(
                "The visibility of deployment `{id}` can't be global because its blueprint is not global"
            ),
        );
    }
    let Some(d) = t.deployments.iter_mut().find(|d| d.id == id) else {
        return not_found("Deployment", id);
    };
    d.visibility = Some(Visibility::from(v));
    d.resource_availability = Some(Visibility::from(v));
    d.updated_at = Some(Timestamp(c.now));
    Reply::json(200, to_value(d))
}

fn set_site(t: &mut TenantData, c: &Ctx, id: &str) -> Reply {
    let body = match c.json() {
        Ok(b) => b,
        Err(r) => return r,
    };
    let detach = body
        .get("detach_site")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let site = body
        .get("site_name")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty());
    if !t.deployments.iter().any(|d| d.id == id) {
        return not_found("Deployment", id);
    }
    let new_site = match (detach, site) {
        (true, _) => None,
        (false, Some(s)) => {
            if !t.sites.iter().any(|x| x.name == s) {
                return not_found("Site", s);
            }
            Some(s.to_string())
        }
        (false, None) => {
            return error(
                400,
                "bad_parameters_error",
                "Must provide either a `site_name` of a valid site or `detach_site` with true value for detaching the current site of the given deployment",
            )
        }
    };
    let Some(d) = t.deployments.iter_mut().find(|d| d.id == id) else {
        return not_found("Deployment", id);
    };
    d.site_name = new_site;
    d.updated_at = Some(Timestamp(c.now));
    Reply::json(200, to_value(d))
}

/// The `(creator, source, target)` a dependency request names.
fn dependency_key(body: &Value) -> Result<(String, String, Option<String>), Reply> {
    let text = |k: &str| body.get(k).and_then(Value::as_str).map(String::from);
    let Some(creator) = text("dependency_creator") else {
        return Err(error(
            400,
            "bad_parameters_error",
            "Missing dependency_creator in json request body",
        ));
    };
    let Some(source) = text("source_deployment") else {
        return Err(error(
            400,
            "bad_parameters_error",
            "Missing source_deployment in json request body",
        ));
    };
    Ok((creator, source, text("target_deployment")))
}

fn create_dependency(t: &mut TenantData, c: &Ctx, by: &str) -> Reply {
    let body = match c.json() {
        Ok(b) => b,
        Err(r) => return r,
    };
    let (creator, source, target) = match dependency_key(&body) {
        Ok(k) => k,
        Err(r) => return r,
    };
    if !t.deployments.iter().any(|d| d.id == source) {
        return not_found("Deployment", &source);
    }
    if let Some(tg) = &target {
        if !t.deployments.iter().any(|d| d.id == *tg) {
            return not_found("Deployment", tg);
        }
        // A dependency may not close a cycle: the target must not already depend on the source.
        let mut frontier = vec![tg.clone()];
        let mut seen: Vec<String> = Vec::new();
        while let Some(cur) = frontier.pop() {
            if cur == source {
                return error(
                    409,
                    "conflict_error",
                    &format!(
                        "Cyclic dependency between deployments: `{tg}` already depends on `{source}`"
                    ),
                );
            }
            if seen.contains(&cur) {
                continue;
            }
            for x in &t.dependencies {
                if x.source_deployment_id.as_deref() == Some(&cur) {
                    if let Some(next) = &x.target_deployment_id {
                        frontier.push(next.clone());
                    }
                }
            }
            seen.push(cur);
        }
    }
    if t.dependencies.iter().any(|x| {
        x.dependency_creator == creator
            && x.source_deployment_id.as_deref() == Some(&source)
            && x.target_deployment_id == target
    }) {
        return error(
            409,
            "conflict_error",
            &format!("An inter-deployment dependency `{creator}` from `{source}` already exists"),
        );
    }
    let dep = InterDeploymentDependency {
        id: fresh_id(&format!("idd|{creator}|{source}|{target:?}|{}", c.now)),
        dependency_creator: creator,
        source_deployment_id: Some(source),
        target_deployment_id: target,
        target_deployment_func: body.get("target_deployment_func").cloned(),
        external_source: body.get("external_source").cloned(),
        external_target: body.get("external_target").cloned(),
        visibility: Some(Visibility::Tenant),
        resource_availability: Some(Visibility::Tenant),
        private_resource: Some(false),
        tenant_name: Some(t.name.clone()),
        created_by: Some(by.to_string()),
        created_at: Some(Timestamp(c.now)),
        ..InterDeploymentDependency::default()
    };
    let reply = Reply::json(200, to_value(&dep));
    t.dependencies.push(dep);
    reply
}

fn delete_dependency(t: &mut TenantData, c: &Ctx) -> Reply {
    let body = match c.json() {
        Ok(b) => b,
        Err(r) => return r,
    };
    let (creator, source, target) = match dependency_key(&body) {
        Ok(k) => k,
        Err(r) => return r,
    };
    let before = t.dependencies.len();
    t.dependencies.retain(|x| {
        !(x.dependency_creator == creator
            && x.source_deployment_id.as_deref() == Some(&source)
            && (target.is_none() || x.target_deployment_id == target))
    });
    if t.dependencies.len() == before {
        return error(
            404,
            "not_found_error",
            &format!(
                "Requested `InterDeploymentDependency` with ID `{creator}` (source `{source}`) was not found"
            ),
        );
    }
    Reply::json(204, Value::Null)
}
