//! Hostile inputs through the real binary: files that are broken in every
//! way we know, queries that are malformed in every way we know, and two
//! ingests racing for one index. Nothing may panic; every problem is one
//! `zhmine: ` line naming the file (and line) and the reason.

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};
use zhmine::index::ZhIndex;
use zhmine::query::search::{search, SearchRequest, SearchResult};

mod common;
use common::zhmine;

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn no_panic(stderr: &str) {
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "{stderr}"
    );
}

fn search_ids(index: &Path, q: &str) -> Vec<String> {
    let out = zhmine()
        .args(["search", q, "--json", "--limit", "10000", "--index"])
        .arg(index)
        .output()
        .expect("runs");
    assert!(out.status.success(), "search {q}: {}", text(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    v["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["doc_id"].as_str().unwrap_or_default().to_string())
        .collect()
}

const GOOD: &str = "小红书电商2024年的GMV突破1000亿元，买手直播成为重点。";

/// The problem lines of an ingest's stderr (the summary line is not one).
fn problem_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.starts_with("zhmine: "))
        .collect()
}

#[test]
fn hostile_files_each_get_one_line_and_the_rest_is_ingested() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let c = tmp.path().join("c");
    std::fs::create_dir(&c).expect("mkdir");
    let w = |name: &str, bytes: &[u8]| std::fs::write(c.join(name), bytes).expect("write");

    // Good ones, to be found afterwards.
    w("good.txt", GOOD.as_bytes());
    // Invalid UTF-8 in the middle of a UTF-8 file: read, replaced, reported.
    let mut b = "拼多多旗下跨境电商平台发布财报，".repeat(20).into_bytes();
    b.extend_from_slice(b"\xFF\xFE\xC3");
    b.extend_from_slice("京东发布年度报告。".repeat(20).as_bytes());
    w("invalid_utf8.txt", &b);
    // GBK bytes declared utf-8: read as GB18030, reported.
    let (gbk, _, _) =
        encoding_rs::GBK.encode("---\nencoding: utf-8\n---\n快手电商今年的交易规模持续增长。\n");
    w("gbk_declared_utf8.txt", &gbk);
    // Unusable ones.
    w("empty.txt", b"");
    w(
        "punct.txt",
        "，。！？……——“”《》、；：（）\n!?.,;:-\n".as_bytes(),
    );
    w("nul.txt", b"abc\x00def\x00\x00ghi");
    w(
        "nested.json",
        format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)).as_bytes(),
    );
    // A 3 MB line that is not JSON (an unterminated string).
    let huge = format!("{{\"text\": \"{}", "长".repeat(1_000_000));
    w("huge_line.jsonl", huge.as_bytes());
    w(
        "lines.jsonl",
        format!(
            "{{\"id\":\"j1\",\"text\":\"{GOOD}\"}}\n{{\"id\": broken\n{{\"id\":\"j3\",\"text\":\"抖音电商发布数据。\"}}\n{}\n",
            format_args!("{}{{\"text\":\"x\"}}{}", "[".repeat(500), "]".repeat(500))
        )
        .as_bytes(),
    );
    // A folder named like a file: walked as a folder.
    std::fs::create_dir(c.join("x.txt")).expect("mkdir x.txt");
    std::fs::write(c.join("x.txt").join("inner.txt"), "淘宝天猫发布新规。").expect("write");
    // A symlink loop.
    #[cfg(unix)]
    {
        std::fs::create_dir(c.join("loop")).expect("mkdir");
        std::os::unix::fs::symlink("..", c.join("loop").join("back")).expect("symlink");
    }
    // A name that is not UTF-8.
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"bad\xFFname.txt");
        std::fs::write(c.join(name), "微信视频号直播带货。").expect("write");
    }

    let index = tmp.path().join("ix");
    let out = zhmine()
        .args(["ingest", "--json", "--index"])
        .arg(&index)
        .arg(&c)
        .output()
        .expect("runs");
    let stderr = text(&out.stderr);
    no_panic(&stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let summary: Value = serde_json::from_slice(&out.stdout).expect("summary JSON");
    let lines = problem_lines(&stderr);
    let expect = [
        ("invalid_utf8.txt", "invalid UTF-8"),
        ("gbk_declared_utf8.txt", "declared"),
        ("empty.txt", "empty file"),
        ("punct.txt", "no words"),
        ("nul.txt", "binary file (NUL bytes)"),
        ("nested.json", "nested too deeply"),
        ("huge_line.jsonl", "line 1: invalid JSON"),
        // ... and, as its only line failed, the file as a whole.
        ("huge_line.jsonl", "no usable article in it"),
        ("lines.jsonl", "line 2: invalid JSON"),
        ("lines.jsonl", "line 4: JSON nested too deeply"),
        ("loop", "symbolic link loop"),
    ];
    for (file, reason) in expect {
        let hits: Vec<&&str> = lines
            .iter()
            .filter(|l| l.contains(file) && l.contains(reason))
            .collect();
        assert_eq!(
            hits.len(),
            1,
            "{file}: {reason}: one line expected in\n{stderr}"
        );
    }
    assert_eq!(
        lines.len(),
        expect.len(),
        "no other problem lines expected:\n{stderr}"
    );
    // Lines stay readable: no 3 MB of the huge line echoed back.
    assert!(lines.iter().all(|l| l.len() < 400), "{stderr}");
    assert_eq!(summary["files_failed"], 6, "{summary}");

    // Everything readable was ingested, each once.
    let mut all = search_ids(&index, "电商");
    all.sort();
    assert_eq!(
        all,
        ["gbk_declared_utf8", "good", "invalid_utf8", "j1", "j3"],
        "{stderr}"
    );
    assert_eq!(search_ids(&index, "淘宝"), ["inner"]);
    assert_eq!(search_ids(&index, "视频号").len(), 1);
    // The invalid bytes became replacement characters, the rest is text.
    assert_eq!(search_ids(&index, "年度报告"), ["invalid_utf8"]);
}

