//! `multipart/form-data` bodies, built platform-neutrally.
//!
//! A [`MultipartBody`] keeps its parts as data. It renders to bytes for a native client or the
//! demo manager, and it also exposes its layout as borrowed segments and fixed-size chunks with
//! the total length known up front, so the browser can stream the upload and report progress
//! without copying the archive again.

use std::fmt;

/// One field of a form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    /// The form field name (`params`, `blueprint_archive`).
    pub name: String,
    /// A file part's file name; `None` for a plain field.
    pub filename: Option<String>,
    /// The part's own content type; `None` for a plain field.
    pub content_type: Option<String>,
    pub data: Vec<u8>,
}

impl Part {
    /// A plain text field.
    pub fn text(name: impl Into<String>, value: impl Into<String>) -> Part {
        Part {
            name: name.into(),
            filename: None,
            content_type: None,
            data: value.into().into_bytes(),
        }
    }

    /// A file field.
    pub fn file(
        name: impl Into<String>,
        filename: impl Into<String>,
        content_type: impl Into<String>,
        data: Vec<u8>,
    ) -> Part {
        Part {
            name: name.into(),
            filename: Some(filename.into()),
            content_type: Some(content_type.into()),
            data,
        }
    }

    /// The header block before the data, `--boundary` line included.
    fn head(&self, boundary: &str) -> Vec<u8> {
        let mut h = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"",
            quote_header(&self.name)
        );
        if let Some(f) = &self.filename {
            h.push_str(&format!("; filename=\"{}\"", quote_header(f)));
        }
        h.push_str("\r\n");
        if let Some(ct) = &self.content_type {
            h.push_str(&format!("Content-Type: {ct}\r\n"));
        }
        h.push_str("\r\n");
        h.into_bytes()
    }
}

/// Quotes a header parameter the way browsers do: `"` and line breaks are percent-encoded.
fn quote_header(s: &str) -> String {
    s.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A whole `multipart/form-data` body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MultipartBody {
    /// The separator; it must not occur in any part (see [`MultipartBody::boundary_from_seed`]).
    pub boundary: String,
    pub parts: Vec<Part>,
}

/// Why a body could not be read back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MultipartError {
    /// The content type is not `multipart/form-data` with a boundary.
    NotMultipart,
    /// The body does not follow the boundary layout.
    Malformed(&'static str),
}

impl fmt::Display for MultipartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MultipartError::NotMultipart => {
                f.write_str("the body is not multipart/form-data with a boundary")
            }
            MultipartError::Malformed(why) => write!(f, "malformed multipart body: {why}"),
        }
    }
}

impl std::error::Error for MultipartError {}

impl MultipartBody {
    pub fn new(boundary: impl Into<String>) -> Self {
        MultipartBody {
            boundary: boundary.into(),
            parts: Vec::new(),
        }
    }

    /// A boundary from caller-supplied randomness (the core has no random source of its own).
    /// 32 hex digits after a fixed prefix; a collision with archive bytes is as likely as
    /// guessing a 128-bit value.
    pub fn boundary_from_seed(seed: u128) -> String {
        format!("baton-{seed:032x}")
    }

    pub fn with(mut self, part: Part) -> Self {
        self.parts.push(part);
        self
    }

    /// The request's `Content-Type` header.
    pub fn content_type(&self) -> String {
        format!("multipart/form-data; boundary={}", self.boundary)
    }

