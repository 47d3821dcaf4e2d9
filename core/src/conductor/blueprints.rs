//! Blueprints: the uploaded application templates deployments are made from.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::endpoint;
use crate::endpoint::{parse_empty, parse_json, RequestBody, Response};
use crate::error::ApiError;
use crate::page::Page;
use crate::query::{ListQuery, Query};
use crate::time::Timestamp;

use super::executions::Execution;
use super::labels::LabelPair;
use super::{string_enum, Label, Projectable, Visibility};
use crate::multipart::{MultipartBody, Part};

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

endpoint!(ListBlueprints(this) -> Page<Blueprint> {
    GET "/blueprints";
    query = this.query.to_query();
});

/// `GET /blueprints/<id>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetBlueprint {
    pub id: String,
    pub include: Vec<String>,
}

endpoint!(GetBlueprint(this) -> Blueprint {
    GET "/blueprints/{}", this.id;
    query = Query::include(&this.include);
});

impl crate::filters::Filterable for Blueprint {
    fn attribute(&self, key: &str) -> Option<crate::filters::AttributeValue<'_>> {
        use crate::filters::AttributeValue::Str;
        let text = crate::filters::AttributeValue::text;
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

/// Where an uploaded blueprint comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BlueprintSource {
    /// A zip or tar(.gz/.bz2) archive of the blueprint directory, sent in the request.
    Archive { file_name: String, bytes: Vec<u8> },
    /// A URL the manager downloads the archive from (`blueprint_archive_url`).
    Url(String),
}

impl Default for BlueprintSource {
    fn default() -> Self {
        BlueprintSource::Url(String::new())
    }
}

/// The JSON `params` field of an upload, in the Python client's key order.
#[derive(Serialize)]
struct UploadParams<'a> {
    visibility: &'a str,
    async_upload: bool,
    skip_execution: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    application_file_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    labels: Option<Vec<KeyValue<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    blueprint_archive_url: Option<&'a str>,
}

/// Upload `params` carry labels as `{key, value}` objects, unlike deployment bodies.
#[derive(Serialize)]
struct KeyValue<'a> {
    key: &'a str,
    value: &'a str,
}

/// Python's `urllib.parse.quote` with its default `safe='/'`, which the client applies to
/// `application_file_name`.
fn quote_path(s: &str) -> String {
    use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
    const SAFE: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~')
        .remove(b'/');
    utf8_percent_encode(s, SAFE).to_string()
}

/// `PUT /blueprints/<id>`: uploads a blueprint, from an archive in the body or from a URL.
/// The body is always `multipart/form-data` with a JSON `params` field, plus a
/// `blueprint_archive` file field for an archive; see [`UploadBlueprint::multipart`] for a
/// form the browser can stream with progress.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UploadBlueprint {
    pub id: String,
    pub source: BlueprintSource,
    /// The main YAML file in the archive (`application_file_name`); the manager defaults to
    /// `blueprint.yaml`.
    pub application_file_name: Option<String>,
    /// `tenant` when not set, like the Python client.
    pub visibility: Option<Visibility>,
    pub labels: Vec<LabelPair>,
    /// Answer at once instead of waiting for the upload workflow (manager 5.2+).
    pub async_upload: bool,
    /// The multipart separator; give it fresh randomness (see [`MultipartBody::boundary_from_seed`]).
    pub boundary: String,
}

impl UploadBlueprint {
    fn params_json(&self) -> String {
        let params = UploadParams {
            visibility: self
                .visibility
                .as_ref()
                .map_or("tenant", Visibility::as_str),
            async_upload: self.async_upload,
            skip_execution: false,
            application_file_name: self.application_file_name.as_deref().map(quote_path),
            labels: (!self.labels.is_empty()).then(|| {
                self.labels
                    .iter()
                    .map(|l| KeyValue {
                        key: &l.key,
                        value: &l.value,
                    })
                    .collect()
            }),
            blueprint_archive_url: match &self.source {
                BlueprintSource::Url(u) => Some(u.as_str()),
                BlueprintSource::Archive { .. } => None,
            },
        };
        serde_json::to_string(&params).unwrap_or_default()
    }

    /// The request body as parts: `params`, then `blueprint_archive` for an archive upload.
    pub fn multipart(&self) -> MultipartBody {
        let mut body = MultipartBody::new(self.boundary.clone())
            .with(Part::text("params", self.params_json()));
        if let BlueprintSource::Archive { file_name, bytes } = &self.source {
            body = body.with(Part::file(
                "blueprint_archive",
                file_name.clone(),
                "application/octet-stream",
                bytes.clone(),
            ));
        }
        body
    }
}

