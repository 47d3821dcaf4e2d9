//! State and rules shared by the administration families: accounts, groups, who is an
//! admin, tenant roles, the maintenance and license gates, and the answers' JSON shapes.

use chrono::{Duration, NaiveDateTime};
use serde_json::{json, Map, Value};

use baton_core::conductor::manager::ManagerNode;
use baton_core::conductor::metrics::Metric;
use baton_core::time::Timestamp;

use super::reply::{error, Reply};
use super::{Ctx, DemoManager};

/// Failed sign-ins in a row that lock an account (the manager's
/// `failed_logins_before_account_lock`).
pub const FAILED_LOGINS_BEFORE_LOCK: u32 = 4;
/// How long a lock lasts (the manager's `account_lock_period`, in minutes).
pub const ACCOUNT_LOCK_MINUTES: i64 = 30;

/// The parts of a user's account the administration endpoints change.
#[derive(Clone, Debug)]
pub struct Account {
    pub active: bool,
    pub failed_logins: u32,
    pub last_failed_login_at: Option<NaiveDateTime>,
    pub first_login_at: Option<NaiveDateTime>,
    pub show_getting_started: bool,
}

impl Default for Account {
    fn default() -> Self {
        Account {
            active: true,
            failed_logins: 0,
            last_failed_login_at: None,
            first_login_at: None,
            show_getting_started: true,
        }
    }
}

impl Account {
    /// Locked after too many failed sign-ins, until the lock period passes or an admin unlocks.
    pub fn is_locked(&self, now: NaiveDateTime) -> bool {
        self.failed_logins >= FAILED_LOGINS_BEFORE_LOCK
            && self
                .last_failed_login_at
                .is_some_and(|t| now < t + Duration::minutes(ACCOUNT_LOCK_MINUTES))
    }
}

/// A user group.
#[derive(Clone, Debug)]
pub struct GroupRecord {
    pub id: u64,
    pub name: String,
    pub ldap_dn: Option<String>,
    /// System role given to members: `sys_admin` or `default`.
    pub role: String,
    pub members: Vec<String>,
    /// Tenant name and the role members get in it.
    pub tenants: Vec<(String, String)>,
}

/// Where maintenance mode stands.
#[derive(Clone, Debug, Default)]
pub struct MaintenanceState {
    pub activated_at: Option<NaiveDateTime>,
    pub requested_by: Option<String>,
}

/// The uploaded license.
#[derive(Clone, Debug)]
pub struct LicenseRecord {
    pub customer_id: String,
    pub expiration_date: Option<NaiveDateTime>,
    pub license_edition: String,
    pub trial: bool,
    pub cloudify_version: Option<String>,
    pub capabilities: Vec<String>,
    pub signature: String,
}

impl LicenseRecord {
    pub fn expired(&self, now: NaiveDateTime) -> bool {
        self.expiration_date.is_some_and(|e| e <= now)
    }

    pub fn to_json(&self, now: NaiveDateTime) -> Value {
        json!({
            "id": self.customer_id,
            "customer_id": self.customer_id,
            "expiration_date": self.expiration_date.map(|t| Timestamp(t).to_wire()),
            "license_edition": self.license_edition,
            "trial": self.trial,
            "cloudify_version": self.cloudify_version,
            "capabilities": self.capabilities,
            "expired": self.expired(now),
            "signature": self.signature,
        })
    }
}

/// Global state of the administration families.
#[derive(Clone, Debug, Default)]
pub struct AdminState {
    pub groups: Vec<GroupRecord>,
    pub group_counter: u64,
    /// (role, permission) pairs.
    pub permissions: Vec<(String, String)>,
    /// Ids of deleted tokens (tokens are self-contained, so deleting one must remember it).
    pub revoked_tokens: Vec<String>,
    pub maintenance: MaintenanceState,
    /// Calls other than license, status and maintenance need a license.
    pub license_required: bool,
    pub license: Option<LicenseRecord>,
    /// The LDAP settings, when LDAP is configured.
    pub ldap: Option<Value>,
    pub managers: Vec<ManagerNode>,
    /// Tenant name and metric.
    pub metrics: Vec<(String, Metric)>,
}

