//! What the console's SailPoint forms need from the API's rules: the list filters read from a
//! page's URL, the log window typed as minutes or as a date-time (one of them, at most 24 h
//! ahead) with each refusal on its field, and logger levels typed one per line.

use std::collections::BTreeMap;

use super::clusters::{ClusterFilter, LogWindow, StandardLevel};
use crate::cloud::FieldError;
use crate::error::client_codes;
use crate::time::Timestamp;

fn on(target: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        target: target.into(),
        code: client_codes::INVALID_INPUT.into(),
        message: message.into(),
    }
}

/// The URL parameters a cluster list filters by, in the order they are sent.
pub const FILTER_PARAMS: [&str; 4] = ["status", "type", "name", "operational"];

/// The `filters` conditions of a list page from its URL parameters (empty ones ignored;
/// `operational` is `true` or `false`).
pub fn filters_from(get: impl Fn(&str) -> Option<String>) -> Vec<ClusterFilter> {
    FILTER_PARAMS
        .iter()
        .filter_map(|k| {
            let v = get(k)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())?;
            Some(match *k {
                "status" => ClusterFilter::Status(v),
                "type" => ClusterFilter::Type(v),
                "name" => ClusterFilter::Name(v),
                _ => ClusterFilter::Operational(v == "true"),
            })
        })
        .collect()
}

/// A date-time as `<input type="datetime-local">` gives it (`2026-11-30T14:05`, seconds
/// optional), read as UTC, or as the API writes it.
pub fn parse_date_time(raw: &str) -> Option<Timestamp> {
    let raw = raw.trim();
    ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| chrono::NaiveDateTime::parse_from_str(raw, f).ok())
        .map(Timestamp)
        .or_else(|| Timestamp::parse(raw))
}

/// The log window from the form: minutes (`durationMinutes`) **or** an expiry
/// (`expiration`), never both, checked against `now` as the API checks it.
pub fn log_window(minutes: &str, until: &str, now: Timestamp) -> Result<LogWindow, FieldError> {
    let (minutes, until) = (minutes.trim(), until.trim());
    let window = match (minutes.is_empty(), until.is_empty()) {
        (false, false) => return Err(on("expiration", "Give a duration or an expiry, not both")),
        (true, true) => {
            return Err(on(
                "durationMinutes",
                "Give a duration in minutes or an expiry",
            ))
        }
        (false, true) => LogWindow::Minutes(minutes.parse().map_err(|_| {
            on(
                "durationMinutes",
                "The duration is a whole number of minutes (5 to 1440)",
            )
        })?),
        (true, false) => LogWindow::Until(parse_date_time(until).ok_or_else(|| {
            on(
                "expiration",
                "The expiry is a date and time, like 2026-11-30T14:05",
            )
        })?),
    };
    let field = match window {
        LogWindow::Minutes(_) => "durationMinutes",
        LogWindow::Until(_) => "expiration",
    };
    window
        .validate(now)
        .map_err(|e| on(field, e.message.clone()))?;
    Ok(window)
}

/// Logger levels typed one per line as `logger=LEVEL` (or `logger: LEVEL`); blank lines are
/// skipped, the level is case-blind.
pub fn parse_levels(text: &str) -> Result<BTreeMap<String, StandardLevel>, FieldError> {
    let mut out = BTreeMap::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (logger, level) = line
            .split_once('=')
            .or_else(|| line.split_once(':'))
            .ok_or_else(|| {
                on(
                    "logLevels",
                    format!("“{line}”: write logger=LEVEL, one per line"),
                )
            })?;
        let level = StandardLevel::from(level.trim().to_ascii_uppercase().as_str());
        if let StandardLevel::Other(l) = &level {
            return Err(on(
                "logLevels",
                format!("“{l}” is not a level ({})", StandardLevel::KNOWN.join(", ")),
            ));
        }
        out.insert(logger.trim().to_string(), level);
    }
    Ok(out)
}

/// [`parse_levels`]'s text for a map of levels.
pub fn levels_text(levels: &BTreeMap<String, StandardLevel>) -> String {
    levels
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("\n")
}
