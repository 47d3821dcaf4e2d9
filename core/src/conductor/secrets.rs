//! Secrets (`/secrets`) and secrets providers (`/secrets-providers`).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::endpoint;
use crate::endpoint::{parse_empty, RequestBody};
use crate::page::Page;
use crate::query::{ListQuery, Query};
use crate::time::Timestamp;

use super::resources::{Ownership, Secret};
use super::{string_enum, Visibility};

string_enum!(
    /// Where a provider keeps secret values.
    ProviderType { Local = "local", Vault = "vault", Cloudify = "cloudify" }
);

/// A secrets provider: where some secrets' values actually live.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SecretsProvider {
    /// Same as `name`.
    pub id: Option<String>,
    pub name: String,
    #[serde(rename = "type")]
    pub provider_type: Option<ProviderType>,
    /// Vault: `{url, token, path}`; Cloudify: `{host, username, password, tenant}`.
    pub connection_parameters: Option<Map<String, Value>>,
    #[serde(flatten)]
    pub owner: Ownership,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One secret of an export (`/secrets/share/export`), ready for an import.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExportedSecret {
    pub key: String,
    /// Encrypted with the passphrase when `encrypted` is true.
    pub value: String,
    pub visibility: Option<Visibility>,
    pub tenant_name: Option<String>,
    pub is_hidden_value: Option<bool>,
    pub encrypted: bool,
    /// With `_include_metadata`: the creator's username.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub creator: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Timestamp>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The answer of an import: what collided and what could not be imported.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImportResult {
    /// Tenant name → keys that already existed (overridden if `override_collisions`).
    pub colliding_secrets: Map<String, Value>,
    /// Index in `secrets_list` → `{field: problem}`.
    pub secrets_errors: Map<String, Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What became of one secret of an import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportOutcome {
    Imported,
    /// Its key existed in the destination tenant and `override_collisions` replaced it.
    Replaced,
    /// Its key existed in the destination tenant and was left as it was.
    Kept,
    /// The manager refused it, saying why (`field: problem`, joined).
    Refused(String),
}

/// One line of an import's report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedSecret {
    pub key: String,
    /// Where it went: its tenant, or the one `tenant_map` sends it to.
    pub tenant: Option<String>,
    pub outcome: ImportOutcome,
}

impl ImportResult {
    /// The answer read against what was sent: one line per secret, in the order of the list.
    /// The manager names collisions by destination tenant and key, and errors by index.
    pub fn report(&self, sent: &ImportSecrets) -> Vec<ImportedSecret> {
        sent.secrets_list
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let tenant = s.tenant_name.as_ref().map(|t| {
                    sent.tenant_map
                        .as_ref()
                        .and_then(|m| m.get(t))
                        .and_then(Value::as_str)
                        .map_or_else(|| t.clone(), str::to_string)
                });
                let collided = self
                    .colliding_secrets
                    .iter()
                    .filter(|(t, _)| tenant.as_deref().is_none_or(|d| d == t.as_str()))
                    .filter_map(|(_, keys)| keys.as_array())
                    .flatten()
                    .any(|k| k.as_str() == Some(s.key.as_str()));
                let outcome = match self.secrets_errors.get(&i.to_string()) {
                    Some(problems) => ImportOutcome::Refused(problem_text(problems)),
                    None if collided && sent.override_collisions => ImportOutcome::Replaced,
                    None if collided => ImportOutcome::Kept,
                    None => ImportOutcome::Imported,
                };
                ImportedSecret {
                    key: s.key.clone(),
                    tenant,
                    outcome,
                }
            })
            .collect()
    }
}

/// `{"field": "problem", ...}` as `field: problem; …`; any other shape as its JSON.
fn problem_text(problems: &Value) -> String {
    match problems {
        Value::Object(m) if !m.is_empty() => m
            .iter()
            .map(|(k, v)| match v {
                Value::String(s) => format!("{k}: {s}"),
                other => format!("{k}: {other}"),
            })
            .collect::<Vec<_>>()
            .join("; "),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `GET /secrets` (values are never listed).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListSecrets {
    pub query: ListQuery,
}

endpoint!(ListSecrets(this) -> Page<Secret> {
    GET "/secrets";
    query = this.query.to_query();
});

/// `GET /secrets/<key>`. A hidden value comes back empty unless the caller created the secret
/// or administers the tenant.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetSecret {
    pub key: String,
    /// `_skip_value`: leave the value out (no decryption, no provider call).
    pub skip_value: Option<bool>,
}

endpoint!(GetSecret(this) -> Secret {
    GET "/secrets/{}", this.key;
    query = Query::new().flag("_skip_value", this.skip_value);
});

/// The body of `PUT /secrets/<key>`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewSecret {
    pub value: String,
    /// Overwrite the value of an existing secret instead of answering 409.
    pub update_if_exists: bool,
    pub is_hidden_value: bool,
    pub visibility: Visibility,
    /// A JSON schema the value must satisfy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_options: Option<Value>,
}

