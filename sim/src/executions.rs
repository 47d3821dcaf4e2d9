//! `/executions`, `/execution-groups`: executions that progress over simulated time.
//!
//! Nothing runs in the background: every call first brings the caller's tenant up to `now`
//! ([`tick`]). An execution waits `PENDING_SECS` in `pending`, then runs its plan (one step per
//! node instance and lifecycle operation, `OP_SECS` each), emitting the events and logs a
//! manager would, and ends `terminated` — or `failed` when started with the custom parameter
//! `fail: true` (its last step fails). Cancelling takes `CANCEL_SECS`; queued executions start
//! when their deployment (and their group's concurrency) allows; scheduled ones at their time.

use chrono::{Duration, NaiveDateTime};
use serde_json::{json, Map, Value};

use baton_core::conductor::deployments::{DeploymentStatus, InstallationStatus};
use baton_core::conductor::executions::{Execution, ExecutionGroup, ExecutionStatus};
use baton_core::conductor::operations::{Operation, TasksGraph};
use baton_core::conductor::resources::Event;
use baton_core::conductor::Visibility;
use baton_core::time::Timestamp;

use super::list::{list, ListSpec};
use super::reply::{error, not_found};
use super::{get_one, method_not_allowed, to_value, Ctx, DemoManager, Reply, TenantData};

/// Seconds an execution stays `pending` before it starts.
pub const PENDING_SECS: i64 = 1;
/// Seconds one step (one operation on one node instance) takes.
pub const OP_SECS: i64 = 2;
/// Seconds from a cancel request to `cancelled`.
pub const CANCEL_SECS: i64 = 2;

/// One step of an execution's plan.
#[derive(Clone, Debug)]
pub struct Step {
    pub node: Option<String>,
    pub instance: Option<String>,
    /// `cloudify.interfaces.lifecycle.create`...
    pub operation: String,
    /// The task the operation maps to (`script_runner.tasks.run`...).
    pub task: String,
    /// What the step logs while it runs.
    pub log: String,
}

/// An execution with what the sim needs to move it forward.
#[derive(Clone, Debug)]
pub struct ExecRecord {
    pub exec: Execution,
    pub plan: Vec<Step>,
    /// Static records (seeded history) are not advanced until someone acts on them.
    pub live: bool,
    /// When the current run started (`started`), and how many steps were done before it.
    seg_start: Option<NaiveDateTime>,
    base: usize,
    /// Steps whose start / end events were emitted.
    started_steps: usize,
    done_steps: usize,
    /// Step that fails (from the `fail` parameter).
    fail_at: Option<usize>,
    /// Started with `force`: runs beside other executions of its deployment.
    pub force: bool,
    /// When the current cancel request was made.
    cancel_at: Option<NaiveDateTime>,
    /// Leaves `pending` at this time (creation, or dequeue).
    run_from: NaiveDateTime,
    pub graph_id: Option<String>,
}

fn ts(t: NaiveDateTime) -> Option<Timestamp> {
    Some(Timestamp(t))
}

fn status(r: &ExecRecord) -> ExecutionStatus {
    r.exec.status.clone().unwrap_or(ExecutionStatus::Pending)
}

/// Running or about to: blocks other executions of its deployment.
fn is_active(s: &ExecutionStatus) -> bool {
    matches!(
        s,
        ExecutionStatus::Pending
            | ExecutionStatus::Started
            | ExecutionStatus::Cancelling
            | ExecutionStatus::ForceCancelling
            | ExecutionStatus::KillCancelling
    )
}

fn set_status(r: &mut ExecRecord, s: ExecutionStatus) {
    r.exec.status_display = Some(s.display().to_string());
    r.exec.status = Some(s);
}

/// A deterministic uuid-shaped id.
pub(super) fn new_id(t: &mut TenantData) -> String {
    t.seq += 1;
    let mut z = t
        .seq
        .wrapping_add(t.name.len() as u64 * 0x1000_0000)
        .wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    let a = z ^ (z >> 31);
    let b = a.rotate_left(17).wrapping_mul(0x94d0_49bb_1331_11eb);
    format!(
        "{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        b >> 52,
        b & 0xffff_ffff_ffff
    )
}

fn short_hash(s: &str) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for b in s.bytes() {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    format!("{:06x}", h & 0xff_ffff)
}

/// The node instances of a deployment (the sim has no node store: derived from the blueprint).
pub(super) fn node_instances(deployment_id: &str, blueprint_id: &str) -> Vec<(String, String)> {
    let nodes: &[&str] = if blueprint_id.contains("db") || blueprint_id.contains("postgres") {
        &["network", "vm", "database"]
    } else if blueprint_id.contains("k8s")
        || blueprint_id.contains("aks")
        || blueprint_id.contains("gke")
    {
        &["cluster", "node_pool"]
    } else if blueprint_id == "environment" {
        &["environment"]
    } else {
        &["network", "vm", "app"]
    };
    nodes
        .iter()
        .map(|n| {
            (
                n.to_string(),
                format!("{n}_{}", short_hash(&format!("{deployment_id}/{n}"))),
            )
        })
        .collect()
}

fn lifecycle(workflow: &str) -> &'static [&'static str] {
    match workflow {
        "install" => &["create", "configure", "start"],
        "uninstall" => &["stop", "delete"],
        "heal" => &["stop", "delete", "create", "configure", "start"],
        "scale" => &["create", "configure", "start"],
        "update" => &["configure"],
        _ => &["check_status"],
    }
}

fn step_log(op: &str, node: &str) -> String {
    match op {
        "create" => format!("Creating {node} resources"),
        "configure" => format!("Configuring {node}"),
        "start" => format!("Starting {node} and waiting for it to report healthy"),
        "stop" => format!("Stopping {node}"),
        "delete" => format!("Deleting {node} resources"),
        _ => format!("Checking the status of {node}"),
    }
}

