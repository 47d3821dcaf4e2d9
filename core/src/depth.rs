//! Answers nested deeper than a parser can follow. serde_json refuses JSON nested more than 128
//! levels ("recursion limit exceeded"), which would lose a whole page for one deep value; and
//! lifting the limit risks the stack (a Web Worker's or the page's). Instead, before parsing, a
//! subtree deeper than [`MAX_DEPTH`] is replaced by a marker string that says so, in one pass
//! over the bytes, without recursion: the rest of the answer parses as usual.

/// Nesting kept; deeper objects and lists become a marker string.
pub const MAX_DEPTH: usize = 100;

/// The marker that replaces a subtree with `levels` levels of nesting below the cut.
pub fn marker(levels: usize) -> String {
    format!("… nested {levels} levels deeper: not shown")
}

/// `text` with every object or list deeper than `max` replaced by a [`marker`] string, or
/// `None` when nothing is that deep (the usual case: no copy). Text that is not JSON is left to
/// the parser to refuse.
pub fn limit_depth(text: &[u8], max: usize) -> Option<Vec<u8>> {
    let mut out: Option<Vec<u8>> = None;
    let mut copied = 0; // `text[..copied]` is in `out` (once there is one)
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut i = 0;
    while i < text.len() {
        let b = text[i];
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            i += 1;
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' if depth == max => {
                // Skip this subtree, counting how deep it goes.
                let start = i;
                let (end, levels) = skip_subtree(text, i);
                let buf = out.get_or_insert_with(|| Vec::with_capacity(text.len()));
                buf.extend_from_slice(&text[copied..start]);
                buf.extend_from_slice(
                    serde_json::to_string(&marker(levels))
                        .unwrap_or_default()
                        .as_bytes(),
                );
                copied = end;
                i = end;
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    out.map(|mut buf| {
        buf.extend_from_slice(&text[copied.min(text.len())..]);
        buf
    })
}

/// From the `{` or `[` at `start`: the index just past its matching close (or the end of the
/// text when it never closes) and how many levels it holds.
fn skip_subtree(text: &[u8], start: usize) -> (usize, usize) {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for (i, &b) in text.iter().enumerate().skip(start) {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return (i + 1, deepest);
                }
            }
            _ => {}
        }
    }
    (text.len(), deepest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn nested(levels: usize) -> String {
        let mut s = String::new();
        for i in 0..levels {
            s.push_str(&format!("{{\"level{i}\": "));
        }
        s.push_str("\"the bottom\"");
        s.push_str(&"}".repeat(levels));
        s
    }

    #[test]
    fn shallow_text_is_not_copied() {
        assert_eq!(limit_depth(br#"{"a": [1, {"b": "[{"}]}"#, 3), None);
        assert_eq!(limit_depth(nested(100).as_bytes(), 100), None);
    }

    #[test]
    fn a_value_200_deep_keeps_its_top_and_its_neighbours() {
        let text = format!(
            r#"{{"id": "web", "inputs": {}, "after": "still here"}}"#,
            nested(200)
        );
        assert!(
            serde_json::from_str::<Value>(&text).is_err(),
            "serde_json alone refuses it"
        );
        let cut = limit_depth(text.as_bytes(), MAX_DEPTH).unwrap();
        let v: Value = serde_json::from_slice(&cut).unwrap();
        assert_eq!(v["id"], "web");
        assert_eq!(v["after"], "still here");
        let mut at = &v["inputs"];
        for i in 0..MAX_DEPTH - 1 {
            at = &at[format!("level{i}")];
        }
        assert_eq!(at, &json!(marker(101)));
    }

    #[test]
    fn brackets_and_escapes_inside_strings_do_not_count() {
        let text = br#"{"a": "\"[[[[{{{{", "b": [[["x"]]]}"#;
        let cut = limit_depth(text, 2).unwrap();
        let v: Value = serde_json::from_slice(&cut).unwrap();
        assert_eq!(v["a"], "\"[[[[{{{{");
        assert_eq!(v["b"], json!([marker(2)]));
    }

    #[test]
    fn broken_text_stays_broken_without_panicking() {
        for t in [&b"[[[[[[[["[..], b"{\"a\": [[[[\"", b"]]]]}}}", b"\"\\"] {
            let cut = limit_depth(t, 2);
            let parsed = serde_json::from_slice::<Value>(cut.as_deref().unwrap_or(t));
            assert!(parsed.is_err());
        }
    }
}
