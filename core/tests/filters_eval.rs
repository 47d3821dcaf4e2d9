//! Local evaluation with the manager's semantics, and `/searches` constraints.

use baton_core::filters::{
    matches_all, AttributeValue, CompiledRules, ConstraintError, ConstraintKey, Constraints,
    FilterRule, Filterable, NamePattern, Operator, RuleType, SearchResource,
};
use serde_json::{json, Value};

/// A deployment as the tests need it.
#[derive(Default)]
struct Dep {
    id: &'static str,
    display_name: &'static str,
    blueprint_id: &'static str,
    site_name: Option<&'static str>,
    schedules: usize,
    labels: Vec<(&'static str, &'static str)>,
}

impl Filterable for Dep {
    fn attribute(&self, key: &str) -> Option<AttributeValue<'_>> {
        Some(match key {
            "id" => AttributeValue::Str(self.id),
            "display_name" => AttributeValue::Str(self.display_name),
            "blueprint_id" => AttributeValue::Str(self.blueprint_id),
            "site_name" => self
                .site_name
                .map_or(AttributeValue::Null, AttributeValue::Str),
            "schedules" => AttributeValue::Related(self.schedules),
            _ => return None,
        })
    }

    fn labels(&self) -> impl Iterator<Item = (&str, &str)> {
        self.labels.iter().copied()
    }
}

/// A model without labels: the default `labels` applies.
struct Secret(&'static str);

impl Filterable for Secret {
    fn attribute(&self, key: &str) -> Option<AttributeValue<'_>> {
        (key == "key").then_some(AttributeValue::Str(self.0))
    }
}

fn deps() -> Vec<Dep> {
    vec![
        Dep {
            id: "web-prod-1",
            display_name: "Web Prod 1",
            blueprint_id: "hello-world",
            site_name: Some("tel-aviv"),
            schedules: 1,
            labels: vec![("env", "prod"), ("obj-type", "aws"), ("owner", "alice")],
        },
        Dep {
            id: "db-prod",
            display_name: "DB prod",
            blueprint_id: "Database",
            site_name: Some("new-york"),
            labels: vec![("env", "prod"), ("obj-type", "terraform")],
            ..Dep::default()
        },
        Dep {
            id: "env-dev",
            display_name: "env_dev",
            blueprint_id: "environment",
            site_name: None,
            labels: vec![("env", "dev"), ("env", "staging")],
            ..Dep::default()
        },
        Dep {
            id: "bare",
            display_name: "",
            blueprint_id: "hello-world",
            site_name: Some(""),
            ..Dep::default()
        },
    ]
}

fn ids(rules: &[FilterRule]) -> Vec<&'static str> {
    let compiled = CompiledRules::new(rules);
    let out: Vec<_> = deps()
        .into_iter()
        .filter(|d| compiled.matches(d))
        .map(|d| d.id)
        .collect();
    // The one-shot entry point agrees.
    let again: Vec<_> = deps()
        .into_iter()
        .filter(|d| matches_all(rules, d))
        .map(|d| d.id)
        .collect();
    assert_eq!(out, again);
    out
}

fn cli(texts: &[&str]) -> Vec<FilterRule> {
    texts
        .iter()
        .map(|t| {
            let kind = if t.starts_with('@') {
                RuleType::Attribute
            } else {
                RuleType::Label
            };
            FilterRule::parse_cli(t.trim_start_matches('@'), kind).expect("rule")
        })
        .collect()
}

#[test]
fn no_rules_match_everything() {
    assert_eq!(ids(&[]), ["web-prod-1", "db-prod", "env-dev", "bare"]);
    assert!(CompiledRules::new(&[]).is_empty());
}

#[test]
fn label_any_of_and_lower_cased_keys() {
    assert_eq!(ids(&cli(&["env=prod"])), ["web-prod-1", "db-prod"]);
    assert_eq!(
        ids(&cli(&["env=[dev,prod]"])),
        ["web-prod-1", "db-prod", "env-dev"]
    );
    // Keys are lower-cased like the manager does; values are compared exactly.
    assert_eq!(
        ids(&[FilterRule::label("ENV", Operator::AnyOf, ["prod"])]),
        ["web-prod-1", "db-prod"]
    );
    assert!(ids(&cli(&["env=Prod"])).is_empty());
}

