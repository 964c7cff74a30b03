//! Writing to the index: incremental replacement per input file, batched
//! commits that carry the index info, and the one-writer lock.

use super::{kinds, ZhIndex};
use crate::error::{Error, Result};
use crate::index::tokenizer::presegmented;
use crate::pipeline::Processed;
use crate::segment::Token as SegToken;
use tantivy::schema::Term;
use tantivy::{DateTime, IndexWriter, Searcher, TantivyDocument};

/// What the index holds of an input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileStatus {
    /// Never ingested.
    New,
    /// Ingested from other bytes: its documents will be replaced.
    Changed,
    /// Ingested from these exact bytes.
    Unchanged,
}

/// The index writer of one ingest run.
pub struct Writer {
    zi: ZhIndex,
    writer: IndexWriter,
    /// Snapshot of the index at open: what was there before this run.
    before: Searcher,
    /// The index has never been committed by zhmine.
    fresh: bool,
    /// Article ids given out in this run, with the file each went to.
    ids: std::sync::Mutex<std::collections::HashMap<String, String>>,
    /// Something was added or deleted since the last commit.
    dirty: std::sync::atomic::AtomicBool,
}

/// Key of one version of one file.
fn file_version(file: &str, version: &str) -> String {
    format!("{file}\u{1f}{version}")
}

impl Writer {
    /// Take the index's writer lock. Fails at once, naming the lock, when
    /// another ingest holds it.
    pub fn open(zi: ZhIndex, threads: usize, memory_bytes: usize) -> Result<Self> {
        // Tantivy wants at least 15 MB per indexing thread (its
        // MEMORY_BUDGET_NUM_BYTES_MIN, not exported) and at most 8 threads:
        // more worker threads than that share them.
        let min = 15_000_000;
        let memory_bytes = memory_bytes.max(min);
        let threads = threads.clamp(1, (memory_bytes / min).clamp(1, 8));
        let writer = zi
            .index
            .writer_with_num_threads(threads, memory_bytes)
            .map_err(|e| match e {
                tantivy::TantivyError::LockFailure(..) => Error::Index {
                    path: zi.path.clone(),
                    reason: format!(
                        "another zhmine ingest is writing to this index (lock file {} is held); \
                         wait for it to finish, reading commands work meanwhile",
                        zi.path.join(".tantivy-writer.lock").display()
                    ),
                },
                other => Error::Tantivy(other),
            })?;
        // An ingest killed between writing a file and committing it leaves
        // that file behind, listed as managed but used by no commit. Its
        // name is derived from the segment and the opstamp, so a rerun that
        // repeats the same operations from the same commit would try to
        // create it again and fail with FileAlreadyExists (seen with
        // `SEG.OPSTAMP.del` after a kill during an update). Collect such
        // leftovers before writing anything; no reader can be using them.
        writer.garbage_collect_files().wait()?;
        let before = zi.index.reader()?.searcher();
        let fresh = zi.index.load_metas()?.payload.is_none();
        Ok(Writer {
            zi,
            writer,
            before,
            fresh,
            ids: Default::default(),
            dirty: Default::default(),
        })
    }

    /// True until the first commit of a new index.
    pub fn is_fresh(&self) -> bool {
        self.fresh
    }

    pub fn index(&self) -> &ZhIndex {
        &self.zi
    }

    /// The id an article of `file` is indexed under: `id` itself, unless
    /// another file's article has it (in the index, or earlier in this run)
    /// — two `news.txt` in two folders both default to `news` — then `id`
    /// with `~` and 8 hex digits of the file's hash appended, the same on
    /// every run, so evidence never points at two articles.
    pub fn unique_id(&self, id: &str, file: &str) -> Result<String> {
        let mut ids = self
            .ids
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let taken = |cand: &str, ids: &std::collections::HashMap<String, String>| {
            if let Some(owner) = ids.get(cand) {
                return Ok::<bool, Error>(owner != file);
            }
            Ok(self.owner_before(cand)?.is_some_and(|owner| owner != file))
        };
        let mut out = id.to_string();
        if taken(&out, &ids)? {
            let h = blake3::hash(file.as_bytes()).to_hex();
            out = format!("{id}~{}", &h[..8]);
        }
        ids.insert(out.clone(), file.to_string());
        Ok(out)
    }

    /// Documents holding `term` at the start of this run, deleted ones not
    /// counted (`doc_freq` counts them until their segment is merged: a file
    /// reverted to a version it had before would read as unchanged).
    fn live_docs(&self, term: Term) -> Result<usize> {
        if self.before.doc_freq(&term)? == 0 {
            return Ok(0);
        }
        let q = tantivy::query::TermQuery::new(term, tantivy::schema::IndexRecordOption::Basic);
        Ok(self.before.search(&q, &tantivy::collector::Count)?)
    }

