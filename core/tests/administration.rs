//! Requests and answers of the administration endpoints: tenants, users, user groups,
//! tokens, permissions, LDAP, license, manager status, cluster, maintenance, metrics, config.
//! Requests are compared whole; answers are the seed's examples.

use baton_core::conductor::auth::{CountOr, GetToken, ListTokens};
use baton_core::conductor::ldap::{GetLdap, LdapStatus, SetLdap};
use baton_core::conductor::license::{CheckLicense, DeleteLicense, ListLicense, UploadLicense};
use baton_core::conductor::manager::*;
use baton_core::conductor::metrics::*;
use baton_core::conductor::permissions::{ListPermissions, SetPermission};
use baton_core::conductor::tenants::*;
use baton_core::conductor::user_groups::*;
use baton_core::conductor::users::*;
use baton_core::{Credentials, Endpoint, ListQuery, Response, Session, SortKey};
use serde_json::{json, Value};

fn session() -> Session {
    Session::at("https://m.example")
        .with_tenant("default_tenant")
        .with_credentials(Credentials::Token("ctok-x".into()))
}

/// Method, URI (path and query) and JSON body (`None` for no body); the Content-Type must
/// match the body.
fn request<E: Endpoint>(e: &E) -> (String, String, Option<Value>) {
    let r = e.request(&session());
    let uri = r.uri().to_string();
    let uri = uri
        .strip_prefix("https://m.example/api/v3.1")
        .unwrap()
        .to_string();
    let ct = r
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string());
    let body = if r.body().is_empty() {
        assert_eq!(ct, None, "{uri}: no body, no content type");
        None
    } else {
        assert_eq!(ct.as_deref(), Some("application/json"), "{uri}");
        Some(serde_json::from_slice(r.body()).unwrap())
    };
    assert_eq!(r.headers()["Tenant"], "default_tenant");
    (r.method().to_string(), uri, body)
}

fn check<E: Endpoint>(e: &E, method: &str, uri: &str, body: Option<Value>) {
    assert_eq!(request(e), (method.to_string(), uri.to_string(), body));
}

fn ok(status: u16, body: &str) -> Response {
    http::Response::builder()
        .status(status)
        .body(body.as_bytes().to_vec())
        .unwrap()
}

#[test]
fn tenant_requests() {
    let mut list = ListTenants {
        query: ListQuery::new().page(50, 0).sort(SortKey::asc("name")),
        get_data: true,
    };
    check(
        &list,
        "GET",
        "/tenants?_sort=name&_size=50&_offset=0&_get_data=true",
        None,
    );
    list.get_data = false;
    list.query.search = Some("team a".into());
    check(
        &list,
        "GET",
        "/tenants?_sort=name&_size=50&_offset=0&_search=team+a",
        None,
    );
    check(
        &GetTenant {
            name: "team/a".into(),
            get_data: true,
        },
        "GET",
        "/tenants/team%2Fa?_get_data=true",
        None,
    );
    let create = CreateTenant {
        name: "team-b".into(),
        ..Default::default()
    };
    check(
        &create,
        "POST",
        "/tenants/team-b",
        Some(json!({"rabbitmq_password": ""})),
    );
    assert!(!format!(
        "{:?}",
        CreateTenant {
            rabbitmq_password: "s3cret".into(),
            ..create
        }
    )
    .contains("s3cret"));
    check(
        &DeleteTenant {
            name: "team-b".into(),
        },
        "DELETE",
        "/tenants/team-b",
        None,
    );
}

