//! Executions: runs of a workflow on a deployment.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

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
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Execution {
    pub id: String,
    pub workflow_id: Option<String>,
    pub deployment_id: Option<String>,
    pub blueprint_id: Option<String>,
    pub status: Option<ExecutionStatus>,
    pub status_display: Option<String>,
    pub error: Option<String>,
    pub is_system_workflow: Option<bool>,
    pub is_dry_run: Option<bool>,
    pub parameters: Option<Map<String, Value>>,
    pub visibility: Option<Visibility>,
    pub tenant_name: Option<String>,
    pub created_by: Option<String>,
    pub created_at: Option<Timestamp>,
    pub started_at: Option<Timestamp>,
    pub ended_at: Option<Timestamp>,
    pub scheduled_for: Option<Timestamp>,
    pub total_operations: Option<u64>,
    pub finished_operations: Option<u64>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
