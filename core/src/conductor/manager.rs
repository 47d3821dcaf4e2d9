//! The manager itself: version and status.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::endpoint::{parse_json, Endpoint, Response};
use crate::error::ApiError;
use crate::query::Query;
use crate::time::Timestamp;

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

impl Endpoint for GetVersion {
    type Output = Version;
    fn method(&self) -> http::Method {
        http::Method::GET
    }
    fn path(&self) -> String {
        "/version".into()
    }
    fn parse(&self, r: Response) -> Result<Version, ApiError> {
        parse_json(r)
    }
}

/// One service in `GET /status`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServiceStatus {
    pub status: Option<String>,
    pub is_remote: Option<bool>,
    pub extra_info: Option<Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `GET /status`: the manager's overall and per-service health.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ManagerStatus {
    /// `OK` or `Fail`.
    pub status: Option<String>,
    pub services: std::collections::BTreeMap<String, ServiceStatus>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetStatus {
    pub summary: bool,
}

impl Endpoint for GetStatus {
    type Output = ManagerStatus;
    fn method(&self) -> http::Method {
        http::Method::GET
    }
    fn path(&self) -> String {
        "/status".into()
    }
    fn query(&self) -> Query {
        Query::new().flag("summary", self.summary.then_some(true))
    }
    fn parse(&self, r: Response) -> Result<ManagerStatus, ApiError> {
        parse_json(r)
    }
}

/// One entry of `GET /config`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConfigEntry {
    pub name: String,
    pub value: Value,
    pub scope: Option<String>,
    pub schema: Option<Value>,
    pub is_editable: Option<bool>,
    pub admin_only: Option<bool>,
    pub updated_at: Option<Timestamp>,
    pub updater_name: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
