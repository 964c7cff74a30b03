//! `.json` and `.jsonl` files: one article per object.
//!
//! Keys: `id` (string or number), `title`, `text` (or `content`),
//! `published`, `source`, `author`, `url`; other keys are ignored. An object
//! without a non-empty `text`/`content` is a problem for that object, not
//! for the file.
//!
//! - `.jsonl`: one object per line, read as a stream; blank lines skipped; a
//!   bad line (invalid JSON, not an object, no text, longer than
//!   [`MAX_LINE_BYTES`], nested deeper than serde_json's limit of 128) is a
//!   problem `line N: reason` and the other lines are still read. Default
//!   id: `<file stem>#<N>` (N counts lines from 1, blank ones included).
//! - `.json`: one object, or an array of objects. Default id: the file stem
//!   for one object, `<file stem>#<index>` (from 0) for array items, whose
//!   problems read `item N: reason`. Invalid JSON or nesting beyond 128
//!   levels makes the whole file unusable.
//!
//! JSON should be UTF-8; GB18030 and Big5 files are detected and decoded
//! as for text files (for `.jsonl`, from the first 64 KiB).

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use encoding_rs::Encoding;
use serde_json::Value;

use super::{bad, decode, has_words, io_err, make_article, stem_string, FileArticles, Meta};
use crate::model::Article;
use crate::{Error, Result};

/// Longest `.jsonl` line read; longer lines are skipped with a problem.
pub const MAX_LINE_BYTES: usize = 64 * 1024 * 1024;

/// Bytes of a `.jsonl` file looked at to detect its encoding.
const SNIFF_BYTES: usize = 64 * 1024;

/// Read a `.json` file already loaded as `bytes`.
pub fn read_json(path: &Path, bytes: &[u8]) -> Result<FileArticles> {
    let decoded = decode::decode(bytes, None).map_err(|r| bad(path, r))?;
    let value: Value = serde_json::from_str(&decoded.text)
        .map_err(|e| bad(path, describe_json_error(&e, None)))?;
    let stem = stem_string(path);
    let mut out = FileArticles::default();
    match value {
        Value::Array(items) => {
            if items.is_empty() {
                return Err(bad(path, "no articles: the JSON array is empty"));
            }
            for (i, item) in items.into_iter().enumerate() {
                let prefix = format!("item {i}: ");
                match article_from_value(
                    path,
                    item,
                    format!("{stem}#{i}"),
                    &decoded.encoding,
                    &prefix,
                    &mut out.problems,
                ) {
                    Ok(a) => out.articles.push(a),
                    Err(reason) => out.problems.push(bad(path, format!("{prefix}{reason}"))),
                }
            }
        }
        Value::Object(_) => {
            let article =
                article_from_value(path, value, stem, &decoded.encoding, "", &mut out.problems)
                    .map_err(|reason| bad(path, reason))?;
            out.articles.push(article);
        }
        _ => return Err(bad(path, "expected a JSON object or an array of objects")),
    }
    Ok(out)
}

/// Read a `.jsonl` file, streaming it line by line.
pub fn read_jsonl(path: &Path) -> Result<FileArticles> {
    let file = File::open(path).map_err(|e| io_err(path, e))?;
    read_jsonl_from(
        path,
        BufReader::with_capacity(SNIFF_BYTES, file),
        MAX_LINE_BYTES,
    )
}

