//! Fuzzing on stable Rust: property tests that feed the parsers and the
//! whole extraction chain hostile text and check they never panic and keep
//! their span invariants.
//!
//! Two ways to run:
//!
//! * `cargo test --test hardening_fuzz` — every target with
//!   `PROPTEST_CASES` cases (proptest's default, 256, when unset); quick.
//! * `ZHMINE_FUZZ_SECS=120 cargo test --release --test hardening_fuzz -- --ignored --test-threads 1`
//!   — the `long_*` targets, each generating fresh cases until its time
//!   budget (default 60 s) is spent; each prints how many cases it ran. A
//!   failure prints the shrunk input: pin it as a named regression test.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};
use std::path::Path;
use std::sync::LazyLock;
use std::time::{Duration, Instant};
use zhmine::extract::{numeral, time};
use zhmine::index::ZhIndex;
use zhmine::normalize;
use zhmine::pipeline;
use zhmine::query::search::{search, SearchRequest};

// ---------------------------------------------------------------------------
// inputs

/// Pieces of text that reach the interesting branches of every stage.
fn piece() -> impl Strategy<Value = String> {
    let words: Vec<&'static str> = vec![
        // normalize: HTML, pinyin, width, script, whitespace, mojibake
        "</p>",
        "<br/>",
        "&nbsp;",
        "&#x4e2d;",
        "&#99999999;",
        "&amp",
        "?/p>",
        "<!--",
        "-->",
        "應(yīng)",
        "內（nèi）",
        "F(xiàn)",
        "?qū)",
        "(yes)",
        "１９９８ＧＭＶ",
        "㎡",
        "e\u{301}",
        "\u{301}",
        "小紅書電商",
        "越來越",
        "著",
        "锟斤拷",
        "烫烫烫",
        "Ã©",
        "â€œ",
        "\u{FFFD}",
        "\u{200B}",
        "\u{FEFF}",
        "\u{3000}",
        "\r\n",
        "\n\n",
        "\t",
        " ",
        "\r",
        // sentences
        "。",
        "！",
        "？",
        "?!",
        "…",
        "……",
        "”",
        "“",
        "；",
        "：",
        "01 ",
        "一、",
        "（",
        "）",
        // numerals
        "1000亿",
        "一万二千三百四十五",
        "3.5",
        "0.",
        ".5",
        "99999999999999999999999",
        "两到三万",
        "3000多",
        "六成",
        "三倍",
        "15%",
        "％",
        "‰",
        "百分之",
        "个百分点",
        "约",
        "超过",
        "不少于",
        "近",
        "逾",
        "亿元",
        "万美元",
        "元",
        "人民币",
        "DAU",
        "MAU",
        "GMV",
        "估值",
        "-",
        "~",
        "至",
        "到",
        "第",
        "双11",
        "618",
        "Top10",
        "iPhone15",
        "亿亿亿",
        "万万",
        "零零零",
        "〇",
        "廿",
        "卅",
        "点",
        "多",
        "余",
        "增长",
        "下降",
        "同比",
        "环比",
        // times
        "2024年",
        "2025年3月1日",
        "二〇二五年",
        "去年",
        "今年",
        "明年",
        "前年",
        "当年",
        "次年",
        "同年",
        "上半年",
        "下半年",
        "第三季度",
        "Q4",
        "3月",
        "13月",
        "2月30日",
        "0年",
        "9999年",
        "-2024年",
        "年底",
        "年初",
        "月末",
        "过去一年",
        "一个多月前",
        "近三年",
        "2023-2024年",
        "2024/02/29",
        "20240101",
        "1997年",
        "这一年",
        // entities and people
        "小红书",
        "抖音",
        "拼多多",
        "淘宝",
        "京东",
        "快手",
        "微信视频号",
        "阿里巴巴",
        "腾讯",
        "张一鸣表示",
        "施海华认为",
        "王",
        "李总",
        "创始人",
        "CEO",
        "称",
        "据",
        "记者",
        "商家店播",
        "买手直播",
        "主理人直播",
        "电商",
        "直播",
        // claims-ish
        "目标",
        "计划",
        "否认",
        "将",
        "已经",
        "其中",
        "该平台",
        "该公司",
        "在抖音的",
    ];
    prop_oneof![
        6 => proptest::sample::select(words).prop_map(str::to_string),
        2 => any::<char>().prop_map(|c| c.to_string()),
        1 => "[0-9０-９.,，、%]{1,6}",
        1 => "[一二三四五六七八九十百千万亿零两]{1,6}",
        1 => "[a-zA-Z(（)）<>/&;#]{1,4}",
        1 => "\\PC{1,8}",
    ]
}

