//! The manager's validation of filter rules (`create_filter_rules_list`), per resource.

use std::fmt;

use super::{FilterRule, FilterRuleError, Operator, RuleType};
use crate::labels::{self, LabelError};

pub use crate::labels::RESERVED_LABELS;

/// A model that filter rules apply to, with its `allowed_filter_attrs`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Resource {
    /// `deployments`: labels and 8 attributes.
    Deployments,
    /// `blueprints`: labels and 4 attributes.
    Blueprints,
    /// `secrets`: attributes only.
    Secrets,
    /// `nodes`: attributes only.
    Nodes,
    /// `node_instances`: attributes only.
    NodeInstances,
}

impl Resource {
    /// The model's table name, as quoted in the manager's messages.
    pub fn table(self) -> &'static str {
        match self {
            Resource::Deployments => "deployments",
            Resource::Blueprints => "blueprints",
            Resource::Secrets => "secrets",
            Resource::Nodes => "nodes",
            Resource::NodeInstances => "node_instances",
        }
    }

    /// The attributes the manager lets rules filter this model by, in its order.
    pub fn allowed_attributes(self) -> &'static [&'static str] {
        match self {
            Resource::Deployments => &[
                "id",
                "blueprint_id",
                "created_by",
                "site_name",
                "schedules",
                "tenant_name",
                "display_name",
                "installation_status",
            ],
            Resource::Blueprints => &["created_by", "state", "id", "tenant_name"],
            Resource::Secrets => &["key", "provider_name"],
            Resource::Nodes => &["id", "type", "operation_name"],
            Resource::NodeInstances => &["id"],
        }
    }

    /// Whether the model has labels (label rules against other models fail in the manager).
    pub fn has_labels(self) -> bool {
        matches!(self, Resource::Deployments | Resource::Blueprints)
    }
}

/// Why the manager refuses a rule; `Display` gives its `err_reason`, in its words.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Reason {
    /// "The filter rule is not a dictionary"
    NotADictionary,
    /// "At least one of the entries in the filter rule is missing"
    MissingEntries,
    /// "The filter rule key must be a string"
    KeyNotString,
    /// "The filter rule values must be a list"
    ValuesNotList,
    /// A value that is not a string (the manager fails on it with a less helpful message).
    ValueNotString,
    /// "Filter rule type must be one of label, attribute"
    RuleType,
    /// "The operator for filtering by labels must be one of ..."
    LabelOperator,
    /// "Values list must be empty if the operator is one of is_null, is_not_null"
    LabelValuesMustBeEmpty,
    /// "Values list must include at least one item if the operator is one of any_of, ..."
    LabelValuesRequired,
    /// "The operator for filtering by attributes must be one of ..."
    AttributeOperator,
    /// "Values list must be empty if the operator is is_not_empty"
    AttributeValuesMustBeEmpty,
    /// "Allowed attributes to filter <table> by are ..."
    AttributeNotAllowed(Resource),
    /// "Filtering by deployment schedules is only possible with the is_not_empty operator"
    SchedulesOperator,
    /// A label rule against a model without labels (the manager fails when querying).
    LabelsNotSupported(Resource),
    /// A label value refused by the manager's `parse_label`.
    Label(LabelError),
    /// An attribute value refused by the manager's `validate_inputs`.
    AttributeValue(InputError),
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::NotADictionary => f.write_str("The filter rule is not a dictionary"),
            Reason::MissingEntries => {
                f.write_str("At least one of the entries in the filter rule is missing")
            }
            Reason::KeyNotString => f.write_str("The filter rule key must be a string"),
            Reason::ValuesNotList => f.write_str("The filter rule values must be a list"),
            Reason::ValueNotString => f.write_str("The filter rule values must be strings"),
            Reason::RuleType => f.write_str("Filter rule type must be one of label, attribute"),
            Reason::LabelOperator => write!(
                f,
                "The operator for filtering by labels must be one of {}",
                join_ops(&Operator::LABEL)
            ),
            Reason::LabelValuesMustBeEmpty => f.write_str(
                "Values list must be empty if the operator is one of is_null, is_not_null",
            ),
            Reason::LabelValuesRequired => f.write_str(
                "Values list must include at least one item if the operator is one of \
                 any_of, not_any_of, is_not",
            ),
            Reason::AttributeOperator => write!(
                f,
                "The operator for filtering by attributes must be one of {}",
                join_ops(&Operator::ATTRIBUTE)
            ),
            Reason::AttributeValuesMustBeEmpty => {
                f.write_str("Values list must be empty if the operator is is_not_empty")
            }
            Reason::AttributeNotAllowed(r) => write!(
                f,
                "Allowed attributes to filter {} by are {}",
                r.table(),
                r.allowed_attributes().join(", ")
            ),
            Reason::SchedulesOperator => f.write_str(
                "Filtering by deployment schedules is only possible with the is_not_empty operator",
            ),
            Reason::LabelsNotSupported(r) => {
                write!(f, "Filtering {} by labels is not supported", r.table())
            }
            Reason::Label(e) => e.fmt(f),
            Reason::AttributeValue(e) => e.fmt(f),
        }
    }
}

