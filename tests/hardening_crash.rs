//! Crash safety: an ingest killed with SIGKILL at any moment leaves an index
//! that opens and holds no article twice (and, when it was updating a
//! complete index, loses none); a rerun completes with every article
//! exactly once.
//!
//! Commits happen every `--commit-mb` MB of input, at least 1 MB, and a
//! debug build ingests well under 1 MB/s: twenty killed runs over a corpus
//! spanning several commits of the binary would take many minutes. So the
//! killed process runs the same driver
//! (`pipeline::ingest`) with a commit after every batch of files: it is
//! this test binary, re-executed to run the ignored `crash_child` test. The
//! second test kills the real `zhmine ingest` binary a few times.
//!
//! Tuning: `ZHMINE_CRASH_KILLS` (default 20), `ZHMINE_CRASH_ARTICLES`
//! (default 64).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;
use tantivy::collector::DocSetCollector;
use tantivy::query::{AllQuery, TermQuery};
use tantivy::schema::{IndexRecordOption, Term, Value};
use tantivy::TantivyDocument;
use zhmine::index::ZhIndex;
use zhmine::pipeline::{self, IngestConfig};

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

const PLATFORMS: &[&str] = &["小红书", "抖音", "快手", "拼多多", "淘宝", "京东", "视频号"];
const TOPICS: &[&str] = &["买手直播", "商家店播", "主理人直播", "货架电商", "本地生活"];
const PEOPLE: &[&str] = &["王建国", "李明远", "陈思琪", "赵海峰", "刘晓东"];

/// Article `i` of corpus version `v`: distinct sentences, ~1 KB.
fn article(i: usize, v: usize) -> String {
    let mut s = format!(
        "---\ntitle: 电商观察第{i}期 v{v}\npublished: 20{:02}-{:02}-{:02}\n---\n",
        18 + i % 7,
        1 + i % 12,
        1 + i % 28,
    );
    for p in 0..5 {
        // The version is in the title only: every version yields the same
        // documents but for it.
        let k = i * 131 + p * 7;
        let pf = PLATFORMS[k % PLATFORMS.len()];
        s.push_str(&format!(
            "{pf}电商在20{y}年第{q}季度的GMV达到{n}亿元。{who}表示，{pf}将继续投入{tp}，样本{i}-{p}。\n",
            y = 18 + k % 7,
            q = 1 + k % 4,
            n = 100 + k % 900,
            who = PEOPLE[(k / 5) % PEOPLE.len()],
            tp = TOPICS[(k / 3) % TOPICS.len()],
        ));
    }
    s
}

fn write_corpus(dir: &Path, n: usize, v: usize) -> BTreeSet<String> {
    std::fs::create_dir_all(dir).expect("mkdir corpus");
    let mut ids = BTreeSet::new();
    for i in 0..n {
        let name = format!("art{i:04}");
        std::fs::write(dir.join(format!("{name}.txt")), article(i, v)).expect("write article");
        ids.insert(name);
    }
    ids
}

/// What an index holds: article doc_id → titles (one per copy of the
/// article), and doc_id → live documents of any kind (article, claims...).
/// `None` when there is no index.
struct Contents {
    titles: BTreeMap<String, Vec<String>>,
    docs: BTreeMap<String, usize>,
}

fn contents(index: &Path) -> Option<Contents> {
    let zi = match ZhIndex::open(index) {
        Ok(zi) => zi,
        Err(e) => {
            let msg = e.to_string();
            assert!(
                msg.contains("no index here"),
                "the index does not open: {msg}"
            );
            return None;
        }
    };
    let f = zi.fields;
    let searcher = zi.index.reader().expect("reader").searcher();
    let q = TermQuery::new(
        Term::from_field_text(f.kind, "article"),
        IndexRecordOption::Basic,
    );
    let get = |doc: &TantivyDocument, field| {
        doc.get_first(field)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    };
    let mut titles: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for addr in searcher.search(&q, &DocSetCollector).expect("search") {
        let doc: TantivyDocument = searcher.doc(addr).expect("stored doc");
        titles
            .entry(get(&doc, f.doc_id))
            .or_default()
            .push(get(&doc, f.title));
    }
    let mut docs: BTreeMap<String, usize> = BTreeMap::new();
    for addr in searcher
        .search(&AllQuery, &DocSetCollector)
        .expect("search")
    {
        let doc: TantivyDocument = searcher.doc(addr).expect("stored doc");
        *docs.entry(get(&doc, f.doc_id)).or_default() += 1;
    }
    Some(Contents { titles, docs })
}

