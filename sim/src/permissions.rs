//! `/permissions`: which roles hold which permissions. The demo manager stores and reports
//! them; it enforces only the admin-only rules of the administration endpoints.

use serde_json::{json, Value};

use super::admin::require_admin;
use super::list::{list, ListSpec};
use super::reply::{error, not_found};
use super::{method_not_allowed, Ctx, DemoManager, Reply};

const SEARCH: ListSpec = ListSpec {
    search_fields: &["permission"],
    search_name_field: None,
};

/// The roles the manager knows.
pub const ROLES: &[&str] = &[
    "sys_admin",
    "default",
    "manager",
    "operations",
    "user",
    "viewer",
];

fn items(m: &DemoManager, role: Option<&str>) -> Vec<Value> {
    m.admin
        .permissions
        .iter()
        .filter(|(r, _)| role.is_none_or(|want| r == want))
        .map(|(r, p)| json!({"role": r, "permission": p}))
        .collect()
}

pub(super) fn route(m: &mut DemoManager, c: &Ctx) -> Option<Reply> {
    Some(match (c.method.as_str(), c.segs) {
        ("GET", ["permissions"]) => list(items(m, None), c.list, &SEARCH),
        ("GET", ["permissions", role]) => {
            if !ROLES.contains(role) {
                return Some(not_found("Role", role));
            }
            list(items(m, Some(role)), c.list, &SEARCH)
        }
        ("PUT" | "DELETE", ["permissions", role, permission]) => {
            if let Err(reply) = require_admin(m, c, "set_permission") {
                return Some(reply);
            }
            if !ROLES.contains(role) {
                return Some(not_found("Role", role));
            }
            let at = m
                .admin
                .permissions
                .iter()
                .position(|(r, p)| r == role && p == permission);
            match (c.method.as_str(), at) {
                ("PUT", Some(_)) => error(
                    409,
                    "conflict_error",
                    &format!("Role `{role}` already has the permission `{permission}`"),
                ),
                ("PUT", None) => {
                    if permission.is_empty() {
                        return Some(error(
                            400,
                            "bad_parameters_error",
                            "The permission name is empty",
                        ));
                    }
                    m.admin
                        .permissions
                        .push((role.to_string(), permission.to_string()));
                    Reply::json(200, json!({"role": role, "permission": permission}))
                }
                (_, Some(i)) => {
                    m.admin.permissions.remove(i);
                    Reply::json(204, Value::Null)
                }
                (_, None) => not_found("Permission", &format!("{role}/{permission}")),
            }
        }
        (_, ["permissions", ..]) if c.segs.len() <= 3 => method_not_allowed(),
        _ => return None,
    })
}
