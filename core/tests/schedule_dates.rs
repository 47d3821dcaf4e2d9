//! Run dates of execution schedules, checked against python-dateutil 2.9.0.post0.
//!
//! Every expected list below was produced by building the same request body the way the
//! manager's `get_rrule` does with dateutil and taking its first N dates.

use baton_core::schedule::{format_occurrence, Schedule, ScheduleRequest};
use chrono::NaiveDateTime;

fn schedule(body: &str) -> Schedule {
    let req: ScheduleRequest = serde_json::from_str(body).expect("body");
    req.validate()
        .unwrap_or_else(|e| panic!("{body}: {} {e}", e.kind()))
}

fn dt(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").expect("datetime")
}

/// (name, request body, how many dates to take, dateutil's dates).
#[rustfmt::skip]
const CASES: &[(&str, &str, usize, &[&str])] = &[
        (
            "month_end",
            r#"{"since": "2025-01-31T10:00:00", "recurrence": "1 month"}"#,
            6,
            &[
            "2025-01-31 10:00:00",
            "2025-03-31 10:00:00",
            "2025-05-31 10:00:00",
            "2025-07-31 10:00:00",
            "2025-08-31 10:00:00",
            "2025-10-31 10:00:00"
            ],
        ),
        (
            "leap",
            r#"{"since": "2024-02-29T08:00:00", "recurrence": "1 year"}"#,
            3,
            &[
            "2024-02-29 08:00:00",
            "2028-02-29 08:00:00",
            "2032-02-29 08:00:00"
            ],
        ),
        (
            "leap_daily_grid",
            r#"{"since": "2024-02-27T08:00:00", "recurrence": "1 day"}"#,
            4,
            &[
            "2024-02-27 08:00:00",
            "2024-02-28 08:00:00",
            "2024-02-29 08:00:00",
            "2024-03-01 08:00:00"
            ],
        ),
        (
            "biweekly",
            r#"{"since": "2025-01-01T10:00:00", "recurrence": "2 weeks", "weekdays": ["mo", "fr"]}"#,
            6,
            &[
            "2025-01-03 10:00:00",
            "2025-01-13 10:00:00",
            "2025-01-17 10:00:00",
            "2025-01-27 10:00:00",
            "2025-01-31 10:00:00",
            "2025-02-10 10:00:00"
            ],
        ),
        (
            "last_fri",
            r#"{"since": "2025-01-01T18:00:00", "recurrence": "1 month", "weekdays": ["l-fr"]}"#,
            4,
            &[
            "2025-01-31 18:00:00",
            "2025-02-28 18:00:00",
            "2025-03-28 18:00:00",
            "2025-04-25 18:00:00"
            ],
        ),
        (
            "yearly_cx",
            r#"{"since": "2025-01-01T06:00:00", "recurrence": "1 year", "weekdays": ["2mo", "L-SU"]}"#,
            4,
            &[
            "2025-01-13 06:00:00",
            "2025-12-28 06:00:00",
            "2026-01-12 06:00:00",
            "2026-12-27 06:00:00"
            ],
        ),
        (
            "count_wd",
            r#"{"since": "2025-01-01T09:00:00", "recurrence": "1 week", "weekdays": ["mo", "we", "fr"], "count": 4}"#,
            10,
            &[
            "2025-01-01 09:00:00",
            "2025-01-03 09:00:00",
            "2025-01-06 09:00:00",
            "2025-01-08 09:00:00"
            ],
        ),
        (
            "count_wd_monthly",
            r#"{"since": "2025-01-01T09:00:00", "recurrence": "2 months", "weekdays": ["1mo", "l-fr"], "count": 5}"#,
            10,
            &[
            "2025-01-06 09:00:00",
            "2025-01-31 09:00:00",
            "2025-03-03 09:00:00",
            "2025-03-28 09:00:00",
            "2025-05-05 09:00:00"
            ],
        ),
        (
            "until_incl",
            r#"{"since": "2025-01-01T10:00:00", "until": "2025-01-03T10:00:00", "recurrence": "1d"}"#,
            10,
            &[
            "2025-01-01 10:00:00",
            "2025-01-02 10:00:00",
            "2025-01-03 10:00:00"
            ],
        ),
        (
            "hourly_wd",
            r#"{"since": "2025-01-03T22:00:00", "recurrence": "5 hours", "weekdays": ["sa"]}"#,
            6,
            &[
            "2025-01-04 03:00:00",
            "2025-01-04 08:00:00",
            "2025-01-04 13:00:00",
            "2025-01-04 18:00:00",
            "2025-01-04 23:00:00",
            "2025-01-11 00:00:00"
            ],
        ),
        (
            "daily2_mo",
            r#"{"since": "2025-01-01T10:00:00", "recurrence": "2 days", "weekdays": ["mo"]}"#,
            4,
            &[
            "2025-01-13 10:00:00",
            "2025-01-27 10:00:00",
            "2025-02-10 10:00:00",
            "2025-02-24 10:00:00"
            ],
        ),
        (
            "once",
            r#"{"since": "2025-01-01T10:00:00.700000", "count": 1}"#,
            3,
            &[
            "2025-01-01 10:00:00"
            ],
        ),
        (
            "rr_setpos",
            r#"{"since": "2025-01-01T17:00:00", "rrule": "RRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"}"#,
            4,
            &[
            "2025-01-31 17:00:00",
            "2025-02-28 17:00:00",
            "2025-03-31 17:00:00",
            "2025-04-30 17:00:00"
            ],
        ),
        (
            "rr_nmday",
            r#"{"since": "2025-01-01T12:00:00", "rrule": "FREQ=MONTHLY;BYMONTHDAY=-1,-3"}"#,
            5,
            &[
            "2025-01-29 12:00:00",
            "2025-01-31 12:00:00",
            "2025-02-26 12:00:00",
            "2025-02-28 12:00:00",
            "2025-03-29 12:00:00"
            ],
        ),
        (
            "rr_yday",
            r#"{"since": "2025-01-01T12:00:00", "rrule": "FREQ=YEARLY;BYYEARDAY=1,-1,60"}"#,
            6,
            &[
            "2025-01-01 12:00:00",
            "2025-03-01 12:00:00",
            "2025-12-31 12:00:00",
            "2026-01-01 12:00:00",
            "2026-03-01 12:00:00",
            "2026-12-31 12:00:00"
            ],
        ),
        (
            "rr_weekno",
            r#"{"since": "2025-01-01T09:00:00", "rrule": "FREQ=YEARLY;BYWEEKNO=1,-1;BYDAY=MO"}"#,
            6,
            &[
            "2025-12-22 09:00:00",
            "2025-12-29 09:00:00",
            "2026-12-28 09:00:00",
            "2027-01-04 09:00:00",
            "2027-12-27 09:00:00",
            "2028-01-03 09:00:00"
            ],
        ),
        (
            "rr_weekno20",
            r#"{"since": "1997-01-01T09:00:00", "rrule": "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO"}"#,
            3,
            &[
            "1997-05-12 09:00:00",
            "1998-05-11 09:00:00",
            "1999-05-17 09:00:00"
            ],
        ),
        (
            "rr_wkst_mo",
            r#"{"since": "1997-08-05T09:00:00", "rrule": "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO"}"#,
            10,
            &[
            "1997-08-05 09:00:00",
            "1997-08-10 09:00:00",
            "1997-08-19 09:00:00",
            "1997-08-24 09:00:00"
            ],
        ),
        (
            "rr_wkst_su",
            r#"{"since": "1997-08-05T09:00:00", "rrule": "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU"}"#,
            10,
            &[
            "1997-08-05 09:00:00",
            "1997-08-17 09:00:00",
            "1997-08-19 09:00:00",
            "1997-08-31 09:00:00"
            ],
        ),
        (
            "rr_dtstart",
            r#"{"since": "2025-01-01T00:00:00", "until": "2025-01-05T00:00:00", "rrule": "DTSTART:20240101T083000\nRRULE:FREQ=DAILY;INTERVAL=3"}"#,
            3,
            &[
            "2024-01-01 08:30:00",
            "2024-01-04 08:30:00",
            "2024-01-07 08:30:00"
            ],
        ),
        (
            "rr_until_wins",
            r#"{"since": "2025-01-01T08:00:00", "until": "2025-01-10 00:00:00", "rrule": "FREQ=DAILY;UNTIL=20250103T080000"}"#,
            10,
            &[
            "2025-01-01 08:00:00",
            "2025-01-02 08:00:00",
            "2025-01-03 08:00:00"
            ],
        ),
        (
            "rr_sched_until",
            r#"{"since": "2025-01-01T08:00:00", "until": "2025-01-03 08:00:00", "rrule": "FREQ=DAILY"}"#,
            10,
            &[
            "2025-01-01 08:00:00",
            "2025-01-02 08:00:00",
            "2025-01-03 08:00:00"
            ],
        ),
        (
            "rr_minutely",
            r#"{"since": "2025-01-01T00:00:00", "rrule": "DTSTART:20240101T083000\nRRULE:FREQ=MINUTELY;INTERVAL=45;BYHOUR=8,9,10"}"#,
            6,
            &[
            "2024-01-01 08:30:00",
            "2024-01-01 09:15:00",
            "2024-01-01 10:00:00",
            "2024-01-01 10:45:00",
            "2024-01-02 08:30:00",
            "2024-01-02 09:15:00"
            ],
        ),
        (
            "rr_fri13",
            r#"{"since": "2025-01-01T13:13:00", "rrule": "FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13"}"#,
            3,
            &[
            "2025-06-13 13:13:00",
            "2026-02-13 13:13:00",
            "2026-03-13 13:13:00"
            ],
        ),
        (
            "rr_byday_n_yearly",
            r#"{"since": "2025-01-01T10:00:00", "rrule": "FREQ=YEARLY;BYDAY=20MO,-1FR"}"#,
            4,
            &[
            "2025-05-19 10:00:00",
            "2025-12-26 10:00:00",
            "2026-05-18 10:00:00",
            "2026-12-25 10:00:00"
            ],
        ),
        (
            "rr_months_nth",
            r#"{"since": "2025-01-01T10:00:00", "rrule": "FREQ=YEARLY;BYMONTH=3,11;BYDAY=-1SU,+2TU"}"#,
            4,
            &[
            "2025-03-11 10:00:00",
            "2025-03-30 10:00:00",
            "2025-11-11 10:00:00",
            "2025-11-30 10:00:00"
            ],
        ),
        (
            "rr_daily_times",
            r#"{"since": "2025-01-01T12:00:00", "rrule": "FREQ=DAILY;BYHOUR=9,17;BYMINUTE=0,30;BYSETPOS=1,-1"}"#,
            4,
            &[
            "2025-01-01 17:30:00",
            "2025-01-02 09:00:00",
            "2025-01-02 17:30:00",
            "2025-01-03 09:00:00"
            ],
        ),
        (
            "rr_mo_tu_quirk",
            r#"{"since": "2025-01-01T10:00:00", "rrule": "FREQ=MONTHLY;BYDAY=MO,1TU;COUNT=3"}"#,
            3,
            &[
            
            ],
        ),
        (
            "rr_weekly_nth_ignored",
            r#"{"since": "2025-01-01T10:00:00", "rrule": "FREQ=WEEKLY;BYDAY=1MO"}"#,
            3,
            &[
            "2025-01-06 10:00:00",
            "2025-01-13 10:00:00",
            "2025-01-20 10:00:00"
            ],
        ),
        (
            "rr_hourly_byhour",
            r#"{"since": "2025-01-01T09:30:00", "rrule": "FREQ=HOURLY;INTERVAL=2;BYHOUR=3,11"}"#,
            4,
            &[
            "2025-01-01 11:30:00",
            "2025-01-02 03:30:00",
            "2025-01-02 11:30:00",
            "2025-01-03 03:30:00"
            ],
        ),
        (
            "rr_secondly",
            r#"{"since": "2025-01-01T00:00:00", "rrule": "FREQ=SECONDLY;INTERVAL=7;BYSECOND=0,30"}"#,
            4,
            &[
            "2025-01-01 00:00:00",
            "2025-01-01 00:03:30",
            "2025-01-01 00:07:00",
            "2025-01-01 00:10:30"
            ],
        ),
        (
            "rr_dtstart_date",
            r#"{"since": "2025-01-01T10:00:00", "rrule": "DTSTART;VALUE=DATE:20250105 RRULE:FREQ=WEEKLY;COUNT=2"}"#,
            3,
            &[
            "2025-01-05 00:00:00",
            "2025-01-12 00:00:00"
            ],
        ),
];

