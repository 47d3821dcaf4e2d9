//! `/users`: accounts, passwords, roles, activation and lockouts.

use serde_json::Value;

use super::admin::{
    self, check_role, is_admin, optional_str, require_admin, required_str, user_json,
    validate_name, Account, SYSTEM_ROLES,
};
use super::list::{list, ListSpec};
use super::reply::{error, not_found};
use super::{get_one, method_not_allowed, Ctx, DemoManager, Reply, UserRecord};

const SEARCH: ListSpec = ListSpec {
    search_fields: &["username"],
    search_name_field: None,
};

pub(super) fn route(m: &mut DemoManager, c: &Ctx) -> Option<Reply> {
    Some(match (c.method.as_str(), c.segs) {
        ("GET", ["users"]) => guarded(m, c, "user_list", |m, c| {
            let items = (0..m.users.len())
                .map(|i| user_json(m, i, c.flag("_get_data"), c.now))
                .collect();
            list(items, c.list, &SEARCH)
        }),
        ("PUT", ["users"]) => guarded(m, c, "user_create", create),
        (_, ["users"]) => method_not_allowed(),
        ("GET", ["users", name]) => match find(m, name) {
            Ok(i) if i == c.caller.user || is_admin(m, c.caller.user) => {
                let v = user_json(m, i, c.flag("_get_data"), c.now);
                get_one(Some(&v), "User", name, c.list)
            }
            Ok(_) => forbidden(m, c, "user_get"),
            Err(reply) => reply,
        },
        ("POST", ["users", name]) => update(m, c, name),
        ("DELETE", ["users", name]) => guarded(m, c, "user_delete", |m, c| delete(m, c, name)),
        (_, ["users", _]) => method_not_allowed(),
        ("POST", ["users", "active", name]) => {
            guarded(m, c, "user_set_activated", |m, c| set_active(m, c, name))
        }
        ("POST", ["users", "unlock", name]) => guarded(m, c, "user_unlock", |m, c| {
            find(m, name).map_or_else(
                |r| r,
                |i| {
                    m.users[i].account.failed_logins = 0;
                    m.users[i].account.last_failed_login_at = None;
                    Reply::json(200, user_json(m, i, false, c.now))
                },
            )
        }),
        (_, ["users", "active" | "unlock", _]) => method_not_allowed(),
        _ => return None,
    })
}

fn guarded(
    m: &mut DemoManager,
    c: &Ctx,
    action: &str,
    f: impl FnOnce(&mut DemoManager, &Ctx) -> Reply,
) -> Reply {
    match require_admin(m, c, action) {
        Ok(()) => f(m, c),
        Err(reply) => reply,
    }
}

fn forbidden(m: &DemoManager, c: &Ctx, action: &str) -> Reply {
    require_admin(m, c, action)
        .err()
        .unwrap_or_else(|| error(403, "forbidden_error", action))
}

fn find(m: &DemoManager, name: &str) -> Result<usize, Reply> {
    m.users
        .iter()
        .position(|u| u.username == name)
        .ok_or_else(|| not_found("User", name))
}

/// The first user, created with the manager, cannot be removed or demoted.
fn is_bootstrap_admin(m: &DemoManager, i: usize) -> bool {
    i == 0 && m.users[0].username == "admin"
}

fn create(m: &mut DemoManager, c: &Ctx) -> Reply {
    let body = match c.json() {
        Ok(b) => b,
        Err(reply) => return reply,
    };
    let fields = (|| {
        let username = required_str(&body, "username")?;
        let password = required_str(&body, "password")?;
        let role = optional_str(&body, "role")?.unwrap_or("default");
        validate_name("username", username)?;
        if password.is_empty() {
            return Err(error(
                400,
                "bad_parameters_error",
                "The `password` argument is empty",
            ));
        }
        check_role(role, SYSTEM_ROLES, "system")?;
        Ok((username.to_string(), password.to_string(), role.to_string()))
    })();
    let (username, password, role) = match fields {
        Ok(f) => f,
        Err(reply) => return reply,
    };
    if m.users.iter().any(|u| u.username == username) {
        return error(
            409,
            "conflict_error",
            &format!("User `{username}` already exists"),
        );
    }
    m.users.push(UserRecord {
        username,
        password,
        role,
        tenants: Vec::new(),
        created_at: c.now,
        last_login_at: None,
        account: Account::default(),
    });
    Reply::json(201, user_json(m, m.users.len() - 1, false, c.now))
}

