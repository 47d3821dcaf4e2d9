//! What the four cloud cluster managers (Imply, Lyve, SailPoint, CDM) share: building a request
//! under a base URL with a bearer-style header, the "renew the token and send again once" rule as
//! data a transport acts on, lenient readers for their loosely typed fields, field-level error
//! messages, and the provider-neutral card the one-pane overview shows.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use crate::endpoint::{Request, RequestBody};
use crate::error::ApiError;
use crate::query::Query;
use crate::time::Timestamp;

/// Builds a request to `base` + `path` with `query` already encoded, and `headers` (auth first).
/// Invalid header values are left out rather than panicking; the server then says what is missing.
pub fn build_request(
    method: http::Method,
    base: &str,
    path: &str,
    query: &str,
    body: RequestBody,
    headers: &[(&str, String)],
) -> Request {
    let mut uri = format!("{base}{path}");
    if !query.is_empty() {
        uri.push('?');
        uri.push_str(query);
    }
    let (content_type, bytes) = match body {
        RequestBody::Empty => (None, Vec::new()),
        RequestBody::Json(bytes) => (Some("application/json".to_string()), bytes),
        RequestBody::Raw {
            content_type,
            bytes,
        } => (Some(content_type), bytes),
    };
    let mut builder = http::Request::builder().method(method).uri(uri);
    if let Some(ct) = content_type {
        builder = builder.header(http::header::CONTENT_TYPE, ct);
    }
    builder = builder.header(http::header::ACCEPT, "application/json");
    for (name, value) in headers {
        if let Ok(v) = http::HeaderValue::from_str(value) {
            builder = builder.header(*name, v);
        }
    }
    builder
        .body(bytes)
        .unwrap_or_else(|_| http::Request::new(Vec::new()))
}

/// `Authorization: Bearer <token>`, when there is a token.
pub fn bearer(token: &Option<String>) -> Vec<(&'static str, String)> {
    token
        .iter()
        .map(|t| ("Authorization", format!("Bearer {t}")))
        .collect()
}

/// Query strings with spaces as `%20` (SailPoint's filters and Lyve's `name` want that; a `+`
/// would be read literally by some gateways).
pub fn encode_query(query: &Query) -> String {
    use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
    const VALUE: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    query
        .pairs()
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                utf8_percent_encode(k, VALUE),
                utf8_percent_encode(v, VALUE)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// When an answer means the session's token is no longer good: the transport gets a new token
/// (the provider's token exchange) and sends the same call **once** more; a second refusal is
/// shown to the operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RenewRule {
    /// The HTTP status of the refusal (Lyve answers 400, the others 401).
    pub status: u16,
    /// The error codes that mean "expired"; empty means any code with that status.
    pub codes: &'static [&'static str],
}

/// What a transport does with a failed answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    /// Show the error.
    Fail,
    /// Get a new token, then send the call again.
    RenewAndRetry,
}

impl RenewRule {
    pub fn matches(&self, error: &ApiError) -> bool {
        error.status == Some(self.status)
            && (self.codes.is_empty() || self.codes.iter().any(|c| *c == error.code.trim()))
    }

    /// `attempt` is 0 for the first send: only the first refusal is retried.
    pub fn next(&self, error: &ApiError, attempt: u32) -> Next {
        if attempt == 0 && self.matches(error) {
            Next::RenewAndRetry
        } else {
            Next::Fail
        }
    }
}

/// Sends `request()` with `send`; on a refusal `rule` names, calls `renew` (which updates what
/// `request` reads) and sends once more. For native transports and tests; the browser transport
/// follows the same [`RenewRule::next`] steps asynchronously.
pub fn call_with_renewal<T>(
    rule: &RenewRule,
    mut request: impl FnMut() -> Request,
    mut send: impl FnMut(Request) -> crate::endpoint::Response,
    parse: impl Fn(crate::endpoint::Response) -> Result<T, ApiError>,
    mut renew: impl FnMut() -> Result<(), ApiError>,
) -> Result<T, ApiError> {
    let mut attempt = 0;
    loop {
        match parse(send(request())) {
            Ok(v) => return Ok(v),
            Err(e) => match rule.next(&e, attempt) {
                Next::Fail => return Err(e),
                Next::RenewAndRetry => {
                    renew()?;
                    attempt += 1;
                }
            },
        }
    }
}

