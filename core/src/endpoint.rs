//! The one trait every manager call implements.

use serde::de::DeserializeOwned;

use crate::error::ApiError;
use crate::query::Query;
use crate::session::Session;

/// Bodies are plain bytes: the browser, the demo manager and native tests all handle them.
pub type Body = Vec<u8>;
pub type Request = http::Request<Body>;
pub type Response = http::Response<Body>;

/// What an endpoint sends as its body.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum RequestBody {
    #[default]
    Empty,
    /// Serialised JSON; sent with `Content-Type: application/json` (the manager answers 415 without it).
    Json(Vec<u8>),
    Raw {
        content_type: String,
        bytes: Vec<u8>,
    },
}

impl RequestBody {
    /// Serialises `value` as a JSON body. Serialising plain data structs cannot fail.
    pub fn json<T: serde::Serialize>(value: &T) -> Self {
        RequestBody::Json(serde_json::to_vec(value).unwrap_or_default())
    }
}

/// What differs from one manager to the next: where its API lives and how a call proves who
/// sends it (the session: base URL, prefix, tenant, credentials), and how its error answers read.
/// Each provider's folder (`conductor/`, later `imply/`, `lyve/`, `sailpoint/`, `cdm/`) has one
/// session type implementing it; endpoints, query encoding, paging and transport are shared.
pub trait Provider {
    /// The complete request for a call to `path` (percent-encoded, under the API prefix).
    fn build(&self, method: http::Method, path: &str, query: &Query, body: RequestBody) -> Request;
    /// Reads one of this manager's error answers into the one [`ApiError`].
    fn error(response: &Response) -> ApiError;
}

/// One operation of a manager's API: a request you can print and compare, and the parsing of its
/// answer. `S` is the provider's session; Conductor's ([`Session`]) unless said otherwise.
pub trait Endpoint<S: Provider = Session> {
    type Output;

    fn method(&self) -> http::Method;
    /// The path under the API prefix, ids percent-encoded (see [`crate::session::segment`]).
    fn path(&self) -> String;
    fn query(&self) -> Query {
        Query::new()
    }
    fn body(&self) -> RequestBody {
        RequestBody::Empty
    }
    /// Refuses a call that cannot be right before it is sent (as the Python client does), with a
    /// message for the operator; transports call it first.
    fn check(&self) -> Result<(), ApiError> {
        Ok(())
    }
    /// Turns the manager's answer into the typed result, or the error it describes.
    fn parse(&self, response: Response) -> Result<Self::Output, ApiError>;

    /// The complete request for this call in `session`.
    fn request(&self, session: &S) -> Request {
        session.build(self.method(), &self.path(), &self.query(), self.body())
    }
}

/// Parses a successful JSON answer, or the error `error` reads from it.
pub fn json_answer<T: DeserializeOwned>(
    response: Response,
    error: fn(&Response) -> ApiError,
) -> Result<T, ApiError> {
    let status = response.status();
    if !status.is_success() {
        return Err(error(&response));
    }
    // A value nested deeper than the parser follows is cut, not the whole answer lost.
    let cut = crate::depth::limit_depth(response.body(), crate::depth::MAX_DEPTH);
    serde_json::from_slice(cut.as_deref().unwrap_or(response.body()))
        .map_err(|e| ApiError::invalid_response(status.as_u16(), &e.to_string()))
}

/// Accepts any successful answer and ignores its body (deletes, 204s).
pub fn empty_answer(response: Response, error: fn(&Response) -> ApiError) -> Result<(), ApiError> {
    if response.status().is_success() {
        Ok(())
    } else {
        Err(error(&response))
    }
}

/// Returns the raw body of a successful answer (archive downloads).
pub fn bytes_answer(
    response: Response,
    error: fn(&Response) -> ApiError,
) -> Result<Vec<u8>, ApiError> {
    if response.status().is_success() {
        Ok(response.into_body())
    } else {
        Err(error(&response))
    }
}

