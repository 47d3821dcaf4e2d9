//! The Clusters page: connecting the four demo managers and seeing every cluster on one pane.

mod common;

use common::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Signs in when the console asks (the tests share one tab, so an earlier one may have).
async fn sign_in_if_asked() {
    let login = wait_for("the login form or the page", || {
        query("input[name=username]")
            .map(|_| true)
            .or_else(|| query(".clusters-connections").map(|_| false))
    })
    .await;
    if login {
        sign_in_as_admin().await;
    }
}

#[wasm_bindgen_test]
async fn the_four_demos_connect_and_every_cluster_shows_attention_first() {
    let _lock = exclusive().await;
    let (_app, root) = mount_at("/clusters");
    sign_in_if_asked().await;
    wait_for("the clusters page", || {
        query("button.button").filter(|_| text_of("h1").as_deref() == Some("Clusters"))
    })
    .await;
    let connect = wait_for("the demos button", || {
        common::document()
            .query_selector_all("button")
            .ok()
            .and_then(|all| {
                (0..all.length())
                    .filter_map(|i| all.item(i))
                    .find(|b| b.text_content().as_deref() == Some("Connect the four demos"))
            })
    })
    .await;
    use wasm_bindgen::JsCast;
    connect.dyn_into::<web_sys::HtmlElement>().unwrap().click();
    wait_for("four connections", || {
        (texts(".clusters-connection").len() == 4).then_some(())
    })
    .await;
    // Imply 5, SailPoint 6, CDM 6, and the Conductor manager itself.
    wait_for("every cluster", || {
        (texts(".clusters-card").len() >= 18).then_some(())
    })
    .await;
    let cards = texts(".clusters-card");
    assert!(cards[0].contains("Needs attention"), "{}", cards[0]);
    for provider in ["Imply Cloud", "SailPoint", "OTC CDM", "Conductor"] {
        assert!(cards.iter().any(|c| c.contains(provider)), "{provider}");
    }
    assert!(cards.iter().any(|c| c.contains("Insufficient ECS quota")));
    // Each card names its connection and opens the cluster's page under that connection.
    assert!(cards.iter().any(|c| c.contains("OTC CDM demo")));
    let links: Vec<String> = {
        let all = common::document()
            .query_selector_all(".clusters-card a.clusters-name")
            .unwrap();
        (0..all.length())
            .filter_map(|i| all.item(i))
            .filter_map(|n| {
                wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n)
                    .ok()?
                    .get_attribute("href")
            })
            .collect()
    };
    assert!(links.iter().any(|h| h == "/system"), "{links:?}");
    for kind in ["imply", "sailpoint", "cdm"] {
        assert!(
            links
                .iter()
                .any(|h| h.starts_with(&format!("/{kind}/c")) && h.contains("/clusters/")),
            "{kind}: {links:?}"
        );
    }
    // Secrets typed for the exchange are not kept in the tab.
    let stored = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
        .get_item("baton.connections")
        .unwrap()
        .unwrap();
    assert!(!stored.contains("demo-secret") && !stored.contains("demo-password"));
    root.remove();
}

#[wasm_bindgen_test]
async fn the_filters_are_in_the_url() {
    let _lock = exclusive().await;
    let storage = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap();
    storage.remove_item("baton.connections").unwrap();
    let (_app, root) = mount_at("/clusters?provider=cdm&state=attention");
    sign_in_if_asked().await;
    let connect = wait_for("the demos button", || {
        common::document()
            .query_selector_all("button")
            .ok()
            .and_then(|all| {
                (0..all.length())
                    .filter_map(|i| all.item(i))
                    .find(|b| b.text_content().as_deref() == Some("Connect the four demos"))
            })
    })
    .await;
    use wasm_bindgen::JsCast;
    connect.dyn_into::<web_sys::HtmlElement>().unwrap().click();
    wait_for("four connections", || {
        (texts(".clusters-connection").len() == 4).then_some(())
    })
    .await;
    wait_for("only CDM clusters that need attention", || {
        let cards = texts(".clusters-card");
        (cards.len() == 2
            && cards
                .iter()
                .all(|c| c.contains("OTC CDM") && c.contains("Needs attention")))
        .then_some(())
    })
    .await;
    // Frozen and failed-to-create, out of the 18 clusters.
    assert!(text_of(".clusters-count").unwrap().starts_with("2 of "));
    root.remove();
}
