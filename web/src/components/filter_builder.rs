//! The filter builder of the deployments and blueprints lists: label and attribute rules in
//! rows (every operator each type allows, keys and values completed from the manager's labels)
//! and the same rules as CLI text, both ways; an instant preview computed in the browser with
//! `baton_core::filters` over a loaded sample, confirmed by the manager's own count; "Apply"
//! puts the rules in the URL (the list then asks `/searches/<resource>`), "Save filter" stores
//! them on the manager, and a saved filter opened for editing (`?editing=<id>`, from the saved
//! filters page) takes the new rules with "Update".
//!
//! ```ignore
//! view! { <FilterBar resource=Resource::Deployments path="/deployments"/> }
//! ```

use std::sync::Arc;
use std::time::Duration;

use baton_core::conductor::blueprints::{Blueprint, ListBlueprints};
use baton_core::conductor::deployments::{Deployment, ListDeployments};
use baton_core::conductor::labels::{LabelledResource, ListLabelKeys, ListLabelValues};
use baton_core::conductor::saved_filters::{CreateFilter, FilterResource, UpdateFilter};
use baton_core::conductor::searches::Search;
use baton_core::conductor::Visibility;
use baton_core::filters::{params, CompiledRules, FilterRule, Operator, Resource, RuleType};
use baton_core::{ApiError, ListQuery, Query};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};

use crate::api::use_api;
use crate::components::toast::use_toasts;

/// How many items the local preview loads (one page).
pub const SAMPLE: u32 = 1000;
/// Matching rows the preview lists.
const FIRST_ROWS: usize = 5;

/// What the local preview evaluates rules over.
#[derive(Clone)]
pub enum Loaded {
    Deployments(Arc<Vec<Deployment>>),
    Blueprints(Arc<Vec<Blueprint>>),
}

