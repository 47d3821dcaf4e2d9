//! One page of a list answer, read item by item: an item that does not parse is set aside with
//! its reason and its raw JSON, and the rest of the page survives; metadata that cannot be right
//! (a negative total, a total smaller than what arrived) is "unknown", never an error.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

/// Where a page sits in the whole list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pagination {
    #[serde(default)]
    pub total: u64,
    #[serde(default)]
    pub size: u64,
    #[serde(default)]
    pub offset: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Metadata {
    /// Absent on the few lists the manager does not page (`/config`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pagination: Option<Pagination>,
    /// Present on some lists (how many items a filter removed); kept as the manager sent it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filtered: Option<serde_json::Value>,
}

/// An item of the answer that did not parse: where it was, why, and what it was.
#[derive(Clone, Debug, PartialEq)]
pub struct RejectedItem {
    /// Its place in the answer's `items` (0-based).
    pub index: usize,
    /// The parser's reason, e.g. "invalid type: integer `7`, expected a string".
    pub reason: String,
    /// The item as the manager sent it.
    pub raw: Value,
}

/// `{"items": [...], "metadata": {"pagination": {...}}}`
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Page<T> {
    /// The items that parsed, in the answer's order.
    pub items: Vec<T>,
    #[serde(default)]
    pub metadata: Metadata,
    /// Other top-level fields (`/config` adds `authorization`).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
    /// The items that did not parse (see [`RejectedItem`]).
    #[serde(skip)]
    pub rejected: Vec<RejectedItem>,
    /// What was wrong with the answer's shape, in the operator's words ("the manager's total
    /// (-5) cannot be right"); empty for a sound answer.
    #[serde(skip)]
    pub doubts: Vec<String>,
    /// The manager's total was not a count (negative, fractional, text).
    #[serde(skip)]
    total_unreadable: bool,
}

impl<T> Page<T> {
    /// The page's place in the list; an unpaged list is one page holding everything.
    pub fn pagination(&self) -> Pagination {
        self.metadata.pagination.unwrap_or(Pagination {
            total: self.arrived() as u64,
            size: self.arrived() as u64,
            offset: 0,
        })
    }

    pub fn new(items: Vec<T>, pagination: Pagination) -> Self {
        Page {
            items,
            metadata: Metadata {
                pagination: Some(pagination),
                filtered: None,
            },
            extra: Default::default(),
            rejected: Vec::new(),
            doubts: Vec::new(),
            total_unreadable: false,
        }
    }

    /// How many entries the answer held, parsed or not.
    pub fn arrived(&self) -> usize {
        self.items.len() + self.rejected.len()
    }

    /// The list's total when it can be right: `None` when the manager's total was not a count
    /// or is smaller than what this page shows it has.
    pub fn known_total(&self) -> Option<u64> {
        let p = self.pagination();
        (!self.total_unreadable && p.total >= p.offset + self.arrived() as u64).then_some(p.total)
    }

