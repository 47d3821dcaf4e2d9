//! A text box with a list of the manager's own values (`/searches/<resource>` with the input's
//! constraints and what is typed, 10 at a time, after a pause in typing), and a message when
//! the list is empty saying which constraints nothing satisfies.

use std::sync::Arc;
use std::time::Duration;

use baton_core::conductor::searches::Search;
use baton_core::filters::Constraints;
use baton_core::inputs::{show, InputDef, InputType};
use baton_core::{ApiError, ListQuery};
use leptos::prelude::*;
use serde_json::Value;

use super::FormContext;
use crate::api::use_api;

/// One value offered: what goes in the field, and what else identifies it.
#[derive(Clone, PartialEq)]
struct Choice {
    value: String,
    detail: String,
}

#[derive(Clone, PartialEq)]
enum Listing {
    Idle,
    Loading,
    /// The choices and how many the manager has in all.
    Found(Vec<Choice>, u64),
    /// Nothing to offer, and why.
    Empty(String),
    Failed(String),
}

const PAGE: u32 = 10;

/// What the constraints ask for, in the operator's words.
fn describe(c: &Constraints, def: &InputDef) -> String {
    let mut parts: Vec<String> = c
        .labels
        .iter()
        .map(|(k, v)| format!("label {k}={v}"))
        .collect();
    if let Some(f) = &c.filter_id {
        parts.push(format!("saved filter {f}"));
    }
    let p = &c.name_pattern;
    for (what, v) in [
        ("contains", &p.contains),
        ("starts with", &p.starts_with),
        ("ends with", &p.ends_with),
        ("equals", &p.equals_to),
    ] {
        if let Some(v) = v {
            parts.push(format!("name {what} “{v}”"));
        }
    }
    if !c.valid_values.is_empty() {
        parts.push(format!("one of {}", c.valid_values.join(", ")));
    }
    if !c.tenants.is_empty() {
        parts.push(format!("tenant {}", c.tenants.join(" or ")));
    }
    if def.ty == InputType::OperationName {
        if let Some(p) = def.operation_pattern() {
            for (what, v) in [("starts with", p.starts_with), ("contains", p.contains)] {
                if let Some(v) = v {
                    parts.push(format!("operation {what} “{v}”"));
                }
            }
        }
    }
    parts.join(", ")
}

fn noun(ty: InputType) -> &'static str {
    match ty {
        InputType::SecretKey => "secrets",
        InputType::DeploymentId => "deployments",
        InputType::BlueprintId => "blueprints",
        InputType::CapabilityValue => "capabilities",
        InputType::NodeId => "nodes",
        InputType::NodeType => "node types",
        InputType::NodeInstance => "node instances",
        InputType::ScalingGroup => "scaling groups",
        InputType::OperationName => "operations",
        _ => "values",
    }
}

fn contains(hay: &str, needle: &str) -> bool {
    needle.is_empty() || hay.to_lowercase().contains(&needle.to_lowercase())
}

