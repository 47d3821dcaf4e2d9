//! Imply Cloud Manager: requests and parsing, with the seed's own examples.

use baton_core::cloud::field_errors;
use baton_core::endpoint::Endpoint;
use baton_core::imply::clusters::*;
use baton_core::imply::*;
use serde_json::{json, Value};

fn session() -> Session {
    Session::at("https://acme.implycloud.com/", "tok-1")
}

fn answer(status: u16, body: &str) -> baton_core::Response {
    http::Response::builder()
        .status(status)
        .body(body.as_bytes().to_vec())
        .unwrap()
}

fn body(r: &baton_core::Request) -> Value {
    serde_json::from_slice(r.body()).unwrap()
}

/// The cut-off sample of the ClustersHistorical page, completed with a status.
const SAMPLE: &str = r#"{
  "metadata": {"name": "My First Cluster", "uid": "e9e1e18f-a9e8-4dd7-8a18-768039c57f22"},
  "spec": {
    "version": "2023.01", "desiredState": "STARTED", "awsInstanceRole": "role",
    "awsKeyPair": "kp", "awsTags": [{"name": "team", "value": "data"}],
    "encryptVolumes": true, "commonRuntimeProperties": [{"name": "a", "value": "b"}],
    "master": {"replicas": 3, "instanceType": "t2.small",
               "coordinatorRuntimeProperties": [{"name": "x", "value": "y"}], "newField": 1},
    "futureSetting": {"on": true}
  },
  "status": {"resourceVersion": 2, "state": "RUNNING"}
}"#;

#[test]
fn list_and_get_send_bearer_under_api_v1() {
    let r = ListClusters.request(&session());
    assert_eq!(r.method(), http::Method::GET);
    assert_eq!(
        r.uri().to_string(),
        "https://acme.implycloud.com/api/v1/clusters"
    );
    assert_eq!(r.headers()["Authorization"], "Bearer tok-1");
    let r = GetCluster { id: "a/b".into() }.request(&session());
    assert_eq!(r.uri().path(), "/api/v1/clusters/a%2Fb");
    let list = ListClusters
        .parse(answer(200, &format!("[{SAMPLE}]")))
        .unwrap();
    assert_eq!(list[0].metadata.name, "My First Cluster");
}

#[test]
fn the_seed_sample_parses_and_keeps_unknown_fields() {
    let c = GetCluster { id: "x".into() }
        .parse(answer(200, SAMPLE))
        .unwrap();
    assert_eq!(c.id(), "e9e1e18f-a9e8-4dd7-8a18-768039c57f22");
    assert_eq!(c.spec.desired_state, Some(DesiredState::Started));
    let master = c.spec.master.as_ref().unwrap();
    assert_eq!(master.replicas, Some(3));
    assert_eq!(master.instance_type.as_deref(), Some("t2.small"));
    assert_eq!(master.extra["newField"], 1);
    assert_eq!(c.spec.extra["futureSetting"], json!({"on": true}));
    assert_eq!(c.status.as_ref().unwrap().resource_version, Some(2));
    assert_eq!(c.card().state, "Running");
    // An update sends the unknown fields back unchanged.
    let u = UpdateCluster::of(&c, c.spec.clone()).request(&session());
    let sent = body(&u);
    assert_eq!(sent["spec"]["futureSetting"], json!({"on": true}));
    assert_eq!(sent["spec"]["master"]["newField"], 1);
    assert!(sent.get("status").is_none());
}

#[test]
fn create_update_delete_and_desired_state_requests() {
    let create = CreateCluster {
        metadata: ObjectMeta {
            name: "analytics".into(),
            ..Default::default()
        },
        spec: ClusterSpec {
            version: Some("2023.01".into()),
            desired_state: Some(DesiredState::Started),
            ..Default::default()
        },
    };
    let r = create.request(&session());
    assert_eq!(r.method(), http::Method::POST);
    assert_eq!(r.uri().path(), "/api/v1/clusters");
    assert_eq!(r.headers()["Content-Type"], "application/json");
    assert_eq!(
        body(&r),
        json!({"metadata": {"name": "analytics"}, "spec": {"version": "2023.01", "desiredState": "STARTED"}})
    );
    // An empty name is refused before sending, on the field the server would name.
    let mut nameless = create.clone();
    nameless.metadata.name = " ".into();
    let e = nameless.check().unwrap_err();
    assert_eq!(field_errors(&e)[0].target, "metadata.name");

    let c: Cluster = serde_json::from_str(SAMPLE).unwrap();
    let stop = UpdateCluster::desired_state(&c, DesiredState::Stopped);
    let r = stop.request(&session());
    assert_eq!(r.method(), http::Method::PUT);
    assert_eq!(
        r.uri().path(),
        "/api/v1/clusters/e9e1e18f-a9e8-4dd7-8a18-768039c57f22"
    );
    assert_eq!(body(&r)["spec"]["desiredState"], "STOPPED");
    assert_eq!(body(&r)["spec"]["version"], "2023.01");

    let d = DeleteCluster { id: "c1".into() };
    let r = d.request(&session());
    assert_eq!(
        (r.method().clone(), r.uri().path()),
        (http::Method::DELETE, "/api/v1/clusters/c1")
    );
    assert!(d.parse(answer(204, "")).is_ok());
    assert!(d.parse(answer(200, "{}")).is_ok());
}

