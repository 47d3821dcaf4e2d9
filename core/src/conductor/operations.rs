//! Tasks graphs and operations: the stored task graph of an execution (what resume replays, and
//! what the console draws as the execution's graph).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::endpoint::{endpoint, parse_empty, RequestBody};
use crate::page::Page;
use crate::query::{ListQuery, Query};
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

endpoint!(ListOperations(this) -> Page<Operation> {
    GET "/operations";
    query = {
        let mut q = Query::new();
        if let Some(g) = &this.graph_id {
            q.push("graph_id", g.clone());
        }
        if let Some(e) = &this.execution_id {
            q.push("execution_id", e.clone());
        }
        this.query.write(&mut q);
        q
    };
});

/// `GET /operations/<id>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetOperation {
    pub id: String,
}

endpoint!(GetOperation(this) -> Operation {
    GET "/operations/{}", this.id;
});

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

endpoint!(CreateOperation(this) -> Operation {
    PUT "/operations/{}", this.id;
    body = RequestBody::json(this);
});

/// `PATCH /operations/<id>`: only the state changes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct UpdateOperation {
    #[serde(skip)]
    pub id: String,
    pub state: String,
}

endpoint!(UpdateOperation(this) -> Operation {
    PATCH "/operations/{}", this.id;
    body = RequestBody::json(this);
});

/// `DELETE /operations/<id>` (204).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeleteOperation {
    pub id: String,
}

endpoint!(DeleteOperation(this) -> () {
    DELETE "/operations/{}", this.id;
    parse = parse_empty;
});

/// `GET /tasks_graphs?execution_id=<id>[&name=<name>]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListTasksGraphs {
    pub execution_id: String,
    pub name: Option<String>,
}

endpoint!(ListTasksGraphs(this) -> Page<TasksGraph> {
    GET "/tasks_graphs";
    query = {
        let mut q = Query::new().with("execution_id", this.execution_id.clone());
        if let Some(n) = &this.name {
            q.push("name", n.clone());
        }
        q
    };
});

/// `POST /tasks_graphs`: a graph for an execution, optionally with its operations in bulk.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CreateTasksGraph {
    pub execution_id: String,
    pub name: String,
    /// Serialised operations (`{id, name, type, dependencies, parameters}` each).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operations: Option<Vec<Value>>,
}

endpoint!(CreateTasksGraph(this) -> TasksGraph {
    POST "/tasks_graphs";
    body = RequestBody::json(this);
});
