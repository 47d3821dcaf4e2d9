//! Real answers of a manager, parsed through the typed endpoints of the groups, filters,
//! searches, secrets and summary families.

use std::path::PathBuf;

use baton_core::conductor::groups::ListDeploymentGroups;
use baton_core::conductor::saved_filters::{CreateFilter, FilterResource, ListFilters};
use baton_core::conductor::searches::Search;
use baton_core::conductor::secrets::{CreateSecret, GetSecret, ListSecrets, NewSecret};
use baton_core::conductor::summary::{GetSummary, SummaryResource};
use baton_core::filters::{FilterRule, Operator};
use baton_core::{Endpoint, ListQuery, Response};

fn fixture(name: &str, status: u16) -> Response {
    let dir = std::env::var_os("BATON_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures/conductor")
        });
    let body = std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    http::Response::builder().status(status).body(body).unwrap()
}

#[test]
fn deployment_groups_fixture() {
    let page = ListDeploymentGroups::default()
        .parse(fixture("deployment_groups.json", 200))
        .unwrap();
    let all_prod = page.items.iter().find(|g| g.id == "all-prod").unwrap();
    assert_eq!(all_prod.deployment_ids.len(), 4);
    assert_eq!(all_prod.creation_counter, Some(0));
    let web = &page.items[0];
    assert_eq!(web.labels.as_ref().unwrap()[0].key, "env");
}

#[test]
fn filters_fixtures() {
    let create = CreateFilter {
        resource: FilterResource::Deployments,
        id: "sample-filter".into(),
        filter_rules: vec![FilterRule::label("env", Operator::AnyOf, ["prod"])],
        visibility: None,
    };
    let f = create.parse(fixture("filter_put.json", 200)).unwrap();
    assert_eq!(f.value, create.filter_rules);
    assert!(!f.is_system());
    let e = create
        .parse(fixture("filter_put_bad_operator.json", 400))
        .unwrap_err();
    assert_eq!(e.code, "invalid_filter_rule");
    let list = ListFilters::default()
        .parse(fixture("filters_deployments_list.json", 200))
        .unwrap();
    assert_eq!(list.pagination().total, 25);
    assert!(list
        .items
        .iter()
        .any(|f| f.id == "csys-environment-filter" && f.is_system()));
}

#[test]
fn searches_fixtures() {
    let page = Search::deployments()
        .parse(fixture("searches_deployments.json", 200))
        .unwrap();
    assert_eq!(page.metadata.filtered, Some(serde_json::json!(3)));
    assert_eq!(page.items[0].label("csys-obj-type"), Some("environment"));
    let by_filter = Search::deployments()
        .filter_id("prod")
        .parse(fixture("searches_deployments_by_filter.json", 200))
        .unwrap();
    assert_eq!(by_filter.items.len(), 4);
    let bps = Search::blueprints()
        .list(ListQuery::new().include(["id", "labels"]))
        .parse(fixture("searches_blueprints.json", 200))
        .unwrap();
    assert_eq!(bps.items[0].id, "hello-world");
}

#[test]
fn secrets_fixtures() {
    let s = GetSecret {
        key: "db_password".into(),
        skip_value: None,
    }
    .parse(fixture("secret_get.json", 200))
    .unwrap();
    assert_eq!(s.is_hidden_value, Some(true));
    assert_eq!(s.value.as_deref(), Some("s3cr3t-Passw0rd"));
    let create = CreateSecret {
        key: "sample_key".into(),
        secret: NewSecret::default(),
    };
    let put = create.parse(fixture("secret_put.json", 200)).unwrap();
    assert!(put.value.unwrap().starts_with("gAAAAA"));
    let conflict = create
        .parse(fixture("secret_put_conflict.json", 409))
        .unwrap_err();
    assert_eq!(
        (conflict.status, conflict.code.as_str()),
        (Some(409), "conflict_error")
    );
    let list = ListSecrets::default()
        .parse(fixture("secrets_list.json", 200))
        .unwrap();
    assert_eq!(list.items.len(), 5);
    assert!(list.items.iter().all(|s| s.value.is_none()));
}

#[test]
fn summary_fixture() {
    let e = GetSummary {
        resource: SummaryResource::Deployments,
        target_field: "blueprint_id".into(),
        sub_field: None,
        query: ListQuery::new(),
    };
    let page = e.parse(fixture("summary_deployments.json", 200)).unwrap();
    let total: u64 = page
        .items
        .iter()
        .filter_map(|i| i.count(SummaryResource::Deployments))
        .sum();
    assert_eq!(total, 7);
    assert_eq!(page.items[0].value("blueprint_id").unwrap(), "db-cluster");
}
