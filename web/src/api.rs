//! The one place that turns an `Endpoint` into a future: picks the transport, adds the
//! session (tenant, token), and ends the session on 401 so the shell can send the operator
//! to sign in and back.

use baton_core::{ApiError, Credentials, Endpoint, Request, Response, Session};
use leptos::prelude::*;

use crate::stored::{self, SignedIn, Target};

/// Shared by every page through context.
#[derive(Clone, Copy)]
pub struct Api {
    pub signed_in: RwSignal<Option<SignedIn>>,
}

impl Api {
    pub fn new() -> Self {
        Api {
            signed_in: RwSignal::new(stored::load()),
        }
    }

    /// Makes a call as the signed-in user in the current tenant.
    pub async fn call<E: Endpoint>(&self, endpoint: &E) -> Result<E::Output, ApiError> {
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
        let result = endpoint.parse(send(&s.target, endpoint.request(&session)).await?);
        if matches!(&result, Err(e) if e.is_unauthorized()) {
            self.sign_out();
        }
        result
    }

    pub fn sign_in(&self, s: SignedIn) {
        stored::save(&s);
        self.signed_in.set(Some(s));
    }

    pub fn sign_out(&self) {
        stored::clear();
        self.signed_in.set(None);
    }

    pub fn switch_tenant(&self, tenant: String) {
        self.signed_in.update(|s| {
            if let Some(s) = s {
                s.tenant = tenant;
                stored::save(s);
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

async fn http_send(request: Request) -> Result<Response, ApiError> {
    use gloo_net::http::RequestBuilder;
    let (parts, body) = request.into_parts();
    let mut builder = RequestBuilder::new(&parts.uri.to_string()).method(parts.method.clone());
    for (name, value) in parts.headers.iter() {
        // fetch sends each char of a header string (all within U+00FF) as one byte, so the
        // bytes the core chose (a Latin-1 tenant name, say) go out unchanged.
        let v: String = value.as_bytes().iter().map(|&b| char::from(b)).collect();
        builder = builder.header(name.as_str(), &v);
    }
    let sent = if body.is_empty() {
        builder.send().await
    } else {
        let bytes = js_sys::Uint8Array::from(body.as_slice());
        match builder.body(bytes) {
            Ok(req) => req.send().await,
            Err(e) => return Err(ApiError::network(e.to_string())),
        }
    };
    let answer = sent.map_err(|e| {
        ApiError::network(format!(
            "The manager could not be reached ({e}). Check the address, that it is running, and — for a manager on another origin — that it allows this page (CORS) or is reached through the proxy."
        ))
    })?;
    let mut response = http::Response::builder().status(answer.status());
    for (name, value) in answer.headers().entries() {
        response = response.header(name, value);
    }
    let bytes = answer
        .binary()
        .await
        .map_err(|e| ApiError::network(e.to_string()))?;
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

#[cfg(feature = "demo")]
pub mod demo {
    //! The built-in demo manager, one per browser tab.
    use std::cell::RefCell;

    use baton_core::{ApiError, Request, Response};
    use baton_sim::DemoManager;

    thread_local! {
        static MANAGER: RefCell<Option<DemoManager>> = const { RefCell::new(None) };
    }

    /// Runs `f` on the tab's demo manager (built on first use).
    pub fn with_manager<R>(f: impl FnOnce(&mut DemoManager) -> R) -> R {
        MANAGER.with(|m| f(m.borrow_mut().get_or_insert_with(DemoManager::demo)))
    }

    pub async fn send(request: Request) -> Result<Response, ApiError> {
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
        let worker = web_sys::Worker::new(LOADER)
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
