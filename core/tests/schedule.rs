//! Execution schedule requests: the manager's grammar and errors, Baton's stricter checks,
//! serde round trips, descriptions and the builder.

use baton_core::schedule::{
    format_occurrence, Nth, ScheduleBuilder, ScheduleError, ScheduleRequest, Unit, Weekday,
};
use chrono::NaiveDateTime;
use serde_json::{json, Value};

fn req(body: Value) -> ScheduleRequest {
    serde_json::from_value(body).expect("request body")
}

fn check(body: Value) -> Result<Vec<String>, ScheduleError> {
    req(body)
        .validate()
        .map(|s| s.occurrences().take(3).map(format_occurrence).collect())
}

fn kind(body: Value) -> String {
    match check(body.clone()) {
        Ok(d) => panic!("{body} accepted: {d:?}"),
        Err(e) => e.kind().to_string(),
    }
}

fn dt(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").expect("datetime")
}

#[test]
fn since_formats_the_manager_accepts() {
    let cases = [
        ("2025-01-02", "2025-01-02 00:00:00"),
        ("2025-01-02T10:00:00", "2025-01-02 10:00:00"),
        ("2025-01-02 10:00:00", "2025-01-02 10:00:00"),
        ("2025-01-02 10:00:00.5", "2025-01-02 10:00:00"),
        ("2025-01-02T10:00:00.123456", "2025-01-02 10:00:00"),
        ("2025-01-02T10:00:00.1Z", "2025-01-02 10:00:00"),
        ("2021-1-1 12:00:00", "2021-01-01 12:00:00"),
        ("2025-01-02t10:00:00", "2025-01-02 10:00:00"),
        ("2025-01-02 \t 9:5:7", "2025-01-02 09:05:07"),
        ("2025-01- 2", "2025-01-02 00:00:00"),
    ];
    for (since, first) in cases {
        let got = check(json!({"since": since, "count": 1})).expect(since);
        assert_eq!(got, [first], "{since}");
    }
}

#[test]
fn since_formats_the_manager_refuses() {
    for bad in [
        "2025-01-02T10:00:00Z",
        "2025-01-02 10:00",
        "2025-02-30",
        "2025-01-02T10:00:60",
        "25-01-02",
        "2025-01-02T10:00:00.1234567",
        "0000-01-01",
        "2025-01-02T24:00:00",
        "2025/01/02",
        "2025-01-011",
    ] {
        let err = req(json!({"since": bad, "count": 1}))
            .validate()
            .unwrap_err();
        assert_eq!(err.kind(), "invalid_time_format", "{bad}");
        assert_eq!(err.to_string(), format!("{bad} is not a legal time format"));
    }
    let err = req(json!({"since": "2025-01-01", "until": "tomorrow", "count": 1}))
        .validate()
        .unwrap_err();
    assert_eq!(err.to_string(), "tomorrow is not a legal time format");
    assert_eq!(kind(json!({"count": 1})), "since_required");
    assert_eq!(kind(json!({"since": "", "count": 1})), "since_required");
}

/// Second run minus first run, in seconds, for a recurrence from a quiet start.
fn step(recurrence: &str) -> Result<i64, String> {
    let s = req(json!({"since": "2025-01-01T00:00:00", "recurrence": recurrence}))
        .validate()
        .map_err(|e| format!("{}: {e}", e.kind()))?;
    let d: Vec<NaiveDateTime> = s.occurrences().take(2).collect();
    Ok((d[1] - d[0]).num_seconds())
}

#[test]
fn recurrence_units_abbreviations_spaces_and_plurals() {
    let day = 86_400;
    let cases: &[(&str, i64)] = &[
        ("30 sec", 30),
        ("30secs", 30),
        ("30 second", 30),
        ("30 seconds", 30),
        ("5 min", 300),
        ("5 mins", 300),
        ("5minute", 300),
        ("1 minutes", 60),
        ("2 h", 7200),
        ("2hs", 7200),
        ("2 hour", 7200),
        ("2hours", 7200),
        ("1d", day),
        ("3 ds", 3 * day),
        ("1 day", day),
        ("2 days", 2 * day),
        ("2w", 14 * day),
        ("1 ws", 7 * day),
        ("1 week", 7 * day),
        ("3 weeks", 21 * day),
        ("1mo", 31 * day),
        ("1 mos", 31 * day),
        ("1 month", 31 * day),
        ("12months", 365 * day),
        ("1y", 365 * day),
        ("1 ys", 365 * day),
        ("1 year", 365 * day),
        ("2 years", 730 * day),
        ("007 days", 7 * day),
        // Anchored at the end only: leading text is ignored, "1.5 h" is 5 hours.
        ("every 5min", 300),
        ("1.5 h", 5 * 3600),
        ("-2 days", 2 * day),
        // `$` also matches before one final newline.
        ("5 min\n", 300),
    ];
    for (text, seconds) in cases {
        assert_eq!(step(text), Ok(*seconds), "{text:?}");
    }
}

