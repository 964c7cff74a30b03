//! Bytes → text: encoding detection and decoding.
//!
//! Order of decisions, first match wins:
//! 1. nothing but whitespace → "empty file";
//! 2. a byte-order mark: UTF-8, UTF-16LE or UTF-16BE, decoded as marked;
//! 3. NUL bytes or many control characters in the first 8 KiB → "binary file";
//! 4. valid UTF-8 → `UTF-8` (a declared legacy encoding is ignored: valid
//!    UTF-8 with non-ASCII text is, in practice, never anything else);
//! 5. more than 99 % of the non-ASCII bytes form valid UTF-8 sequences →
//!    decoded lossily as `UTF-8 (lossy)` (a few stray bytes in a UTF-8 file;
//!    GBK or Big5 text reaches at most ~20 % by chance);
//! 6. a declared encoding (front matter, `<meta charset>`) that decodes the
//!    bytes without errors;
//! 7. the guess of `chardetng`; when it decodes worse than lossy UTF-8, lossy
//!    UTF-8 is kept.
//!
//! When a declared encoding loses to detection, the encoding name records it:
//! `GB18030 (declared UTF-8)`. GBK text is decoded with GB18030 (a superset;
//! `encoding_rs` uses the same decoder) and named `GB18030`.
//!
//! After decoding, more than 5 % replacement characters introduced by the
//! decoder → "undecodable".

use encoding_rs::{Encoding, GB18030, GBK, UTF_16BE, UTF_16LE, UTF_8};

/// Decoded text and the name of the encoding it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// `UTF-8`, `UTF-8 (lossy)`, `UTF-16LE`, `UTF-16BE`, `GB18030`, `Big5`
    /// or another WHATWG encoding name; with ` (declared X)` appended when the
    /// input declared another encoding that did not fit its bytes.
    pub encoding: String,
}

/// How many leading bytes are checked for binary content.
const SNIFF_BYTES: usize = 8 * 1024;

/// How many leading bytes the encoding detector is fed.
const DETECT_BYTES: usize = 1024 * 1024;

/// Decode `bytes`, taking a `declared` encoding label (`utf-8`, `gbk`,
/// `big5`...) into account. `Err` holds the reason the bytes are unusable.
pub fn decode(bytes: &[u8], declared: Option<&str>) -> Result<Decoded, String> {
    let decoded = decode_inner(bytes, declared)?;
    if decoded.text.trim().is_empty() {
        return Err("empty file".into());
    }
    Ok(decoded)
}

fn decode_inner(bytes: &[u8], declared: Option<&str>) -> Result<Decoded, String> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err("empty file".into());
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        if enc == UTF_8 {
            check_binary(body)?;
        }
        let (text, had_errors) = enc.decode_without_bom_handling(body);
        let lossy = enc == UTF_8 && had_errors;
        let text = text.into_owned();
        if lossy {
            check_replacements(&text, count_replacements(body, &text), "UTF-8")?;
        } else if had_errors {
            check_replacements(&text, count_replacements(body, &text), enc.name())?;
        }
        let name = if lossy {
            "UTF-8 (lossy)".to_string()
        } else {
            display_name(enc)
        };
        return Ok(Decoded {
            text,
            encoding: name,
        });
    }
    check_binary(bytes)?;

    let declared_enc = declared.and_then(|l| Encoding::for_label(l.trim().as_bytes()));
    let note = |name: String, used: &'static Encoding| match declared_enc {
        Some(d) if same_family(d) != same_family(used) => {
            format!("{name} (declared {})", display_name(d))
        }
        _ => name,
    };

    if let Ok(s) = std::str::from_utf8(bytes) {
        // Valid UTF-8 wins over any declaration; not worth a note unless the
        // declaration could have mattered (non-ASCII content).
        let name = if s.is_ascii() {
            "UTF-8".to_string()
        } else {
            note("UTF-8".to_string(), UTF_8)
        };
        return Ok(Decoded {
            text: s.to_string(),
            encoding: name,
        });
    }

    let stats = utf8_stats(bytes);
    let lossy_utf8 = || String::from_utf8_lossy(bytes).into_owned();
    if stats.valid_non_ascii * 100 > stats.non_ascii() * 99 {
        let text = lossy_utf8();
        check_replacements(&text, stats.invalid_sequences, "UTF-8")?;
        return Ok(Decoded {
            text,
            encoding: note("UTF-8 (lossy)".to_string(), UTF_8),
        });
    }

    if let Some(d) = declared_enc {
        let d = if d == GBK { GB18030 } else { d };
        if d != UTF_8 && d != UTF_16LE && d != UTF_16BE {
            if let Some(text) = d.decode_without_bom_handling_and_without_replacement(bytes) {
                return Ok(Decoded {
                    text: text.into_owned(),
                    encoding: display_name(d),
                });
            }
        }
    }

    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    // The first MiB is plenty to tell GBK from Big5 and keeps huge files cheap.
    let sample = &bytes[..bytes.len().min(DETECT_BYTES)];
    detector.feed(sample, sample.len() == bytes.len());
    let guess = detector.guess(None, chardetng::Utf8Detection::Allow);
    let guess = if guess == GBK { GB18030 } else { guess };
    let (text, _) = guess.decode_without_bom_handling(bytes);
    let text = text.into_owned();
    let bad = count_replacements(bytes, &text);
    if bad > stats.invalid_sequences {
        let text = lossy_utf8();
        check_replacements(&text, stats.invalid_sequences, "UTF-8")?;
        return Ok(Decoded {
            text,
            encoding: note("UTF-8 (lossy)".to_string(), UTF_8),
        });
    }
    check_replacements(&text, bad, guess.name())?;
    Ok(Decoded {
        text,
        encoding: note(display_name(guess), guess),
    })
}

