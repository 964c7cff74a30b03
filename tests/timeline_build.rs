//! `build_timeline` without an index: merging, conflicts, shifts, filters,
//! ordering.

use zhmine::extract::{Claim, ClaimKind, Figure};
use zhmine::model::{Evidence, Period, Precision};
use zhmine::pipeline::StoredClaim;
use zhmine::query::timeline::{build_timeline, ShiftBasis, Timeline, TimelineRequest};

fn year(y: i32, text: &str) -> Option<Period> {
    Some(Period {
        start: format!("{y}-01-01"),
        end: format!("{y}-12-31"),
        text: text.to_string(),
        precision: Precision::Year,
    })
}

fn evidence(doc: &str, sentence: &str, at: usize) -> Evidence {
    Evidence {
        doc_id: doc.to_string(),
        sentence: sentence.to_string(),
        char_start: at,
        char_end: at + sentence.chars().count(),
    }
}

fn stored(claim: Claim, source: &str, published: &str) -> StoredClaim {
    StoredClaim {
        claim,
        title: None,
        source: Some(source.to_string()),
        published: Some(published.to_string()),
        published_inferred: false,
    }
}

fn gmv(doc: &str, source: &str, sentence: &str, value: f64, text: &str) -> StoredClaim {
    let ev = evidence(doc, sentence, 10);
    let fig = Figure {
        subject: Some("小红书".into()),
        metric: "GMV".into(),
        of: None,
        value,
        range: None,
        unit: "CNY".into(),
        qualifier: None,
        period: year(2024, "2024年"),
        text: text.into(),
        evidence: ev.clone(),
        published: None,
        published_inferred: false,
    };
    stored(
        Claim {
            entity: "小红书".into(),
            kind: ClaimKind::Figure,
            period: year(2024, "2024年"),
            topics: Vec::new(),
            actors: Vec::new(),
            figure: Some(fig),
            claim: sentence.into(),
            evidence: ev,
        },
        source,
        "2025-01-15",
    )
}

fn strategy(
    doc: &str,
    sentence: &str,
    at: usize,
    period: Option<Period>,
    topics: &[&str],
) -> StoredClaim {
    stored(
        Claim {
            entity: "小红书".into(),
            kind: ClaimKind::Strategy,
            period,
            topics: topics.iter().map(|t| t.to_string()).collect(),
            actors: Vec::new(),
            figure: None,
            claim: sentence.into(),
            evidence: evidence(doc, sentence, at),
        },
        "雷峰网",
        "2025-03-01",
    )
}

fn req() -> TimelineRequest {
    TimelineRequest {
        entity: "小红书".into(),
        ..Default::default()
    }
}

#[test]
fn same_value_from_two_sources_is_one_event_with_two_evidence() {
    let t = build_timeline(
        "小红书",
        vec![
            gmv(
                "a",
                "甲报",
                "2024年小红书GMV达到1000亿元。",
                1e11,
                "1000亿元",
            ),
            gmv(
                "b",
                "乙报",
                "小红书2024年成交额为1,000亿元。",
                1e11,
                "1,000亿元",
            ),
        ],
        &req(),
    );
    assert_eq!(t.events.len(), 1, "{t:#?}");
    let e = &t.events[0];
    assert_eq!(e.evidence.len(), 2);
    assert_eq!(e.evidence[0].source.as_deref(), Some("甲报"));
    assert_eq!(e.evidence[1].source.as_deref(), Some("乙报"));
    assert!(!e.conflict);
}

#[test]
fn different_values_for_one_period_conflict_and_keep_their_sources() {
    let t = build_timeline(
        "小红书",
        vec![
            gmv(
                "a",
                "甲报",
                "2024年小红书GMV达到1000亿元。",
                1e11,
                "1000亿元",
            ),
            gmv(
                "b",
                "乙报",
                "2024年小红书GMV达到4000亿元。",
                4e11,
                "4000亿元",
            ),
        ],
        &req(),
    );
    assert_eq!(t.events.len(), 2, "{t:#?}");
    for e in &t.events {
        assert!(e.conflict, "{e:#?}");
        assert_eq!(e.evidence.len(), 1);
    }
    let values: Vec<f64> = t
        .events
        .iter()
        .filter_map(|e| e.figure.as_ref())
        .map(|f| f.value)
        .collect();
    assert_eq!(values, vec![1e11, 4e11]);
    assert_eq!(t.events[0].evidence[0].source.as_deref(), Some("甲报"));
    assert_eq!(t.events[1].evidence[0].source.as_deref(), Some("乙报"));
}

