//! The Clusters page: connecting the four demo managers and seeing every cluster on one pane.

mod common;

use common::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn the_four_demos_connect_and_every_cluster_shows_attention_first() {
    let _lock = exclusive().await;
    let (_app, root) = mount_at("/clusters");
    sign_in_as_admin().await;
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
    signed_in_session().await;
    let (_app, root) = mount_at("/clusters?provider=cdm&state=attention");
    wait_for("the CDM cards", || {
        let cards = texts(".clusters-card");
        (!cards.is_empty()
            && cards
                .iter()
                .all(|c| c.contains("OTC CDM") && c.contains("Needs attention")))
        .then_some(())
    })
    .await;
    // Frozen and failed-to-create.
    assert_eq!(texts(".clusters-card").len(), 2);
    root.remove();
}
