//! One user: system role, state, last sign-in, the tenants they are in (with the tenant role,
//! directly or through a group) and their groups; set the password or the role, activate or
//! deactivate, unlock, add to or remove from a tenant or a group.

use baton_core::conductor::auth::CountOr;
use baton_core::conductor::tenants::{Membership, TenantRole, TenantUser};
use baton_core::conductor::user_groups::GroupMember;
use baton_core::conductor::users::{
    GetUser, SetUserActive, SystemRole, UnlockUser, UpdateUser, User, UserChange,
};
use baton_core::session::segment;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use serde_json::{Map, Value};

use super::{act, password_schema, Changed, ROLES};
use crate::api::use_api;
use crate::components::clock::When;
use crate::components::form::create::{text, CreateForm};
use crate::components::{copy_id, status_badge, ErrorView, Loading, Name};
use crate::permissions::guard;

/// A user's state in one word, as the users list says it.
pub fn state(u: &User) -> &'static str {
    if u.is_locked == Some(true) {
        "locked"
    } else if u.active == Some(false) {
        "inactive"
    } else {
        "active"
    }
}

/// A tenant the user is in: its name, the tenant role, and whether it is the user's own
/// membership (which can be changed here) rather than one a group gives.
fn tenants_of(u: &User) -> Vec<(String, String, bool)> {
    let direct = u.tenant_roles.as_ref().map(|r| &r.direct);
    match &u.tenants {
        Some(CountOr::Data(m)) => m
            .iter()
            .map(|(t, roles)| {
                let own = direct.is_none_or(|d| d.contains_key(t));
                let role = roles
                    .tenant_role
                    .clone()
                    .or_else(|| direct.and_then(|d| d.get(t).cloned()))
                    .unwrap_or_default();
                (t.clone(), role, own)
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn groups_of(u: &User) -> Vec<String> {
    match &u.groups {
        Some(CountOr::Data(g)) => g.clone(),
        _ => Vec::new(),
    }
}

#[component]
pub fn UserPage() -> impl IntoView {
    let api = use_api();
    let params = use_params_map();
    let name = move || params.with(|p| p.get("id").unwrap_or_default());
    let changed = Trigger::new();
    provide_context(Changed(changed));
    let data = LocalResource::new(move || {
        changed.track();
        let call = GetUser {
            username: name(),
            get_data: true,
        };
        async move { api.call(&call).await }
    });
    let setting_password = RwSignal::new(false);
    let new_tenant = RwSignal::new(String::new());
    let new_tenant_role = RwSignal::new("user".to_string());
    let new_group = RwSignal::new(String::new());
    let membership = move |change: Membership, tenant: String, role: Option<String>| {
        let username = name();
        let done = match change {
            Membership::Add => format!("{username} added to {tenant}."),
            Membership::Update => format!("{username}'s role in {tenant} changed."),
            Membership::Remove => format!("{username} removed from {tenant}."),
        };
        act(
            TenantUser {
                change,
                tenant_name: tenant,
                username,
                role: role.as_deref().map(TenantRole::from),
                get_data: false,
            },
            done,
        );
    };
    let group_member = move |group: String, add: bool| {
        let username = name();
        let done = if add {
            format!("{username} added to the group {group}.")
        } else {
            format!("{username} removed from the group {group}.")
        };
        act(
            GroupMember {
                username,
                group_name: group,
                add,
                get_data: false,
            },
            done,
        );
    };
    let add_tenant = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let t = new_tenant.get_untracked().trim().to_string();
        if !t.is_empty() {
            membership(Membership::Add, t, Some(new_tenant_role.get_untracked()));
            new_tenant.set(String::new());
        }
    };
    let add_group = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let g = new_group.get_untracked().trim().to_string();
        if !g.is_empty() {
            group_member(g, true);
            new_group.set(String::new());
        }
    };
    let role_options = move |current: &str| {
        ROLES
            .iter()
            .map(|r| view! { <option value=*r selected=current == *r>{*r}</option> })
            .collect_view()
    };

    let details = move |u: User| {
        let username = u.username.clone();
        let active = u.active != Some(false);
        let locked = u.is_locked == Some(true);
        let role = u.role.clone().unwrap_or_default();
        let (n1, n2, n3) = (username.clone(), username.clone(), username.clone());
        let toggle = move |_| {
            let verb = if active { "deactivated" } else { "activated" };
            act(
                SetUserActive {
                    username: n1.clone(),
                    active: !active,
                },
                format!("User {n1} {verb}."),
            )
        };
        let unlock = move |_| {
            act(
                UnlockUser {
                    username: n2.clone(),
                },
                format!("User {n2} unlocked."),
            )
        };
        let set_role = move |ev: leptos::ev::Event| {
            let role = event_target_value(&ev);
            act(
                UpdateUser {
                    username: n3.clone(),
                    change: UserChange::Role(SystemRole::from(role.as_str())),
                },
                format!("{n3} now has the system role {role}."),
            )
        };
        let tenants = tenants_of(&u);
        let groups = groups_of(&u);
        let tenant_rows = if tenants.is_empty() {
            view! { <p class="empty">"Not in any tenant: this user can sign in but reach nothing."</p> }.into_any()
        } else {
            view! {
                <table class="list">
                    <thead><tr><th>"Tenant"</th><th>"Tenant role"</th><th><span class="visually-hidden">"Actions"</span></th></tr></thead>
                    <tbody>{tenants.into_iter().map(|(t, role, own)| {
                        let link = format!("/tenants/{}", segment(&t));
                        let (t1, t2) = (t.clone(), t.clone());
                        let cell = if own {
                            view! {
                                <select aria-label="Tenant role" use:guard="tenant_update_user"
                                    on:change=move |ev| membership(Membership::Update, t1.clone(), Some(event_target_value(&ev)))>
                                    {role_options(&role)}
                                </select>
                            }.into_any()
                        } else {
                            view! { <span>{role}" "<span class="muted">"(through a group)"</span></span> }.into_any()
                        };
                        view! { <tr>
                            <td class="name"><A href=link><Name text=t/></A></td>
                            <td>{cell}</td>
                            <td>{own.then(|| view! {
                                <button class="button small danger" use:guard="tenant_remove_user"
                                    on:click=move |_| membership(Membership::Remove, t2.clone(), None)>"Remove"</button>
                            })}</td>
                        </tr> }
                    }).collect_view()}</tbody>
                </table>
            }.into_any()
        };
        let group_rows = if groups.is_empty() {
            view! { <p class="empty">"In no user group."</p> }.into_any()
        } else {
            view! {
                <table class="list">
                    <thead><tr><th>"Group"</th><th><span class="visually-hidden">"Actions"</span></th></tr></thead>
                    <tbody>{groups.into_iter().map(|g| {
                        let link = format!("/user-groups/{}", segment(&g));
                        let g1 = g.clone();
                        view! { <tr>
                            <td class="name"><A href=link><Name text=g/></A></td>
                            <td><button class="button small danger" use:guard="user_group_remove_user"
                                on:click=move |_| group_member(g1.clone(), false)>"Remove"</button></td>
                        </tr> }
                    }).collect_view()}</tbody>
                </table>
            }.into_any()
        };
        view! {
            <section class="card" aria-label="Account">
                <dl class="facts">
                    <dt>"System role"</dt>
                    <dd>
                        <select name="role" aria-label="System role" use:guard="user_update" on:change=set_role>
                            {["default", "sys_admin"].map(|r| view! { <option value=r selected=role == r>{r}</option> })}
                        </select>
                    </dd>
                    <dt>"State"</dt><dd class="user-state">{status_badge(Some(state(&u).into()))}</dd>
                    <dt>"Last sign-in"</dt><dd><When t=u.last_login_at/></dd>
                    <dt>"Created"</dt><dd><When t=u.created_at/></dd>
                </dl>
                <div class="actions">
                    <button class="button" use:guard="user_set_activated" on:click=toggle>{if active { "Deactivate" } else { "Activate" }}</button>
                    {locked.then(|| view! { <button class="button" use:guard="user_unlock" on:click=unlock>"Unlock"</button> })}
                    <button class="button" use:guard="user_update" disabled=move || setting_password.get()
                        on:click=move |_| setting_password.set(true)>"Set password"</button>
                </div>
            </section>
            <section class="card" aria-label="Tenants">
                <header class="card-head"><h2>"Tenants"</h2></header>
                {tenant_rows}
                <form class="inline-form" on:submit=add_tenant aria-label="Add to a tenant">
                    <label>"Add to tenant "<input type="text" name="tenant_name" autocomplete="off" prop:value=move || new_tenant.get()
                        on:input=move |ev| new_tenant.set(event_target_value(&ev))/></label>
                    <label>" as "<select aria-label="Role in the tenant" on:change=move |ev| new_tenant_role.set(event_target_value(&ev))>
                        {role_options("user")}
                    </select></label>
                    <button type="submit" class="button" use:guard="tenant_add_user">"Add"</button>
                </form>
            </section>
            <section class="card" aria-label="Groups">
                <header class="card-head"><h2>"User groups"</h2></header>
                {group_rows}
                <form class="inline-form" on:submit=add_group aria-label="Add to a group">
                    <label>"Add to group "<input type="text" name="group_name" autocomplete="off" prop:value=move || new_group.get()
                        on:input=move |ev| new_group.set(event_target_value(&ev))/></label>
                    <button type="submit" class="button" use:guard="user_group_add_user">"Add"</button>
                </form>
            </section>
        }
        .into_any()
    };
    let password_form = move || {
        setting_password.get().then(|| {
            let mut with = Map::new();
            with.insert("username".into(), Value::String(name()));
            let done = Callback::new(move |_| setting_password.set(false));
            view! {
                <CreateForm title="Set password" schema=password_schema() submit_label="Set password" with
                    send=|api, values| Box::pin(async move {
                        let username = text(&values, "username").unwrap_or_default();
                        let call = UpdateUser {
                            username: username.clone(),
                            change: UserChange::Password(text(&values, "password").unwrap_or_default()),
                        };
                        api.call(&call).await.map(|_| format!("The password of {username} is set."))
                    })
                    done/>
            }
        })
    };
    view! {
        <p class="crumbs"><A href="/users">"Users"</A>" / "<span class="mono">{name}</span>{move || copy_id(name())}</p>
        <h1>{name}</h1>
        {password_form}
        {move || match data.get() {
            None => view! { <Loading what="user"/> }.into_any(),
            Some(Err(e)) => view! { <ErrorView error=e on_retry=move |_| data.refetch()/> }.into_any(),
            Some(Ok(u)) => details(u),
        }}
    }
    .into_any()
}