#[test]
fn a_target_does_not_conflict_with_an_actual() {
    let mut target = gmv(
        "b",
        "乙报",
        "小红书2024年GMV目标为4000亿元。",
        4e11,
        "4000亿元",
    );
    if let Some(f) = target.claim.figure.as_mut() {
        f.qualifier = Some("target".into());
    }
    let t = build_timeline(
        "小红书",
        vec![
            gmv(
                "a",
                "甲报",
                "2024年小红书GMV达到1000亿元。",
                1e11,
                "1000亿元",
            ),
            target,
        ],
        &req(),
    );
    assert_eq!(t.events.len(), 2);
    assert!(t.events.iter().all(|e| !e.conflict));
}

/// A growth figure of `of` (`营收同比增长11.4%`).
fn growth(doc: &str, sentence: &str, value: f64, of: Option<&str>) -> StoredClaim {
    let mut c = gmv(doc, "甲报", sentence, value, "x");
    if let Some(f) = c.claim.figure.as_mut() {
        f.metric = "growth".into();
        f.unit = "percent".into();
        f.of = of.map(str::to_string);
    }
    c
}

#[test]
fn growth_of_two_metrics_does_not_conflict() {
    // Revenue and profit growth of one period are two figures.
    let t = build_timeline(
        "小红书",
        vec![
            growth(
                "a",
                "2024年小红书营收同比增长11.4%。",
                0.114,
                Some("revenue"),
            ),
            growth(
                "a",
                "2024年小红书净利润同比增长24.4%。",
                0.244,
                Some("profit"),
            ),
            growth("b", "2024年小红书营收同比增长12%。", 0.12, Some("revenue")),
        ],
        &req(),
    );
    assert_eq!(t.events.len(), 3, "{t:#?}");
    for e in &t.events {
        let of = e.figure.as_ref().and_then(|f| f.of.as_deref());
        // The two revenue growths disagree; the profit growth stands alone.
        assert_eq!(e.conflict, of == Some("revenue"), "{e:#?}");
    }
}

#[test]
fn an_expectation_conflicts_with_neither_actuals_nor_targets() {
    let mut expected = gmv(
        "b",
        "乙报",
        "2024年小红书GMV低于市场预期的1200亿元。",
        1.2e11,
        "1200亿元",
    );
    if let Some(f) = expected.claim.figure.as_mut() {
        f.qualifier = Some("expected".into());
    }
    let mut target = gmv(
        "c",
        "丙报",
        "小红书2024年GMV目标为4000亿元。",
        4e11,
        "4000亿元",
    );
    if let Some(f) = target.claim.figure.as_mut() {
        f.qualifier = Some("target".into());
    }
    let t = build_timeline(
        "小红书",
        vec![
            gmv(
                "a",
                "甲报",
                "2024年小红书GMV达到1000亿元。",
                1e11,
                "1000亿元",
            ),
            expected,
            target,
        ],
        &req(),
    );
    assert_eq!(t.events.len(), 3);
    assert!(t.events.iter().all(|e| !e.conflict), "{t:#?}");
}

const SHIFT_SENTENCE: &str =
    "比如 2023 年,小红书主推的是买手直播,2024年重心又切到商家店播、主理人直播。";

