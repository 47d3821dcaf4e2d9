//! Every way a call can fail, in one type the console can show with its message and code.

use serde_json::{Map, Value};

use crate::endpoint::Response;
use crate::time::Timestamp;

/// The manager's error codes, with the HTTP status it answers each with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    Known(&'static str, u16),
    /// A code this console does not know (a newer manager); shown as it came.
    Other(String),
}

/// error_code → HTTP status, from the manager's exception classes.
const KNOWN_CODES: &[(&str, u16)] = &[
    ("unknown_action", 400),
    ("param_url_not_found_error", 400),
    ("dependent_exists_error", 400),
    ("nonexistent_workflow_error", 400),
    ("unavailable_workflow_error", 400),
    ("invalid_workflow_availability_rule_error", 400),
    ("bad_parameters_error", 400),
    ("invalid_blueprint_error", 400),
    ("invalid_plugin_error", 400),
    ("existing_running_execution_error", 400),
    (
        "global_parallel_running_executions_limit_reached_error",
        400,
    ),
    ("invalid_exception_status_update", 400),
    ("unsupported_change_in_deployment_update", 400),
    ("plugins_update_failed", 400),
    ("existing_started_deployment_modification_error", 400),
    ("deployment_modification_already_ended_error", 400),
    ("illegal_action_error", 400),
    ("illegal_execution_parameters_error", 400),
    ("no_such_include_field_error", 400),
    ("deployment_creation_error", 400),
    ("deployment_environment_creation_in_progress_error", 400),
    ("deployment_environment_creation_pending_error", 400),
    ("missing_required_deployment_input_error", 400),
    ("unknown_deployment_input_error", 400),
    ("deployment_input_evaluation_error", 400),
    ("constraint_error", 400),
    ("unknown_deployment_secret_error", 400),
    ("deployment_outputs_evaluation_error", 400),
    ("deployment_capabilities_evaluation_error", 400),
    ("functions_evaluation_error", 400),
    ("unknown_modification_stage_error", 400),
    ("resolver_instantiation_error", 400),
    ("snapshot_action_error", 400),
    ("log_bundle_action_error", 400),
    ("plugin_installation_error", 400),
    ("plugin_installation_timeout", 400),
    ("upload_missing_file", 400),
    ("deployment_plugin_not_found", 400),
    ("incompatible_cluster_architecture", 400),
    ("unverified_cloudify_license", 400),
    ("invalid_yaml_format", 400),
    ("invalid_filter_rule", 400),
    ("failed_dependency", 400),
    ("missing_cloudify_license", 400),
    ("expired_cloudify_license", 400),
    ("unauthorized_error", 401),
    ("application_not_secured_error", 401),
    ("no_token_generator_error", 401),
    ("forbidden_error", 403),
    ("forbidden_while_cancelling", 403),
    ("only_deployment_update", 403),
    ("not_found_error", 404),
    ("deployment_parent_not_found_error", 404),
    ("imported_blueprint_not_found", 404),
    ("missing_premium_package_error", 404),
    ("community_only_error", 404),
    ("method_not_allowed_error", 405),
    ("plugin_in_use", 405),
    ("blueprint_in_use", 405),
    ("conflict_error", 409),
    ("ambiguous_name", 409),
    ("storage_error", 409),
    ("unsupported_content_type_error", 415),
    ("internal_server_error", 500),
    ("invalid_fernet_token_format_error", 500),
    ("not_running_ldap_server", 500),
    ("unsupported_file_server_type", 500),
    ("file_server_exception", 500),
    ("multiple_files_upload_exception", 500),
    ("insufficient_memory_error", 503),
    ("in_snapshot_restore_error", 503),
    ("file_sync_service_error", 503),
    ("maintenance_mode_active", 503),
    ("entering_maintenance_mode", 503),
];

impl ErrorCode {
    pub fn from_code(code: &str) -> ErrorCode {
        KNOWN_CODES
            .iter()
            .find(|(c, _)| *c == code)
            .map(|&(c, s)| ErrorCode::Known(c, s))
            .unwrap_or_else(|| ErrorCode::Other(code.to_string()))
    }

