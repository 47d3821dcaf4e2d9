//! The SailPoint Managed Clusters demo: client-credentials tokens that expire, the rate limit
//! (100 calls per token per 10 s, then 429 with `Retry-After`), paging with `X-Total-Count`,
//! `eq` filters, JSON Patch updates applied atomically, deletes guarded by clients, log
//! configuration windows and manual upgrades.

use chrono::{Duration, NaiveDateTime};
use serde_json::{json, Value};

use baton_core::endpoint::{Request, Response};
use baton_core::query::Query;
use baton_core::sailpoint::patch::{apply, PatchOp};
use baton_core::sailpoint::API_PREFIX;

use crate::cloud::{self, epoch, reply, reply_with, Pending, TokenCheck};

pub const DEMO_CLIENT_ID: &str = baton_core::connections::demo::SAILPOINT_CLIENT_ID;
pub const DEMO_CLIENT_SECRET: &str = baton_core::connections::demo::SAILPOINT_CLIENT_SECRET;
/// Calls per token per window.
pub const RATE_LIMIT: u32 = 100;
const WINDOW: i64 = 10;

#[derive(Clone, Debug)]
struct Record {
    body: Value,
    pending: Option<Pending<&'static str>>,
}

/// The in-memory tenant.
#[derive(Clone, Debug)]
pub struct SailPointDemo {
    clusters: Vec<Record>,
    /// Seconds a token lives (749 like the docs' example).
    pub token_life: Duration,
    /// Per token: the window's start and the calls in it.
    windows: Vec<(String, NaiveDateTime, u32)>,
    seq: u64,
}

/// `ErrorResponseDto`.
fn error(status: u16, detail: &str, text: &str) -> Response {
    reply(
        status,
        json!({"detailCode": detail, "trackingId": cloud::make_id(u64::from(status), false),
            "messages": [{"locale": "en-US", "localeOrigin": "DEFAULT", "text": text}], "causes": []}),
    )
}

fn not_found(id: &str) -> Response {
    error(
        404,
        "404 Not found",
        &format!("The managed cluster {id} was not found."),
    )
}

fn cluster(
    seq: u64,
    name: &str,
    kind: &str,
    status: &str,
    clients: &[&str],
    alert: Option<&str>,
    day: i64,
) -> Value {
    let created = cloud::wire(epoch() + Duration::days(day));
    json!({
        "id": cloud::make_id(500 + seq, false),
        "name": name, "pod": "megapod-useast1", "org": "acme", "type": kind,
        "configuration": {"clusterExternalId": format!("ext-{seq}"), "ccgVersion": "77.0.0", "debug": null},
        "keyPair": {"publicKey": null, "publicKeyThumbprint": null, "publicKeyCertificate": null},
        "attributes": {"queue": {"name": format!("megapod-useast1-{seq}"), "region": "us-east-1"}, "keystore": null},
        "description": format!("{name} virtual appliances"),
        "redis": {"redisHost": "megapod-useast1-shared-redis.cloud.sailpoint.com", "redisPort": 6379},
        "clientType": "CCG", "ccgVersion": "v01", "pinnedConfig": false, "logConfiguration": null,
        "operational": status == "NORMAL" || status == "WARNING",
        "status": status, "publicKeyCertificate": null, "publicKeyThumbprint": null, "publicKey": null,
        "encryptionConfiguration": {"format": "V3"}, "alertKey": alert,
        "clientIds": clients, "serviceCount": clients.len() * 3, "ccId": format!("{}", 1500 + seq),
        "createdAt": created, "updatedAt": created, "lastReleaseNotifiedAt": null,
        "updatePreferences": {"processGroups": null, "updateState": "AUTO", "notificationEmail": "ops@acme.example"},
        "currentInstalledReleaseVersion": if status == "CONFIGURING" { Value::Null } else { json!("11.0.1") },
        "updatePackage": null, "isOutOfDateNotifiedAt": null,
        "consolidatedHealthIndicatorsStatus": match status { "WARNING" => "WARNING", "FAILED" => "ERROR", _ => "NORMAL" },
    })
}

