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

/// A page the browser fetches the first time the operator opens it: `area!(name, Page)` in a
/// route's `view=`. Routes naming the same `name` share one part (one fetch). Built with the
/// `split` feature (the Trunk builds), the page is a `wasm_split` split point and the
/// `baton-split` hook cuts it, with the code only it uses, out of the first load; without it
/// (browser tests, clippy) the page is compiled in and opens at once. What loads first is the
/// shell, the sign-in page and the deployments list: plain `view=Page` routes. See
/// docs/weight.md, "How to add an area".
macro_rules! area {
    ($name:ident, $page:path) => {{
        // `fallible`: a part that cannot be downloaded is an error on the page, not a panic
        // (which would abort the whole module and blank the console).
        // `preload`: the same part fetched without opening the page (see `preload_area`).
        #[cfg_attr(
            feature = "split",
            ::leptos::wasm_split::wasm_split($name, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_part))
        )]
        fn $name() -> ::core::result::Result<::leptos::prelude::AnyView, $crate::app::PartNotLoaded> {
            ::core::result::Result::Ok(::leptos::prelude::IntoAny::into_any($page()))
        }
        $crate::app::register_preload(stringify!($name), || -> $crate::app::PreloadFuture {
            ::std::boxed::Box::pin(async {
                #[cfg(feature = "split")]
                let _ = preload_part().await;
            })
        });
        $crate::app::Area(|| -> $crate::app::PageFuture {
            ::std::boxed::Box::pin(async {
                #[cfg(feature = "split")]
                let page = $name().await;
                #[cfg(not(feature = "split"))]
                let page = $name();
                page.unwrap_or_else(|e| e.view())
            })
        })
    }};
}

/// An area's part being fetched ahead of its opening.
pub type PreloadFuture = std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>;

/// Each area's preload, by area name, as the routes declared them; and the areas already
/// asked for (a part is fetched once).
struct Preloads(Vec<(&'static str, Preload)>, Vec<&'static str>);

type Preload = fn() -> PreloadFuture;

thread_local! {
    static PRELOADS: std::cell::RefCell<Preloads> =
        const { std::cell::RefCell::new(Preloads(Vec::new(), Vec::new())) };
}

/// Called by `area!` as the routes are built.
pub fn register_preload(area: &'static str, preload: Preload) {
    PRELOADS.with(|p| {
        let mut p = p.borrow_mut();
        if !p.0.iter().any(|(a, _)| *a == area) {
            p.0.push((area, preload));
        }
    });
}

/// Starts fetching the part of the area that serves `path`, so that opening it does not wait
/// for the download: on pointing at a link of the navigation, and on the sign-in page for
/// where the operator is going. Nothing in builds without parts.
pub fn preload_path(path: &str) {
    let Some(area) = area_of(path) else { return };
    let start = PRELOADS.with(|p| {
        let mut p = p.borrow_mut();
        if p.1.contains(&area) {
            return None;
        }
        let f = p.0.iter().find(|(a, _)| *a == area).map(|(_, f)| *f)?;
        p.1.push(area);
        Some(f)
    });
    if let Some(f) = start {
        leptos::task::spawn_local(f());
    }
}

/// The area whose part serves `path` (the routes below, by their first segment).
fn area_of(path: &str) -> Option<&'static str> {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let mut segments = path.trim_start_matches('/').split('/');
    let first = segments.next().unwrap_or_default();
    let second = segments.next();
    Some(match (first, second) {
        ("", _) => "home",
        ("deployments", None) => "deployments",
        ("deployments", Some("new")) => "deployment_create",
        ("deployments", Some(_)) => "deployment",
        ("execution-groups" | "deployment-groups", _) => "groups",
        ("users" | "tenants" | "user-groups" | "permissions", _) => "access",
        ("blueprints", _) => "blueprints",
        ("executions", _) => "executions",
        ("events", _) => "events",
        ("schedules", _) => "schedules",
        ("filters", _) => "filters",
        ("secrets", _) => "secrets",
        ("plugins", _) => "plugins",
        ("snapshots", _) => "snapshots",
        ("sites", _) => "sites",
        ("agents", _) => "agents",
        ("system" | "metrics", _) => "system",
        ("tokens", _) => "tokens",
        ("clusters", _) => "clusters",
        ("imply", _) => "imply",
        ("lyve", _) => "lyve",
        ("sailpoint", _) => "sailpoint",
        ("cdm", _) => "cdm",
        _ => return None,
    })
}

/// What an `area!` route's page becomes while its part loads.
pub type PageFuture = std::pin::Pin<Box<dyn std::future::Future<Output = AnyView>>>;

