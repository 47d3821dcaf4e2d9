//! Execution schedules (`/execution-schedules`): the request body, the manager's validation, and
//! the dates the manager will run a schedule at.
//!
//! [`ScheduleRequest`] is the JSON body of `PUT /execution-schedules/<id>`.
//! [`ScheduleRequest::validate`] accepts and rejects what the manager accepts and rejects (same
//! error texts where it has one, see [`ScheduleError::kind`]) and returns a [`Schedule`], whose
//! [`Schedule::occurrences`] are computed with python-dateutil's RFC 5545 semantics, as the
//! manager's `get_rrule` builds them:
//!
//! - `rrule`: `rrulestr(rrule, dtstart=since)`; the rule's own `DTSTART` and `UNTIL` win, and the
//!   schedule's `until` applies only when the rule has no `UNTIL`.
//! - `count` = 1 without a recurrence: once, at `since`.
//! - a recurrence without weekdays: `rrule(freq, interval, dtstart=since, until, count)`.
//! - with weekdays: one rule per weekday (`BYDAY`, and `BYSETPOS` 1..4 or -1 for a prefixed one,
//!   counted within each month or year), merged without duplicates; `count` caps the merged set.
//!
//! # Inputs the manager accepts and then breaks on, which Baton refuses
//!
//! Each has its own [`ScheduleError::kind`]:
//!
//! - `zero_interval`: `0 days` or `INTERVAL=0` (or negative). dateutil never advances: the manager
//!   loops forever computing `next_occurrence` (or repeats `since` endlessly).
//! - `weekday_token_too_long`: `MONDAY`, `L-SUN`, `1SU2`. The manager's check matches a prefix
//!   only; building the rule then calls `int()` on the wrong slice: HTTP 500.
//! - `weekday_not_string`: a non-string in `weekdays` (`.upper()` fails: HTTP 500).
//! - `weekdays_without_recurrence`: weekdays with `count: 1` and no recurrence. The manager builds
//!   interval-0 daily rules: it hangs, or loops forever listing `all_next_occurrences`.
//! - `count_not_positive`: a negative `count` (or `COUNT` 0 or less in an RRULE), or `count` 0
//!   with weekdays. With weekdays a negative count makes the manager list an infinite set (hang)
//!   and 0 silently means "no limit".
//! - `until_empty`: `until: ""`. The manager fails to parse it: HTTP 500.
//!
//! `count: 0` with a recurrence and no weekdays is accepted, as the manager accepts it: it stores
//! the schedule and never runs it ([`Schedule::never_runs`], no occurrences, no
//! `next_occurrence`).
//! - `until_before_since`: the schedule can never run.
//! - `no_occurrences`: the rule can never produce a date (e.g. `BYMONTH=2;BYMONTHDAY=30`, or
//!   Monday-only weeks between a Tuesday and a Thursday). The manager scans up to year 9999 on
//!   every create and every read of `all_next_occurrences`, or raises "Invalid combination of
//!   interval and byhour" (HTTP 500) for sub-daily rules.
//! - `bysetpos_out_of_range`: every `BYSETPOS` is beyond what one period can hold.
//! - `unreachable_time_filter`: `BYHOUR`/`BYMINUTE`/`BYSECOND` that the interval can never reach
//!   from `since` (e.g. `FREQ=HOURLY;INTERVAL=2;BYHOUR=3` from 10:00). The manager validates the
//!   rule from the current time, so it may accept it and then fail with a 500 from `since`.
//! - `rrule_timezone`: `UNTIL=...Z`, `DTSTART...Z` or `TZID=`. dateutil makes timezone-aware
//!   datetimes; the manager then compares them with naive UTC ones: HTTP 500.
//! - `rrule_set_unsupported`: several `RRULE` lines, `RDATE`, `EXRULE`, `EXDATE`. rrulestr returns
//!   a set, which has no `_until` for the manager to set: HTTP 500.
//! - `rrule_missing_freq`: no `FREQ` (dateutil raises a TypeError: HTTP 500).
//! - `rrule_missing_rule`: only a `DTSTART` line (IndexError: HTTP 500).
//! - `value_out_of_range`: `BYHOUR=24` on an hourly rule, `BYMONTH=13`, `BYMONTHDAY=0`,
//!   `BYDAY=+60MO`, numbers beyond 64 bits, ... (500s, never-matching or ignored values).
//! - `since_required`: `since` missing or empty (the manager stores a schedule without a start).
//!
//! Baton also refuses, as `rrule_unsupported`, what it does not compute: `BYEASTER`, and
//! `DTSTART`/`UNTIL` spellings other than `YYYYMMDD[THHMM[SS]]` / `YYYY-MM-DD[THH:MM[:SS]]`.
//!
//! Deviations: Python's `\d` matches non-ASCII decimal digits in `since`/`until`/`recurrence`;
//! Baton reads ASCII digits only. The manager's error texts list weekdays from a Python set in
//! random order; Baton lists them as `MO|TU|WE|TH|FR|SA|SU`.
//!
//! All of this is sans-IO: nothing reads a clock (pass `now`), and every loop is bounded.

