//! The driver: runs the stages over a corpus and feeds the index.
//!
//! Work is streamed in batches of files (never the whole corpus in memory);
//! within a batch, files are processed in parallel with rayon and added to the
//! index writer from the worker threads (Tantivy's writer is shared and
//! thread-safe). A commit follows every `commit_every_bytes` of input and the
//! end of the run; each commit is atomic, so a run that is killed leaves the
//! index as of its last commit, and the next run picks up the files that are
//! not in it.

use crate::error::{Error, Result};
use crate::extract::{self, Claim, Extraction};
use crate::index::writer::{FileStatus, Writer};
use crate::index::ZhIndex;
use crate::ingest;
use crate::model::{Article, Sentence};
use crate::normalize;
use crate::segment;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// One article after every stage up to extraction: what `process --jsonl`
/// writes and `ingest --processed` reads. Field names are a contract.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Processed {
    pub id: String,
    /// The input file and the version (fingerprint) of its bytes.
    pub file: String,
    pub file_version: String,
    pub title: Option<String>,
    /// `YYYY-MM-DD`, given by the input or inferred from the text.
    pub published: Option<String>,
    /// True where `published` was inferred from the text.
    pub published_inferred: bool,
    pub source: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
    pub encoding: String,
    /// The normalized text; every span below points into it.
    pub text: String,
    pub sentences: Vec<Sentence>,
    /// Per sentence, the byte spans of its tokens.
    pub tokens: Vec<Vec<[u32; 2]>>,
    pub extraction: Extraction,
}

/// A claim as stored in the index, with what a timeline needs of its article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredClaim {
    pub claim: Claim,
    pub title: Option<String>,
    pub source: Option<String>,
    pub published: Option<String>,
    pub published_inferred: bool,
}

/// The publication date relative times resolve against: the given one, else
/// one inferred from the text; and whether it was inferred (false when none).
fn publication(
    norm: &normalize::Normalized,
    given: Option<chrono::NaiveDate>,
) -> (Option<chrono::NaiveDate>, bool) {
    if given.is_some() {
        return (given, false);
    }
    let sents: Vec<&str> = norm
        .sentences
        .iter()
        .map(|s| norm.sentence_text(s))
        .collect();
    let inferred = extract::time::infer_publication(&sents);
    (inferred, inferred.is_some())
}

/// Largest article text zhmine processes, in bytes. News articles are a few
/// KB; a text this large is a whole dump in one file, where the per-article
/// stages (document-wide name propagation) grow faster than linearly.
pub const MAX_ARTICLE_BYTES: usize = 8 << 20;

/// Is the article small enough to process? The reason when it is not.
pub fn fits(a: &Article) -> std::result::Result<(), String> {
    if a.text.len() > MAX_ARTICLE_BYTES {
        return Err(format!(
            "article {} is {:.1} MB of text; zhmine takes articles up to {} MB (split the file into articles)",
            a.id,
            a.text.len() as f64 / 1e6,
            MAX_ARTICLE_BYTES >> 20
        ));
    }
    Ok(())
}

/// Run normalize, segment and extract on one article.
pub fn process_article(a: Article, file_version: &str) -> Processed {
    let norm = normalize::normalize(&a.text);
    let seg = segment::segment(&norm.text, &norm.sentences, extract::entities::needs_tags);
    let given = a
        .published
        .as_deref()
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let (published, inferred) = publication(&norm, given);
    let (mut extraction, details) =
        extract::extract_detailed(&a.id, &norm.text, &norm.sentences, &seg, published);
    date_figures(&mut extraction, published, inferred);
    if norm.converted {
        original_aliases(&mut extraction, &details.mentions, &a.text, &norm);
    }
    let tokens = seg
        .sentences
        .iter()
        .map(|ts| ts.iter().map(|t| [t.start as u32, t.end as u32]).collect())
        .collect();
    Processed {
        id: a.id,
        file: a.path,
        file_version: file_version.to_string(),
        title: a.title.map(|t| normalize::to_simplified(&t).into_owned()),
        published: published.map(|d| d.format("%Y-%m-%d").to_string()),
        published_inferred: inferred,
        source: a.source,
        author: a.author,
        url: a.url,
        encoding: a.encoding,
        text: norm.text,
        sentences: norm.sentences,
        tokens,
        extraction,
    }
}