#[test]
fn label_not_any_of_excludes_items_without_the_key() {
    assert_eq!(ids(&cli(&["env!=prod"])), ["env-dev"]);
    // A second value of the key outside the list is enough.
    assert_eq!(
        ids(&cli(&["env!=dev"])),
        ["web-prod-1", "db-prod", "env-dev"]
    );
    assert_eq!(
        ids(&cli(&["env!=[dev,staging]"])),
        ["web-prod-1", "db-prod"]
    );
}

#[test]
fn label_is_not_includes_items_without_the_key() {
    assert_eq!(ids(&cli(&["env is-not prod"])), ["env-dev", "bare"]);
    assert_eq!(
        ids(&cli(&["env is-not dev"])),
        ["web-prod-1", "db-prod", "bare"]
    );
    assert_eq!(
        ids(&cli(&["owner is-not bob"])),
        ["web-prod-1", "db-prod", "env-dev", "bare"]
    );
}

#[test]
fn label_null_and_not_null() {
    assert_eq!(
        ids(&cli(&["owner is null"])),
        ["db-prod", "env-dev", "bare"]
    );
    assert_eq!(ids(&cli(&["owner is not null"])), ["web-prod-1"]);
}

#[test]
fn all_rules_are_and_ed() {
    assert_eq!(ids(&cli(&["env=prod", "obj-type=terraform"])), ["db-prod"]);
    assert_eq!(
        ids(&cli(&["env=prod", "@blueprint_id=hello-world"])),
        ["web-prod-1"]
    );
    assert!(ids(&cli(&["env=prod", "env=dev"])).is_empty());
}

#[test]
fn attribute_any_of_and_not_any_of_with_null() {
    assert_eq!(
        ids(&cli(&["@site_name=[tel-aviv,new-york]"])),
        ["web-prod-1", "db-prod"]
    );
    // SQL NOT IN on NULL is not true: a deployment without a site does not match.
    assert_eq!(ids(&cli(&["@site_name!=tel-aviv"])), ["db-prod", "bare"]);
    // An empty list: IN () matches nothing, NOT IN () everything.
    assert!(ids(&[FilterRule::attribute(
        "site_name",
        Operator::AnyOf,
        Vec::<String>::new()
    )])
    .is_empty());
    assert_eq!(
        ids(&[FilterRule::attribute(
            "site_name",
            Operator::NotAnyOf,
            Vec::<String>::new()
        )])
        .len(),
        4
    );
}

#[test]
fn contains_is_case_sensitive_and_or_ed() {
    assert_eq!(
        ids(&cli(&["@blueprint_id contains world"])),
        ["web-prod-1", "bare"]
    );
    assert!(ids(&cli(&["@blueprint_id contains World"])).is_empty());
    assert_eq!(
        ids(&cli(&["@blueprint_id contains [World,base]"])),
        ["db-prod"]
    );
    // NULL never matches a text test.
    assert!(ids(&cli(&["@site_name contains a"]))
        .iter()
        .all(|id| *id != "env-dev"));
}

#[test]
fn not_contains_is_and_ed() {
    assert_eq!(
        ids(&cli(&["@blueprint_id does-not-contain [hello,env]"])),
        ["db-prod"]
    );
    assert_eq!(
        ids(&cli(&["@blueprint_id does-not-contain hello"])),
        ["db-prod", "env-dev"]
    );
    // NULL site: NOT LIKE on NULL is not true either.
    assert_eq!(
        ids(&cli(&["@site_name does-not-contain tel"])),
        ["db-prod", "bare"]
    );
}

#[test]
fn starts_and_ends_with_are_case_insensitive_and_or_ed() {
    assert_eq!(ids(&cli(&["@blueprint_id starts-with DATA"])), ["db-prod"]);
    assert_eq!(
        ids(&cli(&["@blueprint_id starts-with [data,env]"])),
        ["db-prod", "env-dev"]
    );
    assert_eq!(ids(&cli(&["@display_name ends-with PROD"])), ["db-prod"]);
    assert_eq!(
        ids(&cli(&["@display_name ends-with [prod,1]"])),
        ["web-prod-1", "db-prod"]
    );
}

