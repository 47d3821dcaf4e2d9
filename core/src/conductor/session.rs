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
    /// Headers sent with every request after the session's own (e.g. `Authorization` next to
    /// an `Authentication-Token`, as the Python client can send both).
    pub headers: Vec<(String, String)>,
    /// Query parameters added to every request after the endpoint's (e.g. `_trace=true`).
    pub params: Query,
}

impl Session {
    /// A session against the manager that serves this page (same origin).
    pub fn same_origin() -> Self {
        Session {
            origin: String::new(),
            tenant: None,
            credentials: Credentials::None,
            headers: Vec::new(),
            params: Query::new(),
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

    /// Adds a header to every request.
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Adds a query parameter to every request.
    pub fn with_param(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.params.push(key, value);
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
        let mut all = query.clone();
        for (k, v) in self.params.pairs() {
            all.push(k.clone(), v.clone());
        }
        let qs = all.encode();
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
            builder = builder.header(TENANT_HEADER, tenant_header(tenant));
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
        for (name, value) in &self.headers {
            if let (Ok(n), Ok(v)) = (
                http::header::HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(value),
            ) {
                builder = builder.header(n, v);
            }
        }
        // Every part above is validated or encoded, so building cannot fail; fall back to an
        // empty request rather than panic if a future change breaks that.
        builder
            .body(bytes)
            .unwrap_or_else(|_| http::Request::new(Vec::new()))
    }
}

/// The `Tenant` header's bytes. The manager reads headers as Latin-1 (WSGI), and the Python
/// client encodes the name so: a name within Latin-1 travels as those bytes and arrives intact.
/// A name beyond Latin-1 cannot be sent by any client; it travels as UTF-8, so the manager names
/// the tenant it could not find instead of the call silently landing in another tenant. Control
/// characters, which no tenant name holds, become `?` for the same reason.
pub fn tenant_header(tenant: &str) -> HeaderValue {
    let bytes: Vec<u8> = if tenant.chars().all(|c| (c as u32) <= 0xFF) {
        tenant.chars().map(|c| c as u8).collect()
    } else {
        tenant.as_bytes().to_vec()
    };
    let visible: Vec<u8> = bytes
        .into_iter()
        .map(|b| if b < 0x20 || b == 0x7F { b'?' } else { b })
        .collect();
    HeaderValue::from_bytes(&visible).unwrap_or_else(|_| HeaderValue::from_static("?"))
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

    #[test]
    fn extra_headers_and_default_params_go_on_every_request() {
        let s = Session::at("https://m.example")
            .with_credentials(Credentials::Token("tok".into()))
            .with_header("Authorization", "Basic YWRtaW46YWRtaW4=")
            .with_param("_trace", "true");
        let r = s.build(
            http::Method::GET,
            "/deployments",
            &Query::new().with("_size", "5"),
            RequestBody::Empty,
        );
        assert_eq!(
            r.uri().to_string(),
            "https://m.example/api/v3.1/deployments?_size=5&_trace=true"
        );
        assert_eq!(r.headers()[TOKEN_HEADER], "tok");
        assert_eq!(r.headers()["Authorization"], "Basic YWRtaW46YWRtaW4=");
    }

    #[test]
    fn a_tenant_name_beyond_ascii_is_sent_never_dropped() {
        let sent = |t: &str| {
            Session::same_origin()
                .with_tenant(t)
                .build(http::Method::GET, "/x", &Query::new(), RequestBody::Empty)
                .headers()[TENANT_HEADER]
                .as_bytes()
                .to_vec()
        };
        assert_eq!(sent("default_tenant"), b"default_tenant");
        // Latin-1, as the Python client sends it and the manager decodes it.
        assert_eq!(sent("Zürich"), b"Z\xfcrich");
        // Beyond Latin-1: UTF-8, so the manager answers about that tenant.
        assert_eq!(sent("東京"), "東京".as_bytes());
        assert_eq!(sent("a\nb"), b"a?b");
    }
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
