//! Saved filters of deployments and blueprints (`/filters/<resource>`).

use serde::Serialize;

use super::endpoint;
use crate::endpoint::{parse_empty, RequestBody};
use crate::error::{client_codes, ApiError};
use crate::filters::{FilterRule, Resource};
use crate::page::Page;
use crate::query::{ListQuery, Query};
use crate::session::segment;

use super::resources::SavedFilter;
use super::Visibility;

/// The resources saved filters exist for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum FilterResource {
    #[default]
    Deployments,
    Blueprints,
}

impl FilterResource {
    /// The path segment after `/filters/`.
    pub fn as_str(self) -> &'static str {
        match self {
            FilterResource::Deployments => "deployments",
            FilterResource::Blueprints => "blueprints",
        }
    }

    /// Reads the path segment.
    pub fn from_segment(s: &str) -> Option<Self> {
        match s {
            "deployments" => Some(FilterResource::Deployments),
            "blueprints" => Some(FilterResource::Blueprints),
            _ => None,
        }
    }

    /// The model the rules are validated against.
    pub fn rules_resource(self) -> Resource {
        match self {
            FilterResource::Deployments => Resource::Deployments,
            FilterResource::Blueprints => Resource::Blueprints,
        }
    }

    /// The manager's model name, as in its messages.
    pub fn model(self) -> &'static str {
        match self {
            FilterResource::Deployments => "DeploymentsFilter",
            FilterResource::Blueprints => "BlueprintsFilter",
        }
    }
}

impl SavedFilter {
    /// Whether the manager created this filter (it cannot be updated or deleted).
    pub fn is_system(&self) -> bool {
        self.is_system_filter == Some(true)
    }
}

/// `GET /filters/<resource>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListFilters {
    pub resource: FilterResource,
    pub query: ListQuery,
}

endpoint!(ListFilters(this) -> Page<SavedFilter> {
    GET path = format!("/filters/{}", this.resource.as_str());
    query = this.query.to_query();
});

/// `GET /filters/<resource>/<id>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetFilter {
    pub resource: FilterResource,
    pub id: String,
    pub include: Vec<String>,
}

endpoint!(GetFilter(this) -> SavedFilter {
    GET path = format!("/filters/{}/{}", this.resource.as_str(), segment(&this.id));
    query = Query::include(&this.include);
});

#[derive(Serialize)]
struct FilterBody<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    filter_rules: Option<&'a [FilterRule]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    visibility: Option<&'a Visibility>,
}

/// `PUT /filters/<resource>/<id>`: creates a filter. The id must be a valid manager input
/// (a letter first, URL-safe characters) and must not start with `csys-`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CreateFilter {
    pub resource: FilterResource,
    pub id: String,
    pub filter_rules: Vec<FilterRule>,
    /// `tenant` when not given.
    pub visibility: Option<Visibility>,
}

endpoint!(CreateFilter(this) -> SavedFilter {
    PUT path = format!("/filters/{}/{}", this.resource.as_str(), segment(&this.id));
    body = RequestBody::json(&FilterBody {
        filter_rules: Some(&this.filter_rules),
        visibility: this.visibility.as_ref(),
    });
});

/// `PATCH /filters/<resource>/<id>`: new rules and/or visibility. With neither the manager
/// answers 400 `illegal_action_error`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UpdateFilter {
    pub resource: FilterResource,
    pub id: String,
    pub filter_rules: Option<Vec<FilterRule>>,
    pub visibility: Option<Visibility>,
}

endpoint!(UpdateFilter(this) -> SavedFilter {
    PATCH path = format!("/filters/{}/{}", this.resource.as_str(), segment(&this.id));
    body = RequestBody::json(&FilterBody {
        filter_rules: this.filter_rules.as_deref(),
        visibility: this.visibility.as_ref(),
    });
    // The Python client refuses an update with nothing in it before sending.
    check = if this.filter_rules.is_none() && this.visibility.is_none() {
        Err(ApiError::new(
            None,
            client_codes::NOTHING_TO_UPDATE,
            "Nothing to update: give new filter rules or a new visibility.",
        ))
    } else {
        Ok(())
    };
});

/// `DELETE /filters/<resource>/<id>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeleteFilter {
    pub resource: FilterResource,
    pub id: String,
}

endpoint!(DeleteFilter(this) -> () {
    DELETE path = format!("/filters/{}/{}", this.resource.as_str(), segment(&this.id));
    parse = parse_empty;
});

#[cfg(test)]
mod tests {
    use crate::endpoint::Endpoint;
    use serde_json::json;

    use super::*;
    use crate::conductor::testing::{json_body, line, no_body, response};
    use crate::filters::{Operator, RuleType};

