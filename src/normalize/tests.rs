//! Tests of the whole stage: the offset map (property tests) and the seed.

use super::*;
use proptest::prelude::*;

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("小红书".to_string()),
        Just("小紅書電商".to_string()),
        Just("越來越".to_string()),
        Just("應(yīng)".to_string()),
        Just("內（nèi）".to_string()),
        Just("应(ying1)".to_string()),
        Just("(一代)".to_string()),
        Just("(yes)".to_string()),
        Just("F(xiàn)".to_string()),
        Just("?qū)".to_string()),
        Just("</p>".to_string()),
        Just("<br/>".to_string()),
        Just("&nbsp;".to_string()),
        Just("&#x4e2d;".to_string()),
        Just("?/p>".to_string()),
        Just("１９９８ＧＭＶ".to_string()),
        Just("㎡".to_string()),
        Just("e\u{301}".to_string()),
        Just("\u{301}".to_string()),
        Just(" ".to_string()),
        Just("  ".to_string()),
        Just("\u{3000}".to_string()),
        Just("\r\n".to_string()),
        Just("\n\n".to_string()),
        Just("\t".to_string()),
        Just("。".to_string()),
        Just("?!".to_string()),
        Just("…".to_string()),
        Just("”".to_string()),
        Just("2.4倍".to_string()),
        Just("┢".to_string()),
        Just("\u{FFFD}".to_string()),
        Just("\u{200B}".to_string()),
        Just("01 ".to_string()),
        any::<char>().prop_map(|c| c.to_string()),
        "[a-z(（)）<>/&;#]{1,4}",
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..40).prop_map(|v| v.concat())
}

fn check(original: &str) {
    let n = normalize(original);
    let norm_chars = n.text.chars().count();
    let orig_chars = original.chars().count();
    assert_eq!(n.map.normalized_len(), norm_chars);
    assert_eq!(n.map.to_original(norm_chars), orig_chars);
    assert_eq!(n.map.original_len(), orig_chars);
    let mut prev = 0;
    for i in 0..=norm_chars {
        let o = n.map.to_original(i);
        assert!(o >= prev, "map not monotonic at {i}: {o} < {prev}");
        assert!(o <= orig_chars);
        prev = o;
    }
    let mut last_end = 0;
    for s in &n.sentences {
        assert!(s.byte_start < s.byte_end && s.byte_end <= n.text.len());
        assert!(n.text.is_char_boundary(s.byte_start) && n.text.is_char_boundary(s.byte_end));
        assert!(s.byte_start >= last_end, "sentences overlap");
        last_end = s.byte_end;
        assert_eq!(n.text[..s.byte_start].chars().count(), s.char_start);
        assert_eq!(n.text[..s.byte_end].chars().count(), s.char_end);
        let st = &n.text[s.byte_start..s.byte_end];
        assert_eq!(st.trim(), st, "span not trimmed");
        let (a, b) = n.map.span_to_original(s.char_start, s.char_end);
        assert!(a <= b && b <= orig_chars);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn map_and_spans_hold(s in text()) {
        check(&s);
    }

    #[test]
    fn arbitrary_strings_never_panic(s in any::<String>()) {
        check(&s);
    }

    #[test]
    fn to_simplified_never_panics(s in text()) {
        let _ = to_simplified(&s);
    }
}

#[test]
fn edge_cases() {
    for s in [
        "",
        "\n",
        "(",
        "（",
        ")",
        "應(",
        "&#0;",
        "&#x110000;",
        "<p",
        "\u{301}",
        "?",
        "。",
        " \u{3000} ",
    ] {
        check(s);
    }
}

fn seed() -> String {
    let p =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/000_b18d7c9321e13add.txt");
    std::fs::read_to_string(p).unwrap_or_default()
}

fn original_slice(original: &str, a: usize, b: usize) -> String {
    original.chars().skip(a).take(b.saturating_sub(a)).collect()
}

#[test]
fn seed_sentence_maps_back_to_traditional() {
    let original = seed();
    assert!(!original.is_empty(), "seed missing");
    check(&original);
    let n = normalize(&original);
    assert!(n.converted);
    let target = "服务商施海华表示,“小红书上大部分类目的 Top10 中,80% 还是一些不知名品牌,";
    let s = n
        .sentences
        .iter()
        .find(|s| n.sentence_text(s).starts_with(target))
        .expect("sentence with 服务商施海华表示");
    let (a, b) = n.map.span_to_original(s.char_start, s.char_end);
    let orig = original_slice(&original, a, b);
    // The original still holds the readings the normalizer removed.
    assert!(
        orig.starts_with(
            "服務(wù)商施海華表示,“小紅書上大部分類目的 Top10 中,80% 還是一些不知名品牌,"
        ),
        "{orig}"
    );
    assert!(orig.ends_with("用戶興趣點的。"), "{orig}");

    // A sentence that lost pinyin readings maps back over them.
    let s = n
        .sentences
        .iter()
        .find(|s| n.sentence_text(s).contains("撒贝宁回应眉毛争议"))
        .expect("sentence with 撒贝宁");
    let (a, b) = n.map.span_to_original(s.char_start, s.char_end);
    let orig = original_slice(&original, a, b);
    assert!(orig.starts_with("從“TikTok難民潮”"), "{orig}");
    assert!(orig.contains("回應(yīng)眉毛"), "{orig}");
    assert!(orig.trim_end().ends_with("給用戶張嘴喂瓜。"), "{orig}");

    // Char-level: every Han char of the normalized text maps to a Han char.
    let orig_chars: Vec<char> = original.chars().collect();
    for (i, c) in n.text.chars().enumerate() {
        if is_han(c) {
            let o = orig_chars.get(n.map.to_original(i)).copied();
            assert!(o.is_some_and(is_han), "{c} at {i} maps to {o:?}");
            if let Some(o) = o.filter(|&o| o != '著') {
                assert_eq!(
                    to_simplified(&o.to_string()).chars().next(),
                    Some(c),
                    "{o} -> {c}"
                );
            }
        }
    }
}

#[test]
fn simplified_text_is_not_converted() {
    let n = normalize("小红书电商GMV破千亿。\n买手直播");
    assert!(!n.converted);
    assert!(n.map.is_identity());
    assert_eq!(n.sentences.len(), 2);
}
