//! Lyve Cloud Account API v2: requests and parsing, with the reference's own examples.

use baton_core::cloud::{call_with_renewal, Next};
use baton_core::endpoint::Endpoint;
use baton_core::lyve::*;
use serde_json::{json, Value};

fn session() -> Session {
    Session {
        origin: "https://api.lyvecloud.seagate.com".into(),
        token: Some("jwt-1".into()),
    }
}

fn answer(status: u16, body: &str) -> baton_core::Response {
    http::Response::builder()
        .status(status)
        .body(body.as_bytes().to_vec())
        .unwrap()
}

fn body(r: &baton_core::Request) -> Value {
    serde_json::from_slice(r.body()).unwrap()
}

#[test]
fn token_exchange_and_time_left() {
    let t = CreateToken {
        account_id: "acc".into(),
        access_key: "ak".into(),
        secret: "s3cr3t".into(),
    };
    assert!(!format!("{t:?}").contains("s3cr3t"));
    let r = t.request(&Session::at("https://api.lyvecloud.seagate.com"));
    assert_eq!(
        r.uri().to_string(),
        "https://api.lyvecloud.seagate.com/v2/auth/token"
    );
    assert!(r.headers().get("Authorization").is_none());
    assert_eq!(
        body(&r),
        json!({"accountId":"acc","accessKey":"ak","secret":"s3cr3t"})
    );
    let g = t
        .parse(answer(200, r#"{"token":"eyJ...","expirationSec":864000}"#))
        .unwrap();
    assert_eq!(
        (g.token.as_str(), g.expiration_sec),
        ("eyJ...", Some(864000))
    );
    // The Terraform provider reads it as a string: both parse.
    let g = t
        .parse(answer(200, r#"{"token":"t","expirationSec":"86400"}"#))
        .unwrap();
    assert_eq!(g.expiration_sec, Some(86400));
    assert!(CreateToken::default().check().is_err());

    let r = GetTokenTime.request(&session());
    assert_eq!(r.uri().path(), "/v2/auth/token");
    assert_eq!(r.headers()["Authorization"], "Bearer jwt-1");
    assert_eq!(
        GetTokenTime
            .parse(answer(200, r#"{"expirationSec":3600}"#))
            .unwrap()
            .expiration_sec,
        Some(3600)
    );
}

#[test]
fn an_expired_token_is_a_400_that_renews_once() {
    let e = ListPermissions::default()
        .parse(answer(
            400,
            r#"{"code":"ExpiredToken","message":"Token expired."}"#,
        ))
        .unwrap_err();
    assert_eq!(RENEW.next(&e, 0), Next::RenewAndRetry);
    assert_eq!(RENEW.next(&e, 1), Next::Fail);
    let invalid = ListPermissions::default()
        .parse(answer(
            400,
            r#"{"code":"InvalidToken","message":"Token is not valid."}"#,
        ))
        .unwrap_err();
    assert_eq!(RENEW.next(&invalid, 0), Next::Fail);

    // The whole loop: the first answer is ExpiredToken, renewal gives a new token, the retry works.
    let token = std::cell::RefCell::new("old".to_string());
    let mut sent = Vec::new();
    let result = call_with_renewal(
        &RENEW,
        || {
            ListPermissions::default().request(&Session {
                origin: String::new(),
                token: Some(token.borrow().clone()),
            })
        },
        |req| {
            sent.push(req.headers()["Authorization"].to_str().unwrap().to_string());
            if sent.len() == 1 {
                answer(400, r#"{"code":"ExpiredToken","message":"Token expired."}"#)
            } else {
                answer(200, "[]")
            }
        },
        |r| ListPermissions::default().parse(r),
        || {
            *token.borrow_mut() = "new".into();
            Ok(())
        },
    );
    assert_eq!(result.unwrap(), vec![]);
    assert_eq!(sent, ["Bearer old", "Bearer new"]);
}

#[test]
fn permission_types_send_only_their_fields() {
    let spec = |scope| PermissionSpec {
        name: "read logs".into(),
        description: "d".into(),
        scope,
    };
    let all = CreatePermission {
        spec: spec(PermissionScope::AllBuckets {
            actions: Actions::ReadOnly,
        }),
    };
    let r = all.request(&session());
    assert_eq!(
        (r.method().clone(), r.uri().path()),
        (http::Method::POST, "/v2/permissions")
    );
    assert_eq!(
        body(&r),
        json!({"name":"read logs","description":"d","type":"all-buckets","actions":"read-only"})
    );
    let prefix = spec(PermissionScope::BucketPrefix {
        actions: Actions::AllOperations,
        prefix: "logs-".into(),
    });
    assert_eq!(prefix.to_json()["prefix"], "logs-");
    assert!(prefix.to_json().get("buckets").is_none());
    let names = spec(PermissionScope::BucketNames {
        actions: Actions::WriteOnly,
        buckets: vec!["a".into(), "b".into()],
    });
    assert_eq!(names.to_json()["buckets"], json!(["a", "b"]));
    assert!(names.to_json().get("prefix").is_none());
    let policy = spec(PermissionScope::Policy {
        policy: json!({"Version":"2012-10-17","Statement":[]}),
    });
    let p = policy.to_json();
    assert!(p.get("actions").is_none() && p.get("buckets").is_none());
    // Sent JSON-encoded as a string, as the reference's example does.
    assert!(p["policy"].as_str().unwrap().contains("2012-10-17"));
    assert_eq!(
        CreatePermission { spec: policy }
            .parse(answer(200, r#"{"id":"p-9"}"#))
            .unwrap()
            .id,
        "p-9"
    );

    // Refused before sending: bad names, missing scope fields.
    for bad in [
        spec(PermissionScope::BucketNames {
            actions: Actions::ReadOnly,
            buckets: vec![],
        }),
        spec(PermissionScope::BucketPrefix {
            actions: Actions::ReadOnly,
            prefix: " ".into(),
        }),
        PermissionSpec {
            name: "no/slash".into(),
            ..prefix.clone()
        },
        PermissionSpec {
            name: "x".repeat(129),
            ..prefix.clone()
        },
    ] {
        assert!(CreatePermission { spec: bad }.check().is_err());
    }
}

#[test]
fn permission_list_get_update_delete() {
    let r = ListPermissions {
        name: Some("read logs".into()),
    }
    .request(&session());
    assert_eq!(r.uri().query(), Some("name=read%20logs"));
    let list = ListPermissions::default()
        .parse(answer(
            200,
            r#"[{"name":"p","id":"1","description":"d","type":"bucket-names","readyState":false,"createTime":"2026-11-01T10:00:00Z"}]"#,
        ))
        .unwrap();
    assert_eq!(list[0].ready_state, Some(false));
    assert_eq!(list[0].kind, Some(PermissionType::BucketNames));
    assert!(list[0].create_time.is_some());

    let g = GetPermission { id: "1".into() };
    assert_eq!(g.request(&session()).uri().path(), "/v2/permissions/1");
    let p = g
        .parse(answer(
            200,
            r#"{"id":"1","name":"p","description":"d","type":"bucket-names","readyState":true,"actions":"read-only","buckets":["a"]}"#,
        ))
        .unwrap();
    assert_eq!(p.actions, Some(Actions::ReadOnly));
    assert_eq!(p.buckets, ["a"]);

    let u = UpdatePermission {
        id: "1".into(),
        spec: PermissionSpec {
            name: "p".into(),
            description: "d".into(),
            scope: PermissionScope::AllBuckets {
                actions: Actions::ReadOnly,
            },
        },
    };
    assert_eq!(u.request(&session()).method(), http::Method::PUT);
    assert_eq!(
        u.parse(answer(200, "Successfully updated the permission."))
            .unwrap(),
        "Successfully updated the permission."
    );
    let e = u
        .parse(answer(
            409,
            r#"{"code":"PermissionNotReady","message":"The permission is still being processed by some regions."}"#,
        ))
        .unwrap_err();
    assert!(is_not_ready(&e));

    let d = DeletePermission { id: "1".into() };
    assert_eq!(d.request(&session()).method(), http::Method::DELETE);
    assert_eq!(
        d.parse(answer(200, r#""Permission deleted successfully.""#))
            .unwrap(),
        "Permission deleted successfully."
    );
    let e = d
        .parse(answer(
            404,
            r#"{"code":"PermissionNotFound","message":"A permission was not found."}"#,
        ))
        .unwrap_err();
    assert_eq!(e.code, "PermissionNotFound");
}

#[test]
fn service_accounts_lifecycle_requests() {
    let spec = ServiceAccountSpec {
        name: "backup".into(),
        description: None,
        permissions: vec!["p1".into()],
    };
    let c = CreateServiceAccount { spec: spec.clone() };
    let r = c.request(&session());
    assert_eq!(r.uri().path(), "/v2/service-accounts");
    assert_eq!(body(&r), json!({"name":"backup","permissions":["p1"]}));
    let created = c
        .parse(answer(
            200,
            r#"{"id":"sa1","accessKey":"AK","secret":"SECRET","expirationDate":"2027-01-01"}"#,
        ))
        .unwrap();
    assert_eq!(created.secret, "SECRET");
    assert!(!format!("{created:?}").contains("SECRET"));
    assert!(CreateServiceAccount {
        spec: ServiceAccountSpec {
            permissions: vec![],
            ..spec.clone()
        }
    }
    .check()
    .is_err());

    let list = ListServiceAccounts::default()
        .parse(answer(
            200,
            r#"[{"name":"backup","id":"sa1","enabled":true,"readyState":true,"description":""}]"#,
        ))
        .unwrap();
    assert_eq!(list[0].enabled, Some(true));
    let one = GetServiceAccount { id: "sa1".into() };
    assert_eq!(
        one.request(&session()).uri().path(),
        "/v2/service-accounts/sa1"
    );
    assert_eq!(
        one.parse(answer(
            200,
            r#"{"id":"sa1","name":"b","enabled":false,"readyState":true,"permissions":["p1"]}"#
        ))
        .unwrap()
        .permissions,
        ["p1"]
    );
    let u = UpdateServiceAccount {
        id: "sa1".into(),
        spec,
    };
    assert_eq!(u.request(&session()).method(), http::Method::PUT);
    assert!(u
        .parse(answer(200, "Successfully updated the service account."))
        .is_ok());

    let en = EnableServiceAccount { id: "sa1".into() }.request(&session());
    assert_eq!(
        (en.method().clone(), en.uri().path()),
        (http::Method::PUT, "/v2/service-accounts/sa1/enabled")
    );
    let dis = DisableServiceAccount { id: "sa1".into() };
    let r = dis.request(&session());
    assert_eq!(
        (r.method().clone(), r.uri().path()),
        (http::Method::DELETE, "/v2/service-accounts/sa1/enabled")
    );
    assert!(dis.parse(answer(200, "")).is_ok());
    let e = dis
        .parse(answer(
            404,
            r#"{"code":"ServiceAccountExpired","message":"The service account has expired. Couldn't disable the expired service."}"#,
        ))
        .unwrap_err();
    assert_eq!(e.code, "ServiceAccountExpired");
    let del = DeleteServiceAccount { id: "sa1".into() };
    assert_eq!(del.request(&session()).method(), http::Method::DELETE);
    assert!(del
        .parse(answer(200, "Service account deleted successfully."))
        .is_ok());
}

#[test]
fn monthly_usage_months_are_zero_based_and_at_most_six() {
    let e = GetMonthlyUsage {
        from: Month::calendar(2026, 6),
        to: Month::calendar(2026, 11),
    };
    let r = e.request(&session());
    assert_eq!(r.uri().path(), "/v2/usage/monthly");
    assert_eq!(
        r.uri().query(),
        Some("fromMonth=5&fromYear=2026&toMonth=10&toYear=2026")
    );
    assert!(e.check().is_ok());
    // Seven months, reversed, or a month 12 are refused before sending.
    assert!(GetMonthlyUsage {
        from: Month::calendar(2026, 5),
        to: Month::calendar(2026, 11)
    }
    .check()
    .is_err());
    assert!(GetMonthlyUsage {
        from: Month::calendar(2026, 3),
        to: Month::calendar(2026, 2)
    }
    .check()
    .is_err());
    assert!(check_range(
        Month {
            year: 2026,
            month0: 12
        },
        Month {
            year: 2026,
            month0: 12
        }
    )
    .is_err());
    // Across a year end.
    assert!(check_range(Month::calendar(2025, 10), Month::calendar(2026, 3)).is_ok());
    assert_eq!(Month::calendar(2026, 1).label(), "Jan 2026");
    assert_eq!(Month::calendar(2026, 1).plus(-1), Month::calendar(2025, 12));

    let u = e
        .parse(answer(
            200,
            r#"{"usageByBucket":[{"year":2026,"month":5,"totalUsageGB":12.5,"buckets":[{"name":"logs","usageGB":12.5}]}],
                "usageBySubAccount":[{"year":2026,"month":5,"totalUsageGB":3,"subAccounts":[{"subAccountName":"eu","subAccountId":"s1","usageGB":3,"createTime":"2025-01-01T00:00:00Z"}]}]}"#,
        ))
        .unwrap();
    assert_eq!(u.usage_by_bucket[0].month, 5);
    assert_eq!(u.usage_by_bucket[0].buckets[0].usage_gb, 12.5);
    assert_eq!(
        u.usage_by_sub_account[0].sub_accounts[0].sub_account_name,
        "eu"
    );
    let bad = e
        .parse(answer(
            400,
            r#"{"code":"InvalidTimeRange","message":"Invalid time range."}"#,
        ))
        .unwrap_err();
    assert_eq!(bad.code, "InvalidTimeRange");
}

#[test]
fn current_usage() {
    assert_eq!(
        GetCurrentUsage.request(&session()).uri().path(),
        "/v2/usage/current"
    );
    let u = GetCurrentUsage
        .parse(answer(
            200,
            r#"{"usageByBucket":{"numBuckets":2,"totalUsageGB":30,"buckets":[{"name":"a","usageGB":10},{"name":"b","usageGB":20}]},
                "usageBySubAccount":{"totalUsageGB":30,"subAccounts":[{"subAccountName":"eu","subAccountId":"s1","usageGB":30,"users":2,"serviceAccounts":1,"buckets":2,"trial":-1,"createTime":"2025-01-01T00:00:00Z"}]}}"#,
        ))
        .unwrap();
    assert_eq!(u.usage_by_bucket.num_buckets, Some(2));
    let sub = &u.usage_by_sub_account.unwrap().sub_accounts[0];
    assert_eq!((sub.trial, sub.users), (Some(-1), Some(2)));
    // A non-master account has no sub-account part.
    let u = GetCurrentUsage
        .parse(answer(
            200,
            r#"{"usageByBucket":{"numBuckets":0,"totalUsageGB":0,"buckets":[]}}"#,
        ))
        .unwrap();
    assert!(u.usage_by_sub_account.is_none());
    // The trailing space the racktop client saw on this code is trimmed.
    let e = GetCurrentUsage
        .parse(answer(
            403,
            r#"{"code":"AuthenticationFailed ","message":"Authentication failed."}"#,
        ))
        .unwrap_err();
    assert_eq!(e.code, "AuthenticationFailed");
}

// ---- the console's forms ------------------------------------------------------------------

#[test]
fn a_permission_form_sends_only_the_fields_of_its_type() {
    let mut f = PermissionForm::new();
    f.name = "Audit readers".into();
    f.description = "Read audit logs".into();
    // Typed under another type, then switched: only the chosen type's fields go.
    f.prefix = "audit-".into();
    f.buckets = "a, b".into();
    let all = f.spec().unwrap().to_json();
    assert_eq!(all["type"], "all-buckets");
    assert!(all.get("prefix").is_none() && all.get("buckets").is_none());
    f.kind = "bucket-names".into();
    f.actions = "read-only".into();
    f.buckets = "logs-1, logs-2\nlogs-3".into();
    let names = f.spec().unwrap().to_json();
    assert_eq!(names["buckets"], json!(["logs-1", "logs-2", "logs-3"]));
    assert_eq!(names["actions"], "read-only");
    assert!(names.get("prefix").is_none());
    f.kind = "policy".into();
    f.policy = r#"{"Version":"2012-10-17","Statement":[]}"#.into();
    let policy = f.spec().unwrap().to_json();
    assert!(policy.get("actions").is_none() && policy.get("buckets").is_none());
    assert!(policy["policy"].as_str().unwrap().contains("2012-10-17"));
}

#[test]
fn a_permission_form_puts_each_refusal_on_its_field() {
    let mut f = PermissionForm::new();
    f.name = "bad/name".into();
    assert_eq!(f.spec().unwrap_err().target, "name");
    f.name = "ok".into();
    f.kind = "bucket-prefix".into();
    let e = f.spec().unwrap_err();
    assert_eq!(
        (e.target.as_str(), e.message.as_str()),
        ("prefix", "A bucket-prefix permission needs a prefix")
    );
    f.kind = "bucket-names".into();
    assert_eq!(f.spec().unwrap_err().target, "buckets");
    f.kind = "policy".into();
    f.policy = "{not json".into();
    let e = f.spec().unwrap_err();
    assert_eq!(e.target, "policy");
    assert!(e.message.starts_with("The policy is not valid JSON"));
    f.policy = "[1]".into();
    assert_eq!(f.spec().unwrap_err().target, "policy");
    // Server refusals: the name in use, an argument the message names, a 409 not ready.
    let taken = baton_core::ApiError::new(Some(409), "PermissionNameAlreadyExists", "in use");
    assert_eq!(field_of(&taken), Some("name"));
    let bad = baton_core::ApiError::new(
        Some(400),
        "InvalidArgument",
        "An argument is invalid or missing: description",
    );
    assert_eq!(field_of(&bad), Some("description"));
    let not_ready = baton_core::ApiError::new(Some(409), "PermissionNotReady", "still processing");
    assert_eq!(field_of(&not_ready), None);
    assert!(is_not_ready(&not_ready));
}

#[test]
fn a_permission_detail_fills_the_form_and_reads_in_words() {
    let p: Permission = serde_json::from_value(json!({"id": "p1", "name": "ML", "description": "d",
        "type": "policy", "readyState": true,
        "policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\"},{\"Effect\":\"Deny\"}]}"}))
    .unwrap();
    assert_eq!(p.scope_text(), "IAM policy (2 statements)");
    let f = PermissionForm::from_permission(&p);
    assert_eq!(f.kind, "policy");
    assert!(f.policy.contains("\"Statement\""));
    assert_eq!(f.spec().unwrap().scope.kind(), PermissionType::Policy);
    let p: Permission =
        serde_json::from_value(json!({"id": "p2", "name": "Audit", "type": "bucket-prefix",
        "actions": "read-only", "prefix": "audit-"}))
        .unwrap();
    assert_eq!(p.scope_text(), "read-only on buckets starting with audit-");
    let f = PermissionForm::from_permission(&p);
    assert_eq!(
        (f.prefix.as_str(), f.actions.as_str()),
        ("audit-", "read-only")
    );
}

#[test]
fn usage_months_in_the_url_are_calendar_months_sent_zero_based() {
    let now = chrono::NaiveDate::from_ymd_opt(2026, 2, 10)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    // By default: the last six months, across the year's turn.
    let (from, to, ok) = usage_range(None, None, now);
    assert_eq!(
        (from.param(), to.param()),
        ("2025-09".to_string(), "2026-02".to_string())
    );
    assert!(ok.is_ok());
    let r = GetMonthlyUsage { from, to }.request(&session());
    let q = r.uri().query().unwrap();
    assert!(
        q.contains("fromMonth=8") && q.contains("fromYear=2025") && q.contains("toMonth=1"),
        "{q}"
    );
    // Seven months: refused, saying why.
    let (_, _, refused) = usage_range(Some("2025-08"), Some("2026-02"), now);
    let why = refused.unwrap_err();
    assert!(
        why.contains("7 months") && why.contains("at most 6"),
        "{why}"
    );
    let (_, _, backwards) = usage_range(Some("2026-03"), Some("2026-01"), now);
    assert!(backwards.is_err());
    assert_eq!(Month::from_param("2026-13"), None);
    assert_eq!(
        Month::from_param("2026-12"),
        Some(Month {
            year: 2026,
            month0: 11
        })
    );
    assert_eq!(
        months_in(Month::calendar(2025, 11), Month::calendar(2026, 2)),
        4
    );
}