fn join_ops(ops: &[Operator]) -> String {
    ops.iter()
        .map(Operator::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why the manager's `validate_inputs` refuses a value; `Display` gives its message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputError {
    /// "The `<name>` argument is empty"
    Empty(String),
    /// "The `<name>` argument is too long. Maximum allowed length is 256 characters"
    TooLong(String),
    /// "The `<name>` argument contains illegal characters. ..."
    IllegalCharacters(String),
    /// "The `<name>` argument must begin with a letter"
    MustBeginWithLetter(String),
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Empty(n) => write!(f, "The `{n}` argument is empty"),
            InputError::TooLong(n) => write!(
                f,
                "The `{n}` argument is too long. Maximum allowed length is 256 characters"
            ),
            InputError::IllegalCharacters(n) => write!(
                f,
                "The `{n}` argument contains illegal characters. Only letters, digits and the \
                 characters \"-\", \".\" and \"_\" are allowed"
            ),
            InputError::MustBeginWithLetter(n) => {
                write!(f, "The `{n}` argument must begin with a letter")
            }
        }
    }
}

impl std::error::Error for InputError {}

/// The manager's `validate_inputs` for one named value (ids, filter ids, attribute rule values,
/// label keys in URL paths): non-empty, at most 256 characters, only characters that URL-quoting
/// leaves alone (`A-Z a-z 0-9 _ . - ~`), and an ASCII letter first.
pub fn validate_input(name: &str, value: &str) -> Result<(), InputError> {
    if value.is_empty() {
        return Err(InputError::Empty(name.to_owned()));
    }
    if value.chars().count() > 256 {
        return Err(InputError::TooLong(name.to_owned()));
    }
    if !value.chars().all(labels::is_url_safe) {
        return Err(InputError::IllegalCharacters(name.to_owned()));
    }
    if !value.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Err(InputError::MustBeginWithLetter(name.to_owned()));
    }
    Ok(())
}

impl FilterRule {
    /// The manager's validation of this rule for `resource`, in its order: operator per type,
    /// values present or absent per operator, attribute allowed for the model (checked before
    /// lower-casing, so `Blueprint_Id` fails), `schedules` only with `is_not_empty`, then each
    /// value (labels: `parse_label`; attributes: `validate_inputs`). A label rule against a model
    /// without labels is refused here too; the manager refuses it when querying.
    pub fn validate(&self, resource: Resource) -> Result<(), FilterRuleError> {
        self.check(resource)
            .map_err(|reason| FilterRuleError::Invalid {
                rule: Box::new(self.clone()),
                reason,
            })
    }

    fn check(&self, resource: Resource) -> Result<(), Reason> {
        match self.rule_type {
            RuleType::Label => {
                if !Operator::LABEL.contains(&self.operator) {
                    return Err(Reason::LabelOperator);
                }
                let null_op = matches!(self.operator, Operator::IsNull | Operator::IsNotNull);
                if null_op && !self.values.is_empty() {
                    return Err(Reason::LabelValuesMustBeEmpty);
                }
                if !null_op && self.values.is_empty() {
                    return Err(Reason::LabelValuesRequired);
                }
                // The key is checked per value, so `is_null` / `is_not_null` keys are not checked.
                for value in &self.values {
                    labels::check_label(&self.key, value).map_err(Reason::Label)?;
                }
                if !resource.has_labels() {
                    return Err(Reason::LabelsNotSupported(resource));
                }
            }
            RuleType::Attribute => {
                if !Operator::ATTRIBUTE.contains(&self.operator) {
                    return Err(Reason::AttributeOperator);
                }
                if self.operator == Operator::IsNotEmpty && !self.values.is_empty() {
                    return Err(Reason::AttributeValuesMustBeEmpty);
                }
                if !resource.allowed_attributes().contains(&self.key.as_str()) {
                    return Err(Reason::AttributeNotAllowed(resource));
                }
                if self.key == "schedules" && self.operator != Operator::IsNotEmpty {
                    return Err(Reason::SchedulesOperator);
                }
                for value in &self.values {
                    validate_input("attributes' filter rule value", value)
                        .map_err(Reason::AttributeValue)?;
                }
            }
            RuleType::Other(_) => return Err(Reason::RuleType),
        }
        Ok(())
    }
}

/// The manager's `create_filter_rules_list`: validates every rule for `resource`, lower-cases
/// keys and drops duplicates (keeping the first), giving the rules as the manager stores them.
pub fn normalize_rules(
    rules: &[FilterRule],
    resource: Resource,
) -> Result<Vec<FilterRule>, FilterRuleError> {
    let mut out: Vec<FilterRule> = Vec::with_capacity(rules.len());
    for rule in rules {
        rule.validate(resource)?;
        let stored = FilterRule {
            key: rule.key.to_lowercase(),
            ..rule.clone()
        };
        if !out.contains(&stored) {
            out.push(stored);
        }
    }
    Ok(out)
}
