//! `POST /searches/<resource>`, `GET /workflows` and `GET /summary/<resource>`, evaluated with
//! the same filter-rule evaluator the console uses for previews.

use serde_json::{json, Map, Value};

use baton_core::conductor::blueprints::Blueprint;
use baton_core::conductor::deployments::{Deployment, Workflow};
use baton_core::conductor::resources::{Node, NodeInstance};
use baton_core::conductor::saved_filters::FilterResource;
use baton_core::conductor::summary::SummaryResource;
use baton_core::filters::{
    CompiledRules, Constraints, FilterRule, Filterable, Resource, SearchResource,
};
use baton_core::query::ListQuery;

use super::list::{list, ListSpec};
use super::reply::{error, Reply};
use super::scope::{bad_parameters, filter_rules_of, merge_rules, parse_rules, Scope};
use super::{method_not_allowed, to_value, Ctx, DemoManager, TenantData};

pub(super) fn route(m: &mut DemoManager, c: &Ctx) -> Option<Reply> {
    let r = match (c.method.as_str(), c.segs) {
        ("POST", ["searches", r]) => {
            let resource = SearchResource::ALL
                .into_iter()
                .find(|x| x.path_segment() == *r)?;
            search(m, c, resource)
        }
        (_, ["searches", _]) => Ok(method_not_allowed()),
        ("GET", ["workflows"]) => workflows(m, c),
        (_, ["workflows"]) => Ok(method_not_allowed()),
        ("GET", ["summary", r]) => summary(m, c, SummaryResource::from_segment(r)?),
        (_, ["summary", _]) => Ok(method_not_allowed()),
        _ => return None,
    };
    Some(r.unwrap_or_else(|e| e))
}

/// The rules a search applies: validated ones (body and saved filter) and the exact ones
/// derived from DSL constraints.
struct Rules {
    checked: CompiledRules,
    exact: CompiledRules,
    constraints: Option<Constraints>,
}

impl Rules {
    fn matches(&self, item: &impl Filterable) -> bool {
        self.checked.matches(item) && self.exact.matches(item)
    }
    fn is_empty(&self) -> bool {
        self.checked.is_empty() && self.exact.is_empty()
    }
}

fn rules(
    m: &DemoManager,
    c: &Ctx,
    scope: &Scope,
    body: &Value,
    resource: SearchResource,
) -> Result<Rules, Reply> {
    let filter_id = c.query.get("_filter_id").filter(|s| !s.is_empty());
    let raw_rules = body.get("filter_rules").filter(|v| !v.is_null());
    let raw_constraints = body.get("constraints").filter(|v| !v.is_null());
    if raw_constraints.is_some_and(|v| v.as_object().is_some_and(|o| !o.is_empty()))
        && (raw_rules.is_some_and(|r| r.as_array().is_some_and(|a| !a.is_empty()))
            || filter_id.is_some())
    {
        return Err(bad_parameters(
            "You should provide either filter_id/filter_rules or DSL constraints, not both",
        ));
    }
    let (rule_model, filters) = match resource {
        SearchResource::Deployments | SearchResource::Workflows => {
            (Resource::Deployments, Some(FilterResource::Deployments))
        }
        SearchResource::Blueprints => (Resource::Blueprints, Some(FilterResource::Blueprints)),
        SearchResource::Secrets => (Resource::Secrets, None),
        SearchResource::Nodes | SearchResource::NodeTypes => (Resource::Nodes, None),
        _ => (Resource::NodeInstances, None),
    };
    let mut checked: Vec<FilterRule> = match raw_rules {
        Some(raw) => parse_rules(raw, rule_model)?,
        None => Vec::new(),
    };
    if let (Some(fid), Some(fr)) = (filter_id, filters) {
        checked = merge_rules(checked, filter_rules_of(&m.tenants, scope, fr, fid)?);
    }
    let mut exact = Vec::new();
    let constraints = match raw_constraints {
        Some(raw) => {
            let cons = Constraints::from_json(resource, raw)
                .map_err(|e| bad_parameters(&e.to_string()))?;
            exact = cons.to_filter_rules();
            if let (Some(fid), Some(fr)) = (cons.filter_id.as_deref(), filters) {
                exact = merge_rules(exact, filter_rules_of(&m.tenants, scope, fr, fid)?);
            }
            Some(cons)
        }
        None => None,
    };
    Ok(Rules {
        checked: CompiledRules::new(&checked),
        exact: CompiledRules::new_exact(&exact),
        constraints,
    })
}

