//! The demo manager's administration families, driven through the typed endpoints.

use baton_core::conductor::auth::{
    CountOr, CreateToken, DeleteToken, GetCurrentUser, GetToken, ListTokens,
};
use baton_core::conductor::deployments::ListDeployments;
use baton_core::conductor::ldap::{GetLdap, SetLdap};
use baton_core::conductor::license::{DeleteLicense, ListLicense, UploadLicense};
use baton_core::conductor::manager::*;
use baton_core::conductor::metrics::*;
use baton_core::conductor::permissions::{ListPermissions, SetPermission};
use baton_core::conductor::tenants::*;
use baton_core::conductor::user_groups::*;
use baton_core::conductor::users::*;
use baton_core::error::{LicenseProblem, MaintenanceRefusal};
use baton_core::walk::{walk_all, WalkEnd};
use baton_core::{ApiError, Credentials, Endpoint, ListQuery, Session};
use baton_sim::DemoManager;
use chrono::{Duration, NaiveDate, NaiveDateTime};

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 22)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap()
}

fn as_user(name: &str, password: &str) -> Session {
    Session::same_origin()
        .with_tenant("default_tenant")
        .with_credentials(Credentials::Basic {
            username: name.into(),
            password: password.into(),
        })
}

fn admin() -> Session {
    as_user("admin", "admin")
}

fn bob() -> Session {
    as_user("bob", "bob")
}

fn call<E: Endpoint>(m: &mut DemoManager, s: &Session, e: &E) -> Result<E::Output, ApiError> {
    call_at(m, s, e, now())
}

fn call_at<E: Endpoint>(
    m: &mut DemoManager,
    s: &Session,
    e: &E,
    at: NaiveDateTime,
) -> Result<E::Output, ApiError> {
    e.parse(m.handle(&e.request(s), at))
}

fn code<T: std::fmt::Debug>(r: Result<T, ApiError>) -> (u16, String) {
    let e = r.unwrap_err();
    (e.status.unwrap_or(0), e.code)
}

fn new_user(name: &str, password: &str) -> CreateUser {
    CreateUser {
        username: name.into(),
        password: password.into(),
        role: SystemRole::Default,
        is_prehashed: None,
    }
}

fn deployments() -> ListDeployments {
    ListDeployments {
        query: ListQuery::new().page(5, 0),
    }
}

