//! Execution schedules (`/execution-schedules`): workflows the manager runs on a timetable.
//! `deployment_id` travels as a query parameter on every per-id call.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::endpoint::{endpoint, parse_empty, RequestBody};
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

endpoint!(ListExecutionSchedules(this) -> Page<ExecutionSchedule> {
    GET "/execution-schedules";
    query = this.query.to_query();
});

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

endpoint!(GetExecutionSchedule(this) -> ExecutionSchedule {
    GET path = schedule_path(&this.id);
    query = schedule_query(&this.deployment_id, &this.include);
});

/// `PUT /execution-schedules/<id>?deployment_id=<dep>`: creates a schedule. Check the body with
/// [`ScheduleRequest::validate`] first to show the manager's errors before sending.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CreateExecutionSchedule {
    pub id: String,
    pub deployment_id: String,
    pub body: ScheduleRequest,
}

endpoint!(CreateExecutionSchedule(this) -> ExecutionSchedule {
    PUT path = schedule_path(&this.id);
    query = schedule_query(&this.deployment_id, &[]);
    body = RequestBody::json(&this.body);
});

/// `PATCH /execution-schedules/<id>?deployment_id=<dep>`: any field of the body; `recurrence`,
/// `count` and `weekdays` left out keep their values.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UpdateExecutionSchedule {
    pub id: String,
    pub deployment_id: String,
    pub body: ScheduleRequest,
}

endpoint!(UpdateExecutionSchedule(this) -> ExecutionSchedule {
    PATCH path = schedule_path(&this.id);
    query = schedule_query(&this.deployment_id, &[]);
    body = RequestBody::json(&this.body);
});

/// `DELETE /execution-schedules/<id>?deployment_id=<dep>` (204).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeleteExecutionSchedule {
    pub id: String,
    pub deployment_id: String,
}

endpoint!(DeleteExecutionSchedule(this) -> () {
    DELETE path = schedule_path(&this.id);
    query = schedule_query(&this.deployment_id, &[]);
    parse = parse_empty;
});
