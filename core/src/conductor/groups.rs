//! Deployment groups: named sets of deployments for bulk operations (`/deployment-groups`).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::endpoint;
use crate::endpoint::{parse_empty, RequestBody};
use crate::filters::FilterRule;
use crate::page::Page;
use crate::query::{ListQuery, Query};

use super::resources::DeploymentGroup;
use super::Visibility;

/// Labels as the manager takes them in request bodies: a list of one-entry objects
/// (`[{"env": "prod"}, {"tier": "web"}]`), so a key may repeat.
pub mod label_pairs {
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use serde_json::{Map, Value};

    /// Writes `[(k, v), ...]` as `[{k: v}, ...]`.
    pub fn serialize<S: Serializer>(pairs: &[(String, String)], s: S) -> Result<S::Ok, S::Error> {
        let list: Vec<Map<String, Value>> = pairs
            .iter()
            .map(|(k, v)| {
                let mut one = Map::new();
                one.insert(k.clone(), Value::String(v.clone()));
                one
            })
            .collect();
        list.serialize(s)
    }

    /// Reads `[{k: v}, ...]`; each object must have exactly one string entry.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(String, String)>, D::Error> {
        let list = Vec::<Map<String, Value>>::deserialize(d)?;
        list.into_iter()
            .map(|one| {
                let mut it = one.into_iter();
                match (it.next(), it.next()) {
                    (Some((k, Value::String(v))), None) => Ok((k, v)),
                    _ => Err(D::Error::custom("each label must be a one-entry object")),
                }
            })
            .collect()
    }

    /// The same for an optional list.
    pub mod option {
        use super::*;

        pub fn serialize<S: Serializer>(
            pairs: &Option<Vec<(String, String)>>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            match pairs {
                Some(p) => super::serialize(p, s),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Option<Vec<(String, String)>>, D::Error> {
            #[derive(Deserialize)]
            struct Wrap(#[serde(with = "super")] Vec<(String, String)>);
            Ok(Option::<Wrap>::deserialize(d)?.map(|w| w.0))
        }
    }
}

/// One deployment to create in a group (`new_deployments`).
///
/// `id` may use the templates `{uuid}`, `{count}`, `{group_id}`, `{blueprint_id}` and
/// `{site_name}`; without an id the manager uses the blueprint's `id_template` or
/// `{group_id}-{uuid}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewDeployment {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Merged over the group's `default_inputs`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inputs: Option<Map<String, Value>>,
    /// Added to the group's own labels (`csys-obj-type`, `csys-obj-parent`...).
    #[serde(with = "label_pairs::option", skip_serializing_if = "Option::is_none")]
    pub labels: Option<Vec<(String, String)>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runtime_only_evaluation: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skip_plugins_validation: Option<bool>,
}

/// Existing deployments named in several ways; the group gets (or loses) their union.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeploymentSelection {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deployment_ids: Option<Vec<String>>,
    /// A saved deployments filter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter_rules: Option<Vec<FilterRule>>,
    /// Another group's id: its deployments.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deployments_from_group: Option<String>,
}

impl DeploymentSelection {
    pub fn ids<I: IntoIterator<Item = S>, S: Into<String>>(ids: I) -> Self {
        DeploymentSelection {
            deployment_ids: Some(ids.into_iter().map(Into::into).collect()),
            ..Self::default()
        }
    }

    pub fn rules(rules: Vec<FilterRule>) -> Self {
        DeploymentSelection {
            filter_rules: Some(rules),
            ..Self::default()
        }
    }

    /// Whether nothing is selected.
    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }
}

/// The body of `PUT /deployment-groups/<id>`: only the fields that are set change.
///
/// Setting `deployment_ids`, `filter_id` or `deployments_from_group` *replaces* the group's
/// deployments; `filter_rules` alone and `new_deployments` add to them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeploymentGroupSpec {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visibility: Option<Visibility>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The default blueprint for new deployments.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blueprint_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_inputs: Option<Map<String, Value>>,
    /// The group's labels (replacing the old ones); the manager adds them to every member.
    #[serde(with = "label_pairs::option", skip_serializing_if = "Option::is_none")]
    pub labels: Option<Vec<(String, String)>>,
    #[serde(flatten)]
    pub members: DeploymentSelection,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_deployments: Option<Vec<NewDeployment>>,
}

