//! Segment stage: jieba-rs with zhmine's domain dictionary.
//!
//! One process-wide [`Jieba`], built once from the default dictionary, plus
//! `data/dict.txt`, plus every alias of the gazetteer and every metric and
//! topic word, plus an optional user dictionary. Segmentation always runs on *normalized* (simplified)
//! text: converting after segmenting breaks traditional words apart.
//!
//! Tokens are byte spans into the normalized text of the article, so no token
//! owns a string. POS tags (needed only to find people) are computed only for
//! the sentences the caller asks for: `tag` costs about 3× `cut`.

use crate::data;
use crate::error::{Error, Result};
use crate::model::Sentence;
use jieba_rs::Jieba;
use std::io::BufReader;
use std::sync::OnceLock;

static JIEBA: OnceLock<Jieba> = OnceLock::new();
static USER_DICT: OnceLock<Option<String>> = OnceLock::new();

/// Frequency given to domain words so jieba keeps them whole.
const DOMAIN_FREQ: usize = 20_000;

/// Set the user dictionary (jieba format) the segmenter will be built with.
/// Building is lazy: commands that never segment (timeline, figures) never
/// pay the ~0.1 s and ~30 MB of the dictionary. Only the first call counts.
/// Never fails: errors in the dictionary are reported by [`load`].
pub fn init(user_dict: Option<&str>) -> Result<()> {
    let _ = USER_DICT.set(user_dict.map(str::to_string));
    Ok(())
}

/// Build the segmenter now, reporting a malformed dictionary (the user's
/// data folder or user dictionary) instead of falling back silently.
pub fn load() -> Result<&'static Jieba> {
    if let Some(j) = JIEBA.get() {
        return Ok(j);
    }
    let user = USER_DICT.get_or_init(|| None);
    let j = build(user.as_deref())?;
    Ok(JIEBA.get_or_init(|| j))
}

/// The process-wide segmenter, built on first use.
pub fn jieba() -> &'static Jieba {
    match load() {
        Ok(j) => j,
        // Only a user's data can break the build, and `load` reports that
        // when an ingest starts; a reader falls back to the built-in data.
        Err(_) => JIEBA.get_or_init(|| build(None).unwrap_or_else(|_| Jieba::new())),
    }
}

/// Words of the gazetteer, metric and topic lexicons that the segmenter must
/// keep whole: every `|`- or tab-separated field holding a Han character and at
/// least two characters, except the first two columns of metrics.tsv that are
/// not words (unit names) — those are ASCII and filtered by the Han test.
fn lexicon_words() -> Result<Vec<String>> {
    let mut out = Vec::new();
    for name in ["gazetteer.tsv", "metrics.tsv", "topics.tsv"] {
        let text = data::text(name)?;
        for line in data::lines(&text) {
            for field in line.split('\t') {
                for w in field.split('|') {
                    let w = w.trim();
                    if w.chars().count() >= 2 && w.chars().any(is_han) {
                        out.push(w.to_string());
                    }
                }
            }
        }
    }
    Ok(out)
}

fn build(user_dict: Option<&str>) -> Result<Jieba> {
    let mut j = Jieba::new();
    let dict = data::text("dict.txt")?;
    load_dict(&mut j, &dict, "dict.txt")?;
    for w in lexicon_words()? {
        j.add_word(&w, Some(DOMAIN_FREQ), Some("nz"));
    }
    if let Some(u) = user_dict {
        load_dict(&mut j, u, "user dictionary")?;
    }
    Ok(j)
}

fn load_dict(j: &mut Jieba, text: &str, name: &str) -> Result<()> {
    // jieba's own parser rejects comments: strip them first.
    let body: String = data::lines(text).flat_map(|l| [l, "\n"]).collect();
    j.load_dict(&mut BufReader::new(body.as_bytes()))
        .map_err(|e| Error::Data {
            path: name.to_string(),
            reason: e.to_string(),
        })
}

/// Is `c` a Han (CJK ideograph) character?
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// A token: a byte span into the normalized text, and its POS tag when the
/// sentence was tagged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub tag: Option<Pos>,
}

/// A part-of-speech tag from jieba (`nr`, `ns`, `nz`, `eng`, …), stored inline
/// so a token owns no string.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Pos {
    buf: [u8; 6],
    len: u8,
}

impl Pos {
    /// Copy a tag; tags longer than 6 bytes are cut (jieba's are 1–4 ASCII bytes).
    pub fn new(tag: &str) -> Self {
        let mut buf = [0u8; 6];
        let mut len = 0;
        for (i, b) in tag.bytes().take(6).enumerate() {
            buf[i] = b;
            len = i + 1;
        }
        // Cut on a char boundary: tags are ASCII, anything else is dropped.
        while len > 0 && std::str::from_utf8(&buf[..len]).is_err() {
            len -= 1;
        }
        Pos {
            buf,
            len: len as u8,
        }
    }
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len as usize]).unwrap_or("")
    }
}

impl std::fmt::Debug for Pos {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Token {
    /// The token's text within `text` (the normalized text it was cut from).
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }
    /// True for tokens worth indexing: they hold a letter, digit or Han char.
    pub fn is_word(&self, text: &str) -> bool {
        self.text(text).chars().any(char::is_alphanumeric)
    }
}

/// The tokens of every sentence of an article, in order.
#[derive(Debug, Clone, Default)]
pub struct Segmented {
    /// `sentences[i]` holds the tokens of sentence `i`, offsets into the
    /// article's normalized text.
    pub sentences: Vec<Vec<Token>>,
}

/// Cut every sentence of `text`; tag those for which `needs_tags` says so.
pub fn segment(text: &str, sentences: &[Sentence], needs_tags: impl Fn(&str) -> bool) -> Segmented {
    let j = jieba();
    let mut out = Vec::with_capacity(sentences.len());
    for s in sentences {
        let Some(st) = text.get(s.byte_start..s.byte_end) else {
            out.push(Vec::new());
            continue;
        };
        out.push(cut_sentence(j, st, s.byte_start, needs_tags(st)));
    }
    Segmented { sentences: out }
}

/// Cut one piece of text starting at byte `base` of its article.
pub fn cut_sentence(j: &'static Jieba, st: &str, base: usize, tag: bool) -> Vec<Token> {
    if tag {
        j.tag(st, true)
            .into_iter()
            .map(|t| Token {
                start: base + t.byte_start,
                end: base + t.byte_end,
                tag: Some(Pos::new(t.tag)),
            })
            .collect()
    } else {
        j.cut(st, true)
            .into_iter()
            .map(|t| Token {
                start: base + t.byte_start,
                end: base + t.byte_end,
                tag: None,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<&str> {
        cut_sentence(jieba(), s, 0, false)
            .iter()
            .map(|t| t.text(s))
            .collect()
    }

    #[test]
    fn domain_words_stay_whole() {
        assert_eq!(
            words("小红书主推的是买手直播"),
            vec!["小红书", "主推", "的", "是", "买手直播"]
        );
        assert!(words("2024年重心又切到商家店播、主理人直播").contains(&"商家店播"));
        assert!(words("服务商施海华表示").contains(&"服务商"));
    }

    #[test]
    fn offsets_are_bytes_into_the_article() {
        let s = "小红书电商GMV";
        let toks = cut_sentence(jieba(), s, 10, true);
        assert_eq!(toks[0].start, 10);
        assert_eq!(toks.last().map(|t| t.end), Some(10 + s.len()));
        assert!(toks.iter().all(|t| t.tag.is_some()));
    }
}
