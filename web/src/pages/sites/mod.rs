//! Sites: the list (name, location, visibility, who and when, its deployments), creating or
//! editing one (name, location, visibility) with its location checked by the manager's own rule
//! before sending, deleting one, and a map
//! with each site coloured by the health of its deployments, linked to them.

use baton_core::conductor::deployments::ListDeployments;
use baton_core::conductor::resources::Site;
use baton_core::conductor::sites::{parse_location, CreateSite, DeleteSite, ListSites, UpdateSite};
use baton_core::conductor::Visibility;
use baton_core::{ApiError, ListQuery, Query, SortKey};
use leptos::prelude::*;
use leptos_router::components::A;
use serde_json::{json, Map, Value};

use crate::api::{use_api, Api};
use crate::components::clock::When;
use crate::components::confirm::delete_button;
use crate::components::form::create::{text, CreateForm};
use crate::components::form::FormState;
use crate::components::table::{Column, ListSpec, ResourceList};
use crate::components::toast::use_toasts;
use crate::components::world_map::{MapPoint, WorldMap};
use crate::components::{copy_id, ErrorView, Name};
use crate::permissions::guard;

#[derive(Clone, Copy)]
struct Changed(Trigger);

/// The site being edited, if any.
#[derive(Clone, Copy)]
struct Editing(RwSignal<Option<Site>>);

fn deployments_href(site: &str) -> String {
    format!(
        "/deployments?{}",
        Query::new().with("site_name", site).encode()
    )
}

fn columns() -> Vec<Column<Site>> {
    vec![
        Column {
            label: "Site",
            sort: Some("name"),
            fields: &["name"],
            cell: |s| {
                let name = s.name.clone();
                let copy = copy_id(name.clone());
                view! { <span class="name"><Name text=name/></span>{copy} }.into_any()
            },
        },
        Column {
            label: "Location",
            sort: None,
            fields: &["latitude", "longitude"],
            cell: |s| {
                let at = match (s.latitude, s.longitude) {
                    (Some(lat), Some(long)) => format!("{lat:.4}, {long:.4}"),
                    _ => "—".into(),
                };
                view! { <span class="mono">{at}</span> }.into_any()
            },
        },
        Column {
            label: "Visibility",
            sort: Some("visibility"),
            fields: &["visibility"],
            cell: |s| {
                view! { <span>{s.owner.visibility.as_ref().map(|v| v.to_string())}</span> }
                    .into_any()
            },
        },
        Column {
            label: "Created",
            sort: Some("created_at"),
            fields: &["created_at", "created_by"],
            cell: |s| {
                view! { <When t=s.owner.created_at/><div class="sub">{s.owner.created_by.clone()}</div> }.into_any()
            },
        },
        Column {
            label: "Actions",
            sort: None,
            fields: &["name", "latitude", "longitude", "visibility"],
            cell: |s| {
                let editing = use_context::<Editing>();
                let row = s.clone();
                let link = deployments_href(&s.name);
                view! {
                    <span class="row-actions">
                        <A href=link>"Deployments"</A>
                        <button class="button small" use:guard="site_update" on:click=move |_| {
                            if let Some(Editing(e)) = editing {
                                e.set(Some(row.clone()));
                            }
                        }>"Edit"</button>
                        {delete_button(s.name.clone(), "site", "Its deployments stay, without a site.", "site_delete", delete_site)}
                    </span>
                }
                .into_any()
            },
        },
    ]
}

fn delete_site(name: String) {
    let api = use_api();
    let toasts = use_toasts();
    let changed = use_context::<Changed>();
    leptos::task::spawn_local(async move {
        match api.call(&DeleteSite { name: name.clone() }).await {
            Ok(()) => toasts.success(format!("Site {name} deleted.")),
            Err(e) => toasts.error(&e),
        }
        if let Some(Changed(t)) = changed {
            t.notify();
        }
    });
}

fn site_schema() -> serde_json::Value {
    json!({
        "name": {"type": "string", "display_label": "Name", "required": true},
        "location": {"type": "string", "display_label": "Location (optional)", "required": false,
                     "description": "latitude,longitude such as 32.071072,34.787274"},
        "visibility": {"type": "string", "display_label": "Visibility", "default": "tenant",
                       "constraints": [{"valid_values": ["private", "tenant", "global"]}]},
    })
}

/// The edit form: the site as it is now.
fn edit_schema(s: &Site) -> Value {
    let location = match (s.latitude, s.longitude) {
        (Some(lat), Some(long)) => format!("{lat},{long}"),
        _ => String::new(),
    };
    let vis = s
        .owner
        .visibility
        .as_ref()
        .map_or("tenant".to_string(), |v| v.to_string());
    json!({
        "new_name": {"type": "string", "display_label": "Name", "required": true, "default": s.name},
        "location": {"type": "string", "display_label": "Location", "required": false, "default": location,
                     "description": "latitude,longitude; empty to take the site off the map"},
        "visibility": {"type": "string", "display_label": "Visibility", "default": vis,
                       "constraints": [{"valid_values": ["private", "tenant", "global"]}]},
    })
}

/// A location refused by the manager's rule goes on the location; a taken name on the name.
fn place_site_error(e: &ApiError, form: FormState, name_field: &str) -> bool {
    let message = format!("{} ({})", e.message, e.code);
    if e.message.contains("location") {
        form.set_field_error("location", &message)
    } else if e.code == "conflict_error" {
        form.set_field_error(name_field, &message)
    } else {
        false
    }
}