impl Default for NewSecret {
    /// The Python client's defaults: tenant visibility, not hidden, no overwrite.
    fn default() -> Self {
        NewSecret {
            value: String::new(),
            update_if_exists: false,
            is_hidden_value: false,
            visibility: Visibility::Tenant,
            schema: None,
            provider_name: None,
            provider_options: None,
        }
    }
}

/// `PUT /secrets/<key>`: creates a secret (409 `conflict_error` if it exists, unless
/// `update_if_exists`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CreateSecret {
    pub key: String,
    pub secret: NewSecret,
}

/// A secret's value as it goes on the wire. A value whose schema types it as something other
/// than a string (`object`, `array`, `number`, `integer`, `boolean`) and whose text is JSON is
/// sent as that JSON, as the Python client sends the object it is given; the manager checks it
/// against the schema. Anything else is sent as the string typed.
pub fn value_on_wire(value: &str, schema: Option<&Value>) -> Value {
    let typed = schema
        .and_then(|s| s.get("type"))
        .and_then(Value::as_str)
        .is_some_and(|t| t != "string");
    if typed {
        if let Ok(v) = serde_json::from_str::<Value>(value) {
            return v;
        }
    }
    Value::String(value.to_string())
}

/// `body` as JSON with its `value` replaced by [`value_on_wire`].
fn with_value_on_wire<T: Serialize>(
    body: &T,
    value: Option<&str>,
    schema: Option<&Value>,
) -> RequestBody {
    let mut v = serde_json::to_value(body).unwrap_or_default();
    if let (Some(map), Some(text)) = (v.as_object_mut(), value) {
        map.insert("value".into(), value_on_wire(text, schema));
    }
    RequestBody::json(&v)
}

endpoint!(CreateSecret(this) -> Secret {
    PUT "/secrets/{}", this.key;
    body = with_value_on_wire(&this.secret, Some(&this.secret.value), this.secret.schema.as_ref());
});

/// The body of `PATCH /secrets/<key>`: only what is set changes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SecretUpdate {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visibility: Option<Visibility>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_hidden_value: Option<bool>,
    /// A new owner (username); admins only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub creator: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider_options: Option<Value>,
    /// The secret's schema, when it has one: not sent, but a value it types as JSON is sent as
    /// JSON (see [`value_on_wire`]).
    #[serde(skip)]
    pub schema: Option<Value>,
}

/// `PATCH /secrets/<key>`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UpdateSecret {
    pub key: String,
    pub update: SecretUpdate,
}

endpoint!(UpdateSecret(this) -> Secret {
    PATCH "/secrets/{}", this.key;
    body = with_value_on_wire(&this.update, this.update.value.as_deref(), this.update.schema.as_ref());
});

/// `DELETE /secrets/<key>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeleteSecret {
    pub key: String,
}

endpoint!(DeleteSecret(this) -> () {
    DELETE "/secrets/{}", this.key;
    parse = parse_empty;
});

/// `PATCH /secrets/<key>/set-visibility` (`tenant` or `global`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetSecretVisibility {
    pub key: String,
    pub visibility: Visibility,
}

endpoint!(SetSecretVisibility(this) -> Secret {
    PATCH "/secrets/{}/set-visibility", this.key;
    body = RequestBody::json(&serde_json::json!({ "visibility": this.visibility }));
});

/// `GET /secrets/share/export`: every secret the caller may read, values in clear or
/// encrypted with a passphrase.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportSecrets {
    /// `_passphrase`: encrypt the values with it (the CLI wants 8 characters or more).
    pub passphrase: Option<String>,
    /// `_include_metadata`: add `creator`, `created_at`, `updated_at`.
    pub include_metadata: Option<bool>,
    /// Field filters, `_search`, `_all_tenants`, `_include`.
    pub query: ListQuery,
}

