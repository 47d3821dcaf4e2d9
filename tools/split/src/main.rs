//! `baton-split [--wasm-opt LEVEL]`: Trunk's `post_build` hook (see `Trunk.toml`) that splits the
//! console's wasm into the first load and one lazily fetched part per area.
//!
//! Leptos marks split points with `#[lazy]` (the `area!` routes in `web/src/app.rs`, built with
//! the web crate's `split` feature): each is an import from `__wasm_split_placeholder__` that only
//! a splitting step can resolve. Trunk has no such step, so this hook redoes, on the staged build,
//! what cargo-leptos does between cargo and wasm-bindgen:
//!
//! 1. take the wasm cargo linked (`target/wasm32-unknown-unknown/<profile>/baton-web.wasm`,
//!    linked with `--emit-relocs` by `web/build.rs`), checked against the content hash Trunk put
//!    in the staged file names, so a stale file is never split;
//! 2. split it with `wasm_split_cli_support` into a main module, one module per split point and
//!    shared chunks, plus the link script that fetches them (`split-<hash>/__wasm_split.js`);
//! 3. run wasm-bindgen on the main module (`--keep-lld-exports`: the chunks import the main
//!    module's functions, table and memory by those names) and put its JS and wasm over the
//!    files Trunk staged, keeping their names;
//! 4. in release builds run wasm-opt (version 132, from `node_modules/.bin`) on every part: the
//!    console's link in the HTML sets `data-wasm-opt="0"` so Trunk does not optimise a module
//!    that is about to be replaced;
//! 5. rewrite the subresource-integrity digests Trunk wrote into the staged `index.html`.
//!
//! A build whose wasm has no split point (the `split` feature off) only gets step 4, and
//! `BATON_SPLIT_WASM_OPT=off` in the environment skips step 4.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use base64::Engine as _;
use sha2::Digest as _;

type Result<T> = std::result::Result<T, String>;

