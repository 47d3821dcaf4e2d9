//! The home page: what needs the operator's attention now, each with one click to where it
//! is fixed. Every card asks the manager for one small page (or a status), never a whole list,
//! and refreshes through the live scheduler. Nothing like it exists in the official console.

mod over_time;

use std::future::Future;
use std::pin::Pin;

use baton_core::conductor::auth::ListTokens;
use baton_core::conductor::deployments::ListDeployments;
use baton_core::conductor::execution_schedules::ListExecutionSchedules;
use baton_core::conductor::executions::ListExecutions;
use baton_core::conductor::labels::{LabelledResource, ListLabelKeys, ListLabelValues};
use baton_core::conductor::license::ListLicense;
use baton_core::conductor::manager::{GetClusterStatus, GetMaintenance, Health};
use baton_core::conductor::searches::Search;
use baton_core::conductor::summary::{GetSummary, SummaryResource};
use baton_core::filters::{FilterRule, Operator};
use baton_core::query::Range;
use baton_core::session::segment;
use baton_core::{ApiError, ListQuery, SortKey, Timestamp};
use chrono::{Duration, NaiveDateTime};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::{now, use_api, Api};
use crate::components::{status_badge, ErrorView, Loading, Name};
use crate::live;

/// One thing that needs attention, linked to where it is fixed.
#[derive(Clone, Debug, PartialEq)]
struct Finding {
    text: String,
    sub: String,
    href: String,
    status: Option<String>,
}

/// What a card found: how many in all (the manager's total) and the first few.
#[derive(Clone, Debug, PartialEq)]
struct Found {
    count: u64,
    rows: Vec<Finding>,
}

type Load = Pin<Box<dyn Future<Output = Result<Found, ApiError>>>>;

/// A card of the home page, described by data so every card is the same component.
struct Card {
    title: &'static str,
    /// Where the whole list is; `None` when the rows say it all.
    all: fn(NaiveDateTime) -> Option<String>,
    /// Said when nothing needs attention.
    fine: &'static str,
    load: fn(Api, NaiveDateTime) -> Load,
}

/// How many groups a summary draws (the largest).
const TOP_GROUPS: usize = 10;
/// How many rows a card shows.
const FIRST: u32 = 5;
/// Refresh period of the cards (the official console polls status every 10 s; a home page
/// left open all day needs less).
pub(super) const EVERY_MS: u32 = 30_000;

fn day_ago(now: NaiveDateTime) -> NaiveDateTime {
    now - Duration::hours(24)
}

fn ago(t: Option<Timestamp>, now: NaiveDateTime) -> String {
    t.map(|t| t.ago(now)).unwrap_or_default()
}

fn total<T>(page: &baton_core::Page<T>) -> u64 {
    page.known_total().unwrap_or(page.items.len() as u64)
}

fn execution_rows(
    page: baton_core::Page<baton_core::conductor::executions::Execution>,
    now: NaiveDateTime,
) -> Found {
    let count = total(&page);
    let rows = page
        .items
        .into_iter()
        .map(|e| Finding {
            text: format!(
                "{} on {}",
                e.workflow_id.clone().unwrap_or_default(),
                e.deployment_id.clone().unwrap_or_else(|| "—".into())
            ),
            sub: ago(e.created_at, now),
            href: format!("/executions/{}", segment(&e.id)),
            status: e.status.as_ref().map(|s| s.to_string()),
        })
        .collect();
    Found { count, rows }
}

fn executions_query(status: &[&str]) -> ListQuery {
    let mut q = ListQuery::new()
        .include(["id", "workflow_id", "deployment_id", "status", "created_at"])
        .sort(SortKey::desc("created_at"))
        .page(FIRST, 0);
    for s in status {
        q = q.filter("status", *s);
    }
    q
}

