//! One managed cluster: every typed field; edit through a form that computes the JSON Patch it
//! sends (`?edit=1`, shown with `&patch=1`); delete with or without its clients; the log
//! configuration (a 204 is "none") and setting it for some minutes or until a moment at most
//! 24 h ahead (`?log=1`); a manual upgrade. All confirmed where they cannot be undone.

use std::collections::BTreeMap;

use baton_core::cloud::{FieldError, ProviderKind};
use baton_core::connections::Connection;
use baton_core::sailpoint::{
    levels_text, log_window, parse_levels, ClientLogConfiguration, DeleteManagedCluster,
    GetLogConfiguration, GetManagedCluster, ManagedCluster, ManualUpgrade, PutLogConfiguration,
    Session, StandardLevel, UpdateManagedCluster,
};
use baton_core::{ApiError, Timestamp};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use super::{config_editor, config_rows, config_values, status_badge};
use crate::components::confirm::ConfirmDialog;
use crate::components::toast::use_toasts;
use crate::components::{json_text, ErrorView, Loading};
use crate::connections::{call, field_message, from_route, missing, path, with_query};

#[component]
pub fn SailPointClusterPage() -> impl IntoView {
    let conn = match from_route(ProviderKind::SailPoint) {
        Ok(c) => c,
        Err(reason) => return missing(reason),
    };
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let refresh = RwSignal::new(0u32);
    let c = conn.clone();
    let data = LocalResource::new(move || {
        refresh.track();
        let (c, id) = (c.clone(), id.get());
        async move { call::<Session, _>(&c, &GetManagedCluster { id }).await }
    });
    let list = path(&conn, &[]);
    let shown = conn.clone();
    view! {
        {crate::components::cloud_page::provider_head(&conn, Some("Managed cluster".to_string()), conn.name.clone(), Some(Callback::new(move |_| refresh.update(|n| *n += 1))))}
        <p class="crumbs"><a href=list>"Managed clusters"</a>" / "<span class="mono">{move || id.get()}</span></p>
        {move || match data.get() {
            None => view! { <Loading what="the managed cluster"/> }.into_any(),
            Some(Err(e)) => view! { <ErrorView error=e on_retry=move |_| data.refetch()/> }.into_any(),
            Some(Ok(c)) => cluster(shown.clone(), c, refresh),
        }}
    }
    .into_any()
}

fn opt(v: &Option<String>) -> String {
    v.clone()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "—".into())
}

fn when(t: Option<Timestamp>) -> String {
    t.map(|t| t.exact()).unwrap_or_else(|| "—".into())
}

fn json(v: &Option<serde_json::Value>) -> String {
    v.as_ref().map(json_text).unwrap_or_else(|| "—".into())
}

fn yes_no(b: Option<bool>) -> String {
    match b {
        Some(true) => "Yes".into(),
        Some(false) => "No".into(),
        None => "—".into(),
    }
}

