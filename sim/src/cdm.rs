//! The OTC CDM demo: IAM tokens in the `X-Subject-Token` header that expire after 24 h,
//! clusters in every documented state, answered in the documented shapes and quirks (status
//! codes as strings, `isFrozen` "0"/"1", `actions` a string or a list, `volume.size` a string),
//! and start, stop, restart, create and delete moving through their states over time.

use chrono::{Duration, NaiveDateTime};
use serde_json::{json, Value};

use baton_core::endpoint::{Request, Response};

use crate::cloud::{self, epoch, reply, reply_with, Pending, TokenCheck};

pub const DEMO_DOMAIN: &str = baton_core::connections::demo::CDM_DOMAIN;
pub const DEMO_USER: &str = baton_core::connections::demo::CDM_USER;
pub const DEMO_PASSWORD: &str = baton_core::connections::demo::CDM_PASSWORD;
pub const DEMO_PROJECT: &str = baton_core::connections::demo::CDM_PROJECT;

#[derive(Clone, Debug)]
struct Record {
    body: Value,
    pending: Option<Pending<&'static str>>,
}

/// The in-memory project.
#[derive(Clone, Debug)]
pub struct CdmDemo {
    clusters: Vec<Record>,
    pub token_life: Duration,
    seq: u64,
}

/// CDM's own error shape.
fn cdm_error(status: u16, code: &str, message: &str) -> Response {
    reply(status, json!({"errCode": code, "externalMessage": message}))
}

/// The platform's (API gateway, IAM) error shape.
fn gateway_error(status: u16, code: &str, message: &str) -> Response {
    reply(status, json!({"error_code": code, "error_msg": message}))
}

fn instance(cluster: u64, n: u64, status: &str, actions: Value, frozen: bool) -> Value {
    json!({
        "flavor": {"id": "fb8fe666-6734-4b11-bc6c-43d11db3c745", "links": [{"rel": "bookmark", "href": "https://cdm.eu-de.otc.t-systems.com/flavors/fb8fe666"}]},
        "volume": {"size": "100", "type": "LOCAL_DISK"},
        "name": format!("cdm-{cluster:03}-node{n}"),
        "id": cloud::make_id(cluster * 100 + n, true),
        "isFrozen": if frozen { "1" } else { "0" },
        "type": "cdm", "role": if n == 0 { "master" } else { "worker" }, "group": "cdm-group",
        "actions": actions, "config_status": "In-Sync", "status": status,
        "publicIp": if n == 0 { json!(format!("80.158.{cluster}.10")) } else { Value::Null },
        "manageIp": format!("192.168.{cluster}.{}", 10 + n), "trafficIp": format!("192.168.{cluster}.{}", 50 + n),
        "private_ip": format!("192.168.{cluster}.{}", 10 + n), "shard_id": "1",
        "paramsGroupId": "pg-cdm", "resource": [{"resource_id": cloud::make_id(cluster * 1000 + n, true), "resource_type": "server"}],
    })
}

#[allow(clippy::too_many_arguments)]
fn cluster(
    seq: u64,
    name: &str,
    status: &str,
    detail: &str,
    frozen: bool,
    nodes: u64,
    day: i64,
    version: &str,
) -> Value {
    let created = (epoch() + Duration::days(day))
        .format("%Y-%m-%dT%H:%M:%S")
        .to_string();
    let node_status = if status == "303" { "303" } else { status };
    json!({
        "id": cloud::make_id(700 + seq, true),
        "name": name,
        "status": status, "statusDetail": detail, "isFrozen": if frozen { "1" } else { "0" },
        "config_status": "In-Sync", "actions": [], "actionProgress": {},
        "created": created, "updated": created,
        "publicEndpoint": format!("80.158.{seq}.10"), "publicEndpointDomainName": format!("{name}.cdm.eu-de.otc.t-systems.com"),
        "endpointDomainName": format!("{name}.internal"), "eipId": cloud::make_id(800 + seq, true),
        "publicEndpointStatus": {"status": "ACTIVE", "errorMessage": ""},
        "security_group_id": "sg-cdm-demo", "subnet_id": "subnet-cdm-demo", "vpc_id": "vpc-cdm-demo",
        "azName": "eu-de-01", "flavorName": "cdm.large", "namespace": "cdm", "dbuser": "cdm",
        "clusterMode": "sharding", "isAutoOff": false, "isScheduleBootOff": seq == 3,
        "bakExpectedStartTime": "02:00", "bakKeepDay": 7, "recentEvent": seq as i64,
        "maintainWindow": {"day": "Sunday", "startTime": "02:00", "endTime": "06:00"},
        "customerConfig": {"failureRemind": "false", "clusterName": name, "serviceProvider": "OTC", "localDisk": "true",
            "ssl": "false", "createFrom": "console", "resourceId": "", "flavorType": "large", "workSpaceId": "", "trial": "false"},
        "datastore": {"type": "cdm", "version": version},
        "failedReasons": {},
        "links": [{"rel": "self", "href": format!("/v1.1/{DEMO_PROJECT}/clusters/{}", cloud::make_id(700 + seq, true))}],
        "task": {"description": "", "id": "", "name": ""},
        "instances": (0..nodes).map(|n| instance(seq, n, node_status, json!([]), frozen)).collect::<Vec<_>>(),
    })
}

