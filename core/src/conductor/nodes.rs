//! Nodes (a deployment's node templates) and node instances (their running copies).

use serde::Serialize;
use serde_json::{Map, Value};

use crate::endpoint::{parse_json, Endpoint, RequestBody, Response};
use crate::error::ApiError;
use crate::page::Page;
use crate::query::{ListQuery, Query};
use crate::session::segment;

use super::resources::{Node, NodeInstance};

/// `GET /nodes`. A node is identified by its `id` together with its `deployment_id`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListNodes {
    pub query: ListQuery,
    /// Only this deployment's nodes.
    pub deployment_id: Option<String>,
    /// Evaluate intrinsic functions in the properties.
    pub evaluate_functions: Option<bool>,
    /// Fill `unavailable_instances` and `drifted_instances` (needs `deployment_id`).
    pub instance_counts: Option<bool>,
}

impl Endpoint for ListNodes {
    type Output = Page<Node>;
    fn method(&self) -> http::Method {
        http::Method::GET
    }
    fn path(&self) -> String {
        "/nodes".into()
    }
    fn query(&self) -> Query {
        let mut q = Query::new();
        if let Some(d) = &self.deployment_id {
            q.push("deployment_id", d.clone());
        }
        self.query.write(&mut q);
        q.flag("evaluate_functions", self.evaluate_functions)
            .flag("_instance_counts", self.instance_counts)
    }
    fn parse(&self, r: Response) -> Result<Page<Node>, ApiError> {
        parse_json(r)
    }
}

/// `GET /node-instances`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListNodeInstances {
    pub query: ListQuery,
    pub deployment_id: Option<String>,
    pub node_id: Option<String>,
}

impl Endpoint for ListNodeInstances {
    type Output = Page<NodeInstance>;
    fn method(&self) -> http::Method {
        http::Method::GET
    }
    fn path(&self) -> String {
        "/node-instances".into()
    }
    fn query(&self) -> Query {
        let mut q = Query::new();
        if let Some(d) = &self.deployment_id {
            q.push("deployment_id", d.clone());
        }
        if let Some(n) = &self.node_id {
            q.push("node_id", n.clone());
        }
        self.query.write(&mut q);
        q
    }
    fn parse(&self, r: Response) -> Result<Page<NodeInstance>, ApiError> {
        parse_json(r)
    }
}

/// `GET /node-instances/<id>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetNodeInstance {
    pub id: String,
    pub include: Vec<String>,
}

impl Endpoint for GetNodeInstance {
    type Output = NodeInstance;
    fn method(&self) -> http::Method {
        http::Method::GET
    }
    fn path(&self) -> String {
        format!("/node-instances/{}", segment(&self.id))
    }
    fn query(&self) -> Query {
        ListQuery::new()
            .include(self.include.iter().cloned())
            .to_query()
    }
    fn parse(&self, r: Response) -> Result<NodeInstance, ApiError> {
        parse_json(r)
    }
}

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

impl Endpoint for UpdateNodeInstance {
    type Output = NodeInstance;
    fn method(&self) -> http::Method {
        http::Method::PATCH
    }
    fn path(&self) -> String {
        format!("/node-instances/{}", segment(&self.id))
    }
    fn query(&self) -> Query {
        ListQuery::new()
            .include(self.include.iter().cloned())
            .to_query()
    }
    fn body(&self) -> RequestBody {
        RequestBody::json(&UpdateNodeInstanceBody {
            version: self.version,
            runtime_properties: self.runtime_properties.as_ref(),
            state: self.state.as_deref(),
        })
    }
    fn parse(&self, r: Response) -> Result<NodeInstance, ApiError> {
        parse_json(r)
    }
}