/// The plan of `workflow` on a deployment; system workflows (no deployment) run two steps.
pub(super) fn plan(workflow: &str, nodes: &[(String, String)]) -> Vec<Step> {
    if nodes.is_empty() {
        return ["prepare", "finish"]
            .iter()
            .map(|s| Step {
                node: None,
                instance: None,
                operation: format!("{workflow}.{s}"),
                task: format!("cloudify_system_workflows.{workflow}.{s}"),
                log: format!("{workflow}: {s}"),
            })
            .collect();
    }
    let ops = lifecycle(workflow);
    // Install goes bottom-up, uninstall top-down.
    let ordered: Vec<&(String, String)> = if workflow == "uninstall" {
        nodes.iter().rev().collect()
    } else {
        nodes.iter().collect()
    };
    let mut out = Vec::new();
    for (node, instance) in ordered {
        for op in ops {
            let interface = if *op == "check_status" {
                "cloudify.interfaces.validation"
            } else {
                "cloudify.interfaces.lifecycle"
            };
            out.push(Step {
                node: Some(node.clone()),
                instance: Some(instance.clone()),
                operation: format!("{interface}.{op}"),
                task: "script_runner.tasks.run".into(),
                log: step_log(op, node),
            });
        }
    }
    out
}

/// What a new record starts with.
pub(super) struct NewExec {
    pub exec: Execution,
    pub plan: Vec<Step>,
    pub fail: bool,
    pub live: bool,
    pub force: bool,
}

/// Stores an execution, its tasks graph and operations.
pub(super) fn insert(t: &mut TenantData, n: NewExec) -> usize {
    let created = n.exec.created_at.map(|c| c.0).unwrap_or_default();
    let total = n.plan.len();
    let mut exec = n.exec;
    exec.total_operations = Some(total as u64);
    exec.finished_operations.get_or_insert(0);
    let graph_id = if n.live && !n.plan.is_empty() {
        let gid = new_id(t);
        t.tasks_graphs.push(TasksGraph {
            id: gid.clone(),
            execution_id: Some(exec.id.clone()),
            name: exec.workflow_id.clone(),
            created_at: ts(created),
            extra: Map::new(),
        });
        let mut prev: Option<String> = None;
        for (k, s) in n.plan.iter().enumerate() {
            let id = format!("{}-op-{k}", exec.id);
            let mut params = Map::new();
            params.insert("task_name".into(), json!(s.task));
            params.insert("operation".into(), json!(s.operation));
            params.insert("node_instance_id".into(), json!(s.instance));
            t.operations.push(Operation {
                id: id.clone(),
                name: Some(s.task.clone()),
                state: Some("pending".into()),
                dependencies: Some(prev.iter().cloned().collect()),
                kind: Some("RemoteWorkflowTask".into()),
                parameters: Some(params),
                tasks_graph: Some(gid.clone()),
                execution_id: Some(exec.id.clone()),
                manager_name: Some("demo-manager".into()),
                agent_name: None,
                created_at: ts(created),
                extra: Map::new(),
            });
            prev = Some(id);
        }
        Some(gid)
    } else {
        None
    };
    let done = exec.finished_operations.unwrap_or(0) as usize;
    t.executions.push(ExecRecord {
        exec,
        fail_at: n.fail.then(|| total.saturating_sub(1)),
        plan: n.plan,
        live: n.live,
        seg_start: None,
        base: done,
        started_steps: done,
        done_steps: done,
        cancel_at: None,
        run_from: created,
        graph_id,
        force: n.force,
    });
    t.executions.len() - 1
}

/// Emits into the tenant's event store.
struct Emitter<'a> {
    events: &'a mut Vec<Event>,
    next_storage_id: &'a mut u64,
}

impl Emitter<'_> {
    fn emit(
        &mut self,
        e: &Execution,
        step: Option<&Step>,
        at: NaiveDateTime,
        kind: Kind,
        message: String,
    ) {
        *self.next_storage_id += 1;
        let (type_, event_type, level) = match kind {
            Kind::Event(t) => ("cloudify_event", Some(t.to_string()), None),
            Kind::Log(l) => ("cloudify_log", None, Some(l.to_string())),
        };
        let mut ev = Event {
            kind: Some(type_.into()),
            event_type,
            level,
            message: Some(message),
            timestamp: ts(at),
            reported_timestamp: ts(at),
            execution_id: Some(e.id.clone()),
            deployment_id: e.deployment_id.clone(),
            deployment_display_name: e.deployment_display_name.clone(),
            blueprint_id: e.blueprint_id.clone(),
            workflow_id: e.workflow_id.clone(),
            node_name: step.and_then(|s| s.node.clone()),
            node_instance_id: step.and_then(|s| s.instance.clone()),
            operation: step.map(|s| s.operation.clone()),
            manager_name: Some("demo-manager".into()),
            storage_id: Some(*self.next_storage_id),
            ..Event::default()
        };
        if type_ == "cloudify_log" {
            ev.logger = Some(short_hash(&e.id));
        }
        self.events.push(ev);
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Event(&'static str),
    Log(&'static str),
}

fn param<'a>(e: &'a Execution, key: &str) -> Option<&'a Value> {
    e.parameters.as_ref().and_then(|p| p.get(key))
}

/// Seconds per step: `step_secs` (1 to 3600) makes a long-running demo workflow.
fn op_secs(e: &Execution) -> i64 {
    param(e, "step_secs")
        .and_then(Value::as_i64)
        .map_or(OP_SECS, |s| s.clamp(1, 3600))
}

/// Extra log lines each step writes (`lines_per_step`, at most 5000).
fn lines_per_step(e: &Execution) -> u64 {
    param(e, "lines_per_step")
        .and_then(Value::as_u64)
        .unwrap_or(0)
        .min(5000)
}

/// `hang_on_cancel: "cancel"` keeps a cancel from ever finishing (force cancel does);
/// `"force"` also keeps force cancel from finishing (kill does).
fn hangs(e: &Execution, s: &ExecutionStatus) -> bool {
    match param(e, "hang_on_cancel").and_then(Value::as_str) {
        Some("cancel") => *s == ExecutionStatus::Cancelling,
        Some("force") => {
            matches!(
                s,
                ExecutionStatus::Cancelling | ExecutionStatus::ForceCancelling
            )
        }
        _ => false,
    }
}

const CHATTER: &[(&str, &str)] = &[
    ("info", "Downloading package index"),
    ("debug", "Environment prepared for script"),
    ("info", "Unpacking archive"),
    ("info", "Rendering configuration template"),
    ("warning", "Retrying connection to the package mirror"),
    ("info", "Waiting for the service to answer its health probe"),
];

fn wf(e: &Execution) -> &str {
    e.workflow_id.as_deref().unwrap_or("workflow")
}

