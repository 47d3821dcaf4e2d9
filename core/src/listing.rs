//! A list page's state as it lives in the URL (`?page=2&size=50&sort=-created_at&q=web`),
//! so every view is a link that reproduces it.

use crate::query::{ListQuery, Query, SortKey};

/// Page sizes offered to the operator.
pub const PAGE_SIZES: &[u32] = &[20, 50, 100, 200, 500, 1000];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListState {
    /// 1-based page number.
    pub page: u32,
    pub size: u32,
    pub sort: Vec<SortKey>,
    pub search: String,
    /// Field filters (`blueprint_id=hello-world`), only for fields the page allows.
    pub filters: Vec<(String, String)>,
}

impl ListState {
    pub fn new(default_sort: SortKey) -> Self {
        ListState {
            page: 1,
            size: 50,
            sort: vec![default_sort],
            search: String::new(),
            filters: Vec::new(),
        }
    }

    /// Reads the state from URL parameters; anything malformed falls back to the default,
    /// so a hand-edited link never breaks the page. Only `allowed_filters` become filters.
    pub fn from_url(params: &Query, default_sort: SortKey, allowed_filters: &[&str]) -> Self {
        let mut s = ListState::new(default_sort);
        if let Some(p) = params
            .get("page")
            .and_then(|v| v.parse::<u32>().ok())
            .filter(|p| *p >= 1)
        {
            s.page = p;
        }
        if let Some(n) = params
            .get("size")
            .and_then(|v| v.parse::<u32>().ok())
            .filter(|n| PAGE_SIZES.contains(n))
        {
            s.size = n;
        }
        if let Some(raw) = params.get("sort").filter(|v| !v.is_empty()) {
            let keys: Vec<SortKey> = raw
                .split(',')
                .filter(|k| is_field_name(k.trim_start_matches('-')))
                .map(SortKey::parse)
                .collect();
            if !keys.is_empty() {
                s.sort = keys;
            }
        }
        s.search = params.get("q").unwrap_or_default().to_string();
        s.filters = params
            .pairs()
            .iter()
            .filter(|(k, v)| allowed_filters.contains(&k.as_str()) && !v.is_empty())
            .cloned()
            .collect();
        s
    }

    /// The URL parameters for this state; defaults are left out to keep links short.
    pub fn to_url(&self, default_sort: &SortKey) -> Query {
        let mut q = Query::new();
        for (k, v) in &self.filters {
            q.push(k.clone(), v.clone());
        }
        if !self.search.is_empty() {
            q.push("q", self.search.clone());
        }
        if self.sort.as_slice() != std::slice::from_ref(default_sort) {
            q.push(
                "sort",
                self.sort
                    .iter()
                    .map(SortKey::to_wire)
                    .collect::<Vec<_>>()
                    .join(","),
            );
        }
        if self.size != 50 {
            q.push("size", self.size.to_string());
        }
        if self.page != 1 {
            q.push("page", self.page.to_string());
        }
        q
    }

    /// The list call for this state, asking only for `fields`.
    pub fn to_list_query(&self, fields: &[&str], search_names: bool) -> ListQuery {
        let mut lq = ListQuery::new()
            .include(fields.iter().copied())
            .page(self.size, (self.page - 1).saturating_mul(self.size));
        lq.sort = self.sort.clone();
        lq.filters = self.filters.clone();
        let text = self.search.trim();
        if !text.is_empty() {
            lq.search = Some(text.to_string());
            if search_names {
                lq.search_name = Some(text.to_string());
            }
        }
        lq
    }

    /// Clicking a column: first ascending, then descending, then ascending again.
    pub fn toggle_sort(&mut self, field: &str) {
        let descending = matches!(self.sort.first(), Some(k) if k.field == field && !k.descending);
        self.sort = vec![SortKey {
            field: field.to_string(),
            descending,
        }];
        self.page = 1;
    }

    /// The number of pages for `total` items (at least one).
    pub fn page_count(&self, total: u64) -> u32 {
        total
            .div_ceil(u64::from(self.size.max(1)))
            .max(1)
            .min(u64::from(u32::MAX)) as u32
    }
}

fn is_field_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':' | '-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn default_sort() -> SortKey {
        SortKey::desc("created_at")
    }

    #[test]
    fn round_trips_through_the_url() {
        let mut s = ListState::new(default_sort());
        s.page = 3;
        s.size = 100;
        s.search = "web prod".into();
        s.toggle_sort("id");
        s.page = 3;
        s.filters
            .push(("blueprint_id".into(), "hello-world".into()));
        let url = s.to_url(&default_sort());
        assert_eq!(
            url.encode(),
            "blueprint_id=hello-world&q=web+prod&sort=id&size=100&page=3"
        );
        assert_eq!(
            ListState::from_url(
                &Query::decode(&url.encode()),
                default_sort(),
                &["blueprint_id"]
            ),
            s
        );
    }

    #[test]
    fn defaults_make_short_links() {
        assert_eq!(
            ListState::new(default_sort())
                .to_url(&default_sort())
                .encode(),
            ""
        );
    }

    #[test]
    fn malformed_links_fall_back_to_defaults() {
        let s = ListState::from_url(
            &Query::decode("page=0&size=7&sort=%3Cscript%3E&evil=1&blueprint_id="),
            default_sort(),
            &["blueprint_id"],
        );
        assert_eq!(s, ListState::new(default_sort()));
        let s = ListState::from_url(&Query::decode("page=abc&size=-5"), default_sort(), &[]);
        assert_eq!((s.page, s.size), (1, 50));
    }

    #[test]
    fn list_query_pages_and_searches() {
        let mut s = ListState::new(default_sort());
        s.page = 4;
        s.size = 20;
        s.search = "  db  ".into();
        let lq = s.to_list_query(&["id", "display_name"], true);
        assert_eq!((lq.size, lq.offset), (Some(20), Some(60)));
        assert_eq!(lq.search.as_deref(), Some("db"));
        assert_eq!(lq.search_name.as_deref(), Some("db"));
        assert_eq!(lq.include, ["id", "display_name"]);
    }

    #[test]
    fn sorting_toggles_and_resets_the_page() {
        let mut s = ListState::new(default_sort());
        s.page = 5;
        s.toggle_sort("id");
        assert_eq!((s.sort[0].to_wire(), s.page), ("id".to_string(), 1));
        s.toggle_sort("id");
        assert_eq!(s.sort[0].to_wire(), "-id");
        s.toggle_sort("id");
        assert_eq!(s.sort[0].to_wire(), "id");
    }

    #[test]
    fn page_count() {
        let s = ListState::new(default_sort());
        assert_eq!(
            (s.page_count(0), s.page_count(50), s.page_count(51)),
            (1, 1, 2)
        );
    }
}
