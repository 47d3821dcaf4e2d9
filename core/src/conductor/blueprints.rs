//! Blueprints: the uploaded application templates deployments are made from.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::endpoint::{parse_json, Endpoint, Response};
use crate::error::ApiError;
use crate::page::Page;
use crate::query::{ListQuery, Query};
use crate::session::segment;
use crate::time::Timestamp;

use super::{string_enum, Label, Projectable, Visibility};

string_enum!(
    /// Where a blueprint is in its upload lifecycle.
    BlueprintState {
        Pending = "pending",
        Uploading = "uploading",
        Extracting = "extracting",
        Parsing = "parsing",
        Uploaded = "uploaded",
        FailedUploading = "failed_uploading",
        FailedExtracting = "failed_extracting",
        FailedParsing = "failed_parsing",
        FailedExtractingToFileServer = "failed_extracting_to_file_server",
        Invalid = "invalid",
    }
);

impl BlueprintState {
    pub fn is_failure(&self) -> bool {
        matches!(
            self,
            BlueprintState::FailedUploading
                | BlueprintState::FailedExtracting
                | BlueprintState::FailedParsing
                | BlueprintState::FailedExtractingToFileServer
                | BlueprintState::Invalid
        )
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Blueprint {
    pub id: String,
    pub description: Option<String>,
    pub main_file_name: Option<String>,
    pub state: Option<BlueprintState>,
    pub error: Option<String>,
    pub error_traceback: Option<String>,
    pub visibility: Option<Visibility>,
    pub resource_availability: Option<Visibility>,
    pub private_resource: Option<bool>,
    pub is_hidden: Option<bool>,
    pub tenant_name: Option<String>,
    pub created_by: Option<String>,
    pub created_at: Option<Timestamp>,
    pub updated_at: Option<Timestamp>,
    pub labels: Option<Vec<Label>>,
    /// The parsed blueprint (large; ask for it only on a detail page).
    pub plan: Option<Value>,
    pub requirements: Option<Value>,
    pub upload_execution: Option<Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Projectable for Blueprint {
    fn field_names() -> &'static [&'static str] {
        &[
            "id",
            "description",
            "main_file_name",
            "state",
            "error",
            "visibility",
            "tenant_name",
            "created_by",
            "created_at",
            "updated_at",
            "labels",
        ]
    }
}

/// `GET /blueprints`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListBlueprints {
    pub query: ListQuery,
}

impl Endpoint for ListBlueprints {
    type Output = Page<Blueprint>;
    fn method(&self) -> http::Method {
        http::Method::GET
    }
    fn path(&self) -> String {
        "/blueprints".into()
    }
    fn query(&self) -> Query {
        self.query.to_query()
    }
    fn parse(&self, r: Response) -> Result<Page<Blueprint>, ApiError> {
        parse_json(r)
    }
}

/// `GET /blueprints/<id>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetBlueprint {
    pub id: String,
    pub include: Vec<String>,
}

impl Endpoint for GetBlueprint {
    type Output = Blueprint;
    fn method(&self) -> http::Method {
        http::Method::GET
    }
    fn path(&self) -> String {
        format!("/blueprints/{}", segment(&self.id))
    }
    fn query(&self) -> Query {
        ListQuery::new()
            .include(self.include.iter().cloned())
            .to_query()
    }
    fn parse(&self, r: Response) -> Result<Blueprint, ApiError> {
        parse_json(r)
    }
}

impl crate::filters::Filterable for Blueprint {
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
            "created_by" => text(self.created_by.as_deref()),
            "state" => text(self.state.as_ref().map(|s| s.as_str())),
            "tenant_name" => text(self.tenant_name.as_deref()),
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
