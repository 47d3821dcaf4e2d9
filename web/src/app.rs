//! The router and the shell: navigation, tenant switcher, signed-in user, sign out.

use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Redirect, Route, Router, Routes, A};
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::path;

use crate::api::{use_api, Api};
use crate::pages::blueprints::{BlueprintPage, BlueprintsPage};
use crate::pages::clusters::ClustersPage;
use crate::pages::deployments::{CreateDeploymentPage, DeploymentPage, DeploymentsPage};
use crate::pages::events::EventsPage;
use crate::pages::executions::{ExecutionPage, ExecutionsPage};
use crate::pages::login::LoginPage;
use crate::pages::schedules::{
    ScheduleEditPage, ScheduleNewPage, SchedulesCalendarPage, SchedulesPage,
};
use crate::pages::tokens::TokensPage;

#[component]
pub fn App() -> impl IntoView {
    provide_context(Api::new());
    provide_context(crate::components::toast::Toasts::new());
    view! {
        <Router>
            <Routes fallback=|| view! { <main class="page"><h1>"Not found"</h1><p>"This page does not exist. "<a href="/deployments">"Go to deployments"</a></p></main> }>
                <Route path=path!("/login") view=LoginPage/>
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("") view=|| view! { <Redirect path="/deployments"/> }/>
                    <Route path=path!("deployments") view=DeploymentsPage/>
                    <Route path=path!("deployments/new") view=CreateDeploymentPage/>
                    <Route path=path!("deployments/:id") view=DeploymentPage/>
                    <Route path=path!("blueprints") view=BlueprintsPage/>
                    <Route path=path!("blueprints/:id") view=BlueprintPage/>
                    <Route path=path!("tokens") view=TokensPage/>
                    <Route path=path!("executions") view=ExecutionsPage/>
                    <Route path=path!("executions/:id") view=ExecutionPage/>
                    <Route path=path!("events") view=EventsPage/>
                    <Route path=path!("clusters") view=ClustersPage/>
                    <Route path=path!("schedules") view=SchedulesPage/>
                    <Route path=path!("schedules/new") view=ScheduleNewPage/>
                    <Route path=path!("schedules/calendar") view=SchedulesCalendarPage/>
                    <Route path=path!("schedules/:deployment/:id/edit") view=ScheduleEditPage/>
                </ParentRoute>
            </Routes>
        </Router>
        <crate::components::toast::ToastHost/>
    }
}

/// The frame around every signed-in page. Without a session it sends the operator to sign
/// in, remembering where they were.
#[component]
fn Shell() -> impl IntoView {
    let api = use_api();
    let location = use_location();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if api.signed_in.with(Option::is_none) {
            // Leptos gives the query without its `?`.
            let search = location.search.get_untracked();
            let search = search.trim_start_matches('?');
            let path = location.pathname.get_untracked();
            let here = if search.is_empty() {
                path
            } else {
                format!("{path}?{search}")
            };
            let next = baton_core::Query::new().with("next", here).encode();
            navigate(&format!("/login?{next}"), Default::default());
        }
    });
    // A token the console created is revoked on sign-out; a pasted one is the operator's, so
    // they are asked first.
    let asking = RwSignal::new(false);
    let pasted = move || {
        api.signed_in
            .with(|s| s.as_ref().is_some_and(|s| s.created_token_id.is_none()))
    };
    let leave = move |revoke_pasted: bool| {
        asking.set(false);
        leptos::task::spawn_local(async move {
            if let Err(e) = api.sign_out_revoking(revoke_pasted).await {
                api.notice.set(Some(format!(
                    "Signed out, but the token could not be revoked: {} ({}).",
                    e.message, e.code
                )));
            }
        });
    };
    let sign_out = move |_| {
        if pasted() {
            asking.update(|a| *a = !*a);
        } else {
            leave(false);
        }
    };
    let tenants = move || {
        api.signed_in
            .with(|s| s.as_ref().map(|s| (s.tenant.clone(), s.tenants.clone())))
    };
    view! {
        <Show when=move || api.signed_in.with(Option::is_some)>
            <header class="shell">
                <A href="/deployments" attr:class="brand">"Baton"</A>
                <nav class="main-nav">
                    <A href="/deployments">"Deployments"</A>
                    <A href="/blueprints">"Blueprints"</A>
                    <A href="/executions">"Executions"</A>
                    <A href="/events">"Events"</A>
                    <A href="/schedules">"Schedules"</A>
                    <A href="/clusters">"Clusters"</A>
                </nav>
                <span class="spacer"></span>
                <label class="tenant">
                    "Tenant "
                    <select aria-label="Tenant" on:change=move |ev| api.switch_tenant(event_target_value(&ev))>
                        {move || tenants().map(|(current, all)| all.into_iter().map(|t| {
                            let selected = t == current;
                            let value = t.clone();
                            view! { <option value=value selected=selected>{t}</option> }
                        }).collect_view())}
                    </select>
                </label>
                <span class="user">
                    <A href="/tokens" attr:title="Your API tokens">
                        {move || api.signed_in.with(|s| s.as_ref().map(|s| format!("{} ({})", s.username, s.role)))}
                    </A>
                    <span class="target muted">{move || api.signed_in.with(|s| s.as_ref().map(|s| s.target.describe()))}</span>
                </span>
                <span class="sign-out">
                    <button class="button" aria-expanded=move || asking.get().to_string() on:click=sign_out>"Sign out"</button>
                    <Show when=move || asking.get()>
                        <div class="popover" role="dialog" aria-label="Sign out">
                            <p>"You signed in with a token you pasted. Revoke it on the manager too? Nothing can use it afterwards."</p>
                            <button class="button danger" on:click=move |_| leave(true)>"Revoke it and sign out"</button>
                            <button class="button" on:click=move |_| leave(false)>"Keep it and sign out"</button>
                            <button class="button" on:click=move |_| asking.set(false)>"Cancel"</button>
                        </div>
                    </Show>
                </span>
            </header>
            <main class="page"><Outlet/></main>
        </Show>
    }
}
