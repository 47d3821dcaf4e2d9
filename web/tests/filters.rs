//! Filters in headless Chromium against the demo manager: the builder and the CLI text agree
//! both ways for every operator, invalid rules show the manager's message, the local preview's
//! count equals the manager's, label keys and values are offered, applied rules filter the
//! list through `/searches/deployments` from the URL.

#![cfg(target_arch = "wasm32")]

mod common;

use baton_core::filters::{FilterRule, Filterable, Resource};
use baton_core::{Credentials, Endpoint, Session};
use common::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn fill(selector: &str, value: &str) {
    let el = query(selector).unwrap_or_else(|| panic!("no {selector}"));
    js_sys::Reflect::set(&el, &"value".into(), &value.into()).unwrap();
    fire(&el, "input");
}

fn fire(el: &web_sys::Element, kind: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    el.dispatch_event(&web_sys::Event::new_with_event_init_dict(kind, &init).unwrap())
        .unwrap();
}

fn choose(selector: &str, value: &str) {
    let el: web_sys::HtmlSelectElement = query(selector)
        .unwrap_or_else(|| panic!("no {selector}"))
        .dyn_into()
        .unwrap();
    el.set_value(value);
    assert_eq!(el.value(), value, "{selector} has no option {value}");
    fire(&el, "change");
}

