//! Snapshots: the list (status followed live while one is being created or uploaded), create
//! one (credentials, logs, events, queue), restore one behind a typed confirmation that says
//! what is replaced, download, upload (a file with byte progress, or a URL) and delete.

use baton_core::conductor::snapshots::{
    CreateSnapshot, DeleteSnapshot, DownloadSnapshot, GetSnapshotStatus, ListSnapshots,
    RestoreSnapshot, Snapshot, SnapshotArchive, SnapshotStatus, UploadSnapshot,
};
use baton_core::{ApiError, SortKey};
use leptos::prelude::*;
use serde_json::json;

use crate::api::use_api;
use crate::components::clock::When;
use crate::components::confirm::ConfirmDialog;
use crate::components::form::create::{flag, text, CreateForm};
use crate::components::table::{Column, ListSpec, ResourceList};
use crate::components::toast::use_toasts;
use crate::components::upload::{save_bytes, ChosenFile, FileDrop, UploadProgress};
use crate::components::{copy_id, status_badge, ErrorView, Name};
use crate::live;
use crate::permissions::guard;

#[derive(Clone, Copy)]
struct Changed(Trigger);

fn notify(changed: Option<Changed>) {
    if let Some(Changed(t)) = changed {
        t.notify();
    }
}

fn actions(s: &Snapshot) -> AnyView {
    let api = use_api();
    let toasts = use_toasts();
    let changed = use_context::<Changed>();
    let id = s.id.clone();
    let usable = matches!(
        s.status,
        Some(SnapshotStatus::Created | SnapshotStatus::Uploaded)
    );
    let restoring = RwSignal::new(false);
    let deleting = RwSignal::new(false);
    let force = RwSignal::new(false);
    let (download_id, restore_id, delete_id) = (id.clone(), id.clone(), id.clone());
    let download = move |_| {
        let id = download_id.clone();
        leptos::task::spawn_local(async move {
            match api.call(&DownloadSnapshot { id: id.clone() }).await {
                Ok(bytes) => {
                    if let Err(e) = save_bytes(&format!("{id}.zip"), &bytes) {
                        toasts.failure(e);
                    }
                }
                Err(e) => toasts.error(&e),
            }
        });
    };
    let watch = use_context::<RestoreWatch>();
    let restore = move |_| {
        let call = RestoreSnapshot {
            id: restore_id.clone(),
            force: force.get_untracked(),
            ..Default::default()
        };
        leptos::task::spawn_local(async move {
            match api.call(&call).await {
                Ok(e) => {
                    toasts.success(format!(
                        "Restoring {}: execution {} started. The manager may be unavailable until it ends.",
                        call.id, e.id
                    ));
                    if let Some(RestoreWatch(w)) = watch {
                        w.refresh();
                    }
                }
                Err(e) => toasts.error(&e),
            }
        });
    };
    let delete = move |_| {
        let id = delete_id.clone();
        leptos::task::spawn_local(async move {
            match api.call(&DeleteSnapshot { id: id.clone() }).await {
                Ok(()) => toasts.success(format!("Snapshot {id} deleted.")),
                Err(e) => toasts.error(&e),
            }
            notify(changed);
        });
    };
    let (restore_title, delete_title) = (
        format!("Restore snapshot {id}?"),
        format!("Delete snapshot {id}?"),
    );
    let (typed_restore, typed_delete) = (id.clone(), id.clone());
    view! {
        <span class="row-actions">
            <button class="button small" disabled=!usable use:guard="snapshot_restore" on:click=move |_| { force.set(false); restoring.set(true); }>"Restore"</button>
            <button class="button small" disabled=!usable use:guard="snapshot_download" on:click=download>"Download"</button>
            <button class="button small danger" use:guard="snapshot_delete" on:click=move |_| deleting.set(true)>"Delete"</button>
        </span>
        <ConfirmDialog open=restoring title=restore_title confirm_label="Restore"
            type_to_confirm=Signal::derive(move || Some(typed_restore.clone()))
            on_confirm=restore>
            <p>"The manager's blueprints, deployments, plugins, secrets, users and tenants are replaced by the snapshot's; executions running now are lost. The manager is unavailable while the restore runs."</p>
            <label class="check"><input type="checkbox" name="force" prop:checked=move || force.get()
                on:change=move |ev| force.set(event_target_checked(&ev))/>" Restore even though this manager already holds blueprints or deployments (force)"</label>
        </ConfirmDialog>
        <ConfirmDialog open=deleting title=delete_title confirm_label="Delete"
            type_to_confirm=Signal::derive(move || Some(typed_delete.clone()))
            on_confirm=delete>
            <p>"The archive is removed from the manager. Download it first to keep a copy."</p>
        </ConfirmDialog>
    }
    .into_any()
}