#[test]
fn recurrences_the_manager_refuses() {
    for bad in [
        "5 Min",
        "5 m",
        "2  days",
        "2 days ",
        "5",
        "days",
        "5 wk",
        "5 dayss",
        "5 mon",
        "5 D",
        "five days",
        "5 min\n\n",
        "5 minutess",
    ] {
        let err = req(json!({"since": "2025-01-01", "recurrence": bad}))
            .validate()
            .unwrap_err();
        assert_eq!(err.kind(), "invalid_recurrence", "{bad:?}");
        assert_eq!(
            err.to_string(),
            format!(
                "`{bad}` is not a legal recurrence expression. Supported format is: <number> \
                 seconds|minutes|hours|days|weeks|months|years"
            )
        );
    }
}

#[test]
fn zero_and_huge_intervals() {
    assert_eq!(
        kind(json!({"since": "2025-01-01", "recurrence": "0 days"})),
        "zero_interval"
    );
    assert_eq!(
        kind(json!({"since": "2025-01-01", "recurrence": "000min"})),
        "zero_interval"
    );
    assert_eq!(
        kind(json!({"since": "2025-01-01", "recurrence": "99999999999999999999 days"})),
        "value_out_of_range"
    );
    // A big but representable interval just runs once before year 9999, as in dateutil.
    let once = check(json!({"since": "2025-01-01", "recurrence": "100000 years"})).unwrap();
    assert_eq!(once, ["2025-01-01 00:00:00"]);
}

#[test]
fn weekdays_accepted_forms() {
    // Lower or upper case; "2mo" is the second Monday, not two months.
    let got = check(json!({"since": "2025-01-01", "recurrence": "1 month", "weekdays": ["2mo"]}))
        .unwrap();
    assert_eq!(got[0], "2025-01-13 00:00:00");
    let got =
        check(json!({"since": "2025-01-01", "recurrence": "1 y", "weekdays": ["l-fr"]})).unwrap();
    assert_eq!(got[0], "2025-12-26 00:00:00");
    let got = check(json!({"since": "2025-01-01", "recurrence": "1 w", "weekdays": ["Su", "TH"]}))
        .unwrap();
    assert_eq!(
        got,
        [
            "2025-01-02 00:00:00",
            "2025-01-05 00:00:00",
            "2025-01-09 00:00:00"
        ]
    );
    // Python upper-cases the long s to S.
    let got =
        check(json!({"since": "2025-01-01", "recurrence": "1 w", "weekdays": ["ſu"]})).unwrap();
    assert_eq!(got[0], "2025-01-05 00:00:00");
    // An empty list (or null) means every day.
    for empty in [json!([]), Value::Null, json!("")] {
        let got =
            check(json!({"since": "2025-01-01", "recurrence": "1d", "weekdays": empty})).unwrap();
        assert_eq!(got[1], "2025-01-02 00:00:00");
    }
}

