//! `/events`: every event and log of the tenant in the log view, filtered from the URL.

use leptos::prelude::*;

use crate::components::log_view::LogView;

#[component]
pub fn EventsPage() -> impl IntoView {
    view! {
        <h1>"Events and logs"</h1>
        <LogView rows=26/>
    }
    .into_any()
}
