//! Claims on short hand-written sentences: through the whole chain
//! (`pipeline::extract_text`, simplified and traditional script) and through
//! `find_claims` directly with hand-made mentions, times and figures.

use zhmine::extract::claims::{find_claims, text_shifts};
use zhmine::extract::entities::Mention;
use zhmine::extract::time::{Anchor, TimeExpr};
use zhmine::extract::{Claim, ClaimKind, Figure};
use zhmine::model::{EntityKind, Evidence, Period, Precision, Sentence, SentenceFlags};
use zhmine::pipeline::extract_text;

fn published() -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_ymd_opt(2025, 3, 1)
}

fn claims_of(text: &str) -> Vec<Claim> {
    extract_text(text, published()).claims
}

fn start(c: &Claim) -> Option<&str> {
    c.period.as_ref().map(|p| p.start.as_str())
}

const CLAUSES_SIMPLIFIED: &str =
    "比如 2023 年,小红书主推的是买手直播,2024年重心又切到商家店播、主理人直播。";
const CLAUSES_TRADITIONAL: &str =
    "比如 2023 年，小紅書主推的是買手直播，2024年重心又切到商家店播、主理人直播。";

fn check_clauses(claims: &[Claim]) {
    assert_eq!(claims.len(), 2, "{claims:#?}");
    let (a, b) = (&claims[0], &claims[1]);
    assert_eq!((a.entity.as_str(), a.kind), ("小红书", ClaimKind::Strategy));
    assert_eq!(start(a), Some("2023-01-01"));
    assert_eq!(a.topics, vec!["买手直播"]);
    assert_eq!((b.entity.as_str(), b.kind), ("小红书", ClaimKind::Strategy));
    assert_eq!(start(b), Some("2024-01-01"));
    assert_eq!(b.topics, vec!["商家店播", "主理人直播"]);
    // Both point at the whole sentence.
    assert_eq!(a.evidence, b.evidence);
    assert_eq!(a.evidence.char_start, 0);
    assert_eq!(a.evidence.sentence.chars().count(), a.evidence.char_end);
}

#[test]
fn each_clause_takes_its_own_period_and_topics() {
    check_clauses(&claims_of(CLAUSES_SIMPLIFIED));
}

#[test]
fn traditional_script_gives_the_same_claims() {
    let norm = zhmine::normalize::normalize(CLAUSES_TRADITIONAL);
    assert!(norm.text.contains("小红书"), "{}", norm.text);
    check_clauses(&claims_of(CLAUSES_TRADITIONAL));
}

#[test]
fn a_person_with_a_speech_verb_is_an_opinion() {
    let c = claims_of("2023年,柯南在小红书电商大会上表示小红书“买手时代已来”。");
    assert_eq!(c.len(), 1, "{c:#?}");
    assert_eq!(c[0].kind, ClaimKind::Opinion);
    assert_eq!(c[0].entity, "小红书");
    assert_eq!(c[0].actors.first().map(String::as_str), Some("柯南"));
    assert_eq!(c[0].topics, vec!["买手直播"]);
    assert_eq!(start(&c[0]), Some("2023-01-01"));
}

#[test]
fn the_main_entity_stands_in_only_for_the_platform() {
    let c = claims_of("小红书是一家内容社区。2024年,平台重点发力商家店播。");
    assert_eq!(c.len(), 1, "{c:#?}");
    assert_eq!(c[0].entity, "小红书");
    assert_eq!(c[0].topics, vec!["商家店播"]);
    // No platform named and no 平台: nobody to attribute it to.
    assert!(claims_of("小红书是一家内容社区。2024年重心切到店播。").is_empty());
}

#[test]
fn no_topic_or_no_strategy_word_is_no_claim() {
    assert!(claims_of("2024年,小红书主推一款新应用。").is_empty());
    assert!(claims_of("2024年,小红书的买手直播很热闹。").is_empty());
}

#[test]
fn boilerplate_never_yields_claims() {
    let c = claims_of(
        "小红书是一家内容社区。欢迎感兴趣的读者添加作者微信 aqingcjx 一起交流讨论小红书主推店播。",
    );
    assert!(c.is_empty(), "{c:#?}");
}

#[test]
fn shifts_are_read_from_the_words() {
    let s = text_shifts("小红书电商也从无到有,从“买手时代”进阶到“生活方式电商”时代。");
    assert_eq!(s.len(), 1);
    assert_eq!(
        (s[0].from.as_slice(), s[0].to.as_slice()),
        (
            &["买手直播".to_string()][..],
            &["生活方式电商".to_string()][..]
        )
    );
    let s = text_shifts(CLAUSES_SIMPLIFIED);
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].from, vec!["买手直播"]);
    assert_eq!(s[0].to, vec!["商家店播", "主理人直播"]);
    assert!(text_shifts("从开播到成交都有流量激励。").is_empty());
}

// --- find_claims with hand-made inputs -------------------------------------

fn sentence(text: &str, s: &str, flags: SentenceFlags) -> Sentence {
    let byte_start = text.find(s).unwrap_or(0);
    let char_start = text[..byte_start].chars().count();
    Sentence {
        byte_start,
        byte_end: byte_start + s.len(),
        char_start,
        char_end: char_start + s.chars().count(),
        flags,
    }
}

