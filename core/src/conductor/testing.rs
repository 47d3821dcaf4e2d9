//! Helpers for the wire tests of the endpoint families: the request as the manager sees it.

use serde_json::Value;

use crate::endpoint::{Endpoint, Request, Response};
use crate::session::{Credentials, Session};

/// A session with a tenant and basic credentials, as the tests send requests.
pub(crate) fn session() -> Session {
    Session::same_origin()
        .with_tenant("default_tenant")
        .with_credentials(Credentials::Basic {
            username: "admin".into(),
            password: "admin".into(),
        })
}

/// The request `e` builds: method, path with query, and its `Content-Type` header.
pub(crate) fn request<E: Endpoint>(e: &E) -> Request {
    e.request(&session())
}

/// `METHOD /api/v3.1/path?query`.
pub(crate) fn line<E: Endpoint>(e: &E) -> String {
    let r = request(e);
    format!("{} {}", r.method(), r.uri())
}

/// The JSON body, checking it is sent as `application/json`.
pub(crate) fn json_body<E: Endpoint>(e: &E) -> Value {
    let r = request(e);
    assert_eq!(
        r.headers()
            .get(http::header::CONTENT_TYPE)
            .map(|v| v.to_str().unwrap_or("")),
        Some("application/json"),
        "JSON bodies carry their content type"
    );
    serde_json::from_slice(r.body()).expect("the body is JSON")
}

/// Asserts that `e` sends no body and no content type.
pub(crate) fn no_body<E: Endpoint>(e: &E) {
    let r = request(e);
    assert!(r.body().is_empty(), "no body");
    assert!(r.headers().get(http::header::CONTENT_TYPE).is_none());
}

/// A response with `status` and a JSON `body`.
pub(crate) fn response(status: u16, body: &str) -> Response {
    http::Response::builder()
        .status(status)
        .header(http::header::CONTENT_TYPE, "application/json")
        .body(body.as_bytes().to_vec())
        .expect("a valid response")
}