/// The tenants a list covers: the current one, or every tenant the caller sees.
fn tenants_of<'a>(m: &'a DemoManager, c: &Ctx, scope: &Scope) -> Vec<&'a TenantData> {
    if c.list.all_tenants {
        let names: Vec<String> = m
            .visible_tenants(c.caller)
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        m.tenants
            .iter()
            .filter(|t| names.contains(&t.name))
            .collect()
    } else {
        vec![&m.tenants[scope.tenant]]
    }
}

/// Answers `list` with `metadata.filtered` set to how many items the rules removed.
fn listed(
    items: Vec<Value>,
    removed: usize,
    q: &ListQuery,
    spec: &ListSpec,
    any_rules: bool,
) -> Reply {
    let mut reply = list(items, q, spec);
    if any_rules && reply.status == 200 {
        reply.body["metadata"]["filtered"] = json!(removed);
    }
    reply
}

fn deployments_in_scope<'a>(
    m: &'a DemoManager,
    c: &Ctx,
    scope: &Scope,
) -> Result<Vec<&'a Deployment>, Reply> {
    let group = c
        .query
        .get("_group_id")
        .or_else(|| c.query.get("deployment_group_id"))
        .filter(|s| !s.is_empty());
    let mut out = Vec::new();
    for t in tenants_of(m, c, scope) {
        let members = group.map(|g| {
            t.groups
                .iter()
                .find(|x| x.id == g)
                .map(|x| x.deployment_ids.clone())
                .unwrap_or_default()
        });
        out.extend(t.deployments.iter().filter(|d| {
            // Other tenants come in only with `_all_tenants` (the caller belongs to them);
            // private deployments stay their creator's and the admins'.
            let visible = if t.name == scope.tenant_name {
                scope.sees(
                    &t.name,
                    &baton_core::conductor::resources::Ownership {
                        visibility: d.visibility.clone(),
                        created_by: d.created_by.clone(),
                        ..Default::default()
                    },
                )
            } else {
                d.visibility != Some(baton_core::conductor::Visibility::Private)
                    || scope.sys_admin
                    || d.created_by.as_deref() == Some(scope.username.as_str())
            };
            visible && members.as_ref().is_none_or(|ids| ids.contains(&d.id))
        }));
    }
    Ok(out)
}

fn search(m: &DemoManager, c: &Ctx, resource: SearchResource) -> Result<Reply, Reply> {
    let scope = Scope::of(m, c)?;
    let body = c.json()?;
    let rules = rules(m, c, &scope, &body, resource)?;
    match resource {
        SearchResource::Deployments => {
            let all = deployments_in_scope(m, c, &scope)?;
            let total = all.len();
            let items: Vec<Value> = all
                .into_iter()
                .filter(|d| rules.matches(*d))
                .map(to_value)
                .collect();
            let removed = total - items.len();
            const SPEC: ListSpec = ListSpec {
                search_fields: &["id"],
                search_name_field: Some("display_name"),
            };
            Ok(listed(items, removed, c.list, &SPEC, !rules.is_empty()))
        }
        SearchResource::Blueprints => {
            let all: Vec<&Blueprint> = tenants_of(m, c, &scope)
                .into_iter()
                .flat_map(|t| t.blueprints.iter())
                .filter(|b| b.is_hidden != Some(true))
                .collect();
            let total = all.len();
            let items: Vec<Value> = all
                .into_iter()
                .filter(|b| rules.matches(*b))
                .map(to_value)
                .collect();
            let removed = total - items.len();
            const SPEC: ListSpec = ListSpec {
                search_fields: &["id"],
                search_name_field: None,
            };
            Ok(listed(items, removed, c.list, &SPEC, !rules.is_empty()))
        }
        SearchResource::Workflows => {
            let search = c.list.search.as_deref();
            let deps: Vec<&Deployment> = deployments_in_scope(m, c, &scope)?
                .into_iter()
                .filter(|d| rules.matches(*d) && search.is_none_or(|s| d.id.contains(s)))
                .collect();
            Ok(workflows_answer(&deps, c.flag("_common_only")))
        }
        SearchResource::Secrets => {
            let all: Vec<_> = m
                .tenants
                .iter()
                .flat_map(|t| t.secrets.iter().map(move |s| (t, s)))
                .filter(|(x, s)| scope.sees(&x.name, &s.owner))
                .map(|(_, s)| s)
                .collect();
            let total = all.len();
            let items: Vec<Value> = all
                .into_iter()
                .filter(|s| rules.matches(*s))
                .map(|s| {
                    let mut v = to_value(s);
                    if let Some(o) = v.as_object_mut() {
                        o.remove("value");
                    }
                    v
                })
                .collect();
            let removed = total - items.len();
            const SPEC: ListSpec = ListSpec {
                search_fields: &["key"],
                search_name_field: None,
            };
            Ok(listed(items, removed, c.list, &SPEC, !rules.is_empty()))
        }
        SearchResource::Nodes | SearchResource::NodeTypes | SearchResource::NodeInstances => {
            node_search(m, c, &scope, resource, &rules)
        }
        SearchResource::Capabilities => capabilities(m, c, &scope, &rules),
        SearchResource::ScalingGroups => scaling_groups(m, c, &scope, &rules),
    }
}

