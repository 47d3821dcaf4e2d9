//! Managed clusters: the token exchange, list/get/create, JSON Patch update, delete, log
//! configuration and manual upgrade.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::endpoint;
use super::patch::{diff, pick, PatchOp};
use super::{Session, TOKEN_PATH};
use crate::cloud::{lenient_u64, ClusterCard, Extra, Health, ProviderKind};
use crate::conductor::string_enum;
use crate::endpoint::{empty_answer, json_answer, Provider, RequestBody, Response};
use crate::error::{client_codes, ApiError};
use crate::query::Query;
use crate::time::Timestamp;

fn error(response: &Response) -> ApiError {
    <Session as Provider>::error(response)
}

fn invalid(message: &str) -> ApiError {
    ApiError::new(None, client_codes::INVALID_INPUT, message)
}

/// The answer of `POST /oauth/token`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TokenGrant {
    pub access_token: String,
    pub token_type: Option<String>,
    /// Seconds the token is good for (about 12.5 minutes).
    #[serde(deserialize_with = "lenient_u64")]
    pub expires_in: Option<u64>,
    pub scope: Option<String>,
    pub tenant_id: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `POST /oauth/token` with `grant_type=client_credentials` (form-encoded). The secret is used
/// for this call only; the console keeps the token, never the secret.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct RequestToken {
    pub client_id: String,
    pub client_secret: String,
}

impl std::fmt::Debug for RequestToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RequestToken({}, ***)", self.client_id)
    }
}

endpoint!(RequestToken(this) -> TokenGrant {
    POST path = TOKEN_PATH.to_string();
    body = RequestBody::Raw {
        content_type: "application/x-www-form-urlencoded".into(),
        bytes: Query::new()
            .with("grant_type", "client_credentials")
            .with("client_id", this.client_id.as_str())
            .with("client_secret", this.client_secret.as_str())
            .encode()
            .into_bytes(),
    };
    check = if this.client_id.trim().is_empty() || this.client_secret.is_empty() {
        Err(invalid("Client ID and client secret are both needed"))
    } else {
        Ok(())
    };
});

/// The tenant's OAuth endpoints (`GET /oauth/info`, no token needed): where to exchange
/// credentials, for a connection form that only knows the tenant.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct OAuthInfo {
    pub tenant_name: Option<String>,
    pub authorize_endpoint: Option<String>,
    pub token_endpoint: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET /oauth/info`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetOAuthInfo;

endpoint!(GetOAuthInfo -> OAuthInfo {
    GET "/oauth/info";
});

string_enum!(
    /// How the cluster is doing.
    ClusterStatus {
        Configuring = "CONFIGURING",
        Failed = "FAILED",
        NoClients = "NO_CLIENTS",
        Normal = "NORMAL",
        Warning = "WARNING",
    }
);

impl ClusterStatus {
    pub fn words(&self) -> &str {
        match self {
            ClusterStatus::Configuring => "Being configured",
            ClusterStatus::Failed => "Failed",
            ClusterStatus::NoClients => "No clients connected",
            ClusterStatus::Normal => "Normal",
            ClusterStatus::Warning => "Warning",
            ClusterStatus::Other(s) => s,
        }
    }
    pub fn health(&self) -> Health {
        match self {
            ClusterStatus::Normal => Health::Running,
            ClusterStatus::Configuring => Health::Busy,
            ClusterStatus::Failed | ClusterStatus::Warning | ClusterStatus::NoClients => {
                Health::Attention
            }
            ClusterStatus::Other(_) => Health::Unknown,
        }
    }
}

string_enum!(
    /// What the cluster is for.
    ClusterType {
        Idn = "idn",
        Iai = "iai",
        SpConnectCluster = "spConnectCluster",
        SqsCluster = "sqsCluster",
        DasRc = "das-rc",
        DasPc = "das-pc",
        DasDc = "das-dc",
        Pag = "pag",
        DasAm = "das-am",
        Standard = "standard",
    }
);

string_enum!(
    /// A logger level.
    StandardLevel {
        Off = "OFF",
        Fatal = "FATAL",
        Error = "ERROR",
        Warn = "WARN",
        Info = "INFO",
        Debug = "DEBUG",
        Trace = "TRACE",
    }
);

/// A managed cluster's log configuration.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ClientLogConfiguration {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_minutes: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiration: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub root_level: Option<StandardLevel>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub log_levels: BTreeMap<String, StandardLevel>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A managed cluster.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ManagedCluster {
    pub id: String,
    pub name: Option<String>,
    pub pod: Option<String>,
    pub org: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<ClusterType>,
    /// Values may be null.
    pub configuration: BTreeMap<String, Option<String>>,
    pub key_pair: Option<Value>,
    pub attributes: Option<Value>,
    pub description: Option<String>,
    pub redis: Option<Value>,
    pub client_type: Option<String>,
    pub ccg_version: Option<String>,
    pub pinned_config: Option<bool>,
    pub log_configuration: Option<ClientLogConfiguration>,
    pub operational: Option<bool>,
    pub status: Option<ClusterStatus>,
    pub public_key_certificate: Option<String>,
    pub public_key_thumbprint: Option<String>,
    pub public_key: Option<String>,
    pub encryption_configuration: Option<Value>,
    pub alert_key: Option<String>,
    pub client_ids: Vec<String>,
    #[serde(deserialize_with = "lenient_u64")]
    pub service_count: Option<u64>,
    pub cc_id: Option<String>,
    pub created_at: Option<Timestamp>,
    pub updated_at: Option<Timestamp>,
    pub last_release_notified_at: Option<Timestamp>,
    pub update_preferences: Option<Value>,
    pub current_installed_release_version: Option<String>,
    pub update_package: Option<String>,
    pub is_out_of_date_notified_at: Option<Timestamp>,
    pub consolidated_health_indicators_status: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The fields an operator edits; [`UpdateManagedCluster::between`] diffs only these.
pub const EDITABLE: &[&str] = &["name", "description", "configuration"];

impl ManagedCluster {
    pub fn card(&self) -> ClusterCard {
        let status = self
            .status
            .clone()
            .unwrap_or_else(|| ClusterStatus::Other("unknown".into()));
        ClusterCard {
            provider: ProviderKind::SailPoint,
            id: self.id.clone(),
            name: self.name.clone().unwrap_or_else(|| self.id.clone()),
            health: status.health(),
            state: status.words().to_string(),
            created: self.created_at,
            version: self
                .current_installed_release_version
                .clone()
                .or_else(|| self.ccg_version.clone()),
            last_event: self.alert_key.clone(),
        }
    }
}

/// The body of a create.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ManagedClusterRequest {
    pub name: String,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<ClusterType>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub configuration: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// One `filters` condition; the API accepts `eq` on these four fields only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClusterFilter {
    Operational(bool),
    Name(String),
    Type(String),
    Status(String),
}

/// A string in a filter: double-quoted, `\` and `"` escaped.
fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

