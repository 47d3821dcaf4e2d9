//! Labels (`key:value` pairs on deployments and blueprints) as the CLI reads them and the
//! manager stores them.
//!
//! [`parse_cli_list`] reads the CLI's `--labels k:v,k2:v2` lists; [`normalize_label`] applies the
//! manager's `parse_label` (length limits, key characters, value characters, lower-case key,
//! NFKC value, reserved `csys-` keys, latitude/longitude ranges).

use std::fmt;

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// The `csys-` keys the manager accepts (its RESERVED_LABELS); every other `csys-` key is refused.
pub const RESERVED_LABELS: [&str; 11] = [
    "csys-obj-name",
    "csys-obj-type",
    "csys-env-type",
    "csys-wrcp-services",
    "csys-location-name",
    "csys-location-lat",
    "csys-location-long",
    "csys-obj-parent",
    "csys-environment",
    "csys-consumer-id",
    "csys-wrcp-group-id",
];

/// The prefix reserved for system labels.
pub const RESERVED_PREFIX: &str = "csys-";

/// Longest key or value the manager stores, in characters.
pub const MAX_LENGTH: usize = 256;

/// One label.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Label {
    /// The key (lower-case once stored).
    pub key: String,
    /// The value (NFKC once stored).
    pub value: String,
}

impl Label {
    /// A label from its parts, as given.
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Label {
        Label {
            key: key.into(),
            value: value.into(),
        }
    }
}

/// Why the manager refuses a label; `Display` gives its message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LabelError {
    /// "The key or value is too long. Maximum allowed length is 256 characters"
    TooLong,
    /// "The key `k` contains illegal characters. Only letters, digits and ..."
    IllegalKey(String),
    /// "The value `v` contains illegal characters. Control characters and `\"` are not allowed."
    IllegalValue(String),
    /// "All labels with a `csys-` prefix are reserved for internal use. ..."
    ReservedKey(String),
    /// `csys-location-lat` must be a number in [-90, 90].
    Latitude(String),
    /// `csys-location-long` must be a number in [-180, 180].
    Longitude(String),
}

impl fmt::Display for LabelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LabelError::TooLong => f.write_str(
                "The key or value is too long. Maximum allowed length is 256 characters",
            ),
            LabelError::IllegalKey(k) => write!(
                f,
                "The key `{k}` contains illegal characters. Only letters, digits and the \
                 characters `-`, `.` and `_` are allowed"
            ),
            LabelError::IllegalValue(v) => write!(
                f,
                "The value `{v}` contains illegal characters. Control characters and `\"` \
                 are not allowed."
            ),
            LabelError::ReservedKey(_) => write!(
                f,
                "All labels with a `{RESERVED_PREFIX}` prefix are reserved for internal use. \
                 Allowed `{RESERVED_PREFIX}` prefixed labels are: {}",
                RESERVED_LABELS.join(", ")
            ),
            LabelError::Latitude(v) => write!(
                f,
                "The value `{v}` of the label `csys-location-lat` must be a number between \
                 -90 and 90"
            ),
            LabelError::Longitude(v) => write!(
                f,
                "The value `{v}` of the label `csys-location-long` must be a number between \
                 -180 and 180"
            ),
        }
    }
}

impl std::error::Error for LabelError {}

/// Characters that Python's `urllib.parse.quote(s, safe='')` leaves alone.
pub fn is_url_safe(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | '~')
}

