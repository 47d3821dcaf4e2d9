//! Every model's parser against answers a hostile or broken manager could send (issue 15):
//! arbitrary JSON and bytes never panic, valid items survive a round trip, and the captured
//! real answers with fields removed, retyped and nested deeply still parse item by item: a bad
//! item is set aside and every other item of its page is kept.

use std::path::PathBuf;

use baton_core::conductor::agents::{Agent, ListAgents};
use baton_core::conductor::auth::{ListTokens, Token, User};
use baton_core::conductor::blueprints::{Blueprint, GetBlueprint, ListBlueprints};
use baton_core::conductor::deployment_updates::{DeploymentUpdate, ListDeploymentUpdates};
use baton_core::conductor::deployments::{Deployment, GetDeployment, ListDeployments, Workflow};
use baton_core::conductor::events::{Event, ListEvents};
use baton_core::conductor::execution_schedules::{ExecutionSchedule, ListExecutionSchedules};
use baton_core::conductor::executions::{
    Execution, ExecutionGroup, GetExecution, ListExecutionGroups, ListExecutions,
};
use baton_core::conductor::groups::ListDeploymentGroups;
use baton_core::conductor::manager::{ClusterStatus, ConfigEntry, ManagerStatus, Version};
use baton_core::conductor::nodes::{ListNodeInstances, ListNodes};
use baton_core::conductor::operations::{ListOperations, Operation};
use baton_core::conductor::plugins::{ListPlugins, PluginsUpdate};
use baton_core::conductor::resources::*;
use baton_core::conductor::saved_filters::ListFilters;
use baton_core::conductor::secrets::{GetSecret, ListSecrets};
use baton_core::conductor::sites::ListSites;
use baton_core::conductor::snapshots::{ListSnapshots, Snapshot};
use baton_core::conductor::tenants::Tenant;
use baton_core::conductor::Label;
use baton_core::depth::{marker, MAX_DEPTH};
use baton_core::{Endpoint, Page, Response};
use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Map, Value};

fn answer(status: u16, body: Vec<u8>) -> Response {
    http::Response::builder().status(status).body(body).unwrap()
}

fn fixtures_dir() -> PathBuf {
    std::env::var_os("BATON_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures/conductor")
        })
}

fn fixture(name: &str) -> Value {
    let path = fixtures_dir().join(name);
    let text = std::fs::read(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_json::from_slice(&text).unwrap()
}

/// Arbitrary JSON, up to a few levels deep, with the strings and numbers that trip parsers.
fn any_json() -> impl Strategy<Value = Value> {
    json_with(
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f))
            .boxed(),
    )
}

/// Arbitrary JSON whose numbers read back exactly (serde_json's default float reading is not
/// exact for every double; that is the parser's, not the model's).
fn exact_json() -> impl Strategy<Value = Value> {
    json_with(any::<i32>().prop_map(|n| json!(f64::from(n) / 4.0)).boxed())
}

fn json_with(float: BoxedStrategy<Value>) -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        float,
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        ".{0,12}".prop_map(Value::String),
        Just(json!("2026-11-22T12:54:47.482Z")),
        Just(json!("not a date")),
        Just(json!(-5)),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![
                        Just("id".to_string()),
                        Just("items".to_string()),
                        Just("metadata".to_string()),
                        Just("pagination".to_string()),
                        Just("total".to_string()),
                        Just("labels".to_string()),
                        Just("created_at".to_string()),
                        Just("workflows".to_string()),
                        Just("value".to_string()),
                        "[a-z_]{1,8}",
                    ],
                    inner
                ),
                0..6
            )
            .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// Calls `f` with every model type the console parses.