/// Asks the manager; the choices and the total it reports.
async fn fetch(
    api: crate::api::Api,
    def: &InputDef,
    ctx: &FormContext,
    typed: &str,
) -> Result<(Vec<Choice>, u64), String> {
    let ty = def.picker().ok_or("not a picker")?;
    let c = def.search_constraints(ctx.deployment_id.as_deref(), ctx.blueprint_id.as_deref())?;
    let mut q = ListQuery::new().page(PAGE, 0);
    // Capabilities, scaling groups and a blueprint's nodes take `_search` as an exact value
    // (the manager matches them in Python): filter here instead.
    let exact = matches!(
        ty,
        InputType::CapabilityValue | InputType::ScalingGroup | InputType::OperationName
    ) || (ty == InputType::NodeId && c.blueprint_id.is_some());
    if !typed.is_empty() && !exact {
        q = q.search(typed);
    }
    if exact {
        q = ListQuery::new().page(100, 0);
    }
    // Only what a choice shows; capabilities, scaling groups and node types are answers the
    // manager computes, not rows, and take no `_include`.
    let include: &[&str] = match ty {
        InputType::DeploymentId => &["id", "display_name"],
        InputType::BlueprintId => &["id", "description"],
        InputType::SecretKey => &["key", "provider_name"],
        InputType::NodeInstance => &["id", "state"],
        InputType::NodeId | InputType::OperationName => &["id", "type", "operations"],
        _ => &[],
    };
    q = q.include(include.iter().copied());
    let err = |e: ApiError| format!("{} ({})", e.message, e.code);
    let ce = |e: baton_core::filters::ConstraintError| e.to_string();
    let one = |value: &str, detail: String| Choice {
        value: value.to_owned(),
        detail,
    };
    let (choices, total): (Vec<Choice>, u64) = match ty {
        InputType::DeploymentId => {
            let p = api
                .call(&Search::deployments().constraints(c).map_err(ce)?.list(q))
                .await
                .map_err(err)?;
            let t = p.metadata.pagination.map_or(0, |x| x.total);
            (
                p.items
                    .iter()
                    .map(|d| one(&d.id, d.display_name.clone().unwrap_or_default()))
                    .collect(),
                t,
            )
        }
        InputType::BlueprintId => {
            let p = api
                .call(&Search::blueprints().constraints(c).map_err(ce)?.list(q))
                .await
                .map_err(err)?;
            let t = p.metadata.pagination.map_or(0, |x| x.total);
            (
                p.items
                    .iter()
                    .map(|b| one(&b.id, b.description.clone().unwrap_or_default()))
                    .collect(),
                t,
            )
        }
        InputType::SecretKey => {
            let p = api
                .call(&Search::secrets().constraints(c).map_err(ce)?.list(q))
                .await
                .map_err(err)?;
            let t = p.metadata.pagination.map_or(0, |x| x.total);
            (
                p.items
                    .iter()
                    .map(|s| one(&s.key, s.provider_name.clone().unwrap_or_default()))
                    .collect(),
                t,
            )
        }
        InputType::NodeInstance => {
            let p = api
                .call(&Search::node_instances().constraints(c).map_err(ce)?.list(q))
                .await
                .map_err(err)?;
            let t = p.metadata.pagination.map_or(0, |x| x.total);
            (
                p.items
                    .iter()
                    .map(|i| one(&i.id, i.state.clone().unwrap_or_default()))
                    .collect(),
                t,
            )
        }
        InputType::NodeId | InputType::NodeType | InputType::OperationName => {
            let s = if ty == InputType::NodeType {
                Search::node_types()
            } else {
                Search::nodes()
            };
            let p = api
                .call(&s.constraints(c).map_err(ce)?.list(q))
                .await
                .map_err(err)?;
            let mut out: Vec<Choice> = Vec::new();
            let mut push = |c: Choice| {
                if !out.iter().any(|o| o.value == c.value) {
                    out.push(c)
                }
            };
            let pattern = def.operation_pattern();
            for n in &p.items {
                match ty {
                    InputType::NodeId if exact && !contains(&n.id, typed) => {}
                    InputType::NodeId => push(one(&n.id, n.node_type.clone().unwrap_or_default())),
                    InputType::NodeType => {
                        if let Some(t) = &n.node_type {
                            push(one(t, String::new()))
                        }
                    }
                    _ => {
                        for op in n
                            .operations
                            .as_ref()
                            .and_then(Value::as_object)
                            .into_iter()
                            .flatten()
                        {
                            let ok = pattern.as_ref().is_none_or(|p| p.matches(op.0));
                            if ok && contains(op.0, typed) {
                                push(one(op.0, format!("node {}", n.id)))
                            }
                        }
                    }
                }
            }
            let t = if ty == InputType::NodeId {
                p.metadata.pagination.map_or(0, |x| x.total)
            } else {
                out.len() as u64
            };
            (out, t)
        }
        InputType::CapabilityValue => {
            let p = api
                .call(&Search::capabilities().constraints(c).map_err(ce)?.list(q))
                .await
                .map_err(err)?;
            let mut out = Vec::new();
            for d in &p.items {
                for cap in &d.capabilities {
                    for (name, v) in cap {
                        let value = show(v.get("value").unwrap_or(v));
                        if contains(&value, typed) || contains(name, typed) {
                            out.push(one(&value, format!("{} · {name}", d.deployment_id)));
                        }
                    }
                }
            }
            let t = out.len() as u64;
            (out, t)
        }
        InputType::ScalingGroup => {
            let p = api
                .call(&Search::scaling_groups().constraints(c).map_err(ce)?.list(q))
                .await
                .map_err(err)?;
            let out: Vec<Choice> = p
                .items
                .iter()
                .filter(|g| contains(&g.name, typed))
                .map(|g| one(&g.name, g.members.clone().unwrap_or_default().join(", ")))
                .collect();
            let t = out.len() as u64;
            (out, t)
        }
        _ => (Vec::new(), 0),
    };
    Ok((choices.into_iter().take(PAGE as usize).collect(), total))
}