/// Add to each entity the forms the *original* text used where they differ
/// from the normalized ones (董潔 for 董洁, 小紅書 for 小红书), found through
/// the offset map, so a researcher can search the original sources.
fn original_aliases(
    ex: &mut Extraction,
    mentions: &[extract::entities::Mention],
    original: &str,
    norm: &normalize::Normalized,
) {
    // Char positions of the normalized spans; byte offsets of the original chars.
    let char_of = char_index(&norm.text);
    let orig_bytes: Vec<usize> = original.char_indices().map(|(b, _)| b).collect();
    for m in mentions {
        let (Some(cs), Some(ce)) = (char_of(m.byte_start), char_of(m.byte_end)) else {
            continue;
        };
        let (os, oe) = norm.map.span_to_original(cs, ce);
        let bs = orig_bytes.get(os).copied();
        let be = orig_bytes.get(oe).copied().unwrap_or(original.len());
        let Some(form) = bs.and_then(|bs| original.get(bs..be)) else {
            continue;
        };
        // Only a same-length form is a script variant; anything else means
        // the normalizer removed something inside the span.
        if form.chars().count() != m.surface.chars().count() || form == m.name {
            continue;
        }
        if let Some(e) = ex
            .entities
            .iter_mut()
            .find(|e| e.name == m.name && e.kind == m.kind)
        {
            if !e.aliases.iter().any(|a| a == form) {
                e.aliases.push(form.to_string());
            }
        }
    }
}

/// Character offset of a byte offset of `text` (on a char boundary, or the
/// end), by binary search over the char starts collected once: mentions
/// number in the hundreds, counting chars from the start for each is
/// quadratic.
fn char_index(text: &str) -> impl Fn(usize) -> Option<usize> + '_ {
    let starts: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    move |b| {
        starts
            .binary_search(&b)
            .ok()
            .or((b == text.len()).then_some(starts.len()))
    }
}

/// Record on every figure (and every figure claim) the publication date its
/// relative times were resolved against, and whether it was inferred.
fn date_figures(ex: &mut Extraction, published: Option<chrono::NaiveDate>, inferred: bool) {
    let date = published.map(|d| d.format("%Y-%m-%d").to_string());
    let figs = ex
        .figures
        .iter_mut()
        .chain(ex.claims.iter_mut().filter_map(|c| c.figure.as_mut()));
    for f in figs {
        f.published = date.clone();
        f.published_inferred = inferred;
    }
}

/// What `ingest` is asked to do, free of command-line types.
#[derive(Debug, Clone)]
pub struct IngestConfig {
    pub paths: Vec<PathBuf>,
    pub index: PathBuf,
    /// Worker threads (0 = all cores).
    pub threads: usize,
    pub rebuild: bool,
    pub user_dict: Option<String>,
    pub progress: bool,
    /// Commit after this many input bytes.
    pub commit_every_bytes: u64,
    /// Tantivy writer memory budget.
    pub writer_memory: usize,
    /// Inputs are `process --jsonl` output, not articles.
    pub processed: bool,
}

impl Default for IngestConfig {
    fn default() -> Self {
        IngestConfig {
            paths: Vec::new(),
            index: PathBuf::from("index"),
            threads: 0,
            rebuild: false,
            user_dict: None,
            progress: false,
            commit_every_bytes: 256 << 20,
            writer_memory: 256 << 20,
            processed: false,
        }
    }
}

/// The account of an ingest run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub files_seen: usize,
    pub files_new: usize,
    pub files_updated: usize,
    pub files_unchanged: usize,
    pub files_failed: usize,
    /// Files indexed before under a folder named by this run, and gone.
    pub files_removed: usize,
    pub articles: usize,
    pub sentences: usize,
    pub bytes: u64,
    pub commits: usize,
    #[serde(skip)]
    pub elapsed: Duration,
    /// One line per problem: `path: reason` or `path: line N: reason`.
    pub problems: Vec<String>,
}

impl Summary {
    pub fn mb_per_s(&self) -> f64 {
        let s = self.elapsed.as_secs_f64();
        if s > 0.0 {
            self.bytes as f64 / 1e6 / s
        } else {
            0.0
        }
    }
}

