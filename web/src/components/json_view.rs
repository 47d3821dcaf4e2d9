//! A JSON value an operator can read: a tree whose objects and arrays fold, or the same value
//! as YAML text; a copy button for either.
//!
//! ```ignore
//! view! { <JsonView value=deployment_json/> }            // first two levels open
//! view! { <JsonView value=v open_depth=0 yaml=true/> }   // folded, YAML first
//! ```
//! Built for hostile values: children render only when their parent is open, a long array or
//! object shows 100 entries at a time, a long string shows its start with "show all", and past
//! [`MAX_TREE_DEPTH`] levels a subtree is shown as compact text instead of more nesting, so a
//! value nested hundreds of levels deep still shows everything that can be shown.

use std::sync::Arc;

use leptos::prelude::*;
use serde_json::Value;

use crate::components::copy_button;

/// Nesting shown as a tree; deeper subtrees are shown as JSON text.
pub const MAX_TREE_DEPTH: usize = 64;
/// Entries of an object or array shown before "show more".
const CHUNK: usize = 100;
/// Characters of a string shown before "show all".
const LONG_STRING: usize = 400;
/// YAML text shown before it is cut (copy gives all of it).
const MAX_YAML: usize = 1 << 20;

#[derive(Clone, Debug)]
enum Seg {
    Key(String),
    Index(usize),
}

fn at<'a>(root: &'a Value, path: &[Seg]) -> Option<&'a Value> {
    path.iter().try_fold(root, |v, s| match s {
        Seg::Key(k) => v.get(k.as_str()),
        Seg::Index(i) => v.get(*i),
    })
}

#[component]
pub fn JsonView(
    value: Value,
    /// Levels open at first (2 by default).
    #[prop(default = 2)]
    open_depth: usize,
    /// Start on the YAML text instead of the tree.
    #[prop(optional)]
    yaml: bool,
) -> impl IntoView {
    let root = Arc::new(value);
    let as_yaml = RwSignal::new(yaml);
    let copy_root = root.clone();
    let copied = move || {
        if as_yaml.get_untracked() {
            to_yaml(&copy_root)
        } else {
            serde_json::to_string_pretty(&*copy_root).unwrap_or_default()
        }
    };
    let tree_root = root.clone();
    let body = move || {
        if as_yaml.get() {
            let mut text = to_yaml(&root);
            let cut = text.len() > MAX_YAML;
            if cut {
                let mut end = MAX_YAML;
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                text.truncate(end);
            }
            view! {
                <pre class="jv-yaml">{text}</pre>
                {cut.then(|| view! { <p class="muted">"The YAML is cut here; Copy gives all of it."</p> })}
            }
            .into_any()
        } else {
            view! { <div class="jv-tree" role="tree">{node(tree_root.clone(), Vec::new(), None, 0, open_depth)}</div> }
                .into_any()
        }
    };
    view! {
        <div class="json-view">
            <div class="jv-bar" role="group" aria-label="View as">
                <button class="button" aria-pressed=move || (!as_yaml.get()).to_string() on:click=move |_| as_yaml.set(false)>"Tree"</button>
                <button class="button" aria-pressed=move || as_yaml.get().to_string() on:click=move |_| as_yaml.set(true)>"YAML"</button>
                {copy_button(copied)}
            </div>
            {body}
        </div>
    }
    .into_any()
}

/// One entry of the tree: a scalar row, or a foldable object/array whose children render only
/// while it is open.
fn node(
    root: Arc<Value>,
    path: Vec<Seg>,
    key: Option<String>,
    depth: usize,
    open_depth: usize,
) -> AnyView {
    let Some(v) = at(&root, &path) else {
        return ().into_any();
    };
    let key_view = key.map(|k| view! { <span class="jv-key"><bdi>{k}</bdi>": "</span> });
    let len = match v {
        Value::Object(m) => m.len(),
        Value::Array(a) => a.len(),
        scalar => return view! { <div class="jv-row" role="treeitem">{key_view}{scalar_view(scalar)}</div> }.into_any(),
    };
    let is_array = v.is_array();
    let summary = match (is_array, len) {
        (_, 0) => return view! { <div class="jv-row" role="treeitem">{key_view}<span class="jv-punct">{if is_array { "[]" } else { "{}" }}</span></div> }.into_any(),
        (true, 1) => "[1 item]".to_string(),
        (true, n) => format!("[{n} items]"),
        (false, 1) => "{1 key}".to_string(),
        (false, n) => format!("{{{n} keys}}"),
    };
    if depth >= MAX_TREE_DEPTH {
        // Deeper nesting as text: the browser and the operator both cope better than with
        // hundreds of nested boxes.
        let text = serde_json::to_string(v).unwrap_or_default();
        return view! {
            <div class="jv-row" role="treeitem">
                {key_view}<span class="muted">{summary}" · nested too deep for the tree, as text:"</span>
                <pre class="jv-deep">{text}</pre>
            </div>
        }
        .into_any();
    }
    let open = RwSignal::new(depth < open_depth);
    let shown = RwSignal::new(CHUNK);
    let children = move || {
        if !open.get() {
            return None;
        }
        let limit = shown.get();
        let v = at(&root, &path)?;
        let entries: Vec<(Seg, String)> = match v {
            Value::Object(m) => m
                .keys()
                .take(limit)
                .map(|k| (Seg::Key(k.clone()), k.clone()))
                .collect(),
            Value::Array(a) => (0..a.len().min(limit))
                .map(|i| (Seg::Index(i), i.to_string()))
                .collect(),
            _ => Vec::new(),
        };
        let rows = entries
            .into_iter()
            .map(|(seg, label)| {
                let mut p = path.clone();
                p.push(seg);
                node(root.clone(), p, Some(label), depth + 1, open_depth)
            })
            .collect_view();
        let more = (len > limit).then(|| {
            view! {
                <button class="button jv-more" on:click=move |_| shown.update(|n| *n += CHUNK)>
                    {format!("Show more ({} of {len} shown)", limit)}
                </button>
            }
        });
        Some(view! { <div class="jv-children" role="group">{rows}{more}</div> })
    };
    view! {
        <div class="jv-node" role="treeitem" aria-expanded=move || open.get().to_string()>
            <button class="jv-toggle" on:click=move |_| open.update(|o| *o = !*o)>
                <span class="jv-caret" aria-hidden="true">{move || if open.get() { "▾" } else { "▸" }}</span>
                {key_view}<span class="jv-summary">{summary}</span>
            </button>
            {children}
        </div>
    }
    .into_any()
}