/// Whether `c` is in Unicode general category C (control, format, private use, noncharacter),
/// as the manager's `unicodedata.category(c)[0] == 'C'` test.
///
/// Unassigned code points (Cn other than the noncharacters) are not recognised: that needs the
/// full Unicode tables, which are not worth their size in the web bundle.
pub fn is_other_category(c: char) -> bool {
    let n = c as u32;
    // Cc
    if n < 0x20 || (0x7f..=0x9f).contains(&n) {
        return true;
    }
    // Co (private use) and the noncharacters (Cn).
    if (0xe000..=0xf8ff).contains(&n)
        || (0xf0000..=0xffffd).contains(&n)
        || (0x100000..=0x10fffd).contains(&n)
        || (0xfdd0..=0xfdef).contains(&n)
        || (n & 0xfffe) == 0xfffe
    {
        return true;
    }
    // Cf (format), Unicode 15.
    const FORMAT: [(u32, u32); 20] = [
        (0x00ad, 0x00ad),
        (0x0600, 0x0605),
        (0x061c, 0x061c),
        (0x06dd, 0x06dd),
        (0x070f, 0x070f),
        (0x0890, 0x0891),
        (0x08e2, 0x08e2),
        (0x180e, 0x180e),
        (0x200b, 0x200f),
        (0x202a, 0x202e),
        (0x2060, 0x2064),
        (0x2066, 0x206f),
        (0xfeff, 0xfeff),
        (0xfff9, 0xfffb),
        (0x110bd, 0x110bd),
        (0x110cd, 0x110cd),
        (0x13430, 0x1343f),
        (0x1bca0, 0x1bca3),
        (0x1d173, 0x1d17a),
        (0xe0001, 0xe007f),
    ];
    FORMAT.iter().any(|&(lo, hi)| (lo..=hi).contains(&n))
}

/// Python's `float()` on a label value, then a range check. Full-width digits, signs and dots
/// (which NFKC folds and Python's `float` reads) count as their ASCII forms, so the check gives
/// the same answer before and after normalisation.
fn in_range(value: &str, bound: f64) -> bool {
    let text: String = value
        .trim()
        .chars()
        .filter(|c| *c != '_')
        .map(|c| match c {
            '\u{ff10}'..='\u{ff19}'
            | '\u{ff0b}'
            | '\u{ff0d}'
            | '\u{ff0e}'
            | '\u{ff25}'
            | '\u{ff45}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            c => c,
        })
        .collect();
    text.parse::<f64>()
        .is_ok_and(|v| (-bound..=bound).contains(&v))
}

/// The checks of `parse_label` that come before normalisation.
fn check_text(key: &str, value: &str) -> Result<(), LabelError> {
    if key.chars().count() > MAX_LENGTH || value.chars().count() > MAX_LENGTH {
        return Err(LabelError::TooLong);
    }
    if !key.chars().all(is_url_safe) {
        return Err(LabelError::IllegalKey(key.to_owned()));
    }
    if value.chars().any(|c| c == '"' || is_other_category(c)) {
        return Err(LabelError::IllegalValue(value.to_owned()));
    }
    Ok(())
}

/// The checks of `parse_label` on the lower-case key: reserved keys, coordinates.
fn check_meaning(key: &str, value: &str) -> Result<(), LabelError> {
    if key.starts_with(RESERVED_PREFIX) && !RESERVED_LABELS.contains(&key) {
        return Err(LabelError::ReservedKey(key.to_owned()));
    }
    if key == "csys-location-lat" && !in_range(value, 90.0) {
        return Err(LabelError::Latitude(value.to_owned()));
    }
    if key == "csys-location-long" && !in_range(value, 180.0) {
        return Err(LabelError::Longitude(value.to_owned()));
    }
    Ok(())
}

/// The manager's `parse_label` checks without building the stored label: refuses keys or
/// values over 256 characters, keys with characters other than `A-Z a-z 0-9 _ . - ~`, values
/// with control characters or `"`, unknown `csys-` keys and out-of-range
/// `csys-location-lat`/`-long` values.
///
/// Unlike [`normalize_label`] this does not link the Unicode normalisation tables (about 50 KB
/// of gzipped wasm), so the web console can validate without paying for them.
/// The one difference: a coordinate value that becomes a number only through NFKC of other
/// compatibility characters (circled or superscript digits) is refused here, accepted there.
pub fn check_label(key: &str, value: &str) -> Result<(), LabelError> {
    check_text(key, value)?;
    check_meaning(&key.to_ascii_lowercase(), value)
}

