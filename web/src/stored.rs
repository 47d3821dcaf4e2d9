//! What the console keeps for the browser tab (sessionStorage): which manager, the token,
//! the tenant. Never in the URL, never logged.

use serde::{Deserialize, Serialize};

const KEY: &str = "baton.session";

/// Which manager the console talks to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Target {
    /// The in-memory demo manager built into the console.
    Demo,
    /// The manager that serves this page (`/api/v3.1` on the same origin).
    SameOrigin,
    /// A manager at another origin (needs CORS on that manager, or a proxy).
    Url(String),
}

impl Target {
    pub fn describe(&self) -> String {
        match self {
            Target::Demo => "Built-in demo manager".into(),
            Target::SameOrigin => "This server's manager".into(),
            Target::Url(u) => u.clone(),
        }
    }
}

/// A signed-in session.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedIn {
    pub target: Target,
    pub token: String,
    pub username: String,
    pub role: String,
    pub tenant: String,
    /// The tenants this user may work in (not every tenant the manager lists).
    pub tenants: Vec<String>,
    /// Tenant → the roles the user holds there (its tenant role, and those its groups give),
    /// for the actions the console offers; empty when not known.
    #[serde(default)]
    pub tenant_roles: std::collections::BTreeMap<String, Vec<String>>,
    /// The id of the token this console created at sign-in, revoked on sign-out. `None` when
    /// the operator pasted a token in: that token is theirs, so sign-out asks first.
    #[serde(default)]
    pub created_token_id: Option<String>,
}

// The token stays out of any debug output.
impl std::fmt::Debug for SignedIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignedIn")
            .field("target", &self.target)
            .field("username", &self.username)
            .field("tenant", &self.tenant)
            .finish_non_exhaustive()
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

pub fn load() -> Option<SignedIn> {
    let raw = storage()?.get_item(KEY).ok().flatten()?;
    serde_json::from_str(&raw).ok()
}

pub fn save(s: &SignedIn) {
    if let (Some(st), Ok(raw)) = (storage(), serde_json::to_string(s)) {
        let _ = st.set_item(KEY, &raw);
    }
}

pub fn clear() {
    if let Some(st) = storage() {
        let _ = st.remove_item(KEY);
    }
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn last_tenant_key(target: &Target, username: &str) -> String {
    format!("baton.last-tenant.{}.{username}", target.describe())
}

/// The tenant this user last worked in on this manager (kept across tabs: it is no secret).
pub fn last_tenant(target: &Target, username: &str) -> Option<String> {
    local()?
        .get_item(&last_tenant_key(target, username))
        .ok()
        .flatten()
}

pub fn remember_tenant(target: &Target, username: &str, tenant: &str) {
    if let Some(st) = local() {
        let _ = st.set_item(&last_tenant_key(target, username), tenant);
    }
}
