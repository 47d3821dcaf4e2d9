//! Filter rules exactly as the Conductor manager understands them.
//!
//! A [`FilterRule`] is the manager's JSON object `{"key", "values", "operator", "type"}`. This module
//! parses and prints the `cfy` CLI's textual form ([`FilterRule::parse_cli`], `Display`), applies
//! the manager's validation per resource ([`FilterRule::validate`], [`normalize_rules`]), builds the
//! DSL constraints of `/searches/<resource>` ([`Constraints`]) and evaluates rules locally over
//! loaded items with the manager's SQL semantics ([`Filterable`], [`CompiledRules`], [`matches_all`]).

mod cli;
mod constraints;
mod eval;
pub mod params;
mod validate;

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use constraints::{ConstraintError, ConstraintKey, Constraints, NamePattern, SearchResource};
pub use eval::{matches_all, AttributeValue, CompiledRules, Filterable};
pub use validate::{normalize_rules, validate_input, Reason, Resource, RESERVED_LABELS};

/// Whether a rule tests a label or a model attribute (the JSON `type`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum RuleType {
    /// `"label"`: tests the item's labels (deployments and blueprints only).
    Label,
    /// `"attribute"`: tests a column of the model (see [`Resource::allowed_attributes`]).
    Attribute,
    /// Any other text received from a server; [`FilterRule::validate`] rejects it.
    Other(String),
}

impl RuleType {
    /// The manager's spelling.
    pub fn as_str(&self) -> &str {
        match self {
            RuleType::Label => "label",
            RuleType::Attribute => "attribute",
            RuleType::Other(s) => s,
        }
    }

    /// Parses the manager's spelling; unknown text becomes [`RuleType::Other`].
    pub fn from_api(s: &str) -> RuleType {
        match s {
            "label" => RuleType::Label,
            "attribute" => RuleType::Attribute,
            other => RuleType::Other(other.to_owned()),
        }
    }
}

impl fmt::Display for RuleType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A filter-rule operator, named as in the API.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Operator {
    /// `any_of` (CLI `=`): labels and attributes.
    AnyOf,
    /// `not_any_of` (CLI `!=`): labels and attributes.
    NotAnyOf,
    /// `is_not` (CLI ` is-not `): labels only; items without the key match.
    IsNot,
    /// `is_null` (CLI ` is null`): labels only; the item has no label with the key.
    IsNull,
    /// `is_not_null` (CLI ` is not null`): labels only; the item has a label with the key.
    IsNotNull,
    /// `contains` (case-sensitive SQL `LIKE '%v%'`): attributes only.
    Contains,
    /// `not_contains` (CLI ` does-not-contain `): attributes only.
    NotContains,
    /// `starts_with` (CLI ` starts-with `, case-insensitive): attributes only.
    StartsWith,
    /// `ends_with` (CLI ` ends-with `, case-insensitive): attributes only.
    EndsWith,
    /// `is_not_empty` (CLI ` is not empty`): attributes only.
    IsNotEmpty,
    /// Any other text received from a server; [`FilterRule::validate`] rejects it.
    Other(String),
}

impl Operator {
    /// The operators the manager accepts in label rules, in its order.
    pub const LABEL: [Operator; 5] = [
        Operator::AnyOf,
        Operator::NotAnyOf,
        Operator::IsNull,
        Operator::IsNotNull,
        Operator::IsNot,
    ];
    /// The operators the manager accepts in attribute rules, in its order.
    pub const ATTRIBUTE: [Operator; 7] = [
        Operator::AnyOf,
        Operator::NotAnyOf,
        Operator::Contains,
        Operator::NotContains,
        Operator::StartsWith,
        Operator::EndsWith,
        Operator::IsNotEmpty,
    ];

    /// The API spelling, e.g. `not_any_of`.
    pub fn as_str(&self) -> &str {
        match self {
            Operator::AnyOf => "any_of",
            Operator::NotAnyOf => "not_any_of",
            Operator::IsNot => "is_not",
            Operator::IsNull => "is_null",
            Operator::IsNotNull => "is_not_null",
            Operator::Contains => "contains",
            Operator::NotContains => "not_contains",
            Operator::StartsWith => "starts_with",
            Operator::EndsWith => "ends_with",
            Operator::IsNotEmpty => "is_not_empty",
            Operator::Other(s) => s,
        }
    }

