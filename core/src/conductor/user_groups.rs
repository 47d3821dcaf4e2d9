//! User groups (admin): sets of users, optionally mapped to an LDAP group, that carry a
//! system role and tenant roles for their members.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::endpoint::{endpoint, parse_empty, parse_json, RequestBody, Response};
use crate::page::Page;
use crate::query::{ListQuery, Query};

use super::auth::CountOr;
use super::users::SystemRole;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserGroup {
    pub name: String,
    pub id: Option<u64>,
    /// The distinguished name of the matching LDAP group, if any.
    pub ldap_dn: Option<String>,
    /// The system role members get (`default` or `sys_admin`).
    pub role: Option<SystemRole>,
    /// Tenant count, or with `_get_data=true` tenant name → tenant role.
    pub tenants: Option<CountOr<BTreeMap<String, String>>>,
    /// Member count, or with `_get_data=true` the usernames.
    pub users: Option<CountOr<Vec<String>>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `GET /user-groups`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListUserGroups {
    pub query: ListQuery,
    pub get_data: bool,
}

endpoint!(ListUserGroups(this) -> Page<UserGroup> {
    GET "/user-groups";
    query = this.query
        .to_query()
        .flag("_get_data", this.get_data.then_some(true));
});

crate::impl_paged!(ListUserGroups => UserGroup);

/// `GET /user-groups/<name>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetUserGroup {
    pub name: String,
    pub get_data: bool,
}

endpoint!(GetUserGroup(this) -> UserGroup {
    GET "/user-groups/{}", this.name;
    query = Query::new().flag("_get_data", this.get_data.then_some(true));
});

/// `POST /user-groups` `{group_name, ldap_group_dn, role}`; 201 with the group. Like the
/// Python client it always sends `ldap_group_dn` (`null` without LDAP).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CreateUserGroup {
    pub group_name: String,
    pub ldap_group_dn: Option<String>,
    pub role: SystemRole,
    #[serde(skip)]
    pub get_data: bool,
}

endpoint!(CreateUserGroup(this) -> UserGroup {
    POST "/user-groups";
    query = Query::new().flag("_get_data", this.get_data.then_some(true));
    body = RequestBody::json(this);
});

/// `POST /user-groups/<name>` `{role}`: the system role the group gives its members.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SetUserGroupRole {
    pub name: String,
    pub role: SystemRole,
}

endpoint!(SetUserGroupRole(this) -> UserGroup {
    POST "/user-groups/{}", this.name;
    body = RequestBody::json(&json!({"role": this.role.as_str()}));
});

/// `DELETE /user-groups/<name>`; 204.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeleteUserGroup {
    pub name: String,
}

endpoint!(DeleteUserGroup(this) -> () {
    DELETE "/user-groups/{}", this.name;
    parse = parse_empty;
});

/// `PUT /user-groups/users` (add, answers the group) or `DELETE` (remove, 204)
/// with `{username, group_name}`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GroupMember {
    pub username: String,
    pub group_name: String,
    /// `false` removes the user from the group.
    pub add: bool,
    pub get_data: bool,
}

endpoint!(GroupMember(this) -> Option<UserGroup> {
    method = {
        if this.add {
            http::Method::PUT
        } else {
            http::Method::DELETE
        }
    };
    path = "/user-groups/users".into();
    query = Query::new().flag("_get_data", (this.get_data && this.add).then_some(true));
    body = RequestBody::json(&json!({"username": this.username, "group_name": this.group_name}));
    parse = |r: Response| {
        if this.add {
            parse_json(r).map(Some)
        } else {
            parse_empty(r).map(|()| None)
        }
    };
});
