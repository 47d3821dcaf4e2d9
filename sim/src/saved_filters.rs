//! `/filters/<deployments|blueprints>`: saved filters per tenant, system ones included.

use serde_json::Value;

use baton_core::conductor::resources::{Ownership, SavedFilter};
use baton_core::conductor::saved_filters::FilterResource;
use baton_core::conductor::Visibility;
use baton_core::filters::{validate_input, FilterRule, RuleType};
use baton_core::time::Timestamp;

use super::list::{list, ListSpec};
use super::reply::{error, not_found, Reply};
use super::scope::{bad_parameters, conflict, find_filter, parse_rules, Scope};
use super::{get_one, method_not_allowed, to_value, Ctx, DemoManager};

/// A saved filter and the resource it filters.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredFilter {
    pub resource: FilterResource,
    pub filter: SavedFilter,
}

const SEARCH: ListSpec = ListSpec {
    search_fields: &["id"],
    search_name_field: None,
};

pub(super) fn route(m: &mut DemoManager, c: &Ctx) -> Option<Reply> {
    let (resource, id) = match c.segs {
        ["filters", r] => (FilterResource::from_segment(r)?, None),
        ["filters", r, id] => (FilterResource::from_segment(r)?, Some(*id)),
        _ => return None,
    };
    let scope = match Scope::of(m, c) {
        Ok(s) => s,
        Err(reply) => return Some(reply),
    };
    Some(match (c.method.as_str(), id) {
        ("GET", None) => {
            let items = m
                .tenants
                .iter()
                .flat_map(|t| t.saved_filters.iter().map(move |f| (t, f)))
                .filter(|(t, f)| f.resource == resource && scope.sees(&t.name, &f.filter.owner))
                .map(|(_, f)| to_value(&f.filter))
                .collect();
            list(items, c.list, &SEARCH)
        }
        ("GET", Some(id)) => get_one(
            find_filter(&m.tenants, &scope, resource, id).map(|(_, f)| f),
            resource.model(),
            id,
            c.list,
        ),
        ("PUT", Some(id)) => create(m, c, &scope, resource, id),
        ("PATCH", Some(id)) => update(m, c, &scope, resource, id),
        ("DELETE", Some(id)) => delete(m, &scope, resource, id),
        _ => method_not_allowed(),
    })
}

/// Splits the rules into the label and attribute lists the manager reports.
pub(super) fn saved(
    id: &str,
    rules: Vec<FilterRule>,
    owner: Ownership,
    system: bool,
) -> SavedFilter {
    let of = |t: RuleType| -> Vec<FilterRule> {
        rules.iter().filter(|r| r.rule_type == t).cloned().collect()
    };
    SavedFilter {
        id: id.to_string(),
        labels_filter_rules: Some(of(RuleType::Label)),
        attrs_filter_rules: Some(of(RuleType::Attribute)),
        value: rules,
        is_system_filter: Some(system),
        owner,
        ..SavedFilter::default()
    }
}

/// The `visibility` of a body, if any, checked against the manager's values.
pub(super) fn visibility_of(body: &Value) -> Result<Option<Visibility>, Reply> {
    match body.get("visibility") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(v)) if Visibility::KNOWN.contains(&v.as_str()) => {
            Ok(Some(Visibility::from(v.as_str())))
        }
        Some(other) => Err(bad_parameters(&format!(
            "Invalid visibility: `{}`. Valid visibility's values are: private, tenant, global",
            other
                .as_str()
                .map_or_else(|| other.to_string(), String::from)
        ))),
    }
}

