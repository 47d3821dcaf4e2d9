//! The manager itself: version, health, cluster nodes, maintenance mode and configuration.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::endpoint;
use crate::endpoint::{parse_json, Response};
use crate::page::Page;
use crate::query::{ListQuery, Query};
use crate::session::segment;
use crate::time::Timestamp;

use super::string_enum;

/// `GET /version`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Version {
    pub version: Option<String>,
    /// `community` or `premium`.
    pub edition: Option<String>,
    pub build: Option<String>,
    pub date: Option<String>,
    pub commit: Option<String>,
    pub distribution: Option<String>,
    pub distro_release: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetVersion;

endpoint!(GetVersion -> Version {
    GET "/version";
});

string_enum!(
    /// The overall health of the manager or the cluster.
    Health { Ok = "OK", Degraded = "Degraded", Fail = "Fail" }
);

string_enum!(
    /// The state of one service.
    ServiceState { Active = "Active", Inactive = "Inactive", Failed = "Failed", Unknown = "Unknown" }
);

/// One systemd unit instance behind a service (DBus names).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServiceInstance {
    #[serde(rename = "Id")]
    pub id: Option<String>,
    #[serde(rename = "Description")]
    pub description: Option<String>,
    /// `unknown`, `down`, `up`, `finish`, `running`...
    pub state: Option<String>,
    #[serde(rename = "LoadState")]
    pub load_state: Option<String>,
    /// `active`, `reloading`, `inactive`, `failed`, `activating`, `deactivating`.
    #[serde(rename = "ActiveState")]
    pub active_state: Option<String>,
    #[serde(rename = "SubState")]
    pub sub_state: Option<String>,
    #[serde(rename = "MainPID")]
    pub main_pid: Option<u64>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// How systemd runs a service.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SystemdInfo {
    pub display_name: Option<String>,
    pub unit_id: Option<String>,
    pub instances: Option<Vec<ServiceInstance>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The details of a service's status.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServiceExtraInfo {
    pub systemd: Option<SystemdInfo>,
    /// RabbitMQ's reachability check (`OK`).
    pub connection_check: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One service in `GET /status`, or in a node of `GET /cluster-status`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServiceStatus {
    pub status: Option<ServiceState>,
    pub is_remote: Option<bool>,
    pub extra_info: Option<ServiceExtraInfo>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `GET /status`: the manager's overall and per-service health.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ManagerStatus {
    /// `OK` or `Fail`.
    pub status: Option<Health>,
    /// Service name → status; empty in a summary.
    pub services: BTreeMap<String, ServiceStatus>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `GET /status[?summary=true]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetStatus {
    /// Only the overall status, with `services` empty.
    pub summary: bool,
}

endpoint!(GetStatus(this) -> ManagerStatus {
    GET "/status";
    query = Query::new().flag("summary", this.summary.then_some(true));
    parse = |r: Response| {
        if r.status() == http::StatusCode::INTERNAL_SERVER_ERROR {
            if let Ok(s) = serde_json::from_slice::<ManagerStatus>(r.body()) {
                if s.status.is_some() {
                    return Ok(s);
                }
            }
        }
        parse_json(r)
    };
});

/// One node of a cluster service (a manager, a database or a broker host).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClusterNode {
    pub status: Option<Health>,
    pub version: Option<String>,
    pub public_ip: Option<String>,
    pub private_ip: Option<String>,
    pub services: Option<BTreeMap<String, ServiceStatus>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One of the cluster's services: `manager`, `db` or `broker`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClusterService {
    pub status: Option<Health>,
    /// Node name → its status.
    pub nodes: Option<BTreeMap<String, ClusterNode>>,
    pub is_external: Option<bool>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `GET /cluster-status`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClusterStatus {
    /// `OK`, `Degraded` or `Fail`.
    pub status: Option<Health>,
    /// `manager`, `db`, `broker` → status; empty in a summary.
    pub services: BTreeMap<String, ClusterService>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `GET /cluster-status[?summary=true]`. A failed cluster answers 500 with the status body,
/// which this reads as the status rather than an error.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetClusterStatus {
    pub summary: bool,
}

endpoint!(GetClusterStatus(this) -> ClusterStatus {
    GET "/cluster-status";
    query = Query::new().flag("summary", this.summary.then_some(true));
    parse = |r: Response| {
        if r.status() == http::StatusCode::INTERNAL_SERVER_ERROR {
            if let Ok(s) = serde_json::from_slice::<ClusterStatus>(r.body()) {
                if s.status.is_some() {
                    return Ok(s);
                }
            }
        }
        parse_json(r)
    };
});

/// A node of the manager cluster (`ManagerItem`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ManagerNode {
    pub id: Option<u64>,
    pub hostname: String,
    pub private_ip: Option<String>,
    pub public_ip: Option<String>,
    pub version: Option<String>,
    /// `community`, `premium` or `spire`.
    pub edition: Option<String>,
    pub distribution: Option<String>,
    pub distro_release: Option<String>,
    /// Syncthing's id for file-system replication.
    pub fs_sync_node_id: Option<String>,
    /// Network name → address.
    pub networks: Option<BTreeMap<String, String>>,
    pub ca_cert_content: Option<String>,
    pub last_seen: Option<Timestamp>,
    pub status_report_frequency: Option<u64>,
    pub node_id: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `GET /managers`: every node of the cluster (the answer may have no pagination).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListManagers {
    pub query: ListQuery,
}

endpoint!(ListManagers(this) -> Page<ManagerNode> {
    GET "/managers";
    query = this.query.to_query();
});

crate::impl_paged!(ListManagers => ManagerNode);

/// `GET /managers/<hostname>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetManager {
    pub hostname: String,
}

endpoint!(GetManager(this) -> ManagerNode {
    GET "/managers/{}", this.hostname;
});

/// `DELETE /managers/<hostname>` (admin): removes a node from the cluster. Answers 204, or
/// on some managers the removed node.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeleteManager {
    pub hostname: String,
}