#[test]
fn tenant_membership_requests() {
    let mut add = TenantUser {
        change: Membership::Add,
        tenant_name: "payments".into(),
        username: "dave".into(),
        role: Some(TenantRole::Operations),
        get_data: true,
    };
    check(
        &add,
        "PUT",
        "/tenants/users?_get_data=true",
        Some(json!({"username": "dave", "tenant_name": "payments", "role": "operations"})),
    );
    add.change = Membership::Update;
    add.get_data = false;
    add.role = Some(TenantRole::Viewer);
    check(
        &add,
        "PATCH",
        "/tenants/users",
        Some(json!({"username": "dave", "tenant_name": "payments", "role": "viewer"})),
    );
    add.change = Membership::Remove;
    add.get_data = true;
    check(
        &add,
        "DELETE",
        "/tenants/users",
        Some(json!({"username": "dave", "tenant_name": "payments"})),
    );
    assert_eq!(add.parse(ok(204, "")).unwrap(), None);

    let group = TenantGroup {
        change: Membership::Add,
        tenant_name: "payments".into(),
        group_name: "sre".into(),
        role: None,
        get_data: false,
    };
    check(
        &group,
        "PUT",
        "/tenants/user-groups",
        Some(json!({"group_name": "sre", "tenant_name": "payments"})),
    );
    let patch = TenantGroup {
        change: Membership::Update,
        role: Some(TenantRole::Manager),
        ..group.clone()
    };
    check(
        &patch,
        "PATCH",
        "/tenants/user-groups",
        Some(json!({"group_name": "sre", "tenant_name": "payments", "role": "manager"})),
    );
    let remove = TenantGroup {
        change: Membership::Remove,
        ..group
    };
    check(
        &remove,
        "DELETE",
        "/tenants/user-groups",
        Some(json!({"group_name": "sre", "tenant_name": "payments"})),
    );
}