#[test]
fn users_are_created_changed_and_deleted_by_admins() {
    let mut m = DemoManager::demo();
    let dave = call(&mut m, &admin(), &new_user("dave", "d4ve")).unwrap();
    assert_eq!(
        (dave.username.as_str(), dave.role.as_deref(), dave.active),
        ("dave", Some("default"), Some(true))
    );
    assert_eq!(
        code(call(&mut m, &admin(), &new_user("dave", "x"))),
        (409, "conflict_error".into())
    );
    let e = call(&mut m, &admin(), &new_user("da ve", "x")).unwrap_err();
    assert_eq!(e.code, "bad_parameters_error");
    assert!(e.message.contains("illegal characters"), "{}", e.message);
    assert_eq!(code(call(&mut m, &admin(), &new_user("eve", ""))).0, 400);
    // Only admins manage users; a user reads itself.
    assert_eq!(
        code(call(&mut m, &bob(), &ListUsers::default())),
        (403, "forbidden_error".into())
    );
    assert_eq!(code(call(&mut m, &bob(), &new_user("mallory", "x"))).0, 403);
    assert_eq!(
        code(call(
            &mut m,
            &bob(),
            &GetUser {
                username: "alice".into(),
                get_data: false
            }
        ))
        .0,
        403
    );
    assert_eq!(
        call(
            &mut m,
            &bob(),
            &GetUser {
                username: "bob".into(),
                get_data: true
            }
        )
        .unwrap()
        .tenant_names(),
        ["default_tenant", "payments"]
    );

    let set = |change| UpdateUser {
        username: "dave".into(),
        change,
    };
    assert!(call(&mut m, &as_user("dave", "d4ve"), &GetCurrentUser::default()).is_ok());
    call(
        &mut m,
        &as_user("dave", "d4ve"),
        &set(UserChange::Password("n3w".into())),
    )
    .unwrap();
    assert_eq!(
        code(call(
            &mut m,
            &as_user("dave", "d4ve"),
            &GetCurrentUser::default()
        ))
        .0,
        401
    );
    let me = call(
        &mut m,
        &as_user("dave", "n3w"),
        &set(UserChange::ShowGettingStarted(false)),
    )
    .unwrap();
    assert_eq!(me.show_getting_started, Some(false));
    assert_eq!(
        code(call(
            &mut m,
            &as_user("dave", "n3w"),
            &set(UserChange::Role(SystemRole::SysAdmin))
        ))
        .0,
        403
    );
    let promoted = call(
        &mut m,
        &admin(),
        &set(UserChange::Role(SystemRole::SysAdmin)),
    )
    .unwrap();
    assert!(promoted.is_admin());
    assert_eq!(
        code(call(
            &mut m,
            &admin(),
            &set(UserChange::Role(SystemRole::Other("root".into())))
        ))
        .0,
        400
    );

    // Deactivated users cannot sign in, not even with a token.
    let token = call(&mut m, &as_user("dave", "n3w"), &CreateToken::default())
        .unwrap()
        .value
        .unwrap();
    let off = call(
        &mut m,
        &admin(),
        &SetUserActive {
            username: "dave".into(),
            active: false,
        },
    )
    .unwrap();
    assert_eq!(off.active, Some(false));
    assert_eq!(
        code(call(
            &mut m,
            &as_user("dave", "n3w"),
            &GetCurrentUser::default()
        ))
        .0,
        401
    );
    let by_token = admin().with_credentials(Credentials::Token(token));
    assert_eq!(
        code(call(&mut m, &by_token, &GetCurrentUser::default())).0,
        401
    );
    assert_eq!(
        code(call(
            &mut m,
            &admin(),
            &SetUserActive {
                username: "dave".into(),
                active: false
            }
        ))
        .0,
        400
    );
    call(
        &mut m,
        &admin(),
        &SetUserActive {
            username: "dave".into(),
            active: true,
        },
    )
    .unwrap();
    assert!(call(&mut m, &by_token, &GetCurrentUser::default()).is_ok());

    call(
        &mut m,
        &admin(),
        &DeleteUser {
            username: "dave".into(),
        },
    )
    .unwrap();
    assert_eq!(
        code(call(
            &mut m,
            &admin(),
            &GetUser {
                username: "dave".into(),
                get_data: false
            }
        )),
        (404, "not_found_error".into())
    );
    let e = call(
        &mut m,
        &admin(),
        &DeleteUser {
            username: "dave".into(),
        },
    )
    .unwrap_err();
    assert_eq!(e.message, "Requested `User` with ID `dave` was not found");
    assert_eq!(
        code(call(
            &mut m,
            &admin(),
            &DeleteUser {
                username: "admin".into()
            }
        ))
        .0,
        400
    );
    assert_eq!(
        code(call(
            &mut m,
            &admin(),
            &SetUserActive {
                username: "admin".into(),
                active: false
            }
        ))
        .0,
        400
    );
}

#[test]
fn failed_sign_ins_lock_an_account_until_unlocked_or_the_period_ends() {
    let mut m = DemoManager::demo();
    for _ in 0..4 {
        assert_eq!(
            code(call(
                &mut m,
                &as_user("bob", "wrong"),
                &GetCurrentUser::default()
            ))
            .0,
            401
        );
    }
    assert_eq!(
        code(call(&mut m, &bob(), &GetCurrentUser::default())).0,
        401,
        "locked"
    );
    let u = call(
        &mut m,
        &admin(),
        &GetUser {
            username: "bob".into(),
            get_data: false,
        },
    )
    .unwrap();
    assert_eq!(u.is_locked, Some(true));
    let later = now() + Duration::minutes(31);
    assert!(
        call_at(&mut m, &bob(), &GetCurrentUser::default(), later).is_ok(),
        "the lock period ended"
    );

    for _ in 0..4 {
        let _ = call(&mut m, &as_user("bob", "wrong"), &GetCurrentUser::default());
    }
    assert_eq!(
        code(call(&mut m, &bob(), &GetCurrentUser::default())).0,
        401
    );
    assert_eq!(
        code(call(
            &mut m,
            &bob(),
            &UnlockUser {
                username: "bob".into()
            }
        ))
        .0,
        401
    );
    assert_eq!(
        code(call(
            &mut m,
            &as_user("alice", "alice"),
            &UnlockUser {
                username: "bob".into()
            }
        ))
        .0,
        403
    );
    let u = call(
        &mut m,
        &admin(),
        &UnlockUser {
            username: "bob".into(),
        },
    )
    .unwrap();
    assert_eq!(u.is_locked, Some(false));
    assert!(call(&mut m, &bob(), &GetCurrentUser::default()).is_ok());
}

