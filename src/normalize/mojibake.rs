//! Garbled (mojibake) sentences. Nothing is deleted: a sentence holding a
//! mojibake run is flagged, it stays searchable, and extraction skips it.
//!
//! Signals, each conservative on its own:
//! 1. U+FFFD, private-use characters, control characters other than
//!    tab/newline, and the classic `锟斤拷` / `烫烫烫` / `屯屯屯` runs;
//! 2. a box-drawing or block character (U+2500–U+259F) between two Han
//!    characters (`行┢脚` in the seed: UTF-8 read as GBK; a drawn table
//!    `表格├──┤线` is not);
//! 3. an ASCII `?` directly followed by a tone-marked pinyin syllable and
//!    `)` (`?qū)`: an SEO reading whose character and `(` were eaten);
//! 4. UTF-8 read as GBK (`鍦ㄦ垜浠`): re-encoding the sentence as GBK
//!    yields a run of at least [`MIN_UTF8_RUN`] valid 3-byte UTF-8 CJK
//!    characters (normal text almost never does);
//! 5. UTF-8 read as Latin-1/cp1252 (`å°çº¢ä¹¦`, `â€œ`): two lead-byte
//!    characters each followed by two continuation-range characters.

use std::sync::LazyLock;

use regex::Regex;

/// Shortest run of UTF-8 CJK characters hidden in the GBK bytes of a
/// sentence that marks it garbled.
pub const MIN_UTF8_RUN: usize = 3;

