//! Plain-English descriptions of schedules, and the reverse: a builder from simple choices to the
//! request fields.

use chrono::{Datelike, NaiveDateTime, Timelike};
use serde_json::Value;

pub use chrono::Weekday;

use super::iter::{Freq, RuleParts};
use super::recurrence::{Nth, Unit, WeekdaySpec};
use super::{Schedule, ScheduleError, ScheduleRequest, Source};

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

fn date(d: NaiveDateTime) -> String {
    format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
}

fn clock(h: u32, m: u32, s: u32) -> String {
    if s == 0 {
        format!("{h:02}:{m:02}")
    } else {
        format!("{h:02}:{m:02}:{s:02}")
    }
}

fn time_of(d: NaiveDateTime) -> String {
    clock(d.hour(), d.minute(), d.second())
}

fn date_time(d: NaiveDateTime) -> String {
    if d.time() == chrono::NaiveTime::MIN {
        date(d)
    } else {
        format!("{} {}", date(d), time_of(d))
    }
}

/// "a, b and c".
fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn ordinal(n: i64) -> String {
    match n {
        -1 => "last".into(),
        n if n < 0 => format!("{} from last", ordinal(-n)),
        1 => "first".into(),
        2 => "second".into(),
        3 => "third".into(),
        4 => "fourth".into(),
        5 => "fifth".into(),
        n => {
            let suffix = match (n % 10, n % 100) {
                (1, r) if r != 11 => "st",
                (2, r) if r != 12 => "nd",
                (3, r) if r != 13 => "rd",
                _ => "th",
            };
            format!("{n}{suffix}")
        }
    }
}

fn every(interval: u64, unit: &str) -> String {
    if interval == 1 {
        format!("Every {unit}")
    } else {
        format!("Every {interval} {unit}s")
    }
}

fn freq_unit(f: Freq) -> &'static str {
    match f {
        Freq::Yearly => "year",
        Freq::Monthly => "month",
        Freq::Weekly => "week",
        Freq::Daily => "day",
        Freq::Hourly => "hour",
        Freq::Minutely => "minute",
        Freq::Secondly => "second",
    }
}

/// The day-of-period phrase for a plain recurrence without weekdays, with a note when some
/// periods are skipped (dateutil skips, never clamps).
fn anchor(freq: Freq, start: NaiveDateTime) -> String {
    match freq {
        Freq::Weekly => format!(
            " on {}",
            DAYS[start.weekday().num_days_from_monday() as usize]
        ),
        Freq::Monthly if start.day() > 28 => format!(
            " on day {} (months without a day {} are skipped)",
            start.day(),
            start.day()
        ),
        Freq::Monthly => format!(" on day {}", start.day()),
        Freq::Yearly if start.month() == 2 && start.day() == 29 => {
            " on 29 Feb (only in leap years)".to_string()
        }
        Freq::Yearly => format!(" on {} {}", start.day(), MONTHS[start.month0() as usize]),
        _ => String::new(),
    }
}

fn weekday_phrase(w: &WeekdaySpec, unit: Unit) -> String {
    let day = DAYS[w.day.num_days_from_monday() as usize];
    match w.nth {
        None => day.to_string(),
        Some(n) => {
            let period = if unit == Unit::Year { "year" } else { "month" };
            format!("the {} {day} of the {period}", ordinal(n.setpos()))
        }
    }
}

fn rrule_details(parts: &RuleParts, freq: Freq) -> String {
    let mut out = String::new();
    if let Some(m) = &parts.bymonth {
        let names: Vec<String> = m
            .iter()
            .filter_map(|m| MONTHS.get((*m - 1) as usize).map(|s| s.to_string()))
            .collect();
        out += &format!(" in {}", join(&names));
    }
    if let Some(w) = &parts.byweekno {
        let v: Vec<String> = w.iter().map(|n| n.to_string()).collect();
        out += &format!(" in week {}", join(&v));
    }
    if let Some(d) = &parts.byyearday {
        let v: Vec<String> = d.iter().map(|n| ordinal(*n)).collect();
        out += &format!(" on the {} day of the year", join(&v));
    }
    if let Some(d) = &parts.bymonthday {
        let v: Vec<String> = d.iter().map(|n| ordinal(*n)).collect();
        out += &format!(" on the {} day of the month", join(&v));
    }
    if let Some(days) = &parts.byweekday {
        let counted = freq <= Freq::Monthly;
        let period = if freq == Freq::Yearly && parts.bymonth.is_none() {
            "year"
        } else {
            "month"
        };
        let v: Vec<String> = days
            .iter()
            .map(|(w, n)| {
                let day = DAYS[*w as usize];
                match n {
                    Some(n) if counted => format!("the {} {day} of the {period}", ordinal(*n)),
                    _ => day.to_string(),
                }
            })
            .collect();
        out += &format!(" on {}", join(&v));
    }
    let list = |v: &Option<Vec<i64>>| {
        v.as_ref()
            .map(|v| v.iter().map(|n| n.to_string()).collect::<Vec<_>>())
    };
    if single_clock(parts).is_none() || freq >= Freq::Hourly {
        if let Some(h) = list(&parts.byhour) {
            out += &format!(" at hour {}", join(&h));
        }
        if let Some(m) = list(&parts.byminute) {
            out += &format!(" at minute {}", join(&m));
        }
    }
    if let Some(s) = list(&parts.bysecond) {
        out += &format!(" at second {}", join(&s));
    }
    if let Some(p) = &parts.bysetpos {
        let v: Vec<String> = p.iter().map(|n| ordinal(*n)).collect();
        out += &format!(
            ", keeping the {} match of each {}",
            join(&v),
            freq_unit(freq)
        );
    }
    out
}

