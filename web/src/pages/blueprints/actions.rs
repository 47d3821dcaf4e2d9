//! What an operator does to one blueprint: deploy it, download its archive, widen its
//! visibility, set or remove its icon, delete it (with `force`), and edit its labels.

use baton_core::archive::ArchiveKind;
use baton_core::conductor::blueprints::{
    Blueprint, DeleteBlueprint, DownloadBlueprint, SetBlueprintIcon, SetBlueprintVisibility,
    UpdateBlueprint,
};
use baton_core::conductor::labels::LabelPair;
use baton_core::conductor::Visibility;
use baton_core::ApiError;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api::use_api;
use crate::components::confirm::ConfirmDialog;
use crate::components::labels_editor::LabelsEditor;
use crate::components::show_request::{curl_of, ShowRequest};
use crate::components::toast::use_toasts;
use crate::components::upload::{save_bytes, ChosenFile, FileDrop};
use crate::components::{ErrorView, LabelChips};
use crate::permissions::{guard, ActionLink};

/// Which action's form is open.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    None,
    Visibility,
    Icon,
}

const ORDER: [&str; 3] = ["private", "tenant", "global"];

/// What an error means for the operator, above the manager's own message.
fn delete_hint(e: &ApiError) -> Option<&'static str> {
    match e.code.as_str() {
        "dependent_exists_error" => Some(
            "Deployments still use this blueprint. Delete those deployments first; force does not override this.",
        ),
        "blueprint_in_use" => Some(
            "Another blueprint imports this one. Tick \u{201c}force\u{201d} to delete it anyway.",
        ),
        _ => None,
    }
}

