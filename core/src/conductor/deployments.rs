//! Deployments: blueprints instantiated with inputs, the objects operators act on.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::endpoint;
use crate::endpoint::{parse_empty, RequestBody};
use crate::page::Page;
use crate::query::{ListQuery, Query};
use crate::time::Timestamp;

use super::blueprints::{labels_body, visibility_body};
use super::executions::ExecutionStatus;
use super::labels::LabelPair;
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
    /// A list; managers before 5.x sent a `{name: {...}}` object, read into the same list.
    #[serde(deserialize_with = "workflows_list_or_map")]
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

endpoint!(ListDeployments(this) -> Page<Deployment> {
    GET "/deployments";
    query = this.query.to_query();
});

/// The deployments-only list options, kept in the query's parameters so `ListDeployments
/// { query }` stays the whole request. Each is sent as the Python client sends it.
impl ListDeployments {
    /// `_group_id=<id>`: only the members of this deployment group.
    pub fn in_group(mut self, group_id: impl Into<String>) -> Self {
        self.query
            .filters
            .push(("_group_id".into(), group_id.into()));
        self
    }

    /// `_dependencies_of=<id>`: only the deployments this one depends on.
    pub fn dependencies_of(mut self, deployment_id: impl Into<String>) -> Self {
        self.query
            .filters
            .push(("_dependencies_of".into(), deployment_id.into()));
        self
    }

    /// `_environments_only=true`: only environments (deployments that hold services).
    pub fn environments_only(mut self) -> Self {
        self.query
            .filters
            .push(("_environments_only".into(), "true".into()));
        self
    }
}

/// `GET /deployments/<id>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetDeployment {
    pub id: String,
    pub include: Vec<String>,
    /// Count sub-deployments through the whole tree, not only direct children.
    pub all_sub_deployments: Option<bool>,
    /// `include_workdir=true`: the answer carries the deployment's working directory as a
    /// base64 zip (`workdir_zip`); sent only when asked, as the Python client does.
    pub include_workdir: bool,
}

endpoint!(GetDeployment(this) -> Deployment {
    GET "/deployments/{}", this.id;
    query = Query::include(&this.include)
        .flag("all_sub_deployments", this.all_sub_deployments)
        .flag("include_workdir", this.include_workdir.then_some(true));
});

impl crate::filters::Filterable for Deployment {
    fn attribute(&self, key: &str) -> Option<crate::filters::AttributeValue<'_>> {
        use crate::filters::AttributeValue::Str;
        let text = crate::filters::AttributeValue::text;
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

fn workflows_list_or_map<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<Vec<Workflow>>, D::Error> {
    use serde::de::Error;
    match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) => items
            .into_iter()
            .map(|v| serde_json::from_value(v).map_err(D::Error::custom))
            .collect::<Result<Vec<Workflow>, _>>()
            .map(Some),
        Some(Value::Object(map)) => map
            .into_iter()
            .map(|(name, v)| {
                let mut w: Workflow = serde_json::from_value(v).map_err(D::Error::custom)?;
                w.name = name;
                Ok(w)
            })
            .collect::<Result<Vec<Workflow>, _>>()
            .map(Some),
        Some(other) => Err(D::Error::custom(format!(
            "workflows must be a list or an object, got {other}"
        ))),
    }
}

/// `PUT /deployments/<id>`: creates a deployment from an uploaded blueprint. The body is the
/// Python client's: `blueprint_id`, `visibility`, `skip_plugins_validation` and
/// `runtime_only_evaluation` always, the rest when given. Answers 201 with the deployment.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CreateDeployment {
    pub id: String,
    pub blueprint_id: String,
    pub inputs: Map<String, Value>,
    /// `tenant` when not set.
    pub visibility: Option<Visibility>,
    pub site_name: Option<String>,
    pub labels: Vec<LabelPair>,
    pub display_name: Option<String>,
    pub skip_plugins_validation: bool,
    /// Evaluate intrinsic functions only at run time.
    pub runtime_only_evaluation: bool,
    /// Fields the created deployment is projected to (`_include`).
    pub include: Vec<String>,
    /// `async_create=true`: the manager answers at once and creates the deployment's
    /// environment in the background (the answer's `create_execution` follows it).
    pub async_create: bool,
}

#[derive(Serialize)]
struct CreateDeploymentBody<'a> {
    blueprint_id: &'a str,
    visibility: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    inputs: Option<&'a Map<String, Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    site_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    labels: Option<&'a [LabelPair]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    display_name: Option<&'a str>,
    skip_plugins_validation: bool,
    runtime_only_evaluation: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    async_create: bool,
}

endpoint!(CreateDeployment(this) -> Deployment {
    PUT "/deployments/{}", this.id;
    query = Query::include(&this.include);
    body = RequestBody::json(&CreateDeploymentBody {
        blueprint_id: &this.blueprint_id,
        visibility: this
            .visibility
            .as_ref()
            .map_or("tenant", Visibility::as_str),
        inputs: (!this.inputs.is_empty()).then_some(&this.inputs),
        site_name: this.site_name.as_deref().filter(|s| !s.is_empty()),
        labels: (!this.labels.is_empty()).then_some(this.labels.as_slice()),
        display_name: this.display_name.as_deref(),
        skip_plugins_validation: this.skip_plugins_validation,
        runtime_only_evaluation: this.runtime_only_evaluation,
        async_create: this.async_create,
    });
});

