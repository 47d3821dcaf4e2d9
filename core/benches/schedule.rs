//! Schedule engine benchmark: request body -> validated schedule -> first 1,000 dates.
//!
//! With `BATON_SCHEDULE_RULES=<rules.json>` (written by scripts/bench_schedule.py) it prints, as
//! JSON on stdout, each rule's first 1,000 dates and the median time over many repetitions, for
//! scripts/bench-schedule.sh to compare with python-dateutil. Without it, it times a built-in
//! set of rules and prints a table.

use std::hint::black_box;
use std::time::Instant;

use baton_core::schedule::{format_occurrence, ScheduleRequest};
use serde_json::{json, Value};

const N: usize = 1000;

fn first_dates(req: &ScheduleRequest) -> Result<Vec<chrono::NaiveDateTime>, String> {
    let schedule = req.validate().map_err(|e| format!("{}: {e}", e.kind()))?;
    Ok(schedule.occurrences().take(N).collect())
}

/// Median of at least 31 timed runs, and of enough runs to fill about 0.3 s.
fn median_ns(req: &ScheduleRequest) -> f64 {
    let t0 = Instant::now();
    let _ = black_box(first_dates(black_box(req)));
    let once = t0.elapsed().as_nanos().max(1) as f64;
    let reps = ((0.3e9 / once) as usize).clamp(31, 20_001);
    let mut samples: Vec<f64> = (0..reps)
        .map(|_| {
            let t = Instant::now();
            let _ = black_box(first_dates(black_box(req)));
            t.elapsed().as_nanos() as f64
        })
        .collect();
    samples.sort_by(|a, b| a.total_cmp(b));
    samples[samples.len() / 2]
}

fn builtin() -> Vec<(String, Value)> {
    [
        ("daily", json!({"since": "2025-01-01T10:00:00", "recurrence": "1 day"})),
        (
            "every 2 weeks mo+fr",
            json!({"since": "2025-01-01T10:00:00", "recurrence": "2 weeks", "weekdays": ["mo", "fr"]}),
        ),
        ("last friday", json!({"since": "2025-01-01T18:00:00", "recurrence": "1mo", "weekdays": ["l-fr"]})),
        (
            "rrule last workday",
            json!({"since": "2025-01-01T17:00:00", "rrule": "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"}),
        ),
        ("every 30 minutes", json!({"since": "2025-01-01T00:00:00", "recurrence": "30min"})),
    ]
    .into_iter()
    .map(|(n, v)| (n.to_string(), v))
    .collect()
}

fn main() {
    let rules: Vec<(String, Value)> = match std::env::var("BATON_SCHEDULE_RULES") {
        Ok(path) => {
            let text = std::fs::read_to_string(&path).expect("read rules file");
            let list: Vec<Value> = serde_json::from_str(&text).expect("rules JSON");
            list.into_iter()
                .map(|r| {
                    (
                        r["name"].as_str().unwrap_or("?").to_string(),
                        r["request"].clone(),
                    )
                })
                .collect()
        }
        Err(_) => builtin(),
    };
    let machine = std::env::var("BATON_SCHEDULE_RULES").is_ok();
    let mut results = Vec::new();
    for (name, body) in rules {
        let req: ScheduleRequest = serde_json::from_value(body).expect("request body");
        match first_dates(&req) {
            Ok(dates) => {
                let median = median_ns(&req);
                if !machine {
                    println!("{name:34} {:5} dates {:10.4} ms", dates.len(), median / 1e6);
                }
                results.push(json!({
                    "name": name,
                    "dates": dates.into_iter().map(format_occurrence).collect::<Vec<_>>(),
                    "median_ns": median,
                }));
            }
            Err(e) => results.push(json!({"name": name, "error": e})),
        }
    }
    if machine {
        println!("{}", json!({ "results": results }));
    }
}
