//! The built-in demo manager: an in-memory Conductor that answers `http::Request` with
//! `http::Response` by the real manager's rules (auth, tenants, projections, sorting, paging,
//! filters, search, error bodies). It powers the console's demo mode and the tests.
//!
//! Sans-IO like the core it is built on (`baton-core`): the caller passes the current time to
//! every call. It lives in its own crate so that the console (the core and `web/`) never carries
//! it: the worker (`demo/`), the browser tests and `baton-demo-server` depend on it.

mod activity;
mod admin;
mod archive;
mod auth;
mod blueprints;
pub mod cdm;
mod cloud;
pub mod clouds;
mod data;
mod deployment_updates;
mod deployments;
mod events;
mod executions;
mod groups;
pub mod imply;
mod labels;
mod license;
mod list;
pub mod lyve;
mod maintenance;
mod manager;
mod metrics;
mod nodes;
mod permissions;
mod plugins;
mod reply;
pub mod sailpoint;
mod saved_filters;
mod schedules;
mod scope;
mod searches;
mod secrets;
mod seed;
mod sites;
mod snapshots;
mod synthetic;
mod tenants;
mod user_groups;
mod users;

use base64::Engine as _;
use chrono::{Duration, NaiveDateTime};
use serde_json::Value;

use baton_core::conductor::auth::Token;
use baton_core::conductor::blueprints::Blueprint;
use baton_core::conductor::deployments::Deployment;
use baton_core::conductor::resources::{DeploymentGroup, Secret};
use baton_core::conductor::secrets::SecretsProvider;
use baton_core::endpoint::{Request, Response};
use baton_core::query::{ListQuery, Query};
use baton_core::session::{API_PREFIX, TENANT_HEADER, TOKEN_HEADER};
use baton_core::time::Timestamp;

pub use data::{DemoUser, DEMO_USERS};
use list::{project, unknown_include};
use reply::{error, not_found, Reply};
pub use saved_filters::StoredFilter;

/// One tenant's resources.
#[derive(Clone, Debug, Default)]
pub struct TenantData {
    pub name: String,
    pub blueprints: Vec<Blueprint>,
    pub deployments: Vec<Deployment>,
    pub sites: Vec<baton_core::conductor::resources::Site>,
    pub nodes: Vec<baton_core::conductor::resources::Node>,
    pub node_instances: Vec<baton_core::conductor::resources::NodeInstance>,
    pub dependencies: Vec<baton_core::conductor::deployments::InterDeploymentDependency>,
    pub deployment_updates: Vec<baton_core::conductor::deployment_updates::DeploymentUpdate>,
    /// Uploaded blueprint archives by blueprint id (demo blueprints get a generated one).
    pub blueprint_archives: Vec<(String, Vec<u8>)>,
    /// Blueprint icons (PNG bytes) by blueprint id.
    pub blueprint_icons: Vec<(String, Vec<u8>)>,
    /// How an asynchronous upload in progress will end: (blueprint id, failed state, error).
    pub blueprint_outcomes: Vec<(
        String,
        baton_core::conductor::blueprints::BlueprintState,
        String,
    )>,
    pub groups: Vec<DeploymentGroup>,
    /// Saved deployments and blueprints filters (system ones included).
    pub saved_filters: Vec<StoredFilter>,
    /// Secrets with their values in clear; answers hide or encrypt them.
    pub secrets: Vec<Secret>,
    pub secrets_providers: Vec<SecretsProvider>,
    pub executions: Vec<executions::ExecRecord>,
    pub events: Vec<baton_core::conductor::resources::Event>,
    pub execution_groups: Vec<baton_core::conductor::executions::ExecutionGroup>,
    pub schedules: Vec<schedules::ScheduleRecord>,
    pub tasks_graphs: Vec<baton_core::conductor::operations::TasksGraph>,
    pub operations: Vec<baton_core::conductor::operations::Operation>,
    pub agents: Vec<baton_core::conductor::agents::Agent>,
    pub plugins: Vec<baton_core::conductor::plugins::Plugin>,
    pub plugins_updates: Vec<baton_core::conductor::plugins::PluginsUpdate>,
    /// Counters for generated ids and event storage ids.
    pub seq: u64,
    pub storage_seq: u64,
}

