//! The manager's validation of filter rules, its messages, and the JSON shape (real fixtures).

use baton_core::filters::{
    normalize_rules, validate_input, FilterRule, FilterRuleError, Operator, Reason, Resource,
    RuleType,
};
use baton_core::labels::LabelError;
use serde_json::{json, Value};

/// The real answers, from `BATON_FIXTURES` or the shared folder next to the repository.
fn fixture(name: &str) -> Value {
    let dir = std::env::var("BATON_FIXTURES").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/fixtures/conductor"
        )
        .to_string()
    });
    let path = format!("{dir}/{name}");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn rules(v: &Value) -> Vec<FilterRule> {
    serde_json::from_value(v.clone()).expect("rules")
}

fn reason(rule: &FilterRule, resource: Resource) -> (Reason, String) {
    match rule.validate(resource) {
        Err(FilterRuleError::Invalid { rule: r, reason }) => {
            assert_eq!(*r, *rule);
            let text = reason.to_string();
            (reason, text)
        }
        other => panic!("{rule:?} should be invalid, got {other:?}"),
    }
}

fn l(key: &str, op: Operator, values: &[&str]) -> FilterRule {
    FilterRule::label(key, op, values.iter().copied())
}

fn a(key: &str, op: Operator, values: &[&str]) -> FilterRule {
    FilterRule::attribute(key, op, values.iter().copied())
}

#[test]
fn saved_filters_fixture_parses_validates_and_prints() {
    let list = fixture("filters_deployments_list.json");
    let items = list["items"].as_array().expect("items");
    assert_eq!(items.len(), 25);
    let mut printed = Vec::new();
    for item in items {
        let rs = rules(&item["value"]);
        assert!(!rs.is_empty());
        for r in &rs {
            r.validate(Resource::Deployments)
                .unwrap_or_else(|e| panic!("{}: {e}", item["id"]));
            // Back to the very same JSON.
            let back = serde_json::to_value(r).expect("json");
            assert!(item["value"].as_array().expect("value").contains(&back));
            let text = r.to_cli().expect("expressible");
            assert_eq!(
                FilterRule::parse_cli(&text, r.rule_type.clone()).as_ref(),
                Ok(r)
            );
            printed.push(text);
        }
    }
    assert_eq!(printed[0], "csys-obj-type=environment");
    assert_eq!(printed[1], "csys-obj-parent is null");
    assert_eq!(printed[2], "csys-obj-type is-not environment");
    assert!(printed.contains(&"site_name=tel-aviv".to_string()));
    assert!(printed.contains(&"env!=staging".to_string()));
    let env = rules(&items[0]["value"]);
    assert_eq!(env[1].operator, Operator::IsNull);
    assert_eq!(env[1].rule_type, RuleType::Label);
}

#[test]
fn filter_put_fixture_splits_into_label_and_attribute_rules() {
    let put = fixture("filter_put.json");
    let all = rules(&put["value"]);
    assert_eq!(all, [l("env", Operator::AnyOf, &["prod"])]);
    assert_eq!(rules(&put["labels_filter_rules"]), all);
    assert!(rules(&put["attrs_filter_rules"]).is_empty());
}

#[test]
fn bad_operator_fixture_is_reproduced_word_for_word() {
    let body = fixture("filter_put_bad_operator.json");
    let rule = FilterRule::from_json(&body["err_filter_rule"]).expect("structure");
    assert_eq!(rule.operator, Operator::Other("nope".into()));
    let err = rule.validate(Resource::Deployments).unwrap_err();
    assert_eq!(
        err.reason_text(),
        body["err_reason"].as_str().expect("reason")
    );
    // The message quotes the rule as sent by the client, keys in the order key, values, ...
    assert_eq!(err.to_string(), body["message"].as_str().expect("message"));
    let ours = err.to_response_body();
    assert_eq!(ours["error_code"], body["error_code"]);
    assert_eq!(ours["err_reason"], body["err_reason"]);
    assert_eq!(ours["err_filter_rule"], body["err_filter_rule"]);
    assert_eq!(ours["message"], body["message"]);
    assert_eq!(ours["server_traceback"], Value::Null);
}

