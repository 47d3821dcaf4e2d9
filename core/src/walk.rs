//! Walking every page of a list, sans-IO: the walker says which request to send next and
//! takes each parsed page; the caller does the sending.
//!
//! The manager's default page is 1000 items and it has no maximum, so the walker always
//! sends an explicit `_size`. It stops at `total`, and it never loops forever on a manager
//! that promises more items than it delivers, ignores `_offset`, or answers with an empty page.

use crate::endpoint::Endpoint;
use crate::error::ApiError;
use crate::page::Page;
use crate::query::ListQuery;

/// A list endpoint whose paging the walker can set.
pub trait Paged: Endpoint<Output = Page<Self::Item>> + Clone {
    type Item;
    fn list_query_mut(&mut self) -> &mut ListQuery;
}

/// Implements [`Paged`] for list endpoints that keep their parameters in a `query` field.
#[macro_export]
macro_rules! impl_paged {
    ($($endpoint:ty => $item:ty),+ $(,)?) => {
        $(impl $crate::walk::Paged for $endpoint {
            type Item = $item;
            fn list_query_mut(&mut self) -> &mut $crate::query::ListQuery {
                &mut self.query
            }
        })+
    };
}

/// How a walk ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WalkEnd {
    /// Every item the manager counted was received.
    Complete,
    /// The manager answered with an empty page before reaching its `total`
    /// (items were deleted during the walk, or the manager miscounts).
    ShortOfTotal { received: u64, total: u64 },
    /// The manager answered a different page than the one asked for (it ignores `_offset`).
    WrongOffset { asked: u64, answered: u64 },
    /// The next offset no longer fits the `_offset` parameter.
    TooLong { received: u64 },
    /// The walk stopped at the item limit the caller set.
    Limited { received: u64, total: u64 },
}

impl WalkEnd {
    /// True when every item was received.
    pub fn is_complete(&self) -> bool {
        *self == WalkEnd::Complete
    }
}

/// Walks a list page by page.
#[derive(Clone, Debug)]
pub struct PageWalker<E: Paged> {
    endpoint: E,
    page_size: u32,
    /// Where the next page starts.
    offset: u64,
    received: u64,
    /// The latest `total` the manager reported.
    total: Option<u64>,
    limit: Option<u64>,
    end: Option<WalkEnd>,
}

impl<E: Paged> PageWalker<E> {
    /// Walks `endpoint` from its own `_offset` (usually 0) in pages of `page_size` items
    /// (at least 1).
    pub fn new(endpoint: E, page_size: u32) -> Self {
        let mut endpoint = endpoint;
        let offset = u64::from(endpoint.list_query_mut().offset.unwrap_or(0));
        PageWalker {
            endpoint,
            page_size: page_size.max(1),
            offset,
            received: 0,
            total: None,
            limit: None,
            end: None,
        }
    }

    /// Stops after `max_items` items, even if the list is longer.
    pub fn with_limit(mut self, max_items: u64) -> Self {
        self.limit = Some(max_items);
        if max_items == 0 {
            self.end = Some(WalkEnd::Limited {
                received: 0,
                total: 0,
            });
        }
        self
    }

    /// The request to send next, or `None` when the walk is over.
    pub fn next_request(&self) -> Option<E> {
        if self.end.is_some() {
            return None;
        }
        let mut e = self.endpoint.clone();
        let q = e.list_query_mut();
        let size = match self.limit {
            Some(limit) => {
                let left = limit.saturating_sub(self.received);
                u32::try_from(left).map_or(self.page_size, |l| l.min(self.page_size))
            }
            None => self.page_size,
        };
        q.size = Some(size);
        // `offset` always fits: `accept` ends the walk before it outgrows u32.
        q.offset = Some(u32::try_from(self.offset).unwrap_or(u32::MAX));
        Some(e)
    }

