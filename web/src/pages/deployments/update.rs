//! Update a deployment: a new blueprint and/or inputs and the manager's flags; the manager's
//! preview first (steps, node instances, inputs old → new), then apply exactly what was
//! previewed.

use std::collections::BTreeMap;

use baton_core::conductor::deployment_updates::{DeploymentUpdate, InitiateDeploymentUpdate};
use baton_core::ApiError;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use serde_json::{Map, Value};

use super::create::{blueprint_inputs, field_error, BlueprintPicker};
use super::{close_href, href};
use crate::api::use_api;
use crate::components::form::{FormState, SchemaForm};
use crate::components::json_text;
use crate::components::show_request::{curl_of, ShowRequest};
use crate::components::ErrorView;

/// The update flags in the order they are offered, with what each does.
const FLAGS: [(&str, &str); 10] = [
    ("skip_install", "Skip installing added node instances"),
    ("skip_uninstall", "Skip uninstalling removed node instances"),
    (
        "skip_reinstall",
        "Skip reinstalling modified node instances",
    ),
    ("force", "Force (even while another update is active)"),
    ("ignore_failure", "Ignore failures while uninstalling"),
    (
        "install_first",
        "Install new instances before uninstalling removed ones",
    ),
    (
        "runtime_only_evaluation",
        "Evaluate functions only at run time",
    ),
    ("auto_correct_types", "Auto-correct input types"),
    (
        "reevaluate_active_statuses",
        "Re-evaluate the statuses of active operations",
    ),
    ("update_plugins", "Update plugins"),
];

fn set_flag(call: &mut InitiateDeploymentUpdate, name: &str, on: bool) {
    let v = on.then_some(true);
    match name {
        "skip_install" => call.skip_install = v,
        "skip_uninstall" => call.skip_uninstall = v,
        "skip_reinstall" => call.skip_reinstall = v,
        "force" => call.force = v,
        "ignore_failure" => call.ignore_failure = v,
        "install_first" => call.install_first = v,
        "runtime_only_evaluation" => call.runtime_only_evaluation = v,
        "auto_correct_types" => call.auto_correct_types = v,
        "reevaluate_active_statuses" => call.reevaluate_active_statuses = v,
        "update_plugins" => call.update_plugins = v,
        _ => {}
    }
}

