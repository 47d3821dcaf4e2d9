//! The page walker against the demo manager: every page asked with an explicit size.

use chrono::NaiveDate;

use baton_core::conductor::deployments::ListDeployments;
use baton_core::walk::PageWalker;
use baton_core::{Credentials, Endpoint, Session};
use baton_sim::DemoManager;

#[test]
fn walks_every_deployment_of_the_demo_tenant() {
    let now = NaiveDate::from_ymd_opt(2026, 11, 22)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap();
    let mut m = DemoManager::demo();
    let s = Session::same_origin()
        .with_tenant("default_tenant")
        .with_credentials(Credentials::Basic {
            username: "admin".into(),
            password: "admin".into(),
        });
    let mut walker = PageWalker::new(ListDeployments::default(), 37);
    let mut ids = Vec::new();
    while let Some(call) = walker.next_request() {
        let req = call.request(&s);
        assert!(
            req.uri().query().unwrap().contains("_size=37"),
            "explicit page size"
        );
        let page = call.parse(m.handle(&req, now)).unwrap();
        ids.extend(walker.accept(page).into_iter().map(|d| d.id));
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), m.tenants[0].deployments.len());
}
