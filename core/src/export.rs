//! A list's rows as a file the operator downloads: CSV of the columns the list shows, or JSON
//! Lines of the whole items. Server strings are data here too: a cell a spreadsheet would run
//! as a formula is kept as text.

use serde_json::Value;

/// One CSV column: its header and the item field it reads (a top-level key of the item).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CsvColumn<'a> {
    pub header: &'a str,
    pub field: &'a str,
}

/// A cell as text: strings as they are, numbers and booleans printed, null empty, lists and
/// objects (labels, inputs) as compact JSON.
pub fn cell_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}

/// Quotes a CSV field when it needs it (RFC 4180), and prefixes `'` to text a spreadsheet
/// would evaluate (`=`, `+`, `-`, `@`, tab, carriage return first): a deployment named
/// `=HYPERLINK(...)` must open as that name, not as a formula.
pub fn csv_field(s: &str) -> String {
    let guarded;
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) && s.parse::<f64>().is_err() {
        guarded = format!("'{s}");
        guarded.as_str()
    } else {
        s
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Rows as CSV with a header line; a row that is not an object gives empty cells.
pub fn to_csv(rows: &[Value], columns: &[CsvColumn<'_>]) -> String {
    let mut out = String::new();
    let header: Vec<String> = columns.iter().map(|c| csv_field(c.header)).collect();
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for row in rows {
        let cells: Vec<String> = columns
            .iter()
            .map(|c| csv_field(&row.get(c.field).map(cell_text).unwrap_or_default()))
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

/// Rows as JSON Lines: one item per line, as the manager sent it.
pub fn to_json_lines(rows: &[Value]) -> String {
    let mut out = String::new();
    for row in rows {
        out.push_str(&row.to_string());
        out.push('\n');
    }
    out
}

/// A file name for an export: `deployments-2026-11-29T20-41.csv` (no characters a file
/// system refuses).
pub fn file_name(noun: &str, now: chrono::NaiveDateTime, extension: &str) -> String {
    let noun: String = noun
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("{noun}-{}.{extension}", now.format("%Y-%m-%dT%H-%M"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const COLUMNS: &[CsvColumn<'static>] = &[
        CsvColumn {
            header: "Id",
            field: "id",
        },
        CsvColumn {
            header: "Labels",
            field: "labels",
        },
        CsvColumn {
            header: "Count",
            field: "count",
        },
    ];

    #[test]
    fn csv_quotes_what_needs_it_and_prints_nested_values_as_json() {
        let rows = vec![
            json!({"id": "web, prod", "labels": [{"key": "env", "value": "prod"}], "count": 3}),
            json!({"id": "say \"hi\"\nbye", "count": null}),
            json!("not an object"),
        ];
        let csv = to_csv(&rows, COLUMNS);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines[0], "Id,Labels,Count");
        assert_eq!(
            lines[1],
            r#""web, prod","[{""key"":""env"",""value"":""prod""}]",3"#
        );
        assert_eq!(lines[2], "\"say \"\"hi\"\"\nbye\",,");
        assert_eq!(lines[3], ",,");
        assert_eq!(
            lines.len(),
            5,
            "header, three rows and the final line break"
        );
    }

    #[test]
    fn csv_keeps_formulas_as_text_but_not_negative_numbers() {
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("+1-2"), "'+1-2");
        assert_eq!(csv_field("-5"), "-5");
        assert_eq!(csv_field("plain"), "plain");
    }

    #[test]
    fn json_lines_are_one_item_per_line() {
        let rows = vec![json!({"id": "a"}), json!({"id": "b\nc"})];
        assert_eq!(to_json_lines(&rows), "{\"id\":\"a\"}\n{\"id\":\"b\\nc\"}\n");
    }

    #[test]
    fn file_names_hold_no_unsafe_characters() {
        let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 29)
            .unwrap()
            .and_hms_opt(20, 41, 5)
            .unwrap();
        assert_eq!(
            file_name("execution schedules", now, "csv"),
            "execution-schedules-2026-11-29T20-41.csv"
        );
    }
}
