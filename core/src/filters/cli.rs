//! The `cfy` CLI's textual filter rules (`-lr/--labels-rule`, `-ar/--attrs-rule`).
//!
//! The CLI matches Python regular expressions; this is a hand-written equivalent. Because the
//! key class `[\w.-]` never contains the first character of an operator (`!`, `=`, space), the
//! key is always the longest run of key characters at the start, so no backtracking is needed.

use std::fmt;

use super::{FilterRule, FilterRuleError, Operator, RuleType};

/// Label operators in the order the CLI tries them.
const LABEL_OPS: [(&str, Operator); 3] = [
    ("!=", Operator::NotAnyOf),
    ("=", Operator::AnyOf),
    (" is-not ", Operator::IsNot),
];

/// Attribute operators in the order the CLI tries them.
const ATTR_OPS: [(&str, Operator); 6] = [
    ("!=", Operator::NotAnyOf),
    ("=", Operator::AnyOf),
    (" contains ", Operator::Contains),
    (" does-not-contain ", Operator::NotContains),
    (" starts-with ", Operator::StartsWith),
    (" ends-with ", Operator::EndsWith),
];

/// Python's `\w` on `str` patterns: alphanumerics (Unicode) and `_`.
///
/// Rust's `is_alphanumeric` also accepts the combining marks that carry the Alphabetic property
/// (e.g. Devanagari vowel signs), which Python's `\w` does not; such keys are refused by the
/// manager anyway (label keys must be ASCII, attribute keys come from a fixed list).
fn is_word(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

fn is_key_char(c: char) -> bool {
    is_word(c) || c == '-' || c == '.'
}

/// Splits off the longest run of key characters; `None` when it is empty.
fn split_key(text: &str) -> Option<(&str, &str)> {
    let end = text
        .char_indices()
        .find(|&(_, c)| !is_key_char(c))
        .map_or(text.len(), |(i, _)| i);
    (end > 0).then(|| text.split_at(end))
}

/// The CLI's `_get_rule_values`: `\,` escapes, `[..]` lists (Python `strip('[]')`), `\:` escapes.
fn rule_values(raw: &str) -> Vec<String> {
    // The NUL placeholder is the CLI's own: a NUL in the input also turns into a comma.
    let raw = raw.replace("\\,", "\0");
    let items: Vec<&str> = if raw.starts_with('[') && raw.ends_with(']') {
        raw.trim_matches(|c| c == '[' || c == ']')
            .split(',')
            .collect()
    } else {
        vec![raw.as_str()]
    };
    items
        .into_iter()
        .map(|v| v.replace('\0', ",").replace("\\:", ":"))
        .collect()
}

/// Python's `$` without MULTILINE also matches just before a final newline.
fn strip_final_newline(text: &str) -> &str {
    text.strip_suffix('\n').unwrap_or(text)
}

fn parse_label(text: &str) -> Option<FilterRule> {
    let body = strip_final_newline(text);
    let (key, rest) = split_key(body)?;
    let key = key.to_lowercase();
    for (op_text, op) in LABEL_OPS {
        if let Some(value) = rest.strip_prefix(op_text) {
            if !value.is_empty() && !value.contains(['\n', '\t', '"']) {
                return Some(FilterRule::label(key, op, rule_values(value)));
            }
        }
    }
    match rest {
        " is null" => Some(FilterRule::label(
            key,
            Operator::IsNull,
            Vec::<String>::new(),
        )),
        " is not null" => Some(FilterRule::label(
            key,
            Operator::IsNotNull,
            Vec::<String>::new(),
        )),
        _ => None,
    }
}

/// `[\w.-]+` or `\[[\w.,-]+\]`.
fn is_attr_value(value: &str) -> bool {
    if !value.is_empty() && value.chars().all(is_key_char) {
        return true;
    }
    value
        .strip_prefix('[')
        .and_then(|v| v.strip_suffix(']'))
        .is_some_and(|inner| !inner.is_empty() && inner.chars().all(|c| is_key_char(c) || c == ','))
}

fn parse_attribute(text: &str) -> Option<FilterRule> {
    let body = strip_final_newline(text);
    let (key, rest) = split_key(body)?;
    let key = key.to_lowercase();
    for (op_text, op) in ATTR_OPS {
        if let Some(value) = rest.strip_prefix(op_text) {
            if is_attr_value(value) {
                return Some(FilterRule::attribute(key, op, rule_values(value)));
            }
        }
    }
    (rest == " is not empty")
        .then(|| FilterRule::attribute(key, Operator::IsNotEmpty, Vec::<String>::new()))
}

impl FilterRule {
    /// Parses one rule in the `cfy` CLI syntax of `kind` (`-lr` for labels, `-ar` for attributes).
    ///
    /// Labels: `k=v`, `k!=v`, `k is-not v`, `k is null`, `k is not null`; values keep their spaces,
    /// `[a,b]` is a list, `\,` and `\:` are escapes. Attributes: `k=v`, `k!=v`, `k contains v`,
    /// `k does-not-contain v`, `k starts-with v`, `k ends-with v`, `k is not empty`, with values
    /// of `[\w.-]` only. Keys are lower-cased. [`RuleType::Other`] always fails.
    pub fn parse_cli(text: &str, kind: RuleType) -> Result<FilterRule, FilterRuleError> {
        let parsed = match kind {
            RuleType::Label => parse_label(text),
            RuleType::Attribute => parse_attribute(text),
            RuleType::Other(_) => None,
        };
        parsed.ok_or(FilterRuleError::Syntax {
            text: text.to_owned(),
            rule_type: kind,
        })
    }
}

/// The CLI's message for a rule that is not in its grammar.
pub(super) fn syntax_message(text: &str, kind: &RuleType) -> String {
    match kind {
        RuleType::Label => format!(
            "The labels filter rule `{text}` is not in the right format. It must be one of: \
             <key>=<value>, <key>!=<value>, <key> is-not <value>, <key> is null, \
             <key> is not null. <value> can be a single string or a list of strings of the form \
             [<value1>,<value2>,...]. <value> cannot contain control characters, plus, any comma \
             and colon in <value> must be escaped with `\\`. <key> can contain only letters, \
             digits and the characters `-`, `.` and `_`"
        ),
        RuleType::Attribute => format!(
            "The attributes filter rule `{text}` is not in the right format. It must be one of: \
             <key>=<value>, <key>!=<value>, <key> contains <value>, \
             <key> does-not-contain <value>, <key> starts-with <value>, <key> ends-with <value>, \
             <key> is not empty. <value> can be a single string or a list of strings of the form \
             [<value1>,<value2>,...]. <key> and <value> can contain only letters, digits and the \
             characters `-`, `.` and `_`"
        ),
        RuleType::Other(t) => {
            format!("The filter rule `{text}` has the type `{t}`, which has no CLI syntax")
        }
    }
}

/// Writes a label value with the CLI's `\,` and `\:` escapes.
///
/// The CLI also prints `$` as `\$`, but never reads that escape back, so it is not written here.
fn write_label_value(f: &mut fmt::Formatter<'_>, value: &str) -> fmt::Result {
    for c in value.chars() {
        match c {
            ',' => f.write_str("\\,")?,
            ':' => f.write_str("\\:")?,
            c => fmt::Write::write_char(f, c)?,
        }
    }
    Ok(())
}

impl fmt::Display for FilterRule {
    /// The CLI form, without the CLI's surrounding quotes: `env=aws`, `env!=[a,b]`,
    /// `env is-not x`, `env is null`, `created_by starts-with bob`, `schedules is not empty`.
    ///
    /// A single value is printed as a one-item list when it would otherwise be misread (empty, or
    /// starting with `[` and ending with `]`). See [`FilterRule::to_cli`] for rules the CLI
    /// syntax cannot express.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.key)?;
        if self.operator.takes_no_values() {
            return write!(f, " {}", self.operator.cli_str().unwrap_or_default());
        }
        match (&self.operator, self.operator.cli_str()) {
            (_, Some(op @ ("=" | "!="))) => f.write_str(op)?,
            (_, Some(op)) => write!(f, " {op} ")?,
            (Operator::Other(op), None) => write!(f, " {op} ")?,
            _ => {}
        }
        let label = self.rule_type == RuleType::Label;
        let single = match self.values.as_slice() {
            [v] if !(v.is_empty() || v.starts_with('[') && v.ends_with(']')) => Some(v),
            _ => None,
        };
        if let Some(v) = single {
            return if label {
                write_label_value(f, v)
            } else {
                f.write_str(v)
            };
        }
        f.write_str("[")?;
        for (i, v) in self.values.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            if label {
                write_label_value(f, v)?;
            } else {
                f.write_str(v)?;
            }
        }
        f.write_str("]")
    }
}
