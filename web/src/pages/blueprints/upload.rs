//! Uploading a blueprint: an archive from disk (picker or drag and drop) or a URL, the main
//! YAML file (offered from the archive's own listing), id, visibility and labels; then the
//! bytes going out with a progress bar, then the manager's upload states until it is done.

use baton_core::archive::{list_files, yaml_candidates, ArchiveError, ArchiveKind};
use baton_core::conductor::blueprints::{
    BlueprintSource, BlueprintState, GetBlueprint, UploadBlueprint,
};
use baton_core::conductor::labels::LabelPair;
use baton_core::conductor::Visibility;
use baton_core::multipart::MultipartBody;
use baton_core::session::segment;
use baton_core::ApiError;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::use_api;
use crate::components::labels_editor::LabelsEditor;
use crate::components::upload::{
    gunzip, random_seed, sleep_ms, ChosenFile, FileDrop, UploadProgress,
};
use crate::components::ErrorView;

const ARCHIVES: &str = ".zip,.tar,.tgz,.tar.gz,.tbz2,.tar.bz2,.gz,.bz2";
const DEFAULT_MAIN: &str = "blueprint.yaml";
/// The upload workflow's states, in order.
const STEPS: [&str; 4] = ["uploading", "extracting", "parsing", "uploaded"];

/// A blueprint id from an archive's file name: `my-app-1.2.tar.gz` → `my-app-1.2`.
fn id_from_file(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    let cut = [
        ".tar.gz", ".tar.bz2", ".tgz", ".tbz2", ".zip", ".tar", ".gz", ".bz2",
    ]
    .iter()
    .find(|ext| lower.ends_with(*ext))
    .map_or(name.len(), |ext| name.len() - ext.len());
    name[..cut]
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// What the archive holds, as far as the browser can tell.
async fn archive_listing(bytes: &[u8]) -> Result<Vec<String>, ArchiveError> {
    match list_files(bytes) {
        Err(ArchiveError::Compressed(ArchiveKind::Gzip)) => match gunzip(bytes).await {
            Some(tar) => {
                list_files(&tar).map_err(|_| ArchiveError::Corrupt("the gzip holds no tar"))
            }
            None => Err(ArchiveError::Compressed(ArchiveKind::Gzip)),
        },
        other => other,
    }
}

/// Where an upload is.
#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Editing,
    Sending,
    Following(String),
    Done(String),
    Failed { state: String, error: String },
}