    pub fn as_str(&self) -> &str {
        match self {
            ErrorCode::Known(c, _) => c,
            ErrorCode::Other(c) => c,
        }
    }

    /// The status the manager answers this code with, when known.
    pub fn status(&self) -> Option<u16> {
        match self {
            ErrorCode::Known(_, s) => Some(*s),
            ErrorCode::Other(_) => None,
        }
    }
}

/// Codes for failures that never reached the manager or whose answer could not be read.
pub mod client_codes {
    /// An update with nothing in it, refused before it is sent.
    pub const NOTHING_TO_UPDATE: &str = "nothing_to_update";
    /// The request did not get an answer (offline, DNS, CORS, connection refused).
    pub const NETWORK: &str = "network_error";
    /// The answer was not JSON where JSON was expected (a proxy's HTML page, say).
    pub const NOT_JSON: &str = "not_json";
    /// The answer was JSON but not of the expected shape.
    pub const INVALID_RESPONSE: &str = "invalid_response";
    /// The request could not be built from what was typed.
    pub const INVALID_INPUT: &str = "invalid_input";
}

/// The two ways maintenance mode refuses a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MaintenanceRefusal {
    /// Maintenance mode is on; only status, version and maintenance calls pass.
    Active,
    /// Maintenance mode waits for running executions; new work is refused.
    Activating,
}

/// Why the license stops the manager from working.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LicenseProblem {
    /// No license was uploaded.
    Missing,
    /// The license has expired.
    Expired,
    /// An uploaded license failed its signature check.
    Unverified,
}

/// A failed call, with what the console needs to show it.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    /// The HTTP status, when an answer arrived.
    pub status: Option<u16>,
    /// The manager's `error_code`, or one of [`client_codes`].
    pub code: String,
    pub message: String,
    /// Seconds to wait before retrying (`Retry-After`, on 429 and 503).
    pub retry_after: Option<u64>,
    /// When to retry, if `Retry-After` named a date instead of seconds (see [`ApiError::retry_delay`]).
    pub retry_at: Option<Timestamp>,
    /// The other fields of the error body (`err_reason`, `err_filter_rule`, `server_traceback`...).
    pub details: Map<String, Value>,
}

