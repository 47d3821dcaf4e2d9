//! The Imply Cloud Manager demo: clusters in several states that change over simulated time,
//! one update at a time (409 `StateConflict` while one is applied), a version history, servers
//! that follow the spec, bearer tokens that expire, and the manager's error bodies.

// Readers return the finished error answer; one per request, so its size does not matter.
#![allow(clippy::result_large_err)]

use chrono::{Duration, NaiveDateTime};
use serde_json::{json, Value};

use baton_core::endpoint::{Request, Response};
use baton_core::imply::{
    Cluster, ClusterSpec, ClusterState, ClusterStatus, DataConfiguration, DataTier, DeepStorage,
    DesiredState, Event, MasterConfiguration, NameValue, ObjectMeta, QueryConfiguration,
    UpdateState, API_PREFIX,
};
use baton_core::Timestamp;

use crate::cloud::{self, epoch, reply, Pending, TokenCheck};

/// The token the demo connection uses; it never expires. Others come from [`ImplyDemo::issue_token`].
pub const DEMO_TOKEN: &str = baton_core::connections::demo::IMPLY_TOKEN;
/// How long an issued token lives (Imply's default access-token lifespan).
pub const TOKEN_LIFE_SECONDS: i64 = 300;

/// How long the demo takes for each change.
const CREATE: i64 = 90;
const UPDATE: i64 = 60;
const START_STOP: i64 = 30;

#[derive(Clone, Debug)]
struct Record {
    cluster: Cluster,
    /// Every configuration version, oldest first.
    history: Vec<Cluster>,
    pending: Option<Pending<ClusterState>>,
}

/// The in-memory Imply Cloud account.
#[derive(Clone, Debug, Default)]
pub struct ImplyDemo {
    records: Vec<Record>,
    seq: u64,
}

fn error(status: u16, code: &str, message: &str) -> Response {
    reply(status, json!({"error": {"code": code, "message": message}}))
}

fn unauthorized(status: u16) -> Response {
    error(
        status,
        "Unauthorized",
        "Provided user does not have permissions to complete this request",
    )
}

fn not_found(id: &str) -> Response {
    error(404, "NotFound", &format!("Cluster [{id}] was not found"))
}

fn event(at: NaiveDateTime, kind: &str, message: &str) -> Event {
    Event {
        timestamp: Some(Timestamp(at)),
        kind: Some(kind.into()),
        message: Some(message.into()),
        ..Event::default()
    }
}

fn spec(
    version: &str,
    desired: DesiredState,
    masters: u32,
    queries: u32,
    data: u32,
) -> ClusterSpec {
    ClusterSpec {
        version: Some(version.into()),
        desired_state: Some(desired),
        aws_instance_role: Some("imply-cluster-role".into()),
        aws_key_pair: Some("ops-key".into()),
        aws_tags: vec![NameValue::new("team", "data-platform")],
        encrypt_volumes: Some(true),
        common_runtime_properties: vec![NameValue::new("druid.server.http.numThreads", "40")],
        master: Some(MasterConfiguration {
            replicas: Some(masters),
            instance_type: Some("m5.large".into()),
            ..Default::default()
        }),
        query: Some(QueryConfiguration {
            replicas: Some(queries),
            instance_type: Some("r5.xlarge".into()),
            ..Default::default()
        }),
        data: Some(DataConfiguration {
            tiers: vec![DataTier {
                name: Some("hot".into()),
                replicas: Some(data),
                instance_type: Some("i3.2xlarge".into()),
                disk_size_gb: Some(1900),
                ..Default::default()
            }],
            ..Default::default()
        }),
        deep_storage: Some(DeepStorage {
            kind: Some("s3".into()),
            path: Some("s3://acme-imply/segments".into()),
            ..Default::default()
        }),
        ..ClusterSpec::default()
    }
}