/// Moves one live execution forward to `now`.
fn advance(r: &mut ExecRecord, now: NaiveDateTime, em: &mut Emitter, ops: &mut [Operation]) {
    let op_state = |ops: &mut [Operation], id: &str, k: usize, state: &str| {
        let op_id = format!("{id}-op-{k}");
        if let Some(o) = ops.iter_mut().find(|o| o.id == op_id) {
            o.state = Some(state.to_string());
        }
    };
    for _ in 0..4 {
        match status(r) {
            ExecutionStatus::Pending => {
                let start = r.run_from + Duration::seconds(PENDING_SECS);
                if now < start {
                    return;
                }
                set_status(r, ExecutionStatus::Started);
                r.exec.started_at.get_or_insert(Timestamp(start));
                r.seg_start = Some(start);
                r.base = r.done_steps;
                let msg = format!("Starting '{}' workflow execution", wf(&r.exec));
                em.emit(&r.exec, None, start, Kind::Event("workflow_started"), msg);
            }
            ExecutionStatus::Started => {
                let Some(seg) = r.seg_start else { return };
                let total = r.plan.len();
                let secs = op_secs(&r.exec);
                let chatter = lines_per_step(&r.exec);
                while r.done_steps < total {
                    let k = r.done_steps;
                    let t0 = seg + Duration::seconds(secs * (k - r.base) as i64);
                    let t1 = t0 + Duration::seconds(secs);
                    if now < t0 {
                        return;
                    }
                    let step = r.plan[k].clone();
                    if r.started_steps <= k {
                        let id = r.exec.id.clone();
                        op_state(ops, &id, k, "sent");
                        let m = format!("Sending task '{}'", step.task);
                        em.emit(&r.exec, Some(&step), t0, Kind::Event("sending_task"), m);
                        let m = format!("Task started '{}'", step.task);
                        em.emit(&r.exec, Some(&step), t0, Kind::Event("task_started"), m);
                        em.emit(
                            &r.exec,
                            Some(&step),
                            t0,
                            Kind::Log("info"),
                            step.log.clone(),
                        );
                        r.started_steps = k + 1;
                    }
                    if now < t1 {
                        return;
                    }
                    // A chatty step's lines, spread over its run.
                    for j in 0..chatter {
                        let (level, what) = CHATTER[(j as usize) % CHATTER.len()];
                        let at =
                            t0 + Duration::milliseconds((secs * 1000 * j as i64) / chatter as i64);
                        let node = step.instance.as_deref().unwrap_or("step");
                        let m = format!("[{node}] {what} ({}/{chatter})", j + 1);
                        let level = match level {
                            "debug" => Kind::Log("debug"),
                            "warning" => Kind::Log("warning"),
                            _ => Kind::Log("info"),
                        };
                        em.emit(&r.exec, Some(&step), at, level, m);
                    }
                    let id = r.exec.id.clone();
                    if r.fail_at == Some(k) {
                        let cause = format!(
                            "{} failed: exit code 1 while running {}",
                            step.node.as_deref().unwrap_or("step"),
                            step.operation
                        );
                        op_state(ops, &id, k, "failed");
                        em.emit(&r.exec, Some(&step), t1, Kind::Log("error"), cause.clone());
                        let m = format!("Task failed '{}' -> {cause}", step.task);
                        em.emit(&r.exec, Some(&step), t1, Kind::Event("task_failed"), m);
                        if let Some(last) = em.events.last_mut() {
                            let under = super::synthetic::failure_causes(
                                step.instance.as_deref().unwrap_or("step"),
                            );
                            let mut causes = vec![json!({
                                "message": cause, "type": "NonRecoverableError",
                                "traceback": format!("Traceback (most recent call last):\n  File \"script_runner/tasks.py\", line 232, in run\nNonRecoverableError: {cause}\n"),
                            })];
                            causes.extend(under.into_iter().skip(1));
                            last.error_causes = Some(causes);
                        }
                        let error = format!(
                            "RuntimeError: Workflow failed: Task failed '{}' -> {cause}",
                            step.task
                        );
                        let m = format!("'{}' workflow execution failed: {error}", wf(&r.exec));
                        em.emit(&r.exec, None, t1, Kind::Event("workflow_failed"), m);
                        r.exec.error = Some(error);
                        r.exec.ended_at = ts(t1);
                        r.done_steps = k + 1;
                        r.exec.finished_operations = Some(r.done_steps as u64);
                        set_status(r, ExecutionStatus::Failed);
                        return;
                    }
                    op_state(ops, &id, k, "succeeded");
                    let m = format!("Task succeeded '{}'", step.task);
                    em.emit(&r.exec, Some(&step), t1, Kind::Event("task_succeeded"), m);
                    r.done_steps = k + 1;
                    r.exec.finished_operations = Some(r.done_steps as u64);
                }
                let end = seg + Duration::seconds(secs * (total - r.base) as i64);
                if now < end {
                    return;
                }
                let m = format!("'{}' workflow execution succeeded", wf(&r.exec));
                em.emit(&r.exec, None, end, Kind::Event("workflow_succeeded"), m);
                r.exec.ended_at = ts(end);
                set_status(r, ExecutionStatus::Terminated);
                return;
            }
            ExecutionStatus::Cancelling
            | ExecutionStatus::ForceCancelling
            | ExecutionStatus::KillCancelling => {
                let Some(at) = r.cancel_at else { return };
                if hangs(&r.exec, &status(r)) {
                    return;
                }
                let delay = match status(r) {
                    ExecutionStatus::Cancelling => CANCEL_SECS,
                    _ => CANCEL_SECS / 2,
                };
                let end = at + Duration::seconds(delay);
                if now < end {
                    return;
                }
                let m = format!("'{}' workflow execution cancelled", wf(&r.exec));
                em.emit(&r.exec, None, end, Kind::Event("workflow_cancelled"), m);
                r.exec.ended_at = ts(end);
                set_status(r, ExecutionStatus::Cancelled);
                return;
            }
            _ => return,
        }
    }
}

/// Brings the caller's tenant up to `now` (called before every family answers).
pub(super) fn tick(m: &mut DemoManager, c: &Ctx) {
    let maintenance = m.admin.maintenance.activated_at.is_some();
    if let Ok(i) = m.tenant_of(c) {
        super::schedules::fire_due(&mut m.tenants[i], c.now, maintenance);
        advance_tenant(&mut m.tenants[i], c.now);
    }
}

