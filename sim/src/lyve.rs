//! The Lyve Cloud Account API demo: the token exchange with expiring tokens (an expired token is
//! a 400 `ExpiredToken`), permissions and service accounts that are not ready for a while after
//! a change (409 `…NotReady`), service-account expiry, and deterministic usage with 0-based
//! months and the 6-month limit.

// Readers return the finished error answer; one per request, so its size does not matter.
#![allow(clippy::result_large_err)]

use chrono::{Datelike, Duration, NaiveDateTime};
use serde_json::{json, Value};

use baton_core::endpoint::{Request, Response};
use baton_core::lyve::API_PREFIX;

use crate::cloud::{self, epoch, reply, text, Pending, TokenCheck};

pub const DEMO_ACCOUNT: &str = baton_core::connections::demo::LYVE_ACCOUNT;
pub const DEMO_ACCESS_KEY: &str = baton_core::connections::demo::LYVE_ACCESS_KEY;
pub const DEMO_SECRET: &str = baton_core::connections::demo::LYVE_SECRET;
/// Seconds before a new permission or service account is ready in every region.
pub const READY_AFTER: i64 = 20;

#[derive(Clone, Debug)]
struct Perm {
    /// `id, name, description, type, actions?, prefix?, buckets?, policy?, createTime`.
    body: Value,
    ready: Option<Pending<bool>>,
}

#[derive(Clone, Debug)]
struct Account {
    id: String,
    name: String,
    description: String,
    enabled: bool,
    permissions: Vec<String>,
    expires: NaiveDateTime,
    ready: Option<Pending<bool>>,
}

/// The in-memory Lyve Cloud account.
#[derive(Clone, Debug)]
pub struct LyveDemo {
    perms: Vec<Perm>,
    accounts: Vec<Account>,
    /// How long an exchanged token lives (24 h by default; tests shorten it).
    pub token_life: Duration,
    seq: u64,
}

const BUCKETS: [(&str, f64); 5] = [
    ("media-archive", 412.5),
    ("audit-logs", 88.25),
    ("backups-eu", 1250.0),
    ("ml-datasets", 640.75),
    ("web-assets", 12.5),
];

const SUB_ACCOUNTS: [(&str, &str, f64); 3] = [
    ("Research", "sub-7a1c", 640.75),
    ("EU operations", "sub-3f9e", 1338.25),
    ("Web team", "sub-91b0", 425.0),
];

fn error(status: u16, code: &str, message: &str) -> Response {
    reply(status, json!({"code": code, "message": message}))
}

fn is_ready(ready: &mut Option<Pending<bool>>, now: NaiveDateTime) -> bool {
    match ready {
        None => true,
        Some(p) => {
            if p.due(now).is_some() {
                *ready = None;
                true
            } else {
                false
            }
        }
    }
}

fn valid_name(name: &str) -> bool {
    !name.trim().is_empty()
        && name.chars().count() <= 128
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ' '))
}