fn cards() -> Vec<Card> {
    vec![
        Card {
            title: "Maintenance mode",
            all: |_| Some("/system".into()),
            fine: "Off: the manager takes work.",
            load: |api, now| {
                Box::pin(async move {
                    let m = api.call(&GetMaintenance).await?;
                    let rows: Vec<Finding> = m
                        .is_on()
                        .then(|| Finding {
                            text: format!(
                                "Maintenance mode is {}",
                                m.status.as_ref().map(|s| s.to_string()).unwrap_or_default()
                            ),
                            sub: match (&m.requested_by, m.activation_requested_at) {
                                (Some(by), t) => format!("asked by {by} {}", ago(t, now)),
                                (None, t) => ago(t, now),
                            },
                            href: "/system".into(),
                            status: None,
                        })
                        .into_iter()
                        .collect();
                    Ok(Found {
                        count: rows.len() as u64,
                        rows,
                    })
                })
            },
        },
        Card {
            title: "Cluster services",
            all: |_| Some("/system".into()),
            fine: "Every service is healthy.",
            load: |api, _| {
                Box::pin(async move {
                    let s = api.call(&GetClusterStatus { summary: false }).await?;
                    let mut rows: Vec<Finding> = s
                        .services
                        .iter()
                        .filter(|(_, v)| v.status.as_ref().is_some_and(|h| *h != Health::Ok))
                        .map(|(name, v)| Finding {
                            text: format!("The {name} service"),
                            sub: String::new(),
                            href: "/system".into(),
                            status: v.status.as_ref().map(|h| h.to_string()),
                        })
                        .collect();
                    // A failed cluster may answer without per-service details.
                    if rows.is_empty() && s.status.as_ref().is_some_and(|h| *h != Health::Ok) {
                        rows.push(Finding {
                            text: "The cluster".into(),
                            sub: String::new(),
                            href: "/system".into(),
                            status: s.status.as_ref().map(|h| h.to_string()),
                        });
                    }
                    Ok(Found {
                        count: rows.len() as u64,
                        rows,
                    })
                })
            },
        },
        Card {
            title: "Failed executions, last 24 hours",
            all: |now| {
                let from = day_ago(now).format("%Y-%m-%dT%H:%M");
                Some(format!("/executions?status=failed&from={from}"))
            },
            fine: "Nothing failed in the last 24 hours.",
            load: |api, now| {
                Box::pin(async move {
                    let mut query = executions_query(&["failed"]);
                    query.range.push(Range {
                        field: "created_at".into(),
                        from: Some(day_ago(now).format("%Y-%m-%dT%H:%M:%S").to_string()),
                        to: None,
                    });
                    let page = api
                        .call(&ListExecutions {
                            query,
                            include_system_workflows: true,
                        })
                        .await?;
                    Ok(execution_rows(page, now))
                })
            },
        },
        Card {
            title: "Executions stuck cancelling",
            all: |_| Some("/executions?status=cancelling".into()),
            fine: "No execution is cancelling.",
            load: |api, now| {
                Box::pin(async move {
                    let query =
                        executions_query(&["cancelling", "force_cancelling", "kill_cancelling"]);
                    let page = api
                        .call(&ListExecutions {
                            query,
                            include_system_workflows: true,
                        })
                        .await?;
                    Ok(execution_rows(page, now))
                })
            },
        },
        Card {
            title: "Deployments that require attention",
            all: |_| Some("/deployments?deployment_status=requires_attention".into()),
            fine: "Every deployment is in good shape.",
            load: |api, _| {
                Box::pin(async move {
                    let query = ListQuery::new()
                        .filter("deployment_status", "requires_attention")
                        .include(["id", "display_name", "latest_execution_status"])
                        .sort(SortKey::desc("created_at"))
                        .page(FIRST, 0);
                    let page = api.call(&ListDeployments { query }).await?;
                    let count = total(&page);
                    let rows = page
                        .items
                        .into_iter()
                        .map(|d| Finding {
                            text: d.name().to_string(),
                            sub: format!(
                                "last execution {}",
                                d.latest_execution_status
                                    .as_ref()
                                    .map(|s| s.to_string())
                                    .unwrap_or_else(|| "—".into())
                            ),
                            href: format!("/deployments/{}", segment(&d.id)),
                            status: Some("requires_attention".into()),
                        })
                        .collect();
                    Ok(Found { count, rows })
                })
            },
        },
        Card {
            title: "Schedules whose last run failed",
            all: |_| Some("/schedules".into()),
            fine: "No schedule's last run failed.",
            load: |api, now| {
                Box::pin(async move {
                    // The manager cannot filter schedules by their last run: one page of the
                    // fields that matter, checked here.
                    let query = ListQuery::new()
                        .include([
                            "id",
                            "deployment_id",
                            "workflow_id",
                            "latest_execution_status",
                            "next_occurrence",
                        ])
                        .sort(SortKey::asc("next_occurrence"))
                        .page(1000, 0);
                    let page = api.call(&ListExecutionSchedules { query }).await?;
                    let failed: Vec<_> = page
                        .items
                        .into_iter()
                        .filter(|s| {
                            s.latest_execution_status
                                .as_ref()
                                .is_some_and(|st| st.to_string() == "failed")
                        })
                        .collect();
                    let count = failed.len() as u64;
                    let rows = failed
                        .into_iter()
                        .take(FIRST as usize)
                        .map(|s| {
                            let dep = s.deployment_id.clone().unwrap_or_default();
                            Finding {
                                text: format!(
                                    "{} ({} on {dep})",
                                    s.id,
                                    s.workflow_id.clone().unwrap_or_default()
                                ),
                                sub: s
                                    .next_occurrence
                                    .map(|t| format!("next run {}", t.ago(now)))
                                    .unwrap_or_default(),
                                href: format!(
                                    "/schedules/{}/{}/edit",
                                    segment(&dep),
                                    segment(&s.id)
                                ),
                                status: Some("failed".into()),
                            }
                        })
                        .collect();
                    Ok(Found { count, rows })
                })
            },
        },
        Card {
            title: "License",
            all: |_| None,
            fine: "The license is valid for more than 30 days.",
            load: |api, now| {
                Box::pin(async move {
                    let page = api.call(&ListLicense).await?;
                    let soon = now + Duration::days(30);
                    let rows: Vec<Finding> = page
                        .items
                        .into_iter()
                        .filter(|l| {
                            l.expired == Some(true)
                                || l.expiration_date.is_some_and(|t| t.0 <= soon)
                        })
                        .map(|l| Finding {
                            text: if l.expired == Some(true)
                                || l.expiration_date.is_some_and(|t| t.0 <= now)
                            {
                                "The license has expired".into()
                            } else {
                                "The license expires soon".into()
                            },
                            sub: l
                                .expiration_date
                                .map(|t| format!("{} ({})", t.exact(), t.ago(now)))
                                .unwrap_or_default(),
                            href: "/system".into(),
                            status: None,
                        })
                        .collect();
                    Ok(Found {
                        count: rows.len() as u64,
                        rows,
                    })
                })
            },
        },
        Card {
            title: "API tokens expiring within 7 days",
            all: |_| Some("/tokens".into()),
            fine: "No token expires within 7 days.",
            load: |api, now| {
                Box::pin(async move {
                    let query = ListQuery::new()
                        .include(["id", "description", "expiration_date", "username"])
                        .sort(SortKey::asc("expiration_date"))
                        .page(100, 0);
                    let page = api.call(&ListTokens { query }).await?;
                    let soon = now + Duration::days(7);
                    let expiring: Vec<_> = page
                        .items
                        .into_iter()
                        .filter(|t| t.expiration_date.is_some_and(|e| e.0 > now && e.0 <= soon))
                        .collect();
                    let count = expiring.len() as u64;
                    let rows = expiring
                        .into_iter()
                        .take(FIRST as usize)
                        .map(|t| Finding {
                            text: t
                                .description
                                .clone()
                                .filter(|d| !d.is_empty())
                                .or(t.id.clone())
                                .unwrap_or_default(),
                            sub: format!(
                                "{} expires {}",
                                t.username.clone().unwrap_or_default(),
                                ago(t.expiration_date, now)
                            ),
                            href: "/tokens".into(),
                            status: None,
                        })
                        .collect();
                    Ok(Found { count, rows })
                })
            },
        },
    ]
}

