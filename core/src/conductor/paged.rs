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
