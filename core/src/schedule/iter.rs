//! The occurrence engine: RFC 5545 recurrence rules iterated with python-dateutil's semantics,
//! over naive UTC datetimes.
//!
//! The model is dateutil's: a rule walks *periods* (a year, a month, a week, a day, or one step of
//! an hour/minute/second grid), keeps the days of the period that pass every `BY*` day filter,
//! crosses them with the times of day, applies `BYSETPOS` to that flattened list, and yields what
//! is at or after `DTSTART`, stopping after `UNTIL` (inclusive) or `COUNT`. Month ends are skipped,
//! never clamped, because a month without day 31 simply has no such day in its period.
//!
//! Every loop is bounded: iteration stops after year 9999 (as dateutil does), and after a run of
//! empty periods long enough to cover a whole 400-year Gregorian cycle (the calendar repeats after
//! it, so a rule that produced nothing in that run never will).

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

/// The last year dateutil iterates into (Python's `datetime.MAXYEAR`).
pub(crate) const MAX_YEAR: i32 = 9999;

/// Days in a 400-year Gregorian cycle: the calendar (leap years and weekdays) repeats after it.
const CYCLE_DAYS: u64 = 146_097;

/// Recurrence frequency, ordered like dateutil's constants (YEARLY = 0 .. SECONDLY = 6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Freq {
    /// Every N years.
    Yearly,
    /// Every N months.
    Monthly,
    /// Every N weeks.
    Weekly,
    /// Every N days.
    Daily,
    /// Every N hours.
    Hourly,
    /// Every N minutes.
    Minutely,
    /// Every N seconds.
    Secondly,
}

impl Freq {
    /// Seconds in one grid step of a sub-daily frequency.
    fn unit_seconds(self) -> i64 {
        match self {
            Freq::Hourly => 3600,
            Freq::Minutely => 60,
            _ => 1,
        }
    }

    /// How many consecutive empty periods prove that nothing will ever come (see module docs).
    fn empty_bound(self) -> u64 {
        match self {
            Freq::Yearly => 400 + 2,
            Freq::Monthly => 4800 + 2,
            Freq::Weekly => CYCLE_DAYS / 7 + 2,
            Freq::Daily => CYCLE_DAYS + 2,
            // A sub-daily period is one grid step or one skipped day; the time-of-day pattern of
            // a grid repeats within 86400 steps, and skipped days within a cycle.
            _ => 5_000_000,
        }
    }
}

/// A rule's parts as written (RRULE names), before dateutil's defaults are applied.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct RuleParts {
    pub freq: Option<Freq>,
    pub interval: Option<u64>,
    pub count: Option<i64>,
    pub until: Option<NaiveDateTime>,
    pub dtstart: Option<NaiveDateTime>,
    pub wkst: Option<u8>,
    pub bymonth: Option<Vec<i64>>,
    pub bymonthday: Option<Vec<i64>>,
    pub byyearday: Option<Vec<i64>>,
    pub byweekno: Option<Vec<i64>>,
    /// (weekday 0 = Monday, ordinal).
    pub byweekday: Option<Vec<(u8, Option<i64>)>>,
    pub byhour: Option<Vec<i64>>,
    pub byminute: Option<Vec<i64>>,
    pub bysecond: Option<Vec<i64>>,
    pub bysetpos: Option<Vec<i64>>,
}

/// A rule with dateutil's defaults applied, ready to iterate.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Rule {
    pub freq: Freq,
    pub interval: u64,
    pub dtstart: NaiveDateTime,
    pub until: Option<NaiveDateTime>,
    pub count: Option<u64>,
    pub wkst: u8,
    /// Bit m set for month m.
    pub bymonth: u16,
    /// Bit d set for day d of the month.
    pub bymonthday: u32,
    /// Bit d set for day -d of the month.
    pub bynmonthday: u32,
    pub byyearday: Vec<i64>,
    pub byweekno: Vec<i64>,
    /// Bit w set for weekday w (0 = Monday).
    pub byweekday: u8,
    pub bynweekday: Vec<(u8, i64)>,
    pub byhour: Option<u32>,
    pub byminute: Option<u64>,
    pub bysecond: Option<u64>,
    pub bysetpos: Vec<i64>,
    timeset: Vec<NaiveTime>,
}