/// Two distinct file names that are not UTF-8 and differ only in their
/// invalid bytes read as the same lossy text (`a\u{FFFD}.txt`): they must stay
/// two files, neither replacing the other.
#[cfg(unix)]
#[test]
fn non_utf8_names_that_differ_only_in_invalid_bytes_are_two_files() {
    use std::os::unix::ffi::OsStrExt;
    let tmp = tempfile::tempdir().expect("tempdir");
    let c = tmp.path().join("c");
    std::fs::create_dir(&c).expect("mkdir");
    std::fs::write(
        c.join(std::ffi::OsStr::from_bytes(b"a\xFF.txt")),
        "小红书发布财报一。",
    )
    .expect("write");
    std::fs::write(
        c.join(std::ffi::OsStr::from_bytes(b"a\xFE.txt")),
        "小红书发布财报二。",
    )
    .expect("write");
    let index = tmp.path().join("ix");
    for _ in 0..2 {
        let out = zhmine()
            .args(["ingest", "--index"])
            .arg(&index)
            .arg(&c)
            .output()
            .expect("runs");
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    // Edit one: the other stays.
    std::fs::write(
        c.join(std::ffi::OsStr::from_bytes(b"a\xFF.txt")),
        "小红书发布财报三。",
    )
    .expect("write");
    let out = zhmine()
        .args(["ingest", "--index"])
        .arg(&index)
        .arg(&c)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    // (Both are named `a\u{FFFD}`: ids are the lossy file stem.)
    assert_eq!(search_ids(&index, "小红书").len(), 2);
    assert_eq!(search_ids(&index, "财报三").len(), 1);
    assert_eq!(search_ids(&index, "财报二").len(), 1);
    assert_eq!(search_ids(&index, "财报一").len(), 0);
}

#[test]
fn hostile_queries_are_one_line_errors_or_empty_results() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let c = tmp.path().join("c");
    std::fs::create_dir(&c).expect("mkdir");
    std::fs::write(
        c.join("a.txt"),
        format!("---\npublished: 2024-05-01\n---\n{GOOD}"),
    )
    .expect("write");
    let index = tmp.path().join("ix");
    let out = zhmine()
        .args(["ingest", "--index"])
        .arg(&index)
        .arg(&c)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out.stderr));

    let long_ascii = "a".repeat(120_000);
    let long_han = "字".repeat(30_000);
    let long_words = "小红书 ".repeat(10_000);
    let cases: Vec<Vec<&str>> = vec![
        vec!["\"小红书"],
        vec!["小红书\""],
        vec!["\"\"\""],
        vec!["(小红书"],
        vec!["小红书)"],
        vec!["((((((((((((((((((((小红书"],
        vec![")("],
        vec![&long_ascii],
        vec![&long_han],
        vec![&long_words],
        vec!["的 了 是 在"],
        vec!["的"],
        vec!["，。！？"],
        vec!["!!!"],
        vec!["..."],
        vec![""],
        vec!["   "],
        vec!["foo:bar"],
        vec!["title:"],
        vec!["body:小红书"],
        vec!["published:2024"],
        vec!["published:[2024 TO"],
        vec!["*"],
        vec!["小红书^"],
        vec!["小红书~"],
        vec!["小红书^-1"],
        vec!["+-"],
        vec!["AND OR NOT"],
        vec!["\\"],
        vec!["\u{1}\u{7f}"],
        vec!["\u{FFFD}\u{FFFD}"],
        vec!["小红书", "--from", "2025-01-01", "--to", "2024-01-01"],
        vec!["小红书", "--from", "yesterday"],
        vec!["小红书", "--to", "2024-02-30"],
        vec!["小红书", "--from", "2024-13"],
        vec!["小红书", "--from", "99999-01-01"],
        vec!["小红书", "--from=-2024-01-01"],
        vec!["小红书", "--from", "0001-01-01"],
        vec!["小红书", "--to", "9999-12-31"],
        vec!["小红书", "--from", ""],
        vec!["小红书", "--limit", "0"],
        vec!["小红书", "--entity", ""],
        vec!["小红书", "--source", "\"("],
    ];
    // Every case through the library, as the binary runs it (one start-up
    // of the dictionaries, not one per case), and every fourth case through
    // the binary for its exit status and its one line.
    let zi = ZhIndex::open(&index).expect("open");
    let mut errors = 0;
    for (i, args) in cases.iter().enumerate() {
        let label: Vec<String> = args.iter().map(|a| a.chars().take(30).collect()).collect();
        // A panic here fails the test with the case's backtrace.
        let lib = library_search(&zi, args);
        match &lib {
            Ok(r) => assert!(r.hits.len() <= 10, "{label:?}"),
            Err(e) => {
                errors += 1;
                assert!(!e.contains('\n'), "{label:?}: {e}");
                assert!(e.len() < 400, "{label:?}: error echoes too much: {e}");
            }
        }
        if i % 4 != 0 && !args.iter().any(|a| a.starts_with("--")) {
            continue;
        }
        let out = zhmine()
            .arg("search")
            .args(args)
            .arg("--json")
            .arg("--index")
            .arg(&index)
            .output()
            .expect("runs");
        let stderr = text(&out.stderr);
        no_panic(&stderr);
        match out.status.code() {
            Some(0) => {
                assert!(lib.is_ok(), "{label:?}");
                let v: Value = serde_json::from_slice(&out.stdout)
                    .unwrap_or_else(|e| panic!("{label:?}: not JSON ({e})"));
                assert!(v["hits"].is_array(), "{label:?}: {v}");
                // Only notes (an --entity no article mentions), one line each.
                assert!(
                    stderr.lines().all(|l| l.starts_with("zhmine: note: ")),
                    "{label:?}: {stderr}"
                );
            }
            Some(2) => {
                assert!(lib.is_err(), "{label:?}");
                assert!(stderr.starts_with("zhmine: "), "{label:?}: {stderr}");
                assert_eq!(stderr.trim_end().lines().count(), 1, "{label:?}: {stderr}");
                assert!(out.stdout.is_empty(), "{label:?}");
            }
            other => panic!("{label:?}: exit {other:?}: {stderr}"),
        }
    }
    assert!(errors >= 8, "the bad dates, ranges and fields are errors");
}

