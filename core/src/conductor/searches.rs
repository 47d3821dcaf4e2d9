//! `POST /searches/<resource>`: lists filtered by filter rules, a saved filter or DSL
//! constraints, for every resource the manager searches.

use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::endpoint::{parse_json, Endpoint, RequestBody, Response};
use crate::error::ApiError;
use crate::filters::{ConstraintError, Constraints, FilterRule, FilterRuleError, SearchResource};
use crate::page::Page;
use crate::query::{ListQuery, Query};

use super::blueprints::Blueprint;
use super::deployments::{Deployment, Workflow};
use super::resources::{Node, NodeInstance, Secret};

/// What the search body carries. The manager refuses both rules and constraints at once, so
/// this is one or the other.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum SearchBody {
    /// No rules of its own (a `_filter_id` or plain paging).
    #[default]
    Nothing,
    /// `{"filter_rules": [...]}`.
    FilterRules(Vec<FilterRule>),
    /// `{"constraints": {...}}`.
    Constraints(Box<Constraints>),
}

/// One deployment's capabilities that matched (`/searches/capabilities`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeploymentCapabilities {
    pub deployment_id: String,
    /// One `{name: {value, description...}}` object per matching capability.
    pub capabilities: Vec<Map<String, Value>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A deployment's scaling group (`/searches/scaling-groups`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScalingGroup {
    pub deployment_id: Option<String>,
    pub name: String,
    /// The node ids in the group.
    pub members: Option<Vec<String>>,
    /// `{min_instances, max_instances, current_instances, planned_instances, default_instances}`.
    pub properties: Option<Map<String, Value>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `POST /searches/<resource>` answering `Page<T>`; build it with the constructor of its
/// resource ([`Search::deployments`], [`Search::secrets`], ...).
#[derive(Debug)]
pub struct Search<T> {
    resource: SearchResource,
    pub body: SearchBody,
    /// `_include`, `_sort`, paging, `_search`, `_search_name`, `_all_tenants`, field filters.
    pub query: ListQuery,
    /// `_filter_id`: a saved filter merged with the body's rules (deployments, blueprints,
    /// workflows).
    pub filter_id: Option<String>,
    /// `_common_only`: only the workflows every matched deployment has (workflows).
    pub common_only: Option<bool>,
    /// `_group_id`: only this deployment group's deployments (deployments, workflows).
    pub group_id: Option<String>,
    /// `deployment_id` query parameter (nodes, node types, node instances, capabilities,
    /// scaling groups); the same key inside constraints is refused alongside it.
    pub deployment_id: Option<String>,
    /// `blueprint_id` query parameter (nodes, node types, scaling groups).
    pub blueprint_id: Option<String>,
    /// `node_id` query parameter (node instances).
    pub node_id: Option<String>,
    /// `_get_all_results`: ignore paging.
    pub get_all_results: Option<bool>,
    output: PhantomData<fn() -> T>,
}

impl<T> Clone for Search<T> {
    fn clone(&self) -> Self {
        Search {
            resource: self.resource,
            body: self.body.clone(),
            query: self.query.clone(),
            filter_id: self.filter_id.clone(),
            common_only: self.common_only,
            group_id: self.group_id.clone(),
            deployment_id: self.deployment_id.clone(),
            blueprint_id: self.blueprint_id.clone(),
            node_id: self.node_id.clone(),
            get_all_results: self.get_all_results,
            output: PhantomData,
        }
    }
}

impl<T> PartialEq for Search<T> {
    fn eq(&self, o: &Self) -> bool {
        self.resource == o.resource
            && self.body == o.body
            && self.query == o.query
            && self.filter_id == o.filter_id
            && self.common_only == o.common_only
            && self.group_id == o.group_id
            && self.deployment_id == o.deployment_id
            && self.blueprint_id == o.blueprint_id
            && self.node_id == o.node_id
            && self.get_all_results == o.get_all_results
    }
}

impl<T> Search<T> {
    fn new(resource: SearchResource) -> Self {
        Search {
            resource,
            body: SearchBody::Nothing,
            query: ListQuery::new(),
            filter_id: None,
            common_only: None,
            group_id: None,
            deployment_id: None,
            blueprint_id: None,
            node_id: None,
            get_all_results: None,
            output: PhantomData,
        }
    }

    /// The resource searched.
    pub fn resource(&self) -> SearchResource {
        self.resource
    }

