//! Plugins: the list (package, version, platform, installation state, who and when), uploading
//! a wagon with its plugin YAML (files with byte progress, or URLs), downloading the archive,
//! and deleting one (with `force` for one still in use; the manager's refusal names the
//! blueprints). A plugin's own page (`detail`) shows its installation on each manager and the
//! blueprints that use it.

mod detail;
mod updates;

pub use detail::PluginPage;
pub use updates::PluginUpdatesPage;

use baton_core::conductor::plugins::{
    DeletePlugin, DownloadPlugin, ListPlugins, PluginFile, SetPluginVisibility, UploadPluginFiles,
};
use baton_core::conductor::resources::Plugin;
use baton_core::conductor::Visibility;
use baton_core::{ApiError, SortKey};
use leptos::prelude::*;
use leptos_router::components::A;
use serde_json::Value;

use crate::api::use_api;
use crate::components::clock::When;
use crate::components::confirm::ConfirmDialog;
use crate::components::table::{Column, ListSpec, ResourceList};
use crate::components::toast::use_toasts;
use crate::components::upload::{save_bytes, ChosenFile, FileDrop, UploadProgress};
use crate::components::{copy_id, status_badge, ErrorView, Name};
use crate::permissions::guard;

#[derive(Clone, Copy)]
struct Changed(Trigger);

/// "installed on 2 of 3" style summary of `installation_state` (one entry per manager or
/// agent, each with a `state`).
fn installation(p: &Plugin) -> Option<String> {
    let states = p.installation_state.as_ref()?;
    if states.is_empty() {
        return None;
    }
    let installed = states
        .iter()
        .filter(|s| s.get("state").and_then(Value::as_str) == Some("installed"))
        .count();
    let failed = states
        .iter()
        .filter(|s| s.get("state").and_then(Value::as_str) == Some("error"))
        .count();
    Some(if failed > 0 {
        format!("error on {failed} of {}", states.len())
    } else if installed == states.len() {
        "installed".into()
    } else {
        format!("installed on {installed} of {}", states.len())
    })
}

fn actions(p: &Plugin) -> AnyView {
    let api = use_api();
    let toasts = use_toasts();
    let changed = use_context::<Changed>();
    let id = p.id.clone();
    let file = p
        .archive_name
        .clone()
        .unwrap_or_else(|| format!("{}.wgn", p.id));
    let label = format!(
        "{} {}",
        p.package_name.clone().unwrap_or_else(|| p.id.clone()),
        p.package_version.clone().unwrap_or_default()
    );
    let open = RwSignal::new(false);
    let force = RwSignal::new(false);
    let download_id = id.clone();
    let download = move |_| {
        let (id, file) = (download_id.clone(), file.clone());
        leptos::task::spawn_local(async move {
            match api.call(&DownloadPlugin { id }).await {
                Ok(bytes) => {
                    if let Err(e) = save_bytes(&file, &bytes) {
                        toasts.failure(e);
                    }
                }
                Err(e) => toasts.error(&e),
            }
        });
    };
    let title = format!("Delete plugin {label}?");
    let delete = move |_| {
        let (id, label, force) = (id.clone(), label.clone(), force.get_untracked());
        leptos::task::spawn_local(async move {
            match api.call(&DeletePlugin { id, force }).await {
                Ok(()) => toasts.success(format!("Plugin {label} deleted.")),
                Err(e) => toasts.error(&e),
            }
            if let Some(Changed(t)) = changed {
                t.notify();
            }
        });
    };
    view! {
        <span class="row-actions">
            <button class="button small" use:guard="plugin_download" on:click=download>"Download"</button>
            <button class="button small danger" use:guard="plugin_delete" on:click=move |_| { force.set(false); open.set(true); }>"Delete"</button>
        </span>
        <ConfirmDialog open title=title confirm_label="Delete" on_confirm=delete>
            <p>"Blueprints that install this plugin can no longer be deployed. The manager refuses while blueprints use it, and names them (the plugin's page lists them too)."</p>
            <label class="check"><input type="checkbox" name="force" prop:checked=move || force.get()
                on:change=move |ev| force.set(event_target_checked(&ev))/>" Delete even if blueprints use it (force)"</label>
        </ConfirmDialog>
    }
    .into_any()
}

