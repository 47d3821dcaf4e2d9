//! The Imply Cloud Manager API (`https://{vanity}.implycloud.com/api/v1`): clusters, their
//! historical versions and their servers. OAuth 2.0 bearer tokens (5 minutes by default); the
//! token comes from the Imply console (its "by API" endpoint is not documented publicly), so an
//! expired token (401) sends the operator back to the connection form.

pub mod clusters;
pub mod models;

use serde_json::{Map, Value};

use crate::cloud::{bearer, build_request, encode_query, RenewRule, FIELD_ERRORS};
use crate::endpoint::{Provider, Request, RequestBody, Response};
use crate::error::{default_code, default_message, take_string, ApiError};
use crate::query::Query;

pub use models::*;

/// The path every Cloud Manager call lives under.
pub const API_PREFIX: &str = "/api/v1";

/// A 401 means the bearer token expired: get a new one, send once more.
pub const RENEW: RenewRule = RenewRule {
    status: 401,
    codes: &[],
};

/// One Imply Cloud account: its console address and a bearer token.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Session {
    /// `https://{vanity_domain}.implycloud.com`, or empty for same-origin (a proxy).
    pub origin: String,
    pub token: Option<String>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("imply::Session")
            .field("origin", &self.origin)
            .field("token", &self.token.as_ref().map(|_| "***"))
            .finish()
    }
}

impl Session {
    pub fn at(origin: &str, token: impl Into<String>) -> Self {
        Session {
            origin: origin.trim_end_matches('/').to_string(),
            token: Some(token.into()),
        }
    }
}

impl Provider for Session {
    fn build(&self, method: http::Method, path: &str, query: &Query, body: RequestBody) -> Request {
        build_request(
            method,
            &format!("{}{API_PREFIX}", self.origin),
            path,
            &encode_query(query),
            body,
            &bearer(&self.token),
        )
    }
    fn error(response: &Response) -> ApiError {
        ApiError::from_answer(response, read_error)
    }
}

/// `{"error":{"code","message","details":[{"code","target","message"}]}}`; each detail is kept
/// under [`FIELD_ERRORS`] with its `target`, so a form puts the message on the field it names.
pub fn read_error(status: u16, mut map: Map<String, Value>) -> ApiError {
    let mut inner = match map.remove("error") {
        Some(Value::Object(inner)) => inner,
        Some(Value::String(s)) => {
            let mut m = Map::new();
            m.insert("message".into(), Value::String(s));
            m
        }
        _ => map,
    };
    let code = take_string(&mut inner, "code").unwrap_or_else(|| default_code(status).into());
    let message = take_string(&mut inner, "message").unwrap_or_else(|| default_message(status));
    let mut e = ApiError::new(Some(status), code, message);
    if let Some(details) = inner.remove("details").filter(Value::is_array) {
        e.details.insert(FIELD_ERRORS.into(), details);
    }
    inner.retain(|_, v| !v.is_null());
    e.details.extend(inner);
    e
}

/// The cluster is applying another change; one update at a time (409 `StateConflict`).
pub fn is_state_conflict(error: &ApiError) -> bool {
    error.status == Some(409) && error.code == "StateConflict"
}

macro_rules! endpoint {
    ($($declaration:tt)*) => {
        $crate::endpoint::declare_endpoint!(($crate::imply::Session) $($declaration)*);
    };
}
pub(crate) use endpoint;