/// A `BYHOUR`/`BYMINUTE`/`BYSECOND` at the rule's own level that the interval can never reach
/// from `DTSTART` (dateutil: "Invalid rrule byxxx generates an empty set.").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Unreachable;

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

fn mask_of(values: &[i64]) -> u64 {
    values
        .iter()
        .filter(|v| (0..64).contains(*v))
        .fold(0u64, |m, v| m | (1u64 << v))
}

/// Keeps the values an interval can reach from `start` on a dial of `base` (dateutil filters a
/// `BYHOUR` on an hourly rule, etc., this way).
fn reachable(values: &[i64], start: u32, interval: u64, base: u64) -> Result<u64, Unreachable> {
    let g = gcd(interval, base) as i64;
    let kept: Vec<i64> = values
        .iter()
        .copied()
        .filter(|&v| g == 1 || (v - i64::from(start)).rem_euclid(g) == 0)
        .collect();
    if kept.is_empty() {
        Err(Unreachable)
    } else {
        Ok(mask_of(&kept))
    }
}

fn bits(mask: u64, upto: u32) -> impl Iterator<Item = u32> {
    (0..upto).filter(move |b| mask & (1u64 << b) != 0)
}

impl Rule {
    /// Applies dateutil's defaults to `parts`; `dtstart` and `until` are the effective ones.
    /// Values must already be range-checked.
    pub(crate) fn build(
        parts: &RuleParts,
        freq: Freq,
        dtstart: NaiveDateTime,
        until: Option<NaiveDateTime>,
    ) -> Result<Rule, Unreachable> {
        // dateutil drops microseconds from DTSTART (but not from UNTIL).
        let dtstart = dtstart.with_nanosecond(0).unwrap_or(dtstart);
        let interval = parts.interval.unwrap_or(1);
        let mut bymonth = parts.bymonth.as_deref().map(mask_of).unwrap_or(0) as u16;
        let mut bymonthday_list = parts.bymonthday.clone();
        let mut byweekday_list = parts.byweekday.clone();
        let no_day_rule = parts.byweekno.is_none()
            && parts.byyearday.is_none()
            && parts.bymonthday.is_none()
            && parts.byweekday.is_none();
        if no_day_rule {
            match freq {
                Freq::Yearly => {
                    if parts.bymonth.is_none() {
                        bymonth = 1 << dtstart.month();
                    }
                    bymonthday_list = Some(vec![i64::from(dtstart.day())]);
                }
                Freq::Monthly => bymonthday_list = Some(vec![i64::from(dtstart.day())]),
                Freq::Weekly => {
                    byweekday_list =
                        Some(vec![(dtstart.weekday().num_days_from_monday() as u8, None)])
                }
                _ => {}
            }
        }
        let (mut bymonthday, mut bynmonthday) = (0u32, 0u32);
        for &d in bymonthday_list.iter().flatten() {
            if (1..=31).contains(&d) {
                bymonthday |= 1 << d;
            } else if (-31..=-1).contains(&d) {
                bynmonthday |= 1 << (-d);
            }
        }
        let (mut byweekday, mut bynweekday) = (0u8, Vec::new());
        for &(w, n) in byweekday_list.iter().flatten() {
            match n {
                // The ordinal only counts for monthly and yearly rules; finer ones ignore it.
                Some(n) if n != 0 && freq <= Freq::Monthly => {
                    if !bynweekday.contains(&(w, n)) {
                        bynweekday.push((w, n))
                    }
                }
                _ => byweekday |= 1 << w,
            }
        }
        let byhour = match &parts.byhour {
            None if freq < Freq::Hourly => Some(1u32 << dtstart.hour()),
            None => None,
            Some(v) if freq == Freq::Hourly => {
                Some(reachable(v, dtstart.hour(), interval, 24)? as u32)
            }
            Some(v) => Some(mask_of(v) as u32),
        };
        let byminute = match &parts.byminute {
            None if freq < Freq::Minutely => Some(1u64 << dtstart.minute()),
            None => None,
            Some(v) if freq == Freq::Minutely => {
                Some(reachable(v, dtstart.minute(), interval, 60)?)
            }
            Some(v) => Some(mask_of(v)),
        };
        let bysecond = match &parts.bysecond {
            None if freq < Freq::Secondly => Some(1u64 << dtstart.second()),
            None => None,
            Some(v) if freq == Freq::Secondly => {
                Some(reachable(v, dtstart.second(), interval, 60)?)
            }
            Some(v) => Some(mask_of(v)),
        };
        let mut timeset = Vec::new();
        if freq < Freq::Hourly {
            for h in bits(u64::from(byhour.unwrap_or(0)), 24) {
                for m in bits(byminute.unwrap_or(0), 60) {
                    for s in bits(bysecond.unwrap_or(0), 60) {
                        timeset.extend(NaiveTime::from_hms_opt(h, m, s));
                    }
                }
            }
        }
        let mut bysetpos: Vec<i64> = Vec::new();
        for &p in parts.bysetpos.iter().flatten() {
            if !bysetpos.contains(&p) {
                bysetpos.push(p);
            }
        }
        Ok(Rule {
            freq,
            interval,
            dtstart,
            until,
            count: parts.count.map(|c| c.max(0) as u64),
            wkst: parts.wkst.unwrap_or(0),
            bymonth,
            bymonthday,
            bynmonthday,
            byyearday: parts.byyearday.clone().unwrap_or_default(),
            byweekno: parts.byweekno.clone().unwrap_or_default(),
            byweekday,
            bynweekday,
            byhour,
            byminute,
            bysecond,
            bysetpos,
            timeset,
        })
    }

