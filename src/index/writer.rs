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
}

/// Key of one version of one file.
fn file_version(file: &str, version: &str) -> String {
    format!("{file}\u{1f}{version}")
}

impl Writer {
    /// Take the index's writer lock. Fails at once, naming the lock, when
    /// another ingest holds it.
    pub fn open(zi: ZhIndex, threads: usize, memory_bytes: usize) -> Result<Self> {
        let writer = zi
            .index
            .writer_with_num_threads(threads.max(1), memory_bytes)
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
        })
    }

    /// True until the first commit of a new index.
    pub fn is_fresh(&self) -> bool {
        self.fresh
    }

    pub fn index(&self) -> &ZhIndex {
        &self.zi
    }

    /// What the index held of `file` at the start of this run.
    pub fn status(&self, file: &str, version: &str) -> Result<FileStatus> {
        let f = &self.zi.fields;
        let fv = Term::from_field_text(f.file_version, &file_version(file, version));
        if self.before.doc_freq(&fv)? > 0 {
            return Ok(FileStatus::Unchanged);
        }
        let t = Term::from_field_text(f.file, file);
        Ok(if self.before.doc_freq(&t)? > 0 {
            FileStatus::Changed
        } else {
            FileStatus::New
        })
    }

    /// Replace every document of `file` with the documents of `articles`
    /// (`status` as [`Writer::status`] reported it: a new file has nothing to
    /// delete, and skipping the deletion saves a third of indexing time).
    /// Nothing is visible until [`Writer::commit`].
    pub fn replace_file(
        &self,
        file: &str,
        version: &str,
        status: FileStatus,
        articles: &[Processed],
    ) -> Result<()> {
        // Build every document first: a failure leaves the index untouched.
        let mut docs = Vec::new();
        for a in articles {
            docs.extend(documents(&self.zi, file, version, a)?);
        }
        let f = self.zi.fields;
        if status != FileStatus::New {
            self.writer.delete_term(Term::from_field_text(f.file, file));
        }
        for doc in docs {
            self.writer.add_document(doc)?;
        }
        Ok(())
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
