//! Requests and response parsing of the blueprints, deployments, deployment updates, sites,
//! nodes, node instances and labels endpoints: the exact request each builds (method, path,
//! query, Content-Type, body) and the parsing of the seed's examples and the real fixtures.

use std::path::PathBuf;

use baton_core::conductor::blueprints::*;
use baton_core::conductor::deployment_updates::*;
use baton_core::conductor::deployments::*;
use baton_core::conductor::labels::*;
use baton_core::conductor::nodes::*;
use baton_core::conductor::resources::{Node, NodeInstance, Site};
use baton_core::conductor::sites::*;
use baton_core::conductor::Visibility;
use baton_core::multipart::MultipartBody;
use baton_core::{Endpoint, ListQuery, Page, Session, SortKey};
use serde_json::{json, Value};

/// What a request looks like on the wire.
struct Wire {
    method: String,
    uri: String,
    content_type: Option<String>,
    body: Vec<u8>,
}

impl Wire {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }
}

fn wire<E: Endpoint>(e: &E) -> Wire {
    let r = e.request(&Session::same_origin().with_tenant("default_tenant"));
    Wire {
        method: r.method().to_string(),
        uri: r.uri().to_string(),
        content_type: r
            .headers()
            .get(http::header::CONTENT_TYPE)
            .map(|v| v.to_str().unwrap().to_string()),
        body: r.body().clone(),
    }
}

fn json_wire<E: Endpoint>(e: &E, method: &str, uri: &str) -> Value {
    let w = wire(e);
    assert_eq!((w.method.as_str(), w.uri.as_str()), (method, uri));
    assert_eq!(w.content_type.as_deref(), Some("application/json"));
    w.json()
}

fn bodyless<E: Endpoint>(e: &E, method: &str, uri: &str) {
    let w = wire(e);
    assert_eq!((w.method.as_str(), w.uri.as_str()), (method, uri));
    assert_eq!(w.content_type, None);
    assert!(w.body.is_empty());
}

fn answer(status: u16, body: &str) -> http::Response<Vec<u8>> {
    http::Response::builder()
        .status(status)
        .header("Content-Type", "application/json")
        .body(body.as_bytes().to_vec())
        .unwrap()
}

/// A seed response example as JSON: the seed elides big values as `{ ... }` / `[ ... ]`.
fn seed(text: &str) -> String {
    text.replace("{\n...\n}", "{}").replace("[\n...\n]", "[]")
}

fn fixture(name: &str) -> String {
    let dir = std::env::var_os("BATON_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures/conductor")
        });
    std::fs::read_to_string(dir.join(name)).unwrap()
}

const SEED_BLUEPRINT: &str = r#"{
"main_file_name": "singlehost-blueprint.yaml",
"description": "This blueprint installs a simple web server on the manager VM using Conductor's script plugin.\n",
"tenant_name": "default_tenant",
"created_at": "2021-03-25T15:51:30.526Z",
"updated_at": "2021-03-25T15:51:30.526Z",
"created_by": "admin",
"private_resource": false,
"visibility": "global",
"plan": {
...
},
"labels": [
...
],
"id": "hello-world"
}"#;

const SEED_DEPLOYMENT: &str = r#"{
"inputs": {
...
},
"permalink": null,
"description": "deployment_1",
"blueprint_id": "blueprint_1",
"policy_types": {
...
},
"tenant_name": "default_tenant",
"created_at": "2017-12-17T09:28:22.800Z",
"updated_at": "2017-12-17T09:29:20.750Z",
"created_by": "admin",
"site_name": "a site name",
"policy_triggers": {
...
},
"private_resource": false,
"visibility": "tenant",
"groups": {
...
},
"workflows": {
...
},
"id": "deployment_1",
"outputs": {
...
},
"labels": [
...
]
}"#;

// The seed's example lacks the comma after `deployment_update_node_instances`; added here.
const SEED_UPDATE: &str = r#"{
"old_inputs": {
...
},
"new_inputs": {
...
},
"state": "successful",
"deployment_id": "deployment_1",
"old_blueprint_id": "blueprint_1",
"new_blueprint_id": "blueprint_2",
"steps": [
...
],
"tenant_name": "default_tenant",
"created_at": "2017-12-17T09:28:22.800Z",
"created_by": "admin",
"execution_id": "f92754a0-4cf4-4baa-80d3-0602f03f2b91",
"deployment_update_deployment": {
...
},
"private_resource": false,
"visibility": "tenant",
"resource_availability": "tenant",
"modified_entity_ids": {
...
},
"deployment_plan": {
...
},
"id": "deployment_1-b22cd6b3-6dc1-4215-b9c0-404155eea939",
"deployment_update_node_instances": {
...
},
"deployment_update_nodes": [
...
],
"central_plugins_to_install": [
...
],
"central_plugins_to_uninstall": [
...
]
}"#;

const SEED_SITE: &str = r#"{
"created_at": "2019-06-12T10:53:32.838Z",
"created_by": "admin",
"location": "32.080327, 34.767420",
"name": "Tel-Aviv",
"visibility": "tenant",
"tenant_name": "default_tenant"
}"#;

