//! Token exchange, permissions, service accounts and usage.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{endpoint, Session};
use crate::cloud::{lenient_bool, lenient_i64, lenient_time, lenient_u64, Extra};
use crate::conductor::string_enum;
use crate::endpoint::{empty_answer, Provider, RequestBody, Response};
use crate::error::{client_codes, ApiError};
use crate::query::Query;
use crate::time::Timestamp;

fn error(response: &Response) -> ApiError {
    <Session as Provider>::error(response)
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::new(None, client_codes::INVALID_INPUT, message)
}

/// Answers like "Successfully updated the permission.": the text (a JSON string or plain text).
pub fn text_answer(response: Response) -> Result<String, ApiError> {
    if !response.status().is_success() {
        return Err(error(&response));
    }
    let body = response.body();
    Ok(match serde_json::from_slice::<Value>(body) {
        Ok(Value::String(s)) => s,
        Ok(Value::Object(m)) => m
            .get("message")
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_default(),
        _ => String::from_utf8_lossy(body).trim().to_string(),
    })
}

/// A name as the API accepts it: letters, digits, `-`, `_` and spaces, at most 128.
pub(crate) fn check_name(what: &str, name: &str) -> Result<(), ApiError> {
    if name.trim().is_empty() {
        return Err(invalid(format!("The {what} needs a name")));
    }
    if name.chars().count() > 128 {
        return Err(invalid(format!(
            "The {what} name is longer than 128 characters"
        )));
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ' ')))
    {
        return Err(invalid(format!(
            "The {what} name may hold letters, digits, '-', '_' and spaces, not '{c}'"
        )));
    }
    Ok(())
}

// ---- token --------------------------------------------------------------------------------

/// The answer of the token exchange.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct TokenGrant {
    pub token: String,
    /// Seconds the token is good for (24 h by default); a number, or a string in some answers.
    #[serde(deserialize_with = "lenient_u64")]
    pub expiration_sec: Option<u64>,
}

/// `POST /auth/token`: exchanges the account's API credentials for a token. The secret is used
/// for this call only; the console keeps the token.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct CreateToken {
    pub account_id: String,
    pub access_key: String,
    pub secret: String,
}

impl std::fmt::Debug for CreateToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "CreateToken({}, {}, ***)",
            self.account_id, self.access_key
        )
    }
}

endpoint!(CreateToken(this) -> TokenGrant {
    POST "/auth/token";
    body = RequestBody::json(&serde_json::json!({
        "accountId": this.account_id, "accessKey": this.access_key, "secret": this.secret,
    }));
    check = if this.account_id.trim().is_empty() || this.access_key.trim().is_empty() || this.secret.is_empty() {
        Err(invalid("Account ID, access key and secret are all needed"))
    } else {
        Ok(())
    };
});

/// The time left on the current token.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct TokenTime {
    #[serde(deserialize_with = "lenient_u64")]
    pub expiration_sec: Option<u64>,
}

/// `GET /auth/token`: seconds left on the token.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetTokenTime;

endpoint!(GetTokenTime -> TokenTime {
    GET "/auth/token";
});

// ---- permissions --------------------------------------------------------------------------

string_enum!(
    /// What a permission allows on its buckets.
    Actions { AllOperations = "all-operations", ReadOnly = "read-only", WriteOnly = "write-only" }
);

string_enum!(
    /// Which buckets a permission covers (each type has its own fields).
    PermissionType {
        AllBuckets = "all-buckets",
        BucketPrefix = "bucket-prefix",
        BucketNames = "bucket-names",
        Policy = "policy",
    }
);

/// A permission's scope, each type with exactly the fields it may carry.
#[derive(Clone, Debug, PartialEq)]
pub enum PermissionScope {
    AllBuckets {
        actions: Actions,
    },
    BucketPrefix {
        actions: Actions,
        prefix: String,
    },
    BucketNames {
        actions: Actions,
        buckets: Vec<String>,
    },
    /// An AWS-IAM-compatible policy document (sent JSON-encoded as a string, as the docs do).
    Policy {
        policy: Value,
    },
}

