//! Local evaluation of filter rules with the manager's SQL semantics.

use super::{FilterRule, Operator, RuleType};

/// An attribute of an item, as a rule sees its column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttributeValue<'a> {
    /// The column is SQL `NULL` (e.g. a deployment without a site): no operator matches it.
    Null,
    /// A text column (ids, names, `installation_status`, ...).
    Str(&'a str),
    /// A relationship column such as a deployment's `schedules`, with its number of related
    /// rows; only `is_not_empty` applies to it.
    Related(usize),
}

impl<'a> AttributeValue<'a> {
    /// A text column that may be empty (`NULL`).
    pub fn text(value: Option<&'a str>) -> Option<Self> {
        Some(value.map_or(AttributeValue::Null, AttributeValue::Str))
    }
}

/// An item that filter rules can be evaluated on (deployments, blueprints, ...).
///
/// Implementations should not allocate: both methods are called once per item per rule.
pub trait Filterable {
    /// The value of the column `key` (a lower-case attribute name such as `blueprint_id`).
    ///
    /// Return `None` only when the model has no such column at all: the manager silently
    /// ignores rules on such attributes, so they match everything. A column that is empty in
    /// this item is `Some(AttributeValue::Null)`.
    fn attribute(&self, key: &str) -> Option<AttributeValue<'_>>;

    /// The item's labels as `(key, value)` pairs, as stored (lower-case keys, NFKC values).
    /// A key may appear with several values. Models without labels keep the default (none).
    fn labels(&self) -> impl Iterator<Item = (&str, &str)> {
        std::iter::empty()
    }
}

/// One token of a SQL `LIKE` pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Token {
    /// A literal character (already case-folded for `ILIKE`).
    Char(char),
    /// `_`: any one character.
    One,
    /// `%`: any run of characters.
    Many,
}

/// A compiled `LIKE`/`ILIKE` pattern; `plain` holds the literal text when it has no wildcard,
/// for the fast path.
#[derive(Clone, Debug)]
struct Pattern {
    tokens: Box<[Token]>,
    plain: Option<Box<str>>,
}