    /// Parses the API spelling; unknown text becomes [`Operator::Other`].
    pub fn from_api(s: &str) -> Operator {
        match s {
            "any_of" => Operator::AnyOf,
            "not_any_of" => Operator::NotAnyOf,
            "is_not" => Operator::IsNot,
            "is_null" => Operator::IsNull,
            "is_not_null" => Operator::IsNotNull,
            "contains" => Operator::Contains,
            "not_contains" => Operator::NotContains,
            "starts_with" => Operator::StartsWith,
            "ends_with" => Operator::EndsWith,
            "is_not_empty" => Operator::IsNotEmpty,
            other => Operator::Other(other.to_owned()),
        }
    }

    /// The CLI spelling (`=`, `!=`, `is-not`, `is null`, `does-not-contain`, ...), if there is one.
    pub fn cli_str(&self) -> Option<&'static str> {
        Some(match self {
            Operator::AnyOf => "=",
            Operator::NotAnyOf => "!=",
            Operator::IsNot => "is-not",
            Operator::IsNull => "is null",
            Operator::IsNotNull => "is not null",
            Operator::Contains => "contains",
            Operator::NotContains => "does-not-contain",
            Operator::StartsWith => "starts-with",
            Operator::EndsWith => "ends-with",
            Operator::IsNotEmpty => "is not empty",
            Operator::Other(_) => return None,
        })
    }

    /// Whether the operator takes no values (`is_null`, `is_not_null`, `is_not_empty`).
    pub fn takes_no_values(&self) -> bool {
        matches!(
            self,
            Operator::IsNull | Operator::IsNotNull | Operator::IsNotEmpty
        )
    }
}

impl fmt::Display for Operator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! serde_as_api_str {
    ($t:ty) => {
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                Ok(<$t>::from_api(&s))
            }
        }
    };
}
serde_as_api_str!(Operator);
serde_as_api_str!(RuleType);

/// One filter rule, as the manager stores and takes it.
///
/// Serialises to `{"key": .., "values": [..], "operator": .., "type": ..}`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FilterRule {
    /// Label key or attribute name. The manager stores it lower-cased.
    pub key: String,
    /// The values; empty for `is_null`, `is_not_null` and `is_not_empty`.
    pub values: Vec<String>,
    /// The operator.
    pub operator: Operator,
    /// Label or attribute.
    #[serde(rename = "type")]
    pub rule_type: RuleType,
}

impl FilterRule {
    /// A rule from its parts (no validation, no lower-casing).
    pub fn new(
        key: impl Into<String>,
        values: impl IntoIterator<Item = impl Into<String>>,
        operator: Operator,
        rule_type: RuleType,
    ) -> FilterRule {
        FilterRule {
            key: key.into(),
            values: values.into_iter().map(Into::into).collect(),
            operator,
            rule_type,
        }
    }

    /// A label rule.
    pub fn label(
        key: impl Into<String>,
        operator: Operator,
        values: impl IntoIterator<Item = impl Into<String>>,
    ) -> FilterRule {
        FilterRule::new(key, values, operator, RuleType::Label)
    }

    /// An attribute rule.
    pub fn attribute(
        key: impl Into<String>,
        operator: Operator,
        values: impl IntoIterator<Item = impl Into<String>>,
    ) -> FilterRule {
        FilterRule::new(key, values, operator, RuleType::Attribute)
    }

    /// Reads one rule from raw JSON with the manager's structure checks, in its order:
    /// a dictionary, exactly the four entries, a string key, a list of values. Values that are
    /// not strings are refused too (the manager fails on them later, in other words).
    pub fn from_json(value: &serde_json::Value) -> Result<FilterRule, FilterRuleError> {
        let malformed = |reason| FilterRuleError::Malformed {
            rule: value.clone(),
            reason,
        };
        let obj = value
            .as_object()
            .ok_or_else(|| malformed(Reason::NotADictionary))?;
        let expected = ["key", "values", "operator", "type"];
        if obj.len() != expected.len() || expected.iter().any(|k| !obj.contains_key(*k)) {
            return Err(malformed(Reason::MissingEntries));
        }
        let key = obj["key"]
            .as_str()
            .ok_or_else(|| malformed(Reason::KeyNotString))?;
        let values = obj["values"]
            .as_array()
            .ok_or_else(|| malformed(Reason::ValuesNotList))?;
        let values = values
            .iter()
            .map(|v| v.as_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| malformed(Reason::ValueNotString))?;
        // A non-string operator or type can never be valid; keep its JSON text so validation
        // reports the manager's operator / type error.
        let text = |v: &serde_json::Value| v.as_str().map_or_else(|| v.to_string(), str::to_owned);
        Ok(FilterRule {
            key: key.to_owned(),
            values,
            operator: Operator::from_api(&text(&obj["operator"])),
            rule_type: RuleType::from_api(&text(&obj["type"])),
        })
    }