impl PermissionScope {
    pub fn kind(&self) -> PermissionType {
        match self {
            PermissionScope::AllBuckets { .. } => PermissionType::AllBuckets,
            PermissionScope::BucketPrefix { .. } => PermissionType::BucketPrefix,
            PermissionScope::BucketNames { .. } => PermissionType::BucketNames,
            PermissionScope::Policy { .. } => PermissionType::Policy,
        }
    }
}

/// The body of a create or update.
#[derive(Clone, Debug, PartialEq)]
pub struct PermissionSpec {
    pub name: String,
    pub description: String,
    pub scope: PermissionScope,
}

impl PermissionSpec {
    pub fn to_json(&self) -> Value {
        let mut body = serde_json::json!({
            "name": self.name, "description": self.description, "type": self.scope.kind(),
        });
        match &self.scope {
            PermissionScope::AllBuckets { actions } => body["actions"] = actions.as_str().into(),
            PermissionScope::BucketPrefix { actions, prefix } => {
                body["actions"] = actions.as_str().into();
                body["prefix"] = prefix.as_str().into();
            }
            PermissionScope::BucketNames { actions, buckets } => {
                body["actions"] = actions.as_str().into();
                body["buckets"] = buckets.clone().into();
            }
            PermissionScope::Policy { policy } => body["policy"] = policy.to_string().into(),
        }
        body
    }

    pub fn check(&self) -> Result<(), ApiError> {
        check_name("permission", &self.name)?;
        if self.description.chars().count() > 1000 {
            return Err(invalid("The description is longer than 1000 characters"));
        }
        match &self.scope {
            PermissionScope::BucketPrefix { prefix, .. } if prefix.trim().is_empty() => {
                Err(invalid("A bucket-prefix permission needs a prefix"))
            }
            PermissionScope::BucketNames { buckets, .. } if buckets.is_empty() => Err(invalid(
                "A bucket-names permission needs at least one bucket",
            )),
            PermissionScope::Policy { policy } if !policy.is_object() => {
                Err(invalid("The policy must be a JSON object"))
            }
            _ => Ok(()),
        }
    }
}

/// A permission (the list gives the first six fields; the detail adds the scope's fields).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Permission {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<PermissionType>,
    /// False while some regions are still processing it; changes answer 409 until then.
    #[serde(deserialize_with = "lenient_bool")]
    pub ready_state: Option<bool>,
    #[serde(deserialize_with = "lenient_time")]
    pub create_time: Option<Timestamp>,
    pub actions: Option<Actions>,
    pub prefix: Option<String>,
    pub buckets: Vec<String>,
    /// An object, or the JSON-encoded string it was sent as.
    pub policy: Option<Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The answer of a create: the new id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Created {
    pub id: String,
}

/// `POST /permissions` (asynchronous across regions: `readyState` turns true later).
#[derive(Clone, Debug, PartialEq)]
pub struct CreatePermission {
    pub spec: PermissionSpec,
}

endpoint!(CreatePermission(this) -> Created {
    POST "/permissions";
    body = RequestBody::json(&this.spec.to_json());
    check = this.spec.check();
});

/// `GET /permissions`, optionally only the one named `name`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListPermissions {
    pub name: Option<String>,
}

endpoint!(ListPermissions(this) -> Vec<Permission> {
    GET "/permissions";
    query = Query::new().opt("name", this.name.clone());
});

/// `GET /permissions/{permissionId}`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetPermission {
    pub id: String,
}

endpoint!(GetPermission(this) -> Permission {
    GET "/permissions/{}", this.id;
});

/// `PUT /permissions/{permissionId}` (409 `PermissionNotReady` until `readyState`).
#[derive(Clone, Debug, PartialEq)]
pub struct UpdatePermission {
    pub id: String,
    pub spec: PermissionSpec,
}

endpoint!(UpdatePermission(this) -> String {
    PUT "/permissions/{}", this.id;
    body = RequestBody::json(&this.spec.to_json());
    parse = text_answer;
    check = this.spec.check();
});

/// `DELETE /permissions/{permissionId}` (refused while attached to a service account).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeletePermission {
    pub id: String,
}

