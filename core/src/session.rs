//! What every provider's session shares: path segments. Conductor's session lives in
//! [`crate::conductor::session`] and is re-exported here, where it has always been.

pub use crate::conductor::session::{
    Credentials, Session, API_PREFIX, TENANT_HEADER, TOKEN_HEADER,
};

/// Percent-encodes one path segment (an id), so `/`, `?`, `#`, `%` and non-ASCII stay inside it.
pub fn segment(id: &str) -> String {
    use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
    // RFC 3986 unreserved characters stay as they are, like Python's quote(safe='').
    const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    utf8_percent_encode(id, SEGMENT).to_string()
}
