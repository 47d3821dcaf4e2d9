//! Several managers at once: one [`Connection`] per signed-in manager of any kind, the token
//! exchange each kind needs, and the listing the one-pane overview shows, as sans-IO steps
//! (a request to send, then the answer to read) so the browser and the tests share them.
//!
//! The overview reads answers as `serde_json::Value` and picks the few fields a card shows, so
//! the console does not carry every provider's full typed models for this one page.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::cloud::{parse_time, ClusterCard, Health, ProviderKind};
use crate::endpoint::{json_answer, Endpoint, Provider, Request, Response};
use crate::error::{client_codes, ApiError};

/// One manager the operator is signed in to. Kept for the tab only; secrets typed for the token
/// exchange are never part of it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Connection {
    /// Stable within the tab (`c1`, `c2`…).
    pub id: String,
    pub kind: ProviderKind,
    /// The operator's name for it ("EU production").
    pub name: String,
    /// Where its API lives (`https://acme.implycloud.com`, or a proxy path like `/proxy/imply`).
    pub origin: String,
    /// CDM: the project the token is scoped to.
    #[serde(default)]
    pub project_id: String,
    /// The bearer / IAM token, when signed in.
    pub token: Option<String>,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("id", &self.id)
            .field("kind", &self.kind)
            .field("name", &self.name)
            .field("origin", &self.origin)
            .field("token", &self.token.as_ref().map(|_| "***"))
            .finish()
    }
}