#[test]
fn underscore_is_a_like_wildcard() {
    // The manager does not escape `_` in LIKE patterns: it matches any one character.
    assert_eq!(ids(&cli(&["@display_name contains b_P"])), ["web-prod-1"]);
    assert_eq!(ids(&cli(&["@display_name starts-with env_"])), ["env-dev"]);
    assert_eq!(
        ids(&cli(&["@blueprint_id ends-with w_rld"])),
        ["web-prod-1", "bare"]
    );
    // `%` (possible through constraints, which skip validation) matches any run.
    let rule = FilterRule::attribute("display_name", Operator::StartsWith, ["w%1"]);
    assert_eq!(ids(&[rule]), ["web-prod-1"]);
}

#[test]
fn is_not_empty_for_text_and_relationships() {
    assert_eq!(
        ids(&cli(&["@site_name is not empty"])),
        ["web-prod-1", "db-prod"]
    );
    assert_eq!(ids(&cli(&["@schedules is not empty"])), ["web-prod-1"]);
    assert_eq!(
        ids(&cli(&["@display_name is not empty"])),
        ["web-prod-1", "db-prod", "env-dev"]
    );
}

#[test]
fn attributes_without_a_column_are_ignored() {
    assert_eq!(ids(&cli(&["@installation_status=active"])).len(), 4);
    assert_eq!(
        ids(&cli(&["@created_by starts-with bob", "env=dev"])),
        ["env-dev"]
    );
}

#[test]
fn rules_the_manager_cannot_run_match_nothing() {
    let bad = [
        FilterRule::label("env", Operator::Contains, ["prod"]),
        FilterRule::attribute("id", Operator::IsNull, Vec::<String>::new()),
        FilterRule::new(
            "env",
            ["prod"],
            Operator::Other("nope".into()),
            RuleType::Label,
        ),
        FilterRule::new(
            "env",
            ["prod"],
            Operator::AnyOf,
            RuleType::Other("tag".into()),
        ),
    ];
    for rule in bad {
        assert!(ids(std::slice::from_ref(&rule)).is_empty(), "{rule:?}");
    }
}

#[test]
fn many_values_use_the_same_semantics() {
    let mut values: Vec<String> = (0..50).map(|i| format!("v{i}")).collect();
    values.push("prod".into());
    assert_eq!(
        ids(&[FilterRule::label("env", Operator::AnyOf, values.clone())]),
        ["web-prod-1", "db-prod"]
    );
    assert_eq!(
        ids(&[FilterRule::label("env", Operator::IsNot, values)]),
        ["env-dev", "bare"]
    );
}

#[test]
fn non_ascii_case_insensitive_prefix() {
    struct One(&'static str);
    impl Filterable for One {
        fn attribute(&self, _: &str) -> Option<AttributeValue<'_>> {
            Some(AttributeValue::Str(self.0))
        }
    }
    let rule = [FilterRule::attribute(
        "display_name",
        Operator::StartsWith,
        ["été"],
    )];
    assert!(matches_all(&rule, &One("ÉTÉ 2024")));
    assert!(!matches_all(&rule, &One("ETE 2024")));
    let rule = [FilterRule::attribute(
        "display_name",
        Operator::EndsWith,
        ["_é"],
    )];
    assert!(matches_all(&rule, &One("xxaÉ")));
}

#[test]
fn models_without_labels() {
    let rules = cli(&["@key starts-with aws"]);
    assert!(matches_all(&rules, &Secret("AWS_KEY")));
    assert!(!matches_all(&rules, &Secret("gcp")));
    assert!(!matches_all(&cli(&["env=prod"]), &Secret("aws")));
    assert!(matches_all(&cli(&["env is null"]), &Secret("aws")));
}

