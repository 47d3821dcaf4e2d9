//! Serves a built console (`dist/`) and the demo manager on one loopback origin, the way
//! Baton is deployed behind a real manager: static files, and `/api/v3.1` answered by the
//! manager.
//!
//! Test-only control calls under `/__baton/`: `POST /__baton/fault` (JSON
//! `{path_prefix, status, code, message, remaining?, retry_after?}`) makes the manager answer
//! with that error; `POST /__baton/reset` restores the demo data and clears faults;
//! `POST /__baton/slow` (JSON `{path_prefix, delay_ms?, cut_off?, remaining?}`) makes the
//! server itself hold matching answers back for `delay_ms`, or cut them off mid-body, the way
//! a slow or failing network does. Requests are answered concurrently, so a held answer never
//! holds up the next request.

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use baton_core::session::API_PREFIX;
use baton_sim::{DemoManager, Fault};

/// A running server; it stops when dropped.
pub struct DemoServer {
    pub addr: SocketAddr,
    server: Arc<tiny_http::Server>,
    thread: Option<JoinHandle<()>>,
}

impl DemoServer {
    /// Starts on `127.0.0.1:port` (0 picks a free port), serving `dist` (if any) and the manager.
    pub fn start(port: u16, dist: Option<PathBuf>, manager: DemoManager) -> std::io::Result<Self> {
        Self::start_with(port, dist, Some(manager))
    }

