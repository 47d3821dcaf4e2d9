//! The demo data set: deterministic, so screenshots and tests see the same manager every time.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde_json::{json, Map, Value};

use baton_core::conductor::blueprints::{Blueprint, BlueprintState};
use baton_core::conductor::deployments::Deployment;
use baton_core::conductor::deployments::{DeploymentStatus, InstallationStatus, Workflow};
use baton_core::conductor::executions::ExecutionStatus;
use baton_core::conductor::{Label, Visibility};
use baton_core::time::Timestamp;

use super::{DemoManager, TenantData, UserRecord};

pub use baton_core::demo::{DemoUser, DEMO_USERS};

/// A small deterministic generator (SplitMix64), so the data set never changes between runs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

fn epoch() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2025, 1, 6)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .unwrap_or_default()
}

pub fn version() -> Value {
    json!({"edition": "premium", "version": "7.1.0", "build": "demo", "date": "2026-10-01",
           "commit": null, "distribution": "demo", "distro_release": "baton"})
}

pub fn empty_manager() -> DemoManager {
    let mut m = DemoManager {
        tenants: vec![TenantData {
            name: "default_tenant".into(),
            ..TenantData::default()
        }],
        users: vec![UserRecord {
            username: "admin".into(),
            password: "admin".into(),
            role: "sys_admin".into(),
            tenants: vec![("default_tenant".into(), "manager".into())],
            created_at: epoch(),
            last_login_at: None,
            account: Default::default(),
        }],
        admin: super::admin::AdminState {
            permissions: default_permissions(),
            managers: managers(),
            ..Default::default()
        },
        ..DemoManager::default()
    };
    super::seed::system(&mut m);
    m
}

const BLUEPRINTS: &[(&str, &str)] = &[
    ("hello-world", "A web server on a single VM."),
    ("web-app", "Three-tier web application behind a load balancer."),
    ("db-cluster", "A small PostgreSQL cluster with streaming replication."),
    ("environment", "An environment that groups services."),
    ("k8s-cluster", "Managed Kubernetes cluster with autoscaling node pools."),
    ("vpc-network", "VPC with public and private subnets and NAT."),
    ("redis-cache", "Redis with sentinel failover."),
    ("kafka-broker", "Three-broker Kafka cluster."),
    ("aws-terraform-vm", "An EC2 instance provisioned through Terraform."),
    ("azure-aks", "AKS cluster with a system and a user node pool."),
    ("gcp-gke", "GKE Autopilot cluster."),
    ("nginx-lb", "NGINX reverse proxy and load balancer."),
    ("postgres-ha", "PostgreSQL with Patroni and HAProxy."),
    ("monitoring-stack", "Prometheus, Alertmanager and Grafana."),
    ("elk-logging", "Elasticsearch, Logstash and Kibana."),
    ("vault", "HashiCorp Vault in HA mode."),
    ("consul", "Consul servers and agents."),
    ("rabbitmq", "RabbitMQ cluster with quorum queues."),
    ("minio-storage", "S3-compatible object storage."),
    ("ci-runner", "Autoscaling CI runners."),
    ("edge-gateway", "5G edge gateway appliance."),
    ("vrouter", "Virtual router VNF."),
    ("firewall-vnf", "Next-generation firewall VNF."),
    ("ansible-config", "Configuration applied with Ansible playbooks."),
    ("helm-release", "A Helm chart released into an existing cluster."),
    ("batch-workers", "Queue-driven batch workers."),
    ("broken-bp", "A blueprint whose upload failed validation."),
    (
        "enterprise-resource-planning-suite-with-integrated-analytics-data-warehouse-and-regional-failover-for-the-emea-and-apac-business-units",
        "A blueprint with a very long name, to check that every page still reads.",
    ),
    ("ml-inference", "GPU inference service."),
    ("sftp-drop", "SFTP landing zone for partner files."),
];

const ENVS: &[&str] = &["prod", "staging", "dev", "qa"];
const REGIONS: &[&str] = &[
    "us-east-1",
    "us-west-2",
    "eu-west-1",
    "eu-central-1",
    "ap-south-1",
    "ap-northeast-1",
];
const TIERS: &[&str] = &["frontend", "backend", "data", "network"];
const OWNERS: &[&str] = &["alice", "bob", "carol", "platform-team", "sre"];
const SITES: &[Option<&str>] = &[
    Some("new-york"),
    Some("london"),
    Some("tel-aviv"),
    Some("tokyo"),
    None,
];
const OBJ_TYPES: &[&str] = &["service", "aws", "azure", "terraform", "k8s"];

