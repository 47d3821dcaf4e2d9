//! Sessions as a real manager needs them: only the tenants a user may use, sign-out that
//! revokes the console's token (and asks before revoking a pasted one), tokens listed and
//! revoked, labels in a stable order.

#![cfg(target_arch = "wasm32")]

mod common;

use baton_core::conductor::auth::GetCurrentUser;
use baton_core::{Credentials, Endpoint, Session};
use common::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlSelectElement;

wasm_bindgen_test_configure!(run_in_browser);

async fn sign_in_as(user: &str) {
    wait_for("the login form", || query("input[name=username]")).await;
    type_into("input[name=username]", user);
    type_into("input[name=password]", user);
    click("button[type=submit]");
}

fn tenant_options() -> Vec<String> {
    texts("header select[aria-label=Tenant] option")
}

fn selected_tenant() -> String {
    query("header select[aria-label=Tenant]")
        .unwrap()
        .dyn_into::<HtmlSelectElement>()
        .unwrap()
        .value()
}

/// Whether the demo manager still accepts `token`.
fn token_works(token: &str) -> bool {
    let session = Session::same_origin().with_credentials(Credentials::Token(token.into()));
    let request = GetCurrentUser::default().request(&session);
    let answer = with_manager(|m| m.handle(&request, baton_web::api::now()));
    answer.status().is_success()
}

fn forget_last_tenants() {
    let local = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let keys: Vec<String> = (0..local.length().unwrap())
        .filter_map(|i| local.key(i).unwrap())
        .filter(|k| k.starts_with("baton.last-tenant."))
        .collect();
    for k in keys {
        local.remove_item(&k).unwrap();
    }
}

#[wasm_bindgen_test]
async fn a_user_is_offered_only_its_own_tenants_and_starts_in_one() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    forget_last_tenants();
    // carol is a viewer of `research` only; the manager lists all three tenants to everyone.
    let (_app, root) = mount_at("/deployments");
    sign_in_as("carol").await;
    wait_for("carol's deployments", || (rows() > 0).then_some(())).await;
    assert_eq!(tenant_options(), ["research"]);
    assert_eq!(selected_tenant(), "research");
    assert!(query(".error").is_none(), "no 403 after signing in");
    root.remove();

    // bob belongs to two tenants: default_tenant first, and the last one used next time.
    baton_web::stored::clear();
    let (_app, root) = mount_at("/deployments");
    sign_in_as("bob").await;
    wait_for("bob's deployments", || (rows() > 0).then_some(())).await;
    assert_eq!(tenant_options(), ["default_tenant", "payments"]);
    assert_eq!(selected_tenant(), "default_tenant");
    let select: HtmlSelectElement = query("header select[aria-label=Tenant]")
        .unwrap()
        .dyn_into()
        .unwrap();
    select.set_value("payments");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    wait_for("the payments tenant", || {
        (baton_web::stored::load()?.tenant == "payments").then_some(())
    })
    .await;
    root.remove();
    baton_web::stored::clear();
    let (_app, root) = mount_at("/deployments");
    sign_in_as("bob").await;
    wait_for("bob's deployments", || (rows() > 0).then_some(())).await;
    assert_eq!(selected_tenant(), "payments");
    root.remove();
    forget_last_tenants();
}

#[wasm_bindgen_test]
async fn sign_out_revokes_the_token_the_console_created() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    let (_app, root) = mount_at("/deployments");
    sign_in_admin_and_wait().await;
    let token = baton_web::stored::load().unwrap().token;
    assert!(token_works(&token));
    click("header .sign-out button");
    wait_for("the sign-in page", || query("input[name=username]")).await;
    wait_for("the token revoked", || (!token_works(&token)).then_some(())).await;
    root.remove();
}

async fn sign_in_admin_and_wait() {
    sign_in_as_admin().await;
    wait_for("rows", || (rows() > 0).then_some(())).await;
}

#[wasm_bindgen_test]
async fn a_pasted_token_is_revoked_only_when_the_operator_says_so() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    // A token of the operator's own, made outside the console.
    let token = with_manager(|m| {
        let session = Session::same_origin().with_credentials(Credentials::Basic {
            username: "admin".into(),
            password: "admin".into(),
        });
        let create = baton_core::conductor::auth::CreateToken {
            description: Some("my script".into()),
            expiration_date: None,
        };
        let answer = m.handle(&create.request(&session), baton_web::api::now());
        create.parse(answer).unwrap().value.unwrap()
    });
    for revoke in [false, true] {
        let (_app, root) = mount_at("/login?next=%2Fblueprints");
        wait_for("the login form", || query("input[name=username]")).await;
        click("input[name=method]:not(:checked)");
        wait_for("the token field", || query("input[name=token]")).await;
        type_into("input[name=token]", &token);
        click("button[type=submit]");
        wait_for("rows", || (rows() > 0).then_some(())).await;
        click("header .sign-out button");
        // Asked first, not signed out yet.
        wait_for("the question", || query("header .popover")).await;
        assert!(baton_web::stored::load().is_some());
        let choice = if revoke {
            "header .popover button.danger"
        } else {
            "header .popover button:nth-of-type(2)"
        };
        click(choice);
        wait_for("the sign-in page", || query("input[name=username]")).await;
        if revoke {
            wait_for("the token revoked", || (!token_works(&token)).then_some(())).await;
        } else {
            common::sleep(100).await;
            assert!(token_works(&token), "kept tokens keep working");
        }
        root.remove();
    }
}

#[wasm_bindgen_test]
async fn own_tokens_are_listed_and_can_be_revoked() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    signed_in_session().await;
    with_manager(|m| {
        let session = Session::same_origin().with_credentials(Credentials::Basic {
            username: "admin".into(),
            password: "admin".into(),
        });
        let create = baton_core::conductor::auth::CreateToken {
            description: Some("an old script".into()),
            expiration_date: Some("+1d".into()),
        };
        m.handle(&create.request(&session), baton_web::api::now());
    });
    let (_app, root) = mount_at("/tokens");
    wait_for("the tokens", || (rows() > 0).then_some(())).await;
    assert!(texts("table.list tbody td").iter().any(|t| t == "this session"));
    let before = texts("table.list tbody tr td:first-child .sub");
    wait_for("a revoke button", || query("table.list tbody tr button")).await;
    click("table.list tbody tr button");
    wait_for("revoked", || {
        texts("table.list tbody td .badge")
            .iter()
            .any(|t| t == "revoked")
            .then_some(())
    })
    .await;
    assert!(!before.is_empty());
    root.remove();
}

#[wasm_bindgen_test]
async fn label_chips_are_ordered_by_key() {
    use baton_core::conductor::Label;
    use leptos::prelude::*;
    let _turn = exclusive().await;
    let root: web_sys::HtmlElement = document()
        .create_element("div")
        .unwrap()
        .dyn_into()
        .unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let shuffled = vec![
        Label::new("tier", "web"),
        Label::new("env", "prod"),
        Label::new("region", "eu"),
        Label::new("env", "blue"),
    ];
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        view! { <baton_web::components::LabelChips labels=shuffled limit=3/> }
    });
    let keys: Vec<String> = texts(".labels .chip-key");
    assert_eq!(keys, ["env", "env", "region"]);
    assert_eq!(text_of(".labels .chip.more").unwrap(), "+1");
    assert!(root.text_content().unwrap().contains("env: blue"));
    root.remove();
}
