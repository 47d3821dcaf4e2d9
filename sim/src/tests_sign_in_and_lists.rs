//! The demo manager's sign-in, tokens, tenants, and the paging, sorting, projection and search
//! every list shares, through the typed endpoints.

use chrono::NaiveDate;

use super::*;
use baton_core::conductor::auth::{CreateToken, GetCurrentUser, ListTokens};
use baton_core::conductor::blueprints::{GetBlueprint, ListBlueprints};
use baton_core::conductor::deployments::{GetDeployment, ListDeployments};
use baton_core::conductor::manager::GetVersion;
use baton_core::conductor::tenants::ListTenants;
use baton_core::endpoint::Endpoint;
use baton_core::error::ApiError;
use baton_core::query::SortKey;
use baton_core::session::{Credentials, Session};

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 22)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap()
}

fn admin() -> Session {
    Session::same_origin()
        .with_tenant("default_tenant")
        .with_credentials(Credentials::Basic {
            username: "admin".into(),
            password: "admin".into(),
        })
}

fn call<E: Endpoint>(m: &mut DemoManager, s: &Session, e: &E) -> Result<E::Output, ApiError> {
    e.parse(m.handle(&e.request(s), now()))
}

fn deployments(q: ListQuery) -> ListDeployments {
    ListDeployments { query: q }
}

#[test]
fn demo_data_set_has_the_promised_shape() {
    let m = DemoManager::demo();
    assert_eq!(m.tenants.len(), 3);
    assert_eq!(m.users.len(), 4);
    let bps: usize = m.tenants.iter().map(|t| t.blueprints.len()).sum();
    let deps: usize = m.tenants.iter().map(|t| t.deployments.len()).sum();
    assert_eq!((bps, deps), (30, 600));
    let all = m.tenants.iter().flat_map(|t| &t.deployments);
    assert!(
        all.clone().any(|d| d.name().len() > 150),
        "a very long display name"
    );
    for key in ["env", "region", "tier", "csys-obj-type", "csys-obj-parent"] {
        assert!(all.clone().any(|d| d.label(key).is_some()), "label {key}");
    }
    let mut ids: Vec<&str> = all.map(|d| d.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 600, "deployment ids are unique");
    // Deterministic: two builds are identical.
    assert_eq!(
        DemoManager::demo().tenants[0].deployments[17],
        m.tenants[0].deployments[17]
    );
}

#[test]
fn auth_rules() {
    let mut m = DemoManager::demo();
    let wrong = Session::same_origin()
        .with_tenant("default_tenant")
        .with_credentials(Credentials::Basic {
            username: "admin".into(),
            password: "nope".into(),
        });
    let e = call(&mut m, &wrong, &GetVersion).unwrap_err();
    assert_eq!(
        (e.status, e.code.as_str()),
        (Some(401), "unauthorized_error")
    );
    assert!(e.message.contains("Wrong credentials"));
    let e = call(&mut m, &Session::same_origin(), &GetVersion).unwrap_err();
    assert_eq!(e.status, Some(401));
    let e = call(
        &mut m,
        &Session::same_origin().with_credentials(Credentials::Token("ctok-x-y".into())),
        &GetVersion,
    )
    .unwrap_err();
    assert!(e.is_unauthorized());
    assert_eq!(
        call(&mut m, &admin(), &GetVersion)
            .unwrap()
            .version
            .as_deref(),
        Some("7.1.0")
    );
}

#[test]
fn tenant_header_rules() {
    let mut m = DemoManager::demo();
    let mut s = admin();
    s.tenant = None;
    let e = call(&mut m, &s, &deployments(ListQuery::new())).unwrap_err();
    assert_eq!(
        (e.status, e.message.as_str()),
        (Some(403), "Authorization failed: tenant not provided")
    );
    let e = call(
        &mut m,
        &s.clone().with_tenant("nope"),
        &deployments(ListQuery::new()),
    )
    .unwrap_err();
    assert_eq!(e.code, "forbidden_error");
    assert!(e.message.contains("invalid tenant name: nope"));
    let carol = Session::same_origin()
        .with_tenant("default_tenant")
        .with_credentials(Credentials::Basic {
            username: "carol".into(),
            password: "carol".into(),
        });
    let e = call(&mut m, &carol, &deployments(ListQuery::new())).unwrap_err();
    assert_eq!(e.status, Some(403));
    let page = call(
        &mut m,
        &carol.with_tenant("research"),
        &deployments(ListQuery::new()),
    )
    .unwrap();
    assert_eq!(page.pagination().total, 30);
}