/// Outcome of one file within a batch.
enum FileOutcome {
    Unchanged,
    Done {
        status: FileStatus,
        articles: usize,
        sentences: usize,
        bytes: u64,
    },
    Failed(String),
}

/// Ingest a corpus into the index.
pub fn ingest(cfg: &IngestConfig) -> Result<Summary> {
    let start = Instant::now();
    let zi = ZhIndex::open_or_create(&cfg.index, cfg.rebuild, cfg.user_dict.clone())?;
    let threads = if cfg.threads == 0 {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    } else {
        cfg.threads
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {threads} threads: {e}")))?;
    let mut writer = Writer::open(zi, threads, cfg.writer_memory)?;

    let (files, walk_errors) = if cfg.processed {
        processed_inputs(&cfg.paths)
    } else {
        ingest::walk_except(&cfg.paths, Some(&cfg.index))
    };
    let mut summary = Summary {
        files_seen: files.len(),
        ..Default::default()
    };
    for e in walk_errors {
        summary.files_failed += 1;
        summary.problems.push(e.to_string());
    }

    if !cfg.processed {
        summary.files_removed = remove_missing(&writer, &cfg.paths, &files)?;
    }

    let total: u64 = files.iter().map(|f| f.size).sum();
    let bar = progress_bar(cfg.progress, total);
    let mut since_commit: u64 = 0;
    // A batch is read, processed and indexed before the next one starts, and
    // commits fall between batches: so a batch holds at most a commit's
    // worth of input (and at most BATCH_BYTES, which bounds memory).
    let max_files = (threads * 16).max(16);
    let max_bytes = cfg.commit_every_bytes.clamp(1, BATCH_BYTES);
    for batch in batches(&files, max_files, max_bytes) {
        let outcomes = if cfg.processed {
            pool.install(|| {
                batch
                    .par_iter()
                    .map(|f| {
                        let (o, probs) = ingest_processed(&writer, &f.path);
                        (f.display.clone(), o, probs)
                    })
                    .collect()
            })
        } else {
            ingest_batch(&pool, &writer, batch)
        };
        for (display, outcome, probs) in outcomes {
            summary.problems.extend(probs);
            match outcome {
                FileOutcome::Unchanged => summary.files_unchanged += 1,
                FileOutcome::Failed(reason) => {
                    summary.files_failed += 1;
                    summary.problems.push(format!("{display}: {reason}"));
                }
                FileOutcome::Done {
                    status,
                    articles,
                    sentences,
                    bytes,
                } => {
                    match status {
                        FileStatus::Changed => summary.files_updated += 1,
                        _ => summary.files_new += 1,
                    }
                    summary.articles += articles;
                    summary.sentences += sentences;
                    summary.bytes += bytes;
                }
            }
        }
        let batch_bytes: u64 = batch.iter().map(|f| f.size).sum();
        bar.inc(batch_bytes);
        since_commit += batch_bytes;
        if since_commit >= cfg.commit_every_bytes && writer.has_changes() {
            writer.commit()?;
            summary.commits += 1;
            since_commit = 0;
        }
    }
    bar.finish_and_clear();
    // A run that changed nothing leaves the index byte for byte as it was.
    if writer.has_changes() || writer.is_fresh() {
        writer.commit()?;
        summary.commits += 1;
    }
    writer.finish()?;
    summary.elapsed = start.elapsed();
    Ok(summary)
}

/// Most input bytes read into memory at once by an ingest.
const BATCH_BYTES: u64 = 64 << 20;

/// `files` in consecutive batches of at most `max_files` files and (but for
/// a single larger file) `max_bytes` bytes.
fn batches(
    files: &[ingest::InputFile],
    max_files: usize,
    max_bytes: u64,
) -> impl Iterator<Item = &[ingest::InputFile]> {
    let mut rest = files;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut n = 0;
        let mut bytes = 0u64;
        while n < rest.len() && n < max_files && (n == 0 || bytes + rest[n].size <= max_bytes) {
            bytes += rest[n].size;
            n += 1;
        }
        let (batch, tail) = rest.split_at(n);
        rest = tail;
        Some(batch)
    })
}

