//! RRULE strings as the manager reads them: `dateutil.rrule.rrulestr(text, dtstart=since)`.
//!
//! Kept from rrulestr: the text is upper-cased and split on whitespace; a single line may be a
//! bare `FREQ=...` or `RRULE:FREQ=...`; `DTSTART` lines (last one wins, `VALUE=DATE`/`DATE-TIME`
//! allowed once); `KEY=VALUE` pairs separated by `;` with exactly one `=` (so a trailing `;` is an
//! error); Python `int()` numbers; `BYDAY`/`BYWEEKDAY` with ordinals (`+2MO`, `-1FR`, `MO(+2)`);
//! later keys overwrite earlier ones. Messages follow dateutil's where it has one.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::iter::{Freq, RuleParts};
use super::recurrence::py_int;
use super::time::py_space;
use super::{ErrorKind, ScheduleError};

/// A parsed RRULE: its parts (with its own DTSTART, if it has one) and its frequency.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ParsedRrule {
    pub parts: RuleParts,
    pub freq: Freq,
}

fn invalid(msg: impl Into<String>) -> ScheduleError {
    ScheduleError::new(
        ErrorKind::InvalidRrule,
        format!("invalid RRULE string provided: {}", msg.into()),
    )
}

fn unsupported(msg: impl Into<String>) -> ScheduleError {
    ScheduleError::new(ErrorKind::RruleUnsupported, msg.into())
}

fn timezone(what: &str) -> ScheduleError {
    ScheduleError::new(
        ErrorKind::RruleTimezone,
        format!(
            "{what} carries a timezone: the manager accepts it but then fails (HTTP 500) \
             comparing it with its naive UTC times; write it without `Z`/`TZID` (it is UTC)"
        ),
    )
}

