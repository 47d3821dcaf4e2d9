//! SailPoint Identity Security Cloud v2024, Managed Clusters
//! (`https://{tenant}.api.identitynow.com/v2024`): OAuth client-credentials tokens, the cluster
//! list with standard collection parameters, JSON Patch updates, log configuration and manual
//! upgrades. Rate limit: 100 calls per token per 10 s, then 429 with `Retry-After`.

pub mod clusters;
pub mod form;
pub mod patch;

use serde_json::{Map, Value};

use crate::cloud::{bearer, build_request, encode_query, RenewRule};
use crate::endpoint::{Provider, Request, RequestBody, Response};
use crate::error::{default_code, default_message, take_string, ApiError};
use crate::query::Query;

pub use clusters::*;
pub use form::*;

/// The API version every call but the token exchange lives under.
pub const API_PREFIX: &str = "/v2024";
/// The token endpoint, beside the API rather than under it.
pub const TOKEN_PATH: &str = "/oauth/token";

/// A 401 (`JWT validation failed: JWT is expired`): exchange the client credentials again.
pub const RENEW: RenewRule = RenewRule {
    status: 401,
    codes: &[],
};

/// One SailPoint tenant and its access token.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Session {
    /// `https://{tenant}.api.identitynow.com`, or empty for same-origin (a proxy).
    pub origin: String,
    pub token: Option<String>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("sailpoint::Session")
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
        let base = if path.starts_with("/oauth/") {
            self.origin.clone()
        } else {
            format!("{}{API_PREFIX}", self.origin)
        };
        build_request(
            method,
            &base,
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

/// `ErrorResponseDto` (`{detailCode, trackingId, messages:[{locale, localeOrigin, text}],
/// causes}`), the 401 `{error}` and the 429 `{message}` shapes. The message is the first English
/// one, else the first; `trackingId` and the other messages stay in `details`.
pub fn read_error(status: u16, mut map: Map<String, Value>) -> ApiError {
    let texts = |v: Option<&Value>| -> Vec<(String, String)> {
        v.and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter_map(|m| {
                        let text = m.get("text")?.as_str()?.trim().to_string();
                        let locale = m.get("locale").and_then(Value::as_str).unwrap_or("");
                        Some((locale.to_string(), text))
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let messages = texts(map.get("messages"));
    let english = messages
        .iter()
        .find(|(l, _)| l.starts_with("en"))
        .or(messages.first())
        .map(|(_, t)| t.clone());
    // The token endpoint answers OAuth's `{error, error_description}`: the code and the words.
    let oauth_code = map
        .contains_key("error_description")
        .then(|| take_string(&mut map, "error"))
        .flatten();
    let message = english
        .or_else(|| take_string(&mut map, "message").map(|s| s.trim().to_string()))
        .or_else(|| take_string(&mut map, "error_description"))
        .or_else(|| take_string(&mut map, "error"))
        .unwrap_or_else(|| default_message(status));
    let code = take_string(&mut map, "detailCode")
        .or(oauth_code)
        .unwrap_or_else(|| match status {
            429 => "too_many_requests".into(),
            _ => default_code(status).into(),
        });
    let mut e = ApiError::new(Some(status), code, message);
    map.retain(|_, v| !v.is_null());
    e.details = map;
    e
}

macro_rules! endpoint {
    ($($declaration:tt)*) => {
        $crate::endpoint::declare_endpoint!(($crate::sailpoint::Session) $($declaration)*);
    };
}
pub(crate) use endpoint;