/// A user of the demo manager.
#[derive(Clone, Debug)]
pub struct UserRecord {
    pub username: String,
    pub password: String,
    /// `sys_admin` or `default`.
    pub role: String,
    /// Tenant name and the user's role in it.
    pub tenants: Vec<(String, String)>,
    pub created_at: NaiveDateTime,
    pub last_login_at: Option<NaiveDateTime>,
    /// Account state; see `sim/users.rs`.
    pub account: admin::Account,
}

/// An answer the next matching calls get instead of the real one (for tests and demos of errors).
#[derive(Clone, Debug)]
pub struct Fault {
    pub method: Option<http::Method>,
    /// Matches paths under the API prefix that start with this (`/deployments`).
    pub path_prefix: String,
    pub status: u16,
    pub code: String,
    pub message: String,
    pub retry_after: Option<u64>,
    /// How many calls it answers; `None` for every call until cleared.
    pub remaining: Option<u32>,
}

impl Fault {
    /// The `code` of a fault made by [`Fault::raw`].
    pub const RAW_BODY: &'static str = "__raw_body";

    /// Answers with `body` as it is (`message` holds it): a damaged or hostile answer for the
    /// console to survive (a bad item in a list, a value nested 200 levels deep).
    pub fn raw(path_prefix: &str, status: u16, body: &str) -> Self {
        Fault::new(path_prefix, status, Self::RAW_BODY, body)
    }

    pub fn new(path_prefix: &str, status: u16, code: &str, message: &str) -> Self {
        Fault {
            method: None,
            path_prefix: path_prefix.to_string(),
            status,
            code: code.to_string(),
            message: message.to_string(),
            retry_after: None,
            remaining: None,
        }
    }
}

/// The in-memory manager.
#[derive(Clone, Debug, Default)]
pub struct DemoManager {
    pub tenants: Vec<TenantData>,
    pub users: Vec<UserRecord>,
    pub snapshots: Vec<snapshots::SnapshotRecord>,
    tokens: Vec<Token>,
    faults: Vec<Fault>,
    token_counter: u64,
    /// Groups, permissions, maintenance, license, cluster nodes, metrics.
    pub(crate) admin: admin::AdminState,
    /// The four cloud managers' demos under `/__demo/<provider>`, built on their first call so
    /// the console can connect to them wherever it runs the demo (worker, page, server).
    clouds: Option<Box<clouds::CloudDemos>>,
}

/// Who is calling: an index into [`DemoManager::users`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct Caller {
    pub user: usize,
}

/// One authenticated call, as a family handler sees it.
pub(crate) struct Ctx<'a> {
    pub req: &'a Request,
    pub now: NaiveDateTime,
    pub caller: Caller,
    pub method: &'a http::Method,
    /// Percent-decoded path segments under the API prefix.
    pub segs: &'a [&'a str],
    pub query: &'a Query,
    pub list: &'a ListQuery,
}

impl Ctx<'_> {
    /// A boolean query flag (`?force=true`).
    pub fn flag(&self, key: &str) -> bool {
        self.query
            .get(key)
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    }

    /// The JSON body, refused without `Content-Type: application/json` like the manager does.
    pub fn json(&self) -> Result<Value, Reply> {
        json_body(self.req)
    }
}

/// A family's router: answers the paths it owns, `None` for the others.
type Family = fn(&mut DemoManager, &Ctx) -> Option<Reply>;

const FAMILIES: &[Family] = &[
    manager::route,
    auth::route,
    tenants::route,
    blueprints::route,
    deployments::route,
    deployment_updates::route,
    labels::route,
    sites::route,
    nodes::route,
    users::route,
    user_groups::route,
    permissions::route,
    maintenance::route,
    license::route,
    metrics::route,
    groups::route,
    saved_filters::route,
    searches::route,
    secrets::route,
    executions::route,
    schedules::route,
    events::route,
    plugins::route,
    snapshots::route,
];

