//! Figures: a quantity (from [`super::numeral`]) + the metric it measures
//! (from `data/metrics.tsv`) + its subject (an entity of the sentence) + the
//! period it refers to (from [`super::time`]).
//!
//! Headings, questions, boilerplate and garbled sentences state no figure.
//! Precision over recall: a quantity becomes a figure only when a metric word
//! stands in its clause (or, for growth multiples, a growth cue does). Rules:
//!
//! * **clause**: the stretch of the sentence between `，,；;：:` marks;
//! * **metric**: the metric word nearest the quantity in its clause, before it
//!   preferred (`GMV 实现1000亿`), else after it (`3 亿DAU目标`); a multiple
//!   (`三倍`) or percentage with a growth cue and no metric word is `growth`;
//! * **subject**: the nearest entity before the quantity in its clause, else
//!   the nearest platform before it in the sentence, else any entity before it
//!   in the sentence, else the first platform after it in the sentence, else
//!   the article's main entity;
//! * **period**: the time expression of the quantity's clause, else the
//!   nearest one before it in the sentence; a time that is only the base of a
//!   comparison (`是去年2.4倍`, `比上年`) is not the figure's period;
//! * **unit**: the quantity's own unit, else the metric's default unit;
//! * **qualifier**: the quantity's own (至少, 超, 近 …), else `target` when the
//!   clause speaks of a goal (目标, 剑指, 有望 …).

use super::entities::Mention;
use super::numeral::{self, Quantity, Unit};
use super::time::TimeExpr;
use super::Figure;
use crate::model::{EntityKind, Evidence, Sentence};
use aho_corasick::{AhoCorasick, MatchKind};
use std::sync::LazyLock;

/// The metric lexicon: an automaton over every metric word.
struct Metrics {
    ac: Option<AhoCorasick>,
    /// For pattern `i`: (metric name, default unit).
    of: Vec<(String, String)>,
}

static METRICS: LazyLock<Metrics> = LazyLock::new(|| {
    let text = crate::data::text("metrics.tsv").unwrap_or_default();
    let mut words = Vec::new();
    let mut of = Vec::new();
    for line in crate::data::lines(&text) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [name, unit, ws] = cols[..] else { continue };
        for w in ws.split('|').map(str::trim).filter(|w| !w.is_empty()) {
            words.push(w.to_string());
            of.push((name.trim().to_string(), unit.trim().to_string()));
        }
    }
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .build(&words)
        .ok();
    Metrics { ac, of }
});

const GROWTH_CUES: &[&str] = &[
    "同比",
    "增长",
    "翻了",
    "翻",
    "是上年",
    "是去年",
    "是前年",
    "较上年",
    "较去年",
    "比上年",
    "比去年",
    "增速",
    "上涨",
];
const TARGET_CUES: &[&str] = &["目标", "剑指", "有望", "计划", "预计", "力争", "冲刺"];

fn is_clause_mark(c: char) -> bool {
    matches!(c, '，' | ',' | '；' | ';' | '：' | ':' | '、')
}

/// Byte ranges of the clauses of `s` (clause marks excluded).
fn clauses(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in s.char_indices() {
        // `、` joins list items inside one clause; only the others cut.
        if is_clause_mark(c) && c != '、' {
            out.push((start, i));
            start = i + c.len_utf8();
        }
    }
    out.push((start, s.len()));
    out
}

fn clause_of(cl: &[(usize, usize)], pos: usize) -> (usize, usize) {
    cl.iter()
        .copied()
        .find(|&(a, b)| pos >= a && pos < b.max(a + 1))
        .unwrap_or((0, usize::MAX))
}

/// A metric word found in a sentence: byte span and pattern index.
struct MetricHit {
    start: usize,
    end: usize,
    pat: usize,
}

fn metric_hits(s: &str) -> Vec<MetricHit> {
    let Some(ac) = METRICS.ac.as_ref() else {
        return Vec::new();
    };
    ac.find_iter(s)
        .filter(|m| {
            // A Latin metric word must stand alone (`GMV`, not `GMVX`).
            let w = &s[m.start()..m.end()];
            if w.is_ascii() {
                let before = s[..m.start()].chars().next_back();
                let after = s[m.end()..].chars().next();
                !before.is_some_and(|c| c.is_ascii_alphanumeric())
                    && !after.is_some_and(|c| c.is_ascii_alphanumeric())
            } else {
                true
            }
        })
        .map(|m| MetricHit {
            start: m.start(),
            end: m.end(),
            pat: m.pattern().as_usize(),
        })
        .collect()
}

fn is_question(s: &str) -> bool {
    let t = s.trim_end_matches(['”', '"', '」', '』', ')', '）']);
    t.ends_with('?') || t.ends_with('？')
}

/// Is the time expression only the base of a comparison (`是去年2.4倍`)?
fn is_comparison_base(s: &str, t: &TimeExpr) -> bool {
    let before = s.get(..t.byte_start).unwrap_or("");
    let after = s.get(t.byte_end..).unwrap_or("");
    let base_before = ["是", "比", "较", "相比", "相较", "同比"]
        .iter()
        .any(|w| before.ends_with(w));
    let after = after.trim_start_matches('的');
    let multiple_after = after.chars().take(6).collect::<String>().contains('倍');
    base_before || multiple_after
}

