//! Cluster list and details (every field of the seed, quirks tolerated) and the cluster actions.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::endpoint;
use crate::cloud::{
    lenient_bool, lenient_i64, lenient_string, lenient_time, lenient_u64, string_or_list,
    ClusterCard, Extra, Health, ProviderKind,
};
use crate::endpoint::RequestBody;
use crate::error::{client_codes, ApiError};
use crate::time::Timestamp;

/// A cluster's (or node's) status code, sent as a string (`"200"`) or sometimes a number.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ClusterState {
    Creating,
    Normal,
    Failed,
    CreateFailed,
    Deleted,
    Restarting,
    Frozen,
    Stopped,
    Stopping,
    Starting,
    Other(String),
}

const STATES: &[(&str, ClusterState)] = &[
    ("100", ClusterState::Creating),
    ("200", ClusterState::Normal),
    ("300", ClusterState::Failed),
    ("303", ClusterState::CreateFailed),
    ("400", ClusterState::Deleted),
    ("500", ClusterState::Restarting),
    ("800", ClusterState::Frozen),
    ("900", ClusterState::Stopped),
    ("910", ClusterState::Stopping),
    ("920", ClusterState::Starting),
];

impl ClusterState {
    pub fn from_code(code: &str) -> Self {
        let code = code.trim();
        STATES
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, s)| s.clone())
            .unwrap_or_else(|| ClusterState::Other(code.to_string()))
    }

    pub fn code(&self) -> &str {
        match self {
            ClusterState::Other(s) => s,
            known => STATES
                .iter()
                .find(|(_, s)| s == known)
                .map(|(c, _)| *c)
                .unwrap_or(""),
        }
    }

    /// The state in the operator's words.
    pub fn words(&self) -> &str {
        match self {
            ClusterState::Creating => "Being created",
            ClusterState::Normal => "Running normally",
            ClusterState::Failed => "Failed",
            ClusterState::CreateFailed => "Failed to be created",
            ClusterState::Deleted => "Deleted",
            ClusterState::Restarting => "Restarting",
            ClusterState::Frozen => "Frozen",
            ClusterState::Stopped => "Stopped",
            ClusterState::Stopping => "Stopping",
            ClusterState::Starting => "Starting",
            ClusterState::Other(_) => "Unknown state",
        }
    }

    pub fn health(&self) -> Health {
        match self {
            ClusterState::Normal => Health::Running,
            ClusterState::Stopped | ClusterState::Deleted => Health::Stopped,
            ClusterState::Failed | ClusterState::CreateFailed | ClusterState::Frozen => {
                Health::Attention
            }
            ClusterState::Creating
            | ClusterState::Restarting
            | ClusterState::Stopping
            | ClusterState::Starting => Health::Busy,
            ClusterState::Other(_) => Health::Unknown,
        }
    }
}

impl Serialize for ClusterState {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for ClusterState {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(ClusterState::from_code(
            &lenient_string(d)?.unwrap_or_default(),
        ))
    }
}

/// `{status, errorMessage}` of the EIP.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PublicEndpointStatus {
    pub status: Option<String>,
    pub error_message: Option<String>,
}

/// When maintenance may happen.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct MaintainWindow {
    #[serde(deserialize_with = "lenient_string")]
    pub day: Option<String>,
    pub start_time: Option<String>,
    pub end_time: Option<String>,
}

/// The user configuration (all strings).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CustomerConfig {
    #[serde(deserialize_with = "lenient_string")]
    pub failure_remind: Option<String>,
    pub cluster_name: Option<String>,
    pub service_provider: Option<String>,
    #[serde(deserialize_with = "lenient_string")]
    pub local_disk: Option<String>,
    #[serde(deserialize_with = "lenient_string")]
    pub ssl: Option<String>,
    pub create_from: Option<String>,
    pub resource_id: Option<String>,
    pub flavor_type: Option<String>,
    pub work_space_id: Option<String>,
    #[serde(deserialize_with = "lenient_string")]
    pub trial: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `{type: "cdm", version}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Datastore {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub version: Option<String>,
}

/// `{errorCode, errorMsg}` of a failure.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct FailedReason {
    #[serde(deserialize_with = "lenient_string")]
    pub error_code: Option<String>,
    pub error_msg: Option<String>,
}

/// `{rel, href}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Link {
    pub rel: Option<String>,
    pub href: Option<String>,
}

