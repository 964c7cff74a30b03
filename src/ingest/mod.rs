//! Ingest stage: find corpus files, decode them, read their metadata and turn
//! them into [`Article`]s.
//!
//! The stage knows nothing of indexes or the command line. It never aborts a
//! batch: [`walk`] returns the problems it met alongside the files it found,
//! [`read_file`] fails only when a whole file is unusable and otherwise
//! reports per-article problems (a bad JSON line, an unreadable date) in
//! [`FileArticles::problems`].
//!
//! Readers, one per input kind:
//! - `.txt` / `.md` ([`text`]): front matter or a sidecar `NAME.meta.json`,
//! - `.html` / `.htm` ([`html`]): main-text extraction and meta tags,
//! - `.json` / `.jsonl` ([`json`]): one article per object.
//!
//! Bytes are decoded by [`decode`] (UTF-8, UTF-16 with BOM, GB18030/GBK, Big5).
//!
//! [`Article`]: crate::model::Article

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::model::Article;
use crate::{Error, Result};

pub mod decode;
pub mod html;
pub mod json;
pub mod text;
pub mod walk;

pub use walk::{walk, walk_except};

/// One input file found by walking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    /// The path, joined from the named root and the walked entry.
    pub path: PathBuf,
    /// The path as text for messages (lossy when not valid UTF-8).
    pub display: String,
    /// Size in bytes when walked (0 when unknown).
    pub size: u64,
}

/// The articles read from one file, and the problems that did not make the
/// whole file unusable (one per bad JSON line, an unreadable date, a broken
/// sidecar...). Each problem names the file; JSON problems start their
/// reason with `line N:` (JSON Lines) or `item N:` (a JSON array).
#[derive(Debug, Default)]
pub struct FileArticles {
    pub articles: Vec<Article>,
    pub problems: Vec<Error>,
}

/// Files larger than this are refused as a whole (`.jsonl` files are
/// streamed line by line and have a per-line limit instead).
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Kinds of input, from the file extension (case-insensitive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Txt,
    Markdown,
    Html,
    Json,
    JsonLines,
}

impl InputKind {
    /// The kind of `path` from its extension, or `None` when it is not an
    /// input. Sidecar files (`*.meta.json`) are not inputs.
    pub fn of(path: &Path) -> Option<Self> {
        if is_sidecar(path) {
            return None;
        }
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" => Some(InputKind::Txt),
            "md" => Some(InputKind::Markdown),
            "html" | "htm" => Some(InputKind::Html),
            "json" => Some(InputKind::Json),
            "jsonl" => Some(InputKind::JsonLines),
            _ => None,
        }
    }
}

/// Whether `path` names a sidecar metadata file (`*.meta.json`, any case).
pub fn is_sidecar(path: &Path) -> bool {
    path.file_name()
        .map(|n| {
            let b = n.as_encoded_bytes();
            b.len() > ".meta.json".len()
                && b[b.len() - ".meta.json".len()..].eq_ignore_ascii_case(b".meta.json")
        })
        .unwrap_or(false)
}

/// The sidecar metadata file of `path`, if one exists: `foo.meta.json` for
/// `foo.txt`, else `foo.txt.meta.json`.
pub fn sidecar_path(path: &Path) -> Option<PathBuf> {
    let parent = path.parent().unwrap_or_else(|| Path::new(""));
    let mut candidates = Vec::with_capacity(2);
    if let Some(stem) = path.file_stem() {
        let mut name = stem.to_os_string();
        name.push(".meta.json");
        candidates.push(parent.join(name));
    }
    if let Some(file_name) = path.file_name() {
        let mut name = file_name.to_os_string();
        name.push(".meta.json");
        candidates.push(parent.join(name));
    }
    candidates.into_iter().find(|c| c.is_file())
}