/// The crate whose wasm is split; its staged files are `<PACKAGE>-<hash>.js` / `_bg.wasm`.
const PACKAGE: &str = "baton-web";
/// The import module `wasm_split_helpers` gives split points before they are linked.
const PLACEHOLDER: &[u8] = b"__wasm_split_placeholder__";
const WASM_BINDGEN_VERSION: &str = "0.2.130";
const WASM_OPT_VERSION: &str = "version 132";
/// Parts smaller than this (bytes) are not given to wasm-opt: each run costs seconds (npm's
/// binaryen runs on Node) and gains a few KB on a part fetched only when its page opens. With
/// 20 areas there are ~600 parts, ~125 of them over 2 KB; over 32 KB, about 35.
const SMALL_PART: u64 = 32 * 1024;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("baton-split: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<()> {
    let mut opt_level = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--wasm-opt" => {
                opt_level = Some(args.next().ok_or("--wasm-opt needs a level (z, s, 1-4)")?)
            }
            _ => {
                return Err(format!(
                    "unknown argument '{arg}'; usage: baton-split [--wasm-opt LEVEL]"
                ))
            }
        }
    }
    // A build made only to be tested (the demo build of scripts/test.sh) skips wasm-opt: it is
    // most of the hook's time and changes bytes, not behaviour.
    if std::env::var("BATON_SPLIT_WASM_OPT").as_deref() == Ok("off") {
        opt_level = None;
    }
    let staging = PathBuf::from(env("TRUNK_STAGING_DIR")?);
    let profile = env("TRUNK_PROFILE")?;
    let release = profile == "release";

    let (stem, hash) = staged_main(&staging)?;
    let staged_js = staging.join(format!("{stem}.js"));
    let staged_wasm = staging.join(format!("{stem}_bg.wasm"));
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target"));
    let raw_path = target_dir
        .join("wasm32-unknown-unknown")
        .join(&profile)
        .join(format!("{PACKAGE}.wasm"));
    let raw = read(&raw_path)?;
    if let Some(hash) = &hash {
        let actual = format!("{:x}", seahash::hash(&raw));
        if &actual != hash {
            return Err(format!(
                "{} (hash {actual}) is not the wasm Trunk staged as {stem} : was it rebuilt meanwhile?",
                raw_path.display()
            ));
        }
    }
    let old_digests = [digest(&staged_js)?, digest(&staged_wasm)?];

    let mut parts = vec![staged_wasm.clone()];
    if contains(&raw, PLACEHOLDER) {
        let work = target_dir.join("baton-split").join(&profile);
        if work.exists() {
            fs::remove_dir_all(&work).map_err(|e| format!("cleaning {}: {e}", work.display()))?;
        }
        let split_name = match &hash {
            Some(h) => format!("split-{h}"),
            None => "split".to_string(),
        };
        let split_dir = work.join(&split_name);
        parts.extend(split(&raw, &work, &split_dir, &split_name, &stem)?);
        bindgen(&work.join("main.wasm"), &work.join("bindgen"), &stem)?;
        copy(&work.join("bindgen").join(format!("{stem}.js")), &staged_js)?;
        copy(
            &work.join("bindgen").join(format!("{stem}_bg.wasm")),
            &staged_wasm,
        )?;
        let snippets = work.join("bindgen").join("snippets");
        if snippets.is_dir() {
            copy_dir(&snippets, &staging.join("snippets"))?;
        }
        let staged_split = staging.join(&split_name);
        copy_dir(&split_dir, &staged_split)?;
        parts = parts
            .into_iter()
            .map(|p| match p.strip_prefix(&split_dir) {
                Ok(rel) => staged_split.join(rel),
                Err(_) => p,
            })
            .collect();
    } else {
        eprintln!("baton-split: {stem} has no lazily loaded area; nothing to split");
    }

    // Parts wasm-opt does not see keep the function names and tool notes the linker wrote
    // (custom sections): half of a small part's bytes, read by no browser.
    let optimised = |size: u64| opt_level.is_some() && release && size >= SMALL_PART;
    for part in parts.iter().skip(1) {
        let size = fs::metadata(part).map(|m| m.len()).unwrap_or(0);
        if !optimised(size) {
            let bytes = read(part)?;
            let stripped = strip_custom_sections(&bytes)
                .map_err(|e| format!("stripping {}: {e}", part.display()))?;
            fs::write(part, stripped).map_err(|e| format!("writing {}: {e}", part.display()))?;
        }
    }

    if let (Some(level), true) = (&opt_level, release) {
        check_version("wasm-opt", WASM_OPT_VERSION, "the npm package binaryen@132 in node_modules/.bin (Debian's wasm-opt 108 breaks the console at run time)")?;
        // The smallest parts (a few functions) gain nothing, and each wasm-opt run costs a
        // second or more (npm's binaryen is compiled to wasm and runs on Node): the rest run
        // one per core, largest first so the last to finish are the quick ones.
        let mut work: Vec<(u64, &PathBuf)> = parts
            .iter()
            .map(|p| (fs::metadata(p).map(|m| m.len()).unwrap_or(0), p))
            .filter(|(size, _)| *size >= SMALL_PART)
            .collect();
        work.sort_by_key(|w| std::cmp::Reverse(w.0));
        let arg = format!("-O{level}");
        let jobs = std::thread::available_parallelism().map_or(2, |n| n.get());
        let mut running: Vec<(std::process::Child, String)> = Vec::new();
        let mut queue = work
            .into_iter()
            .map(|(_, p)| p.to_string_lossy().into_owned());
        loop {
            while running.len() < jobs {
                let Some(path) = queue.next() else { break };
                let child = Command::new("wasm-opt")
                    .args([arg.as_str(), &path, "-o", &path])
                    .spawn()
                    .map_err(|e| format!("running wasm-opt: {e}"))?;
                running.push((child, path));
            }
            if running.is_empty() {
                break;
            }
            // Whichever finishes first frees its core.
            let mut finished = None;
            for (i, (child, path)) in running.iter_mut().enumerate() {
                if let Some(status) = child
                    .try_wait()
                    .map_err(|e| format!("waiting for wasm-opt: {e}"))?
                {
                    if !status.success() {
                        return Err(format!("wasm-opt {arg} {path} failed ({status})"));
                    }
                    finished = Some(i);
                    break;
                }
            }
            match finished {
                Some(i) => drop(running.remove(i)),
                None => std::thread::sleep(std::time::Duration::from_millis(20)),
            }
        }
    }

    // Trunk wrote SRI digests of the files it staged; ours replaced them.
    let index = staging.join("index.html");
    if index.is_file() {
        let mut html =
            fs::read_to_string(&index).map_err(|e| format!("reading {}: {e}", index.display()))?;
        let new_digests = [digest(&staged_js)?, digest(&staged_wasm)?];
        for (old, new) in old_digests.iter().zip(&new_digests) {
            html = html.replace(old.as_str(), new);
        }
        fs::write(&index, html).map_err(|e| format!("writing {}: {e}", index.display()))?;
    }

    for part in &parts {
        let size = fs::metadata(part).map(|m| m.len()).unwrap_or(0);
        let shown = part.strip_prefix(&staging).unwrap_or(part);
        eprintln!("baton-split: {:>9} B  {}", size, shown.display());
    }
    Ok(())
}