#[test]
fn weekday_errors() {
    for bad in ["5tu", "0mo", "xmo", "", "l_fr", "M O", "1 MO"] {
        let err = req(json!({"since": "2025-01-01", "recurrence": "1mo", "weekdays": ["mo", bad]}))
            .validate()
            .unwrap_err();
        assert_eq!(err.kind(), "invalid_weekday", "{bad}");
        assert!(
            err.to_string().starts_with(&format!(
                "weekdays list contains an invalid weekday `{}`.",
                bad.to_uppercase()
            )),
            "{err}"
        );
    }
    let err = req(json!({"since": "2025-01-01", "recurrence": "2 weeks", "weekdays": ["1mo"]}))
        .validate()
        .unwrap_err();
    assert_eq!(err.kind(), "complex_weekday_requires_months_or_years");
    assert_eq!(
        err.to_string(),
        "complex weekday expression 1MO can only be used with a months|years recurrence, but \
         got week."
    );
    let err = req(json!({"since": "2025-01-01", "count": 1, "weekdays": ["l-fr"]}))
        .validate()
        .unwrap_err();
    assert!(err.to_string().ends_with("but got None."), "{err}");
    for unit in ["1 d", "3 h", "10 min", "5 sec"] {
        assert_eq!(
            kind(json!({"since": "2025-01-01", "recurrence": unit, "weekdays": ["4su"]})),
            "complex_weekday_requires_months_or_years"
        );
    }
    let err = req(json!({"since": "2025-01-01", "recurrence": "1d", "weekdays": "mo"}))
        .validate()
        .unwrap_err();
    assert_eq!(err.kind(), "weekdays_not_list");
    assert_eq!(err.to_string(), "weekdays: expected a list, but got: mo");
    assert_eq!(
        kind(json!({"since": "2025-01-01", "recurrence": "1d", "weekdays": {"mo": 1}})),
        "weekdays_not_list"
    );
    // Pass the manager's prefix-only check, then fail with a 500 there.
    for long in ["MONDAY", "l-sun", "1SU2", "momo", "fr "] {
        assert_eq!(
            kind(json!({"since": "2025-01-01", "recurrence": "1 month", "weekdays": [long]})),
            "weekday_token_too_long",
            "{long}"
        );
    }
    assert_eq!(
        kind(json!({"since": "2025-01-01", "recurrence": "1d", "weekdays": ["mo", 3]})),
        "weekday_not_string"
    );
    assert_eq!(
        kind(json!({"since": "2025-01-01", "count": 1, "weekdays": ["mo"]})),
        "weekdays_without_recurrence"
    );
}

#[test]
fn count_rules() {
    let err = req(json!({"since": "2025-01-01"})).validate().unwrap_err();
    assert_eq!(err.kind(), "recurrence_required");
    assert_eq!(
        err.to_string(),
        "recurrence must be specified for execution count larger than 1"
    );
    for count in [json!(2), json!(0), json!("2"), json!(false)] {
        assert_eq!(
            kind(json!({"since": "2025-01-01", "count": count})),
            "recurrence_required"
        );
    }
    // Without a recurrence only count 1 runs (once, at since); `true` and "1" are int() 1.
    for one in [json!(1), json!("1"), json!(" 1 "), json!(true), json!(1.9)] {
        let got = check(json!({"since": "2025-01-01T10:00:00", "count": one})).unwrap();
        assert_eq!(got, ["2025-01-01 10:00:00"], "{one}");
    }
    let err = req(json!({"since": "2025-01-01", "recurrence": "1d", "count": "abc"}))
        .validate()
        .unwrap_err();
    assert_eq!(err.kind(), "invalid_count");
    assert_eq!(
        err.to_string(),
        "invalid parameter, should be int, got: abc"
    );
    for bad in [json!("1.5"), json!([1]), json!({"n": 1}), json!("1__0")] {
        assert_eq!(
            kind(json!({"since": "2025-01-01", "recurrence": "1d", "count": bad})),
            "invalid_count"
        );
    }
    let runs = |count: Value| {
        req(json!({"since": "2025-01-01", "recurrence": "1d", "count": count}))
            .validate()
            .map(|s| s.occurrences().count())
    };
    assert_eq!(runs(json!(3)), Ok(3));
    assert_eq!(runs(json!("1_0")), Ok(10));
    assert_eq!(runs(json!(2.7)), Ok(2));
    for bad in [json!(-1), json!("-3")] {
        assert_eq!(
            runs(bad.clone()).unwrap_err().kind(),
            "count_not_positive",
            "{bad}"
        );
    }
}

