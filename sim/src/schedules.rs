//! `/execution-schedules`: stored with their validated rule; `next_occurrence` and
//! `all_next_occurrences` are computed from `now` on every read.

use chrono::NaiveDateTime;
use serde_json::{Map, Value};

use baton_core::conductor::execution_schedules::{ExecutionSchedule, ScheduleRule};
use baton_core::conductor::executions::ExecutionStatus;
use baton_core::conductor::Visibility;
use baton_core::schedule::{format_occurrence, Schedule, ScheduleRequest};
use baton_core::time::Timestamp;

use super::list::{list, ListSpec};
use super::reply::{error, not_found};
use super::{get_one, method_not_allowed, to_value, Ctx, DemoManager, Reply, TenantData};

/// A stored schedule: the merged request, what it validated to, and its own fields.
#[derive(Clone, Debug)]
pub struct ScheduleRecord {
    pub id: String,
    pub deployment_id: String,
    pub request: ScheduleRequest,
    pub schedule: Schedule,
    pub created_at: NaiveDateTime,
    pub created_by: String,
    pub tenant_name: String,
    /// How far the demo scheduler got with this schedule.
    pub firing: Firing,
}

/// The demo scheduler's state for one schedule.
#[derive(Clone, Debug, Default)]
pub struct Firing {
    /// Occurrences up to this time were handled; `None` until the scheduler first looks (a
    /// seeded schedule does not replay its past).
    pub checked: Option<NaiveDateTime>,
    /// The scheduler was paused (maintenance mode) when it last looked.
    pub paused: bool,
    /// The last execution this schedule started.
    pub latest_execution: Option<String>,
}

impl ScheduleRecord {
    /// The manager's representation at `now`.
    pub fn render(&self, now: NaiveDateTime) -> ExecutionSchedule {
        let r = &self.request;
        let rule = if r.rrule.as_deref().is_some_and(|s| !s.is_empty()) {
            ScheduleRule {
                rrule: r.rrule.clone(),
                ..ScheduleRule::default()
            }
        } else {
            ScheduleRule {
                recurrence: r.recurrence.clone(),
                count: r.count.as_ref().and_then(Value::as_u64),
                weekdays: r.weekdays.as_ref().and_then(Value::as_array).map(|a| {
                    a.iter()
                        .filter_map(|w| w.as_str().map(str::to_string))
                        .collect()
                }),
                ..ScheduleRule::default()
            }
        };
        let as_map = |v: &Option<Value>| v.as_ref().and_then(Value::as_object).cloned();
        ExecutionSchedule {
            id: self.id.clone(),
            deployment_id: Some(self.deployment_id.clone()),
            workflow_id: r.workflow_id.clone(),
            parameters: Some(as_map(&r.parameters).unwrap_or_default()),
            execution_arguments: Some(as_map(&r.execution_arguments).unwrap_or_default()),
            created_at: Some(Timestamp(self.created_at)),
            next_occurrence: self.schedule.next_after(now).map(Timestamp),
            since: Some(Timestamp(self.schedule.start())),
            until: self.schedule.until().map(Timestamp),
            rule: Some(rule),
            slip: Some(r.slip.unwrap_or(0).max(0) as u64),
            stop_on_fail: Some(r.stop_on_fail.unwrap_or(false)),
            enabled: Some(r.enabled.unwrap_or(true)),
            latest_execution_status: None,
            all_next_occurrences: Some(
                self.schedule
                    .all_next_occurrences(now)
                    .into_iter()
                    .map(format_occurrence)
                    .collect(),
            ),
            visibility: Some(Visibility::Tenant),
            resource_availability: Some(Visibility::Tenant),
            private_resource: Some(false),
            tenant_name: Some(self.tenant_name.clone()),
            created_by: Some(self.created_by.clone()),
            extra: Map::new(),
        }
    }
}

const SEARCH: ListSpec = ListSpec {
    search_fields: &["id"],
    search_name_field: None,
};