impl ImplyDemo {
    /// Five clusters: running (with three versions), applying a change, stopped, failed, and
    /// starting.
    pub fn demo() -> Self {
        let mut d = ImplyDemo::default();
        let day = |n: i64| epoch() + Duration::days(n);
        let mut add = |name: &str,
                       created: NaiveDateTime,
                       specs: Vec<ClusterSpec>,
                       state: ClusterState,
                       events: Vec<Event>,
                       pending: Option<(ClusterState, i64)>| {
            d.seq += 1;
            let uid = cloud::make_id(100 + d.seq, true);
            let mut history = Vec::new();
            for (i, s) in specs.iter().enumerate() {
                history.push(Cluster {
                    metadata: ObjectMeta {
                        name: name.into(),
                        uid: Some(uid.clone()),
                        creation_timestamp: Some(Timestamp(created)),
                        ..Default::default()
                    },
                    spec: s.clone(),
                    status: Some(ClusterStatus {
                        resource_version: Some(i as u64 + 1),
                        ..Default::default()
                    }),
                    ..Default::default()
                });
            }
            let mut cluster = history.last().cloned().unwrap_or_default();
            if let Some(status) = cluster.status.as_mut() {
                status.state = Some(state.clone());
                status.events = events;
                if state == ClusterState::Updating {
                    status.update_state = Some(UpdateState {
                        target_resource_version: status.resource_version,
                        phase: Some("Rolling data servers".into()),
                        progress: Some(40),
                        ..Default::default()
                    });
                }
            }
            d.records.push(Record {
                cluster,
                history,
                pending: pending.map(|(to, secs)| Pending::new(to, Duration::seconds(secs), None)),
            });
        };
        let v1 = spec("2024.09", DesiredState::Started, 3, 2, 4);
        let mut v2 = v1.clone();
        v2.data.as_mut().unwrap().tiers[0].replicas = Some(6);
        let mut v3 = v2.clone();
        v3.version = Some("2024.10".into());
        add(
            "Clickstream analytics",
            day(0),
            vec![v1, v2, v3],
            ClusterState::Running,
            vec![
                event(day(0), "Created", "Cluster created"),
                event(
                    day(20),
                    "Scaled",
                    "Data tier hot scaled from 4 to 6 servers",
                ),
                event(day(41), "Upgraded", "Upgraded to 2024.10"),
            ],
            None,
        );
        let a1 = spec("2024.10", DesiredState::Started, 3, 2, 6);
        let mut a2 = a1.clone();
        a2.query.as_mut().unwrap().replicas = Some(4);
        add(
            "Ad events",
            day(12),
            vec![a1, a2],
            ClusterState::Updating,
            vec![event(
                day(85),
                "UpdateStarted",
                "Scaling query servers from 2 to 4",
            )],
            Some((ClusterState::Running, 120)),
        );
        add(
            "Staging",
            day(30),
            vec![spec("2024.10", DesiredState::Stopped, 1, 1, 1)],
            ClusterState::Stopped,
            vec![event(day(60), "Stopped", "Stopped by ops@acme.example")],
            None,
        );
        add(
            "Fraud detection",
            day(50),
            vec![spec("2024.10", DesiredState::Started, 3, 2, 3)],
            ClusterState::Failed,
            vec![event(
                day(88),
                "Failed",
                "Data servers cannot reach deep storage s3://acme-fraud/segments (403 Access Denied)",
            )],
            None,
        );
        add(
            "Nightly reports",
            day(70),
            vec![spec("2024.09", DesiredState::Started, 1, 1, 2)],
            ClusterState::Starting,
            vec![event(day(89), "Starting", "Start requested")],
            Some((ClusterState::Running, 45)),
        );
        d
    }

    /// A bearer token that expires after Imply's default 5 minutes.
    pub fn issue_token(&self, now: NaiveDateTime) -> String {
        cloud::issue("imply", now, Duration::seconds(TOKEN_LIFE_SECONDS))
    }

