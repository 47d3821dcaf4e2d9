//! The confirmation every destructive action goes through.
//!
//! ```ignore
//! let open = RwSignal::new(false);
//! view! {
//!     <button on:click=move |_| open.set(true)>"Delete"</button>
//!     <ConfirmDialog open title="Delete deployment web-1?" confirm_label="Delete"
//!         type_to_confirm=Some("web-1".to_string())          // irreversible: type the id
//!         on_confirm=move |_| { /* api.call(&DeleteDeployment { .. }) */ }>
//!         <p>"Its node instances and history are removed."</p>
//!     </ConfirmDialog>
//! }
//! ```
//! A modal `<dialog>` (`showModal`): the rest of the page is inert so focus stays in the dialog,
//! Esc or "Cancel" closes it, and "Confirm" is disabled until the id is typed exactly.

use leptos::html;
use leptos::prelude::*;

#[component]
pub fn ConfirmDialog(
    /// Opens and closes the dialog; the dialog sets it to `false` when it closes itself.
    open: RwSignal<bool>,
    #[prop(into)] title: Signal<String>,
    /// The confirm button's words ("Delete"); "Confirm" by default.
    #[prop(optional, into)]
    confirm_label: Option<Signal<String>>,
    /// For irreversible actions: the text (usually the id) the operator must type.
    #[prop(optional, into)]
    type_to_confirm: Option<Signal<Option<String>>>,
    /// Styles the confirm button as destructive (default true).
    #[prop(default = true)]
    danger: bool,
    #[prop(into)] on_confirm: Callback<()>,
    /// What will happen, in words.
    children: ChildrenFn,
) -> impl IntoView {
    let dialog = NodeRef::<html::Dialog>::new();
    let typed = RwSignal::new(String::new());
    let expected = move || type_to_confirm.and_then(|s| s.get());
    let valid = move || expected().is_none_or(|id| typed.get() == id);

    Effect::new(move |_| {
        let Some(d) = dialog.get() else { return };
        if open.get() {
            typed.set(String::new());
            if !d.open() {
                let _ = d.show_modal();
            }
        } else if d.open() {
            d.close();
        }
    });
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if valid() {
            open.set(false);
            on_confirm.run(());
        }
    };
    let label = move || {
        confirm_label
            .map(|l| l.get())
            .unwrap_or_else(|| "Confirm".into())
    };
    let children = StoredValue::new(children);
    view! {
        <dialog
            class="confirm"
            node_ref=dialog
            aria-labelledby="confirm-title"
            // Esc (the browser's `cancel`) and any other close keep the signal in step.
            on:close=move |_| open.set(false)
        >
            <form method="dialog" on:submit=confirm>
                <h2 id="confirm-title">{move || title.get()}</h2>
                <div class="confirm-body">{move || open.get().then(|| children.with_value(|c| c()))}</div>
                {move || expected().map(|id| {
                    let shown = id.clone();
                    view! {
                        <label class="confirm-type">
                            "Type " <code class="mono">{shown}</code> " to confirm"
                            <input
                                type="text"
                                name="confirm-id"
                                autocomplete="off"
                                spellcheck="false"
                                prop:value=move || typed.get()
                                on:input=move |ev| typed.set(event_target_value(&ev))
                            />
                        </label>
                    }
                })}
                <div class="confirm-actions">
                    <button type="button" class="button cancel" on:click=move |_| open.set(false)>"Cancel"</button>
                    <button
                        type="submit"
                        class=if danger { "button danger" } else { "button accent" }
                        disabled=move || !valid()
                    >
                        {label}
                    </button>
                </div>
            </form>
        </dialog>
    }
    .into_any()
}

/// A "Delete" button whose confirmation asks for the name typed; disabled, saying why, while
/// the user's roles lack `permission`.
pub fn delete_button(
    name: String,
    what: &'static str,
    consequence: &'static str,
    permission: &'static str,
    run: fn(String),
) -> AnyView {
    use crate::permissions::guard;
    let open = RwSignal::new(false);
    let title = format!("Delete {what} {name}?");
    let typed = name.clone();
    view! {
        <button class="button small danger" use:guard=permission on:click=move |_| open.set(true)>"Delete"</button>
        <ConfirmDialog open title=title confirm_label="Delete"
            type_to_confirm=Signal::derive(move || Some(typed.clone()))
            on_confirm=move |_| run(name.clone())>
            <p>{consequence}</p>
        </ConfirmDialog>
    }
    .into_any()
}