    /// The largest number of instances one period can hold (for `BYSETPOS` range checks).
    pub(crate) fn max_period_size(&self) -> u64 {
        let times = |m: Option<u64>| m.map_or(1, |m| u64::from(m.count_ones()));
        match self.freq {
            Freq::Yearly => 366 * self.timeset.len() as u64,
            Freq::Monthly => 31 * self.timeset.len() as u64,
            Freq::Weekly => 7 * self.timeset.len() as u64,
            Freq::Daily => self.timeset.len() as u64,
            Freq::Hourly => times(self.byminute) * times(self.bysecond),
            Freq::Minutely => times(self.bysecond),
            Freq::Secondly => 1,
        }
    }

    /// Iterates the rule's occurrences in order.
    pub(crate) fn iter(&self) -> RuleIter<'_> {
        RuleIter::new(self)
    }
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn year_len(y: i32) -> i64 {
    if is_leap(y) {
        366
    } else {
        365
    }
}

/// Per-year lookup tables, indexed by day of year (0-based) with 7 extra days of January of the
/// next year so a week that crosses New Year can be read from the year it starts in.
struct YearInfo {
    year: i32,
    len: i64,
    next_len: i64,
    jan1: NaiveDate,
    jan1_wd: i64,
    /// Start index of each month, plus the year length at [12].
    mstart: [i64; 13],
    month: Vec<u8>,
    mday: Vec<i8>,
    nmday: Vec<i8>,
    /// Days selected by BYWEEKNO (empty when the rule has none).
    wno: Vec<bool>,
    /// Days selected by ordinal weekdays, for the month/year being iterated (empty: no filter).
    nwd: Vec<bool>,
    nwd_key: Option<(i32, u32)>,
}

