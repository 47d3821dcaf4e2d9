//! The recurrence builder's choices, as an operator makes them in a form, turned into the request
//! fields the manager receives; and which form field each [`ScheduleError`] belongs to.

use chrono::Weekday;
use serde_json::Value;

use super::recurrence::{day_code, Nth, Unit};
use super::{ErrorKind, ScheduleError, ScheduleRequest};

/// How the timing is given.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// Once, at `since` (`count: 1`, no recurrence).
    Once,
    /// Every N units, optionally on some weekdays.
    #[default]
    Every,
    /// A raw RFC 5545 rule.
    Rrule,
}

/// What the operator chose, as typed (strings stay strings so the manager's own messages can be
/// shown for what was typed).
#[derive(Clone, Debug, PartialEq)]
pub struct Choices {
    pub mode: Mode,
    /// `YYYY-MM-DDTHH:MM[:SS]` in UTC (a `datetime-local` input gives no seconds).
    pub since: String,
    /// Empty for no end.
    pub until: String,
    /// The N of "every N units".
    pub interval: String,
    pub unit: Unit,
    /// Days of the week, Monday first.
    pub weekdays: Vec<Weekday>,
    /// The 2nd / last ... of those days in each month or year; `None` for every such day.
    pub nth: Option<Nth>,
    /// At most this many runs; empty for no limit.
    pub count: String,
    pub rrule: String,
}

impl Default for Choices {
    fn default() -> Self {
        Choices {
            mode: Mode::Every,
            since: String::new(),
            until: String::new(),
            interval: "1".into(),
            unit: Unit::Day,
            weekdays: Vec::new(),
            nth: None,
            count: String::new(),
            rrule: String::new(),
        }
    }
}

/// The manager wants seconds (`%Y-%m-%dT%H:%M:%S`); a browser's date-time input has none.
fn with_seconds(s: &str) -> String {
    let s = s.trim();
    if s.len() == 16 && s.as_bytes().get(13) == Some(&b':') {
        format!("{s}:00")
    } else {
        s.to_string()
    }
}

impl Choices {
    /// The timing fields of the request (`since`, `until`, `recurrence`, `weekdays`, `count`,
    /// `rrule`); the other fields are left at their defaults.
    pub fn to_request(&self) -> ScheduleRequest {
        let mut r = ScheduleRequest {
            since: Some(with_seconds(&self.since)).filter(|s| !s.is_empty()),
            until: Some(with_seconds(&self.until)).filter(|s| !s.is_empty()),
            ..ScheduleRequest::default()
        };
        match self.mode {
            Mode::Once => r.count = Some(Value::from(1)),
            Mode::Rrule => r.rrule = Some(self.rrule.trim().to_string()),
            Mode::Every => {
                let n = self.interval.trim();
                let plural = if n == "1" { "" } else { "s" };
                r.recurrence = Some(format!("{n} {}{plural}", self.unit.name()));
                if !self.weekdays.is_empty() {
                    let prefix = self.nth.map_or("", Nth::prefix);
                    r.weekdays = Some(Value::Array(
                        self.weekdays
                            .iter()
                            .map(|d| Value::from(format!("{prefix}{}", day_code(*d))))
                            .collect(),
                    ));
                }
                let c = self.count.trim();
                if !c.is_empty() {
                    r.count = Some(
                        c.parse::<i64>()
                            .map_or_else(|_| Value::from(c), Value::from),
                    );
                }
            }
        }
        r
    }