/// The union of the deployments' workflows (by name, first seen wins), or only those every
/// deployment has.
fn workflows_answer(deps: &[&Deployment], common_only: bool) -> Reply {
    let mut out: Vec<Workflow> = Vec::new();
    for d in deps {
        for w in d.workflows.iter().flatten() {
            if !out.iter().any(|x| x.name == w.name) {
                out.push(w.clone());
            }
        }
    }
    if common_only {
        out.retain(|w| {
            deps.iter()
                .all(|d| d.workflows.iter().flatten().any(|x| x.name == w.name))
        });
    }
    let n = out.len();
    Reply::json(
        200,
        json!({"items": out, "metadata": {"pagination": {"total": n, "size": n, "offset": 0}}}),
    )
}

fn workflows(m: &DemoManager, c: &Ctx) -> Result<Reply, Reply> {
    let scope = Scope::of(m, c)?;
    let rules = match c.query.get("_filter_id").filter(|s| !s.is_empty()) {
        Some(fid) => filter_rules_of(&m.tenants, &scope, FilterResource::Deployments, fid)?,
        None => Vec::new(),
    };
    let compiled = CompiledRules::new(&rules);
    let search = c.list.search.as_deref();
    let filters: Vec<&(String, String)> = c
        .list
        .filters
        .iter()
        .filter(|(k, _)| k != "deployment_group_id")
        .collect();
    let deps: Vec<&Deployment> = deployments_in_scope(m, c, &scope)?
        .into_iter()
        .filter(|d| {
            let v = to_value(*d);
            let mut keys: Vec<&str> = filters.iter().map(|(k, _)| k.as_str()).collect();
            keys.dedup();
            keys.iter().all(|k| {
                let actual = v.get(*k).and_then(Value::as_str);
                filters
                    .iter()
                    .any(|(fk, fv)| fk == k && actual == Some(fv.as_str()))
            }) && compiled.matches(*d)
                && search.is_none_or(|s| d.id.contains(s))
        })
        .collect();
    Ok(workflows_answer(&deps, false))
}

/// `deployment_id` / `blueprint_id` from the query or the constraints, as the manager reads them.
fn context_ids(
    c: &Ctx,
    cons: Option<&Constraints>,
    id_required: bool,
) -> Result<(Option<String>, Option<String>), Reply> {
    let q_dep = c.query.get("deployment_id").filter(|s| !s.is_empty());
    let q_bp = c.query.get("blueprint_id").filter(|s| !s.is_empty());
    let c_dep = cons.and_then(|x| x.deployment_id.as_deref());
    let c_bp = cons.and_then(|x| x.blueprint_id.as_deref());
    if q_dep.is_some() && c_dep.is_some() {
        return Err(bad_parameters("You should provide either a valid 'deployment_id' parameter or have a 'deployment_id' key in the constraints, not both."));
    }
    if q_bp.is_some() && c_bp.is_some() {
        return Err(bad_parameters("You should provide either a valid 'blueprint_id' parameter or have a 'blueprint_id' key in the constraints, not both."));
    }
    let dep = q_dep.or(c_dep).map(String::from);
    let bp = q_bp.or(c_bp).map(String::from);
    let has_constraints = cons.is_some_and(|x| x.keys().next().is_some());
    if (has_constraints || id_required) && dep.is_none() && bp.is_none() {
        return Err(bad_parameters("Please provide a valid 'blueprint_id' or 'deployment_id' parameter or have a relevant key in the constraints."));
    }
    if dep.is_some() && bp.is_some() {
        return Err(bad_parameters(
            "You should provide either 'blueprint_id' or 'deployment_id' constraints, not both.",
        ));
    }
    Ok((dep, bp))
}

