//! Exact requests and answer parsing for executions, execution groups and schedules, events,
//! operations, tasks graphs, agents, plugins, plugins updates and snapshots.

use std::path::PathBuf;

use baton_core::conductor::agents::*;
use baton_core::conductor::events::*;
use baton_core::conductor::execution_schedules::*;
use baton_core::conductor::executions::*;
use baton_core::conductor::operations::*;
use baton_core::conductor::plugins::*;
use baton_core::conductor::snapshots::*;
use baton_core::conductor::Visibility;
use baton_core::multipart::MultipartBody;
use baton_core::query::{ListQuery, SortKey};
use baton_core::schedule::ScheduleRequest;
use baton_core::{Credentials, Endpoint, Page, Session, Timestamp};
use serde_json::{json, Value};

fn session() -> Session {
    Session::at("https://m.example")
        .with_tenant("default_tenant")
        .with_credentials(Credentials::Token("tok".into()))
}

/// Method, path with query, Content-Type and body of the request `e` builds.
fn sent<E: Endpoint>(e: &E) -> (String, String, Option<String>, Vec<u8>) {
    let r = e.request(&session());
    let uri = r.uri().to_string();
    let uri = uri
        .strip_prefix("https://m.example/api/v3.1")
        .unwrap_or(&uri)
        .to_string();
    let ct = r
        .headers()
        .get(http::header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_string());
    assert_eq!(r.headers().get("Tenant").unwrap(), "default_tenant");
    assert_eq!(r.headers().get("Authentication-Token").unwrap(), "tok");
    (r.method().to_string(), uri, ct, r.body().clone())
}

/// Asserts a JSON request.
fn json_req<E: Endpoint>(e: &E, method: &str, uri: &str, body: Value) {
    let (m, u, ct, b) = sent(e);
    assert_eq!((m.as_str(), u.as_str()), (method, uri));
    assert_eq!(ct.as_deref(), Some("application/json"));
    assert_eq!(serde_json::from_slice::<Value>(&b).unwrap(), body);
}

/// Asserts a request without a body.
fn bare_req<E: Endpoint>(e: &E, method: &str, uri: &str) {
    let (m, u, ct, b) = sent(e);
    assert_eq!((m.as_str(), u.as_str()), (method, uri));
    assert_eq!(ct, None);
    assert!(b.is_empty());
}

fn ok(status: u16, body: Value) -> baton_core::Response {
    http::Response::builder()
        .status(status)
        .header("Content-Type", "application/json")
        .body(serde_json::to_vec(&body).unwrap())
        .unwrap()
}

fn fixture(name: &str) -> Vec<u8> {
    let dir = std::env::var_os("BATON_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures/conductor")
        });
    std::fs::read(dir.join(name)).unwrap()
}

fn raw(status: u16, bytes: Vec<u8>) -> baton_core::Response {
    http::Response::builder()
        .status(status)
        .body(bytes)
        .unwrap()
}

// ----------------------------------------------------------------------------------- executions

#[test]
fn list_executions_request_and_fixture() {
    let e = ListExecutions {
        query: ListQuery::new()
            .filter("deployment_id", "web 1")
            .include(["id", "status"])
            .sort(SortKey::desc("created_at"))
            .page(20, 40),
        include_system_workflows: true,
    };
    bare_req(
        &e,
        "GET",
        "/executions?_include_system_workflows=true&deployment_id=web+1&_include=id%2Cstatus&_sort=-created_at&_size=20&_offset=40",
    );
    let d = ListExecutions::default();
    bare_req(&d, "GET", "/executions?_include_system_workflows=false");
    let page = e.parse(raw(200, fixture("executions_list.json"))).unwrap();
    assert_eq!(page.pagination().total, 14);
    let done = page
        .items
        .iter()
        .find(|x| x.status == Some(ExecutionStatus::Terminated))
        .unwrap();
    assert_eq!(done.status_display.as_deref(), Some("completed"));
    assert_eq!(ExecutionStatus::Terminated.display(), "completed");
    // The seed's list example (projected to ids).
    let seed = json!({"items": [{"id": "dab3d7ac-fef0-4b8b-912f-5611cc8f20b5"}, {"id": "ca3d7413-c8af-41a3-b864-571cef25899b"}],
                      "metadata": {"pagination": {"total": 2, "offset": 0, "size": 0}}});
    assert_eq!(e.parse(ok(200, seed)).unwrap().items.len(), 2);
}

#[test]
fn get_execution_request_and_parse() {
    let e = GetExecution {
        id: "a/b".into(),
        include: vec!["id".into()],
    };
    bare_req(&e, "GET", "/executions/a%2Fb?_include=id");
    let x = e
        .parse(ok(
            200,
            json!({"id": "ca3d7413-c8af-41a3-b864-571cef25899b"}),
        ))
        .unwrap();
    assert_eq!(x.id, "ca3d7413-c8af-41a3-b864-571cef25899b");
    let err = e
        .parse(ok(404, json!({"message": "Requested `Execution` with ID `a/b` was not found", "error_code": "not_found_error"})))
        .unwrap_err();
    assert_eq!(err.code, "not_found_error");
}