impl CdmDemo {
    /// Clusters in the states an operator meets: normal, stopped, failed to create, frozen,
    /// being created, stopping.
    pub fn demo() -> Self {
        let mut failed = cluster(
            3,
            "cdm-migration-eu",
            "303",
            "Failed to create",
            false,
            1,
            80,
            "2.10.0.300",
        );
        failed["failedReasons"] = json!({"CREATE_FAILED": {"errorCode": "Cdm.0000", "errorMsg": "Insufficient ECS quota in eu-de-01"}});
        let mut creating = cluster(
            5,
            "cdm-onboarding",
            "100",
            "Creating",
            false,
            1,
            89,
            "2.10.0.300",
        );
        creating["actionProgress"] = json!({"CREATING": "45%"});
        // The seed's quirk: a bare string where a list is documented.
        let mut normal = cluster(1, "cdm-c018", "200", "Normal", false, 2, 5, "2.9.1.200");
        normal["instances"][1]["actions"] = json!("REBOOTING");
        let mut stopping = cluster(
            6,
            "cdm-weekend",
            "910",
            "Stopping",
            false,
            1,
            40,
            "2.9.1.200",
        );
        stopping["actions"] = json!("STOPPING");
        CdmDemo {
            clusters: vec![
                Record {
                    body: normal,
                    pending: None,
                },
                Record {
                    body: cluster(
                        2,
                        "cdm-reporting",
                        "900",
                        "Stopped",
                        false,
                        1,
                        20,
                        "2.9.1.200",
                    ),
                    pending: None,
                },
                Record {
                    body: failed,
                    pending: None,
                },
                Record {
                    body: cluster(4, "cdm-finance", "800", "Frozen", true, 1, 30, "2.9.1.200"),
                    pending: None,
                },
                Record {
                    body: creating,
                    pending: Some(Pending::new("200", Duration::seconds(90), None)),
                },
                Record {
                    body: stopping,
                    pending: Some(Pending::new("900", Duration::seconds(30), None)),
                },
            ],
            token_life: Duration::hours(24),
            seq: 10,
        }
    }

    fn tick(&mut self, now: NaiveDateTime) {
        for r in &mut self.clusters {
            if let Some(to) = r.pending.as_mut().and_then(|p| p.due(now)) {
                r.pending = None;
                set_state(&mut r.body, to, now);
            }
        }
    }

    fn find(&self, id: &str) -> Option<usize> {
        self.clusters.iter().position(|r| r.body["id"] == id)
    }

