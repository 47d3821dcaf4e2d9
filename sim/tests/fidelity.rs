//! The demo manager answers the calls and options the official client has (issue 14): the
//! deployments-only list options, `_get_all_results`, a blueprint's description, schema-typed
//! secrets, deleting events, one config value and the license check.

use baton_core::conductor::blueprints::{GetBlueprint, ListBlueprints, UpdateBlueprint};
use baton_core::conductor::deployments::{GetDeployment, ListDeployments};
use baton_core::conductor::events::{DeleteEvents, ListEvents};
use baton_core::conductor::groups::{DeploymentGroupSpec, DeploymentSelection, PutDeploymentGroup};
use baton_core::conductor::license::{CheckLicense, DeleteLicense};
use baton_core::conductor::manager::GetConfigValue;
use baton_core::conductor::secrets::{
    CreateSecret, GetSecret, NewSecret, SecretUpdate, UpdateSecret,
};
use baton_core::{ApiError, Credentials, Endpoint, ListQuery, Session};
use baton_sim::DemoManager;
use chrono::{NaiveDate, NaiveDateTime};
use serde_json::json;

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 22)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap()
}

fn admin() -> Session {
    Session::same_origin()
        .with_tenant("default_tenant")
        .with_credentials(Credentials::Basic {
            username: "admin".into(),
            password: "admin".into(),
        })
}

fn call<E: Endpoint>(m: &mut DemoManager, e: &E) -> Result<E::Output, ApiError> {
    e.parse(m.handle(&e.request(&admin()), now()))
}

fn ids(m: &mut DemoManager, e: &ListDeployments) -> Vec<String> {
    let mut v: Vec<String> = call(m, e)
        .unwrap()
        .items
        .into_iter()
        .map(|d| d.id)
        .collect();
    v.sort();
    v
}

fn all_ids() -> ListDeployments {
    ListDeployments {
        query: ListQuery::new().include(["id", "labels"]).page(1000, 0),
    }
}

#[test]
fn sim_deployments_of_a_group_and_environments_only() {
    let mut m = DemoManager::demo();
    let every = ids(&mut m, &all_ids());
    assert!(every.len() > 3);
    let members = vec![every[0].clone(), every[2].clone()];
    call(
        &mut m,
        &PutDeploymentGroup {
            id: "pair".into(),
            spec: DeploymentGroupSpec {
                members: DeploymentSelection {
                    deployment_ids: Some(members.clone()),
                    ..Default::default()
                },
                ..Default::default()
            },
        },
    )
    .unwrap();
    assert_eq!(ids(&mut m, &all_ids().in_group("pair")), members);

    let environments = ids(&mut m, &all_ids().environments_only());
    let all = call(&mut m, &all_ids()).unwrap().items;
    let expected: Vec<String> = {
        let mut v: Vec<String> = all
            .iter()
            .filter(|d| d.label("csys-obj-type") == Some("environment"))
            .map(|d| d.id.clone())
            .collect();
        v.sort();
        v
    };
    assert!(!expected.is_empty(), "the demo data has environments");
    assert_eq!(environments, expected);
}

#[test]
fn sim_get_all_results_ignores_paging() {
    let mut m = DemoManager::demo();
    let mut query = ListQuery::new().include(["id"]).page(2, 0);
    assert_eq!(
        call(
            &mut m,
            &ListBlueprints {
                query: query.clone()
            }
        )
        .unwrap()
        .items
        .len(),
        2
    );
    query.get_all_results = true;
    let page = call(&mut m, &ListBlueprints { query }).unwrap();
    assert!(page.items.len() > 2);
    assert_eq!(page.items.len() as u64, page.pagination().total);
}

