//! `/deployment-groups`: groups act on their deployments (labels, creation, deletion).

use serde_json::{json, Map, Value};

use baton_core::conductor::deployments::{Deployment, DeploymentStatus, InstallationStatus};
use baton_core::conductor::executions::ExecutionStatus;
use baton_core::conductor::groups::NewDeployment;
use baton_core::conductor::resources::{DeploymentGroup, Ownership};
use baton_core::conductor::saved_filters::FilterResource;
use baton_core::conductor::{Label, Visibility};
use baton_core::filters::{CompiledRules, Resource};
use baton_core::time::Timestamp;

use super::list::{list, ListSpec};
use super::reply::{error, not_found, Reply};
use super::saved_filters::visibility_of;
use super::scope::{bad_parameters, conflict, filter_rules_of, parse_rules, pseudo_uuid, Scope};
use super::{data, get_one, method_not_allowed, to_value, Ctx, DemoManager, TenantData};

const SEARCH: ListSpec = ListSpec {
    search_fields: &["id"],
    search_name_field: None,
};

pub(super) fn route(m: &mut DemoManager, c: &Ctx) -> Option<Reply> {
    let id = match c.segs {
        ["deployment-groups"] => None,
        ["deployment-groups", id] => Some(*id),
        _ => return None,
    };
    let scope = match Scope::of(m, c) {
        Ok(s) => s,
        Err(reply) => return Some(reply),
    };
    Some(match (c.method.as_str(), id) {
        ("GET", None) => {
            let t = &m.tenants[scope.tenant];
            let items = t
                .groups
                .iter()
                .filter(|g| scope.sees(&t.name, &g.owner))
                .map(to_value)
                .collect();
            list(items, c.list, &SEARCH)
        }
        ("GET", Some(id)) => {
            let t = &m.tenants[scope.tenant];
            get_one(
                t.groups
                    .iter()
                    .find(|g| g.id == id && scope.sees(&t.name, &g.owner)),
                "DeploymentGroup",
                id,
                c.list,
            )
        }
        ("PUT", Some(id)) => respond(put(m, c, &scope, id)),
        ("PATCH", Some(id)) => respond(patch(m, c, &scope, id)),
        ("DELETE", Some(id)) => respond(delete(m, c, &scope, id)),
        _ => method_not_allowed(),
    })
}

fn respond(r: Result<Reply, Reply>) -> Reply {
    r.unwrap_or_else(|e| e)
}

fn group_index(t: &TenantData, scope: &Scope, id: &str) -> Result<usize, Reply> {
    t.groups
        .iter()
        .position(|g| g.id == id && scope.sees(&t.name, &g.owner))
        .ok_or_else(|| not_found("DeploymentGroup", id))
}

/// The deployments a selection object names (`deployment_ids`, `filter_id`, `filter_rules`,
/// `deployments_from_group`), in first-seen order.
fn select(m: &DemoManager, scope: &Scope, sel: &Value) -> Result<Vec<String>, Reply> {
    let t = &m.tenants[scope.tenant];
    let mut out: Vec<String> = Vec::new();
    let mut push = |id: &str| {
        if !out.iter().any(|x| x == id) {
            out.push(id.to_string());
        }
    };
    if let Some(ids) = sel.get("deployment_ids").filter(|v| !v.is_null()) {
        let ids = ids
            .as_array()
            .ok_or_else(|| bad_parameters("deployment_ids must be a list"))?;
        for id in ids {
            let id = id.as_str().unwrap_or_default();
            if !t.deployments.iter().any(|d| d.id == id) {
                return Err(not_found("Deployment", id));
            }
            push(id);
        }
    }
    let mut by_rules = |rules: &[baton_core::filters::FilterRule]| {
        let compiled = CompiledRules::new(rules);
        for d in t.deployments.iter().filter(|d| compiled.matches(*d)) {
            push(&d.id);
        }
    };
    if let Some(fid) = sel.get("filter_id").and_then(Value::as_str) {
        let rules = filter_rules_of(&m.tenants, scope, FilterResource::Deployments, fid)?;
        by_rules(&rules);
    }
    if let Some(raw) = sel.get("filter_rules").filter(|v| !v.is_null()) {
        let rules = parse_rules(raw, Resource::Deployments)?;
        if !rules.is_empty() {
            by_rules(&rules);
        }
    }
    if let Some(gid) = sel.get("deployments_from_group").and_then(Value::as_str) {
        let gi = group_index(t, scope, gid)?;
        for id in &t.groups[gi].deployment_ids {
            push(id);
        }
    }
    Ok(out)
}

fn has_label(d: &Deployment, k: &str, v: &str) -> bool {
    d.labels
        .iter()
        .flatten()
        .any(|l| l.key == k && l.value == v)
}

