//! A request as the `curl` command that sends it, for the console's "Show request": the exact
//! method, URL, headers and body, with secrets masked so the text can be pasted anywhere.

use crate::endpoint::Request;
use crate::session::TOKEN_HEADER;

/// What replaces a secret header's value.
pub const MASK: &str = "<token>";

/// Bodies longer than this are not printed; the command says how many bytes they have.
const MAX_BODY: usize = 64 * 1024;

/// `request` as a `curl` command. `origin` (`https://host`) completes a same-origin (relative)
/// URL; secret headers (`Authentication-Token`, `Authorization`, cookies) are masked.
pub fn to_curl(request: &Request, origin: &str) -> String {
    let mut out = String::from("curl");
    let method = request.method().as_str();
    let has_body = !request.body().is_empty();
    // curl infers GET, and POST with a body; say the method otherwise.
    if !(method == "GET" || method == "POST" && has_body) {
        out.push_str(" -X ");
        out.push_str(method);
    }
    let uri = request.uri().to_string();
    let url = if uri.starts_with('/') {
        format!("{}{uri}", origin.trim_end_matches('/'))
    } else {
        uri
    };
    out.push(' ');
    out.push_str(&quote(&url));
    for (name, value) in request.headers() {
        let shown = if is_secret(name.as_str()) {
            match value.to_str().ok().and_then(|v| v.split_once(' ')) {
                // Keep the scheme (`Basic`, `Bearer`) so the command still says what it sends.
                Some((scheme, _)) if name == http::header::AUTHORIZATION => {
                    format!("{scheme} {MASK}")
                }
                _ => MASK.to_string(),
            }
        } else {
            String::from_utf8_lossy(value.as_bytes()).into_owned()
        };
        out.push_str(" \\\n  -H ");
        out.push_str(&quote(&format!("{}: {shown}", canonical(name.as_str()))));
    }
    if has_body {
        let body = request.body();
        out.push_str(" \\\n  ");
        match std::str::from_utf8(body) {
            Ok(text) if body.len() <= MAX_BODY && !text.contains('\0') => {
                out.push_str("--data-raw ");
                out.push_str(&quote(text));
            }
            _ => {
                out.push_str(&format!("--data-binary @body.bin  # {} bytes", body.len()));
            }
        }
    }
    out
}

fn is_secret(name: &str) -> bool {
    name.eq_ignore_ascii_case(TOKEN_HEADER)
        || name.eq_ignore_ascii_case("authorization")
        || name.eq_ignore_ascii_case("cookie")
        || name.eq_ignore_ascii_case("x-api-key")
}

/// Header names as people write them (`Content-Type`); `http` stores them lower-case.
fn canonical(name: &str) -> String {
    name.split('-')
        .map(|part| {
            let mut c = part.chars();
            match c.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// Quotes `s` for a POSIX shell: single quotes, each `'` written as `'\''`.
pub fn quote(s: &str) -> String {
    let safe = !s.is_empty()
        && s.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(c, '-' | '_' | '.' | '/' | ':' | '=' | ',' | '@' | '%' | '+')
        });
    if safe {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::RequestBody;
    use crate::query::Query;
    use crate::session::{Credentials, Session};

    fn session() -> Session {
        Session::at("https://m.example")
            .with_tenant("default_tenant")
            .with_credentials(Credentials::Token("ctok-secret-123".into()))
    }

    #[test]
    fn a_get_with_query_and_masked_token() {
        let q = Query::new()
            .with("_include", "id,display_name")
            .with("_search", "web prod");
        let r = session().build(http::Method::GET, "/deployments", &q, RequestBody::Empty);
        let text = to_curl(&r, "");
        assert_eq!(
            text,
            "curl 'https://m.example/api/v3.1/deployments?_include=id%2Cdisplay_name&_search=web+prod' \\\n  -H 'Tenant: default_tenant' \\\n  -H 'Authentication-Token: <token>'"
        );
        assert!(!text.contains("ctok-secret"));
    }

    #[test]
    fn same_origin_urls_get_the_page_origin() {
        let r = Session::same_origin().build(
            http::Method::GET,
            "/version",
            &Query::new(),
            RequestBody::Empty,
        );
        assert_eq!(
            to_curl(&r, "http://127.0.0.1:8080/"),
            "curl http://127.0.0.1:8080/api/v3.1/version"
        );
    }

    #[test]
    fn a_json_body_is_quoted_for_the_shell() {
        let r = session().build(
            http::Method::PUT,
            "/deployments/web%201",
            &Query::new(),
            RequestBody::Json(br#"{"blueprint_id":"it's"}"#.to_vec()),
        );
        let text = to_curl(&r, "");
        assert!(
            text.starts_with("curl -X PUT https://m.example/api/v3.1/deployments/web%201"),
            "{text}"
        );
        assert!(
            text.contains("-H 'Content-Type: application/json'"),
            "{text}"
        );
        assert!(
            text.ends_with(r#"--data-raw '{"blueprint_id":"it'\''s"}'"#),
            "{text}"
        );
    }

    #[test]
    fn post_with_a_body_needs_no_method_and_delete_says_it() {
        let r = session().build(
            http::Method::POST,
            "/executions",
            &Query::new(),
            RequestBody::json(&serde_json::json!({"a": 1})),
        );
        assert!(to_curl(&r, "").starts_with("curl https://"));
        let r = session().build(
            http::Method::DELETE,
            "/deployments/x",
            &Query::new().with("force", "true"),
            RequestBody::Empty,
        );
        assert!(to_curl(&r, "")
            .starts_with("curl -X DELETE 'https://m.example/api/v3.1/deployments/x?force=true'"));
    }

    #[test]
    fn basic_auth_keeps_its_scheme_only() {
        let r = Session::at("https://m.example")
            .with_credentials(Credentials::Basic {
                username: "admin".into(),
                password: "hunter2".into(),
            })
            .build(
                http::Method::GET,
                "/version",
                &Query::new(),
                RequestBody::Empty,
            );
        let text = to_curl(&r, "");
        assert!(text.contains("-H 'Authorization: Basic <token>'"), "{text}");
        assert!(!text.contains("YWRtaW4"), "{text}");
    }

    #[test]
    fn binary_and_huge_bodies_are_described_not_printed() {
        let r = session().build(
            http::Method::PUT,
            "/blueprints/bp",
            &Query::new(),
            RequestBody::Raw {
                content_type: "application/octet-stream".into(),
                bytes: vec![0x1f, 0x8b, 0, 0xff],
            },
        );
        assert!(to_curl(&r, "").ends_with("--data-binary @body.bin  # 4 bytes"));
    }

    #[test]
    fn shell_quoting() {
        assert_eq!(quote("abc-1"), "abc-1");
        assert_eq!(quote(""), "''");
        assert_eq!(quote("a b"), "'a b'");
        assert_eq!(quote("it's"), r"'it'\''s'");
        assert_eq!(quote("$(rm -rf /)"), "'$(rm -rf /)'");
    }
}
