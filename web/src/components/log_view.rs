//! The log view: events and logs of the manager, virtualised over the manager's own paging.
//!
//! Lines are ordered oldest first (`_sort=reported_timestamp`), so an offset keeps naming the
//! same line while new ones arrive at the end. The view knows the total (from `pagination`),
//! draws a scroll area that tall, renders only the rows in view, and fetches the pages of
//! [`PAGE`] lines the operator scrolls to into a bounded cache. Following asks only for what
//! is past the known total. Filters, the selected line (permalink) and the time range live in
//! the URL; the same component serves an execution, a deployment, and the global Events page.

use std::collections::{HashMap, HashSet, VecDeque};

use baton_core::conductor::events::{Event, EventFilter, ListEvents};
use baton_core::{ApiError, Query, Timestamp};
use leptos::html;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};

use crate::api::use_api;
use crate::components::ErrorView;
use crate::live::{self, LiveToggle};

/// One row, in CSS pixels (`baton.css` `.log-row` sets the same).
pub const ROW: f64 = 22.0;
/// Lines per request.
pub const PAGE: u32 = 100;
/// Pages kept in memory: what is loaded is bounded whatever the log's length.
pub const MAX_PAGES: usize = 40;
/// Rows drawn above and below the ones in view.
const OVERSCAN: u64 = 8;
/// Browsers stop laying out near 33.5 million pixels; longer logs scale the scrollbar.
const MAX_SCROLL_PX: f64 = 30_000_000.0;

/// The operator's filters, as the URL carries them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LogFilter {
    /// `event`, `log` or empty for both.
    pub kind: String,
    pub level: String,
    pub event_type: String,
    pub deployment: String,
    pub execution: String,
    pub node: String,
    pub operation: String,
    pub text: String,
    pub from: String,
    pub to: String,
}

const KEYS: &[&str] = &[
    "type",
    "level",
    "event_type",
    "deployment",
    "execution",
    "node",
    "operation",
    "text",
    "from",
    "to",
];

impl LogFilter {
    pub fn from_query(q: &Query) -> Self {
        let g = |k: &str| q.get(k).unwrap_or_default().trim().to_string();
        LogFilter {
            kind: g("type"),
            level: g("level"),
            event_type: g("event_type"),
            deployment: g("deployment"),
            execution: g("execution"),
            node: g("node"),
            operation: g("operation"),
            text: g("text"),
            from: g("from"),
            to: g("to"),
        }
    }

    fn values(&self) -> [&String; 10] {
        [
            &self.kind,
            &self.level,
            &self.event_type,
            &self.deployment,
            &self.execution,
            &self.node,
            &self.operation,
            &self.text,
            &self.from,
            &self.to,
        ]
    }

    /// Writes the non-empty filters into `q`, replacing ours and keeping other parameters.
    pub fn write(&self, q: &Query) -> Query {
        let mut out = Query::new();
        for (k, v) in q.pairs() {
            if !KEYS.contains(&k.as_str()) && k != "at" && k != "ev" {
                out.push(k.clone(), v.clone());
            }
        }
        for (k, v) in KEYS.iter().zip(self.values()) {
            if !v.is_empty() {
                out.push(*k, v.clone());
            }
        }
        out
    }

    /// The manager's filter, with what the hosting page fixes (an execution, a deployment).
    pub fn to_request(&self, fixed: &Fixed) -> (EventFilter, Option<String>, Option<String>) {
        let list = |s: &str| -> Vec<String> {
            s.split(',')
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
                .collect()
        };
        let like = |s: &str| (!s.is_empty()).then(|| format!("%{s}%"));
        let f = EventFilter {
            kind: match self.kind.as_str() {
                "event" => vec!["cloudify_event".into()],
                "log" => vec!["cloudify_log".into()],
                _ => vec!["cloudify_event".into(), "cloudify_log".into()],
            },
            level: list(&self.level),
            event_type: list(&self.event_type),
            deployment_id: fixed
                .deployment_id
                .clone()
                .map(|d| vec![d])
                .unwrap_or_else(|| list(&self.deployment)),
            execution_id: fixed
                .execution_id
                .clone()
                .map(|d| vec![d])
                .unwrap_or_else(|| list(&self.execution)),
            node_id: list(&self.node),
            operation: like(&self.operation),
            message: like(&self.text),
            ..EventFilter::default()
        };
        let bound = |s: &str| {
            // `<input type=datetime-local>` gives minutes only.
            (!s.is_empty()).then(|| {
                if s.len() == 16 {
                    format!("{s}:00")
                } else {
                    s.to_string()
                }
            })
        };
        (f, bound(&self.from), bound(&self.to))
    }
}

