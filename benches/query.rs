//! Query latency over an existing index, in-process:
//! `cargo bench --bench query -- INDEX_DIR [--queries N] [--seed S] [--repeat R] [--sample N]`.
//!
//! * `ZhIndex::open` is timed once in a fresh process, then a second time; then
//!   the first `zhmine::segment::jieba()` call (building the process-wide
//!   dictionary; ≈ 0 when the commit under test builds it in `open`).
//! * Search queries are drawn from the corpus itself, deterministically (fixed
//!   seed): `--sample` (default 300) stored article texts, picked by a seeded
//!   PRNG among all articles, are cut with `zhmine::segment::jieba()`; each
//!   query is one word of 2–4 characters (alphanumeric, drawn from the token
//!   occurrences, so frequent words are frequent queries) or, one time in
//!   three, two such words separated by a space (an AND query). `--queries`
//!   (default 1,000) of them run through `zhmine::query::search::search`
//!   with limit 10, after a warm-up pass over the first 100.
//! * `figures --entity P` for the most frequent platforms of the gazetteer
//!   present in the index (topped up with the most frequent entities when
//!   fewer than 5 platforms occur), `--repeat` (default 10) runs each.
//! * `timeline --entity E` for the 10 entities with the most claims, plus 小红书,
//!   `--repeat` runs each.
//!
//! Prints one markdown table (median / p90 / p99 / max per operation) and the
//! load average before and after: on a shared machine, compare against a
//! baseline measured in the same run.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use tantivy::collector::{Count, DocSetCollector};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Term, Value};
use tantivy::TantivyDocument;
use zhmine::index::{kinds, ZhIndex};
use zhmine::model::EntityKind;
use zhmine::query::figures::{figures, FigureRequest};
use zhmine::query::search::{search, SearchRequest};
use zhmine::query::timeline::{timeline, TimelineRequest};

