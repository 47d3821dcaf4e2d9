//! `/secrets` and `/secrets-providers`: values hidden from who may not read them, export and
//! import with a passphrase.

use base64::Engine as _;
use serde_json::{json, Map, Value};

use baton_core::conductor::resources::{Ownership, Secret};
use baton_core::conductor::secrets::{ProviderType, SecretsProvider};
use baton_core::conductor::Visibility;
use baton_core::filters::validate_input;
use baton_core::time::Timestamp;

use super::list::{list, project, unknown_include, ListSpec};
use super::reply::{error, not_found, Reply};
use super::saved_filters::visibility_of;
use super::scope::{bad_parameters, conflict, Scope};
use super::{method_not_allowed, to_value, Ctx, DemoManager, TenantData};

const SEARCH: ListSpec = ListSpec {
    search_fields: &["key"],
    search_name_field: None,
};

const PROVIDER_SEARCH: ListSpec = ListSpec {
    search_fields: &["name"],
    search_name_field: None,
};

/// The fields a secrets list shows (never the value).
const LIST_FIELDS: &[&str] = &[
    "key",
    "created_at",
    "updated_at",
    "resource_availability",
    "visibility",
    "tenant_name",
    "created_by",
    "is_hidden_value",
    "provider_name",
];

pub(super) fn route(m: &mut DemoManager, c: &Ctx) -> Option<Reply> {
    let ours = matches!(c.segs, ["secrets", ..] | ["secrets-providers", ..]);
    if !ours {
        return None;
    }
    let scope = match Scope::of(m, c) {
        Ok(s) => s,
        Err(reply) => return Some(reply),
    };
    let r = match (c.method.as_str(), c.segs) {
        ("GET", ["secrets"]) => Ok(list_secrets(m, c, &scope)),
        ("GET", ["secrets", "share", "export"]) => Ok(export(m, c, &scope)),
        ("POST", ["secrets", "share", "import"]) => import(m, c, &scope),
        ("GET", ["secrets", key]) => get(m, c, &scope, key),
        ("PUT", ["secrets", key]) => create(m, c, &scope, key),
        ("PATCH", ["secrets", key]) => update(m, c, &scope, key),
        ("DELETE", ["secrets", key]) => delete(m, &scope, key),
        ("PATCH", ["secrets", key, "set-visibility"]) => set_visibility(m, c, &scope, key),
        ("GET", ["secrets-providers"]) => Ok(list_providers(m, c, &scope)),
        ("PUT", ["secrets-providers"]) => put_provider(m, c, &scope),
        ("GET", ["secrets-providers", name]) => find_provider(m, &scope, name)
            .map(|(ti, pi)| Reply::json(200, to_value(&m.tenants[ti].secrets_providers[pi]))),
        ("PATCH", ["secrets-providers", name]) => update_provider(m, c, &scope, name),
        ("DELETE", ["secrets-providers", name]) => delete_provider(m, &scope, name),
        _ => Ok(method_not_allowed()),
    };
    Some(r.unwrap_or_else(|e| e))
}

/// How the demo manager "encrypts": XOR with a key stream from `passphrase`, then base64.
/// Not cryptography; it only makes the export/import round trip real.
fn scramble(data: &[u8], passphrase: &str) -> Vec<u8> {
    let mut state: u64 = 0xcbf2_9ce4_8422_2325;
    for b in passphrase.bytes() {
        state = (state ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    data.iter()
        .map(|b| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            b ^ (state as u8)
        })
        .collect()
}

fn encrypt(value: &str, passphrase: &str) -> String {
    base64::engine::general_purpose::URL_SAFE.encode(scramble(value.as_bytes(), passphrase))
}

fn decrypt(value: &str, passphrase: &str) -> Option<String> {
    let raw = base64::engine::general_purpose::URL_SAFE
        .decode(value)
        .ok()?;
    String::from_utf8(scramble(&raw, passphrase)).ok()
}

/// What the manager answers for a stored value after a write: its encrypted form.
fn stored_form(value: &str) -> String {
    format!("gAAAAAB{}", encrypt(value, "demo-manager-key"))
}

/// Every secret the caller sees from its tenant: its tenant's and other tenants' global ones.
fn visible<'a>(m: &'a DemoManager, scope: &'a Scope) -> impl Iterator<Item = &'a Secret> + 'a {
    m.tenants.iter().flat_map(move |t| {
        t.secrets
            .iter()
            .filter(move |s| scope.sees(&t.name, &s.owner))
    })
}