impl ClusterFilter {
    pub fn expression(&self) -> String {
        match self {
            ClusterFilter::Operational(b) => format!("operational eq {b}"),
            ClusterFilter::Name(v) => format!("name eq {}", quoted(v)),
            ClusterFilter::Type(v) => format!("type eq {}", quoted(v)),
            ClusterFilter::Status(v) => format!("status eq {}", quoted(v)),
        }
    }
}

/// A page of clusters and, when `count` was asked, the total (`X-Total-Count`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClusterPage {
    pub items: Vec<ManagedCluster>,
    pub total: Option<u64>,
}

/// `GET /managed-clusters` with `offset`, `limit` (at most 250), `count` and `filters`
/// (conditions joined with `and`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListManagedClusters {
    pub offset: Option<u32>,
    pub limit: Option<u32>,
    pub count: bool,
    pub filters: Vec<ClusterFilter>,
}

endpoint!(ListManagedClusters(this) -> ClusterPage {
    GET "/managed-clusters";
    query = {
        let filters: Vec<String> = this.filters.iter().map(ClusterFilter::expression).collect();
        Query::new()
            .opt("offset", this.offset.map(|o| o.to_string()))
            .opt("limit", this.limit.map(|l| l.to_string()))
            .flag("count", this.count.then_some(true))
            .opt("filters", (!filters.is_empty()).then(|| filters.join(" and ")))
    };
    parse = |r: Response| {
        let total = r
            .headers()
            .get("X-Total-Count")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse().ok());
        json_answer(r, error).map(|items| ClusterPage { items, total })
    };
    check = match this.limit {
        Some(l) if l > 250 => Err(invalid("At most 250 clusters per page")),
        _ => Ok(()),
    };
});

/// `GET /managed-clusters/{id}`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetManagedCluster {
    pub id: String,
}

endpoint!(GetManagedCluster(this) -> ManagedCluster {
    GET "/managed-clusters/{}", this.id;
});

/// `POST /managed-clusters` (answers 200 with the new cluster).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CreateManagedCluster {
    pub request: ManagedClusterRequest,
}

endpoint!(CreateManagedCluster(this) -> ManagedCluster {
    POST "/managed-clusters";
    body = RequestBody::json(&this.request);
    check = if this.request.name.trim().is_empty() {
        Err(invalid("A managed cluster needs a name"))
    } else {
        Ok(())
    };
});

/// `PATCH /managed-clusters/{id}` with a JSON Patch (`application/json-patch+json`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UpdateManagedCluster {
    pub id: String,
    pub patch: Vec<PatchOp>,
}

