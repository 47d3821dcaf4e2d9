//! SailPoint managed clusters of one connection: the list filtered by status, type, name and
//! operational (sent as the API's `filters`) and paged on the server (`offset`, `limit`, the
//! total from `count`), all in the URL; a create form (`?new=1`); and the detail page
//! (`detail.rs`).

mod detail;

pub use detail::SailPointClusterPage;

use baton_core::cloud::{Health, ProviderKind};
use baton_core::connections::Connection;
use baton_core::sailpoint::{
    filters_from, ClusterStatus, ClusterType, CreateManagedCluster, ListManagedClusters,
    ManagedCluster, ManagedClusterRequest, Session,
};
use baton_core::ApiError;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::components::toast::use_toasts;
use crate::components::{ErrorView, Loading, Pager};
use crate::connections::{call, from_route, missing, path, with_query};

/// Page sizes the API takes (`limit` is at most 250).
const SIZES: &[u32] = &[20, 50, 100, 250];

/// A status in words with its tone.
fn status_badge(status: Option<&ClusterStatus>) -> AnyView {
    let Some(s) = status else {
        return view! { <span class="muted">"—"</span> }.into_any();
    };
    let tone = match s.health() {
        Health::Running => "ok",
        Health::Busy => "busy",
        Health::Attention => "bad",
        _ => "neutral",
    };
    view! { <span class=format!("badge {tone}") title=s.as_str().to_string()>{s.words().to_string()}</span> }.into_any()
}