fn cluster(conn: Connection, c: ManagedCluster, refresh: RwSignal<u32>) -> AnyView {
    let query = use_query_map();
    let editing = Memo::new(move |_| query.with(|q| q.get("edit").is_some_and(|v| !v.is_empty())));
    let setting_log =
        Memo::new(move |_| query.with(|q| q.get("log").is_some_and(|v| !v.is_empty())));
    let here = path(&conn, &["clusters", &c.id]);
    let name = c.name.clone().unwrap_or_else(|| c.id.clone());
    let facts: Vec<(&'static str, String)> = vec![
        ("Id", c.id.clone()),
        ("Name", opt(&c.name)),
        ("Description", opt(&c.description)),
        (
            "Type",
            c.kind
                .as_ref()
                .map(|k| k.as_str().to_string())
                .unwrap_or_else(|| "—".into()),
        ),
        (
            "Status",
            c.status
                .as_ref()
                .map(|s| format!("{} ({})", s.words(), s.as_str()))
                .unwrap_or_else(|| "—".into()),
        ),
        ("Operational", yes_no(c.operational)),
        (
            "Health indicators",
            opt(&c.consolidated_health_indicators_status),
        ),
        ("Alert", opt(&c.alert_key)),
        ("Pod", opt(&c.pod)),
        ("Org", opt(&c.org)),
        ("Client type", opt(&c.client_type)),
        (
            "Clients",
            if c.client_ids.is_empty() {
                "none".into()
            } else {
                c.client_ids.join(", ")
            },
        ),
        (
            "Service count",
            c.service_count
                .map(|n| n.to_string())
                .unwrap_or_else(|| "—".into()),
        ),
        ("CCG version", opt(&c.ccg_version)),
        (
            "Installed release",
            opt(&c.current_installed_release_version),
        ),
        ("Update package", opt(&c.update_package)),
        ("Update preferences", json(&c.update_preferences)),
        ("Pinned configuration", yes_no(c.pinned_config)),
        ("CC id", opt(&c.cc_id)),
        ("Created", when(c.created_at)),
        ("Updated", when(c.updated_at)),
        ("Last release notified", when(c.last_release_notified_at)),
        ("Out of date notified", when(c.is_out_of_date_notified_at)),
        ("Attributes", json(&c.attributes)),
        ("Redis", json(&c.redis)),
        ("Key pair", json(&c.key_pair)),
        ("Public key", opt(&c.public_key)),
        ("Public key thumbprint", opt(&c.public_key_thumbprint)),
        ("Public key certificate", opt(&c.public_key_certificate)),
        ("Encryption", json(&c.encryption_configuration)),
        (
            "Log configuration (as listed)",
            c.log_configuration
                .as_ref()
                .and_then(|l| serde_json::to_value(l).ok())
                .map(|v| json_text(&v))
                .unwrap_or_else(|| "none".into()),
        ),
    ];
    let facts = facts
        .into_iter()
        .map(|(k, v)| view! { <dt>{k}</dt><dd class="pre">{v}</dd> })
        .collect_view();
    let configuration = c
        .configuration
        .iter()
        .map(|(k, v)| view! { <tr><th scope="row">{k.clone()}</th><td>{v.clone().unwrap_or_else(|| "null".into())}</td></tr> })
        .collect_view();
    let extra = (!c.extra.is_empty()).then(|| {
        let text = serde_json::to_string_pretty(&c.extra).unwrap_or_default();
        view! { <details class="raw"><summary>"Other fields"</summary><pre>{text}</pre></details> }
    });
    let edit_href = with_query(&here, &[("edit", "1".into())]);
    let log_href = with_query(&here, &[("log", "1".into())]);
    let (edit_conn, edit_c, edit_here) = (conn.clone(), c.clone(), here.clone());
    let (log_conn, log_id, log_here) = (conn.clone(), c.id.clone(), here.clone());
    view! {
        <div class="page-head">
            <h2>{name.clone()}</h2>
            {status_badge(c.status.as_ref())}
            <span class="spacer"></span>
            <a class="button" href=edit_href>"Edit"</a>
            {upgrade_button(conn.clone(), c.id.clone(), name.clone(), c.client_ids.len())}
            {delete_button(conn.clone(), c.id.clone(), name, c.client_ids.len())}
        </div>
        {move || editing.get().then(|| edit_form(edit_conn.clone(), edit_c.clone(), edit_here.clone(), refresh))}
        <dl class="facts sailpoint-facts">{facts}</dl>
        <h3>"Configuration"</h3>
        {if c.configuration.is_empty() {
            view! { <p class="empty">"No configuration keys."</p> }.into_any()
        } else {
            view! { <table class="kv sailpoint-configuration"><tbody>{configuration}</tbody></table> }.into_any()
        }}
        <div class="page-head">
            <h3>"Log configuration"</h3>
            <span class="spacer"></span>
            <a class="button" href=log_href>"Set log levels"</a>
        </div>
        {log_section(log_conn, log_id, log_here, setting_log, refresh)}
        {extra}
    }
    .into_any()
}