impl Loaded {
    pub fn len(&self) -> usize {
        match self {
            Loaded::Deployments(v) => v.len(),
            Loaded::Blueprints(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many loaded items `rules` match, and the ids of the first few.
    pub fn matching(&self, rules: &[FilterRule]) -> (usize, Vec<String>) {
        fn run<T: baton_core::filters::Filterable>(
            items: &[T],
            rules: &CompiledRules,
            id: fn(&T) -> &str,
        ) -> (usize, Vec<String>) {
            let mut first = Vec::new();
            let mut n = 0;
            for item in items.iter().filter(|i| rules.matches(*i)) {
                if first.len() < FIRST_ROWS {
                    first.push(id(item).to_string());
                }
                n += 1;
            }
            (n, first)
        }
        let compiled = CompiledRules::new(rules);
        match self {
            Loaded::Deployments(v) => run(v, &compiled, |d| d.id.as_str()),
            Loaded::Blueprints(v) => run(v, &compiled, |b| b.id.as_str()),
        }
    }
}

fn labelled(resource: Resource) -> LabelledResource {
    match resource {
        Resource::Blueprints => LabelledResource::Blueprints,
        _ => LabelledResource::Deployments,
    }
}

fn saved(resource: Resource) -> FilterResource {
    match resource {
        Resource::Blueprints => FilterResource::Blueprints,
        _ => FilterResource::Deployments,
    }
}

fn noun(resource: Resource) -> &'static str {
    resource.table()
}

/// The fields the preview needs, per resource.
async fn load_sample(api: crate::api::Api, resource: Resource) -> Result<(Loaded, u64), ApiError> {
    if resource == Resource::Blueprints {
        let query = ListQuery::new()
            .include(["id", "created_by", "state", "tenant_name", "labels"])
            .page(SAMPLE, 0);
        let page = api.call(&ListBlueprints { query }).await?;
        let total = page.pagination().total;
        Ok((Loaded::Blueprints(Arc::new(page.items)), total))
    } else {
        let query = ListQuery::new()
            .include([
                "id",
                "display_name",
                "blueprint_id",
                "created_by",
                "site_name",
                "tenant_name",
                "installation_status",
                "labels",
            ])
            .page(SAMPLE, 0);
        let page = api.call(&ListDeployments { query }).await?;
        let total = page.pagination().total;
        Ok((Loaded::Deployments(Arc::new(page.items)), total))
    }
}

/// The manager's count of what `rules` match (the smallest page, only ids).
async fn server_count(
    api: crate::api::Api,
    resource: Resource,
    rules: Vec<FilterRule>,
) -> Result<u64, ApiError> {
    let query = ListQuery::new().include(["id"]).page(1, 0);
    let total = if resource == Resource::Blueprints {
        api.call(&Search::blueprints().rules(rules).list(query))
            .await?
            .pagination()
            .total
    } else {
        api.call(&Search::deployments().rules(rules).list(query))
            .await?
            .pagination()
            .total
    };
    Ok(total)
}

/// Values as the builder's values box shows them: comma-separated, `\,` for a comma inside.
fn values_text(values: &[String]) -> String {
    values
        .iter()
        .map(|v| v.replace(',', "\\,"))
        .collect::<Vec<_>>()
        .join(",")
}

fn parse_values(text: &str) -> Vec<String> {
    if text.is_empty() {
        return Vec::new();
    }
    text.replace("\\,", "\0")
        .split(',')
        .map(|v| v.replace('\0', ","))
        .collect()
}

/// The list's filter parameters replaced by `rules` (and no saved filter), back to page one.
pub fn url_with_rules(path: &str, search: &str, rules: &[FilterRule]) -> String {
    let old = Query::decode(search.trim_start_matches('?'));
    let mut q = Query::new();
    for (k, v) in old.pairs() {
        if !params::PARAMS.contains(&k.as_str()) && k != "page" {
            q.push(k.clone(), v.clone());
        }
    }
    for (k, v) in params::to_params(rules) {
        q.push(k, v);
    }
    let q = q.encode();
    if q.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{q}")
    }
}

/// Built-in views of the deployments list: a name and the URL query it opens.
const BUILT_IN_VIEWS: &[(&str, &str)] = &[
    ("Last execution failed", "latest_execution_status=failed"),
    ("Running now", "latest_execution_status=started"),
    ("Requires attention", "deployment_status=requires_attention"),
];

fn views_key(path: &str) -> String {
    format!("baton.views:{path}")
}

/// The operator's saved views of `path`: name and URL query, one `name\tquery` a line.
fn load_views(path: &str) -> Vec<(String, String)> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(&views_key(path)).ok().flatten())
        .map(|v| {
            v.lines()
                .filter_map(|l| l.split_once('\t'))
                .map(|(n, q)| (n.to_string(), q.to_string()))
                .collect()
        })
        .unwrap_or_default()
}

fn store_views(path: &str, views: &[(String, String)]) {
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let text: Vec<String> = views.iter().map(|(n, q)| format!("{n}\t{q}")).collect();
        let _ = s.set_item(&views_key(path), &text.join("\n"));
    }
}

