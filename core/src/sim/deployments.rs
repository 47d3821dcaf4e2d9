//! `/deployments`.

use super::list::{list, ListSpec};
use super::{get_one, method_not_allowed, to_value, Ctx, DemoManager, Reply};

const SEARCH: ListSpec = ListSpec {
    search_fields: &["id"],
    search_name_field: Some("display_name"),
};

pub(super) fn route(m: &mut DemoManager, c: &Ctx) -> Option<Reply> {
    Some(match (c.method.as_str(), c.segs) {
        ("GET", ["deployments"]) => m.in_tenant(c, |t| {
            list(
                t.deployments.iter().map(to_value).collect(),
                c.list,
                &SEARCH,
            )
        }),
        ("GET", ["deployments", id]) => m.in_tenant(c, |t| {
            get_one(
                t.deployments.iter().find(|d| d.id == *id),
                "Deployment",
                id,
                c.list,
            )
        }),
        (_, ["deployments"] | ["deployments", _]) => method_not_allowed(),
        _ => return None,
    })
}
