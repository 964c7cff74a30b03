//! Sentence splitting of the normalized text, and heading flags.
//!
//! A sentence ends at a newline, or after a run of terminators: `。！？；…`,
//! ASCII `?` `!` `;` (what NFKC makes of `？！；`), and a run of two or more
//! ASCII dots (`...`). A single `.` never ends a sentence, so decimals
//! (`2.4倍`) and list numbers (`1.产品`) stay whole. ASCII `?`/`!` directly
//! followed by an ASCII letter or digit do not end one either (`?id=1`, the
//! seed's mojibake `?qū)`). Closing quotes and brackets after the terminators
//! (`”」』）)》"`) stay with their sentence, so a parenthesised aside that
//! follows a sentence end (`…2.4倍。(欢迎…交流讨论。)`) becomes a sentence of
//! its own. Spans exclude leading and trailing whitespace.
//!
//! A line that is a single sentence is a *heading* when it is short
//! (≤ 40 chars), does not end like a sentence body (`。` `,` `;` `:` `…`),
//! holds Han text, and starts with a section number (`01 电商,…?`,
//! `03生活方式电商`, `一、`, `第二章`) — or, at most 20 chars, has no
//! punctuation but `:` `-` `·`, quotes and title marks (`《…》`).

use crate::model::Sentence;

fn is_hard_terminator(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '…' | '‥' | '｡')
}

/// Is the char at `i` a sentence terminator?
fn is_terminator(chars: &[(usize, char)], i: usize) -> bool {
    let c = chars[i].1;
    if is_hard_terminator(c) {
        return true;
    }
    let next = chars.get(i + 1).map(|x| x.1);
    match c {
        '?' | '!' => !matches!(next, Some(n) if n.is_ascii_alphanumeric()),
        ';' => true,
        '.' => next == Some('.') || (i > 0 && chars[i - 1].1 == '.'),
        _ => false,
    }
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '」' | '』' | '）' | ')' | '】' | '》' | '〉' | '"' | '\'' | ']' | '〕' | '］'
    )
}

/// Longest sentence, in characters. A longer run without sentence
/// punctuation (a scraped page with none, a 50 MB JSON line) is cut, at a
/// comma or a space where one is near: every later stage works per sentence,
/// and some of them in more than linear time or memory (a 3 MB sentence took
/// two minutes and 8 GB to ingest).
pub const MAX_SENTENCE_CHARS: usize = 1000;

/// Split `text` (the normalized text) into sentences, none longer than
/// [`MAX_SENTENCE_CHARS`]; only `heading` flags are set here.
pub fn split(text: &str) -> Vec<Sentence> {
    let mut out = Vec::with_capacity(text.len() / 60 + 1);
    let mut chars: Vec<(usize, char)> = Vec::new();
    let mut line_byte = 0usize;
    let mut line_char = 0usize;
    for line in text.split_inclusive('\n') {
        let first = out.len();
        let n = line.chars().count();
        if n <= MAX_SENTENCE_CHARS {
            split_short_line(&mut out, line, line_byte, line_char);
        } else {
            split_long_line(&mut out, &mut chars, line, line_byte, line_char);
        }
        if out.len() == first + 1 {
            let s = &mut out[first];
            let st = text.get(s.byte_start..s.byte_end).unwrap_or("");
            s.flags.heading = is_heading(st);
        }
        line_byte += line.len();
        line_char += n;
    }
    out
}

/// Is `c`, at byte `i` of `line`, a sentence terminator? (The byte-offset
/// twin of [`is_terminator`], for [`split_short_line`].)
fn terminator_at(line: &str, i: usize, c: char) -> bool {
    if is_hard_terminator(c) {
        return true;
    }
    let next = line[i + c.len_utf8()..].chars().next();
    match c {
        '?' | '!' => !matches!(next, Some(n) if n.is_ascii_alphanumeric()),
        ';' => true,
        '.' => next == Some('.') || line[..i].ends_with('.'),
        _ => false,
    }
}

/// Split a line of at most [`MAX_SENTENCE_CHARS`] chars (so no sentence is
/// cut for length) by a scan over its bytes: only bytes that may start a
/// terminator or a newline (ASCII `?!;.\n`, the lead bytes of `。！？；…‥｡`)
/// look at their char. The same spans as [`split_long_line`] would give
/// (a property test holds them to it).
fn split_short_line(out: &mut Vec<Sentence>, line: &str, line_byte: usize, line_char: usize) {
    let b = line.as_bytes();
    // Char offset of byte `k` of the line, counted on from the last one asked.
    let mut cursor = (0usize, 0usize);
    let mut char_of = |k: usize| {
        cursor.1 += line[cursor.0..k].chars().count();
        cursor.0 = k;
        cursor.1
    };
    let mut start = 0usize;
    let mut p = 0usize;
    while p < b.len() {
        if !matches!(b[p], b'\n' | b'?' | b'!' | b';' | b'.' | 0xE2 | 0xE3 | 0xEF) {
            p += 1;
            continue;
        }
        let Some(c) = line[p..].chars().next() else {
            break;
        };
        if !(c == '\n' || terminator_at(line, p, c)) {
            p += c.len_utf8();
            continue;
        }
        let mut q = p + c.len_utf8();
        while let Some(d) = line[q..].chars().next() {
            if d == '\n' || !terminator_at(line, q, d) {
                break;
            }
            q += d.len_utf8();
        }
        while let Some(d) = line[q..].chars().next().filter(|&d| is_closer(d)) {
            q += d.len_utf8();
        }
        push_trimmed(out, line, start, q, line_byte, line_char, &mut char_of);
        start = q;
        p = q;
    }
    push_trimmed(
        out,
        line,
        start,
        b.len(),
        line_byte,
        line_char,
        &mut char_of,
    );
}

