//! Tenants: the closed environments resources live in, and who may use them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::endpoint::{endpoint, parse_empty, parse_json, RequestBody, Response};
use crate::error::ApiError;
use crate::page::Page;
use crate::query::{ListQuery, Query};

use super::auth::{CountOr, TenantRoles};
use super::string_enum;

string_enum!(
    /// A role inside a tenant.
    TenantRole { Manager = "manager", Operations = "operations", User = "user", Viewer = "viewer" }
);

/// Who holds a tenant role directly and who through a group (`user_roles`, with `_get_data`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserRoleSources {
    /// Username → tenant role given to the user itself.
    pub direct: BTreeMap<String, String>,
    /// Username → what the user's groups give it (kept as sent).
    pub groups: Map<String, Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Tenant {
    pub name: String,
    pub id: Option<u64>,
    /// User count, or with `_get_data=true` each user's roles in the tenant.
    pub users: Option<CountOr<BTreeMap<String, TenantRoles>>>,
    /// Group count, or with `_get_data=true` group name → tenant role.
    pub groups: Option<CountOr<BTreeMap<String, String>>>,
    pub user_roles: Option<UserRoleSources>,
    pub rabbitmq_username: Option<String>,
    pub rabbitmq_password: Option<String>,
    pub rabbitmq_vhost: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Tenant {
    /// How many users the tenant has, whichever form the answer took.
    pub fn user_count(&self) -> Option<u64> {
        match &self.users {
            Some(CountOr::Count(n)) => Some(*n),
            Some(CountOr::Data(map)) => Some(map.len() as u64),
            None => None,
        }
    }

    /// How many user groups the tenant has, whichever form the answer took.
    pub fn group_count(&self) -> Option<u64> {
        match &self.groups {
            Some(CountOr::Count(n)) => Some(*n),
            Some(CountOr::Data(map)) => Some(map.len() as u64),
            None => None,
        }
    }
}

fn get_data(q: Query, on: bool) -> Query {
    q.flag("_get_data", on.then_some(true))
}

/// `GET /tenants`: every tenant for an admin, the caller's own otherwise.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListTenants {
    pub query: ListQuery,
    /// Users and groups with their roles instead of counts.
    pub get_data: bool,
}

endpoint!(ListTenants(this) -> Page<Tenant> {
    GET "/tenants";
    query = get_data(this.query.to_query(), this.get_data);
});

crate::impl_paged!(ListTenants => Tenant);

/// `GET /tenants/<name>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetTenant {
    pub name: String,
    pub get_data: bool,
}

endpoint!(GetTenant(this) -> Tenant {
    GET "/tenants/{}", this.name;
    query = get_data(Query::new(), this.get_data);
});

/// `POST /tenants/<name>` (admin). The Python client always sends `rabbitmq_password`
/// (empty for a generated one), so this does too.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct CreateTenant {
    pub name: String,
    pub rabbitmq_password: String,
    pub get_data: bool,
}

// The RabbitMQ password never reaches a log through Debug.
impl std::fmt::Debug for CreateTenant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreateTenant")
            .field("name", &self.name)
            .field("get_data", &self.get_data)
            .finish_non_exhaustive()
    }
}

endpoint!(CreateTenant(this) -> Tenant {
    POST "/tenants/{}", this.name;
    query = get_data(Query::new(), this.get_data);
    body = RequestBody::json(&serde_json::json!({"rabbitmq_password": this.rabbitmq_password}));
});

/// `DELETE /tenants/<name>` (admin); 204.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeleteTenant {
    pub name: String,
}

endpoint!(DeleteTenant(this) -> () {
    DELETE "/tenants/{}", this.name;
    parse = parse_empty;
});

/// What a membership call changes: add (`PUT`), change the role (`PATCH`), or remove (`DELETE`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Membership {
    #[default]
    Add,
    Update,
    Remove,
}

impl Membership {
    fn method(self) -> http::Method {
        match self {
            Membership::Add => http::Method::PUT,
            Membership::Update => http::Method::PATCH,
            Membership::Remove => http::Method::DELETE,
        }
    }
}

/// `PUT|PATCH|DELETE /tenants/users` `{username, tenant_name, role}` (admin). Add and update
/// answer the tenant; remove answers 204 and sends no role.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TenantUser {
    pub change: Membership,
    pub tenant_name: String,
    pub username: String,
    /// The tenant role (`user` when left out on add).
    pub role: Option<TenantRole>,
    pub get_data: bool,
}

/// `PUT|PATCH|DELETE /tenants/user-groups` `{group_name, tenant_name, role}` (admin).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TenantGroup {
    pub change: Membership,
    pub tenant_name: String,
    pub group_name: String,
    pub role: Option<TenantRole>,
    pub get_data: bool,
}

/// The answer of a membership call: the tenant after an add or update, nothing after a remove.
fn parse_membership(change: Membership, r: Response) -> Result<Option<Tenant>, ApiError> {
    match change {
        Membership::Remove => parse_empty(r).map(|()| None),
        _ => parse_json(r).map(Some),
    }
}

fn membership_body(
    member_key: &str,
    member: &str,
    tenant: &str,
    role: Option<&TenantRole>,
    change: Membership,
) -> RequestBody {
    let mut body = Map::new();
    body.insert(member_key.into(), Value::from(member));
    body.insert("tenant_name".into(), Value::from(tenant));
    if change != Membership::Remove {
        if let Some(role) = role {
            body.insert("role".into(), Value::from(role.as_str()));
        }
    }
    RequestBody::json(&body)
}

endpoint!(TenantUser(this) -> Option<Tenant> {
    method = this.change.method();
    path = "/tenants/users".into();
    query = get_data(
        Query::new(),
        this.get_data && this.change != Membership::Remove,
    );
    body = membership_body(
        "username",
        &this.username,
        &this.tenant_name,
        this.role.as_ref(),
        this.change,
    );
    parse = |r: Response| parse_membership(this.change, r);
});

endpoint!(TenantGroup(this) -> Option<Tenant> {
    method = this.change.method();
    path = "/tenants/user-groups".into();
    query = get_data(
        Query::new(),
        this.get_data && this.change != Membership::Remove,
    );
    body = membership_body(
        "group_name",
        &this.group_name,
        &this.tenant_name,
        this.role.as_ref(),
        this.change,
    );
    parse = |r: Response| parse_membership(this.change, r);
});