endpoint!(ExportSecrets(this) -> Vec<ExportedSecret> {
    GET "/secrets/share/export";
    query = {
        let mut q = this.query.to_query();
        if let Some(p) = &this.passphrase {
            q.push("_passphrase", p.clone());
        }
        q.flag("_include_metadata", this.include_metadata)
    };
});

/// `POST /secrets/share/import`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportSecrets {
    pub secrets_list: Vec<ExportedSecret>,
    /// Source tenant → destination tenant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_map: Option<Map<String, Value>>,
    /// Decrypts values exported with a passphrase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passphrase: Option<String>,
    pub override_collisions: bool,
}

endpoint!(ImportSecrets(this) -> ImportResult {
    POST "/secrets/share/import";
    body = RequestBody::json(this);
});

/// `GET /secrets-providers`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListSecretsProviders {
    pub query: ListQuery,
}

endpoint!(ListSecretsProviders(this) -> Page<SecretsProvider> {
    GET "/secrets-providers";
    query = this.query.to_query();
});

/// `GET /secrets-providers/<name>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetSecretsProvider {
    pub name: String,
}

endpoint!(GetSecretsProvider(this) -> SecretsProvider {
    GET "/secrets-providers/{}", this.name;
});

/// The body of `PUT /secrets-providers` (create) and `PATCH /secrets-providers/<name>`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProviderSpec {
    pub name: String,
    #[serde(rename = "type")]
    /// `local`, `vault`, `cloudify` (see [`ProviderType`]).
    pub provider_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connection_parameters: Option<Map<String, Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visibility: Option<Visibility>,
}

/// `PUT /secrets-providers`: creates a provider (the name is in the body).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CreateSecretsProvider {
    pub spec: ProviderSpec,
}

endpoint!(CreateSecretsProvider(this) -> SecretsProvider {
    PUT "/secrets-providers";
    body = RequestBody::json(&this.spec);
});

/// `PATCH /secrets-providers/<name>`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UpdateSecretsProvider {
    pub spec: ProviderSpec,
}

endpoint!(UpdateSecretsProvider(this) -> SecretsProvider {
    PATCH "/secrets-providers/{}", this.spec.name;
    body = RequestBody::json(&this.spec);
});

/// `DELETE /secrets-providers/<name>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeleteSecretsProvider {
    pub name: String,
}

endpoint!(DeleteSecretsProvider(this) -> () {
    DELETE "/secrets-providers/{}", this.name;
    parse = parse_empty;
});

/// `PUT /secrets-providers` with `"test": true`: checks a provider's connection without
/// saving it (204 when it works).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TestSecretsProvider {
    pub name: String,
    pub provider_type: String,
    pub connection_parameters: Option<Map<String, Value>>,
}

#[derive(Serialize)]
struct TestBody<'a> {
    name: &'a str,
    #[serde(rename = "type")]
    provider_type: &'a str,
    test: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    connection_parameters: Option<&'a Map<String, Value>>,
}

endpoint!(TestSecretsProvider(this) -> () {
    PUT "/secrets-providers";
    body = RequestBody::json(&TestBody {
        name: &this.name,
        provider_type: &this.provider_type,
        test: true,
        connection_parameters: this.connection_parameters.as_ref(),
    });
    parse = parse_empty;
});

#[cfg(test)]
mod tests {
    use crate::endpoint::Endpoint;
    use serde_json::json;

    use super::*;
    use crate::conductor::testing::{json_body, line, no_body, response};