/// Reads DTSTART/UNTIL values: `YYYYMMDD[THHMM[SS]]` or `YYYY-MM-DD[THH:MM[:SS]]`. dateutil's
/// parser takes many more spellings; the others are refused here rather than guessed.
fn parse_rfc_datetime(value: &str, what: &str) -> Result<NaiveDateTime, ScheduleError> {
    if value.ends_with('Z') || value.contains('+') {
        return Err(timezone(what));
    }
    let (date, time) = match value.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (value, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let date: String =
        if date.len() == 10 && date.as_bytes()[4] == b'-' && date.as_bytes()[7] == b'-' {
            format!("{}{}{}", &date[..4], &date[5..7], &date[8..])
        } else {
            date.to_string()
        };
    let time: Option<String> = time.map(|t| t.replace(':', ""));
    let bad = || {
        unsupported(format!(
            "{what} `{value}` is not in a form Baton reads: use YYYYMMDDTHHMMSS (or YYYYMMDD)"
        ))
    };
    if date.len() != 8 || !digits(&date) {
        return Err(bad());
    }
    let n = |s: &str| s.parse::<u32>().unwrap_or(u32::MAX);
    let d = NaiveDate::from_ymd_opt(n(&date[..4]) as i32, n(&date[4..6]), n(&date[6..8]))
        .filter(|_| n(&date[..4]) >= 1)
        .ok_or_else(|| invalid(format!("invalid {what} date `{value}`")))?;
    let t = match time.as_deref() {
        None => NaiveTime::MIN,
        Some(t) if (t.len() == 4 || t.len() == 6) && digits(t) => {
            let s = if t.len() == 6 { n(&t[4..6]) } else { 0 };
            NaiveTime::from_hms_opt(n(&t[..2]), n(&t[2..4]), s)
                .ok_or_else(|| invalid(format!("invalid {what} time `{value}`")))?
        }
        Some(_) => return Err(bad()),
    };
    Ok(d.and_time(t))
}

fn int_list(name: &str, value: &str) -> Result<Vec<i64>, ScheduleError> {
    value
        .split(',')
        .map(|x| {
            let n = py_int(x).ok_or_else(|| invalid(format!("invalid '{name}': {value}")))?;
            i64::try_from(n).map_err(|_| out_of_range(format!("{name}={value} is out of range")))
        })
        .collect()
}

fn out_of_range(msg: String) -> ScheduleError {
    ScheduleError::new(ErrorKind::ValueOutOfRange, msg)
}

fn weekday_index(code: &str) -> Option<u8> {
    ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
        .iter()
        .position(|c| *c == code)
        .map(|i| i as u8)
}

fn parse_byday(value: &str) -> Result<Vec<(u8, Option<i64>)>, ScheduleError> {
    let err = || invalid(format!("invalid 'BYDAY': {value}"));
    let mut out = Vec::new();
    for item in value.split(',') {
        let (code, n) = if let Some((code, rest)) = item.split_once('(') {
            // `MO(+2)`: dateutil drops the last character and reads the rest as an int.
            let inner = rest.get(..rest.len().saturating_sub(1)).ok_or_else(err)?;
            (code, Some(py_int(inner).ok_or_else(err)?))
        } else {
            let split = item
                .find(|c: char| !"+-0123456789".contains(c))
                .unwrap_or(item.len());
            let (n, code) = item.split_at(split);
            let n = if n.is_empty() {
                None
            } else {
                Some(py_int(n).ok_or_else(err)?)
            };
            (code, n)
        };
        let w = weekday_index(code).ok_or_else(err)?;
        match n {
            Some(0) => return Err(err()),
            Some(n) => {
                let n = i64::try_from(n)
                    .map_err(|_| out_of_range(format!("BYDAY={value} is out of range")))?;
                out.push((w, Some(n)));
            }
            None => out.push((w, None)),
        }
    }
    Ok(out)
}

fn parse_rule_line(line: &str) -> Result<(RuleParts, Option<Freq>), ScheduleError> {
    let value = if line.contains(':') {
        let mut it = line.split(':');
        let (name, value) = (it.next().unwrap_or(""), it.next().unwrap_or(""));
        if it.next().is_some() {
            return Err(invalid("too many values to unpack (expected 2)"));
        }
        if name != "RRULE" {
            return Err(invalid("unknown parameter name"));
        }
        value
    } else {
        line
    };
    let mut p = RuleParts::default();
    let mut freq = None;
    for pair in value.split(';') {
        let mut it = pair.split('=');
        let (name, val) = match (it.next(), it.next(), it.next()) {
            (Some(n), Some(v), None) => (n, v),
            (_, None, _) => return Err(invalid("not enough values to unpack (expected 2, got 1)")),
            _ => return Err(invalid("too many values to unpack (expected 2)")),
        };
        let bad = || invalid(format!("invalid '{name}': {val}"));
        let int = || py_int(val).ok_or_else(bad);
        match name {
            "FREQ" => {
                freq = Some(match val {
                    "YEARLY" => Freq::Yearly,
                    "MONTHLY" => Freq::Monthly,
                    "WEEKLY" => Freq::Weekly,
                    "DAILY" => Freq::Daily,
                    "HOURLY" => Freq::Hourly,
                    "MINUTELY" => Freq::Minutely,
                    "SECONDLY" => Freq::Secondly,
                    _ => return Err(bad()),
                })
            }
            "INTERVAL" => {
                let n = int()?;
                if n <= 0 {
                    return Err(ScheduleError::new(
                        ErrorKind::ZeroInterval,
                        format!(
                            "INTERVAL={val}: the interval must be at least 1 (the manager accepts \
                             it but then never advances, looping forever or repeating one date)"
                        ),
                    ));
                }
                p.interval = Some(
                    u64::try_from(n)
                        .map_err(|_| out_of_range(format!("INTERVAL={val} is out of range")))?,
                );
            }
            "COUNT" => {
                let n = int()?;
                p.count = Some(i64::try_from(n).unwrap_or(if n < 0 { i64::MIN } else { i64::MAX }));
            }
            "UNTIL" => p.until = Some(parse_rfc_datetime(val, "UNTIL")?),
            "WKST" => p.wkst = Some(weekday_index(val).ok_or_else(bad)?),
            "BYSETPOS" => p.bysetpos = Some(int_list(name, val)?),
            "BYMONTH" => p.bymonth = Some(int_list(name, val)?),
            "BYMONTHDAY" => p.bymonthday = Some(int_list(name, val)?),
            "BYYEARDAY" => p.byyearday = Some(int_list(name, val)?),
            "BYWEEKNO" => p.byweekno = Some(int_list(name, val)?),
            "BYHOUR" => p.byhour = Some(int_list(name, val)?),
            "BYMINUTE" => p.byminute = Some(int_list(name, val)?),
            "BYSECOND" => p.bysecond = Some(int_list(name, val)?),
            "BYDAY" | "BYWEEKDAY" => p.byweekday = Some(parse_byday(val)?),
            "BYEASTER" => {
                return Err(unsupported(
                    "BYEASTER (a dateutil extension) is not supported by Baton",
                ))
            }
            _ => return Err(invalid(format!("unknown parameter '{name}'"))),
        }
    }
    Ok((p, freq))
}

/// Parses an RRULE string as `rrulestr` does, then applies dateutil's construction checks and
/// Baton's stricter ones (see the module docs of `schedule`).
pub(crate) fn parse(text: &str) -> Result<ParsedRrule, ScheduleError> {
    let s = text.to_ascii_uppercase();
    if s.trim_matches(py_space).is_empty() {
        return Err(invalid("empty string"));
    }
    let lines: Vec<&str> = s.split(py_space).filter(|l| !l.is_empty()).collect();
    let (mut parts, freq) = if lines.len() == 1 && (!s.contains(':') || s.starts_with("RRULE:")) {
        parse_rule_line(lines[0])?
    } else {
        let mut rules = Vec::new();
        let mut set_lines = Vec::new();
        let mut dtstart = None;
        for line in &lines {
            let (name, value) = line.split_once(':').unwrap_or(("RRULE", line));
            let mut parms = name.split(';');
            let name = parms.next().unwrap_or("");
            let parms: Vec<&str> = parms.collect();
            match name {
                "RRULE" => {
                    if let Some(parm) = parms.first() {
                        return Err(invalid(format!("unsupported RRULE parm: {parm}")));
                    }
                    rules.push(value);
                }
                "RDATE" | "EXRULE" | "EXDATE" => set_lines.push(name),
                "DTSTART" => {
                    let mut value_seen = false;
                    for parm in &parms {
                        if parm.starts_with("TZID=") {
                            return Err(timezone("DTSTART"));
                        } else if *parm != "VALUE=DATE-TIME" && *parm != "VALUE=DATE" {
                            return Err(invalid(format!("unsupported parm: {parm}")));
                        } else if value_seen {
                            return Err(invalid(format!(
                                "Duplicate value parameter found in: {parm}"
                            )));
                        }
                        value_seen = true;
                    }
                    if value.contains(',') {
                        return Err(invalid(format!(
                            "Multiple DTSTART values specified:{value}"
                        )));
                    }
                    dtstart = Some(parse_rfc_datetime(value, "DTSTART")?);
                }
                _ => return Err(invalid(format!("unsupported property: {name}"))),
            }
        }
        if rules.len() > 1 || !set_lines.is_empty() {
            return Err(ScheduleError::new(
                ErrorKind::RruleSetUnsupported,
                "several RRULE lines, RDATE, EXRULE or EXDATE make a rule set: the manager \
                 accepts it but then fails (HTTP 500) applying the schedule's `until` to it; \
                 send a single RRULE",
            ));
        }
        let Some(rule) = rules.first() else {
            return Err(ScheduleError::new(
                ErrorKind::RruleMissingRule,
                "the text has no RRULE line: the manager fails (HTTP 500) parsing it",
            ));
        };
        let (mut parts, freq) = parse_rule_line(rule)?;
        parts.dtstart = dtstart;
        (parts, freq)
    };
    let Some(freq) = freq else {
        return Err(ScheduleError::new(
            ErrorKind::RruleMissingFreq,
            "the RRULE has no FREQ: the manager fails (HTTP 500) building it",
        ));
    };
    check_construction(&mut parts, freq)?;
    Ok(ParsedRrule { parts, freq })
}

/// dateutil's own construction errors (reported as `invalid_rrule`, as the manager does), then
/// Baton's range checks for values dateutil accepts but cannot use.
fn check_construction(p: &mut RuleParts, freq: Freq) -> Result<(), ScheduleError> {
    if let Some(pos) = &p.bysetpos {
        if pos
            .iter()
            .any(|&x| !((-366..=-1).contains(&x) || (1..=366).contains(&x)))
        {
            return Err(invalid(
                "bysetpos must be between 1 and 366, or between -366 and -1",
            ));
        }
    }
    if freq < Freq::Hourly {
        // dateutil builds its time set eagerly for these frequencies: datetime.time() fails on
        // the first bad combination, hour checked before minute before second.
        let sorted = |v: &Option<Vec<i64>>| {
            let mut v = v.clone().unwrap_or_else(|| vec![0]);
            v.sort_unstable();
            v
        };
        for h in sorted(&p.byhour) {
            for m in sorted(&p.byminute) {
                for s in sorted(&p.bysecond) {
                    if !(0..=23).contains(&h) {
                        return Err(invalid("hour must be in 0..23"));
                    }
                    if !(0..=59).contains(&m) {
                        return Err(invalid("minute must be in 0..59"));
                    }
                    if !(0..=59).contains(&s) {
                        return Err(invalid("second must be in 0..59"));
                    }
                }
            }
        }
    }
    let range = |name: &str, v: &Option<Vec<i64>>, ok: &dyn Fn(i64) -> bool, why: &str| match v
        .iter()
        .flatten()
        .find(|x| !ok(**x))
    {
        Some(x) => Err(out_of_range(format!("{name}={x} is out of range: {why}"))),
        None => Ok(()),
    };
    range(
        "BYMONTH",
        &p.bymonth,
        &|x| (1..=12).contains(&x),
        "months are 1 to 12",
    )?;
    range(
        "BYMONTHDAY",
        &p.bymonthday,
        &|x| x != 0 && (-31..=31).contains(&x),
        "days are 1 to 31 or -31 to -1 (the manager ignores 0 and would run every day)",
    )?;
    range(
        "BYYEARDAY",
        &p.byyearday,
        &|x| x != 0 && (-366..=366).contains(&x),
        "year days are 1 to 366 or -366 to -1",
    )?;
    range(
        "BYWEEKNO",
        &p.byweekno,
        &|x| x != 0 && (-53..=53).contains(&x),
        "weeks are 1 to 53 or -53 to -1",
    )?;
    let why = "the manager accepts it but fails (HTTP 500) computing dates";
    range("BYHOUR", &p.byhour, &|x| (0..=23).contains(&x), why)?;
    range("BYMINUTE", &p.byminute, &|x| (0..=59).contains(&x), why)?;
    range("BYSECOND", &p.bysecond, &|x| (0..=59).contains(&x), why)?;
    if let Some(days) = &p.byweekday {
        // Ordinals count within the month (monthly, or yearly with BYMONTH) or the year; finer
        // frequencies ignore them. Beyond these ranges dateutil can fail with an IndexError.
        let limit = match freq {
            Freq::Monthly => 5,
            Freq::Yearly if p.bymonth.is_some() => 5,
            Freq::Yearly => 53,
            _ => i64::MAX,
        };
        if let Some((_, Some(n))) = days
            .iter()
            .find(|(_, n)| n.is_some_and(|n| n.abs() > limit))
        {
            return Err(out_of_range(format!(
                "BYDAY ordinal {n} is out of range: at most {limit} such weekdays exist in a period"
            )));
        }
    }
    if let Some(c) = p.count {
        if c <= 0 {
            return Err(ScheduleError::new(
                ErrorKind::CountNotPositive,
                format!("COUNT={c}: the rule would never run; COUNT must be at least 1"),
            )
            .on("rrule"));
        }
    }
    Ok(())
}
