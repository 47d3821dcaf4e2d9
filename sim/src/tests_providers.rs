//! The one-pane overview's steps (`baton_core::connections`) against all four demo managers.

use baton_core::cloud::{sort_cards, Health, ProviderKind};
use baton_core::connections::{
    cards_from, clusters_request, demo_connection, filter_cards, sign_in, token_from, SignIn,
};

use crate::cloud::testing::at;
use crate::clouds::CloudDemos;

#[test]
fn every_demo_signs_in_and_lists_its_clusters_for_the_overview() {
    let mut demos = CloudDemos::default();
    let mut cards = Vec::new();
    for (i, kind) in [
        ProviderKind::Imply,
        ProviderKind::Lyve,
        ProviderKind::SailPoint,
        ProviderKind::Cdm,
    ]
    .into_iter()
    .enumerate()
    {
        let (mut conn, secret) = demo_connection(kind, &format!("c{i}"));
        let token = match sign_in(&conn, &secret).unwrap() {
            SignIn::Ready(t) => t,
            SignIn::Exchange(req) => {
                token_from(kind, demos.handle(&req, at(0)).expect("a demo path")).unwrap()
            }
        };
        conn.token = Some(token);
        match clusters_request(&conn) {
            Some(req) => {
                let answer = demos.handle(&req, at(0)).unwrap();
                let mut got = cards_from(kind, answer).unwrap();
                assert!(got.len() >= 5, "{kind:?}: {}", got.len());
                assert!(got
                    .iter()
                    .all(|c| !c.name.is_empty() && !c.state.is_empty()));
                cards.append(&mut got);
            }
            None => assert_eq!(kind, ProviderKind::Lyve),
        }
    }
    sort_cards(&mut cards);
    assert_eq!(cards[0].health, Health::Attention);
    let attention = filter_cards(&cards, None, Some("attention"));
    // Imply's failed cluster, SailPoint's warning/failed, CDM's failed and frozen ones.
    for p in [
        ProviderKind::Imply,
        ProviderKind::SailPoint,
        ProviderKind::Cdm,
    ] {
        assert!(attention.iter().any(|c| c.provider == p), "{p:?}");
    }
    assert!(attention.iter().any(|c| c
        .last_event
        .as_deref()
        .is_some_and(|e| e.contains("ECS quota"))));
    let cdm = filter_cards(&cards, Some("cdm"), None);
    assert_eq!(cdm.len(), 6);
    assert!(cdm
        .iter()
        .all(|c| c.version.is_some() && c.created.is_some()));
    // A wrong secret is the provider's own error, not a panic or an empty list.
    let (conn, _) = demo_connection(ProviderKind::SailPoint, "x");
    let bad = baton_core::connections::Secret::Client {
        id: "demo-client".into(),
        secret: "no".into(),
    };
    let SignIn::Exchange(req) = sign_in(&conn, &bad).unwrap() else {
        panic!()
    };
    assert_eq!(
        token_from(ProviderKind::SailPoint, demos.handle(&req, at(0)).unwrap())
            .unwrap_err()
            .status,
        Some(401)
    );
    // An expired token lists nothing and says why.
    let (mut conn, _) = demo_connection(ProviderKind::Imply, "y");
    conn.token = Some("stale".into());
    let e = cards_from(
        ProviderKind::Imply,
        demos
            .handle(&clusters_request(&conn).unwrap(), at(0))
            .unwrap(),
    )
    .unwrap_err();
    assert_eq!(e.code, "Unauthorized");
}

/// The worker and the in-page demo only have the Conductor demo manager to send to: it answers
/// the cloud demos' paths too, and keeps their state between calls.
#[test]
fn the_conductor_demo_manager_answers_the_cloud_demos_paths() {
    let mut manager = crate::DemoManager::demo();
    let (mut conn, secret) = demo_connection(ProviderKind::SailPoint, "c1");
    let SignIn::Exchange(req) = sign_in(&conn, &secret).unwrap() else {
        panic!("SailPoint exchanges its client for a token");
    };
    conn.token = Some(token_from(ProviderKind::SailPoint, manager.handle(&req, at(0))).unwrap());
    let cards = cards_from(
        ProviderKind::SailPoint,
        manager.handle(&clusters_request(&conn).unwrap(), at(0)),
    )
    .unwrap();
    assert!(cards.len() >= 5);
    // A Conductor path still reaches the Conductor manager (401 without a token).
    let plain = http::Request::get("/api/v3.1/deployments")
        .body(Vec::new())
        .unwrap();
    assert_eq!(manager.handle(&plain, at(0)).status(), 401);
}
