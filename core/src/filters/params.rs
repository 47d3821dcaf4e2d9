//! Filter rules as the console's text box and URLs carry them.
//!
//! - The text box takes one rule per line in the `cfy` CLI syntax (`env=prod`,
//!   `region!=[us-east-1,eu-west-1]`, `tier is null`, `blueprint_id contains web`). A line whose
//!   key is one of the resource's filterable attributes is an attribute rule (`-ar`), any other
//!   a label rule (`-lr`); `label:` or `attribute:` in front of a line says which explicitly.
//! - A list page's URL keeps each rule as `label_rule=<cli>` or `attribute_rule=<cli>`, a rule
//!   the CLI syntax cannot express as `rule=<json>`, and a saved filter as `filter_id=<id>`.

use super::{FilterRule, FilterRuleError, Resource, RuleType};

/// URL parameter of a label rule in CLI form.
pub const LABEL_PARAM: &str = "label_rule";
/// URL parameter of an attribute rule in CLI form.
pub const ATTRIBUTE_PARAM: &str = "attribute_rule";
/// URL parameter of a rule in JSON (when the CLI syntax cannot express it).
pub const JSON_PARAM: &str = "rule";
/// URL parameter of a saved filter applied with `_filter_id`.
pub const FILTER_ID_PARAM: &str = "filter_id";
/// Every parameter a filtered list page reads.
pub const PARAMS: &[&str] = &[LABEL_PARAM, ATTRIBUTE_PARAM, JSON_PARAM, FILTER_ID_PARAM];

/// The rule type a text-box line means for `resource`, and the line without its prefix.
fn line_type(line: &str, resource: Resource) -> (RuleType, &str) {
    if let Some(rest) = line.strip_prefix("label:") {
        return (RuleType::Label, rest.trim_start());
    }
    if let Some(rest) = line.strip_prefix("attribute:") {
        return (RuleType::Attribute, rest.trim_start());
    }
    let key: String = line
        .chars()
        .take_while(|c| c.is_alphanumeric() || "_-.".contains(*c))
        .collect::<String>()
        .to_lowercase();
    let attribute = resource.allowed_attributes().contains(&key.as_str());
    if attribute || !resource.has_labels() {
        (RuleType::Attribute, line)
    } else {
        (RuleType::Label, line)
    }
}

/// One text-box line as a rule, checked as the manager checks it for `resource`. The error's
/// `Display` is the message the CLI (syntax) or the manager (validation) gives.
pub fn parse_line(line: &str, resource: Resource) -> Result<FilterRule, FilterRuleError> {
    let (kind, text) = line_type(line.trim(), resource);
    let rule = FilterRule::parse_cli(text, kind)?;
    rule.validate(resource)?;
    Ok(rule)
}

/// A text box's rules; each error comes with its 1-based line number. Blank lines are skipped.
pub fn parse_text(
    text: &str,
    resource: Resource,
) -> (Vec<FilterRule>, Vec<(usize, FilterRuleError)>) {
    let (mut rules, mut errors) = (Vec::new(), Vec::new());
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match parse_line(line, resource) {
            Ok(r) => rules.push(r),
            Err(e) => errors.push((i + 1, e)),
        }
    }
    (rules, errors)
}

/// The text-box line of a rule: its CLI form, prefixed when the key alone would be read as the
/// other type; `None` when the CLI syntax cannot express the rule.
pub fn to_line(rule: &FilterRule, resource: Resource) -> Option<String> {
    let cli = rule.to_cli()?;
    let (read_as, _) = line_type(&cli, resource);
    Some(if read_as == rule.rule_type {
        cli
    } else {
        format!("{}:{cli}", rule.rule_type.as_str())
    })
}

/// The text box's content for these rules (rules without a CLI form are left out).
pub fn to_text(rules: &[FilterRule], resource: Resource) -> String {
    rules
        .iter()
        .filter_map(|r| to_line(r, resource))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The URL parameters of these rules.
pub fn to_params(rules: &[FilterRule]) -> Vec<(String, String)> {
    rules
        .iter()
        .map(|r| match (r.to_cli(), &r.rule_type) {
            (Some(cli), RuleType::Label) => (LABEL_PARAM.to_string(), cli),
            (Some(cli), RuleType::Attribute) => (ATTRIBUTE_PARAM.to_string(), cli),
            _ => (
                JSON_PARAM.to_string(),
                serde_json::to_string(r).unwrap_or_default(),
            ),
        })
        .collect()
}

/// What a list URL asks for: rules and a saved filter, or why a parameter is not a rule.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UrlFilter {
    pub rules: Vec<FilterRule>,
    pub filter_id: Option<String>,
    /// The first parameter that is not a rule (hand-edited links).
    pub error: Option<FilterRuleError>,
}

impl UrlFilter {
    /// Whether the URL filters at all.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty() && self.filter_id.is_none() && self.error.is_none()
    }
}