mod describe;
mod form;
mod iter;
mod recurrence;
mod rrule;
mod time;

use std::fmt;

use chrono::{NaiveDateTime, Timelike};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub use describe::{ScheduleBuilder, Weekday};
pub use form::{stored_schedule, Choices, Mode};
pub use iter::Freq;
pub use recurrence::{Nth, Unit, WeekdaySpec};

use iter::{Rule, RuleIter, RuleParts, Union};

/// `all_next_occurrences` holds at most this many dates.
pub const ALL_NEXT_OCCURRENCES_LIMIT: usize = 1000;
/// `all_next_occurrences` scans at most this many rule instances, counted from `since`.
pub const OCCURRENCE_SEARCH_LIMIT: usize = 100_000;

/// The JSON body of `PUT /execution-schedules/<id>?deployment_id=<dep>`, as the manager receives
/// it. Timing fields are validated by [`ScheduleRequest::validate`]; the others are carried, and
/// unknown fields are kept in `extra`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ScheduleRequest {
    /// The workflow to run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workflow_id: Option<String>,
    /// First possible run, naive UTC (e.g. `2025-01-02T10:00:00`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    /// Last possible run (inclusive), naive UTC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    /// "<number> <unit>", e.g. `2 weeks`, `30min`, `1d`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recurrence: Option<String>,
    /// Maximum number of runs; any JSON value, as the manager reads it with `int()`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<Value>,
    /// A JSON list such as `["mo", "l-fr"]` (kept as a value so a non-list can be reported).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekdays: Option<Value>,
    /// An RFC 5545 rule, e.g. `RRULE:FREQ=DAILY;INTERVAL=3`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rrule: Option<String>,
    /// Minutes a missed run may still start late.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slip: Option<i64>,
    /// Disable the schedule after a failed run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stop_on_fail: Option<bool>,
    /// Whether the scheduler runs it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Workflow parameters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<Value>,
    /// `allow_custom_parameters`, `force`, `dry_run`, `wait_after_fail`, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution_arguments: Option<Value>,
    /// Fields this type does not know, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The error kinds; [`ErrorKind::as_str`] gives the stable names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// `since`/`until` not in a format the manager reads.
    InvalidTimeFormat,
    /// `recurrence` does not match the manager's grammar.
    InvalidRecurrence,
    /// A weekday the manager refuses.
    InvalidWeekday,
    /// `1mo`/`l-fr` without a months or years recurrence.
    ComplexWeekdayRequiresMonthsOrYears,
    /// No recurrence and `count` other than 1.
    RecurrenceRequired,
    /// `rrule` together with recurrence, weekdays or count.
    RruleExclusive,
    /// dateutil refuses the RRULE.
    InvalidRrule,
    /// `count` is not an integer.
    InvalidCount,
    /// `weekdays` is not a list.
    WeekdaysNotList,
    /// See the module docs.
    ZeroInterval,
    /// See the module docs.
    WeekdayTokenTooLong,
    /// See the module docs.
    WeekdayNotString,
    /// See the module docs.
    WeekdaysWithoutRecurrence,
    /// See the module docs.
    CountNotPositive,
    /// See the module docs.
    UntilBeforeSince,
    /// See the module docs.
    NoOccurrences,
    /// See the module docs.
    BysetposOutOfRange,
    /// See the module docs.
    UnreachableTimeFilter,
    /// See the module docs.
    RruleTimezone,
    /// See the module docs.
    RruleSetUnsupported,
    /// See the module docs.
    RruleMissingFreq,
    /// See the module docs.
    RruleMissingRule,
    /// See the module docs.
    RruleUnsupported,
    /// See the module docs.
    ValueOutOfRange,
    /// See the module docs.
    SinceRequired,
    /// See the module docs.
    UntilEmpty,
}

