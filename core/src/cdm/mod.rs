//! Open Telekom Cloud CDM (DataArts Migration) clusters
//! (`https://{endpoint}/v1.1/{project_id}/clusters`): list, details, create, start, stop,
//! restart, delete. Calls carry `X-Auth-Token`, the IAM token that `POST /v3/auth/tokens`
//! returns in its `X-Subject-Token` header (24 h).

pub mod clusters;
pub mod iam;

use serde_json::{Map, Value};

use crate::cloud::{build_request, encode_query, RenewRule};
use crate::endpoint::{Provider, Request, RequestBody, Response};
use crate::error::{default_code, default_message, take_string, ApiError};
use crate::query::Query;

pub use clusters::*;
pub use iam::*;

/// A 401 means the IAM token expired: get a new one, send once more.
pub const RENEW: RenewRule = RenewRule {
    status: 401,
    codes: &[],
};

/// One project in one region, and the IAM token for it.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Session {
    /// `https://cdm.{region}.otc.t-systems.com` (region-specific), or empty for same-origin.
    pub origin: String,
    pub project_id: String,
    pub token: Option<String>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("cdm::Session")
            .field("origin", &self.origin)
            .field("project_id", &self.project_id)
            .field("token", &self.token.as_ref().map(|_| "***"))
            .finish()
    }
}

impl Session {
    pub fn at(origin: &str, project_id: &str) -> Self {
        Session {
            origin: origin.trim_end_matches('/').to_string(),
            project_id: project_id.to_string(),
            token: None,
        }
    }
}

impl Provider for Session {
    fn build(&self, method: http::Method, path: &str, query: &Query, body: RequestBody) -> Request {
        let mut headers = vec![("X-Language", "en-us".to_string())];
        if let Some(t) = &self.token {
            headers.push(("X-Auth-Token", t.clone()));
        }
        build_request(
            method,
            &format!(
                "{}/v1.1/{}",
                self.origin,
                crate::session::segment(&self.project_id)
            ),
            path,
            &encode_query(query),
            body,
            &headers,
        )
    }
    fn error(response: &Response) -> ApiError {
        ApiError::from_answer(response, read_error)
    }
}

/// Both documented shapes: the platform's `{error_code, error_msg}` and CDM's
/// `{errCode, externalMessage}` (sometimes with `code`/`message` beside them), and IAM's
/// `{error:{code, message, title}}`.
pub fn read_error(status: u16, mut map: Map<String, Value>) -> ApiError {
    if let Some(Value::Object(inner)) = map.remove("error") {
        map.extend(inner);
    }
    let code = take_string(&mut map, "errCode")
        .or_else(|| take_string(&mut map, "error_code"))
        .or_else(|| take_string(&mut map, "code"))
        .unwrap_or_else(|| default_code(status).into());
    let message = take_string(&mut map, "externalMessage")
        .or_else(|| take_string(&mut map, "error_msg"))
        .or_else(|| take_string(&mut map, "message"))
        .unwrap_or_else(|| default_message(status));
    let mut e = ApiError::new(Some(status), code, message);
    map.retain(|_, v| !v.is_null());
    e.details = map;
    e
}

macro_rules! endpoint {
    ($($declaration:tt)*) => {
        $crate::endpoint::declare_endpoint!(($crate::cdm::Session) $($declaration)*);
    };
}
pub(crate) use endpoint;
