//! The spec form of a new cluster and of an edit: name, version and the spec's main fields as
//! fields, the rest of the spec as JSON the operator can edit. A 400 whose details name a
//! field (`target`, e.g. `spec.master.replicas`) shows its message on that field; what the
//! operator typed stays.

use std::collections::BTreeMap;

use baton_core::cloud::field_errors;
use baton_core::connections::Connection;
use baton_core::imply::clusters::{spec_json, CreateCluster, UpdateCluster};
use baton_core::imply::{Cluster, ClusterSpec, ObjectMeta, Session};
use baton_core::ApiError;
use leptos::prelude::*;
use serde_json::{json, Map, Value};

use crate::connections::call;

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Text,
    Count,
    State,
}

/// The fields, by the `target` the manager's error details use.
const FIELDS: &[(&str, &str, Kind)] = &[
    ("metadata.name", "Name", Kind::Text),
    ("spec.version", "Imply version", Kind::Text),
    ("spec.desiredState", "Desired state", Kind::State),
    ("spec.master.replicas", "Master servers", Kind::Count),
    (
        "spec.master.instanceType",
        "Master instance type",
        Kind::Text,
    ),
    ("spec.query.replicas", "Query servers", Kind::Count),
    ("spec.query.instanceType", "Query instance type", Kind::Text),
    (
        "spec.deepStorage.path",
        "Deep storage path (s3://…)",
        Kind::Text,
    ),
];

/// Where the rest of the spec's messages go.
const REST: &str = "spec";

fn pointer(target: &str) -> String {
    format!("/{}", target.replace('.', "/"))
}

