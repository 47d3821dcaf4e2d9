//! The signed-in user's API tokens (an admin sees everyone's): what exists, when it expires,
//! when it was last used, creating one (description, expiry; its value shown once) and
//! revoking one. Console sign-ins create tokens; revoking the stale ones keeps them from piling
//! up valid.

use baton_core::conductor::access;
use std::cell::RefCell;

use baton_core::conductor::auth::{CreateToken, DeleteToken, ListTokens, Token};
use baton_core::SortKey;
use leptos::prelude::*;
use serde_json::json;

use crate::api::use_api;
use crate::components::form::create::{text, CreateForm};
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

thread_local! {
    /// The token just created, handed from the form's send to the page (the form's `send` is a
    /// plain function). Its value lives only here and in the page, never in storage or the URL.
    static CREATED: RefCell<Option<Token>> = const { RefCell::new(None) };
}

fn new_token_schema() -> serde_json::Value {
    json!({
        "description": {"type": "string", "display_label": "Description",
            "description": "What the token is for (the list shows it)."},
        "expiration_date": {"type": "string", "display_label": "Expires",
            "description": "A UTC time (2026-12-31 18:00) or a time from now (+10h, +30d); empty: never."},
    })
}

/// The new token's value, once, with a copy button and the warning that it is not shown again.
fn created_view(created: RwSignal<Option<Token>>) -> AnyView {
    view! {
        {move || created.get().map(|t| {
            let value = t.value.clone().unwrap_or_default();
            let copy = value.clone();
            view! {
                <section class="card new-token" role="status" aria-label="New token">
                    <p><strong>"Copy this token now: the manager never shows its value again."</strong></p>
                    <p><code class="mono token-value">{value}</code>" "{crate::components::copy_button(move || copy.clone())}</p>
                    <p class="muted">{t.description.clone().unwrap_or_default()}</p>
                    <button class="button" on:click=move |_| created.set(None)>"Done, hide it"</button>
                </section>
            }
        })}
    }
    .into_any()
}

#[component]
pub fn TokensPage() -> impl IntoView {
    let spec = || ListSpec {
        noun: "tokens",
        path: "/tokens",
        default_sort: || SortKey::desc("expiration_date"),
        columns: columns(),
        filters: &["username"],
        search_names: false,
        endpoint: |query| ListTokens { query },
        placeholder: "Search tokens",
    };
    let creating = RwSignal::new(false);
    let created = RwSignal::new(None::<Token>);
    // The list asks again after a token is created.
    let generation = RwSignal::new(0u32);
    let finished = Callback::new(move |_| {
        creating.set(false);
        if let Some(t) = CREATED.with(|c| c.borrow_mut().take()) {
            created.set(Some(t));
            generation.update(|n| *n += 1);
        }
    });
    view! {
        <div class="page-head">
            <h1>"API tokens"</h1>
            <span class="spacer"></span>
            <button class="button accent" use:guard="create_token" on:click=move |_| creating.set(true)>"New token"</button>
        </div>
        <p class="muted">"Each password sign-in to Baton creates a 10-hour token; signing out revokes it. Revoke any token you no longer use."</p>
        {created_view(created)}
        <Show when=move || creating.get()>
            <CreateForm title="New token" schema=new_token_schema() submit_label="Create token"
                send=|api, values| Box::pin(async move {
                    let t = api.call(&CreateToken {
                        description: text(&values, "description"),
                        expiration_date: text(&values, "expiration_date"),
                    }).await?;
                    let id = t.id.clone().unwrap_or_default();
                    CREATED.with(|c| *c.borrow_mut() = Some(t));
                    Ok(format!("Token {id} created."))
                })
                place=|e, form| e.status == Some(400) && (e.message.contains("xpiration") || e.message.contains("time format")) && form.set_field_error("expiration_date", &e.message)
                done=finished/>
        </Show>
        {move || { generation.track(); view! { <ResourceList spec=spec()/> } }}
    }
}