/// How many of a site's deployments need attention: `bad` when any, `ok` when none, `neutral`
/// for a site without deployments.
async fn health(api: Api, site: String) -> Result<&'static str, ApiError> {
    let count = |extra: Option<(&str, &str)>| {
        let mut q = ListQuery::new()
            .filter("site_name", site.clone())
            .include(["id"])
            .page(1, 0);
        if let Some((k, v)) = extra {
            q = q.filter(k, v);
        }
        ListDeployments { query: q }
    };
    let all = api.call(&count(None)).await?.known_total().unwrap_or(0);
    if all == 0 {
        return Ok("neutral");
    }
    let attention = api
        .call(&count(Some(("deployment_status", "requires_attention"))))
        .await?
        .known_total()
        .unwrap_or(0);
    Ok(if attention > 0 { "bad" } else { "ok" })
}

/// The sites with a location, on the world map (the first 100).
#[component]
fn SitesMap(refresh: Trigger) -> impl IntoView {
    let api = use_api();
    let points = RwSignal::new(Vec::<MapPoint>::new());
    let error = RwSignal::new(None::<ApiError>);
    let load = LocalResource::new(move || {
        refresh.track();
        async move {
            let query = ListQuery::new()
                .include(["name", "latitude", "longitude"])
                .sort(SortKey::asc("name"))
                .page(100, 0);
            let sites = match api.call(&ListSites { query }).await {
                Ok(p) => p.items,
                Err(e) => {
                    error.try_set(Some(e));
                    return;
                }
            };
            error.try_set(None);
            let mut shown = Vec::new();
            for s in sites {
                let (Some(latitude), Some(longitude)) = (s.latitude, s.longitude) else {
                    continue;
                };
                let tone = health(api, s.name.clone()).await.unwrap_or("neutral");
                let state = match tone {
                    "bad" => "deployments need attention",
                    "ok" => "deployments healthy",
                    _ => "no deployments",
                };
                shown.push(MapPoint {
                    latitude,
                    longitude,
                    label: format!("{}: {state}", s.name),
                    tone,
                    href: deployments_href(&s.name),
                });
                points.try_set(shown.clone());
            }
            points.try_set(shown);
        }
    });
    view! {
        <section class="card map-card" aria-label="Map of sites">
            <header class="card-head"><h2>"Map"</h2>
                <span class="legend">
                    <span class="dot ok"></span>" healthy "<span class="dot bad"></span>" needs attention "<span class="dot neutral"></span>" no deployments"
                </span>
            </header>
            {move || error.get().map(|e| view! { <ErrorView error=e on_retry=move |_| load.refetch()/> })}
            <WorldMap points=points label="Sites on a world map; each links to its deployments"/>
        </section>
    }
    .into_any()
}

#[component]
pub fn SitesPage() -> impl IntoView {
    let refresh = Trigger::new();
    provide_context(Changed(refresh));
    let creating = RwSignal::new(false);
    let may_create = crate::permissions::may("site_create");
    let spec = ListSpec {
        noun: "sites",
        path: "/sites",
        default_sort: || SortKey::asc("name"),
        columns: columns(),
        filters: &[],
        search_names: false,
        endpoint: |query| ListSites { query },
        placeholder: "Search sites",
    };
    let editing = RwSignal::new(None::<Site>);
    provide_context(Editing(editing));
    let closed = Callback::new(move |_| {
        creating.set(false);
        editing.set(None);
        refresh.notify();
    });
    view! {
        <div class="page-head">
            <h1>"Sites"</h1>
            <button class="button accent" disabled=move || creating.get() || !may_create.get() on:click=move |_| creating.set(true)
                title=move || (!may_create.get()).then(|| crate::permissions::needs("site_create"))>"New site"</button>
        </div>
        <Show when=move || creating.get()>
            <CreateForm title="New site" schema=site_schema() submit_label="Create site"
                send=|api, values| Box::pin(async move {
                    let location = text(&values, "location");
                    // The manager's own rule, checked before sending: the message is its own.
                    if let Some(l) = &location {
                        parse_location(l).map_err(|m| ApiError::new(Some(400), "invalid_location", m))?;
                    }
                    let call = CreateSite {
                        name: text(&values, "name").unwrap_or_default(),
                        location,
                        visibility: text(&values, "visibility").map(|v| Visibility::from(v.as_str())),
                    };
                    api.call(&call).await.map(|s| format!("Site {} created.", s.name))
                })
                place=|e, form| place_site_error(e, form, "name")
                done=closed/>
        </Show>
        {move || editing.get().map(|site| {
            let mut with = Map::new();
            with.insert("name".into(), Value::String(site.name.clone()));
            view! {
                <p class="muted">"Editing site "<strong>{site.name.clone()}</strong></p>
                <CreateForm title="Edit site" schema=edit_schema(&site) submit_label="Save changes" with
                    send=|api, values| Box::pin(async move {
                        let name = text(&values, "name").unwrap_or_default();
                        let new_name = text(&values, "new_name").filter(|n| *n != name);
                        // Empty clears the location; anything else must pass the manager's rule.
                        let location = text(&values, "location").unwrap_or_default();
                        if !location.is_empty() {
                            parse_location(&location).map_err(|m| ApiError::new(Some(400), "invalid_location", m))?;
                        }
                        let call = UpdateSite {
                            name,
                            new_name,
                            location: Some(location),
                            visibility: text(&values, "visibility").map(|v| Visibility::from(v.as_str())),
                        };
                        api.call(&call).await.map(|s| format!("Site {} saved.", s.name))
                    })
                    place=|e, form| place_site_error(e, form, "new_name")
                    done=closed/>
            }
        })}
        <SitesMap refresh/>
        <ResourceList spec reload=refresh/>
    }
    .into_any()
}