endpoint!(DeleteManager(this) -> Option<ManagerNode> {
    DELETE "/managers/{}", this.hostname;
    parse = |r: Response| {
        if r.status().is_success() && r.body().iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        parse_json(r).map(Some)
    };
});

string_enum!(
    /// Where maintenance mode stands.
    MaintenanceStatus { Deactivated = "deactivated", Activating = "activating", Activated = "activated" }
);

/// An execution maintenance mode waits for before it activates.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RemainingExecution {
    pub id: Option<String>,
    pub status: Option<String>,
    pub deployment_id: Option<String>,
    pub workflow_id: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The maintenance mode state. The manager sends empty strings for times that have not
/// happened; those read as `None`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Maintenance {
    pub status: Option<MaintenanceStatus>,
    #[serde(deserialize_with = "lenient_time")]
    pub activated_at: Option<Timestamp>,
    #[serde(deserialize_with = "lenient_time")]
    pub activation_requested_at: Option<Timestamp>,
    pub remaining_executions: Option<Vec<RemainingExecution>>,
    pub requested_by: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Maintenance {
    /// True once the manager refuses ordinary calls, or is about to.
    pub fn is_on(&self) -> bool {
        matches!(
            self.status,
            Some(MaintenanceStatus::Activated | MaintenanceStatus::Activating)
        )
    }
}

/// Reads `""` and `null` as no time; a malformed time is an error like any other.
fn lenient_time<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
    let raw: Option<String> = Option::deserialize(d)?;
    match raw.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => Timestamp::parse(s)
            .map(Some)
            .ok_or_else(|| serde::de::Error::custom(format!("`{s}` is not a timestamp"))),
    }
}

/// `GET /maintenance`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetMaintenance;

endpoint!(GetMaintenance -> Maintenance {
    GET "/maintenance";
});

/// `POST /maintenance/activate` or `/maintenance/deactivate` (admin). Asking for the state
/// already in place answers 304, an error with [`ApiError::is_not_modified`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SetMaintenance {
    pub activate: bool,
}

endpoint!(SetMaintenance(this) -> Maintenance {
    POST path = {
        if this.activate {
            "/maintenance/activate".into()
        } else {
            "/maintenance/deactivate".into()
        }
    };
});

/// One entry of `GET /config`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConfigEntry {
    pub name: String,
    pub value: Value,
    /// `rest`, `agent`, `workflow`...
    pub scope: Option<String>,
    /// A JSON schema the value must match.
    pub schema: Option<Value>,
    pub is_editable: Option<bool>,
    pub admin_only: Option<bool>,
    pub updated_at: Option<Timestamp>,
    pub updater_name: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `GET /config[?scope=]`: the manager's settings (not paged: every entry in one answer).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListConfig {
    pub scope: Option<String>,
}

/// `GET /config/<scope>.<name>`: one setting, as the Python client's `manager.get_config(name,
/// scope)` reads it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetConfigValue {
    pub scope: String,
    pub name: String,
}

endpoint!(GetConfigValue(this) -> ConfigEntry {
    GET path = format!("/config/{}", segment(&format!("{}.{}", this.scope, this.name)));
});

endpoint!(ListConfig(this) -> Page<ConfigEntry> {
    GET "/config";
    query = Query::new()
        .opt("scope", this.scope.clone());
});
