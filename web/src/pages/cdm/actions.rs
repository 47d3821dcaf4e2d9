//! Start, stop, restart and delete of a CDM cluster: each asks for its options and a
//! confirmation, then sends the core's action; the job id or the manager's refusal is shown.

use baton_core::cdm::{
    Cluster, ClusterState, DeleteCluster, Job, RestartCluster, RestartLevel, Session, StartCluster,
    StopCluster, StopMode,
};
use baton_core::connections::Connection;
use baton_core::ApiError;
use leptos::prelude::*;

use crate::components::confirm::ConfirmDialog;
use crate::components::ErrorView;
use crate::connections::{call, path};

/// The action to send, built from the options before anything is sent.
enum Request {
    Start(StartCluster),
    Stop(StopCluster),
    Restart(RestartCluster),
    Delete(DeleteCluster),
}

impl Request {
    fn verb(&self) -> &'static str {
        match self {
            Request::Start(_) => "Start",
            Request::Stop(_) => "Stop",
            Request::Restart(_) => "Restart",
            Request::Delete(_) => "Delete",
        }
    }

    async fn send(&self, c: &Connection) -> Result<Job, ApiError> {
        match self {
            Request::Start(r) => call::<Session, _>(c, r).await,
            Request::Stop(r) => call::<Session, _>(c, r).await,
            Request::Restart(r) => call::<Session, _>(c, r).await,
            Request::Delete(r) => call::<Session, _>(c, r).await,
        }
    }
}

/// A whole number typed into an option ("" is `None`).
fn number(text: &str) -> Result<Option<i64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<i64>()
        .map(Some)
        .map_err(|_| format!("“{t}” is not a whole number of seconds."))
}

fn jobs(j: &Job) -> String {
    if j.job_ids.is_empty() {
        String::new()
    } else {
        format!(" (job {})", j.job_ids.join(", "))
    }
}

/// The message or the error of the last action (owned by the page, so a reload keeps it).
#[derive(Clone, Copy)]
pub struct Outcome {
    pub done: RwSignal<Option<String>>,
    pub failure: RwSignal<Option<ApiError>>,
}

