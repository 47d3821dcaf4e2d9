//! The form engine mounted on its own with a schema, in headless Chromium against the built-in
//! demo manager: every input type and constraint, messages next to their fields, the raw
//! JSON/YAML view, pickers filled from `/searches`, hidden inputs and defaults, and a manager
//! 400 put on the input it names.

#![cfg(target_arch = "wasm32")]

mod common;

use std::cell::Cell;

use baton_core::conductor::deployments::CreateDeployment;
use baton_web::api::Api;
use baton_web::components::form::{FormState, SchemaForm};
use common::document;
use common::*;
use leptos::prelude::*;
use serde_json::{json, Map, Value};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

thread_local! {
    static FORM: Cell<Option<FormState>> = const { Cell::new(None) };
}

/// Mounts a form for `schema` (with a deployment or blueprint as context) in a new element.
fn mount_form(
    schema: Value,
    deployment_id: Option<&'static str>,
    blueprint_id: Option<&'static str>,
) -> (
    leptos::mount::UnmountHandle<impl leptos::tachys::view::Mountable>,
    HtmlElement,
    FormState,
) {
    let root: HtmlElement = document()
        .create_element("div")
        .unwrap()
        .dyn_into()
        .unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(Api::new());
        let form = FormState::new(&schema);
        FORM.with(|f| f.set(Some(form)));
        view! {
            <SchemaForm form=form deployment_id=deployment_id.map(String::from)
                blueprint_id=blueprint_id.map(String::from) />
        }
    });
    let form = FORM.with(|f| f.get()).unwrap();
    (handle, root, form)
}

fn field(name: &str) -> String {
    format!(".field[data-input=\"{name}\"]")
}

fn control(name: &str) -> web_sys::Element {
    query(&format!("{} [name=\"{name}\"]", field(name)))
        .unwrap_or_else(|| panic!("no control for {name}"))
}

fn error_of(name: &str) -> String {
    text_of(&format!("{} .field-error", field(name))).unwrap_or_default()
}

fn fill(name: &str, value: &str) {
    let el = control(name);
    if let Some(a) = el.dyn_ref::<HtmlTextAreaElement>() {
        a.set_value(value);
    } else if let Some(s) = el.dyn_ref::<HtmlSelectElement>() {
        s.set_value(value);
    } else {
        el.dyn_ref::<HtmlInputElement>().unwrap().set_value(value);
    }
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    for kind in ["input", "change"] {
        el.dispatch_event(&web_sys::Event::new_with_event_init_dict(kind, &init).unwrap())
            .unwrap();
    }
}

/// Logs the form as static HTML (values copied into attributes) for screenshots: run with
/// `-- --nocapture` and grep `BATON-SNAPSHOT`.
fn snapshot(name: &str, root: &HtmlElement) {
    let all = root.query_selector_all("input, textarea, select").unwrap();
    for i in 0..all.length() {
        let el = all.item(i).unwrap();
        if let Some(a) = el.dyn_ref::<HtmlTextAreaElement>() {
            a.set_text_content(Some(&a.value()));
        } else if let Some(s) = el.dyn_ref::<HtmlSelectElement>() {
            if let Some(o) = s.selected_options().item(0) {
                o.set_attribute("selected", "").unwrap();
            }
        } else if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
            if input.checked() {
                input.set_attribute("checked", "").unwrap();
            }
            input.set_attribute("value", &input.value()).unwrap();
        }
    }
    let html = root.outer_html().replace('\n', "&#10;");
    web_sys::console::log_1(&format!("BATON-SNAPSHOT {name} {html}").into());
}

/// Lets the page render what changed (Leptos updates the DOM on a later tick).
async fn settle() {
    sleep(0).await;
    sleep(0).await;
}

async fn set_text(name: &str, value: &str) {
    fill(name, value);
    settle().await;
}

fn values(form: FormState) -> Map<String, Value> {
    form.result
        .get_untracked()
        .unwrap_or_else(|e| panic!("form invalid: {e:?}"))
}

fn errors(form: FormState) -> Vec<(String, String)> {
    form.result.get_untracked().err().unwrap_or_default()
}

const ALL_TYPES: &[&str] = &[
    "string",
    "integer",
    "float",
    "boolean",
    "list",
    "dict",
    "regex",
    "textarea",
    "secret_key",
    "deployment_id",
    "blueprint_id",
    "capability_value",
    "node_id",
    "node_type",
    "node_instance",
    "scaling_group",
    "operation_name",
];

