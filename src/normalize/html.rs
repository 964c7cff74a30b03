//! HTML remnants in scraped text: tags of a known list (`</p>`, `<br/>`,
//! `<span class=…>`), comments, character references (`&nbsp;`, `&amp;`,
//! `&#8220;`), and a closing tag whose `<` was eaten by mis-decoding
//! (`?/p>` in the seed).
//!
//! Positions: a block tag (`p`, `br`, `div`, `li`, headings …) becomes one
//! `\n` mapped to the tag's first char; an inline tag or a comment is
//! deleted; a character reference becomes its character, mapped to its `&`.
//! Unknown `<…>` (`<小红书>`, `a<b`) is left alone.

use super::{Rewrite, Stage};
use regex::Regex;
use std::sync::LazyLock;

/// The stage.
pub const STAGE: Stage = Stage {
    name: "html",
    apply,
};

static RE: LazyLock<Regex> = LazyLock::new(|| {
    // ok: a literal pattern, tested by the unit tests below.
    Regex::new(
        r"(?xi)
        <!--.*?-->
        | </?(?P<tag>p|br|div|li|ul|ol|h[1-6]|tr|td|th|table|tbody|thead|section|article|blockquote|figure|figcaption|hr|center|pre
              |span|a|b|i|u|em|strong|font|img|sup|sub|small|big|code|label|mark|s|strike|ins|del|abbr|cite|q)
          (?:\s[^<>]{0,500})?/?>
        | \?(?P<eaten>/(?:p|div|span|li|h[1-6])>)
        | &(?P<ent>[a-z]{2,8}|\#[0-9]{1,7}|\#x[0-9a-f]{1,6});",
    )
    .expect("ok: literal regex")
});

fn is_block(tag: &str) -> bool {
    let t = tag.to_ascii_lowercase();
    matches!(
        t.as_str(),
        "p" | "br"
            | "div"
            | "li"
            | "ul"
            | "ol"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "tr"
            | "table"
            | "section"
            | "article"
            | "blockquote"
            | "figure"
            | "hr"
            | "center"
            | "pre"
    )
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let v = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        return match char::from_u32(v) {
            Some('\0') | None => None,
            Some(c) => Some(c),
        };
    }
    Some(match name.to_ascii_lowercase().as_str() {
        "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "ldquo" => '“',
        "rdquo" => '”',
        "lsquo" => '‘',
        "rsquo" => '’',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "middot" => '·',
        "times" => '×',
        "yen" => '¥',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "laquo" => '«',
        "raquo" => '»',
        "bull" => '•',
        _ => return None,
    })
}

fn apply(input: &str) -> Option<Rewrite> {
    // Cheap pre-check: nothing to do without `<`, `&` or `/`.
    if !input.bytes().any(|b| b == b'<' || b == b'&' || b == b'/') {
        return None;
    }
    let mut out: Option<Rewrite> = None;
    let mut byte = 0usize; // input bytes consumed
    let mut ch = 0usize; // input chars consumed
    for caps in RE.captures_iter(input) {
        let Some(m) = caps.get(0) else { continue };
        let replacement: Option<char>;
        let mut start = m.start();
        if let Some(tag) = caps.name("tag") {
            replacement = if is_block(tag.as_str()) {
                Some('\n')
            } else {
                None
            };
        } else if let Some(eaten) = caps.name("eaten") {
            // Keep the `?`, drop the `/p>`.
            start = eaten.start();
            replacement = None;
        } else if let Some(ent) = caps.name("ent") {
            match entity(ent.as_str()) {
                Some(c) => replacement = Some(c),
                None => continue,
            }
        } else {
            replacement = None; // comment
        }
        let rw = out.get_or_insert_with(|| Rewrite::with_capacity(input.len()));
        let before = &input[byte..start];
        ch = rw.copy(before, ch);
        if let Some(c) = replacement {
            rw.push(c, ch);
        }
        ch += input[start..m.end()].chars().count();
        byte = m.end();
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
    fn strips_tags_and_entities() {
        assert_eq!(run("成绩。</p>\n下一段"), "成绩。\n\n下一段");
        assert_eq!(run("a<br/>b<br>c"), "a\nb\nc");
        assert_eq!(
            run("<span class=\"x\">小红书</span>&nbsp;电商&amp;"),
            "小红书 电商&"
        );
        assert_eq!(run("&#8220;买手&#x201D;"), "“买手”");
        assert_eq!(run("成绩?!?/p>\n"), "成绩?!?\n");
        assert_eq!(run("x<!-- c -->y"), "xy");
    }

    #[test]
    fn leaves_non_html_alone() {
        for s in [
            "<小红书>",
            "a < b > c",
            "1/2",
            "&unknown; &",
            "http://a.b/p>",
        ] {
            assert_eq!(run(s), s, "{s}");
        }
    }

    #[test]
    fn sources_point_at_kept_chars() {
        let rw = apply("a</p>b&amp;c").expect("changed");
        assert_eq!(rw.text, "a\nb&c");
        assert_eq!(rw.src, vec![0, 1, 5, 6, 11]);
    }
}