impl ApiError {
    pub fn new(status: Option<u16>, code: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code: code.into(),
            message: message.into(),
            retry_after: None,
            retry_at: None,
            details: Map::new(),
        }
    }

    pub fn network(message: impl Into<String>) -> Self {
        ApiError::new(None, client_codes::NETWORK, message)
    }

    pub fn invalid_response(status: u16, why: &str) -> Self {
        ApiError::new(
            Some(status),
            client_codes::INVALID_RESPONSE,
            format!("The manager's answer could not be read: {why}"),
        )
    }

    /// Reads a Conductor error answer (see [`crate::conductor::error`]).
    pub fn from_response(response: &Response) -> Self {
        ApiError::from_answer(response, crate::conductor::error::read_body)
    }

    /// Reads an error answer of any provider: `read_body` maps the provider's JSON error object
    /// (its shape differs per manager); the status, `Retry-After`, a bare JSON string and a body
    /// that is not JSON are read the same way for every provider.
    pub fn from_answer(
        response: &Response,
        read_body: fn(u16, Map<String, Value>) -> ApiError,
    ) -> Self {
        let status = response.status().as_u16();
        let retry_header = response
            .headers()
            .get(http::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .map(str::trim);
        let retry_after = retry_header.and_then(|v| v.parse::<u64>().ok());
        // The other form of the header is an HTTP date (`Wed, 21 Oct 2026 07:28:00 GMT`).
        let retry_at = retry_header
            .filter(|_| retry_after.is_none())
            .and_then(|v| chrono::DateTime::parse_from_rfc2822(v).ok())
            .map(|d| Timestamp(d.naive_utc()));
        let body = response.body();
        let mut err = match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(map)) => read_body(status, map),
            // Some proxies and older managers answer with a bare JSON string.
            Ok(Value::String(text)) if !text.trim().is_empty() => {
                ApiError::new(Some(status), default_code(status), text)
            }
            _ if body.iter().all(u8::is_ascii_whitespace) => {
                ApiError::new(Some(status), default_code(status), default_message(status))
            }
            _ => {
                let text = String::from_utf8_lossy(body);
                let excerpt: String = text.trim().chars().take(200).collect();
                ApiError::new(
                    Some(status),
                    client_codes::NOT_JSON,
                    format!("{status} {}: {excerpt}", reason(status)),
                )
            }
        };
        err.retry_after = retry_after;
        err.retry_at = retry_at;
        err
    }

    pub fn error_code(&self) -> ErrorCode {
        ErrorCode::from_code(&self.code)
    }

    /// The session is gone: sign in again.
    pub fn is_unauthorized(&self) -> bool {
        self.status == Some(401) || self.code == "unauthorized_error"
    }

    /// The manager is (entering) maintenance mode.
    pub fn is_maintenance(&self) -> bool {
        matches!(
            self.code.as_str(),
            "maintenance_mode_active" | "entering_maintenance_mode"
        )
    }

    /// Seconds to wait from `now` before retrying, from either form of `Retry-After`.
    pub fn retry_delay(&self, now: Timestamp) -> Option<u64> {
        self.retry_after.or_else(|| {
            let secs = (self.retry_at?.0 - now.0).num_seconds();
            Some(secs.max(0) as u64)
        })
    }

    /// The manager needs a (new) license.
    pub fn is_license(&self) -> bool {
        matches!(
            self.code.as_str(),
            "missing_cloudify_license" | "expired_cloudify_license"
        )
    }

    /// Which maintenance state refused the call, if one did.
    pub fn maintenance(&self) -> Option<MaintenanceRefusal> {
        match self.code.as_str() {
            "maintenance_mode_active" => Some(MaintenanceRefusal::Active),
            "entering_maintenance_mode" => Some(MaintenanceRefusal::Activating),
            _ => None,
        }
    }

    /// What is wrong with the license, if the call failed because of it.
    pub fn license_problem(&self) -> Option<LicenseProblem> {
        match self.code.as_str() {
            "missing_cloudify_license" => Some(LicenseProblem::Missing),
            "expired_cloudify_license" => Some(LicenseProblem::Expired),
            "unverified_cloudify_license" => Some(LicenseProblem::Unverified),
            _ => None,
        }
    }

    /// The manager answered 304: the state asked for was already in place
    /// (activating maintenance mode twice, say).
    pub fn is_not_modified(&self) -> bool {
        self.status == Some(304) || self.code == "not_modified"
    }

    /// Trying the same call again later may succeed: rate limits, maintenance,
    /// a manager that is busy or unreachable. Client mistakes never are.
    pub fn is_retryable(&self) -> bool {
        self.is_network()
            || self.retry_after.is_some()
            || self.retry_at.is_some()
            || matches!(self.status, Some(429 | 502 | 503 | 504))
    }

    pub fn is_network(&self) -> bool {
        self.code == client_codes::NETWORK
    }

    /// `(err_filter_rule, err_reason)` of an `invalid_filter_rule` answer.
    pub fn filter_rule_error(&self) -> Option<(&Value, &str)> {
        if self.code != "invalid_filter_rule" {
            return None;
        }
        let rule = self.details.get("err_filter_rule")?;
        let reason = self.details.get("err_reason")?.as_str()?;
        Some((rule, reason))
    }

    /// The server's traceback, for the "details" fold of an error view.
    pub fn traceback(&self) -> Option<&str> {
        self.details.get("server_traceback").and_then(Value::as_str)
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.status {
            Some(s) => write!(f, "{} ({}, HTTP {s})", self.message, self.code),
            None => write!(f, "{} ({})", self.message, self.code),
        }
    }
}

impl std::error::Error for ApiError {}

pub(crate) fn take_string(map: &mut Map<String, Value>, key: &str) -> Option<String> {
    match map.remove(key) {
        Some(Value::String(s)) => Some(s),
        Some(other) if !other.is_null() => Some(other.to_string()),
        _ => None,
    }
}

fn reason(status: u16) -> &'static str {
    http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Error")
}