/// Every figure of an article. `times[i]` are the time expressions of
/// sentence `i`, byte offsets relative to the sentence; mention offsets are
/// relative to the article.
pub fn find_figures(
    doc_id: &str,
    text: &str,
    sentences: &[Sentence],
    mentions: &[Mention],
    times: &[Vec<TimeExpr>],
    main_entity: Option<&str>,
) -> Vec<Figure> {
    let mut out = Vec::new();
    for (i, sent) in sentences.iter().enumerate() {
        if sent.flags.garbled || sent.flags.boilerplate || sent.flags.heading {
            continue;
        }
        let Some(s) = text.get(sent.byte_start..sent.byte_end) else {
            continue;
        };
        // A question states nothing (`能成为下一个万亿 GMV 的电商平台吗?`).
        if is_question(s) {
            continue;
        }
        let qs = numeral::scan(s);
        if qs.is_empty() {
            continue;
        }
        let metrics = metric_hits(s);
        let cl = clauses(s);
        // Mentions of this sentence, offsets made sentence-relative.
        let ms: Vec<(usize, &Mention)> = mentions
            .iter()
            .filter(|m| m.sentence == i)
            .map(|m| (m.byte_start.saturating_sub(sent.byte_start), m))
            .collect();
        let ts: Vec<&TimeExpr> = times
            .get(i)
            .map(|v| v.iter().filter(|t| !is_comparison_base(s, t)).collect())
            .unwrap_or_default();
        for q in qs {
            if let Some(f) = figure_of(doc_id, s, sent, &q, &metrics, &cl, &ms, &ts, main_entity) {
                if !out.iter().any(|o: &Figure| same_figure(o, &f)) {
                    out.push(f);
                }
            }
        }
    }
    out
}

fn same_figure(a: &Figure, b: &Figure) -> bool {
    a.evidence == b.evidence && a.metric == b.metric && a.value == b.value && a.subject == b.subject
}

#[allow(clippy::too_many_arguments)]
fn figure_of(
    doc_id: &str,
    s: &str,
    sent: &Sentence,
    q: &Quantity,
    metrics: &[MetricHit],
    cl: &[(usize, usize)],
    ms: &[(usize, &Mention)],
    ts: &[&TimeExpr],
    main_entity: Option<&str>,
) -> Option<Figure> {
    let (c0, c1) = clause_of(cl, q.byte_start);
    let in_clause = |p: usize| p >= c0 && p < c1;
    let clause = s.get(c0..c1.min(s.len())).unwrap_or("");

    // Metric: nearest word before the quantity in its clause, else after.
    let before = metrics
        .iter()
        .filter(|m| in_clause(m.start) && m.end <= q.byte_start)
        .max_by_key(|m| m.end);
    let after = metrics
        .iter()
        .filter(|m| in_clause(m.start) && m.start >= q.byte_end)
        .min_by_key(|m| m.start);
    let growth_cue = GROWTH_CUES.iter().any(|c| clause.contains(c));
    let relative_unit = matches!(q.unit, Unit::Times | Unit::Percent | Unit::PercentPoints);
    let (metric, default_unit) = match before.or(after) {
        Some(m) => METRICS.of.get(m.pat).cloned()?,
        None if relative_unit && growth_cue => ("growth".to_string(), "percent".to_string()),
        None => return None,
    };
    // A multiple is growth even when the clause also names the base metric
    // (`GMV 同比翻了近三倍`).
    let metric = if matches!(q.unit, Unit::Times) && growth_cue && metric != "growth" {
        "growth".to_string()
    } else {
        metric
    };

    let unit = match &q.unit {
        Unit::None => {
            if default_unit == "-" {
                "count".to_string()
            } else {
                default_unit
            }
        }
        u => u.as_str().to_string(),
    };

    // Subject.
    let is_platform = |m: &Mention| m.kind == EntityKind::Platform;
    let before_q = |&&(p, _): &&(usize, &Mention)| p < q.byte_start;
    let subject = ms
        .iter()
        .filter(before_q)
        .filter(|(p, _)| in_clause(*p))
        .max_by_key(|(p, _)| *p)
        .or_else(|| {
            ms.iter()
                .filter(before_q)
                .filter(|(_, m)| is_platform(m))
                .max_by_key(|(p, _)| *p)
        })
        .or_else(|| ms.iter().filter(before_q).max_by_key(|(p, _)| *p))
        .or_else(|| {
            ms.iter()
                .filter(|(p, m)| *p >= q.byte_end && is_platform(m))
                .min_by_key(|(p, _)| *p)
        })
        .map(|(_, m)| m.name.clone())
        .or_else(|| main_entity.map(str::to_string));

    // Period: in the clause, else the nearest before the quantity.
    let period = ts
        .iter()
        .find(|t| in_clause(t.byte_start))
        .or_else(|| {
            ts.iter()
                .filter(|t| t.byte_end <= q.byte_start)
                .max_by_key(|t| t.byte_end)
        })
        .map(|t| t.period.clone());

    let qualifier = match q.qualifier {
        Some(k) => Some(k.as_str().to_string()),
        None if TARGET_CUES.iter().any(|c| clause.contains(c)) => Some("target".to_string()),
        None => None,
    };

    Some(Figure {
        subject,
        metric,
        value: q.value,
        range: q.range.map(|(a, b)| [a, b]),
        unit,
        qualifier,
        period,
        text: q.text.clone(),
        evidence: Evidence {
            doc_id: doc_id.to_string(),
            sentence: s.to_string(),
            char_start: sent.char_start,
            char_end: sent.char_end,
        },
    })
}