/// What `PATCH` adds: existing deployments and/or new ones.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GroupAdd {
    #[serde(flatten)]
    pub members: DeploymentSelection,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_deployments: Option<Vec<NewDeployment>>,
}

impl GroupAdd {
    /// `count` new deployments from the group's defaults (the client's `count` shorthand).
    pub fn count(n: usize) -> Self {
        GroupAdd {
            new_deployments: Some(vec![NewDeployment::default(); n]),
            ..Self::default()
        }
    }
}

/// The ids `count` new deployments will get from an id template, as the demo manager and the
/// manager fill it: `{group_id}`, `{blueprint_id}`, `{site_name}` (per deployment, empty without
/// a site) and `{count}` (the group's creation counter, then one more per deployment). `{uuid}`
/// is only known once the manager makes it: it stays `{uuid}` in the preview. Without a template
/// the manager uses `{group_id}-{uuid}`.
pub fn preview_ids(
    template: Option<&str>,
    group_id: &str,
    blueprint_id: &str,
    creation_counter: u64,
    sites: &[Option<String>],
    count: usize,
) -> Vec<String> {
    let template = template
        .filter(|t| !t.trim().is_empty())
        .unwrap_or("{group_id}-{uuid}");
    (0..count)
        .map(|n| {
            let site = sites.get(n).cloned().flatten().unwrap_or_default();
            template
                .replace("{group_id}", group_id)
                .replace("{blueprint_id}", blueprint_id)
                .replace("{count}", &(creation_counter + n as u64).to_string())
                .replace("{site_name}", &site)
        })
        .collect()
}

/// `GET /deployment-groups`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListDeploymentGroups {
    pub query: ListQuery,
}

endpoint!(ListDeploymentGroups(this) -> Page<DeploymentGroup> {
    GET "/deployment-groups";
    query = this.query.to_query();
});

/// `GET /deployment-groups/<id>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetDeploymentGroup {
    pub id: String,
    pub include: Vec<String>,
}

endpoint!(GetDeploymentGroup(this) -> DeploymentGroup {
    GET "/deployment-groups/{}", this.id;
    query = Query::include(&this.include);
});

/// `PUT /deployment-groups/<id>`: creates the group or updates it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PutDeploymentGroup {
    pub id: String,
    pub spec: DeploymentGroupSpec,
}

endpoint!(PutDeploymentGroup(this) -> DeploymentGroup {
    PUT "/deployment-groups/{}", this.id;
    body = RequestBody::json(&this.spec);
});

/// `PATCH /deployment-groups/<id>`: adds and removes deployments. A deployment both added
/// and removed ends up removed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UpdateDeploymentGroupMembers {
    pub id: String,
    pub add: Option<GroupAdd>,
    pub remove: Option<DeploymentSelection>,
}

#[derive(Serialize)]
struct PatchBody<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    add: Option<&'a GroupAdd>,
    #[serde(skip_serializing_if = "Option::is_none")]
    remove: Option<&'a DeploymentSelection>,
}

endpoint!(UpdateDeploymentGroupMembers(this) -> DeploymentGroup {
    PATCH "/deployment-groups/{}", this.id;
    body = RequestBody::json(&PatchBody {
        add: this.add.as_ref(),
        remove: this.remove.as_ref(),
    });
});

/// `DELETE /deployment-groups/<id>`; the flags are always sent, as the Python client does.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeleteDeploymentGroup {
    pub id: String,
    /// Also delete every deployment in the group.
    pub delete_deployments: bool,
    /// Delete deployments even with live nodes.
    pub force: bool,
    /// Delete the deployments' logs too.
    pub delete_logs: bool,
    /// Delete their sub-deployments too.
    pub recursive: bool,
}

endpoint!(DeleteDeploymentGroup(this) -> () {
    DELETE "/deployment-groups/{}", this.id;
    query = Query::new()
        .flag("delete_deployments", Some(this.delete_deployments))
        .flag("force", Some(this.force))
        .flag("delete_logs", Some(this.delete_logs))
        .flag("recursive", Some(this.recursive));
    parse = parse_empty;
});

