//! `zhmine timeline`: what the corpus says about one entity, period by
//! period: events (figures, strategy moves, opinions) with every sentence
//! that reports them, conflicting figures, and shifts of strategy.
//!
//! [`timeline`] reads only the claim documents of the entity (one term
//! lookup); [`build_timeline`] is the pure part, `O(n log n)` in the claims.
//!
//! # Merging
//!
//! Claims become one event when they have the same kind and period (start
//! and end dates; the wording may differ: `2024 年`, `去年`) and
//!
//! * figures: the same subject, metric, `of` (the metric a growth or share
//!   is of), unit and value (the topics and actors of the sentences are
//!   united);
//! * strategy statements: the same set of topics (actors united);
//! * opinions: the same set of topics and the same speaker.
//!
//! # Conflicts
//!
//! Figure events with the same subject, metric, `of`, unit and period (both
//! targets, both market expectations, or both neither) but different values
//! are all marked `conflict`; each keeps its own evidence. Revenue growth
//! and profit growth of one quarter are two figures, not a conflict.
//!
//! # Shifts
//!
//! * `basis: "text"` — a sentence says so ([`crate::extract::claims::text_shifts`]:
//!   从 A 到 B, 重心切到 B, 不再只提 A 转而 B, 从“A”进阶到“B”). Each side takes
//!   the period of the sentence's claim with that topic; a side the sentence
//!   gives no time for takes the first period the timeline has for its
//!   topic (for the new side, the first not before the old side).
//! * `basis: "dominance"` — topic A dominates one year and B the next year
//!   the timeline has events for: dominant means more evidence sentences
//!   than any other topic of that year, and at least two. Not reported
//!   where a textual shift already links A to B.

use super::{all_of, canonical_entity, kind_query, term_query};
use crate::error::Result;
use crate::extract::claims::{text_shift_topics, Topics};
use crate::extract::{ClaimKind, Figure};
use crate::index::{kinds, ZhIndex};
use crate::model::{Period, Precision};
use crate::pipeline::StoredClaim;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// A timeline request, free of command-line types.
#[derive(Debug, Clone, Default)]
pub struct TimelineRequest {
    /// The entity, any alias, any script.
    pub entity: String,
    /// Only events with this topic (a topic of `data/topics.tsv` or one of
    /// its variants).
    pub topic: Option<String>,
    /// Only claims whose period ends on or after this day (claims without a
    /// period: published on or after it).
    pub from: Option<NaiveDate>,
    /// Only claims whose period starts on or before this day (claims without
    /// a period: published on or before it).
    pub to: Option<NaiveDate>,
}

/// `zhmine timeline --json` output. Fields may be added; none will be
/// removed or change meaning within a major version.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timeline {
    /// The canonical name of the entity.
    pub entity: String,
    /// Events sorted by period (start, then end; events without a period
    /// last), then kind, topics, figure and first evidence.
    pub events: Vec<Event>,
    /// Shifts of strategy, sorted by the period of their old side.
    pub shifts: Vec<Shift>,
}

/// One event: a claim and every sentence that reports it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// The period the event refers to, or null. `text` is the wording of the
    /// first evidence.
    pub period: Option<Period>,
    /// `figure`, `strategy` or `opinion`.
    pub kind: ClaimKind,
    /// Topics (canonical names from `data/topics.tsv`).
    pub topics: Vec<String>,
    /// People and organizations involved; for opinions the speakers first.
    pub actors: Vec<String>,
    /// For `figure` events: the figure as the first evidence states it.
    pub figure: Option<Figure>,
    /// The sentence of the first evidence.
    pub claim: String,
    /// Every sentence that reports the event, sorted by publication date
    /// (undated last), document and position.
    pub evidence: Vec<EventEvidence>,
    /// True where another event gives a different value for the same
    /// subject, metric, `of`, unit and period.
    pub conflict: bool,
}

/// A sentence that reports an event, with its article.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct EventEvidence {
    pub doc_id: String,
    /// The sentence text: exactly the normalized text of the article at
    /// `char_start..char_end` (characters).
    pub sentence: String,
    pub char_start: usize,
    pub char_end: usize,
    pub title: Option<String>,
    pub source: Option<String>,
    /// `YYYY-MM-DD` or null.
    pub published: Option<String>,
    /// True where `published` was inferred from the text.
    pub published_inferred: bool,
}

/// One side of a shift.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ShiftEnd {
    pub topic: String,
    pub period: Option<Period>,
}

/// Why a shift is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ShiftBasis {
    /// A sentence states it.
    Text,
    /// One topic dominates a year, another the next.
    Dominance,
}

