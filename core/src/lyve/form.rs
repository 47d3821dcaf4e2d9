//! What the console's Lyve forms need from the API's rules: a permission form read into a
//! [`PermissionSpec`] with each refusal on its field, the field a server refusal names, the
//! scope of a permission in words, and months as the operator writes them (`2026-06`).

use chrono::Datelike;

use super::account::{check_range, Actions, Month, Permission, PermissionScope, PermissionSpec};
use super::account::{PermissionType, MAX_MONTHS};
use crate::cloud::FieldError;
use crate::error::{client_codes, ApiError};

fn on(target: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        target: target.into(),
        code: client_codes::INVALID_INPUT.into(),
        message: message.into(),
    }
}

/// A permission form as typed: every field is text, whichever type is chosen (switching the
/// type back and forth keeps what was typed; only the chosen type's fields are sent).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PermissionForm {
    pub name: String,
    pub description: String,
    /// `all-buckets`, `bucket-prefix`, `bucket-names` or `policy`.
    pub kind: String,
    pub actions: String,
    pub prefix: String,
    /// Bucket names separated by commas, spaces or lines.
    pub buckets: String,
    /// The policy document as JSON text.
    pub policy: String,
}

impl PermissionForm {
    /// An empty form for a new permission (all buckets, every operation).
    pub fn new() -> Self {
        PermissionForm {
            kind: PermissionType::AllBuckets.as_str().into(),
            actions: Actions::AllOperations.as_str().into(),
            ..Default::default()
        }
    }

    /// The form filled from a permission's detail.
    pub fn from_permission(p: &Permission) -> Self {
        let policy = match &p.policy {
            Some(serde_json::Value::String(s)) => serde_json::from_str::<serde_json::Value>(s)
                .map(|v| serde_json::to_string_pretty(&v).unwrap_or_default())
                .unwrap_or_else(|_| s.clone()),
            Some(v) => serde_json::to_string_pretty(v).unwrap_or_default(),
            None => String::new(),
        };
        PermissionForm {
            name: p.name.clone(),
            description: p.description.clone().unwrap_or_default(),
            kind: p
                .kind
                .as_ref()
                .map_or(PermissionType::AllBuckets.as_str(), |k| k.as_str())
                .into(),
            actions: p
                .actions
                .as_ref()
                .map_or(Actions::AllOperations.as_str(), |a| a.as_str())
                .into(),
            prefix: p.prefix.clone().unwrap_or_default(),
            buckets: p.buckets.join(", "),
            policy,
        }
    }

    /// Which fields the chosen type has beside name and description.
    pub fn fields(kind: &str) -> &'static [&'static str] {
        match kind {
            "bucket-prefix" => &["actions", "prefix"],
            "bucket-names" => &["actions", "buckets"],
            "policy" => &["policy"],
            _ => &["actions"],
        }
    }

    /// The body to send, or the first field that is wrong and why.
    pub fn spec(&self) -> Result<PermissionSpec, FieldError> {
        let actions = || -> Result<Actions, FieldError> {
            match Actions::from(self.actions.as_str()) {
                Actions::Other(a) => Err(on("actions", format!("Unknown actions '{a}'"))),
                a => Ok(a),
            }
        };
        let scope = match PermissionType::from(self.kind.as_str()) {
            PermissionType::AllBuckets => PermissionScope::AllBuckets {
                actions: actions()?,
            },
            PermissionType::BucketPrefix => PermissionScope::BucketPrefix {
                actions: actions()?,
                prefix: self.prefix.trim().to_string(),
            },
            PermissionType::BucketNames => PermissionScope::BucketNames {
                actions: actions()?,
                buckets: self
                    .buckets
                    .split(|c: char| c == ',' || c.is_whitespace())
                    .filter(|b| !b.is_empty())
                    .map(str::to_string)
                    .collect(),
            },
            PermissionType::Policy => {
                let policy = serde_json::from_str(self.policy.trim())
                    .map_err(|e| on("policy", format!("The policy is not valid JSON: {e}")))?;
                PermissionScope::Policy { policy }
            }
            PermissionType::Other(t) => return Err(on("type", format!("Unknown type '{t}'"))),
        };
        let spec = PermissionSpec {
            name: self.name.trim().to_string(),
            description: self.description.clone(),
            scope,
        };
        spec.check()
            .map_err(|e| on(field_named(&e.message).unwrap_or("name"), e.message.clone()))?;
        Ok(spec)
    }
}

