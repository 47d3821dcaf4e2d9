//! User groups: sets of users (optionally an LDAP group) that give their members a system
//! role and tenant roles. The list (create, change the system role, delete) and one group's
//! page (its members: add, remove; the tenants it belongs to).

use baton_core::conductor::auth::CountOr;
use baton_core::conductor::user_groups::{
    CreateUserGroup, DeleteUserGroup, GetUserGroup, GroupMember, ListUserGroups, SetUserGroupRole,
    UserGroup,
};
use baton_core::conductor::users::SystemRole;
use baton_core::session::segment;
use baton_core::SortKey;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use serde_json::json;

use super::{act, count, delete_button, place_taken, Changed};
use crate::api::use_api;
use crate::components::form::create::{text, CreateForm};
use crate::components::table::{Column, ListSpec, ResourceList};
use crate::components::toast::use_toasts;
use crate::components::{copy_id, ErrorView, Loading, Name};
use crate::permissions::guard;

fn role_select(name: String, current: Option<SystemRole>) -> AnyView {
    let current = current.map(|r| r.as_str().to_string()).unwrap_or_default();
    view! {
        <select aria-label="System role" use:guard="user_group_update" on:change=move |ev| {
            let role = event_target_value(&ev);
            act(
                SetUserGroupRole { name: name.clone(), role: SystemRole::from(role.as_str()) },
                format!("Group {name} now gives the system role {role}."),
            )
        }>
            {["default", "sys_admin"].iter().map(|r| view! { <option value=*r selected=current == *r>{*r}</option> }).collect_view()}
        </select>
    }
    .into_any()
}

fn columns() -> Vec<Column<UserGroup>> {
    vec![
        Column {
            label: "Group",
            sort: Some("name"),
            fields: &["name"],
            cell: |g| {
                let link = format!("/user-groups/{}", segment(&g.name));
                let name = g.name.clone();
                let copy = copy_id(name.clone());
                view! { <A href=link attr:class="name"><Name text=name/></A>{copy} }.into_any()
            },
        },
        Column {
            label: "System role",
            sort: Some("role"),
            fields: &["role"],
            cell: |g| role_select(g.name.clone(), g.role.clone()),
        },
        Column {
            label: "LDAP group",
            sort: Some("ldap_dn"),
            fields: &["ldap_dn"],
            cell: |g| {
                view! { <span class="mono">{g.ldap_dn.clone().unwrap_or_default()}</span> }
                    .into_any()
            },
        },
        Column {
            label: "Users",
            sort: None,
            fields: &["users"],
            cell: |g| view! { <span>{count(&g.users, Vec::len)}</span> }.into_any(),
        },
        Column {
            label: "Tenants",
            sort: None,
            fields: &["tenants"],
            cell: |g| view! { <span>{count(&g.tenants, |m| m.len())}</span> }.into_any(),
        },
        Column {
            label: "Actions",
            sort: None,
            fields: &["name"],
            cell: |g| {
                delete_button(
                    g.name.clone(),
                    "user group",
                    "Its members lose the roles it gave them; the users themselves stay.",
                    "user_group_delete",
                    |name| {
                        act(
                            DeleteUserGroup { name: name.clone() },
                            format!("Group {name} deleted."),
                        )
                    },
                )
            },
        },
    ]
}

#[component]
pub fn UserGroupsPage() -> impl IntoView {
    let refresh = Trigger::new();
    provide_context(Changed(refresh));
    let creating = RwSignal::new(false);
    let spec = ListSpec {
        noun: "user groups",
        path: "/user-groups",
        default_sort: || SortKey::asc("name"),
        columns: columns(),
        filters: &["role"],
        search_names: false,
        endpoint: |query| ListUserGroups {
            query,
            get_data: false,
        },
        placeholder: "Search groups",
    };
    let closed = Callback::new(move |_| {
        creating.set(false);
        refresh.notify();
    });
    let schema = json!({
        "group_name": {"type": "string", "display_label": "Name", "required": true,
                       "constraints": [{"pattern": "^[A-Za-z0-9][A-Za-z0-9_. -]*$"}]},
        "role": {"type": "string", "display_label": "System role", "default": "default",
                 "constraints": [{"valid_values": ["default", "sys_admin"]}]},
        "ldap_group_dn": {"type": "string", "display_label": "LDAP group DN (optional)", "required": false,
                          "description": "With LDAP on, members of this directory group join it on sign-in."},
    });
    view! {
        <div class="page-head">
            <h1>"User groups"</h1>
            <button class="button accent" disabled=move || creating.get() use:guard="user_group_create" on:click=move |_| creating.set(true)>"New group"</button>
            <span class="spacer"></span>
            <A href="/users">"Users"</A>" · "<A href="/tenants">"Tenants"</A>" · "<A href="/permissions">"Permissions"</A>
        </div>
        <Show when=move || creating.get()>
            <CreateForm title="New user group" schema=schema.clone() submit_label="Create group"
                send=|api, values| Box::pin(async move {
                    let call = CreateUserGroup {
                        group_name: text(&values, "group_name").unwrap_or_default(),
                        ldap_group_dn: text(&values, "ldap_group_dn"),
                        role: SystemRole::from(text(&values, "role").as_deref().unwrap_or("default")),
                        get_data: false,
                    };
                    api.call(&call).await.map(|g| format!("Group {} created.", g.name))
                })
                place=|e, form| place_taken("group_name", e, form)
                done=closed/>
        </Show>
        <ResourceList spec reload=refresh/>
    }
    .into_any()
}

