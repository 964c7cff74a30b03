//! Unicode NFKC: full-width digits and Latin to ASCII (`１９９８` → `1998`,
//! `ＧＭＶ` → `GMV`), compatibility ideographs and Kangxi radicals to unified
//! ideographs, the ideographic space to a space.
//!
//! NFKC also turns full-width punctuation into ASCII (`，` → `,`, `（` → `(`,
//! `？` → `?`, `；` → `;`): accepted, the seed already uses ASCII `,` and
//! `?`, and the sentence splitter handles both forms. Kept as they are,
//! because NFKC would break them apart: `…` (NFKC: `...`) and `‥`.
//!
//! Positions: the text is normalized per *chunk* (a starter and the
//! combining marks after it); every char a chunk produces maps to the
//! chunk's first char.

use super::{Rewrite, Stage};
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// The stage.
pub const STAGE: Stage = Stage {
    name: "width",
    apply,
};

/// Chars NFKC would change that we keep.
fn keep(c: char) -> bool {
    matches!(c, '…' | '‥')
}

/// Can `c` be copied as is (NFKC leaves it, or we keep it)? The common
/// cases (ASCII, CJK unified ideographs, the usual CJK punctuation) are
/// answered without a table lookup.
#[inline]
fn stable(c: char) -> bool {
    c.is_ascii()
        || matches!(c as u32, 0x4E00..=0x9FFF | 0x3001 | 0x3002 | 0x3008..=0x3011 | 0x2018 | 0x2019 | 0x201C | 0x201D | 0x2014 | 0x00B7)
        || keep(c)
        || (is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes
            && canonical_combining_class(c) == 0)
}

fn starts_chunk(c: char) -> bool {
    // ASCII, CJK unified ideographs and the CJK punctuation before the
    // ideographic tone marks (U+302A) are starters: no table lookup.
    if c.is_ascii() || matches!(c as u32, 0x3000..=0x3029 | 0x4E00..=0x9FFF | 0xFF01..=0xFF5E) {
        return true;
    }
    canonical_combining_class(c) == 0 && !matches!(c as u32, 0x1160..=0x11FF)
}

fn apply(input: &str) -> Option<Rewrite> {
    if input.chars().all(stable) {
        return None;
    }
    let mut rw = Rewrite::with_capacity(input.len());
    let mut buf = String::new();
    let mut changed = false;
    // The pending run of chars copied as they are: (byte, char) where it
    // starts; flushed in one piece before anything else is emitted.
    let mut run: Option<(usize, usize)> = None;
    let flush = |rw: &mut Rewrite, run: &mut Option<(usize, usize)>, end: usize| {
        if let Some((b, c)) = run.take() {
            rw.copy(&input[b..end], c);
        }
    };
    let mut chars = input.char_indices().enumerate().peekable();
    while let Some((ci, (bi, c))) = chars.next() {
        // Extend the chunk over the combining marks that follow.
        let mut end = bi + c.len_utf8();
        let mut single = true;
        while let Some(&(_, (bj, d))) = chars.peek() {
            if starts_chunk(d) {
                break;
            }
            end = bj + d.len_utf8();
            single = false;
            chars.next();
        }
        if single && stable(c) {
            run.get_or_insert((bi, ci));
            continue;
        }
        flush(&mut rw, &mut run, bi);
        let chunk = &input[bi..end];
        if single {
            // Full-width ASCII forms and the ideographic space: NFKC is a
            // plain offset, no need for the general machinery.
            let fast = match c as u32 {
                cp @ 0xFF01..=0xFF5E => char::from_u32(cp - 0xFEE0),
                0x3000 => Some(' '),
                _ => None,
            };
            if let Some(a) = fast {
                rw.push(a, ci);
                changed = true;
                continue;
            }
        }
        buf.clear();
        if single && keep(c) {
            buf.push(c);
        } else {
            buf.extend(chunk.nfkc());
        }
        if buf != chunk {
            changed = true;
        }
        rw.push_str_from(&buf, ci);
    }
    flush(&mut rw, &mut run, input.len());
    changed.then_some(rw)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str) -> String {
        apply(s).map(|r| r.text).unwrap_or_else(|| s.to_string())
    }

    #[test]
    fn full_width_to_ascii() {
        assert_eq!(run("１９９８年ＧＭＶ"), "1998年GMV");
        assert_eq!(run("你好，世界（测试）！？"), "你好,世界(测试)!?");
        assert_eq!(run("甲\u{3000}乙"), "甲 乙");
        assert_eq!(run("等等……"), "等等……");
        assert_eq!(run("⼩红书"), "小红书"); // Kangxi radical U+2F29
        assert_eq!(run("小红书"), "小红书");
    }

    #[test]
    fn sources_per_chunk() {
        let rw = apply("a㎡e\u{301}").expect("changed");
        assert_eq!(rw.text, "am2é");
        assert_eq!(rw.src, vec![0, 1, 1, 2]);
    }
}
