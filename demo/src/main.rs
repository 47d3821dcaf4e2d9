//! The demo manager's Web Worker: each message is a request (see `baton_core::wire`), each
//! reply the answer of the demo manager (`baton_sim`). The manager is built on the first request and lives as long as
//! the tab.

use std::cell::RefCell;

use baton_core::wire;
use baton_sim::DemoManager;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

thread_local! {
    static MANAGER: RefCell<Option<DemoManager>> = const { RefCell::new(None) };
}

/// What the worker says once it listens.
const READY: &str = "ready";

fn now() -> chrono::NaiveDateTime {
    chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64)
        .map(|d| d.naive_utc())
        .unwrap_or_default()
}

fn answer(text: &str) -> Option<String> {
    let (id, request) = wire::decode_request(text).ok()?;
    let response = MANAGER.with(|m| {
        m.borrow_mut()
            .get_or_insert_with(DemoManager::demo)
            .handle(&request, now())
    });
    Some(wire::encode_response(id, &response))
}

fn main() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        // A message that is not a request has no id to answer; the console times nothing out
        // on it because it never sends one.
        if let Some(reply) = ev.data().as_string().and_then(|t| answer(&t)) {
            let _ = reply_to.post_message(&JsValue::from_str(&reply));
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    // Messages that arrived while the wasm loaded found no handler; the console holds its
    // requests until it hears this.
    let _ = scope.post_message(&JsValue::from_str(READY));
}