/// A route's view that is loaded before it is shown (see `area!`). One type for every area,
/// so the router does not grow a copy of its matching code per lazily loaded page.
#[derive(Clone, Copy)]
pub struct Area(pub fn() -> PageFuture);

thread_local! {
    /// How many areas' parts are being fetched: the shell shows a bar meanwhile (the router
    /// keeps the previous page on screen until the part is here).
    // Reference-counted, not owned by whichever page first touched it.
    static PARTS_LOADING: ArcRwSignal<u32> = ArcRwSignal::new(0);
}

impl leptos_router::ChooseView for Area {
    async fn choose(self) -> AnyView {
        let loading = PARTS_LOADING.with(Clone::clone);
        loading.update(|n| *n += 1);
        let page = (self.0)().await;
        loading.update(|n| *n = n.saturating_sub(1));
        page
    }

    async fn preload(&self) {}
}

/// An area's part could not be downloaded (the network, or a build replaced on the server).
#[derive(Debug)]
pub struct PartNotLoaded;

impl From<leptos::wasm_split::SplitLoaderError> for PartNotLoaded {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        PartNotLoaded
    }
}

impl PartNotLoaded {
    /// The page says so and offers a reload (a failed part is fetched afresh).
    fn view(self) -> AnyView {
        let error = baton_core::ApiError::network(
            "This part of the console could not be downloaded. Check the connection, then retry.",
        );
        let reload = Callback::new(|_| {
            let _ = window().location().reload();
        });
        view! { <crate::components::ErrorView error=error on_retry=reload/> }.into_any()
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_context(Api::new());
    provide_context(crate::components::toast::Toasts::new());
    crate::components::theme::apply_saved();
    crate::components::clock::Clock::provide();
    crate::permissions::provide();
    view! {
        <Router>
            <Routes fallback=|| view! { <main class="page"><h1>"Not found"</h1><p>"This page does not exist. "<a href="/deployments">"Go to deployments"</a></p></main> }>
                <Route path=path!("/login") view=LoginPage/>
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("") view=area!(home, crate::pages::home::HomePage)/>
                    <Route path=path!("system") view=area!(system, crate::pages::system::SystemPage)/>
                    <Route path=path!("metrics") view=area!(system, crate::pages::system::metrics::MetricsPage)/>
                    <Route path=path!("secrets") view=area!(secrets, crate::pages::secrets::SecretsPage)/>
                    <Route path=path!("secrets/providers") view=area!(secrets, crate::pages::secrets::SecretsProvidersPage)/>
                    <Route path=path!("plugins") view=area!(plugins, crate::pages::plugins::PluginsPage)/>
                    <Route path=path!("plugins/updates") view=area!(plugins, crate::pages::plugins::PluginUpdatesPage)/>
                    <Route path=path!("plugins/:id") view=area!(plugins, crate::pages::plugins::PluginPage)/>
                    <Route path=path!("snapshots") view=area!(snapshots, crate::pages::snapshots::SnapshotsPage)/>
                    <Route path=path!("sites") view=area!(sites, crate::pages::sites::SitesPage)/>
                    <Route path=path!("agents") view=area!(agents, crate::pages::agents::AgentsPage)/>
                    <Route path=path!("users") view=area!(access, crate::pages::access::UsersPage)/>
                    <Route path=path!("users/:id") view=area!(access, crate::pages::access::UserPage)/>
                    <Route path=path!("tenants") view=area!(access, crate::pages::access::TenantsPage)/>
                    <Route path=path!("tenants/:id") view=area!(access, crate::pages::access::TenantPage)/>
                    <Route path=path!("user-groups") view=area!(access, crate::pages::access::UserGroupsPage)/>
                    <Route path=path!("user-groups/:id") view=area!(access, crate::pages::access::UserGroupPage)/>
                    <Route path=path!("permissions") view=area!(access, crate::pages::access::PermissionsPage)/>
                    <Route path=path!("deployments") view=area!(deployments, DeploymentsPage)/>
                    <Route path=path!("deployments/new") view=area!(deployment_create, CreateDeploymentPage)/>
                    <Route path=path!("deployments/:id") view=area!(deployment, DeploymentPage)/>
                    <Route path=path!("blueprints") view=area!(blueprints, BlueprintsPage)/>
                    <Route path=path!("blueprints/:id") view=area!(blueprints, BlueprintPage)/>
                    <Route path=path!("tokens") view=area!(tokens, TokensPage)/>
                    <Route path=path!("executions") view=area!(executions, ExecutionsPage)/>
                    <Route path=path!("executions/:id") view=area!(executions, ExecutionPage)/>
                    <Route path=path!("events") view=area!(events, EventsPage)/>
                    <Route path=path!("schedules") view=area!(schedules, SchedulesPage)/>
                    <Route path=path!("schedules/new") view=area!(schedules, ScheduleNewPage)/>
                    <Route path=path!("schedules/calendar") view=area!(schedules, SchedulesCalendarPage)/>
                    <Route path=path!("schedules/:deployment/:id/edit") view=area!(schedules, ScheduleEditPage)/>
                    <Route path=path!("execution-groups") view=area!(groups, crate::pages::groups::ExecutionGroupsPage)/>
                    <Route path=path!("execution-groups/:id") view=area!(groups, crate::pages::groups::ExecutionGroupPage)/>
                    <Route path=path!("deployment-groups") view=area!(groups, crate::pages::groups::DeploymentGroupsPage)/>
                    <Route path=path!("deployment-groups/:id") view=area!(groups, crate::pages::groups::DeploymentGroupPage)/>
                    <Route path=path!("filters") view=|| view! { <Redirect path="/filters/deployments"/> }/>
                    <Route path=path!("filters/:resource") view=area!(filters, crate::pages::filters::SavedFiltersPage)/>
                    <Route path=path!("clusters") view=area!(clusters, ClustersPage)/>
                    <Route path=path!("imply/:conn") view=area!(imply, crate::pages::imply::ImplyClustersPage)/>
                    <Route path=path!("imply/:conn/clusters/:id") view=area!(imply, crate::pages::imply::ImplyClusterPage)/>
                    <Route path=path!("imply/:conn/new") view=area!(imply, crate::pages::imply::ImplyNewClusterPage)/>
                    <Route path=path!("lyve/:conn") view=area!(lyve, crate::pages::lyve::LyvePage)/>
                    <Route path=path!("lyve/:conn/:tab") view=area!(lyve, crate::pages::lyve::LyvePage)/>
                    <Route path=path!("sailpoint/:conn") view=area!(sailpoint, crate::pages::sailpoint::SailPointClustersPage)/>
                    <Route path=path!("sailpoint/:conn/clusters/:id") view=area!(sailpoint, crate::pages::sailpoint::SailPointClusterPage)/>
                    <Route path=path!("cdm/:conn") view=area!(cdm, crate::pages::cdm::CdmClustersPage)/>
                    <Route path=path!("cdm/:conn/clusters/:id") view=area!(cdm, crate::pages::cdm::CdmClusterPage)/>
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
    provide_context(crate::components::palette::SignOut(Callback::new(
        move |_| {
            if pasted() {
                asking.set(true);
            } else {
                leave(false);
            }
        },
    )));
    let maintenance = crate::components::maintenance::MaintenanceWatch::provide();
    let preload_link = |target: Option<web_sys::EventTarget>| {
        use wasm_bindgen::JsCast;
        let link = target
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten());
        if let Some(href) = link.and_then(|a| a.get_attribute("href")) {
            preload_path(&href);
        }
    };
    // Pointing at (or tabbing to) any link of the console starts fetching its area: by the
    // click, most of it is here. One listener for the page, not one per link.
    let over = window_event_listener(leptos::ev::mouseover, move |ev| preload_link(ev.target()));
    let focus = window_event_listener(leptos::ev::focusin, move |ev| preload_link(ev.target()));
    on_cleanup(move || {
        over.remove();
        focus.remove();
    });
    let tenants = move || {
        api.signed_in
            .with(|s| s.as_ref().map(|s| (s.tenant.clone(), s.tenants.clone())))
    };
    view! {
        <Show when=move || api.signed_in.with(Option::is_some)>
            <header class="shell">
                <A href="/" attr:class="brand" attr:title="Home: what needs attention">"Baton"</A>
                <nav class="main-nav">
                    <A href="/" exact=true>"Home"</A>
                    <A href="/deployments">"Deployments"</A>
                    <A href="/blueprints">"Blueprints"</A>
                    <A href="/executions">"Executions"</A>
                    <A href="/execution-groups">"Groups"</A>
                    <A href="/filters">"Filters"</A>
                    <A href="/events">"Events"</A>
                    <A href="/schedules">"Schedules"</A>
                    <A href="/secrets">"Secrets"</A>
                    <A href="/plugins">"Plugins"</A>
                    <A href="/clusters">"Clusters"</A>
                    <A href="/users">"Users"</A>
                    <A href="/system">"System"</A>
                </nav>
                <span class="spacer"></span>
                <crate::components::keyboard::LazyKeyboard/>
                <crate::components::theme::ThemeSwitch/>
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
            <crate::components::maintenance::MaintenanceBanner watch=maintenance/>
            {move || (PARTS_LOADING.with(ArcRwSignal::get) > 0).then(|| view! {
                <div class="part-loading" role="progressbar" aria-label="Opening this page"><span></span></div>
            })}
            <main class="page"><Outlet/></main>
        </Show>
    }
}