fn label(k: &str, v: &str, now: Timestamp, by: &str) -> Label {
    Label {
        key: k.to_string(),
        value: v.to_string(),
        created_at: Some(now),
        created_by: Some(by.to_string()),
    }
}

/// Adds `ids` to group `gi`, giving each the group's labels.
fn add_members(t: &mut TenantData, gi: usize, ids: &[String], now: Timestamp, by: &str) {
    let group_labels: Vec<(String, String)> = t.groups[gi]
        .labels
        .iter()
        .flatten()
        .map(|l| (l.key.clone(), l.value.clone()))
        .collect();
    for id in ids {
        if !t.groups[gi].deployment_ids.contains(id) {
            t.groups[gi].deployment_ids.push(id.clone());
        }
        if let Some(d) = t.deployments.iter_mut().find(|d| d.id == *id) {
            for (k, v) in &group_labels {
                if !has_label(d, k, v) {
                    d.labels
                        .get_or_insert_with(Vec::new)
                        .push(label(k, v, now, by));
                }
            }
        }
    }
}

/// Keeps each deployment's `deployment_groups` in step with the groups.
fn sync_membership(t: &mut TenantData) {
    let groups = &t.groups;
    for d in t.deployments.iter_mut() {
        let mine: Vec<String> = groups
            .iter()
            .filter(|g| g.deployment_ids.contains(&d.id))
            .map(|g| g.id.clone())
            .collect();
        if !mine.is_empty() || d.deployment_groups.is_some() {
            d.deployment_groups = Some(mine);
        }
    }
}

fn parse_labels(raw: &Value) -> Result<Vec<(String, String)>, Reply> {
    let list = raw
        .as_array()
        .ok_or_else(|| bad_parameters("labels must be a list of {key: value} objects"))?;
    let mut out: Vec<(String, String)> = Vec::new();
    for one in list {
        let pair = one
            .as_object()
            .filter(|o| o.len() == 1)
            .and_then(|o| o.iter().next())
            .and_then(|(k, v)| v.as_str().map(|v| (k.to_lowercase(), v.to_string())));
        let Some((k, v)) = pair else {
            return Err(bad_parameters(
                "Labels must be a list of 1-entry dictionaries: [{<key1>: <value1>}, {<key2>: [<value1>, <value2>]}, ...]",
            ));
        };
        if let Err(e) = baton_core::labels::check_label(&k, &v) {
            return Err(bad_parameters(&e.to_string()));
        }
        if !out.contains(&(k.clone(), v.clone())) {
            out.push((k, v));
        }
    }
    Ok(out)
}

fn new_specs(raw: Option<&Value>) -> Result<Vec<NewDeployment>, Reply> {
    match raw {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(v) => serde_json::from_value(v.clone())
            .map_err(|e| bad_parameters(&format!("Invalid new_deployments: {e}"))),
    }
}

