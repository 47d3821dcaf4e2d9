//! Deployments: blueprints instantiated with inputs, the objects operators act on.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::endpoint::{parse_json, Endpoint, Response};
use crate::error::ApiError;
use crate::page::Page;
use crate::query::{ListQuery, Query};
use crate::session::segment;
use crate::time::Timestamp;

use super::executions::ExecutionStatus;
use super::{string_enum, Label, Projectable, Visibility};

string_enum!(
    /// The overall health the manager computes for a deployment.
    DeploymentStatus { Good = "good", InProgress = "in_progress", RequiresAttention = "requires_attention" }
);

string_enum!(
    /// Whether the deployment's install has completed.
    InstallationStatus { Active = "active", Inactive = "inactive" }
);

/// A workflow a deployment offers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Workflow {
    pub name: String,
    pub plugin: Option<String>,
    pub operation: Option<String>,
    /// The parameter schema: name → `{type, default, description, ...}`.
    pub parameters: Option<Map<String, Value>>,
    pub is_cascading: Option<bool>,
    pub is_available: Option<bool>,
    pub availability_rules: Option<Value>,
    pub created_at: Option<Timestamp>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Deployment {
    pub id: String,
    pub display_name: Option<String>,
    pub description: Option<String>,
    pub blueprint_id: Option<String>,
    pub site_name: Option<String>,
    pub visibility: Option<Visibility>,
    pub resource_availability: Option<Visibility>,
    pub private_resource: Option<bool>,
    pub tenant_name: Option<String>,
    pub created_by: Option<String>,
    pub created_at: Option<Timestamp>,
    pub updated_at: Option<Timestamp>,
    pub labels: Option<Vec<Label>>,
    pub inputs: Option<Map<String, Value>>,
    pub outputs: Option<Map<String, Value>>,
    pub capabilities: Option<Map<String, Value>>,
    pub groups: Option<Value>,
    pub policy_triggers: Option<Value>,
    pub policy_types: Option<Value>,
    pub scaling_groups: Option<Value>,
    pub resource_tags: Option<Value>,
    pub workflows: Option<Vec<Workflow>>,
    pub deployment_groups: Option<Vec<String>>,
    pub installation_status: Option<InstallationStatus>,
    pub deployment_status: Option<DeploymentStatus>,
    pub latest_execution: Option<String>,
    pub latest_execution_status: Option<ExecutionStatus>,
    pub latest_execution_workflow_id: Option<String>,
    pub latest_execution_total_operations: Option<u64>,
    pub latest_execution_finished_operations: Option<u64>,
    pub create_execution: Option<String>,
    pub sub_services_status: Option<DeploymentStatus>,
    pub sub_environments_status: Option<DeploymentStatus>,
    pub sub_services_count: Option<u64>,
    pub sub_environments_count: Option<u64>,
    pub has_sub_deployments: Option<bool>,
    pub environment_type: Option<String>,
    pub drifted_instances: Option<u64>,
    pub unavailable_instances: Option<u64>,
    pub runtime_only_evaluation: Option<bool>,
    pub permalink: Option<String>,
    pub workdir_zip: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Deployment {
    /// The name to show: the display name, or the id when there is none.
    pub fn name(&self) -> &str {
        self.display_name
            .as_deref()
            .filter(|n| !n.is_empty())
            .unwrap_or(&self.id)
    }

    /// The first value of label `key`.
    pub fn label(&self, key: &str) -> Option<&str> {
        self.labels
            .as_deref()?
            .iter()
            .find(|l| l.key == key)
            .map(|l| l.value.as_str())
    }
}

impl Projectable for Deployment {
    fn field_names() -> &'static [&'static str] {
        &[
            "id",
            "display_name",
            "description",
            "blueprint_id",
            "site_name",
            "visibility",
            "tenant_name",
            "created_by",
            "created_at",
            "updated_at",
            "labels",
            "installation_status",
            "deployment_status",
            "latest_execution_status",
            "environment_type",
            "sub_services_count",
            "sub_environments_count",
        ]
    }
}

/// `GET /deployments`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListDeployments {
    pub query: ListQuery,
}

impl Endpoint for ListDeployments {
    type Output = Page<Deployment>;
    fn method(&self) -> http::Method {
        http::Method::GET
    }
    fn path(&self) -> String {
        "/deployments".into()
    }
    fn query(&self) -> Query {
        self.query.to_query()
    }
    fn parse(&self, r: Response) -> Result<Page<Deployment>, ApiError> {
        parse_json(r)
    }
}

/// `GET /deployments/<id>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetDeployment {
    pub id: String,
    pub include: Vec<String>,
    /// Count sub-deployments through the whole tree, not only direct children.
    pub all_sub_deployments: Option<bool>,
}

impl Endpoint for GetDeployment {
    type Output = Deployment;
    fn method(&self) -> http::Method {
        http::Method::GET
    }
    fn path(&self) -> String {
        format!("/deployments/{}", segment(&self.id))
    }
    fn query(&self) -> Query {
        ListQuery::new()
            .include(self.include.iter().cloned())
            .to_query()
            .flag("all_sub_deployments", self.all_sub_deployments)
    }
    fn parse(&self, r: Response) -> Result<Deployment, ApiError> {
        parse_json(r)
    }
}

impl crate::filters::Filterable for Deployment {
    fn attribute(&self, key: &str) -> Option<crate::filters::AttributeValue<'_>> {
        use crate::filters::AttributeValue::Str;
        fn text(v: Option<&str>) -> Option<crate::filters::AttributeValue<'_>> {
            Some(v.map_or(
                crate::filters::AttributeValue::Null,
                crate::filters::AttributeValue::Str,
            ))
        }
        match key {
            "id" => Some(Str(&self.id)),
            "blueprint_id" => text(self.blueprint_id.as_deref()),
            "created_by" => text(self.created_by.as_deref()),
            "site_name" => text(self.site_name.as_deref()),
            "tenant_name" => text(self.tenant_name.as_deref()),
            "display_name" => text(self.display_name.as_deref()),
            "installation_status" => text(self.installation_status.as_ref().map(|s| s.as_str())),
            // `schedules` is a relationship the model does not carry; the holder of the
            // schedules (the demo manager) answers it.
            _ => None,
        }
    }

    fn labels(&self) -> impl Iterator<Item = (&str, &str)> {
        self.labels
            .iter()
            .flatten()
            .map(|l| (l.key.as_str(), l.value.as_str()))
    }
}