    /// The file whose article had id `id` when this run started.
    fn owner_before(&self, id: &str) -> Result<Option<String>> {
        let f = &self.zi.fields;
        let t = Term::from_field_text(f.doc_id, id);
        if self.before.doc_freq(&t)? == 0 {
            return Ok(None);
        }
        let q = tantivy::query::TermQuery::new(t, tantivy::schema::IndexRecordOption::Basic);
        let top = self.before.search(
            &q,
            &tantivy::collector::TopDocs::with_limit(1).order_by_score(),
        )?;
        let Some((_, addr)) = top.first() else {
            return Ok(None);
        };
        let doc: TantivyDocument = self.before.doc(*addr)?;
        Ok(crate::query::stored_str(&doc, f.file))
    }

    /// What the index held of `file` at the start of this run.
    pub fn status(&self, file: &str, version: &str) -> Result<FileStatus> {
        let f = &self.zi.fields;
        let fv = Term::from_field_text(f.file_version, &file_version(file, version));
        if self.live_docs(fv)? > 0 {
            return Ok(FileStatus::Unchanged);
        }
        let t = Term::from_field_text(f.file, file);
        Ok(if self.live_docs(t)? > 0 {
            FileStatus::Changed
        } else {
            FileStatus::New
        })
    }

    /// Replace every document of `file` with the documents of `articles`
    /// (`status` as [`Writer::status`] reported it: a new file has nothing to
    /// delete, and skipping the deletion saves a third of indexing time).
    /// Every document is built before any is added, so a failure leaves the
    /// index untouched. Nothing is visible until [`Writer::commit`].
    pub fn replace_file(
        &self,
        file: &str,
        version: &str,
        status: FileStatus,
        articles: &[Processed],
    ) -> Result<()> {
        let mut docs = Vec::new();
        for a in articles {
            docs.extend(documents(&self.zi, file, version, a)?);
        }
        if status != FileStatus::New {
            self.delete_file(file);
        }
        for doc in docs {
            self.writer.add_document(doc)?;
        }
        self.touch();
        Ok(())
    }

    /// Delete every document of `file` (those committed, and those added
    /// since the last commit).
    pub fn delete_file(&self, file: &str) {
        self.writer
            .delete_term(Term::from_field_text(self.zi.fields.file, file));
        self.touch();
    }

    /// Add the documents of one processed article of `file`.
    pub fn add_article(&self, file: &str, version: &str, article: &Processed) -> Result<()> {
        for doc in documents(&self.zi, file, version, article)? {
            self.writer.add_document(doc)?;
        }
        self.touch();
        Ok(())
    }

