//! Index stage: the Tantivy schema, opening and creating the index, and its
//! metadata (schema version, data fingerprints, user dictionary).
//!
//! One index holds two kinds of documents, told apart by the `kind` field:
//!
//! * `article` — one per article: searchable title and body (words and
//!   character bigrams), metadata, the stored normalized text, the spans of
//!   its sentences (so a hit can point at its best sentence, found at query
//!   time), and the article's whole extraction as stored JSON (`payload`).
//!   Sentences are not documents of their own: that doubled indexing time
//!   for what ten hits can compute at query time (docs/benchmarks.md).
//! * `claim` — one per claim (figures, strategy statements, opinions) with its
//!   entities, topics, metric and period as terms, and the claim as stored
//!   JSON in a columnar field, so `timeline` and `export` read only the
//!   claims they need, without decompressing stored article texts.
//!
//! Every document carries the `file` it came from, so replacing a changed
//! file deletes all of its documents in one term deletion, and both the
//! deletion and the new documents become visible in the same commit.

pub mod tokenizer;
pub mod writer;

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::Index;

/// Bumped whenever the schema or the meaning of stored data changes.
pub const SCHEMA_VERSION: u32 = 1;

/// Field names, the one place they are spelled.
pub mod names {
    pub const KIND: &str = "kind";
    pub const DOC_ID: &str = "doc_id";
    pub const FILE: &str = "file";
    pub const FILE_VERSION: &str = "file_version";
    pub const TITLE: &str = "title";
    pub const BODY: &str = "body";
    pub const BODY_CJK: &str = "body_cjk";
    pub const TEXT: &str = "text";
    pub const SOURCE: &str = "source";
    pub const AUTHOR: &str = "author";
    pub const URL: &str = "url";
    pub const PUBLISHED: &str = "published";
    pub const PUBLISHED_INFERRED: &str = "published_inferred";
    pub const ENTITY: &str = "entity";
    pub const TOPIC: &str = "topic";
    pub const METRIC: &str = "metric";
    /// Sentence spans: byte start, byte end, char start, char end, four
    /// values per sentence, in order.
    pub const SPAN: &str = "span";
    pub const PAYLOAD: &str = "payload";
    /// A claim document's claim as JSON, in a columnar (fast) field: reading
    /// the claims of an entity touches only this column, never the stored
    /// article texts that share the document store's compressed blocks.
    pub const CLAIM: &str = "claim";
}

/// Values of the `kind` field.
pub mod kinds {
    pub const ARTICLE: &str = "article";
    /// Sentence spans: byte start, byte end, char start, char end, four
    /// values per sentence, in order.
    pub const SPAN: &str = "span";
    pub const CLAIM: &str = "claim";
}

/// The fields of the schema, resolved once.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub kind: Field,
    pub doc_id: Field,
    pub file: Field,
    pub file_version: Field,
    pub title: Field,
    pub body: Field,
    pub body_cjk: Field,
    pub text: Field,
    pub source: Field,
    pub author: Field,
    pub url: Field,
    pub published: Field,
    pub published_inferred: Field,
    pub entity: Field,
    pub topic: Field,
    pub metric: Field,
    pub span: Field,
    pub payload: Field,
    pub claim: Field,
}

/// Build the schema.
pub fn schema() -> Schema {
    use names::*;
    let words = TextFieldIndexing::default()
        .set_tokenizer(tokenizer::ZH)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let cjk = TextFieldIndexing::default()
        .set_tokenizer(tokenizer::CJK)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let mut b = Schema::builder();
    b.add_text_field(KIND, STRING);
    b.add_text_field(DOC_ID, STRING | STORED);
    b.add_text_field(FILE, STRING | STORED);
    b.add_text_field(FILE_VERSION, STRING);
    b.add_text_field(
        TITLE,
        TextOptions::default()
            .set_indexing_options(words.clone())
            .set_stored(),
    );
    b.add_text_field(BODY, TextOptions::default().set_indexing_options(words));
    b.add_text_field(BODY_CJK, TextOptions::default().set_indexing_options(cjk));
    b.add_text_field(TEXT, STORED);
    b.add_text_field(SOURCE, STRING | STORED);
    b.add_text_field(AUTHOR, STRING | STORED);
    b.add_text_field(URL, STORED);
    b.add_date_field(PUBLISHED, INDEXED | FAST | STORED);
    b.add_u64_field(PUBLISHED_INFERRED, INDEXED | STORED);
    b.add_text_field(ENTITY, STRING);
    b.add_text_field(TOPIC, STRING);
    b.add_text_field(METRIC, STRING);
    b.add_u64_field(SPAN, STORED);
    b.add_text_field(PAYLOAD, STORED);
    b.add_bytes_field(CLAIM, FAST);
    b.build()
}

