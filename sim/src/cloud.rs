//! What the four cloud demo managers (Imply, Lyve, SailPoint, CDM) share: answers, paths under
//! a prefix, self-contained expiring tokens, and changes that finish after a while.

use chrono::{Duration, NaiveDateTime};
use serde_json::Value;

use baton_core::endpoint::{Request, Response};

/// A JSON answer.
pub fn reply(status: u16, body: Value) -> Response {
    reply_with(status, body, &[])
}

/// A JSON answer with extra headers.
pub fn reply_with(status: u16, body: Value, headers: &[(&str, String)]) -> Response {
    let mut b = http::Response::builder()
        .status(status)
        .header(http::header::CONTENT_TYPE, "application/json");
    for (k, v) in headers {
        b = b.header(*k, v.as_str());
    }
    let bytes = if status == 204 {
        Vec::new()
    } else {
        serde_json::to_vec(&body).unwrap_or_default()
    };
    b.body(bytes)
        .unwrap_or_else(|_| http::Response::new(Vec::new()))
}

/// A plain-text answer (Lyve's "Successfully updated …").
pub fn text(status: u16, message: &str) -> Response {
    http::Response::builder()
        .status(status)
        .header(http::header::CONTENT_TYPE, "text/plain")
        .body(message.as_bytes().to_vec())
        .unwrap_or_else(|_| http::Response::new(Vec::new()))
}

/// The percent-decoded path segments after the first occurrence of `prefix` (so the demo
/// answers under any mount point, `/__demo/imply/api/v1/...` as well as `/api/v1/...`).
pub fn segments(req: &Request, prefix: &str) -> Option<Vec<String>> {
    let path = req.uri().path();
    let at = path.find(prefix)?;
    let rest = &path[at + prefix.len()..];
    if !(rest.is_empty() || rest.starts_with('/')) {
        return None;
    }
    Some(
        rest.split('/')
            .filter(|s| !s.is_empty())
            .map(|s| {
                percent_encoding::percent_decode_str(s)
                    .decode_utf8_lossy()
                    .into_owned()
            })
            .collect(),
    )
}

/// The query parameters of a request.
pub fn query(req: &Request) -> baton_core::query::Query {
    baton_core::query::Query::decode(req.uri().query().unwrap_or(""))
}

/// `Authorization: Bearer <token>`.
pub fn bearer(req: &Request) -> Option<String> {
    req.headers()
        .get(http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_string())
}

pub fn header(req: &Request, name: &str) -> Option<String> {
    req.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// The JSON body, or why it is not one.
pub fn json_body(req: &Request) -> Result<Value, String> {
    serde_json::from_slice(req.body()).map_err(|e| format!("The body is not valid JSON: {e}"))
}

// The key only keeps typos out; the demo guards nothing of value.
const KEY: u64 = 0x6261_746f_6e2d_636c;

fn signature(kind: &str, exp: i64) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ KEY;
    for b in format!("{kind}|{exp}").bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A token that carries its own expiry, so a reloaded page (a new in-memory demo) still accepts
/// it until it expires.
pub fn issue(kind: &str, now: NaiveDateTime, life: Duration) -> String {
    let exp = (now + life).and_utc().timestamp();
    format!("{kind}.{exp}.{:016x}", signature(kind, exp))
}

/// What a presented token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenCheck {
    /// Good, with this many seconds left.
    Valid(i64),
    Expired,
    Invalid,
}

pub fn check(kind: &str, token: Option<&str>, now: NaiveDateTime) -> TokenCheck {
    let Some(token) = token else {
        return TokenCheck::Invalid;
    };
    let mut parts = token.split('.');
    let (Some(k), Some(exp), Some(sig), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return TokenCheck::Invalid;
    };
    let Ok(exp) = exp.parse::<i64>() else {
        return TokenCheck::Invalid;
    };
    if k != kind || sig != format!("{:016x}", signature(kind, exp)) {
        return TokenCheck::Invalid;
    }
    let left = exp - now.and_utc().timestamp();
    if left <= 0 {
        TokenCheck::Expired
    } else {
        TokenCheck::Valid(left)
    }
}

/// A change that completes some time after it was asked for (or, for the demo's initial data,
/// after the first call sees it: the data set does not know the clock).
#[derive(Clone, Debug, PartialEq)]
pub struct Pending<S> {
    pub to: S,
    pub after: Duration,
    pub since: Option<NaiveDateTime>,
}

impl<S: Clone> Pending<S> {
    pub fn new(to: S, after: Duration, since: Option<NaiveDateTime>) -> Self {
        Pending { to, after, since }
    }

    /// The state reached by `now`, if reached; starts the clock on first sight.
    pub fn due(&mut self, now: NaiveDateTime) -> Option<S> {
        let since = *self.since.get_or_insert(now);
        (now >= since + self.after).then(|| self.to.clone())
    }
}

/// `2026-11-29T10:00:00.000Z`.
pub fn wire(t: NaiveDateTime) -> String {
    baton_core::Timestamp(t).to_wire()
}

/// A fixed moment the demo data is dated from (ages read naturally in a demo).
pub fn epoch() -> NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 9, 1)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .unwrap_or_default()
}

/// A deterministic id: `prefix` then the counter, hex, padded (uuid-like when `dashed`).
pub fn make_id(seed: u64, dashed: bool) -> String {
    let mut h: u64 = 0x9e37_79b9_7f4a_7c15 ^ seed;
    let mut out = String::new();
    for _ in 0..2 {
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        out.push_str(&format!("{h:016x}"));
    }
    if dashed {
        format!(
            "{}-{}-{}-{}-{}",
            &out[0..8],
            &out[8..12],
            &out[12..16],
            &out[16..20],
            &out[20..32]
        )
    } else {
        out
    }
}

#[cfg(test)]
pub mod testing {
    //! Sending a core endpoint to a demo and parsing its answer, as the console does.
    use baton_core::endpoint::{Endpoint, Provider, Request, Response};
    use baton_core::error::ApiError;
    use chrono::NaiveDateTime;

    pub fn call<S: Provider, E: Endpoint<S>>(
        handle: &mut dyn FnMut(&Request, NaiveDateTime) -> Response,
        session: &S,
        endpoint: &E,
        now: NaiveDateTime,
    ) -> Result<E::Output, ApiError> {
        endpoint.check()?;
        endpoint.parse(handle(&endpoint.request(session), now))
    }

    pub fn at(minutes: i64) -> NaiveDateTime {
        super::epoch() + chrono::Duration::days(89) + chrono::Duration::minutes(minutes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_expire_and_cannot_be_forged() {
        let now = epoch();
        let t = issue("lyve", now, Duration::seconds(60));
        assert_eq!(check("lyve", Some(&t), now), TokenCheck::Valid(60));
        assert_eq!(
            check("lyve", Some(&t), now + Duration::seconds(60)),
            TokenCheck::Expired
        );
        assert_eq!(check("cdm", Some(&t), now), TokenCheck::Invalid);
        let forged = t.replace('.', ".9");
        assert_eq!(check("lyve", Some(&forged), now), TokenCheck::Invalid);
        assert_eq!(make_id(1, true).len(), 36);
        assert_ne!(make_id(1, false), make_id(2, false));
    }
}
