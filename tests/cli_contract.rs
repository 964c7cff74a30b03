//! The command line's contract, one regression test per defect a review of
//! the binary found: closed pipes, `ZHMINE_DATA`, unique article ids, the
//! index folder, commits per `--commit-mb`, files deleted from a corpus,
//! data files changed under an index, usage messages, `--limit`.

mod common;

use common::{hit_ids, ingest, run_json, zhmine};
use std::path::Path;
use std::process::Stdio;

fn write(p: &Path, text: &str) {
    if let Some(d) = p.parent() {
        std::fs::create_dir_all(d).expect("mkdir");
    }
    std::fs::write(p, text).expect("write");
}

fn stderr_of(args: &[&str]) -> (i32, String) {
    let out = zhmine().args(args).output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_closed_pipe_is_not_an_error_with_json() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let index = tmp.path().join("ix");
    let (code, _, err) = ingest(&[&common::corpus()], &index);
    assert_eq!(code, 0, "{err}");
    for args in [
        vec!["search", "小红书", "--json"],
        vec!["entities", "--json"],
        vec!["figures", "--json"],
        vec!["timeline", "--entity", "小红书", "--json"],
    ] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_zhmine"))
            .args(&args)
            .arg("--index")
            .arg(&index)
            .env_remove("ZHMINE_DATA")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        // Close the reading end before the command writes anything.
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("wait");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
        assert!(err.is_empty(), "{args:?}: {err}");
    }
}