/// Takes the value at `target` out of `doc` as text.
fn take(doc: &mut Value, target: &str) -> String {
    let p = pointer(target);
    let (parent, key) = p.rsplit_once('/').unwrap_or(("", ""));
    let Some(Value::Object(m)) = doc.pointer_mut(parent) else {
        return String::new();
    };
    match m.remove(key) {
        Some(Value::String(s)) => s,
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

/// Sets `value` at `target`, making the objects on the way.
fn put(doc: &mut Value, target: &str, value: Value) {
    let mut cur = doc;
    let parts: Vec<&str> = target.split('.').collect();
    for (i, k) in parts.iter().enumerate() {
        if !cur.is_object() {
            *cur = Value::Object(Map::new());
        }
        let Value::Object(m) = cur else { return };
        if i + 1 == parts.len() {
            m.insert((*k).to_string(), value);
            return;
        }
        cur = m.entry((*k).to_string()).or_insert_with(|| json!({}));
    }
}

/// A new cluster's starting point: one server of each kind, an S3 deep storage to fill in.
fn template() -> Value {
    json!({
        "metadata": {"name": ""},
        "spec": {
            "version": "2024.10", "desiredState": "STARTED",
            "master": {"replicas": 1, "instanceType": "m5.large"},
            "query": {"replicas": 1, "instanceType": "r5.xlarge"},
            "data": {"tiers": [{"name": "hot", "replicas": 1, "instanceType": "i3.2xlarge", "diskSizeGb": 500}]},
            "deepStorage": {"type": "s3", "path": ""}
        }
    })
}

/// The form's fields and the rest of the spec as JSON text, from a cluster or the template.
fn split(cluster: Option<&Cluster>) -> (BTreeMap<&'static str, String>, String) {
    let mut doc = match cluster {
        Some(c) => json!({"metadata": {"name": c.metadata.name}, "spec": spec_json(&c.spec)}),
        None => template(),
    };
    let values = FIELDS
        .iter()
        .map(|(t, _, _)| (*t, take(&mut doc, t)))
        .collect();
    let rest = serde_json::to_string_pretty(&doc["spec"]).unwrap_or_default();
    (values, rest)
}

/// The name and spec to send, or the messages by field.
fn assemble(
    values: &BTreeMap<&'static str, String>,
    rest: &str,
) -> Result<(String, ClusterSpec), BTreeMap<String, String>> {
    let mut errors = BTreeMap::new();
    let spec = match serde_json::from_str::<Value>(if rest.trim().is_empty() { "{}" } else { rest })
    {
        Ok(v @ Value::Object(_)) => v,
        Ok(_) => {
            errors.insert(
                REST.into(),
                "The rest of the spec is a JSON object ({…}).".into(),
            );
            json!({})
        }
        Err(e) => {
            errors.insert(REST.into(), format!("Not JSON: {e}"));
            json!({})
        }
    };
    let mut doc = json!({ "spec": spec });
    for (target, label, kind) in FIELDS {
        let text = values.get(target).map(|s| s.trim()).unwrap_or_default();
        if text.is_empty() || *target == "metadata.name" {
            continue;
        }
        let value = match kind {
            Kind::Count => match text.parse::<u32>() {
                Ok(n) => json!(n),
                Err(_) => {
                    errors.insert((*target).into(), format!("{label} is a whole number."));
                    continue;
                }
            },
            _ => json!(text),
        };
        put(&mut doc, target, value);
    }
    let name = values.get("metadata.name").cloned().unwrap_or_default();
    if name.trim().is_empty() {
        errors.insert("metadata.name".into(), "A cluster needs a name.".into());
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // Through bytes, as answers are read: one copy of the spec's serde code in the build.
    serde_json::to_vec(&doc["spec"])
        .map_err(|e| e.to_string())
        .and_then(|b| serde_json::from_slice::<ClusterSpec>(&b).map_err(|e| e.to_string()))
        .map(|s| (name.trim().to_string(), s))
        .map_err(|e| BTreeMap::from([(REST.to_string(), e)]))
}

/// The manager's field messages by target: those the form has go on their field, the others
/// under the JSON of the rest of the spec.
fn server_errors(e: &ApiError) -> BTreeMap<String, String> {
    let mut out = BTreeMap::<String, String>::new();
    for f in field_errors(e) {
        let key = if FIELDS.iter().any(|(t, _, _)| *t == f.target) {
            f.target.clone()
        } else {
            REST.to_string()
        };
        let line = if key == REST {
            format!("{}: {}", f.target, f.message)
        } else {
            f.message
        };
        out.entry(key)
            .and_modify(|m| {
                m.push('\n');
                m.push_str(&line);
            })
            .or_insert(line);
    }
    out
}

/// Creates (no `cluster`) or edits a cluster. After a create it opens the new cluster; after
/// an edit it calls `on_saved`.
#[component]
pub fn SpecForm(
    conn: Connection,
    cluster: Option<Cluster>,
    #[prop(optional, into)] on_saved: Option<Callback<()>>,
) -> impl IntoView {
    let (values, rest) = split(cluster.as_ref());
    let values = RwSignal::new(values);
    let rest = RwSignal::new(rest);
    let errors = RwSignal::new(BTreeMap::<String, String>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let editing = cluster.is_some();
    let original = StoredValue::new(cluster);
    let conn = StoredValue::new(conn);
    let navigate = leptos_router::hooks::use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        failure.set(None);
        let (name, spec) = match assemble(&values.get_untracked(), &rest.get_untracked()) {
            Ok(v) => v,
            Err(e) => {
                errors.set(e);
                return;
            }
        };
        errors.set(BTreeMap::new());
        busy.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let c = conn.get_value();
            let result = match original.get_value() {
                Some(orig) => {
                    let mut update = UpdateCluster::of(&orig, spec);
                    update.metadata.name = name;
                    call::<Session, _>(&c, &update).await
                }
                None => {
                    let create = CreateCluster {
                        metadata: ObjectMeta {
                            name,
                            ..Default::default()
                        },
                        spec,
                    };
                    call::<Session, _>(&c, &create).await
                }
            };
            busy.set(false);
            match result {
                Ok(saved) => match on_saved {
                    Some(cb) if editing => cb.run(()),
                    _ => navigate(
                        &crate::connections::path(&c, &["clusters", saved.id()]),
                        Default::default(),
                    ),
                },
                Err(e) => {
                    errors.set(server_errors(&e));
                    failure.set(Some(e));
                }
            }
        });
    };
    let message = move |key: &str| errors.with(|m| m.get(key).cloned());
    view! {
        <form class="imply-form" on:submit=submit novalidate>
            {FIELDS.iter().map(|(target, label, kind)| {
                let target = *target;
                let id = format!("imply-field-{}", target.replace('.', "-"));
                let err_id = format!("{id}-error");
                let text = move || values.with(|v| v.get(target).cloned().unwrap_or_default());
                let set = move |v: String| {
                    values.update(|m| { m.insert(target, v); });
                    errors.update(|m| { m.remove(target); });
                };
                let input = match kind {
                    Kind::State => view! {
                        <select id=id.clone() name=target on:change=move |ev| set(event_target_value(&ev))>
                            {[("STARTED", "Started"), ("STOPPED", "Stopped")].into_iter().map(|(v, l)| view! {
                                <option value=v selected=move || text() == v>{l}</option>
                            }).collect_view()}
                        </select>
                    }.into_any(),
                    _ => view! {
                        <input id=id.clone() name=target type="text"
                            inputmode=(*kind == Kind::Count).then_some("numeric")
                            aria-invalid=move || message(target).is_some().then_some("true")
                            aria-describedby=err_id.clone()
                            prop:value=text on:input=move |ev| set(event_target_value(&ev))/>
                    }.into_any(),
                };
                view! {
                    <div class="imply-field" data-field=target>
                        <label for=id>{*label}</label>
                        {input}
                        {move || message(target).map(|m| view! { <p class="field-error" id=format!("imply-field-{}-error", target.replace('.', "-"))>{m}</p> })}
                    </div>
                }
            }).collect_view()}
            <div class="imply-field" data-field=REST>
                <label for="imply-field-spec">"The rest of the spec (JSON)"</label>
                <textarea id="imply-field-spec" name="spec" rows="14" spellcheck="false" class="mono"
                    prop:value=move || rest.get()
                    on:input=move |ev| { rest.set(event_target_value(&ev)); errors.update(|m| { m.remove(REST); }); }></textarea>
                {move || message(REST).map(|m| view! { <p class="field-error">{m}</p> })}
            </div>
            {move || failure.get().map(super::action_error)}
            <button class="button accent" type="submit" disabled=move || busy.get()>
                {if editing { "Save the spec" } else { "Create cluster" }}
            </button>
        </form>
    }
    .into_any()
}