/// A shift of strategy from one topic to another.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Shift {
    pub from: ShiftEnd,
    pub to: ShiftEnd,
    /// The sentences that state the shift (`text`), or those of both sides
    /// (`dominance`), sorted like event evidence.
    pub evidence: Vec<EventEvidence>,
    pub basis: ShiftBasis,
}

/// Build the timeline of `req.entity` from the index.
pub fn timeline(zi: &ZhIndex, req: &TimelineRequest) -> Result<Timeline> {
    super::check_range(req.from, req.to)?;
    let entity = canonical_entity(&req.entity);
    let f = &zi.fields;
    let q = all_of(vec![
        kind_query(f, kinds::CLAIM),
        term_query(f.entity, &entity),
    ]);
    let claims = crate::index::read_claims(zi, &*q)?;
    Ok(build_timeline(&entity, claims, req))
}

/// Sort key of a period: start, end, precision; `None` last.
fn period_key(p: &Option<Period>) -> (bool, &str, &str, Option<Precision>) {
    match p {
        Some(p) => (false, p.start.as_str(), p.end.as_str(), Some(p.precision)),
        None => (true, "", "", None),
    }
}

/// A value as a merge key: rounded to 12 significant digits, so that values
/// parsed from `1000亿` and `1,000亿` agree.
fn value_key(v: f64) -> u64 {
    if v == 0.0 || !v.is_finite() {
        return 0f64.to_bits();
    }
    let scale = 10f64.powi(11 - v.abs().log10().floor() as i32);
    ((v * scale).round() / scale).to_bits()
}

/// Identity of a figure for conflicts: subject, metric, the metric it grows
/// or divides (`of`), unit, and what kind of value it is: reached (``),
/// aimed at (`target`) or expected by the market (`expected`).
type FigureId<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str);

fn figure_id(f: &Figure) -> FigureId<'_> {
    (
        f.subject.as_deref().unwrap_or(""),
        f.metric.as_str(),
        f.of.as_deref().unwrap_or(""),
        f.unit.as_str(),
        f.qualifier
            .as_deref()
            .filter(|q| matches!(*q, "target" | "expected"))
            .unwrap_or_default(),
    )
}

/// Merge key of a claim, borrowed from it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct EventKey<'a> {
    kind: ClaimKind,
    /// Period dates (not its wording), `None` last.
    period: (bool, &'a str, &'a str),
    /// Sorted topics (empty for figures: they merge on the figure).
    topics: Vec<&'a str>,
    figure: Option<(FigureId<'a>, u64)>,
    /// For opinions: the speaker (first actor); two people's opinions are
    /// two events.
    speaker: Option<&'a str>,
}

fn event_key(c: &StoredClaim) -> EventKey<'_> {
    let cl = &c.claim;
    EventKey {
        kind: cl.kind,
        period: match &cl.period {
            Some(p) => (false, p.start.as_str(), p.end.as_str()),
            None => (true, "", ""),
        },
        topics: match cl.figure {
            Some(_) => Vec::new(),
            None => {
                let mut t: Vec<&str> = cl.topics.iter().map(String::as_str).collect();
                t.sort_unstable();
                t.dedup();
                t
            }
        },
        figure: cl
            .figure
            .as_ref()
            .map(|f| (figure_id(f), value_key(f.value))),
        speaker: match cl.kind {
            ClaimKind::Opinion => cl.actors.first().map(String::as_str),
            _ => None,
        },
    }
}

fn evidence_of(c: &StoredClaim) -> EventEvidence {
    let e = &c.claim.evidence;
    EventEvidence {
        doc_id: e.doc_id.clone(),
        sentence: e.sentence.clone(),
        char_start: e.char_start,
        char_end: e.char_end,
        title: c.title.clone(),
        source: c.source.clone(),
        published: c.published.clone(),
        published_inferred: c.published_inferred,
    }
}

/// Sort key of a claim (without copying): its evidence as in
/// [`evidence_order`], then kind, period, topics.
#[allow(clippy::type_complexity)]
fn claim_order(
    c: &StoredClaim,
) -> (
    (bool, Option<&str>, &str, usize, usize),
    ClaimKind,
    (bool, &str, &str, Option<Precision>),
    &[String],
) {
    let e = &c.claim.evidence;
    (
        (
            c.published.is_none(),
            c.published.as_deref(),
            e.doc_id.as_str(),
            e.char_start,
            e.char_end,
        ),
        c.claim.kind,
        period_key(&c.claim.period),
        &c.claim.topics,
    )
}

