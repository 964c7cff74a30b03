//! Traditional → simplified script with OpenCC's tables (ferrous-opencc,
//! Apache-2.0), built once, lazily.
//!
//! One fix on top of T2s: Taiwan/Hong Kong style traditional text writes
//! the particle `着` as `著` (`隨著`, `帶著`: 6 times in the seed), which
//! T2s keeps (`著` is also simplified, `著名`). On converted lines, a `著`
//! that is not part of a *zhù* word ([`ZHU_WORDS`]: `著名`, `显著`, `原著` …)
//! becomes `着`. OpenCC's own Tw2s does this too, but it also turns `什么`
//! into `什幺`, so it is not used.
//!
//! When to convert: a bitset of every BMP character the converter changes
//! on its own (built at first use by converting each CJK character once)
//! gives the *candidates*; those outside GB2312 (`應`, `書`, `們`) are
//! *traditional-only*, the rest are also simplified characters (`乾` in
//! `萧乾`, `著` in `著名`, `于`). A text is converted when it holds at
//! least [`MIN_TRADITIONAL`] distinct traditional-only characters: a
//! simplified article quoting one traditional or Japanese name (`三塚`)
//! stays as written, and `萧乾` is not turned into `萧干`. In a converted text, lines without a candidate are
//! copied untouched. A text with no character at or above U+3400 is skipped
//! without decoding. Astral ideographs count as traditional-only. Known
//! miss: T2s phrases made only of characters that are also simplified
//! (`沈默` → `沉默`) stay as written in otherwise simplified text.
//!
//! Positions: conversion runs per line. When a converted line keeps its
//! char count (nearly always), chars map one to one. When a phrase changes
//! the length, the line is converted clause by clause and a clause whose
//! length changed maps proportionally onto its source clause.

use super::{Rewrite, Stage};
use ferrous_opencc::config::BuiltinConfig;
use ferrous_opencc::OpenCC;
use std::borrow::Cow;
use std::sync::LazyLock;

/// The stage.
pub const STAGE: Stage = Stage {
    name: "script",
    apply,
};

static T2S: LazyLock<Option<OpenCC>> =
    LazyLock::new(|| OpenCC::from_config(BuiltinConfig::T2s).ok());

/// Distinct traditional-only characters a text needs before it is converted.
pub const MIN_TRADITIONAL: usize = 2;

/// Bitsets over the BMP: `cand` = T2s changes the char on its own, `only` =
/// a candidate outside GB2312.
struct Sets {
    cand: Box<[u64; 1024]>,
    only: Box<[u64; 1024]>,
}

static SETS: LazyLock<Sets> = LazyLock::new(build_sets);

const RANGES: [(u32, u32); 3] = [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF)];

/// Is `c` in GB2312 (GBK codes with both bytes in 0xA1–0xFE)?
fn in_gb2312(c: char) -> bool {
    let mut buf = [0u8; 4];
    let (bytes, _, bad) = encoding_rs::GBK.encode(c.encode_utf8(&mut buf));
    !bad && bytes.len() == 2 && bytes.iter().all(|b| (0xA1..=0xFE).contains(b))
}

fn build_sets() -> Sets {
    let mut cand = Box::new([0u64; 1024]);
    let mut only = Box::new([0u64; 1024]);
    let Some(cc) = T2S.as_ref() else {
        return Sets { cand, only };
    };
    let mut all = String::with_capacity(30_000 * 4);
    let mut chars = Vec::with_capacity(30_000);
    for (lo, hi) in RANGES {
        for c in (lo..=hi).filter_map(char::from_u32) {
            all.push(c);
            all.push('\n');
            chars.push(c);
        }
    }
    let conv = cc.convert(&all);
    let lines: Vec<&str> = conv.split('\n').collect();
    let aligned = lines.len() == chars.len() + 1;
    for (i, &c) in chars.iter().enumerate() {
        let changed = if aligned {
            let mut it = lines[i].chars();
            !(it.next() == Some(c) && it.next().is_none())
        } else {
            let mut buf = [0u8; 4];
            let one: &str = c.encode_utf8(&mut buf);
            cc.convert(one) != one
        };
        if changed {
            let cp = c as usize;
            cand[cp >> 6] |= 1 << (cp & 63);
            if !in_gb2312(c) {
                only[cp >> 6] |= 1 << (cp & 63);
            }
        }
    }
    Sets { cand, only }
}