fn multipart_body(m: MultipartBody) -> RequestBody {
    RequestBody::Raw {
        content_type: m.content_type(),
        bytes: m.to_bytes(),
    }
}

endpoint!(UploadBlueprint(this) -> Blueprint {
    PUT "/blueprints/{}", this.id;
    body = multipart_body(this.multipart());
});

/// `PUT /blueprints/<id>/validate`: the same form as an upload; the manager parses the
/// blueprint without storing it. It answers 201 with the `upload_blueprint` execution that
/// validates (follow it to learn the verdict), or 204 with no body before manager 6.4.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ValidateBlueprint {
    pub upload: UploadBlueprint,
}

endpoint!(ValidateBlueprint(this) -> Option<Execution> {
    PUT "/blueprints/{}/validate", this.upload.id;
    body = multipart_body(this.upload.multipart());
    parse = |r: Response| {
        if r.status() == http::StatusCode::NO_CONTENT {
            return Ok(None);
        }
        parse_json(r).map(Some)
    };
});

/// `GET /blueprints/<id>/archive`: the blueprint archive as uploaded (bytes).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DownloadBlueprint {
    pub id: String,
}

endpoint!(DownloadBlueprint(this) -> Vec<u8> {
    GET "/blueprints/{}/archive", this.id;
    parse = |r: Response| {
        if r.status().is_success() {
            Ok(r.into_body())
        } else {
            Err(ApiError::from_response(&r))
        }
    };
});

/// `DELETE /blueprints/<id>?force=<bool>`; 204. The manager refuses while deployments use
/// the blueprint; `force` only overrides other blueprints importing it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeleteBlueprint {
    pub id: String,
    pub force: bool,
}

endpoint!(DeleteBlueprint(this) -> () {
    DELETE "/blueprints/{}", this.id;
    query = Query::new().flag("force", Some(this.force));
    parse = parse_empty;
});

#[derive(Serialize)]
struct VisibilityBody<'a> {
    visibility: &'a str,
}

/// `PATCH /blueprints/<id>/set-visibility` `{visibility}`: `tenant` or `global`; visibility
/// can only be widened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetBlueprintVisibility {
    pub id: String,
    pub visibility: Visibility,
}

endpoint!(SetBlueprintVisibility(this) -> Blueprint {
    PATCH "/blueprints/{}/set-visibility", this.id;
    body = RequestBody::json(&VisibilityBody {
        visibility: this.visibility.as_str(),
    });
});

/// `PATCH /blueprints/<id>/icon`: sets the icon to the PNG in the body, or removes it when
/// there is none (manager 6.3+).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SetBlueprintIcon {
    pub id: String,
    /// The PNG bytes; `None` removes the icon.
    pub icon: Option<Vec<u8>>,
}

endpoint!(SetBlueprintIcon(this) -> Blueprint {
    PATCH "/blueprints/{}/icon", this.id;
    body = {
        match &this.icon {
            Some(bytes) => RequestBody::Raw {
                content_type: "application/octet-stream".into(),
                bytes: bytes.clone(),
            },
            None => RequestBody::Empty,
        }
    };
});

#[derive(Serialize)]
struct LabelsBody<'a> {
    labels: &'a [LabelPair],
}

/// `PATCH /blueprints/<id>` with only what changes: a new description and/or new labels, which
/// replace the blueprint's labels (the Python client's `blueprints.update(id, update_dict)`). An
/// update with nothing in it is refused before sending.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UpdateBlueprint {
    pub id: String,
    pub description: Option<String>,
    pub labels: Option<Vec<LabelPair>>,
}

#[derive(Serialize)]
struct BlueprintUpdateBody<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    labels: Option<&'a [LabelPair]>,
}

endpoint!(UpdateBlueprint(this) -> Blueprint {
    PATCH "/blueprints/{}", this.id;
    body = RequestBody::json(&BlueprintUpdateBody {
        description: this.description.as_deref(),
        labels: this.labels.as_deref(),
    });
    check = if this.description.is_none() && this.labels.is_none() {
        Err(ApiError::new(
            None,
            crate::error::client_codes::NOTHING_TO_UPDATE,
            "Nothing to update: give a new description or new labels.",
        ))
    } else {
        Ok(())
    };
});

pub(crate) fn labels_body(labels: &[LabelPair]) -> RequestBody {
    RequestBody::json(&LabelsBody { labels })
}

pub(crate) fn visibility_body(v: &Visibility) -> RequestBody {
    RequestBody::json(&VisibilityBody {
        visibility: v.as_str(),
    })
}
