//! `/version`.

use super::list::project;
use super::{data, method_not_allowed, Ctx, DemoManager, Reply};

pub(super) fn route(_m: &mut DemoManager, c: &Ctx) -> Option<Reply> {
    match (c.method.as_str(), c.segs) {
        ("GET", ["version"]) => Some(Reply::json(200, project(data::version(), &c.list.include))),
        (_, ["version"]) => Some(method_not_allowed()),
        _ => None,
    }
}
