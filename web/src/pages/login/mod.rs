//! Sign in: choose a manager, sign in with a password or a token, get the tenants.

use baton_core::conductor::access;
use baton_core::conductor::auth::{CreateToken, GetCurrentUser};
use baton_core::conductor::manager::GetVersion;
use baton_core::conductor::tenants::ListTenants;
use baton_core::{ApiError, Credentials, Endpoint, ListQuery, Session};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::{self, send, session_for, use_api};
use crate::components::ErrorView;
use crate::stored::{self, SignedIn, Target};

/// How long a console sign-in lasts, like the official console's.
const TOKEN_LIFETIME: &str = "+10h";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Choice {
    Demo,
    SameOrigin,
    Url,
}

/// Only a path inside the console may be returned to after sign-in.
pub fn safe_next(next: Option<String>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/login") => n,
        _ => "/deployments".into(),
    }
}

async fn call<E: Endpoint>(
    target: &Target,
    session: &Session,
    e: &E,
) -> Result<E::Output, ApiError> {
    e.parse(send(target, e.request(session)).await?)
}

/// Signs in and gathers what the console needs: a token, the user, and the tenants the user
/// may work in.
async fn sign_in(target: Target, credentials: Credentials) -> Result<SignedIn, ApiError> {
    let base = session_for(&target);
    let (token, created_token_id) = match &credentials {
        Credentials::Token(t) => (t.clone(), None),
        _ => {
            let create = CreateToken {
                description: Some("Baton console".into()),
                expiration_date: Some(TOKEN_LIFETIME.into()),
            };
            let t = call(
                &target,
                &base.clone().with_credentials(credentials.clone()),
                &create,
            )
            .await?;
            let value = t
                .value
                .ok_or_else(|| ApiError::invalid_response(200, "the new token has no value"))?;
            (value, t.id)
        }
    };
    let authed = base.with_credentials(Credentials::Token(token.clone()));
    let user = call(&target, &authed, &GetCurrentUser::default()).await?;
    // Only an admin may use tenants it is not a member of; only then is the full list asked
    // for (a community manager lists every tenant to everyone).
    let mut listed = Vec::new();
    if user.is_admin() {
        let probe = authed.clone().with_tenant(
            user.tenant_names()
                .first()
                .cloned()
                .unwrap_or_else(|| access::DEFAULT_TENANT.into()),
        );
        let all = ListTenants {
            query: ListQuery::new().include(["name"]).page(1000, 0),
            get_data: false,
        };
        if let Ok(page) = call(&target, &probe, &all).await {
            listed = page.items.into_iter().map(|t| t.name).collect();
        }
    }
    let tenants = access::usable_tenants(&user, &listed);
    let last = stored::last_tenant(&target, &user.username);
    let Some(tenant) = access::starting_tenant(&tenants, last.as_deref()) else {
        return Err(ApiError::new(
            Some(403),
            "forbidden_error",
            format!(
                "User `{}` belongs to no tenant; ask an administrator to add you to one.",
                user.username
            ),
        ));
    };
    let tenant_roles = match &user.tenants {
        Some(baton_core::conductor::auth::CountOr::Data(map)) => map
            .iter()
            .map(|(t, r)| {
                let mut roles = r.roles.clone();
                roles.extend(r.tenant_role.clone());
                (t.clone(), roles)
            })
            .collect(),
        _ => Default::default(),
    };
    Ok(SignedIn {
        target,
        token,
        tenant_roles,
        username: user.username,
        role: user.role.unwrap_or_default(),
        tenant,
        tenants,
        created_token_id,
    })
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let api = use_api();
    let navigate = use_navigate();
    let query = use_query_map();
    let choice = RwSignal::new(if api::demo::AVAILABLE {
        Choice::Demo
    } else {
        Choice::SameOrigin
    });
    let url = RwSignal::new(String::new());
    let use_token = RwSignal::new(false);
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let token = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let field_error = RwSignal::new(None::<(&'static str, String)>);
    let busy = RwSignal::new(false);

    // With a demo manager built in, a manager that serves this page (`trunk serve` proxying
    // one) answers /version with JSON (401 without credentials): then it is the sensible
    // default. The production console is always hosted behind a manager, so it picks that
    // one without a probe whose 401 the browser would log on every visit.
    Effect::new(move |_| {
        if !api::demo::AVAILABLE {
            return;
        }
        leptos::task::spawn_local(async move {
            let probe = GetVersion.request(&Session::same_origin());
            if let Ok(r) = send(&Target::SameOrigin, probe).await {
                let json = serde_json::from_slice::<serde_json::Value>(r.body()).is_ok();
                if json && matches!(r.status().as_u16(), 200 | 401 | 403) {
                    choice.set(Choice::SameOrigin);
                }
            }
        });
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        error.set(None);
        field_error.set(None);
        let target = match choice.get_untracked() {
            Choice::Demo => Target::Demo,
            Choice::SameOrigin => Target::SameOrigin,
            Choice::Url => {
                let u = url.get_untracked().trim().trim_end_matches('/').to_string();
                if !(u.starts_with("http://") || u.starts_with("https://")) || u.len() < 10 {
                    field_error.set(Some((
                        "url",
                        "Enter the manager's address, e.g. https://manager.example.com".into(),
                    )));
                    return;
                }
                Target::Url(u)
            }
        };
        let credentials = if use_token.get_untracked() {
            let t = token.get_untracked().trim().to_string();
            if t.is_empty() {
                field_error.set(Some(("token", "Paste an API token.".into())));
                return;
            }
            Credentials::Token(t)
        } else {
            let u = username.get_untracked().trim().to_string();
            if u.is_empty() {
                field_error.set(Some(("username", "Enter your username.".into())));
                return;
            }
            let p = password.get_untracked();
            if p.is_empty() {
                field_error.set(Some(("password", "Enter your password.".into())));
                return;
            }
            Credentials::Basic {
                username: u,
                password: p,
            }
        };
        busy.set(true);
        let navigate = navigate.clone();
        let next = safe_next(query.get_untracked().get("next"));
        leptos::task::spawn_local(async move {
            match sign_in(target, credentials).await {
                Ok(s) => {
                    password.set(String::new());
                    api.notice.set(None);
                    api.sign_in(s);
                    navigate(&next, Default::default());
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };

    let field_msg = move |name: &'static str| {
        move || {
            field_error
                .get()
                .filter(|(f, _)| *f == name)
                .map(|(_, m)| view! { <span class="field-error" role="alert">{m}</span> })
        }
    };

    view! {
        <main class="login">
            // While the operator types, the page they are going to is fetched (after the first
            // paint and only on use: the sign-in page itself stays the smallest load).
            <form class="card" on:submit=submit novalidate
                on:focusin=move |_| crate::app::preload_path(&safe_next(query.get_untracked().get("next")))>
                <h1>"Baton"</h1>
                <p class="muted">"Console for Conductor managers"</p>
                <fieldset>
                    <legend>"Manager"</legend>
                    {api::demo::AVAILABLE.then(|| view! {
                        <label class="radio">
                            <input type="radio" name="target" prop:checked=move || choice.get() == Choice::Demo
                                on:change=move |_| choice.set(Choice::Demo)/>
                            "Built-in demo manager"
                        </label>
                    })}
                    <label class="radio">
                        <input type="radio" name="target" prop:checked=move || choice.get() == Choice::SameOrigin
                            on:change=move |_| choice.set(Choice::SameOrigin)/>
                        "This server's manager"
                    </label>
                    <label class="radio">
                        <input type="radio" name="target" prop:checked=move || choice.get() == Choice::Url
                            on:change=move |_| choice.set(Choice::Url)/>
                        "Another manager"
                    </label>
                    <Show when=move || choice.get() == Choice::Url>
                        <input type="url" name="url" placeholder="https://manager.example.com" aria-label="Manager address"
                            prop:value=move || url.get() on:input=move |ev| url.set(event_target_value(&ev))/>
                        {field_msg("url")}
                    </Show>
                </fieldset>
                <fieldset>
                    <legend>"Sign in with"</legend>
                    <label class="radio">
                        <input type="radio" name="method" prop:checked=move || !use_token.get() on:change=move |_| use_token.set(false)/>
                        "Username and password"
                    </label>
                    <label class="radio">
                        <input type="radio" name="method" prop:checked=move || use_token.get() on:change=move |_| use_token.set(true)/>
                        "API token"
                    </label>
                    <Show
                        when=move || use_token.get()
                        fallback=move || view! {
                            <label>"Username"
                                <input name="username" autocomplete="username" prop:value=move || username.get()
                                    on:input=move |ev| username.set(event_target_value(&ev))/>
                            </label>
                            {field_msg("username")}
                            <label>"Password"
                                <input name="password" type="password" autocomplete="current-password" prop:value=move || password.get()
                                    on:input=move |ev| password.set(event_target_value(&ev))/>
                            </label>
                            {field_msg("password")}
                        }
                    >
                        <label>"Token"
                            <input name="token" type="password" autocomplete="off" prop:value=move || token.get()
                                on:input=move |ev| token.set(event_target_value(&ev))/>
                        </label>
                        {field_msg("token")}
                    </Show>
                </fieldset>
                {move || api.notice.get().map(|n| view! { <p class="notice" role="status">{n}</p> })}
                {move || error.get().map(|e| view! { <ErrorView error=e/> })}
                <button class="button primary" type="submit" disabled=move || busy.get()>
                    {move || if busy.get() { "Signing in…" } else { "Sign in" }}
                </button>
                <Show when=move || choice.get() == Choice::Demo>
                    <DemoUsers/>
                </Show>
            </form>
        </main>
    }
}

#[cfg(any(feature = "demo", feature = "demo-worker"))]
#[component]
fn DemoUsers() -> impl IntoView {
    view! {
        <div class="demo-users">
            <p class="muted">"Demo sign-ins:"</p>
            <ul>
                {baton_core::demo::DEMO_USERS.iter().map(|u| view! {
                    <li><code>{u.username}" / "{u.password}</code>" — "{u.what}</li>
                }).collect_view()}
            </ul>
        </div>
    }
}

#[cfg(not(any(feature = "demo", feature = "demo-worker")))]
#[component]
fn DemoUsers() -> impl IntoView {}