#[test]
fn tenants_and_memberships() {
    let mut m = DemoManager::demo();
    let create = CreateTenant {
        name: "team-c".into(),
        get_data: true,
        ..Default::default()
    };
    let t = call(&mut m, &admin(), &create).unwrap();
    assert_eq!((t.name.as_str(), t.user_count()), ("team-c", Some(0)));
    assert_eq!(
        code(call(&mut m, &admin(), &create)),
        (409, "conflict_error".into())
    );
    assert_eq!(
        code(call(
            &mut m,
            &bob(),
            &CreateTenant {
                name: "x".into(),
                ..Default::default()
            }
        )),
        (403, "forbidden_error".into())
    );
    assert_eq!(
        code(call(
            &mut m,
            &admin(),
            &CreateTenant {
                name: "bad name".into(),
                ..Default::default()
            }
        ))
        .0,
        400
    );
    // bob cannot see or use the tenant yet.
    assert_eq!(
        code(call(
            &mut m,
            &bob(),
            &GetTenant {
                name: "team-c".into(),
                get_data: false
            }
        ))
        .0,
        404
    );
    assert_eq!(
        code(call(&mut m, &bob().with_tenant("team-c"), &deployments())).0,
        403
    );

    let mut add = TenantUser {
        change: Membership::Add,
        tenant_name: "team-c".into(),
        username: "bob".into(),
        role: Some(TenantRole::Viewer),
        get_data: true,
    };
    let t = call(&mut m, &admin(), &add).unwrap().unwrap();
    let Some(CountOr::Data(users)) = &t.users else {
        panic!("users with data")
    };
    assert_eq!(users["bob"].tenant_role.as_deref(), Some("viewer"));
    assert_eq!(code(call(&mut m, &admin(), &add)).0, 409);
    assert_eq!(
        call(&mut m, &bob().with_tenant("team-c"), &deployments())
            .unwrap()
            .pagination()
            .total,
        0
    );
    add.change = Membership::Update;
    add.role = Some(TenantRole::Manager);
    call(&mut m, &admin(), &add).unwrap();
    let t = call(
        &mut m,
        &bob(),
        &GetTenant {
            name: "team-c".into(),
            get_data: true,
        },
    )
    .unwrap();
    assert_eq!(t.user_roles.unwrap().direct["bob"], "manager");
    add.role = Some(TenantRole::Other("owner".into()));
    assert_eq!(code(call(&mut m, &admin(), &add)).0, 400);
    add.change = Membership::Remove;
    assert_eq!(call(&mut m, &admin(), &add).unwrap(), None);
    assert_eq!(
        code(call(&mut m, &admin(), &add)),
        (404, "not_found_error".into())
    );
    assert_eq!(
        code(call(&mut m, &bob().with_tenant("team-c"), &deployments())).0,
        403
    );
    add.username = "nobody".into();
    add.change = Membership::Add;
    add.role = Some(TenantRole::Viewer);
    assert_eq!(code(call(&mut m, &admin(), &add)).0, 404);

    let names = |m: &mut DemoManager| -> Vec<String> {
        call(m, &admin(), &ListTenants::default())
            .unwrap()
            .items
            .into_iter()
            .map(|t| t.name)
            .collect()
    };
    assert_eq!(
        names(&mut m),
        ["default_tenant", "payments", "research", "team-c"]
    );
    assert_eq!(
        code(call(
            &mut m,
            &admin(),
            &DeleteTenant {
                name: "payments".into()
            }
        ))
        .0,
        400,
        "holds resources"
    );
    assert_eq!(
        code(call(
            &mut m,
            &admin(),
            &DeleteTenant {
                name: "default_tenant".into()
            }
        ))
        .0,
        400
    );
    call(
        &mut m,
        &admin(),
        &DeleteTenant {
            name: "team-c".into(),
        },
    )
    .unwrap();
    assert_eq!(names(&mut m), ["default_tenant", "payments", "research"]);
    assert_eq!(
        code(call(
            &mut m,
            &admin(),
            &DeleteTenant {
                name: "team-c".into()
            }
        ))
        .0,
        404
    );
}

