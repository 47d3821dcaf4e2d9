//! Connections to several managers at once (Imply, Lyve, SailPoint, CDM beside the Conductor
//! session), and the one-pane Clusters overview over all of them: one card per cluster, the
//! ones that need attention first, filtered by provider and state from the URL.
//!
//! Every call is a core request (`baton_core::connections`); secrets typed for a token exchange
//! are used once and never kept. The connections (address, token) live in this tab only.

use baton_core::cloud::{card_order, ClusterCard, Health, ProviderKind};
use baton_core::connections::{
    age, card_matches, cards_from, clusters_request, conductor_card, demo_connection, Connection,
    Secret,
};
use baton_core::ApiError;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::use_api;
use crate::components::ErrorView;
use crate::connections::{connect, load, save, send};

const KINDS: [ProviderKind; 4] = [
    ProviderKind::Imply,
    ProviderKind::Lyve,
    ProviderKind::SailPoint,
    ProviderKind::Cdm,
];

/// The fields each kind's sign-in asks for: (key, label, secret?).
fn fields(kind: ProviderKind) -> &'static [(&'static str, &'static str, bool)] {
    match kind {
        ProviderKind::Imply => &[("token", "Bearer token", true)],
        ProviderKind::Lyve => &[
            ("account", "Account ID", false),
            ("key", "Access key", false),
            ("secret", "Secret", true),
        ],
        ProviderKind::SailPoint => &[
            ("client", "Client ID", false),
            ("secret", "Client secret", true),
        ],
        _ => &[
            ("project", "Project ID", false),
            ("iam", "IAM address", false),
            ("domain", "Domain", false),
            ("user", "User", false),
            ("secret", "Password", true),
        ],
    }
}

fn secret_of(kind: ProviderKind, get: &dyn Fn(&str) -> String) -> Secret {
    match kind {
        ProviderKind::Imply => Secret::Token(get("token")),
        ProviderKind::Lyve => Secret::Lyve {
            account_id: get("account"),
            access_key: get("key"),
            secret: get("secret"),
        },
        ProviderKind::SailPoint => Secret::Client {
            id: get("client"),
            secret: get("secret"),
        },
        _ => Secret::Iam {
            iam_origin: get("iam"),
            domain: get("domain"),
            user: get("user"),
            password: get("secret"),
        },
    }
}

