//! The Cloud Manager's objects. Only a few field names are public (`metadata.name`, `uid`,
//! `spec.version`, `desiredState`, `master.replicas`, `status.resourceVersion`…); the others
//! follow the same camelCase style and are assumptions, listed in `core/docs/coverage-imply.md`.
//! Every object keeps the fields it does not name in `extra`, so an update sends them back.

use serde::{Deserialize, Serialize};

use crate::cloud::{lenient_u64, ClusterCard, Extra, Health, ProviderKind};
use crate::conductor::string_enum;
use crate::time::Timestamp;

string_enum!(
    /// What the operator asks the cluster to be.
    DesiredState { Started = "STARTED", Stopped = "STOPPED" }
);

string_enum!(
    /// Where the cluster is (assumed values; `UPDATING` is the one the 409 names).
    ClusterState {
        Creating = "CREATING",
        Starting = "STARTING",
        Running = "RUNNING",
        Updating = "UPDATING",
        Stopping = "STOPPING",
        Stopped = "STOPPED",
        Failed = "FAILED",
        Deleting = "DELETING",
    }
);

impl ClusterState {
    pub fn words(&self) -> &str {
        match self {
            ClusterState::Creating => "Being created",
            ClusterState::Starting => "Starting",
            ClusterState::Running => "Running",
            ClusterState::Updating => "Applying a change",
            ClusterState::Stopping => "Stopping",
            ClusterState::Stopped => "Stopped",
            ClusterState::Failed => "Failed",
            ClusterState::Deleting => "Being deleted",
            ClusterState::Other(s) => s,
        }
    }

    pub fn health(&self) -> Health {
        match self {
            ClusterState::Running => Health::Running,
            ClusterState::Stopped => Health::Stopped,
            ClusterState::Failed => Health::Attention,
            ClusterState::Other(_) => Health::Unknown,
            _ => Health::Busy,
        }
    }
}

/// `{name, value}`: tags and runtime properties.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NameValue {
    pub name: String,
    pub value: String,
}

impl NameValue {
    pub fn new(name: &str, value: &str) -> Self {
        NameValue {
            name: name.into(),
            value: value.into(),
        }
    }
}

/// Name and identity of a cluster.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ObjectMeta {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub creation_timestamp: Option<Timestamp>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The master (coordinator/overlord) servers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct MasterConfiguration {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replicas: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_type: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub coordinator_runtime_properties: Vec<NameValue>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub overlord_runtime_properties: Vec<NameValue>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The query servers (brokers, routers, Pivot).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct QueryConfiguration {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replicas: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_type: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub broker_runtime_properties: Vec<NameValue>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// One tier of data servers (historicals and middle managers).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct DataTier {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replicas: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disk_size_gb: Option<u32>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The data servers: one or more tiers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct DataConfiguration {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tiers: Vec<DataTier>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Where segments are kept (`s3://bucket/path`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct DeepStorage {
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The metadata database.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct MetadataStore {
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// How the cluster is reached.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct LoadBalancer {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub internal: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Who may open Pivot.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PivotAccess {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub allowed_cidrs: Vec<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A file placed on the servers (extensions, configs).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CustomFile {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// What the cluster should be.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ClusterSpec {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub desired_state: Option<DesiredState>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aws_instance_role: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aws_key_pair: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aws_tags: Vec<NameValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encrypt_volumes: Option<bool>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub common_runtime_properties: Vec<NameValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub master: Option<MasterConfiguration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query: Option<QueryConfiguration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<DataConfiguration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deep_storage: Option<DeepStorage>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata_store: Option<MetadataStore>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub load_balancer: Option<LoadBalancer>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pivot_access: Option<PivotAccess>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub custom_files: Vec<CustomFile>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A change being applied (which version it goes to, how far it got).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct UpdateState {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_resource_version: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub progress: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started: Option<Timestamp>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Something that happened to the cluster.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Event {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<Timestamp>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Where the cluster is and which configuration version it runs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ClusterStatus {
    /// Increments on every configuration change; the key of `/history/{resourceVersion}`.
    #[serde(
        deserialize_with = "lenient_u64",
        skip_serializing_if = "Option::is_none"
    )]
    pub resource_version: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<ClusterState>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub update_state: Option<UpdateState>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<Event>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// An Imply cluster.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Cluster {
    pub metadata: ObjectMeta,
    pub spec: ClusterSpec,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<ClusterStatus>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Cluster {
    pub fn id(&self) -> &str {
        self.metadata.uid.as_deref().unwrap_or(&self.metadata.name)
    }

    pub fn state(&self) -> ClusterState {
        self.status
            .as_ref()
            .and_then(|s| s.state.clone())
            .unwrap_or_else(|| ClusterState::Other("unknown".into()))
    }

    /// The cluster as the overview shows it.
    pub fn card(&self) -> ClusterCard {
        let state = self.state();
        ClusterCard {
            provider: ProviderKind::Imply,
            id: self.id().to_string(),
            name: self.metadata.name.clone(),
            health: state.health(),
            state: state.words().to_string(),
            created: self.metadata.creation_timestamp,
            version: self.spec.version.clone(),
            last_event: self
                .status
                .as_ref()
                .and_then(|s| s.events.last())
                .and_then(|e| e.message.clone()),
        }
    }
}

/// A server instance of a cluster.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Server {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `master`, `query` or `data`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_ip: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub launch_time: Option<Timestamp>,
    #[serde(flatten)]
    pub extra: Extra,
}
