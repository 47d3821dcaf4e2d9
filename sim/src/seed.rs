//! Demo data of the groups, saved-filters and secrets families (deterministic, modest).

use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde_json::json;

use baton_core::conductor::resources::{DeploymentGroup, Ownership, Secret};
use baton_core::conductor::saved_filters::FilterResource;
use baton_core::conductor::secrets::{ProviderType, SecretsProvider};
use baton_core::conductor::Visibility;
use baton_core::filters::{CompiledRules, FilterRule, Operator};
use baton_core::time::Timestamp;

use super::saved_filters::{saved, StoredFilter};
use super::DemoManager;

fn at(hours: i64) -> Timestamp {
    let base = NaiveDate::from_ymd_opt(2025, 1, 6)
        .and_then(|d| d.and_hms_opt(8, 0, 0))
        .unwrap_or(NaiveDateTime::MIN);
    Timestamp(base + Duration::hours(hours))
}

fn owner(tenant: &str, by: &str, visibility: Visibility, hours: i64) -> Ownership {
    Ownership {
        resource_availability: Some(visibility.clone()),
        private_resource: Some(visibility == Visibility::Private),
        visibility: Some(visibility),
        tenant_name: Some(tenant.into()),
        created_by: Some(by.into()),
        created_at: Some(at(hours)),
        updated_at: Some(at(hours)),
    }
}

/// What every manager has from installation: the global system deployments filters.
pub(super) fn system(m: &mut DemoManager) {
    let Some(t) = m.tenants.first_mut() else {
        return;
    };
    let tenant = t.name.clone();
    let label = |k: &str, op: Operator, v: &[&str]| FilterRule::label(k, op, v.iter().copied());
    let filters = [
        (
            "csys-environment-filter",
            vec![
                label("csys-obj-type", Operator::AnyOf, &["environment"]),
                label("csys-obj-parent", Operator::IsNull, &[]),
            ],
        ),
        (
            "csys-service-filter",
            vec![
                label("csys-obj-type", Operator::IsNot, &["environment"]),
                label("csys-obj-parent", Operator::IsNull, &[]),
            ],
        ),
        (
            "csys-k8s-filter",
            vec![label("obj-type", Operator::AnyOf, &["k8s"])],
        ),
        (
            "csys-terraform-filter",
            vec![label("obj-type", Operator::AnyOf, &["terraform"])],
        ),
    ];
    for (id, rules) in filters {
        t.saved_filters.push(StoredFilter {
            resource: FilterResource::Deployments,
            filter: saved(
                id,
                rules,
                owner(&tenant, "admin", Visibility::Global, 0),
                true,
            ),
        });
    }
}

fn secret(
    tenant: &str,
    key: &str,
    value: &str,
    by: &str,
    visibility: Visibility,
    hidden: bool,
    hours: i64,
) -> Secret {
    Secret {
        key: key.into(),
        value: Some(value.into()),
        is_hidden_value: Some(hidden),
        owner: owner(tenant, by, visibility, hours),
        ..Secret::default()
    }
}

