//! Execution schedules (`/execution-schedules`): workflows the manager runs on a timetable.
//! `deployment_id` travels as a query parameter on every per-id call.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::endpoint::{parse_empty, parse_json, Endpoint, RequestBody, Response};
use crate::error::ApiError;
use crate::page::Page;
use crate::query::{ListQuery, Query};
use crate::schedule::ScheduleRequest;
use crate::session::segment;
use crate::time::Timestamp;

use super::executions::ExecutionStatus;
use super::Visibility;

/// The timing rule as the manager stores it: `recurrence`/`count`/`weekdays`, or `rrule`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScheduleRule {
    pub recurrence: Option<String>,
    pub count: Option<u64>,
    pub weekdays: Option<Vec<String>>,
    pub rrule: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExecutionSchedule {
    pub id: String,
    pub deployment_id: Option<String>,
    pub workflow_id: Option<String>,
    pub parameters: Option<Map<String, Value>>,
    pub execution_arguments: Option<Map<String, Value>>,
    pub created_at: Option<Timestamp>,
    pub next_occurrence: Option<Timestamp>,
    pub since: Option<Timestamp>,
    pub until: Option<Timestamp>,
    pub rule: Option<ScheduleRule>,
    /// Minutes a missed run may still start late.
    pub slip: Option<u64>,
    pub stop_on_fail: Option<bool>,
    pub enabled: Option<bool>,
    pub latest_execution_status: Option<ExecutionStatus>,
    /// Up to 1000 future runs, `%Y-%m-%d %H:%M:%S` (kept as the manager formats them).
    pub all_next_occurrences: Option<Vec<String>>,
    pub visibility: Option<Visibility>,
    pub resource_availability: Option<Visibility>,
    pub private_resource: Option<bool>,
    pub tenant_name: Option<String>,
    pub created_by: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `GET /execution-schedules` (filter with `deployment_id`, `workflow_id`...; `_search` is an id
/// substring).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListExecutionSchedules {
    pub query: ListQuery,
}

impl Endpoint for ListExecutionSchedules {
    type Output = Page<ExecutionSchedule>;
    fn method(&self) -> http::Method {
        http::Method::GET
    }
    fn path(&self) -> String {
        "/execution-schedules".into()
    }
    fn query(&self) -> Query {
        self.query.to_query()
    }
    fn parse(&self, r: Response) -> Result<Page<ExecutionSchedule>, ApiError> {
        parse_json(r)
    }
}

fn schedule_query(deployment_id: &str, include: &[String]) -> Query {
    let mut q = Query::new().with("deployment_id", deployment_id);
    ListQuery::new()
        .include(include.iter().cloned())
        .write(&mut q);
    q
}

fn schedule_path(id: &str) -> String {
    format!("/execution-schedules/{}", segment(id))
}

/// `GET /execution-schedules/<id>?deployment_id=<dep>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetExecutionSchedule {
    pub id: String,
    pub deployment_id: String,
    pub include: Vec<String>,
}

impl Endpoint for GetExecutionSchedule {
    type Output = ExecutionSchedule;
    fn method(&self) -> http::Method {
        http::Method::GET
    }
    fn path(&self) -> String {
        schedule_path(&self.id)
    }
    fn query(&self) -> Query {
        schedule_query(&self.deployment_id, &self.include)
    }
    fn parse(&self, r: Response) -> Result<ExecutionSchedule, ApiError> {
        parse_json(r)
    }
}

/// `PUT /execution-schedules/<id>?deployment_id=<dep>`: creates a schedule. Check the body with
/// [`ScheduleRequest::validate`] first to show the manager's errors before sending.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CreateExecutionSchedule {
    pub id: String,
    pub deployment_id: String,
    pub body: ScheduleRequest,
}

impl Endpoint for CreateExecutionSchedule {
    type Output = ExecutionSchedule;
    fn method(&self) -> http::Method {
        http::Method::PUT
    }
    fn path(&self) -> String {
        schedule_path(&self.id)
    }
    fn query(&self) -> Query {
        schedule_query(&self.deployment_id, &[])
    }
    fn body(&self) -> RequestBody {
        RequestBody::json(&self.body)
    }
    fn parse(&self, r: Response) -> Result<ExecutionSchedule, ApiError> {
        parse_json(r)
    }
}

/// `PATCH /execution-schedules/<id>?deployment_id=<dep>`: any field of the body; `recurrence`,
/// `count` and `weekdays` left out keep their values.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UpdateExecutionSchedule {
    pub id: String,
    pub deployment_id: String,
    pub body: ScheduleRequest,
}

impl Endpoint for UpdateExecutionSchedule {
    type Output = ExecutionSchedule;
    fn method(&self) -> http::Method {
        http::Method::PATCH
    }
    fn path(&self) -> String {
        schedule_path(&self.id)
    }
    fn query(&self) -> Query {
        schedule_query(&self.deployment_id, &[])
    }
    fn body(&self) -> RequestBody {
        RequestBody::json(&self.body)
    }
    fn parse(&self, r: Response) -> Result<ExecutionSchedule, ApiError> {
        parse_json(r)
    }
}

/// `DELETE /execution-schedules/<id>?deployment_id=<dep>` (204).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeleteExecutionSchedule {
    pub id: String,
    pub deployment_id: String,
}

impl Endpoint for DeleteExecutionSchedule {
    type Output = ();
    fn method(&self) -> http::Method {
        http::Method::DELETE
    }
    fn path(&self) -> String {
        schedule_path(&self.id)
    }
    fn query(&self) -> Query {
        schedule_query(&self.deployment_id, &[])
    }
    fn parse(&self, r: Response) -> Result<(), ApiError> {
        parse_empty(r)
    }
}
