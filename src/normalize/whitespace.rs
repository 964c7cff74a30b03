//! Whitespace: one paragraph per line, one space at most between words.
//!
//! - `\r\n`, `\r`, U+2028, U+2029, U+0085 end a line like `\n`; blank lines
//!   are dropped (lines are paragraphs), and so are leading and trailing
//!   whitespace of every line and of the text.
//! - Zero-width characters (U+200B–U+200D, U+2060, U+FEFF) are dropped.
//! - Inside a line a run of whitespace becomes one ASCII space, except that
//!   it is dropped when both neighbours are Han or CJK punctuation
//!   (`小红书 电商` → `小红书电商`, a layout artifact). A space next to a
//!   digit or Latin letter stays (`2024 年`, `电商 GMV`): it is harmless
//!   to the segmenter and keeps evidence sentences readable.
//!
//! Positions: a kept space or newline maps to the first char of the run it
//! replaces; every other kept char keeps its source.

use super::{is_cjk_punct, is_han, Rewrite, Stage};

/// The stage.
pub const STAGE: Stage = Stage {
    name: "whitespace",
    apply,
};

fn is_newline(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}')
}

fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

fn is_cjk(c: char) -> bool {
    is_han(c) || is_cjk_punct(c)
}

fn run(input: &str, out: &mut Rewrite) {
    let bytes = input.as_bytes();
    let mut st = State::default();
    let (mut b, mut i) = (0usize, 0usize); // byte and char position
    while b < bytes.len() {
        // A run of bytes no changed char starts with: content, copied whole.
        // (It ends on a char boundary: suspect bytes are ASCII or lead bytes.)
        let e = b + bytes[b..]
            .iter()
            .position(|&x| SUSPECT[x as usize])
            .unwrap_or(bytes.len() - b);
        if e > b {
            let seg = &input[b..e];
            if let Some(first) = seg.chars().next() {
                st.before_content(first, out);
            }
            i = out.copy(seg, i);
            st.last = seg.chars().next_back();
            b = e;
            continue;
        }
        let Some(c) = input[b..].chars().next() else {
            break;
        };
        if is_newline(c) {
            st.pending_nl.get_or_insert(i);
            st.pending_ws = None; // trailing whitespace of the line
        } else if c.is_whitespace() {
            st.pending_ws.get_or_insert(i);
        } else if !is_zero_width(c) {
            st.before_content(c, out);
            out.push(c, i);
            st.last = Some(c);
        }
        i += 1;
        b += c.len_utf8();
    }
}

/// What [`run`] carries from char to char.
#[derive(Default)]
struct State {
    /// Last char emitted.
    last: Option<char>,
    /// First char of a pending whitespace run.
    pending_ws: Option<usize>,
    /// First char of a pending newline run.
    pending_nl: Option<usize>,
}

impl State {
    /// Emit what the pending whitespace becomes before content char `c`.
    fn before_content(&mut self, c: char, out: &mut Rewrite) {
        if let Some(nl) = self.pending_nl.take() {
            if self.last.is_some() {
                out.push('\n', nl);
                self.last = Some('\n');
            }
            self.pending_ws = None; // leading whitespace of the line
        }
        if let Some(ws) = self.pending_ws.take() {
            match self.last {
                None | Some('\n') => {}
                Some(l) if is_cjk(l) && is_cjk(c) => {}
                Some(_) => out.push(' ', ws),
            }
        }
    }
}

fn apply(input: &str) -> Option<Rewrite> {
    if unchanged(input) {
        return None;
    }
    let mut rw = Rewrite::with_capacity(input.len());
    run(input, &mut rw);
    Some(rw)
}

/// Bytes that may start a character the stage could change: ASCII
/// whitespace and controls, and the lead bytes of every non-ASCII
/// newline, whitespace or zero-width character (U+0085 and U+00A0: `C2`;
/// U+1680: `E1`; U+2000–U+206F: `E2`; U+3000: `E3`; U+FEFF: `EF`).
static SUSPECT: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = true;
        b += 1;
    }
    t[b' ' as usize] = true;
    t[0xC2] = true;
    t[0xE1] = true;
    t[0xE2] = true;
    t[0xE3] = true;
    t[0xEF] = true;
    t
};

