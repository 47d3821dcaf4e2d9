//! Behaviour of the demo manager's groups, saved filters, searches, summaries, workflows,
//! secrets and secrets providers, through the typed endpoints.

use std::collections::BTreeSet;

use chrono::{NaiveDate, NaiveDateTime};
use serde_json::json;

use super::*;
use baton_core::conductor::groups::{
    DeleteDeploymentGroup, DeploymentGroupSpec, DeploymentSelection, GetDeploymentGroup, GroupAdd,
    ListDeploymentGroups, NewDeployment, PutDeploymentGroup, UpdateDeploymentGroupMembers,
};
use baton_core::conductor::saved_filters::{
    CreateFilter, DeleteFilter, FilterResource, GetFilter, ListFilters, UpdateFilter,
};
use baton_core::conductor::searches::Search;
use baton_core::conductor::secrets::{
    CreateSecret, CreateSecretsProvider, DeleteSecret, DeleteSecretsProvider, ExportSecrets,
    GetSecret, GetSecretsProvider, ImportSecrets, ListSecrets, ListSecretsProviders, NewSecret,
    ProviderSpec, ProviderType, SecretUpdate, SetSecretVisibility, TestSecretsProvider,
    UpdateSecret, UpdateSecretsProvider,
};
use baton_core::conductor::summary::{GetSummary, SummaryResource};
use baton_core::conductor::workflows::ListWorkflows;
use baton_core::conductor::Visibility;
use baton_core::endpoint::Endpoint;
use baton_core::error::ApiError;
use baton_core::filters::{
    CompiledRules, Constraints, FilterRule, Operator, Resource, RuleType, SearchResource,
};
use baton_core::query::SortKey;
use baton_core::session::{Credentials, Session};

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 22)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap()
}

fn user(name: &str) -> Session {
    Session::same_origin()
        .with_tenant("default_tenant")
        .with_credentials(Credentials::Basic {
            username: name.into(),
            password: name.into(),
        })
}

fn admin() -> Session {
    user("admin")
}

fn call<E: Endpoint>(m: &mut DemoManager, s: &Session, e: &E) -> Result<E::Output, ApiError> {
    e.parse(m.handle(&e.request(s), now()))
}

fn code(e: &ApiError) -> (Option<u16>, &str) {
    (e.status, e.code.as_str())
}

fn ids<T>(items: &[T], id: impl Fn(&T) -> &str) -> BTreeSet<String> {
    items.iter().map(|x| id(x).to_string()).collect()
}

fn env(v: &str) -> FilterRule {
    FilterRule::label("env", Operator::AnyOf, [v])
}

/// The deployments of `default_tenant` the evaluator selects, as the console would preview.
fn expected(m: &DemoManager, rules: &[FilterRule]) -> BTreeSet<String> {
    let compiled = CompiledRules::new(rules);
    m.tenants[0]
        .deployments
        .iter()
        .filter(|d| compiled.matches(*d))
        .map(|d| d.id.clone())
        .collect()
}