/// Drop from the index the files that were under a folder named by `paths`
/// and are gone (deleted or renamed): a rerun over a corpus folder mirrors
/// it. Files below folders that were not walked, and files outside the named
/// folders, are left alone. Returns how many files were dropped.
fn remove_missing(
    writer: &Writer,
    paths: &[PathBuf],
    walked: &[ingest::InputFile],
) -> Result<usize> {
    let roots: Vec<String> = paths
        .iter()
        .filter(|p| p.is_dir())
        .map(|p| {
            let mut k = ingest::path_key(p);
            if !k.ends_with(std::path::MAIN_SEPARATOR) {
                k.push(std::path::MAIN_SEPARATOR);
            }
            k
        })
        .collect();
    if roots.is_empty() {
        return Ok(0);
    }
    let present: std::collections::HashSet<String> =
        walked.iter().map(|f| ingest::path_key(&f.path)).collect();
    let mut removed = 0;
    for file in writer.indexed_files()? {
        let under = roots.iter().any(|r| file.starts_with(r.as_str()));
        // The walk may have missed a file it could not read: drop only what
        // is really gone.
        let gone = !present.contains(&file)
            && std::fs::symlink_metadata(&file)
                .is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound);
        if under && gone {
            writer.delete_file(&file);
            removed += 1;
        }
    }
    Ok(removed)
}

/// A corpus file read for ingest: its index key, version and articles (the
/// ones small enough to process), or `None` when the index already holds
/// this version.
struct Loaded {
    status: FileStatus,
    file: String,
    version: String,
    articles: Vec<Article>,
    /// Articles the file held, usable or not.
    read: usize,
    problems: Vec<String>,
}

/// Fingerprint `path`, ask `status` whether the index holds that version
/// (an unchanged file is not read), and read its articles. `Err` is the
/// reason the whole file is unusable.
fn load_file(
    path: &std::path::Path,
    status: impl Fn(&str, &str) -> Result<FileStatus>,
) -> std::result::Result<Option<Loaded>, String> {
    let file = ingest::path_key(path);
    let version = ingest::fingerprint(path).map_err(reason_of)?;
    let status = status(&file, &version).map_err(|e| e.to_string())?;
    if status == FileStatus::Unchanged {
        return Ok(None);
    }
    let fa = ingest::read_file(path).map_err(reason_of)?;
    let mut problems: Vec<String> = fa.problems.iter().map(|e| e.to_string()).collect();
    if let Some(note) = fa.articles.first().and_then(|a| encoding_note(&a.encoding)) {
        problems.push(format!("{}: {note}", path.display()));
    }
    let read = fa.articles.len();
    let mut articles = Vec::with_capacity(read);
    for mut a in fa.articles {
        match fits(&a) {
            Ok(()) => {
                a.path = file.clone();
                articles.push(a);
            }
            Err(reason) => problems.push(format!("{}: {reason}", path.display())),
        }
    }
    Ok(Some(Loaded {
        status,
        file,
        version,
        articles,
        read,
        problems,
    }))
}

