//! Delete a deployment through the shared confirm dialog: the manager's three options, what
//! else goes with it (children), the exact request, and the id typed before it arms.

use baton_core::conductor::deployments::DeleteDeployment;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use super::close_href;
use crate::api::use_api;
use crate::components::confirm::ConfirmDialog;
use crate::components::show_request::{curl_of, ShowRequest};
use crate::components::toast::use_toasts;

#[component]
pub fn DeletePanel(deployment_id: String, children: u64) -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let open = RwSignal::new(true);
    let force = RwSignal::new(false);
    let delete_logs = RwSignal::new(false);
    let recursive = RwSignal::new(false);
    let id = StoredValue::new(deployment_id.clone());
    let call = move || DeleteDeployment {
        id: id.get_value(),
        force: force.get(),
        delete_logs: delete_logs.get(),
        recursive: recursive.get(),
    };
    let curl = Signal::derive(move || curl_of(&api, &call()));
    let cfy = Signal::derive(move || {
        let mut c = format!("cfy deployments delete {}", id.get_value());
        for (on, flag) in [
            (force.get(), " --force"),
            (delete_logs.get(), " --with-logs"),
            (recursive.get(), " --recursive"),
        ] {
            if on {
                c.push_str(flag);
            }
        }
        c
    });
    // Set when the operator confirms: the dialog then closes without leaving the panel.
    let confirmed = RwSignal::new(false);
    let on_confirm = move |_| {
        confirmed.set(true);
        let call = call();
        let navigate = navigate.clone();
        spawn_local(async move {
            match api.call(&call).await {
                Ok(()) => {
                    toasts.success(format!("Deployment {} deleted", call.id));
                    navigate("/deployments", Default::default());
                }
                Err(e) => {
                    toasts.error(&e);
                    confirmed.set(false);
                    open.set(true);
                }
            }
        });
    };
    let check = move |s: RwSignal<bool>, name: &'static str, words: &'static str| {
        view! { <label><input type="checkbox" name=name prop:checked=move || s.get() on:change=move |ev| s.set(event_target_checked(&ev))/>" " {words}</label> }
    };
    let title = format!("Delete deployment {deployment_id}?");
    // Cancel or Esc closes the panel in the URL too.
    let cancel_to = close_href(&deployment_id);
    let leave = use_navigate();
    Effect::new(move |prev: Option<bool>| {
        let now = open.get();
        if prev == Some(true) && !now && !confirmed.get_untracked() {
            leave(&cancel_to, Default::default());
        }
        now
    });
    view! {
        <ConfirmDialog open title=title confirm_label="Delete deployment".to_string()
            type_to_confirm=Some(deployment_id.clone()) on_confirm=on_confirm>
            <p>"This removes the deployment, its node instances and its executions. It cannot be undone."</p>
            {(children > 0).then(|| view! {
                <p class="warning" role="note">
                    {format!("It has {children} child deployment(s) (environments and services). Without “recursive” the manager refuses while they exist.")}
                </p>
            })}
            <div class="checks delete-options">
                {check(force, "force", "Force (even with live node instances or dependants)")}
                {check(delete_logs, "delete_logs", "Also delete its logs")}
                {check(recursive, "recursive", "Recursive: also delete its child deployments")}
            </div>
            <ShowRequest curl cfy/>
        </ConfirmDialog>
    }
}