fn field(schema: &Schema, name: &str) -> Result<Field> {
    schema.get_field(name).map_err(|_| Error::Index {
        path: PathBuf::new(),
        reason: format!("schema has no field `{name}`"),
    })
}

impl Fields {
    pub fn new(schema: &Schema) -> Result<Self> {
        use names::*;
        Ok(Fields {
            kind: field(schema, KIND)?,
            doc_id: field(schema, DOC_ID)?,
            file: field(schema, FILE)?,
            file_version: field(schema, FILE_VERSION)?,
            title: field(schema, TITLE)?,
            body: field(schema, BODY)?,
            body_cjk: field(schema, BODY_CJK)?,
            text: field(schema, TEXT)?,
            source: field(schema, SOURCE)?,
            author: field(schema, AUTHOR)?,
            url: field(schema, URL)?,
            published: field(schema, PUBLISHED)?,
            published_inferred: field(schema, PUBLISHED_INFERRED)?,
            entity: field(schema, ENTITY)?,
            topic: field(schema, TOPIC)?,
            metric: field(schema, METRIC)?,
            span: field(schema, SPAN)?,
            payload: field(schema, PAYLOAD)?,
            claim: field(schema, CLAIM)?,
        })
    }
}

/// What an index records about how it was built, kept in the payload of
/// every Tantivy commit, so it is always consistent with the documents.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IndexInfo {
    pub schema_version: u32,
    pub zhmine_version: String,
    /// `(data file, fingerprint)` of the data the documents were built with.
    pub data: Vec<(String, String)>,
    /// The user dictionary (jieba format) given at ingest, if any: queries
    /// must segment with it too.
    pub user_dict: Option<String>,
}

impl IndexInfo {
    /// The info for this build of zhmine with the data in effect now.
    pub fn current(user_dict: Option<String>) -> Result<Self> {
        Ok(IndexInfo {
            schema_version: SCHEMA_VERSION,
            zhmine_version: env!("CARGO_PKG_VERSION").to_string(),
            data: crate::data::fingerprints()?,
            user_dict,
        })
    }

    /// Data files whose fingerprint differs from the data in effect now.
    pub fn data_mismatches(&self) -> Result<Vec<String>> {
        let now = crate::data::fingerprints()?;
        let mut out = Vec::new();
        for (name, fp) in &now {
            match self.data.iter().find(|(n, _)| n == name) {
                Some((_, old)) if old == fp => {}
                _ => out.push(name.clone()),
            }
        }
        Ok(out)
    }
}

/// An open index with its fields and info.
pub struct ZhIndex {
    pub index: Index,
    pub fields: Fields,
    pub info: IndexInfo,
    pub path: PathBuf,
}

fn index_err(path: &Path, reason: impl Into<String>) -> Error {
    Error::Index {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

/// Does `dir` hold a Tantivy index?
pub fn exists(dir: &Path) -> bool {
    dir.join("meta.json").is_file()
}

/// Does folder `dir` hold anything but hidden files (`.gitkeep`)? A missing
/// or unreadable folder holds nothing.
fn holds_other_files(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .filter_map(|e| e.ok())
            .any(|e| !e.file_name().as_encoded_bytes().starts_with(b"."))
    })
}