#[inline]
fn bit(bits: &[u64; 1024], c: char) -> Option<bool> {
    let cp = c as u32;
    if cp < 0x3400 {
        Some(false)
    } else if cp < 0x10000 {
        let cp = cp as usize;
        Some(bits[cp >> 6] & (1 << (cp & 63)) != 0)
    } else {
        None
    }
}

/// Might T2s change `c`?
#[inline]
pub fn is_traditional_candidate(c: char) -> bool {
    bit(&SETS.cand, c).unwrap_or_else(|| (0x20000..=0x3134F).contains(&(c as u32)))
}

/// Is `c` a character of traditional script only (a candidate outside GB2312)?
#[inline]
pub fn is_traditional_only(c: char) -> bool {
    bit(&SETS.only, c).unwrap_or_else(|| (0x20000..=0x3134F).contains(&(c as u32)))
}

/// Might any char of `s` be changed by T2s?
pub fn has_traditional(s: &str) -> bool {
    // Bytes below 0xE3 start chars below U+3000: skip them without decoding.
    if !s.bytes().any(|b| b >= 0xE3) {
        return false;
    }
    s.chars().any(is_traditional_candidate)
}

/// Does `s` hold at least `min` *distinct* traditional-only chars?
pub fn is_traditional_text(s: &str, min: usize) -> bool {
    if min == 0 {
        return true;
    }
    if !s.bytes().any(|b| b >= 0xE3) {
        return false;
    }
    let mut seen: Vec<char> = Vec::with_capacity(min);
    for c in s.chars() {
        if is_traditional_only(c) && !seen.contains(&c) {
            seen.push(c);
            if seen.len() >= min {
                return true;
            }
        }
    }
    false
}

/// Traditional → simplified for a short string; borrows when nothing changes.
/// Converts when `s` holds one traditional-only char (`萧乾` stays).
pub fn to_simplified(s: &str) -> Cow<'_, str> {
    if !is_traditional_text(s, 1) {
        return Cow::Borrowed(s);
    }
    match T2S.as_ref() {
        Some(cc) => {
            let out = fix_zhe(cc.convert(s));
            if out == s {
                Cow::Borrowed(s)
            } else {
                Cow::Owned(out)
            }
        }
        None => Cow::Borrowed(s),
    }
}

/// Words where `著` is *zhù* and stays (left part, right part), in
/// simplified script; from OpenCC's TWVariantsRevPhrases plus common ones it
/// misses.
const ZHU_WORDS: &[&str] = &[
    "著作", "著名", "著称", "著述", "著者", "著录", "著书", "著于", "著有", "著志", "著式", "著白",
    "合著", "名著", "巨著", "昭著", "显著", "土著", "原著", "编著", "论著", "专著", "遗著", "译著",
    "撰著", "拙著", "卓著", "新著", "大著", "鉅著", "所著", "著文", "著说",
];

/// On a converted line: the particle `著` → `着` (same length, so positions
/// do not move).
fn fix_zhe(line: String) -> String {
    if !line.contains('著') {
        return line;
    }
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == '著' {
            let left = i.checked_sub(1).map(|j| chars[j]);
            let right = chars.get(i + 1).copied();
            let zhu = ZHU_WORDS.iter().any(|w| {
                let mut it = w.chars();
                match (it.next(), it.next()) {
                    (Some('著'), Some(r)) => right == Some(r),
                    (Some(l), Some('著')) => left == Some(l),
                    _ => false,
                }
            });
            out.push(if zhu { '著' } else { '着' });
        } else {
            out.push(c);
        }
    }
    out
}

fn is_clause_end(c: char) -> bool {
    matches!(
        c,
        ',' | '，'
            | '。'
            | '、'
            | ';'
            | '；'
            | ':'
            | '：'
            | '!'
            | '！'
            | '?'
            | '？'
            | ' '
            | '\t'
            | '“'
            | '”'
            | '「'
            | '」'
            | '('
            | ')'
            | '（'
            | '）'
    )
}

