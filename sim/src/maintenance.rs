//! `/maintenance`: maintenance mode. While it is on, [`super::admin::gate`] refuses the
//! other calls with 503. The demo manager runs no executions of its own, so activation
//! completes at once (a real manager stays `activating` until running executions end).

use serde_json::{json, Value};

use baton_core::time::Timestamp;

use super::admin::require_admin;
use super::reply::Reply;
use super::{method_not_allowed, Ctx, DemoManager};

fn state(m: &DemoManager) -> Value {
    let s = &m.admin.maintenance;
    let wire =
        |t: Option<chrono::NaiveDateTime>| t.map(|t| Timestamp(t).to_wire()).unwrap_or_default();
    json!({
        "status": if s.activated_at.is_some() { "activated" } else { "deactivated" },
        "activated_at": wire(s.activated_at),
        "activation_requested_at": wire(s.activated_at),
        "remaining_executions": [],
        "requested_by": s.requested_by.clone().unwrap_or_default(),
    })
}

pub(super) fn route(m: &mut DemoManager, c: &Ctx) -> Option<Reply> {
    Some(match (c.method.as_str(), c.segs) {
        ("GET", ["maintenance"]) => Reply::json(200, state(m)),
        ("POST", ["maintenance", action @ ("activate" | "deactivate")]) => {
            if let Err(reply) = require_admin(m, c, "maintenance_mode_set") {
                return Some(reply);
            }
            let on = *action == "activate";
            // Asking for the state already in place: 304 without a body.
            if m.admin.maintenance.activated_at.is_some() == on {
                return Some(Reply::json(304, Value::Null));
            }
            m.admin.maintenance.activated_at = on.then_some(c.now);
            m.admin.maintenance.requested_by = on.then(|| m.users[c.caller.user].username.clone());
            Reply::json(200, state(m))
        }
        (_, ["maintenance", ..]) if c.segs.len() <= 2 => method_not_allowed(),
        _ => return None,
    })
}