/// Read the zhmine info recorded in the last commit of `index`.
fn read_info(index: &Index, path: &Path) -> Result<Option<IndexInfo>> {
    let metas = index.load_metas()?;
    match metas.payload {
        None => Ok(None),
        Some(p) => serde_json::from_str(&p).map(Some).map_err(|e| {
            index_err(
                path,
                format!("unreadable zhmine metadata in the last commit: {e}"),
            )
        }),
    }
}

fn check_schema(index: &Index, path: &Path, info: &Option<IndexInfo>) -> Result<()> {
    let rebuild = format!(
        "rebuild it with `zhmine ingest --rebuild --index {} CORPUS...`",
        path.display()
    );
    if let Some(info) = info {
        if info.schema_version != SCHEMA_VERSION {
            return Err(index_err(
                path,
                format!(
                    "built by zhmine {} with index schema v{}, this zhmine reads v{}: {rebuild}",
                    info.zhmine_version, info.schema_version, SCHEMA_VERSION
                ),
            ));
        }
    }
    if index.schema() != schema() {
        return Err(index_err(
            path,
            format!("not a zhmine v{SCHEMA_VERSION} index (its fields differ): {rebuild}"),
        ));
    }
    Ok(())
}

impl ZhIndex {
    /// Open an existing index for reading.
    pub fn open(path: &Path) -> Result<Self> {
        if !exists(path) {
            return Err(index_err(
                path,
                format!(
                    "no index here; build one with `zhmine ingest --index {} CORPUS...`",
                    path.display()
                ),
            ));
        }
        let index = Index::open_in_dir(path).map_err(|e| index_err(path, e.to_string()))?;
        let info = read_info(&index, path)?;
        check_schema(&index, path, &info)?;
        let info = info.unwrap_or_default();
        crate::segment::init(info.user_dict.as_deref())?;
        tokenizer::register(&index);
        let fields = Fields::new(&index.schema())?;
        Ok(ZhIndex {
            index,
            fields,
            info,
            path: path.to_path_buf(),
        })
    }

    /// Open `path` for writing, creating the index when there is none.
    /// `rebuild` discards an existing index first (only its files).
    pub fn open_or_create(path: &Path, rebuild: bool, user_dict: Option<String>) -> Result<Self> {
        if path.exists() && !path.is_dir() {
            return Err(index_err(path, "is a file, not an index folder"));
        }
        if rebuild && exists(path) {
            remove_index_files(path)?;
        }
        if !exists(path) && holds_other_files(path) {
            return Err(index_err(
                path,
                "this folder holds other files and no zhmine index; \
                 give --index a new or empty folder",
            ));
        }
        std::fs::create_dir_all(path).map_err(|e| Error::Io {
            path: path.to_path_buf(),
            source: e,
        })?;
        let (index, info) = if exists(path) {
            let index = Index::open_in_dir(path).map_err(|e| index_err(path, e.to_string()))?;
            let info = read_info(&index, path)?;
            check_schema(&index, path, &info)?;
            let mut info = info.unwrap_or(IndexInfo::current(None)?);
            if user_dict.is_some() && user_dict != info.user_dict {
                return Err(index_err(
                    path,
                    "built with another user dictionary; rebuild with --rebuild to change it",
                ));
            }
            let current = crate::data::fingerprints()?;
            let changed = info.data_mismatches()?;
            if !info.data.is_empty() && !changed.is_empty() {
                // Adding to it would mix articles extracted with two
                // versions of the data.
                return Err(index_err(
                    path,
                    format!(
                        "built with other versions of {}; ingest with the data it was \
                         built with (the same --data folder), or rebuild it with \
                         `zhmine ingest --rebuild --index {} CORPUS...`",
                        changed.join(", "),
                        path.display()
                    ),
                ));
            }
            info.data = current;
            (index, info)
        } else {
            let index =
                Index::create_in_dir(path, schema()).map_err(|e| index_err(path, e.to_string()))?;
            (index, IndexInfo::current(user_dict)?)
        };
        crate::segment::init(info.user_dict.as_deref())?;
        crate::segment::load()?;
        tokenizer::register(&index);
        let fields = Fields::new(&index.schema())?;
        Ok(ZhIndex {
            index,
            fields,
            info,
            path: path.to_path_buf(),
        })
    }
}

