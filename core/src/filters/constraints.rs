//! DSL constraints for `POST /searches/<resource>` (`{"constraints": {...}}`), and the filter
//! rules the manager derives from them.

use std::fmt;

use serde_json::{Map, Value};

use super::{FilterRule, Operator, RuleType};

/// A `/searches/<resource>` endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SearchResource {
    /// `deployments`: `name_pattern` applies to `display_name`.
    Deployments,
    /// `blueprints`: `name_pattern` applies to `id`.
    Blueprints,
    /// `workflows`: searches deployments; `name_pattern` applies to the deployment `id`.
    Workflows,
    /// `nodes`: `name_pattern` applies to `id`.
    Nodes,
    /// `node-types`: `name_pattern` applies to `type`.
    NodeTypes,
    /// `node-instances`: `name_pattern` applies to `id`.
    NodeInstances,
    /// `secrets`: `name_pattern` applies to `key`.
    Secrets,
    /// `capabilities`: `name_pattern` applies to the capability key, matched in Python.
    Capabilities,
    /// `scaling-groups`: `name_pattern` applies to the group name, matched in Python.
    ScalingGroups,
}

/// A key of the constraints object.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConstraintKey {
    /// `labels`: `[{key: value}, ...]`, each an AND-ed label `any_of [value]` rule.
    Labels,
    /// `tenants`: a `tenant_name any_of` rule.
    Tenants,
    /// `filter_id`: merges a saved filter's rules.
    FilterId,
    /// `name_pattern`: `{contains|starts_with|ends_with|equals_to: value}`.
    NamePattern,
    /// `valid_values`: an `any_of` rule on the resource field.
    ValidValues,
    /// `deployment_id`: the deployment the search runs in.
    DeploymentId,
    /// `blueprint_id`: the blueprint the search runs in.
    BlueprintId,
}

impl ConstraintKey {
    /// All keys, in the order they are written.
    pub const ALL: [ConstraintKey; 7] = [
        ConstraintKey::Labels,
        ConstraintKey::Tenants,
        ConstraintKey::FilterId,
        ConstraintKey::NamePattern,
        ConstraintKey::ValidValues,
        ConstraintKey::DeploymentId,
        ConstraintKey::BlueprintId,
    ];

    /// The JSON key.
    pub fn as_str(self) -> &'static str {
        match self {
            ConstraintKey::Labels => "labels",
            ConstraintKey::Tenants => "tenants",
            ConstraintKey::FilterId => "filter_id",
            ConstraintKey::NamePattern => "name_pattern",
            ConstraintKey::ValidValues => "valid_values",
            ConstraintKey::DeploymentId => "deployment_id",
            ConstraintKey::BlueprintId => "blueprint_id",
        }
    }
}

impl SearchResource {
    /// All search resources.
    pub const ALL: [SearchResource; 9] = [
        SearchResource::Deployments,
        SearchResource::Blueprints,
        SearchResource::Workflows,
        SearchResource::Nodes,
        SearchResource::NodeTypes,
        SearchResource::NodeInstances,
        SearchResource::Secrets,
        SearchResource::Capabilities,
        SearchResource::ScalingGroups,
    ];

    /// The path segment after `/searches/`.
    pub fn path_segment(self) -> &'static str {
        match self {
            SearchResource::Deployments => "deployments",
            SearchResource::Blueprints => "blueprints",
            SearchResource::Workflows => "workflows",
            SearchResource::Nodes => "nodes",
            SearchResource::NodeTypes => "node-types",
            SearchResource::NodeInstances => "node-instances",
            SearchResource::Secrets => "secrets",
            SearchResource::Capabilities => "capabilities",
            SearchResource::ScalingGroups => "scaling-groups",
        }
    }

    /// The field that `name_pattern` and `valid_values` apply to (`<field>_specs`,
    /// `valid_<field>_values` in the manager).
    pub fn resource_field(self) -> &'static str {
        match self {
            SearchResource::Deployments => "display_name",
            SearchResource::Blueprints
            | SearchResource::Workflows
            | SearchResource::Nodes
            | SearchResource::NodeInstances => "id",
            SearchResource::NodeTypes => "type",
            SearchResource::Secrets => "key",
            SearchResource::Capabilities => "capability_key",
            SearchResource::ScalingGroups => "scaling_group_name",
        }
    }

    /// Whether the manager uses `key` for this search. Keys it accepts but ignores (e.g.
    /// `valid_values` for deployments) are `false`.
    pub fn applies(self, key: ConstraintKey) -> bool {
        use ConstraintKey as K;
        use SearchResource as R;
        match self {
            R::Deployments => matches!(key, K::Labels | K::Tenants | K::FilterId | K::NamePattern),
            R::Blueprints | R::Workflows => matches!(
                key,
                K::Labels | K::Tenants | K::FilterId | K::NamePattern | K::ValidValues
            ),
            R::Secrets => matches!(key, K::NamePattern | K::ValidValues),
            R::NodeInstances | R::Capabilities => {
                matches!(key, K::NamePattern | K::ValidValues | K::DeploymentId)
            }
            R::Nodes | R::NodeTypes | R::ScalingGroups => matches!(
                key,
                K::NamePattern | K::ValidValues | K::DeploymentId | K::BlueprintId
            ),
        }
    }

    /// The keys the manager uses for this search.
    pub fn keys(self) -> impl Iterator<Item = ConstraintKey> {
        ConstraintKey::ALL
            .into_iter()
            .filter(move |k| self.applies(*k))
    }
}