fn label(key: &str, value: &str, at: NaiveDateTime, by: &str) -> Label {
    Label {
        key: key.into(),
        value: value.into(),
        created_at: Some(Timestamp(at)),
        created_by: Some(by.into()),
    }
}

pub(super) fn workflows() -> Vec<Workflow> {
    let wf = |name: &str, params: Value| Workflow {
        name: name.into(),
        plugin: Some("default_workflows".into()),
        operation: Some(format!("cloudify.plugins.workflows.{name}")),
        parameters: params.as_object().cloned(),
        is_cascading: Some(false),
        is_available: Some(true),
        availability_rules: None,
        created_at: None,
        extra: Map::new(),
    };
    vec![
        wf(
            "install",
            json!({"node_ids": {"default": [], "type": "list", "item_type": "node_id"}}),
        ),
        wf(
            "uninstall",
            json!({"ignore_failure": {"default": false, "type": "boolean"}}),
        ),
        wf("update", json!({})),
        wf(
            "heal",
            json!({"node_instance_id": {"type": "node_instance", "description": "The instance to heal"}}),
        ),
        wf(
            "scale",
            json!({"scalable_entity_name": {"type": "string"}, "delta": {"default": 1, "type": "integer"}}),
        ),
    ]
}

fn blueprints_for(rng: &mut Rng, names: &[(&str, &str)], creator: &str) -> Vec<Blueprint> {
    names
        .iter()
        .enumerate()
        .map(|(i, (id, description))| {
            let created = epoch() + Duration::hours(7 * i as i64 + rng.below(5) as i64);
            let broken = *id == "broken-bp";
            let mut labels = vec![label("tier", TIERS[i % TIERS.len()], created, creator)];
            if i % 3 == 0 {
                labels.push(label("team", OWNERS[i % OWNERS.len()], created, creator));
            }
            Blueprint {
                id: (*id).into(),
                description: Some((*description).into()),
                main_file_name: Some("blueprint.yaml".into()),
                state: Some(if broken { BlueprintState::Invalid } else { BlueprintState::Uploaded }),
                error: broken.then(|| "Invalid blueprint - Could not locate node type: 'cloudify.nodes.DoesNotExist'".into()),
                visibility: Some(if i % 9 == 4 { Visibility::Global } else { Visibility::Tenant }),
                created_by: Some(creator.into()),
                created_at: Some(Timestamp(created)),
                updated_at: Some(Timestamp(created + Duration::minutes(3))),
                labels: Some(labels),
                plan: (!broken).then(|| blueprint_plan(id, true)),
                ..Blueprint::default()
            }
        })
        .collect()
}