/// Takes the filter parameters out of `pairs` (leaving the others) and reads them.
pub fn take_params(pairs: &mut Vec<(String, String)>) -> UrlFilter {
    let mut out = UrlFilter::default();
    pairs.retain(|(k, v)| {
        let parsed = match k.as_str() {
            LABEL_PARAM => FilterRule::parse_cli(v, RuleType::Label),
            ATTRIBUTE_PARAM => FilterRule::parse_cli(v, RuleType::Attribute),
            JSON_PARAM => serde_json::from_str::<serde_json::Value>(v)
                .map_err(|_| FilterRuleError::Syntax {
                    text: v.clone(),
                    rule_type: RuleType::Other("json".into()),
                })
                .and_then(|j| FilterRule::from_json(&j)),
            FILTER_ID_PARAM => {
                out.filter_id = Some(v.clone());
                return false;
            }
            _ => return true,
        };
        match parsed {
            Ok(r) => out.rules.push(r),
            Err(e) => {
                out.error.get_or_insert(e);
            }
        }
        false
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filters::Operator;

    const D: Resource = Resource::Deployments;

    #[test]
    fn text_lines_become_label_or_attribute_rules_by_key() {
        let (rules, errors) = parse_text(
            "env=prod\nregion!=[us-east-1,eu-west-1]\n\ntier is null\nblueprint_id contains web",
            D,
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            rules,
            vec![
                FilterRule::label("env", Operator::AnyOf, ["prod"]),
                FilterRule::label("region", Operator::NotAnyOf, ["us-east-1", "eu-west-1"]),
                FilterRule::label("tier", Operator::IsNull, Vec::<String>::new()),
                FilterRule::attribute("blueprint_id", Operator::Contains, ["web"]),
            ]
        );
        assert_eq!(
            to_text(&rules, D),
            "env=prod\nregion!=[us-east-1,eu-west-1]\ntier is null\nblueprint_id contains web"
        );
    }

    #[test]
    fn a_label_named_like_an_attribute_keeps_its_prefix() {
        let rule = FilterRule::label("site_name", Operator::AnyOf, ["x"]);
        let line = to_line(&rule, D).unwrap();
        assert_eq!(line, "label:site_name=x");
        assert_eq!(parse_line(&line, D).unwrap(), rule);
        // Blueprints have no `site_name` attribute: there it is a plain label line.
        assert_eq!(to_line(&rule, Resource::Blueprints).unwrap(), "site_name=x");
    }

    #[test]
    fn errors_are_the_cli_and_manager_messages_with_line_numbers() {
        let (rules, errors) = parse_text("env=prod\nenv\nblueprint_id is null", D);
        assert_eq!(rules.len(), 1);
        assert_eq!(errors[0].0, 2);
        assert!(errors[0]
            .1
            .to_string()
            .starts_with("The labels filter rule `env` is not in the right format."));
        assert_eq!(errors[1].0, 3);
        assert!(errors[1].1.to_string().starts_with(
            "The attributes filter rule `blueprint_id is null` is not in the right format."
        ));
        // A rule in the grammar that the manager refuses: its own message.
        let e = parse_line("attribute:schedule contains x", D).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("The filter rule {'key': 'schedule', 'values': ['x'], 'operator': 'contains', 'type': 'attribute'} is not in the right format."),
            "{e}"
        );
    }

    #[test]
    fn url_parameters_round_trip_and_leave_the_others() {
        let rules = vec![
            FilterRule::label("env", Operator::AnyOf, ["prod", "a,b"]),
            FilterRule::attribute("site_name", Operator::IsNotEmpty, Vec::<String>::new()),
            FilterRule::label("note", Operator::AnyOf, ["tab\there"]),
        ];
        let mut pairs = to_params(&rules);
        assert_eq!(pairs[0], ("label_rule".into(), "env=[prod,a\\,b]".into()));
        assert_eq!(
            pairs[1],
            ("attribute_rule".into(), "site_name is not empty".into())
        );
        assert_eq!(pairs[2].0, "rule");
        pairs.push(("blueprint_id".into(), "web".into()));
        pairs.push(("filter_id".into(), "mine".into()));
        let got = take_params(&mut pairs);
        assert_eq!(got.rules, rules);
        assert_eq!(got.filter_id.as_deref(), Some("mine"));
        assert_eq!(got.error, None);
        assert_eq!(pairs, vec![("blueprint_id".to_string(), "web".to_string())]);
    }

    #[test]
    fn a_hand_edited_rule_is_reported_not_dropped_silently() {
        let mut pairs = vec![("label_rule".to_string(), "env".to_string())];
        let got = take_params(&mut pairs);
        assert!(got.rules.is_empty());
        assert!(matches!(got.error, Some(FilterRuleError::Syntax { .. })));
        assert!(!got.is_empty());
    }
}