#[test]
fn count_zero_with_a_recurrence_is_stored_and_never_runs() {
    // The manager keeps a falsy count as given; dateutil's rrule(count=0) yields nothing.
    for zero in [json!(0), json!(0.0), json!("0"), json!(-0.5), json!(false)] {
        let s = req(json!({"since": "2025-01-01T10:00:00", "recurrence": "1d", "count": zero}))
            .validate()
            .unwrap_or_else(|e| panic!("{zero}: {e}"));
        assert!(s.never_runs(), "{zero}");
        assert_eq!(s.occurrences().next(), None, "{zero}");
        assert_eq!(s.next_after(dt("2024-01-01 00:00:00")), None);
        assert!(
            s.describe()
                .starts_with("Never runs (at most 0 times): Every day"),
            "{}",
            s.describe()
        );
    }
    // A schedule with a count of runs is not "never".
    let s = req(json!({"since": "2025-01-01", "recurrence": "1d", "count": 2}))
        .validate()
        .unwrap();
    assert!(!s.never_runs());
    // Without a recurrence, 0 is "recurrence required", as in the manager.
    assert_eq!(
        kind(json!({"since": "2025-01-01", "count": 0})),
        "recurrence_required"
    );
    // With weekdays the manager ignores a count of 0 (no limit): refused as ambiguous.
    let err =
        req(json!({"since": "2025-01-01", "recurrence": "1w", "weekdays": ["mo"], "count": 0}))
            .validate()
            .unwrap_err();
    assert_eq!(err.kind(), "count_not_positive");
    assert!(err.to_string().contains("without limit"), "{err}");
}

#[test]
fn empty_until_is_refused_with_a_clear_message() {
    for empty in ["", " "] {
        let err = req(json!({"since": "2025-01-01", "recurrence": "1d", "until": empty}))
            .validate()
            .unwrap_err();
        assert_eq!(err.kind(), "until_empty");
        assert!(!err.error_kind().is_manager_error());
        assert!(err.to_string().starts_with("until is empty"), "{err}");
    }
    // Left out or null, there is simply no end.
    for body in [
        json!({"since": "2025-01-01", "recurrence": "1d"}),
        json!({"since": "2025-01-01", "recurrence": "1d", "until": null}),
    ] {
        let s = req(body).validate().unwrap();
        assert_eq!(s.until(), None);
    }
}

#[test]
fn rrule_is_exclusive_with_the_other_rule_fields() {
    for extra in [
        json!({"recurrence": "1d"}),
        json!({"weekdays": ["mo"]}),
        json!({"count": 3}),
    ] {
        let mut body = json!({"since": "2025-01-01", "rrule": "FREQ=DAILY"});
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        let err = req(body).validate().unwrap_err();
        assert_eq!(err.kind(), "rrule_exclusive");
        assert_eq!(
            err.to_string(),
            "`rrule` cannot be provided together with `recurrence`, `weekdays` or `count`."
        );
    }
    // Falsy values do not count, as in the manager; an empty rrule is no rrule.
    let got =
        check(json!({"since": "2025-01-01", "rrule": "FREQ=DAILY", "count": 0, "weekdays": []}))
            .unwrap();
    assert_eq!(got.len(), 3);
    assert_eq!(
        kind(json!({"since": "2025-01-01", "rrule": ""})),
        "recurrence_required"
    );
}