#[test]
fn tenant_answers_from_the_seed() {
    let page = ListTenants::default()
        .parse(ok(200, r#"{"items":[{"name":"default_tenant","groups":0,"users":1}],"metadata":{"pagination":{"total":1,"offset":0,"size":0}}}"#))
        .unwrap();
    assert_eq!(
        (page.items[0].user_count(), page.items[0].group_count()),
        (Some(1), Some(0))
    );
    let page = ListTenants::default()
        .parse(ok(200, r#"{"items":[{"name":"default_tenant","groups":{},"users":{"admin":{"tenant-role":"user","roles":["user"]}}}],"metadata":{"pagination":{"total":1,"offset":0,"size":0}}}"#))
        .unwrap();
    let Some(CountOr::Data(users)) = &page.items[0].users else {
        panic!("users with data")
    };
    assert_eq!(users["admin"].tenant_role.as_deref(), Some("user"));
    let t = TenantGroup::default()
        .parse(ok(
            200,
            r#"{"name":"t","groups":{"sre":"viewer"},"users":{}}"#,
        ))
        .unwrap()
        .unwrap();
    let Some(CountOr::Data(groups)) = &t.groups else {
        panic!("groups with data")
    };
    assert_eq!(groups["sre"], "viewer");
    let t = GetTenant::default()
        .parse(ok(200, r#"{"name":"t","users":2,"groups":1,"user_roles":{"direct":{"a":"user"},"groups":{}},"rabbitmq_vhost":"t"}"#))
        .unwrap();
    assert_eq!(t.user_roles.unwrap().direct["a"], "user");
    let e = CreateTenant::default()
        .parse(ok(
            409,
            r#"{"message":"Tenant `t` already exists","error_code":"conflict_error"}"#,
        ))
        .unwrap_err();
    assert_eq!(e.code, "conflict_error");
}

#[test]
fn user_requests() {
    check(
        &ListUsers {
            query: ListQuery::new().page(20, 40).include(["username", "role"]),
            get_data: true,
        },
        "GET",
        "/users?_include=username%2Crole&_size=20&_offset=40&_get_data=true",
        None,
    );
    check(
        &GetUser {
            username: "dé".into(),
            get_data: false,
        },
        "GET",
        "/users/d%C3%A9",
        None,
    );
    let create = CreateUser {
        username: "dave".into(),
        password: "pw:ü".into(),
        role: SystemRole::Default,
        is_prehashed: None,
    };
    check(
        &create,
        "PUT",
        "/users",
        Some(json!({"username": "dave", "password": "pw:ü", "role": "default"})),
    );
    assert!(!format!("{create:?}").contains("pw:"));
    let hashed = CreateUser {
        is_prehashed: Some(true),
        ..create
    };
    assert_eq!(request(&hashed).2.unwrap()["is_prehashed"], true);
    check(
        &DeleteUser {
            username: "dave".into(),
        },
        "DELETE",
        "/users/dave",
        None,
    );
    let set = |change| UpdateUser {
        username: "dave".into(),
        change,
    };
    check(
        &set(UserChange::Password("n3w".into())),
        "POST",
        "/users/dave",
        Some(json!({"password": "n3w"})),
    );
    assert!(!format!("{:?}", set(UserChange::Password("n3w".into()))).contains("n3w"));
    check(
        &set(UserChange::Role(SystemRole::SysAdmin)),
        "POST",
        "/users/dave",
        Some(json!({"role": "sys_admin"})),
    );
    check(
        &set(UserChange::ShowGettingStarted(false)),
        "POST",
        "/users/dave",
        Some(json!({"show_getting_started": false})),
    );
    check(
        &SetUserActive {
            username: "dave".into(),
            active: false,
        },
        "POST",
        "/users/active/dave",
        Some(json!({"action": "deactivate"})),
    );
    check(
        &SetUserActive {
            username: "dave".into(),
            active: true,
        },
        "POST",
        "/users/active/dave",
        Some(json!({"action": "activate"})),
    );
    check(
        &UnlockUser {
            username: "dave".into(),
        },
        "POST",
        "/users/unlock/dave",
        None,
    );
}

#[test]
fn user_answers_from_the_seed() {
    let page = ListUsers::default()
        .parse(ok(200, r#"{"items":[{"active":true,"first_login_at":"2021-12-20T16:17:13.673Z","group_system_roles":{},"groups":0,"is_locked":false,"last_login_at":"2021-12-21T13:05:47.533Z","role":"sys_admin","show_getting_started":false,"tenant_roles":null,"tenants":1,"username":"admin"}],"metadata":{"filtered":null,"pagination":{"offset":0,"size":1000,"total":1}}}"#))
        .unwrap();
    assert!(page.items[0].is_admin());
    assert_eq!(
        page.items[0].first_login_at.unwrap().to_wire(),
        "2021-12-20T16:17:13.673Z"
    );
    let u = GetUser::default()
        .parse(ok(200, r#"{"active":true,"first_login_at":"2021-12-20T16:17:13.673Z","group_system_roles":{"sys_admin":["admins"]},"groups":[],"is_locked":false,"last_login_at":"2021-12-21T15:48:25.067Z","password_hash":null,"role":"sys_admin","show_getting_started":false,"tenant_roles":{"direct":{"default_tenant":"user"},"groups":{}},"tenants":{"default_tenant":{"roles":["user"],"tenant-role":"user"}},"username":"admin"}"#))
        .unwrap();
    assert_eq!(
        u.tenant_roles.as_ref().unwrap().direct["default_tenant"],
        "user"
    );
    assert_eq!(
        u.group_system_roles.as_ref().unwrap()["sys_admin"],
        ["admins"]
    );
    assert_eq!(u.tenant_names(), ["default_tenant"]);
    // The seed's create answer has lower-case `t`/`z` in its times; real managers do not.
    let e = CreateUser::default()
        .parse(ok(
            201,
            r#"{"username":"admin","first_login_at":"2021-12-20t16:17:13.673z"}"#,
        ))
        .unwrap_err();
    assert_eq!(e.code, "invalid_response");
    let u = UpdateUser {
        username: "admin".into(),
        change: UserChange::ShowGettingStarted(true),
    }
    .parse(ok(
        200,
        r#"{"username":"admin","show_getting_started":true,"tenants":1,"groups":0}"#,
    ))
    .unwrap();
    assert_eq!(u.show_getting_started, Some(true));
}

#[test]
fn user_group_requests_and_answers() {
    check(
        &ListUserGroups {
            query: ListQuery::new().page(10, 0),
            get_data: true,
        },
        "GET",
        "/user-groups?_size=10&_offset=0&_get_data=true",
        None,
    );
    check(
        &GetUserGroup {
            name: "sre".into(),
            get_data: false,
        },
        "GET",
        "/user-groups/sre",
        None,
    );
    check(
        &CreateUserGroup {
            group_name: "sre".into(),
            ldap_group_dn: None,
            role: SystemRole::Default,
            get_data: true,
        },
        "POST",
        "/user-groups?_get_data=true",
        Some(json!({"group_name": "sre", "ldap_group_dn": null, "role": "default"})),
    );
    check(
        &SetUserGroupRole {
            name: "sre".into(),
            role: SystemRole::SysAdmin,
        },
        "POST",
        "/user-groups/sre",
        Some(json!({"role": "sys_admin"})),
    );
    check(
        &DeleteUserGroup { name: "sre".into() },
        "DELETE",
        "/user-groups/sre",
        None,
    );
    let add = GroupMember {
        username: "bob".into(),
        group_name: "sre".into(),
        add: true,
        get_data: true,
    };
    check(
        &add,
        "PUT",
        "/user-groups/users?_get_data=true",
        Some(json!({"username": "bob", "group_name": "sre"})),
    );
    let remove = GroupMember {
        add: false,
        ..add.clone()
    };
    check(
        &remove,
        "DELETE",
        "/user-groups/users",
        Some(json!({"username": "bob", "group_name": "sre"})),
    );
    assert_eq!(remove.parse(ok(204, "")).unwrap(), None);

    let g = add
        .parse(ok(200, r#"{"ldap_dn":"ldap_group_dn","tenants":{},"name":"<group_name>","users":["<username_to_add>"]}"#))
        .unwrap()
        .unwrap();
    assert_eq!(
        g.users,
        Some(CountOr::Data(vec!["<username_to_add>".to_string()]))
    );
    let page = ListUserGroups::default()
        .parse(ok(200, r#"{"items":[{"ldap_dn":"ldap_group_dn","tenants":0,"name":"group_name","users":0}],"metadata":{"pagination":{"total":1,"offset":0,"size":0}}}"#))
        .unwrap();
    assert_eq!(page.items[0].ldap_dn.as_deref(), Some("ldap_group_dn"));
    assert_eq!(page.items[0].tenants, Some(CountOr::Count(0)));
}

#[test]
fn token_requests_and_answers() {
    check(
        &GetToken {
            id: "59vJqzwlWT".into(),
        },
        "GET",
        "/tokens/59vJqzwlWT",
        None,
    );
    check(
        &ListTokens {
            query: ListQuery::new().page(100, 0),
        },
        "GET",
        "/tokens?_size=100&_offset=0",
        None,
    );
    // The seed's `GET /tokens` answer is the old single-token form.
    let page = ListTokens::default()
        .parse(ok(200, r#"{"role":"admin","value":"WyIwIiwiZjRmNTUzMWRmYmFmZGZmNTlkNTkyZGY2MjMxYzkyNTEiXQ.C_YU9Q.IhQMlnXZIaCtWUUHH_CzHP4-Bg4"}"#))
        .unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].role.as_deref(), Some("admin"));
    let t = GetToken { id: "x".into() }
        .parse(ok(200, r#"{"id":"x","username":"admin","value":"ctok-x-********","role":"sys_admin","expiration_date":null,"last_used":"2026-11-22T12:00:00.000Z","description":"ui"}"#))
        .unwrap();
    assert!(t.last_used.is_some());
}

#[test]
fn permission_requests_and_answers() {
    check(&ListPermissions::default(), "GET", "/permissions", None);
    check(
        &ListPermissions {
            role: Some("viewer".into()),
            query: ListQuery::new().page(200, 0),
        },
        "GET",
        "/permissions/viewer?_size=200&_offset=0",
        None,
    );
    let add = SetPermission {
        role: "viewer".into(),
        permission: "blueprint_list".into(),
        allow: true,
    };
    check(&add, "PUT", "/permissions/viewer/blueprint_list", None);
    let remove = SetPermission {
        allow: false,
        ..add.clone()
    };
    check(
        &remove,
        "DELETE",
        "/permissions/viewer/blueprint_list",
        None,
    );
    assert_eq!(remove.parse(ok(204, "")).unwrap(), None);
    assert_eq!(
        add.parse(ok(200, "")).unwrap().unwrap().permission,
        "blueprint_list"
    );
    let p = add
        .parse(ok(
            200,
            r#"{"role":"viewer","permission":"blueprint_list"}"#,
        ))
        .unwrap()
        .unwrap();
    assert_eq!(p.role, "viewer");
    let page = ListPermissions::default()
        .parse(ok(200, r#"{"items":[{"role":"operations","permission":"agent_list"},{"role":"operations","permission":"agent_create"}],"metadata":{"pagination":{"total":128,"offset":0,"size":1000}}}"#))
        .unwrap();
    assert_eq!((page.items.len(), page.pagination().total), (2, 128));
}

#[test]
fn ldap_requests_and_answers() {
    let set = SetLdap {
        ldap_server: "ldaps://LDAPSERVER:636".into(),
        ldap_username: Some("DC=example,DC=com".into()),
        ldap_password: Some("PASS".into()),
        ldap_is_active_directory: true,
        ldap_base_dn: Some("DC=example,DC=com".into()),
        ldap_bind_format: Some("{username}".into()),
        ldap_user_filter: Some("sAMAccountName={username}".into()),
        ldap_group_member_filter: Some("memberOf={object_dn}".into()),
        ldap_attribute_group_membership: Some("memberOf".into()),
        ldap_ca_cert: Some("-----BEGIN CERTIFICATE-----\n\n-----END CERTIFICATE-----\n".into()),
        ..Default::default()
    };
    assert!(!format!("{set:?}").contains("PASS"));
    // The seed's `requests` payload, key for key.
    check(
        &set,
        "POST",
        "/ldap",
        Some(json!({
            "ldap_server": "ldaps://LDAPSERVER:636", "ldap_is_active_directory": true, "ldap_domain": null,
            "ldap_dn_extra": null, "ldap_username": "DC=example,DC=com", "ldap_password": "PASS",
            "ldap_base_dn": "DC=example,DC=com", "ldap_group_dn": null, "ldap_bind_format": "{username}",
            "ldap_user_filter": "sAMAccountName={username}", "ldap_group_member_filter": "memberOf={object_dn}",
            "ldap_attribute_email": null, "ldap_attribute_first_name": null, "ldap_attribute_last_name": null,
            "ldap_attribute_uid": null, "ldap_attribute_group_membership": "memberOf", "ldap_nested_levels": null,
            "ldap_ca_cert": "-----BEGIN CERTIFICATE-----\n\n-----END CERTIFICATE-----\n"
        })),
    );
    let s = set
        .parse(ok(200, r#"{ "ldap_server": "ldap://ldap-service.default.svc.cluster.local", "ldap_username": "cn=admin,dc=example,dc=org", "ldap_domain": "", "ldap_is_active_directory": false, "ldap_dn_extra": "" }"#))
        .unwrap();
    assert_eq!(s.ldap_is_active_directory, Some(false));
    check(&GetLdap, "GET", "/ldap", None);
    assert!(GetLdap.parse(ok(200, r#""enabled""#)).unwrap().is_enabled());
    assert!(!GetLdap
        .parse(ok(200, r#""disabled""#))
        .unwrap()
        .is_enabled());
    assert!(matches!(
        GetLdap
            .parse(ok(200, r#"{"ldap_server":"ldap://x"}"#))
            .unwrap(),
        LdapStatus::Settings(_)
    ));
}

#[test]
fn license_requests_and_answers() {
    let up = UploadLicense {
        text: "license:\n  customer_id: C\nsignature: !!binary |\n  AAAA\n".into(),
    };
    let r = up.request(&session());
    assert_eq!(
        (r.method().as_str(), r.uri().path()),
        ("PUT", "/api/v3.1/license")
    );
    assert_eq!(r.headers()["content-type"], "application/json");
    assert_eq!(r.body(), up.text.as_bytes(), "the file's text, as it is");
    check(&ListLicense, "GET", "/license", None);
    check(&DeleteLicense, "DELETE", "/license", None);
    let l = up
        .parse(ok(200, r#"{"expiration_date":"2018-11-24T00:00:00.000Z","cloudify_version":"4.6","license_edition":"Spire","capabilities":["Mock1","Mock2"],"trial":false,"customer_id":"CloudifyMock","expired":true}"#))
        .unwrap();
    assert_eq!((l.expired, l.capabilities.unwrap().len()), (Some(true), 2));
    let page = ListLicense
        .parse(ok(200, r#"{"items":[{"expiration_date":"2018-11-24T00:00:00.000Z","cloudify_version":"4.6","license_edition":"Spire","capabilities":["Mock1","Mock2"],"trial":false,"customer_id":"CloudifyMock","expired":true}],"metadata":{"pagination":{"total":1,"offset":0,"size":1000}}}"#))
        .unwrap();
    assert_eq!(page.items[0].customer_id.as_deref(), Some("CloudifyMock"));
    let e = up
        .parse(ok(
            400,
            r#"{"message":"bad","error_code":"unverified_cloudify_license"}"#,
        ))
        .unwrap_err();
    assert!(e.license_problem().is_some());
}

const STATUS: &str = r#"{"status":"OK","services":{"PostgreSQL":{"status":"Active","is_remote":false,"extra_info":{"systemd":{"instances":[{"LoadState":"loaded","Description":"PostgreSQL 9.5 database server","state":"running","MainPID":39,"Id":"postgresql-9.5.service","ActiveState":"active","SubState":"running"}],"display_name":"PostgreSQL","unit_id":"postgresql-9.5.service"}}},"RabbitMQ":{"status":"Active","is_remote":false,"extra_info":{"systemd":{"instances":[{"LoadState":"loaded","Description":"RabbitMQ Service","state":"running","MainPID":351,"Id":"cloudify-rabbitmq.service","ActiveState":"active","SubState":"running"}],"display_name":"RabbitMQ","unit_id":"cloudify-rabbitmq.service"},"connection_check":"OK"}}}}"#;

#[test]
fn status_and_version() {
    check(&GetStatus { summary: false }, "GET", "/status", None);
    check(
        &GetStatus { summary: true },
        "GET",
        "/status?summary=true",
        None,
    );
    let s = GetStatus::default().parse(ok(200, STATUS)).unwrap();
    assert_eq!(s.status, Some(Health::Ok));
    let pg = &s.services["PostgreSQL"];
    assert_eq!(pg.status, Some(ServiceState::Active));
    let unit = &pg
        .extra_info
        .as_ref()
        .unwrap()
        .systemd
        .as_ref()
        .unwrap()
        .instances
        .as_ref()
        .unwrap()[0];
    assert_eq!(
        (unit.main_pid, unit.active_state.as_deref()),
        (Some(39), Some("active"))
    );
    let rabbit = s.services["RabbitMQ"].extra_info.as_ref().unwrap();
    assert_eq!(rabbit.connection_check.as_deref(), Some("OK"));
    let summary = GetStatus { summary: true }
        .parse(ok(200, r#"{"status":"OK","services":{}}"#))
        .unwrap();
    assert!(summary.services.is_empty());
    // A failing manager answers 500 with its status.
    let failing = GetStatus::default()
        .parse(ok(500, r#"{"status":"Fail","services":{"Webserver":{"status":"Inactive","is_remote":false,"extra_info":{}}}}"#))
        .unwrap();
    assert_eq!(failing.status, Some(Health::Fail));
    assert!(GetStatus::default()
        .parse(ok(
            500,
            r#"{"message":"boom","error_code":"internal_server_error"}"#
        ))
        .is_err());
    check(&GetVersion, "GET", "/version", None);
    assert_eq!(
        GetVersion
            .parse(ok(200, r#"{"version": "4.0.1"}"#))
            .unwrap()
            .version
            .as_deref(),
        Some("4.0.1")
    );
}

#[test]
fn cluster_status_and_managers() {
    check(
        &GetClusterStatus { summary: false },
        "GET",
        "/cluster-status",
        None,
    );
    check(
        &GetClusterStatus { summary: true },
        "GET",
        "/cluster-status?summary=true",
        None,
    );
    let s = GetClusterStatus::default()
        .parse(ok(200, r#"{"status":"OK","services":{"manager":{"status":"OK","nodes":{"cfy-manager":{"status":"OK","version":"5.1","public_ip":"172.20.0.2","private_ip":"172.20.0.2","services":{"Blackbox Exporter":{"extra_info":{"systemd":{"display_name":"Blackbox Exporter","instances":[{"Description":"Prometheus blackbox exporter (HTTP/HTTPS/TCP pings)","Id":"blackbox_exporter.service","state":"running"}],"unit_id":"blackbox_exporter.service"}},"status":"Active"}}}},"is_external":false},"db":{"status":"OK","nodes":{"cfy-db":{"status":"OK","version":"5.1","public_ip":null,"private_ip":"172.20.0.2","services":{}}},"is_external":false},"broker":{"status":"Degraded","nodes":{},"is_external":false}}}"#))
        .unwrap();
    let node = &s.services["manager"].nodes.as_ref().unwrap()["cfy-manager"];
    assert_eq!(node.version.as_deref(), Some("5.1"));
    assert_eq!(
        node.services.as_ref().unwrap()["Blackbox Exporter"].status,
        Some(ServiceState::Active)
    );
    assert_eq!(s.services["broker"].status, Some(Health::Degraded));
    let failed = GetClusterStatus { summary: true }
        .parse(ok(500, r#"{"status":"Fail","services":{}}"#))
        .unwrap();
    assert_eq!(failed.status, Some(Health::Fail));

    const NODE: &str = r#"{"id":0,"hostname":"node1.openstack.local","private_ip":"172.20.0.2","public_ip":"191.31.72.16","version":"5.0.0","edition":"premium","distribution":"centos","distro_release":"core","fs_sync_node_id":"P56IOI7-MZJNU2Y-IQGDREY-...","networks":{"default":"172.20.0.2","network_2":"174.40.0.4"},"ca_cert_content":"CERT CONTENT"}"#;
    check(&ListManagers::default(), "GET", "/managers", None);
    let page = ListManagers::default()
        .parse(ok(200, &format!(r#"{{"items":[{NODE}]}}"#)))
        .unwrap();
    assert_eq!(
        page.pagination().total,
        1,
        "no metadata: one page with everything"
    );
    assert_eq!(
        page.items[0].networks.as_ref().unwrap()["network_2"],
        "174.40.0.4"
    );
    check(
        &GetManager {
            hostname: "node1.openstack.local".into(),
        },
        "GET",
        "/managers/node1.openstack.local",
        None,
    );
    assert_eq!(
        GetManager::default().parse(ok(200, NODE)).unwrap().id,
        Some(0)
    );
    let del = DeleteManager {
        hostname: "node1".into(),
    };
    check(&del, "DELETE", "/managers/node1", None);
    assert_eq!(del.parse(ok(204, "")).unwrap(), None);
    assert_eq!(
        del.parse(ok(200, NODE)).unwrap().unwrap().hostname,
        "node1.openstack.local"
    );
}

#[test]
fn maintenance_requests_and_answers() {
    check(&GetMaintenance, "GET", "/maintenance", None);
    check(
        &SetMaintenance { activate: true },
        "POST",
        "/maintenance/activate",
        None,
    );
    check(
        &SetMaintenance { activate: false },
        "POST",
        "/maintenance/deactivate",
        None,
    );
    let m = GetMaintenance
        .parse(ok(200, r#"{"status":"deactivated","activated_at":"","remaining_executions":[],"requested_by":"","activation_requested_at":""}"#))
        .unwrap();
    assert_eq!(
        (m.status.clone(), m.activated_at, m.is_on()),
        (Some(MaintenanceStatus::Deactivated), None, false)
    );
    let m = GetMaintenance
        .parse(ok(200, r#"{"status":"activating","activated_at":"","remaining_executions":[{"id":"e1","status":"started","deployment_id":"d","workflow_id":"install"}],"requested_by":"admin","activation_requested_at":"2026-11-22T12:00:00.000Z"}"#))
        .unwrap();
    assert!(m.is_on());
    assert_eq!(
        m.remaining_executions.unwrap()[0].workflow_id.as_deref(),
        Some("install")
    );
    assert!(GetMaintenance
        .parse(ok(
            200,
            r#"{"status":"activated","activated_at":"yesterday"}"#
        ))
        .is_err());
    let e = SetMaintenance { activate: true }
        .parse(ok(304, ""))
        .unwrap_err();
    assert!(e.is_not_modified());
}

#[test]
fn metrics_requests_and_answers() {
    check(
        &ListMetrics {
            query: ListQuery::new().include(["id"]),
        },
        "GET",
        "/metrics?_include=id",
        None,
    );
    let get = GetMetric {
        id: "7".into(),
        include: vec!["id".into()],
    };
    check(&get, "GET", "/metrics?id=7&_include=id", None);
    let one = get
        .parse(ok(
            200,
            r#"{"items":[{"id":1}],"metadata":{"pagination":{"total":1,"offset":0,"size":0}}}"#,
        ))
        .unwrap();
    assert_eq!(one.id.unwrap().to_string(), "1");
    let e = get
        .parse(ok(
            200,
            r#"{"items":[],"metadata":{"pagination":{"total":0,"offset":0,"size":0}}}"#,
        ))
        .unwrap_err();
    assert_eq!((e.status, e.code.as_str()), (Some(404), "not_found_error"));
    let create = CreateMetric {
        id: "m 1".into(),
        blueprint_id: "bp".into(),
        deployment_id: "d".into(),
        execution_id: "e".into(),
        timestamp: "2026-11-22T12:00:00.000Z".into(),
        name: "workflow:install".into(),
        value: "12.5".into(),
        include: vec!["id".into()],
    };
    check(
        &create,
        "PUT",
        "/metrics/m%201?_include=id",
        Some(
            json!({"blueprint_id": "bp", "deployment_id": "d", "execution_id": "e",
                    "timestamp": "2026-11-22T12:00:00.000Z", "name": "workflow:install", "value": "12.5"}),
        ),
    );
    assert_eq!(
        create
            .parse(ok(201, r#"{"id": 4}"#))
            .unwrap()
            .id
            .unwrap()
            .as_f64(),
        Some(4.0)
    );
    let page = ListMetrics::default()
        .parse(ok(200, r#"{"items":[{"id":1},{"id":2},{"id":3}],"metadata":{"pagination":{"total":3,"size":0,"offset":0},"filtered":null}}"#))
        .unwrap();
    assert_eq!(page.items.len(), 3);
    let overview = GetMetricsOverview {
        since: Some("2026-01-01 00:00".into()),
        workflow_id: Some("install".into()),
        ..Default::default()
    };
    check(
        &overview,
        "GET",
        "/metrics-overview?since=2026-01-01+00%3A00&workflow_id=install",
        None,
    );
    let rows = overview
        .parse(ok(200, r#"{"items":[{"event_type":"workflow","event_id":"workflow_1","average_duration":326.370019,"success_rate":1},{"event_type":"task","event_id":"task_2","average_duration":0,"success_rate":0}],"metadata":{"pagination":{}}}"#))
        .unwrap();
    assert_eq!(rows[0].event_type, Some(MetricEventType::Workflow));
    assert_eq!(rows[1].success_rate, Some(0.0));
}

#[test]
fn config_requests() {
    check(&ListConfig::default(), "GET", "/config", None);
    check(
        &ListConfig {
            scope: Some("rest".into()),
        },
        "GET",
        "/config?scope=rest",
        None,
    );
    let page = ListConfig::default()
        .parse(ok(200, r#"{"metadata": {}, "items": [{"name": "broker_port", "value": 5671, "schema": {"type": "integer"}, "is_editable": true, "admin_only": false, "updated_at": null, "scope": "agent", "updater_name": null}]}"#))
        .unwrap();
    assert_eq!(page.items[0].value, 5671);
    assert_eq!(page.pagination().total, 1);
}

/// `GET /config/<scope>.<name>` (the client's `manager.get_config(name, scope)`), the dot
/// joining scope and name inside one encoded segment.
#[test]
fn one_config_value_request_and_answer() {
    let e = GetConfigValue {
        scope: "rest".into(),
        name: "failed_logins_before_account_lock".into(),
    };
    check(
        &e,
        "GET",
        "/config/rest.failed_logins_before_account_lock",
        None,
    );
    let v = e
        .parse(ok(200, r#"{"name":"failed_logins_before_account_lock","value":4,"scope":"rest","schema":{"type":"number"},"is_editable":true}"#))
        .unwrap();
    assert_eq!(v.name, "failed_logins_before_account_lock");
    let odd = GetConfigValue {
        scope: "my scope".into(),
        name: "a/b".into(),
    };
    check(&odd, "GET", "/config/my%20scope.a%2Fb", None);
}

/// `GET /license-check` (the client's `license.check()`): success when the license is valid,
/// the manager's license error otherwise.
#[test]
fn license_check_request_and_answers() {
    check(&CheckLicense, "GET", "/license-check", None);
    assert!(CheckLicense.parse(ok(200, "")).is_ok());
    let missing = CheckLicense
        .parse(ok(
            400,
            r#"{"message":"No active license","error_code":"missing_cloudify_license"}"#,
        ))
        .unwrap_err();
    assert!(missing.is_license(), "{missing:?}");
}