#[test]
fn start_execution_sends_the_python_clients_body() {
    let mut params = serde_json::Map::new();
    params.insert("node_ids".into(), json!(["vm"]));
    let e = StartExecution {
        deployment_id: "dep".into(),
        workflow_id: "install".into(),
        parameters: Some(params),
        allow_custom_parameters: true,
        queue: true,
        scheduled_time: Some("202501182230+01:00".into()),
        ..StartExecution::default()
    };
    json_req(
        &e,
        "POST",
        "/executions",
        json!({"deployment_id": "dep", "workflow_id": "install", "parameters": {"node_ids": ["vm"]},
               "allow_custom_parameters": "true", "force": "false", "dry_run": "false", "queue": "true",
               "scheduled_time": "202501182230+01:00", "wait_after_fail": 600}),
    );
    let x = e
        .parse(ok(
            201,
            json!({"id": "33dd51d4-5e24-4034-8ed6-2150cdbd98f7"}),
        ))
        .unwrap();
    assert_eq!(x.id, "33dd51d4-5e24-4034-8ed6-2150cdbd98f7");
}

#[test]
fn execution_actions_and_updates() {
    for (action, wire) in [
        (ExecutionAction::Cancel, "cancel"),
        (ExecutionAction::ForceCancel, "force-cancel"),
        (ExecutionAction::Kill, "kill"),
        (ExecutionAction::Resume, "resume"),
        (ExecutionAction::ForceResume, "force-resume"),
    ] {
        let e = ExecutionActionRequest {
            id: "e1".into(),
            action,
        };
        json_req(&e, "POST", "/executions/e1", json!({ "action": wire }));
    }
    let e = ExecutionActionRequest {
        id: "e1".into(),
        action: ExecutionAction::Cancel,
    };
    let x = e
        .parse(ok(
            200,
            json!({"id": "e7821510-c536-47f3-8fe7-691a91dc91ff"}),
        ))
        .unwrap();
    assert_eq!(x.id, "e7821510-c536-47f3-8fe7-691a91dc91ff");
    let u = UpdateExecution {
        id: "e1".into(),
        status: ExecutionStatus::Cancelled,
        error: None,
    };
    json_req(
        &u,
        "PATCH",
        "/executions/e1",
        json!({"status": "cancelled"}),
    );
    let u = UpdateExecution {
        id: "e1".into(),
        status: ExecutionStatus::Failed,
        error: Some("boom".into()),
    };
    json_req(
        &u,
        "PATCH",
        "/executions/e1",
        json!({"status": "failed", "error": "boom"}),
    );
    assert_eq!(
        u.parse(ok(
            200,
            json!({"id": "21236984-9d1f-445e-8bca-f923175441f1"})
        ))
        .unwrap()
        .id,
        "21236984-9d1f-445e-8bca-f923175441f1"
    );
}

#[test]
fn delete_executions_request_and_count() {
    let e = DeleteExecutions {
        keep_last: Some(10),
        query: ListQuery::new().filter("deployment_id", "dep"),
        ..DeleteExecutions::default()
    };
    json_req(
        &e,
        "DELETE",
        "/executions?deployment_id=dep",
        json!({"keep_last": 10}),
    );
    let e = DeleteExecutions {
        to_datetime: Timestamp::parse("2025-01-02T03:04:05.000Z"),
        ..DeleteExecutions::default()
    };
    json_req(
        &e,
        "DELETE",
        "/executions",
        json!({"to_datetime": "2025-01-02T03:04:05"}),
    );
    let n = e
        .parse(ok(200, json!({"items": [{"count": 7}], "metadata": {"pagination": {"total": 1, "size": 1, "offset": 0}}})))
        .unwrap();
    assert_eq!(n, 7);
}

// ------------------------------------------------------------------------------ execution groups

fn seed_group() -> Value {
    json!({"concurrency": 5, "created_at": "2021-04-27T10:29:10.350Z", "created_by": "admin",
           "deployment_group_id": "g1", "execution_ids": ["f89a7998-eb29-44fb-a5da-f565405ac6b2"],
           "id": "9159be07-6741-482c-ab99-9ee6894122b9", "private_resource": false,
           "resource_availability": "tenant", "status": "terminated", "tenant_name": "default_tenant",
           "visibility": "tenant", "workflow_id": "create_deployment_environment"})
}