pub(super) fn route(m: &mut DemoManager, c: &Ctx) -> Option<Reply> {
    Some(match (c.method.as_str(), c.segs) {
        ("GET", ["execution-schedules"]) => m.in_tenant(c, |t| {
            let items = t
                .schedules
                .iter()
                .map(|s| to_value(&render_in(t, s, c.now)))
                .collect();
            list(items, c.list, &SEARCH)
        }),
        (_, ["execution-schedules"]) => method_not_allowed(),
        (method, ["execution-schedules", id]) => {
            let Some(dep) = c.query.get("deployment_id").filter(|d| !d.is_empty()) else {
                if !matches!(method, "GET" | "PUT" | "PATCH" | "DELETE") {
                    return Some(method_not_allowed());
                }
                return Some(bad("Missing deployment_id in query string"));
            };
            let dep = dep.to_string();
            let user = m.users[c.caller.user].username.clone();
            match method {
                "GET" => m.in_tenant(c, |t| {
                    let found = t
                        .schedules
                        .iter()
                        .find(|s| s.id == *id && s.deployment_id == dep)
                        .map(|s| render_in(t, s, c.now));
                    get_one(found.as_ref(), "ExecutionSchedule", id, c.list)
                }),
                "PUT" => match c.json() {
                    Ok(body) => m.in_tenant(c, |t| create(t, id, &dep, &body, &user, c.now)),
                    Err(r) => r,
                },
                "PATCH" => match c.json() {
                    Ok(body) => m.in_tenant(c, |t| update(t, id, &dep, &body, c.now)),
                    Err(r) => r,
                },
                "DELETE" => m.in_tenant(c, |t| {
                    let before = t.schedules.len();
                    t.schedules
                        .retain(|s| !(s.id == *id && s.deployment_id == dep));
                    if t.schedules.len() == before {
                        return not_found("ExecutionSchedule", id);
                    }
                    Reply::json(204, Value::Null)
                }),
                _ => method_not_allowed(),
            }
        }
        _ => return None,
    })
}

fn bad(message: &str) -> Reply {
    error(400, "bad_parameters_error", message)
}

/// The manager's `validate_inputs` for resource ids.
pub(super) fn validate_id(kind: &str, id: &str) -> Result<(), Reply> {
    if id.is_empty() || id.len() > 256 {
        return Err(bad(&format!(
            "The `{kind}` argument is empty or longer than 256 characters"
        )));
    }
    if !id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~'))
    {
        return Err(bad(&format!(
            "The `{kind}` argument contains illegal characters. Only letters, digits and the characters \"-\", \".\", \"_\" and \"~\" are allowed"
        )));
    }
    if !id.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Err(bad(&format!(
            "The `{kind}` argument must begin with a letter"
        )));
    }
    Ok(())
}

fn parse_request(body: &Value) -> Result<ScheduleRequest, Reply> {
    serde_json::from_value(body.clone()).map_err(|e| bad(&format!("Invalid request body: {e}")))
}

fn check(t: &TenantData, dep: &str, req: &ScheduleRequest) -> Result<Schedule, Reply> {
    let Some(d) = t.deployments.iter().find(|d| d.id == dep) else {
        return Err(not_found("Deployment", dep));
    };
    let Some(wf) = req.workflow_id.as_deref().filter(|w| !w.is_empty()) else {
        return Err(bad("Missing workflow_id in json request body"));
    };
    if !d.workflows.iter().flatten().any(|w| w.name == wf) {
        return Err(error(
            400,
            "nonexistent_workflow_error",
            &format!("Workflow {wf} does not exist in deployment {dep}"),
        ));
    }
    req.validate().map_err(|e| bad(e.message()))
}

fn create(
    t: &mut TenantData,
    id: &str,
    dep: &str,
    body: &Value,
    user: &str,
    now: NaiveDateTime,
) -> Reply {
    let mut run = || -> Result<Reply, Reply> {
        validate_id("schedule_id", id)?;
        let req = parse_request(body)?;
        let schedule = check(t, dep, &req)?;
        if t.schedules
            .iter()
            .any(|s| s.id == id && s.deployment_id == dep)
        {
            return Err(error(
                409,
                "conflict_error",
                &format!("ExecutionSchedule with ID `{id}` already exists on deployment `{dep}`"),
            ));
        }
        let rec = ScheduleRecord {
            id: id.to_string(),
            deployment_id: dep.to_string(),
            request: req,
            schedule,
            created_at: now,
            created_by: user.to_string(),
            tenant_name: t.name.clone(),
            firing: Firing {
                checked: Some(now),
                ..Firing::default()
            },
        };
        let v = to_value(&rec.render(now));
        t.schedules.push(rec);
        Ok(Reply::json(201, v))
    };
    run().unwrap_or_else(|r| r)
}

fn update(t: &mut TenantData, id: &str, dep: &str, body: &Value, now: NaiveDateTime) -> Reply {
    let mut run = || -> Result<Reply, Reply> {
        let Some(i) = t
            .schedules
            .iter()
            .position(|s| s.id == id && s.deployment_id == dep)
        else {
            return Err(not_found("ExecutionSchedule", id));
        };
        let patch = parse_request(body)?;
        let mut req = t.schedules[i].request.clone();
        macro_rules! take {
            ($($f:ident),*) => { $( if patch.$f.is_some() { req.$f = patch.$f.clone(); } )* };
        }
        take!(
            workflow_id,
            since,
            until,
            slip,
            stop_on_fail,
            enabled,
            parameters,
            execution_arguments
        );
        if patch.rrule.as_deref().is_some_and(|r| !r.is_empty()) {
            // An rrule replaces the whole rule.
            req.rrule = patch.rrule.clone();
            req.recurrence = None;
            req.count = None;
            req.weekdays = None;
        } else {
            take!(recurrence, count, weekdays);
            if patch.recurrence.is_some() || patch.count.is_some() || patch.weekdays.is_some() {
                req.rrule = None;
            }
        }
        let schedule = check(t, dep, &req)?;
        let rec = &mut t.schedules[i];
        rec.request = req;
        rec.schedule = schedule;
        // The manager recomputes `next_occurrence` from now: no catching up on the past.
        rec.firing.checked = Some(now);
        Ok(Reply::json(
            200,
            to_value(&render_in(t, &t.schedules[i], now)),
        ))
    };
    run().unwrap_or_else(|r| r)
}