#[test]
fn history_version_and_its_404() {
    let e = GetClusterVersion {
        id: "c1".into(),
        resource_version: 2,
    };
    assert_eq!(
        e.request(&session()).uri().path(),
        "/api/v1/clusters/c1/history/2"
    );
    let old = e.parse(answer(200, SAMPLE)).unwrap();
    assert_eq!(old.metadata.name, "My First Cluster");
    let err = e
        .parse(answer(
            404,
            r#"{"error":{"code":"NotFound","message":"Cluster [e9e1e18f-a9e8-4dd7-8a18-768039c57f22] resource version [2] was not found"}}"#,
        ))
        .unwrap_err();
    assert_eq!((err.status, err.code.as_str()), (Some(404), "NotFound"));
    assert!(err.message.contains("resource version [2]"));
}

#[test]
fn servers_of_a_cluster() {
    let e = ListServers { id: "c1".into() };
    assert_eq!(
        e.request(&session()).uri().path(),
        "/api/v1/clusters/c1/servers"
    );
    let servers = e
        .parse(answer(
            200,
            r#"[{"id":"i-1","type":"master","instanceType":"t2.small","state":"running","privateIp":"10.0.0.4","zone":"us-east-1a"}]"#,
        ))
        .unwrap();
    assert_eq!(servers[0].kind.as_deref(), Some("master"));
    assert_eq!(servers[0].extra["zone"], "us-east-1a");
}

#[test]
fn seed_error_examples_keep_each_detail_target() {
    let e = GetCluster { id: "x".into() }
        .parse(answer(
            400,
            r#"{"error":{"code":"BadArgument","message":"Request contains invalid arguments","details":[
              {"code":"NullValue","target":"metadata.name","message":"Cluster name must not be null"},
              {"code":"MalformedValue","target":"spec.deepStorage.path","message":"Path is not a valid s3 path"}]}}"#,
        ))
        .unwrap_err();
    assert_eq!(e.code, "BadArgument");
    assert_eq!(e.message, "Request contains invalid arguments");
    let fields = field_errors(&e);
    assert_eq!(fields.len(), 2);
    assert_eq!(fields[1].target, "spec.deepStorage.path");
    assert_eq!(fields[1].message, "Path is not a valid s3 path");
    assert_eq!(fields[0].code, "NullValue");

    for status in [401, 403] {
        let e = ListClusters
            .parse(answer(
                status,
                r#"{"error":{"code":"Unauthorized","message":"Provided user does not have permissions to complete this request"}}"#,
            ))
            .unwrap_err();
        assert_eq!((e.status, e.code.as_str()), (Some(status), "Unauthorized"));
    }
    assert!(RENEW.matches(&ListClusters.parse(answer(401, "")).unwrap_err()));
}

#[test]
fn state_conflict_while_updating() {
    let e = UpdateCluster::default()
        .parse(answer(
            409,
            r#"{"error":{"code":"StateConflict","message":"Cluster [e9e1e18f-a9e8-4dd7-8a18-768039c57f22] cannot transition from [UPDATING] to [STOPPED]"}}"#,
        ))
        .unwrap_err();
    assert!(is_state_conflict(&e));
    assert!(e.message.contains("[UPDATING] to [STOPPED]"));
}

#[test]
fn the_diff_between_two_versions_names_what_changed() {
    let v1: Cluster = serde_json::from_str(SAMPLE).unwrap();
    let mut v2 = v1.clone();
    v2.spec.master.as_mut().unwrap().replicas = Some(5);
    v2.spec.version = Some("2023.03".into());
    let changes = spec_changes(&v1, &v2);
    let paths: Vec<_> = changes.iter().map(|c| c.path.as_str()).collect();
    // Keys compare in name order.
    assert_eq!(paths, ["/master/replicas", "/version"]);
    assert_eq!(changes[0].value, Some(json!(5)));
    assert_eq!(changes[1].op, "replace");
}

#[test]
fn the_version_diff_reads_as_added_removed_and_changed_lines() {
    let v1: Cluster = serde_json::from_str(SAMPLE).unwrap();
    let mut v2 = v1.clone();
    v2.spec.master.as_mut().unwrap().replicas = Some(5);
    v2.spec.aws_key_pair = None;
    v2.spec.deep_storage = Some(DeepStorage {
        kind: Some("s3".into()),
        path: Some("s3://b/p".into()),
        ..Default::default()
    });
    let lines = spec_diff(&v1, &v2);
    let find = |p: &str| {
        lines
            .iter()
            .find(|l| l.path == p)
            .unwrap_or_else(|| panic!("{p}: {lines:?}"))
    };
    let master = find("master.replicas");
    assert_eq!(master.kind, ChangeKind::Changed);
    assert_eq!(master.before.as_deref(), Some("3"));
    assert_eq!(master.after.as_deref(), Some("5"));
    let key = find("awsKeyPair");
    assert_eq!((key.kind, key.after.clone()), (ChangeKind::Removed, None));
    assert!(key.before.is_some());
    let storage = find("deepStorage");
    assert_eq!(storage.kind, ChangeKind::Added);
    assert!(storage.after.as_deref().unwrap().contains("s3://b/p"));
    // Same spec: nothing to show.
    assert!(spec_diff(&v1, &v1).is_empty());
    // A list of the same length is compared item by item; one that grew, whole.
    let mut v3 = v1.clone();
    v3.spec.aws_tags[0].value = "platform".into();
    v3.spec
        .common_runtime_properties
        .push(NameValue::new("c", "d"));
    let lines = spec_diff(&v1, &v3);
    let paths: Vec<_> = lines.iter().map(|l| l.path.as_str()).collect();
    assert_eq!(paths, ["awsTags[0].value", "commonRuntimeProperties"]);
    assert_eq!(lines[0].before.as_deref(), Some("data"));
    assert_eq!(lines[0].after.as_deref(), Some("platform"));
}
