//! Run a workflow on a deployment: its workflows with their parameters as fields, the
//! manager's flags, an optional one-off schedule; then on to the execution.

use std::collections::BTreeMap;

use baton_core::conductor::deployments::Workflow;
use baton_core::conductor::executions::StartExecution;
use baton_core::ApiError;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use serde_json::{Map, Value};

use super::{close_href, href};
use crate::api::use_api;
use crate::components::form::{FormState, SchemaForm};
use crate::components::show_request::{curl_of, ShowRequest};
use crate::components::ErrorView;

/// `2025-01-18T22:30` from a `datetime-local` field, taken as UTC, in the manager's
/// `YYYYMMDDHHMM+HH:MM` form.
pub fn schedule_text(local: &str) -> Option<String> {
    let digits: String = local
        .chars()
        .filter(char::is_ascii_digit)
        .take(12)
        .collect();
    (digits.len() == 12).then(|| format!("{digits}+00:00"))
}

#[component]
pub fn RunPanel(deployment_id: String, workflows: Vec<Workflow>) -> impl IntoView {
    let api = use_api();
    let navigate = use_navigate();
    let reload = use_context::<crate::components::detail::Reload>();
    let query = use_query_map();
    let workflows = StoredValue::new(workflows);
    let chosen = Memo::new(move |_| {
        query
            .with(|q| q.get("workflow"))
            .filter(|w| !w.is_empty())
            .unwrap_or_else(|| {
                workflows.with_value(|ws| {
                    ws.iter()
                        .find(|w| w.name == "install")
                        .or(ws.first())
                        .map(|w| w.name.clone())
                        .unwrap_or_default()
                })
            })
    });
    let schema = move || {
        let name = chosen.get();
        workflows.with_value(|ws| {
            ws.iter()
                .find(|w| w.name == name)
                .and_then(|w| w.parameters.clone())
                .unwrap_or_default()
        })
    };
    let form = FormState::new(&Value::Object(schema()));
    Effect::new(move |_| form.set_schema(&Value::Object(schema())));
    // The panel's own field errors: `custom` and `scheduled_time`.
    let errors = RwSignal::new(BTreeMap::<String, String>::new());
    let force = RwSignal::new(false);
    let dry_run = RwSignal::new(false);
    let queue = RwSignal::new(false);
    let custom = RwSignal::new(false);
    let custom_text = RwSignal::new(String::new());
    let scheduled = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let dep = deployment_id.clone();
    let pick_nav = navigate.clone();
    let pick = move |ev| {
        let name = event_target_value(&ev);
        let q = baton_core::Query::new()
            .with("do", "run")
            .with("workflow", name)
            .encode();
        pick_nav(&format!("{}?{q}", href(&dep)), Default::default());
    };
    let dep = deployment_id.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        form.touch_all();
        errors.set(BTreeMap::new());
        let Ok(mut params) = form.result.get_untracked() else {
            return;
        };
        if custom.get_untracked() && !custom_text.get_untracked().trim().is_empty() {
            match serde_json::from_str::<Map<String, serde_json::Value>>(
                &custom_text.get_untracked(),
            ) {
                Ok(extra) => params.extend(extra),
                Err(e) => {
                    errors.update(|m| {
                        m.insert(
                            "custom".into(),
                            format!("Custom parameters must be a JSON object: {e}."),
                        );
                    });
                    return;
                }
            }
        }
        let when = scheduled.get_untracked();
        let scheduled_time = if when.is_empty() {
            None
        } else if let Some(t) = schedule_text(&when) {
            Some(t)
        } else {
            errors.update(|m| {
                m.insert("scheduled_time".into(), "Give a date and a time.".into());
            });
            return;
        };
        let call = StartExecution {
            deployment_id: dep.clone(),
            workflow_id: chosen.get_untracked(),
            parameters: (!params.is_empty()).then_some(params),
            allow_custom_parameters: custom.get_untracked(),
            force: force.get_untracked(),
            dry_run: dry_run.get_untracked(),
            queue: queue.get_untracked(),
            scheduled_time,
            wait_after_fail: None,
        };
        let navigate = navigate.clone();
        let dep = dep.clone();
        busy.set(true);
        failure.set(None);
        spawn_local(async move {
            match api.call(&call).await {
                Ok(x) => {
                    let q = baton_core::Query::new().with("started", x.id).encode();
                    navigate(&format!("{}?{q}", href(&dep)), Default::default());
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
    let check = |s: RwSignal<bool>| move |ev| s.set(event_target_checked(&ev));
    let close = close_href(&deployment_id);
    let dep_form = deployment_id.clone();
    let dep_draft = StoredValue::new(deployment_id.clone());
    let draft = move || StartExecution {
        deployment_id: dep_draft.get_value(),
        workflow_id: chosen.get(),
        parameters: form.result.get().ok().filter(|p| !p.is_empty()),
        allow_custom_parameters: custom.get(),
        force: force.get(),
        dry_run: dry_run.get(),
        queue: queue.get(),
        scheduled_time: schedule_text(&scheduled.get()),
        wait_after_fail: None,
    };
    let curl = Signal::derive(move || curl_of(&api, &draft()));
    let cfy = Signal::derive(move || {
        let d = draft();
        let mut c = format!(
            "cfy executions start {} -d {}",
            d.workflow_id, d.deployment_id
        );
        for (k, v) in d.parameters.iter().flatten() {
            c.push_str(&format!(" -p {k}={}", super::shell_value(v)));
        }
        for (on, flag) in [
            (d.force, " --force"),
            (d.dry_run, " --dry-run"),
            (d.queue, " --queue"),
            (d.allow_custom_parameters, " --allow-custom-parameters"),
        ] {
            if on {
                c.push_str(flag);
            }
        }
        if let Some(t) = &d.scheduled_time {
            c.push_str(&format!(" --schedule {t}"));
        }
        c
    });
    view! {
        <section class="panel" aria-label="Run a workflow">
            <h2>"Run a workflow"</h2>
            <form class="form" on:submit=submit novalidate>
                <label class="field"><span class="field-label">"Workflow"</span>
                    <select name="workflow_id" on:change=pick>
                        {move || workflows.with_value(|ws| ws.iter().map(|w| {
                            let selected = w.name == chosen.get();
                            let n = w.name.clone();
                            view! { <option value=n.clone() selected=selected>{n.clone()}</option> }
                        }).collect_view())}
                    </select>
                </label>
                <fieldset>
                    <legend>"Parameters"</legend>
                    <SchemaForm form=form deployment_id=Some(dep_form.clone())/>
                </fieldset>
                <div class="checks">
                    <label><input type="checkbox" name="force" on:change=check(force)/>" Force (even while another execution runs)"</label>
                    <label><input type="checkbox" name="dry_run" on:change=check(dry_run)/>" Dry run"</label>
                    <label><input type="checkbox" name="queue" on:change=check(queue)/>" Queue if it cannot run now"</label>
                    <label><input type="checkbox" name="allow_custom_parameters" on:change=move |ev| { let on = event_target_checked(&ev); custom.set(on); form.allow_custom(on); }/>" Allow custom parameters"</label>
                </div>
                <Show when=move || custom.get()>
                    <label class="field"><span class="field-label">"Custom parameters (JSON object)"</span>
                        <textarea name="custom_parameters" rows=3 prop:value=move || custom_text.get()
                            on:input=move |ev| custom_text.set(event_target_value(&ev))></textarea>
                    </label>
                    {super::create::field_error(errors, "custom")}
                </Show>
                <label class="field"><span class="field-label">"Schedule (UTC, optional)"</span>
                    <input type="datetime-local" name="scheduled_time" prop:value=move || scheduled.get()
                        on:input=move |ev| scheduled.set(event_target_value(&ev))/>
                </label>
                {super::create::field_error(errors, "scheduled_time")}
                <ShowRequest curl=curl cfy=cfy/>
                {move || failure.get().map(|e| view! { <ErrorView error=e/> })}
                <div class="actions">
                    <button type="submit" class="button primary" disabled=move || busy.get()>
                        {move || if scheduled.with(String::is_empty) { "Run" } else { "Schedule" }}
                    </button>
                    <a href=close class="button">"Cancel"</a>
                </div>
            </form>
        </section>
    }
}
