//! The one place that turns an `Endpoint` into a future: picks the transport, adds the
//! session (tenant, token), and ends the session on 401 so the shell can send the operator
//! to sign in and back.

use baton_core::conductor::auth::DeleteToken;
use baton_core::{ApiError, Credentials, Endpoint, Request, Response, Session};
use leptos::prelude::*;

use crate::stored::{self, SignedIn, Target};

/// Shared by every page through context.
#[derive(Clone, Copy)]
pub struct Api {
    pub signed_in: RwSignal<Option<SignedIn>>,
    /// A message for the sign-in page (e.g. a token that could not be revoked on sign-out).
    pub notice: RwSignal<Option<String>>,
}

impl Api {
    pub fn new() -> Self {
        Api {
            signed_in: RwSignal::new(stored::load()),
            notice: RwSignal::new(None),
        }
    }

    /// Makes a call as the signed-in user in the current tenant.
    pub async fn call<E: Endpoint>(&self, endpoint: &E) -> Result<E::Output, ApiError> {
        let (target, request) = self.prepare(endpoint)?;
        self.finish(endpoint.parse(send(&target, request).await?))
    }

    /// Sends `endpoint` and returns its answer's JSON as the manager sent it, without reading
    /// it into a model (exports write what the manager said, and carry no per-model code).
    pub async fn call_json<E: Endpoint>(
        &self,
        endpoint: &E,
    ) -> Result<serde_json::Value, ApiError> {
        let (target, request) = self.prepare(endpoint)?;
        let response = send(&target, request).await?;
        self.finish(baton_core::conductor::error::parse_json(response))
    }

    /// Like [`Api::call`], reporting the request body's bytes sent and total as they go
    /// (`fetch` cannot, so HTTP goes through `XMLHttpRequest`). For uploads.
    pub async fn send_with_progress<E: Endpoint>(
        &self,
        endpoint: &E,
        on_progress: impl Fn(u64, u64) + 'static,
    ) -> Result<E::Output, ApiError> {
        let (target, request) = self.prepare(endpoint)?;
        let answer = match target {
            Target::Demo => {
                // No bytes travel to the in-tab demo manager: report the body handed over in
                // pieces, a turn of the event loop apart, so the operator sees the same bar.
                let total = request.body().len() as u64;
                let mut sent = 0;
                while sent < total {
                    sent = (sent + DEMO_PIECE).min(total);
                    on_progress(sent, total);
                    crate::components::next_tick().await;
                }
                demo::send(request).await?
            }
            Target::SameOrigin | Target::Url(_) => xhr_send(request, on_progress).await?,
        };
        self.finish(endpoint.parse(answer))
    }

    /// The request for `endpoint` with the session's tenant and token.
    fn prepare<E: Endpoint>(&self, endpoint: &E) -> Result<(Target, Request), ApiError> {
        let Some(s) = self.signed_in.get_untracked() else {
            return Err(ApiError::new(
                Some(401),
                "unauthorized_error",
                "You are signed out.",
            ));
        };
        endpoint.check()?;
        let session = session_for(&s.target)
            .with_tenant(s.tenant.clone())
            .with_credentials(Credentials::Token(s.token.clone()));
        Ok((s.target, endpoint.request(&session)))
    }

    /// Ends the session when the manager no longer accepts it.
    fn finish<T>(&self, result: Result<T, ApiError>) -> Result<T, ApiError> {
        if matches!(&result, Err(e) if e.is_unauthorized()) {
            self.sign_out();
        }
        result
    }

    pub fn sign_in(&self, s: SignedIn) {
        stored::save(&s);
        stored::remember_tenant(&s.target, &s.username, &s.tenant);
        self.signed_in.set(Some(s));
    }

    /// Forgets the session in this tab (the token is dead already, or the operator keeps it).
    pub fn sign_out(&self) {
        stored::clear();
        self.signed_in.set(None);
    }

