//! SailPoint v2024 Managed Clusters: requests and parsing, with the seed's own examples.

use std::collections::BTreeMap;

use baton_core::endpoint::Endpoint;
use baton_core::sailpoint::patch::PatchOp;
use baton_core::sailpoint::*;
use baton_core::Timestamp;
use serde_json::{json, Value};

fn session() -> Session {
    Session {
        origin: "https://acme.api.identitynow.com".into(),
        token: Some("jwt".into()),
    }
}

fn answer(status: u16, body: &str) -> baton_core::Response {
    http::Response::builder()
        .status(status)
        .body(body.as_bytes().to_vec())
        .unwrap()
}

const CLUSTER: &str = r#"{"id":"2c9180897de347a2017de8859e8c5039","name":"Managed Cluster Name",
 "pod":"megapod-useast1","org":"denali","type":"idn","configuration":{"clusterExternalId":"externalId","ccgVersion":"77.0.0","gone":null},
 "description":"A short description of the managed cluster.","clientType":"CCG","ccgVersion":"v01",
 "pinnedConfig":false,"operational":false,"status":"NORMAL","alertKey":"LIMITED_RESOURCES",
 "clientIds":["1244","1245"],"serviceCount":6,"ccId":"1533","createdAt":"2023-08-04T20:48:01.865Z",
 "updatedAt":"2023-08-04T20:48:01.865Z","consolidatedHealthIndicatorsStatus":"WARNING","brandNew":1}"#;

#[test]
fn client_credentials_token_is_form_encoded_beside_the_api() {
    let t = RequestToken {
        client_id: "cid".into(),
        client_secret: "s&cret".into(),
    };
    assert!(!format!("{t:?}").contains("s&cret"));
    let r = t.request(&Session::at("https://acme.api.identitynow.com"));
    assert_eq!(
        r.uri().to_string(),
        "https://acme.api.identitynow.com/oauth/token"
    );
    assert_eq!(
        r.headers()["Content-Type"],
        "application/x-www-form-urlencoded"
    );
    assert_eq!(
        std::str::from_utf8(r.body()).unwrap(),
        "grant_type=client_credentials&client_id=cid&client_secret=s%26cret"
    );
    let g = t
        .parse(answer(
            200,
            r#"{"access_token":"eyJ","token_type":"bearer","expires_in":749,"scope":"sp:scopes:all","tenant_id":"t1","pod":"stg01"}"#,
        ))
        .unwrap();
    assert_eq!((g.access_token.as_str(), g.expires_in), ("eyJ", Some(749)));
    assert_eq!(g.extra["pod"], "stg01");
    assert!(RequestToken::default().check().is_err());
    let e = t
        .parse(answer(
            401,
            r#"{"error":"invalid_client","error_description":"Bad client credentials"}"#,
        ))
        .unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.message.as_str()),
        ("invalid_client", "Bad client credentials")
    );

    let r = GetOAuthInfo.request(&Session::at("https://acme.api.identitynow.com"));
    assert_eq!(r.uri().path(), "/oauth/info");
    let info = GetOAuthInfo
        .parse(answer(
            200,
            r#"{"tenantName":"acme","authorizeEndpoint":"https://acme.login.sailpoint.com/oauth/authorize","tokenEndpoint":"https://acme.api.identitynow.com/oauth/token"}"#,
        ))
        .unwrap();
    assert_eq!(info.tenant_name.as_deref(), Some("acme"));
    assert!(info.token_endpoint.unwrap().ends_with("/oauth/token"));
}

