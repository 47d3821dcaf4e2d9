//! Baton's platform-neutral core: no I/O, no clock it is not given, compiles natively and to wasm32.
//!
//! A call to a manager is data: an [`Endpoint`] builds an `http::Request` from a [`Session`],
//! a transport (the browser's fetch, the demo manager, a test client) sends it, and the same
//! endpoint parses the `http::Response` into a typed value or an [`ApiError`].

pub mod archive;
pub mod cdm;
pub mod cloud;
pub mod conductor;
pub mod connections;
pub mod curl;
pub mod demo;
pub mod depth;
pub mod endpoint;
pub mod error;
pub mod export;
pub mod filters;
pub mod imply;
pub mod inputs;
pub mod labels;
pub mod listing;
pub mod lyve;
pub mod multipart;
pub mod page;
pub mod query;
pub mod sailpoint;
pub mod schedule;
pub mod session;
pub mod time;
pub mod topology;
pub mod walk;
pub mod wire;

pub use endpoint::{Body, Endpoint, Request, Response};
pub use error::{ApiError, ErrorCode};
pub use page::{Page, Pagination};
pub use query::{ListQuery, Query, SortKey};
pub use session::{Credentials, Session};
pub use time::Timestamp;