    fn touch(&self) {
        self.dirty.store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// Was anything added or deleted since the last commit?
    pub fn has_changes(&self) -> bool {
        self.dirty.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Every input file the index held at the start of this run (index keys).
    pub fn indexed_files(&self) -> Result<Vec<String>> {
        let field = self.zi.fields.file;
        let mut out = std::collections::BTreeSet::new();
        for seg in self.before.segment_readers() {
            let inv = seg.inverted_index(field)?;
            let mut terms = inv.terms().stream().map_err(|e| Error::Io {
                path: self.zi.path.clone(),
                source: e,
            })?;
            while terms.advance() {
                // Only live documents count: a file replaced in an earlier
                // commit may linger in an unmerged segment's dictionary.
                if let Ok(file) = std::str::from_utf8(terms.key()) {
                    if !out.contains(file)
                        && self.live_docs(Term::from_field_text(field, file))? > 0
                    {
                        out.insert(file.to_string());
                    }
                }
            }
        }
        Ok(out.into_iter().collect())
    }

    /// Make everything added so far visible and durable, in one atomic
    /// commit that also records the index info.
    pub fn commit(&mut self) -> Result<()> {
        let payload = serde_json::to_string(&self.zi.info).map_err(|e| Error::Index {
            path: self.zi.path.clone(),
            reason: e.to_string(),
        })?;
        let mut prepared = self.writer.prepare_commit()?;
        prepared.set_payload(&payload);
        prepared.commit()?;
        self.fresh = false;
        self.dirty
            .store(false, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    }

    /// Wait for merges and release the lock.
    pub fn finish(self) -> Result<()> {
        self.writer.wait_merging_threads()?;
        Ok(())
    }
}

/// Seconds since the epoch of a `YYYY-MM-DD` date at 00:00 UTC, `None` for
/// a date the index cannot store: Tantivy keeps dates as i64 nanoseconds,
/// years 1678 to 2261 (a text's `公元3000年` must not overflow them).
pub fn date_secs(iso: &str) -> Option<i64> {
    let d = chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d").ok()?;
    storable_date(d)?;
    Some(d.and_hms_opt(0, 0, 0)?.and_utc().timestamp())
}

/// Earliest and latest years of a date the index can store or filter on.
pub const DATE_YEARS: (i32, i32) = (1678, 2261);

/// `Some(d)` when the index can store `d` (see [`DATE_YEARS`]).
pub fn storable_date(d: chrono::NaiveDate) -> Option<chrono::NaiveDate> {
    use chrono::Datelike;
    (DATE_YEARS.0..=DATE_YEARS.1)
        .contains(&d.year())
        .then_some(d)
}

/// The documents of one processed article: the article and its claims.
pub fn documents(
    zi: &ZhIndex,
    file: &str,
    version: &str,
    a: &Processed,
) -> Result<Vec<TantivyDocument>> {
    let f = &zi.fields;
    let mut out = Vec::with_capacity(1 + a.extraction.claims.len());
    let published = a
        .published
        .as_deref()
        .and_then(date_secs)
        .map(DateTime::from_timestamp_secs);
    let seg_tokens = |i: usize| {
        a.tokens
            .get(i)
            .into_iter()
            .flatten()
            .map(|&[s, e]| SegToken {
                start: s as usize,
                end: e as usize,
                tag: None,
            })
    };

    // Article.
    let mut doc = TantivyDocument::default();
    doc.add_text(f.kind, kinds::ARTICLE);
    doc.add_text(f.doc_id, &a.id);
    doc.add_text(f.file, file);
    doc.add_text(f.file_version, file_version(file, version));
    if let Some(t) = &a.title {
        doc.add_text(f.title, t);
    }
    let body = presegmented(&a.text, (0..a.sentences.len()).flat_map(seg_tokens));
    doc.add_text(f.body_cjk, &body);
    doc.add_text(f.body, body);
    doc.add_text(f.text, &a.text);
    for (field, v) in [
        (f.source, &a.source),
        (f.author, &a.author),
        (f.url, &a.url),
    ] {
        if let Some(v) = v {
            doc.add_text(field, v);
        }
    }
    // `--source` matches in either script: the simplified form is a second
    // value (the stored first value stays as the input gave it).
    if let Some(v) = &a.source {
        let simp = crate::normalize::to_simplified(v);
        if simp != v.as_str() {
            doc.add_text(f.source, simp);
        }
    }
    if let Some(p) = published {
        doc.add_date(f.published, p);
    }
    doc.add_u64(f.published_inferred, a.published_inferred as u64);
    // Sentence spans, four values each: the best sentence of a hit is found
    // at query time from these and the stored text.
    for s in &a.sentences {
        for v in [s.byte_start, s.byte_end, s.char_start, s.char_end] {
            doc.add_u64(f.span, v as u64);
        }
    }
    for e in &a.extraction.entities {
        doc.add_text(f.entity, &e.name);
    }
    let payload = serde_json::to_string(&a.extraction).map_err(|e| Error::Index {
        path: zi.path.clone(),
        reason: e.to_string(),
    })?;
    doc.add_text(f.payload, payload);
    out.push(doc);

    // Claims.
    for c in &a.extraction.claims {
        let mut doc = TantivyDocument::default();
        doc.add_text(f.kind, kinds::CLAIM);
        doc.add_text(f.doc_id, &a.id);
        doc.add_text(f.file, file);
        doc.add_text(f.entity, &c.entity);
        for t in &c.topics {
            doc.add_text(f.topic, t);
        }
        if let Some(fig) = &c.figure {
            doc.add_text(f.metric, fig.metric.to_lowercase());
        }
        if let Some(p) = published {
            doc.add_date(f.published, p);
        }
        let claim = crate::pipeline::StoredClaim {
            claim: c.clone(),
            title: a.title.clone(),
            source: a.source.clone(),
            published: a.published.clone(),
            published_inferred: a.published_inferred,
        };
        let json = serde_json::to_vec(&claim).map_err(|e| Error::Index {
            path: zi.path.clone(),
            reason: e.to_string(),
        })?;
        doc.add_bytes(f.claim, &json);
        out.push(doc);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_year_3000_overflowed_tantivy_dates() {
        assert_eq!(date_secs("2024-05-01"), Some(1_714_521_600));
        assert_eq!(date_secs("1678-01-01").map(|s| s < 0), Some(true));
        assert!(date_secs("2261-12-31").is_some());
        for out_of_range in [
            "3000-01-01",
            "9999-12-31",
            "2262-06-01",
            "1600-01-01",
            "0001-01-01",
        ] {
            assert_eq!(date_secs(out_of_range), None, "{out_of_range}");
        }
    }
}