/// How the lines of a `.jsonl` file are turned into text.
enum LineEncoding {
    Utf8,
    Legacy(&'static Encoding, String),
}

/// Read JSON Lines from `reader`; `path` names the file in articles and
/// problems. Lines longer than `max_line` bytes are skipped.
pub fn read_jsonl_from(
    path: &Path,
    mut reader: impl BufRead,
    max_line: usize,
) -> Result<FileArticles> {
    let encoding = sniff_jsonl_encoding(path, &mut reader)?;
    let stem = stem_string(path);
    let mut out = FileArticles::default();
    let mut buf = Vec::new();
    let mut line_no = 0usize;
    let mut any_content = false;
    while let Some(too_long) =
        read_line_limited(&mut reader, &mut buf, max_line).map_err(|e| io_err(path, e))?
    {
        line_no += 1;
        let prefix = format!("line {line_no}: ");
        if too_long {
            any_content = true;
            out.problems.push(bad(
                path,
                format!("{prefix}longer than {}; skipped", size_text(max_line)),
            ));
            continue;
        }
        let mut line: &[u8] = &buf;
        line = line.strip_suffix(b"\n").unwrap_or(line);
        line = line.strip_suffix(b"\r").unwrap_or(line);
        if line_no == 1 {
            line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        any_content = true;
        let (text, encoding_name) = match &encoding {
            LineEncoding::Utf8 => match std::str::from_utf8(line) {
                Ok(s) => (std::borrow::Cow::Borrowed(s), "UTF-8"),
                Err(e) => {
                    out.problems.push(bad(
                        path,
                        format!(
                            "{prefix}not valid UTF-8 (byte {}); skipped",
                            e.valid_up_to() + 1
                        ),
                    ));
                    continue;
                }
            },
            LineEncoding::Legacy(enc, name) => {
                (enc.decode_without_bom_handling(line).0, name.as_str())
            }
        };
        let value: Value = match serde_json::from_str(&text) {
            Ok(v) => v,
            Err(e) => {
                out.problems.push(bad(
                    path,
                    format!("{prefix}{}", describe_json_error(&e, Some(&text))),
                ));
                continue;
            }
        };
        match article_from_value(
            path,
            value,
            format!("{stem}#{line_no}"),
            encoding_name,
            &prefix,
            &mut out.problems,
        ) {
            Ok(a) => out.articles.push(a),
            Err(reason) => out.problems.push(bad(path, format!("{prefix}{reason}"))),
        }
    }
    if !any_content {
        return Err(bad(path, "empty file"));
    }
    Ok(out)
}

/// Decide how to decode the lines from the first bytes of the stream.
fn sniff_jsonl_encoding(path: &Path, reader: &mut impl BufRead) -> Result<LineEncoding> {
    let head = reader.fill_buf().map_err(|e| io_err(path, e))?;
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return Err(bad(
            path,
            "UTF-16 JSON Lines are not supported; convert the file to UTF-8",
        ));
    }
    // Only whole lines: a cut multi-byte character would look like an error.
    let whole = match head.iter().rposition(|&b| b == b'\n') {
        Some(i) if head.len() >= SNIFF_BYTES => &head[..=i],
        _ => head,
    };
    match decode::decode(whole, None) {
        Ok(d) if d.encoding.starts_with("UTF-8") => Ok(LineEncoding::Utf8),
        Ok(d) => match Encoding::for_label(d.encoding.as_bytes()) {
            Some(enc) => Ok(LineEncoding::Legacy(enc, d.encoding)),
            None => Ok(LineEncoding::Utf8),
        },
        // Empty so far: lines decide (and an all-blank file is "empty").
        Err(reason) if reason == "empty file" => Ok(LineEncoding::Utf8),
        Err(reason) => Err(bad(path, reason)),
    }
}

/// Read one line (with its `\n`) into `buf`, keeping at most `max` bytes.
/// `None` at the end of the stream; `Some(true)` when the line was longer
/// than `max` (then `buf` is empty and the rest of the line was skipped).
fn read_line_limited(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    max: usize,
) -> std::io::Result<Option<bool>> {
    buf.clear();
    let mut too_long = false;
    let mut read_any = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(read_any.then_some(too_long));
        }
        read_any = true;
        let (len, done) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        if !too_long {
            if buf.len() + len > max {
                too_long = true;
                buf.clear();
                buf.shrink_to_fit();
            } else {
                buf.extend_from_slice(&available[..len]);
            }
        }
        reader.consume(len);
        if done {
            return Ok(Some(too_long));
        }
    }
}

