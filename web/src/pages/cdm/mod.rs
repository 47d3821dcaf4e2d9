//! Open Telekom Cloud CDM clusters of one connection: list and detail. (Being built.)

use baton_core::cloud::ProviderKind;
use leptos::prelude::*;

use crate::connections::{from_route, missing};

#[component]
pub fn CdmClustersPage() -> impl IntoView {
    match from_route(ProviderKind::Cdm) {
        Ok(c) => view! { <h1>{c.name}</h1> }.into_any(),
        Err(reason) => missing(reason),
    }
}

#[component]
pub fn CdmClusterPage() -> impl IntoView {
    CdmClustersPage()
}