#[test]
fn invalid_rrules_as_dateutil_reports_them() {
    let cases = [
        (
            "FREQ=DAILY;",
            "not enough values to unpack (expected 2, got 1)",
        ),
        (
            "FREQ=DAILY;INTERVAL=1=2",
            "too many values to unpack (expected 2)",
        ),
        ("FREQ=FORTNIGHTLY", "invalid 'FREQ': FORTNIGHTLY"),
        ("FREQ=DAILY;X-FOO=1", "unknown parameter 'X-FOO'"),
        (
            "FREQ=DAILY;DTSTART=20250101T000000",
            "unknown parameter 'DTSTART'",
        ),
        ("FREQ=DAILY;INTERVAL=two", "invalid 'INTERVAL': TWO"),
        (
            "FREQ=DAILY;BYSETPOS=0",
            "bysetpos must be between 1 and 366, or between -366 and -1",
        ),
        (
            "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=367",
            "bysetpos must be between 1 and 366, or between -366 and -1",
        ),
        ("FREQ=DAILY;BYDAY=0MO", "invalid 'BYDAY': 0MO"),
        ("FREQ=DAILY;BYDAY=+MO", "invalid 'BYDAY': +MO"),
        ("FREQ=DAILY;BYDAY=XX", "invalid 'BYDAY': XX"),
        ("FREQ=DAILY;BYHOUR=25", "hour must be in 0..23"),
        ("FREQ=WEEKLY;BYMINUTE=5,60", "minute must be in 0..59"),
        ("FREQ=DAILY;WKST=XX", "invalid 'WKST': XX"),
        (
            "RRULE:RRULE:FREQ=DAILY",
            "too many values to unpack (expected 2)",
        ),
        (
            "DTSTART:20250101 RRULE:FOO:FREQ=DAILY",
            "unknown parameter name",
        ),
        ("   ", "empty string"),
        (
            "X-NAME:foo\nRRULE:FREQ=DAILY",
            "unsupported property: X-NAME",
        ),
        (
            "RRULE;X=1:FREQ=DAILY\nDTSTART:20250101",
            "unsupported RRULE parm: X=1",
        ),
        (
            "DTSTART;VALUE=DATE;VALUE=DATE:20250105\nRRULE:FREQ=DAILY",
            "Duplicate value parameter found in: VALUE=DATE",
        ),
        ("FREQ=DAILY;BYMONTH=", "invalid 'BYMONTH': "),
    ];
    for (rule, msg) in cases {
        let err = req(json!({"since": "2025-01-01", "rrule": rule}))
            .validate()
            .unwrap_err();
        assert_eq!(err.kind(), "invalid_rrule", "{rule}");
        assert_eq!(
            err.to_string(),
            format!("invalid RRULE string provided: {msg}"),
            "{rule}"
        );
    }
}

#[test]
fn rrule_forms_dateutil_accepts() {
    let first = |rule: &str| {
        check(json!({"since": "2025-01-01T09:30:00", "rrule": rule}))
            .unwrap_or_else(|e| panic!("{rule}: {} {e}", e.kind()))
    };
    assert_eq!(
        first("RRULE:FREQ=DAILY;INTERVAL=3")[1],
        "2025-01-04 09:30:00"
    );
    assert_eq!(first("freq=daily;interval=+3")[1], "2025-01-04 09:30:00");
    assert_eq!(
        first(" RRULE:FREQ=DAILY;INTERVAL=1_0")[1],
        "2025-01-11 09:30:00"
    );
    assert_eq!(first("FREQ=MONTHLY;BYDAY=MO(+2)")[0], "2025-01-13 09:30:00");
    assert_eq!(
        first("FREQ=MONTHLY;BYWEEKDAY=+2MO")[0],
        "2025-01-13 09:30:00"
    );
    // Later keys overwrite earlier ones.
    assert_eq!(
        first("FREQ=DAILY;BYDAY=MO;BYDAY=TU")[0],
        "2025-01-07 09:30:00"
    );
    // DTSTART on its own line, or the same line, in several spellings; the last one wins.
    assert_eq!(
        first("DTSTART:20250105T100000\nRRULE:FREQ=DAILY")[0],
        "2025-01-05 10:00:00"
    );
    assert_eq!(
        first("DTSTART:2025-01-05T10:00:00 RRULE:FREQ=DAILY")[0],
        "2025-01-05 10:00:00"
    );
    assert_eq!(
        first("DTSTART:20250105T1000\nFREQ=DAILY")[0],
        "2025-01-05 10:00:00"
    );
    assert_eq!(
        first("DTSTART:20250105 DTSTART:20250106 RRULE:FREQ=DAILY")[0],
        "2025-01-06 00:00:00"
    );
    // UNTIL forms, inclusive.
    assert_eq!(first("FREQ=DAILY;UNTIL=20250102T093000").len(), 2);
    assert_eq!(first("FREQ=DAILY;UNTIL=2025-01-03").len(), 2);
    assert_eq!(first("FREQ=DAILY;UNTIL=20250103T0930").len(), 3);
}

