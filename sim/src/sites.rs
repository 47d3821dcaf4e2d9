//! `/sites`.

use serde_json::Value;

use baton_core::conductor::resources::{Ownership, Site};
use baton_core::conductor::sites::parse_location;
use baton_core::conductor::Visibility;
use baton_core::time::Timestamp;

use super::labels::{check_id, check_visibility, visibility_rank};
use super::list::{list, ListSpec};
use super::reply::{error, not_found, Reply};
use super::{get_one, method_not_allowed, to_value, Ctx, DemoManager};

const SEARCH: ListSpec = ListSpec {
    search_fields: &["name"],
    search_name_field: None,
};

/// Python's `str(float)`: whole numbers keep a `.0`.
fn py_float(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e16 {
        format!("{f:.1}")
    } else {
        format!("{f}")
    }
}

/// Sets a site's coordinates and the `location` text the manager derives from them.
pub(super) fn set_location(site: &mut Site, at: Option<(f64, f64)>) {
    site.latitude = at.map(|a| a.0);
    site.longitude = at.map(|a| a.1);
    site.location = at.map(|(lat, long)| format!("{}, {}", py_float(lat), py_float(long)));
}

/// The `location` of a body, checked: `Ok(None)` when absent, `Ok(Some(None))` to clear.
#[allow(clippy::type_complexity)]
fn body_location(body: &Value) -> Result<Option<Option<(f64, f64)>>, Reply> {
    match body.get("location") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => parse_location(s)
            .map(Some)
            .map_err(|m| error(400, "bad_parameters_error", &m)),
        Some(_) => Err(error(
            400,
            "bad_parameters_error",
            "location parameter is expected to be of type str",
        )),
    }
}

pub(super) fn route(m: &mut DemoManager, c: &Ctx) -> Option<Reply> {
    let by = m.users[c.caller.user].username.clone();
    Some(match (c.method.as_str(), c.segs) {
        ("GET", ["sites"]) => m.in_tenant(c, |t| {
            list(t.sites.iter().map(to_value).collect(), c.list, &SEARCH)
        }),
        ("GET", ["sites", name]) => m.in_tenant(c, |t| {
            if let Err(r) = check_id("name", name) {
                return r;
            }
            get_one(t.sites.iter().find(|s| s.name == *name), "Site", name, c.list)
        }),
        ("PUT", ["sites", name]) => m.in_tenant(c, |t| {
            if let Err(r) = check_id("name", name) {
                return r;
            }
            let body = match c.json() {
                Ok(b) => b,
                Err(r) => return r,
            };
            let visibility = body
                .get("visibility")
                .and_then(Value::as_str)
                .unwrap_or("tenant");
            if let Err(r) = check_visibility(visibility, true) {
                return r;
            }
            let at = match body_location(&body) {
                Ok(a) => a.flatten(),
                Err(r) => return r,
            };
            if t.sites.iter().any(|s| s.name == *name) {
                return error(
                    409,
                    "conflict_error",
                    &format!("<Site name=`{name}`> already exists on {} or with global visibility", t.name),
                );
            }
            let mut site = Site {
                name: name.to_string(),
                owner: Ownership {
                    visibility: Some(Visibility::from(visibility)),
                    resource_availability: Some(Visibility::from(visibility)),
                    private_resource: Some(visibility == "private"),
                    tenant_name: Some(t.name.clone()),
                    created_by: Some(by.clone()),
                    created_at: Some(Timestamp(c.now)),
                    updated_at: None,
                },
                ..Site::default()
            };
            set_location(&mut site, at);
            let reply = Reply::json(200, to_value(&site));
            t.sites.push(site);
            reply
        }),
        ("POST", ["sites", name]) => m.in_tenant(c, |t| {
            if let Err(r) = check_id("name", name) {
                return r;
            }
            let body = match c.json() {
                Ok(b) => b,
                Err(r) => return r,
            };
            let visibility = body.get("visibility").and_then(Value::as_str);
            if let Some(v) = visibility {
                if let Err(r) = check_visibility(v, true) {
                    return r;
                }
            }
            let at = match body_location(&body) {
                Ok(a) => a,
                Err(r) => return r,
            };
            let new_name = body
                .get("new_name")
                .and_then(Value::as_str)
                .filter(|n| !n.is_empty() && n != name);
            if let Some(n) = new_name {
                if let Err(r) = check_id("new_name", n) {
                    return r;
                }
                if t.sites.iter().any(|s| s.name == n) {
                    return error(
                        409,
                        "conflict_error",
                        &format!(
                            "Invalid new name `{n}`, it already exists on {} or with global visibility",
                            t.name
                        ),
                    );
                }
            }
            let Some(site) = t.sites.iter_mut().find(|s| s.name == *name) else {
                return not_found("Site", name);
            };
            if let Some(v) = visibility {
                let current = site.owner.visibility.as_ref().map_or("tenant", |v| v.as_str());
                if visibility_rank(v) < visibility_rank(current) {
                    return error(
                        400,
                        "illegal_action_error",
                        &format!(
                            "Can't set the visibility of `{name}` to {v} because it already has wider visibility: {current}"
                        ),
                    );
                }
                site.owner.visibility = Some(Visibility::from(v));
                site.owner.resource_availability = Some(Visibility::from(v));
            }
            if let Some(at) = at {
                set_location(site, at);
            }
            if let Some(n) = new_name {
                site.name = n.to_string();
            }
            site.owner.updated_at = Some(Timestamp(c.now));
            let reply = Reply::json(200, to_value(&*site));
            // Deployments follow their site's new name.
            if let Some(n) = new_name {
                for d in t.deployments.iter_mut() {
                    if d.site_name.as_deref() == Some(*name) {
                        d.site_name = Some(n.to_string());
                    }
                }
            }
            reply
        }),
        ("DELETE", ["sites", name]) => m.in_tenant(c, |t| {
            if !t.sites.iter().any(|s| s.name == *name) {
                return not_found("Site", name);
            }
            t.sites.retain(|s| s.name != *name);
            // The manager's foreign key leaves the deployments without a site.
            for d in t.deployments.iter_mut() {
                if d.site_name.as_deref() == Some(*name) {
                    d.site_name = None;
                }
            }
            Reply::json(204, Value::Null)
        }),
        (_, ["sites"] | ["sites", _]) => method_not_allowed(),
        _ => return None,
    })
}
