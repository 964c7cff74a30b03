//! CLI tests of the backbone: ingest the bundled corpus into a temporary
//! index and query it through the real binary.

mod common;

use common::{corpus, hit_ids, ingest, zhmine};
use serde_json::Value;
use std::path::Path;

fn search(index: &Path, q: &str) -> Value {
    common::run_json(&["search", q, "--json"], index)
}

const SEED: &str = "000_b18d7c9321e13add";

#[test]
fn seed_is_searchable_in_both_scripts_and_without_pinyin_noise() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let index = tmp.path().join("ix");
    let (code, summary, _) = ingest(&[&corpus()], &index);
    assert_eq!(code, 0);
    assert_eq!(summary["files_new"], 1);
    assert_eq!(summary["articles"], 1);

    let r = search(&index, "买手直播");
    assert_eq!(r["total_hits"], 1);
    assert_eq!(hit_ids(&r), vec![SEED]);
    let hit = &r["hits"][0];
    assert!(
        hit["snippet"]
            .as_str()
            .unwrap_or("")
            .contains("<b>买手直播</b>"),
        "{hit}"
    );
    assert_eq!(hit["source"], "雷峰网");
    let sentence = hit["sentence"]["text"].as_str().unwrap_or("");
    assert!(sentence.contains("买手直播"), "{sentence}");

    // Traditional and simplified queries find the same articles.
    let trad = search(&index, "小紅書");
    let simp = search(&index, "小红书");
    assert_eq!(hit_ids(&trad), vec![SEED]);
    assert_eq!(hit_ids(&trad), hit_ids(&simp));
    assert_eq!(trad["hits"][0]["score"], simp["hits"][0]["score"]);

    // 服務(wù)商 in the original: only found once the pinyin is gone.
    assert_eq!(hit_ids(&search(&index, "服务商")), vec![SEED]);
    // A phrase, and part of a word through the bigram field.
    assert_eq!(hit_ids(&search(&index, "\"商家店播\"")), vec![SEED]);
    assert_eq!(
        search(&index, "拼多多 不存在的词语组合").get("total_hits"),
        Some(&Value::from(0))
    );
}

#[test]
fn reingest_changes_nothing_and_edit_replaces() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus_dir = tmp.path().join("corpus");
    std::fs::create_dir(&corpus_dir).expect("mkdir");
    let a = corpus_dir.join("a.txt");
    std::fs::write(
        &a,
        "---\ntitle: 测试\npublished: 2024-05-01\n---\n小红书电商今年主推店播。\n",
    )
    .expect("write");
    let index = tmp.path().join("ix");
    let (code, s1, _) = ingest(&[&corpus_dir], &index);
    assert_eq!((code, s1["files_new"].clone()), (0, Value::from(1)));
    let meta_before = std::fs::read(index.join("meta.json")).expect("meta");

    let (code, s2, stderr) = ingest(&[&corpus_dir], &index);
    assert_eq!(code, 0);
    assert_eq!(s2["files_unchanged"], 1);
    assert_eq!(s2["files_new"], 0);
    assert_eq!(s2["commits"], 0);
    assert!(stderr.is_empty() || !stderr.contains("zhmine:"), "{stderr}");
    assert_eq!(
        std::fs::read(index.join("meta.json")).expect("meta"),
        meta_before
    );

    std::fs::write(
        &a,
        "---\ntitle: 测试\npublished: 2024-05-01\n---\n小红书电商今年主推主理人直播。\n",
    )
    .expect("write");
    let (code, s3, _) = ingest(&[&corpus_dir], &index);
    assert_eq!(code, 0);
    assert_eq!(s3["files_updated"], 1);
    assert_eq!(search(&index, "小红书")["total_hits"], 1);
    assert_eq!(search(&index, "主理人直播")["total_hits"], 1);
    assert_eq!(search(&index, "店播")["total_hits"], 0);
}