impl ErrorKind {
    /// The stable name, e.g. `invalid_recurrence`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::InvalidTimeFormat => "invalid_time_format",
            ErrorKind::InvalidRecurrence => "invalid_recurrence",
            ErrorKind::InvalidWeekday => "invalid_weekday",
            ErrorKind::ComplexWeekdayRequiresMonthsOrYears => {
                "complex_weekday_requires_months_or_years"
            }
            ErrorKind::RecurrenceRequired => "recurrence_required",
            ErrorKind::RruleExclusive => "rrule_exclusive",
            ErrorKind::InvalidRrule => "invalid_rrule",
            ErrorKind::InvalidCount => "invalid_count",
            ErrorKind::WeekdaysNotList => "weekdays_not_list",
            ErrorKind::ZeroInterval => "zero_interval",
            ErrorKind::WeekdayTokenTooLong => "weekday_token_too_long",
            ErrorKind::WeekdayNotString => "weekday_not_string",
            ErrorKind::WeekdaysWithoutRecurrence => "weekdays_without_recurrence",
            ErrorKind::CountNotPositive => "count_not_positive",
            ErrorKind::UntilBeforeSince => "until_before_since",
            ErrorKind::NoOccurrences => "no_occurrences",
            ErrorKind::BysetposOutOfRange => "bysetpos_out_of_range",
            ErrorKind::UnreachableTimeFilter => "unreachable_time_filter",
            ErrorKind::RruleTimezone => "rrule_timezone",
            ErrorKind::RruleSetUnsupported => "rrule_set_unsupported",
            ErrorKind::RruleMissingFreq => "rrule_missing_freq",
            ErrorKind::RruleMissingRule => "rrule_missing_rule",
            ErrorKind::RruleUnsupported => "rrule_unsupported",
            ErrorKind::ValueOutOfRange => "value_out_of_range",
            ErrorKind::SinceRequired => "since_required",
            ErrorKind::UntilEmpty => "until_empty",
        }
    }

    /// Whether the manager itself answers 400 for this input (false: Baton's stricter checks).
    pub fn is_manager_error(self) -> bool {
        matches!(
            self,
            ErrorKind::InvalidTimeFormat
                | ErrorKind::InvalidRecurrence
                | ErrorKind::InvalidWeekday
                | ErrorKind::ComplexWeekdayRequiresMonthsOrYears
                | ErrorKind::RecurrenceRequired
                | ErrorKind::RruleExclusive
                | ErrorKind::InvalidRrule
                | ErrorKind::InvalidCount
                | ErrorKind::WeekdaysNotList
        )
    }
}

/// Why a schedule request is refused. `Display` is the manager's message where it has one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScheduleError {
    kind: ErrorKind,
    message: String,
    /// Overrides the field [`ScheduleError::field`] derives from the kind.
    field: Option<&'static str>,
}

impl ScheduleError {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> ScheduleError {
        ScheduleError {
            kind,
            message: message.into(),
            field: None,
        }
    }

    /// The stable kind name (`invalid_recurrence`, `zero_interval`, ...).
    pub fn kind(&self) -> &'static str {
        self.kind.as_str()
    }

    /// The kind as an enum.
    pub fn error_kind(&self) -> ErrorKind {
        self.kind
    }

    /// The message (same as `Display`).
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ScheduleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ScheduleError {}

/// What the schedule was written as (for [`Schedule::describe`]).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Source {
    Once,
    Recurrence {
        interval: u64,
        unit: Unit,
        weekdays: Vec<WeekdaySpec>,
        count: Option<u64>,
    },
    Rrule {
        parts: Box<RuleParts>,
        freq: Freq,
    },
}