    /// Like [`DemoServer::start`]; with no manager, `/api` answers 404 like a plain static host.
    pub fn start_with(
        port: u16,
        dist: Option<PathBuf>,
        manager: Option<DemoManager>,
    ) -> std::io::Result<Self> {
        let server = tiny_http::Server::http(("127.0.0.1", port)).map_err(std::io::Error::other)?;
        let server = Arc::new(server);
        let addr = server
            .server_addr()
            .to_ip()
            .ok_or_else(|| std::io::Error::other("not an IP listener"))?;
        let manager = Arc::new(Mutex::new(manager));
        let network = Arc::new(Mutex::new(Vec::<SlowAnswer>::new()));
        let dist = dist.map(Arc::new);
        let srv = Arc::clone(&server);
        let thread = std::thread::spawn(move || {
            for request in srv.incoming_requests() {
                let (manager, network, dist) = (manager.clone(), network.clone(), dist.clone());
                std::thread::spawn(move || {
                    let _ = answer(
                        request,
                        &manager,
                        &network,
                        dist.as_deref().map(|d| d.as_path()),
                    );
                });
            }
        });
        Ok(DemoServer {
            addr,
            server,
            thread: Some(thread),
        })
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// A network misbehaviour for matching API answers (`/__baton/slow`).
#[derive(Clone, Debug)]
struct SlowAnswer {
    path_prefix: String,
    delay_ms: u64,
    cut_off: bool,
    remaining: Option<u32>,
}

/// Takes the misbehaviour for `path` (under the API prefix), if one matches.
fn take_slow(network: &Mutex<Vec<SlowAnswer>>, path: &str) -> Option<SlowAnswer> {
    let mut list = network.lock().unwrap_or_else(|p| p.into_inner());
    let i = list.iter().position(|s| path.starts_with(&s.path_prefix))?;
    let found = list[i].clone();
    match &mut list[i].remaining {
        Some(1) => {
            list.remove(i);
        }
        Some(n) => *n -= 1,
        None => {}
    }
    Some(found)
}

fn answer(
    mut request: tiny_http::Request,
    manager: &Mutex<Option<DemoManager>>,
    network: &Mutex<Vec<SlowAnswer>>,
    dist: Option<&Path>,
) -> std::io::Result<()> {
    let url = request.url().to_string();
    let path = url.split('?').next().unwrap_or("/").to_string();
    let mut body = Vec::new();
    request.as_reader().read_to_end(&mut body)?;

    // The four cloud demo managers (Imply, Lyve, SailPoint, CDM) under `/__demo/<provider>`.
    if path.starts_with(baton_core::connections::DEMO_MOUNT) {
        return answer_cloud_demo(request, &url, body);
    }
    let has_manager = manager.lock().unwrap_or_else(|p| p.into_inner()).is_some();
    if path.starts_with(API_PREFIX) && has_manager {
        let mut builder = http::Request::builder()
            .method(request.method().as_str())
            .uri(url.as_str());
        for h in request.headers() {
            builder = builder.header(h.field.as_str().as_str(), h.value.as_str());
        }
        let response = match builder.body(body) {
            Ok(req) => {
                let now = chrono::Utc::now().naive_utc();
                let mut guard = manager.lock().unwrap_or_else(|p| p.into_inner());
                match guard.as_mut() {
                    Some(m) => m.handle(&req, now),
                    None => http::Response::builder()
                        .status(404)
                        .body(Vec::new())
                        .unwrap_or_default(),
                }
            }
            Err(_) => http::Response::builder()
                .status(400)
                .body(b"bad request".to_vec())
                .unwrap_or_default(),
        };
        let slow = take_slow(network, path.trim_start_matches(API_PREFIX));
        if let Some(s) = &slow {
            std::thread::sleep(std::time::Duration::from_millis(s.delay_ms));
        }
        let headers: Vec<tiny_http::Header> = response
            .headers()
            .iter()
            .filter_map(|(n, v)| {
                tiny_http::Header::from_bytes(n.as_str().as_bytes(), v.as_bytes()).ok()
            })
            .collect();
        let full = response.body().clone();
        if slow.is_some_and(|s| s.cut_off) {
            // Begin the answer, send half of the body, then break the chunked framing: the
            // client sees the answer start and then fail, as when a connection drops mid-body.
            let half = &full[..full.len() / 2];
            let mut raw = format!(
                "HTTP/1.1 {} OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n",
                response.status().as_u16(),
                half.len()
            )
            .into_bytes();
            raw.extend_from_slice(half);
            raw.extend_from_slice(b"\r\n");
            let mut writer = request.into_writer();
            writer.write_all(&raw)?;
            writer.flush()?;
            // The client has the head and half the body before the rest turns out broken.
            std::thread::sleep(std::time::Duration::from_millis(300));
            writer.write_all(b"not-a-chunk-size\r\n\r\n")?;
            return writer.flush();
        }
        let mut out =
            tiny_http::Response::from_data(full).with_status_code(response.status().as_u16());
        for h in headers {
            out.add_header(h);
        }
        return request.respond(out);
    }

    if path == "/__baton/slow" {
        let status = match serde_json::from_slice::<serde_json::Value>(&body) {
            Ok(v) => {
                let mut list = network.lock().unwrap_or_else(|p| p.into_inner());
                list.push(SlowAnswer {
                    path_prefix: v["path_prefix"].as_str().unwrap_or("/").to_string(),
                    delay_ms: v["delay_ms"].as_u64().unwrap_or(0),
                    cut_off: v["cut_off"].as_bool().unwrap_or(false),
                    remaining: v["remaining"].as_u64().map(|n| n as u32),
                });
                204
            }
            Err(_) => 400,
        };
        return request.respond(tiny_http::Response::empty(status));
    }
    if let (Some(control), true) = (path.strip_prefix("/__baton/"), has_manager) {
        if control == "reset" {
            network.lock().unwrap_or_else(|p| p.into_inner()).clear();
        }
        let mut guard = manager.lock().unwrap_or_else(|p| p.into_inner());
        let Some(m) = guard.as_mut() else {
            return request.respond(tiny_http::Response::empty(404));
        };
        let status = match control {
            // `{"size": "large"}`: 10,000 deployments across 50 blueprints.
            "reset" => {
                let large = serde_json::from_slice::<serde_json::Value>(&body)
                    .ok()
                    .and_then(|v| v.get("size")?.as_str().map(|s| s == "large"))
                    .unwrap_or(false);
                *m = DemoManager::demo_sized(large);
                204
            }
            "fault" => match serde_json::from_slice::<serde_json::Value>(&body) {
                Ok(v) => {
                    let s = |k: &str| {
                        v.get(k)
                            .and_then(|x| x.as_str())
                            .unwrap_or_default()
                            .to_string()
                    };
                    let mut f = Fault::new(
                        &s("path_prefix"),
                        v["status"].as_u64().unwrap_or(500) as u16,
                        &s("code"),
                        &s("message"),
                    );
                    f.remaining = v
                        .get("remaining")
                        .and_then(|x| x.as_u64())
                        .map(|n| n as u32);
                    f.retry_after = v.get("retry_after").and_then(|x| x.as_u64());
                    // Only calls with this method (`"PUT"`), when given.
                    f.method = v
                        .get("method")
                        .and_then(|x| x.as_str())
                        .and_then(|x| x.parse().ok());
                    m.inject_fault(f);
                    204
                }
                Err(_) => 400,
            },
            _ => 404,
        };
        return request.respond(tiny_http::Response::empty(status));
    }

    serve_static(request, dist, &path)
}

fn serve_static(
    request: tiny_http::Request,
    dist: Option<&Path>,
    path: &str,
) -> std::io::Result<()> {
    let Some(dist) = dist else {
        return request
            .respond(tiny_http::Response::from_string("no dist/ served").with_status_code(404));
    };
    let rel = path.trim_start_matches('/');
    // No way out of dist/.
    let file = if rel.is_empty() || rel.split('/').any(|p| p == "..") {
        None
    } else {
        Some(dist.join(rel))
    };
    let (file, status) = match file.filter(|f| f.is_file()) {
        Some(f) => (f, 200),
        // Deep links get the app (SPA fallback); a missing asset is a 404.
        None if !rel.contains('.') => (dist.join("index.html"), 200),
        None => {
            return request
                .respond(tiny_http::Response::from_string("not found").with_status_code(404))
        }
    };
    // A file Trunk named with its content hash never changes: cache it for a year. The page
    // itself (and anything unhashed) is revalidated, so a new build is picked up at once.
    let name = file
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let cache = if is_hashed(name) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    // A precompressed copy (`<file>.gz`, written next to it by the build) when the browser takes gzip.
    let accepts_gzip = request.headers().iter().any(|h| {
        h.field.equiv("Accept-Encoding")
            && h.value
                .as_str()
                .split(',')
                .any(|e| e.trim().starts_with("gzip"))
    });
    let gz = file.with_file_name(format!("{name}.gz"));
    let (data, gzipped) = match std::fs::read(&gz) {
        Ok(d) if accepts_gzip => (d, true),
        _ => (std::fs::read(&file)?, false),
    };
    let content_type = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    };
    let mut out = tiny_http::Response::from_data(data).with_status_code(status);
    let mut headers = vec![
        ("Content-Type", content_type),
        ("Cache-Control", cache),
        ("Vary", "Accept-Encoding"),
    ];
    if gzipped {
        headers.push(("Content-Encoding", "gzip"));
    }
    for (k, v) in headers {
        if let Ok(h) = tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()) {
            out.add_header(h);
        }
    }
    request.respond(out)
}