#[test]
fn searches_fixture_agrees_with_local_evaluation() {
    let dir = std::env::var("BATON_FIXTURES").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/fixtures/conductor"
        )
        .to_string()
    });
    let path = format!("{dir}/searches_deployments.json");
    let body: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("json");
    struct Item<'a>(&'a Value);
    impl Filterable for Item<'_> {
        fn attribute(&self, key: &str) -> Option<AttributeValue<'_>> {
            self.0
                .get(key)
                .map(|v| v.as_str().map_or(AttributeValue::Null, AttributeValue::Str))
        }
        fn labels(&self) -> impl Iterator<Item = (&str, &str)> {
            self.0["labels"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|l| Some((l["key"].as_str()?, l["value"].as_str()?)))
        }
    }
    let items: Vec<Item> = body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(Item)
        .collect();
    let compiled = CompiledRules::new(&cli(&["env=prod"]));
    assert!(items.iter().all(|i| compiled.matches(i)));
    let service = CompiledRules::new(&cli(&[
        "csys-obj-type is-not environment",
        "csys-obj-parent is null",
    ]));
    assert_eq!(items.iter().filter(|i| service.matches(*i)).count(), 1);
    let children = CompiledRules::new(&cli(&["csys-obj-parent=env-prod", "@site_name=tel-aviv"]));
    let ids: Vec<_> = items
        .iter()
        .filter(|i| children.matches(*i))
        .map(|i| i.0["id"].as_str())
        .collect();
    assert_eq!(ids, [Some("web-prod-1"), Some("web-prod-2")]);
}

// --- Constraints

#[test]
fn constraints_body_and_rules_for_blueprints() {
    let c = Constraints::new(SearchResource::Blueprints)
        .label("environment", "k8s")
        .label("tier", "staging")
        .name_ends_with("app")
        .name_contains("cellar");
    assert_eq!(
        c.to_body().expect("valid"),
        json!({"constraints": {
            "labels": [{"environment": "k8s"}, {"tier": "staging"}],
            "name_pattern": {"contains": "cellar", "ends_with": "app"}
        }})
    );
    assert_eq!(
        c.to_filter_rules(),
        [
            FilterRule::label("environment", Operator::AnyOf, ["k8s"]),
            FilterRule::label("tier", Operator::AnyOf, ["staging"]),
            FilterRule::attribute("id", Operator::Contains, ["cellar"]),
            FilterRule::attribute("id", Operator::EndsWith, ["app"]),
        ]
    );
}

#[test]
fn constraints_for_deployments_use_display_name_and_ignore_valid_values() {
    let c = Constraints::new(SearchResource::Deployments)
        .tenant("t1")
        .tenant("t2")
        .name_equals_to("Web Prod 1")
        .name_starts_with("web")
        .filter_id("prod-deployments");
    assert_eq!(
        c.to_filter_rules(),
        [
            FilterRule::attribute("tenant_name", Operator::AnyOf, ["t1", "t2"]),
            FilterRule::attribute("display_name", Operator::StartsWith, ["web"]),
            FilterRule::attribute("display_name", Operator::AnyOf, ["Web Prod 1"]),
        ]
    );
    assert_eq!(c.to_json()["filter_id"], "prod-deployments");
    let with_values = c.clone().valid_value("x");
    assert_eq!(with_values.to_filter_rules(), c.to_filter_rules());
    assert_eq!(
        with_values.validate(),
        Err(ConstraintError::NotApplicable(
            SearchResource::Deployments,
            ConstraintKey::ValidValues
        ))
    );
    // Evaluated locally: display_name ILIKE 'web%' AND display_name = 'Web Prod 1'.
    let compiled = CompiledRules::new_exact(&c.to_filter_rules()[1..]);
    let found: Vec<_> = deps()
        .into_iter()
        .filter(|d| compiled.matches(d))
        .map(|d| d.id)
        .collect();
    assert_eq!(found, ["web-prod-1"]);
}

#[test]
fn constraint_label_keys_are_not_lower_cased() {
    let rules = Constraints::new(SearchResource::Deployments)
        .label("Env", "prod")
        .to_filter_rules();
    assert_eq!(rules[0].key, "Env");
    let exact = CompiledRules::new_exact(&rules);
    assert!(deps().iter().all(|d| !exact.matches(d)));
    assert_eq!(CompiledRules::new(&rules).len(), 1);
}

