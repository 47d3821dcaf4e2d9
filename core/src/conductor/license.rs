//! The manager's license.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::endpoint;
use crate::endpoint::{parse_empty, RequestBody};
use crate::page::Page;
use crate::time::Timestamp;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct License {
    pub id: Option<String>,
    pub customer_id: Option<String>,
    /// `None` for a license that never expires.
    pub expiration_date: Option<Timestamp>,
    /// `Spire` or `Premium`.
    pub license_edition: Option<String>,
    pub trial: Option<bool>,
    /// The newest manager version the license covers.
    pub cloudify_version: Option<String>,
    pub capabilities: Option<Vec<String>>,
    pub expired: Option<bool>,
    pub signature: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `GET /license`: a list holding the current license, if any.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListLicense;

endpoint!(ListLicense -> Page<License> {
    GET "/license";
});

/// `PUT /license` with the license file's text as the body. The Python client streams the
/// file with its default `Content-Type: application/json` (the manager reads the raw body),
/// and so does this.
#[derive(Clone, PartialEq, Eq)]
pub struct UploadLicense {
    pub text: String,
}

impl std::fmt::Debug for UploadLicense {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "UploadLicense({} bytes)", self.text.len())
    }
}

endpoint!(UploadLicense(this) -> License {
    PUT "/license";
    body = RequestBody::Raw {
        content_type: "application/json".into(),
        bytes: this.text.as_bytes().to_vec(),
    };
});

/// `GET /license-check`: whether the manager's license is valid now (the Python client's
/// `license.check()`): 200 when it is, the license error (`missing_cloudify_license`,
/// `expired_cloudify_license`) otherwise.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckLicense;

endpoint!(CheckLicense -> () {
    GET "/license-check";
    parse = parse_empty;
});

/// `DELETE /license`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeleteLicense;

endpoint!(DeleteLicense -> () {
    DELETE "/license";
    parse = parse_empty;
});
