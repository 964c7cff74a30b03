//! `zhmine timeline` and `zhmine export` end to end: the seed corpus is
//! ingested into a temporary index and its timeline checked against the
//! story it tells, against the text (every evidence span) and against a
//! golden file (`tests/golden/timeline/seed.json`; regenerate with
//! `BLESS=1 cargo test --test timeline_cli`, then review the diff).

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

mod common;
use common::root;

/// The binary, run from the repository's root.
fn zhmine() -> Command {
    let mut c = common::zhmine();
    c.current_dir(root());
    c
}

fn ingest(corpus: &Path, index: &Path) {
    zhmine()
        .arg("ingest")
        .arg(corpus)
        .arg("--index")
        .arg(index)
        .assert()
        .success();
}

fn json_of(args: &[&str], index: &Path) -> Value {
    let out = zhmine()
        .args(args)
        .arg("--index")
        .arg(index)
        .assert()
        .success();
    let stdout = &out.get_output().stdout;
    serde_json::from_slice(stdout).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e})"))
}

fn timeline(index: &Path) -> Value {
    json_of(&["timeline", "--entity", "小红书", "--json"], index)
}

fn events(t: &Value) -> &Vec<Value> {
    t["events"]
        .as_array()
        .unwrap_or_else(|| panic!("no events: {t}"))
}

fn year_of(e: &Value) -> Option<&str> {
    e["period"]["start"].as_str().and_then(|s| s.get(..4))
}

fn has_topic(e: &Value, topic: &str) -> bool {
    e["topics"]
        .as_array()
        .is_some_and(|ts| ts.iter().any(|t| t == topic))
}