pub(crate) fn default_code(status: u16) -> &'static str {
    match status {
        // The Python client's name for a bodiless 304.
        304 => "not_modified",
        400 => "bad_parameters_error",
        401 => "unauthorized_error",
        403 => "forbidden_error",
        404 => "not_found_error",
        405 => "method_not_allowed_error",
        409 => "conflict_error",
        415 => "unsupported_content_type_error",
        429 => "too_many_requests",
        503 => "service_unavailable",
        _ => "internal_server_error",
    }
}

pub(crate) fn default_message(status: u16) -> String {
    format!("The manager answered {status} {}", reason(status))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, body: &str) -> Response {
        http::Response::builder()
            .status(status)
            .body(body.as_bytes().to_vec())
            .unwrap()
    }

    #[test]
    fn reads_manager_error_bodies() {
        let e = ApiError::from_response(&response(
            400,
            r#"{"message":"bad rule","error_code":"invalid_filter_rule","server_traceback":null,
                "err_filter_rule":{"key":"a"},"err_reason":"no values"}"#,
        ));
        assert_eq!(e.status, Some(400));
        assert_eq!(e.code, "invalid_filter_rule");
        assert_eq!(e.message, "bad rule");
        let (rule, reason) = e.filter_rule_error().unwrap();
        assert_eq!(rule["key"], "a");
        assert_eq!(reason, "no values");
        assert!(!e.details.contains_key("server_traceback"));
        assert_eq!(e.error_code(), ErrorCode::Known("invalid_filter_rule", 400));
    }

    #[test]
    fn falls_back_to_detail_and_to_status_defaults() {
        let e = ApiError::from_response(&response(400, r#"{"detail":"Invalid _size"}"#));
        assert_eq!(e.message, "Invalid _size");
        assert_eq!(e.code, "bad_parameters_error");
        let e = ApiError::from_response(&response(404, ""));
        assert_eq!(e.code, "not_found_error");
    }

    #[test]
    fn non_json_bodies_are_summarised() {
        let e = ApiError::from_response(&response(502, "<html><body>Bad gateway</body></html>"));
        assert_eq!(e.code, client_codes::NOT_JSON);
        assert!(
            e.message.starts_with("502 Bad Gateway: <html>"),
            "{}",
            e.message
        );
    }

    #[test]
    fn retry_after_and_maintenance() {
        let mut r = response(
            503,
            r#"{"message":"Your request was rejected since Cloudify manager is currently in maintenance mode","error_code":"maintenance_mode_active"}"#,
        );
        r.headers_mut()
            .insert(http::header::RETRY_AFTER, "30".parse().unwrap());
        let e = ApiError::from_response(&r);
        assert!(e.is_maintenance());
        assert_eq!(e.retry_after, Some(30));
        assert_eq!(e.error_code().status(), Some(503));
    }

    #[test]
    fn unknown_codes_are_kept() {
        assert_eq!(
            ErrorCode::from_code("brand_new"),
            ErrorCode::Other("brand_new".into())
        );
        assert_eq!(
            ErrorCode::from_code("unauthorized_error").status(),
            Some(401)
        );
    }
}

#[cfg(test)]
mod more_tests {
    use super::*;

    fn response(status: u16, body: &str) -> Response {
        http::Response::builder()
            .status(status)
            .body(body.as_bytes().to_vec())
            .unwrap()
    }

    #[test]
    fn maintenance_states_are_told_apart() {
        let active = ApiError::from_response(&response(
            503,
            r#"{"message":"Your request was rejected since Cloudify manager is currently in maintenance mode","error_code":"maintenance_mode_active","server_traceback":"Traceback ..."}"#,
        ));
        assert_eq!(active.maintenance(), Some(MaintenanceRefusal::Active));
        assert!(active.is_maintenance() && active.is_retryable());
        assert_eq!(active.traceback(), Some("Traceback ..."));
        let entering = ApiError::from_response(&response(
            503,
            r#"{"message":"Your request was rejected since Cloudify manager is currently in maintenance mode","error_code":"entering_maintenance_mode"}"#,
        ));
        assert_eq!(entering.maintenance(), Some(MaintenanceRefusal::Activating));
        assert_eq!(
            entering.error_code(),
            ErrorCode::Known("entering_maintenance_mode", 503)
        );
        let other = ApiError::from_response(&response(
            503,
            r#"{"message":"x","error_code":"insufficient_memory_error"}"#,
        ));
        assert_eq!(other.maintenance(), None);
        assert!(!other.is_maintenance());
    }

    #[test]
    fn license_problems() {
        for (code, problem) in [
            ("missing_cloudify_license", LicenseProblem::Missing),
            ("expired_cloudify_license", LicenseProblem::Expired),
            ("unverified_cloudify_license", LicenseProblem::Unverified),
        ] {
            let e = ApiError::from_response(&response(
                400,
                &format!(
                    r#"{{"message":"license","error_code":"{code}","server_traceback":null}}"#
                ),
            ));
            assert_eq!(e.license_problem(), Some(problem), "{code}");
            assert_eq!(e.error_code().status(), Some(400), "{code}");
            assert!(!e.is_retryable());
        }
        // The license page is for a missing or expired license; a bad upload is shown in place.
        let unverified = ApiError::new(Some(400), "unverified_cloudify_license", "bad");
        assert!(!unverified.is_license());
        assert!(ApiError::new(Some(400), "expired_cloudify_license", "old").is_license());
        assert_eq!(
            ApiError::new(Some(400), "bad_parameters_error", "x").license_problem(),
            None
        );
    }

    #[test]
    fn too_many_requests_with_either_retry_after_form() {
        let mut r = response(429, "");
        r.headers_mut()
            .insert(http::header::RETRY_AFTER, " 12 ".parse().unwrap());
        let e = ApiError::from_response(&r);
        assert_eq!(
            (e.code.as_str(), e.retry_after),
            ("too_many_requests", Some(12))
        );
        assert!(e.is_retryable());
        let now = Timestamp::parse("2026-10-21T07:27:00.000Z").unwrap();
        assert_eq!(e.retry_delay(now), Some(12));

        let mut r = response(429, "Too many requests");
        r.headers_mut().insert(
            http::header::RETRY_AFTER,
            "Wed, 21 Oct 2026 07:28:00 GMT".parse().unwrap(),
        );
        let e = ApiError::from_response(&r);
        assert_eq!(e.retry_after, None);
        assert_eq!(
            e.retry_at.map(|t| t.to_wire()).as_deref(),
            Some("2026-10-21T07:28:00.000Z")
        );
        assert_eq!(e.retry_delay(now), Some(60));
        // A date in the past means: now.
        let later = Timestamp::parse("2026-10-21T08:00:00.000Z").unwrap();
        assert_eq!(e.retry_delay(later), Some(0));
        assert_eq!(e.code, client_codes::NOT_JSON);

        let mut r = response(503, "");
        r.headers_mut()
            .insert(http::header::RETRY_AFTER, "soon".parse().unwrap());
        let e = ApiError::from_response(&r);
        assert_eq!((e.retry_after, e.retry_at), (None, None));
    }

    #[test]
    fn not_modified_and_odd_bodies() {
        let e = ApiError::from_response(&response(304, ""));
        assert!(e.is_not_modified());
        assert_eq!(e.code, "not_modified");
        let e = ApiError::from_response(&response(500, r#""Internal error occurred""#));
        assert_eq!(
            (e.code.as_str(), e.message.as_str()),
            ("internal_server_error", "Internal error occurred")
        );
        let e = ApiError::from_response(&response(404, "  \n"));
        assert_eq!(e.code, "not_found_error");
        let e = ApiError::from_response(&response(400, "[1,2]"));
        assert_eq!(e.code, client_codes::NOT_JSON);
        // Bytes that are not UTF-8 never panic.
        let r = http::Response::builder()
            .status(502)
            .body(vec![0xff, 0xfe, b'<'])
            .unwrap();
        assert_eq!(ApiError::from_response(&r).code, client_codes::NOT_JSON);
        let e = ApiError::from_response(&response(400, r#"{"message":null,"error_code":7}"#));
        assert_eq!(e.code, "7");
        assert!(e.message.starts_with("The manager answered 400"));
    }
}