/// Advances every live execution, starts what may start, and updates deployments and groups.
pub(super) fn advance_tenant(t: &mut TenantData, now: NaiveDateTime) {
    if !t.executions.iter().any(|r| r.live && !status(r).is_final()) {
        return;
    }
    let n = t.executions.len();
    for _ in 0..=n {
        {
            let mut em = Emitter {
                events: &mut t.events,
                next_storage_id: &mut t.storage_seq,
            };
            for r in t.executions.iter_mut().filter(|r| r.live) {
                advance(r, now, &mut em, &mut t.operations);
            }
        }
        if !start_waiting(t, now) {
            break;
        }
    }
    sync_deployments(t);
    sync_groups(t);
}

/// Starts one waiting (queued or due scheduled) execution if any may start; true if it did.
fn start_waiting(t: &mut TenantData, now: NaiveDateTime) -> bool {
    for i in 0..t.executions.len() {
        let r = &t.executions[i];
        if !r.live {
            continue;
        }
        let st = status(r);
        let due = match st {
            ExecutionStatus::Queued => r.exec.created_at.map_or(now, |c| c.0),
            ExecutionStatus::Scheduled => match r.exec.scheduled_for {
                Some(s) if s.0 <= now => s.0,
                _ => continue,
            },
            _ => continue,
        };
        let dep = r.exec.deployment_id.clone();
        let group = r.exec.execution_group_id.clone();
        let blocked_by_dep = !r.force
            && dep.is_some()
            && t.executions
                .iter()
                .enumerate()
                .any(|(j, o)| j != i && o.exec.deployment_id == dep && is_active(&status(o)));
        let concurrency = group.as_ref().and_then(|g| {
            t.execution_groups
                .iter()
                .find(|eg| &eg.id == g)
                .and_then(|eg| eg.concurrency)
        });
        let blocked_by_group = match (&group, concurrency) {
            (Some(g), Some(limit)) => {
                t.executions
                    .iter()
                    .filter(|o| {
                        o.exec.execution_group_id.as_ref() == Some(g) && is_active(&status(o))
                    })
                    .count() as u64
                    >= limit
            }
            _ => false,
        };
        if blocked_by_dep || blocked_by_group {
            if st == ExecutionStatus::Scheduled {
                // A due scheduled run waits in the queue like the scheduler's runs do.
                set_status(&mut t.executions[i], ExecutionStatus::Queued);
                return true;
            }
            continue;
        }
        // It starts when the last execution it waited for ended.
        let freed = t
            .executions
            .iter()
            .filter(|o| {
                (dep.is_some() && o.exec.deployment_id == dep)
                    || (group.is_some() && o.exec.execution_group_id == group)
            })
            .filter_map(|o| o.exec.ended_at.map(|e| e.0))
            .filter(|e| *e <= now)
            .max();
        let start = freed.map_or(due, |f| f.max(due)).min(now);
        let r = &mut t.executions[i];
        r.run_from = start;
        set_status(r, ExecutionStatus::Pending);
        return true;
    }
    false
}

fn sync_deployments(t: &mut TenantData) {
    let mut latest: Vec<(String, usize)> = Vec::new();
    for (i, r) in t.executions.iter().enumerate() {
        if r.exec.is_system_workflow == Some(true) {
            continue;
        }
        let Some(d) = &r.exec.deployment_id else {
            continue;
        };
        match latest.iter_mut().find(|(id, _)| id == d) {
            Some(slot) => slot.1 = i,
            None => latest.push((d.clone(), i)),
        }
    }
    for (dep_id, i) in latest {
        let r = &t.executions[i];
        if !r.live {
            continue;
        }
        let Some(d) = t.deployments.iter_mut().find(|d| d.id == dep_id) else {
            continue;
        };
        let st = status(r);
        d.latest_execution = Some(r.exec.id.clone());
        d.latest_execution_workflow_id = r.exec.workflow_id.clone();
        d.latest_execution_total_operations = r.exec.total_operations;
        d.latest_execution_finished_operations = r.exec.finished_operations;
        d.deployment_status = Some(if is_active(&st) || st == ExecutionStatus::Queued {
            DeploymentStatus::InProgress
        } else if st == ExecutionStatus::Failed {
            DeploymentStatus::RequiresAttention
        } else {
            DeploymentStatus::Good
        });
        if st == ExecutionStatus::Terminated {
            match r.exec.workflow_id.as_deref() {
                Some("install") => d.installation_status = Some(InstallationStatus::Active),
                Some("uninstall") => d.installation_status = Some(InstallationStatus::Inactive),
                _ => {}
            }
        }
        d.latest_execution_status = Some(st);
    }
}

/// Adds finished deployments to the success / failure target groups.
fn sync_groups(t: &mut TenantData) {
    for g in 0..t.execution_groups.len() {
        let eg = &t.execution_groups[g];
        let targets = [
            (eg.success_group_id.clone(), ExecutionStatus::Terminated),
            (eg.failure_group_id.clone(), ExecutionStatus::Failed),
        ];
        let members: Vec<(ExecutionStatus, String)> = t
            .executions
            .iter()
            .filter(|r| r.exec.execution_group_id.as_deref() == Some(eg.id.as_str()))
            .filter_map(|r| Some((status(r), r.exec.deployment_id.clone()?)))
            .collect();
        for (target, wanted) in targets {
            let Some(target) = target else { continue };
            let Some(dg) = t.groups.iter_mut().find(|d| d.id == target) else {
                continue;
            };
            for (st, dep) in &members {
                if *st == wanted && !dg.deployment_ids.contains(dep) {
                    dg.deployment_ids.push(dep.clone());
                }
            }
        }
    }
}

/// The aggregate status of a group's executions.
fn group_status(t: &TenantData, id: &str) -> ExecutionStatus {
    let sts: Vec<ExecutionStatus> = t
        .executions
        .iter()
        .filter(|r| r.exec.execution_group_id.as_deref() == Some(id))
        .map(status)
        .collect();
    if sts.is_empty()
        || sts
            .iter()
            .all(|s| matches!(s, ExecutionStatus::Pending | ExecutionStatus::Queued))
    {
        ExecutionStatus::Pending
    } else if !sts.iter().all(|s| s.is_final()) {
        ExecutionStatus::Started
    } else if sts.contains(&ExecutionStatus::Failed) {
        ExecutionStatus::Failed
    } else if sts.iter().all(|s| *s == ExecutionStatus::Cancelled) {
        ExecutionStatus::Cancelled
    } else {
        ExecutionStatus::Terminated
    }
}

