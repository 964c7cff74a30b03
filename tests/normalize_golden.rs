//! Golden test of the normalize stage on the seed article.
//!
//! `tests/golden/seed.normalized.txt` holds one sentence per line, prefixed
//! by its flags: `[B]` boilerplate, `[G]` garbled, `[H]` heading (combined,
//! e.g. `[BG]`), `[ ]` none. Regenerate with
//! `BLESS=1 cargo test --test normalize_golden` and review the diff.

use regex::Regex;
use std::path::PathBuf;
use zhmine::normalize::{normalize, Normalized};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn seed() -> Normalized {
    let p = root().join("corpus/000_b18d7c9321e13add.txt");
    let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    normalize(&text)
}

fn render(n: &Normalized) -> String {
    let mut out = String::new();
    for s in &n.sentences {
        let f = &s.flags;
        let mut flags = String::new();
        if f.boilerplate {
            flags.push('B');
        }
        if f.garbled {
            flags.push('G');
        }
        if f.heading {
            flags.push('H');
        }
        if flags.is_empty() {
            flags.push(' ');
        }
        out.push_str(&format!("[{flags}] {}\n", n.sentence_text(s)));
    }
    out
}

fn flagged(n: &Normalized, pick: impl Fn(&zhmine::model::SentenceFlags) -> bool) -> Vec<&str> {
    n.sentences
        .iter()
        .filter(|s| pick(&s.flags))
        .map(|s| n.sentence_text(s))
        .collect()
}

#[test]
fn seed_matches_golden() {
    let n = seed();
    let got = render(&n);
    let path = root().join("tests/golden/seed.normalized.txt");
    if std::env::var_os("BLESS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &got).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with BLESS=1 to create it)", path.display()));
    if got != want {
        for (i, (g, w)) in got.lines().zip(want.lines()).enumerate() {
            if g != w {
                panic!(
                    "first difference at line {}:\n got: {g}\nwant: {w}\n(BLESS=1 to accept)",
                    i + 1
                );
            }
        }
        panic!(
            "line counts differ: got {}, want {} (BLESS=1 to accept)",
            got.lines().count(),
            want.lines().count()
        );
    }
}

#[test]
fn seed_is_clean_and_converted() {
    let n = seed();
    assert!(n.converted);
    let reading = Regex::new(r"[(（][a-zA-Zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zA-Zü]*[)）]")
        .expect("ok: literal regex");
    assert!(!reading.is_match(&n.text), "{:?}", reading.find(&n.text));
    assert!(!n.text.contains("</p>") && !n.text.contains("/p>"));
    for keep in [
        "(一代)",
        "(公众号:雷峰网)",
        "(创造)",
        "(字节短期内不现实)",
        "(小红书电商)",
    ] {
        assert!(n.text.contains(keep), "{keep}");
    }
    for word in ["服务商", "越来越", "小红书", "生活方式电商", "随着"] {
        assert!(n.text.contains(word), "{word}");
    }
    // No traditional-only characters are left.
    assert_eq!(zhmine::normalize::to_simplified(&n.text), n.text.as_str());
}

#[test]
fn seed_flags() {
    let n = seed();
    assert_eq!(
        flagged(&n, |f| f.boilerplate),
        vec![
            "(这些事件对小红书用户长期留存的影响,雷峰网将持续关注,欢迎感兴趣的读者添加作者微信 aqingcjx 一起交流讨论。)",
            "(雷峰网将持续关注小红书买手生态和商家生态的最新动向,欢迎感兴趣的读者添加作者微信 aqingcjx 交流讨论。)",
            "(雷峰网期待小红书电商能提出更有效的发展计划,也欢迎了解内幕的读者添加作者微信 aqingcjx 一起交流讨论。)",
            "雷峰网作者陈嘉欣持续跟踪小红书、抖音、视频号等内容平台,欢迎感兴趣的、了解内幕的读者添加微信 aqingcjx 交流讨论,共创优质内容。",
            "雷峰网原创文章,未经授权禁止转载。",
            "详情见转载须知。",
        ]
    );
    // Exactly these sentences hold mojibake; every other sentence is clean.
    assert_eq!(
        flagged(&n, |f| f.garbled),
        vec![
            "坝行┢脚_调动情绪会吆喝就可以,但小红书直播是内容逻辑,要会讲故事。”",
            "服务商施海华表示,“小红书上大部分类目的 Top10 中,80% 还是一些不知名品牌,但这些商品是实打?qū)嵱袃?nèi)容营销点、用户兴趣点的。",
            "正如开头所言,按照目前的增速,这个目标也许在不久的未来就能够?qū)崿F,但小红书需要做的还有很多。",
        ]
    );
    assert_eq!(
        flagged(&n, |f| f.heading),
        vec![
            "01 电商,为什么是小红书的必选项?",
            "02 买手直播,是小红书电商的最优解吗?",
            "03生活方式电商,还只是小而美的生意?",
            "04 服务商能给小红书电商带来什么?",
            "05 结语:万亿电商GMV,小红书还要走多远?",
        ]
    );
    // The promo aside is split from the sentence it follows.
    assert!(n.sentences.iter().any(|s| n.sentence_text(s)
        == "据悉,春晚期间,小红书平台内相关的总互动量超14亿,产生622个热聊话题,是去年2.4倍。"));
}

/// Throughput of `normalize` on the seed repeated to ~20 MB, traditional as
/// is and converted to simplified first. Not an assertion: run with
/// `cargo test --release --test normalize_golden -- --ignored --nocapture`.
#[test]
#[ignore]
fn throughput() {
    let p = root().join("corpus/000_b18d7c9321e13add.txt");
    let trad = std::fs::read_to_string(&p).unwrap_or_default();
    let simp = normalize(&trad).text;
    for (name, one) in [
        ("traditional (seed)", trad.as_str()),
        ("simplified (normalized seed)", simp.as_str()),
    ] {
        let reps = (20_000_000 / one.len().max(1)).max(1);
        let articles: Vec<&str> = std::iter::repeat_n(one, reps).collect();
        let bytes: usize = articles.iter().map(|a| a.len()).sum();
        // Warm the lazy statics.
        let _ = normalize(one);
        let mut best = f64::MAX;
        for _ in 0..3 {
            let t = std::time::Instant::now();
            let mut sentences = 0;
            for a in &articles {
                sentences += normalize(a).sentences.len();
            }
            let secs = t.elapsed().as_secs_f64();
            best = best.min(secs);
            assert!(sentences > 0);
        }
        println!(
            "{name}: {:.1} MB in {best:.3} s = {:.1} MB/s",
            bytes as f64 / 1e6,
            bytes as f64 / 1e6 / best
        );
    }
}