#[test]
fn groups_give_tenant_and_system_roles_to_their_members() {
    let mut m = DemoManager::demo();
    let carol = as_user("carol", "carol").with_tenant("payments");
    assert_eq!(code(call(&mut m, &carol, &deployments())).0, 403);
    let create = CreateUserGroup {
        group_name: "ops".into(),
        ldap_group_dn: None,
        role: SystemRole::Default,
        get_data: false,
    };
    let g = call(&mut m, &admin(), &create).unwrap();
    assert_eq!(
        (g.name.as_str(), g.users.clone()),
        ("ops", Some(CountOr::Count(0)))
    );
    assert_eq!(code(call(&mut m, &admin(), &create)).0, 409);
    assert_eq!(
        code(call(&mut m, &bob(), &ListUserGroups::default())).0,
        403
    );
    let member = GroupMember {
        username: "carol".into(),
        group_name: "ops".into(),
        add: true,
        get_data: true,
    };
    let g = call(&mut m, &admin(), &member).unwrap().unwrap();
    assert_eq!(g.users, Some(CountOr::Data(vec!["carol".to_string()])));
    assert_eq!(code(call(&mut m, &admin(), &member)).0, 409);
    let join = TenantGroup {
        change: Membership::Add,
        tenant_name: "payments".into(),
        group_name: "ops".into(),
        role: Some(TenantRole::Operations),
        get_data: true,
    };
    let t = call(&mut m, &admin(), &join).unwrap().unwrap();
    let Some(CountOr::Data(groups)) = &t.groups else {
        panic!("groups with data")
    };
    assert_eq!(groups["ops"], "operations");
    assert_eq!(
        call(&mut m, &carol, &deployments())
            .unwrap()
            .pagination()
            .total,
        90,
        "through the group"
    );
    let me = call(
        &mut m,
        &carol,
        &GetUser {
            username: "carol".into(),
            get_data: true,
        },
    )
    .unwrap();
    assert!(me.tenant_names().contains(&"payments".to_string()));

    assert_eq!(code(call(&mut m, &carol, &ListUsers::default())).0, 403);
    let g = call(
        &mut m,
        &admin(),
        &SetUserGroupRole {
            name: "ops".into(),
            role: SystemRole::SysAdmin,
        },
    )
    .unwrap();
    assert_eq!(g.role, Some(SystemRole::SysAdmin));
    assert!(
        call(&mut m, &carol, &ListUsers::default()).is_ok(),
        "admin through the group"
    );
    let me = call(&mut m, &carol, &GetCurrentUser::default()).unwrap();
    assert_eq!(me.group_system_roles.unwrap()["sys_admin"], ["ops"]);

    call(
        &mut m,
        &admin(),
        &GroupMember {
            add: false,
            ..member.clone()
        },
    )
    .unwrap();
    assert_eq!(code(call(&mut m, &carol, &ListUsers::default())).0, 403);
    assert_eq!(
        code(call(
            &mut m,
            &admin(),
            &GroupMember {
                add: false,
                ..member
            }
        ))
        .0,
        404
    );
    let g = call(
        &mut m,
        &admin(),
        &GetUserGroup {
            name: "auditors".into(),
            get_data: true,
        },
    )
    .unwrap();
    assert_eq!(
        g.ldap_dn.as_deref(),
        Some("cn=auditors,ou=groups,dc=example,dc=org")
    );
    call(&mut m, &admin(), &DeleteUserGroup { name: "ops".into() }).unwrap();
    assert_eq!(
        code(call(
            &mut m,
            &admin(),
            &GetUserGroup {
                name: "ops".into(),
                get_data: false
            }
        ))
        .0,
        404
    );
    let all = call(
        &mut m,
        &admin(),
        &ListUserGroups {
            query: ListQuery::new().page(10, 0),
            get_data: false,
        },
    )
    .unwrap();
    assert_eq!(all.items.len(), 2);
}

