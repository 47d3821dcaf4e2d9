//! Execution schedules in headless Chromium against the built-in demo manager: the recurrence
//! builder's choices → the request fields → the rule in English → the next 10 runs, every
//! refusal on its own field, saving, enable/disable, delete, and the calendar.

#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Sets any form control's value and fires `input` and `change`, as typing or choosing does.
fn set(selector: &str, value: &str) {
    let el = query(selector).unwrap_or_else(|| panic!("no {selector}"));
    js_sys::Reflect::set(&el, &JsValue::from_str("value"), &JsValue::from_str(value)).unwrap();
    fire(&el, "input");
    fire(&el, "change");
}

fn fire(el: &web_sys::Element, name: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let ev = web_sys::Event::new_with_event_init_dict(name, &init).unwrap();
    el.dispatch_event(&ev).unwrap();
}

fn tick_day(day: &str, on: bool) {
    let sel = format!("input[name=weekday][value={day}]");
    let input: web_sys::HtmlInputElement = query(&sel).unwrap().dyn_into().unwrap();
    if input.checked() != on {
        input.click();
    }
}

fn mode(label: &str) {
    click(&format!("input[name=mode][value='{label}']"));
}

fn field_error(field: &str) -> Option<String> {
    text_of(&format!(".field-error[data-field={field}]"))
}

fn request() -> serde_json::Value {
    serde_json::from_str(&text_of(".request-json").unwrap()).unwrap()
}

fn runs() -> Vec<String> {
    texts("table.runs tbody td.utc")
}

/// Opens a new schedule for the first seeded schedule's deployment, signed in.
async fn open_new_form() -> (impl Sized, web_sys::HtmlElement) {
    baton_web::stored::clear();
    let app = mount_at("/schedules/new?deployment_id=dep-with-schedules");
    sign_in_as_admin().await;
    wait_for("the schedule form", || query("#schedule-since")).await;
    app
}

/// Resets the timing to "every 1 day from Monday 4 Jan 2027 10:00 UTC".
async fn reset_timing() {
    mode("Repeat");
    wait_for("the repeat choices", || query("#schedule-interval")).await;
    set("#schedule-since", "2027-01-04T10:00");
    set("#schedule-until", "");
    set("#schedule-interval", "1");
    set("#schedule-unit", "days");
    set("#schedule-position", "");
    set("#schedule-count", "");
    for d in ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] {
        tick_day(d, false);
    }
    leptos::task::tick().await;
}

struct Case {
    name: &'static str,
    setup: fn(),
    request: serde_json::Value,
    english: &'static str,
    runs: &'static [&'static str],
}

