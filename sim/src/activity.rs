//! Demo history for executions, groups, schedules, agents, plugins and snapshots: deterministic,
//! derived from the deployments the data set already has.

use chrono::{Duration, NaiveDateTime};
use serde_json::{json, Map};

use baton_core::conductor::agents::Agent;
use baton_core::conductor::executions::{Execution, ExecutionStatus};
use baton_core::conductor::plugins::Plugin;
use baton_core::conductor::resources::{DeploymentGroup, Ownership};
use baton_core::conductor::snapshots::{Snapshot, SnapshotStatus};
use baton_core::conductor::Visibility;
use baton_core::time::Timestamp;

use super::executions::{insert, new_id, node_instances, plan, NewExec};
use super::snapshots::SnapshotRecord;
use super::{schedules, TenantData};

const PLUGINS: &[(&str, &str, &str)] = &[
    ("cloudify-aws-plugin", "3.2.4", "AWS"),
    ("cloudify-azure-plugin", "3.8.1", "Azure"),
    ("cloudify-terraform-plugin", "0.20.3", "Terraform"),
    ("cloudify-kubernetes-plugin", "2.13.19", "Kubernetes"),
    ("cloudify-utilities-plugin", "1.26.1", "Utilities"),
    ("cloudify-ansible-plugin", "3.1.1", "Ansible"),
];

/// How many successful runs per tenant get a fully simulated history (with events and logs);
/// one failed run does too.
const LIVE_HISTORY: usize = 3;

/// Adds the demo activity to one tenant.
pub(super) fn seed_tenant(t: &mut TenantData, epoch: NaiveDateTime) {
    seed_plugins(t, epoch);
    seed_executions(t);
    seed_agents(t);
    // Rollout groups live in the main tenant only; the others keep an empty groups page.
    if t.name == "default_tenant" {
        seed_groups(t);
    }
    seed_schedules(t, epoch);
}

fn seed_plugins(t: &mut TenantData, epoch: NaiveDateTime) {
    let count = if t.name == "default_tenant" {
        PLUGINS.len()
    } else {
        3
    };
    for (i, (name, version, title)) in PLUGINS.iter().take(count).enumerate() {
        let id = new_id(t);
        let at = epoch + Duration::days(i as i64);
        t.plugins.push(Plugin {
            id,
            package_name: Some(name.to_string()),
            package_version: Some(version.to_string()),
            distribution: Some("rhel".into()),
            distribution_version: Some("9".into()),
            distribution_release: Some("plow".into()),
            supported_platform: Some("manylinux_2_28_x86_64".into()),
            title: Some(title.to_string()),
            uploaded_at: Some(Timestamp(at)),
            archive_name: Some(format!(
                "{}-{version}-py311-none-manylinux_2_28_x86_64.wgn",
                name.replace('-', "_")
            )),
            package_source: Some(format!("https://github.com/cloudify-cosmo/{name}")),
            wheels: Some(vec![format!(
                "{}-{version}-py3-none-any.whl",
                name.replace('-', "_")
            )]),
            excluded_wheels: Some(Vec::new()),
            supported_py_versions: Some(vec!["py311".into()]),
            installation_state: Some(vec![
                json!({"manager": "demo-manager", "state": "installed"}),
            ]),
            blueprint_labels: Some(json!({})),
            labels: Some(json!({})),
            resource_tags: Some(json!({})),
            owner: Ownership {
                visibility: Some(if i == 4 {
                    Visibility::Global
                } else {
                    Visibility::Tenant
                }),
                resource_availability: Some(Visibility::Tenant),
                private_resource: Some(false),
                tenant_name: Some(t.name.clone()),
                created_by: Some("admin".into()),
                created_at: Some(Timestamp(at)),
                updated_at: None,
            },
            ..Plugin::default()
        });
    }
}

fn seed_executions(t: &mut TenantData) {
    let mut live_left = LIVE_HISTORY;
    let mut failed_left = 1;
    for di in 0..t.deployments.len() {
        let d = &t.deployments[di];
        let Some(created) = d.created_at.map(|c| c.0) else {
            continue;
        };
        let st = d
            .latest_execution_status
            .clone()
            .unwrap_or(ExecutionStatus::Terminated);
        let blueprint = d.blueprint_id.clone().unwrap_or_default();
        let nodes = node_instances(&d.id, &blueprint);
        let steps = plan("install", &nodes);
        let total = steps.len();
        let start = created + Duration::minutes(1);
        let st_failed = st == ExecutionStatus::Failed;
        let live =
            (st == ExecutionStatus::Terminated && live_left > 0) || (st_failed && failed_left > 0);
        let mut params = Map::new();
        params.insert("node_ids".into(), json!([]));
        if st == ExecutionStatus::Failed && live {
            params.insert("fail".into(), json!(true));
        }
        let mut exec = Execution {
            id: String::new(),
            workflow_id: Some("install".into()),
            deployment_id: Some(d.id.clone()),
            deployment_display_name: d.display_name.clone(),
            blueprint_id: d.blueprint_id.clone(),
            is_system_workflow: Some(false),
            is_dry_run: Some(false),
            allow_custom_parameters: Some(live && st == ExecutionStatus::Failed),
            parameters: Some(params),
            visibility: Some(Visibility::Tenant),
            resource_availability: Some(Visibility::Tenant),
            private_resource: Some(false),
            tenant_name: Some(t.name.clone()),
            created_by: d.created_by.clone(),
            created_at: Some(Timestamp(start)),
            error: Some(String::new()),
            ..Execution::default()
        };
        if live {
            if st_failed {
                failed_left -= 1;
            } else {
                live_left -= 1;
            }
            exec.status = Some(ExecutionStatus::Pending);
            exec.status_display = Some("pending".into());
        } else {
            // Static history: the record states the outcome directly.
            let ops = match st {
                ExecutionStatus::Terminated => total,
                ExecutionStatus::Started => total / 2,
                _ => total.saturating_sub(2),
            };
            exec.started_at = Some(Timestamp(start + Duration::seconds(1)));
            if st.is_final() {
                exec.ended_at = Some(Timestamp(start + Duration::seconds(1 + 2 * ops as i64)));
            }
            if st == ExecutionStatus::Failed {
                exec.error = Some("RuntimeError: Workflow failed: Task failed 'script_runner.tasks.run' -> app failed: exit code 1 while running cloudify.interfaces.lifecycle.start".into());
            }
            exec.finished_operations = Some(ops as u64);
            exec.status_display = Some(st.display().to_string());
            exec.status = Some(st);
        }
        exec.id = new_id(t);
        let id = exec.id.clone();
        let fail = live && st_failed;
        insert(
            t,
            NewExec {
                exec,
                plan: steps,
                fail,
                live,
                force: false,
            },
        );
        t.deployments[di].latest_execution = Some(id);
    }
}

