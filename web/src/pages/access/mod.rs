//! Who may do what: users (create, activate or deactivate, unlock, delete) and tenants
//! (create, delete, and each tenant's members with their tenant role: add, change, remove).
//! The manager answers these to admins only; anyone else sees its refusal, explained.
//! User groups (`groups`) and the permission matrix (`permissions`) are pages of this area too.

mod groups;
mod permissions;
mod user;

pub use groups::{UserGroupPage, UserGroupsPage};
pub use permissions::PermissionsPage;
pub use user::UserPage;

use baton_core::conductor::auth::CountOr;
use baton_core::conductor::tenants::TenantGroup;
use baton_core::conductor::tenants::{
    CreateTenant, DeleteTenant, GetTenant, ListTenants, Membership, Tenant, TenantRole, TenantUser,
};
use baton_core::conductor::users::{
    CreateUser, DeleteUser, ListUsers, SetUserActive, SystemRole, UnlockUser, UpdateUser, User,
    UserChange,
};
use baton_core::session::segment;
use baton_core::{ApiError, Endpoint, SortKey};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use serde_json::{json, Map, Value};

use crate::api::use_api;
use crate::components::clock::When;
use crate::components::confirm::delete_button;
use crate::components::form::create::{text, CreateForm};
use crate::components::form::FormState;
use crate::components::table::{Column, ListSpec, ResourceList};
use crate::components::toast::use_toasts;
use crate::components::{copy_id, status_badge, ErrorView, Loading, Name};
use crate::permissions::guard;

/// Tells a list to ask again after one of its rows changed.
#[derive(Clone, Copy)]
struct Changed(Trigger);

/// The user whose password is being set, if any.
#[derive(Clone, Copy)]
struct SettingPassword(RwSignal<Option<String>>);

/// Sends `call`, toasts the outcome and refreshes the list; used by every row action here.
fn act<E>(call: E, done: String)
where
    E: Endpoint + 'static,
{
    let api = use_api();
    let toasts = use_toasts();
    let refresh = use_context::<Changed>();
    leptos::task::spawn_local(async move {
        match api.call(&call).await {
            Ok(_) => toasts.success(done),
            Err(e) => toasts.error(&e),
        }
        if let Some(Changed(t)) = refresh {
            t.notify();
        }
    });
}

fn count<T>(c: &Option<CountOr<T>>, len: fn(&T) -> usize) -> String {
    match c {
        Some(CountOr::Count(n)) => n.to_string(),
        Some(CountOr::Data(d)) => len(d).to_string(),
        None => "—".into(),
    }
}

fn user_actions(u: &User) -> AnyView {
    let name = u.username.clone();
    let active = u.active != Some(false);
    let locked = u.is_locked == Some(true);
    let (n1, n2, n3) = (name.clone(), name.clone(), name.clone());
    let setting = use_context::<SettingPassword>();
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
    view! {
        <span class="row-actions">
            <button class="button small" use:guard="user_set_activated" on:click=toggle>{if active { "Deactivate" } else { "Activate" }}</button>
            <button class="button small" use:guard="user_update" on:click=move |_| {
                if let Some(SettingPassword(s)) = setting {
                    s.set(Some(n3.clone()));
                }
            }>"Set password"</button>
            {locked.then(|| view! { <button class="button small" use:guard="user_unlock" on:click=unlock>"Unlock"</button> })}
            {delete_button(name, "user", "The user can no longer sign in; their tokens stop working. What they created stays.", "user_delete", |username| {
                act(DeleteUser { username: username.clone() }, format!("User {username} deleted."))
            })}
        </span>
    }
    .into_any()
}

fn user_columns() -> Vec<Column<User>> {
    vec![
        Column {
            label: "User",
            sort: Some("username"),
            fields: &["username"],
            cell: |u| {
                let name = u.username.clone();
                let link = format!("/users/{}", segment(&name));
                let copy = copy_id(name.clone());
                view! { <A href=link attr:class="name"><Name text=name/></A>{copy} }.into_any()
            },
        },
        Column {
            label: "System role",
            sort: Some("role"),
            fields: &["role"],
            cell: |u| {
                let name = u.username.clone();
                let current = u.role.clone().unwrap_or_default();
                view! {
                    <select aria-label="System role" use:guard="user_update" on:change=move |ev| {
                        let role = event_target_value(&ev);
                        act(
                            UpdateUser { username: name.clone(), change: UserChange::Role(SystemRole::from(role.as_str())) },
                            format!("{name} now has the system role {role}."),
                        )
                    }>
                        {["default", "sys_admin"].iter().map(|r| view! { <option value=*r selected=current == *r>{*r}</option> }).collect_view()}
                    </select>
                }
                .into_any()
            },
        },
        Column {
            label: "State",
            sort: Some("active"),
            fields: &["active", "is_locked"],
            cell: |u| status_badge(Some(user::state(u).into())),
        },
        Column {
            label: "Tenants",
            sort: None,
            fields: &["tenants"],
            cell: |u| view! { <span>{count(&u.tenants, |m| m.len())}</span> }.into_any(),
        },
        Column {
            label: "Groups",
            sort: None,
            fields: &["groups"],
            cell: |u| view! { <span>{count(&u.groups, Vec::len)}</span> }.into_any(),
        },
        Column {
            label: "Last sign-in",
            sort: Some("last_login_at"),
            fields: &["last_login_at"],
            cell: |u| view! { <When t=u.last_login_at/> }.into_any(),
        },
        Column {
            label: "Actions",
            sort: None,
            fields: &["username", "active", "is_locked"],
            cell: user_actions,
        },
    ]
}