fn group_value(t: &TenantData, g: &ExecutionGroup) -> Value {
    let mut g = g.clone();
    g.status = Some(group_status(t, &g.id));
    g.execution_ids = Some(
        t.executions
            .iter()
            .filter(|r| r.exec.execution_group_id.as_deref() == Some(g.id.as_str()))
            .map(|r| r.exec.id.clone())
            .collect(),
    );
    to_value(&g)
}

const EXEC_SEARCH: ListSpec = ListSpec {
    search_fields: &["id"],
    search_name_field: None,
};

pub(super) fn route(m: &mut DemoManager, c: &Ctx) -> Option<Reply> {
    Some(match (c.method.as_str(), c.segs) {
        ("GET", ["executions"]) => {
            let system = c.flag("_include_system_workflows");
            m.in_tenant(c, |t| {
                let items = t
                    .executions
                    .iter()
                    .filter(|r| system || r.exec.is_system_workflow != Some(true))
                    .map(|r| to_value(&r.exec))
                    .collect();
                list(items, c.list, &EXEC_SEARCH)
            })
        }
        ("POST", ["executions"]) => match c.json() {
            Ok(body) => {
                let user = m.users[c.caller.user].username.clone();
                m.in_tenant(c, |t| start_execution(t, &body, &user, c.now))
            }
            Err(r) => r,
        },
        ("DELETE", ["executions"]) => match c.json() {
            Ok(body) => m.in_tenant(c, |t| delete_executions(t, &body, c)),
            Err(r) => r,
        },
        ("GET", ["executions", id]) => m.in_tenant(c, |t| {
            get_one(
                t.executions
                    .iter()
                    .find(|r| r.exec.id == *id)
                    .map(|r| &r.exec),
                "Execution",
                id,
                c.list,
            )
        }),
        ("POST", ["executions", id]) => match c.json() {
            Ok(body) => m.in_tenant(c, |t| {
                let Some(i) = t.executions.iter().position(|r| r.exec.id == *id) else {
                    return not_found("Execution", id);
                };
                let action = body.get("action").and_then(Value::as_str).unwrap_or("");
                match act(t, i, action, c.now) {
                    Ok(()) => Reply::json(200, to_value(&t.executions[i].exec)),
                    Err(r) => r,
                }
            }),
            Err(r) => r,
        },
        ("PATCH", ["executions", id]) => match c.json() {
            Ok(body) => m.in_tenant(c, |t| update_status(t, id, &body, c.now)),
            Err(r) => r,
        },
        (_, ["executions"] | ["executions", _]) => method_not_allowed(),
        ("GET", ["execution-groups"]) => m.in_tenant(c, |t| {
            let items = t
                .execution_groups
                .iter()
                .map(|g| group_value(t, g))
                .collect();
            list(items, c.list, &EXEC_SEARCH)
        }),
        ("POST", ["execution-groups"]) => match c.json() {
            Ok(body) => {
                let user = m.users[c.caller.user].username.clone();
                m.in_tenant(c, |t| start_group(t, &body, &user, c.now))
            }
            Err(r) => r,
        },
        ("GET", ["execution-groups", id]) => m.in_tenant(c, |t| {
            match t.execution_groups.iter().find(|g| g.id == *id) {
                Some(g) => {
                    let v = group_value(t, g);
                    get_one(Some(&v), "ExecutionGroup", id, c.list)
                }
                None => not_found("ExecutionGroup", id),
            }
        }),
        ("POST", ["execution-groups", id]) => match c.json() {
            Ok(body) => m.in_tenant(c, |t| group_action(t, id, &body, c.now)),
            Err(r) => r,
        },
        ("PATCH", ["execution-groups", id]) => match c.json() {
            Ok(body) => m.in_tenant(c, |t| patch_group(t, id, &body)),
            Err(r) => r,
        },
        (_, ["execution-groups"] | ["execution-groups", _]) => method_not_allowed(),
        _ => return None,
    })
}

fn bad(message: &str) -> Reply {
    error(400, "bad_parameters_error", message)
}

/// A boolean body field: JSON booleans, or the `"true"`/`"false"` strings the client sends.
fn flag(body: &Value, key: &str) -> Result<bool, Reply> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("true") => Ok(true),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("false") => Ok(false),
        Some(other) => Err(bad(&format!("Invalid boolean value `{other}` for {key}"))),
    }
}

fn required_str<'a>(body: &'a Value, key: &str) -> Result<&'a str, Reply> {
    body.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| bad(&format!("Missing {key} in json request body")))
}

const EXPECTED_DATE: &str =
    "Expected format: YYYYMMDDHHMM+HHMM or YYYYMMDDHHMM-HHMM i.e: 201801012230-0500";

/// The manager's `scheduled_time`: a date with a timezone, in the future.
fn parse_scheduled_time(raw: &str, now: NaiveDateTime) -> Result<NaiveDateTime, Reply> {
    let with_tz = chrono::DateTime::parse_from_str(raw, "%Y%m%d%H%M%z")
        .or_else(|_| chrono::DateTime::parse_from_rfc3339(raw))
        .or_else(|_| chrono::DateTime::parse_from_str(raw, "%Y-%m-%d %H:%M%z"));
    let at = match with_tz {
        Ok(d) => d.naive_utc(),
        Err(_) => {
            let naive = NaiveDateTime::parse_from_str(raw, "%Y%m%d%H%M").is_ok()
                || Timestamp::parse(raw).is_some()
                || NaiveDateTime::parse_from_str(raw, "%Y-%m-%d %H:%M").is_ok();
            let why = if naive {
                "missing timezone information"
            } else {
                "is not a valid date"
            };
            return Err(bad(&format!(
                "Date `{raw}` {why}, please provide valid date. \n{EXPECTED_DATE}"
            )));
        }
    };
    if at <= now {
        return Err(bad(&format!(
            "Date `{raw}` has already passed, please provide valid date. \n{EXPECTED_DATE}"
        )));
    }
    Ok(at)
}

