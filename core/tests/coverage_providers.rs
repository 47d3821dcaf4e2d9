//! The four cloud managers' coverage tables (`core/docs/coverage-<provider>.md`): every endpoint
//! the reference documents (and the seed names) is mapped, every seed object and operation
//! exists, and every type and test a table names exists where it says.

use std::collections::BTreeSet;
use std::path::PathBuf;

const PROVIDERS: [&str; 4] = ["imply", "lyve", "sailpoint", "cdm"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn shared(file: &str) -> String {
    let path = root().join("../shared").join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// `https://{tenant}.host/x/{id}?q` → `/x/{}`.
fn normalise(path: &str) -> String {
    let mut p = path.trim().trim_matches('`');
    if let Some(rest) = p.strip_prefix("https://") {
        p = rest.find('/').map_or("", |i| &rest[i..]);
    }
    let p = p
        .split('?')
        .next()
        .unwrap_or_default()
        .trim_end_matches('/');
    let mut out = String::new();
    let mut depth = 0;
    for c in p.chars() {
        match c {
            '{' => {
                if depth == 0 {
                    out.push_str("{}");
                }
                depth += 1;
            }
            '}' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

const METHODS: [&str; 5] = ["GET", "PUT", "POST", "PATCH", "DELETE"];

/// The `METHOD /path` pairs in backticks on the table rows of one section of the reference.
fn reference_endpoints(section: usize) -> BTreeSet<(String, String)> {
    let text = shared("reference/other-managers.md");
    let part = text
        .split("\n## ")
        .find(|s| s.starts_with(&format!("{section}. ")))
        .unwrap_or_else(|| panic!("no section {section}"));
    let mut found = BTreeSet::new();
    for line in part.lines().filter(|l| l.starts_with('|')) {
        for code in line.split('`').skip(1).step_by(2) {
            let Some((method, path)) = code.split_once(' ') else {
                continue;
            };
            let path = path.split_whitespace().next().unwrap_or("");
            if METHODS.contains(&method) && (path.starts_with('/') || path.starts_with("https://"))
            {
                found.insert((method.to_string(), normalise(path)));
            }
        }
    }
    found
}

struct Row {
    method: String,
    path: String,
    types: String,
    tests: String,
    note: String,
}

fn rows(provider: &str) -> Vec<Row> {
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("docs/coverage-{provider}.md")),
    )
    .unwrap();
    text.lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            if cells.len() < 6 || !METHODS.contains(&cells[1]) {
                return None;
            }
            Some(Row {
                method: cells[1].to_string(),
                path: normalise(cells[2].split_whitespace().next().unwrap_or("")),
                types: cells[3].to_string(),
                tests: cells[4].to_string(),
                note: cells[5].to_string(),
            })
        })
        .collect()
}

fn mapped(provider: &str) -> BTreeSet<(String, String)> {
    rows(provider)
        .into_iter()
        .map(|r| (r.method, r.path))
        .collect()
}

fn core_code(folder: &str) -> String {
    let mut code = String::new();
    let mut stack = vec![PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("src")
        .join(folder)];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                code.push_str(&std::fs::read_to_string(path).unwrap());
            }
        }
    }
    code
}

fn assert_all_mapped(provider: &str, expected: BTreeSet<(String, String)>, at_least: usize) {
    assert!(
        expected.len() >= at_least,
        "{provider}: the reference parser found only {} endpoints",
        expected.len()
    );
    let have = mapped(provider);
    let missing: Vec<_> = expected.difference(&have).collect();
    assert!(missing.is_empty(), "{provider}: unmapped {missing:#?}");
}