fn edit_form(
    conn: Connection,
    before: ManagedCluster,
    here: String,
    refresh: RwSignal<u32>,
) -> AnyView {
    let query = use_query_map();
    let navigate = use_navigate();
    let toasts = use_toasts();
    let show_patch =
        Memo::new(move |_| query.with(|q| q.get("patch").is_some_and(|v| !v.is_empty())));
    let name = RwSignal::new(before.name.clone().unwrap_or_default());
    let description = RwSignal::new(before.description.clone().unwrap_or_default());
    let rows = config_rows(
        before
            .configuration
            .iter()
            .map(|(k, v)| (k.clone(), v.clone().unwrap_or_default())),
    );
    let failed = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let before = StoredValue::new(before);
    // What the form says now, as a cluster; null values the operator left empty stay null.
    let after = move || {
        let b = before.get_value();
        let mut a = b.clone();
        a.name = if b.name.is_none() && name.with(String::is_empty) {
            None
        } else {
            Some(name.get())
        };
        a.description = Some(description.get());
        if b.description.is_none() && description.with(String::is_empty) {
            a.description = None;
        }
        a.configuration = config_values(rows)
            .into_iter()
            .map(|(k, v)| {
                let keep_null =
                    v.is_empty() && b.configuration.get(&k).is_some_and(Option::is_none);
                (k, (!keep_null).then_some(v))
            })
            .collect::<BTreeMap<_, _>>();
        a
    };
    let update = move || UpdateManagedCluster::between(&before.get_value(), &after());
    let patch_text = move || {
        let u = update();
        if u.patch.is_empty() {
            "Nothing changed yet.".to_string()
        } else {
            serde_json::to_string_pretty(&u.patch).unwrap_or_default()
        }
    };
    let (toggle_here, save_here, cancel) = (here.clone(), here.clone(), here);
    let toggle_nav = navigate.clone();
    let toggle = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        let mut params = vec![("edit", "1".to_string())];
        if on {
            params.push(("patch", "1".into()));
        }
        toggle_nav(&with_query(&toggle_here, &params), Default::default());
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let u = update();
        if name.get_untracked().trim().is_empty() {
            failed.set(Some(ApiError::new(
                None,
                "invalid_input",
                "A managed cluster needs a name.",
            )));
            return;
        }
        failed.set(None);
        busy.set(true);
        let (conn, here, navigate) = (conn.clone(), save_here.clone(), navigate.clone());
        leptos::task::spawn_local(async move {
            let r = call::<Session, _>(&conn, &u).await;
            busy.set(false);
            match r {
                Ok(_) => {
                    toasts.success("Managed cluster saved.");
                    refresh.update(|n| *n += 1);
                    navigate(&here, Default::default());
                }
                Err(e) => failed.set(Some(e)),
            }
        });
    };
    view! {
        <form class="sailpoint-form" on:submit=submit aria-label="Edit managed cluster">
            <h3>"Edit"</h3>
            <label>"Name" <input name="name" autocomplete="off" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/></label>
            <label>"Description" <textarea name="description" rows="2" prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev))></textarea></label>
            {config_editor(rows)}
            <label class="check">
                <input type="checkbox" name="show-patch" prop:checked=move || show_patch.get() on:change=toggle/>
                "Show the patch"
            </label>
            <Show when=move || show_patch.get()>
                <p class="muted">"The JSON Patch (application/json-patch+json) this save sends:"</p>
                <pre class="sailpoint-patch">{patch_text}</pre>
            </Show>
            {move || failed.get().map(|e| view! { <ErrorView error=e/> })}
            <div class="form-actions">
                <button class="button accent" type="submit" disabled=move || busy.get()>"Save"</button>
                <a class="button" href=cancel.clone()>"Cancel"</a>
            </div>
        </form>
    }
    .into_any()
}

