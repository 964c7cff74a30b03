//! Figures: a quantity (from [`super::numeral`]) + the metric it measures
//! (from `data/metrics.tsv`) + its subject (an entity of the sentence) + the
//! period it refers to (from [`super::time`]).
//!
//! Questions, boilerplate and garbled sentences state no figure.
//! Precision over recall: a quantity becomes a figure only when a metric word
//! stands in its clause (or, for growth multiples, a growth cue does). Rules:
//!
//! * **clause**: the stretch of the sentence between `，,；;：:` marks;
//! * **metric**: the metric word nearest the quantity in its clause, before it
//!   preferred (`GMV 实现1000亿`), else after it (`3 亿DAU目标`); a multiple
//!   (`三倍`) or percentage with a growth cue and no metric word is `growth`;
//!   a percentage in a clause opened by `其中` with no metric word is `share`
//!   (`新增商家超过200万,其中超过六成来自产业带`);
//! * **subject**: the nearest entity before the quantity in its clause, else
//!   the nearest platform before it in the sentence, else any entity but a
//!   person before it in the sentence (a person outside the clause is mostly
//!   the speaker), else the first platform after it in the sentence, else
//!   (a sentence naming no entity continues the one before:
//!   `…营收为310亿元;经调整净利润为46.8亿元`) the subject of the previous
//!   sentence's last figure, else the article's main entity. An anaphor
//!   `该品牌` / `该公司` / `该平台` counts as an entity where it stands: the
//!   latest mention of that kind up to three sentences back. A platform
//!   written as a venue (`在小红书的销售额`, `在抖音上`) yields to any other
//!   candidate of its clause;
//! * **period**: the time expression of the quantity's clause, else the
//!   nearest one before it in the sentence; a time that is only the base of a
//!   comparison (`是去年2.4倍`, `比上年`) is not the figure's period. A
//!   sentence with no time of its own inherits the period of the previous
//!   sentence's last figure only where it continues that sentence: the
//!   previous one ended with `;` and the figure has the same subject and is
//!   no target, or a clause of the sentence opens with `期内` / `报告期内`
//!   (the period of the latest figure up to three sentences back);
//! * **unit**: the quantity's own unit, else the metric's default unit;
//! * **sign**: a growth rate or a change in percentage points that the text
//!   says went down (下降, 减少, 下滑 …) is negative;
//! * **qualifier**: the quantity's own (至少, 超, 近 …), else `target` when the
//!   clause speaks of a goal (目标, 剑指, 有望 …).