#[test]
fn execution_group_list_and_get() {
    let e = ListExecutionGroups {
        deployment_group_id: Some("g1".into()),
        query: ListQuery::new().page(10, 0),
    };
    bare_req(
        &e,
        "GET",
        "/execution-groups?deployment_group_id=g1&_size=10&_offset=0",
    );
    let page = e
        .parse(ok(200, json!({"items": [seed_group()], "metadata": {"pagination": {"total": 1, "offset": 0, "size": 1000}}})))
        .unwrap();
    let g = &page.items[0];
    assert_eq!(g.status, Some(ExecutionStatus::Terminated));
    assert_eq!(g.concurrency, Some(5));
    assert_eq!(g.execution_ids.as_ref().unwrap().len(), 1);
    assert_eq!(g.visibility, Some(Visibility::Tenant));
    let e = GetExecutionGroup {
        id: "9159be07".into(),
        include: vec![],
    };
    bare_req(&e, "GET", "/execution-groups/9159be07");
    assert_eq!(
        e.parse(ok(200, seed_group()))
            .unwrap()
            .deployment_group_id
            .as_deref(),
        Some("g1")
    );
}

#[test]
fn execution_group_start_actions_and_patches() {
    let mut s = StartExecutionGroup::new("g1", "install");
    s.default_parameters = json!({"param1": "value"}).as_object().cloned();
    s.parameters = json!({"dep1": {"param1": "override"}}).as_object().cloned();
    s.concurrency = 10;
    json_req(
        &s,
        "POST",
        "/execution-groups",
        json!({"deployment_group_id": "g1", "workflow_id": "install", "default_parameters": {"param1": "value"},
               "parameters": {"dep1": {"param1": "override"}}, "force": false, "concurrency": 10}),
    );
    assert_eq!(
        s.parse(ok(201, seed_group()))
            .unwrap()
            .workflow_id
            .as_deref(),
        Some("create_deployment_environment")
    );
    let a = ExecutionGroupAction {
        id: "g/1".into(),
        action: ExecutionAction::ForceResume,
    };
    json_req(
        &a,
        "POST",
        "/execution-groups/g%2F1",
        json!({"action": "force-resume"}),
    );
    assert!(a.parse(ok(200, seed_group())).is_ok());
    let t = SetExecutionGroupTargets {
        id: "eg".into(),
        success_group_id: Some("ok".into()),
        failure_group_id: None,
    };
    json_req(
        &t,
        "PATCH",
        "/execution-groups/eg",
        json!({"success_group_id": "ok", "failure_group_id": null}),
    );
    assert!(t.parse(ok(200, seed_group())).is_ok());
    let c = SetExecutionGroupConcurrency {
        id: "eg".into(),
        concurrency: 15,
    };
    json_req(
        &c,
        "PATCH",
        "/execution-groups/eg",
        json!({"concurrency": 15}),
    );
    assert!(c.parse(ok(200, seed_group())).is_ok());
}

// ---------------------------------------------------------------------------- execution schedules

#[test]
fn execution_schedules_pass_deployment_id_as_a_query_parameter() {
    let l = ListExecutionSchedules {
        query: ListQuery::new().include(["id", "deployment_id", "workflow_id", "next_occurrence"]),
    };
    bare_req(
        &l,
        "GET",
        "/execution-schedules?_include=id%2Cdeployment_id%2Cworkflow_id%2Cnext_occurrence",
    );
    let page = l
        .parse(ok(200, json!({"items": [
            {"id": "dep_a", "next_occurrence": "2021-03-08T18:47:00.000Z", "workflow_id": "install", "deployment_id": "dep"},
            {"id": "dep_b", "next_occurrence": "2021-03-09T18:47:00.000Z", "workflow_id": "uninstall", "deployment_id": "dep"}],
            "metadata": {"pagination": {"total": 2, "offset": 0, "size": 0}}})))
        .unwrap();
    assert_eq!(
        page.items[1].next_occurrence.unwrap().to_wire(),
        "2021-03-09T18:47:00.000Z"
    );

    let g = GetExecutionSchedule {
        id: "dep_a".into(),
        deployment_id: "dep".into(),
        include: vec!["id".into()],
    };
    bare_req(
        &g,
        "GET",
        "/execution-schedules/dep_a?deployment_id=dep&_include=id",
    );
    let s = g
        .parse(ok(200, json!({"id": "dep_a", "next_occurrence": "2021-03-08T10:16:00.000Z", "workflow_id": "install", "deployment_id": "dep",
                              "rule": {"recurrence": "1 day", "count": null, "weekdays": ["mo"]}, "slip": 0, "stop_on_fail": false,
                              "enabled": true, "all_next_occurrences": ["2021-03-08 10:16:00"]})))
        .unwrap();
    assert_eq!(s.rule.unwrap().weekdays.unwrap(), ["mo"]);

    let body = ScheduleRequest {
        workflow_id: Some("install".into()),
        since: Some("2021-1-1 12:00:00".into()),
        until: Some("2022-1-1 12:00:00".into()),
        recurrence: Some("1 day".into()),
        ..ScheduleRequest::default()
    };
    let c = CreateExecutionSchedule {
        id: "custom-sched".into(),
        deployment_id: "my dep".into(),
        body: body.clone(),
    };
    json_req(
        &c,
        "PUT",
        "/execution-schedules/custom-sched?deployment_id=my+dep",
        json!({"workflow_id": "install", "since": "2021-1-1 12:00:00", "until": "2022-1-1 12:00:00", "recurrence": "1 day"}),
    );
    assert_eq!(
        c.parse(ok(201, json!({"id": "custom-sched"}))).unwrap().id,
        "custom-sched"
    );
    let u = UpdateExecutionSchedule {
        id: "custom-sched".into(),
        deployment_id: "dep".into(),
        body: ScheduleRequest {
            enabled: Some(true),
            ..ScheduleRequest::default()
        },
    };
    json_req(
        &u,
        "PATCH",
        "/execution-schedules/custom-sched?deployment_id=dep",
        json!({"enabled": true}),
    );
    assert!(u.parse(ok(200, json!({"id": "custom-sched"}))).is_ok());
    let d = DeleteExecutionSchedule {
        id: "custom-sched".into(),
        deployment_id: "dep".into(),
    };
    bare_req(
        &d,
        "DELETE",
        "/execution-schedules/custom-sched?deployment_id=dep",
    );
    assert!(d.parse(raw(204, vec![])).is_ok());
}