#[component]
pub fn UploadBlueprintPanel(#[prop(into)] on_close: Callback<()>) -> impl IntoView {
    let api = use_api();
    let from_url = RwSignal::new(false);
    let file = RwSignal::new(None::<ChosenFile>);
    let url = RwSignal::new(String::new());
    let id = RwSignal::new(String::new());
    let main_file = RwSignal::new(DEFAULT_MAIN.to_string());
    let candidates = RwSignal::new(None::<Result<Vec<String>, String>>);
    let visibility = RwSignal::new("tenant".to_string());
    let labels = RwSignal::new(Vec::<LabelPair>::new());
    let phase = RwSignal::new(Phase::Editing);
    let sent = RwSignal::new((0u64, 0u64));
    let error = RwSignal::new(None::<ApiError>);

    let on_file = Callback::new(move |f: ChosenFile| {
        if id.get_untracked().is_empty() {
            id.set(id_from_file(&f.name));
        }
        let bytes = f.bytes.clone();
        file.set(Some(f));
        candidates.set(None);
        leptos::task::spawn_local(async move {
            let listing = archive_listing(&bytes)
                .await
                .map(|files| yaml_candidates(&files))
                .map_err(|e| e.to_string());
            if let Ok(list) = &listing {
                // The archive has no blueprint.yaml but one YAML file: that is the main file.
                if !list.iter().any(|f| f == DEFAULT_MAIN) && list.len() == 1 {
                    main_file.try_set(list[0].clone());
                }
            }
            candidates.try_set(Some(listing));
        });
    });

    let id_problem = move || {
        let v = id.get();
        if v.is_empty() {
            Some("Give the blueprint an id.".to_string())
        } else if !v
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        {
            Some("Only letters, digits, `-`, `_` and `.` are allowed in an id.".to_string())
        } else {
            None
        }
    };
    let source_problem = move || {
        if from_url.get() {
            let u = url.get();
            (!(u.starts_with("http://") || u.starts_with("https://")))
                .then(|| "Give an http:// or https:// URL of the archive.".to_string())
        } else {
            file.with(|f| f.is_none())
                .then(|| "Choose or drop an archive.".to_string())
        }
    };
    let main_warning = move || {
        let main = main_file.get();
        match candidates.get() {
            Some(Ok(list)) if !from_url.get() && !list.contains(&main) => {
                Some(if list.is_empty() {
                    "The archive holds no YAML file: the manager will refuse it.".to_string()
                } else {
                    format!("`{main}` is not in the archive; the manager will fail to parse it.")
                })
            }
            _ => None,
        }
    };
    let main_problem = move || {
        main_file
            .with(|m| m.trim().is_empty())
            .then(|| "Name the main YAML file.".to_string())
    };
    let valid =
        move || id_problem().is_none() && source_problem().is_none() && main_problem().is_none();

    let follow = move |blueprint_id: String| {
        leptos::task::spawn_local(async move {
            let get = GetBlueprint {
                id: blueprint_id.clone(),
                include: vec!["id".into(), "state".into(), "error".into()],
            };
            loop {
                sleep_ms(700).await;
                match api.call(&get).await {
                    Ok(b) => {
                        let state = b.state.clone();
                        let next = match &state {
                            Some(BlueprintState::Uploaded) => Phase::Done(blueprint_id.clone()),
                            Some(s) if s.is_failure() => Phase::Failed {
                                state: s.to_string(),
                                error: b.error.clone().unwrap_or_else(|| "No error given.".into()),
                            },
                            Some(s) => Phase::Following(s.to_string()),
                            None => Phase::Following("uploading".into()),
                        };
                        let end = !matches!(next, Phase::Following(_));
                        if phase.try_set(next).is_some() || end {
                            return;
                        }
                    }
                    Err(e) => {
                        error.try_set(Some(e));
                        phase.try_set(Phase::Editing);
                        return;
                    }
                }
            }
        });
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !valid() || matches!(phase.get_untracked(), Phase::Sending | Phase::Following(_)) {
            return;
        }
        let source = if from_url.get_untracked() {
            BlueprintSource::Url(url.get_untracked())
        } else {
            match file.get_untracked() {
                Some(f) => BlueprintSource::Archive {
                    file_name: f.name,
                    bytes: f.bytes,
                },
                None => return,
            }
        };
        let call = UploadBlueprint {
            id: id.get_untracked(),
            source,
            application_file_name: Some(main_file.get_untracked().trim().to_string()),
            visibility: Some(Visibility::from(visibility.get_untracked().as_str())),
            labels: labels.get_untracked(),
            async_upload: true,
            boundary: MultipartBody::boundary_from_seed(random_seed()),
        };
        error.set(None);
        sent.set((0, 0));
        phase.set(Phase::Sending);
        leptos::task::spawn_local(async move {
            let result = api
                .send_with_progress(&call, move |done, total| {
                    sent.try_set((done, total));
                })
                .await;
            match result {
                Ok(b) => {
                    let state = b
                        .state
                        .map(|s| s.to_string())
                        .unwrap_or_else(|| "uploading".into());
                    phase.try_set(Phase::Following(state));
                    follow(call.id.clone());
                }
                Err(e) => {
                    error.try_set(Some(e));
                    phase.try_set(Phase::Editing);
                }
            }
        });
    };

    // Once the upload ended (either way) the form is open again for the next one.
    let busy = move || matches!(phase.get(), Phase::Sending | Phase::Following(_));
    let steps = move || {
        let (current, failed) = match phase.get() {
            Phase::Editing => return None,
            Phase::Sending => ("uploading".to_string(), false),
            Phase::Following(s) => (
                if s == "pending" {
                    "uploading".into()
                } else {
                    s
                },
                false,
            ),
            Phase::Done(_) => ("uploaded".to_string(), false),
            Phase::Failed { state, .. } => (
                match state.as_str() {
                    "failed_uploading" => "uploading",
                    "failed_parsing" | "invalid" => "parsing",
                    _ => "extracting",
                }
                .to_string(),
                true,
            ),
        };
        let at = STEPS.iter().position(|s| *s == current).unwrap_or(0);
        Some(view! {
            <ol class="upload-steps">
                {STEPS.iter().enumerate().map(|(i, s)| {
                    let class = if i < at || (i == at && current == "uploaded") { "done" }
                        else if i == at && failed { "failed" }
                        else if i == at { "current" } else { "todo" };
                    view! { <li class=class data-step=*s>{*s}</li> }
                }).collect_view()}
            </ol>
        })
    };

    view! {
        <section class="panel upload-panel" aria-label="Upload a blueprint">
            <h2>"Upload a blueprint"</h2>
            <form on:submit=submit>
                <fieldset class="source" disabled=busy>
                    <legend>"Archive"</legend>
                    <label><input type="radio" name="source" checked=move || !from_url.get() on:change=move |_| from_url.set(false)/>" From a file"</label>
                    <label><input type="radio" name="source" value="url" checked=move || from_url.get() on:change=move |_| from_url.set(true)/>" From a URL"</label>
                    <Show when=move || !from_url.get() fallback=move || view! {
                        <input class="wide" name="archive_url" type="url" placeholder="https://example.com/blueprint.tar.gz"
                            prop:value=move || url.get() on:input=move |ev| url.set(event_target_value(&ev))/>
                    }>
                        <FileDrop accept=ARCHIVES what="a .zip, .tar, .tar.gz or .tar.bz2 archive" name="archive" on_file=on_file/>
                    </Show>
                    {move || source_problem().map(|p| view! { <p class="hint">{p}</p> })}
                </fieldset>
                <div class="form-grid">
                    <label for="bp-id">"Blueprint id"</label>
                    <div>
                        <input id="bp-id" name="blueprint_id" disabled=busy prop:value=move || id.get()
                            on:input=move |ev| id.set(event_target_value(&ev))/>
                        {move || id_problem().filter(|_| !id.get().is_empty()).map(|p| view! { <p class="field-error">{p}</p> })}
                    </div>
                    <label for="bp-main">"Main YAML file"</label>
                    <div>
                        <input id="bp-main" name="application_file_name" list="bp-yaml-files" disabled=busy
                            prop:value=move || main_file.get() on:input=move |ev| main_file.set(event_target_value(&ev))/>
                        <datalist id="bp-yaml-files">
                            {move || candidates.get().and_then(|c| c.ok()).unwrap_or_default().into_iter()
                                .map(|f| view! { <option value=f></option> }).collect_view()}
                        </datalist>
                        {move || match candidates.get() {
                            Some(Ok(list)) if !list.is_empty() && !from_url.get() => Some(view! {
                                <p class="sub yaml-files">"In the archive: " {list.join(", ")}</p>
                            }.into_any()),
                            Some(Err(e)) if !from_url.get() => Some(view! { <p class="sub">{e}</p> }.into_any()),
                            _ => None,
                        }}
                        {move || main_problem().or_else(main_warning).map(|p| view! { <p class="field-error">{p}</p> })}
                    </div>
                    <label for="bp-vis">"Visibility"</label>
                    <select id="bp-vis" name="visibility" disabled=busy on:change=move |ev| visibility.set(event_target_value(&ev))>
                        {["private", "tenant", "global"].map(|v| view! { <option value=v selected=v == "tenant">{v}</option> })}
                    </select>
                    <span>"Labels"</span>
                    <LabelsEditor labels=labels/>
                </div>
                {move || error.get().map(|e| view! { <ErrorView error=e/> })}
                <div class="actions">
                    <button class="button accent" type="submit" disabled=move || busy() || !valid()>"Upload"</button>
                    <button class="button" type="button" on:click=move |_| on_close.run(())>"Close"</button>
                </div>
            </form>
            // Stays at 100 % once sent, so the operator sees the bytes went.
            {move || (phase.get() != Phase::Editing).then(|| view! { <UploadProgress sent=sent/> })}
            {steps}
            {move || match phase.get() {
                Phase::Done(bp) => {
                    let page = format!("/blueprints/{}", segment(&bp));
                    let deploy = format!("/deployments/new?{}", baton_core::Query::new().with("blueprint_id", bp.clone()).encode());
                    Some(view! {
                        <p class="notice ok" role="status">"Blueprint "
                            <A href=page>{bp}</A>
                            " is uploaded. "
                            <A href=deploy>"Deploy it →"</A>
                        </p>
                    }.into_any())
                }
                Phase::Failed { state, error } => Some(view! {
                    <div class="error upload-failed" role="alert">
                        <div class="error-title"><strong>"Upload failed "</strong><code class="error-code">{state}</code></div>
                        <pre class="error-message">{error}</pre>
                    </div>
                }.into_any()),
                _ => None,
            }}
        </section>
    }
    .into_any()
}
