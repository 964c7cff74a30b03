//! The seed article through the real binary: entities and figures as a
//! researcher asks for them (issue: extraction). Expected values are read
//! off the article by hand.

mod common;

use common::{corpus, zhmine};
use serde_json::Value;
use std::path::Path;
use std::sync::OnceLock;

/// One index of the bundled corpus shared by the tests of this file.
fn index() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let d = tempfile::tempdir().expect("tempdir");
        let corpus = corpus();
        let out = zhmine()
            .arg("ingest")
            .arg("--index")
            .arg(d.path())
            .arg(&corpus)
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        d
    })
    .path()
}

fn json(args: &[&str]) -> Value {
    let mut a = args.to_vec();
    a.push("--json");
    common::run_json(&a, index())
}

fn figures(metric: &str) -> Vec<Value> {
    json(&["figures", "--entity", "小红书", "--metric", metric])
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[test]
fn gmv_2024_is_one_hundred_billion_yuan() {
    let gmv = figures("GMV");
    let f = gmv
        .iter()
        .find(|f| f["value"] == 100000000000.0 && f["period"]["start"] == "2024-01-01")
        .unwrap_or_else(|| panic!("no 2024 GMV of 1000亿 in {gmv:#?}"));
    assert_eq!(f["unit"], "CNY");
    assert_eq!(f["subject"], "小红书");
    assert_eq!(f["period"]["end"], "2024-12-31");
    assert_eq!(f["period"]["precision"], "year");
    // Evidence points at a real sentence of the normalized text.
    let s = f["evidence"]["sentence"].as_str().unwrap_or("");
    assert!(s.contains("GMV"), "{s}");
    let n = f["evidence"]["char_end"].as_u64().unwrap_or(0)
        - f["evidence"]["char_start"].as_u64().unwrap_or(0);
    assert_eq!(n as usize, s.chars().count());
}

#[test]
fn trillion_gmv_is_a_target() {
    let gmv = figures("GMV");
    let t = gmv
        .iter()
        .find(|f| f["value"] == 1000000000000.0)
        .unwrap_or_else(|| panic!("no 万亿 GMV in {gmv:#?}"));
    assert_eq!(t["qualifier"], "target");
}

#[test]
fn valuation_is_at_least_twenty_billion_dollars() {
    let v = figures("valuation");
    let f = v
        .iter()
        .find(|f| f["value"] == 20000000000.0)
        .unwrap_or_else(|| panic!("no valuation in {v:#?}"));
    assert_eq!(f["unit"], "USD");
    assert_eq!(f["qualifier"], "at_least");
}

#[test]
fn dau_target_is_three_hundred_million() {
    let v = figures("DAU");
    let f = v
        .iter()
        .find(|f| f["value"] == 300000000.0)
        .unwrap_or_else(|| panic!("no DAU in {v:#?}"));
    assert_eq!(f["qualifier"], "target");
    assert_eq!(f["unit"], "users");
}

#[test]
fn platforms_carry_their_traditional_aliases() {
    let rows = json(&["entities", "--kind", "platform"]);
    let rows = rows.as_array().cloned().unwrap_or_default();
    for (name, alias) in [
        ("小红书", Some("小紅書")),
        ("抖音", None),
        ("淘宝", Some("淘寶")),
        ("拼多多", None),
        ("京东", Some("京東")),
        ("快手", None),
        ("视频号", Some("視頻號")),
        ("TikTok", None),
    ] {
        let r = rows
            .iter()
            .find(|r| r["name"] == name)
            .unwrap_or_else(|| panic!("platform {name} missing from {rows:#?}"));
        assert_eq!(r["kind"], "platform");
        if let Some(a) = alias {
            let aliases: Vec<&str> = r["aliases"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            assert!(aliases.contains(&a), "{name}: {aliases:?}");
        }
    }
}

#[test]
fn people_are_found_and_roles_are_not_people() {
    let rows = json(&["entities", "--kind", "person"]);
    let names: Vec<String> = rows
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["name"].as_str().map(str::to_string))
        .collect();
    let named = [
        "撒贝宁",
        "柯南",
        "暮雨",
        "董洁",
        "章小蕙",
        "罗永浩",
        "姜思达",
        "章闻",
        "方昭",
        "施海华",
        "吴昕",
        "李诞",
        "晓西",
        "Lili",
        "安娜",
        "陈嘉欣",
    ];
    let found = named
        .iter()
        .filter(|n| names.iter().any(|x| x == *n))
        .count();
    assert!(found >= 12, "found {found} of 16: {names:?}");
    for not_person in [
        "买手",
        "主理人",
        "服务商",
        "商家",
        "小红书",
        "抖音",
        "雷峰网",
        "明星",
    ] {
        assert!(
            !names.iter().any(|x| x == not_person),
            "{not_person} listed as a person: {names:?}"
        );
    }
    // The traditional form the source used is kept as an alias.
    let dong = rows
        .as_array()
        .into_iter()
        .flatten()
        .find(|r| r["name"] == "董洁")
        .cloned()
        .unwrap_or_default();
    assert_eq!(dong["aliases"], serde_json::json!(["董潔"]), "{dong}");
    // Precision: everything listed is one of the article's people.
    let wrong: Vec<&String> = names
        .iter()
        .filter(|n| !named.contains(&n.as_str()))
        .collect();
    assert!(wrong.is_empty(), "not people of the article: {wrong:?}");
}
