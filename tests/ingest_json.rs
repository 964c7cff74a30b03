//! `.json` / `.jsonl` inputs.

use std::path::{Path, PathBuf};

use zhmine::ingest::read_file;
use zhmine::Error;

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn reason_of(path: &Path) -> String {
    match read_file(path) {
        Err(Error::BadInput { reason, .. }) => reason,
        other => panic!("expected BadInput, got {other:?}"),
    }
}

#[test]
fn jsonl_bad_line_among_good_ones() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "shard.jsonl",
        "{\"id\": \"a1\", \"title\": \"标题一\", \"text\": \"正文一。\", \"published\": \"2025-03-01T08:00:00+08:00\", \"source\": \"雷峰网\", \"author\": \"陈嘉欣\", \"url\": \"https://e.com/1\"}\n\
         {\"text\": \"缺了右括号\"\n\
         \n\
         {\"content\": \"正文三。\"}\r\n\
         {\"title\": \"没有正文\"}\n\
         [1, 2]\n\
         {\"text\": \"日期坏了\", \"published\": \"明天\"}\n"
            .as_bytes(),
    );
    let out = read_file(&path).unwrap();
    let got: Vec<_> = out
        .articles
        .iter()
        .map(|a| (a.id.as_str(), a.text.as_str(), a.published.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            ("a1", "正文一。", Some("2025-03-01")),
            ("shard#4", "正文三。", None),
            ("shard#7", "日期坏了", None),
        ]
    );
    let first = &out.articles[0];
    assert_eq!(first.title.as_deref(), Some("标题一"));
    assert_eq!(first.source.as_deref(), Some("雷峰网"));
    assert_eq!(first.author.as_deref(), Some("陈嘉欣"));
    assert_eq!(first.url.as_deref(), Some("https://e.com/1"));
    assert_eq!(first.encoding, "UTF-8");
    assert_eq!(first.path, path.to_string_lossy());

    let p = path.display();
    let problems: Vec<_> = out.problems.iter().map(|e| e.to_string()).collect();
    assert_eq!(
        problems,
        [
            format!("{p}: line 2: invalid JSON at character 16: EOF while parsing an object"),
            format!("{p}: line 5: no `text` or `content`"),
            format!("{p}: line 6: not a JSON object"),
            format!(
                "{p}: line 7: published: cannot read \"明天\" as a date (expected e.g. 2025-03-01, 2025/3/1 or 2025年3月1日); ingested without a date"
            ),
        ]
    );
    assert!(out
        .problems
        .iter()
        .all(|e| matches!(e, Error::BadInput { path: q, .. } if *q == path)));
}

#[test]
fn json_array_of_objects() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "batch.json",
        r#"[{"text": "一"}, "not an object", {"id": 12, "content": "三", "title": null}]"#
            .as_bytes(),
    );
    let out = read_file(&path).unwrap();
    let ids: Vec<_> = out
        .articles
        .iter()
        .map(|a| (a.id.as_str(), a.text.as_str()))
        .collect();
    assert_eq!(ids, [("batch#0", "一"), ("12", "三")]);
    let problems: Vec<_> = out.problems.iter().map(|e| e.to_string()).collect();
    assert_eq!(
        problems,
        [format!("{}: item 1: not a JSON object", path.display())]
    );
}

#[test]
fn json_single_object() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "one.json",
        "\u{FEFF}{\"title\": \"标题\", \"text\": \"正文\", \"published\": \"2025年3月1日\"}"
            .as_bytes(),
    );
    let out = read_file(&path).unwrap();
    assert!(out.problems.is_empty());
    let a = &out.articles[0];
    assert_eq!(
        (a.id.as_str(), a.title.as_deref(), a.published.as_deref()),
        ("one", Some("标题"), Some("2025-03-01"))
    );
}

#[test]
fn json_object_without_text_is_unusable() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "notext.json", br#"{"title": "x"}"#);
    assert_eq!(reason_of(&path), "no `text` or `content`");
}

#[test]
fn invalid_json_file_names_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "broken.json", b"{\n  \"text\": \"x\",\n}");
    assert_eq!(
        reason_of(&path),
        "invalid JSON at line 3 column 1: trailing comma"
    );
}

#[test]
fn deeply_nested_json_is_an_error_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let deep = "[".repeat(200_000);
    let path = write(dir.path(), "deep.json", deep.as_bytes());
    assert_eq!(
        reason_of(&path),
        "JSON nested too deeply (more than 128 levels)"
    );

    let lines = format!(
        "{{\"text\": \"好\"}}\n{{\"text\": {}\n",
        "{\"a\":".repeat(100_000)
    );
    let path = write(dir.path(), "deep.jsonl", lines.as_bytes());
    let out = read_file(&path).unwrap();
    assert_eq!(out.articles.len(), 1);
    assert_eq!(
        out.problems
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>(),
        [format!(
            "{}: line 2: JSON nested too deeply (more than 128 levels)",
            path.display()
        )]
    );
}

#[test]
fn blank_jsonl_is_empty() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "blank.jsonl", b"\n  \n\r\n");
    assert_eq!(reason_of(&path), "empty file");
}

#[test]
fn binary_jsonl_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "bin.jsonl",
        b"{\"text\":\"a\"}\n\x00\x01\x02\x03",
    );
    assert_eq!(reason_of(&path), "binary file (NUL bytes); not text");
}

#[test]
fn gbk_jsonl_is_decoded() {
    let dir = tempfile::tempdir().unwrap();
    let text = "{\"text\": \"过去一年，小红书电商GMV实现1000亿交易规模，是上年的三倍。社区是小红书的基石。\"}\n\
                {\"text\": \"若以上述增速计算，小红书有望在三年内成为万亿电商俱乐部的新成员。\"}\n";
    let (bytes, _, _) = encoding_rs::GBK.encode(text);
    let path = write(dir.path(), "gbk.jsonl", &bytes);
    let out = read_file(&path).unwrap();
    assert!(out.problems.is_empty(), "{:?}", out.problems);
    assert_eq!(out.articles.len(), 2);
    assert!(out.articles[1].text.starts_with("若以上述增速计算"));
    assert_eq!(out.articles[1].encoding, "GB18030");
}
