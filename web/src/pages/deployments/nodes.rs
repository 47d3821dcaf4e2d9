//! A deployment's nodes and node instances: counts and states per node, then one node's
//! instances with relationships and runtime properties. Runtime properties are edited with
//! the manager's `version`: a 409 shows both versions side by side instead of overwriting.

use std::collections::BTreeMap;

use baton_core::conductor::nodes::{
    GetNodeInstance, ListNodeInstances, ListNodes, UpdateNodeInstance,
};
use baton_core::conductor::resources::NodeInstance;
use baton_core::{ApiError, ListQuery};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use serde_json::{Map, Value};

use super::href;
use crate::api::use_api;
use crate::components::{json_text, status_badge, ErrorView, Loading};
use crate::permissions::guard;

/// How many of `states` are in each state, in words: "2 started, 1 uninitialized".
pub fn state_summary<'a>(states: impl Iterator<Item = &'a str>) -> String {
    let mut counts = BTreeMap::<&str, usize>::new();
    for s in states {
        *counts.entry(s).or_default() += 1;
    }
    counts
        .into_iter()
        .map(|(s, n)| format!("{n} {s}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[component]
pub fn NodesSection(deployment_id: String) -> impl IntoView {
    let api = use_api();
    let query = use_query_map();
    let navigate = use_navigate();
    let dep = deployment_id.clone();
    let data = LocalResource::new(move || {
        let dep = dep.clone();
        async move {
            let nodes = api
                .call(&ListNodes {
                    query: ListQuery::new()
                        .include([
                            "id",
                            "type",
                            "number_of_instances",
                            "deploy_number_of_instances",
                            "host_id",
                        ])
                        .page(1000, 0),
                    deployment_id: Some(dep.clone()),
                    ..Default::default()
                })
                .await?;
            let instances = api
                .call(&ListNodeInstances {
                    query: ListQuery::new()
                        .include([
                            "id",
                            "node_id",
                            "state",
                            "version",
                            "runtime_properties",
                            "relationships",
                            "host_id",
                        ])
                        .page(1000, 0),
                    deployment_id: Some(dep),
                    node_id: None,
                })
                .await?;
            Ok::<_, ApiError>((nodes.items, instances.items))
        }
    });
    let selected = Memo::new(move |_| query.with(|q| q.get("node")));
    let dep = StoredValue::new(deployment_id);
    let open = move |node: Option<String>| {
        let mut q = baton_core::Query::new();
        if let Some(n) = node {
            q = q.with("node", n);
        }
        let url = dep.with_value(|d| format!("{}?{}", href(d), q.encode()));
        navigate(
            &url,
            leptos_router::NavigateOptions {
                scroll: false,
                ..Default::default()
            },
        );
    };
    let open = StoredValue::new(open);
    let agents = dep.with_value(|d| {
        format!(
            "/agents?{}",
            baton_core::Query::new()
                .with("deployment_id", d.clone())
                .encode()
        )
    });
    view! {
        <section id="nodes">
            <h2>"Nodes"</h2>
            <p><A href=agents>"Agents on this deployment's hosts"</A></p>
            {move || match data.get() {
                None => view! { <Loading what="nodes"/> }.into_any(),
                Some(Err(e)) => view! { <ErrorView error=e on_retry=move |_| data.refetch()/> }.into_any(),
                Some(Ok((nodes, instances))) if nodes.is_empty() => {
                    let _ = instances;
                    view! { <p class="empty">"No nodes."</p> }.into_any()
                }
                Some(Ok((nodes, instances))) => {
                    let chosen = selected.get();
                    let rows = nodes.iter().map(|n| {
                        let mine: Vec<&NodeInstance> = instances.iter().filter(|i| i.node_id.as_deref() == Some(&n.id)).collect();
                        let summary = state_summary(mine.iter().map(|i| i.state.as_deref().unwrap_or("unknown")));
                        let id = n.id.clone();
                        let is_open = chosen.as_deref() == Some(n.id.as_str());
                        let target = (!is_open).then(|| id.clone());
                        view! {
                            <tr class:selected=is_open>
                                <td><button type="button" class="button link mono" aria-expanded=is_open.to_string()
                                    on:click=move |_| open.with_value(|o| o(target.clone()))>{id.clone()}</button></td>
                                <td class="mono">{n.node_type.clone().unwrap_or_default()}</td>
                                <td>{mine.len()}</td>
                                <td>{summary}</td>
                            </tr>
                        }
                    }).collect_view();
                    let shown: Vec<NodeInstance> = chosen.as_ref().map(|c| instances.iter().filter(|i| i.node_id.as_deref() == Some(c)).cloned().collect()).unwrap_or_default();
                    view! {
                        <table class="list compact nodes">
                            <thead><tr><th>"Node"</th><th>"Type"</th><th>"Instances"</th><th>"States"</th></tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                        {chosen.map(|c| view! {
                            <h3>"Instances of " <span class="mono">{c}</span></h3>
                            {shown.into_iter().map(|i| view! { <InstanceCard instance=i/> }).collect_view()}
                        })}
                    }.into_any()
                }
            }}
        </section>
    }
}

/// A conflict: what the operator wrote, on top of which version, and the manager's current.
#[derive(Clone)]
struct Conflict {
    mine: String,
    base: u64,
    theirs: NodeInstance,
}

#[component]
fn InstanceCard(instance: NodeInstance) -> impl IntoView {
    let api = use_api();
    let id = instance.id.clone();
    let version = RwSignal::new(instance.version.unwrap_or(1));
    let props = RwSignal::new(instance.runtime_properties.clone().unwrap_or_default());
    let editing = RwSignal::new(false);
    let text = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<ApiError>);
    let conflict = RwSignal::new(None::<Conflict>);
    let busy = RwSignal::new(false);
    let rels = instance
        .relationships
        .clone()
        .unwrap_or_default()
        .iter()
        .map(|r| {
            let t = |k: &str| r.get(k).and_then(Value::as_str).unwrap_or("").to_string();
            format!("{} → {}", t("type"), t("target_name"))
        })
        .collect::<Vec<_>>();
    let inst_id = StoredValue::new(id.clone());
    // Saves `text` on top of version `base`.
    let save =
        move |base: u64| {
            let written = text.get_untracked();
            let parsed: Map<String, Value> = match serde_json::from_str(&written) {
                Ok(m) => m,
                Err(e) => {
                    problem.set(Some(format!(
                        "Runtime properties must be a JSON object: {e}."
                    )));
                    return;
                }
            };
            problem.set(None);
            failure.set(None);
            busy.set(true);
            let call = UpdateNodeInstance {
                id: inst_id.get_value(),
                version: base,
                runtime_properties: Some(parsed),
                state: None,
                include: vec![],
            };
            spawn_local(async move {
                match api.call(&call).await {
                    Ok(updated) => {
                        version.set(updated.version.unwrap_or(base + 1));
                        props.set(updated.runtime_properties.unwrap_or_else(|| {
                            call.runtime_properties.clone().unwrap_or_default()
                        }));
                        editing.set(false);
                        conflict.set(None);
                    }
                    Err(e) if e.status == Some(409) => {
                        // Someone saved in between: fetch theirs and show both.
                        match api
                            .call(&GetNodeInstance {
                                id: call.id.clone(),
                                include: vec![],
                            })
                            .await
                        {
                            Ok(theirs) => conflict.set(Some(Conflict {
                                mine: written,
                                base,
                                theirs,
                            })),
                            Err(e2) => failure.set(Some(e2)),
                        }
                        failure.set(Some(e));
                    }
                    Err(e) => failure.set(Some(e)),
                }
                busy.set(false);
            });
        };
    let save = StoredValue::new(save);
    let pretty = |m: &Map<String, Value>| serde_json::to_string_pretty(m).unwrap_or_default();
    view! {
        <article class="card instance" data-instance=id.clone()>
            <header>
                <strong class="mono">{id.clone()}</strong>
                " " {status_badge(instance.state.clone())}
                <span class="muted">" version " {move || version.get()}</span>
            </header>
            <p class="muted">"Relationships: " {if rels.is_empty() { "none".to_string() } else { rels.join("; ") }}</p>
            <Show when=move || !editing.get() fallback=move || view! {
                <label class="field"><span class="field-label">"Runtime properties (JSON)"</span>
                    <textarea name="runtime_properties" rows=8 prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                </label>
                {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> })}
                <div class="actions">
                    <button type="button" class="button primary save" disabled=move || busy.get()
                        on:click=move |_| save.with_value(|s| s(version.get_untracked()))>"Save"</button>
                    <button type="button" class="button" on:click=move |_| { editing.set(false); conflict.set(None); failure.set(None); }>"Cancel"</button>
                </div>
            }>
                <pre class="value runtime">{move || props.with(|p| if p.is_empty() { "No runtime properties.".to_string() } else { json_text(&Value::Object(p.clone())) })}</pre>
                <button type="button" class="button edit" use:guard="node_instance_update" on:click=move |_| {
                    text.set(props.with_untracked(pretty));
                    editing.set(true);
                }>"Edit runtime properties"</button>
            </Show>
            {move || conflict.get().map(|c| {
                let theirs_version = c.theirs.version.unwrap_or(c.base + 1);
                let theirs_text = pretty(&c.theirs.runtime_properties.clone().unwrap_or_default());
                let take = theirs_text.clone();
                let theirs_props = c.theirs.runtime_properties.clone().unwrap_or_default();
                view! {
                    <div class="conflict" role="alert">
                        <p><strong>"Someone changed this instance since you opened it."</strong>
                            {format!(" You edited version {}; the manager now has version {theirs_version}. Nothing was overwritten.", c.base)}</p>
                        <div class="side-by-side">
                            <div><h4>{format!("Yours (from version {})", c.base)}</h4><pre class="value mine">{c.mine.clone()}</pre></div>
                            <div><h4>{format!("On the manager (version {theirs_version})")}</h4><pre class="value theirs">{theirs_text}</pre></div>
                        </div>
                        <div class="actions">
                            <button type="button" class="button danger keep-mine" on:click=move |_| save.with_value(|s| s(theirs_version))>"Save mine over theirs"</button>
                            <button type="button" class="button take-theirs" on:click=move |_| {
                                text.set(take.clone());
                                version.set(theirs_version);
                                props.set(theirs_props.clone());
                                conflict.set(None);
                                failure.set(None);
                            }>"Take theirs"</button>
                        </div>
                    </div>
                }
            })}
            {move || failure.get().filter(|e| e.status != Some(409)).map(|e| view! { <ErrorView error=e/> })}
        </article>
    }
}
