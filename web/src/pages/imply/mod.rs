//! Imply Cloud Manager clusters of one connection: list and detail. (Being built.)

use baton_core::cloud::ProviderKind;
use leptos::prelude::*;

use crate::connections::{from_route, missing};

#[component]
pub fn ImplyClustersPage() -> impl IntoView {
    match from_route(ProviderKind::Imply) {
        Ok(c) => view! { <h1>{c.name}</h1> }.into_any(),
        Err(reason) => missing(reason),
    }
}

#[component]
pub fn ImplyClusterPage() -> impl IntoView {
    ImplyClustersPage()
}