/// `{description, id, name}` of the current task.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClusterTask {
    pub description: Option<String>,
    pub id: Option<String>,
    pub name: Option<String>,
}

/// A node's flavor.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Flavor {
    pub id: Option<String>,
    pub links: Vec<Link>,
}

/// A node's disk: `size` in GB, documented as a number and sampled as a string.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Volume {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    #[serde(deserialize_with = "lenient_u64")]
    pub size: Option<u64>,
}

/// `{resource_id, resource_type}` of a node.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NodeResource {
    pub resource_id: Option<String>,
    pub resource_type: Option<String>,
}

/// One node of a cluster.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Instance {
    pub flavor: Option<Flavor>,
    pub volume: Option<Volume>,
    pub status: Option<ClusterState>,
    /// `REBOOTING`, `RESTORING`, `REBOOT_FAILURE`; one string or a list.
    #[serde(deserialize_with = "string_or_list")]
    pub actions: Vec<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub id: Option<String>,
    pub name: Option<String>,
    #[serde(rename = "isFrozen", deserialize_with = "lenient_bool")]
    pub is_frozen: Option<bool>,
    #[serde(deserialize_with = "lenient_string")]
    pub components: Option<String>,
    pub config_status: Option<String>,
    pub role: Option<String>,
    pub group: Option<String>,
    pub links: Vec<Link>,
    #[serde(rename = "paramsGroupId")]
    pub params_group_id: Option<String>,
    #[serde(rename = "publicIp")]
    pub public_ip: Option<String>,
    #[serde(rename = "manageIp")]
    pub manage_ip: Option<String>,
    #[serde(rename = "trafficIp")]
    pub traffic_ip: Option<String>,
    pub shard_id: Option<String>,
    pub manage_fix_ip: Option<String>,
    pub private_ip: Option<String>,
    pub internal_ip: Option<String>,
    pub resource: Vec<NodeResource>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A CDM cluster: the details answer, and each item of the list.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Cluster {
    pub id: String,
    pub name: String,
    pub version: Option<String>,
    pub status: Option<ClusterState>,
    #[serde(rename = "statusDetail")]
    pub status_detail: Option<String>,
    /// `"0"` or `"1"` on the wire.
    #[serde(rename = "isFrozen", deserialize_with = "lenient_bool")]
    pub is_frozen: Option<bool>,
    /// `In-Sync`, `Applying`, `Sync-Failure`.
    pub config_status: Option<String>,
    #[serde(deserialize_with = "string_or_list")]
    pub actions: Vec<String>,
    /// `CREATING`/`GROWING`/… (any case) → `"NN%"`.
    #[serde(rename = "actionProgress")]
    pub action_progress: BTreeMap<String, Value>,
    #[serde(deserialize_with = "lenient_time")]
    pub created: Option<Timestamp>,
    #[serde(deserialize_with = "lenient_time")]
    pub updated: Option<Timestamp>,
    #[serde(rename = "publicEndpoint")]
    pub public_endpoint: Option<String>,
    #[serde(rename = "publicEndpointDomainName")]
    pub public_endpoint_domain_name: Option<String>,
    #[serde(rename = "endpointDomainName")]
    pub endpoint_domain_name: Option<String>,
    #[serde(rename = "eipId")]
    pub eip_id: Option<String>,
    #[serde(rename = "publicEndpointStatus")]
    pub public_endpoint_status: Option<PublicEndpointStatus>,
    pub security_group_id: Option<String>,
    pub subnet_id: Option<String>,
    pub vpc_id: Option<String>,
    #[serde(rename = "azName")]
    pub az_name: Option<String>,
    #[serde(rename = "flavorName")]
    pub flavor_name: Option<String>,
    pub namespace: Option<String>,
    pub dbuser: Option<String>,
    #[serde(rename = "clusterMode")]
    pub cluster_mode: Option<String>,
    #[serde(rename = "isAutoOff", deserialize_with = "lenient_bool")]
    pub is_auto_off: Option<bool>,
    #[serde(rename = "isScheduleBootOff", deserialize_with = "lenient_bool")]
    pub is_schedule_boot_off: Option<bool>,
    #[serde(rename = "bakExpectedStartTime")]
    pub bak_expected_start_time: Option<String>,
    /// An integer in the docs, a string in the Go SDK.
    #[serde(rename = "bakKeepDay", deserialize_with = "lenient_i64")]
    pub bak_keep_day: Option<i64>,
    #[serde(rename = "recentEvent", deserialize_with = "lenient_i64")]
    pub recent_event: Option<i64>,
    #[serde(rename = "maintainWindow")]
    pub maintain_window: Option<MaintainWindow>,
    #[serde(rename = "customerConfig")]
    pub customer_config: Option<CustomerConfig>,
    pub datastore: Option<Datastore>,
    /// `CREATE_FAILED` → `{errorCode, errorMsg}`; empty when healthy.
    #[serde(rename = "failedReasons")]
    pub failed_reasons: BTreeMap<String, FailedReason>,
    pub links: Vec<Link>,
    pub task: Option<ClusterTask>,
    pub instances: Vec<Instance>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Cluster {
    pub fn state(&self) -> ClusterState {
        self.status
            .clone()
            .unwrap_or_else(|| ClusterState::Other(String::new()))
    }

    /// The CDM version: `version`, or `datastore.version` on OTC.
    pub fn cdm_version(&self) -> Option<String> {
        self.version
            .clone()
            .or_else(|| self.datastore.as_ref().and_then(|d| d.version.clone()))
    }

    /// The failure reasons in words (`CREATE_FAILED: Cdm.0001 quota exceeded`).
    pub fn failures(&self) -> Vec<String> {
        self.failed_reasons
            .iter()
            .map(|(k, r)| {
                format!(
                    "{k}: {} {}",
                    r.error_code.as_deref().unwrap_or(""),
                    r.error_msg.as_deref().unwrap_or("")
                )
                .trim()
                .to_string()
            })
            .collect()
    }

    pub fn card(&self) -> ClusterCard {
        let mut state = self.state();
        if self.is_frozen == Some(true) {
            state = ClusterState::Frozen;
        }
        ClusterCard {
            provider: ProviderKind::Cdm,
            id: self.id.clone(),
            name: self.name.clone(),
            health: state.health(),
            state: state.words().to_string(),
            created: self.created,
            version: self.cdm_version(),
            last_event: self
                .failures()
                .into_iter()
                .next()
                .or_else(|| (!self.actions.is_empty()).then(|| self.actions.join(", "))),
        }
    }
}

/// The answer of the list.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClusterList {
    pub clusters: Vec<Cluster>,
}

