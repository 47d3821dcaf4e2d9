//! Nodes (a deployment's node templates) and node instances (their running copies).

use serde::Serialize;
use serde_json::{Map, Value};

use super::endpoint;
use crate::endpoint::RequestBody;
use crate::page::Page;
use crate::query::{ListQuery, Query};

use super::resources::{Node, NodeInstance};

/// `GET /nodes`. A node is identified by its `id` together with its `deployment_id`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListNodes {
    pub query: ListQuery,
    /// Only this deployment's nodes.
    pub deployment_id: Option<String>,
    /// Evaluate intrinsic functions in the properties: `_evaluate_functions`, always sent
    /// (`false` unless asked), as the Python client does; the manager reads no other spelling.
    pub evaluate_functions: Option<bool>,
    /// Fill `unavailable_instances` and `drifted_instances` (needs `deployment_id`).
    pub instance_counts: Option<bool>,
}

endpoint!(ListNodes(this) -> Page<Node> {
    GET "/nodes";
    query = {
        let mut q = Query::new();
        if let Some(d) = &this.deployment_id {
            q.push("deployment_id", d.clone());
        }
        this.query.write(&mut q);
        q.flag(
            "_evaluate_functions",
            Some(this.evaluate_functions.unwrap_or(false)),
        )
            .flag("_instance_counts", this.instance_counts)
    };
});

/// `GET /node-instances`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListNodeInstances {
    pub query: ListQuery,
    pub deployment_id: Option<String>,
    pub node_id: Option<String>,
}

endpoint!(ListNodeInstances(this) -> Page<NodeInstance> {
    GET "/node-instances";
    query = {
        let mut q = Query::new()
        .opt("deployment_id", this.deployment_id.clone())
        .opt("node_id", this.node_id.clone());
        this.query.write(&mut q);
        q
    };
});

/// `GET /node-instances/<id>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetNodeInstance {
    pub id: String,
    pub include: Vec<String>,
}

endpoint!(GetNodeInstance(this) -> NodeInstance {
    GET "/node-instances/{}", this.id;
    query = Query::include(&this.include);
});

/// `PATCH /node-instances/<id>` `{version, runtime_properties?, state?}`. `version` is the
/// instance's current version (optimistic locking): a stale one gets 409 `conflict_error`;
/// each successful update increments it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UpdateNodeInstance {
    pub id: String,
    pub version: u64,
    /// Replaces all runtime properties.
    pub runtime_properties: Option<Map<String, Value>>,
    pub state: Option<String>,
    pub include: Vec<String>,
}

#[derive(Serialize)]
struct UpdateNodeInstanceBody<'a> {
    version: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    runtime_properties: Option<&'a Map<String, Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    state: Option<&'a str>,
}

endpoint!(UpdateNodeInstance(this) -> NodeInstance {
    PATCH "/node-instances/{}", this.id;
    query = Query::include(&this.include);
    body = RequestBody::json(&UpdateNodeInstanceBody {
        version: this.version,
        runtime_properties: this.runtime_properties.as_ref(),
        state: this.state.as_deref(),
    });
});