pub fn actions(
    conn: Connection,
    cluster: Cluster,
    reload: Callback<()>,
    outcome: Outcome,
) -> AnyView {
    let Outcome { done, failure } = outcome;
    let busy = RwSignal::new(false);
    // The options, as typed.
    let stop_graceful = RwSignal::new(false);
    let stop_delay = RwSignal::new(String::new());
    let restart_vm = RwSignal::new(false);
    let restart_mode = RwSignal::new("IMMEDIATELY".to_string());
    let restart_delay = RwSignal::new(String::new());
    let keep_backups = RwSignal::new("0".to_string());
    let option_error = RwSignal::new(None::<String>);

    let state = cluster.state();
    let stopped = state == ClusterState::Stopped;
    let name = cluster.name.clone();
    let id = StoredValue::new(cluster.id.clone());
    let conn = StoredValue::new(conn);
    let navigate = leptos_router::hooks::use_navigate();

    // Which option set the operator confirmed.
    let build = move |verb: &str| -> Result<Request, String> {
        let id = id.get_value();
        Ok(match verb {
            "stop" => Request::Stop(StopCluster {
                id,
                mode: if stop_graceful.get_untracked() {
                    StopMode::Gracefully {
                        delay_seconds: number(&stop_delay.get_untracked())?.unwrap_or(-1),
                    }
                } else {
                    StopMode::Immediately
                },
            }),
            "restart" => Request::Restart(RestartCluster {
                id,
                level: if restart_vm.get_untracked() {
                    RestartLevel::Vm
                } else {
                    RestartLevel::Service
                },
                mode: restart_mode.get_untracked(),
                delay_seconds: number(&restart_delay.get_untracked())?,
            }),
            "delete" => Request::Delete(DeleteCluster {
                id,
                keep_last_manual_backup: keep_backups
                    .get_untracked()
                    .trim()
                    .parse::<u32>()
                    .map_err(|_| "Backups to keep is a whole number (0 keeps none).".to_string())?,
            }),
            _ => Request::Start(StartCluster { id }),
        })
    };
    let run = move |verb: &'static str| {
        // A typo in an option is said, and nothing is sent.
        let request = match build(verb) {
            Ok(r) => r,
            Err(e) => {
                option_error.set(Some(e));
                return;
            }
        };
        option_error.set(None);
        busy.set(true);
        failure.set(None);
        done.set(None);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let c = conn.get_value();
            let result = request.send(&c).await;
            busy.set(false);
            match result {
                Ok(job) => {
                    done.set(Some(format!("{} requested{}.", request.verb(), jobs(&job))));
                    if matches!(request, Request::Delete(_)) {
                        navigate(&path(&c, &[]), Default::default());
                    } else {
                        reload.run(());
                    }
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };

    let (start_open, stop_open, restart_open, delete_open) = (
        RwSignal::new(false),
        RwSignal::new(false),
        RwSignal::new(false),
        RwSignal::new(false),
    );
    let button = move |open: RwSignal<bool>, label: &'static str, class: &'static str| {
        view! {
            <button class=class disabled=move || busy.get() on:click=move |_| { option_error.set(None); open.set(true) }>{label}</button>
        }
    };
    let typed = name.clone();
    let run2 = run.clone();
    let run3 = run.clone();
    let run4 = run.clone();
    view! {
        <div class="cdm-actions" role="group" aria-label="Actions">
            {if stopped { button(start_open, "Start", "button accent").into_any() } else { button(stop_open, "Stop", "button").into_any() }}
            {button(restart_open, "Restart", "button")}
            {button(delete_open, "Delete", "button danger")}
        </div>
        <ConfirmDialog open=start_open title=format!("Start {name}?") confirm_label="Start" danger=false
            on_confirm=move |_| run("start")>
            <p>"The cluster starts; migration jobs can run again when it is normal."</p>
        </ConfirmDialog>
        <ConfirmDialog open=stop_open title=format!("Stop {name}?") confirm_label="Stop"
            on_confirm=move |_| run2("stop")>
            <p>"A stopped cluster cannot run migration jobs."</p>
            <label class="cdm-option">
                <input type="checkbox" name="graceful" prop:checked=move || stop_graceful.get()
                    on:change=move |ev| stop_graceful.set(event_target_checked(&ev))/>
                " Stop gracefully (let running jobs finish)"
            </label>
            <label class="cdm-option">"Wait at most (seconds; empty or −1: until running jobs end) "
                <input type="text" name="stop-delay" inputmode="numeric" prop:value=move || stop_delay.get()
                    disabled=move || !stop_graceful.get()
                    on:input=move |ev| stop_delay.set(event_target_value(&ev))/>
            </label>
        </ConfirmDialog>
        <ConfirmDialog open=restart_open title=format!("Restart {name}?") confirm_label="Restart"
            on_confirm=move |_| run3("restart")>
            <p>"Running jobs are interrupted while the cluster restarts."</p>
            <label class="cdm-option">"What restarts "
                <select name="restart-level" on:change=move |ev| restart_vm.set(event_target_value(&ev) == "VM")>
                    <option value="SERVICE" selected=move || !restart_vm.get()>"The CDM service"</option>
                    <option value="VM" selected=move || restart_vm.get()>"The virtual machines"</option>
                </select>
            </label>
            <label class="cdm-option">"How "
                <select name="restart-mode" on:change=move |ev| restart_mode.set(event_target_value(&ev))>
                    {[("IMMEDIATELY", "Immediately"), ("SOFTLY", "Softly (let jobs finish)"), ("FORCELY", "Forcibly")].into_iter().map(|(v, l)| view! {
                        <option value=v selected=move || restart_mode.get() == v>{l}</option>
                    }).collect_view()}
                </select>
            </label>
            <label class="cdm-option">"Delay (seconds, optional) "
                <input type="text" name="restart-delay" inputmode="numeric" prop:value=move || restart_delay.get()
                    on:input=move |ev| restart_delay.set(event_target_value(&ev))/>
            </label>
        </ConfirmDialog>
        <ConfirmDialog open=delete_open title=format!("Delete {name}?") confirm_label="Delete"
            type_to_confirm=Signal::derive(move || Some(typed.clone()))
            on_confirm=move |_| run4("delete")>
            <p>"The cluster, its links and jobs are removed. This cannot be undone."</p>
            <label class="cdm-option">"Manual backups to keep "
                <input type="text" name="keep-backups" inputmode="numeric" prop:value=move || keep_backups.get()
                    on:input=move |ev| keep_backups.set(event_target_value(&ev))/>
            </label>
        </ConfirmDialog>
        {move || option_error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
        {move || done.get().map(|m| view! { <p class="cdm-done" role="status">{m}</p> })}
        {move || failure.get().map(|e| view! { <ErrorView error=e/> })}
    }
    .into_any()
}
