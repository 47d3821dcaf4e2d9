//! The list page every resource shares: server paging, sorting by column, search, only the
//! shown fields requested, and the whole state in the URL.

use std::time::Duration;

use baton_core::listing::ListState;
use baton_core::{Endpoint, ListQuery, Page, Query, SortKey};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};

use crate::api::use_api;
use crate::components::{ErrorView, Loading, Pager};

/// One column: its header, the field it sorts by, the fields it needs, and how a cell looks.
pub struct Column<T> {
    pub label: &'static str,
    pub sort: Option<&'static str>,
    pub fields: &'static [&'static str],
    pub cell: fn(&T) -> AnyView,
}

/// What a list page shows and how it asks for it.
pub struct ListSpec<T, E> {
    /// Plural noun for messages ("deployments").
    pub noun: &'static str,
    /// The page's path (`/deployments`).
    pub path: &'static str,
    pub default_sort: fn() -> SortKey,
    pub columns: Vec<Column<T>>,
    /// URL parameters passed to the manager as field filters.
    pub filters: &'static [&'static str],
    /// Also search display names (`_search_name`).
    pub search_names: bool,
    pub endpoint: fn(ListQuery) -> E,
    pub placeholder: &'static str,
}

#[component]
pub fn ResourceList<T, E>(spec: ListSpec<T, E>) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    E: Endpoint<Output = Page<T>> + 'static,
{
    let api = use_api();
    let location = use_location();
    let navigate = use_navigate();
    let ListSpec {
        noun,
        path,
        default_sort,
        columns,
        filters,
        search_names,
        endpoint,
        placeholder,
    } = spec;
    let columns = StoredValue::new(columns);
    let fields: Vec<&'static str> = {
        let mut f: Vec<&'static str> =
            columns.with_value(|cs| cs.iter().flat_map(|c| c.fields.iter().copied()).collect());
        f.sort_unstable();
        f.dedup();
        f
    };
    let state = Memo::new(move |_| {
        let search = location.search.get();
        ListState::from_url(
            &Query::decode(search.trim_start_matches('?')),
            default_sort(),
            filters,
        )
    });
    let go = move |s: ListState| {
        let q = s.to_url(&default_sort()).encode();
        let url = if q.is_empty() {
            path.to_string()
        } else {
            format!("{path}?{q}")
        };
        navigate(&url, Default::default());
    };
    let go = StoredValue::new(go);
    let tenant = move || api.signed_in.with(|s| s.as_ref().map(|s| s.tenant.clone()));

    let fields_for_fetch = fields.clone();
    // Each answer carries the state and tenant it was asked for, so the page knows when what
    // it shows is stale (a newer request is under way) and never mixes old rows with new pager numbers.
    let data = LocalResource::new(move || {
        let asked = state.get();
        let lq = asked.to_list_query(&fields_for_fetch, search_names);
        let tenant = tenant();
        async move { (asked, tenant, api.call(&endpoint(lq)).await) }
    });
    let busy = Memo::new(move |_| {
        let (now, t) = (state.get(), tenant());
        data.map(|(asked, at, _)| *asked != now || *at != t)
            .unwrap_or(true)
    });

    // The search box keeps what is typed; the URL follows after a pause or on Enter.
    let typed = RwSignal::new(state.get_untracked().search);
    let generation = StoredValue::new(0u32);
    let apply_search = move |text: String| {
        let mut s = state.get_untracked();
        if s.search != text {
            s.search = text;
            s.page = 1;
            go.with_value(|g| g(s));
        }
    };
    let on_input = move |ev| {
        let text = event_target_value(&ev);
        typed.set(text.clone());
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        set_timeout(
            move || {
                if generation.get_value() == mine {
                    apply_search(text);
                }
            },
            Duration::from_millis(350),
        );
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Enter" {
            generation.update_value(|g| *g += 1);
            apply_search(typed.get_untracked());
        } else if ev.key() == "Escape" {
            typed.set(String::new());
            generation.update_value(|g| *g += 1);
            apply_search(String::new());
        }
    };

    let header = move || {
        let s = state.get();
        columns.with_value(|cs| {
            cs.iter()
                .map(|c| {
                    let label = c.label;
                    match c.sort {
                        None => view! { <th scope="col">{label}</th> }.into_any(),
                        Some(field) => {
                            let current = s.sort.first().filter(|k| k.field == field);
                            let (aria, arrow) = match current {
                                Some(k) if k.descending => ("descending", " ▼"),
                                Some(_) => ("ascending", " ▲"),
                                None => ("none", ""),
                            };
                            let on_click = move |_| {
                                let mut next = state.get_untracked();
                                next.toggle_sort(field);
                                go.with_value(|g| g(next));
                            };
                            view! {
                                <th scope="col" aria-sort=aria>
                                    <button class="sort" on:click=on_click>{label}{arrow}</button>
                                </th>
                            }
                            .into_any()
                        }
                    }
                })
                .collect_view()
        })
    };

    let body = move || match data.get() {
        None => view! { <Loading what=noun.to_string()/> }.into_any(),
        Some((_, _, Err(e))) => {
            view! { <ErrorView error=e on_retry=move |_| data.refetch()/> }.into_any()
        }
        Some((s, _, Ok(page))) => {
            let total = page.pagination().total;
            if page.items.is_empty() {
                let message = if !s.search.trim().is_empty() {
                    format!("No {noun} match “{}”.", s.search.trim())
                } else if !s.filters.is_empty() || s.page > 1 {
                    format!("No {noun} on this page.")
                } else {
                    format!("There are no {noun} in this tenant yet.")
                };
                return view! { <p class="empty">{message}</p> }.into_any();
            }
            let shown = page.items.len();
            let rows = page
                .items
                .into_iter()
                .map(|item| {
                    let cells = columns.with_value(|cs| {
                        cs.iter()
                            .map(|c| view! { <td>{(c.cell)(&item)}</td> })
                            .collect_view()
                    });
                    view! { <tr>{cells}</tr> }
                })
                .collect_view();
            let pager = move || {
                view! {
                    <Pager
                        page=s.page
                        size=s.size
                        total=total
                        shown=shown
                        on_page=move |p| {
                            let mut n = state.get_untracked();
                            n.page = p;
                            go.with_value(|g| g(n));
                        }
                        on_size=move |z| {
                            let mut n = state.get_untracked();
                            n.size = z;
                            n.page = 1;
                            go.with_value(|g| g(n));
                        }
                    />
                }
            };
            view! {
                {pager()}
                <table class="list">
                    <thead><tr>{header}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                {(shown > 15).then(pager)}
            }
            .into_any()
        }
    };

    let filter_chips = move || {
        state
            .get()
            .filters
            .into_iter()
            .map(|(k, v)| {
                let key = k.clone();
                let clear = move |_| {
                    let mut n = state.get_untracked();
                    n.filters.retain(|(fk, _)| *fk != key);
                    n.page = 1;
                    go.with_value(|g| g(n));
                };
                view! {
                    <span class="chip filter">{k.replace('_', " ")}" = "{v}
                        <button class="chip-x" aria-label="Remove this filter" on:click=clear>"×"</button>
                    </span>
                }
            })
            .collect_view()
    };

    view! {
        <div class="toolbar">
            <input
                type="search"
                class="search"
                aria-label=format!("Search {noun}")
                placeholder=placeholder
                prop:value=move || typed.get()
                on:input=on_input
                on:keydown=on_keydown
            />
            {filter_chips}
        </div>
        <div class="list-body" aria-busy=move || busy.get().to_string()>{body}</div>
    }
}
