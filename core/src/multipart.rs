//! `multipart/form-data` bodies, built without I/O: a list of parts and a boundary, with the
//! exact total length known up front and the bytes available in chunks (so a transport can
//! report upload progress), plus a parser for the demo manager.

use std::borrow::Cow;

/// One field of a form: a text value or a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    pub name: String,
    /// Set for files (`filename="..."` in the part's headers).
    pub filename: Option<String>,
    pub content_type: Option<String>,
    pub data: Vec<u8>,
}

/// A whole `multipart/form-data` body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Multipart {
    boundary: String,
    parts: Vec<Part>,
}

/// Quotes a header parameter value: `"` and line breaks cannot appear inside it.
fn quoted(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '"' => '\'',
            '\r' | '\n' => ' ',
            c => c,
        })
        .collect()
}

impl Multipart {
    /// An empty form whose boundary derives from `seed` (deterministic: no randomness in the
    /// core). [`Multipart::boundary`] is re-chosen when a part's data contains it.
    pub fn new(seed: u64) -> Self {
        Multipart {
            boundary: format!("----baton-form-{seed:016x}"),
            parts: Vec::new(),
        }
    }

    pub fn text(mut self, name: &str, value: &str) -> Self {
        self.push(Part {
            name: name.to_string(),
            filename: None,
            content_type: None,
            data: value.as_bytes().to_vec(),
        });
        self
    }

    pub fn file(mut self, name: &str, filename: &str, content_type: &str, data: Vec<u8>) -> Self {
        self.push(Part {
            name: name.to_string(),
            filename: Some(filename.to_string()),
            content_type: Some(content_type.to_string()),
            data,
        });
        self
    }

    fn push(&mut self, part: Part) {
        self.parts.push(part);
        // A boundary that occurs in the data would cut the part short; derive another one.
        let mut n: u64 = 0;
        while self
            .parts
            .iter()
            .any(|p| contains(&p.data, self.boundary.as_bytes()))
            && n < 64
        {
            n += 1;
            self.boundary = format!("{}{n:x}", self.boundary);
        }
    }

    pub fn boundary(&self) -> &str {
        &self.boundary
    }

    pub fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// The first part named `name`.
    pub fn part(&self, name: &str) -> Option<&Part> {
        self.parts.iter().find(|p| p.name == name)
    }

    /// The `Content-Type` header value, with the boundary.
    pub fn content_type(&self) -> String {
        format!("multipart/form-data; boundary={}", self.boundary)
    }

    fn head(&self, p: &Part) -> String {
        let mut h = format!(
            "--{}\r\nContent-Disposition: form-data; name=\"{}\"",
            self.boundary,
            quoted(&p.name)
        );
        if let Some(f) = &p.filename {
            h.push_str(&format!("; filename=\"{}\"", quoted(f)));
        }
        h.push_str("\r\n");
        if let Some(ct) = &p.content_type {
            h.push_str(&format!("Content-Type: {}\r\n", quoted(ct)));
        }
        h.push_str("\r\n");
        h
    }