/// The system roles.
pub const SYSTEM_ROLES: &[&str] = &["sys_admin", "default"];
/// The tenant roles.
pub const TENANT_ROLES: &[&str] = &["manager", "operations", "user", "viewer"];

/// The account matching these credentials, counting failures towards a lock.
pub fn check_password(
    m: &mut DemoManager,
    username: &str,
    password: &str,
    now: NaiveDateTime,
) -> Option<usize> {
    let i = m.users.iter().position(|u| u.username == username)?;
    let u = &mut m.users[i];
    if !u.account.active || u.account.is_locked(now) {
        return None;
    }
    if u.password != password {
        u.account.failed_logins += 1;
        u.account.last_failed_login_at = Some(now);
        return None;
    }
    u.account.failed_logins = 0;
    Some(i)
}

/// A system admin by role or through a group.
pub fn is_admin(m: &DemoManager, user: usize) -> bool {
    let u = &m.users[user];
    u.role == "sys_admin" || groups_of(m, &u.username).any(|g| g.role == "sys_admin")
}

pub fn groups_of<'a>(
    m: &'a DemoManager,
    username: &'a str,
) -> impl Iterator<Item = &'a GroupRecord> + 'a {
    m.admin
        .groups
        .iter()
        .filter(move |g| g.members.iter().any(|u| u == username))
}

/// The user's role in a tenant: its own, or else the first one a group gives it.
pub fn tenant_role(m: &DemoManager, user: usize, tenant: &str) -> Option<String> {
    let u = &m.users[user];
    u.tenants
        .iter()
        .find(|(t, _)| t == tenant)
        .map(|(_, r)| r.clone())
        .or_else(|| {
            groups_of(m, &u.username)
                .flat_map(|g| &g.tenants)
                .find(|(t, _)| t == tenant)
                .map(|(_, r)| r.clone())
        })
}

/// 403 unless the caller is a system admin.
pub fn require_admin(m: &DemoManager, c: &Ctx, action: &str) -> Result<(), Reply> {
    if is_admin(m, c.caller.user) {
        Ok(())
    } else {
        Err(error(
            403,
            "forbidden_error",
            &format!(
                "User `{}` is not permitted to perform the action {action}",
                m.users[c.caller.user].username
            ),
        ))
    }
}

/// The manager's check of names it stores (users, tenants, groups).
pub fn validate_name(field: &str, value: &str) -> Result<(), Reply> {
    let bad = |why: &str| {
        Err(error(
            400,
            "bad_parameters_error",
            &format!("The `{field}` argument {why}"),
        ))
    };
    if value.is_empty() {
        return bad("is empty");
    }
    if value.chars().count() > 256 {
        return bad("is longer than 256 characters");
    }
    if !value
        .chars()
        .all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '-' | '_' | '.'))
    {
        return bad("contains illegal characters. Only letters, digits and the characters \"-\", \".\" and \"_\" are allowed");
    }
    Ok(())
}

/// A required string field of a JSON body.
pub fn required_str<'a>(body: &'a Value, key: &str) -> Result<&'a str, Reply> {
    match body.get(key) {
        Some(Value::String(s)) => Ok(s),
        None | Some(Value::Null) => Err(error(
            400,
            "bad_parameters_error",
            &format!("Missing {key} in json request body"),
        )),
        Some(_) => Err(error(
            400,
            "bad_parameters_error",
            &format!("{key} parameter is expected to be of type str"),
        )),
    }
}

/// An optional string field of a JSON body.
pub fn optional_str<'a>(body: &'a Value, key: &str) -> Result<Option<&'a str>, Reply> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(_) => required_str(body, key).map(Some),
    }
}