fn columns() -> Vec<Column<Plugin>> {
    vec![
        Column {
            label: "Plugin",
            sort: Some("package_name"),
            fields: &["id", "package_name", "title"],
            cell: |p| {
                let name = p
                    .title
                    .clone()
                    .or(p.package_name.clone())
                    .unwrap_or_else(|| p.id.clone());
                let (id, copy) = (p.id.clone(), copy_id(p.id.clone()));
                let link = format!("/plugins/{}", baton_core::session::segment(&id));
                view! { <A href=link attr:class="name"><Name text=name/></A><div class="sub mono">{id}{copy}</div> }.into_any()
            },
        },
        Column {
            label: "Version",
            sort: Some("package_version"),
            fields: &["package_version", "package_name"],
            cell: |p| {
                view! { <span>{p.package_version.clone().unwrap_or_default()}</span><div class="sub mono">{p.package_name.clone()}</div> }.into_any()
            },
        },
        Column {
            label: "Platform",
            sort: Some("distribution"),
            fields: &["distribution", "distribution_release", "supported_platform"],
            cell: |p| {
                let dist = [p.distribution.clone(), p.distribution_release.clone()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" ");
                view! { <span>{dist}</span><div class="sub">{p.supported_platform.clone()}</div> }
                    .into_any()
            },
        },
        Column {
            label: "Installation",
            sort: None,
            fields: &["installation_state"],
            cell: |p| status_badge(installation(p)),
        },
        Column {
            label: "Visibility",
            sort: Some("visibility"),
            fields: &["id", "visibility"],
            cell: |p| {
                // The manager only widens a plugin's visibility; a refusal says so and the
                // list shows what it holds again.
                let api = use_api();
                let toasts = use_toasts();
                let changed = use_context::<Changed>();
                let id = p.id.clone();
                let current = p
                    .owner
                    .visibility
                    .as_ref()
                    .map(|v| v.to_string())
                    .unwrap_or_default();
                view! {
                    <select aria-label="Visibility" use:guard="resource_set_visibility" on:change=move |ev| {
                        let call = SetPluginVisibility {
                            id: id.clone(),
                            visibility: Visibility::from(event_target_value(&ev).as_str()),
                        };
                        leptos::task::spawn_local(async move {
                            match api.call(&call).await {
                                Ok(_) => toasts.success(format!("Plugin visibility set to {}.", call.visibility)),
                                Err(e) => toasts.error(&e),
                            }
                            if let Some(Changed(t)) = changed {
                                t.notify();
                            }
                        });
                    }>
                        {["private", "tenant", "global"].iter().map(|v| view! { <option value=*v selected=current == *v>{*v}</option> }).collect_view()}
                    </select>
                }
                .into_any()
            },
        },
        Column {
            label: "Uploaded",
            sort: Some("uploaded_at"),
            fields: &["uploaded_at", "created_by"],
            cell: |p| {
                view! { <When t=p.uploaded_at/><div class="sub">{p.owner.created_by.clone()}</div> }
                    .into_any()
            },
        },
        Column {
            label: "Actions",
            sort: None,
            fields: &["id", "archive_name", "package_name", "package_version"],
            cell: actions,
        },
    ]
}

