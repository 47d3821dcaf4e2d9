//! The demo manager answers an asynchronous blueprint upload like the real one: it accepts
//! at once, then the blueprint moves through uploading, extracting and parsing to uploaded,
//! or to a failed state with the manager's error.

use baton_core::conductor::blueprints::*;
use baton_core::{Credentials, Endpoint, Session};
use baton_sim::DemoManager;
use chrono::{Duration, NaiveDate, NaiveDateTime};

fn t0() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 29)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap()
}

fn session() -> Session {
    Session::same_origin()
        .with_tenant("default_tenant")
        .with_credentials(Credentials::Basic {
            username: "admin".into(),
            password: "admin".into(),
        })
}

/// A one-file ustar archive `bp/<name>`.
fn tar(name: &str, data: &[u8]) -> Vec<u8> {
    let path = format!("bp/{name}");
    let mut h = [0u8; 512];
    h[..path.len()].copy_from_slice(path.as_bytes());
    h[100..108].copy_from_slice(b"0000644\0");
    h[124..136].copy_from_slice(format!("{:011o}\0", data.len()).as_bytes());
    h[156] = b'0';
    h[257..263].copy_from_slice(b"ustar\0");
    h[148..156].fill(b' ');
    let sum: u32 = h.iter().map(|&c| u32::from(c)).sum();
    h[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
    let mut out = h.to_vec();
    out.extend_from_slice(data);
    out.resize(out.len().div_ceil(512) * 512 + 1024, 0);
    out
}

fn upload(id: &str, file_name: &str, bytes: Vec<u8>) -> UploadBlueprint {
    UploadBlueprint {
        id: id.into(),
        source: BlueprintSource::Archive {
            file_name: file_name.into(),
            bytes,
        },
        application_file_name: Some("blueprint.yaml".into()),
        async_upload: true,
        boundary: "b0undary".into(),
        ..Default::default()
    }
}

fn state_at(m: &mut DemoManager, id: &str, ms: i64) -> (Option<BlueprintState>, Option<String>) {
    let get = GetBlueprint {
        id: id.into(),
        include: vec![],
    };
    let b = get
        .parse(m.handle(&get.request(&session()), t0() + Duration::milliseconds(ms)))
        .unwrap();
    (b.state, b.error)
}

#[test]
fn async_upload_walks_the_states_to_uploaded() {
    let mut m = DemoManager::demo();
    let up = upload(
        "walk",
        "walk.tar",
        tar("blueprint.yaml", b"tosca_definitions_version: x\n"),
    );
    let b = up.parse(m.handle(&up.request(&session()), t0())).unwrap();
    assert_eq!(b.state, Some(BlueprintState::Uploading));
    assert_eq!(b.plan, None, "no plan before parsing ends");
    let states: Vec<_> = [500, 1500, 2500, 3500]
        .iter()
        .map(|&ms| state_at(&mut m, "walk", ms).0.unwrap())
        .collect();
    assert_eq!(
        states,
        [
            BlueprintState::Uploading,
            BlueprintState::Extracting,
            BlueprintState::Parsing,
            BlueprintState::Uploaded
        ]
    );
    let get = GetBlueprint {
        id: "walk".into(),
        include: vec!["plan".into()],
    };
    let b = get
        .parse(m.handle(&get.request(&session()), t0() + Duration::seconds(5)))
        .unwrap();
    assert!(b.plan.is_some_and(|p| p.get("nodes").is_some()));
}

#[test]
fn a_broken_archive_fails_extracting_with_the_error() {
    let mut m = DemoManager::demo();
    let up = upload("broken", "broken.zip", b"this is not an archive".to_vec());
    let b = up.parse(m.handle(&up.request(&session()), t0())).unwrap();
    assert_eq!(b.state, Some(BlueprintState::Uploading));
    assert_eq!(
        state_at(&mut m, "broken", 500),
        (Some(BlueprintState::Uploading), None)
    );
    assert_eq!(
        state_at(&mut m, "broken", 1500),
        (Some(BlueprintState::Extracting), None)
    );
    let (state, error) = state_at(&mut m, "broken", 2500);
    assert_eq!(state, Some(BlueprintState::FailedExtracting));
    assert!(error.unwrap().contains("not a zip, tar"));
    // It stays failed.
    assert_eq!(
        state_at(&mut m, "broken", 9000).0,
        Some(BlueprintState::FailedExtracting)
    );
}

#[test]
fn a_missing_main_file_fails_parsing_naming_the_files_found() {
    let mut m = DemoManager::demo();
    let up = upload("nomain", "nomain.tar", tar("other.yaml", b"x: 1\n"));
    up.parse(m.handle(&up.request(&session()), t0())).unwrap();
    assert_eq!(
        state_at(&mut m, "nomain", 2500).0,
        Some(BlueprintState::Parsing)
    );
    let (state, error) = state_at(&mut m, "nomain", 3500);
    assert_eq!(state, Some(BlueprintState::FailedParsing));
    let error = error.unwrap();
    assert!(
        error.contains("blueprint.yaml") && error.contains("other.yaml"),
        "{error}"
    );
}
