//! SEO pinyin readings: `應(yīng)` → `應`.
//!
//! A parenthesised run (ASCII `()` or full-width `（）`, mixed too) is removed
//! only when it is a valid reading of the character right before it, per
//! the `pinyin` crate's heteronym data: with tone marks (`yīng`), with a
//! tone number at the end (`ying1`) or after the vowel (`yi1ng`); `v` stands
//! for `ü`; `0`/`5` or no mark for the neutral tone. A traditional character
//! is also tried in its simplified form. Real asides stay: `(一代)`,
//! `(公众号:雷峰网)`, `(创造)`, `(yes)`, and a reading that does not belong
//! to the character before it (`好(yīng)`).
//!
//! One mojibake rule: when mis-decoding ate the annotated character and left
//! a lone Latin letter (`崿F(xiàn)` in the seed), a tone-marked single
//! syllable in parentheses after that isolated letter is removed too. It
//! needs a tone mark and a real syllable, so `(yes)`, `(ok)` and `A(1)` stay.
//!
//! Positions: the removed `(…)` maps nowhere; every kept char keeps its source.

use super::{is_han, Rewrite, Stage};
use pinyin::ToPinyinMulti;
use rustc_hash::FxHashSet as HashSet;
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

/// The stage.
pub const STAGE: Stage = Stage {
    name: "pinyin",
    apply,
};

/// Longest parenthesised content we look at, in bytes (`zhuāng` is 7).
const MAX_CONTENT: usize = 24;

fn is_pinyin_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            'ā' | 'á'
                | 'ǎ'
                | 'à'
                | 'ē'
                | 'é'
                | 'ě'
                | 'è'
                | 'ī'
                | 'í'
                | 'ǐ'
                | 'ì'
                | 'ō'
                | 'ó'
                | 'ǒ'
                | 'ò'
                | 'ū'
                | 'ú'
                | 'ǔ'
                | 'ù'
                | 'ü'
                | 'ǖ'
                | 'ǘ'
                | 'ǚ'
                | 'ǜ'
                | 'ń'
                | 'ň'
                | 'ǹ'
                | 'ḿ'
                | 'ê'
                | 'Ā'
                | 'Á'
                | 'Ǎ'
                | 'À'
                | 'Ē'
                | 'É'
                | 'Ě'
                | 'È'
                | 'Ō'
                | 'Ó'
                | 'Ǒ'
                | 'Ò'
                | '\u{0300}'..='\u{036F}'
        )
}

fn has_tone_mark(s: &str) -> bool {
    s.chars().any(|c| !c.is_ascii() && c != 'ü' && c != 'Ü')
}

/// Canonical form of a candidate reading: NFC, lowercase, `v` → `ü`.
fn canonical(content: &str) -> String {
    let nfc: String = if content
        .chars()
        .any(|c| ('\u{0300}'..='\u{036F}').contains(&c))
    {
        content.nfc().collect()
    } else {
        content.to_string()
    };
    nfc.chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'v' { 'ü' } else { c })
        .collect()
}

/// Is `reading` (canonical) one of the readings of `c`?
fn char_has_reading(c: char, reading: &str) -> bool {
    let Some(multi) = c.to_pinyin_multi() else {
        return false;
    };
    let digits = reading.chars().filter(char::is_ascii_digit).count();
    let neutral = match reading.char_indices().last() {
        Some((i, '0' | '5')) if digits == 1 => Some(&reading[..i]),
        _ => None,
    };
    for p in multi {
        let hit = match (digits, neutral) {
            (0, _) => p.with_tone() == reading,
            (1, Some(base)) => p.with_tone() == p.plain() && p.plain() == base,
            (1, None) => p.with_tone_num_end() == reading || p.with_tone_num() == reading,
            _ => false,
        };
        if hit {
            return true;
        }
    }
    false
}

/// Is `content` a reading of `c` (or of its simplified form)?
fn is_reading_of(c: char, content: &str) -> bool {
    let reading = canonical(content);
    if reading.is_empty() || !reading.chars().any(|c| c.is_alphabetic()) {
        return false;
    }
    if char_has_reading(c, &reading) {
        return true;
    }
    let mut buf = [0u8; 4];
    let simp = super::script::to_simplified(c.encode_utf8(&mut buf));
    match simp.chars().next() {
        Some(s) if s != c => char_has_reading(s, &reading),
        _ => false,
    }
}

