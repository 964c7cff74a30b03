//! Normalize stage: clean an article's original text into the normalized text
//! every later stage reads, with a character offset map back to the original.
//!
//! The stage is a fixed, ordered list of *rewriting* normalizers ([`STAGES`]),
//! each in its own file, followed by sentence splitting and the sentence
//! flaggers:
//!
//! 1. [`html`]: HTML remnants (`</p>`, `<br>`, `&nbsp;`) out,
//! 2. [`pinyin`]: SEO pinyin readings (`應(yīng)` → `應`) out,
//! 3. [`width`]: NFKC (full-width digits and Latin to ASCII), `…` kept,
//! 4. [`script`]: traditional → simplified (OpenCC T2s), skipped on simplified text,
//! 5. [`whitespace`]: whitespace runs collapsed, lines trimmed,
//! 6. [`sentences`]: sentence spans, heading flags,
//! 7. [`mojibake`]: garbled flags (text is never deleted),
//! 8. [`boilerplate`]: boilerplate flags from `data/boilerplate.txt`.
//!
//! Every rewriting normalizer reports, for each character it emits, the index
//! of the input character it came from (a [`Rewrite`]); the stage composes
//! these into one [`OffsetMap`] from normalized characters to original
//! characters. Deleted text maps nowhere; inserted or expanded text maps to
//! the start of what it replaced, so the map is monotonic.
//!
//! ```
//! let n = zhmine::normalize::normalize("小紅書應(yīng)用</p>\n２０２４年GMV破千億。");
//! assert_eq!(n.text, "小红书应用\n2024年GMV破千亿。");
//! assert!(n.converted);
//! assert_eq!(n.sentences.len(), 2);
//! // `应` (normalized char 3) is `應` (original char 3).
//! assert_eq!(n.map.to_original(3), 3);
//! // `用` (normalized char 4) comes after the reading `(yīng)`.
//! assert_eq!(n.map.to_original(4), 10);
//! ```

pub mod boilerplate;
pub mod html;
pub mod mojibake;
pub mod pinyin;
pub mod script;
pub mod sentences;
pub mod whitespace;
pub mod width;

use crate::model::Sentence;
use std::borrow::Cow;

/// Maps character offsets of the normalized text back to the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffsetMap {
    repr: MapRepr,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum MapRepr {
    /// Nothing changed position: normalized char `i` is original char `i`.
    Identity(usize),
    /// `table[i]` = original char of normalized char `i`; `len = normalized
    /// chars + 1`, the last entry is the original char count.
    Table(Vec<u32>),
}

impl Default for OffsetMap {
    fn default() -> Self {
        OffsetMap {
            repr: MapRepr::Identity(0),
        }
    }
}

impl OffsetMap {
    /// Original character offset of normalized character `norm_char`
    /// (`norm_char == len` maps to the original end). Offsets past the end
    /// map to the original end.
    pub fn to_original(&self, norm_char: usize) -> usize {
        match &self.repr {
            MapRepr::Identity(n) => norm_char.min(*n),
            MapRepr::Table(t) => match t.get(norm_char).or(t.last()) {
                Some(&o) => o as usize,
                None => 0,
            },
        }
    }

    /// Original character span of the normalized character span
    /// `start..end`: `to_original(start)..to_original(end)`. Text the
    /// normalizers deleted right after the span (a reading, a tag) falls
    /// inside it.
    pub fn span_to_original(&self, start: usize, end: usize) -> (usize, usize) {
        (self.to_original(start), self.to_original(end))
    }

    /// Number of normalized characters the map covers.
    pub fn normalized_len(&self) -> usize {
        match &self.repr {
            MapRepr::Identity(n) => *n,
            MapRepr::Table(t) => t.len().saturating_sub(1),
        }
    }

    /// Number of characters of the original text.
    pub fn original_len(&self) -> usize {
        self.to_original(self.normalized_len())
    }

    /// True when every normalized character sits where it was in the original.
    pub fn is_identity(&self) -> bool {
        matches!(self.repr, MapRepr::Identity(_))
    }
}

/// The output of the stage.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    pub text: String,
    pub map: OffsetMap,
    pub sentences: Vec<Sentence>,
    /// True where traditional → simplified conversion changed the text.
    pub converted: bool,
}

impl Normalized {
    /// The text of sentence `s` (empty if the span is not in the text).
    pub fn sentence_text(&self, s: &Sentence) -> &str {
        self.text.get(s.byte_start..s.byte_end).unwrap_or("")
    }
}

