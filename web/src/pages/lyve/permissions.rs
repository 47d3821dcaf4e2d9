//! Permissions: the list with each one's scope (the list call leaves the scope out, so each
//! detail is asked for), a form whose fields follow the chosen type (`?edit=new` or
//! `?edit=<id>` in the URL), and delete with a confirmation. A 409 `PermissionNotReady` is
//! explained: the permission is still being set up in some regions.

use baton_core::cloud::FieldError;
use baton_core::connections::Connection;
use baton_core::lyve::{
    field_of, is_not_ready, CreatePermission, DeletePermission, GetPermission, ListPermissions,
    Permission, PermissionForm, Session, UpdatePermission, NOT_READY_HINT,
};
use baton_core::ApiError;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::ready_badge;
use crate::components::confirm::ConfirmDialog;
use crate::components::toast::use_toasts;
use crate::components::{ErrorView, Loading};
use crate::connections::{call, field_message, path, with_query};

async fn load(conn: Connection) -> Result<Vec<Permission>, ApiError> {
    let list = call::<Session, _>(&conn, &ListPermissions::default()).await?;
    let mut out = Vec::with_capacity(list.len());
    for p in list {
        // A detail that fails keeps the list's row (without its scope).
        let detail = call::<Session, _>(&conn, &GetPermission { id: p.id.clone() }).await;
        out.push(detail.unwrap_or(p));
    }
    Ok(out)
}

/// An error of a change, with what a 409 "not ready" means.
pub(super) fn change_error(e: ApiError) -> AnyView {
    let hint = is_not_ready(&e).then_some(NOT_READY_HINT);
    view! {
        <ErrorView error=e/>
        {hint.map(|h| view! { <p class="lyve-hint" role="note">{h}</p> })}
    }
    .into_any()
}

