//! One Imply cluster: status and events, spec, servers, history with a diff between two chosen
//! versions, edit; start/stop and delete. The tab and the chosen versions are in the URL
//! (`?tab=history&from=1&to=3`).

use baton_core::cloud::ProviderKind;
use baton_core::connections::{age, Connection};
use baton_core::imply::clusters::{
    spec_diff, spec_json, ChangeKind, DeleteCluster, GetCluster, GetClusterVersion, ListServers,
    UpdateCluster,
};
use baton_core::imply::{Cluster, DesiredState, Session};
use baton_core::ApiError;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_params_map, use_query_map};

use crate::components::cloud_page::{
    cell, facts, health_badge, opt, provider_head, rows_table, tab_links, with_query,
};
use crate::components::confirm::ConfirmDialog;
use crate::components::json_view::JsonView;
use crate::components::{status_badge, ErrorView, Loading};
use crate::connections::{call, from_route, missing, path};

const TABS: &[(&str, &str)] = &[
    ("status", "Status"),
    ("spec", "Spec"),
    ("servers", "Servers"),
    ("history", "History"),
    ("edit", "Edit spec"),
];

#[component]
pub fn ImplyClusterPage() -> impl IntoView {
    match from_route(ProviderKind::Imply) {
        Ok(c) => cluster_page(c),
        Err(reason) => missing(reason),
    }
}

fn cluster_page(conn: Connection) -> AnyView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let refresh = RwSignal::new(0u32);
    let conn = StoredValue::new(conn);
    let data = LocalResource::new(move || {
        refresh.track();
        let c = conn.get_value();
        let call_it = GetCluster { id: id.get() };
        async move { call::<Session, _>(&c, &call_it).await }
    });
    let reload = Callback::new(move |_| refresh.update(|n| *n += 1));
    // What the last action gave; kept while the cluster reloads after it.
    let outcome = Outcome {
        done: RwSignal::new(None),
        failure: RwSignal::new(None),
    };
    view! {
        {move || {
            let title = data.with(|d| match d {
                Some(Ok(c)) => c.metadata.name.clone(),
                _ => id.get(),
            });
            provider_head(&conn.get_value(), Some(title.clone()), title, Some(reload))
        }}
        {move || match data.get() {
            None => view! { <Loading what="cluster"/> }.into_any(),
            Some(Err(e)) => view! { <ErrorView error=e on_retry=reload/> }.into_any(),
            Some(Ok(c)) => view! { <ClusterView conn=conn.get_value() cluster=c reload outcome/> }.into_any(),
        }}
    }
    .into_any()
}

/// The message or the error of the last action.
#[derive(Clone, Copy)]
struct Outcome {
    done: RwSignal<Option<String>>,
    failure: RwSignal<Option<ApiError>>,
}

#[component]
fn ClusterView(
    conn: Connection,
    cluster: Cluster,
    reload: Callback<()>,
    outcome: Outcome,
) -> impl IntoView {
    let query = use_query_map();
    let location = use_location();
    // A memo: choosing versions changes the query but not the tab.
    let tab = Memo::new(move |_| {
        query
            .with(|q| q.get("tab"))
            .filter(|t| TABS.iter().any(|(k, _)| k == t))
            .unwrap_or_else(|| "status".into())
    });
    let here = path(&conn, &["clusters", cluster.id()]);
    let links = {
        let here = here.clone();
        move || tab_links(here.clone(), location.search.get(), &tab.get(), TABS)
    };
    let actions = actions(conn.clone(), cluster.clone(), reload, outcome);
    let conn = StoredValue::new(conn);
    let cluster = StoredValue::new(cluster);
    let navigate = use_navigate();
    let saved = Callback::new(move |_| {
        let to = with_query(
            &here,
            &location.search.get_untracked(),
            &[("tab", Some("status".into()))],
        );
        navigate(&to, Default::default());
        reload.run(());
    });
    view! {
        {actions}
        {links}
        {move || match tab.get().as_str() {
            "spec" => view! { <JsonView value=spec_json(&cluster.get_value().spec) open_depth=3/> }.into_any(),
            "servers" => servers(conn.get_value(), cluster.get_value().id().to_string()),
            "history" => view! { <History conn=conn.get_value() cluster=cluster.get_value()/> }.into_any(),
            "edit" => view! { <super::form::SpecForm conn=conn.get_value() cluster=Some(cluster.get_value()) on_saved=saved/> }.into_any(),
            _ => status(&cluster.get_value()),
        }}
    }
    .into_any()
}