/// Ingest one batch of corpus files: read them (in parallel), give their
/// articles ids (in walk order, so a clash of default ids resolves the same
/// way on every run), then process and index every article in parallel,
/// across files, adding each article's documents as soon as it is done.
fn ingest_batch(
    pool: &rayon::ThreadPool,
    writer: &Writer,
    batch: &[ingest::InputFile],
) -> Vec<(String, FileOutcome, Vec<String>)> {
    let loaded: Vec<std::result::Result<Option<Loaded>, String>> = pool.install(|| {
        batch
            .par_iter()
            .map(|f| load_file(&f.path, |file, v| writer.status(file, v)))
            .collect()
    });
    let mut outcomes: Vec<(String, FileOutcome, Vec<String>)> = Vec::with_capacity(batch.len());
    let mut jobs: Vec<(usize, Article)> = Vec::new();
    let mut files: Vec<Option<(FileStatus, String, String)>> = Vec::with_capacity(batch.len());
    for (f, l) in batch.iter().zip(loaded) {
        let k = outcomes.len();
        let mut problems = Vec::new();
        let mut outcome = FileOutcome::Unchanged;
        let mut meta = None;
        match l {
            Ok(None) => {}
            Err(reason) => outcome = FileOutcome::Failed(reason),
            Ok(Some(mut l)) => {
                problems = std::mem::take(&mut l.problems);
                if l.articles.is_empty() {
                    let reason = if l.read == 1 && !problems.is_empty() {
                        "not ingested"
                    } else {
                        "no usable article in it"
                    };
                    outcome = FileOutcome::Failed(reason.into());
                } else {
                    for mut a in l.articles {
                        match writer.unique_id(&a.id, &l.file) {
                            Ok(id) => {
                                a.id = id;
                                jobs.push((k, a));
                            }
                            Err(e) => problems.push(format!("{}: {e}", f.display)),
                        }
                    }
                    if l.status == FileStatus::Changed {
                        writer.delete_file(&l.file);
                    }
                    outcome = FileOutcome::Done {
                        status: l.status,
                        articles: 0,
                        sentences: 0,
                        bytes: 0,
                    };
                    meta = Some((l.status, l.file, l.version));
                }
            }
        }
        outcomes.push((f.display.clone(), outcome, problems));
        files.push(meta);
    }
    let results: Vec<(usize, Result<(usize, usize)>)> = pool.install(|| {
        jobs.into_par_iter()
            .map(|(k, a)| {
                let Some((_, file, version)) = &files[k] else {
                    return (k, Ok((0, 0)));
                };
                let p = process_article(a, version);
                let r = writer
                    .add_article(file, version, &p)
                    .map(|()| (p.sentences.len(), p.text.len()));
                (k, r)
            })
            .collect()
    });
    let mut failed: Vec<Option<String>> = vec![None; outcomes.len()];
    for (k, r) in results {
        match (r, &mut outcomes[k].1) {
            (
                Ok((n_sent, n_bytes)),
                FileOutcome::Done {
                    articles,
                    sentences,
                    bytes,
                    ..
                },
            ) => {
                *articles += 1;
                *sentences += n_sent;
                *bytes += n_bytes as u64;
            }
            (Err(e), _) => failed[k] = Some(e.to_string()),
            _ => {}
        }
    }
    // A file with an article that could not be indexed is indexed not at
    // all: its documents added so far go again (a deletion also removes
    // documents added earlier in the same commit).
    for (k, reason) in failed.into_iter().enumerate() {
        if let (Some(reason), Some((_, file, _))) = (reason, &files[k]) {
            writer.delete_file(file);
            outcomes[k].1 = FileOutcome::Failed(reason);
        }
    }
    outcomes
}

fn add_docs(
    writer: &Writer,
    status: FileStatus,
    file: &str,
    version: &str,
    docs: &[Processed],
    problems: Vec<String>,
) -> (FileOutcome, Vec<String>) {
    let bytes = docs.iter().map(|d| d.text.len() as u64).sum();
    let sentences = docs.iter().map(|d| d.sentences.len()).sum();
    if let Err(e) = writer.replace_file(file, version, status, docs) {
        return (FileOutcome::Failed(e.to_string()), problems);
    }
    (
        FileOutcome::Done {
            status,
            articles: docs.len(),
            sentences,
            bytes,
        },
        problems,
    )
}

/// A `process --jsonl` output file: its articles keep the input file and
/// version they were processed from, so the index is the same as a direct
/// ingest of those files, incremental replacement included.
fn ingest_processed(writer: &Writer, path: &std::path::Path) -> (FileOutcome, Vec<String>) {
    let (docs, mut problems) = match read_processed(path) {
        Ok(x) => x,
        Err(e) => return (FileOutcome::Failed(reason_of(e)), Vec::new()),
    };
    if docs.is_empty() {
        // An empty shard (an empty Spark partition) is no failure.
        return if problems.is_empty() {
            (FileOutcome::Unchanged, problems)
        } else {
            (
                FileOutcome::Failed("no processed article in it".into()),
                problems,
            )
        };
    }
    // One group per input file. Two versions of one file in the same shard
    // (it was processed twice): the one written last wins, as a later ingest
    // would replace the earlier; keeping both would duplicate its articles.
    let mut groups: std::collections::BTreeMap<String, (String, Vec<Processed>)> =
        Default::default();
    for d in docs {
        let g = groups
            .entry(d.file.clone())
            .or_insert_with(|| (d.file_version.clone(), Vec::new()));
        if g.0 != d.file_version {
            *g = (d.file_version.clone(), Vec::new());
        }
        g.1.push(d);
    }
    let (mut articles, mut sentences, mut bytes) = (0, 0, 0);
    let mut any_new = false;
    let mut any_changed = false;
    for (file, (version, docs)) in groups {
        let status = match writer.status(&file, &version) {
            Ok(s) => s,
            Err(e) => return (FileOutcome::Failed(e.to_string()), problems),
        };
        match status {
            FileStatus::Unchanged => continue,
            FileStatus::Changed => any_changed = true,
            FileStatus::New => any_new = true,
        }
        let (o, p) = add_docs(writer, status, &file, &version, &docs, Vec::new());
        problems.extend(p);
        match o {
            FileOutcome::Done {
                articles: a,
                sentences: s,
                bytes: b,
                ..
            } => {
                articles += a;
                sentences += s;
                bytes += b;
            }
            FileOutcome::Failed(r) => return (FileOutcome::Failed(r), problems),
            FileOutcome::Unchanged => {}
        }
    }
    if !any_new && !any_changed {
        return (FileOutcome::Unchanged, problems);
    }
    let status = if any_changed {
        FileStatus::Changed
    } else {
        FileStatus::New
    };
    (
        FileOutcome::Done {
            status,
            articles,
            sentences,
            bytes,
        },
        problems,
    )
}