/// `(tenant index, secret index)` of `key` as the caller sees it.
fn find(m: &DemoManager, scope: &Scope, key: &str) -> Result<(usize, usize), Reply> {
    let own = &m.tenants[scope.tenant];
    if let Some(i) = own
        .secrets
        .iter()
        .position(|s| s.key == key && scope.sees(&own.name, &s.owner))
    {
        return Ok((scope.tenant, i));
    }
    for (ti, t) in m.tenants.iter().enumerate() {
        if let Some(i) = t
            .secrets
            .iter()
            .position(|s| s.key == key && scope.sees(&t.name, &s.owner))
        {
            return Ok((ti, i));
        }
    }
    Err(not_found("Secret", key))
}

fn may_read_value(scope: &Scope, s: &Secret) -> bool {
    s.is_hidden_value != Some(true)
        || scope.admin
        || s.owner.created_by.as_deref() == Some(scope.username.as_str())
}

fn list_secrets(m: &DemoManager, c: &Ctx, scope: &Scope) -> Reply {
    let items = visible(m, scope)
        .map(|s| {
            let v = to_value(s);
            let mut out = Map::new();
            for f in LIST_FIELDS {
                out.insert((*f).to_string(), v.get(*f).cloned().unwrap_or(Value::Null));
            }
            Value::Object(out)
        })
        .collect();
    list(items, c.list, &SEARCH)
}

fn get(m: &DemoManager, c: &Ctx, scope: &Scope, key: &str) -> Result<Reply, Reply> {
    validate_input("key", key).map_err(|e| bad_parameters(&e.to_string()))?;
    let (ti, si) = find(m, scope, key)?;
    let mut s = m.tenants[ti].secrets[si].clone();
    if c.flag("_skip_value") {
        s.value = None;
    } else if !may_read_value(scope, &s) {
        s.value = Some(String::new());
    }
    let v = to_value(&s);
    if let Some(bad) = unknown_include(Some(&v), &c.list.include) {
        return Err(error(
            400,
            "no_such_include_field_error",
            &format!("Invalid include field: {bad}"),
        ));
    }
    Ok(Reply::json(200, project(v, &c.list.include)))
}

/// A secret as written back: the value in its stored (encrypted) form.
fn written(s: &Secret) -> Reply {
    let mut out = s.clone();
    out.value = s.value.as_deref().map(stored_form);
    Reply::json(200, to_value(&out))
}

fn owner(scope: &Scope, tenant: &TenantData, visibility: Visibility, now: Timestamp) -> Ownership {
    Ownership {
        resource_availability: Some(visibility.clone()),
        private_resource: Some(visibility == Visibility::Private),
        visibility: Some(visibility),
        tenant_name: Some(tenant.name.clone()),
        created_by: Some(scope.username.clone()),
        created_at: Some(now),
        updated_at: Some(now),
    }
}

/// A secret's value as stored: a string as it is; with a schema, any JSON value as its text
/// (the manager takes a schema-typed secret's value as JSON).
fn value_text(v: Option<&Value>, has_schema: bool) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other if has_schema => Some(other.to_string()),
        _ => None,
    }
}

