//! Moving secrets between managers or tenants: an export downloaded as a JSON file (values
//! encrypted with a passphrase, or in clear when none is given) and an import of such a file,
//! with what became of each key.

use baton_core::conductor::secrets::{
    ExportSecrets, ExportedSecret, ImportOutcome, ImportSecrets, ImportedSecret,
};
use baton_core::query::ListQuery;
use baton_core::ApiError;
use leptos::prelude::*;

use crate::api::use_api;
use crate::components::export::download;
use crate::components::toast::use_toasts;
use crate::components::upload::{ChosenFile, FileDrop};
use crate::components::ErrorView;

/// The CLI refuses shorter passphrases; so does Baton, before asking the manager.
const PASSPHRASE_MIN: usize = 8;

fn passphrase_problem(p: &str) -> Option<String> {
    (!p.is_empty() && p.chars().count() < PASSPHRASE_MIN)
        .then(|| format!("A passphrase has at least {PASSPHRASE_MIN} characters."))
}

#[component]
pub fn ExportPanel(done: Callback<()>) -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let passphrase = RwSignal::new(String::new());
    let metadata = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let problem = Memo::new(move |_| passphrase.with(|p| passphrase_problem(p)));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if problem.get_untracked().is_some() {
            return;
        }
        let p = passphrase.get_untracked();
        let call = ExportSecrets {
            passphrase: (!p.is_empty()).then_some(p),
            include_metadata: metadata.get_untracked().then_some(true),
            query: ListQuery::new(),
        };
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            match api.call(&call).await {
                Ok(list) => {
                    let text = serde_json::to_string_pretty(&list).unwrap_or_default();
                    download("secrets-export.json", "application/json", &text);
                    let how = if call.passphrase.is_some() {
                        "values encrypted with the passphrase"
                    } else {
                        "values in clear: keep the file safe"
                    };
                    toasts.success(format!("{} secrets exported ({how}).", list.len()));
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
        <form class="form card" on:submit=submit aria-label="Export secrets">
            <h2>"Export secrets"</h2>
            <p class="muted">"Every secret you may read, as a file another manager (or tenant) can import. Hidden values you may not read are left out."</p>
            <label class="field">"Passphrase (optional)"
                <input type="password" name="passphrase" autocomplete="new-password"
                    prop:value=move || passphrase.get() on:input=move |ev| passphrase.set(event_target_value(&ev))/>
                <span class="field-help">"Encrypts the values; the import asks for it. Without one, the values are in clear in the file."</span>
                {move || problem.get().map(|m| view! { <span class="field-error" role="alert">{m}</span> })}
            </label>
            <label class="check"><input type="checkbox" name="include_metadata"
                prop:checked=move || metadata.get() on:change=move |ev| metadata.set(event_target_checked(&ev))/>
                " Include who created each secret and when"</label>
            {move || error.get().map(|e| view! { <ErrorView error=e/> })}
            <div class="actions">
                <button type="submit" class="button accent" disabled=move || busy.get()>"Export and download"</button>
                <button type="button" class="button" on:click=move |_| done.run(())>"Cancel"</button>
            </div>
        </form>
    }
    .into_any()
}

/// Reads an export file: the list the manager's export gives.
fn read_export(file: &ChosenFile) -> Result<Vec<ExportedSecret>, String> {
    serde_json::from_slice::<Vec<ExportedSecret>>(&file.bytes).map_err(|e| {
        format!(
            "{} is not a secrets export (a JSON list of secrets): {e}",
            file.name
        )
    })
}

fn outcome_text(o: &ImportOutcome) -> (&'static str, String) {
    match o {
        ImportOutcome::Imported => ("ok", "imported".into()),
        ImportOutcome::Replaced => ("busy", "existed: replaced".into()),
        ImportOutcome::Kept => ("neutral", "existed: kept as it was".into()),
        ImportOutcome::Refused(why) => ("bad", format!("refused: {why}")),
    }
}