/// Start or Stop (by the desired state), Delete; each refusal said, the 409 in words.
fn actions(conn: Connection, cluster: Cluster, reload: Callback<()>, outcome: Outcome) -> AnyView {
    let Outcome { done, failure } = outcome;
    let busy = RwSignal::new(false);
    let stopped = cluster.spec.desired_state == Some(DesiredState::Stopped);
    let name = cluster.metadata.name.clone();
    let conn = StoredValue::new(conn);
    let cluster = StoredValue::new(cluster);
    let navigate = use_navigate();
    let set_state = move |state: DesiredState| {
        busy.set(true);
        failure.set(None);
        done.set(None);
        leptos::task::spawn_local(async move {
            let update = UpdateCluster::desired_state(&cluster.get_value(), state.clone());
            match call::<Session, _>(&conn.get_value(), &update).await {
                Ok(c) => {
                    done.set(Some(format!(
                        "{} asked: the cluster is now {}.",
                        if state == DesiredState::Stopped {
                            "Stop"
                        } else {
                            "Start"
                        },
                        c.state().words()
                    )));
                    reload.run(());
                }
                Err(e) => failure.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let delete = move || {
        busy.set(true);
        failure.set(None);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let c = conn.get_value();
            let call_it = DeleteCluster {
                id: cluster.get_value().id().to_string(),
            };
            match call::<Session, _>(&c, &call_it).await {
                Ok(()) => navigate(&path(&c, &[]), Default::default()),
                Err(e) => failure.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let stop_open = RwSignal::new(false);
    let delete_open = RwSignal::new(false);
    let typed = name.clone();
    let set_state2 = set_state;
    view! {
        <div class="imply-actions" role="group" aria-label="Actions">
            {if stopped {
                view! { <button class="button accent" disabled=move || busy.get() on:click=move |_| set_state2(DesiredState::Started)>"Start"</button> }.into_any()
            } else {
                view! { <button class="button" disabled=move || busy.get() on:click=move |_| stop_open.set(true)>"Stop"</button> }.into_any()
            }}
            <button class="button danger" disabled=move || busy.get() on:click=move |_| delete_open.set(true)>"Delete"</button>
        </div>
        <ConfirmDialog open=stop_open title=format!("Stop {name}?") confirm_label="Stop"
            on_confirm=move |_| set_state(DesiredState::Stopped)>
            <p>"Its servers stop; queries and ingestion stop until it is started again. The spec is kept."</p>
        </ConfirmDialog>
        <ConfirmDialog open=delete_open title=format!("Delete {name}?") confirm_label="Delete"
            type_to_confirm=Signal::derive(move || Some(typed.clone()))
            on_confirm=move |_| delete()>
            <p>"The cluster, its servers and its version history are removed. This cannot be undone."</p>
        </ConfirmDialog>
        {move || done.get().map(|m| view! { <p class="imply-done" role="status">{m}</p> })}
        {move || failure.get().map(super::action_error)}
    }
    .into_any()
}

fn status(c: &Cluster) -> AnyView {
    let now = crate::api::now();
    let st = c.status.clone().unwrap_or_default();
    let update = st.update_state.as_ref().map(|u| {
        let mut s = u.phase.clone().unwrap_or_else(|| "Applying".into());
        if let Some(p) = u.progress {
            s.push_str(&format!(" · {p}%"));
        }
        if let Some(v) = u.target_resource_version {
            s.push_str(&format!(" · to version {v}"));
        }
        s
    });
    let desired = c
        .spec
        .desired_state
        .as_ref()
        .map(|d| {
            if *d == DesiredState::Stopped {
                "Stopped"
            } else {
                "Started"
            }
        })
        .unwrap_or_default();
    let mut events = st.events.clone();
    events.reverse();
    let rows = events
        .into_iter()
        .map(|e| {
            vec![
                cell(e.timestamp.map(|t| t.short()).unwrap_or_default()),
                cell(opt(&e.kind)),
                cell(opt(&e.message)),
            ]
        })
        .collect();
    view! {
        <p class="imply-state">"State: "{health_badge(c.state().words().to_string(), c.state().health())}</p>
        {facts(vec![
            ("Desired state", desired.to_string()),
            ("Version", opt(&c.spec.version)),
            ("Configuration version", st.resource_version.map(|v| v.to_string()).unwrap_or_default()),
            ("Change in progress", update.unwrap_or_default()),
            ("Servers asked for", super::servers_summary(c)),
            ("Created", c.metadata.creation_timestamp.map(|t| format!("{} ({} ago)", t.short(), age(t, now))).unwrap_or_default()),
            ("Id", c.id().to_string()),
        ])}
        <h2>"Events"</h2>
        {rows_table("Events", &["Time", "Type", "Message"], rows, "No event yet.")}
    }
    .into_any()
}

fn servers(conn: Connection, id: String) -> AnyView {
    let again = RwSignal::new(0u32);
    let data = LocalResource::new(move || {
        again.track();
        let (c, call_it) = (conn.clone(), ListServers { id: id.clone() });
        async move { call::<Session, _>(&c, &call_it).await }
    });
    view! {
        {move || match data.get() {
            None => view! { <Loading what="servers"/> }.into_any(),
            Some(Err(e)) => view! { <ErrorView error=e on_retry=move |_| again.update(|n| *n += 1)/> }.into_any(),
            Some(Ok(list)) => {
                let rows = list.iter().map(|s| vec![
                    cell(opt(&s.id)),
                    cell(opt(&s.kind)),
                    cell(opt(&s.instance_type)),
                    status_badge(s.state.clone()),
                    cell(opt(&s.private_ip)),
                    cell(s.launch_time.map(|t| t.short()).unwrap_or_default()),
                ]).collect();
                rows_table("Servers", &["Server", "Type", "Instance type", "State", "Private IP", "Launched"], rows,
                    "No server: the cluster has none running.")
            }
        }}
    }
    .into_any()
}

/// The versions of the configuration and what changed between two of them.
#[component]
fn History(conn: Connection, cluster: Cluster) -> impl IntoView {
    let latest = cluster
        .status
        .as_ref()
        .and_then(|s| s.resource_version)
        .unwrap_or(1)
        .max(1);
    let query = use_query_map();
    let location = use_location();
    let navigate = use_navigate();
    let version = move |key: &str, default: u64| {
        query
            .with(|q| q.get(key))
            .and_then(|v| v.parse::<u64>().ok())
            .filter(|v| (1..=latest).contains(v))
            .unwrap_or(default)
    };
    let from = move || version("from", latest.saturating_sub(1).max(1));
    let to = move || version("to", latest);
    let here = path(&conn, &["clusters", cluster.id()]);
    let id = cluster.id().to_string();
    let diff = LocalResource::new(move || {
        let (c, id, a, b) = (conn.clone(), id.clone(), from(), to());
        async move {
            let get = |v| GetClusterVersion {
                id: id.clone(),
                resource_version: v,
            };
            let before = call::<Session, _>(&c, &get(a)).await?;
            let after = call::<Session, _>(&c, &get(b)).await?;
            Ok::<_, ApiError>(spec_diff(&before, &after))
        }
    });
    let choose = move |key: &'static str, v: String| {
        let to = with_query(&here, &location.search.get_untracked(), &[(key, Some(v))]);
        navigate(&to, Default::default());
    };
    let choose2 = choose.clone();
    let options = move |current: u64| {
        (1..=latest)
            .rev()
            .map(|v| {
                let label = if v == latest {
                    format!("{v} (current)")
                } else {
                    v.to_string()
                };
                view! { <option value=v.to_string() selected=v == current>{label}</option> }
            })
            .collect_view()
    };
    view! {
        <div class="imply-versions" role="group" aria-label="Versions to compare">
            <label>"From version "
                <select name="from" on:change=move |ev| choose("from", event_target_value(&ev))>{move || options(from())}</select>
            </label>
            <label>" to version "
                <select name="to" on:change=move |ev| choose2("to", event_target_value(&ev))>{move || options(to())}</select>
            </label>
        </div>
        {move || match diff.get() {
            None => view! { <Loading what="the two versions"/> }.into_any(),
            Some(Err(e)) => view! { <ErrorView error=e/> }.into_any(),
            Some(Ok(lines)) if lines.is_empty() => view! { <p class="empty">"The two versions have the same spec."</p> }.into_any(),
            Some(Ok(lines)) => view! {
                <table class="list imply-diff" aria-label="Changes">
                    <thead><tr><th scope="col">"Change"</th><th scope="col">"Field"</th><th scope="col">"Before"</th><th scope="col">"After"</th></tr></thead>
                    <tbody>
                        {lines.into_iter().map(|l| {
                            let (class, word) = match l.kind {
                                ChangeKind::Added => ("imply-added", "+ added"),
                                ChangeKind::Removed => ("imply-removed", "− removed"),
                                ChangeKind::Changed => ("imply-changed", "~ changed"),
                            };
                            view! {
                                <tr class=class>
                                    <td>{word}</td>
                                    <td class="mono">{l.path}</td>
                                    <td><pre class="value">{l.before.unwrap_or_default()}</pre></td>
                                    <td><pre class="value">{l.after.unwrap_or_default()}</pre></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any(),
        }}
    }
}