/// The form field a message is about (the API says `An argument is invalid or missing: name`).
fn field_named(message: &str) -> Option<&'static str> {
    let m = message.to_ascii_lowercase();
    let tail = m.rsplit(':').next().unwrap_or(&m);
    [
        "description",
        "prefix",
        "bucket",
        "policy",
        "actions",
        "permissions",
        "name",
    ]
    .into_iter()
    .find(|f| tail.contains(f))
    .map(|f| if f == "bucket" { "buckets" } else { f })
}

/// The field of a permission or service-account form a server refusal is about, if any: a
/// name already in use, or an invalid argument the message names.
pub fn field_of(error: &ApiError) -> Option<&'static str> {
    if error.code.ends_with("NameAlreadyExists") {
        return Some("name");
    }
    if error.code == "InvalidArgument" || error.code == client_codes::INVALID_INPUT {
        return field_named(&error.message);
    }
    None
}

/// What the operator reads for a 409 `…NotReady`.
pub const NOT_READY_HINT: &str = "Lyve Cloud is still setting this up in some regions (it shows “Not ready yet”). It cannot be changed or deleted until every region has it: refresh in a little while and try again.";

impl Permission {
    /// The scope in words: `read-only · prefix audit-`, `write-only · backups-eu, web-assets`,
    /// `policy (2 statements)`.
    pub fn scope_text(&self) -> String {
        let actions = self.actions.as_ref().map(|a| a.as_str().to_string());
        let what = match self.kind.as_ref() {
            Some(PermissionType::AllBuckets) => Some("all buckets".to_string()),
            Some(PermissionType::BucketPrefix) => self
                .prefix
                .as_ref()
                .map(|p| format!("buckets starting with {p}")),
            Some(PermissionType::BucketNames) => {
                (!self.buckets.is_empty()).then(|| self.buckets.join(", "))
            }
            Some(PermissionType::Policy) => {
                let policy = match &self.policy {
                    Some(serde_json::Value::String(s)) => serde_json::from_str(s).ok(),
                    other => other.clone(),
                };
                let n = policy
                    .as_ref()
                    .and_then(|p| p.get("Statement"))
                    .and_then(|s| s.as_array())
                    .map(Vec::len);
                Some(match n {
                    Some(1) => "IAM policy (1 statement)".to_string(),
                    Some(n) => format!("IAM policy ({n} statements)"),
                    None => "IAM policy".to_string(),
                })
            }
            _ => None,
        };
        match (actions, what) {
            (Some(a), Some(w)) => format!("{a} on {w}"),
            (None, Some(w)) => w,
            (Some(a), None) => a,
            (None, None) => "—".into(),
        }
    }
}

impl Month {
    /// `2026-06` (months numbered 1–12, as people and `<input type=month>` write them).
    pub fn param(self) -> String {
        format!("{:04}-{:02}", self.year, self.month0 + 1)
    }

    /// Reads [`Month::param`]; `None` for anything else (month 13, 0, text).
    pub fn from_param(raw: &str) -> Option<Month> {
        let (y, m) = raw.trim().split_once('-')?;
        let (year, month1) = (y.parse::<i32>().ok()?, m.parse::<u32>().ok()?);
        (1..=12)
            .contains(&month1)
            .then(|| Month::calendar(year, month1))
    }

    /// The month `now` falls in.
    pub fn of(now: chrono::NaiveDateTime) -> Month {
        Month {
            year: now.year(),
            month0: now.month0(),
        }
    }
}

/// The monthly range a usage page shows: `from`/`to` as typed (`2026-06`), else the last
/// [`MAX_MONTHS`] months up to `now`'s. `Err` says why the range cannot be asked for (more than
/// six months, the first after the last), with the months it was read as.
pub fn usage_range(
    from: Option<&str>,
    to: Option<&str>,
    now: chrono::NaiveDateTime,
) -> (Month, Month, Result<(), String>) {
    let to = to.and_then(Month::from_param).unwrap_or(Month::of(now));
    let from = from
        .and_then(Month::from_param)
        .unwrap_or(to.plus(1 - MAX_MONTHS));
    let checked = check_range(from, to).map_err(|e| {
        if e.message.starts_with("At most") {
            format!(
                "{} to {} is {} months: Lyve Cloud gives at most {MAX_MONTHS} months at a time. Pick a shorter range.",
                from.label(),
                to.label(),
                months_in(from, to)
            )
        } else {
            e.message
        }
    });
    (from, to, checked)
}

/// How many months `from` to `to` covers, both counted.
pub fn months_in(from: Month, to: Month) -> i64 {
    (i64::from(to.year) - i64::from(from.year)) * 12 + i64::from(to.month0) - i64::from(from.month0)
        + 1
}

/// The wizard's first step: a service-account name the API accepts, or why not.
pub fn check_service_account_name(name: &str) -> Result<(), String> {
    super::account::check_name("service account", name.trim()).map_err(|e| e.message)
}
