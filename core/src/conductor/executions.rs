//! Executions: runs of a workflow on a deployment, and execution groups (one execution per
//! deployment of a deployment group).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::endpoint;
use crate::endpoint::{parse_json, RequestBody, Response};
use crate::page::Page;
use crate::query::{ListQuery, Query};
use crate::time::Timestamp;

use super::{string_enum, Visibility};

string_enum!(
    /// Where an execution is in its lifecycle.
    ExecutionStatus {
        Pending = "pending",
        Started = "started",
        Cancelling = "cancelling",
        ForceCancelling = "force_cancelling",
        KillCancelling = "kill_cancelling",
        Cancelled = "cancelled",
        Terminated = "terminated",
        Failed = "failed",
        Queued = "queued",
        Scheduled = "scheduled",
        // `status_display` names `terminated` as `completed`.
        Completed = "completed",
    }
);

impl ExecutionStatus {
    /// The execution will not change any more.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            ExecutionStatus::Cancelled
                | ExecutionStatus::Terminated
                | ExecutionStatus::Failed
                | ExecutionStatus::Completed
        )
    }

    /// The manager's `status_display`: `terminated` shows as `completed`.
    pub fn display(&self) -> &str {
        match self {
            ExecutionStatus::Terminated => "completed",
            other => other.as_str(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Execution {
    pub id: String,
    pub workflow_id: Option<String>,
    pub deployment_id: Option<String>,
    pub deployment_display_name: Option<String>,
    pub blueprint_id: Option<String>,
    pub status: Option<ExecutionStatus>,
    pub status_display: Option<String>,
    pub error: Option<String>,
    pub is_system_workflow: Option<bool>,
    pub is_dry_run: Option<bool>,
    pub allow_custom_parameters: Option<bool>,
    pub parameters: Option<Map<String, Value>>,
    pub visibility: Option<Visibility>,
    pub resource_availability: Option<Visibility>,
    pub private_resource: Option<bool>,
    pub tenant_name: Option<String>,
    pub created_by: Option<String>,
    pub created_at: Option<Timestamp>,
    pub started_at: Option<Timestamp>,
    pub ended_at: Option<Timestamp>,
    pub scheduled_for: Option<Timestamp>,
    pub total_operations: Option<u64>,
    pub finished_operations: Option<u64>,
    pub execution_group_id: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `GET /executions`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListExecutions {
    /// Field filters (`deployment_id`, `workflow_id`, `status`...), paging, sort, `_include`.
    pub query: ListQuery,
    /// `_include_system_workflows`; the Python client always sends it (default `false`).
    pub include_system_workflows: bool,
}

endpoint!(ListExecutions(this) -> Page<Execution> {
    GET "/executions";
    query = {
        let mut q = Query::new().flag(
            "_include_system_workflows",
            Some(this.include_system_workflows),
        );
        this.query.write(&mut q);
        q
    };
});

/// `GET /executions/<id>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetExecution {
    pub id: String,
    pub include: Vec<String>,
}

endpoint!(GetExecution(this) -> Execution {
    GET "/executions/{}", this.id;
    query = include_query(&this.include);
});

pub(crate) fn include_query(include: &[String]) -> Query {
    ListQuery::new().include(include.iter().cloned()).to_query()
}

/// `POST /executions`: starts (or queues, or schedules) a workflow on a deployment.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StartExecution {
    pub deployment_id: String,
    pub workflow_id: String,
    pub parameters: Option<Map<String, Value>>,
    /// Accept parameters the workflow does not declare.
    pub allow_custom_parameters: bool,
    /// Run even when another execution runs on the deployment.
    pub force: bool,
    pub dry_run: bool,
    /// Queue instead of failing when the execution cannot run now.
    pub queue: bool,
    /// Run later: `YYYYMMDDHHMM+HHMM` (a timezone is required), e.g. `202501182230+01:00`.
    pub scheduled_time: Option<String>,
    /// Seconds to wait for running tasks after one fails (the client's default is 600).
    pub wait_after_fail: Option<u64>,
}

/// The start body as the Python client sends it: its four flags travel as `"true"`/`"false"`
/// strings, which the manager converts.
#[derive(Serialize)]
struct StartBody<'a> {
    deployment_id: &'a str,
    workflow_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    parameters: Option<&'a Map<String, Value>>,
    allow_custom_parameters: &'static str,
    force: &'static str,
    dry_run: &'static str,
    queue: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    scheduled_time: Option<&'a str>,
    wait_after_fail: u64,
}

fn wire_bool(b: bool) -> &'static str {
    if b {
        "true"
    } else {
        "false"
    }
}