/// What a user should hear about how a file was decoded: the article is
/// read, but not all of it as written. `None` when it was read cleanly.
fn encoding_note(encoding: &str) -> Option<String> {
    if encoding.starts_with("UTF-8 (lossy)") {
        return Some(
            "invalid UTF-8 bytes replaced with U+FFFD (the rest read as UTF-8)".to_string(),
        );
    }
    let (used, declared) = encoding.split_once(" (declared ")?;
    let declared = declared.trim_end_matches(')');
    Some(format!(
        "declared {declared} but its bytes are {used}; read as {used}"
    ))
}

/// The reason part of an error about a file (its path is printed separately).
fn reason_of(e: Error) -> String {
    match e {
        Error::BadInput { reason, .. } => reason,
        Error::Io { source, .. } => source.to_string(),
        other => other.to_string(),
    }
}

/// The inputs of `ingest --processed`: files named on the command line
/// whatever their extension (Spark writes `part-00000`), and below folders
/// every regular file that is not hidden and not a Spark/Hadoop marker
/// (`_SUCCESS`, `.crc`), in sorted order.
fn processed_inputs(paths: &[PathBuf]) -> (Vec<ingest::InputFile>, Vec<Error>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let input = |p: PathBuf| ingest::InputFile {
        display: p.to_string_lossy().into_owned(),
        size: std::fs::metadata(&p).map(|m| m.len()).unwrap_or(0),
        path: p,
    };
    for root in paths {
        if root.is_file() {
            files.push(input(root.clone()));
            continue;
        }
        for entry in walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
        {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    let name = e.file_name().to_string_lossy();
                    if !(name.starts_with('.') || name.starts_with('_') || name.ends_with(".crc")) {
                        files.push(input(e.into_path()));
                    }
                }
                Ok(_) => {}
                Err(e) => errors.push(Error::BadInput {
                    path: e
                        .path()
                        .map(|p| p.to_path_buf())
                        .unwrap_or_else(|| root.clone()),
                    reason: e.to_string(),
                }),
            }
        }
    }
    (files, errors)
}

/// Read a `process --jsonl` output file.
fn read_processed(path: &std::path::Path) -> Result<(Vec<Processed>, Vec<String>)> {
    use std::io::BufRead;
    let f = std::fs::File::open(path).map_err(|e| Error::Io {
        path: path.to_path_buf(),
        source: e,
    })?;
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in std::io::BufReader::new(f).lines().enumerate() {
        let line = line.map_err(|e| Error::Io {
            path: path.to_path_buf(),
            source: e,
        })?;
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Processed>(&line) {
            Ok(p) => out.push(p),
            Err(e) => problems.push(format!("{}: line {}: {e}", path.display(), i + 1)),
        }
    }
    Ok((out, problems))
}

/// A progress bar over `len` input bytes (hidden when `show` is false).
fn progress_bar(show: bool, len: u64) -> indicatif::ProgressBar {
    if !show {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] {bar:40} {decimal_bytes}/{decimal_total_bytes} ({decimal_bytes_per_sec}, eta {eta})",
    ) {
        bar.set_style(style);
    }
    bar
}

