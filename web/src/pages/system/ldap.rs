//! LDAP sign-in: whether the manager authenticates through a directory, and pointing it at one.
//! The manager binds to the server before it saves the settings, so saving is the test: its
//! refusal (a wrong password, an unreachable server) is shown as it says it. Community managers
//! answer "premium only"; that is shown too, not hidden.

use baton_core::conductor::ldap::{GetLdap, LdapStatus, SetLdap};
use leptos::prelude::*;
use serde_json::{json, Map, Value};

use crate::api::use_api;
use crate::components::form::create::{flag, text, CreateForm};
use crate::components::{ErrorView, Loading};
use crate::permissions::guard;

fn schema() -> Value {
    let optional = |label: &str, help: &str| json!({"type": "string", "display_label": label, "required": false, "description": help});
    json!({
        "ldap_server": {"type": "string", "display_label": "Server", "required": true,
                        "description": "ldap://host:389 or ldaps://host:636",
                        "constraints": [{"pattern": "^ldaps?://.+"}]},
        "ldap_username": optional("Bind username", "The account the manager searches the directory with."),
        "ldap_password": optional("Bind password", ""),
        "ldap_is_active_directory": {"type": "boolean", "display_label": "Active Directory", "default": false},
        "ldap_domain": optional("Domain", "Active Directory's domain (example.org)."),
        "ldap_base_dn": optional("Base DN", "Where users and groups are searched (dc=example,dc=org)."),
        "ldap_group_dn": optional("Group DN", "Where groups are (ou=groups,dc=example,dc=org)."),
        "ldap_bind_format": optional("Bind format", "How a user's bind name is made, e.g. uid={username},ou=people,{base_dn}."),
        "ldap_user_filter": optional("User filter", ""),
        "ldap_group_member_filter": optional("Group member filter", ""),
        "ldap_attribute_email": optional("Email attribute", "mail"),
        "ldap_attribute_first_name": optional("First name attribute", "givenName"),
        "ldap_attribute_last_name": optional("Last name attribute", "sn"),
        "ldap_attribute_uid": optional("User id attribute", "uid"),
        "ldap_attribute_group_membership": optional("Group membership attribute", "memberOf"),
        "ldap_nested_levels": {"type": "integer", "display_label": "Nested group levels", "required": false,
                               "constraints": [{"in_range": [0, 10]}]},
        "ldap_ca_cert": {"type": "textarea", "display_label": "CA certificate (PEM, for ldaps)", "required": false},
    })
}

fn set_call(values: &Map<String, Value>) -> SetLdap {
    SetLdap {
        ldap_server: text(values, "ldap_server").unwrap_or_default(),
        ldap_username: text(values, "ldap_username"),
        ldap_password: text(values, "ldap_password"),
        ldap_is_active_directory: flag(values, "ldap_is_active_directory"),
        ldap_domain: text(values, "ldap_domain"),
        ldap_dn_extra: None,
        ldap_base_dn: text(values, "ldap_base_dn"),
        ldap_group_dn: text(values, "ldap_group_dn"),
        ldap_bind_format: text(values, "ldap_bind_format"),
        ldap_user_filter: text(values, "ldap_user_filter"),
        ldap_group_member_filter: text(values, "ldap_group_member_filter"),
        ldap_attribute_email: text(values, "ldap_attribute_email"),
        ldap_attribute_first_name: text(values, "ldap_attribute_first_name"),
        ldap_attribute_last_name: text(values, "ldap_attribute_last_name"),
        ldap_attribute_uid: text(values, "ldap_attribute_uid"),
        ldap_attribute_group_membership: text(values, "ldap_attribute_group_membership"),
        ldap_nested_levels: values
            .get("ldap_nested_levels")
            .and_then(Value::as_u64)
            .and_then(|n| u32::try_from(n).ok()),
        ldap_ca_cert: text(values, "ldap_ca_cert"),
    }
}

#[component]
pub fn LdapPanel() -> impl IntoView {
    let api = use_api();
    let data = LocalResource::new(move || async move { api.call(&GetLdap).await });
    let editing = RwSignal::new(false);
    let done = Callback::new(move |_| {
        editing.set(false);
        data.refetch();
    });
    view! {
        <section class="card" aria-labelledby="ldap-title">
            <header class="card-head"><h2 id="ldap-title">"LDAP sign-in"</h2></header>
            {move || match data.get() {
                None => view! { <Loading what="LDAP status"/> }.into_any(),
                Some(Err(e)) => view! { <ErrorView error=e on_retry=move |_| data.refetch()/> }.into_any(),
                Some(Ok(status)) => {
                    let server = match &status {
                        LdapStatus::Settings(s) => s.ldap_server.clone(),
                        LdapStatus::State(_) => None,
                    };
                    let words = if status.is_enabled() {
                        "Users sign in with their directory account; user groups follow the directory's groups."
                    } else {
                        "Off: users sign in with the manager's own accounts."
                    };
                    view! {
                        <p>{words}{server.map(|s| view! { " Server: "<span class="mono">{s}</span> })}</p>
                    }.into_any()
                }
            }}
            <Show when=move || !editing.get() fallback=move || view! {
                <CreateForm title="Point the manager at an LDAP server" schema=schema() submit_label="Test and save"
                    send=|api, values| Box::pin(async move {
                        api.call(&set_call(&values)).await.map(|s| {
                            format!("LDAP sign-in set: the manager reached {}.", s.ldap_server.unwrap_or_default())
                        })
                    })
                    done/>
            }>
                <p class="muted">"The manager binds to the server before it saves the settings: a wrong password or an unreachable server is refused, with the manager's own message."</p>
                <div class="actions">
                    <button class="button" use:guard="ldap_set" on:click=move |_| editing.set(true)>"Configure LDAP"</button>
                </div>
            </Show>
        </section>
    }
    .into_any()
}