// ----------------------------------------------------------------------------------------- events

fn seed_events() -> Value {
    json!({"items": [
        {"node_instance_id": "vm_ke9e2d", "operation": "cloudify.interfaces.cloudify_agent.create", "blueprint_id": "linuxbp1",
         "timestamp": "2017-03-22T11:42:00.484Z", "message": "Successfully configured cfy-agent", "level": "info",
         "node_name": "vm", "workflow_id": "install", "reported_timestamp": "2017-03-22T11:41:59.169Z",
         "deployment_id": "linuxdp1", "type": "cloudify_log", "execution_id": "19ce78d6-babc-4a18-ba8e-74b853f2b387",
         "logger": "22e710c6-18b8-4e96-b8a3-2104b81c5bfc", "manager_name": "manager-1", "agent_name": null},
        {"node_instance_id": "vm_ke9e2d", "event_type": "task_failed", "operation": "cloudify.interfaces.cloudify_agent.create",
         "blueprint_id": "linuxbp1", "timestamp": "2017-03-22T11:43:02.132Z",
         "message": "Task failed 'cloudify_agent.installer.operations.create' -> ERROR_MESSAGE", "node_name": "vm",
         "workflow_id": "install", "error_causes": [{"message": "ERROR_MESSAGE", "traceback": "Traceback ...", "type": "NonRecoverableError"}],
         "reported_timestamp": "2017-03-22T11:43:01.823Z", "deployment_id": "linuxdp1", "type": "cloudify_event",
         "execution_id": "19ce78d6-babc-4a18-ba8e-74b853f2b387", "manager_name": "manager-1", "agent_name": null}],
        "metadata": {"pagination": {"total": 2, "offset": 0, "size": 10000}}})
}

#[test]
fn list_events_with_filters_and_seed_example() {
    let mut e = ListEvents {
        include_logs: Some(true),
        ..ListEvents::default()
    };
    e.filter.deployment_id = vec!["d1".into(), "d2".into()];
    e.filter.event_type = vec!["task_failed".into()];
    e.filter.level = vec!["error".into()];
    e.filter.kind = vec!["cloudify_event".into()];
    e.filter.message = Some("%fail%".into());
    e.filter.operation = Some("%create".into());
    e.filter.node_id = vec!["vm".into()];
    e.query = ListQuery::new()
        .sort(SortKey::desc("@timestamp"))
        .page(50, 0);
    bare_req(
        &e,
        "GET",
        "/events?deployment_id=d1&deployment_id=d2&node_id=vm&event_type=task_failed&level=error&type=cloudify_event&message.text=%25fail%25&operation=%25create&include_logs=true&_sort=-%40timestamp&_size=50&_offset=0",
    );
    let page = e.parse(ok(200, seed_events())).unwrap();
    assert!(page.items[0].is_log());
    assert_eq!(
        page.items[0].logger.as_deref(),
        Some("22e710c6-18b8-4e96-b8a3-2104b81c5bfc")
    );
    let causes = page.items[1].causes();
    assert_eq!(causes[0].kind.as_deref(), Some("NonRecoverableError"));
    let fx: Page<Event> = e.parse(raw(200, fixture("events_list.json"))).unwrap();
    assert!(fx.items.is_empty());
}

