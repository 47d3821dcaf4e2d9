//! Every response captured from a real manager parses into Baton's models with no field lost.

use std::path::PathBuf;

use baton_core::conductor::auth::{Token, User};
use baton_core::conductor::blueprints::{Blueprint, BlueprintState};
use baton_core::conductor::deployments::{Deployment, DeploymentStatus, InstallationStatus};
use baton_core::conductor::executions::{Execution, ExecutionStatus};
use baton_core::conductor::manager::{ConfigEntry, ManagerStatus, Version};
use baton_core::conductor::resources::*;
use baton_core::conductor::tenants::Tenant;
use baton_core::{ApiError, Page, Timestamp};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

fn fixtures_dir() -> PathBuf {
    std::env::var_os("BATON_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures/conductor")
        })
}

fn raw(name: &str) -> Vec<u8> {
    let path = fixtures_dir().join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// Same data, where a missing field equals `null` and timestamps compare by instant.
fn same(original: &Value, ours: &Value, at: &str) {
    match (original, ours) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in a {
                let mine = b.get(k).unwrap_or(&Value::Null);
                same(v, mine, &format!("{at}.{k}"));
            }
            for (k, v) in b {
                assert!(
                    a.contains_key(k) || v.is_null(),
                    "{at}.{k}: invented field {v}"
                );
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            assert_eq!(a.len(), b.len(), "{at}: length");
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                same(x, y, &format!("{at}[{i}]"));
            }
        }
        (Value::String(a), Value::String(b)) if a != b => {
            let (ta, tb) = (Timestamp::parse(a), Timestamp::parse(b));
            assert!(ta.is_some() && ta == tb, "{at}: {a:?} became {b:?}");
        }
        _ => assert_eq!(original, ours, "{at}"),
    }
}

fn lossless<T: DeserializeOwned + Serialize>(name: &str) -> T {
    let bytes = raw(name);
    let parsed: T = serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    let original: Value = serde_json::from_slice(&bytes).unwrap();
    same(&original, &serde_json::to_value(&parsed).unwrap(), name);
    parsed
}

#[test]
fn version() {
    let v: Version = lossless("version.json");
    assert_eq!(v.version.as_deref(), Some("7.1.0.dev1"));
    assert_eq!(v.edition.as_deref(), Some("community"));
}

#[test]
fn tokens_and_users() {
    let t: Token = lossless("token_create.json");
    assert!(t.value.as_deref().unwrap().starts_with("ctok-"));
    assert_eq!(
        t.expiration_date.unwrap().to_wire(),
        "2026-11-22T13:55:00.000Z"
    );
    assert!(
        !format!("{t:?}").contains("RSRszoRl"),
        "Debug must not print the token value"
    );
    let list: Page<Token> = lossless("tokens_list.json");
    assert_eq!(list.pagination().total, 30);
    assert_eq!(list.items.len(), 30);
    let me: User = lossless("user_self.json");
    assert!(me.is_admin());
}

#[test]
fn tenants() {
    let t: Page<Tenant> = lossless("tenants_list.json");
    let names: Vec<_> = t.items.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["default_tenant", "team-a", "team-b"]);
}

#[test]
fn blueprints() {
    let list: Page<Blueprint> = lossless("blueprints_list.json");
    assert_eq!(list.pagination().total, 5);
    let broken = list.items.iter().find(|b| b.id == "broken-bp").unwrap();
    assert_eq!(broken.state, Some(BlueprintState::Invalid));
    assert!(broken.state.as_ref().unwrap().is_failure());
    let bp: Blueprint = lossless("blueprint_get.json");
    assert!(bp.plan.as_ref().unwrap().get("nodes").is_some());
    let searched: Page<Blueprint> = lossless("searches_blueprints.json");
    assert!(
        searched.items.iter().all(|b| b.state.is_none()),
        "projected items parse"
    );
}

#[test]
fn deployments() {
    let list: Page<Deployment> = lossless("deployments_list.json");
    assert_eq!(list.items.len(), 7);
    let env = list.items.iter().find(|d| d.id == "env-prod").unwrap();
    assert_eq!(env.name(), "Production");
    assert_eq!(env.label("csys-obj-type"), Some("environment"));
    assert_eq!(
        env.deployment_status,
        Some(DeploymentStatus::RequiresAttention)
    );
    assert_eq!(env.installation_status, Some(InstallationStatus::Inactive));
    let d: Deployment = lossless("deployment_get.json");
    assert_eq!(d.id, "web-prod-1");
    assert!(d
        .workflows
        .as_ref()
        .unwrap()
        .iter()
        .any(|w| w.name == "install"));
    assert_eq!(
        d.deployment_groups.as_deref().unwrap(),
        ["prod-web", "all-prod"]
    );
    let _: Page<Deployment> = lossless("searches_deployments.json");
    let by_filter: Page<Deployment> = lossless("searches_deployments_by_filter.json");
    assert!(by_filter.items.iter().all(|d| d.labels.is_none()));
}

