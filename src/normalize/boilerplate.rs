//! Boilerplate sentences: reprint notices (`未经授权禁止转载`, `转载须知`),
//! "add the author on WeChat" promotions, follow-us calls, source credits.
//!
//! The patterns live in `data/boilerplate.txt` (one regex per line, `#`
//! comments; the file documents its format), read once through
//! [`crate::data::text`], so users extend them without rebuilding. They are
//! matched against whole sentences of the normalized text; a parenthesised
//! promo aside after a sentence end is already a sentence of its own (see
//! [`super::sentences`]). Flags only: no text moves.

use regex::{Regex, RegexBuilder};
use std::sync::LazyLock;

struct Patterns {
    /// Every valid pattern, as one alternation: one pass per sentence is
    /// about twice as fast as a `RegexSet` or a loop over the patterns.
    any: Option<Regex>,
    /// The patterns one by one, used only if the alternation is too big.
    each: Vec<Regex>,
    /// Number of valid patterns.
    count: usize,
    /// Lines that are not valid regexes: `(line, error)`.
    rejected: Vec<(String, String)>,
}

static PATTERNS: LazyLock<Patterns> = LazyLock::new(load);

fn load() -> Patterns {
    let text = crate::data::text("boilerplate.txt").unwrap_or_default();
    compile(&text)
}

fn compile(text: &str) -> Patterns {
    let mut good = Vec::new();
    let mut each = Vec::new();
    let mut rejected = Vec::new();
    for line in crate::data::lines(text) {
        match Regex::new(line) {
            Ok(re) => {
                good.push(line.to_string());
                each.push(re);
            }
            Err(e) => rejected.push((line.to_string(), e.to_string())),
        }
    }
    let joined = good
        .iter()
        .map(|p| format!("(?:{p})"))
        .collect::<Vec<_>>()
        .join("|");
    let any = if good.is_empty() {
        None
    } else {
        RegexBuilder::new(&joined)
            .size_limit(64 << 20)
            .dfa_size_limit(64 << 20)
            .build()
            .ok()
    };
    if any.is_some() {
        each.clear();
    }
    Patterns {
        any,
        each,
        count: good.len(),
        rejected,
    }
}

/// Is `sentence` (normalized text) boilerplate?
pub fn is_boilerplate(sentence: &str) -> bool {
    if sentence.is_ascii() {
        return false;
    }
    match &PATTERNS.any {
        Some(re) => re.is_match(sentence),
        None => PATTERNS.each.iter().any(|re| re.is_match(sentence)),
    }
}

/// Number of patterns in use (valid lines of the effective `boilerplate.txt`).
pub fn pattern_count() -> usize {
    PATTERNS.count
}

/// Pattern lines of the effective `boilerplate.txt` that failed to compile,
/// with the reason (for `zhmine` to report; they are otherwise skipped).
pub fn rejected_patterns() -> &'static [(String, String)] {
    &PATTERNS.rejected
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_patterns_all_compile() {
        let p = compile(
            crate::data::BUILTIN
                .iter()
                .find(|(n, _)| *n == "boilerplate.txt")
                .map(|x| x.1)
                .unwrap_or(""),
        );
        assert!(p.rejected.is_empty(), "{:?}", p.rejected);
        assert!(p.count > 10 && p.any.is_some());
    }

    #[test]
    fn bad_lines_are_skipped() {
        let p = compile("# c\n转载须知\n(unclosed\n");
        assert_eq!(p.count, 1);
        assert_eq!(p.rejected.len(), 1);
    }

    #[test]
    fn flags_promos_not_reporting() {
        for s in [
            "雷峰网原创文章,未经授权禁止转载。",
            "详情见转载须知。",
            "(这些事件对小红书用户长期留存的影响,雷峰网将持续关注,欢迎感兴趣的读者添加作者微信 aqingcjx 一起交流讨论。)",
            "雷峰网作者陈嘉欣持续跟踪小红书、抖音、视频号等内容平台,欢迎感兴趣的、了解内幕的读者添加微信 aqingcjx 交流讨论,共创优质内容。",
            "关注我们,获取更多资讯。",
            "欢迎关注公众号:雷峰网",
            "责任编辑:张三",
            "点击阅读原文。",
        ] {
            assert!(is_boilerplate(s), "{s}");
        }
        for s in [
            "不少服务商都曾向雷峰网(公众号:雷峰网)表示,“有时候遇到投放或者交易上的问题。”",
            "小红书不再只提买手,转而为全站商家提供从开播到成交等多环节的流量激励。",
            "市场持续关注视频号的商业化进展。",
            "不少品牌开始关注公众号运营。",
            "作者的观点是,平台需要服务商。",
        ] {
            assert!(!is_boilerplate(s), "{s}");
        }
    }
}
