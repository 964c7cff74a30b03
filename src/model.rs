//! Plain data passed between pipeline stages.
//!
//! `Article → Normalized → Segmented → Extraction`. Nothing here knows about
//! files, Tantivy or the command line. Every span names the text it points
//! into: `byte_*` and `char_*` spans are offsets into the **normalized** text of
//! an article unless a field says otherwise.

use serde::{Deserialize, Serialize};

/// An article as read from the corpus, before any cleaning.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Stable identifier: given by the input (`id` in JSON) or derived from
    /// the path (and line number for JSON Lines).
    pub id: String,
    /// The file the article came from (as given on the command line, joined
    /// with the walked path).
    pub path: String,
    pub title: Option<String>,
    /// The original text, decoded to UTF-8, exactly as read (front matter removed).
    pub text: String,
    /// Publication date as `YYYY-MM-DD`, when the input states one.
    pub published: Option<String>,
    pub source: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
    /// Name of the encoding the bytes were decoded from (`UTF-8`, `GB18030`, `Big5`).
    pub encoding: String,
}

/// Flags a normalizer puts on a sentence.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentenceFlags {
    /// Reprint notices, "add the author on WeChat" promotions: searchable,
    /// never a source of claims.
    pub boilerplate: bool,
    /// Holds a mojibake run (replacement characters, mis-decoded bytes):
    /// extraction ignores it.
    pub garbled: bool,
    /// A heading line (`01 电商,为什么是小红书的必选项?`).
    pub heading: bool,
}

/// One sentence of a normalized text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// Byte span in the normalized text.
    pub byte_start: usize,
    pub byte_end: usize,
    /// Character span in the normalized text.
    pub char_start: usize,
    pub char_end: usize,
    pub flags: SentenceFlags,
}

/// Kinds of named entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Platform,
    Organization,
    Brand,
}

impl EntityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Platform => "platform",
            EntityKind::Organization => "organization",
            EntityKind::Brand => "brand",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "person" => Some(EntityKind::Person),
            "platform" => Some(EntityKind::Platform),
            "organization" | "org" | "company" => Some(EntityKind::Organization),
            "brand" => Some(EntityKind::Brand),
            _ => None,
        }
    }
}

/// Precision of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Year,
    Half,
    Quarter,
    Month,
    Day,
}

/// A span of calendar time a statement refers to. `end` is inclusive.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Period {
    /// ISO date `YYYY-MM-DD`.
    pub start: String,
    /// ISO date `YYYY-MM-DD`, inclusive.
    pub end: String,
    /// The words of the text the period was read from.
    pub text: String,
    pub precision: Precision,
}

/// Where an item was read: a sentence of an article's normalized text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Evidence {
    pub doc_id: String,
    /// The sentence's text.
    pub sentence: String,
    /// Character span of the sentence in the normalized text of the article.
    pub char_start: usize,
    pub char_end: usize,
}