pub fn check_role(role: &str, valid: &[&str], kind: &str) -> Result<(), Reply> {
    if valid.contains(&role) {
        Ok(())
    } else {
        Err(error(
            400,
            "bad_parameters_error",
            &format!(
                "`{role}` is not a valid {kind} role. Valid roles: {}",
                valid.join(", ")
            ),
        ))
    }
}

fn wire(t: Option<NaiveDateTime>) -> Value {
    t.map_or(Value::Null, |t| Value::from(Timestamp(t).to_wire()))
}

/// A user as `/users` and `/user` answer it.
pub fn user_json(m: &DemoManager, user: usize, get_data: bool, now: NaiveDateTime) -> Value {
    let u = &m.users[user];
    let groups: Vec<&GroupRecord> = groups_of(m, &u.username).collect();
    let mut group_system_roles = Map::new();
    for g in &groups {
        let entry = group_system_roles
            .entry(g.role.clone())
            .or_insert_with(|| json!([]));
        if let Some(list) = entry.as_array_mut() {
            list.push(Value::from(g.name.clone()));
        }
    }
    // Tenants reached directly or through groups; an admin's visible tenants are not memberships.
    let mut tenants: Vec<String> = u.tenants.iter().map(|(t, _)| t.clone()).collect();
    for (t, _) in groups.iter().flat_map(|g| &g.tenants) {
        if !tenants.contains(t) {
            tenants.push(t.clone());
        }
    }
    let (tenants_v, tenant_roles, groups_v) = if get_data {
        let mut map = Map::new();
        for t in &tenants {
            let role = tenant_role(m, user, t).unwrap_or_default();
            map.insert(t.clone(), json!({"tenant-role": role, "roles": [role]}));
        }
        let direct: Map<String, Value> = u
            .tenants
            .iter()
            .map(|(t, r)| (t.clone(), Value::from(r.clone())))
            .collect();
        let mut via_groups = Map::new();
        for g in &groups {
            for (t, r) in &g.tenants {
                via_groups
                    .entry(t.clone())
                    .or_insert_with(|| json!({"roles": [], "groups": []}));
                if let Some(e) = via_groups.get_mut(t) {
                    if let Some(a) = e["roles"].as_array_mut() {
                        a.push(Value::from(r.clone()));
                    }
                    if let Some(a) = e["groups"].as_array_mut() {
                        a.push(Value::from(g.name.clone()));
                    }
                }
            }
        }
        (
            Value::Object(map),
            json!({"direct": direct, "groups": via_groups}),
            json!(groups.iter().map(|g| g.name.clone()).collect::<Vec<_>>()),
        )
    } else {
        (json!(tenants.len()), Value::Null, json!(groups.len()))
    };
    json!({
        "username": u.username,
        "role": u.role,
        "active": u.account.active,
        "is_locked": u.account.is_locked(now),
        "tenants": tenants_v,
        "tenant_roles": tenant_roles,
        "groups": groups_v,
        "group_system_roles": group_system_roles,
        "created_at": wire(Some(u.created_at)),
        "first_login_at": wire(u.account.first_login_at),
        "last_login_at": wire(u.last_login_at),
        "show_getting_started": u.account.show_getting_started,
        "password_hash": null,
    })
}