const SEED_DEPENDENCY: &str = r#"{
"dependency_creator": "component.infrastructure_vkd2zx",
"tenant_name": "default_tenant",
"created_at": "2020-04-27T08:24:45.938Z",
"visibility": "tenant",
"private_resource": false,
"target_deployment_id": "infrastructure_vkd2zx",
"resource_availability": "tenant",
"created_by": "admin",
"id": "451f2d61-448a-47db-a786-aa8b64c905ed",
"source_deployment_id": "jboss-app"
}"#;

// ---------------------------------------------------------------- blueprints

#[test]
fn get_blueprint_request_and_seed_example() {
    let e = GetBlueprint {
        id: "hello world/1".into(),
        include: vec!["id".into(), "labels".into()],
    };
    bodyless(
        &e,
        "GET",
        "/api/v3.1/blueprints/hello%20world%2F1?_include=id%2Clabels",
    );
    let bp = e.parse(answer(200, &seed(SEED_BLUEPRINT))).unwrap();
    assert_eq!(bp.id, "hello-world");
    assert_eq!(bp.visibility, Some(Visibility::Global));
    assert_eq!(bp.labels, Some(vec![]));
    let e404 = e
        .parse(answer(
            404,
            r#"{"message": "Requested `Blueprint` with ID `x` was not found", "error_code": "not_found_error"}"#,
        ))
        .unwrap_err();
    assert_eq!(e404.code, "not_found_error");
}

#[test]
fn list_blueprints_request_and_seed_example() {
    let e = ListBlueprints {
        query: ListQuery::new()
            .include(["id"])
            .filter("id", "hello-world")
            .page(10, 0),
    };
    bodyless(
        &e,
        "GET",
        "/api/v3.1/blueprints?id=hello-world&_include=id&_size=10&_offset=0",
    );
    let page = e
        .parse(answer(
            200,
            r#"{"items": [{"id": "hello-world"}, {"id": "hello-world-2"}, {"id": "hello-world-3"}],
                "metadata": {"pagination": {"total": 3, "offset": 0, "size": 3}}}"#,
        ))
        .unwrap();
    assert_eq!(page.items.len(), 3);
    assert!(page.is_last());
}

fn upload(source: BlueprintSource) -> UploadBlueprint {
    UploadBlueprint {
        id: "web app".into(),
        source,
        application_file_name: Some("main blueprint.yaml".into()),
        visibility: Some(Visibility::Global),
        labels: vec![LabelPair::new("env", "prod")],
        async_upload: false,
        boundary: MultipartBody::boundary_from_seed(7),
    }
}

#[test]
fn upload_blueprint_archive_request() {
    let e = upload(BlueprintSource::Archive {
        file_name: "web.tar.gz".into(),
        bytes: vec![0x1f, 0x8b, 8, 0, 1, 2, 3],
    });
    let w = wire(&e);
    assert_eq!(w.method, "PUT");
    assert_eq!(w.uri, "/api/v3.1/blueprints/web%20app");
    let ct = w.content_type.unwrap();
    assert_eq!(
        ct,
        "multipart/form-data; boundary=baton-00000000000000000000000000000007"
    );
    let form = MultipartBody::parse(&ct, &w.body).unwrap();
    let names: Vec<_> = form.parts.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        ["params", "blueprint_archive"],
        "the client's field order"
    );
    let params: Value = serde_json::from_slice(&form.parts[0].data).unwrap();
    assert_eq!(
        params,
        json!({"visibility": "global", "async_upload": false, "skip_execution": false,
               "application_file_name": "main%20blueprint.yaml",
               "labels": [{"key": "env", "value": "prod"}]})
    );
    assert_eq!(
        String::from_utf8(form.parts[0].data.clone()).unwrap(),
        r#"{"visibility":"global","async_upload":false,"skip_execution":false,"application_file_name":"main%20blueprint.yaml","labels":[{"key":"env","value":"prod"}]}"#,
        "key order as the Python client writes it"
    );
    assert_eq!(form.parts[1].data, vec![0x1f, 0x8b, 8, 0, 1, 2, 3]);
    assert_eq!(form.parts[1].filename.as_deref(), Some("web.tar.gz"));
    // The streaming view of the same body.
    let m = e.multipart();
    assert_eq!(m.content_length(), w.body.len() as u64);
    assert_eq!(m.chunks(16).concat(), w.body);
    let bp = e.parse(answer(201, &seed(SEED_BLUEPRINT))).unwrap();
    assert_eq!(
        bp.main_file_name.as_deref(),
        Some("singlehost-blueprint.yaml")
    );
}

#[test]
fn upload_blueprint_url_request() {
    let mut e = upload(BlueprintSource::Url("https://example.com/bp.zip".into()));
    e.async_upload = true;
    e.labels.clear();
    e.visibility = None;
    e.application_file_name = None;
    let w = wire(&e);
    let form = MultipartBody::parse(w.content_type.as_deref().unwrap(), &w.body).unwrap();
    assert_eq!(form.parts.len(), 1, "no archive part for a URL upload");
    let params: Value = serde_json::from_slice(&form.parts[0].data).unwrap();
    assert_eq!(
        params,
        json!({"visibility": "tenant", "async_upload": true, "skip_execution": false,
               "blueprint_archive_url": "https://example.com/bp.zip"})
    );
}

