//! User groups (admin): sets of users, optionally mapped to an LDAP group, that carry a
//! system role and tenant roles for their members.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::endpoint::{parse_empty, parse_json, Endpoint, RequestBody, Response};
use crate::error::ApiError;
use crate::page::Page;
use crate::query::{ListQuery, Query};
use crate::session::segment;

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

impl Endpoint for ListUserGroups {
    type Output = Page<UserGroup>;
    fn method(&self) -> http::Method {
        http::Method::GET
    }
    fn path(&self) -> String {
        "/user-groups".into()
    }
    fn query(&self) -> Query {
        self.query
            .to_query()
            .flag("_get_data", self.get_data.then_some(true))
    }
    fn parse(&self, r: Response) -> Result<Page<UserGroup>, ApiError> {
        parse_json(r)
    }
}

crate::impl_paged!(ListUserGroups => UserGroup);

/// `GET /user-groups/<name>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetUserGroup {
    pub name: String,
    pub get_data: bool,
}

impl Endpoint for GetUserGroup {
    type Output = UserGroup;
    fn method(&self) -> http::Method {
        http::Method::GET
    }
    fn path(&self) -> String {
        format!("/user-groups/{}", segment(&self.name))
    }
    fn query(&self) -> Query {
        Query::new().flag("_get_data", self.get_data.then_some(true))
    }
    fn parse(&self, r: Response) -> Result<UserGroup, ApiError> {
        parse_json(r)
    }
}

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

impl Endpoint for CreateUserGroup {
    type Output = UserGroup;
    fn method(&self) -> http::Method {
        http::Method::POST
    }
    fn path(&self) -> String {
        "/user-groups".into()
    }
    fn query(&self) -> Query {
        Query::new().flag("_get_data", self.get_data.then_some(true))
    }
    fn body(&self) -> RequestBody {
        RequestBody::json(self)
    }
    fn parse(&self, r: Response) -> Result<UserGroup, ApiError> {
        parse_json(r)
    }
}

/// `POST /user-groups/<name>` `{role}`: the system role the group gives its members.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SetUserGroupRole {
    pub name: String,
    pub role: SystemRole,
}

impl Endpoint for SetUserGroupRole {
    type Output = UserGroup;
    fn method(&self) -> http::Method {
        http::Method::POST
    }
    fn path(&self) -> String {
        format!("/user-groups/{}", segment(&self.name))
    }
    fn body(&self) -> RequestBody {
        RequestBody::json(&json!({"role": self.role.as_str()}))
    }
    fn parse(&self, r: Response) -> Result<UserGroup, ApiError> {
        parse_json(r)
    }
}

/// `DELETE /user-groups/<name>`; 204.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeleteUserGroup {
    pub name: String,
}

impl Endpoint for DeleteUserGroup {
    type Output = ();
    fn method(&self) -> http::Method {
        http::Method::DELETE
    }
    fn path(&self) -> String {
        format!("/user-groups/{}", segment(&self.name))
    }
    fn parse(&self, r: Response) -> Result<(), ApiError> {
        parse_empty(r)
    }
}

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

impl Endpoint for GroupMember {
    type Output = Option<UserGroup>;
    fn method(&self) -> http::Method {
        if self.add {
            http::Method::PUT
        } else {
            http::Method::DELETE
        }
    }
    fn path(&self) -> String {
        "/user-groups/users".into()
    }
    fn query(&self) -> Query {
        Query::new().flag("_get_data", (self.get_data && self.add).then_some(true))
    }
    fn body(&self) -> RequestBody {
        RequestBody::json(&json!({"username": self.username, "group_name": self.group_name}))
    }
    fn parse(&self, r: Response) -> Result<Option<UserGroup>, ApiError> {
        if self.add {
            parse_json(r).map(Some)
        } else {
            parse_empty(r).map(|()| None)
        }
    }
}