    /// Searches with these filter rules.
    pub fn rules(mut self, rules: Vec<FilterRule>) -> Self {
        self.body = SearchBody::FilterRules(rules);
        self
    }

    /// Searches with DSL constraints, which must be for this resource and use only the keys
    /// the manager reads for it.
    pub fn constraints(mut self, c: Constraints) -> Result<Self, ConstraintError> {
        if c.resource() != self.resource {
            let stray = c.keys().next();
            return Err(match stray {
                Some(k) => ConstraintError::NotApplicable(self.resource, k),
                None => ConstraintError::Shape(format!(
                    "constraints for {} used in a {} search",
                    c.resource().path_segment(),
                    self.resource.path_segment()
                )),
            });
        }
        c.validate()?;
        self.body = SearchBody::Constraints(Box::new(c));
        Ok(self)
    }

    /// Sets the list parameters.
    pub fn list(mut self, query: ListQuery) -> Self {
        self.query = query;
        self
    }

    /// Merges a saved filter (`_filter_id`).
    pub fn filter_id(mut self, id: impl Into<String>) -> Self {
        self.filter_id = Some(id.into());
        self
    }

    /// Whether this search's body is rule-based (`filter_rules`) rather than constraints-only.
    fn rules_based(&self) -> bool {
        matches!(
            self.resource,
            SearchResource::Deployments
                | SearchResource::Blueprints
                | SearchResource::Workflows
                | SearchResource::Secrets
        )
    }
}

impl Search<Deployment> {
    /// `POST /searches/deployments`.
    pub fn deployments() -> Self {
        Search::new(SearchResource::Deployments)
    }
}
impl Search<Blueprint> {
    /// `POST /searches/blueprints`.
    pub fn blueprints() -> Self {
        Search::new(SearchResource::Blueprints)
    }
}
impl Search<Workflow> {
    /// `POST /searches/workflows`: the workflows of the matched deployments (not paged).
    pub fn workflows() -> Self {
        Search::new(SearchResource::Workflows)
    }
}
impl Search<Node> {
    /// `POST /searches/nodes` (needs a deployment or blueprint id).
    pub fn nodes() -> Self {
        Search::new(SearchResource::Nodes)
    }
    /// `POST /searches/node-types` (needs a deployment or blueprint id).
    pub fn node_types() -> Self {
        Search::new(SearchResource::NodeTypes)
    }
}
impl Search<NodeInstance> {
    /// `POST /searches/node-instances`.
    pub fn node_instances() -> Self {
        Search::new(SearchResource::NodeInstances)
    }
}
impl Search<Secret> {
    /// `POST /searches/secrets`.
    pub fn secrets() -> Self {
        Search::new(SearchResource::Secrets)
    }
}
impl Search<DeploymentCapabilities> {
    /// `POST /searches/capabilities` (needs a deployment id, matched as a substring).
    pub fn capabilities() -> Self {
        Search::new(SearchResource::Capabilities)
    }
}
impl Search<ScalingGroup> {
    /// `POST /searches/scaling-groups` (needs a deployment or blueprint id).
    pub fn scaling_groups() -> Self {
        Search::new(SearchResource::ScalingGroups)
    }
}

impl<T: DeserializeOwned> Endpoint for Search<T> {
    type Output = Page<T>;
    fn method(&self) -> http::Method {
        http::Method::POST
    }
    fn path(&self) -> String {
        format!("/searches/{}", self.resource.path_segment())
    }
    fn query(&self) -> Query {
        let mut q = self.query.to_query();
        let mut opt = |k: &str, v: &Option<String>| {
            if let Some(v) = v {
                q.push(k, v.clone());
            }
        };
        opt("_filter_id", &self.filter_id);
        opt("_group_id", &self.group_id);
        opt("deployment_id", &self.deployment_id);
        opt("blueprint_id", &self.blueprint_id);
        opt("node_id", &self.node_id);
        q.flag("_common_only", self.common_only)
            .flag("_get_all_results", self.get_all_results)
    }
    fn body(&self) -> RequestBody {
        let body = match &self.body {
            SearchBody::FilterRules(rules) => json!({ "filter_rules": rules }),
            SearchBody::Constraints(c) => json!({ "constraints": c.to_json() }),
            // The manager needs a rules list to merge a `_filter_id` into.
            SearchBody::Nothing if self.rules_based() => json!({ "filter_rules": [] }),
            SearchBody::Nothing => json!({ "constraints": {} }),
        };
        RequestBody::json(&body)
    }
    fn parse(&self, r: Response) -> Result<Page<T>, ApiError> {
        parse_json(r)
    }
}

