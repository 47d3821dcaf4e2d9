//! A small YAML reader and writer for JSON values: the raw view of a form. Block mappings and
//! sequences, plain, single- and double-quoted scalars, `|` blocks, comments, and JSON inside
//! `[...]`/`{...}`. Anchors, tags and multi-document streams are refused with a message. A YAML
//! crate would cost the console more than this whole form engine.

use serde_json::{Map, Value};

/// Block-style YAML for `v` that [`from_yaml`] reads back to the same value.
pub fn to_yaml(v: &Value) -> String {
    let mut out = String::new();
    match v {
        Value::Object(m) if !m.is_empty() => write_map(&mut out, m, 0),
        Value::Array(a) if !a.is_empty() => write_seq(&mut out, a, 0),
        other => {
            out.push_str(&scalar(other));
            out.push('\n');
        }
    }
    out
}

fn pad(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

fn write_map(out: &mut String, m: &Map<String, Value>, indent: usize) {
    for (i, (k, v)) in m.iter().enumerate() {
        // The first key of a map in a sequence item follows the "- " already written.
        if i > 0 || !out.ends_with("- ") {
            pad(out, indent);
        }
        out.push_str(&string(k));
        out.push(':');
        write_value(out, v, indent);
    }
}

fn write_seq(out: &mut String, a: &[Value], indent: usize) {
    for v in a {
        pad(out, indent);
        out.push('-');
        match v {
            Value::Object(m) if !m.is_empty() => {
                out.push(' ');
                write_map(out, m, indent + 2);
            }
            Value::Array(inner) if !inner.is_empty() => {
                out.push('\n');
                write_seq(out, inner, indent + 2);
            }
            other => {
                out.push(' ');
                out.push_str(&scalar(other));
                out.push('\n');
            }
        }
    }
}

fn write_value(out: &mut String, v: &Value, indent: usize) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            write_map(out, m, indent + 2);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            write_seq(out, a, indent + 2);
        }
        other => {
            out.push(' ');
            out.push_str(&scalar(other));
            out.push('\n');
        }
    }
}

fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => string(s),
        Value::Object(_) => "{}".into(),
        Value::Array(_) => "[]".into(),
        other => other.to_string(),
    }
}