fn create(m: &mut DemoManager, c: &Ctx, scope: &Scope, key: &str) -> Result<Reply, Reply> {
    let body = c.json()?;
    let has_schema = body.get("schema").is_some_and(|s| !s.is_null());
    let Some(value) = value_text(body.get("value"), has_schema) else {
        return Err(bad_parameters("Missing value in json request body"));
    };
    let value = value.as_str();
    validate_input("key", key).map_err(|e| bad_parameters(&e.to_string()))?;
    let visibility = visibility_of(&body)?.unwrap_or(Visibility::Tenant);
    let flag = |k: &str| body.get(k).and_then(Value::as_bool).unwrap_or(false);
    let provider = body
        .get("provider_name")
        .and_then(Value::as_str)
        .map(String::from);
    if let Some(p) = &provider {
        find_provider(m, scope, p)?;
    }
    let now = Timestamp(c.now);
    if let Ok((ti, si)) = find(m, scope, key) {
        if !flag("update_if_exists") {
            return Err(conflict("Secret", key, &m.tenants[ti].name));
        }
        let s = &mut m.tenants[ti].secrets[si];
        if !scope.may_modify(&s.owner) {
            return Err(scope.forbidden(&format!("the secret `{key}`")));
        }
        s.value = Some(value.to_string());
        s.owner.updated_at = Some(now);
        return Ok(written(s));
    }
    let t = &m.tenants[scope.tenant];
    let s = Secret {
        key: key.to_string(),
        value: Some(value.to_string()),
        is_hidden_value: Some(flag("is_hidden_value")),
        provider_name: provider,
        provider_options: body
            .get("provider_options")
            .filter(|v| !v.is_null())
            .cloned(),
        schema: body.get("schema").filter(|v| !v.is_null()).cloned(),
        owner: owner(scope, t, visibility, now),
        ..Secret::default()
    };
    let reply = written(&s);
    m.tenants[scope.tenant].secrets.push(s);
    Ok(reply)
}

fn modifiable(m: &DemoManager, scope: &Scope, key: &str) -> Result<(usize, usize), Reply> {
    validate_input("key", key).map_err(|e| bad_parameters(&e.to_string()))?;
    let (ti, si) = find(m, scope, key)?;
    if !scope.may_modify(&m.tenants[ti].secrets[si].owner) {
        return Err(scope.forbidden(&format!("the secret `{key}`")));
    }
    Ok((ti, si))
}

fn update(m: &mut DemoManager, c: &Ctx, scope: &Scope, key: &str) -> Result<Reply, Reply> {
    let body = c.json()?;
    let (ti, si) = modifiable(m, scope, key)?;
    let visibility = visibility_of(&body)?;
    if let Some(p) = body.get("provider_name").and_then(Value::as_str) {
        find_provider(m, scope, p)?;
    }
    if let Some(creator) = body.get("creator").and_then(Value::as_str) {
        if !scope.sys_admin {
            return Err(error(
                403,
                "forbidden_error",
                &format!(
                    "User `{}` is not permitted to set the owner of a resource",
                    scope.username
                ),
            ));
        }
        if !m.users.iter().any(|u| u.username == creator) {
            return Err(bad_parameters(&format!("Invalid user `{creator}`")));
        }
    }
    let s = &mut m.tenants[ti].secrets[si];
    if let Some(v) = value_text(body.get("value"), s.schema.is_some()) {
        s.value = Some(v);
    }
    if let Some(v) = visibility {
        s.owner.resource_availability = Some(v.clone());
        s.owner.private_resource = Some(v == Visibility::Private);
        s.owner.visibility = Some(v);
    }
    if let Some(h) = body.get("is_hidden_value").and_then(Value::as_bool) {
        s.is_hidden_value = Some(h);
    }
    if let Some(creator) = body.get("creator").and_then(Value::as_str) {
        s.owner.created_by = Some(creator.to_string());
    }
    if let Some(p) = body.get("provider_name").and_then(Value::as_str) {
        s.provider_name = Some(p.to_string());
    }
    if let Some(o) = body.get("provider_options").filter(|v| !v.is_null()) {
        s.provider_options = Some(o.clone());
    }
    s.owner.updated_at = Some(Timestamp(c.now));
    Ok(written(s))
}

fn delete(m: &mut DemoManager, scope: &Scope, key: &str) -> Result<Reply, Reply> {
    let (ti, si) = modifiable(m, scope, key)?;
    m.tenants[ti].secrets.remove(si);
    Ok(Reply::json(204, Value::Null))
}

