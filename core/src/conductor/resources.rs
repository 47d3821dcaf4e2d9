//! Models of the other resources the console lists (secrets, sites, saved filters, groups,
//! nodes, events...). Their endpoints grow with the full API; the models already read every
//! real answer with nothing lost.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::time::Timestamp;

use super::{Label, Visibility};

/// Fields every tenant-owned resource carries.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Ownership {
    pub visibility: Option<Visibility>,
    pub resource_availability: Option<Visibility>,
    pub private_resource: Option<bool>,
    pub tenant_name: Option<String>,
    pub created_by: Option<String>,
    pub created_at: Option<Timestamp>,
    pub updated_at: Option<Timestamp>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Secret {
    pub key: String,
    /// Present only on a get, and only when the caller may see it. A schema-typed value that
    /// arrives as JSON (an object, a list, a number) is kept as its JSON text.
    #[serde(deserialize_with = "text_or_json")]
    pub value: Option<String>,
    pub is_hidden_value: Option<bool>,
    pub provider_name: Option<String>,
    pub provider_options: Option<Value>,
    pub schema: Option<Value>,
    #[serde(flatten)]
    pub owner: Ownership,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A string as it is; any other JSON value as its JSON text.
fn text_or_json<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        Some(other) => Some(other.to_string()),
    })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Site {
    pub name: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// `"lat, long"` as the manager formats it.
    pub location: Option<String>,
    #[serde(flatten)]
    pub owner: Ownership,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A saved filter (`/filters/deployments`, `/filters/blueprints`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SavedFilter {
    pub id: String,
    /// All its rules.
    pub value: Vec<crate::filters::FilterRule>,
    pub labels_filter_rules: Option<Vec<crate::filters::FilterRule>>,
    pub attrs_filter_rules: Option<Vec<crate::filters::FilterRule>>,
    pub is_system_filter: Option<bool>,
    #[serde(flatten)]
    pub owner: Ownership,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeploymentGroup {
    pub id: String,
    pub description: Option<String>,
    pub deployment_ids: Vec<String>,
    pub default_blueprint_id: Option<String>,
    pub default_inputs: Option<Value>,
    pub creation_counter: Option<u64>,
    pub labels: Option<Vec<Label>>,
    #[serde(flatten)]
    pub owner: Ownership,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Node {
    pub id: String,
    #[serde(rename = "type")]
    pub node_type: Option<String>,
    pub deployment_id: Option<String>,
    pub blueprint_id: Option<String>,
    pub host_id: Option<String>,
    pub number_of_instances: Option<u64>,
    pub deploy_number_of_instances: Option<u64>,
    pub planned_number_of_instances: Option<u64>,
    pub properties: Option<Value>,
    pub operations: Option<Value>,
    pub relationships: Option<Value>,
    pub type_hierarchy: Option<Vec<String>>,
    /// Deployed instances, counting scaling groups (the CLI's `number_of_instances`).
    pub actual_number_of_instances: Option<u64>,
    /// Planned instances, counting scaling groups.
    pub actual_planned_number_of_instances: Option<u64>,
    pub min_number_of_instances: Option<i64>,
    /// `-1` means unbounded.
    pub max_number_of_instances: Option<i64>,
    pub plugins: Option<Vec<Value>>,
    pub plugins_to_install: Option<Vec<Value>>,
    pub tenant_name: Option<String>,
    /// Instances whose status check failed (with `_instance_counts`).
    pub unavailable_instances: Option<u64>,
    /// Instances with configuration drift (with `_instance_counts`).
    pub drifted_instances: Option<u64>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NodeInstance {
    pub id: String,
    pub node_id: Option<String>,
    pub deployment_id: Option<String>,
    pub host_id: Option<String>,
    pub state: Option<String>,
    pub index: Option<u64>,
    /// Optimistic-locking version; send it back when updating.
    pub version: Option<u64>,
    pub runtime_properties: Option<Map<String, Value>>,
    pub system_properties: Option<Value>,
    pub relationships: Option<Vec<Value>>,
    pub scaling_groups: Option<Vec<Value>>,
    pub has_configuration_drift: Option<bool>,
    pub is_status_check_ok: Option<bool>,
    #[serde(flatten)]
    pub owner: Ownership,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An event or a log line of an execution.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Event {
    /// `cloudify_event` or `cloudify_log`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub event_type: Option<String>,
    pub level: Option<String>,
    pub message: Option<String>,
    pub timestamp: Option<Timestamp>,
    pub reported_timestamp: Option<Timestamp>,
    pub execution_id: Option<String>,
    pub deployment_id: Option<String>,
    pub blueprint_id: Option<String>,
    pub workflow_id: Option<String>,
    pub node_name: Option<String>,
    pub node_instance_id: Option<String>,
    pub operation: Option<String>,
    pub error_causes: Option<Vec<Value>>,
    /// The logger id (logs only).
    pub logger: Option<String>,
    pub manager_name: Option<String>,
    pub agent_name: Option<String>,
    pub source_id: Option<String>,
    pub target_id: Option<String>,
    pub deployment_display_name: Option<String>,
    /// The manager's storage key; stable across pages, handy to deduplicate while tailing.
    #[serde(rename = "_storage_id")]
    pub storage_id: Option<u64>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One cause of a failed task (`error_causes` of a `task_failed` event).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ErrorCause {
    pub message: Option<String>,
    pub traceback: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Event {
    /// `error_causes` as typed causes (entries that are not objects are skipped).
    pub fn causes(&self) -> Vec<ErrorCause> {
        self.error_causes
            .iter()
            .flatten()
            .filter_map(|v| serde_json::from_value(v.clone()).ok())
            .collect()
    }

    /// A log line rather than an event.
    pub fn is_log(&self) -> bool {
        self.kind.as_deref() == Some("cloudify_log")
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Plugin {
    pub id: String,
    pub package_name: Option<String>,
    pub package_version: Option<String>,
    pub distribution: Option<String>,
    pub supported_platform: Option<String>,
    pub title: Option<String>,
    pub uploaded_at: Option<Timestamp>,
    pub archive_name: Option<String>,
    pub package_source: Option<String>,
    pub distribution_version: Option<String>,
    pub distribution_release: Option<String>,
    pub wheels: Option<Vec<String>>,
    pub excluded_wheels: Option<Vec<String>>,
    pub supported_py_versions: Option<Vec<String>>,
    /// Usually `[]` or `["installed"]`; newer managers send per-host objects.
    pub installation_state: Option<Vec<Value>>,
    pub blueprint_labels: Option<Value>,
    pub labels: Option<Value>,
    pub resource_tags: Option<Value>,
    /// The parsed plugin YAML (`plugins`, `node_types`...).
    pub yaml_url_path: Option<String>,
    pub file_server_path: Option<String>,
    #[serde(flatten)]
    pub owner: Ownership,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