/// A string plain when it reads back as itself, double-quoted (JSON escapes) otherwise.
fn string(s: &str) -> String {
    let plain = !s.is_empty()
        && !s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`~ ".contains(c))
        && !s.ends_with([' ', ':'])
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.chars().any(char::is_control)
        && matches!(plain_scalar(s), Value::String(_));
    if plain {
        s.to_owned()
    } else {
        Value::from(s).to_string()
    }
}

/// What a plain (unquoted) scalar means: null, a boolean, a number, or text.
fn plain_scalar(s: &str) -> Value {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        // PyYAML, which the manager and the CLI use, also reads yes/no/on/off as booleans.
        "true" | "True" | "TRUE" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => Value::Bool(true),
        "false" | "False" | "FALSE" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => {
            Value::Bool(false)
        }
        _ => {
            if let Ok(i) = s.parse::<i64>() {
                return Value::from(i);
            }
            let numeric = s
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'))
                && s.chars().any(|c| c.is_ascii_digit());
            match s.parse::<f64>() {
                Ok(f) if numeric && f.is_finite() => Value::from(f),
                _ => Value::from(s),
            }
        }
    }
}

/// A line without its comment and trailing spaces, and its indentation.
struct Line {
    n: usize,
    indent: usize,
    text: String,
}

fn strip_comment(s: &str) -> &str {
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for (i, c) in s.char_indices() {
        match quote {
            Some(q) if c == q && !(q == '"' && prev == '\\') => quote = None,
            Some(_) => {}
            None if (c == '"' || c == '\'')
                && (prev == ' ' || prev == '-' || prev == ':' || i == 0) =>
            {
                quote = Some(c)
            }
            None if c == '#' && (i == 0 || prev == ' ') => return &s[..i],
            None => {}
        }
        prev = c;
    }
    s
}

/// Reads YAML (the subset above) into a JSON value, or says where it is wrong.
pub fn from_yaml(text: &str) -> Result<Value, String> {
    let mut lines = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        if raw[..raw.len() - raw.trim_start().len()].contains('\t') {
            return Err(format!("line {}: indent with spaces, not tabs", i + 1));
        }
        let body = raw.trim_end();
        if lines.is_empty() && body == "---" {
            continue;
        }
        let indent = body.len() - body.trim_start().len();
        lines.push(Line {
            n: i + 1,
            indent,
            text: body.trim_start().to_owned(),
        });
    }
    let mut p = Parser { lines, at: 0 };
    p.skip_blank();
    if p.at >= p.lines.len() {
        return Ok(Value::Null);
    }
    let indent = p.lines[p.at].indent;
    let v = p.block(indent)?;
    p.skip_blank();
    if let Some(l) = p.lines.get(p.at) {
        return Err(format!("line {}: unexpected indentation", l.n));
    }
    Ok(v)
}

struct Parser {
    lines: Vec<Line>,
    at: usize,
}

impl Parser {
    fn skip_blank(&mut self) {
        while let Some(l) = self.lines.get(self.at) {
            if strip_comment(&l.text).trim().is_empty() {
                self.at += 1;
            } else {
                break;
            }
        }
    }

    /// The block that starts at the current line, indented `indent`.
    fn block(&mut self, indent: usize) -> Result<Value, String> {
        let l = &self.lines[self.at];
        let text = strip_comment(&l.text).trim_end().to_owned();
        if text == "-" || text.starts_with("- ") {
            self.seq(indent)
        } else if key_split(&text).is_some() {
            self.map(indent)
        } else {
            let n = l.n;
            self.at += 1;
            inline(&text).map_err(|e| format!("line {n}: {e}"))
        }
    }

    fn seq(&mut self, indent: usize) -> Result<Value, String> {
        let mut items = Vec::new();
        loop {
            self.skip_blank();
            let Some(l) = self.lines.get(self.at) else {
                break;
            };
            let text = strip_comment(&l.text).trim_end().to_owned();
            if l.indent != indent || !(text == "-" || text.starts_with("- ")) {
                if l.indent > indent {
                    return Err(format!("line {}: unexpected indentation", l.n));
                }
                break;
            }
            let rest = text[1..].trim_start();
            if rest.is_empty() {
                self.at += 1;
                items.push(self.nested(indent)?);
            } else {
                // The item's content becomes a line of its own, indented past the dash.
                let offset = text.len() - rest.len();
                let line = &mut self.lines[self.at];
                line.indent += offset;
                line.text = rest.to_owned();
                let inner = line.indent;
                items.push(self.block(inner)?);
            }
        }
        Ok(Value::Array(items))
    }

    /// The value under a `key:` or `-` with nothing after it: a deeper block, or null.
    fn nested(&mut self, indent: usize) -> Result<Value, String> {
        self.skip_blank();
        match self.lines.get(self.at) {
            Some(l) if l.indent > indent => {
                let i = l.indent;
                self.block(i)
            }
            _ => Ok(Value::Null),
        }
    }

    fn map(&mut self, indent: usize) -> Result<Value, String> {
        let mut m = Map::new();
        loop {
            self.skip_blank();
            let Some(l) = self.lines.get(self.at) else {
                break;
            };
            if l.indent < indent {
                break;
            }
            let n = l.n;
            if l.indent > indent {
                return Err(format!("line {n}: unexpected indentation"));
            }
            let text = strip_comment(&l.text).trim_end().to_owned();
            let Some((k, rest)) = key_split(&text) else {
                return Err(format!("line {n}: expected `key: value`"));
            };
            let key = match inline(k).map_err(|e| format!("line {n}: {e}"))? {
                Value::String(s) => s,
                other => other.to_string(),
            };
            if m.contains_key(&key) {
                return Err(format!("line {n}: duplicate key {key}"));
            }
            self.at += 1;
            let v = match rest {
                "" => {
                    // A sequence may sit at the key's own indentation.
                    self.skip_blank();
                    match self.lines.get(self.at) {
                        Some(next)
                            if next.indent == indent
                                && (next.text == "-" || next.text.starts_with("- ")) =>
                        {
                            self.seq(indent)?
                        }
                        _ => self.nested(indent)?,
                    }
                }
                "|" | "|-" | "|+" => self.block_scalar(indent, rest),
                ">" | ">-" | ">+" => {
                    return Err(format!("line {n}: folded (>) text is not supported; use |"))
                }
                _ => inline(rest).map_err(|e| format!("line {n}: {e}"))?,
            };
            m.insert(key, v);
        }
        Ok(Value::Object(m))
    }

    /// A `|` (kept lines) or `>` (folded) block under a key.
    fn block_scalar(&mut self, indent: usize, style: &str) -> Value {
        let mut raw: Vec<&Line> = Vec::new();
        let start = self.at;
        while let Some(l) = self.lines.get(self.at) {
            if l.text.is_empty() || l.indent > indent {
                self.at += 1;
            } else {
                break;
            }
        }
        raw.extend(&self.lines[start..self.at]);
        while raw.last().is_some_and(|l| l.text.is_empty()) {
            raw.pop();
        }
        let base = raw
            .iter()
            .filter(|l| !l.text.is_empty())
            .map(|l| l.indent)
            .min()
            .unwrap_or(0);
        let parts: Vec<String> = raw
            .iter()
            .map(|l| {
                if l.text.is_empty() {
                    String::new()
                } else {
                    format!("{}{}", " ".repeat(l.indent - base), l.text)
                }
            })
            .collect();
        let mut s = parts.join("\n");
        if !style.ends_with('-') && !s.is_empty() {
            s.push('\n');
        }
        Value::String(s)
    }
}

/// `key: rest` split at the first `: ` (or a final `:`) outside quotes and brackets.
fn key_split(text: &str) -> Option<(&str, &str)> {
    if text.starts_with(['[', '{']) {
        return None;
    }
    let mut quote: Option<char> = None;
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    for (j, &(i, c)) in bytes.iter().enumerate() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if (c == '"' || c == '\'') && i == 0 => quote = Some(c),
            None if c == ':' => {
                let next = bytes.get(j + 1).map(|x| x.1);
                if next.is_none() || next == Some(' ') {
                    return Some((text[..i].trim_end(), text[i + 1..].trim()));
                }
            }
            None => {}
        }
    }
    None
}

/// A scalar or flow collection on one line.
fn inline(s: &str) -> Result<Value, String> {
    let s = s.trim();
    match s.chars().next() {
        Some('[') | Some('{') => {
            serde_json::from_str(s).map_err(|e| format!("inside [ ] and {{ }} write JSON ({e})"))
        }
        Some('"') => serde_json::from_str(s).map_err(|e| format!("bad double-quoted text ({e})")),
        Some('\'') => {
            let inner = s
                .strip_prefix('\'')
                .and_then(|x| x.strip_suffix('\''))
                .filter(|x| !x.replace("''", "").contains('\''))
                .ok_or("unterminated single-quoted text")?;
            Ok(Value::from(inner.replace("''", "'")))
        }
        Some('&') | Some('*') | Some('!') => {
            Err("anchors, aliases and tags are not supported".into())
        }
        _ => Ok(plain_scalar(s)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn round_trips_what_forms_hold() {
        let v = json!({
            "port": 8080, "ratio": 0.5, "enabled": false, "nothing": null,
            "region": "us-east-1", "yes_word": "yes", "looks_number": "123", "truthy": "true",
            "empty": "", "spaced": " lead", "colon": "a: b", "hash": "a #b", "dash": "-x",
            "multi": "line one\nline two", "quote": "it's \"so\"", "unicode": "café ✓",
            "list": [1, "two", [3, 4], {"k": "v", "n": [true]}, []],
            "dict": {"nested": {"deep": {}}, "with space": 1},
            "empty_list": [], "empty_dict": {}
        });
        let text = to_yaml(&v);
        assert_eq!(from_yaml(&text).unwrap(), v, "{text}");
    }

    #[test]
    fn reads_hand_written_yaml() {
        let text = "---\n# inputs\nregion: eu-west-1   # the region\nport: 80\nratio: 1.5e2\nnames:\n- a\n- 'b c'\n-   \"d\"\nopts: {\"x\": [1, 2]}\nscript: |\n  echo hi\n    indented\nlabels:\n  - env: prod\n    tier: web\n  - {\"a\": 1}\nempty:\n";
        assert_eq!(
            from_yaml(text).unwrap(),
            json!({"region": "eu-west-1", "port": 80, "ratio": 150.0, "names": ["a", "b c", "d"],
                   "opts": {"x": [1, 2]}, "script": "echo hi\n  indented\n",
                   "labels": [{"env": "prod", "tier": "web"}, {"a": 1}], "empty": null})
        );
    }

    #[test]
    fn says_where_it_is_wrong() {
        assert_eq!(
            from_yaml("a: 1\n   b: 2\n").unwrap_err(),
            "line 2: unexpected indentation"
        );
        assert!(from_yaml("a: [1, 2\n").unwrap_err().starts_with("line 1:"));
        assert!(from_yaml("a: 1\na: 2\n")
            .unwrap_err()
            .contains("duplicate key a"));
        assert!(from_yaml("a: 'open\n")
            .unwrap_err()
            .contains("unterminated"));
        assert!(from_yaml("a: &x 1\n").unwrap_err().contains("anchors"));
        assert_eq!(from_yaml("").unwrap(), Value::Null);
        assert_eq!(from_yaml("just text").unwrap(), json!("just text"));
    }
}
