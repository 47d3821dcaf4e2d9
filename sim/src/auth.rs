//! `/user` and `/tokens`.

use chrono::NaiveDateTime;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use baton_core::conductor::auth::Token;
use baton_core::time::Timestamp;

use super::admin;
use super::list::{list, ListSpec};
use super::reply::{error, not_found};
use super::{
    method_not_allowed, parse_utc_datetime, sign_token, to_value, Ctx, DemoManager, Reply,
};

const TOKEN_SEARCH: ListSpec = ListSpec {
    search_fields: &["id", "description"],
    search_name_field: None,
};

pub(super) fn route(m: &mut DemoManager, c: &Ctx) -> Option<Reply> {
    Some(match (c.method.as_str(), c.segs) {
        ("GET", ["user"]) => current_user(m, c),
        ("GET", ["tokens"]) => list_tokens(m, c),
        ("POST", ["tokens"]) => match c.json() {
            Ok(body) => create_token(m, c, &body, c.now),
            Err(reply) => reply,
        },
        ("GET", ["tokens", id]) => get_token(m, c, id),
        ("DELETE", ["tokens", id]) => delete_token(m, c, id),
        (_, ["user"] | ["tokens"] | ["tokens", _]) => method_not_allowed(),
        _ => return None,
    })
}

fn current_user(m: &DemoManager, c: &Ctx) -> Reply {
    let get_data = c.flag("_get_data");
    let mut v = admin::user_json(m, c.caller.user, get_data, c.now);
    // `/user` lists every tenant the caller can use (an admin's are all of them).
    let visible = m.visible_tenants(c.caller);
    v["tenants"] = if get_data {
        let map: Map<String, Value> = visible
            .into_iter()
            .map(|(t, role)| (t, json!({"tenant-role": role, "roles": [role]})))
            .collect();
        Value::Object(map)
    } else {
        json!(visible.len())
    };
    Reply::json(200, v)
}

/// The caller's own token, or any token for an admin; 404 otherwise, like the manager.
fn token_index(m: &DemoManager, c: &Ctx, id: &str) -> Option<usize> {
    let me = &m.users[c.caller.user].username;
    let admin = admin::is_admin(m, c.caller.user);
    m.tokens.iter().position(|t| {
        t.id.as_deref() == Some(id) && (admin || t.username.as_deref() == Some(me.as_str()))
    })
}

fn masked(t: &Token) -> Value {
    let mut v = to_value(t);
    // Only the answer that created a token shows its secret.
    v["value"] = json!(format!("ctok-{}-********", t.id.as_deref().unwrap_or("")));
    v
}

fn get_token(m: &DemoManager, c: &Ctx, id: &str) -> Reply {
    match token_index(m, c, id) {
        Some(i) => Reply::json(200, masked(&m.tokens[i])),
        None => not_found("Token", id),
    }
}

fn delete_token(m: &mut DemoManager, c: &Ctx, id: &str) -> Reply {
    match token_index(m, c, id) {
        Some(i) => {
            m.tokens.remove(i);
            m.admin.revoked_tokens.push(id.to_string());
            Reply::json(204, Value::Null)
        }
        None => not_found("Token", id),
    }
}

fn list_tokens(m: &DemoManager, c: &Ctx) -> Reply {
    let u = &m.users[c.caller.user];
    let items = m
        .tokens
        .iter()
        .filter(|t| {
            admin::is_admin(m, c.caller.user) || t.username.as_deref() == Some(u.username.as_str())
        })
        .map(masked)
        .collect();
    list(items, c.list, &TOKEN_SEARCH)
}

fn create_token(m: &mut DemoManager, c: &Ctx, body: &Value, now: NaiveDateTime) -> Reply {
    #[derive(Deserialize)]
    struct Body {
        description: Option<String>,
        expiration_date: Option<String>,
    }
    let Ok(b) = serde_json::from_value::<Body>(body.clone()) else {
        return error(
            400,
            "bad_parameters_error",
            "description and expiration_date must be strings",
        );
    };
    let expires = match b.expiration_date.as_deref() {
        None => None,
        Some(raw) => match parse_utc_datetime(raw, now) {
            Some(t) if t <= now => return error(400, "bad_parameters_error", "Expiration date was in the past."),
            Some(t) => Some(t),
            None => {
                return error(
                    400,
                    "bad_parameters_error",
                    &format!("{raw} is not a legal time format. accepted formats are YYYY-MM-DD HH:MM | HH:MM | +<n><unit>"),
                )
            }
        },
    };
    m.token_counter += 1;
    let user = &m.users[c.caller.user];
    let id = format!("demo{:06}", m.token_counter);
    let token = Token {
        value: Some(sign_token(&user.username, &id, expires)),
        id: Some(id),
        username: Some(user.username.clone()),
        role: Some(user.role.clone()),
        expiration_date: expires.map(Timestamp),
        last_used: None,
        description: b.description,
        extra: Map::new(),
    };
    m.tokens.push(token.clone());
    Reply::json(200, to_value(&token))
}
