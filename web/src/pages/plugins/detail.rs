//! One plugin: what it is, its installation state on each manager (with the error where one
//! failed), the blueprints that use it, download and delete. A delete the manager refuses
//! because blueprints use the plugin lists them, linked.

use baton_core::conductor::blueprints::ListBlueprints;
use baton_core::conductor::plugins::{
    blueprints_in_use, plan_uses, DeletePlugin, DownloadPlugin, GetPlugin,
};
use baton_core::conductor::resources::Plugin;
use baton_core::session::segment;
use baton_core::{ApiError, ListQuery};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use serde_json::Value;

use crate::api::use_api;
use crate::components::clock::When;
use crate::components::confirm::ConfirmDialog;
use crate::components::detail::{fact, text};
use crate::components::toast::use_toasts;
use crate::components::upload::save_bytes;
use crate::components::{status_badge, ErrorView, Loading, Name};
use crate::permissions::guard;

/// Blueprints read per call while looking for the ones that use a plugin.
const SCAN_PAGE: u32 = 100;

/// One line of `installation_state`: where (a manager, or an agent), the state, the error.
/// Older managers send bare states (`"installed"`).
fn installation_row(v: &Value) -> (String, String, String) {
    let s = |k: &str| {
        v.get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    match v {
        Value::String(state) => ("—".into(), state.clone(), String::new()),
        _ => {
            let place = match (s("manager"), s("agent")) {
                (m, _) if !m.is_empty() => m,
                (_, a) if !a.is_empty() => format!("agent {a}"),
                _ => s("hostname"),
            };
            (place, s("state"), s("error"))
        }
    }
}

/// Blueprint links, for the ones that use a plugin and for a refusal that names them.
fn blueprint_links(ids: Vec<String>) -> AnyView {
    view! {
        <ul class="plugins-used-by">
            {ids.into_iter().map(|b| {
                let link = format!("/blueprints/{}", segment(&b));
                view! { <li><A href=link attr:class="mono"><Name text=b/></A></li> }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// The manager can only say which blueprints use a plugin by refusing to delete it: it has
/// no filter for it. So the console reads the blueprints' plans (`_include=id,plan`, a page
/// at a time) and applies the manager's own test (package name and version in
/// `deployment_plugins_to_install` or `workflow_plugins_to_install`).
#[component]
fn UsedBy(name: String, version: String) -> impl IntoView {
    let api = use_api();
    let found = RwSignal::new(Vec::<String>::new());
    let checked = RwSignal::new((0u64, None::<u64>));
    let done = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);
    leptos::task::spawn_local(async move {
        let mut offset = 0u32;
        loop {
            let call = ListBlueprints {
                query: ListQuery::new()
                    .include(["id", "plan"])
                    .page(SCAN_PAGE, offset),
            };
            let page = match api.call(&call).await {
                Ok(p) => p,
                Err(e) => {
                    failure.try_set(Some(e));
                    return;
                }
            };
            let total = page.metadata.pagination.as_ref().map(|p| p.total);
            let using: Vec<String> = page
                .items
                .iter()
                .filter(|b| {
                    b.plan
                        .as_ref()
                        .is_some_and(|p| plan_uses(p, &name, &version))
                })
                .map(|b| b.id.clone())
                .collect();
            let n = page.items.len() as u64;
            // The page left (a later page is not read for nothing).
            if found.try_update(|f| f.extend(using)).is_none() {
                return;
            }
            checked.try_update(|c| *c = (c.0 + n, total));
            offset += SCAN_PAGE;
            if n < u64::from(SCAN_PAGE) || total.is_some_and(|t| u64::from(offset) >= t) {
                break;
            }
        }
        done.try_set(true);
    });
    view! {
        <section class="card" aria-label="Blueprints using it">
            <header class="card-head"><h2>"Blueprints using it"</h2></header>
            {move || failure.get().map(|e| view! { <ErrorView error=e/> })}
            {move || {
                let (n, total) = checked.get();
                let ids = found.get();
                if !done.get() && failure.with(Option::is_none) {
                    let of = total.map(|t| format!(" of {t}")).unwrap_or_default();
                    view! { <p class="muted" role="status">{format!("Reading blueprints: {n}{of} checked…")}</p>{blueprint_links(ids)} }.into_any()
                } else if ids.is_empty() {
                    view! { <p class="empty">"No blueprint in this tenant uses it: it can be deleted."</p> }.into_any()
                } else {
                    view! { <p class="muted">{format!("{} blueprint(s) install it; the manager refuses to delete it while they do.", ids.len())}</p>{blueprint_links(ids)} }.into_any()
                }
            }}
        </section>
    }
    .into_any()
}

fn installation_table(p: &Plugin) -> AnyView {
    let rows: Vec<_> = p
        .installation_state
        .iter()
        .flatten()
        .map(installation_row)
        .collect();
    if rows.is_empty() {
        return view! { <p class="empty">"The manager reports no installation of it yet."</p> }
            .into_any();
    }
    view! {
        <table class="list plugins-installation">
            <thead><tr><th>"Manager or agent"</th><th>"State"</th><th>"Error"</th></tr></thead>
            <tbody>{rows.into_iter().map(|(place, state, error)| view! {
                <tr><td class="mono">{place}</td><td>{status_badge(Some(state))}</td><td class="plugins-error">{error}</td></tr>
            }).collect_view()}</tbody>
        </table>
    }
    .into_any()
}

#[component]
pub fn PluginPage() -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let navigate = StoredValue::new(use_navigate());
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let data = LocalResource::new(move || {
        let call = GetPlugin {
            id: id(),
            include: vec![],
        };
        async move { api.call(&call).await }
    });
    let open = RwSignal::new(false);
    let force = RwSignal::new(false);
    let refused = RwSignal::new(None::<ApiError>);
    let delete = move |_| {
        let call = DeletePlugin {
            id: id(),
            force: force.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match api.call(&call).await {
                Ok(()) => {
                    toasts.success(format!("Plugin {} deleted.", call.id));
                    navigate.with_value(|n| n("/plugins", Default::default()));
                }
                Err(e) => {
                    refused.set(Some(e));
                }
            }
        });
    };
    let download = move |p: &Plugin| {
        let (id, file) = (
            p.id.clone(),
            p.archive_name
                .clone()
                .unwrap_or_else(|| format!("{}.wgn", p.id)),
        );
        move |_| {
            let (id, file) = (id.clone(), file.clone());
            leptos::task::spawn_local(async move {
                match api.call(&DownloadPlugin { id }).await {
                    Ok(bytes) => {
                        if let Err(e) = save_bytes(&file, &bytes) {
                            toasts.failure(e);
                        }
                    }
                    Err(e) => toasts.error(&e),
                }
            });
        }
    };
    let details = move |p: Plugin| {
        let name = p.package_name.clone().unwrap_or_else(|| p.id.clone());
        let version = p.package_version.clone().unwrap_or_default();
        let title = format!("Delete plugin {name} {version}?");
        let platform = [p.distribution.clone(), p.distribution_release.clone()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        view! {
            <h1>{p.title.clone().unwrap_or_else(|| name.clone())}" "<span class="muted">{version.clone()}</span></h1>
            <div class="toolbar">
                <button class="button" use:guard="plugin_download" on:click=download(&p)>"Download"</button>
                <button class="button danger" use:guard="plugin_delete" on:click=move |_| { force.set(false); refused.set(None); open.set(true); }>"Delete…"</button>
            </div>
            {move || refused.get().map(|e| {
                let users = blueprints_in_use(&e);
                view! {
                    <ErrorView error=e/>
                    {users.map(|ids| view! {
                        <div class="plugins-in-use" role="note">
                            <p>"These blueprints install it. Delete them, or move them to another version (Plugin updates), or delete with force:"</p>
                            {blueprint_links(ids)}
                        </div>
                    })}
                }
            })}
            <ConfirmDialog open title=title confirm_label="Delete" on_confirm=delete>
                <p>"Blueprints that install this plugin can no longer be deployed. The manager refuses while blueprints use it, and names them."</p>
                <label class="check"><input type="checkbox" name="force" prop:checked=move || force.get()
                    on:change=move |ev| force.set(event_target_checked(&ev))/>" Delete even if blueprints use it (force)"</label>
            </ConfirmDialog>
            <section class="card" aria-label="Plugin">
                <dl class="facts">
                    {fact("Package", name.clone())}
                    {fact("Version", version.clone())}
                    {fact("Platform", platform)}
                    {fact("Supported platform", text(&p.supported_platform))}
                    {fact("Visibility", p.owner.visibility.as_ref().map(|v| v.to_string()).unwrap_or_default())}
                    <dt>"Uploaded"</dt><dd><When t=p.uploaded_at/>" by "{text(&p.owner.created_by)}</dd>
                </dl>
            </section>
            <section class="card" aria-label="Installation">
                <header class="card-head"><h2>"Installation on each manager"</h2></header>
                {installation_table(&p)}
            </section>
            <UsedBy name version/>
        }
        .into_any()
    };
    view! {
        <p class="crumbs"><A href="/plugins">"Plugins"</A>" / "<span class="mono">{id}</span></p>
        {move || match data.get() {
            None => view! { <Loading what="plugin"/> }.into_any(),
            Some(Err(e)) => view! { <ErrorView error=e on_retry=move |_| data.refetch()/> }.into_any(),
            Some(Ok(p)) => details(p),
        }}
    }
    .into_any()
}
