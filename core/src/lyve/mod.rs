//! The Seagate Lyve Cloud Account API v2 (`https://api.lyvecloud.seagate.com/v2`): the token
//! exchange, permissions, service accounts and usage. An expired token is a **400
//! `ExpiredToken`** (not a 401): [`RENEW`] tells the transport to exchange the credentials again
//! and send the call once more.

pub mod account;
pub mod form;

use serde_json::{Map, Value};

use crate::cloud::{bearer, build_request, encode_query, RenewRule};
use crate::endpoint::{Provider, Request, RequestBody, Response};
use crate::error::{default_code, default_message, take_string, ApiError};
use crate::query::Query;

pub use account::*;
pub use form::*;

/// The API version every call lives under.
pub const API_PREFIX: &str = "/v2";

/// 400 `ExpiredToken` (`TokenExpired` on the usage calls): renew and retry once.
pub const RENEW: RenewRule = RenewRule {
    status: 400,
    codes: &["ExpiredToken", "TokenExpired"],
};

/// One Lyve Cloud account and its current token.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Session {
    /// `https://api.lyvecloud.seagate.com`, or empty for same-origin (a proxy).
    pub origin: String,
    pub token: Option<String>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("lyve::Session")
            .field("origin", &self.origin)
            .field("token", &self.token.as_ref().map(|_| "***"))
            .finish()
    }
}

impl Session {
    pub fn at(origin: &str) -> Self {
        Session {
            origin: origin.trim_end_matches('/').to_string(),
            token: None,
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

/// `{"code","message"}`. Codes are trimmed (`"AuthenticationFailed "` has been seen).
pub fn read_error(status: u16, mut map: Map<String, Value>) -> ApiError {
    let code = take_string(&mut map, "code")
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| default_code(status).into());
    let message = take_string(&mut map, "message").unwrap_or_else(|| default_message(status));
    let mut e = ApiError::new(Some(status), code, message);
    map.retain(|_, v| !v.is_null());
    e.details = map;
    e
}

/// The permission or service account is still being set up in some regions (409
/// `PermissionNotReady` / `ServiceAccountNotReady`): wait until `readyState` is true.
pub fn is_not_ready(error: &ApiError) -> bool {
    error.status == Some(409) && error.code.ends_with("NotReady")
}

macro_rules! endpoint {
    ($($declaration:tt)*) => {
        $crate::endpoint::declare_endpoint!(($crate::lyve::Session) $($declaration)*);
    };
}
pub(crate) use endpoint;