#[test]
fn list_events_time_ranges_with_open_ends() {
    let both = ListEvents::default().between(
        "timestamp",
        Some("2025-01-01T00:00:00".into()),
        Some("2025-01-02T00:00:00".into()),
    );
    bare_req(
        &both,
        "GET",
        "/events?type=cloudify_event&_range=timestamp%2C2025-01-01T00%3A00%3A00%2C2025-01-02T00%3A00%3A00",
    );
    let since = ListEvents::default().between("timestamp", Some("2025-01-01".into()), None);
    bare_req(
        &since,
        "GET",
        "/events?type=cloudify_event&_range=timestamp%2C2025-01-01%2C",
    );
    let until = ListEvents::default().between("@timestamp", None, Some("2025-01-02".into()));
    bare_req(
        &until,
        "GET",
        "/events?type=cloudify_event&_range=%40timestamp%2C%2C2025-01-02",
    );
    let mut f = EventFilter::default();
    f.execution_id.push("e1".into());
    f.kind = vec!["cloudify_event".into(), "cloudify_log".into()];
    let window =
        ListEvents::window(f, 400, 200).between("@timestamp", None, Some("2025-01-02".into()));
    bare_req(
        &window,
        "GET",
        "/events?execution_id=e1&type=cloudify_event&type=cloudify_log&include_logs=true&_sort=reported_timestamp&_size=200&_offset=400&_range=%40timestamp%2C%2C2025-01-02",
    );
    let logs = ListEvents::for_execution("e1", 50);
    bare_req(
        &logs,
        "GET",
        "/events?execution_id=e1&type=cloudify_event&type=cloudify_log&include_logs=true&_sort=-reported_timestamp&_size=50&_offset=0",
    );
}

// ------------------------------------------------------------------ operations and tasks graphs

#[test]
fn operations_requests_and_parsing() {
    let l = ListOperations {
        graph_id: Some("123".into()),
        ..ListOperations::default()
    };
    bare_req(&l, "GET", "/operations?graph_id=123");
    let op = json!({"id": "operation-id", "state": "PENDING", "dependencies": [], "type": "SubgraphTask",
                    "name": "my-subgraph", "parameters": {}, "manager_name": "manager-1", "agent_name": null});
    let page = l.parse(ok(200, json!({"items": [op.clone()], "metadata": {"pagination": {"total": 1, "size": 1000, "offset": 0}}}))).unwrap();
    assert_eq!(page.items[0].kind.as_deref(), Some("SubgraphTask"));
    let g = GetOperation {
        id: "operation-id".into(),
    };
    bare_req(&g, "GET", "/operations/operation-id");
    let c = CreateOperation {
        id: "op1".into(),
        graph_id: "123".into(),
        name: "abc".into(),
        kind: "RemoteWorkflowTask".into(),
        dependencies: vec![],
        parameters: serde_json::Map::new(),
    };
    json_req(
        &c,
        "PUT",
        "/operations/op1",
        json!({"name": "abc", "graph_id": "123", "dependencies": [], "type": "RemoteWorkflowTask", "parameters": {}}),
    );
    assert_eq!(
        c.parse(ok(201, op.clone())).unwrap().name.as_deref(),
        Some("my-subgraph")
    );
    let u = UpdateOperation {
        id: "op1".into(),
        state: "FAILED".into(),
    };
    json_req(&u, "PATCH", "/operations/op1", json!({"state": "FAILED"}));
    assert!(u.parse(ok(200, op)).is_ok());
    let d = DeleteOperation { id: "op1".into() };
    bare_req(&d, "DELETE", "/operations/op1");
    assert!(d.parse(raw(204, vec![])).is_ok());
}

#[test]
fn tasks_graphs_requests_and_parsing() {
    let l = ListTasksGraphs {
        execution_id: "123".into(),
        name: Some("abc".into()),
    };
    bare_req(&l, "GET", "/tasks_graphs?execution_id=123&name=abc");
    let g = json!({"id": "aaabbbccc", "execution_id": "123", "name": "abc"});
    let page = l.parse(ok(200, json!({"items": [g.clone()], "metadata": {"pagination": {"total": 1, "size": 1000, "offset": 0}}}))).unwrap();
    assert_eq!(page.items[0].id, "aaabbbccc");
    let c = CreateTasksGraph {
        execution_id: "123".into(),
        name: "abc".into(),
        operations: None,
    };
    json_req(
        &c,
        "POST",
        "/tasks_graphs",
        json!({"execution_id": "123", "name": "abc"}),
    );
    assert_eq!(c.parse(ok(201, g)).unwrap().name.as_deref(), Some("abc"));
}

// ----------------------------------------------------------------------------------------- agents