/// `name_pattern`: each set operator becomes one AND-ed attribute rule on the resource field.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NamePattern {
    /// `contains`: case-sensitive substring.
    pub contains: Option<String>,
    /// `starts_with`: case-insensitive prefix (case-sensitive for capabilities, scaling groups).
    pub starts_with: Option<String>,
    /// `ends_with`: case-insensitive suffix (case-sensitive for capabilities, scaling groups).
    pub ends_with: Option<String>,
    /// `equals_to`: exact value (an `any_of` rule).
    pub equals_to: Option<String>,
}

impl NamePattern {
    fn entries(&self) -> impl Iterator<Item = (&'static str, &str)> {
        [
            ("contains", &self.contains),
            ("starts_with", &self.starts_with),
            ("ends_with", &self.ends_with),
            ("equals_to", &self.equals_to),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.as_deref().map(|v| (k, v)))
    }

    /// Whether nothing is set.
    pub fn is_empty(&self) -> bool {
        self.entries().next().is_none()
    }

    /// The Python-side match the manager uses for capability keys, scaling-group and operation
    /// names: plain, case-sensitive string tests, all AND-ed.
    pub fn matches(&self, name: &str) -> bool {
        self.entries().all(|(op, v)| match op {
            "contains" => name.contains(v),
            "starts_with" => name.starts_with(v),
            "ends_with" => name.ends_with(v),
            _ => name == v,
        })
    }
}

/// Why a constraints object is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConstraintError {
    /// The key is not used by the manager for this search (it is ignored or refused there).
    NotApplicable(SearchResource, ConstraintKey),
    /// Both `deployment_id` and `blueprint_id` are set.
    BothIds,
    /// The JSON is not in the shape the manager reads (`reason` says where).
    Shape(String),
}

impl fmt::Display for ConstraintError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConstraintError::NotApplicable(r, k) => write!(
                f,
                "The constraint `{}` does not apply to /searches/{}",
                k.as_str(),
                r.path_segment()
            ),
            ConstraintError::BothIds => {
                f.write_str("Provide either deployment_id or blueprint_id, not both")
            }
            ConstraintError::Shape(reason) => write!(f, "Invalid constraints: {reason}"),
        }
    }
}

impl std::error::Error for ConstraintError {}

/// A builder for the `constraints` body of `POST /searches/<resource>`.
///
/// ```
/// use baton_core::filters::{Constraints, SearchResource};
/// let c = Constraints::new(SearchResource::Blueprints)
///     .label("environment", "k8s")
///     .name_ends_with("app")
///     .name_contains("cellar");
/// assert_eq!(c.to_filter_rules().len(), 3);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Constraints {
    resource: SearchResource,
    /// `labels`, in order.
    pub labels: Vec<(String, String)>,
    /// `tenants`.
    pub tenants: Vec<String>,
    /// `filter_id`.
    pub filter_id: Option<String>,
    /// `name_pattern`.
    pub name_pattern: NamePattern,
    /// `valid_values`.
    pub valid_values: Vec<String>,
    /// `deployment_id`.
    pub deployment_id: Option<String>,
    /// `blueprint_id`.
    pub blueprint_id: Option<String>,
}

impl Constraints {
    /// No constraints yet, for `resource`.
    pub fn new(resource: SearchResource) -> Constraints {
        Constraints {
            resource,
            labels: Vec::new(),
            tenants: Vec::new(),
            filter_id: None,
            name_pattern: NamePattern::default(),
            valid_values: Vec::new(),
            deployment_id: None,
            blueprint_id: None,
        }
    }