/// `GET /v1.1/{project_id}/clusters`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListClusters;

endpoint!(ListClusters -> ClusterList {
    GET "/clusters";
});

/// `GET /v1.1/{project_id}/clusters/{cluster_id}`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetCluster {
    pub id: String,
}

endpoint!(GetCluster(this) -> Cluster {
    GET "/clusters/{}", this.id;
});

/// Job ids of an action: one string or a list, depending on the call and the cloud.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Job {
    #[serde(rename = "jobId", deserialize_with = "string_or_list")]
    pub job_ids: Vec<String>,
}

/// One node of a new cluster.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewInstance {
    pub availability_zone: String,
    /// `{securityGroupId, net-id}`, at most two.
    pub nics: Vec<Nic>,
    #[serde(rename = "flavorRef")]
    pub flavor_ref: String,
    #[serde(rename = "type")]
    pub kind: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Nic {
    #[serde(rename = "securityGroupId")]
    pub security_group_id: String,
    #[serde(rename = "net-id")]
    pub net_id: String,
}

/// The `cluster` object of a create.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NewCluster {
    pub name: String,
    #[serde(rename = "vpcId")]
    pub vpc_id: String,
    pub instances: Vec<NewInstance>,
    pub datastore: Datastore,
    #[serde(rename = "isAutoOff")]
    pub is_auto_off: bool,
    #[serde(rename = "isScheduleBootOff")]
    pub is_schedule_boot_off: bool,
    #[serde(rename = "scheduleBootTime", skip_serializing_if = "Option::is_none")]
    pub schedule_boot_time: Option<String>,
    #[serde(rename = "scheduleOffTime", skip_serializing_if = "Option::is_none")]
    pub schedule_off_time: Option<String>,
}

/// The answer of a create (202): the new id and its task.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CreatedCluster {
    pub id: String,
    pub name: Option<String>,
    pub task: Option<ClusterTask>,
    pub datastore: Option<Datastore>,
    pub instances: Vec<Value>,
}

/// `POST /v1.1/{project_id}/clusters` (202; poll the details until `200` or `303`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CreateCluster {
    pub cluster: NewCluster,
    pub auto_remind: Option<bool>,
    pub email: Option<String>,
}

