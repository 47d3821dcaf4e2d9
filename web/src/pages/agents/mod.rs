//! Agents: the processes the manager installed on the hosts it manages, one per node instance
//! (ip, install method, system, version, state), filtered by deployment, node or node
//! instance through the URL, each linked to its node on the deployment's page.

use baton_core::conductor::agents::{Agent, ListAgents};
use baton_core::{ListQuery, Query, SortKey};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::clock::When;
use crate::components::table::{Column, ListSpec, ResourceList};
use crate::components::{copy_id, status_badge, Name};
use crate::pages::deployments::href as deployment_href;

/// The URL parameters the manager takes as its own filters, not as field filters.
const OWN_FILTERS: &[&str] = &[
    "deployment_id",
    "node_ids",
    "node_instance_ids",
    "install_methods",
    "state",
];

/// Moves the agents' own filters out of the list's field filters.
fn list_agents(mut query: ListQuery) -> ListAgents {
    let mut take = |key: &str| -> Vec<String> {
        let (mine, rest): (Vec<_>, Vec<_>) = query.filters.drain(..).partition(|(k, _)| k == key);
        query.filters = rest;
        mine.into_iter().map(|(_, v)| v).collect()
    };
    ListAgents {
        deployment_id: take("deployment_id").into_iter().next(),
        node_ids: take("node_ids"),
        node_instance_ids: take("node_instance_ids"),
        install_methods: take("install_methods"),
        states: take("state"),
        query,
    }
}

/// The agent's node on its deployment's page.
fn node_href(a: &Agent) -> Option<String> {
    let dep = a.deployment.as_deref()?;
    let node = a.node.as_deref()?;
    Some(format!(
        "{}?{}",
        deployment_href(dep),
        Query::new().with("node", node.to_string()).encode()
    ))
}

fn text(v: &Option<String>) -> AnyView {
    view! { <span>{v.clone().unwrap_or_default()}</span> }.into_any()
}

fn columns() -> Vec<Column<Agent>> {
    vec![
        Column {
            label: "Node instance",
            sort: Some("id"),
            fields: &["id", "deployment", "node"],
            cell: |a| {
                let id = a.id.clone();
                let copy = copy_id(id.clone());
                match node_href(a) {
                    Some(link) => {
                        view! { <A href=link attr:class="name mono"><Name text=id/></A>{copy} }
                            .into_any()
                    }
                    None => {
                        view! { <span class="name mono"><Name text=id/></span>{copy} }.into_any()
                    }
                }
            },
        },
        Column {
            label: "Deployment",
            sort: Some("deployment"),
            fields: &["deployment"],
            cell: |a| match a.deployment.clone() {
                Some(d) => {
                    let link = deployment_href(&d);
                    view! { <A href=link><Name text=d/></A> }.into_any()
                }
                None => text(&None),
            },
        },
        Column {
            label: "Node",
            sort: Some("node"),
            fields: &["node"],
            cell: |a| text(&a.node),
        },
        Column {
            label: "IP",
            sort: Some("ip"),
            fields: &["ip"],
            cell: |a| {
                view! { <span class="mono nowrap">{a.ip.clone().unwrap_or_default()}</span> }
                    .into_any()
            },
        },
        Column {
            label: "Install method",
            sort: Some("install_method"),
            fields: &["install_method"],
            cell: |a| text(&a.install_method),
        },
        Column {
            label: "System",
            sort: Some("system"),
            fields: &["system"],
            cell: |a| text(&a.system),
        },
        Column {
            label: "Version",
            sort: Some("version"),
            fields: &["version"],
            cell: |a| text(&a.version),
        },
        Column {
            label: "State",
            sort: Some("state"),
            fields: &["state"],
            // An agent `started` is up and answering: healthy, not "in progress" as an
            // execution `started` is.
            cell: |a| {
                match a.state.as_deref() {
                Some("started") => view! {
                    <span class="badge ok"><span class="glyph" aria-hidden="true">"✓ "</span>"started"</span>
                }
                .into_any(),
                _ => status_badge(a.state.clone()),
            }
            },
        },
        Column {
            label: "Created",
            sort: Some("created_at"),
            fields: &["created_at"],
            cell: |a| view! { <When t=a.created_at/> }.into_any(),
        },
    ]
}

#[component]
pub fn AgentsPage() -> impl IntoView {
    let spec = ListSpec {
        noun: "agents",
        path: "/agents",
        default_sort: || SortKey::asc("id"),
        columns: columns(),
        filters: OWN_FILTERS,
        search_names: false,
        endpoint: list_agents,
        placeholder: "Search agents",
    };
    view! {
        <div class="page-head">
            <h1>"Agents"</h1>
        </div>
        <p class="muted">"The manager's agents on the hosts it manages. The manager lists started agents unless a state is asked for (add "<code>"?state=stopped"</code>" to the address, for instance)."</p>
        <ResourceList spec/>
    }
    .into_any()
}