    /// Signs out and deletes the session's token on the manager, so it cannot be used again:
    /// the token this console created at sign-in, or with `revoke_pasted` a token the operator
    /// pasted in. The tab forgets the session whatever the manager answers; a failed revoke is
    /// returned so the page can say so.
    pub async fn sign_out_revoking(&self, revoke_pasted: bool) -> Result<(), ApiError> {
        let Some(s) = self.signed_in.get_untracked() else {
            return Ok(());
        };
        let id = s.created_token_id.clone().or_else(|| {
            revoke_pasted
                .then(|| baton_core::conductor::access::token_id(&s.token).map(str::to_string))
                .flatten()
        });
        let result = match id {
            Some(id) => {
                let session = session_for(&s.target)
                    .with_tenant(s.tenant.clone())
                    .with_credentials(Credentials::Token(s.token.clone()));
                let delete = DeleteToken { id };
                match send(&s.target, delete.request(&session)).await {
                    Ok(r) => delete.parse(r),
                    Err(e) => Err(e),
                }
            }
            None if revoke_pasted => Err(ApiError::new(
                None,
                baton_core::error::client_codes::INVALID_INPUT,
                "This token's id cannot be read from its value; delete it from the manager's token list.",
            )),
            None => Ok(()),
        };
        self.sign_out();
        // A token that is already gone is what was wanted.
        match result {
            Err(e) if e.status == Some(404) || e.is_unauthorized() => Ok(()),
            other => other,
        }
    }

    pub fn switch_tenant(&self, tenant: String) {
        self.signed_in.update(|s| {
            if let Some(s) = s {
                if s.tenants.contains(&tenant) {
                    s.tenant = tenant;
                    stored::save(s);
                    stored::remember_tenant(&s.target, &s.username, &s.tenant);
                }
            }
        });
    }
}

impl Default for Api {
    fn default() -> Self {
        Self::new()
    }
}

pub fn use_api() -> Api {
    expect_context::<Api>()
}

/// A session with no credentials yet for `target`.
pub fn session_for(target: &Target) -> Session {
    match target {
        Target::Url(origin) => Session::at(origin),
        Target::Demo | Target::SameOrigin => Session::same_origin(),
    }
}

/// Sends a request to `target` and returns its answer; only a missing answer is an error here.
pub async fn send(target: &Target, request: Request) -> Result<Response, ApiError> {
    match target {
        Target::Demo => demo::send(request).await,
        Target::SameOrigin | Target::Url(_) => http_send(request).await,
    }
}

/// Codes for calls that ended on this side.
pub mod client_codes {
    /// The manager did not answer in time.
    pub const TIMEOUT: &str = "timeout";
    /// The operator cancelled the call.
    pub const CANCELLED: &str = "cancelled";
    /// An answer began but the connection dropped before its end.
    pub const CUT_OFF: &str = "answer_cut_off";
}

/// How long a call may take: reads are quick or something is wrong; writes may wait on the
/// manager's own work; archive transfers may be large.
fn timeout_for(request: &Request) -> std::time::Duration {
    let secs = if request.uri().path().ends_with("/archive") {
        600
    } else if request.method() == http::Method::GET {
        30
    } else {
        120
    };
    std::time::Duration::from_secs(secs)
}

/// Why a call in flight was aborted.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ended {
    Running,
    TimedOut,
    Cancelled,
}

/// A call in flight: its id, what aborts it, and why it ended.
type InFlight = (
    u32,
    web_sys::AbortController,
    std::rc::Rc<std::cell::Cell<Ended>>,
);

