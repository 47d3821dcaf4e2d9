//! Every endpoint the seed API reference documents is mapped to a typed endpoint in the
//! coverage tables under `core/docs/coverage/`, every mapped type exists in the code, and every
//! test a table names exists where it says.

use std::collections::BTreeSet;
use std::path::PathBuf;

fn seed() -> String {
    let path = std::env::var_os("BATON_SEED")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../shared/seeds/001_842a2eef520017fc.txt")
        });
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// `{manager-ip}/api/v3.1/deployments/{deployment-id}?x=1` → `/deployments/{}`.
fn normalise(path: &str) -> String {
    let mut p = path
        .trim()
        .trim_matches(|c| c == '"' || c == '`')
        .to_string();
    if let Some(i) = p.find("/api/v3.1") {
        p = p[i + "/api/v3.1".len()..].to_string();
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
            '{' | '<' => {
                if depth == 0 {
                    out.push_str("{}");
                }
                depth += 1;
            }
            '}' | '>' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

fn seed_endpoints() -> BTreeSet<(String, String)> {
    seed()
        .lines()
        .filter_map(|line| {
            let (method, rest) = line.split_once(' ')?;
            if !matches!(method, "GET" | "PUT" | "POST" | "PATCH" | "DELETE") {
                return None;
            }
            let rest = rest.trim();
            // `DELETE -d ...` lines are curl flags, not endpoint headings.
            if !(rest.starts_with('"') || rest.starts_with("https://"))
                || !rest.contains("/api/v3.1")
            {
                return None;
            }
            Some((method.to_string(), normalise(rest)))
        })
        .collect()
}

/// Each table row: method, normalised path, the endpoint cell and the tests cell.
fn coverage_rows() -> Vec<(String, String, String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/coverage");
    let mut rows = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for line in text.lines() {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            if cells.len() >= 5 && matches!(cells[1], "GET" | "PUT" | "POST" | "PATCH" | "DELETE") {
                // The path is the cell's first word starting with `/` (notes may follow it).
                let path = cells[2]
                    .split_whitespace()
                    .find(|w| w.starts_with('/'))
                    .unwrap_or(cells[2]);
                rows.push((
                    cells[1].to_string(),
                    normalise(path),
                    cells[3].to_string(),
                    cells[4].to_string(),
                ));
            }
        }
    }
    rows
}

#[test]
fn every_seed_endpoint_is_mapped() {
    let endpoints = seed_endpoints();
    assert!(
        endpoints.len() > 100,
        "the seed parser found only {} endpoints",
        endpoints.len()
    );
    let mapped: BTreeSet<(String, String)> = coverage_rows()
        .into_iter()
        .map(|(m, p, _, _)| (m, p))
        .collect();
    let missing: Vec<_> = endpoints.difference(&mapped).collect();
    assert!(
        missing.is_empty(),
        "{} of {} seed endpoints unmapped: {missing:#?}",
        missing.len(),
        endpoints.len()
    );
}

#[test]
fn every_mapped_type_exists() {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut code = String::new();
    let mut stack = vec![src];
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
    for (method, path, types, _) in coverage_rows() {
        // The Rust types named in backticks (`conductor::x::Type`, `Type::method`).
        let names: Vec<String> = types
            .split('`')
            .skip(1)
            .step_by(2)
            .flat_map(|t| t.split("::").map(str::to_string).collect::<Vec<_>>())
            .map(|t| {
                t.split(|c: char| !c.is_alphanumeric() && c != '_')
                    .next()
                    .unwrap_or_default()
                    .to_string()
            })
            .filter(|t| t.chars().next().is_some_and(|c| c.is_ascii_uppercase()))
            .collect();
        assert!(!names.is_empty(), "{method} {path}: no type named");
        assert!(
            names
                .iter()
                .any(|n| code.contains(&format!("struct {n}"))
                    || code.contains(&format!("enum {n}"))),
            "{method} {path}: none of {names:?} exists"
        );
    }
}

/// Tests are named `<file>::<test>` with the file's path from the repository root, without `.rs`
/// (`core/tests/deployments::list_deployments_request_and_seed_example`); `<file>::*` names all
/// the tests of a file.
#[test]
fn every_named_test_exists() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut named = 0;
    for (method, path, _, tests) in coverage_rows() {
        let names: Vec<&str> = tests.split('`').skip(1).step_by(2).collect();
        assert!(!names.is_empty(), "{method} {path}: no test named");
        for name in names {
            let (file, test) = name
                .rsplit_once("::")
                .unwrap_or_else(|| panic!("{method} {path}: `{name}` is not <file>::<test>"));
            let code = std::fs::read_to_string(root.join(format!("{file}.rs")))
                .unwrap_or_else(|e| panic!("{method} {path}: `{name}`: {file}.rs: {e}"));
            assert!(
                test == "*" || code.contains(&format!("fn {test}(")),
                "{method} {path}: no test `{test}` in {file}.rs"
            );
            named += 1;
        }
    }
    assert!(named > 300, "only {named} tests named");
}

/// The overview's tables (sessions, answers) name their tests in their last column; each
/// exists where it says.
#[test]
fn every_test_named_in_the_overview_exists() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let text = std::fs::read_to_string(root.join("core/docs/coverage.md")).unwrap();
    let mut named = 0;
    for line in text.lines().filter(|l| l.starts_with("| ")) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let Some(tests) = cells.get(cells.len().saturating_sub(2)) else {
            continue;
        };
        for name in tests.split('`').skip(1).step_by(2) {
            let Some((file, test)) = name.rsplit_once("::") else {
                continue;
            };
            if !(file.starts_with("core/") || file.starts_with("sim/") || file.starts_with("web/"))
            {
                continue;
            }
            let code = std::fs::read_to_string(root.join(format!("{file}.rs")))
                .unwrap_or_else(|e| panic!("`{name}`: {file}.rs: {e}"));
            assert!(
                test == "*" || code.contains(&format!("fn {test}(")),
                "no test `{test}` in {file}.rs"
            );
            named += 1;
        }
    }
    assert!(named >= 12, "only {named} tests named in the overview");
}