#[test]
fn tokens_sign_in_and_survive_a_new_manager() {
    let mut m = DemoManager::demo();
    let token = call(
        &mut m,
        &admin(),
        &CreateToken {
            description: Some("Baton".into()),
            expiration_date: Some("+10h".into()),
        },
    )
    .unwrap();
    let value = token.value.clone().unwrap();
    assert!(value.starts_with("ctok-"));
    assert_eq!(
        token.expiration_date.unwrap().0,
        now() + Duration::hours(10)
    );
    let by_token = admin().with_credentials(Credentials::Token(value.clone()));
    let me = call(&mut m, &by_token, &GetCurrentUser::default()).unwrap();
    assert_eq!(me.username, "admin");
    assert_eq!(
        me.tenant_names(),
        ["default_tenant", "payments", "research"]
    );
    // A page reload builds a new in-memory manager; the token still works there.
    let mut fresh = DemoManager::demo();
    assert!(call(&mut fresh, &by_token, &GetVersion).is_ok());
    // Lists mask the value.
    let list = call(&mut m, &by_token, &ListTokens::default()).unwrap();
    assert_eq!(list.items.len(), 1);
    assert!(list.items[0]
        .value
        .as_deref()
        .unwrap()
        .ends_with("********"));
    // A tampered token is refused; an expired one too.
    let tampered = value.replace(".", ",");
    assert!(call(
        &mut m,
        &admin().with_credentials(Credentials::Token(tampered)),
        &GetVersion
    )
    .is_err());
    let late = now() + Duration::hours(11);
    let r = m.handle(&GetVersion.request(&by_token), late);
    assert_eq!(r.status(), 401);
}

#[test]
fn token_expiration_is_validated() {
    let mut m = DemoManager::demo();
    for bad in ["tomorrow", "+10 Hours", "+1"] {
        let e = call(
            &mut m,
            &admin(),
            &CreateToken {
                description: None,
                expiration_date: Some(bad.into()),
            },
        )
        .unwrap_err();
        assert_eq!(
            (e.status, e.code.as_str()),
            (Some(400), "bad_parameters_error"),
            "{bad}"
        );
    }
    let e = call(
        &mut m,
        &admin(),
        &CreateToken {
            description: None,
            expiration_date: Some("2020-01-01 10:00".into()),
        },
    )
    .unwrap_err();
    assert!(e.message.contains("past"));
}

#[test]
fn json_calls_need_the_json_content_type() {
    let mut m = DemoManager::demo();
    let mut req = CreateToken::default().request(&admin());
    req.headers_mut().remove(http::header::CONTENT_TYPE);
    let e = ApiError::from_response(&m.handle(&req, now()));
    assert_eq!(
        (e.status, e.code.as_str()),
        (Some(415), "unsupported_content_type_error")
    );
}