fn cases() -> Vec<Case> {
    use serde_json::json;
    vec![
        Case {
            name: "minutes",
            setup: || {
                set("#schedule-interval", "30");
                set("#schedule-unit", "minutes");
            },
            request: json!({"recurrence": "30 minutes"}),
            english: "Every 30 minutes, from 4 Jan 2027 10:00 UTC",
            runs: &["Mon 2027-01-04 10:00", "Mon 2027-01-04 10:30", "Mon 2027-01-04 11:00", "Mon 2027-01-04 11:30", "Mon 2027-01-04 12:00", "Mon 2027-01-04 12:30", "Mon 2027-01-04 13:00", "Mon 2027-01-04 13:30", "Mon 2027-01-04 14:00", "Mon 2027-01-04 14:30"],
        },
        Case {
            name: "hours",
            setup: || {
                set("#schedule-interval", "6");
                set("#schedule-unit", "hours");
            },
            request: json!({"recurrence": "6 hours"}),
            english: "Every 6 hours, from 4 Jan 2027 10:00 UTC",
            runs: &["Mon 2027-01-04 10:00", "Mon 2027-01-04 16:00", "Mon 2027-01-04 22:00", "Tue 2027-01-05 04:00", "Tue 2027-01-05 10:00", "Tue 2027-01-05 16:00", "Tue 2027-01-05 22:00", "Wed 2027-01-06 04:00", "Wed 2027-01-06 10:00", "Wed 2027-01-06 16:00"],
        },
        Case {
            name: "days",
            setup: || set("#schedule-interval", "2"),
            request: json!({"recurrence": "2 days"}),
            english: "Every 2 days at 10:00 UTC, from 4 Jan 2027",
            runs: &["Mon 2027-01-04 10:00", "Wed 2027-01-06 10:00", "Fri 2027-01-08 10:00", "Sun 2027-01-10 10:00", "Tue 2027-01-12 10:00", "Thu 2027-01-14 10:00", "Sat 2027-01-16 10:00", "Mon 2027-01-18 10:00", "Wed 2027-01-20 10:00", "Fri 2027-01-22 10:00"],
        },
        Case {
            name: "weeks on weekdays until",
            setup: || {
                set("#schedule-interval", "2");
                set("#schedule-unit", "weeks");
                tick_day("Mon", true);
                tick_day("Fri", true);
                set("#schedule-until", "2027-12-31T23:59");
            },
            request: json!({"recurrence": "2 weeks", "weekdays": ["MO", "FR"], "until": "2027-12-31T23:59:00"}),
            english: "Every 2 weeks on Monday and Friday at 10:00 UTC, from 4 Jan 2027 until 31 Dec 2027 23:59",
            runs: &["Mon 2027-01-04 10:00", "Fri 2027-01-08 10:00", "Mon 2027-01-18 10:00", "Fri 2027-01-22 10:00", "Mon 2027-02-01 10:00", "Fri 2027-02-05 10:00", "Mon 2027-02-15 10:00", "Fri 2027-02-19 10:00", "Mon 2027-03-01 10:00", "Fri 2027-03-05 10:00"],
        },
        Case {
            name: "months, the 2nd Monday (2mo)",
            setup: || {
                set("#schedule-unit", "months");
                set("#schedule-position", "2");
                tick_day("Mon", true);
            },
            request: json!({"recurrence": "1 month", "weekdays": ["2MO"]}),
            english: "Every month on the second Monday of the month at 10:00 UTC, from 4 Jan 2027",
            runs: &["Mon 2027-01-11 10:00", "Mon 2027-02-08 10:00", "Mon 2027-03-08 10:00", "Mon 2027-04-12 10:00", "Mon 2027-05-10 10:00", "Mon 2027-06-14 10:00", "Mon 2027-07-12 10:00", "Mon 2027-08-09 10:00", "Mon 2027-09-13 10:00", "Mon 2027-10-11 10:00"],
        },
        Case {
            name: "months, the last Friday (l-fr)",
            setup: || {
                set("#schedule-unit", "months");
                set("#schedule-position", "l");
                tick_day("Fri", true);
            },
            request: json!({"recurrence": "1 month", "weekdays": ["L-FR"]}),
            english: "Every month on the last Friday of the month at 10:00 UTC, from 4 Jan 2027",
            runs: &["Fri 2027-01-29 10:00", "Fri 2027-02-26 10:00", "Fri 2027-03-26 10:00", "Fri 2027-04-30 10:00", "Fri 2027-05-28 10:00", "Fri 2027-06-25 10:00", "Fri 2027-07-30 10:00", "Fri 2027-08-27 10:00", "Fri 2027-09-24 10:00", "Fri 2027-10-29 10:00"],
        },
        Case {
            name: "years",
            setup: || set("#schedule-unit", "years"),
            request: json!({"recurrence": "1 year"}),
            english: "Every year on 4 Jan at 10:00 UTC, from 4 Jan 2027",
            runs: &["Mon 2027-01-04 10:00", "Tue 2028-01-04 10:00", "Thu 2029-01-04 10:00", "Fri 2030-01-04 10:00", "Sat 2031-01-04 10:00", "Sun 2032-01-04 10:00", "Tue 2033-01-04 10:00", "Wed 2034-01-04 10:00", "Thu 2035-01-04 10:00", "Fri 2036-01-04 10:00"],
        },
        Case {
            name: "at most 3 times",
            setup: || set("#schedule-count", "3"),
            request: json!({"recurrence": "1 day", "count": 3}),
            english: "Every day at 10:00 UTC, from 4 Jan 2027, at most 3 times",
            runs: &["Mon 2027-01-04 10:00", "Tue 2027-01-05 10:00", "Wed 2027-01-06 10:00"],
        },
        Case {
            name: "until",
            setup: || set("#schedule-until", "2027-01-08T10:00"),
            request: json!({"recurrence": "1 day", "until": "2027-01-08T10:00:00"}),
            english: "Every day at 10:00 UTC, from 4 Jan 2027 until 8 Jan 2027 10:00",
            runs: &["Mon 2027-01-04 10:00", "Tue 2027-01-05 10:00", "Wed 2027-01-06 10:00", "Thu 2027-01-07 10:00", "Fri 2027-01-08 10:00"],
        },
        Case {
            name: "raw RRULE",
            setup: || {
                mode("Advanced (RRULE)");
            },
            request: json!({"rrule": "RRULE:FREQ=WEEKLY;BYDAY=TU,TH;BYHOUR=9;BYMINUTE=15"}),
            english: "Every week on Tuesday and Thursday at 09:15 UTC, from 4 Jan 2027",
            runs: &["Tue 2027-01-05 09:15", "Thu 2027-01-07 09:15", "Tue 2027-01-12 09:15", "Thu 2027-01-14 09:15", "Tue 2027-01-19 09:15", "Thu 2027-01-21 09:15", "Tue 2027-01-26 09:15", "Thu 2027-01-28 09:15", "Tue 2027-02-02 09:15", "Thu 2027-02-04 09:15"],
        },
        Case {
            name: "once",
            setup: || mode("Once"),
            request: json!({"count": 1}),
            english: "Once, on 4 Jan 2027 at 10:00 UTC",
            runs: &["Mon 2027-01-04 10:00"],
        },
    ]
}