#[test]
fn saved_filters_lifecycle_and_rules() {
    let mut m = DemoManager::demo();
    let list = call(&mut m, &admin(), &ListFilters::default()).unwrap();
    let system: Vec<_> = list.items.iter().filter(|f| f.is_system()).collect();
    assert!(system.iter().any(|f| f.id == "csys-environment-filter"));
    // Global system filters are seen from every tenant.
    let bob_payments = user("bob").with_tenant("payments");
    let theirs = call(&mut m, &bob_payments, &ListFilters::default()).unwrap();
    assert!(theirs.items.iter().any(|f| f.id == "csys-service-filter"));
    assert!(!theirs.items.iter().any(|f| f.id == "prod-only"));

    let create = CreateFilter {
        resource: FilterResource::Deployments,
        id: "mine".into(),
        filter_rules: vec![
            FilterRule::label("Env", Operator::AnyOf, ["prod"]),
            FilterRule::label("env", Operator::AnyOf, ["prod"]),
            FilterRule::attribute("blueprint_id", Operator::StartsWith, ["web"]),
        ],
        visibility: None,
    };
    let f = call(&mut m, &user("alice"), &create).unwrap();
    // Keys lower-cased, duplicates dropped, split by type.
    assert_eq!(f.value.len(), 2);
    assert_eq!(f.value[0].key, "env");
    assert_eq!(f.labels_filter_rules.as_ref().unwrap().len(), 1);
    assert_eq!(
        f.attrs_filter_rules.as_ref().unwrap()[0].rule_type,
        RuleType::Attribute
    );
    assert_eq!(f.owner.visibility, Some(Visibility::Tenant));
    assert_eq!(f.owner.created_by.as_deref(), Some("alice"));
    assert_eq!(f.is_system_filter, Some(false));

    let e = call(&mut m, &admin(), &create).unwrap_err();
    assert_eq!(code(&e), (Some(409), "conflict_error"));

    let reserved = CreateFilter {
        id: "csys-mine".into(),
        ..create.clone()
    };
    let e = call(&mut m, &admin(), &reserved).unwrap_err();
    assert_eq!(code(&e), (Some(400), "bad_parameters_error"));
    assert_eq!(
        e.message,
        "All filters with a `csys-` prefix are reserved for internal use"
    );
    let digit = CreateFilter {
        id: "1st".into(),
        ..create.clone()
    };
    let e = call(&mut m, &admin(), &digit).unwrap_err();
    assert_eq!(
        e.message,
        "The `filter_id` argument must begin with a letter"
    );

    // Invalid rules give the manager's exact `invalid_filter_rule` body.
    let bad_rule = FilterRule::attribute("Blueprint_Id", Operator::AnyOf, ["x"]);
    let bad = CreateFilter {
        id: "bad".into(),
        filter_rules: vec![bad_rule.clone()],
        ..create.clone()
    };
    let raw = m.handle(&bad.request(&admin()), now());
    assert_eq!(raw.status(), 400);
    let body: serde_json::Value = serde_json::from_slice(raw.body()).unwrap();
    let expected_body = bad_rule
        .validate(Resource::Deployments)
        .unwrap_err()
        .to_response_body();
    assert_eq!(body, expected_body);

    // Updates: empty, system, other user's, then a real one.
    let empty = UpdateFilter {
        resource: FilterResource::Deployments,
        id: "mine".into(),
        filter_rules: None,
        visibility: None,
    };
    let e = call(&mut m, &admin(), &empty).unwrap_err();
    assert_eq!(code(&e), (Some(400), "illegal_action_error"));
    let system_update = UpdateFilter {
        id: "csys-environment-filter".into(),
        visibility: Some(Visibility::Global),
        ..empty.clone()
    };
    let e = call(&mut m, &admin(), &system_update).unwrap_err();
    assert_eq!(code(&e), (Some(400), "illegal_action_error"));
    let by_bob = UpdateFilter {
        filter_rules: Some(vec![env("dev")]),
        ..empty.clone()
    };
    let e = call(&mut m, &user("bob"), &by_bob).unwrap_err();
    assert_eq!(code(&e), (Some(403), "forbidden_error"));
    let updated = call(&mut m, &user("alice"), &by_bob).unwrap();
    assert_eq!(updated.value, vec![env("dev")]);
    assert_eq!(updated.owner.updated_at, Some(Timestamp(now())));

    let e = call(
        &mut m,
        &admin(),
        &DeleteFilter {
            resource: FilterResource::Deployments,
            id: "csys-service-filter".into(),
        },
    )
    .unwrap_err();
    assert_eq!(code(&e), (Some(400), "illegal_action_error"));
    let del = DeleteFilter {
        resource: FilterResource::Deployments,
        id: "mine".into(),
    };
    call(&mut m, &admin(), &del).unwrap();
    let e = call(
        &mut m,
        &admin(),
        &GetFilter {
            resource: FilterResource::Deployments,
            id: "mine".into(),
            include: vec![],
        },
    )
    .unwrap_err();
    assert_eq!(
        e.message,
        "Requested `DeploymentsFilter` with ID `mine` was not found"
    );
    // Blueprint filters are a separate namespace.
    let bp = call(
        &mut m,
        &admin(),
        &ListFilters {
            resource: FilterResource::Blueprints,
            query: ListQuery::new(),
        },
    )
    .unwrap();
    assert_eq!(
        ids(&bp.items, |f| &f.id),
        BTreeSet::from(["frontend-blueprints".to_string()])
    );
}