#[test]
fn unknown_type_parses_and_is_refused() {
    let rule: FilterRule = serde_json::from_value(
        json!({"key": "k", "values": ["v"], "operator": "any_of", "type": "tag"}),
    )
    .expect("parses");
    assert_eq!(rule.rule_type, RuleType::Other("tag".into()));
    let (r, text) = reason(&rule, Resource::Deployments);
    assert_eq!(r, Reason::RuleType);
    assert_eq!(text, "Filter rule type must be one of label, attribute");
}

#[test]
fn structure_errors() {
    let check = |v: Value, expected: &str| match FilterRule::from_json(&v) {
        Err(e @ FilterRuleError::Malformed { .. }) => assert_eq!(e.reason_text(), expected),
        other => panic!("{v}: {other:?}"),
    };
    check(json!(["k"]), "The filter rule is not a dictionary");
    check(
        json!({"key": "k", "values": [], "operator": "is_null"}),
        "At least one of the entries in the filter rule is missing",
    );
    check(
        json!({"key": "k", "values": [], "operator": "is_null", "type": "label", "x": 1}),
        "At least one of the entries in the filter rule is missing",
    );
    check(
        json!({"key": 1, "values": [], "operator": "is_null", "type": "label"}),
        "The filter rule key must be a string",
    );
    check(
        json!({"key": "k", "values": "v", "operator": "any_of", "type": "label"}),
        "The filter rule values must be a list",
    );
    check(
        json!({"key": "k", "values": [1], "operator": "any_of", "type": "label"}),
        "The filter rule values must be strings",
    );
    let ok = FilterRule::from_json(
        &json!({"type": "label", "operator": "is_null", "values": [], "key": "K"}),
    )
    .expect("valid");
    assert_eq!(ok, l("K", Operator::IsNull, &[]));
}

#[test]
fn label_operator_and_value_count_errors() {
    let (r, text) = reason(&l("k", Operator::Contains, &["v"]), Resource::Deployments);
    assert_eq!(r, Reason::LabelOperator);
    assert_eq!(
        text,
        "The operator for filtering by labels must be one of any_of, not_any_of, is_null, is_not_null, is_not"
    );
    for op in [Operator::IsNull, Operator::IsNotNull] {
        let (r, text) = reason(&l("k", op, &["v"]), Resource::Deployments);
        assert_eq!(r, Reason::LabelValuesMustBeEmpty);
        assert_eq!(
            text,
            "Values list must be empty if the operator is one of is_null, is_not_null"
        );
    }
    for op in [Operator::AnyOf, Operator::NotAnyOf, Operator::IsNot] {
        let (r, text) = reason(&l("k", op, &[]), Resource::Blueprints);
        assert_eq!(r, Reason::LabelValuesRequired);
        assert_eq!(
            text,
            "Values list must include at least one item if the operator is one of any_of, not_any_of, is_not"
        );
    }
}

#[test]
fn attribute_operator_and_key_errors() {
    let (r, text) = reason(&a("id", Operator::IsNull, &[]), Resource::Deployments);
    assert_eq!(r, Reason::AttributeOperator);
    assert_eq!(
        text,
        "The operator for filtering by attributes must be one of any_of, not_any_of, contains, \
         not_contains, starts_with, ends_with, is_not_empty"
    );
    let (r, text) = reason(
        &a("site_name", Operator::IsNotEmpty, &["x"]),
        Resource::Deployments,
    );
    assert_eq!(r, Reason::AttributeValuesMustBeEmpty);
    assert_eq!(
        text,
        "Values list must be empty if the operator is is_not_empty"
    );
    let (r, text) = reason(
        &a("site_name", Operator::AnyOf, &["x"]),
        Resource::Blueprints,
    );
    assert_eq!(r, Reason::AttributeNotAllowed(Resource::Blueprints));
    assert_eq!(
        text,
        "Allowed attributes to filter blueprints by are created_by, state, id, tenant_name"
    );
    // Checked before lower-casing.
    let (_, text) = reason(
        &a("Blueprint_Id", Operator::AnyOf, &["x"]),
        Resource::Deployments,
    );
    assert_eq!(
        text,
        "Allowed attributes to filter deployments by are id, blueprint_id, created_by, site_name, \
         schedules, tenant_name, display_name, installation_status"
    );
    let (r, text) = reason(
        &a("schedules", Operator::AnyOf, &["x"]),
        Resource::Deployments,
    );
    assert_eq!(r, Reason::SchedulesOperator);
    assert_eq!(
        text,
        "Filtering by deployment schedules is only possible with the is_not_empty operator"
    );
    assert!(a("schedules", Operator::IsNotEmpty, &[])
        .validate(Resource::Deployments)
        .is_ok());
}

