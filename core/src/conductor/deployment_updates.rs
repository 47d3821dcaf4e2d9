//! Deployment updates: moving a deployment to another blueprint or other inputs.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::endpoint::{endpoint, RequestBody};
use crate::page::Page;
use crate::query::ListQuery;
use crate::time::Timestamp;

use super::{string_enum, Visibility};

string_enum!(
    /// Where an update is.
    DeploymentUpdateState {
        Updating = "updating",
        ExecutingWorkflow = "executing_workflow",
        Finalizing = "finalizing",
        Successful = "successful",
        Failed = "failed",
        Preview = "preview",
    }
);

impl DeploymentUpdateState {
    /// The update will not change any more.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            DeploymentUpdateState::Successful
                | DeploymentUpdateState::Failed
                | DeploymentUpdateState::Preview
        )
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeploymentUpdate {
    pub id: String,
    pub deployment_id: Option<String>,
    pub old_blueprint_id: Option<String>,
    pub new_blueprint_id: Option<String>,
    pub old_inputs: Option<Map<String, Value>>,
    pub new_inputs: Option<Map<String, Value>>,
    pub state: Option<DeploymentUpdateState>,
    pub tenant_name: Option<String>,
    pub created_at: Option<Timestamp>,
    pub created_by: Option<String>,
    pub execution_id: Option<String>,
    pub private_resource: Option<bool>,
    pub visibility: Option<Visibility>,
    pub resource_availability: Option<Visibility>,
    pub deployment_update_nodes: Option<Value>,
    pub deployment_update_node_instances: Option<Value>,
    pub deployment_update_deployment: Option<Value>,
    pub modified_entity_ids: Option<Value>,
    pub steps: Option<Vec<Value>>,
    pub deployment_plan: Option<Value>,
    pub central_plugins_to_install: Option<Vec<Value>>,
    pub central_plugins_to_uninstall: Option<Vec<Value>>,
    pub runtime_only_evaluation: Option<bool>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `POST /deployment-updates/<deployment-id>/update/initiate` with a JSON body (the PUT of
/// older managers is gone since 7.0). Unset flags are left out and take the manager's default.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct InitiateDeploymentUpdate {
    #[serde(skip)]
    pub deployment_id: String,
    /// The blueprint to move to; the current one when unset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blueprint_id: Option<String>,
    /// Inputs to change; the others keep their values.
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub inputs: Map<String, Value>,
    /// Node instances to reinstall even with `skip_reinstall`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reinstall_list: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workflow_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skip_install: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skip_uninstall: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skip_reinstall: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skip_drift_check: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub force_reinstall: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skip_heal: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub force: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ignore_failure: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub install_first: Option<bool>,
    /// Only compute the steps; change nothing (manager 5.0+).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preview: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub update_plugins: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runtime_only_evaluation: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_correct_types: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reevaluate_active_statuses: Option<bool>,
}

endpoint!(InitiateDeploymentUpdate(this) -> DeploymentUpdate {
    POST "/deployment-updates/{}/update/initiate", this.deployment_id;
    body = RequestBody::json(this);
});

/// `GET /deployment-updates/<update-id>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetDeploymentUpdate {
    pub id: String,
    pub include: Vec<String>,
}

endpoint!(GetDeploymentUpdate(this) -> DeploymentUpdate {
    GET "/deployment-updates/{}", this.id;
    query = ListQuery::new()
        .include(this.include.iter().cloned())
        .to_query();
});

/// `GET /deployment-updates`; filter one deployment's with a `deployment_id` field filter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListDeploymentUpdates {
    pub query: ListQuery,
}

endpoint!(ListDeploymentUpdates(this) -> Page<DeploymentUpdate> {
    GET "/deployment-updates";
    query = this.query.to_query();
});
