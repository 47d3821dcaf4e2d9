//! The permission matrix: which role may do what, one row per permission and one column per
//! role. An administrator ticks or unticks a cell; the manager is asked at once, and a refusal
//! puts the cell back as it was and says why.

use baton_core::conductor::permissions::{ListPermissions, PermissionMatrix, SetPermission};
use baton_core::query::ListQuery;
use baton_core::SortKey;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::use_api;
use crate::components::toast::use_toasts;
use crate::components::{ErrorView, Loading};

/// One request holds every permission of a manager (a few hundred); more is said, not hidden.
const PAGE: u32 = 1000;

#[component]
pub fn PermissionsPage() -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let matrix = RwSignal::new(None::<PermissionMatrix>);
    let partial = RwSignal::new(None::<(usize, u64)>);
    let search = RwSignal::new(String::new());
    // Cells waiting for the manager: not clickable twice.
    let pending = RwSignal::new(Vec::<(String, String)>::new());
    let data = LocalResource::new(move || {
        let call = ListPermissions {
            role: None,
            query: ListQuery::new()
                .sort(SortKey::asc("permission"))
                .page(PAGE, 0),
        };
        async move { api.call(&call).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(page)) = data.get() {
            let total = page.pagination().total;
            let got = page.items.len();
            partial.set((total > got as u64).then_some((got, total)));
            matrix.set(Some(PermissionMatrix::new(&page.items)));
        }
    });
    let toggle = move |role: String, permission: String, allow: bool| {
        let key = (role.clone(), permission.clone());
        pending.update(|p| p.push(key.clone()));
        leptos::task::spawn_local(async move {
            let call = SetPermission {
                role: role.clone(),
                permission: permission.clone(),
                allow,
            };
            match api.call(&call).await {
                Ok(_) => {
                    matrix.update(|m| {
                        if let Some(m) = m {
                            m.set(&role, &permission, allow);
                        }
                    });
                    let verb = if allow { "may now" } else { "may no longer" };
                    toasts.success(format!("{role} {verb} {permission}."));
                }
                Err(e) => {
                    // The checkbox shows the matrix, which did not change.
                    matrix.update(|_| {});
                    toasts.error(&e);
                }
            }
            pending.update(|p| p.retain(|k| *k != key));
        });
    };
    // One check for the whole grid (not an effect per cell): hundreds of checkboxes.
    let may_set = crate::permissions::may("set_permission");
    let grid = move || {
        let Some(m) = matrix.get() else {
            return view! { <Loading what="permissions"/> }.into_any();
        };
        let needle = search.get().to_lowercase();
        let rows: Vec<String> = m
            .permissions
            .iter()
            .filter(|p| needle.is_empty() || p.to_lowercase().contains(&needle))
            .cloned()
            .collect();
        if rows.is_empty() {
            return view! { <p class="empty">"No permission matches."</p> }.into_any();
        }
        let roles = m.roles.clone();
        view! {
            <div class="table-scroll">
                <table class="list permission-matrix">
                    <thead><tr>
                        <th>"Permission"</th>
                        {roles.iter().map(|r| view! { <th class="role">{r.clone()}</th> }).collect_view()}
                    </tr></thead>
                    <tbody>{rows.into_iter().map(|p| {
                        let cells = roles.iter().map(|r| {
                            let held = m.holds(r, &p);
                            let (role, perm) = (r.clone(), p.clone());
                            let key = (r.clone(), p.clone());
                            let label = format!("{r}: {p}");
                            view! {
                                <td class="cell">
                                    <input type="checkbox" aria-label=label prop:checked=held
                                        disabled=move || !may_set.get() || pending.with(|x| x.contains(&key))
                                        on:change=move |ev| toggle(role.clone(), perm.clone(), event_target_checked(&ev))/>
                                </td>
                            }
                        }).collect_view();
                        view! { <tr><th scope="row" class="mono">{p}</th>{cells}</tr> }
                    }).collect_view()}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <div class="page-head">
            <h1>"Permissions"</h1>
            <span class="spacer"></span>
            <A href="/users">"Users"</A>" · "<A href="/user-groups">"User groups"</A>" · "<A href="/tenants">"Tenants"</A>
        </div>
        <p class="muted">"Which role may do what. Changes apply at once, to every user with the role, in every tenant."</p>
        {move || (!may_set.get()).then(|| view! { <p class="muted" role="note">{crate::permissions::needs("set_permission")}" The matrix is shown read-only."</p> })}
        <div class="toolbar">
            <input type="search" class="search" aria-label="Find a permission" placeholder="Find a permission (deployment_, execution_…)"
                prop:value=move || search.get() on:input=move |ev| search.set(event_target_value(&ev))/>
        </div>
        {move || partial.get().map(|(got, total)| view! {
            <p class="muted" role="status">{format!("The manager holds {total} permission entries; the first {got} are shown.")}</p>
        })}
        {move || match data.get() {
            Some(Err(e)) => view! { <ErrorView error=e on_retry=move |_| data.refetch()/> }.into_any(),
            _ => grid(),
        }}
    }
    .into_any()
}
