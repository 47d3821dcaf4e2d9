//! Service accounts: the list (permissions by name, enabled, ready, expiry), enable/disable,
//! delete with a confirmation, and a create wizard (`?new=name`, `?new=permissions`,
//! `?new=review`) that ends on the new keys (`?created=<id>`). The secret is in the create's
//! answer only: it is held in this tab's memory while shown, never in the URL or any storage,
//! and gone once the operator leaves.

use baton_core::connections::Connection;
use baton_core::lyve::{
    check_service_account_name, CreateServiceAccount, DeleteServiceAccount, DisableServiceAccount,
    EnableServiceAccount, GetServiceAccount, ListPermissions, ListServiceAccounts,
    NewServiceAccount, Permission, ServiceAccount, ServiceAccountSpec, Session,
};
use baton_core::ApiError;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::permissions::change_error;
use super::ready_badge;
use crate::components::confirm::ConfirmDialog;
use crate::components::toast::use_toasts;
use crate::components::{copy_button, ErrorView, Loading};
use crate::connections::{call, path, with_query};

/// The accounts with their permissions (the list leaves them out), and every permission (for
/// names and for the wizard's choice).
async fn load(conn: Connection) -> Result<(Vec<ServiceAccount>, Vec<Permission>), ApiError> {
    let list = call::<Session, _>(&conn, &ListServiceAccounts::default()).await?;
    let permissions = call::<Session, _>(&conn, &ListPermissions::default()).await?;
    let mut out = Vec::with_capacity(list.len());
    for a in list {
        let detail = call::<Session, _>(&conn, &GetServiceAccount { id: a.id.clone() }).await;
        // The detail lacks the expiry in some answers: the list's is kept.
        out.push(match detail {
            Ok(mut d) => {
                d.expiration_date = d.expiration_date.or(a.expiration_date);
                d
            }
            Err(_) => a,
        });
    }
    Ok((out, permissions))
}

/// What the wizard has gathered; it lives as long as the tab, so stepping back keeps it.
#[derive(Clone, Copy)]
struct Draft {
    name: RwSignal<String>,
    description: RwSignal<String>,
    permissions: RwSignal<Vec<String>>,
    error: RwSignal<Option<String>>,
}

pub fn tab(conn: Connection, refresh: RwSignal<u32>) -> AnyView {
    let query = use_query_map();
    let step = Memo::new(move |_| query.with(|q| q.get("new").filter(|s| !s.is_empty())));
    let created = Memo::new(move |_| query.with(|q| q.get("created").filter(|s| !s.is_empty())));
    let base = path(&conn, &["service-accounts"]);
    let loader = conn.clone();
    let data = LocalResource::new(move || {
        refresh.track();
        load(loader.clone())
    });
    // The new keys, in memory only, for the one showing.
    let keys = RwSignal::new(None::<NewServiceAccount>);
    let draft = Draft {
        name: RwSignal::new(String::new()),
        description: RwSignal::new(String::new()),
        permissions: RwSignal::new(Vec::new()),
        error: RwSignal::new(None),
    };
    let failed = RwSignal::new(None::<ApiError>);
    let new_href = with_query(&base, &[("new", "name".into())]);
    let (wizard_conn, wizard_base, done_base) = (conn.clone(), base.clone(), base.clone());
    view! {
        <div class="page-head">
            <h2>"Service accounts"</h2>
            <span class="spacer"></span>
            <a class="button accent" href=new_href>"New service account"</a>
        </div>
        {move || created.get().map(|id| shown_once(id, keys, done_base.clone()))}
        {move || step.get().map(|s| wizard(wizard_conn.clone(), s, draft, data, keys, wizard_base.clone(), refresh))}
        {move || failed.get().map(change_error)}
        {move || match data.get() {
            None => view! { <Loading what="service accounts"/> }.into_any(),
            Some(Err(e)) => view! { <ErrorView error=e on_retry=move |_| data.refetch()/> }.into_any(),
            Some(Ok((list, _))) if list.is_empty() => view! { <p class="empty">"No service accounts yet."</p> }.into_any(),
            Some(Ok((list, perms))) => table(conn.clone(), list, perms, refresh, failed),
        }}
    }
    .into_any()
}

