//! Plugins (`/plugins`) and plugins updates (`/plugins-updates`).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::endpoint;
use crate::endpoint::{parse_bytes, parse_empty, RequestBody};
use crate::multipart::{MultipartBody, Part};
use crate::page::Page;
use crate::query::{ListQuery, Query};
use crate::time::Timestamp;

use super::executions::include_query;
use super::Visibility;

pub use super::resources::Plugin;

/// `GET /plugins`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListPlugins {
    pub query: ListQuery,
}

endpoint!(ListPlugins(this) -> Page<Plugin> {
    GET "/plugins";
    query = this.query.to_query();
});

/// `GET /plugins/<id>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetPlugin {
    pub id: String,
    pub include: Vec<String>,
}

endpoint!(GetPlugin(this) -> Plugin {
    GET "/plugins/{}", this.id;
    query = include_query(&this.include);
});

/// `PATCH /plugins/<id>`: owner (needs `set_owner`), blueprint labels, labels, resource tags.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct UpdatePlugin {
    #[serde(skip)]
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub creator: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blueprint_labels: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub labels: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_tags: Option<Value>,
}

endpoint!(UpdatePlugin(this) -> Plugin {
    PATCH "/plugins/{}", this.id;
    body = RequestBody::json(this);
});

/// `DELETE /plugins/<id>` with `{"force": bool}` (force deletes a plugin deployments use).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DeletePlugin {
    #[serde(skip)]
    pub id: String,
    pub force: bool,
}

endpoint!(DeletePlugin(this) -> () {
    DELETE "/plugins/{}", this.id;
    body = RequestBody::json(this);
    parse = parse_empty;
});

/// Where an uploaded plugin archive comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PluginArchive {
    /// The manager downloads it (`plugin_archive_url`).
    Url(String),
    /// A zip holding the wagon and the plugin YAML (what `cfy plugins upload` sends).
    Bytes(Vec<u8>),
}

/// `POST /plugins`: the manager's own upload, as the Python client does it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UploadPlugin {
    pub archive: PluginArchive,
    pub title: Option<String>,
    pub visibility: Option<Visibility>,
}

endpoint!(UploadPlugin(this) -> Plugin {
    POST "/plugins";
    query = {
        let mut q = Query::new();
        if let Some(v) = &this.visibility {
            q.push("visibility", v.as_str());
        }
        if let Some(t) = &this.title {
            q.push("title", t.clone());
        }
        if let PluginArchive::Url(u) = &this.archive {
            q.push("plugin_archive_url", u.clone());
        }
        q
    };
    body = {
        match &this.archive {
            PluginArchive::Url(_) => RequestBody::Empty,
            PluginArchive::Bytes(b) => RequestBody::Raw {
                content_type: "application/octet-stream".into(),
                bytes: b.clone(),
            },
        }
    };
});

/// One file of a [`UploadPluginFiles`]: a URL the server fetches, or the bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PluginFile {
    Url(String),
    Bytes { filename: String, data: Vec<u8> },
}

/// `POST /plugins/upload`: a wagon and its plugin YAML (and optionally an icon), as files in a
/// `multipart/form-data` body (`wagon_file`, `yaml_file`, `icon_file`) or as URLs in the query
/// (`wagonUrl`, `yamlUrl`, `iconUrl`), with `title` and `visibility`. This is the console's
/// upload (stage's); the server packs the files and stores the plugin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UploadPluginFiles {
    pub wagon: PluginFile,
    pub yaml: PluginFile,
    pub icon: Option<PluginFile>,
    pub title: Option<String>,
    pub visibility: Option<Visibility>,
}

impl UploadPluginFiles {
    fn files(&self) -> [(&'static str, Option<&PluginFile>); 3] {
        [
            ("wagon", Some(&self.wagon)),
            ("yaml", Some(&self.yaml)),
            ("icon", self.icon.as_ref()),
        ]
    }

    /// The multipart body when any file is sent as bytes (`None` when all are URLs). A
    /// transport with upload progress can stream [`MultipartBody::chunks`] of it.
    pub fn multipart(&self) -> Option<MultipartBody> {
        let mut seed: u64 = 0xba70;
        let mut form: Option<MultipartBody> = None;
        for (name, file) in self.files() {
            if let Some(PluginFile::Bytes { filename, data }) = file {
                seed = seed.wrapping_mul(31).wrapping_add(data.len() as u64);
                let content_type = match name {
                    "yaml" => "application/x-yaml",
                    "icon" => "image/png",
                    _ => "application/octet-stream",
                };
                let m = form.take().unwrap_or_else(|| {
                    MultipartBody::new(MultipartBody::boundary_from_seed(u128::from(seed)))
                });
                form = Some(m.with(Part::file(
                    format!("{name}_file"),
                    filename.clone(),
                    content_type,
                    data.clone(),
                )));
            }
        }
        form
    }
}

endpoint!(UploadPluginFiles(this) -> Plugin {
    POST "/plugins/upload";
    query = {
        let mut q = Query::new();
        if let Some(v) = &this.visibility {
            q.push("visibility", v.as_str());
        }
        if let Some(t) = &this.title {
            q.push("title", t.clone());
        }
        for (name, file) in this.files() {
            if let Some(PluginFile::Url(u)) = file {
                q.push(format!("{name}Url"), u.clone());
            }
        }
        q
    };
    body = {
        match this.multipart() {
            Some(m) => RequestBody::Raw {
                content_type: m.content_type(),
                bytes: m.to_bytes(),
            },
            None => RequestBody::Empty,
        }
    };
});

/// `GET /plugins/<id>/archive`: the plugin's archive bytes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DownloadPlugin {
    pub id: String,
}