// Conductor's parsers, where they have always been.
pub use crate::conductor::error::{parse_bytes, parse_empty, parse_json};

/// Declares how a request type is sent: its method, its path (each `{}` is a segment, filled
/// with [`crate::session::segment`] of the expression after it), and optionally its query, body
/// and answer parsing (JSON by default). `(this)` names the value for the expressions that
/// read it.
///
/// ```ignore
/// endpoint!(GetDeployment(this) -> Deployment {
///     GET "/deployments/{}", this.id;
///     query = ListQuery::new().include(this.include.iter().cloned()).to_query();
/// });
/// ```
///
/// A path that is not made of segments is written `GET path = <String expression>;`, a method
/// chosen at run time `method = <http::Method expression>; path = <expression>;`. `parse` takes a
/// function of the [`Response`] (`parse_empty`, `parse_bytes`, or a closure); `check` refuses a
/// call before it is sent (see [`Endpoint::check`]).
macro_rules! declare_endpoint {
    (($session:ty) $name:ident -> $out:ty { $($body:tt)* }) => {
        $crate::endpoint::declare_endpoint!(($session) $name(_this) -> $out { $($body)* });
    };
    (($session:ty) $name:ident($this:ident) -> $out:ty {
        method = $method:expr; path = $path:expr; $($rest:tt)*
    }) => {
        $crate::endpoint::declare_endpoint!(@impl ($session) $name($this) -> $out { $method; $path; $($rest)* });
    };
    (($session:ty) $name:ident($this:ident) -> $out:ty { $method:ident path = $path:expr; $($rest:tt)* }) => {
        $crate::endpoint::declare_endpoint!(@impl ($session) $name($this) -> $out {
            ::http::Method::$method; $path; $($rest)*
        });
    };
    (($session:ty) $name:ident($this:ident) -> $out:ty { $method:ident $path:literal; $($rest:tt)* }) => {
        $crate::endpoint::declare_endpoint!(@impl ($session) $name($this) -> $out {
            ::http::Method::$method; String::from($path); $($rest)*
        });
    };
    (($session:ty) $name:ident($this:ident) -> $out:ty {
        $method:ident $path:literal $(, $segment:expr)+; $($rest:tt)*
    }) => {
        $crate::endpoint::declare_endpoint!(@impl ($session) $name($this) -> $out {
            ::http::Method::$method;
            format!($path $(, $crate::session::segment(&$segment))+);
            $($rest)*
        });
    };
    (@impl ($session:ty) $name:ident($this:ident) -> $out:ty {
        $method:expr; $path:expr;
        $(query = $query:expr;)? $(body = $body:expr;)? $(parse = $parse:expr;)?
        $(check = $check:expr;)?
    }) => {
        #[allow(unused_variables)]
        impl $crate::endpoint::Endpoint<$session> for $name {
            type Output = $out;
            fn method(&self) -> ::http::Method {
                let $this = self;
                $method
            }
            fn path(&self) -> String {
                let $this = self;
                $path
            }
            $(fn query(&self) -> $crate::query::Query {
                let $this = self;
                $query
            })?
            $(fn body(&self) -> $crate::endpoint::RequestBody {
                let $this = self;
                $body
            })?
            $(fn check(&self) -> Result<(), $crate::error::ApiError> {
                let $this = self;
                $check
            })?
            fn parse(
                &self,
                response: $crate::endpoint::Response,
            ) -> Result<$out, $crate::error::ApiError> {
                let $this = self;
                $crate::endpoint::declare_endpoint!(@parse ($session) response $($parse)?)
            }
        }
    };
    (@parse ($session:ty) $response:ident) => {
        $crate::endpoint::json_answer(
            $response,
            <$session as $crate::endpoint::Provider>::error,
        )
    };
    (@parse ($session:ty) $response:ident $parse:expr) => {
        ($parse)($response)
    };
}
pub(crate) use declare_endpoint;
