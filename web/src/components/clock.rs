//! Relative times ("3 min ago") with the exact UTC time on hover, the same everywhere. One
//! clock ticks for the whole console, so a tab left open all day keeps its "ago"s true
//! without each cell owning a timer.

use baton_core::Timestamp;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Clock(RwSignal<chrono::NaiveDateTime>);

impl Clock {
    /// Starts the console's clock (once, in the app root).
    pub fn provide() {
        let now = RwSignal::new(crate::api::now());
        let handle = set_interval_with_handle(
            move || now.set(crate::api::now()),
            std::time::Duration::from_secs(20),
        );
        if let Ok(h) = handle {
            on_cleanup(move || h.clear());
        }
        provide_context(Clock(now));
    }
}

/// `<time>` with "3 min ago" and the exact UTC time as its tooltip; "—" without a time.
#[component]
pub fn When(t: Option<Timestamp>) -> impl IntoView {
    let Some(t) = t else {
        return view! { <span class="muted">"—"</span> }.into_any();
    };
    let clock = use_context::<Clock>();
    let text = move || match clock {
        Some(Clock(now)) => t.ago(now.get()),
        None => t.short(),
    };
    view! { <time class="nowrap" datetime=t.to_wire() title=t.exact()>{text}</time> }.into_any()
}