#[test]
fn tokens_are_read_and_revoked_by_id() {
    let mut m = DemoManager::demo();
    let t = call(
        &mut m,
        &admin(),
        &CreateToken {
            description: Some("ci".into()),
            expiration_date: None,
        },
    )
    .unwrap();
    let id = t.id.clone().unwrap();
    let got = call(&mut m, &admin(), &GetToken { id: id.clone() }).unwrap();
    assert_eq!(got.description.as_deref(), Some("ci"));
    assert!(
        got.value.unwrap().ends_with("********"),
        "the secret is shown once"
    );
    assert_eq!(
        code(call(&mut m, &bob(), &GetToken { id: id.clone() })).0,
        404,
        "not bob's"
    );
    assert_eq!(
        code(call(&mut m, &bob(), &DeleteToken { id: id.clone() })).0,
        404
    );
    let by_token = admin().with_credentials(Credentials::Token(t.value.unwrap()));
    assert!(call(&mut m, &by_token, &GetVersion).is_ok());
    call(&mut m, &admin(), &DeleteToken { id: id.clone() }).unwrap();
    assert_eq!(code(call(&mut m, &by_token, &GetVersion)).0, 401, "revoked");
    assert_eq!(code(call(&mut m, &admin(), &GetToken { id })).0, 404);
    assert!(call(&mut m, &admin(), &ListTokens::default())
        .unwrap()
        .items
        .is_empty());
}

#[test]
fn permissions_are_listed_assigned_and_removed() {
    let mut m = DemoManager::demo();
    let send = |m: &mut DemoManager, e: &ListPermissions| call(m, &bob(), e);
    let (all, end) = walk_all(ListPermissions::default(), 7, |e| send(&mut m, e)).unwrap();
    assert_eq!(end, WalkEnd::Complete);
    let total = call(
        &mut m,
        &bob(),
        &ListPermissions {
            role: None,
            query: ListQuery::new().page(1, 0),
        },
    )
    .unwrap()
    .pagination()
    .total;
    assert_eq!(all.len() as u64, total);
    let viewer = call(
        &mut m,
        &bob(),
        &ListPermissions {
            role: Some("viewer".into()),
            query: ListQuery::new(),
        },
    )
    .unwrap();
    // A viewer reads; the only thing it changes is its own tokens (as on the real manager).
    assert!(viewer.items.iter().all(|p| p.role == "viewer"
        && (["_list", "_get", "_download"]
            .iter()
            .any(|end| p.permission.ends_with(end))
            || p.permission == "delete_token")));
    assert_eq!(
        code(call(
            &mut m,
            &bob(),
            &ListPermissions {
                role: Some("nope".into()),
                query: ListQuery::new()
            }
        ))
        .0,
        404
    );

    let grant = SetPermission {
        role: "viewer".into(),
        permission: "secret_create".into(),
        allow: true,
    };
    assert_eq!(
        code(call(&mut m, &bob(), &grant)),
        (403, "forbidden_error".into())
    );
    let p = call(&mut m, &admin(), &grant).unwrap().unwrap();
    assert_eq!(
        (p.role.as_str(), p.permission.as_str()),
        ("viewer", "secret_create")
    );
    assert_eq!(code(call(&mut m, &admin(), &grant)).0, 409);
    let after = call(
        &mut m,
        &bob(),
        &ListPermissions {
            role: Some("viewer".into()),
            query: ListQuery::new(),
        },
    )
    .unwrap();
    assert_eq!(after.items.len(), viewer.items.len() + 1);
    let revoke = SetPermission {
        allow: false,
        ..grant
    };
    assert_eq!(call(&mut m, &admin(), &revoke).unwrap(), None);
    assert_eq!(code(call(&mut m, &admin(), &revoke)).0, 404);
    let unknown = SetPermission {
        role: "root".into(),
        permission: "x".into(),
        allow: true,
    };
    assert_eq!(code(call(&mut m, &admin(), &unknown)).0, 404);
}