fn delete_button(conn: Connection, id: String, name: String, clients: usize) -> AnyView {
    let open = RwSignal::new(false);
    let remove_clients = RwSignal::new(false);
    let failed = RwSignal::new(None::<ApiError>);
    let navigate = use_navigate();
    let toasts = use_toasts();
    let title = format!("Delete managed cluster {name}?");
    let typed = name.clone();
    let run = move |_| {
        let (conn, id, name, navigate) = (conn.clone(), id.clone(), name.clone(), navigate.clone());
        let remove_clients = remove_clients.get_untracked();
        failed.set(None);
        leptos::task::spawn_local(async move {
            match call::<Session, _>(&conn, &DeleteManagedCluster { id, remove_clients }).await {
                Ok(()) => {
                    toasts.success(format!("Managed cluster {name} deleted."));
                    navigate(&path(&conn, &[]), Default::default());
                }
                Err(e) => failed.set(Some(e)),
            }
        });
    };
    let clients_said = match clients {
        0 => "It has no clients.".to_string(),
        1 => "It has 1 client.".to_string(),
        n => format!("It has {n} clients."),
    };
    view! {
        <button class="button danger" on:click=move |_| open.set(true)>"Delete"</button>
        <ConfirmDialog open title=title confirm_label="Delete"
            type_to_confirm=Signal::derive(move || Some(typed.clone())) on_confirm=run>
            <p>{clients_said.clone()}" SailPoint refuses to delete a cluster with clients unless they go with it."</p>
            <label class="check">
                <input type="checkbox" name="remove-clients" prop:checked=move || remove_clients.get()
                    on:change=move |ev| remove_clients.set(event_target_checked(&ev))/>
                "Also remove its clients (removeClients)"
            </label>
        </ConfirmDialog>
        {move || failed.get().map(|e| view! { <ErrorView error=e/> })}
    }
    .into_any()
}

fn upgrade_button(conn: Connection, id: String, name: String, clients: usize) -> AnyView {
    let open = RwSignal::new(false);
    let answer = RwSignal::new(None::<Result<String, ApiError>>);
    let title = format!("Upgrade {name} now?");
    let run = move |_| {
        let (conn, id) = (conn.clone(), id.clone());
        leptos::task::spawn_local(async move {
            let r = call::<Session, _>(&conn, &ManualUpgrade { id }).await;
            answer.set(Some(r.map(|u| {
                let states: Vec<String> = u
                    .jobs
                    .iter()
                    .map(|j| {
                        format!(
                            "{} {}",
                            j.target_id.clone().unwrap_or_default(),
                            j.state.clone().unwrap_or_default()
                        )
                    })
                    .collect();
                match states.len() {
                    0 => "Upgrade asked; no jobs were started (the cluster has no clients)."
                        .to_string(),
                    n => format!("Upgrade asked: {n} job(s): {}.", states.join(", ")),
                }
            })));
        });
    };
    view! {
        <button class="button" on:click=move |_| open.set(true)>"Upgrade now"</button>
        <ConfirmDialog open title=title confirm_label="Upgrade" danger=false on_confirm=run>
            <p>{format!("Each of its {clients} client(s) is upgraded to the latest release; services may restart. It needs a token with the SYSTEM_ADMINISTRATOR authority.")}</p>
        </ConfirmDialog>
        {move || answer.get().map(|r| match r {
            Ok(said) => view! { <p class="sailpoint-upgrade" role="status">{said}</p> }.into_any(),
            Err(e) => view! { <ErrorView error=e/> }.into_any(),
        })}
    }
    .into_any()
}

fn log_section(
    conn: Connection,
    id: String,
    here: String,
    setting: Memo<bool>,
    refresh: RwSignal<u32>,
) -> AnyView {
    let loader = (conn.clone(), id.clone());
    let log = LocalResource::new(move || {
        refresh.track();
        let (c, id) = loader.clone();
        async move { call::<Session, _>(&c, &GetLogConfiguration { id }).await }
    });
    view! {
        {move || setting.get().then(|| log_form(conn.clone(), id.clone(), here.clone(), log.get().and_then(Result::ok).flatten(), log))}
        {move || match log.get() {
            None => view! { <Loading what="the log configuration"/> }.into_any(),
            Some(Err(e)) => view! { <ErrorView error=e on_retry=move |_| log.refetch()/> }.into_any(),
            Some(Ok(None)) => view! { <p class="empty sailpoint-no-log">"No log configuration: the clients log at their default levels."</p> }.into_any(),
            Some(Ok(Some(cfg))) => log_facts(cfg),
        }}
    }
    .into_any()
}