fn node_search(
    m: &DemoManager,
    c: &Ctx,
    scope: &Scope,
    resource: SearchResource,
    rules: &Rules,
) -> Result<Reply, Reply> {
    let cons = rules.constraints.as_ref();
    let (dep, bp) = context_ids(c, cons, resource != SearchResource::NodeInstances)?;
    let tenants = tenants_of(m, c, scope);
    // The query's `deployment_id`/`blueprint_id`/`node_id` are this search's own parameters.
    let mut q = c.list.clone();
    q.filters
        .retain(|(k, _)| !matches!(k.as_str(), "deployment_id" | "blueprint_id" | "node_id"));
    match resource {
        SearchResource::Nodes if bp.is_some() => {
            // Matched in Python over the blueprint's plan: exact `_search`, no paging.
            let bp = bp.unwrap_or_default();
            if !tenants
                .iter()
                .any(|t| t.blueprints.iter().any(|b| b.id == bp))
            {
                return Err(super::reply::not_found("Blueprint", &bp));
            }
            // The blueprint's own nodes, from its plan.
            let plan = tenants
                .iter()
                .flat_map(|t| t.blueprints.iter())
                .find(|b| b.id == bp)
                .and_then(|b| b.plan.as_ref());
            let (nodes, _) = super::nodes::instantiate(plan, "", &bp, "", "", "uninitialized");
            let search = c.list.search.as_deref();
            let mut filtered = 0;
            let items: Vec<Value> = nodes
                .into_iter()
                .filter(|n| {
                    let ok = rules.matches(n) && search.is_none_or(|s| n.id == s);
                    filtered += usize::from(!ok);
                    ok
                })
                .map(|mut n| {
                    n.deployment_id = None;
                    to_value(&n)
                })
                .collect();
            let len = items.len();
            Ok(Reply::json(
                200,
                json!({"items": items, "metadata": {"filtered": filtered,
                        "pagination": {"offset": 0, "size": len, "total": len}}}),
            ))
        }
        SearchResource::Nodes | SearchResource::NodeTypes => {
            let mut nodes: Vec<Node> = tenants
                .iter()
                .flat_map(|t| t.nodes.iter())
                .filter(|n| n.deployment_id.is_some() && n.deployment_id == dep)
                .cloned()
                .collect();
            let mut valid_types: Option<Vec<String>> = None;
            if resource == SearchResource::NodeTypes {
                if let Some(vv) = cons.map(|x| &x.valid_values).filter(|v| !v.is_empty()) {
                    // The manager widens valid types with their descendants in each hierarchy.
                    let mut widened: Vec<String> = vv.clone();
                    for n in &nodes {
                        let th = n.type_hierarchy.clone().unwrap_or_default();
                        for v in vv {
                            if let Some(i) = th.iter().position(|t| t == v) {
                                widened.extend(th[i..].iter().cloned());
                            }
                        }
                    }
                    valid_types = Some(widened);
                }
            }
            let total = nodes.len();
            nodes.retain(|n| {
                let type_ok = valid_types
                    .as_ref()
                    .is_none_or(|vt| n.node_type.as_ref().is_some_and(|t| vt.contains(t)));
                // The derived `type any_of valid_values` rule is replaced by the widened list.
                let checked = if valid_types.is_some() {
                    rules.checked.matches(n)
                        && cons.is_none_or(|x| {
                            let mut y = x.clone();
                            y.valid_values.clear();
                            CompiledRules::new_exact(&y.to_filter_rules()).matches(n)
                        })
                } else {
                    rules.matches(n)
                };
                type_ok && checked
            });
            let removed = total - nodes.len();
            let items = nodes.iter().map(to_value).collect();
            let spec = if resource == SearchResource::NodeTypes {
                ListSpec {
                    search_fields: &["type"],
                    search_name_field: None,
                }
            } else {
                ListSpec {
                    search_fields: &["id"],
                    search_name_field: None,
                }
            };
            Ok(listed(items, removed, &q, &spec, !rules.is_empty()))
        }
        _ => {
            let node_id = c.query.get("node_id").filter(|s| !s.is_empty());
            let mut instances: Vec<NodeInstance> = tenants
                .iter()
                .flat_map(|t| t.node_instances.iter())
                .filter(|i| dep.is_none() || i.deployment_id == dep)
                .filter(|i| node_id.is_none_or(|n| i.node_id.as_deref() == Some(n)))
                .cloned()
                .collect();
            let total = instances.len();
            instances.retain(|i| rules.matches(i));
            let removed = total - instances.len();
            const SPEC: ListSpec = ListSpec {
                search_fields: &["id"],
                search_name_field: None,
            };
            let items = instances.iter().map(to_value).collect();
            Ok(listed(items, removed, &q, &SPEC, !rules.is_empty()))
        }
    }
}