/// A list page's call: the plain list (`GET /<resource>`) while no filter applies, and
/// `POST /searches/<resource>` with the same paging, sort and `_include` once rules or a saved
/// filter do. Filter rules that cannot be read are refused before sending, with the CLI's or
/// the manager's message.
// The list variant is about as large as the search one; boxing would only add an allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum ListOrSearch<L, T> {
    List(L),
    Search(Search<T>),
    Refused(FilterRuleError),
}

impl<L, T> ListOrSearch<L, T> {
    /// Reads the filter parameters out of `query.filters` (see [`crate::filters::params`]):
    /// `list` when there are none, else `search` with the rules, the saved filter and the rest
    /// of the query.
    pub fn from_query(
        mut query: ListQuery,
        list: impl FnOnce(ListQuery) -> L,
        search: impl FnOnce() -> Search<T>,
    ) -> Self {
        let filter = crate::filters::params::take_params(&mut query.filters);
        if let Some(e) = filter.error {
            return ListOrSearch::Refused(e);
        }
        if filter.is_empty() {
            return ListOrSearch::List(list(query));
        }
        let mut s = search().rules(filter.rules).list(query);
        s.filter_id = filter.filter_id;
        ListOrSearch::Search(s)
    }
}

impl<L, T> Endpoint for ListOrSearch<L, T>
where
    L: Endpoint<Output = Page<T>>,
    T: DeserializeOwned,
{
    type Output = Page<T>;
    fn method(&self) -> http::Method {
        match self {
            ListOrSearch::List(l) => l.method(),
            _ => http::Method::POST,
        }
    }
    fn path(&self) -> String {
        match self {
            ListOrSearch::List(l) => l.path(),
            ListOrSearch::Search(s) => s.path(),
            ListOrSearch::Refused(_) => "/searches".into(),
        }
    }
    fn query(&self) -> Query {
        match self {
            ListOrSearch::List(l) => l.query(),
            ListOrSearch::Search(s) => s.query(),
            ListOrSearch::Refused(_) => Query::new(),
        }
    }
    fn body(&self) -> RequestBody {
        match self {
            ListOrSearch::List(l) => l.body(),
            ListOrSearch::Search(s) => s.body(),
            ListOrSearch::Refused(_) => RequestBody::Empty,
        }
    }
    fn check(&self) -> Result<(), ApiError> {
        match self {
            ListOrSearch::List(l) => l.check(),
            ListOrSearch::Search(s) => s.check(),
            ListOrSearch::Refused(e) => {
                let body = e.to_response_body();
                let mut err = ApiError::new(Some(400), "invalid_filter_rule", e.to_string());
                if let serde_json::Value::Object(m) = body {
                    err.details = m;
                    err.details.remove("message");
                    err.details.remove("error_code");
                }
                Err(err)
            }
        }
    }
    fn parse(&self, r: Response) -> Result<Page<T>, ApiError> {
        match self {
            ListOrSearch::List(l) => l.parse(r),
            _ => parse_json(r),
        }
    }
}

impl crate::filters::Filterable for Secret {
    fn attribute(&self, key: &str) -> Option<crate::filters::AttributeValue<'_>> {
        use crate::filters::AttributeValue::{Null, Str};
        match key {
            "key" => Some(Str(&self.key)),
            "provider_name" => Some(self.provider_name.as_deref().map_or(Null, Str)),
            _ => None,
        }
    }
}

impl crate::filters::Filterable for Node {
    fn attribute(&self, key: &str) -> Option<crate::filters::AttributeValue<'_>> {
        use crate::filters::AttributeValue::{Null, Str};
        match key {
            "id" => Some(Str(&self.id)),
            "type" => Some(self.node_type.as_deref().map_or(Null, Str)),
            _ => None,
        }
    }
}