#[test]
fn search_deployments_agrees_with_the_evaluator() {
    let mut m = DemoManager::demo();
    let rules = vec![
        env("prod"),
        FilterRule::label("csys-obj-parent", Operator::IsNull, Vec::<String>::new()),
        FilterRule::attribute("blueprint_id", Operator::NotAnyOf, ["environment"]),
    ];
    let want = expected(&m, &rules);
    assert!(want.len() > 10, "a meaningful selection");
    let e = Search::deployments()
        .rules(rules.clone())
        .list(ListQuery::new().include(["id", "labels"]).page(1000, 0));
    let page = call(&mut m, &admin(), &e).unwrap();
    assert_eq!(ids(&page.items, |d| &d.id), want);
    assert_eq!(
        page.metadata.filtered,
        Some(json!(480 - want.len())),
        "filtered counts what the rules removed"
    );
    assert!(
        page.items.iter().all(|d| d.blueprint_id.is_none()),
        "_include applies"
    );

    // `_all_tenants` searches every tenant the caller belongs to.
    let mut everywhere = ListQuery::new().page(1, 0);
    everywhere.all_tenants = true;
    let page = call(
        &mut m,
        &admin(),
        &Search::deployments().list(everywhere.clone()),
    )
    .unwrap();
    assert_eq!(page.pagination().total, 600);
    let page = call(
        &mut m,
        &user("bob"),
        &Search::deployments().list(everywhere),
    )
    .unwrap();
    assert_eq!(
        page.pagination().total,
        480 + 90,
        "bob is in default_tenant and payments"
    );

    // A saved filter by `_filter_id`, merged with body rules.
    let by_filter = Search::deployments()
        .filter_id("prod-only")
        .rules(vec![FilterRule::label("tier", Operator::AnyOf, ["data"])])
        .list(ListQuery::new().page(1000, 0));
    let page = call(&mut m, &admin(), &by_filter).unwrap();
    assert_eq!(
        ids(&page.items, |d| &d.id),
        expected(
            &m,
            &[
                env("prod"),
                FilterRule::label("tier", Operator::AnyOf, ["data"])
            ]
        )
    );
    let e = call(&mut m, &admin(), &Search::deployments().filter_id("nope")).unwrap_err();
    assert_eq!(
        e.message,
        "Requested `DeploymentsFilter` with ID `nope` was not found"
    );

    // Sorting by a label, paging, and `_search`/`_search_name` OR-ed.
    let sorted = Search::deployments().rules(vec![env("prod")]).list(
        ListQuery::new()
            .sort(SortKey::desc("label:region"))
            .sort(SortKey::asc("id"))
            .page(5, 0),
    );
    let page = call(&mut m, &admin(), &sorted).unwrap();
    assert_eq!(page.items.len(), 5);
    assert_eq!(
        page.pagination().total as usize,
        expected(&m, &[env("prod")]).len()
    );
    let regions: Vec<&str> = page
        .items
        .iter()
        .map(|d| d.label("region").unwrap())
        .collect();
    assert!(regions.windows(2).all(|w| w[0] >= w[1]), "{regions:?}");
    let mut q = ListQuery::new().search("hello-world");
    q.search_name = Some("environment".into());
    let page = call(&mut m, &admin(), &Search::deployments().list(q)).unwrap();
    assert!(page
        .items
        .iter()
        .all(|d| d.id.contains("hello-world") || d.name().contains("environment")));
    assert!(page.items.iter().any(|d| d.id.contains("hello-world")));
    assert!(page.items.iter().any(|d| !d.id.contains("hello-world")));

    // Constraints (exact rules), and the refusal of both kinds at once.
    let c = Constraints::new(SearchResource::Deployments)
        .label("env", "prod")
        .name_starts_with("Prod");
    let page = call(
        &mut m,
        &admin(),
        &Search::deployments().constraints(c).unwrap(),
    )
    .unwrap();
    assert!(!page.items.is_empty());
    assert!(page
        .items
        .iter()
        .all(|d| d.label("env") == Some("prod") && d.name().to_lowercase().starts_with("prod")));
    let raw = json!({"filter_rules": [env("prod")], "constraints": {"labels": [{"env": "prod"}]}});
    let req = http::Request::builder()
        .method("POST")
        .uri("/api/v3.1/searches/deployments")
        .header("Content-Type", "application/json")
        .header("Tenant", "default_tenant")
        .header("Authorization", "Basic YWRtaW46YWRtaW4=")
        .body(serde_json::to_vec(&raw).unwrap())
        .unwrap();
    let r = m.handle(&req, now());
    assert_eq!(r.status(), 400);
    // A bad rule is refused with the manager's body.
    let bad = Search::deployments().rules(vec![FilterRule::attribute(
        "site_name",
        Operator::Contains,
        ["1x"],
    )]);
    let e = call(&mut m, &admin(), &bad).unwrap_err();
    assert_eq!(code(&e), (Some(400), "invalid_filter_rule"));
    assert_eq!(
        e.filter_rule_error().unwrap().1,
        "The `attributes' filter rule value` argument must begin with a letter"
    );
}

#[test]
fn searches_of_the_other_resources() {
    let mut m = DemoManager::demo();
    // Blueprints by label.
    let rules = vec![FilterRule::label("tier", Operator::AnyOf, ["frontend"])];
    let page = call(&mut m, &admin(), &Search::blueprints().rules(rules.clone())).unwrap();
    let compiled = CompiledRules::new(&rules);
    let want: BTreeSet<String> = m.tenants[0]
        .blueprints
        .iter()
        .filter(|b| compiled.matches(*b))
        .map(|b| b.id.clone())
        .collect();
    assert_eq!(ids(&page.items, |b| &b.id), want);

    // Workflows: union, or only the common ones.
    let mut wf = Search::workflows().rules(vec![env("prod")]);
    let page = call(&mut m, &admin(), &wf).unwrap();
    assert!(page.items.iter().any(|w| w.name == "install"));
    wf.common_only = Some(true);
    let common = call(&mut m, &admin(), &wf).unwrap();
    assert_eq!(
        common.items.len(),
        page.items.len(),
        "demo deployments share their workflows"
    );

    // Secrets by name pattern; the value is never listed.
    let s = Search::secrets()
        .constraints(Constraints::new(SearchResource::Secrets).name_starts_with("aws"))
        .unwrap();
    let page = call(&mut m, &admin(), &s).unwrap();
    assert_eq!(
        ids(&page.items, |s| &s.key),
        BTreeSet::from(["aws_access_key_id".to_string(), "aws_region".to_string()])
    );
    assert!(page.items.iter().all(|s| s.value.is_none()));
    let by_rule = Search::secrets().rules(vec![FilterRule::attribute(
        "key",
        Operator::EndsWith,
        ["PASSWORD"],
    )]);
    let page = call(&mut m, &admin(), &by_rule).unwrap();
    assert_eq!(page.items[0].key, "db_password");

    // Nodes and node types need a deployment or blueprint.
    let dep = m.tenants[0].deployments[3].id.clone();
    let e = call(&mut m, &admin(), &Search::nodes()).unwrap_err();
    assert_eq!(code(&e), (Some(400), "bad_parameters_error"));
    let mut nodes = Search::nodes();
    nodes.deployment_id = Some(dep.clone());
    let page = call(&mut m, &admin(), &nodes).unwrap();
    assert_eq!(
        ids(&page.items, |n| &n.id),
        BTreeSet::from(["app".to_string(), "vm".to_string()])
    );
    // `valid_values` of node types widen to descendants in the type hierarchy.
    let types = Search::node_types()
        .constraints(
            Constraints::new(SearchResource::NodeTypes)
                .deployment_id(dep.clone())
                .valid_value("cloudify.nodes.SoftwareComponent"),
        )
        .unwrap();
    let page = call(&mut m, &admin(), &types).unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(
        page.items[0].node_type.as_deref(),
        Some("cloudify.nodes.WebServer")
    );
    let mut instances = Search::node_instances();
    instances.deployment_id = Some(dep.clone());
    instances.node_id = Some("vm".into());
    let page = call(&mut m, &admin(), &instances).unwrap();
    assert_eq!(page.items.len(), 1);
    assert!(page.items[0].id.starts_with("vm_"));

    // Capabilities: the deployment id is a substring; `valid_values` compares values.
    let caps = Search::capabilities()
        .constraints(
            Constraints::new(SearchResource::Capabilities)
                .deployment_id(dep.clone())
                .name_equals_to("port"),
        )
        .unwrap();
    let page = call(&mut m, &admin(), &caps).unwrap();
    assert_eq!(page.items[0].deployment_id, dep);
    assert!(page.items[0].capabilities[0].contains_key("port"));

    // Scaling groups come from the deployment's `scaling_groups`.
    m.tenants[0].deployments[3].scaling_groups = Some(json!({
        "web_pair": {"members": ["vm", "app"], "properties": {"current_instances": 2}},
        "db": {"members": ["db"], "properties": {}}
    }));
    let sg = Search::scaling_groups()
        .constraints(
            Constraints::new(SearchResource::ScalingGroups)
                .deployment_id(dep.clone())
                .name_starts_with("web"),
        )
        .unwrap();
    let page = call(&mut m, &admin(), &sg).unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].name, "web_pair");
    assert_eq!(page.metadata.filtered, Some(json!(1)));
}

