//! Users (admin): create, delete, passwords, system roles, activation and lockouts.
//! The signed-in user itself is [`super::auth::GetCurrentUser`].

use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::endpoint::{endpoint, parse_empty, RequestBody};
use crate::page::Page;
use crate::query::{ListQuery, Query};

pub use super::auth::User;
use super::string_enum;

string_enum!(
    /// A user's system role.
    SystemRole { SysAdmin = "sys_admin", Default = "default" }
);

/// `GET /users` (admin).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListUsers {
    pub query: ListQuery,
    /// Tenants and groups with roles instead of counts.
    pub get_data: bool,
}

endpoint!(ListUsers(this) -> Page<User> {
    GET "/users";
    query = this.query
        .to_query()
        .flag("_get_data", this.get_data.then_some(true));
});

crate::impl_paged!(ListUsers => User);

/// `GET /users/<username>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetUser {
    pub username: String,
    pub get_data: bool,
}

endpoint!(GetUser(this) -> User {
    GET "/users/{}", this.username;
    query = Query::new().flag("_get_data", this.get_data.then_some(true));
});

/// `PUT /users` `{username, password, role[, is_prehashed]}` (admin); 201 with the user.
#[derive(Clone, Default, PartialEq, Eq, Serialize)]
pub struct CreateUser {
    pub username: String,
    pub password: String,
    pub role: SystemRole,
    /// `password` is already a hash (restoring users); sent only when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_prehashed: Option<bool>,
}

// `string_enum!` cannot mark a default variant, so this is written out.
#[allow(clippy::derivable_impls)]
impl Default for SystemRole {
    fn default() -> Self {
        SystemRole::Default
    }
}

// The password never reaches a log through Debug.
impl std::fmt::Debug for CreateUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreateUser")
            .field("username", &self.username)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

endpoint!(CreateUser(this) -> User {
    PUT "/users";
    body = RequestBody::json(this);
});

/// `DELETE /users/<username>` (admin); 204.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeleteUser {
    pub username: String,
}

endpoint!(DeleteUser(this) -> () {
    DELETE "/users/{}", this.username;
    parse = parse_empty;
});

/// One change `POST /users/<username>` makes; the manager takes one per call.
#[derive(Clone, PartialEq, Eq)]
pub enum UserChange {
    /// `{password}`: the user itself or an admin.
    Password(String),
    /// `{role}`: admin only.
    Role(SystemRole),
    /// `{show_getting_started}`: whether the console shows its welcome tour.
    ShowGettingStarted(bool),
}

// Passwords never reach a log through Debug.
impl std::fmt::Debug for UserChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UserChange::Password(_) => f.write_str("Password(***)"),
            UserChange::Role(r) => write!(f, "Role({r})"),
            UserChange::ShowGettingStarted(b) => write!(f, "ShowGettingStarted({b})"),
        }
    }
}

/// `POST /users/<username>`: set the password, the system role or `show_getting_started`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpdateUser {
    pub username: String,
    pub change: UserChange,
}

endpoint!(UpdateUser(this) -> User {
    POST "/users/{}", this.username;
    body = RequestBody::json(&match &this.change {
        UserChange::Password(p) => json!({"password": p}),
        UserChange::Role(r) => json!({"role": r.as_str()}),
        UserChange::ShowGettingStarted(b) => json!({"show_getting_started": b}),
    });
});

/// `POST /users/active/<username>` `{action: activate|deactivate}` (admin).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetUserActive {
    pub username: String,
    pub active: bool,
}

endpoint!(SetUserActive(this) -> User {
    POST "/users/active/{}", this.username;
    body = {
        let action = if this.active {
            "activate"
        } else {
            "deactivate"
        };
        let mut m = Map::new();
        m.insert("action".into(), Value::from(action));
        RequestBody::json(&m)
    };
});

/// `POST /users/unlock/<username>` (admin): lifts a lockout after failed sign-ins. No body,
/// as the Python client sends it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnlockUser {
    pub username: String,
}

endpoint!(UnlockUser(this) -> User {
    POST "/users/unlock/{}", this.username;
});