#[test]
fn constraints_per_resource_field() {
    let rules = |r: SearchResource| {
        Constraints::new(r)
            .name_contains("a")
            .valid_value("b")
            .to_filter_rules()
    };
    let key = |r: SearchResource| rules(r).into_iter().map(|x| x.key).collect::<Vec<_>>();
    assert_eq!(key(SearchResource::Secrets), ["key", "key"]);
    assert_eq!(key(SearchResource::NodeTypes), ["type", "type"]);
    assert_eq!(key(SearchResource::Nodes), ["id", "id"]);
    assert_eq!(key(SearchResource::NodeInstances), ["id", "id"]);
    assert_eq!(key(SearchResource::Workflows), ["id", "id"]);
    assert_eq!(key(SearchResource::Blueprints), ["id", "id"]);
    assert_eq!(key(SearchResource::Deployments), ["display_name"]);
    assert!(rules(SearchResource::Capabilities).is_empty());
    assert!(rules(SearchResource::ScalingGroups).is_empty());
    assert_eq!(rules(SearchResource::Secrets)[0].operator, Operator::AnyOf);
    assert_eq!(
        rules(SearchResource::Secrets)[1].operator,
        Operator::Contains
    );
}

#[test]
fn constraint_keys_per_search() {
    use ConstraintKey as K;
    let keys = |r: SearchResource| r.keys().collect::<Vec<_>>();
    assert_eq!(
        keys(SearchResource::Deployments),
        [K::Labels, K::Tenants, K::FilterId, K::NamePattern]
    );
    assert_eq!(
        keys(SearchResource::Secrets),
        [K::NamePattern, K::ValidValues]
    );
    assert_eq!(
        keys(SearchResource::Nodes),
        [
            K::NamePattern,
            K::ValidValues,
            K::DeploymentId,
            K::BlueprintId
        ]
    );
    assert_eq!(
        keys(SearchResource::Capabilities),
        [K::NamePattern, K::ValidValues, K::DeploymentId]
    );
    assert!(!SearchResource::Secrets.applies(K::Labels));
    assert_eq!(SearchResource::NodeTypes.path_segment(), "node-types");
    assert_eq!(
        SearchResource::ScalingGroups.path_segment(),
        "scaling-groups"
    );
    let err = Constraints::new(SearchResource::Secrets)
        .label("a", "b")
        .to_body()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "The constraint `labels` does not apply to /searches/secrets"
    );
    let both = Constraints::new(SearchResource::Nodes)
        .deployment_id("d")
        .blueprint_id("b");
    assert_eq!(both.validate(), Err(ConstraintError::BothIds));
    let node = Constraints::new(SearchResource::Nodes)
        .deployment_id("d")
        .name_starts_with("vm");
    assert_eq!(
        node.to_body().expect("valid"),
        json!({"constraints": {"name_pattern": {"starts_with": "vm"}, "deployment_id": "d"}})
    );
}

#[test]
fn constraints_from_json_round_trip() {
    let v = json!({
        "labels": [{"env": "prod"}],
        "tenants": ["default_tenant"],
        "filter_id": "f",
        "name_pattern": {"equals_to": "x", "contains": "y"},
        "unknown": 1
    });
    let c = Constraints::from_json(SearchResource::Blueprints, &v).expect("reads");
    assert_eq!(c.labels, [("env".to_string(), "prod".to_string())]);
    assert_eq!(c.name_pattern.equals_to.as_deref(), Some("x"));
    let again = Constraints::from_json(SearchResource::Blueprints, &c.to_json()).expect("reads");
    assert_eq!(again, c);
    let bad = |v: Value| Constraints::from_json(SearchResource::Blueprints, &v).unwrap_err();
    assert!(matches!(bad(json!([])), ConstraintError::Shape(_)));
    assert!(matches!(
        bad(json!({"labels": [{"a": "b", "c": "d"}]})),
        ConstraintError::Shape(_)
    ));
    assert!(matches!(
        bad(json!({"name_pattern": {"like": "x"}})),
        ConstraintError::Shape(_)
    ));
    assert!(matches!(
        bad(json!({"tenants": "t"})),
        ConstraintError::Shape(_)
    ));
}

#[test]
fn name_pattern_python_match_is_case_sensitive() {
    let p = NamePattern {
        starts_with: Some("web".into()),
        ends_with: Some("ip".into()),
        ..NamePattern::default()
    };
    assert!(p.matches("web_ip"));
    assert!(!p.matches("Web_ip"));
    assert!(NamePattern::default().matches("anything"));
    let eq = NamePattern {
        equals_to: Some("a".into()),
        ..NamePattern::default()
    };
    assert!(eq.matches("a") && !eq.matches("ab"));
}