endpoint!(DownloadPlugin(this) -> Vec<u8> {
    GET "/plugins/{}/archive", this.id;
    parse = parse_bytes;
});

/// `PATCH /plugins/<id>/set-visibility` (only widening: `tenant` or `global`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetPluginVisibility {
    pub id: String,
    pub visibility: Visibility,
}

#[derive(Serialize)]
struct VisibilityBody<'a> {
    visibility: &'a str,
}

endpoint!(SetPluginVisibility(this) -> Plugin {
    PATCH "/plugins/{}/set-visibility", this.id;
    body = RequestBody::json(&VisibilityBody {
        visibility: this.visibility.as_str(),
    });
});

// ---------------------------------------------------------------------------------------------
// Plugins updates

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PluginsUpdate {
    pub id: String,
    /// `updating`, `executing_workflow`, `finalizing`, `successful`, `failed`,
    /// `no_changes_required`.
    pub state: Option<String>,
    pub blueprint_id: Option<String>,
    pub temp_blueprint_id: Option<String>,
    pub execution_id: Option<String>,
    pub deployments_to_update: Option<Vec<String>>,
    pub deployments_per_tenant: Option<Value>,
    pub forced: Option<bool>,
    pub affected_deployments: Option<Vec<String>>,
    pub created_at: Option<Timestamp>,
    pub created_by: Option<String>,
    pub tenant_name: Option<String>,
    pub visibility: Option<Visibility>,
    pub resource_availability: Option<Visibility>,
    pub private_resource: Option<bool>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `POST /plugins-updates/<blueprint-id>/update/initiate`: updates the plugins of the
/// blueprint's deployments.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct InitiatePluginsUpdate {
    #[serde(skip)]
    pub blueprint_id: String,
    pub plugin_names: Vec<String>,
    pub to_latest: Vec<String>,
    pub all_to_latest: bool,
    pub to_minor: Vec<String>,
    pub all_to_minor: bool,
    /// Run even when the blueprint is used as a component.
    pub force: bool,
    pub auto_correct_types: bool,
    pub reevaluate_active_statuses: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mapping: Option<Value>,
}

endpoint!(InitiatePluginsUpdate(this) -> PluginsUpdate {
    POST "/plugins-updates/{}/update/initiate", this.blueprint_id;
    body = RequestBody::json(this);
});

/// `GET /plugins-updates/<id>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetPluginsUpdate {
    pub id: String,
    pub include: Vec<String>,
}

endpoint!(GetPluginsUpdate(this) -> PluginsUpdate {
    GET "/plugins-updates/{}", this.id;
    query = include_query(&this.include);
});

/// `GET /plugins-updates`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListPluginsUpdates {
    pub query: ListQuery,
}

endpoint!(ListPluginsUpdates(this) -> Page<PluginsUpdate> {
    GET "/plugins-updates";
    query = this.query.to_query();
});

/// Whether a blueprint's `plan` installs the plugin `package_name` at `package_version`: the
/// manager's own test for "in use" (it reads the plan's `deployment_plugins_to_install` and
/// `workflow_plugins_to_install` and compares package name and version).
pub fn plan_uses(plan: &Value, package_name: &str, package_version: &str) -> bool {
    [
        "deployment_plugins_to_install",
        "workflow_plugins_to_install",
    ]
    .iter()
    .filter_map(|k| plan.get(k).and_then(Value::as_array))
    .flatten()
    .any(|p| {
        p.get("package_name").and_then(Value::as_str) == Some(package_name)
            && p.get("package_version").and_then(Value::as_str) == Some(package_version)
    })
}

/// The blueprints a `plugin_in_use` refusal of `DELETE /plugins/<id>` names ("Plugin "x" is
/// currently in use in blueprints: a, b. You can "force" plugin removal if needed."); `None`
/// for any other error.
pub fn blueprints_in_use(e: &crate::ApiError) -> Option<Vec<String>> {
    if e.code != "plugin_in_use" {
        return None;
    }
    let (_, rest) = e.message.split_once("in use in blueprints:")?;
    // Blueprint ids hold no ". ", so the list ends at the sentence that follows.
    let list = rest.split_once(". ").map_or(rest, |(l, _)| l);
    Some(
        list.trim()
            .trim_end_matches('.')
            .split(',')
            .map(str::trim)
            .filter(|b| !b.is_empty())
            .map(str::to_string)
            .collect(),
    )
}

#[cfg(test)]
mod in_use_tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_plan_uses_a_plugin_by_package_name_and_version() {
        let plan = json!({
            "deployment_plugins_to_install": [{"package_name": "cloudify-aws-plugin", "package_version": "3.2.4"}],
            "workflow_plugins_to_install": [{"package_name": "cloudify-utilities-plugin", "package_version": "1.26.1"}],
        });
        assert!(plan_uses(&plan, "cloudify-aws-plugin", "3.2.4"));
        assert!(plan_uses(&plan, "cloudify-utilities-plugin", "1.26.1"));
        assert!(!plan_uses(&plan, "cloudify-aws-plugin", "3.2.5"));
        assert!(!plan_uses(&json!({}), "cloudify-aws-plugin", "3.2.4"));
    }

    #[test]
    fn the_refusal_names_the_blueprints() {
        let e = crate::ApiError {
            status: Some(405),
            code: "plugin_in_use".into(),
            message: "Plugin \"p-1\" is currently in use in blueprints: web-v1, db.v2. You can \"force\" plugin removal if needed.".into(),
            ..crate::ApiError::network("")
        };
        assert_eq!(
            blueprints_in_use(&e),
            Some(vec!["web-v1".into(), "db.v2".into()])
        );
        let other = crate::ApiError {
            code: "not_found_error".into(),
            ..e
        };
        assert_eq!(blueprints_in_use(&other), None);
    }
}
