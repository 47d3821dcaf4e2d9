//! Agents (`GET /agents`): the agents installed on deployments' hosts.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::endpoint::endpoint;
use crate::page::Page;
use crate::query::{ListQuery, Query};
use crate::time::Timestamp;

use super::Visibility;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Agent {
    /// The node instance that installed the agent.
    pub id: String,
    /// The node instance the agent runs on (differs from `id` for proxy agents).
    pub host_id: Option<String>,
    pub ip: Option<String>,
    /// `remote`, `plugin`, `init_script` or `provided`.
    pub install_method: Option<String>,
    /// The OS (distribution name, or `windows`).
    pub system: Option<String>,
    pub version: Option<String>,
    pub node: Option<String>,
    pub deployment: Option<String>,
    pub tenant_name: Option<String>,
    pub visibility: Option<Visibility>,
    pub state: Option<String>,
    pub created_at: Option<Timestamp>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `GET /agents`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListAgents {
    pub deployment_id: Option<String>,
    pub node_ids: Vec<String>,
    pub node_instance_ids: Vec<String>,
    pub install_methods: Vec<String>,
    /// Agent states; empty means `started`, which the Python client sends by default.
    pub states: Vec<String>,
    pub query: ListQuery,
}

endpoint!(ListAgents(this) -> Page<Agent> {
    GET "/agents";
    query = {
        let mut q = Query::new();
        if let Some(d) = &this.deployment_id {
            q.push("deployment_id", d.clone());
        }
        for n in &this.node_ids {
            q.push("node_ids", n.clone());
        }
        for n in &this.node_instance_ids {
            q.push("node_instance_ids", n.clone());
        }
        for m in &this.install_methods {
            q.push("install_methods", m.clone());
        }
        if this.states.is_empty() {
            q.push("state", "started");
        }
        for s in &this.states {
            q.push("state", s.clone());
        }
        this.query.write(&mut q);
        q
    };
});