/// Every article of `want` present once, titled with one of `versions`.
fn assert_complete(c: &Contents, want: &BTreeSet<String>, versions: &[usize], when: &str) {
    let ids: BTreeSet<String> = c.titles.keys().cloned().collect();
    assert_eq!(&ids, want, "{when}: articles missing or unknown");
    for (id, titles) in &c.titles {
        assert_eq!(titles.len(), 1, "{when}: {id} is in the index {titles:?}");
        assert!(
            versions
                .iter()
                .any(|v| titles[0].ends_with(&format!(" v{v}"))),
            "{when}: {id} has title {:?}, expected version {versions:?}",
            titles[0]
        );
    }
}

fn config(corpus: &Path, index: &Path) -> IngestConfig {
    IngestConfig {
        paths: vec![corpus.to_path_buf()],
        index: index.to_path_buf(),
        threads: 1,
        // Commit after every batch of files.
        commit_every_bytes: 1,
        writer_memory: 15 << 20,
        ..Default::default()
    }
}

/// The killed process: runs the driver on the corpus and index named by
/// `ZHMINE_CRASH_CHILD` (`corpus\x1findex`). Does nothing without it.
#[test]
#[ignore = "run by sigkill_at_any_moment_loses_nothing_and_duplicates_nothing"]
fn crash_child() {
    let Ok(spec) = std::env::var("ZHMINE_CRASH_CHILD") else {
        return;
    };
    let (corpus, index) = spec.split_once('\x1f').expect("corpus\\x1findex");
    // Build the dictionaries and automata first, then say so: the parent
    // times its kills from here.
    zhmine::segment::init(None).expect("segmenter");
    let _ = pipeline::extract_text(
        "小红书电商2024年GMV达到1000亿元。王建国表示，将继续投入。",
        None,
    );
    println!("{READY}");
    let s = pipeline::ingest(&config(Path::new(corpus), Path::new(index))).expect("ingest");
    assert!(s.problems.is_empty(), "{:?}", s.problems);
}

const READY: &str = "ZHMINE_CRASH_CHILD_READY";

/// Start the child ingest and wait until it has loaded its data and starts
/// ingesting; returns the child and that moment.
fn spawn_child(corpus: &Path, index: &Path) -> (std::process::Child, Instant) {
    use std::io::BufRead;
    let mut child = Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "--exact",
            "crash_child",
            "--ignored",
            "--nocapture",
            "--test-threads",
            "1",
        ])
        .env(
            "ZHMINE_CRASH_CHILD",
            format!("{}\x1f{}", corpus.display(), index.display()),
        )
        .env_remove("ZHMINE_DATA")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn the child ingest");
    let out = child.stdout.take().expect("child stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    // Drain the child's output to its end: a closed pipe would fail it.
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(out).lines() {
            match line {
                Ok(l) if l.contains(READY) => {
                    let _ = tx.send(());
                }
                Ok(_) => {}
                Err(_) => break,
            }
        }
    });
    assert!(rx.recv().is_ok(), "the child ingest did not start");
    (child, Instant::now())
}

