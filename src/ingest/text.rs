//! `.txt` and `.md` files: front matter, sidecar metadata, title.
//!
//! Front matter is a block at the very top between two lines of `---`, with
//! `key: value` lines (keys `title`, `published`, `source`, `author`, `url`,
//! `id`, `encoding`; quotes around values optional; other keys ignored). A
//! block without its closing `---`, or with lines that are not `key: value`
//! (such as a Markdown rule followed by prose), is not front matter and stays
//! in the text.
//!
//! A sidecar `NAME.meta.json` (or `NAME.txt.meta.json`) gives the same keys;
//! front matter wins for a key both give.
//!
//! Title, when neither gives one: for `.md`, the first `# ` heading; else
//! (and for `.md` without such a heading) the first non-empty line, when it
//! looks like a headline: at most 40 characters, holding a letter or a
//! Chinese character, and no sentence punctuation (`。！？!?；;`) nor a
//! trailing comma, colon or ellipsis. The line stays in the text. A lone
//! scraping artefact such as `0` is therefore not taken as a title.

use std::path::Path;

use super::{bad, decode, has_words, make_article, read_sidecar, stem_string, FileArticles, Meta};
use crate::Result;

/// Read a `.txt` (`markdown == false`) or `.md` file already loaded as `bytes`.
pub fn read(path: &Path, bytes: &[u8], markdown: bool) -> Result<FileArticles> {
    let declared = sniff_declared_encoding(bytes);
    let decoded = decode::decode(bytes, declared.as_deref()).map_err(|r| bad(path, r))?;
    let mut problems = Vec::new();
    let (front, body) = match split_front_matter(&decoded.text) {
        Some((meta, body)) => (meta, body),
        None => (Meta::default(), decoded.text.as_str()),
    };
    if body.trim().is_empty() {
        return Err(bad(path, "empty file (front matter but no text)"));
    }
    if !has_words(body) {
        return Err(bad(path, "no words in it (only punctuation or symbols)"));
    }
    let sidecar = read_sidecar(path, &mut problems);
    let mut meta = front.or(sidecar);
    if meta.title.is_none() {
        meta.title = guess_title(body, markdown);
    }
    let article = make_article(
        path,
        stem_string(path),
        meta,
        body.to_string(),
        decoded.encoding,
        "",
        &mut problems,
    );
    Ok(FileArticles {
        articles: vec![article],
        problems,
    })
}

/// Split front matter from `text`. `None` when there is none.
pub(crate) fn split_front_matter(text: &str) -> Option<(Meta, &str)> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next()?;
    if first.trim_end() != "---" {
        return None;
    }
    let mut offset = first.len();
    let mut meta = Meta::default();
    let mut keys = 0;
    for line in lines {
        offset += line.len();
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return (keys > 0).then(|| (meta, &text[offset..]));
        }
        if trimmed.trim().is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if trimmed.starts_with([' ', '\t', '-']) {
            // YAML continuation or list item of a key we do not read.
            continue;
        }
        let (key, value) = trimmed.split_once(':')?;
        let key = key.trim();
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return None;
        }
        meta.set(&key.to_ascii_lowercase(), unquote(value.trim()));
        keys += 1;
    }
    None
}

fn unquote(v: &str) -> &str {
    for q in ['"', '\''] {
        if v.len() >= 2 && v.starts_with(q) && v.ends_with(q) {
            return &v[1..v.len() - 1];
        }
    }
    v
}

/// Read an `encoding:` line from front matter in the raw bytes (before
/// decoding: keys are ASCII, so this works for any ASCII-compatible encoding).
fn sniff_declared_encoding(bytes: &[u8]) -> Option<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut lines = bytes.split(|&b| b == b'\n');
    if lines.next()?.trim_ascii_end() != b"---" {
        return None;
    }
    for line in lines.take(100) {
        let line = line.trim_ascii();
        if line == b"---" {
            return None;
        }
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            continue;
        };
        let key = line[..colon].trim_ascii().to_ascii_lowercase();
        if key == b"encoding" || key == b"charset" {
            let value = String::from_utf8_lossy(line[colon + 1..].trim_ascii());
            return Some(unquote(value.trim()).to_string());
        }
    }
    None
}

/// The title when none is given (see the module docs).
pub(crate) fn guess_title(body: &str, markdown: bool) -> Option<String> {
    if markdown {
        let heading = body.lines().find_map(|l| {
            let l = l.trim_end();
            l.strip_prefix("# ")
                .map(|h| h.trim().trim_end_matches('#').trim().to_string())
        });
        if let Some(h) = heading.filter(|h| !h.is_empty()) {
            return Some(h);
        }
    }
    let first = body.lines().map(str::trim).find(|l| !l.is_empty())?;
    let first = if markdown {
        first.trim_start_matches('#').trim()
    } else {
        first
    };
    let chars = first.chars().count();
    let headline = (2..=40).contains(&chars)
        && first.chars().any(char::is_alphabetic)
        && !first.contains(['。', '！', '？', '!', '?', '；', ';'])
        && !first.ends_with([',', '，', '、', ':', '：', '…', '.']);
    headline.then(|| first.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_guess() {
        assert_eq!(guess_title("0\n2025年的前兩個月。", false), None);
        assert_eq!(
            guess_title("\n  小红书电商这一年  \n正文。", false),
            Some("小红书电商这一年".into())
        );
        assert_eq!(guess_title("小红书电商这一年。\n", false), None);
        assert_eq!(guess_title("据报道，\n", false), None);
        assert_eq!(guess_title("intro\n# 标题 #\n", true), Some("标题".into()));
        assert_eq!(guess_title("## 小节\n正文", true), Some("小节".into()));
    }

    #[test]
    fn front_matter_needs_keys_and_closing() {
        assert!(split_front_matter("---\n\n---\ntext").is_none());
        assert!(split_front_matter("---\nsome prose, no key\n---\n").is_none());
        let (meta, body) =
            split_front_matter("---\r\ntitle: 'x'\r\ntags:\r\n  - a\r\n---\r\nbody").unwrap();
        assert_eq!(meta.title.as_deref(), Some("x"));
        assert_eq!(body, "body");
    }

    #[test]
    fn declared_encoding_sniffed_from_bytes() {
        assert_eq!(
            sniff_declared_encoding(b"---\ntitle: x\nencoding: \"gbk\"\n---\n").as_deref(),
            Some("gbk")
        );
        assert_eq!(sniff_declared_encoding(b"title: x\nencoding: gbk\n"), None);
    }
}
