//! Permissions: which roles may perform which actions (admin).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::endpoint::{endpoint, parse_empty, parse_json, Endpoint, Response};
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
