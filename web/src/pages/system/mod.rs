//! The system page: the manager's version, maintenance mode (status, activate, deactivate,
//! the executions it waits for), the cluster's services per node, and the managers of the
//! cluster (with removing one), the license (check, upload, remove) and LDAP sign-in (`ldap`).

mod ldap;
pub mod metrics;

use baton_core::conductor::license::{
    CheckLicense, DeleteLicense, License, ListLicense, UploadLicense,
};
use baton_core::conductor::manager::{
    ClusterStatus, DeleteManager, GetClusterStatus, GetVersion, ListManagers, MaintenanceStatus,
    ManagerNode, SetMaintenance,
};
use baton_core::session::segment;
use baton_core::{ApiError, ListQuery, SortKey};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::use_api;
use crate::components::clock::When;
use crate::components::confirm::ConfirmDialog;
use crate::components::maintenance::use_maintenance;
use crate::components::toast::use_toasts;
use crate::components::upload::{ChosenFile, FileDrop};
use crate::components::{status_badge, ErrorView, Loading};
use crate::live::{self, LiveToggle};
use crate::permissions::guard;

#[component]
fn MaintenancePanel() -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let Some(watch) = use_maintenance() else {
        return view! { <p class="muted">"Maintenance mode is watched by the signed-in shell."</p> }.into_any();
    };
    let asking = RwSignal::new(None::<bool>);
    let open = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let set = move |activate: bool| {
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            match api.call(&SetMaintenance { activate }).await {
                Ok(m) => {
                    watch.state.set(Some(m));
                    toasts.success(if activate {
                        "Maintenance mode requested."
                    } else {
                        "Maintenance mode turned off."
                    });
                }
                Err(e) if e.is_not_modified() => {
                    toasts.success(if activate {
                        "Maintenance mode was already on."
                    } else {
                        "Maintenance mode was already off."
                    });
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
            watch.refresh();
        });
    };
    let status = move || {
        watch
            .state
            .with(|m| m.as_ref().and_then(|m| m.status.clone()))
    };
    let on = move || watch.state.with(|m| m.as_ref().is_some_and(|m| m.is_on()));
    let ask = move |activate: bool| {
        asking.set(Some(activate));
        open.set(true);
    };
    view! {
        <section class="card" aria-labelledby="maintenance-title">
            <header class="card-head"><h2 id="maintenance-title">"Maintenance mode"</h2></header>
            {move || match watch.state.get() {
                None => view! { <Loading what="maintenance mode"/> }.into_any(),
                Some(m) => view! {
                    <dl class="facts">
                        <dt>"Status"</dt><dd>{status_badge(m.status.as_ref().map(|s| s.to_string()))}</dd>
                        <dt>"Requested"</dt><dd><When t=m.activation_requested_at/>{m.requested_by.clone().filter(|b| !b.is_empty()).map(|b| format!(" by {b}"))}</dd>
                        <dt>"Activated"</dt><dd><When t=m.activated_at/></dd>
                    </dl>
                    {m.remaining_executions.clone().filter(|r| !r.is_empty()).map(|rows| view! {
                        <h3>"Waiting for these executions to finish"</h3>
                        <ul class="findings">{rows.into_iter().map(|e| {
                            let id = e.id.clone().unwrap_or_default();
                            let link = format!("/executions/{}", segment(&id));
                            view! { <li>
                                <A href=link>{format!("{} on {}", e.workflow_id.clone().unwrap_or_default(), e.deployment_id.clone().unwrap_or_default())}</A>
                                " "{status_badge(e.status.clone())}
                            </li> }
                        }).collect_view()}</ul>
                    })}
                }.into_any(),
            }}
            {move || error.get().map(|e| view! { <ErrorView error=e/> })}
            <div class="actions">
                <Show when=move || !on() fallback=move || view! {
                    <button class="button" disabled=move || busy.get() use:guard="maintenance_mode_set" on:click=move |_| ask(false)>"Deactivate maintenance mode"</button>
                }>
                    <button class="button danger" disabled=move || busy.get() use:guard="maintenance_mode_set" on:click=move |_| ask(true)>"Activate maintenance mode"</button>
                </Show>
            </div>
            <ConfirmDialog open
                title=Signal::derive(move || if asking.get() == Some(true) { "Activate maintenance mode?".to_string() } else { "Deactivate maintenance mode?".to_string() })
                confirm_label=Signal::derive(move || if asking.get() == Some(true) { "Activate".to_string() } else { "Deactivate".to_string() })
                danger=true
                on_confirm=move |_| if let Some(a) = asking.get_untracked() { set(a) }>
                {move || if asking.get() == Some(true) {
                    view! { <p>"The manager finishes the running executions, then refuses every call but status and maintenance, for every user, until maintenance mode is turned off."</p> }.into_any()
                } else {
                    view! { <p>"The manager takes work again."</p> }.into_any()
                }}
            </ConfirmDialog>
            {move || (status() == Some(MaintenanceStatus::Activating)).then(|| view! {
                <p class="muted">"Activating: the manager waits for the executions above; cancel them from their pages to activate sooner."</p>
            })}
        </section>
    }
    .into_any()
}