#[wasm_bindgen_test]
async fn builder_choices_give_the_request_the_english_and_the_next_10_runs() {
    let _turn = exclusive().await;
    let (_app, root) = open_new_form().await;
    for case in cases() {
        reset_timing().await;
        (case.setup)();
        if case.name == "raw RRULE" {
            wait_for("the RRULE box", || query("#schedule-rrule")).await;
            set(
                "#schedule-rrule",
                "RRULE:FREQ=WEEKLY;BYDAY=TU,TH;BYHOUR=9;BYMINUTE=15",
            );
        }
        let english = wait_for(case.name, || {
            text_of(".rule-english").filter(|t| t == case.english)
        })
        .await;
        assert_eq!(english, case.english, "{}", case.name);
        assert_eq!(runs(), case.runs, "{}", case.name);
        // Every run also shows in the browser's own time zone.
        assert_eq!(texts("table.runs tbody td.local").len(), case.runs.len());
        let sent = request();
        assert_eq!(sent["since"], "2027-01-04T10:00:00", "{}", case.name);
        for key in ["recurrence", "weekdays", "count", "until", "rrule"] {
            assert_eq!(
                sent.get(key),
                case.request.get(key),
                "{}: request field {key}",
                case.name
            );
        }
        // Execution arguments travel with every request.
        assert_eq!(sent["execution_arguments"]["wait_after_fail"], 600);
        assert!(field_error("recurrence").is_none() && field_error("weekdays").is_none());
    }
    root.remove();
}

#[wasm_bindgen_test]
async fn count_zero_says_the_schedule_will_never_run() {
    let _turn = exclusive().await;
    let (_app, root) = open_new_form().await;
    reset_timing().await;
    set("#schedule-count", "0");
    let warning = wait_for("the never-run warning", || {
        text_of(".form-preview .warning")
    })
    .await;
    assert!(
        warning.contains("This schedule will never run"),
        "{warning}"
    );
    assert!(text_of(".rule-english").unwrap().starts_with("Never runs"));
    assert_eq!(
        text_of(".form-preview .empty").unwrap(),
        "No runs after now."
    );
    assert_eq!(request()["count"], 0);
    root.remove();
}

