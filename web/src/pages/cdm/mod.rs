//! OTC CDM clusters of one connection: the list, and one cluster with every field the details
//! answer has (state, endpoints, network, instances and their roles, maintenance window,
//! failure reasons…) and its actions: start, stop, restart and delete, each with its options,
//! a confirmation, and the manager's refusal shown.

mod actions;

use baton_core::cdm::{Cluster, ClusterState, GetCluster, Instance, ListClusters, Session};
use baton_core::cloud::ProviderKind;
use baton_core::connections::{age, Connection};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::cloud_page::{cell, facts, health_badge, opt, provider_head, rows_table};
use crate::components::{ErrorView, KeyValueTable, Loading};
use crate::connections::{call, from_route, missing, path};

/// The state's badge: words, code and tone.
fn state_badge(status: &Option<ClusterState>, frozen: Option<bool>) -> AnyView {
    let health = if frozen == Some(true) {
        ClusterState::Frozen.health()
    } else {
        status
            .as_ref()
            .map_or(baton_core::cloud::Health::Unknown, ClusterState::health)
    };
    health_badge(state_words(status, frozen), health)
}

/// The state in words, with its code (`Running normally (200)`); frozen wins over the code.
fn state_words(status: &Option<ClusterState>, frozen: Option<bool>) -> String {
    let s = status
        .clone()
        .unwrap_or_else(|| ClusterState::Other(String::new()));
    let words = if frozen == Some(true) {
        ClusterState::Frozen.words()
    } else {
        s.words()
    };
    match s.code() {
        "" => words.to_string(),
        code => format!("{words} ({code})"),
    }
}

fn yes_no(v: Option<bool>) -> String {
    match v {
        Some(true) => "Yes".into(),
        Some(false) => "No".into(),
        None => String::new(),
    }
}

/// Failure reasons, or what the cluster is doing (`STOPPING`, `CREATING 45%`).
fn reason_or_action(c: &Cluster) -> String {
    let failures = c.failures();
    if !failures.is_empty() {
        return failures.join("; ");
    }
    let progress: Vec<String> = c
        .action_progress
        .iter()
        .map(|(k, v)| format!("{k} {}", crate::components::json_text(v)))
        .collect();
    if !progress.is_empty() {
        return progress.join(", ");
    }
    c.actions.join(", ")
}

#[component]
pub fn CdmClustersPage() -> impl IntoView {
    match from_route(ProviderKind::Cdm) {
        Ok(c) => clusters_list(c),
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
        "CDM clusters".into(),
        Some(Callback::new(move |_| refresh.update(|n| *n += 1))),
    );
    view! {
        {head}
        {move || match data.get() {
            None => view! { <Loading what="clusters"/> }.into_any(),
            Some(Err(e)) => view! { <ErrorView error=e on_retry=move |_| refresh.update(|n| *n += 1)/> }.into_any(),
            Some(Ok(list)) => {
                let now = crate::api::now();
                let c = conn.get_value();
                let rows = list.clusters.iter().map(|k| {
                    let href = path(&c, &["clusters", &k.id]);
                    vec![
                        view! { <a href=href>{k.name.clone()}</a> }.into_any(),
                        state_badge(&k.status, k.is_frozen),
                        cell(yes_no(k.is_frozen)),
                        cell(k.created.map(|t| format!("{} ({} ago)", t.short(), age(t, now))).unwrap_or_default()),
                        cell(k.cdm_version().unwrap_or_default()),
                        cell(k.instances.len().to_string()),
                        cell(reason_or_action(k)),
                    ]
                }).collect();
                rows_table("CDM clusters", &["Name", "State", "Frozen", "Created", "Version", "Instances", "Failure or action"], rows,
                    "No CDM cluster in this project.")
            }
        }}
    }
    .into_any()
}

