//! The demo manager over real HTTP: the typed endpoints, a real socket, the same answers.

use std::io::{Read, Write};
use std::net::TcpStream;

use baton_core::conductor::auth::CreateToken;
use baton_core::conductor::deployments::ListDeployments;
use baton_core::conductor::manager::GetVersion;
use baton_core::{Credentials, Endpoint, ListQuery, Request, Response, Session};
use baton_sim::DemoManager;
use baton_tests::DemoServer;

/// A minimal HTTP/1.1 client, enough to send a request and read the whole answer.
fn send(server: &DemoServer, req: &Request) -> Response {
    let mut stream = TcpStream::connect(server.addr).unwrap();
    let target = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/");
    let mut head = format!(
        "{} {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
        req.method(),
        server.addr
    );
    for (k, v) in req.headers() {
        head.push_str(&format!("{k}: {}\r\n", v.to_str().unwrap()));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", req.body().len()));
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(req.body()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut lines = head.lines();
    let status: u16 = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let mut b = http::Response::builder().status(status);
    let mut chunked = false;
    for line in lines {
        let (k, v) = line.split_once(": ").unwrap();
        chunked |= k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked");
        b = b.header(k, v);
    }
    let mut body = raw[split + 4..].to_vec();
    if chunked {
        body = dechunk(&body);
    }
    b.body(body).unwrap()
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let end = data.windows(2).position(|w| w == b"\r\n").unwrap();
        let size =
            usize::from_str_radix(std::str::from_utf8(&data[..end]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[end + 2..end + 2 + size]);
        data = &data[end + 4 + size..];
    }
}

#[test]
fn sign_in_and_list_over_http() {
    let server = DemoServer::start(0, None, DemoManager::demo()).unwrap();
    let basic = Session::same_origin().with_credentials(Credentials::Basic {
        username: "alice".into(),
        password: "alice".into(),
    });
    let create = CreateToken {
        description: Some("test".into()),
        expiration_date: Some("+1h".into()),
    };
    let token = create
        .parse(send(&server, &create.request(&basic)))
        .unwrap()
        .value
        .unwrap();
    let session = Session::same_origin()
        .with_tenant("default_tenant")
        .with_credentials(Credentials::Token(token));
    let list = ListDeployments {
        query: ListQuery::new().include(["id"]).page(7, 0),
    };
    let page = list.parse(send(&server, &list.request(&session))).unwrap();
    assert_eq!((page.items.len(), page.pagination().total), (7, 480));
    // Alice is not a member of payments.
    let denied = list
        .parse(send(
            &server,
            &list.request(&session.with_tenant("payments")),
        ))
        .unwrap_err();
    assert_eq!(denied.status, Some(403));
}

#[test]
fn injected_faults_and_static_fallback() {
    let dist = std::env::temp_dir().join(format!("baton-dist-{}", std::process::id()));
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<html>console</html>").unwrap();
    let server = DemoServer::start(0, Some(dist.clone()), DemoManager::demo()).unwrap();
    let get = |path: &str| {
        send(
            &server,
            &http::Request::builder().uri(path).body(Vec::new()).unwrap(),
        )
    };
    // Deep links get the app; missing assets are 404; no escaping dist/.
    assert_eq!(get("/deployments/abc").body(), b"<html>console</html>");
    assert_eq!(get("/missing.js").status(), 404);
    assert_eq!(get("/../Cargo.toml").status(), 404);

    let fault = http::Request::builder()
        .method("POST")
        .uri("/__baton/fault")
        .body(br#"{"path_prefix":"/deployments","status":500,"code":"internal_server_error","message":"boom","remaining":1}"#.to_vec())
        .unwrap();
    assert_eq!(send(&server, &fault).status(), 204);
    let session = Session::same_origin()
        .with_tenant("default_tenant")
        .with_credentials(Credentials::Basic {
            username: "admin".into(),
            password: "admin".into(),
        });
    let list = ListDeployments::default();
    let err = list
        .parse(send(&server, &list.request(&session)))
        .unwrap_err();
    assert_eq!(
        (err.status, err.code.as_str(), err.message.as_str()),
        (Some(500), "internal_server_error", "boom")
    );
    assert!(list.parse(send(&server, &list.request(&session))).is_ok());
    std::fs::remove_dir_all(dist).unwrap();
}

fn admin_session() -> Session {
    Session::same_origin()
        .with_tenant("default_tenant")
        .with_credentials(Credentials::Basic {
            username: "admin".into(),
            password: "admin".into(),
        })
}

fn control(server: &DemoServer, path: &str, body: &str) -> u16 {
    let req = http::Request::builder()
        .method("POST")
        .uri(path)
        .body(body.as_bytes().to_vec())
        .unwrap();
    send(server, &req).status().as_u16()
}

#[test]
fn a_held_answer_does_not_hold_up_the_next_request() {
    let server = DemoServer::start(0, None, DemoManager::demo()).unwrap();
    assert_eq!(
        control(
            &server,
            "/__baton/slow",
            r#"{"path_prefix":"/deployments","delay_ms":1500,"remaining":1}"#
        ),
        204
    );
    let list = ListDeployments {
        query: ListQuery::new().include(["id"]).page(1, 0),
    };
    let session = admin_session();
    let (tx, rx) = std::sync::mpsc::channel();
    let server = &server;
    std::thread::scope(|s| {
        let (slow_tx, fast_tx) = (tx.clone(), tx);
        let slow = list.request(&session);
        s.spawn(move || {
            let r = send(server, &slow);
            slow_tx.send(("slow", r.status().as_u16())).unwrap();
        });
        // Give the held request a head start, then ask for something else.
        std::thread::sleep(std::time::Duration::from_millis(200));
        let fast = GetVersion.request(&session);
        s.spawn(move || {
            let r = send(server, &fast);
            fast_tx.send(("fast", r.status().as_u16())).unwrap();
        });
    });
    let order: Vec<_> = rx.iter().collect();
    assert_eq!(order, [("fast", 200), ("slow", 200)]);
}

#[test]
fn a_cut_off_answer_begins_and_then_breaks() {
    let server = DemoServer::start(0, None, DemoManager::demo()).unwrap();
    control(
        &server,
        "/__baton/slow",
        r#"{"path_prefix":"/deployments","cut_off":true,"remaining":1}"#,
    );
    let list = ListDeployments {
        query: ListQuery::new().include(["id"]).page(5, 0),
    };
    let req = list.request(&admin_session());
    let mut stream = TcpStream::connect(server.addr).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(5)))
        .unwrap();
    let mut head = format!(
        "GET {} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
        req.uri().path_and_query().unwrap(),
        server.addr
    );
    for (k, v) in req.headers() {
        head.push_str(&format!("{k}: {}\r\n", v.to_str().unwrap()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    assert!(text.contains("\"items\""), "the answer begins: {text}");
    // The chunked body never ends properly.
    assert!(!text.ends_with("0\r\n\r\n"), "{text}");
    assert!(text.contains("not-a-chunk-size"));
    // The next answer is whole again.
    assert!(list
        .parse(send(&server, &list.request(&admin_session())))
        .is_ok());
}

#[test]
fn hashed_assets_are_cached_for_good_and_the_page_is_revalidated() {
    let dist = std::env::temp_dir().join(format!("baton-cache-{}", std::process::id()));
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<html>console</html>").unwrap();
    let wasm = "baton-web-0123456789abcdef_bg.wasm";
    std::fs::write(dist.join(wasm), b"\0asm").unwrap();
    std::fs::write(dist.join(format!("{wasm}.gz")), b"gzipped").unwrap();
    let server = DemoServer::start(0, Some(dist.clone()), DemoManager::demo()).unwrap();
    let get = |path: &str, gzip: bool| {
        let mut b = http::Request::builder().uri(path);
        if gzip {
            b = b.header("Accept-Encoding", "br, gzip, deflate");
        }
        send(&server, &b.body(Vec::new()).unwrap())
    };
    let page = get("/deployments", true);
    assert_eq!(page.headers()["cache-control"], "no-cache");
    let asset = get(&format!("/{wasm}"), false);
    assert_eq!(
        asset.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(asset.body(), b"\0asm");
    assert!(asset.headers().get("content-encoding").is_none());
    let compressed = get(&format!("/{wasm}"), true);
    assert_eq!(compressed.headers()["content-encoding"], "gzip");
    assert_eq!(compressed.body(), b"gzipped");
    std::fs::remove_dir_all(dist).unwrap();
}