/// A validated schedule: its timing and the dates it runs at.
#[derive(Clone, Debug, PartialEq)]
pub struct Schedule {
    since: NaiveDateTime,
    until: Option<NaiveDateTime>,
    source: Source,
    rules: Vec<Rule>,
    /// Caps the merged weekday rules (`count` with weekdays).
    cap: Option<u64>,
}

fn parse_time_field(value: &str) -> Result<NaiveDateTime, ScheduleError> {
    time::parse_manager_datetime(value).ok_or_else(|| {
        ScheduleError::new(
            ErrorKind::InvalidTimeFormat,
            format!("{value} is not a legal time format"),
        )
    })
}

fn filled(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|s| !s.is_empty())
}

impl ScheduleRequest {
    /// Checks the timing fields as the manager does, then Baton's stricter checks (module docs),
    /// and returns the schedule.
    pub fn validate(&self) -> Result<Schedule, ScheduleError> {
        let since = match filled(&self.since) {
            Some(s) => parse_time_field(s)?,
            None => {
                return Err(ScheduleError::new(
                    ErrorKind::SinceRequired,
                    "since is required: the first date and time the schedule may run",
                ))
            }
        };
        if self.until.as_deref().is_some_and(|u| u.trim().is_empty()) {
            return Err(ScheduleError::new(
                ErrorKind::UntilEmpty,
                "until is empty: leave it out for a schedule without an end, or give the last \
                 date and time it may run (the manager fails with an internal error on an empty \
                 until)",
            ));
        }
        let until = filled(&self.until)
            .map(|u| parse_time_field(u).map_err(|e| e.on("until")))
            .transpose()?;
        let schedule = match filled(&self.rrule) {
            Some(text) => self.validate_rrule(text, since, until)?,
            None => self.validate_recurrence(since, until)?,
        };
        schedule.check_runs()?;
        Ok(schedule)
    }

    fn validate_rrule(
        &self,
        text: &str,
        since: NaiveDateTime,
        until: Option<NaiveDateTime>,
    ) -> Result<Schedule, ScheduleError> {
        let given = |v: &Option<Value>| v.as_ref().is_some_and(recurrence::truthy);
        if filled(&self.recurrence).is_some() || given(&self.weekdays) || given(&self.count) {
            return Err(ScheduleError::new(
                ErrorKind::RruleExclusive,
                "`rrule` cannot be provided together with `recurrence`, `weekdays` or `count`.",
            ));
        }
        let parsed = rrule::parse(text).map_err(|e| e.on("rrule"))?;
        let dtstart = parsed.parts.dtstart.unwrap_or(since);
        let until = parsed.parts.until.or(until);
        let rule = Rule::build(&parsed.parts, parsed.freq, dtstart, until).map_err(|_| {
            ScheduleError::new(
                ErrorKind::UnreachableTimeFilter,
                format!(
                    "with INTERVAL={} the rule's BYHOUR/BYMINUTE/BYSECOND can never be reached \
                     from {} (dateutil: Invalid rrule byxxx generates an empty set.)",
                    parsed.parts.interval.unwrap_or(1),
                    dtstart.time()
                ),
            )
        })?;
        Ok(Schedule {
            since: dtstart,
            until,
            source: Source::Rrule {
                parts: Box::new(parsed.parts),
                freq: parsed.freq,
            },
            rules: vec![rule],
            cap: None,
        })
    }