    const SEED_SECRET: &str = r#"{"created_at": "2022-12-20T10:02:06.751Z", "visibility": "tenant",
        "value": "<secret_value>", "updated_at": "2022-12-20T10:02:06.751Z", "is_hidden_value": false,
        "schema": null, "provider_options": null, "key": "<secret_key>", "provider_name": null,
        "tenant_name": "default_tenant", "created_by": "admin", "resource_availability": "tenant",
        "private_resource": false}"#;

    const SEED_PROVIDER: &str = r#"{"created_at": "2022-12-20T18:04:17.615Z", "id": "<provider_name>",
        "visibility": "tenant", "name": "<provider_name>", "type": "local", "connection_parameters": null,
        "updated_at": null, "tenant_name": "default_tenant", "created_by": "admin",
        "resource_availability": "tenant", "private_resource": false}"#;

    #[test]
    fn list_secrets_request_and_seed_example() {
        let e = ListSecrets {
            query: ListQuery::new().search("aws").page(25, 25),
        };
        assert_eq!(
            line(&e),
            "GET /api/v3.1/secrets?_size=25&_offset=25&_search=aws"
        );
        no_body(&e);
        let seed = r#"{"metadata": {"pagination": {"total": 1, "size": 1000, "offset": 0}, "filtered": null},
            "items": [{"key": "<secret_key>", "created_at": "2022-12-20T10:02:06.751Z",
            "updated_at": "2022-12-20T10:02:06.751Z", "resource_availability": "tenant", "visibility": "tenant",
            "tenant_name": "default_tenant", "created_by": "admin", "is_hidden_value": false, "provider_name": null}]}"#;
        let page = e.parse(response(200, seed)).unwrap();
        assert_eq!(page.items[0].key, "<secret_key>");
        assert_eq!(page.items[0].value, None);
    }

    #[test]
    fn get_secret_request_and_seed_example() {
        let e = GetSecret {
            key: "db/password".into(),
            skip_value: Some(false),
        };
        assert_eq!(
            line(&e),
            "GET /api/v3.1/secrets/db%2Fpassword?_skip_value=false"
        );
        let s = e.parse(response(200, SEED_SECRET)).unwrap();
        assert_eq!(s.value.as_deref(), Some("<secret_value>"));
        assert_eq!(s.owner.visibility, Some(Visibility::Tenant));
        let plain = GetSecret {
            key: "k".into(),
            skip_value: None,
        };
        assert_eq!(line(&plain), "GET /api/v3.1/secrets/k");
    }

    #[test]
    fn create_secret_body_and_conflict() {
        let e = CreateSecret {
            key: "sample_key".into(),
            secret: NewSecret {
                value: "v".into(),
                is_hidden_value: true,
                provider_name: Some("vault1".into()),
                provider_options: Some(json!({"path": "sub"})),
                ..NewSecret::default()
            },
        };
        assert_eq!(line(&e), "PUT /api/v3.1/secrets/sample_key");
        assert_eq!(
            json_body(&e),
            json!({"value": "v", "update_if_exists": false, "is_hidden_value": true, "visibility": "tenant",
                   "provider_name": "vault1", "provider_options": {"path": "sub"}})
        );
        let s = e.parse(response(200, SEED_SECRET)).unwrap();
        assert_eq!(s.owner.created_by.as_deref(), Some("admin"));
        let conflict = e
            .parse(response(409, r#"{"error_code":"conflict_error","message":"<Secret id=`sample_key` tenant=`default_tenant`> already exists on <Tenant name=`default_tenant`> or with global visibility","server_traceback":null}"#))
            .unwrap_err();
        assert_eq!(
            (conflict.status, conflict.code.as_str()),
            (Some(409), "conflict_error")
        );
    }

    #[test]
    fn a_schema_typed_value_is_sent_as_json() {
        let create = CreateSecret {
            key: "db".into(),
            secret: NewSecret {
                value: r#"{"host": "db1", "ports": [5432]}"#.into(),
                schema: Some(json!({"type": "object"})),
                ..NewSecret::default()
            },
        };
        let body = json_body(&create);
        assert_eq!(body["value"], json!({"host": "db1", "ports": [5432]}));
        assert_eq!(body["schema"], json!({"type": "object"}));
        // A list, and a number, typed so.
        assert_eq!(
            value_on_wire("[1, 2]", Some(&json!({"type": "array"}))),
            json!([1, 2])
        );
        assert_eq!(
            value_on_wire("42", Some(&json!({"type": "integer"}))),
            json!(42)
        );
        // A string schema, no schema, or text that is not JSON: the text as typed.
        assert_eq!(
            value_on_wire("42", Some(&json!({"type": "string"}))),
            json!("42")
        );
        assert_eq!(value_on_wire("{\"a\": 1}", None), json!("{\"a\": 1}"));
        assert_eq!(
            value_on_wire("{oops", Some(&json!({"type": "object"}))),
            json!("{oops")
        );
        let update = UpdateSecret {
            key: "db".into(),
            update: SecretUpdate {
                value: Some(r#"{"host": "db2"}"#.into()),
                schema: Some(json!({"type": "object"})),
                ..SecretUpdate::default()
            },
        };
        assert_eq!(json_body(&update), json!({"value": {"host": "db2"}}));
        // Read back, a JSON value is kept as its text.
        let s = GetSecret {
            key: "db".into(),
            skip_value: None,
        }
        .parse(response(200, r#"{"key": "db", "value": {"host": "db1"}}"#))
        .unwrap();
        assert_eq!(s.value.as_deref(), Some(r#"{"host":"db1"}"#));
    }

    #[test]
    fn update_secret_sends_only_what_changes() {
        let e = UpdateSecret {
            key: "k".into(),
            update: SecretUpdate {
                value: Some("new".into()),
                creator: Some("bob".into()),
                ..SecretUpdate::default()
            },
        };
        assert_eq!(line(&e), "PATCH /api/v3.1/secrets/k");
        assert_eq!(json_body(&e), json!({"value": "new", "creator": "bob"}));
        assert!(e.parse(response(200, SEED_SECRET)).is_ok());
    }

    #[test]
    fn delete_and_set_visibility() {
        let d = DeleteSecret { key: "k".into() };
        assert_eq!(line(&d), "DELETE /api/v3.1/secrets/k");
        no_body(&d);
        let ok = http::Response::builder()
            .status(204)
            .body(Vec::new())
            .unwrap();
        assert!(d.parse(ok).is_ok());
        let v = SetSecretVisibility {
            key: "k".into(),
            visibility: Visibility::Global,
        };
        assert_eq!(line(&v), "PATCH /api/v3.1/secrets/k/set-visibility");
        assert_eq!(json_body(&v), json!({"visibility": "global"}));
        let seed = SEED_SECRET.replace("\"tenant\"", "\"global\"");
        let s = v.parse(response(200, &seed)).unwrap();
        assert_eq!(s.owner.resource_availability, Some(Visibility::Global));
    }

    #[test]
    fn export_and_import() {
        let e = ExportSecrets {
            passphrase: Some("12345678".into()),
            include_metadata: Some(true),
            query: ListQuery::new().search("aws"),
        };
        assert_eq!(
            line(&e),
            "GET /api/v3.1/secrets/share/export?_search=aws&_passphrase=12345678&_include_metadata=true"
        );
        no_body(&e);
        let seed = r#"[{"key": "<secret_key>", "value": "<secret_value_encrypted>", "visibility": "global",
            "tenant_name": "default_tenant", "is_hidden_value": false, "encrypted": true},
            {"key": "<secret_key>", "value": "<secret_value_encrypted>", "visibility": "global",
            "tenant_name": "default_tenant", "is_hidden_value": false, "encrypted": true}]"#;
        let list = e.parse(response(200, seed)).unwrap();
        assert_eq!(list.len(), 2);
        assert!(list[0].encrypted);
        let i = ImportSecrets {
            secrets_list: vec![ExportedSecret {
                key: "k".into(),
                value: "v".into(),
                visibility: Some(Visibility::Tenant),
                tenant_name: Some("default_tenant".into()),
                is_hidden_value: Some(false),
                ..ExportedSecret::default()
            }],
            tenant_map: json!({"default_tenant": "payments"}).as_object().cloned(),
            passphrase: None,
            override_collisions: false,
        };
        assert_eq!(line(&i), "POST /api/v3.1/secrets/share/import");
        assert_eq!(
            json_body(&i),
            json!({"secrets_list": [{"key": "k", "value": "v", "visibility": "tenant", "tenant_name": "default_tenant",
                                      "is_hidden_value": false, "encrypted": false}],
                   "tenant_map": {"default_tenant": "payments"}, "override_collisions": false})
        );
        let r = i
            .parse(response(
                200,
                r#"{"colliding_secrets": {}, "secrets_errors": {}}"#,
            ))
            .unwrap();
        assert!(r.colliding_secrets.is_empty() && r.secrets_errors.is_empty());
    }

    #[test]
    fn an_import_report_names_each_secret_with_what_became_of_it() {
        let secret = |key: &str, tenant: &str| ExportedSecret {
            key: key.into(),
            value: "v".into(),
            tenant_name: Some(tenant.into()),
            ..ExportedSecret::default()
        };
        let mut sent = ImportSecrets {
            secrets_list: vec![
                secret("db", "default_tenant"),
                secret("api", "default_tenant"),
                secret("db", "payments"),
                secret("broken", "default_tenant"),
            ],
            tenant_map: json!({"default_tenant": "research"}).as_object().cloned(),
            passphrase: None,
            override_collisions: false,
        };
        // Collisions are named by destination tenant: `db` collided in research only.
        let answer: ImportResult = serde_json::from_value(json!({
            "colliding_secrets": {"research": ["db"]},
            "secrets_errors": {"3": {"No passphrase": "the value is encrypted"}}
        }))
        .unwrap();
        let report = answer.report(&sent);
        let outcomes: Vec<_> = report
            .iter()
            .map(|r| (r.key.as_str(), r.tenant.as_deref(), r.outcome.clone()))
            .collect();
        assert_eq!(
            outcomes,
            vec![
                ("db", Some("research"), ImportOutcome::Kept),
                ("api", Some("research"), ImportOutcome::Imported),
                ("db", Some("payments"), ImportOutcome::Imported),
                (
                    "broken",
                    Some("research"),
                    ImportOutcome::Refused("No passphrase: the value is encrypted".into())
                ),
            ]
        );
        sent.override_collisions = true;
        assert_eq!(answer.report(&sent)[0].outcome, ImportOutcome::Replaced);
    }

    #[test]
    fn providers_list_get_and_seed_examples() {
        let l = ListSecretsProviders {
            query: ListQuery::new().include(["name", "type"]),
        };
        assert_eq!(
            line(&l),
            "GET /api/v3.1/secrets-providers?_include=name%2Ctype"
        );
        let page = l
            .parse(response(200, &format!(r#"{{"metadata": {{"pagination": {{"total": 1, "size": 1000, "offset": 0}}, "filtered": null}}, "items": [{SEED_PROVIDER}]}}"#)))
            .unwrap();
        assert_eq!(page.items[0].provider_type, Some(ProviderType::Local));
        let g = GetSecretsProvider {
            name: "vault 1".into(),
        };
        assert_eq!(line(&g), "GET /api/v3.1/secrets-providers/vault%201");
        let p = g.parse(response(200, SEED_PROVIDER)).unwrap();
        assert_eq!(p.owner.updated_at, None);
        assert_eq!(p.id.as_deref(), Some("<provider_name>"));
    }

    #[test]
    fn providers_create_update_delete_test() {
        let spec = ProviderSpec {
            name: "vault1".into(),
            provider_type: "vault".into(),
            connection_parameters:
                json!({"url": "https://vault:8200", "token": "t", "path": "secret"})
                    .as_object()
                    .cloned(),
            visibility: Some(Visibility::Tenant),
        };
        let c = CreateSecretsProvider { spec: spec.clone() };
        assert_eq!(line(&c), "PUT /api/v3.1/secrets-providers");
        assert_eq!(
            json_body(&c),
            json!({"name": "vault1", "type": "vault", "visibility": "tenant",
                   "connection_parameters": {"url": "https://vault:8200", "token": "t", "path": "secret"}})
        );
        assert!(c.parse(response(200, SEED_PROVIDER)).is_ok());
        let u = UpdateSecretsProvider {
            spec: ProviderSpec {
                visibility: Some(Visibility::Global),
                ..spec
            },
        };
        assert_eq!(line(&u), "PATCH /api/v3.1/secrets-providers/vault1");
        assert_eq!(json_body(&u)["visibility"], "global");
        let d = DeleteSecretsProvider {
            name: "vault1".into(),
        };
        assert_eq!(line(&d), "DELETE /api/v3.1/secrets-providers/vault1");
        no_body(&d);
        let t = TestSecretsProvider {
            name: "vault1".into(),
            provider_type: "vault".into(),
            connection_parameters: None,
        };
        assert_eq!(line(&t), "PUT /api/v3.1/secrets-providers");
        assert_eq!(
            json_body(&t),
            json!({"name": "vault1", "type": "vault", "test": true})
        );
        let ok = http::Response::builder()
            .status(204)
            .body(Vec::new())
            .unwrap();
        assert!(t.parse(ok).is_ok());
    }
}
