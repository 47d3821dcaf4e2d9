//! Imply Cloud Manager clusters of one connection: the list, a new cluster, and one cluster
//! (status, spec, servers, the history of versions with a diff, edit, start/stop, delete).
//! Every call is a core endpoint sent through the connection (`crate::connections::call`).

mod detail;
mod form;

use baton_core::cloud::ProviderKind;
use baton_core::connections::{age, Connection};
use baton_core::imply::clusters::ListClusters;
use baton_core::imply::{Cluster, Session};
use baton_core::ApiError;
use leptos::prelude::*;

use crate::components::cloud_page::{cell, health_badge, provider_head, rows_table};
use crate::components::{ErrorView, Loading};
use crate::connections::{call, from_route, missing, path};

pub use detail::ImplyClusterPage;

/// Why a change was refused while the cluster applies another one, in the operator's words.
pub const CONFLICT_HINT: &str =
    "The cluster is applying another change; wait until it is Running or Stopped and try again.";

/// An action's error: the conflict said in words above the manager's own message.
pub fn action_error(e: ApiError) -> AnyView {
    let conflict = baton_core::imply::is_state_conflict(&e);
    view! {
        {conflict.then(|| view! { <p class="imply-conflict" role="status">{CONFLICT_HINT}</p> })}
        <ErrorView error=e/>
    }
    .into_any()
}

/// "3 master · 2 query · 6 data": the servers the spec asks for.
pub fn servers_summary(c: &Cluster) -> String {
    let s = &c.spec;
    let data: u32 = s
        .data
        .as_ref()
        .map(|d| d.tiers.iter().filter_map(|t| t.replicas).sum())
        .unwrap_or(0);
    let tiers = s.data.as_ref().map_or(0, |d| d.tiers.len());
    let mut parts = Vec::new();
    if let Some(n) = s.master.as_ref().and_then(|m| m.replicas) {
        parts.push(format!("{n} master"));
    }
    if let Some(n) = s.query.as_ref().and_then(|m| m.replicas) {
        parts.push(format!("{n} query"));
    }
    if tiers > 0 {
        let t = if tiers == 1 { "tier" } else { "tiers" };
        parts.push(format!("{data} data ({tiers} {t})"));
    }
    parts.join(" · ")
}

#[component]
pub fn ImplyClustersPage() -> impl IntoView {
    match from_route(ProviderKind::Imply) {
        Ok(c) => clusters_list(c),
        Err(reason) => missing(reason),
    }
}

#[component]
pub fn ImplyNewClusterPage() -> impl IntoView {
    match from_route(ProviderKind::Imply) {
        Ok(c) => {
            let head = provider_head(
                &c,
                Some("New cluster".into()),
                "New Imply cluster".into(),
                None,
            );
            view! { {head} <form::SpecForm conn=c cluster=None/> }.into_any()
        }
        Err(reason) => missing(reason),
    }
}

fn clusters_list(conn: Connection) -> AnyView {
    let refresh = RwSignal::new(0u32);
    let conn = StoredValue::new(conn);
    let data = LocalResource::new(move || {
        refresh.track();
        let c = conn.get_value();
        async move { call::<Session, _>(&c, &ListClusters).await }
    });
    let head = provider_head(
        &conn.get_value(),
        None,
        "Imply clusters".into(),
        Some(Callback::new(move |_| refresh.update(|n| *n += 1))),
    );
    let new_href = path(&conn.get_value(), &["new"]);
    view! {
        {head}
        <p><a class="button accent" href=new_href>"New cluster"</a></p>
        {move || match data.get() {
            None => view! { <Loading what="clusters"/> }.into_any(),
            Some(Err(e)) => view! { <ErrorView error=e on_retry=move |_| refresh.update(|n| *n += 1)/> }.into_any(),
            Some(Ok(list)) => {
                let now = crate::api::now();
                let c = conn.get_value();
                let rows = list.iter().map(|k| {
                    let href = path(&c, &["clusters", k.id()]);
                    vec![
                        view! { <a href=href>{k.metadata.name.clone()}</a> }.into_any(),
                        { let st = k.state(); health_badge(st.words().to_string(), st.health()) },
                        cell(k.spec.version.clone().unwrap_or_default()),
                        cell(k.metadata.creation_timestamp.map(|t| age(t, now)).unwrap_or_default()),
                        cell(servers_summary(k)),
                        cell(k.status.as_ref().and_then(|s| s.events.last()).and_then(|e| e.message.clone()).unwrap_or_default()),
                    ]
                }).collect();
                rows_table("Imply clusters", &["Name", "State", "Version", "Age", "Servers", "Last event"], rows,
                    "No cluster in this account yet. Create one with New cluster.")
            }
        }}
    }
    .into_any()
}