/// Last tie-breaker of claims: their figures.
fn figure_order(a: &StoredClaim, b: &StoredClaim) -> std::cmp::Ordering {
    match (&a.claim.figure, &b.claim.figure) {
        (Some(x), Some(y)) => x
            .metric
            .cmp(&y.metric)
            .then(x.value.total_cmp(&y.value))
            .then_with(|| x.text.cmp(&y.text))
            .then_with(|| x.unit.cmp(&y.unit)),
        (x, y) => x.is_some().cmp(&y.is_some()),
    }
}

/// Evidence order: published (undated last), document, position.
fn evidence_order(a: &EventEvidence, b: &EventEvidence) -> std::cmp::Ordering {
    (
        a.published.is_none(),
        &a.published,
        &a.doc_id,
        a.char_start,
        a.char_end,
    )
        .cmp(&(
            b.published.is_none(),
            &b.published,
            &b.doc_id,
            b.char_start,
            b.char_end,
        ))
        .then_with(|| a.cmp(b))
}

fn overlaps(c: &StoredClaim, from: Option<NaiveDate>, to: Option<NaiveDate>) -> bool {
    if from.is_none() && to.is_none() {
        return true;
    }
    let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let (start, end) = match &c.claim.period {
        Some(p) => (date(&p.start), date(&p.end)),
        None => {
            let d = c.published.as_deref().and_then(date);
            (d, d)
        }
    };
    let (Some(start), Some(end)) = (start, end) else {
        return false;
    };
    from.is_none_or(|f| end >= f) && to.is_none_or(|t| start <= t)
}

/// Build a timeline from the claims of `entity` (claims about other
/// entities are ignored), applying the topic and date filters of `req`.
pub fn build_timeline(entity: &str, claims: Vec<StoredClaim>, req: &TimelineRequest) -> Timeline {
    let topics = Topics::global();
    let topic = req.topic.as_deref().map(|t| {
        topics
            .resolve(t)
            .map(str::to_string)
            .unwrap_or_else(|| t.trim().to_string())
    });
    // Merge: sort by merge key (then claim order, so that the output does
    // not depend on the input order) and take runs of equal keys.
    let mut keyed: Vec<(EventKey, &StoredClaim)> = claims
        .iter()
        .filter(|c| c.claim.entity == entity)
        .filter(|c| topic.as_ref().is_none_or(|t| c.claim.topics.contains(t)))
        .filter(|c| overlaps(c, req.from, req.to))
        .map(|c| (event_key(c), c))
        .collect();
    keyed.sort_by(|(ka, a), (kb, b)| {
        ka.cmp(kb)
            .then_with(|| claim_order(a).cmp(&claim_order(b)))
            .then_with(|| figure_order(a, b))
    });
    let mut events: Vec<Event> = Vec::new();
    let mut event_keys: Vec<&EventKey> = Vec::new();
    for run in keyed.chunk_by(|a, b| a.0 == b.0) {
        let Some((key, first)) = run.first() else {
            continue;
        };
        let c = &first.claim;
        let mut e = Event {
            period: c.period.clone(),
            kind: c.kind,
            topics: c.topics.clone(),
            actors: c.actors.clone(),
            figure: c.figure.clone(),
            claim: c.claim.clone(),
            evidence: Vec::with_capacity(run.len()),
            conflict: false,
        };
        for (_, sc) in run {
            for t in &sc.claim.topics {
                if !e.topics.contains(t) {
                    e.topics.push(t.clone());
                }
            }
            for a in &sc.claim.actors {
                if !e.actors.contains(a) {
                    e.actors.push(a.clone());
                }
            }
            e.evidence.push(evidence_of(sc));
        }
        // In claim order already; equal sentences are adjacent.
        e.evidence.sort_by(evidence_order);
        e.evidence.dedup();
        events.push(e);
        event_keys.push(key);
    }

    // Conflicts: several values for one figure identity and dated period.
    let mut values: BTreeMap<(FigureId, &str, &str), BTreeSet<u64>> = BTreeMap::new();
    for k in &event_keys {
        if let (Some((id, v)), (false, s, e)) = (&k.figure, k.period) {
            values.entry((*id, s, e)).or_default().insert(*v);
        }
    }
    for (e, k) in events.iter_mut().zip(&event_keys) {
        if let (Some((id, _)), (false, s, en)) = (&k.figure, k.period) {
            e.conflict = values.get(&(*id, s, en)).is_some_and(|vs| vs.len() > 1);
        }
    }
    events.sort_by(|a, b| {
        period_key(&a.period)
            .cmp(&period_key(&b.period))
            .then_with(|| a.kind.cmp(&b.kind))
            .then_with(|| a.topics.cmp(&b.topics))
            .then_with(|| {
                let fa = a.figure.as_ref().map(|f| (&f.metric, f.value));
                let fb = b.figure.as_ref().map(|f| (&f.metric, f.value));
                match (fa, fb) {
                    (Some((ma, va)), Some((mb, vb))) => ma.cmp(mb).then(va.total_cmp(&vb)),
                    (x, y) => x.is_some().cmp(&y.is_some()),
                }
            })
            .then_with(|| a.evidence.first().cmp(&b.evidence.first()))
    });

    let claims: Vec<&StoredClaim> = keyed.iter().map(|(_, c)| *c).collect();
    let mut shifts = textual_shifts(&claims, &events);
    shifts.extend(dominance_shifts(&events, &shifts));
    for s in &mut shifts {
        s.evidence.sort_by(evidence_order);
        s.evidence.dedup();
    }
    shifts.sort_by(|a, b| {
        period_key(&a.from.period)
            .cmp(&period_key(&b.from.period))
            .then_with(|| period_key(&a.to.period).cmp(&period_key(&b.to.period)))
            .then_with(|| a.from.topic.cmp(&b.from.topic))
            .then_with(|| a.to.topic.cmp(&b.to.topic))
            .then_with(|| a.basis.cmp(&b.basis))
    });
    Timeline {
        entity: entity.to_string(),
        events,
        shifts,
    }
}

