//! What is inside a blueprint archive, read without extracting it: the names in a zip's
//! central directory or in a tar's headers. The console uses it to offer the archive's YAML
//! files as the main blueprint file before uploading. Compressed tars (`.tar.gz`,
//! `.tar.bz2`) are recognised but not listed here; the caller may decompress a gzip first
//! (the browser can) and list the tar inside.

use std::fmt;

/// The archive formats the manager extracts, recognised by their magic bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArchiveKind {
    Zip,
    Tar,
    Gzip,
    Bzip2,
}

impl ArchiveKind {
    /// Sniffs the format from the first bytes; `None` for anything the manager cannot extract.
    pub fn sniff(bytes: &[u8]) -> Option<ArchiveKind> {
        if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
            Some(ArchiveKind::Zip)
        } else if bytes.starts_with(&[0x1f, 0x8b]) {
            Some(ArchiveKind::Gzip)
        } else if bytes.starts_with(b"BZh") {
            Some(ArchiveKind::Bzip2)
        } else if bytes.get(257..262) == Some(b"ustar") || tar_checksum_ok(bytes) {
            Some(ArchiveKind::Tar)
        } else {
            None
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            ArchiveKind::Zip => "zip",
            ArchiveKind::Tar => "tar",
            ArchiveKind::Gzip => "tar.gz",
            ArchiveKind::Bzip2 => "tar.bz2",
        }
    }
}

/// Why an archive could not be listed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArchiveError {
    /// Not a zip, tar, tar.gz or tar.bz2: the manager will refuse it too.
    NotAnArchive,
    /// A compressed tar: a valid archive whose names cannot be read here.
    Compressed(ArchiveKind),
    /// A zip or tar whose structure is broken (truncated, bad offsets).
    Corrupt(&'static str),
}

impl fmt::Display for ArchiveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArchiveError::NotAnArchive => {
                f.write_str("This file is not a zip, tar, tar.gz or tar.bz2 archive.")
            }
            ArchiveError::Compressed(k) => write!(
                f,
                "The files inside a .{} archive cannot be listed in the browser.",
                k.as_str()
            ),
            ArchiveError::Corrupt(why) => write!(f, "The archive looks damaged: {why}."),
        }
    }
}

impl std::error::Error for ArchiveError {}

/// The file paths (not directories) stored in a zip or tar archive, in archive order.
pub fn list_files(bytes: &[u8]) -> Result<Vec<String>, ArchiveError> {
    match ArchiveKind::sniff(bytes) {
        Some(ArchiveKind::Zip) => zip_names(bytes),
        Some(ArchiveKind::Tar) => tar_names(bytes),
        Some(k) => Err(ArchiveError::Compressed(k)),
        None => Err(ArchiveError::NotAnArchive),
    }
}

/// The YAML files a blueprint's main file can be chosen from, as the manager names them:
/// relative to the archive's single top-level folder (the manager extracts the archive and
/// looks inside that folder). `blueprint.yaml` comes first when present, then the rest
/// sorted, shallow paths before deep ones.
pub fn yaml_candidates(files: &[String]) -> Vec<String> {
    let top = single_top_folder(files);
    let mut out: Vec<String> = files
        .iter()
        .filter_map(|f| match &top {
            Some(t) => f.strip_prefix(t.as_str()),
            None => Some(f.as_str()),
        })
        .filter(|f| {
            let lower = f.to_ascii_lowercase();
            lower.ends_with(".yaml") || lower.ends_with(".yml")
        })
        .map(str::to_string)
        .collect();
    out.sort_by(|a, b| {
        let key = |s: &str| (s != "blueprint.yaml", s.matches('/').count(), s.to_string());
        key(a).cmp(&key(b))
    });
    out.dedup();
    out
}

/// `dir/` when every file lives under the same first folder.
fn single_top_folder(files: &[String]) -> Option<String> {
    let first = files.first()?.split_once('/')?.0;
    files
        .iter()
        .all(|f| f.split_once('/').map(|(d, _)| d) == Some(first))
        .then(|| format!("{first}/"))
}

