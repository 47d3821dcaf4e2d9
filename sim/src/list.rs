//! The manager's list semantics over JSON items: field filters, search, multi-key sort,
//! paging metadata and `_include` projections.

use std::cmp::Ordering;

use serde_json::{json, Map, Value};

use baton_core::query::ListQuery;

use super::reply::{error, Reply};

/// What a list call may search, per resource.
pub struct ListSpec {
    /// The fields `_search` matches as a substring (the manager's LIKE: case-sensitive).
    pub search_fields: &'static [&'static str],
    /// The field `_search_name` matches, if the resource has one.
    pub search_name_field: Option<&'static str>,
}

/// Filters, sorts, pages and projects `items`, answering like the manager's list endpoints.
pub fn list(items: Vec<Value>, q: &ListQuery, spec: &ListSpec) -> Reply {
    if let Some(bad) = unknown_include(items.first(), &q.include) {
        return error(
            400,
            "no_such_include_field_error",
            &format!("Invalid include field: {bad}"),
        );
    }
    let mut matched: Vec<Value> = items
        .into_iter()
        .filter(|item| matches(item, q, spec))
        .collect();
    if !q.sort.is_empty() {
        matched.sort_by(|a, b| {
            q.sort
                .iter()
                .map(|k| {
                    let o = compare(sort_value(a, &k.field), sort_value(b, &k.field));
                    if k.descending {
                        o.reverse()
                    } else {
                        o
                    }
                })
                .find(|o| o.is_ne())
                .unwrap_or(Ordering::Equal)
        });
    }
    let total = matched.len();
    // The manager's default page is 1000 items.
    // `_get_all_results` ignores paging.
    let (size, offset) = if q.get_all_results {
        (total.max(1), 0)
    } else {
        (
            q.size.unwrap_or(1000) as usize,
            q.offset.unwrap_or(0) as usize,
        )
    };
    let page: Vec<Value> = matched
        .into_iter()
        .skip(offset)
        .take(size)
        .map(|v| project(v, &q.include))
        .collect();
    Reply::json(
        200,
        json!({
            "items": page,
            "metadata": {"pagination": {"total": total, "size": size, "offset": offset}, "filtered": null}
        }),
    )
}

/// `_include` on a single item.
pub fn project(item: Value, include: &[String]) -> Value {
    if include.is_empty() {
        return item;
    }
    match item {
        Value::Object(map) => {
            let kept: Map<String, Value> = map
                .into_iter()
                .filter(|(k, _)| include.iter().any(|i| i == k))
                .collect();
            Value::Object(kept)
        }
        other => other,
    }
}

/// The first `_include` field the resource does not have.
pub fn unknown_include<'a>(sample: Option<&Value>, include: &'a [String]) -> Option<&'a str> {
    let obj = sample?.as_object()?;
    include
        .iter()
        .find(|f| !obj.contains_key(f.as_str()))
        .map(String::as_str)
}

fn matches(item: &Value, q: &ListQuery, spec: &ListSpec) -> bool {
    // Repeated keys are OR-ed, different keys AND-ed.
    let mut keys: Vec<&str> = q.filters.iter().map(|(k, _)| k.as_str()).collect();
    keys.dedup();
    let filters_ok = keys.iter().all(|key| {
        let actual = text(item.get(*key));
        q.filters
            .iter()
            .filter(|(k, _)| k == key)
            .any(|(_, v)| actual.as_deref() == Some(v.as_str()))
    });
    if !filters_ok {
        return false;
    }
    // `_range=field,from,to`: either bound open; times compare as times, the rest as text.
    let in_range = q.range.iter().all(|r| {
        let field = r.field.trim_start_matches('@');
        let Some(actual) = text(item.get(field)) else {
            return false;
        };
        let cmp = |bound: &str| match (
            baton_core::Timestamp::parse(&actual),
            baton_core::Timestamp::parse(bound),
        ) {
            (Some(a), Some(b)) => a.0.cmp(&b.0),
            _ => actual.as_str().cmp(bound),
        };
        r.from.as_deref().is_none_or(|f| cmp(f) != Ordering::Less)
            && r.to.as_deref().is_none_or(|t| cmp(t) != Ordering::Greater)
    });
    if !in_range {
        return false;
    }
    let contains =
        |field: &str, needle: &str| text(item.get(field)).is_some_and(|t| t.contains(needle));
    match (&q.search, &q.search_name) {
        (None, None) => true,
        (search, name) => {
            let by_search = search
                .as_deref()
                .is_some_and(|s| spec.search_fields.iter().any(|f| contains(f, s)));
            let by_name = match (name.as_deref(), spec.search_name_field) {
                (Some(s), Some(f)) => contains(f, s),
                _ => false,
            };
            by_search || by_name
        }
    }
}

fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

/// `label:<key>` sorts by that label's value, anything else by the field.
fn sort_value<'a>(item: &'a Value, field: &str) -> Option<&'a Value> {
    match field.strip_prefix("label:") {
        Some(key) => item
            .get("labels")?
            .as_array()?
            .iter()
            .find(|l| l.get("key").and_then(Value::as_str) == Some(key))
            .and_then(|l| l.get("value")),
        None => item.get(field).filter(|v| !v.is_null()),
    }
}

/// PostgreSQL order: NULLs sort after everything in ascending order.
fn compare(a: Option<&Value>, b: Option<&Value>) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(Value::Number(x)), Some(Value::Number(y))) => x
            .as_f64()
            .unwrap_or(0.0)
            .partial_cmp(&y.as_f64().unwrap_or(0.0))
            .unwrap_or(Ordering::Equal),
        (Some(Value::String(x)), Some(Value::String(y))) => x.cmp(y),
        (Some(x), Some(y)) => x.to_string().cmp(&y.to_string()),
    }
}