fn size_text(bytes: usize) -> String {
    const MIB: usize = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// A serde_json error as a reason. For a whole file (`line == None`) serde's
/// line and column are kept; for one line of JSON Lines, the column is
/// counted in characters of `line`.
fn describe_json_error(e: &serde_json::Error, line: Option<&str>) -> String {
    let full = e.to_string();
    if full.starts_with("recursion limit exceeded") {
        return "JSON nested too deeply (more than 128 levels)".to_string();
    }
    let msg = full
        .rsplit_once(" at line ")
        .map_or(full.as_str(), |(m, _)| m);
    match line {
        _ if e.line() == 0 => format!("invalid JSON: {msg}"),
        None => format!(
            "invalid JSON at line {} column {}: {msg}",
            e.line(),
            e.column()
        ),
        Some(text) => {
            // serde counts bytes; a byte column may fall inside a character.
            let byte_col = e.column();
            let chars = text
                .char_indices()
                .take_while(|(i, _)| *i < byte_col)
                .count();
            format!("invalid JSON at character {}: {msg}", chars.max(1))
        }
    }
}

/// Turn one JSON value into an article. `Err` when it cannot be one (not an
/// object, no text); wrongly typed optional fields and unreadable dates are
/// pushed to `problems` (prefixed with `prefix`) and left out.
fn article_from_value(
    path: &Path,
    value: Value,
    default_id: String,
    encoding: &str,
    prefix: &str,
    problems: &mut Vec<Error>,
) -> std::result::Result<Article, String> {
    let Value::Object(map) = value else {
        return Err("not a JSON object".to_string());
    };
    let text = match map
        .get("text")
        .filter(|v| !v.is_null())
        .or_else(|| map.get("content"))
    {
        Some(Value::String(s)) if s.trim().is_empty() => return Err("empty `text`".to_string()),
        Some(Value::String(s)) if !has_words(s) => {
            return Err("no words in `text` (only punctuation or symbols)".to_string())
        }
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => return Err("no `text` or `content`".to_string()),
        Some(_) => return Err("`text` is not a string".to_string()),
    };
    let mut meta = Meta::default();
    for key in ["id", "title", "published", "source", "author", "url"] {
        match map.get(key) {
            None | Some(Value::Null) => {}
            Some(Value::String(s)) => {
                meta.set(key, s);
            }
            Some(Value::Number(n)) if key == "id" => {
                meta.set(key, &n.to_string());
            }
            Some(_) => problems.push(bad(
                path,
                format!("{prefix}`{key}` ignored: expected a string"),
            )),
        }
    }
    Ok(make_article(
        path,
        default_id,
        meta,
        text,
        encoding.to_string(),
        prefix,
        problems,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_line_skipped_others_read() {
        let input = format!(
            "{{\"text\":\"一\"}}\n{{\"text\":\"{}\"}}\n{{\"text\":\"三\"}}",
            "长".repeat(100)
        );
        let out = read_jsonl_from(Path::new("x.jsonl"), std::io::Cursor::new(input), 64).unwrap();
        let texts: Vec<_> = out.articles.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(texts, ["一", "三"]);
        let ids: Vec<_> = out.articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["x#1", "x#3"]);
        assert_eq!(out.problems.len(), 1);
        assert_eq!(
            out.problems[0].to_string(),
            "x.jsonl: line 2: longer than 64 bytes; skipped"
        );
    }

    #[test]
    fn read_line_limited_handles_small_buffers() {
        let mut r = BufReader::with_capacity(2, std::io::Cursor::new("abcdef\ngh"));
        let mut buf = Vec::new();
        assert_eq!(
            read_line_limited(&mut r, &mut buf, 100).unwrap(),
            Some(false)
        );
        assert_eq!(buf, b"abcdef\n");
        assert_eq!(
            read_line_limited(&mut r, &mut buf, 100).unwrap(),
            Some(false)
        );
        assert_eq!(buf, b"gh");
        assert_eq!(read_line_limited(&mut r, &mut buf, 100).unwrap(), None);
    }

    #[test]
    fn content_and_numeric_id() {
        let out = read_jsonl_from(
            Path::new("d/x.jsonl"),
            std::io::Cursor::new("{\"id\": 42, \"content\": \"正文\", \"title\": 3}\n"),
            1024,
        )
        .unwrap();
        assert_eq!(out.articles[0].id, "42");
        assert_eq!(out.articles[0].text, "正文");
        assert_eq!(out.articles[0].title, None);
        assert_eq!(
            out.problems[0].to_string(),
            "d/x.jsonl: line 1: `title` ignored: expected a string"
        );
    }
}