    /// Answers one request at `now`: IAM's `/v3/auth/tokens` and CDM's `/v1.1/{project}/…`.
    pub fn handle(&mut self, req: &Request, now: NaiveDateTime) -> Response {
        if req.uri().path().ends_with("/v3/auth/tokens") && req.method() == http::Method::POST {
            return self.iam(req, now);
        }
        let Some(segs) = cloud::segments(req, "/v1.1") else {
            return gateway_error(
                404,
                "APIGW.0101",
                "The API does not exist or has not been published in the environment",
            );
        };
        match cloud::check("cdm", cloud::header(req, "X-Auth-Token").as_deref(), now) {
            TokenCheck::Valid(_) => {}
            TokenCheck::Expired => {
                return gateway_error(401, "APIGW.0307", "The token has expired.")
            }
            TokenCheck::Invalid => {
                return gateway_error(
                    401,
                    "APIGW.0301",
                    "Incorrect IAM authentication information: verify aksk or token failed.",
                )
            }
        }
        let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
        let Some((project, rest)) = segs.split_first() else {
            return gateway_error(
                404,
                "APIGW.0101",
                "The API does not exist or has not been published in the environment",
            );
        };
        if *project != DEMO_PROJECT {
            return gateway_error(
                403,
                "APIGW.0302",
                "The IAM user is not authorized to access the API.",
            );
        }
        self.tick(now);
        match (req.method().as_str(), rest) {
            ("GET", ["clusters"]) => reply(
                200,
                json!({"clusters": self.clusters.iter().map(|r| list_item(&r.body)).collect::<Vec<_>>()}),
            ),
            ("POST", ["clusters"]) => self.create(req, now),
            ("GET", ["clusters", id]) => match self.find(id) {
                Some(i) => reply(200, self.clusters[i].body.clone()),
                None => missing(id),
            },
            ("DELETE", ["clusters", id]) => {
                let Some(i) = self.find(id) else {
                    return missing(id);
                };
                if cloud::json_body(req)
                    .ok()
                    .and_then(|b| b.get("keep_last_manual_backup").cloned())
                    .is_none()
                {
                    return cdm_error(
                        400,
                        "Cdm.0014",
                        "Invalid parameter: keep_last_manual_backup is required.",
                    );
                }
                self.clusters.remove(i);
                self.seq += 1;
                reply(202, json!({"jobId": cloud::make_id(self.seq, false)}))
            }
            ("POST", ["clusters", id, "action"]) => self.action(req, id, now),
            _ => gateway_error(
                404,
                "APIGW.0101",
                "The API does not exist or has not been published in the environment",
            ),
        }
    }

    fn iam(&mut self, req: &Request, now: NaiveDateTime) -> Response {
        let b = cloud::json_body(req).unwrap_or_default();
        let user = &b["auth"]["identity"]["password"]["user"];
        let ok = user["name"] == DEMO_USER
            && user["password"] == DEMO_PASSWORD
            && user["domain"]["name"] == DEMO_DOMAIN
            && b["auth"]["scope"]["project"]["id"] == DEMO_PROJECT;
        if !ok {
            return reply(
                401,
                json!({"error": {"code": 401, "message": "The username or password is wrong.", "title": "Unauthorized"}}),
            );
        }
        let token = cloud::issue("cdm", now, self.token_life);
        reply_with(
            201,
            json!({"token": {"expires_at": cloud::wire(now + self.token_life), "issued_at": cloud::wire(now),
                "methods": ["password"], "project": {"id": DEMO_PROJECT, "name": "eu-de_demo"}}}),
            &[("X-Subject-Token", token)],
        )
    }

    fn create(&mut self, req: &Request, now: NaiveDateTime) -> Response {
        if cloud::header(req, "X-Language").is_none() {
            return cdm_error(
                400,
                "Cdm.0014",
                "Invalid parameter: the X-Language header is mandatory.",
            );
        }
        let Ok(b) = cloud::json_body(req) else {
            return cdm_error(
                400,
                "Cdm.0004",
                "Invalid parameter type: the body is not JSON.",
            );
        };
        let c = &b["cluster"];
        let name = c["name"].as_str().unwrap_or("").trim();
        if name.is_empty() || c["instances"].as_array().is_none_or(|i| i.is_empty()) {
            return cdm_error(
                400,
                "Cdm.0014",
                "Invalid parameter: cluster.name and cluster.instances are required.",
            );
        }
        if c["isAutoOff"] == true && c["isScheduleBootOff"] == true {
            return cdm_error(400, "Cdm.0014", "Invalid parameter: auto shutdown and scheduled startup/shutdown cannot both be enabled.");
        }
        if self.clusters.iter().any(|r| r.body["name"] == name) {
            return cdm_error(
                400,
                "Cdm.0014",
                &format!("Invalid parameter: a cluster named {name} exists."),
            );
        }
        self.seq += 1;
        let version = c["datastore"]["version"].as_str().unwrap_or("2.10.0.300");
        let mut body = cluster(
            self.seq,
            name,
            "100",
            "Creating",
            false,
            c["instances"].as_array().map_or(1, |i| i.len() as u64),
            0,
            version,
        );
        let created = now.format("%Y-%m-%dT%H:%M:%S").to_string();
        body["created"] = created.clone().into();
        body["updated"] = created.into();
        body["actionProgress"] = json!({"CREATING": "0%"});
        body["task"] = json!({"description": "", "id": cloud::make_id(self.seq + 50, false), "name": "createCluster"});
        self.clusters.push(Record {
            body: body.clone(),
            pending: Some(Pending::new("200", Duration::seconds(90), Some(now))),
        });
        reply(
            202,
            json!({"id": body["id"], "name": name, "task": body["task"], "datastore": body["datastore"],
            "instances": body["instances"].as_array().map(|i| i.iter().map(|n| json!({"id": n["id"], "name": n["name"], "type": "cdm", "shard_id": "1"})).collect::<Vec<_>>())}),
        )
    }

