//! 10 filter rules over 100,000 deployments with labels (target: under 20 ms natively).

use std::hint::black_box;

use baton_core::filters::{AttributeValue, CompiledRules, FilterRule, Filterable, RuleType};
use criterion::{criterion_group, criterion_main, Criterion};

/// A deployment shaped like the console's model: owned strings and a label list.
struct Deployment {
    id: String,
    display_name: String,
    blueprint_id: String,
    created_by: String,
    site_name: Option<String>,
    schedules: usize,
    labels: Vec<(String, String)>,
}

impl Filterable for Deployment {
    fn attribute(&self, key: &str) -> Option<AttributeValue<'_>> {
        fn text(s: &str) -> Option<AttributeValue<'_>> {
            Some(AttributeValue::Str(s))
        }
        match key {
            "id" => text(&self.id),
            "display_name" => text(&self.display_name),
            "blueprint_id" => text(&self.blueprint_id),
            "created_by" => text(&self.created_by),
            "site_name" => Some(
                self.site_name
                    .as_deref()
                    .map_or(AttributeValue::Null, AttributeValue::Str),
            ),
            "schedules" => Some(AttributeValue::Related(self.schedules)),
            _ => None,
        }
    }

    fn labels(&self) -> impl Iterator<Item = (&str, &str)> {
        self.labels.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

/// Deterministic data: no clock, no RNG crate.
fn deployments(n: usize) -> Vec<Deployment> {
    let envs = ["prod", "staging", "dev", "qa"];
    let types = ["aws", "azure", "k8s", "terraform", "helm"];
    let owners = ["alice", "bob", "carol", "dave", "erin", "frank"];
    let sites = ["tel-aviv", "new-york", "london"];
    (0..n)
        .map(|i| {
            let mut labels = vec![
                ("env".to_string(), envs[i % 4].to_string()),
                ("obj-type".to_string(), types[i % 5].to_string()),
                ("owner".to_string(), owners[i % 6].to_string()),
            ];
            if i % 3 != 0 {
                labels.push(("csys-obj-parent".to_string(), format!("env-{}", i % 97)));
            }
            if i % 7 == 0 {
                labels.push(("region".to_string(), "eu-west-1".to_string()));
            }
            Deployment {
                id: format!("dep-{i:06}"),
                display_name: format!("Web App {i}"),
                blueprint_id: format!("web-blueprint-{}", i % 50),
                created_by: owners[(i / 3) % 6].to_string(),
                site_name: (i % 11 != 0).then(|| sites[i % 3].to_string()),
                schedules: i % 2,
                labels,
            }
        })
        .collect()
}

fn rules() -> Vec<FilterRule> {
    let label = [
        "env=[prod,staging,dev]",
        "obj-type!=[k8s]",
        "owner is-not [mallory,trent]",
        "env is not null",
        "csys-consumer-id is null",
    ];
    let attr = [
        "blueprint_id contains blueprint",
        "created_by starts-with [al,bo,ca,da,er]",
        "display_name ends-with [0,1,2,3,4,5,6,7,8]",
        "site_name!=[paris]",
        "id starts-with dep-",
    ];
    let parse = |t: &&str, kind: RuleType| FilterRule::parse_cli(t, kind).expect("rule");
    label
        .iter()
        .map(|t| parse(t, RuleType::Label))
        .chain(attr.iter().map(|t| parse(t, RuleType::Attribute)))
        .collect()
}

fn bench(c: &mut Criterion) {
    let items = deployments(100_000);
    let rules = rules();
    let compiled = CompiledRules::new(&rules);
    let matched = items.iter().filter(|d| compiled.matches(*d)).count();
    // Keep the workload honest: a real share passes all 10 rules.
    assert!(matched > 10_000 && matched < 100_000, "{matched}");
    c.bench_function("10 rules over 100k deployments", |b| {
        b.iter(|| {
            black_box(&items)
                .iter()
                .filter(|d| compiled.matches(*d))
                .count()
        })
    });
    c.bench_function("compile 10 rules", |b| {
        b.iter(|| CompiledRules::new(black_box(&rules)))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = bench
}
criterion_main!(benches);