/// Every tone-marked syllable the pinyin data knows (`yīng`, `xiàn` …).
static SYLLABLES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    let mut set = HashSet::default();
    for cp in (0x3400u32..=0x4DBF).chain(0x4E00..=0x9FFF) {
        if let Some(multi) = char::from_u32(cp).and_then(|c| c.to_pinyin_multi()) {
            for p in multi {
                set.insert(p.with_tone());
            }
        }
    }
    set
});

/// Is `content` one tone-marked syllable?
fn is_marked_syllable(content: &str) -> bool {
    has_tone_mark(content) && SYLLABLES.contains(canonical(content).as_str())
}

/// Is the ASCII letter ending `before` alone (not the end of a Latin word)?
fn isolated_letter(before: &str) -> bool {
    let mut it = before.chars().rev();
    match (it.next(), it.next()) {
        (Some(l), prev) if l.is_ascii_alphabetic() => match prev {
            None => true,
            Some(p) => {
                !p.is_ascii_alphanumeric() && !p.is_whitespace() && !p.is_ascii_punctuation()
            }
        },
        _ => false,
    }
}

/// Byte range of a removable reading starting at the open paren at `open`.
fn removable(input: &str, open: usize, open_len: usize) -> Option<usize> {
    let rest = input.get(open + open_len..)?;
    let mut close = None;
    for (i, c) in rest.char_indices() {
        if i > MAX_CONTENT {
            break;
        }
        if c == ')' || c == '）' {
            close = Some((i, c.len_utf8()));
            break;
        }
        if !is_pinyin_char(c) {
            return None;
        }
    }
    let (ci, clen) = close?;
    let content = &rest[..ci];
    if content.is_empty() {
        return None;
    }
    let before = &input[..open];
    let prev = before.chars().next_back()?;
    let remove = if is_han(prev) {
        is_reading_of(prev, content)
    } else if isolated_letter(before) {
        is_marked_syllable(content)
    } else {
        false
    };
    remove.then_some(open + open_len + ci + clen)
}

fn apply(input: &str) -> Option<Rewrite> {
    if !input.contains(['(', '（']) {
        return None;
    }
    let mut out: Option<Rewrite> = None;
    let mut byte = 0usize;
    let mut ch = 0usize;
    let mut search = 0usize;
    while let Some(rel) = input.get(search..).and_then(|s| s.find(['(', '（'])) {
        let open = search + rel;
        let open_len = if input[open..].starts_with('(') {
            1
        } else {
            '（'.len_utf8()
        };
        search = open + open_len;
        let Some(end) = removable(input, open, open_len) else {
            continue;
        };
        let rw = out.get_or_insert_with(|| Rewrite::with_capacity(input.len()));
        ch = rw.copy(&input[byte..open], ch);
        ch += input[open..end].chars().count();
        byte = end;
        search = end;
    }
    let mut rw = out?;
    rw.copy(&input[byte..], ch);
    Some(rw)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str) -> String {
        apply(s).map(|r| r.text).unwrap_or_else(|| s.to_string())
    }

    #[test]
    fn removes_valid_readings() {
        assert_eq!(run("撒貝寧回應(yīng)眉毛"), "撒貝寧回應眉毛");
        assert_eq!(run("內(nèi)幕"), "內幕");
        assert_eq!(run("服務(wù)商"), "服務商");
        assert_eq!(run("應（yīng）用"), "應用");
        assert_eq!(run("应(ying1)用"), "应用");
        assert_eq!(run("应(yi1ng)用"), "应用");
        assert_eq!(run("绿(lv4)色"), "绿色");
        assert_eq!(run("绿(lǜ)色"), "绿色");
        assert_eq!(run("行(háng)业"), "行业");
        assert_eq!(run("的(de)"), "的");
        assert_eq!(run("應(yi\u{0304}ng)"), "應");
    }

    #[test]
    fn keeps_real_asides() {
        for s in [
            "一级代理(一代)的筛选",
            "小红书电商(小红书电商)",
            "雷峰网(公众号:雷峰网)表示",
            "去(创造)、去选择",
            "他说(yes)",
            "好(yīng)",
            "应(ying)",
            "GGV(ok)",
            "A(1)",
            "(yīng)",
            "应(yīng",
            "Top(xiàn)",
        ] {
            assert_eq!(run(s), s, "{s}");
        }
    }

    #[test]
    fn mojibake_lone_letter() {
        assert_eq!(run("崿F(xiàn),但"), "崿F,但");
        assert_eq!(run("?qū)嵱"), "?qū)嵱");
    }

    #[test]
    fn sources_skip_the_reading() {
        let rw = apply("應(yīng)眉").expect("changed");
        assert_eq!(rw.text, "應眉");
        assert_eq!(rw.src, vec![0, 7]);
    }
}