#[wasm_bindgen_test]
async fn every_refusal_is_shown_on_its_own_field() {
    let _turn = exclusive().await;
    let (_app, root) = open_new_form().await;
    // (field, setup, words the message must hold)
    let cases: Vec<(&str, fn(), &str)> = vec![
        ("recurrence", || set("#schedule-interval", "0"), "a recurrence of 0 never advances"),
        ("recurrence", || set("#schedule-interval", "x"), "`x days` is not a legal recurrence expression"),
        (
            "weekdays",
            || {
                set("#schedule-unit", "weeks");
                set("#schedule-position", "2");
                tick_day("Mon", true);
            },
            "complex weekday expression 2MO can only be used with a months|years recurrence, but got week.",
        ),
        ("count", || set("#schedule-count", "-1"), "count -1 is not a number of runs"),
        ("count", || set("#schedule-count", "abc"), "invalid parameter, should be int, got: abc"),
        (
            "count",
            || {
                set("#schedule-unit", "weeks");
                tick_day("Mon", true);
                set("#schedule-count", "0");
            },
            "count 0 with weekdays: the manager ignores it and runs without limit",
        ),
        ("until", || set("#schedule-until", "2026-12-01T10:00"), "the schedule would never run"),
        ("since", || set("#schedule-since", ""), "since is required"),
        (
            "rrule",
            || {
                mode("Advanced (RRULE)");
            },
            "",
        ),
    ];
    for (field, setup, words) in cases {
        reset_timing().await;
        setup();
        if field == "rrule" {
            continue;
        }
        let message = wait_for(field, || field_error(field).filter(|m| m.contains(words))).await;
        assert!(message.contains(words), "{field}: {message}");
        // Only that field complains, and the preview says to fix it.
        for other in [
            "since",
            "until",
            "recurrence",
            "weekdays",
            "count",
            "rrule",
            "rule",
        ] {
            if other != field {
                assert_eq!(field_error(other), None, "{field} also shown on {other}");
            }
        }
        assert!(query(".rule-english").is_none());
    }

    // Raw RRULEs the manager breaks on, explained on the RRULE field.
    let rrules = [
        (
            "FREQ=DAILY;UNTIL=20271231T000000Z",
            "rrule",
            "UNTIL carries a timezone",
        ),
        (
            "FREQ=DAILY;COUNT=0",
            "rrule",
            "COUNT=0: the rule would never run",
        ),
        (
            "RRULE:FREQ=DAILY\nRRULE:FREQ=WEEKLY",
            "rrule",
            "send a single RRULE",
        ),
        (
            "FREQ=FORTNIGHTLY",
            "rrule",
            "invalid RRULE string provided: invalid 'FREQ': FORTNIGHTLY",
        ),
        ("INTERVAL=2", "rrule", "the RRULE has no FREQ"),
        ("FREQ=DAILY;INTERVAL=0", "rrule", "INTERVAL=0"),
        (
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
            "rule",
            "never produces a run date",
        ),
    ];
    reset_timing().await;
    mode("Advanced (RRULE)");
    wait_for("the RRULE box", || query("#schedule-rrule")).await;
    for (rule, field, words) in rrules {
        set("#schedule-rrule", rule);
        let message = wait_for(rule, || field_error(field).filter(|m| m.contains(words))).await;
        assert!(message.contains(words), "{rule}: {message}");
    }
    // Baton's own refusals say why in plain words.
    set("#schedule-rrule", "FREQ=DAILY;UNTIL=20271231T000000Z");
    let message = wait_for("the explanation", || field_error("rrule")).await;
    assert!(message.contains("Baton refuses this"), "{message}");

    // The fields around the timing.
    reset_timing().await;
    set("#schedule-id", "1st-run");
    assert!(wait_for("id", || field_error("id"))
        .await
        .contains("begin with a letter"));
    set("#schedule-id", "nightly backup");
    wait_for("id chars", || {
        field_error("id").filter(|m| m.contains("Only letters, digits"))
    })
    .await;
    set("#schedule-slip", "soon");
    assert!(wait_for("slip", || field_error("slip"))
        .await
        .contains("whole number of minutes"));
    set("#schedule-wait", "-5");
    assert!(wait_for("wait", || field_error("wait_after_fail"))
        .await
        .contains("seconds"));
    // Nothing is sent while a field is wrong, and nothing typed is lost.
    click("form.schedule-form button[type=submit]");
    leptos::task::tick().await;
    assert!(query("#schedule-since").is_some());
    assert_eq!(
        js_sys::Reflect::get(&query("#schedule-id").unwrap(), &"value".into())
            .unwrap()
            .as_string()
            .unwrap(),
        "nightly backup"
    );
    root.remove();
}