#[component]
pub fn ClustersPage() -> impl IntoView {
    let connections = RwSignal::new(load());
    let set = move |all: Vec<Connection>| {
        save(&all);
        connections.set(all);
    };
    let next_id = move || {
        let n = connections.with_untracked(|c| {
            c.iter()
                .filter_map(|c| c.id.strip_prefix('c')?.parse::<u32>().ok())
                .max()
                .unwrap_or(0)
        });
        format!("c{}", n + 1)
    };
    let busy = RwSignal::new(false);
    let add_error = RwSignal::new(None::<ApiError>);
    let add = move |conn: Connection, secret: Secret| {
        busy.set(true);
        add_error.set(None);
        leptos::task::spawn_local(async move {
            match connect(conn, secret).await {
                Ok(c) => {
                    let mut all = connections.get_untracked();
                    all.push(c);
                    set(all);
                }
                Err(e) => add_error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let add_demos = move |_| {
        busy.set(true);
        add_error.set(None);
        leptos::task::spawn_local(async move {
            for kind in KINDS {
                let (conn, secret) = demo_connection(kind, &next_id());
                // A demo already connected stays one connection.
                if connections.with_untracked(|all| {
                    all.iter()
                        .any(|c| c.kind == kind && c.origin == conn.origin)
                }) {
                    continue;
                }
                match connect(conn, secret).await {
                    Ok(c) => {
                        let mut all = connections.get_untracked();
                        all.push(c);
                        set(all);
                    }
                    Err(e) => {
                        add_error.set(Some(e));
                        break;
                    }
                }
            }
            busy.set(false);
        });
    };
    view! {
        <div class="page-head">
            <h1>"Clusters"</h1>
            <span class="spacer"></span>
            <button class="button" on:click=add_demos disabled=move || busy.get()>"Connect the four demos"</button>
        </div>
        <ConnectionList connections=connections on_change=Callback::new(set)/>
        <AddConnection busy=busy on_add=Callback::new(move |(c, s)| add(c, s)) next_id=Callback::new(move |_| next_id())/>
        {move || add_error.get().map(|e| view! { <ErrorView error=e/> })}
        <Overview connections=connections/>
    }
    .into_any()
}

#[component]
fn ConnectionList(
    connections: RwSignal<Vec<Connection>>,
    on_change: Callback<Vec<Connection>>,
) -> impl IntoView {
    let renaming = RwSignal::new(None::<String>);
    view! {
        <section class="clusters-connections" aria-label="Connections">
            <h2>"Connections"</h2>
            <Show when=move || connections.with(Vec::is_empty)>
                <p class="muted">"No other managers yet. Add one below, or connect the demos."</p>
            </Show>
            <ul class="clusters-connection-list">
                <For each=move || connections.get() key=|c| (c.id.clone(), c.name.clone()) let:c>
                    {
                        let id = c.id.clone();
                        let id2 = c.id.clone();
                        let id3 = c.id.clone();
                        let editing = move || renaming.get().as_deref() == Some(id.as_str());
                        let rename_to = move |name: String| {
                            let mut all = connections.get_untracked();
                            if let Some(x) = all.iter_mut().find(|x| x.id == id2) {
                                if !name.trim().is_empty() {
                                    x.name = name.trim().to_string();
                                }
                            }
                            renaming.set(None);
                            on_change.run(all);
                        };
                        let remove = move |_| {
                            let mut all = connections.get_untracked();
                            all.retain(|x| x.id != id3);
                            on_change.run(all);
                        };
                        let name = c.name.clone();
                        let edit_id = c.id.clone();
                        view! {
                            <li class="clusters-connection">
                                <span class=format!("clusters-badge clusters-{}", c.kind.slug())>{c.kind.label()}</span>
                                <Show when=editing fallback={
                                    let name = name.clone();
                                    move || view! { <strong>{name.clone()}</strong> }
                                }>
                                    <input class="clusters-rename" aria-label="New name" value=name.clone()
                                        on:keydown={
                                            let rename_to = rename_to.clone();
                                            move |ev: web_sys::KeyboardEvent| {
                                                if ev.key() == "Enter" { rename_to(event_target_value(&ev)); }
                                                if ev.key() == "Escape" { renaming.set(None); }
                                            }
                                        }/>
                                </Show>
                                <span class="muted">{c.origin.clone()}</span>
                                <span class="spacer"></span>
                                <button class="button" on:click={
                                    let edit_id = edit_id.clone();
                                    move |_| renaming.set(Some(edit_id.clone()))
                                }>"Rename"</button>
                                <button class="button" on:click=remove>"Sign out"</button>
                            </li>
                        }
                    }
                </For>
            </ul>
        </section>
    }
    .into_any()
}

#[component]
fn AddConnection(
    busy: RwSignal<bool>,
    on_add: Callback<(Connection, Secret)>,
    next_id: Callback<(), String>,
) -> impl IntoView {
    let kind = RwSignal::new(ProviderKind::Imply);
    let name = RwSignal::new(String::new());
    let origin = RwSignal::new(String::new());
    // Typed values by field key; the secret ones are cleared after each attempt.
    let values = RwSignal::new(std::collections::BTreeMap::<String, String>::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let k = kind.get_untracked();
        let vals = values.get_untracked();
        let get = |key: &str| vals.get(key).cloned().unwrap_or_default();
        let conn = Connection {
            id: next_id.run(()),
            kind: k,
            name: Some(name.get_untracked())
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| k.label().to_string()),
            origin: origin
                .get_untracked()
                .trim()
                .trim_end_matches('/')
                .to_string(),
            project_id: get("project"),
            token: None,
        };
        let secret = secret_of(k, &get);
        values.update(|v| {
            for (key, _, secret) in fields(k) {
                if *secret {
                    v.remove(*key);
                }
            }
        });
        on_add.run((conn, secret));
    };
    let use_demo = move |_| {
        let (c, _) = demo_connection(kind.get_untracked(), "");
        name.set(c.name);
        origin.set(c.origin);
    };
    view! {
        <details class="clusters-add">
            <summary>"Add a connection"</summary>
            <form on:submit=submit>
                <label>"Kind "
                    <select aria-label="Kind" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some(k) = ProviderKind::from_slug(&v) { kind.set(k); }
                    }>
                        {KINDS.iter().map(|k| view! { <option value=k.slug()>{k.label()}</option> }).collect_view()}
                    </select>
                </label>
                <label>"Name " <input aria-label="Connection name" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/></label>
                <label>"Address " <input aria-label="Address" placeholder="https://… or a proxy path" prop:value=move || origin.get() on:input=move |ev| origin.set(event_target_value(&ev))/></label>
                {move || fields(kind.get()).iter().map(|(key, label, secret)| {
                    let key = key.to_string();
                    let k2 = key.clone();
                    view! {
                        <label>{*label}" "
                            <input aria-label=*label type=if *secret { "password" } else { "text" } autocomplete="off"
                                prop:value=move || values.with(|v| v.get(&key).cloned().unwrap_or_default())
                                on:input=move |ev| { let v = event_target_value(&ev); values.update(|m| { m.insert(k2.clone(), v); }); }/>
                        </label>
                    }
                }).collect_view()}
                <p class="muted">"Secrets are used for the token exchange only and never stored; the token stays in this tab."</p>
                <button class="button accent" type="submit" disabled=move || busy.get()>"Connect"</button>
                <button class="button" type="button" on:click=use_demo>"Use the demo address"</button>
            </form>
        </details>
    }
    .into_any()
}

/// What one connection's listing gave.
#[derive(Clone)]
struct Listing {
    name: String,
    /// Where the cards of this listing open (`/<kind>/<conn>`), or none (the Conductor card).
    base: Option<Connection>,
    result: Result<Vec<ClusterCard>, ApiError>,
}

#[component]
fn Overview(connections: RwSignal<Vec<Connection>>) -> impl IntoView {
    let api = use_api();
    let query = use_query_map();
    let navigate = use_navigate();
    let provider = move || query.with(|q| q.get("provider").filter(|p| !p.is_empty()));
    let state = move || query.with(|q| q.get("state").filter(|p| !p.is_empty()));
    let refresh = RwSignal::new(0u32);
    let listings = LocalResource::new(move || {
        let conns = connections.get();
        refresh.track();
        async move {
            let mut out = Vec::new();
            // The Conductor manager this console is signed in to is one more cluster.
            if api.signed_in.with_untracked(Option::is_some) {
                let status = api
                    .call(&baton_core::conductor::manager::GetClusterStatus { summary: false })
                    .await;
                let name = api
                    .signed_in
                    .with_untracked(|s| s.as_ref().map(|s| s.target.describe()))
                    .unwrap_or_default();
                out.push(Listing {
                    base: None,
                    name: "Conductor".into(),
                    result: status.map(|s| vec![conductor_card(&name, &s)]),
                });
            }
            for c in conns {
                let Some(req) = clusters_request(&c) else {
                    continue;
                };
                let result = match send(req).await {
                    Ok(answer) => cards_from(c.kind, answer),
                    Err(e) => Err(e),
                };
                out.push(Listing {
                    name: c.name.clone(),
                    base: Some(c.clone()),
                    result,
                });
            }
            out
        }
    });
    let set_filter = move |key: &'static str, value: String| {
        let mut q = baton_core::Query::new();
        let (p, s) = (provider(), state());
        let p = if key == "provider" {
            Some(value.clone())
        } else {
            p
        };
        let s = if key == "state" { Some(value) } else { s };
        if let Some(p) = p.filter(|p| !p.is_empty()) {
            q.push("provider", p);
        }
        if let Some(s) = s.filter(|s| !s.is_empty()) {
            q.push("state", s);
        }
        let qs = q.encode();
        navigate(
            &if qs.is_empty() {
                "/clusters".to_string()
            } else {
                format!("/clusters?{qs}")
            },
            Default::default(),
        );
    };
    let set_filter2 = set_filter.clone();
    let healths = [
        Health::Attention,
        Health::Busy,
        Health::Running,
        Health::Stopped,
        Health::Unknown,
    ];
    view! {
        <section class="clusters-overview" aria-label="All clusters">
            <div class="page-head">
                <h2>"All clusters"</h2>
                <label>"Provider "
                    <select aria-label="Provider" on:change=move |ev| set_filter("provider", event_target_value(&ev))>
                        <option value="" selected=move || provider().is_none()>"All"</option>
                        {ProviderKind::ALL.iter().map(|k| {
                            let slug = k.slug();
                            view! { <option value=slug selected=move || provider().as_deref() == Some(slug)>{k.label()}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label>"State "
                    <select aria-label="State" on:change=move |ev| set_filter2("state", event_target_value(&ev))>
                        <option value="" selected=move || state().is_none()>"All"</option>
                        {healths.iter().map(|h| {
                            let slug = h.slug();
                            view! { <option value=slug selected=move || state().as_deref() == Some(slug)>{h.label()}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <span class="spacer"></span>
                <button class="button" on:click=move |_| refresh.update(|n| *n += 1)>"Refresh"</button>
            </div>
            <Suspense fallback=|| view! { <crate::components::Loading what="clusters"/> }>
                {move || listings.get().map(|all| {
                    let now = crate::api::now();
                    // Each card with where it opens and the connection it came from.
                    let mut cards: Vec<(ClusterCard, String, String)> = all.iter().filter_map(|l| {
                        let found = l.result.as_ref().ok()?;
                        Some(found.iter().map(|k| {
                            let href = match &l.base {
                                Some(c) => crate::connections::path(c, &["clusters", &k.id]),
                                None => "/system".to_string(),
                            };
                            (k.clone(), href, l.name.clone())
                        }).collect::<Vec<_>>())
                    }).flatten().collect();
                    cards.sort_by(|a, b| card_order(&a.0, &b.0));
                    let total = cards.len();
                    let (p, s) = (provider(), state());
                    let shown: Vec<_> = cards.into_iter().filter(|c| card_matches(&c.0, p.as_deref(), s.as_deref())).collect();
                    let errors: Vec<(String, ApiError)> = all.into_iter().filter_map(|l| l.result.err().map(|e| (l.name, e))).collect();
                    let empty = shown.is_empty();
                    view! {
                        {errors.into_iter().map(|(name, e)| view! {
                            <div class="clusters-failed"><strong>{name}</strong><ErrorView error=e/></div>
                        }).collect_view()}
                        <p class="muted clusters-count">{format!("{} of {} clusters", shown.len(), total)}</p>
                        <Show when=move || empty>
                            <p class="muted">"No cluster matches. Connect a manager above, or clear the filters."</p>
                        </Show>
                        <ul class="clusters-cards">
                            {shown.into_iter().map(|(c, href, from)| card_view(c, href, from, now)).collect_view()}
                        </ul>
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

/// One card, for every provider alike.
fn card_view(c: ClusterCard, href: String, from: String, now: chrono::NaiveDateTime) -> AnyView {
    let facts: Vec<(&str, String)> = [
        ("Age", c.created.map(|t| age(t, now))),
        ("Version", c.version.clone()),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| (k, v)))
    .collect();
    view! {
        <li class=format!("clusters-card clusters-health-{}", c.health.slug())>
            <div class="clusters-card-head">
                <span class=format!("clusters-badge clusters-{}", c.provider.slug())>{c.provider.label()}</span>
                <a class="clusters-name" href=href title=c.id.clone()>{c.name.clone()}</a>
            </div>
            <div class="clusters-from muted">{from}</div>
            <div class="clusters-state">{c.state.clone()}<span class="muted">{format!(" · {}", c.health.label())}</span></div>
            <dl class="clusters-facts">
                {facts.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
            </dl>
            {c.last_event.clone().map(|e| view! { <p class="clusters-event">{e}</p> })}
        </li>
    }
    .into_any()
}
