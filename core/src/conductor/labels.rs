//! Labels as requests carry them, and the label keys/values autocomplete endpoints
//! (`/labels/deployments`, `/labels/blueprints`).

use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::endpoint::endpoint;
use crate::page::Page;
use crate::query::ListQuery;
use crate::session::segment;

/// A label in a create or update request. The manager takes labels there as a list of
/// one-entry objects, `[{"env": "prod"}, {"tier": "web"}]`, not as `{key, value}` pairs.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LabelPair {
    pub key: String,
    pub value: String,
}

impl LabelPair {
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Self {
        LabelPair {
            key: key.into(),
            value: value.into(),
        }
    }
}

impl Serialize for LabelPair {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(1))?;
        m.serialize_entry(&self.key, &self.value)?;
        m.end()
    }
}

impl<'de> Deserialize<'de> for LabelPair {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let map = serde_json::Map::<String, serde_json::Value>::deserialize(d)?;
        let mut it = map.into_iter();
        match (it.next(), it.next()) {
            (Some((key, serde_json::Value::String(value))), None) => Ok(LabelPair { key, value }),
            _ => Err(serde::de::Error::custom(
                "a label is a one-entry object {\"<key>\": \"<value>\"}",
            )),
        }
    }
}

/// The manager's `validate_inputs` check on an id or name given in a path or body: not empty,
/// at most 256 characters, only `A-Z a-z 0-9 - . _ ~`, and starting with an ASCII letter.
/// `Err` carries the manager's 400 message for argument `arg`.
pub fn validate_id(arg: &str, value: &str) -> Result<(), String> {
    let prefix = format!("The `{arg}` argument");
    if value.is_empty() {
        return Err(format!("{prefix} is empty"));
    }
    if value.chars().count() > 256 {
        return Err(format!(
            "{prefix} is too long. Maximum allowed length is 256 characters"
        ));
    }
    if !value.chars().all(crate::labels::is_url_safe) {
        return Err(format!(
            "{prefix} contains illegal characters. Only letters, digits and the characters \"-\", \".\" and \"_\" are allowed"
        ));
    }
    if !value.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Err(format!("{prefix} must begin with a letter"));
    }
    Ok(())
}

/// Which resource's labels.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LabelledResource {
    #[default]
    Deployments,
    Blueprints,
}

impl LabelledResource {
    pub fn path(self) -> &'static str {
        match self {
            LabelledResource::Deployments => "deployments",
            LabelledResource::Blueprints => "blueprints",
        }
    }
}

/// `GET /labels/<resource>`: the distinct label keys in the tenant, sorted. Honours `_search`
/// (substring of the key), `_size` and `_offset`; `_sort` is ignored by the manager.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListLabelKeys {
    pub resource: LabelledResource,
    pub query: ListQuery,
    /// `_reserved=true`: the manager's reserved `csys-` keys instead of the keys in use.
    pub reserved: bool,
}

endpoint!(ListLabelKeys(this) -> Page<String> {
    GET path = format!("/labels/{}", this.resource.path());
    query = {
        let q = this.query.to_query();
        if this.reserved {
            q.with("_reserved", "true")
        } else {
            q
        }
    };
});

/// `GET /labels/<resource>/<key>`: the distinct values of one key, sorted; `_search` matches a
/// substring of the value. The manager refuses a key that fails [`validate_label_key`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListLabelValues {
    pub resource: LabelledResource,
    pub key: String,
    pub query: ListQuery,
}

impl ListLabelValues {
    /// The manager's check on the key in the path (400 `bad_parameters_error` when it fails):
    /// non-empty, at most 256 URL-safe characters, starting with an ASCII letter.
    pub fn validate_label_key(key: &str) -> Result<(), String> {
        validate_id("label_key", key)
    }
}

endpoint!(ListLabelValues(this) -> Page<String> {
    GET path = format!("/labels/{}/{}", this.resource.path(), segment(&this.key));
    query = this.query.to_query();
});