    /// Brings every pending change up to `now`.
    fn tick(&mut self, now: NaiveDateTime) {
        for r in &mut self.records {
            let Some(p) = r.pending.as_mut() else {
                continue;
            };
            if let Some(to) = p.due(now) {
                r.pending = None;
                let status = r.cluster.status.get_or_insert_with(Default::default);
                status.update_state = None;
                let words = to.words().to_string();
                status.state = Some(to);
                status.events.push(event(now, "StateChanged", &words));
            }
        }
    }

    fn find(&self, id: &str) -> Option<usize> {
        self.records.iter().position(|r| r.cluster.id() == id)
    }

    /// Answers one request at `now`.
    pub fn handle(&mut self, req: &Request, now: NaiveDateTime) -> Response {
        let Some(segs) = cloud::segments(req, API_PREFIX) else {
            return error(404, "NotFound", "No such API path");
        };
        let token = cloud::bearer(req);
        if token.as_deref() != Some(DEMO_TOKEN) {
            match cloud::check("imply", token.as_deref(), now) {
                TokenCheck::Valid(_) => {}
                _ => return unauthorized(401),
            }
        }
        self.tick(now);
        let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
        let method = req.method().clone();
        match (method.as_str(), segs.as_slice()) {
            ("GET", ["clusters"]) => reply(
                200,
                serde_json::to_value(self.records.iter().map(|r| &r.cluster).collect::<Vec<_>>())
                    .unwrap_or_default(),
            ),
            ("POST", ["clusters"]) => self.create(req, now),
            ("GET", ["clusters", id]) => match self.find(id) {
                Some(i) => reply(200, to_value(&self.records[i].cluster)),
                None => not_found(id),
            },
            ("PUT", ["clusters", id]) => self.update(req, id, now),
            ("DELETE", ["clusters", id]) => self.delete(id),
            ("GET", ["clusters", id, "history", version]) => {
                let Some(i) = self.find(id) else {
                    return not_found(id);
                };
                let found = version.parse::<u64>().ok().and_then(|v| {
                    self.records[i]
                        .history
                        .iter()
                        .find(|c| c.status.as_ref().and_then(|s| s.resource_version) == Some(v))
                });
                match found {
                    Some(c) => reply(200, to_value(c)),
                    None => error(
                        404,
                        "NotFound",
                        &format!("Cluster [{id}] resource version [{version}] was not found"),
                    ),
                }
            }
            ("GET", ["clusters", id, "servers"]) => match self.find(id) {
                Some(i) => reply(200, servers(&self.records[i].cluster)),
                None => not_found(id),
            },
            _ => error(404, "NotFound", "No such API path"),
        }
    }

    fn create(&mut self, req: &Request, now: NaiveDateTime) -> Response {
        let (meta, spec) = match read_body(req) {
            Ok(v) => v,
            Err(r) => return r,
        };
        if self
            .records
            .iter()
            .any(|r| r.cluster.metadata.name == meta.name)
        {
            return error(
                409,
                "Conflict",
                &format!("A cluster named [{}] already exists", meta.name),
            );
        }
        self.seq += 1;
        let uid = cloud::make_id(100 + self.seq, true);
        let desired = spec.desired_state.clone().unwrap_or(DesiredState::Started);
        let mut cluster = Cluster {
            metadata: ObjectMeta {
                uid: Some(uid),
                creation_timestamp: Some(Timestamp(now)),
                ..meta
            },
            spec,
            status: Some(ClusterStatus {
                resource_version: Some(1),
                state: Some(ClusterState::Creating),
                events: vec![event(now, "Created", "Cluster creation requested")],
                ..Default::default()
            }),
            ..Default::default()
        };
        let history = vec![snapshot(&cluster)];
        let to = if desired == DesiredState::Stopped {
            ClusterState::Stopped
        } else {
            ClusterState::Running
        };
        cluster.spec.desired_state = Some(desired);
        self.records.push(Record {
            cluster: cluster.clone(),
            history,
            pending: Some(Pending::new(to, Duration::seconds(CREATE), Some(now))),
        });
        reply(201, to_value(&cluster))
    }