macro_rules! for_every_model {
    ($f:ident, $($arg:expr),*) => {{
        $f::<Deployment>($($arg),*);
        $f::<Workflow>($($arg),*);
        $f::<Blueprint>($($arg),*);
        $f::<Execution>($($arg),*);
        $f::<ExecutionGroup>($($arg),*);
        $f::<ExecutionSchedule>($($arg),*);
        $f::<Event>($($arg),*);
        $f::<Node>($($arg),*);
        $f::<NodeInstance>($($arg),*);
        $f::<Secret>($($arg),*);
        $f::<Site>($($arg),*);
        $f::<SavedFilter>($($arg),*);
        $f::<DeploymentGroup>($($arg),*);
        $f::<Plugin>($($arg),*);
        $f::<PluginsUpdate>($($arg),*);
        $f::<Snapshot>($($arg),*);
        $f::<Agent>($($arg),*);
        $f::<Operation>($($arg),*);
        $f::<DeploymentUpdate>($($arg),*);
        $f::<Token>($($arg),*);
        $f::<User>($($arg),*);
        $f::<Tenant>($($arg),*);
        $f::<ConfigEntry>($($arg),*);
        $f::<ManagerStatus>($($arg),*);
        $f::<ClusterStatus>($($arg),*);
        $f::<Version>($($arg),*);
        $f::<Label>($($arg),*);
    }};
}

fn parse_any<T: DeserializeOwned>(v: &Value) {
    let _ = serde_json::from_value::<T>(v.clone());
    let _ = serde_json::from_value::<Page<T>>(v.clone());
    let _ = serde_json::from_value::<Page<T>>(json!({"items": [v], "metadata": v}));
}