fn cluster_view(s: ClusterStatus) -> AnyView {
    view! {
        <p>"Cluster: "{status_badge(s.status.as_ref().map(|h| h.to_string()))}</p>
        <div class="table-scroll">
            <table class="list">
                <thead><tr><th>"Service"</th><th>"Node"</th><th>"Status"</th><th>"Version"</th><th>"Address"</th><th>"Units"</th></tr></thead>
                <tbody>{s.services.into_iter().flat_map(|(name, service)| {
                    let external = service.is_external == Some(true);
                    let service_status = service.status.as_ref().map(|h| h.to_string());
                    let nodes: Vec<_> = service.nodes.unwrap_or_default().into_iter().collect();
                    if nodes.is_empty() {
                        let label = if external { format!("{name} (external)") } else { name.clone() };
                        return vec![view! { <tr><td class="nowrap">{label}</td><td class="muted">"—"</td><td>{status_badge(service_status)}</td><td></td><td></td><td></td></tr> }.into_any()];
                    }
                    nodes.into_iter().map(|(node, n)| {
                        let label = if external { format!("{name} (external)") } else { name.clone() };
                        let address = [n.private_ip.clone(), n.public_ip.clone()].into_iter().flatten().collect::<Vec<_>>().join(" / ");
                        let units = n.services.unwrap_or_default().into_iter().map(|(unit, u)| {
                            let state = u.status.as_ref().map(|s| s.to_string());
                            view! { <span class="unit">{unit}" "{status_badge(state)}</span> }
                        }).collect_view();
                        view! { <tr>
                            <td class="nowrap">{label}</td>
                            <td class="mono nowrap">{node}</td>
                            <td>{status_badge(n.status.as_ref().map(|h| h.to_string()))}</td>
                            <td>{n.version.clone().unwrap_or_default()}</td>
                            <td class="mono">{address}</td>
                            <td class="units">{units}</td>
                        </tr> }.into_any()
                    }).collect::<Vec<_>>()
                }).collect_view()}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn ClusterPanel() -> impl IntoView {
    let api = use_api();
    let answer = RwSignal::new(None::<Result<ClusterStatus, ApiError>>);
    let live = live::register(10_000, move || async move {
        let r = api.call(&GetClusterStatus { summary: false }).await;
        let outcome = r.as_ref().map(|_| ()).map_err(Clone::clone);
        answer.try_set(Some(r));
        outcome
    });
    view! {
        <section class="card" aria-labelledby="cluster-title">
            <header class="card-head"><h2 id="cluster-title">"Cluster services"</h2><LiveToggle live/></header>
            {move || match answer.get() {
                None => view! { <Loading what="cluster status"/> }.into_any(),
                Some(Err(e)) => view! { <ErrorView error=e on_retry=move |_| live.refresh()/> }.into_any(),
                Some(Ok(s)) => cluster_view(s),
            }}
        </section>
    }
    .into_any()
}

#[component]
fn ManagersPanel() -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let data = LocalResource::new(move || async move {
        let query = ListQuery::new()
            .include([
                "hostname",
                "private_ip",
                "public_ip",
                "version",
                "edition",
                "distribution",
                "last_seen",
            ])
            .sort(SortKey::asc("hostname"))
            .page(100, 0);
        api.call(&ListManagers { query }).await
    });
    let removing = RwSignal::new(None::<String>);
    let open = RwSignal::new(false);
    let remove = move |_| {
        let Some(hostname) = removing.get_untracked() else {
            return;
        };
        leptos::task::spawn_local(async move {
            match api
                .call(&DeleteManager {
                    hostname: hostname.clone(),
                })
                .await
            {
                Ok(_) => toasts.success(format!("Manager {hostname} removed from the cluster.")),
                Err(e) => toasts.error(&e),
            }
            data.refetch();
        });
    };
    let row = move |m: ManagerNode| {
        let host = m.hostname.clone();
        view! { <tr>
            <td class="mono">{m.hostname.clone()}</td>
            <td>{m.version.clone().unwrap_or_default()}" "<span class="muted">{m.edition.clone().unwrap_or_default()}</span></td>
            <td class="mono">{m.private_ip.clone().unwrap_or_default()}</td>
            <td class="mono">{m.public_ip.clone().unwrap_or_default()}</td>
            <td>{m.distribution.clone().unwrap_or_default()}</td>
            <td><When t=m.last_seen/></td>
            <td><button class="button danger" use:guard="manager_manage" on:click=move |_| { removing.set(Some(host.clone())); open.set(true); }>"Remove"</button></td>
        </tr> }
    };
    view! {
        <section class="card" aria-labelledby="managers-title">
            <header class="card-head"><h2 id="managers-title">"Managers"</h2></header>
            {move || match data.get() {
                None => view! { <Loading what="managers"/> }.into_any(),
                Some(Err(e)) => view! { <ErrorView error=e on_retry=move |_| data.refetch()/> }.into_any(),
                Some(Ok(page)) if page.items.is_empty() => view! { <p class="empty">"The manager lists no cluster nodes."</p> }.into_any(),
                Some(Ok(page)) => view! {
                    <div class="table-scroll">
                        <table class="list">
                            <thead><tr><th>"Hostname"</th><th>"Version"</th><th>"Private IP"</th><th>"Public IP"</th><th>"System"</th><th>"Last seen"</th><th><span class="visually-hidden">"Actions"</span></th></tr></thead>
                            <tbody>{page.items.into_iter().map(row).collect_view()}</tbody>
                        </table>
                    </div>
                }.into_any(),
            }}
            <ConfirmDialog open
                title=Signal::derive(move || format!("Remove manager {}?", removing.get().unwrap_or_default()))
                confirm_label="Remove"
                type_to_confirm=Signal::derive(move || removing.get())
                on_confirm=remove>
                <p>"The node leaves the cluster; its services stop being part of it. Only do this for a node that is gone or being replaced."</p>
            </ConfirmDialog>
        </section>
    }
    .into_any()
}

fn license_view(l: License) -> AnyView {
    let now = crate::api::now();
    let expired = l.expired == Some(true) || l.expiration_date.is_some_and(|t| t.0 <= now);
    let soon = !expired
        && l.expiration_date
            .is_some_and(|t| t.0 <= now + chrono::Duration::days(30));
    let state = if expired {
        "expired"
    } else if soon {
        "expiring soon"
    } else {
        "valid"
    };
    view! {
        <dl class="facts">
            <dt>"State"</dt><dd>{status_badge(Some(state.to_string()))}</dd>
            <dt>"Edition"</dt><dd>{l.license_edition.clone().unwrap_or_default()}{(l.trial == Some(true)).then_some(" (trial)")}</dd>
            <dt>"Expires"</dt><dd>{match l.expiration_date {
                Some(t) => view! { <When t=Some(t)/>" · "{t.exact()} }.into_any(),
                None => view! { "never" }.into_any(),
            }}</dd>
            <dt>"Customer"</dt><dd>{l.customer_id.clone().unwrap_or_default()}</dd>
            <dt>"For version"</dt><dd>{l.cloudify_version.clone().unwrap_or_else(|| "any".into())}</dd>
            <dt>"Capabilities"</dt><dd>{l.capabilities.clone().unwrap_or_default().join(", ")}</dd>
        </dl>
    }
    .into_any()
}

/// The license: what it allows and until when, replacing it with a file, removing it.
#[component]
fn LicensePanel() -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let data = LocalResource::new(move || async move { api.call(&ListLicense).await });
    let file = RwSignal::new(None::<ChosenFile>);
    let error = RwSignal::new(None::<ApiError>);
    let removing = RwSignal::new(false);
    let upload = move |_| {
        let Some(f) = file.get_untracked() else {
            return;
        };
        let call = UploadLicense {
            text: String::from_utf8_lossy(&f.bytes).into_owned(),
        };
        error.set(None);
        leptos::task::spawn_local(async move {
            match api.call(&call).await {
                Ok(_) => {
                    toasts.success("License uploaded.");
                    file.try_set(None);
                }
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
            data.refetch();
        });
    };
    let check = move |_| {
        leptos::task::spawn_local(async move {
            match api.call(&CheckLicense).await {
                Ok(()) => toasts.success("The manager accepts its license."),
                Err(e) => toasts.error(&e),
            }
        });
    };
    let remove = move |_| {
        leptos::task::spawn_local(async move {
            match api.call(&DeleteLicense).await {
                Ok(()) => toasts.success("License removed."),
                Err(e) => toasts.error(&e),
            }
            data.refetch();
        });
    };
    view! {
        <section class="card" aria-labelledby="license-title">
            <header class="card-head"><h2 id="license-title">"License"</h2></header>
            {move || match data.get() {
                None => view! { <Loading what="license"/> }.into_any(),
                Some(Err(e)) => view! { <ErrorView error=e on_retry=move |_| data.refetch()/> }.into_any(),
                Some(Ok(page)) => match page.items.into_iter().next() {
                    None => view! { <p class="empty">"No license on this manager."</p> }.into_any(),
                    Some(l) => license_view(l),
                },
            }}
            <FileDrop accept=".yaml,.yml,.txt,.lic" what="a license file" name="license_file" on_file=move |f| file.set(Some(f))/>
            {move || error.get().map(|e| view! { <ErrorView error=e/> })}
            <div class="actions">
                <button class="button accent" disabled=move || file.with(Option::is_none) use:guard="license_upload" on:click=upload>"Upload license"</button>
                <button class="button" on:click=check>"Check license"</button>
                <button class="button danger" use:guard="license_remove" on:click=move |_| removing.set(true)>"Remove license"</button>
            </div>
            <ConfirmDialog open=removing title="Remove the license?" confirm_label="Remove" on_confirm=remove>
                <p>"A manager that needs a license refuses most calls until a new one is uploaded."</p>
            </ConfirmDialog>
        </section>
    }
    .into_any()
}

#[component]
pub fn SystemPage() -> impl IntoView {
    let api = use_api();
    let version = LocalResource::new(move || async move { api.call(&GetVersion).await });
    view! {
        <h1>"System"</h1>
        <p class="muted">{move || match version.get() {
            Some(Ok(v)) => format!("Manager {} ({} edition)", v.version.unwrap_or_default(), v.edition.unwrap_or_default()),
            Some(Err(e)) => format!("Version unknown: {} ({})", e.message, e.code),
            None => String::new(),
        }}</p>
        <nav class="related-links" aria-label="Administration">
            <A href="/snapshots">"Snapshots"</A>" · "<A href="/sites">"Sites"</A>" · "<A href="/agents">"Agents"</A>" · "<A href="/user-groups">"User groups"</A>" · "<A href="/permissions">"Permissions"</A>" · "<A href="/users">"Users"</A>" · "<A href="/tenants">"Tenants"</A>" · "<A href="/plugins">"Plugins"</A>" · "<A href="/secrets">"Secrets"</A>" · "<A href="/tokens">"API tokens"</A>" · "<A href="/metrics">"Metrics"</A>
        </nav>
        <MaintenancePanel/>
        <ClusterPanel/>
        <LicensePanel/>
        <ldap::LdapPanel/>
        <ManagersPanel/>
    }
    .into_any()
}