#[test]
fn list_with_paging_count_and_eq_filters() {
    let e = ListManagedClusters {
        offset: Some(0),
        limit: Some(250),
        count: true,
        filters: vec![
            ClusterFilter::Operational(true),
            ClusterFilter::Name("Managed \"Cluster\"".into()),
        ],
    };
    let r = e.request(&session());
    assert_eq!(r.uri().path(), "/v2024/managed-clusters");
    assert_eq!(r.headers()["Authorization"], "Bearer jwt");
    assert_eq!(
        r.uri().query().unwrap(),
        "offset=0&limit=250&count=true&filters=operational%20eq%20true%20and%20name%20eq%20%22Managed%20%5C%22Cluster%5C%22%22"
    );
    let mut resp = answer(200, &format!("[{CLUSTER}]"));
    resp.headers_mut()
        .insert("X-Total-Count", "42".parse().unwrap());
    let page = e.parse(resp).unwrap();
    assert_eq!(page.total, Some(42));
    let c = &page.items[0];
    assert_eq!(c.status, Some(ClusterStatus::Normal));
    assert_eq!(c.kind, Some(ClusterType::Idn));
    assert_eq!(c.configuration["gone"], None);
    assert_eq!(c.service_count, Some(6));
    assert_eq!(c.extra["brandNew"], 1);
    assert_eq!(c.card().state, "Normal");
    assert!(ListManagedClusters {
        limit: Some(251),
        ..Default::default()
    }
    .check()
    .is_err());
    assert_eq!(
        ListManagedClusters::default()
            .request(&session())
            .uri()
            .query(),
        None
    );
}

#[test]
fn get_create_and_delete() {
    let g = GetManagedCluster {
        id: "2c9180897de347a2017de8859e8c5039".into(),
    };
    assert_eq!(
        g.request(&session()).uri().path(),
        "/v2024/managed-clusters/2c9180897de347a2017de8859e8c5039"
    );
    assert_eq!(
        g.parse(answer(200, CLUSTER)).unwrap().name.as_deref(),
        Some("Managed Cluster Name")
    );
    // The seed's create example.
    let request: ManagedClusterRequest = serde_json::from_str(
        r#"{"configuration":{"clusterExternalId":"externalId","ccgVersion":"77.0.0"},
            "name":"Managed Cluster Name","description":"A short description of the managed cluster.","type":"idn"}"#,
    )
    .unwrap();
    let c = CreateManagedCluster { request };
    let r = c.request(&session());
    assert_eq!(r.method(), http::Method::POST);
    let sent: Value = serde_json::from_slice(r.body()).unwrap();
    assert_eq!(sent["configuration"]["ccgVersion"], "77.0.0");
    assert_eq!(sent["type"], "idn");
    assert!(c.parse(answer(200, CLUSTER)).is_ok());
    assert!(CreateManagedCluster::default().check().is_err());

    for (remove, q) in [(false, "removeClients=false"), (true, "removeClients=true")] {
        let d = DeleteManagedCluster {
            id: "2c9180897de347a2017de8859e8c5039".into(),
            remove_clients: remove,
        };
        let r = d.request(&session());
        assert_eq!(r.method(), http::Method::DELETE);
        assert_eq!(r.uri().query(), Some(q));
        assert!(d.parse(answer(204, "")).is_ok());
    }
}

#[test]
fn update_sends_the_json_patch_computed_from_two_values() {
    let before: ManagedCluster = serde_json::from_str(CLUSTER).unwrap();
    let mut after = before.clone();
    after.description = Some("Moved to the EU".into());
    after
        .configuration
        .insert("clusterExternalId".into(), Some("ext-2".into()));
    // Not editable: not in the patch.
    after.status = Some(ClusterStatus::Failed);
    let u = UpdateManagedCluster::between(&before, &after);
    let r = u.request(&session());
    assert_eq!(r.method(), http::Method::PATCH);
    assert_eq!(r.headers()["Content-Type"], "application/json-patch+json");
    let sent: Value = serde_json::from_slice(r.body()).unwrap();
    assert_eq!(
        sent,
        json!([
            {"op":"replace","path":"/configuration/clusterExternalId","value":"ext-2"},
            {"op":"replace","path":"/description","value":"Moved to the EU"}
        ])
    );
    assert!(UpdateManagedCluster::between(&before, &before)
        .check()
        .is_err());
    assert!(u.parse(answer(200, CLUSTER)).is_ok());
    let _ = PatchOp::remove("/description");
}