    /// The search these constraints are for.
    pub fn resource(&self) -> SearchResource {
        self.resource
    }

    /// Adds a required label.
    pub fn label(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.labels.push((key.into(), value.into()));
        self
    }

    /// Adds an allowed tenant.
    pub fn tenant(mut self, name: impl Into<String>) -> Self {
        self.tenants.push(name.into());
        self
    }

    /// Merges a saved filter.
    pub fn filter_id(mut self, id: impl Into<String>) -> Self {
        self.filter_id = Some(id.into());
        self
    }

    /// `name_pattern.contains`.
    pub fn name_contains(mut self, v: impl Into<String>) -> Self {
        self.name_pattern.contains = Some(v.into());
        self
    }

    /// `name_pattern.starts_with`.
    pub fn name_starts_with(mut self, v: impl Into<String>) -> Self {
        self.name_pattern.starts_with = Some(v.into());
        self
    }

    /// `name_pattern.ends_with`.
    pub fn name_ends_with(mut self, v: impl Into<String>) -> Self {
        self.name_pattern.ends_with = Some(v.into());
        self
    }

    /// `name_pattern.equals_to`.
    pub fn name_equals_to(mut self, v: impl Into<String>) -> Self {
        self.name_pattern.equals_to = Some(v.into());
        self
    }

    /// Adds a valid value.
    pub fn valid_value(mut self, v: impl Into<String>) -> Self {
        self.valid_values.push(v.into());
        self
    }

    /// Sets `deployment_id`.
    pub fn deployment_id(mut self, id: impl Into<String>) -> Self {
        self.deployment_id = Some(id.into());
        self
    }

    /// Sets `blueprint_id`.
    pub fn blueprint_id(mut self, id: impl Into<String>) -> Self {
        self.blueprint_id = Some(id.into());
        self
    }

