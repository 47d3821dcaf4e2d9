//! Lyve Cloud account of one connection, in three tabs (the tab is the path's last segment):
//! permissions, service accounts, usage. `/lyve/<conn>` shows the permissions.

mod permissions;
mod service_accounts;
mod usage;

use baton_core::cloud::ProviderKind;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::connections::{from_route, missing, path};

const TABS: [(&str, &str); 3] = [
    ("permissions", "Permissions"),
    ("service-accounts", "Service accounts"),
    ("usage", "Usage"),
];

#[component]
pub fn LyvePage() -> impl IntoView {
    let conn = match from_route(ProviderKind::Lyve) {
        Ok(c) => c,
        Err(reason) => return missing(reason),
    };
    let params = use_params_map();
    let tab =
        Memo::new(move |_| params.with(|p| p.get("tab").unwrap_or_else(|| "permissions".into())));
    // Every tab reloads what it shows when this changes.
    let refresh = RwSignal::new(0u32);
    let links = TABS
        .iter()
        .map(|(slug, words)| {
            let href = path(&conn, &[slug]);
            let current = move || (tab.get() == *slug).then_some("page");
            view! { <a class="lyve-tab" href=href aria-current=current>{*words}</a> }
        })
        .collect_view();
    let shown = conn.clone();
    view! {
        {crate::components::cloud_page::provider_head(&conn, None, conn.name.clone(), Some(Callback::new(move |_| refresh.update(|n| *n += 1))))}
        <nav class="lyve-tabs" aria-label="Lyve Cloud">{links}</nav>
        {move || {
            let conn = shown.clone();
            match tab.get().as_str() {
                "permissions" => permissions::tab(conn, refresh),
                "service-accounts" => service_accounts::tab(conn, refresh),
                "usage" => usage::tab(conn, refresh),
                other => view! {
                    <p class="error" role="alert">{format!("No tab “{other}” here: pick one above.")}</p>
                }
                .into_any(),
            }
        }}
    }
    .into_any()
}

/// Ready or not yet, in words (a `readyState` of false blocks changes with a 409).
fn ready_badge(ready: Option<bool>) -> AnyView {
    match ready {
        Some(true) => view! { <span class="badge ok">"Ready"</span> }.into_any(),
        Some(false) => view! { <span class="badge busy" title="Still being set up in some regions; changes are refused until then">"Not ready yet"</span> }.into_any(),
        None => view! { <span class="muted">"—"</span> }.into_any(),
    }
}