/// The claims of the documents matching `query` (claim documents), read from
/// the claim column segment by segment in ordinal order.
pub fn read_claims(
    zi: &ZhIndex,
    query: &dyn tantivy::query::Query,
) -> Result<Vec<crate::pipeline::StoredClaim>> {
    use tantivy::collector::DocSetCollector;
    let searcher = zi.index.reader()?.searcher();
    let addrs = searcher.search(query, &DocSetCollector)?;
    let mut by_segment: Vec<Vec<tantivy::DocId>> =
        vec![Vec::new(); searcher.segment_readers().len()];
    for a in addrs {
        if let Some(v) = by_segment.get_mut(a.segment_ord as usize) {
            v.push(a.doc_id);
        }
    }
    let mut out = Vec::new();
    let mut bad = None;
    for (seg, docs) in searcher.segment_readers().iter().zip(by_segment) {
        if docs.is_empty() {
            continue;
        }
        let Some(col) = seg.fast_fields().bytes(names::CLAIM)? else {
            continue;
        };
        let mut ords: Vec<u64> = docs.iter().filter_map(|&d| col.ords().first(d)).collect();
        ords.sort_unstable();
        ords.dedup();
        col.dictionary()
            .sorted_ords_to_term_cb(&ords, |bytes| match serde_json::from_slice(bytes) {
                Ok(c) => out.push(c),
                Err(e) => bad = Some(e.to_string()),
            })
            .map_err(|e| index_err(&zi.path, format!("claim column: {e}")))?;
    }
    if let Some(e) = bad {
        return Err(index_err(
            &zi.path,
            format!("a stored claim is unreadable ({e}); rebuild the index"),
        ));
    }
    Ok(out)
}

/// Remove the files of a Tantivy index in `dir`, and nothing else: a user who
/// points `--index` at the wrong folder must not lose their files.
fn remove_index_files(dir: &Path) -> Result<()> {
    let io = |e| Error::Io {
        path: dir.to_path_buf(),
        source: e,
    };
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let ours = name == "meta.json"
            || name == ".managed.json"
            || name.starts_with(".tantivy")
            || name.ends_with(".idx")
            || name.ends_with(".pos")
            || name.ends_with(".term")
            || name.ends_with(".store")
            || name.ends_with(".fast")
            || name.ends_with(".fieldnorm")
            || name.ends_with(".del");
        if ours {
            std::fs::remove_file(entry.path()).map_err(io)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn foreign_index_is_refused_with_the_rebuild_command() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut b = Schema::builder();
        b.add_text_field("something_else", STRING);
        Index::create_in_dir(dir.path(), b.build()).expect("create");
        let err = ZhIndex::open(dir.path())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("not a zhmine v1 index"), "{err}");
        assert!(err.contains("zhmine ingest --rebuild --index"), "{err}");
    }

    #[test]
    fn older_schema_version_is_refused_with_the_rebuild_command() {
        let dir = tempfile::tempdir().expect("tempdir");
        let index = Index::create_in_dir(dir.path(), schema()).expect("create");
        tokenizer::register(&index);
        let mut w: tantivy::IndexWriter = index.writer(15_000_000).expect("writer");
        let old = IndexInfo {
            schema_version: 0,
            zhmine_version: "0.0.1".into(),
            ..Default::default()
        };
        let mut c = w.prepare_commit().expect("prepare");
        c.set_payload(&serde_json::to_string(&old).expect("json"));
        c.commit().expect("commit");
        let err = ZhIndex::open(dir.path())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("index schema v0"), "{err}");
        assert!(err.contains("zhmine ingest --rebuild"), "{err}");
    }

    #[test]
    fn data_fingerprints_match_for_a_fresh_info() {
        let info = IndexInfo::current(None).expect("info");
        assert_eq!(
            info.data_mismatches().expect("fingerprints"),
            Vec::<String>::new()
        );
        let mut changed = info.clone();
        changed.data[0].1 = "0000".into();
        assert_eq!(
            changed.data_mismatches().expect("fingerprints"),
            vec![changed.data[0].0.clone()]
        );
    }
}
