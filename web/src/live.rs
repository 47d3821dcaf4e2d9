//! The one live-data scheduler: every view that polls the manager registers here instead of
//! owning a timer.
//!
//! ```ignore
//! let live = live::register(2_000, move || async move {
//!     let e = api.call(&GetExecution { id, include: vec![] }).await?;
//!     execution.try_set(Some(e));
//!     Ok(())
//! });
//! view! { <LiveToggle live/> }
//! ```
//!
//! The scheduler calls each view's fetch at most every `every_ms` and:
//! - keeps each manager under a request budget (default 2 requests per second per tab, see
//!   [`set_budget`]; on-demand fetches a view makes itself are counted with [`spend`]);
//! - backs off after errors (doubling up to a minute), and waits what `Retry-After` says;
//! - pauses every view while the tab is hidden (`visibilitychange`) and catches up on return;
//! - lets the operator pause and resume each view ([`LiveToggle`]);
//! - forgets a view when its owner (page, component) is disposed.
//!
//! A fetch only writes the signals it owns; it never re-renders what the operator is using.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::time::Duration;

use baton_core::ApiError;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// What a live view is doing, for its toggle.
#[derive(Clone, Debug, PartialEq)]
pub enum LiveState {
    Live,
    /// The operator paused it.
    Paused,
    /// The tab is hidden: nothing is asked until it is shown again.
    Hidden,
    /// The last fetch failed; the next try is in `retry_secs`.
    Backoff {
        error: String,
        retry_secs: u64,
    },
    /// The data cannot change any more (a finished execution); no more fetches.
    Done,
}

/// Default requests per second per manager for everything live in this tab.
pub const DEFAULT_BUDGET: f64 = 2.0;
/// The longest wait between retries after errors.
const MAX_BACKOFF_MS: f64 = 60_000.0;
const BUDGET_KEY: &str = "baton.live.budget";

type Fetch = Rc<dyn Fn() -> Pin<Box<dyn Future<Output = Result<(), ApiError>>>>>;

struct Entry {
    id: u32,
    manager: String,
    every: f64,
    next_due: f64,
    failures: u32,
    paused: bool,
    done: bool,
    in_flight: bool,
    fetch: Fetch,
    state: RwSignal<LiveState>,
}

#[derive(Default)]
struct Scheduler {
    entries: Vec<Entry>,
    /// Send times per manager within the budget window.
    sent: HashMap<String, VecDeque<f64>>,
    budget: Option<f64>,
    hidden_override: Option<bool>,
    next_id: u32,
    timer_generation: u32,
    listening: bool,
    /// Requests sent per manager since the tab opened (for measurements).
    total_sent: u64,
}

thread_local! {
    static SCHED: RefCell<Scheduler> = RefCell::new(Scheduler::default());
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

fn budget() -> f64 {
    SCHED.with(|s| s.borrow().budget).unwrap_or_else(|| {
        let stored = web_sys::window()
            .and_then(|w| w.local_storage().ok().flatten())
            .and_then(|s| s.get_item(BUDGET_KEY).ok().flatten())
            .and_then(|v| v.parse::<f64>().ok())
            .filter(|v| *v > 0.0)
            .unwrap_or(DEFAULT_BUDGET);
        SCHED.with(|s| s.borrow_mut().budget = Some(stored));
        stored
    })
}

/// The budget window and how many requests fit in it: `n` per second as `n` per 1 s, or one
/// per `1/n` s below one per second.
fn window(budget: f64) -> (f64, usize) {
    if budget >= 1.0 {
        (1000.0, budget.floor() as usize)
    } else {
        (1000.0 / budget, 1)
    }
}

/// Sets the request budget (requests per second per manager) and remembers it in this browser.
pub fn set_budget(per_second: f64) {
    let b = if per_second > 0.0 {
        per_second
    } else {
        DEFAULT_BUDGET
    };
    SCHED.with(|s| s.borrow_mut().budget = Some(b));
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.set_item(BUDGET_KEY, &b.to_string());
    }
    wake();
}

/// Test hook: pretend the tab is hidden (`Some(true)`), shown, or follow the browser (`None`).
pub fn set_hidden_for_tests(hidden: Option<bool>) {
    SCHED.with(|s| s.borrow_mut().hidden_override = hidden);
    wake();
}

/// How many scheduled fetches this tab has started (for the measurement script).
pub fn requests_sent() -> u64 {
    SCHED.with(|s| s.borrow().total_sent)
}

fn hidden() -> bool {
    if let Some(h) = SCHED.with(|s| s.borrow().hidden_override) {
        return h;
    }
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}

fn manager_key() -> String {
    use_context::<crate::api::Api>()
        .and_then(|api| {
            api.signed_in
                .with_untracked(|s| s.as_ref().map(|s| s.target.describe()))
        })
        .unwrap_or_default()
}

/// Counts a request a view made on its own (scrolling a log, an action) against the
/// budget of the current manager, so polls make room for what the operator asked for.
pub fn spend() {
    let key = manager_key();
    let t = now_ms();
    SCHED.with(|s| {
        let mut s = s.borrow_mut();
        s.sent.entry(key).or_default().push_back(t);
    });
}