endpoint!(DeletePermission(this) -> String {
    DELETE "/permissions/{}", this.id;
    parse = text_answer;
});

// ---- service accounts ---------------------------------------------------------------------

/// A service account.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ServiceAccount {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    #[serde(deserialize_with = "lenient_bool")]
    pub enabled: Option<bool>,
    #[serde(deserialize_with = "lenient_bool")]
    pub ready_state: Option<bool>,
    /// Permission ids (detail only).
    pub permissions: Vec<String>,
    #[serde(deserialize_with = "lenient_time")]
    pub expiration_date: Option<Timestamp>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The answer of a create: the keys, shown **once**.
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct NewServiceAccount {
    pub id: String,
    pub access_key: String,
    pub secret: String,
    /// `YYYY-MM-DD`.
    pub expiration_date: Option<String>,
}

impl std::fmt::Debug for NewServiceAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "NewServiceAccount({}, {}, ***)",
            self.id, self.access_key
        )
    }
}

/// The body of a service-account create or update.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceAccountSpec {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Permission ids; at least one.
    pub permissions: Vec<String>,
}

impl ServiceAccountSpec {
    fn check(&self) -> Result<(), ApiError> {
        check_name("service account", &self.name)?;
        if self.permissions.is_empty() {
            return Err(invalid("A service account needs at least one permission"));
        }
        Ok(())
    }
}

/// `POST /service-accounts`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CreateServiceAccount {
    pub spec: ServiceAccountSpec,
}

endpoint!(CreateServiceAccount(this) -> NewServiceAccount {
    POST "/service-accounts";
    body = RequestBody::json(&this.spec);
    check = this.spec.check();
});

/// `GET /service-accounts`, optionally only the one named `name`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListServiceAccounts {
    pub name: Option<String>,
}

endpoint!(ListServiceAccounts(this) -> Vec<ServiceAccount> {
    GET "/service-accounts";
    query = Query::new().opt("name", this.name.clone());
});

/// `GET /service-accounts/{serviceAccountId}`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetServiceAccount {
    pub id: String,
}

endpoint!(GetServiceAccount(this) -> ServiceAccount {
    GET "/service-accounts/{}", this.id;
});

/// `PUT /service-accounts/{serviceAccountId}` (keys are not regenerated).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UpdateServiceAccount {
    pub id: String,
    pub spec: ServiceAccountSpec,
}

endpoint!(UpdateServiceAccount(this) -> String {
    PUT "/service-accounts/{}", this.id;
    body = RequestBody::json(&this.spec);
    parse = text_answer;
    check = this.spec.check();
});

/// `PUT /service-accounts/{id}/enabled`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EnableServiceAccount {
    pub id: String,
}

endpoint!(EnableServiceAccount(this) -> () {
    PUT "/service-accounts/{}/enabled", this.id;
    parse = |r| empty_answer(r, error);
});

/// `DELETE /service-accounts/{id}/enabled`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DisableServiceAccount {
    pub id: String,
}

endpoint!(DisableServiceAccount(this) -> () {
    DELETE "/service-accounts/{}/enabled", this.id;
    parse = |r| empty_answer(r, error);
});

/// `DELETE /service-accounts/{serviceAccountId}`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeleteServiceAccount {
    pub id: String,
}

endpoint!(DeleteServiceAccount(this) -> String {
    DELETE "/service-accounts/{}", this.id;
    parse = text_answer;
});

// ---- usage --------------------------------------------------------------------------------

/// A calendar month as the API counts it: `month0` is **0-based** (0 = January, 11 = December).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    pub month0: u32,
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl Month {
    /// From a calendar month numbered 1–12 as people write it.
    pub fn calendar(year: i32, month1: u32) -> Month {
        Month {
            year,
            month0: month1.saturating_sub(1).min(11),
        }
    }

    /// Months since year 0, for spans.
    fn index(self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month0)
    }

    /// `Jan 2026`.
    pub fn label(self) -> String {
        format!(
            "{} {}",
            MONTHS.get(self.month0 as usize).unwrap_or(&"?"),
            self.year
        )
    }

    /// The month `n` months later (earlier for a negative `n`).
    pub fn plus(self, n: i64) -> Month {
        let i = self.index() + n;
        Month {
            year: i.div_euclid(12) as i32,
            month0: i.rem_euclid(12) as u32,
        }
    }
}