thread_local! {
    /// Calls in flight over HTTP, so "Cancel" can stop them.
    static IN_FLIGHT: std::cell::RefCell<Vec<InFlight>> =
        const { std::cell::RefCell::new(Vec::new()) };
    static NEXT_FLIGHT: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// One HTTP call in flight. Dropping it (a view asked for something newer and dropped the old
/// future) aborts the request, so a superseded call never holds a connection or its answer.
struct Flight {
    id: u32,
    controller: web_sys::AbortController,
    ended: std::rc::Rc<std::cell::Cell<Ended>>,
    timer: Option<TimeoutHandle>,
    finished: bool,
}

impl Flight {
    fn start(timeout: std::time::Duration) -> Option<Flight> {
        let controller = web_sys::AbortController::new().ok()?;
        let ended = std::rc::Rc::new(std::cell::Cell::new(Ended::Running));
        let id = NEXT_FLIGHT.with(|n| {
            n.set(n.get().wrapping_add(1));
            n.get()
        });
        IN_FLIGHT.with(|f| f.borrow_mut().push((id, controller.clone(), ended.clone())));
        let (c, e) = (controller.clone(), ended.clone());
        let timer = set_timeout_with_handle(
            move || {
                if e.get() == Ended::Running {
                    e.set(Ended::TimedOut);
                    c.abort();
                }
            },
            timeout,
        )
        .ok();
        Some(Flight {
            id,
            controller,
            ended,
            timer,
            finished: false,
        })
    }

    /// The error for a call that failed: what ended it, in words.
    fn error(&self, timeout: std::time::Duration, cause: String, status: Option<u16>) -> ApiError {
        match self.ended.get() {
            Ended::TimedOut => ApiError::new(
                status,
                client_codes::TIMEOUT,
                format!(
                    "The manager did not answer within {} s. It may be overloaded or unreachable; try again.",
                    timeout.as_secs()
                ),
            ),
            Ended::Cancelled => ApiError::new(
                status,
                client_codes::CANCELLED,
                "You cancelled this request before the manager answered.",
            ),
            Ended::Running => match status {
                Some(s) => ApiError::new(
                    Some(s),
                    client_codes::CUT_OFF,
                    format!("The answer was cut off: the manager began answering (HTTP {s}) but the connection dropped before the end ({cause})."),
                ),
                None => ApiError::network(format!(
                    "The manager could not be reached ({cause}). Check the address, that it is running, and — for a manager on another origin — that it allows this page (CORS) or is reached through the proxy."
                )),
            },
        }
    }
}

impl Drop for Flight {
    fn drop(&mut self) {
        if let Some(t) = self.timer.take() {
            t.clear();
        }
        IN_FLIGHT.with(|f| f.borrow_mut().retain(|(id, _, _)| *id != self.id));
        if !self.finished {
            self.controller.abort();
        }
    }
}

/// Stops every call still waiting for the manager; each ends with a "cancelled" error the
/// page shows with a Retry.
pub fn cancel_waiting() {
    let flights: Vec<_> = IN_FLIGHT.with(|f| f.borrow().clone());
    for (_, controller, ended) in flights {
        if ended.get() == Ended::Running {
            ended.set(Ended::Cancelled);
            controller.abort();
        }
    }
}

/// How many calls are waiting for the manager.
pub fn calls_waiting() -> usize {
    IN_FLIGHT.with(|f| f.borrow().len())
}

async fn http_send(request: Request) -> Result<Response, ApiError> {
    use gloo_net::http::RequestBuilder;
    let timeout = timeout_for(&request);
    let mut flight = Flight::start(timeout);
    let (parts, body) = request.into_parts();
    let mut builder = RequestBuilder::new(&parts.uri.to_string())
        .method(parts.method.clone())
        .abort_signal(flight.as_ref().map(|f| f.controller.signal()).as_ref());
    for (name, value) in parts.headers.iter() {
        // fetch sends each char of a header string (all within U+00FF) as one byte, so the
        // bytes the core chose (a Latin-1 tenant name, say) go out unchanged.
        let v: String = value.as_bytes().iter().map(|&b| char::from(b)).collect();
        builder = builder.header(name.as_str(), &v);
    }
    let fail = |flight: &Option<Flight>, cause: String, status: Option<u16>| match flight {
        Some(f) => f.error(timeout, cause, status),
        None => ApiError::network(cause),
    };
    let sent = if body.is_empty() {
        builder.send().await
    } else {
        let bytes = js_sys::Uint8Array::from(body.as_slice());
        match builder.body(bytes) {
            Ok(req) => req.send().await,
            Err(e) => return Err(fail(&flight, e.to_string(), None)),
        }
    };
    let answer = sent.map_err(|e| fail(&flight, e.to_string(), None))?;
    let status = answer.status();
    let mut response = http::Response::builder().status(status);
    for (name, value) in answer.headers().entries() {
        response = response.header(name, value);
    }
    let bytes = answer
        .binary()
        .await
        .map_err(|e| fail(&flight, e.to_string(), Some(status)))?;
    if let Some(f) = flight.as_mut() {
        f.finished = true;
    }
    response
        .body(bytes)
        .map_err(|e| ApiError::network(e.to_string()))
}

/// How much body the demo transport reports per step.
const DEMO_PIECE: u64 = 64 * 1024;

fn unreachable(e: impl std::fmt::Display) -> ApiError {
    ApiError::network(format!(
        "The manager could not be reached ({e}). Check the address, that it is running, and — for a manager on another origin — that it allows this page (CORS) or is reached through the proxy."
    ))
}

/// Sends through `XMLHttpRequest`, whose `upload.onprogress` reports the bytes sent.
async fn xhr_send(
    request: Request,
    on_progress: impl Fn(u64, u64) + 'static,
) -> Result<Response, ApiError> {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    use web_sys::{ProgressEvent, XmlHttpRequest, XmlHttpRequestResponseType};

    let (parts, body) = request.into_parts();
    let xhr = XmlHttpRequest::new().map_err(|e| ApiError::network(format!("{e:?}")))?;
    xhr.open(parts.method.as_str(), &parts.uri.to_string())
        .map_err(|e| ApiError::network(format!("{e:?}")))?;
    for (name, value) in parts.headers.iter() {
        if let Ok(v) = value.to_str() {
            let _ = xhr.set_request_header(name.as_str(), v);
        }
    }
    xhr.set_response_type(XmlHttpRequestResponseType::Arraybuffer);
    let progress = Closure::<dyn Fn(ProgressEvent)>::new(move |ev: ProgressEvent| {
        if ev.length_computable() {
            on_progress(ev.loaded() as u64, ev.total() as u64);
        }
    });
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
    }
    // Settles on load (any HTTP status) or on a network failure.
    let done = js_sys::Promise::new(&mut |resolve, reject| {
        xhr.set_onload(Some(&resolve));
        xhr.set_onerror(Some(&reject));
        xhr.set_onabort(Some(&reject));
        xhr.set_ontimeout(Some(&reject));
    });
    let sent = if body.is_empty() {
        xhr.send()
    } else {
        xhr.send_with_opt_u8_array(Some(body.as_slice()))
    };
    sent.map_err(|e| unreachable(format!("{e:?}")))?;
    let outcome = wasm_bindgen_futures::JsFuture::from(done).await;
    drop(progress);
    outcome.map_err(|_| unreachable("the upload was interrupted"))?;
    let status = xhr
        .status()
        .map_err(|e| ApiError::network(format!("{e:?}")))?;
    let mut response = http::Response::builder().status(status);
    for line in xhr
        .get_all_response_headers()
        .unwrap_or_default()
        .split("\r\n")
    {
        if let Some((name, value)) = line.split_once(':') {
            response = response.header(name.trim(), value.trim());
        }
    }
    let bytes = xhr
        .response()
        .ok()
        .filter(|v| !v.is_null() && !v.is_undefined())
        .map(|v| js_sys::Uint8Array::new(&v).to_vec())
        .unwrap_or_default();
    response
        .body(bytes)
        .map_err(|e| ApiError::network(e.to_string()))
}