impl YearInfo {
    fn new(rule: &Rule, year: i32) -> YearInfo {
        let len = year_len(year);
        let jan1 = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN);
        let mut mstart = [0i64; 13];
        let mut month = Vec::with_capacity(len as usize + 7);
        let mut mday = Vec::with_capacity(len as usize + 7);
        let mut nmday = Vec::with_capacity(len as usize + 7);
        for m in 1..=12u32 {
            let dim = days_in_month(year, m);
            mstart[m as usize] = mstart[m as usize - 1] + dim;
            for d in 1..=dim {
                month.push(m as u8);
                mday.push(d as i8);
                nmday.push((d - dim - 1) as i8);
            }
        }
        for d in 1..=7i64 {
            month.push(1);
            mday.push(d as i8);
            nmday.push((d - 32) as i8);
        }
        let mut info = YearInfo {
            year,
            len,
            next_len: year_len(year + 1),
            jan1,
            jan1_wd: i64::from(jan1.weekday().num_days_from_monday()),
            mstart,
            month,
            mday,
            nmday,
            wno: Vec::new(),
            nwd: Vec::new(),
            nwd_key: None,
        };
        if !rule.byweekno.is_empty() {
            info.build_weekno(rule);
        }
        info
    }

    fn wday(&self, i: i64) -> i64 {
        (self.jan1_wd + i).rem_euclid(7)
    }

    /// Week numbers with `wkst` (ISO-like: week 1 is the first with at least 4 days in the year),
    /// including dateutil's handling of the weeks shared with the previous and next years.
    fn build_weekno(&mut self, rule: &Rule) {
        let wkst = i64::from(rule.wkst);
        let len = self.len;
        let mut mask = vec![false; len as usize + 7];
        let first_wkst = (7 - self.jan1_wd + wkst).rem_euclid(7);
        let (no1wkst, wyearlen) = if first_wkst >= 4 {
            (0, len + (self.jan1_wd - wkst).rem_euclid(7))
        } else {
            (first_wkst, len - first_wkst)
        };
        let numweeks = wyearlen / 7 + (wyearlen % 7) / 4;
        let shift = if no1wkst != first_wkst {
            7 - first_wkst
        } else {
            0
        };
        let mark_week = |mask: &mut Vec<bool>, mut i: i64| {
            for _ in 0..7 {
                if let Some(slot) = usize::try_from(i).ok().and_then(|u| mask.get_mut(u)) {
                    *slot = true;
                }
                i += 1;
                if self.wday(i) == wkst {
                    break;
                }
            }
        };
        for &n0 in &rule.byweekno {
            let n = if n0 < 0 { n0 + numweeks + 1 } else { n0 };
            if !(1..=numweeks).contains(&n) {
                continue;
            }
            let start = if n > 1 {
                no1wkst + (n - 1) * 7 - shift
            } else {
                no1wkst
            };
            mark_week(&mut mask, start);
        }
        if rule.byweekno.contains(&1) {
            // Week 1 of the next year may start in this year's last days.
            let start = no1wkst + numweeks * 7 - shift;
            if start < len {
                mark_week(&mut mask, start);
            }
        }
        if no1wkst != 0 {
            // The days before week 1 belong to the previous year's last week.
            let lnumweeks = if rule.byweekno.contains(&-1) {
                -1
            } else {
                let prev_jan1 = NaiveDate::from_ymd_opt(self.year - 1, 1, 1)
                    .map_or(0, |d| i64::from(d.weekday().num_days_from_monday()));
                let lno1wkst = (7 - prev_jan1 + wkst).rem_euclid(7);
                if lno1wkst >= 4 {
                    52 + ((year_len(self.year - 1) + (prev_jan1 - wkst).rem_euclid(7)) % 7) / 4
                } else {
                    // dateutil uses this year's length here; kept for identical results.
                    52 + ((len - no1wkst) % 7) / 4
                }
            };
            if rule.byweekno.contains(&lnumweeks) {
                for slot in mask.iter_mut().take(no1wkst as usize) {
                    *slot = true;
                }
            }
        }
        self.wno = mask;
    }

    /// Rebuilds the ordinal-weekday mask for `month` when the rule has ordinal weekdays.
    fn prepare_nth(&mut self, rule: &Rule, month: u32) {
        if rule.bynweekday.is_empty() || self.nwd_key == Some((self.year, month)) {
            return;
        }
        self.nwd_key = Some((self.year, month));
        let mut ranges: Vec<(i64, i64)> = Vec::new();
        match rule.freq {
            Freq::Yearly if rule.bymonth != 0 => {
                for m in bits(u64::from(rule.bymonth), 13).filter(|m| (1..=12).contains(m)) {
                    ranges.push((self.mstart[m as usize - 1], self.mstart[m as usize]));
                }
            }
            Freq::Yearly => ranges.push((0, self.len)),
            Freq::Monthly => {
                let m = month.clamp(1, 12) as usize;
                ranges.push((self.mstart[m - 1], self.mstart[m]))
            }
            _ => return,
        }
        let mut mask = vec![false; self.len as usize];
        for (first, end) in ranges {
            let last = end - 1;
            for &(wd, n) in &rule.bynweekday {
                let wd = i64::from(wd);
                let i = if n < 0 {
                    let i = last + (n + 1) * 7;
                    i - (self.wday(i) - wd).rem_euclid(7)
                } else {
                    let i = first + (n - 1) * 7;
                    i + (7 - self.wday(i) + wd).rem_euclid(7)
                };
                if first <= i && i <= last {
                    mask[i as usize] = true;
                }
            }
        }
        self.nwd = mask;
    }

    /// Whether day `i` of this year passes every day-level filter of the rule.
    fn day_ok(&self, r: &Rule, i: i64) -> bool {
        let u = i as usize;
        if r.bymonth != 0 && r.bymonth & (1 << self.month[u]) == 0 {
            return false;
        }
        if !r.byweekno.is_empty() && !self.wno.get(u).copied().unwrap_or(false) {
            return false;
        }
        if r.byweekday != 0 && r.byweekday & (1 << self.wday(i)) == 0 {
            return false;
        }
        if !self.nwd.is_empty() && !self.nwd.get(u).copied().unwrap_or(false) {
            return false;
        }
        if (r.bymonthday | r.bynmonthday) != 0
            && r.bymonthday & (1 << self.mday[u]) == 0
            && r.bynmonthday & (1 << (-self.nmday[u])) == 0
        {
            return false;
        }
        if !r.byyearday.is_empty() {
            let (pos, neg) = if i < self.len {
                (i + 1, i - self.len)
            } else {
                (i + 1 - self.len, i - self.len - self.next_len)
            };
            if !r.byyearday.contains(&pos) && !r.byyearday.contains(&neg) {
                return false;
            }
        }
        true
    }

    fn date(&self, i: i64) -> Option<NaiveDate> {
        self.jan1
            .checked_add_days(chrono::Days::new(u64::try_from(i).ok()?))
    }
}