/// What the operator types to sign in; used for one exchange, then dropped.
#[derive(Clone, PartialEq, Eq)]
pub enum Secret {
    /// Imply: a bearer token from the Imply console.
    Token(String),
    /// Lyve: the account's API credentials.
    Lyve {
        account_id: String,
        access_key: String,
        secret: String,
    },
    /// SailPoint: an OAuth client.
    Client { id: String, secret: String },
    /// CDM: an IAM user (`iam_origin` is IAM's own address).
    Iam {
        iam_origin: String,
        domain: String,
        user: String,
        password: String,
    },
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

fn invalid(message: &str) -> ApiError {
    ApiError::new(None, client_codes::INVALID_INPUT, message)
}

/// How a connection gets its token.
pub enum SignIn {
    /// Nothing to send: the token is the one typed.
    Ready(String),
    /// Send this request; read the token with [`token_from`].
    Exchange(Box<Request>),
}

/// The first step of signing in a connection.
pub fn sign_in(conn: &Connection, secret: &Secret) -> Result<SignIn, ApiError> {
    match (conn.kind, secret) {
        (ProviderKind::Imply, Secret::Token(t)) if !t.trim().is_empty() => {
            Ok(SignIn::Ready(t.trim().to_string()))
        }
        (
            ProviderKind::Lyve,
            Secret::Lyve {
                account_id,
                access_key,
                secret,
            },
        ) => {
            let e = crate::lyve::CreateToken {
                account_id: account_id.clone(),
                access_key: access_key.clone(),
                secret: secret.clone(),
            };
            e.check()?;
            Ok(SignIn::Exchange(Box::new(
                e.request(&crate::lyve::Session::at(&conn.origin)),
            )))
        }
        (ProviderKind::SailPoint, Secret::Client { id, secret }) => {
            let e = crate::sailpoint::RequestToken {
                client_id: id.clone(),
                client_secret: secret.clone(),
            };
            e.check()?;
            Ok(SignIn::Exchange(Box::new(
                e.request(&crate::sailpoint::Session::at(&conn.origin)),
            )))
        }
        (
            ProviderKind::Cdm,
            Secret::Iam {
                iam_origin,
                domain,
                user,
                password,
            },
        ) => {
            let e = crate::cdm::IamToken {
                domain: domain.clone(),
                user: user.clone(),
                password: password.clone(),
                project_id: conn.project_id.clone(),
            };
            e.check()?;
            Ok(SignIn::Exchange(Box::new(e.request(
                &crate::cdm::IamSession {
                    origin: iam_origin.trim_end_matches('/').to_string(),
                },
            ))))
        }
        (ProviderKind::Imply, _) => Err(invalid("Paste the bearer token from the Imply console")),
        _ => Err(invalid(
            "These credentials are not for this kind of manager",
        )),
    }
}

/// Reads the token out of the exchange's answer.
pub fn token_from(kind: ProviderKind, answer: Response) -> Result<String, ApiError> {
    match kind {
        ProviderKind::Lyve => crate::lyve::CreateToken::default()
            .parse(answer)
            .map(|g| g.token),
        ProviderKind::SailPoint => crate::sailpoint::RequestToken::default()
            .parse(answer)
            .map(|g| g.access_token),
        ProviderKind::Cdm => crate::cdm::IamToken::default()
            .parse(answer)
            .map(|g| g.token),
        _ => Err(invalid("This kind of manager has no token exchange here")),
    }
}

/// The request that lists a connection's clusters (Lyve has none: `None`).
pub fn clusters_request(conn: &Connection) -> Option<Request> {
    let token = conn.token.clone();
    let q = crate::query::Query::new();
    let empty = crate::endpoint::RequestBody::Empty;
    let get = http::Method::GET;
    Some(match conn.kind {
        ProviderKind::Imply => crate::imply::Session {
            origin: conn.origin.trim_end_matches('/').into(),
            token,
        }
        .build(get, "/clusters", &q, empty),
        ProviderKind::SailPoint => crate::sailpoint::Session {
            origin: conn.origin.trim_end_matches('/').into(),
            token,
        }
        .build(get, "/managed-clusters", &q.with("limit", "250"), empty),
        ProviderKind::Cdm => crate::cdm::Session {
            origin: conn.origin.trim_end_matches('/').into(),
            project_id: conn.project_id.clone(),
            token,
        }
        .build(get, "/clusters", &q, empty),
        ProviderKind::Lyve | ProviderKind::Conductor => return None,
    })
}

/// Reads the answer of [`clusters_request`] into the overview's cards.
pub fn cards_from(kind: ProviderKind, answer: Response) -> Result<Vec<ClusterCard>, ApiError> {
    let error: fn(&Response) -> ApiError = match kind {
        ProviderKind::Imply => crate::imply::Session::error,
        ProviderKind::SailPoint => crate::sailpoint::Session::error,
        ProviderKind::Cdm => crate::cdm::Session::error,
        _ => crate::conductor::Session::error,
    };
    let v: Value = json_answer(answer, error)?;
    let items = match kind {
        ProviderKind::Cdm => v.get("clusters").cloned().unwrap_or(Value::Null),
        _ => v,
    };
    Ok(items
        .as_array()
        .map(|a| a.iter().map(|c| card(kind, c)).collect())
        .unwrap_or_default())
}

fn s(v: &Value, path: &[&str]) -> Option<String> {
    let mut cur = v;
    for p in path {
        cur = cur.get(*p)?;
    }
    match cur {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// One cluster answer (raw JSON) as a card.
pub fn card(kind: ProviderKind, c: &Value) -> ClusterCard {
    let time = |path: &[&str]| s(c, path).and_then(|t| parse_time(&t));
    match kind {
        ProviderKind::Imply => {
            let state = crate::imply::ClusterState::from(
                s(c, &["status", "state"]).unwrap_or_default().as_str(),
            );
            let last = c["status"]["events"]
                .as_array()
                .and_then(|e| e.last())
                .and_then(|e| s(e, &["message"]));
            ClusterCard {
                provider: kind,
                id: s(c, &["metadata", "uid"]).unwrap_or_default(),
                name: s(c, &["metadata", "name"]).unwrap_or_default(),
                health: state.health(),
                state: state.words().to_string(),
                created: time(&["metadata", "creationTimestamp"]),
                version: s(c, &["spec", "version"]),
                last_event: last,
            }
        }
        ProviderKind::SailPoint => {
            let status = crate::sailpoint::ClusterStatus::from(
                s(c, &["status"]).unwrap_or_default().as_str(),
            );
            ClusterCard {
                provider: kind,
                id: s(c, &["id"]).unwrap_or_default(),
                name: s(c, &["name"]).unwrap_or_default(),
                health: status.health(),
                state: status.words().to_string(),
                created: time(&["createdAt"]),
                version: s(c, &["currentInstalledReleaseVersion"])
                    .or_else(|| s(c, &["ccgVersion"])),
                last_event: s(c, &["alertKey"]),
            }
        }
        ProviderKind::Cdm => {
            let mut state =
                crate::cdm::ClusterState::from_code(&s(c, &["status"]).unwrap_or_default());
            if matches!(s(c, &["isFrozen"]).as_deref(), Some("1" | "true")) {
                state = crate::cdm::ClusterState::Frozen;
            }
            let failure = c["failedReasons"].as_object().and_then(|m| {
                m.iter().next().map(|(k, r)| {
                    format!(
                        "{k}: {} {}",
                        s(r, &["errorCode"]).unwrap_or_default(),
                        s(r, &["errorMsg"]).unwrap_or_default()
                    )
                })
            });
            ClusterCard {
                provider: kind,
                id: s(c, &["id"]).unwrap_or_default(),
                name: s(c, &["name"]).unwrap_or_default(),
                health: state.health(),
                state: state.words().to_string(),
                created: time(&["created"]),
                version: s(c, &["version"]).or_else(|| s(c, &["datastore", "version"])),
                last_event: failure.or_else(|| s(c, &["statusDetail"])),
            }
        }
        _ => ClusterCard {
            provider: kind,
            id: String::new(),
            name: String::new(),
            health: Health::Unknown,
            state: String::new(),
            created: None,
            version: None,
            last_event: None,
        },
    }
}

/// The Conductor manager's own cluster as a card (from `GET /cluster-status`).
pub fn conductor_card(
    name: &str,
    status: &crate::conductor::manager::ClusterStatus,
) -> ClusterCard {
    use crate::conductor::manager::Health as H;
    let (health, state) = match &status.status {
        Some(H::Ok) => (Health::Running, "All services OK".to_string()),
        Some(H::Degraded) => (Health::Attention, "Degraded".to_string()),
        Some(H::Fail) => (Health::Attention, "Failing".to_string()),
        Some(other) => (Health::Unknown, other.to_string()),
        None => (Health::Unknown, "Unknown".to_string()),
    };
    let failing: Vec<&str> = status
        .services
        .iter()
        .filter(|(_, s)| !matches!(s.status, Some(H::Ok) | None))
        .map(|(n, _)| n.as_str())
        .collect();
    ClusterCard {
        provider: ProviderKind::Conductor,
        id: "manager".into(),
        name: name.to_string(),
        health,
        state,
        created: None,
        version: None,
        last_event: (!failing.is_empty()).then(|| format!("Not OK: {}", failing.join(", "))),
    }
}

/// Keeps the cards a filter asks for: a provider slug and a health slug, each optional.
pub fn filter_cards(
    cards: &[ClusterCard],
    provider: Option<&str>,
    state: Option<&str>,
) -> Vec<ClusterCard> {
    cards
        .iter()
        .filter(|c| card_matches(c, provider, state))
        .cloned()
        .collect()
}

/// Whether a card passes the overview's filters (see [`filter_cards`]).
pub fn card_matches(card: &ClusterCard, provider: Option<&str>, state: Option<&str>) -> bool {
    provider.is_none_or(|p| card.provider.slug() == p)
        && state.is_none_or(|h| card.health.slug() == h)
}

/// How long ago, in the words of a card (`3 days`, `5 hours`, `12 minutes`).
pub fn age(created: crate::time::Timestamp, now: chrono::NaiveDateTime) -> String {
    let d = now - created.0;
    let (n, unit) = if d.num_days() >= 1 {
        (d.num_days(), "day")
    } else if d.num_hours() >= 1 {
        (d.num_hours(), "hour")
    } else {
        (d.num_minutes().max(0), "minute")
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

/// Where the demo managers answer (`/__demo/imply`, …): the demo server and the in-page demo
/// route these paths to the four demo managers.
pub const DEMO_MOUNT: &str = "/__demo/";

/// The demo's credentials, known to the console so "Use the demo" can fill the form.
pub mod demo {
    pub const IMPLY_TOKEN: &str = "imply-demo-token";
    pub const LYVE_ACCOUNT: &str = "demo-account";
    pub const LYVE_ACCESS_KEY: &str = "demo-access-key";
    pub const LYVE_SECRET: &str = "demo-secret";
    pub const SAILPOINT_CLIENT_ID: &str = "demo-client";
    pub const SAILPOINT_CLIENT_SECRET: &str = "demo-client-secret";
    pub const CDM_DOMAIN: &str = "OTC-EU-DE-DEMO";
    pub const CDM_USER: &str = "demo";
    pub const CDM_PASSWORD: &str = "demo-password";
    pub const CDM_PROJECT: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
}

/// A connection to the demo of `kind` and the secret that signs it in.
pub fn demo_connection(kind: ProviderKind, id: &str) -> (Connection, Secret) {
    let origin = format!("{DEMO_MOUNT}{}", kind.slug());
    let secret = match kind {
        ProviderKind::Lyve => Secret::Lyve {
            account_id: demo::LYVE_ACCOUNT.into(),
            access_key: demo::LYVE_ACCESS_KEY.into(),
            secret: demo::LYVE_SECRET.into(),
        },
        ProviderKind::SailPoint => Secret::Client {
            id: demo::SAILPOINT_CLIENT_ID.into(),
            secret: demo::SAILPOINT_CLIENT_SECRET.into(),
        },
        ProviderKind::Cdm => Secret::Iam {
            iam_origin: origin.clone(),
            domain: demo::CDM_DOMAIN.into(),
            user: demo::CDM_USER.into(),
            password: demo::CDM_PASSWORD.into(),
        },
        _ => Secret::Token(demo::IMPLY_TOKEN.into()),
    };
    (
        Connection {
            id: id.into(),
            kind,
            name: format!("{} demo", kind.label()),
            origin,
            project_id: if kind == ProviderKind::Cdm {
                demo::CDM_PROJECT.into()
            } else {
                String::new()
            },
            token: None,
        },
        secret,
    )
}

/// A provider's session made from a signed-in connection, and the refusal that means its token
/// expired. Lets the console send any of the provider's endpoints through one function.
pub trait FromConnection: Provider + Sized {
    /// The refusal that means "the token expired" (Lyve: 400 `ExpiredToken`, the others: 401).
    const RENEW: crate::cloud::RenewRule;
    fn from_connection(conn: &Connection) -> Self;
}

fn origin_of(conn: &Connection) -> String {
    conn.origin.trim_end_matches('/').to_string()
}

impl FromConnection for crate::imply::Session {
    const RENEW: crate::cloud::RenewRule = crate::imply::RENEW;
    fn from_connection(conn: &Connection) -> Self {
        crate::imply::Session {
            origin: origin_of(conn),
            token: conn.token.clone(),
        }
    }
}

impl FromConnection for crate::lyve::Session {
    const RENEW: crate::cloud::RenewRule = crate::lyve::RENEW;
    fn from_connection(conn: &Connection) -> Self {
        crate::lyve::Session {
            origin: origin_of(conn),
            token: conn.token.clone(),
        }
    }
}

impl FromConnection for crate::sailpoint::Session {
    const RENEW: crate::cloud::RenewRule = crate::sailpoint::RENEW;
    fn from_connection(conn: &Connection) -> Self {
        crate::sailpoint::Session {
            origin: origin_of(conn),
            token: conn.token.clone(),
        }
    }
}

impl FromConnection for crate::cdm::Session {
    const RENEW: crate::cloud::RenewRule = crate::cdm::RENEW;
    fn from_connection(conn: &Connection) -> Self {
        crate::cdm::Session {
            origin: origin_of(conn),
            project_id: conn.project_id.clone(),
            token: conn.token.clone(),
        }
    }
}

#[cfg(test)]
mod from_connection_tests {
    use super::*;
    use crate::endpoint::Endpoint;

    fn conn(kind: ProviderKind) -> Connection {
        Connection {
            id: "c1".into(),
            kind,
            name: "x".into(),
            origin: "https://example.test/".into(),
            project_id: "p1".into(),
            token: Some("t0k".into()),
        }
    }

    #[test]
    fn a_connection_gives_each_provider_its_address_and_token() {
        let r = crate::imply::clusters::ListClusters.request(
            &crate::imply::Session::from_connection(&conn(ProviderKind::Imply)),
        );
        assert_eq!(r.uri(), "https://example.test/api/v1/clusters");
        assert_eq!(r.headers()["authorization"], "Bearer t0k");
        let r = crate::cdm::ListClusters.request(&crate::cdm::Session::from_connection(&conn(
            ProviderKind::Cdm,
        )));
        assert!(r.uri().path().contains("/p1/clusters"), "{}", r.uri());
        assert_eq!(r.headers()["x-auth-token"], "t0k");
    }
}