/// What a rewriting normalizer produced: the new text and, for every char of
/// it, the index of the input char it came from. `src` is non-decreasing.
#[derive(Debug, Default)]
pub struct Rewrite {
    pub text: String,
    pub src: Vec<u32>,
}

impl Rewrite {
    /// An empty rewrite with room for `bytes` bytes of text.
    pub fn with_capacity(bytes: usize) -> Self {
        Rewrite {
            text: String::with_capacity(bytes),
            src: Vec::with_capacity(bytes / 2),
        }
    }

    /// Emit `c`, coming from input char `src`.
    #[inline]
    pub fn push(&mut self, c: char, src: usize) {
        self.text.push(c);
        self.src.push(src as u32);
    }

    /// Emit every char of `s`, all coming from input char `src`
    /// (a replacement or an expansion).
    pub fn push_str_from(&mut self, s: &str, src: usize) {
        self.text.push_str(s);
        self.src.extend(s.chars().map(|_| src as u32));
    }

    /// Copy `s` unchanged; its first char is input char `src_start`.
    /// Returns the input char index just past `s`.
    pub fn copy(&mut self, s: &str, src_start: usize) -> usize {
        self.text.push_str(s);
        let end = src_start + s.chars().count();
        self.src.extend(src_start as u32..end as u32);
        end
    }
}

/// A rewriting normalizer: returns `None` when it has nothing to change
/// (the common case, kept cheap), else the rewritten text with its sources.
pub struct Stage {
    /// Name, for diagnostics and benchmarks.
    pub name: &'static str,
    /// The rewrite.
    pub apply: fn(&str) -> Option<Rewrite>,
}

/// The rewriting normalizers, in pipeline order. Listed once, here.
pub const STAGES: &[Stage] = &[
    html::STAGE,
    pinyin::STAGE,
    width::STAGE,
    script::STAGE,
    whitespace::STAGE,
];

/// Run every normalizer, in order, and split sentences.
pub fn normalize(original: &str) -> Normalized {
    let original_chars = original.chars().count();
    let mut text: Cow<'_, str> = Cow::Borrowed(original);
    // None: identity so far.
    let mut table: Option<Vec<u32>> = None;
    let mut converted = false;
    for stage in STAGES {
        let Some(rw) = (stage.apply)(&text) else {
            continue;
        };
        if stage.name == script::STAGE.name && rw.text != *text {
            converted = true;
        }
        let input_chars = match &table {
            Some(t) => t.len() - 1,
            None => original_chars,
        };
        table = Some(compose(table, rw.src, input_chars, original_chars));
        text = Cow::Owned(rw.text);
    }
    let text = text.into_owned();
    let map = match table {
        None => OffsetMap {
            repr: MapRepr::Identity(original_chars),
        },
        Some(t) => OffsetMap {
            repr: MapRepr::Table(t),
        },
    };
    let mut sentences = sentences::split(&text);
    for s in &mut sentences {
        let st = text.get(s.byte_start..s.byte_end).unwrap_or("");
        s.flags.garbled = mojibake::is_garbled(st);
        s.flags.boilerplate = boilerplate::is_boilerplate(st);
    }
    Normalized {
        text,
        map,
        sentences,
        converted,
    }
}

/// Compose the map so far (`prev`, or identity over `input_chars`) with a
/// stage's sources. The result has `src.len() + 1` entries, the last being
/// the original end.
fn compose(
    prev: Option<Vec<u32>>,
    src: Vec<u32>,
    input_chars: usize,
    original_chars: usize,
) -> Vec<u32> {
    let mut out = src;
    match prev {
        None => {
            // Sources are already original indices; clamp defensively.
            for v in &mut out {
                if *v as usize > input_chars {
                    *v = input_chars as u32;
                }
            }
        }
        Some(prev) => {
            let last = prev.last().copied().unwrap_or(original_chars as u32);
            for v in &mut out {
                *v = prev.get(*v as usize).copied().unwrap_or(last);
            }
        }
    }
    out.push(original_chars as u32);
    out
}

/// Traditional → simplified for a short string (queries, entity names).
/// Borrows when the string holds no traditional-only character.
pub fn to_simplified(s: &str) -> Cow<'_, str> {
    script::to_simplified(s)
}

/// Is `c` a Han ideograph (CJK unified, extensions, compatibility)?
#[inline]
pub(crate) fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F | 0x30000..=0x3134F)
}

/// Is `c` CJK punctuation or a full-width form (the company Han keeps)?
#[inline]
pub(crate) fn is_cjk_punct(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFF65 | 0x2014 | 0x2026 | 0x201C | 0x201D | 0x2018 | 0x2019 | 0xFE10..=0xFE4F)
}

#[cfg(test)]
mod tests;
