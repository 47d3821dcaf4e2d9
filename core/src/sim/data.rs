//! The demo data set: deterministic, so screenshots and tests see the same manager every time.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde_json::{json, Map, Value};

use crate::conductor::blueprints::{Blueprint, BlueprintState};
use crate::conductor::deployments::Deployment;
use crate::conductor::deployments::{DeploymentStatus, InstallationStatus, Workflow};
use crate::conductor::executions::ExecutionStatus;
use crate::conductor::{Label, Visibility};
use crate::time::Timestamp;

use super::{DemoManager, TenantData, UserRecord};

/// A demo sign-in, shown on the login page in demo mode.
#[derive(Clone, Copy, Debug)]
pub struct DemoUser {
    pub username: &'static str,
    pub password: &'static str,
    pub what: &'static str,
}

pub const DEMO_USERS: &[DemoUser] = &[
    DemoUser {
        username: "admin",
        password: "admin",
        what: "system admin, every tenant",
    },
    DemoUser {
        username: "alice",
        password: "alice",
        what: "manager of default_tenant",
    },
    DemoUser {
        username: "bob",
        password: "bob",
        what: "user in default_tenant and payments",
    },
    DemoUser {
        username: "carol",
        password: "carol",
        what: "viewer of research",
    },
];

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
    DemoManager {
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
        }],
        ..DemoManager::default()
    }
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

fn workflows() -> Vec<Workflow> {
    let wf = |name: &str, params: Value| Workflow {
        name: name.into(),
        plugin: Some("default_workflows".into()),
        operation: Some(format!("cloudify.plugins.workflows.{name}")),
        parameters: params.as_object().cloned(),
        is_cascading: Some(false),
        is_available: Some(true),
        availability_rules: None,
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
    let mut rng = Rng(0x00ba_7011);
    let default_bps = blueprints_for(&mut rng, &BLUEPRINTS[..22], "admin");
    let payments_bps = blueprints_for(&mut rng, &BLUEPRINTS[22..28], "bob");
    let research_bps = blueprints_for(&mut rng, &BLUEPRINTS[28..], "admin");
    let tenants = vec![
        TenantData {
            name: "default_tenant".into(),
            deployments: deployments_for(&mut rng, "default_tenant", &default_bps, 480),
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
    };
    let mut tenants = tenants;
    for t in tenants.iter_mut() {
        super::activity::seed_tenant(t, epoch());
    }
    DemoManager {
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
        ..DemoManager::default()
    }
}
