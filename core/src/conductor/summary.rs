//! Aggregates (`/summary/<resource>`): counts grouped by a field, optionally sub-grouped.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::endpoint;
use crate::page::Page;
use crate::query::{ListQuery, Query};

/// What can be summarised, with the fields the manager groups each by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum SummaryResource {
    Blueprints,
    #[default]
    Deployments,
    Executions,
    Nodes,
    NodeInstances,
    ExecutionSchedules,
}

impl SummaryResource {
    pub const ALL: [SummaryResource; 6] = [
        SummaryResource::Blueprints,
        SummaryResource::Deployments,
        SummaryResource::Executions,
        SummaryResource::Nodes,
        SummaryResource::NodeInstances,
        SummaryResource::ExecutionSchedules,
    ];

    /// The path segment, which is also the count's key in each item.
    pub fn as_str(self) -> &'static str {
        match self {
            SummaryResource::Blueprints => "blueprints",
            SummaryResource::Deployments => "deployments",
            SummaryResource::Executions => "executions",
            SummaryResource::Nodes => "nodes",
            SummaryResource::NodeInstances => "node_instances",
            SummaryResource::ExecutionSchedules => "execution_schedules",
        }
    }

    pub fn from_segment(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The valid `_target_field` / `_sub_field` values.
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            SummaryResource::Blueprints => &["tenant_name", "visibility"],
            // `site_name`: the seed lists three fields, but the official console's sites map
            // asks a real manager for `_target_field=site_name` (reference §3), so it is valid.
            SummaryResource::Deployments => {
                &["blueprint_id", "tenant_name", "visibility", "site_name"]
            }
            SummaryResource::Executions => &[
                "status",
                "blueprint_id",
                "deployment_id",
                "workflow_id",
                "tenant_name",
                "visibility",
            ],
            SummaryResource::Nodes => &["deployment_id", "tenant_name", "visibility"],
            SummaryResource::NodeInstances => &[
                "deployment_id",
                "node_id",
                "host_id",
                "state",
                "tenant_name",
                "visibility",
            ],
            // What the Python client and the reference name for schedules.
            SummaryResource::ExecutionSchedules => &["deployment_id", "workflow_id", "recurrence"],
        }
    }
}

/// One group of a summary: `{<target_field>: value, <resource>: count, "by <sub_field>": [...]}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SummaryItem(pub Map<String, Value>);

impl SummaryItem {
    /// The group's value of `field` (`null` groups the items without one).
    pub fn value(&self, field: &str) -> Option<&Value> {
        self.0.get(field)
    }

    /// How many `resource` items the group has.
    pub fn count(&self, resource: SummaryResource) -> Option<u64> {
        self.0.get(resource.as_str()).and_then(Value::as_u64)
    }

    /// The sub-groups by `sub_field`, when one was asked for.
    pub fn sub_groups(&self, sub_field: &str) -> Vec<SummaryItem> {
        self.0
            .get(&format!("by {sub_field}"))
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_object().cloned().map(SummaryItem))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// `GET /summary/<resource>?_target_field=..&_sub_field=..`, with the resource's list
/// filters, `_all_tenants` and paging (the page is over the groups).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetSummary {
    pub resource: SummaryResource,
    pub target_field: String,
    pub sub_field: Option<String>,
    pub query: ListQuery,
}

