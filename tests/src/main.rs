//! `baton-demo-server [--port N] [--dist DIR] [--empty | --static-only]`: serves a built console and the demo
//! manager on one loopback origin. Prints the URL, then serves until killed.

use std::path::PathBuf;

use baton_sim::DemoManager;
use baton_tests::DemoServer;

fn main() {
    let mut port = 8090u16;
    let mut dist = None;
    let mut manager = Some(DemoManager::demo());
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--port" => {
                port = args
                    .next()
                    .and_then(|p| p.parse().ok())
                    .unwrap_or_else(|| usage("--port needs a number"))
            }
            "--dist" => {
                dist = Some(PathBuf::from(
                    args.next()
                        .unwrap_or_else(|| usage("--dist needs a folder")),
                ))
            }
            "--empty" => manager = Some(DemoManager::empty()),
            // Only the files, like a static host with no manager behind it.
            "--static-only" => manager = None,
            other => usage(&format!("unknown argument {other}")),
        }
    }
    let server = DemoServer::start_with(port, dist, manager).unwrap_or_else(|e| {
        eprintln!("baton-demo-server: cannot listen on 127.0.0.1:{port}: {e}");
        std::process::exit(1);
    });
    println!("{}", server.url());
    loop {
        std::thread::park();
    }
}

fn usage(why: &str) -> ! {
    eprintln!(
        "baton-demo-server: {why}\nusage: baton-demo-server [--port N] [--dist DIR] [--empty | --static-only]"
    );
    std::process::exit(2);
}