/// Push `line[s..e]` without its leading and trailing whitespace, unless
/// nothing is left.
fn push_trimmed(
    out: &mut Vec<Sentence>,
    line: &str,
    s: usize,
    e: usize,
    line_byte: usize,
    line_char: usize,
    char_of: &mut impl FnMut(usize) -> usize,
) {
    let seg = &line[s..e];
    let trimmed = seg.trim_start_matches(char::is_whitespace);
    let s = s + (seg.len() - trimmed.len());
    let e = s + trimmed.trim_end_matches(char::is_whitespace).len();
    if s >= e {
        return;
    }
    let (cs, ce) = (char_of(s), char_of(e));
    out.push(Sentence {
        byte_start: line_byte + s,
        byte_end: line_byte + e,
        char_start: line_char + cs,
        char_end: line_char + ce,
        flags: Default::default(),
    });
}

/// Split a line longer than [`MAX_SENTENCE_CHARS`] chars, cutting a
/// sentence that grows past it (at a comma or a space when one is near).
fn split_long_line(
    out: &mut Vec<Sentence>,
    chars: &mut Vec<(usize, char)>,
    line: &str,
    line_byte: usize,
    line_char: usize,
) {
    chars.clear();
    chars.extend(line.char_indices());
    let n = chars.len();
    let mut start = 0usize;
    let mut i = 0usize;
    while i < n {
        if chars[i].1 == '\n' || is_terminator(chars, i) {
            let mut j = i + 1;
            while j < n && chars[j].1 != '\n' && is_terminator(chars, j) {
                j += 1;
            }
            while j < n && is_closer(chars[j].1) {
                j += 1;
            }
            push_span(out, line, chars, start, j, line_byte, line_char);
            start = j;
            i = j;
        } else if i - start >= MAX_SENTENCE_CHARS {
            let soft = (start + MAX_SENTENCE_CHARS / 2..i).rev().find(|&k| {
                matches!(
                    chars[k].1,
                    '，' | ',' | '、' | '；' | ';' | ' ' | '\u{3000}'
                )
            });
            let cut = soft.map_or(i, |k| k + 1);
            push_span(out, line, chars, start, cut, line_byte, line_char);
            start = cut;
            i += 1;
        } else {
            i += 1;
        }
    }
    push_span(out, line, chars, start, n, line_byte, line_char);
}

fn push_span(
    out: &mut Vec<Sentence>,
    line: &str,
    chars: &[(usize, char)],
    mut s: usize,
    mut e: usize,
    line_byte: usize,
    line_char: usize,
) {
    while s < e && chars[s].1.is_whitespace() {
        s += 1;
    }
    while e > s && chars[e - 1].1.is_whitespace() {
        e -= 1;
    }
    if s >= e {
        return;
    }
    let byte_end = chars.get(e).map(|x| x.0).unwrap_or(line.len());
    out.push(Sentence {
        byte_start: line_byte + chars[s].0,
        byte_end: line_byte + byte_end,
        char_start: line_char + s,
        char_end: line_char + e,
        flags: Default::default(),
    });
}

const CN_NUM: &str = "一二三四五六七八九十〇零百";

