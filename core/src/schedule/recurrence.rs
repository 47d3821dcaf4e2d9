//! The manager's own schedule grammar: `recurrence` ("2 weeks"), `weekdays` (["mo", "l-fr"]) and
//! `count`, read the way `rest_utils` and `utils.parse_recurrence` read them.

use chrono::Weekday;
use serde_json::Value;

use super::iter::Freq;
use super::{ErrorKind, ScheduleError};

/// A recurrence unit (the `<unit>` of "<number> <unit>").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    /// `sec`, `second`.
    Second,
    /// `min`, `minute`.
    Minute,
    /// `h`, `hour`.
    Hour,
    /// `d`, `day`.
    Day,
    /// `w`, `week`.
    Week,
    /// `mo`, `month`.
    Month,
    /// `y`, `year`.
    Year,
}

impl Unit {
    pub(crate) fn freq(self) -> Freq {
        match self {
            Unit::Second => Freq::Secondly,
            Unit::Minute => Freq::Minutely,
            Unit::Hour => Freq::Hourly,
            Unit::Day => Freq::Daily,
            Unit::Week => Freq::Weekly,
            Unit::Month => Freq::Monthly,
            Unit::Year => Freq::Yearly,
        }
    }

    /// The long singular name ("week").
    pub fn name(self) -> &'static str {
        match self {
            Unit::Second => "second",
            Unit::Minute => "minute",
            Unit::Hour => "hour",
            Unit::Day => "day",
            Unit::Week => "week",
            Unit::Month => "month",
            Unit::Year => "year",
        }
    }
}

/// Unit words in the manager's regex order: (short, long, unit).
const UNITS: [(&str, &str, Unit); 7] = [
    ("sec", "second", Unit::Second),
    ("min", "minute", Unit::Minute),
    ("h", "hour", Unit::Hour),
    ("d", "day", Unit::Day),
    ("w", "week", Unit::Week),
    ("mo", "month", Unit::Month),
    ("y", "year", Unit::Year),
];

/// A parsed recurrence: the interval, the unit, and the unit word as the regex captured it
/// (the manager quotes that word in its complex-weekday error).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Recurrence {
    pub interval: Option<u64>,
    pub unit: Unit,
    pub word: &'static str,
}

/// `re.findall(r"(\d+)\ ?(sec(ond)?|min(ute)?|h(our)?|d(ay)?|w(eek)?|mo(nth)?|y(ear)?)s?$", s)`:
/// anchored at the end only, so the match is the last run of digits followed by an optional single
/// space, a unit word and an optional `s`; `$` also matches before one final newline.
/// `interval` is `None` when the number does not fit in 64 bits.
pub(crate) fn parse_recurrence(s: &str) -> Option<Recurrence> {
    let s = s.strip_suffix('\n').unwrap_or(s);
    let bytes = s.as_bytes();
    let end = bytes.iter().rposition(u8::is_ascii_digit)? + 1;
    let start = bytes[..end]
        .iter()
        .rposition(|b| !b.is_ascii_digit())
        .map_or(0, |p| p + 1);
    let rest = &s[end..];
    let rest = rest.strip_prefix(' ').unwrap_or(rest);
    let word = UNITS.iter().find_map(|&(short, long, unit)| {
        let base = rest.strip_suffix('s').filter(|b| *b == short || *b == long);
        match base.or(Some(rest).filter(|r| *r == short || *r == long)) {
            Some(b) if b == short => Some((short, unit)),
            Some(_) => Some((long, unit)),
            None => None,
        }
    })?;
    Some(Recurrence {
        interval: s[start..end].parse().ok(),
        unit: word.1,
        word: word.0,
    })
}

/// Which occurrence of a weekday in the month or year a "complex" weekday names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Nth {
    /// `1mo`: the first.
    First,
    /// `2mo`: the second.
    Second,
    /// `3mo`: the third.
    Third,
    /// `4mo`: the fourth.
    Fourth,
    /// `l-mo`: the last.
    Last,
}

impl Nth {
    pub(crate) fn setpos(self) -> i64 {
        match self {
            Nth::First => 1,
            Nth::Second => 2,
            Nth::Third => 3,
            Nth::Fourth => 4,
            Nth::Last => -1,
        }
    }

    pub(crate) fn prefix(self) -> &'static str {
        match self {
            Nth::First => "1",
            Nth::Second => "2",
            Nth::Third => "3",
            Nth::Fourth => "4",
            Nth::Last => "L-",
        }
    }
}

/// One entry of `weekdays`: a weekday, optionally the Nth/last one of the month or year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct WeekdaySpec {
    /// The day of the week.
    pub day: Weekday,
    /// `None` for every such day; `Some` for a "complex" weekday.
    pub nth: Option<Nth>,
}

impl WeekdaySpec {
    /// The token the manager stores ("MO", "2MO", "L-FR").
    pub fn token(&self) -> String {
        let p = self.nth.map_or("", Nth::prefix);
        format!("{p}{}", day_code(self.day))
    }
}

pub(crate) fn day_code(d: Weekday) -> &'static str {
    ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][d.num_days_from_monday() as usize]
}

fn day_from_code(s: &str) -> Option<Weekday> {
    ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
        .iter()
        .position(|c| *c == s)
        .and_then(|i| Weekday::try_from(i as u8).ok())
}

/// Python's truthiness of a JSON value (`if not weekdays`, `if count`).
pub(crate) fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

/// A JSON value shown the way Python would print it in the manager's messages (close enough).
pub(crate) fn show(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Null => "None".into(),
        other => other.to_string(),
    }
}