#[component]
pub fn UpdatePanel(
    deployment_id: String,
    blueprint_id: String,
    inputs: Map<String, Value>,
) -> impl IntoView {
    let api = use_api();
    let navigate = use_navigate();
    let reload = use_context::<crate::components::detail::Reload>();
    let current_inputs = StoredValue::new(inputs);
    let blueprint = RwSignal::new(blueprint_id.clone());
    let form = FormState::new(&Value::Object(Map::new()));
    let errors = RwSignal::new(BTreeMap::<String, String>::new());
    let flags = RwSignal::new(BTreeMap::<&'static str, bool>::new());
    let reinstall = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    // What was previewed, and the manager's answer: Apply sends exactly that.
    let previewed = RwSignal::new(None::<(InitiateDeploymentUpdate, DeploymentUpdate)>);

    let schema = LocalResource::new(move || {
        let bp = blueprint.get();
        async move {
            if bp.trim().is_empty() {
                return Ok(Map::new());
            }
            blueprint_inputs(api, bp).await
        }
    });
    // The new blueprint's inputs, starting from the deployment's current values.
    Effect::new(move |_| {
        if let Some(Ok(s)) = schema.get() {
            form.set_schema(&Value::Object(s));
            current_inputs.with_value(|c| form.set_values(c));
        }
    });

    let dep_form_stored = StoredValue::new(deployment_id.clone());
    let dep = deployment_id.clone();
    let original_bp = blueprint_id.clone();
    // The request for what the form says now, or the fields that are wrong.
    let build = move || -> Option<InitiateDeploymentUpdate> {
        form.touch_all();
        let values = form.result.get_untracked().ok()?;
        errors.set(BTreeMap::new());
        // Send only the inputs that change; the others keep their values.
        let changed: Map<String, Value> = current_inputs.with_value(|cur| {
            values
                .into_iter()
                .filter(|(k, v)| cur.get(k) != Some(v))
                .collect()
        });
        let bp = blueprint.get_untracked().trim().to_string();
        let mut call = InitiateDeploymentUpdate {
            deployment_id: dep.clone(),
            blueprint_id: (!bp.is_empty() && bp != original_bp).then_some(bp),
            inputs: changed,
            reinstall_list: reinstall
                .get_untracked()
                .split([',', ' ', '\n'])
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            ..Default::default()
        };
        for (name, on) in flags.get_untracked() {
            set_flag(&mut call, name, on);
        }
        Some(call)
    };
    let build = StoredValue::new(build);
    let send = move |preview: bool| {
        let Some(mut call) = (if preview {
            build.with_value(|b| b())
        } else {
            previewed.get_untracked().map(|(c, _)| c)
        }) else {
            return;
        };
        call.preview = preview.then_some(true);
        busy.set(true);
        failure.set(None);
        let navigate = navigate.clone();
        spawn_local(async move {
            match api.call(&call).await {
                Ok(answer) if preview => {
                    call.preview = None;
                    previewed.set(Some((call, answer)));
                }
                Ok(answer) => {
                    let mut q = baton_core::Query::new();
                    if let Some(x) = answer.execution_id {
                        q = q.with("started", x);
                    }
                    navigate(
                        &format!("{}?{}", href(&call.deployment_id), q.encode()),
                        Default::default(),
                    );
                    if let Some(r) = reload {
                        r.0.run(());
                    }
                }
                Err(e) => {
                    form.show_server_error(&e);
                    failure.set(Some(e));
                }
            }
            busy.set(false);
        });
    };
    let send = StoredValue::new(send);
    // Any change after the preview asks for a new one.
    let stale = move || previewed.set(None);
    let close = close_href(&deployment_id);
    let dep_form = deployment_id.clone();
    let curl = Signal::derive(move || {
        let mut call = previewed
            .with(|p| p.as_ref().map(|(c, _)| c.clone()))
            .unwrap_or_else(|| InitiateDeploymentUpdate {
                deployment_id: dep_form_stored.get_value(),
                blueprint_id: Some(blueprint.get()).filter(|b| !b.is_empty()),
                inputs: form.result.get().unwrap_or_default(),
                ..Default::default()
            });
        call.preview = previewed.with(Option::is_none).then_some(true);
        curl_of(&api, &call)
    });
    view! {
        <section class="panel" aria-label="Update the deployment">
            <h2>"Update the deployment"</h2>
            <form class="form" on:submit=move |ev| { ev.prevent_default(); send.with_value(|s| s(true)); } on:input=move |_| stale() on:change=move |_| stale() novalidate>
                <div class="field">
                    <label><span class="field-label">"Blueprint"</span>
                        <BlueprintPicker value=blueprint name="update_blueprint_id"/>
                    </label>
                    {move || match schema.get() {
                        Some(Err(e)) => Some(view! { <ErrorView error=e/> }),
                        _ => None,
                    }}
                </div>
                <fieldset>
                    <legend>"Inputs"</legend>
                    <SchemaForm form=form deployment_id=Some(dep_form.clone())/>
                </fieldset>
                <div class="checks">
                    {FLAGS.iter().map(|(name, words)| {
                        let name: &'static str = name;
                        view! {
                            <label><input type="checkbox" name=name on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                flags.update(|f| { f.insert(name, on); });
                            }/>" " {*words}</label>
                        }
                    }).collect_view()}
                </div>
                <label class="field"><span class="field-label">"Node instances to reinstall anyway"</span>
                    <input name="reinstall_list" placeholder="instance ids, comma-separated" prop:value=move || reinstall.get()
                        on:input=move |ev| reinstall.set(event_target_value(&ev))/>
                </label>
                {field_error(errors, "reinstall_list")}
                <ShowRequest curl=curl/>
                {move || failure.get().map(|e| view! { <ErrorView error=e/> })}
                <div class="actions">
                    <button type="submit" class="button" disabled=move || busy.get()>"Preview"</button>
                    <button type="button" class="button primary apply" disabled=move || busy.get() || previewed.with(Option::is_none)
                        title="Preview first: apply sends what the preview showed"
                        on:click=move |_| send.with_value(|s| s(false))>"Apply update"</button>
                    <a href=close class="button">"Cancel"</a>
                </div>
            </form>
            {move || previewed.get().map(|(_, u)| preview_view(u))}
        </section>
    }
}