    const SEED_FILTER: &str = r#"{"id": "new_filter", "visibility": "tenant", "created_at": "2021-03-25T11:48:56.525Z",
        "value": [{"key": "os", "values": ["windows"], "operator": "any_of", "type": "label"},
                  {"key": "created_by", "values": ["bob"], "operator": "starts_with", "type": "attribute"}],
        "updated_at": "2021-03-25T11:48:56.525Z", "tenant_name": "default_tenant", "created_by": "admin",
        "resource_availability": "tenant", "private_resource": false,
        "labels_filter_rules": [{"key": "os", "values": ["windows"], "operator": "any_of", "type": "label"}],
        "attrs_filter_rules": [{"key": "created_by", "values": ["bob"], "operator": "starts_with", "type": "attribute"}]}"#;

    #[test]
    fn list_filters_request_and_seed_example() {
        let e = ListFilters {
            resource: FilterResource::Blueprints,
            query: ListQuery::new().page(10, 0),
        };
        assert_eq!(
            line(&e),
            "GET /api/v3.1/filters/blueprints?_size=10&_offset=0"
        );
        no_body(&e);
        let body = format!(
            r#"{{"metadata": {{"pagination": {{"total": 1, "size": 1000, "offset": 0}}, "filtered": null}}, "items": [{SEED_FILTER}]}}"#
        );
        let page = e.parse(response(200, &body)).unwrap();
        let f = &page.items[0];
        assert_eq!(f.value.len(), 2);
        assert_eq!(f.value[1].operator, Operator::StartsWith);
        assert_eq!(
            f.attrs_filter_rules.as_ref().unwrap()[0].rule_type,
            RuleType::Attribute
        );
    }

    #[test]
    fn get_filter_request_and_seed_example() {
        let e = GetFilter {
            resource: FilterResource::Deployments,
            id: "new_filter".into(),
            include: vec![],
        };
        assert_eq!(line(&e), "GET /api/v3.1/filters/deployments/new_filter");
        let f = e.parse(response(200, SEED_FILTER)).unwrap();
        assert_eq!(f.owner.created_by.as_deref(), Some("admin"));
        assert!(!f.is_system());
    }

    #[test]
    fn create_filter_body_and_errors() {
        let e = CreateFilter {
            resource: FilterResource::Deployments,
            id: "new_filter".into(),
            filter_rules: vec![FilterRule::attribute(
                "created_by",
                Operator::AnyOf,
                ["admin"],
            )],
            visibility: Some(Visibility::Global),
        };
        assert_eq!(line(&e), "PUT /api/v3.1/filters/deployments/new_filter");
        assert_eq!(
            json_body(&e),
            json!({"filter_rules": [{"key": "created_by", "values": ["admin"], "operator": "any_of", "type": "attribute"}],
                   "visibility": "global"})
        );
        let seed_created = r#"{"id": "new_filter", "visibility": "tenant", "created_at": "2021-03-25T12:10:24.607Z",
            "value": [{"key": "created_by", "values": ["admin"], "operator": "any_of", "type": "attribute"}],
            "updated_at": "2021-03-25T12:10:24.607Z", "tenant_name": "default_tenant", "created_by": "admin",
            "resource_availability": "tenant", "private_resource": false, "labels_filter_rules": [],
            "attrs_filter_rules": [{"key": "created_by", "values": ["admin"], "operator": "any_of", "type": "attribute"}]}"#;
        let f = e.parse(response(200, seed_created)).unwrap();
        assert_eq!(f.labels_filter_rules, Some(vec![]));
        let bad = e
            .parse(response(
                400,
                r#"{"err_filter_rule":{"key":"env","operator":"nope","type":"label","values":["prod"]},"err_reason":"The operator for filtering by labels must be one of any_of, not_any_of, is_null, is_not_null, is_not","error_code":"invalid_filter_rule","message":"m","server_traceback":null}"#,
            ))
            .unwrap_err();
        assert_eq!(bad.filter_rule_error().unwrap().0["operator"], "nope");
    }

    #[test]
    fn update_filter_sends_only_what_changes() {
        let e = UpdateFilter {
            resource: FilterResource::Blueprints,
            id: "filter1".into(),
            filter_rules: Some(vec![FilterRule::attribute(
                "created_by",
                Operator::AnyOf,
                ["bob"],
            )]),
            visibility: None,
        };
        assert_eq!(line(&e), "PATCH /api/v3.1/filters/blueprints/filter1");
        assert_eq!(
            json_body(&e),
            json!({"filter_rules": [{"key": "created_by", "values": ["bob"], "operator": "any_of", "type": "attribute"}]})
        );
        let only_visibility = UpdateFilter {
            visibility: Some(Visibility::Tenant),
            filter_rules: None,
            ..e.clone()
        };
        assert_eq!(json_body(&only_visibility), json!({"visibility": "tenant"}));
        assert!(e.check().is_ok() && only_visibility.check().is_ok());
        let nothing = UpdateFilter {
            filter_rules: None,
            visibility: None,
            ..e.clone()
        };
        let refused = nothing.check().unwrap_err();
        assert_eq!(refused.code, "nothing_to_update");
        assert!(refused.message.starts_with("Nothing to update"));
        let seed_updated = r#"{"id": "filter1", "visibility": "tenant", "created_at": "2021-03-25T12:10:24.607Z",
            "value": [{"key": "created_by", "values": ["bob"], "operator": "any_of", "type": "attribute"}],
            "updated_at": "2021-03-25T12:41:03.350Z", "tenant_name": "default_tenant", "created_by": "admin",
            "resource_availability": "tenant", "private_resource": false, "labels_filter_rules": [],
            "attrs_filter_rules": [{"key": "created_by", "values": ["bob"], "operator": "any_of", "type": "attribute"}]}"#;
        let f = e.parse(response(200, seed_updated)).unwrap();
        assert_ne!(f.owner.created_at, f.owner.updated_at);
    }

    #[test]
    fn delete_filter_request() {
        let e = DeleteFilter {
            resource: FilterResource::Deployments,
            id: "my filter".into(),
        };
        assert_eq!(line(&e), "DELETE /api/v3.1/filters/deployments/my%20filter");
        no_body(&e);
        let ok = http::Response::builder()
            .status(204)
            .body(Vec::new())
            .unwrap();
        assert!(e.parse(ok).is_ok());
    }
}