/// Splits `raw` into `work/main.wasm` and the parts in `split_dir`; returns the parts' paths.
fn split(
    raw: &[u8],
    work: &Path,
    split_dir: &Path,
    split_name: &str,
    stem: &str,
) -> Result<Vec<PathBuf>> {
    // The main module imports the link script by this path, relative to the main JS (at the
    // root of dist/); the link script imports the main JS back and fetches the parts relative
    // to itself. The library writes the script at `output_dir.join(link_name)`, so it lands one
    // folder too deep and is moved up below.
    let link_name = format!("./{split_name}/__wasm_split.js");
    let main_module = format!("../{stem}.js");
    let main_out = work.join("main.wasm");
    fs::create_dir_all(split_dir.join(split_name))
        .map_err(|e| format!("creating {}: {e}", split_dir.display()))?;
    let out = wasm_split_cli_support::transform({
        let mut opts = wasm_split_cli_support::Options::new(raw);
        opts.output_dir = split_dir;
        opts.main_out_path = &main_out;
        opts.link_name = &link_name;
        opts.main_module = &main_module;
        opts
    })
    .map_err(|e| format!("splitting the wasm: {e:#}"))?;
    fs::rename(
        split_dir.join(split_name).join("__wasm_split.js"),
        split_dir.join("__wasm_split.js"),
    )
    .map_err(|e| format!("moving the link script: {e}"))?;
    fs::remove_dir(split_dir.join(split_name))
        .map_err(|e| format!("tidying {}: {e}", split_dir.display()))?;

    // Which files each split point needs, for the size report and anyone preloading an area.
    let map: BTreeMap<_, _> = out.prefetch_map.into_iter().collect();
    let mut json = String::from("{\n");
    for (i, (split, files)) in map.iter().enumerate() {
        let files: Vec<String> = files.iter().map(|f| format!("\"{f}.wasm\"")).collect();
        let comma = if i + 1 < map.len() { "," } else { "" };
        json.push_str(&format!("  \"{split}\": [{}]{comma}\n", files.join(", ")));
    }
    json.push_str("}\n");
    fs::write(split_dir.join("manifest.json"), json)
        .map_err(|e| format!("writing the manifest: {e}"))?;
    Ok(out.split_modules)
}

fn bindgen(main: &Path, out_dir: &Path, stem: &str) -> Result<()> {
    check_version(
        "wasm-bindgen",
        WASM_BINDGEN_VERSION,
        "wasm-bindgen-cli equal to the wasm-bindgen crate (scripts/setup.sh installs it)",
    )?;
    let out_dir_arg = format!("--out-dir={}", out_dir.display());
    let out_name_arg = format!("--out-name={stem}");
    let main = main.to_string_lossy();
    // The flags Trunk uses for this link, plus the two a split module needs (as cargo-leptos).
    tool(
        "wasm-bindgen",
        &[
            "--target=web",
            "--no-typescript",
            "--keep-lld-exports",
            "--no-demangle",
            &out_dir_arg,
            &out_name_arg,
            &main,
        ],
    )
}

/// The staged main module's stem (`baton-web-<hash>`) and hash, if Trunk hashed the names.
fn staged_main(staging: &Path) -> Result<(String, Option<String>)> {
    let entries =
        fs::read_dir(staging).map_err(|e| format!("reading {}: {e}", staging.display()))?;
    let prefix = PACKAGE;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix("_bg.wasm") else {
            continue;
        };
        if stem == prefix {
            return Ok((stem.to_string(), None));
        }
        if let Some(hash) = stem.strip_prefix(&format!("{prefix}-")) {
            if !hash.is_empty() && hash.chars().all(|c| c.is_ascii_hexdigit()) {
                return Ok((stem.to_string(), Some(hash.to_string())));
            }
        }
    }
    Err(format!("no {PACKAGE} wasm staged in {}", staging.display()))
}

fn env(name: &str) -> Result<String> {
    std::env::var(name).map_err(|_| format!("{name} is not set: run me as a Trunk post_build hook"))
}