fn password_schema() -> Value {
    json!({
        "password": {"type": "string", "display_label": "New password", "required": true,
                     "constraints": [{"min_length": 5}]},
    })
}

fn user_schema() -> Value {
    json!({
        "username": {"type": "string", "display_label": "Username", "required": true,
                     "constraints": [{"pattern": "^[A-Za-z0-9][A-Za-z0-9_.@-]*$"}]},
        "password": {"type": "string", "display_label": "Password", "required": true,
                     "constraints": [{"min_length": 5}]},
        "role": {"type": "string", "display_label": "System role", "default": "default",
                 "constraints": [{"valid_values": ["default", "sys_admin"]}]},
    })
}

/// A name already taken goes on the name's field.
fn place_taken(field: &str, e: &ApiError, form: FormState) -> bool {
    e.code == "conflict_error"
        && form.set_field_error(field, &format!("{} ({})", e.message, e.code))
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let refresh = Trigger::new();
    provide_context(Changed(refresh));
    let creating = RwSignal::new(false);
    let setting = RwSignal::new(None::<String>);
    provide_context(SettingPassword(setting));
    let spec = ListSpec {
        noun: "users",
        path: "/users",
        default_sort: || SortKey::asc("username"),
        columns: user_columns(),
        filters: &["role", "active"],
        search_names: false,
        endpoint: |query| ListUsers {
            query,
            get_data: false,
        },
        placeholder: "Search users",
    };
    let closed = Callback::new(move |_| {
        creating.set(false);
        refresh.notify();
    });
    view! {
        <div class="page-head">
            <h1>"Users"</h1>
            <button class="button accent" disabled=move || creating.get() use:guard="user_create" on:click=move |_| creating.set(true)>"New user"</button>
            <span class="spacer"></span>
            <A href="/tenants">"Tenants"</A>" · "<A href="/user-groups">"User groups"</A>" · "<A href="/permissions">"Permissions"</A>
        </div>
        <Show when=move || creating.get()>
            <CreateForm title="New user" schema=user_schema() submit_label="Create user"
                send=|api, values| Box::pin(async move {
                    let call = CreateUser {
                        username: text(&values, "username").unwrap_or_default(),
                        password: text(&values, "password").unwrap_or_default(),
                        role: SystemRole::from(text(&values, "role").as_deref().unwrap_or("default")),
                        is_prehashed: None,
                    };
                    api.call(&call).await.map(|u| format!("User {} created.", u.username))
                })
                place=|e, form| place_taken("username", e, form)
                done=closed/>
        </Show>
        {move || setting.get().map(|username| {
            let mut with = Map::new();
            with.insert("username".into(), Value::String(username.clone()));
            let done = Callback::new(move |_| setting.set(None));
            view! {
                <p class="muted">"Setting the password of "<strong class="mono">{username}</strong></p>
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
        })}
        <ResourceList spec reload=refresh/>
    }
    .into_any()
}

fn tenant_columns() -> Vec<Column<Tenant>> {
    vec![
        Column {
            label: "Tenant",
            sort: Some("name"),
            fields: &["name"],
            cell: |t| {
                let link = format!("/tenants/{}", segment(&t.name));
                let name = t.name.clone();
                let copy = copy_id(name.clone());
                view! { <A href=link attr:class="name"><Name text=name/></A>{copy} }.into_any()
            },
        },
        Column {
            label: "Users",
            sort: None,
            fields: &["users"],
            cell: |t| {
                view! { <span>{t.user_count().map(|n| n.to_string()).unwrap_or_else(|| "—".into())}</span> }.into_any()
            },
        },
        Column {
            label: "Groups",
            sort: None,
            fields: &["groups"],
            cell: |t| {
                view! { <span>{t.group_count().map(|n| n.to_string()).unwrap_or_else(|| "—".into())}</span> }.into_any()
            },
        },
        Column {
            label: "Actions",
            sort: None,
            fields: &["name"],
            cell: |t| {
                delete_button(t.name.clone(), "tenant", "The manager refuses while the tenant holds blueprints, deployments or other resources.", "tenant_delete", |name| {
                    act(DeleteTenant { name: name.clone() }, format!("Tenant {name} deleted."))
                })
            },
        },
    ]
}

#[component]
pub fn TenantsPage() -> impl IntoView {
    let refresh = Trigger::new();
    provide_context(Changed(refresh));
    let creating = RwSignal::new(false);
    let spec = ListSpec {
        noun: "tenants",
        path: "/tenants",
        default_sort: || SortKey::asc("name"),
        columns: tenant_columns(),
        filters: &[],
        search_names: false,
        endpoint: |query| ListTenants {
            query,
            ..Default::default()
        },
        placeholder: "Search tenants",
    };
    let closed = Callback::new(move |_| {
        creating.set(false);
        refresh.notify();
    });
    let schema = json!({
        "name": {"type": "string", "display_label": "Name", "required": true,
                 "constraints": [{"pattern": "^[A-Za-z0-9][A-Za-z0-9_.-]*$"}]},
    });
    view! {
        <div class="page-head">
            <h1>"Tenants"</h1>
            <button class="button accent" disabled=move || creating.get() use:guard="tenant_create" on:click=move |_| creating.set(true)>"New tenant"</button>
            <A href="/users">"Users"</A>
        </div>
        <Show when=move || creating.get()>
            <CreateForm title="New tenant" schema=schema.clone() submit_label="Create tenant"
                send=|api, values| Box::pin(async move {
                    let call = CreateTenant {
                        name: text(&values, "name").unwrap_or_default(),
                        ..Default::default()
                    };
                    api.call(&call).await.map(|t| format!("Tenant {} created.", t.name))
                })
                place=|e, form| place_taken("name", e, form)
                done=closed/>
        </Show>
        <ResourceList spec reload=refresh/>
    }
    .into_any()
}

const ROLES: &[&str] = &["viewer", "user", "operations", "manager"];

/// One tenant's members: each user's tenant role (change it, remove them) and adding one.
#[component]
pub fn TenantPage() -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let params = use_params_map();
    let name = move || params.with(|p| p.get("id").unwrap_or_default());
    let data = LocalResource::new(move || {
        let call = GetTenant {
            name: name(),
            get_data: true,
        };
        async move { api.call(&call).await }
    });
    let membership = move |change: Membership, username: String, role: Option<String>| {
        let tenant_name = name();
        let call = TenantUser {
            change,
            tenant_name: tenant_name.clone(),
            username: username.clone(),
            role: role.as_deref().map(TenantRole::from),
            get_data: false,
        };
        leptos::task::spawn_local(async move {
            match api.call(&call).await {
                Ok(_) => toasts.success(match change {
                    Membership::Add => format!("{username} added to {tenant_name}."),
                    Membership::Update => format!("{username}'s role in {tenant_name} changed."),
                    Membership::Remove => format!("{username} removed from {tenant_name}."),
                }),
                Err(e) => toasts.error(&e),
            }
            data.refetch();
        });
    };
    let group_membership = move |change: Membership, group_name: String, role: Option<String>| {
        let tenant_name = name();
        let call = TenantGroup {
            change,
            tenant_name: tenant_name.clone(),
            group_name: group_name.clone(),
            role: role.as_deref().map(TenantRole::from),
            get_data: false,
        };
        leptos::task::spawn_local(async move {
            match api.call(&call).await {
                Ok(_) => toasts.success(match change {
                    Membership::Add => format!("Group {group_name} added to {tenant_name}."),
                    Membership::Update => {
                        format!("Group {group_name}'s role in {tenant_name} changed.")
                    }
                    Membership::Remove => format!("Group {group_name} removed from {tenant_name}."),
                }),
                Err(e) => toasts.error(&e),
            }
            data.refetch();
        });
    };
    let new_group = RwSignal::new(String::new());
    let new_group_role = RwSignal::new("user".to_string());
    let add_group = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let group = new_group.get_untracked().trim().to_string();
        if group.is_empty() {
            return;
        }
        group_membership(Membership::Add, group, Some(new_group_role.get_untracked()));
        new_group.set(String::new());
    };
    let new_user = RwSignal::new(String::new());
    let new_role = RwSignal::new("user".to_string());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let user = new_user.get_untracked().trim().to_string();
        if user.is_empty() {
            return;
        }
        membership(Membership::Add, user, Some(new_role.get_untracked()));
        new_user.set(String::new());
    };
    let role_select = move |current: String,
                            permission: &'static str,
                            on_pick: Callback<String>| {
        view! {
            <select aria-label="Tenant role" use:guard=permission on:change=move |ev| on_pick.run(event_target_value(&ev))>
                {ROLES.iter().map(|r| view! { <option value=*r selected=current == *r>{*r}</option> }).collect_view()}
            </select>
        }
    };
    let members = move |t: Tenant| {
        let users = match t.users {
            Some(CountOr::Data(m)) => m.into_iter().collect::<Vec<_>>(),
            _ => Vec::new(),
        };
        if users.is_empty() {
            return view! { <p class="empty">"No users in this tenant yet."</p> }.into_any();
        }
        view! {
            <table class="list">
                <thead><tr><th>"User"</th><th>"Tenant role"</th><th>"Roles it gives"</th><th><span class="visually-hidden">"Actions"</span></th></tr></thead>
                <tbody>{users.into_iter().map(|(user, roles)| {
                    let (u1, u2) = (user.clone(), user.clone());
                    let role = roles.tenant_role.clone().unwrap_or_default();
                    view! { <tr>
                        <td class="name"><Name text=user/></td>
                        <td>{role_select(role, "tenant_update_user", Callback::new(move |r: String| membership(Membership::Update, u1.clone(), Some(r))))}</td>
                        <td class="muted">{roles.roles.join(", ")}</td>
                        <td><button class="button small danger" use:guard="tenant_remove_user" on:click=move |_| membership(Membership::Remove, u2.clone(), None)>"Remove"</button></td>
                    </tr> }
                }).collect_view()}</tbody>
            </table>
        }
        .into_any()
    };
    let groups = move |t: &Tenant| {
        let groups = match &t.groups {
            Some(CountOr::Data(m)) => m.clone().into_iter().collect::<Vec<_>>(),
            _ => Vec::new(),
        };
        if groups.is_empty() {
            return view! { <p class="empty">"No user groups in this tenant."</p> }.into_any();
        }
        view! {
            <table class="list">
                <thead><tr><th>"Group"</th><th>"Tenant role its members get"</th><th><span class="visually-hidden">"Actions"</span></th></tr></thead>
                <tbody>{groups.into_iter().map(|(group, role)| {
                    let (g1, g2) = (group.clone(), group.clone());
                    let link = format!("/user-groups/{}", segment(&group));
                    view! { <tr>
                        <td class="name"><A href=link><Name text=group/></A></td>
                        <td>{role_select(role, "tenant_update_group", Callback::new(move |r: String| group_membership(Membership::Update, g1.clone(), Some(r))))}</td>
                        <td><button class="button small danger" use:guard="tenant_remove_group" on:click=move |_| group_membership(Membership::Remove, g2.clone(), None)>"Remove"</button></td>
                    </tr> }
                }).collect_view()}</tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <p class="crumbs"><A href="/tenants">"Tenants"</A>" / "<span class="mono">{name}</span>{move || copy_id(name())}</p>
        <h1>{name}</h1>
        {move || match data.get() {
            None => view! { <Loading what="tenant"/> }.into_any(),
            Some(Err(e)) => view! { <ErrorView error=e on_retry=move |_| data.refetch()/> }.into_any(),
            Some(Ok(t)) => view! {
                <section class="card" aria-label="Groups">
                    <header class="card-head"><h2>"User groups"</h2></header>
                    {groups(&t)}
                    <form class="inline-form" on:submit=add_group aria-label="Add a group">
                        <label>"Add group "<input type="text" name="group_name" autocomplete="off" prop:value=move || new_group.get()
                            on:input=move |ev| new_group.set(event_target_value(&ev))/></label>
                        <label>" as "{role_select("user".into(), "tenant_add_group", Callback::new(move |r| new_group_role.set(r)))}</label>
                        <button type="submit" class="button" use:guard="tenant_add_group">"Add"</button>
                    </form>
                </section>
                <section class="card" aria-label="Members">
                    <header class="card-head"><h2>"Users"</h2></header>
                    {members(t)}
                    <form class="inline-form" on:submit=add aria-label="Add a user">
                        <label>"Add user "<input type="text" name="username" autocomplete="off" prop:value=move || new_user.get()
                            on:input=move |ev| new_user.set(event_target_value(&ev))/></label>
                        <label>" as "{role_select("user".into(), "tenant_add_user", Callback::new(move |r| new_role.set(r)))}</label>
                        <button type="submit" class="button" use:guard="tenant_add_user">"Add"</button>
                    </form>
                </section>
            }.into_any(),
        }}
    }
    .into_any()
}
