//! The rest of the filters issue in headless Chromium against the demo manager: pickers ask
//! `/searches/<resource>` under an input's constraints and say why nothing is offered; the
//! bulk "Run workflow" takes its parameters through the form engine; a saved view restores the
//! list's columns and sort. Also the browser measurement of the local filter preview (ignored:
//! run it with `--release`, see docs/performance.md).

#![cfg(target_arch = "wasm32")]

mod common;

use baton_core::filters::FilterRule;
use common::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A measurement, not a timed test: the local preview (10 rules, compiled once, counted over
/// every loaded deployment) over 10,000 and 100,000 deployments in wasm. It logs the median of
/// five runs and asserts only the count (against the uncompiled evaluator).
#[wasm_bindgen_test]
#[ignore = "a measurement: run with --release -- --include-ignored measure"]
async fn measure_the_local_preview_over_10k_and_100k_deployments() {
    use baton_core::conductor::deployments::Deployment;
    use baton_core::conductor::Label;
    use baton_core::filters::{matches_all, CompiledRules, RuleType};
    const ENVS: [&str; 4] = ["prod", "staging", "dev", "qa"];
    const REGIONS: [&str; 5] = [
        "us-east-1",
        "us-west-2",
        "eu-west-1",
        "eu-central-1",
        "ap-south-1",
    ];
    const TIERS: [&str; 4] = ["frontend", "backend", "data", "network"];
    let make = |n: usize| -> Vec<Deployment> {
        (0..n)
            .map(|i| Deployment {
                id: format!("web-app-{}-{i:06}", ENVS[i % 4]),
                blueprint_id: Some(format!("bp-{}", i % 50)),
                site_name: (i % 3 != 0).then(|| format!("site-{}", i % 7)),
                created_by: Some(["admin", "alice", "bob"][i % 3].to_string()),
                labels: Some(vec![
                    Label::new("env", ENVS[i % 4]),
                    Label::new("region", REGIONS[i % 5]),
                    Label::new("tier", TIERS[(i / 4) % 4]),
                ]),
                ..Deployment::default()
            })
            .collect()
    };
    let lines = [
        ("env=[prod,staging]", RuleType::Label),
        ("region!=ap-south-1", RuleType::Label),
        ("tier is-not network", RuleType::Label),
        ("team is null", RuleType::Label),
        ("env is not null", RuleType::Label),
        ("blueprint_id starts-with bp-", RuleType::Attribute),
        ("blueprint_id does-not-contain bp-49", RuleType::Attribute),
        ("id contains web", RuleType::Attribute),
        ("site_name is not empty", RuleType::Attribute),
        ("created_by!=bob", RuleType::Attribute),
    ];
    let rules: Vec<FilterRule> = lines
        .iter()
        .map(|(l, t)| FilterRule::parse_cli(l, t.clone()).unwrap())
        .collect();
    let perf = web_sys::window().unwrap().performance().unwrap();
    for n in [10_000usize, 100_000] {
        let items = make(n);
        let expected = items.iter().filter(|d| matches_all(&rules, *d)).count();
        assert!(expected > 0 && expected < n);
        let mut times = Vec::new();
        for _ in 0..5 {
            let t0 = perf.now();
            let compiled = CompiledRules::new(&rules);
            let count = items.iter().filter(|d| compiled.matches(*d)).count();
            times.push(perf.now() - t0);
            assert_eq!(count, expected);
        }
        times.sort_by(|a, b| a.total_cmp(b));
        console_log!(
            "local preview, 10 rules over {n} deployments: median {:.1} ms ({expected} match)",
            times[2]
        );
    }
}

