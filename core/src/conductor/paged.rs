//! Every list endpoint that keeps its parameters in a `ListQuery` can be walked page by page
//! with [`crate::walk::PageWalker`] (the admin lists declare theirs next to themselves).

use super::agents::{Agent, ListAgents};
use super::blueprints::{Blueprint, ListBlueprints};
use super::deployment_updates::{DeploymentUpdate, ListDeploymentUpdates};
use super::deployments::{
    Deployment, InterDeploymentDependency, ListDeployments, ListInterDeploymentDependencies,
    Workflow,
};
use super::events::{Event, ListEvents};
use super::execution_schedules::{ExecutionSchedule, ListExecutionSchedules};
use super::executions::{Execution, ExecutionGroup, ListExecutionGroups, ListExecutions};
use super::groups::ListDeploymentGroups;
use super::labels::{ListLabelKeys, ListLabelValues};
use super::nodes::{ListNodeInstances, ListNodes};
use super::operations::{ListOperations, Operation};
use super::plugins::{ListPlugins, ListPluginsUpdates, PluginsUpdate};
use super::resources::{DeploymentGroup, Node, NodeInstance, Plugin, SavedFilter, Secret, Site};
use super::saved_filters::ListFilters;
use super::secrets::{ListSecrets, ListSecretsProviders, SecretsProvider};
use super::sites::ListSites;
use super::snapshots::{ListSnapshots, Snapshot};
use super::workflows::ListWorkflows;

crate::impl_paged!(
    ListAgents => Agent,
    ListBlueprints => Blueprint,
    ListDeploymentUpdates => DeploymentUpdate,
    ListDeployments => Deployment,
    ListInterDeploymentDependencies => InterDeploymentDependency,
    ListEvents => Event,
    ListExecutionSchedules => ExecutionSchedule,
    ListExecutions => Execution,
    ListExecutionGroups => ExecutionGroup,
    ListDeploymentGroups => DeploymentGroup,
    ListLabelKeys => String,
    ListLabelValues => String,
    ListNodes => Node,
    ListNodeInstances => NodeInstance,
    ListOperations => Operation,
    ListPlugins => Plugin,
    ListPluginsUpdates => PluginsUpdate,
    ListFilters => SavedFilter,
    ListSecrets => Secret,
    ListSecretsProviders => SecretsProvider,
    ListSites => Site,
    ListSnapshots => Snapshot,
    ListWorkflows => Workflow,
);

#[cfg(all(test, feature = "sim"))]
mod tests {
    use chrono::NaiveDate;

    use crate::conductor::deployments::ListDeployments;
    use crate::sim::DemoManager;
    use crate::walk::PageWalker;
    use crate::{Credentials, Endpoint, Session};

    #[test]
    fn walks_every_deployment_of_the_demo_tenant() {
        let now = NaiveDate::from_ymd_opt(2026, 11, 22)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap();
        let mut m = DemoManager::demo();
        let s = Session::same_origin()
            .with_tenant("default_tenant")
            .with_credentials(Credentials::Basic {
                username: "admin".into(),
                password: "admin".into(),
            });
        let mut walker = PageWalker::new(ListDeployments::default(), 37);
        let mut ids = Vec::new();
        while let Some(call) = walker.next_request() {
            let req = call.request(&s);
            assert!(
                req.uri().query().unwrap().contains("_size=37"),
                "explicit page size"
            );
            let page = call.parse(m.handle(&req, now)).unwrap();
            ids.extend(walker.accept(page).into_iter().map(|d| d.id));
        }
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), m.tenants[0].deployments.len());
    }
}