fn deployment_of_first_row() -> String {
    text_of("table.list tbody tr td:nth-child(2) a").unwrap()
}

#[wasm_bindgen_test]
async fn create_see_disable_and_delete_a_schedule() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    let (_app, root) = mount_at("/schedules?q=nightly");
    sign_in_as_admin().await;
    wait_for("the seeded schedule", || (rows() == 1).then_some(())).await;
    let dep = deployment_of_first_row();
    let seeded = text_of("table.list tbody tr td:nth-child(4)").unwrap();
    assert_eq!(seeded, "Every day at 02:00 UTC, from 1 Feb 2025");
    root.remove();

    let (_app, root) = mount_at(&format!("/schedules/new?deployment_id={dep}"));
    wait_for("the workflow list", || query("select#schedule-workflow")).await;
    set("#schedule-workflow", "install");
    set("#schedule-id", "biweekly-install");
    set("#schedule-since", "2027-01-04T10:00");
    set("#schedule-interval", "2");
    set("#schedule-unit", "weeks");
    tick_day("Mon", true);
    tick_day("Fri", true);
    set("#schedule-until", "2027-12-31T23:59");

    // A manager error is shown, and the form keeps everything typed.
    fail_once(Fault::new(
        "/execution-schedules",
        500,
        "internal_server_error",
        "database is down",
    ));
    click("form.schedule-form button[type=submit]");
    let err = wait_for("the manager's error", || {
        text_of(".schedule-form .error-message")
    })
    .await;
    assert_eq!(err, "database is down");
    assert_eq!(
        text_of(".rule-english").unwrap(),
        "Every 2 weeks on Monday and Friday at 10:00 UTC, from 4 Jan 2027 until 31 Dec 2027 23:59"
    );

    click("form.schedule-form button[type=submit]");
    wait_for("the list with the new schedule", || {
        texts("table.list tbody tr td:first-child a")
            .contains(&"biweekly-install".to_string())
            .then_some(())
    })
    .await;
    let row = "table.list tbody tr:has(a[href$='/biweekly-install/edit'])";
    assert_eq!(
        text_of(&format!("{row} td:nth-child(4)")).unwrap(),
        "Every 2 weeks on Monday and Friday at 10:00 UTC, from 4 Jan 2027 until 31 Dec 2027 23:59"
    );
    assert!(text_of(&format!("{row} td:nth-child(5)"))
        .unwrap()
        .starts_with("2027-01-04 10:00 UTC"));

    // Disable: the manager's answer is shown.
    click(&format!("{row} input[aria-label=Enabled]"));
    wait_for("disabled", || {
        text_of(&format!("{row} .switch")).filter(|t| t.contains("disabled"))
    })
    .await;

    // Delete asks first; "Keep" keeps it.
    click(&format!("{row} .schedule-actions button.danger"));
    let ask = wait_for("the confirmation", || {
        text_of(&format!("{row} .confirm-inline"))
    })
    .await;
    assert!(ask.contains("Delete biweekly-install?"), "{ask}");
    click(&format!("{row} .confirm-inline button:not(.danger)"));
    wait_for("kept", || {
        query(&format!("{row} .confirm-inline"))
            .is_none()
            .then_some(())
    })
    .await;
    click(&format!("{row} .schedule-actions button.danger"));
    wait_for("the confirmation", || {
        query(&format!("{row} .confirm-inline button.danger"))
    })
    .await;
    click(&format!("{row} .confirm-inline button.danger"));
    wait_for("deleted", || {
        text_of(&format!("{row} .badge")).filter(|t| t == "deleted")
    })
    .await;
    root.remove();

    // It is gone from the manager.
    let (_app, root) = mount_at("/schedules?q=biweekly");
    wait_for("no such schedule", || {
        text_of(".empty").filter(|t| t.contains("No schedules match"))
    })
    .await;
    root.remove();
}