fn days_in_month(year: i32, month: u32) -> i64 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(year) => 29,
        _ => 28,
    }
}

/// Picks `BYSETPOS` positions from a flattened, ordered candidate list (sorted, deduplicated).
fn apply_setpos(setpos: &[i64], all: &[NaiveDateTime], out: &mut Vec<NaiveDateTime>) {
    let total = all.len() as i64;
    for &p in setpos {
        let idx = if p > 0 { p - 1 } else { total + p };
        if (0..total).contains(&idx) {
            let v = all[idx as usize];
            if !out.contains(&v) {
                out.push(v);
            }
        }
    }
    out.sort_unstable();
}

/// The iterator behind [`Rule::iter`].
pub(crate) struct RuleIter<'a> {
    r: &'a Rule,
    info: YearInfo,
    /// Calendar cursor: the year/month of the period (yearly, monthly) or its first day.
    year: i32,
    month: u32,
    day: NaiveDate,
    /// Sub-daily grid: `base` + `k` * `interval` units, counted from 0001-01-01 00:00.
    base: i64,
    k: i128,
    buf: Vec<NaiveDateTime>,
    scratch: Vec<NaiveDateTime>,
    pos: usize,
    remaining: Option<u64>,
    empty: u64,
    done: bool,
}

/// Units (hours, minutes or seconds) from 0001-01-01 00:00:00 to `t`.
fn units_of(t: NaiveDateTime, unit: i64) -> i64 {
    let days = i64::from(t.date().num_days_from_ce() - 1);
    (days * 86_400 + i64::from(t.time().num_seconds_from_midnight())) / unit
}