/// Emit `conv` for the source piece starting at char `src` with `n` chars.
fn emit_mapped(rw: &mut Rewrite, conv: &str, src: usize, n: usize) {
    let m = conv.chars().count();
    if m == n {
        rw.copy(conv, src);
    } else {
        for (k, c) in conv.chars().enumerate() {
            // Proportional: non-decreasing, stays inside the piece.
            let off = (k * n).checked_div(m).unwrap_or(0);
            rw.push(c, src + off.min(n.saturating_sub(1)));
        }
    }
}

fn apply(input: &str) -> Option<Rewrite> {
    if !is_traditional_text(input, MIN_TRADITIONAL) {
        return None;
    }
    let cc = T2S.as_ref()?;
    let mut rw = Rewrite::with_capacity(input.len());
    let mut changed = false;
    let mut ch = 0usize;
    for line in input.split_inclusive('\n') {
        let n = line.chars().count();
        if !has_traditional(line) {
            if line.contains('著') {
                // The text is traditional: its particle `著` still needs fixing.
                let fixed = fix_zhe(line.to_string());
                changed |= fixed != line;
                rw.copy(&fixed, ch);
            } else {
                rw.copy(line, ch);
            }
            ch += n;
            continue;
        }
        let conv = fix_zhe(cc.convert(line));
        if conv != line {
            changed = true;
        }
        if conv.chars().count() == n {
            rw.copy(&conv, ch);
            ch += n;
            continue;
        }
        // Length changed somewhere: clause by clause.
        let mut start_b = 0;
        let mut start_c = ch;
        let mut pieces = Vec::new();
        for (ci, (bi, c)) in line.char_indices().enumerate() {
            if is_clause_end(c) {
                let end = bi + c.len_utf8();
                pieces.push((start_b, end, start_c, ch + ci + 1 - start_c));
                start_b = end;
                start_c = ch + ci + 1;
            }
        }
        if start_b < line.len() {
            pieces.push((start_b, line.len(), start_c, ch + n - start_c));
        }
        for (b0, b1, src, len) in pieces {
            let piece = &line[b0..b1];
            if has_traditional(piece) {
                emit_mapped(&mut rw, &fix_zhe(cc.convert(piece)), src, len);
            } else {
                rw.copy(piece, src);
            }
        }
        ch += n;
    }
    changed.then_some(rw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_and_skips() {
        assert_eq!(to_simplified("小紅書電商"), "小红书电商");
        assert!(matches!(to_simplified("小红书电商"), Cow::Borrowed(_)));
        assert!(matches!(to_simplified("GMV 1000"), Cow::Borrowed(_)));
        assert!(has_traditional("越來越"));
        assert!(!has_traditional("越来越"));
        assert!(apply("小红书电商\n买手直播").is_none());
        assert!(apply("萧乾、三塚和执著的人,三塚。").is_none());
        assert_eq!(to_simplified("萧乾"), "萧乾");
        assert!(apply("小紅書").is_some());
        assert_eq!(
            to_simplified("隨著品牌規模壯大,顯著、著名、原著"),
            "随着品牌规模壮大,显著、著名、原著"
        );
        assert_eq!(to_simplified("什麼"), "什么");
        assert_eq!(to_simplified("萬億電商俱樂部"), "万亿电商俱乐部");
    }

    #[test]
    fn per_line_one_to_one() {
        let rw = apply("小紅書\nabc\n內幕").expect("changed");
        assert_eq!(rw.text, "小红书\nabc\n内幕");
        assert_eq!(rw.src, (0..10).collect::<Vec<u32>>());
    }

    #[test]
    fn proportional_map_stays_monotonic() {
        let mut rw = Rewrite::default();
        emit_mapped(&mut rw, "abcde", 10, 3);
        assert_eq!(rw.src, vec![10, 10, 11, 11, 12]);
        let mut rw = Rewrite::default();
        emit_mapped(&mut rw, "ab", 10, 4);
        assert_eq!(rw.src, vec![10, 12]);
    }
}
