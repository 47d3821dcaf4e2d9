//! Editing a list of labels with the manager's own rules (`baton_core::labels`): each label
//! is checked as it is added and refused with the manager's message. Used wherever labels are
//! edited (deployments, blueprints, uploads, new deployments).

use baton_core::conductor::labels::LabelPair;
use baton_core::labels::check_label;
use leptos::prelude::*;

/// Chips with a remove button, then a key/value row that adds a checked label.
#[component]
pub fn LabelsEditor(labels: RwSignal<Vec<LabelPair>>) -> impl IntoView {
    let key = RwSignal::new(String::new());
    let value = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let add = move || {
        let (k, v) = (
            key.get_untracked().trim().to_string(),
            value.get_untracked(),
        );
        if k.is_empty() {
            problem.set(Some("Give the label a key.".into()));
            return;
        }
        if let Err(e) = check_label(&k, &v) {
            problem.set(Some(e.to_string()));
            return;
        }
        // The manager stores keys in lower case; a label already there is not added twice.
        let pair = LabelPair::new(k.to_ascii_lowercase(), v);
        if labels.with_untracked(|l| l.contains(&pair)) {
            problem.set(Some(format!(
                "`{}: {}` is already there.",
                pair.key, pair.value
            )));
            return;
        }
        labels.update(|l| l.push(pair));
        key.set(String::new());
        value.set(String::new());
        problem.set(None);
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Enter" {
            ev.prevent_default();
            add();
        }
    };
    view! {
        <div class="labels-editor">
            <span class="labels">
                {move || labels.get().into_iter().enumerate().map(|(i, l)| {
                    let title = format!("Remove {}: {}", l.key, l.value);
                    view! {
                        <span class="chip">
                            <span class="chip-key">{l.key}</span>": "{l.value}
                            <button type="button" class="chip-x" title=title.clone() aria-label=title
                                on:click=move |_| labels.update(|ls| { ls.remove(i); })>"×"</button>
                        </span>
                    }
                }).collect_view()}
                {move || labels.with(Vec::is_empty).then(|| view! { <span class="muted">"No labels."</span> })}
            </span>
            <div class="inline-form label-add">
                <input name="label-key" placeholder="key" aria-label="Label key" prop:value=move || key.get()
                    on:input=move |ev| key.set(event_target_value(&ev)) on:keydown=on_key/>
                <input name="label-value" placeholder="value" aria-label="Label value" prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev)) on:keydown=on_key/>
                <button type="button" class="button label-add-button" on:click=move |_| add()>"Add label"</button>
            </div>
            {move || problem.get().map(|p| view! { <p class="field-error label-error" role="alert">{p}</p> })}
        </div>
    }
    .into_any()
}