fn u16_at(b: &[u8], at: usize) -> Option<usize> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?) as usize)
}

fn u32_at(b: &[u8], at: usize) -> Option<usize> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?) as usize)
}

/// Reads the central directory found through the end-of-central-directory record.
fn zip_names(b: &[u8]) -> Result<Vec<String>, ArchiveError> {
    const EOCD: &[u8] = b"PK\x05\x06";
    // The record is 22 bytes plus a comment of at most 65,535 bytes, at the very end.
    let lowest = b.len().saturating_sub(22 + 65_535);
    let eocd = (lowest..=b.len().saturating_sub(22))
        .rev()
        .find(|&i| b.get(i..i + 4) == Some(EOCD))
        .ok_or(ArchiveError::Corrupt("no zip directory at its end"))?;
    let count = u16_at(b, eocd + 10).unwrap_or(0);
    let offset = u32_at(b, eocd + 16).unwrap_or(0);
    if count == 0xffff || offset == 0xffff_ffff {
        return Err(ArchiveError::Corrupt("zip64 directories are not read"));
    }
    let mut names = Vec::with_capacity(count);
    let mut at = offset;
    for _ in 0..count {
        if b.get(at..at + 4) != Some(b"PK\x01\x02") {
            return Err(ArchiveError::Corrupt(
                "a zip directory entry is out of place",
            ));
        }
        let bad = ArchiveError::Corrupt("a zip directory entry is cut short");
        let name_len = u16_at(b, at + 28).ok_or(bad.clone())?;
        let extra_len = u16_at(b, at + 30).ok_or(bad.clone())?;
        let comment_len = u16_at(b, at + 32).ok_or(bad.clone())?;
        let name = b.get(at + 46..at + 46 + name_len).ok_or(bad)?;
        let name = String::from_utf8_lossy(name).replace('\\', "/");
        if !name.ends_with('/') {
            names.push(name);
        }
        at += 46 + name_len + extra_len + comment_len;
    }
    Ok(names)
}

fn tar_checksum_ok(h: &[u8]) -> bool {
    let Some(h) = h.get(..512) else {
        return false;
    };
    let Some(stored) = octal(&h[148..156]) else {
        return false;
    };
    let sum: u64 = h
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            if (148..156).contains(&i) {
                32
            } else {
                u64::from(c)
            }
        })
        .sum();
    sum == stored && h.iter().any(|&c| c != 0)
}

/// A NUL/space-terminated octal field, or a GNU base-256 number (high bit set).
fn octal(field: &[u8]) -> Option<u64> {
    if field.first().is_some_and(|&c| c & 0x80 != 0) {
        return Some(field[1..].iter().fold(0u64, |n, &c| {
            n.saturating_mul(256).saturating_add(u64::from(c))
        }));
    }
    let text: String = field
        .iter()
        .take_while(|&&c| c != 0)
        .map(|&c| c as char)
        .collect();
    let text = text.trim();
    if text.is_empty() {
        return Some(0);
    }
    u64::from_str_radix(text, 8).ok()
}

fn c_string(field: &[u8]) -> String {
    let end = field.iter().position(|&c| c == 0).unwrap_or(field.len());
    String::from_utf8_lossy(&field[..end]).into_owned()
}

