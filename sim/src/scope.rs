//! Who sees and changes what across tenants, and filter-rule resolution, shared by the
//! groups, saved-filters, searches and secrets families.

use serde_json::Value;

use baton_core::conductor::resources::{Ownership, SavedFilter};
use baton_core::conductor::saved_filters::FilterResource;
use baton_core::conductor::Visibility;
use baton_core::filters::{normalize_rules, FilterRule, FilterRuleError, Resource};

use super::reply::{error, not_found, Reply};
use super::{Ctx, DemoManager, TenantData};

/// The caller's view of one tenant: its index, name and rights.
pub(crate) struct Scope {
    pub tenant: usize,
    pub tenant_name: String,
    pub username: String,
    /// A system admin or a manager of this tenant (sees hidden values, private resources).
    pub admin: bool,
    pub sys_admin: bool,
}

impl Scope {
    pub fn of(m: &DemoManager, c: &Ctx) -> Result<Scope, Reply> {
        let tenant = m.tenant_of(c)?;
        let tenant_name = m.tenants[tenant].name.clone();
        let u = &m.users[c.caller.user];
        let sys_admin = u.role == "sys_admin";
        let admin = sys_admin
            || u.tenants
                .iter()
                .any(|(t, r)| *t == tenant_name && r == "manager");
        Ok(Scope {
            tenant,
            tenant_name,
            username: u.username.clone(),
            admin,
            sys_admin,
        })
    }

    /// Whether the caller sees a resource of `tenant` with this ownership from its tenant:
    /// its own tenant's (private ones only its creator's, unless admin), and global ones.
    pub fn sees(&self, tenant: &str, owner: &Ownership) -> bool {
        let visibility = owner.visibility.as_ref().unwrap_or(&Visibility::Tenant);
        if *visibility == Visibility::Global {
            return true;
        }
        tenant == self.tenant_name
            && (*visibility != Visibility::Private
                || self.admin
                || owner.created_by.as_deref() == Some(self.username.as_str()))
    }

    /// Whether the caller may change or delete the resource (its creator, or an admin).
    pub fn may_modify(&self, owner: &Ownership) -> bool {
        self.admin || owner.created_by.as_deref() == Some(self.username.as_str())
    }

    /// The manager's answer when `may_modify` is false.
    pub fn forbidden(&self, what: &str) -> Reply {
        error(
            403,
            "forbidden_error",
            &format!("User `{}` is not permitted to modify {what}", self.username),
        )
    }
}

/// 409 as the storage layer words it.
pub(crate) fn conflict(model: &str, id: &str, tenant: &str) -> Reply {
    error(
        409,
        "conflict_error",
        &format!(
            "<{model} id=`{id}` tenant=`{tenant}`> already exists on <Tenant name=`{tenant}`> or with global visibility"
        ),
    )
}

pub(crate) fn bad_parameters(message: &str) -> Reply {
    error(400, "bad_parameters_error", message)
}

/// An `invalid_filter_rule` answer.
pub(crate) fn rule_error(e: &FilterRuleError) -> Reply {
    Reply::json(400, e.to_response_body())
}

/// Reads and validates a `filter_rules` JSON list as the manager does for `resource`.
pub(crate) fn parse_rules(raw: &Value, resource: Resource) -> Result<Vec<FilterRule>, Reply> {
    let list = raw
        .as_array()
        .ok_or_else(|| bad_parameters("filter_rules must be a list"))?;
    let rules = list
        .iter()
        .map(FilterRule::from_json)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| rule_error(&e))?;
    normalize_rules(&rules, resource).map_err(|e| rule_error(&e))
}

/// The saved filter `id` of `resource` the caller sees, with the tenant that holds it.
pub(crate) fn find_filter<'a>(
    tenants: &'a [TenantData],
    scope: &Scope,
    resource: FilterResource,
    id: &str,
) -> Option<(&'a TenantData, &'a SavedFilter)> {
    // The caller's own tenant first: a local id shadows a global one elsewhere.
    let order = std::iter::once(&tenants[scope.tenant]).chain(
        tenants
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != scope.tenant)
            .map(|(_, t)| t),
    );
    for t in order {
        if let Some(f) = t
            .saved_filters
            .iter()
            .find(|s| s.resource == resource && s.filter.id == id)
        {
            if scope.sees(&t.name, &f.filter.owner) {
                return Some((t, &f.filter));
            }
        }
    }
    None
}

/// A saved filter's rules, or the manager's 404.
pub(crate) fn filter_rules_of(
    tenants: &[TenantData],
    scope: &Scope,
    resource: FilterResource,
    id: &str,
) -> Result<Vec<FilterRule>, Reply> {
    find_filter(tenants, scope, resource, id)
        .map(|(_, f)| f.value.clone())
        .ok_or_else(|| not_found(resource.model(), id))
}

/// `a` followed by the rules of `b` it does not have yet (the manager's merge).
pub(crate) fn merge_rules(mut a: Vec<FilterRule>, b: Vec<FilterRule>) -> Vec<FilterRule> {
    for r in b {
        if !a.contains(&r) {
            a.push(r);
        }
    }
    a
}

/// A deterministic UUID-shaped id from some text (the demo manager has no randomness).
pub(crate) fn pseudo_uuid(seed: &str) -> String {
    let mut h: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    for b in seed.bytes() {
        h ^= u128::from(b);
        h = h.wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013b);
    }
    let hex = format!("{h:032x}");
    format!(
        "{}-{}-4{}-a{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[13..16],
        &hex[17..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pseudo_uuids_are_stable_and_distinct() {
        let a = pseudo_uuid("g1|0");
        assert_eq!(a, pseudo_uuid("g1|0"));
        assert_ne!(a, pseudo_uuid("g1|1"));
        assert_eq!(a.len(), 36);
        assert_eq!(a.matches('-').count(), 4);
    }
}