fn seed_agents(t: &mut TenantData) {
    let picked: Vec<(String, String, NaiveDateTime)> = t
        .deployments
        .iter()
        .filter(|d| {
            d.installation_status
                .as_ref()
                .is_some_and(|s| s.as_str() == "active")
        })
        .take(12)
        .map(|d| {
            (
                d.id.clone(),
                d.blueprint_id.clone().unwrap_or_default(),
                d.created_at.map(|c| c.0).unwrap_or_default(),
            )
        })
        .collect();
    for (n, (dep, bp, at)) in picked.into_iter().enumerate() {
        for (node, instance) in node_instances(&dep, &bp) {
            if node != "vm" && node != "node_pool" {
                continue;
            }
            let windows = n % 5 == 4;
            t.agents.push(Agent {
                id: instance.clone(),
                host_id: Some(instance),
                ip: Some(format!("10.{}.{}.{}", 10 + n % 3, n / 3, 20 + n)),
                install_method: Some(["remote", "init_script", "plugin", "provided"][n % 4].into()),
                system: Some(if windows { "windows" } else { "rhel 9.4 plow" }.into()),
                version: Some("7.1.0".into()),
                node: Some(node),
                deployment: Some(dep.clone()),
                tenant_name: Some(t.name.clone()),
                visibility: Some(Visibility::Tenant),
                state: Some("started".into()),
                created_at: Some(Timestamp(at + Duration::minutes(3))),
                extra: Map::new(),
            });
        }
    }
}

fn seed_groups(t: &mut TenantData) {
    let prod: Vec<String> = t
        .deployments
        .iter()
        .filter(|d| d.label("env") == Some("prod") && d.label("csys-obj-type").is_none())
        .take(8)
        .map(|d| d.id.clone())
        .collect();
    let staging: Vec<String> = t
        .deployments
        .iter()
        .filter(|d| d.label("env") == Some("staging") && d.label("csys-obj-type").is_none())
        .take(3)
        .map(|d| d.id.clone())
        .collect();
    for (id, description, members) in [
        (
            "prod-services",
            "Production services, rolled out together",
            prod,
        ),
        (
            "staging-canary",
            "Canary deployments for staged rollouts",
            staging,
        ),
        (
            "rollout-succeeded",
            "Deployments a group run succeeded on",
            Vec::new(),
        ),
        (
            "rollout-failed",
            "Deployments a group run failed on",
            Vec::new(),
        ),
    ] {
        t.groups.push(DeploymentGroup {
            id: id.into(),
            description: Some(description.into()),
            deployment_ids: members,
            owner: Ownership {
                visibility: Some(Visibility::Tenant),
                tenant_name: Some(t.name.clone()),
                created_by: Some("admin".into()),
                ..Ownership::default()
            },
            ..DeploymentGroup::default()
        });
    }
}

fn seed_schedules(t: &mut TenantData, epoch: NaiveDateTime) {
    let ids: Vec<String> = t.deployments.iter().take(3).map(|d| d.id.clone()).collect();
    let bodies = [
        (
            "nightly-heal-check",
            json!({"workflow_id": "update", "since": "2025-02-01 02:00:00", "recurrence": "1 day"}),
        ),
        (
            "weekday-scale",
            json!({"workflow_id": "scale", "since": "2025-02-03T08:00:00", "recurrence": "1 week", "weekdays": ["mo", "we", "fr"], "parameters": {"scalable_entity_name": "app", "delta": 1}}),
        ),
        (
            "month-end-uninstall",
            json!({"workflow_id": "uninstall", "since": "2025-02-01 23:00:00", "rrule": "RRULE:FREQ=MONTHLY;BYMONTHDAY=-1", "enabled": false}),
        ),
    ];
    for (dep, (id, body)) in ids.iter().zip(bodies) {
        schedules::seed(t, id, dep, body, epoch + Duration::days(30));
    }
}

/// One older snapshot, already created.
pub(super) fn seed_snapshots(epoch: NaiveDateTime) -> Vec<SnapshotRecord> {
    vec![SnapshotRecord {
        snapshot: Snapshot {
            id: "nightly-2025-06-01".into(),
            status: Some(SnapshotStatus::Created),
            error: Some(String::new()),
            created_at: Some(Timestamp(epoch + Duration::days(146))),
            created_by: Some("admin".into()),
            tenant_name: Some("default_tenant".into()),
            visibility: Some(Visibility::Private),
            resource_availability: Some(Visibility::Private),
            private_resource: Some(true),
            extra: Map::new(),
        },
        tenant: "default_tenant".into(),
        execution_id: None,
        archive: None,
    }]
}