/// Walks the 512-byte headers, following GNU long names and pax `path` records.
fn tar_names(b: &[u8]) -> Result<Vec<String>, ArchiveError> {
    let mut names = Vec::new();
    let mut at = 0usize;
    let mut long_name: Option<String> = None;
    while let Some(h) = b.get(at..at + 512) {
        if h.iter().all(|&c| c == 0) {
            break;
        }
        if !tar_checksum_ok(h) {
            return Err(ArchiveError::Corrupt("a tar header has a wrong checksum"));
        }
        let size = octal(&h[124..136]).ok_or(ArchiveError::Corrupt("a tar size is unreadable"))?;
        let size =
            usize::try_from(size).map_err(|_| ArchiveError::Corrupt("a tar size is too large"))?;
        let data_at = at + 512;
        let data = b.get(data_at..data_at.saturating_add(size));
        match h[156] {
            b'L' => long_name = data.map(c_string),
            b'x' => {
                long_name = data.and_then(|d| {
                    String::from_utf8_lossy(d).lines().find_map(|line| {
                        // "<len> path=<value>"
                        line.split_once(' ')?
                            .1
                            .strip_prefix("path=")
                            .map(str::to_string)
                    })
                })
            }
            kind => {
                let name = long_name.take().unwrap_or_else(|| {
                    let name = c_string(&h[0..100]);
                    let prefix = if &h[257..262] == b"ustar" {
                        c_string(&h[345..500])
                    } else {
                        String::new()
                    };
                    if prefix.is_empty() {
                        name
                    } else {
                        format!("{prefix}/{name}")
                    }
                });
                let regular = kind == b'0' || kind == 0 || kind == b'7';
                if regular && !name.ends_with('/') {
                    names.push(name.trim_start_matches("./").to_string());
                }
            }
        }
        at = data_at.saturating_add(size.div_ceil(512) * 512);
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stored (uncompressed) zip built by hand, like `zip -0` writes.
    fn zip(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut dir = Vec::new();
        for (name, data) in files {
            let offset = out.len() as u32;
            out.extend_from_slice(b"PK\x03\x04");
            out.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            out.extend_from_slice(&[0; 4]); // crc (not checked by the lister)
            out.extend_from_slice(&(data.len() as u32).to_le_bytes());
            out.extend_from_slice(&(data.len() as u32).to_le_bytes());
            out.extend_from_slice(&(name.len() as u16).to_le_bytes());
            out.extend_from_slice(&[0, 0]);
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(data);
            dir.extend_from_slice(b"PK\x01\x02");
            dir.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            dir.extend_from_slice(&[0; 4]);
            dir.extend_from_slice(&(data.len() as u32).to_le_bytes());
            dir.extend_from_slice(&(data.len() as u32).to_le_bytes());
            dir.extend_from_slice(&(name.len() as u16).to_le_bytes());
            dir.extend_from_slice(&[0; 12]);
            dir.extend_from_slice(&offset.to_le_bytes());
            dir.extend_from_slice(name.as_bytes());
        }
        let dir_at = out.len() as u32;
        out.extend_from_slice(&dir);
        out.extend_from_slice(b"PK\x05\x06");
        out.extend_from_slice(&[0, 0, 0, 0]);
        out.extend_from_slice(&(files.len() as u16).to_le_bytes());
        out.extend_from_slice(&(files.len() as u16).to_le_bytes());
        out.extend_from_slice(&(dir.len() as u32).to_le_bytes());
        out.extend_from_slice(&dir_at.to_le_bytes());
        out.extend_from_slice(&[3, 0]);
        out.extend_from_slice(b"hi!");
        out
    }

    fn tar_header(name: &str, size: usize, kind: u8) -> [u8; 512] {
        let mut h = [0u8; 512];
        h[..name.len()].copy_from_slice(name.as_bytes());
        h[100..108].copy_from_slice(b"0000644\0");
        h[124..136].copy_from_slice(format!("{size:011o}\0").as_bytes());
        h[156] = kind;
        h[257..263].copy_from_slice(b"ustar\0");
        h[148..156].fill(b' ');
        let sum: u32 = h.iter().map(|&c| u32::from(c)).sum();
        h[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
        h
    }

    fn tar(entries: &[(&str, &[u8], u8)]) -> Vec<u8> {
        let mut out = Vec::new();
        for (name, data, kind) in entries {
            out.extend_from_slice(&tar_header(name, data.len(), *kind));
            out.extend_from_slice(data);
            out.resize(out.len().div_ceil(512) * 512, 0);
        }
        out.resize(out.len() + 1024, 0);
        out
    }

    #[test]
    fn zip_directory_lists_files_not_folders() {
        let z = zip(&[
            ("app/", b""),
            ("app/blueprint.yaml", b"tosca_definitions_version: x"),
            ("app/types/extra.yml", b"x: 1"),
            ("app/README.md", b"# hi"),
        ]);
        assert_eq!(ArchiveKind::sniff(&z), Some(ArchiveKind::Zip));
        assert_eq!(
            list_files(&z).unwrap(),
            ["app/blueprint.yaml", "app/types/extra.yml", "app/README.md"]
        );
    }

    #[test]
    fn tar_headers_list_files_with_long_names() {
        let long = format!("bp/{}/main.yaml", "deep".repeat(40));
        let pax = format!("{} path={long}\n", long.len() + 11);
        let t = tar(&[
            ("bp/", b"", b'5'),
            ("bp/blueprint.yaml", b"a: 1", b'0'),
            ("././@LongLink", format!("{long}\0").as_bytes(), b'L'),
            ("bp/truncated-name", b"x", b'0'),
            ("PaxHeader", pax.as_bytes(), b'x'),
            ("bp/other", b"y", b'0'),
            ("bp/link.yaml", b"", b'2'),
        ]);
        assert_eq!(ArchiveKind::sniff(&t), Some(ArchiveKind::Tar));
        assert_eq!(
            list_files(&t).unwrap(),
            vec!["bp/blueprint.yaml".to_string(), long.clone(), long]
        );
    }

    #[test]
    fn yaml_candidates_are_relative_to_the_top_folder_main_file_first() {
        let files: Vec<String> = [
            "bp/z.yaml",
            "bp/inc/types.yaml",
            "bp/blueprint.yaml",
            "bp/aws.YML",
            "bp/README.md",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            yaml_candidates(&files),
            ["blueprint.yaml", "aws.YML", "z.yaml", "inc/types.yaml"]
        );
        // Files at the root: names as they are.
        let flat: Vec<String> = ["main.yaml", "x/y.yaml"].map(String::from).to_vec();
        assert_eq!(yaml_candidates(&flat), ["main.yaml", "x/y.yaml"]);
    }

    #[test]
    fn compressed_and_foreign_files_are_told_apart() {
        assert_eq!(
            list_files(&[0x1f, 0x8b, 8, 0]),
            Err(ArchiveError::Compressed(ArchiveKind::Gzip))
        );
        assert_eq!(
            list_files(b"BZh91AY&SY"),
            Err(ArchiveError::Compressed(ArchiveKind::Bzip2))
        );
        assert_eq!(
            list_files(b"tosca_definitions_version: x"),
            Err(ArchiveError::NotAnArchive)
        );
        assert_eq!(list_files(&[]), Err(ArchiveError::NotAnArchive));
    }

    #[test]
    fn damaged_archives_are_errors_not_panics() {
        let z = zip(&[("a/blueprint.yaml", b"x")]);
        // Cut off the end record.
        assert!(matches!(
            list_files(&z[..z.len() - 30]),
            Err(ArchiveError::Corrupt(_))
        ));
        // Point the directory past the end.
        let mut bad = z.clone();
        let n = bad.len();
        bad[n - 9..n - 5].copy_from_slice(&u32::MAX.wrapping_sub(7).to_le_bytes());
        assert!(matches!(list_files(&bad), Err(ArchiveError::Corrupt(_))));
        // A tar whose second header is damaged.
        let mut t = tar(&[("a/x.yaml", b"1", b'0'), ("a/y.yaml", b"2", b'0')]);
        t[1024 + 5] ^= 0x55;
        assert!(matches!(list_files(&t), Err(ArchiveError::Corrupt(_))));
        // A tar cut in the middle of a file lists what it has.
        let t = tar(&[("a/x.yaml", &[b'x'; 2000], b'0')]);
        assert_eq!(list_files(&t[..700]).unwrap(), ["a/x.yaml"]);
        // Every prefix of a valid archive is handled without panicking.
        for cut in 0..z.len() {
            let _ = list_files(&z[..cut]);
        }
    }
}