/// `zhmine search ARGS` through the library: `Err` holds the message.
fn library_search(zi: &ZhIndex, args: &[&str]) -> Result<SearchResult, String> {
    let mut req = SearchRequest {
        query: args[0].to_string(),
        limit: 10,
        ..Default::default()
    };
    let mut flags: Vec<&str> = Vec::new();
    for a in &args[1..] {
        match a.split_once('=') {
            Some((k, v)) if k.starts_with("--") => flags.extend([k, v]),
            _ => flags.push(a),
        }
    }
    let date = |s: &str| zhmine::query::parse_date(s).map_err(|e| e.to_string());
    for pair in flags.chunks(2) {
        let [flag, value] = pair else {
            return Err("flag without a value".into());
        };
        match *flag {
            "--from" => req.from = Some(date(value)?),
            "--to" => req.to = Some(date(value)?),
            "--limit" => req.limit = value.parse().map_err(|_| "bad limit".to_string())?,
            "--entity" => req.entity = Some(value.to_string()),
            "--source" => req.source = Some(value.to_string()),
            other => panic!("unknown flag {other}"),
        }
    }
    search(zi, &req).map_err(|e| e.to_string())
}

/// Tantivy stores dates as i64 nanoseconds: a published date in year 3000
/// (front matter, or inferred from `公元9999年`) overflowed them, a panic in
/// a debug build and a wrong date in a release build; so did `--from 0001-01-01`.
#[test]
fn published_year_3000_overflowed_tantivy_dates() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let c = tmp.path().join("c");
    std::fs::create_dir(&c).expect("mkdir");
    std::fs::write(
        c.join("a.txt"),
        "---\npublished: 3000-01-01\n---\n小红书电商发布数据。\n",
    )
    .expect("write");
    std::fs::write(c.join("b.txt"), "公元9999年3月1日，小红书电商发布数据。\n").expect("write");
    let index = tmp.path().join("ix");
    let out = zhmine()
        .args(["ingest", "--index"])
        .arg(&index)
        .arg(&c)
        .output()
        .expect("runs");
    let err = text(&out.stderr);
    no_panic(&err);
    assert!(out.status.success(), "{err}");
    let out = zhmine()
        .args(["search", "小红书", "--json", "--index"])
        .arg(&index)
        .output()
        .expect("runs");
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["total_hits"], 2, "{v}");
    for h in v["hits"].as_array().expect("hits") {
        assert_eq!(h["published"], Value::Null, "{h}");
    }
    let out = zhmine()
        .args(["search", "小红书", "--from", "0001-01-01", "--index"])
        .arg(&index)
        .output()
        .expect("runs");
    let err = text(&out.stderr);
    no_panic(&err);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(
        err.trim_end(),
        "zhmine: --from 0001-01-01: out of range (dates from 1678 to 2261)"
    );
}

