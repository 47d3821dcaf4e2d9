//! The demo manager's blueprints, deployments, deployment updates, sites, nodes, node
//! instances and labels, through the typed endpoints.

use baton_core::conductor::blueprints::*;
use baton_core::conductor::deployment_updates::*;
use baton_core::conductor::deployments::*;
use baton_core::conductor::labels::*;
use baton_core::conductor::nodes::*;
use baton_core::conductor::sites::*;
use baton_core::conductor::Visibility;
use baton_core::{ApiError, Credentials, Endpoint, ListQuery, Session};
use baton_sim::DemoManager;
use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde_json::{json, Map, Value};

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 22)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap()
}

fn as_user(user: &str, tenant: &str) -> Session {
    Session::same_origin()
        .with_tenant(tenant)
        .with_credentials(Credentials::Basic {
            username: user.into(),
            password: user.into(),
        })
}

fn admin() -> Session {
    as_user("admin", "default_tenant")
}

fn call<E: Endpoint>(m: &mut DemoManager, e: &E) -> Result<E::Output, ApiError> {
    call_at(m, e, now())
}

fn call_at<E: Endpoint>(
    m: &mut DemoManager,
    e: &E,
    at: NaiveDateTime,
) -> Result<E::Output, ApiError> {
    e.parse(m.handle(&e.request(&admin()), at))
}

fn fails<T: std::fmt::Debug>(r: Result<T, ApiError>, status: u16, code: &str) -> ApiError {
    let e = r.unwrap_err();
    assert_eq!(
        (e.status, e.code.as_str()),
        (Some(status), code),
        "{}",
        e.message
    );
    e
}

/// A gzip member's first bytes are enough for the manager's archive sniffing.
const ARCHIVE: &[u8] = &[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255, 1, 2, 3];

fn upload(id: &str, source: BlueprintSource) -> UploadBlueprint {
    UploadBlueprint {
        id: id.into(),
        source,
        application_file_name: Some("app.yaml".into()),
        labels: vec![LabelPair::new("Team", "sre")],
        boundary: "b0undary".into(),
        ..Default::default()
    }
}

fn archive_upload(id: &str) -> UploadBlueprint {
    upload(
        id,
        BlueprintSource::Archive {
            file_name: "app.tar.gz".into(),
            bytes: ARCHIVE.to_vec(),
        },
    )
}

fn inputs(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap()
}

fn create(id: &str, bp: &str, given: Value) -> CreateDeployment {
    CreateDeployment {
        id: id.into(),
        blueprint_id: bp.into(),
        inputs: inputs(given),
        ..Default::default()
    }
}

#[test]
fn sim_blueprint_upload_download_and_delete() {
    let mut m = DemoManager::demo();
    let bp = call(&mut m, &archive_upload("my-app")).unwrap();
    assert_eq!(bp.state, Some(BlueprintState::Uploaded));
    assert_eq!(bp.main_file_name.as_deref(), Some("app.yaml"));
    let labels = bp.labels.unwrap();
    assert_eq!(
        (labels[0].key.as_str(), labels[0].value.as_str()),
        ("team", "sre")
    );
    fails(
        call(&mut m, &archive_upload("my-app")),
        409,
        "conflict_error",
    );
    let bytes = call(
        &mut m,
        &DownloadBlueprint {
            id: "my-app".into(),
        },
    )
    .unwrap();
    assert_eq!(bytes, ARCHIVE);
    let got = call(
        &mut m,
        &GetBlueprint {
            id: "my-app".into(),
            include: vec![],
        },
    )
    .unwrap();
    assert_eq!(got.tenant_name.as_deref(), Some("default_tenant"));

    // Not an archive: stored as failed, answered 400.
    let mut bad = archive_upload("broken-upload");
    bad.source = BlueprintSource::Archive {
        file_name: "x.txt".into(),
        bytes: b"hello".to_vec(),
    };
    fails(call(&mut m, &bad), 400, "invalid_blueprint_error");
    let stored = call(
        &mut m,
        &GetBlueprint {
            id: "broken-upload".into(),
            include: vec![],
        },
    )
    .unwrap();
    assert_eq!(stored.state, Some(BlueprintState::FailedExtracting));
    fails(
        call(&mut m, &archive_upload("1st-app")),
        400,
        "bad_parameters_error",
    );

    // Blueprints in use are not deleted, not even with force.
    let e = fails(
        call(
            &mut m,
            &DeleteBlueprint {
                id: "hello-world".into(),
                force: true,
            },
        ),
        400,
        "dependent_exists_error",
    );
    assert!(e.message.starts_with("Can't delete blueprint hello-world"));
    call(
        &mut m,
        &DeleteBlueprint {
            id: "my-app".into(),
            force: false,
        },
    )
    .unwrap();
    fails(
        call(
            &mut m,
            &DownloadBlueprint {
                id: "my-app".into(),
            },
        ),
        404,
        "not_found_error",
    );
}