#[test]
fn validate_blueprint_request_and_answers() {
    let e = ValidateBlueprint {
        upload: upload(BlueprintSource::Url("https://example.com/bp.zip".into())),
    };
    let w = wire(&e);
    assert_eq!(
        (w.method.as_str(), w.uri.as_str()),
        ("PUT", "/api/v3.1/blueprints/web%20app/validate")
    );
    assert!(w
        .content_type
        .unwrap()
        .starts_with("multipart/form-data; boundary="));
    let exec = e
        .parse(answer(
            201,
            r#"{"id": "e1", "workflow_id": "upload_blueprint", "status": "pending"}"#,
        ))
        .unwrap()
        .unwrap();
    assert_eq!(exec.workflow_id.as_deref(), Some("upload_blueprint"));
    let empty = http::Response::builder()
        .status(204)
        .body(Vec::new())
        .unwrap();
    assert_eq!(
        e.parse(empty).unwrap(),
        None,
        "managers before 6.4 answer 204"
    );
}

#[test]
fn delete_blueprint_request() {
    let e = DeleteBlueprint {
        id: "bp".into(),
        force: false,
    };
    bodyless(&e, "DELETE", "/api/v3.1/blueprints/bp?force=false");
    let e = DeleteBlueprint {
        id: "bp".into(),
        force: true,
    };
    bodyless(&e, "DELETE", "/api/v3.1/blueprints/bp?force=true");
    let ok = http::Response::builder()
        .status(204)
        .body(Vec::new())
        .unwrap();
    assert!(e.parse(ok).is_ok());
    let refused = e.parse(answer(
        400,
        r#"{"message": "Can't delete blueprint bp - There exist deployments for this blueprint; Deployments ids: d1", "error_code": "dependent_exists_error"}"#,
    ));
    assert_eq!(refused.unwrap_err().code, "dependent_exists_error");
}

#[test]
fn download_blueprint_returns_bytes() {
    let e = DownloadBlueprint { id: "bp".into() };
    bodyless(&e, "GET", "/api/v3.1/blueprints/bp/archive");
    let bytes = vec![0x1f, 0x8b, 0, 255, 10];
    let r = http::Response::builder()
        .status(200)
        .header("Content-Type", "application/octet-stream")
        .body(bytes.clone())
        .unwrap();
    assert_eq!(e.parse(r).unwrap(), bytes);
    assert_eq!(
        e.parse(answer(
            404,
            r#"{"message": "Requested `Blueprint` with ID `bp` was not found", "error_code": "not_found_error"}"#
        ))
        .unwrap_err()
        .status,
        Some(404)
    );
}

#[test]
fn set_blueprint_visibility_request_and_seed_example() {
    let e = SetBlueprintVisibility {
        id: "bp".into(),
        visibility: Visibility::Global,
    };
    let body = json_wire(&e, "PATCH", "/api/v3.1/blueprints/bp/set-visibility");
    assert_eq!(body, json!({"visibility": "global"}));
    assert_eq!(
        e.parse(answer(200, &seed(SEED_BLUEPRINT))).unwrap().id,
        "hello-world"
    );
}

#[test]
fn blueprint_icon_requests() {
    let set = SetBlueprintIcon {
        id: "bp".into(),
        icon: Some(vec![0x89, b'P', b'N', b'G']),
    };
    let w = wire(&set);
    assert_eq!(
        (w.method.as_str(), w.uri.as_str()),
        ("PATCH", "/api/v3.1/blueprints/bp/icon")
    );
    assert_eq!(w.content_type.as_deref(), Some("application/octet-stream"));
    assert_eq!(w.body, vec![0x89, b'P', b'N', b'G']);
    let remove = SetBlueprintIcon {
        id: "bp".into(),
        icon: None,
    };
    bodyless(&remove, "PATCH", "/api/v3.1/blueprints/bp/icon");
    assert!(remove.parse(answer(200, &seed(SEED_BLUEPRINT))).is_ok());
}

#[test]
fn update_blueprint_labels_request_and_seed_example() {
    let e = UpdateBlueprint {
        id: "bp".into(),
        description: None,
        labels: Some(vec![
            LabelPair::new("key1", "val1"),
            LabelPair::new("key2", "val2"),
        ]),
    };
    let body = json_wire(&e, "PATCH", "/api/v3.1/blueprints/bp");
    assert_eq!(
        body,
        json!({"labels": [{"key1": "val1"}, {"key2": "val2"}]})
    );
    let example = seed(SEED_BLUEPRINT).replace(
        "\"labels\": [],",
        r#""labels": [{"key": "key1", "value": "val1", "created_at": "2021-03-25T16:04:20.486Z", "creator_id": 0}],"#,
    );
    let bp = e.parse(answer(200, &example)).unwrap();
    let labels = bp.labels.unwrap();
    assert_eq!(
        (labels[0].key.as_str(), labels[0].value.as_str()),
        ("key1", "val1")
    );
}

