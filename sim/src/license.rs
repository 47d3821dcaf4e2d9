//! `/license` and `/ldap`.

use chrono::{NaiveDate, NaiveDateTime};
use serde_json::{json, Value};

use super::admin::{require_admin, LicenseRecord};
use super::reply::{error, Reply};
use super::{method_not_allowed, Ctx, DemoManager};

pub(super) fn route(m: &mut DemoManager, c: &Ctx) -> Option<Reply> {
    Some(match (c.method.as_str(), c.segs) {
        ("GET", ["license"]) => {
            let items: Vec<Value> = m.admin.license.iter().map(|l| l.to_json(c.now)).collect();
            let total = items.len();
            Reply::json(
                200,
                json!({"items": items, "metadata": {"pagination": {"total": total, "size": 1000, "offset": 0}}}),
            )
        }
        ("PUT", ["license"]) => match require_admin(m, c, "license_upload") {
            Ok(()) => match parse_license(c.req.body()) {
                Some(l) => {
                    let v = l.to_json(c.now);
                    m.admin.license = Some(l);
                    Reply::json(200, v)
                }
                None => error(
                    400,
                    "unverified_cloudify_license",
                    "The license could not be verified: it is not a signed Cloudify license",
                ),
            },
            Err(reply) => reply,
        },
        ("DELETE", ["license"]) => match require_admin(m, c, "license_remove") {
            Ok(()) => {
                m.admin.license = None;
                Reply::json(204, Value::Null)
            }
            Err(reply) => reply,
        },
        (_, ["license"]) => method_not_allowed(),
        // The Python client's `license.check()`: 200 with a valid license, the license error
        // the manager's other calls would give otherwise.
        ("GET", ["license-check"]) => match &m.admin.license {
            None => error(
                400,
                "missing_cloudify_license",
                "No active license: upload a license to use the manager",
            ),
            Some(l) if l.expired(c.now) => error(
                400,
                "expired_cloudify_license",
                "The license has expired: upload a new license",
            ),
            Some(_) => Reply::json(200, Value::Null),
        },
        (_, ["license-check"]) => method_not_allowed(),
        ("GET", ["ldap"]) => Reply::json(
            200,
            json!(if m.admin.ldap.is_some() {
                "enabled"
            } else {
                "disabled"
            }),
        ),
        ("POST", ["ldap"]) => match require_admin(m, c, "ldap_set") {
            Ok(()) => set_ldap(m, c),
            Err(reply) => reply,
        },
        (_, ["ldap"]) => method_not_allowed(),
        _ => return None,
    })
}

/// Reads a license file: `key: value` lines (nesting ignored), with `customer_id`,
/// `expiration_date` (`YYYY-MM-DD` or `MM/DD/YYYY`, or empty for none) and a `signature`.
/// The demo manager checks the shape only; it cannot check real signatures.
pub fn parse_license(body: &[u8]) -> Option<LicenseRecord> {
    let text = std::str::from_utf8(body).ok()?;
    let get = |key: &str| {
        text.lines().find_map(|line| {
            let (k, v) = line.trim().split_once(':')?;
            (k.trim() == key).then(|| v.trim().trim_matches('\'').trim_matches('"').to_string())
        })
    };
    let customer_id = get("customer_id").filter(|s| !s.is_empty() && s != "null")?;
    let signature = get("signature").filter(|s| !s.is_empty())?;
    let expiration_date = match get("expiration_date").as_deref() {
        None | Some("") | Some("null") => None,
        Some(raw) => Some(parse_date(raw)?),
    };
    let nullable = |k: &str| get(k).filter(|s| !s.is_empty() && s != "null");
    Some(LicenseRecord {
        customer_id,
        expiration_date,
        license_edition: nullable("license_edition").unwrap_or_else(|| "Premium".into()),
        trial: get("trial").is_some_and(|t| t.eq_ignore_ascii_case("true")),
        cloudify_version: nullable("cloudify_version"),
        capabilities: nullable("capabilities")
            .map(|c| {
                c.trim_matches(|ch| ch == '[' || ch == ']')
                    .split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default(),
        signature,
    })
}

fn parse_date(raw: &str) -> Option<NaiveDateTime> {
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(raw, "%m/%d/%Y"))
        .ok()?
        .and_hms_opt(0, 0, 0)
}

fn set_ldap(m: &mut DemoManager, c: &Ctx) -> Reply {
    let body = match c.json() {
        Ok(b) => b,
        Err(reply) => return reply,
    };
    let server = match body.get("ldap_server").and_then(Value::as_str) {
        Some(s) if s.starts_with("ldap://") || s.starts_with("ldaps://") => s,
        Some(s) => {
            return error(
                400,
                "bad_parameters_error",
                &format!("Invalid ldap_server `{s}`: it must start with ldap:// or ldaps://"),
            )
        }
        None => {
            return error(
                400,
                "bad_parameters_error",
                "Missing ldap_server in json request body",
            )
        }
    };
    if body
        .get("ldap_is_active_directory")
        .is_some_and(|v| !v.is_boolean() && !v.is_null())
    {
        return error(
            400,
            "bad_parameters_error",
            "ldap_is_active_directory parameter is expected to be of type bool",
        );
    }
    let mut settings = body.as_object().cloned().unwrap_or_default();
    // Neither the password nor the certificate is ever echoed back.
    settings.remove("ldap_password");
    settings.remove("ldap_ca_cert");
    settings.insert("ldap_server".into(), Value::from(server));
    let v = Value::Object(settings);
    m.admin.ldap = Some(v.clone());
    Reply::json(200, v)
}