#[test]
fn groups_resolve_rules_label_members_and_create_deployments() {
    let mut m = DemoManager::demo();
    let rules = vec![
        env("qa"),
        FilterRule::label("tier", Operator::AnyOf, ["backend"]),
    ];
    let want = expected(&m, &rules);
    let put = PutDeploymentGroup {
        id: "qa-backend".into(),
        spec: DeploymentGroupSpec {
            description: Some("QA backends".into()),
            blueprint_id: Some("web-app".into()),
            default_inputs: json!({"port": 8080, "region": "eu-west-1"})
                .as_object()
                .cloned(),
            labels: Some(vec![("team".into(), "qa".into())]),
            members: DeploymentSelection::rules(rules),
            ..DeploymentGroupSpec::default()
        },
    };
    let g = call(&mut m, &admin(), &put).unwrap();
    assert_eq!(
        g.deployment_ids.iter().cloned().collect::<BTreeSet<_>>(),
        want
    );
    assert_eq!(g.owner.created_by.as_deref(), Some("admin"));
    // Group labels land on every member, and members know their group.
    for id in &want {
        let d = m.tenants[0]
            .deployments
            .iter()
            .find(|d| d.id == *id)
            .unwrap();
        assert!(d
            .labels
            .iter()
            .flatten()
            .any(|l| l.key == "team" && l.value == "qa"));
        assert!(d
            .deployment_groups
            .as_ref()
            .unwrap()
            .contains(&"qa-backend".to_string()));
    }

    // New deployments with id templates, merged inputs and inherited labels.
    let add = UpdateDeploymentGroupMembers {
        id: "qa-backend".into(),
        add: Some(GroupAdd {
            members: DeploymentSelection::default(),
            new_deployments: Some(vec![
                NewDeployment {
                    id: Some("{group_id}-{count}-{site_name}".into()),
                    site_name: Some("london".into()),
                    inputs: json!({"port": 9090}).as_object().cloned(),
                    labels: Some(vec![("csys-obj-type".into(), "service".into())]),
                    ..NewDeployment::default()
                },
                NewDeployment {
                    id: Some("{blueprint_id}-{count}".into()),
                    ..NewDeployment::default()
                },
                NewDeployment::default(),
            ]),
        }),
        remove: None,
    };
    let g = call(&mut m, &admin(), &add).unwrap();
    assert_eq!(g.creation_counter, Some(3));
    assert!(g
        .deployment_ids
        .contains(&"qa-backend-0-london".to_string()));
    assert!(g.deployment_ids.contains(&"web-app-1".to_string()));
    let generated = g
        .deployment_ids
        .iter()
        .find(|id| id.starts_with("qa-backend-") && id.len() == "qa-backend-".len() + 36)
        .expect("the default `{group_id}-{uuid}` id");
    assert_eq!(generated.matches('-').count(), 6);
    let d = m.tenants[0]
        .deployments
        .iter()
        .find(|d| d.id == "qa-backend-0-london")
        .unwrap();
    assert_eq!(d.inputs.as_ref().unwrap()["port"], 9090);
    assert_eq!(d.inputs.as_ref().unwrap()["region"], "eu-west-1");
    assert_eq!(d.site_name.as_deref(), Some("london"));
    assert_eq!(d.label("team"), Some("qa"));
    assert_eq!(d.label("csys-obj-type"), Some("service"));
    assert_eq!(d.blueprint_id.as_deref(), Some("web-app"));
    // The new deployments are listed like any other.
    let listed = call(
        &mut m,
        &admin(),
        &baton_core::conductor::deployments::GetDeployment {
            id: "web-app-1".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(listed.deployment_groups.as_deref().unwrap(), ["qa-backend"]);

    // A deployment both added and removed ends up removed.
    let some = want.iter().next().unwrap().clone();
    let both = UpdateDeploymentGroupMembers {
        id: "qa-backend".into(),
        add: Some(GroupAdd {
            members: DeploymentSelection::ids([some.clone()]),
            new_deployments: None,
        }),
        remove: Some(DeploymentSelection::ids([
            some.clone(),
            "web-app-1".to_string(),
        ])),
    };
    let g = call(&mut m, &admin(), &both).unwrap();
    assert!(!g.deployment_ids.contains(&some));
    assert!(!g.deployment_ids.contains(&"web-app-1".to_string()));

    // PUT with deployment_ids replaces the members; unknown ids are 404.
    let replace = PutDeploymentGroup {
        id: "qa-backend".into(),
        spec: DeploymentGroupSpec {
            members: DeploymentSelection::ids(["web-app-1"]),
            ..DeploymentGroupSpec::default()
        },
    };
    let g = call(&mut m, &admin(), &replace).unwrap();
    assert_eq!(g.deployment_ids, ["web-app-1"]);
    assert_eq!(
        g.description.as_deref(),
        Some("QA backends"),
        "unset fields stay"
    );
    let missing = PutDeploymentGroup {
        id: "qa-backend".into(),
        spec: DeploymentGroupSpec {
            members: DeploymentSelection::ids(["nope"]),
            ..DeploymentGroupSpec::default()
        },
    };
    let e = call(&mut m, &admin(), &missing).unwrap_err();
    assert_eq!(
        e.message,
        "Requested `Deployment` with ID `nope` was not found"
    );

    // Removing a group label takes it off the members.
    let unlabel = PutDeploymentGroup {
        id: "qa-backend".into(),
        spec: DeploymentGroupSpec {
            labels: Some(vec![]),
            ..DeploymentGroupSpec::default()
        },
    };
    call(&mut m, &admin(), &unlabel).unwrap();
    let d = m.tenants[0]
        .deployments
        .iter()
        .find(|d| d.id == "web-app-1")
        .unwrap();
    assert_eq!(d.label("team"), None);
}

#[test]
fn groups_from_filters_other_groups_and_their_errors() {
    let mut m = DemoManager::demo();
    let from_filter = PutDeploymentGroup {
        id: "europe".into(),
        spec: DeploymentGroupSpec {
            members: DeploymentSelection {
                filter_id: Some("europe".into()),
                ..DeploymentSelection::default()
            },
            ..DeploymentGroupSpec::default()
        },
    };
    let g = call(&mut m, &admin(), &from_filter).unwrap();
    let want = expected(
        &m,
        &[FilterRule::label(
            "region",
            Operator::AnyOf,
            ["eu-west-1", "eu-central-1"],
        )],
    );
    assert_eq!(
        g.deployment_ids.iter().cloned().collect::<BTreeSet<_>>(),
        want
    );
    let copy = PutDeploymentGroup {
        id: "copy".into(),
        spec: DeploymentGroupSpec {
            members: DeploymentSelection {
                deployments_from_group: Some("europe".into()),
                ..DeploymentSelection::default()
            },
            ..DeploymentGroupSpec::default()
        },
    };
    let g2 = call(&mut m, &admin(), &copy).unwrap();
    assert_eq!(g2.deployment_ids, g.deployment_ids);
    // New deployments need a default blueprint.
    let add = UpdateDeploymentGroupMembers {
        id: "copy".into(),
        add: Some(GroupAdd::count(2)),
        remove: None,
    };
    let e = call(&mut m, &admin(), &add).unwrap_err();
    assert_eq!(code(&e), (Some(409), "conflict_error"));
    assert_eq!(
        e.message,
        "Cannot create deployments: group copy has no default blueprint set"
    );
    let e = call(
        &mut m,
        &admin(),
        &PutDeploymentGroup {
            id: "x".into(),
            spec: DeploymentGroupSpec {
                blueprint_id: Some("nope".into()),
                ..DeploymentGroupSpec::default()
            },
        },
    )
    .unwrap_err();
    assert_eq!(
        e.message,
        "Requested `Blueprint` with ID `nope` was not found"
    );
    let e = call(
        &mut m,
        &admin(),
        &GetDeploymentGroup {
            id: "nope".into(),
            include: vec![],
        },
    )
    .unwrap_err();
    assert_eq!(
        e.message,
        "Requested `DeploymentGroup` with ID `nope` was not found"
    );
    let list = call(&mut m, &admin(), &ListDeploymentGroups::default()).unwrap();
    assert!(ids(&list.items, |g| &g.id).is_superset(&BTreeSet::from([
        "prod-frontend".to_string(),
        "europe".to_string(),
        "copy".to_string()
    ])));
    // Groups are per tenant.
    let other = call(
        &mut m,
        &user("bob").with_tenant("payments"),
        &ListDeploymentGroups::default(),
    )
    .unwrap();
    assert!(other.items.is_empty());
}

#[test]
fn deleting_a_group_and_its_deployments() {
    let mut m = DemoManager::demo();
    let members = call(
        &mut m,
        &admin(),
        &GetDeploymentGroup {
            id: "prod-frontend".into(),
            include: vec![],
        },
    )
    .unwrap()
    .deployment_ids;
    assert!(!members.is_empty());
    let active = members.iter().any(|id| {
        m.tenants[0].deployments.iter().any(|d| {
            d.id == *id
                && d.installation_status
                    == Some(baton_core::conductor::deployments::InstallationStatus::Active)
        })
    });
    assert!(active, "the demo group has installed deployments");
    let mut del = DeleteDeploymentGroup {
        id: "prod-frontend".into(),
        delete_deployments: true,
        ..DeleteDeploymentGroup::default()
    };
    let e = call(&mut m, &admin(), &del).unwrap_err();
    assert_eq!(code(&e), (Some(400), "dependent_exists_error"));
    del.force = true;
    call(&mut m, &admin(), &del).unwrap();
    assert!(m.tenants[0]
        .deployments
        .iter()
        .all(|d| !members.contains(&d.id)));
    assert!(m.tenants[0].groups.iter().all(|g| g.id != "prod-frontend"));
    // Without delete_deployments, only the group goes.
    let before = m.tenants[0].deployments.len();
    call(
        &mut m,
        &admin(),
        &DeleteDeploymentGroup {
            id: "eu-staging".into(),
            ..DeleteDeploymentGroup::default()
        },
    )
    .unwrap();
    assert_eq!(m.tenants[0].deployments.len(), before);
    assert!(m.tenants[0].deployments.iter().all(|d| d
        .deployment_groups
        .as_ref()
        .is_none_or(|g| !g.iter().any(|g| g == "eu-staging"))));
}

#[test]
fn secrets_hide_values_and_conflict_like_the_manager() {
    let mut m = DemoManager::demo();
    let list = call(&mut m, &user("bob"), &ListSecrets::default()).unwrap();
    // Bob is no admin: he does not see admin's private secret; nobody sees values in lists.
    let keys = ids(&list.items, |s| &s.key);
    assert!(keys.contains("db_password") && !keys.contains("ssh_private_key"));
    assert!(list.items.iter().all(|s| s.value.is_none()));
    let hidden = GetSecret {
        key: "db_password".into(),
        skip_value: None,
    };
    assert_eq!(
        call(&mut m, &user("bob"), &hidden)
            .unwrap()
            .value
            .as_deref(),
        Some("")
    );
    assert_eq!(
        call(&mut m, &admin(), &hidden).unwrap().value.as_deref(),
        Some("s3cr3t-Passw0rd")
    );
    assert_eq!(
        call(&mut m, &user("alice"), &hidden)
            .unwrap()
            .value
            .as_deref(),
        Some("s3cr3t-Passw0rd"),
        "a tenant manager is an admin of the tenant"
    );
    let skipped = GetSecret {
        skip_value: Some(true),
        ..hidden.clone()
    };
    assert_eq!(call(&mut m, &admin(), &skipped).unwrap().value, None);
    // Global secrets are visible from other tenants.
    let global = GetSecret {
        key: "aws_region".into(),
        skip_value: None,
    };
    let s = call(&mut m, &user("bob").with_tenant("payments"), &global).unwrap();
    assert_eq!(s.value.as_deref(), Some("eu-west-1"));

    let create = CreateSecret {
        key: "sample_key".into(),
        secret: NewSecret {
            value: "v1".into(),
            ..NewSecret::default()
        },
    };
    let s = call(&mut m, &user("bob"), &create).unwrap();
    assert!(
        s.value.unwrap().starts_with("gAAAAA"),
        "answers carry the encrypted value"
    );
    assert_eq!(s.owner.created_by.as_deref(), Some("bob"));
    let e = call(&mut m, &user("bob"), &create).unwrap_err();
    assert_eq!(code(&e), (Some(409), "conflict_error"));
    assert_eq!(
        e.message,
        "<Secret id=`sample_key` tenant=`default_tenant`> already exists on <Tenant name=`default_tenant`> or with global visibility"
    );
    let overwrite = CreateSecret {
        key: "sample_key".into(),
        secret: NewSecret {
            value: "v2".into(),
            update_if_exists: true,
            ..NewSecret::default()
        },
    };
    call(&mut m, &user("bob"), &overwrite).unwrap();
    let got = call(
        &mut m,
        &user("bob"),
        &GetSecret {
            key: "sample_key".into(),
            skip_value: None,
        },
    )
    .unwrap();
    assert_eq!(got.value.as_deref(), Some("v2"));
    let e = call(
        &mut m,
        &admin(),
        &CreateSecret {
            key: "1bad".into(),
            secret: NewSecret::default(),
        },
    )
    .unwrap_err();
    assert_eq!(e.message, "The `key` argument must begin with a letter");

    // Only the creator or an admin changes a secret.
    let patch = UpdateSecret {
        key: "alice_api_token".into(),
        update: SecretUpdate {
            value: Some("x".into()),
            ..SecretUpdate::default()
        },
    };
    let e = call(&mut m, &user("bob"), &patch).unwrap_err();
    assert_eq!(code(&e), (Some(403), "forbidden_error"));
    let s = call(&mut m, &user("alice"), &patch).unwrap();
    assert_eq!(s.owner.updated_at, Some(Timestamp(now())));
    let vis = SetSecretVisibility {
        key: "sample_key".into(),
        visibility: Visibility::Global,
    };
    let s = call(&mut m, &user("bob"), &vis).unwrap();
    assert_eq!(s.owner.visibility, Some(Visibility::Global));
    let narrower = SetSecretVisibility {
        key: "sample_key".into(),
        visibility: Visibility::Tenant,
    };
    let e = call(&mut m, &user("bob"), &narrower).unwrap_err();
    assert_eq!(code(&e), (Some(400), "illegal_action_error"));
    let del = DeleteSecret {
        key: "sample_key".into(),
    };
    call(&mut m, &user("bob"), &del).unwrap();
    let e = call(&mut m, &user("bob"), &del).unwrap_err();
    assert_eq!(
        e.message,
        "Requested `Secret` with ID `sample_key` was not found"
    );
}

#[test]
fn secrets_export_and_import_round_trip() {
    let mut m = DemoManager::demo();
    let export = ExportSecrets {
        passphrase: Some("correct horse".into()),
        include_metadata: Some(true),
        query: ListQuery::new(),
    };
    // Hidden values the caller may not read are left out of its export.
    let bobs = call(&mut m, &user("bob"), &export).unwrap();
    assert!(bobs.iter().all(|s| s.key != "db_password"));
    let all = call(&mut m, &admin(), &export).unwrap();
    assert!(all.iter().all(|s| s.encrypted && s.creator.is_some()));
    let db = all.iter().find(|s| s.key == "db_password").unwrap();
    assert_ne!(db.value, "s3cr3t-Passw0rd");
    let own: Vec<_> = all
        .into_iter()
        .filter(|s| s.tenant_name.as_deref() == Some("default_tenant"))
        .collect();
    let mut import = ImportSecrets {
        secrets_list: own.clone(),
        tenant_map: json!({"default_tenant": "research"}).as_object().cloned(),
        passphrase: Some("correct horse".into()),
        override_collisions: false,
    };
    let r = call(&mut m, &admin(), &import).unwrap();
    assert!(r.secrets_errors.is_empty(), "{:?}", r.secrets_errors);
    assert!(r.colliding_secrets.is_empty());
    let research = admin().with_tenant("research");
    let s = call(
        &mut m,
        &research,
        &GetSecret {
            key: "db_password".into(),
            skip_value: None,
        },
    )
    .unwrap();
    assert_eq!(s.value.as_deref(), Some("s3cr3t-Passw0rd"));
    // Again: every key collides.
    let r = call(&mut m, &admin(), &import).unwrap();
    assert_eq!(
        r.colliding_secrets["research"].as_array().unwrap().len(),
        own.len()
    );
    // Without the passphrase, encrypted values are errors.
    import.passphrase = None;
    let r = call(&mut m, &admin(), &import).unwrap();
    assert_eq!(r.secrets_errors.len(), own.len());
    assert!(r.secrets_errors["0"]["No passphrase"].is_string());
    import.tenant_map = json!({"default_tenant": "nowhere"}).as_object().cloned();
    let e = call(&mut m, &admin(), &import).unwrap_err();
    assert_eq!(code(&e), (Some(400), "bad_parameters_error"));
}

#[test]
fn secrets_providers_lifecycle() {
    let mut m = DemoManager::demo();
    let list = call(&mut m, &admin(), &ListSecretsProviders::default()).unwrap();
    assert_eq!(list.items[0].name, "vault-prod");
    let spec = ProviderSpec {
        name: "local-db".into(),
        provider_type: "local".into(),
        connection_parameters: None,
        visibility: None,
    };
    let p = call(
        &mut m,
        &admin(),
        &CreateSecretsProvider { spec: spec.clone() },
    )
    .unwrap();
    assert_eq!(p.provider_type, Some(ProviderType::Local));
    assert_eq!(p.id.as_deref(), Some("local-db"));
    let e = call(
        &mut m,
        &admin(),
        &CreateSecretsProvider { spec: spec.clone() },
    )
    .unwrap_err();
    assert_eq!(code(&e), (Some(409), "conflict_error"));
    let bad = ProviderSpec {
        provider_type: "aws".into(),
        ..spec.clone()
    };
    let e = call(&mut m, &admin(), &CreateSecretsProvider { spec: bad }).unwrap_err();
    assert_eq!(code(&e), (Some(400), "bad_parameters_error"));
    let test = TestSecretsProvider {
        name: "v".into(),
        provider_type: "vault".into(),
        connection_parameters: json!({"url": "https://v", "token": "t"})
            .as_object()
            .cloned(),
    };
    call(&mut m, &admin(), &test).unwrap();
    assert!(
        call(&mut m, &admin(), &GetSecretsProvider { name: "v".into() }).is_err(),
        "a test saves nothing"
    );
    let incomplete = TestSecretsProvider {
        connection_parameters: None,
        ..test
    };
    assert!(call(&mut m, &admin(), &incomplete).is_err());
    let u = UpdateSecretsProvider {
        spec: ProviderSpec {
            visibility: Some(Visibility::Global),
            ..spec
        },
    };
    let p = call(&mut m, &admin(), &u).unwrap();
    assert_eq!(p.owner.visibility, Some(Visibility::Global));
    let seen = call(
        &mut m,
        &user("bob").with_tenant("payments"),
        &GetSecretsProvider {
            name: "local-db".into(),
        },
    )
    .unwrap();
    assert_eq!(seen.name, "local-db");
    // A provider some secret uses cannot go.
    call(
        &mut m,
        &admin(),
        &CreateSecret {
            key: "from_vault".into(),
            secret: NewSecret {
                value: "ref".into(),
                provider_name: Some("vault-prod".into()),
                ..NewSecret::default()
            },
        },
    )
    .unwrap();
    let e = call(
        &mut m,
        &admin(),
        &DeleteSecretsProvider {
            name: "vault-prod".into(),
        },
    )
    .unwrap_err();
    assert_eq!(code(&e), (Some(400), "dependent_exists_error"));
    call(
        &mut m,
        &admin(),
        &DeleteSecretsProvider {
            name: "local-db".into(),
        },
    )
    .unwrap();
    let e = call(
        &mut m,
        &admin(),
        &GetSecretsProvider {
            name: "local-db".into(),
        },
    )
    .unwrap_err();
    assert_eq!(
        e.message,
        "Requested `SecretsProvider` with ID `local-db` was not found"
    );
}

#[test]
fn summaries_count_what_lists_show() {
    let mut m = DemoManager::demo();
    let by_bp = GetSummary {
        resource: SummaryResource::Deployments,
        target_field: "blueprint_id".into(),
        sub_field: Some("visibility".into()),
        query: ListQuery::new(),
    };
    let page = call(&mut m, &admin(), &by_bp).unwrap();
    let total: u64 = page
        .items
        .iter()
        .map(|i| i.count(SummaryResource::Deployments).unwrap())
        .sum();
    assert_eq!(total, 480);
    let first = &page.items[0];
    let sub: u64 = first
        .sub_groups("visibility")
        .iter()
        .map(|s| s.count(SummaryResource::Deployments).unwrap())
        .sum();
    assert_eq!(Some(sub), first.count(SummaryResource::Deployments));
    // By site, as the sites map asks a real manager: the groups add up to every deployment.
    let by_site = GetSummary {
        resource: SummaryResource::Deployments,
        target_field: "site_name".into(),
        sub_field: None,
        query: ListQuery::new(),
    };
    let sites = call(&mut m, &admin(), &by_site).unwrap();
    assert!(sites.items.len() > 1);
    let total: u64 = sites
        .items
        .iter()
        .map(|i| i.count(SummaryResource::Deployments).unwrap())
        .sum();
    assert_eq!(total, 480);
    let mut all = GetSummary {
        resource: SummaryResource::Blueprints,
        target_field: "tenant_name".into(),
        sub_field: None,
        query: ListQuery::new(),
    };
    all.query.all_tenants = true;
    let page = call(&mut m, &admin(), &all).unwrap();
    assert_eq!(page.items.len(), 3);
    // Field filters narrow the rows; paging applies to the groups.
    let filtered = GetSummary {
        resource: SummaryResource::NodeInstances,
        target_field: "state".into(),
        sub_field: Some("node_id".into()),
        query: ListQuery::new().filter("node_id", "vm").page(1, 0),
    };
    let page = call(&mut m, &admin(), &filtered).unwrap();
    assert_eq!(page.items.len(), 1);
    assert!(page.pagination().total >= 1);
    for resource in [SummaryResource::Executions, SummaryResource::Nodes] {
        let s = GetSummary {
            resource,
            target_field: "deployment_id".into(),
            sub_field: None,
            query: ListQuery::new().page(5, 0),
        };
        let page = call(&mut m, &admin(), &s).unwrap();
        assert_eq!(page.items.len(), 5, "{resource:?}");
    }
    let bad = GetSummary {
        resource: SummaryResource::Blueprints,
        target_field: "blueprint_id".into(),
        sub_field: None,
        query: ListQuery::new(),
    };
    let e = call(&mut m, &admin(), &bad).unwrap_err();
    assert_eq!(code(&e), (Some(400), "bad_parameters_error"));
}

#[test]
fn workflows_list_by_filter_group_and_fields() {
    let mut m = DemoManager::demo();
    let by_filter = ListWorkflows {
        filter_id: Some("csys-environment-filter".into()),
        ..ListWorkflows::default()
    };
    let page = call(&mut m, &admin(), &by_filter).unwrap();
    assert_eq!(page.items.len(), 5);
    assert_eq!(page.pagination().total, 5);
    let by_id = ListWorkflows {
        query: ListQuery::new().filter("id", "nope"),
        ..ListWorkflows::default()
    };
    assert!(call(&mut m, &admin(), &by_id).unwrap().items.is_empty());
    let by_group = ListWorkflows {
        deployment_group_id: Some("prod-frontend".into()),
        ..ListWorkflows::default()
    };
    assert_eq!(call(&mut m, &admin(), &by_group).unwrap().items.len(), 5);
    let e = call(
        &mut m,
        &admin(),
        &ListWorkflows {
            filter_id: Some("missing".into()),
            ..ListWorkflows::default()
        },
    )
    .unwrap_err();
    assert_eq!(code(&e), (Some(404), "not_found_error"));
}

#[test]
fn a_fresh_manager_has_the_system_filters_only() {
    let mut m = DemoManager::empty();
    let list = call(&mut m, &admin(), &ListFilters::default()).unwrap();
    assert!(list.items.iter().all(|f| f.is_system()));
    assert!(!list.items.is_empty());
    assert!(call(&mut m, &admin(), &ListSecrets::default())
        .unwrap()
        .items
        .is_empty());
    assert!(call(&mut m, &admin(), &ListDeploymentGroups::default())
        .unwrap()
        .items
        .is_empty());
}