#[cfg(test)]
mod tests {
    use crate::endpoint::Endpoint;
    use serde_json::json;

    use super::*;
    use crate::conductor::testing::{json_body, line, no_body, response};
    use crate::filters::Operator;
    use crate::query::SortKey;

    const SEED_LIST: &str = r#"{"items": [{"created_at": "2021-04-26T09:02:05.597Z", "created_by": "admin",
        "default_blueprint_id": null, "default_inputs": {}, "deployment_ids": [], "description": null,
        "id": "g1", "labels": [], "private_resource": false, "resource_availability": "tenant",
        "tenant_name": "default_tenant", "visibility": "tenant"}],
        "metadata": {"pagination": {"total": 1, "offset": 0, "size": 1000}}}"#;

    const SEED_GET: &str = r#"{"created_at": "2021-04-26T09:02:05.597Z", "created_by": "admin",
        "default_blueprint_id": "bp1", "default_inputs": {"inp1": "value1"},
        "deployment_ids": ["dep1", "dep2", "dep3"], "description": "This is a description", "id": "g1",
        "labels": [{"created_at": "2021-04-26T09:44:40.807Z", "creator_id": 0, "key": "x", "value": "y"}],
        "private_resource": false, "resource_availability": "tenant", "tenant_name": "default_tenant",
        "visibility": "tenant"}"#;

    #[test]
    fn list_deployment_groups_request_and_seed_example() {
        let e = ListDeploymentGroups {
            query: ListQuery::new()
                .include(["id", "deployment_ids"])
                .sort(SortKey::asc("id"))
                .page(20, 0),
        };
        assert_eq!(
            line(&e),
            "GET /api/v3.1/deployment-groups?_include=id%2Cdeployment_ids&_sort=id&_size=20&_offset=0"
        );
        no_body(&e);
        let page = e.parse(response(200, SEED_LIST)).unwrap();
        assert_eq!(page.items[0].id, "g1");
        assert_eq!(page.items[0].default_inputs, Some(json!({})));
        assert_eq!(page.pagination().size, 1000);
    }

    #[test]
    fn get_deployment_group_request_and_seed_example() {
        let e = GetDeploymentGroup {
            id: "prod web/1".into(),
            include: vec![],
        };
        assert_eq!(line(&e), "GET /api/v3.1/deployment-groups/prod%20web%2F1");
        let g = e.parse(response(200, SEED_GET)).unwrap();
        assert_eq!(g.deployment_ids, ["dep1", "dep2", "dep3"]);
        assert_eq!(g.default_blueprint_id.as_deref(), Some("bp1"));
        let label = &g.labels.as_ref().unwrap()[0];
        assert_eq!((label.key.as_str(), label.value.as_str()), ("x", "y"));
        let err = e
            .parse(response(
                404,
                r#"{"message": "Requested `DeploymentGroup` with ID `g9` was not found", "error_code": "not_found_error", "server_traceback": null}"#,
            ))
            .unwrap_err();
        assert_eq!(err.code, "not_found_error");
    }

    #[test]
    fn put_deployment_group_body() {
        let e = PutDeploymentGroup {
            id: "g1".into(),
            spec: DeploymentGroupSpec {
                visibility: Some(Visibility::Tenant),
                description: Some("hello".into()),
                blueprint_id: Some("bp1".into()),
                default_inputs: json!({"inp1": "value"}).as_object().cloned(),
                labels: Some(vec![
                    ("env".into(), "prod".into()),
                    ("env".into(), "qa".into()),
                ]),
                members: DeploymentSelection {
                    filter_rules: Some(vec![FilterRule::label("env", Operator::AnyOf, ["prod"])]),
                    ..DeploymentSelection::ids(["dep1", "dep2"])
                },
                new_deployments: Some(vec![NewDeployment {
                    id: Some("{group_id}-{count}".into()),
                    labels: Some(vec![("csys-environment".into(), "env1".into())]),
                    inputs: json!({"inp1": "value"}).as_object().cloned(),
                    site_name: Some("tel-aviv".into()),
                    ..NewDeployment::default()
                }]),
            },
        };
        assert_eq!(line(&e), "PUT /api/v3.1/deployment-groups/g1");
        assert_eq!(
            json_body(&e),
            json!({
                "visibility": "tenant",
                "description": "hello",
                "blueprint_id": "bp1",
                "default_inputs": {"inp1": "value"},
                "labels": [{"env": "prod"}, {"env": "qa"}],
                "deployment_ids": ["dep1", "dep2"],
                "filter_rules": [{"key": "env", "values": ["prod"], "operator": "any_of", "type": "label"}],
                "new_deployments": [{"id": "{group_id}-{count}", "inputs": {"inp1": "value"},
                                     "labels": [{"csys-environment": "env1"}], "site_name": "tel-aviv"}]
            })
        );
        // The spec reads back (the demo manager parses it with the same type).
        let back: DeploymentGroupSpec = serde_json::from_value(json_body(&e)).unwrap();
        assert_eq!(back, e.spec);
        let minimal = PutDeploymentGroup {
            id: "g2".into(),
            spec: DeploymentGroupSpec::default(),
        };
        assert_eq!(json_body(&minimal), json!({}));
        let g = e.parse(response(200, SEED_GET)).unwrap();
        assert_eq!(g.id, "g1");
    }

    #[test]
    fn labels_must_be_one_entry_objects() {
        let bad = serde_json::from_value::<DeploymentGroupSpec>(
            json!({"labels": [{"a": "1", "b": "2"}]}),
        );
        assert!(bad.is_err());
        let bad = serde_json::from_value::<DeploymentGroupSpec>(json!({"labels": [{"a": 1}]}));
        assert!(bad.is_err());
    }

    #[test]
    fn patch_deployment_group_body() {
        let e = UpdateDeploymentGroupMembers {
            id: "group1".into(),
            add: Some(GroupAdd {
                members: DeploymentSelection {
                    filter_id: Some("filter1".into()),
                    deployments_from_group: Some("group2".into()),
                    ..DeploymentSelection::ids(["dep1"])
                },
                new_deployments: Some(vec![NewDeployment::default(); 2]),
            }),
            remove: Some(DeploymentSelection::ids(["dep3"])),
        };
        assert_eq!(line(&e), "PATCH /api/v3.1/deployment-groups/group1");
        assert_eq!(
            json_body(&e),
            json!({
                "add": {"deployment_ids": ["dep1"], "filter_id": "filter1",
                        "deployments_from_group": "group2", "new_deployments": [{}, {}]},
                "remove": {"deployment_ids": ["dep3"]}
            })
        );
        let only_remove = UpdateDeploymentGroupMembers {
            id: "g".into(),
            add: None,
            remove: Some(DeploymentSelection::rules(vec![FilterRule::label(
                "label1",
                Operator::AnyOf,
                ["value1"],
            )])),
        };
        assert_eq!(
            json_body(&only_remove),
            json!({"remove": {"filter_rules": [{"key": "label1", "values": ["value1"], "operator": "any_of", "type": "label"}]}})
        );
        assert_eq!(GroupAdd::count(3).new_deployments.unwrap().len(), 3);
        assert!(e.parse(response(200, SEED_GET)).is_ok());
    }

    #[test]
    fn delete_deployment_group_sends_every_flag() {
        let e = DeleteDeploymentGroup {
            id: "g1".into(),
            delete_deployments: true,
            delete_logs: true,
            ..DeleteDeploymentGroup::default()
        };
        assert_eq!(
            line(&e),
            "DELETE /api/v3.1/deployment-groups/g1?delete_deployments=true&force=false&delete_logs=true&recursive=false"
        );
        no_body(&e);
        let ok = http::Response::builder()
            .status(204)
            .body(Vec::new())
            .unwrap();
        assert_eq!(e.parse(ok), Ok(()));
    }

    #[test]
    fn id_template_preview_fills_all_but_the_uuid() {
        let sites = vec![Some("paris".to_string()), None];
        assert_eq!(
            preview_ids(
                Some("{group_id}-{blueprint_id}-{site_name}-{count}"),
                "g1",
                "web",
                3,
                &sites,
                3
            ),
            vec!["g1-web-paris-3", "g1-web--4", "g1-web--5"]
        );
        assert_eq!(preview_ids(None, "g1", "web", 0, &[], 1), vec!["g1-{uuid}"]);
    }
}