/// A message a form shows next to one of its fields (`target` is the field's path in the body,
/// `metadata.name`, `spec.deepStorage.path`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub target: String,
    pub code: String,
    pub message: String,
}

/// The key of [`ApiError::details`] that holds field-level messages (`[{target, code, message}]`).
pub const FIELD_ERRORS: &str = "fields";

/// The field-level messages of an error, in the order the server gave them.
pub fn field_errors(error: &ApiError) -> Vec<FieldError> {
    let Some(Value::Array(items)) = error.details.get(FIELD_ERRORS) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|d| {
            let s = |k: &str| d.get(k).and_then(Value::as_str).unwrap_or("").to_string();
            let target = s("target");
            (!target.is_empty()).then(|| FieldError {
                target,
                code: s("code"),
                message: s("message"),
            })
        })
        .collect()
}

/// Reads a value that may be a string, a number, a boolean or null as text (`"200"` or `200`).
pub fn lenient_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Null => None,
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        other => Some(other.to_string()),
    })
}

/// Reads a count that may be a number or a numeric string (`100` or `"100"`); anything else is
/// `None` rather than a failure, so one odd field never hides a whole cluster.
pub fn lenient_u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Number(n) => n.as_u64().or_else(|| n.as_f64().map(|f| f as u64)),
        Value::String(s) => s.trim().parse::<f64>().ok().map(|f| f as u64),
        _ => None,
    })
}

/// Like [`lenient_u64`], signed (`-1` means "none" in some answers).
pub fn lenient_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => s.trim().parse::<f64>().ok().map(|f| f as i64),
        _ => None,
    })
}

/// A flag sent as `true`, `"1"`, `1` or `"true"`.
pub fn lenient_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Bool(b) => Some(b),
        Value::Number(n) => Some(n.as_f64() != Some(0.0)),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" => Some(true),
            "0" | "false" | "no" | "" => Some(false),
            _ => None,
        },
        _ => None,
    })
}

/// A list that may come as one bare string (`"REBOOTING"`) or a list of strings.
pub fn string_or_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) if s.is_empty() => Vec::new(),
        Value::String(s) => vec![s],
        Value::Array(items) => items
            .into_iter()
            .map(|v| match v {
                Value::String(s) => s,
                other => other.to_string(),
            })
            .collect(),
        _ => Vec::new(),
    })
}

/// A timestamp in any of the forms these managers send (with or without zone or fraction);
/// `None` for anything unreadable.
pub fn lenient_time<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => parse_time(&s),
        _ => None,
    })
}

/// Parses ISO-8601 with or without a zone (`2018-09-05T08:38:25`, `…Z`, `…+01:00`).
pub fn parse_time(raw: &str) -> Option<Timestamp> {
    let raw = raw.trim();
    Timestamp::parse(raw)
        .or_else(|| {
            chrono::DateTime::parse_from_rfc3339(raw)
                .ok()
                .map(|d| Timestamp(d.naive_utc()))
        })
        .or_else(|| {
            chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(Timestamp)
        })
}

/// Which kind of manager a connection talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ProviderKind {
    Conductor,
    Imply,
    Lyve,
    SailPoint,
    Cdm,
}

impl ProviderKind {
    pub const ALL: [ProviderKind; 5] = [
        ProviderKind::Conductor,
        ProviderKind::Imply,
        ProviderKind::Lyve,
        ProviderKind::SailPoint,
        ProviderKind::Cdm,
    ];

