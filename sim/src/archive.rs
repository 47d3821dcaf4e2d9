//! Small, real blueprint archives for downloads: a ustar archive inside a gzip member whose
//! deflate stream uses stored (uncompressed) blocks. Any `tar xzf` reads them, and building
//! them needs no compression library.

/// A `.tar.gz` holding `files` under the directory `dir`.
pub fn tar_gz(dir: &str, files: &[(&str, &[u8])]) -> Vec<u8> {
    gzip_stored(&tar(dir, files))
}

fn tar(dir: &str, files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, data) in files {
        let path = format!("{dir}/{name}");
        let mut h = [0u8; 512];
        put(&mut h[0..100], path.as_bytes());
        put(&mut h[100..108], b"0000644\0");
        put(&mut h[108..116], b"0000000\0");
        put(&mut h[116..124], b"0000000\0");
        put(
            &mut h[124..136],
            format!("{:011o}\0", data.len()).as_bytes(),
        );
        put(&mut h[136..148], b"00000000000\0");
        h[156] = b'0';
        put(&mut h[257..263], b"ustar\0");
        put(&mut h[263..265], b"00");
        // The checksum is computed with its own field read as spaces.
        h[148..156].fill(b' ');
        let sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
        put(&mut h[148..156], format!("{sum:06o}\0 ").as_bytes());
        out.extend_from_slice(&h);
        out.extend_from_slice(data);
        out.resize(out.len().div_ceil(512) * 512, 0);
    }
    // Two empty records end the archive.
    out.resize(out.len() + 1024, 0);
    out
}

fn put(field: &mut [u8], value: &[u8]) {
    let n = field.len().min(value.len());
    field[..n].copy_from_slice(&value[..n]);
}

fn gzip_stored(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];
    let mut blocks = data.chunks(65_535).peekable();
    if blocks.peek().is_none() {
        out.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
    }
    while let Some(block) = blocks.next() {
        out.push(u8::from(blocks.peek().is_none()));
        let len = block.len() as u16;
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(block);
    }
    out.extend_from_slice(&crc32(data).to_le_bytes());
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// The archive formats the manager extracts, recognised by their magic bytes.
pub fn is_archive(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
        || bytes.starts_with(b"PK\x03\x04")
        || bytes.starts_with(b"BZh")
        || bytes.get(257..262) == Some(b"ustar")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_matches_the_reference_value() {
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
    }

    #[test]
    fn archive_layout() {
        let a = tar_gz(
            "bp",
            &[("blueprint.yaml", b"tosca_definitions_version: x\n")],
        );
        assert!(is_archive(&a));
        let inner = tar("bp", &[("blueprint.yaml", b"abc")]);
        assert_eq!(inner.len(), 512 + 512 + 1024);
        assert_eq!(&inner[257..262], b"ustar");
        // The gzip trailer carries the CRC and length of the tar.
        let n = a.len();
        let tar_bytes = tar(
            "bp",
            &[("blueprint.yaml", b"tosca_definitions_version: x\n")],
        );
        assert_eq!(a[n - 4..], (tar_bytes.len() as u32).to_le_bytes());
        assert_eq!(a[n - 8..n - 4], crc32(&tar_bytes).to_le_bytes());
    }
}