// Demo tokens are self-contained so a reloaded page (a new in-memory manager) still accepts them.
// The key only keeps typos out; the demo manager guards nothing of value.
const DEMO_TOKEN_KEY: u64 = 0x6261_746f_6e2d_6465;

impl DemoManager {
    /// The demo data set: 3 tenants, 4 users, about 30 blueprints and 600 deployments.
    pub fn demo() -> Self {
        data::demo_manager()
    }

    /// The demo data with a large main tenant: 10,000 deployments across 50 blueprints.
    pub fn demo_large() -> Self {
        data::demo_manager_sized(true)
    }

    /// `demo_large` when `large`, else `demo`.
    pub fn demo_sized(large: bool) -> Self {
        data::demo_manager_sized(large)
    }

    /// A manager with only the `admin`/`admin` user and an empty `default_tenant`.
    pub fn empty() -> Self {
        data::empty_manager()
    }

    /// Answers the next matching calls with an error instead.
    pub fn inject_fault(&mut self, fault: Fault) {
        self.faults.push(fault);
    }

    pub fn clear_faults(&mut self) {
        self.faults.clear();
    }

    pub fn tenant(&self, name: &str) -> Option<&TenantData> {
        self.tenants.iter().find(|t| t.name == name)
    }

    pub fn tenant_mut(&mut self, name: &str) -> Option<&mut TenantData> {
        self.tenants.iter_mut().find(|t| t.name == name)
    }

    /// Answers one request at time `now` (UTC).
    pub fn handle(&mut self, req: &Request, now: NaiveDateTime) -> Response {
        if req
            .uri()
            .path()
            .starts_with(baton_core::connections::DEMO_MOUNT)
        {
            let clouds = self.clouds.get_or_insert_with(Default::default);
            if let Some(answer) = clouds.handle(req, now) {
                return answer;
            }
        }
        self.route(req, now).into_response()
    }

    fn route(&mut self, req: &Request, now: NaiveDateTime) -> Reply {
        let Some(rest) = req.uri().path().strip_prefix(API_PREFIX) else {
            return error(
                404,
                "not_found_error",
                "404 Not Found: The requested URL was not found on the server.",
            );
        };
        let segments: Vec<String> = rest
            .split('/')
            .filter(|s| !s.is_empty())
            .map(|s| {
                percent_encoding::percent_decode_str(s)
                    .decode_utf8_lossy()
                    .into_owned()
            })
            .collect();
        let segs: Vec<&str> = segments.iter().map(String::as_str).collect();
        let method = req.method().clone();
        if let Some(reply) = self.take_fault(&method, rest) {
            return reply;
        }
        let caller = match self.authenticate(req, now) {
            Ok(c) => c,
            Err(reply) => return reply,
        };
        let query = Query::decode(req.uri().query().unwrap_or(""));
        let list = match ListQuery::from_query(&query) {
            Ok(lq) => lq,
            Err(msg) => return error(400, "bad_parameters_error", &msg),
        };
        let ctx = Ctx {
            req,
            now,
            caller,
            method: &method,
            segs: &segs,
            query: &query,
            list: &list,
        };
        // Maintenance mode and a missing license refuse most calls before any family sees them.
        if let Some(reply) = admin::gate(self, &ctx) {
            return reply;
        }
        // Executions progress lazily: bring the caller's tenant up to `now` first.
        executions::tick(self, &ctx);
        // Each family answers the paths it owns and leaves the others.
        for family in FAMILIES {
            if let Some(reply) = family(self, &ctx) {
                return reply;
            }
        }
        error(
            404,
            "not_found_error",
            "404 Not Found: The requested URL was not found on the server.",
        )
    }

