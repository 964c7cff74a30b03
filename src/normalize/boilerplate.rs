//! Boilerplate sentences: reprint notices (`未经授权禁止转载`, `转载须知`),
//! "add the author on WeChat" promotions, follow-us calls, source credits.
//!
//! The patterns live in `data/boilerplate.txt` (one regex per line, `#`
//! comments; the file documents its format), read once through
//! [`crate::data::text`], so users extend them without rebuilding. They are
//! matched against whole sentences of the normalized text; a parenthesised
//! promo aside after a sentence end is already a sentence of its own (see
//! [`super::sentences`]). Flags only: no text moves.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::Regex;
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::Look;
use std::sync::LazyLock;

/// One pattern and what a sentence must hold for it to match.
struct Pattern {
    re: Regex,
    /// Every match holds one of the pattern's literals (in
    /// [`Patterns::literals`]); when false, the regex always runs.
    gated: bool,
    /// Anchored at the sentence start: its literals (prefixes) must sit at
    /// byte 0.
    anchored: bool,
}

struct Patterns {
    patterns: Vec<Pattern>,
    /// Every literal of every gated pattern; `owner[i]` is the pattern of
    /// literal `i`. Most sentences hold none, and one scan of this
    /// automaton tells; a pattern whose literal is there runs its regex.
    /// One alternation of all the regexes costs several times more: its
    /// unanchored `.{0,40}` runs leave the regex engine no prefilter.
    literals: Option<AhoCorasick>,
    owner: Vec<usize>,
    /// Lines that are not valid regexes: `(line, error)`.
    rejected: Vec<(String, String)>,
}

static PATTERNS: LazyLock<Patterns> = LazyLock::new(load);

fn load() -> Patterns {
    let text = crate::data::text("boilerplate.txt").unwrap_or_default();
    compile(&text)
}

fn compile(text: &str) -> Patterns {
    let mut patterns = Vec::new();
    let mut rejected = Vec::new();
    let mut lits: Vec<Vec<u8>> = Vec::new();
    let mut owner = Vec::new();
    for line in crate::data::lines(text) {
        match Regex::new(line) {
            Ok(re) => {
                let req = required_literals(line);
                let gated = req.is_some();
                for l in req.iter().flat_map(|r| &r.literals) {
                    lits.push(l.clone());
                    owner.push(patterns.len());
                }
                patterns.push(Pattern {
                    re,
                    gated,
                    anchored: req.is_some_and(|r| r.anchored),
                });
            }
            Err(e) => rejected.push((line.to_string(), e.to_string())),
        }
    }
    let literals = AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::DFA))
        .match_kind(MatchKind::Standard)
        .build(&lits)
        .ok();
    Patterns {
        patterns,
        literals,
        owner,
        rejected,
    }
}

/// Is `sentence` (normalized text) boilerplate?
pub fn is_boilerplate(sentence: &str) -> bool {
    if sentence.is_ascii() {
        return false;
    }
    let p = &*PATTERNS;
    // Patterns whose literal the sentence holds, in a small bit set (and a
    // vector past 128 patterns).
    let mut hit = [0u64; 2];
    let mut hit_more: Vec<usize> = Vec::new();
    if let Some(ac) = &p.literals {
        for m in ac.find_overlapping_iter(sentence) {
            let Some(&k) = p.owner.get(m.pattern().as_usize()) else {
                continue;
            };
            if p.patterns[k].anchored && m.start() != 0 {
                continue;
            }
            match hit.get_mut(k / 64) {
                Some(w) => *w |= 1 << (k % 64),
                None => hit_more.push(k),
            }
        }
    }
    p.patterns.iter().enumerate().any(|(k, pat)| {
        let candidate = !pat.gated
            || hit
                .get(k / 64)
                .map_or(hit_more.contains(&k), |w| w & (1 << (k % 64)) != 0);
        candidate && pat.re.is_match(sentence)
    })
}

/// What every match of a pattern holds.
struct Required {
    /// One of these.
    literals: Vec<Vec<u8>>,
    /// At the start of the sentence (the pattern starts with `^`, and the
    /// literals are its prefixes).
    anchored: bool,
}

/// Literals one of which every match of `pattern` holds: its prefixes, or
/// else its suffixes (`^.{0,20}原创文章[,.。;]?$` has no prefix but ends
/// in 原创文章); `None` when neither is a finite set of non-empty strings.
fn required_literals(pattern: &str) -> Option<Required> {
    let hir = regex_syntax::parse(pattern).ok()?;
    let starts = hir.properties().look_set_prefix().contains(Look::Start);
    [ExtractKind::Prefix, ExtractKind::Suffix]
        .into_iter()
        .find_map(|kind| {
            let mut seq = Extractor::new().kind(kind.clone()).extract(&hir);
            // Fewer, shorter literals where many share a start: a smaller
            // automaton, the same sentences let through.
            if kind.is_prefix() {
                seq.optimize_for_prefix_by_preference();
            } else {
                seq.optimize_for_suffix_by_preference();
            }
            let lits = seq.literals()?;
            (!lits.is_empty() && lits.iter().all(|l| !l.is_empty())).then(|| Required {
                literals: lits.iter().map(|l| l.as_bytes().to_vec()).collect(),
                anchored: starts && kind.is_prefix(),
            })
        })
}

/// Number of patterns in use (valid lines of the effective `boilerplate.txt`).
pub fn pattern_count() -> usize {
    PATTERNS.patterns.len()
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
        assert!(p.patterns.len() > 10 && p.literals.is_some());
    }

    #[test]
    fn every_builtin_pattern_has_required_literals() {
        let text = crate::data::BUILTIN
            .iter()
            .find(|(n, _)| *n == "boilerplate.txt")
            .map(|x| x.1)
            .unwrap_or("");
        for line in crate::data::lines(text) {
            assert!(required_literals(line).is_some(), "{line}");
        }
        let r = required_literals("^.{0,20}原创文章[,.。;]?$");
        let r = r.as_ref().expect("suffix literals");
        assert!(!r.anchored);
        assert!(
            r.literals
                .iter()
                .all(|l| String::from_utf8_lossy(l).contains("原创文章")),
            "{:?}",
            r.literals
        );
        assert!(required_literals("^(本文)?版权所有").is_some_and(|r| r.anchored));
        assert!(required_literals(".+").is_none());
    }

    #[test]
    fn a_pattern_without_literals_still_runs() {
        let p = compile("转载须知\n^.+(?:xyz)?$\n");
        assert_eq!(p.patterns.len(), 2);
        assert!(p.patterns[0].gated && !p.patterns[1].gated);
    }

    #[test]
    fn anchored_literals_count_only_at_the_start() {
        // `^(责任编辑|…|文|图…)\s?[:|丨]`: 文 in the middle is no credit line.
        assert!(is_boilerplate("文:张三"));
        assert!(!is_boilerplate("本文:张三说的话"));
        assert!(is_boilerplate("责任编辑:李四"));
    }

    #[test]
    fn bad_lines_are_skipped() {
        let p = compile("# c\n转载须知\n(unclosed\n");
        assert_eq!(p.patterns.len(), 1);
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
