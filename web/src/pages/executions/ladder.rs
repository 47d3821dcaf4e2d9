//! The escalation ladder: one place to stop or restart an execution, offering the next step
//! only when the previous one is not enough. Cancel; if the execution is still `cancelling`
//! after [`FORCE_AFTER_SECS`], force cancel; while force cancelling, kill. Failed or cancelled
//! executions resume (failed ones only by force, as the manager requires); any finished one can
//! run again with its parameters.

use std::time::Duration;

use baton_core::conductor::executions::{
    Execution, ExecutionAction, ExecutionActionRequest, ExecutionStatus, StartExecution,
};
use baton_core::ApiError;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api::use_api;
use crate::components::confirm::ConfirmDialog;
use crate::components::ErrorView;
use crate::permissions::guard;

/// How long a cancel may take before force cancel is offered.
pub const FORCE_AFTER_SECS: u64 = 10;

thread_local! {
    static FORCE_AFTER: std::cell::Cell<u64> = const { std::cell::Cell::new(FORCE_AFTER_SECS) };
}

/// Test hook: how long a cancel may take before force cancel is offered.
pub fn set_force_after_secs(secs: u64) {
    FORCE_AFTER.with(|f| f.set(secs.max(1)));
}

fn force_after() -> u64 {
    FORCE_AFTER.with(|f| f.get())
}

/// The manager actions the ladder sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Cancel,
    ForceCancel,
    Kill,
    Resume,
    ForceResume,
}

impl Step {
    pub fn action(self) -> ExecutionAction {
        match self {
            Step::Cancel => ExecutionAction::Cancel,
            Step::ForceCancel => ExecutionAction::ForceCancel,
            Step::Kill => ExecutionAction::Kill,
            Step::Resume => ExecutionAction::Resume,
            Step::ForceResume => ExecutionAction::ForceResume,
        }
    }
}

/// One step of the ladder: the action, its button, what it does, and the word to type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rung {
    pub step: Step,
    pub label: &'static str,
    /// The confirm button's words (never a bare "Cancel", which also closes the dialog).
    pub confirm: &'static str,
    pub explains: &'static str,
    /// The word the operator types to confirm, for the steps that can leave a mess.
    pub typed: Option<&'static str>,
}

const CANCEL: Rung = Rung {
    step: Step::Cancel,
    confirm: "Cancel execution",
    label: "Cancel",
    explains: "Asks the workflow to stop at the next safe point: operations already running finish, no new ones start. The execution then ends as cancelled.",
    typed: None,
};
const FORCE_CANCEL: Rung = Rung {
    step: Step::ForceCancel,
    confirm: "Force cancel",
    label: "Force cancel",
    explains: "Stops the workflow now without waiting for running operations. They may leave resources half made; check the deployment afterwards.",
    typed: Some("force-cancel"),
};
const KILL: Rung = Rung {
    step: Step::Kill,
    confirm: "Kill",
    label: "Kill",
    explains: "Kills the workflow's processes on the manager immediately, running operations included. The last resort when force cancel hangs: the deployment's state may be inconsistent.",
    typed: Some("kill"),
};
const RESUME: Rung = Rung {
    step: Step::Resume,
    confirm: "Resume",
    label: "Resume",
    explains: "Continues the execution from where it stopped, replaying its stored task graph: operations that succeeded are not run again.",
    typed: None,
};
const FORCE_RESUME: Rung = Rung {
    step: Step::ForceResume,
    confirm: "Force resume",
    label: "Force resume",
    explains: "Resumes and also runs again the operations that failed or were running when it stopped. Use when those operations are safe to repeat.",
    typed: Some("force-resume"),
};