#[test]
fn sigkill_at_any_moment_loses_nothing_and_duplicates_nothing() {
    let kills = env_usize("ZHMINE_CRASH_KILLS", 20);
    let n = env_usize("ZHMINE_CRASH_ARTICLES", 64);
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = tmp.path().join("corpus");
    let index = tmp.path().join("ix");
    let want = write_corpus(&corpus, n, 0);

    // One uninterrupted child run: its duration spreads the kills, its
    // result is the reference.
    let (mut child, t0) = spawn_child(&corpus, &index);
    let status = child.wait().expect("child runs");
    let mut full = t0.elapsed();
    assert!(status.success(), "uninterrupted child ingest: {status:?}");
    let reference = contents(&index).expect("reference index");
    assert_complete(&reference, &want, &[0], "reference");
    // Documents per article, whatever their kinds: the same for every version.
    let per_article = reference.docs.clone();
    assert_eq!(per_article.len(), n);

    let mut log = Vec::new();
    for k in 1..=kills {
        // Odd kills hit a fresh ingest, even ones an update of every file of
        // a complete index (version k-1 → k).
        let updating = k % 2 == 0;
        if updating {
            write_corpus(&corpus, n, k);
        } else {
            std::fs::remove_dir_all(&index).ok();
            write_corpus(&corpus, n, k);
        }
        // Spread over the run, from its start to its end (the estimate of
        // its length shrinks when a run ends before its kill).
        let at = full.mul_f64((k as f64 - 0.5) / kills as f64);
        let (mut child, t0) = spawn_child(&corpus, &index);
        std::thread::sleep(at.saturating_sub(t0.elapsed()));
        let exited = child.try_wait().expect("try_wait").is_some();
        if exited {
            full = full.min(t0.elapsed()).mul_f64(0.9);
        }
        child.kill().ok(); // SIGKILL on Unix
        child.wait().expect("reap");
        let when = format!(
            "kill {k} at {at:?} ({})",
            if updating { "update" } else { "fresh" }
        );

        // No stale lock: Tantivy's writer lock is released with the process.
        let after_kill = contents(&index);
        let held = match &after_kill {
            None => {
                assert!(!updating, "{when}: the index vanished");
                0
            }
            Some(c) => {
                if updating {
                    // Nothing lost: each file is old or new, never absent.
                    assert_complete(c, &want, &[k - 1, k], &when);
                    assert_eq!(c.docs, per_article, "{when}: documents per article");
                } else {
                    for (id, titles) in &c.titles {
                        assert!(want.contains(id), "{when}: unknown article {id}");
                        assert_eq!(titles.len(), 1, "{when}: {id} is in the index twice");
                    }
                    assert!(
                        c.docs.keys().eq(c.titles.keys()),
                        "{when}: documents without their article"
                    );
                    for (id, n) in &c.docs {
                        assert_eq!(Some(n), per_article.get(id), "{when}: documents of {id}");
                    }
                }
                let new = c
                    .titles
                    .values()
                    .filter(|t| t[0].ends_with(&format!(" v{k}")))
                    .count();
                new
            }
        };
        log.push((k, at, exited, held));

        // The rerun completes with every article exactly once, all new.
        let s = pipeline::ingest(&config(&corpus, &index)).expect("rerun");
        assert!(s.problems.is_empty(), "{when}: {:?}", s.problems);
        assert_eq!(
            s.files_new + s.files_updated,
            n - held,
            "{when}: rerun redid committed files"
        );
        let c = contents(&index).expect("index after the rerun");
        assert_complete(&c, &want, &[k], &format!("rerun after {when}"));
        assert_eq!(
            c.docs, per_article,
            "rerun after {when}: documents per article"
        );
    }
    let partial = log
        .iter()
        .filter(|(_, _, exited, held)| !exited && *held > 0 && *held < n)
        .count();
    eprintln!("T = {full:?}; (kill, moment, had exited, new articles committed): {log:?}");
    if kills >= 10 {
        assert!(
            partial >= 3,
            "too few kills fell between commits ({partial}): {log:?}"
        );
    }
}

