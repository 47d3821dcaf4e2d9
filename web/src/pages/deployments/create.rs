//! Create a deployment (`/deployments/new?blueprint_id=…`): id with a suggestion, name,
//! blueprint, its inputs as fields, labels, site, visibility and the manager's flags; then
//! optionally install at once. The manager's 400s land on the field they name.

use std::collections::BTreeMap;

use baton_core::conductor::blueprints::{GetBlueprint, ListBlueprints};
use baton_core::conductor::deployments::CreateDeployment;
use baton_core::conductor::executions::StartExecution;
use baton_core::conductor::labels::{validate_id, LabelPair};
use baton_core::conductor::sites::ListSites;
use baton_core::conductor::Visibility;
use baton_core::{ApiError, ListQuery};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use serde_json::{Map, Value};

use crate::api::{use_api, Api};
use crate::components::form::{FormState, SchemaForm};
use crate::components::labels_editor::LabelsEditor;
use crate::components::show_request::{curl_of, ShowRequest};
use crate::components::ErrorView;

/// A fresh id for a deployment of `blueprint`: its id and a short random suffix.
pub fn suggest_id(blueprint: &str) -> String {
    let suffix = (js_sys::Math::random() * 65536.0) as u32;
    let base: String = blueprint
        .chars()
        .filter(|c| baton_core::labels::is_url_safe(*c))
        .take(40)
        .collect();
    let base = if base.starts_with(|c: char| c.is_ascii_alphabetic()) {
        base
    } else {
        format!("d{base}")
    };
    format!("{base}-{suffix:04x}")
}

/// The inputs a blueprint declares (`plan.inputs`).
pub async fn blueprint_inputs(api: Api, id: String) -> Result<Map<String, Value>, ApiError> {
    let bp = api
        .call(&GetBlueprint {
            id,
            include: vec!["id".into(), "plan".into()],
        })
        .await?;
    Ok(bp
        .plan
        .as_ref()
        .and_then(|p| p.get("inputs"))
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default())
}

/// A blueprint id field offering the manager's blueprints that match what is typed.
#[component]
pub fn BlueprintPicker(value: RwSignal<String>, #[prop(into)] name: String) -> impl IntoView {
    let api = use_api();
    let options = LocalResource::new(move || {
        let text = value.get();
        async move {
            let call = ListBlueprints {
                query: ListQuery::new().include(["id"]).search(text).page(20, 0),
            };
            api.call(&call)
                .await
                .map(|p| p.items.into_iter().map(|b| b.id).collect::<Vec<_>>())
                .unwrap_or_default()
        }
    });
    let list_id = format!("{name}-choices");
    view! {
        <input name=name list=list_id.clone() autocomplete="off" prop:value=move || value.get()
            on:change=move |ev| value.set(event_target_value(&ev))/>
        <datalist id=list_id>
            {move || options.get().unwrap_or_default().into_iter().map(|id| view! { <option value=id.clone()/> }).collect_view()}
        </datalist>
    }
}

/// A field's error line.
pub fn field_error(errors: RwSignal<BTreeMap<String, String>>, key: &'static str) -> impl IntoView {
    move || {
        errors
            .with(|e| e.get(key).cloned())
            .map(|e| view! { <p class="field-error" role="alert">{e}</p> })
    }
}