#[test]
fn allowed_attributes_per_model() {
    let ok = |r: Resource, k: &str| a(k, Operator::AnyOf, &["x"]).validate(r).is_ok();
    for k in [
        "id",
        "blueprint_id",
        "created_by",
        "site_name",
        "tenant_name",
        "display_name",
        "installation_status",
    ] {
        assert!(ok(Resource::Deployments, k), "{k}");
    }
    for k in ["created_by", "state", "id", "tenant_name"] {
        assert!(ok(Resource::Blueprints, k), "{k}");
    }
    assert!(!ok(Resource::Blueprints, "blueprint_id"));
    assert!(ok(Resource::Secrets, "key") && ok(Resource::Secrets, "provider_name"));
    assert!(!ok(Resource::Secrets, "id"));
    assert!(ok(Resource::Nodes, "type") && ok(Resource::Nodes, "operation_name"));
    assert!(ok(Resource::NodeInstances, "id") && !ok(Resource::NodeInstances, "type"));
    assert_eq!(Resource::NodeInstances.table(), "node_instances");
}

#[test]
fn attribute_value_rules() {
    let check = |v: &str, expected: &str| {
        let (r, text) = reason(
            &a("display_name", Operator::Contains, &["ok", v]),
            Resource::Deployments,
        );
        assert!(matches!(r, Reason::AttributeValue(_)));
        assert_eq!(text, expected, "{v:?}");
    };
    check("", "The `attributes' filter rule value` argument is empty");
    check(&"a".repeat(257), "The `attributes' filter rule value` argument is too long. Maximum allowed length is 256 characters");
    check(
        "my app",
        "The `attributes' filter rule value` argument contains illegal characters. Only letters, \
         digits and the characters \"-\", \".\" and \"_\" are allowed",
    );
    check("é", "The `attributes' filter rule value` argument contains illegal characters. Only letters, digits and the characters \"-\", \".\" and \"_\" are allowed");
    check(
        "1",
        "The `attributes' filter rule value` argument must begin with a letter",
    );
    check(
        "_a",
        "The `attributes' filter rule value` argument must begin with a letter",
    );
    assert!(a(
        "display_name",
        Operator::Contains,
        &[&"a".repeat(256), "a~b.c-d_e"]
    )
    .validate(Resource::Deployments)
    .is_ok());
    // Attribute rules other than is_not_empty may have no values at all.
    assert!(a("display_name", Operator::Contains, &[])
        .validate(Resource::Deployments)
        .is_ok());
    assert_eq!(validate_input("filter_id", "csys-x"), Ok(()));
}

