//! Labels: chips ordered by key (the manager returns them in no fixed order), and an editor
//! that checks each new label with the manager's own rules before anything is sent.

use baton_core::conductor::labels::LabelPair;
use baton_core::conductor::Label;
use leptos::prelude::*;

/// A deployment's labels as pairs, ordered by key then value.
pub fn ordered(labels: &[Label]) -> Vec<LabelPair> {
    let mut out: Vec<LabelPair> = labels
        .iter()
        .map(|l| LabelPair::new(l.key.clone(), l.value.clone()))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Chips with a remove button each, and a key/value pair to add.
#[component]
pub fn LabelsEditor(labels: RwSignal<Vec<LabelPair>>) -> impl IntoView {
    let key = RwSignal::new(String::new());
    let value = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let add = move || {
        let (k, v) = (key.get_untracked(), value.get_untracked());
        if k.trim().is_empty() {
            problem.set(Some("A label needs a key.".into()));
            return;
        }
        // `check_label`, not `normalize_label`: the same rules without the Unicode tables'
        // weight; the manager normalises the value itself.
        let (k, v) = (k.trim(), v.trim());
        match baton_core::labels::check_label(k, v) {
            Err(e) => problem.set(Some(e.to_string())),
            Ok(()) => {
                let pair = LabelPair::new(k.to_ascii_lowercase(), v);
                labels.update(|ls| {
                    if !ls.contains(&pair) {
                        ls.push(pair);
                        ls.sort();
                    }
                });
                key.set(String::new());
                value.set(String::new());
                problem.set(None);
            }
        }
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
                {move || labels.get().into_iter().map(|l| {
                    let gone = l.clone();
                    let title = format!("Remove {}: {}", l.key, l.value);
                    view! {
                        <span class="chip">
                            <span class="chip-key">{l.key}</span>": "{l.value}
                            <button type="button" class="chip-remove" aria-label=title.clone() title=title
                                on:click=move |_| labels.update(|ls| ls.retain(|x| *x != gone))>"×"</button>
                        </span>
                    }
                }).collect_view()}
                {move || labels.with(Vec::is_empty).then(|| view! { <span class="muted">"No labels."</span> })}
            </span>
            <div class="inline-form">
                <input name="label-key" placeholder="key" aria-label="Label key" prop:value=move || key.get()
                    on:input=move |ev| key.set(event_target_value(&ev)) on:keydown=on_key/>
                <input name="label-value" placeholder="value" aria-label="Label value" prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev)) on:keydown=on_key/>
                <button type="button" class="button" on:click=move |_| add()>"Add label"</button>
            </div>
            {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> })}
        </div>
    }
}