#[test]
fn label_pairs_round_trip_and_refuse_other_shapes() {
    let l: Vec<LabelPair> = serde_json::from_str(r#"[{"a": "1"}, {"b": "2"}]"#).unwrap();
    assert_eq!(l, [LabelPair::new("a", "1"), LabelPair::new("b", "2")]);
    for bad in [
        r#"[{"a": "1", "b": "2"}]"#,
        r#"[{}]"#,
        r#"[{"a": 1}]"#,
        r#"["a"]"#,
    ] {
        assert!(
            serde_json::from_str::<Vec<LabelPair>>(bad).is_err(),
            "{bad}"
        );
    }
}

// ---------------------------------------------------------------- labels

#[test]
fn label_keys_requests_and_fixtures() {
    let e = ListLabelKeys {
        resource: LabelledResource::Deployments,
        query: ListQuery::new().search("en").page(10, 20),
        reserved: false,
    };
    bodyless(
        &e,
        "GET",
        "/api/v3.1/labels/deployments?_size=10&_offset=20&_search=en",
    );
    let reserved = ListLabelKeys {
        resource: LabelledResource::Deployments,
        reserved: true,
        ..Default::default()
    };
    bodyless(
        &reserved,
        "GET",
        "/api/v3.1/labels/deployments?_reserved=true",
    );
    let keys = e
        .parse(answer(200, &fixture("labels_deployments.json")))
        .unwrap();
    assert_eq!(keys.items[0], "csys-consumer-id");
    assert_eq!(keys.pagination().total, 6);
    let bp = ListLabelKeys {
        resource: LabelledResource::Blueprints,
        ..Default::default()
    };
    bodyless(&bp, "GET", "/api/v3.1/labels/blueprints");
    let keys = bp
        .parse(answer(200, &fixture("labels_blueprints.json")))
        .unwrap();
    assert_eq!(keys.items, ["arch", "team", "tier"]);
    // The seed's example.
    let keys = bp
        .parse(answer(
            200,
            r#"{"metadata": {"pagination": {"total": 2, "size": 1000, "offset": 0}}, "items": ["key1", "key2"]}"#,
        ))
        .unwrap();
    assert_eq!(keys.items, ["key1", "key2"]);
}

#[test]
fn label_values_requests_and_fixtures() {
    let e = ListLabelValues {
        resource: LabelledResource::Deployments,
        key: "env".into(),
        query: ListQuery::new().search("pr"),
    };
    bodyless(&e, "GET", "/api/v3.1/labels/deployments/env?_search=pr");
    let v = e
        .parse(answer(200, &fixture("labels_deployments_env.json")))
        .unwrap();
    assert_eq!(v.items, ["dev", "prod", "staging"]);
    let bp = ListLabelValues {
        resource: LabelledResource::Blueprints,
        key: "a b".into(),
        ..Default::default()
    };
    bodyless(&bp, "GET", "/api/v3.1/labels/blueprints/a%20b");
    let seed_values = bp
        .parse(answer(
            200,
            r#"{"metadata": {"pagination": {"total": 1, "size": 1000, "offset": 0}}, "items": ["val1"]}"#,
        ))
        .unwrap();
    assert_eq!(seed_values.items, ["val1"]);
    // The manager's key check: a letter first, URL-safe characters, at most 256.
    assert!(ListLabelValues::validate_label_key("env").is_ok());
    assert_eq!(
        ListLabelValues::validate_label_key("1env").unwrap_err(),
        "The `label_key` argument must begin with a letter"
    );
    assert!(ListLabelValues::validate_label_key("")
        .unwrap_err()
        .ends_with("is empty"));
    assert!(ListLabelValues::validate_label_key("a b")
        .unwrap_err()
        .contains("illegal characters"));
    assert!(ListLabelValues::validate_label_key(&"a".repeat(257))
        .unwrap_err()
        .contains("too long"));
}

// ---------------------------------------------------------------- deployments

#[test]
fn list_deployments_request_and_seed_example() {
    let e = ListDeployments {
        query: ListQuery::new()
            .include(["id"])
            .sort(SortKey::desc("created_at")),
    };
    bodyless(
        &e,
        "GET",
        "/api/v3.1/deployments?_include=id&_sort=-created_at",
    );
    let page = e
        .parse(answer(
            200,
            r#"{"items": [{"id": "hello1"}, {"id": "hello2"}, {"id": "hello3"}],
                "metadata": {"pagination": {"total": 3, "offset": 0, "size": 0}}}"#,
        ))
        .unwrap();
    assert_eq!(page.items[2].id, "hello3");
    let real: Page<Deployment> = e
        .parse(answer(200, &fixture("deployments_list.json")))
        .unwrap();
    assert!(!real.items.is_empty());
}

#[test]
fn get_deployment_request_and_seed_example() {
    let e = GetDeployment {
        id: "dep/1".into(),
        include: vec!["id".into()],
        all_sub_deployments: Some(false),
        include_workdir: false,
    };
    bodyless(
        &e,
        "GET",
        "/api/v3.1/deployments/dep%2F1?_include=id&all_sub_deployments=false",
    );
    let d = e.parse(answer(200, &seed(SEED_DEPLOYMENT))).unwrap();
    assert_eq!(d.site_name.as_deref(), Some("a site name"));
    assert_eq!(d.workflows, Some(vec![]), "the seed's `{{...}}` workflows");
    let real = e
        .parse(answer(200, &fixture("deployment_get.json")))
        .unwrap();
    assert!(real.workflows.unwrap().iter().any(|w| w.name == "install"));
}

#[test]
fn workflows_read_from_the_old_object_form() {
    let d: Deployment = serde_json::from_value(json!({
        "id": "d", "workflows": {"install": {"operation": "x.install", "parameters": {}}}
    }))
    .unwrap();
    let w = d.workflows.unwrap();
    assert_eq!(
        (w[0].name.as_str(), w[0].operation.as_deref()),
        ("install", Some("x.install"))
    );
    assert!(serde_json::from_value::<Deployment>(json!({"id": "d", "workflows": 3})).is_err());
}