/// Shifts the sentences of the claims state.
fn textual_shifts(claims: &[&StoredClaim], events: &[Event]) -> Vec<Shift> {
    // Periods of each topic over the timeline, sorted.
    let mut topic_periods: BTreeMap<&str, Vec<&Period>> = BTreeMap::new();
    for e in events {
        if let Some(p) = &e.period {
            for t in &e.topics {
                topic_periods.entry(t.as_str()).or_default().push(p);
            }
        }
    }
    for v in topic_periods.values_mut() {
        v.sort_by(|a, b| (&a.start, &a.end).cmp(&(&b.start, &b.end)));
    }
    // The claims of each sentence.
    let mut by_sentence: BTreeMap<(&str, usize, usize), Vec<&StoredClaim>> = BTreeMap::new();
    for c in claims {
        let e = &c.claim.evidence;
        by_sentence
            .entry((e.doc_id.as_str(), e.char_start, e.char_end))
            .or_default()
            .push(c);
    }
    // (old topic, its period, new topic, its period) → stating claims.
    type Key<'a> = (&'a str, Option<&'a Period>, &'a str, Option<&'a Period>);
    let mut merged: BTreeMap<Key, Vec<&StoredClaim>> = BTreeMap::new();
    for cs in by_sentence.values() {
        let Some(first) = cs.first() else { continue };
        for (froms, tos) in text_shift_topics(&first.claim.evidence.sentence) {
            // The period of the sentence's own claim on a topic.
            let own = |t: &str| {
                cs.iter()
                    .filter(|c| c.claim.topics.iter().any(|x| x == t))
                    .find_map(|c| c.claim.period.as_ref())
            };
            for from in &froms {
                let from_p =
                    own(from).or_else(|| topic_periods.get(from).and_then(|v| v.first()).copied());
                for to in &tos {
                    let to_p = own(to).or_else(|| {
                        topic_periods.get(to).and_then(|v| {
                            v.iter()
                                .find(|p| from_p.is_none_or(|f| p.start >= f.start))
                                .copied()
                        })
                    });
                    merged
                        .entry((from, from_p, to, to_p))
                        .or_default()
                        .push(first);
                }
            }
        }
    }
    merged
        .into_iter()
        .map(|((from, from_p, to, to_p), cs)| Shift {
            from: ShiftEnd {
                topic: from.to_string(),
                period: from_p.cloned(),
            },
            to: ShiftEnd {
                topic: to.to_string(),
                period: to_p.cloned(),
            },
            evidence: cs.into_iter().map(evidence_of).collect(),
            basis: ShiftBasis::Text,
        })
        .collect()
}

/// The year of a period's start.
fn year_of(p: &Period) -> Option<i32> {
    p.start.get(..4)?.parse().ok()
}

fn year_period(y: i32) -> Period {
    Period {
        start: format!("{y:04}-01-01"),
        end: format!("{y:04}-12-31"),
        text: format!("{y}年"),
        precision: Precision::Year,
    }
}