#[test]
fn list_agents_request_and_seed_example() {
    let e = ListAgents {
        node_ids: vec!["node_1".into(), "node_2".into()],
        install_methods: vec!["remote".into()],
        ..ListAgents::default()
    };
    bare_req(
        &e,
        "GET",
        "/agents?node_ids=node_1&node_ids=node_2&install_methods=remote&state=started",
    );
    let page = e
        .parse(ok(200, json!({"items": [{"node": "x", "ip": "127.0.0.1", "system": "centos core", "install_method": "remote",
                                         "version": "4.5.0", "deployment": "d4", "host_id": "x_asa5b3", "id": "x_asa5b3"}],
                               "metadata": {"pagination": {"total": 1, "offset": 0, "size": 1}}})))
        .unwrap();
    assert_eq!(page.items[0].install_method.as_deref(), Some("remote"));
}

// ---------------------------------------------------------------------------------------- plugins

fn seed_plugin() -> Value {
    json!({"distribution_release": "core", "supported_py_versions": ["py27"], "uploaded_at": "2017-10-19T14:19:39.727Z",
           "archive_name": "cloudify_openstack_plugin-2.0.1-py27-none-linux_x86_64-centos-Core.wgn",
           "package_name": "cloudify-openstack-plugin", "distribution_version": "7.0.1406", "tenant_name": "default_tenant",
           "excluded_wheels": [], "created_by": "admin", "distribution": "centos",
           "package_source": "https://github.com/cloudify-cosmo/cloudify-openstack-plugin/archive/master.tar.gz",
           "private_resource": false, "visibility": "global", "supported_platform": "linux_x86_64", "package_version": "2.0.1",
           "wheels": ["keystoneauth1-2.19.0-py2.py3-none-any.whl"], "id": "c7f6757e-b48d-4c26-ab91-cfc8c1e4851c"})
}

#[test]
fn plugin_list_get_update_delete() {
    let l = ListPlugins {
        query: ListQuery::new().include(["id"]),
    };
    bare_req(&l, "GET", "/plugins?_include=id");
    let page = l.parse(raw(200, fixture("plugins_list.json"))).unwrap();
    assert!(page.items.is_empty());
    let g = GetPlugin {
        id: "p1".into(),
        include: vec![],
    };
    bare_req(&g, "GET", "/plugins/p1");
    let p = g.parse(ok(200, seed_plugin())).unwrap();
    assert_eq!(p.owner.visibility, Some(Visibility::Global));
    assert_eq!(p.distribution_version.as_deref(), Some("7.0.1406"));
    let u = UpdatePlugin {
        id: "p1".into(),
        creator: Some("bob".into()),
        labels: Some(json!({"k": "v"})),
        ..UpdatePlugin::default()
    };
    json_req(
        &u,
        "PATCH",
        "/plugins/p1",
        json!({"creator": "bob", "labels": {"k": "v"}}),
    );
    assert!(u.parse(ok(200, seed_plugin())).is_ok());
    let d = DeletePlugin {
        id: "p1".into(),
        force: true,
    };
    json_req(&d, "DELETE", "/plugins/p1", json!({"force": true}));
    assert!(d.parse(raw(204, vec![])).is_ok());
}

#[test]
fn plugin_uploads_by_url_archive_and_multipart() {
    let u = UploadPlugin {
        archive: PluginArchive::Url("http://url/to/archive.wgn".into()),
        title: Some("My Plugin".into()),
        visibility: Some(Visibility::Global),
    };
    bare_req(&u, "POST", "/plugins?visibility=global&title=My+Plugin&plugin_archive_url=http%3A%2F%2Furl%2Fto%2Farchive.wgn");
    assert_eq!(
        u.parse(ok(
            201,
            json!({"id": "d80542f4-ec0c-4438-8a29-54cb9a904114"})
        ))
        .unwrap()
        .id,
        "d80542f4-ec0c-4438-8a29-54cb9a904114"
    );
    let z = UploadPlugin {
        archive: PluginArchive::Bytes(vec![1, 2, 3]),
        title: None,
        visibility: None,
    };
    let (m, uri, ct, body) = sent(&z);
    assert_eq!(
        (m.as_str(), uri.as_str(), ct.as_deref()),
        ("POST", "/plugins", Some("application/octet-stream"))
    );
    assert_eq!(body, [1, 2, 3]);

    let f = UploadPluginFiles {
        wagon: PluginFile::Bytes {
            filename: "p-1.0-py311-none-any.wgn".into(),
            data: vec![0, 1, 2],
        },
        yaml: PluginFile::Url("https://x/plugin.yaml".into()),
        icon: None,
        title: Some("P".into()),
        visibility: Some(Visibility::Tenant),
    };
    let (m, uri, ct, body) = sent(&f);
    assert_eq!(
        (m.as_str(), uri.as_str()),
        (
            "POST",
            "/plugins/upload?visibility=tenant&title=P&yamlUrl=https%3A%2F%2Fx%2Fplugin.yaml"
        )
    );
    let ct = ct.unwrap();
    assert!(ct.starts_with("multipart/form-data; boundary="));
    let form = MultipartBody::parse(&ct, &body).unwrap();
    assert_eq!(form.parts.len(), 1);
    assert_eq!(form.part("wagon_file").unwrap().data, [0, 1, 2]);
    assert_eq!(f.multipart().unwrap().content_length(), body.len() as u64);
    let urls = UploadPluginFiles {
        wagon: PluginFile::Url("https://x/p.wgn".into()),
        yaml: PluginFile::Url("https://x/plugin.yaml".into()),
        icon: Some(PluginFile::Url("https://x/i.png".into())),
        title: None,
        visibility: None,
    };
    bare_req(&urls, "POST", "/plugins/upload?wagonUrl=https%3A%2F%2Fx%2Fp.wgn&yamlUrl=https%3A%2F%2Fx%2Fplugin.yaml&iconUrl=https%3A%2F%2Fx%2Fi.png");
}