#[wasm_bindgen_test]
async fn every_type_has_its_control_and_sends_its_value() {
    let _turn = exclusive().await;
    let mut schema = Map::new();
    for t in ALL_TYPES {
        schema.insert(format!("a_{t}"), json!({"type": t, "required": false}));
    }
    schema.insert("untyped".into(), json!({"default": {"k": 1}}));
    let (_h, root, form) = mount_form(Value::Object(schema), Some("d"), None);
    settle().await;

    let tag = |n: &str| control(n).tag_name().to_lowercase();
    let kind = |n: &str| control(n).get_attribute("type").unwrap_or_default();
    assert_eq!(kind("a_boolean"), "checkbox");
    for t in ["a_list", "a_dict", "a_textarea", "untyped"] {
        assert_eq!(tag(t), "textarea", "{t}");
    }
    for t in ["a_string", "a_integer", "a_float", "a_regex"] {
        assert_eq!((tag(t), kind(t)), ("input".into(), "text".into()), "{t}");
    }
    for t in &ALL_TYPES[8..] {
        let c = control(&format!("a_{t}"));
        assert_eq!(c.get_attribute("role").as_deref(), Some("combobox"), "{t}");
    }
    // Nothing typed and nothing required: only the untyped default and the unchecked box.
    assert_eq!(
        values(form),
        json!({"untyped": {"k": 1}, "a_boolean": false})
            .as_object()
            .unwrap()
            .clone()
    );

    set_text("a_string", "hello").await;
    set_text("a_integer", "42").await;
    set_text("a_float", "2.5").await;
    control("a_boolean")
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    set_text("a_list", "- a\n- 2\n").await;
    set_text("a_dict", "{\"x\": [1]}").await;
    set_text("a_regex", "^web-[0-9]+$").await;
    set_text("a_textarea", "line 1\nline 2").await;
    set_text("a_secret_key", "db_password").await;
    set_text("a_capability_value", "8080").await;
    set_text("untyped", "plain words").await;
    let v = values(form);
    assert_eq!(v["a_string"], "hello");
    assert_eq!(v["a_integer"], 42);
    assert_eq!(v["a_float"], 2.5);
    assert_eq!(v["a_boolean"], true);
    assert_eq!(v["a_list"], json!(["a", 2]));
    assert_eq!(v["a_dict"], json!({"x": [1]}));
    assert_eq!(v["a_regex"], "^web-[0-9]+$");
    assert_eq!(v["a_textarea"], "line 1\nline 2");
    assert_eq!(v["a_secret_key"], "db_password");
    assert_eq!(v["a_capability_value"], 8080);
    assert_eq!(v["untyped"], "plain words");

    // Text that is not of the type is refused, saying why, next to the field.
    for (name, text, why) in [
        ("a_integer", "4.5", "4.5 is not a whole number"),
        ("a_float", "ten", "ten is not a number"),
        ("a_list", "{\"a\": 1}", "Must be a list, not {\"a\":1}"),
        (
            "a_dict",
            "[1]",
            "Must be a dictionary (key: value), not [1]",
        ),
        ("a_regex", "(unclosed", "Not a valid regular expression"),
    ] {
        set_text(name, text).await;
        assert!(
            error_of(name).starts_with(why),
            "{name}: {}",
            error_of(name)
        );
        assert!(
            errors(form).iter().any(|(n, _)| n == name),
            "{name} not blocking"
        );
    }
    root.remove();
}