#[component]
pub fn CdmClusterPage() -> impl IntoView {
    match from_route(ProviderKind::Cdm) {
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
    let outcome = actions::Outcome {
        done: RwSignal::new(None),
        failure: RwSignal::new(None),
    };
    view! {
        {move || {
            let title = data.with(|d| match d {
                Some(Ok(c)) => c.name.clone(),
                _ => id.get(),
            });
            provider_head(&conn.get_value(), Some(title.clone()), title, Some(reload))
        }}
        {move || match data.get() {
            None => view! { <Loading what="cluster"/> }.into_any(),
            Some(Err(e)) => view! { <ErrorView error=e on_retry=reload/> }.into_any(),
            Some(Ok(c)) => details(conn.get_value(), c, reload, outcome),
        }}
    }
    .into_any()
}

fn details(
    conn: Connection,
    c: Cluster,
    reload: Callback<()>,
    outcome: actions::Outcome,
) -> AnyView {
    let now = crate::api::now();
    let when = |t: Option<baton_core::Timestamp>| {
        t.map(|t| format!("{} ({} ago)", t.short(), age(t, now)))
            .unwrap_or_default()
    };
    let failures = c.failures();
    let progress = c
        .action_progress
        .iter()
        .map(|(k, v)| format!("{k} {}", crate::components::json_text(v)))
        .collect::<Vec<_>>()
        .join(", ");
    let endpoint_status = c
        .public_endpoint_status
        .as_ref()
        .map(|s| {
            let mut t = opt(&s.status);
            if let Some(m) = s.error_message.as_ref().filter(|m| !m.is_empty()) {
                t.push_str(&format!(" · {m}"));
            }
            t
        })
        .unwrap_or_default();
    let window = c
        .maintain_window
        .as_ref()
        .map(|w| {
            format!(
                "{} {}–{}",
                opt(&w.day),
                opt(&w.start_time),
                opt(&w.end_time)
            )
        })
        .unwrap_or_default();
    let task = c
        .task
        .as_ref()
        .map(|t| {
            [&t.name, &t.description, &t.id]
                .into_iter()
                .filter_map(|s| s.clone().filter(|s| !s.is_empty()))
                .collect::<Vec<_>>()
                .join(" · ")
        })
        .unwrap_or_default();
    let customer = c
        .customer_config
        .as_ref()
        .and_then(|cc| serde_json::to_value(cc).ok())
        .and_then(|v| match v {
            serde_json::Value::Object(m) => Some(
                m.into_iter()
                    .filter(|(_, v)| !v.is_null())
                    .collect::<serde_json::Map<_, _>>(),
            ),
            _ => None,
        });
    let links = c
        .links
        .iter()
        .map(|l| format!("{}: {}", opt(&l.rel), opt(&l.href)))
        .collect::<Vec<_>>()
        .join("\n");
    let extra: serde_json::Map<String, serde_json::Value> = c
        .extra
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let instances = instances_table(&c.instances);
    let actions = actions::actions(conn, c.clone(), reload, outcome);
    view! {
        {actions}
        <p class="cdm-state">"State: "{state_badge(&c.status, c.is_frozen)}</p>
        {(!failures.is_empty()).then(|| view! {
            <div class="cdm-failed" role="alert">
                <strong>"Failure reasons"</strong>
                <ul>{failures.into_iter().map(|f| view! { <li>{f}</li> }).collect_view()}</ul>
            </div>
        })}
        <h2>"State"</h2>
        {facts(vec![
            ("Status", state_words(&c.status, c.is_frozen)),
            ("Detail", opt(&c.status_detail)),
            ("Frozen", yes_no(c.is_frozen)),
            ("Configuration", opt(&c.config_status)),
            ("Actions", c.actions.join(", ")),
            ("Progress", progress),
            ("Task", task),
            ("Created", when(c.created)),
            ("Updated", when(c.updated)),
            ("Version", c.cdm_version().unwrap_or_default()),
            ("Id", c.id.clone()),
        ])}
        <h2>"Endpoints"</h2>
        {facts(vec![
            ("Public endpoint", opt(&c.public_endpoint)),
            ("Public domain name", opt(&c.public_endpoint_domain_name)),
            ("Private domain name", opt(&c.endpoint_domain_name)),
            ("Elastic IP", opt(&c.eip_id)),
            ("Public endpoint status", endpoint_status),
        ])}
        <h2>"Network"</h2>
        {facts(vec![
            ("VPC", opt(&c.vpc_id)),
            ("Subnet", opt(&c.subnet_id)),
            ("Security group", opt(&c.security_group_id)),
            ("Availability zone", opt(&c.az_name)),
        ])}
        <h2>"Instances"</h2>
        {instances}
        <h2>"Maintenance and backup"</h2>
        {facts(vec![
            ("Maintenance window", window),
            ("Backup starts at", opt(&c.bak_expected_start_time)),
            ("Backups kept (days)", c.bak_keep_day.map(|d| d.to_string()).unwrap_or_default()),
            ("Auto shutdown", yes_no(c.is_auto_off)),
            ("Scheduled start/stop", yes_no(c.is_schedule_boot_off)),
        ])}
        <h2>"Configuration"</h2>
        {facts(vec![
            ("Flavor", opt(&c.flavor_name)),
            ("Cluster mode", opt(&c.cluster_mode)),
            ("Namespace", opt(&c.namespace)),
            ("Database user", opt(&c.dbuser)),
            ("Datastore", c.datastore.as_ref().map(|d| format!("{} {}", opt(&d.kind), opt(&d.version)).trim().to_string()).unwrap_or_default()),
            ("Recent events", c.recent_event.map(|n| n.to_string()).unwrap_or_default()),
            ("Links", links),
        ])}
        <h3>"Customer configuration"</h3>
        <KeyValueTable entries=customer empty="No customer configuration."/>
        {(!extra.is_empty()).then(|| view! {
            <h3>"Other fields"</h3>
            <KeyValueTable entries=Some(extra) empty=""/>
        })}
    }
    .into_any()
}

/// The node's other fields, labelled: id, flavor, shard, parameter group, components, fixed
/// management IP, its resources.
fn node_more(n: &Instance) -> String {
    let resources = n
        .resource
        .iter()
        .map(|r| {
            format!("{} {}", opt(&r.resource_type), opt(&r.resource_id))
                .trim()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join(", ");
    [
        ("id", opt(&n.id)),
        ("type", opt(&n.kind)),
        (
            "flavor",
            n.flavor.as_ref().map(|f| opt(&f.id)).unwrap_or_default(),
        ),
        ("shard", opt(&n.shard_id)),
        ("parameter group", opt(&n.params_group_id)),
        ("components", opt(&n.components)),
        ("fixed management IP", opt(&n.manage_fix_ip)),
        ("resources", resources),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(k, v)| format!("{k}: {v}"))
    .collect::<Vec<_>>()
    .join("; ")
}

fn instances_table(nodes: &[Instance]) -> AnyView {
    let rows = nodes
        .iter()
        .map(|n| {
            let ips = [
                ("public", &n.public_ip),
                ("manage", &n.manage_ip),
                ("traffic", &n.traffic_ip),
                ("private", &n.private_ip),
                ("internal", &n.internal_ip),
            ]
            .into_iter()
            .filter_map(|(k, v)| {
                v.as_ref()
                    .filter(|v| !v.is_empty())
                    .map(|v| format!("{k} {v}"))
            })
            .collect::<Vec<_>>()
            .join(", ");
            let disk = n
                .volume
                .as_ref()
                .map(|v| {
                    format!(
                        "{} {}",
                        v.size.map(|s| format!("{s} GB")).unwrap_or_default(),
                        opt(&v.kind)
                    )
                    .trim()
                    .to_string()
                })
                .unwrap_or_default();
            vec![
                cell(opt(&n.name)),
                cell(opt(&n.role)),
                state_badge(&n.status, n.is_frozen),
                cell(n.actions.join(", ")),
                cell(opt(&n.config_status)),
                cell(ips),
                cell(disk),
                cell(opt(&n.group)),
                cell(node_more(n)),
            ]
        })
        .collect();
    rows_table(
        "Instances",
        &[
            "Instance",
            "Role",
            "Status",
            "Actions",
            "Configuration",
            "Addresses",
            "Disk",
            "Group",
            "More",
        ],
        rows,
        "No instance.",
    )
}