/// The current UTC time, from the browser's clock.
pub fn now() -> chrono::NaiveDateTime {
    let ms = js_sys::Date::now() as i64;
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|d| d.naive_utc())
        .unwrap_or_default()
}

/// Whether the demo manager starts with the large data set (10,000 deployments across 50
/// blueprints): asked for with `?demo=large` on any page (the sign-in page, typically), and
/// remembered for the tab's later reloads until `?demo=normal`.
#[cfg(any(feature = "demo", feature = "demo-worker"))]
fn large_demo() -> bool {
    const KEY: &str = "baton.demo-size";
    let Some(w) = web_sys::window() else {
        return false;
    };
    let search = w.location().search().unwrap_or_default();
    let store = w.session_storage().ok().flatten();
    let asked = baton_core::Query::decode(search.trim_start_matches('?'))
        .get("demo")
        .map(str::to_string);
    if let (Some(size), Some(store)) = (&asked, &store) {
        let _ = store.set_item(KEY, size);
    }
    asked
        .or_else(|| store.and_then(|s| s.get_item(KEY).ok().flatten()))
        .is_some_and(|s| s == "large")
}

#[cfg(feature = "demo")]
pub mod demo {
    //! The built-in demo manager, one per browser tab.
    use std::cell::RefCell;

    use baton_core::{ApiError, Request, Response};
    use baton_sim::DemoManager;

    thread_local! {
        static MANAGER: RefCell<Option<DemoManager>> = const { RefCell::new(None) };
        /// `METHOD path?query` of every request sent, oldest first (tests count them).
        static SENT: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    }

    /// The requests sent to the demo manager since the last call, as `METHOD path?query`;
    /// clears the record.
    pub fn take_requests_sent() -> Vec<String> {
        SENT.with(|s| std::mem::take(&mut *s.borrow_mut()))
    }

    /// Runs `f` on the tab's demo manager (built on first use).
    pub fn with_manager<R>(f: impl FnOnce(&mut DemoManager) -> R) -> R {
        MANAGER.with(|m| {
            f(m.borrow_mut()
                .get_or_insert_with(|| DemoManager::demo_sized(super::large_demo())))
        })
    }

    pub async fn send(request: Request) -> Result<Response, ApiError> {
        SENT.with(|s| {
            s.borrow_mut()
                .push(format!("{} {}", request.method(), request.uri()))
        });
        // Answer on a later turn of the event loop, like a real network call would.
        crate::components::next_tick().await;
        Ok(with_manager(|m| m.handle(&request, super::now())))
    }

    pub const AVAILABLE: bool = true;
}

#[cfg(all(feature = "demo-worker", not(feature = "demo")))]
pub mod demo {
    //! The built-in demo manager, running in a Web Worker that only demo mode starts: the
    //! console's own bundle stays free of it. Requests and answers cross as JSON text.
    use std::cell::{Cell, RefCell};
    use std::collections::HashMap;

