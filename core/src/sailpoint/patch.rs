//! JSON Patch (RFC 6902): the operations that turn one value into another, and applying them.
//! SailPoint's managed-cluster update takes a patch, and Imply's version history shows one.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One operation. Only `add`, `remove` and `replace` are computed; all six are applied.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PatchOp {
    pub op: String,
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
}

impl PatchOp {
    pub fn replace(path: &str, value: Value) -> Self {
        PatchOp {
            op: "replace".into(),
            path: path.into(),
            value: Some(value),
            from: None,
        }
    }
    pub fn add(path: &str, value: Value) -> Self {
        PatchOp {
            op: "add".into(),
            ..PatchOp::replace(path, value)
        }
    }
    pub fn remove(path: &str) -> Self {
        PatchOp {
            op: "remove".into(),
            path: path.into(),
            value: None,
            from: None,
        }
    }
}

/// `~` → `~0`, `/` → `~1` (RFC 6901).
pub fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// The operations that turn `before` into `after`: objects are compared key by key (keys in name
/// order), anything else that differs is replaced whole (arrays included: a replaced
/// list is easier to read and to apply than index-by-index moves).
pub fn diff(before: &Value, after: &Value) -> Vec<PatchOp> {
    let mut ops = Vec::new();
    diff_at("", before, after, &mut ops);
    ops
}

fn diff_at(path: &str, before: &Value, after: &Value, ops: &mut Vec<PatchOp>) {
    match (before, after) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, va) in a {
                let p = format!("{path}/{}", escape(k));
                match b.get(k) {
                    Some(vb) => diff_at(&p, va, vb, ops),
                    None => ops.push(PatchOp::remove(&p)),
                }
            }
            for (k, vb) in b {
                if !a.contains_key(k) {
                    ops.push(PatchOp::add(&format!("{path}/{}", escape(k)), vb.clone()));
                }
            }
        }
        _ if before == after => {}
        _ => ops.push(PatchOp::replace(path, after.clone())),
    }
}

/// Why a patch could not be applied (the server answers 400 with this).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatchError(pub String);

fn tokens(path: &str) -> Result<Vec<String>, PatchError> {
    if path.is_empty() {
        return Ok(Vec::new());
    }
    let rest = path
        .strip_prefix('/')
        .ok_or_else(|| PatchError(format!("`{path}` is not a JSON Pointer")))?;
    Ok(rest.split('/').map(unescape).collect())
}

fn get<'a>(doc: &'a Value, path: &str) -> Result<&'a Value, PatchError> {
    let mut cur = doc;
    for t in tokens(path)? {
        cur = match cur {
            Value::Object(m) => m.get(&t),
            Value::Array(a) => t.parse::<usize>().ok().and_then(|i| a.get(i)),
            _ => None,
        }
        .ok_or_else(|| PatchError(format!("`{path}` does not exist")))?;
    }
    Ok(cur)
}

fn parent_of<'a>(doc: &'a mut Value, path: &str) -> Result<(&'a mut Value, String), PatchError> {
    let mut toks = tokens(path)?;
    let last = toks
        .pop()
        .ok_or_else(|| PatchError("the whole document cannot be the target".into()))?;
    let mut cur = doc;
    for t in toks {
        cur = match cur {
            Value::Object(m) => m.get_mut(&t),
            Value::Array(a) => t.parse::<usize>().ok().and_then(move |i| a.get_mut(i)),
            _ => None,
        }
        .ok_or_else(|| PatchError(format!("the parent of `{path}` does not exist")))?;
    }
    Ok((cur, last))
}

fn add(doc: &mut Value, path: &str, value: Value) -> Result<(), PatchError> {
    if path.is_empty() {
        *doc = value;
        return Ok(());
    }
    let (parent, last) = parent_of(doc, path)?;
    match parent {
        Value::Object(m) => {
            m.insert(last, value);
        }
        Value::Array(a) if last == "-" => a.push(value),
        Value::Array(a) => {
            let i = last
                .parse::<usize>()
                .ok()
                .filter(|i| *i <= a.len())
                .ok_or_else(|| PatchError(format!("`{path}`: bad array index")))?;
            a.insert(i, value);
        }
        _ => {
            return Err(PatchError(format!(
                "`{path}`: the parent is not a container"
            )))
        }
    }
    Ok(())
}