/// Whether Trunk named the file with a content hash (`baton-web-1a2b3c4d5e6f7a8b_bg.wasm`).
fn is_hashed(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or_default();
    stem.split(['-', '_'])
        .any(|part| part.len() >= 16 && part.chars().all(|c| c.is_ascii_hexdigit()))
}

/// The cloud demos of this server, shared by every request (reset with the process).
static CLOUD_DEMOS: Mutex<Option<baton_sim::clouds::CloudDemos>> = Mutex::new(None);

fn answer_cloud_demo(request: tiny_http::Request, url: &str, body: Vec<u8>) -> std::io::Result<()> {
    let mut builder = http::Request::builder()
        .method(request.method().as_str())
        .uri(url);
    for h in request.headers() {
        builder = builder.header(h.field.as_str().as_str(), h.value.as_str());
    }
    let Ok(req) = builder.body(body) else {
        return request.respond(tiny_http::Response::empty(400));
    };
    let now = chrono::Utc::now().naive_utc();
    let response = CLOUD_DEMOS
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get_or_insert_with(Default::default)
        .handle(&req, now);
    let Some(response) = response else {
        return request.respond(tiny_http::Response::empty(404));
    };
    let mut out = tiny_http::Response::from_data(response.body().clone())
        .with_status_code(response.status().as_u16());
    for (n, v) in response.headers() {
        if let Ok(h) = tiny_http::Header::from_bytes(n.as_str().as_bytes(), v.as_bytes()) {
            out.add_header(h);
        }
    }
    request.respond(out)
}
