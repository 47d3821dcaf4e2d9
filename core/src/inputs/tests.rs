use serde_json::json;

use super::*;

/// A stand-in for the browser's regular expressions: `^` + literal prefix, or `[` (invalid).
fn prefix(p: &str, s: &str) -> Result<bool, String> {
    if p.contains('[') && !p.contains(']') {
        return Err("unterminated character set".into());
    }
    Ok(s.starts_with(p.trim_start_matches('^')))
}

fn def(v: serde_json::Value) -> InputDef {
    InputDef::parse("x", &v)
}

fn check(d: &InputDef, text: &str) -> Result<Option<Value>, String> {
    d.validate(text, &prefix)
}

#[test]
fn reads_the_fixture_inputs_and_workflow_parameters() {
    // As captured in shared/fixtures/conductor/blueprint_get.json.
    let bp = json!({"plan": {"inputs": {
        "webserver_port": {"default": 8080, "description": "Port the web server listens on", "type": "integer"},
        "image": {"default": "ubuntu-22.04", "type": "string", "constraints": [{"valid_values": ["ubuntu-22.04", "debian-12", "rhel-9"]}]}}}});
    let inputs = parse_inputs(&bp["plan"]["inputs"]);
    let port = inputs.iter().find(|i| i.name == "webserver_port").unwrap();
    assert_eq!(port.ty, InputType::Integer);
    assert!(!port.required, "an input with a default is optional");
    assert_eq!(
        port.description.as_deref(),
        Some("Port the web server listens on")
    );
    let image = inputs.iter().find(|i| i.name == "image").unwrap();
    assert_eq!(image.valid_values().unwrap().len(), 3);
    assert_eq!(check(image, "debian-12").unwrap(), Some(json!("debian-12")));
    assert_eq!(
        check(image, "centos").unwrap_err(),
        "Must be one of: ubuntu-22.04, debian-12, rhel-9"
    );

    let node_ids = InputDef::parse(
        "node_ids",
        &json!({"default": [], "type": "list", "item_type": "node_id"}),
    );
    assert_eq!(node_ids.picker(), Some(InputType::NodeId));
    assert_eq!(
        check(&node_ids, r#"["vm", "app"]"#).unwrap(),
        Some(json!(["vm", "app"]))
    );
    assert_eq!(
        check(&node_ids, "[1]").unwrap_err(),
        "Item 1: Must be text, not 1"
    );
    // No type: JSON when it reads as JSON, text otherwise.
    let any = InputDef::parse("run_by_dependency_order", &json!({"default": false}));
    assert_eq!(any.ty, InputType::Any);
    assert_eq!(check(&any, "true").unwrap(), Some(json!(true)));
    assert_eq!(check(&any, "hello").unwrap(), Some(json!("hello")));
    assert_eq!(check(&any, "{\"a\": 1}").unwrap(), Some(json!({"a": 1})));
}

#[test]
fn required_unless_a_default_and_explicit_required() {
    let d = def(json!({"type": "string"}));
    assert!(d.required);
    assert_eq!(
        check(&d, "").unwrap_err(),
        "Required: this input has no default."
    );
    let with_default = def(json!({"type": "string", "default": "a"}));
    assert_eq!(check(&with_default, "").unwrap(), None);
    let optional = def(json!({"type": "string", "required": false}));
    assert_eq!(check(&optional, "").unwrap(), None);
    let hidden = def(
        json!({"type": "string", "default": "s", "hidden": true, "display_label": "Secret thing"}),
    );
    assert!(hidden.hidden);
    assert_eq!(hidden.label(), "Secret thing");
}

#[test]
fn every_type_reads_its_text() {
    let int = def(json!({"type": "integer"}));
    assert_eq!(check(&int, " 42 ").unwrap(), Some(json!(42)));
    assert_eq!(check(&int, "4.2").unwrap_err(), "4.2 is not a whole number");
    let float = def(json!({"type": "float"}));
    assert_eq!(check(&float, "0.5").unwrap(), Some(json!(0.5)));
    assert_eq!(check(&float, "2").unwrap(), Some(json!(2)));
    assert_eq!(check(&float, "NaN").unwrap_err(), "NaN is not a number");
    let b = def(json!({"type": "boolean"}));
    assert_eq!(check(&b, "false").unwrap(), Some(json!(false)));
    assert_eq!(
        check(&b, "maybe").unwrap_err(),
        "maybe is not true or false"
    );
    let list = def(json!({"type": "list"}));
    assert_eq!(check(&list, "[1, \"a\"]").unwrap(), Some(json!([1, "a"])));
    assert_eq!(check(&list, "- a\n- b\n").unwrap(), Some(json!(["a", "b"])));
    assert_eq!(check(&list, "{}").unwrap_err(), "Must be a list, not {}");
    let dict = def(json!({"type": "dict"}));
    assert_eq!(check(&dict, "a: 1").unwrap(), Some(json!({"a": 1})));
    assert_eq!(
        check(&dict, "[]").unwrap_err(),
        "Must be a dictionary (key: value), not []"
    );
    assert!(check(&dict, "a: [1")
        .unwrap_err()
        .starts_with("Not readable as JSON or YAML"));
    for ty in [
        "string",
        "textarea",
        "secret_key",
        "deployment_id",
        "blueprint_id",
        "node_id",
        "node_type",
        "node_instance",
        "scaling_group",
        "operation_name",
    ] {
        let d = def(json!({ "type": ty }));
        assert_eq!(d.ty.as_str(), ty);
        // Text types keep what is typed, digits included.
        assert_eq!(check(&d, "007").unwrap(), Some(json!("007")), "{ty}");
    }
    let cap = def(json!({"type": "capability_value"}));
    assert_eq!(check(&cap, "8080").unwrap(), Some(json!(8080)));
    let re = def(json!({"type": "regex"}));
    assert_eq!(check(&re, "^web").unwrap(), Some(json!("^web")));
    assert!(check(&re, "[a-")
        .unwrap_err()
        .starts_with("Not a valid regular expression"));
    // A value shown in its field reads back as the same value.
    for (d, v) in [
        (&int, json!(5)),
        (&dict, json!({"a": [1]})),
        (&cap, json!("80")),
        (&list, json!([])),
    ] {
        assert_eq!(check(d, &d.text_of(&v)).unwrap(), Some(v));
    }
}

#[test]
fn every_constraint_says_why() {
    let cases: &[(Value, &str, &str, &str)] = &[
        (
            json!({"type": "integer", "constraints": [{"in_range": [1, 10]}]}),
            "10",
            "11",
            "Must be between 1 and 10",
        ),
        (
            json!({"type": "integer", "constraints": [{"greater_than": 5}]}),
            "6",
            "5",
            "Must be greater than 5",
        ),
        (
            json!({"type": "float", "constraints": [{"greater_or_equal": 0.5}]}),
            "0.5",
            "0.4",
            "Must be 0.5 or more",
        ),
        (
            json!({"type": "integer", "constraints": [{"less_than": 3}]}),
            "2",
            "3",
            "Must be less than 3",
        ),
        (
            json!({"type": "integer", "constraints": [{"less_or_equal": 3}]}),
            "3",
            "4",
            "Must be 3 or less",
        ),
        (
            json!({"type": "string", "constraints": [{"length": 3}]}),
            "abc",
            "ab",
            "Must be exactly 3 characters long",
        ),
        (
            json!({"type": "string", "constraints": [{"min_length": 2}]}),
            "é✓",
            "é",
            "Must be at least 2 characters long",
        ),
        (
            json!({"type": "list", "constraints": [{"max_length": 1}]}),
            "[1]",
            "[1, 2]",
            "Must be at most 1 items long",
        ),
        (
            json!({"type": "string", "constraints": [{"pattern": "^web"}]}),
            "web-1",
            "db-1",
            "Must match the pattern ^web",
        ),
        (
            json!({"type": "integer", "constraints": [{"valid_values": [1, 2]}]}),
            "2",
            "3",
            "Must be one of: 1, 2",
        ),
        (
            json!({"type": "string", "constraints": [{"equal": "x"}]}),
            "x",
            "y",
            "Must be x",
        ),
    ];
    for (schema, good, bad, why) in cases {
        let d = def(schema.clone());
        assert!(d.warnings.is_empty(), "{:?}", d.warnings);
        assert!(check(&d, good).is_ok(), "{schema} {good}");
        assert_eq!(check(&d, bad).unwrap_err(), *why, "{schema}");
    }
    // Comparisons need a number; a bad argument is a warning, not a crash.
    let d = def(json!({"constraints": [{"greater_than": 1}]}));
    assert_eq!(
        check(&d, "abc").unwrap_err(),
        "Must be a number to compare, not abc"
    );
    let d =
        def(json!({"type": "integer", "constraints": [{"in_range": [1]}, {"shiny": true}, "x"]}));
    assert_eq!(d.warnings.len(), 3, "{:?}", d.warnings);
    assert!(check(&d, "100").is_ok());
    let d = def(json!({"type": "string", "constraints": [{"pattern": "[a-"}]}));
    assert!(check(&d, "a")
        .unwrap_err()
        .starts_with("The pattern [a- is invalid"));
}

#[test]
fn picker_constraints_become_search_constraints() {
    let d = def(json!({"type": "deployment_id", "constraints": [
        {"labels": [{"env": "prod"}]}, {"name_pattern": {"starts_with": "web"}}, {"filter_id": "mine"}]}));
    let c = d.search_constraints(Some("ctx"), None).unwrap();
    assert_eq!(
        c.to_json(),
        json!({"labels": [{"env": "prod"}], "filter_id": "mine", "name_pattern": {"starts_with": "web"}})
    );
    // Context ids fill in where the search uses them, unless the input names its own.
    let n = def(json!({"type": "node_id", "constraints": [{"valid_values": ["vm"]}]}));
    assert_eq!(
        n.search_constraints(Some("d1"), Some("bp"))
            .unwrap()
            .to_json(),
        json!({"valid_values": ["vm"], "deployment_id": "d1"})
    );
    assert_eq!(
        n.search_constraints(None, Some("bp")).unwrap().to_json(),
        json!({"valid_values": ["vm"], "blueprint_id": "bp"})
    );
    let own = def(
        json!({"type": "capability_value", "constraints": [{"deployment_id": "web"}, {"name_pattern": {"equals_to": "port"}}]}),
    );
    assert_eq!(
        own.search_constraints(Some("other"), None)
            .unwrap()
            .to_json(),
        json!({"name_pattern": {"equals_to": "port"}, "deployment_id": "web"})
    );
    // Secrets take no labels: they are dropped rather than refused by the manager.
    let s = def(
        json!({"type": "secret_key", "constraints": [{"labels": [{"a": "b"}]}, {"name_pattern": {"contains": "aws"}}]}),
    );
    assert_eq!(
        s.search_constraints(None, None).unwrap().to_json(),
        json!({"name_pattern": {"contains": "aws"}})
    );
    let op = def(
        json!({"type": "operation_name", "constraints": [{"name_pattern": {"starts_with": "cloudify.interfaces"}}]}),
    );
    assert!(op.search_constraints(Some("d"), None).unwrap().to_json()["name_pattern"].is_null());
    assert!(op
        .operation_pattern()
        .unwrap()
        .matches("cloudify.interfaces.lifecycle.start"));
    assert!(def(json!({"type": "string"}))
        .search_constraints(None, None)
        .is_err());
}

#[test]
fn manager_errors_name_their_inputs() {
    let names = ["region", "port", "instance_type", "input"];
    assert_eq!(
        inputs_named_in("Required input(s) region were not specified - expected inputs: [instance_type, port, region]", names),
        ["region"]
    );
    assert_eq!(
        inputs_named_in("Required inputs ['port', 'region'] were not specified - expected inputs: ['port', 'region']", names),
        ["port", "region"]
    );
    assert_eq!(
        inputs_named_in(
            "Value 70000 of input port violates constraint in_range(1, 65535) operator.",
            names
        ),
        ["port"]
    );
    assert_eq!(
        inputs_named_in(
            "Unknown input(s) specified: colour - expected inputs: [port]",
            names
        ),
        Vec::<String>::new()
    );
    assert_eq!(
        inputs_named_in(
            "Unknown input(s) specified: colour - expected inputs: [port]",
            ["colour", "port"]
        ),
        ["colour"]
    );
}
