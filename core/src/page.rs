//! One page of a list answer.

use serde::{Deserialize, Serialize};

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

/// `{"items": [...], "metadata": {"pagination": {...}}}`
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    #[serde(default)]
    pub metadata: Metadata,
    /// Other top-level fields (`/config` adds `authorization`).
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl<T> Page<T> {
    /// The page's place in the list; an unpaged list is one page holding everything.
    pub fn pagination(&self) -> Pagination {
        self.metadata.pagination.unwrap_or(Pagination {
            total: self.items.len() as u64,
            size: self.items.len() as u64,
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
        }
    }

    /// True when this page reaches the end of the list.
    pub fn is_last(&self) -> bool {
        let p = self.pagination();
        self.items.is_empty() || p.offset + self.items.len() as u64 >= p.total
    }
}
