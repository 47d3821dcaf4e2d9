//! How Conductor answers a failed call, read into the one [`ApiError`], and the answer parsers
//! its endpoints use.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::endpoint::{bytes_answer, empty_answer, json_answer, Response};
use crate::error::{default_code, default_message, take_string, ApiError};

/// Conductor's error object: `{message, error_code, server_traceback, ...}`, with `detail` for the
/// message where `message` is missing (as the Python client reads it); the other fields stay in
/// `details`.
pub(crate) fn read_body(status: u16, mut map: Map<String, Value>) -> ApiError {
    let message = take_string(&mut map, "message")
        .or_else(|| take_string(&mut map, "detail"))
        .unwrap_or_else(|| default_message(status));
    let code =
        take_string(&mut map, "error_code").unwrap_or_else(|| default_code(status).to_string());
    let mut e = ApiError::new(Some(status), code, message);
    map.retain(|_, v| !v.is_null());
    e.details = map;
    e
}

/// Reads one of Conductor's error answers.
pub(crate) fn read(response: &Response) -> ApiError {
    ApiError::from_answer(response, read_body)
}

/// Parses a successful JSON answer, or the error the answer carries.
pub fn parse_json<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    json_answer(response, read)
}

/// Accepts any successful answer and ignores its body (deletes, 204s).
pub fn parse_empty(response: Response) -> Result<(), ApiError> {
    empty_answer(response, read)
}

/// Returns the raw body of a successful answer (archive downloads).
pub fn parse_bytes(response: Response) -> Result<Vec<u8>, ApiError> {
    bytes_answer(response, read)
}