#[test]
fn rrule_inputs_that_break_the_manager() {
    let cases = [
        ("FREQ=DAILY;UNTIL=20250101T000000Z", "rrule_timezone"),
        (
            "DTSTART:20250101T000000Z\nRRULE:FREQ=DAILY",
            "rrule_timezone",
        ),
        (
            "DTSTART;TZID=Europe/Paris:20250101T100000\nRRULE:FREQ=DAILY",
            "rrule_timezone",
        ),
        (
            "RRULE:FREQ=DAILY\nRRULE:FREQ=WEEKLY",
            "rrule_set_unsupported",
        ),
        (
            "RRULE:FREQ=DAILY EXDATE:20250102T000000",
            "rrule_set_unsupported",
        ),
        (
            "RRULE:FREQ=DAILY\nRDATE:20250102T000000",
            "rrule_set_unsupported",
        ),
        // dateutil accepts a lone EXRULE as an (empty) set.
        ("EXRULE:FREQ=DAILY", "rrule_set_unsupported"),
        ("RRULE:INTERVAL=2", "rrule_missing_freq"),
        ("DTSTART:20250101T000000", "rrule_missing_rule"),
        ("FREQ=DAILY;INTERVAL=0", "zero_interval"),
        ("FREQ=DAILY;INTERVAL=-1", "zero_interval"),
        ("FREQ=DAILY;COUNT=0", "count_not_positive"),
        ("FREQ=DAILY;COUNT=-5", "count_not_positive"),
        ("FREQ=DAILY;BYMONTH=13", "value_out_of_range"),
        ("FREQ=HOURLY;BYHOUR=24", "value_out_of_range"),
        ("FREQ=MINUTELY;BYSECOND=61", "value_out_of_range"),
        ("FREQ=MONTHLY;BYMONTHDAY=0", "value_out_of_range"),
        ("FREQ=MONTHLY;BYMONTHDAY=-32", "value_out_of_range"),
        ("FREQ=YEARLY;BYYEARDAY=367", "value_out_of_range"),
        ("FREQ=YEARLY;BYWEEKNO=54", "value_out_of_range"),
        ("FREQ=YEARLY;BYDAY=+60MO", "value_out_of_range"),
        ("FREQ=MONTHLY;BYDAY=6MO", "value_out_of_range"),
        ("FREQ=YEARLY;BYMONTH=12;BYDAY=53MO", "value_out_of_range"),
        ("FREQ=DAILY;BYEASTER=0", "rrule_unsupported"),
        ("FREQ=DAILY;UNTIL=2025/01/01", "rrule_unsupported"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "no_occurrences"),
        (
            "FREQ=YEARLY;BYMONTH=4,6,9,11;BYMONTHDAY=31",
            "no_occurrences",
        ),
        ("FREQ=MONTHLY;BYDAY=MO,1TU", "no_occurrences"),
        ("FREQ=MONTHLY;BYMONTHDAY=1;BYSETPOS=2", "no_occurrences"),
        ("FREQ=DAILY;BYSETPOS=2", "bysetpos_out_of_range"),
        ("FREQ=SECONDLY;BYSETPOS=-2", "bysetpos_out_of_range"),
        ("FREQ=HOURLY;INTERVAL=2;BYHOUR=3", "unreachable_time_filter"),
        (
            "FREQ=MINUTELY;INTERVAL=15;BYMINUTE=10",
            "unreachable_time_filter",
        ),
        ("FREQ=MINUTELY;INTERVAL=1440;BYHOUR=3", "no_occurrences"),
        ("FREQ=DAILY;UNTIL=20241231", "until_before_since"),
    ];
    for (rule, expected) in cases {
        let err = req(json!({"since": "2025-01-01T10:00:00", "rrule": rule}))
            .validate()
            .unwrap_err();
        assert_eq!(err.kind(), expected, "{rule}: {err}");
        assert!(!err.to_string().is_empty());
    }
}

#[test]
fn schedules_that_can_never_run() {
    assert_eq!(
        kind(json!({"since": "2025-01-02", "until": "2025-01-01", "recurrence": "1d"})),
        "until_before_since"
    );
    assert_eq!(
        kind(json!({"since": "2025-01-02T10:00:00", "until": "2025-01-02T09:00:00", "count": 1})),
        "until_before_since"
    );
    // Mondays only, between a Tuesday and a Thursday.
    assert_eq!(
        kind(
            json!({"since": "2025-01-07", "until": "2025-01-09", "recurrence": "1d", "weekdays": ["mo"]})
        ),
        "no_occurrences"
    );
    // Every 7 days from a Wednesday never lands on a Monday.
    assert_eq!(
        kind(json!({"since": "2025-01-01", "recurrence": "7 days", "weekdays": ["mo"]})),
        "no_occurrences"
    );
    // The until is the same second as since: one run.
    let got = check(
        json!({"since": "2025-01-01T10:00:00", "until": "2025-01-01T10:00:00", "recurrence": "1h"}),
    )
    .unwrap();
    assert_eq!(got, ["2025-01-01 10:00:00"]);
}

