//! The signed-in user's API tokens (an admin sees everyone's): what exists, when it expires,
//! when it was last used, and revoking one. Console sign-ins create tokens; revoking the stale
//! ones keeps them from piling up valid.

use baton_core::conductor::access;
use baton_core::conductor::auth::{DeleteToken, ListTokens, Token};
use baton_core::SortKey;
use leptos::prelude::*;

use crate::api::use_api;
use crate::components::table::{Column, ListSpec, ResourceList};
use crate::permissions::guard;

fn when(t: Option<baton_core::Timestamp>) -> AnyView {
    view! { <crate::components::clock::When t/> }.into_any()
}

/// The revoke button of one token; the session's own token is marked instead.
fn revoke_cell(t: &Token) -> AnyView {
    let api = use_api();
    let id = t.id.clone().unwrap_or_default();
    let current = api.signed_in.with_untracked(|s| {
        s.as_ref().is_some_and(|s| {
            s.created_token_id.as_deref() == Some(id.as_str())
                || access::token_id(&s.token) == Some(id.as_str())
        })
    });
    if current {
        return view! { <span class="badge neutral">"this session"</span> }.into_any();
    }
    let state = RwSignal::new(None::<Result<(), String>>);
    let busy = RwSignal::new(false);
    let revoke = move |_| {
        let id = id.clone();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let r = api.call(&DeleteToken { id }).await;
            state.set(Some(r.map_err(|e| format!("{} ({})", e.message, e.code))));
            busy.set(false);
        });
    };
    view! {
        {move || match state.get() {
            Some(Ok(())) => view! { <span class="badge bad">"revoked"</span> }.into_any(),
            other => view! {
                <button class="button small" disabled=move || busy.get() use:guard="delete_token" on:click=revoke.clone()>"Revoke"</button>
                {other.and_then(Result::err).map(|m| view! { <span class="field-error" role="alert">{m}</span> })}
            }.into_any(),
        }}
    }
    .into_any()
}

fn columns() -> Vec<Column<Token>> {
    vec![
        Column {
            label: "Description",
            sort: Some("description"),
            fields: &["id", "description"],
            cell: |t| {
                let (d, id) = (
                    t.description.clone().unwrap_or_default(),
                    t.id.clone().unwrap_or_default(),
                );
                view! { <span class="name">{d}</span><div class="sub mono">{id}</div> }.into_any()
            },
        },
        Column {
            label: "User",
            sort: Some("username"),
            fields: &["username"],
            cell: |t| view! { <span>{t.username.clone().unwrap_or_default()}</span> }.into_any(),
        },
        Column {
            label: "Expires",
            sort: Some("expiration_date"),
            fields: &["expiration_date"],
            cell: |t| when(t.expiration_date),
        },
        Column {
            label: "Last used",
            sort: Some("last_used"),
            fields: &["last_used"],
            cell: |t| when(t.last_used),
        },
        Column {
            label: "Actions",
            sort: None,
            fields: &["id", "value"],
            cell: revoke_cell,
        },
    ]
}

#[component]
pub fn TokensPage() -> impl IntoView {
    let spec = ListSpec {
        noun: "tokens",
        path: "/tokens",
        default_sort: || SortKey::desc("expiration_date"),
        columns: columns(),
        filters: &["username"],
        search_names: false,
        endpoint: |query| ListTokens { query },
        placeholder: "Search tokens",
    };
    view! {
        <h1>"API tokens"</h1>
        <p class="muted">"Each password sign-in to Baton creates a 10-hour token; signing out revokes it. Revoke any token you no longer use."</p>
        <ResourceList spec=spec/>
    }
}
