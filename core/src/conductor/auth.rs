//! Who is signed in: tokens and the current user.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::endpoint;
use crate::endpoint::{parse_empty, parse_json, RequestBody, Response};
use crate::error::ApiError;
use crate::page::{Page, Pagination};
use crate::query::{ListQuery, Query};
use crate::time::Timestamp;

/// An API token. `value` is the secret only in the answer that created it; lists mask it.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Token {
    pub id: Option<String>,
    pub username: Option<String>,
    pub value: Option<String>,
    pub role: Option<String>,
    pub expiration_date: Option<Timestamp>,
    pub last_used: Option<Timestamp>,
    pub description: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

// The token value never reaches a log through Debug.
impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Token")
            .field("id", &self.id)
            .field("username", &self.username)
            .field("role", &self.role)
            .field("expiration_date", &self.expiration_date)
            .field("description", &self.description)
            .finish_non_exhaustive()
    }
}

/// `GET /tokens`: the caller's tokens (all users' for an admin).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListTokens {
    pub query: ListQuery,
}

endpoint!(ListTokens(this) -> Page<Token> {
    GET "/tokens";
    query = this.query.to_query();
    parse = |r: Response| {
        // The old single-token form has no `items`; a page (even a damaged one) has.
        let v: Value = parse_json(r)?;
        Ok(if v.get("items").is_some() {
            Page::<Token>::deserialize(&v)
                .map_err(|e| ApiError::invalid_response(200, &e.to_string()))?
        } else {
            let t = Token::deserialize(&v)
                .map_err(|e| ApiError::invalid_response(200, &e.to_string()))?;
            Page::new(
                vec![t],
                Pagination {
                    total: 1,
                    size: 1,
                    offset: 0,
                },
            )
        })
    };
});

/// `POST /tokens`: a new token; its `value` is shown only in this answer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CreateToken {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// An absolute UTC time or a relative one (`+10h`), as the manager's CLI grammar takes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiration_date: Option<String>,
}

endpoint!(CreateToken(this) -> Token {
    POST "/tokens";
    body = RequestBody::json(this);
});

crate::impl_paged!(ListTokens => Token);

/// `GET /tokens/<id>`: one token, its value masked (the caller's own, any for an admin).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GetToken {
    pub id: String,
}

endpoint!(GetToken(this) -> Token {
    GET "/tokens/{}", this.id;
});

/// `DELETE /tokens/<id>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeleteToken {
    pub id: String,
}

endpoint!(DeleteToken(this) -> () {
    DELETE "/tokens/{}", this.id;
    parse = parse_empty;
});

/// A field the manager sends as a count, or with `_get_data=true` as the data itself.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum CountOr<T> {
    Count(u64),
    Data(T),
}

/// A tenant membership of a user: its tenant role and the roles it implies.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TenantRoles {
    #[serde(rename = "tenant-role")]
    pub tenant_role: Option<String>,
    pub roles: Vec<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A user's tenant roles by where they come from (`tenant_roles`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserTenantRoles {
    /// Tenant → the role given to the user itself.
    pub direct: std::collections::BTreeMap<String, String>,
    /// Tenant → what the user's groups give it (kept as sent).
    pub groups: Map<String, Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A user, as `GET /user` and `GET /users` describe it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct User {
    pub username: String,
    /// `sys_admin` or `default`.
    pub role: Option<String>,
    pub active: Option<bool>,
    pub is_locked: Option<bool>,
    pub tenants: Option<CountOr<std::collections::BTreeMap<String, TenantRoles>>>,
    /// With `_get_data=true`: the tenant roles the user holds directly and through groups.
    pub tenant_roles: Option<UserTenantRoles>,
    pub groups: Option<CountOr<Vec<String>>>,
    /// System role → the groups that give it to the user.
    pub group_system_roles: Option<std::collections::BTreeMap<String, Vec<String>>>,
    pub created_at: Option<Timestamp>,
    pub first_login_at: Option<Timestamp>,
    pub last_login_at: Option<Timestamp>,
    pub show_getting_started: Option<bool>,
    pub password_hash: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl User {
    pub fn is_admin(&self) -> bool {
        self.role.as_deref() == Some("sys_admin")
    }

    /// The tenants the user belongs to, when the answer carried them (`_get_data=true`).
    pub fn tenant_names(&self) -> Vec<String> {
        match &self.tenants {
            Some(CountOr::Data(map)) => map.keys().cloned().collect(),
            _ => Vec::new(),
        }
    }
}

/// `GET /user?_get_data=true`: who the credentials belong to, with their tenants.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GetCurrentUser {
    pub get_data: bool,
}

impl Default for GetCurrentUser {
    fn default() -> Self {
        GetCurrentUser { get_data: true }
    }
}

endpoint!(GetCurrentUser(this) -> User {
    GET "/user";
    query = Query::new().flag("_get_data", this.get_data.then_some(true));
});