/// One group: its members (add, remove) and the tenants it gives roles in.
#[component]
pub fn UserGroupPage() -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let params = use_params_map();
    let name = move || params.with(|p| p.get("id").unwrap_or_default());
    let data = LocalResource::new(move || {
        let call = GetUserGroup {
            name: name(),
            get_data: true,
        };
        async move { api.call(&call).await }
    });
    let member = move |username: String, add: bool| {
        let group_name = name();
        let call = GroupMember {
            username: username.clone(),
            group_name: group_name.clone(),
            add,
            get_data: false,
        };
        leptos::task::spawn_local(async move {
            match api.call(&call).await {
                Ok(_) if add => toasts.success(format!("{username} added to {group_name}.")),
                Ok(_) => toasts.success(format!("{username} removed from {group_name}.")),
                Err(e) => toasts.error(&e),
            }
            data.refetch();
        });
    };
    let new_user = RwSignal::new(String::new());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let user = new_user.get_untracked().trim().to_string();
        if !user.is_empty() {
            member(user, true);
            new_user.set(String::new());
        }
    };
    let body = move |g: UserGroup| {
        let users = match g.users {
            Some(CountOr::Data(u)) => u,
            _ => Vec::new(),
        };
        let tenants = match g.tenants {
            Some(CountOr::Data(t)) => t.into_iter().collect::<Vec<_>>(),
            _ => Vec::new(),
        };
        let role = g.role.map(|r| r.as_str().to_string()).unwrap_or_default();
        view! {
            <p class="muted">"Gives its members the system role "<strong>{role}</strong>
                {g.ldap_dn.map(|dn| view! { " and follows the LDAP group "<span class="mono">{dn}</span> })}"."</p>
            <section class="card" aria-label="Members">
                <header class="card-head"><h2>"Users"</h2></header>
                {if users.is_empty() {
                    view! { <p class="empty">"No users in this group yet."</p> }.into_any()
                } else {
                    view! {
                        <table class="list">
                            <thead><tr><th>"User"</th><th><span class="visually-hidden">"Actions"</span></th></tr></thead>
                            <tbody>{users.into_iter().map(|u| {
                                let gone = u.clone();
                                view! { <tr>
                                    <td class="name"><Name text=u/></td>
                                    <td><button class="button small danger" use:guard="user_group_remove_user" on:click=move |_| member(gone.clone(), false)>"Remove"</button></td>
                                </tr> }
                            }).collect_view()}</tbody>
                        </table>
                    }.into_any()
                }}
                <form class="inline-form" on:submit=add aria-label="Add a user">
                    <label>"Add user "<input type="text" name="username" autocomplete="off" prop:value=move || new_user.get()
                        on:input=move |ev| new_user.set(event_target_value(&ev))/></label>
                    <button type="submit" class="button" use:guard="user_group_add_user">"Add"</button>
                </form>
            </section>
            <section class="card" aria-label="Tenants">
                <header class="card-head"><h2>"Tenants"</h2></header>
                {if tenants.is_empty() {
                    view! { <p class="empty">"This group gives no tenant roles; add it to a tenant from the tenant's page."</p> }.into_any()
                } else {
                    view! {
                        <table class="list">
                            <thead><tr><th>"Tenant"</th><th>"Role its members get"</th></tr></thead>
                            <tbody>{tenants.into_iter().map(|(t, r)| {
                                let link = format!("/tenants/{}", segment(&t));
                                view! { <tr><td><A href=link><Name text=t/></A></td><td>{r}</td></tr> }
                            }).collect_view()}</tbody>
                        </table>
                    }.into_any()
                }}
            </section>
        }
        .into_any()
    };
    view! {
        <p class="crumbs"><A href="/user-groups">"User groups"</A>" / "<span class="mono">{name}</span>{move || copy_id(name())}</p>
        <h1>{name}</h1>
        {move || match data.get() {
            None => view! { <Loading what="user group"/> }.into_any(),
            Some(Err(e)) => view! { <ErrorView error=e on_retry=move |_| data.refetch()/> }.into_any(),
            Some(Ok(g)) => body(g),
        }}
    }
    .into_any()
}
