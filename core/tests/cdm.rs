//! OTC CDM clusters: requests and parsing, with the seed's own example.

use baton_core::cdm::*;
use baton_core::cloud::Health;
use baton_core::endpoint::Endpoint;
use serde_json::{json, Value};

fn session() -> Session {
    Session {
        origin: "https://cdm.eu-de.otc.t-systems.com".into(),
        project_id: "p1".into(),
        token: Some("MIIT...".into()),
    }
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

/// The seed's example answer, verbatim.
const SEED_EXAMPLE: &str = r#"{
  "publicEndpoint" : "49.xx.xx.10",
  "instances" : [ {
    "flavor" : {
      "id" : "fb8fe666-6734-4b11-bc6c-43d11db3c745"
    },
    "volume" : {
      "size" : "100",
      "type" : "LOCAL_DISK"
    },
    "name" : "cdm-c018",
    "id" : "635dce67-3df8-4756-b4c7-90e45e687367",
    "isFrozen" : "0",
    "type" : "cdm",
    "actions" : "REBOOTING",
    "config_status" : "In-Sync",
    "status" : "200"
  } ],
  "created" : "2018-09-05T08:38:25",
  "statusDetail" : "Normal",
  "actionProgress" : { },
  "name" : "cdm-c018",
  "id" : "bae65496-643e-47ca-84af-948672de7eeb",
  "isFrozen" : "0",
  "actions" : "REBOOTING",
  "updated" : "2018-09-05T08:38:25",
  "status" : "200"
}"#;

#[test]
fn details_request_carries_x_auth_token_under_the_project() {
    let g = GetCluster {
        id: "bae65496-643e-47ca-84af-948672de7eeb".into(),
    };
    let r = g.request(&session());
    assert_eq!(
        r.uri().to_string(),
        "https://cdm.eu-de.otc.t-systems.com/v1.1/p1/clusters/bae65496-643e-47ca-84af-948672de7eeb"
    );
    assert_eq!(r.headers()["X-Auth-Token"], "MIIT...");
    assert!(r.headers().get("Authorization").is_none());
}

#[test]
fn the_seed_example_parses_with_its_quirks() {
    let c = GetCluster { id: "x".into() }
        .parse(answer(200, SEED_EXAMPLE))
        .unwrap();
    assert_eq!(c.state(), ClusterState::Normal);
    assert_eq!(c.is_frozen, Some(false));
    assert_eq!(c.actions, ["REBOOTING"]);
    assert_eq!(c.public_endpoint.as_deref(), Some("49.xx.xx.10"));
    assert_eq!(c.created.unwrap().short(), "2018-09-05 08:38");
    let i = &c.instances[0];
    assert_eq!(i.volume.as_ref().unwrap().size, Some(100));
    assert_eq!(i.status, Some(ClusterState::Normal));
    assert_eq!(i.actions, ["REBOOTING"]);
    assert_eq!(i.config_status.as_deref(), Some("In-Sync"));
    let card = c.card();
    assert_eq!(
        (card.health, card.state.as_str()),
        (Health::Running, "Running normally")
    );
}

#[test]
fn the_other_forms_of_each_quirk_parse_too() {
    let c: Cluster = serde_json::from_value(json!({
        "id": "c", "name": "n", "status": 303, "isFrozen": "1", "actions": ["REBOOTING", "RESTORING"],
        "bakKeepDay": "7", "recentEvent": 3, "maintainWindow": {"day": 1, "startTime": "02:00", "endTime": "04:00"},
        "failedReasons": {"CREATE_FAILED": {"errorCode": "Cdm.0001", "errorMsg": "quota exceeded"}},
        "datastore": {"type": "cdm", "version": "2.9.1.200"},
        "customerConfig": {"ssl": false, "trial": "0", "localDisk": true},
        "actionProgress": {"CREATING": "45%"},
        "instances": [{"volume": {"size": 100}, "status": "800", "isFrozen": 1, "actions": "", "role": "master",
                       "resource": [{"resource_id": "r", "resource_type": "server"}]}],
        "config_status": "Sync-Failure", "unknownField": {"x": 1}
    }))
    .unwrap();
    assert_eq!(c.state(), ClusterState::CreateFailed);
    assert_eq!(c.is_frozen, Some(true));
    assert_eq!(c.actions.len(), 2);
    assert_eq!((c.bak_keep_day, c.recent_event), (Some(7), Some(3)));
    assert_eq!(
        c.maintain_window.as_ref().unwrap().day.as_deref(),
        Some("1")
    );
    assert_eq!(c.cdm_version().as_deref(), Some("2.9.1.200"));
    assert_eq!(c.failures(), ["CREATE_FAILED: Cdm.0001 quota exceeded"]);
    assert_eq!(c.action_progress["CREATING"], "45%");
    assert_eq!(c.instances[0].volume.as_ref().unwrap().size, Some(100));
    assert_eq!(c.instances[0].status, Some(ClusterState::Frozen));
    assert!(c.instances[0].actions.is_empty());
    assert_eq!(c.extra["unknownField"], json!({"x": 1}));
    let card = c.card();
    assert_eq!(card.health, Health::Attention);
    assert_eq!(
        card.last_event.as_deref(),
        Some("CREATE_FAILED: Cdm.0001 quota exceeded")
    );
}