    fn update(&mut self, req: &Request, id: &str, now: NaiveDateTime) -> Response {
        let Some(i) = self.find(id) else {
            return not_found(id);
        };
        let (meta, spec) = match read_body(req) {
            Ok(v) => v,
            Err(r) => return r,
        };
        let r = &mut self.records[i];
        let state = r.cluster.state();
        let wanted = spec
            .desired_state
            .clone()
            .or_else(|| r.cluster.spec.desired_state.clone());
        let stopping = wanted == Some(DesiredState::Stopped)
            && r.cluster.spec.desired_state != Some(DesiredState::Stopped);
        let starting = wanted == Some(DesiredState::Started)
            && r.cluster.spec.desired_state == Some(DesiredState::Stopped);
        // One change at a time: a cluster that is applying one refuses the next.
        if r.pending.is_some() {
            let target = if stopping {
                "STOPPED"
            } else if starting {
                "STARTED"
            } else {
                "UPDATING"
            };
            return error(
                409,
                "StateConflict",
                &format!(
                    "Cluster [{id}] cannot transition from [{}] to [{target}]",
                    state.as_str()
                ),
            );
        }
        let version = r
            .cluster
            .status
            .as_ref()
            .and_then(|s| s.resource_version)
            .unwrap_or(0)
            + 1;
        let (next, to, secs, message) = if stopping {
            (
                ClusterState::Stopping,
                ClusterState::Stopped,
                START_STOP,
                "Stop requested",
            )
        } else if starting {
            (
                ClusterState::Starting,
                ClusterState::Running,
                START_STOP,
                "Start requested",
            )
        } else if state == ClusterState::Stopped {
            // A stopped cluster takes the new spec without rolling servers.
            (
                ClusterState::Stopped,
                ClusterState::Stopped,
                0,
                "Configuration changed",
            )
        } else {
            (
                ClusterState::Updating,
                ClusterState::Running,
                UPDATE,
                "Update requested",
            )
        };
        r.cluster.metadata.name = meta.name;
        r.cluster.spec = spec;
        r.cluster.spec.desired_state = wanted;
        let status = r.cluster.status.get_or_insert_with(Default::default);
        status.resource_version = Some(version);
        status.state = Some(next.clone());
        status.update_state = (next == ClusterState::Updating).then(|| UpdateState {
            target_resource_version: Some(version),
            phase: Some("Rolling servers".into()),
            progress: Some(0),
            started: Some(Timestamp(now)),
            ..Default::default()
        });
        status.events.push(event(now, "Changed", message));
        r.history.push(snapshot(&r.cluster));
        if secs > 0 {
            r.pending = Some(Pending::new(to, Duration::seconds(secs), Some(now)));
        }
        reply(200, to_value(&r.cluster))
    }

    fn delete(&mut self, id: &str) -> Response {
        let Some(i) = self.find(id) else {
            return not_found(id);
        };
        if self.records[i].pending.is_some() {
            return error(
                409,
                "StateConflict",
                &format!(
                    "Cluster [{id}] cannot transition from [{}] to [DELETED]",
                    self.records[i].cluster.state().as_str()
                ),
            );
        }
        self.records.remove(i);
        reply(204, Value::Null)
    }
}

fn to_value<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or_default()
}

/// The cluster as its history keeps it: configuration only.
fn snapshot(c: &Cluster) -> Cluster {
    let mut s = c.clone();
    if let Some(status) = s.status.as_mut() {
        status.events.clear();
        status.update_state = None;
        status.state = None;
    }
    s
}