/// The manager's Python matching of a name against `name_pattern` (case-sensitive).
fn name_matches(name: &str, cons: Option<&Constraints>) -> bool {
    cons.is_none_or(|c| c.name_pattern.matches(name))
}

fn capabilities(m: &DemoManager, c: &Ctx, scope: &Scope, rules: &Rules) -> Result<Reply, Reply> {
    let cons = rules.constraints.as_ref();
    let (dep, _) = context_ids(c, cons, true)?;
    let needle = dep.unwrap_or_default();
    let search = c.list.search.as_deref();
    let deps: Vec<&Deployment> = tenants_of(m, c, scope)
        .into_iter()
        .flat_map(|t| t.deployments.iter())
        .filter(|d| d.id.contains(&needle))
        .collect();
    let offset = c.list.offset.unwrap_or(0) as usize;
    let size = c.list.size.unwrap_or(1000) as usize;
    let page: Vec<&&Deployment> = deps.iter().skip(offset).take(size).collect();
    let mut items = Vec::new();
    for d in page {
        let mut caps = Vec::new();
        for (key, cap) in d.capabilities.iter().flatten() {
            let value = cap.get("value").cloned().unwrap_or(Value::Null);
            let valid = cons.is_none_or(|x| {
                x.valid_values.is_empty()
                    || x.valid_values
                        .iter()
                        .any(|v| Value::String(v.clone()) == value)
            });
            let searched = search.is_none_or(|s| Value::String(s.to_string()) == value);
            if name_matches(key, cons) && valid && searched {
                let mut one = Map::new();
                one.insert(key.clone(), cap.clone());
                caps.push(Value::Object(one));
            }
        }
        if !caps.is_empty() {
            items.push(json!({"deployment_id": d.id, "capabilities": caps}));
        }
    }
    let n = items.len();
    Ok(Reply::json(
        200,
        json!({"items": items, "metadata": {"filtered": deps.len().saturating_sub(n),
               "pagination": {"total": n, "size": size, "offset": offset}}}),
    ))
}

fn scaling_groups(m: &DemoManager, c: &Ctx, scope: &Scope, rules: &Rules) -> Result<Reply, Reply> {
    let cons = rules.constraints.as_ref();
    let (dep, bp) = context_ids(c, cons, true)?;
    let search = c.list.search.as_deref();
    let offset = c.list.offset.unwrap_or(0) as usize;
    let size = c.list.size.unwrap_or(1000) as usize;
    let deps: Vec<&Deployment> = tenants_of(m, c, scope)
        .into_iter()
        .flat_map(|t| t.deployments.iter())
        .filter(|d| match (&dep, &bp) {
            (Some(x), _) => d.id.contains(x.as_str()),
            (None, Some(b)) => d.blueprint_id.as_deref() == Some(b.as_str()),
            _ => true,
        })
        .skip(offset)
        .take(size)
        .collect();
    let (mut items, mut filtered) = (Vec::new(), 0usize);
    for d in deps {
        let Some(groups) = d.scaling_groups.as_ref().and_then(Value::as_object) else {
            continue;
        };
        for (name, g) in groups {
            let valid =
                cons.is_none_or(|x| x.valid_values.is_empty() || x.valid_values.contains(name));
            if name_matches(name, cons) && valid && search.is_none_or(|s| s == name) {
                items.push(json!({"deployment_id": d.id, "name": name,
                                  "members": g.get("members"), "properties": g.get("properties")}));
            } else {
                filtered += 1;
            }
        }
    }
    let total = items.len() + filtered;
    Ok(Reply::json(
        200,
        json!({"items": items, "metadata": {"filtered": filtered,
               "pagination": {"total": total, "size": size, "offset": offset}}}),
    ))
}