#[test]
fn plugin_download_and_visibility() {
    let d = DownloadPlugin { id: "p1".into() };
    bare_req(&d, "GET", "/plugins/p1/archive");
    assert_eq!(
        d.parse(raw(200, b"PK\x03\x04".to_vec())).unwrap(),
        b"PK\x03\x04"
    );
    assert!(d
        .parse(ok(
            404,
            json!({"message": "nope", "error_code": "not_found_error"})
        ))
        .is_err());
    let v = SetPluginVisibility {
        id: "p1".into(),
        visibility: Visibility::Global,
    };
    json_req(
        &v,
        "PATCH",
        "/plugins/p1/set-visibility",
        json!({"visibility": "global"}),
    );
    assert_eq!(
        v.parse(ok(200, seed_plugin()))
            .unwrap()
            .package_version
            .as_deref(),
        Some("2.0.1")
    );
}

#[test]
fn plugins_updates_requests_and_seed_example() {
    let update = json!({"forced": false, "blueprint_id": "baddd86fb-864b-483e-a98a-d53e2b728ccd", "tenant_name": "default_tenant",
                        "created_at": "2019-07-10T07:24:40.520Z", "visibility": "tenant", "private_resource": false,
                        "state": "executing_workflow", "temp_blueprint_id": "bbf4b172-3b21-460c-aed8-4f55b55f3b4f",
                        "created_by": "admin", "deployments_to_update": ["dd7b03fb3-8f92-404c-8ddd-d81bd6a2bc9b"],
                        "resource_availability": "tenant", "id": "ce63a9d6-726b-4ff2-a267-f953af5dc32d",
                        "execution_id": "8ec77e89-b418-4472-9b44-fe9d7a7fe163"});
    let i = InitiatePluginsUpdate {
        blueprint_id: "bp".into(),
        all_to_latest: true,
        ..InitiatePluginsUpdate::default()
    };
    json_req(
        &i,
        "POST",
        "/plugins-updates/bp/update/initiate",
        json!({"plugin_names": [], "to_latest": [], "all_to_latest": true, "to_minor": [], "all_to_minor": false,
               "force": false, "auto_correct_types": false, "reevaluate_active_statuses": false}),
    );
    let u = i.parse(ok(200, update.clone())).unwrap();
    assert_eq!(u.state.as_deref(), Some("executing_workflow"));
    let g = GetPluginsUpdate {
        id: "ce63".into(),
        include: vec!["id".into()],
    };
    bare_req(&g, "GET", "/plugins-updates/ce63?_include=id");
    assert!(g.parse(ok(200, update)).is_ok());
    let l = ListPluginsUpdates {
        query: ListQuery::new().include(["id"]),
    };
    bare_req(&l, "GET", "/plugins-updates?_include=id");
    let page = l
        .parse(ok(200, json!({"items": [{"id": "update1"}, {"id": "update2"}, {"id": "update3"}], "metadata": {"pagination": {"total": 3, "offset": 0, "size": 0}}})))
        .unwrap();
    assert_eq!(page.items.len(), 3);
}

// -------------------------------------------------------------------------------------- snapshots