#[test]
fn maintenance_mode_gates_the_other_calls() {
    let mut m = DemoManager::demo();
    assert_eq!(
        code(call(&mut m, &bob(), &SetMaintenance { activate: true })).0,
        403
    );
    let state = call(&mut m, &admin(), &SetMaintenance { activate: true }).unwrap();
    assert_eq!(state.status, Some(MaintenanceStatus::Activated));
    assert_eq!(state.requested_by.as_deref(), Some("admin"));
    assert_eq!(state.activated_at.map(|t| t.0), Some(now()));

    let e = call(&mut m, &bob(), &deployments()).unwrap_err();
    assert_eq!(
        (e.status, e.maintenance()),
        (Some(503), Some(MaintenanceRefusal::Active))
    );
    assert_eq!(e.retry_after, Some(60));
    assert!(call(&mut m, &admin(), &ListUsers::default())
        .unwrap_err()
        .is_maintenance());
    assert!(call(&mut m, &admin(), &CreateToken::default())
        .unwrap_err()
        .is_maintenance());
    // Status, version, maintenance, cluster status and license stay open.
    assert!(call(&mut m, &bob(), &GetMaintenance).unwrap().is_on());
    assert!(call(&mut m, &bob(), &GetVersion).is_ok());
    assert!(call(&mut m, &bob(), &GetStatus { summary: true }).is_ok());
    assert!(call(&mut m, &bob(), &GetClusterStatus { summary: true }).is_ok());
    assert!(call(&mut m, &bob(), &ListLicense).is_ok());
    // The console's own calls pass with the bypass header, for admins only.
    let bypass = |s: Session| {
        let mut r = GetCurrentUser::default().request(&s);
        r.headers_mut()
            .insert("X-Bypass-Maintenance", "true".parse().unwrap());
        GetCurrentUser::default().parse(m.clone().handle(&r, now()))
    };
    assert!(bypass(admin()).is_ok());
    assert!(bypass(bob()).unwrap_err().is_maintenance());

    let again = call(&mut m, &admin(), &SetMaintenance { activate: true }).unwrap_err();
    assert!(again.is_not_modified());
    let state = call(&mut m, &admin(), &SetMaintenance { activate: false }).unwrap();
    assert_eq!(
        (state.status, state.activated_at),
        (Some(MaintenanceStatus::Deactivated), None)
    );
    assert!(call(&mut m, &bob(), &deployments()).is_ok());
    assert!(call(&mut m, &admin(), &SetMaintenance { activate: false })
        .unwrap_err()
        .is_not_modified());
}

const LICENSE: &str = "license:\n  capabilities: [HA, LDAP]\n  cloudify_version: 7.1\n  customer_id: ACME\n  expiration_date: 12/31/2027\n  license_edition: Spire\n  trial: false\nsignature: !!binary |\n  c2lnbmVk\n";

#[test]
fn the_license_gates_the_manager() {
    let mut m = DemoManager::demo();
    let page = call(&mut m, &bob(), &ListLicense).unwrap();
    assert_eq!((page.items.len(), page.items[0].expired), (1, Some(false)));
    assert_eq!(code(call(&mut m, &bob(), &DeleteLicense)).0, 403);
    call(&mut m, &admin(), &DeleteLicense).unwrap();
    assert!(call(&mut m, &bob(), &ListLicense).unwrap().items.is_empty());
    let e = call(&mut m, &bob(), &deployments()).unwrap_err();
    assert_eq!(
        (e.status, e.license_problem()),
        (Some(400), Some(LicenseProblem::Missing))
    );
    assert!(e.is_license());
    assert!(call(&mut m, &bob(), &GetVersion).is_ok());
    assert!(
        call(&mut m, &bob(), &GetCurrentUser::default()).is_ok(),
        "who am I still answers"
    );

    let bad = UploadLicense {
        text: "not a license".into(),
    };
    assert_eq!(
        call(&mut m, &admin(), &bad).unwrap_err().license_problem(),
        Some(LicenseProblem::Unverified)
    );
    let up = UploadLicense {
        text: LICENSE.into(),
    };
    assert_eq!(code(call(&mut m, &bob(), &up)).0, 403);
    let l = call(&mut m, &admin(), &up).unwrap();
    assert_eq!(l.customer_id.as_deref(), Some("ACME"));
    assert_eq!(l.capabilities.unwrap(), ["HA", "LDAP"]);
    assert_eq!(
        l.expiration_date.unwrap().to_wire(),
        "2027-12-31T00:00:00.000Z"
    );
    assert!(call(&mut m, &bob(), &deployments()).is_ok());
    // Expired: reading still works, changing does not.
    let late = NaiveDate::from_ymd_opt(2028, 1, 2)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    assert!(call_at(&mut m, &bob(), &deployments(), late).is_ok());
    let e = call_at(
        &mut m,
        &admin(),
        &CreateTenant {
            name: "x".into(),
            ..Default::default()
        },
        late,
    )
    .unwrap_err();
    assert_eq!(e.license_problem(), Some(LicenseProblem::Expired));
    assert_eq!(
        call_at(&mut m, &bob(), &ListLicense, late).unwrap().items[0].expired,
        Some(true)
    );
}

