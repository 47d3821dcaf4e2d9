//! Delete a deployment: the manager's three options, what else goes with it (children), and
//! the id typed by the operator before the button arms.

use baton_core::conductor::deployments::DeleteDeployment;
use baton_core::ApiError;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use super::close_href;
use crate::api::use_api;
use crate::components::ErrorView;

#[component]
pub fn DeletePanel(deployment_id: String, children: u64) -> impl IntoView {
    let api = use_api();
    let navigate = use_navigate();
    let typed = RwSignal::new(String::new());
    let force = RwSignal::new(false);
    let delete_logs = RwSignal::new(false);
    let recursive = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let id = StoredValue::new(deployment_id.clone());
    let armed = move || id.with_value(|i| typed.with(|t| t == i));
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !armed() || busy.get_untracked() {
            return;
        }
        let call = DeleteDeployment {
            id: id.get_value(),
            force: force.get_untracked(),
            delete_logs: delete_logs.get_untracked(),
            recursive: recursive.get_untracked(),
        };
        let navigate = navigate.clone();
        busy.set(true);
        failure.set(None);
        spawn_local(async move {
            match api.call(&call).await {
                Ok(()) => navigate("/deployments", Default::default()),
                Err(e) => failure.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let check = |s: RwSignal<bool>| move |ev| s.set(event_target_checked(&ev));
    let close = close_href(&deployment_id);
    view! {
        <section class="panel danger" role="dialog" aria-label="Delete the deployment">
            <h2>"Delete " <span class="mono">{deployment_id.clone()}</span></h2>
            <p>"This removes the deployment, its node instances and its executions. It cannot be undone."</p>
            {(children > 0).then(|| view! {
                <p class="warning" role="note">
                    {format!("It has {children} child deployment(s) (environments and services). Without “recursive” the manager refuses while they exist.")}
                </p>
            })}
            <form class="form" on:submit=confirm novalidate>
                <div class="checks">
                    <label><input type="checkbox" name="force" on:change=check(force)/>" Force (even with live node instances or dependants)"</label>
                    <label><input type="checkbox" name="delete_logs" on:change=check(delete_logs)/>" Also delete its logs"</label>
                    <label><input type="checkbox" name="recursive" on:change=check(recursive)/>" Recursive: also delete its child deployments"</label>
                </div>
                <label class="field"><span class="field-label">"Type the deployment id to confirm"</span>
                    <input name="confirm_id" autocomplete="off" spellcheck="false" prop:value=move || typed.get()
                        on:input=move |ev| typed.set(event_target_value(&ev))/>
                </label>
                {move || failure.get().map(|e| view! { <ErrorView error=e/> })}
                <div class="actions">
                    <button type="submit" class="button danger" disabled=move || !armed() || busy.get()>"Delete deployment"</button>
                    <a href=close class="button">"Cancel"</a>
                </div>
            </form>
        </section>
    }
}