/// A demo schedule (used by the data set).
pub(super) fn seed(t: &mut TenantData, id: &str, dep: &str, body: Value, created: NaiveDateTime) {
    let Ok(req) = serde_json::from_value::<ScheduleRequest>(body) else {
        return;
    };
    let Ok(schedule) = req.validate() else { return };
    t.schedules.push(ScheduleRecord {
        id: id.to_string(),
        deployment_id: dep.to_string(),
        request: req,
        schedule,
        created_at: created,
        created_by: "admin".into(),
        tenant_name: t.name.clone(),
        firing: Firing::default(),
    });
}

/// The schedule as the manager shows it, with the status of the last execution it started.
fn render_in(t: &TenantData, s: &ScheduleRecord, now: NaiveDateTime) -> ExecutionSchedule {
    let mut v = s.render(now);
    v.latest_execution_status = s.firing.latest_execution.as_ref().and_then(|id| {
        t.executions
            .iter()
            .find(|r| r.exec.id == *id)
            .and_then(|r| r.exec.status.clone())
    });
    v
}

/// At most this many due runs of one schedule are started in one look; older ones are skipped,
/// as the real scheduler skips what it missed.
const CATCH_UP: usize = 20;

/// The execution scheduler: starts the runs of every enabled schedule whose occurrence the
/// demo clock has passed (`now`), as the manager's scheduler does every minute:
///
/// - nothing while maintenance mode is active; afterwards only the last missed run, and only
///   if it is at most `slip` minutes (plus the loop's minute) late;
/// - a run starts only if the schedule's previous execution has ended, else it is skipped;
/// - with `stop_on_fail`, a failed previous execution disables the schedule instead;
/// - runs are queued behind other executions of the deployment, as the schedule's creator.
pub(super) fn fire_due(t: &mut TenantData, now: NaiveDateTime, maintenance: bool) {
    for k in 0..t.schedules.len() {
        let s = &mut t.schedules[k];
        let Some(checked) = s.firing.checked else {
            s.firing.checked = Some(now);
            continue;
        };
        if maintenance {
            s.firing.paused = true;
            continue;
        }
        let was_paused = std::mem::take(&mut s.firing.paused);
        s.firing.checked = Some(now.max(checked));
        if !s.request.enabled.unwrap_or(true) || now <= checked {
            continue;
        }
        let mut due: Vec<NaiveDateTime> = s
            .schedule
            .occurrences()
            .take(baton_core::schedule::OCCURRENCE_SEARCH_LIMIT)
            .skip_while(|d| *d <= checked)
            .take_while(|d| *d <= now)
            .collect();
        if was_paused {
            let slip = chrono::Duration::minutes(s.request.slip.unwrap_or(0).max(0))
                + chrono::Duration::seconds(60);
            due = due.pop().filter(|d| now - *d <= slip).into_iter().collect();
        } else if due.len() > CATCH_UP {
            due.drain(..due.len() - CATCH_UP);
        }
        for at in due {
            // Bring executions up to the occurrence, to see whether the previous run ended.
            super::executions::advance_tenant(t, at);
            let s = &t.schedules[k];
            let previous = s.firing.latest_execution.as_ref().and_then(|id| {
                t.executions
                    .iter()
                    .find(|r| r.exec.id == *id)
                    .and_then(|r| r.exec.status.clone())
            });
            if previous.as_ref().is_some_and(|p| !p.is_final()) {
                continue;
            }
            if s.request.stop_on_fail == Some(true) && previous == Some(ExecutionStatus::Failed) {
                t.schedules[k].request.enabled = Some(false);
                break;
            }
            let r = &s.request;
            let args = r
                .execution_arguments
                .as_ref()
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            let flag = |k: &str| args.get(k).and_then(Value::as_bool).unwrap_or(false);
            let run = super::executions::ScheduledRun {
                deployment_id: s.deployment_id.clone(),
                workflow_id: r.workflow_id.clone().unwrap_or_default(),
                parameters: r
                    .parameters
                    .as_ref()
                    .and_then(Value::as_object)
                    .cloned()
                    .unwrap_or_default(),
                allow_custom: flag("allow_custom_parameters"),
                dry_run: flag("dry_run") || flag("is_dry_run"),
                force: flag("force"),
                user: s.created_by.clone(),
            };
            if let Some(id) = super::executions::start_scheduled(t, &run, at) {
                t.schedules[k].firing.latest_execution = Some(id);
            }
        }
    }
}