#[test]
fn sim_async_url_upload_finishes_later() {
    let mut m = DemoManager::demo();
    let mut e = upload(
        "from-url",
        BlueprintSource::Url("https://example.com/a.zip".into()),
    );
    e.async_upload = true;
    let bp = call(&mut m, &e).unwrap();
    assert_eq!(bp.state, Some(BlueprintState::Uploading));
    let get = GetBlueprint {
        id: "from-url".into(),
        include: vec!["state".into()],
    };
    assert_eq!(
        call_at(&mut m, &get, now() + Duration::milliseconds(900))
            .unwrap()
            .state,
        Some(BlueprintState::Uploading)
    );
    assert_eq!(
        call_at(&mut m, &get, now() + Duration::seconds(5))
            .unwrap()
            .state,
        Some(BlueprintState::Uploaded)
    );
    // Neither an archive nor a URL.
    let none = upload("nothing", BlueprintSource::Url(String::new()));
    fails(call(&mut m, &none), 400, "upload_missing_file");
}

#[test]
fn sim_demo_archives_are_tar_gz() {
    let mut m = DemoManager::demo();
    let bytes = call(
        &mut m,
        &DownloadBlueprint {
            id: "hello-world".into(),
        },
    )
    .unwrap();
    assert_eq!(&bytes[..2], &[0x1f, 0x8b]);
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("hello-world/blueprint.yaml") && text.contains("ustar"));
    assert!(text.contains("tosca_definitions_version"));
}

#[test]
fn sim_validate_does_not_store() {
    let mut m = DemoManager::demo();
    let exec = call(
        &mut m,
        &ValidateBlueprint {
            upload: archive_upload("checked"),
        },
    )
    .unwrap()
    .unwrap();
    assert_eq!(exec.workflow_id.as_deref(), Some("upload_blueprint"));
    assert_eq!(
        exec.status.map(|s| s.to_string()).as_deref(),
        Some("terminated")
    );
    fails(
        call(
            &mut m,
            &GetBlueprint {
                id: "checked".into(),
                include: vec![],
            },
        ),
        404,
        "not_found_error",
    );
    let mut bad = archive_upload("checked");
    bad.source = BlueprintSource::Archive {
        file_name: "a".into(),
        bytes: b"nope".to_vec(),
    };
    let exec = call(&mut m, &ValidateBlueprint { upload: bad })
        .unwrap()
        .unwrap();
    assert_eq!(
        exec.status.map(|s| s.to_string()).as_deref(),
        Some("failed")
    );
}