impl<'a> RuleIter<'a> {
    fn new(r: &'a Rule) -> RuleIter<'a> {
        let d = r.dtstart.date();
        let mut info = YearInfo::new(r, d.year());
        info.prepare_nth(r, d.month());
        RuleIter {
            r,
            info,
            year: d.year(),
            month: d.month(),
            day: d,
            base: units_of(r.dtstart, r.freq.unit_seconds()),
            k: 0,
            buf: Vec::new(),
            scratch: Vec::new(),
            pos: 0,
            remaining: r.count,
            empty: 0,
            done: false,
        }
    }

    fn ensure_year(&mut self, year: i32) {
        if self.info.year != year {
            self.info = YearInfo::new(self.r, year);
        }
    }

    /// Fills `buf` with the instances of the current period and moves to the next one.
    fn fill(&mut self) {
        self.buf.clear();
        self.pos = 0;
        if self.r.freq >= Freq::Hourly {
            self.fill_subdaily();
        } else {
            self.fill_calendar();
        }
    }

    fn fill_calendar(&mut self) {
        let r = self.r;
        let (start, end) = match r.freq {
            Freq::Yearly => {
                self.ensure_year(self.year);
                self.info.prepare_nth(r, self.month);
                (0, self.info.len)
            }
            Freq::Monthly => {
                self.ensure_year(self.year);
                self.info.prepare_nth(r, self.month);
                let m = self.month as usize;
                (self.info.mstart[m - 1], self.info.mstart[m])
            }
            _ => {
                self.ensure_year(self.day.year());
                let i = i64::from(self.day.ordinal0());
                let mut end = i + 1;
                if r.freq == Freq::Weekly {
                    // The first week starts at DTSTART's day; later ones at WKST.
                    while end - i < 7 && self.info.wday(end) != i64::from(r.wkst) {
                        end += 1;
                    }
                }
                (i, end)
            }
        };
        self.scratch.clear();
        for i in start..end {
            if self.info.day_ok(r, i) {
                if let Some(date) = self.info.date(i) {
                    for t in &r.timeset {
                        self.scratch.push(date.and_time(*t));
                    }
                }
            }
        }
        if r.bysetpos.is_empty() {
            std::mem::swap(&mut self.buf, &mut self.scratch);
        } else {
            apply_setpos(&r.bysetpos, &self.scratch, &mut self.buf);
        }
        self.advance_calendar();
    }

    fn advance_calendar(&mut self) {
        let r = self.r;
        let iv = i128::from(r.interval);
        match r.freq {
            Freq::Yearly => match i32::try_from(i128::from(self.year) + iv) {
                Ok(y) if y <= MAX_YEAR => self.year = y,
                _ => self.done = true,
            },
            Freq::Monthly => {
                let idx = i128::from(self.year) * 12 + i128::from(self.month - 1) + iv;
                match i32::try_from(idx.div_euclid(12)) {
                    Ok(y) if y <= MAX_YEAR => {
                        self.year = y;
                        self.month = idx.rem_euclid(12) as u32 + 1;
                    }
                    _ => self.done = true,
                }
            }
            _ => {
                let step = if r.freq == Freq::Weekly {
                    let back = (i128::from(self.day.weekday().num_days_from_monday())
                        - i128::from(r.wkst))
                    .rem_euclid(7);
                    iv * 7 - back
                } else {
                    iv
                };
                let next = u64::try_from(step)
                    .ok()
                    .and_then(|s| self.day.checked_add_days(chrono::Days::new(s)));
                match next {
                    Some(d) if d.year() <= MAX_YEAR => self.day = d,
                    _ => self.done = true,
                }
            }
        }
    }

    fn fill_subdaily(&mut self) {
        let r = self.r;
        let unit = r.freq.unit_seconds();
        let per_day = 86_400 / unit;
        let point = i128::from(self.base) + self.k * i128::from(r.interval);
        let Ok(point) = i64::try_from(point) else {
            self.done = true;
            return;
        };
        let day_num = point.div_euclid(per_day);
        let tod = point.rem_euclid(per_day) * unit;
        let date = i32::try_from(day_num + 1)
            .ok()
            .and_then(NaiveDate::from_num_days_from_ce_opt);
        let Some(date) = date.filter(|d| d.year() <= MAX_YEAR) else {
            self.done = true;
            return;
        };
        self.ensure_year(date.year());
        if !self.info.day_ok(r, i64::from(date.ordinal0())) {
            // dateutil jumps to the grid's first step on a later day.
            self.jump_to((day_num + 1) * per_day);
            return;
        }
        let (h, m, s) = (
            (tod / 3600) as u32,
            (tod / 60 % 60) as u32,
            (tod % 60) as u32,
        );
        let hour_ok = r.byhour.is_none_or(|b| b & (1 << h) != 0);
        let minute_ok = r.freq < Freq::Minutely || r.byminute.is_none_or(|b| b & (1 << m) != 0);
        let second_ok = r.freq < Freq::Secondly || r.bysecond.is_none_or(|b| b & (1 << s) != 0);
        if !(hour_ok && minute_ok && second_ok) {
            let next = next_allowed_tod(r, h, m, s, unit);
            let target = match next {
                Some(t) => day_num * per_day + t / unit,
                None => (day_num + 1) * per_day,
            };
            self.jump_to(target);
            return;
        }
        self.scratch.clear();
        let mins: Vec<u32> = match r.freq {
            Freq::Hourly => bits(r.byminute.unwrap_or(0), 60).collect(),
            _ => vec![m],
        };
        let secs: Vec<u32> = match r.freq {
            Freq::Secondly => vec![s],
            _ => bits(r.bysecond.unwrap_or(0), 60).collect(),
        };
        for &mm in &mins {
            for &ss in &secs {
                if let Some(t) = NaiveTime::from_hms_opt(h, mm, ss) {
                    self.scratch.push(date.and_time(t));
                }
            }
        }
        if r.bysetpos.is_empty() {
            std::mem::swap(&mut self.buf, &mut self.scratch);
        } else {
            apply_setpos(&r.bysetpos, &self.scratch, &mut self.buf);
        }
        self.k += 1;
    }

    /// Moves the grid to its first step at or after `target` units (always forward).
    fn jump_to(&mut self, target: i64) {
        let iv = i128::from(self.r.interval.max(1));
        let delta = i128::from(target) - i128::from(self.base);
        let k = (delta + iv - 1).div_euclid(iv);
        self.k = k.max(self.k + 1);
    }
}

/// The first time of day after the grid unit at h:m:s allowed by the rule's hour/minute/second
/// filters at its own level, in seconds from midnight.
fn next_allowed_tod(r: &Rule, h: u32, m: u32, s: u32, unit: i64) -> Option<i64> {
    let hours = r.byhour.map_or(u64::MAX, u64::from);
    let mins = if r.freq >= Freq::Minutely {
        r.byminute.unwrap_or(u64::MAX)
    } else {
        u64::MAX
    };
    let secs = if r.freq >= Freq::Secondly {
        r.bysecond.unwrap_or(u64::MAX)
    } else {
        u64::MAX
    };
    // Past the end of the current grid unit: nothing inside it can be a later step.
    let cur = i64::from(h * 3600 + m * 60 + s) + unit - 1;
    for hh in h..24 {
        if hours & (1 << hh) == 0 {
            continue;
        }
        for mm in 0..60u32 {
            if mins & (1 << mm) == 0 {
                continue;
            }
            if hh == h && mm < m {
                continue;
            }
            for ss in 0..60u32 {
                if secs & (1 << ss) == 0 {
                    continue;
                }
                let t = i64::from(hh * 3600 + mm * 60 + ss);
                if t > cur {
                    return Some(t);
                }
            }
        }
    }
    None
}

impl Iterator for RuleIter<'_> {
    type Item = NaiveDateTime;

