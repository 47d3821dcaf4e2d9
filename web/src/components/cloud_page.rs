//! What the cloud providers' pages share: the head (which connection, of which provider, the
//! way back to Clusters, Refresh), a plain table of already-loaded rows, facts, and links that
//! change one query parameter of the current page (tabs, chosen versions) so the view stays in
//! its URL.

use baton_core::connections::Connection;
use baton_core::Query;
use leptos::prelude::*;

/// Crumbs (Clusters / provider · connection / `here`), the title and, for a page that shows
/// the manager's data, a Refresh button.
pub fn provider_head(
    conn: &Connection,
    here: Option<String>,
    title: String,
    refresh: Option<Callback<()>>,
) -> AnyView {
    let home = crate::connections::path(conn, &[]);
    let name = format!("{} · {}", conn.kind.label(), conn.name);
    view! {
        <p class="crumbs cloud-crumbs">
            <a href="/clusters">"Clusters"</a>" / "
            {match here {
                Some(h) => view! { <a href=home>{name}</a>" / "<span>{h}</span> }.into_any(),
                None => view! { <span>{name}</span> }.into_any(),
            }}
        </p>
        <div class="page-head">
            <h1>{title}</h1>
            <span class="spacer"></span>
            {refresh.map(|r| view! { <button class="button" on:click=move |_| r.run(())>"Refresh"</button> })}
        </div>
    }
    .into_any()
}

/// A table of rows already loaded (no paging: these managers answer whole lists); the empty
/// text when there is no row.
pub fn rows_table(
    label: &'static str,
    headers: &'static [&'static str],
    rows: Vec<Vec<AnyView>>,
    empty: &'static str,
) -> AnyView {
    if rows.is_empty() {
        return view! { <p class="empty">{empty}</p> }.into_any();
    }
    view! {
        <div class="table-scroll">
            <table class="list cloud-list" aria-label=label>
                <thead><tr>{headers.iter().map(|h| view! { <th scope="col">{*h}</th> }).collect_view()}</tr></thead>
                <tbody>
                    {rows.into_iter().map(|cells| view! {
                        <tr>{cells.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// Text for a cell.
pub fn cell(text: impl Into<String>) -> AnyView {
    let t: String = text.into();
    if t.is_empty() {
        view! { <span class="muted">"—"</span> }.into_any()
    } else {
        view! { <span>{t}</span> }.into_any()
    }
}

/// A definition list of facts; empty values show a dash.
pub fn facts(items: Vec<(&'static str, String)>) -> AnyView {
    view! {
        <dl class="facts">
            {items.into_iter().map(|(k, v)| {
                let v = if v.is_empty() { "—".to_string() } else { v };
                view! { <dt>{k}</dt><dd>{v}</dd> }
            }).collect_view()}
        </dl>
    }
    .into_any()
}

/// Optional text, or empty.
pub fn opt(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

/// The current page's path with `changes` applied to its query (`None` removes a key).
pub fn with_query(path: &str, search: &str, changes: &[(&str, Option<String>)]) -> String {
    let old = Query::decode(search.trim_start_matches('?'));
    let mut q = Query::new();
    for (k, v) in old.pairs() {
        if !changes.iter().any(|(c, _)| c == k) {
            q.push(k.clone(), v.clone());
        }
    }
    for (k, v) in changes {
        if let Some(v) = v {
            q.push(*k, v.clone());
        }
    }
    let qs = q.encode();
    if qs.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{qs}")
    }
}

/// Tabs as links (`?tab=…`): the chosen one is marked for the eye and for screen readers.
pub fn tab_links(
    path: String,
    search: String,
    current: &str,
    tabs: &'static [(&'static str, &'static str)],
) -> AnyView {
    view! {
        <nav class="cloud-tabs" aria-label="Views">
            {tabs.iter().map(|(key, label)| {
                let href = with_query(&path, &search, &[("tab", Some((*key).to_string()))]);
                let here = *key == current;
                view! { <a href=href class:current=here aria-current=here.then_some("page")>{*label}</a> }
            }).collect_view()}
        </nav>
    }
    .into_any()
}

/// A cluster's state in the provider's words, toned by what it means (running, busy, needs
/// attention), with a glyph so colour is not the only sign.
pub fn health_badge(words: String, health: baton_core::cloud::Health) -> AnyView {
    use baton_core::cloud::Health;
    let (tone, glyph) = match health {
        Health::Running => ("ok", "✓"),
        Health::Busy => ("busy", "◷"),
        Health::Attention => ("bad", "✕"),
        _ => ("neutral", "•"),
    };
    view! {
        <span class=format!("badge {tone}") title=health.label()>
            <span class="glyph" aria-hidden="true">{glyph}" "</span><bdi>{words}</bdi>
        </span>
    }
    .into_any()
}