#[wasm_bindgen_test]
async fn every_constraint_blocks_the_form_with_its_message() {
    let _turn = exclusive().await;
    let schema = json!({
        "in_range": {"type": "integer", "constraints": [{"in_range": [1, 65535]}]},
        "greater_than": {"type": "integer", "constraints": [{"greater_than": 0}]},
        "greater_or_equal": {"type": "float", "constraints": [{"greater_or_equal": 0.5}]},
        "less_than": {"type": "integer", "constraints": [{"less_than": 10}]},
        "less_or_equal": {"type": "integer", "constraints": [{"less_or_equal": 10}]},
        "length": {"type": "string", "constraints": [{"length": 4}]},
        "min_length": {"type": "string", "constraints": [{"min_length": 3}]},
        "max_length": {"type": "list", "constraints": [{"max_length": 2}]},
        "pattern": {"type": "string", "constraints": [{"pattern": "[a-z]+-[0-9]+"}]},
        "valid_values": {"type": "string", "constraints": [{"valid_values": ["small", "large"]}]},
        "equal": {"type": "string", "constraints": [{"equal": "yes"}]}
    });
    let (_h, root, form) = mount_form(schema, None, None);
    settle().await;
    let cases = [
        ("in_range", "70000", "22", "Must be between 1 and 65535"),
        ("greater_than", "0", "1", "Must be greater than 0"),
        ("greater_or_equal", "0.25", "0.5", "Must be 0.5 or more"),
        ("less_than", "10", "9", "Must be less than 10"),
        ("less_or_equal", "11", "10", "Must be 10 or less"),
        ("length", "abc", "abcd", "Must be exactly 4 characters long"),
        (
            "min_length",
            "ab",
            "abc",
            "Must be at least 3 characters long",
        ),
        (
            "max_length",
            "[1, 2, 3]",
            "[1, 2]",
            "Must be at most 2 items long",
        ),
        // re.match: anchored at the start only.
        (
            "pattern",
            "web_1",
            "web-1 and more",
            "Must match the pattern [a-z]+-[0-9]+",
        ),
        ("equal", "no", "yes", "Must be yes"),
    ];
    for (name, bad, good, why) in cases {
        set_text(name, bad).await;
        assert_eq!(error_of(name), why, "{name}");
        let input = control(name);
        assert_eq!(
            input.get_attribute("aria-invalid").as_deref(),
            Some("true"),
            "{name}"
        );
        let described = input.get_attribute("aria-describedby").unwrap();
        let err_id = query(&format!("{} .field-error", field(name)))
            .unwrap()
            .id();
        assert!(
            described.split(' ').any(|d| d == err_id),
            "{name}: {described}"
        );
        assert!(
            errors(form).iter().any(|(n, e)| n == name && e == why),
            "{name} does not block the form"
        );
        set_text(name, good).await;
        assert_eq!(error_of(name), "", "{name}");
        assert_eq!(
            input.get_attribute("aria-invalid").as_deref(),
            Some("false")
        );
    }
    // valid_values is a choice of exactly those values.
    let select: HtmlSelectElement = control("valid_values").dyn_into().unwrap();
    let options: Vec<String> = (0..select.length())
        .filter_map(|i| select.item(i))
        .map(|o| o.text_content().unwrap_or_default())
        .collect();
    assert_eq!(options, ["— choose —", "small", "large"]);
    // Required without a default: blocked from the start, said once the form is submitted.
    assert!(errors(form).iter().any(|(n, _)| n == "valid_values"));
    assert_eq!(error_of("valid_values"), "");
    form.touch_all();
    settle().await;
    wait_for("the required message", || {
        (error_of("valid_values") == "Required: this input has no default.").then_some(())
    })
    .await;
    set_text("valid_values", "large").await;
    let v = values(form);
    assert_eq!(v["valid_values"], "large");
    assert_eq!(v["in_range"], 22);
    assert_eq!(v["pattern"], "web-1 and more");
    root.remove();
}

#[wasm_bindgen_test]
async fn hidden_inputs_send_their_default_and_defaults_fill_fields() {
    let _turn = exclusive().await;
    let schema = json!({
        "token": {"type": "string", "default": "t0k3n", "hidden": true},
        "port": {"type": "integer", "default": 8080, "display_label": "Listening port",
                 "description": "Port the service listens on"},
        "note": {"type": "string", "required": false},
        "flag": {"type": "boolean", "default": true},
        "region": {"type": "string", "description": "The cloud region"}
    });
    let (_h, root, form) = mount_form(schema, None, None);
    settle().await;
    assert!(query(&field("token")).is_none(), "a hidden input is shown");
    let label = text_of(&format!("{} label", field("port"))).unwrap();
    assert!(
        label.contains("Listening port") && label.contains("port"),
        "{label}"
    );
    assert!(text_of(&format!("{} .field-hint", field("port")))
        .unwrap()
        .contains("default: 8080"));
    assert_eq!(
        text_of(&format!("{} .field-help", field("port"))).unwrap(),
        "Port the service listens on"
    );
    assert_eq!(
        control("port")
            .dyn_into::<HtmlInputElement>()
            .unwrap()
            .value(),
        "8080"
    );
    assert!(control("flag")
        .dyn_into::<HtmlInputElement>()
        .unwrap()
        .checked());
    assert!(text_of(&format!("{} .field-required", field("region"))).is_some());
    assert!(text_of(&format!("{} .field-required", field("note"))).is_none());
    form.touch_all();
    settle().await;
    snapshot("defaults", &root);
    // Only region (required, no default) blocks.
    assert_eq!(errors(form).len(), 1);
    set_text("region", "eu-west-1").await;
    assert_eq!(
        Value::Object(values(form)),
        json!({"token": "t0k3n", "port": 8080, "flag": true, "region": "eu-west-1"})
    );
    // Clearing a field with a default leaves it to the manager's default.
    set_text("port", "").await;
    assert!(!values(form).contains_key("port"));
    root.remove();
}