fn table(
    conn: Connection,
    list: Vec<ServiceAccount>,
    perms: Vec<Permission>,
    refresh: RwSignal<u32>,
    failed: RwSignal<Option<ApiError>>,
) -> AnyView {
    let now = crate::api::now();
    let name_of = |id: &str| {
        perms
            .iter()
            .find(|p| p.id == id)
            .map_or_else(|| id.to_string(), |p| p.name.clone())
    };
    let rows = list
        .into_iter()
        .map(|a| {
            let names = a.permissions.iter().map(|p| name_of(p)).collect::<Vec<_>>().join(", ");
            let expired = a.expiration_date.is_some_and(|t| t.0 <= now);
            let expires = match a.expiration_date {
                Some(t) if expired => view! { <span class="badge bad">"Expired " {t.0.format("%Y-%m-%d").to_string()}</span> }.into_any(),
                Some(t) => view! { <span>{t.0.format("%Y-%m-%d").to_string()}</span> }.into_any(),
                None => view! { <span class="muted">"—"</span> }.into_any(),
            };
            let enabled = a.enabled.unwrap_or(false);
            view! {
                <tr>
                    <td><span class="name">{a.name.clone()}</span><div class="sub">{a.description.clone().unwrap_or_default()}</div></td>
                    <td>{names}</td>
                    <td>{if enabled { view! { <span class="badge ok">"Enabled"</span> } } else { view! { <span class="badge neutral">"Disabled"</span> } }}</td>
                    <td>{ready_badge(a.ready_state)}</td>
                    <td>{expires}</td>
                    <td><span class="row-actions">
                        {toggle(conn.clone(), a.id.clone(), a.name.clone(), enabled, refresh, failed)}
                        {delete_button(conn.clone(), a.id, a.name, refresh, failed)}
                    </span></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="list lyve-accounts">
                <thead><tr><th>"Name"</th><th>"Permissions"</th><th>"Enabled"</th><th>"Ready"</th><th>"Expires"</th><th>"Actions"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// Enable or disable (reversible, so no confirmation).
fn toggle(
    conn: Connection,
    id: String,
    name: String,
    enabled: bool,
    refresh: RwSignal<u32>,
    failed: RwSignal<Option<ApiError>>,
) -> AnyView {
    let busy = RwSignal::new(false);
    let toasts = use_toasts();
    let label = if enabled { "Disable" } else { "Enable" };
    let aria = format!("{label} {name}");
    let run = move |_| {
        let (conn, id, name) = (conn.clone(), id.clone(), name.clone());
        busy.set(true);
        failed.set(None);
        leptos::task::spawn_local(async move {
            let r = if enabled {
                call::<Session, _>(&conn, &DisableServiceAccount { id }).await
            } else {
                call::<Session, _>(&conn, &EnableServiceAccount { id }).await
            };
            busy.set(false);
            match r {
                Ok(()) => {
                    let done = if enabled { "disabled" } else { "enabled" };
                    toasts.success(format!("Service account {name} {done}."));
                    refresh.update(|n| *n += 1);
                }
                Err(e) => failed.set(Some(e)),
            }
        });
    };
    view! { <button class="button small" aria-label=aria disabled=move || busy.get() on:click=run>{label}</button> }.into_any()
}

fn delete_button(
    conn: Connection,
    id: String,
    name: String,
    refresh: RwSignal<u32>,
    failed: RwSignal<Option<ApiError>>,
) -> AnyView {
    let open = RwSignal::new(false);
    let title = format!("Delete service account {name}?");
    let typed = name.clone();
    let toasts = use_toasts();
    let run = move |_| {
        let (conn, id, name) = (conn.clone(), id.clone(), name.clone());
        failed.set(None);
        leptos::task::spawn_local(async move {
            match call::<Session, _>(&conn, &DeleteServiceAccount { id }).await {
                Ok(_) => {
                    toasts.success(format!("Service account {name} deleted."));
                    refresh.update(|n| *n += 1);
                }
                Err(e) => failed.set(Some(e)),
            }
        });
    };
    view! {
        <button class="button small danger" on:click=move |_| open.set(true)>"Delete"</button>
        <ConfirmDialog open title=title confirm_label="Delete"
            type_to_confirm=Signal::derive(move || Some(typed.clone())) on_confirm=run>
            <p>"Its keys stop working at once; whatever uses them loses access. It cannot be restored."</p>
        </ConfirmDialog>
    }
    .into_any()
}

const STEPS: [(&str, &str); 3] = [
    ("name", "1. Name"),
    ("permissions", "2. Permissions"),
    ("review", "3. Review and create"),
];

type Loaded = LocalResource<Result<(Vec<ServiceAccount>, Vec<Permission>), ApiError>>;

fn wizard(
    conn: Connection,
    step: String,
    draft: Draft,
    data: Loaded,
    keys: RwSignal<Option<NewServiceAccount>>,
    base: String,
    refresh: RwSignal<u32>,
) -> AnyView {
    let navigate = use_navigate();
    let go = {
        let (navigate, base) = (navigate.clone(), base.clone());
        move |to: &str| {
            navigate(
                &with_query(&base, &[("new", to.into())]),
                Default::default(),
            )
        }
    };
    let steps = STEPS
        .iter()
        .map(|(slug, words)| {
            let current = (step == *slug).then_some("step");
            view! { <li aria-current=current>{*words}</li> }
        })
        .collect_view();
    let perms = move || {
        data.get()
            .and_then(|r| r.ok())
            .map(|(_, p)| p)
            .unwrap_or_default()
    };
    let body = match step.as_str() {
        "name" => {
            let go = go.clone();
            let next = move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                let name = draft.name.get_untracked();
                if let Err(e) = check_service_account_name(&name) {
                    draft.error.set(Some(e));
                    return;
                }
                draft.error.set(None);
                go("permissions");
            };
            view! {
                <form on:submit=next>
                    <label>"Name"
                        <input name="name" autocomplete="off" maxlength="128" prop:value=move || draft.name.get()
                            on:input=move |ev| draft.name.set(event_target_value(&ev))/>
                    </label>
                    {move || draft.error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                    <label>"Description"
                        <textarea name="description" rows="2" prop:value=move || draft.description.get()
                            on:input=move |ev| draft.description.set(event_target_value(&ev))></textarea>
                    </label>
                    <div class="form-actions">
                        <button class="button accent" type="submit">"Next: permissions"</button>
                        <a class="button" href=base.clone()>"Cancel"</a>
                    </div>
                </form>
            }
            .into_any()
        }
        "permissions" => {
            let (go, back) = (go.clone(), go.clone());
            let next = move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                if draft.permissions.with_untracked(Vec::is_empty) {
                    draft.error.set(Some("Choose at least one permission.".into()));
                    return;
                }
                draft.error.set(None);
                go("review");
            };
            view! {
                <form on:submit=next>
                    <fieldset>
                        <legend>"What the account may do"</legend>
                        {move || {
                            let all = perms();
                            if all.is_empty() {
                                return view! { <p class="empty">"No permissions to choose from: create one on the Permissions tab first."</p> }.into_any();
                            }
                            all.into_iter().map(|p| {
                                let id = p.id.clone();
                                let checked = {
                                    let id = id.clone();
                                    move || draft.permissions.with(|c| c.contains(&id))
                                };
                                let ready = if p.ready_state == Some(false) { " (not ready yet)" } else { "" };
                                view! {
                                    <label class="check">
                                        <input type="checkbox" name="permission" value=id.clone() prop:checked=checked
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                let id = id.clone();
                                                draft.permissions.update(|c| { c.retain(|x| *x != id); if on { c.push(id); } });
                                            }/>
                                        {p.name.clone()}<span class="muted">{ready}</span>
                                    </label>
                                }
                            }).collect_view().into_any()
                        }}
                    </fieldset>
                    {move || draft.error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                    <div class="form-actions">
                        <button class="button" type="button" on:click=move |_| back("name")>"Back"</button>
                        <button class="button accent" type="submit">"Next: review"</button>
                    </div>
                </form>
            }
            .into_any()
        }
        "review" => {
            let busy = RwSignal::new(false);
            let failed = RwSignal::new(None::<ApiError>);
            let back = go.clone();
            let create = move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                let description = draft.description.get_untracked();
                let spec = ServiceAccountSpec {
                    name: draft.name.get_untracked().trim().to_string(),
                    description: (!description.trim().is_empty()).then_some(description),
                    permissions: draft.permissions.get_untracked(),
                };
                let (conn, base, navigate) = (conn.clone(), base.clone(), navigate.clone());
                busy.set(true);
                failed.set(None);
                leptos::task::spawn_local(async move {
                    let r = call::<Session, _>(&conn, &CreateServiceAccount { spec }).await;
                    busy.set(false);
                    match r {
                        Ok(new) => {
                            let id = new.id.clone();
                            keys.set(Some(new));
                            draft.name.set(String::new());
                            draft.description.set(String::new());
                            draft.permissions.set(Vec::new());
                            refresh.update(|n| *n += 1);
                            navigate(&with_query(&base, &[("created", id)]), Default::default());
                        }
                        Err(e) => failed.set(Some(e)),
                    }
                });
            };
            let chosen = move || {
                let all = perms();
                draft.permissions.with(|c| {
                    c.iter()
                        .map(|id| all.iter().find(|p| &p.id == id).map_or(id.clone(), |p| p.name.clone()))
                        .collect::<Vec<_>>()
                        .join(", ")
                })
            };
            view! {
                <form on:submit=create>
                    <dl class="facts">
                        <dt>"Name"</dt><dd>{move || draft.name.get()}</dd>
                        <dt>"Description"</dt><dd>{move || draft.description.get()}</dd>
                        <dt>"Permissions"</dt><dd>{chosen}</dd>
                    </dl>
                    <p class="muted">"Lyve Cloud gives the account an access key and a secret. The secret is shown once, on the next screen."</p>
                    {move || failed.get().map(change_error)}
                    <div class="form-actions">
                        <button class="button" type="button" on:click=move |_| back("permissions")>"Back"</button>
                        <button class="button accent" type="submit" disabled=move || busy.get()>"Create service account"</button>
                    </div>
                </form>
            }
            .into_any()
        }
        other => view! { <p class="error" role="alert">{format!("No step “{other}” in this wizard.")}</p> }.into_any(),
    };
    view! {
        <section class="lyve-wizard" aria-label="New service account">
            <h3>"New service account"</h3>
            <ol class="lyve-steps">{steps}</ol>
            {body}
        </section>
    }
    .into_any()
}

/// The keys of the account just created, once; after that only the reason they are gone.
fn shown_once(id: String, keys: RwSignal<Option<NewServiceAccount>>, base: String) -> AnyView {
    let navigate = use_navigate();
    let done = move |_| {
        keys.set(None);
        navigate(&base, Default::default());
    };
    let shown = keys.with_untracked(|k| k.as_ref().filter(|k| k.id == id).cloned());
    match shown {
        None => view! {
            <section class="lyve-keys" aria-label="New service account keys">
                <p>"The secret of this service account was shown once, when it was created, and cannot be shown again. If it was lost, delete the account and create another."</p>
                <button class="button" on:click=done>"Close"</button>
            </section>
        }
        .into_any(),
        Some(k) => {
            let (access, secret) = (k.access_key.clone(), k.secret.clone());
            view! {
                <section class="lyve-keys" aria-label="New service account keys">
                    <h3>"Service account created"</h3>
                    <p class="lyve-warning" role="alert"><strong>"Copy the secret now: it will not be shown again."</strong>
                        " Lyve Cloud gives it only in this answer; Baton does not keep it."</p>
                    <dl class="facts">
                        <dt>"Access key"</dt><dd><code class="lyve-access-key">{k.access_key.clone()}</code>" "{copy_button(move || access.clone())}</dd>
                        <dt>"Secret"</dt><dd><code class="lyve-secret">{k.secret.clone()}</code>" "{copy_button(move || secret.clone())}</dd>
                        <dt>"Expires"</dt><dd>{k.expiration_date.clone().unwrap_or_else(|| "—".into())}</dd>
                    </dl>
                    <p class="muted">"It may be “Not ready yet” for a short while, until every region has it."</p>
                    <button class="button accent" on:click=done>"I have copied the secret"</button>
                </section>
            }
            .into_any()
        }
    }
}