use super::entities::Mention;
use super::numeral::{self, Quantity, Unit};
use super::time::TimeExpr;
use super::Figure;
use crate::model::{EntityKind, Evidence, Period, Sentence};
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
        // Run over every sentence: the DFA is the fastest automaton.
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
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
/// Clause openers that refer back to the reporting period of the figures
/// before (`期内,快手平均日活跃用户达3.95亿`); `短期内`, `预期内` do not.
const PERIOD_ANAPHORS: &[&str] = &["报告期内", "期内"];
/// Anaphors that stand for an entity of a kind (`该品牌的销售额`).
const ENTITY_ANAPHORS: &[(&str, EntityKind)] = &[
    ("该品牌", EntityKind::Brand),
    ("该公司", EntityKind::Organization),
    ("该集团", EntityKind::Organization),
    ("该企业", EntityKind::Organization),
    ("该平台", EntityKind::Platform),
];
/// How many sentences back an anaphor or `期内` may reach.
const ANAPHOR_REACH: usize = 3;

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
    // The figures of the previous sentence, and whether it ended with `;`.
    let mut prev: Vec<Figure> = Vec::new();
    let mut prev_semicolon = false;
    // The latest figure with a period: (sentence index, period).
    let mut last_period: Option<(usize, Period)> = None;
    for (i, sent) in sentences.iter().enumerate() {
        let s = text.get(sent.byte_start..sent.byte_end);
        let carried = std::mem::take(&mut prev);
        let carried_semicolon = prev_semicolon;
        prev_semicolon = s.is_some_and(|s| s.trim_end().ends_with([';', '；']));
        // Headings count: a headline often states the figure of the story
        // (`拼多多一季度营收868亿元`); a question heading is skipped below.
        if sent.flags.garbled || sent.flags.boilerplate {
            continue;
        }
        let Some(s) = s else {
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
        let mut ms: Vec<Cand> = mentions
            .iter()
            .filter(|m| m.sentence == i)
            .map(|m| {
                let p = m.byte_start.saturating_sub(sent.byte_start);
                let e = m.byte_end.saturating_sub(sent.byte_start);
                Cand {
                    pos: p,
                    name: m.name.clone(),
                    kind: m.kind,
                    venue: m.kind == EntityKind::Platform && is_venue(s, p, e),
                }
            })
            .collect();
        ms.extend(anaphors(s, sent.byte_start, i, mentions));
        let ts: Vec<&TimeExpr> = times
            .get(i)
            .map(|v| v.iter().filter(|t| !is_comparison_base(s, t)).collect())
            .unwrap_or_default();
        let ctx = Context {
            main_entity,
            prev_subject: carried.last().and_then(|f| f.subject.clone()),
            prev_period: carried
                .iter()
                .rev()
                .filter(|_| carried_semicolon)
                .find_map(|f| Some((f.subject.clone(), f.period.clone()?))),
            anaphor_period: last_period
                .as_ref()
                .filter(|(j, _)| i - j <= ANAPHOR_REACH)
                .map(|(_, p)| p.clone()),
        };
        let mut here = Vec::new();
        for q in qs {
            if let Some(f) = figure_of(doc_id, s, sent, &q, &metrics, &cl, &ms, &ts, &ctx) {
                if !out.iter().any(|o: &Figure| same_figure(o, &f)) {
                    if let Some(p) = &f.period {
                        last_period = Some((i, p.clone()));
                    }
                    here.push(f.clone());
                    out.push(f);
                }
            }
        }
        prev = here;
    }
    out
}

/// A subject candidate: an entity mention or a resolved anaphor, at a
/// sentence-relative byte offset.
struct Cand {
    pos: usize,
    name: String,
    kind: EntityKind,
    /// A platform written as the place of the action (`在小红书的`).
    venue: bool,
}

/// What the sentences before tell a figure.
struct Context<'a> {
    main_entity: Option<&'a str>,
    /// Subject of the previous sentence's last figure.
    prev_subject: Option<String>,
    /// When the previous sentence ended with `;`: subject and period of its
    /// last figure with a period.
    prev_period: Option<(Option<String>, Period)>,
    /// Period of the latest figure up to [`ANAPHOR_REACH`] sentences back.
    anaphor_period: Option<Period>,
}

/// Does a clause of `s` open with `期内` / `报告期内`?
fn refers_to_reporting_period(s: &str, cl: &[(usize, usize)]) -> bool {
    cl.iter().any(|&(a, b)| {
        let c = s.get(a..b).unwrap_or("").trim_start();
        PERIOD_ANAPHORS.iter().any(|w| c.starts_with(w))
    })
}

/// Is the mention at `p..e` of `s` a venue (`在小红书的`, `在抖音上`)?
fn is_venue(s: &str, p: usize, e: usize) -> bool {
    let before = s.get(..p).unwrap_or("").trim_end();
    let after = s.get(e..).unwrap_or("").trim_start();
    before.ends_with('在')
        && ["的", "上", "中", "里", "内", "平台"]
            .iter()
            .any(|w| after.starts_with(w))
}