#[component]
pub fn BlueprintActions(bp: RwSignal<Blueprint>) -> impl IntoView {
    let api = use_api();
    let navigate = use_navigate();
    let id = bp.with_untracked(|b| b.id.clone());
    let open = RwSignal::new(Open::None);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let toasts = use_toasts();
    let notice = RwSignal::new(None::<String>);
    let force = RwSignal::new(false);
    let toggle = move |which: Open| {
        error.set(None);
        notice.set(None);
        open.update(|o| *o = if *o == which { Open::None } else { which });
    };

    let uploaded = move || bp.with(|b| b.state.as_ref().map(|s| s.as_str()) == Some("uploaded"));
    let deploy_link = format!(
        "/deployments/new?{}",
        baton_core::Query::new()
            .with("blueprint_id", id.clone())
            .encode()
    );

    let download = {
        let id = id.clone();
        move |_| {
            let call = DownloadBlueprint { id: id.clone() };
            error.set(None);
            busy.set(true);
            leptos::task::spawn_local(async move {
                match api.call(&call).await {
                    Ok(bytes) => {
                        let ext = ArchiveKind::sniff(&bytes).map_or("tar.gz", |k| k.as_str());
                        if let Err(e) = save_bytes(&format!("{}.{ext}", call.id), &bytes) {
                            error.try_set(Some(ApiError::network(e)));
                        }
                    }
                    Err(e) => {
                        error.try_set(Some(e));
                    }
                }
                busy.try_set(false);
            });
        }
    };

    let confirm_delete = RwSignal::new(false);
    let delete_curl = {
        let id = id.clone();
        Signal::derive(move || {
            curl_of(
                &api,
                &DeleteBlueprint {
                    id: id.clone(),
                    force: force.get(),
                },
            )
        })
    };
    let delete_cfy = {
        let id = id.clone();
        Signal::derive(move || {
            format!(
                "cfy blueprints delete {id}{}",
                if force.get() { " --force" } else { "" }
            )
        })
    };
    let delete = {
        let id = id.clone();
        move |_: ()| {
            let call = DeleteBlueprint {
                id: id.clone(),
                force: force.get_untracked(),
            };
            let navigate = navigate.clone();
            error.set(None);
            busy.set(true);
            leptos::task::spawn_local(async move {
                match api.call(&call).await {
                    Ok(()) => {
                        toasts.success(format!("Blueprint {} deleted", call.id));
                        navigate("/blueprints", Default::default())
                    }
                    Err(e) => {
                        error.try_set(Some(e));
                        busy.try_set(false);
                    }
                }
            });
        }
    };

    let wider = move || {
        let current = bp.with(|b| {
            b.visibility
                .as_ref()
                .map_or("tenant".to_string(), |v| v.to_string())
        });
        let at = ORDER.iter().position(|v| *v == current).unwrap_or(1);
        ORDER[at + 1..].to_vec()
    };
    let chosen_visibility = RwSignal::new(String::new());
    let set_visibility = {
        let id = id.clone();
        move |_| {
            let v = chosen_visibility.get_untracked();
            let v = if v.is_empty() {
                wider().first().map(|s| s.to_string()).unwrap_or_default()
            } else {
                v
            };
            let call = SetBlueprintVisibility {
                id: id.clone(),
                visibility: Visibility::from(v.as_str()),
            };
            error.set(None);
            busy.set(true);
            leptos::task::spawn_local(async move {
                match api.call(&call).await {
                    Ok(b) => {
                        bp.update(|old| {
                            old.visibility = b.visibility.or(Some(call.visibility.clone()));
                            old.updated_at = b.updated_at.or(old.updated_at);
                        });
                        toasts.success(format!("Visibility is now {}.", call.visibility));
                        open.try_set(Open::None);
                    }
                    Err(e) => {
                        error.try_set(Some(e));
                    }
                }
                busy.try_set(false);
            });
        }
    };

    let send_icon = {
        let id = id.clone();
        move |icon: Option<Vec<u8>>| {
            let removing = icon.is_none();
            let call = SetBlueprintIcon {
                id: id.clone(),
                icon,
            };
            error.set(None);
            busy.set(true);
            leptos::task::spawn_local(async move {
                match api.call(&call).await {
                    Ok(_) => {
                        notice.try_set(Some(if removing {
                            "Icon removed.".into()
                        } else {
                            "Icon set.".into()
                        }));
                        open.try_set(Open::None);
                    }
                    Err(e) => {
                        error.try_set(Some(e));
                    }
                }
                busy.try_set(false);
            });
        }
    };
    let send_icon2 = send_icon.clone();
    let on_icon = Callback::new(move |f: ChosenFile| {
        if f.bytes.starts_with(b"\x89PNG") {
            send_icon(Some(f.bytes));
        } else {
            error.set(Some(ApiError::new(
                None,
                "not_a_png",
                "The icon must be a PNG image.",
            )));
        }
    });

    view! {
        <div class="toolbar actions-bar">
            {move || if uploaded() {
                view! { <ActionLink href=deploy_link.clone() class="button accent" permission="deployment_create" label="Deploy…"/> }.into_any()
            } else {
                view! { <button class="button" disabled title="Only an uploaded blueprint can be deployed">"Deploy…"</button> }.into_any()
            }}
            <button class="button" on:click=download disabled=move || busy.get()>"Download archive"</button>
            <button class="button" on:click=move |_| toggle(Open::Visibility) disabled=move || wider().is_empty() use:guard="resource_set_visibility"
                title="Visibility can only be widened">"Visibility…"</button>
            // Icon, labels and description are changed with `PATCH /blueprints/<id>`, which the
            // manager checks as `blueprint_upload` (it has no separate update permission).
            <button class="button" use:guard="blueprint_upload" on:click=move |_| toggle(Open::Icon)>"Icon…"</button>
            <button class="button danger" use:guard="blueprint_delete" on:click=move |_| { error.set(None); confirm_delete.set(true); }>"Delete…"</button>
        </div>
        <ConfirmDialog open=confirm_delete title=format!("Delete blueprint {id}?") confirm_label="Delete blueprint"
            type_to_confirm=Some(id.clone()) on_confirm=delete>
            <p>"The blueprint and its archive are removed from the manager. This cannot be undone."</p>
            <label><input type="checkbox" name="force" prop:checked=move || force.get()
                on:change=move |ev| force.set(event_target_checked(&ev))/>
                " Force: delete even if other blueprints import it"</label>
            <ShowRequest curl=delete_curl cfy=delete_cfy/>
        </ConfirmDialog>
        {move || match open.get() {
            Open::None => None,
            Open::Visibility => Some(view! {
                <div class="panel" role="dialog" aria-label="Set visibility">
                    <label>"New visibility "
                        <select name="visibility" on:change=move |ev| chosen_visibility.set(event_target_value(&ev))>
                            {wider().into_iter().map(|v| view! { <option value=v>{v}</option> }).collect_view()}
                        </select>
                    </label>
                    <p class="sub">"Visibility can only be widened: private → tenant → global."</p>
                    <div class="actions">
                        <button class="button accent set-visibility" on:click=set_visibility.clone() disabled=move || busy.get()>"Set visibility"</button>
                        <button class="button" on:click=move |_| open.set(Open::None)>"Cancel"</button>
                    </div>
                </div>
            }.into_any()),
            Open::Icon => Some({
                let remove = send_icon2.clone();
                view! {
                    <div class="panel" role="dialog" aria-label="Blueprint icon">
                        <FileDrop accept=".png,image/png" what="a PNG icon" name="icon" on_file=on_icon/>
                        <div class="actions">
                            <button class="button remove-icon" on:click=move |_| remove(None) disabled=move || busy.get()>"Remove icon"</button>
                            <button class="button" on:click=move |_| open.set(Open::None)>"Cancel"</button>
                        </div>
                    </div>
                }.into_any()
            }),
        }}
        {move || error.get().map(|e| {
            let hint = delete_hint(&e);
            view! {
                <div class="action-error">
                    {hint.map(|h| view! { <p class="hint strong">{h}</p> })}
                    <ErrorView error=e/>
                </div>
            }
        })}
        {move || notice.get().map(|n| view! { <p class="notice ok" role="status">{n}</p> })}
    }
    .into_any()
}

