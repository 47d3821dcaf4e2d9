//! `/tenants`.

use serde_json::json;

use super::list::{list, ListSpec};
use super::{method_not_allowed, Ctx, DemoManager, Reply};

const SEARCH: ListSpec = ListSpec {
    search_fields: &["name"],
    search_name_field: None,
};

pub(super) fn route(m: &mut DemoManager, c: &Ctx) -> Option<Reply> {
    match (c.method.as_str(), c.segs) {
        ("GET", ["tenants"]) => {
            let items = m
                .visible_tenants(c.caller)
                .into_iter()
                .map(|(name, _)| {
                    let users = m.users.iter().filter(|u| u.tenants.iter().any(|(t, _)| *t == name)).count();
                    json!({"name": name, "users": users, "groups": 0, "user_roles": null,
                           "rabbitmq_username": null, "rabbitmq_password": null, "rabbitmq_vhost": null})
                })
                .collect();
            Some(list(items, c.list, &SEARCH))
        }
        (_, ["tenants"]) => Some(method_not_allowed()),
        _ => None,
    }
}