fn remove(doc: &mut Value, path: &str) -> Result<Value, PatchError> {
    let (parent, last) = parent_of(doc, path)?;
    let missing = || PatchError(format!("`{path}` does not exist"));
    match parent {
        Value::Object(m) => m.remove(&last).ok_or_else(missing),
        Value::Array(a) => {
            let i = last
                .parse::<usize>()
                .ok()
                .filter(|i| *i < a.len())
                .ok_or_else(missing)?;
            Ok(a.remove(i))
        }
        _ => Err(missing()),
    }
}

/// Applies `ops` in order to a copy of `doc`; the first failing operation fails the whole patch
/// (RFC 6902: a patch is atomic).
pub fn apply(doc: &Value, ops: &[PatchOp]) -> Result<Value, PatchError> {
    let mut out = doc.clone();
    for op in ops {
        let value = || {
            op.value
                .clone()
                .ok_or_else(|| PatchError(format!("`{}` needs a value", op.op)))
        };
        let from = || {
            op.from
                .clone()
                .ok_or_else(|| PatchError(format!("`{}` needs `from`", op.op)))
        };
        match op.op.as_str() {
            "add" => add(&mut out, &op.path, value()?)?,
            "remove" => {
                remove(&mut out, &op.path)?;
            }
            "replace" => {
                get(&out, &op.path)?;
                if op.path.is_empty() {
                    out = value()?;
                } else {
                    remove(&mut out, &op.path)?;
                    add(&mut out, &op.path, value()?)?;
                }
            }
            "move" => {
                let v = remove(&mut out, &from()?)?;
                add(&mut out, &op.path, v)?;
            }
            "copy" => {
                let v = get(&out, &from()?)?.clone();
                add(&mut out, &op.path, v)?;
            }
            "test" => {
                if get(&out, &op.path)? != &value()? {
                    return Err(PatchError(format!("test failed at `{}`", op.path)));
                }
            }
            other => return Err(PatchError(format!("unknown operation `{other}`"))),
        }
    }
    Ok(out)
}

/// An object with the given fields only (a form's editable part of a resource).
pub fn pick(value: &Value, keys: &[&str]) -> Value {
    let mut m = Map::new();
    for k in keys {
        if let Some(v) = value.get(*k) {
            m.insert((*k).to_string(), v.clone());
        }
    }
    Value::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn diff_then_apply_gives_the_after_value() {
        let before = json!({"name":"a","description":"x","configuration":{"k":"1","gone":"y"}});
        let after = json!({"name":"b","description":"x","configuration":{"k":"2","new/key":"z"}});
        let ops = diff(&before, &after);
        assert_eq!(
            serde_json::to_value(&ops).unwrap(),
            json!([
                {"op":"remove","path":"/configuration/gone"},
                {"op":"replace","path":"/configuration/k","value":"2"},
                {"op":"add","path":"/configuration/new~1key","value":"z"},
                {"op":"replace","path":"/name","value":"b"}
            ])
        );
        assert_eq!(apply(&before, &ops).unwrap(), after);
        assert!(diff(&after, &after).is_empty());
    }

    #[test]
    fn a_failing_operation_fails_the_whole_patch() {
        let doc = json!({"a":1});
        let ops = vec![PatchOp::replace("/a", json!(2)), PatchOp::remove("/nope")];
        assert!(apply(&doc, &ops).is_err());
        let test = PatchOp {
            op: "test".into(),
            path: "/a".into(),
            value: Some(json!(1)),
            from: None,
        };
        assert_eq!(apply(&doc, &[test]).unwrap(), doc);
        assert!(apply(&doc, &[PatchOp::replace("/b", json!(1))]).is_err());
        let mv = PatchOp {
            op: "move".into(),
            path: "/b".into(),
            value: None,
            from: Some("/a".into()),
        };
        assert_eq!(apply(&doc, &[mv]).unwrap(), json!({"b":1}));
        assert_eq!(
            apply(&json!({"l":[1,3]}), &[PatchOp::add("/l/1", json!(2))]).unwrap(),
            json!({"l":[1,2,3]})
        );
    }
}