fn mention(text: &str, name: &str, kind: EntityKind, sentence: usize) -> Mention {
    let b = text.find(name).unwrap_or(0);
    Mention {
        name: name.into(),
        kind,
        surface: name.into(),
        sentence,
        byte_start: b,
        byte_end: b + name.len(),
    }
}

fn y2024(sentence: &str) -> TimeExpr {
    let b = sentence.find("2024年").unwrap_or(0);
    TimeExpr {
        period: Period {
            start: "2024-01-01".into(),
            end: "2024-12-31".into(),
            text: "2024年".into(),
            precision: Precision::Year,
        },
        anchor: Anchor::Absolute,
        byte_start: b,
        byte_end: b + "2024年".len(),
    }
}

#[test]
fn every_figure_with_a_subject_is_a_figure_claim() {
    let s0 = "2024年,小红书电商GMV达到1000亿元,店播贡献显著。";
    let text = s0.to_string();
    let sents = [sentence(&text, s0, SentenceFlags::default())];
    let ev = Evidence {
        doc_id: "d".into(),
        sentence: s0.into(),
        char_start: 0,
        char_end: s0.chars().count(),
    };
    let fig = |subject: Option<&str>| Figure {
        subject: subject.map(str::to_string),
        metric: "GMV".into(),
        of: None,
        value: 1e11,
        range: None,
        unit: "CNY".into(),
        qualifier: None,
        period: Some(y2024(s0).period),
        text: "1000亿元".into(),
        evidence: ev.clone(),
        published: None,
        published_inferred: false,
    };
    let mentions = [mention(&text, "小红书", EntityKind::Platform, 0)];
    let times = vec![vec![y2024(s0)]];
    let figures = [fig(Some("小红书")), fig(None)];
    let c = find_claims(
        "d",
        &text,
        &sents,
        &mentions,
        &times,
        &figures,
        Some("小红书"),
    );
    assert_eq!(c.len(), 1, "{c:#?}");
    assert_eq!(c[0].kind, ClaimKind::Figure);
    assert_eq!(c[0].entity, "小红书");
    assert_eq!(c[0].figure.as_ref().map(|f| f.value), Some(1e11));
    assert_eq!(start(&c[0]), Some("2024-01-01"));
    // Topics of the figure's clause only (店播 is in the next one).
    assert!(c[0].topics.is_empty(), "{:?}", c[0].topics);
    assert_eq!(c[0].evidence, ev);
}

#[test]
fn garbled_and_heading_sentences_are_skipped() {
    let s0 = "2024年小红书主推店播。";
    let text = s0.to_string();
    let mentions = [mention(&text, "小红书", EntityKind::Platform, 0)];
    let times = vec![vec![y2024(s0)]];
    for flags in [
        SentenceFlags {
            garbled: true,
            ..Default::default()
        },
        SentenceFlags {
            heading: true,
            ..Default::default()
        },
        SentenceFlags {
            boilerplate: true,
            ..Default::default()
        },
    ] {
        let sents = [sentence(&text, s0, flags)];
        assert!(find_claims("d", &text, &sents, &mentions, &times, &[], Some("小红书")).is_empty());
    }
    let sents = [sentence(&text, s0, SentenceFlags::default())];
    let c = find_claims("d", &text, &sents, &mentions, &times, &[], Some("小红书"));
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].topics, vec!["商家店播"]);
}

#[test]
fn actors_are_the_others_in_the_sentence() {
    let s0 = "2024年小红书联合抖音主推店播,章小蕙也参与。";
    let text = s0.to_string();
    let mentions = [
        mention(&text, "小红书", EntityKind::Platform, 0),
        mention(&text, "抖音", EntityKind::Platform, 0),
        mention(&text, "章小蕙", EntityKind::Person, 0),
    ];
    let sents = [sentence(&text, s0, SentenceFlags::default())];
    let c = find_claims("d", &text, &sents, &mentions, &[vec![y2024(s0)]], &[], None);
    assert_eq!(c.len(), 1, "{c:#?}");
    // The platform named first (the subject) is the entity.
    assert_eq!(c[0].entity, "小红书");
    assert_eq!(c[0].actors, vec!["抖音", "章小蕙"]);
}

#[test]
fn headlines_state_figures_and_opinions() {
    // The README's example: one line, no sentence end — a heading.
    let c = claims_of("去年小红书电商GMV突破1000亿元");
    assert_eq!(c.len(), 1, "{c:#?}");
    assert_eq!(c[0].kind, ClaimKind::Figure);
    assert_eq!(c[0].entity, "小红书");
    assert_eq!(start(&c[0]), Some("2024-01-01"));
    // A speech verb after a person: an opinion, not a section title.
    let c = claims_of("柯南表示小红书要做买手直播");
    assert_eq!(c.len(), 1, "{c:#?}");
    assert_eq!(c[0].kind, ClaimKind::Opinion);
    assert_eq!(c[0].actors.first().map(String::as_str), Some("柯南"));
    assert_eq!(c[0].topics, vec!["买手直播"]);
    // A headline above a body: its figure is a claim too.
    let c = claims_of("拼多多一季度营收957亿元\n拼多多公布了业绩。");
    assert!(
        c.iter()
            .any(|c| c.kind == ClaimKind::Figure && c.entity == "拼多多"),
        "{c:#?}"
    );
}