#[component]
fn AttentionCard(card: Card) -> impl IntoView {
    let api = use_api();
    let answer = RwSignal::new(None::<Result<Found, ApiError>>);
    let load = card.load;
    let live = live::load_then_register(EVERY_MS, move || {
        let fetch = load(api, now());
        async move {
            let r = fetch.await;
            let outcome = r.as_ref().map(|_| ()).map_err(Clone::clone);
            answer.try_set(Some(r));
            outcome
        }
    });
    let all = (card.all)(now());
    let fine = card.fine;
    let attention = move || answer.with(|a| matches!(a, Some(Ok(f)) if f.count > 0));
    let body = move || match answer.get() {
        None => view! { <Loading what="what the manager says"/> }.into_any(),
        Some(Err(e)) => view! { <ErrorView error=e on_retry=move |_| live.refresh()/> }.into_any(),
        Some(Ok(f)) if f.count == 0 => {
            view! { <p class="fine"><span aria-hidden="true">"✓ "</span>{fine}</p> }.into_any()
        }
        Some(Ok(f)) => {
            let more = f.count.saturating_sub(f.rows.len() as u64);
            view! {
                <ul class="findings">
                    {f.rows.into_iter().map(|r| view! {
                        <li>
                            <A href=r.href attr:class="name"><Name text=r.text/></A>
                            " "{r.status.map(|s| status_badge(Some(s)))}
                            <div class="sub">{r.sub}</div>
                        </li>
                    }).collect_view()}
                </ul>
                {(more > 0).then(|| view! { <p class="muted">{format!("and {more} more")}</p> })}
            }
            .into_any()
        }
    };
    let count = move || {
        answer.with(|a| match a {
            Some(Ok(f)) => f.count.to_string(),
            _ => String::new(),
        })
    };
    view! {
        <section class="card attention" class:needs=attention aria-label=card.title>
            <header class="card-head">
                <h2>{card.title}</h2>
                <span class="count">{count}</span>
                {all.map(|href| view! { <A href=href attr:class="all">"Open"</A> })}
            </header>
            {body}
        </section>
    }
    .into_any()
}

