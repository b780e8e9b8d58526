//! The patches in `vendor/pagefind/` (see its PATCHES.md) change how Pagefind's bundle is
//! compressed, never what it holds: every compressed file must still be one gzip stream of
//! `pagefind_dcd` followed by the data Pagefind's browser side decodes, fragments at the
//! faster level and index chunks at the best one.

use crate::fixture;

use flate2::read::GzDecoder;
use std::io::Read;

/// The gzip header's XFL byte: 2 when the stream was written at the best level (flate2 and
/// zlib set it so), 0 for the middle levels.
fn extra_flags(gz: &[u8]) -> u8 {
    gz[8]
}

fn gunzip(name: &str, gz: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    GzDecoder::new(gz)
        .read_to_end(&mut out)
        .unwrap_or_else(|err| panic!("pagefind/{name} is not a gzip stream: {err}"));
    out
}

#[test]
fn compressed_files_keep_pagefinds_format_and_fragments_use_the_faster_level() {
    let site = fixture::copy("search-site");
    site.build();
    let bundle = fixture::tree(&site.out.join("pagefind"));
    let mut seen = [0usize; 3];
    for (name, bytes) in &bundle {
        let kind = match name.rsplit('.').next() {
            Some("pf_fragment") => 0,
            Some("pf_index") | Some("pf_filter") => 1,
            Some("pf_meta") => 2,
            _ => continue,
        };
        seen[kind] += 1;
        let data = gunzip(name, bytes);
        assert!(
            data.starts_with(b"pagefind_dcd") && data.len() > 12,
            "pagefind/{name} lost Pagefind's marker or its data"
        );
        let expected = if kind == 0 { 0 } else { 2 };
        assert_eq!(
            extra_flags(bytes),
            expected,
            "pagefind/{name}: fragments are written at level 6, index files at the best level"
        );
        if kind == 0 {
            let json: serde_json::Value = serde_json::from_slice(&data[12..])
                .unwrap_or_else(|err| panic!("fragment {name} is not JSON: {err}"));
            assert!(json.get("url").is_some(), "fragment {name} has no url");
        }
    }
    assert!(
        seen.iter().all(|&n| n > 0),
        "the bundle lacks fragments, index chunks or metadata: {:?}",
        bundle.keys()
    );
}