fn create(
    m: &mut DemoManager,
    c: &Ctx,
    scope: &Scope,
    resource: FilterResource,
    id: &str,
) -> Reply {
    if let Err(e) = validate_input("filter_id", id) {
        return bad_parameters(&e.to_string());
    }
    if id.to_lowercase().starts_with("csys-") {
        return bad_parameters("All filters with a `csys-` prefix are reserved for internal use");
    }
    let body = match c.json() {
        Ok(b) => b,
        Err(reply) => return reply,
    };
    let Some(raw) = body.get("filter_rules") else {
        return bad_parameters("Missing filter_rules in json request body");
    };
    let rules = match parse_rules(raw, resource.rules_resource()) {
        Ok(r) => r,
        Err(reply) => return reply,
    };
    let visibility = match visibility_of(&body) {
        Ok(v) => v.unwrap_or(Visibility::Tenant),
        Err(reply) => return reply,
    };
    if find_filter(&m.tenants, scope, resource, id).is_some() {
        return conflict(resource.model(), id, &scope.tenant_name);
    }
    let now = Some(Timestamp(c.now));
    let owner = Ownership {
        resource_availability: Some(visibility.clone()),
        private_resource: Some(visibility == Visibility::Private),
        visibility: Some(visibility),
        tenant_name: Some(scope.tenant_name.clone()),
        created_by: Some(scope.username.clone()),
        created_at: now,
        updated_at: now,
    };
    let filter = saved(id, rules, owner, false);
    m.tenants[scope.tenant].saved_filters.push(StoredFilter {
        resource,
        filter: filter.clone(),
    });
    Reply::json(200, to_value(&filter))
}

/// The stored filter the caller may change, as `(tenant index, filter index)`.
fn modifiable(
    m: &DemoManager,
    scope: &Scope,
    resource: FilterResource,
    id: &str,
    action: &str,
) -> Result<(usize, usize), Reply> {
    let (t, f) = find_filter(&m.tenants, scope, resource, id)
        .ok_or_else(|| not_found(resource.model(), id))?;
    if f.is_system() {
        return Err(error(
            400,
            "illegal_action_error",
            &format!("The filter `{id}` is a system filter and cannot be {action}"),
        ));
    }
    if !scope.may_modify(&f.owner) {
        return Err(scope.forbidden(&format!("the filter `{id}`")));
    }
    let ti = m
        .tenants
        .iter()
        .position(|x| x.name == t.name)
        .unwrap_or(scope.tenant);
    let fi = m.tenants[ti]
        .saved_filters
        .iter()
        .position(|s| s.resource == resource && s.filter.id == id)
        .ok_or_else(|| not_found(resource.model(), id))?;
    Ok((ti, fi))
}

fn update(
    m: &mut DemoManager,
    c: &Ctx,
    scope: &Scope,
    resource: FilterResource,
    id: &str,
) -> Reply {
    let body = match c.json() {
        Ok(b) => b,
        Err(reply) => return reply,
    };
    let empty = match &body {
        Value::Null => true,
        Value::Object(o) => o.is_empty(),
        _ => false,
    };
    if empty {
        return error(
            400,
            "illegal_action_error",
            "Update a filter request must include at least one parameter to update",
        );
    }
    let rules = match body.get("filter_rules") {
        Some(raw) => match parse_rules(raw, resource.rules_resource()) {
            Ok(r) => Some(r),
            Err(reply) => return reply,
        },
        None => None,
    };
    let visibility = match visibility_of(&body) {
        Ok(v) => v,
        Err(reply) => return reply,
    };
    let (ti, fi) = match modifiable(m, scope, resource, id, "updated") {
        Ok(x) => x,
        Err(reply) => return reply,
    };
    let stored = &mut m.tenants[ti].saved_filters[fi].filter;
    if let Some(v) = visibility {
        // The manager never narrows a resource's visibility.
        let rank = |v: &Visibility| match v {
            Visibility::Private => 0,
            Visibility::Tenant => 1,
            _ => 2,
        };
        let current = stored
            .owner
            .visibility
            .clone()
            .unwrap_or(Visibility::Tenant);
        if rank(&v) < rank(&current) {
            return error(
                400,
                "illegal_action_error",
                &format!(
                    "Can't set the visibility of `{id}` to {v} because it already has wider visibility"
                ),
            );
        }
        stored.owner.resource_availability = Some(v.clone());
        stored.owner.private_resource = Some(v == Visibility::Private);
        stored.owner.visibility = Some(v);
    }
    if let Some(rules) = rules {
        let owner = stored.owner.clone();
        *stored = saved(id, rules, owner, false);
    }
    stored.owner.updated_at = Some(Timestamp(c.now));
    Reply::json(200, to_value(stored))
}

fn delete(m: &mut DemoManager, scope: &Scope, resource: FilterResource, id: &str) -> Reply {
    match modifiable(m, scope, resource, id, "deleted") {
        Ok((ti, fi)) => {
            m.tenants[ti].saved_filters.remove(fi);
            Reply::json(204, Value::Null)
        }
        Err(reply) => reply,
    }
}