endpoint!(CreateCluster(this) -> CreatedCluster {
    POST "/clusters";
    body = {
        let mut body = serde_json::json!({ "cluster": this.cluster });
        if let Some(r) = this.auto_remind { body["auto_remind"] = r.into(); }
        if let Some(e) = &this.email { body["email"] = e.as_str().into(); }
        RequestBody::json(&body)
    };
    check = if this.cluster.name.trim().is_empty() {
        Err(ApiError::new(None, client_codes::INVALID_INPUT, "The cluster needs a name"))
    } else if this.cluster.is_auto_off && this.cluster.is_schedule_boot_off {
        Err(ApiError::new(None, client_codes::INVALID_INPUT,
            "Auto shutdown and scheduled start/stop cannot both be on"))
    } else if this.cluster.instances.iter().any(|i| i.nics.len() > 2) {
        Err(ApiError::new(None, client_codes::INVALID_INPUT, "A node takes at most two NICs"))
    } else {
        Ok(())
    };
});

/// `DELETE /v1.1/{project_id}/clusters/{cluster_id}` (202 `{jobId}`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeleteCluster {
    pub id: String,
    /// How many of the last manual backups to keep (0 by default).
    pub keep_last_manual_backup: u32,
}

endpoint!(DeleteCluster(this) -> Job {
    DELETE "/clusters/{}", this.id;
    body = RequestBody::json(&serde_json::json!({"keep_last_manual_backup": this.keep_last_manual_backup}));
});

/// `POST …/clusters/{cluster_id}/action` `{"start":{}}`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StartCluster {
    pub id: String,
}

endpoint!(StartCluster(this) -> Job {
    POST "/clusters/{}/action", this.id;
    body = RequestBody::json(&serde_json::json!({"start": {}}));
});

/// How a stop treats running jobs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StopMode {
    Immediately,
    /// Waits `delay_seconds` (-1: until running jobs finish, refusing new ones).
    Gracefully {
        delay_seconds: i64,
    },
}

/// `POST …/clusters/{cluster_id}/action` `{"stop":{stopMode, delayTime}}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StopCluster {
    pub id: String,
    pub mode: StopMode,
}

endpoint!(StopCluster(this) -> Job {
    POST "/clusters/{}/action", this.id;
    body = RequestBody::json(&match this.mode {
        StopMode::Immediately => serde_json::json!({"stop": {"stopMode": "IMMEDIATELY"}}),
        StopMode::Gracefully { delay_seconds } => serde_json::json!(
            {"stop": {"stopMode": "GRACEFULLY", "delayTime": delay_seconds}}),
    });
});

/// What a restart restarts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RestartLevel {
    /// The CDM service only (the default).
    Service,
    /// The virtual machines.
    Vm,
}

/// `POST …/clusters/{cluster_id}/action` `{"restart":{…}}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RestartCluster {
    pub id: String,
    pub level: RestartLevel,
    /// `IMMEDIATELY` (default), `FORCELY` or `SOFTLY`.
    pub mode: String,
    pub delay_seconds: Option<i64>,
}

impl RestartCluster {
    pub fn service(id: &str) -> Self {
        RestartCluster {
            id: id.into(),
            level: RestartLevel::Service,
            mode: "IMMEDIATELY".into(),
            delay_seconds: None,
        }
    }
}

endpoint!(RestartCluster(this) -> Job {
    POST "/clusters/{}/action", this.id;
    body = {
        let mut r = serde_json::json!({
            "restartMode": this.mode,
            "restartLevel": match this.level { RestartLevel::Service => "SERVICE", RestartLevel::Vm => "VM" },
            "type": "cdm",
        });
        // A service restart must name no instance and no group, as empty strings.
        if this.level == RestartLevel::Service {
            r["instance"] = "".into();
            r["group"] = "".into();
        }
        if let Some(d) = this.delay_seconds { r["restartDelayTime"] = d.into(); }
        RequestBody::json(&serde_json::json!({"restart": r}))
    };
    check = if matches!(this.mode.as_str(), "IMMEDIATELY" | "FORCELY" | "SOFTLY") {
        Ok(())
    } else {
        Err(ApiError::new(None, client_codes::INVALID_INPUT, "Restart mode is IMMEDIATELY, FORCELY or SOFTLY"))
    };
});