    /// Takes the answer to the last [`next_request`](Self::next_request) and returns its items.
    /// Pages that arrive after the walk ended are ignored.
    pub fn accept(&mut self, page: Page<E::Item>) -> Vec<E::Item> {
        if self.end.is_some() {
            return Vec::new();
        }
        let p = page.pagination();
        // An unpaged answer (no metadata) counts as the page that was asked for.
        let answered = if page.metadata.pagination.is_some() {
            p.offset
        } else {
            self.offset
        };
        if answered != self.offset {
            self.end = Some(WalkEnd::WrongOffset {
                asked: self.offset,
                answered,
            });
            return Vec::new();
        }
        let total = if page.metadata.pagination.is_some() {
            p.total
        } else {
            self.offset + page.items.len() as u64
        };
        self.total = Some(total);
        let mut items = page.items;
        if let Some(limit) = self.limit {
            let room = limit.saturating_sub(self.received);
            if items.len() as u64 > room {
                items.truncate(room as usize);
            }
        }
        let n = items.len() as u64;
        self.received += n;
        self.offset += n;
        self.end = if self.offset >= total {
            Some(WalkEnd::Complete)
        } else if n == 0 {
            Some(WalkEnd::ShortOfTotal {
                received: self.received,
                total,
            })
        } else if self.limit.is_some_and(|l| self.received >= l) {
            Some(WalkEnd::Limited {
                received: self.received,
                total,
            })
        } else if u32::try_from(self.offset).is_err() {
            Some(WalkEnd::TooLong {
                received: self.received,
            })
        } else {
            None
        };
        items
    }

    /// How the walk ended, once it has.
    pub fn end(&self) -> Option<&WalkEnd> {
        self.end.as_ref()
    }

    pub fn is_done(&self) -> bool {
        self.end.is_some()
    }

    /// Items received so far, and the latest total the manager reported.
    pub fn progress(&self) -> (u64, Option<u64>) {
        (self.received, self.total)
    }
}