#[test]
fn every_status_code_has_words_and_a_health() {
    for (code, words, health) in [
        ("100", "Being created", Health::Busy),
        ("200", "Running normally", Health::Running),
        ("300", "Failed", Health::Attention),
        ("303", "Failed to be created", Health::Attention),
        ("500", "Restarting", Health::Busy),
        ("800", "Frozen", Health::Attention),
        ("900", "Stopped", Health::Stopped),
        ("910", "Stopping", Health::Busy),
        ("920", "Starting", Health::Busy),
    ] {
        let s = ClusterState::from_code(code);
        assert_eq!((s.words(), s.health(), s.code()), (words, health, code));
    }
    assert_eq!(
        ClusterState::from_code("777"),
        ClusterState::Other("777".into())
    );
}

#[test]
fn list_clusters() {
    let r = ListClusters.request(&session());
    assert_eq!(r.uri().path(), "/v1.1/p1/clusters");
    let list = ListClusters
        .parse(answer(200, &format!(r#"{{"clusters":[{SEED_EXAMPLE}]}}"#)))
        .unwrap();
    assert_eq!(list.clusters[0].name, "cdm-c018");
}

#[test]
fn start_stop_restart_bodies() {
    let r = StartCluster { id: "c1".into() }.request(&session());
    assert_eq!(
        (r.method().clone(), r.uri().path()),
        (http::Method::POST, "/v1.1/p1/clusters/c1/action")
    );
    assert_eq!(body(&r), json!({"start": {}}));
    let stop = StopCluster {
        id: "c1".into(),
        mode: StopMode::Gracefully { delay_seconds: -1 },
    };
    assert_eq!(
        body(&stop.request(&session())),
        json!({"stop": {"stopMode": "GRACEFULLY", "delayTime": -1}})
    );
    assert_eq!(
        body(
            &StopCluster {
                id: "c1".into(),
                mode: StopMode::Immediately
            }
            .request(&session())
        ),
        json!({"stop": {"stopMode": "IMMEDIATELY"}})
    );
    // OTC answers a list of job ids for start and stop, a single string for restart.
    assert_eq!(
        stop.parse(answer(200, r#"{"jobId":["j1"]}"#))
            .unwrap()
            .job_ids,
        ["j1"]
    );
    let restart = RestartCluster::service("c1");
    assert_eq!(
        body(&restart.request(&session())),
        json!({"restart": {"restartMode": "IMMEDIATELY", "restartLevel": "SERVICE", "type": "cdm", "instance": "", "group": ""}})
    );
    assert_eq!(
        restart
            .parse(answer(200, r#"{"jobId":"j2"}"#))
            .unwrap()
            .job_ids,
        ["j2"]
    );
    let vm = RestartCluster {
        level: RestartLevel::Vm,
        mode: "SOFTLY".into(),
        delay_seconds: Some(30),
        ..restart.clone()
    };
    let b = body(&vm.request(&session()));
    assert_eq!(b["restart"]["restartLevel"], "VM");
    assert!(b["restart"].get("instance").is_none());
    assert_eq!(b["restart"]["restartDelayTime"], 30);
    assert!(RestartCluster {
        mode: "NOW".into(),
        ..restart
    }
    .check()
    .is_err());
}

#[test]
fn create_and_delete() {
    let c = CreateCluster {
        cluster: NewCluster {
            name: "cdm-new".into(),
            vpc_id: "vpc".into(),
            instances: vec![NewInstance {
                availability_zone: "eu-de-01".into(),
                nics: vec![Nic {
                    security_group_id: "sg".into(),
                    net_id: "net".into(),
                }],
                flavor_ref: "fb8fe666".into(),
                kind: "cdm".into(),
            }],
            datastore: Datastore {
                kind: Some("cdm".into()),
                version: Some("2.9.1.200".into()),
            },
            ..Default::default()
        },
        auto_remind: Some(false),
        email: None,
    };
    let r = c.request(&session());
    assert_eq!(r.uri().path(), "/v1.1/p1/clusters");
    assert_eq!(r.headers()["X-Language"], "en-us");
    let b = body(&r);
    assert_eq!(b["cluster"]["instances"][0]["nics"][0]["net-id"], "net");
    assert_eq!(b["cluster"]["vpcId"], "vpc");
    assert_eq!(b["auto_remind"], false);
    let created = c
        .parse(answer(
            202,
            r#"{"id":"n1","name":"cdm-new","task":{"id":"t","name":"createCluster"},"instances":[]}"#,
        ))
        .unwrap();
    assert_eq!(created.id, "n1");
    let mut both = c.clone();
    both.cluster.is_auto_off = true;
    both.cluster.is_schedule_boot_off = true;
    assert!(both.check().is_err());

    let d = DeleteCluster {
        id: "c1".into(),
        keep_last_manual_backup: 0,
    };
    let r = d.request(&session());
    assert_eq!(r.method(), http::Method::DELETE);
    assert_eq!(body(&r), json!({"keep_last_manual_backup": 0}));
    assert_eq!(
        d.parse(answer(
            202,
            r#"{"jobId":"ff8080815e59d92d015e5b27ccb0004d"}"#
        ))
        .unwrap()
        .job_ids,
        ["ff8080815e59d92d015e5b27ccb0004d"]
    );
}

#[test]
fn both_error_shapes_and_iam() {
    let e = GetCluster { id: "x".into() }
        .parse(answer(
            400,
            r#"{"errCode":"Cdm.0100","externalMessage":"Job[jdbc2hive] doesn't exist."}"#,
        ))
        .unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.message.as_str()),
        ("Cdm.0100", "Job[jdbc2hive] doesn't exist.")
    );
    let e = GetCluster { id: "x".into() }
        .parse(answer(
            400,
            r#"{"error_msg":"The format of message is error","error_code":"AS.0001"}"#,
        ))
        .unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.message.as_str()),
        ("AS.0001", "The format of message is error")
    );
    let e = ListClusters
        .parse(answer(
            401,
            r#"{"error":{"code":401,"message":"The request you have made requires authentication.","title":"Unauthorized"}}"#,
        ))
        .unwrap_err();
    assert!(RENEW.matches(&e));
    assert!(e.message.contains("requires authentication"));

    let iam = IamToken {
        domain: "OTC-EU-DE-0000".into(),
        user: "ops".into(),
        password: "pw!".into(),
        project_id: "p1".into(),
    };
    assert!(!format!("{iam:?}").contains("pw!"));
    let r = iam.request(&IamSession {
        origin: "https://iam.eu-de.otc.t-systems.com".into(),
    });
    assert_eq!(
        r.uri().to_string(),
        "https://iam.eu-de.otc.t-systems.com/v3/auth/tokens"
    );
    let b = body(&r);
    assert_eq!(b["auth"]["scope"]["project"]["id"], "p1");
    assert_eq!(
        b["auth"]["identity"]["password"]["user"]["domain"]["name"],
        "OTC-EU-DE-0000"
    );
    let mut resp = answer(
        201,
        r#"{"token":{"expires_at":"2026-11-30T10:00:00.000000Z","methods":["password"]}}"#,
    );
    resp.headers_mut()
        .insert("X-Subject-Token", "MIIT-token".parse().unwrap());
    let g = iam.parse(resp).unwrap();
    assert_eq!(g.token, "MIIT-token");
    assert!(g.expires_at.is_some());
    // Without the header (a proxy that does not expose it) the error says so.
    let e = iam.parse(answer(201, "{}")).unwrap_err();
    assert!(e.message.contains("X-Subject-Token"));
}