#[test]
fn a_shift_stated_in_the_text_links_both_periods() {
    let t = build_timeline(
        "小红书",
        vec![
            strategy(
                "s",
                SHIFT_SENTENCE,
                100,
                year(2023, "2023 年"),
                &["买手直播"],
            ),
            strategy(
                "s",
                SHIFT_SENTENCE,
                100,
                year(2024, "2024年"),
                &["商家店播", "主理人直播"],
            ),
        ],
        &req(),
    );
    let s = t
        .shifts
        .iter()
        .find(|s| s.from.topic == "买手直播" && s.to.topic == "商家店播")
        .unwrap_or_else(|| panic!("no shift in {t:#?}"));
    assert_eq!(s.basis, ShiftBasis::Text);
    assert_eq!(
        s.from.period.as_ref().map(|p| p.start.as_str()),
        Some("2023-01-01")
    );
    assert_eq!(
        s.to.period.as_ref().map(|p| p.start.as_str()),
        Some("2024-01-01")
    );
    assert_eq!(s.evidence.len(), 1);
    assert_eq!(s.evidence[0].sentence, SHIFT_SENTENCE);
    assert!(t.shifts.iter().any(|s| s.to.topic == "主理人直播"));
    // Two events: 2023 and 2024, in that order.
    let periods: Vec<_> = t
        .events
        .iter()
        .map(|e| e.period.as_ref().map(|p| p.start.clone()))
        .collect();
    assert_eq!(
        periods,
        vec![
            Some("2023-01-01".to_string()),
            Some("2024-01-01".to_string())
        ]
    );
}

#[test]
fn an_undated_side_of_a_stated_shift_takes_the_first_period_of_its_topic() {
    let s = "小红书电商从“买手时代”进阶到“生活方式电商”时代。";
    let t = build_timeline(
        "小红书",
        vec![
            strategy("x", s, 5, None, &["买手直播"]),
            strategy("x", s, 5, None, &["生活方式电商"]),
            strategy(
                "y",
                "2023年小红书主推买手直播。",
                1,
                year(2023, "2023年"),
                &["买手直播"],
            ),
            strategy(
                "y",
                "2024年小红书提出生活方式电商。",
                30,
                year(2024, "2024年"),
                &["生活方式电商"],
            ),
        ],
        &req(),
    );
    let sh = t
        .shifts
        .iter()
        .find(|x| x.from.topic == "买手直播" && x.to.topic == "生活方式电商")
        .unwrap_or_else(|| panic!("{t:#?}"));
    assert_eq!(
        sh.from.period.as_ref().map(|p| p.start.as_str()),
        Some("2023-01-01")
    );
    assert_eq!(
        sh.to.period.as_ref().map(|p| p.start.as_str()),
        Some("2024-01-01")
    );
    // Undated events come last.
    assert!(t.events.last().is_some_and(|e| e.period.is_none()));
}

#[test]
fn a_change_of_dominant_topic_is_a_shift() {
    let t = build_timeline(
        "小红书",
        vec![
            strategy(
                "a",
                "2023年小红书主推买手直播。",
                0,
                year(2023, "2023年"),
                &["买手直播"],
            ),
            strategy(
                "b",
                "2023年小红书力推买手直播。",
                0,
                year(2023, "2023年"),
                &["买手直播"],
            ),
            strategy(
                "c",
                "2024年小红书发力店播。",
                0,
                year(2024, "2024年"),
                &["商家店播"],
            ),
            strategy(
                "d",
                "2024年小红书扶持商家店播。",
                0,
                year(2024, "2024年"),
                &["商家店播"],
            ),
            strategy(
                "d",
                "2024年小红书也扶持买手直播。",
                20,
                year(2024, "2024年"),
                &["买手直播"],
            ),
        ],
        &req(),
    );
    assert_eq!(t.shifts.len(), 1, "{:#?}", t.shifts);
    let s = &t.shifts[0];
    assert_eq!(s.basis, ShiftBasis::Dominance);
    assert_eq!(
        (s.from.topic.as_str(), s.to.topic.as_str()),
        ("买手直播", "商家店播")
    );
    assert_eq!(s.evidence.len(), 4);
}

