//! What surrounds one deployment: evaluated outputs and capabilities, child environments and
//! services, inter-deployment dependencies, and its past updates.

use baton_core::conductor::deployment_updates::ListDeploymentUpdates;
use baton_core::conductor::deployments::{
    CreateInterDeploymentDependency, DeleteInterDeploymentDependency, DependencySpec, Deployment,
    GetDeploymentCapabilities, GetDeploymentOutputs, ListInterDeploymentDependencies,
};
use baton_core::conductor::searches::Search;
use baton_core::filters::{FilterRule, Operator};
use baton_core::{ApiError, ListQuery, SortKey};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use super::{exec_href, href, PARENT_LABEL};
use crate::api::use_api;
use crate::components::{status_badge, ErrorView, KeyValueTable, Loading};
use crate::permissions::guard;

/// Outputs and capabilities as the manager evaluates them now.
#[component]
pub fn Evaluated(deployment_id: String) -> impl IntoView {
    let api = use_api();
    let id = StoredValue::new(deployment_id);
    let data = LocalResource::new(move || {
        let id = id.get_value();
        async move {
            let o = api.call(&GetDeploymentOutputs { id: id.clone() }).await?;
            let c = api.call(&GetDeploymentCapabilities { id }).await?;
            Ok::<_, ApiError>((o.outputs, c.capabilities))
        }
    });
    view! {
        {move || match data.get() {
            None => view! { <Loading what="outputs"/> }.into_any(),
            Some(Err(e)) => view! { <section><h2>"Outputs"</h2><ErrorView error=e on_retry=move |_| data.refetch()/></section> }.into_any(),
            Some(Ok((o, c))) => view! {
                <section id="outputs"><h2>"Outputs"</h2><KeyValueTable entries=Some(o) empty="No outputs."/></section>
                <section id="capabilities"><h2>"Capabilities"</h2><KeyValueTable entries=Some(c) empty="No capabilities."/></section>
            }.into_any(),
        }}
    }
}

/// The deployments labelled `csys-obj-parent=<this id>`: its environments and services.
#[component]
pub fn Children(deployment_id: String) -> impl IntoView {
    let api = use_api();
    let id = StoredValue::new(deployment_id);
    let data = LocalResource::new(move || {
        let call = Search::<Deployment>::deployments()
            .rules(vec![FilterRule::label(
                PARENT_LABEL,
                Operator::AnyOf,
                [id.get_value()],
            )])
            .list(
                ListQuery::new()
                    .include([
                        "id",
                        "display_name",
                        "deployment_status",
                        "environment_type",
                        "latest_execution_status",
                    ])
                    .sort(SortKey::asc("id"))
                    .page(100, 0),
            );
        async move { api.call(&call).await }
    });
    view! {
        <section id="children">
            <h2>"Environments and services"</h2>
            {move || match data.get() {
                None => view! { <Loading what="child deployments"/> }.into_any(),
                Some(Err(e)) => view! { <ErrorView error=e on_retry=move |_| data.refetch()/> }.into_any(),
                Some(Ok(p)) if p.items.is_empty() => view! { <p class="empty">"No child deployments."</p> }.into_any(),
                Some(Ok(p)) => {
                    let more = p.metadata.pagination.as_ref().map_or(0, |g| g.total).saturating_sub(p.items.len() as u64);
                    view! {
                        <table class="list compact children">
                            <thead><tr><th>"Deployment"</th><th>"Type"</th><th>"Status"</th><th>"Last execution"</th></tr></thead>
                            <tbody>{p.items.into_iter().map(|d| { let name = d.name().to_string(); view! {
                                <tr>
                                    <td><A href=href(&d.id)>{name}</A></td>
                                    <td>{d.environment_type.clone().unwrap_or_else(|| "—".into())}</td>
                                    <td>{status_badge(d.deployment_status.as_ref().map(|s| s.to_string()))}</td>
                                    <td>{status_badge(d.latest_execution_status.as_ref().map(|s| s.to_string()))}</td>
                                </tr>
                            }}).collect_view()}</tbody>
                        </table>
                        {(more > 0).then(|| view! { <p class="muted">{format!("and {more} more")}</p> })}
                    }.into_any()
                }
            }}
        </section>
    }
}