#[wasm_bindgen_test]
async fn raw_view_round_trips_json_and_yaml_and_keeps_a_bad_text() {
    let _turn = exclusive().await;
    let schema = json!({
        "port": {"type": "integer", "default": 8080},
        "tags": {"type": "list", "default": ["a", "b"]},
        "opts": {"type": "dict", "default": {"x": {"y": true}}},
        "name": {"type": "string", "default": "yes"}
    });
    let (_h, root, form) = mount_form(schema, None, None);
    settle().await;
    let raw = || query(".raw-text").map(|e| e.dyn_into::<HtmlTextAreaElement>().unwrap());
    let type_raw = |text: &str| {
        let a = raw().unwrap();
        a.set_value(text);
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        a.dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap())
            .unwrap();
    };
    let tab = |label: &str| {
        let buttons = document().query_selector_all(".raw-tab").unwrap();
        (0..buttons.length())
            .filter_map(|i| buttons.item(i))
            .map(|b| b.dyn_into::<HtmlElement>().unwrap())
            .find(|b| b.text_content().as_deref() == Some(label))
            .unwrap()
    };
    let before = values(form);
    tab("YAML").click();
    settle().await;
    let yaml = wait_for("the YAML view", || raw().map(|a| a.value())).await;
    assert_eq!(
        yaml,
        "name: \"yes\"\nopts:\n  x:\n    y: true\nport: 8080\ntags:\n  - a\n  - b\n"
    );
    // YAML edits reach the fields at once.
    type_raw("name: web\nopts: {}\nport: 9090\ntags:\n- c\n");
    settle().await;
    assert_eq!(
        Value::Object(values(form)),
        json!({"name": "web", "opts": {}, "port": 9090, "tags": ["c"]})
    );
    // A parse error is shown, the fields keep their last valid values and the text stays.
    let bad = "name: web\nport: [9090\n";
    type_raw(bad);
    settle().await;
    let msg = text_of(".raw-error").unwrap();
    assert!(msg.contains("line 2"), "{msg}");
    assert_eq!(values(form)["port"], 9090);
    assert_eq!(
        raw().unwrap().get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    snapshot("raw-error", &root);
    tab("Form").click();
    settle().await;
    wait_for("the fields", || query(".form-fields:not([hidden])")).await;
    assert_eq!(
        control("port")
            .dyn_into::<HtmlInputElement>()
            .unwrap()
            .value(),
        "9090"
    );
    tab("YAML").click();
    settle().await;
    assert_eq!(
        wait_for("the YAML view", || raw().map(|a| a.value())).await,
        bad
    );
    // Unknown inputs are refused by name, as the manager would.
    type_raw("colour: red\n");
    settle().await;
    assert!(text_of(".raw-error")
        .unwrap()
        .contains("Unknown input(s): colour"));
    click(".raw-discard");
    settle().await;
    // JSON view of the same values, and back.
    tab("JSON").click();
    settle().await;
    let text = wait_for("the JSON view", || raw().map(|a| a.value())).await;
    assert_eq!(
        serde_json::from_str::<Value>(&text).unwrap(),
        json!({"name": "web", "opts": {}, "port": 9090, "tags": ["c"]})
    );
    type_raw(&Value::Object(before.clone()).to_string());
    settle().await;
    assert_eq!(values(form), before);
    tab("Form").click();
    settle().await;
    assert_eq!(
        control("tags")
            .dyn_into::<HtmlTextAreaElement>()
            .unwrap()
            .value(),
        "[\"a\",\"b\"]"
    );
    root.remove();
}

async fn options_shown(what: &str) -> Vec<String> {
    wait_for(what, || {
        let busy = query(".picker-list:not([hidden]) [aria-busy]").is_some();
        let opts = texts(".picker-list:not([hidden]) .picker-option .picker-value");
        let note = query(".picker-list:not([hidden]) .picker-empty").is_some();
        (!busy && (!opts.is_empty() || note)).then_some(opts)
    })
    .await
}

fn focus(name: &str) {
    let el: HtmlElement = control(name).dyn_into().unwrap();
    el.focus().unwrap();
    el.dispatch_event(&web_sys::Event::new("focus").unwrap())
        .unwrap();
}