/// The "Filter" toggle of a list page and, when open, the builder over the URL's rules; above
/// it the views as chips: built-in ones (deployments), the operator's (the whole list URL:
/// rules or saved filter, sort, page size and columns; kept in this browser) and "Save view".
#[component]
pub fn FilterBar(resource: Resource, path: &'static str) -> impl IntoView {
    let location = use_location();
    let navigate = use_navigate();
    // The saved filter being edited (the saved filters page links here with its rules): the
    // builder opens at once and can update it.
    let editing = Query::decode(location.search.get_untracked().trim_start_matches('?'))
        .get("editing")
        .map(str::to_string);
    let open = RwSignal::new(editing.is_some());
    let views = RwSignal::new(load_views(path));
    let current = move || {
        let search = location.search.get();
        let mut pairs = Query::decode(search.trim_start_matches('?'))
            .pairs()
            .to_vec();
        params::take_params(&mut pairs)
    };
    let count = move || current().rules.len();
    let apply = Callback::new(move |rules: Vec<FilterRule>| {
        let url = url_with_rules(path, &location.search.get_untracked(), &rules);
        navigate(&url, Default::default());
    });
    let here = Memo::new(move |_| location.search.get().trim_start_matches('?').to_string());
    let chip = move |name: String, query: String, mine: bool| {
        let href = if query.is_empty() {
            path.to_string()
        } else {
            format!("{path}?{query}")
        };
        let target = query.clone();
        let forget = {
            let name = name.clone();
            move |_| {
                views.update(|v| v.retain(|(n, _)| *n != name));
                views.with_untracked(|v| store_views(path, v));
            }
        };
        view! {
            <span class="chip filters-view" class:active=move || here.with(|h| *h == target)>
                <a href=href>{name}</a>
                {mine.then(|| view! { <button class="chip-x" aria-label="Forget this view" on:click=forget>"×"</button> })}
            </span>
        }
    };
    let save_view = move |_| {
        // The view keeps the list's columns too (its sort and page size are in the URL).
        let query = crate::components::table::with_columns(path, &here.get_untracked());
        let name = web_sys::window()
            .and_then(|w| w.prompt_with_message("Name this view").ok().flatten())
            .map(|n| n.trim().replace(['\t', '\n'], " "))
            .filter(|n| !n.is_empty());
        if let Some(name) = name {
            views.update(|v| {
                v.retain(|(n, _)| *n != name);
                v.push((name, query));
            });
            views.with_untracked(|v| store_views(path, v));
        }
    };
    let built_in = (resource == Resource::Deployments).then(|| {
        BUILT_IN_VIEWS
            .iter()
            .map(|(n, q)| chip(n.to_string(), q.to_string(), false))
            .collect_view()
    });
    view! {
        <div class="filters-bar">
            <div class="filters-views" aria-label="Views">
                {built_in}
                {move || views.get().into_iter().map(|(n, q)| chip(n, q, true)).collect_view()}
                <button class="button link filters-save-view" on:click=save_view>"Save view"</button>
            </div>
            <button class="button filters-toggle" aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>
                {move || match count() { 0 => "Filter".to_string(), n => format!("Filter ({n})") }}
            </button>
            {move || open.get().then(|| {
                let initial = current().rules;
                let editing = editing.clone();
                view! { <FilterBuilder resource initial on_apply=apply editing/> }
            })}
        </div>
    }
    .into_any()
}