fn set_visibility(m: &mut DemoManager, c: &Ctx, scope: &Scope, key: &str) -> Result<Reply, Reply> {
    let body = c.json()?;
    let Some(v) = visibility_of(&body)? else {
        return Err(bad_parameters("Missing visibility in json request body"));
    };
    let (ti, si) = modifiable(m, scope, key)?;
    if v == Visibility::Global {
        // A global key must be unique across every tenant.
        let clash = m.tenants.iter().enumerate().any(|(i, t)| {
            t.secrets
                .iter()
                .enumerate()
                .any(|(j, s)| s.key == key && (i, j) != (ti, si))
        });
        if clash {
            return Err(error(
                400,
                "illegal_action_error",
                &format!("Can't set the visibility of `{key}` to global because another secret with this key exists"),
            ));
        }
    }
    let s = &mut m.tenants[ti].secrets[si];
    let rank = |v: &Visibility| match v {
        Visibility::Private => 0,
        Visibility::Tenant => 1,
        _ => 2,
    };
    if rank(&v) < rank(s.owner.visibility.as_ref().unwrap_or(&Visibility::Tenant)) {
        return Err(error(
            400,
            "illegal_action_error",
            &format!("Can't set the visibility of `{key}` to {v} because it already has wider visibility"),
        ));
    }
    s.owner.resource_availability = Some(v.clone());
    s.owner.private_resource = Some(v == Visibility::Private);
    s.owner.visibility = Some(v);
    s.owner.updated_at = Some(Timestamp(c.now));
    Ok(written(s))
}

fn export(m: &DemoManager, c: &Ctx, scope: &Scope) -> Reply {
    let passphrase = c.query.get("_passphrase").filter(|p| !p.is_empty());
    let metadata = c.flag("_include_metadata");
    let search = c.list.search.as_deref();
    let items: Vec<Value> = visible(m, scope)
        .filter(|s| may_read_value(scope, s))
        .filter(|s| search.is_none_or(|q| s.key.contains(q)))
        .filter(|s| {
            c.list
                .filters
                .iter()
                .all(|(k, v)| to_value(*s).get(k).and_then(Value::as_str) == Some(v.as_str()))
        })
        .map(|s| {
            let value = s.value.clone().unwrap_or_default();
            let mut out = json!({
                "key": s.key,
                "value": passphrase.map_or_else(|| value.clone(), |p| encrypt(&value, p)),
                "visibility": s.owner.visibility,
                "tenant_name": s.owner.tenant_name,
                "is_hidden_value": s.is_hidden_value.unwrap_or(false),
                "encrypted": passphrase.is_some(),
            });
            if metadata {
                out["creator"] = json!(s.owner.created_by);
                out["created_at"] = json!(s.owner.created_at);
                out["updated_at"] = json!(s.owner.updated_at);
            }
            out
        })
        .collect();
    Reply::json(200, Value::Array(items))
}