#[test]
fn imply_reference_endpoints_and_seed_objects_are_covered() {
    assert_all_mapped("imply", reference_endpoints(1), 1);
    // The seed's object definitions each exist as a type.
    let seed = shared("seeds/000_8e8fe8e0d1246323.txt");
    let objects: Vec<&str> = seed
        .split("Object definitions")
        .nth(1)
        .unwrap()
        .split("Error responses")
        .next()
        .unwrap()
        .lines()
        .filter_map(|l| l.strip_prefix("- "))
        .collect();
    assert!(objects.len() >= 17, "{objects:?}");
    let code = core_code("imply");
    for o in objects {
        assert!(code.contains(&format!("pub struct {o} ")), "no imply::{o}");
    }
    // The three resources of the seed each have rows.
    let all = mapped("imply");
    for p in [
        "/clusters",
        "/clusters/{}/history/{}",
        "/clusters/{}/servers",
    ] {
        assert!(all.iter().any(|(_, path)| path == p), "{p}");
    }
    // Create, update, delete, start/stop: the list.
    let methods: BTreeSet<_> = all.iter().map(|(m, _)| m.as_str()).collect();
    for m in ["GET", "POST", "PUT", "DELETE"] {
        assert!(methods.contains(m));
    }
}

#[test]
fn lyve_reference_endpoints_are_covered() {
    assert_all_mapped("lyve", reference_endpoints(2), 15);
}

#[test]
fn sailpoint_reference_endpoints_and_seed_operations_are_covered() {
    assert_all_mapped("sailpoint", reference_endpoints(3), 9);
    let seed = shared("seeds/003_0feea67e84226db3.txt");
    let operations: Vec<&str> = seed
        .lines()
        .filter(|l| {
            !l.is_empty()
                && l.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                && !l.starts_with('-')
        })
        .collect();
    assert_eq!(operations.len(), 8, "{operations:?}");
    let notes: Vec<String> = rows("sailpoint").into_iter().map(|r| r.note).collect();
    for op in operations {
        assert!(
            notes
                .iter()
                .any(|n| n.split([';', ' ', ',']).any(|w| w == op)),
            "seed operation `{op}` is not named in the table"
        );
    }
}

#[test]
fn cdm_seed_and_reference_endpoints_are_covered() {
    let mut expected = reference_endpoints(4);
    let seed = shared("seeds/004_916329af85cd66c2.txt");
    for line in seed.lines() {
        if let Some((m, p)) = line.trim().split_once(' ') {
            if METHODS.contains(&m) && p.starts_with("/v1.1/{") {
                expected.insert((m.to_string(), normalise(p)));
            }
        }
    }
    assert!(expected.contains(&("GET".into(), "/v1.1/{}/clusters/{}".into())));
    assert_all_mapped("cdm", expected, 6);
}

#[test]
fn every_named_type_and_test_exists() {
    let mut named = 0;
    for provider in PROVIDERS {
        let code = core_code(provider);
        let rows = rows(provider);
        assert!(!rows.is_empty(), "{provider}: no rows");
        for row in rows {
            let what = format!("{provider} {} {}", row.method, row.path);
            let types: Vec<String> = row
                .types
                .split('`')
                .skip(1)
                .step_by(2)
                .flat_map(|t| t.split("::").map(str::to_string).collect::<Vec<_>>())
                .filter(|t| t.chars().next().is_some_and(|c| c.is_ascii_uppercase()))
                .collect();
            assert!(!types.is_empty(), "{what}: no type named");
            for t in &types {
                assert!(
                    code.contains(&format!("struct {t}")) || code.contains(&format!("enum {t}")),
                    "{what}: no type {t} in core/src/{provider}"
                );
            }
            let tests: Vec<&str> = row.tests.split('`').skip(1).step_by(2).collect();
            assert!(!tests.is_empty(), "{what}: no test named");
            for name in tests {
                let (file, test) = name
                    .rsplit_once("::")
                    .unwrap_or_else(|| panic!("{what}: `{name}` is not <file>::<test>"));
                let text = std::fs::read_to_string(root().join(format!("{file}.rs")))
                    .unwrap_or_else(|e| panic!("{what}: {file}.rs: {e}"));
                assert!(
                    text.contains(&format!("fn {test}(")),
                    "{what}: no test `{test}` in {file}.rs"
                );
                named += 1;
            }
        }
    }
    assert!(named > 50, "only {named} tests named");
}