#[test]
fn one_sentence_per_year_is_no_dominance() {
    let t = build_timeline(
        "小红书",
        vec![
            strategy(
                "a",
                "2023年小红书主推买手直播。",
                0,
                year(2023, "2023年"),
                &["买手直播"],
            ),
            strategy(
                "c",
                "2024年小红书发力店播。",
                0,
                year(2024, "2024年"),
                &["商家店播"],
            ),
        ],
        &req(),
    );
    assert!(t.shifts.is_empty(), "{:#?}", t.shifts);
}

#[test]
fn same_topics_same_period_merge_across_articles() {
    let t = build_timeline(
        "小红书",
        vec![
            strategy(
                "a",
                "2024年小红书主推店播。",
                0,
                year(2024, "2024年"),
                &["商家店播"],
            ),
            strategy(
                "b",
                "去年小红书发力店播。",
                7,
                year(2024, "去年"),
                &["商家店播"],
            ),
            strategy(
                "b",
                "去年小红书发力店播和买手直播。",
                40,
                year(2024, "去年"),
                &["商家店播", "买手直播"],
            ),
        ],
        &req(),
    );
    assert_eq!(t.events.len(), 2);
    let merged = t
        .events
        .iter()
        .find(|e| e.topics == ["商家店播"])
        .unwrap_or_else(|| panic!("{t:#?}"));
    assert_eq!(merged.evidence.len(), 2);
}

#[test]
fn output_does_not_depend_on_input_order() {
    let claims = vec![
        gmv(
            "a",
            "甲报",
            "2024年小红书GMV达到1000亿元。",
            1e11,
            "1000亿元",
        ),
        gmv(
            "b",
            "乙报",
            "2024年小红书GMV达到4000亿元。",
            4e11,
            "4000亿元",
        ),
        gmv("c", "丙报", "小红书2024年GMV为1000亿元。", 1e11, "1000亿元"),
        strategy(
            "s",
            SHIFT_SENTENCE,
            100,
            year(2023, "2023 年"),
            &["买手直播"],
        ),
        strategy(
            "s",
            SHIFT_SENTENCE,
            100,
            year(2024, "2024年"),
            &["商家店播", "主理人直播"],
        ),
        strategy(
            "u",
            "小红书不再只提买手,转而扶持店播。",
            3,
            None,
            &["买手直播"],
        ),
    ];
    let a: Timeline = build_timeline("小红书", claims.clone(), &req());
    let mut rev = claims;
    rev.reverse();
    let b = build_timeline("小红书", rev, &req());
    assert_eq!(
        serde_json::to_string(&a).unwrap_or_default(),
        serde_json::to_string(&b).unwrap_or_default()
    );
}

#[test]
fn topic_and_date_filters() {
    let claims = vec![
        strategy(
            "s",
            SHIFT_SENTENCE,
            100,
            year(2023, "2023 年"),
            &["买手直播"],
        ),
        strategy(
            "s",
            SHIFT_SENTENCE,
            100,
            year(2024, "2024年"),
            &["商家店播", "主理人直播"],
        ),
        strategy("u", "小红书不再只提买手。", 3, None, &["买手直播"]),
        gmv(
            "a",
            "甲报",
            "2024年小红书GMV达到1000亿元。",
            1e11,
            "1000亿元",
        ),
    ];
    // A variant (店播) names its topic.
    let t = build_timeline(
        "小红书",
        claims.clone(),
        &TimelineRequest {
            topic: Some("店播".into()),
            ..req()
        },
    );
    assert_eq!(t.events.len(), 1);
    assert!(t.events[0].topics.contains(&"商家店播".to_string()));
    // Periods overlapping 2024; the undated claim is judged by its article's
    // publication date (2025-03-01), so it is out.
    let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let t = build_timeline(
        "小红书",
        claims.clone(),
        &TimelineRequest {
            from: d("2024-06-01"),
            to: d("2024-12-31"),
            ..req()
        },
    );
    assert_eq!(t.events.len(), 2, "{t:#?}");
    assert!(t
        .events
        .iter()
        .all(|e| e.period.as_ref().is_some_and(|p| p.start == "2024-01-01")));
    // Claims about another entity are not in the timeline.
    let t = build_timeline("抖音", claims, &req());
    assert!(t.events.is_empty());
}