    use baton_core::{wire, ApiError, Request, Response};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    /// The worker's loader, written by Trunk next to `index.html` (workers are not hashed).
    const LOADER: &str = "/baton-demo_loader.js";

    thread_local! {
        static WORKER: RefCell<Option<web_sys::Worker>> = const { RefCell::new(None) };
        static PENDING: RefCell<HashMap<u32, js_sys::Function>> = RefCell::new(HashMap::new());
        static NEXT_ID: Cell<u32> = const { Cell::new(1) };
        /// Requests written before the worker said it listens.
        static QUEUED: RefCell<Option<Vec<String>>> = const { RefCell::new(Some(Vec::new())) };
    }

    /// Sends now if the worker listens, or once it says so.
    fn post(worker: &web_sys::Worker, message: String) -> Result<(), JsValue> {
        let held = QUEUED.with(|q| match q.borrow_mut().as_mut() {
            Some(queue) => {
                queue.push(message.clone());
                true
            }
            None => false,
        });
        if held {
            Ok(())
        } else {
            worker.post_message(&JsValue::from_str(&message))
        }
    }

    fn start() -> Result<web_sys::Worker, ApiError> {
        // The worker builds the large data set when its URL says so.
        let url = if super::large_demo() {
            format!("{LOADER}?large")
        } else {
            LOADER.to_string()
        };
        let worker = web_sys::Worker::new(&url)
            .map_err(|e| ApiError::network(format!("The demo manager could not start: {e:?}")))?;
        let on_message =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|ev: web_sys::MessageEvent| {
                let Some(text) = ev.data().as_string() else {
                    return;
                };
                if text == "ready" {
                    let queued = QUEUED.with(|q| q.borrow_mut().take()).unwrap_or_default();
                    if let Some(w) = WORKER.with(|w| w.borrow().clone()) {
                        for message in queued {
                            let _ = w.post_message(&JsValue::from_str(&message));
                        }
                    }
                    return;
                }
                let Some(id) = serde_json::from_str::<serde_json::Value>(&text)
                    .ok()
                    .and_then(|v| v.get("id")?.as_u64())
                else {
                    return;
                };
                if let Some(resolve) = PENDING.with(|p| p.borrow_mut().remove(&(id as u32))) {
                    let _ = resolve.call1(&JsValue::NULL, &JsValue::from_str(&text));
                }
            });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        // A worker that fails to load fails every call waiting on it, instead of hanging them.
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(|_ev: web_sys::Event| {
            let waiting: Vec<js_sys::Function> =
                PENDING.with(|p| p.borrow_mut().drain().map(|(_, f)| f).collect());
            for resolve in waiting {
                let _ = resolve.call1(&JsValue::NULL, &JsValue::NULL);
            }
            WORKER.with(|w| w.borrow_mut().take());
            QUEUED.with(|q| *q.borrow_mut() = Some(Vec::new()));
        });
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        on_error.forget();
        Ok(worker)
    }

    pub async fn send(request: Request) -> Result<Response, ApiError> {
        let worker = match WORKER.with(|w| w.borrow().clone()) {
            Some(w) => w,
            None => {
                let w = start()?;
                WORKER.with(|slot| *slot.borrow_mut() = Some(w.clone()));
                w
            }
        };
        let id = NEXT_ID.with(|n| {
            let id = n.get();
            n.set(id.wrapping_add(1).max(1));
            id
        });
        let answer = js_sys::Promise::new(&mut |resolve, _reject| {
            PENDING.with(|p| p.borrow_mut().insert(id, resolve));
        });
        post(&worker, wire::encode_request(id, &request))
            .map_err(|e| ApiError::network(format!("The demo manager is not answering: {e:?}")))?;
        let text = wasm_bindgen_futures::JsFuture::from(answer)
            .await
            .ok()
            .and_then(|v| v.as_string())
            .ok_or_else(|| {
                ApiError::network("The demo manager stopped; reload the page to start it again.")
            })?;
        wire::decode_response(&text)
            .map(|(_, r)| r)
            .map_err(ApiError::network)
    }

    pub const AVAILABLE: bool = true;
}

#[cfg(not(any(feature = "demo", feature = "demo-worker")))]
pub mod demo {
    use baton_core::{ApiError, Request, Response};

    pub async fn send(_request: Request) -> Result<Response, ApiError> {
        Err(ApiError::network(
            "This build of Baton has no built-in demo manager.",
        ))
    }

    pub const AVAILABLE: bool = false;
}