/// Text assembled from up to `max` pieces.
fn soup(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(piece(), 0..max).prop_map(|v| v.concat())
}

/// Strings aimed at Tantivy's query grammar.
fn query_text() -> impl Strategy<Value = String> {
    let tokens: Vec<&'static str> = vec![
        "\"",
        "'",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        ":",
        "+",
        "-",
        "*",
        "^",
        "~",
        "!",
        "\\",
        "/",
        "?",
        "<",
        ">",
        "=",
        ">=",
        "<=",
        " ",
        "  ",
        "\t",
        "\n",
        "TO",
        "AND",
        "OR",
        "NOT",
        "IN",
        "title:",
        "body:",
        "body_cjk:",
        "foo:",
        "kind:",
        "doc_id:",
        "published:",
        "entity:",
        "text:",
        "payload:",
        "span:",
        "2024-01-01",
        "2024-01-01T00:00:00Z",
        "*",
        "1",
        "0.5",
        "^2",
        "~1",
        "~99999999999",
        "^-1",
        "^NaN",
        "小红书",
        "買手",
        "直播",
        "的",
        "了",
        "，",
        "。",
        "GMV",
        "a",
        "the",
        "\u{0}",
        "\u{FFFD}",
        "😀",
        "e\u{301}",
    ];
    prop_oneof![
        4 => proptest::collection::vec(proptest::sample::select(tokens), 0..24)
            .prop_map(|v| v.concat()),
        1 => "\\PC{0,40}",
        1 => any::<String>(),
    ]
}

// ---------------------------------------------------------------------------
// properties

fn check_normalize(original: &str) -> Result<(), TestCaseError> {
    let n = normalize::normalize(original);
    let norm_chars = n.text.chars().count();
    let orig_chars = original.chars().count();
    prop_assert_eq!(n.map.normalized_len(), norm_chars);
    prop_assert_eq!(n.map.original_len(), orig_chars);
    let mut prev = 0;
    for i in 0..=norm_chars + 1 {
        let o = n.map.to_original(i);
        prop_assert!(o >= prev, "map not monotonic at {}: {} < {}", i, o, prev);
        prop_assert!(o <= orig_chars);
        prev = o;
    }
    let mut last_end = 0;
    for s in &n.sentences {
        prop_assert!(
            s.byte_start < s.byte_end && s.byte_end <= n.text.len(),
            "{:?}",
            s
        );
        prop_assert!(n.text.is_char_boundary(s.byte_start));
        prop_assert!(n.text.is_char_boundary(s.byte_end));
        prop_assert!(s.byte_start >= last_end, "sentences overlap: {:?}", s);
        last_end = s.byte_end;
        prop_assert_eq!(n.text[..s.byte_start].chars().count(), s.char_start);
        prop_assert_eq!(n.text[..s.byte_end].chars().count(), s.char_end);
        let (a, b) = n.map.span_to_original(s.char_start, s.char_end);
        prop_assert!(a <= b && b <= orig_chars);
    }
    // Idempotent enough not to panic a second time round.
    let _ = normalize::normalize(&n.text);
    Ok(())
}