#[test]
fn sim_blueprint_description_update() {
    let mut m = DemoManager::demo();
    let id = call(
        &mut m,
        &ListBlueprints {
            query: ListQuery::new().include(["id"]).page(1, 0),
        },
    )
    .unwrap()
    .items[0]
        .id
        .clone();
    let b = call(
        &mut m,
        &UpdateBlueprint {
            id: id.clone(),
            description: Some("Two web servers behind a balancer.".into()),
            labels: None,
        },
    )
    .unwrap();
    assert_eq!(
        b.description.as_deref(),
        Some("Two web servers behind a balancer.")
    );
    let again = call(
        &mut m,
        &GetBlueprint {
            id: id.clone(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(again.description, b.description);
    // Nothing to update: refused before it is sent.
    let empty = UpdateBlueprint {
        id,
        ..Default::default()
    };
    assert_eq!(empty.check().unwrap_err().code, "nothing_to_update");
}

#[test]
fn sim_schema_typed_secret_values_are_json() {
    let mut m = DemoManager::demo();
    let schema = json!({"type": "object", "properties": {"host": {"type": "string"}}});
    call(
        &mut m,
        &CreateSecret {
            key: "db".into(),
            secret: NewSecret {
                value: r#"{"host": "db1"}"#.into(),
                schema: Some(schema.clone()),
                ..NewSecret::default()
            },
        },
    )
    .unwrap();
    let read = |m: &mut DemoManager| {
        let s = call(
            m,
            &GetSecret {
                key: "db".into(),
                skip_value: None,
            },
        )
        .unwrap();
        serde_json::from_str::<serde_json::Value>(s.value.as_deref().unwrap()).unwrap()
    };
    assert_eq!(read(&mut m), json!({"host": "db1"}));
    call(
        &mut m,
        &UpdateSecret {
            key: "db".into(),
            update: SecretUpdate {
                value: Some(r#"{"host": "db2"}"#.into()),
                schema: Some(schema),
                ..SecretUpdate::default()
            },
        },
    )
    .unwrap();
    assert_eq!(read(&mut m), json!({"host": "db2"}));
}

#[test]
fn sim_delete_events_of_a_deployment() {
    let mut m = DemoManager::demo();
    let with_events = |m: &mut DemoManager| {
        let page = call(
            m,
            &ListEvents {
                query: ListQuery::new().page(1000, 0),
                include_logs: Some(true),
                ..Default::default()
            },
        )
        .unwrap();
        page.items
    };
    let events = with_events(&mut m);
    let Some(dep) = events.iter().find_map(|e| e.deployment_id.clone()) else {
        panic!("the demo data has events of a deployment");
    };
    let of_dep = |items: &[baton_core::conductor::events::Event]| {
        items
            .iter()
            .filter(|e| e.deployment_id.as_deref() == Some(dep.as_str()))
            .count()
    };
    let before = of_dep(&events);
    assert!(before > 0);
    let count = call(
        &mut m,
        &DeleteEvents {
            deployment_id: dep.clone(),
            include_logs: true,
            store_before: false,
            from: None,
            to: None,
        },
    )
    .unwrap();
    assert!(count > 0 && count as usize <= before);
    assert_eq!(of_dep(&with_events(&mut m)), 0);
    let missing = call(
        &mut m,
        &DeleteEvents {
            deployment_id: "no-such-deployment".into(),
            include_logs: false,
            store_before: false,
            from: None,
            to: None,
        },
    );
    assert_eq!(missing.unwrap_err().status, Some(404));
}

#[test]
fn sim_one_config_value_and_the_license_check() {
    let mut m = DemoManager::demo();
    let e = call(
        &mut m,
        &GetConfigValue {
            scope: "rest".into(),
            name: "account_lock_period".into(),
        },
    )
    .unwrap();
    assert_eq!(e.name, "account_lock_period");
    let missing = call(
        &mut m,
        &GetConfigValue {
            scope: "rest".into(),
            name: "no_such_setting".into(),
        },
    );
    assert_eq!(missing.unwrap_err().status, Some(404));

    call(&mut m, &CheckLicense).unwrap();
    call(&mut m, &DeleteLicense).unwrap();
    let e = call(&mut m, &CheckLicense).unwrap_err();
    assert_eq!(
        (e.status, e.code.as_str()),
        (Some(400), "missing_cloudify_license")
    );
}

#[test]
fn sim_get_deployment_accepts_include_workdir() {
    let mut m = DemoManager::demo();
    let id = ids(&mut m, &all_ids())[0].clone();
    let d = call(
        &mut m,
        &GetDeployment {
            id: id.clone(),
            include_workdir: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(d.id, id);
}
