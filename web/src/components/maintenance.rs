//! Maintenance mode, watched for the whole console: the shell asks `/maintenance` (which the
//! manager answers even in maintenance) through the live scheduler, and while the mode is on
//! or coming, every page carries a banner saying so, with a link to the system page where it
//! is turned off. Pages read the same state ([`use_maintenance`]) instead of asking again.

use baton_core::conductor::manager::{GetMaintenance, Maintenance, MaintenanceStatus};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::use_api;
use crate::live::{self, Live};

/// What the console knows of maintenance mode, and how to ask again after changing it.
#[derive(Clone, Copy)]
pub struct MaintenanceWatch {
    pub state: RwSignal<Option<Maintenance>>,
    live: RwSignal<Option<Live>>,
}

impl MaintenanceWatch {
    /// Created by the shell, for every signed-in page.
    pub fn provide() -> Self {
        let watch = MaintenanceWatch {
            state: RwSignal::new(None),
            live: RwSignal::new(None),
        };
        provide_context(watch);
        watch
    }

    /// Asks the manager again now (after activating or deactivating).
    pub fn refresh(&self) {
        if let Some(l) = self.live.get_untracked() {
            l.refresh();
        }
    }
}

pub fn use_maintenance() -> Option<MaintenanceWatch> {
    use_context::<MaintenanceWatch>()
}

/// How often the shell asks; the official console asks every 10 s, a banner can wait longer
/// while the mode is off, and follows closely while it is changing.
const EVERY_MS: u32 = 20_000;

/// The banner; rendered inside the signed-in shell, which owns its polling.
#[component]
pub fn MaintenanceBanner(watch: MaintenanceWatch) -> impl IntoView {
    let api = use_api();
    let live = live::register(EVERY_MS, move || async move {
        let m = api.call(&GetMaintenance).await?;
        watch.state.try_set(Some(m));
        Ok(())
    });
    watch.live.set(Some(live));
    on_cleanup(move || {
        watch.live.try_set(None);
    });
    move || {
        watch.state.with(|m| {
            let m = m.as_ref().filter(|m| m.is_on())?;
            let text = match m.status {
                Some(MaintenanceStatus::Activating) => {
                    let n = m.remaining_executions.as_ref().map_or(0, Vec::len);
                    format!("Maintenance mode is activating: the manager waits for {n} running execution(s), and refuses new work.")
                }
                _ => "Maintenance mode is on: the manager refuses every call but status and maintenance until it is turned off.".to_string(),
            };
            Some(view! {
                <div class="maintenance-banner" role="status">
                    <strong>"Maintenance"</strong>" "{text}" "<A href="/system">"System page"</A>
                </div>
            })
        })
    }
}