#[test]
fn zhmine_data_in_the_environment_extends_the_data_files() {
    let tmp = tempfile::tempdir().expect("tempdir");
    write(
        &tmp.path().join("data/gazetteer.tsv"),
        "携程\tplatform\tCtrip|攜程\n",
    );
    let out = zhmine()
        .env("ZHMINE_DATA", tmp.path().join("data"))
        .args(["extract", "--json", "--text", "携程去年营收445亿元。"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let names: Vec<&str> = v["sentences"][0]["entities"]
        .as_array()
        .map(|a| a.iter().filter_map(|e| e["name"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(names, ["携程"], "{v}");
}

#[test]
fn two_files_with_one_stem_get_two_ids_and_keep_them() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = tmp.path().join("same");
    let index = tmp.path().join("ix");
    write(&corpus.join("a/news.txt"), "小红书电商GMV突破1000亿元。\n");
    write(&corpus.join("b/news.txt"), "抖音电商GMV达到3.5万亿元。\n");
    let ids = |index: &Path| {
        let mut ids = hit_ids(&run_json(&["search", "GMV", "--json"], index));
        ids.sort();
        ids
    };
    assert_eq!(ingest(&[&corpus], &index).0, 0);
    let first = ids(&index);
    assert_eq!(first.len(), 2, "{first:?}");
    assert_eq!(first[0], "news");
    assert!(
        first[1].starts_with("news~") && first[1].len() == "news~".len() + 8,
        "{first:?}"
    );
    // Editing either file keeps both ids; a rebuild gives the same ones.
    write(
        &corpus.join("a/news.txt"),
        "小红书电商GMV突破1000亿元,同比翻番。\n",
    );
    write(
        &corpus.join("b/news.txt"),
        "抖音电商GMV达到3.5万亿元,同比增长。\n",
    );
    assert_eq!(ingest(&[&corpus], &index).0, 0);
    assert_eq!(ids(&index), first);
    let fresh = tmp.path().join("ix2");
    assert_eq!(ingest(&[&corpus], &fresh).0, 0);
    assert_eq!(ids(&fresh), first);
}

#[test]
fn more_threads_than_tantivy_allows_still_ingest() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = zhmine()
        .args(["ingest", "--threads", "64", "--index"])
        .arg(tmp.path().join("ix"))
        .arg(common::corpus())
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_index_inside_the_corpus_is_not_read_as_input() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let proj = tmp.path().join("proj");
    write(&proj.join("a.txt"), "小红书电商GMV突破1000亿元。\n");
    for run in 0..2 {
        let out = zhmine()
            .current_dir(&proj)
            .args(["ingest", "--json", "."])
            .output()
            .expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "run {run}: {err}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        assert_eq!(v["files_seen"], 1, "run {run}: {v}");
    }
}

#[test]
fn index_must_be_an_index_an_empty_folder_or_new() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let other = tmp.path().join("notes");
    write(&other.join("todo.txt"), "买菜\n");
    let corpus = common::corpus();
    let corpus = corpus.to_str().expect("utf-8 path");
    let other_s = other.to_str().expect("utf-8 path");
    let (code, err) = stderr_of(&["ingest", corpus, "--index", other_s]);
    assert_eq!(code, 2);
    assert!(
        err.contains("holds other files and no zhmine index"),
        "{err}"
    );
    assert!(!other.join("meta.json").exists());
    let file = other.join("todo.txt");
    let (code, err) = stderr_of(&["ingest", corpus, "--index", file.to_str().unwrap_or("")]);
    assert_eq!(code, 2);
    assert!(err.contains("is a file, not an index folder"), "{err}");
    // A folder holding only hidden files (`index/.gitkeep`) is fine.
    let keep = tmp.path().join("index");
    write(&keep.join(".gitkeep"), "");
    let (code, err) = stderr_of(&["ingest", corpus, "--index", keep.to_str().unwrap_or("")]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn commits_follow_commit_mb_between_files() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = tmp.path().join("c");
    // Three files of ~1.2 MB each: with --commit-mb 1, a commit after each.
    // (ASCII text: a debug build segments it far faster than Han text.)
    for i in 0..3 {
        let body = format!("GMV report number {i}!\n").repeat(55_000);
        write(&corpus.join(format!("f{i}.txt")), &body);
    }
    let out = zhmine()
        .args(["ingest", "--json", "--commit-mb", "1", "--index"])
        .arg(tmp.path().join("ix"))
        .arg(&corpus)
        .output()
        .expect("runs");
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["commits"], 3, "{v}");
    assert_eq!(v["articles"], 3, "{v}");
}

#[test]
fn a_file_deleted_from_the_corpus_leaves_the_index() {
    // Also: a file put back as it was is indexed again (the deleted
    // version's terms linger in the segment until a merge).
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = tmp.path().join("c");
    let index = tmp.path().join("ix");
    write(&corpus.join("a.txt"), "快手电商GMV增长。\n");
    write(&corpus.join("b.txt"), "抖音电商GMV增长。\n");
    // A file ingested by naming it, outside the folder, stays.
    let lone = tmp.path().join("lone.txt");
    write(&lone, "拼多多电商GMV增长。\n");
    assert_eq!(ingest(&[&corpus, &lone], &index).0, 0);
    std::fs::remove_file(corpus.join("a.txt")).expect("rm");
    let (code, summary, err) = ingest(&[&corpus], &index);
    assert_eq!(code, 0, "{err}");
    assert_eq!(summary["files_removed"], 1, "{summary}");
    let mut ids = hit_ids(&run_json(&["search", "GMV", "--json"], &index));
    ids.sort();
    assert_eq!(ids, ["b", "lone"]);
    // Nothing left to remove: the index is as it was.
    let (_, summary, _) = ingest(&[&corpus], &index);
    assert_eq!(summary["files_removed"], 0, "{summary}");
    assert_eq!(summary["commits"], 0, "{summary}");
    write(&corpus.join("a.txt"), "快手电商GMV增长。\n");
    let (_, summary, _) = ingest(&[&corpus], &index);
    assert_eq!(summary["files_new"], 1, "{summary}");
    let mut ids = hit_ids(&run_json(&["search", "GMV", "--json"], &index));
    ids.sort();
    assert_eq!(ids, ["a", "b", "lone"]);
}

#[test]
fn a_file_reverted_to_an_earlier_version_is_indexed_again() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = tmp.path().join("c");
    let index = tmp.path().join("ix");
    write(&corpus.join("a.txt"), "快手电商GMV增长。\n");
    assert_eq!(ingest(&[&corpus], &index).0, 0);
    write(&corpus.join("a.txt"), "快手电商DAU增长。\n");
    assert_eq!(ingest(&[&corpus], &index).0, 0);
    write(&corpus.join("a.txt"), "快手电商GMV增长。\n");
    let (_, summary, _) = ingest(&[&corpus], &index);
    assert_eq!(summary["files_updated"], 1, "{summary}");
    assert_eq!(
        hit_ids(&run_json(&["search", "GMV", "--json"], &index)),
        ["a"]
    );
    assert!(hit_ids(&run_json(&["search", "DAU", "--json"], &index)).is_empty());
}

#[test]
fn ingest_refuses_to_mix_data_versions_in_one_index() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let index = tmp.path().join("ix");
    assert_eq!(ingest(&[&common::corpus()], &index).0, 0);
    write(
        &tmp.path().join("data/gazetteer.tsv"),
        "携程\tplatform\tCtrip\n",
    );
    write(&tmp.path().join("more/x.txt"), "携程去年营收445亿元。\n");
    let out = zhmine()
        .arg("--data")
        .arg(tmp.path().join("data"))
        .args(["ingest", "--index"])
        .arg(&index)
        .arg(tmp.path().join("more"))
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("other versions of gazetteer.tsv"), "{err}");
    assert!(err.contains("--rebuild"), "{err}");
}