/// How `ILIKE` compares characters: ASCII folding, else the first char of the lower-case form.
fn fold(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

impl Pattern {
    /// `value` as SQL builds it: `contains` → `%v%`, `starts_with` → `v%`, `ends_with` → `%v`.
    /// The value's own `%` and `_` are wildcards (the manager does not escape them), `\` escapes.
    fn new(value: &str, lead: bool, trail: bool, ci: bool) -> Pattern {
        let mut tokens = Vec::with_capacity(value.len() + 2);
        if lead {
            tokens.push(Token::Many);
        }
        let mut wild = false;
        let mut chars = value.chars();
        while let Some(c) = chars.next() {
            let token = match c {
                '%' => Token::Many,
                '_' => Token::One,
                '\\' => Token::Char(chars.next().unwrap_or('\\')),
                c => Token::Char(c),
            };
            wild |= c == '%' || c == '_' || c == '\\';
            tokens.push(match token {
                Token::Char(c) if ci => Token::Char(fold(c)),
                t => t,
            });
        }
        if trail {
            tokens.push(Token::Many);
        }
        let plain = (!wild).then(|| {
            if ci {
                value.chars().map(fold).collect::<String>().into_boxed_str()
            } else {
                value.into()
            }
        });
        Pattern {
            tokens: tokens.into_boxed_slice(),
            plain,
        }
    }

    /// Wildcard matching with one backtrack point per `%` (linear in practice).
    fn like(&self, hay: &str, ci: bool) -> bool {
        let tokens = &self.tokens;
        let (mut t, mut h) = (0usize, 0usize);
        let mut star: Option<(usize, usize)> = None;
        loop {
            if let Some(Token::Many) = tokens.get(t) {
                star = Some((t + 1, h));
                t += 1;
                continue;
            }
            let Some(c) = hay[h..].chars().next() else {
                return t == tokens.len();
            };
            let c = if ci { fold(c) } else { c };
            let step = match tokens.get(t) {
                Some(Token::One) => true,
                Some(Token::Char(p)) => *p == c,
                _ => false,
            };
            if step {
                t += 1;
                h += hay[h..].chars().next().map_or(1, char::len_utf8);
                continue;
            }
            match star {
                Some((st, sh)) => {
                    let Some(skipped) = hay[sh..].chars().next() else {
                        return false;
                    };
                    let nh = sh + skipped.len_utf8();
                    star = Some((st, nh));
                    t = st;
                    h = nh;
                }
                None => return false,
            }
        }
    }
}

/// Case-insensitive `hay.starts_with(prefix)` where `prefix` is already folded.
///
/// An ASCII prefix is compared byte-wise without scanning the rest of `hay`; the bytes of a
/// multi-byte character never equal ASCII, so only the rare non-ASCII characters whose
/// lower-case form is ASCII (the Kelvin sign) are not folded there.
fn starts_with_folded(hay: &str, prefix: &str) -> bool {
    if prefix.is_ascii() {
        let (h, p) = (hay.as_bytes(), prefix.as_bytes());
        return h.len() >= p.len() && h[..p.len()].eq_ignore_ascii_case(p);
    }
    let mut h = hay.chars();
    prefix
        .chars()
        .all(|p| h.next().is_some_and(|c| fold(c) == p))
}

/// Case-insensitive `hay.ends_with(suffix)` where `suffix` is already folded (see
/// [`starts_with_folded`]).
fn ends_with_folded(hay: &str, suffix: &str) -> bool {
    if suffix.is_ascii() {
        let (h, p) = (hay.as_bytes(), suffix.as_bytes());
        return h.len() >= p.len() && h[h.len() - p.len()..].eq_ignore_ascii_case(p);
    }
    let mut h = hay.chars().rev();
    suffix
        .chars()
        .rev()
        .all(|p| h.next().is_some_and(|c| fold(c) == p))
}

/// What a compiled rule does.
#[derive(Clone, Debug)]
enum Test {
    LabelAnyOf(ValueSet),
    LabelNotAnyOf(ValueSet),
    LabelIsNot(ValueSet),
    LabelIsNull,
    LabelIsNotNull,
    AnyOf(ValueSet),
    NotAnyOf(ValueSet),
    Contains(Box<[Pattern]>),
    NotContains(Box<[Pattern]>),
    StartsWith(Box<[Pattern]>),
    EndsWith(Box<[Pattern]>),
    IsNotEmpty,
    /// The manager fails the whole query (unknown type, or an operator of the other type).
    Never,
}

/// Exact-match value sets: a scan for short lists, a binary search for long ones.
#[derive(Clone, Debug)]
struct ValueSet(Box<[Box<str>]>);

impl ValueSet {
    fn new(values: &[String]) -> ValueSet {
        let mut v: Vec<Box<str>> = values.iter().map(|s| s.as_str().into()).collect();
        v.sort_unstable();
        v.dedup();
        ValueSet(v.into_boxed_slice())
    }

    fn contains(&self, value: &str) -> bool {
        if self.0.len() <= 8 {
            self.0.iter().any(|v| &**v == value)
        } else {
            self.0.binary_search_by(|v| (**v).cmp(value)).is_ok()
        }
    }
}

#[derive(Clone, Debug)]
struct CompiledRule {
    key: Box<str>,
    test: Test,
}

/// Rules prepared once for evaluation over many items (all rules AND-ed).
#[derive(Clone, Debug, Default)]
pub struct CompiledRules {
    rules: Vec<CompiledRule>,
}

impl CompiledRules {
    /// Prepares `rules`, lower-casing keys as the manager does when it validates them.
    pub fn new(rules: &[FilterRule]) -> CompiledRules {
        CompiledRules::build(rules, true)
    }

    /// Prepares `rules` with keys as given: the manager does not lower-case the rules it
    /// derives from DSL constraints ([`super::Constraints::to_filter_rules`]).
    pub fn new_exact(rules: &[FilterRule]) -> CompiledRules {
        CompiledRules::build(rules, false)
    }

    fn build(rules: &[FilterRule], lower: bool) -> CompiledRules {
        let rules = rules
            .iter()
            .map(|rule| CompiledRule {
                key: if lower {
                    rule.key.to_lowercase().into()
                } else {
                    rule.key.as_str().into()
                },
                test: compile(rule),
            })
            .collect();
        CompiledRules { rules }
    }

    /// Whether `item` passes every rule.
    pub fn matches(&self, item: &impl Filterable) -> bool {
        self.rules.iter().all(|r| r.matches(item))
    }

    /// The number of rules.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// Whether there are no rules (everything matches).
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

fn patterns(values: &[String], lead: bool, trail: bool, ci: bool) -> Box<[Pattern]> {
    values
        .iter()
        .map(|v| Pattern::new(v, lead, trail, ci))
        .collect()
}

fn compile(rule: &FilterRule) -> Test {
    let v = &rule.values;
    match (&rule.rule_type, &rule.operator) {
        (RuleType::Label, Operator::AnyOf) => Test::LabelAnyOf(ValueSet::new(v)),
        (RuleType::Label, Operator::NotAnyOf) => Test::LabelNotAnyOf(ValueSet::new(v)),
        (RuleType::Label, Operator::IsNot) => Test::LabelIsNot(ValueSet::new(v)),
        (RuleType::Label, Operator::IsNull) => Test::LabelIsNull,
        (RuleType::Label, Operator::IsNotNull) => Test::LabelIsNotNull,
        (RuleType::Attribute, Operator::AnyOf) => Test::AnyOf(ValueSet::new(v)),
        (RuleType::Attribute, Operator::NotAnyOf) => Test::NotAnyOf(ValueSet::new(v)),
        (RuleType::Attribute, Operator::Contains) => Test::Contains(patterns(v, true, true, false)),
        (RuleType::Attribute, Operator::NotContains) => {
            Test::NotContains(patterns(v, true, true, false))
        }
        (RuleType::Attribute, Operator::StartsWith) => {
            Test::StartsWith(patterns(v, false, true, true))
        }
        (RuleType::Attribute, Operator::EndsWith) => Test::EndsWith(patterns(v, true, false, true)),
        (RuleType::Attribute, Operator::IsNotEmpty) => Test::IsNotEmpty,
        _ => Test::Never,
    }
}

impl CompiledRule {
    fn matches(&self, item: &impl Filterable) -> bool {
        let key = &*self.key;
        fn has<T: Filterable>(item: &T, key: &str, pred: impl Fn(&str) -> bool) -> bool {
            item.labels().any(|(k, v)| k == key && pred(v))
        }
        let attr = || item.attribute(key);
        match &self.test {
            Test::LabelAnyOf(set) => has(item, key, |v| set.contains(v)),
            // Needs a label with the key whose value is outside the list.
            Test::LabelNotAnyOf(set) => has(item, key, |v| !set.contains(v)),
            // No (key, listed value) label; items without the key match.
            Test::LabelIsNot(set) => !has(item, key, |v| set.contains(v)),
            Test::LabelIsNull => !has(item, key, |_| true),
            Test::LabelIsNotNull => has(item, key, |_| true),
            Test::Never => false,
            Test::AnyOf(set) => match attr() {
                None => true,
                Some(AttributeValue::Str(s)) => set.contains(s),
                Some(_) => false,
            },
            Test::NotAnyOf(set) => match attr() {
                None => true,
                Some(AttributeValue::Str(s)) => !set.contains(s),
                // SQL: `NOT (x IN ())` is true even for NULL; `NOT (NULL IN (..))` is NULL.
                Some(AttributeValue::Null) => set.0.is_empty(),
                Some(AttributeValue::Related(_)) => false,
            },
            // An empty OR/AND adds no SQL condition at all.
            Test::Contains(ps) => text_test(
                attr(),
                ps,
                |s, p| {
                    p.plain
                        .as_deref()
                        .map_or_else(|| p.like(s, false), |lit| s.contains(lit))
                },
                true,
            ),
            Test::NotContains(ps) => text_test(
                attr(),
                ps,
                |s, p| {
                    !p.plain
                        .as_deref()
                        .map_or_else(|| p.like(s, false), |lit| s.contains(lit))
                },
                false,
            ),
            Test::StartsWith(ps) => text_test(
                attr(),
                ps,
                |s, p| {
                    p.plain
                        .as_deref()
                        .map_or_else(|| p.like(s, true), |lit| starts_with_folded(s, lit))
                },
                true,
            ),
            Test::EndsWith(ps) => text_test(
                attr(),
                ps,
                |s, p| {
                    p.plain
                        .as_deref()
                        .map_or_else(|| p.like(s, true), |lit| ends_with_folded(s, lit))
                },
                true,
            ),
            Test::IsNotEmpty => match attr() {
                None => true,
                // Not NULL and not in ('', [], '{}').
                Some(AttributeValue::Str(s)) => !s.is_empty() && s != "{}" && s != "[]",
                Some(AttributeValue::Related(n)) => n > 0,
                Some(AttributeValue::Null) => false,
            },
        }
    }
}

/// A text test over several patterns: OR-ed when `any`, AND-ed otherwise. No patterns means
/// no condition; NULL and relationship columns never match a text test.
fn text_test(
    value: Option<AttributeValue<'_>>,
    patterns: &[Pattern],
    test: impl Fn(&str, &Pattern) -> bool,
    any: bool,
) -> bool {
    if patterns.is_empty() {
        return true;
    }
    match value {
        None => true,
        Some(AttributeValue::Str(s)) => {
            if any {
                patterns.iter().any(|p| test(s, p))
            } else {
                patterns.iter().all(|p| test(s, p))
            }
        }
        Some(_) => false,
    }
}

/// Whether `item` passes all `rules` (AND-ed), with the manager's semantics. Compiles the rules
/// on every call: to filter many items, build a [`CompiledRules`] once instead.
pub fn matches_all(rules: &[FilterRule], item: &impl Filterable) -> bool {
    CompiledRules::new(rules).matches(item)
}