/// Anaphors of sentence `i` (`该品牌`), resolved to the latest mention of
/// their kind before them, up to [`ANAPHOR_REACH`] sentences back.
fn anaphors(s: &str, sent_start: usize, i: usize, mentions: &[Mention]) -> Vec<Cand> {
    let mut out = Vec::new();
    for &(word, kind) in ENTITY_ANAPHORS {
        for (p, _) in s.match_indices(word) {
            let abs = sent_start + p;
            let found = mentions
                .iter()
                .filter(|m| {
                    m.kind == kind
                        && m.byte_end <= abs
                        && i.saturating_sub(m.sentence) <= ANAPHOR_REACH
                })
                .max_by_key(|m| m.byte_start);
            if let Some(m) = found {
                out.push(Cand {
                    pos: p,
                    name: m.name.clone(),
                    kind,
                    venue: false,
                });
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
    ms: &[Cand],
    ts: &[&TimeExpr],
    ctx: &Context,
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
    let part_of_whole = matches!(q.unit, Unit::Percent)
        && clause.trim_start().starts_with("其中")
        && q.change.is_none();
    let (metric, default_unit) = match before.or(after) {
        Some(m) => METRICS.of.get(m.pat).cloned()?,
        None if relative_unit && growth_cue => ("growth".to_string(), "percent".to_string()),
        None if part_of_whole => ("share".to_string(), "percent".to_string()),
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

    // A rate or a change in points that the text says went down is negative
    // (`同比下降98%` → -0.98, `下降3个百分点` → -3); a level (`营收下降至…`)
    // keeps its sign.
    let negative = q.change == Some(super::numeral::Change::Decrease)
        && (metric == "growth" || matches!(q.unit, Unit::PercentPoints));
    let sign = if negative { -1.0 } else { 1.0 };

    // Subject: in the clause, a candidate other than a venue first.
    let before_q: Vec<&Cand> = ms.iter().filter(|c| c.pos < q.byte_start).collect();
    let nearest = |f: &dyn Fn(&Cand) -> bool| {
        before_q
            .iter()
            .copied()
            .filter(|c| f(c))
            .max_by_key(|c| c.pos)
    };
    let subject = nearest(&|c| in_clause(c.pos) && !c.venue)
        .or_else(|| nearest(&|c| in_clause(c.pos)))
        .or_else(|| nearest(&|c| c.kind == EntityKind::Platform))
        // A person outside the quantity's clause is mostly the one who says
        // it (`吴泳铭在电话会上表示,淘天集团…收入同比增长12%`), not its subject.
        .or_else(|| nearest(&|c| c.kind != EntityKind::Person))
        .or_else(|| {
            ms.iter()
                .filter(|c| c.pos >= q.byte_end && c.kind == EntityKind::Platform)
                .min_by_key(|c| c.pos)
        })
        .map(|c| c.name.clone())
        .or_else(|| {
            if ms.is_empty() {
                ctx.prev_subject.clone()
            } else {
                None
            }
        })
        .or_else(|| ctx.main_entity.map(str::to_string));

    let qualifier = match q.qualifier {
        Some(k) => Some(k.as_str().to_string()),
        None if TARGET_CUES.iter().any(|c| clause.contains(c)) => Some("target".to_string()),
        None => None,
    };

    // Period: in the clause, else the nearest before the quantity, else one
    // the sentence continues.
    let period = ts
        .iter()
        .find(|t| in_clause(t.byte_start))
        .or_else(|| {
            ts.iter()
                .filter(|t| t.byte_end <= q.byte_start)
                .max_by_key(|t| t.byte_end)
        })
        .map(|t| t.period.clone())
        .or_else(|| {
            if !ts.is_empty() {
                return None;
            }
            if refers_to_reporting_period(s, cl) {
                return ctx.anaphor_period.clone();
            }
            match &ctx.prev_period {
                Some((subj, p)) if *subj == subject && qualifier.as_deref() != Some("target") => {
                    Some(p.clone())
                }
                _ => None,
            }
        });

    Some(Figure {
        subject,
        metric,
        value: sign * q.value,
        range: q
            .range
            .map(|(a, b)| if negative { [-b, -a] } else { [a, b] }),
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
        // Set by the pipeline, which knows the article's date.
        published: None,
        published_inferred: false,
    })
}

#[cfg(test)]
mod tests {
    use super::Figure;

    /// Every figure of `text` through the whole chain, published `date`.
    fn figs(text: &str, date: &str) -> Vec<Figure> {
        let published = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok();
        crate::pipeline::extract_text(text, published)
            .sentences
            .into_iter()
            .flat_map(|s| s.figures)
            .collect()
    }

    fn find<'a>(fs: &'a [Figure], metric: &str, value: f64) -> &'a Figure {
        let hit = fs
            .iter()
            .find(|f| f.metric == metric && (f.value - value).abs() <= value.abs() * 1e-9);
        match hit {
            Some(f) => f,
            None => panic!("no {metric} {value} in {fs:#?}"),
        }
    }

    fn span(f: &Figure) -> Option<(&str, &str)> {
        f.period
            .as_ref()
            .map(|p| (p.start.as_str(), p.end.as_str()))
    }

    #[test]
    fn the_speaker_is_not_the_subject_of_a_figure_in_another_clause() {
        let fs = figs(
            "阿里巴巴集团CEO吴泳铭在财报电话会上表示,淘天集团本季度客户管理收入同比增长12%。",
            "2025-05-16",
        );
        let f = find(&fs, "growth", 0.12);
        assert_eq!(f.subject.as_deref(), Some("阿里巴巴"));
        // In its own clause a person is the subject.
        let fs = figs(
            "在小红书,主播董洁首秀后三场直播累计GMV才勉强过亿。",
            "2025-03-01",
        );
        assert_eq!(find(&fs, "GMV", 1e8).subject.as_deref(), Some("董洁"));
    }

    #[test]
    fn declines_are_negative_and_margins_are_not_profits() {
        let fs = figs(
            "美团第二季度经营利润为2.3亿元,同比下降98%。美团核心本地商业分部经营利润率下降3个百分点至20.9%。",
            "2025-08-20",
        );
        assert_eq!(find(&fs, "growth", -0.98).subject.as_deref(), Some("美团"));
        let pts = find(&fs, "margin", -3.0);
        assert_eq!(pts.unit, "percentage_points");
        assert_eq!(find(&fs, "margin", 0.209).unit, "percent");
        assert_eq!(find(&fs, "profit", 230_000_000.0).unit, "CNY");
    }

    #[test]
    fn a_headline_without_a_full_stop_states_its_figure() {
        // The example of the product brief: one line, no sentence end.
        let fs = figs("去年小红书电商GMV突破1000亿元", "2025-03-01");
        let f = find(&fs, "GMV", 100_000_000_000.0);
        assert_eq!(f.subject.as_deref(), Some("小红书"));
        assert_eq!(f.unit, "CNY");
        assert_eq!(f.qualifier.as_deref(), Some("more_than"));
        assert_eq!(span(f), Some(("2024-01-01", "2024-12-31")));
        // A question heading still states nothing.
        assert!(figs("05 结语:万亿电商GMV,小红书还要走多远?", "2025-03-01").is_empty());
    }

    /// Makes 视频号 the article's main entity, so that a subject read from
    /// the main entity shows.
    const OTHER: &str = "视频号电商加速,视频号服务商增多,视频号直播也在增长。";

    #[test]
    fn semicolon_continues_subject_and_period() {
        let fs = figs(
            &format!(
                "快手2024年第二季度营收为310亿元;经调整净利润为46.8亿元,同比增长73.7%。{OTHER}"
            ),
            "2024-08-21",
        );
        let q2 = Some(("2024-04-01", "2024-06-30"));
        let profit = find(&fs, "profit", 4_680_000_000.0);
        assert_eq!(profit.subject.as_deref(), Some("快手"));
        assert_eq!(profit.unit, "CNY");
        assert_eq!(span(profit), q2);
        let growth = find(&fs, "growth", 0.737);
        assert_eq!(growth.subject.as_deref(), Some("快手"));
        assert_eq!(span(growth), q2);
    }

    #[test]
    fn full_stop_carries_subject_not_period() {
        let fs = figs(
            &format!("快手2024年第二季度营收为310亿元。经调整净利润为46.8亿元。{OTHER}"),
            "2024-08-21",
        );
        let profit = find(&fs, "profit", 4_680_000_000.0);
        assert_eq!(profit.subject.as_deref(), Some("快手"));
        assert_eq!(profit.period, None);
    }

    #[test]
    fn target_does_not_inherit_period() {
        let fs = figs(
            "快手2024年营收为1000亿元;营收目标为2000亿元。",
            "2024-08-21",
        );
        let target = find(&fs, "revenue", 200_000_000_000.0);
        assert_eq!(target.qualifier.as_deref(), Some("target"));
        assert_eq!(target.period, None);
        let fs = figs(
            "快手2024年营收为1000亿元;抖音营收为2000亿元。",
            "2024-08-21",
        );
        // Another subject: no period carried.
        assert_eq!(find(&fs, "revenue", 200_000_000_000.0).period, None);
    }

    #[test]
    fn reporting_period_anaphor() {
        let fs = figs(
            "快手2024年第二季度营收为310亿元。期内,快手平均日活跃用户达3.95亿。",
            "2024-08-21",
        );
        let dau = find(&fs, "DAU", 395_000_000.0);
        assert_eq!(dau.unit, "users");
        assert_eq!(span(dau), Some(("2024-04-01", "2024-06-30")));
        // `短期内` is no reporting period.
        let fs = figs(
            "快手2024年第二季度营收为310亿元。短期内,快手日活跃用户难超4亿。",
            "2024-08-21",
        );
        let dau = find(&fs, "DAU", 400_000_000.0);
        assert_ne!(span(dau), Some(("2024-04-01", "2024-06-30")));
    }

    #[test]
    fn brand_anaphor_beats_venue_platform() {
        let fs = figs(
            "以户外品牌 NORTHLAND 为例,其创始人曾是小红书博主。2024年,该品牌在小红书的销售额同比增长三倍。",
            "2025-03-10",
        );
        let g = find(&fs, "growth", 3.0);
        assert_eq!(g.subject.as_deref(), Some("NORTHLAND"));
        assert_eq!(g.unit, "times");
        assert_eq!(span(g), Some(("2024-01-01", "2024-12-31")));
    }

    #[test]
    fn venue_platform_yields_to_subject() {
        let fs = figs("2024年,快手在抖音上的GMV为10亿元。", "2025-03-10");
        let g = find(&fs, "GMV", 1_000_000_000.0);
        assert_eq!(g.subject.as_deref(), Some("快手"));
        // A venue alone is still the subject (no better candidate).
        let fs = figs("2024年,在抖音上的GMV为10亿元。", "2025-03-10");
        assert_eq!(
            find(&fs, "GMV", 1_000_000_000.0).subject.as_deref(),
            Some("抖音")
        );
    }

    #[test]
    fn qizhong_percentage_is_share() {
        let fs = figs(
            "抖音电商副总裁介绍,2024年平台新增商家数超过200万,其中超过六成来自产业带。",
            "2025-01-15",
        );
        let m = find(&fs, "merchants", 2_000_000.0);
        assert_eq!(m.unit, "count");
        assert_eq!(m.qualifier.as_deref(), Some("more_than"));
        let sh = find(&fs, "share", 0.6);
        assert_eq!(sh.subject.as_deref(), Some("抖音"));
        assert_eq!(sh.unit, "percent");
        assert_eq!(sh.qualifier.as_deref(), Some("more_than"));
        assert_eq!(span(sh), Some(("2024-01-01", "2024-12-31")));
        // A count after 其中 states no share.
        let fs = figs(
            "2024年抖音新增商家数超过200万,其中30家来自产业带。",
            "2025-01-15",
        );
        assert!(fs.iter().all(|f| f.metric != "share"), "{fs:#?}");
    }
}