/// `{metadata, spec}` with the checks the manager makes (the seed's two detail examples).
fn read_body(req: &Request) -> Result<(ObjectMeta, ClusterSpec), Response> {
    let body = cloud::json_body(req).map_err(|m| error(400, "BadArgument", &m))?;
    let mut details = Vec::new();
    let name = body["metadata"]["name"]
        .as_str()
        .unwrap_or("")
        .trim()
        .to_string();
    if name.is_empty() {
        details.push(json!({"code": "NullValue", "target": "metadata.name",
            "message": "Cluster name must not be null"}));
    }
    if let Some(path) = body["spec"]["deepStorage"]["path"].as_str() {
        if !path.starts_with("s3://") || path.len() <= 5 {
            details.push(
                json!({"code": "MalformedValue", "target": "spec.deepStorage.path",
                "message": "Path is not a valid s3 path"}),
            );
        }
    }
    if let Some(n) = body["spec"]["master"]["replicas"].as_i64() {
        if !(1..=5).contains(&n) {
            details.push(
                json!({"code": "OutOfRange", "target": "spec.master.replicas",
                "message": "Master replicas must be between 1 and 5"}),
            );
        }
    }
    let meta: Result<ObjectMeta, _> = serde_json::from_value(body["metadata"].clone());
    let spec: Result<ClusterSpec, _> = serde_json::from_value(body["spec"].clone());
    match (meta, spec, details.is_empty()) {
        (Ok(m), Ok(s), true) => Ok((m, s)),
        (m, s, _) => {
            if let Err(e) = m {
                details.push(json!({"code": "MalformedValue", "target": "metadata", "message": e.to_string()}));
            }
            if let Err(e) = s {
                details.push(
                    json!({"code": "MalformedValue", "target": "spec", "message": e.to_string()}),
                );
            }
            Err(reply(
                400,
                json!({"error": {"code": "BadArgument", "message": "Request contains invalid arguments",
                    "details": details}}),
            ))
        }
    }
}

