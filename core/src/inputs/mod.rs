//! Blueprint `inputs` and workflow `parameters` as the DSL declares them: their types,
//! defaults and constraints, the text an operator types turned into the JSON value sent, the
//! checks the manager will make (so a form can refuse before sending), and the input a
//! manager's 400 names.
//!
//! Behaviour follows `dsl_parser/constraints.py`: `pattern` is Python `re.match` (anchored at
//! the start only), `length`/`min_length`/`max_length` count characters of a string or items
//! of a list or dict, the numeric comparisons need a number, and an input is required unless it
//! has a default (or says `required: false`).

pub mod yaml;

use serde_json::{Map, Value};

use crate::filters::{Constraints, SearchResource};

/// A DSL input type. Types the console does not know are read as [`InputType::Any`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InputType {
    String,
    Integer,
    Float,
    Boolean,
    List,
    Dict,
    Regex,
    Textarea,
    SecretKey,
    DeploymentId,
    BlueprintId,
    CapabilityValue,
    NodeId,
    NodeType,
    NodeInstance,
    ScalingGroup,
    OperationName,
    /// No type: any JSON value, or text.
    Any,
}

impl InputType {
    const NAMES: [(&'static str, InputType); 17] = [
        ("string", InputType::String),
        ("integer", InputType::Integer),
        ("float", InputType::Float),
        ("boolean", InputType::Boolean),
        ("list", InputType::List),
        ("dict", InputType::Dict),
        ("regex", InputType::Regex),
        ("textarea", InputType::Textarea),
        ("secret_key", InputType::SecretKey),
        ("deployment_id", InputType::DeploymentId),
        ("blueprint_id", InputType::BlueprintId),
        ("capability_value", InputType::CapabilityValue),
        ("node_id", InputType::NodeId),
        ("node_type", InputType::NodeType),
        ("node_instance", InputType::NodeInstance),
        ("scaling_group", InputType::ScalingGroup),
        ("operation_name", InputType::OperationName),
    ];

    /// Reads a DSL `type`; a missing or unknown type is [`InputType::Any`].
    pub fn from_dsl(name: Option<&str>) -> InputType {
        name.and_then(|n| Self::NAMES.iter().find(|(k, _)| *k == n))
            .map_or(InputType::Any, |(_, t)| *t)
    }

    /// The DSL name (`""` for [`InputType::Any`]).
    pub fn as_str(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(_, t)| *t == self)
            .map_or("", |(k, _)| k)
    }

    /// The `/searches/<resource>` a picker of this type lists, if it is a picker.
    pub fn search(self) -> Option<SearchResource> {
        Some(match self {
            InputType::SecretKey => SearchResource::Secrets,
            InputType::DeploymentId => SearchResource::Deployments,
            InputType::BlueprintId => SearchResource::Blueprints,
            InputType::CapabilityValue => SearchResource::Capabilities,
            InputType::NodeId | InputType::OperationName => SearchResource::Nodes,
            InputType::NodeType => SearchResource::NodeTypes,
            InputType::NodeInstance => SearchResource::NodeInstances,
            InputType::ScalingGroup => SearchResource::ScalingGroups,
            _ => return None,
        })
    }

    /// Whether the value is the typed text itself (a JSON string).
    pub fn is_text(self) -> bool {
        !matches!(
            self,
            InputType::Integer
                | InputType::Float
                | InputType::Boolean
                | InputType::List
                | InputType::Dict
                | InputType::CapabilityValue
                | InputType::Any
        )
    }

    /// Whether the picker needs a deployment (`Some(false)`), a deployment or a blueprint
    /// (`Some(true)`) as context; `None` when it needs none.
    pub fn needs_context(self) -> Option<bool> {
        match self {
            InputType::CapabilityValue | InputType::NodeInstance => Some(false),
            InputType::NodeId
            | InputType::NodeType
            | InputType::ScalingGroup
            | InputType::OperationName => Some(true),
            _ => None,
        }
    }
}

