//! `/user-groups`: groups, their members and their system role.

use serde_json::Value;

use super::admin::{
    check_role, group_json, optional_str, require_admin, required_str, validate_name, GroupRecord,
    SYSTEM_ROLES,
};
use super::list::{list, ListSpec};
use super::reply::{error, not_found};
use super::{get_one, method_not_allowed, Ctx, DemoManager, Reply};

const SEARCH: ListSpec = ListSpec {
    search_fields: &["name"],
    search_name_field: None,
};

pub(super) fn route(m: &mut DemoManager, c: &Ctx) -> Option<Reply> {
    let action = match (c.method.as_str(), c.segs) {
        ("GET", ["user-groups"]) => "user_group_list",
        ("POST", ["user-groups"]) => "user_group_create",
        ("PUT", ["user-groups", "users"]) => "user_group_add_user",
        ("DELETE", ["user-groups", "users"]) => "user_group_remove_user",
        ("GET", ["user-groups", _]) => "user_group_get",
        ("POST", ["user-groups", _]) => "user_group_update",
        ("DELETE", ["user-groups", _]) => "user_group_delete",
        (_, ["user-groups", ..]) if c.segs.len() <= 2 => return Some(method_not_allowed()),
        _ => return None,
    };
    if let Err(reply) = require_admin(m, c, action) {
        return Some(reply);
    }
    let get_data = c.flag("_get_data");
    Some(match (c.method.as_str(), c.segs) {
        ("GET", ["user-groups"]) => {
            let items = m
                .admin
                .groups
                .iter()
                .map(|g| group_json(g, get_data))
                .collect();
            list(items, c.list, &SEARCH)
        }
        ("POST", ["user-groups"]) => create(m, c),
        ("PUT" | "DELETE", ["user-groups", "users"]) => membership(m, c),
        ("GET", ["user-groups", name]) => {
            let g = m
                .admin
                .groups
                .iter()
                .find(|g| g.name == *name)
                .map(|g| group_json(g, get_data));
            get_one(g.as_ref(), "Group", name, c.list)
        }
        ("POST", ["user-groups", name]) => set_role(m, c, name),
        ("DELETE", ["user-groups", name]) => {
            let before = m.admin.groups.len();
            m.admin.groups.retain(|g| g.name != *name);
            if m.admin.groups.len() == before {
                not_found("Group", name)
            } else {
                Reply::json(204, Value::Null)
            }
        }
        _ => method_not_allowed(),
    })
}

fn create(m: &mut DemoManager, c: &Ctx) -> Reply {
    let body = match c.json() {
        Ok(b) => b,
        Err(reply) => return reply,
    };
    let fields = (|| {
        let name = required_str(&body, "group_name")?;
        validate_name("group_name", name)?;
        let dn = optional_str(&body, "ldap_group_dn")?;
        let role = optional_str(&body, "role")?.unwrap_or("default");
        check_role(role, SYSTEM_ROLES, "system")?;
        Ok((name.to_string(), dn.map(String::from), role.to_string()))
    })();
    let (name, ldap_dn, role) = match fields {
        Ok(f) => f,
        Err(reply) => return reply,
    };
    if m.admin.groups.iter().any(|g| g.name == name) {
        return error(
            409,
            "conflict_error",
            &format!("Group `{name}` already exists"),
        );
    }
    m.admin.group_counter += 1;
    let g = GroupRecord {
        id: m.admin.group_counter,
        name,
        ldap_dn,
        role,
        members: Vec::new(),
        tenants: Vec::new(),
    };
    let v = group_json(&g, c.flag("_get_data"));
    m.admin.groups.push(g);
    Reply::json(201, v)
}

fn set_role(m: &mut DemoManager, c: &Ctx, name: &str) -> Reply {
    let body = match c.json() {
        Ok(b) => b,
        Err(reply) => return reply,
    };
    let role = match required_str(&body, "role") {
        Ok(r) => r,
        Err(reply) => return reply,
    };
    if let Err(reply) = check_role(role, SYSTEM_ROLES, "system") {
        return reply;
    }
    match m.admin.groups.iter_mut().find(|g| g.name == name) {
        Some(g) => {
            g.role = role.to_string();
            Reply::json(200, group_json(g, c.flag("_get_data")))
        }
        None => not_found("Group", name),
    }
}

fn membership(m: &mut DemoManager, c: &Ctx) -> Reply {
    let body = match c.json() {
        Ok(b) => b,
        Err(reply) => return reply,
    };
    let (username, group) = match (
        required_str(&body, "username"),
        required_str(&body, "group_name"),
    ) {
        (Ok(u), Ok(g)) => (u.to_string(), g.to_string()),
        (Err(r), _) | (_, Err(r)) => return r,
    };
    if !m.users.iter().any(|u| u.username == username) {
        return not_found("User", &username);
    }
    let Some(g) = m.admin.groups.iter_mut().find(|g| g.name == group) else {
        return not_found("Group", &group);
    };
    let present = g.members.contains(&username);
    if c.method == http::Method::PUT {
        if present {
            return error(
                409,
                "conflict_error",
                &format!("User `{username}` is already a member of group `{group}`"),
            );
        }
        g.members.push(username);
        Reply::json(200, group_json(g, c.flag("_get_data")))
    } else {
        if !present {
            return error(
                404,
                "not_found_error",
                &format!("User `{username}` is not a member of group `{group}`"),
            );
        }
        g.members.retain(|u| *u != username);
        Reply::json(204, Value::Null)
    }
}
