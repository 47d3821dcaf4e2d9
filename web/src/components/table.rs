//! The list page every resource shares: server paging, sorting by column, search, only the
//! shown fields requested, and the whole state in the URL; row selection with bulk actions,
//! a column chooser remembered per page, and virtual scrolling for big pages.
//!
//! A page describes its list with a [`ListSpec`] and renders `<ResourceList spec/>`. For bulk
//! actions it adds a [`Selection`] and how to read a row's id, and its action buttons:
//!
//! ```ignore
//! let selection = Selection::new();
//! view! {
//!     <ResourceList spec selection row_id=(|d: &Deployment| d.id.clone())
//!         actions=move || view! { <button on:click=move |_| delete(selection)>"Delete"</button> }/>
//! }
//! // In the action: selection.all_matching.get() means "everything the current query matches"
//! // (selection.matching holds that query and its total); otherwise selection.ids.
//! ```
//! Columns the operator hides (the "Columns" menu, kept in localStorage per page) are left out
//! of `_include`. Pages of more than [`VIRTUAL_FROM`] rows render only the rows in view plus a
//! margin, at a fixed row height, with spacer rows above and below.

use std::sync::Arc;
use std::time::Duration;

use baton_core::listing::ListState;
use baton_core::{ApiError, Endpoint, ListQuery, Page, Query, SortKey};
use leptos::html;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

use crate::api::use_api;
use crate::components::export::{
    start as start_export, ExportJob, ExportMenu, ExportProgress, ExportRun, FetchPage,
};
use crate::components::show_request::{curl_of, ShowRequest};
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

/// The rows an operator selected, for the page's bulk actions.
#[derive(Clone, Copy)]
pub struct Selection {
    /// Ids of the selected rows (kept across pages of the same query).
    pub ids: RwSignal<Vec<String>>,
    /// The operator chose "all N matching": act on everything the current query matches.
    pub all_matching: RwSignal<bool>,
    /// The current query without paging and its total, as the list last received it.
    pub matching: RwSignal<Option<(ListQuery, u64)>>,
    /// Notify after an action changed the list: it asks the manager again.
    pub reload: Trigger,
}

impl Default for Selection {
    fn default() -> Self {
        Self::new()
    }
}

impl Selection {
    pub fn new() -> Self {
        Selection {
            ids: RwSignal::new(Vec::new()),
            all_matching: RwSignal::new(false),
            matching: RwSignal::new(None),
            reload: Trigger::new(),
        }
    }

    /// How many items an action would touch.
    pub fn count(&self) -> u64 {
        if self.all_matching.get() {
            self.matching.with(|m| m.as_ref().map_or(0, |(_, n)| *n))
        } else {
            self.ids.with(Vec::len) as u64
        }
    }

    pub fn clear(&self) {
        self.ids.set(Vec::new());
        self.all_matching.set(false);
    }
}

/// Makes the "select this page" box for the first header cell.
type Lead = Arc<dyn Fn() -> AnyView + Send + Sync>;

/// Pages longer than this render only the rows in view.
pub const VIRTUAL_FROM: usize = 150;
/// The fixed row height of a virtual table, in CSS pixels (`baton.css` sets the same).
pub const ROW_HEIGHT: f64 = 52.0;
/// Rows rendered above and below the ones in view.
const MARGIN: usize = 12;

fn columns_key(path: &str) -> String {
    format!("baton.columns:{path}")
}