/// The builder itself: rows ⇄ CLI text, autocomplete, preview, apply and save.
#[component]
pub fn FilterBuilder(
    resource: Resource,
    initial: Vec<FilterRule>,
    #[prop(into)] on_apply: Callback<Vec<FilterRule>>,
    /// The saved filter these rules came from, to update in place.
    #[prop(default = None)]
    editing: Option<String>,
) -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let rows = RwSignal::new(initial.clone());
    let text = RwSignal::new(params::to_text(&initial, resource));
    let text_errors = RwSignal::new(Vec::<(usize, String)>::new());
    let label_keys = RwSignal::new(Vec::<String>::new());
    let label_values = RwSignal::new((String::new(), Vec::<String>::new()));
    let loaded = RwSignal::new(None::<Result<(Loaded, u64), ApiError>>);
    let server = RwSignal::new(None::<(Vec<FilterRule>, Result<u64, ApiError>)>);
    let save_id = RwSignal::new(editing.clone().unwrap_or_default());
    let save_visibility = RwSignal::new("tenant".to_string());

    if resource.has_labels() {
        leptos::task::spawn_local_scoped_with_cancellation(async move {
            let call = ListLabelKeys {
                resource: labelled(resource),
                query: ListQuery::new().page(1000, 0),
                reserved: false,
            };
            if let Ok(page) = api.call(&call).await {
                let _ = label_keys.try_set(page.items);
            }
        });
    }
    leptos::task::spawn_local_scoped_with_cancellation(async move {
        let answer = load_sample(api, resource).await;
        let _ = loaded.try_set(Some(answer));
    });

    // Rows edited: the text follows.
    let edit = move |i: usize, f: &dyn Fn(&mut FilterRule)| {
        rows.update(|r| {
            if let Some(rule) = r.get_mut(i) {
                f(rule);
            }
        });
        text.set(params::to_text(&rows.get_untracked(), resource));
        text_errors.set(Vec::new());
    };
    let edit = StoredValue::new(edit);
    let add = move |kind: RuleType| {
        let key = if kind == RuleType::Attribute {
            resource
                .allowed_attributes()
                .first()
                .copied()
                .unwrap_or_default()
        } else {
            ""
        };
        rows.update(|r| {
            r.push(FilterRule::new(
                key,
                Vec::<String>::new(),
                Operator::AnyOf,
                kind,
            ))
        });
        text.set(params::to_text(&rows.get_untracked(), resource));
    };
    // Text edited: the rows follow once every line reads.
    let on_text = move |ev| {
        let value = event_target_value(&ev);
        let (parsed, errors) = params::parse_text(&value, resource);
        text.set(value);
        if errors.is_empty() {
            rows.set(parsed);
        }
        text_errors.set(
            errors
                .into_iter()
                .map(|(n, e)| (n, e.to_string()))
                .collect(),
        );
    };

    let problems = Memo::new(move |_| {
        rows.with(|r| {
            r.iter()
                .map(|rule| rule.validate(resource).err().map(|e| e.to_string()))
                .collect::<Vec<_>>()
        })
    });
    let valid = Memo::new(move |_| {
        let ok =
            problems.with(|p| p.iter().all(Option::is_none)) && text_errors.with(Vec::is_empty);
        ok.then(|| rows.get())
    });

    // The manager's count, a moment after the rules stop changing.
    let generation = StoredValue::new(0u32);
    Effect::new(move |_| {
        let Some(rules) = valid.get() else { return };
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        set_timeout(
            move || {
                if generation.try_get_value() != Some(mine) {
                    return;
                }
                leptos::task::spawn_local(async move {
                    let answer = server_count(api, resource, rules.clone()).await;
                    if generation.try_get_value() == Some(mine) {
                        let _ = server.try_set(Some((rules, answer)));
                    }
                });
            },
            Duration::from_millis(250),
        );
    });

    let preview = move || {
        let what = noun(resource);
        let Some(rules) = valid.get() else {
            return view! { <p class="filters-preview muted">"Fix the rules above to see what they match."</p> }.into_any();
        };
        let local = match loaded.get() {
            None => return view! { <p class="filters-preview muted">{format!("Loading {what} for the preview…")}</p> }.into_any(),
            Some(Err(e)) => return view! { <p class="filters-preview error">{format!("No preview: {}", e.message)}</p> }.into_any(),
            Some(Ok((items, total))) => {
                let (n, first) = items.matching(&rules);
                (n, first, items.len() as u64, total)
            }
        };
        let (n, first, sample, total) = local;
        let complete = sample >= total;
        let local_text = if complete {
            format!("Preview: {n} of {total} {what} match.")
        } else {
            format!("Preview: {n} of the first {sample} of {total} {what} match.")
        };
        let confirmed = server.get().filter(|(r, _)| *r == rules).map(|(_, c)| c);
        let manager_text = match confirmed {
            None => ("filters-manager muted", "Asking the manager…".to_string()),
            Some(Err(e)) => ("filters-manager error", format!("The manager's count failed: {}", e.message)),
            Some(Ok(m)) if complete && m != n as u64 => (
                "filters-manager warning",
                format!("The manager counts {m}: the local preview ({n}) disagrees; the manager's count is what applies."),
            ),
            Some(Ok(m)) if complete => ("filters-manager ok", format!("The manager counts {m} too.")),
            Some(Ok(m)) => ("filters-manager", format!("The manager counts {m} among all {total}.")),
        };
        let first = first
            .into_iter()
            .map(|id| view! { <li class="mono">{id}</li> })
            .collect_view();
        view! {
            <div class="filters-preview" aria-live="polite">
                <p><span class="filters-local">{local_text}</span>" "
                    <span class=manager_text.0>{manager_text.1}</span></p>
                <ul class="filters-first">{first}</ul>
            </div>
        }
        .into_any()
    };

    let row = move |i: usize| {
        let get =
            move |f: fn(&FilterRule) -> String| rows.with(|r| r.get(i).map(f).unwrap_or_default());
        let kind = move || rows.with(|r| r.get(i).map(|x| x.rule_type.clone()));
        let is_label = move || kind() == Some(RuleType::Label);
        let on_type = move |ev| {
            let t = RuleType::from_api(&event_target_value(&ev));
            edit.with_value(|e| {
                e(i, &|r: &mut FilterRule| {
                    let allowed: &[Operator] = if t == RuleType::Label {
                        &Operator::LABEL
                    } else {
                        &Operator::ATTRIBUTE
                    };
                    if !allowed.contains(&r.operator) {
                        r.operator = Operator::AnyOf;
                    }
                    r.rule_type = t.clone();
                })
            });
        };
        let on_key = move |ev| {
            let k = event_target_value(&ev);
            edit.with_value(|e| e(i, &|r: &mut FilterRule| r.key = k.clone()));
        };
        let on_op = move |ev| {
            let op = Operator::from_api(&event_target_value(&ev));
            edit.with_value(|e| {
                e(i, &|r: &mut FilterRule| {
                    if op.takes_no_values() {
                        r.values.clear();
                    }
                    r.operator = op.clone();
                })
            });
        };
        let on_values = move |ev| {
            let v = parse_values(&event_target_value(&ev));
            edit.with_value(|e| e(i, &|r: &mut FilterRule| r.values = v.clone()));
        };
        // Values of this label key, for the values box's completion.
        let on_values_focus = move |_| {
            let key = get(|r| r.key.clone());
            if !is_label() || key.is_empty() || label_values.with_untracked(|(k, _)| *k == key) {
                return;
            }
            leptos::task::spawn_local(async move {
                let call = ListLabelValues {
                    resource: labelled(resource),
                    key: key.clone(),
                    query: ListQuery::new().page(1000, 0),
                };
                if let Ok(page) = api.call(&call).await {
                    let _ = label_values.try_set((key, page.items));
                }
            });
        };
        let remove = move |_| {
            rows.update(|r| {
                if i < r.len() {
                    r.remove(i);
                }
            });
            text.set(params::to_text(&rows.get_untracked(), resource));
        };
        let ops = move || {
            let current = get(|r| r.operator.as_str().to_string());
            let list: &[Operator] = if is_label() {
                &Operator::LABEL
            } else {
                &Operator::ATTRIBUTE
            };
            list.iter()
                .map(|op| {
                    let value = op.as_str().to_string();
                    let selected = value == current;
                    let label = format!("{} ({})", op.cli_str().unwrap_or_default(), op.as_str());
                    view! { <option value=value selected=selected>{label}</option> }
                })
                .collect_view()
        };
        let no_values =
            move || rows.with(|r| r.get(i).is_some_and(|x| x.operator.takes_no_values()));
        let problem = move || problems.with(|p| p.get(i).cloned().flatten());
        view! {
            <li class="filters-rule">
                <select name="rule-type" aria-label="Rule type" on:change=on_type>
                    {resource.has_labels().then(|| view! { <option value="label" selected=is_label>"Label"</option> })}
                    <option value="attribute" selected=move || !is_label()>"Attribute"</option>
                </select>
                <input name="rule-key" aria-label="Key" autocomplete="off"
                    list=move || if is_label() { "filters-keys" } else { "filters-attributes" }
                    prop:value=move || get(|r| r.key.clone()) on:input=on_key/>
                <select name="rule-operator" aria-label="Operator" on:change=on_op>{ops}</select>
                <input name="rule-values" aria-label="Values (comma-separated)" autocomplete="off"
                    list="filters-values" placeholder="value, value…"
                    disabled=no_values
                    prop:value=move || rows.with(|r| r.get(i).map(|x| values_text(&x.values)).unwrap_or_default())
                    on:input=on_values on:focus=on_values_focus/>
                <button class="chip-x" aria-label="Remove this rule" on:click=remove>"×"</button>
                {move || problem().map(|p| view! { <p class="filters-error" role="alert">{p}</p> })}
            </li>
        }
        .into_any()
    };

    let save = move |_| {
        let id = save_id.get_untracked().trim().to_string();
        let visibility = match save_visibility.get_untracked().as_str() {
            "private" => Visibility::Private,
            "global" => Visibility::Global,
            _ => Visibility::Tenant,
        };
        let call = CreateFilter {
            resource: saved(resource),
            id: id.clone(),
            filter_rules: rows.get_untracked(),
            visibility: Some(visibility),
        };
        leptos::task::spawn_local(async move {
            match api.call(&call).await {
                Ok(_) => toasts.success(format!("Saved the filter “{id}”.")),
                Err(e) => toasts.error(&e),
            }
        });
    };

    let update = move |id: String| {
        let call = UpdateFilter {
            resource: saved(resource),
            id: id.clone(),
            filter_rules: Some(rows.get_untracked()),
            visibility: None,
        };
        leptos::task::spawn_local(async move {
            match api.call(&call).await {
                Ok(_) => toasts.success(format!("Updated the rules of the filter “{id}”.")),
                Err(e) => toasts.error(&e),
            }
        });
    };
    let update_button = editing.map(|id| {
        let label = format!("Update “{id}”");
        view! {
            <button class="button accent filters-update" disabled=move || valid.with(Option::is_none)
                on:click=move |_| update(id.clone())>{label}</button>
        }
    });

    let attributes = resource
        .allowed_attributes()
        .iter()
        .map(|a| view! { <option value=*a/> })
        .collect_view();
    view! {
        <section class="filters-builder" aria-label="Filter rules">
            <datalist id="filters-attributes">{attributes}</datalist>
            <datalist id="filters-keys">
                {move || label_keys.get().into_iter().map(|k| view! { <option value=k/> }).collect_view()}
            </datalist>
            <datalist id="filters-values">
                {move || label_values.get().1.into_iter().map(|v| view! { <option value=v/> }).collect_view()}
            </datalist>
            <div class="filters-columns">
                <div class="filters-rows">
                    <ul class="filters-rule-list">
                        <For each=move || 0..rows.with(Vec::len) key=|i| *i children=row/>
                    </ul>
                    <p class="filters-add">
                        {resource.has_labels().then(|| view! {
                            <button class="button filters-add-label" on:click=move |_| add(RuleType::Label)>"+ Label rule"</button>
                        })}
                        <button class="button filters-add-attribute" on:click=move |_| add(RuleType::Attribute)>"+ Attribute rule"</button>
                    </p>
                </div>
                <label class="filters-text">
                    <span>"As CLI rules, one a line (" <code>"env=prod"</code>", "<code>"tier is null"</code>", "<code>"blueprint_id contains web"</code>")"</span>
                    <textarea name="filter-text" rows="5" spellcheck="false" prop:value=move || text.get() on:input=on_text></textarea>
                    {move || text_errors.get().into_iter().map(|(n, m)| view! {
                        <p class="filters-error" role="alert">{format!("Line {n}: {m}")}</p>
                    }).collect_view()}
                </label>
            </div>
            {preview}
            <div class="filters-actions">
                <button class="button primary" disabled=move || valid.with(Option::is_none)
                    on:click=move |_| { if let Some(r) = valid.get_untracked() { on_apply.run(r) } }>"Apply"</button>
                {update_button}
                <button class="button filters-clear" on:click=move |_| { rows.set(Vec::new()); text.set(String::new()); text_errors.set(Vec::new()); }>"Clear"</button>
                <span class="filters-save">
                    <input name="filter-id" aria-label="Saved filter name" placeholder="Save as…"
                        prop:value=move || save_id.get() on:input=move |ev| save_id.set(event_target_value(&ev))/>
                    <select name="filter-visibility" aria-label="Visibility"
                        on:change=move |ev| save_visibility.set(event_target_value(&ev))>
                        <option value="tenant" selected=true>"tenant"</option>
                        <option value="private">"private"</option>
                        <option value="global">"global"</option>
                    </select>
                    <button class="button" disabled=move || valid.with(Option::is_none) || save_id.with(|s| s.trim().is_empty())
                        on:click=save>"Save filter"</button>
                </span>
            </div>
        </section>
    }
    .into_any()
}
