//! Who calls which Conductor manager: origin, tenant and credentials, and how they travel
//! (`Tenant`, HTTP Basic or `Authentication-Token` headers under `/api/v3.1`).

use base64::Engine as _;
use http::header::{HeaderValue, AUTHORIZATION, CONTENT_TYPE};

use crate::endpoint::{Body, Provider, Request, RequestBody, Response};
use crate::error::ApiError;
use crate::query::Query;

/// The header the manager reads the tenant from.
pub const TENANT_HEADER: &str = "Tenant";
/// The header the manager reads an API token from.
pub const TOKEN_HEADER: &str = "Authentication-Token";
/// The REST API prefix every Conductor call lives under.
pub const API_PREFIX: &str = "/api/v3.1";

/// How a request proves who sends it.
#[derive(Clone, PartialEq, Eq, Default)]
pub enum Credentials {
    /// No credentials (only `/version` style probes answer without them).
    #[default]
    None,
    /// HTTP Basic with a username and any UTF-8 password.
    Basic { username: String, password: String },
    /// An API token, sent as `Authentication-Token`.
    Token(String),
}

// Secrets never reach logs through Debug.
impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Credentials::None => f.write_str("None"),
            Credentials::Basic { username, .. } => write!(f, "Basic({username}, ***)"),
            Credentials::Token(_) => f.write_str("Token(***)"),
        }
    }
}

/// A manager to talk to and the identity to talk to it with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    /// Scheme and authority of the manager (`https://manager.example`), or empty for same-origin.
    pub origin: String,
    /// The tenant every tenant-scoped request is made in.
    pub tenant: Option<String>,
    pub credentials: Credentials,
}

impl Session {
    /// A session against the manager that serves this page (same origin).
    pub fn same_origin() -> Self {
        Session {
            origin: String::new(),
            tenant: None,
            credentials: Credentials::None,
        }
    }

    /// A session against a manager at `origin` (`https://host[:port]`; a trailing `/` is ignored).
    pub fn at(origin: &str) -> Self {
        Session {
            origin: origin.trim_end_matches('/').to_string(),
            ..Session::same_origin()
        }
    }

    pub fn with_tenant(mut self, tenant: impl Into<String>) -> Self {
        self.tenant = Some(tenant.into());
        self
    }

    pub fn with_credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = credentials;
        self
    }

    /// Builds a request to `path` (already percent-encoded, starting with `/`, relative to the API prefix).
    pub fn build(
        &self,
        method: http::Method,
        path: &str,
        query: &Query,
        body: RequestBody,
    ) -> Request {
        let mut uri = format!("{}{}{}", self.origin, API_PREFIX, path);
        let qs = query.encode();
        if !qs.is_empty() {
            uri.push('?');
            uri.push_str(&qs);
        }
        let (content_type, bytes): (Option<String>, Body) = match body {
            RequestBody::Empty => (None, Vec::new()),
            RequestBody::Json(bytes) => (Some("application/json".into()), bytes),
            RequestBody::Raw {
                content_type,
                bytes,
            } => (Some(content_type), bytes),
        };
        let mut builder = http::Request::builder().method(method).uri(uri);
        if let Some(ct) = content_type {
            builder = builder.header(CONTENT_TYPE, ct);
        }
        if let Some(tenant) = &self.tenant {
            // A tenant name the header cannot carry is left out; the manager then says which is missing.
            if let Ok(v) = HeaderValue::from_str(tenant) {
                builder = builder.header(TENANT_HEADER, v);
            }
        }
        match &self.credentials {
            Credentials::None => {}
            Credentials::Basic { username, password } => {
                let raw = format!("{username}:{password}");
                let encoded = base64::engine::general_purpose::STANDARD.encode(raw.as_bytes());
                builder = builder.header(AUTHORIZATION, format!("Basic {encoded}"));
            }
            Credentials::Token(token) => {
                if let Ok(v) = HeaderValue::from_str(token) {
                    builder = builder.header(TOKEN_HEADER, v);
                }
            }
        }
        // Every part above is validated or encoded, so building cannot fail; fall back to an
        // empty request rather than panic if a future change breaks that.
        builder
            .body(bytes)
            .unwrap_or_else(|_| http::Request::new(Vec::new()))
    }
}

impl Provider for Session {
    fn build(&self, method: http::Method, path: &str, query: &Query, body: RequestBody) -> Request {
        Session::build(self, method, path, query, body)
    }
    fn error(response: &Response) -> ApiError {
        super::error::read(response)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::segment;

    #[test]
    fn basic_auth_encodes_utf8_passwords() {
        let s = Session::same_origin().with_credentials(Credentials::Basic {
            username: "admin".into(),
            password: "pässwörd:ü".into(),
        });
        let r = s.build(
            http::Method::GET,
            "/version",
            &Query::new(),
            RequestBody::Empty,
        );
        let auth = r.headers()[AUTHORIZATION].to_str().unwrap();
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(auth.strip_prefix("Basic ").unwrap())
            .unwrap();
        assert_eq!(String::from_utf8(decoded).unwrap(), "admin:pässwörd:ü");
        assert_eq!(r.uri().to_string(), "/api/v3.1/version");
        assert!(r.headers().get(TENANT_HEADER).is_none());
    }

    #[test]
    fn token_and_tenant_headers() {
        let s = Session::at("https://m.example/")
            .with_tenant("team-a")
            .with_credentials(Credentials::Token("ctok-1".into()));
        let r = s.build(
            http::Method::GET,
            "/deployments",
            &Query::new(),
            RequestBody::Empty,
        );
        assert_eq!(
            r.uri().to_string(),
            "https://m.example/api/v3.1/deployments"
        );
        assert_eq!(r.headers()[TENANT_HEADER], "team-a");
        assert_eq!(r.headers()[TOKEN_HEADER], "ctok-1");
        assert!(r.headers().get(AUTHORIZATION).is_none());
    }

    #[test]
    fn json_bodies_carry_content_type() {
        let r = Session::same_origin().build(
            http::Method::POST,
            "/tokens",
            &Query::new(),
            RequestBody::Json(b"{}".to_vec()),
        );
        assert_eq!(r.headers()[CONTENT_TYPE], "application/json");
    }

    #[test]
    fn debug_hides_secrets() {
        let c = Credentials::Basic {
            username: "u".into(),
            password: "hunter2".into(),
        };
        assert!(!format!("{c:?}").contains("hunter2"));
        assert!(!format!("{:?}", Credentials::Token("ctok-secret".into())).contains("secret"));
    }

    #[test]
    fn segments_are_percent_encoded() {
        assert_eq!(segment("web/prod 1?#%"), "web%2Fprod%201%3F%23%25");
        assert_eq!(segment("a-b_c.d~e"), "a-b_c.d~e");
        assert_eq!(segment("dé"), "d%C3%A9");
    }
}
