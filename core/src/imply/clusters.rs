//! Clusters, their historical versions and servers.
//!
//! Public docs confirm `POST /clusters` and `GET /clusters/{id}/history/{resourceVersion}`; the
//! other paths follow the REST style of those two and are marked as assumed in the coverage table.

use serde::Serialize;

use super::endpoint;
use super::models::{Cluster, ClusterSpec, DesiredState, ObjectMeta, Server};
use crate::endpoint::{empty_answer, RequestBody};
use crate::error::{client_codes, ApiError};
use crate::sailpoint::patch::{diff, PatchOp};

/// `GET /clusters`: every cluster of the account.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListClusters;

endpoint!(ListClusters -> Vec<Cluster> {
    GET "/clusters";
});

/// `GET /clusters/{clusterId}`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetCluster {
    pub id: String,
}

endpoint!(GetCluster(this) -> Cluster {
    GET "/clusters/{}", this.id;
});

/// The body of a create or update: name and spec (status is the server's).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClusterBody<'a> {
    pub metadata: &'a ObjectMeta,
    pub spec: &'a ClusterSpec,
}

fn check_name(meta: &ObjectMeta) -> Result<(), ApiError> {
    if meta.name.trim().is_empty() {
        let mut e = ApiError::new(
            None,
            client_codes::INVALID_INPUT,
            "Cluster name must not be empty",
        );
        e.details.insert(
            crate::cloud::FIELD_ERRORS.into(),
            serde_json::json!([{"code": "NullValue", "target": "metadata.name",
                "message": "Cluster name must not be empty"}]),
        );
        return Err(e);
    }
    Ok(())
}

/// `POST /clusters`: creates a cluster; the answer is the cluster with its `uid`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CreateCluster {
    pub metadata: ObjectMeta,
    pub spec: ClusterSpec,
}

endpoint!(CreateCluster(this) -> Cluster {
    POST "/clusters";
    body = RequestBody::json(&ClusterBody { metadata: &this.metadata, spec: &this.spec });
    check = check_name(&this.metadata);
});

/// `PUT /clusters/{clusterId}` (assumed verb): replaces the spec. A cluster applies one change at
/// a time; while it updates the answer is 409 `StateConflict` (see [`super::is_state_conflict`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UpdateCluster {
    pub id: String,
    pub metadata: ObjectMeta,
    pub spec: ClusterSpec,
}

impl UpdateCluster {
    /// An update that sends `cluster` back with `spec` (unknown fields travel back unchanged).
    pub fn of(cluster: &Cluster, spec: ClusterSpec) -> Self {
        UpdateCluster {
            id: cluster.id().to_string(),
            metadata: cluster.metadata.clone(),
            spec,
        }
    }

    /// Start or stop: the same update with only `desiredState` changed.
    pub fn desired_state(cluster: &Cluster, state: DesiredState) -> Self {
        let mut spec = cluster.spec.clone();
        spec.desired_state = Some(state);
        UpdateCluster::of(cluster, spec)
    }
}

endpoint!(UpdateCluster(this) -> Cluster {
    PUT "/clusters/{}", this.id;
    body = RequestBody::json(&ClusterBody { metadata: &this.metadata, spec: &this.spec });
    check = check_name(&this.metadata);
});

/// `DELETE /clusters/{clusterId}`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeleteCluster {
    pub id: String,
}

endpoint!(DeleteCluster(this) -> () {
    DELETE "/clusters/{}", this.id;
    parse = |r| empty_answer(r, <super::Session as crate::endpoint::Provider>::error);
});

/// `GET /clusters/{clusterId}/history/{resourceVersion}`: the cluster as it was at a version
/// (404 `NotFound` for a version that never existed).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetClusterVersion {
    pub id: String,
    pub resource_version: u64,
}

endpoint!(GetClusterVersion(this) -> Cluster {
    GET "/clusters/{}/history/{}", this.id, this.resource_version.to_string();
});

/// `GET /clusters/{clusterId}/servers` (assumed path): the server instances.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListServers {
    pub id: String,
}

endpoint!(ListServers(this) -> Vec<Server> {
    GET "/clusters/{}/servers", this.id;
});

/// What changed in the spec between two versions of a cluster, as JSON Patch operations
/// (paths like `/master/replicas`), for the history view's diff.
pub fn spec_changes(before: &Cluster, after: &Cluster) -> Vec<PatchOp> {
    let a = serde_json::to_value(&before.spec).unwrap_or_default();
    let b = serde_json::to_value(&after.spec).unwrap_or_default();
    diff(&a, &b)
}

/// How one line of a version diff changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

/// One line of the diff between two versions of a spec: where (`master.replicas`), and the
/// value before and after as text (`None` on the side where it does not exist).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecLine {
    pub kind: ChangeKind,
    pub path: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The spec as a JSON value, through bytes: the same (de)serializer code as the requests and
/// answers, so the web build carries one copy of the spec's serde code, not two.
pub fn spec_json(spec: &ClusterSpec) -> serde_json::Value {
    serde_json::to_vec(spec)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

fn value_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn diff_lines(path: &str, a: &serde_json::Value, b: &serde_json::Value, out: &mut Vec<SpecLine>) {
    use serde_json::Value;
    let line = |kind, before: Option<&Value>, after: Option<&Value>| SpecLine {
        kind,
        path: path.to_string(),
        before: before.map(value_text),
        after: after.map(value_text),
    };
    let join = |k: &str| {
        if path.is_empty() {
            k.to_string()
        } else {
            format!("{path}.{k}")
        }
    };
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x
                .keys()
                .chain(y.keys().filter(|k| !x.contains_key(*k)))
                .collect();
            keys.sort();
            for k in keys {
                let p = join(k);
                match (x.get(k), y.get(k)) {
                    (Some(va), Some(vb)) => diff_lines(&p, va, vb, out),
                    (Some(va), None) => out.push(SpecLine {
                        path: p,
                        ..line(ChangeKind::Removed, Some(va), None)
                    }),
                    (None, Some(vb)) => out.push(SpecLine {
                        path: p,
                        ..line(ChangeKind::Added, None, Some(vb))
                    }),
                    (None, None) => {}
                }
            }
        }
        // Lists of the same length (data tiers, tags) compare item by item: "replicas 4 → 6"
        // rather than two whole lists.
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                diff_lines(&format!("{path}[{i}]"), va, vb, out);
            }
        }
        _ if a == b => {}
        _ => out.push(line(ChangeKind::Changed, Some(a), Some(b))),
    }
}

/// The spec changes between two versions as lines an operator reads: dotted paths
/// (`master.replicas`, `data.tiers[0].replicas`; a list that changed length compared whole),
/// in name order, each with its value before and after.
pub fn spec_diff(before: &Cluster, after: &Cluster) -> Vec<SpecLine> {
    let (a, b) = (spec_json(&before.spec), spec_json(&after.spec));
    let mut out = Vec::new();
    diff_lines("", &a, &b, &mut out);
    out
}
