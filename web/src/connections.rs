//! The operator's connections to other managers (Imply, Lyve, SailPoint, CDM), shared by the
//! Clusters overview and each provider's pages: kept in this tab only (session storage, the
//! token but never a secret), and one way to send a provider's endpoint through one of them.

use baton_core::cloud::ProviderKind;
use baton_core::connections::{sign_in, token_from, Connection, FromConnection, Secret, SignIn};
use baton_core::endpoint::Endpoint;
use baton_core::{ApiError, Request, Response};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

const KEY: &str = "baton.connections";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// Every connection of this tab.
pub fn load() -> Vec<Connection> {
    storage()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .and_then(|raw| serde_json::from_str(&raw).ok())
        .unwrap_or_default()
}

pub fn save(all: &[Connection]) {
    if let (Some(s), Ok(raw)) = (storage(), serde_json::to_string(all)) {
        let _ = s.set_item(KEY, &raw);
    }
}

/// The connection with this id, if it is still there.
pub fn find(id: &str) -> Option<Connection> {
    load().into_iter().find(|c| c.id == id)
}

/// Replaces one connection (after a new sign-in, a rename).
pub fn store(conn: Connection) {
    let mut all = load();
    match all.iter_mut().find(|c| c.id == conn.id) {
        Some(c) => *c = conn,
        None => all.push(conn),
    }
    save(&all);
}

/// Sends a request of a connection: the demo managers (in the worker or the page) when the
/// path is theirs and this build has them, HTTP otherwise (same origin, a proxy path, or
/// another origin).
pub async fn send(request: Request) -> Result<Response, ApiError> {
    if crate::api::demo::AVAILABLE
        && request
            .uri()
            .path()
            .starts_with(baton_core::connections::DEMO_MOUNT)
    {
        return crate::api::demo::send(request).await;
    }
    crate::api::send(&crate::stored::Target::SameOrigin, request).await
}

/// Signs `conn` in with `secret` and returns it with its token.
pub async fn connect(mut conn: Connection, secret: Secret) -> Result<Connection, ApiError> {
    let token = match sign_in(&conn, &secret)? {
        SignIn::Ready(t) => t,
        SignIn::Exchange(req) => token_from(conn.kind, send(*req).await?)?,
    };
    conn.token = Some(token);
    Ok(conn)
}

/// What the console adds to an error that means the connection's token expired: the secret is
/// never kept, so only the operator can renew it.
pub const EXPIRED_HINT: &str = "The sign-in of this connection has expired: sign in again on the Clusters page (Add a connection, same name).";

/// Sends `endpoint` through `conn` and reads its answer. An expired token is said as such.
pub async fn call<S, E>(conn: &Connection, endpoint: &E) -> Result<E::Output, ApiError>
where
    S: FromConnection,
    E: Endpoint<S>,
{
    endpoint.check()?;
    let request = endpoint.request(&S::from_connection(conn));
    let answer = send(request).await?;
    endpoint.parse(answer).map_err(|mut e| {
        if S::RENEW.matches(&e) {
            e.message = format!("{} {EXPIRED_HINT}", e.message);
        }
        e
    })
}

/// The connection named by the route's `:conn`, if it exists and is of `kind`; otherwise a
/// message for the page (the tab was reopened, or the link came from another tab).
pub fn from_route(kind: ProviderKind) -> Result<Connection, String> {
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("conn").unwrap_or_default());
    match find(&id) {
        Some(c) if c.kind == kind && c.token.is_some() => Ok(c),
        Some(c) if c.kind != kind => Err(format!(
            "Connection “{id}” is for {}, not {}.",
            c.kind.label(),
            kind.label()
        )),
        Some(_) => Err(format!("Connection “{id}” is not signed in.")),
        None => Err(format!(
            "No connection “{id}” in this tab: connections live in the tab that made them."
        )),
    }
}

/// What a provider page shows when its connection is missing: the reason and the way back.
pub fn missing(reason: String) -> AnyView {
    view! {
        <div class="error" role="alert">
            <p>{reason}</p>
            <p><a href="/clusters">"Go to Clusters to connect"</a></p>
        </div>
    }
    .into_any()
}

/// The path of a provider page of `conn` (`/imply/c1`, `/imply/c1/clusters/<id>`): ids encoded.
pub fn path(conn: &Connection, rest: &[&str]) -> String {
    let mut p = format!(
        "/{}/{}",
        conn.kind.slug(),
        baton_core::session::segment(&conn.id)
    );
    for r in rest {
        p.push('/');
        p.push_str(&baton_core::session::segment(r));
    }
    p
}

/// The message under a provider form's field `target`, when the form's error names it.
pub fn field_message(
    error: RwSignal<Option<baton_core::cloud::FieldError>>,
    target: &'static str,
) -> impl IntoView {
    move || {
        error
            .with(|e| {
                e.as_ref()
                    .filter(|e| e.target == target)
                    .map(|e| e.message.clone())
            })
            .map(|m| view! { <p class="field-error" role="alert" id=format!("{target}-error")>{m}</p> })
    }
}

/// A provider page's URL with its query replaced by `params` (empty values left out).
pub fn with_query(path: &str, params: &[(&str, String)]) -> String {
    let changes: Vec<(&str, Option<String>)> = params
        .iter()
        .map(|(k, v)| (*k, (!v.is_empty()).then(|| v.clone())))
        .collect();
    crate::components::cloud_page::with_query(path, "", &changes)
}
