//! Tasks graphs and operations: the stored task graph of an execution (what resume replays, and
//! what the console draws as the execution's graph).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::endpoint::{parse_empty, parse_json, Endpoint, RequestBody, Response};
use crate::error::ApiError;
use crate::page::Page;
use crate::query::{ListQuery, Query};
use crate::session::segment;
use crate::time::Timestamp;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Operation {
    pub id: String,
    pub name: Option<String>,
    /// `pending`, `sent`, `started`, `succeeded`, `failed`... (older managers send upper case).
    pub state: Option<String>,
    pub dependencies: Option<Vec<String>>,
    /// `RemoteWorkflowTask`, `LocalWorkflowTask`, `SubgraphTask`...
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub parameters: Option<Map<String, Value>>,
    pub tasks_graph: Option<String>,
    pub execution_id: Option<String>,
    pub manager_name: Option<String>,
    pub agent_name: Option<String>,
    pub created_at: Option<Timestamp>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TasksGraph {
    pub id: String,
    pub execution_id: Option<String>,
    pub name: Option<String>,
    pub created_at: Option<Timestamp>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `GET /operations?graph_id=<id>` (or `execution_id=`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListOperations {
    pub graph_id: Option<String>,
    pub execution_id: Option<String>,
    pub query: ListQuery,
}

impl Endpoint for ListOperations {
    type Output = Page<Operation>;
    fn method(&self) -> http::Method {
        http::Method::GET
    }
    fn path(&self) -> String {
        "/operations".into()
    }
    fn query(&self) -> Query {
        let mut q = Query::new();
        if let Some(g) = &self.graph_id {
            q.push("graph_id", g.clone());
        }
        if let Some(e) = &self.execution_id {
            q.push("execution_id", e.clone());
        }
        self.query.write(&mut q);
        q
    }
    fn parse(&self, r: Response) -> Result<Page<Operation>, ApiError> {
        parse_json(r)
    }
}

/// `GET /operations/<id>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetOperation {
    pub id: String,
}

impl Endpoint for GetOperation {
    type Output = Operation;
    fn method(&self) -> http::Method {
        http::Method::GET
    }
    fn path(&self) -> String {
        format!("/operations/{}", segment(&self.id))
    }
    fn parse(&self, r: Response) -> Result<Operation, ApiError> {
        parse_json(r)
    }
}

/// `PUT /operations/<id>`: stores one operation in a tasks graph (state defaults to pending).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CreateOperation {
    #[serde(skip)]
    pub id: String,
    pub graph_id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub dependencies: Vec<String>,
    pub parameters: Map<String, Value>,
}

impl Endpoint for CreateOperation {
    type Output = Operation;
    fn method(&self) -> http::Method {
        http::Method::PUT
    }
    fn path(&self) -> String {
        format!("/operations/{}", segment(&self.id))
    }
    fn body(&self) -> RequestBody {
        RequestBody::json(self)
    }
    fn parse(&self, r: Response) -> Result<Operation, ApiError> {
        parse_json(r)
    }
}

/// `PATCH /operations/<id>`: only the state changes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct UpdateOperation {
    #[serde(skip)]
    pub id: String,
    pub state: String,
}

impl Endpoint for UpdateOperation {
    type Output = Operation;
    fn method(&self) -> http::Method {
        http::Method::PATCH
    }
    fn path(&self) -> String {
        format!("/operations/{}", segment(&self.id))
    }
    fn body(&self) -> RequestBody {
        RequestBody::json(self)
    }
    fn parse(&self, r: Response) -> Result<Operation, ApiError> {
        parse_json(r)
    }
}

/// `DELETE /operations/<id>` (204).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeleteOperation {
    pub id: String,
}

impl Endpoint for DeleteOperation {
    type Output = ();
    fn method(&self) -> http::Method {
        http::Method::DELETE
    }
    fn path(&self) -> String {
        format!("/operations/{}", segment(&self.id))
    }
    fn parse(&self, r: Response) -> Result<(), ApiError> {
        parse_empty(r)
    }
}

/// `GET /tasks_graphs?execution_id=<id>[&name=<name>]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListTasksGraphs {
    pub execution_id: String,
    pub name: Option<String>,
}

impl Endpoint for ListTasksGraphs {
    type Output = Page<TasksGraph>;
    fn method(&self) -> http::Method {
        http::Method::GET
    }
    fn path(&self) -> String {
        "/tasks_graphs".into()
    }
    fn query(&self) -> Query {
        let mut q = Query::new().with("execution_id", self.execution_id.clone());
        if let Some(n) = &self.name {
            q.push("name", n.clone());
        }
        q
    }
    fn parse(&self, r: Response) -> Result<Page<TasksGraph>, ApiError> {
        parse_json(r)
    }
}

/// `POST /tasks_graphs`: a graph for an execution, optionally with its operations in bulk.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CreateTasksGraph {
    pub execution_id: String,
    pub name: String,
    /// Serialised operations (`{id, name, type, dependencies, parameters}` each).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operations: Option<Vec<Value>>,
}

impl Endpoint for CreateTasksGraph {
    type Output = TasksGraph;
    fn method(&self) -> http::Method {
        http::Method::POST
    }
    fn path(&self) -> String {
        "/tasks_graphs".into()
    }
    fn body(&self) -> RequestBody {
        RequestBody::json(self)
    }
    fn parse(&self, r: Response) -> Result<TasksGraph, ApiError> {
        parse_json(r)
    }
}