impl UpdateManagedCluster {
    /// The patch that turns the editable fields of `before` into those of `after`.
    pub fn between(before: &ManagedCluster, after: &ManagedCluster) -> Self {
        let a = pick(&serde_json::to_value(before).unwrap_or_default(), EDITABLE);
        let b = pick(&serde_json::to_value(after).unwrap_or_default(), EDITABLE);
        UpdateManagedCluster {
            id: before.id.clone(),
            patch: diff(&a, &b),
        }
    }
}

endpoint!(UpdateManagedCluster(this) -> ManagedCluster {
    PATCH "/managed-clusters/{}", this.id;
    body = RequestBody::Raw {
        content_type: "application/json-patch+json".into(),
        bytes: serde_json::to_vec(&this.patch).unwrap_or_default(),
    };
    check = if this.patch.is_empty() {
        Err(ApiError::new(None, client_codes::NOTHING_TO_UPDATE, "Nothing was changed"))
    } else {
        Ok(())
    };
});

/// `DELETE /managed-clusters/{id}?removeClients=` (204).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeleteManagedCluster {
    pub id: String,
    /// Delete the cluster together with its clients.
    pub remove_clients: bool,
}

endpoint!(DeleteManagedCluster(this) -> () {
    DELETE "/managed-clusters/{}", this.id;
    query = Query::new().flag("removeClients", Some(this.remove_clients));
    parse = |r| empty_answer(r, error);
});

/// `GET /managed-clusters/{id}/log-config`: `None` when the answer is 204 (no configuration).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetLogConfiguration {
    pub id: String,
}

endpoint!(GetLogConfiguration(this) -> Option<ClientLogConfiguration> {
    GET "/managed-clusters/{}/log-config", this.id;
    parse = |r: Response| {
        if r.status() == http::StatusCode::NO_CONTENT || (r.status().is_success() && r.body().is_empty()) {
            Ok(None)
        } else {
            json_answer(r, error).map(Some)
        }
    };
});

/// How long verbose logging lasts: minutes from now, or until a moment (never both).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LogWindow {
    /// 5 to 1440 minutes (the server's default is 240).
    Minutes(u32),
    /// At most 24 hours ahead.
    Until(Timestamp),
}

impl LogWindow {
    /// Refuses a window the server would refuse: minutes outside 5–1440, an expiration in the
    /// past or more than 24 hours after `now`.
    pub fn validate(&self, now: Timestamp) -> Result<(), ApiError> {
        match self {
            LogWindow::Minutes(m) if !(5..=1440).contains(m) => Err(invalid(
                "The duration must be between 5 and 1440 minutes (24 hours)",
            )),
            LogWindow::Until(t) if t.0 <= now.0 => {
                Err(invalid("The expiration must be in the future"))
            }
            LogWindow::Until(t) if t.0 > now.0 + chrono::Duration::hours(24) => {
                Err(invalid("The expiration must be at most 24 hours ahead"))
            }
            _ => Ok(()),
        }
    }
}

/// `PUT /managed-clusters/{id}/log-config`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PutLogConfiguration {
    pub id: String,
    pub root_level: StandardLevel,
    pub log_levels: BTreeMap<String, StandardLevel>,
    pub window: LogWindow,
}

endpoint!(PutLogConfiguration(this) -> ClientLogConfiguration {
    PUT "/managed-clusters/{}/log-config", this.id;
    body = {
        let mut body = serde_json::json!({ "rootLevel": this.root_level });
        if !this.log_levels.is_empty() {
            body["logLevels"] = serde_json::to_value(&this.log_levels).unwrap_or_default();
        }
        match &this.window {
            LogWindow::Minutes(m) => body["durationMinutes"] = (*m).into(),
            LogWindow::Until(t) => body["expiration"] = t.to_wire().into(),
        }
        RequestBody::json(&body)
    };
    check = match this.window {
        LogWindow::Minutes(m) if !(5..=1440).contains(&m) => Err(invalid(
            "The duration must be between 5 and 1440 minutes (24 hours)",
        )),
        _ => Ok(()),
    };
});

/// One job of a manual upgrade.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct UpgradeJob {
    pub uuid: String,
    pub cookbook: Option<String>,
    pub state: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub target_id: Option<String>,
    pub managed_process_configuration: Option<Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The answer of a manual upgrade.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClusterManualUpgrade {
    pub jobs: Vec<UpgradeJob>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `POST /managed-clusters/{id}/manualUpgrade` (needs SYSTEM_ADMINISTRATOR authority).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ManualUpgrade {
    pub id: String,
}

endpoint!(ManualUpgrade(this) -> ClusterManualUpgrade {
    POST "/managed-clusters/{}/manualUpgrade", this.id;
});