/// `zhmine extract` output: one text through every stage.
#[derive(Debug, Clone, Serialize)]
pub struct TextReport {
    pub published: Option<String>,
    pub published_inferred: bool,
    pub sentences: Vec<SentenceReport>,
    pub claims: Vec<Claim>,
}

/// One sentence of a [`TextReport`].
#[derive(Debug, Clone, Serialize)]
pub struct SentenceReport {
    pub index: usize,
    pub text: String,
    pub char_start: usize,
    pub char_end: usize,
    pub boilerplate: bool,
    pub garbled: bool,
    pub entities: Vec<MentionReport>,
    pub times: Vec<TimeReport>,
    pub figures: Vec<extract::Figure>,
}

/// An entity mention, character offsets into the normalized text.
#[derive(Debug, Clone, Serialize)]
pub struct MentionReport {
    pub name: String,
    pub kind: crate::model::EntityKind,
    pub surface: String,
    pub char_start: usize,
    pub char_end: usize,
}

/// A time expression: `{text, start, end, precision, anchor}`.
#[derive(Debug, Clone, Serialize)]
pub struct TimeReport {
    pub text: String,
    pub start: String,
    pub end: String,
    pub precision: crate::model::Precision,
    pub anchor: extract::time::Anchor,
}

/// Run the whole chain on one text, without an index.
pub fn extract_text(text: &str, published: Option<chrono::NaiveDate>) -> TextReport {
    let norm = normalize::normalize(text);
    let seg = segment::segment(&norm.text, &norm.sentences, extract::entities::needs_tags);
    let (published, inferred) = publication(&norm, published);
    let sents: Vec<&str> = norm
        .sentences
        .iter()
        .map(|s| norm.sentence_text(s))
        .collect();
    let (mut ex, details) =
        extract::extract_detailed("text", &norm.text, &norm.sentences, &seg, published);
    date_figures(&mut ex, published, inferred);
    let char_of = char_index(&norm.text);
    let mut sentences: Vec<SentenceReport> = norm
        .sentences
        .iter()
        .enumerate()
        .map(|(i, s)| SentenceReport {
            index: i,
            text: sents.get(i).copied().unwrap_or("").to_string(),
            char_start: s.char_start,
            char_end: s.char_end,
            boilerplate: s.flags.boilerplate,
            garbled: s.flags.garbled,
            entities: Vec::new(),
            times: Vec::new(),
            figures: Vec::new(),
        })
        .collect();
    for m in &details.mentions {
        if let Some(s) = sentences.get_mut(m.sentence) {
            s.entities.push(MentionReport {
                name: m.name.clone(),
                kind: m.kind,
                surface: m.surface.clone(),
                char_start: char_of(m.byte_start).unwrap_or(0),
                char_end: char_of(m.byte_end).unwrap_or(0),
            });
        }
    }
    for (i, ts) in details.times.iter().enumerate() {
        if let Some(s) = sentences.get_mut(i) {
            for t in ts {
                s.times.push(TimeReport {
                    text: t.period.text.clone(),
                    start: t.period.start.clone(),
                    end: t.period.end.clone(),
                    precision: t.period.precision,
                    anchor: t.anchor,
                });
            }
        }
    }
    for f in ex.figures {
        if let Some(s) = sentences
            .iter_mut()
            .find(|s| s.char_start == f.evidence.char_start)
        {
            s.figures.push(f);
        }
    }
    TextReport {
        published: published.map(|d| d.format("%Y-%m-%d").to_string()),
        published_inferred: inferred,
        sentences,
        claims: ex.claims,
    }
}

/// `zhmine process --jsonl`: articles (the JSON Lines input format) in,
/// [`Processed`] articles out, one per line, in input order. A bad line is
/// reported on `err` with its line number and skipped. Returns the number of
/// bad lines.
pub fn process_stream(
    input: impl std::io::BufRead,
    out: &mut impl std::io::Write,
    err: &mut impl std::io::Write,
) -> Result<usize> {
    let io = |e| Error::Io {
        path: PathBuf::from("<stdin>"),
        source: e,
    };
    let mut failed = 0;
    // Read in chunks so memory stays bounded and rayon has work to share.
    let mut lines = input.lines().enumerate();
    loop {
        let mut chunk = Vec::with_capacity(256);
        for (i, line) in lines.by_ref().take(256) {
            chunk.push((i + 1, line.map_err(io)?));
        }
        if chunk.is_empty() {
            break;
        }
        let results: Vec<(usize, std::result::Result<Processed, String>)> = chunk
            .into_par_iter()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(n, line)| (n, process_line(&line)))
            .collect();
        for (n, r) in results {
            match r {
                Ok(p) => {
                    serde_json::to_writer(&mut *out, &p).map_err(|e| Error::Io {
                        path: PathBuf::from("<stdout>"),
                        source: e.into(),
                    })?;
                    writeln!(out).map_err(io)?;
                }
                Err(reason) => {
                    failed += 1;
                    writeln!(err, "zhmine: <stdin>: line {n}: {reason}").map_err(io)?;
                }
            }
        }
    }
    Ok(failed)
}