/// A registered live view: its state for the toggle, and the operator's controls.
#[derive(Clone, Copy)]
pub struct Live {
    id: u32,
    pub state: RwSignal<LiveState>,
}

impl Live {
    fn with_entry(&self, f: impl FnOnce(&mut Entry)) {
        SCHED.with(|s| {
            if let Some(e) = s.borrow_mut().entries.iter_mut().find(|e| e.id == self.id) {
                f(e);
            }
        });
        wake();
    }

    pub fn pause(&self) {
        self.with_entry(|e| e.paused = true);
    }

    pub fn resume(&self) {
        self.with_entry(|e| {
            e.paused = false;
            e.failures = 0;
            e.next_due = now_ms();
        });
    }

    pub fn is_paused(&self) -> bool {
        self.state.with_untracked(|s| *s == LiveState::Paused)
    }

    /// Fetch as soon as the budget allows (after an action changed the data), even a view
    /// that was final: a resumed execution runs again.
    pub fn refresh(&self) {
        self.with_entry(|e| {
            e.next_due = now_ms();
            e.failures = 0;
            e.done = false;
        });
    }

    /// The data is final: stop fetching (or start again with `false`).
    pub fn set_done(&self, done: bool) {
        self.with_entry(|e| {
            if e.done != done {
                e.done = done;
                e.next_due = now_ms();
            }
        });
    }
}

/// Registers a live view that fetches every `every_ms` milliseconds, first as soon as the
/// budget allows. It is forgotten when the calling owner (component) is cleaned up.
pub fn register<F, Fut>(every_ms: u32, fetch: F) -> Live
where
    F: Fn() -> Fut + 'static,
    Fut: Future<Output = Result<(), ApiError>> + 'static,
{
    register_due(every_ms, 0.0, fetch)
}

/// Loads a view now, as the page's own on-demand request (counted with [`spend`], not held
/// back by the budget), and registers it to poll every `every_ms` from then on. For pages that
/// open with many live views at once (the home page's cards): under the budget alone, twelve
/// views would take six seconds to show their first data.
pub fn load_then_register<F, Fut>(every_ms: u32, fetch: F) -> Live
where
    F: Fn() -> Fut + Clone + 'static,
    Fut: Future<Output = Result<(), ApiError>> + 'static,
{
    spend();
    let first = fetch.clone();
    leptos::task::spawn_local(async move {
        // A failure shows in the view; its next poll (or its Retry) asks again.
        let _ = first().await;
    });
    register_due(every_ms, f64::from(every_ms), fetch)
}

fn register_due<F, Fut>(every_ms: u32, first_in_ms: f64, fetch: F) -> Live
where
    F: Fn() -> Fut + 'static,
    Fut: Future<Output = Result<(), ApiError>> + 'static,
{
    listen_for_visibility();
    let state = RwSignal::new(LiveState::Live);
    let manager = manager_key();
    let id = SCHED.with(|s| {
        let mut s = s.borrow_mut();
        s.next_id += 1;
        let id = s.next_id;
        s.entries.push(Entry {
            id,
            manager,
            every: f64::from(every_ms.max(100)),
            next_due: now_ms() + first_in_ms,
            failures: 0,
            paused: false,
            done: false,
            in_flight: false,
            fetch: Rc::new(move || Box::pin(fetch())),
            state,
        });
        id
    });
    on_cleanup(move || {
        SCHED.with(|s| s.borrow_mut().entries.retain(|e| e.id != id));
    });
    wake();
    Live { id, state }
}

fn listen_for_visibility() {
    let first = SCHED.with(|s| !std::mem::replace(&mut s.borrow_mut().listening, true));
    if !first {
        return;
    }
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        let on_change = Closure::<dyn FnMut()>::new(wake);
        let _ = doc.add_event_listener_with_callback(
            "visibilitychange",
            on_change.as_ref().unchecked_ref(),
        );
        // One listener for the tab's lifetime.
        on_change.forget();
    }
}

/// State changes are applied after the scheduler is released, so an effect reacting to one
/// may call back into the scheduler.
type Updates = Vec<(RwSignal<LiveState>, LiveState)>;

fn set_state(updates: &mut Updates, e: &Entry, state: LiveState) {
    if e.state.try_with_untracked(|s| *s != state).unwrap_or(false) {
        updates.push((e.state, state));
    }
}

fn apply(updates: Updates) {
    for (signal, state) in updates {
        signal.try_set(state);
    }
}