/// What the ladder offers for `status`, given how long it has been cancelling; the second
/// value says why the next step is not offered yet.
pub fn rungs(status: &ExecutionStatus, cancelling_secs: u64) -> (Vec<Rung>, Option<String>) {
    match status {
        ExecutionStatus::Pending
        | ExecutionStatus::Started
        | ExecutionStatus::Queued
        | ExecutionStatus::Scheduled => (vec![CANCEL], None),
        ExecutionStatus::Cancelling if cancelling_secs >= force_after() => {
            (vec![FORCE_CANCEL], None)
        }
        ExecutionStatus::Cancelling => (
            vec![],
            Some(format!(
                "Cancelling: running operations are finishing. Force cancel is offered if it is still cancelling in {} s.",
                force_after() - cancelling_secs
            )),
        ),
        ExecutionStatus::ForceCancelling => (
            vec![KILL],
            Some("Force cancelling. If it hangs, kill it.".into()),
        ),
        ExecutionStatus::KillCancelling => (vec![], Some("Killing the workflow's processes…".into())),
        // The manager resumes a failed execution only by force ("Cannot resume execution ...
        // in state: failed"): its failed operation must run again.
        ExecutionStatus::Failed => (
            vec![FORCE_RESUME],
            Some("A failed execution resumes only by force: its failed operation runs again.".into()),
        ),
        ExecutionStatus::Cancelled => (vec![RESUME, FORCE_RESUME], None),
        _ => (vec![], None),
    }
}