    /// True when this page reaches the end of the list. With an unknown total, a page shorter
    /// than the size asked for is the last.
    pub fn is_last(&self) -> bool {
        let p = self.pagination();
        let arrived = self.arrived() as u64;
        if arrived == 0 {
            return true;
        }
        match self.known_total() {
            Some(total) => p.offset + arrived >= total,
            None => p.size == 0 || arrived < p.size,
        }
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A count from the metadata: a non-negative whole number, or `None` with a doubt.
fn count(p: &Map<String, Value>, key: &str, doubts: &mut Vec<String>) -> Option<u64> {
    match p.get(key) {
        None | Some(Value::Null) => Some(0),
        Some(v) => {
            let n = v.as_u64().or_else(|| {
                v.as_f64()
                    .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f <= u64::MAX as f64)
                    .map(|f| f as u64)
            });
            if n.is_none() {
                doubts.push(format!("The manager's {key} ({v}) cannot be right."));
            }
            n
        }
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Page<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Only an answer that is not an object at all is an error.
        let mut map = Map::<String, Value>::deserialize(d)?;
        let mut doubts = Vec::new();
        let mut items = Vec::new();
        let mut rejected = Vec::new();
        match map.remove("items") {
            Some(Value::Array(list)) => {
                for (index, raw) in list.into_iter().enumerate() {
                    match T::deserialize(&raw) {
                        Ok(item) => items.push(item),
                        Err(e) => rejected.push(RejectedItem {
                            index,
                            reason: e.to_string(),
                            raw,
                        }),
                    }
                }
            }
            None => doubts.push("The answer has no items.".to_string()),
            Some(Value::Null) => {
                doubts.push("The answer's items are null: nothing arrived.".to_string())
            }
            Some(other) => doubts.push(format!(
                "The answer's items are {}, not a list.",
                kind(&other)
            )),
        }
        let mut total_unreadable = false;
        let metadata = match map.remove("metadata") {
            None | Some(Value::Null) => Metadata::default(),
            Some(Value::Object(mut m)) => {
                let filtered = m.remove("filtered").filter(|v| !v.is_null());
                let pagination = match m.remove("pagination") {
                    None | Some(Value::Null) => None,
                    Some(Value::Object(p)) => {
                        let total = count(&p, "total", &mut doubts);
                        total_unreadable = total.is_none();
                        Some(Pagination {
                            total: total.unwrap_or(0),
                            size: count(&p, "size", &mut doubts).unwrap_or(0),
                            offset: count(&p, "offset", &mut doubts).unwrap_or(0),
                        })
                    }
                    Some(other) => {
                        doubts.push(format!(
                            "The answer's pagination is {}, not an object.",
                            kind(&other)
                        ));
                        total_unreadable = true;
                        Some(Pagination::default())
                    }
                };
                Metadata {
                    pagination,
                    filtered,
                }
            }
            Some(other) => {
                doubts.push(format!(
                    "The answer's metadata is {}, not an object.",
                    kind(&other)
                ));
                Metadata::default()
            }
        };
        let mut page = Page {
            items,
            metadata,
            extra: map,
            rejected,
            doubts,
            total_unreadable,
        };
        if !page.total_unreadable
            && page.metadata.pagination.is_some()
            && page.known_total().is_none()
        {
            let p = page.pagination();
            page.doubts.push(format!(
                "The manager's total ({}) is smaller than the {} entries from offset {}.",
                p.total,
                page.arrived(),
                p.offset
            ));
        }
        Ok(page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, PartialEq, Deserialize)]
    struct Item {
        id: String,
        #[serde(default)]
        n: Option<u32>,
    }

    fn page(v: Value) -> Page<Item> {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn a_bad_item_is_set_aside_and_the_rest_survive() {
        let p = page(
            json!({"items": [{"id": "a"}, {"id": 7}, {"id": "c", "n": "x"}, {"id": "d"}],
                            "metadata": {"pagination": {"total": 4, "size": 50, "offset": 0}}}),
        );
        assert_eq!(
            p.items.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
            ["a", "d"]
        );
        assert_eq!(
            p.rejected.iter().map(|r| r.index).collect::<Vec<_>>(),
            [1, 2]
        );
        assert!(
            p.rejected[0].reason.contains("expected a string"),
            "{}",
            p.rejected[0].reason
        );
        assert_eq!(p.rejected[1].raw, json!({"id": "c", "n": "x"}));
        assert_eq!((p.arrived(), p.known_total()), (4, Some(4)));
        assert!(p.doubts.is_empty());
    }

    #[test]
    fn impossible_metadata_is_unknown() {
        let p = page(
            json!({"items": [{"id": "a"}], "metadata": {"pagination": {"total": -5, "size": 50, "offset": 0}}}),
        );
        assert_eq!(p.items.len(), 1);
        assert_eq!(p.known_total(), None);
        assert!(p.doubts[0].contains("total (-5)"), "{:?}", p.doubts);
        assert!(p.is_last(), "1 of 50 asked: the last page");

        // A total smaller than what arrived.
        let p = page(
            json!({"items": [{"id": "a"}, {"id": "b"}], "metadata": {"pagination": {"total": 1, "size": 2, "offset": 0}}}),
        );
        assert_eq!(p.known_total(), None);
        assert!(
            !p.is_last(),
            "a full page with an unknown total may have more"
        );
        assert_eq!(p.doubts.len(), 1);

        // An offset past the end with items.
        let p = page(
            json!({"items": [{"id": "a"}], "metadata": {"pagination": {"total": 3, "size": 50, "offset": 900}}}),
        );
        assert_eq!(p.known_total(), None);

        // Text, fractions and objects where counts belong.
        let p = page(
            json!({"items": [], "metadata": {"pagination": {"total": "many", "size": 1.5, "offset": {}}}}),
        );
        assert_eq!((p.known_total(), p.doubts.len()), (None, 3));
        let p = page(json!({"items": [], "metadata": {"pagination": 7}}));
        assert_eq!(p.known_total(), None);
        let p = page(json!({"items": [], "metadata": "x"}));
        assert_eq!(p.doubts.len(), 1);
    }

    #[test]
    fn items_null_or_missing_is_an_empty_page_with_a_doubt() {
        for v in [
            json!({"items": null}),
            json!({}),
            json!({"items": {"id": "a"}}),
            json!({"items": "a"}),
        ] {
            let p = page(v.clone());
            assert!(p.items.is_empty() && p.rejected.is_empty(), "{v}");
            assert_eq!(p.doubts.len(), 1, "{v}");
            assert!(p.is_last());
        }
        // Not an object at all: an error.
        assert!(serde_json::from_value::<Page<Item>>(json!([1, 2])).is_err());
        assert!(serde_json::from_value::<Page<Item>>(json!("x")).is_err());
    }

    #[test]
    fn a_sound_answer_has_no_doubts_and_keeps_extra_fields() {
        let p = page(
            json!({"items": [{"id": "a"}], "metadata": {"pagination": {"total": 10, "size": 1, "offset": 0}, "filtered": 3},
                            "authorization": {"x": 1}}),
        );
        assert!(p.doubts.is_empty());
        assert_eq!(p.known_total(), Some(10));
        assert!(!p.is_last());
        assert_eq!(p.metadata.filtered, Some(json!(3)));
        assert_eq!(p.extra["authorization"], json!({"x": 1}));
        // Unpaged lists are one page holding everything.
        let p = page(json!({"items": [{"id": "a"}, {"id": 1}]}));
        assert_eq!(p.pagination().total, 2);
        assert!(p.is_last());
    }
}