/// The value of a field; empty while it is not there.
fn value_of(selector: &str) -> String {
    query(selector)
        .and_then(|el| js_sys::Reflect::get(&el, &"value".into()).ok())
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

fn row(n: usize, field: &str) -> String {
    format!(".filters-rule:nth-child({n}) [name={field}]")
}

fn admin() -> Session {
    Session::same_origin()
        .with_tenant("default_tenant")
        .with_credentials(Credentials::Basic {
            username: "admin".into(),
            password: "admin".into(),
        })
}

/// The console at `path`, signed in, with the builder open. Keep the handle while testing.
async fn open_builder(
    path: &str,
) -> (
    leptos::mount::UnmountHandle<impl leptos::tachys::view::Mountable>,
    web_sys::HtmlElement,
) {
    let (app, root) = mount_at(path);
    // The first test signs in; the session stays stored for the next ones.
    let signed_in = wait_for("the login form or the list", || {
        if query("input[name=username]").is_some() {
            Some(false)
        } else if rows() > 0 {
            Some(true)
        } else {
            None
        }
    })
    .await;
    if !signed_in {
        sign_in_as_admin().await;
    }
    wait_for("list rows", || (rows() > 0).then_some(())).await;
    click(".filters-toggle");
    wait_for("the builder", || query("textarea[name=filter-text]")).await;
    (app, root)
}

/// Every operator: (text line, rule type, key, operator, values box).
const CASES: &[(&str, &str, &str, &str, &str)] = &[
    ("env=prod", "label", "env", "any_of", "prod"),
    (
        "region!=[us-east-1,eu-west-1]",
        "label",
        "region",
        "not_any_of",
        "us-east-1,eu-west-1",
    ),
    ("tier is null", "label", "tier", "is_null", ""),
    ("tier is not null", "label", "tier", "is_not_null", ""),
    ("env is-not dev", "label", "env", "is_not", "dev"),
    (
        "blueprint_id=web",
        "attribute",
        "blueprint_id",
        "any_of",
        "web",
    ),
    (
        "site_name!=[paris,tokyo]",
        "attribute",
        "site_name",
        "not_any_of",
        "paris,tokyo",
    ),
    (
        "blueprint_id contains web",
        "attribute",
        "blueprint_id",
        "contains",
        "web",
    ),
    (
        "created_by does-not-contain bob",
        "attribute",
        "created_by",
        "not_contains",
        "bob",
    ),
    (
        "id starts-with web",
        "attribute",
        "id",
        "starts_with",
        "web",
    ),
    (
        "id ends-with west-1",
        "attribute",
        "id",
        "ends_with",
        "west-1",
    ),
    (
        "site_name is not empty",
        "attribute",
        "site_name",
        "is_not_empty",
        "",
    ),
];

#[wasm_bindgen_test]
async fn text_fills_the_builder_for_every_operator() {
    let _x = exclusive().await;
    let (_app, root) = open_builder("/deployments").await;
    for (line, kind, key, op, values) in CASES {
        fill("textarea[name=filter-text]", line);
        wait_for(&format!("the row of {line}"), || {
            (value_of(&row(1, "rule-operator")) == *op).then_some(())
        })
        .await;
        assert_eq!(value_of(&row(1, "rule-type")), *kind, "{line}");
        assert_eq!(value_of(&row(1, "rule-key")), *key, "{line}");
        assert_eq!(value_of(&row(1, "rule-values")), *values, "{line}");
        assert_eq!(texts(".filters-rule").len(), 1, "{line}");
        assert!(
            texts(".filters-error").is_empty(),
            "{line}: {:?}",
            texts(".filters-error")
        );
    }
    root.remove();
}

#[wasm_bindgen_test]
async fn the_builder_writes_the_text_for_every_operator() {
    let _x = exclusive().await;
    let (_app, root) = open_builder("/deployments").await;
    for (line, kind, key, op, values) in CASES {
        click("button.filters-clear");
        wait_for("an empty builder", || {
            (texts(".filters-rule").is_empty()).then_some(())
        })
        .await;
        let add = if *kind == "label" {
            "button.filters-add-label"
        } else {
            "button.filters-add-attribute"
        };
        click(add);
        wait_for("a new row", || query(&row(1, "rule-key"))).await;
        fill(&row(1, "rule-key"), key);
        choose(&row(1, "rule-operator"), op);
        if !values.is_empty() {
            fill(&row(1, "rule-values"), values);
        }
        wait_for(&format!("the text {line}"), || {
            (value_of("textarea[name=filter-text]") == *line).then_some(())
        })
        .await;
    }
    root.remove();
}

#[wasm_bindgen_test]
async fn invalid_rules_show_the_managers_message() {
    let _x = exclusive().await;
    let (_app, root) = open_builder("/deployments").await;
    // Not in the CLI grammar: the CLI's message, with the line.
    fill("textarea[name=filter-text]", "env=prod\nenv");
    let shown = wait_for("the syntax error", || text_of(".filters-error")).await;
    assert!(
        shown.starts_with("Line 2: The labels filter rule `env` is not in the right format."),
        "{shown}"
    );
    // In the grammar but refused by the manager: exactly its message, the one the demo manager
    // answers a search with.
    fill(
        "textarea[name=filter-text]",
        "attribute:schedule contains x",
    );
    let rule = baton_core::filters::params::parse_text(
        "attribute:schedule contains x",
        Resource::Deployments,
    );
    let expected = format!("Line 1: {}", rule.1[0].1);
    wait_for("the manager's message", || {
        (text_of(".filters-error").as_deref() == Some(expected.as_str())).then_some(())
    })
    .await;
    let search = baton_core::conductor::searches::Search::deployments()
        .rules(vec![FilterRule::new(
            "schedule",
            ["x"],
            baton_core::filters::Operator::Contains,
            baton_core::filters::RuleType::Attribute,
        )])
        .list(baton_core::ListQuery::new().page(1, 0));
    let answer =
        with_manager(|m| search.parse(m.handle(&search.request(&admin()), baton_web::api::now())));
    let refused = answer.expect_err("the manager refuses the rule");
    assert_eq!(format!("Line 1: {}", refused.message), expected);
    // Apply is refused while a rule is invalid.
    assert!(query(".filters-actions button.primary[disabled]").is_some());
    root.remove();
}

#[wasm_bindgen_test]
async fn the_preview_count_equals_the_managers_count() {
    let _x = exclusive().await;
    let (_app, root) = open_builder("/deployments").await;
    let rules = vec![
        FilterRule::parse_cli("env=[prod,staging]", baton_core::filters::RuleType::Label).unwrap(),
        FilterRule::parse_cli(
            "blueprint_id contains e",
            baton_core::filters::RuleType::Attribute,
        )
        .unwrap(),
    ];
    let expected = with_manager(|m| {
        m.tenant("default_tenant")
            .unwrap()
            .deployments
            .iter()
            .filter(|d| baton_core::filters::matches_all(&rules, *d))
            .count()
    });
    assert!(expected > 0);
    fill(
        "textarea[name=filter-text]",
        "env=[prod,staging]\nblueprint_id contains e",
    );
    let agreed = wait_for("the manager's count", || text_of(".filters-manager.ok")).await;
    assert_eq!(agreed, format!("The manager counts {expected} too."));
    let local = text_of(".filters-local").unwrap();
    assert!(
        local.starts_with(&format!("Preview: {expected} of ")),
        "{local}"
    );
    assert!(!texts(".filters-first li").is_empty());
    root.remove();
}

#[wasm_bindgen_test]
async fn label_keys_and_values_are_offered() {
    let _x = exclusive().await;
    let (_app, root) = open_builder("/deployments").await;
    wait_for("the label keys", || {
        query("#filters-keys option[value=region]")
    })
    .await;
    click("button.filters-add-label");
    wait_for("a new row", || query(&row(1, "rule-key"))).await;
    fill(&row(1, "rule-key"), "region");
    fire(&query(&row(1, "rule-values")).unwrap(), "focus");
    wait_for("the region values", || {
        query("#filters-values option[value=eu-west-1]")
    })
    .await;
    assert_eq!(
        query(&row(1, "rule-key"))
            .unwrap()
            .get_attribute("list")
            .as_deref(),
        Some("filters-keys")
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn applied_rules_are_in_the_url_and_filter_the_list() {
    let _x = exclusive().await;
    let (_app, root) = open_builder("/deployments").await;
    let expected = with_manager(|m| {
        m.tenant("default_tenant")
            .unwrap()
            .deployments
            .iter()
            .filter(|d| d.labels().any(|(k, v)| k == "env" && v == "qa"))
            .count()
    });
    fill("textarea[name=filter-text]", "env=qa");
    wait_for("the manager's count", || query(".filters-manager.ok")).await;
    click(".filters-actions button.primary");
    wait_for("the rule in the URL", || {
        let search = web_sys::window().unwrap().location().search().unwrap();
        search.contains("label_rule=env%3Dqa").then_some(())
    })
    .await;
    wait_for("the filtered list", || {
        (rows() == expected.min(50) && texts(".chip.filter").iter().any(|c| c.contains("env=qa")))
            .then_some(())
    })
    .await;
    drop(_app);
    root.remove();
    // A link with a rule the CLI cannot read shows its message, not an empty list.
    let (_app2, root2) = mount_at("/deployments?label_rule=env");
    let shown = wait_for("the error", || text_of(".error")).await;
    assert!(
        shown.contains("The labels filter rule `env` is not in the right format."),
        "{shown}"
    );
    drop(_app2);
    root2.remove();
}

#[wasm_bindgen_test]
async fn a_saved_filter_opened_for_editing_takes_new_rules() {
    use baton_core::conductor::saved_filters::{CreateFilter, FilterResource, GetFilter};
    use baton_core::filters::RuleType;
    let _turn = exclusive().await;
    let create = CreateFilter {
        resource: FilterResource::Deployments,
        id: "baton-edit-me".into(),
        filter_rules: vec![FilterRule::parse_cli("env=prod", RuleType::Label).unwrap()],
        visibility: None,
    };
    with_manager(|m| create.parse(m.handle(&create.request(&admin()), baton_web::api::now())))
        .expect("the filter saved");
    baton_web::stored::clear();
    signed_in_session().await;
    // The saved filters page links to the list with its rules, for editing.
    let (app, root) = mount_at("/filters/deployments");
    let href = wait_for("its Edit rules link", || {
        row_containing("table tbody tr", "baton-edit-me")?
            .query_selector("a.button")
            .ok()
            .flatten()?
            .get_attribute("href")
    })
    .await;
    assert!(href.contains("editing=baton-edit-me"), "{href}");
    drop(app);
    root.remove();

    let (_app, root) = mount_at(&href);
    // The builder opens by itself, with the filter's rules.
    let update = wait_for("the Update button", || query(".filters-update")).await;
    assert_eq!(
        update.text_content().as_deref(),
        Some("Update “baton-edit-me”")
    );
    assert_eq!(value_of("textarea[name=filter-text]").trim(), "env=prod");
    fill("textarea[name=filter-text]", "env=staging");
    wait_for("the rows follow the text", || {
        (value_of(&row(1, "rule-values")) == "staging").then_some(())
    })
    .await;
    click(".filters-update");
    wait_for("the update said", || {
        texts(".toast.ok")
            .into_iter()
            .find(|t| t.contains("Updated the rules of the filter “baton-edit-me”."))
    })
    .await;
    let get = GetFilter {
        resource: FilterResource::Deployments,
        id: "baton-edit-me".into(),
        include: vec![],
    };
    let saved =
        with_manager(|m| get.parse(m.handle(&get.request(&admin()), baton_web::api::now())))
            .unwrap();
    let text = baton_core::filters::params::to_text(&saved.value, Resource::Deployments);
    assert_eq!(text.trim(), "env=staging");
    root.remove();
}