    fn validate_recurrence(
        &self,
        since: NaiveDateTime,
        until: Option<NaiveDateTime>,
    ) -> Result<Schedule, ScheduleError> {
        let count = recurrence::parse_count(self.count.as_ref())?;
        let rec = match filled(&self.recurrence) {
            Some(text) => Some(recurrence::parse_recurrence(text).ok_or_else(|| {
                ScheduleError::new(
                    ErrorKind::InvalidRecurrence,
                    format!(
                        "`{text}` is not a legal recurrence expression. Supported format is: \
                         <number> seconds|minutes|hours|days|weeks|months|years"
                    ),
                )
            })?),
            None => None,
        };
        let weekdays = recurrence::parse_weekdays(self.weekdays.as_ref(), rec.as_ref())?;
        let Some(rec) = rec else {
            if count != Some(1) {
                return Err(ScheduleError::new(
                    ErrorKind::RecurrenceRequired,
                    "recurrence must be specified for execution count larger than 1",
                ));
            }
            if !weekdays.is_empty() {
                return Err(ScheduleError::new(
                    ErrorKind::WeekdaysWithoutRecurrence,
                    "weekdays need a recurrence: with count 1 and no recurrence the manager \
                     builds rules that never advance and hangs",
                ));
            }
            let parts = RuleParts {
                count: Some(1),
                ..RuleParts::default()
            };
            // The manager's DAILY/interval 0/count 1 rule is exactly one run at `since`.
            let rule = Rule::build(&parts, Freq::Daily, since, until)
                .map_err(|_| ScheduleError::new(ErrorKind::NoOccurrences, "no run"))?;
            return Ok(Schedule {
                since,
                until,
                source: Source::Once,
                rules: vec![rule],
                cap: None,
            });
        };
        let interval = rec.interval.ok_or_else(|| {
            ScheduleError::new(
                ErrorKind::ValueOutOfRange,
                "the recurrence's number is too large",
            )
            .on("recurrence")
        })?;
        if interval == 0 {
            return Err(ScheduleError::new(
                ErrorKind::ZeroInterval,
                "a recurrence of 0 never advances: the manager accepts it but then loops \
                 forever; use at least 1",
            ));
        }
        let count =
            match count {
                // dateutil's `rrule(count=0)` yields nothing: stored, never run.
                Some(0) if weekdays.is_empty() => Some(0),
                Some(0) => return Err(ScheduleError::new(
                    ErrorKind::CountNotPositive,
                    "count 0 with weekdays: the manager ignores it and runs without limit; leave \
                     count empty for no limit, or use at least 1",
                )),
                Some(c) if c < 0 => {
                    return Err(ScheduleError::new(
                        ErrorKind::CountNotPositive,
                        format!(
                            "count {c} is not a number of runs: use at least 1 (the manager would \
                         never run it, or hang with weekdays)"
                        ),
                    ))
                }
                Some(c) => Some(u64::try_from(c).unwrap_or(u64::MAX)),
                None => None,
            };
        let freq = rec.unit.freq();
        let base = RuleParts {
            interval: Some(interval),
            ..RuleParts::default()
        };
        let unreachable = |_| ScheduleError::new(ErrorKind::NoOccurrences, "no run");
        let (rules, cap) = if weekdays.is_empty() {
            let parts = RuleParts {
                count: count.map(|c| i64::try_from(c).unwrap_or(i64::MAX)),
                ..base
            };
            (
                vec![Rule::build(&parts, freq, since, until).map_err(unreachable)?],
                None,
            )
        } else {
            let rules = weekdays
                .iter()
                .map(|w| {
                    let parts = RuleParts {
                        byweekday: Some(vec![(w.day.num_days_from_monday() as u8, None)]),
                        bysetpos: w.nth.map(|n| vec![n.setpos()]),
                        ..base.clone()
                    };
                    Rule::build(&parts, freq, since, until).map_err(unreachable)
                })
                .collect::<Result<Vec<_>, _>>()?;
            (rules, count)
        };
        Ok(Schedule {
            since,
            until,
            source: Source::Recurrence {
                interval,
                unit: rec.unit,
                weekdays,
                count,
            },
            rules,
            cap,
        })
    }
}

/// The iterator returned by [`Schedule::occurrences`].
pub struct Occurrences<'a> {
    inner: OccurrencesInner<'a>,
}

enum OccurrencesInner<'a> {
    Single(Box<RuleIter<'a>>),
    Merged(Union<'a>, Option<u64>),
}

impl Iterator for Occurrences<'_> {
    type Item = NaiveDateTime;

    fn next(&mut self) -> Option<NaiveDateTime> {
        match &mut self.inner {
            OccurrencesInner::Single(it) => it.next(),
            OccurrencesInner::Merged(it, cap) => match cap {
                Some(0) => None,
                Some(n) => {
                    *n -= 1;
                    it.next()
                }
                None => it.next(),
            },
        }
    }
}