#[test]
fn paging_sorting_projection_and_search() {
    let mut m = DemoManager::demo();
    let q = ListQuery::new()
        .include(["id", "created_at"])
        .sort(SortKey::desc("created_at"))
        .page(25, 50);
    let page = call(&mut m, &admin(), &deployments(q)).unwrap();
    assert_eq!(
        page.pagination(),
        baton_core::page::Pagination {
            total: 480,
            size: 25,
            offset: 50
        }
    );
    assert_eq!(page.items.len(), 25);
    assert!(
        page.items
            .iter()
            .all(|d| d.labels.is_none() && d.blueprint_id.is_none()),
        "only included fields"
    );
    let times: Vec<_> = page.items.iter().map(|d| d.created_at.unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "sorted descending");

    // Multi-key sort: blueprint ascending, then id descending within it.
    let q = ListQuery::new()
        .sort(SortKey::asc("blueprint_id"))
        .sort(SortKey::desc("id"))
        .page(1000, 0);
    let all = call(&mut m, &admin(), &deployments(q)).unwrap().items;
    assert!(all.windows(2).all(|w| {
        let (a, b) = (&w[0], &w[1]);
        a.blueprint_id < b.blueprint_id || (a.blueprint_id == b.blueprint_id && a.id > b.id)
    }));

    // Search matches ids (and display names with _search_name), case-sensitively.
    let hits = call(
        &mut m,
        &admin(),
        &deployments(ListQuery::new().search("-prod-")),
    )
    .unwrap();
    assert!(hits.pagination().total > 0);
    assert!(hits.items.iter().all(|d| d.id.contains("-prod-")));
    assert_eq!(
        call(
            &mut m,
            &admin(),
            &deployments(ListQuery::new().search("-PROD-"))
        )
        .unwrap()
        .items
        .len(),
        0
    );

    // Field filters: repeated keys are OR-ed.
    let q = ListQuery::new()
        .filter("blueprint_id", "web-app")
        .filter("blueprint_id", "vault");
    let page = call(&mut m, &admin(), &deployments(q)).unwrap();
    assert!(!page.items.is_empty());
    assert!(page
        .items
        .iter()
        .all(|d| matches!(d.blueprint_id.as_deref(), Some("web-app" | "vault"))));

    let e = call(
        &mut m,
        &admin(),
        &deployments(ListQuery::new().include(["nope"])),
    )
    .unwrap_err();
    assert_eq!(e.code, "no_such_include_field_error");
}

#[test]
fn get_one_and_not_found() {
    let mut m = DemoManager::demo();
    let id = m.tenants[0].deployments[3].id.clone();
    let d = call(
        &mut m,
        &admin(),
        &GetDeployment {
            id: id.clone(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(d.id, id);
    assert!(d.outputs.is_some());
    let e = call(
        &mut m,
        &admin(),
        &GetDeployment {
            id: "no/such id".into(),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!((e.status, e.code.as_str()), (Some(404), "not_found_error"));
    assert_eq!(
        e.message,
        "Requested `Deployment` with ID `no/such id` was not found"
    );
    let bp = call(
        &mut m,
        &admin(),
        &GetBlueprint {
            id: "hello-world".into(),
            include: vec!["id".into()],
        },
    )
    .unwrap();
    assert_eq!((bp.id.as_str(), bp.description), ("hello-world", None));
    let bps = call(
        &mut m,
        &admin(),
        &ListBlueprints {
            query: ListQuery::new().page(100, 0),
        },
    )
    .unwrap();
    assert_eq!(bps.items.len(), 22);
}

#[test]
fn tenants_list_follows_membership() {
    let mut m = DemoManager::demo();
    let all = call(&mut m, &admin(), &ListTenants::default()).unwrap();
    assert_eq!(all.items.len(), 3);
    let bob = Session::same_origin().with_credentials(Credentials::Basic {
        username: "bob".into(),
        password: "bob".into(),
    });
    let mine: Vec<_> = call(&mut m, &bob, &ListTenants::default())
        .unwrap()
        .items
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(mine, ["default_tenant", "payments"]);
}

#[test]
fn injected_faults_answer_instead() {
    let mut m = DemoManager::demo();
    let mut f = Fault::new(
        "/deployments",
        503,
        "maintenance_mode_active",
        "Your request was rejected since Cloudify manager is currently in maintenance mode",
    );
    f.retry_after = Some(30);
    f.remaining = Some(1);
    m.inject_fault(f);
    let e = call(&mut m, &admin(), &deployments(ListQuery::new())).unwrap_err();
    assert!(e.is_maintenance());
    assert_eq!(e.retry_after, Some(30));
    assert!(
        call(&mut m, &admin(), &deployments(ListQuery::new())).is_ok(),
        "used up after one call"
    );
}

#[test]
fn unknown_paths_and_methods() {
    let mut m = DemoManager::demo();
    let req = admin().build(
        http::Method::GET,
        "/nothing-here",
        &Query::new(),
        Default::default(),
    );
    assert_eq!(m.handle(&req, now()).status(), 404);
    let req = admin().build(
        http::Method::DELETE,
        "/version",
        &Query::new(),
        Default::default(),
    );
    assert_eq!(m.handle(&req, now()).status(), 405);
    let req = http::Request::builder()
        .uri("/elsewhere")
        .body(Vec::new())
        .unwrap();
    assert_eq!(m.handle(&req, now()).status(), 404);
}
