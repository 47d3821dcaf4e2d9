//! "Show request": the exact HTTP call an action sends, as a `curl` command an operator can
//! paste (token masked), and the `cfy` command that does the same when the CLI has one.
//!
//! ```ignore
//! let api = use_api();
//! let curl = Signal::derive(move || curl_of(&api, &DeleteDeployment { id: id.get(), ..Default::default() }));
//! view! { <ShowRequest curl cfy=format!("cfy deployments delete {id}")/> }
//! ```
//! The request is built by the endpoint itself (`Endpoint::request`) with the signed-in session,
//! and printed by `baton_core::curl::to_curl`, so what is shown is what `api.call` sends.

use baton_core::{Credentials, Endpoint};
use leptos::prelude::*;

use crate::api::{session_for, Api};
use crate::components::copy_button;

/// `endpoint` as the `curl` command that sends it in the signed-in session (token masked).
pub fn curl_of<E: Endpoint>(api: &Api, endpoint: &E) -> String {
    let session = api.signed_in.with_untracked(|s| {
        s.as_ref().map(|s| {
            session_for(&s.target)
                .with_tenant(s.tenant.clone())
                .with_credentials(Credentials::Token(s.token.clone()))
        })
    });
    let session = session.unwrap_or_else(baton_core::Session::same_origin);
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    baton_core::curl::to_curl(&endpoint.request(&session), &origin)
}

/// A folded "Show request" section with the command(s) and copy buttons.
#[component]
pub fn ShowRequest(
    #[prop(into)] curl: Signal<String>,
    /// The equivalent CLI command, when the CLI has this action.
    #[prop(optional, into)]
    cfy: Option<Signal<String>>,
) -> impl IntoView {
    view! {
        <details class="show-request">
            <summary>"Show request"</summary>
            <div class="command">
                <div class="command-head"><span class="muted">"HTTP (curl)"</span>{copy_button(move || curl.get_untracked())}</div>
                <pre class="curl">{move || curl.get()}</pre>
            </div>
            {cfy.map(|c| view! {
                <div class="command">
                    <div class="command-head"><span class="muted">"CLI (cfy)"</span>{copy_button(move || c.get_untracked())}</div>
                    <pre class="cfy">{move || c.get()}</pre>
                </div>
            })}
        </details>
    }
    .into_any()
}