#[test]
fn log_configuration_get_may_be_empty_and_put_takes_one_window() {
    let g = GetLogConfiguration {
        id: "2b838de9-db9b-abcf-e646-d4f274ad4238".into(),
    };
    assert_eq!(
        g.request(&session()).uri().path(),
        "/v2024/managed-clusters/2b838de9-db9b-abcf-e646-d4f274ad4238/log-config"
    );
    assert_eq!(g.parse(answer(204, "")).unwrap(), None);
    let cfg = g
        .parse(answer(
            200,
            r#"{"clientId":"aClientId","durationMinutes":120,"expiration":"2024-11-06T01:31:08.013164Z","rootLevel":"INFO","logLevels":{"sailpoint.connector.ADLDAPConnector":"TRACE"}}"#,
        ))
        .unwrap()
        .unwrap();
    assert_eq!(cfg.duration_minutes, Some(120));
    assert_eq!(
        cfg.log_levels["sailpoint.connector.ADLDAPConnector"],
        StandardLevel::Trace
    );

    let mut levels = BTreeMap::new();
    levels.insert("sailpoint.connector".to_string(), StandardLevel::Debug);
    let put = PutLogConfiguration {
        id: "c1".into(),
        root_level: StandardLevel::Info,
        log_levels: levels,
        window: LogWindow::Minutes(240),
    };
    let r = put.request(&session());
    assert_eq!(r.method(), http::Method::PUT);
    let sent: Value = serde_json::from_slice(r.body()).unwrap();
    assert_eq!(
        sent,
        json!({"rootLevel":"INFO","durationMinutes":240,"logLevels":{"sailpoint.connector":"DEBUG"}})
    );
    let now = Timestamp::parse("2026-11-29T10:00:00Z").unwrap();
    let until = PutLogConfiguration {
        window: LogWindow::Until(Timestamp::parse("2026-11-30T09:00:00Z").unwrap()),
        ..put.clone()
    };
    let sent: Value = serde_json::from_slice(until.request(&session()).body()).unwrap();
    assert_eq!(sent["expiration"], "2026-11-30T09:00:00.000Z");
    assert!(sent.get("durationMinutes").is_none());
    assert!(until.window.validate(now).is_ok());
    assert!(
        LogWindow::Until(Timestamp::parse("2026-11-30T10:00:01Z").unwrap())
            .validate(now)
            .is_err()
    );
    assert!(LogWindow::Minutes(4).validate(now).is_err());
    assert!(LogWindow::Minutes(1441).validate(now).is_err());
    assert!(PutLogConfiguration {
        window: LogWindow::Minutes(2000),
        ..put
    }
    .check()
    .is_err());
}

#[test]
fn manual_upgrade() {
    let m = ManualUpgrade {
        id: "2b838de9-db9b-abcf-e646-d4f274ad4238".into(),
    };
    let r = m.request(&session());
    assert_eq!(r.method(), http::Method::POST);
    assert_eq!(
        r.uri().path(),
        "/v2024/managed-clusters/2b838de9-db9b-abcf-e646-d4f274ad4238/manualUpgrade"
    );
    let up = m
        .parse(answer(
            200,
            r#"{"jobs":[{"uuid":"3a1d6b2c","cookbook":"va_upgrade","state":"PENDING","type":"VA_UPGRADE","targetId":"t1",
                "managedProcessConfiguration":{"charon":{"version":"1","path":"/x","description":"d","restartNeeded":false}}}]}"#,
        ))
        .unwrap();
    assert_eq!(up.jobs[0].state.as_deref(), Some("PENDING"));
}

