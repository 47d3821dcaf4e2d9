//! The `cfy` CLI grammar of filter rules: what it accepts, what it yields, what it refuses.

use baton_core::filters::{FilterRule, FilterRuleError, Operator, RuleType};
use proptest::prelude::*;

fn label(text: &str) -> FilterRule {
    FilterRule::parse_cli(text, RuleType::Label).unwrap_or_else(|e| panic!("{text:?}: {e}"))
}

fn attr(text: &str) -> FilterRule {
    FilterRule::parse_cli(text, RuleType::Attribute).unwrap_or_else(|e| panic!("{text:?}: {e}"))
}

fn label_err(text: &str) {
    match FilterRule::parse_cli(text, RuleType::Label) {
        Err(FilterRuleError::Syntax { text: t, rule_type }) => {
            assert_eq!(t, text);
            assert_eq!(rule_type, RuleType::Label);
        }
        other => panic!("{text:?} should be refused, got {other:?}"),
    }
}

fn attr_err(text: &str) {
    match FilterRule::parse_cli(text, RuleType::Attribute) {
        Err(FilterRuleError::Syntax { rule_type, .. }) => {
            assert_eq!(rule_type, RuleType::Attribute)
        }
        other => panic!("{text:?} should be refused, got {other:?}"),
    }
}

fn l(key: &str, op: Operator, values: &[&str]) -> FilterRule {
    FilterRule::label(key, op, values.iter().copied())
}

fn a(key: &str, op: Operator, values: &[&str]) -> FilterRule {
    FilterRule::attribute(key, op, values.iter().copied())
}

#[test]
fn label_operators() {
    assert_eq!(label("env=aws"), l("env", Operator::AnyOf, &["aws"]));
    assert_eq!(
        label("env!=[a,b]"),
        l("env", Operator::NotAnyOf, &["a", "b"])
    );
    assert_eq!(label("env is-not x"), l("env", Operator::IsNot, &["x"]));
    assert_eq!(label("env is null"), l("env", Operator::IsNull, &[]));
    assert_eq!(label("env is not null"), l("env", Operator::IsNotNull, &[]));
}

#[test]
fn label_key_is_lower_cased_and_may_hold_word_chars_dots_dashes() {
    assert_eq!(label("EnV=Prod").key, "env");
    assert_eq!(label("EnV=Prod").values, ["Prod"]);
    assert_eq!(label("a.b-c_d=x").key, "a.b-c_d");
    // Python's \w is Unicode-aware.
    assert_eq!(label("ÉTÉ=x").key, "été");
    assert_eq!(label("Env IS null".replace("IS", "is").as_str()).key, "env");
    label_err("k:1=v");
    label_err("=v");
    label_err("k y=v");
}

#[test]
fn label_operator_order_not_equal_before_equal() {
    // `!=` is tried first, then `=`: the value of `=` may contain `!=` and `=`.
    assert_eq!(label("k!==x"), l("k", Operator::NotAnyOf, &["=x"]));
    assert_eq!(label("k=!=x"), l("k", Operator::AnyOf, &["!=x"]));
    assert_eq!(label("k=a=b"), l("k", Operator::AnyOf, &["a=b"]));
    assert_eq!(
        label("k=a is-not b"),
        l("k", Operator::AnyOf, &["a is-not b"])
    );
    assert_eq!(label("k is-not a=b"), l("k", Operator::IsNot, &["a=b"]));
}

#[test]
fn label_values_keep_spaces() {
    assert_eq!(label("k= x").values, [" x"]);
    assert_eq!(label("k=a b c").values, ["a b c"]);
    assert_eq!(label("k=[a, b]").values, ["a", " b"]);
    assert_eq!(label("k is-not  x").values, [" x"]);
    assert_eq!(label("k=x ").values, ["x "]);
}

#[test]
fn label_null_forms_need_single_spaces() {
    label_err("env  is null");
    label_err("env is  null");
    label_err("env is not  null");
    label_err("env is null ");
    label_err("env is Null");
    label_err("env isnull");
}