/// `BYHOUR=9;BYMINUTE=15` (one value each, no `BYSECOND` list) is simply a time of day.
fn single_clock(parts: &RuleParts) -> Option<(u32, u32)> {
    match (&parts.byhour, &parts.byminute, &parts.bysecond) {
        (Some(h), Some(m), None) if h.len() == 1 && m.len() == 1 => {
            Some((u32::try_from(h[0]).ok()?, u32::try_from(m[0]).ok()?))
        }
        _ => None,
    }
}

pub(crate) fn describe(s: &Schedule) -> String {
    let start = s.start();
    let mut text;
    let count;
    let sub_daily;
    let mut at = time_of(start);
    match &s.source {
        Source::Once => {
            return format!("Once, on {} at {} UTC", date(start), time_of(start));
        }
        Source::Recurrence {
            interval,
            unit,
            weekdays,
            count: c,
        } => {
            count = *c;
            let freq = unit.freq();
            sub_daily = freq >= Freq::Hourly;
            text = every(*interval, unit.name());
            if weekdays.is_empty() {
                text += &anchor(freq, start);
            } else {
                let v: Vec<String> = weekdays.iter().map(|w| weekday_phrase(w, *unit)).collect();
                text += &format!(" on {}", join(&v));
            }
        }
        Source::Rrule { parts, freq } => {
            count = parts.count.map(|c| c.max(0) as u64);
            sub_daily = *freq >= Freq::Hourly;
            if let Some((h, m)) = single_clock(parts).filter(|_| !sub_daily) {
                at = clock(h, m, start.second());
            }
            text = every(parts.interval.unwrap_or(1), freq_unit(*freq));
            let details = rrule_details(parts, *freq);
            let has_day_rule = parts.bymonthday.is_some()
                || parts.byweekday.is_some()
                || parts.byyearday.is_some()
                || parts.byweekno.is_some();
            if !has_day_rule && parts.bymonth.is_none() {
                text += &anchor(*freq, start);
            }
            text += &details;
        }
    }
    if sub_daily {
        text += &format!(", from {} {} UTC", date(start), time_of(start));
    } else {
        text += &format!(" at {at} UTC, from {}", date(start));
    }
    if let Some(u) = s.until {
        text += &format!(" until {}", date_time(u));
    }
    match count {
        Some(0) => format!("Never runs (at most 0 times): {text}"),
        Some(c) => format!("{text}, at most {c} time{}", if c == 1 { "" } else { "s" }),
        None => text,
    }
}

/// Builds a [`ScheduleRequest`] from simple choices: "every N units", "on these weekdays",
/// "the last Friday of the month", "until", "at most N times", or "once".
#[derive(Clone, Debug, PartialEq)]
pub struct ScheduleBuilder {
    workflow_id: String,
    since: NaiveDateTime,
    until: Option<NaiveDateTime>,
    every: Option<(u64, Unit)>,
    weekdays: Vec<WeekdaySpec>,
    count: Option<u64>,
}

impl ScheduleBuilder {
    /// Runs `workflow_id` starting at `since` (naive UTC). Call [`ScheduleBuilder::every`] or
    /// [`ScheduleBuilder::once`] next.
    pub fn new(workflow_id: impl Into<String>, since: NaiveDateTime) -> ScheduleBuilder {
        ScheduleBuilder {
            workflow_id: workflow_id.into(),
            since,
            until: None,
            every: None,
            weekdays: Vec::new(),
            count: None,
        }
    }

    /// Every `n` units ("every 2 weeks").
    pub fn every(mut self, n: u64, unit: Unit) -> ScheduleBuilder {
        self.every = Some((n, unit));
        self
    }

    /// Runs exactly once, at `since`.
    pub fn once(mut self) -> ScheduleBuilder {
        self.every = None;
        self.weekdays.clear();
        self.count = Some(1);
        self
    }

    /// Only on these days of the week.
    pub fn on(mut self, days: &[Weekday]) -> ScheduleBuilder {
        self.weekdays
            .extend(days.iter().map(|&day| WeekdaySpec { day, nth: None }));
        self
    }

    /// On the Nth (or last) `day` of each month or year; needs a months or years recurrence.
    pub fn on_nth(mut self, nth: Nth, day: Weekday) -> ScheduleBuilder {
        self.weekdays.push(WeekdaySpec {
            day,
            nth: Some(nth),
        });
        self
    }

    /// No run after `until` (inclusive).
    pub fn until(mut self, until: NaiveDateTime) -> ScheduleBuilder {
        self.until = Some(until);
        self
    }

    /// At most `n` runs.
    pub fn count(mut self, n: u64) -> ScheduleBuilder {
        self.count = Some(n);
        self
    }

    /// The request fields, without validating them.
    pub fn to_request(&self) -> ScheduleRequest {
        let fmt = |d: NaiveDateTime| d.format("%Y-%m-%dT%H:%M:%S").to_string();
        ScheduleRequest {
            workflow_id: Some(self.workflow_id.clone()),
            since: Some(fmt(self.since)),
            until: self.until.map(fmt),
            recurrence: self.every.map(|(n, unit)| {
                let plural = if n == 1 { "" } else { "s" };
                format!("{n} {}{plural}", unit.name())
            }),
            count: self.count.map(Value::from),
            weekdays: (!self.weekdays.is_empty()).then(|| {
                Value::Array(
                    self.weekdays
                        .iter()
                        .map(|w| Value::from(w.token()))
                        .collect(),
                )
            }),
            ..ScheduleRequest::default()
        }
    }

    /// The request fields, checked with [`ScheduleRequest::validate`].
    pub fn build(&self) -> Result<ScheduleRequest, ScheduleError> {
        let request = self.to_request();
        request.validate()?;
        Ok(request)
    }
}