async fn blur(name: &str) {
    let el: HtmlElement = control(name).dyn_into().unwrap();
    el.blur().unwrap();
    el.dispatch_event(&web_sys::Event::new("blur").unwrap())
        .unwrap();
    wait_for("the list to close", || {
        query(".picker-list:not([hidden])").is_none().then_some(())
    })
    .await;
}

#[wasm_bindgen_test]
async fn pickers_list_the_managers_values_under_the_inputs_constraints() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    signed_in_session().await;
    let page = Api::new()
        .call(&baton_core::conductor::deployments::ListDeployments::default())
        .await
        .unwrap();
    let dep = page.items.get(1).map(|d| d.id.clone());
    let dep: &'static str = Box::leak(dep.expect("a demo deployment").into_boxed_str());
    let schema = json!({
        "aws_secret": {"type": "secret_key", "required": false,
                       "constraints": [{"name_pattern": {"starts_with": "aws"}}]},
        "no_secret": {"type": "secret_key", "required": false,
                      "constraints": [{"name_pattern": {"starts_with": "zzz"}}]},
        "deployment": {"type": "deployment_id", "required": false},
        "node": {"type": "node_id", "required": false},
        "node_type": {"type": "node_type", "required": false},
        "nodes": {"type": "list", "item_type": "node_id", "default": []},
        "frontend_bp": {"type": "blueprint_id", "required": false, "constraints": [{"labels": [{"tier": "frontend"}]}]},
        "instance": {"type": "node_instance", "required": false},
        "group": {"type": "scaling_group", "required": false},
        "port": {"type": "capability_value", "required": false, "constraints": [{"name_pattern": {"equals_to": "port"}}]}
    });
    let (_h, root, form) = mount_form(schema, Some(dep), None);
    settle().await;

    focus("aws_secret");
    let shown = options_shown("secret choices").await;
    assert_eq!(shown, ["aws_access_key_id", "aws_region"]);
    let first = query(".picker-list:not([hidden]) .picker-option").unwrap();
    first
        .dispatch_event(&web_sys::Event::new("mousedown").unwrap())
        .unwrap();
    settle().await;
    assert_eq!(
        values_or_errors(form, "aws_secret"),
        json!("aws_access_key_id")
    );
    blur("aws_secret").await;

    // Nothing satisfies the constraints: the list says so and why.
    focus("no_secret");
    assert!(options_shown("no secrets").await.is_empty());
    let why = text_of(".picker-list:not([hidden]) .picker-empty").unwrap();
    assert_eq!(
        why,
        "No secrets satisfy this input's constraints: name starts with “zzz”."
    );
    blur("no_secret").await;

    // What is typed narrows the search (`_search`), 10 at a time.
    focus("deployment");
    set_text("deployment", "prod").await;
    let shown = wait_for("matching deployments", || {
        let opts = texts(".picker-list:not([hidden]) .picker-option .picker-value");
        (!opts.is_empty() && opts.iter().all(|o| o.contains("prod"))).then_some(opts)
    })
    .await;
    assert_eq!(shown.len(), 10);
    snapshot("picker", &root);
    assert!(text_of(".picker-list:not([hidden])")
        .unwrap()
        .contains("type to narrow"));
    blur("deployment").await;

    // Node pickers list the context deployment's nodes.
    focus("node");
    let mut nodes = options_shown("nodes").await;
    nodes.sort();
    assert_eq!(nodes, ["app", "vm"]);
    blur("node").await;
    focus("node_type");
    let mut types = options_shown("node types").await;
    types.sort();
    assert_eq!(
        types,
        ["cloudify.nodes.Compute", "cloudify.nodes.WebServer"]
    );
    blur("node_type").await;

    // Blueprints carrying a label: every one offered has it.
    focus("frontend_bp");
    let bps = options_shown("frontend blueprints").await;
    assert!(!bps.is_empty());
    blur("frontend_bp").await;
    for id in &bps {
        let bp = Api::new()
            .call(&baton_core::conductor::blueprints::GetBlueprint {
                id: id.clone(),
                include: Vec::new(),
            })
            .await
            .unwrap();
        let labels = bp.labels.unwrap_or_default();
        assert!(
            labels
                .iter()
                .any(|l| l.key == "tier" && l.value == "frontend"),
            "{id} offered without tier=frontend"
        );
    }
    // The context deployment's instances and capability values; no scaling groups, and why.
    focus("instance");
    let instances = options_shown("instances").await;
    assert!(!instances.is_empty());
    assert!(
        instances
            .iter()
            .all(|i| i.starts_with("vm") || i.starts_with("app")),
        "{instances:?}"
    );
    blur("instance").await;
    focus("port");
    let ports = options_shown("capability values").await;
    assert!(!ports.is_empty());
    assert!(ports.iter().all(|p| p.parse::<u16>().is_ok()), "{ports:?}");
    blur("port").await;
    focus("group");
    assert!(options_shown("scaling groups").await.is_empty());
    assert_eq!(
        text_of(".picker-list:not([hidden]) .picker-empty").unwrap(),
        format!("No scaling groups in deployment {dep}.")
    );
    blur("group").await;

    // A list of node ids: each pick is added to the list.
    let adder = format!("{} .field-adder input", field("nodes"));
    let add: HtmlElement = query(&adder).unwrap().dyn_into().unwrap();
    add.focus().unwrap();
    add.dispatch_event(&web_sys::Event::new("focus").unwrap())
        .unwrap();
    options_shown("nodes to add").await;
    for i in 0..2 {
        let opt = document()
            .query_selector_all(".picker-list:not([hidden]) .picker-option")
            .unwrap()
            .item(i)
            .unwrap();
        opt.dispatch_event(&web_sys::Event::new("mousedown").unwrap())
            .unwrap();
        settle().await;
        add.dispatch_event(&web_sys::Event::new("focus").unwrap())
            .unwrap();
        options_shown("nodes to add").await;
    }
    let mut picked: Vec<String> = serde_json::from_value(values(form)["nodes"].clone()).unwrap();
    picked.sort();
    assert_eq!(picked, ["app", "vm"]);
    root.remove();
}

