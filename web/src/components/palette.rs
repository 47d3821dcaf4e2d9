//! The command palette (Ctrl-K / ⌘-K): type part of a page's name, of a deployment's or a
//! blueprint's id or display name, or of an action, then Enter. Deployments and blueprints are
//! asked of the manager (`_search`, debounced, a newer question supersedes an older answer);
//! pages and actions are matched here.

use baton_core::conductor::blueprints::ListBlueprints;
use baton_core::conductor::deployments::ListDeployments;
use baton_core::{ListQuery, Query};
use leptos::html;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api::use_api;

/// What an entry does when chosen.
#[derive(Clone, Debug, PartialEq)]
pub enum Act {
    Go(String),
    Tenant(String),
    Theme(&'static str),
    Shortcuts,
    SignOut,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub group: &'static str,
    pub label: String,
    pub detail: String,
    pub act: Act,
}

fn entry(
    group: &'static str,
    label: impl Into<String>,
    detail: impl Into<String>,
    act: Act,
) -> Entry {
    Entry {
        group,
        label: label.into(),
        detail: detail.into(),
        act,
    }
}

const PAGES: &[(&str, &str)] = &[
    ("Home: what needs attention", "/"),
    ("Deployments", "/deployments"),
    ("New deployment", "/deployments/new"),
    ("Blueprints", "/blueprints"),
    ("Executions", "/executions"),
    ("Events and logs", "/events"),
    ("Schedules", "/schedules"),
    ("New schedule", "/schedules/new"),
    ("Schedules calendar", "/schedules/calendar"),
    ("Execution groups", "/execution-groups"),
    ("Deployment groups", "/deployment-groups"),
    ("Saved filters", "/filters"),
    ("Secrets", "/secrets"),
    ("Secrets providers", "/secrets/providers"),
    ("Plugins", "/plugins"),
    ("Plugin updates", "/plugins/updates"),
    ("Snapshots", "/snapshots"),
    ("Sites and their map", "/sites"),
    ("Agents on managed hosts", "/agents"),
    ("Users", "/users"),
    ("Tenants", "/tenants"),
    ("User groups", "/user-groups"),
    ("Permissions: which role may do what", "/permissions"),
    ("Clusters of other managers", "/clusters"),
    (
        "System: maintenance mode, cluster services, managers",
        "/system",
    ),
    ("Your API tokens", "/tokens"),
];

/// True when every word of `typed` is in `text` (case-insensitive): "dep new" finds
/// "New deployment".
pub fn matches(text: &str, typed: &str) -> bool {
    let text = text.to_lowercase();
    typed
        .to_lowercase()
        .split_whitespace()
        .all(|w| text.contains(w))
}

/// The pages and actions that match `typed`, in the order they are offered.
pub fn local_entries(typed: &str, tenants: &[String], current_tenant: &str) -> Vec<Entry> {
    let mut out: Vec<Entry> = PAGES
        .iter()
        .map(|(name, path)| entry("Pages", *name, *path, Act::Go(path.to_string())))
        .collect();
    out.extend(tenants.iter().filter(|t| *t != current_tenant).map(|t| {
        entry(
            "Actions",
            format!("Switch tenant to {t}"),
            "",
            Act::Tenant(t.clone()),
        )
    }));
    out.push(entry("Actions", "Dark theme", "", Act::Theme("dark")));
    out.push(entry("Actions", "Light theme", "", Act::Theme("light")));
    out.push(entry("Actions", "System theme", "", Act::Theme("")));
    out.push(entry("Actions", "Keyboard shortcuts", "?", Act::Shortcuts));
    out.push(entry("Actions", "Sign out", "", Act::SignOut));
    out.retain(|e| matches(&e.label, typed));
    out
}

fn deployment_href(id: &str, run: Option<&str>) -> String {
    let base = crate::pages::deployments::href(id);
    match run {
        None => base,
        Some("") => format!("{base}?{}", Query::new().with("do", "run").encode()),
        Some(w) => format!(
            "{base}?{}",
            Query::new().with("do", "run").with("workflow", w).encode()
        ),
    }
}

/// Asks the manager for deployments and blueprints matching `typed`.
async fn remote_entries(
    api: crate::api::Api,
    typed: String,
) -> Result<Vec<Entry>, baton_core::ApiError> {
    let q = |fields: &[&str]| {
        let mut q = ListQuery::new().include(fields.iter().copied()).page(5, 0);
        q.search = Some(typed.clone());
        q
    };
    let mut dq = q(&["id", "display_name", "blueprint_id"]);
    dq.search_name = Some(typed.clone());
    let deployments = api.call(&ListDeployments { query: dq }).await?;
    let blueprints = api
        .call(&ListBlueprints {
            query: q(&["id", "description"]),
        })
        .await?;
    let mut out = Vec::new();
    for d in deployments.items {
        let name = d.display_name.clone().filter(|n| *n != d.id);
        let detail = match &name {
            Some(n) => format!("{n} · {}", d.blueprint_id.clone().unwrap_or_default()),
            None => d.blueprint_id.clone().unwrap_or_default(),
        };
        out.push(entry(
            "Deployments",
            d.id.clone(),
            detail,
            Act::Go(deployment_href(&d.id, None)),
        ));
        out.push(entry(
            "Deployments",
            format!("Install on {}", d.id),
            "",
            Act::Go(deployment_href(&d.id, Some("install"))),
        ));
        out.push(entry(
            "Deployments",
            format!("Run workflow on {}", d.id),
            "",
            Act::Go(deployment_href(&d.id, Some(""))),
        ));
    }
    for b in blueprints.items {
        let href = format!("/blueprints/{}", baton_core::session::segment(&b.id));
        out.push(entry(
            "Blueprints",
            b.id.clone(),
            b.description.clone().unwrap_or_default(),
            Act::Go(href),
        ));
        out.push(entry(
            "Blueprints",
            format!("Deploy {}", b.id),
            "",
            Act::Go(format!(
                "/deployments/new?{}",
                Query::new().with("blueprint_id", b.id.clone()).encode()
            )),
        ));
    }
    Ok(out)
}

/// What the shell offers the palette for signing out (the shell asks about pasted tokens).
#[derive(Clone, Copy)]
pub struct SignOut(pub Callback<()>);

#[component]
pub fn Palette(open: RwSignal<bool>, show_shortcuts: Callback<()>) -> impl IntoView {
    let api = use_api();
    let navigate = use_navigate();
    let sign_out = use_context::<SignOut>();
    let dialog = NodeRef::<html::Dialog>::new();
    let input = NodeRef::<html::Input>::new();
    let typed = RwSignal::new(String::new());
    let chosen = RwSignal::new(0usize);
    let remote = RwSignal::new(Vec::<Entry>::new());
    let remote_state = RwSignal::new(String::new());
    let asked = StoredValue::new(0u64);

    Effect::new(move |_| {
        let Some(d) = dialog.get() else { return };
        if open.get() {
            if !d.open() {
                typed.set(String::new());
                remote.set(Vec::new());
                chosen.set(0);
                let _ = d.show_modal();
                if let Some(i) = input.get() {
                    let _ = i.focus();
                }
            }
        } else if d.open() {
            d.close();
        }
    });

    // Ask the manager 250 ms after the last key; a later question makes an earlier answer moot.
    Effect::new(move |_| {
        let text = typed.get().trim().to_string();
        let n = asked.get_value() + 1;
        asked.set_value(n);
        if text.chars().count() < 2 {
            remote.set(Vec::new());
            remote_state.set(String::new());
            return;
        }
        set_timeout(
            move || {
                // The palette may be gone by now (signed out, console closed).
                if asked.try_get_value() != Some(n) {
                    return;
                }
                remote_state.set("Searching the manager…".into());
                leptos::task::spawn_local(async move {
                    let answer = remote_entries(api, text).await;
                    if asked.try_get_value() != Some(n) {
                        return;
                    }
                    match answer {
                        Ok(found) => {
                            remote_state.set(String::new());
                            remote.set(found);
                        }
                        Err(e) => {
                            remote_state.set(format!(
                                "The manager could not search: {} ({})",
                                e.message, e.code
                            ));
                            remote.set(Vec::new());
                        }
                    }
                });
            },
            std::time::Duration::from_millis(250),
        );
    });

    let entries = Memo::new(move |_| {
        let text = typed.get();
        let (tenants, current) = api
            .signed_in
            .with(|s| s.as_ref().map(|s| (s.tenants.clone(), s.tenant.clone())))
            .unwrap_or_default();
        let mut all = local_entries(&text, &tenants, &current);
        all.extend(remote.get());
        all
    });

    let run = move |e: Entry| {
        open.set(false);
        match e.act {
            Act::Go(to) => navigate(&to, Default::default()),
            Act::Tenant(t) => api.switch_tenant(t),
            Act::Theme(t) => super::theme::set(t),
            Act::Shortcuts => show_shortcuts.run(()),
            Act::SignOut => {
                if let Some(SignOut(cb)) = sign_out {
                    cb.run(());
                }
            }
        }
    };
    let run = StoredValue::new(run);
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let count = entries.with(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" => {
                ev.prevent_default();
                chosen.update(|c| *c = (*c + 1).min(count.saturating_sub(1)));
            }
            "ArrowUp" => {
                ev.prevent_default();
                chosen.update(|c| *c = c.saturating_sub(1));
            }
            "Enter" => {
                ev.prevent_default();
                if let Some(e) = entries.with(|es| es.get(chosen.get_untracked()).cloned()) {
                    run.with_value(|r| r(e));
                }
            }
            _ => {}
        }
    };
    let list = move || {
        let chosen_now = chosen.get();
        let mut last_group = "";
        entries.with(|es| {
            es.iter()
                .enumerate()
                .map(|(i, e)| {
                    let head = (e.group != last_group).then(|| {
                        view! { <li class="palette-group" role="presentation">{e.group}</li> }
                    });
                    last_group = e.group;
                    let picked = e.clone();
                    let selected = i == chosen_now;
                    view! {
                        {head}
                        <li role="option" id=format!("palette-{i}") class="palette-option"
                            aria-selected=selected.to_string()
                            on:mousemove=move |_| if chosen.get_untracked() != i { chosen.set(i) }
                            on:click=move |_| run.with_value(|r| r(picked.clone()))>
                            <span class="palette-label">{e.label.clone()}</span>
                            <span class="palette-detail muted">{e.detail.clone()}</span>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <dialog node_ref=dialog class="palette" aria-label="Command palette"
            on:close=move |_| open.set(false)>
            <input node_ref=input type="text" class="palette-input" role="combobox"
                aria-expanded="true" aria-controls="palette-list"
                aria-activedescendant=move || format!("palette-{}", chosen.get())
                placeholder="Go to a page, find a deployment or blueprint, run an action…"
                prop:value=move || typed.get()
                on:input=move |ev| { typed.set(event_target_value(&ev)); chosen.set(0); }
                on:keydown=on_key/>
            <ul id="palette-list" class="palette-list" role="listbox">{list}</ul>
            <p class="palette-state muted" role="status">
                {move || remote_state.get()}
                {move || (entries.with(Vec::is_empty) && remote_state.with(String::is_empty))
                    .then_some("Nothing matches.")}
            </p>
            <p class="palette-keys muted">"↑ ↓ to choose · Enter to go · Esc to close"</p>
        </dialog>
    }
    .into_any()
}
