//! `/blueprints`.

use super::list::{list, ListSpec};
use super::{get_one, method_not_allowed, to_value, Ctx, DemoManager, Reply};

const SEARCH: ListSpec = ListSpec {
    search_fields: &["id"],
    search_name_field: None,
};

pub(super) fn route(m: &mut DemoManager, c: &Ctx) -> Option<Reply> {
    Some(match (c.method.as_str(), c.segs) {
        ("GET", ["blueprints"]) => m.in_tenant(c, |t| {
            list(t.blueprints.iter().map(to_value).collect(), c.list, &SEARCH)
        }),
        ("GET", ["blueprints", id]) => m.in_tenant(c, |t| {
            get_one(
                t.blueprints.iter().find(|b| b.id == *id),
                "Blueprint",
                id,
                c.list,
            )
        }),
        (_, ["blueprints"] | ["blueprints", _]) => method_not_allowed(),
        _ => return None,
    })
}