#[wasm_bindgen_test]
async fn edit_reads_the_stored_rule_back_into_the_builder() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    let (_app, root) = mount_at("/schedules?q=weekday-scale");
    sign_in_as_admin().await;
    wait_for("the seeded schedule", || (rows() == 1).then_some(())).await;
    // The id links to its editor (opened afresh: this page has mounted other consoles).
    let href = query("table.list tbody tr td:first-child a")
        .and_then(|a| a.get_attribute("href"))
        .unwrap();
    assert!(href.ends_with("/weekday-scale/edit"), "{href}");
    root.remove();
    let (_app, root) = mount_at(&href);
    wait_for("the editor", || query("#schedule-interval")).await;
    let english = wait_for("the description", || text_of(".rule-english")).await;
    assert_eq!(
        english,
        "Every week on Monday, Wednesday and Friday at 08:00 UTC, from 3 Feb 2025"
    );
    assert_eq!(request()["weekdays"], serde_json::json!(["MO", "WE", "FR"]));
    // The workflow's parameters are in the form engine's fields, with the stored values.
    wait_for("the stored parameters", || {
        (request()["parameters"]["delta"] == 1).then_some(())
    })
    .await;
    // The id and deployment are fixed when editing.
    let id: web_sys::HtmlInputElement = query("#schedule-id").unwrap().dyn_into().unwrap();
    assert!(id.disabled());
    root.remove();
}

#[wasm_bindgen_test]
async fn calendar_shows_upcoming_runs_per_hour_and_day() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    // The week of Monday 1 March 2027: the nightly schedule at 02:00 every day, the weekday one
    // at 08:00 on Monday, Wednesday and Friday; the disabled month-end one not at all.
    let (_app, root) = mount_at("/schedules/calendar?view=week&from=2027-03-03");
    sign_in_as_admin().await;
    wait_for("the week", || query("table.calendar.week")).await;
    let cell = |day: usize, hour: usize| {
        text_of(&format!(
            "table.calendar tbody tr:nth-child({}) td:nth-of-type({day})",
            hour + 1
        ))
        .unwrap_or_default()
    };
    for day in 1..=7 {
        assert!(
            cell(day, 2).contains("02:00"),
            "day {day}: {}",
            cell(day, 2)
        );
    }
    for (day, runs) in [
        (1, true),
        (2, false),
        (3, true),
        (4, false),
        (5, true),
        (6, false),
    ] {
        assert_eq!(cell(day, 8).contains("08:00"), runs, "day {day} 08:00");
    }
    let summary = text_of(".cal-summary").unwrap();
    assert!(
        summary.contains("1 disabled schedules not shown"),
        "{summary}"
    );
    assert_eq!(
        text_of(".cal-heading").unwrap(),
        "Week of 01 Mar 2027 – 07 Mar 2027"
    );

    // The month view: a heat map of days.
    click(".segmented button:nth-child(2)");
    wait_for("the month", || query("table.calendar.month")).await;
    assert!(web_sys::window()
        .unwrap()
        .location()
        .search()
        .unwrap()
        .contains("view=month"));
    assert_eq!(text_of(".cal-heading").unwrap(), "March 2027");
    let busiest: Vec<String> = texts("table.calendar.month td.heat-4 .cal-day");
    // Mondays, Wednesdays and Fridays hold two runs, other days one.
    assert!(
        busiest.contains(&"1".to_string()) && busiest.contains(&"3".to_string()),
        "{busiest:?}"
    );
    assert!(!busiest.contains(&"4".to_string()), "{busiest:?}");
    root.remove();
}