fn check_numeral(s: &str) -> Result<(), TestCaseError> {
    let qs = numeral::scan(s);
    let mut last = 0;
    for q in &qs {
        prop_assert!(
            q.byte_start <= q.byte_end && q.byte_end <= s.len(),
            "{:?}",
            q
        );
        prop_assert!(s.is_char_boundary(q.byte_start) && s.is_char_boundary(q.byte_end));
        prop_assert!(q.byte_start >= last, "overlap {:?}", q);
        prop_assert_eq!(&s[q.byte_start..q.byte_end], q.text.as_str());
        prop_assert!(q.value.is_finite(), "{:?}", q);
        if let Some((lo, hi)) = q.range {
            prop_assert!(lo.is_finite() && hi.is_finite(), "{:?}", q);
        }
        last = q.byte_end;
    }
    for (i, _) in s.char_indices() {
        if let Some((v, l)) = numeral::parse_number(&s[i..]) {
            prop_assert!(l > 0 && i + l <= s.len() && s.is_char_boundary(i + l));
            prop_assert!(v.is_finite() && v >= 0.0, "{}", v);
        }
    }
    Ok(())
}

fn check_time(s: &str, published: Option<chrono::NaiveDate>) -> Result<(), TestCaseError> {
    let ctx = time::TimeContext {
        published,
        last_absolute: None,
    };
    let check = |s: &str, ts: &[time::TimeExpr]| -> Result<(), TestCaseError> {
        let mut last = 0;
        for t in ts {
            prop_assert!(
                t.byte_start < t.byte_end && t.byte_end <= s.len(),
                "{:?}",
                t
            );
            prop_assert!(s.is_char_boundary(t.byte_start) && s.is_char_boundary(t.byte_end));
            prop_assert!(t.byte_start >= last, "overlap {:?}", t);
            prop_assert_eq!(&s[t.byte_start..t.byte_end], t.period.text.as_str());
            let a = chrono::NaiveDate::parse_from_str(&t.period.start, "%Y-%m-%d");
            let b = chrono::NaiveDate::parse_from_str(&t.period.end, "%Y-%m-%d");
            prop_assert!(a.is_ok() && b.is_ok(), "{:?}", t);
            prop_assert!(a.ok() <= b.ok(), "{:?}", t);
            last = t.byte_end;
        }
        Ok(())
    };
    check(s, &time::scan(s, &ctx))?;
    let sents: Vec<&str> = s.split(['。', '\n']).collect();
    let doc = time::resolve_document(&sents, published);
    prop_assert_eq!(doc.len(), sents.len());
    for (st, ts) in sents.iter().zip(&doc) {
        check(st, ts)?;
    }
    let _ = time::infer_publication(&sents);
    Ok(())
}

fn check_extract_text(s: &str, published: Option<chrono::NaiveDate>) -> Result<(), TestCaseError> {
    let r = pipeline::extract_text(s, published);
    let norm_chars = normalize::normalize(s).text.chars().count();
    let mut last = 0;
    for st in &r.sentences {
        prop_assert!(st.char_start <= st.char_end && st.char_end <= norm_chars);
        prop_assert!(st.char_start >= last);
        prop_assert_eq!(st.text.chars().count(), st.char_end - st.char_start);
        last = st.char_end;
        for e in &st.entities {
            prop_assert!(
                e.char_start <= e.char_end && e.char_end <= norm_chars,
                "{:?}",
                e
            );
        }
        for f in &st.figures {
            prop_assert!(f.value.is_finite(), "{:?}", f);
        }
    }
    prop_assert!(serde_json::to_string(&r).is_ok());
    Ok(())
}

/// A small index shared by every search case.
static INDEX: LazyLock<(tempfile::TempDir, ZhIndex)> = LazyLock::new(|| {
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = tmp.path().join("c");
    std::fs::create_dir(&corpus).expect("mkdir");
    let articles = [
        ("a.txt", "---\ntitle: 小红书\npublished: 2024-05-01\nsource: 雷峰网\n---\n2024年小红书电商GMV突破1000亿元，买手直播成为重点。"),
        ("b.txt", "---\ntitle: 抖音\npublished: 2023-01-02\n---\n抖音电商去年的DAU约为7亿，商家店播占比六成。"),
        ("c.txt", "拼多多旗下Temu今年第一季度收入同比增长三倍。张一鸣表示，将继续投入。"),
    ];
    for (name, text) in articles {
        std::fs::write(corpus.join(name), text).expect("write");
    }
    let index = tmp.path().join("ix");
    let cfg = pipeline::IngestConfig {
        paths: vec![corpus],
        index: index.clone(),
        threads: 1,
        writer_memory: 20 << 20,
        ..Default::default()
    };
    let s = pipeline::ingest(&cfg).expect("ingest");
    assert_eq!(s.articles, 3, "{:?}", s.problems);
    let zi = ZhIndex::open(&index).expect("open");
    (tmp, zi)
});

