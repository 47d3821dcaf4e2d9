//! Requests and answers as JSON text, for carrying them across a boundary that passes strings:
//! the console talks to the demo manager running in a Web Worker this way.

use base64::Engine as _;
use serde::{Deserialize, Serialize};

use crate::endpoint::{Request, Response};

#[derive(Serialize, Deserialize)]
struct WireRequest {
    id: u32,
    method: String,
    uri: String,
    headers: Vec<(String, String)>,
    /// Base64, so binary uploads survive.
    body: String,
}

#[derive(Serialize, Deserialize)]
struct WireResponse {
    id: u32,
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

fn b64() -> base64::engine::GeneralPurpose {
    base64::engine::general_purpose::STANDARD
}

fn headers(map: &http::HeaderMap) -> Vec<(String, String)> {
    map.iter()
        .filter_map(|(k, v)| Some((k.as_str().to_string(), v.to_str().ok()?.to_string())))
        .collect()
}

/// A request, tagged with `id` so its answer can be matched to it.
pub fn encode_request(id: u32, request: &Request) -> String {
    let w = WireRequest {
        id,
        method: request.method().to_string(),
        uri: request.uri().to_string(),
        headers: headers(request.headers()),
        body: b64().encode(request.body()),
    };
    serde_json::to_string(&w).unwrap_or_default()
}

pub fn decode_request(text: &str) -> Result<(u32, Request), String> {
    let w: WireRequest = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let body = b64().decode(&w.body).map_err(|e| e.to_string())?;
    let mut b = http::Request::builder()
        .method(w.method.as_str())
        .uri(w.uri.as_str());
    for (k, v) in &w.headers {
        b = b.header(k.as_str(), v.as_str());
    }
    Ok((w.id, b.body(body).map_err(|e| e.to_string())?))
}

pub fn encode_response(id: u32, response: &Response) -> String {
    let w = WireResponse {
        id,
        status: response.status().as_u16(),
        headers: headers(response.headers()),
        body: b64().encode(response.body()),
    };
    serde_json::to_string(&w).unwrap_or_default()
}

pub fn decode_response(text: &str) -> Result<(u32, Response), String> {
    let w: WireResponse = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let body = b64().decode(&w.body).map_err(|e| e.to_string())?;
    let mut b = http::Response::builder().status(w.status);
    for (k, v) in &w.headers {
        b = b.header(k.as_str(), v.as_str());
    }
    Ok((w.id, b.body(body).map_err(|e| e.to_string())?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_and_answers_survive_the_trip() {
        let req = http::Request::builder()
            .method("PUT")
            .uri("/api/v3.1/blueprints/b%20c?visibility=tenant")
            .header("Tenant", "default_tenant")
            .body(vec![0u8, 159, 146, 150, b'{'])
            .unwrap();
        let (id, back) = decode_request(&encode_request(7, &req)).unwrap();
        assert_eq!(id, 7);
        assert_eq!((back.method(), back.uri()), (req.method(), req.uri()));
        assert_eq!(back.headers()["tenant"], "default_tenant");
        assert_eq!(back.body(), req.body());
        let resp = http::Response::builder()
            .status(503)
            .header("Retry-After", "30")
            .body(b"{}".to_vec())
            .unwrap();
        let (id, back) = decode_response(&encode_response(9, &resp)).unwrap();
        assert_eq!((id, back.status().as_u16()), (9, 503));
        assert_eq!(back.headers()["retry-after"], "30");
        assert!(decode_response("not json").is_err());
        assert!(
            decode_request(r#"{"id":1,"method":"GET","uri":"/","headers":[],"body":"%%%"}"#)
                .is_err()
        );
    }
}
