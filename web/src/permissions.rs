//! Permission-aware actions: the console reads which permissions the signed-in user's roles
//! hold in the tenant they work in (`/permissions`, once per sign-in or tenant switch) and
//! offers an action the roles lack as disabled, saying which permission it needs, instead of
//! offering it and relaying the manager's refusal.
//!
//! While the permissions are not known (loading, or the manager refused to list them) every
//! action is offered: the manager still decides.

use baton_core::conductor::permissions::{Allowed, ListPermissions};
use baton_core::ListQuery;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::use_api;

#[derive(Clone, Copy)]
pub struct Permissions(RwSignal<Option<Allowed>>);

/// Loads the signed-in user's permissions whenever the session or its tenant changes. Called
/// once by the app.
pub fn provide() {
    let api = use_api();
    let allowed = RwSignal::new(None::<Allowed>);
    provide_context(Permissions(allowed));
    Effect::new(move |_| {
        let roles = api.signed_in.with(|s| {
            s.as_ref().map(|s| {
                let mut roles = vec![s.role.clone()];
                roles.extend(s.tenant_roles.get(&s.tenant).cloned().unwrap_or_default());
                (roles, s.tenant_roles.is_empty())
            })
        });
        allowed.set(None);
        // Unknown roles (a session stored by an older console): nothing is held back.
        let Some((roles, false)) = roles else { return };
        leptos::task::spawn_local(async move {
            let call = ListPermissions {
                role: None,
                query: ListQuery::new().page(1000, 0),
            };
            if let Ok(page) = api.call(&call).await {
                allowed.try_set(Some(Allowed::new(&page.items, &roles)));
            }
        });
    });
}

/// Whether the user may do what `permission` names (true while unknown).
pub fn may(permission: &'static str) -> Signal<bool> {
    let p = use_context::<Permissions>();
    Signal::derive(move || {
        p.is_none_or(|Permissions(a)| a.with(|a| a.as_ref().is_none_or(|a| a.allows(permission))))
    })
}

/// What a disabled action says on hover.
pub fn needs(permission: &'static str) -> String {
    format!("Your roles in this tenant lack the permission `{permission}`.")
}

/// A link styled as a button that leads to an action: shown disabled, saying why, when the
/// user's roles lack `permission`.
#[component]
pub fn ActionLink(
    #[prop(into)] href: String,
    class: &'static str,
    permission: &'static str,
    label: &'static str,
) -> impl IntoView {
    let allowed = may(permission);
    move || {
        if allowed.get() {
            view! { <A href=href.clone() attr:class=class>{label}</A> }.into_any()
        } else {
            view! {
                <span class=format!("{class} disabled") role="link" aria-disabled="true" title=needs(permission)>{label}</span>
            }
            .into_any()
        }
    }
}