/// The demo manager's filters, groups, secrets and providers.
pub(super) fn demo(m: &mut DemoManager) {
    system(m);
    for t in m.tenants.iter_mut() {
        let name = t.name.clone();
        match name.as_str() {
            "default_tenant" => {
                t.saved_filters.push(StoredFilter {
                    resource: FilterResource::Deployments,
                    filter: saved(
                        "prod-only",
                        vec![FilterRule::label("env", Operator::AnyOf, ["prod"])],
                        owner(&name, "alice", Visibility::Tenant, 30),
                        false,
                    ),
                });
                t.saved_filters.push(StoredFilter {
                    resource: FilterResource::Deployments,
                    filter: saved(
                        "europe",
                        vec![FilterRule::label(
                            "region",
                            Operator::AnyOf,
                            ["eu-west-1", "eu-central-1"],
                        )],
                        owner(&name, "admin", Visibility::Tenant, 31),
                        false,
                    ),
                });
                t.saved_filters.push(StoredFilter {
                    resource: FilterResource::Blueprints,
                    filter: saved(
                        "frontend-blueprints",
                        vec![FilterRule::label("tier", Operator::AnyOf, ["frontend"])],
                        owner(&name, "admin", Visibility::Tenant, 32),
                        false,
                    ),
                });
                t.secrets = vec![
                    secret(&name, "db_password", "s3cr3t-Passw0rd", "admin", Visibility::Tenant, true, 1),
                    secret(&name, "aws_access_key_id", "AKIADEMO0000EXAMPLE", "admin", Visibility::Tenant, false, 2),
                    secret(&name, "aws_region", "eu-west-1", "admin", Visibility::Global, false, 3),
                    secret(&name, "app_config", r#"{"log_level": "info", "replicas": 3}"#, "alice", Visibility::Tenant, false, 4),
                    secret(&name, "ssh_private_key", "-----BEGIN OPENSSH PRIVATE KEY-----\ndemo\n-----END OPENSSH PRIVATE KEY-----", "admin", Visibility::Private, true, 5),
                    secret(&name, "alice_api_token", "alice-demo-token", "alice", Visibility::Tenant, true, 6),
                ];
                t.secrets_providers.push(SecretsProvider {
                    id: Some("vault-prod".into()),
                    name: "vault-prod".into(),
                    provider_type: Some(ProviderType::Vault),
                    connection_parameters: json!({"url": "https://vault.example.com:8200", "token": "s.demo", "path": "secret/conductor"})
                        .as_object()
                        .cloned(),
                    owner: owner(&name, "admin", Visibility::Tenant, 7),
                    ..SecretsProvider::default()
                });
                let groups = [
                    (
                        "prod-frontend",
                        "Production frontends",
                        vec![
                            FilterRule::label("env", Operator::AnyOf, ["prod"]),
                            FilterRule::label("tier", Operator::AnyOf, ["frontend"]),
                        ],
                    ),
                    (
                        "eu-staging",
                        "Staging in Europe",
                        vec![
                            FilterRule::label("env", Operator::AnyOf, ["staging"]),
                            FilterRule::label(
                                "region",
                                Operator::AnyOf,
                                ["eu-west-1", "eu-central-1"],
                            ),
                        ],
                    ),
                ];
                for (i, (id, description, rules)) in groups.into_iter().enumerate() {
                    let compiled = CompiledRules::new(&rules);
                    let ids: Vec<String> = t
                        .deployments
                        .iter()
                        .filter(|d| compiled.matches(*d))
                        .map(|d| d.id.clone())
                        .collect();
                    t.groups.push(DeploymentGroup {
                        id: id.into(),
                        description: Some(description.into()),
                        deployment_ids: ids,
                        default_blueprint_id: Some("web-app".into()),
                        default_inputs: Some(json!({"instance_type": "t3.small"})),
                        creation_counter: Some(0),
                        labels: Some(Vec::new()),
                        owner: owner(&name, "admin", Visibility::Tenant, 40 + i as i64),
                        ..DeploymentGroup::default()
                    });
                }
                let groups = t.groups.clone();
                for d in t.deployments.iter_mut() {
                    let mine: Vec<String> = groups
                        .iter()
                        .filter(|g| g.deployment_ids.contains(&d.id))
                        .map(|g| g.id.clone())
                        .collect();
                    if !mine.is_empty() {
                        d.deployment_groups = Some(mine);
                    }
                }
            }
            "payments" => {
                t.secrets = vec![
                    secret(
                        &name,
                        "stripe_api_key",
                        "sk_demo_51H0000",
                        "bob",
                        Visibility::Tenant,
                        true,
                        8,
                    ),
                    secret(
                        &name,
                        "payments_db_url",
                        "postgres://payments@db:5432/payments",
                        "bob",
                        Visibility::Tenant,
                        false,
                        9,
                    ),
                ];
            }
            _ => {}
        }
    }
}