fn log_facts(cfg: ClientLogConfiguration) -> AnyView {
    let levels = if cfg.log_levels.is_empty() {
        "—".to_string()
    } else {
        levels_text(&cfg.log_levels)
    };
    view! {
        <dl class="facts sailpoint-log">
            <dt>"Root level"</dt><dd>{cfg.root_level.map(|l| l.as_str().to_string()).unwrap_or_else(|| "—".into())}</dd>
            <dt>"Logger levels"</dt><dd class="pre">{levels}</dd>
            <dt>"Duration"</dt><dd>{cfg.duration_minutes.map(|m| format!("{m} minutes")).unwrap_or_else(|| "—".into())}</dd>
            <dt>"Until"</dt><dd>{when(cfg.expiration)}</dd>
            <dt>"Client"</dt><dd>{opt(&cfg.client_id)}</dd>
        </dl>
    }
    .into_any()
}

type LogResource = LocalResource<Result<Option<ClientLogConfiguration>, ApiError>>;

fn log_form(
    conn: Connection,
    id: String,
    here: String,
    current: Option<ClientLogConfiguration>,
    log: LogResource,
) -> AnyView {
    let navigate = use_navigate();
    let toasts = use_toasts();
    let root = RwSignal::new(
        current
            .as_ref()
            .and_then(|c| c.root_level.clone())
            .unwrap_or(StandardLevel::Info)
            .as_str()
            .to_string(),
    );
    let levels = RwSignal::new(
        current
            .as_ref()
            .map(|c| levels_text(&c.log_levels))
            .unwrap_or_default(),
    );
    let minutes = RwSignal::new("240".to_string());
    let until = RwSignal::new(String::new());
    let field_error = RwSignal::new(None::<FieldError>);
    let failed = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let cancel = here.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        failed.set(None);
        let now = Timestamp(crate::api::now());
        let checked = log_window(&minutes.get_untracked(), &until.get_untracked(), now)
            .and_then(|w| parse_levels(&levels.get_untracked()).map(|l| (w, l)));
        let (window, log_levels) = match checked {
            Ok(v) => v,
            Err(e) => {
                field_error.set(Some(e));
                return;
            }
        };
        field_error.set(None);
        let put = PutLogConfiguration {
            id: id.clone(),
            root_level: StandardLevel::from(root.get_untracked().as_str()),
            log_levels,
            window,
        };
        let (conn, here, navigate) = (conn.clone(), here.clone(), navigate.clone());
        busy.set(true);
        leptos::task::spawn_local(async move {
            let r = call::<Session, _>(&conn, &put).await;
            busy.set(false);
            match r {
                Ok(_) => {
                    toasts.success("Log configuration set.");
                    log.refetch();
                    navigate(&here, Default::default());
                }
                Err(e) => failed.set(Some(e)),
            }
        });
    };
    view! {
        <form class="sailpoint-form" on:submit=submit aria-label="Log configuration">
            <label>"Root level"
                <select name="rootLevel" on:change=move |ev| root.set(event_target_value(&ev))>
                    {StandardLevel::KNOWN.iter().map(|l| view! { <option value=*l selected=move || root.get() == *l>{*l}</option> }).collect_view()}
                </select>
            </label>
            <label>"Logger levels (logger=LEVEL, one per line)"
                <textarea name="logLevels" rows="3" class="mono" prop:value=move || levels.get() on:input=move |ev| levels.set(event_target_value(&ev))></textarea>
            </label>
            {field_message(field_error, "logLevels")}
            <p class="muted">"For how long: a duration in minutes (5 to 1440) or an expiry at most 24 hours ahead (UTC). Fill one and leave the other empty."</p>
            <label>"Duration (minutes)"
                <input name="durationMinutes" type="number" min="5" max="1440" prop:value=move || minutes.get() on:input=move |ev| minutes.set(event_target_value(&ev))/>
            </label>
            {field_message(field_error, "durationMinutes")}
            <label>"Or until (UTC)"
                <input name="expiration" type="datetime-local" prop:value=move || until.get() on:input=move |ev| until.set(event_target_value(&ev))/>
            </label>
            {field_message(field_error, "expiration")}
            {move || failed.get().map(|e| view! { <ErrorView error=e/> })}
            <div class="form-actions">
                <button class="button accent" type="submit" disabled=move || busy.get()>"Set log configuration"</button>
                <a class="button" href=cancel.clone()>"Cancel"</a>
            </div>
        </form>
    }
    .into_any()
}