/// A value constraint the DSL checks (`dsl_parser/constraints.py`).
#[derive(Clone, Debug, PartialEq)]
pub enum Rule {
    Equal(Value),
    GreaterThan(f64),
    GreaterOrEqual(f64),
    LessThan(f64),
    LessOrEqual(f64),
    InRange(f64, f64),
    ValidValues(Vec<Value>),
    Length(u64),
    MinLength(u64),
    MaxLength(u64),
    /// A Python regular expression matched at the start of the value.
    Pattern(String),
}

/// One declared input or workflow parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct InputDef {
    pub name: String,
    pub ty: InputType,
    /// `item_type` of a list (e.g. `node_id` for a workflow's `node_ids`).
    pub item_type: Option<InputType>,
    pub default: Option<Value>,
    pub description: Option<String>,
    pub display_label: Option<String>,
    pub hidden: bool,
    pub required: bool,
    pub rules: Vec<Rule>,
    /// The picker constraints (`filter_id`, `labels`, `tenants`, `name_pattern`,
    /// `deployment_id`, `valid_values`) merged into one object, as the official console does.
    pub search: Map<String, Value>,
    /// What is wrong with the declaration itself (a constraint with a bad argument, one the
    /// console does not know): shown to the operator, never fatal.
    pub warnings: Vec<String>,
}

/// Reads `{name: {type, default, description, display_label, hidden, required, constraints}}`.
/// Anything but an object gives no inputs; a definition that is not an object is an input of
/// any type.
pub fn parse_inputs(schema: &Value) -> Vec<InputDef> {
    schema
        .as_object()
        .map(|m| m.iter().map(|(k, v)| InputDef::parse(k, v)).collect())
        .unwrap_or_default()
}

fn number(v: &Value) -> Option<f64> {
    v.as_f64().filter(|_| !v.is_boolean())
}

fn count(v: &Value) -> Option<u64> {
    match v {
        Value::String(s) => Some(s.chars().count() as u64),
        Value::Array(a) => Some(a.len() as u64),
        Value::Object(o) => Some(o.len() as u64),
        _ => None,
    }
}