/// The normalized text of every article of a corpus file, by doc id.
fn normalized_texts(file: &Path) -> Vec<(String, String)> {
    let fa = zhmine::ingest::read_file(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    fa.articles
        .into_iter()
        .map(|a| (a.id.clone(), zhmine::normalize::normalize(&a.text).text))
        .collect()
}

fn check_spans(t: &Value, texts: &[(String, String)]) {
    let mut checked = 0;
    for e in events(t) {
        for ev in e["evidence"].as_array().into_iter().flatten() {
            let doc = ev["doc_id"].as_str().unwrap_or_default();
            let Some((_, text)) = texts.iter().find(|(id, _)| id == doc) else {
                continue;
            };
            let (s, n) = (
                ev["char_start"].as_u64().unwrap_or(0) as usize,
                ev["char_end"].as_u64().unwrap_or(0) as usize,
            );
            let at: String = text.chars().skip(s).take(n.saturating_sub(s)).collect();
            assert_eq!(
                Some(at.as_str()),
                ev["sentence"].as_str(),
                "span {s}..{n} of {doc}"
            );
            assert!(ev["source"].is_string() || ev["source"].is_null());
            assert!(ev.get("published").is_some());
            checked += 1;
        }
    }
    assert!(checked > 0, "no evidence checked");
}

const SEED: &str = "corpus/000_b18d7c9321e13add.txt";

#[test]
fn seed_timeline_tells_the_story() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let index = dir.path().join("index");
    ingest(Path::new("corpus"), &index);
    let t = timeline(&index);
    assert_eq!(t["entity"], "小红书");
    let ev = events(&t);
    assert!(
        ev.iter()
            .any(|e| year_of(e) == Some("2023") && has_topic(e, "买手直播")),
        "no 2023 买手直播 event"
    );
    assert!(
        ev.iter()
            .any(|e| year_of(e) == Some("2024") && has_topic(e, "生活方式电商")),
        "no 2024 生活方式电商 event"
    );
    assert!(
        ev.iter()
            .any(|e| year_of(e) == Some("2024") && has_topic(e, "商家店播")),
        "no 2024 商家店播 event"
    );
    let shifts = t["shifts"]
        .as_array()
        .unwrap_or_else(|| panic!("no shifts"));
    assert!(
        shifts.iter().any(|s| s["from"]["topic"] == "买手直播"
            && s["from"]["period"]["start"]
                .as_str()
                .is_some_and(|p| p.starts_with("2023"))
            && s["to"]["topic"] == "商家店播"
            && s["to"]["period"]["start"]
                .as_str()
                .is_some_and(|p| p.starts_with("2024"))),
        "no shift 买手直播 (2023) → 商家店播 (2024): {shifts:#?}"
    );
    // Events sorted by period, undated last.
    let keys: Vec<(bool, String)> = ev
        .iter()
        .map(|e| {
            (
                e["period"].is_null(),
                e["period"]["start"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    // Every evidence sentence is the text at its span.
    check_spans(&t, &normalized_texts(&root().join(SEED)));
    // The JSON of the timeline, byte for byte as printed, as reviewed.
    let out = zhmine()
        .args(["timeline", "--entity", "小红书", "--json", "--index"])
        .arg(&index)
        .assert()
        .success();
    let got = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let golden = root().join("tests/golden/timeline/seed.json");
    if std::env::var_os("BLESS").is_some() {
        std::fs::create_dir_all(golden.parent().unwrap_or(Path::new(".")))
            .unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(&golden, &got).unwrap_or_else(|e| panic!("{e}"));
    }
    let want = std::fs::read_to_string(&golden)
        .unwrap_or_else(|e| panic!("{}: {e} (BLESS=1 creates it)", golden.display()));
    assert!(
        want == got,
        "seed timeline differs from {} (BLESS=1 cargo test --test timeline_cli to accept)",
        golden.display()
    );

    // The same index, other outputs.
    let out = zhmine()
        .args(["timeline", "--entity", "小紅書", "--html", "--index"])
        .arg(&index)
        .assert()
        .success();
    let html = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<svg") && html.contains("买手直播") && html.contains("<title>"));
    // Self-contained: no script, nothing fetched (the SVG namespace is a name).
    assert!(!html.contains("<script"));
    assert_eq!(
        html.matches("http").count(),
        html.matches("http://www.w3.org/2000/svg").count()
    );
    let out = zhmine()
        .args(["timeline", "--entity", "XHS", "--index"])
        .arg(&index)
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.starts_with("小红书: "), "{text}");
    // --topic with a variant, --from/--to.
    let t = json_of(
        &[
            "timeline",
            "--entity",
            "小红书",
            "--topic",
            "店播",
            "--json",
        ],
        &index,
    );
    assert!(!events(&t).is_empty());
    assert!(events(&t).iter().all(|e| has_topic(e, "商家店播")));
    let t = json_of(
        &[
            "timeline",
            "--entity",
            "小红书",
            "--from",
            "2024-01-01",
            "--to",
            "2024-12-31",
            "--json",
        ],
        &index,
    );
    assert!(
        events(&t).iter().all(|e| year_of(e) == Some("2024")),
        "{t:#}"
    );
    zhmine()
        .args([
            "timeline",
            "--entity",
            "小红书",
            "--from",
            "2025-01-01",
            "--to",
            "2024-01-01",
            "--index",
        ])
        .arg(&index)
        .assert()
        .code(2);
}

#[test]
fn conflicting_and_agreeing_sources() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap_or_else(|e| panic!("{e}"));
    for f in ["000_b18d7c9321e13add.txt", "000_b18d7c9321e13add.meta.json"] {
        std::fs::copy(root().join("corpus").join(f), corpus.join(f))
            .unwrap_or_else(|e| panic!("{f}: {e}"));
    }
    std::fs::write(
        corpus.join("high.md"),
        "---\ntitle: 小红书电商年度观察\npublished: 2025-01-20\nsource: 甲日报\n---\n2024年,小红书电商GMV达到4000亿元。\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        corpus.join("same.md"),
        "---\ntitle: 小红书电商一年\npublished: 2025-02-10\nsource: 乙晚报\n---\n业内人士透露,小红书2024年的电商成交额为1000亿元。\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let index = dir.path().join("index");
    ingest(&corpus, &index);
    let t = timeline(&index);
    let gmv: Vec<&Value> = events(&t)
        .iter()
        .filter(|e| {
            e["kind"] == "figure" && e["figure"]["metric"] == "GMV" && year_of(e) == Some("2024")
        })
        .collect();
    let high = gmv
        .iter()
        .find(|e| e["figure"]["value"].as_f64() == Some(4e11))
        .unwrap_or_else(|| panic!("no 4000亿 event: {gmv:#?}"));
    let same = gmv
        .iter()
        .find(|e| e["figure"]["value"].as_f64() == Some(1e11))
        .unwrap_or_else(|| panic!("no 1000亿 event: {gmv:#?}"));
    assert_eq!(high["conflict"], true);
    assert_eq!(same["conflict"], true);
    let sources = |e: &Value| -> Vec<String> {
        e["evidence"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v["source"].as_str().map(str::to_string))
            .collect()
    };
    assert_eq!(sources(high), vec!["甲日报"]);
    let s = sources(same);
    assert!(
        s.contains(&"乙晚报".to_string()) && s.contains(&"雷峰网".to_string()),
        "{s:?}"
    );
    // Every evidence sentence is the text at its span, in every article.
    let mut texts = Vec::new();
    for f in std::fs::read_dir(&corpus).into_iter().flatten().flatten() {
        if !f.path().to_string_lossy().ends_with(".meta.json") {
            texts.extend(normalized_texts(&f.path()));
        }
    }
    check_spans(&t, &texts);

    // Exports of the same index.
    let out = zhmine()
        .args(["export", "--claims", "--format", "csv", "--index"])
        .arg(&index)
        .assert()
        .success();
    let csv = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let header = csv.lines().next().unwrap_or_default();
    assert!(
        header.starts_with("entity,kind,period_start,period_end"),
        "{header}"
    );
    assert!(csv.contains("4000亿元") && csv.contains("甲日报"));
    let out = zhmine()
        .args(["export", "--figures", "--format", "jsonl", "--index"])
        .arg(&index)
        .assert()
        .success();
    let jsonl = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let rows: Vec<Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect();
    assert!(rows
        .iter()
        .any(|r| r["value"].as_f64() == Some(4e11) && r["metric"] == "GMV"));
    let file = dir.path().join("entities.csv");
    zhmine()
        .args(["export", "--entities", "--format", "csv", "--out"])
        .arg(&file)
        .arg("--index")
        .arg(&index)
        .assert()
        .success();
    let ents = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        ents.starts_with("name,kind,aliases,mentions,docs\n"),
        "{ents}"
    );
    assert!(ents.lines().any(|l| l.starts_with("小红书,platform,")));
    zhmine()
        .args(["export", "--claims", "--figures", "--index"])
        .arg(&index)
        .assert()
        .code(2);
}

#[test]
fn the_old_side_of_a_dated_shift_keeps_its_own_period() {
    // Found on unseen text: `2024年,抖音电商从达人带货转向商家店播` dated the
    // old side 2024 too, so the shift read 2024 → 2024.
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("c");
    std::fs::create_dir(&dir).expect("mkdir");
    std::fs::write(
        dir.join("a.txt"),
        "---\npublished: 2025-01-15\n---\n2023年,抖音电商主推达人带货。\n2024年,抖音电商从达人带货转向商家店播。\n",
    )
    .expect("write");
    let index = tmp.path().join("ix");
    ingest(&dir, &index);
    let t = json_of(&["timeline", "--entity", "抖音", "--json"], &index);
    let shifts = t["shifts"].as_array().cloned().unwrap_or_default();
    assert_eq!(shifts.len(), 1, "{t:#}");
    assert_eq!(shifts[0]["from"]["topic"], "达人带货");
    assert_eq!(shifts[0]["from"]["period"]["start"], "2023-01-01");
    assert_eq!(shifts[0]["to"]["topic"], "商家店播");
    assert_eq!(shifts[0]["to"]["period"]["start"], "2024-01-01");
}
