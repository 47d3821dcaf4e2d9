//! The Conductor Manager REST API v3.1: models and typed endpoints, one module per resource family.

pub mod access;
pub mod agents;
pub mod auth;
pub mod blueprints;
pub mod deployment_updates;
pub mod deployments;
pub mod events;
pub mod execution_schedules;
pub mod executions;
pub mod groups;
pub mod labels;
pub mod ldap;
pub mod license;
pub mod manager;
pub mod metrics;
pub mod nodes;
pub mod operations;
mod paged;
pub mod permissions;
pub mod plugins;
pub mod resources;
pub mod saved_filters;
pub mod searches;
pub mod secrets;
pub mod sites;
pub mod snapshots;
pub mod summary;
pub mod tenants;
#[cfg(test)]
mod testing;
pub mod user_groups;
pub mod users;
pub mod workflows;

use serde::{Deserialize, Serialize};

use crate::time::Timestamp;

/// Declares a string enum that parses unknown values into `Other` (a newer manager never breaks parsing).
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant,)+
            /// A value this console does not know yet.
            Other(String),
        }

        impl $name {
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)+
                    $name::Other(s) => s,
                }
            }
            /// Every value this console knows, in declaration order.
            pub const KNOWN: &'static [&'static str] = &[$($wire),+];
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $($wire => $name::$variant,)+
                    other => $name::Other(other.to_string()),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                Ok($name::from(s.as_ref()))
            }
        }
    };
}
pub(crate) use string_enum;

string_enum!(
    /// Who can see a resource.
    Visibility { Private = "private", Tenant = "tenant", Global = "global" }
);

/// A `key: value` label on a deployment or blueprint.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Label {
    pub key: String,
    pub value: String,
    pub created_at: Option<Timestamp>,
    pub created_by: Option<String>,
}

impl Label {
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Self {
        Label {
            key: key.into(),
            value: value.into(),
            ..Label::default()
        }
    }
}

/// The fields a list call may ask for with `_include`; a column that is not listed is not requested.
pub trait Projectable {
    /// The fields a list page needs to show each column.
    fn field_names() -> &'static [&'static str];
}