/// Creates the deployments of `specs` in group `gi`, with the manager's id templates.
fn create_new(
    t: &mut TenantData,
    gi: usize,
    specs: &[NewDeployment],
    now: Timestamp,
    by: &str,
) -> Result<(), Reply> {
    if specs.is_empty() {
        return Ok(());
    }
    let g = t.groups[gi].clone();
    let Some(bp_id) = g.default_blueprint_id.clone() else {
        return Err(error(
            409,
            "conflict_error",
            &format!(
                "Cannot create deployments: group {} has no default blueprint set",
                g.id
            ),
        ));
    };
    let mut counter = g.creation_counter.unwrap_or(0);
    let mut made: Vec<Deployment> = Vec::new();
    for (n, spec) in specs.iter().enumerate() {
        let site = spec.site_name.clone().unwrap_or_default();
        let uuid = pseudo_uuid(&format!(
            "{}|{}|{counter}|{n}|{}",
            t.name,
            g.id,
            now.to_wire()
        ));
        let fill = |template: &str| {
            template
                .replace("{group_id}", &g.id)
                .replace("{uuid}", &uuid)
                .replace("{blueprint_id}", &bp_id)
                .replace("{count}", &counter.to_string())
                .replace("{site_name}", &site)
        };
        let id = fill(spec.id.as_deref().unwrap_or("{group_id}-{uuid}"));
        if t.deployments.iter().any(|d| d.id == id) || made.iter().any(|d| d.id == id) {
            return Err(conflict("Deployment", &id, &t.name));
        }
        let mut inputs = g
            .default_inputs
            .as_ref()
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        inputs.extend(spec.inputs.clone().unwrap_or_default());
        let mut labels: Vec<Label> = Vec::new();
        let group_labels = g
            .labels
            .iter()
            .flatten()
            .map(|l| (l.key.clone(), l.value.clone()));
        for (k, v) in spec
            .labels
            .clone()
            .unwrap_or_default()
            .into_iter()
            .chain(group_labels)
        {
            if !labels.iter().any(|l| l.key == k && l.value == v) {
                labels.push(label(&k, &v, now, by));
            }
        }
        let visibility = g.owner.visibility.clone().unwrap_or(Visibility::Tenant);
        made.push(Deployment {
            display_name: Some(
                spec.display_name
                    .as_deref()
                    .map(fill)
                    .unwrap_or_else(|| id.clone()),
            ),
            id,
            blueprint_id: Some(bp_id.clone()),
            site_name: spec.site_name.clone(),
            resource_availability: Some(visibility.clone()),
            private_resource: Some(visibility == Visibility::Private),
            visibility: Some(visibility),
            tenant_name: Some(t.name.clone()),
            created_by: Some(by.to_string()),
            created_at: Some(now),
            updated_at: Some(now),
            labels: Some(labels),
            inputs: Some(inputs),
            outputs: Some(Map::new()),
            capabilities: Some(Map::new()),
            workflows: Some(data::workflows()),
            installation_status: Some(InstallationStatus::Inactive),
            deployment_status: Some(DeploymentStatus::Good),
            latest_execution_status: Some(ExecutionStatus::Terminated),
            latest_execution_workflow_id: Some("create_deployment_environment".into()),
            runtime_only_evaluation: spec.runtime_only_evaluation,
            sub_services_count: Some(0),
            sub_environments_count: Some(0),
            groups: Some(json!({})),
            scaling_groups: Some(json!({})),
            ..Deployment::default()
        });
        counter += 1;
    }
    let ids: Vec<String> = made.iter().map(|d| d.id.clone()).collect();
    t.deployments.extend(made);
    t.groups[gi].creation_counter = Some(counter);
    for id in ids {
        if !t.groups[gi].deployment_ids.contains(&id) {
            t.groups[gi].deployment_ids.push(id);
        }
    }
    Ok(())
}

fn put(m: &mut DemoManager, c: &Ctx, scope: &Scope, id: &str) -> Result<Reply, Reply> {
    let body = c.json()?;
    if !body.is_object() {
        return Err(bad_parameters("The request body must be a JSON object"));
    }
    let visibility = visibility_of(&body)?;
    let labels = match body.get("labels").filter(|v| !v.is_null()) {
        Some(raw) => Some(parse_labels(raw)?),
        None => None,
    };
    let specs = new_specs(body.get("new_deployments"))?;
    // Resolve everything before changing anything: the manager works in one transaction.
    let members = select(m, scope, &body)?;
    let now = Timestamp(c.now);
    let blueprint = match body
        .get("blueprint_id")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
    {
        Some(b) => {
            if !m.tenants[scope.tenant].blueprints.iter().any(|x| x.id == b) {
                return Err(not_found("Blueprint", b));
            }
            Some(b.to_string())
        }
        None => None,
    };
    let t = &mut m.tenants[scope.tenant];
    let gi = match t.groups.iter().position(|g| g.id == id) {
        Some(gi) => {
            if !scope.may_modify(&t.groups[gi].owner) {
                return Err(scope.forbidden(&format!("the deployment group `{id}`")));
            }
            gi
        }
        None => {
            let v = visibility.clone().unwrap_or(Visibility::Tenant);
            t.groups.push(DeploymentGroup {
                id: id.to_string(),
                deployment_ids: Vec::new(),
                default_inputs: Some(json!({})),
                creation_counter: Some(0),
                labels: Some(Vec::new()),
                owner: Ownership {
                    resource_availability: Some(v.clone()),
                    private_resource: Some(v == Visibility::Private),
                    visibility: Some(v),
                    tenant_name: Some(t.name.clone()),
                    created_by: Some(scope.username.clone()),
                    created_at: Some(now),
                    updated_at: None,
                },
                ..DeploymentGroup::default()
            });
            t.groups.len() - 1
        }
    };
    {
        let g = &mut t.groups[gi];
        if let Some(v) = visibility {
            g.owner.resource_availability = Some(v.clone());
            g.owner.private_resource = Some(v == Visibility::Private);
            g.owner.visibility = Some(v);
        }
        if let Some(inputs) = body.get("default_inputs").filter(|v| !v.is_null()) {
            g.default_inputs = Some(inputs.clone());
        }
        if let Some(d) = body.get("description").and_then(Value::as_str) {
            g.description = Some(d.to_string());
        }
        if blueprint.is_some() {
            g.default_blueprint_id = blueprint;
        }
    }
    if let Some(new_labels) = labels {
        set_labels(t, gi, &new_labels, now, &scope.username);
    }
    let overriding = ["deployment_ids", "filter_id"]
        .iter()
        .any(|k| body.get(*k).is_some_and(|v| !v.is_null()))
        || body
            .get("deployments_from_group")
            .and_then(Value::as_str)
            .is_some_and(|s| !s.is_empty());
    if overriding {
        t.groups[gi].deployment_ids.clear();
    }
    add_members(t, gi, &members, now, &scope.username);
    let created = create_new(t, gi, &specs, now, &scope.username);
    sync_membership(t);
    created?;
    Ok(Reply::json(200, to_value(&t.groups[gi])))
}