#[component]
pub fn CreateDeploymentPage() -> impl IntoView {
    let api = use_api();
    let navigate = use_navigate();
    let query = use_query_map();
    let start_bp = query.with_untracked(|q| q.get("blueprint_id").unwrap_or_default());
    let blueprint = RwSignal::new(start_bp.clone());
    let id = RwSignal::new(if start_bp.is_empty() {
        String::new()
    } else {
        suggest_id(&start_bp)
    });
    let display_name = RwSignal::new(String::new());
    let labels = RwSignal::new(Vec::<LabelPair>::new());
    let site = RwSignal::new(String::new());
    let visibility = RwSignal::new("tenant".to_string());
    let skip_plugins = RwSignal::new(false);
    let runtime_only = RwSignal::new(false);
    let install = RwSignal::new(true);
    let form = FormState::new(&Value::Object(Map::new()));
    // The page's own field errors: `id` and `blueprint` (inputs carry theirs in `form`).
    let errors = RwSignal::new(BTreeMap::<String, String>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);

    let schema = LocalResource::new(move || {
        let bp = blueprint.get();
        async move {
            if bp.trim().is_empty() {
                return Ok(Map::new());
            }
            blueprint_inputs(api, bp).await
        }
    });
    // Another blueprint, its inputs (values of same-named inputs kept).
    Effect::new(move |_| {
        if let Some(Ok(s)) = schema.get() {
            form.set_schema(&Value::Object(s));
        }
    });
    let sites = LocalResource::new(move || async move {
        api.call(&ListSites {
            query: ListQuery::new().include(["name"]).page(1000, 0),
        })
        .await
        .map(|p| p.items.into_iter().map(|s| s.name).collect::<Vec<_>>())
        .unwrap_or_default()
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let mut errs = BTreeMap::new();
        let dep_id = id.get_untracked().trim().to_string();
        if let Err(e) = validate_id("deployment_id", &dep_id) {
            errs.insert("id".to_string(), e);
        }
        let bp = blueprint.get_untracked().trim().to_string();
        if bp.is_empty() {
            errs.insert(
                "blueprint".to_string(),
                "Choose the blueprint to deploy.".to_string(),
            );
        } else if let Some(Err(e)) = schema.get_untracked() {
            errs.insert("blueprint".to_string(), e.message);
        }
        form.touch_all();
        let inputs = form.result.get_untracked();
        errors.set(errs.clone());
        let Ok(inputs) = inputs else { return };
        if !errs.is_empty() {
            return;
        }
        let call = CreateDeployment {
            id: dep_id.clone(),
            blueprint_id: bp,
            inputs,
            visibility: Some(Visibility::from(visibility.get_untracked().as_str())),
            site_name: Some(site.get_untracked()).filter(|s| !s.is_empty()),
            labels: labels.get_untracked(),
            display_name: Some(display_name.get_untracked()).filter(|s| !s.trim().is_empty()),
            skip_plugins_validation: skip_plugins.get_untracked(),
            runtime_only_evaluation: runtime_only.get_untracked(),
            include: vec!["id".into()],
            async_create: false,
        };
        let then_install = install.get_untracked();
        let navigate = navigate.clone();
        busy.set(true);
        failure.set(None);
        spawn_local(async move {
            match api.call(&call).await {
                Err(e) => {
                    if !form.show_server_error(&e)
                        && (e.status == Some(409) || e.message.contains("deployment_id"))
                    {
                        errors.update(|m| {
                            m.insert("id".into(), e.message.clone());
                        });
                    }
                    failure.set(Some(e));
                }
                Ok(_) => {
                    let mut next =
                        format!("/deployments/{}", baton_core::session::segment(&dep_id));
                    if then_install {
                        let start = StartExecution {
                            deployment_id: dep_id.clone(),
                            workflow_id: "install".into(),
                            // The environment is still being created: wait for it.
                            queue: true,
                            ..Default::default()
                        };
                        match api.call(&start).await {
                            Ok(x) => next.push_str(&format!(
                                "?{}",
                                baton_core::Query::new().with("started", x.id).encode()
                            )),
                            Err(e) => next.push_str(&format!(
                                "?{}",
                                baton_core::Query::new()
                                    .with("install_failed", e.message)
                                    .encode()
                            )),
                        }
                    }
                    navigate(&next, Default::default());
                }
            }
            busy.set(false);
        });
    };

    // The request as the form stands (inputs as far as they are valid).
    let draft = move || CreateDeployment {
        id: id.get().trim().to_string(),
        blueprint_id: blueprint.get().trim().to_string(),
        inputs: form.result.get().unwrap_or_default(),
        visibility: Some(Visibility::from(visibility.get().as_str())),
        site_name: Some(site.get()).filter(|s| !s.is_empty()),
        labels: labels.get(),
        display_name: Some(display_name.get()).filter(|s| !s.trim().is_empty()),
        skip_plugins_validation: skip_plugins.get(),
        runtime_only_evaluation: runtime_only.get(),
        include: vec![],
        async_create: false,
    };
    let curl = Signal::derive(move || curl_of(&api, &draft()));
    let cfy = Signal::derive(move || {
        let d = draft();
        let mut c = format!("cfy deployments create {} -b {}", d.id, d.blueprint_id);
        for (k, v) in &d.inputs {
            c.push_str(&format!(" -i {k}={}", super::shell_value(v)));
        }
        for l in &d.labels {
            c.push_str(&format!(" --labels {}:{}", l.key, l.value));
        }
        if let Some(s) = &d.site_name {
            c.push_str(&format!(" --site-name {s}"));
        }
        c
    });
    let check = |s: RwSignal<bool>| move |ev| s.set(event_target_checked(&ev));
    view! {
        <p class="crumbs"><A href="/deployments">"Deployments"</A>" / new"</p>
        <h1>"Create a deployment"</h1>
        <form class="form deployment-create" on:submit=submit novalidate>
            <div class="field" class:field-invalid=move || errors.with(|e| e.contains_key("blueprint"))>
                <label><span class="field-label">"Blueprint"</span>
                    <BlueprintPicker value=blueprint name="blueprint_id"/>
                </label>
                {field_error(errors, "blueprint")}
                {move || match schema.get() {
                    Some(Err(e)) => Some(view! { <ErrorView error=e/> }),
                    _ => None,
                }}
            </div>
            <div class="field" class:field-invalid=move || errors.with(|e| e.contains_key("id"))>
                <label><span class="field-label">"Deployment id"</span>
                    <span class="field-hint muted">"letters, digits, - . _ ~; starts with a letter"</span>
                    <input name="deployment_id" prop:value=move || id.get() on:input=move |ev| {
                        let v = event_target_value(&ev);
                        errors.update(|e| match validate_id("deployment_id", v.trim()) {
                            Ok(()) => { e.remove("id"); }
                            Err(why) => { e.insert("id".into(), why); }
                        });
                        id.set(v);
                    }/>
                </label>
                <button type="button" class="button link" on:click=move |_| id.set(suggest_id(&blueprint.get_untracked()))>"Suggest another"</button>
                {field_error(errors, "id")}
            </div>
            <div class="field">
                <label><span class="field-label">"Display name"</span>
                    <input name="display_name" placeholder="(the id)" prop:value=move || display_name.get()
                        on:input=move |ev| display_name.set(event_target_value(&ev))/>
                </label>
            </div>
            <fieldset>
                <legend>"Inputs"</legend>
                {move || {
                    let bp = blueprint.get();
                    view! { <SchemaForm form=form blueprint_id=Some(bp)/> }
                }}
            </fieldset>
            <fieldset>
                <legend>"Labels"</legend>
                <LabelsEditor labels=labels/>
            </fieldset>
            <div class="field-row">
                <label class="field"><span class="field-label">"Site"</span>
                    <select name="site_name" on:change=move |ev| site.set(event_target_value(&ev))>
                        <option value="">"No site"</option>
                        {move || sites.get().unwrap_or_default().into_iter().map(|s| view! { <option value=s.clone()>{s.clone()}</option> }).collect_view()}
                    </select>
                </label>
                <label class="field"><span class="field-label">"Visibility"</span>
                    <select name="visibility" on:change=move |ev| visibility.set(event_target_value(&ev))>
                        <option value="private">"private"</option>
                        <option value="tenant" selected>"tenant"</option>
                        <option value="global">"global"</option>
                    </select>
                </label>
            </div>
            <div class="checks">
                <label><input type="checkbox" name="skip_plugins_validation" on:change=check(skip_plugins)/>" Skip plugins validation"</label>
                <label><input type="checkbox" name="runtime_only_evaluation" on:change=check(runtime_only)/>" Evaluate functions only at run time"</label>
                <label><input type="checkbox" name="install" checked on:change=check(install)/>" Run install when created"</label>
            </div>
            <ShowRequest curl=curl cfy=cfy/>
            {move || failure.get().map(|e| view! { <ErrorView error=e/> })}
            <div class="actions">
                <button type="submit" class="button primary" disabled=move || busy.get()>
                    {move || if busy.get() { "Creating…" } else { "Create deployment" }}
                </button>
                <A href="/deployments" attr:class="button">"Cancel"</A>
            </div>
        </form>
    }
}