fn import(m: &mut DemoManager, c: &Ctx, scope: &Scope) -> Result<Reply, Reply> {
    let body = c.json()?;
    let Some(list) = body.get("secrets_list").and_then(Value::as_array) else {
        return Err(bad_parameters("secrets_list must be a list"));
    };
    let Some(override_collisions) = body.get("override_collisions").and_then(Value::as_bool) else {
        return Err(bad_parameters("override_collisions must be a boolean"));
    };
    let tenant_map = body
        .get("tenant_map")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let missing: Vec<String> = tenant_map
        .values()
        .filter_map(Value::as_str)
        .filter(|t| m.tenant(t).is_none())
        .map(String::from)
        .collect();
    if !missing.is_empty() {
        return Err(bad_parameters(&format!(
            "The following destination tenants do not exist on the Manager: {missing:?}"
        )));
    }
    let passphrase = body.get("passphrase").and_then(Value::as_str);
    let now = Timestamp(c.now);
    let mut colliding: Map<String, Value> = Map::new();
    let mut errors: Map<String, Value> = Map::new();
    for (i, raw) in list.iter().enumerate() {
        let mut problems = Map::new();
        let mut missing_fields: Vec<&str> = Vec::new();
        let text = |k: &str| {
            raw.get(k)
                .and_then(Value::as_str)
                .filter(|s| !s.trim().is_empty())
        };
        for f in [
            "key",
            "is_hidden_value",
            "visibility",
            "tenant_name",
            "value",
            "encrypted",
        ] {
            if raw
                .get(f)
                .is_none_or(|v| v.is_null() || v.as_str().is_some_and(|s| s.trim().is_empty()))
            {
                missing_fields.push(f);
            }
        }
        let visibility = text("visibility").map(Visibility::from);
        if let Some(Visibility::Other(_)) = visibility {
            problems.insert("visibility".into(), json!("Not a valid visibility"));
        }
        let mut tenant = text("tenant_name").map(String::from);
        if let Some(t) = &tenant {
            if let Some(to) = tenant_map.get(t).and_then(Value::as_str) {
                tenant = Some(to.to_string());
            }
        }
        let ti = tenant
            .as_deref()
            .and_then(|t| m.tenants.iter().position(|x| x.name == t));
        if let (Some(t), None) = (&tenant, ti) {
            problems.insert(
                "tenant_name".into(),
                json!(format!("The tenant `{t}` was not found")),
            );
        }
        if let Some(ti) = ti {
            let allowed = scope.sys_admin
                || m.users[c.caller.user]
                    .tenants
                    .iter()
                    .any(|(t, r)| *t == m.tenants[ti].name && r != "viewer");
            if !allowed {
                problems.insert(
                    "tenant_name".into(),
                    json!(format!(
                        "User `{}` is not permitted to create secrets in `{}`",
                        scope.username, m.tenants[ti].name
                    )),
                );
            }
        }
        let mut value = text("value").map(String::from);
        match raw.get("encrypted").and_then(Value::as_bool) {
            Some(true) => match (passphrase, &value) {
                (Some(p), Some(v)) => match decrypt(v, p) {
                    Some(clear) => value = Some(clear),
                    None => {
                        problems.insert(
                            "value".into(),
                            json!("Could not decrypt the value with this passphrase"),
                        );
                    }
                },
                (None, _) => {
                    problems.insert(
                        "No passphrase".into(),
                        json!("The secret is encrypted but no passphrase was given"),
                    );
                }
                _ => {}
            },
            Some(false) => {}
            None if raw.get("encrypted").is_some() => {
                problems.insert("encrypted".into(), json!("Not boolean"));
            }
            None => {}
        }
        if raw
            .get("is_hidden_value")
            .is_some_and(|v| !v.is_boolean() && !v.is_null())
        {
            problems.insert("is_hidden_value".into(), json!("Not boolean"));
        }
        if !missing_fields.is_empty() {
            problems.insert("missing secret fields".into(), json!(missing_fields));
        }
        if !problems.is_empty() {
            errors.insert(i.to_string(), Value::Object(problems));
            continue;
        }
        let (Some(ti), Some(key), Some(value), Some(visibility)) =
            (ti, text("key"), value, visibility)
        else {
            continue;
        };
        let tenant_name = m.tenants[ti].name.clone();
        let existing = m.tenants[ti].secrets.iter().position(|s| s.key == key);
        if let Some(si) = existing {
            if override_collisions {
                let s = &mut m.tenants[ti].secrets[si];
                s.value = Some(value);
                s.is_hidden_value = raw.get("is_hidden_value").and_then(Value::as_bool);
                s.owner.updated_at = Some(now);
            }
            let keys = colliding.entry(tenant_name).or_insert_with(|| json!([]));
            if let Some(a) = keys.as_array_mut() {
                a.push(json!(key));
            }
            continue;
        }
        let mut own = owner(scope, &m.tenants[ti], visibility, now);
        if let Some(creator) = text("creator") {
            own.created_by = Some(creator.to_string());
        }
        m.tenants[ti].secrets.push(Secret {
            key: key.to_string(),
            value: Some(value),
            is_hidden_value: raw.get("is_hidden_value").and_then(Value::as_bool),
            owner: own,
            ..Secret::default()
        });
    }
    Ok(Reply::json(
        200,
        json!({"colliding_secrets": colliding, "secrets_errors": errors}),
    ))
}

fn list_providers(m: &DemoManager, c: &Ctx, scope: &Scope) -> Reply {
    let items = m
        .tenants
        .iter()
        .flat_map(|t| t.secrets_providers.iter().map(move |p| (t, p)))
        .filter(|(t, p)| scope.sees(&t.name, &p.owner))
        .map(|(_, p)| to_value(p))
        .collect();
    list(items, c.list, &PROVIDER_SEARCH)
}

fn find_provider(m: &DemoManager, scope: &Scope, name: &str) -> Result<(usize, usize), Reply> {
    for (ti, t) in m.tenants.iter().enumerate() {
        if let Some(pi) = t
            .secrets_providers
            .iter()
            .position(|p| p.name == name && scope.sees(&t.name, &p.owner))
        {
            return Ok((ti, pi));
        }
    }
    Err(not_found("SecretsProvider", name))
}

