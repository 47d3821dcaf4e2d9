//! Events and logs (`GET /events`): what executions report as they run.

use super::endpoint;
use crate::endpoint::{parse_json, RequestBody, Response};
use crate::page::Page;
use crate::query::{ListQuery, Query, Range};

pub use super::resources::{ErrorCause, Event};

/// The filters `GET /events` accepts. A repeated value means any of them; different fields are
/// AND-ed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventFilter {
    pub blueprint_id: Vec<String>,
    pub deployment_id: Vec<String>,
    pub execution_id: Vec<String>,
    pub execution_group_id: Vec<String>,
    /// Node names (`node_id` on the wire, as stage sends it).
    pub node_id: Vec<String>,
    pub node_instance_id: Vec<String>,
    /// `workflow_started`, `task_failed`... (events only).
    pub event_type: Vec<String>,
    /// `info`, `error`... (logs only).
    pub level: Vec<String>,
    /// `cloudify_event` and/or `cloudify_log`.
    pub kind: Vec<String>,
    /// SQL LIKE pattern on the message: `%` matches any run of characters (`%failed%`). Sent
    /// as `message.text`, the field the manager (and its Python client) filters on; a plain
    /// `message` parameter is ignored by the manager.
    pub message: Option<String>,
    /// SQL LIKE pattern on the operation name.
    pub operation: Option<String>,
}

impl EventFilter {
    /// Writes the filters; without an explicit `kind`, the types `include_logs` implies
    /// (`cloudify_event`, plus `cloudify_log` with logs), as the Python client sends them.
    fn write(&self, q: &mut Query, include_logs: Option<bool>) {
        let many = |q: &mut Query, key: &str, values: &[String]| {
            for v in values {
                q.push(key, v.clone());
            }
        };
        many(q, "blueprint_id", &self.blueprint_id);
        many(q, "deployment_id", &self.deployment_id);
        many(q, "execution_id", &self.execution_id);
        many(q, "execution_group_id", &self.execution_group_id);
        many(q, "node_id", &self.node_id);
        many(q, "node_instance_id", &self.node_instance_id);
        many(q, "event_type", &self.event_type);
        many(q, "level", &self.level);
        if self.kind.is_empty() {
            q.push("type", "cloudify_event");
            if include_logs == Some(true) {
                q.push("type", "cloudify_log");
            }
        }
        many(q, "type", &self.kind);
        // The manager matches the message with `message.text`, as the Python client sends it.
        if let Some(m) = &self.message {
            q.push("message.text", m.clone());
        }
        if let Some(o) = &self.operation {
            q.push("operation", o.clone());
        }
    }
}

/// `GET /events`. Time windows go in `query.range` (`@timestamp`, `timestamp` or
/// `@reported_timestamp`, either end open); see [`ListEvents::between`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListEvents {
    pub filter: EventFilter,
    /// Logs too; without it (and without `type`) the manager answers events only.
    pub include_logs: Option<bool>,
    pub query: ListQuery,
}

impl ListEvents {
    /// The newest `size` entries of one execution, events and logs (the execution logs view).
    pub fn for_execution(execution_id: impl Into<String>, size: u32) -> Self {
        let mut e = ListEvents {
            include_logs: Some(true),
            ..ListEvents::default()
        };
        e.filter.execution_id.push(execution_id.into());
        e.query = ListQuery::new()
            .sort(crate::query::SortKey::desc("reported_timestamp"))
            .page(size, 0);
        e
    }

    /// One window of a log view: `size` entries from `offset`, oldest first, so offsets stay
    /// put while new entries arrive at the end (what `cfy events list --tail` pages over).
    pub fn window(filter: EventFilter, offset: u32, size: u32) -> Self {
        ListEvents {
            filter,
            include_logs: Some(true),
            query: ListQuery::new()
                .sort(crate::query::SortKey::asc("reported_timestamp"))
                .page(size, offset),
        }
    }

    /// Adds a `_range=<field>,<from>,<to>` window; `None` leaves that end open.
    pub fn between(mut self, field: &str, from: Option<String>, to: Option<String>) -> Self {
        self.query.range.push(Range {
            field: field.to_string(),
            from,
            to,
        });
        self
    }
}

/// `DELETE /events` `{deployment_id, include_logs, store_before}` with the time window as
/// `_range=@timestamp,<from>,<to>`: deletes a deployment's events (and logs, if asked), as the
/// Python client's `events.delete` sends it. The answer is a list holding the count deleted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeleteEvents {
    pub deployment_id: String,
    pub include_logs: bool,
    /// Store the events in a file on the manager before deleting them.
    pub store_before: bool,
    /// Only events at or after this time (`2026-11-22T10:00:00.000Z`).
    pub from: Option<String>,
    /// Only events at or before this time.
    pub to: Option<String>,
}

endpoint!(DeleteEvents(this) -> u64 {
    DELETE "/events";
    query = if this.from.is_some() || this.to.is_some() {
        Query::new().with(
            "_range",
            format!(
                "@timestamp,{},{}",
                this.from.as_deref().unwrap_or(""),
                this.to.as_deref().unwrap_or("")
            ),
        )
    } else {
        Query::new()
    };
    body = RequestBody::json(&serde_json::json!({
        "deployment_id": this.deployment_id,
        "include_logs": this.include_logs,
        "store_before": this.store_before,
    }));
    parse = |r: Response| {
        let page: Page<serde_json::Value> = parse_json(r)?;
        Ok(page
            .items
            .first()
            .and_then(|i| i.get("count"))
            .and_then(serde_json::Value::as_u64)
            .unwrap_or(0))
    };
});

endpoint!(ListEvents(this) -> Page<Event> {
    GET "/events";
    query = {
        let mut q = Query::new();
        this.filter.write(&mut q, this.include_logs);
        q = q.flag("include_logs", this.include_logs);
        this.query.write(&mut q);
        q
    };
});
