//! `since`/`until` as the manager reads them: Python `datetime.strptime` with six formats
//! (`rest_utils.parse_datetime_multiple_formats`), all naive UTC.
//!
//! strptime quirks kept: fields may have one digit (`2021-1-1 9:05:07`), the day may be written
//! ` 1`, literals are case-insensitive (`t`, `z`), the space between date and time matches any run
//! of whitespace, the fraction has 1 to 6 digits, and the first regex match must consume the whole
//! string. Seconds 60/61 pass the regex but not `datetime()`, so they are rejected.
//! Deviation: Python's `\d` also matches non-ASCII decimal digits; Baton accepts ASCII only.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};

const D: &str = "0123456789";
const NZ: &str = "123456789";

#[derive(Clone, Copy)]
enum Tok {
    Lit(char),
    Ws,
    /// A strptime field: alternatives tried in order, each a list of character classes.
    Field(usize, &'static [&'static [&'static str]]),
}

const YEAR: &[&[&str]] = &[&[D, D, D, D]];
const MONTH: &[&[&str]] = &[&["1", "012"], &["0", NZ], &[NZ]];
const DAY: &[&[&str]] = &[&["3", "01"], &["12", D], &["0", NZ], &[NZ], &[" ", NZ]];
const HOUR: &[&[&str]] = &[&["2", "0123"], &["01", D], &[D]];
const MINUTE: &[&[&str]] = &[&["012345", D], &[D]];
const SECOND: &[&[&str]] = &[&["6", "01"], &["012345", D], &[D]];
const FRACTION: &[&[&str]] = &[
    &[D, D, D, D, D, D],
    &[D, D, D, D, D],
    &[D, D, D, D],
    &[D, D, D],
    &[D, D],
    &[D],
];

// Field slots: 0 year, 1 month, 2 day, 3 hour, 4 minute, 5 second, 6 fraction.
const DATE: [Tok; 5] = [
    Tok::Field(0, YEAR),
    Tok::Lit('-'),
    Tok::Field(1, MONTH),
    Tok::Lit('-'),
    Tok::Field(2, DAY),
];
const TIME: [Tok; 5] = [
    Tok::Field(3, HOUR),
    Tok::Lit(':'),
    Tok::Field(4, MINUTE),
    Tok::Lit(':'),
    Tok::Field(5, SECOND),
];

/// Python's `str.isspace` for the characters a JSON string realistically holds.
pub(crate) fn py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

fn formats() -> [Vec<Tok>; 6] {
    let dt = |sep: Tok, frac: bool, z: bool| {
        let mut v: Vec<Tok> = DATE.to_vec();
        v.push(sep);
        v.extend_from_slice(&TIME);
        if frac {
            v.push(Tok::Lit('.'));
            v.push(Tok::Field(6, FRACTION));
        }
        if z {
            v.push(Tok::Lit('Z'));
        }
        v
    };
    [
        DATE.to_vec(),
        dt(Tok::Lit('T'), false, false),
        dt(Tok::Ws, false, false),
        dt(Tok::Ws, true, false),
        dt(Tok::Lit('T'), true, false),
        dt(Tok::Lit('T'), true, true),
    ]
}

/// Regex-style first match of `toks` at `pos`, with backtracking; returns the end position.
fn match_at(
    toks: &[Tok],
    s: &[char],
    pos: usize,
    caps: &mut [Option<(usize, usize)>; 7],
) -> Option<usize> {
    let Some((tok, rest)) = toks.split_first() else {
        return Some(pos);
    };
    match *tok {
        Tok::Lit(c) => {
            let got = *s.get(pos)?;
            if got.eq_ignore_ascii_case(&c) {
                match_at(rest, s, pos + 1, caps)
            } else {
                None
            }
        }
        Tok::Ws => {
            let mut end = pos;
            while s.get(end).is_some_and(|c| py_space(*c)) {
                end += 1;
            }
            // Greedy with backtracking; what follows is a digit, so only the longest run can fit.
            while end > pos {
                if let Some(e) = match_at(rest, s, end, caps) {
                    return Some(e);
                }
                end -= 1;
            }
            None
        }
        Tok::Field(slot, alts) => {
            for alt in alts {
                let fits = alt
                    .iter()
                    .enumerate()
                    .all(|(k, class)| s.get(pos + k).is_some_and(|c| class.contains(*c)));
                if fits {
                    caps[slot] = Some((pos, pos + alt.len()));
                    if let Some(e) = match_at(rest, s, pos + alt.len(), caps) {
                        return Some(e);
                    }
                }
            }
            None
        }
    }
}

fn num(s: &[char], span: Option<(usize, usize)>) -> u32 {
    span.map_or(0, |(a, b)| {
        s[a..b]
            .iter()
            .filter_map(|c| c.to_digit(10))
            .fold(0, |n, d| n * 10 + d)
    })
}

/// Parses a `since`/`until` value exactly as the manager does, or `None` if it would refuse it.
pub(crate) fn parse_manager_datetime(text: &str) -> Option<NaiveDateTime> {
    let s: Vec<char> = text.chars().collect();
    for fmt in formats() {
        let mut caps = [None; 7];
        if match_at(&fmt, &s, 0, &mut caps) != Some(s.len()) {
            continue;
        }
        let date =
            NaiveDate::from_ymd_opt(num(&s, caps[0]) as i32, num(&s, caps[1]), num(&s, caps[2]));
        let micros = caps[6].map_or(0, |(a, b)| num(&s, caps[6]) * 10u32.pow(6 - (b - a) as u32));
        let time = NaiveTime::from_hms_micro_opt(
            num(&s, caps[3]),
            num(&s, caps[4]),
            num(&s, caps[5]),
            micros,
        )
        // chrono reads second 59 with a large fraction as a leap second; Python has none.
        .filter(|_| num(&s, caps[5]) <= 59);
        if let (Some(d), Some(t)) = (date, time) {
            if d.year() >= 1 {
                return Some(d.and_time(t));
            }
        }
    }
    None
}
