//! `process --jsonl` then `ingest --processed` builds the same index as a
//! direct `ingest`: the path past one machine (process shards anywhere,
//! merge them into one index here).

mod common;

use common::{corpus, json_lines, run_json, zhmine};
use serde_json::Value;

#[test]
fn processed_shards_give_the_same_index_as_a_direct_ingest() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let direct = tmp.path().join("direct");
    let via = tmp.path().join("via");
    let out = zhmine()
        .arg("ingest")
        .arg("--index")
        .arg(&direct)
        .arg(corpus())
        .output()
        .expect("runs");
    assert!(out.status.success());

    let out = zhmine()
        .args(["process", "--jsonl"])
        .arg(corpus())
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let shard = tmp.path().join("shard.jsonl");
    std::fs::write(&shard, &out.stdout).expect("write");
    let lines = json_lines(&out.stdout);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["id"], "000_b18d7c9321e13add");
    assert!(lines[0]["text"].as_str().unwrap_or("").contains("买手直播"));

    let out = zhmine()
        .args(["ingest", "--processed", "--json", "--index"])
        .arg(&via)
        .arg(&shard)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    for q in ["买手直播", "小紅書", "服务商 GMV"] {
        assert_eq!(
            run_json(&["search", q, "--json"], &direct),
            run_json(&["search", q, "--json"], &via),
            "{q}"
        );
    }
    for args in [
        vec!["timeline", "--entity", "小红书", "--json"],
        vec!["entities", "--json"],
        vec!["figures", "--json"],
    ] {
        assert_eq!(run_json(&args, &direct), run_json(&args, &via), "{args:?}");
    }

    // The shard keeps the original file and version: ingesting it again, or
    // ingesting the corpus into the merged index, changes nothing.
    let again = zhmine()
        .args(["ingest", "--processed", "--json", "--index"])
        .arg(&via)
        .arg(&shard)
        .output()
        .expect("runs");
    let s: Value = serde_json::from_slice(&again.stdout).expect("summary");
    assert_eq!(s["files_unchanged"], 1);
    let direct_again = zhmine()
        .args(["ingest", "--json", "--index"])
        .arg(&via)
        .arg(corpus())
        .output()
        .expect("runs");
    let s: Value = serde_json::from_slice(&direct_again.stdout).expect("summary");
    assert_eq!(s["files_unchanged"], 1);
    assert_eq!(s["files_new"], 0);
}

#[test]
fn stdin_articles_are_processed_and_bad_lines_reported() {
    let input = "{\"id\":\"a\",\"published\":\"2025-03-01\",\"text\":\"去年小红书电商GMV突破1000亿元。\"}\n\
                 {not json}\n\
                 {\"id\":\"b\",\"text\":\"抖音电商今年主推店播。\"}\n";
    let out = zhmine()
        .args(["process", "--jsonl"])
        .write_stdin(input)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("<stdin>: line 2:"), "{err}");
    let lines = json_lines(&out.stdout);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], "a");
    assert_eq!(lines[1]["id"], "b");
    let gmv = &lines[0]["extraction"]["figures"][0];
    assert_eq!(gmv["metric"], "GMV");
    assert_eq!(gmv["value"], 100000000000.0);
    assert_eq!(gmv["period"]["start"], "2024-01-01");
}

#[test]
fn a_shard_with_two_versions_of_one_file_keeps_the_last() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("c");
    std::fs::create_dir(&dir).expect("mkdir");
    let a = dir.join("a.txt");
    std::fs::write(&a, "小红书电商今年主推店播。\n").expect("write");
    let v1 = zhmine()
        .args(["process", "--jsonl"])
        .arg(&dir)
        .output()
        .expect("runs")
        .stdout;
    std::fs::write(&a, "小红书电商今年主推主理人直播。\n").expect("write");
    let v2 = zhmine()
        .args(["process", "--jsonl"])
        .arg(&dir)
        .output()
        .expect("runs")
        .stdout;
    let shard = tmp.path().join("shard.jsonl");
    std::fs::write(&shard, [v1, v2].concat()).expect("write");
    let index = tmp.path().join("ix");
    let out = zhmine()
        .args(["ingest", "--processed", "--index"])
        .arg(&index)
        .arg(&shard)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        run_json(&["search", "小红书", "--json"], &index)["total_hits"],
        1
    );
    assert_eq!(
        run_json(&["search", "主理人直播", "--json"], &index)["total_hits"],
        1
    );
    assert_eq!(
        run_json(&["search", "店播", "--json"], &index)["total_hits"],
        0
    );
}

#[test]
fn one_file_named_two_ways_is_one_file() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("dup");
    std::fs::create_dir(&dir).expect("mkdir");
    std::fs::write(dir.join("a.txt"), "抖音电商今年主推店播。\n").expect("write");
    let index = tmp.path().join("ix");
    let first = zhmine()
        .arg("ingest")
        .arg("--index")
        .arg(&index)
        .arg(&dir)
        .output()
        .expect("runs");
    assert!(first.status.success());
    let other_spelling = tmp.path().join(".").join("dup").join("..").join("dup");
    let again = zhmine()
        .args(["ingest", "--json", "--index"])
        .arg(&index)
        .arg(&other_spelling)
        .output()
        .expect("runs");
    let s: Value = serde_json::from_slice(&again.stdout).expect("summary");
    assert_eq!(s["files_unchanged"], 1, "{s}");
    assert_eq!(
        run_json(&["search", "抖音", "--json"], &index)["total_hits"],
        1
    );
}

#[test]
fn spark_output_folders_are_ingested_as_they_are() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = zhmine()
        .args(["process", "--jsonl"])
        .arg(corpus())
        .output()
        .expect("runs");
    assert!(out.status.success());
    let shards = tmp.path().join("run1");
    std::fs::create_dir(&shards).expect("mkdir");
    std::fs::write(shards.join("part-00000"), &out.stdout).expect("write");
    std::fs::write(shards.join("part-00001"), b"").expect("write"); // an empty partition
    std::fs::write(shards.join("_SUCCESS"), b"").expect("write");
    std::fs::write(shards.join(".part-00000.crc"), b"\x00\x01").expect("write");
    let index = tmp.path().join("ix");
    let r = zhmine()
        .args(["ingest", "--processed", "--json", "--index"])
        .arg(&index)
        .arg(&shards)
        .output()
        .expect("runs");
    assert_eq!(
        r.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    let s: Value = serde_json::from_slice(&r.stdout).expect("summary");
    assert_eq!(s["files_seen"], 2);
    assert_eq!(s["articles"], 1);
    assert_eq!(
        run_json(&["search", "买手直播", "--json"], &index)["total_hits"],
        1
    );
}