/// Filters the hosting page fixes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Fixed {
    pub execution_id: Option<String>,
    pub deployment_id: Option<String>,
}

/// The request for `size` lines from `offset` under the current filters.
fn window_call(
    req: &(EventFilter, Option<String>, Option<String>),
    offset: u64,
    size: u32,
) -> ListEvents {
    let (f, from, to) = req;
    let mut call = ListEvents::window(f.clone(), offset.min(u64::from(u32::MAX)) as u32, size);
    if from.is_some() || to.is_some() {
        call = call.between("@timestamp", from.clone(), to.clone());
    }
    call
}

/// Loaded pages, least recently used first out.
#[derive(Default)]
struct Cache {
    pages: HashMap<u64, Vec<Event>>,
    lru: VecDeque<u64>,
    pending: HashSet<u64>,
}

impl Cache {
    fn touch(&mut self, page: u64) {
        self.lru.retain(|p| *p != page);
        self.lru.push_back(page);
    }

    fn put(&mut self, page: u64, items: Vec<Event>) {
        self.pages.insert(page, items);
        self.touch(page);
        while self.lru.len() > MAX_PAGES {
            if let Some(old) = self.lru.pop_front() {
                self.pages.remove(&old);
            }
        }
    }

    fn line(&self, offset: u64) -> Option<&Event> {
        self.pages
            .get(&(offset / u64::from(PAGE)))
            .and_then(|p| p.get((offset % u64::from(PAGE)) as usize))
    }

    /// Everything loaded, in log order, with offsets.
    fn loaded(&self) -> Vec<(u64, &Event)> {
        let mut keys: Vec<u64> = self.pages.keys().copied().collect();
        keys.sort_unstable();
        keys.into_iter()
            .flat_map(|k| {
                self.pages[&k]
                    .iter()
                    .enumerate()
                    .map(move |(i, e)| (k * u64::from(PAGE) + i as u64, e))
            })
            .collect()
    }
}

/// How a line is coloured and the word that says the same.
pub fn tone(e: &Event) -> (&'static str, String) {
    if e.is_log() {
        let level = e.level.clone().unwrap_or_else(|| "log".into());
        let class = match level.as_str() {
            "error" | "critical" => "lvl-error",
            "warning" | "warn" => "lvl-warning",
            "debug" => "lvl-debug",
            _ => "lvl-info",
        };
        (class, level.to_uppercase())
    } else {
        let t = e.event_type.clone().unwrap_or_else(|| "event".into());
        let class = if t.contains("failed") {
            "lvl-error"
        } else if t.contains("succeeded") {
            "lvl-ok"
        } else if t.contains("cancel") || t.contains("rescheduled") {
            "lvl-warning"
        } else {
            "lvl-event"
        };
        (class, t.replace('_', " "))
    }
}

/// `text` split around case-insensitive matches of `needle`, each part flagged as a match.
pub fn highlight(text: &str, needle: &str) -> Vec<(String, bool)> {
    if needle.is_empty() {
        return vec![(text.to_string(), false)];
    }
    let lower = text.to_lowercase();
    let n = needle.to_lowercase();
    // Lower-casing may change byte lengths (rare scripts): then no highlight rather than a panic.
    if lower.len() != text.len() {
        return vec![(text.to_string(), false)];
    }
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = lower[at..].find(&n) {
        let start = at + i;
        let end = start + n.len();
        if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            break;
        }
        if start > at {
            out.push((text[at..start].to_string(), false));
        }
        out.push((text[start..end].to_string(), true));
        at = end;
    }
    if at < text.len() {
        out.push((text[at..].to_string(), false));
    }
    out
}