fn check_search(q: &str, limit: usize) -> Result<(), TestCaseError> {
    let zi = &INDEX.1;
    let req = SearchRequest {
        query: q.to_string(),
        limit,
        ..Default::default()
    };
    // Ok or Err, never a panic; an error is one line.
    match search(zi, &req) {
        Ok(r) => {
            prop_assert!(r.hits.len() <= limit.max(1));
            prop_assert!(r.total_hits <= 3);
            prop_assert!(serde_json::to_string(&r).is_ok());
        }
        Err(e) => {
            let msg = e.to_string();
            prop_assert!(!msg.is_empty());
        }
    }
    Ok(())
}

fn check_readers(bytes: &[u8], label: &str) -> Result<(), TestCaseError> {
    let _ = zhmine::ingest::decode::decode(bytes, Some(label));
    let _ = zhmine::ingest::decode::decode(bytes, None);
    for (name, md) in [("x.txt", false), ("x.md", true)] {
        if let Ok(fa) = zhmine::ingest::text::read(Path::new(name), bytes, md) {
            for a in &fa.articles {
                prop_assert!(!a.text.trim().is_empty());
            }
        }
    }
    let _ = zhmine::ingest::html::read(Path::new("x.html"), bytes);
    let _ = zhmine::ingest::json::read_json(Path::new("x.json"), bytes);
    let _ = zhmine::ingest::json::read_jsonl_from(Path::new("x.jsonl"), bytes, 1 << 20);
    if let Ok(s) = std::str::from_utf8(bytes) {
        let _ = zhmine::ingest::normalize_date(s);
        let _ = zhmine::query::parse_date(s);
    }
    Ok(())
}

/// Bytes aimed at the readers: front matter, JSON, HTML, legacy encodings.
fn file_bytes() -> impl Strategy<Value = (Vec<u8>, String)> {
    let parts: Vec<&'static [u8]> = vec![
        b"---\n",
        b"title: x\n",
        b"encoding: utf-8\n",
        b"encoding: gbk\n",
        b"published: 2024-13-01\n",
        b"published: 2024-02-29\n",
        b"---\r\n",
        b"{",
        b"}",
        b"[",
        b"]",
        b"\"text\":",
        b"\"id\":",
        b"\"published\":",
        b",",
        b"\"",
        b"\n",
        b"null",
        b"1e999",
        b"-0",
        b"<html>",
        b"<meta charset=\"big5\">",
        b"<title>",
        b"</title>",
        b"<p>",
        b"</p>",
        b"<article>",
        b"<script>",
        b"\xEF\xBB\xBF",
        b"\xFF\xFE",
        b"\xFE\xFF",
        b"\x00",
        b"\xC4\xE3\xBA\xC3",
        b"\xA4\xA4\xA4\xE5",
        b"\xE4\xB8",
        b"\xE4\xB8\xAD",
        b"\x80",
        b"\xFF",
        b"\x1B",
        b"\x7F",
        "小红书电商".as_bytes(),
        b" ",
    ];
    let labels = vec![
        "utf-8",
        "gbk",
        "big5",
        "utf-16le",
        "x-unknown",
        "",
        "shift_jis",
    ];
    (
        proptest::collection::vec(
            prop_oneof![
                4 => proptest::sample::select(parts).prop_map(<[u8]>::to_vec),
                1 => proptest::collection::vec(any::<u8>(), 0..8),
            ],
            0..40,
        )
        .prop_map(|v| v.concat()),
        proptest::sample::select(labels).prop_map(str::to_string),
    )
}

fn date() -> impl Strategy<Value = Option<chrono::NaiveDate>> {
    proptest::option::of((1i32..9999, 1u32..13, 1u32..29))
        .prop_map(|o| o.and_then(|(y, m, d)| chrono::NaiveDate::from_ymd_opt(y, m, d)))
}

