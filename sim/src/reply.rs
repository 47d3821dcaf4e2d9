//! Building answers in the manager's shapes.

use serde_json::{json, Value};

use baton_core::endpoint::Response;

/// An answer before it becomes an `http::Response`.
pub struct Reply {
    pub status: u16,
    pub body: Value,
    pub headers: Vec<(&'static str, String)>,
    /// A non-JSON body (archive downloads): content type and bytes; `body` is then ignored.
    pub raw: Option<(String, Vec<u8>)>,
}

impl Reply {
    pub fn json(status: u16, body: Value) -> Reply {
        Reply {
            status,
            body,
            headers: Vec::new(),
            raw: None,
        }
    }

    /// A binary answer.
    pub fn bytes(status: u16, content_type: &str, bytes: Vec<u8>) -> Reply {
        Reply {
            status,
            body: Value::Null,
            headers: Vec::new(),
            raw: Some((content_type.to_string(), bytes)),
        }
    }

    pub fn into_response(self) -> Response {
        let content_type = self
            .raw
            .as_ref()
            .map_or("application/json", |(ct, _)| ct.as_str())
            .to_string();
        let mut b = http::Response::builder()
            .status(self.status)
            .header(http::header::CONTENT_TYPE, content_type);
        for (k, v) in self.headers {
            b = b.header(k, v);
        }
        // 204 and 304 answers have no body.
        let body = if let Some((_, bytes)) = self.raw {
            bytes
        } else if self.status == 204 || self.status == 304 {
            Vec::new()
        } else {
            serde_json::to_vec(&self.body).unwrap_or_default()
        };
        b.body(body)
            .unwrap_or_else(|_| http::Response::new(Vec::new()))
    }
}

/// The manager's error body: `{message, error_code, server_traceback}`.
pub fn error(status: u16, code: &str, message: &str) -> Reply {
    Reply::json(
        status,
        json!({"message": message, "error_code": code, "server_traceback": null}),
    )
}

pub fn not_found(model: &str, id: &str) -> Reply {
    error(
        404,
        "not_found_error",
        &format!("Requested `{model}` with ID `{id}` was not found"),
    )
}
