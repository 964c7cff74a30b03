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
pub fn is_garbled(sentence: &str) -> bool {
    odd_chars(sentence)
        || qmark_reading(sentence)
        || utf8_as_gbk(sentence)
        || utf8_as_latin1(sentence)
}

fn is_box(c: char) -> bool {
    ('\u{2500}'..='\u{259F}').contains(&c)
}

/// Signals 1 and 2.
fn odd_chars(s: &str) -> bool {
    if s.is_ascii() {
        return false;
    }
    let mut prev: Option<char> = None;
    let mut prev_box = false;
    let mut before_box: Option<char> = None;
    for c in s.chars() {
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
    }
    s.contains("锟斤拷") || s.contains("烫烫烫") || s.contains("屯屯屯")
}

static QMARK_READING: LazyLock<Regex> = LazyLock::new(|| {
    // ok: a literal pattern, covered by the tests below.
    Regex::new(r"\?[a-z]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*\)").expect("ok: literal regex")
});

/// Signal 3.
fn qmark_reading(s: &str) -> bool {
    s.contains('?') && QMARK_READING.is_match(s)
}

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

/// BMP chars whose GBK code starts with a byte 0xE3–0xE9: a UTF-8 CJK
/// lead byte. UTF-8 read as GBK always yields at least one such char per
/// two CJK chars, so a sentence without any is skipped cheaply.
static GBK_E_LEAD: LazyLock<Box<[u64; 1024]>> = LazyLock::new(|| {
    let mut bits = Box::new([0u64; 1024]);
    for lead in 0xE3u8..=0xE9 {
        for trail in 0x40u8..=0xFE {
            let bytes = [lead, trail];
            let (s, _, bad) = encoding_rs::GBK.decode(&bytes);
            if bad {
                continue;
            }
            for c in s.chars() {
                let cp = c as usize;
                if cp < 0x10000 {
                    bits[cp >> 6] |= 1 << (cp & 63);
                }
            }
        }
    }
    bits
});

fn has_gbk_e_lead(s: &str) -> bool {
    let bits = &**GBK_E_LEAD;
    s.chars().any(|c| {
        let cp = c as usize;
        (0x3400..0x10000).contains(&cp) && bits[cp >> 6] & (1 << (cp & 63)) != 0
    })
}

/// Signal 4.
fn utf8_as_gbk(s: &str) -> bool {
    // Only Han text can hide UTF-8 read as GBK; skip short or ASCII text.
    if s.len() < 3 * MIN_UTF8_RUN || s.is_ascii() || !has_gbk_e_lead(s) {
        return false;
    }
    let (bytes, _, _) = encoding_rs::GBK.encode(s);
    let b = bytes.as_ref();
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

/// Signal 5.
fn utf8_as_latin1(s: &str) -> bool {
    s.chars().any(|c| ('\u{E3}'..='\u{EF}').contains(&c)) && LATIN1.is_match(s)
}

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