/// The `.tantivy-writer.lock` of `index` is held by process `pid`
/// (Linux: `/proc/locks` lists the lock with the file's inode).
#[cfg(target_os = "linux")]
fn lock_held_by(index: &Path, pid: u32) -> bool {
    use std::os::unix::fs::MetadataExt;
    let Ok(meta) = std::fs::metadata(index.join(".tantivy-writer.lock")) else {
        return false;
    };
    let ino = format!(":{}", meta.ino());
    std::fs::read_to_string("/proc/locks")
        .unwrap_or_default()
        .lines()
        .any(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            f.iter().any(|x| *x == pid.to_string()) && f.iter().any(|x| x.ends_with(&ino))
        })
}

#[cfg(target_os = "linux")]
#[test]
fn one_writer_at_a_time_and_readers_meanwhile() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let first = tmp.path().join("first");
    let second = tmp.path().join("second");
    std::fs::create_dir(&first).expect("mkdir");
    std::fs::create_dir(&second).expect("mkdir");
    std::fs::write(first.join("seed.txt"), GOOD).expect("write");
    // Enough work for the writer to hold the lock for a while.
    let mut want: BTreeSet<String> = BTreeSet::from(["seed".to_string()]);
    for i in 0..600 {
        let body = format!(
            "第{i}篇：抖音电商在{}年的GMV达到{}亿元。王建国表示，抖音将继续投入商家店播，样本{i}。\n",
            2018 + i % 7,
            100 + i
        )
        .repeat(3);
        std::fs::write(second.join(format!("s{i:03}.txt")), body).expect("write");
        want.insert(format!("s{i:03}"));
    }
    let index = tmp.path().join("ix");
    let out = zhmine()
        .args(["ingest", "--index"])
        .arg(&index)
        .arg(&first)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out.stderr));

    // Loaded before the race: the dictionaries take a while in a debug build.
    let reader = ZhIndex::open(&index).expect("open");
    let bin = assert_cmd::cargo::cargo_bin("zhmine");
    let mut writer = std::process::Command::new(&bin)
        .env_remove("ZHMINE_DATA")
        .args(["ingest", "--index"])
        .arg(&index)
        .arg(&first)
        .arg(&second)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let t0 = Instant::now();
    while !lock_held_by(&index, writer.id()) {
        assert!(
            writer.try_wait().expect("try_wait").is_none(),
            "the writer ended before it was seen holding the lock"
        );
        assert!(t0.elapsed() < Duration::from_secs(60), "lock never taken");
        std::thread::sleep(Duration::from_millis(20));
    }

    // A second ingest fails fast, naming the lock; a search works.
    let spawn = |args: &[&str]| {
        std::process::Command::new(&bin)
            .env_remove("ZHMINE_DATA")
            .args(args)
            .arg("--index")
            .arg(&index)
            .output()
            .expect("runs")
    };
    // Reading works meanwhile: a search in this process, done while the
    // writer still holds the lock.
    let r = search(
        &reader,
        &SearchRequest {
            query: "小红书".into(),
            limit: 10,
            ..Default::default()
        },
    )
    .expect("search during an ingest");
    assert_eq!(r.hits.first().map(|h| h.doc_id.as_str()), Some("seed"));
    assert!(
        lock_held_by(&index, writer.id()),
        "the first ingest ended too soon to prove anything"
    );
    // A second ingest fails fast, naming the lock (it could not fail so had
    // the first one let go); `zhmine search` works alongside.
    let (other, cli_search) = std::thread::scope(|s| {
        let other = s.spawn(|| spawn(&["ingest", first.to_str().expect("utf-8 path")]));
        let cli_search = s.spawn(|| spawn(&["search", "小红书", "--json"]));
        (
            other.join().expect("thread"),
            cli_search.join().expect("thread"),
        )
    });
    let err = text(&other.stderr);
    no_panic(&err);
    assert_eq!(other.status.code(), Some(2), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains(".tantivy-writer.lock"), "{err}");
    assert!(err.contains("another zhmine ingest"), "{err}");
    assert!(cli_search.status.success(), "{}", text(&cli_search.stderr));
    let v: Value = serde_json::from_slice(&cli_search.stdout).expect("JSON");
    assert_eq!(v["hits"][0]["doc_id"], "seed", "{v}");

    // The first completes, and the index is intact.
    let out = writer.wait_with_output().expect("wait");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let ids = search_ids(&index, "电商");
    let set: BTreeSet<String> = ids.iter().cloned().collect();
    assert_eq!(set.len(), ids.len(), "duplicates");
    assert_eq!(set, want);
}
