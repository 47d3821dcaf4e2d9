//! Lyve Cloud account of one connection: permissions, service accounts, usage. (Being built.)

use baton_core::cloud::ProviderKind;
use leptos::prelude::*;

use crate::connections::{from_route, missing};

#[component]
pub fn LyvePage() -> impl IntoView {
    match from_route(ProviderKind::Lyve) {
        Ok(c) => view! { <h1>{c.name}</h1> }.into_any(),
        Err(reason) => missing(reason),
    }
}
