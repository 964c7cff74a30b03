//! Stage-by-stage throughput on one corpus, with baselines measured in the
//! same run: `cargo bench --bench stages -- DIR [--mb N]`.
//!
//! Reads up to N MB (default 50) of articles from DIR (any corpus zhmine
//! ingests; `benches/corpus.sh` builds one from real news), then times, on
//! one thread, each stage over the same articles:
//!
//! | row | what |
//! |---|---|
//! | read+decode | `ingest::read_file` (I/O from the page cache, encoding detection) |
//! | normalize | pinyin, HTML, NFKC, 繁→简, sentences, flags |
//! | segment | jieba `cut` per sentence (+ POS tags where a person may be named) |
//! | extract | entities, times, figures, claims |
//! | index | Tantivy documents and indexing (1 indexing thread, in a temp dir) |
//! | jieba cut (baseline) | raw jieba-rs `cut` over the same normalized text |
//!
//! and the whole pipeline (`process_article` + indexing) on 1 thread and on
//! all cores. Every figure is printed as MB/s of input text and as a ratio to
//! the jieba `cut` baseline of the same run.

use std::path::PathBuf;
use std::time::Instant;
use zhmine::index::writer::{FileStatus, Writer};
use zhmine::index::ZhIndex;
use zhmine::{extract, ingest, normalize, pipeline, segment};

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let mut dir = None;
    let mut mb: f64 = 50.0;
    let mut only: Option<String> = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--mb" => mb = args.next().and_then(|v| v.parse().ok()).unwrap_or(mb),
            "--only" => only = args.next(),
            _ => dir = Some(PathBuf::from(a)),
        }
    }
    let Some(dir) = dir.or_else(|| std::env::var_os("ZHMINE_BENCH_CORPUS").map(PathBuf::from))
    else {
        eprintln!("usage: cargo bench --bench stages -- CORPUS_DIR [--mb N]   (benches/corpus.sh builds one)");
        return;
    };
    let limit = (mb * 1e6) as usize;

    // Inputs.
    let (files, _) = ingest::walk(std::slice::from_ref(&dir));
    let t = Instant::now();
    let mut articles = Vec::new();
    let mut bytes = 0usize;
    for f in &files {
        if bytes >= limit {
            break;
        }
        if let Ok(fa) = ingest::read_file(&f.path) {
            for a in fa.articles {
                bytes += a.text.len();
                articles.push(a);
            }
        }
    }
    let read = t.elapsed().as_secs_f64();
    if let Some(stage) = only {
        one_stage(&stage, &articles);
        return;
    }
    let n = articles.len();
    let mbs = bytes as f64 / 1e6;
    println!(
        "corpus: {} ({} articles, {:.1} MB)\n",
        dir.display(),
        n,
        mbs
    );
    segment::init(None).ok();
    let _ = segment::jieba();

    let t = Instant::now();
    let norms: Vec<_> = articles
        .iter()
        .map(|a| normalize::normalize(&a.text))
        .collect();
    let t_norm = t.elapsed().as_secs_f64();

    let j = segment::jieba();
    let t = Instant::now();
    let mut ntok = 0usize;
    for nm in &norms {
        for s in &nm.sentences {
            if let Some(st) = nm.text.get(s.byte_start..s.byte_end) {
                ntok += j.cut(st, true).len();
            }
        }
    }
    let t_cut = t.elapsed().as_secs_f64();

    let (mut tagged, mut total) = (0usize, 0usize);
    for nm in &norms {
        for s in &nm.sentences {
            total += 1;
            if nm
                .text
                .get(s.byte_start..s.byte_end)
                .is_some_and(extract::entities::needs_tags)
            {
                tagged += 1;
            }
        }
    }
    let t = Instant::now();
    let segs: Vec<_> = norms
        .iter()
        .map(|nm| segment::segment(&nm.text, &nm.sentences, extract::entities::needs_tags))
        .collect();
    let t_seg = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let exs: Vec<_> = norms
        .iter()
        .zip(&segs)
        .zip(&articles)
        .map(|((nm, sg), a)| extract::extract(&a.id, &nm.text, &nm.sentences, sg, None))
        .collect();
    let t_ex = t.elapsed().as_secs_f64();

    // Index the processed articles on one indexing thread.
    let processed: Vec<pipeline::Processed> = norms
        .into_iter()
        .zip(segs)
        .zip(exs)
        .zip(&articles)
        .map(|(((nm, sg), ex), a)| pipeline::Processed {
            id: a.id.clone(),
            file: a.path.clone(),
            file_version: "bench".into(),
            title: a.title.clone(),
            published: a.published.clone(),
            text: nm.text,
            sentences: nm.sentences,
            tokens: sg
                .sentences
                .iter()
                .map(|ts| ts.iter().map(|t| [t.start as u32, t.end as u32]).collect())
                .collect(),
            extraction: ex,
            ..Default::default()
        })
        .collect();
    let tmp = std::env::temp_dir().join(format!("zhmine-bench-{}", std::process::id()));
    let t_idx = {
        let zi = ZhIndex::open_or_create(&tmp, true, None).expect("bench index");
        let mut w = Writer::open(zi, 1, 256 << 20).expect("writer");
        let t = Instant::now();
        for (i, p) in processed.iter().enumerate() {
            w.replace_file(
                &format!("{}#{i}", p.file),
                "bench",
                FileStatus::New,
                std::slice::from_ref(p),
            )
            .expect("index");
        }
        w.commit().expect("commit");
        w.finish().expect("finish");
        t.elapsed().as_secs_f64()
    };
    let _ = std::fs::remove_dir_all(&tmp);
    drop(processed);

    // Whole pipeline, 1 thread and all threads.
    let whole = |threads: usize| -> f64 {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool");
        let dir =
            std::env::temp_dir().join(format!("zhmine-bench-{}-{threads}", std::process::id()));
        let zi = ZhIndex::open_or_create(&dir, true, None).expect("bench index");
        let mut w = Writer::open(zi, threads, 256 << 20).expect("writer");
        let t = Instant::now();
        pool.install(|| {
            use rayon::prelude::*;
            articles.par_iter().enumerate().for_each(|(i, a)| {
                let p = pipeline::process_article(a.clone(), "bench");
                let _ = w.replace_file(
                    &format!("{}#{i}", a.path),
                    "bench",
                    FileStatus::New,
                    std::slice::from_ref(&p),
                );
            });
        });
        w.commit().expect("commit");
        w.finish().expect("finish");
        let s = t.elapsed().as_secs_f64();
        let _ = std::fs::remove_dir_all(&dir);
        s
    };
    let t_one = whole(1);
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let t_all = whole(cores);

    let row = |name: &str, secs: f64| {
        let rate = mbs / secs;
        println!(
            "| {name:<34} | {secs:>8.2} | {rate:>8.1} | {:>10.0} | {:>9.2} |",
            n as f64 / secs,
            rate / (mbs / t_cut)
        );
    };
    println!(
        "| stage (1 thread unless said)       |    s     |   MB/s   | articles/s | × jieba cut |"
    );
    println!(
        "|------------------------------------|---------:|---------:|-----------:|----------:|"
    );
    row("read+decode", read);
    row("normalize", t_norm);
    row("segment (cut + tags where needed)", t_seg);
    row("extract", t_ex);
    row("index (1 indexing thread)", t_idx);
    row("sum of stages", read + t_norm + t_seg + t_ex + t_idx);
    row("baseline: jieba-rs cut", t_cut);
    row("whole pipeline, 1 thread", t_one);
    row(&format!("whole pipeline, {cores} threads"), t_all);
    println!(
        "\nsentences POS-tagged: {tagged} of {total} ({:.0}%)",
        100.0 * tagged as f64 / total.max(1) as f64
    );
    println!(
        "tokens: {ntok}; extraction adds {:.0}% to normalize+segment+index; {} threads = {:.2}× 1 thread",
        100.0 * t_ex / (t_norm + t_seg + t_idx),
        cores,
        t_one / t_all
    );
}

