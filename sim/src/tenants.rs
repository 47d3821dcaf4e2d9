//! `/tenants`: tenants and their user and group memberships.

use serde_json::Value;

use super::admin::{
    check_role, optional_str, require_admin, required_str, tenant_json, validate_name, TENANT_ROLES,
};
use super::list::{list, ListSpec};
use super::reply::{error, not_found};
use super::{get_one, method_not_allowed, Ctx, DemoManager, Reply, TenantData};

const SEARCH: ListSpec = ListSpec {
    search_fields: &["name"],
    search_name_field: None,
};

pub(super) fn route(m: &mut DemoManager, c: &Ctx) -> Option<Reply> {
    let get_data = c.flag("_get_data");
    Some(match (c.method.as_str(), c.segs) {
        ("GET", ["tenants"]) => {
            let items = m
                .visible_tenants(c.caller)
                .into_iter()
                .filter_map(|(name, _)| m.tenants.iter().position(|t| t.name == name))
                .map(|i| tenant_json(m, i, get_data))
                .collect();
            list(items, c.list, &SEARCH)
        }
        (_, ["tenants"]) => method_not_allowed(),
        ("PUT" | "PATCH" | "DELETE", ["tenants", kind @ ("users" | "user-groups")]) => {
            match require_admin(m, c, "tenant_update") {
                Ok(()) => membership(m, c, *kind == "users"),
                Err(reply) => reply,
            }
        }
        ("GET", ["tenants", name]) => {
            let visible = m.visible_tenants(c.caller).iter().any(|(t, _)| t == name);
            let found = m
                .tenants
                .iter()
                .position(|t| t.name == *name)
                .filter(|_| visible);
            let v = found.map(|i| tenant_json(m, i, get_data));
            get_one(v.as_ref(), "Tenant", name, c.list)
        }
        ("POST", ["tenants", name]) => match require_admin(m, c, "tenant_create") {
            Ok(()) => create(m, c, name),
            Err(reply) => reply,
        },
        ("DELETE", ["tenants", name]) => match require_admin(m, c, "tenant_delete") {
            Ok(()) => delete(m, name),
            Err(reply) => reply,
        },
        (_, ["tenants", _]) => method_not_allowed(),
        _ => return None,
    })
}

fn create(m: &mut DemoManager, c: &Ctx, name: &str) -> Reply {
    // The body is optional (`{"rabbitmq_password": ...}`); a present one must be JSON.
    if !c.req.body().is_empty() {
        if let Err(reply) = c.json() {
            return reply;
        }
    }
    if let Err(reply) = validate_name("tenant_name", name) {
        return reply;
    }
    if m.tenants.iter().any(|t| t.name == name) {
        return error(
            409,
            "conflict_error",
            &format!("Tenant `{name}` already exists"),
        );
    }
    m.tenants.push(TenantData {
        name: name.to_string(),
        ..TenantData::default()
    });
    Reply::json(
        201,
        tenant_json(m, m.tenants.len() - 1, c.flag("_get_data")),
    )
}

fn delete(m: &mut DemoManager, name: &str) -> Reply {
    let Some(i) = m.tenants.iter().position(|t| t.name == name) else {
        return not_found("Tenant", name);
    };
    if name == "default_tenant" {
        return error(
            400,
            "bad_parameters_error",
            "Cannot delete the default tenant",
        );
    }
    let t = &m.tenants[i];
    if !t.blueprints.is_empty() || !t.deployments.is_empty() {
        return error(
            400,
            "bad_parameters_error",
            &format!("Cannot delete tenant `{name}`: it still holds blueprints or deployments"),
        );
    }
    m.tenants.remove(i);
    for u in &mut m.users {
        u.tenants.retain(|(t, _)| t != name);
    }
    for g in &mut m.admin.groups {
        g.tenants.retain(|(t, _)| t != name);
    }
    m.admin.metrics.retain(|(t, _)| t != name);
    Reply::json(204, Value::Null)
}

/// `PUT|PATCH|DELETE /tenants/users` and `/tenants/user-groups`.
fn membership(m: &mut DemoManager, c: &Ctx, users: bool) -> Reply {
    let body = match c.json() {
        Ok(b) => b,
        Err(reply) => return reply,
    };
    let (member_key, model) = if users {
        ("username", "User")
    } else {
        ("group_name", "Group")
    };
    let fields = (|| {
        let member = required_str(&body, member_key)?.to_string();
        let tenant = required_str(&body, "tenant_name")?.to_string();
        let role = optional_str(&body, "role")?.unwrap_or("user").to_string();
        check_role(&role, TENANT_ROLES, "tenant")?;
        Ok((member, tenant, role))
    })();
    let (member, tenant, role) = match fields {
        Ok(f) => f,
        Err(reply) => return reply,
    };
    let Some(ti) = m.tenants.iter().position(|t| t.name == tenant) else {
        return not_found("Tenant", &tenant);
    };
    let slot: Option<&mut Vec<(String, String)>> = if users {
        m.users
            .iter_mut()
            .find(|u| u.username == member)
            .map(|u| &mut u.tenants)
    } else {
        m.admin
            .groups
            .iter_mut()
            .find(|g| g.name == member)
            .map(|g| &mut g.tenants)
    };
    let Some(memberships) = slot else {
        return not_found(model, &member);
    };
    let at = memberships.iter().position(|(t, _)| *t == tenant);
    let what = if users { "User" } else { "Group" };
    match (c.method.as_str(), at) {
        ("PUT", Some(_)) => {
            return error(
                409,
                "conflict_error",
                &format!("{what} `{member}` is already associated with tenant `{tenant}`"),
            )
        }
        ("PUT", None) => memberships.push((tenant.clone(), role)),
        (_, None) => {
            return error(
                404,
                "not_found_error",
                &format!("{what} `{member}` is not associated with tenant `{tenant}`"),
            )
        }
        ("PATCH", Some(i)) => memberships[i].1 = role,
        (_, Some(i)) => {
            memberships.remove(i);
            return Reply::json(204, Value::Null);
        }
    }
    Reply::json(200, tenant_json(m, ti, c.flag("_get_data")))
}