/// Where a summary's groups come from.
#[derive(Clone)]
enum Groups {
    /// `/summary/<resource>?_target_field=<field>`.
    Summary(SummaryResource, &'static str),
    /// Deployments by `deployment_status`: the summary cannot group by it, so one counter per
    /// status (`_size=1`, the manager's total), as the sites map does.
    DeploymentStatus,
    /// Deployments by the values of one label key: the key's values (`/labels/deployments/<key>`,
    /// the first few), each counted by a label rule search of one row.
    Label(String),
}

/// The statuses a deployment can have (the manager's `deployment_status`).
const DEPLOYMENT_STATUSES: [&str; 3] = ["good", "in_progress", "requires_attention"];

async fn load_groups(api: Api, groups: Groups) -> Result<Vec<(String, u64)>, ApiError> {
    let mut groups = match groups {
        Groups::Summary(resource, field) => {
            let page = api
                .call(&GetSummary {
                    resource,
                    target_field: field.into(),
                    sub_field: None,
                    query: ListQuery::new().page(100, 0),
                })
                .await?;
            page.items
                .iter()
                .map(|g| {
                    let key = match g.value(field) {
                        Some(serde_json::Value::String(s)) => s.clone(),
                        Some(serde_json::Value::Null) | None => "none".into(),
                        Some(v) => v.to_string(),
                    };
                    (key, g.count(resource).unwrap_or(0))
                })
                .collect::<Vec<_>>()
        }
        Groups::DeploymentStatus => {
            let mut out = Vec::new();
            for status in DEPLOYMENT_STATUSES {
                let q = ListQuery::new()
                    .filter("deployment_status", status)
                    .include(["id"])
                    .page(1, 0);
                let n = api
                    .call(&ListDeployments { query: q })
                    .await?
                    .known_total()
                    .unwrap_or(0);
                if n > 0 {
                    out.push((status.to_string(), n));
                }
            }
            out
        }
        Groups::Label(key) => {
            let values = api
                .call(&ListLabelValues {
                    resource: LabelledResource::Deployments,
                    key: key.clone(),
                    query: ListQuery::new().page(TOP_GROUPS as u32, 0),
                })
                .await?;
            let mut out = Vec::new();
            for value in values.items {
                let rule = FilterRule::label(key.clone(), Operator::AnyOf, [value.clone()]);
                let n = api
                    .call(
                        &Search::deployments()
                            .rules(vec![rule])
                            .list(ListQuery::new().include(["id"]).page(1, 0)),
                    )
                    .await?
                    .known_total()
                    .unwrap_or(0);
                out.push((value, n));
            }
            out
        }
    };
    groups.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(groups)
}

/// Counts by a field, as bars: the whole picture without loading a list.
#[component]
fn Summary(
    title: &'static str,
    groups: Groups,
    /// The list of one group, its value appended; `None` when there is no such list.
    #[prop(into)]
    href: Option<String>,
    /// The groups are states (drawn as status badges), not names.
    #[prop(default = true)]
    states: bool,
    /// What the card's head carries besides its title (a choice of key).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let api = use_api();
    let answer = RwSignal::new(None::<Result<Vec<(String, u64)>, ApiError>>);
    let live = live::load_then_register(EVERY_MS, move || {
        let groups = groups.clone();
        async move {
            let r = load_groups(api, groups).await;
            let outcome = r.as_ref().map(|_| ()).map_err(Clone::clone);
            answer.try_set(Some(r));
            outcome
        }
    });
    view! {
        <section class="card summary" aria-label=title>
            <header class="card-head"><h2>{title}</h2>{children.map(|c| c())}</header>
            {move || match answer.get() {
                None => view! { <Loading what="what the manager says"/> }.into_any(),
                Some(Err(e)) => view! { <ErrorView error=e on_retry=move |_| live.refresh()/> }.into_any(),
                Some(Ok(groups)) if groups.is_empty() => view! { <p class="muted">"None yet."</p> }.into_any(),
                Some(Ok(groups)) => {
                    let most = groups.iter().map(|g| g.1).max().unwrap_or(1).max(1);
                    let more = groups.len().saturating_sub(TOP_GROUPS);
                    let label = move |key: String| {
                        if states {
                            status_badge(Some(key))
                        } else {
                            view! { <span class="mono"><Name text=key/></span> }.into_any()
                        }
                    };
                    view! {
                        <table class="bars">
                            <tbody>{groups.into_iter().take(TOP_GROUPS).map(|(key, n)| {
                                let width = format!("width:{:.1}%", n as f64 * 100.0 / most as f64);
                                let name = match href.clone() {
                                    Some(href) => {
                                        let link = format!("{href}{}", segment(&key));
                                        view! { <A href=link>{label(key)}</A> }.into_any()
                                    }
                                    None => label(key),
                                };
                                view! { <tr>
                                    <th scope="row">{name}</th>
                                    <td class="bar"><span style=width></span></td>
                                    <td class="num">{n.to_string()}</td>
                                </tr> }
                            }).collect_view()}</tbody>
                        </table>
                        {(more > 0).then(|| view! { <p class="muted">{format!("and {more} more")}</p> })}
                    }
                    .into_any()
                }
            }}
        </section>
    }
    .into_any()
}

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <h1>"What needs attention"</h1>
        <p class="muted">"Each card asks the manager again every 30 seconds."</p>
        <div class="attention-grid">
            {cards().into_iter().map(|card| view! { <AttentionCard card/> }).collect_view()}
        </div>
        <div class="summary-grid">
            <Summary title="Executions by status" groups=Groups::Summary(SummaryResource::Executions, "status") href=Some("/executions?status=".to_string())/>
            <Summary title="Deployments by status" groups=Groups::DeploymentStatus href=Some("/deployments?deployment_status=".to_string())/>
            <Summary title="Node instances by state" groups=Groups::Summary(SummaryResource::NodeInstances, "state") href={None::<String>}/>
            <Summary title="Deployments by blueprint" groups=Groups::Summary(SummaryResource::Deployments, "blueprint_id") href=Some("/deployments?blueprint_id=".to_string()) states=false/>
            <Summary title="Deployments by site" groups=Groups::Summary(SummaryResource::Deployments, "site_name") href=Some("/deployments?site_name=".to_string()) states=false/>
            <LabelSummary/>
            <Summary title="Executions by workflow" groups=Groups::Summary(SummaryResource::Executions, "workflow_id") href=Some("/executions?workflow_id=".to_string()) states=false/>
            <over_time::ExecutionsOverTime/>
        </div>
    }
    .into_any()
}