#[test]
fn error_kinds_are_stable_names() {
    let kinds = [
        (json!({"since": "x", "count": 1}), "invalid_time_format"),
        (
            json!({"since": "2025-01-01", "recurrence": "x"}),
            "invalid_recurrence",
        ),
        (
            json!({"since": "2025-01-01", "recurrence": "1d", "weekdays": ["x"]}),
            "invalid_weekday",
        ),
        (
            json!({"since": "2025-01-01", "recurrence": "1d", "weekdays": ["1mo"]}),
            "complex_weekday_requires_months_or_years",
        ),
        (
            json!({"since": "2025-01-01", "count": 5}),
            "recurrence_required",
        ),
        (
            json!({"since": "2025-01-01", "rrule": "FREQ=DAILY", "count": 5}),
            "rrule_exclusive",
        ),
        (
            json!({"since": "2025-01-01", "rrule": "FREQ=X"}),
            "invalid_rrule",
        ),
        (
            json!({"since": "2025-01-01", "recurrence": "1d", "count": "x"}),
            "invalid_count",
        ),
        (
            json!({"since": "2025-01-01", "recurrence": "1d", "weekdays": 5}),
            "weekdays_not_list",
        ),
    ];
    for (body, expected) in kinds {
        let err = req(body).validate().unwrap_err();
        assert_eq!(err.kind(), expected);
        assert!(err.error_kind().is_manager_error(), "{expected}");
    }
    let own = req(json!({"since": "2025-01-01", "recurrence": "0d"}))
        .validate()
        .unwrap_err();
    assert!(!own.error_kind().is_manager_error());
}

#[test]
fn request_round_trips_and_keeps_unknown_fields() {
    let body = json!({
        "workflow_id": "install",
        "since": "2025-01-01T10:00:00",
        "until": "2026-01-01 10:00:00",
        "recurrence": "2 weeks",
        "count": 10,
        "weekdays": ["mo", "fr"],
        "slip": 5,
        "stop_on_fail": true,
        "enabled": false,
        "parameters": {"x": [1, 2]},
        "execution_arguments": {"force": true, "wait_after_fail": 300},
        "deployment_id": "dep-1",
        "future_field": {"nested": null}
    });
    let r = req(body.clone());
    assert_eq!(r.workflow_id.as_deref(), Some("install"));
    assert_eq!(r.extra.get("future_field"), Some(&json!({"nested": null})));
    assert_eq!(serde_json::to_value(&r).unwrap(), body);
    // Absent fields stay absent; nulls read as absent.
    let r = req(json!({"since": "2025-01-01", "count": null, "rrule": null}));
    assert_eq!(
        serde_json::to_value(&r).unwrap(),
        json!({"since": "2025-01-01"})
    );
}