fn read(path: &Path) -> Result<Vec<u8>> {
    fs::read(path).map_err(|e| format!("reading {}: {e}", path.display()))
}

fn copy(from: &Path, to: &Path) -> Result<()> {
    fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| format!("copying {} to {}: {e}", from.display(), to.display()))
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to).map_err(|e| format!("creating {}: {e}", to.display()))?;
    for entry in fs::read_dir(from).map_err(|e| format!("reading {}: {e}", from.display()))? {
        let entry = entry.map_err(|e| format!("reading {}: {e}", from.display()))?;
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            copy(&entry.path(), &target)?;
        }
    }
    Ok(())
}

/// `wasm` without its custom sections (id 0: `name`, `producers`, `target_features`, debug
/// info); every other section is kept byte for byte.
fn strip_custom_sections(wasm: &[u8]) -> Result<Vec<u8>> {
    if wasm.len() < 8 || &wasm[..4] != b"\0asm" {
        return Err("not a wasm module".into());
    }
    let mut out = wasm[..8].to_vec();
    let mut at = 8;
    while at < wasm.len() {
        let id = wasm[at];
        let (size, body) = leb128_u32(wasm, at + 1)?;
        let end = body
            .checked_add(size as usize)
            .filter(|e| *e <= wasm.len())
            .ok_or("a section runs past the end")?;
        if id != 0 {
            out.extend_from_slice(&wasm[at..end]);
        }
        at = end;
    }
    Ok(out)
}

/// An unsigned LEB128 number at `at`, and where what follows it starts.
fn leb128_u32(bytes: &[u8], mut at: usize) -> Result<(u32, usize)> {
    let mut value: u32 = 0;
    for shift in (0..35).step_by(7) {
        let byte = *bytes.get(at).ok_or("a number runs past the end")?;
        at += 1;
        value |= u32::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok((value, at));
        }
    }
    Err("a number longer than 5 bytes".into())
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The `sha384-…` digest Trunk writes in `integrity` attributes.
fn digest(path: &Path) -> Result<String> {
    let bytes = read(path)?;
    let sum = sha2::Sha384::digest(&bytes);
    Ok(format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(sum)
    ))
}

fn check_version(program: &str, wanted: &str, hint: &str) -> Result<()> {
    let out = Command::new(program)
        .arg("--version")
        .output()
        .map_err(|e| format!("running {program}: {e}; install {hint}"))?;
    let version = String::from_utf8_lossy(&out.stdout);
    if !version.contains(wanted) {
        return Err(format!(
            "{program} on PATH is '{}', not {wanted}: put {hint} first on PATH",
            version.trim()
        ));
    }
    Ok(())
}

fn tool(program: &str, args: &[&str]) -> Result<()> {
    let status = Command::new(program)
        .args(args)
        .status()
        .map_err(|e| format!("running {program}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{program} {} failed ({status})", args.join(" ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module with a type section, a `name` custom section and a `producers` one.
    fn module() -> Vec<u8> {
        let mut m = b"\0asm\x01\0\0\0".to_vec();
        m.extend([1, 4, 1, 0x60, 0, 0]); // type section: one `() -> ()`
        let custom = |name: &str, payload: &[u8]| {
            let mut body = vec![name.len() as u8];
            body.extend(name.as_bytes());
            body.extend(payload);
            let mut s = vec![0, body.len() as u8];
            s.extend(body);
            s
        };
        m.extend(custom("name", &[1, 2, 3]));
        m.extend(custom("producers", &[9; 100]));
        m
    }

    #[test]
    fn custom_sections_go_and_the_rest_stays_as_it_was() {
        let stripped = strip_custom_sections(&module()).unwrap();
        assert_eq!(stripped, b"\0asm\x01\0\0\0\x01\x04\x01\x60\0\0".to_vec());
    }

    #[test]
    fn a_damaged_module_is_an_error_not_a_panic() {
        let m = module();
        assert!(strip_custom_sections(&m[..m.len() - 5]).is_err());
        assert!(strip_custom_sections(b"not wasm at all").is_err());
        assert!(strip_custom_sections(&[
            0, b'a', b's', b'm', 1, 0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff
        ])
        .is_err());
    }

    #[test]
    fn numbers_read_as_leb128() {
        assert_eq!(leb128_u32(&[0xe5, 0x8e, 0x26], 0).unwrap(), (624_485, 3));
        assert_eq!(leb128_u32(&[0x7f], 0).unwrap(), (127, 1));
    }
}
