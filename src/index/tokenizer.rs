//! The two tokenizers of the index, registered under [`ZH`] and [`CJK`].
//!
//! * [`ZhTokenizer`] cuts with the process-wide jieba (see [`crate::segment`])
//!   and is used to parse queries, to highlight snippets, and — through the
//!   same [`word_tokens`] function — to build the pre-tokenized `body` of each
//!   article from the tokens the segment stage already produced, so an article
//!   is segmented once and indexing and querying agree token for token.
//! * [`CjkTokenizer`] emits overlapping Han bigrams, so parts of words
//!   (工具 inside 工具箱, 红书 inside 小红书) are found where jieba cuts
//!   differently. At indexing time it gets the pre-segmented body and emits
//!   the bigrams of words of three or more Han characters only — the shorter
//!   words are already terms of `body` — which keeps this field at a fraction
//!   of the indexing cost of bigrams over the whole text (it halved indexing
//!   throughput: docs/benchmarks.md). A query is cut into bigrams whole (a
//!   lone Han character as a unigram, Latin and digit runs as words), so a
//!   query for a part of a long word matches as a phrase of its bigrams.
//!
//! Both emit **byte** offsets into the text they were given (Tantivy's
//! contract; jieba reports both char and byte offsets, we take the bytes) and
//! count positions in tokens, not characters, so phrase queries and slop work.
//! Punctuation and whitespace produce no token and take no position.

use crate::segment::{self, is_han, Token as SegToken};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Name of the word tokenizer in the index's tokenizer manager.
pub const ZH: &str = "zh_jieba";
/// Name of the character bigram tokenizer.
pub const CJK: &str = "zh_cjk";

/// Separates the words of a pre-segmented text. A control character that
/// normalized text never holds (queries are stripped of it).
pub const WORD_SEP: char = '\u{1f}';

/// The words of an article (word tokens only) joined by [`WORD_SEP`]: the
/// `body` value that [`ZhTokenizer`] splits without segmenting again.
pub fn presegmented(text: &str, toks: impl IntoIterator<Item = SegToken>) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 3);
    for t in toks {
        let w = t.text(text);
        if !is_word(w) || w.contains(WORD_SEP) {
            continue;
        }
        if !out.is_empty() {
            out.push(WORD_SEP);
        }
        out.push_str(w);
    }
    if out.is_empty() {
        // Still mark it pre-segmented: an empty body has no words.
        out.push(WORD_SEP);
    }
    out
}

/// Turn segment tokens into index tokens: words only, Latin lowercased,
/// positions counted in emitted tokens.
pub fn word_tokens(text: &str, toks: impl IntoIterator<Item = SegToken>, out: &mut Vec<Token>) {
    for t in toks {
        let w = t.text(text);
        if !is_word(w) {
            continue;
        }
        let position = out.len();
        out.push(Token {
            offset_from: t.start,
            offset_to: t.end,
            position,
            text: lower(w),
            position_length: 1,
        });
    }
}

/// Does `w` hold a letter, a digit or a Han character (is it a word, not
/// punctuation)? Han and ASCII are answered without Unicode tables.
pub fn is_word(w: &str) -> bool {
    w.chars()
        .any(|c| c.is_ascii_alphanumeric() || is_han(c) || (!c.is_ascii() && c.is_alphanumeric()))
}

fn lower(w: &str) -> String {
    if w.bytes().any(|b| b.is_ascii_uppercase()) {
        w.to_ascii_lowercase()
    } else {
        w.to_string()
    }
}

/// A token stream over a buffer of tokens built up front.
pub struct VecTokenStream<'a> {
    tokens: &'a mut Vec<Token>,
    idx: usize,
}

impl TokenStream for VecTokenStream<'_> {
    fn advance(&mut self) -> bool {
        if self.idx < self.tokens.len() {
            self.idx += 1;
            true
        } else {
            false
        }
    }
    fn token(&self) -> &Token {
        // ok: called only after `advance` returned true, so idx >= 1 and in bounds
        &self.tokens[self.idx - 1]
    }
    fn token_mut(&mut self) -> &mut Token {
        // ok: as in `token`
        &mut self.tokens[self.idx - 1]
    }
}

/// jieba word tokenizer over the process-wide segmenter.
#[derive(Clone, Default)]
pub struct ZhTokenizer {
    buf: Vec<Token>,
}

