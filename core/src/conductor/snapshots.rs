//! Snapshots (`/snapshots`, `/snapshot-status`): whole-manager backups.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::endpoint::{endpoint, parse_bytes, parse_empty, RequestBody};
use crate::page::Page;
use crate::query::{ListQuery, Query};
use crate::time::Timestamp;

use super::executions::Execution;
use super::{string_enum, Visibility};

string_enum!(
    /// Where a snapshot is.
    SnapshotStatus {
        Creating = "creating",
        Created = "created",
        Failed = "failed",
        Uploading = "uploading",
        Uploaded = "uploaded",
    }
);

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Snapshot {
    pub id: String,
    pub status: Option<SnapshotStatus>,
    pub error: Option<String>,
    pub created_at: Option<Timestamp>,
    pub created_by: Option<String>,
    pub tenant_name: Option<String>,
    pub visibility: Option<Visibility>,
    pub resource_availability: Option<Visibility>,
    pub private_resource: Option<bool>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `GET /snapshots`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListSnapshots {
    pub query: ListQuery,
}

endpoint!(ListSnapshots(this) -> Page<Snapshot> {
    GET "/snapshots";
    query = this.query.to_query();
});

/// `PUT /snapshots/<id>`: starts the `create_snapshot` workflow; answers its execution.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CreateSnapshot {
    #[serde(skip)]
    pub id: String,
    /// Agent SSH keys and other credentials.
    pub include_credentials: bool,
    pub include_logs: bool,
    pub include_events: bool,
    /// Queue the workflow if it cannot run now.
    pub queue: bool,
}

impl CreateSnapshot {
    /// The client's defaults: no credentials, logs and events included, not queued.
    pub fn new(id: impl Into<String>) -> Self {
        CreateSnapshot {
            id: id.into(),
            include_credentials: false,
            include_logs: true,
            include_events: true,
            queue: false,
        }
    }
}

endpoint!(CreateSnapshot(this) -> Execution {
    PUT "/snapshots/{}", this.id;
    body = RequestBody::json(this);
});

/// `DELETE /snapshots/<id>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeleteSnapshot {
    pub id: String,
}

endpoint!(DeleteSnapshot(this) -> () {
    DELETE "/snapshots/{}", this.id;
    parse = parse_empty;
});

/// `POST /snapshots/<id>/restore`: starts the `restore_snapshot` workflow.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RestoreSnapshot {
    #[serde(skip)]
    pub id: String,
    /// Restore into a manager that already has blueprints or deployments.
    pub force: bool,
    pub restore_certificates: bool,
    pub no_reboot: bool,
    /// Go on when a plugin of the snapshot fails to install.
    pub ignore_plugin_failure: bool,
}

endpoint!(RestoreSnapshot(this) -> Execution {
    POST "/snapshots/{}/restore", this.id;
    body = RequestBody::json(this);
});

/// `GET /snapshots/<id>/archive`: the snapshot zip.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DownloadSnapshot {
    pub id: String,
}

endpoint!(DownloadSnapshot(this) -> Vec<u8> {
    GET "/snapshots/{}/archive", this.id;
    parse = parse_bytes;
});

/// Where an uploaded snapshot comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SnapshotArchive {
    /// The manager downloads it (`snapshot_archive_url`).
    Url(String),
    /// The zip itself, sent as `application/octet-stream`.
    Bytes(Vec<u8>),
}

/// `PUT /snapshots/<id>/archive`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UploadSnapshot {
    pub id: String,
    pub archive: SnapshotArchive,
}

endpoint!(UploadSnapshot(this) -> Snapshot {
    PUT "/snapshots/{}/archive", this.id;
    query = {
        match &this.archive {
            SnapshotArchive::Url(u) => Query::new().with("snapshot_archive_url", u.clone()),
            SnapshotArchive::Bytes(_) => Query::new(),
        }
    };
    body = {
        match &this.archive {
            SnapshotArchive::Url(_) => RequestBody::Empty,
            SnapshotArchive::Bytes(b) => RequestBody::Raw {
                content_type: "application/octet-stream".into(),
                bytes: b.clone(),
            },
        }
    };
});

/// What `GET /snapshot-status` says.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SnapshotRestoreStatus {
    /// `No \`restore_snapshot\` workflow currently running.` or `running`.
    pub status: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The status text while no restore runs.
pub const NO_RESTORE_RUNNING: &str = "No `restore_snapshot` workflow currently running.";

impl SnapshotRestoreStatus {
    /// A restore is in progress (the manager refuses most calls meanwhile).
    pub fn is_running(&self) -> bool {
        self.status != NO_RESTORE_RUNNING
    }
}

/// `GET /snapshot-status`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetSnapshotStatus;

endpoint!(GetSnapshotStatus -> SnapshotRestoreStatus {
    GET "/snapshot-status";
});
