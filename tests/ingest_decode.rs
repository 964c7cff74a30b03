//! Encodings of `.txt` inputs: what `read_file` decodes and how it names it.

use std::path::{Path, PathBuf};

use encoding_rs::{BIG5, GBK};
use zhmine::ingest::read_file;
use zhmine::model::Article;
use zhmine::Error;

const SIMPLIFIED: &str = "2025年的前两个月，小红书大概是最忙的平台。\n\
社区是小红书的基石，但UGC狂欢的另一边，近两年小红书搞钱也越来越起劲，并且初见成效。\n\
过去一年，小红书电商GMV实现1000亿交易规模，是上年的三倍。\n\
若以上述增速计算，小红书有望在三年内成为万亿电商俱乐部的新成员。\n";

const TRADITIONAL: &str = "2025年的前兩個月，小紅書大概是最忙的平臺。\n\
社區是小紅書的基石，但UGC狂歡的另一邊，近兩年小紅書搞錢也越來越起勁，並且初見成效。\n\
過去一年，小紅書電商GMV實現1000億交易規模，是上年的三倍。\n\
若以上述增速計算，小紅書有望在三年內成為萬億電商俱樂部的新成員。\n";

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn one_article(path: &Path) -> Article {
    let out = read_file(path).unwrap();
    assert!(out.problems.is_empty(), "{:?}", out.problems);
    assert_eq!(out.articles.len(), 1);
    out.articles.into_iter().next().unwrap()
}

fn bad_input_reason(path: &Path) -> String {
    match read_file(path) {
        Err(Error::BadInput { path: p, reason }) => {
            assert_eq!(p, path);
            reason
        }
        other => panic!("expected BadInput, got {other:?}"),
    }
}

#[test]
fn gbk_file_decodes_to_the_original_text() {
    let dir = tempfile::tempdir().unwrap();
    let (bytes, _, unmappable) = GBK.encode(SIMPLIFIED);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&bytes).is_err());
    let path = write(dir.path(), "gbk.txt", &bytes);
    let a = one_article(&path);
    assert_eq!(a.text, SIMPLIFIED);
    assert_eq!(a.encoding, "GB18030");
    assert_eq!(a.id, "gbk");
}

#[test]
fn big5_file_decodes_to_the_original_text() {
    let dir = tempfile::tempdir().unwrap();
    let (bytes, _, unmappable) = BIG5.encode(TRADITIONAL);
    assert!(!unmappable);
    let path = write(dir.path(), "big5.txt", &bytes);
    let a = one_article(&path);
    assert_eq!(a.text, TRADITIONAL);
    assert_eq!(a.encoding, "Big5");
}

#[test]
fn utf8_bom_is_removed() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(SIMPLIFIED.as_bytes());
    let a = one_article(&write(dir.path(), "bom.txt", &bytes));
    assert_eq!(a.text, SIMPLIFIED);
    assert_eq!(a.encoding, "UTF-8");
}

#[test]
fn utf16le_with_bom() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = vec![0xFF, 0xFE];
    for unit in TRADITIONAL.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let a = one_article(&write(dir.path(), "u16.txt", &bytes));
    assert_eq!(a.text, TRADITIONAL);
    assert_eq!(a.encoding, "UTF-16LE");
}

#[test]
fn empty_and_blank_files_are_rejected() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in [
        ("zero.txt", &b""[..]),
        ("blank.txt", b" \n\r\n\t  \n"),
        ("bom-only.md", b"\xEF\xBB\xBF\n"),
    ] {
        let path = write(dir.path(), name, bytes);
        assert_eq!(bad_input_reason(&path), "empty file", "{name}");
    }
}

#[test]
fn binary_file_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    // Deterministic pseudo-random bytes; a NUL is certain among 4096.
    let mut x: u32 = 0x1234_5678;
    let bytes: Vec<u8> = (0..4096)
        .map(|_| {
            x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (x >> 24) as u8
        })
        .collect();
    assert!(bytes.contains(&0));
    let path = write(dir.path(), "image.txt", &bytes);
    assert_eq!(bad_input_reason(&path), "binary file (NUL bytes); not text");
}

#[test]
fn control_characters_without_nul_are_binary() {
    let dir = tempfile::tempdir().unwrap();
    let bytes: Vec<u8> = (0..2000u32)
        .map(|i| [0x01, 0x02, b'a', 0x03][i as usize % 4])
        .collect();
    let path = write(dir.path(), "ctl.txt", &bytes);
    let reason = bad_input_reason(&path);
    assert!(
        reason.starts_with("binary file (75% control characters"),
        "{reason}"
    );
}

#[test]
fn a_few_invalid_bytes_in_utf8_are_decoded_lossily() {
    let dir = tempfile::tempdir().unwrap();
    let (head, tail) = SIMPLIFIED.split_at(SIMPLIFIED.find("过去一年").unwrap());
    let mut bytes = head.as_bytes().to_vec();
    bytes.extend_from_slice(b"\xFF\xFE");
    bytes.extend_from_slice(tail.as_bytes());
    let a = one_article(&write(dir.path(), "stray.txt", &bytes));
    assert_eq!(a.text, format!("{head}\u{FFFD}\u{FFFD}{tail}"));
    assert_eq!(a.encoding, "UTF-8 (lossy)");
}

#[test]
fn mostly_invalid_utf8_after_a_bom_is_undecodable() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = b"\xEF\xBB\xBFabc".to_vec();
    bytes.extend_from_slice(&[0xFF; 50]);
    let reason = bad_input_reason(&write(dir.path(), "junk.txt", &bytes));
    assert!(
        reason.starts_with("undecodable: 50 of 53 characters"),
        "{reason}"
    );
}

#[test]
fn gbk_file_declaring_utf8_is_still_decoded_as_gbk() {
    let dir = tempfile::tempdir().unwrap();
    let source = format!("---\ntitle: 小红书电商\nencoding: utf-8\n---\n{SIMPLIFIED}");
    let (bytes, _, _) = GBK.encode(&source);
    let a = one_article(&write(dir.path(), "declared.txt", &bytes));
    assert_eq!(a.text, SIMPLIFIED);
    assert_eq!(a.title.as_deref(), Some("小红书电商"));
    assert_eq!(a.encoding, "GB18030 (declared UTF-8)");
}

#[test]
fn declared_big5_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let source = format!("---\nencoding: big5\n---\n{TRADITIONAL}");
    let (bytes, _, _) = BIG5.encode(&source);
    let a = one_article(&write(dir.path(), "declared.txt", &bytes));
    assert_eq!(a.text, TRADITIONAL);
    assert_eq!(a.encoding, "Big5");
}