#[component]
pub fn Ladder(
    #[prop(into)] execution: Signal<Option<Execution>>,
    #[prop(into)] on_change: Callback<()>,
) -> impl IntoView {
    let api = use_api();
    let navigate = use_navigate();
    let status = Memo::new(move |_| execution.with(|e| e.as_ref().and_then(|e| e.status.clone())));
    // When this page first saw the execution cancelling (the manager does not record it).
    let cancelling_since = RwSignal::new(None::<f64>);
    let clock = RwSignal::new(0u32);
    Effect::new(move |_| {
        let s = status.get();
        if s == Some(ExecutionStatus::Cancelling) {
            if cancelling_since.get_untracked().is_none() {
                cancelling_since.set(Some(js_sys::Date::now()));
                for k in 1..=force_after() {
                    set_timeout(
                        move || {
                            clock.try_set(k as u32);
                        },
                        Duration::from_secs(k),
                    );
                }
            }
        } else if cancelling_since.get_untracked().is_some() {
            cancelling_since.set(None);
        }
    });
    let offer = Memo::new(move |_| {
        clock.track();
        let Some(s) = status.get() else {
            return (vec![], None);
        };
        let secs = cancelling_since
            .get()
            .map_or(0, |t| ((js_sys::Date::now() - t) / 1000.0).max(0.0) as u64);
        rungs(&s, secs)
    });
    let asking = RwSignal::new(None::<Rung>);
    let dialog_open = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);
    // A step that is no longer offered (the status moved on) closes its confirmation.
    Effect::new(move |_| {
        let (now, _) = offer.get();
        if asking.get_untracked().is_some_and(|r| !now.contains(&r)) {
            dialog_open.set(false);
            asking.set(None);
        }
    });

    let act = move |rung: Rung| {
        let Some(id) = execution.with_untracked(|e| e.as_ref().map(|e| e.id.clone())) else {
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let r = api
                .call(&ExecutionActionRequest {
                    id,
                    action: rung.step.action(),
                })
                .await;
            busy.set(false);
            match r {
                Ok(_) => {
                    asking.set(None);
                    failure.set(None);
                    on_change.run(());
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };

    // Run again with the same parameters (editable).
    let rerun_open = RwSignal::new(false);
    let rerun_params = RwSignal::new(String::new());
    let rerun_dry = RwSignal::new(false);
    let rerun_problem = RwSignal::new(None::<String>);
    let open_rerun = move |_| {
        let p = execution.with_untracked(|e| {
            e.as_ref()
                .and_then(|e| e.parameters.clone())
                .map(|p| serde_json::to_string_pretty(&p).unwrap_or_default())
                .unwrap_or_else(|| "{}".into())
        });
        rerun_params.set(p);
        rerun_dry.set(
            execution.with_untracked(|e| e.as_ref().and_then(|e| e.is_dry_run).unwrap_or(false)),
        );
        rerun_open.set(true);
    };
    let navigate = StoredValue::new(navigate);
    let start_rerun = move |_| {
        let Some((dep, wf)) = execution.with_untracked(|e| {
            e.as_ref()
                .and_then(|e| Some((e.deployment_id.clone()?, e.workflow_id.clone()?)))
        }) else {
            return;
        };
        let params = match serde_json::from_str::<serde_json::Value>(&rerun_params.get_untracked())
        {
            Ok(serde_json::Value::Object(m)) => m,
            Ok(_) => {
                rerun_problem.set(Some(
                    "Parameters must be a JSON object: { \"name\": value }.".into(),
                ));
                return;
            }
            Err(e) => {
                rerun_problem.set(Some(format!("Parameters are not valid JSON: {e}")));
                return;
            }
        };
        rerun_problem.set(None);
        let call = StartExecution {
            deployment_id: dep,
            workflow_id: wf,
            parameters: Some(params),
            allow_custom_parameters: true,
            dry_run: rerun_dry.get_untracked(),
            ..StartExecution::default()
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let r = api.call(&call).await;
            busy.set(false);
            match r {
                Ok(e) => {
                    rerun_open.set(false);
                    navigate.with_value(|n| n(&super::href(&e.id), Default::default()));
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    let can_rerun = move || {
        execution.with(|e| {
            e.as_ref().is_some_and(|e| {
                e.deployment_id.is_some()
                    && e.status.as_ref().is_some_and(ExecutionStatus::is_final)
            })
        })
    };

    view! {
        <section class="ladder" aria-label="Actions">
            <div class="toolbar">
                {move || offer.get().0.into_iter().map(|r| {
                    let class = if r.typed.is_some() { "button danger" } else { "button" };
                    view! {
                        // The manager checks `execution_cancel` for every action of
                        // `POST /executions/<id>`, resume included.
                        <button class=class disabled=move || busy.get() use:guard="execution_cancel" on:click=move |_| { asking.set(Some(r)); dialog_open.set(true); }>
                            {r.label}"…"
                        </button>
                    }
                }).collect_view()}
                {move || can_rerun().then(|| view! { <button class="button" use:guard="execution_start" on:click=open_rerun>"Run again…"</button> })}
                {move || offer.get().1.map(|note| view! { <span class="muted ladder-note">{note}</span> })}
            </div>
            <ConfirmDialog
                open=dialog_open
                title=Signal::derive(move || asking.get().map(|r| format!("{}?", r.label)).unwrap_or_default())
                confirm_label=Signal::derive(move || asking.get().map(|r| r.confirm.to_string()).unwrap_or_default())
                type_to_confirm=Signal::derive(move || asking.get().and_then(|r| r.typed.map(str::to_string)))
                danger=true
                on_confirm=move |_| if let Some(r) = asking.get_untracked() { act(r) }
            >
                <p>{move || asking.get().map(|r| r.explains)}</p>
            </ConfirmDialog>
            {move || rerun_open.get().then(|| view! {
                <div class="inline-panel rerun" role="group" aria-label="Run again">
                    <p>"Runs the same workflow on the same deployment. Edit the parameters if needed."</p>
                    <textarea aria-label="Parameters (JSON)" rows="6" prop:value=move || rerun_params.get() on:input=move |ev| rerun_params.set(event_target_value(&ev))></textarea>
                    <label><input type="checkbox" prop:checked=move || rerun_dry.get() on:change=move |ev| rerun_dry.set(event_target_checked(&ev))/>" Dry run"</label>
                    {move || rerun_problem.get().map(|p| view! { <p class="field-error">{p}</p> })}
                    <button class="button" disabled=move || busy.get() on:click=start_rerun>"Start"</button>
                    <button class="button" on:click=move |_| rerun_open.set(false)>"Back"</button>
                </div>
            })}
            {move || failure.get().map(|e| view! { <ErrorView error=e/> })}
        </section>
    }
    .into_any()
}