pub fn tab(conn: Connection, refresh: RwSignal<u32>) -> AnyView {
    let query = use_query_map();
    let editing = Memo::new(move |_| query.with(|q| q.get("edit").filter(|e| !e.is_empty())));
    let base = path(&conn, &["permissions"]);
    let loader = conn.clone();
    let data = LocalResource::new(move || {
        refresh.track();
        load(loader.clone())
    });
    let failed = RwSignal::new(None::<ApiError>);
    let editor_conn = conn.clone();
    let editor_base = base.clone();
    let new_href = with_query(&base, &[("edit", "new".into())]);
    view! {
        <div class="page-head">
            <h2>"Permissions"</h2>
            <span class="spacer"></span>
            <a class="button accent" href=new_href>"New permission"</a>
        </div>
        {move || editing.get().map(|target| editor(editor_conn.clone(), target, editor_base.clone(), refresh))}
        {move || failed.get().map(change_error)}
        {move || match data.get() {
            None => view! { <Loading what="permissions"/> }.into_any(),
            Some(Err(e)) => view! { <ErrorView error=e on_retry=move |_| data.refetch()/> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! { <p class="empty">"No permissions yet. Create one to give service accounts access to buckets."</p> }.into_any(),
            Some(Ok(list)) => table(conn.clone(), list, base.clone(), refresh, failed),
        }}
    }
    .into_any()
}

fn table(
    conn: Connection,
    list: Vec<Permission>,
    base: String,
    refresh: RwSignal<u32>,
    failed: RwSignal<Option<ApiError>>,
) -> AnyView {
    let rows = list
        .into_iter()
        .map(|p| {
            let edit = with_query(&base, &[("edit", p.id.clone())]);
            let kind = p.kind.as_ref().map(|k| k.as_str().to_string()).unwrap_or_default();
            let scope = p.scope_text();
            let created = p.create_time.map(|t| t.short()).unwrap_or_default();
            let label = format!("Edit {}", p.name);
            view! {
                <tr>
                    <td><span class="name">{p.name.clone()}</span><div class="sub">{p.description.clone().unwrap_or_default()}</div></td>
                    <td><code>{kind}</code></td>
                    <td>{scope}</td>
                    <td>{ready_badge(p.ready_state)}</td>
                    <td>{created}</td>
                    <td><span class="row-actions">
                        <a class="button small" href=edit aria-label=label>"Edit"</a>
                        {delete_button(conn.clone(), p.id, p.name, refresh, failed)}
                    </span></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="list lyve-permissions">
                <thead><tr><th>"Name"</th><th>"Type"</th><th>"Scope"</th><th>"Ready"</th><th>"Created"</th><th>"Actions"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

fn delete_button(
    conn: Connection,
    id: String,
    name: String,
    refresh: RwSignal<u32>,
    failed: RwSignal<Option<ApiError>>,
) -> AnyView {
    let open = RwSignal::new(false);
    let title = format!("Delete permission {name}?");
    let toasts = use_toasts();
    let run = move |_| {
        let (conn, id, name) = (conn.clone(), id.clone(), name.clone());
        failed.set(None);
        leptos::task::spawn_local(async move {
            match call::<Session, _>(&conn, &DeletePermission { id }).await {
                Ok(_) => {
                    toasts.success(format!("Permission {name} deleted."));
                    refresh.update(|n| *n += 1);
                }
                Err(e) => failed.set(Some(e)),
            }
        });
    };
    view! {
        <button class="button small danger" on:click=move |_| open.set(true)>"Delete"</button>
        <ConfirmDialog open title=title confirm_label="Delete" on_confirm=run>
            <p>"Service accounts lose what it allowed. Lyve Cloud refuses to delete a permission still attached to a service account; it cannot be restored."</p>
        </ConfirmDialog>
    }
    .into_any()
}

/// The create or edit form of `target` (`new` or an id).
fn editor(conn: Connection, target: String, base: String, refresh: RwSignal<u32>) -> AnyView {
    if target == "new" {
        return form(conn, None, PermissionForm::new(), base, refresh);
    }
    let loader = conn.clone();
    let id = target.clone();
    let detail = LocalResource::new(move || {
        let (conn, id) = (loader.clone(), id.clone());
        async move { call::<Session, _>(&conn, &GetPermission { id }).await }
    });
    view! {
        {move || match detail.get() {
            None => view! { <Loading what="the permission"/> }.into_any(),
            Some(Err(e)) => view! { <ErrorView error=e on_retry=move |_| detail.refetch()/> }.into_any(),
            Some(Ok(p)) => form(conn.clone(), Some(target.clone()), PermissionForm::from_permission(&p), base.clone(), refresh),
        }}
    }
    .into_any()
}

const TYPES: [(&str, &str); 4] = [
    ("all-buckets", "All buckets"),
    ("bucket-prefix", "Buckets whose name starts with a prefix"),
    ("bucket-names", "Named buckets"),
    ("policy", "An IAM policy document"),
];

const ACTIONS: [(&str, &str); 3] = [
    ("all-operations", "All operations"),
    ("read-only", "Read only"),
    ("write-only", "Write only"),
];

fn form(
    conn: Connection,
    id: Option<String>,
    start: PermissionForm,
    base: String,
    refresh: RwSignal<u32>,
) -> AnyView {
    let values = RwSignal::new(start);
    let field_error = RwSignal::new(None::<FieldError>);
    let failed = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();
    let toasts = use_toasts();
    let kind = Memo::new(move |_| values.with(|v| v.kind.clone()));
    let has = move |f: &str| PermissionForm::fields(&kind.get()).contains(&f);
    let title = if id.is_some() {
        "Edit permission"
    } else {
        "New permission"
    };
    let close = base.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        failed.set(None);
        let spec = match values.with_untracked(PermissionForm::spec) {
            Ok(s) => s,
            Err(e) => {
                field_error.set(Some(e));
                return;
            }
        };
        field_error.set(None);
        busy.set(true);
        let (conn, id, base, navigate) = (conn.clone(), id.clone(), base.clone(), navigate.clone());
        leptos::task::spawn_local(async move {
            let name = spec.name.clone();
            let sent = match id {
                Some(id) => call::<Session, _>(&conn, &UpdatePermission { id, spec })
                    .await
                    .map(|_| format!("Permission {name} saved.")),
                None => call::<Session, _>(&conn, &CreatePermission { spec })
                    .await
                    .map(|_| format!("Permission {name} created; Lyve Cloud sets it up in every region (Not ready yet) before it can be changed.")),
            };
            busy.set(false);
            match sent {
                Ok(message) => {
                    toasts.success(message);
                    refresh.update(|n| *n += 1);
                    navigate(&base, Default::default());
                }
                Err(e) => match field_of(&e) {
                    Some(target) => field_error.set(Some(FieldError {
                        target: target.into(),
                        code: e.code.clone(),
                        message: e.message.clone(),
                    })),
                    None => failed.set(Some(e)),
                },
            }
        });
    };
    let set = move |f: fn(&mut PermissionForm, String)| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            values.update(|form| f(form, v));
            field_error.set(None);
        }
    };
    let text = move |f: fn(&PermissionForm) -> String| move || values.with(f);
    view! {
        <form class="lyve-form" on:submit=submit aria-label=title>
            <h3>{title}</h3>
            <label>"Name"
                <input name="name" autocomplete="off" maxlength="128" prop:value=text(|v| v.name.clone()) on:input=set(|f, v| f.name = v)/>
            </label>
            {field_message(field_error, "name")}
            <label>"Description"
                <textarea name="description" rows="2" prop:value=text(|v| v.description.clone()) on:input=set(|f, v| f.description = v)></textarea>
            </label>
            {field_message(field_error, "description")}
            <label>"Type"
                <select name="type" on:change=set(|f, v| f.kind = v)>
                    {TYPES.iter().map(|(value, words)| view! {
                        <option value=*value selected=move || kind.get() == *value>{*words}</option>
                    }).collect_view()}
                </select>
            </label>
            {field_message(field_error, "type")}
            <Show when=move || has("actions")>
                <label>"Actions"
                    <select name="actions" on:change=set(|f, v| f.actions = v)>
                        {ACTIONS.iter().map(|(value, words)| view! {
                            <option value=*value selected=move || values.with(|v| v.actions == *value)>{*words}</option>
                        }).collect_view()}
                    </select>
                </label>
                {field_message(field_error, "actions")}
            </Show>
            <Show when=move || has("prefix")>
                <label>"Bucket name prefix"
                    <input name="prefix" autocomplete="off" placeholder="audit-" prop:value=text(|v| v.prefix.clone()) on:input=set(|f, v| f.prefix = v)/>
                </label>
                {field_message(field_error, "prefix")}
            </Show>
            <Show when=move || has("buckets")>
                <label>"Buckets (names separated by commas or lines)"
                    <textarea name="buckets" rows="3" prop:value=text(|v| v.buckets.clone()) on:input=set(|f, v| f.buckets = v)></textarea>
                </label>
                {field_message(field_error, "buckets")}
            </Show>
            <Show when=move || has("policy")>
                <label>"Policy (AWS IAM JSON)"
                    <textarea name="policy" class="mono" rows="8" spellcheck="false" prop:value=text(|v| v.policy.clone()) on:input=set(|f, v| f.policy = v)></textarea>
                </label>
                {field_message(field_error, "policy")}
            </Show>
            {move || failed.get().map(change_error)}
            <div class="form-actions">
                <button class="button accent" type="submit" disabled=move || busy.get()>{if title == "New permission" { "Create permission" } else { "Save permission" }}</button>
                <a class="button" href=close.clone()>"Cancel"</a>
            </div>
        </form>
    }
    .into_any()
}
