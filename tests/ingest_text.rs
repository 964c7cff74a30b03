//! `.txt` / `.md` inputs: front matter, sidecars, ids and titles.

use std::path::{Path, PathBuf};

use zhmine::ingest::{fingerprint, read_file};
use zhmine::model::Article;
use zhmine::Error;

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn read_one(path: &Path) -> (Article, Vec<String>) {
    let out = read_file(path).unwrap();
    assert_eq!(out.articles.len(), 1);
    let problems = out.problems.iter().map(|p| p.to_string()).collect();
    (out.articles.into_iter().next().unwrap(), problems)
}

#[test]
fn front_matter_with_all_keys_and_quotes() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "000_b18d7c9321e13add.txt",
        "---\n\
         title: \"小红书的电商野心: 一年1000亿\"\n\
         published: '2025年3月1日'\n\
         source: 雷峰网\n\
         Author:   陈嘉欣  \n\
         url: https://www.leiphone.com/category/x.html\n\
         id: xhs-001\n\
         tags:\n  - 电商\n\
         ---\n\
         2025年的前两个月，小红书大概是最忙的平台。\n\n正文第二段。\n",
    );
    let (a, problems) = read_one(&path);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        a,
        Article {
            id: "xhs-001".into(),
            path: path.to_string_lossy().into_owned(),
            title: Some("小红书的电商野心: 一年1000亿".into()),
            text: "2025年的前两个月，小红书大概是最忙的平台。\n\n正文第二段。\n".into(),
            published: Some("2025-03-01".into()),
            source: Some("雷峰网".into()),
            author: Some("陈嘉欣".into()),
            url: Some("https://www.leiphone.com/category/x.html".into()),
            encoding: "UTF-8".into(),
        }
    );
}

#[test]
fn front_matter_with_crlf_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "a.txt",
        "---\r\npublished: 2025/3/1\r\n---\r\n正文。\r\n",
    );
    let (a, _) = read_one(&path);
    assert_eq!(a.published.as_deref(), Some("2025-03-01"));
    assert_eq!(a.text, "正文。\r\n");
}

#[test]
fn missing_closing_line_means_no_front_matter() {
    let dir = tempfile::tempdir().unwrap();
    let text = "---\ntitle: 不是元数据\n正文开始了。\n";
    let (a, _) = read_one(&write(dir.path(), "open.txt", text));
    assert_eq!(a.text, text);
    assert_eq!(a.title, None);
    assert_eq!(a.id, "open");
}

#[test]
fn markdown_rule_and_prose_is_not_front_matter() {
    let dir = tempfile::tempdir().unwrap();
    let text = "---\n这是一段正文，不是元数据。\n---\n更多正文。\n";
    let (a, _) = read_one(&write(dir.path(), "rule.md", text));
    assert_eq!(a.text, text);
}

#[test]
fn sidecar_fills_what_front_matter_lacks() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "foo.txt", "---\ntitle: 前言标题\n---\n正文。\n");
    write(
        dir.path(),
        "foo.meta.json",
        r#"{"title": "侧车标题", "published": "2025-03-01T08:00:00+08:00", "source": "雷峰网", "id": 7}"#,
    );
    let (a, problems) = read_one(&path);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(a.title.as_deref(), Some("前言标题"));
    assert_eq!(a.published.as_deref(), Some("2025-03-01"));
    assert_eq!(a.source.as_deref(), Some("雷峰网"));
    assert_eq!(a.id, "7");
    assert_eq!(a.text, "正文。\n");
}

#[test]
fn sidecar_named_after_the_full_file_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "bar.md", "正文。\n");
    write(dir.path(), "bar.md.meta.json", r#"{"author": "陈嘉欣"}"#);
    let (a, _) = read_one(&path);
    assert_eq!(a.author.as_deref(), Some("陈嘉欣"));
}

#[test]
fn broken_sidecar_is_a_problem_not_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "baz.txt", "正文。\n");
    let side = write(dir.path(), "baz.meta.json", "{not json");
    let (a, problems) = read_one(&path);
    assert_eq!(a.text, "正文。\n");
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0].starts_with(&format!(
            "{}: sidecar ignored: invalid JSON",
            side.display()
        )),
        "{problems:?}"
    );
}

#[test]
fn unreadable_date_is_a_problem_and_the_article_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "d.txt", "---\npublished: 上周三\n---\n正文。\n");
    let (a, problems) = read_one(&path);
    assert_eq!(a.published, None);
    assert_eq!(
        problems,
        [format!(
            "{}: published: cannot read \"上周三\" as a date (expected e.g. 2025-03-01, 2025/3/1 or 2025年3月1日); ingested without a date",
            path.display()
        )]
    );
}

#[test]
fn titles_when_none_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("a.md", "导语。\n\n# 小红书的电商野心 #\n正文。\n", Some("小红书的电商野心")),
        ("b.txt", "\n小红书电商这一年\n2025年的前两个月，小红书大概是最忙的平台。\n", Some("小红书电商这一年")),
        ("c.txt", "0\n2025年的前兩個月,小紅書大概是最忙的平臺。\n", None),
        ("d.txt", "2025年的前两个月，小红书大概是最忙的平台。\n", None),
        ("e.txt", "一个超过四十个字的第一行一个超过四十个字的第一行一个超过四十个字的第一行一个超过四十个字\n正文\n", None),
    ];
    for (name, text, title) in cases {
        let (a, _) = read_one(&write(dir.path(), name, text));
        assert_eq!(a.title.as_deref(), title, "{name}");
        assert_eq!(a.text, text, "{name}: the title line stays in the text");
    }
}

#[test]
fn directory_named_like_a_file_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.txt");
    std::fs::create_dir(&path).unwrap();
    match read_file(&path) {
        Err(Error::BadInput { reason, .. }) => assert_eq!(reason, "is a directory, not a file"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn front_matter_without_text_is_empty() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "only.txt", "---\ntitle: 标题\n---\n\n");
    match read_file(&path) {
        Err(Error::BadInput { reason, .. }) => {
            assert_eq!(reason, "empty file (front matter but no text)")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn missing_file_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gone.txt");
    assert!(matches!(read_file(&path), Err(Error::Io { path: p, .. }) if p == path));
}

#[test]
fn seed_article_with_its_sidecar() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/000_b18d7c9321e13add.txt");
    let (a, problems) = read_one(&path);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(a.id, "000_b18d7c9321e13add");
    assert_eq!(a.source.as_deref(), Some("雷峰网"));
    assert_eq!(a.author.as_deref(), Some("陈嘉欣"));
    assert_eq!(
        a.title, None,
        "the seed's first line is `0`, not a headline"
    );
    assert_eq!(a.encoding, "UTF-8");
    assert_eq!(a.text, std::fs::read_to_string(&path).unwrap());
}

#[test]
fn fingerprint_covers_the_sidecar() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "f.txt", "正文。\n");
    let alone = fingerprint(&path).unwrap();
    assert_eq!(
        alone,
        blake3::hash("正文。\n".as_bytes()).to_hex().to_string()
    );
    write(dir.path(), "f.meta.json", r#"{"source": "A"}"#);
    let with_a = fingerprint(&path).unwrap();
    write(dir.path(), "f.meta.json", r#"{"source": "B"}"#);
    let with_b = fingerprint(&path).unwrap();
    assert_ne!(alone, with_a);
    assert_ne!(with_a, with_b);
    assert_eq!(with_b, fingerprint(&path).unwrap());
}