fn deployments_for(
    rng: &mut Rng,
    tenant: &str,
    blueprints: &[Blueprint],
    count: usize,
) -> Vec<Deployment> {
    let usable: Vec<&Blueprint> = blueprints.iter().filter(|b| b.id != "broken-bp").collect();
    let mut out: Vec<Deployment> = Vec::with_capacity(count);
    let mut environments: Vec<String> = Vec::new();
    for n in 0..count {
        let env = *rng.pick(ENVS);
        let region = *rng.pick(REGIONS);
        let created =
            epoch() + Duration::minutes(37 * n as i64 + rng.below(30) as i64) + Duration::days(40);
        let creator = *rng.pick(&["admin", "alice", "bob"]);
        let is_env = n % 20 == 0;
        let bp = if is_env {
            usable
                .iter()
                .find(|b| b.id == "environment")
                .copied()
                .unwrap_or(usable[0])
        } else {
            *rng.pick(&usable)
        };
        let short: String = bp
            .id
            .chars()
            .take(24)
            .collect::<String>()
            .trim_end_matches('-')
            .to_string();
        let id = format!("{short}-{env}-{region}-{n:03}");
        let mut labels = vec![
            label("env", env, created, creator),
            label("region", region, created, creator),
            label("tier", TIERS[rng.below(TIERS.len())], created, creator),
        ];
        if is_env {
            labels.push(label("csys-obj-type", "environment", created, creator));
            environments.push(id.clone());
        } else {
            labels.push(label(
                "obj-type",
                OBJ_TYPES[rng.below(OBJ_TYPES.len())],
                created,
                creator,
            ));
            if !environments.is_empty() && rng.chance(40) {
                let parent = rng.pick(&environments).clone();
                labels.push(label("csys-obj-parent", &parent, created, creator));
            }
        }
        if rng.chance(50) {
            labels.push(label(
                "owner",
                OWNERS[rng.below(OWNERS.len())],
                created,
                creator,
            ));
        }
        let roll = rng.below(100);
        let (installation, status, latest) = match roll {
            0..=69 => (
                InstallationStatus::Active,
                DeploymentStatus::Good,
                ExecutionStatus::Terminated,
            ),
            70..=79 => (
                InstallationStatus::Active,
                DeploymentStatus::InProgress,
                ExecutionStatus::Started,
            ),
            80..=91 => (
                InstallationStatus::Inactive,
                DeploymentStatus::RequiresAttention,
                ExecutionStatus::Failed,
            ),
            _ => (
                InstallationStatus::Inactive,
                DeploymentStatus::Good,
                ExecutionStatus::Cancelled,
            ),
        };
        let display_name = match n {
            7 => "Customer-facing checkout service for the spring campaign, mirrored across three availability zones with blue/green cut-over and a deliberately very long display name".to_string(),
            _ if is_env => format!("{} environment {}", capitalise(env), region),
            _ => format!("{} {} ({env}, {region})", bp.id.replace('-', " "), n),
        };
        let port = 8000 + rng.below(1000);
        out.push(Deployment {
            id,
            display_name: Some(display_name),
            description: bp.description.clone(),
            blueprint_id: Some(bp.id.clone()),
            site_name: rng.pick(SITES).map(String::from),
            visibility: Some(Visibility::Tenant),
            resource_availability: Some(Visibility::Tenant),
            private_resource: Some(false),
            tenant_name: Some(tenant.into()),
            created_by: Some(creator.into()),
            created_at: Some(Timestamp(created)),
            updated_at: Some(Timestamp(created + Duration::minutes(rng.below(600) as i64))),
            labels: Some(labels),
            inputs: json!({"region": region, "instance_type": rng.pick(&["t3.small", "m5.large", "c6i.xlarge"]),
                           "port": port, "enable_backups": env == "prod"})
            .as_object()
            .cloned(),
            outputs: json!({"endpoint": {"description": "Service endpoint", "value": format!("https://{env}.{region}.example.com:{port}")}})
                .as_object()
                .cloned(),
            capabilities: json!({"port": {"value": port}}).as_object().cloned(),
            workflows: Some(workflows()),
            installation_status: Some(installation),
            deployment_status: Some(status),
            latest_execution_status: Some(latest),
            latest_execution_workflow_id: Some("install".into()),
            environment_type: Some(if is_env { env.to_string() } else { String::new() }),
            sub_services_count: Some(0),
            sub_environments_count: Some(0),
            groups: Some(json!({})),
            scaling_groups: Some(json!({})),
            ..Deployment::default()
        });
    }
    // Environments count their direct children.
    let counts: Vec<(String, u64)> = environments
        .iter()
        .map(|e| {
            (
                e.clone(),
                out.iter()
                    .filter(|d| d.label("csys-obj-parent") == Some(e))
                    .count() as u64,
            )
        })
        .collect();
    for d in out.iter_mut() {
        if let Some((_, c)) = counts.iter().find(|(e, _)| *e == d.id) {
            d.sub_services_count = Some(*c);
        }
    }
    out
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

pub fn demo_manager() -> DemoManager {
    demo_manager_sized(false)
}

/// How many blueprints and deployments the large demo's main tenant has.
pub const LARGE_BLUEPRINTS: usize = 50;
pub const LARGE_DEPLOYMENTS: usize = 10_000;

/// The demo data; `large` gives the main tenant 10,000 deployments across 50 blueprints (the
/// other tenants, users and the rest stay as in the ordinary demo).
pub fn demo_manager_sized(large: bool) -> DemoManager {
    let mut rng = Rng(0x00ba_7011);
    // Past the named blueprints, numbered second versions of them.
    let large_names: Vec<(String, &str)> = (0..LARGE_BLUEPRINTS)
        .map(|i| {
            let (id, description) = BLUEPRINTS[i % BLUEPRINTS.len()];
            match i / BLUEPRINTS.len() {
                0 => (id.to_string(), description),
                n => (format!("{id}-v{}", n + 1), description),
            }
        })
        .collect();
    let large_refs: Vec<(&str, &str)> = large_names.iter().map(|(i, d)| (i.as_str(), *d)).collect();
    let default_bps = if large {
        blueprints_for(&mut rng, &large_refs, "admin")
    } else {
        blueprints_for(&mut rng, &BLUEPRINTS[..22], "admin")
    };
    let default_count = if large { LARGE_DEPLOYMENTS } else { 480 };
    let payments_bps = blueprints_for(&mut rng, &BLUEPRINTS[22..28], "bob");
    let research_bps = blueprints_for(&mut rng, &BLUEPRINTS[28..], "admin");
    let mut tenants = vec![
        TenantData {
            name: "default_tenant".into(),
            deployments: deployments_for(&mut rng, "default_tenant", &default_bps, default_count),
            blueprints: default_bps,
            ..TenantData::default()
        },
        TenantData {
            name: "payments".into(),
            deployments: deployments_for(&mut rng, "payments", &payments_bps, 90),
            blueprints: payments_bps,
            ..TenantData::default()
        },
        TenantData {
            name: "research".into(),
            deployments: deployments_for(&mut rng, "research", &research_bps, 30),
            blueprints: research_bps,
            ..TenantData::default()
        },
    ];
    for t in tenants.iter_mut() {
        fill_resources(t);
    }
    let user = |name: &str, role: &str, tenants: &[(&str, &str)]| UserRecord {
        username: name.into(),
        password: DEMO_USERS
            .iter()
            .find(|u| u.username == name)
            .map(|u| u.password)
            .unwrap_or(name)
            .into(),
        role: role.into(),
        tenants: tenants
            .iter()
            .map(|(t, r)| (t.to_string(), r.to_string()))
            .collect(),
        created_at: epoch(),
        last_login_at: None,
        account: Default::default(),
    };
    for t in tenants.iter_mut() {
        super::activity::seed_tenant(t, epoch());
    }
    let mut m = DemoManager {
        tenants,
        snapshots: super::activity::seed_snapshots(epoch()),
        users: vec![
            user("admin", "sys_admin", &[("default_tenant", "manager")]),
            user("alice", "default", &[("default_tenant", "manager")]),
            user(
                "bob",
                "default",
                &[("default_tenant", "user"), ("payments", "user")],
            ),
            user("carol", "default", &[("research", "viewer")]),
        ],
        admin: demo_admin(),
        ..DemoManager::default()
    };
    super::seed::demo(&mut m);
    m
}

/// The parsed plan of a demo blueprint: the four inputs every demo deployment has, a VM and
/// an application contained in it, an endpoint output and a port capability. `region` has no
/// default when `region_required`, so creating a deployment can miss an input.
fn demo_plan_plugin(id: &str) -> Value {
    let (name, version) = if id.bytes().map(u32::from).sum::<u32>() % 2 == 0 {
        ("cloudify-aws-plugin", "3.2.4")
    } else {
        ("cloudify-terraform-plugin", "0.20.3")
    };
    json!({"name": name.trim_start_matches("cloudify-"), "package_name": name,
           "package_version": version, "executor": "central_deployment_agent", "install": true})
}

pub(super) fn blueprint_plan(id: &str, region_required: bool) -> Value {
    let scalable = json!({"scalable": {"properties": {"default_instances": 1, "min_instances": 0,
        "max_instances": -1, "current_instances": 1, "planned_instances": 1}}});
    let mut region = json!({"type": "string", "description": "The cloud region to deploy in"});
    if !region_required {
        region["default"] = json!("us-east-1");
    }
    json!({
        "description": format!("Demo blueprint {id}."),
        "inputs": {
            "region": region,
            "instance_type": {"type": "string", "default": "t3.small",
                              "constraints": [{"valid_values": ["t3.small", "m5.large", "c6i.xlarge"]}]},
            "port": {"type": "integer", "default": 8080, "description": "Port the service listens on"},
            "enable_backups": {"type": "boolean", "default": false}
        },
        "outputs": {
            "endpoint": {"description": "Service endpoint",
                         "value": {"concat": ["https://", {"get_input": "region"}, ".example.com:", {"get_input": "port"}]}}
        },
        "capabilities": {"port": {"value": {"get_input": "port"}}},
        // Half the demo blueprints use the AWS plugin, the others Terraform: those two cannot
        // be deleted without `force`, the other demo plugins can.
        "deployment_plugins_to_install": [demo_plan_plugin(id)],
        "workflow_plugins_to_install": [],
        "nodes": [
            {"id": "vm", "name": "vm", "type": "cloudify.nodes.Compute", "host_id": "vm",
             "type_hierarchy": ["cloudify.nodes.Root", "cloudify.nodes.Compute"],
             "properties": {"agent_config": {"install_method": "none"}},
             "relationships": [], "capabilities": scalable},
            {"id": "app", "name": "app", "type": "cloudify.nodes.WebServer", "host_id": "vm",
             "type_hierarchy": ["cloudify.nodes.Root", "cloudify.nodes.SoftwareComponent", "cloudify.nodes.WebServer"],
             "properties": {"port": {"get_input": "port"}},
             "relationships": [{"type": "cloudify.relationships.contained_in", "target_id": "vm"}],
             "capabilities": scalable}
        ]
    })
}

const SITE_COORDINATES: &[(&str, f64, f64, bool)] = &[
    ("new-york", 40.7128, -74.006, true),
    ("london", 51.5072, -0.1276, false),
    ("tel-aviv", 32.0853, 34.7818, false),
    ("tokyo", 35.6762, 139.6503, false),
];

/// Sites, nodes, node instances, dependencies and past updates for a tenant's deployments.
fn fill_resources(t: &mut TenantData) {
    use baton_core::conductor::deployment_updates::{DeploymentUpdate, DeploymentUpdateState};
    use baton_core::conductor::deployments::InterDeploymentDependency;
    use baton_core::conductor::resources::{Ownership, Site};

    for (i, (name, lat, long, global)) in SITE_COORDINATES.iter().enumerate() {
        let vis = if *global {
            Visibility::Global
        } else {
            Visibility::Tenant
        };
        let mut site = Site {
            name: (*name).into(),
            owner: Ownership {
                visibility: Some(vis.clone()),
                resource_availability: Some(vis),
                private_resource: Some(false),
                tenant_name: Some(t.name.clone()),
                created_by: Some("admin".into()),
                created_at: Some(Timestamp(
                    epoch() + Duration::days(30) + Duration::minutes(i as i64),
                )),
                updated_at: None,
            },
            ..Site::default()
        };
        super::sites::set_location(&mut site, Some((*lat, *long)));
        t.sites.push(site);
    }
    for (n, d) in t.deployments.iter().enumerate() {
        let plan = t
            .blueprints
            .iter()
            .find(|b| Some(&b.id) == d.blueprint_id.as_ref())
            .and_then(|b| b.plan.as_ref());
        let state = match (&d.installation_status, &d.latest_execution_status) {
            (Some(InstallationStatus::Active), _) => "started",
            (_, Some(ExecutionStatus::Failed)) => "created",
            _ => "uninitialized",
        };
        let (nodes, mut instances) = super::nodes::instantiate(
            plan,
            &d.id,
            d.blueprint_id.as_deref().unwrap_or_default(),
            &t.name,
            d.created_by.as_deref().unwrap_or("admin"),
            state,
        );
        for inst in instances.iter_mut() {
            inst.owner.created_at = d.created_at;
            if state == "started" {
                inst.runtime_properties =
                    json!({"ip": format!("10.0.{}.{}", n / 250, n % 250 + 2)})
                        .as_object()
                        .cloned();
                if n % 9 == 4 {
                    inst.has_configuration_drift = Some(true);
                }
                if n % 13 == 6 {
                    inst.is_status_check_ok = Some(false);
                }
            }
        }
        t.nodes.extend(nodes);
        t.node_instances.extend(instances);
    }
    // Every 25th service consumes a capability of a deployment made a little earlier.
    let ids: Vec<(String, bool, Option<Timestamp>)> = t
        .deployments
        .iter()
        .map(|d| {
            (
                d.id.clone(),
                d.label("csys-obj-type") == Some("environment"),
                d.created_at,
            )
        })
        .collect();
    for n in (25..ids.len()).step_by(25) {
        let (source, source_env, at) = &ids[n];
        let (target, target_env, _) = &ids[n - 7];
        if *source_env || *target_env {
            continue;
        }
        t.dependencies.push(InterDeploymentDependency {
            id: super::labels::fresh_id(&format!("demo-idd|{source}|{target}")),
            dependency_creator: "nodes.app.operations.cloudify.interfaces.lifecycle.configure.inputs.upstream.get_capability".into(),
            source_deployment_id: Some(source.clone()),
            target_deployment_id: Some(target.clone()),
            target_deployment_func: None,
            external_source: None,
            external_target: None,
            visibility: Some(Visibility::Tenant),
            resource_availability: Some(Visibility::Tenant),
            private_resource: Some(false),
            tenant_name: Some(t.name.clone()),
            created_by: Some("admin".into()),
            created_at: *at,
            extra: Map::new(),
        });
    }
    // A few finished updates, for the history views.
    for n in [5usize, 11, 42] {
        let Some(d) = t.deployments.get(n) else {
            continue;
        };
        let inputs = d.inputs.clone().unwrap_or_default();
        let mut old_inputs = inputs.clone();
        old_inputs.insert("port".into(), json!(8080));
        let at = d.created_at.map(|c| Timestamp(c.0 + Duration::days(2)));
        t.deployment_updates.push(DeploymentUpdate {
            id: format!(
                "{}-{}",
                d.id,
                super::labels::fresh_id(&format!("demo-update|{}", d.id))
            ),
            deployment_id: Some(d.id.clone()),
            old_blueprint_id: d.blueprint_id.clone(),
            new_blueprint_id: d.blueprint_id.clone(),
            old_inputs: Some(old_inputs),
            new_inputs: Some(inputs),
            state: Some(DeploymentUpdateState::Successful),
            tenant_name: Some(t.name.clone()),
            created_at: at,
            created_by: d.created_by.clone(),
            execution_id: Some(super::labels::fresh_id(&format!(
                "demo-update-exec|{}",
                d.id
            ))),
            private_resource: Some(false),
            visibility: Some(Visibility::Tenant),
            resource_availability: Some(Visibility::Tenant),
            steps: Some(vec![
                json!({"action": "modify", "entity_type": "input", "entity_id": "inputs:port"}),
            ]),
            ..DeploymentUpdate::default()
        });
    }
}

/// Groups, permissions, a valid license, a two-node cluster and some metrics.
fn demo_admin() -> super::admin::AdminState {
    use super::admin::{AdminState, GroupRecord, LicenseRecord};
    let group = |id,
                 name: &str,
                 dn: Option<&str>,
                 role: &str,
                 members: &[&str],
                 tenants: &[(&str, &str)]| GroupRecord {
        id,
        name: name.into(),
        ldap_dn: dn.map(String::from),
        role: role.into(),
        members: members.iter().map(|m| m.to_string()).collect(),
        tenants: tenants
            .iter()
            .map(|(t, r)| (t.to_string(), r.to_string()))
            .collect(),
    };
    let mut metrics = Vec::new();
    let mut rng = Rng(0x6d65_7472);
    for i in 0..24u32 {
        let (kind, id) = [
            ("workflow", "install"),
            ("workflow", "uninstall"),
            ("task", "cloudify_agent.installer.operations.start"),
            ("task", "script_runner.tasks.run"),
        ][i as usize % 4];
        let failed = rng.chance(15);
        let at = epoch() + Duration::hours(i64::from(i) * 7);
        let seconds = 5 + rng.below(300);
        metrics.push((
            "default_tenant".to_string(),
            baton_core::conductor::metrics::Metric {
                id: Some(baton_core::conductor::metrics::NumberOrText::Text(format!(
                    "m{:03}",
                    i + 1
                ))),
                blueprint_id: Some("hello-world".into()),
                deployment_id: Some(format!("hello-world-{}", i % 3)),
                execution_id: Some(format!("exec-{:04}", i + 1)),
                timestamp: Some(Timestamp(at)),
                name: Some(if failed {
                    format!("{kind}:{id}:failed")
                } else {
                    format!("{kind}:{id}")
                }),
                value: Some(baton_core::conductor::metrics::NumberOrText::Text(
                    seconds.to_string(),
                )),
                extra: Map::new(),
            },
        ));
    }
    AdminState {
        groups: vec![
            group(
                1,
                "sre",
                None,
                "default",
                &["bob"],
                &[("payments", "operations")],
            ),
            group(
                2,
                "auditors",
                Some("cn=auditors,ou=groups,dc=example,dc=org"),
                "default",
                &["carol"],
                &[("research", "viewer")],
            ),
        ],
        group_counter: 2,
        permissions: default_permissions(),
        license_required: true,
        license: Some(LicenseRecord {
            customer_id: "BATON-DEMO".into(),
            expiration_date: NaiveDate::from_ymd_opt(2030, 12, 31)
                .and_then(|d| d.and_hms_opt(0, 0, 0)),
            license_edition: "Spire".into(),
            trial: false,
            cloudify_version: Some("7.1".into()),
            capabilities: vec!["HA".into(), "LDAP".into()],
            signature: "demo-signature".into(),
        }),
        managers: managers(),
        metrics,
        ..AdminState::default()
    }
}

fn managers() -> Vec<baton_core::conductor::manager::ManagerNode> {
    (1..=2u64)
        .map(|i| baton_core::conductor::manager::ManagerNode {
            id: Some(i),
            hostname: format!("baton-manager-{i}"),
            private_ip: Some(format!("10.0.0.{}", 10 + i)),
            public_ip: Some(format!("203.0.113.{}", 10 + i)),
            version: Some("7.1.0".into()),
            edition: Some("premium".into()),
            distribution: Some("rhel".into()),
            distro_release: Some("9".into()),
            fs_sync_node_id: Some(format!("BATON{i}-DEMO-NODE")),
            networks: Some([("default".to_string(), format!("10.0.0.{}", 10 + i))].into()),
            ca_cert_content: Some(
                "-----BEGIN CERTIFICATE-----\nDEMO\n-----END CERTIFICATE-----\n".into(),
            ),
            ..Default::default()
        })
        .collect()
}

const PERMISSIONS: &[(&str, &[&str])] = &[
    (
        "blueprint_list",
        &["manager", "operations", "user", "viewer"],
    ),
    (
        "blueprint_get",
        &["manager", "operations", "user", "viewer"],
    ),
    ("blueprint_upload", &["manager", "user"]),
    ("blueprint_delete", &["manager", "user"]),
    (
        "deployment_list",
        &["manager", "operations", "user", "viewer"],
    ),
    (
        "deployment_get",
        &["manager", "operations", "user", "viewer"],
    ),
    ("deployment_create", &["manager", "operations", "user"]),
    ("deployment_delete", &["manager", "operations", "user"]),
    (
        "deployment_update_create",
        &["manager", "operations", "user"],
    ),
    (
        "execution_list",
        &["manager", "operations", "user", "viewer"],
    ),
    ("execution_start", &["manager", "operations", "user"]),
    ("execution_cancel", &["manager", "operations", "user"]),
    ("secret_list", &["manager", "operations", "user", "viewer"]),
    ("secret_create", &["manager", "user"]),
    ("plugin_list", &["manager", "operations", "user", "viewer"]),
    ("plugin_upload", &["manager", "user"]),
    ("site_list", &["manager", "operations", "user", "viewer"]),
    ("site_create", &["manager", "user"]),
    (
        "tenant_list",
        &["manager", "operations", "user", "viewer", "default"],
    ),
    ("user_list", &[]),
    ("user_create", &[]),
    ("user_group_list", &[]),
    ("maintenance_mode_set", &[]),
    ("license_upload", &[]),
    ("set_permission", &[]),
    // The rest of what the console guards, with the roles the real manager gives them
    // (`/permissions` of a 7.x manager).
    ("delete_token", &["manager", "user", "viewer", "default"]),
    (
        "deployment_group_create",
        &["manager", "operations", "user"],
    ),
    (
        "deployment_group_delete",
        &["manager", "operations", "user"],
    ),
    (
        "deployment_group_update",
        &["manager", "operations", "user"],
    ),
    ("deployment_set_site", &["manager", "operations", "user"]),
    (
        "deployment_set_visibility",
        &["manager", "operations", "user"],
    ),
    ("deployment_update", &["manager", "operations", "user"]),
    ("execution_delete", &["manager", "operations", "user"]),
    ("execution_group_cancel", &["manager", "operations", "user"]),
    ("execution_group_create", &["manager", "operations", "user"]),
    ("execution_group_update", &["manager", "operations", "user"]),
    (
        "execution_schedule_create",
        &["manager", "operations", "user"],
    ),
    ("filter_delete", &["manager", "operations", "user"]),
    ("filter_update", &["manager", "operations", "user"]),
    (
        "inter_deployment_dependency_create",
        &["manager", "operations", "user"],
    ),
    (
        "inter_deployment_dependency_delete",
        &["manager", "operations", "user"],
    ),
    ("ldap_set", &[]),
    ("license_remove", &[]),
    ("manager_manage", &[]),
    ("node_instance_update", &["manager", "operations", "user"]),
    ("plugin_delete", &["manager", "user"]),
    (
        "plugin_download",
        &["manager", "operations", "user", "viewer"],
    ),
    ("plugins_update_create", &["manager", "operations", "user"]),
    ("resource_set_visibility", &["manager", "user"]),
    ("secret_delete", &["manager", "user"]),
    ("secret_export", &["manager", "user"]),
    ("secret_get", &["manager", "operations", "user", "viewer"]),
    ("secret_import", &["manager", "user"]),
    ("secret_update", &["manager", "user"]),
    ("secrets_provider_create", &["manager", "user"]),
    ("secrets_provider_delete", &["manager", "user"]),
    ("secrets_provider_update", &["manager", "user"]),
    ("site_delete", &["manager", "user"]),
    ("site_update", &["manager", "user"]),
    ("snapshot_create", &[]),
    ("snapshot_delete", &[]),
    ("snapshot_download", &[]),
    ("snapshot_restore", &[]),
    ("snapshot_upload", &[]),
    ("tenant_add_group", &[]),
    ("tenant_add_user", &[]),
    ("tenant_create", &[]),
    ("tenant_delete", &[]),
    ("tenant_remove_group", &[]),
    ("tenant_remove_user", &[]),
    ("tenant_update_group", &[]),
    ("tenant_update_user", &[]),
    ("user_delete", &[]),
    ("user_group_add_user", &[]),
    ("user_group_create", &[]),
    ("user_group_delete", &[]),
    ("user_group_remove_user", &[]),
    ("user_group_update", &[]),
    ("user_set_activated", &[]),
    ("user_unlock", &[]),
    ("user_update", &[]),
];

/// Every permission for `sys_admin`, and each one's tenant roles.
fn default_permissions() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (permission, roles) in PERMISSIONS {
        out.push(("sys_admin".to_string(), permission.to_string()));
        for role in *roles {
            out.push((role.to_string(), permission.to_string()));
        }
    }
    out
}