/// Fingerprint for incremental ingest: the blake3 hex digest of the file's
/// bytes; when the file has a sidecar, the digest of both files' digests
/// (so a changed sidecar changes the fingerprint). Reads are streamed.
pub fn fingerprint(path: &Path) -> Result<String> {
    let file_hash = hash_file(path)?;
    let sidecar = match InputKind::of(path) {
        Some(InputKind::Txt | InputKind::Markdown | InputKind::Html) => sidecar_path(path),
        _ => None,
    };
    match sidecar {
        None => Ok(file_hash.to_hex().to_string()),
        Some(side) => {
            let side_hash = hash_file(&side)?;
            let mut h = blake3::Hasher::new();
            h.update(file_hash.as_bytes());
            h.update(side_hash.as_bytes());
            Ok(h.finalize().to_hex().to_string())
        }
    }
}

fn hash_file(path: &Path) -> Result<blake3::Hash> {
    let file = File::open(path).map_err(|e| io_err(path, e))?;
    let mut h = blake3::Hasher::new();
    h.update_reader(file).map_err(|e| io_err(path, e))?;
    Ok(h.finalize())
}

/// Read one input file into articles.
///
/// `Err` when the whole file is unusable (missing, a directory, empty,
/// binary, undecodable, too large, JSON nested too deeply...), with a reason
/// a researcher can act on. Otherwise the articles it holds and the problems
/// met on the way.
pub fn read_file(path: &Path) -> Result<FileArticles> {
    let meta = std::fs::metadata(path).map_err(|e| io_err(path, e))?;
    if meta.is_dir() {
        return Err(bad(path, "is a directory, not a file"));
    }
    let Some(kind) = InputKind::of(path) else {
        let reason = if is_sidecar(path) {
            "is a sidecar metadata file, not an article (name its article file instead)"
        } else {
            "not a supported input (.txt .md .html .htm .json .jsonl)"
        };
        return Err(bad(path, reason));
    };
    if kind != InputKind::JsonLines && meta.len() > MAX_FILE_BYTES {
        return Err(bad(
            path,
            format!(
                "file too large ({} MiB; the limit is {} MiB)",
                meta.len() / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    match kind {
        InputKind::Txt | InputKind::Markdown => {
            text::read(path, &read_bytes(path)?, kind == InputKind::Markdown)
        }
        InputKind::Html => html::read(path, &read_bytes(path)?),
        InputKind::Json => json::read_json(path, &read_bytes(path)?),
        InputKind::JsonLines => json::read_jsonl(path),
    }
}

pub(crate) fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    let mut file = File::open(path).map_err(|e| io_err(path, e))?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).map_err(|e| io_err(path, e))?;
    Ok(bytes)
}

pub(crate) fn io_err(path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

pub(crate) fn bad(path: &Path, reason: impl Into<String>) -> Error {
    Error::BadInput {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

/// The path as text that names it unambiguously, the key of its documents in
/// the index: the canonical absolute path (so `dup/a.txt`, `./dup/a.txt`
/// and `/abs/dup/a.txt` are one file, not three copies of its articles),
/// as is when it is UTF-8, else its valid parts with each invalid byte
/// written `\xNN`. (The lossy text would make two names that differ only in
/// their invalid bytes one file, each replacing the other's documents.)
pub fn path_key(path: &Path) -> String {
    let canonical = std::fs::canonicalize(path);
    let path = canonical.as_deref().unwrap_or(path);
    match path.to_str() {
        Some(s) => s.to_string(),
        None => {
            let mut out = String::new();
            for chunk in path.as_os_str().as_encoded_bytes().utf8_chunks() {
                out.push_str(chunk.valid());
                for b in chunk.invalid() {
                    out.push_str(&format!("\\x{b:02X}"));
                }
            }
            out
        }
    }
}

/// Whether `text` holds a word: a letter, a digit or a Han character. A text
/// of punctuation and symbols only has nothing to index.
pub(crate) fn has_words(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

/// The path as text (lossy), as stored in [`Article::path`].
pub(crate) fn path_string(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// The file stem as text (lossy), the default article id.
pub(crate) fn stem_string(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Metadata fields an input may state, before validation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Meta {
    pub id: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    pub source: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
    pub encoding: Option<String>,
}

impl Meta {
    /// Set field `key` (lower-case name) to `value` if the key is known and
    /// the value not blank. Returns whether the key is known.
    pub fn set(&mut self, key: &str, value: &str) -> bool {
        let slot = match key {
            "id" => &mut self.id,
            "title" => &mut self.title,
            "published" | "date" => &mut self.published,
            "source" => &mut self.source,
            "author" => &mut self.author,
            "url" => &mut self.url,
            "encoding" | "charset" => &mut self.encoding,
            _ => return false,
        };
        let value = value.trim();
        if !value.is_empty() {
            *slot = Some(value.to_string());
        }
        true
    }

    /// Fill the fields this one lacks from `other`.
    pub fn or(self, other: Meta) -> Meta {
        Meta {
            id: self.id.or(other.id),
            title: self.title.or(other.title),
            published: self.published.or(other.published),
            source: self.source.or(other.source),
            author: self.author.or(other.author),
            url: self.url.or(other.url),
            encoding: self.encoding.or(other.encoding),
        }
    }
}

/// Read a sidecar `*.meta.json`: a JSON object with the keys of [`Meta`]
/// (strings; `id` may be a number). A broken sidecar is a problem, not fatal.
pub(crate) fn read_sidecar(article_path: &Path, problems: &mut Vec<Error>) -> Meta {
    let Some(side) = sidecar_path(article_path) else {
        return Meta::default();
    };
    let bytes = match read_bytes(&side) {
        Ok(b) => b,
        Err(e) => {
            problems.push(e);
            return Meta::default();
        }
    };
    let value: serde_json::Value = match serde_json::from_slice(&bytes) {
        Ok(v) => v,
        Err(e) => {
            problems.push(bad(&side, format!("sidecar ignored: invalid JSON: {e}")));
            return Meta::default();
        }
    };
    let serde_json::Value::Object(map) = value else {
        problems.push(bad(&side, "sidecar ignored: not a JSON object"));
        return Meta::default();
    };
    let mut meta = Meta::default();
    for (key, value) in &map {
        let key = key.to_ascii_lowercase();
        match value {
            serde_json::Value::String(s) => {
                meta.set(&key, s);
            }
            serde_json::Value::Number(n) if key == "id" => {
                meta.set(&key, &n.to_string());
            }
            serde_json::Value::Null => {}
            _ => {
                if Meta::default().set(&key, "x") {
                    problems.push(bad(
                        &side,
                        format!("sidecar key `{key}` ignored: expected a string"),
                    ));
                }
            }
        }
    }
    meta
}

/// Normalize a publication date to `YYYY-MM-DD`.
///
/// Accepts `2025-03-01`, `2025-3-1`, `2025/3/1`, `2025.3.1`, `2025年3月1日`,
/// `20250301`, the same followed by a time (`2025-03-01T08:00:00+08:00`,
/// `2025-03-01 08:00`, `2025年3月1日 08:00`), and RFC 2822
/// (`Sat, 01 Mar 2025 08:00:00 +0800`). The date is taken as written: a time
/// zone never moves it to another day. `Err` holds a reason for the problem
/// report.
pub fn normalize_date(value: &str) -> std::result::Result<String, String> {
    use std::sync::LazyLock;
    static YMD: LazyLock<regex::Regex> = LazyLock::new(|| {
        // ok: a constant pattern that compiles.
        regex::Regex::new(
            r"^(\d{4})\s*(?:[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?|(\d{2})(\d{2}))(?:$|[T\s]|\d{1,2}:)",
        )
        .expect("valid regex")
    });
    let v = value.trim();
    let fail = || {
        Err(format!(
            "published: cannot read {v:?} as a date (expected e.g. 2025-03-01, 2025/3/1 or 2025年3月1日)"
        ))
    };
    if let Some(c) = YMD.captures(v) {
        let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        let year = c.get(1).and_then(|m| m.as_str().parse::<i32>().ok());
        let (month, day) = match (num(2), num(3), num(4), num(5), num(6), num(7)) {
            (Some(m), Some(d), ..) => (m, d),
            (_, _, Some(m), Some(d), ..) => (m, d),
            (.., Some(m), Some(d)) => (m, d),
            _ => return fail(),
        };
        return match year.and_then(|y| chrono::NaiveDate::from_ymd_opt(y, month, day)) {
            Some(d) => Ok(d.format("%Y-%m-%d").to_string()),
            None => fail(),
        };
    }
    if let Ok(dt) = chrono::DateTime::parse_from_rfc2822(v) {
        return Ok(dt.format("%Y-%m-%d").to_string());
    }
    fail()
}

/// Build an article from metadata and text, validating `published`.
pub(crate) fn make_article(
    path: &Path,
    default_id: String,
    meta: Meta,
    text: String,
    encoding: String,
    problem_prefix: &str,
    problems: &mut Vec<Error>,
) -> Article {
    let published = meta
        .published
        .as_deref()
        .and_then(|p| match normalize_date(p) {
            Ok(d) => Some(d),
            Err(reason) => {
                problems.push(bad(
                    path,
                    format!("{problem_prefix}{reason}; ingested without a date"),
                ));
                None
            }
        });
    Article {
        id: meta.id.unwrap_or(default_id),
        path: path_string(path),
        title: meta.title,
        text,
        published,
        source: meta.source,
        author: meta.author,
        url: meta.url,
        encoding,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_common_forms() {
        for (input, want) in [
            ("2025-03-01", "2025-03-01"),
            ("2025/3/1", "2025-03-01"),
            ("2025.3.1", "2025-03-01"),
            ("2025年3月1日", "2025-03-01"),
            ("2025年03月01日 08:00", "2025-03-01"),
            ("2025-03-01T08:00:00+08:00", "2025-03-01"),
            ("2025-03-01T23:30:00Z", "2025-03-01"),
            ("2025-03-01 08:00:00", "2025-03-01"),
            ("20250301", "2025-03-01"),
            ("  2025-3-1  ", "2025-03-01"),
            ("Sat, 01 Mar 2025 08:00:00 +0800", "2025-03-01"),
        ] {
            assert_eq!(normalize_date(input).as_deref(), Ok(want), "{input}");
        }
    }

    #[test]
    fn dates_that_are_not() {
        for input in [
            "",
            "yesterday",
            "2025-02-30",
            "2025-13-01",
            "2025年3月",
            "2025-03-01abc",
            "202503011",
        ] {
            let err = normalize_date(input).unwrap_err();
            assert!(err.starts_with("published: cannot read"), "{input}: {err}");
        }
    }

    #[test]
    fn kinds_and_sidecars() {
        assert_eq!(InputKind::of(Path::new("a/B.TXT")), Some(InputKind::Txt));
        assert_eq!(InputKind::of(Path::new("a.Md")), Some(InputKind::Markdown));
        assert_eq!(InputKind::of(Path::new("a.htm")), Some(InputKind::Html));
        assert_eq!(
            InputKind::of(Path::new("a.jsonl")),
            Some(InputKind::JsonLines)
        );
        assert_eq!(InputKind::of(Path::new("a.meta.json")), None);
        assert_eq!(InputKind::of(Path::new("a.txt.META.JSON")), None);
        assert_eq!(InputKind::of(Path::new("a.csv")), None);
        assert_eq!(InputKind::of(Path::new("txt")), None);
        assert!(!is_sidecar(Path::new(".meta.json")));
    }

    #[cfg(unix)]
    #[test]
    fn path_key_escapes_invalid_bytes_so_names_stay_distinct() {
        use std::os::unix::ffi::OsStrExt;
        let a = Path::new(std::ffi::OsStr::from_bytes(b"d/a\xFF.txt"));
        let b = Path::new(std::ffi::OsStr::from_bytes(b"d/a\xFE.txt"));
        assert_eq!(path_key(a), "d/a\\xFF.txt");
        assert_ne!(path_key(a), path_key(b));
        assert_eq!(path_key(Path::new("d/小红书.txt")), "d/小红书.txt");
    }

    #[test]
    fn words_are_letters_digits_or_han() {
        assert!(has_words("，。2024"));
        assert!(has_words("……小"));
        assert!(!has_words("，。！？……——“”《》!?.,;:-\n😀"));
    }
}