    fn action(&mut self, req: &Request, id: &str, now: NaiveDateTime) -> Response {
        let Some(i) = self.find(id) else {
            return missing(id);
        };
        let Ok(b) = cloud::json_body(req) else {
            return cdm_error(
                400,
                "Cdm.0004",
                "Invalid parameter type: the body is not JSON.",
            );
        };
        let state = self.clusters[i].body["status"]
            .as_str()
            .unwrap_or("")
            .to_string();
        let frozen = self.clusters[i].body["isFrozen"] == "1";
        // Assumed: the docs do not say which action each state refuses, nor with which code.
        let refuse = |verb: &str| {
            cdm_error(
                400,
                "Cdm.0014",
                &format!("Invalid parameter: the cluster cannot {verb} in status {state}."),
            )
        };
        self.seq += 1;
        let job = cloud::make_id(self.seq, false);
        let (from_ok, via, to, secs, verb, list) = if b.get("start").is_some() {
            (state == "900", "920", "200", 30, "start", true)
        } else if let Some(stop) = b.get("stop") {
            let mode = stop["stopMode"].as_str().unwrap_or("IMMEDIATELY");
            if !matches!(mode, "IMMEDIATELY" | "GRACEFULLY") {
                return cdm_error(
                    400,
                    "Cdm.0014",
                    "Invalid parameter: stopMode is IMMEDIATELY or GRACEFULLY.",
                );
            }
            let delay = if mode == "GRACEFULLY" {
                stop["delayTime"].as_i64().unwrap_or(0).max(0)
            } else {
                0
            };
            (state == "200", "910", "900", 30 + delay, "stop", true)
        } else if let Some(r) = b.get("restart") {
            if r["restartLevel"] == "SERVICE" && (r["instance"] != "" || r["group"] != "") {
                return cdm_error(
                    400,
                    "Cdm.0014",
                    "Invalid parameter: a SERVICE restart takes empty instance and group.",
                );
            }
            (state == "200", "500", "200", 45, "restart", false)
        } else {
            return cdm_error(
                400,
                "Cdm.0014",
                "Invalid parameter: the action is start, stop or restart.",
            );
        };
        if !from_ok || frozen || self.clusters[i].pending.is_some() {
            return refuse(verb);
        }
        let r = &mut self.clusters[i];
        set_state(&mut r.body, via, now);
        r.pending = Some(Pending::new(to, Duration::seconds(secs), Some(now)));
        if list {
            reply(200, json!({"jobId": [job]}))
        } else {
            reply(200, json!({"jobId": job}))
        }
    }
}

fn missing(id: &str) -> Response {
    cdm_error(
        404,
        "Cdm.0001",
        &format!("The cluster {id} does not exist or is invalid."),
    )
}

/// What the list shows of a cluster (`config_status` is null on its nodes).
fn list_item(body: &Value) -> Value {
    let mut v = body.clone();
    if let Some(nodes) = v["instances"].as_array_mut() {
        for n in nodes {
            n["config_status"] = Value::Null;
        }
    }
    v
}