/// Checks `params` against the workflow's schema; returns them merged over the defaults.
fn check_parameters(
    workflow: &str,
    schema: &Map<String, Value>,
    params: &Map<String, Value>,
    allow_custom: bool,
) -> Result<Map<String, Value>, Reply> {
    let missing: Vec<&str> = schema
        .iter()
        .filter(|(k, v)| v.get("default").is_none() && !params.contains_key(*k))
        .map(|(k, _)| k.as_str())
        .collect();
    if !missing.is_empty() {
        return Err(error(
            400,
            "illegal_execution_parameters_error",
            &format!(
                "Workflow \"{workflow}\" must be provided with the following parameters to execute: {}",
                missing.join(",")
            ),
        ));
    }
    let custom: Vec<&str> = params
        .keys()
        .filter(|k| !schema.contains_key(*k))
        .map(String::as_str)
        .collect();
    if !custom.is_empty() && !allow_custom {
        return Err(error(
            400,
            "illegal_execution_parameters_error",
            &format!(
                "Workflow \"{workflow}\" does not have the following parameters declared: {}. Remove these parameters or use the flag for allowing custom parameters",
                custom.join(",")
            ),
        ));
    }
    let mut merged: Map<String, Value> = schema
        .iter()
        .filter_map(|(k, v)| Some((k.clone(), v.get("default")?.clone())))
        .collect();
    for (k, v) in params {
        merged.insert(k.clone(), v.clone());
    }
    Ok(merged)
}

/// Everything a start needs, checked: used by single starts and by groups.
struct Prepared {
    exec: Execution,
    plan: Vec<Step>,
    fail: bool,
}

#[allow(clippy::too_many_arguments)]
fn prepare(
    t: &mut TenantData,
    deployment_id: &str,
    workflow_id: &str,
    params: &Map<String, Value>,
    allow_custom: bool,
    dry_run: bool,
    user: &str,
    now: NaiveDateTime,
) -> Result<Prepared, Reply> {
    let Some(d) = t.deployments.iter().find(|d| d.id == deployment_id) else {
        return Err(not_found("Deployment", deployment_id));
    };
    let Some(w) = d.workflows.iter().flatten().find(|w| w.name == workflow_id) else {
        return Err(error(
            400,
            "nonexistent_workflow_error",
            &format!("Workflow {workflow_id} does not exist in the deployment {deployment_id}"),
        ));
    };
    let schema = w.parameters.clone().unwrap_or_default();
    let merged = check_parameters(workflow_id, &schema, params, allow_custom)?;
    let fail = merged.get("fail").and_then(Value::as_bool) == Some(true);
    let blueprint_id = d.blueprint_id.clone();
    let display_name = d.display_name.clone();
    let nodes = node_instances(deployment_id, blueprint_id.as_deref().unwrap_or_default());
    let exec = Execution {
        id: new_id(t),
        workflow_id: Some(workflow_id.to_string()),
        deployment_id: Some(deployment_id.to_string()),
        deployment_display_name: display_name,
        blueprint_id,
        is_system_workflow: Some(false),
        is_dry_run: Some(dry_run),
        allow_custom_parameters: Some(allow_custom),
        parameters: Some(merged),
        visibility: Some(Visibility::Tenant),
        resource_availability: Some(Visibility::Tenant),
        private_resource: Some(false),
        tenant_name: Some(t.name.clone()),
        created_by: Some(user.to_string()),
        created_at: ts(now),
        error: Some(String::new()),
        ..Execution::default()
    };
    Ok(Prepared {
        plan: plan(workflow_id, &nodes),
        exec,
        fail,
    })
}

/// A run the execution scheduler starts for a schedule.
pub(super) struct ScheduledRun {
    pub deployment_id: String,
    pub workflow_id: String,
    pub parameters: Map<String, Value>,
    pub allow_custom: bool,
    pub dry_run: bool,
    pub force: bool,
    pub user: String,
}

/// Starts a schedule's run at `at`, queued behind the deployment's running executions (the
/// scheduler always queues); `None` if the workflow cannot start (deployment or workflow gone,
/// bad parameters), which the real scheduler logs and skips.
pub(super) fn start_scheduled(
    t: &mut TenantData,
    run: &ScheduledRun,
    at: NaiveDateTime,
) -> Option<String> {
    let mut p = prepare(
        t,
        &run.deployment_id,
        &run.workflow_id,
        &run.parameters,
        run.allow_custom,
        run.dry_run,
        &run.user,
        at,
    )
    .ok()?;
    let status = if running_on(t, &run.deployment_id).is_empty() || run.force {
        ExecutionStatus::Pending
    } else {
        ExecutionStatus::Queued
    };
    p.exec.status_display = Some(status.display().to_string());
    p.exec.status = Some(status);
    let id = p.exec.id.clone();
    insert(
        t,
        NewExec {
            exec: p.exec,
            plan: p.plan,
            fail: p.fail,
            live: true,
            force: run.force,
        },
    );
    Some(id)
}

fn running_on(t: &TenantData, deployment_id: &str) -> Vec<String> {
    t.executions
        .iter()
        .filter(|r| r.exec.deployment_id.as_deref() == Some(deployment_id) && is_active(&status(r)))
        .map(|r| r.exec.id.clone())
        .collect()
}

fn start_execution(t: &mut TenantData, body: &Value, user: &str, now: NaiveDateTime) -> Reply {
    let mut run = || -> Result<Reply, Reply> {
        let deployment_id = required_str(body, "deployment_id")?.to_string();
        let workflow_id = required_str(body, "workflow_id")?.to_string();
        let params = match body.get("parameters") {
            None | Some(Value::Null) => Map::new(),
            Some(Value::Object(p)) => p.clone(),
            Some(_) => return Err(bad("parameters must be a dict")),
        };
        let allow_custom = flag(body, "allow_custom_parameters")?;
        let force = flag(body, "force")?;
        let dry_run = flag(body, "dry_run")?;
        let queue = flag(body, "queue")?;
        let scheduled = match body.get("scheduled_time").and_then(Value::as_str) {
            Some(raw) if !raw.is_empty() => {
                if body.get("force_status").is_some_and(|v| !v.is_null()) {
                    return Err(bad("force_status cannot be used with scheduled_time"));
                }
                Some(parse_scheduled_time(raw, now)?)
            }
            _ => None,
        };
        let mut p = prepare(
            t,
            &deployment_id,
            &workflow_id,
            &params,
            allow_custom,
            dry_run,
            user,
            now,
        )?;
        let running = running_on(t, &deployment_id);
        let status = if let Some(at) = scheduled {
            p.exec.scheduled_for = ts(at);
            ExecutionStatus::Scheduled
        } else if running.is_empty() || force {
            ExecutionStatus::Pending
        } else if queue {
            ExecutionStatus::Queued
        } else {
            return Err(error(
                400,
                "existing_running_execution_error",
                &format!(
                    "The following executions are currently running for this deployment: {running:?}. To execute this workflow anyway, pass \"force=true\" as a query parameter to this request"
                ),
            ));
        };
        p.exec.status_display = Some(status.display().to_string());
        p.exec.status = Some(status);
        let i = insert(
            t,
            NewExec {
                exec: p.exec,
                plan: p.plan,
                fail: p.fail,
                live: true,
                force,
            },
        );
        Ok(Reply::json(201, to_value(&t.executions[i].exec)))
    };
    run().unwrap_or_else(|r| r)
}