/// One JSON Lines article of `process`: parsed as the `.jsonl` reader parses a
/// line, its file named `stdin#ID` and its version the hash of the line, so
/// re-processing an unchanged line yields the same document. An article
/// without `id` gets `stdin-` and 12 hex digits of that hash.
fn process_line(line: &str) -> std::result::Result<Processed, String> {
    let path = std::path::Path::new("stdin");
    let fa = ingest::json::read_jsonl_from(path, line.as_bytes(), ingest::json::MAX_LINE_BYTES)
        .map_err(reason_of)?;
    if let Some(p) = fa.problems.into_iter().next() {
        // The reader numbers lines from 1 within this one-line input.
        return Err(reason_of(p).replacen("line 1: ", "", 1));
    }
    let mut a = fa
        .articles
        .into_iter()
        .next()
        .ok_or_else(|| "no article on this line".to_string())?;
    let version = blake3::hash(line.as_bytes()).to_hex()[..16].to_string();
    if a.id == "stdin#1" {
        // No `id`: name the article after its content, not its line number,
        // which restarts in every shard (two shards' line 1 would collide).
        a.id = format!("stdin-{}", &version[..12]);
    }
    a.path = format!("stdin#{}", a.id);
    fits(&a)?;
    Ok(process_article(a, &version))
}

/// A file's processed articles and problems, or the reason it failed.
type FileResult = std::result::Result<(Vec<Processed>, Vec<String>), String>;

/// `zhmine process --jsonl PATH...`: the files and folders of a corpus, read
/// and processed exactly as `ingest` would (same file names, same versions),
/// written as [`Processed`] lines in walk order. Files that fail and
/// problems within files (bad lines, unreadable dates) are reported on `err`
/// (`path: reason`) and counted in the result; `ingest --processed` of the
/// output builds the same index as `ingest` of the corpus.
pub fn process_paths(
    paths: &[PathBuf],
    out: &mut impl std::io::Write,
    err: &mut impl std::io::Write,
) -> Result<usize> {
    let io = |e| Error::Io {
        path: PathBuf::from("<stdout>"),
        source: e,
    };
    let (files, walk_errors) = ingest::walk(paths);
    let mut failed = walk_errors.len();
    for e in walk_errors {
        writeln!(err, "zhmine: {e}").map_err(io)?;
    }
    for chunk in files.chunks(64) {
        let results: Vec<(String, FileResult)> = chunk
            .par_iter()
            .map(|f| {
                // Every file is read: there is no index to ask.
                let r = load_file(&f.path, |_, _| Ok(FileStatus::New)).map(|l| match l {
                    Some(l) => {
                        let docs = l
                            .articles
                            .into_iter()
                            .map(|a| process_article(a, &l.version))
                            .collect();
                        (docs, l.problems)
                    }
                    None => (Vec::new(), Vec::new()),
                });
                (f.display.clone(), r)
            })
            .collect();
        for (display, r) in results {
            match r {
                Ok((docs, probs)) => {
                    // As in `ingest`: a problem (a bad line, an unreadable
                    // date) makes the exit status say that inputs failed.
                    failed += probs.len();
                    for p in probs {
                        writeln!(err, "zhmine: {p}").map_err(io)?;
                    }
                    for d in docs {
                        serde_json::to_writer(&mut *out, &d).map_err(|e| io(e.into()))?;
                        writeln!(out).map_err(io)?;
                    }
                }
                Err(reason) => {
                    failed += 1;
                    writeln!(err, "zhmine: {display}: {reason}").map_err(io)?;
                }
            }
        }
    }
    Ok(failed)
}