impl SailPointDemo {
    /// Six clusters: normal (with clients), warning, failed, configuring, without clients.
    pub fn demo() -> Self {
        let rec = |body, pending| Record { body, pending };
        SailPointDemo {
            clusters: vec![
                rec(
                    cluster(
                        1,
                        "Production VA cluster",
                        "idn",
                        "NORMAL",
                        &["va-1001", "va-1002"],
                        None,
                        0,
                    ),
                    None,
                ),
                rec(
                    cluster(2, "EU VA cluster", "idn", "NORMAL", &["va-2001"], None, 14),
                    None,
                ),
                rec(
                    cluster(
                        3,
                        "AI insights",
                        "iai",
                        "WARNING",
                        &["va-3001"],
                        Some("LIMITED_RESOURCES"),
                        30,
                    ),
                    None,
                ),
                rec(
                    cluster(
                        4,
                        "Legacy connectors",
                        "spConnectCluster",
                        "FAILED",
                        &["va-4001"],
                        Some("CLIENT_DISCONNECTED"),
                        45,
                    ),
                    None,
                ),
                rec(
                    cluster(5, "Staging VA cluster", "idn", "CONFIGURING", &[], None, 88),
                    Some(Pending::new("NO_CLIENTS", Duration::seconds(60), None)),
                ),
                rec(
                    cluster(6, "DR standby", "standard", "NO_CLIENTS", &[], None, 60),
                    None,
                ),
            ],
            token_life: Duration::seconds(749),
            windows: Vec::new(),
            seq: 10,
        }
    }

    fn tick(&mut self, now: NaiveDateTime) {
        for r in &mut self.clusters {
            if let Some(to) = r.pending.as_mut().and_then(|p| p.due(now)) {
                r.pending = None;
                r.body["status"] = to.into();
                r.body["updatedAt"] = cloud::wire(now).into();
            }
        }
    }

    /// Counts a call against its token's window; `Some(seconds)` when over the limit.
    fn rate_limited(&mut self, token: &str, now: NaiveDateTime) -> Option<i64> {
        let w = match self.windows.iter_mut().find(|w| w.0 == token) {
            Some(w) => w,
            None => {
                self.windows.push((token.to_string(), now, 0));
                self.windows.last_mut()?
            }
        };
        if now >= w.1 + Duration::seconds(WINDOW) {
            w.1 = now;
            w.2 = 0;
        }
        w.2 += 1;
        (w.2 > RATE_LIMIT).then(|| {
            ((w.1 + Duration::seconds(WINDOW)) - now)
                .num_seconds()
                .max(1)
        })
    }

    fn find(&self, id: &str) -> Option<usize> {
        self.clusters.iter().position(|r| r.body["id"] == id)
    }

