//! Query strings, encoded the way the manager's Python client encodes them.

/// An ordered list of query parameters; a key may repeat (the manager reads repeats as OR).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query(Vec<(String, String)>);

impl Query {
    pub fn new() -> Self {
        Query(Vec::new())
    }

    pub fn push(&mut self, key: impl Into<String>, value: impl Into<String>) -> &mut Self {
        self.0.push((key.into(), value.into()));
        self
    }

    pub fn with(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.push(key, value);
        self
    }

    /// `key=value` when there is a value; nothing otherwise.
    pub fn opt<V: Into<String>>(mut self, key: &str, value: Option<V>) -> Self {
        if let Some(v) = value {
            self.push(key, v);
        }
        self
    }

    /// `_include` with `fields`, or nothing when there are none (the whole resource).
    pub fn include(fields: &[String]) -> Self {
        ListQuery::new().include(fields.iter().cloned()).to_query()
    }

    /// Booleans travel as `true`/`false`, as the Python client sends them.
    pub fn flag(mut self, key: &str, value: Option<bool>) -> Self {
        if let Some(v) = value {
            self.push(key, if v { "true" } else { "false" });
        }
        self
    }

    pub fn pairs(&self) -> &[(String, String)] {
        &self.0
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn get_all<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `application/x-www-form-urlencoded`, like Python's `urlencode` (spaces as `+`).
    pub fn encode(&self) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        for (k, v) in &self.0 {
            s.append_pair(k, v);
        }
        s.finish()
    }

    /// Parses a query string (the part after `?`).
    pub fn decode(raw: &str) -> Self {
        Query(
            form_urlencoded::parse(raw.as_bytes())
                .into_owned()
                .collect(),
        )
    }
}

/// One sort key: a field name, descending when sent with a leading `-`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SortKey {
    pub field: String,
    pub descending: bool,
}

impl SortKey {
    pub fn asc(field: impl Into<String>) -> Self {
        SortKey {
            field: field.into(),
            descending: false,
        }
    }
    pub fn desc(field: impl Into<String>) -> Self {
        SortKey {
            field: field.into(),
            descending: true,
        }
    }
    /// Reads the wire form (`-created_at`, `id`).
    pub fn parse(raw: &str) -> Self {
        match raw.strip_prefix('-') {
            Some(field) => SortKey::desc(field),
            None => SortKey::asc(raw),
        }
    }
    pub fn to_wire(&self) -> String {
        if self.descending {
            format!("-{}", self.field)
        } else {
            self.field.clone()
        }
    }
}

/// A `_range` parameter: a field between two optional bounds (`_range=timestamp,from,to`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Range {
    pub field: String,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// The common parameters of every list call.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListQuery {
    /// Only these fields are returned (`_include`, comma-joined).
    pub include: Vec<String>,
    /// Sort keys in priority order (`_sort`, repeated).
    pub sort: Vec<SortKey>,
    /// Page size. Always set it: the manager's default is 1000 and it has no maximum.
    pub size: Option<u32>,
    pub offset: Option<u32>,
    /// Substring search (`_search`).
    pub search: Option<String>,
    /// Display-name substring search (`_search_name`, deployments).
    pub search_name: Option<String>,
    pub all_tenants: bool,
    /// `_get_all_results=true`: the manager ignores paging and answers every match (the
    /// Python client's way to list across tenants in one call).
    pub get_all_results: bool,
    pub range: Vec<Range>,
    /// Field filters; a repeated field means any of its values.
    pub filters: Vec<(String, String)>,
}

impl ListQuery {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn include<I: IntoIterator<Item = S>, S: Into<String>>(mut self, fields: I) -> Self {
        self.include = fields.into_iter().map(Into::into).collect();
        self
    }
    pub fn sort(mut self, key: SortKey) -> Self {
        self.sort.push(key);
        self
    }
    pub fn page(mut self, size: u32, offset: u32) -> Self {
        self.size = Some(size);
        self.offset = Some(offset);
        self
    }
    pub fn search(mut self, text: impl Into<String>) -> Self {
        self.search = Some(text.into());
        self
    }
    pub fn filter(mut self, field: impl Into<String>, value: impl Into<String>) -> Self {
        self.filters.push((field.into(), value.into()));
        self
    }