/// Shifts of the dominant topic from one year to the next.
fn dominance_shifts(events: &[Event], textual: &[Shift]) -> Vec<Shift> {
    // year → topic → evidence
    let mut years: BTreeMap<i32, BTreeMap<&str, Vec<&EventEvidence>>> = BTreeMap::new();
    for e in events {
        let Some(y) = e.period.as_ref().and_then(year_of) else {
            continue;
        };
        for t in &e.topics {
            years
                .entry(y)
                .or_default()
                .entry(t.as_str())
                .or_default()
                .extend(e.evidence.iter());
        }
    }
    let dominant =
        |m: &BTreeMap<&str, Vec<&EventEvidence>>| -> Option<(String, Vec<EventEvidence>)> {
            let mut counts: Vec<(usize, &str, &Vec<&EventEvidence>)> = m
                .iter()
                .map(|(t, ev)| {
                    let distinct: BTreeSet<(&str, usize)> = ev
                        .iter()
                        .map(|e| (e.doc_id.as_str(), e.char_start))
                        .collect();
                    (distinct.len(), *t, ev)
                })
                .collect();
            counts.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
            let (n, t, ev) = counts.first()?;
            let unique = counts.get(1).is_none_or(|second| second.0 < *n);
            (*n >= 2 && unique).then(|| (t.to_string(), ev.iter().map(|e| (*e).clone()).collect()))
        };
    let doms: Vec<(i32, String, Vec<EventEvidence>)> = years
        .iter()
        .filter_map(|(y, m)| dominant(m).map(|(t, ev)| (*y, t, ev)))
        .collect();
    let year_list: Vec<i32> = years.keys().copied().collect();
    let mut out = Vec::new();
    for w in doms.windows(2) {
        let [(y1, a, ev1), (y2, b, ev2)] = w else {
            continue;
        };
        // Consecutive years of the timeline (no year with events between).
        let next = year_list.iter().find(|y| **y > *y1);
        if next != Some(y2) || a == b {
            continue;
        }
        if textual
            .iter()
            .any(|s| s.from.topic == *a && s.to.topic == *b)
        {
            continue;
        }
        let mut evidence = ev1.clone();
        evidence.extend(ev2.iter().cloned());
        out.push(Shift {
            from: ShiftEnd {
                topic: a.clone(),
                period: Some(year_period(*y1)),
            },
            to: ShiftEnd {
                topic: b.clone(),
                period: Some(year_period(*y2)),
            },
            evidence,
            basis: ShiftBasis::Dominance,
        });
    }
    out
}

/// A plain-text listing of a timeline, one event per paragraph.
pub fn to_text(t: &Timeline) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}: {} event(s), {} shift(s)",
        t.entity,
        t.events.len(),
        t.shifts.len()
    );
    for e in &t.events {
        let period = e
            .period
            .as_ref()
            .map(|p| format!("{}..{}", p.start, p.end))
            .unwrap_or_else(|| "(undated)".to_string());
        let kind = match e.kind {
            ClaimKind::Figure => "figure",
            ClaimKind::Strategy => "strategy",
            ClaimKind::Opinion => "opinion",
        };
        let _ = write!(s, "\n{period:<23} {kind:<8} [{}]", e.topics.join(", "));
        if let Some(f) = &e.figure {
            let _ = write!(
                s,
                " {} = {} {}",
                f.metric,
                crate::render::fmt_value(f.value),
                f.unit
            );
            if let Some(q) = &f.qualifier {
                let _ = write!(s, " ({q})");
            }
        }
        if e.conflict {
            s.push_str(" CONFLICT");
        }
        if !e.actors.is_empty() {
            let _ = write!(s, " actors: {}", e.actors.join(", "));
        }
        s.push('\n');
        for ev in &e.evidence {
            let _ = writeln!(
                s,
                "    {} {} [{}:{}-{}] {}",
                ev.published.as_deref().unwrap_or("-"),
                ev.source.as_deref().unwrap_or("-"),
                ev.doc_id,
                ev.char_start,
                ev.char_end,
                ev.sentence
            );
        }
    }
    if !t.shifts.is_empty() {
        s.push_str("\nshifts:\n");
        for sh in &t.shifts {
            let p = |p: &Option<Period>| {
                p.as_ref()
                    .map(|p| p.start.get(..7).unwrap_or("").to_string())
                    .unwrap_or("?".into())
            };
            let _ = writeln!(
                s,
                "  {} ({}) → {} ({})  [{}, {} sentence(s)]",
                sh.from.topic,
                p(&sh.from.period),
                sh.to.topic,
                p(&sh.to.period),
                match sh.basis {
                    ShiftBasis::Text => "text",
                    ShiftBasis::Dominance => "dominance",
                },
                sh.evidence.len()
            );
        }
    }
    s
}