#[test]
fn executions_and_events() {
    let list: Page<Execution> = lossless("executions_list.json");
    assert_eq!(list.pagination().size, 20);
    assert!(list
        .items
        .iter()
        .any(|e| e.status == Some(ExecutionStatus::Failed)));
    assert!(list
        .items
        .iter()
        .filter_map(|e| e.status.as_ref())
        .all(|s| !matches!(s, ExecutionStatus::Other(_))));
    let events: Page<Event> = lossless("events_list.json");
    assert!(events.items.is_empty());
}

#[test]
fn other_resources() {
    let _: Page<ConfigEntry> = lossless("config_list.json");
    let groups: Page<DeploymentGroup> = lossless("deployment_groups.json");
    assert_eq!(groups.items[0].deployment_ids, ["web-prod-2", "web-prod-1"]);
    let f: SavedFilter = lossless("filter_put.json");
    assert_eq!(f.id, "sample-filter");
    let _: Page<SavedFilter> = lossless("filters_deployments_list.json");
    let _: Page<NodeInstance> = lossless("node_instances.json");
    let nodes: Page<Node> = lossless("nodes.json");
    assert_eq!(
        nodes.items[0].node_type.as_deref(),
        Some("cloudify.nodes.Compute")
    );
    let _: Page<Plugin> = lossless("plugins_list.json");
    let s: Secret = lossless("secret_get.json");
    assert!(s.value.is_some());
    let _: Secret = lossless("secret_put.json");
    let secrets: Page<Secret> = lossless("secrets_list.json");
    assert!(secrets.items.iter().all(|s| s.value.is_none()));
    let sites: Page<Site> = lossless("sites_list.json");
    assert_eq!(sites.items[0].latitude, Some(32.0853));
    let _: ManagerStatus = lossless("status.json");
    let summary: Page<serde_json::Map<String, Value>> = lossless("summary_deployments.json");
    assert_eq!(summary.items.len(), 4);
    for name in [
        "labels_blueprints.json",
        "labels_deployments.json",
        "labels_deployments_env.json",
    ] {
        let keys: Page<String> = lossless(name);
        assert!(!keys.items.is_empty(), "{name}");
    }
}

fn error_fixture(name: &str, status: u16) -> ApiError {
    let response = http::Response::builder()
        .status(status)
        .body(raw(name))
        .unwrap();
    ApiError::from_response(&response)
}

#[test]
fn error_answers() {
    let e = error_fixture("auth_missing_tenant.json", 403);
    assert_eq!(
        (e.code.as_str(), e.message.as_str()),
        (
            "forbidden_error",
            "Authorization failed: tenant not provided"
        )
    );
    let e = error_fixture("auth_wrong_password.json", 401);
    assert!(e.is_unauthorized());
    assert!(e.message.contains("Wrong credentials"));
    // The community edition has no user management beyond the admin.
    for name in ["users_list_community.json", "users_put_community.json"] {
        let e = error_fixture(name, 404);
        assert_eq!(e.code, "missing_premium_package_error");
        assert_eq!(e.error_code().status(), Some(404));
        assert!(e.message.contains("premium edition"));
    }
    let e = error_fixture("secret_put_conflict.json", 409);
    assert_eq!(e.error_code().status(), Some(409));
    let e = error_fixture("filter_put_bad_operator.json", 400);
    let (rule, reason) = e.filter_rule_error().unwrap();
    assert_eq!(rule["operator"], "nope");
    assert!(reason.starts_with("The operator for filtering by labels must be one of"));
    // Community editions answer some admin calls with an HTML page, not JSON.
    let e = error_fixture("tenant_put_community.json", 405);
    assert_eq!(e.code, baton_core::error::client_codes::NOT_JSON);
    assert!(e.message.contains("405"), "{}", e.message);
}

#[test]
fn every_fixture_is_covered() {
    let covered = include_str!("fixtures.rs");
    for entry in std::fs::read_dir(fixtures_dir()).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        assert!(
            covered.contains(&format!("\"{name}\"")),
            "fixture {name} is parsed by no test"
        );
    }
}