/// Would [`run`] give back `input` itself, every char from its own place?
/// Exact (a property test holds it to [`run`]), and a byte scan, so the
/// common case — clean text — costs little: only a `\n` or a space looks
/// at its neighbours; a suspect lead byte decodes its char.
fn unchanged(input: &str) -> bool {
    let bytes = input.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !SUSPECT[b as usize] {
            i += 1;
            continue;
        }
        let Some(c) = input[i..].chars().next() else {
            return false;
        };
        let next_i = i + c.len_utf8();
        if c == '\n' || c == ' ' {
            // Kept only between two content chars, and a space only where
            // both sides are not CJK.
            let prev = input[..i].chars().next_back();
            let next = input[next_i..].chars().next();
            let (Some(p), Some(n)) = (prev, next) else {
                return false;
            };
            let content = |x: char| !x.is_whitespace() && !is_zero_width(x);
            if !content(p) || !content(n) || (c == ' ' && is_cjk(p) && is_cjk(n)) {
                return false;
            }
        } else if c.is_whitespace() || is_zero_width(c) || is_newline(c) {
            return false;
        }
        i = next_i;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_s(s: &str) -> String {
        apply(s).map(|r| r.text).unwrap_or_else(|| s.to_string())
    }

    #[test]
    fn collapses() {
        assert_eq!(
            run_s("  小红书 \r\n\r\n\t电商  GMV  \n"),
            "小红书\n电商 GMV"
        );
        assert_eq!(run_s("小红书 电商"), "小红书电商");
        assert_eq!(run_s("2024 年"), "2024 年");
        assert_eq!(run_s("a\u{200B}b"), "ab");
        assert!(apply("小红书\n电商 GMV").is_none());
        assert!(apply("").is_none());
    }

    /// The reference for [`unchanged`]: build the output and compare.
    fn unchanged_by_run(s: &str) -> bool {
        let mut rw = Rewrite::with_capacity(s.len());
        run(s, &mut rw);
        rw.text == s && rw.src.iter().enumerate().all(|(i, &v)| v as usize == i)
    }

    #[test]
    fn fast_check_agrees_on_edge_cases() {
        for s in [
            "",
            " ",
            "\n",
            "a",
            "a b",
            "a  b",
            " a",
            "a ",
            "a\nb",
            "a\n\nb",
            "a \nb",
            "a\n b",
            "小红书 电商",
            "小红书 GMV",
            "2024 年",
            "a\u{200B}b",
            "a\u{3000}b",
            "a\u{A0}b",
            "a\u{85}b",
            "a\u{2028}b",
            "a\rb",
            "a\tb",
            "“小红书” 电商",
            "\u{FEFF}a",
            "a\u{1680}b",
            "电商 \u{200B}GMV",
        ] {
            assert_eq!(unchanged(s), unchanged_by_run(s), "{s:?}");
        }
    }

    /// The char-by-char form of [`run`] (before runs were copied whole):
    /// the reference its output must equal.
    fn run_by_char(input: &str) -> Rewrite {
        let mut out = Rewrite::with_capacity(input.len());
        let mut st = State::default();
        for (i, c) in input.chars().enumerate() {
            if is_newline(c) {
                st.pending_nl.get_or_insert(i);
                st.pending_ws = None;
            } else if c.is_whitespace() {
                st.pending_ws.get_or_insert(i);
            } else if !is_zero_width(c) {
                st.before_content(c, &mut out);
                out.push(c, i);
                st.last = Some(c);
            }
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        #[test]
        fn run_copies_what_the_char_by_char_run_gives(
            s in "[a 小红书，。\n\t\r\u{3000}\u{A0}\u{85}\u{200B}\u{2028}\u{FEFF}“”—1é]{0,16}"
        ) {
            let mut fast = Rewrite::with_capacity(s.len());
            run(&s, &mut fast);
            let slow = run_by_char(&s);
            proptest::prop_assert_eq!(&fast.text, &slow.text);
            proptest::prop_assert_eq!(&fast.src, &slow.src);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        #[test]
        fn fast_check_agrees_with_run(
            s in "[a 小红书，。\n\t\r\u{3000}\u{A0}\u{85}\u{200B}\u{2028}\u{FEFF}“”1]{0,12}"
        ) {
            proptest::prop_assert_eq!(unchanged(&s), unchanged_by_run(&s), "{:?}", s);
        }
    }

    #[test]
    fn sources() {
        let rw = apply("a  b\r\nc").expect("changed");
        assert_eq!(rw.text, "a b\nc");
        assert_eq!(rw.src, vec![0, 1, 3, 4, 6]);
    }
}
