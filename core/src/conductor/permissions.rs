//! Permissions: which roles may perform which actions (admin).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::endpoint;
use crate::endpoint::{parse_empty, parse_json, Endpoint, Response};
use crate::error::ApiError;
use crate::page::Page;
use crate::query::ListQuery;
use crate::session::segment;

/// One permission a role holds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Permission {
    /// The role that holds it (`operations`).
    pub role: String,
    /// The permission's name (`blueprint_list`).
    pub permission: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Permissions as a grid: one row per permission, one column per role, in the order an
/// administrator reads them (the built-in roles from most to least powerful, then any other).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PermissionMatrix {
    pub roles: Vec<String>,
    pub permissions: Vec<String>,
    held: std::collections::BTreeSet<(String, String)>,
}

/// The manager's built-in roles, most powerful first.
const ROLE_ORDER: &[&str] = &[
    "sys_admin",
    "manager",
    "operations",
    "user",
    "viewer",
    "default",
];

impl PermissionMatrix {
    pub fn new(list: &[Permission]) -> Self {
        let mut roles: Vec<String> = list.iter().map(|p| p.role.clone()).collect();
        roles.sort_by_key(|r| {
            let rank = ROLE_ORDER
                .iter()
                .position(|k| k == r)
                .unwrap_or(ROLE_ORDER.len());
            (rank, r.clone())
        });
        roles.dedup();
        let mut permissions: Vec<String> = list.iter().map(|p| p.permission.clone()).collect();
        permissions.sort();
        permissions.dedup();
        let held = list
            .iter()
            .map(|p| (p.role.clone(), p.permission.clone()))
            .collect();
        PermissionMatrix {
            roles,
            permissions,
            held,
        }
    }

    pub fn holds(&self, role: &str, permission: &str) -> bool {
        self.held
            .contains(&(role.to_string(), permission.to_string()))
    }

    /// Records a change the manager accepted.
    pub fn set(&mut self, role: &str, permission: &str, allow: bool) {
        let key = (role.to_string(), permission.to_string());
        if allow {
            self.held.insert(key);
        } else {
            self.held.remove(&key);
        }
    }
}

/// What a user may do in the tenant they work in: the permissions held by any of their roles
/// (their system role and their tenant roles, directly or through groups).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Allowed {
    known: std::collections::BTreeSet<String>,
    held: std::collections::BTreeSet<String>,
}

impl Allowed {
    pub fn new(list: &[Permission], roles: &[String]) -> Self {
        Allowed {
            known: list.iter().map(|p| p.permission.clone()).collect(),
            held: list
                .iter()
                .filter(|p| roles.contains(&p.role))
                .map(|p| p.permission.clone())
                .collect(),
        }
    }

    /// Whether the roles hold `permission`. One this manager does not list is not refused:
    /// the console cannot know its name there, and the manager still decides.
    pub fn allows(&self, permission: &str) -> bool {
        !self.known.contains(permission) || self.held.contains(permission)
    }
}

/// `GET /permissions` or, for one role, `GET /permissions/<role>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListPermissions {
    pub role: Option<String>,
    pub query: ListQuery,
}

endpoint!(ListPermissions(this) -> Page<Permission> {
    GET path = {
        match &this.role {
            Some(role) => format!("/permissions/{}", segment(role)),
            None => "/permissions".into(),
        }
    };
    query = this.query.to_query();
});

crate::impl_paged!(ListPermissions => Permission);

/// `PUT /permissions/<role>/<permission>` (assign) or `DELETE` (remove, no content).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SetPermission {
    pub role: String,
    pub permission: String,
    /// `false` removes the permission from the role.
    pub allow: bool,
}

impl Endpoint for SetPermission {
    /// The assigned permission; `None` after a remove.
    type Output = Option<Permission>;
    fn method(&self) -> http::Method {
        if self.allow {
            http::Method::PUT
        } else {
            http::Method::DELETE
        }
    }
    fn path(&self) -> String {
        format!(
            "/permissions/{}/{}",
            segment(&self.role),
            segment(&self.permission)
        )
    }
    fn parse(&self, r: Response) -> Result<Option<Permission>, ApiError> {
        if !self.allow {
            return parse_empty(r).map(|()| None);
        }
        // Managers that answer an assignment without a body still assigned it.
        if r.status().is_success() && r.body().iter().all(u8::is_ascii_whitespace) {
            return Ok(Some(Permission {
                role: self.role.clone(),
                permission: self.permission.clone(),
                extra: Map::new(),
            }));
        }
        parse_json(r).map(Some)
    }
}

#[cfg(test)]
mod matrix_tests {
    use super::*;

    #[test]
    fn the_matrix_orders_roles_by_power_and_records_changes() {
        let p = |role: &str, permission: &str| Permission {
            role: role.into(),
            permission: permission.into(),
            extra: Map::new(),
        };
        let mut m = PermissionMatrix::new(&[
            p("viewer", "deployment_list"),
            p("auditor", "audit_log_view"),
            p("sys_admin", "deployment_list"),
            p("operations", "execution_start"),
            p("sys_admin", "execution_start"),
        ]);
        assert_eq!(m.roles, ["sys_admin", "operations", "viewer", "auditor"]);
        assert_eq!(
            m.permissions,
            ["audit_log_view", "deployment_list", "execution_start"]
        );
        assert!(m.holds("viewer", "deployment_list"));
        assert!(!m.holds("viewer", "execution_start"));
        m.set("viewer", "execution_start", true);
        m.set("sys_admin", "deployment_list", false);
        assert!(m.holds("viewer", "execution_start"));
        assert!(!m.holds("sys_admin", "deployment_list"));
    }

    #[test]
    fn a_user_may_what_any_of_its_roles_holds_and_what_the_manager_does_not_name() {
        let p = |role: &str, permission: &str| Permission {
            role: role.into(),
            permission: permission.into(),
            extra: Map::new(),
        };
        let list = [
            p("sys_admin", "deployment_delete"),
            p("user", "deployment_delete"),
            p("viewer", "deployment_list"),
            p("user", "deployment_list"),
        ];
        let viewer = Allowed::new(&list, &["default".into(), "viewer".into()]);
        assert!(viewer.allows("deployment_list"));
        assert!(!viewer.allows("deployment_delete"));
        assert!(
            viewer.allows("blueprint_upload"),
            "not listed here: not refused"
        );
        let user = Allowed::new(&list, &["default".into(), "viewer".into(), "user".into()]);
        assert!(user.allows("deployment_delete"));
    }
}