/// Deployments by the values of a label key the operator picks (kept in the URL as
/// `?label_key=`; the first key in use by default).
#[component]
fn LabelSummary() -> impl IntoView {
    let api = use_api();
    let query = use_query_map();
    let navigate = use_navigate();
    let keys = LocalResource::new(move || async move {
        api.call(&ListLabelKeys {
            resource: LabelledResource::Deployments,
            query: ListQuery::new().page(100, 0),
            reserved: false,
        })
        .await
        .map(|p| p.items)
    });
    let chosen = move || query.with(|q| q.get("label_key").filter(|k| !k.is_empty()));
    view! {
        <Suspense fallback=|| ()>
            {move || keys.get().map(|found| match found {
                Err(e) => view! { <section class="card summary" aria-label="Deployments by label"><ErrorView error=e/></section> }.into_any(),
                Ok(keys) if keys.is_empty() => ().into_any(),
                Ok(keys) => {
                    let key = chosen().filter(|k| keys.contains(k)).unwrap_or_else(|| keys[0].clone());
                    let href = format!("/deployments?label_rule={}", segment(&format!("{key}=")));
                    let navigate = navigate.clone();
                    let current = key.clone();
                    view! {
                        <Summary title="Deployments by label" groups=Groups::Label(key) href=Some(href) states=false>
                            <select aria-label="Label key" on:change=move |ev| {
                                let k = event_target_value(&ev);
                                navigate(&format!("/?label_key={}", segment(&k)), Default::default());
                            }>
                                {keys.iter().map(|k| view! { <option value=k.clone() selected=*k == current>{k.clone()}</option> }).collect_view()}
                            </select>
                        </Summary>
                    }.into_any()
                }
            })}
        </Suspense>
    }
    .into_any()
}