/// Cancels, kills or resumes one execution.
fn act(t: &mut TenantData, i: usize, action: &str, now: NaiveDateTime) -> Result<(), Reply> {
    let id = t.executions[i].exec.id.clone();
    let st = status(&t.executions[i]);
    let r = &mut t.executions[i];
    match action {
        "cancel" | "force-cancel" | "kill" => {
            let target = match action {
                "cancel" => ExecutionStatus::Cancelling,
                "force-cancel" => ExecutionStatus::ForceCancelling,
                _ => ExecutionStatus::KillCancelling,
            };
            if matches!(st, ExecutionStatus::Queued | ExecutionStatus::Scheduled) {
                set_status(r, ExecutionStatus::Cancelled);
                r.exec.ended_at = ts(now);
                r.live = true;
                return Ok(());
            }
            let allowed = match st {
                ExecutionStatus::Pending | ExecutionStatus::Started => true,
                // Escalation only: a cancel may become a force-cancel or a kill.
                ExecutionStatus::Cancelling => action != "cancel",
                ExecutionStatus::ForceCancelling => action == "kill",
                _ => false,
            };
            if !allowed {
                return Err(error(
                    400,
                    "illegal_action_error",
                    &format!("Can't {action} execution {id} because it's in status {st}"),
                ));
            }
            r.live = true;
            r.cancel_at = Some(now);
            set_status(r, target);
            Ok(())
        }
        "resume" | "force-resume" => {
            let ok = match st {
                ExecutionStatus::Cancelled => true,
                ExecutionStatus::Failed => action == "force-resume",
                _ => false,
            };
            if !ok {
                return Err(error(
                    400,
                    "illegal_action_error",
                    &format!("Cannot {action} execution: `{id}` in state: `{st}`"),
                ));
            }
            if action == "force-resume" {
                // Force-resume retries the failed task, which now succeeds.
                r.fail_at = None;
                if st == ExecutionStatus::Failed {
                    r.done_steps = r.done_steps.saturating_sub(1);
                    r.started_steps = r.done_steps;
                }
            }
            r.live = true;
            r.cancel_at = None;
            r.exec.ended_at = None;
            r.exec.error = Some(String::new());
            r.started_steps = r.done_steps;
            r.run_from = now - Duration::seconds(PENDING_SECS);
            set_status(r, ExecutionStatus::Pending);
            Ok(())
        }
        other => Err(bad(&format!(
            "Unknown action: {other}. Valid actions are: cancel, force-cancel, kill, resume, force-resume"
        ))),
    }
}

/// The transitions `PATCH /executions/<id>` accepts (the worker's status reports).
fn transition_ok(from: &ExecutionStatus, to: &ExecutionStatus) -> bool {
    use ExecutionStatus::*;
    match from {
        Pending => matches!(
            to,
            Started | Cancelling | ForceCancelling | KillCancelling | Cancelled | Failed | Queued
        ),
        Started => matches!(
            to,
            Terminated | Failed | Cancelling | ForceCancelling | KillCancelling | Cancelled
        ),
        Cancelling => matches!(
            to,
            Cancelled | Failed | Terminated | ForceCancelling | KillCancelling
        ),
        ForceCancelling => matches!(to, Cancelled | Failed | Terminated | KillCancelling),
        KillCancelling => matches!(to, Cancelled | Failed),
        Queued => matches!(to, Pending | Started | Cancelled | Failed),
        Scheduled => matches!(to, Pending | Queued | Cancelled),
        Failed | Cancelled => matches!(to, Started | Pending),
        _ => false,
    }
}

fn update_status(t: &mut TenantData, id: &str, body: &Value, now: NaiveDateTime) -> Reply {
    let Some(r) = t.executions.iter_mut().find(|r| r.exec.id == id) else {
        return not_found("Execution", id);
    };
    let new = match required_str(body, "status") {
        Ok(s) => ExecutionStatus::from(s),
        Err(reply) => return reply,
    };
    if ExecutionStatus::KNOWN.iter().all(|k| *k != new.as_str())
        || new == ExecutionStatus::Completed
    {
        return bad(&format!("Invalid execution status: {new}"));
    }
    let old = status(r);
    if old != new && !transition_ok(&old, &new) {
        return error(
            400,
            "invalid_exception_status_update",
            &format!("Can't update execution {id} from status `{old}` to `{new}`"),
        );
    }
    // From here an outside worker reports this execution: the sim stops driving it.
    r.live = false;
    if let Some(e) = body.get("error").and_then(Value::as_str) {
        r.exec.error = Some(e.to_string());
    }
    if new == ExecutionStatus::Started && r.exec.started_at.is_none() {
        r.exec.started_at = ts(now);
    }
    if new.is_final() {
        r.exec.ended_at = ts(now);
    }
    set_status(r, new);
    Reply::json(200, to_value(&r.exec))
}