#[test]
fn snapshot_requests_and_seed_examples() {
    let l = ListSnapshots {
        query: ListQuery::new().include(["id"]),
    };
    bare_req(&l, "GET", "/snapshots?_include=id");
    let page = l
        .parse(ok(200, json!({"items": [{"id": "snapshot1"}, {"id": "snapshot2"}, {"id": "snapshot3"}], "metadata": {"pagination": {"total": 3, "offset": 0, "size": 0}}})))
        .unwrap();
    assert_eq!(page.items.len(), 3);

    let mut c = CreateSnapshot::new("snapshot4");
    c.include_credentials = true;
    c.queue = true;
    json_req(
        &c,
        "PUT",
        "/snapshots/snapshot4",
        json!({"include_credentials": true, "include_logs": true, "include_events": true, "queue": true}),
    );
    let x = c
        .parse(ok(201, json!({"status": "pending", "parameters": {"include_credentials": true, "snapshot_id": "snapshot4"},
                              "is_system_workflow": true, "blueprint_id": null, "tenant_name": "default_tenant",
                              "created_at": "2017-05-11T16:16:45.948Z", "created_by": "admin", "private_resource": false,
                              "workflow_id": "create_snapshot", "error": "", "deployment_id": null,
                              "id": "bb9cd6df-7acd-4649-9fc1-fe062759cde8"})))
        .unwrap();
    assert_eq!(x.workflow_id.as_deref(), Some("create_snapshot"));

    let d = DeleteSnapshot {
        id: "snapshot4".into(),
    };
    bare_req(&d, "DELETE", "/snapshots/snapshot4");
    assert!(d.parse(raw(204, vec![])).is_ok());

    let r = RestoreSnapshot {
        id: "s".into(),
        force: true,
        ignore_plugin_failure: true,
        ..RestoreSnapshot::default()
    };
    json_req(
        &r,
        "POST",
        "/snapshots/s/restore",
        json!({"force": true, "restore_certificates": false, "no_reboot": false, "ignore_plugin_failure": true}),
    );
    let x = r
        .parse(ok(200, json!({"status": "pending", "tenant_name": "default_tenant", "created_at": "2017-05-11T17:23:30.779Z",
                              "created_by": "admin", "private_resource": false, "error": "", "id": "1cadbb76-4532-4eae-a139-80bff328944d"})))
        .unwrap();
    assert_eq!(x.status, Some(ExecutionStatus::Pending));

    let dl = DownloadSnapshot { id: "s".into() };
    bare_req(&dl, "GET", "/snapshots/s/archive");
    assert_eq!(dl.parse(raw(200, vec![9, 8])).unwrap(), [9, 8]);

    let up = UploadSnapshot {
        id: "snapshot5".into(),
        archive: SnapshotArchive::Url("http://url/to/archive.zip".into()),
    };
    bare_req(
        &up,
        "PUT",
        "/snapshots/snapshot5/archive?snapshot_archive_url=http%3A%2F%2Furl%2Fto%2Farchive.zip",
    );
    let s = up
        .parse(ok(201, json!({"status": "uploaded", "tenant_name": "default_tenant", "created_at": "2017-05-11T18:13:25.912Z",
                              "created_by": "admin", "private_resource": false, "error": "", "id": "snapshot5"})))
        .unwrap();
    assert_eq!(s.status, Some(SnapshotStatus::Uploaded));
    let up = UploadSnapshot {
        id: "s".into(),
        archive: SnapshotArchive::Bytes(vec![1]),
    };
    let (m, uri, ct, body) = sent(&up);
    assert_eq!(
        (m.as_str(), uri.as_str(), ct.as_deref(), body),
        (
            "PUT",
            "/snapshots/s/archive",
            Some("application/octet-stream"),
            vec![1]
        )
    );

    bare_req(&GetSnapshotStatus, "GET", "/snapshot-status");
    let st = GetSnapshotStatus
        .parse(ok(
            200,
            json!({"status": "No `restore_snapshot` workflow currently running."}),
        ))
        .unwrap();
    assert!(!st.is_running());
}

/// `DELETE /events` as the Python client's `events.delete` sends it: the deployment and flags in
/// a JSON body, the window as `_range=@timestamp,<from>,<to>`; the answer counts what went.
#[test]
fn delete_events_request_and_count() {
    let all = DeleteEvents {
        deployment_id: "web-prod-1".into(),
        include_logs: true,
        ..DeleteEvents::default()
    };
    json_req(
        &all,
        "DELETE",
        "/events",
        json!({"deployment_id": "web-prod-1", "include_logs": true, "store_before": false}),
    );
    let window = DeleteEvents {
        from: Some("2026-11-22T10:00:00.000Z".into()),
        store_before: true,
        ..all.clone()
    };
    json_req(
        &window,
        "DELETE",
        "/events?_range=%40timestamp%2C2026-11-22T10%3A00%3A00.000Z%2C",
        json!({"deployment_id": "web-prod-1", "include_logs": true, "store_before": true}),
    );
    let answer = json!({"items": [{"count": 42}], "metadata": {"pagination": {"total": 1, "size": 0, "offset": 0}}});
    assert_eq!(all.parse(ok(200, answer)).unwrap(), 42);
    let refused = all
        .parse(ok(
            403,
            json!({"message": "no", "error_code": "forbidden_error"}),
        ))
        .unwrap_err();
    assert_eq!(refused.code, "forbidden_error");
}