/// Why the list is empty.
fn why_empty(def: &InputDef, ctx: &FormContext, typed: &str) -> String {
    let what = noun(def.picker().unwrap_or(def.ty));
    let mut scope = String::new();
    let rules =
        match def.search_constraints(ctx.deployment_id.as_deref(), ctx.blueprint_id.as_deref()) {
            Ok(mut c) => {
                if let Some(d) = c.deployment_id.take() {
                    scope = format!(" in deployment {d}");
                } else if let Some(b) = c.blueprint_id.take() {
                    scope = format!(" in blueprint {b}");
                }
                describe(&c, def)
            }
            Err(_) => String::new(),
        };
    let typed = if typed.is_empty() {
        String::new()
    } else {
        format!(" matching “{typed}”")
    };
    if rules.is_empty() {
        format!("No {what}{scope}{typed}.")
    } else {
        format!("No {what}{scope}{typed} satisfy this input's constraints: {rules}.")
    }
}

/// The missing context, if the picker cannot list anything without one.
fn missing_context(def: &InputDef, ctx: &FormContext) -> Option<String> {
    let ty = def.picker()?;
    let own = def.search.contains_key("deployment_id");
    match ty.needs_context() {
        Some(false) if !own && ctx.deployment_id.is_none() => Some(format!(
            "{} are listed for a deployment; type the value.",
            noun(ty)
        )),
        Some(true) if !own && ctx.deployment_id.is_none() && ctx.blueprint_id.is_none() => {
            Some(format!(
                "{} are listed for a deployment or blueprint; type the value.",
                noun(ty)
            ))
        }
        _ => None,
    }
}