/// A value as the operator reads it in a message: strings bare, the rest as JSON.
pub fn show(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

impl InputDef {
    /// Reads one definition.
    pub fn parse(name: &str, def: &Value) -> InputDef {
        let text = |k: &str| def.get(k).and_then(Value::as_str).map(str::to_owned);
        let ty = InputType::from_dsl(def.get("type").and_then(Value::as_str));
        let default = def.get("default").cloned();
        let mut input = InputDef {
            name: name.to_owned(),
            ty,
            item_type: def
                .get("item_type")
                .and_then(Value::as_str)
                .map(|t| InputType::from_dsl(Some(t))),
            required: def
                .get("required")
                .and_then(Value::as_bool)
                .unwrap_or(default.is_none()),
            default,
            description: text("description"),
            display_label: text("display_label"),
            hidden: def.get("hidden").and_then(Value::as_bool).unwrap_or(false),
            rules: Vec::new(),
            search: Map::new(),
            warnings: Vec::new(),
        };
        let constraints = def.get("constraints").and_then(Value::as_array);
        for c in constraints.into_iter().flatten() {
            let Some(obj) = c.as_object() else {
                input.warnings.push(format!("Unreadable constraint {c}"));
                continue;
            };
            for (k, arg) in obj {
                input.add_constraint(k, arg);
            }
        }
        input
    }

    fn add_constraint(&mut self, key: &str, arg: &Value) {
        let bad = |what: &str| format!("Constraint {key} needs {what}, got {arg}");
        let num = number(arg);
        let len = arg.as_u64();
        let rule = match key {
            "equal" => Ok(Rule::Equal(arg.clone())),
            "greater_than" => num.map(Rule::GreaterThan).ok_or_else(|| bad("a number")),
            "greater_or_equal" => num.map(Rule::GreaterOrEqual).ok_or_else(|| bad("a number")),
            "less_than" => num.map(Rule::LessThan).ok_or_else(|| bad("a number")),
            "less_or_equal" => num.map(Rule::LessOrEqual).ok_or_else(|| bad("a number")),
            "in_range" => match arg
                .as_array()
                .map(|a| a.iter().map(number).collect::<Vec<_>>())
            {
                Some(v) if v.len() == 2 && v.iter().all(Option::is_some) => {
                    Ok(Rule::InRange(v[0].unwrap_or(0.0), v[1].unwrap_or(0.0)))
                }
                _ => Err(bad("two numbers")),
            },
            "valid_values" => match arg.as_array() {
                Some(a) => {
                    if self.ty.search().is_some() {
                        self.search.insert(key.to_owned(), arg.clone());
                    }
                    Ok(Rule::ValidValues(a.clone()))
                }
                None => Err(bad("a list")),
            },
            "length" => len.map(Rule::Length).ok_or_else(|| bad("a whole number")),
            "min_length" => len
                .map(Rule::MinLength)
                .ok_or_else(|| bad("a whole number")),
            "max_length" => len
                .map(Rule::MaxLength)
                .ok_or_else(|| bad("a whole number")),
            "pattern" => arg
                .as_str()
                .map(|p| Rule::Pattern(p.to_owned()))
                .ok_or_else(|| bad("a regular expression")),
            "filter_id" | "labels" | "tenants" | "name_pattern" | "deployment_id" => {
                self.search.insert(key.to_owned(), arg.clone());
                return;
            }
            other => Err(format!("Unknown constraint {other} (not checked here)")),
        };
        match rule {
            Ok(r) => self.rules.push(r),
            Err(w) => self.warnings.push(w),
        }
    }

    /// The label shown: `display_label`, else the name.
    pub fn label(&self) -> &str {
        self.display_label.as_deref().unwrap_or(&self.name)
    }

    /// The valid values, when a constraint lists them (the field is then a choice).
    pub fn valid_values(&self) -> Option<&[Value]> {
        self.rules.iter().find_map(|r| match r {
            Rule::ValidValues(v) => Some(v.as_slice()),
            _ => None,
        })
    }

    /// The type a picker lists: the input's own, or a list's `item_type`.
    pub fn picker(&self) -> Option<InputType> {
        match self.ty {
            InputType::List => self.item_type.filter(|t| t.search().is_some()),
            t => t.search().map(|_| t),
        }
    }

    /// The search constraints of a picker, for `resource`, with the context ids the page
    /// gives where the input's own constraints lack them. Keys the search does not use are
    /// dropped (the manager would ignore or refuse them).
    pub fn search_constraints(
        &self,
        deployment_id: Option<&str>,
        blueprint_id: Option<&str>,
    ) -> Result<Constraints, String> {
        let ty = self.picker().ok_or("not a picker")?;
        let resource = ty.search().ok_or("not a picker")?;
        let mut obj = self.search.clone();
        // The Python-side matches of operation names are not a `/searches/nodes` constraint.
        if ty == InputType::OperationName {
            obj.remove("name_pattern");
            obj.remove("valid_values");
        }
        obj.retain(|k, _| {
            crate::filters::ConstraintKey::ALL
                .iter()
                .any(|c| c.as_str() == k && resource.applies(*c))
        });
        if !obj.contains_key("deployment_id") && !obj.contains_key("blueprint_id") {
            use crate::filters::ConstraintKey as K;
            match (deployment_id, blueprint_id) {
                (Some(d), _) if resource.applies(K::DeploymentId) => {
                    obj.insert("deployment_id".into(), Value::from(d));
                }
                (_, Some(b)) if resource.applies(K::BlueprintId) => {
                    obj.insert("blueprint_id".into(), Value::from(b));
                }
                _ => {}
            }
        }
        let c = Constraints::from_json(resource, &Value::Object(obj)).map_err(|e| e.to_string())?;
        c.validate().map_err(|e| e.to_string())?;
        Ok(c)
    }

    /// The operation-name pattern of an `operation_name` picker, matched by the console.
    pub fn operation_pattern(&self) -> Option<crate::filters::NamePattern> {
        let v = self.search.get("name_pattern")?;
        let c = Constraints::from_json(
            SearchResource::Nodes,
            &serde_json::json!({"name_pattern": v}),
        )
        .ok()?;
        Some(c.name_pattern)
    }

    /// The text shown in the field for a value.
    pub fn text_of(&self, v: &Value) -> String {
        match v {
            Value::String(s)
                if self.ty != InputType::Any && self.ty != InputType::CapabilityValue =>
            {
                s.clone()
            }
            // A string that would read back as another JSON value stays quoted.
            Value::String(s) if serde_json::from_str::<Value>(s).is_err() => s.clone(),
            Value::Null => String::new(),
            Value::Object(_) => serde_json::to_string_pretty(v).unwrap_or_default(),
            other => other.to_string(),
        }
    }

    /// The value for what is typed: `Ok(None)` when the field is empty, an error saying what
    /// was expected when the text cannot be this type.
    pub fn value_of(&self, text: &str) -> Result<Option<Value>, String> {
        let t = text.trim();
        // Spaces alone are a value for text types only.
        if t.is_empty() && (text.is_empty() || !self.ty.is_text()) {
            return Ok(None);
        }
        if let Some(valid) = self.valid_values() {
            if let Some(v) = valid.iter().find(|v| show(v) == text) {
                return Ok(Some(v.clone()));
            }
        }
        let json = || serde_json::from_str::<Value>(t);
        Ok(Some(match self.ty {
            InputType::Integer => Value::from(
                t.parse::<i64>()
                    .map_err(|_| format!("{t} is not a whole number"))?,
            ),
            InputType::Float => {
                let f = t
                    .parse::<f64>()
                    .ok()
                    .filter(|f| f.is_finite())
                    .ok_or_else(|| format!("{t} is not a number"))?;
                // Keep what was typed: `2` stays an integer, as YAML would read it.
                t.parse::<i64>().map_or(Value::from(f), Value::from)
            }
            InputType::Boolean => match t {
                "true" | "True" => Value::Bool(true),
                "false" | "False" => Value::Bool(false),
                _ => return Err(format!("{t} is not true or false")),
            },
            InputType::List | InputType::Dict => json()
                .or_else(|_| yaml::from_yaml(text))
                .map_err(|e| format!("Not readable as JSON or YAML: {e}"))?,
            InputType::Any | InputType::CapabilityValue => {
                json().unwrap_or_else(|_| Value::from(text))
            }
            _ => Value::from(text),
        }))
    }

    /// Checks a value as the manager will: its type, then each constraint. `matches(pattern,
    /// text)` runs a regular expression anchored at the start (`re.match`); it returns an
    /// error for a pattern that does not compile.
    pub fn check(
        &self,
        v: &Value,
        matches: &dyn Fn(&str, &str) -> Result<bool, String>,
    ) -> Result<(), String> {
        check_type(self.ty, v)?;
        if let (InputType::List, Some(item), Some(items)) = (self.ty, self.item_type, v.as_array())
        {
            for (i, x) in items.iter().enumerate() {
                check_type(item, x).map_err(|e| format!("Item {}: {e}", i + 1))?;
            }
        }
        if self.ty == InputType::Regex {
            if let Some(s) = v.as_str() {
                matches(s, "").map_err(|e| format!("Not a valid regular expression: {e}"))?;
            }
        }
        for r in &self.rules {
            check_rule(r, v, matches)?;
        }
        Ok(())
    }

    /// The value to send for `text`, or why not: required and empty, unreadable, or breaking
    /// a rule. `Ok(None)`: nothing to send (the manager uses the default).
    pub fn validate(
        &self,
        text: &str,
        matches: &dyn Fn(&str, &str) -> Result<bool, String>,
    ) -> Result<Option<Value>, String> {
        match self.value_of(text)? {
            None if self.required && self.default.is_none() => {
                Err("Required: this input has no default.".into())
            }
            None => Ok(None),
            Some(v) => self.check(&v, matches).map(|_| Some(v)),
        }
    }
}

fn check_type(ty: InputType, v: &Value) -> Result<(), String> {
    let ok = match ty {
        InputType::Integer => v.is_i64() || v.is_u64(),
        InputType::Float => v.is_number(),
        InputType::Boolean => v.is_boolean(),
        InputType::List => v.is_array(),
        InputType::Dict => v.is_object(),
        InputType::Any | InputType::CapabilityValue => true,
        _ => v.is_string(),
    };
    if ok {
        return Ok(());
    }
    let what = match ty {
        InputType::Integer => "a whole number",
        InputType::Float => "a number",
        InputType::Boolean => "true or false",
        InputType::List => "a list",
        InputType::Dict => "a dictionary (key: value)",
        _ => "text",
    };
    Err(format!("Must be {what}, not {}", show(v)))
}

fn check_rule(
    r: &Rule,
    v: &Value,
    matches: &dyn Fn(&str, &str) -> Result<bool, String>,
) -> Result<(), String> {
    let n = || number(v).ok_or_else(|| format!("Must be a number to compare, not {}", show(v)));
    let len = || count(v).ok_or_else(|| format!("{} has no length", show(v)));
    let unit = if v.is_string() { "characters" } else { "items" };
    let (ok, why) = match r {
        Rule::Equal(x) => (v == x, format!("Must be {}", show(x))),
        Rule::GreaterThan(x) => (n()? > *x, format!("Must be greater than {x}")),
        Rule::GreaterOrEqual(x) => (n()? >= *x, format!("Must be {x} or more")),
        Rule::LessThan(x) => (n()? < *x, format!("Must be less than {x}")),
        Rule::LessOrEqual(x) => (n()? <= *x, format!("Must be {x} or less")),
        Rule::InRange(a, b) => {
            let x = n()?;
            (*a <= x && x <= *b, format!("Must be between {a} and {b}"))
        }
        Rule::ValidValues(vals) => (
            vals.contains(v),
            format!(
                "Must be one of: {}",
                vals.iter().map(show).collect::<Vec<_>>().join(", ")
            ),
        ),
        Rule::Length(l) => (len()? == *l, format!("Must be exactly {l} {unit} long")),
        Rule::MinLength(l) => (len()? >= *l, format!("Must be at least {l} {unit} long")),
        Rule::MaxLength(l) => (len()? <= *l, format!("Must be at most {l} {unit} long")),
        Rule::Pattern(p) => {
            let s = v
                .as_str()
                .ok_or_else(|| format!("Must be text to match {p}"))?;
            let ok = matches(p, s).map_err(|e| format!("The pattern {p} is invalid: {e}"))?;
            (ok, format!("Must match the pattern {p}"))
        }
    };
    if ok {
        Ok(())
    } else {
        Err(why)
    }
}

/// The inputs a manager error names, among `names`: `missing_required_deployment_input_error`
/// ("Required input(s) a, b were not specified - expected inputs: [...]"),
/// `unknown_deployment_input_error` ("Unknown input(s) specified: x - expected inputs: ..."),
/// `constraint_error` ("Value 5 of input port violates constraint ..."), and any other message
/// that names an input. The list of expected inputs after " - expected" is not a mention.
pub fn inputs_named_in<'a>(message: &str, names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let head = message.split(" - expected").next().unwrap_or(message);
    // The list after the manager's own words, when the message is one of its known shapes.
    let head = if let Some(i) = head.find(" were not specified") {
        let before = &head[..i];
        let start = before.find("nput").map_or(0, |j| j + 4);
        before[start..].trim_start_matches(|c: char| c.is_alphabetic() || "()".contains(c))
    } else if let Some(i) = head.find("specified:") {
        &head[i + 10..]
    } else {
        head
    };
    let tokens: Vec<&str> = head
        .split(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.')))
        .map(|t| t.trim_matches('.'))
        .filter(|t| !t.is_empty())
        .collect();
    let names: Vec<&str> = names.into_iter().collect();
    // "of input NAME" names exactly one input; prefer it over a word that happens to match.
    if let Some(i) = tokens
        .windows(3)
        .position(|w| w[0] == "of" && w[1] == "input")
    {
        if let Some(n) = names.iter().find(|n| **n == tokens[i + 2]) {
            return vec![(*n).to_owned()];
        }
    }
    let mut found: Vec<String> = Vec::new();
    for t in tokens {
        if names.contains(&t) && !found.iter().any(|f| f == t) {
            found.push(t.to_owned());
        }
    }
    found
}

#[cfg(test)]
mod tests;