/// The manager's settings, as `GET /config` lists them.
pub fn config_entries() -> Vec<Value> {
    let entry = |name: &str, value: Value, scope: &str, schema: Value, editable: bool| {
        json!({"name": name, "value": value, "scope": scope, "schema": schema, "is_editable": editable,
               "admin_only": false, "updated_at": null, "updater_name": null})
    };
    vec![
        entry(
            "account_lock_period",
            json!(super::admin::ACCOUNT_LOCK_MINUTES),
            "rest",
            json!({"type": "number", "minimum": -1}),
            true,
        ),
        entry(
            "failed_logins_before_account_lock",
            json!(super::admin::FAILED_LOGINS_BEFORE_LOCK),
            "rest",
            json!({"type": "number", "minimum": 1}),
            true,
        ),
        entry(
            "default_page_size",
            json!(1000),
            "rest",
            json!({"type": "number", "minimum": 1}),
            true,
        ),
        entry(
            "max_concurrent_workflows",
            json!(20),
            "rest",
            json!({"type": "number", "minimum": 1}),
            true,
        ),
        entry(
            "rest_service_log_level",
            json!("INFO"),
            "rest",
            json!({"type": "string", "enum": ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]}),
            true,
        ),
        entry(
            "broker_port",
            json!(5671),
            "agent",
            json!({"type": "integer", "minimum": 1, "maximum": 65535}),
            true,
        ),
        entry(
            "task_retries",
            json!(60),
            "workflow",
            json!({"type": "integer", "minimum": -1}),
            true,
        ),
        entry(
            "task_retry_interval",
            json!(15),
            "workflow",
            json!({"type": "integer", "minimum": 0}),
            true,
        ),
    ]
}