#[test]
fn bad_files_are_reported_and_good_ones_ingested() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("c");
    std::fs::create_dir(&dir).expect("mkdir");
    let gbk_text = "拼多多旗下跨境电商平台发布财报。";
    let (gbk, _, _) = encoding_rs::GBK.encode(gbk_text);
    std::fs::write(dir.join("gbk.txt"), &gbk).expect("write");
    let big5_text = "快手電商今年的交易規模持續增長。";
    let (big5, _, _) = encoding_rs::BIG5.encode(big5_text);
    std::fs::write(dir.join("big5.txt"), &big5).expect("write");
    std::fs::write(dir.join("empty.txt"), b"").expect("write");
    std::fs::write(
        dir.join("binary.txt"),
        [0u8, 159, 146, 150, 0, 1, 2, 3, 255],
    )
    .expect("write");
    std::fs::write(
        dir.join("lines.jsonl"),
        "{\"id\":\"j1\",\"text\":\"京东发布年度报告。\"}\n{\"id\": broken\n",
    )
    .expect("write");
    let index = tmp.path().join("ix");
    let (code, s, stderr) = ingest(&[&dir], &index);
    assert_eq!(code, 1, "some inputs failed: exit status 1");
    assert_eq!(s["files_failed"], 2);
    assert_eq!(s["articles"], 3);
    assert!(stderr.contains("empty.txt"), "{stderr}");
    assert!(stderr.contains("binary.txt"), "{stderr}");
    assert!(
        stderr.contains("lines.jsonl") && stderr.contains("line 2"),
        "{stderr}"
    );
    assert_eq!(hit_ids(&search(&index, "拼多多")), vec!["gbk"]);
    // Big5 is converted to simplified: a simplified query finds it.
    assert_eq!(hit_ids(&search(&index, "快手电商")), vec!["big5"]);
    assert_eq!(hit_ids(&search(&index, "京东")), vec!["j1"]);
}

#[test]
fn malformed_queries_and_dates_are_one_line_errors() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let index = tmp.path().join("ix");
    ingest(&[&corpus()], &index);
    for args in [
        vec!["search", "a:b"],
        vec!["search", "小红书", "--from", "2024-13-01"],
        vec![
            "search",
            "小红书",
            "--from",
            "2025-01-01",
            "--to",
            "2024-01-01",
        ],
        // clap's usage errors are one line too.
        vec!["search", "小红书", "--from", "-2024-01-01"],
        vec!["search", "小红书", "--limit", "ten"],
    ] {
        let out = zhmine()
            .args(&args)
            .arg("--index")
            .arg(&index)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim().lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("zhmine: "), "{err}");
    }
    let long = "字".repeat(30_000); // 90 KB: under the OS limit for one argument
    let out = zhmine()
        .args(["search", &long, "--index"])
        .arg(&index)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let out = zhmine()
        .args(["search", "，。！", "--json", "--index"])
        .arg(&index)
        .output()
        .expect("runs");
    assert!(out.status.success());
    let no_index = tmp.path().join("nothing");
    let out = zhmine()
        .args(["search", "x", "--index"])
        .arg(&no_index)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no index here"));
}

#[test]
fn an_article_over_the_size_limit_is_refused_by_name() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("c");
    std::fs::create_dir(&dir).expect("mkdir");
    // 9 MB on one line: a dump, not an article.
    std::fs::write(dir.join("huge.txt"), "小红书电商".repeat(600_000)).expect("write");
    std::fs::write(dir.join("ok.txt"), "京东发布年度报告。\n").expect("write");
    let index = tmp.path().join("ix");
    let (code, s, stderr) = ingest(&[&dir], &index);
    assert_eq!(code, 1);
    assert_eq!(s["files_new"], 1);
    assert_eq!(s["files_failed"], 1);
    let line = stderr
        .lines()
        .find(|l| l.contains("huge.txt"))
        .unwrap_or("");
    assert!(
        line.contains("9.0 MB of text") && line.contains("up to 8 MB"),
        "{stderr}"
    );
    assert_eq!(hit_ids(&search(&index, "京东")), vec!["ok"]);
}

#[test]
fn part_of_a_word_is_found_and_highlighted() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("c");
    std::fs::create_dir(&dir).expect("mkdir");
    // 店播 only inside 商家店播, which jieba keeps whole.
    std::fs::write(dir.join("a.txt"), "抖音电商将重点扶持商家店播。\n").expect("write");
    let index = tmp.path().join("ix");
    ingest(&[&dir], &index);
    let r = search(&index, "店播");
    assert_eq!(hit_ids(&r), vec!["a"]);
    let snippet = r["hits"][0]["snippet"].as_str().unwrap_or("");
    assert_eq!(snippet, "抖音电商将重点扶持商家<b>店播</b>");
    assert_eq!(r["hits"][0]["sentence"]["index"], 0);
}