/// Find an encoding declared in the first bytes of an HTML document:
/// `<meta charset="...">` or `<meta http-equiv="Content-Type"
/// content="text/html; charset=...">`.
pub fn sniff_html_charset(bytes: &[u8]) -> Option<String> {
    use std::sync::LazyLock;
    static CHARSET: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
        // ok: a constant pattern that compiles.
        regex::bytes::Regex::new(r#"(?i)<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)"#)
            .expect("valid regex")
    });
    let head = &bytes[..bytes.len().min(4096)];
    let caps = CHARSET.captures(head)?;
    let label = caps.get(1)?.as_bytes();
    Some(String::from_utf8_lossy(label).into_owned())
}

/// The name recorded in `Article.encoding`.
fn display_name(enc: &'static Encoding) -> String {
    if enc == GBK || enc == GB18030 {
        "GB18030".to_string()
    } else {
        enc.name().to_string()
    }
}

/// GBK and GB18030 are one family: declaring one and detecting the other is
/// not worth a note.
fn same_family(enc: &'static Encoding) -> &'static Encoding {
    if enc == GBK {
        GB18030
    } else {
        enc
    }
}

fn check_binary(bytes: &[u8]) -> Result<(), String> {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if head.contains(&0) {
        return Err("binary file (NUL bytes); not text".into());
    }
    let control = head
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b)) || b == 0x7f)
        .count();
    if control * 20 > head.len() {
        return Err(format!(
            "binary file ({}% control characters in the first {} bytes); not text",
            control * 100 / head.len().max(1),
            head.len()
        ));
    }
    Ok(())
}

fn check_replacements(text: &str, replaced: usize, encoding: &str) -> Result<(), String> {
    let chars = text.chars().count();
    if replaced * 20 > chars {
        return Err(format!(
            "undecodable: {replaced} of {chars} characters could not be decoded (best guess {encoding})"
        ));
    }
    Ok(())
}

/// Replacement characters the decoder introduced: those in the output minus
/// those already present as UTF-8 in the input.
fn count_replacements(input: &[u8], text: &str) -> usize {
    let out = text.chars().filter(|&c| c == '\u{FFFD}').count();
    let already = input
        .windows(3)
        .filter(|w| *w == [0xEF, 0xBF, 0xBD])
        .count();
    out.saturating_sub(already)
}

struct Utf8Stats {
    valid_non_ascii: usize,
    invalid_bytes: usize,
    invalid_sequences: usize,
}

impl Utf8Stats {
    fn non_ascii(&self) -> usize {
        self.valid_non_ascii + self.invalid_bytes
    }
}

fn utf8_stats(mut bytes: &[u8]) -> Utf8Stats {
    let mut stats = Utf8Stats {
        valid_non_ascii: 0,
        invalid_bytes: 0,
        invalid_sequences: 0,
    };
    loop {
        match std::str::from_utf8(bytes) {
            Ok(s) => {
                stats.valid_non_ascii += s.bytes().filter(|b| !b.is_ascii()).count();
                return stats;
            }
            Err(e) => {
                let (valid, rest) = bytes.split_at(e.valid_up_to());
                stats.valid_non_ascii += valid.iter().filter(|b| !b.is_ascii()).count();
                let bad = e.error_len().unwrap_or(rest.len());
                stats.invalid_bytes += bad;
                stats.invalid_sequences += 1;
                bytes = &rest[bad..];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::BIG5;

    #[test]
    fn ascii_is_utf8() {
        let d = decode(b"hello\n", Some("gbk")).unwrap();
        assert_eq!(d.text, "hello\n");
        assert_eq!(d.encoding, "UTF-8");
    }

    #[test]
    fn utf16_with_bom() {
        let mut le = vec![0xFF, 0xFE];
        for u in "小红书 GMV".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&le, None).unwrap();
        assert_eq!(d.text, "小红书 GMV");
        assert_eq!(d.encoding, "UTF-16LE");
        let mut be = vec![0xFE, 0xFF];
        for u in "小红书".encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        let d = decode(&be, None).unwrap();
        assert_eq!(d.text, "小红书");
        assert_eq!(d.encoding, "UTF-16BE");
    }

    #[test]
    fn bom_only_is_empty() {
        assert_eq!(decode(b"\xEF\xBB\xBF \n", None).unwrap_err(), "empty file");
        assert_eq!(decode(b" \r\n\t", None).unwrap_err(), "empty file");
        assert_eq!(decode(b"", None).unwrap_err(), "empty file");
    }

    #[test]
    fn control_characters_are_binary() {
        let bytes: Vec<u8> = (0..4000u32).map(|i| (i % 32) as u8 + 1).collect();
        let err = decode(&bytes, None).unwrap_err();
        assert!(err.starts_with("binary file ("), "{err}");
    }

    #[test]
    fn preexisting_replacement_chars_are_not_counted() {
        let d = decode("乱码\u{FFFD}\u{FFFD}\u{FFFD}".as_bytes(), None).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(count_replacements("\u{FFFD}".as_bytes(), "\u{FFFD}"), 0);
    }

    #[test]
    fn declared_legacy_encoding_is_used_when_it_fits() {
        let (bytes, _, _) = BIG5.encode("小紅書電商");
        let d = decode(&bytes, Some("big5")).unwrap();
        assert_eq!(d.text, "小紅書電商");
        assert_eq!(d.encoding, "Big5");
    }
}