/// The token streams of both tokenizers: a pre-segmented article streams
/// its tokens through one reused [`Token`] (no allocation per token: the
/// index stage's hot loop); a query or snippet text is cut into a buffer.
pub enum ZhStream<'a> {
    Words(WordStream<'a>),
    Bigrams(BigramStream<'a>),
    Buffered(VecTokenStream<'a>),
}

impl TokenStream for ZhStream<'_> {
    fn advance(&mut self) -> bool {
        match self {
            ZhStream::Words(s) => s.advance(),
            ZhStream::Bigrams(s) => s.advance(),
            ZhStream::Buffered(s) => s.advance(),
        }
    }
    fn token(&self) -> &Token {
        match self {
            ZhStream::Words(s) => &s.token,
            ZhStream::Bigrams(s) => &s.token,
            ZhStream::Buffered(s) => s.token(),
        }
    }
    fn token_mut(&mut self) -> &mut Token {
        match self {
            ZhStream::Words(s) => &mut s.token,
            ZhStream::Bigrams(s) => &mut s.token,
            ZhStream::Buffered(s) => s.token_mut(),
        }
    }
}

/// A fresh token: position `usize::MAX`, so the first advance makes it 0.
fn start_token() -> Token {
    Token {
        position: usize::MAX,
        ..Token::default()
    }
}

/// Set `token` to `text[from..to]`, Latin lowercased, at the next position
/// (`gap` more positions are skipped first).
fn set_token(token: &mut Token, text: &str, from: usize, to: usize, gap: usize) {
    token.offset_from = from;
    token.offset_to = to;
    token.position = token.position.wrapping_add(1 + gap);
    token.text.clear();
    token.text.push_str(&text[from..to]);
    token.text.make_ascii_lowercase();
}

/// The words of a pre-segmented text, split at [`WORD_SEP`].
pub struct WordStream<'a> {
    text: &'a str,
    at: usize,
    token: Token,
}

impl<'a> WordStream<'a> {
    pub fn new(text: &'a str) -> Self {
        WordStream {
            text,
            at: 0,
            token: start_token(),
        }
    }
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        while self.at <= self.text.len() {
            let rest = &self.text[self.at..];
            let len = rest.find(WORD_SEP).unwrap_or(rest.len());
            let from = self.at;
            self.at += len + WORD_SEP.len_utf8();
            if len > 0 {
                set_token(&mut self.token, self.text, from, from + len, 0);
                return true;
            }
        }
        false
    }
    fn token(&self) -> &Token {
        &self.token
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// Bigrams of the long words (three or more Han characters) of a
/// pre-segmented text, positions counted in bigrams, with a gap between
/// words so no phrase spans two words.
pub struct BigramStream<'a> {
    text: &'a str,
    /// Start of the next word to look at.
    next_word: usize,
    /// In a long word: where the next bigram starts, and where the word ends.
    cur: usize,
    word_end: usize,
    in_word: bool,
    /// A long word ended since the last bigram: skip one position.
    gap: bool,
    token: Token,
}

impl<'a> BigramStream<'a> {
    pub fn new(text: &'a str) -> Self {
        BigramStream {
            text,
            next_word: 0,
            cur: 0,
            word_end: 0,
            in_word: false,
            gap: false,
            token: start_token(),
        }
    }
}

impl TokenStream for BigramStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            if self.in_word {
                let mut cs = self.text[self.cur..self.word_end].chars();
                if let (Some(a), Some(b)) = (cs.next(), cs.next()) {
                    let to = self.cur + a.len_utf8() + b.len_utf8();
                    set_token(
                        &mut self.token,
                        self.text,
                        self.cur,
                        to,
                        usize::from(self.gap),
                    );
                    self.gap = false;
                    self.cur += a.len_utf8();
                    return true;
                }
                self.in_word = false;
                self.gap = true;
            }
            // The next long word, if any.
            loop {
                if self.next_word > self.text.len() {
                    return false;
                }
                let from = self.next_word;
                let rest = &self.text[from..];
                let len = rest.find(WORD_SEP).unwrap_or(rest.len());
                self.next_word = from + len + WORD_SEP.len_utf8();
                let w = &rest[..len];
                if w.chars().nth(2).is_some() && w.chars().all(is_han) {
                    self.cur = from;
                    self.word_end = from + len;
                    self.in_word = true;
                    break;
                }
            }
        }
    }
    fn token(&self) -> &Token {
        &self.token
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

impl Tokenizer for ZhTokenizer {
    type TokenStream<'a> = ZhStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> ZhStream<'a> {
        if text.contains(WORD_SEP) {
            return ZhStream::Words(WordStream::new(text));
        }
        self.buf.clear();
        let toks = segment::cut_sentence(segment::jieba(), text, 0, false);
        word_tokens(text, toks, &mut self.buf);
        ZhStream::Buffered(VecTokenStream {
            tokens: &mut self.buf,
            idx: 0,
        })
    }
}

/// Han bigram + Latin word tokenizer.
#[derive(Clone, Default)]
pub struct CjkTokenizer {
    buf: Vec<Token>,
}

impl Tokenizer for CjkTokenizer {
    type TokenStream<'a> = ZhStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> ZhStream<'a> {
        if text.contains(WORD_SEP) {
            return ZhStream::Bigrams(BigramStream::new(text));
        }
        self.buf.clear();
        cjk_tokens(text, &mut self.buf);
        ZhStream::Buffered(VecTokenStream {
            tokens: &mut self.buf,
            idx: 0,
        })
    }
}

/// Emit bigrams for runs of Han characters and whole words for runs of other
/// alphanumerics.
pub fn cjk_tokens(text: &str, out: &mut Vec<Token>) {
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if is_han(c) {
            let next = chars.peek().copied();
            match next {
                Some((j, d)) if is_han(d) => {
                    let end = j + d.len_utf8();
                    push(out, text, i, end);
                }
                _ => {
                    // A lone Han char (run of one) or the end of a run: a run's
                    // last char is already covered by the previous bigram.
                    let prev_han = text[..i].chars().next_back().is_some_and(is_han);
                    if !prev_han {
                        push(out, text, i, i + c.len_utf8());
                    }
                }
            }
        } else if c.is_alphanumeric() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if d.is_alphanumeric() && !is_han(d) {
                    end = j + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            push(out, text, i, end);
        }
    }
}