fn columns() -> Vec<Column<Snapshot>> {
    vec![
        Column {
            label: "Snapshot",
            sort: Some("id"),
            fields: &["id"],
            cell: |s| {
                let id = s.id.clone();
                let copy = copy_id(id.clone());
                view! { <span class="name mono"><Name text=id/></span>{copy} }.into_any()
            },
        },
        Column {
            label: "Status",
            sort: Some("status"),
            fields: &["status", "error"],
            cell: |s| {
                let error = s.error.clone().filter(|e| !e.is_empty());
                view! { {status_badge(s.status.as_ref().map(|st| st.to_string()))}<div class="sub">{error}</div> }.into_any()
            },
        },
        Column {
            label: "Created",
            sort: Some("created_at"),
            fields: &["created_at", "created_by"],
            cell: |s| {
                view! { <When t=s.created_at/><div class="sub">{s.created_by.clone()}</div> }
                    .into_any()
            },
        },
        Column {
            label: "Actions",
            sort: None,
            fields: &["id", "status"],
            cell: actions,
        },
    ]
}

fn snapshot_schema() -> serde_json::Value {
    json!({
        "id": {"type": "string", "display_label": "Snapshot id", "required": true,
               "constraints": [{"pattern": "^[A-Za-z0-9][A-Za-z0-9_.-]*$"}]},
        "include_credentials": {"type": "boolean", "display_label": "Include the agents' credentials", "default": true},
        "include_logs": {"type": "boolean", "display_label": "Include logs", "default": true},
        "include_events": {"type": "boolean", "display_label": "Include events", "default": true},
        "queue": {"type": "boolean", "display_label": "Queue it if the manager is busy", "default": false},
    })
}

