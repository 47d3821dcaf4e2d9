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
    #[serde(default)]
    pub pagination: Pagination,
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
}

impl<T> Page<T> {
    pub fn pagination(&self) -> Pagination {
        self.metadata.pagination
    }

    /// True when this page reaches the end of the list.
    pub fn is_last(&self) -> bool {
        let p = self.metadata.pagination;
        self.items.is_empty() || p.offset + self.items.len() as u64 >= p.total
    }
}