/// The blueprint's labels, and their editor.
#[component]
pub fn LabelsSection(bp: RwSignal<Blueprint>) -> impl IntoView {
    let api = use_api();
    let editing = RwSignal::new(false);
    let draft = RwSignal::new(Vec::<LabelPair>::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let start = move |_| {
        draft.set(
            bp.with_untracked(|b| b.labels.clone().unwrap_or_default())
                .into_iter()
                .map(|l| LabelPair::new(l.key, l.value))
                .collect(),
        );
        error.set(None);
        editing.set(true);
    };
    let save = move |_| {
        let call = UpdateBlueprint {
            id: bp.with_untracked(|b| b.id.clone()),
            description: None,
            labels: Some(draft.get_untracked()),
        };
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            match api.call(&call).await {
                Ok(b) => {
                    bp.update(|old| {
                        old.labels = b.labels;
                        old.updated_at = b.updated_at.or(old.updated_at);
                    });
                    editing.try_set(false);
                }
                // The draft stays as typed so nothing is lost.
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
            busy.try_set(false);
        });
    };
    view! {
        <section class="labels-section">
            <h2>"Labels"</h2>
            <Show when=move || editing.get() fallback=move || view! {
                {move || match bp.with(|b| b.labels.clone()).filter(|l| !l.is_empty()) {
                    Some(labels) => view! { <LabelChips labels=labels/> }.into_any(),
                    None => view! { <p class="empty">"No labels."</p> }.into_any(),
                }}
                <p><button class="button edit-labels" use:guard="blueprint_upload" on:click=start>"Edit labels"</button></p>
            }>
                <LabelsEditor labels=draft/>
                {move || error.get().map(|e| view! { <ErrorView error=e/> })}
                <div class="actions">
                    <button class="button accent save-labels" on:click=save disabled=move || busy.get()>"Save labels"</button>
                    <button class="button" on:click=move |_| editing.set(false)>"Cancel"</button>
                </div>
            </Show>
        </section>
    }
    .into_any()
}

/// The blueprint's description with an editor (`PATCH /blueprints/<id>` with `description`).
/// A refused save keeps what was typed.
#[component]
pub fn DescriptionFact(bp: RwSignal<Blueprint>) -> impl IntoView {
    let api = use_api();
    let editing = RwSignal::new(false);
    let draft = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let start = move |_| {
        draft.set(bp.with_untracked(|b| b.description.clone().unwrap_or_default()));
        error.set(None);
        editing.set(true);
    };
    let save = move |_| {
        let call = UpdateBlueprint {
            id: bp.with_untracked(|b| b.id.clone()),
            description: Some(draft.get_untracked()),
            labels: None,
        };
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            match api.call(&call).await {
                Ok(b) => {
                    bp.update(|old| {
                        old.description = b.description.or(call.description);
                        old.updated_at = b.updated_at.or(old.updated_at);
                    });
                    editing.try_set(false);
                }
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
            busy.try_set(false);
        });
    };
    view! {
        <dt>"Description"</dt>
        <dd>
            <Show when=move || editing.get() fallback=move || view! {
                {move || bp.with(|b| b.description.clone()).filter(|d| !d.is_empty()).unwrap_or_else(|| "—".into())}
                " "<button class="button small edit-description" use:guard="blueprint_upload" on:click=start>"Edit"</button>
            }>
                <textarea name="description" aria-label="Description" rows="3" prop:value=move || draft.get()
                    on:input=move |ev| draft.set(event_target_value(&ev))></textarea>
                {move || error.get().map(|e| view! { <ErrorView error=e/> })}
                <div class="actions">
                    <button class="button accent small save-description" on:click=save disabled=move || busy.get()>"Save"</button>
                    <button class="button small" on:click=move |_| editing.set(false)>"Cancel"</button>
                </div>
            </Show>
        </dd>
    }
    .into_any()
}