/// Files or URLs for the wagon and its YAML, then the upload with its progress.
#[component]
fn UploadPanel(done: Callback<()>) -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let wagon = RwSignal::new(None::<ChosenFile>);
    let yaml = RwSignal::new(None::<ChosenFile>);
    let wagon_url = RwSignal::new(String::new());
    let yaml_url = RwSignal::new(String::new());
    let title = RwSignal::new(String::new());
    let visibility = RwSignal::new("tenant".to_string());
    let sent = RwSignal::new((0u64, 0u64));
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let missing = RwSignal::new(None::<&'static str>);
    let file = |chosen: Option<ChosenFile>, url: String| match chosen {
        Some(f) => Some(PluginFile::Bytes {
            filename: f.name,
            data: f.bytes,
        }),
        None if !url.trim().is_empty() => Some(PluginFile::Url(url.trim().to_string())),
        None => None,
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let w = file(wagon.get_untracked(), wagon_url.get_untracked());
        let y = file(yaml.get_untracked(), yaml_url.get_untracked());
        let (Some(w), Some(y)) = (w, y) else {
            missing.set(Some(
                "Choose the wagon and the plugin YAML, as files or as URLs.",
            ));
            return;
        };
        missing.set(None);
        error.set(None);
        busy.set(true);
        let call = UploadPluginFiles {
            wagon: w,
            yaml: y,
            icon: None,
            title: Some(title.get_untracked()).filter(|t| !t.trim().is_empty()),
            visibility: Some(Visibility::from(visibility.get_untracked().as_str())),
        };
        leptos::task::spawn_local(async move {
            let r = api
                .send_with_progress(&call, move |d, t| {
                    sent.try_set((d, t));
                })
                .await;
            match r {
                Ok(p) => {
                    toasts.success(format!(
                        "Plugin {} {} uploaded.",
                        p.package_name.unwrap_or_default(),
                        p.package_version.unwrap_or_default()
                    ));
                    done.run(());
                }
                // What was chosen stays chosen: upload again after fixing what was refused.
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
            busy.try_set(false);
        });
    };
    view! {
        <form class="form card" on:submit=submit aria-label="Upload a plugin">
            <h2>"Upload a plugin"</h2>
            <div class="field">
                <span class="field-label">"Wagon (.wgn)"</span>
                <FileDrop accept=".wgn,.zip,.tar.gz" what="the wagon" name="wagon_file" on_file=move |f| wagon.set(Some(f))/>
                <label>"or its URL "<input type="url" name="wagon_url" prop:value=move || wagon_url.get() on:input=move |ev| wagon_url.set(event_target_value(&ev))/></label>
            </div>
            <div class="field">
                <span class="field-label">"Plugin YAML"</span>
                <FileDrop accept=".yaml,.yml" what="plugin.yaml" name="yaml_file" on_file=move |f| yaml.set(Some(f))/>
                <label>"or its URL "<input type="url" name="yaml_url" prop:value=move || yaml_url.get() on:input=move |ev| yaml_url.set(event_target_value(&ev))/></label>
            </div>
            <label class="field">"Title (optional)"<input type="text" name="title" prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev))/></label>
            <label class="field">"Visibility"
                <select name="visibility" on:change=move |ev| visibility.set(event_target_value(&ev))>
                    <option value="private">"private"</option>
                    <option value="tenant" selected=true>"tenant"</option>
                    <option value="global">"global"</option>
                </select>
            </label>
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

#[component]
pub fn PluginsPage() -> impl IntoView {
    let refresh = Trigger::new();
    provide_context(Changed(refresh));
    let uploading = RwSignal::new(false);
    let may_upload = crate::permissions::may("plugin_upload");
    let spec = ListSpec {
        noun: "plugins",
        path: "/plugins",
        default_sort: || SortKey::asc("package_name"),
        columns: columns(),
        filters: &["package_name", "distribution"],
        search_names: false,
        endpoint: |query| ListPlugins { query },
        placeholder: "Search plugins",
    };
    let closed = Callback::new(move |_| {
        uploading.set(false);
        refresh.notify();
    });
    view! {
        <div class="page-head">
            <h1>"Plugins"</h1>
            <button class="button accent" disabled=move || uploading.get() || !may_upload.get() on:click=move |_| uploading.set(true)
                title=move || (!may_upload.get()).then(|| crate::permissions::needs("plugin_upload"))>"Upload a plugin"</button>
            <span class="spacer"></span>
            <A href="/plugins/updates">"Plugin updates"</A>
        </div>
        <Show when=move || uploading.get()>
            <UploadPanel done=closed/>
        </Show>
        <ResourceList spec reload=refresh/>
    }
    .into_any()
}