#[test]
fn usage_errors_name_what_is_missing_and_the_similar_flag() {
    let (code, err) = stderr_of(&["timeline"]);
    assert_eq!(code, 2);
    assert!(err.contains("--entity <ENTITY>"), "{err}");
    let (code, err) = stderr_of(&["export"]);
    assert_eq!(code, 2);
    assert!(err.contains("<--claims|--figures|--entities>"), "{err}");
    let (code, err) = stderr_of(&["search", "x", "--limt", "3"]);
    assert_eq!(code, 2);
    assert!(err.contains("similar argument exists: '--limit'"), "{err}");
    for (code, err) in [
        stderr_of(&["timeline"]),
        stderr_of(&["search", "x", "--limt", "3"]),
    ] {
        assert_eq!(code, 2);
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(!err.contains("For more information"), "{err}");
    }
}

#[test]
fn the_reason_of_an_error_is_said_once() {
    let (code, err) = stderr_of(&["extract", "/nonexistent/zhmine-test.txt"]);
    assert_eq!(code, 2);
    assert_eq!(err.matches("No such file or directory").count(), 1, "{err}");
    assert!(err.contains("/nonexistent/zhmine-test.txt"), "{err}");
}

#[test]
fn search_limit_is_bounded() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let index = tmp.path().join("ix");
    assert_eq!(ingest(&[&common::corpus()], &index).0, 0);
    let ix = index.to_str().expect("utf-8 path");
    for limit in ["0", "10001", "4294967296", "18446744073709551615"] {
        let (code, err) = stderr_of(&["search", "小红书", "--limit", limit, "--index", ix]);
        assert_eq!(code, 2, "--limit {limit}: {err}");
        assert!(err.contains("--limit"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn unspaced_han_words_are_all_required_not_a_phrase() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = tmp.path().join("c");
    let index = tmp.path().join("ix");
    // 抖音电商 is one dictionary word: no token 电商 sits next to GMV.
    write(&corpus.join("a.txt"), "抖音电商GMV达到3.5万亿元。\n");
    write(&corpus.join("b.txt"), "电商行业的利润率下降。\n");
    assert_eq!(ingest(&[&corpus], &index).0, 0);
    let ids = hit_ids(&run_json(&["search", "电商GMV", "--json"], &index));
    assert_eq!(ids, ["a"]);
    // A quoted phrase stays a phrase.
    let ids = hit_ids(&run_json(&["search", "\"利润率下降\"", "--json"], &index));
    assert_eq!(ids, ["b"]);
    let ids = hit_ids(&run_json(&["search", "\"GMV利润率\"", "--json"], &index));
    assert!(ids.is_empty(), "{ids:?}");
}

#[test]
fn read_commands_take_either_script_partial_dates_and_plain_spellings() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let index = tmp.path().join("ix");
    assert_eq!(ingest(&[&common::corpus()], &index).0, 0);
    let hits = |args: &[&str]| hit_ids(&run_json(args, &index));
    let seed = ["000_b18d7c9321e13add"];
    // The seed's sidecar says 雷峰网; traditional 雷峰網 finds it too.
    assert_eq!(
        hits(&["search", "小红书", "--source", "雷峰網", "--json"]),
        seed
    );
    // Its inferred date is 2025-03-01: inside 2025, after --to 2024.
    assert_eq!(
        hits(&[
            "search",
            "小红书",
            "--from",
            "2025",
            "--to",
            "2025-03",
            "--json"
        ]),
        seed
    );
    assert!(hits(&["search", "小红书", "--to", "2024", "--json"]).is_empty());
    // A query may start with an excluded word, without `--`.
    assert!(hits(&["search", "-小红书 买手", "--json"]).is_empty());
    // Kinds in any case.
    let v = run_json(&["entities", "--kind", "Platform", "--json"], &index);
    assert!(
        v.as_array()
            .is_some_and(|a| !a.is_empty() && a.iter().all(|e| e["kind"] == "platform")),
        "{v}"
    );
}

#[test]
fn export_format_follows_the_out_file_and_dash_is_stdout() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let index = tmp.path().join("ix");
    assert_eq!(ingest(&[&common::corpus()], &index).0, 0);
    let csv = tmp.path().join("figures.csv");
    let out = zhmine()
        .args(["export", "--figures", "--out"])
        .arg(&csv)
        .arg("--index")
        .arg(&index)
        .output()
        .expect("runs");
    assert!(out.status.success());
    let text = std::fs::read_to_string(&csv).expect("csv written");
    assert!(
        text.starts_with("subject,metric,value,"),
        "{}",
        &text[..text.len().min(80)]
    );
    let out = zhmine()
        .current_dir(tmp.path())
        .args(["export", "--figures", "--out", "-", "--index"])
        .arg(&index)
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert!(
        !tmp.path().join("-").exists(),
        "--out - wrote a file named -"
    );
    assert!(!common::json_lines(&out.stdout).is_empty());
}

#[test]
fn search_text_shows_the_best_sentence_and_its_span() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let index = tmp.path().join("ix");
    assert_eq!(ingest(&[&common::corpus()], &index).0, 0);
    let out = zhmine()
        .args(["search", "买手直播", "--index"])
        .arg(&index)
        .env("NO_COLOR", "1")
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("» sentence 39 (chars 1619..1639): 02 买手直播,是小红书电商的最优解吗?"),
        "{text}"
    );
    assert!(
        !text.contains('\u{1b}'),
        "colour without a terminal: {text}"
    );
}

#[test]
fn process_exits_1_when_a_file_had_a_problem() {
    let tmp = tempfile::tempdir().expect("tempdir");
    write(
        &tmp.path().join("c/a.jsonl"),
        "{\"id\":\"x\",\"text\":\"小红书电商GMV突破1000亿元。\"}\nnot json\n",
    );
    let out = zhmine()
        .args(["process", "--jsonl"])
        .arg(tmp.path().join("c"))
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("a.jsonl: line 2: invalid JSON"), "{err}");
    assert_eq!(common::json_lines(&out.stdout).len(), 1);
}