#[test]
fn create_deployment_request_and_seed_example() {
    let mut inputs = serde_json::Map::new();
    inputs.insert("port".into(), json!(8080));
    let e = CreateDeployment {
        id: "hello4".into(),
        blueprint_id: "hello-world".into(),
        inputs,
        visibility: Some(Visibility::Private),
        site_name: Some("london".into()),
        labels: vec![LabelPair::new("env", "prod")],
        display_name: Some("Hello 4".into()),
        skip_plugins_validation: true,
        runtime_only_evaluation: false,
        include: vec!["id".into()],
        async_create: false,
    };
    let body = json_wire(&e, "PUT", "/api/v3.1/deployments/hello4?_include=id");
    assert_eq!(
        body,
        json!({"blueprint_id": "hello-world", "visibility": "private", "inputs": {"port": 8080},
               "site_name": "london", "labels": [{"env": "prod"}], "display_name": "Hello 4",
               "skip_plugins_validation": true, "runtime_only_evaluation": false})
    );
    let minimal = CreateDeployment {
        id: "d".into(),
        blueprint_id: "bp".into(),
        ..Default::default()
    };
    assert_eq!(
        json_wire(&minimal, "PUT", "/api/v3.1/deployments/d"),
        json!({"blueprint_id": "bp", "visibility": "tenant",
               "skip_plugins_validation": false, "runtime_only_evaluation": false})
    );
    assert_eq!(
        e.parse(answer(201, r#"{"id": "hello4"}"#)).unwrap().id,
        "hello4"
    );
}

#[test]
fn delete_deployment_request() {
    let e = DeleteDeployment {
        id: "d1".into(),
        force: false,
        delete_logs: true,
        recursive: false,
    };
    bodyless(
        &e,
        "DELETE",
        "/api/v3.1/deployments/d1?force=false&delete_logs=true&recursive=false",
    );
    let e = DeleteDeployment {
        id: "d1".into(),
        force: true,
        delete_logs: false,
        recursive: true,
    };
    bodyless(
        &e,
        "DELETE",
        "/api/v3.1/deployments/d1?force=true&delete_logs=false&recursive=true",
    );
}

#[test]
fn set_deployment_visibility_request_and_seed_example() {
    let e = SetDeploymentVisibility {
        id: "d1".into(),
        visibility: Visibility::Tenant,
    };
    let body = json_wire(&e, "PATCH", "/api/v3.1/deployments/d1/set-visibility");
    assert_eq!(body, json!({"visibility": "tenant"}));
    assert_eq!(
        e.parse(answer(200, &seed(SEED_DEPLOYMENT))).unwrap().id,
        "deployment_1"
    );
}

#[test]
fn set_deployment_site_requests_and_seed_example() {
    let set = SetDeploymentSite {
        id: "d1".into(),
        site_name: Some("london".into()),
    };
    assert_eq!(
        json_wire(&set, "POST", "/api/v3.1/deployments/d1/set-site"),
        json!({"detach_site": false, "site_name": "london"})
    );
    let detach = SetDeploymentSite {
        id: "d1".into(),
        site_name: None,
    };
    assert_eq!(
        json_wire(&detach, "POST", "/api/v3.1/deployments/d1/set-site"),
        json!({"detach_site": true})
    );
    let d = set.parse(answer(200, &seed(SEED_DEPLOYMENT))).unwrap();
    assert_eq!(d.site_name.as_deref(), Some("a site name"));
}

#[test]
fn update_deployment_labels_request_and_seed_example() {
    let e = UpdateDeploymentLabels {
        id: "deployment_1".into(),
        labels: vec![
            LabelPair::new("key1", "val1"),
            LabelPair::new("key2", "val2"),
        ],
    };
    assert_eq!(
        json_wire(&e, "PATCH", "/api/v3.1/deployments/deployment_1"),
        json!({"labels": [{"key1": "val1"}, {"key2": "val2"}]})
    );
    let example = seed(SEED_DEPLOYMENT).replace(
        "\"labels\": []",
        r#""labels": [{"key": "key2", "value": "val2", "created_at": "2020-11-29T11:19:03.324Z", "creator_id": 0},
                      {"key": "key1", "value": "val1", "created_at": "2020-11-29T11:19:03.324Z", "creator_id": 0}]"#,
    );
    let d = e.parse(answer(200, &example)).unwrap();
    assert_eq!(d.label("key1"), Some("val1"));
}

#[test]
fn deployment_outputs_request_and_seed_example() {
    let e = GetDeploymentOutputs { id: "dep".into() };
    bodyless(&e, "GET", "/api/v3.1/deployments/dep/outputs");
    let o = e
        .parse(answer(
            200,
            r#"{"deployment_id": "dep", "outputs": {"output_1": "node_vbs4o4", "output_2": "some_value"}}"#,
        ))
        .unwrap();
    assert_eq!(o.outputs["output_2"], "some_value");
}

#[test]
fn deployment_capabilities_request_and_seed_example() {
    let e = GetDeploymentCapabilities { id: "dep".into() };
    bodyless(&e, "GET", "/api/v3.1/deployments/dep/capabilities");
    let c = e
        .parse(answer(
            200,
            r#"{"deployment_id": "dep", "capabilities": {"capability_1": "node_vbs4o4", "capability_2": "some_capability"}}"#,
        ))
        .unwrap();
    assert_eq!(c.deployment_id, "dep");
    assert_eq!(c.capabilities.len(), 2);
}

#[test]
fn list_dependencies_request_and_seed_example() {
    let e = ListInterDeploymentDependencies {
        query: ListQuery::new().filter("target_deployment_id", "infra"),
    };
    bodyless(
        &e,
        "GET",
        "/api/v3.1/deployments/inter-deployment-dependencies?target_deployment_id=infra",
    );
    let example = format!(
        r#"{{"items": [{{"dependency_creator": "nodes.jboss.operations.cloudify.interfaces.lifecycle.stop.inputs.fabric_env.key_filename.get_capability",
            "tenant_name": "default_tenant", "created_at": "2020-04-27T06:51:29.543Z", "visibility": "tenant",
            "private_resource": false, "target_deployment_id": null, "resource_availability": "tenant",
            "created_by": "admin", "id": "769589d1-51bf-4f18-bcc5-726fa667a10a", "source_deployment_id": "jboss-app"}},
            {SEED_DEPENDENCY}],
            "metadata": {{"pagination": {{"total": 2, "offset": 0, "size": 1000}}}}}}"#
    );
    let page = e.parse(answer(200, &example)).unwrap();
    assert_eq!(page.items[0].target_deployment_id, None);
    assert_eq!(
        page.items[1].target_deployment_id.as_deref(),
        Some("infrastructure_vkd2zx")
    );
}