/// A tenant as `/tenants` answers it.
pub fn tenant_json(m: &DemoManager, index: usize, get_data: bool) -> Value {
    let name = &m.tenants[index].name;
    let direct: Vec<(&str, &str)> = m
        .users
        .iter()
        .filter_map(|u| {
            u.tenants
                .iter()
                .find(|(t, _)| t == name)
                .map(|(_, r)| (u.username.as_str(), r.as_str()))
        })
        .collect();
    let groups: Vec<(&GroupRecord, &str)> = m
        .admin
        .groups
        .iter()
        .filter_map(|g| {
            g.tenants
                .iter()
                .find(|(t, _)| t == name)
                .map(|(_, r)| (g, r.as_str()))
        })
        .collect();
    let mut everyone: Vec<(String, String)> = direct
        .iter()
        .map(|(u, r)| (u.to_string(), r.to_string()))
        .collect();
    for (g, r) in &groups {
        for member in &g.members {
            if !everyone.iter().any(|(u, _)| u == member) {
                everyone.push((member.clone(), r.to_string()));
            }
        }
    }
    let (users, groups_v, user_roles) = if get_data {
        let users: Map<String, Value> = everyone
            .iter()
            .map(|(u, r)| (u.clone(), json!({"tenant-role": r, "roles": [r]})))
            .collect();
        let groups_v: Map<String, Value> = groups
            .iter()
            .map(|(g, r)| (g.name.clone(), Value::from(*r)))
            .collect();
        let direct_v: Map<String, Value> = direct
            .iter()
            .map(|(u, r)| (u.to_string(), Value::from(*r)))
            .collect();
        let mut via = Map::new();
        for (g, r) in &groups {
            for member in &g.members {
                via.insert(member.clone(), json!({"roles": [r], "groups": [g.name]}));
            }
        }
        (
            Value::Object(users),
            Value::Object(groups_v),
            json!({"direct": direct_v, "groups": via}),
        )
    } else {
        (json!(everyone.len()), json!(groups.len()), Value::Null)
    };
    json!({
        "name": name,
        "id": index as u64 + 1,
        "users": users,
        "groups": groups_v,
        "user_roles": user_roles,
        "rabbitmq_username": null,
        "rabbitmq_password": null,
        "rabbitmq_vhost": null,
    })
}

/// A user group as `/user-groups` answers it.
pub fn group_json(g: &GroupRecord, get_data: bool) -> Value {
    let (tenants, users) = if get_data {
        let t: Map<String, Value> = g
            .tenants
            .iter()
            .map(|(t, r)| (t.clone(), Value::from(r.clone())))
            .collect();
        (Value::Object(t), json!(g.members))
    } else {
        (json!(g.tenants.len()), json!(g.members.len()))
    };
    json!({
        "id": g.id,
        "name": g.name,
        "ldap_dn": g.ldap_dn,
        "role": g.role,
        "tenants": tenants,
        "users": users,
    })
}

/// Paths that answer in maintenance mode and without a license.
const ALWAYS_OPEN: &[&str] = &[
    "maintenance",
    "status",
    "version",
    "cluster-status",
    "license",
];

/// The header the console's own calls use to pass maintenance mode (honoured for admins).
pub const BYPASS_MAINTENANCE_HEADER: &str = "X-Bypass-Maintenance";

/// Refuses the call in maintenance mode (503) or without a valid license (400).
pub fn gate(m: &DemoManager, c: &Ctx) -> Option<Reply> {
    let first = c.segs.first().copied().unwrap_or("");
    if ALWAYS_OPEN.contains(&first) {
        return None;
    }
    if m.admin.maintenance.activated_at.is_some() {
        let bypass = c
            .req
            .headers()
            .get(BYPASS_MAINTENANCE_HEADER)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.eq_ignore_ascii_case("true"));
        if !(bypass && is_admin(m, c.caller.user)) {
            let mut reply = error(
                503,
                "maintenance_mode_active",
                "Your request was rejected since Cloudify manager is currently in maintenance mode",
            );
            reply.headers.push(("Retry-After", "60".to_string()));
            return Some(reply);
        }
    }
    // Signing in and reading who you are still work, so the console can show the license page.
    if !m.admin.license_required || matches!(first, "tokens" | "user") {
        return None;
    }
    match &m.admin.license {
        None => Some(error(
            400,
            "missing_cloudify_license",
            "This manager has no license: upload one to use it",
        )),
        Some(l) if l.expired(c.now) && c.method != http::Method::GET => Some(error(
            400,
            "expired_cloudify_license",
            "The manager's license has expired: upload a new one to make changes",
        )),
        Some(_) => None,
    }
}