// ---------------------------------------------------------------------------
// quick runs (PROPTEST_CASES)

proptest! {
    #[test]
    fn fuzz_normalize(s in soup(60)) {
        check_normalize(&s)?;
    }

    #[test]
    fn fuzz_normalize_any(s in any::<String>()) {
        check_normalize(&s)?;
    }

    #[test]
    fn fuzz_numeral(s in soup(30)) {
        check_numeral(&s)?;
    }

    #[test]
    fn fuzz_time(s in soup(30), d in date()) {
        check_time(&s, d)?;
    }

    #[test]
    fn fuzz_extract_text(s in soup(40), d in date()) {
        check_extract_text(&s, d)?;
    }

    #[test]
    fn fuzz_search(q in query_text(), limit in 0usize..20) {
        check_search(&q, limit)?;
    }

    #[test]
    fn fuzz_readers((bytes, label) in file_bytes()) {
        check_readers(&bytes, &label)?;
    }
}

// ---------------------------------------------------------------------------
// long runs (--ignored, ZHMINE_FUZZ_SECS)

fn budget() -> Duration {
    let secs = std::env::var("ZHMINE_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    Duration::from_secs(secs)
}

/// Run `test` on fresh cases of `strategy` until the time budget is spent:
/// rounds of 500 cases, each round with its own random seed.
fn fuzz_for<S: Strategy>(
    name: &str,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) where
    S::Value: std::fmt::Debug,
{
    use proptest::test_runner::{RngAlgorithm, TestRng};
    use std::cell::Cell;
    let start = Instant::now();
    let deadline = start + budget();
    let cases = Cell::new(0u64);
    let counted = |v: S::Value| {
        cases.set(cases.get() + 1);
        test(v)
    };
    let base = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    let mut round = 0u64;
    while Instant::now() < deadline {
        round += 1;
        let mut seed = [0u8; 32];
        seed[..8].copy_from_slice(&base.to_le_bytes());
        seed[8..16].copy_from_slice(&round.to_le_bytes());
        let config = Config {
            cases: 500,
            failure_persistence: None,
            ..Config::default()
        };
        let mut runner =
            TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &seed));
        match runner.run(&strategy, counted) {
            Ok(()) => {}
            Err(TestError::Fail(reason, value)) => panic!(
                "{name}: failed after {} cases (seed {base}/{round}): {reason}\nminimal input: {value:?}",
                cases.get()
            ),
            Err(e) => panic!("{name}: {e}"),
        }
    }
    eprintln!(
        "{name}: {} cases in {:.0} s ({round} rounds of 500 and their shrinking), no failure",
        cases.get(),
        start.elapsed().as_secs_f64()
    );
}

#[test]
#[ignore = "long fuzz run: cargo test --release --test hardening_fuzz -- --ignored"]
fn long_fuzz_normalize() {
    fuzz_for("normalize", soup(200), |s| check_normalize(&s));
}

#[test]
#[ignore = "long fuzz run"]
fn long_fuzz_normalize_any() {
    fuzz_for("normalize_any", "\\PC{0,300}", |s| check_normalize(&s));
}

#[test]
#[ignore = "long fuzz run"]
fn long_fuzz_numeral() {
    fuzz_for("numeral", soup(60), |s| check_numeral(&s));
}

#[test]
#[ignore = "long fuzz run"]
fn long_fuzz_time() {
    fuzz_for("time", (soup(60), date()), |(s, d)| check_time(&s, d));
}

#[test]
#[ignore = "long fuzz run"]
fn long_fuzz_extract_text() {
    fuzz_for("extract_text", (soup(120), date()), |(s, d)| {
        check_extract_text(&s, d)
    });
}

#[test]
#[ignore = "long fuzz run"]
fn long_fuzz_search() {
    fuzz_for("search", (query_text(), 0usize..20), |(q, l)| {
        check_search(&q, l)
    });
}

#[test]
#[ignore = "long fuzz run"]
fn long_fuzz_readers() {
    fuzz_for("readers", file_bytes(), |(b, l)| check_readers(&b, &l));
}