/// `str.upper()` for what can form a weekday token: ASCII, plus the long s (`ſ`), which Python
/// upper-cases to `S`.
fn py_upper(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c == 'ſ' {
                'S'
            } else {
                c.to_ascii_uppercase()
            }
        })
        .collect()
}

/// The manager's `_verify_weekdays` followed by Baton's stricter token check.
/// `recurrence` is the parsed recurrence, if any (its unit word is quoted in the manager's error).
pub(crate) fn parse_weekdays(
    raw: Option<&Value>,
    recurrence: Option<&Recurrence>,
) -> Result<Vec<WeekdaySpec>, ScheduleError> {
    let Some(raw) = raw.filter(|v| truthy(v)) else {
        return Ok(Vec::new());
    };
    let Value::Array(items) = raw else {
        return Err(ScheduleError::new(
            ErrorKind::WeekdaysNotList,
            format!("weekdays: expected a list, but got: {}", show(raw)),
        ));
    };
    let complex_ok = recurrence.is_some_and(|r| matches!(r.unit, Unit::Month | Unit::Year));
    let mut caps = Vec::with_capacity(items.len());
    for item in items {
        let Value::String(s) = item else {
            // The manager calls .upper() on each item and fails with a 500.
            return Err(ScheduleError::new(
                ErrorKind::WeekdayNotString,
                format!("weekdays must be strings such as \"mo\" or \"l-fr\", got: {item}"),
            ));
        };
        let up = py_upper(s);
        let (prefix_len, has_prefix) = if up.starts_with("L-") {
            (2, true)
        } else if up.starts_with(['1', '2', '3', '4']) {
            (1, true)
        } else {
            (0, false)
        };
        // The manager's regex is `^([1-4]|L-)?(MO|..|SU)` and matches a prefix only; try with
        // and without the optional position the way the regex engine would.
        let day_at = |p: usize| up.get(p..p + 2).and_then(day_from_code);
        let (matched_prefix, day) = match (has_prefix, day_at(prefix_len), day_at(0)) {
            (true, Some(d), _) => (true, d),
            (_, _, Some(d)) => (false, d),
            _ => {
                return Err(ScheduleError::new(
                    ErrorKind::InvalidWeekday,
                    format!(
                        "weekdays list contains an invalid weekday `{up}`. Valid weekdays are: \
                         MO|TU|WE|TH|FR|SA|SU or their lowercase values, optionally prefixed by \
                         1-4 or l-/L-."
                    ),
                ))
            }
        };
        if matched_prefix && !complex_ok {
            let got = recurrence.map_or("None", |r| r.word);
            return Err(ScheduleError::new(
                ErrorKind::ComplexWeekdayRequiresMonthsOrYears,
                format!(
                    "complex weekday expression {up} can only be used with a months|years \
                     recurrence, but got {got}."
                ),
            ));
        }
        let nth = matched_prefix.then(|| match &up[..prefix_len] {
            "1" => Nth::First,
            "2" => Nth::Second,
            "3" => Nth::Third,
            "4" => Nth::Fourth,
            _ => Nth::Last,
        });
        caps.push((
            up.clone(),
            prefix_len * usize::from(matched_prefix) + 2,
            WeekdaySpec { day, nth },
        ));
    }
    let mut out: Vec<WeekdaySpec> = Vec::new();
    for (up, used, spec) in caps {
        if up.len() != used {
            return Err(ScheduleError::new(
                ErrorKind::WeekdayTokenTooLong,
                format!(
                    "weekday `{up}` has extra characters: the manager accepts it but then fails \
                     (HTTP 500) computing the schedule; write exactly {}",
                    spec.token()
                ),
            ));
        }
        if !out.contains(&spec) {
            out.push(spec);
        }
    }
    Ok(out)
}

/// Python's `int(str)`: surrounding whitespace, a sign, digits with single underscores between.
pub(crate) fn py_int(s: &str) -> Option<i128> {
    let t = s.trim_matches(super::time::py_space);
    let (neg, digits) = match t.as_bytes().first()? {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t),
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
        || !digits.bytes().all(|b| b.is_ascii_digit() || b == b'_')
    {
        return None;
    }
    let mut n: i128 = 0;
    for b in digits.bytes().filter(u8::is_ascii_digit) {
        n = n.saturating_mul(10).saturating_add(i128::from(b - b'0'));
    }
    Some(if neg { -n } else { n })
}

/// The manager's `count`: ignored when falsy, otherwise `int(count)`.
pub(crate) fn parse_count(raw: Option<&Value>) -> Result<Option<i128>, ScheduleError> {
    // The manager skips `int()` for a falsy count but still stores it: a numeric 0 (or
    // `false`) reaches dateutil's `rrule(count=0)`, which yields nothing.
    if raw.is_some_and(|v| matches!(v, Value::Bool(false)) || (v.is_number() && !truthy(v))) {
        return Ok(Some(0));
    }
    let Some(v) = raw.filter(|v| truthy(v)) else {
        return Ok(None);
    };
    let bad = || {
        ScheduleError::new(
            ErrorKind::InvalidCount,
            format!("invalid parameter, should be int, got: {}", show(v)),
        )
    };
    match v {
        Value::Bool(true) => Ok(Some(1)),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Ok(Some(i128::from(i)))
            } else if let Some(u) = n.as_u64() {
                Ok(Some(i128::from(u)))
            } else {
                // int(float) truncates toward zero.
                let f = n.as_f64().filter(|f| f.is_finite()).ok_or_else(bad)?;
                Ok(Some(f.trunc() as i128))
            }
        }
        Value::String(s) => py_int(s).map(Some).ok_or_else(bad),
        _ => Err(bad()),
    }
}