/// The real binary, killed at a few moments of a run (one commit at the
/// end: the corpus is far below `--commit-mb 1`): the index opens with
/// `zhmine search`, and a rerun adds everything exactly once.
#[test]
fn killed_zhmine_ingest_then_rerun() {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_zhmine"));
    let zhmine = || {
        let mut c = Command::new(&bin);
        c.env_remove("ZHMINE_DATA");
        c
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = tmp.path().join("corpus");
    let index = tmp.path().join("ix");
    let want = write_corpus(&corpus, 24, 0);
    let ingest = || {
        let mut c = zhmine();
        c.arg("ingest")
            .arg("--commit-mb")
            .arg("1")
            .arg("--index")
            .arg(&index)
            .arg(&corpus)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        c
    };
    let ids = || -> Option<Vec<String>> {
        let out = zhmine()
            .args(["search", "电商", "--json", "--limit", "1000", "--index"])
            .arg(&index)
            .output()
            .expect("search runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{err}");
        if !out.status.success() {
            assert!(err.contains("no index here"), "index does not open: {err}");
            return None;
        }
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        Some(
            v["hits"]
                .as_array()
                .expect("hits")
                .iter()
                .map(|h| h["doc_id"].as_str().unwrap_or_default().to_string())
                .collect(),
        )
    };
    let t0 = Instant::now();
    assert!(ingest().status().expect("runs").success());
    let full = t0.elapsed();
    std::fs::remove_dir_all(&index).expect("rm index");
    for frac in [0.5, 1.0] {
        let mut child = ingest().spawn().expect("spawn");
        std::thread::sleep(full.mul_f64(frac));
        child.kill().ok();
        child.wait().expect("reap");
        if let Some(ids) = ids() {
            let set: BTreeSet<_> = ids.iter().cloned().collect();
            assert_eq!(set.len(), ids.len(), "kill at {frac}·T: duplicates");
        }
        let st = ingest().status().expect("rerun runs");
        assert!(st.success(), "rerun after kill at {frac}·T: {st:?}");
        let ids = ids().expect("index after the rerun");
        let set: BTreeSet<_> = ids.iter().cloned().collect();
        assert_eq!(
            set.len(),
            ids.len(),
            "rerun after kill at {frac}·T: duplicates"
        );
        assert_eq!(set, want, "rerun after kill at {frac}·T");
        std::fs::remove_dir_all(&index).expect("rm index");
    }
}

/// Regression: an ingest killed after Tantivy wrote a commit's files but
/// before it saved `meta.json` left those files behind (listed in
/// `.managed.json`, used by no commit). The rerun repeats the same
/// operations from the same opstamp, so it names its delete file exactly
/// as the leftover and failed with `FileAlreadyExists("SEG.N.del")` (seen
/// in CI after a kill during an update). The state is made here without a
/// kill: an update is committed, then `meta.json` is put back as it was
/// before it, which is what a kill at that moment leaves.
#[test]
fn rerun_after_kill_between_files_and_meta_does_not_hit_leftover_del_file() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = tmp.path().join("corpus");
    let index = tmp.path().join("ix");
    let want = write_corpus(&corpus, 4, 0);
    let cfg = IngestConfig {
        commit_every_bytes: u64::MAX,
        ..config(&corpus, &index)
    };
    pipeline::ingest(&cfg).expect("first ingest");
    let meta_before = std::fs::read(index.join("meta.json")).expect("meta.json");

    // Update half the files: a segment that loses all its documents is
    // dropped whole, one that loses some gets a delete file.
    for i in 0..2 {
        std::fs::write(corpus.join(format!("art{i:04}.txt")), article(i, 1)).expect("update");
    }
    pipeline::ingest(&cfg).expect("update");
    let leftovers: Vec<String> = std::fs::read_dir(&index)
        .expect("index dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".del"))
        .collect();
    assert!(!leftovers.is_empty(), "the update wrote no delete file");
    std::fs::write(index.join("meta.json"), &meta_before).expect("restore meta.json");
    let c = contents(&index).expect("index as of the first commit");
    assert_complete(&c, &want, &[0], "after the simulated kill");

    let s = pipeline::ingest(&cfg).expect("rerun over the leftovers");
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    assert_eq!((s.files_updated, s.files_unchanged), (2, 2));
    let c = contents(&index).expect("index after the rerun");
    assert_complete(&c, &want, &[0, 1], "after the rerun");
    let versions: Vec<bool> = c.titles.values().map(|t| t[0].ends_with(" v1")).collect();
    assert_eq!(versions, [true, true, false, false], "{:?}", c.titles);
}