    fn take_fault(&mut self, method: &http::Method, path: &str) -> Option<Reply> {
        let i = self.faults.iter().position(|f| {
            path.starts_with(&f.path_prefix) && f.method.as_ref().is_none_or(|m| m == method)
        })?;
        let f = self.faults[i].clone();
        match f.remaining {
            Some(n) if n <= 1 => {
                self.faults.remove(i);
            }
            Some(n) => self.faults[i].remaining = Some(n - 1),
            None => {}
        }
        if f.code == Fault::RAW_BODY {
            return Some(Reply::bytes(
                f.status,
                "application/json",
                f.message.into_bytes(),
            ));
        }
        let mut reply = error(f.status, &f.code, &f.message);
        if let Some(secs) = f.retry_after {
            reply.headers.push(("Retry-After", secs.to_string()));
        }
        Some(reply)
    }

    fn authenticate(&mut self, req: &Request, now: NaiveDateTime) -> Result<Caller, Reply> {
        let headers = req.headers();
        if let Some(token) = headers.get(TOKEN_HEADER).and_then(|v| v.to_str().ok()) {
            let user = self
                .verify_token(token, now)
                .filter(|&u| self.users[u].account.active)
                .ok_or_else(|| {
                    error(
                        401,
                        "unauthorized_error",
                        "User unauthorized: Authentication failed: invalid or expired token",
                    )
                })?;
            return Ok(Caller { user });
        }
        let basic = headers
            .get(http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Basic "))
            .and_then(|b| {
                base64::engine::general_purpose::STANDARD
                    .decode(b.trim())
                    .ok()
            })
            .and_then(|raw| String::from_utf8(raw).ok());
        let Some(pair) = basic else {
            return Err(error(
                401,
                "unauthorized_error",
                "User unauthorized: No authentication info provided",
            ));
        };
        let (username, password) = pair.split_once(':').unwrap_or((pair.as_str(), ""));
        match admin::check_password(self, username, password, now) {
            Some(user) => {
                self.users[user].last_login_at = Some(now);
                self.users[user].account.first_login_at.get_or_insert(now);
                Ok(Caller { user })
            }
            None => Err(error(
                401,
                "unauthorized_error",
                &format!(
                    "User unauthorized: Authentication failed for <User username=`{username}`>. Wrong credentials or locked account"
                ),
            )),
        }
    }

    /// The index of the tenant named by the `Tenant` header, if the caller may use it.
    pub(crate) fn tenant_of(&self, ctx: &Ctx) -> Result<usize, Reply> {
        let Some(name) = ctx
            .req
            .headers()
            .get(TENANT_HEADER)
            .and_then(|v| v.to_str().ok())
        else {
            return Err(error(
                403,
                "forbidden_error",
                "Authorization failed: tenant not provided",
            ));
        };
        let Some(index) = self.tenants.iter().position(|t| t.name == name) else {
            return Err(error(
                403,
                "forbidden_error",
                &format!(
                    "Authorization failed: Tried to authenticate with invalid tenant name: {name}"
                ),
            ));
        };
        let user = &self.users[ctx.caller.user];
        if !admin::is_admin(self, ctx.caller.user)
            && admin::tenant_role(self, ctx.caller.user, name).is_none()
        {
            return Err(error(
                403,
                "forbidden_error",
                &format!(
                    "Authorization failed: User `{}` is not permitted to access tenant `{name}`",
                    user.username
                ),
            ));
        }
        Ok(index)
    }

    /// Runs `f` on the caller's current tenant.
    pub(crate) fn in_tenant(
        &mut self,
        ctx: &Ctx,
        f: impl FnOnce(&mut TenantData) -> Reply,
    ) -> Reply {
        match self.tenant_of(ctx) {
            Ok(i) => f(&mut self.tenants[i]),
            Err(reply) => reply,
        }
    }

    /// The tenants a caller sees with its role in each (an admin sees all).
    pub(crate) fn visible_tenants(&self, caller: Caller) -> Vec<(String, String)> {
        let admin = admin::is_admin(self, caller.user);
        self.tenants
            .iter()
            .filter_map(|t| {
                let role = admin::tenant_role(self, caller.user, &t.name);
                match (role, admin) {
                    (Some(r), _) => Some((t.name.clone(), r)),
                    (None, true) => Some((t.name.clone(), "manager".to_string())),
                    (None, false) => None,
                }
            })
            .collect()
    }

    fn verify_token(&self, token: &str, now: NaiveDateTime) -> Option<usize> {
        let rest = token.strip_prefix("ctok-")?;
        let (id, secret) = rest.split_once('-')?;
        let mut parts = secret.split('.');
        let user_b64 = parts.next()?;
        let exp: i64 = parts.next()?.parse().ok()?;
        let username = String::from_utf8(
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(user_b64)
                .ok()?,
        )
        .ok()?;
        // 0 means the token never expires.
        let expires = match exp {
            0 => None,
            _ => Some(chrono::DateTime::from_timestamp(exp, 0)?.naive_utc()),
        };
        if sign_token(&username, id, expires) != token
            || expires.is_some_and(|e| e <= now)
            || self.admin.revoked_tokens.iter().any(|r| r == id)
        {
            return None;
        }
        self.users.iter().position(|u| u.username == username)
    }
}

fn sign_token(username: &str, id: &str, expires: Option<NaiveDateTime>) -> String {
    let exp = expires.map(|e| e.and_utc().timestamp()).unwrap_or(0);
    let user_b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(username);
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ DEMO_TOKEN_KEY;
    for b in format!("{username}|{id}|{exp}").bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    format!("ctok-{id}-{user_b64}.{exp}.{h:016x}")
}

/// The manager's token expiration grammar: `+<n><unit>` chained (`+1d+2h`), or `YYYY-MM-DD HH:MM`.
fn parse_utc_datetime(raw: &str, now: NaiveDateTime) -> Option<NaiveDateTime> {
    if let Some(rel) = raw.strip_prefix('+') {
        let mut t = now;
        for token in rel.split('+') {
            let token = token.trim_end_matches(' ');
            let digits = token.bytes().take_while(u8::is_ascii_digit).count();
            let n: i64 = token[..digits].parse().ok()?;
            let unit = token[digits..]
                .strip_prefix(' ')
                .unwrap_or(&token[digits..]);
            let unit = unit.strip_suffix('s').unwrap_or(unit);
            t += match unit {
                "min" | "minute" => Duration::minutes(n),
                "h" | "hour" => Duration::hours(n),
                "d" | "day" => Duration::days(n),
                "w" | "week" => Duration::weeks(n),
                "mo" | "month" => Duration::days(30 * n),
                "y" | "year" => Duration::days(365 * n),
                _ => return None,
            };
        }
        return Some(t);
    }
    NaiveDateTime::parse_from_str(raw, "%Y-%m-%d %H:%M")
        .ok()
        .or_else(|| Timestamp::parse(raw).map(|t| t.0))
}

fn json_body(req: &Request) -> Result<Value, Reply> {
    let ct = req
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !ct.starts_with("application/json") {
        return Err(error(
            415,
            "unsupported_content_type_error",
            "Content type must be application/json",
        ));
    }
    serde_json::from_slice(req.body()).map_err(|e| {
        error(
            400,
            "bad_parameters_error",
            &format!("Invalid JSON body: {e}"),
        )
    })
}

fn to_value<T: serde::Serialize>(item: &T) -> Value {
    serde_json::to_value(item).unwrap_or(Value::Null)
}

/// 405 for a path a family owns but not with this method.
fn method_not_allowed() -> Reply {
    error(
        405,
        "method_not_allowed_error",
        "405 Method Not Allowed: The method is not allowed for the requested URL.",
    )
}

fn get_one<T: serde::Serialize>(item: Option<&T>, model: &str, id: &str, lq: &ListQuery) -> Reply {
    let Some(item) = item else {
        return not_found(model, id);
    };
    let v = to_value(item);
    if let Some(bad) = unknown_include(Some(&v), &lq.include) {
        return error(
            400,
            "no_such_include_field_error",
            &format!("Invalid include field: {bad}"),
        );
    }
    Reply::json(200, project(v, &lq.include))
}

#[cfg(test)]
mod tests_executions;
#[cfg(test)]
mod tests_groups_filters_secrets;
#[cfg(test)]
mod tests_live;
#[cfg(test)]
mod tests_providers;
#[cfg(test)]
mod tests_sign_in_and_lists;
