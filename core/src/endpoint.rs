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

/// One operation of a manager's API: a request you can print and compare, and the parsing of its answer.
pub trait Endpoint {
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
    /// Turns the manager's answer into the typed result, or the error it describes.
    fn parse(&self, response: Response) -> Result<Self::Output, ApiError>;

    /// The complete request for this call in `session`.
    fn request(&self, session: &Session) -> Request {
        session.build(self.method(), &self.path(), &self.query(), self.body())
    }
}

/// Parses a successful JSON answer, or the error the answer carries.
pub fn parse_json<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let status = response.status();
    if !status.is_success() {
        return Err(ApiError::from_response(&response));
    }
    serde_json::from_slice(response.body())
        .map_err(|e| ApiError::invalid_response(status.as_u16(), &e.to_string()))
}

/// Accepts any successful answer and ignores its body (deletes, 204s).
pub fn parse_empty(response: Response) -> Result<(), ApiError> {
    if response.status().is_success() {
        Ok(())
    } else {
        Err(ApiError::from_response(&response))
    }
}

/// Returns the raw body of a successful answer (archive downloads).
pub fn parse_bytes(response: Response) -> Result<Vec<u8>, ApiError> {
    if response.status().is_success() {
        Ok(response.into_body())
    } else {
        Err(ApiError::from_response(&response))
    }
}

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
/// function of the [`Response`] (`parse_empty`, `parse_bytes`, or a closure).
macro_rules! endpoint {
    ($name:ident -> $out:ty { $($body:tt)* }) => {
        $crate::endpoint::endpoint!($name(_this) -> $out { $($body)* });
    };
    ($name:ident($this:ident) -> $out:ty {
        method = $method:expr; path = $path:expr; $($rest:tt)*
    }) => {
        $crate::endpoint::endpoint!(@impl $name($this) -> $out { $method; $path; $($rest)* });
    };
    ($name:ident($this:ident) -> $out:ty { $method:ident path = $path:expr; $($rest:tt)* }) => {
        $crate::endpoint::endpoint!(@impl $name($this) -> $out {
            ::http::Method::$method; $path; $($rest)*
        });
    };
    ($name:ident($this:ident) -> $out:ty { $method:ident $path:literal; $($rest:tt)* }) => {
        $crate::endpoint::endpoint!(@impl $name($this) -> $out {
            ::http::Method::$method; String::from($path); $($rest)*
        });
    };
    ($name:ident($this:ident) -> $out:ty {
        $method:ident $path:literal $(, $segment:expr)+; $($rest:tt)*
    }) => {
        $crate::endpoint::endpoint!(@impl $name($this) -> $out {
            ::http::Method::$method;
            format!($path $(, $crate::session::segment(&$segment))+);
            $($rest)*
        });
    };
    (@impl $name:ident($this:ident) -> $out:ty {
        $method:expr; $path:expr;
        $(query = $query:expr;)? $(body = $body:expr;)? $(parse = $parse:expr;)?
    }) => {
        #[allow(unused_variables)]
        impl $crate::endpoint::Endpoint for $name {
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
            fn parse(
                &self,
                response: $crate::endpoint::Response,
            ) -> Result<$out, $crate::error::ApiError> {
                let $this = self;
                $crate::endpoint::endpoint!(@parse response $($parse)?)
            }
        }
    };
    (@parse $response:ident) => {
        $crate::endpoint::parse_json($response)
    };
    (@parse $response:ident $parse:expr) => {
        ($parse)($response)
    };
}
pub(crate) use endpoint;