/// Starts what is due and within budget, updates every view's state, and arms the one timer
/// for the next thing to do.
fn wake() {
    let now = now_ms();
    let is_hidden = hidden();
    let (span, allowed) = window(budget());
    let mut to_start: Vec<(u32, Fetch)> = Vec::new();
    let mut next_wake: Option<f64> = None;
    let mut updates = Updates::new();
    SCHED.with(|s| {
        let mut guard = s.borrow_mut();
        let s = &mut *guard;
        for sent in s.sent.values_mut() {
            while sent.front().is_some_and(|t| now - t >= span) {
                sent.pop_front();
            }
        }
        let mut order: Vec<usize> = (0..s.entries.len()).collect();
        order.sort_by(|a, b| s.entries[*a].next_due.total_cmp(&s.entries[*b].next_due));
        for i in order {
            let e = &s.entries[i];
            if e.done {
                set_state(&mut updates, e, LiveState::Done);
                continue;
            }
            if e.paused {
                set_state(&mut updates, e, LiveState::Paused);
                continue;
            }
            if is_hidden {
                set_state(&mut updates, e, LiveState::Hidden);
                continue;
            }
            if e.failures == 0 {
                set_state(&mut updates, e, LiveState::Live);
            }
            if e.in_flight {
                continue;
            }
            if e.next_due > now {
                next_wake = Some(next_wake.map_or(e.next_due, |w: f64| w.min(e.next_due)));
                continue;
            }
            let sent = s.sent.entry(e.manager.clone()).or_default();
            if sent.len() >= allowed {
                let free_at = sent.front().copied().unwrap_or(now) + span;
                next_wake = Some(next_wake.map_or(free_at, |w: f64| w.min(free_at)));
                continue;
            }
            sent.push_back(now);
            s.total_sent += 1;
            let e = &mut s.entries[i];
            e.in_flight = true;
            to_start.push((e.id, e.fetch.clone()));
        }
        if let Some(at) = next_wake {
            s.timer_generation = s.timer_generation.wrapping_add(1);
            let generation = s.timer_generation;
            let delay = (at - now).max(10.0) as u64;
            set_timeout(
                move || {
                    if SCHED.with(|s| s.borrow().timer_generation) == generation {
                        wake();
                    }
                },
                Duration::from_millis(delay),
            );
        }
    });
    apply(updates);
    for (id, fetch) in to_start {
        let fut = fetch();
        wasm_bindgen_futures::spawn_local(async move {
            // The view may have gone between this wake and the task's first turn (its entry is
            // removed on cleanup): its fetch would read values already disposed.
            if !SCHED.with(|s| s.borrow().entries.iter().any(|e| e.id == id)) {
                return;
            }
            let result = fut.await;
            finish(id, result);
        });
    }
}

/// Records how a fetch went and schedules the view's next one.
fn finish(id: u32, result: Result<(), ApiError>) {
    let now = now_ms();
    let mut updates = Updates::new();
    SCHED.with(|s| {
        let mut s = s.borrow_mut();
        let Some(e) = s.entries.iter_mut().find(|e| e.id == id) else {
            return;
        };
        e.in_flight = false;
        match result {
            Ok(()) => {
                e.failures = 0;
                e.next_due = now + e.every;
            }
            Err(err) => {
                e.failures = e.failures.saturating_add(1);
                let backoff = (e.every * 2f64.powi(e.failures.min(10) as i32)).min(MAX_BACKOFF_MS);
                let asked = err
                    .retry_delay(baton_core::Timestamp(crate::api::now()))
                    .map(|secs| secs as f64 * 1000.0);
                let wait = asked.map_or(backoff, |a| a.max(e.every));
                e.next_due = now + wait;
                let state = LiveState::Backoff {
                    error: err.message.clone(),
                    retry_secs: (wait / 1000.0).ceil() as u64,
                };
                if !e.paused && !e.done {
                    set_state(&mut updates, e, state);
                }
            }
        }
    });
    apply(updates);
    wake();
}

/// The visible live / paused switch of a live view, with why it is not live.
#[component]
pub fn LiveToggle(live: Live, #[prop(optional, into)] label: Option<String>) -> impl IntoView {
    let label = label.unwrap_or_else(|| "Live".into());
    let on_click = move |_| {
        if live.is_paused() {
            live.resume()
        } else {
            live.pause()
        }
    };
    let text = move || match live.state.get() {
        LiveState::Live => format!("● {label}"),
        LiveState::Paused => "❚❚ Paused".into(),
        LiveState::Hidden => "❚❚ Tab hidden".into(),
        LiveState::Backoff { retry_secs, .. } => format!("⟳ Retrying in {retry_secs} s"),
        LiveState::Done => "✓ Final".into(),
    };
    let title = move || match live.state.get() {
        LiveState::Live => "Updating by itself; click to pause".to_string(),
        LiveState::Paused => "Paused; click to update live again".into(),
        LiveState::Hidden => "Nothing is asked while this tab is hidden".into(),
        LiveState::Backoff { error, .. } => format!("The last update failed: {error}"),
        LiveState::Done => "This will not change any more".into(),
    };
    let class = move || match live.state.get() {
        LiveState::Live => "live-toggle on",
        LiveState::Backoff { .. } => "live-toggle bad",
        _ => "live-toggle off",
    };
    view! {
        <button
            class=class
            title=title
            aria-pressed=move || (live.state.get() == LiveState::Live).to_string()
            disabled=move || live.state.get() == LiveState::Done
            on:click=on_click
        >
            {text}
        </button>
    }
}