    /// Answers one request at `now`.
    pub fn handle(&mut self, req: &Request, now: NaiveDateTime) -> Response {
        let path = req.uri().path();
        if path.ends_with("/oauth/token") && req.method() == http::Method::POST {
            return self.token(req, now);
        }
        if path.ends_with("/oauth/info") {
            return reply(
                200,
                json!({"tenantName": "acme", "authorizeEndpoint": "https://acme.login.sailpoint.com/oauth/authorize",
                "tokenEndpoint": "https://acme.api.identitynow.com/oauth/token"}),
            );
        }
        let Some(segs) = cloud::segments(req, API_PREFIX) else {
            return error(404, "404 Not found", "No such API path");
        };
        let token = cloud::bearer(req).unwrap_or_default();
        match cloud::check("sailpoint", Some(&token), now) {
            TokenCheck::Valid(_) => {}
            TokenCheck::Expired => {
                return reply(
                    401,
                    json!({"error": "JWT validation failed: JWT is expired"}),
                )
            }
            TokenCheck::Invalid => {
                return reply(
                    401,
                    json!({"error": "JWT validation failed: JWT is invalid"}),
                )
            }
        }
        if let Some(wait) = self.rate_limited(&token, now) {
            return reply_with(
                429,
                json!({"message": " Rate Limit Exceeded "}),
                &[("Retry-After", wait.to_string())],
            );
        }
        self.tick(now);
        let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
        let q = cloud::query(req);
        match (req.method().as_str(), segs.as_slice()) {
            ("GET", ["managed-clusters"]) => self.list(&q),
            ("POST", ["managed-clusters"]) => self.create(req, now),
            ("GET", ["managed-clusters", id]) => match self.find(id) {
                Some(i) => reply(200, self.clusters[i].body.clone()),
                None => not_found(id),
            },
            ("PATCH", ["managed-clusters", id]) => self.patch(req, id, now),
            ("DELETE", ["managed-clusters", id]) => {
                let Some(i) = self.find(id) else {
                    return not_found(id);
                };
                let has_clients = self.clusters[i].body["clientIds"]
                    .as_array()
                    .is_some_and(|c| !c.is_empty());
                // Assumed: a cluster with clients is only deleted with removeClients=true.
                if has_clients && q.get("removeClients") != Some("true") {
                    return error(400, "400.1 Bad Request Content",
                        "The managed cluster has clients; delete it with removeClients=true to remove them too.");
                }
                self.clusters.remove(i);
                reply(204, Value::Null)
            }
            ("GET", ["managed-clusters", id, "log-config"]) => match self.find(id) {
                Some(i) => match &self.clusters[i].body["logConfiguration"] {
                    Value::Null => reply(204, Value::Null),
                    cfg => reply(200, cfg.clone()),
                },
                None => not_found(id),
            },
            ("PUT", ["managed-clusters", id, "log-config"]) => self.put_log(req, id, now),
            ("POST", ["managed-clusters", id, "manualUpgrade"]) => {
                let Some(i) = self.find(id) else {
                    return not_found(id);
                };
                let jobs: Vec<Value> = self.clusters[i].body["clientIds"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
                    .iter()
                    .enumerate()
                    .map(|(n, client)| json!({"uuid": cloud::make_id(900 + n as u64, true), "cookbook": "va_upgrade",
                        "state": "PENDING", "type": "VA_UPGRADE", "targetId": client,
                        "managedProcessConfiguration": {"charon": {"version": "11.0.2", "path": "/opt/sailpoint/charon",
                            "description": "Charon", "restartNeeded": true}}}))
                    .collect();
                reply(200, json!({"jobs": jobs}))
            }
            _ => error(404, "404 Not found", "No such API path"),
        }
    }

    fn token(&mut self, req: &Request, now: NaiveDateTime) -> Response {
        let form = Query::decode(std::str::from_utf8(req.body()).unwrap_or(""));
        let q = if form.is_empty() {
            cloud::query(req)
        } else {
            form
        };
        if q.get("grant_type") != Some("client_credentials") {
            return reply(
                400,
                json!({"error": "unsupported_grant_type", "error_description": "Only client_credentials is supported here"}),
            );
        }
        if (q.get("client_id"), q.get("client_secret"))
            != (Some(DEMO_CLIENT_ID), Some(DEMO_CLIENT_SECRET))
        {
            return reply(
                401,
                json!({"error": "invalid_client", "error_description": "Bad client credentials"}),
            );
        }
        reply(
            200,
            json!({"access_token": cloud::issue("sailpoint", now, self.token_life), "token_type": "bearer",
            "expires_in": self.token_life.num_seconds(), "scope": "sp:scopes:all", "tenant_id": "acme-tenant",
            "pod": "megapod-useast1", "org": "acme"}),
        )
    }

    fn list(&self, q: &Query) -> Response {
        let limit = match q.get("limit").map(str::parse::<usize>) {
            None => 250,
            Some(Ok(l)) if l <= 250 => l,
            _ => {
                return error(
                    400,
                    "400.1 Bad Request Content",
                    "limit must be between 0 and 250",
                )
            }
        };
        let Ok(offset) = q.get("offset").unwrap_or("0").parse::<usize>() else {
            return error(400, "400.1 Bad Request Content", "offset must be a number");
        };
        let conditions = match q.get("filters").map(parse_filters).transpose() {
            Ok(c) => c.unwrap_or_default(),
            Err(m) => return error(400, "400.1 Bad Request Content", &m),
        };
        let matching: Vec<&Value> = self
            .clusters
            .iter()
            .map(|r| &r.body)
            .filter(|c| {
                conditions.iter().all(|(field, value)| {
                    let have = &c[field.as_str()];
                    match have {
                        Value::String(s) => s.eq_ignore_ascii_case(value),
                        Value::Bool(b) => b.to_string() == value.to_ascii_lowercase(),
                        _ => false,
                    }
                })
            })
            .collect();
        let total = matching.len();
        let page: Vec<Value> = matching
            .into_iter()
            .skip(offset)
            .take(limit)
            .cloned()
            .collect();
        let headers: Vec<(&str, String)> = if q.get("count") == Some("true") {
            vec![("X-Total-Count", total.to_string())]
        } else {
            Vec::new()
        };
        reply_with(200, Value::Array(page), &headers)
    }

    fn create(&mut self, req: &Request, now: NaiveDateTime) -> Response {
        let Ok(b) = cloud::json_body(req) else {
            return error(
                400,
                "400.1 Bad Request Content",
                "The request body is not valid JSON",
            );
        };
        let name = b["name"].as_str().unwrap_or("").trim();
        if name.is_empty() {
            return error(400, "400.1 Bad Request Content", "name is required");
        }
        self.seq += 1;
        let mut c = cluster(
            self.seq,
            name,
            b["type"].as_str().unwrap_or("idn"),
            "CONFIGURING",
            &[],
            None,
            0,
        );
        c["createdAt"] = cloud::wire(now).into();
        c["updatedAt"] = cloud::wire(now).into();
        if let Some(d) = b.get("description") {
            c["description"] = d.clone();
        }
        if let Some(cfg) = b.get("configuration").filter(|v| v.is_object()) {
            c["configuration"] = cfg.clone();
        }
        self.clusters.push(Record {
            body: c.clone(),
            pending: Some(Pending::new("NO_CLIENTS", Duration::seconds(30), Some(now))),
        });
        reply(200, c)
    }

    fn patch(&mut self, req: &Request, id: &str, now: NaiveDateTime) -> Response {
        let Some(i) = self.find(id) else {
            return not_found(id);
        };
        let ct = cloud::header(req, "Content-Type").unwrap_or_default();
        if !ct.starts_with("application/json-patch+json") {
            return error(
                415,
                "415 Unsupported Media Type",
                "Send the update as application/json-patch+json",
            );
        }
        let ops: Vec<PatchOp> = match serde_json::from_slice(req.body()) {
            Ok(ops) => ops,
            Err(e) => {
                return error(
                    400,
                    "400.1 Bad Request Content",
                    &format!("Not a JSON Patch: {e}"),
                )
            }
        };
        // Only what an operator may change; the rest belongs to the service.
        let editable = ["/name", "/description", "/configuration"];
        if let Some(op) = ops.iter().find(|o| {
            !editable
                .iter()
                .any(|p| o.path == *p || o.path.starts_with(&format!("{p}/")))
        }) {
            return error(
                400,
                "400.1 Bad Request Content",
                &format!("{} cannot be changed", op.path),
            );
        }
        match apply(&self.clusters[i].body, &ops) {
            Ok(mut updated) => {
                if updated["name"].as_str().is_none_or(|n| n.trim().is_empty()) {
                    return error(400, "400.1 Bad Request Content", "name is required");
                }
                updated["updatedAt"] = cloud::wire(now).into();
                self.clusters[i].body = updated.clone();
                reply(200, updated)
            }
            Err(e) => error(400, "400.1 Bad Request Content", &e.0),
        }
    }

    fn put_log(&mut self, req: &Request, id: &str, now: NaiveDateTime) -> Response {
        let Some(i) = self.find(id) else {
            return not_found(id);
        };
        let bad = |m: &str| error(400, "400.1 Bad Request Content", m);
        let Ok(b) = cloud::json_body(req) else {
            return bad("The request body is not valid JSON");
        };
        let levels = ["OFF", "FATAL", "ERROR", "WARN", "INFO", "DEBUG", "TRACE"];
        if !b["rootLevel"].as_str().is_some_and(|l| levels.contains(&l)) {
            return bad("rootLevel is required and must be a log level");
        }
        let expiration = match (
            b.get("durationMinutes"),
            b.get("expiration").and_then(Value::as_str),
        ) {
            (Some(_), Some(_)) => return bad("Set only one of durationMinutes or expiration"),
            (Some(m), None) => match m.as_i64() {
                Some(m) if (5..=1440).contains(&m) => now + Duration::minutes(m),
                _ => return bad("durationMinutes must be between 5 and 1440"),
            },
            (None, Some(e)) => match baton_core::cloud::parse_time(e) {
                Some(t) if t.0 > now && t.0 <= now + Duration::hours(24) => t.0,
                _ => return bad("expiration must be in the future and at most 24 hours ahead"),
            },
            (None, None) => now + Duration::minutes(240),
        };
        let cfg = json!({
            "clientId": self.clusters[i].body["clientIds"].get(0).cloned().unwrap_or(Value::Null),
            "durationMinutes": (expiration - now).num_minutes(),
            "expiration": cloud::wire(expiration),
            "rootLevel": b["rootLevel"],
            "logLevels": b.get("logLevels").cloned().unwrap_or_else(|| json!({})),
        });
        self.clusters[i].body["logConfiguration"] = cfg.clone();
        reply(200, cfg)
    }
}

/// `field eq "value"` conditions joined with `and`; only the four documented fields.
fn parse_filters(raw: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    let mut rest = raw.trim();
    while !rest.is_empty() {
        let (field, after) = rest.split_once(' ').ok_or("incomplete filter")?;
        if !matches!(field, "operational" | "name" | "type" | "status") {
            return Err(format!("Filtering by {field} is not supported"));
        }
        let after = after
            .trim_start()
            .strip_prefix("eq ")
            .ok_or_else(|| format!("Only eq is supported on {field}"))?;
        let after = after.trim_start();
        let (value, tail) = if let Some(q) = after.strip_prefix('"') {
            let mut value = String::new();
            let mut chars = q.char_indices();
            let mut end = None;
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => value.extend(chars.next().map(|(_, c)| c)),
                    '"' => {
                        end = Some(i + 1);
                        break;
                    }
                    c => value.push(c),
                }
            }
            (value, &q[end.ok_or("unterminated string")?..])
        } else {
            let end = after.find(' ').unwrap_or(after.len());
            (after[..end].to_string(), &after[end..])
        };
        out.push((field.to_string(), value));
        rest = tail.trim_start();
        if !rest.is_empty() {
            rest = rest
                .strip_prefix("and ")
                .ok_or("conditions are joined with and")?;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloud::testing::{at, call};
    use baton_core::sailpoint::patch::PatchOp;
    use baton_core::sailpoint::*;
    use baton_core::{Endpoint, Timestamp};
    use std::collections::BTreeMap;

    fn sign_in(d: &mut SailPointDemo, now: NaiveDateTime) -> Session {
        let g = call(
            &mut |r, t| d.handle(r, t),
            &Session::default(),
            &RequestToken {
                client_id: DEMO_CLIENT_ID.into(),
                client_secret: DEMO_CLIENT_SECRET.into(),
            },
            now,
        )
        .unwrap();
        Session {
            origin: String::new(),
            token: Some(g.access_token),
        }
    }

    fn run<E: Endpoint<Session>>(
        d: &mut SailPointDemo,
        s: &Session,
        e: &E,
        now: NaiveDateTime,
    ) -> Result<E::Output, baton_core::ApiError> {
        call(&mut |r, t| d.handle(r, t), s, e, now)
    }

    #[test]
    fn token_exchange_and_expiry() {
        let mut d = SailPointDemo::demo();
        let e = call(
            &mut |r, t| d.handle(r, t),
            &Session::default(),
            &RequestToken {
                client_id: DEMO_CLIENT_ID.into(),
                client_secret: "wrong".into(),
            },
            at(0),
        )
        .unwrap_err();
        assert_eq!(e.status, Some(401));
        let s = sign_in(&mut d, at(0));
        assert!(run(&mut d, &s, &ListManagedClusters::default(), at(12)).is_ok());
        let e = run(&mut d, &s, &ListManagedClusters::default(), at(13)).unwrap_err();
        assert_eq!(e.message, "JWT validation failed: JWT is expired");
        assert!(RENEW.matches(&e));
        let info = run(&mut d, &s, &GetOAuthInfo, at(13)).unwrap();
        assert_eq!(info.tenant_name.as_deref(), Some("acme"));
    }

    #[test]
    fn list_pages_counts_and_filters() {
        let mut d = SailPointDemo::demo();
        let s = sign_in(&mut d, at(0));
        let page = run(
            &mut d,
            &s,
            &ListManagedClusters {
                offset: Some(2),
                limit: Some(2),
                count: true,
                filters: vec![],
            },
            at(0),
        )
        .unwrap();
        assert_eq!((page.items.len(), page.total), (2, Some(6)));
        assert_eq!(page.items[0].name.as_deref(), Some("AI insights"));
        let normal = run(
            &mut d,
            &s,
            &ListManagedClusters {
                count: true,
                filters: vec![
                    ClusterFilter::Status("NORMAL".into()),
                    ClusterFilter::Type("idn".into()),
                ],
                ..Default::default()
            },
            at(0),
        )
        .unwrap();
        assert_eq!(normal.total, Some(2));
        let operational = run(
            &mut d,
            &s,
            &ListManagedClusters {
                filters: vec![ClusterFilter::Operational(false)],
                ..Default::default()
            },
            at(0),
        )
        .unwrap();
        assert_eq!(operational.items.len(), 3);
        assert_eq!(operational.total, None);
        let named = run(
            &mut d,
            &s,
            &ListManagedClusters {
                filters: vec![ClusterFilter::Name("EU VA cluster".into())],
                ..Default::default()
            },
            at(0),
        )
        .unwrap();
        assert_eq!(named.items.len(), 1);
        // An unsupported field is a 400, as the API answers.
        let raw = d.handle(
            &http::Request::get("/v2024/managed-clusters?filters=pod%20eq%20%22x%22")
                .header(
                    "Authorization",
                    format!("Bearer {}", s.token.clone().unwrap()),
                )
                .body(Vec::new())
                .unwrap(),
            at(0),
        );
        assert_eq!(raw.status(), 400);
        // Configuring turns into "no clients" after a minute.
        let staging = |d: &mut SailPointDemo, t| {
            run(
                d,
                &s,
                &ListManagedClusters {
                    filters: vec![ClusterFilter::Name("Staging VA cluster".into())],
                    ..Default::default()
                },
                t,
            )
            .unwrap()
            .items[0]
                .status
                .clone()
        };
        assert_eq!(staging(&mut d, at(0)), Some(ClusterStatus::Configuring));
        assert_eq!(staging(&mut d, at(2)), Some(ClusterStatus::NoClients));
    }

    #[test]
    fn create_patch_and_delete() {
        let mut d = SailPointDemo::demo();
        let s = sign_in(&mut d, at(0));
        let request: ManagedClusterRequest = serde_json::from_value(json!({
            "configuration": {"clusterExternalId": "externalId", "ccgVersion": "77.0.0"},
            "name": "Managed Cluster Name", "description": "A short description of the managed cluster.", "type": "idn"})).unwrap();
        let created = run(&mut d, &s, &CreateManagedCluster { request }, at(0)).unwrap();
        assert_eq!(created.status, Some(ClusterStatus::Configuring));
        let mut edited = created.clone();
        edited.description = Some("Moved to Frankfurt".into());
        edited
            .configuration
            .insert("clusterExternalId".into(), Some("ext-fra".into()));
        let update = UpdateManagedCluster::between(&created, &edited);
        let after = run(&mut d, &s, &update, at(1)).unwrap();
        assert_eq!(after.description.as_deref(), Some("Moved to Frankfurt"));
        assert_eq!(
            after.configuration["clusterExternalId"].as_deref(),
            Some("ext-fra")
        );
        assert_eq!(after.configuration["ccgVersion"].as_deref(), Some("77.0.0"));
        let got = run(
            &mut d,
            &s,
            &GetManagedCluster {
                id: created.id.clone(),
            },
            at(1),
        )
        .unwrap();
        assert_eq!(got.description, after.description);
        run(
            &mut d,
            &s,
            &DeleteManagedCluster {
                id: created.id.clone(),
                remove_clients: false,
            },
            at(1),
        )
        .unwrap();
        let e = run(&mut d, &s, &GetManagedCluster { id: created.id }, at(1)).unwrap_err();
        assert_eq!((e.status, e.code.as_str()), (Some(404), "404 Not found"));
    }

    #[test]
    fn a_bad_patch_is_refused_whole() {
        let mut d = SailPointDemo::demo();
        let s = sign_in(&mut d, at(0));
        let id = run(&mut d, &s, &ListManagedClusters::default(), at(0))
            .unwrap()
            .items[0]
            .id
            .clone();
        let bad = UpdateManagedCluster {
            id: id.clone(),
            patch: vec![
                PatchOp::replace("/description", json!("changed")),
                PatchOp::remove("/configuration/nope"),
            ],
        };
        let e = run(&mut d, &s, &bad, at(0)).unwrap_err();
        assert_eq!(e.status, Some(400));
        let c = run(&mut d, &s, &GetManagedCluster { id: id.clone() }, at(0)).unwrap();
        assert_ne!(c.description.as_deref(), Some("changed"));
        let status = UpdateManagedCluster {
            id,
            patch: vec![PatchOp::replace("/status", json!("NORMAL"))],
        };
        assert!(run(&mut d, &s, &status, at(0))
            .unwrap_err()
            .message
            .contains("/status"));
    }

    #[test]
    fn clients_block_a_delete_without_remove_clients() {
        let mut d = SailPointDemo::demo();
        let s = sign_in(&mut d, at(0));
        let id = run(&mut d, &s, &ListManagedClusters::default(), at(0))
            .unwrap()
            .items[0]
            .id
            .clone();
        let e = run(
            &mut d,
            &s,
            &DeleteManagedCluster {
                id: id.clone(),
                remove_clients: false,
            },
            at(0),
        )
        .unwrap_err();
        assert!(e.message.contains("removeClients"));
        run(
            &mut d,
            &s,
            &DeleteManagedCluster {
                id,
                remove_clients: true,
            },
            at(0),
        )
        .unwrap();
        assert_eq!(
            run(
                &mut d,
                &s,
                &ListManagedClusters {
                    count: true,
                    ..Default::default()
                },
                at(0)
            )
            .unwrap()
            .total,
            Some(5)
        );
    }

    #[test]
    fn log_configuration_roundtrip_and_limits() {
        let mut d = SailPointDemo::demo();
        let s = sign_in(&mut d, at(0));
        let id = run(&mut d, &s, &ListManagedClusters::default(), at(0))
            .unwrap()
            .items[0]
            .id
            .clone();
        assert_eq!(
            run(&mut d, &s, &GetLogConfiguration { id: id.clone() }, at(0)).unwrap(),
            None
        );
        let mut levels = BTreeMap::new();
        levels.insert(
            "sailpoint.connector.ADLDAPConnector".to_string(),
            StandardLevel::Trace,
        );
        let put = PutLogConfiguration {
            id: id.clone(),
            root_level: StandardLevel::Debug,
            log_levels: levels,
            window: LogWindow::Minutes(90),
        };
        let cfg = run(&mut d, &s, &put, at(0)).unwrap();
        assert_eq!(cfg.duration_minutes, Some(90));
        assert_eq!(cfg.expiration, Some(Timestamp(at(90))));
        let got = run(&mut d, &s, &GetLogConfiguration { id: id.clone() }, at(1))
            .unwrap()
            .unwrap();
        assert_eq!(got.root_level, Some(StandardLevel::Debug));
        assert_eq!(
            got.log_levels["sailpoint.connector.ADLDAPConnector"],
            StandardLevel::Trace
        );
        let until = PutLogConfiguration {
            window: LogWindow::Until(Timestamp(at(60 * 25))),
            ..put.clone()
        };
        assert_eq!(
            run(&mut d, &s, &until, at(0)).unwrap_err().status,
            Some(400)
        );
        let until = PutLogConfiguration {
            window: LogWindow::Until(Timestamp(at(60 * 23))),
            ..put
        };
        assert_eq!(
            run(&mut d, &s, &until, at(0)).unwrap().duration_minutes,
            Some(60 * 23)
        );
    }

    #[test]
    fn manual_upgrade_creates_pending_jobs() {
        let mut d = SailPointDemo::demo();
        let s = sign_in(&mut d, at(0));
        let id = run(&mut d, &s, &ListManagedClusters::default(), at(0))
            .unwrap()
            .items[0]
            .id
            .clone();
        let up = run(&mut d, &s, &ManualUpgrade { id }, at(0)).unwrap();
        assert_eq!(up.jobs.len(), 2);
        assert!(up
            .jobs
            .iter()
            .all(|j| j.state.as_deref() == Some("PENDING")));
        assert_eq!(
            run(&mut d, &s, &ManualUpgrade { id: "nope".into() }, at(0))
                .unwrap_err()
                .status,
            Some(404)
        );
    }

    #[test]
    fn rate_limit_answers_429_with_retry_after() {
        let mut d = SailPointDemo::demo();
        let s = sign_in(&mut d, at(0));
        for _ in 0..RATE_LIMIT {
            run(&mut d, &s, &ListManagedClusters::default(), at(0)).unwrap();
        }
        let e = run(&mut d, &s, &ListManagedClusters::default(), at(0)).unwrap_err();
        assert_eq!((e.status, e.retry_after), (Some(429), Some(10)));
        assert_eq!(e.message, "Rate Limit Exceeded");
        // The next window is open again.
        assert!(run(
            &mut d,
            &s,
            &ListManagedClusters::default(),
            at(0) + Duration::seconds(10)
        )
        .is_ok());
    }
}
