//! Normalize stage: clean an article's original text into the normalized text
//! every later stage reads, with a character offset map back to the original.
//!
//! OWNER: normalize helper. Interface (keep these signatures):

use crate::model::Sentence;
use std::borrow::Cow;

/// Maps character offsets of the normalized text back to the original text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetMap {
    // normalized char index -> original char index; len = normalized chars + 1
}

impl OffsetMap {
    /// Original character offset of normalized character `norm_char`
    /// (`norm_char == len` maps to the original end).
    pub fn to_original(&self, norm_char: usize) -> usize {
        let _ = norm_char;
        todo!()
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

/// Run every normalizer, in order, and split sentences.
pub fn normalize(original: &str) -> Normalized {
    let _ = original;
    todo!()
}

/// Traditional → simplified for a short string (queries, entity names).
pub fn to_simplified(s: &str) -> Cow<'_, str> {
    Cow::Borrowed(s)
}