/// Drives a whole walk with a synchronous `send` (native tools, tests, the demo manager).
/// Returns every item and how the walk ended, or the first error.
pub fn walk_all<E, F>(
    endpoint: E,
    page_size: u32,
    mut send: F,
) -> Result<(Vec<E::Item>, WalkEnd), ApiError>
where
    E: Paged,
    F: FnMut(&E) -> Result<Page<E::Item>, ApiError>,
{
    let mut walker = PageWalker::new(endpoint, page_size);
    let mut all = Vec::new();
    while let Some(request) = walker.next_request() {
        let page = send(&request)?;
        all.extend(walker.accept(page));
    }
    let end = walker.end().cloned().unwrap_or(WalkEnd::Complete);
    Ok((all, end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conductor::tenants::{ListTenants, Tenant};
    use crate::page::Pagination;

    fn tenant(i: u64) -> Tenant {
        Tenant {
            name: format!("t{i}"),
            ..Tenant::default()
        }
    }

    /// A manager holding `len` items that reports `total` and caps pages at `cap`.
    fn serve(req: &ListTenants, len: u64, total: u64, cap: u64) -> Page<Tenant> {
        let size = u64::from(req.query.size.expect("always sends _size"));
        let offset = u64::from(req.query.offset.expect("always sends _offset"));
        let end = len.min(offset + size.min(cap));
        let items = (offset..end.max(offset)).map(tenant).collect();
        Page::new(
            items,
            Pagination {
                total,
                size,
                offset,
            },
        )
    }

    #[test]
    fn walks_every_page_with_an_explicit_size() {
        let mut sizes = Vec::new();
        let (items, end) = walk_all(ListTenants::default(), 10, |r| {
            sizes.push((r.query.size, r.query.offset));
            Ok(serve(r, 25, 25, u64::MAX))
        })
        .unwrap();
        assert_eq!(end, WalkEnd::Complete);
        assert_eq!(items.len(), 25);
        assert_eq!(items[24].name, "t24");
        assert_eq!(
            sizes,
            [
                (Some(10), Some(0)),
                (Some(10), Some(10)),
                (Some(10), Some(20))
            ]
        );
    }

    #[test]
    fn a_manager_capping_pages_is_followed_by_what_it_sent() {
        let mut calls = 0;
        let (items, end) = walk_all(ListTenants::default(), 100, |r| {
            calls += 1;
            Ok(serve(r, 25, 25, 7))
        })
        .unwrap();
        assert_eq!((items.len(), calls, end), (25, 4, WalkEnd::Complete));
        let names: Vec<_> = items.iter().map(|t| t.name.clone()).collect();
        let mut dedup = names.clone();
        dedup.dedup();
        assert_eq!(names, dedup, "no item twice");
    }

    #[test]
    fn fewer_items_than_promised_ends_without_looping() {
        let mut calls = 0;
        let (items, end) = walk_all(ListTenants::default(), 10, |r| {
            calls += 1;
            assert!(calls < 10, "looping");
            Ok(serve(r, 13, 50, u64::MAX))
        })
        .unwrap();
        assert_eq!(items.len(), 13);
        assert_eq!(
            end,
            WalkEnd::ShortOfTotal {
                received: 13,
                total: 50
            }
        );
        assert!(!end.is_complete());
    }

    #[test]
    fn a_manager_ignoring_offset_is_caught() {
        let (items, end) = walk_all(ListTenants::default(), 5, |r| {
            let mut req = r.clone();
            req.query.offset = Some(0);
            Ok(serve(&req, 20, 20, u64::MAX))
        })
        .unwrap();
        assert_eq!(items.len(), 5);
        assert_eq!(
            end,
            WalkEnd::WrongOffset {
                asked: 5,
                answered: 0
            }
        );
    }

    #[test]
    fn empty_lists_unpaged_answers_and_errors() {
        let (items, end) =
            walk_all(ListTenants::default(), 10, |r| Ok(serve(r, 0, 0, 10))).unwrap();
        assert!(items.is_empty() && end.is_complete());
        // No metadata at all (`/managers`): one page holding everything.
        let (items, end) = walk_all(ListTenants::default(), 10, |_| {
            let mut p = Page::new(vec![tenant(0), tenant(1)], Pagination::default());
            p.metadata.pagination = None;
            Ok(p)
        })
        .unwrap();
        assert_eq!((items.len(), end), (2, WalkEnd::Complete));
        let e = walk_all(ListTenants::default(), 10, |_| {
            Err(ApiError::network("offline"))
        })
        .unwrap_err();
        assert!(e.is_network());
    }

    #[test]
    fn limits_sizes_and_starting_offsets() {
        let mut w = PageWalker::new(ListTenants::default(), 0).with_limit(12);
        let mut got = Vec::new();
        let mut sizes = Vec::new();
        while let Some(r) = w.next_request() {
            sizes.push(r.query.size.unwrap());
            got.extend(w.accept(serve(&r, 100, 100, u64::MAX)));
            assert!(sizes.len() < 20);
        }
        assert_eq!(sizes.len(), 12, "page size 0 becomes 1");
        assert_eq!(got.len(), 12);
        assert_eq!(
            w.end(),
            Some(&WalkEnd::Limited {
                received: 12,
                total: 100
            })
        );
        assert_eq!(w.progress(), (12, Some(100)));
        // Late pages are ignored.
        assert!(w
            .accept(serve(&ListTenants::default().clone_with(5), 100, 100, 5))
            .is_empty());

        let mut w = PageWalker::new(ListTenants::default(), 50).with_limit(70);
        let r = w.next_request().unwrap();
        assert_eq!(r.query.size, Some(50));
        w.accept(serve(&r, 100, 100, u64::MAX));
        assert_eq!(
            w.next_request().unwrap().query.size,
            Some(20),
            "only what the limit leaves"
        );
        assert!(PageWalker::new(ListTenants::default(), 5)
            .with_limit(0)
            .next_request()
            .is_none());

        let mut start = ListTenants::default();
        start.query.offset = Some(90);
        let (items, end) = walk_all(start, 4, |r| Ok(serve(r, 100, 100, u64::MAX))).unwrap();
        assert_eq!((items.len(), end), (10, WalkEnd::Complete));
    }

    #[test]
    fn offsets_beyond_the_wire_type_end_the_walk() {
        let mut w = PageWalker::new(ListTenants::default(), 10);
        let r = w.next_request().unwrap();
        let mut p = serve(&r, 10, u64::MAX, u64::MAX);
        // A manager claiming an absurd total, and a page bigger than u32 can address.
        p.metadata.pagination = Some(Pagination {
            total: u64::MAX,
            size: 10,
            offset: 0,
        });
        w.offset = u64::from(u32::MAX) - 5;
        p.metadata.pagination.as_mut().unwrap().offset = w.offset;
        w.accept(p);
        assert_eq!(w.end(), Some(&WalkEnd::TooLong { received: 10 }));
        assert!(w.next_request().is_none());
    }

    impl ListTenants {
        fn clone_with(&self, offset: u32) -> Self {
            let mut c = self.clone();
            c.query.offset = Some(offset);
            c.query.size = Some(5);
            c
        }
    }
}