#[test]
fn label_value_must_be_non_empty_without_tab_newline_or_quote() {
    label_err("k=");
    label_err("k!=");
    label_err("k is-not ");
    label_err("k=a\tb");
    label_err("k=a\nb");
    label_err("k=a\"b");
    label_err("");
    label_err("k");
    // Other control characters pass the CLI (the manager refuses them).
    assert_eq!(label("k=a\rb").values, ["a\rb"]);
}

#[test]
fn final_newline_is_dropped_like_python_dollar() {
    assert_eq!(label("k=v\n"), l("k", Operator::AnyOf, &["v"]));
    assert_eq!(label("k is null\n"), l("k", Operator::IsNull, &[]));
    assert_eq!(attr("k=v\n"), a("k", Operator::AnyOf, &["v"]));
    label_err("k=v\n\n");
    label_err("k=\n");
}

#[test]
fn label_lists_strip_all_outer_brackets() {
    assert_eq!(label("k=[a,b]").values, ["a", "b"]);
    assert_eq!(label("k=[[a]]").values, ["a"]);
    assert_eq!(label("k=[]").values, [""]);
    assert_eq!(label("k=[,]").values, ["", ""]);
    assert_eq!(label("k=[a,[b],c]").values, ["a", "[b]", "c"]);
    // Not a list unless it both starts with `[` and ends with `]`.
    assert_eq!(label("k=[a,b").values, ["[a,b"]);
    assert_eq!(label("k=a,b]").values, ["a,b]"]);
    assert_eq!(label("k=a,b").values, ["a,b"]);
}

#[test]
fn label_escapes() {
    assert_eq!(label(r"k=a\,b").values, ["a,b"]);
    assert_eq!(label(r"k=[a\,b,c]").values, ["a,b", "c"]);
    assert_eq!(label(r"k=a\:b").values, ["a:b"]);
    assert_eq!(label(r"k=[x\:1,y\:2]").values, ["x:1", "y:2"]);
    // `\$` is not an escape on input, nor is any other.
    assert_eq!(label(r"k=a\$b").values, [r"a\$b"]);
    assert_eq!(label(r"k=a\nb").values, [r"a\nb"]);
    assert_eq!(label(r"k=a:b").values, ["a:b"]);
}

#[test]
fn attribute_operators_in_order() {
    assert_eq!(
        attr("blueprint_id=web"),
        a("blueprint_id", Operator::AnyOf, &["web"])
    );
    assert_eq!(
        attr("site_name!=[a,b]"),
        a("site_name", Operator::NotAnyOf, &["a", "b"])
    );
    assert_eq!(
        attr("blueprint_id contains web"),
        a("blueprint_id", Operator::Contains, &["web"])
    );
    assert_eq!(
        attr("display_name does-not-contain x"),
        a("display_name", Operator::NotContains, &["x"])
    );
    assert_eq!(
        attr("created_by starts-with bob"),
        a("created_by", Operator::StartsWith, &["bob"])
    );
    assert_eq!(
        attr("created_by ends-with bob"),
        a("created_by", Operator::EndsWith, &["bob"])
    );
    assert_eq!(
        attr("site_name is not empty"),
        a("site_name", Operator::IsNotEmpty, &[])
    );
    assert_eq!(attr("Blueprint_ID=x").key, "blueprint_id");
    // The value of `contains` may be the word of another operator.
    assert_eq!(attr("k contains ends-with").values, ["ends-with"]);
}

#[test]
fn attribute_values_are_word_chars_only() {
    attr_err("display_name contains foo bar");
    attr_err(r"a=b\,c");
    attr_err("a=[a, b]");
    attr_err("a=[]");
    attr_err("a=");
    attr_err("a=b:c");
    attr_err("a is null");
    attr_err("a is-not b");
    attr_err("a  contains b");
    attr_err("a contains  b");
    attr_err("a is not empty ");
    assert_eq!(attr("k=[a,,b]").values, ["a", "", "b"]);
    assert_eq!(attr("k=[,]").values, ["", ""]);
    assert_eq!(attr("k=a.b-c_d").values, ["a.b-c_d"]);
    assert_eq!(attr("k=[a]").values, ["a"]);
}