#[test]
fn sim_blueprint_visibility_icon_and_labels() {
    let mut m = DemoManager::demo();
    let set = |v| SetBlueprintVisibility {
        id: "web-app".into(),
        visibility: v,
    };
    assert_eq!(
        call(&mut m, &set(Visibility::Global)).unwrap().visibility,
        Some(Visibility::Global)
    );
    fails(
        call(&mut m, &set(Visibility::Tenant)),
        400,
        "illegal_action_error",
    );
    fails(
        call(&mut m, &set(Visibility::Private)),
        400,
        "bad_parameters_error",
    );
    call(
        &mut m,
        &SetBlueprintIcon {
            id: "web-app".into(),
            icon: Some(vec![0x89, b'P', b'N', b'G']),
        },
    )
    .unwrap();
    call(
        &mut m,
        &SetBlueprintIcon {
            id: "web-app".into(),
            icon: None,
        },
    )
    .unwrap();
    fails(
        call(
            &mut m,
            &SetBlueprintIcon {
                id: "nope".into(),
                icon: None,
            },
        ),
        404,
        "not_found_error",
    );
    let bp = call(
        &mut m,
        &UpdateBlueprint {
            id: "web-app".into(),
            description: None,
            labels: Some(vec![LabelPair::new("ARCH", "arm64")]),
        },
    )
    .unwrap();
    let labels = bp.labels.unwrap();
    assert_eq!(labels.len(), 1, "the label set is replaced");
    assert_eq!(labels[0].key, "arch");
    let keys = call(
        &mut m,
        &ListLabelKeys {
            resource: LabelledResource::Blueprints,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(keys.items.contains(&"arch".to_string()));
    fails(
        call(
            &mut m,
            &UpdateBlueprint {
                id: "web-app".into(),
                description: None,
                labels: Some(vec![LabelPair::new("csys-bogus", "x")]),
            },
        ),
        400,
        "bad_parameters_error",
    );
}

#[test]
fn sim_create_deployment_validates_against_the_blueprint() {
    let mut m = DemoManager::demo();
    let e = fails(
        call(&mut m, &create("new-dep", "web-app", json!({}))),
        400,
        "missing_required_deployment_input_error",
    );
    assert!(e.message.contains("region"), "{}", e.message);
    fails(
        call(
            &mut m,
            &create(
                "new-dep",
                "web-app",
                json!({"region": "eu-west-1", "colour": "red"}),
            ),
        ),
        400,
        "unknown_deployment_input_error",
    );
    fails(
        call(&mut m, &create("new-dep", "no-such-bp", json!({}))),
        404,
        "not_found_error",
    );
    let mut pending = upload(
        "pending-bp",
        BlueprintSource::Url("https://example.com/p.zip".into()),
    );
    pending.async_upload = true;
    call(&mut m, &pending).unwrap();
    fails(
        call(&mut m, &create("new-dep", "pending-bp", json!({}))),
        400,
        "deployment_creation_error",
    );
    let mut at_nowhere = create("new-dep", "web-app", json!({"region": "eu-west-1"}));
    at_nowhere.site_name = Some("atlantis".into());
    let e = fails(call(&mut m, &at_nowhere), 404, "not_found_error");
    assert_eq!(
        e.message,
        "Requested `Site` with ID `atlantis` was not found"
    );

    let mut ok = create(
        "new-dep",
        "web-app",
        json!({"region": "eu-west-1", "port": 9000}),
    );
    ok.site_name = Some("london".into());
    ok.labels = vec![LabelPair::new("env", "prod")];
    ok.display_name = Some("New deployment".into());
    let d = call(&mut m, &ok).unwrap();
    assert_eq!(d.blueprint_id.as_deref(), Some("web-app"));
    let i = d.inputs.clone().unwrap();
    assert_eq!(
        (i["port"].clone(), i["instance_type"].clone()),
        (json!(9000), json!("t3.small"))
    );
    assert_eq!(d.label("env"), Some("prod"));
    assert_eq!(d.created_by.as_deref(), Some("admin"));
    fails(call(&mut m, &ok), 409, "conflict_error");

    let outputs = call(
        &mut m,
        &GetDeploymentOutputs {
            id: "new-dep".into(),
        },
    )
    .unwrap();
    assert_eq!(
        outputs.outputs["endpoint"],
        "https://eu-west-1.example.com:9000"
    );
    let caps = call(
        &mut m,
        &GetDeploymentCapabilities {
            id: "new-dep".into(),
        },
    )
    .unwrap();
    assert_eq!(caps.capabilities["port"], 9000);

    let nodes = call(
        &mut m,
        &ListNodes {
            deployment_id: Some("new-dep".into()),
            evaluate_functions: Some(true),
            ..Default::default()
        },
    )
    .unwrap();
    let mut ids: Vec<_> = nodes.items.iter().map(|n| n.id.as_str()).collect();
    ids.sort();
    assert_eq!(ids, ["app", "vm"]);
    let instances = call(
        &mut m,
        &ListNodeInstances {
            deployment_id: Some("new-dep".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(instances.items.len(), 2);
    assert!(instances
        .items
        .iter()
        .all(|i| i.state.as_deref() == Some("uninitialized")));
    let app = instances
        .items
        .iter()
        .find(|i| i.node_id.as_deref() == Some("app"))
        .unwrap();
    let vm = instances
        .items
        .iter()
        .find(|i| i.node_id.as_deref() == Some("vm"))
        .unwrap();
    assert_eq!(
        app.host_id,
        Some(vm.id.clone()),
        "contained in the vm instance"
    );

    // Another tenant does not see it.
    let other = GetDeployment {
        id: "new-dep".into(),
        ..Default::default()
    };
    let r = m.handle(&other.request(&as_user("admin", "payments")), now());
    assert_eq!(r.status(), 404);
}

#[test]
fn sim_deployment_visibility() {
    let mut m = DemoManager::demo();
    call(
        &mut m,
        &create("private-one", "web-app", json!({"region": "x"})),
    )
    .unwrap();
    let e = fails(
        call(
            &mut m,
            &SetDeploymentVisibility {
                id: "private-one".into(),
                visibility: Visibility::Global,
            },
        ),
        400,
        "illegal_action_error",
    );
    assert!(e.message.contains("blueprint"));
    call(
        &mut m,
        &SetBlueprintVisibility {
            id: "web-app".into(),
            visibility: Visibility::Global,
        },
    )
    .unwrap();
    let d = call(
        &mut m,
        &SetDeploymentVisibility {
            id: "private-one".into(),
            visibility: Visibility::Global,
        },
    )
    .unwrap();
    assert_eq!(d.visibility, Some(Visibility::Global));
}

fn first_live(m: &DemoManager) -> String {
    m.tenants[0]
        .deployments
        .iter()
        .find(|d| {
            d.installation_status.as_ref().map(|s| s.as_str()) == Some("active")
                && d.label("csys-obj-type") != Some("environment")
                && !m.tenants[0]
                    .dependencies
                    .iter()
                    .any(|x| x.target_deployment_id.as_ref() == Some(&d.id))
        })
        .unwrap()
        .id
        .clone()
}

#[test]
fn sim_delete_deployment_refuses_live_nodes_and_dependents() {
    let mut m = DemoManager::demo();
    let live = first_live(&m);
    let del = |id: &str, force: bool, recursive: bool| DeleteDeployment {
        id: id.into(),
        force,
        delete_logs: false,
        recursive,
    };
    let e = fails(
        call(&mut m, &del(&live, false, false)),
        400,
        "dependent_exists_error",
    );
    assert!(e.message.contains("live nodes"), "{}", e.message);
    call(&mut m, &del(&live, true, false)).unwrap();
    fails(
        call(
            &mut m,
            &GetDeployment {
                id: live.clone(),
                ..Default::default()
            },
        ),
        404,
        "not_found_error",
    );
    let gone = call(
        &mut m,
        &ListNodeInstances {
            deployment_id: Some(live.clone()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(gone.items.len(), 0, "its node instances went with it");

    // A fresh deployment has no live nodes; a dependency on it blocks the delete.
    call(&mut m, &create("infra", "web-app", json!({"region": "x"}))).unwrap();
    call(&mut m, &create("app", "web-app", json!({"region": "x"}))).unwrap();
    call(
        &mut m,
        &CreateInterDeploymentDependency {
            spec: DependencySpec {
                dependency_creator: "component.infra".into(),
                source_deployment: "app".into(),
                target_deployment: Some("infra".into()),
                ..Default::default()
            },
        },
    )
    .unwrap();
    let e = fails(
        call(&mut m, &del("infra", false, false)),
        400,
        "dependent_exists_error",
    );
    assert!(e.message.contains("app"));
    call(&mut m, &del("app", false, false)).unwrap();
    call(&mut m, &del("infra", false, false)).unwrap();
    fails(
        call(&mut m, &del("infra", false, false)),
        404,
        "not_found_error",
    );
}

#[test]
fn sim_environments_delete_recursively() {
    let mut m = DemoManager::demo();
    call(
        &mut m,
        &create("env-x", "environment", json!({"region": "x"})),
    )
    .unwrap();
    for child in ["svc-a", "svc-b"] {
        let mut c = create(child, "web-app", json!({"region": "x"}));
        c.labels = vec![LabelPair::new("csys-obj-parent", "env-x")];
        call(&mut m, &c).unwrap();
    }
    let env = call(
        &mut m,
        &GetDeployment {
            id: "env-x".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(env.sub_services_count, Some(2));
    let mut orphan = create("svc-c", "web-app", json!({"region": "x"}));
    orphan.labels = vec![LabelPair::new("csys-obj-parent", "no-env")];
    fails(
        call(&mut m, &orphan),
        404,
        "deployment_parent_not_found_error",
    );
    let plain = DeleteDeployment {
        id: "env-x".into(),
        ..Default::default()
    };
    fails(call(&mut m, &plain), 400, "dependent_exists_error");
    let recursive = DeleteDeployment {
        id: "env-x".into(),
        recursive: true,
        ..Default::default()
    };
    call(&mut m, &recursive).unwrap();
    for id in ["env-x", "svc-a", "svc-b"] {
        fails(
            call(
                &mut m,
                &GetDeployment {
                    id: id.into(),
                    ..Default::default()
                },
            ),
            404,
            "not_found_error",
        );
    }
}

#[test]
fn sim_deployment_labels_replace_the_set() {
    let mut m = DemoManager::demo();
    let id = m.tenants[0].deployments[1].id.clone();
    let before = m.tenants[0].deployments[1].labels.clone().unwrap();
    let kept = before.iter().find(|l| l.key == "env").unwrap().clone();
    let d = call(
        &mut m,
        &UpdateDeploymentLabels {
            id: id.clone(),
            labels: vec![
                LabelPair::new(kept.key.clone(), kept.value.clone()),
                LabelPair::new("Colour", "Blue"),
                LabelPair::new("colour", "Blue"),
            ],
        },
    )
    .unwrap();
    let labels = d.labels.unwrap();
    assert_eq!(
        labels.len(),
        2,
        "replaced, lower-cased keys, duplicates dropped"
    );
    assert_eq!(
        labels[0].created_at, kept.created_at,
        "a kept label keeps its date"
    );
    assert_eq!(labels[1].key, "colour");
    assert_eq!(labels[1].created_at.unwrap().0, now());

    let values = call(
        &mut m,
        &ListLabelValues {
            key: "colour".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(values.items, ["Blue"]);
    let keys = call(
        &mut m,
        &ListLabelKeys {
            query: ListQuery::new().search("col"),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(keys.items, ["colour"]);
    let reserved = call(
        &mut m,
        &ListLabelKeys {
            reserved: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(reserved.items.contains(&"csys-obj-parent".to_string()));
    assert_eq!(reserved.pagination().total, 11);
    let e = fails(
        call(
            &mut m,
            &ListLabelValues {
                key: "1abc".into(),
                ..Default::default()
            },
        ),
        400,
        "bad_parameters_error",
    );
    assert_eq!(
        e.message,
        "The `label_key` argument must begin with a letter"
    );
    let paged = call(
        &mut m,
        &ListLabelKeys {
            query: ListQuery::new().page(2, 1),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(paged.items.len(), 2);
    assert!(paged.pagination().total > 5);
    fails(
        call(
            &mut m,
            &UpdateDeploymentLabels {
                id: id.clone(),
                labels: vec![LabelPair::new("csys-location-lat", "91")],
            },
        ),
        400,
        "bad_parameters_error",
    );
}

#[test]
fn sim_sites_and_deployment_sites() {
    let mut m = DemoManager::demo();
    let sites = call(&mut m, &ListSites::default()).unwrap();
    assert_eq!(sites.items.len(), 4);
    let ny = call(
        &mut m,
        &GetSite {
            name: "new-york".into(),
        },
    )
    .unwrap();
    assert_eq!(ny.location.as_deref(), Some("40.7128, -74.006"));
    let bad = CreateSite {
        name: "paris".into(),
        location: Some("48.8,400".into()),
        visibility: None,
    };
    fails(call(&mut m, &bad), 400, "bad_parameters_error");
    let paris = CreateSite {
        name: "paris".into(),
        location: Some("48.8566,2".into()),
        visibility: None,
    };
    let s = call(&mut m, &paris).unwrap();
    assert_eq!((s.latitude, s.longitude), (Some(48.8566), Some(2.0)));
    assert_eq!(s.location.as_deref(), Some("48.8566, 2.0"));
    fails(call(&mut m, &paris), 409, "conflict_error");

    let dep = m.tenants[0].deployments[2].id.clone();
    let set = |site: Option<&str>| SetDeploymentSite {
        id: dep.clone(),
        site_name: site.map(String::from),
    };
    assert_eq!(
        call(&mut m, &set(Some("paris")))
            .unwrap()
            .site_name
            .as_deref(),
        Some("paris")
    );
    fails(call(&mut m, &set(Some("atlantis"))), 404, "not_found_error");
    // Renaming the site carries its deployments along.
    let renamed = call(
        &mut m,
        &UpdateSite {
            name: "paris".into(),
            new_name: Some("paris-1".into()),
            location: Some(String::new()),
            visibility: Some(Visibility::Global),
        },
    )
    .unwrap();
    assert_eq!((renamed.name.as_str(), renamed.location), ("paris-1", None));
    let d = call(
        &mut m,
        &GetDeployment {
            id: dep.clone(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(d.site_name.as_deref(), Some("paris-1"));
    fails(
        call(
            &mut m,
            &UpdateSite {
                name: "paris-1".into(),
                new_name: Some("london".into()),
                ..Default::default()
            },
        ),
        409,
        "conflict_error",
    );
    call(
        &mut m,
        &DeleteSite {
            name: "paris-1".into(),
        },
    )
    .unwrap();
    let d = call(
        &mut m,
        &GetDeployment {
            id: dep.clone(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        d.site_name, None,
        "deleting the site detaches its deployments"
    );
    call(&mut m, &set(Some("london"))).unwrap();
    assert_eq!(call(&mut m, &set(None)).unwrap().site_name, None);
    fails(
        call(
            &mut m,
            &DeleteSite {
                name: "paris-1".into(),
            },
        ),
        404,
        "not_found_error",
    );
    fails(
        call(
            &mut m,
            &GetSite {
                name: "bad name".into(),
            },
        ),
        400,
        "bad_parameters_error",
    );
}

#[test]
fn sim_deployment_updates_record_and_apply() {
    let mut m = DemoManager::demo();
    call(
        &mut m,
        &create("upd", "web-app", json!({"region": "eu-west-1"})),
    )
    .unwrap();
    let preview = InitiateDeploymentUpdate {
        deployment_id: "upd".into(),
        inputs: inputs(json!({"port": 9443})),
        preview: Some(true),
        ..Default::default()
    };
    let p = call(&mut m, &preview).unwrap();
    assert_eq!(p.state, Some(DeploymentUpdateState::Preview));
    // The input, and the property of the node that reads it.
    assert_eq!(p.steps.as_ref().unwrap().len(), 2);
    let d = call(
        &mut m,
        &GetDeployment {
            id: "upd".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(d.inputs.unwrap()["port"], 8080, "a preview changes nothing");

    let real = InitiateDeploymentUpdate {
        deployment_id: "upd".into(),
        blueprint_id: Some("vault".into()),
        inputs: inputs(json!({"port": 9443})),
        ..Default::default()
    };
    let u = call(&mut m, &real).unwrap();
    assert_eq!(u.state, Some(DeploymentUpdateState::ExecutingWorkflow));
    assert_eq!(
        (u.old_blueprint_id.as_deref(), u.new_blueprint_id.as_deref()),
        (Some("web-app"), Some("vault"))
    );
    assert!(u.id.starts_with("upd-"));
    let d = call(
        &mut m,
        &GetDeployment {
            id: "upd".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(d.blueprint_id.as_deref(), Some("vault"));
    assert_eq!(d.inputs.unwrap()["port"], 9443);
    fails(call(&mut m, &real), 409, "conflict_error");
    let get = GetDeploymentUpdate {
        id: u.id.clone(),
        include: vec![],
    };
    assert_eq!(
        call_at(&mut m, &get, now() + Duration::seconds(11))
            .unwrap()
            .state,
        Some(DeploymentUpdateState::Successful)
    );
    let list = call(
        &mut m,
        &ListDeploymentUpdates {
            query: ListQuery::new().filter("deployment_id", "upd"),
        },
    )
    .unwrap();
    assert_eq!(list.items.len(), 2);
    let unknown = InitiateDeploymentUpdate {
        deployment_id: "upd".into(),
        inputs: inputs(json!({"nope": 1})),
        ..Default::default()
    };
    fails(
        call(&mut m, &unknown),
        400,
        "unknown_deployment_input_error",
    );
    fails(
        call(
            &mut m,
            &InitiateDeploymentUpdate {
                deployment_id: "no-such".into(),
                ..Default::default()
            },
        ),
        404,
        "not_found_error",
    );
    let e = fails(
        call(
            &mut m,
            &GetDeploymentUpdate {
                id: "nope".into(),
                include: vec![],
            },
        ),
        404,
        "not_found_error",
    );
    assert_eq!(
        e.message,
        "Requested `DeploymentUpdate` with ID `nope` was not found"
    );
    let history = call(&mut m, &ListDeploymentUpdates::default()).unwrap();
    assert!(
        history.items.len() >= 5,
        "the demo's past updates and these"
    );
}

#[test]
fn sim_node_instances_lock_optimistically() {
    let mut m = DemoManager::demo();
    let live = first_live(&m);
    let instances = call(
        &mut m,
        &ListNodeInstances {
            deployment_id: Some(live.clone()),
            node_id: Some("vm".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(instances.items.len(), 1);
    let vm = &instances.items[0];
    assert_eq!(vm.state.as_deref(), Some("started"));
    let v = vm.version.unwrap();
    let update = |version| UpdateNodeInstance {
        id: vm.id.clone(),
        version,
        runtime_properties: Some(inputs(json!({"ip": "10.1.1.1"}))),
        state: Some("configured".into()),
        include: vec![],
    };
    let after = call(&mut m, &update(v)).unwrap();
    assert_eq!(after.version, Some(v + 1));
    assert_eq!(after.state.as_deref(), Some("configured"));
    let e = fails(call(&mut m, &update(v)), 409, "conflict_error");
    assert_eq!(
        e.message,
        format!(
            "Node instance update conflict [current version={}, update version={v}]",
            v + 1
        )
    );
    let got = call(
        &mut m,
        &GetNodeInstance {
            id: vm.id.clone(),
            include: vec!["id".into(), "runtime_properties".into()],
        },
    )
    .unwrap();
    assert_eq!(got.runtime_properties.unwrap()["ip"], "10.1.1.1");
    assert_eq!(got.state, None, "projected");
    fails(
        call(
            &mut m,
            &GetNodeInstance {
                id: "nope".into(),
                include: vec![],
            },
        ),
        404,
        "not_found_error",
    );
}

#[test]
fn sim_nodes_count_instances() {
    let mut m = DemoManager::demo();
    fails(
        call(
            &mut m,
            &ListNodes {
                instance_counts: Some(true),
                ..Default::default()
            },
        ),
        400,
        "bad_parameters_error",
    );
    // The demo data has drifted instances on every ninth deployment that is installed.
    let drifted = m.tenants[0]
        .node_instances
        .iter()
        .find(|i| i.has_configuration_drift == Some(true))
        .and_then(|i| i.deployment_id.clone())
        .unwrap();
    let nodes = call(
        &mut m,
        &ListNodes {
            deployment_id: Some(drifted.clone()),
            instance_counts: Some(true),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(nodes.items.len(), 2);
    assert!(nodes.items.iter().all(|n| n.drifted_instances == Some(1)));
    let plain = call(
        &mut m,
        &ListNodes {
            deployment_id: Some(drifted),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(plain.items.iter().all(|n| n.drifted_instances.is_none()));
}

#[test]
fn sim_inter_deployment_dependencies() {
    let mut m = DemoManager::demo();
    let all = call(&mut m, &ListInterDeploymentDependencies::default()).unwrap();
    assert!(!all.items.is_empty(), "the demo data has some");
    for id in ["a1", "b1", "c1"] {
        call(&mut m, &create(id, "web-app", json!({"region": "x"}))).unwrap();
    }
    let dep = |s: &str, t: &str| CreateInterDeploymentDependency {
        spec: DependencySpec {
            dependency_creator: format!("component.{t}"),
            source_deployment: s.into(),
            target_deployment: Some(t.into()),
            ..Default::default()
        },
    };
    let made = call(&mut m, &dep("a1", "b1")).unwrap();
    assert_eq!(made.source_deployment_id.as_deref(), Some("a1"));
    call(&mut m, &dep("b1", "c1")).unwrap();
    fails(call(&mut m, &dep("a1", "b1")), 409, "conflict_error");
    let e = fails(call(&mut m, &dep("c1", "a1")), 409, "conflict_error");
    assert!(e.message.contains("Cyclic"));
    fails(call(&mut m, &dep("a1", "zz")), 404, "not_found_error");
    let on_b = call(
        &mut m,
        &ListInterDeploymentDependencies {
            query: ListQuery::new().filter("target_deployment_id", "b1"),
        },
    )
    .unwrap();
    assert_eq!(on_b.items.len(), 1);
    let delete = DeleteInterDeploymentDependency {
        spec: dep("a1", "b1").spec,
        is_component_deletion: false,
    };
    call(&mut m, &delete).unwrap();
    fails(call(&mut m, &delete), 404, "not_found_error");
}

#[test]
fn sim_writes_need_json_and_known_methods() {
    let mut m = DemoManager::demo();
    let mut req = UpdateDeploymentLabels {
        id: "x".into(),
        labels: vec![],
    }
    .request(&admin());
    req.headers_mut().remove(http::header::CONTENT_TYPE);
    assert_eq!(m.handle(&req, now()).status(), 415);
    assert_eq!(status_of(&mut m, http::Method::POST, "/sites"), 405);
    assert_eq!(
        status_of(&mut m, http::Method::DELETE, "/labels/deployments"),
        405
    );
    assert_eq!(
        status_of(&mut m, http::Method::GET, "/deployments/x/nothing-here"),
        404
    );
    assert_eq!(
        status_of(&mut m, http::Method::POST, "/deployments/x/outputs"),
        405
    );
}

/// The status the demo manager answers `method path` with, as the admin and without a body.
fn status_of(m: &mut DemoManager, method: http::Method, path: &str) -> u16 {
    let req = admin().build(method, path, &baton_core::Query::new(), Default::default());
    m.handle(&req, now()).status().as_u16()
}

#[test]
fn an_update_preview_names_the_nodes_a_changed_input_touches_and_changes_nothing() {
    let mut m = DemoManager::demo();
    let dep = m.tenants[0].deployments[1].id.clone();
    let before = m.tenants[0].deployments[1].inputs.clone();
    let mut inputs = Map::new();
    inputs.insert("port".into(), json!(9999));
    let preview = call(
        &mut m,
        &InitiateDeploymentUpdate {
            deployment_id: dep.clone(),
            inputs,
            preview: Some(true),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(preview.state, Some(DeploymentUpdateState::Preview));
    let steps = preview.steps.clone().unwrap();
    let ids: Vec<&str> = steps
        .iter()
        .filter_map(|s| s["entity_id"].as_str())
        .collect();
    assert!(ids.contains(&"inputs:port"), "{ids:?}");
    assert!(ids.contains(&"nodes:app:properties:port"), "{ids:?}");
    assert_eq!(preview.modified_entity_ids.unwrap()["node"], json!(["app"]));
    assert_eq!(preview.new_inputs.unwrap()["port"], json!(9999));
    assert_eq!(
        m.tenants[0].deployments[1].inputs, before,
        "a preview changes nothing"
    );
}

#[test]
fn the_large_demo_has_ten_thousand_deployments_across_fifty_blueprints() {
    let mut m = DemoManager::demo_large();
    let page = call(
        &mut m,
        &ListDeployments {
            query: ListQuery::new()
                .include(["id", "blueprint_id"])
                .page(1000, 0),
        },
    )
    .unwrap();
    assert_eq!(page.metadata.pagination.unwrap().total, 10_000);
    assert_eq!(page.items.len(), 1000);
    let blueprints = call(
        &mut m,
        &ListBlueprints {
            query: ListQuery::new().include(["id"]).page(100, 0),
        },
    )
    .unwrap();
    assert_eq!(blueprints.metadata.pagination.unwrap().total, 50);
    let mut used: Vec<String> = m.tenants[0]
        .deployments
        .iter()
        .filter_map(|d| d.blueprint_id.clone())
        .collect();
    used.sort();
    used.dedup();
    assert!(
        used.len() >= 45,
        "deployments spread over the blueprints: {}",
        used.len()
    );
}