#[test]
fn ldap_settings() {
    let mut m = DemoManager::demo();
    assert!(!call(&mut m, &bob(), &GetLdap).unwrap().is_enabled());
    let mut set = SetLdap {
        ldap_server: "ldap.example.org".into(),
        ldap_password: Some("PASS".into()),
        ..Default::default()
    };
    assert_eq!(code(call(&mut m, &admin(), &set)).0, 400);
    set.ldap_server = "ldaps://ldap.example.org:636".into();
    assert_eq!(code(call(&mut m, &bob(), &set)).0, 403);
    let s = call(&mut m, &admin(), &set).unwrap();
    assert_eq!(
        s.ldap_server.as_deref(),
        Some("ldaps://ldap.example.org:636")
    );
    assert!(!s.extra.contains_key("ldap_password"), "never echoed");
    assert!(call(&mut m, &bob(), &GetLdap).unwrap().is_enabled());
}

#[test]
fn status_cluster_and_managers() {
    let mut m = DemoManager::demo();
    let s = call(&mut m, &bob(), &GetStatus { summary: false }).unwrap();
    assert_eq!(s.status, Some(Health::Ok));
    assert!(s
        .services
        .values()
        .all(|v| v.status == Some(ServiceState::Active)));
    assert_eq!(
        s.services["RabbitMQ"]
            .extra_info
            .as_ref()
            .unwrap()
            .connection_check
            .as_deref(),
        Some("OK")
    );
    assert!(call(&mut m, &bob(), &GetStatus { summary: true })
        .unwrap()
        .services
        .is_empty());
    let c = call(&mut m, &bob(), &GetClusterStatus { summary: false }).unwrap();
    assert_eq!(
        c.services.keys().collect::<Vec<_>>(),
        ["broker", "db", "manager"]
    );
    assert_eq!(c.services["manager"].nodes.as_ref().unwrap().len(), 2);
    assert!(call(&mut m, &bob(), &GetClusterStatus { summary: true })
        .unwrap()
        .services
        .is_empty());

    let nodes = call(&mut m, &bob(), &ListManagers::default()).unwrap();
    assert_eq!(nodes.items.len(), 2);
    let one = call(
        &mut m,
        &bob(),
        &GetManager {
            hostname: "baton-manager-2".into(),
        },
    )
    .unwrap();
    assert_eq!(one.private_ip.as_deref(), Some("10.0.0.12"));
    assert_eq!(
        code(call(
            &mut m,
            &bob(),
            &GetManager {
                hostname: "nope".into()
            }
        ))
        .0,
        404
    );
    assert_eq!(
        code(call(
            &mut m,
            &bob(),
            &DeleteManager {
                hostname: "baton-manager-2".into()
            }
        ))
        .0,
        403
    );
    assert_eq!(
        call(
            &mut m,
            &admin(),
            &DeleteManager {
                hostname: "baton-manager-2".into()
            }
        )
        .unwrap(),
        None
    );
    assert_eq!(
        code(call(
            &mut m,
            &admin(),
            &DeleteManager {
                hostname: "baton-manager-1".into()
            }
        ))
        .0,
        400
    );
    let c = call(&mut m, &bob(), &GetClusterStatus { summary: false }).unwrap();
    assert_eq!(c.services["manager"].nodes.as_ref().unwrap().len(), 1);

    let all = call(&mut m, &bob(), &ListConfig::default()).unwrap();
    let rest = call(
        &mut m,
        &bob(),
        &ListConfig {
            scope: Some("rest".into()),
        },
    )
    .unwrap();
    assert!(
        rest.items.len() < all.items.len()
            && rest
                .items
                .iter()
                .all(|e| e.scope.as_deref() == Some("rest"))
    );
}

