//! The page of one resource: a breadcrumb back to its list, then loading, the error with a
//! retry, or the resource itself. Reloads when the id or the tenant changes.

use baton_core::Endpoint;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::use_api;
use crate::components::{ErrorView, Loading};

/// Reloads the resource of the detail page it is given in (after an action changed it).
#[derive(Clone, Copy)]
pub struct Reload(pub Callback<()>);

/// What a detail page shows and how it asks for it.
pub struct DetailSpec<T, E> {
    /// The list this resource belongs to (`/deployments`) and its title.
    pub list_path: &'static str,
    pub list_title: &'static str,
    /// The resource in words, for the loading state ("deployment").
    pub noun: &'static str,
    /// The call for the id in the URL.
    pub endpoint: fn(String) -> E,
    pub render: fn(T) -> AnyView,
}

#[component]
pub fn ResourceDetail<T, E>(spec: DetailSpec<T, E>) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    E: Endpoint<Output = T> + 'static,
{
    let DetailSpec {
        list_path,
        list_title,
        noun,
        endpoint,
        render,
    } = spec;
    let api = use_api();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    // What the page shows: asked for again only when it changes. The route's parameters are
    // recomputed on every navigation (leaving the page included), which alone re-sent the GET.
    let shown = Memo::new(move |_| {
        let tenant = api.signed_in.with(|s| s.as_ref().map(|s| s.tenant.clone()));
        (id(), tenant)
    });
    let data = LocalResource::new(move || {
        let call = endpoint(shown.get().0);
        async move { api.call(&call).await }
    });
    provide_context(Reload(Callback::new(move |_| data.refetch())));
    view! {
        <p class="crumbs">
            <A href=list_path>{list_title}</A>" / "<span class="mono">{id}</span>
            {move || crate::components::copy_id(id())}
        </p>
        {move || match data.get() {
            None => view! { <Loading what=noun.to_string()/> }.into_any(),
            Some(Err(e)) => view! { <ErrorView error=e on_retry=move |_| data.refetch()/> }.into_any(),
            Some(Ok(item)) => render(item),
        }}
    }
}

/// A fact row of a details list.
pub fn fact(label: &'static str, value: String) -> impl IntoView {
    view! { <dt>{label}</dt><dd>{value}</dd> }
}

/// Optional text, or a dash.
pub fn text(v: &Option<String>) -> String {
    v.clone()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "—".into())
}
