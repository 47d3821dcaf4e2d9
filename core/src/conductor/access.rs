//! What a signed-in user may use: the tenants to offer, the tenant to start in, and which
//! token a console sign-in created (so signing out can revoke it).
//!
//! A community manager's `GET /tenants` lists every tenant to every user, so the tenant menu
//! cannot come from it: a user may work only in the tenants `GET /user?_get_data=true` names,
//! directly or through a user group; only a `sys_admin` may use every tenant.

use serde_json::Value;

use super::auth::{CountOr, User};

/// The tenant a console starts in when nothing better is known.
pub const DEFAULT_TENANT: &str = "default_tenant";

/// The tenants `user` may work in, sorted. `listed` is what `GET /tenants` answered; it only
/// counts for a system admin.
pub fn usable_tenants(user: &User, listed: &[String]) -> Vec<String> {
    let mut tenants = user.tenant_names();
    if let Some(roles) = &user.tenant_roles {
        tenants.extend(roles.direct.keys().cloned());
        tenants.extend(roles.groups.keys().cloned());
    }
    // Older managers send the group memberships as `group_tenants`.
    if let Some(Value::Object(groups)) = user.extra.get("group_tenants") {
        tenants.extend(groups.keys().cloned());
    }
    if user.is_admin() {
        tenants.extend(listed.iter().cloned());
    }
    tenants.retain(|t| !t.is_empty());
    tenants.sort();
    tenants.dedup();
    tenants
}

/// The tenant to start in: the last one used if it is still allowed, else `default_tenant`
/// if allowed, else the first allowed one.
pub fn starting_tenant(usable: &[String], last_used: Option<&str>) -> Option<String> {
    last_used
        .filter(|t| usable.iter().any(|u| u == t))
        .or_else(|| {
            usable
                .iter()
                .map(String::as_str)
                .find(|t| *t == DEFAULT_TENANT)
        })
        .or_else(|| usable.first().map(String::as_str))
        .map(str::to_string)
}

/// The id of a token from its value (`ctok-<id>-<secret>`), so the token behind a session can be
/// revoked with `DELETE /tokens/<id>`. `None` for a value of another form.
pub fn token_id(value: &str) -> Option<&str> {
    let rest = value.strip_prefix("ctok-")?;
    let (id, secret) = rest.split_once('-')?;
    (!id.is_empty() && !secret.is_empty()).then_some(id)
}

impl User {
    /// The user's role in `tenant` (`viewer`, `user`, `operations`, `manager`...), directly or
    /// through a group, when the answer carried it.
    pub fn tenant_role(&self, tenant: &str) -> Option<String> {
        if let Some(CountOr::Data(map)) = &self.tenants {
            if let Some(r) = map.get(tenant).and_then(|r| r.tenant_role.clone()) {
                return Some(r);
            }
        }
        let roles = self.tenant_roles.as_ref()?;
        roles.direct.get(tenant).cloned().or_else(|| {
            roles
                .groups
                .get(tenant)
                .and_then(|g| g.get("tenant-role").or_else(|| g.get("role")))
                .and_then(Value::as_str)
                .map(str::to_string)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(json: &str) -> User {
        serde_json::from_str(json).unwrap()
    }

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    // The two users captured from a real community manager (shared/fixtures/conductor-tenancy).
    const CAROL: &str = r#"{"username": "carol", "tenants": {"ops": {"tenant-role": "operations", "roles": ["operations"]}, "payments": {"tenant-role": "user", "roles": ["user"]}}, "tenant_roles": {"direct": {"ops": "operations", "payments": "user"}, "groups": {}}, "groups": [], "role": "default"}"#;
    const BOB: &str = r#"{"username": "bob", "tenants": {"default_tenant": {"tenant-role": "viewer", "roles": ["viewer"]}}, "tenant_roles": {"direct": {"default_tenant": "viewer"}, "groups": {}}, "groups": [], "role": "default"}"#;

    #[test]
    fn a_user_gets_only_the_tenants_it_belongs_to() {
        let listed = names(&["default_tenant", "ops", "payments"]);
        let carol = usable_tenants(&user(CAROL), &listed);
        assert_eq!(carol, names(&["ops", "payments"]));
        // Not default_tenant, where every call would be refused with 403.
        assert_eq!(starting_tenant(&carol, None).as_deref(), Some("ops"));
        assert_eq!(
            usable_tenants(&user(BOB), &listed),
            names(&["default_tenant"])
        );
    }

    #[test]
    fn group_tenants_count_and_admins_get_every_listed_tenant() {
        let via_group = user(
            r#"{"username": "dan", "role": "default", "tenants": {},
                "tenant_roles": {"direct": {}, "groups": {"research": {"tenant-role": "viewer"}}}}"#,
        );
        assert_eq!(usable_tenants(&via_group, &[]), names(&["research"]));
        assert_eq!(via_group.tenant_role("research").as_deref(), Some("viewer"));
        let admin = user(r#"{"username": "admin", "role": "sys_admin", "tenants": 1}"#);
        assert_eq!(
            usable_tenants(&admin, &names(&["payments", "default_tenant"])),
            names(&["default_tenant", "payments"])
        );
    }

    #[test]
    fn the_last_tenant_is_kept_only_while_allowed() {
        let usable = names(&["default_tenant", "payments"]);
        assert_eq!(
            starting_tenant(&usable, Some("payments")).as_deref(),
            Some("payments")
        );
        assert_eq!(
            starting_tenant(&usable, Some("gone")).as_deref(),
            Some("default_tenant")
        );
        assert_eq!(starting_tenant(&[], Some("x")), None);
        assert_eq!(user(CAROL).tenant_role("payments").as_deref(), Some("user"));
    }

    #[test]
    fn token_ids_come_from_token_values() {
        assert_eq!(
            token_id("ctok-59vJqzwlWT-RSRszoRl43z9Zv09jc7AguXcCy8FKl2k6Ris5IU9"),
            Some("59vJqzwlWT")
        );
        assert_eq!(token_id("ctok--x"), None);
        assert_eq!(token_id("ctok-abc"), None);
        assert_eq!(token_id("some-other-token"), None);
    }
}