/// The form's value for one input, valid or not.
fn values_or_errors(form: FormState, name: &str) -> Value {
    match form.result.get_untracked() {
        Ok(v) => v.get(name).cloned().unwrap_or(Value::Null),
        Err(e) => {
            assert!(!e.iter().any(|(n, _)| n == name), "{name}: {e:?}");
            Value::Null
        }
    }
}

#[wasm_bindgen_test]
async fn a_manager_400_is_put_on_the_input_it_names() {
    let _turn = exclusive().await;
    baton_web::stored::clear();
    signed_in_session().await;
    // The demo blueprint's inputs, as the manager declares them (region has no default).
    let bp = Api::new()
        .call(&baton_core::conductor::blueprints::GetBlueprint {
            id: "hello-world".into(),
            include: Vec::new(),
        })
        .await
        .unwrap();
    let plan = bp.plan.unwrap()["inputs"].clone();
    let (_h, root, form) = mount_form(plan, None, None);
    settle().await;
    // The manager's own refusal: leave out the required region on purpose.
    let api = Api::new();
    let inputs = json!({"port": 8080}).as_object().unwrap().clone();
    let create = CreateDeployment {
        id: "forms-test-dep".into(),
        blueprint_id: "hello-world".into(),
        inputs,
        ..Default::default()
    };
    let err = api.call(&create).await.unwrap_err();
    assert_eq!(err.code, "missing_required_deployment_input_error");
    assert!(form.show_server_error(&err));
    settle().await;
    let msg = wait_for("the error on region", || {
        Some(error_of("region")).filter(|e| !e.is_empty())
    })
    .await;
    assert!(
        msg.contains("missing_required_deployment_input_error"),
        "{msg}"
    );
    assert_eq!(error_of("port"), "");
    assert!(errors(form).iter().any(|(n, _)| n == "region"));
    // Typing in the field clears the manager's word on it.
    set_text("region", "eu-west-1").await;
    assert_eq!(error_of("region"), "");
    assert!(form.result.get_untracked().is_ok());

    // A constraint the manager checks: its message names the input.
    fail_once(Fault::new(
        "/deployments",
        400,
        "constraint_error",
        "Value 70000 of input port violates constraint in_range(1, 65535) operator.",
    ));
    let err = api.call(&create).await.unwrap_err();
    assert!(form.show_server_error(&err));
    settle().await;
    assert!(error_of("port").starts_with("Value 70000 of input port violates constraint"));
    assert_eq!(
        control("port").get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    // An error naming no input is the page's to show.
    let other = baton_core::ApiError::new(Some(500), "internal_server_error", "boom");
    assert!(!form.show_server_error(&other));
    form.clear_server_errors();
    settle().await;
    assert_eq!(error_of("port"), "");
    root.remove();
}
