//! The IAM token exchange CDM calls need: `POST /v3/auth/tokens` (password method, scoped to a
//! project); the token is the `X-Subject-Token` header of the answer, not a body field.

use serde::Deserialize;

use super::read_error;
use crate::cloud::{build_request, lenient_time};
use crate::endpoint::{Endpoint, Provider, Request, RequestBody, Response};
use crate::error::{client_codes, ApiError};
use crate::query::Query;
use crate::time::Timestamp;

/// The IAM endpoint of a region (`https://iam.{region}.otc.t-systems.com`).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct IamSession {
    pub origin: String,
}

impl Provider for IamSession {
    fn build(
        &self,
        method: http::Method,
        path: &str,
        _query: &Query,
        body: RequestBody,
    ) -> Request {
        build_request(method, &self.origin, path, "", body, &[])
    }
    fn error(response: &Response) -> ApiError {
        ApiError::from_answer(response, read_error)
    }
}

/// A token and when it stops working.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct IamGrant {
    pub token: String,
    pub expires_at: Option<Timestamp>,
}

impl std::fmt::Debug for IamGrant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "IamGrant(***, {:?})", self.expires_at)
    }
}

/// `POST /v3/auth/tokens` with a user's password, scoped to `project_id`. The password is used
/// for this call only.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct IamToken {
    pub domain: String,
    pub user: String,
    pub password: String,
    pub project_id: String,
}

impl std::fmt::Debug for IamToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "IamToken({}/{}, ***, {})",
            self.domain, self.user, self.project_id
        )
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct TokenBody {
    token: TokenInfo,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct TokenInfo {
    #[serde(deserialize_with = "lenient_time")]
    expires_at: Option<Timestamp>,
}

impl Endpoint<IamSession> for IamToken {
    type Output = IamGrant;

    fn method(&self) -> http::Method {
        http::Method::POST
    }
    fn path(&self) -> String {
        "/v3/auth/tokens".into()
    }
    fn body(&self) -> RequestBody {
        RequestBody::json(&serde_json::json!({
            "auth": {
                "identity": {
                    "methods": ["password"],
                    "password": {"user": {
                        "name": self.user, "password": self.password,
                        "domain": {"name": self.domain},
                    }},
                },
                "scope": {"project": {"id": self.project_id}},
            }
        }))
    }
    fn check(&self) -> Result<(), ApiError> {
        if [&self.domain, &self.user, &self.password, &self.project_id]
            .iter()
            .any(|s| s.trim().is_empty())
        {
            return Err(ApiError::new(
                None,
                client_codes::INVALID_INPUT,
                "Domain, user, password and project ID are all needed",
            ));
        }
        Ok(())
    }
    fn parse(&self, response: Response) -> Result<IamGrant, ApiError> {
        if !response.status().is_success() {
            return Err(IamSession::error(&response));
        }
        let token = response
            .headers()
            .get("X-Subject-Token")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
            .ok_or_else(|| {
                ApiError::invalid_response(
                    response.status().as_u16(),
                    "no X-Subject-Token header (a proxy must expose it)",
                )
            })?;
        let body: TokenBody = serde_json::from_slice(response.body()).unwrap_or_default();
        Ok(IamGrant {
            token,
            expires_at: body.token.expires_at,
        })
    }
}