/// The manager's preview in words: steps by action, node instances by fate, inputs old → new.
fn preview_view(u: DeploymentUpdate) -> AnyView {
    let steps = u.steps.clone().unwrap_or_default();
    let step_rows = steps
        .iter()
        .map(|s| {
            let t = |k: &str| s.get(k).and_then(Value::as_str).unwrap_or("").to_string();
            let action = t("action");
            let tone = match action.as_str() {
                "add" => "ok",
                "remove" => "bad",
                _ => "busy",
            };
            view! {
                <tr>
                    <td><span class=format!("badge {tone}")>{action}</span></td>
                    <td>{t("entity_type")}</td>
                    <td class="mono">{t("entity_id")}</td>
                </tr>
            }
        })
        .collect_view();
    let instances = u
        .deployment_update_node_instances
        .clone()
        .unwrap_or(Value::Null);
    let group = |key: &str| -> Vec<String> {
        instances
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|i| {
                i.get("modification")
                    .and_then(Value::as_str)
                    .is_none_or(|m| m != "related")
            })
            .filter_map(|i| i.get("id").and_then(Value::as_str).map(str::to_string))
            .collect()
    };
    let reinstall: Vec<String> = u
        .modified_entity_ids
        .as_ref()
        .and_then(|m| m.get("node"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    let fates = [
        ("Install", group("added_and_related")),
        ("Uninstall", group("removed_and_related")),
        ("Scale out", group("extended_and_related")),
        ("Scale in", group("reduced_and_related")),
        ("Reinstall (modified nodes)", reinstall),
    ];
    let old = u.old_inputs.clone().unwrap_or_default();
    let new = u.new_inputs.clone().unwrap_or_default();
    let mut names: Vec<&String> = old.keys().chain(new.keys()).collect();
    names.sort();
    names.dedup();
    let diff = names
        .into_iter()
        .map(|n| {
            let (a, b) = (old.get(n), new.get(n));
            let class = match (a, b) {
                (None, Some(_)) => "added",
                (Some(_), None) => "removed",
                (a, b) if a != b => "changed",
                _ => "same",
            };
            let show = |v: Option<&Value>| v.map(json_text).unwrap_or_else(|| "—".into());
            view! {
                <tr class=format!("diff-{class}")>
                    <th scope="row" class="mono">{n.clone()}</th>
                    <td><pre class="value">{show(a)}</pre></td>
                    <td><pre class="value">{show(b)}</pre></td>
                    <td>{class}</td>
                </tr>
            }
        })
        .collect_view();
    let bp_change = (u.old_blueprint_id != u.new_blueprint_id).then(|| {
        format!(
            "Blueprint: {} → {}",
            u.old_blueprint_id.clone().unwrap_or_default(),
            u.new_blueprint_id.clone().unwrap_or_default()
        )
    });
    view! {
        <div class="update-preview" aria-label="Update preview">
            <h3>"Preview"</h3>
            {bp_change.map(|t| view! { <p>{t}</p> })}
            <h4>"Steps"</h4>
            {if steps.is_empty() {
                view! { <p class="empty">"No steps: nothing in the deployment changes."</p> }.into_any()
            } else {
                view! { <table class="list compact steps"><thead><tr><th>"Action"</th><th>"Entity"</th><th>"Id"</th></tr></thead><tbody>{step_rows}</tbody></table> }.into_any()
            }}
            <h4>"Node instances"</h4>
            <dl class="facts">
                {fates.into_iter().map(|(what, ids)| {
                    let text = if ids.is_empty() { "none".to_string() } else { ids.join(", ") };
                    view! { <dt>{what}</dt><dd class="mono">{text}</dd> }
                }).collect_view()}
            </dl>
            <h4>"Inputs"</h4>
            <table class="kv diff">
                <thead><tr><th>"Input"</th><th>"Now"</th><th>"After"</th><th>"Change"</th></tr></thead>
                <tbody>{diff}</tbody>
            </table>
        </div>
    }
    .into_any()
}