/// The rows a summary counts, as JSON objects with the summary fields.
fn summary_rows(m: &DemoManager, c: &Ctx, scope: &Scope, r: SummaryResource) -> Vec<Value> {
    let mut rows = Vec::new();
    for t in tenants_of(m, c, scope) {
        match r {
            SummaryResource::Blueprints => rows.extend(t.blueprints.iter().map(|b| {
                json!({"tenant_name": t.name, "visibility": b.visibility, "id": b.id, "created_by": b.created_by})
            })),
            SummaryResource::Deployments => rows.extend(t.deployments.iter().map(|d| {
                json!({"tenant_name": t.name, "visibility": d.visibility, "blueprint_id": d.blueprint_id,
                       "id": d.id, "site_name": d.site_name, "created_by": d.created_by})
            })),
            // Each deployment's latest execution, as the deployments report it.
            SummaryResource::Executions => rows.extend(t.deployments.iter().filter(|d| d.latest_execution_status.is_some()).map(|d| {
                json!({"tenant_name": t.name, "visibility": d.visibility, "blueprint_id": d.blueprint_id,
                       "deployment_id": d.id, "status": d.latest_execution_status,
                       "workflow_id": d.latest_execution_workflow_id})
            })),
            SummaryResource::Nodes => rows.extend(t.nodes.iter().map(|n| {
                json!({"tenant_name": t.name, "visibility": "tenant", "deployment_id": n.deployment_id, "id": n.id})
            })),
            SummaryResource::ExecutionSchedules => rows.extend(t.schedules.iter().map(|s| {
                json!({"tenant_name": t.name, "deployment_id": s.deployment_id,
                       "workflow_id": s.request.workflow_id, "recurrence": s.request.recurrence, "id": s.id})
            })),
            SummaryResource::NodeInstances => rows.extend(t.node_instances.iter().map(|i| {
                json!({"tenant_name": t.name, "visibility": i.owner.visibility, "deployment_id": i.deployment_id,
                       "node_id": i.node_id, "host_id": i.host_id, "state": i.state, "id": i.id})
            })),
        }
    }
    rows
}

fn summary(m: &DemoManager, c: &Ctx, r: SummaryResource) -> Result<Reply, Reply> {
    let scope = Scope::of(m, c)?;
    let Some(target) = c.query.get("_target_field").filter(|s| !s.is_empty()) else {
        return Err(bad_parameters("Missing _target_field"));
    };
    let sub = c.query.get("_sub_field").filter(|s| !s.is_empty());
    for f in std::iter::once(target).chain(sub) {
        if !r.fields().contains(&f) {
            return Err(error(
                400,
                "bad_parameters_error",
                &format!(
                    "Invalid field to summarize: {f}. Valid fields for {} are: {}",
                    r.as_str(),
                    r.fields().join(", ")
                ),
            ));
        }
    }
    let rows: Vec<Value> = summary_rows(m, c, &scope, r)
        .into_iter()
        .filter(|row| {
            let mut keys: Vec<&str> = c.list.filters.iter().map(|(k, _)| k.as_str()).collect();
            keys.dedup();
            keys.iter().all(|k| {
                let actual = row.get(*k).and_then(Value::as_str);
                c.list
                    .filters
                    .iter()
                    .any(|(fk, fv)| fk == k && actual == Some(fv.as_str()))
            })
        })
        .collect();
    let count_key = r.as_str();
    fn group<'a>(rows: &[&'a Value], field: &str) -> Vec<(Value, Vec<&'a Value>)> {
        let mut groups: Vec<(Value, Vec<&'a Value>)> = Vec::new();
        for row in rows {
            let key = row.get(field).cloned().unwrap_or(Value::Null);
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, members)) => members.push(row),
                None => groups.push((key, vec![row])),
            }
        }
        groups.sort_by_key(|(k, _)| k.to_string());
        groups
    }
    let all: Vec<&Value> = rows.iter().collect();
    let items: Vec<Value> = group(&all, target)
        .into_iter()
        .map(|(key, members)| {
            let mut item = Map::new();
            item.insert(target.to_string(), key);
            item.insert(count_key.to_string(), json!(members.len()));
            if let Some(sub) = sub {
                let subs: Vec<Value> = group(&members, sub)
                    .into_iter()
                    .map(|(k, ms)| json!({sub: k, count_key: ms.len()}))
                    .collect();
                item.insert(format!("by {sub}"), Value::Array(subs));
            }
            Value::Object(item)
        })
        .collect();
    // Paging and sorting apply to the groups; the filters were applied to the rows.
    let q = ListQuery {
        size: c.list.size,
        offset: c.list.offset,
        sort: c.list.sort.clone(),
        ..ListQuery::default()
    };
    const SPEC: ListSpec = ListSpec {
        search_fields: &[],
        search_name_field: None,
    };
    let mut reply = list(items, &q, &SPEC);
    if let Some(meta) = reply
        .body
        .get_mut("metadata")
        .and_then(Value::as_object_mut)
    {
        meta.remove("filtered");
    }
    Ok(reply)
}