/// SplitMix64: small, seeded, reproducible across platforms.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Nearest-rank percentile of sorted values.
fn pct(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

struct Row {
    name: String,
    times: Vec<Duration>,
    note: String,
}

impl Row {
    fn print(&mut self) {
        self.times.sort();
        let t = &self.times;
        let mean = t.iter().map(|d| d.as_secs_f64()).sum::<f64>() / t.len().max(1) as f64;
        println!(
            "| {} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {} |",
            self.name,
            t.len(),
            ms(pct(t, 50.0)),
            ms(pct(t, 90.0)),
            ms(pct(t, 99.0)),
            ms(t.last().copied().unwrap_or_default()),
            mean * 1e3,
            self.note
        );
    }
}

fn term_q(field: tantivy::schema::Field, v: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, v),
        IndexRecordOption::Basic,
    ))
}

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let mut dir = None;
    let (mut nq, mut seed, mut repeat, mut sample) = (1000usize, 42u64, 10usize, 300usize);
    while let Some(a) = args.next() {
        let mut num = |d: usize| args.next().and_then(|v| v.parse().ok()).unwrap_or(d);
        match a.as_str() {
            "--queries" => nq = num(nq),
            "--seed" => seed = num(seed as usize) as u64,
            "--repeat" => repeat = num(repeat).max(1),
            "--sample" => sample = num(sample).max(1),
            _ => dir = Some(PathBuf::from(a)),
        }
    }
    let Some(dir) = dir.or_else(|| std::env::var_os("ZHMINE_BENCH_INDEX").map(PathBuf::from))
    else {
        eprintln!("usage: cargo bench --bench query -- INDEX_DIR [--queries N] [--seed S] [--repeat R] [--sample N]");
        return;
    };
    let load_start = loadavg();

    // Open (some commits build the jieba dictionary here), then the
    // dictionary (built lazily, on the first segmentation, since e3aca57).
    let t = Instant::now();
    let zi = ZhIndex::open(&dir).expect("open index");
    let t_open = t.elapsed();
    let t = Instant::now();
    let zi2 = ZhIndex::open(&dir).expect("open index");
    let t_open2 = t.elapsed();
    drop(zi2);
    let t = Instant::now();
    let jieba = zhmine::segment::jieba();
    let t_dict = t.elapsed();
    let f = zi.fields;
    let searcher = zi.index.reader().expect("reader").searcher();
    let n_docs = searcher.num_docs();
    let n_segments = searcher.segment_readers().len();

    // Sample of stored article texts.
    let article_q = term_q(f.kind, kinds::ARTICLE);
    let mut arts: Vec<_> = searcher
        .search(&*article_q, &DocSetCollector)
        .expect("articles")
        .into_iter()
        .collect();
    arts.sort();
    let n_articles = arts.len();
    assert!(n_articles > 0, "no articles in {}", dir.display());
    let mut rng = Rng(seed);
    let mut occ: Vec<String> = Vec::new();
    for _ in 0..sample.min(n_articles) {
        let a = arts[rng.below(n_articles)];
        let d: TantivyDocument = searcher.doc(a).expect("doc");
        let text = d.get_first(f.text).and_then(|v| v.as_str()).unwrap_or("");
        for tok in jieba.cut(text, true) {
            let n = tok.word.chars().count();
            if (2..=4).contains(&n) && tok.word.chars().all(char::is_alphanumeric) {
                occ.push(tok.word.to_string());
            }
        }
    }
    assert!(!occ.is_empty(), "no words of 2-4 characters in the sample");
    let distinct = {
        let mut v = occ.clone();
        v.sort();
        v.dedup();
        v.len()
    };
    let queries: Vec<(String, bool)> = (0..nq)
        .map(|_| {
            let w = &occ[rng.below(occ.len())];
            if rng.below(3) == 0 {
                let w2 = &occ[rng.below(occ.len())];
                (format!("{w} {w2}"), true)
            } else {
                (w.clone(), false)
            }
        })
        .collect();

    // Entities: document frequency of every entity term.
    let mut df: HashMap<String, u64> = HashMap::new();
    for sr in searcher.segment_readers() {
        let inv = sr.inverted_index(f.entity).expect("entity field");
        let mut s = inv.terms().stream().expect("terms");
        while s.advance() {
            if let Ok(k) = std::str::from_utf8(s.key()) {
                *df.entry(k.to_string()).or_default() += u64::from(s.value().doc_freq);
            }
        }
    }
    let mut by_df: Vec<(&String, &u64)> = df.iter().collect();
    by_df.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let gaz = zhmine::extract::entities::Gazetteer::global();
    let mut platforms: Vec<(String, u64)> = gaz
        .entries()
        .filter(|(_, k)| *k == EntityKind::Platform)
        .filter_map(|(n, _)| df.get(n).map(|c| (n.to_string(), *c)))
        .collect();
    platforms.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    platforms.truncate(5);
    let n_platforms = platforms.len();
    for (e, c) in &by_df {
        if platforms.len() >= 5 {
            break;
        }
        if !platforms.iter().any(|(p, _)| p == *e) {
            platforms.push(((*e).clone(), **c));
        }
    }
    // Claims per entity, for the 40 most frequent entities.
    let claim_q = || term_q(f.kind, kinds::CLAIM);
    let mut claimy: Vec<(String, usize)> = by_df
        .iter()
        .take(40)
        .map(|(e, _)| {
            let q = BooleanQuery::new(vec![
                (Occur::Must, claim_q()),
                (Occur::Must, term_q(f.entity, e)),
            ]);
            ((*e).clone(), searcher.search(&q, &Count).unwrap_or(0))
        })
        .collect();
    claimy.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    claimy.truncate(10);
    if !claimy.iter().any(|(e, _)| e == "小红书") {
        let q = BooleanQuery::new(vec![
            (Occur::Must, claim_q()),
            (Occur::Must, term_q(f.entity, "小红书")),
        ]);
        claimy.push(("小红书".into(), searcher.search(&q, &Count).unwrap_or(0)));
    }
    let n_claims = searcher.search(&*claim_q(), &Count).unwrap_or(0);

    // Search.
    let req = |q: &str| SearchRequest {
        query: q.to_string(),
        limit: 10,
        ..Default::default()
    };
    for (q, _) in queries.iter().take(100) {
        let _ = search(&zi, &req(q));
    }
    let (mut all, mut one, mut two) = (Vec::new(), Vec::new(), Vec::new());
    let (mut hits_sum, mut hits_max, mut errors, mut zero) = (0usize, 0usize, 0usize, 0usize);
    let mut slowest: Vec<(Duration, String, usize)> = Vec::new();
    for (q, pair) in &queries {
        let t = Instant::now();
        let r = search(&zi, &req(q));
        let d = t.elapsed();
        all.push(d);
        if *pair {
            two.push(d)
        } else {
            one.push(d)
        }
        match r {
            Ok(r) => {
                hits_sum += r.total_hits;
                hits_max = hits_max.max(r.total_hits);
                zero += usize::from(r.total_hits == 0);
                slowest.push((d, q.clone(), r.total_hits));
            }
            Err(_) => errors += 1,
        }
    }
    slowest.sort_by_key(|s| std::cmp::Reverse(s.0));

    // Figures and timelines.
    let mut fig_rows = Vec::new();
    let mut fig_all = Vec::new();
    for (p, c) in &platforms {
        let mut times = Vec::new();
        let mut nfig = 0;
        for _ in 0..repeat {
            let t = Instant::now();
            let r = figures(
                &zi,
                &FigureRequest {
                    entity: Some(p.clone()),
                    metric: None,
                },
            );
            times.push(t.elapsed());
            nfig = r.map(|v| v.len()).unwrap_or(0);
        }
        fig_all.extend_from_slice(&times);
        fig_rows.push(Row {
            name: format!("`figures --entity {p}`"),
            times,
            note: format!("{c} docs with the entity, {nfig} figures"),
        });
    }
    let mut tl_rows = Vec::new();
    let mut tl_all = Vec::new();
    for (e, c) in &claimy {
        let mut times = Vec::new();
        let mut nev = 0;
        for _ in 0..repeat {
            let t = Instant::now();
            let r = timeline(
                &zi,
                &TimelineRequest {
                    entity: e.clone(),
                    ..Default::default()
                },
            );
            times.push(t.elapsed());
            nev = r.map(|t| t.events.len()).unwrap_or(0);
        }
        tl_all.extend_from_slice(&times);
        tl_rows.push(Row {
            name: format!("`timeline --entity {e}`"),
            times,
            note: format!("{c} claims, {nev} events"),
        });
    }

    // Report.
    println!(
        "index: {} ({} docs, {} articles, {} claims, {} segments)",
        dir.display(),
        n_docs,
        n_articles,
        n_claims,
        n_segments
    );
    println!(
        "queries: {nq} (seed {seed}; {} one-word, {} two-word AND), drawn from {} word occurrences ({} distinct) in {} sampled articles",
        one.len(),
        two.len(),
        occ.len(),
        distinct,
        sample.min(n_articles)
    );
    println!(
        "platforms in the index: {n_platforms} of the gazetteer (figures rows topped up with the most frequent entities)"
    );
    println!();
    println!("| operation | runs | median ms | p90 ms | p99 ms | max ms | mean ms | notes |");
    println!("|---|---:|---:|---:|---:|---:|---:|---|");
    println!(
        "| `ZhIndex::open`, first in the process | 1 | {:.1} | | | | | second open: {:.1} ms |",
        ms(t_open),
        ms(t_open2)
    );
    println!(
        "| first `segment::jieba()` (dictionary build, if `open` did not) | 1 | {:.1} | | | | | |",
        ms(t_dict)
    );
    Row {
        name: "`search`, limit 10, all queries".into(),
        times: all,
        note: format!(
            "mean {:.0} hits, max {hits_max}; {zero} with no hit; {errors} errors",
            hits_sum as f64 / nq.max(1) as f64
        ),
    }
    .print();
    Row {
        name: "`search`, one word".into(),
        times: one,
        note: String::new(),
    }
    .print();
    Row {
        name: "`search`, two words (AND)".into(),
        times: two,
        note: String::new(),
    }
    .print();
    Row {
        name: format!(
            "`figures --entity`, {} entities × {repeat}",
            platforms.len()
        ),
        times: fig_all,
        note: String::new(),
    }
    .print();
    for r in &mut fig_rows {
        r.print();
    }
    Row {
        name: format!("`timeline --entity`, {} entities × {repeat}", claimy.len()),
        times: tl_all,
        note: String::new(),
    }
    .print();
    for r in &mut tl_rows {
        r.print();
    }
    println!();
    println!("slowest searches:");
    for (d, q, h) in slowest.iter().take(5) {
        println!("  {:8.3} ms  {q}  ({h} hits)", ms(*d));
    }
    println!(
        "load average (1/5/15 min): start {load_start}, end {}",
        loadavg()
    );
}