    /// The rule as the manager's Python dict repr, as quoted in its error messages:
    /// `{'key': 'env', 'values': ['prod'], 'operator': 'any_of', 'type': 'label'}`.
    pub fn python_repr(&self) -> String {
        let mut out = String::from("{'key': ");
        push_py_str(&mut out, &self.key);
        out.push_str(", 'values': [");
        for (i, v) in self.values.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            push_py_str(&mut out, v);
        }
        out.push_str("], 'operator': ");
        push_py_str(&mut out, self.operator.as_str());
        out.push_str(", 'type': ");
        push_py_str(&mut out, self.rule_type.as_str());
        out.push('}');
        out
    }

    /// The CLI form if it parses back to this very rule, else `None`.
    ///
    /// Some rules cannot be written in the CLI syntax at all, e.g. a label value containing `"`,
    /// a tab or a newline, a single value that starts with `[` and ends with `]`, or attribute
    /// values outside `[\w.-]`.
    pub fn to_cli(&self) -> Option<String> {
        let text = self.to_string();
        match FilterRule::parse_cli(&text, self.rule_type.clone()) {
            Ok(parsed) if parsed == *self => Some(text),
            _ => None,
        }
    }
}

/// Appends `s` as Python's `repr(str)` would print it (quotes chosen as Python does).
fn push_py_str(out: &mut String, s: &str) {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || (0x7f..0xa1).contains(&(c as u32)) => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if crate::labels::is_other_category(c) => {
                let n = c as u32;
                if n <= 0xffff {
                    out.push_str(&format!("\\u{n:04x}"));
                } else {
                    out.push_str(&format!("\\U{n:08x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push(quote);
}

/// Why a rule could not be parsed or was refused.
#[derive(Clone, Debug, PartialEq)]
pub enum FilterRuleError {
    /// The CLI text is not in the grammar of its rule type.
    Syntax {
        /// The text as given.
        text: String,
        /// Which grammar was tried.
        rule_type: RuleType,
    },
    /// The manager would refuse this rule (HTTP 400 `invalid_filter_rule`).
    Invalid {
        /// The rule as sent (`err_filter_rule`).
        rule: Box<FilterRule>,
        /// Why (`err_reason`).
        reason: Reason,
    },
    /// The raw JSON is not a rule at all (HTTP 400 `invalid_filter_rule`).
    Malformed {
        /// The JSON as sent (`err_filter_rule`).
        rule: serde_json::Value,
        /// Why (`err_reason`).
        reason: Reason,
    },
}

impl FilterRuleError {
    /// The manager's `err_reason`, or the CLI's format message for syntax errors.
    pub fn reason_text(&self) -> String {
        match self {
            FilterRuleError::Syntax { text, rule_type } => cli::syntax_message(text, rule_type),
            FilterRuleError::Invalid { reason, .. } | FilterRuleError::Malformed { reason, .. } => {
                reason.to_string()
            }
        }
    }

    /// The manager's error body: `{"message", "error_code": "invalid_filter_rule",
    /// "server_traceback": null, "err_filter_rule", "err_reason"}`.
    pub fn to_response_body(&self) -> serde_json::Value {
        let rule = match self {
            FilterRuleError::Syntax { text, .. } => serde_json::Value::String(text.clone()),
            FilterRuleError::Invalid { rule, .. } => {
                serde_json::to_value(&**rule).unwrap_or(serde_json::Value::Null)
            }
            FilterRuleError::Malformed { rule, .. } => rule.clone(),
        };
        serde_json::json!({
            "message": self.to_string(),
            "error_code": "invalid_filter_rule",
            "server_traceback": null,
            "err_filter_rule": rule,
            "err_reason": self.reason_text(),
        })
    }

    /// The CLI's rewording of a server error: ``The filter rule `"<cli form>"` is invalid. <reason>``.
    pub fn cli_message(&self) -> String {
        match self {
            FilterRuleError::Invalid { rule, reason } => {
                format!("The filter rule `\"{rule}\"` is invalid. {reason}")
            }
            other => other.to_string(),
        }
    }
}

impl fmt::Display for FilterRuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FilterRuleError::Syntax { text, rule_type } => {
                f.write_str(&cli::syntax_message(text, rule_type))
            }
            FilterRuleError::Invalid { rule, reason } => write!(
                f,
                "The filter rule {} is not in the right format. {reason}",
                rule.python_repr()
            ),
            FilterRuleError::Malformed { rule, reason } => {
                write!(
                    f,
                    "The filter rule {rule} is not in the right format. {reason}"
                )
            }
        }
    }
}

impl std::error::Error for FilterRuleError {}
