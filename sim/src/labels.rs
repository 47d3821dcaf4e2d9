//! `/labels/deployments`, `/labels/blueprints`, and the label and id rules the other
//! families share.

use chrono::NaiveDateTime;
use serde_json::{json, Value};

use baton_core::conductor::labels::{validate_id, ListLabelValues};
use baton_core::conductor::Label;
use baton_core::labels::{normalize_label, RESERVED_LABELS};
use baton_core::query::ListQuery;
use baton_core::time::Timestamp;

use super::reply::{error, Reply};
use super::{method_not_allowed, Ctx, DemoManager};

pub(super) fn route(m: &mut DemoManager, c: &Ctx) -> Option<Reply> {
    let (resource, key) = match c.segs {
        ["labels", r @ ("deployments" | "blueprints")] => (*r, None),
        ["labels", r @ ("deployments" | "blueprints"), key] => (*r, Some(*key)),
        _ => return None,
    };
    if c.method != http::Method::GET {
        return Some(method_not_allowed());
    }
    if let Some(key) = key {
        if let Err(msg) = ListLabelValues::validate_label_key(key) {
            return Some(error(400, "bad_parameters_error", &msg));
        }
    }
    let reserved = c.flag("_reserved");
    Some(m.in_tenant(c, |t| {
        let labels: Vec<&Label> = if resource == "deployments" {
            t.deployments
                .iter()
                .flat_map(|d| d.labels.iter().flatten())
                .collect()
        } else {
            t.blueprints
                .iter()
                .flat_map(|b| b.labels.iter().flatten())
                .collect()
        };
        let mut items: Vec<String> = match key {
            Some(key) => labels
                .iter()
                .filter(|l| l.key == key)
                .map(|l| l.value.clone())
                .collect(),
            None if reserved => RESERVED_LABELS.iter().map(|s| s.to_string()).collect(),
            None => labels.iter().map(|l| l.key.clone()).collect(),
        };
        items.sort();
        items.dedup();
        strings_page(items, c.list)
    }))
}

/// A page of plain strings: `_search` as a substring, then `_offset`/`_size`.
fn strings_page(items: Vec<String>, q: &ListQuery) -> Reply {
    let matched: Vec<String> = items
        .into_iter()
        .filter(|s| q.search.as_deref().is_none_or(|n| s.contains(n)))
        .collect();
    let total = matched.len();
    let size = q.size.unwrap_or(1000) as usize;
    let offset = q.offset.unwrap_or(0) as usize;
    let page: Vec<String> = matched.into_iter().skip(offset).take(size).collect();
    Reply::json(
        200,
        json!({"items": page,
               "metadata": {"pagination": {"total": total, "size": size, "offset": offset}, "filtered": null}}),
    )
}

/// The manager's message for a labels field that is not a list of one-entry objects.
const BAD_LABELS_LIST: &str = "Labels must be a list of 1-entry dictionaries: [{<key1>: <value1>}, {<key2>: [<value2>, <value3>]}, ...]";

/// Reads a request's `labels`: `[{k: v}, {k: [v1, v2]}]`, each checked and normalised like
/// the manager's `parse_label`, duplicates dropped, in request order.
pub(super) fn parse_labels(raw: Option<&Value>) -> Result<Vec<(String, String)>, Reply> {
    let Some(raw) = raw.filter(|v| !v.is_null()) else {
        return Ok(Vec::new());
    };
    let bad = || error(400, "bad_parameters_error", BAD_LABELS_LIST);
    let list = raw.as_array().ok_or_else(bad)?;
    let mut out: Vec<(String, String)> = Vec::new();
    for item in list {
        let obj = item.as_object().filter(|o| o.len() == 1).ok_or_else(bad)?;
        for (k, v) in obj {
            let values: Vec<&str> = match v {
                Value::String(s) => vec![s.as_str()],
                Value::Array(vs) => vs
                    .iter()
                    .map(|x| x.as_str().ok_or_else(bad))
                    .collect::<Result<_, _>>()?,
                _ => return Err(bad()),
            };
            for value in values {
                let l = normalize_label(k, value)
                    .map_err(|e| error(400, "bad_parameters_error", &e.to_string()))?;
                if !out.iter().any(|(ok, ov)| *ok == l.key && *ov == l.value) {
                    out.push((l.key, l.value));
                }
            }
        }
    }
    Ok(out)
}

/// The new label set: labels kept from `old` keep their creation time and creator.
pub(super) fn merge_labels(
    old: &[Label],
    new: Vec<(String, String)>,
    now: NaiveDateTime,
    by: &str,
) -> Vec<Label> {
    new.into_iter()
        .map(|(key, value)| {
            old.iter()
                .find(|l| l.key == key && l.value == value)
                .cloned()
                .unwrap_or(Label {
                    key,
                    value,
                    created_at: Some(Timestamp(now)),
                    created_by: Some(by.to_string()),
                })
        })
        .collect()
}

/// `validate_inputs` as a 400 answer.
pub(super) fn check_id(arg: &str, value: &str) -> Result<(), Reply> {
    validate_id(arg, value).map_err(|msg| error(400, "bad_parameters_error", &msg))
}

/// A deterministic UUID-shaped id: the sim has no randomness, so ids derive from what is
/// being created and when.
pub(super) fn fresh_id(seed: &str) -> String {
    let mut a: u64 = 0xcbf2_9ce4_8422_2325;
    let mut b: u64 = 0x8422_2325_cbf2_9ce4;
    for byte in seed.bytes() {
        a = (a ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        b = (b ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3 ^ 0x55);
    }
    let h = format!("{a:016x}{b:016x}");
    format!(
        "{}-{}-4{}-a{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        &h[17..20],
        &h[20..32]
    )
}

/// The visibility a `set-visibility` body asks for (`tenant` or `global`).
pub(super) fn requested_visibility(c: &super::Ctx) -> Result<String, Reply> {
    let body = c.json()?;
    let Some(v) = body.get("visibility").and_then(serde_json::Value::as_str) else {
        return Err(error(
            400,
            "bad_parameters_error",
            "Missing visibility in json request body",
        ));
    };
    check_visibility(v, false)?;
    Ok(v.to_string())
}

/// The visibilities a request may name, and the message for any other.
pub(super) fn check_visibility(raw: &str, allow_private: bool) -> Result<(), Reply> {
    let valid: &[&str] = if allow_private {
        &["private", "tenant", "global"]
    } else {
        &["tenant", "global"]
    };
    if valid.contains(&raw) {
        return Ok(());
    }
    let list = valid
        .iter()
        .map(|v| format!("'{v}'"))
        .collect::<Vec<_>>()
        .join(", ");
    Err(error(
        400,
        "bad_parameters_error",
        &format!("Invalid visibility: `{raw}`. Valid visibility's values are: [{list}]"),
    ))
}

/// Visibility only widens: private < tenant < global.
pub(super) fn visibility_rank(v: &str) -> u8 {
    match v {
        "private" => 0,
        "tenant" => 1,
        _ => 2,
    }
}