fn spec() -> DependencySpec {
    DependencySpec {
        dependency_creator: "component.infra".into(),
        source_deployment: "app".into(),
        target_deployment: Some("infra".into()),
        ..Default::default()
    }
}

#[test]
fn create_dependency_request_and_seed_example() {
    let e = CreateInterDeploymentDependency { spec: spec() };
    assert_eq!(
        json_wire(
            &e,
            "PUT",
            "/api/v3.1/deployments/inter-deployment-dependencies"
        ),
        json!({"dependency_creator": "component.infra", "source_deployment": "app",
               "target_deployment": "infra"})
    );
    let d = e.parse(answer(200, SEED_DEPENDENCY)).unwrap();
    assert_eq!(d.id, "451f2d61-448a-47db-a786-aa8b64c905ed");
    assert_eq!(d.source_deployment_id.as_deref(), Some("jboss-app"));
}

#[test]
fn delete_dependency_request() {
    let e = DeleteInterDeploymentDependency {
        spec: spec(),
        is_component_deletion: false,
    };
    assert_eq!(
        json_wire(
            &e,
            "DELETE",
            "/api/v3.1/deployments/inter-deployment-dependencies"
        ),
        json!({"dependency_creator": "component.infra", "source_deployment": "app",
               "target_deployment": "infra", "is_component_deletion": false})
    );
    // The seed shows the deleted dependency in the answer; newer managers send 204.
    assert!(e.parse(answer(200, SEED_DEPENDENCY)).is_ok());
    let empty = http::Response::builder()
        .status(204)
        .body(Vec::new())
        .unwrap();
    assert!(e.parse(empty).is_ok());
}

// ---------------------------------------------------------------- deployment updates

#[test]
fn initiate_deployment_update_request_and_seed_example() {
    let mut inputs = serde_json::Map::new();
    inputs.insert("port".into(), json!(9090));
    let e = InitiateDeploymentUpdate {
        deployment_id: "dep 1".into(),
        blueprint_id: Some("bp2".into()),
        inputs,
        reinstall_list: vec!["vm_abc".into()],
        skip_install: Some(false),
        skip_reinstall: Some(true),
        skip_drift_check: Some(true),
        force_reinstall: Some(false),
        skip_heal: Some(true),
        install_first: Some(true),
        preview: Some(true),
        runtime_only_evaluation: Some(false),
        ..Default::default()
    };
    assert_eq!(
        json_wire(
            &e,
            "POST",
            "/api/v3.1/deployment-updates/dep%201/update/initiate"
        ),
        json!({"blueprint_id": "bp2", "inputs": {"port": 9090}, "reinstall_list": ["vm_abc"],
               "skip_install": false, "skip_reinstall": true, "skip_drift_check": true,
               "force_reinstall": false, "skip_heal": true, "install_first": true,
               "preview": true, "runtime_only_evaluation": false})
    );
    let minimal = InitiateDeploymentUpdate {
        deployment_id: "d".into(),
        ..Default::default()
    };
    assert_eq!(
        json_wire(
            &minimal,
            "POST",
            "/api/v3.1/deployment-updates/d/update/initiate"
        ),
        json!({})
    );
    let u = e.parse(answer(200, &seed(SEED_UPDATE))).unwrap();
    assert_eq!(u.state, Some(DeploymentUpdateState::Successful));
    assert!(u.state.unwrap().is_final());
    assert_eq!(u.new_blueprint_id.as_deref(), Some("blueprint_2"));
}

#[test]
fn get_deployment_update_request_and_seed_example() {
    let e = GetDeploymentUpdate {
        id: "deployment_1-b22cd6b3".into(),
        include: vec!["id".into()],
    };
    bodyless(
        &e,
        "GET",
        "/api/v3.1/deployment-updates/deployment_1-b22cd6b3?_include=id",
    );
    let u = e.parse(answer(200, &seed(SEED_UPDATE))).unwrap();
    assert_eq!(
        u.execution_id.as_deref(),
        Some("f92754a0-4cf4-4baa-80d3-0602f03f2b91")
    );
    let odd: DeploymentUpdate =
        serde_json::from_value(json!({"id": "u", "state": "rolling_back"})).unwrap();
    assert_eq!(
        odd.state,
        Some(DeploymentUpdateState::Other("rolling_back".into()))
    );
}