fn set_state(body: &mut Value, code: &str, now: NaiveDateTime) {
    let (detail, actions, node_actions) = match code {
        "200" => ("Normal", json!([]), json!([])),
        "500" => ("Restarting", json!("REBOOTING"), json!(["REBOOTING"])),
        "900" => ("Stopped", json!([]), json!([])),
        "910" => ("Stopping", json!("STOPPING"), json!([])),
        "920" => ("Starting", json!("STARTING"), json!([])),
        _ => ("", json!([]), json!([])),
    };
    body["status"] = code.into();
    body["statusDetail"] = detail.into();
    body["actions"] = actions;
    body["updated"] = now.format("%Y-%m-%dT%H:%M:%S").to_string().into();
    if code == "200" {
        body["actionProgress"] = json!({});
    }
    if let Some(nodes) = body["instances"].as_array_mut() {
        for n in nodes {
            n["status"] = code.into();
            n["actions"] = node_actions.clone();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloud::testing::{at, call};
    use baton_core::cdm::*;
    use baton_core::cloud::Health;
    use baton_core::Endpoint;

    fn sign_in(d: &mut CdmDemo, now: NaiveDateTime) -> Session {
        let g = call(
            &mut |r, t| d.handle(r, t),
            &IamSession::default(),
            &IamToken {
                domain: DEMO_DOMAIN.into(),
                user: DEMO_USER.into(),
                password: DEMO_PASSWORD.into(),
                project_id: DEMO_PROJECT.into(),
            },
            now,
        )
        .unwrap();
        Session {
            origin: String::new(),
            project_id: DEMO_PROJECT.into(),
            token: Some(g.token),
        }
    }

    fn run<E: Endpoint<Session>>(
        d: &mut CdmDemo,
        s: &Session,
        e: &E,
        now: NaiveDateTime,
    ) -> Result<E::Output, baton_core::ApiError> {
        call(&mut |r, t| d.handle(r, t), s, e, now)
    }

    fn named(d: &mut CdmDemo, s: &Session, name: &str, now: NaiveDateTime) -> Cluster {
        run(d, s, &ListClusters, now)
            .unwrap()
            .clusters
            .into_iter()
            .find(|c| c.name == name)
            .unwrap()
    }

    #[test]
    fn iam_token_in_the_header_and_expiry() {
        let mut d = CdmDemo::demo();
        let e = call(
            &mut |r, t| d.handle(r, t),
            &IamSession::default(),
            &IamToken {
                domain: DEMO_DOMAIN.into(),
                user: DEMO_USER.into(),
                password: "x".into(),
                project_id: DEMO_PROJECT.into(),
            },
            at(0),
        )
        .unwrap_err();
        assert_eq!(e.status, Some(401));
        assert_eq!(e.message, "The username or password is wrong.");
        let s = sign_in(&mut d, at(0));
        assert!(run(&mut d, &s, &ListClusters, at(60 * 23)).is_ok());
        let e = run(&mut d, &s, &ListClusters, at(60 * 24)).unwrap_err();
        assert_eq!((e.status, e.code.as_str()), (Some(401), "APIGW.0307"));
        assert!(RENEW.matches(&e));
        // Another project: refused.
        let other = Session {
            project_id: "someone-else".into(),
            ..s
        };
        assert_eq!(
            run(&mut d, &other, &ListClusters, at(0))
                .unwrap_err()
                .status,
            Some(403)
        );
    }

    #[test]
    fn demo_clusters_cover_the_states() {
        let mut d = CdmDemo::demo();
        let s = sign_in(&mut d, at(0));
        let list = run(&mut d, &s, &ListClusters, at(0)).unwrap().clusters;
        let states: Vec<ClusterState> = list.iter().map(Cluster::state).collect();
        for st in [
            ClusterState::Normal,
            ClusterState::Stopped,
            ClusterState::CreateFailed,
            ClusterState::Frozen,
            ClusterState::Creating,
            ClusterState::Stopping,
        ] {
            assert!(states.contains(&st), "{st:?}");
        }
        let failed = list
            .iter()
            .find(|c| c.state() == ClusterState::CreateFailed)
            .unwrap();
        assert_eq!(failed.card().health, Health::Attention);
        assert!(failed.card().last_event.unwrap().contains("ECS quota"));
        let normal = run(
            &mut d,
            &s,
            &GetCluster {
                id: list[0].id.clone(),
            },
            at(0),
        )
        .unwrap();
        assert_eq!(normal.instances[1].actions, ["REBOOTING"]);
        assert_eq!(normal.instances[0].volume.as_ref().unwrap().size, Some(100));
        assert_eq!(
            normal.instances[0].config_status.as_deref(),
            Some("In-Sync")
        );
        // The raw answer keeps the documented quirks.
        let raw = d.handle(
            &GetCluster {
                id: list[0].id.clone(),
            }
            .request(&s),
            at(0),
        );
        let v: Value = serde_json::from_slice(raw.body()).unwrap();
        assert_eq!(
            (v["status"].clone(), v["isFrozen"].clone()),
            (json!("200"), json!("0"))
        );
        let e = run(&mut d, &s, &GetCluster { id: "nope".into() }, at(0)).unwrap_err();
        assert_eq!((e.status, e.code.as_str()), (Some(404), "Cdm.0001"));
        // Stopping finishes on its own.
        assert_eq!(
            named(&mut d, &s, "cdm-weekend", at(1)).state(),
            ClusterState::Stopped
        );
    }

    #[test]
    fn create_then_running_after_a_while() {
        let mut d = CdmDemo::demo();
        let s = sign_in(&mut d, at(0));
        let create = CreateCluster {
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
                    version: Some("2.10.0.300".into()),
                },
                ..Default::default()
            },
            auto_remind: None,
            email: None,
        };
        let created = run(&mut d, &s, &create, at(0)).unwrap();
        let get = GetCluster {
            id: created.id.clone(),
        };
        let c = run(&mut d, &s, &get, at(1)).unwrap();
        assert_eq!(c.state(), ClusterState::Creating);
        assert_eq!(c.action_progress["CREATING"], "0%");
        assert_eq!(
            run(&mut d, &s, &get, at(2)).unwrap().state(),
            ClusterState::Normal
        );
        assert_eq!(
            run(&mut d, &s, &create, at(2)).unwrap_err().code,
            "Cdm.0014"
        );
    }

    #[test]
    fn delete_answers_a_job_and_removes() {
        let mut d = CdmDemo::demo();
        let s = sign_in(&mut d, at(0));
        let c = named(&mut d, &s, "cdm-reporting", at(0));
        let job = run(
            &mut d,
            &s,
            &DeleteCluster {
                id: c.id.clone(),
                keep_last_manual_backup: 0,
            },
            at(0),
        )
        .unwrap();
        assert_eq!(job.job_ids.len(), 1);
        assert_eq!(
            run(&mut d, &s, &GetCluster { id: c.id }, at(0))
                .unwrap_err()
                .code,
            "Cdm.0001"
        );
    }

    #[test]
    fn stop_then_start_over_time() {
        let mut d = CdmDemo::demo();
        let s = sign_in(&mut d, at(0));
        let c = named(&mut d, &s, "cdm-c018", at(0));
        let job = run(
            &mut d,
            &s,
            &StopCluster {
                id: c.id.clone(),
                mode: StopMode::Gracefully { delay_seconds: 60 },
            },
            at(0),
        )
        .unwrap();
        assert_eq!(job.job_ids.len(), 1);
        let get = GetCluster { id: c.id.clone() };
        assert_eq!(
            run(&mut d, &s, &get, at(1)).unwrap().state(),
            ClusterState::Stopping
        );
        assert_eq!(
            run(&mut d, &s, &get, at(2)).unwrap().state(),
            ClusterState::Stopped
        );
        run(&mut d, &s, &StartCluster { id: c.id.clone() }, at(2)).unwrap();
        assert_eq!(
            run(&mut d, &s, &get, at(2)).unwrap().state(),
            ClusterState::Starting
        );
        let up = run(&mut d, &s, &get, at(3)).unwrap();
        assert_eq!(
            (up.state(), up.card().health),
            (ClusterState::Normal, Health::Running)
        );
    }

    #[test]
    fn restart_goes_through_500() {
        let mut d = CdmDemo::demo();
        let s = sign_in(&mut d, at(0));
        let c = named(&mut d, &s, "cdm-c018", at(0));
        let job = run(&mut d, &s, &RestartCluster::service(&c.id), at(0)).unwrap();
        assert_eq!(job.job_ids.len(), 1);
        let during = run(&mut d, &s, &GetCluster { id: c.id.clone() }, at(0)).unwrap();
        assert_eq!(during.state(), ClusterState::Restarting);
        assert_eq!(during.actions, ["REBOOTING"]);
        assert_eq!(during.instances[0].actions, ["REBOOTING"]);
        assert_eq!(
            run(&mut d, &s, &GetCluster { id: c.id }, at(1))
                .unwrap()
                .state(),
            ClusterState::Normal
        );
    }

    #[test]
    fn an_action_the_state_forbids_is_refused() {
        let mut d = CdmDemo::demo();
        let s = sign_in(&mut d, at(0));
        let stopped = named(&mut d, &s, "cdm-reporting", at(0));
        let e = run(
            &mut d,
            &s,
            &StopCluster {
                id: stopped.id.clone(),
                mode: StopMode::Immediately,
            },
            at(0),
        )
        .unwrap_err();
        assert_eq!((e.status, e.code.as_str()), (Some(400), "Cdm.0014"));
        assert!(e.message.contains("status 900"));
        let frozen = named(&mut d, &s, "cdm-finance", at(0));
        assert!(run(&mut d, &s, &RestartCluster::service(&frozen.id), at(0)).is_err());
        let normal = named(&mut d, &s, "cdm-c018", at(0));
        assert!(run(&mut d, &s, &StartCluster { id: normal.id }, at(0)).is_err());
    }
}