/// The columns the operator hid on `path`, by label.
fn load_hidden(path: &str) -> Vec<String> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(&columns_key(path)).ok().flatten())
        .map(|v| {
            v.split('\n')
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn save_hidden(path: &str, hidden: &[String]) {
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.set_item(&columns_key(path), &hidden.join("\n"));
    }
}

/// The URL parameter naming the hidden columns (`hide=Labels,Created`; empty: all shown), so a
/// link or a saved view carries the columns with the rules and the sort.
pub const HIDE_PARAM: &str = "hide";

fn hidden_in(query: &Query) -> Option<Vec<String>> {
    query.get(HIDE_PARAM).map(|v| {
        v.split(',')
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    })
}

/// `query` (a list URL's query, without `?`) with the list's hidden columns in it: the ones it
/// names, else the ones the operator hid on `path` in this browser.
pub fn with_columns(path: &str, query: &str) -> String {
    let mut q = Query::decode(query);
    if q.get(HIDE_PARAM).is_none() {
        q.push(HIDE_PARAM, load_hidden(path).join(","));
    }
    q.encode()
}

#[component]
pub fn ResourceList<T, E>(
    spec: ListSpec<T, E>,
    /// Adds a checkbox per row; the page acts on what is selected.
    #[prop(optional)]
    selection: Option<Selection>,
    /// A row's id, for the selection (required with `selection`).
    #[prop(optional)]
    row_id: Option<fn(&T) -> String>,
    /// Bulk-action buttons, shown while rows are selected.
    #[prop(optional, into)]
    actions: Option<ViewFn>,
    /// Notified by a live page (through the live scheduler): ask the manager again, keeping
    /// the rows shown until the answer is here.
    #[prop(optional)]
    reload: Option<Trigger>,
) -> impl IntoView
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
    let selection = selection.zip(row_id);
    let columns = StoredValue::new(columns);
    let hidden = RwSignal::new(load_hidden(path));
    let shown_column = move |label: &str| !hidden.with(|h| h.iter().any(|l| l == label));
    // The first column names the row; it cannot be hidden.
    let first_label = columns.with_value(|cs| cs.first().map(|c| c.label).unwrap_or_default());
    let fields = Memo::new(move |_| {
        let mut f: Vec<&'static str> = columns.with_value(|cs| {
            cs.iter()
                .filter(|c| c.label == first_label || shown_column(c.label))
                .flat_map(|c| c.fields.iter().copied())
                .collect()
        });
        f.sort_unstable();
        f.dedup();
        f
    });
    let state = Memo::new(move |_| {
        let search = location.search.get();
        ListState::from_url(
            &Query::decode(search.trim_start_matches('?')),
            default_sort(),
            filters,
        )
    });
    // Columns named in the URL (a saved view, a shared link) are the operator's columns from
    // then on.
    Effect::new(move |_| {
        let named = hidden_in(&Query::decode(
            location.search.get().trim_start_matches('?'),
        ));
        if let Some(h) = named.filter(|h| hidden.with_untracked(|x| x != h)) {
            save_hidden(path, &h);
            hidden.set(h);
        }
    });
    let navigate_columns = navigate.clone();
    let go = move |s: ListState| {
        let mut q = s.to_url(&default_sort());
        // The columns stay in the URL when paging, sorting or searching.
        if let Some(h) = hidden_in(&Query::decode(
            location.search.get_untracked().trim_start_matches('?'),
        )) {
            q.push(HIDE_PARAM, h.join(","));
        }
        let q = q.encode();
        let url = if q.is_empty() {
            path.to_string()
        } else {
            format!("{path}?{q}")
        };
        navigate(&url, Default::default());
    };
    let go = StoredValue::new(go);
    let tenant = move || api.signed_in.with(|s| s.as_ref().map(|s| s.tenant.clone()));
    let list_query = move || state.get().to_list_query(&fields.get(), search_names);

    // Each answer carries the state and tenant it was asked for, so the page knows when what
    // it shows is stale (a newer request is under way) and never mixes old rows with new pager
    // numbers. Not a `LocalResource`: it awaits one fetch before starting the next, so a sort
    // whose answer hangs would hold up every later search. Here each change sends at once, and
    // the superseded call is dropped with the effect's previous run, which aborts its fetch.
    let data = RwSignal::new(None::<(ListState, Option<String>, Result<Page<T>, ApiError>)>);
    let retry = RwSignal::new(0u32);
    Effect::new(move |_| {
        let asked = state.get();
        let lq = asked.to_list_query(&fields.get(), search_names);
        if let Some((sel, _)) = selection {
            sel.reload.track();
        }
        retry.track();
        if let Some(r) = reload {
            r.track();
        }
        let tenant = tenant();
        let call = endpoint(lq);
        leptos::task::spawn_local_scoped_with_cancellation(async move {
            let answer = api.call(&call).await;
            let _ = data.try_set(Some((asked, tenant, answer)));
        });
    });
    let busy = Memo::new(move |_| {
        let (now, t) = (state.get(), tenant());
        data.with(|d| d.as_ref().map(|(asked, at, _)| *asked != now || *at != t))
            .unwrap_or(true)
    });

    // A selection belongs to one query in one tenant: an answer for a new search, filter or
    // tenant clears it (paging and sorting keep it).
    let last_scope = StoredValue::new(None::<(String, Vec<(String, String)>, Option<String>)>);
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
                // The list may be gone by then (the operator left the page).
                if generation.try_get_value() == Some(mine) {
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

    // The page's select box sits in the first header cell, the row's in the first cell, so
    // the first column stays the name (`td:first-child a`).
    let header_cells = move |lead: Option<Lead>| {
        let s = state.get();
        columns.with_value(|cs| {
            cs.iter()
                .filter(|c| c.label == first_label || shown_column(c.label))
                .enumerate()
                .map(|(i, c)| {
                    let label = c.label;
                    let lead = lead.as_ref().filter(|_| i == 0).map(|f| f());
                    let class = lead.is_some().then_some("with-select");
                    match c.sort {
                        None => view! { <th scope="col" class=class>{lead}{label}</th> }.into_any(),
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
                                <th scope="col" aria-sort=aria class=class>
                                    {lead}<button class="sort" on:click=on_click>{label}{arrow}</button>
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
            view! { <ErrorView error=e on_retry=move |_| retry.update(|n| *n += 1)/> }.into_any()
        }
        Some((s, at, Ok(page))) => {
            let p = page.pagination();
            // The pager and the selection trust only a total that can be right.
            let total = page.known_total().unwrap_or(0);
            let arrived = page.arrived();
            if let Some((sel, _)) = selection {
                let scope = Some((s.search.clone(), s.filters.clone(), at));
                if last_scope.with_value(|l| l.is_some() && *l != scope) {
                    sel.clear();
                }
                last_scope.set_value(scope);
                let mut q = s.to_list_query(&[], search_names);
                q.size = None;
                q.offset = None;
                sel.matching.set(Some((q, total)));
            }
            let doubts = doubts_note(&page.doubts);
            if arrived == 0 {
                let message = if !s.search.trim().is_empty() {
                    format!("No {noun} match “{}”.", s.search.trim())
                } else if !s.filters.is_empty() || s.page > 1 {
                    format!("No {noun} on this page.")
                } else {
                    format!("There are no {noun} in this tenant yet.")
                };
                return view! { {doubts}<p class="empty">{message}</p> }.into_any();
            }
            let shown = arrived;
            let bad = bad_rows(&page.rejected, noun);
            let items: Arc<Vec<T>> = Arc::new(page.items);
            let ids: Arc<Vec<String>> = Arc::new(
                selection
                    .map(|(_, id)| items.iter().map(id).collect())
                    .unwrap_or_default(),
            );
            let pager = move || {
                view! {
                    <Pager
                        page=s.page
                        size=s.size
                        total=total
                        shown=shown
                        offset=p.offset
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
            let table = rows_table(
                (items, ids),
                columns,
                hidden,
                first_label,
                selection.map(|(s, _)| s),
                header_cells,
                bad,
            );
            let bar =
                selection.map(|(sel, _)| selection_bar(sel, noun, total, shown, actions.clone()));
            view! {
                {bar}
                {doubts}
                {pager()}
                {table}
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

    let chooser =
        move || {
            columns.with_value(|cs| {
                cs.iter()
                .map(|c| {
                    let label = c.label;
                    let fixed = label == first_label;
                    let navigate = navigate_columns.clone();
                    let toggle = move |ev| {
                        let on = event_target_checked(&ev);
                        hidden.update(|h| {
                            h.retain(|l| l != label);
                            if !on {
                                h.push(label.to_string());
                            }
                        });
                        hidden.with_untracked(|h| save_hidden(path, h));
                        // The URL says which columns are shown.
                        let here = Query::decode(
                            location.search.get_untracked().trim_start_matches('?'),
                        );
                        let mut q = Query::new();
                        for (k, v) in here.pairs().iter().filter(|(k, _)| k != HIDE_PARAM) {
                            q.push(k.clone(), v.clone());
                        }
                        q.push(HIDE_PARAM, hidden.with_untracked(|h| h.join(",")));
                        let url = format!("{path}?{}", q.encode());
                        navigate(&url, NavigateOptions { replace: true, ..Default::default() });
                    };
                    view! {
                        <label class="column-choice">
                            <input type="checkbox" name=label disabled=fixed
                                prop:checked=move || fixed || shown_column(label) on:change=toggle/>
                            {label}
                        </label>
                    }
                })
                .collect_view()
            })
        };
    let curl = Signal::derive(move || curl_of(&api, &endpoint(list_query())));
    let export = ExportRun::new();
    let export_start = Callback::new(move |(csv, every_page): (bool, bool)| {
        let base = list_query();
        let fetch: FetchPage = std::rc::Rc::new(move |size, offset| {
            let mut q = base.clone();
            q.size = Some(size);
            q.offset = Some(offset);
            let e = endpoint(q);
            Box::pin(async move { api.call_json(&e).await })
        });
        let s = state.get_untracked();
        start_export(ExportJob {
            noun,
            fields: fields.get_untracked(),
            csv,
            every_page,
            shown: (s.size, (s.page - 1).saturating_mul(s.size)),
            fetch,
            run: export,
        });
    });
    let matching = Signal::derive(move || {
        data.with(|d| match d {
            Some((_, _, Ok(page))) => Some(page.pagination().total),
            _ => None,
        })
    });

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
            <span class="spacer"></span>
            <details class="columns">
                <summary class="button">"Columns"</summary>
                <fieldset><legend>"Show columns"</legend>{chooser}</fieldset>
            </details>
            <ExportMenu run=export total=matching start=export_start/>
        </div>
        <ExportProgress run=export/>
        <div class="list-body" aria-busy=move || busy.get().to_string()>{body}</div>
        <ShowRequest curl/>
    }
    .into_any()
}

/// "3 selected · Select all 480 matching · Clear" and the page's actions.
fn selection_bar(
    sel: Selection,
    noun: &'static str,
    total: u64,
    shown: usize,
    actions: Option<ViewFn>,
) -> AnyView {
    let count = move || sel.count();
    let text = move || {
        if sel.all_matching.get() {
            format!("All {} matching {noun} selected", count())
        } else {
            format!("{} selected", count())
        }
    };
    // Offered once the whole page is selected and the query matches more than the page.
    let offer_all =
        move || !sel.all_matching.get() && total > shown as u64 && sel.ids.with(Vec::len) >= shown;
    view! {
        <div class="selection-bar" role="region" aria-label="Selection" hidden=move || count() == 0>
            <strong class="selected-count" aria-live="polite">{text}</strong>
            <button class="button link select-all" hidden=move || !offer_all()
                on:click=move |_| sel.all_matching.set(true)>
                {format!("Select all {total} matching {noun}")}
            </button>
            <button class="button link clear-selection" on:click=move |_| sel.clear()>"Clear selection"</button>
            <span class="bulk-actions">{move || actions.as_ref().map(|a| a.run())}</span>
        </div>
    }
    .into_any()
}

/// The table itself: header, then every row, or for a big page only the rows in view.
fn rows_table<T: Clone + Send + Sync + 'static, H: IntoView + 'static>(
    (items, ids): (Arc<Vec<T>>, Arc<Vec<String>>),
    columns: StoredValue<Vec<Column<T>>>,
    hidden: RwSignal<Vec<String>>,
    first_label: &'static str,
    selection: Option<Selection>,
    header_cells: impl Fn(Option<Lead>) -> H + Send + Sync + 'static,
    bad: Option<AnyView>,
) -> AnyView {
    let n = items.len();
    let virtual_rows = n > VIRTUAL_FROM;
    let anchor = StoredValue::new(None::<usize>);
    let visible_columns = move || {
        let count = columns.with_value(|cs| {
            cs.iter()
                .filter(|c| {
                    c.label == first_label || !hidden.with(|h| h.iter().any(|l| l == c.label))
                })
                .count()
        });
        count
    };

    // Clicking a row's box toggles it; shift-click sets every row from the last click to this
    // one to the same state.
    let toggle_row = {
        let ids = ids.clone();
        move |i: usize, shift: bool| {
            let Some(sel) = selection else { return };
            let on = !sel.ids.with_untracked(|s| s.contains(&ids[i]));
            let range = match anchor.get_value() {
                Some(a) if shift => a.min(i)..=a.max(i),
                _ => i..=i,
            };
            sel.all_matching.set(false);
            sel.ids.update(|s| {
                for id in &ids[range] {
                    let has = s.contains(id);
                    if on && !has {
                        s.push(id.clone());
                    } else if !on && has {
                        s.retain(|x| x != id);
                    }
                }
            });
            anchor.set_value(Some(i));
        }
    };
    let toggle_row = Arc::new(toggle_row);

    let render_row = {
        let items = items.clone();
        let ids = ids.clone();
        move |i: usize| {
            let item = &items[i];
            let mut check = selection.map(|sel| {
                let id = ids[i].clone();
                let toggle = toggle_row.clone();
                let label = format!("Select {id}");
                view! {
                    <input type="checkbox" class="row-select" aria-label=label
                        prop:checked=move || sel.all_matching.get() || sel.ids.with(|s| s.contains(&id))
                        on:click=move |ev: leptos::ev::MouseEvent| toggle(i, ev.shift_key())/>
                }
            });
            let cells = columns.with_value(|cs| {
                cs.iter()
                    .filter(|c| {
                        c.label == first_label
                            || !hidden.with_untracked(|h| h.iter().any(|l| l == c.label))
                    })
                    .map(|c| {
                        let lead = check.take();
                        let class = lead.is_some().then_some("with-select");
                        view! { <td class=class>{lead}{(c.cell)(item)}</td> }
                    })
                    .collect_view()
            });
            let height = virtual_rows.then_some("height:52px");
            view! { <tr data-row=i style=height>{cells}</tr> }
        }
    };

    let select_page = selection.map(|sel| {
        let ids = ids.clone();
        let all_ids = ids.clone();
        let checked = Arc::new(move || {
            sel.all_matching.get()
                || sel
                    .ids
                    .with(|s| !all_ids.is_empty() && all_ids.iter().all(|id| s.contains(id)))
        });
        let toggle = {
            let checked = checked.clone();
            Arc::new(move || {
                let on = !checked();
                sel.all_matching.set(false);
                sel.ids.update(|s| {
                    if on {
                        for id in ids.iter() {
                            if !s.contains(id) {
                                s.push(id.clone());
                            }
                        }
                    } else {
                        s.retain(|x| !ids.contains(x));
                    }
                });
            })
        };
        Arc::new(move || {
            let checked = checked.clone();
            let toggle = toggle.clone();
            view! {
                <input type="checkbox" class="select-page" aria-label="Select this page"
                    prop:checked=move || checked() on:click=move |_| toggle()/>
            }
            .into_any()
        }) as Lead
    });
    let head = view! { <thead><tr>{move || header_cells(select_page.clone())}</tr></thead> };

    if !virtual_rows {
        let rows = (0..n).map(render_row).collect_view();
        return view! { <table class="list">{head}<tbody>{rows}</tbody>{bad}</table> }.into_any();
    }

    // Virtual: the first row in view, and how many fit, from the scroll container.
    let scroller = NodeRef::<html::Div>::new();
    let first = RwSignal::new(0usize);
    let fit = RwSignal::new(24usize);
    let on_scroll = move |_| {
        if let Some(el) = scroller.get() {
            let top = (f64::from(el.scroll_top()) / ROW_HEIGHT).floor() as usize;
            // Capped, so a container without its stylesheet cannot render everything.
            let rows = ((f64::from(el.client_height()) / ROW_HEIGHT).ceil() as usize + 1).min(60);
            if first.get_untracked() != top {
                first.set(top);
            }
            if fit.get_untracked() != rows {
                fit.set(rows);
            }
        }
    };
    let window = Memo::new(move |_| {
        let start = first.get().saturating_sub(MARGIN).min(n);
        let end = (first.get() + fit.get() + MARGIN).min(n);
        (start, end)
    });
    let rows = move || {
        let (start, end) = window.get();
        let cols = visible_columns();
        let above = format!("height:{}px", start as f64 * ROW_HEIGHT);
        let below = format!("height:{}px", (n - end) as f64 * ROW_HEIGHT);
        view! {
            <tr class="spacer" aria-hidden="true"><td colspan=cols style=above></td></tr>
            {(start..end).map(render_row.clone()).collect_view()}
            <tr class="spacer" aria-hidden="true"><td colspan=cols style=below></td></tr>
        }
    };
    view! {
        // The scroll box's size is inline: the virtual rows depend on it, not on a stylesheet.
        <div class="table-scroll virtual" node_ref=scroller on:scroll=on_scroll tabindex="0"
            style="max-height:calc(100vh - 15rem);min-height:20rem;overflow:auto"
            aria-label=format!("{n} rows; scroll to see more")>
            <table class="list" aria-rowcount=n>{head}<tbody>{rows}</tbody>{bad}</table>
        </div>
    }
    .into_any()
}

/// What was wrong with the answer's shape ("the manager's total (-5) cannot be right"), above
/// the list, so the operator knows the pager's numbers are what arrived, not what was claimed.
fn doubts_note(doubts: &[String]) -> Option<AnyView> {
    (!doubts.is_empty()).then(|| {
        let text = doubts.join(" ");
        view! { <p class="note list-doubt" role="note">{text}" What arrived is shown."</p> }
            .into_any()
    })
}

/// The entries of the answer that could not be read, each as a marked row with the reason and,
/// on request, its JSON as the manager sent it (as text: it is data).
fn bad_rows(rejected: &[baton_core::page::RejectedItem], noun: &'static str) -> Option<AnyView> {
    if rejected.is_empty() {
        return None;
    }
    let rows = rejected
        .iter()
        .map(|r| {
            let raw = StoredValue::new(r.raw.clone());
            let open = RwSignal::new(false);
            let title = format!("Entry {} of this page could not be read", r.index + 1);
            let reason = r.reason.clone();
            let text = move || {
                open.get().then(|| {
                    let json = raw.with_value(|v| serde_json::to_string_pretty(v).unwrap_or_default());
                    view! { <pre class="bad-row-raw">{json}</pre> }
                })
            };
            view! {
                <tr class="bad-row">
                    <td colspan="99">
                        <strong>{title}</strong>": "<bdi class="bad-row-reason">{reason}</bdi>" "
                        <button type="button" class="button link" aria-expanded=move || open.get().to_string()
                            on:click=move |_| open.update(|o| *o = !*o)>
                            {move || if open.get() { "Hide its JSON" } else { "Show its JSON" }}
                        </button>
                        {text}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let label = format!("{noun} that could not be read");
    Some(view! { <tbody class="bad-rows" aria-label=label>{rows}</tbody> }.into_any())
}