#[component]
pub(super) fn Picker(
    def: Arc<InputDef>,
    ctx: Arc<FormContext>,
    id: String,
    described: String,
    invalid: Signal<bool>,
    /// What is typed.
    text: RwSignal<String>,
    /// A value chosen from the list.
    on_pick: Callback<String>,
    /// Each keystroke (the field's own text); without it only `text` changes.
    #[prop(optional)]
    on_input: Option<Callback<String>>,
    #[prop(optional, into)] placeholder: Option<String>,
) -> impl IntoView {
    let api = use_api();
    let open = RwSignal::new(false);
    let listing = RwSignal::new(Listing::Idle);
    let active = RwSignal::new(None::<usize>);
    let generation = StoredValue::new(0u32);
    let list_id = format!("{id}-list");
    let lookup = {
        let def = def.clone();
        let ctx = ctx.clone();
        move |delay: u64| {
            let n = generation.get_value() + 1;
            generation.set_value(n);
            if let Some(why) = missing_context(&def, &ctx) {
                listing.set(Listing::Empty(why));
                return;
            }
            let (def, ctx) = (def.clone(), ctx.clone());
            set_timeout(
                move || {
                    // A later keystroke has asked again, or the form is gone.
                    if generation.try_get_value() != Some(n) {
                        return;
                    }
                    listing.set(Listing::Loading);
                    leptos::task::spawn_local(async move {
                        let Some(typed) = text.try_get_untracked() else {
                            return;
                        };
                        let typed = typed.trim().to_owned();
                        let r = fetch(api, &def, &ctx, &typed).await;
                        if generation.try_get_value() != Some(n) {
                            return;
                        }
                        active.set(None);
                        listing.try_set(match r {
                            Ok((items, _)) if items.is_empty() => {
                                Listing::Empty(why_empty(&def, &ctx, &typed))
                            }
                            Ok((items, total)) => Listing::Found(items, total),
                            Err(e) => Listing::Failed(e),
                        });
                    });
                },
                Duration::from_millis(delay),
            );
        }
    };
    let lookup = StoredValue::new(lookup);
    let choose = move |v: String| {
        on_pick.run(v);
        open.set(false);
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let n = listing.with_untracked(|l| match l {
            Listing::Found(items, _) => items.len(),
            _ => 0,
        });
        match ev.key().as_str() {
            "ArrowDown" | "ArrowUp" => {
                ev.prevent_default();
                if !open.get_untracked() {
                    open.set(true);
                    lookup.with_value(|f| f(0));
                    return;
                }
                if n == 0 {
                    return;
                }
                let down = ev.key() == "ArrowDown";
                active.update(|a| {
                    *a = Some(match (*a, down) {
                        (None, true) => 0,
                        (None, false) => n - 1,
                        (Some(i), true) => (i + 1) % n,
                        (Some(i), false) => (i + n - 1) % n,
                    })
                });
            }
            "Enter" => {
                let picked = listing.with_untracked(|l| match (l, active.get_untracked()) {
                    (Listing::Found(items, _), Some(i)) => items.get(i).map(|c| c.value.clone()),
                    _ => None,
                });
                if let Some(v) = picked.filter(|_| open.get_untracked()) {
                    ev.prevent_default();
                    choose(v);
                }
            }
            "Escape" => open.set(false),
            _ => {}
        }
    };
    let active_id = {
        let list_id = list_id.clone();
        move || active.get().map(|i| format!("{list_id}-{i}"))
    };
    let list_id2 = list_id.clone();
    let options = move || {
        let list_id = list_id2.clone();
        match listing.get() {
            Listing::Idle => ().into_any(),
            Listing::Loading => {
                view! { <li class="picker-note" aria-busy="true">"Searching…"</li> }.into_any()
            }
            Listing::Empty(why) => {
                view! { <li class="picker-note picker-empty">{why}</li> }.into_any()
            }
            Listing::Failed(e) => {
                view! { <li class="picker-note field-error">"Could not list: " {e}</li> }.into_any()
            }
            Listing::Found(items, total) => {
                let more = (total > items.len() as u64).then(|| {
                    view! { <li class="picker-note">{format!("{} of {total}: type to narrow", items.len())}</li> }
                });
                view! {
                    {items.into_iter().enumerate().map(|(i, c)| {
                        let value = c.value.clone();
                        view! {
                            <li role="option" id=format!("{list_id}-{i}") class="picker-option"
                                aria-selected=move || if active.get() == Some(i) { "true" } else { "false" }
                                on:mouseenter=move |_| active.set(Some(i))
                                on:mousedown=move |ev| { ev.prevent_default(); choose(value.clone()); }>
                                <span class="picker-value">{c.value}</span>
                                <span class="picker-detail muted">{c.detail}</span>
                            </li>
                        }
                    }).collect_view()}
                    {more}
                }
                .into_any()
            }
        }
    };
    view! {
        <div class="picker">
            <input type="text" id=id role="combobox" autocomplete="off" spellcheck="false"
                aria-autocomplete="list" aria-controls=list_id.clone()
                aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-activedescendant=active_id
                aria-invalid=move || if invalid.get() { "true" } else { "false" }
                aria-describedby=described name=def.name.clone()
                placeholder=placeholder.unwrap_or_else(|| format!("Type to search {}…", noun(def.picker().unwrap_or(def.ty))))
                prop:value=move || text.get()
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    match on_input {
                        Some(cb) => cb.run(v),
                        None => text.set(v),
                    }
                    open.set(true);
                    lookup.with_value(|f| f(250));
                }
                on:focus=move |_| { open.set(true); lookup.with_value(|f| f(0)); }
                on:blur=move |_| open.set(false)
                on:keydown=on_key />
            <ul class="picker-list" role="listbox" id=list_id hidden=move || !open.get()>{options}</ul>
        </div>
    }
}