#[test]
fn list_deployment_updates_request_and_seed_example() {
    let e = ListDeploymentUpdates {
        query: ListQuery::new()
            .filter("deployment_id", "d1")
            .sort(SortKey::desc("created_at"))
            .include(["id"]),
    };
    bodyless(
        &e,
        "GET",
        "/api/v3.1/deployment-updates?deployment_id=d1&_include=id&_sort=-created_at",
    );
    let page = e
        .parse(answer(
            200,
            r#"{"items": [{"id": "update1"}, {"id": "update2"}, {"id": "update3"}],
                "metadata": {"pagination": {"total": 3, "offset": 0, "size": 0}}}"#,
        ))
        .unwrap();
    assert_eq!(page.items.len(), 3);
}

// ---------------------------------------------------------------- nodes, node instances

/// The manager reads `_evaluate_functions` only; the Python client always sends it, `False`
/// unless asked.
#[test]
fn list_nodes_always_sends_evaluate_functions() {
    bodyless(
        &ListNodes::default(),
        "GET",
        "/api/v3.1/nodes?_evaluate_functions=false",
    );
}

#[test]
fn list_nodes_request_seed_and_fixture() {
    let e = ListNodes {
        query: ListQuery::new().include(["id", "type"]),
        deployment_id: Some("web-prod-1".into()),
        evaluate_functions: Some(true),
        instance_counts: Some(true),
    };
    bodyless(
        &e,
        "GET",
        "/api/v3.1/nodes?deployment_id=web-prod-1&_include=id%2Ctype&_evaluate_functions=true&_instance_counts=true",
    );
    let real = e.parse(answer(200, &fixture("nodes.json"))).unwrap();
    assert_eq!(
        real.items[0].node_type.as_deref(),
        Some("cloudify.nodes.Compute")
    );
    let seeded = e
        .parse(answer(
            200,
            r#"{"items": [{"id": "http_web_server"}, {"id": "vm"}], "metadata": {"pagination": {"total": 2, "offset": 0, "size": 0}}}"#,
        ))
        .unwrap();
    assert_eq!(seeded.items[1].id, "vm");
    let counted: Node = serde_json::from_value(json!({"id": "vm", "unavailable_instances": 1,
        "drifted_instances": 0, "actual_number_of_instances": 2, "max_number_of_instances": -1}))
    .unwrap();
    assert_eq!(counted.unavailable_instances, Some(1));
    assert_eq!(counted.max_number_of_instances, Some(-1));
}

#[test]
fn list_node_instances_request_seed_and_fixture() {
    let e = ListNodeInstances {
        query: ListQuery::new().include(["id"]),
        deployment_id: Some("d1".into()),
        node_id: Some("vm".into()),
    };
    bodyless(
        &e,
        "GET",
        "/api/v3.1/node-instances?deployment_id=d1&node_id=vm&_include=id",
    );
    let real = e
        .parse(answer(200, &fixture("node_instances.json")))
        .unwrap();
    assert_eq!(real.items[0].version, Some(1));
    let seeded = e
        .parse(answer(
            200,
            r#"{"items": [{"id": "http_web_server_tfq3nt"}, {"id": "vm_m7nmd7"}], "metadata": {"pagination": {"total": 2, "offset": 0, "size": 0}}}"#,
        ))
        .unwrap();
    assert_eq!(seeded.items[0].id, "http_web_server_tfq3nt");
}