/// Is a one-sentence line `s` a heading?
pub fn is_heading(s: &str) -> bool {
    let n = s.chars().count();
    if n == 0 || n > 40 || !s.chars().any(super::is_han) {
        return false;
    }
    if s.ends_with(['。', ',', '，', ';', '；', ':', '：', '…', '、']) {
        return false;
    }
    // `01 电商`, `3.买手`, `03生活方式`: one or two digits, then text.
    let digits = s.chars().take_while(|c| c.is_ascii_digit()).count();
    if (1..=2).contains(&digits) {
        let rest = s[digits..].trim_start_matches([' ', '.', '、', ')', '．']);
        if rest.chars().next().is_some_and(|c| {
            !c.is_ascii_digit()
                && !matches!(
                    c,
                    '%' | '年' | '月' | '日' | '号' | '亿' | '万' | '个' | '倍' | '岁'
                )
        }) {
            return true;
        }
    }
    // `一、`, `第二章`, `第3部分`
    let cn = s.chars().take_while(|c| CN_NUM.contains(*c)).count();
    if cn > 0 && s.chars().nth(cn) == Some('、') {
        return true;
    }
    if let Some(rest) = s.strip_prefix('第') {
        let k = rest
            .chars()
            .take_while(|c| CN_NUM.contains(*c) || c.is_ascii_digit())
            .count();
        if k > 0
            && rest
                .chars()
                .nth(k)
                .is_some_and(|c| matches!(c, '章' | '节' | '部' | '篇' | '讲'))
        {
            return true;
        }
    }
    // A short title line without sentence punctuation.
    n <= 20
        && s.chars().filter(|c| super::is_han(*c)).count() >= 2
        && s.chars().all(|c| {
            c.is_alphanumeric() || matches!(c, ' ' | ':' | '-' | '·' | '“' | '”' | '《' | '》')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_3mb_line_without_punctuation_took_minutes_and_gigabytes() {
        let run = "电商直播".repeat(1000);
        let text = format!("{run}，{run}{run}");
        let ss = split(&text);
        assert!(ss.len() >= 12, "{}", ss.len());
        let mut end = 0;
        for s in &ss {
            assert!(s.char_end - s.char_start <= MAX_SENTENCE_CHARS, "{s:?}");
            assert!(s.byte_start >= end);
            end = s.byte_end;
        }
        assert_eq!(end, text.len());
        // The cut falls after the comma when one is near.
        let comma = split(&format!("{}，{}", "字".repeat(900), "字".repeat(900)));
        assert_eq!(comma[0].char_end, 901);
    }

    fn texts(s: &str) -> Vec<String> {
        split(s)
            .iter()
            .map(|x| {
                let flag = if x.flags.heading { "H " } else { "" };
                format!("{flag}{}", &s[x.byte_start..x.byte_end])
            })
            .collect()
    }

    #[test]
    fn splits_on_terminators_and_keeps_closers() {
        assert_eq!(
            texts("他说:“能做。”服务商表示。对吗?对!好;  \n 下一行"),
            vec![
                "他说:“能做。”",
                "服务商表示。",
                "对吗?",
                "对!",
                "好;",
                "H 下一行"
            ]
        );
        assert_eq!(
            texts("成绩?!?\n从商业化服务上来看,差异明显。"),
            vec!["成绩?!?", "从商业化服务上来看,差异明显。"]
        );
        assert_eq!(texts("等等……然后"), vec!["等等……", "然后"]);
        assert_eq!(texts("等等...然后"), vec!["等等...", "然后"]);
    }

    #[test]
    fn no_split_in_decimals_or_mojibake() {
        assert_eq!(texts("是去年2.4倍。"), vec!["是去年2.4倍。"]);
        assert_eq!(
            texts("考验:1.产品;2.服务。"),
            vec!["考验:1.产品;", "2.服务。"]
        );
        assert_eq!(texts("实打?qū)嵱袃?nèi)容"), vec!["实打?qū)嵱袃?nèi)容"]);
    }

    #[test]
    fn aside_after_sentence_end_is_its_own_sentence() {
        assert_eq!(
            texts("是去年2.4倍。(这些事件,欢迎读者添加作者微信 aqingcjx 一起交流讨论。)"),
            vec![
                "是去年2.4倍。",
                "(这些事件,欢迎读者添加作者微信 aqingcjx 一起交流讨论。)"
            ]
        );
        assert_eq!(
            texts("向雷峰网(公众号:雷峰网)表示。"),
            vec!["向雷峰网(公众号:雷峰网)表示。"]
        );
    }

    #[test]
    fn headings() {
        assert_eq!(
            texts("01 电商,为什么是小红书的必选项?"),
            vec!["H 01 电商,为什么是小红书的必选项?"]
        );
        assert_eq!(
            texts("03生活方式电商,还只是小而美的生意?"),
            vec!["H 03生活方式电商,还只是小而美的生意?"]
        );
        assert_eq!(texts("一、背景"), vec!["H 一、背景"]);
        assert_eq!(
            texts("2025年的前两个月,小红书大概是最忙的平台。"),
            vec!["2025年的前两个月,小红书大概是最忙的平台。"]
        );
        assert_eq!(texts("0"), vec!["0"]);
        assert_eq!(texts("10亿用户?"), vec!["10亿用户?"]);
        assert_eq!(texts("小红书电商的新阶段"), vec!["H 小红书电商的新阶段"]);
        assert_eq!(texts("小红书电商的新阶段?"), vec!["小红书电商的新阶段?"]);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        #[test]
        fn the_byte_scan_agrees_with_the_char_loop(
            line in "[甲乙 。！？；…‥｡?!;.”」）)》\"'a1\u{3000}\u{A0}é“]{0,24}\n?"
        ) {
            let mut fast = Vec::new();
            split_short_line(&mut fast, &line, 7, 3);
            let mut slow = Vec::new();
            split_long_line(&mut slow, &mut Vec::new(), &line, 7, 3);
            proptest::prop_assert_eq!(fast, slow);
        }
    }

    #[test]
    fn spans_are_char_and_byte_consistent() {
        let t = " 甲。乙 \n丙?";
        for s in split(t) {
            assert_eq!(t[..s.byte_start].chars().count(), s.char_start);
            assert_eq!(t[..s.byte_end].chars().count(), s.char_end);
        }
    }
}