endpoint!(StartExecution(this) -> Execution {
    POST "/executions";
    body = RequestBody::json(&StartBody {
        deployment_id: &this.deployment_id,
        workflow_id: &this.workflow_id,
        parameters: this.parameters.as_ref(),
        allow_custom_parameters: wire_bool(this.allow_custom_parameters),
        force: wire_bool(this.force),
        dry_run: wire_bool(this.dry_run),
        queue: wire_bool(this.queue),
        scheduled_time: this.scheduled_time.as_deref(),
        wait_after_fail: this.wait_after_fail.unwrap_or(600),
    });
});

string_enum!(
    /// What `POST /executions/<id>` (and `/execution-groups/<id>`) does.
    ExecutionAction {
        Cancel = "cancel",
        ForceCancel = "force-cancel",
        Kill = "kill",
        Resume = "resume",
        ForceResume = "force-resume",
        Requeue = "requeue",
    }
);

/// `POST /executions/<id>` with `{"action": ...}`: cancel, force-cancel, kill, resume, force-resume.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExecutionActionRequest {
    pub id: String,
    pub action: ExecutionAction,
}

#[derive(Serialize)]
struct ActionBody<'a> {
    action: &'a str,
}

endpoint!(ExecutionActionRequest(this) -> Execution {
    POST "/executions/{}", this.id;
    body = RequestBody::json(&ActionBody {
        action: this.action.as_str(),
    });
});

/// `PATCH /executions/<id>`: sets the status (and optionally the error) of an execution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpdateExecution {
    pub id: String,
    pub status: ExecutionStatus,
    pub error: Option<String>,
}

#[derive(Serialize)]
struct UpdateBody<'a> {
    status: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

endpoint!(UpdateExecution(this) -> Execution {
    PATCH "/executions/{}", this.id;
    body = RequestBody::json(&UpdateBody {
        status: this.status.as_str(),
        error: this.error.as_deref().filter(|e| !e.is_empty()),
    });
});

/// `DELETE /executions`: deletes finished executions, either older than `to_datetime` or all
/// but the `keep_last` newest (the two are mutually exclusive). Answers how many were deleted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeleteExecutions {
    pub to_datetime: Option<Timestamp>,
    pub keep_last: Option<u64>,
    /// Field filters such as `deployment_id`, and `_all_tenants`.
    pub query: ListQuery,
}

#[derive(Serialize)]
struct DeleteBody {
    /// The client sends `datetime.isoformat()`: naive, no `Z`.
    #[serde(skip_serializing_if = "Option::is_none")]
    to_datetime: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    keep_last: Option<u64>,
}

/// `{"items": [{"count": N}], ...}`.
#[derive(Deserialize)]
struct CountItem {
    #[serde(default)]
    count: u64,
}

endpoint!(DeleteExecutions(this) -> u64 {
    DELETE "/executions";
    query = this.query.to_query();
    body = RequestBody::json(&DeleteBody {
        to_datetime: this
            .to_datetime
            .map(|t| t.0.format("%Y-%m-%dT%H:%M:%S%.f").to_string()),
        keep_last: this.keep_last,
    });
    parse = |r: Response| {
        let page: Page<CountItem> = parse_json(r)?;
        Ok(page.items.first().map_or(0, |c| c.count))
    };
});

// ---------------------------------------------------------------------------------------------
// Execution groups

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExecutionGroup {
    pub id: String,
    pub workflow_id: Option<String>,
    pub deployment_group_id: Option<String>,
    pub execution_ids: Option<Vec<String>>,
    /// Aggregate: `pending`, `started`, `terminated` or `failed` (and `cancelled` once all are).
    pub status: Option<ExecutionStatus>,
    pub concurrency: Option<u64>,
    pub success_group_id: Option<String>,
    pub failure_group_id: Option<String>,
    pub visibility: Option<Visibility>,
    pub resource_availability: Option<Visibility>,
    pub private_resource: Option<bool>,
    pub tenant_name: Option<String>,
    pub created_by: Option<String>,
    pub created_at: Option<Timestamp>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `GET /execution-groups`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListExecutionGroups {
    pub query: ListQuery,
    /// Only groups started from this deployment group.
    pub deployment_group_id: Option<String>,
}

endpoint!(ListExecutionGroups(this) -> Page<ExecutionGroup> {
    GET "/execution-groups";
    query = {
        let mut q = Query::new()
        .opt("deployment_group_id", this.deployment_group_id.clone());
        this.query.write(&mut q);
        q
    };
});

/// `GET /execution-groups/<id>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetExecutionGroup {
    pub id: String,
    pub include: Vec<String>,
}

endpoint!(GetExecutionGroup(this) -> ExecutionGroup {
    GET "/execution-groups/{}", this.id;
    query = include_query(&this.include);
});

/// `POST /execution-groups`: one execution per deployment of a deployment group.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StartExecutionGroup {
    pub deployment_group_id: String,
    pub workflow_id: String,
    /// Parameters for every execution.
    pub default_parameters: Option<Map<String, Value>>,
    /// Overrides per deployment id, merged over `default_parameters`.
    pub parameters: Option<Map<String, Value>>,
    pub force: bool,
    /// How many executions run at a time (the client's default is 5).
    pub concurrency: u64,
}

