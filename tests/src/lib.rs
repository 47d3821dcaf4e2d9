//! Serves a built console (`dist/`) and the demo manager on one loopback origin, the way
//! Baton is deployed behind a real manager: static files, and `/api/v3.1` answered by the
//! manager.
//!
//! Test-only control calls under `/__baton/`: `POST /__baton/fault` (JSON
//! `{path_prefix, status, code, message, remaining?, retry_after?}`) makes the manager answer
//! with that error; `POST /__baton/reset` restores the demo data and clears faults.

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
        let srv = Arc::clone(&server);
        let thread = std::thread::spawn(move || {
            for request in srv.incoming_requests() {
                let _ = answer(request, &manager, dist.as_deref());
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

fn answer(
    mut request: tiny_http::Request,
    manager: &Mutex<Option<DemoManager>>,
    dist: Option<&Path>,
) -> std::io::Result<()> {
    let url = request.url().to_string();
    let path = url.split('?').next().unwrap_or("/").to_string();
    let mut body = Vec::new();
    request.as_reader().read_to_end(&mut body)?;

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
        let mut out = tiny_http::Response::from_data(response.body().clone())
            .with_status_code(response.status().as_u16());
        for (name, value) in response.headers() {
            if let Ok(h) = tiny_http::Header::from_bytes(name.as_str().as_bytes(), value.as_bytes())
            {
                out.add_header(h);
            }
        }
        return request.respond(out);
    }

    if let (Some(control), true) = (path.strip_prefix("/__baton/"), has_manager) {
        let mut guard = manager.lock().unwrap_or_else(|p| p.into_inner());
        let Some(m) = guard.as_mut() else {
            return request.respond(tiny_http::Response::empty(404));
        };
        let status = match control {
            "reset" => {
                *m = DemoManager::demo();
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
    let data = std::fs::read(&file)?;
    let content_type = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    };
    let mut out = tiny_http::Response::from_data(data).with_status_code(status);
    if let Ok(h) = tiny_http::Header::from_bytes(&b"Content-Type"[..], content_type.as_bytes()) {
        out.add_header(h);
    }
    request.respond(out)
}
