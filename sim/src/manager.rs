//! `/version`, `/status`, `/cluster-status`, `/managers` and `/config`.

use serde_json::{json, Map, Value};

use super::admin::require_admin;
use super::list::{list, project, ListSpec};
use super::reply::{error, not_found};
use super::{data, get_one, method_not_allowed, to_value, Ctx, DemoManager, Reply};

const MANAGER_SEARCH: ListSpec = ListSpec {
    search_fields: &["hostname"],
    search_name_field: None,
};

pub(super) fn route(m: &mut DemoManager, c: &Ctx) -> Option<Reply> {
    Some(match (c.method.as_str(), c.segs) {
        ("GET", ["version"]) => Reply::json(200, project(data::version(), &c.list.include)),
        (_, ["version"]) => method_not_allowed(),
        ("GET", ["status"]) => Reply::json(200, status(c.flag("summary"))),
        (_, ["status"]) => method_not_allowed(),
        ("GET", ["cluster-status"]) => Reply::json(200, cluster_status(m, c.flag("summary"))),
        (_, ["cluster-status"]) => method_not_allowed(),
        ("GET", ["managers"]) => {
            let items = m.admin.managers.iter().map(to_value).collect();
            list(items, c.list, &MANAGER_SEARCH)
        }
        (_, ["managers"]) => method_not_allowed(),
        ("GET", ["managers", host]) => {
            let node = m.admin.managers.iter().find(|n| n.hostname == *host);
            get_one(node, "Manager", host, c.list)
        }
        ("DELETE", ["managers", host]) => {
            if let Err(reply) = require_admin(m, c, "manager_manage") {
                return Some(reply);
            }
            match m.admin.managers.iter().position(|n| n.hostname == *host) {
                None => not_found("Manager", host),
                Some(_) if m.admin.managers.len() == 1 => error(
                    400,
                    "bad_parameters_error",
                    "Cannot remove the last manager of the cluster",
                ),
                Some(i) => {
                    m.admin.managers.remove(i);
                    Reply::json(204, Value::Null)
                }
            }
        }
        (_, ["managers", _]) => method_not_allowed(),
        ("GET", ["config"]) => {
            let scope = c.query.get("scope");
            let items: Vec<Value> = data::config_entries()
                .into_iter()
                .filter(|e| scope.is_none_or(|s| e["scope"] == s))
                .collect();
            Reply::json(200, json!({"metadata": {}, "items": items}))
        }
        (_, ["config"]) => method_not_allowed(),
        // `<scope>.<name>`, as the Python client's `manager.get_config(name, scope)` asks.
        ("GET", ["config", key]) => {
            let entry = data::config_entries().into_iter().find(|e| {
                e["scope"]
                    .as_str()
                    .zip(e["name"].as_str())
                    .is_some_and(|(s, n)| format!("{s}.{n}") == *key)
            });
            match entry {
                Some(e) => Reply::json(200, e),
                None => not_found("Config", key),
            }
        }
        (_, ["config", _]) => method_not_allowed(),
        _ => return None,
    })
}

/// A service as systemd reports it.
fn service(display: &str, unit: &str, description: &str, pid: u64) -> Value {
    json!({
        "status": "Active",
        "is_remote": false,
        "extra_info": {"systemd": {
            "display_name": display,
            "unit_id": unit,
            "instances": [{
                "Id": unit, "Description": description, "state": "running",
                "LoadState": "loaded", "ActiveState": "active", "SubState": "running", "MainPID": pid
            }]
        }}
    })
}

const SERVICES: &[(&str, &str, &str)] = &[
    (
        "PostgreSQL",
        "postgresql-14.service",
        "PostgreSQL 14 database server",
    ),
    ("RabbitMQ", "cloudify-rabbitmq.service", "RabbitMQ Service"),
    (
        "Manager Rest-Service",
        "cloudify-restservice.service",
        "Cloudify REST service",
    ),
    (
        "Cloudify API",
        "cloudify-api.service",
        "Cloudify API service",
    ),
    (
        "Management Worker",
        "cloudify-mgmtworker.service",
        "Cloudify Management Worker",
    ),
    (
        "Cloudify Execution Scheduler",
        "cloudify-execution-scheduler.service",
        "Cloudify execution scheduler",
    ),
    ("Webserver", "nginx.service", "nginx web server"),
];

fn status(summary: bool) -> Value {
    let mut services = Map::new();
    if !summary {
        for (i, (name, unit, description)) in SERVICES.iter().enumerate() {
            services.insert(
                name.to_string(),
                service(name, unit, description, 100 + 37 * i as u64),
            );
        }
        if let Some(r) = services.get_mut("RabbitMQ") {
            r["extra_info"]["connection_check"] = json!("OK");
        }
    }
    json!({"status": "OK", "services": services})
}

fn cluster_status(m: &DemoManager, summary: bool) -> Value {
    if summary {
        return json!({"status": "OK", "services": {}});
    }
    let node = |version: &Option<String>,
                public: &Option<String>,
                private: &Option<String>,
                names: &[usize]| {
        let mut svcs = Map::new();
        for &i in names {
            let (name, unit, description) = SERVICES[i];
            svcs.insert(
                name.to_string(),
                service(name, unit, description, 200 + i as u64),
            );
        }
        json!({"status": "OK", "version": version, "public_ip": public, "private_ip": private, "services": svcs})
    };
    let mut managers = Map::new();
    for n in &m.admin.managers {
        managers.insert(
            n.hostname.clone(),
            node(&n.version, &n.public_ip, &n.private_ip, &[2, 3, 4, 5, 6]),
        );
    }
    let first = m.admin.managers.first();
    let (v, ip) = (
        first.and_then(|n| n.version.clone()),
        first.and_then(|n| n.private_ip.clone()),
    );
    json!({
        "status": "OK",
        "services": {
            "manager": {"status": "OK", "nodes": managers, "is_external": false},
            "db": {"status": "OK", "nodes": {"baton-db": node(&v, &None, &ip, &[0])}, "is_external": false},
            "broker": {"status": "OK", "nodes": {"baton-broker": node(&v, &None, &ip, &[1])}, "is_external": false},
        }
    })
}