#[test]
fn label_grammar_refuses_attribute_operators_and_vice_versa() {
    label_err("k contains v");
    label_err("k is not empty");
    attr_err("k is not null");
    assert!(FilterRule::parse_cli("k=v", RuleType::Other("x".into())).is_err());
}

#[test]
fn syntax_error_message_is_the_clis() {
    let e = FilterRule::parse_cli("k", RuleType::Label).unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.starts_with("The labels filter rule `k` is not in the right format."),
        "{msg}"
    );
    assert!(msg.contains("<key> is-not <value>"), "{msg}");
    assert!(msg.contains("escaped with `\\`"), "{msg}");
    let e = FilterRule::parse_cli("k", RuleType::Attribute).unwrap_err();
    assert!(e
        .to_string()
        .starts_with("The attributes filter rule `k` is not in the right format."));
}

#[test]
fn display_prints_the_cli_form() {
    assert_eq!(l("env", Operator::AnyOf, &["aws"]).to_string(), "env=aws");
    assert_eq!(
        l("env", Operator::NotAnyOf, &["a", "b"]).to_string(),
        "env!=[a,b]"
    );
    assert_eq!(
        l("env", Operator::IsNot, &["x"]).to_string(),
        "env is-not x"
    );
    assert_eq!(l("env", Operator::IsNull, &[]).to_string(), "env is null");
    assert_eq!(
        l("env", Operator::IsNotNull, &[]).to_string(),
        "env is not null"
    );
    assert_eq!(
        l("k", Operator::AnyOf, &["a,b:c"]).to_string(),
        r"k=a\,b\:c"
    );
    assert_eq!(l("k", Operator::AnyOf, &[""]).to_string(), "k=[]");
    assert_eq!(l("k", Operator::AnyOf, &["$x"]).to_string(), "k=$x");
    assert_eq!(
        a("created_by", Operator::StartsWith, &["bob"]).to_string(),
        "created_by starts-with bob"
    );
    assert_eq!(
        a("x", Operator::NotContains, &["a", "b"]).to_string(),
        "x does-not-contain [a,b]"
    );
    assert_eq!(
        a("schedules", Operator::IsNotEmpty, &[]).to_string(),
        "schedules is not empty"
    );
}

#[test]
fn to_cli_is_none_for_rules_the_syntax_cannot_express() {
    assert_eq!(
        l("env", Operator::AnyOf, &["a b"]).to_cli().as_deref(),
        Some("env=a b")
    );
    assert_eq!(l("env", Operator::AnyOf, &["[a]"]).to_cli(), None);
    assert_eq!(l("env", Operator::AnyOf, &["a\"b"]).to_cli(), None);
    assert_eq!(l("Env", Operator::AnyOf, &["a"]).to_cli(), None);
    assert_eq!(
        a("display_name", Operator::Contains, &["my app"]).to_cli(),
        None
    );
    assert_eq!(a("k", Operator::AnyOf, &[""]).to_cli(), None);
    assert_eq!(l("k", Operator::AnyOf, &["a\\", "b"]).to_cli(), None);
}

#[test]
fn cli_message_rewrites_a_server_error() {
    let rule = l("env", Operator::Other("nope".into()), &["prod"]);
    let err = rule
        .validate(baton_core::filters::Resource::Deployments)
        .unwrap_err();
    assert_eq!(
        err.cli_message(),
        "The filter rule `\"env nope prod\"` is invalid. The operator for filtering by labels \
         must be one of any_of, not_any_of, is_null, is_not_null, is_not"
    );
}

// --- Round trip: every rule the CLI syntax can express prints and parses back to itself.