#[test]
fn get_node_instance_request_and_seed_example() {
    let e = GetNodeInstance {
        id: "vm_m7nmd7".into(),
        include: vec!["id".into()],
    };
    bodyless(&e, "GET", "/api/v3.1/node-instances/vm_m7nmd7?_include=id");
    let i: NodeInstance = e
        .parse(answer(200, r#"{"id": "http_web_server_tfq3nt"}"#))
        .unwrap();
    assert_eq!(i.id, "http_web_server_tfq3nt");
}

#[test]
fn update_node_instance_request_and_seed_example() {
    let mut props = serde_json::Map::new();
    props.insert("key".into(), json!("value"));
    let e = UpdateNodeInstance {
        id: "http_web_server_tfq3nt".into(),
        version: 0,
        runtime_properties: Some(props),
        state: None,
        include: vec!["id".into(), "runtime_properties".into()],
    };
    assert_eq!(
        json_wire(
            &e,
            "PATCH",
            "/api/v3.1/node-instances/http_web_server_tfq3nt?_include=id%2Cruntime_properties"
        ),
        json!({"version": 0, "runtime_properties": {"key": "value"}})
    );
    let i = e
        .parse(answer(
            200,
            r#"{"runtime_properties": {"key": "value"}, "id": "http_web_server_tfq3nt"}"#,
        ))
        .unwrap();
    assert_eq!(i.runtime_properties.unwrap()["key"], "value");
    let stale = e
        .parse(answer(
            409,
            r#"{"message": "Node instance update conflict [current version=2, update version=0]", "error_code": "conflict_error"}"#,
        ))
        .unwrap_err();
    assert_eq!(
        (stale.status, stale.code.as_str()),
        (Some(409), "conflict_error")
    );
}

// ---------------------------------------------------------------- sites

#[test]
fn list_sites_request_seed_and_fixture() {
    let e = ListSites {
        query: ListQuery::new().search("lon"),
    };
    bodyless(&e, "GET", "/api/v3.1/sites?_search=lon");
    let real = e.parse(answer(200, &fixture("sites_list.json"))).unwrap();
    assert_eq!(real.items[1].longitude, Some(-0.1276));
    let example = format!(
        r#"{{"items": [{SEED_SITE}], "metadata": {{"pagination": {{"offset": 0, "size": 1000, "total": 1}}}}}}"#
    );
    let seeded = e.parse(answer(200, &example)).unwrap();
    assert_eq!(seeded.items[0].name, "Tel-Aviv");
}

#[test]
fn get_site_request_and_seed_example() {
    let e = GetSite {
        name: "Tel-Aviv".into(),
    };
    bodyless(&e, "GET", "/api/v3.1/sites/Tel-Aviv");
    let s: Site = e.parse(answer(200, SEED_SITE)).unwrap();
    assert_eq!(s.location.as_deref(), Some("32.080327, 34.767420"));
}

#[test]
fn create_site_request_and_seed_example() {
    let e = CreateSite {
        name: "Tel-Aviv".into(),
        location: Some("32.080327,34.767420".into()),
        visibility: None,
    };
    assert_eq!(
        json_wire(&e, "PUT", "/api/v3.1/sites/Tel-Aviv"),
        json!({"visibility": "tenant", "location": "32.080327,34.767420"})
    );
    let bare = CreateSite {
        name: "x".into(),
        location: None,
        visibility: Some(Visibility::Global),
    };
    assert_eq!(
        json_wire(&bare, "PUT", "/api/v3.1/sites/x"),
        json!({"visibility": "global"})
    );
    assert_eq!(e.parse(answer(200, SEED_SITE)).unwrap().name, "Tel-Aviv");
}

#[test]
fn update_site_request_and_seed_example() {
    let e = UpdateSite {
        name: "Tel-Aviv".into(),
        new_name: Some("tlv".into()),
        location: Some(String::new()),
        visibility: Some(Visibility::Global),
    };
    assert_eq!(
        json_wire(&e, "POST", "/api/v3.1/sites/Tel-Aviv"),
        json!({"location": "", "visibility": "global", "new_name": "tlv"})
    );
    assert_eq!(e.parse(answer(200, SEED_SITE)).unwrap().name, "Tel-Aviv");
}

#[test]
fn delete_site_request() {
    let e = DeleteSite {
        name: "Tel-Aviv".into(),
    };
    bodyless(&e, "DELETE", "/api/v3.1/sites/Tel-Aviv");
    let empty = http::Response::builder()
        .status(204)
        .body(Vec::new())
        .unwrap();
    assert!(e.parse(empty).is_ok());
}

#[test]
fn site_locations_are_validated_like_the_manager() {
    assert_eq!(parse_location("32.07, 34.78"), Ok(Some((32.07, 34.78))));
    assert_eq!(parse_location(""), Ok(None));
    assert!(parse_location("32.07")
        .unwrap_err()
        .contains("\"latitude,longitude\""));
    assert!(parse_location("north,south")
        .unwrap_err()
        .contains("of type float"));
    for out_of_range in ["90.1,0", "-91,0", "0,180.5", "0,-181", "nan,0"] {
        assert!(
            parse_location(out_of_range)
                .unwrap_err()
                .contains("between -90 and 90"),
            "{out_of_range}"
        );
    }
    assert_eq!(parse_location("-90,180"), Ok(Some((-90.0, 180.0))));
}

#[test]
fn get_deployment_with_its_working_directory() {
    let e = GetDeployment {
        id: "d1".into(),
        include_workdir: true,
        ..Default::default()
    };
    bodyless(&e, "GET", "/api/v3.1/deployments/d1?include_workdir=true");
    let d = e
        .parse(answer(200, r#"{"id": "d1", "workdir_zip": "UEsDBA=="}"#))
        .unwrap();
    assert_eq!(d.workdir_zip.as_deref(), Some("UEsDBA=="));
}

#[test]
fn create_deployment_in_the_background() {
    let e = CreateDeployment {
        id: "d".into(),
        blueprint_id: "bp".into(),
        async_create: true,
        ..Default::default()
    };
    assert_eq!(
        json_wire(&e, "PUT", "/api/v3.1/deployments/d"),
        json!({"blueprint_id": "bp", "visibility": "tenant", "skip_plugins_validation": false,
               "runtime_only_evaluation": false, "async_create": true})
    );
}

#[test]
fn list_deployments_of_a_group_dependencies_and_environments() {
    let e = ListDeployments {
        query: ListQuery::new().include(["id"]).page(50, 0),
    }
    .in_group("g/1")
    .dependencies_of("web")
    .environments_only();
    bodyless(
        &e,
        "GET",
        "/api/v3.1/deployments?_group_id=g%2F1&_dependencies_of=web&_environments_only=true&_include=id&_size=50&_offset=0",
    );
}

#[test]
fn list_across_tenants_with_every_result() {
    let mut query = ListQuery::new().include(["id"]);
    query.all_tenants = true;
    query.get_all_results = true;
    bodyless(
        &ListDeployments { query },
        "GET",
        "/api/v3.1/deployments?_include=id&_all_tenants=true&_get_all_results=true",
    );
}
