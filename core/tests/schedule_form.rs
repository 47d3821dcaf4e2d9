//! The recurrence builder's choices → request fields → description → runs, and the form field
//! each refusal belongs to.

use baton_core::schedule::{format_occurrence, Choices, Mode, Nth, Unit, Weekday};
use serde_json::json;

fn every(interval: &str, unit: Unit) -> Choices {
    Choices {
        since: "2026-01-05T10:00".into(),
        interval: interval.into(),
        unit,
        ..Choices::default()
    }
}

#[test]
fn simple_choices_become_the_managers_fields() {
    let c = Choices {
        weekdays: vec![Weekday::Mon, Weekday::Fri],
        until: "2026-12-31T23:59".into(),
        ..every("2", Unit::Week)
    };
    let r = c.to_request();
    assert_eq!(r.since.as_deref(), Some("2026-01-05T10:00:00"));
    assert_eq!(r.until.as_deref(), Some("2026-12-31T23:59:00"));
    assert_eq!(r.recurrence.as_deref(), Some("2 weeks"));
    assert_eq!(r.weekdays, Some(json!(["MO", "FR"])));
    assert_eq!(r.count, None);
    let s = r.validate().unwrap();
    assert_eq!(
        s.describe(),
        "Every 2 weeks on Monday and Friday at 10:00 UTC, from 5 Jan 2026 until 31 Dec 2026 23:59"
    );
    let runs: Vec<String> = s.occurrences().take(4).map(format_occurrence).collect();
    assert_eq!(
        runs,
        [
            "2026-01-05 10:00:00",
            "2026-01-09 10:00:00",
            "2026-01-19 10:00:00",
            "2026-01-23 10:00:00"
        ]
    );

    let nth = Choices {
        weekdays: vec![Weekday::Fri],
        nth: Some(Nth::Last),
        count: "3".into(),
        ..every("1", Unit::Month)
    };
    let r = nth.to_request();
    assert_eq!(r.recurrence.as_deref(), Some("1 month"));
    assert_eq!(r.weekdays, Some(json!(["L-FR"])));
    assert_eq!(r.count, Some(json!(3)));

    let once = Choices {
        mode: Mode::Once,
        ..every("5", Unit::Day)
    }
    .to_request();
    assert_eq!((once.recurrence, once.count), (None, Some(json!(1))));

    let raw = Choices {
        mode: Mode::Rrule,
        rrule: " RRULE:FREQ=DAILY;INTERVAL=3 ".into(),
        ..every("5", Unit::Day)
    }
    .to_request();
    assert_eq!(raw.rrule.as_deref(), Some("RRULE:FREQ=DAILY;INTERVAL=3"));
    assert_eq!((raw.recurrence, raw.count), (None, None));
}

#[test]
fn each_refusal_names_its_field() {
    let field = |c: Choices| c.to_request().validate().unwrap_err().field();
    assert_eq!(field(every("0", Unit::Day)), "recurrence");
    assert_eq!(field(every("x", Unit::Day)), "recurrence");
    assert_eq!(
        field(Choices {
            since: String::new(),
            ..every("1", Unit::Day)
        }),
        "since"
    );
    assert_eq!(
        field(Choices {
            since: "tomorrow".into(),
            ..every("1", Unit::Day)
        }),
        "since"
    );
    assert_eq!(
        field(Choices {
            until: "soon".into(),
            ..every("1", Unit::Day)
        }),
        "until"
    );
    assert_eq!(
        field(Choices {
            until: "2020-01-01T00:00".into(),
            ..every("1", Unit::Day)
        }),
        "until"
    );
    assert_eq!(
        field(Choices {
            weekdays: vec![Weekday::Mon],
            nth: Some(Nth::Second),
            ..every("1", Unit::Week)
        }),
        "weekdays"
    );
    assert_eq!(
        field(Choices {
            count: "-2".into(),
            ..every("1", Unit::Day)
        }),
        "count"
    );
    assert_eq!(
        field(Choices {
            count: "abc".into(),
            ..every("1", Unit::Day)
        }),
        "count"
    );
    for bad in [
        "FREQ=DAILY;COUNT=0",
        "FREQ=DAILY;UNTIL=20250101T000000Z",
        "INTERVAL=2",
    ] {
        assert_eq!(
            field(Choices {
                mode: Mode::Rrule,
                rrule: bad.into(),
                ..every("1", Unit::Day)
            }),
            "rrule",
            "{bad}"
        );
    }
}