fn label_key() -> impl Strategy<Value = String> {
    "[a-z0-9_.-]{1,12}|[a-z]{1,3}é[a-z]{0,3}"
}

/// Label values: anything but tab, newline, `"` and NUL (the CLI's placeholder for `\,`).
fn label_value() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 ,:=!\\[\\]$#é\\\\-]{0,10}"
}

fn label_rule() -> impl Strategy<Value = FilterRule> {
    let multi = prop_oneof![
        Just(Operator::AnyOf),
        Just(Operator::NotAnyOf),
        Just(Operator::IsNot)
    ];
    let bracket = |c: char| c == '[' || c == ']';
    let with_values = (
        label_key(),
        multi,
        prop::collection::vec(label_value(), 1..4),
    )
        // A single value that looks like a list is read as one.
        .prop_filter("single value like a list", |(_, _, vs)| {
            vs.len() != 1 || !(vs[0].starts_with('[') && vs[0].ends_with(']'))
        })
        // `strip('[]')` eats brackets at the edges of a list.
        .prop_filter("brackets at list edges", move |(_, _, vs)| {
            vs.len() == 1 || !(vs[0].starts_with(bracket) || vs[vs.len() - 1].ends_with(bracket))
        })
        // A backslash before the separator turns it into an escaped comma.
        .prop_filter("backslash before separator", |(_, _, vs)| {
            vs.len() == 1 || vs[..vs.len() - 1].iter().all(|v| !v.ends_with('\\'))
        })
        .prop_map(|(k, op, vs)| FilterRule::label(k, op, vs));
    let null = (
        label_key(),
        prop_oneof![Just(Operator::IsNull), Just(Operator::IsNotNull)],
    )
        .prop_map(|(k, op)| FilterRule::label(k, op, Vec::<String>::new()));
    prop_oneof![3 => with_values, 1 => null]
}

fn attr_rule() -> impl Strategy<Value = FilterRule> {
    let op = prop_oneof![
        Just(Operator::AnyOf),
        Just(Operator::NotAnyOf),
        Just(Operator::Contains),
        Just(Operator::NotContains),
        Just(Operator::StartsWith),
        Just(Operator::EndsWith),
    ];
    let single = prop::collection::vec("[a-zA-Z0-9_.-]{1,10}", 1..2);
    let list = prop::collection::vec("[a-zA-Z0-9_.-]{0,6}", 2..5);
    let with_values = ("[a-z_]{1,12}", op, prop_oneof![single, list])
        .prop_map(|(k, op, vs)| FilterRule::attribute(k, op, vs));
    let not_empty = "[a-z_]{1,12}"
        .prop_map(|k| FilterRule::attribute(k, Operator::IsNotEmpty, Vec::<String>::new()));
    prop_oneof![4 => with_values, 1 => not_empty]
}

proptest! {
    #[test]
    fn label_rules_round_trip(rule in label_rule()) {
        let text = rule.to_string();
        let back = FilterRule::parse_cli(&text, RuleType::Label);
        prop_assert_eq!(back.as_ref().ok(), Some(&rule), "text {:?}", text);
        prop_assert_eq!(rule.to_cli(), Some(text));
    }

    #[test]
    fn attribute_rules_round_trip(rule in attr_rule()) {
        let text = rule.to_string();
        let back = FilterRule::parse_cli(&text, RuleType::Attribute);
        prop_assert_eq!(back.as_ref().ok(), Some(&rule), "text {:?}", text);
    }

    #[test]
    fn parse_never_panics(text in "\\PC{0,30}|[a-z=!\\[\\], \\\\:isnotul-]{0,30}") {
        for kind in [RuleType::Label, RuleType::Attribute] {
            if let Ok(rule) = FilterRule::parse_cli(&text, kind.clone()) {
                // Whatever parses has a lower-case key and the requested type.
                prop_assert_eq!(rule.key.to_lowercase(), rule.key.clone());
                prop_assert_eq!(rule.rule_type, kind);
            }
        }
    }
}
