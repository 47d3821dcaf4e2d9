//! Short messages after an action: "Deployment web-1 deleted", or an error with its code.
//!
//! ```ignore
//! let toast = use_toasts();
//! toast.success("Deployment web-1 deleted");
//! toast.error(&api_error);           // keeps the code: "not_found_error · Deployment … not found"
//! ```
//! `App` provides the context and mounts `<ToastHost/>` once. Successes are announced politely
//! (`role=status`) and go after 5 s; errors interrupt (`role=alert`) and stay 12 s; both can
//! be closed at once.

use std::time::Duration;

use baton_core::ApiError;
use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub struct Toast {
    pub id: u32,
    pub error: bool,
    /// The error code (`not_found_error`), kept so the operator can quote it.
    pub code: Option<String>,
    pub message: String,
}

/// The console's toasts, from context.
#[derive(Clone, Copy)]
pub struct Toasts {
    list: RwSignal<Vec<Toast>>,
    next: StoredValue<u32>,
}

impl Default for Toasts {
    fn default() -> Self {
        Self::new()
    }
}

impl Toasts {
    pub fn new() -> Self {
        Toasts {
            list: RwSignal::new(Vec::new()),
            next: StoredValue::new(1),
        }
    }

    pub fn success(&self, message: impl Into<String>) {
        self.push(false, None, message.into(), 5000);
    }

    /// An error toast with the error's code and message.
    pub fn error(&self, error: &ApiError) {
        self.push(true, Some(error.code.clone()), error.message.clone(), 12000);
    }

    /// An error toast of the console's own (no server code).
    pub fn failure(&self, message: impl Into<String>) {
        self.push(true, None, message.into(), 12000);
    }

    pub fn dismiss(&self, id: u32) {
        self.list.update(|l| l.retain(|t| t.id != id));
    }

    /// The toasts showing now (for tests and the host).
    pub fn current(&self) -> Vec<Toast> {
        self.list.get_untracked()
    }

    fn push(&self, error: bool, code: Option<String>, message: String, ms: u64) {
        let id = self.next.get_value();
        self.next.set_value(id.wrapping_add(1));
        self.list.update(|l| {
            l.push(Toast {
                id,
                error,
                code,
                message,
            });
            // A burst of failures shows the latest few, not a wall.
            let excess = l.len().saturating_sub(5);
            l.drain(..excess);
        });
        let this = *self;
        set_timeout(move || this.dismiss(id), Duration::from_millis(ms));
    }
}

/// The toasts from context; a page outside `App` (a test mounting one component) gets a
/// fresh set that nothing shows.
pub fn use_toasts() -> Toasts {
    use_context::<Toasts>().unwrap_or_default()
}

/// Where toasts appear (bottom right). Mounted once by `App`.
#[component]
pub fn ToastHost() -> impl IntoView {
    let toasts = use_toasts();
    view! {
        <div class="toasts">
            <For each=move || toasts.list.get() key=|t| t.id let:t>
                {
                    let id = t.id;
                    let role = if t.error { "alert" } else { "status" };
                    let class = if t.error { "toast bad" } else { "toast ok" };
                    view! {
                        <div class=class role=role>
                            {t.code.map(|c| view! { <code class="error-code">{c}</code> })}
                            <span class="toast-message">{t.message}</span>
                            <button class="chip-x" aria-label="Dismiss" on:click=move |_| toasts.dismiss(id)>"×"</button>
                        </div>
                    }
                }
            </For>
        </div>
    }
    .into_any()
}