/// The manager's `parse_label`: the checks of [`check_label`], in the manager's order, then the
/// label as stored (lower-case key, NFKC value).
pub fn normalize_label(key: &str, value: &str) -> Result<Label, LabelError> {
    check_text(key, value)?;
    let key = key.to_ascii_lowercase();
    let value: String = value.nfkc().collect();
    check_meaning(&key, &value)?;
    Ok(Label { key, value })
}

/// Why the CLI refuses a `--labels` list; `Display` gives its message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LabelsListError {
    /// The whole argument is empty.
    Empty,
    /// "labels cannot contain control characters or `\"`"
    IllegalCharacters,
    /// One `key:value` item is not of that form (no colon, two colons, empty key or value).
    Format(String),
    /// One item's key is not URL-safe.
    IllegalKey(String),
}

impl fmt::Display for LabelsListError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LabelsListError::Empty => f.write_str("The `labels` argument is empty"),
            LabelsListError::IllegalCharacters => {
                f.write_str("Error: labels cannot contain control characters or `\"`")
            }
            LabelsListError::Format(label) => write!(
                f,
                "The label `{label}` is invalid. Labels should be of the form \
                 <key>:<value>,<key>:<value>"
            ),
            LabelsListError::IllegalKey(label) => write!(
                f,
                "The label `{label}` is invalid. The label's key contains illegal characters. \
                 Only letters, digits and the characters `-`, `.` and `_` are allowed"
            ),
        }
    }
}

impl std::error::Error for LabelsListError {}

/// Reads the CLI's `--labels` argument, `key:value,key2:value2`, as the CLI does: `\,` and `\:`
/// escape a comma or colon, control characters and `"` are refused anywhere, each item needs
/// exactly one unescaped colon with a non-empty key and value, keys are trimmed of spaces and
/// must be URL-safe (`A-Z a-z 0-9 _ . - ~`). Values keep their spaces. Labels come back as
/// written; [`normalize_label`] gives what the manager stores.
pub fn parse_cli_list(text: &str) -> Result<Vec<Label>, LabelsListError> {
    parse_items(text, false).map(|items| {
        items
            .into_iter()
            .map(|(key, value)| Label {
                key,
                value: value.unwrap_or_default(),
            })
            .collect()
    })
}

/// Reads the CLI's argument of `labels delete`: a mix of `key:value` items and bare keys
/// (`None` value: delete every value of that key).
pub fn parse_cli_keys_or_labels(
    text: &str,
) -> Result<Vec<(String, Option<String>)>, LabelsListError> {
    parse_items(text, true)
}

fn parse_items(
    text: &str,
    allow_only_key: bool,
) -> Result<Vec<(String, Option<String>)>, LabelsListError> {
    if text.is_empty() {
        return Err(LabelsListError::Empty);
    }
    if text.chars().any(|c| c == '"' || is_other_category(c)) {
        return Err(LabelsListError::IllegalCharacters);
    }
    // NUL stands for an escaped separator, as in the CLI; NUL itself was refused above.
    let escaped = text.replace("\\,", "\0");
    let mut out = Vec::new();
    for item in escaped.split(',') {
        let label = item.replace('\0', ",");
        let shielded = label.replace("\\:", "\0");
        let (key, value) = match shielded.matches(':').count() {
            0 if allow_only_key => (shielded.as_str(), None),
            1 => {
                let (k, v) = shielded.split_once(':').unwrap_or_default();
                if k.is_empty() || v.is_empty() {
                    return Err(LabelsListError::Format(label));
                }
                (k, Some(v.replace('\0', ":")))
            }
            _ => return Err(LabelsListError::Format(label)),
        };
        let key = key.replace('\0', ":");
        let key = key.trim();
        if key.is_empty() || !key.chars().all(is_url_safe) {
            return Err(LabelsListError::IllegalKey(label));
        }
        out.push((key.to_owned(), value));
    }
    Ok(out)
}
