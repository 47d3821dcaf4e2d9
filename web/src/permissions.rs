//! Permission-aware actions: the console reads which permissions the signed-in user's roles
//! hold in the tenant they work in (`/permissions`, once per sign-in or tenant switch) and
//! offers an action the roles lack as disabled, saying which permission it needs, instead of
//! offering it and relaying the manager's refusal.
//!
//! While the permissions are not known (loading, or the manager refused to list them) every
//! action is offered: the manager still decides.
//!
//! A button is guarded with the `guard` directive: `<button use:guard="execution_cancel">`;
//! a link that leads to an action form is an [`ActionLink`].

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
    block_refused_clicks();
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

/// Marks a refused element; also what [`block_refused_clicks`] looks for.
const REFUSED: &str = "data-refused";

/// The directive behind `use:guard="permission"`: while the user's roles lack `permission`
/// the element is disabled, and its tooltip names the permission.
pub fn guard(el: web_sys::Element, permission: &'static str) {
    let allowed = may(permission);
    // The element's own tooltip, put back when the permission is granted again.
    let own_title = el.get_attribute("title");
    Effect::new(move |was: Option<bool>| {
        let ok = allowed.get();
        if !ok {
            let _ = el.set_attribute("disabled", "");
            let _ = el.set_attribute("aria-disabled", "true");
            let _ = el.set_attribute(REFUSED, permission);
            let _ = el.set_attribute("title", &needs(permission));
        } else if was == Some(false) {
            for a in ["disabled", "aria-disabled", REFUSED, "title"] {
                let _ = el.remove_attribute(a);
            }
            if let Some(t) = &own_title {
                let _ = el.set_attribute("title", t);
            }
        }
        ok
    });
}

/// A guarded button whose own `disabled` binding re-enables it (it went busy and back) must
/// still not act: clicks on refused elements stop here, before the page's handlers.
fn block_refused_clicks() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(install_blocker);
}

fn install_blocker() {
    use wasm_bindgen::{closure::Closure, JsCast};
    let stop = Closure::<dyn Fn(web_sys::Event)>::new(|ev: web_sys::Event| {
        let refused = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("[data-refused]").ok().flatten());
        if refused.is_some() {
            ev.prevent_default();
            ev.stop_immediate_propagation();
        }
    });
    let _ = window().add_event_listener_with_callback_and_bool(
        "click",
        stop.as_ref().unchecked_ref(),
        true,
    );
    // Installed once for the page's life.
    stop.forget();
}

/// A link styled as a button that leads to an action: shown disabled, saying why, when the
/// user's roles lack `permission`.
#[component]
pub fn ActionLink(
    #[prop(into)] href: Signal<String>,
    class: &'static str,
    permission: &'static str,
    label: &'static str,
) -> impl IntoView {
    let allowed = may(permission);
    move || {
        if allowed.get() {
            view! { <A href=move || href.get() attr:class=class>{label}</A> }.into_any()
        } else {
            view! {
                <span class=format!("{class} disabled") role="link" aria-disabled="true" title=needs(permission)>{label}</span>
            }
            .into_any()
        }
    }
}