#[component]
pub fn SailPointClustersPage() -> impl IntoView {
    let conn = match from_route(ProviderKind::SailPoint) {
        Ok(c) => c,
        Err(reason) => return missing(reason),
    };
    let query = use_query_map();
    let navigate = use_navigate();
    let base = path(&conn, &[]);
    let param = move |k: &str| query.with(|q| q.get(k).unwrap_or_default());
    let listing = Memo::new(move |_| {
        query.with(|q| {
            let limit = q
                .get("limit")
                .and_then(|l| l.parse().ok())
                .filter(|l| SIZES.contains(l))
                .unwrap_or(SIZES[0]);
            let offset = q.get("offset").and_then(|o| o.parse().ok()).unwrap_or(0u32);
            ListManagedClusters {
                offset: Some(offset),
                limit: Some(limit),
                count: true,
                filters: filters_from(|k| q.get(k)),
            }
        })
    });
    let refresh = RwSignal::new(0u32);
    let c = conn.clone();
    let data = LocalResource::new(move || {
        refresh.track();
        let (c, list) = (c.clone(), listing.get());
        async move { call::<Session, _>(&c, &list).await }
    });
    // Every change of a filter or the paging is a new URL; a filter starts again at the top.
    let nav_base = base.clone();
    let go = move |changes: Vec<(&'static str, String)>| {
        let mut params: Vec<(&str, String)> =
            ["status", "type", "name", "operational", "limit", "offset"]
                .into_iter()
                .map(|k| (k, param(k)))
                .collect();
        for (k, v) in changes {
            if let Some(p) = params.iter_mut().find(|(p, _)| *p == k) {
                p.1 = v;
            }
        }
        navigate(&with_query(&nav_base, &params), Default::default());
    };
    let creating = Memo::new(move |_| query.with(|q| q.get("new").is_some_and(|v| !v.is_empty())));
    let go_status = go.clone();
    let go_type = go.clone();
    let go_name = go.clone();
    let go_operational = go.clone();
    let go_page = go.clone();
    let go_size = go.clone();
    let new_href = with_query(&base, &[("new", "1".into())]);
    let create_conn = conn.clone();
    let create_base = base.clone();
    view! {
        {crate::components::cloud_page::provider_head(&conn, None, conn.name.clone(), Some(Callback::new(move |_| refresh.update(|n| *n += 1))))}
        <div class="page-head">
            <h2>"Managed clusters"</h2>
            <span class="spacer"></span>
            <a class="button accent" href=new_href>"New managed cluster"</a>
        </div>
        {move || creating.get().then(|| create_form(create_conn.clone(), create_base.clone()))}
        <form class="sailpoint-filters" aria-label="Filters" on:submit=|ev: leptos::ev::SubmitEvent| ev.prevent_default()>
            <label>"Status "
                <select name="status" on:change=move |ev| go_status(vec![("status", event_target_value(&ev)), ("offset", String::new())])>
                    <option value="" selected=move || param("status").is_empty()>"Any"</option>
                    {ClusterStatus::KNOWN.iter().map(|s| {
                        let words = ClusterStatus::from(*s).words().to_string();
                        view! { <option value=*s selected=move || param("status") == *s>{words}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label>"Type "
                <select name="type" on:change=move |ev| go_type(vec![("type", event_target_value(&ev)), ("offset", String::new())])>
                    <option value="" selected=move || param("type").is_empty()>"Any"</option>
                    {ClusterType::KNOWN.iter().map(|t| view! { <option value=*t selected=move || param("type") == *t>{*t}</option> }).collect_view()}
                </select>
            </label>
            <label>"Operational "
                <select name="operational" on:change=move |ev| go_operational(vec![("operational", event_target_value(&ev)), ("offset", String::new())])>
                    <option value="" selected=move || param("operational").is_empty()>"Any"</option>
                    <option value="true" selected=move || param("operational") == "true">"Yes"</option>
                    <option value="false" selected=move || param("operational") == "false">"No"</option>
                </select>
            </label>
            <label>"Name (exact) "
                <input name="name" type="search" prop:value=move || param("name")
                    on:change=move |ev| go_name(vec![("name", event_target_value(&ev)), ("offset", String::new())])/>
            </label>
        </form>
        {move || match data.get() {
            None => view! { <Loading what="managed clusters"/> }.into_any(),
            Some(Err(e)) => view! { <ErrorView error=e on_retry=move |_| data.refetch()/> }.into_any(),
            Some(Ok(page)) => {
                let list = listing.get_untracked();
                let (limit, offset) = (list.limit.unwrap_or(SIZES[0]), list.offset.unwrap_or(0));
                let total = page.total.unwrap_or(u64::from(offset) + page.items.len() as u64);
                let shown = page.items.len();
                let (go_page, go_size) = (go_page.clone(), go_size.clone());
                let body = if page.items.is_empty() {
                    view! { <p class="empty">"No managed cluster matches. Clear a filter, or create one."</p> }.into_any()
                } else {
                    table(&conn, page.items)
                };
                view! {
                    {body}
                    <Pager page=offset / limit + 1 size=limit total=total shown=shown offset=u64::from(offset) sizes=SIZES
                        on_page=move |p: u32| go_page(vec![("offset", (p.saturating_sub(1) * limit).to_string())])
                        on_size=move |s: u32| go_size(vec![("limit", s.to_string()), ("offset", String::new())])/>
                }
                .into_any()
            }
        }}
    }
    .into_any()
}

fn table(conn: &Connection, items: Vec<ManagedCluster>) -> AnyView {
    let rows = items
        .into_iter()
        .map(|c| {
            let href = path(conn, &["clusters", &c.id]);
            let name = c.name.clone().unwrap_or_else(|| c.id.clone());
            let operational = match c.operational {
                Some(true) => "Yes",
                Some(false) => "No",
                None => "—",
            };
            view! {
                <tr>
                    <td><a class="name" href=href>{name}</a><div class="sub mono">{c.id.clone()}</div></td>
                    <td>{status_badge(c.status.as_ref())}</td>
                    <td><code>{c.kind.as_ref().map(|k| k.as_str().to_string()).unwrap_or_default()}</code></td>
                    <td>{operational}</td>
                    <td>{c.client_ids.len().to_string()}</td>
                    <td>{c.current_installed_release_version.clone().unwrap_or_else(|| "—".into())}</td>
                    <td>{c.created_at.map(|t| t.short()).unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="list sailpoint-clusters">
                <thead><tr><th>"Name"</th><th>"Status"</th><th>"Type"</th><th>"Operational"</th><th>"Clients"</th><th>"Version"</th><th>"Created"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// Configuration rows being edited: each key and value its own signal, so typing in one does
/// not redraw the others.
pub(crate) type ConfigRows = RwSignal<Vec<(u32, RwSignal<String>, RwSignal<String>)>>;

pub(crate) fn config_rows(entries: impl IntoIterator<Item = (String, String)>) -> ConfigRows {
    RwSignal::new(
        entries
            .into_iter()
            .enumerate()
            .map(|(i, (k, v))| (i as u32, RwSignal::new(k), RwSignal::new(v)))
            .collect(),
    )
}

/// The rows' key/values (rows without a key left out); tracked, so a view of them follows the
/// typing.
pub(crate) fn config_values(rows: ConfigRows) -> Vec<(String, String)> {
    rows.with(|r| {
        r.iter()
            .map(|(_, k, v)| (k.get().trim().to_string(), v.get()))
            .filter(|(k, _)| !k.is_empty())
            .collect()
    })
}

/// The configuration key/value editor.
pub(crate) fn config_editor(rows: ConfigRows) -> AnyView {
    let add = move |_| {
        rows.update(|r| {
            let next = r.iter().map(|(i, _, _)| i + 1).max().unwrap_or(0);
            r.push((
                next,
                RwSignal::new(String::new()),
                RwSignal::new(String::new()),
            ));
        })
    };
    view! {
        <fieldset class="sailpoint-config">
            <legend>"Configuration"</legend>
            <For each=move || rows.get() key=|(i, _, _)| *i let:row>
                {
                    let (i, key, value) = row;
                    view! {
                        <div class="sailpoint-config-row">
                            <input aria-label="Configuration key" name="config-key" placeholder="key" prop:value=move || key.get() on:input=move |ev| key.set(event_target_value(&ev))/>
                            <input aria-label="Configuration value" name="config-value" placeholder="value" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
                            <button type="button" class="button small" aria-label="Remove this key" on:click=move |_| rows.update(|r| r.retain(|(j, _, _)| *j != i))>"Remove"</button>
                        </div>
                    }
                }
            </For>
            <button type="button" class="button small" on:click=add>"Add a key"</button>
        </fieldset>
    }
    .into_any()
}

fn create_form(conn: Connection, base: String) -> AnyView {
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new("idn".to_string());
    let description = RwSignal::new(String::new());
    let rows = config_rows([]);
    let name_error = RwSignal::new(None::<String>);
    let failed = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();
    let toasts = use_toasts();
    let close = base.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        failed.set(None);
        if name.get_untracked().trim().is_empty() {
            name_error.set(Some("A managed cluster needs a name.".into()));
            return;
        }
        name_error.set(None);
        let description = description.get_untracked();
        let request = ManagedClusterRequest {
            name: name.get_untracked().trim().to_string(),
            kind: Some(ClusterType::from(kind.get_untracked().as_str())),
            configuration: config_values(rows).into_iter().collect(),
            description: (!description.trim().is_empty()).then_some(description),
        };
        let (conn, navigate) = (conn.clone(), navigate.clone());
        busy.set(true);
        leptos::task::spawn_local(async move {
            let r = call::<Session, _>(&conn, &CreateManagedCluster { request }).await;
            busy.set(false);
            match r {
                Ok(c) => {
                    toasts.success(format!(
                        "Managed cluster {} created.",
                        c.name.clone().unwrap_or_default()
                    ));
                    navigate(&path(&conn, &["clusters", &c.id]), Default::default());
                }
                Err(e) => failed.set(Some(e)),
            }
        });
    };
    view! {
        <form class="sailpoint-form" on:submit=submit aria-label="New managed cluster">
            <h3>"New managed cluster"</h3>
            <label>"Name" <input name="name" autocomplete="off" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/></label>
            {move || name_error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            <label>"Type"
                <select name="type" on:change=move |ev| kind.set(event_target_value(&ev))>
                    {ClusterType::KNOWN.iter().map(|t| view! { <option value=*t selected=move || kind.get() == *t>{*t}</option> }).collect_view()}
                </select>
            </label>
            <label>"Description" <textarea name="description" rows="2" prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev))></textarea></label>
            {config_editor(rows)}
            {move || failed.get().map(|e| view! { <ErrorView error=e/> })}
            <div class="form-actions">
                <button class="button accent" type="submit" disabled=move || busy.get()>"Create managed cluster"</button>
                <a class="button" href=close.clone()>"Cancel"</a>
            </div>
        </form>
    }
    .into_any()
}