/// `DELETE /deployments/<id>`; 204. Without `force` the manager refuses while the deployment
/// has live node instances or other deployments depend on it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeleteDeployment {
    pub id: String,
    /// Delete even with live nodes or dependent installations.
    pub force: bool,
    /// Also delete the deployment's management workers' logs.
    pub delete_logs: bool,
    /// Also delete the service deployments that have this one as their environment.
    pub recursive: bool,
}

endpoint!(DeleteDeployment(this) -> () {
    DELETE "/deployments/{}", this.id;
    // The Python client always sends all three, so the manager never falls back on a default
    // of its own.
    query = Query::new()
        .flag("force", Some(this.force))
        .flag("delete_logs", Some(this.delete_logs))
        .flag("recursive", Some(this.recursive));
    parse = parse_empty;
});

/// `PATCH /deployments/<id>/set-visibility` `{visibility}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetDeploymentVisibility {
    pub id: String,
    pub visibility: Visibility,
}

endpoint!(SetDeploymentVisibility(this) -> Deployment {
    PATCH "/deployments/{}/set-visibility", this.id;
    body = visibility_body(&this.visibility);
});

/// `POST /deployments/<id>/set-site` `{detach_site, site_name?}`: assigns a site, or with
/// `site_name: None` detaches the current one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SetDeploymentSite {
    pub id: String,
    /// The site to assign; `None` detaches.
    pub site_name: Option<String>,
}

#[derive(Serialize)]
struct SetSiteBody<'a> {
    detach_site: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    site_name: Option<&'a str>,
}

endpoint!(SetDeploymentSite(this) -> Deployment {
    POST "/deployments/{}/set-site", this.id;
    body = RequestBody::json(&SetSiteBody {
        detach_site: this.site_name.is_none(),
        site_name: this.site_name.as_deref(),
    });
});

/// `PATCH /deployments/<id>` `{labels: [{k: v}, ...]}`: replaces the deployment's labels.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UpdateDeploymentLabels {
    pub id: String,
    pub labels: Vec<LabelPair>,
}

endpoint!(UpdateDeploymentLabels(this) -> Deployment {
    PATCH "/deployments/{}", this.id;
    body = labels_body(&this.labels);
});

/// A deployment's evaluated outputs (`GET /deployments/<id>/outputs`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeploymentOutputs {
    pub deployment_id: String,
    /// Output name → evaluated value.
    pub outputs: Map<String, Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A deployment's evaluated capabilities (`GET /deployments/<id>/capabilities`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeploymentCapabilities {
    pub deployment_id: String,
    /// Capability name → evaluated value.
    pub capabilities: Map<String, Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `GET /deployments/<id>/outputs`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetDeploymentOutputs {
    pub id: String,
}

endpoint!(GetDeploymentOutputs(this) -> DeploymentOutputs {
    GET "/deployments/{}/outputs", this.id;
});

/// `GET /deployments/<id>/capabilities`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetDeploymentCapabilities {
    pub id: String,
}

endpoint!(GetDeploymentCapabilities(this) -> DeploymentCapabilities {
    GET "/deployments/{}/capabilities", this.id;
});

/// One deployment depending on another (a component, a shared resource, a
/// `get_capability` call).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InterDeploymentDependency {
    pub id: String,
    /// What made the dependency (`component.<name>`, a function's blueprint path...).
    pub dependency_creator: String,
    pub source_deployment_id: Option<String>,
    /// `None` when the target is decided at run time or is external.
    pub target_deployment_id: Option<String>,
    pub target_deployment_func: Option<Value>,
    pub external_source: Option<Value>,
    pub external_target: Option<Value>,
    pub visibility: Option<Visibility>,
    pub resource_availability: Option<Visibility>,
    pub private_resource: Option<bool>,
    pub tenant_name: Option<String>,
    pub created_by: Option<String>,
    pub created_at: Option<Timestamp>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `GET /deployments/inter-deployment-dependencies`; filter with
/// `source_deployment_id`/`target_deployment_id` field filters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListInterDeploymentDependencies {
    pub query: ListQuery,
}

endpoint!(ListInterDeploymentDependencies(this) -> Page<InterDeploymentDependency> {
    GET "/deployments/inter-deployment-dependencies";
    query = this.query.to_query();
});

/// The body that names one dependency, for create and delete.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct DependencySpec {
    pub dependency_creator: String,
    pub source_deployment: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_deployment: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_deployment_func: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_source: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_target: Option<Value>,
}

/// `PUT /deployments/inter-deployment-dependencies` with a JSON [`DependencySpec`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CreateInterDeploymentDependency {
    pub spec: DependencySpec,
}

endpoint!(CreateInterDeploymentDependency(this) -> InterDeploymentDependency {
    PUT "/deployments/inter-deployment-dependencies";
    body = RequestBody::json(&this.spec);
});

#[derive(Serialize)]
struct DeleteDependencyBody<'a> {
    #[serde(flatten)]
    spec: &'a DependencySpec,
    is_component_deletion: bool,
}

/// `DELETE /deployments/inter-deployment-dependencies` with a JSON body naming the dependency
/// (a DELETE with a body, as the Python client sends it).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DeleteInterDeploymentDependency {
    pub spec: DependencySpec,
    /// Allows deleting a component dependency whose target is already gone.
    pub is_component_deletion: bool,
}

endpoint!(DeleteInterDeploymentDependency(this) -> () {
    DELETE "/deployments/inter-deployment-dependencies";
    body = RequestBody::json(&DeleteDependencyBody {
        spec: &this.spec,
        is_component_deletion: this.is_component_deletion,
    });
    parse = parse_empty;
});