#[test]
fn metrics_and_their_overview() {
    let mut m = DemoManager::demo();
    let page = call(
        &mut m,
        &bob(),
        &ListMetrics {
            query: ListQuery::new().page(100, 0),
        },
    )
    .unwrap();
    assert_eq!(page.pagination().total, 24);
    assert!(call(
        &mut m,
        &bob().with_tenant("payments"),
        &ListMetrics::default()
    )
    .unwrap()
    .items
    .is_empty());
    let create = CreateMetric {
        id: "m-new".into(),
        blueprint_id: "hello-world".into(),
        deployment_id: "hello-world-0".into(),
        execution_id: "exec-9999".into(),
        timestamp: "2026-11-22T11:00:00.000Z".into(),
        name: "workflow:heal".into(),
        value: "42".into(),
        include: vec![],
    };
    let mt = call(&mut m, &bob(), &create).unwrap();
    assert_eq!(mt.value.unwrap().as_f64(), Some(42.0));
    assert_eq!(code(call(&mut m, &bob(), &create)).0, 409);
    let got = call(
        &mut m,
        &bob(),
        &GetMetric {
            id: "m-new".into(),
            include: vec![],
        },
    )
    .unwrap();
    assert_eq!(got.name.as_deref(), Some("workflow:heal"));
    assert_eq!(
        code(call(
            &mut m,
            &bob(),
            &GetMetric {
                id: "zzz".into(),
                include: vec![]
            }
        ))
        .0,
        404
    );
    let bad = CreateMetric {
        id: "m-bad".into(),
        timestamp: "noon".into(),
        ..create.clone()
    };
    assert_eq!(code(call(&mut m, &bob(), &bad)).0, 400);
    let mut req = create.request(&bob());
    *req.body_mut() = br#"{"blueprint_id": "b"}"#.to_vec();
    let e = create.parse(m.handle(&req, now())).unwrap_err();
    assert_eq!(e.message, "Missing deployment_id in json request body");

    let rows = call(&mut m, &bob(), &GetMetricsOverview::default()).unwrap();
    assert_eq!(rows.len(), 5);
    let heal = rows
        .iter()
        .find(|r| r.event_id.as_deref() == Some("heal"))
        .unwrap();
    assert_eq!(
        (heal.average_duration, heal.success_rate),
        (Some(42.0), Some(1.0))
    );
    assert!(rows
        .iter()
        .all(|r| r.success_rate.unwrap() >= 0.0 && r.success_rate.unwrap() <= 1.0));
    let install = call(
        &mut m,
        &bob(),
        &GetMetricsOverview {
            workflow_id: Some("install".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(install.len(), 1);
    assert_eq!(install[0].event_type, Some(MetricEventType::Workflow));
    let none = call(
        &mut m,
        &bob(),
        &GetMetricsOverview {
            since: Some("2026-11-22T11:30:00".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(none.is_empty());
    assert_eq!(
        code(call(
            &mut m,
            &bob(),
            &GetMetricsOverview {
                until: Some("whenever".into()),
                ..Default::default()
            }
        ))
        .0,
        400
    );
}

#[test]
fn the_page_walker_reads_every_user() {
    let mut m = DemoManager::demo();
    for i in 0..23 {
        call(&mut m, &admin(), &new_user(&format!("user{i:02}"), "pw")).unwrap();
    }
    let mut sizes = Vec::new();
    let (users, end) = walk_all(
        ListUsers {
            query: ListQuery::new().include(["username"]),
            get_data: false,
        },
        10,
        |e| {
            sizes.push(e.query.size);
            call(&mut m, &admin(), e)
        },
    )
    .unwrap();
    assert_eq!(end, WalkEnd::Complete);
    assert_eq!(users.len(), 27);
    assert_eq!(sizes, [Some(10), Some(10), Some(10)]);
    assert!(users.iter().all(|u| u.role.is_none()), "projected");
}