/// `--only STAGE`: run one stage once over the articles inside
/// [`measure`], after a warm-up that builds every lazily built table (the
/// dictionary, the POS model, the converter), so a profiler that counts
/// only inside `measure` sees the stage's cost per byte and nothing fixed:
/// `benches/instructions.sh` runs this under callgrind.
fn one_stage(stage: &str, articles: &[zhmine::model::Article]) {
    segment::init(None).ok();
    for a in articles.iter().take(100) {
        let _ = pipeline::process_article(a.clone(), "warm-up");
    }
    let _ = segment::jieba().tag("王建国表示,小红书电商GMV增长。", true);
    let norms: Vec<_> = articles
        .iter()
        .map(|a| normalize::normalize(&a.text))
        .collect();
    let segs: Vec<_> = if stage == "extract" {
        norms
            .iter()
            .map(|nm| segment::segment(&nm.text, &nm.sentences, extract::entities::needs_tags))
            .collect()
    } else {
        Vec::new()
    };
    let processed: Vec<pipeline::Processed> = if stage == "index" || stage == "index-setup" {
        articles
            .iter()
            .map(|a| pipeline::process_article(a.clone(), "bench"))
            .collect()
    } else {
        Vec::new()
    };
    let t = Instant::now();
    let n = measure(stage, articles, &norms, &segs, &processed);
    eprintln!("{stage}: {:.2} s ({n})", t.elapsed().as_secs_f64());
}

#[inline(never)]
fn measure(
    stage: &str,
    articles: &[zhmine::model::Article],
    norms: &[normalize::Normalized],
    segs: &[segment::Segmented],
    processed: &[pipeline::Processed],
) -> usize {
    let j = segment::jieba();
    let mut n = 0usize;
    match stage {
        "cut" => {
            for nm in norms {
                for s in &nm.sentences {
                    n += j.cut(nm.sentence_text(s), true).len();
                }
            }
        }
        "normalize" => {
            for a in articles {
                n += normalize::normalize(&a.text).sentences.len();
            }
        }
        "segment" => {
            for nm in norms {
                let sg = segment::segment(&nm.text, &nm.sentences, extract::entities::needs_tags);
                n += sg.sentences.len();
            }
        }
        "extract" => {
            for ((nm, sg), a) in norms.iter().zip(segs).zip(articles) {
                n += extract::extract(&a.id, &nm.text, &nm.sentences, sg, None)
                    .figures
                    .len();
            }
        }
        "process" => {
            for a in articles {
                n += pipeline::process_article(a.clone(), "bench")
                    .sentences
                    .len();
            }
        }
        "index" => {
            let tmp =
                std::env::temp_dir().join(format!("zhmine-bench-only-{}", std::process::id()));
            let zi = ZhIndex::open_or_create(&tmp, true, None).expect("bench index");
            let mut w = Writer::open(zi, 1, 256 << 20).expect("writer");
            for (i, p) in processed.iter().enumerate() {
                w.add_article(&format!("{}#{i}", p.file), "bench", p)
                    .expect("index");
                n += 1;
            }
            w.commit().expect("commit");
            w.finish().expect("finish");
            let _ = std::fs::remove_dir_all(&tmp);
        }
        // Everything `index` does but the indexing: what instructions.sh
        // subtracts, since Tantivy indexes on threads of its own.
        "index-setup" => {}
        other => eprintln!("unknown stage {other}: cut normalize segment extract process index"),
    }
    n
}