    /// Appends these parameters to `q` in the order the Python client uses.
    pub fn write(&self, q: &mut Query) {
        for (k, v) in &self.filters {
            q.push(k.clone(), v.clone());
        }
        if !self.include.is_empty() {
            q.push("_include", self.include.join(","));
        }
        for s in &self.sort {
            q.push("_sort", s.to_wire());
        }
        if let Some(size) = self.size {
            q.push("_size", size.to_string());
        }
        if let Some(offset) = self.offset {
            q.push("_offset", offset.to_string());
        }
        if let Some(s) = &self.search {
            q.push("_search", s.clone());
        }
        if let Some(s) = &self.search_name {
            q.push("_search_name", s.clone());
        }
        if self.all_tenants {
            q.push("_all_tenants", "true");
        }
        if self.get_all_results {
            q.push("_get_all_results", "true");
        }
        for r in &self.range {
            q.push(
                "_range",
                format!(
                    "{},{},{}",
                    r.field,
                    r.from.as_deref().unwrap_or(""),
                    r.to.as_deref().unwrap_or("")
                ),
            );
        }
    }

    pub fn to_query(&self) -> Query {
        let mut q = Query::new();
        self.write(&mut q);
        q
    }

    /// Reads the list parameters back from a query (the demo manager's side). Unknown
    /// `_`-prefixed keys are ignored; other keys become field filters.
    pub fn from_query(q: &Query) -> Result<Self, String> {
        let mut lq = ListQuery::new();
        for (k, v) in q.pairs() {
            match k.as_str() {
                "_include" => {
                    lq.include = v
                        .split(',')
                        .filter(|s| !s.is_empty())
                        .map(String::from)
                        .collect()
                }
                "_sort" => lq.sort.push(SortKey::parse(v)),
                "_size" => lq.size = Some(parse_count(k, v)?),
                "_offset" => lq.offset = Some(parse_count(k, v)?),
                "_search" => lq.search = Some(v.clone()),
                "_search_name" => lq.search_name = Some(v.clone()),
                "_all_tenants" => lq.all_tenants = v.eq_ignore_ascii_case("true"),
                "_get_all_results" => lq.get_all_results = v.eq_ignore_ascii_case("true"),
                "_range" => {
                    let mut parts = v.splitn(3, ',');
                    let field = parts.next().unwrap_or_default().to_string();
                    let non_empty = |s: Option<&str>| s.filter(|s| !s.is_empty()).map(String::from);
                    let from = non_empty(parts.next());
                    let to = non_empty(parts.next());
                    lq.range.push(Range { field, from, to });
                }
                _ if k.starts_with('_') => {}
                _ => lq.filters.push((k.clone(), v.clone())),
            }
        }
        Ok(lq)
    }
}

fn parse_count(key: &str, value: &str) -> Result<u32, String> {
    value
        .parse::<u32>()
        .map_err(|_| format!("{key} must be a non-negative integer, got `{value}`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_like_the_python_client() {
        let q = ListQuery::new()
            .include(["id", "blueprint_id"])
            .sort(SortKey::desc("created_at"))
            .sort(SortKey::asc("id"))
            .page(50, 100)
            .search("web prod")
            .filter("blueprint_id", "a")
            .filter("blueprint_id", "b")
            .to_query();
        assert_eq!(
            q.encode(),
            "blueprint_id=a&blueprint_id=b&_include=id%2Cblueprint_id&_sort=-created_at&_sort=id&_size=50&_offset=100&_search=web+prod"
        );
    }

    #[test]
    fn round_trips_through_the_wire() {
        let mut lq = ListQuery::new()
            .include(["id"])
            .sort(SortKey::desc("id"))
            .page(10, 20)
            .search("x&y=z")
            .filter("site_name", "a b");
        lq.all_tenants = true;
        lq.get_all_results = true;
        lq.range.push(Range {
            field: "timestamp".into(),
            from: Some("2025-01-01".into()),
            to: None,
        });
        let back = ListQuery::from_query(&Query::decode(&lq.to_query().encode())).unwrap();
        assert_eq!(back, lq);
    }

    #[test]
    fn bad_paging_is_an_error_not_a_panic() {
        let err = ListQuery::from_query(&Query::decode("_size=-1")).unwrap_err();
        assert!(err.contains("_size"), "{err}");
        assert!(ListQuery::from_query(&Query::decode("_offset=abc")).is_err());
    }
}
