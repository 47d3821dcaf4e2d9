//! Tenants: the closed environments resources live in.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::endpoint::{parse_json, Endpoint, Response};
use crate::error::ApiError;
use crate::page::Page;
use crate::query::{ListQuery, Query};

use super::auth::CountOr;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Tenant {
    pub name: String,
    pub id: Option<u64>,
    /// User count, or with `_get_data=true` the users and their roles.
    pub users: Option<CountOr<Value>>,
    pub groups: Option<CountOr<Value>>,
    pub user_roles: Option<Value>,
    pub rabbitmq_username: Option<String>,
    pub rabbitmq_password: Option<String>,
    pub rabbitmq_vhost: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `GET /tenants`: every tenant for an admin, the caller's own otherwise.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListTenants {
    pub query: ListQuery,
    pub get_data: bool,
}

impl Endpoint for ListTenants {
    type Output = Page<Tenant>;
    fn method(&self) -> http::Method {
        http::Method::GET
    }
    fn path(&self) -> String {
        "/tenants".into()
    }
    fn query(&self) -> Query {
        self.query
            .to_query()
            .flag("_get_data", self.get_data.then_some(true))
    }
    fn parse(&self, r: Response) -> Result<Page<Tenant>, ApiError> {
        parse_json(r)
    }
}