/// Every list and detail endpoint's parse of `body`, for its status.
fn parse_everywhere(status: u16, body: &[u8]) {
    macro_rules! each {
        ($($e:expr),* $(,)?) => {$(
            let _ = $e.parse(answer(status, body.to_vec()));
        )*};
    }
    each!(
        ListDeployments::default(),
        ListBlueprints::default(),
        ListExecutions::default(),
        ListExecutionGroups::default(),
        ListExecutionSchedules::default(),
        ListEvents::default(),
        ListNodes::default(),
        ListNodeInstances::default(),
        ListSecrets::default(),
        ListSites::default(),
        ListFilters::default(),
        ListDeploymentGroups::default(),
        ListPlugins::default(),
        ListSnapshots::default(),
        ListAgents::default(),
        ListOperations::default(),
        ListDeploymentUpdates::default(),
        ListTokens::default(),
        GetDeployment::default(),
        GetBlueprint::default(),
        GetExecution::default(),
        GetSecret::default(),
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_json_never_panics_any_model(v in any_json()) {
        for_every_model!(parse_any, &v);
        parse_everywhere(200, &serde_json::to_vec(&v).unwrap());
        parse_everywhere(500, &serde_json::to_vec(&v).unwrap());
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        parse_everywhere(200, &bytes);
        parse_everywhere(404, &bytes);
    }

    #[test]
    fn deep_or_unbalanced_brackets_never_panic(
        opens in prop::collection::vec(prop_oneof![Just(b'['), Just(b'{'), Just(b'"'), Just(b'\\')], 0..400),
        closes in 0usize..400,
    ) {
        let mut body = b"{\"items\": ".to_vec();
        body.extend(opens);
        body.extend(std::iter::repeat_n(b']', closes));
        parse_everywhere(200, &body);
    }

    #[test]
    fn valid_deployments_survive_a_round_trip(
        id in ".{1,20}",
        name in proptest::option::of(".{0,20}"),
        labels in prop::collection::vec(("[a-z-]{1,8}", ".{0,10}"), 0..4),
        inputs in prop::collection::btree_map("[a-z]{1,6}", exact_json(), 0..4),
    ) {
        let d = Deployment {
            id,
            display_name: name,
            labels: Some(labels.into_iter().map(|(k, v)| Label::new(k, v)).collect()),
            inputs: Some(inputs.into_iter().collect::<Map<String, Value>>()),
            ..Deployment::default()
        };
        let page = json!({"items": [d], "metadata": {"pagination": {"total": 1, "size": 1, "offset": 0}}});
        let back = ListDeployments::default()
            .parse(answer(200, serde_json::to_vec(&page).unwrap()))
            .unwrap();
        prop_assert!(back.rejected.is_empty());
        prop_assert_eq!(&back.items, &vec![d]);
    }

    #[test]
    fn valid_executions_and_events_survive_a_round_trip(
        id in ".{1,20}",
        error in proptest::option::of(".{0,40}"),
        message in proptest::option::of(".{0,40}"),
        params in prop::collection::btree_map("[a-z]{1,6}", exact_json(), 0..4),
    ) {
        let e = Execution {
            id: id.clone(),
            error,
            parameters: Some(params.into_iter().collect()),
            ..Execution::default()
        };
        prop_assert_eq!(round_trip(&e), e);
        let ev = Event { message, execution_id: Some(id), ..Event::default() };
        prop_assert_eq!(round_trip(&ev), ev);
    }
}

fn round_trip<T: Serialize + DeserializeOwned>(t: &T) -> T {
    serde_json::from_value(serde_json::to_value(t).unwrap()).unwrap()
}

/// Every captured item of every fixture list round-trips through its model.
#[test]
fn captured_items_survive_a_round_trip() {
    fn check<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(file: &str) {
        let page: Page<T> = serde_json::from_value(fixture(file)).unwrap();
        assert!(page.rejected.is_empty(), "{file}: {:?}", page.rejected);
        assert!(!page.items.is_empty(), "{file}");
        for item in &page.items {
            assert_eq!(&round_trip(item), item, "{file}");
        }
    }
    check::<Deployment>("deployments_list.json");
    check::<Blueprint>("blueprints_list.json");
    check::<Execution>("executions_list.json");
    check::<Node>("nodes.json");
    check::<NodeInstance>("node_instances.json");
    check::<Secret>("secrets_list.json");
    check::<Site>("sites_list.json");
    check::<ConfigEntry>("config_list.json");
    check::<DeploymentGroup>("deployment_groups.json");
    check::<SavedFilter>("filters_deployments_list.json");
    check::<Tenant>("tenants_list.json");
    check::<Token>("tokens_list.json");
}

/// The ways one field of one item is damaged.
fn damages(v: &Value) -> Vec<Option<Value>> {
    let mut deep = v.clone();
    for _ in 0..300 {
        deep = json!([deep]);
    }
    vec![
        None, // removed
        Some(Value::Null),
        Some(json!(7)),
        Some(json!(-5)),
        Some(json!("text")),
        Some(json!("not a date")),
        Some(json!(true)),
        Some(json!([1, "a"])),
        Some(json!({"k": "v"})),
        Some(deep),
    ]
}

/// Each field of each item of `file`, removed, retyped and nested 300 deep: the answer parses,
/// and every item is either parsed or set aside with its place; the others are untouched.
fn fuzz_fixture<E>(file: &str, endpoint: E)
where
    E: Endpoint<Output = Page<<E as PagedModel>::Item>> + PagedModel,
    <E as PagedModel>::Item: PartialEq + std::fmt::Debug,
{
    let original = fixture(file);
    let items = original["items"].as_array().unwrap().clone();
    let clean = endpoint
        .parse(answer(200, serde_json::to_vec(&original).unwrap()))
        .unwrap();
    assert!(clean.rejected.is_empty(), "{file}");
    let mut variants = 0;
    for (i, item) in items.iter().enumerate() {
        let Some(fields) = item.as_object() else {
            continue;
        };
        for key in fields.keys() {
            for damage in damages(&fields[key]) {
                let mut doc = original.clone();
                let target = doc["items"][i].as_object_mut().unwrap();
                match &damage {
                    None => {
                        target.remove(key);
                    }
                    Some(v) => {
                        target.insert(key.clone(), v.clone());
                    }
                }
                let page = endpoint
                    .parse(answer(200, serde_json::to_vec(&doc).unwrap()))
                    .unwrap_or_else(|e| {
                        panic!("{file} item {i} {key} {damage:?}: the page was lost: {e}")
                    });
                assert_eq!(page.arrived(), items.len(), "{file} item {i} {key}");
                // The other items are exactly as in the clean answer.
                for (j, clean_item) in clean.items.iter().enumerate() {
                    if j != i {
                        assert!(page.items.contains(clean_item), "{file}: item {j} changed");
                    }
                }
                if let Some(r) = page.rejected.first() {
                    assert_eq!((page.rejected.len(), r.index), (1, i), "{file} {key}");
                    assert!(!r.reason.is_empty());
                }
                variants += 1;
            }
        }
    }
    assert!(variants > 0, "{file}: nothing fuzzed");
}

/// The model a list endpoint pages.
trait PagedModel {
    type Item;
}

macro_rules! paged {
    ($($e:ty => $t:ty),* $(,)?) => {$(impl PagedModel for $e { type Item = $t; })*};
}

paged!(
    ListDeployments => Deployment,
    ListBlueprints => Blueprint,
    ListExecutions => Execution,
    ListEvents => Event,
    ListNodes => Node,
    ListNodeInstances => NodeInstance,
    ListSecrets => Secret,
    ListSites => Site,
    ListDeploymentGroups => DeploymentGroup,
    ListFilters => SavedFilter,
);

#[test]
fn captured_answers_damaged_field_by_field_keep_their_other_items() {
    fuzz_fixture("deployments_list.json", ListDeployments::default());
    fuzz_fixture("blueprints_list.json", ListBlueprints::default());
    fuzz_fixture("executions_list.json", ListExecutions::default());
    fuzz_fixture("nodes.json", ListNodes::default());
    fuzz_fixture("node_instances.json", ListNodeInstances::default());
    fuzz_fixture("secrets_list.json", ListSecrets::default());
    fuzz_fixture("sites_list.json", ListSites::default());
    fuzz_fixture("searches_deployments.json", ListDeployments::default());
    fuzz_fixture("deployment_groups.json", ListDeploymentGroups::default());
    fuzz_fixture("filters_deployments_list.json", ListFilters::default());
}

#[test]
fn the_issue_s_bad_items_each_lose_only_themselves() {
    let good = fixture("deployments_list.json")["items"][0].clone();
    let mut numeric_id = good.clone();
    numeric_id["id"] = json!(42);
    let mut labels_text = good.clone();
    labels_text["labels"] = json!("env:prod");
    let mut bad_date = good.clone();
    bad_date["created_at"] = json!("last Tuesday");
    let body = json!({"items": [good, numeric_id, labels_text, bad_date, good],
                      "metadata": {"pagination": {"total": -5, "size": 50, "offset": 0}}});
    let page = ListDeployments::default()
        .parse(answer(200, serde_json::to_vec(&body).unwrap()))
        .unwrap();
    assert_eq!(page.items.len(), 2);
    assert_eq!(
        page.rejected.iter().map(|r| r.index).collect::<Vec<_>>(),
        [1, 2, 3]
    );
    assert_eq!(page.rejected[0].raw["id"], 42);
    assert_eq!(page.known_total(), None);
    let null_items = ListDeployments::default()
        .parse(answer(200, br#"{"items": null}"#.to_vec()))
        .unwrap();
    assert!(null_items.items.is_empty() && !null_items.doubts.is_empty());
}

#[test]
fn a_deployment_with_a_value_200_deep_keeps_its_other_fields() {
    let mut d = fixture("deployment_get.json");
    d.as_object_mut().unwrap().remove("inputs");
    // Built as text: serde_json would refuse to read it back.
    let mut text = serde_json::to_string(&d).unwrap();
    let mut nested = String::new();
    for i in (0..200).rev() {
        nested.push_str(&format!("{{\"level{i}\": "));
    }
    nested.push_str("\"the bottom\"");
    nested.push_str(&"}".repeat(200));
    text.truncate(text.len() - 1);
    text.push_str(&format!(
        ", \"inputs\": {{\"deep\": {nested}, \"port\": 8080}}}}"
    ));
    let parsed = GetDeployment::default()
        .parse(answer(200, text.into_bytes()))
        .unwrap();
    assert_eq!(parsed.id, d["id"].as_str().unwrap());
    let inputs = parsed.inputs.unwrap();
    assert_eq!(inputs["port"], 8080);
    // Followed down to the cut, where a marker says how much is not shown.
    let mut at = &inputs["deep"];
    let mut levels = 0;
    while let Some(next) = at.as_object().and_then(|o| o.values().next()) {
        at = next;
        levels += 1;
    }
    assert!(levels > MAX_DEPTH - 5 && levels < 200, "{levels}");
    let cut = at.as_str().unwrap();
    assert_eq!(cut, marker(200 - levels), "{at}");
}