/// The provider type of a body, checked, and its connection parameters, checked for it.
fn provider_fields(body: &Value) -> Result<(ProviderType, Option<Map<String, Value>>), Reply> {
    let Some(kind) = body.get("type").and_then(Value::as_str) else {
        return Err(bad_parameters("Missing type in json request body"));
    };
    let kind = ProviderType::from(kind);
    if let ProviderType::Other(k) = &kind {
        return Err(bad_parameters(&format!(
            "Invalid secrets provider type `{k}`. Valid types are: {}",
            ProviderType::KNOWN.join(", ")
        )));
    }
    let params = body
        .get("connection_parameters")
        .and_then(Value::as_object)
        .cloned();
    let needed: &[&str] = match kind {
        ProviderType::Vault => &["url", "token"],
        ProviderType::Cloudify => &["host", "username", "password", "tenant"],
        _ => &[],
    };
    let given = params.clone().unwrap_or_default();
    if let Some(missing) = needed.iter().find(|k| !given.contains_key(**k)) {
        return Err(bad_parameters(&format!(
            "The `{kind}` secrets provider needs the connection parameter `{missing}`"
        )));
    }
    Ok((kind, params))
}

fn put_provider(m: &mut DemoManager, c: &Ctx, scope: &Scope) -> Result<Reply, Reply> {
    let body = c.json()?;
    let name = body
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let (kind, params) = provider_fields(&body)?;
    if body.get("test").and_then(Value::as_bool) == Some(true) {
        // The demo manager reaches no vault; a complete configuration passes the test.
        return Ok(Reply::json(204, Value::Null));
    }
    validate_input("name", &name).map_err(|e| bad_parameters(&e.to_string()))?;
    let visibility = visibility_of(&body)?.unwrap_or(Visibility::Tenant);
    if find_provider(m, scope, &name).is_ok() {
        return Err(conflict("SecretsProvider", &name, &scope.tenant_name));
    }
    let now = Timestamp(c.now);
    let mut own = owner(scope, &m.tenants[scope.tenant], visibility, now);
    own.updated_at = None;
    let p = SecretsProvider {
        id: Some(name.clone()),
        name,
        provider_type: Some(kind),
        connection_parameters: params,
        owner: own,
        ..SecretsProvider::default()
    };
    let reply = Reply::json(200, to_value(&p));
    m.tenants[scope.tenant].secrets_providers.push(p);
    Ok(reply)
}

fn update_provider(
    m: &mut DemoManager,
    c: &Ctx,
    scope: &Scope,
    name: &str,
) -> Result<Reply, Reply> {
    let body = c.json()?;
    let (ti, pi) = find_provider(m, scope, name)?;
    if !scope.may_modify(&m.tenants[ti].secrets_providers[pi].owner) {
        return Err(scope.forbidden(&format!("the secrets provider `{name}`")));
    }
    let visibility = visibility_of(&body)?;
    let kind = if body.get("type").is_some() {
        Some(provider_fields(&body)?)
    } else {
        None
    };
    let p = &mut m.tenants[ti].secrets_providers[pi];
    if let Some((k, params)) = kind {
        p.provider_type = Some(k);
        if params.is_some() {
            p.connection_parameters = params;
        }
    } else if let Some(params) = body.get("connection_parameters").and_then(Value::as_object) {
        p.connection_parameters = Some(params.clone());
    }
    if let Some(v) = visibility {
        p.owner.resource_availability = Some(v.clone());
        p.owner.private_resource = Some(v == Visibility::Private);
        p.owner.visibility = Some(v);
    }
    p.owner.updated_at = Some(Timestamp(c.now));
    Ok(Reply::json(200, to_value(p)))
}

fn delete_provider(m: &mut DemoManager, scope: &Scope, name: &str) -> Result<Reply, Reply> {
    let (ti, pi) = find_provider(m, scope, name)?;
    if !scope.may_modify(&m.tenants[ti].secrets_providers[pi].owner) {
        return Err(scope.forbidden(&format!("the secrets provider `{name}`")));
    }
    let in_use = m
        .tenants
        .iter()
        .flat_map(|t| &t.secrets)
        .any(|s| s.provider_name.as_deref() == Some(name));
    if in_use {
        return Err(error(
            400,
            "dependent_exists_error",
            &format!("Can't delete the secrets provider `{name}` - secrets use it"),
        ));
    }
    m.tenants[ti].secrets_providers.remove(pi);
    Ok(Reply::json(204, Value::Null))
}