fn scalar_view(v: &Value) -> AnyView {
    match v {
        Value::String(s) if s.chars().count() > LONG_STRING => {
            let full = s.clone();
            let head: String = s.chars().take(LONG_STRING).collect();
            let all = RwSignal::new(false);
            let total = s.chars().count();
            view! {
                <span class="jv-str">
                    {move || if all.get() { full.clone() } else { format!("{head}…") }}
                </span>
                <button class="button jv-more" hidden=move || all.get() on:click=move |_| all.set(true)>
                    {format!("Show all {total} characters")}
                </button>
            }
            .into_any()
        }
        Value::String(s) => view! { <span class="jv-str">{s.clone()}</span> }.into_any(),
        Value::Null => view! { <span class="jv-null">"null"</span> }.into_any(),
        Value::Bool(b) => view! { <span class="jv-bool">{b.to_string()}</span> }.into_any(),
        other => view! { <span class="jv-num">{other.to_string()}</span> }.into_any(),
    }
}

/// `v` as block-style YAML (2-space indent). Strings that YAML would read as something else
/// (`yes`, `1e3`, `: `, leading spaces …) are double-quoted; multi-line strings use `|-`.
pub fn to_yaml(v: &Value) -> String {
    let mut out = String::new();
    match v {
        Value::Object(m) if !m.is_empty() => entries(&mut out, m, 0),
        Value::Array(a) if !a.is_empty() => items(&mut out, a, 0),
        other => {
            scalar(&mut out, other, 0);
            out.push('\n');
        }
    }
    out
}

fn pad(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

fn entries(out: &mut String, m: &serde_json::Map<String, Value>, indent: usize) {
    for (k, v) in m {
        pad(out, indent);
        out.push_str(&yaml_string(k));
        out.push(':');
        after_marker(out, v, indent + 2);
    }
}

fn items(out: &mut String, a: &[Value], indent: usize) {
    for v in a {
        pad(out, indent);
        out.push('-');
        after_marker(out, v, indent + 2);
    }
}

/// The value after `key:` or `-`.
fn after_marker(out: &mut String, v: &Value, indent: usize) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            entries(out, m, indent);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            items(out, a, indent);
        }
        other => {
            out.push(' ');
            scalar(out, other, indent);
            out.push('\n');
        }
    }
}

fn scalar(out: &mut String, v: &Value, indent: usize) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s)
            if indent > 0
                && s.contains('\n')
                && !s.ends_with('\n')
                && !s.starts_with([' ', '\t'])
                && !s.chars().any(|c| c.is_control() && c != '\n') =>
        {
            out.push_str("|-");
            for line in s.split('\n') {
                out.push('\n');
                if !line.is_empty() {
                    pad(out, indent);
                    out.push_str(line);
                }
            }
        }
        Value::String(s) => out.push_str(&yaml_string(s)),
        Value::Object(_) => out.push_str("{}"),
        Value::Array(_) => out.push_str("[]"),
    }
}

/// A string or key, plain when YAML reads it back as the same string, else double-quoted.
fn yaml_string(s: &str) -> String {
    const RESERVED: &[&str] = &[
        "true", "false", "null", "yes", "no", "on", "off", "y", "n", "~",
    ];
    let plain = !s.is_empty()
        && s.starts_with(|c: char| c.is_alphabetic() || c == '_' || c == '/')
        && !s.ends_with(' ')
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | ' ' | '@'))
        && !RESERVED.iter().any(|r| s.eq_ignore_ascii_case(r));
    if plain {
        s.to_string()
    } else {
        // A JSON string is a valid YAML double-quoted scalar.
        serde_json::to_string(s).unwrap_or_default()
    }
}