#[component]
pub fn ImportPanel(done: Callback<()>) -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let list = RwSignal::new(None::<Result<Vec<ExportedSecret>, String>>);
    let passphrase = RwSignal::new(String::new());
    let replace = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let missing = RwSignal::new(None::<String>);
    let report = RwSignal::new(None::<Vec<ImportedSecret>>);
    let encrypted = move || {
        list.with(|l| {
            l.as_ref()
                .and_then(|l| l.as_ref().ok())
                .is_some_and(|l| l.iter().any(|s| s.encrypted))
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(Ok(secrets)) = list.get_untracked() else {
            missing.set(Some("Choose an export file first.".into()));
            return;
        };
        let p = passphrase.get_untracked();
        if encrypted() && p.is_empty() {
            missing.set(Some(
                "Its values are encrypted: give the passphrase used for the export.".into(),
            ));
            return;
        }
        missing.set(None);
        error.set(None);
        report.set(None);
        busy.set(true);
        let call = ImportSecrets {
            secrets_list: secrets,
            tenant_map: None,
            passphrase: (!p.is_empty()).then_some(p),
            override_collisions: replace.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match api.call(&call).await {
                Ok(r) => {
                    let lines = r.report(&call);
                    let refused = lines
                        .iter()
                        .filter(|l| matches!(l.outcome, ImportOutcome::Refused(_)))
                        .count();
                    if refused == 0 {
                        toasts.success(format!("{} secrets imported.", lines.len()));
                    }
                    report.try_set(Some(lines));
                }
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
            busy.try_set(false);
        });
    };
    let take = move |f: ChosenFile| {
        report.set(None);
        missing.set(None);
        list.set(Some(read_export(&f)));
    };
    view! {
        <form class="form card" on:submit=submit aria-label="Import secrets">
            <h2>"Import secrets"</h2>
            <div class="field">
                <span class="field-label">"Export file (.json)"</span>
                <FileDrop accept=".json,application/json" what="a secrets export" name="export_file" on_file=take/>
                {move || list.get().map(|l| match l {
                    Ok(l) => {
                        let sealed = l.iter().filter(|s| s.encrypted).count();
                        view! { <span class="field-help">{format!("{} secrets in the file, {sealed} with encrypted values.", l.len())}</span> }.into_any()
                    }
                    Err(e) => view! { <span class="field-error" role="alert">{e}</span> }.into_any(),
                })}
            </div>
            <label class="field">"Passphrase"
                <input type="password" name="passphrase" autocomplete="off"
                    prop:value=move || passphrase.get() on:input=move |ev| passphrase.set(event_target_value(&ev))/>
                <span class="field-help">"The one the export was made with, if any."</span>
            </label>
            <label class="check"><input type="checkbox" name="override_collisions"
                prop:checked=move || replace.get() on:change=move |ev| replace.set(event_target_checked(&ev))/>
                " Replace secrets whose key already exists"</label>
            {move || missing.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            {move || error.get().map(|e| view! { <ErrorView error=e/> })}
            {move || report.get().map(|lines| view! {
                <table class="list import-report" aria-label="What became of each secret">
                    <thead><tr><th>"Key"</th><th>"Tenant"</th><th>"Result"</th></tr></thead>
                    <tbody>
                        {lines.into_iter().map(|l| {
                            let (tone, text) = outcome_text(&l.outcome);
                            view! {
                                <tr>
                                    <td class="mono">{l.key}</td>
                                    <td>{l.tenant.unwrap_or_default()}</td>
                                    <td><span class=format!("badge {tone}")>{text}</span></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            })}
            <div class="actions">
                <button type="submit" class="button accent" disabled=move || busy.get()>"Import"</button>
                <button type="button" class="button" on:click=move |_| done.run(())>
                    {move || if report.with(Option::is_some) { "Close" } else { "Cancel" }}
                </button>
            </div>
        </form>
    }
    .into_any()
}