    /// The keys that are set, in writing order.
    pub fn keys(&self) -> impl Iterator<Item = ConstraintKey> + '_ {
        ConstraintKey::ALL.into_iter().filter(|k| match k {
            ConstraintKey::Labels => !self.labels.is_empty(),
            ConstraintKey::Tenants => !self.tenants.is_empty(),
            ConstraintKey::FilterId => self.filter_id.is_some(),
            ConstraintKey::NamePattern => !self.name_pattern.is_empty(),
            ConstraintKey::ValidValues => !self.valid_values.is_empty(),
            ConstraintKey::DeploymentId => self.deployment_id.is_some(),
            ConstraintKey::BlueprintId => self.blueprint_id.is_some(),
        })
    }

    /// Checks that every set key is used by this search, and that not both ids are set.
    pub fn validate(&self) -> Result<(), ConstraintError> {
        if let Some(k) = self.keys().find(|k| !self.resource.applies(*k)) {
            return Err(ConstraintError::NotApplicable(self.resource, k));
        }
        if self.deployment_id.is_some() && self.blueprint_id.is_some() {
            return Err(ConstraintError::BothIds);
        }
        Ok(())
    }

    /// The `constraints` object (only the keys that are set).
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        let strings = |v: &[String]| Value::from(v.to_vec());
        for key in self.keys() {
            let value = match key {
                ConstraintKey::Labels => Value::Array(
                    self.labels
                        .iter()
                        .map(|(k, v)| {
                            let mut one = Map::new();
                            one.insert(k.clone(), Value::from(v.as_str()));
                            Value::Object(one)
                        })
                        .collect(),
                ),
                ConstraintKey::Tenants => strings(&self.tenants),
                ConstraintKey::FilterId => Value::from(self.filter_id.clone()),
                ConstraintKey::NamePattern => Value::Object(
                    self.name_pattern
                        .entries()
                        .map(|(k, v)| (k.to_owned(), Value::from(v)))
                        .collect(),
                ),
                ConstraintKey::ValidValues => strings(&self.valid_values),
                ConstraintKey::DeploymentId => Value::from(self.deployment_id.clone()),
                ConstraintKey::BlueprintId => Value::from(self.blueprint_id.clone()),
            };
            m.insert(key.as_str().to_owned(), value);
        }
        Value::Object(m)
    }

    /// The request body `{"constraints": {...}}`, after [`Constraints::validate`].
    pub fn to_body(&self) -> Result<Value, ConstraintError> {
        self.validate()?;
        Ok(serde_json::json!({ "constraints": self.to_json() }))
    }

    /// Reads a constraints object as the manager does for `resource`; keys it does not know are
    /// ignored, as there. Values must be in the shapes the manager reads.
    pub fn from_json(
        resource: SearchResource,
        value: &Value,
    ) -> Result<Constraints, ConstraintError> {
        let shape = |s: &str| ConstraintError::Shape(s.to_owned());
        let obj = value
            .as_object()
            .ok_or_else(|| shape("constraints must be an object"))?;
        let string = |v: &Value, what: &str| {
            v.as_str()
                .map(str::to_owned)
                .ok_or_else(|| shape(&format!("{what} must be a string")))
        };
        let strings = |v: &Value, what: &str| -> Result<Vec<String>, ConstraintError> {
            v.as_array()
                .ok_or_else(|| shape(&format!("{what} must be a list")))?
                .iter()
                .map(|s| string(s, what))
                .collect()
        };
        let mut c = Constraints::new(resource);
        if let Some(v) = obj.get("labels") {
            let items = v.as_array().ok_or_else(|| shape("labels must be a list"))?;
            for item in items {
                let one = item
                    .as_object()
                    .filter(|o| o.len() == 1)
                    .ok_or_else(|| shape("each label must be a one-key object"))?;
                for (k, v) in one {
                    c.labels.push((k.clone(), string(v, "a label value")?));
                }
            }
        }
        if let Some(v) = obj.get("tenants") {
            c.tenants = strings(v, "tenants")?;
        }
        if let Some(v) = obj.get("filter_id") {
            c.filter_id = Some(string(v, "filter_id")?);
        }
        if let Some(v) = obj.get("name_pattern") {
            let p = v
                .as_object()
                .ok_or_else(|| shape("name_pattern must be an object"))?;
            for (k, v) in p {
                let v = Some(string(v, "a name_pattern value")?);
                match k.as_str() {
                    "contains" => c.name_pattern.contains = v,
                    "starts_with" => c.name_pattern.starts_with = v,
                    "ends_with" => c.name_pattern.ends_with = v,
                    "equals_to" => c.name_pattern.equals_to = v,
                    other => {
                        return Err(shape(&format!("unknown name_pattern operator `{other}`")))
                    }
                }
            }
        }
        if let Some(v) = obj.get("valid_values") {
            c.valid_values = strings(v, "valid_values")?;
        }
        if let Some(v) = obj.get("deployment_id") {
            c.deployment_id = Some(string(v, "deployment_id")?);
        }
        if let Some(v) = obj.get("blueprint_id") {
            c.blueprint_id = Some(string(v, "blueprint_id")?);
        }
        Ok(c)
    }

    /// The filter rules the manager derives (`parse_constraints`), in its order: labels, tenants,
    /// `valid_values`, then `name_pattern`. Keys are not lower-cased and the rules skip
    /// validation, as in the manager; evaluate them with [`super::CompiledRules::new_exact`].
    ///
    /// `filter_id` is not expanded (merge the saved filter's rules, skipping duplicates), nor are
    /// `deployment_id`/`blueprint_id`. Keys the manager ignores for this search give no rule:
    /// `valid_values` for deployments, and everything for capabilities and scaling groups,
    /// which the manager matches in Python (see [`NamePattern::matches`]).
    pub fn to_filter_rules(&self) -> Vec<FilterRule> {
        let mut rules = Vec::new();
        let rules_based = !matches!(
            self.resource,
            SearchResource::Capabilities | SearchResource::ScalingGroups
        );
        if !rules_based {
            return rules;
        }
        let field = self.resource.resource_field();
        if self.resource.applies(ConstraintKey::Labels) {
            for (k, v) in &self.labels {
                rules.push(FilterRule::label(k.as_str(), Operator::AnyOf, [v.as_str()]));
            }
        }
        if self.resource.applies(ConstraintKey::Tenants) && !self.tenants.is_empty() {
            rules.push(FilterRule::attribute(
                "tenant_name",
                Operator::AnyOf,
                self.tenants.iter().map(String::as_str),
            ));
        }
        // Only `valid_{id,key,type}_values` are consumed (so not `display_name`).
        if matches!(field, "id" | "key" | "type") && !self.valid_values.is_empty() {
            rules.push(FilterRule::attribute(
                field,
                Operator::AnyOf,
                self.valid_values.iter().map(String::as_str),
            ));
        }
        for (op, v) in self.name_pattern.entries() {
            let operator = match op {
                "equals_to" => Operator::AnyOf,
                other => Operator::from_api(other),
            };
            rules.push(FilterRule::new(field, [v], operator, RuleType::Attribute));
        }
        rules
    }
}