    fn next(&mut self) -> Option<NaiveDateTime> {
        loop {
            while self.pos < self.buf.len() {
                let v = self.buf[self.pos];
                self.pos += 1;
                if self.r.until.is_some_and(|u| v > u) {
                    self.done = true;
                    self.buf.clear();
                    return None;
                }
                if v >= self.r.dtstart {
                    if let Some(c) = self.remaining.as_mut() {
                        if *c == 0 {
                            self.done = true;
                            self.buf.clear();
                            return None;
                        }
                        *c -= 1;
                    }
                    self.empty = 0;
                    return Some(v);
                }
            }
            if self.done {
                return None;
            }
            self.fill();
            self.empty += 1;
            if self.empty > self.r.freq.empty_bound() {
                self.done = true;
            }
        }
    }
}

/// Merges several rules' streams in order, dropping duplicates (dateutil's `rruleset`).
pub(crate) struct Union<'a> {
    heads: Vec<(Option<NaiveDateTime>, RuleIter<'a>)>,
    last: Option<NaiveDateTime>,
}

impl<'a> Union<'a> {
    pub(crate) fn new(rules: &'a [Rule]) -> Union<'a> {
        let heads = rules
            .iter()
            .map(|r| {
                let mut it = r.iter();
                (it.next(), it)
            })
            .collect();
        Union { heads, last: None }
    }
}

impl Iterator for Union<'_> {
    type Item = NaiveDateTime;

    fn next(&mut self) -> Option<NaiveDateTime> {
        loop {
            let (idx, v) = self
                .heads
                .iter()
                .enumerate()
                .filter_map(|(i, (h, _))| h.map(|v| (i, v)))
                .min_by_key(|&(_, v)| v)?;
            let (head, it) = &mut self.heads[idx];
            *head = it.next();
            if self.last != Some(v) {
                self.last = Some(v);
                return Some(v);
            }
        }
    }
}