#[test]
fn occurrences_match_dateutil() {
    for (name, body, n, expected) in CASES {
        let req: ScheduleRequest = serde_json::from_str(body).expect("body");
        let got: Vec<String> = match req.validate() {
            Ok(s) => s.occurrences().take(*n).map(format_occurrence).collect(),
            // dateutil yields nothing for these; Baton refuses them up front.
            Err(e) => {
                assert!(expected.is_empty(), "{name}: {} {e}", e.kind());
                assert_eq!(e.kind(), "no_occurrences", "{name}");
                continue;
            }
        };
        assert_eq!(&got, expected, "{name}");
    }
}

#[test]
fn month_ends_are_skipped_not_clamped() {
    let s = schedule(r#"{"since": "2025-01-31T10:00:00", "recurrence": "1 month"}"#);
    let months: Vec<u32> = s
        .occurrences()
        .take(7)
        .map(|d| chrono::Datelike::month(&d))
        .collect();
    assert_eq!(months, [1, 3, 5, 7, 8, 10, 12]);
    // Day 30 skips only February, and not in a leap year's... February has no 30th ever.
    let s = schedule(r#"{"since": "2024-01-30T00:00:00", "recurrence": "1mo"}"#);
    assert_eq!(s.occurrences().nth(1), Some(dt("2024-03-30 00:00:00")));
}

#[test]
fn leap_day_yearly_runs_only_in_leap_years() {
    let s = schedule(r#"{"since": "2096-02-29T00:00:00", "recurrence": "1 year"}"#);
    let got: Vec<String> = s.occurrences().take(2).map(format_occurrence).collect();
    // 2100 is not a leap year.
    assert_eq!(got, ["2096-02-29 00:00:00", "2104-02-29 00:00:00"]);
}

#[test]
fn until_is_inclusive_and_microseconds_of_since_are_dropped() {
    let s = schedule(
        r#"{"since": "2025-01-01 10:00:00.900000", "until": "2025-01-02T10:00:00", "recurrence": "1 day"}"#,
    );
    let got: Vec<String> = s.occurrences().map(format_occurrence).collect();
    assert_eq!(got, ["2025-01-01 10:00:00", "2025-01-02 10:00:00"]);
    // An until a microsecond before the second run excludes it.
    let s = schedule(
        r#"{"since": "2025-01-01T10:00:00", "until": "2025-01-02 09:59:59.999999", "recurrence": "1 day"}"#,
    );
    assert_eq!(s.occurrences().count(), 1);
}

#[test]
fn next_after_is_strictly_after_now() {
    let s = schedule(r#"{"since": "2025-01-01T10:00:00", "recurrence": "1 day"}"#);
    assert_eq!(
        s.next_after(dt("2025-01-02 10:00:00")),
        Some(dt("2025-01-03 10:00:00"))
    );
    assert_eq!(
        s.next_after(dt("2024-06-01 00:00:00")),
        Some(dt("2025-01-01 10:00:00"))
    );
    let once = schedule(r#"{"since": "2025-01-01T10:00:00", "count": 1}"#);
    assert_eq!(once.next_after(dt("2025-01-01 10:00:00")), None);
    assert_eq!(
        once.next_after(dt("2025-01-01 09:59:59")),
        Some(dt("2025-01-01 10:00:00"))
    );
}

#[test]
fn all_next_occurrences_includes_now_and_caps_like_the_manager() {
    let s = schedule(r#"{"since": "2025-01-01T00:00:00", "recurrence": "1 min"}"#);
    let now = dt("2025-01-01 00:10:00");
    let all = s.all_next_occurrences(now);
    assert_eq!(all.len(), 1000);
    assert_eq!(all[0], now, "at-or-after, unlike next_after");
    assert_eq!(all[999], dt("2025-01-01 16:49:00"));
    let three = s.next_occurrences(now, 3);
    assert_eq!(
        three,
        [now, dt("2025-01-01 00:11:00"), dt("2025-01-01 00:12:00")]
    );
    // The manager scans at most 100000 instances from `since`: far past them, the list is empty
    // even though the schedule still has runs.
    let late = dt("2025-03-12 00:00:00");
    assert!(s.all_next_occurrences(late).is_empty());
    assert_eq!(s.next_after(late), Some(dt("2025-03-12 00:01:00")));
    // The 100000th instance (index 99999) is still listed.
    let edge = dt("2025-03-11 10:39:00");
    assert_eq!(s.next_occurrences(edge, 5), [edge]);
}

#[test]
fn count_caps_the_union_of_weekday_rules() {
    // Each weekday rule alone would give 3 runs; the union is capped at 3 in total.
    let s = schedule(
        r#"{"since": "2025-01-01T09:00:00", "recurrence": "1 week", "weekdays": ["mo", "fr"], "count": 3}"#,
    );
    let got: Vec<String> = s.occurrences().map(format_occurrence).collect();
    assert_eq!(
        got,
        [
            "2025-01-03 09:00:00",
            "2025-01-06 09:00:00",
            "2025-01-10 09:00:00"
        ]
    );
    // Duplicated weekdays do not count twice.
    let s = schedule(
        r#"{"since": "2025-01-01T09:00:00", "recurrence": "1 week", "weekdays": ["mo", "MO"], "count": 2}"#,
    );
    let got: Vec<String> = s.occurrences().map(format_occurrence).collect();
    assert_eq!(got, ["2025-01-06 09:00:00", "2025-01-13 09:00:00"]);
}

#[test]
fn count_without_weekdays_counts_from_since() {
    let s = schedule(r#"{"since": "2025-01-01T09:00:00", "recurrence": "3h", "count": "4"}"#);
    let got: Vec<String> = s.occurrences().map(format_occurrence).collect();
    assert_eq!(
        got,
        [
            "2025-01-01 09:00:00",
            "2025-01-01 12:00:00",
            "2025-01-01 15:00:00",
            "2025-01-01 18:00:00"
        ]
    );
}

#[test]
fn complex_weekdays_with_years_count_within_the_year() {
    // "1mo" with a yearly recurrence is the first Monday of the year, not of each month.
    let s = schedule(
        r#"{"since": "2025-01-01T00:00:00", "recurrence": "1 year", "weekdays": ["1mo"]}"#,
    );
    let got: Vec<String> = s.occurrences().take(2).map(format_occurrence).collect();
    assert_eq!(got, ["2025-01-06 00:00:00", "2026-01-05 00:00:00"]);
}

#[test]
fn rrule_count_and_until_both_apply() {
    let s = schedule(
        r#"{"since": "2025-01-01T00:00:00", "until": "2025-01-01 20:00:00", "rrule": "FREQ=HOURLY;INTERVAL=5;COUNT=10"}"#,
    );
    assert_eq!(s.occurrences().count(), 5);
}
