//! `GET /workflows`: the workflows of the deployments a filter selects.

use crate::endpoint::endpoint;
use crate::page::Page;
use crate::query::ListQuery;

use super::deployments::Workflow;

/// `GET /workflows`: the distinct workflows of the deployments selected by field filters
/// (`id`, `blueprint_id`, ...), `_search` (deployment id), `_filter_id` or
/// `deployment_group_id`. Not paged.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListWorkflows {
    pub query: ListQuery,
    /// `_filter_id`: a saved deployments filter.
    pub filter_id: Option<String>,
    /// `deployment_group_id`: the deployments of this group.
    pub deployment_group_id: Option<String>,
}

endpoint!(ListWorkflows(this) -> Page<Workflow> {
    GET "/workflows";
    query = {
        let mut q = this.query.to_query();
        if let Some(f) = &this.filter_id {
            q.push("_filter_id", f.clone());
        }
        if let Some(g) = &this.deployment_group_id {
            q.push("deployment_group_id", g.clone());
        }
        q
    };
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conductor::testing::{line, no_body, response};
    use crate::endpoint::Endpoint;

    #[test]
    fn list_workflows_request_and_seed_example() {
        let e = ListWorkflows {
            query: ListQuery::new().filter("id", "dep1"),
            filter_id: Some("csys-environment-filter".into()),
            deployment_group_id: Some("g1".into()),
        };
        assert_eq!(
            line(&e),
            "GET /api/v3.1/workflows?id=dep1&_filter_id=csys-environment-filter&deployment_group_id=g1"
        );
        no_body(&e);
        // The seed's example misses two commas after `"name": ...`; this is it, repaired.
        let seed = r#"{"items": [
            {"name": "hello1", "created_at": "2021-04-27T06:51:29.541Z", "parameters": {}, "plugin": "cloudify-hello-plugin", "operation": "", "is_available": true},
            {"name": "hello2", "created_at": "2021-04-27T06:51:29.542Z", "parameters": {}, "plugin": "cloudify-hello-plugin", "operation": "", "is_available": false},
            {"name": "hello3", "created_at": "2021-04-27T06:51:29.543Z", "parameters": {}, "plugin": "cloudify-hello-plugin", "operation": "", "is_available": true}],
            "metadata": {"pagination": {"total": 3, "offset": 0, "size": 3}}}"#;
        let page = e.parse(response(200, seed)).unwrap();
        assert_eq!(page.items.len(), 3);
        assert_eq!(page.items[1].is_available, Some(false));
        assert_eq!(
            page.items[0].plugin.as_deref(),
            Some("cloudify-hello-plugin")
        );
        assert!(page.is_last());
    }
}