/// What is loaded as CSV (one line per event, the columns the view shows).
pub fn to_csv(lines: &[&Event]) -> String {
    let mut out = String::from(
        "timestamp,type,level_or_event,deployment,execution,node_instance,operation,message\n",
    );
    for e in lines {
        let o =
            |v: &Option<String>| baton_core::export::csv_field(v.as_deref().unwrap_or_default());
        let level = if e.is_log() { &e.level } else { &e.event_type };
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{}\n",
            e.reported_timestamp
                .map(|t| t.to_wire())
                .unwrap_or_default(),
            o(&e.kind),
            o(level),
            o(&e.deployment_id),
            o(&e.execution_id),
            o(&e.node_instance_id),
            o(&e.operation),
            o(&e.message)
        ));
    }
    out
}

/// What is loaded as NDJSON (one JSON object per line, as the manager sent it).
pub fn to_ndjson(lines: &[&Event]) -> String {
    let mut out = String::new();
    for e in lines {
        out.push_str(&serde_json::to_string(e).unwrap_or_default());
        out.push('\n');
    }
    out
}

/// The log view. `execution_id` / `deployment_id` fix those filters (the execution and
/// deployment pages); without them the operator filters by them in the filter bar.
#[component]
pub fn LogView(
    #[prop(optional, into)] execution_id: Option<String>,
    #[prop(optional, into)] deployment_id: Option<String>,
    /// Rows tall (the view's height).
    #[prop(optional)]
    rows: Option<u32>,
) -> impl IntoView {
    let api = use_api();
    let location = use_location();
    let navigate = use_navigate();
    let fixed = StoredValue::new(Fixed {
        execution_id,
        deployment_id,
    });
    let view_h = (f64::from(rows.unwrap_or(22))) * ROW;
    let query = Memo::new(move |_| Query::decode(location.search.get().trim_start_matches('?')));
    let filter = Memo::new(move |_| query.with(LogFilter::from_query));
    let request = Memo::new(move |_| fixed.with_value(|fx| filter.get().to_request(fx)));
    let permalink_target = Memo::new(move |_| {
        query.with(|q| {
            let ev = q.get("ev")?.parse::<u64>().ok()?;
            let at = Timestamp::parse(q.get("at")?)?;
            Some((at, ev))
        })
    });

    let cache = StoredValue::new(Cache::default());
    let version = RwSignal::new(0u32);
    let total = RwSignal::new(None::<u64>);
    let error = RwSignal::new(None::<ApiError>);
    let scroll_top = RwSignal::new(0.0f64);
    // Where the view was last put (by the operator or by following), to tell a move up.
    let last_top = StoredValue::new(0i32);
    let stuck = RwSignal::new(true);
    let selected = RwSignal::new(None::<(u64, Event)>);
    // A line to select once it is loaded (jump to error, permalink): its storage id and offset guess.
    let wanted = RwSignal::new(None::<(u64, u64)>);
    let search = RwSignal::new(String::new());
    let generation = StoredValue::new(0u32);
    let scroller = NodeRef::<html::Div>::new();
    let jumping = RwSignal::new(false);

    let geometry = move || {
        let n = total.get().unwrap_or(0) as f64;
        let full = n * ROW;
        let content = full.min(MAX_SCROLL_PX);
        let scale = if full > content && content > view_h {
            (full - view_h) / (content - view_h)
        } else {
            1.0
        };
        (content, scale)
    };
    let first_row = move || {
        let (_, scale) = geometry();
        (scroll_top.get() * scale / ROW).max(0.0)
    };
    let visible = move || {
        let n = total.get().unwrap_or(0);
        let first = first_row().floor() as u64;
        let start = first.saturating_sub(OVERSCAN);
        let end = (first + (view_h / ROW).ceil() as u64 + OVERSCAN).min(n);
        (start, end.max(start))
    };

    let scroll_to_row = move |row: u64| {
        let (content, scale) = geometry();
        // Clamped as the browser clamps it: a row near the end of a short log cannot sit a
        // third down, and rows drawn for an unreachable position leave a gap.
        let top = ((row as f64) * ROW / scale - view_h / 3.0)
            .min(content - view_h)
            .max(0.0);
        stuck.set(false);
        if let Some(el) = scroller.get_untracked() {
            el.set_scroll_top(top as i32);
        }
        last_top.set_value(top as i32);
        scroll_top.set(top);
    };

    // Fetches the page if it is missing (or is the partial last page and more exists).
    let load_page = move |page: u64| {
        let n = total.get_untracked().unwrap_or(0);
        let need = cache.with_value(|c| {
            if c.pending.contains(&page) {
                return false;
            }
            match c.pages.get(&page) {
                None => true,
                Some(items) => {
                    (items.len() as u64) < u64::from(PAGE)
                        && page * u64::from(PAGE) + (items.len() as u64) < n
                }
            }
        });
        if !need {
            cache.update_value(|c| c.touch(page));
            return;
        }
        cache.update_value(|c| {
            c.pending.insert(page);
        });
        let asked_generation = generation.get_value();
        let call = window_call(&request.get_untracked(), page * u64::from(PAGE), PAGE);
        live::spend();
        leptos::task::spawn_local(async move {
            let result = api.call(&call).await;
            if generation.try_get_value() != Some(asked_generation) {
                return;
            }
            cache.update_value(|c| {
                c.pending.remove(&page);
            });
            match result {
                Ok(p) => {
                    let t = p.pagination().total;
                    cache.update_value(|c| c.put(page, p.items));
                    total.set(Some(t));
                    error.set(None);
                    version.update(|v| *v += 1);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };

    // A new filter: forget what was loaded, learn the total, then show the end (or the permalink).
    Effect::new(move |_| {
        let req = request.get();
        generation.update_value(|g| *g += 1);
        let asked_generation = generation.get_value();
        cache.update_value(|c| *c = Cache::default());
        total.set(None);
        error.set(None);
        selected.set(None);
        let target = permalink_target.get_untracked();
        live::spend();
        leptos::task::spawn_local(async move {
            let first = api.call(&window_call(&req, 0, PAGE)).await;
            if generation.try_get_value() != Some(asked_generation) {
                return;
            }
            match first {
                Ok(p) => {
                    let t = p.pagination().total;
                    cache.update_value(|c| c.put(0, p.items));
                    total.set(Some(t));
                    version.update(|v| *v += 1);
                    if let Some((at, ev)) = target {
                        jump_to(api, req, at, ev, wanted, scroll_to_row).await;
                    } else {
                        stuck.set(true);
                    }
                }
                Err(e) => error.set(Some(e)),
            }
        });
    });

    // Load what is in view.
    Effect::new(move |_| {
        let (start, end) = visible();
        if total.get().is_none() || end <= start {
            return;
        }
        let (a, b) = (start / u64::from(PAGE), (end - 1) / u64::from(PAGE));
        for page in a..=b {
            load_page(page);
        }
    });

    // Stay at the end while following.
    Effect::new(move |_| {
        let _ = total.get();
        if stuck.get() {
            if let Some(el) = scroller.get() {
                request_animation_frame(move || {
                    // The operator may have scrolled away since: then leave them there.
                    if !stuck.get_untracked() {
                        return;
                    }
                    let max = (el.scroll_height() - el.client_height()).max(0);
                    el.set_scroll_top(max);
                    last_top.set_value(max);
                    scroll_top.set(f64::from(max));
                });
            }
        }
    });

    // Select the wanted line once its page is here.
    Effect::new(move |_| {
        version.track();
        let Some((ev, guess)) = wanted.get() else {
            return;
        };
        let found = cache.with_value(|c| {
            c.loaded()
                .into_iter()
                .find(|(_, e)| e.storage_id == Some(ev))
                .map(|(o, e)| (o, e.clone()))
        });
        if let Some((o, e)) = found {
            wanted.set(None);
            selected.set(Some((o, e)));
            scroll_to_row(o);
        } else {
            // Lines with the same time may sit on the page before the guess.
            let page = guess / u64::from(PAGE);
            load_page(page);
            if page > 0 {
                load_page(page - 1);
            }
        }
    });

    // Follow: ask only for what is past the known end.
    let follow = live::register(2_000, move || async move {
        let Some(known) = total.try_get_untracked().flatten() else {
            return Ok(());
        };
        let asked_generation = generation.try_get_value().unwrap_or_default();
        let req = request
            .try_get_untracked()
            .ok_or_else(|| ApiError::network("gone"))?;
        let p = api.call(&window_call(&req, known, PAGE)).await?;
        if generation.try_get_value() != Some(asked_generation) {
            return Ok(());
        }
        let t = p.pagination().total;
        if !p.items.is_empty() {
            cache.update_value(|c| {
                // Extend the last partial page, or start the next one, when contiguous.
                for (at, e) in (known..).zip(p.items) {
                    let page = at / u64::from(PAGE);
                    let idx = (at % u64::from(PAGE)) as usize;
                    match c.pages.get_mut(&page) {
                        Some(items) if items.len() == idx => items.push(e),
                        None if idx == 0 => c.put(page, vec![e]),
                        _ => break,
                    }
                }
            });
            version.update(|v| *v += 1);
        }
        if Some(t) != total.get_untracked() {
            total.set(Some(t));
        }
        Ok(())
    });

    // Following stops only when the operator moves the view away from where following put
    // it: content growing under a view that sits at the end (its scroll event arrives after
    // new lines) does not move it, so it keeps following.
    let on_scroll = move |_| {
        if let Some(el) = scroller.get_untracked() {
            let top = el.scroll_top();
            let moved = top != last_top.get_value();
            last_top.set_value(top);
            scroll_top.set(f64::from(top));
            let at_end = el.scroll_height() - el.client_height() - top <= ROW as i32;
            if at_end && !stuck.get_untracked() {
                stuck.set(true);
            } else if !at_end && moved && stuck.get_untracked() {
                stuck.set(false);
            }
        }
    };

    let jump_error = move |_| {
        let req = request.get_untracked();
        jumping.set(true);
        live::spend();
        leptos::task::spawn_local(async move {
            let mut errors = req.clone();
            errors.0.event_type = vec!["task_failed".into(), "workflow_failed".into()];
            errors.0.level = vec!["error".into(), "critical".into()];
            let first = api.call(&window_call(&errors, 0, 1)).await;
            jumping.set(false);
            match first {
                Ok(p) => match p.items.into_iter().next() {
                    Some(e) => {
                        if let (Some(at), Some(ev)) = (e.reported_timestamp, e.storage_id) {
                            jump_to(api, req, at, ev, wanted, scroll_to_row).await;
                        }
                    }
                    None => error.set(Some(ApiError::new(
                        None,
                        "no_error",
                        "No error among these lines.",
                    ))),
                },
                Err(e) => error.set(Some(e)),
            }
        });
    };

    let go_top = move |_| {
        stuck.set(false);
        scroll_to_row(0);
        if let Some(el) = scroller.get_untracked() {
            el.set_scroll_top(0);
        }
        scroll_top.set(0.0);
    };
    let go_end = move |_| stuck.set(true);

    // Search inside what is loaded.
    let matches = Memo::new(move |_| {
        version.track();
        let needle = search.get().to_lowercase();
        if needle.is_empty() {
            return Vec::new();
        }
        cache.with_value(|c| {
            c.loaded()
                .into_iter()
                .filter(|(_, e)| {
                    e.message
                        .as_deref()
                        .is_some_and(|m| m.to_lowercase().contains(&needle))
                })
                .map(|(o, _)| o)
                .collect::<Vec<u64>>()
        })
    });
    let next_match = move |forward: bool| {
        let list = matches.get_untracked();
        let here = selected.with_untracked(|s| s.as_ref().map(|(o, _)| *o));
        let pick = if forward {
            list.iter()
                .find(|o| here.is_none_or(|h| **o > h))
                .or(list.first())
        } else {
            list.iter()
                .rev()
                .find(|o| here.is_none_or(|h| **o < h))
                .or(list.last())
        };
        if let Some(o) = pick.copied() {
            if let Some(e) = cache.with_value(|c| c.line(o).cloned()) {
                selected.set(Some((o, e)));
            }
            scroll_to_row(o);
        }
    };

    let export = move |csv: bool| {
        cache.with_value(|c| {
            let loaded = c.loaded();
            let lines: Vec<&Event> = loaded.iter().map(|(_, e)| *e).collect();
            if csv {
                super::export::download("events.csv", "text/csv", &to_csv(&lines));
            } else {
                super::export::download(
                    "events.ndjson",
                    "application/x-ndjson",
                    &to_ndjson(&lines),
                );
            }
        });
    };

    // The filter bar keeps what is typed; the URL (and the request) follows on Enter or change.
    let typed = RwSignal::new(filter.get_untracked());
    Effect::new(move |_| typed.set(filter.get()));
    let apply = move || {
        let q = typed.get_untracked().write(&query.get_untracked());
        let path = location.pathname.get_untracked();
        let enc = q.encode();
        let url = if enc.is_empty() {
            path
        } else {
            format!("{path}?{enc}")
        };
        navigate(&url, Default::default());
    };
    let apply = StoredValue::new(apply);
    let field = move |label: &'static str,
                      get: fn(&LogFilter) -> String,
                      set: fn(&mut LogFilter, String),
                      placeholder: &'static str| {
        view! {
            <label class="log-filter">
                <span>{label}</span>
                <input
                    type="text"
                    placeholder=placeholder
                    prop:value=move || typed.with(get)
                    on:input=move |ev| { let v = event_target_value(&ev); typed.update(|t| set(t, v)); }
                    on:change=move |_| apply.with_value(|a| a())
                />
            </label>
        }
    };
    let show_scope = fixed.with_value(|f| (f.deployment_id.is_none(), f.execution_id.is_none()));

    let rows = move || {
        version.track();
        let (start, end) = visible();
        let (_, scale) = geometry();
        let exact = first_row();
        let top = scroll_top.get() - (exact - start as f64) * ROW;
        let _ = scale;
        let needle = search.get();
        let sel = selected.with(|s| s.as_ref().map(|(o, _)| *o));
        let lines = cache.with_value(|c| {
            (start..end)
                .map(|o| (o, c.line(o).cloned()))
                .collect::<Vec<_>>()
        });
        let items = lines
            .into_iter()
            .map(|(o, e)| match e {
                None => view! { <div class="log-row loading" data-offset=o>"…"</div> }.into_any(),
                Some(e) => {
                    let (class, word) = tone(&e);
                    let when = e
                        .reported_timestamp
                        .or(e.timestamp)
                        .map(|t| t.0.format("%m-%d %H:%M:%S%.3f").to_string())
                        .unwrap_or_default();
                    let node = e.node_instance_id.clone().unwrap_or_default();
                    let op = e
                        .operation
                        .as_deref()
                        .map(|o| o.rsplit('.').next().unwrap_or(o).to_string())
                        .unwrap_or_default();
                    let parts = highlight(e.message.as_deref().unwrap_or_default(), &needle)
                        .into_iter()
                        .map(|(t, m)| {
                            if m {
                                view! { <mark>{t}</mark> }.into_any()
                            } else {
                                t.into_any()
                            }
                        })
                        .collect_view();
                    let causes = if e.error_causes.as_ref().is_some_and(|c| !c.is_empty()) { " ⚠" } else { "" };
                    let is_sel = sel == Some(o);
                    let pick = e.clone();
                    view! {
                        <div
                            class=format!("log-row {class}{}", if is_sel { " selected" } else { "" })
                            data-offset=o
                            role="listitem"
                            tabindex="-1"
                            on:click=move |_| selected.set(Some((o, pick.clone())))
                        >
                            <span class="log-time">{when}</span>
                            <span class="log-level">{word}</span>
                            <span class="log-node">{node}</span>
                            <span class="log-op">{op}</span>
                            <span class="log-msg">{parts}{causes}</span>
                        </div>
                    }
                    .into_any()
                }
            })
            .collect_view();
        view! { <div class="log-window" role="list" style=format!("position:absolute;left:0;right:0;top:{top}px")>{items}</div> }
    };

    let status_line = move || match total.get() {
        None => "Loading…".to_string(),
        Some(0) => "No lines match these filters.".into(),
        Some(n) => {
            let (start, end) = visible();
            let loaded = cache.with_value(|c| c.pages.values().map(Vec::len).sum::<usize>());
            format!(
                "Lines {}–{} of {n} · {loaded} loaded",
                (start + 1).min(n),
                end.min(n)
            )
        }
    };

    let details = move || {
        selected.get().map(|(o, e)| {
            let mut link_q = query.get_untracked();
            let pairs: Vec<(String, String)> = link_q
                .pairs()
                .iter()
                .filter(|(k, _)| k != "at" && k != "ev")
                .cloned()
                .collect();
            link_q = Query::new();
            for (k, v) in pairs {
                link_q.push(k, v);
            }
            if let (Some(at), Some(ev)) = (e.reported_timestamp, e.storage_id) {
                link_q.push("at", at.to_wire());
                link_q.push("ev", ev.to_string());
            }
            let link = format!("{}?{}", location.pathname.get_untracked(), link_q.encode());
            let (class, word) = tone(&e);
            let causes = e.causes();
            let fields = [
                ("Time", e.reported_timestamp.map(|t| t.to_wire())),
                ("Deployment", e.deployment_id.clone()),
                ("Execution", e.execution_id.clone()),
                ("Workflow", e.workflow_id.clone()),
                ("Node instance", e.node_instance_id.clone()),
                ("Operation", e.operation.clone()),
            ];
            view! {
                <section class="log-details" aria-label="Selected line">
                    <header>
                        <span class=format!("badge {class}")>{word}</span>
                        " Line " {o + 1}
                        <a class="permalink" href=link>"Permalink"</a>
                        <button class="button" on:click=move |_| selected.set(None)>"Close"</button>
                    </header>
                    <pre class="log-message">{e.message.clone().unwrap_or_default()}</pre>
                    <dl class="facts">
                        {fields.into_iter().filter_map(|(k, v)| v.map(|v| view! { <dt>{k}</dt><dd class="mono">{v}</dd> })).collect_view()}
                    </dl>
                    {(!causes.is_empty()).then(|| view! {
                        <h4>"Error causes"</h4>
                        <ol class="error-causes">
                            {causes.into_iter().map(|c| view! {
                                <li>
                                    <strong>{c.kind.unwrap_or_else(|| "Error".into())}</strong>": "{c.message.unwrap_or_default()}
                                    {c.traceback.map(|t| view! { <details><summary>"Traceback"</summary><pre>{t}</pre></details> })}
                                </li>
                            }).collect_view()}
                        </ol>
                    })}
                </section>
            }
        })
    };

    view! {
        <div class="log-view">
            <form class="log-filters" on:submit=move |ev| { ev.prevent_default(); apply.with_value(|a| a()); }>
                <label class="log-filter">
                    <span>"Show"</span>
                    <select
                        aria-label="Show"
                        on:change=move |ev| { let v = event_target_value(&ev); typed.update(|t| t.kind = v); apply.with_value(|a| a()); }
                    >
                        <option value="" selected=move || typed.with(|t| t.kind.is_empty())>"Events and logs"</option>
                        <option value="event" selected=move || typed.with(|t| t.kind == "event")>"Events"</option>
                        <option value="log" selected=move || typed.with(|t| t.kind == "log")>"Logs"</option>
                    </select>
                </label>
                {field("Level", |t| t.level.clone(), |t, v| t.level = v, "error,warning")}
                {field("Event type", |t| t.event_type.clone(), |t, v| t.event_type = v, "task_failed")}
                {show_scope.0.then(|| field("Deployment", |t| t.deployment.clone(), |t, v| t.deployment = v, "id"))}
                {show_scope.1.then(|| field("Execution", |t| t.execution.clone(), |t, v| t.execution = v, "id"))}
                {field("Node", |t| t.node.clone(), |t, v| t.node = v, "vm")}
                {field("Operation", |t| t.operation.clone(), |t, v| t.operation = v, "create")}
                {field("Message", |t| t.text.clone(), |t, v| t.text = v, "text")}
                {field("From", |t| t.from.clone(), |t, v| t.from = v, "2026-11-29T10:00")}
                {field("To", |t| t.to.clone(), |t, v| t.to = v, "2026-11-29T11:00")}
                <button class="button" type="submit">"Apply"</button>
            </form>
            <div class="toolbar log-toolbar">
                <LiveToggle live=follow label="Follow"/>
                <button class="button" on:click=go_top>"⤒ Top"</button>
                <button class="button" on:click=go_end>"⤓ Newest"</button>
                <button class="button" disabled=move || jumping.get() on:click=jump_error>"Jump to first error"</button>
                <input
                    type="search"
                    class="search"
                    aria-label="Search loaded lines"
                    placeholder="Search loaded lines"
                    prop:value=move || search.get()
                    on:input=move |ev| search.set(event_target_value(&ev))
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Enter" { next_match(!ev.shift_key()) }
                />
                <span class="muted match-count">{move || {
                    let n = matches.with(Vec::len);
                    if search.with(String::is_empty) { String::new() } else { format!("{n} in loaded lines") }
                }}</span>
                <button class="button" aria-label="Previous match" on:click=move |_| next_match(false)>"▲"</button>
                <button class="button" aria-label="Next match" on:click=move |_| next_match(true)>"▼"</button>
                <span class="spacer"></span>
                <button class="button" on:click=move |_| export(false)>"Export NDJSON"</button>
                <button class="button" on:click=move |_| export(true)>"Export CSV"</button>
            </div>
            {move || error.get().map(|e| view! { <ErrorView error=e/> })}
            <p class="muted log-status" aria-live="polite">{status_line}</p>
            <div
                class="log-scroller"
                node_ref=scroller
                // Scrolling and placement are inline: the virtual rows depend on them, not on
                // a stylesheet (a page without baton.css must not pull the view to its end).
                style=format!("height:{view_h}px;overflow-y:auto;position:relative")
                on:scroll=on_scroll
                role="log"
                aria-label="Log lines"
            >
                <div class="log-space" style=move || format!("position:relative;height:{}px", geometry().0)>{rows}</div>
            </div>
            {details}
        </div>
    }
    .into_any()
}

/// Finds the offset of the line at `at` (a count of the lines up to that time) and asks the
/// view to select line `ev` once its page is loaded.
async fn jump_to(
    api: crate::api::Api,
    req: (EventFilter, Option<String>, Option<String>),
    at: Timestamp,
    ev: u64,
    wanted: RwSignal<Option<(u64, u64)>>,
    scroll_to_row: impl Fn(u64) + Copy + 'static,
) {
    let count = window_call(&req, 0, 1).between("@reported_timestamp", None, Some(at.to_wire()));
    live::spend();
    if let Ok(p) = api.call(&count).await {
        let guess = p.pagination().total.saturating_sub(1);
        scroll_to_row(guess);
        wanted.try_set(Some((ev, guess)));
    }
}