/// Is `sentence` (normalized text) garbled?
///
/// One pass over the characters answers signals 1 and 2 and tells which of
/// the costlier signals 3–5 can apply at all; most sentences need no more.
pub fn is_garbled(sentence: &str) -> bool {
    if sentence.is_ascii() {
        return sentence.contains('?') && QMARK_READING.is_match(sentence);
    }
    let gbk: &GbkTable = &GBK;
    let mut prev: Option<char> = None;
    let mut prev_box = false;
    let mut before_box: Option<char> = None;
    let (mut qmark, mut latin1, mut e_lead, mut classic) = (false, false, false, false);
    for c in sentence.chars() {
        let cp = c as u32;
        if c == '\u{FFFD}'
            || (0xE000..=0xF8FF).contains(&cp)
            || cp >= 0xF0000
            || (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        {
            return true;
        }
        // A box character between two Han characters.
        if prev_box && super::is_han(c) && before_box.is_some_and(super::is_han) {
            return true;
        }
        before_box = if is_box(c) { prev } else { None };
        prev_box = is_box(c);
        prev = Some(c);
        qmark |= c == '?';
        latin1 |= ('\u{E3}'..='\u{EF}').contains(&c);
        e_lead |= gbk.e_lead(c);
        classic |= matches!(c, '锟' | '烫' | '屯');
    }
    (classic
        && ["锟斤拷", "烫烫烫", "屯屯屯"]
            .iter()
            .any(|r| sentence.contains(r)))
        || (qmark && QMARK_READING.is_match(sentence))
        || (e_lead && utf8_as_gbk(sentence))
        || (latin1 && LATIN1.is_match(sentence))
}

fn is_box(c: char) -> bool {
    ('\u{2500}'..='\u{259F}').contains(&c)
}

static QMARK_READING: LazyLock<Regex> = LazyLock::new(|| {
    // ok: a literal pattern, covered by the tests below.
    Regex::new(r"\?[a-z]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*\)").expect("ok: literal regex")
});

/// Is `b` a 3-byte UTF-8 sequence of a CJK character, CJK punctuation or a
/// full-width form?
#[inline]
fn utf8_cjk3(b: &[u8]) -> bool {
    let [b0, b1, b2, ..] = *b else {
        return false;
    };
    if b0 & 0xF0 != 0xE0 || b1 & 0xC0 != 0x80 || b2 & 0xC0 != 0x80 {
        return false;
    }
    let cp = ((b0 as u32 & 0x0F) << 12) | ((b1 as u32 & 0x3F) << 6) | (b2 as u32 & 0x3F);
    matches!(cp, 0x3000..=0x303F | 0x3400..=0x9FFF | 0xFF00..=0xFFEF)
}

/// The GBK code of every BMP character, as the GBK encoder writes it
/// (`lead << 8 | trail`, or the one byte of `€`; 0 for ASCII and for what
/// GBK cannot encode, which the encoder writes as an ASCII `&#N;`). Built
/// once by decoding every two-byte GBK code (24,000 decodes into a stack
/// buffer, about a millisecond; encoding every char instead took 50 ms),
/// 128 KB; encoding a sentence is then one lookup per character.
struct GbkTable(Box<[u16]>);

static GBK: LazyLock<GbkTable> = LazyLock::new(|| {
    let mut t = vec![0u16; 0x10000].into_boxed_slice();
    let mut out = [0u8; 8];
    for lead in 0x81u8..=0xFE {
        for trail in (0x40u8..=0xFE).filter(|&b| b != 0x7F) {
            let mut dec = encoding_rs::GBK.new_decoder_without_bom_handling();
            let (res, _, written) =
                dec.decode_to_utf8_without_replacement(&[lead, trail], &mut out, true);
            let one_char = std::str::from_utf8(&out[..written])
                .ok()
                .filter(|_| res == encoding_rs::DecoderResult::InputEmpty)
                .and_then(|s| {
                    let mut cs = s.chars();
                    cs.next().filter(|_| cs.next().is_none())
                });
            if let Some(slot) = one_char.and_then(|c| t.get_mut(c as usize)) {
                // Where two codes decode to one char, the encoder writes
                // the first (the lower).
                if *slot == 0 {
                    *slot = u16::from(lead) << 8 | u16::from(trail);
                }
            }
        }
    }
    t[0x20AC] = 0x80; // `€`: the one char GBK writes as one byte
    GbkTable(t)
});

impl GbkTable {
    fn code(&self, c: char) -> u16 {
        self.0.get(c as usize).copied().unwrap_or(0)
    }

    /// Does `c`'s GBK code start with a byte 0xE3–0xE9, a UTF-8 CJK lead
    /// byte? UTF-8 read as GBK always yields at least one such char per
    /// two CJK chars, so a sentence without any is skipped cheaply.
    fn e_lead(&self, c: char) -> bool {
        matches!(self.code(c) >> 8, 0xE3..=0xE9) && (c as u32) >= 0x3400
    }
}

/// Signal 4: the sentence's GBK bytes hold a run of at least
/// [`MIN_UTF8_RUN`] 3-byte UTF-8 CJK characters.
fn utf8_as_gbk(s: &str) -> bool {
    // Only Han text can hide UTF-8 read as GBK; skip short text.
    if s.len() < 3 * MIN_UTF8_RUN {
        return false;
    }
    let gbk: &GbkTable = &GBK;
    let mut b: Vec<u8> = Vec::with_capacity(s.len());
    for c in s.chars() {
        match gbk.code(c) {
            // ASCII, or written as an ASCII `&#N;`: either breaks a run.
            0 => b.push(if c.is_ascii() { c as u8 } else { b'&' }),
            code @ 0x80..=0xFF => b.push(code as u8),
            code => b.extend_from_slice(&code.to_be_bytes()),
        }
    }
    let mut i = 0;
    while i + 3 * MIN_UTF8_RUN <= b.len() {
        let mut run = 0;
        let mut j = i;
        while utf8_cjk3(&b[j..]) {
            run += 1;
            j += 3;
            if run >= MIN_UTF8_RUN {
                return true;
            }
        }
        i += 1;
    }
    false
}

static LATIN1: LazyLock<Regex> = LazyLock::new(|| {
    // ok: a literal pattern, covered by the tests below.
    Regex::new(r"(?:[\u{E3}-\u{E9}\u{EF}][\u{80}-\u{BF}€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]{2}){2}")
        .expect("ok: literal regex")
});

#[cfg(test)]
mod tests {
    use super::*;

    /// `s` as UTF-8 bytes, mis-read as GBK.
    fn as_gbk(s: &str) -> String {
        encoding_rs::GBK.decode(s.as_bytes()).0.into_owned()
    }

    /// `s` as UTF-8 bytes, mis-read as cp1252.
    fn as_latin1(s: &str) -> String {
        encoding_rs::WINDOWS_1252
            .decode(s.as_bytes())
            .0
            .into_owned()
    }

    #[test]
    fn gbk_table_is_what_the_encoder_writes() {
        let t: &GbkTable = &GBK;
        let mut buf = [0u8; 4];
        let mut wrong = Vec::new();
        // Private-use chars are left out: GBK writes 18 of them with codes
        // that decode to other chars, and signal 1 flags any private-use
        // char before signal 4 looks at the GBK bytes.
        for cp in (0x80u32..0xE000).chain(0xF900..0x10000) {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let (bytes, _, bad) = encoding_rs::GBK.encode(c.encode_utf8(&mut buf));
            let want = match (bad, bytes.as_ref()) {
                (false, [l, t]) => u16::from(*l) << 8 | u16::from(*t),
                (false, [one]) => u16::from(*one),
                _ => 0,
            };
            if t.code(c) != want {
                wrong.push((c, t.code(c), want));
            }
        }
        assert!(
            wrong.is_empty(),
            "{} differ: {:x?}",
            wrong.len(),
            &wrong[..wrong.len().min(20)]
        );
    }

    #[test]
    fn seed_runs() {
        assert!(is_garbled(
            "坝行┢脚_调动情绪会吆喝就可以,但小红书直播是内容逻辑,要会讲故事。”"
        ));
        assert!(is_garbled(
            "但这些商品是实打?qū)嵱袃?nèi)容营销点、用户兴趣点的。"
        ));
        assert!(is_garbled(
            "这个目标也许在不久的未来就能够?qū)崿F,但小红书需要做的还有很多。"
        ));
    }

    #[test]
    fn synthetic_runs() {
        let gbk = as_gbk("我们在小红书上看到了很多买手直播");
        assert!(is_garbled(&gbk), "{gbk}");
        assert!(is_garbled("鍦ㄦ垜浠殑"));
        assert!(is_garbled(&as_latin1("小红书电商")));
        assert!(is_garbled("这是\u{FFFD}\u{FFFD}一段"));
        assert!(is_garbled("私用\u{E123}字"));
        assert!(is_garbled("锟斤拷锟斤拷"));
    }

    #[test]
    fn normal_text_is_clean() {
        for s in [
            "2025年的前两个月,小红书大概是最忙的平台。",
            "01 电商,为什么是小红书的必选项?",
            "平台嗎?我们试图通过本文给出解释。",
            "表格├──┤线",
            "café naïve résumé",
            "涓涓细流汇成江海,滕王阁序。",
            "小红书(公众号:雷峰网)表示,“有时候遇到投放或者交易上的问题。”",
            "Tiktok禁令撤销,一批海外博主已经返回平台。",
        ] {
            assert!(!is_garbled(s), "{s}");
        }
    }
}