#[test]
fn label_value_rules() {
    let check = |rule: FilterRule, expected: &str| {
        let (r, text) = reason(&rule, Resource::Deployments);
        assert!(matches!(r, Reason::Label(_)), "{r:?}");
        assert_eq!(text, expected);
    };
    check(
        l("k", Operator::AnyOf, &[&"v".repeat(257)]),
        "The key or value is too long. Maximum allowed length is 256 characters",
    );
    check(
        l(&"k".repeat(257), Operator::AnyOf, &["v"]),
        "The key or value is too long. Maximum allowed length is 256 characters",
    );
    check(
        l("k y", Operator::AnyOf, &["v"]),
        "The key `k y` contains illegal characters. Only letters, digits and the characters `-`, `.` and `_` are allowed",
    );
    check(
        l("k", Operator::IsNot, &["a\"b"]),
        "The value `a\"b` contains illegal characters. Control characters and `\"` are not allowed.",
    );
    check(
        l("k", Operator::AnyOf, &["a\u{200b}b"]),
        "The value `a\u{200b}b` contains illegal characters. Control characters and `\"` are not allowed.",
    );
    check(
        l("csys-foo", Operator::AnyOf, &["v"]),
        "All labels with a `csys-` prefix are reserved for internal use. Allowed `csys-` prefixed \
         labels are: csys-obj-name, csys-obj-type, csys-env-type, csys-wrcp-services, \
         csys-location-name, csys-location-lat, csys-location-long, csys-obj-parent, \
         csys-environment, csys-consumer-id, csys-wrcp-group-id",
    );
    // Reserved check runs on the lower-cased key.
    let (r, _) = reason(
        &l("CSYS-Foo", Operator::AnyOf, &["v"]),
        Resource::Deployments,
    );
    assert!(matches!(r, Reason::Label(LabelError::ReservedKey(_))));
    let (r, _) = reason(
        &l("csys-location-lat", Operator::AnyOf, &["91"]),
        Resource::Deployments,
    );
    assert!(matches!(r, Reason::Label(LabelError::Latitude(_))));
    let (r, _) = reason(
        &l("csys-location-long", Operator::AnyOf, &["-180.5"]),
        Resource::Deployments,
    );
    assert!(matches!(r, Reason::Label(LabelError::Longitude(_))));
    assert!(l("csys-location-long", Operator::AnyOf, &["-180", "12.5"])
        .validate(Resource::Deployments)
        .is_ok());
    // Empty label values and spaces pass; the key of a null rule is not checked at all.
    assert!(l("k", Operator::AnyOf, &["", " a b "])
        .validate(Resource::Deployments)
        .is_ok());
    assert!(l("k y", Operator::IsNull, &[])
        .validate(Resource::Deployments)
        .is_ok());
    assert!(l("csys-foo", Operator::IsNotNull, &[])
        .validate(Resource::Deployments)
        .is_ok());
    assert!(l("Env~1", Operator::AnyOf, &["x"])
        .validate(Resource::Blueprints)
        .is_ok());
}

#[test]
fn label_rules_need_a_model_with_labels() {
    let (r, text) = reason(&l("env", Operator::AnyOf, &["x"]), Resource::Secrets);
    assert_eq!(r, Reason::LabelsNotSupported(Resource::Secrets));
    assert_eq!(text, "Filtering secrets by labels is not supported");
}

#[test]
fn normalize_lower_cases_keys_and_drops_duplicates() {
    let input = [
        l("Env", Operator::AnyOf, &["Prod"]),
        l("env", Operator::AnyOf, &["Prod"]),
        a("blueprint_id", Operator::Contains, &["web"]),
        l("ENV", Operator::AnyOf, &["prod"]),
    ];
    let stored = normalize_rules(&input, Resource::Deployments).expect("valid");
    assert_eq!(
        stored,
        [
            l("env", Operator::AnyOf, &["Prod"]),
            a("blueprint_id", Operator::Contains, &["web"]),
            l("env", Operator::AnyOf, &["prod"]),
        ]
    );
    let err = normalize_rules(
        &[input[0].clone(), a("nope", Operator::AnyOf, &["x"])],
        Resource::Deployments,
    );
    assert!(matches!(err, Err(FilterRuleError::Invalid { .. })));
}

#[test]
fn python_repr_quotes_like_python() {
    let r = l(
        "k",
        Operator::AnyOf,
        &["it's", "a\"b", "back\\slash", "tab\t"],
    );
    assert_eq!(
        r.python_repr(),
        "{'key': 'k', 'values': [\"it's\", 'a\"b', 'back\\\\slash', 'tab\\t'], 'operator': 'any_of', 'type': 'label'}"
    );
}

#[test]
fn json_round_trip_keeps_unknown_operator_text() {
    let v = json!({"key": "k", "values": [], "operator": "is_empty", "type": "attribute"});
    let r: FilterRule = serde_json::from_value(v.clone()).expect("parses");
    assert_eq!(r.operator, Operator::Other("is_empty".into()));
    assert_eq!(serde_json::to_value(&r).expect("json"), v);
}