endpoint!(GetSummary(this) -> Page<SummaryItem> {
    GET path = format!("/summary/{}", this.resource.as_str());
    query = {
        let mut q = Query::new().with("_target_field", this.target_field.clone());
        if let Some(s) = &this.sub_field {
            q.push("_sub_field", s.clone());
        }
        this.query.write(&mut q);
        q
    };
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conductor::testing::{line, no_body, response};
    use crate::endpoint::Endpoint;

    fn summary(resource: SummaryResource, target: &str, sub: Option<&str>) -> GetSummary {
        GetSummary {
            resource,
            target_field: target.into(),
            sub_field: sub.map(String::from),
            query: ListQuery::new(),
        }
    }

    #[test]
    fn summary_blueprints_seed_examples() {
        let mut e = summary(
            SummaryResource::Blueprints,
            "tenant_name",
            Some("visibility"),
        );
        e.query.all_tenants = true;
        assert_eq!(
            line(&e),
            "GET /api/v3.1/summary/blueprints?_target_field=tenant_name&_sub_field=visibility&_all_tenants=true"
        );
        no_body(&e);
        let seed = r#"{"items": [{"blueprints": 3, "by visibility": [{"blueprints": 3, "visibility": "tenant"}], "tenant_name": "test1"},
            {"blueprints": 3, "by visibility": [{"blueprints": 3, "visibility": "tenant"}], "tenant_name": "test2"}],
            "metadata": {"pagination": {"offset": 0, "size": 1000, "total": 3}}}"#;
        let page = e.parse(response(200, seed)).unwrap();
        let first = &page.items[0];
        assert_eq!(first.count(SummaryResource::Blueprints), Some(3));
        assert_eq!(first.value("tenant_name").unwrap(), "test1");
        let subs = first.sub_groups("visibility");
        assert_eq!(subs[0].value("visibility").unwrap(), "tenant");
    }

    #[test]
    fn summary_deployments_seed_examples() {
        let e = summary(SummaryResource::Deployments, "blueprint_id", None);
        assert_eq!(
            line(&e),
            "GET /api/v3.1/summary/deployments?_target_field=blueprint_id"
        );
        let seed = r#"{"items": [{"blueprint_id": "s", "deployments": 5}, {"blueprint_id": "sga", "deployments": 2}],
            "metadata": {"pagination": {"size": 1000, "total": 2, "offset": 0}}}"#;
        let page = e.parse(response(200, seed)).unwrap();
        assert_eq!(page.items[1].count(SummaryResource::Deployments), Some(2));
        assert!(page.items[1].sub_groups("tenant_name").is_empty());
    }

    #[test]
    fn summary_executions_seed_examples() {
        let mut e = summary(
            SummaryResource::Executions,
            "tenant_name",
            Some("workflow_id"),
        );
        e.query = ListQuery::new().filter("status", "failed").page(10, 0);
        assert_eq!(
            line(&e),
            "GET /api/v3.1/summary/executions?_target_field=tenant_name&_sub_field=workflow_id&status=failed&_size=10&_offset=0"
        );
        let seed = r#"{"items": [{"by workflow_id": [{"executions": 9, "workflow_id": "create_deployment_environment"},
            {"executions": 1, "workflow_id": "create_snapshot"}], "executions": 20, "tenant_name": "default_tenant"}],
            "metadata": {"pagination": {"offset": 0, "size": 1000, "total": 4}}}"#;
        let page = e.parse(response(200, seed)).unwrap();
        assert_eq!(page.items[0].count(SummaryResource::Executions), Some(20));
        assert_eq!(page.items[0].sub_groups("workflow_id").len(), 2);
    }

    #[test]
    fn summary_node_instances_seed_examples() {
        let e = summary(SummaryResource::NodeInstances, "node_id", Some("state"));
        assert_eq!(
            line(&e),
            "GET /api/v3.1/summary/node_instances?_target_field=node_id&_sub_field=state"
        );
        let seed = r#"{"items": [{"by state": [{"node_instances": 42, "state": "started"}], "node_id": "fakeapp1", "node_instances": 42}],
            "metadata": {"pagination": {"offset": 0, "size": 1000, "total": 5}}}"#;
        let page = e.parse(response(200, seed)).unwrap();
        assert_eq!(
            page.items[0].count(SummaryResource::NodeInstances),
            Some(42)
        );
    }

    /// The schedules summary the reference and the Python client have: by deployment or
    /// workflow, optionally by recurrence.
    #[test]
    fn summary_execution_schedules_request_and_answer() {
        let e = summary(
            SummaryResource::ExecutionSchedules,
            "deployment_id",
            Some("recurrence"),
        );
        assert_eq!(
            line(&e),
            "GET /api/v3.1/summary/execution_schedules?_target_field=deployment_id&_sub_field=recurrence"
        );
        let answer = r#"{"items": [{"deployment_id": "web", "execution_schedules": 2,
            "by recurrence": [{"recurrence": "1d", "execution_schedules": 2}]}],
            "metadata": {"pagination": {"offset": 0, "size": 1000, "total": 1}}}"#;
        let page = e.parse(response(200, answer)).unwrap();
        assert_eq!(
            page.items[0].count(SummaryResource::ExecutionSchedules),
            Some(2)
        );
        assert_eq!(page.items[0].sub_groups("recurrence").len(), 1);
        assert_eq!(
            SummaryResource::from_segment("execution_schedules"),
            Some(SummaryResource::ExecutionSchedules)
        );
    }

    #[test]
    fn summary_nodes_seed_examples() {
        let e = summary(SummaryResource::Nodes, "deployment_id", None);
        assert_eq!(
            line(&e),
            "GET /api/v3.1/summary/nodes?_target_field=deployment_id"
        );
        let seed = r#"{"items": [{"deployment_id": "s", "nodes": 1}, {"deployment_id": "sga", "nodes": 5}],
            "metadata": {"pagination": {"offset": 0, "size": 1000, "total": 7}}}"#;
        let page = e.parse(response(200, seed)).unwrap();
        assert_eq!(page.items[1].count(SummaryResource::Nodes), Some(5));
        assert_eq!(
            SummaryResource::from_segment("node_instances"),
            Some(SummaryResource::NodeInstances)
        );
        assert!(SummaryResource::Nodes.fields().contains(&"visibility"));
    }
}