    /// The body as a sequence of pieces: headers (owned) and part data (borrowed).
    fn segments(&self) -> Vec<Cow<'_, [u8]>> {
        let mut out = Vec::with_capacity(self.parts.len() * 3 + 1);
        for p in &self.parts {
            out.push(Cow::Owned(self.head(p).into_bytes()));
            out.push(Cow::Borrowed(p.data.as_slice()));
            out.push(Cow::Borrowed(&b"\r\n"[..]));
        }
        out.push(Cow::Owned(
            format!("--{}--\r\n", self.boundary).into_bytes(),
        ));
        out
    }

    /// The exact length of the encoded body in bytes.
    pub fn total_len(&self) -> usize {
        self.segments().iter().map(|s| s.len()).sum()
    }

    /// The encoded body in chunks of at most `max` bytes (at least 1), in order; their
    /// lengths add up to [`Multipart::total_len`].
    pub fn chunks(&self, max: usize) -> Vec<Cow<'_, [u8]>> {
        let max = max.max(1);
        let mut out = Vec::new();
        for seg in self.segments() {
            match seg {
                Cow::Borrowed(b) => out.extend(b.chunks(max).map(Cow::Borrowed)),
                Cow::Owned(v) => out.extend(v.chunks(max).map(|c| Cow::Owned(c.to_vec()))),
            }
        }
        out
    }

    /// The whole encoded body.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.total_len());
        for s in self.segments() {
            out.extend_from_slice(&s);
        }
        out
    }

    /// Reads a body back, given its `Content-Type` header value.
    pub fn parse(content_type: &str, body: &[u8]) -> Result<Multipart, String> {
        let boundary = content_type
            .split(';')
            .map(str::trim)
            .find_map(|p| p.strip_prefix("boundary="))
            .map(|b| b.trim_matches('"').to_string())
            .filter(|b| !b.is_empty())
            .ok_or("multipart body without a boundary")?;
        if !content_type.trim_start().starts_with("multipart/form-data") {
            return Err(format!("not a multipart form: {content_type}"));
        }
        let delim = format!("--{boundary}");
        let mut parts = Vec::new();
        let mut rest = body;
        let start = find(rest, delim.as_bytes()).ok_or("multipart body without parts")?;
        rest = &rest[start + delim.len()..];
        loop {
            if rest.starts_with(b"--") {
                break;
            }
            rest = rest
                .strip_prefix(b"\r\n")
                .ok_or("malformed multipart delimiter")?;
            let head_end = find(rest, b"\r\n\r\n").ok_or("multipart part without headers")?;
            let head = String::from_utf8_lossy(&rest[..head_end]).into_owned();
            rest = &rest[head_end + 4..];
            let next_delim = format!("\r\n{delim}");
            let end = find(rest, next_delim.as_bytes()).ok_or("unterminated multipart part")?;
            let data = rest[..end].to_vec();
            rest = &rest[end + next_delim.len()..];
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
                if k.eq_ignore_ascii_case("content-disposition") {
                    for param in v.split(';').map(str::trim) {
                        if let Some(n) = param.strip_prefix("name=") {
                            part.name = n.trim_matches('"').to_string();
                        } else if let Some(f) = param.strip_prefix("filename=") {
                            part.filename = Some(f.trim_matches('"').to_string());
                        }
                    }
                } else if k.eq_ignore_ascii_case("content-type") {
                    part.content_type = Some(v.trim().to_string());
                }
            }
            parts.push(part);
        }
        Ok(Multipart { boundary, parts })
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    find(haystack, needle).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> Multipart {
        Multipart::new(7)
            .text("title", "My \"plugin\"")
            .file(
                "wagon_file",
                "p-1.0.wgn",
                "application/octet-stream",
                vec![0, 159, 146, 150, 13, 10],
            )
            .file(
                "yaml_file",
                "plugin.yaml",
                "application/x-yaml",
                b"plugins: {}\n".to_vec(),
            )
    }

    #[test]
    fn encodes_exactly_and_in_chunks() {
        let m = form();
        let bytes = m.to_bytes();
        assert_eq!(bytes.len(), m.total_len());
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.starts_with("------baton-form-0000000000000007\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nMy \"plugin\""), "{text}");
        assert!(text.contains("name=\"wagon_file\"; filename=\"p-1.0.wgn\"\r\nContent-Type: application/octet-stream\r\n\r\n"));
        assert!(text.ends_with("\r\n------baton-form-0000000000000007--\r\n"));
        let chunks = m.chunks(5);
        assert!(chunks.iter().all(|c| !c.is_empty() && c.len() <= 5));
        assert_eq!(chunks.concat(), bytes);
        assert_eq!(
            m.chunks(0).concat(),
            bytes,
            "a zero chunk size still makes progress"
        );
        assert!(m
            .content_type()
            .ends_with("boundary=----baton-form-0000000000000007"));
        // A quote cannot end a header parameter early.
        let q = Multipart::new(1).file("f", "a\"b.wgn", "application/octet-stream", vec![]);
        assert!(String::from_utf8_lossy(&q.to_bytes()).contains("filename=\"a'b.wgn\""));
    }

    #[test]
    fn round_trips_through_the_parser() {
        let m = form();
        let back = Multipart::parse(&m.content_type(), &m.to_bytes()).unwrap();
        assert_eq!(back.parts().len(), 3);
        assert_eq!(
            back.part("wagon_file").unwrap().data,
            vec![0, 159, 146, 150, 13, 10]
        );
        assert_eq!(
            back.part("yaml_file").unwrap().filename.as_deref(),
            Some("plugin.yaml")
        );
        assert_eq!(back.part("title").unwrap().data, b"My \"plugin\"");
    }

    #[test]
    fn boundary_never_occurs_in_the_data() {
        let evil = b"xx------baton-form-0000000000000001yy".to_vec();
        let m = Multipart::new(1).file("f", "f.bin", "application/octet-stream", evil.clone());
        assert!(!contains(&evil, m.boundary().as_bytes()));
        let back = Multipart::parse(&m.content_type(), &m.to_bytes()).unwrap();
        assert_eq!(back.part("f").unwrap().data, evil);
    }

    #[test]
    fn malformed_bodies_are_errors() {
        assert!(Multipart::parse("multipart/form-data", b"").is_err());
        assert!(Multipart::parse("multipart/form-data; boundary=x", b"nothing").is_err());
        assert!(Multipart::parse("multipart/form-data; boundary=x", b"--x\r\nno-end").is_err());
        assert!(Multipart::parse("application/json; boundary=x", b"--x--").is_err());
    }
}