/// An archive from a file or a URL, sent with its byte progress.
#[component]
fn UploadSnapshotPanel(done: Callback<()>) -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let id = RwSignal::new(String::new());
    let file = RwSignal::new(None::<ChosenFile>);
    let url = RwSignal::new(String::new());
    let sent = RwSignal::new((0u64, 0u64));
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let missing = RwSignal::new(None::<&'static str>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = id.get_untracked().trim().to_string();
        let archive = match (file.get_untracked(), url.get_untracked()) {
            (Some(f), _) => Some(SnapshotArchive::Bytes(f.bytes)),
            (None, u) if !u.trim().is_empty() => Some(SnapshotArchive::Url(u.trim().into())),
            _ => None,
        };
        let (false, Some(archive)) = (name.is_empty(), archive) else {
            missing.set(Some(
                "Give the snapshot an id and choose its archive (a file or a URL).",
            ));
            return;
        };
        missing.set(None);
        error.set(None);
        busy.set(true);
        let call = UploadSnapshot { id: name, archive };
        leptos::task::spawn_local(async move {
            match api
                .send_with_progress(&call, move |d, t| {
                    sent.try_set((d, t));
                })
                .await
            {
                Ok(s) => {
                    toasts.success(format!("Snapshot {} uploaded.", s.id));
                    done.run(());
                }
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
            busy.try_set(false);
        });
    };
    view! {
        <form class="form card" on:submit=submit aria-label="Upload a snapshot">
            <h2>"Upload a snapshot"</h2>
            <label class="field">"Snapshot id"<input type="text" name="id" prop:value=move || id.get() on:input=move |ev| id.set(event_target_value(&ev))/></label>
            <div class="field">
                <span class="field-label">"Archive (.zip)"</span>
                <FileDrop accept=".zip" what="the snapshot archive" name="archive_file" on_file=move |f| file.set(Some(f))/>
                <label>"or its URL "<input type="url" name="archive_url" prop:value=move || url.get() on:input=move |ev| url.set(event_target_value(&ev))/></label>
            </div>
            {move || missing.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            {move || busy.get().then(|| view! { <UploadProgress sent=sent/> })}
            {move || error.get().map(|e| view! { <ErrorView error=e/> })}
            <div class="actions">
                <button type="submit" class="button accent" disabled=move || busy.get()>"Upload"</button>
                <button type="button" class="button" on:click=move |_| done.run(())>"Cancel"</button>
            </div>
        </form>
    }
    .into_any()
}

/// A restore in progress, followed live: the manager refuses most calls meanwhile, which the
/// operator should know before reading those refusals as failures. Asked again at once after
/// a restore starts (through this context).
#[derive(Clone, Copy)]
struct RestoreWatch(live::Live);

fn restore_banner(running: RwSignal<Option<String>>) -> impl IntoView {
    move || {
        running.get().map(|status| {
            view! {
                <div class="maintenance-banner" role="status">
                    <strong>"Restore running"</strong>" The manager is restoring a snapshot ("{status}"). It refuses most calls until the restore ends; this page follows it."
                </div>
            }
        })
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Panel {
    None,
    Create,
    Upload,
}

#[component]
pub fn SnapshotsPage() -> impl IntoView {
    let api = use_api();
    let refresh = Trigger::new();
    provide_context(Changed(refresh));
    let panel = RwSignal::new(Panel::None);
    // A snapshot being created or uploaded changes state on its own: the list follows it.
    let live = live::register(5_000, move || async move {
        refresh.notify();
        Ok::<(), ApiError>(())
    });
    let restoring = RwSignal::new(None::<String>);
    let restore_live = live::register(5_000, move || async move {
        let s = api.call(&GetSnapshotStatus).await?;
        restoring.try_set(s.is_running().then(|| s.status.clone()));
        Ok(())
    });
    provide_context(RestoreWatch(restore_live));
    let spec = ListSpec {
        noun: "snapshots",
        path: "/snapshots",
        default_sort: || SortKey::desc("created_at"),
        columns: columns(),
        filters: &["status"],
        search_names: false,
        endpoint: |query| ListSnapshots { query },
        placeholder: "Search snapshots",
    };
    let closed = Callback::new(move |_| {
        panel.set(Panel::None);
        refresh.notify();
    });
    view! {
        <div class="page-head">
            <h1>"Snapshots"</h1>
            <button class="button accent" disabled=move || panel.get() != Panel::None use:guard="snapshot_create" on:click=move |_| panel.set(Panel::Create)>"Create a snapshot"</button>
            <button class="button" disabled=move || panel.get() != Panel::None use:guard="snapshot_upload" on:click=move |_| panel.set(Panel::Upload)>"Upload a snapshot"</button>
            <span class="spacer"></span>
            <live::LiveToggle live label="Status refreshes every 5 s"/>
        </div>
        {restore_banner(restoring)}
        {move || match panel.get() {
            Panel::None => None,
            Panel::Create => Some(view! {
                <CreateForm title="Create a snapshot" schema=snapshot_schema() submit_label="Create snapshot"
                    send=|api, values| Box::pin(async move {
                        let mut call = CreateSnapshot::new(text(&values, "id").unwrap_or_default());
                        call.include_credentials = flag(&values, "include_credentials");
                        call.include_logs = flag(&values, "include_logs");
                        call.include_events = flag(&values, "include_events");
                        call.queue = flag(&values, "queue");
                        let id = call.id.clone();
                        api.call(&call).await.map(|e| format!("Creating snapshot {id} (execution {}).", e.id))
                    })
                    done=closed/>
            }.into_any()),
            Panel::Upload => Some(view! { <UploadSnapshotPanel done=closed/> }.into_any()),
        }}
        <ResourceList spec reload=refresh/>
    }
    .into_any()
}