#[test]
fn describe_in_plain_english() {
    let d = |body: Value| req(body).validate().unwrap().describe();
    assert_eq!(
        d(
            json!({"since": "2025-01-01T10:00:00", "until": "2026-01-01T00:00:00",
                 "recurrence": "2 weeks", "weekdays": ["mo", "fr"], "count": 10})
        ),
        "Every 2 weeks on Monday and Friday at 10:00 UTC, from 1 Jan 2025 until 1 Jan 2026, at \
         most 10 times"
    );
    assert_eq!(
        d(json!({"since": "2025-03-04T08:15:00", "count": 1})),
        "Once, on 4 Mar 2025 at 08:15 UTC"
    );
    assert_eq!(
        d(json!({"since": "2025-01-31T09:00:00", "recurrence": "1 month"})),
        "Every month on day 31 (months without a day 31 are skipped) at 09:00 UTC, from 31 Jan 2025"
    );
    assert_eq!(
        d(
            json!({"since": "2025-01-01T18:00:00", "recurrence": "1mo", "weekdays": ["l-fr", "1mo"]})
        ),
        "Every month on the last Friday of the month and the first Monday of the month at 18:00 \
         UTC, from 1 Jan 2025"
    );
    assert_eq!(
        d(json!({"since": "2025-01-01T00:00:00", "recurrence": "1 year", "weekdays": ["2mo"]})),
        "Every year on the second Monday of the year at 00:00 UTC, from 1 Jan 2025"
    );
    assert_eq!(
        d(json!({"since": "2024-02-29T07:00:00", "recurrence": "1y"})),
        "Every year on 29 Feb (only in leap years) at 07:00 UTC, from 29 Feb 2024"
    );
    assert_eq!(
        d(
            json!({"since": "2025-01-01T00:15:00", "until": "2025-01-02T12:30:00", "recurrence": "30min"})
        ),
        "Every 30 minutes, from 1 Jan 2025 00:15 UTC until 2 Jan 2025 12:30"
    );
    assert_eq!(
        d(
            json!({"since": "2025-01-01T17:00:00", "rrule": "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=3"})
        ),
        "Every month on Monday, Tuesday, Wednesday, Thursday and Friday, keeping the last match \
         of each month at 17:00 UTC, from 1 Jan 2025, at most 3 times"
    );
    assert_eq!(
        d(
            json!({"since": "2025-01-01T00:00:00", "rrule": "DTSTART:20250106T093000\nFREQ=WEEKLY;INTERVAL=2"})
        ),
        "Every 2 weeks on Monday at 09:30 UTC, from 6 Jan 2025"
    );
}

#[test]
fn builder_from_simple_choices() {
    let since = dt("2025-01-01 10:00:00");
    let r = ScheduleBuilder::new("backup", since)
        .every(2, Unit::Week)
        .on(&[Weekday::Mon, Weekday::Fri])
        .until(dt("2026-01-01 00:00:00"))
        .count(10)
        .build()
        .unwrap();
    assert_eq!(
        serde_json::to_value(&r).unwrap(),
        json!({"workflow_id": "backup", "since": "2025-01-01T10:00:00",
               "until": "2026-01-01T00:00:00", "recurrence": "2 weeks", "count": 10,
               "weekdays": ["MO", "FR"]})
    );
    assert_eq!(
        r.validate().unwrap().describe(),
        "Every 2 weeks on Monday and Friday at 10:00 UTC, from 1 Jan 2025 until 1 Jan 2026, at \
         most 10 times"
    );
    let last_friday = ScheduleBuilder::new("report", since)
        .every(1, Unit::Month)
        .on_nth(Nth::Last, Weekday::Fri)
        .build()
        .unwrap();
    assert_eq!(last_friday.recurrence.as_deref(), Some("1 month"));
    assert_eq!(last_friday.weekdays, Some(json!(["L-FR"])));
    assert_eq!(
        last_friday.validate().unwrap().next_after(since),
        Some(dt("2025-01-31 10:00:00"))
    );
    let once = ScheduleBuilder::new("x", since).once().build().unwrap();
    assert_eq!(once.count, Some(json!(1)));
    assert_eq!(once.recurrence, None);
    // The builder refuses what the manager would refuse.
    let err = ScheduleBuilder::new("x", since)
        .every(1, Unit::Week)
        .on_nth(Nth::Second, Weekday::Tue)
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), "complex_weekday_requires_months_or_years");
    let err = ScheduleBuilder::new("x", since)
        .every(0, Unit::Day)
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), "zero_interval");
}

mod no_panics {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Whatever the text, validation returns a typed result (and a bounded amount of work).
        #[test]
        fn any_timing_text_validates_without_panicking(
            since in "[0-9T:. Z-]{0,26}",
            recurrence in "[0-9 a-zA-Z.\n-]{0,12}",
            rule in "(RRULE:|DTSTART:2025[0-9T]{0,8} )?(FREQ=(DAILY|WEEKLY|MONTHLY|YEARLY|HOURLY);)?[A-Z=;,+0-9-]{0,30}",
            weekday in "[1-5lL]?-?[a-zA-Z]{0,4}",
        ) {
            let _ = req(json!({"since": since, "recurrence": recurrence, "weekdays": [weekday]})).validate();
            if let Ok(s) = req(json!({"since": "2025-01-01T10:00:00", "rrule": rule})).validate() {
                let _ = s.describe();
                prop_assert!(s.occurrences().take(50).collect::<Vec<_>>().windows(2).all(|w| w[0] < w[1]));
            }
        }
    }
}