impl Schedule {
    fn check_runs(&self) -> Result<(), ScheduleError> {
        let start = self.start();
        if let Some(u) = self.until.filter(|u| *u < start) {
            return Err(ScheduleError::new(
                ErrorKind::UntilBeforeSince,
                format!("until ({u}) is before the start ({start}): the schedule would never run"),
            ));
        }
        for r in &self.rules {
            let max = r.max_period_size() as i64;
            if !r.bysetpos.is_empty() && r.bysetpos.iter().all(|p| p.abs() > max) {
                return Err(ScheduleError::new(
                    ErrorKind::BysetposOutOfRange,
                    format!(
                        "BYSETPOS {:?} is beyond the {max} instances one period can hold: the \
                         schedule would never run",
                        r.bysetpos
                    ),
                ));
            }
        }
        if !self.never_runs() && self.occurrences().next().is_none() {
            return Err(ScheduleError::new(
                ErrorKind::NoOccurrences,
                "this schedule never produces a run date: the manager would accept it, scan \
                 ahead to year 9999 (or fail) and never run it",
            ));
        }
        Ok(())
    }

    /// Whether the manager stores this schedule but never runs it (`count: 0` with a
    /// recurrence): it has no occurrences.
    pub fn never_runs(&self) -> bool {
        matches!(self.source, Source::Recurrence { count: Some(0), .. })
    }

    /// The effective start: `since`, or the RRULE's own DTSTART (microseconds dropped).
    pub fn start(&self) -> NaiveDateTime {
        let s = self.rules.first().map_or(self.since, |r| r.dtstart);
        s.with_nanosecond(0).unwrap_or(s)
    }

    /// The effective last possible run (inclusive), if any.
    pub fn until(&self) -> Option<NaiveDateTime> {
        self.until
    }

    /// Every run date, in order, as the manager computes them.
    pub fn occurrences(&self) -> impl Iterator<Item = NaiveDateTime> + '_ {
        let inner = if self.rules.len() == 1 && self.cap.is_none() {
            OccurrencesInner::Single(Box::new(self.rules[0].iter()))
        } else {
            OccurrencesInner::Merged(Union::new(&self.rules), self.cap)
        };
        Occurrences { inner }
    }

    /// The first run strictly after `now` (the manager's `next_occurrence`, `rule.after(now)`).
    pub fn next_after(&self, now: NaiveDateTime) -> Option<NaiveDateTime> {
        self.occurrences().find(|d| *d > now)
    }

    /// Up to `limit` runs at or after `now`, scanning at most [`OCCURRENCE_SEARCH_LIMIT`] rule
    /// instances counted from the start, as the manager's `all_next_occurrences` does.
    pub fn next_occurrences(&self, now: NaiveDateTime, limit: usize) -> Vec<NaiveDateTime> {
        let mut out = Vec::new();
        for (i, d) in self.occurrences().enumerate() {
            if i >= OCCURRENCE_SEARCH_LIMIT || out.len() >= limit {
                break;
            }
            if d >= now {
                out.push(d);
            }
        }
        out
    }

    /// Runs in `[from, to)`, at most `limit` of them, scanning at most
    /// [`OCCURRENCE_SEARCH_LIMIT`] rule instances from the start (a calendar's window).
    pub fn runs_between(
        &self,
        from: NaiveDateTime,
        to: NaiveDateTime,
        limit: usize,
    ) -> Vec<NaiveDateTime> {
        self.occurrences()
            .take(OCCURRENCE_SEARCH_LIMIT)
            .take_while(|d| *d < to)
            .filter(|d| *d >= from)
            .take(limit)
            .collect()
    }

    /// The manager's `all_next_occurrences`: up to 1000 runs at or after `now`.
    pub fn all_next_occurrences(&self, now: NaiveDateTime) -> Vec<NaiveDateTime> {
        self.next_occurrences(now, ALL_NEXT_OCCURRENCES_LIMIT)
    }

    /// The plain-English summary, e.g. "Every 2 weeks on Monday and Friday at 10:00 UTC, from
    /// 1 Jan 2025 until 1 Jan 2026, at most 10 times".
    pub fn describe(&self) -> String {
        describe::describe(self)
    }
}

/// Formats a run date the way `all_next_occurrences` lists it (`%Y-%m-%d %H:%M:%S`).
pub fn format_occurrence(d: NaiveDateTime) -> String {
    d.format("%Y-%m-%d %H:%M:%S").to_string()
}