impl LyveDemo {
    /// Permissions of each type, one not ready yet; service accounts enabled, disabled, not
    /// ready and expired.
    pub fn demo() -> Self {
        let created = |d: i64| cloud::wire(epoch() + Duration::days(d));
        let perm = |id: &str, body: Value, ready: bool| Perm {
            body: {
                let mut b = body;
                b["id"] = id.into();
                b
            },
            ready: (!ready).then(|| Pending::new(true, Duration::seconds(60), None)),
        };
        let perms = vec![
            perm(
                "perm-0001",
                json!({"name": "Full access", "description": "Every bucket, every operation",
                "type": "all-buckets", "actions": "all-operations", "createTime": created(0)}),
                true,
            ),
            perm(
                "perm-0002",
                json!({"name": "Audit readers", "description": "Read the audit log buckets",
                "type": "bucket-prefix", "actions": "read-only", "prefix": "audit-", "createTime": created(10)}),
                true,
            ),
            perm(
                "perm-0003",
                json!({"name": "Backup writers", "description": "Write EU backups",
                "type": "bucket-names", "actions": "write-only", "buckets": ["backups-eu"], "createTime": created(20)}),
                true,
            ),
            perm(
                "perm-0004",
                json!({"name": "ML dataset policy", "description": "IAM policy for the training jobs",
                "type": "policy", "policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                "Action": ["s3:GetObject"], "Resource": ["arn:aws:s3:::ml-datasets/*"]}]}, "createTime": created(40)}),
                true,
            ),
            perm(
                "perm-0005",
                json!({"name": "Web assets publish", "description": "Being rolled out",
                "type": "bucket-names", "actions": "all-operations", "buckets": ["web-assets"], "createTime": created(89)}),
                false,
            ),
        ];
        let acct = |id: &str,
                    name: &str,
                    enabled: bool,
                    permissions: &[&str],
                    expires_day: i64,
                    ready: bool| Account {
            id: id.into(),
            name: name.into(),
            description: format!("{name} service account"),
            enabled,
            permissions: permissions.iter().map(|p| p.to_string()).collect(),
            expires: epoch() + Duration::days(expires_day),
            ready: (!ready).then(|| Pending::new(true, Duration::seconds(60), None)),
        };
        let accounts = vec![
            acct("sa-0001", "nightly-backup", true, &["perm-0003"], 400, true),
            acct("sa-0002", "audit-export", false, &["perm-0002"], 400, true),
            acct("sa-0003", "training-jobs", true, &["perm-0004"], 400, false),
            acct("sa-0004", "legacy-sync", true, &["perm-0001"], 30, true),
        ];
        LyveDemo {
            perms,
            accounts,
            token_life: Duration::hours(24),
            seq: 10,
        }
    }

    /// Answers one request at `now`.
    pub fn handle(&mut self, req: &Request, now: NaiveDateTime) -> Response {
        let Some(segs) = cloud::segments(req, API_PREFIX) else {
            return error(404, "NotFound", "No such API path");
        };
        let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
        let method = req.method().as_str().to_string();
        if let (["auth", "token"], "POST") = (segs.as_slice(), method.as_str()) {
            return self.exchange(req, now);
        }
        // Every other call needs a good token; an expired one is a 400, not a 401.
        let left = match cloud::check("lyve", cloud::bearer(req).as_deref(), now) {
            TokenCheck::Valid(left) => left,
            TokenCheck::Expired
                if segs.first() == Some(&"usage") && segs.get(1) == Some(&"monthly") =>
            {
                return error(400, "TokenExpired", "Token expired.")
            }
            TokenCheck::Expired => return error(400, "ExpiredToken", "Token expired."),
            TokenCheck::Invalid => return error(400, "InvalidToken", "Token is not valid."),
        };
        match (method.as_str(), segs.as_slice()) {
            ("GET", ["auth", "token"]) => reply(200, json!({"expirationSec": left})),
            ("GET", ["permissions"]) => self.list_permissions(req, now),
            ("POST", ["permissions"]) => self.create_permission(req, now),
            ("GET", ["permissions", id]) => match self.perm(id, now) {
                Some(i) => reply(200, self.perm_json(i, true)),
                None => error(404, "PermissionNotFound", "A permission was not found."),
            },
            ("PUT", ["permissions", id]) => self.update_permission(req, id, now),
            ("DELETE", ["permissions", id]) => self.delete_permission(id, now),
            ("GET", ["service-accounts"]) => self.list_accounts(req, now),
            ("POST", ["service-accounts"]) => self.create_account(req, now),
            ("GET", ["service-accounts", id]) => match self.account(id, now) {
                Some(i) => reply(200, self.account_json(i, true)),
                None => error(
                    404,
                    "ServiceAccountNotFound",
                    "A service account was not found.",
                ),
            },
            ("PUT", ["service-accounts", id]) => self.update_account(req, id, now),
            ("DELETE", ["service-accounts", id]) => self.delete_account(id, now),
            ("PUT", ["service-accounts", id, "enabled"]) => self.set_enabled(id, true, now),
            ("DELETE", ["service-accounts", id, "enabled"]) => self.set_enabled(id, false, now),
            ("GET", ["usage", "current"]) => current_usage(),
            ("GET", ["usage", "monthly"]) => monthly_usage(req, now),
            _ => error(404, "NotFound", "No such API path"),
        }
    }

    fn exchange(&mut self, req: &Request, now: NaiveDateTime) -> Response {
        let Ok(body) = cloud::json_body(req) else {
            return error(400, "InvalidArgument", "An argument is invalid or missing");
        };
        let field = |k: &str| body.get(k).and_then(Value::as_str).unwrap_or("");
        if field("accountId").is_empty()
            || field("accessKey").is_empty()
            || field("secret").is_empty()
        {
            return error(400, "InvalidArgument", "An argument is invalid or missing");
        }
        if (field("accountId"), field("accessKey"), field("secret"))
            != (DEMO_ACCOUNT, DEMO_ACCESS_KEY, DEMO_SECRET)
        {
            return error(403, "AuthenticationFailed", "Authentication failed.");
        }
        reply(
            200,
            json!({"token": cloud::issue("lyve", now, self.token_life),
                   "expirationSec": self.token_life.num_seconds()}),
        )
    }

    fn perm(&mut self, id: &str, now: NaiveDateTime) -> Option<usize> {
        let i = self.perms.iter().position(|p| p.body["id"] == id)?;
        is_ready(&mut self.perms[i].ready, now);
        Some(i)
    }

    fn perm_json(&self, i: usize, detail: bool) -> Value {
        let p = &self.perms[i];
        let mut v = p.body.clone();
        v["readyState"] = p.ready.is_none().into();
        if !detail {
            let keep = [
                "name",
                "id",
                "description",
                "type",
                "readyState",
                "createTime",
            ];
            if let Value::Object(m) = &mut v {
                m.retain(|k, _| keep.contains(&k.as_str()));
            }
        } else if v["type"] == "policy" {
            // The policy comes back as the JSON-encoded string it is stored as.
            v["policy"] = v["policy"].to_string().into();
        }
        v
    }

    fn list_permissions(&mut self, req: &Request, now: NaiveDateTime) -> Response {
        let name = cloud::query(req).get("name").map(str::to_string);
        for p in &mut self.perms {
            is_ready(&mut p.ready, now);
        }
        let items: Vec<Value> = (0..self.perms.len())
            .filter(|&i| {
                name.as_deref()
                    .is_none_or(|n| self.perms[i].body["name"] == n)
            })
            .map(|i| self.perm_json(i, false))
            .collect();
        if name.is_some() && items.is_empty() {
            return error(404, "PermissionNotFound", "A permission was not found.");
        }
        reply(200, Value::Array(items))
    }

    /// Checks a permission body; the exclusive fields of each type.
    fn read_permission(req: &Request) -> Result<Value, Response> {
        let bad = |m: &str| error(400, "InvalidArgument", m);
        let mut b = cloud::json_body(req).map_err(|m| bad(&m))?;
        let name = b["name"].as_str().unwrap_or("");
        if !valid_name(name) {
            return Err(bad("An argument is invalid or missing: name"));
        }
        if b["description"]
            .as_str()
            .is_none_or(|d| d.chars().count() > 1000)
        {
            return Err(bad("An argument is invalid or missing: description"));
        }
        let has = |k: &str| b.get(k).is_some_and(|v| !v.is_null());
        let ok = match b["type"].as_str().unwrap_or("") {
            "all-buckets" => !has("prefix") && !has("buckets") && !has("policy"),
            "bucket-prefix" => has("prefix") && !has("buckets") && !has("policy"),
            "bucket-names" => has("buckets") && !has("prefix") && !has("policy"),
            "policy" => has("policy") && !has("actions") && !has("prefix") && !has("buckets"),
            _ => false,
        };
        if !ok {
            return Err(bad(
                "An argument is invalid or missing: type and its fields",
            ));
        }
        if let Some(a) = b.get("actions").and_then(Value::as_str) {
            if !matches!(a, "all-operations" | "read-only" | "write-only") {
                return Err(bad("An argument is invalid or missing: actions"));
            }
        }
        if let Some(p) = b.get("policy").and_then(Value::as_str) {
            b["policy"] =
                serde_json::from_str(p).map_err(|_| bad("The policy is not valid JSON"))?;
        }
        Ok(b)
    }

    fn create_permission(&mut self, req: &Request, now: NaiveDateTime) -> Response {
        let mut b = match Self::read_permission(req) {
            Ok(b) => b,
            Err(r) => return r,
        };
        if self.perms.iter().any(|p| p.body["name"] == b["name"]) {
            return error(
                409,
                "PermissionNameAlreadyExists",
                "The permission name is already in use. Please use a different name.",
            );
        }
        self.seq += 1;
        let id = format!("perm-{:04}", self.seq);
        b["id"] = id.clone().into();
        b["createTime"] = cloud::wire(now).into();
        self.perms.push(Perm {
            body: b,
            ready: Some(Pending::new(
                true,
                Duration::seconds(READY_AFTER),
                Some(now),
            )),
        });
        reply(200, json!({"id": id}))
    }

    fn update_permission(&mut self, req: &Request, id: &str, now: NaiveDateTime) -> Response {
        let Some(i) = self.perm(id, now) else {
            return error(404, "PermissionNotFound", "A permission was not found.");
        };
        if self.perms[i].ready.is_some() {
            return error(
                409,
                "PermissionNotReady",
                "The permission is still being processed by some regions.",
            );
        }
        let mut b = match Self::read_permission(req) {
            Ok(b) => b,
            Err(r) => return r,
        };
        if self
            .perms
            .iter()
            .enumerate()
            .any(|(j, p)| j != i && p.body["name"] == b["name"])
        {
            return error(
                409,
                "PermissionNameAlreadyExists",
                "The permission name is already in use. Please use a different name.",
            );
        }
        b["id"] = id.into();
        b["createTime"] = self.perms[i].body["createTime"].clone();
        self.perms[i] = Perm {
            body: b,
            ready: Some(Pending::new(
                true,
                Duration::seconds(READY_AFTER),
                Some(now),
            )),
        };
        text(200, "Successfully updated the permission.")
    }

    fn delete_permission(&mut self, id: &str, now: NaiveDateTime) -> Response {
        let Some(i) = self.perm(id, now) else {
            return error(404, "PermissionNotFound", "A permission was not found.");
        };
        if self.perms[i].ready.is_some() {
            return error(
                409,
                "PermissionNotReady",
                "The permission is still being processed by some regions.",
            );
        }
        // Assumed code: the docs say the delete fails while attached, not with which code.
        if let Some(a) = self
            .accounts
            .iter()
            .find(|a| a.permissions.iter().any(|p| p == id))
        {
            return error(
                400,
                "InvalidArgument",
                &format!("The permission is attached to service account '{}'", a.name),
            );
        }
        self.perms.remove(i);
        text(200, "Permission deleted successfully.")
    }

    fn account(&mut self, id: &str, now: NaiveDateTime) -> Option<usize> {
        let i = self.accounts.iter().position(|a| a.id == id)?;
        is_ready(&mut self.accounts[i].ready, now);
        Some(i)
    }

    fn account_json(&self, i: usize, detail: bool) -> Value {
        let a = &self.accounts[i];
        let mut v = json!({"name": a.name, "id": a.id, "enabled": a.enabled,
            "readyState": a.ready.is_none(), "description": a.description,
            "expirationDate": a.expires.format("%Y-%m-%d").to_string()});
        if detail {
            v["permissions"] = a.permissions.clone().into();
        }
        v
    }

    fn list_accounts(&mut self, req: &Request, now: NaiveDateTime) -> Response {
        let name = cloud::query(req).get("name").map(str::to_string);
        for a in &mut self.accounts {
            is_ready(&mut a.ready, now);
        }
        let items: Vec<Value> = (0..self.accounts.len())
            .filter(|&i| name.as_deref().is_none_or(|n| self.accounts[i].name == n))
            .map(|i| self.account_json(i, false))
            .collect();
        if name.is_some() && items.is_empty() {
            return error(
                404,
                "ServiceAccountNotFound",
                "A service account was not found.",
            );
        }
        reply(200, Value::Array(items))
    }

    fn read_account(&self, req: &Request) -> Result<(String, String, Vec<String>), Response> {
        let bad = |m: &str| error(400, "InvalidArgument", m);
        let b = cloud::json_body(req).map_err(|m| bad(&m))?;
        let name = b["name"].as_str().unwrap_or("").to_string();
        if !valid_name(&name) {
            return Err(bad("An argument is invalid or missing: name"));
        }
        let perms: Vec<String> = b["permissions"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        if perms.is_empty() {
            return Err(bad("An argument is invalid or missing: permissions"));
        }
        if let Some(p) = perms
            .iter()
            .find(|p| !self.perms.iter().any(|x| x.body["id"] == p.as_str()))
        {
            return Err(error(
                404,
                "PermissionNotFound",
                &format!("A permission was not found: {p}"),
            ));
        }
        Ok((
            name,
            b["description"].as_str().unwrap_or("").to_string(),
            perms,
        ))
    }

    fn create_account(&mut self, req: &Request, now: NaiveDateTime) -> Response {
        let (name, description, permissions) = match self.read_account(req) {
            Ok(v) => v,
            Err(r) => return r,
        };
        if self.accounts.iter().any(|a| a.name == name) {
            return error(
                409,
                "ServiceAccountNameAlreadyExists",
                "The service account name is already in use. Please use a different name.",
            );
        }
        self.seq += 1;
        let id = format!("sa-{:04}", self.seq);
        let expires = now + Duration::days(365);
        self.accounts.push(Account {
            id: id.clone(),
            name,
            description,
            enabled: true,
            permissions,
            expires,
            ready: Some(Pending::new(
                true,
                Duration::seconds(READY_AFTER),
                Some(now),
            )),
        });
        // The secret is in this answer only; nothing keeps it.
        reply(
            200,
            json!({"id": id, "accessKey": format!("AK{}", &cloud::make_id(self.seq, false)[..18].to_uppercase()),
            "secret": cloud::make_id(self.seq * 7919, false),
            "expirationDate": expires.format("%Y-%m-%d").to_string()}),
        )
    }

    fn update_account(&mut self, req: &Request, id: &str, now: NaiveDateTime) -> Response {
        let Some(i) = self.account(id, now) else {
            return error(
                404,
                "ServiceAccountNotFound",
                "A service account was not found.",
            );
        };
        if self.accounts[i].ready.is_some() {
            return error(
                409,
                "ServiceAccountNotReady",
                "The service account is still being processed by some regions.",
            );
        }
        let (name, description, permissions) = match self.read_account(req) {
            Ok(v) => v,
            Err(r) => return r,
        };
        if self
            .accounts
            .iter()
            .enumerate()
            .any(|(j, a)| j != i && a.name == name)
        {
            return error(
                409,
                "ServiceAccountNameAlreadyExists",
                "The service account name is already in use. Please use a different name.",
            );
        }
        let a = &mut self.accounts[i];
        a.name = name;
        a.description = description;
        a.permissions = permissions;
        a.ready = Some(Pending::new(
            true,
            Duration::seconds(READY_AFTER),
            Some(now),
        ));
        text(200, "Successfully updated the service account.")
    }

    fn delete_account(&mut self, id: &str, now: NaiveDateTime) -> Response {
        let Some(i) = self.account(id, now) else {
            return error(
                404,
                "ServiceAccountNotFound",
                "A service account was not found.",
            );
        };
        if self.accounts[i].ready.is_some() {
            return error(
                409,
                "ServiceAccountNotReady",
                "The service account is still being processed by some regions.",
            );
        }
        self.accounts.remove(i);
        text(200, "Service account deleted successfully.")
    }

    fn set_enabled(&mut self, id: &str, on: bool, now: NaiveDateTime) -> Response {
        let Some(i) = self.account(id, now) else {
            return error(
                404,
                "ServiceAccountNotFound",
                "A service account was not found.",
            );
        };
        if self.accounts[i].expires <= now {
            let verb = if on { "enable" } else { "disable" };
            return error(
                404,
                "ServiceAccountExpired",
                &format!("The service account has expired. Couldn't {verb} the expired service."),
            );
        }
        if self.accounts[i].ready.is_some() {
            return error(
                409,
                "ServiceAccountNotReady",
                "The service account is still being processed by some regions.",
            );
        }
        self.accounts[i].enabled = on;
        reply(200, Value::Null).map(|_| Vec::new())
    }
}

fn current_usage() -> Response {
    let total: f64 = BUCKETS.iter().map(|(_, gb)| gb).sum();
    reply(
        200,
        json!({
            "usageByBucket": {"numBuckets": BUCKETS.len(), "totalUsageGB": total,
                "buckets": BUCKETS.iter().map(|(n, gb)| json!({"name": n, "usageGB": gb})).collect::<Vec<_>>()},
            "usageBySubAccount": {"totalUsageGB": SUB_ACCOUNTS.iter().map(|s| s.2).sum::<f64>(),
                "subAccounts": SUB_ACCOUNTS.iter().enumerate().map(|(i, (n, id, gb))| json!({
                    "subAccountName": n, "subAccountId": id, "usageGB": gb, "users": 2 + i,
                    "serviceAccounts": 1 + i, "buckets": 1 + i,
                    "trial": if i == 2 { 12 } else { -1 },
                    "createTime": cloud::wire(epoch() - Duration::days(200 - 30 * i as i64))})).collect::<Vec<_>>()},
        }),
    )
}

/// The usage of a bucket in a month (deterministic growth up to the current month; 0 after it).
fn month_gb(base: f64, year: i32, month0: u32, now: NaiveDateTime) -> f64 {
    let index = i64::from(year) * 12 + i64::from(month0);
    let current = i64::from(now.year()) * 12 + i64::from(now.month0());
    if index > current {
        return 0.0;
    }
    let back = (current - index) as f64;
    (base * (1.0 - 0.06 * back)).max(0.0).round()
}

fn monthly_usage(req: &Request, now: NaiveDateTime) -> Response {
    let q = cloud::query(req);
    let int = |k: &str| q.get(k).and_then(|v| v.parse::<i64>().ok());
    let bad = || error(400, "InvalidTimeRange", "Invalid time range.");
    let (Some(fm), Some(fy), Some(tm), Some(ty)) = (
        int("fromMonth"),
        int("fromYear"),
        int("toMonth"),
        int("toYear"),
    ) else {
        return error(400, "InvalidArgument", "An argument is invalid or missing");
    };
    if !(0..=11).contains(&fm) || !(0..=11).contains(&tm) {
        return bad();
    }
    let (from, to) = (fy * 12 + fm, ty * 12 + tm);
    if to < from || to - from + 1 > 6 {
        return bad();
    }
    let mut by_bucket = Vec::new();
    let mut by_sub = Vec::new();
    for i in from..=to {
        let (year, month0) = (i.div_euclid(12) as i32, i.rem_euclid(12) as u32);
        let buckets: Vec<Value> = BUCKETS
            .iter()
            .map(|(n, gb)| json!({"name": n, "usageGB": month_gb(*gb, year, month0, now)}))
            .collect();
        let total: f64 = buckets.iter().filter_map(|b| b["usageGB"].as_f64()).sum();
        by_bucket.push(
            json!({"year": year, "month": month0, "totalUsageGB": total, "buckets": buckets}),
        );
        let subs: Vec<Value> = SUB_ACCOUNTS
            .iter()
            .map(|(n, id, gb)| json!({"subAccountName": n, "subAccountId": id,
                "usageGB": month_gb(*gb, year, month0, now), "createTime": cloud::wire(epoch() - Duration::days(200))}))
            .collect();
        let total: f64 = subs.iter().filter_map(|b| b["usageGB"].as_f64()).sum();
        by_sub.push(
            json!({"year": year, "month": month0, "totalUsageGB": total, "subAccounts": subs}),
        );
    }
    reply(
        200,
        json!({"usageByBucket": by_bucket, "usageBySubAccount": by_sub}),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloud::testing::{at, call};
    use baton_core::cloud::{call_with_renewal, Next};
    use baton_core::lyve::*;
    use baton_core::Endpoint;
    use std::cell::RefCell;

    fn sign_in(d: &mut LyveDemo, now: NaiveDateTime) -> Session {
        let grant = call(
            &mut |r, t| d.handle(r, t),
            &Session::default(),
            &CreateToken {
                account_id: DEMO_ACCOUNT.into(),
                access_key: DEMO_ACCESS_KEY.into(),
                secret: DEMO_SECRET.into(),
            },
            now,
        )
        .unwrap();
        Session {
            origin: String::new(),
            token: Some(grant.token),
        }
    }

    fn run<E: Endpoint<Session>>(
        d: &mut LyveDemo,
        s: &Session,
        e: &E,
        now: NaiveDateTime,
    ) -> Result<E::Output, baton_core::ApiError> {
        call(&mut |r, t| d.handle(r, t), s, e, now)
    }

    #[test]
    fn token_expires_and_renewal_retries_once() {
        let mut d = LyveDemo::demo();
        d.token_life = Duration::minutes(10);
        let s = sign_in(&mut d, at(0));
        assert_eq!(
            run(&mut d, &s, &GetTokenTime, at(4))
                .unwrap()
                .expiration_sec,
            Some(360)
        );
        // Expired: a 400 ExpiredToken, which the renewal rule retries once.
        let e = run(&mut d, &s, &ListPermissions::default(), at(11)).unwrap_err();
        assert_eq!((e.status, e.code.as_str()), (Some(400), "ExpiredToken"));
        assert_eq!(RENEW.next(&e, 0), Next::RenewAndRetry);
        // The monthly usage call names it TokenExpired; the rule knows both.
        let e = run(
            &mut d,
            &s,
            &GetMonthlyUsage {
                from: Month::calendar(2026, 11),
                to: Month::calendar(2026, 11),
            },
            at(11),
        )
        .unwrap_err();
        assert_eq!(e.code, "TokenExpired");
        assert!(RENEW.matches(&e));

        let session = RefCell::new(s);
        let demo = RefCell::new(d);
        let renewals = RefCell::new(0);
        let perms = call_with_renewal(
            &RENEW,
            || ListPermissions::default().request(&session.borrow()),
            |req| demo.borrow_mut().handle(&req, at(11)),
            |r| ListPermissions::default().parse(r),
            || {
                *renewals.borrow_mut() += 1;
                let fresh = sign_in(&mut demo.borrow_mut(), at(11));
                *session.borrow_mut() = fresh;
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(*renewals.borrow(), 1);
        assert_eq!(perms.len(), 5);
        // Bad credentials and forged tokens.
        let e = call(
            &mut |r, t| demo.borrow_mut().handle(r, t),
            &Session::default(),
            &CreateToken {
                account_id: DEMO_ACCOUNT.into(),
                access_key: DEMO_ACCESS_KEY.into(),
                secret: "nope".into(),
            },
            at(11),
        )
        .unwrap_err();
        assert_eq!(
            (e.status, e.code.as_str()),
            (Some(403), "AuthenticationFailed")
        );
        let forged = Session {
            origin: String::new(),
            token: Some("lyve.1.2".into()),
        };
        let e = call(
            &mut |r, t| demo.borrow_mut().handle(r, t),
            &forged,
            &GetTokenTime,
            at(11),
        )
        .unwrap_err();
        assert_eq!(e.code, "InvalidToken");
        assert_eq!(RENEW.next(&e, 0), Next::Fail);
    }

    #[test]
    fn demo_data_has_every_ready_state() {
        let mut d = LyveDemo::demo();
        let s = sign_in(&mut d, at(0));
        let perms = run(&mut d, &s, &ListPermissions::default(), at(0)).unwrap();
        let kinds: Vec<_> = perms.iter().filter_map(|p| p.kind.clone()).collect();
        for k in PermissionType::KNOWN {
            assert!(kinds.iter().any(|x| x.as_str() == *k), "{k}");
        }
        assert!(perms.iter().any(|p| p.ready_state == Some(false)));
        assert!(perms.iter().any(|p| p.ready_state == Some(true)));
        let accounts = run(&mut d, &s, &ListServiceAccounts::default(), at(0)).unwrap();
        assert!(accounts.iter().any(|a| a.ready_state == Some(false)));
        assert!(accounts.iter().any(|a| a.enabled == Some(false)));
        assert!(accounts
            .iter()
            .any(|a| a.expiration_date.is_some_and(|e| e.0 < at(0))));
        // Not ready turns ready a minute after first seen.
        let later = run(&mut d, &s, &ListPermissions::default(), at(2)).unwrap();
        assert!(later.iter().all(|p| p.ready_state == Some(true)));
        let named = run(
            &mut d,
            &s,
            &ListPermissions {
                name: Some("Audit readers".into()),
            },
            at(2),
        )
        .unwrap();
        assert_eq!(named.len(), 1);
        let policy = run(
            &mut d,
            &s,
            &GetPermission {
                id: "perm-0004".into(),
            },
            at(2),
        )
        .unwrap();
        assert!(policy
            .policy
            .unwrap()
            .as_str()
            .unwrap()
            .contains("ml-datasets"));
    }

    #[test]
    fn a_new_permission_is_not_ready_then_ready() {
        let mut d = LyveDemo::demo();
        let s = sign_in(&mut d, at(0));
        let spec = PermissionSpec {
            name: "Reports".into(),
            description: "read reports".into(),
            scope: PermissionScope::BucketPrefix {
                actions: Actions::ReadOnly,
                prefix: "reports-".into(),
            },
        };
        let id = run(&mut d, &s, &CreatePermission { spec: spec.clone() }, at(0))
            .unwrap()
            .id;
        let e = run(&mut d, &s, &CreatePermission { spec: spec.clone() }, at(0)).unwrap_err();
        assert_eq!(
            (e.status, e.code.as_str()),
            (Some(409), "PermissionNameAlreadyExists")
        );
        let p = run(&mut d, &s, &GetPermission { id: id.clone() }, at(0)).unwrap();
        assert_eq!(
            (p.ready_state, p.prefix.as_deref()),
            (Some(false), Some("reports-"))
        );
        let update = UpdatePermission {
            id: id.clone(),
            spec,
        };
        let e = run(&mut d, &s, &update, at(0)).unwrap_err();
        assert!(is_not_ready(&e), "{e:?}");
        assert_eq!(e.code, "PermissionNotReady");
        let t = at(0) + Duration::seconds(READY_AFTER);
        assert_eq!(
            run(&mut d, &s, &update, t).unwrap(),
            "Successfully updated the permission."
        );
        // A change makes it not ready again, so a delete right after is refused.
        assert!(is_not_ready(
            &run(&mut d, &s, &DeletePermission { id: id.clone() }, t).unwrap_err()
        ));
        let later = t + Duration::seconds(READY_AFTER);
        assert_eq!(
            run(&mut d, &s, &DeletePermission { id: id.clone() }, later).unwrap(),
            "Permission deleted successfully."
        );
        assert_eq!(
            run(&mut d, &s, &GetPermission { id }, later)
                .unwrap_err()
                .code,
            "PermissionNotFound"
        );
    }

    #[test]
    fn a_permission_in_use_cannot_be_deleted() {
        let mut d = LyveDemo::demo();
        let s = sign_in(&mut d, at(0));
        let e = run(
            &mut d,
            &s,
            &DeletePermission {
                id: "perm-0003".into(),
            },
            at(0),
        )
        .unwrap_err();
        assert!(e.message.contains("nightly-backup"), "{e:?}");
        assert!(run(
            &mut d,
            &s,
            &GetPermission {
                id: "perm-0003".into()
            },
            at(0)
        )
        .is_ok());
    }

    #[test]
    fn service_account_secret_once_then_enable_disable() {
        let mut d = LyveDemo::demo();
        let s = sign_in(&mut d, at(0));
        let spec = ServiceAccountSpec {
            name: "reporting".into(),
            description: None,
            permissions: vec!["perm-0002".into()],
        };
        let created = run(
            &mut d,
            &s,
            &CreateServiceAccount { spec: spec.clone() },
            at(0),
        )
        .unwrap();
        assert!(!created.secret.is_empty() && !created.access_key.is_empty());
        assert_eq!(created.expiration_date.as_deref(), Some("2027-11-29"));
        // The secret is never shown again.
        let raw = d.handle(
            &GetServiceAccount {
                id: created.id.clone(),
            }
            .request(&s),
            at(0),
        );
        assert!(!String::from_utf8_lossy(raw.body()).contains(&created.secret));
        let e = run(
            &mut d,
            &s,
            &DisableServiceAccount {
                id: created.id.clone(),
            },
            at(0),
        )
        .unwrap_err();
        assert_eq!(e.code, "ServiceAccountNotReady");
        let t = at(1);
        run(
            &mut d,
            &s,
            &DisableServiceAccount {
                id: created.id.clone(),
            },
            t,
        )
        .unwrap();
        assert_eq!(
            run(
                &mut d,
                &s,
                &GetServiceAccount {
                    id: created.id.clone()
                },
                t
            )
            .unwrap()
            .enabled,
            Some(false)
        );
        run(
            &mut d,
            &s,
            &EnableServiceAccount {
                id: created.id.clone(),
            },
            t,
        )
        .unwrap();
        assert_eq!(
            run(
                &mut d,
                &s,
                &GetServiceAccount {
                    id: created.id.clone()
                },
                t
            )
            .unwrap()
            .enabled,
            Some(true)
        );
        let missing = ServiceAccountSpec {
            permissions: vec!["perm-9999".into()],
            ..spec
        };
        assert_eq!(
            run(&mut d, &s, &CreateServiceAccount { spec: missing }, t)
                .unwrap_err()
                .code,
            "PermissionNotFound"
        );
        assert!(run(
            &mut d,
            &s,
            &DeleteServiceAccount {
                id: created.id.clone()
            },
            t
        )
        .is_ok());
        assert_eq!(
            run(&mut d, &s, &GetServiceAccount { id: created.id }, t)
                .unwrap_err()
                .code,
            "ServiceAccountNotFound"
        );
    }

    #[test]
    fn an_expired_service_account_cannot_be_toggled() {
        let mut d = LyveDemo::demo();
        let s = sign_in(&mut d, at(0));
        for e in [
            run(
                &mut d,
                &s,
                &EnableServiceAccount {
                    id: "sa-0004".into(),
                },
                at(0),
            )
            .unwrap_err(),
            run(
                &mut d,
                &s,
                &DisableServiceAccount {
                    id: "sa-0004".into(),
                },
                at(0),
            )
            .unwrap_err(),
        ] {
            assert_eq!(
                (e.status, e.code.as_str()),
                (Some(404), "ServiceAccountExpired")
            );
        }
    }

    #[test]
    fn monthly_usage_is_zero_based_and_limited_to_six_months() {
        let mut d = LyveDemo::demo();
        let s = sign_in(&mut d, at(0)); // late November 2026
        let six = GetMonthlyUsage {
            from: Month::calendar(2026, 7),
            to: Month::calendar(2026, 12),
        };
        let u = run(&mut d, &s, &six, at(0)).unwrap();
        let months: Vec<u32> = u.usage_by_bucket.iter().map(|m| m.month).collect();
        assert_eq!(months, [6, 7, 8, 9, 10, 11]);
        // November (month 10) is the current month with the full figures; December is 0.
        assert_eq!(
            u.usage_by_bucket[4].total_usage_gb,
            BUCKETS.iter().map(|b| b.1.round()).sum::<f64>()
        );
        assert_eq!(u.usage_by_bucket[5].total_usage_gb, 0.0);
        assert!(u.usage_by_bucket[0].total_usage_gb < u.usage_by_bucket[4].total_usage_gb);
        assert_eq!(u.usage_by_sub_account.len(), 6);
        // Seven months: the server refuses it too (the core refuses it before sending).
        let raw = d.handle(
            &http::Request::get(
                "/v2/usage/monthly?fromMonth=0&fromYear=2026&toMonth=6&toYear=2026",
            )
            .header(
                "Authorization",
                format!("Bearer {}", s.token.clone().unwrap()),
            )
            .body(Vec::new())
            .unwrap(),
            at(0),
        );
        assert_eq!(raw.status(), 400);
        assert!(String::from_utf8_lossy(raw.body()).contains("InvalidTimeRange"));
        let raw = d.handle(
            &http::Request::get(
                "/v2/usage/monthly?fromMonth=12&fromYear=2026&toMonth=12&toYear=2026",
            )
            .header("Authorization", format!("Bearer {}", s.token.unwrap()))
            .body(Vec::new())
            .unwrap(),
            at(0),
        );
        assert_eq!(raw.status(), 400);
    }

    #[test]
    fn current_usage_adds_up() {
        let mut d = LyveDemo::demo();
        let s = sign_in(&mut d, at(0));
        let u = run(&mut d, &s, &GetCurrentUsage, at(0)).unwrap();
        let sum: f64 = u.usage_by_bucket.buckets.iter().map(|b| b.usage_gb).sum();
        assert_eq!(u.usage_by_bucket.total_usage_gb, sum);
        assert_eq!(u.usage_by_bucket.num_buckets, Some(5));
        let subs = u.usage_by_sub_account.unwrap();
        assert_eq!(subs.sub_accounts.len(), 3);
        assert!(subs.sub_accounts.iter().any(|s| s.trial == Some(-1)));
    }
}