impl crate::filters::Filterable for NodeInstance {
    fn attribute(&self, key: &str) -> Option<crate::filters::AttributeValue<'_>> {
        match key {
            "id" => Some(crate::filters::AttributeValue::Str(&self.id)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conductor::testing::{json_body, line, response};
    use crate::filters::Operator;
    use crate::query::SortKey;

    const SEED_ANSWER: &str = r#"{"items": [{"id": "resource1"}, {"id": "resource2"}, {"id": "resource3"}],
        "metadata": {"pagination": {"total": 3, "offset": 0, "size": 0}}}"#;

    #[test]
    fn search_deployments_with_rules_sort_by_label_and_search_name() {
        let mut q = ListQuery::new()
            .include(["id", "labels"])
            .sort(SortKey::desc("label:env"))
            .page(50, 0)
            .search("web");
        q.search_name = Some("Web".into());
        let mut e = Search::deployments()
            .rules(vec![
                FilterRule::label("env", Operator::AnyOf, ["prod"]),
                FilterRule::attribute("blueprint_id", Operator::StartsWith, ["web"]),
            ])
            .list(q)
            .filter_id("csys-environment-filter");
        e.group_id = Some("g1".into());
        assert_eq!(
            line(&e),
            "POST /api/v3.1/searches/deployments?_include=id%2Clabels&_sort=-label%3Aenv&_size=50&_offset=0&_search=web&_search_name=Web&_filter_id=csys-environment-filter&_group_id=g1"
        );
        assert_eq!(
            json_body(&e),
            json!({"filter_rules": [
                {"key": "env", "values": ["prod"], "operator": "any_of", "type": "label"},
                {"key": "blueprint_id", "values": ["web"], "operator": "starts_with", "type": "attribute"}]})
        );
        let page = e.parse(response(200, SEED_ANSWER)).unwrap();
        assert_eq!(page.items.len(), 3);
        assert_eq!(page.items[2].id, "resource3");
    }

    #[test]
    fn filter_id_alone_sends_an_empty_rules_list() {
        let e = Search::blueprints().filter_id("mine");
        assert_eq!(
            line(&e),
            "POST /api/v3.1/searches/blueprints?_filter_id=mine"
        );
        assert_eq!(json_body(&e), json!({"filter_rules": []}));
        let page = e.parse(response(200, SEED_ANSWER)).unwrap();
        assert_eq!(page.items[0].id, "resource1");
    }

    #[test]
    fn constraints_body_for_the_seed_example() {
        let c = Constraints::new(SearchResource::Blueprints)
            .label("environment", "k8s")
            .label("tier", "staging")
            .name_ends_with("app")
            .name_contains("cellar");
        let e = Search::blueprints().constraints(c).unwrap();
        assert_eq!(
            json_body(&e),
            json!({"constraints": {"labels": [{"environment": "k8s"}, {"tier": "staging"}],
                                   "name_pattern": {"contains": "cellar", "ends_with": "app"}}})
        );
        // Constraints for another resource, or with keys the search ignores, are refused.
        let wrong = Constraints::new(SearchResource::Secrets).name_contains("a");
        assert!(Search::blueprints().constraints(wrong).is_err());
        let ignored = Constraints::new(SearchResource::Secrets).label("a", "b");
        assert!(Search::secrets().constraints(ignored).is_err());
    }

    #[test]
    fn workflows_common_only() {
        let mut e =
            Search::workflows().rules(vec![FilterRule::label("env", Operator::AnyOf, ["prod"])]);
        e.common_only = Some(true);
        assert_eq!(
            line(&e),
            "POST /api/v3.1/searches/workflows?_common_only=true"
        );
        let seed = r#"{"items": [{"name": "hello1", "created_at": "2021-04-27T06:51:29.541Z", "parameters": {},
            "plugin": "cloudify-hello-plugin", "operation": "", "is_available": true}],
            "metadata": {"pagination": {"total": 1, "offset": 0, "size": 1}}}"#;
        let page = e.parse(response(200, seed)).unwrap();
        assert_eq!(page.items[0].name, "hello1");
        assert!(page.items[0].created_at.is_some());
    }

    #[test]
    fn node_searches_carry_their_context_ids() {
        let mut nodes = Search::nodes();
        nodes.deployment_id = Some("dep 1".into());
        assert_eq!(
            line(&nodes),
            "POST /api/v3.1/searches/nodes?deployment_id=dep+1"
        );
        assert_eq!(json_body(&nodes), json!({"constraints": {}}));
        let types = Search::node_types()
            .constraints(
                Constraints::new(SearchResource::NodeTypes)
                    .blueprint_id("bp")
                    .valid_value("cloudify.nodes.Compute"),
            )
            .unwrap();
        assert_eq!(line(&types), "POST /api/v3.1/searches/node-types");
        assert_eq!(
            json_body(&types),
            json!({"constraints": {"valid_values": ["cloudify.nodes.Compute"], "blueprint_id": "bp"}})
        );
        let mut instances = Search::node_instances();
        instances.deployment_id = Some("d".into());
        instances.node_id = Some("vm".into());
        assert_eq!(
            line(&instances),
            "POST /api/v3.1/searches/node-instances?deployment_id=d&node_id=vm"
        );
        let page = instances
            .parse(response(200, r#"{"items": [{"id": "vm_1", "node_id": "vm", "state": "started"}], "metadata": {"pagination": {"total": 1, "size": 1000, "offset": 0}}}"#))
            .unwrap();
        assert_eq!(page.items[0].state.as_deref(), Some("started"));
        let secrets = Search::secrets()
            .constraints(Constraints::new(SearchResource::Secrets).name_starts_with("aws"))
            .unwrap();
        assert_eq!(line(&secrets), "POST /api/v3.1/searches/secrets");
        assert_eq!(
            json_body(&secrets),
            json!({"constraints": {"name_pattern": {"starts_with": "aws"}}})
        );
    }

    #[test]
    fn capabilities_and_scaling_groups_answers() {
        let e = Search::capabilities()
            .constraints(
                Constraints::new(SearchResource::Capabilities)
                    .deployment_id("web")
                    .name_equals_to("port"),
            )
            .unwrap();
        assert_eq!(
            json_body(&e),
            json!({"constraints": {"name_pattern": {"equals_to": "port"}, "deployment_id": "web"}})
        );
        let page = e
            .parse(response(200, r#"{"items": [{"deployment_id": "web-1", "capabilities": [{"port": {"value": 8080}}]}],
                "metadata": {"pagination": {"total": 1, "size": 1000, "offset": 0}, "filtered": 2}}"#))
            .unwrap();
        assert_eq!(page.items[0].capabilities[0]["port"]["value"], 8080);
        assert_eq!(page.metadata.filtered, Some(json!(2)));
        let mut sg = Search::scaling_groups();
        sg.blueprint_id = Some("bp".into());
        assert_eq!(
            line(&sg),
            "POST /api/v3.1/searches/scaling-groups?blueprint_id=bp"
        );
        let page = sg
            .parse(response(200, r#"{"items": [{"deployment_id": "d", "name": "pair", "members": ["vm", "db"],
                "properties": {"min_instances": 0, "max_instances": -1, "current_instances": 1, "planned_instances": 1, "default_instances": 1}}],
                "metadata": {"pagination": {"total": 1, "size": 1000, "offset": 0}}}"#))
            .unwrap();
        assert_eq!(page.items[0].members.as_deref().unwrap(), ["vm", "db"]);
    }

    #[test]
    fn search_errors_parse() {
        let e = Search::deployments();
        let err = e
            .parse(response(
                400,
                r#"{"message": "You should provide either filter_id/filter_rules or DSL constraints, not both", "error_code": "bad_parameters_error", "server_traceback": null}"#,
            ))
            .unwrap_err();
        assert_eq!(err.code, "bad_parameters_error");
    }

    #[test]
    fn a_list_page_lists_without_rules_and_searches_with_them() {
        use crate::conductor::deployments::ListDeployments;
        let make = |filters: Vec<(&str, &str)>| {
            let mut q = ListQuery::new().include(["id"]).page(20, 40);
            q.filters = filters
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            ListOrSearch::from_query(q, |query| ListDeployments { query }, Search::deployments)
        };
        let plain = make(vec![("blueprint_id", "web")]);
        assert_eq!(
            line(&plain),
            "GET /api/v3.1/deployments?blueprint_id=web&_include=id&_size=20&_offset=40"
        );
        let searched = make(vec![
            ("label_rule", "env=prod"),
            ("blueprint_id", "web"),
            ("attribute_rule", "site_name starts-with eu"),
            ("filter_id", "mine"),
        ]);
        assert_eq!(
            line(&searched),
            "POST /api/v3.1/searches/deployments?blueprint_id=web&_include=id&_size=20&_offset=40&_filter_id=mine"
        );
        assert_eq!(
            json_body(&searched),
            json!({"filter_rules": [
                {"key": "env", "values": ["prod"], "operator": "any_of", "type": "label"},
                {"key": "site_name", "values": ["eu"], "operator": "starts_with", "type": "attribute"}
            ]})
        );
        let refused = make(vec![("label_rule", "env")]);
        let err = refused.check().unwrap_err();
        assert_eq!(err.status, Some(400));
        assert_eq!(err.code, "invalid_filter_rule");
        assert!(err
            .message
            .starts_with("The labels filter rule `env` is not in the right format."));
        assert_eq!(err.details["err_filter_rule"], json!("env"));
    }
}