fn delete_executions(t: &mut TenantData, body: &Value, c: &Ctx) -> Reply {
    let to = body.get("to_datetime").filter(|v| !v.is_null());
    let keep = body.get("keep_last").filter(|v| !v.is_null());
    let cutoff = match (to, keep) {
        (Some(_), Some(_)) => {
            return bad("Parameters `to_datetime` and `keep_last` are mutually exclusive")
        }
        (None, None) => return bad("One of `to_datetime` or `keep_last` must be provided"),
        (Some(v), None) => match v.as_str().and_then(Timestamp::parse) {
            Some(ts) => Cut::Before(ts.0),
            None => return bad(&format!("{v} is not a legal time format")),
        },
        (None, Some(v)) => match v.as_u64() {
            Some(n) => Cut::KeepLast(n as usize),
            None => return bad("keep_last must be a non-negative integer"),
        },
    };
    let matches_filters = |r: &ExecRecord| {
        let v = to_value(&r.exec);
        c.list
            .filters
            .iter()
            .all(|(k, want)| v.get(k).and_then(Value::as_str) == Some(want.as_str()))
    };
    let mut candidates: Vec<usize> = (0..t.executions.len())
        .filter(|&i| status(&t.executions[i]).is_final() && matches_filters(&t.executions[i]))
        .collect();
    let doomed: Vec<usize> = match cutoff {
        Cut::Before(at) => candidates
            .into_iter()
            .filter(|&i| t.executions[i].exec.created_at.is_some_and(|c| c.0 < at))
            .collect(),
        Cut::KeepLast(n) => {
            candidates.sort_by_key(|&i| t.executions[i].exec.created_at);
            let drop = candidates.len().saturating_sub(n);
            candidates.truncate(drop);
            candidates
        }
    };
    let ids: Vec<String> = doomed
        .iter()
        .map(|&i| t.executions[i].exec.id.clone())
        .collect();
    t.executions.retain(|r| !ids.contains(&r.exec.id));
    t.events
        .retain(|e| e.execution_id.as_ref().is_none_or(|x| !ids.contains(x)));
    t.operations
        .retain(|o| o.execution_id.as_ref().is_none_or(|x| !ids.contains(x)));
    t.tasks_graphs
        .retain(|g| g.execution_id.as_ref().is_none_or(|x| !ids.contains(x)));
    Reply::json(
        200,
        json!({"items": [{"count": ids.len()}],
               "metadata": {"pagination": {"total": 1, "size": 1, "offset": 0}}}),
    )
}

enum Cut {
    Before(NaiveDateTime),
    KeepLast(usize),
}

fn start_group(t: &mut TenantData, body: &Value, user: &str, now: NaiveDateTime) -> Reply {
    let mut run = || -> Result<Reply, Reply> {
        let group_id = required_str(body, "deployment_group_id")?.to_string();
        let workflow_id = required_str(body, "workflow_id")?.to_string();
        let Some(dg) = t.groups.iter().find(|g| g.id == group_id) else {
            return Err(not_found("DeploymentGroup", &group_id));
        };
        let deployments = dg.deployment_ids.clone();
        let obj = |key: &str| -> Result<Map<String, Value>, Reply> {
            match body.get(key) {
                None | Some(Value::Null) => Ok(Map::new()),
                Some(Value::Object(m)) => Ok(m.clone()),
                Some(_) => Err(bad(&format!("{key} must be a dict"))),
            }
        };
        let defaults = obj("default_parameters")?;
        let overrides = obj("parameters")?;
        let force = flag(body, "force")?;
        let concurrency = match body.get("concurrency") {
            None | Some(Value::Null) => 5,
            Some(v) => v
                .as_u64()
                .ok_or_else(|| bad("concurrency must be a non-negative integer"))?,
        };
        let mut prepared = Vec::new();
        for dep in &deployments {
            let mut params = defaults.clone();
            if let Some(Value::Object(o)) = overrides.get(dep) {
                for (k, v) in o {
                    params.insert(k.clone(), v.clone());
                }
            }
            // The group starts what it can; deployments without the workflow are refused up front.
            prepared.push(prepare(
                t,
                dep,
                &workflow_id,
                &params,
                false,
                false,
                user,
                now,
            )?);
        }
        let gid = new_id(t);
        for p in prepared {
            let mut exec = p.exec;
            exec.execution_group_id = Some(gid.clone());
            exec.status = Some(ExecutionStatus::Queued);
            exec.status_display = Some("queued".into());
            insert(
                t,
                NewExec {
                    exec,
                    plan: p.plan,
                    fail: p.fail,
                    live: true,
                    force,
                },
            );
        }
        let g = ExecutionGroup {
            id: gid,
            workflow_id: Some(workflow_id),
            deployment_group_id: Some(group_id),
            concurrency: Some(concurrency),
            visibility: Some(Visibility::Tenant),
            resource_availability: Some(Visibility::Tenant),
            private_resource: Some(false),
            tenant_name: Some(t.name.clone()),
            created_by: Some(user.to_string()),
            created_at: ts(now),
            ..ExecutionGroup::default()
        };
        t.execution_groups.push(g.clone());
        // Start the first ones right away.
        advance_tenant(t, now);
        Ok(Reply::json(201, group_value(t, &g)))
    };
    run().unwrap_or_else(|r| r)
}

fn group_action(t: &mut TenantData, id: &str, body: &Value, now: NaiveDateTime) -> Reply {
    let Some(g) = t.execution_groups.iter().find(|g| g.id == id).cloned() else {
        return not_found("ExecutionGroup", id);
    };
    let action = body.get("action").and_then(Value::as_str).unwrap_or("");
    if !["cancel", "force-cancel", "kill", "resume", "force-resume"].contains(&action) {
        return bad(&format!(
            "Unknown action: {action}. Valid actions are: cancel, force-cancel, kill, resume, force-resume"
        ));
    }
    let members: Vec<usize> = (0..t.executions.len())
        .filter(|&i| t.executions[i].exec.execution_group_id.as_deref() == Some(id))
        .collect();
    for i in members {
        // Members in a state the action does not apply to are left alone, like the manager does.
        let _ = act(t, i, action, now);
    }
    advance_tenant(t, now);
    Reply::json(200, group_value(t, &g))
}

fn patch_group(t: &mut TenantData, id: &str, body: &Value) -> Reply {
    let Some(gi) = t.execution_groups.iter().position(|g| g.id == id) else {
        return not_found("ExecutionGroup", id);
    };
    if let Some(v) = body.get("concurrency").filter(|v| !v.is_null()) {
        match v.as_u64() {
            Some(n) => t.execution_groups[gi].concurrency = Some(n),
            None => return bad("concurrency must be a non-negative integer"),
        }
    }
    for (key, success) in [("success_group_id", true), ("failure_group_id", false)] {
        let Some(target) = body.get(key).and_then(Value::as_str) else {
            continue;
        };
        if !t.groups.iter().any(|g| g.id == target) {
            return not_found("DeploymentGroup", target);
        }
        let g = &mut t.execution_groups[gi];
        if success {
            g.success_group_id = Some(target.to_string());
        } else {
            g.failure_group_id = Some(target.to_string());
        }
    }
    sync_groups(t);
    let g = t.execution_groups[gi].clone();
    Reply::json(200, group_value(t, &g))
}