/// Replaces the group's labels; added ones go onto every member, removed ones come off.
fn set_labels(t: &mut TenantData, gi: usize, new: &[(String, String)], now: Timestamp, by: &str) {
    let old: Vec<Label> = t.groups[gi].labels.clone().unwrap_or_default();
    let removed: Vec<&Label> = old
        .iter()
        .filter(|l| !new.iter().any(|(k, v)| *k == l.key && *v == l.value))
        .collect();
    let kept_or_new: Vec<Label> = new
        .iter()
        .map(|(k, v)| {
            old.iter()
                .find(|l| l.key == *k && l.value == *v)
                .cloned()
                .unwrap_or_else(|| label(k, v, now, by))
        })
        .collect();
    let members = t.groups[gi].deployment_ids.clone();
    for d in t.deployments.iter_mut().filter(|d| members.contains(&d.id)) {
        if let Some(ls) = d.labels.as_mut() {
            ls.retain(|l| !removed.iter().any(|r| r.key == l.key && r.value == l.value));
        }
        for l in &kept_or_new {
            if !has_label(d, &l.key, &l.value) {
                d.labels
                    .get_or_insert_with(Vec::new)
                    .push(label(&l.key, &l.value, now, by));
            }
        }
    }
    t.groups[gi].labels = Some(kept_or_new);
}

fn patch(m: &mut DemoManager, c: &Ctx, scope: &Scope, id: &str) -> Result<Reply, Reply> {
    let body = c.json()?;
    let gi = group_index(&m.tenants[scope.tenant], scope, id)?;
    if !scope.may_modify(&m.tenants[scope.tenant].groups[gi].owner) {
        return Err(scope.forbidden(&format!("the deployment group `{id}`")));
    }
    let add = body.get("add").filter(|v| v.is_object());
    let remove = body.get("remove").filter(|v| v.is_object());
    let to_add = match add {
        Some(a) => select(m, scope, a)?,
        None => Vec::new(),
    };
    let specs = new_specs(add.and_then(|a| a.get("new_deployments")))?;
    let to_remove = match remove {
        Some(r) => select(m, scope, r)?,
        None => Vec::new(),
    };
    let now = Timestamp(c.now);
    let t = &mut m.tenants[scope.tenant];
    add_members(t, gi, &to_add, now, &scope.username);
    // Removal wins over addition of the same deployment.
    t.groups[gi]
        .deployment_ids
        .retain(|d| !to_remove.contains(d));
    let created = create_new(t, gi, &specs, now, &scope.username);
    sync_membership(t);
    created?;
    Ok(Reply::json(200, to_value(&t.groups[gi])))
}

fn delete(m: &mut DemoManager, c: &Ctx, scope: &Scope, id: &str) -> Result<Reply, Reply> {
    let t = &mut m.tenants[scope.tenant];
    let gi = group_index(t, scope, id)?;
    if !scope.may_modify(&t.groups[gi].owner) {
        return Err(scope.forbidden(&format!("the deployment group `{id}`")));
    }
    if c.flag("delete_deployments") {
        let mut doomed: Vec<String> = t.groups[gi].deployment_ids.clone();
        if c.flag("recursive") {
            // Sub-deployments (by `csys-obj-parent`) go with their parents.
            let mut i = 0;
            while i < doomed.len() {
                let parent = doomed[i].clone();
                for d in &t.deployments {
                    if has_label(d, "csys-obj-parent", &parent) && !doomed.contains(&d.id) {
                        doomed.push(d.id.clone());
                    }
                }
                i += 1;
            }
        }
        if !c.flag("force") {
            if let Some(live) = t.deployments.iter().find(|d| {
                doomed.contains(&d.id) && d.installation_status == Some(InstallationStatus::Active)
            }) {
                return Err(error(
                    400,
                    "dependent_exists_error",
                    &format!(
                        "Can't delete deployment {} - There are live nodes for this deployment. Use force to delete it anyway",
                        live.id
                    ),
                ));
            }
        }
        t.deployments.retain(|d| !doomed.contains(&d.id));
        for g in t.groups.iter_mut() {
            g.deployment_ids.retain(|d| !doomed.contains(d));
        }
    }
    t.groups.remove(gi);
    sync_membership(t);
    Ok(Reply::json(204, Value::Null))
}