#[test]
fn stored_rules_read_back_into_choices() {
    let c = Choices::from_rule(
        "2026-01-05T10:00:00",
        "",
        Some("2 weeks"),
        None,
        &["MO".into(), "FR".into()],
        None,
    )
    .unwrap();
    assert_eq!(
        (c.mode, c.interval.as_str(), c.unit),
        (Mode::Every, "2", Unit::Week)
    );
    assert_eq!(c.weekdays, [Weekday::Mon, Weekday::Fri]);
    let c = Choices::from_rule(
        "2026-01-05T10:00:00",
        "",
        Some("1mo"),
        Some(4),
        &["l-fr".into()],
        None,
    )
    .unwrap();
    assert_eq!((c.nth, c.count.as_str()), (Some(Nth::Last), "4"));
    let c = Choices::from_rule("2026-01-05T10:00:00", "", None, Some(1), &[], None).unwrap();
    assert_eq!(c.mode, Mode::Once);
    let c = Choices::from_rule(
        "2026-01-05T10:00:00",
        "",
        None,
        None,
        &[],
        Some("FREQ=DAILY"),
    )
    .unwrap();
    assert_eq!((c.mode, c.rrule.as_str()), (Mode::Rrule, "FREQ=DAILY"));
    // Mixed positions cannot be shown as simple choices.
    assert!(Choices::from_rule(
        "2026-01-05",
        "",
        Some("1mo"),
        None,
        &["1MO".into(), "L-FR".into()],
        None
    )
    .is_none());
}

#[test]
fn runs_between_is_a_window() {
    let s = every("1", Unit::Hour).to_request().validate().unwrap();
    let at = |t: &str| chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S").unwrap();
    let runs = s.runs_between(at("2026-01-06 00:00:00"), at("2026-01-06 03:00:00"), 100);
    let runs: Vec<String> = runs.into_iter().map(format_occurrence).collect();
    assert_eq!(
        runs,
        [
            "2026-01-06 00:00:00",
            "2026-01-06 01:00:00",
            "2026-01-06 02:00:00"
        ]
    );
    assert_eq!(
        s.runs_between(at("2026-01-06 00:00:00"), at("2026-02-06 00:00:00"), 5)
            .len(),
        5
    );
}

#[test]
fn an_rrule_with_one_hour_and_minute_reads_as_a_time_of_day() {
    let c = Choices {
        mode: Mode::Rrule,
        rrule: "RRULE:FREQ=WEEKLY;BYDAY=TU,TH;BYHOUR=9;BYMINUTE=15".into(),
        ..every("1", Unit::Day)
    };
    let s = c.to_request().validate().unwrap();
    assert_eq!(
        s.describe(),
        "Every week on Tuesday and Thursday at 09:15 UTC, from 5 Jan 2026"
    );
    let hourly = Choices {
        rrule: "FREQ=HOURLY;BYHOUR=9,10;BYMINUTE=15".into(),
        ..c.clone()
    };
    let d = hourly.to_request().validate().unwrap().describe();
    assert!(d.contains("at hour 9 and 10 at minute 15"), "{d}");
    // Every refusal of an RRULE is shown on the RRULE field.
    let zero = Choices {
        rrule: "FREQ=DAILY;INTERVAL=0".into(),
        ..c
    };
    assert_eq!(zero.to_request().validate().unwrap_err().field(), "rrule");
}