/// Dependencies from and to this deployment; add one, remove one.
#[component]
pub fn Dependencies(deployment_id: String) -> impl IntoView {
    let api = use_api();
    let id = StoredValue::new(deployment_id);
    let list = |field: &'static str, id: String| ListInterDeploymentDependencies {
        query: ListQuery::new()
            .filter(field, id)
            .include([
                "id",
                "dependency_creator",
                "source_deployment_id",
                "target_deployment_id",
            ])
            .page(100, 0),
    };
    let data = LocalResource::new(move || {
        let (from, to) = (
            list("source_deployment_id", id.get_value()),
            list("target_deployment_id", id.get_value()),
        );
        async move {
            let a = api.call(&from).await?;
            let b = api.call(&to).await?;
            Ok::<_, ApiError>((a.items, b.items))
        }
    });
    let target = RwSignal::new(String::new());
    let creator = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<ApiError>);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let t = target.get_untracked().trim().to_string();
        if t.is_empty() {
            return;
        }
        let c = Some(creator.get_untracked().trim().to_string())
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| format!("console.{t}"));
        let call = CreateInterDeploymentDependency {
            spec: DependencySpec {
                dependency_creator: c,
                source_deployment: id.get_value(),
                target_deployment: Some(t),
                ..Default::default()
            },
        };
        spawn_local(async move {
            match api.call(&call).await {
                Ok(_) => {
                    failure.set(None);
                    target.set(String::new());
                    creator.set(String::new());
                    data.refetch();
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    let remove = move |spec: DependencySpec| {
        spawn_local(async move {
            match api
                .call(&DeleteInterDeploymentDependency {
                    spec,
                    is_component_deletion: false,
                })
                .await
            {
                Ok(()) => {
                    failure.set(None);
                    data.refetch();
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    view! {
        <section id="dependencies">
            <h2>"Dependencies"</h2>
            {move || match data.get() {
                None => view! { <Loading what="dependencies"/> }.into_any(),
                Some(Err(e)) => view! { <ErrorView error=e on_retry=move |_| data.refetch()/> }.into_any(),
                Some(Ok((from, to))) if from.is_empty() && to.is_empty() => view! { <p class="empty">"No dependencies."</p> }.into_any(),
                Some(Ok((from, to))) => view! {
                    <table class="list compact dependencies">
                        <thead><tr><th>"Direction"</th><th>"Deployment"</th><th>"Created by"</th><th><span class="visually-hidden">"Actions"</span></th></tr></thead>
                        <tbody>
                            {from.into_iter().map(|d| (true, d)).chain(to.into_iter().map(|d| (false, d))).map(|(outgoing, d)| {
                                let other = if outgoing { d.target_deployment_id.clone() } else { d.source_deployment_id.clone() }.unwrap_or_default();
                                let spec = DependencySpec {
                                    dependency_creator: d.dependency_creator.clone(),
                                    source_deployment: d.source_deployment_id.clone().unwrap_or_default(),
                                    target_deployment: d.target_deployment_id.clone(),
                                    ..Default::default()
                                };
                                view! {
                                    <tr>
                                        <td>{if outgoing { "depends on" } else { "needed by" }}</td>
                                        <td><A href=href(&other) attr:class="mono">{other.clone()}</A></td>
                                        <td class="mono">{d.dependency_creator.clone()}</td>
                                        <td><button type="button" class="button" use:guard="inter_deployment_dependency_delete" on:click=move |_| remove(spec.clone())>"Remove"</button></td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
            }}
            <form class="inline-form" on:submit=add>
                <input name="dependency_target" placeholder="depends on deployment id" aria-label="Target deployment"
                    prop:value=move || target.get() on:input=move |ev| target.set(event_target_value(&ev))/>
                <input name="dependency_creator" placeholder="created by (optional)" aria-label="Dependency creator"
                    prop:value=move || creator.get() on:input=move |ev| creator.set(event_target_value(&ev))/>
                <button type="submit" class="button" use:guard="inter_deployment_dependency_create">"Add dependency"</button>
            </form>
            {move || failure.get().map(|e| view! { <ErrorView error=e/> })}
        </section>
    }
}

/// The deployment's updates, newest first.
#[component]
pub fn PastUpdates(deployment_id: String) -> impl IntoView {
    let api = use_api();
    let id = StoredValue::new(deployment_id);
    let data = LocalResource::new(move || {
        let call = ListDeploymentUpdates {
            query: ListQuery::new()
                .filter("deployment_id", id.get_value())
                .include([
                    "id",
                    "created_at",
                    "created_by",
                    "state",
                    "old_blueprint_id",
                    "new_blueprint_id",
                    "execution_id",
                ])
                .sort(SortKey::desc("created_at"))
                .page(20, 0),
        };
        async move { api.call(&call).await }
    });
    view! {
        <section id="updates">
            <h2>"Updates"</h2>
            {move || match data.get() {
                None => view! { <Loading what="updates"/> }.into_any(),
                Some(Err(e)) => view! { <ErrorView error=e on_retry=move |_| data.refetch()/> }.into_any(),
                Some(Ok(p)) if p.items.is_empty() => view! { <p class="empty">"Never updated."</p> }.into_any(),
                Some(Ok(p)) => view! {
                    <table class="list compact updates">
                        <thead><tr><th>"When"</th><th>"By"</th><th>"State"</th><th>"Blueprint"</th><th>"Execution"</th></tr></thead>
                        <tbody>{p.items.into_iter().map(|u| {
                            let bp = match (u.old_blueprint_id.clone(), u.new_blueprint_id.clone()) {
                                (Some(a), Some(b)) if a != b => format!("{a} → {b}"),
                                (_, b) => b.unwrap_or_default(),
                            };
                            view! {
                                <tr>
                                    <td><crate::components::clock::When t=u.created_at/></td>
                                    <td>{u.created_by.clone().unwrap_or_default()}</td>
                                    <td>{status_badge(u.state.as_ref().map(|s| s.to_string()))}</td>
                                    <td class="mono">{bp}</td>
                                    <td>{u.execution_id.clone().map(|x| view! { <A href=exec_href(&x) attr:class="mono">{x.clone()}</A> })}</td>
                                </tr>
                            }
                        }).collect_view()}</tbody>
                    </table>
                }.into_any(),
            }}
        </section>
    }
}