fn update(m: &mut DemoManager, c: &Ctx, name: &str) -> Reply {
    let i = match find(m, name) {
        Ok(i) => i,
        Err(reply) => return reply,
    };
    let body = match c.json() {
        Ok(b) => b,
        Err(reply) => return reply,
    };
    let own = i == c.caller.user;
    if let Some(p) = body.get("password") {
        if !own {
            if let Err(r) = require_admin(m, c, "user_set_password") {
                return r;
            }
        }
        match p.as_str() {
            Some(p) if !p.is_empty() => m.users[i].password = p.to_string(),
            _ => {
                return error(
                    400,
                    "bad_parameters_error",
                    "The `password` argument is empty",
                )
            }
        }
    } else if let Some(role) = body.get("role") {
        if let Err(r) = require_admin(m, c, "user_set_role") {
            return r;
        }
        let Some(role) = role.as_str() else {
            return error(
                400,
                "bad_parameters_error",
                "role parameter is expected to be of type str",
            );
        };
        if let Err(r) = check_role(role, SYSTEM_ROLES, "system") {
            return r;
        }
        if is_bootstrap_admin(m, i) && role != "sys_admin" {
            return error(
                400,
                "bad_parameters_error",
                "Cannot change the role of the bootstrap admin user",
            );
        }
        m.users[i].role = role.to_string();
    } else if let Some(flag) = body.get("show_getting_started") {
        if !own {
            if let Err(r) = require_admin(m, c, "user_set_show_getting_started") {
                return r;
            }
        }
        let Some(flag) = flag.as_bool() else {
            return error(
                400,
                "bad_parameters_error",
                "show_getting_started parameter is expected to be of type bool",
            );
        };
        m.users[i].account.show_getting_started = flag;
    } else {
        return error(
            400,
            "bad_parameters_error",
            "Expected one of password, role or show_getting_started in json request body",
        );
    }
    Reply::json(200, user_json(m, i, false, c.now))
}

fn delete(m: &mut DemoManager, c: &Ctx, name: &str) -> Reply {
    let i = match find(m, name) {
        Ok(i) => i,
        Err(reply) => return reply,
    };
    if is_bootstrap_admin(m, i) {
        return error(
            400,
            "bad_parameters_error",
            "Cannot delete the bootstrap admin user",
        );
    }
    if i == c.caller.user {
        return error(
            400,
            "bad_parameters_error",
            "Users cannot delete themselves",
        );
    }
    m.users.remove(i);
    for g in &mut m.admin.groups {
        g.members.retain(|u| u != name);
    }
    Reply::json(204, Value::Null)
}

fn set_active(m: &mut DemoManager, c: &Ctx, name: &str) -> Reply {
    let i = match find(m, name) {
        Ok(i) => i,
        Err(reply) => return reply,
    };
    let body = match c.json() {
        Ok(b) => b,
        Err(reply) => return reply,
    };
    let activate = match admin::required_str(&body, "action") {
        Ok("activate") => true,
        Ok("deactivate") => false,
        Ok(other) => {
            return error(
                400,
                "bad_parameters_error",
                &format!("Invalid action: `{other}`. Valid actions: activate, deactivate"),
            )
        }
        Err(reply) => return reply,
    };
    if m.users[i].account.active == activate {
        let state = if activate { "active" } else { "inactive" };
        return error(
            400,
            "bad_parameters_error",
            &format!("User `{name}` is already {state}"),
        );
    }
    if !activate && is_bootstrap_admin(m, i) {
        return error(
            400,
            "bad_parameters_error",
            "Cannot deactivate the bootstrap admin user",
        );
    }
    m.users[i].account.active = activate;
    Reply::json(200, user_json(m, i, false, c.now))
}