fn push(out: &mut Vec<Token>, text: &str, from: usize, to: usize) {
    let position = out.len();
    out.push(Token {
        offset_from: from,
        offset_to: to,
        position,
        text: lower(&text[from..to]),
        position_length: 1,
    });
}

/// Register both tokenizers on an index. Tokenizers are not stored in the
/// index, so every open must call this (and only this).
pub fn register(index: &tantivy::Index) {
    let m = index.tokenizers();
    m.register(ZH, ZhTokenizer::default());
    m.register(CJK, CjkTokenizer::default());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(toks: &[Token]) -> Vec<&str> {
        toks.iter().map(|t| t.text.as_str()).collect()
    }

    #[test]
    fn zh_offsets_are_bytes_and_positions_count_words() {
        let mut t = ZhTokenizer::default();
        let text = "小红书主推买手直播，GMV过亿。";
        let mut s = t.token_stream(text);
        let mut got = Vec::new();
        while s.advance() {
            let tok = s.token();
            assert_eq!(
                &text[tok.offset_from..tok.offset_to].to_lowercase(),
                &tok.text
            );
            got.push((tok.text.clone(), tok.position));
        }
        let words: Vec<&str> = got.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(words, vec!["小红书", "主推", "买手直播", "gmv", "过", "亿"]);
        let positions: Vec<usize> = got.iter().map(|(_, p)| *p).collect();
        assert_eq!(positions, vec![0, 1, 2, 3, 4, 5]);
    }

    #[test]
    fn presegmented_text_is_split_not_cut_again() {
        let text = "小红书主推买手直播，GMV过亿。";
        let toks = segment::cut_sentence(segment::jieba(), text, 0, false);
        let body = presegmented(text, toks.iter().copied());
        let mut t = ZhTokenizer::default();
        let mut from_body = Vec::new();
        let mut s = t.token_stream(&body);
        while s.advance() {
            from_body.push((s.token().text.clone(), s.token().position));
        }
        let mut direct = Vec::new();
        let mut s = t.token_stream(text);
        while s.advance() {
            direct.push((s.token().text.clone(), s.token().position));
        }
        assert_eq!(from_body, direct);
        assert_eq!(from_body.len(), 6);
    }

    #[test]
    fn subword_bigrams_only_for_long_words() {
        let body = ["小红书", "主推", "买手直播", "gmv"].join(&WORD_SEP.to_string());
        let mut out = Vec::new();
        let mut st = BigramStream::new(&body);
        while st.advance() {
            out.push(st.token().clone());
        }
        assert_eq!(texts(&out), vec!["小红", "红书", "买手", "手直", "直播"]);
        assert_eq!(
            out.iter().map(|t| t.position).collect::<Vec<_>>(),
            vec![0, 1, 3, 4, 5]
        );
        assert_eq!(&body[out[2].offset_from..out[2].offset_to], "买手");
    }

    #[test]
    fn cjk_bigrams_and_latin_words() {
        let mut out = Vec::new();
        cjk_tokens("工具箱 GMV 过亿。买", &mut out);
        assert_eq!(texts(&out), vec!["工具", "具箱", "gmv", "过亿", "买"]);
        assert_eq!(out[3].offset_from, "工具箱 GMV ".len());
        assert_eq!(
            out.iter().map(|t| t.position).collect::<Vec<_>>(),
            vec![0, 1, 2, 3, 4]
        );
    }
}
