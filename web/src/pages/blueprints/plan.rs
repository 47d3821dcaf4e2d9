//! A blueprint's plan, read as the manager parsed it: inputs with types and constraints,
//! outputs, capabilities, node types, imports and plugins, and the topology. Asked for
//! separately from the blueprint because a plan can be megabytes.

use baton_core::conductor::blueprints::GetBlueprint;
use baton_core::topology::nodes_from_plan;
use leptos::prelude::*;
use serde_json::Value;

use crate::api::use_api;
use crate::components::topology::Topology;
use crate::components::{ErrorView, Loading};

/// A value in one line: strings as they are, the rest as compact JSON.
fn short(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A table of text cells; every plan section is one.
fn table(
    class: &'static str,
    heads: &[&'static str],
    rows: Vec<Vec<String>>,
    empty: &'static str,
) -> AnyView {
    if rows.is_empty() {
        return view! { <p class="empty">{empty}</p> }.into_any();
    }
    view! {
        <table class=format!("list plan-table {class}")>
            <thead><tr>{heads.iter().map(|h| view! { <th>{*h}</th> }).collect_view()}</tr></thead>
            <tbody>
                {rows.into_iter().map(|r| view! {
                    <tr>{r.into_iter().enumerate().map(|(i, c)| {
                        view! { <td class=if i == 0 { "mono" } else { "" }>{c}</td> }
                    }).collect_view()}</tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

fn entries(plan: &Value, key: &str) -> Vec<(String, Value)> {
    plan.get(key)
        .and_then(Value::as_object)
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default()
}

/// `valid_values: [a, b]; max_length: 5`.
fn constraints(input: &Value) -> String {
    input
        .get("constraints")
        .and_then(Value::as_array)
        .map(|cs| {
            cs.iter()
                .filter_map(Value::as_object)
                .flat_map(|c| c.iter().map(|(k, v)| format!("{k}: {}", short(v))))
                .collect::<Vec<_>>()
                .join("; ")
        })
        .unwrap_or_default()
}

fn input_rows(plan: &Value) -> Vec<Vec<String>> {
    entries(plan, "inputs")
        .into_iter()
        .map(|(name, i)| {
            let has_default = i.get("default").is_some();
            let required =
                i.get("required").and_then(Value::as_bool).unwrap_or(true) && !has_default;
            let mut type_text = short(i.get("type").unwrap_or(&Value::Null));
            if let Some(item) = i.get("item_type").and_then(Value::as_str) {
                type_text = format!("{type_text} of {item}");
            }
            if i.get("hidden").and_then(Value::as_bool) == Some(true) {
                type_text.push_str(" (hidden)");
            }
            vec![
                name,
                type_text,
                if required {
                    "required".into()
                } else {
                    i.get("default").map(short).unwrap_or_default()
                },
                constraints(&i),
                [i.get("display_label"), i.get("description")]
                    .iter()
                    .flatten()
                    .map(|v| short(v))
                    .collect::<Vec<_>>()
                    .join(" — "),
            ]
        })
        .collect()
}

fn value_rows(plan: &Value, key: &str) -> Vec<Vec<String>> {
    entries(plan, key)
        .into_iter()
        .map(|(name, o)| {
            vec![
                name,
                o.get("value").map(short).unwrap_or_default(),
                o.get("description").map(short).unwrap_or_default(),
            ]
        })
        .collect()
}

/// Node types in use: type, its hierarchy, how many nodes have it.
fn node_type_rows(plan: &Value) -> Vec<Vec<String>> {
    let mut rows: Vec<(String, String, usize)> = Vec::new();
    for n in plan
        .get("nodes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let t = n.get("type").map(short).unwrap_or_default();
        match rows.iter_mut().find(|r| r.0 == t) {
            Some(r) => r.2 += 1,
            None => {
                let hierarchy = n
                    .get("type_hierarchy")
                    .and_then(Value::as_array)
                    .map(|h| h.iter().map(short).collect::<Vec<_>>().join(" → "))
                    .unwrap_or_default();
                rows.push((t, hierarchy, 1));
            }
        }
    }
    rows.into_iter()
        .map(|(t, h, n)| vec![t, h, n.to_string()])
        .collect()
}

/// Imported blueprints (with their namespaces) and plugins the plan needs.
fn import_rows(plan: &Value) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let namespaces = entries(plan, "namespaces_mapping");
    for b in plan
        .get("imported_blueprints")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let id = short(b);
        let ns = namespaces
            .iter()
            .filter(|(_, v)| short(v) == id)
            .map(|(k, _)| k.clone())
            .collect::<Vec<_>>()
            .join(", ");
        rows.push(vec![id, "blueprint".into(), ns]);
    }
    for key in [
        "deployment_plugins_to_install",
        "workflow_plugins_to_install",
        "host_agent_plugins_to_install",
    ] {
        for p in plan
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let name = p
                .get("package_name")
                .filter(|v| !v.is_null())
                .or_else(|| p.get("name"))
                .map(short)
                .unwrap_or_default();
            if name.is_empty() || rows.iter().any(|r| r[0] == name) {
                continue;
            }
            let version = p.get("package_version").map(short).unwrap_or_default();
            rows.push(vec![name, "plugin".into(), version]);
        }
    }
    rows
}

fn plan_view(plan: Value) -> AnyView {
    let nodes = nodes_from_plan(&plan);
    view! {
        <section class="plan-topology">
            <h2>"Topology"</h2>
            <Topology nodes=nodes/>
        </section>
        <section>
            <h2>"Inputs"</h2>
            {table("inputs", &["Input", "Type", "Default", "Constraints", "Description"], input_rows(&plan), "No inputs.")}
        </section>
        <section>
            <h2>"Outputs"</h2>
            {table("outputs", &["Output", "Value", "Description"], value_rows(&plan, "outputs"), "No outputs.")}
        </section>
        <section>
            <h2>"Capabilities"</h2>
            {table("capabilities", &["Capability", "Value", "Description"], value_rows(&plan, "capabilities"), "No capabilities.")}
        </section>
        <section>
            <h2>"Node types"</h2>
            {table("node-types", &["Type", "Hierarchy", "Nodes"], node_type_rows(&plan), "No nodes.")}
        </section>
        <section>
            <h2>"Imports and plugins"</h2>
            {table("imports", &["Name", "Kind", "Namespace / version"], import_rows(&plan), "No imported blueprints or plugins.")}
        </section>
    }
    .into_any()
}

/// Loads the plan of blueprint `id` and shows it.
#[component]
pub fn BlueprintPlan(id: String) -> impl IntoView {
    let api = use_api();
    let data = LocalResource::new(move || {
        let call = GetBlueprint {
            id: id.clone(),
            include: vec!["id".into(), "plan".into()],
        };
        async move { api.call(&call).await }
    });
    view! {
        {move || match data.get() {
            None => view! { <Loading what="the plan"/> }.into_any(),
            Some(Err(e)) => view! { <ErrorView error=e on_retry=move |_| data.refetch()/> }.into_any(),
            Some(Ok(b)) => match b.plan {
                Some(plan) if plan.is_object() => plan_view(plan),
                _ => view! { <p class="empty">"The manager has no plan for this blueprint yet (it is parsed once the upload ends)."</p> }.into_any(),
            },
        }}
    }
    .into_any()
}