    /// The name an operator knows the product by.
    pub fn label(self) -> &'static str {
        match self {
            ProviderKind::Conductor => "Conductor",
            ProviderKind::Imply => "Imply Cloud",
            ProviderKind::Lyve => "Lyve Cloud",
            ProviderKind::SailPoint => "SailPoint",
            ProviderKind::Cdm => "OTC CDM",
        }
    }

    /// A short stable word for URLs (`?provider=cdm`).
    pub fn slug(self) -> &'static str {
        match self {
            ProviderKind::Conductor => "conductor",
            ProviderKind::Imply => "imply",
            ProviderKind::Lyve => "lyve",
            ProviderKind::SailPoint => "sailpoint",
            ProviderKind::Cdm => "cdm",
        }
    }

    pub fn from_slug(slug: &str) -> Option<ProviderKind> {
        ProviderKind::ALL.into_iter().find(|k| k.slug() == slug)
    }
}

/// How a cluster is doing, in the few words the overview sorts and filters by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Health {
    /// Failed, frozen, warning: an operator should look (sorted first).
    Attention,
    /// Creating, starting, stopping, updating, restarting.
    Busy,
    /// Running normally.
    Running,
    /// Stopped on purpose.
    Stopped,
    /// A state this console does not know.
    Unknown,
}

impl Health {
    pub fn label(self) -> &'static str {
        match self {
            Health::Attention => "Needs attention",
            Health::Busy => "Changing",
            Health::Running => "Running",
            Health::Stopped => "Stopped",
            Health::Unknown => "Unknown",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Health::Attention => "attention",
            Health::Busy => "busy",
            Health::Running => "running",
            Health::Stopped => "stopped",
            Health::Unknown => "unknown",
        }
    }
}

/// One cluster of any manager, as the one-pane overview shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClusterCard {
    pub provider: ProviderKind,
    pub id: String,
    pub name: String,
    pub health: Health,
    /// The state in the operator's words ("Stopping", "Failed to be created").
    pub state: String,
    pub created: Option<Timestamp>,
    pub version: Option<String>,
    /// The last event or the failure reason, when there is one.
    pub last_event: Option<String>,
}

/// Orders cards the way the overview shows them: attention first, then busy, running, stopped;
/// by name within each.
pub fn sort_cards(cards: &mut [ClusterCard]) {
    cards.sort_by(card_order);
}

/// The order of [`sort_cards`], for lists that carry more than the card.
pub fn card_order(a: &ClusterCard, b: &ClusterCard) -> std::cmp::Ordering {
    (a.health, a.name.to_lowercase(), a.provider).cmp(&(
        b.health,
        b.name.to_lowercase(),
        b.provider,
    ))
}

/// Keeps the extra fields of a JSON object that a model does not name (every model's `extra`).
pub type Extra = Map<String, Value>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renewal_retries_once_on_its_own_refusal_only() {
        let rule = RenewRule {
            status: 400,
            codes: &["ExpiredToken", "TokenExpired"],
        };
        let expired = ApiError::new(Some(400), "ExpiredToken", "Token expired.");
        let invalid = ApiError::new(Some(400), "InvalidArgument", "bad");
        assert_eq!(rule.next(&expired, 0), Next::RenewAndRetry);
        assert_eq!(rule.next(&expired, 1), Next::Fail);
        assert_eq!(rule.next(&invalid, 0), Next::Fail);
        // A trailing space (seen on Lyve's AuthenticationFailed) does not defeat the match.
        assert!(rule.matches(&ApiError::new(Some(400), "TokenExpired ", "x")));
    }

    #[test]
    fn query_spaces_travel_as_percent_20() {
        let q = Query::new().with("filters", "name eq \"a b\"");
        assert_eq!(encode_query(&q), "filters=name%20eq%20%22a%20b%22");
    }

    #[test]
    fn cards_sort_attention_first() {
        let card = |name: &str, health| ClusterCard {
            provider: ProviderKind::Imply,
            id: name.into(),
            name: name.into(),
            health,
            state: String::new(),
            created: None,
            version: None,
            last_event: None,
        };
        let mut cards = vec![
            card("b", Health::Running),
            card("a", Health::Stopped),
            card("z", Health::Attention),
            card("c", Health::Busy),
        ];
        sort_cards(&mut cards);
        let names: Vec<_> = cards.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["z", "c", "b", "a"]);
    }
}