#[test]
fn error_shapes_and_the_rate_limit() {
    let e = GetManagedCluster { id: "x".into() }
        .parse(answer(
            400,
            r#"{"detailCode":"400.1 Bad Request Content","trackingId":"e7eab60924f64aa284175b9fa3309599",
                "messages":[{"locale":"und","localeOrigin":"DEFAULT","text":"Der Name fehlt"},
                            {"locale":"en-US","localeOrigin":"DEFAULT","text":"The request was syntactically correct but its content is semantically invalid."}],
                "causes":[]}"#,
        ))
        .unwrap_err();
    assert_eq!(e.code, "400.1 Bad Request Content");
    assert!(e.message.starts_with("The request was syntactically"));
    assert_eq!(e.details["trackingId"], "e7eab60924f64aa284175b9fa3309599");

    let e = GetManagedCluster { id: "x".into() }
        .parse(answer(
            401,
            r#"{"error":"JWT validation failed: JWT is expired"}"#,
        ))
        .unwrap_err();
    assert_eq!(e.message, "JWT validation failed: JWT is expired");
    assert!(RENEW.matches(&e));

    let mut r = answer(429, r#"{"message":" Rate Limit Exceeded "}"#);
    r.headers_mut().insert("Retry-After", "10".parse().unwrap());
    let e = ListManagedClusters::default().parse(r).unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.message.as_str(), e.retry_after),
        ("too_many_requests", "Rate Limit Exceeded", Some(10))
    );
    assert!(e.is_retryable());
}

// ---- the console's forms ------------------------------------------------------------------

#[test]
fn list_filters_come_from_the_url() {
    let params = [
        ("status", "NORMAL"),
        ("type", ""),
        ("name", "EU \"VA\""),
        ("operational", "false"),
    ];
    let get = |k: &str| {
        params
            .iter()
            .find(|(p, _)| *p == k)
            .map(|(_, v)| v.to_string())
    };
    let filters = filters_from(get);
    assert_eq!(
        filters,
        vec![
            ClusterFilter::Status("NORMAL".into()),
            ClusterFilter::Name("EU \"VA\"".into()),
            ClusterFilter::Operational(false),
        ]
    );
    let r = ListManagedClusters {
        filters,
        count: true,
        ..Default::default()
    }
    .request(&session());
    let q = r.uri().query().unwrap().to_string();
    assert!(q.contains("count=true"), "{q}");
    assert!(q.contains("filters=status%20eq%20%22NORMAL%22%20and%20name%20eq%20%22EU%20%5C%22VA%5C%22%22%20and%20operational%20eq%20false"), "{q}");
}

#[test]
fn the_log_window_is_minutes_or_an_expiry_within_a_day() {
    let now = baton_core::Timestamp(
        chrono::NaiveDate::from_ymd_opt(2026, 11, 30)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap(),
    );
    assert_eq!(log_window("90", "", now).unwrap(), LogWindow::Minutes(90));
    let until = log_window("", "2026-12-01T11:30", now).unwrap();
    assert_eq!(
        until,
        LogWindow::Until(parse_date_time("2026-12-01T11:30").unwrap())
    );
    let e = log_window("", "2026-12-01T12:01", now).unwrap_err();
    assert_eq!(
        (e.target.as_str(), e.message.as_str()),
        (
            "expiration",
            "The expiration must be at most 24 hours ahead"
        )
    );
    assert_eq!(
        log_window("", "2026-11-30T11:00", now).unwrap_err().target,
        "expiration"
    );
    assert_eq!(
        log_window("2", "", now).unwrap_err().target,
        "durationMinutes"
    );
    assert_eq!(
        log_window("ten", "", now).unwrap_err().target,
        "durationMinutes"
    );
    assert_eq!(
        log_window("", "tomorrow", now).unwrap_err().target,
        "expiration"
    );
    assert!(log_window("", "", now).is_err());
    assert!(log_window("30", "2026-12-01T10:00", now)
        .unwrap_err()
        .message
        .contains("not both"));
}

#[test]
fn logger_levels_are_typed_one_per_line() {
    let levels = parse_levels("sailpoint.connector.AD=trace\n\n  com.example: WARN ").unwrap();
    assert_eq!(levels["sailpoint.connector.AD"], StandardLevel::Trace);
    assert_eq!(levels["com.example"], StandardLevel::Warn);
    assert_eq!(
        levels_text(&levels),
        "com.example=WARN\nsailpoint.connector.AD=TRACE"
    );
    let e = parse_levels("x=LOUD").unwrap_err();
    assert_eq!(e.target, "logLevels");
    assert!(e.message.contains("LOUD"));
    assert_eq!(
        parse_levels("no level here").unwrap_err().target,
        "logLevels"
    );
}