/// The most months one monthly-usage call may cover (assumed inclusive: from and to count).
pub const MAX_MONTHS: i64 = 6;

/// Refuses what the API answers 400 `InvalidTimeRange` to.
pub fn check_range(from: Month, to: Month) -> Result<(), ApiError> {
    if from.month0 > 11 || to.month0 > 11 {
        return Err(invalid("Months are numbered 0 (January) to 11 (December)"));
    }
    if to < from {
        return Err(invalid("The first month comes after the last"));
    }
    if to.index() - from.index() + 1 > MAX_MONTHS {
        return Err(invalid(format!("At most {MAX_MONTHS} months at a time")));
    }
    Ok(())
}

/// Usage of one bucket.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct BucketUsage {
    pub name: String,
    #[serde(rename = "usageGB")]
    pub usage_gb: f64,
}

/// Usage of one sub-account.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SubAccountUsage {
    pub sub_account_name: String,
    pub sub_account_id: String,
    #[serde(rename = "usageGB")]
    pub usage_gb: f64,
    #[serde(deserialize_with = "lenient_u64")]
    pub users: Option<u64>,
    #[serde(deserialize_with = "lenient_u64")]
    pub service_accounts: Option<u64>,
    #[serde(deserialize_with = "lenient_u64")]
    pub buckets: Option<u64>,
    /// Days of trial left; -1 means no trial.
    #[serde(deserialize_with = "lenient_i64")]
    pub trial: Option<i64>,
    #[serde(deserialize_with = "lenient_time")]
    pub create_time: Option<Timestamp>,
}

/// One month of bucket usage.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct MonthOfBuckets {
    pub year: i32,
    /// 0-based.
    pub month: u32,
    #[serde(rename = "totalUsageGB")]
    pub total_usage_gb: f64,
    pub buckets: Vec<BucketUsage>,
}

/// One month of sub-account usage.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct MonthOfSubAccounts {
    pub year: i32,
    /// 0-based.
    pub month: u32,
    #[serde(rename = "totalUsageGB")]
    pub total_usage_gb: f64,
    pub sub_accounts: Vec<SubAccountUsage>,
}

/// The answer of `GET /usage/monthly` (`usageBySubAccount` only for master accounts).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct MonthlyUsage {
    pub usage_by_bucket: Vec<MonthOfBuckets>,
    pub usage_by_sub_account: Vec<MonthOfSubAccounts>,
}

/// `GET /usage/monthly?fromMonth&fromYear&toMonth&toYear` (0-based months, 6 at most).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GetMonthlyUsage {
    pub from: Month,
    pub to: Month,
}

endpoint!(GetMonthlyUsage(this) -> MonthlyUsage {
    GET "/usage/monthly";
    query = Query::new()
        .with("fromMonth", this.from.month0.to_string())
        .with("fromYear", this.from.year.to_string())
        .with("toMonth", this.to.month0.to_string())
        .with("toYear", this.to.year.to_string());
    check = check_range(this.from, this.to);
});

/// Current usage by bucket.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CurrentBuckets {
    #[serde(deserialize_with = "lenient_u64")]
    pub num_buckets: Option<u64>,
    #[serde(rename = "totalUsageGB")]
    pub total_usage_gb: f64,
    pub buckets: Vec<BucketUsage>,
}

/// Current usage by sub-account.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CurrentSubAccounts {
    #[serde(rename = "totalUsageGB")]
    pub total_usage_gb: f64,
    pub sub_accounts: Vec<SubAccountUsage>,
}

/// The answer of `GET /usage/current`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CurrentUsage {
    pub usage_by_bucket: CurrentBuckets,
    pub usage_by_sub_account: Option<CurrentSubAccounts>,
}

/// `GET /usage/current`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetCurrentUsage;

endpoint!(GetCurrentUsage -> CurrentUsage {
    GET "/usage/current";
});