impl StartExecutionGroup {
    pub fn new(deployment_group_id: impl Into<String>, workflow_id: impl Into<String>) -> Self {
        StartExecutionGroup {
            deployment_group_id: deployment_group_id.into(),
            workflow_id: workflow_id.into(),
            default_parameters: None,
            parameters: None,
            force: false,
            concurrency: 5,
        }
    }
}

endpoint!(StartExecutionGroup(this) -> ExecutionGroup {
    POST "/execution-groups";
    body = RequestBody::json(this);
});

/// `POST /execution-groups/<id>` with `{"action": ...}`: acts on every execution of the group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExecutionGroupAction {
    pub id: String,
    pub action: ExecutionAction,
}

endpoint!(ExecutionGroupAction(this) -> ExecutionGroup {
    POST "/execution-groups/{}", this.id;
    body = RequestBody::json(&ActionBody {
        action: this.action.as_str(),
    });
});

/// `PATCH /execution-groups/<id>` with `success_group_id`/`failure_group_id`: deployments whose
/// execution succeeds (fails) are added to that deployment group. The client sends both keys,
/// `null` for the one not set.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SetExecutionGroupTargets {
    #[serde(skip)]
    pub id: String,
    pub success_group_id: Option<String>,
    pub failure_group_id: Option<String>,
}

endpoint!(SetExecutionGroupTargets(this) -> ExecutionGroup {
    PATCH "/execution-groups/{}", this.id;
    body = RequestBody::json(this);
});

/// `PATCH /execution-groups/<id>` with `{"concurrency": n}` (0 pauses the group).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SetExecutionGroupConcurrency {
    #[serde(skip)]
    pub id: String,
    pub concurrency: u64,
}

endpoint!(SetExecutionGroupConcurrency(this) -> ExecutionGroup {
    PATCH "/execution-groups/{}", this.id;
    body = RequestBody::json(this);
});

/// Per-deployment parameters as an operator types them for a bulk run: a JSON object from
/// deployment id to that deployment's parameters (`{"web-1": {"port": 8081}}`); empty text is
/// none. The message says what is wrong, for the field.
pub fn parse_per_deployment_parameters(text: &str) -> Result<Option<Map<String, Value>>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let value: Value = serde_json::from_str(text)
        .map_err(|e| format!("Per-deployment parameters are not valid JSON: {e}"))?;
    let Value::Object(map) = value else {
        return Err(
            "Per-deployment parameters must be an object: {\"deployment id\": {\"parameter\": value}}"
                .into(),
        );
    };
    if let Some((id, _)) = map.iter().find(|(_, v)| !v.is_object()) {
        return Err(format!(
            "The parameters of “{id}” must be an object of parameter names and values"
        ));
    }
    Ok((!map.is_empty()).then_some(map))
}

/// One deployment's parameters in a bulk run: the defaults, with its own overrides on top (as
/// the manager merges an execution group's `parameters` over `default_parameters`).
pub fn parameters_for(
    defaults: Option<&Map<String, Value>>,
    overrides: Option<&Map<String, Value>>,
    deployment_id: &str,
) -> Option<Map<String, Value>> {
    let mut out = defaults.cloned().unwrap_or_default();
    if let Some(Value::Object(own)) = overrides.and_then(|o| o.get(deployment_id)) {
        for (k, v) in own {
            out.insert(k.clone(), v.clone());
        }
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod per_deployment_tests {
    use super::*;

    #[test]
    fn per_deployment_parameters_are_read_and_merged_over_the_defaults() {
        assert_eq!(parse_per_deployment_parameters("  "), Ok(None));
        let o = parse_per_deployment_parameters(r#"{"web-1": {"port": 8081}}"#)
            .unwrap()
            .unwrap();
        let defaults: Map<String, Value> =
            serde_json::from_str(r#"{"port": 80, "tier": "gold"}"#).unwrap();
        let web1 = parameters_for(Some(&defaults), Some(&o), "web-1").unwrap();
        assert_eq!(web1["port"], 8081);
        assert_eq!(web1["tier"], "gold");
        let web2 = parameters_for(Some(&defaults), Some(&o), "web-2").unwrap();
        assert_eq!(web2["port"], 80);
        assert_eq!(parameters_for(None, None, "x"), None);
    }

    #[test]
    fn per_deployment_parameters_say_what_is_wrong() {
        assert!(parse_per_deployment_parameters("{")
            .unwrap_err()
            .contains("not valid JSON"));
        assert!(parse_per_deployment_parameters("[1]")
            .unwrap_err()
            .contains("must be an object"));
        assert!(parse_per_deployment_parameters(r#"{"web-1": 3}"#)
            .unwrap_err()
            .contains("“web-1”"));
    }
}
