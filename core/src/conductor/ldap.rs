//! LDAP authentication settings (admin, premium).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::endpoint::{endpoint, RequestBody};

/// `POST /ldap`: points the manager at an LDAP server. Every field the Python client knows
/// is sent, `null` when unset, as it does; `ldap_ca_cert` (the PEM text) only when given.
#[derive(Clone, Default, PartialEq, Eq, Serialize)]
pub struct SetLdap {
    pub ldap_server: String,
    pub ldap_username: Option<String>,
    pub ldap_password: Option<String>,
    pub ldap_is_active_directory: bool,
    pub ldap_domain: Option<String>,
    /// Deprecated; use `ldap_base_dn`.
    pub ldap_dn_extra: Option<String>,
    pub ldap_base_dn: Option<String>,
    pub ldap_group_dn: Option<String>,
    pub ldap_bind_format: Option<String>,
    pub ldap_user_filter: Option<String>,
    pub ldap_group_member_filter: Option<String>,
    pub ldap_attribute_email: Option<String>,
    pub ldap_attribute_first_name: Option<String>,
    pub ldap_attribute_last_name: Option<String>,
    pub ldap_attribute_uid: Option<String>,
    pub ldap_attribute_group_membership: Option<String>,
    pub ldap_nested_levels: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ldap_ca_cert: Option<String>,
}

// The bind password never reaches a log through Debug.
impl std::fmt::Debug for SetLdap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SetLdap")
            .field("ldap_server", &self.ldap_server)
            .field("ldap_username", &self.ldap_username)
            .field("ldap_is_active_directory", &self.ldap_is_active_directory)
            .field("ldap_base_dn", &self.ldap_base_dn)
            .finish_non_exhaustive()
    }
}

/// The settings the manager answers `POST /ldap` with (it never echoes the password).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LdapSettings {
    pub ldap_server: Option<String>,
    pub ldap_username: Option<String>,
    pub ldap_domain: Option<String>,
    pub ldap_is_active_directory: Option<bool>,
    pub ldap_dn_extra: Option<String>,
    pub ldap_base_dn: Option<String>,
    pub ldap_group_dn: Option<String>,
    pub ldap_bind_format: Option<String>,
    pub ldap_user_filter: Option<String>,
    pub ldap_group_member_filter: Option<String>,
    pub ldap_attribute_email: Option<String>,
    pub ldap_attribute_first_name: Option<String>,
    pub ldap_attribute_last_name: Option<String>,
    pub ldap_attribute_uid: Option<String>,
    pub ldap_attribute_group_membership: Option<String>,
    pub ldap_nested_levels: Option<u32>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

endpoint!(SetLdap(this) -> LdapSettings {
    POST "/ldap";
    body = RequestBody::json(this);
});

/// What `GET /ldap` reports: the manager answers `"enabled"` or `"disabled"`; a settings
/// object is read too, should a manager send one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum LdapStatus {
    State(String),
    Settings(Box<LdapSettings>),
}

impl LdapStatus {
    /// Whether sign-in goes through LDAP.
    pub fn is_enabled(&self) -> bool {
        match self {
            LdapStatus::State(s) => s.eq_ignore_ascii_case("enabled"),
            LdapStatus::Settings(s) => s.ldap_server.as_deref().is_some_and(|v| !v.is_empty()),
        }
    }
}

/// `GET /ldap`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetLdap;

endpoint!(GetLdap -> LdapStatus {
    GET "/ldap";
});