    /// The body as a list of byte runs, in order: small owned header runs interleaved with
    /// borrowed part data. Their concatenation is [`MultipartBody::to_bytes`].
    pub fn segments(&self) -> Vec<Segment<'_>> {
        let mut out = Vec::with_capacity(self.parts.len() * 3 + 1);
        for p in &self.parts {
            out.push(Segment::Owned(p.head(&self.boundary)));
            out.push(Segment::Borrowed(&p.data));
            out.push(Segment::Borrowed(b"\r\n"));
        }
        out.push(Segment::Owned(
            format!("--{}--\r\n", self.boundary).into_bytes(),
        ));
        out
    }

    /// The exact body length in bytes (the `Content-Length`, and the 100 % of a progress bar).
    pub fn content_length(&self) -> u64 {
        self.segments().iter().map(|s| s.bytes().len() as u64).sum()
    }

    /// The body cut in chunks of at most `size` bytes (a `size` of 0 counts as 1), for a
    /// transport that sends piece by piece and reports how far it got.
    pub fn chunks(&self, size: usize) -> Vec<Vec<u8>> {
        let size = size.max(1);
        let mut out: Vec<Vec<u8>> = Vec::new();
        let mut current: Vec<u8> = Vec::with_capacity(size.min(1 << 16));
        for seg in self.segments() {
            let mut rest = seg.bytes();
            while !rest.is_empty() {
                let take = (size - current.len()).min(rest.len());
                current.extend_from_slice(&rest[..take]);
                rest = &rest[take..];
                if current.len() == size {
                    out.push(std::mem::take(&mut current));
                }
            }
        }
        if !current.is_empty() {
            out.push(current);
        }
        out
    }

    /// The whole body in one buffer.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for s in self.segments() {
            out.extend_from_slice(s.bytes());
        }
        out
    }

    /// Reads a body back from its `Content-Type` header and bytes (the demo manager's side).
    pub fn parse(content_type: &str, body: &[u8]) -> Result<MultipartBody, MultipartError> {
        let (mime, params) = content_type.split_once(';').unwrap_or((content_type, ""));
        if !mime.trim().eq_ignore_ascii_case("multipart/form-data") {
            return Err(MultipartError::NotMultipart);
        }
        let boundary = params
            .split(';')
            .filter_map(|p| p.trim().split_once('='))
            .find(|(k, _)| k.eq_ignore_ascii_case("boundary"))
            .map(|(_, v)| v.trim_matches('"').to_string())
            .filter(|b| !b.is_empty())
            .ok_or(MultipartError::NotMultipart)?;
        let delimiter = format!("--{boundary}").into_bytes();
        let mut rest = body;
        let start = find(rest, &delimiter).ok_or(MultipartError::Malformed("no boundary"))?;
        rest = &rest[start + delimiter.len()..];
        let mut parts = Vec::new();
        loop {
            if rest.starts_with(b"--") {
                break;
            }
            rest = rest
                .strip_prefix(b"\r\n")
                .ok_or(MultipartError::Malformed("boundary not followed by CRLF"))?;
            let head_end =
                find(rest, b"\r\n\r\n").ok_or(MultipartError::Malformed("unterminated headers"))?;
            let head = std::str::from_utf8(&rest[..head_end])
                .map_err(|_| MultipartError::Malformed("headers are not UTF-8"))?;
            rest = &rest[head_end + 4..];
            let mut close = b"\r\n".to_vec();
            close.extend_from_slice(&delimiter);
            let data_end = find(rest, &close).ok_or(MultipartError::Malformed("unclosed part"))?;
            let data = rest[..data_end].to_vec();
            rest = &rest[data_end + close.len()..];
            let mut part = Part {
                name: String::new(),
                filename: None,
                content_type: None,
                data,
            };
            for line in head.split("\r\n") {
                let Some((k, v)) = line.split_once(':') else {
                    continue;
                };
                if k.trim().eq_ignore_ascii_case("content-disposition") {
                    for param in v.split(';').skip(1) {
                        if let Some((pk, pv)) = param.trim().split_once('=') {
                            let pv = pv.trim().trim_matches('"').to_string();
                            match pk.trim() {
                                "name" => part.name = pv,
                                "filename" => part.filename = Some(pv),
                                _ => {}
                            }
                        }
                    }
                } else if k.trim().eq_ignore_ascii_case("content-type") {
                    part.content_type = Some(v.trim().to_string());
                }
            }
            parts.push(part);
        }
        Ok(MultipartBody { boundary, parts })
    }

    /// The first part named `name`.
    pub fn part(&self, name: &str) -> Option<&Part> {
        self.parts.iter().find(|p| p.name == name)
    }
}

/// One run of body bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment<'a> {
    Owned(Vec<u8>),
    Borrowed(&'a [u8]),
}

impl Segment<'_> {
    pub fn bytes(&self) -> &[u8] {
        match self {
            Segment::Owned(v) => v,
            Segment::Borrowed(b) => b,
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> MultipartBody {
        MultipartBody::new("XyZ")
            .with(Part::text("params", "{\"visibility\": \"tenant\"}"))
            .with(Part::file(
                "blueprint_archive",
                "bp.tar.gz",
                "application/octet-stream",
                vec![0, 1, 2, b'\r', b'\n', 255],
            ))
    }

    #[test]
    fn renders_the_form_data_layout() {
        let b = sample();
        let text = String::from_utf8_lossy(&b.to_bytes()).into_owned();
        assert!(text.starts_with(
            "--XyZ\r\nContent-Disposition: form-data; name=\"params\"\r\n\r\n{\"visibility\": \"tenant\"}\r\n--XyZ\r\nContent-Disposition: form-data; name=\"blueprint_archive\"; filename=\"bp.tar.gz\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        ));
        assert!(text.ends_with("\r\n--XyZ--\r\n"));
        assert_eq!(b.content_type(), "multipart/form-data; boundary=XyZ");
    }

    #[test]
    fn chunks_and_length_agree_with_the_rendered_body() {
        let b = sample();
        let whole = b.to_bytes();
        assert_eq!(b.content_length(), whole.len() as u64);
        for size in [0, 1, 7, 64, 10_000] {
            let chunks = b.chunks(size);
            assert!(chunks
                .iter()
                .all(|c| c.len() <= size.max(1) && !c.is_empty()));
            assert_eq!(chunks.concat(), whole, "size {size}");
        }
    }

    #[test]
    fn parses_what_it_renders() {
        let b = sample();
        let back = MultipartBody::parse(&b.content_type(), &b.to_bytes()).unwrap();
        assert_eq!(back, b);
        assert_eq!(
            back.part("params").unwrap().data,
            b"{\"visibility\": \"tenant\"}"
        );
    }

    #[test]
    fn bad_bodies_are_errors_not_panics() {
        assert_eq!(
            MultipartBody::parse("application/json", b"{}"),
            Err(MultipartError::NotMultipart)
        );
        for body in [
            &b""[..],
            b"--XyZ",
            b"--XyZ\r\nname",
            b"--XyZ\r\n\r\n\r\nabc",
        ] {
            assert!(MultipartBody::parse("multipart/form-data; boundary=XyZ", body).is_err());
        }
        assert_eq!(
            MultipartBody::parse("multipart/form-data; boundary=XyZ", b"--XyZ--\r\n")
                .unwrap()
                .parts,
            vec![]
        );
    }
}
