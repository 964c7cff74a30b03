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

trait Sink {
    fn push(&mut self, c: char, src: usize);
}

impl Sink for Rewrite {
    #[inline]
    fn push(&mut self, c: char, src: usize) {
        Rewrite::push(self, c, src)
    }
}

/// Checks whether the output would equal the input, without building it.
struct Check<'a> {
    chars: std::str::Chars<'a>,
    next: usize,
    same: bool,
}

impl Sink for Check<'_> {
    #[inline]
    fn push(&mut self, c: char, src: usize) {
        if self.same {
            match self.chars.next() {
                Some(x) if x == c && src == self.next => self.next += 1,
                _ => self.same = false,
            }
        }
    }
}

fn run<S: Sink>(input: &str, out: &mut S) {
    let mut last: Option<char> = None; // last char emitted
    let mut pending_ws: Option<usize> = None; // first char of a whitespace run
    let mut pending_nl: Option<usize> = None; // first char of a newline run
    for (i, c) in input.chars().enumerate() {
        if is_newline(c) {
            pending_nl.get_or_insert(i);
            pending_ws = None; // trailing whitespace of the line
        } else if c.is_whitespace() {
            pending_ws.get_or_insert(i);
        } else if is_zero_width(c) {
            // dropped
        } else {
            if let Some(nl) = pending_nl.take() {
                if last.is_some() {
                    out.push('\n', nl);
                    last = Some('\n');
                }
                pending_ws = None; // leading whitespace of the line
            }
            if let Some(ws) = pending_ws.take() {
                match last {
                    None | Some('\n') => {}
                    Some(l) if is_cjk(l) && is_cjk(c) => {}
                    Some(_) => out.push(' ', ws),
                }
            }
            out.push(c, i);
            last = Some(c);
        }
    }
}

fn apply(input: &str) -> Option<Rewrite> {
    let mut check = Check {
        chars: input.chars(),
        next: 0,
        same: true,
    };
    run(input, &mut check);
    if check.same && check.chars.next().is_none() {
        return None;
    }
    let mut rw = Rewrite::with_capacity(input.len());
    run(input, &mut rw);
    Some(rw)
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

    #[test]
    fn sources() {
        let rw = apply("a  b\r\nc").expect("changed");
        assert_eq!(rw.text, "a b\nc");
        assert_eq!(rw.src, vec![0, 1, 3, 4, 6]);
    }
}