/// The servers the spec asks for, in the state the cluster is in.
fn servers(c: &Cluster) -> Value {
    let state = match c.state() {
        ClusterState::Running | ClusterState::Updating => "running",
        ClusterState::Stopped => "stopped",
        ClusterState::Failed => "unhealthy",
        _ => "pending",
    };
    let mut out = Vec::new();
    let mut push = |kind: &str, n: u32, instance: Option<&String>| {
        for i in 0..n {
            let seq = out.len() as u8 + 10;
            out.push(json!({
                "id": format!("i-{}{kind}{i}", &c.id()[..8.min(c.id().len())]),
                "type": kind,
                "instanceType": instance,
                "state": state,
                "privateIp": format!("10.0.{}.{seq}", kind.len()),
                "launchTime": c.metadata.creation_timestamp,
            }));
        }
    };
    if let Some(m) = &c.spec.master {
        push("master", m.replicas.unwrap_or(0), m.instance_type.as_ref());
    }
    if let Some(q) = &c.spec.query {
        push("query", q.replicas.unwrap_or(0), q.instance_type.as_ref());
    }
    if let Some(d) = &c.spec.data {
        for t in &d.tiers {
            push("data", t.replicas.unwrap_or(0), t.instance_type.as_ref());
        }
    }
    Value::Array(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloud::testing::{at, call};
    use baton_core::cloud::{field_errors, Health};
    use baton_core::imply::clusters::*;
    use baton_core::imply::{is_state_conflict, Session};

    fn session() -> Session {
        Session::at("", DEMO_TOKEN)
    }

    fn run<E: baton_core::Endpoint<Session>>(
        d: &mut ImplyDemo,
        e: &E,
        now: NaiveDateTime,
    ) -> Result<E::Output, baton_core::ApiError> {
        call(&mut |r, t| d.handle(r, t), &session(), e, now)
    }

    fn by_name(d: &mut ImplyDemo, name: &str, now: NaiveDateTime) -> Cluster {
        run(d, &ListClusters, now)
            .unwrap()
            .into_iter()
            .find(|c| c.metadata.name == name)
            .unwrap()
    }

    #[test]
    fn lists_clusters_in_several_states() {
        let mut d = ImplyDemo::demo();
        let list = run(&mut d, &ListClusters, at(0)).unwrap();
        let healths: Vec<Health> = list.iter().map(|c| c.card().health).collect();
        for h in [
            Health::Running,
            Health::Busy,
            Health::Stopped,
            Health::Attention,
        ] {
            assert!(healths.contains(&h), "{h:?} missing: {healths:?}");
        }
        // Without a token, or with an expired one: the seed's 401.
        let e = call(
            &mut |r, t| d.handle(r, t),
            &Session::default(),
            &ListClusters,
            at(0),
        )
        .unwrap_err();
        assert_eq!((e.status, e.code.as_str()), (Some(401), "Unauthorized"));
        let token = d.issue_token(at(0));
        let s = Session::at("", token);
        assert!(call(&mut |r, t| d.handle(r, t), &s, &ListClusters, at(4)).is_ok());
        let e = call(&mut |r, t| d.handle(r, t), &s, &ListClusters, at(6)).unwrap_err();
        assert!(baton_core::imply::RENEW.matches(&e));
    }

    #[test]
    fn create_goes_through_creating_to_running() {
        let mut d = ImplyDemo::demo();
        let mut create = CreateCluster {
            metadata: ObjectMeta {
                name: "Fresh".into(),
                ..Default::default()
            },
            spec: spec("2024.10", DesiredState::Started, 1, 1, 1),
        };
        create.spec.deep_storage.as_mut().unwrap().path = Some("gs://wrong".into());
        let e = run(&mut d, &create, at(0)).unwrap_err();
        assert_eq!(e.code, "BadArgument");
        assert_eq!(field_errors(&e)[0].target, "spec.deepStorage.path");
        create.spec.deep_storage.as_mut().unwrap().path = Some("s3://fresh/segments".into());
        let c = run(&mut d, &create, at(0)).unwrap();
        assert_eq!(c.state(), ClusterState::Creating);
        let id = c.id().to_string();
        let get = GetCluster { id: id.clone() };
        assert_eq!(
            run(&mut d, &get, at(1)).unwrap().state(),
            ClusterState::Creating
        );
        assert_eq!(
            run(&mut d, &get, at(2)).unwrap().state(),
            ClusterState::Running
        );
    }

    #[test]
    fn a_change_while_updating_is_a_409_state_conflict() {
        let mut d = ImplyDemo::demo();
        let c = by_name(&mut d, "Ad events", at(0));
        assert_eq!(c.state(), ClusterState::Updating);
        let stop = UpdateCluster::desired_state(&c, DesiredState::Stopped);
        let e = run(&mut d, &stop, at(1)).unwrap_err();
        assert!(is_state_conflict(&e));
        assert_eq!(
            e.message,
            format!(
                "Cluster [{}] cannot transition from [UPDATING] to [STOPPED]",
                c.id()
            )
        );
        // Once the update is applied (2 minutes after first seen) the stop is accepted.
        let c = by_name(&mut d, "Ad events", at(3));
        assert_eq!(c.state(), ClusterState::Running);
        let stopped = run(
            &mut d,
            &UpdateCluster::desired_state(&c, DesiredState::Stopped),
            at(3),
        )
        .unwrap();
        assert_eq!(stopped.state(), ClusterState::Stopping);
    }

    #[test]
    fn stop_and_start_move_through_their_states() {
        let mut d = ImplyDemo::demo();
        assert_eq!(
            by_name(&mut d, "Nightly reports", at(0)).state(),
            ClusterState::Starting
        );
        let c = by_name(&mut d, "Clickstream analytics", at(0));
        let s = run(
            &mut d,
            &UpdateCluster::desired_state(&c, DesiredState::Stopped),
            at(0),
        )
        .unwrap();
        assert_eq!(s.state(), ClusterState::Stopping);
        let get = GetCluster { id: c.id().into() };
        let s = run(&mut d, &get, at(1)).unwrap();
        assert_eq!(s.state(), ClusterState::Stopped);
        let servers = run(&mut d, &ListServers { id: c.id().into() }, at(1)).unwrap();
        assert!(servers
            .iter()
            .all(|s| s.state.as_deref() == Some("stopped")));
        let s = run(
            &mut d,
            &UpdateCluster::desired_state(&s, DesiredState::Started),
            at(1),
        )
        .unwrap();
        assert_eq!(s.state(), ClusterState::Starting);
        assert_eq!(
            run(&mut d, &get, at(2)).unwrap().state(),
            ClusterState::Running
        );
        // A cluster starting in the demo data finished on its own (45 s after first seen).
        assert_eq!(
            by_name(&mut d, "Nightly reports", at(2)).state(),
            ClusterState::Running
        );
    }

    #[test]
    fn delete_then_404() {
        let mut d = ImplyDemo::demo();
        let c = by_name(&mut d, "Staging", at(0));
        // A cluster applying a change cannot be deleted.
        let busy = by_name(&mut d, "Ad events", at(0));
        assert!(is_state_conflict(
            &run(
                &mut d,
                &DeleteCluster {
                    id: busy.id().into()
                },
                at(0)
            )
            .unwrap_err()
        ));
        run(&mut d, &DeleteCluster { id: c.id().into() }, at(0)).unwrap();
        let e = run(&mut d, &GetCluster { id: c.id().into() }, at(0)).unwrap_err();
        assert_eq!((e.status, e.code.as_str()), (Some(404), "NotFound"));
    }

    #[test]
    fn every_change_is_a_new_version_in_history() {
        let mut d = ImplyDemo::demo();
        let c = by_name(&mut d, "Staging", at(0));
        assert_eq!(c.status.as_ref().unwrap().resource_version, Some(1));
        let mut spec = c.spec.clone();
        spec.master.as_mut().unwrap().replicas = Some(3);
        let changed = run(&mut d, &UpdateCluster::of(&c, spec), at(0)).unwrap();
        assert_eq!(changed.status.as_ref().unwrap().resource_version, Some(2));
        // Stopped: the change applies at once, the cluster stays stopped.
        assert_eq!(changed.state(), ClusterState::Stopped);
        let v1 = run(
            &mut d,
            &GetClusterVersion {
                id: c.id().into(),
                resource_version: 1,
            },
            at(0),
        )
        .unwrap();
        let v2 = run(
            &mut d,
            &GetClusterVersion {
                id: c.id().into(),
                resource_version: 2,
            },
            at(0),
        )
        .unwrap();
        let diff = spec_changes(&v1, &v2);
        assert_eq!(diff.len(), 1);
        assert_eq!(diff[0].path, "/master/replicas");
        let e = run(
            &mut d,
            &GetClusterVersion {
                id: c.id().into(),
                resource_version: 9,
            },
            at(0),
        )
        .unwrap_err();
        assert_eq!(
            e.message,
            format!("Cluster [{}] resource version [9] was not found", c.id())
        );
    }

    #[test]
    fn servers_follow_the_spec() {
        let mut d = ImplyDemo::demo();
        let c = by_name(&mut d, "Clickstream analytics", at(0));
        let servers = run(&mut d, &ListServers { id: c.id().into() }, at(0)).unwrap();
        let count = |k: &str| {
            servers
                .iter()
                .filter(|s| s.kind.as_deref() == Some(k))
                .count()
        };
        assert_eq!((count("master"), count("query"), count("data")), (3, 2, 6));
        assert!(servers
            .iter()
            .all(|s| s.state.as_deref() == Some("running")));
    }
}