    /// Reads a stored rule back into choices (for editing and duplicating). A rule the simple
    /// choices cannot show (mixed weekday positions) comes back as `None`.
    pub fn from_rule(
        since: &str,
        until: &str,
        recurrence: Option<&str>,
        count: Option<u64>,
        weekdays: &[String],
        rrule: Option<&str>,
    ) -> Option<Choices> {
        let mut c = Choices {
            since: since.to_string(),
            until: until.to_string(),
            ..Choices::default()
        };
        if let Some(r) = rrule.filter(|r| !r.is_empty()) {
            c.mode = Mode::Rrule;
            c.rrule = r.to_string();
            return Some(c);
        }
        let Some(rec) = recurrence
            .filter(|r| !r.is_empty())
            .and_then(super::recurrence::parse_recurrence)
        else {
            c.mode = Mode::Once;
            return (count == Some(1)).then_some(c);
        };
        c.interval = rec.interval?.to_string();
        c.unit = rec.unit;
        c.count = count.map(|n| n.to_string()).unwrap_or_default();
        let mut nth = None;
        for (i, w) in weekdays.iter().enumerate() {
            let w = w.to_ascii_uppercase();
            let (prefix, day) = w.split_at(w.len().checked_sub(2)?);
            let n = match prefix {
                "" => None,
                "1" => Some(Nth::First),
                "2" => Some(Nth::Second),
                "3" => Some(Nth::Third),
                "4" => Some(Nth::Fourth),
                "L-" => Some(Nth::Last),
                _ => return None,
            };
            if i > 0 && n != nth {
                return None;
            }
            nth = n;
            let d = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
                .iter()
                .position(|c| *c == day)?;
            c.weekdays.push(Weekday::try_from(d as u8).ok()?);
        }
        c.nth = nth;
        Some(c)
    }
}

impl ScheduleError {
    /// The request field the error is about: `since`, `until`, `recurrence`, `weekdays`,
    /// `count`, `rrule`, or `rule` (the rule as a whole).
    pub fn field(&self) -> &'static str {
        if let Some(f) = self.field {
            return f;
        }
        match self.kind {
            ErrorKind::InvalidTimeFormat | ErrorKind::SinceRequired => "since",
            ErrorKind::UntilEmpty | ErrorKind::UntilBeforeSince => "until",
            ErrorKind::InvalidRecurrence
            | ErrorKind::ZeroInterval
            | ErrorKind::RecurrenceRequired => "recurrence",
            ErrorKind::InvalidWeekday
            | ErrorKind::ComplexWeekdayRequiresMonthsOrYears
            | ErrorKind::WeekdaysNotList
            | ErrorKind::WeekdayTokenTooLong
            | ErrorKind::WeekdayNotString
            | ErrorKind::WeekdaysWithoutRecurrence => "weekdays",
            ErrorKind::InvalidCount | ErrorKind::CountNotPositive => "count",
            ErrorKind::RruleExclusive
            | ErrorKind::InvalidRrule
            | ErrorKind::BysetposOutOfRange
            | ErrorKind::UnreachableTimeFilter
            | ErrorKind::RruleTimezone
            | ErrorKind::RruleSetUnsupported
            | ErrorKind::RruleMissingFreq
            | ErrorKind::RruleMissingRule
            | ErrorKind::RruleUnsupported
            | ErrorKind::ValueOutOfRange => "rrule",
            ErrorKind::NoOccurrences => "rule",
        }
    }

    pub(crate) fn on(mut self, field: &'static str) -> ScheduleError {
        self.field = Some(field);
        self
    }
}

/// The timing of a schedule as the manager returned it, validated again so it can be described
/// and its runs listed locally (the calendar, the list's "rule" column).
pub fn stored_schedule(
    s: &crate::conductor::execution_schedules::ExecutionSchedule,
) -> Result<super::Schedule, ScheduleError> {
    let fmt = |t: &crate::time::Timestamp| t.0.format("%Y-%m-%dT%H:%M:%S").to_string();
    let rule = s.rule.clone().unwrap_or_default();
    let request = ScheduleRequest {
        since: s.since.as_ref().map(fmt),
        until: s.until.as_ref().map(fmt),
        recurrence: rule.recurrence,
        count: rule.count.map(Value::from),
        weekdays: rule
            .weekdays
            .filter(|w| !w.is_empty())
            .map(|w| Value::Array(w.into_iter().map(Value::from).collect())),
        rrule: rule.rrule,
        ..ScheduleRequest::default()
    };
    request.validate()
}
