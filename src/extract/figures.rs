//! Figures: a quantity (from [`super::numeral`]) + the metric it measures
//! (from `data/metrics.tsv`) + its subject (an entity of the sentence) + the
//! period it refers to (from [`super::time`]).
//!
//! Questions, boilerplate and garbled sentences state no figure.
//! Precision over recall: a quantity becomes a figure only when a metric word
//! stands in its clause (or, for growth multiples, a growth cue does). Rules:
//!
//! * **clause**: the stretch of the sentence between `，,；;：:` marks;
//! * **not a figure**: a threshold describing a set of members — a quantity
//!   followed by 的 and a member noun (`月销售额过千万元的商家`), a metric
//!   word, a quantity and 的 before any noun that is no metric or result
//!   (`销售收入100亿元以上的企业`, but `…的交易规模`, `…的增长` are
//!   figures), or a quantity after a count of members in its clause
//!   (`589个品牌成交额破亿元`); an absolute
//!   change (`同比减少5亿元`, `较去年同期增加约5000万`); a share-price move
//!   (`美股盘前一度下跌逾15%`, `@stock` words);
//! * **metric**: the metric word nearest the quantity in its clause that
//!   takes its unit (money metrics take money, audiences people, rates
//!   percentages and multiples, counts counted nouns; a bare number fits
//!   all but rates), before it preferred (`GMV 实现1000亿`), else after it
//!   (`3 亿DAU目标`): `GMV同比增长15.1%至3593亿元` is GMV 3593亿 and growth
//!   15.1%, `2.2万个品牌成交额` no GMV. Else a multiple or percentage with a
//!   growth cue or change word is `growth`; else a clause holding nothing but
//!   entities, times and linking words continues the latest figure of the
//!   sentence whose metric takes its unit (`份额升至约25%,抖音电商约为18%`,
//!   `低于市场预期的1016亿元`, `较2023年下降3个百分点`), and one opened by
//!   较/比/相比 is the base of the comparison (`较去年同期的2680亿美元`: its
//!   period is the base's time); else a percentage that is a part of a whole
//!   (a clause opened by `其中`, or with a money, audience or count metric
//!   word before it: `贡献了…收入的约七成`) is `share`;
//! * **of**: for growth, the nearest money, audience or count metric word
//!   before the quantity in the sentence; for share, in its clause;
//! * **subject**: a `分别` list gives the quantities after it to the
//!   entities before it, in order (as many of each, else none). Else the
//!   nearest entity before the quantity in its clause — unless a holder
//!   word (`@holder`, `@member`: 全网, 行业, 商家, 店铺 …) stands nearer, and
//!   then none; else the subject of the figure before it in the sentence
//!   (`全网销售总额为8556亿元,同比增长15.2%`: none); else the nearest
//!   platform before it in the sentence, else any entity but a person
//!   before it (a person outside the clause is mostly the speaker), a
//!   market holder nearer giving none; else the first platform after it;
//!   else — only where the sentence names no holder before the quantity —
//!   (a sentence naming no entity continues the one before:
//!   `…营收为310亿元;经调整净利润为46.8亿元`) the subject of the previous
//!   sentence's last figure, else the article's main entity. An organization
//!   cited as the source (`据星图数据统计`, `海通国际的测算`) is never the
//!   subject. An anaphor `该品牌` / `该公司` / `该平台` counts as an entity
//!   where it stands: the latest mention of that kind up to three sentences
//!   back. A platform written as a venue (`在小红书的销售额`, `在抖音上`)
//!   yields to any other candidate of its clause;
//! * **period**: the time expression of the quantity's clause, else the
//!   nearest one before it in the sentence (a clause about now — 目前, 当前
//!   — only its own); a time that is only the base of a comparison
//!   (`是去年2.4倍`, `比上年`) is not the figure's period. A sentence with no
//!   time of its own inherits a period only where it continues a sentence
//!   before: the previous one ended with `;` and the figure has the same
//!   subject, or a clause opens with `期内` / `报告期内` (the period of the
//!   latest figure up to three sentences back), or — carry-over — the
//!   sentence just before in the same paragraph had figures with a year,
//!   half or quarter period and this one has the same (known) subject, opens with a
//!   continuation word (其中, 此外, 同期 …) or continues a financial report
//!   (财报, 业绩 …), without a turn (另一边), another time (此前, 未来) or a
//!   sentence without figures between. Targets and expectations inherit
//!   nothing;
//! * **unit**: the quantity's own unit, else the metric's default unit;
//! * **sign**: a growth rate or a change in percentage points that the text
//!   says went down (下降, 减少, 下滑 …) is negative;
//! * **qualifier**: the quantity's own (至少, 超, 近, 市场预期 → expected …),
//!   else `target` when the clause speaks of a goal (目标, 剑指, 有望 …).

use super::entities::Mention;
use super::numeral::{self, Change, Quantity, Unit};
use super::time::TimeExpr;
use super::Figure;
use crate::model::{EntityKind, Evidence, Period, Precision, Sentence};
use aho_corasick::{AhoCorasick, MatchKind};
use std::sync::LazyLock;

/// The metric lexicon: an automaton over every metric word, and one over
/// the holder words.
struct Metrics {
    ac: Option<AhoCorasick>,
    /// For pattern `i`: (metric name, default unit).
    of: Vec<(String, String)>,
    holders: Option<AhoCorasick>,
    /// For holder pattern `i`: is it a member noun (`@member`)?
    member: Vec<bool>,
    /// Words of share-price moves (`@stock`).
    stock: Vec<String>,
}

fn automaton(words: &[String]) -> Option<AhoCorasick> {
    if words.is_empty() {
        return None;
    }
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        // Run over every sentence: the DFA is the fastest automaton.
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .ascii_case_insensitive(true)
        .build(words)
        .ok()
}

static METRICS: LazyLock<Metrics> = LazyLock::new(|| {
    let text = crate::data::text("metrics.tsv").unwrap_or_default();
    let mut words = Vec::new();
    let mut of = Vec::new();
    let mut holder_words = Vec::new();
    let mut member = Vec::new();
    let mut stock = Vec::new();
    for line in crate::data::lines(&text) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [name, unit, ws] = cols[..] else { continue };
        let name = name.trim();
        let list = ws.split('|').map(str::trim).filter(|w| !w.is_empty());
        if let Some(class) = name.strip_prefix('@') {
            let is_member = match class {
                "holder" => false,
                "member" => true,
                "stock" => {
                    stock.extend(list.map(str::to_string));
                    continue;
                }
                _ => continue,
            };
            for w in list {
                holder_words.push(w.to_string());
                member.push(is_member);
            }
            continue;
        }
        for w in list {
            words.push(w.to_string());
            of.push((name.to_string(), unit.trim().to_string()));
        }
    }
    Metrics {
        ac: automaton(&words),
        of,
        holders: automaton(&holder_words),
        member,
        stock,
    }
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
/// Sentence openers that continue the sentence before: its period holds
/// whatever the subject (`其中,淘天集团…同比增长12%`).
const CONTINUATIONS: &[&str] = &[
    "其中",
    "此外",
    "另外",
    "同期",
    "报告期内",
    "期内",
    "与此同时",
    "同时",
];
/// Sentence openers that turn to something else: no period carries.
const CONTRASTS: &[&str] = &[
    "另一边",
    "另一方面",
    "相比之下",
    "反观",
    "与之相比",
    "不过",
    "但",
];
/// Words of a financial report: the period of its figures holds for the
/// next sentences of the paragraph, whatever their subject (`腾讯2024年财报
/// 显示,…。刘炽平在业绩会上表示,视频号…同比增长超过80%`).
const REPORT_WORDS: &[&str] = &["财报", "业绩", "财年", "季报", "年报", "报告期"];
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
/// After an organization: it is the source of the sentence (`据星图数据统计`,
/// `海通国际的测算`), not the subject of its figures.
const SOURCE_AFTER: &[&str] = &[
    "报道",
    "统计",
    "测算",
    "估算",
    "数据显示",
    "显示",
    "获悉",
    "了解到",
    "研报",
    "调研",
    "监测",
    "报告",
    "分析",
];
/// Before an organization: the same (`据晚点报道`, `根据海通国际的测算`).
const SOURCE_BEFORE: &[&str] = &["根据", "据", "援引", "来自"];
/// Words that may stand in a clause continuing a figure of its sentence
/// besides entities, times and the quantity (`,抖音电商约为18%`,
/// `,低于市场预期的1016亿元`, `,较去年同期的2680亿美元`). Longest first.
const CONTINUATION_FILLERS: &[&str] = &[
    "市场一致预期",
    "市场普遍预期",
    "市场预期",
    "一致预期",
    "相较于",
    "分别为",
    "去年同期",
    "上年同期",
    "预期",
    "同期",
    "相比",
    "相较",
    "低于",
    "高于",
    "好于",
    "不及",
    "超出",
    "电商",
    "业务",
    "平台",
    "集团",
    "公司",
    "其中",
    "分别",
    "同比",
    "环比",
    "只有",
    "仅为",
    "升至",
    "降至",
    "增至",
    "达到",
    "较",
    "比",
    "为",
    "是",
    "达",
    "则",
    "仅",
    "亦",
    "也",
    "而",
    "的",
    "和",
    "与",
    "及",
    "已",
    "均",
    "至",
    "下降",
    "下滑",
    "减少",
    "降低",
    "回落",
    "上升",
    "增长",
    "增加",
    "提升",
    "提高",
    "上涨",
];
/// Nouns after `quantity + 的` that the quantity measures (`实现了接近翻倍的
/// 增长`, `创下1000亿元的纪录`): the quantity is a figure, not a threshold.
const RESULT_NOUNS: &[&str] = &[
    "增长",
    "增速",
    "增幅",
    "涨幅",
    "降幅",
    "下滑",
    "下降",
    "提升",
    "规模",
    "水平",
    "纪录",
    "记录",
    "新高",
    "高位",
    "成绩",
    "业绩",
    "体量",
    "量级",
    "目标",
    "峰值",
    "总量",
    "总额",
    "好成绩",
];
/// A clause about now (`目前已有4000多家…`): only its own time dates it.
const NOW_WORDS: &[&str] = &["目前", "当前", "如今", "眼下", "现已"];
/// Words that move a sentence to another time (`刘强东此前曾公开表示`): the
/// period of the sentence before does not carry into it.
const TIME_SHIFTS: &[&str] = &[
    "此前",
    "之前",
    "以前",
    "曾经",
    "未来",
    "此后",
    "以后",
    "将来",
    "今后",
    "短期",
    "长期",
    "接下来",
];

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

impl MetricHit {
    fn metric(&self) -> Option<&'static (String, String)> {
        METRICS.of.get(self.pat)
    }
    fn class(&self) -> Class {
        self.metric().map_or(Class::Count, |(_, u)| class_of(u))
    }
}

/// A Latin word must stand alone (`GMV`, not `GMVX`).
fn stands_alone(s: &str, start: usize, end: usize) -> bool {
    let w = &s[start..end];
    if !w.is_ascii() {
        return true;
    }
    let before = s[..start].chars().next_back();
    let after = s[end..].chars().next();
    !before.is_some_and(|c| c.is_ascii_alphanumeric())
        && !after.is_some_and(|c| c.is_ascii_alphanumeric())
}

fn metric_hits(s: &str) -> Vec<MetricHit> {
    let Some(ac) = METRICS.ac.as_ref() else {
        return Vec::new();
    };
    ac.find_iter(s)
        .filter(|m| stands_alone(s, m.start(), m.end()))
        .map(|m| MetricHit {
            start: m.start(),
            end: m.end(),
            pat: m.pattern().as_usize(),
        })
        .collect()
}

/// What quantities a metric takes, from its default unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Sums of money (default unit CNY).
    Money,
    /// People (users).
    Audience,
    /// Rates: percentages, points, multiples (percent).
    Rate,
    /// Counted things (count).
    Count,
}

fn class_of(default_unit: &str) -> Class {
    match default_unit {
        "CNY" | "USD" => Class::Money,
        "users" => Class::Audience,
        "percent" | "percentage_points" | "times" => Class::Rate,
        _ => Class::Count,
    }
}

/// Can a metric of class `c` take a quantity of unit `u`?
fn fits(c: Class, u: &Unit) -> bool {
    match (c, u) {
        (_, Unit::Rank) => true,
        (Class::Money, Unit::Cny | Unit::Usd | Unit::Currency(_) | Unit::None) => true,
        (Class::Audience, Unit::Users | Unit::None) => true,
        (Class::Audience, Unit::Count(n)) => matches!(n.as_str(), "名" | "位" | "个" | "户"),
        (Class::Rate, Unit::Percent | Unit::PercentPoints | Unit::Times) => true,
        (Class::Count, Unit::Count(_) | Unit::None | Unit::Users) => true,
        _ => false,
    }
}

/// A holder word found in a sentence (`全网`, `商家`): byte span, and
/// whether it is a member noun.
#[derive(Debug, Clone, Copy)]
struct Holder {
    start: usize,
    end: usize,
    member: bool,
}

/// Holder words of `s` outside metric words and entity spans.
fn holder_hits(s: &str, metrics: &[MetricHit], spans: &[(usize, usize)]) -> Vec<Holder> {
    let Some(ac) = METRICS.holders.as_ref() else {
        return Vec::new();
    };
    let overlaps = |a: usize, b: usize, x: usize, y: usize| a < y && x < b;
    ac.find_iter(s)
        .filter(|m| stands_alone(s, m.start(), m.end()))
        .filter(|m| {
            !metrics
                .iter()
                .any(|h| overlaps(m.start(), m.end(), h.start, h.end))
                && !spans
                    .iter()
                    .any(|&(a, b)| overlaps(m.start(), m.end(), a, b))
        })
        .map(|m| Holder {
            start: m.start(),
            end: m.end(),
            member: METRICS
                .member
                .get(m.pattern().as_usize())
                .copied()
                .unwrap_or(false),
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

/// The period of the figures of one sentence, carried to the next sentences
/// of its paragraph that continue it.
#[derive(Debug, Clone)]
struct Carry {
    /// Index of the sentence whose figures had it.
    sentence: usize,
    period: Period,
    subject: Option<String>,
    /// The sentences it came from speak of a financial report.
    report: bool,
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
    let mut carry: Option<Carry> = None;
    // Whether the previous sentence's carried period held for any subject.
    let mut prev_any_subject = false;
    for (i, sent) in sentences.iter().enumerate() {
        let s = text.get(sent.byte_start..sent.byte_end);
        let carried = std::mem::take(&mut prev);
        let carried_semicolon = prev_semicolon;
        let carry_in = carry.take();
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
                    end: e,
                    name: m.name.clone(),
                    kind: m.kind,
                    venue: m.kind == EntityKind::Platform && is_venue(s, p, e),
                    source: m.kind == EntityKind::Organization && is_source(s, p, e),
                }
            })
            .collect();
        ms.extend(anaphors(s, sent.byte_start, i, mentions));
        let spans: Vec<(usize, usize)> = ms.iter().map(|c| (c.pos, c.end)).collect();
        let holders = holder_hits(s, &metrics, &spans);
        let all_times: &[TimeExpr] = times.get(i).map(Vec::as_slice).unwrap_or(&[]);
        let ts: Vec<&TimeExpr> = all_times
            .iter()
            .filter(|t| !is_comparison_base(s, t))
            .collect();
        // Does this sentence continue the one before in its paragraph?
        let same_paragraph = i > 0
            && sentences.get(i - 1).is_some_and(|p| {
                text.get(p.byte_end..sent.byte_start)
                    .is_some_and(|gap| !gap.contains('\n'))
            });
        let opener = s.trim_start();
        let continues = CONTINUATIONS.iter().any(|w| opener.starts_with(w));
        let contrast = CONTRASTS.iter().any(|w| opener.starts_with(w));
        let shifted = TIME_SHIFTS.iter().any(|w| s.contains(w));
        let carry_here = carry_in
            .as_ref()
            .filter(|c| c.sentence + 1 == i && same_paragraph && !contrast && !shifted)
            .cloned();
        // A sentence after `;` continues the one before: so does its opener
        // (`其中…下降3个百分点;拼多多的份额升至约25%`).
        let any_subject = continues
            || carry_here.as_ref().is_some_and(|c| c.report)
            || (carried_semicolon && prev_any_subject);
        prev_any_subject = any_subject;
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
            carry: carry_here.clone(),
            carry_any_subject: any_subject,
        };
        let view = View {
            s,
            qs: &qs,
            metrics: &metrics,
            cl: &cl,
            ms: &ms,
            holders: &holders,
            ts: &ts,
            all_times,
            shares: distribute(s, &cl, &ms, &qs),
        };
        let mut here: Vec<(usize, Figure)> = Vec::new();
        for qi in 0..qs.len() {
            if let Some(f) = view.figure_of(doc_id, sent, qi, &here, &ctx) {
                if !out.iter().any(|o: &Figure| same_figure(o, &f)) {
                    if let Some(p) = &f.period {
                        last_period = Some((i, p.clone()));
                    }
                    here.push((qi, f.clone()));
                    out.push(f);
                }
            }
        }
        // The period this sentence hands on: that of its last dated figure
        // that is no goal and no point in time.
        carry = here
            .iter()
            .rev()
            .map(|(_, f)| f)
            .filter(|f| !is_forward(f))
            .find_map(|f| {
                let p = f.period.as_ref()?;
                // Reporting periods only: a day is a point in time, a
                // month mostly an event (`618期间`).
                matches!(
                    p.precision,
                    Precision::Year | Precision::Half | Precision::Quarter
                )
                .then(|| Carry {
                    sentence: i,
                    period: p.clone(),
                    subject: f.subject.clone(),
                    report: REPORT_WORDS.iter().any(|w| s.contains(w))
                        || carry_here.as_ref().is_some_and(|c| c.report),
                })
            });
        prev = here.into_iter().map(|(_, f)| f).collect();
    }
    out
}

/// A target or an expectation: a figure about what is to come or what was
/// expected, not what was.
fn is_forward(f: &Figure) -> bool {
    matches!(f.qualifier.as_deref(), Some("target" | "expected"))
}

/// A subject candidate: an entity mention or a resolved anaphor, at a
/// sentence-relative byte span.
struct Cand {
    pos: usize,
    end: usize,
    name: String,
    kind: EntityKind,
    /// A platform written as the place of the action (`在小红书的`).
    venue: bool,
    /// An organization the sentence cites as its source (`据星图数据统计`).
    source: bool,
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
    /// The period of the sentence just before in the same paragraph.
    carry: Option<Carry>,
    /// It holds for any subject (the sentence opens with 其中 …, or the
    /// sentences before speak of a report).
    carry_any_subject: bool,
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

/// Is the organization at `p..e` of `s` the source the sentence cites
/// (`据星图数据统计`, `根据海通国际的测算`, `QuestMobile数据显示`)?
fn is_source(s: &str, p: usize, e: usize) -> bool {
    let before = s.get(..p).unwrap_or("").trim_end();
    let after = s.get(e..).unwrap_or("").trim_start();
    let after = after.strip_prefix('的').unwrap_or(after);
    SOURCE_BEFORE.iter().any(|w| before.ends_with(w))
        || SOURCE_AFTER.iter().any(|w| after.starts_with(w))
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
                    end: p + word.len(),
                    name: m.name.clone(),
                    kind,
                    venue: false,
                    source: false,
                });
            }
        }
    }
    out
}

/// `A和B的份额分别为25%和18%`: the quantities after 分别 go to the
/// entities before it, in order. For each quantity of `qs`: `None` when no
/// such list applies, `Some(None)` when it is ambiguous (as many entities
/// and quantities are needed), else `Some(Some(name))`.
fn distribute(
    s: &str,
    cl: &[(usize, usize)],
    ms: &[Cand],
    qs: &[Quantity],
) -> Vec<Option<Option<String>>> {
    let mut out = vec![None; qs.len()];
    for (ci, &(a, b)) in cl.iter().enumerate() {
        let Some(p) = s.get(a..b).and_then(|c| c.find("分别")).map(|p| a + p) else {
            continue;
        };
        let names_in = |from: usize| -> Vec<&str> {
            let mut v: Vec<(usize, &str)> = ms
                .iter()
                .filter(|c| c.pos >= from && c.pos < p && !c.source)
                .map(|c| (c.pos, c.name.as_str()))
                .collect();
            v.sort();
            let mut names: Vec<&str> = Vec::new();
            for (_, n) in v {
                if !names.contains(&n) {
                    names.push(n);
                }
            }
            names
        };
        let mut names = names_in(a);
        if names.len() < 2 && ci > 0 {
            names = names_in(cl[ci - 1].0);
        }
        if names.len() < 2 {
            continue;
        }
        let idx: Vec<usize> = qs
            .iter()
            .enumerate()
            .filter(|(_, q)| q.byte_start >= p && q.byte_start < b)
            .map(|(k, _)| k)
            .collect();
        for (n, &k) in idx.iter().enumerate() {
            out[k] = Some(if idx.len() == names.len() {
                names.get(n).map(|x| x.to_string())
            } else {
                None
            });
        }
    }
    out
}

fn same_figure(a: &Figure, b: &Figure) -> bool {
    a.evidence == b.evidence && a.metric == b.metric && a.value == b.value && a.subject == b.subject
}

/// Everything known of one sentence while its figures are read.
struct View<'a> {
    s: &'a str,
    qs: &'a [Quantity],
    metrics: &'a [MetricHit],
    cl: &'a [(usize, usize)],
    ms: &'a [Cand],
    holders: &'a [Holder],
    /// Time expressions that are not only the base of a comparison.
    ts: &'a [&'a TimeExpr],
    all_times: &'a [TimeExpr],
    /// Subjects given by a `分别` list (see [`distribute`]).
    shares: Vec<Option<Option<String>>>,
}

/// How a quantity became a figure of its metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Basis {
    /// A metric word of its clause (or a growth or share cue).
    Word,
    /// It continues an earlier figure of the sentence (`,抖音电商约为18%`).
    Continues,
    /// It is the base value of a comparison (`较去年同期的2680亿美元`).
    Base,
}

impl View<'_> {
    /// Is the quantity at `q` a threshold describing a set of members
    /// (`月销售额过千万元的商家`, `589个品牌成交额破亿元`) rather than a
    /// figure?
    fn is_threshold(&self, qi: usize, c0: usize) -> bool {
        let Some(q) = self.qs.get(qi) else {
            return false;
        };
        let member_at = |p: usize, slack: usize| {
            self.holders
                .iter()
                .any(|h| h.member && h.start >= p && h.start <= p + slack)
        };
        let after = self.s.get(q.byte_end..).unwrap_or("");
        if let Some(noun) = after.strip_prefix('的') {
            let at = q.byte_end + '的'.len_utf8();
            if member_at(at, 0) {
                return true;
            }
            // `销售收入100亿元以上的企业`: a metric, a quantity and 的 before
            // a noun that is no metric or result (`…的交易规模`, `…的增长`).
            let metric_after = self.metrics.iter().any(|m| m.start == at);
            let result = RESULT_NOUNS.iter().any(|w| noun.starts_with(w));
            let metric_before = self
                .metrics
                .iter()
                .any(|m| m.start >= c0 && m.end <= q.byte_start && fits(m.class(), &q.unit));
            if !metric_after && !result && metric_before {
                return true;
            }
        }
        // A count of members earlier in the clause (up to two characters
        // between: `589个品牌`, `4000多家连锁品牌`).
        self.qs[..qi].iter().any(|o| {
            o.byte_start >= c0
                && matches!(o.unit, Unit::Count(_) | Unit::None)
                && member_at(o.byte_end, 6)
        })
    }

    /// Is the clause before `q` nothing but entities, times and the words
    /// of a continuation (`抖音电商约为`, `低于市场预期的`)?
    fn only_fillers(&self, c0: usize, q: &Quantity) -> bool {
        let mut keep: Vec<bool> = vec![true; q.byte_start.saturating_sub(c0)];
        let mut blank = |a: usize, b: usize| {
            for k in a.max(c0)..b.min(q.byte_start) {
                if let Some(x) = keep.get_mut(k - c0) {
                    *x = false;
                }
            }
        };
        for c in self.ms {
            blank(c.pos, c.end);
        }
        for t in self.all_times {
            blank(t.byte_start, t.byte_end);
        }
        let Some(head) = self.s.get(c0..q.byte_start) else {
            return false;
        };
        let mut rest = String::new();
        for (k, ch) in head.char_indices() {
            if keep.get(k).copied().unwrap_or(false) {
                rest.push(ch);
            }
        }
        for w in CONTINUATION_FILLERS {
            rest = rest.replace(w, "");
        }
        rest.trim_matches(|c: char| c.is_whitespace() || "“”\"「」()（）".contains(c))
            .is_empty()
    }

    /// The metric of quantity `qi`, its default unit, the metric it grows or
    /// divides (`of`), and how it was found. `None`: no figure.
    fn metric_of(
        &self,
        qi: usize,
        here: &[(usize, Figure)],
    ) -> Option<(String, String, Option<String>, Basis)> {
        let q = self.qs.get(qi)?;
        let s = self.s;
        let (c0, c1) = clause_of(self.cl, q.byte_start);
        let in_clause = |p: usize| p >= c0 && p < c1;
        let clause = s.get(c0..c1.min(s.len())).unwrap_or("");
        let fitting = |m: &&MetricHit| fits(m.class(), &q.unit);
        let before = self
            .metrics
            .iter()
            .filter(|m| in_clause(m.start) && m.end <= q.byte_start)
            .filter(fitting)
            .max_by_key(|m| m.end);
        let after = self
            .metrics
            .iter()
            .filter(|m| in_clause(m.start) && m.start >= q.byte_end)
            .filter(fitting)
            .min_by_key(|m| m.start);
        // The level metric a rate is of: the nearest money, audience or
        // count word before it (in its clause, else in the sentence).
        let level_before = |clause_only: bool| {
            self.metrics
                .iter()
                .filter(|m| m.end <= q.byte_start && m.class() != Class::Rate)
                .filter(|m| !clause_only || in_clause(m.start))
                .max_by_key(|m| m.end)
                .and_then(|m| m.metric())
                .map(|(name, _)| name.clone())
        };
        let growth_cue = GROWTH_CUES.iter().any(|c| clause.contains(c));
        let relative = matches!(q.unit, Unit::Times | Unit::Percent);
        let points = matches!(q.unit, Unit::PercentPoints);
        let any_metric_word = self.metrics.iter().any(|m| in_clause(m.start));
        let head = s.get(c0..q.byte_start).unwrap_or("").trim_start();
        // An earlier figure of the sentence this clause continues.
        let continued = || -> Option<(&Figure, Basis)> {
            if any_metric_word || !self.only_fillers(c0, q) {
                return None;
            }
            let (_, f) = here.iter().rev().find(|(k, f)| {
                *k < qi
                    && self.qs.get(*k).is_some_and(|o| o.byte_start < c0)
                    && METRICS
                        .of
                        .iter()
                        .find(|(n, _)| *n == f.metric)
                        .is_some_and(|(_, u)| fits(class_of(u), &q.unit))
            })?;
            let base = ["较", "比", "相比", "相较", "与"]
                .iter()
                .any(|w| head.starts_with(w))
                && q.change.is_none();
            Some((f, if base { Basis::Base } else { Basis::Continues }))
        };
        let from_word = before.or(after).and_then(|m| m.metric()).cloned();
        // A share-price move (`美股盘前一度下跌逾15%`) is no figure of the
        // platform's.
        let stock_move = || METRICS.stock.iter().any(|w| clause.contains(w.as_str()));
        let (metric, unit, basis) = match from_word {
            Some((m, u)) => (m, u, Basis::Word),
            None if stock_move() => return None,
            None if relative && growth_cue => ("growth".into(), "percent".into(), Basis::Word),
            None => match continued() {
                Some((f, basis)) => {
                    let u = METRICS
                        .of
                        .iter()
                        .find(|(n, _)| *n == f.metric)
                        .map(|(_, u)| u.clone())
                        .unwrap_or_else(|| f.unit.clone());
                    (f.metric.clone(), u, basis)
                }
                None if points && growth_cue => ("growth".into(), "percent".into(), Basis::Word),
                None if matches!(q.unit, Unit::Percent) && q.change.is_none() => {
                    // A part of a whole: `其中超过六成来自产业带`, `贡献了…
                    // 收入的约七成` (a level metric before it in its clause).
                    let part = head.starts_with("其中") || level_before(true).is_some();
                    if !part {
                        return None;
                    }
                    ("share".into(), "percent".into(), Basis::Word)
                }
                None => return None,
            },
        };
        // A multiple is growth even when the clause also names the base
        // metric (`GMV 同比翻了近三倍`).
        let metric = if matches!(q.unit, Unit::Times) && growth_cue && metric != "growth" {
            "growth".to_string()
        } else {
            metric
        };
        let of = match metric.as_str() {
            "growth" => level_before(false),
            "share" => level_before(true),
            _ => None,
        };
        Some((metric, unit, of, basis))
    }

    /// The subject of quantity `qi`: `Some(name)`, or `None` for a figure
    /// that is not a platform's (`全网`, `她的店铺`) or of nobody known.
    fn subject_of(&self, qi: usize, here: &[(usize, Figure)], ctx: &Context) -> Option<String> {
        let q = self.qs.get(qi)?;
        if let Some(Some(given)) = self.shares.get(qi) {
            return given.clone();
        }
        let (c0, c1) = clause_of(self.cl, q.byte_start);
        let in_clause = |p: usize| p >= c0 && p < c1;
        let before_q: Vec<&Cand> = self
            .ms
            .iter()
            .filter(|c| c.pos < q.byte_start && !c.source)
            .collect();
        let nearest = |f: &dyn Fn(&Cand) -> bool| {
            before_q
                .iter()
                .copied()
                .filter(|c| f(c))
                .max_by_key(|c| c.pos)
        };
        let holder = |f: &dyn Fn(&Holder) -> bool| {
            self.holders
                .iter()
                .filter(|h| h.end <= q.byte_start && f(h))
                .max_by_key(|h| h.start)
        };
        // In the clause: an entity (a venue last), unless a holder stands
        // nearer (`拼多多商家的销售额`, `她的店铺…的月销售额`).
        let clause_holder = holder(&|h| in_clause(h.start));
        let in_clause_cand =
            nearest(&|c| in_clause(c.pos) && !c.venue).or_else(|| nearest(&|c| in_clause(c.pos)));
        match (in_clause_cand, clause_holder) {
            (Some(c), Some(h)) if h.start < c.pos => return Some(c.name.clone()),
            (_, Some(_)) => return None,
            (Some(c), None) => return Some(c.name.clone()),
            (None, None) => {}
        }
        // A clause with no subject of its own continues the figure before
        // it in the sentence (`全网销售总额为8556亿元,同比增长15.2%`).
        if let Some((_, f)) = here.iter().rev().find(|(k, _)| *k < qi) {
            return f.subject.clone();
        }
        // In the sentence: a platform, else any entity but a person (a
        // person outside the quantity's clause is mostly the one who says
        // it: `吴泳铭…表示,淘天集团…收入同比增长12%`); a market word nearer
        // wins (`根据…测算,2024年中国实物电商GMV…`).
        let sentence_holder = holder(&|h| !h.member);
        let cand = nearest(&|c| c.kind == EntityKind::Platform)
            .or_else(|| nearest(&|c| c.kind != EntityKind::Person));
        match (cand, sentence_holder) {
            (Some(c), Some(h)) if h.start < c.pos => return Some(c.name.clone()),
            (_, Some(_)) => return None,
            (Some(c), None) => return Some(c.name.clone()),
            (None, None) => {}
        }
        if let Some(c) = self
            .ms
            .iter()
            .filter(|c| c.pos >= q.byte_end && c.kind == EntityKind::Platform && !c.source)
            .min_by_key(|c| c.pos)
        {
            return Some(c.name.clone());
        }
        // Nothing named: the sentence continues the one before
        // (`…营收为310亿元;经调整净利润为46.8亿元`), else it is about the
        // article's main entity — unless it names a holder before the
        // quantity.
        if holder(&|_| true).is_some() {
            return None;
        }
        if self.ms.iter().all(|c| c.source) {
            if let Some(p) = &ctx.prev_subject {
                return Some(p.clone());
            }
        }
        ctx.main_entity.map(str::to_string)
    }

    fn figure_of(
        &self,
        doc_id: &str,
        sent: &Sentence,
        qi: usize,
        here: &[(usize, Figure)],
        ctx: &Context,
    ) -> Option<Figure> {
        let q = self.qs.get(qi)?;
        let s = self.s;
        let (c0, c1) = clause_of(self.cl, q.byte_start);
        let in_clause = |p: usize| p >= c0 && p < c1;
        let clause = s.get(c0..c1.min(s.len())).unwrap_or("");

        if self.is_threshold(qi, c0) {
            return None;
        }
        // An absolute change (`同比减少5亿元`, `较去年同期增加约5000万`) is
        // no level of its metric.
        if q.change.is_some()
            && !matches!(q.unit, Unit::Percent | Unit::PercentPoints | Unit::Times)
        {
            return None;
        }
        let (metric, default_unit, of, basis) = self.metric_of(qi, here)?;

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

        // A rate or a change in points that the text says went down is
        // negative (`同比下降98%` → -0.98, `下降3个百分点` → -3); a level
        // (`营收下降至…`) keeps its sign.
        let negative = q.change == Some(Change::Decrease)
            && (metric == "growth" || matches!(q.unit, Unit::PercentPoints));
        let sign = if negative { -1.0 } else { 1.0 };

        let subject = self.subject_of(qi, here, ctx);

        let qualifier = match q.qualifier {
            Some(k) => Some(k.as_str().to_string()),
            None if TARGET_CUES.iter().any(|c| clause.contains(c)) => Some("target".to_string()),
            None => None,
        };

        let period = if basis == Basis::Base {
            // The base of a comparison: the time it names, or none.
            self.all_times
                .iter()
                .filter(|t| in_clause(t.byte_start) && t.byte_end <= q.byte_start)
                .max_by_key(|t| t.byte_end)
                .map(|t| t.period.clone())
        } else {
            self.period_of(q, in_clause, &subject, qualifier.as_deref(), ctx)
        };

        Some(Figure {
            subject,
            metric,
            of,
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

    /// Period: in the clause, else the nearest before the quantity, else one
    /// the sentence continues.
    fn period_of(
        &self,
        q: &Quantity,
        in_clause: impl Fn(usize) -> bool,
        subject: &Option<String>,
        qualifier: Option<&str>,
        ctx: &Context,
    ) -> Option<Period> {
        let ts = self.ts;
        let (c0, c1) = clause_of(self.cl, q.byte_start);
        let clause = self.s.get(c0..c1.min(self.s.len())).unwrap_or("");
        if NOW_WORDS.iter().any(|w| clause.contains(w)) {
            return ts
                .iter()
                .find(|t| in_clause(t.byte_start))
                .map(|t| t.period.clone());
        }
        let own = ts
            .iter()
            .find(|t| in_clause(t.byte_start))
            .or_else(|| {
                ts.iter()
                    .filter(|t| t.byte_end <= q.byte_start)
                    .max_by_key(|t| t.byte_end)
            })
            .map(|t| t.period.clone());
        if own.is_some() || !ts.is_empty() {
            return own;
        }
        if refers_to_reporting_period(self.s, self.cl) {
            return ctx.anaphor_period.clone();
        }
        let forward = matches!(qualifier, Some("target" | "expected"));
        if forward {
            return None;
        }
        if let Some((subj, p)) = &ctx.prev_period {
            if subj == subject {
                return Some(p.clone());
            }
        }
        let c = ctx.carry.as_ref()?;
        // Two figures of nobody known are no evidence of one subject.
        let same = subject.is_some() && c.subject == *subject;
        (ctx.carry_any_subject || same).then(|| c.period.clone())
    }
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
        // 淘天集团 where the gazetteer knows it, else the platform before.
        assert!(
            matches!(f.subject.as_deref(), Some("淘天集团" | "阿里巴巴")),
            "{f:#?}"
        );
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
    fn full_stop_carries_subject_and_period_within_a_paragraph() {
        let fs = figs(
            &format!("快手2024年第二季度营收为310亿元。经调整净利润为46.8亿元。\n{OTHER}"),
            "2024-08-21",
        );
        let profit = find(&fs, "profit", 4_680_000_000.0);
        assert_eq!(profit.subject.as_deref(), Some("快手"));
        assert_eq!(span(profit), Some(("2024-04-01", "2024-06-30")));
        // A new paragraph: the subject carries, the period does not.
        let fs = figs(
            &format!("快手2024年第二季度营收为310亿元。\n经调整净利润为46.8亿元。\n{OTHER}"),
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

    fn none_of(fs: &[Figure], metric: &str, value: f64) {
        assert!(
            !fs.iter()
                .any(|f| f.metric == metric && (f.value - value).abs() <= value.abs() * 1e-9),
            "unexpected {metric} {value} in {fs:#?}"
        );
    }

    #[test]
    fn market_totals_and_merchants_have_no_subject() {
        // 视频号 is the article's main entity: it must not stand in.
        let fs = figs(
            &format!("{OTHER}据第三方机构统计,2023年全行业直播电商GMV约为4.9万亿元,同比增长35%。"),
            "2024-05-01",
        );
        let gmv = find(&fs, "GMV", 4.9e12);
        assert_eq!(gmv.subject, None);
        let g = find(&fs, "growth", 0.35);
        assert_eq!(g.subject, None);
        assert_eq!(g.of.as_deref(), Some("GMV"));
        assert_eq!(span(g), Some(("2023-01-01", "2023-12-31")));
        // A merchant's store.
        let fs = figs(
            &format!("{OTHER}一位做茶叶的商家告诉记者,他的店铺去年的销售额约为80万元。"),
            "2024-05-01",
        );
        assert_eq!(find(&fs, "GMV", 800_000.0).subject, None);
        // Thresholds of a set of merchants or brands are no figure.
        let fs = figs(
            &format!(
                "{OTHER}年销售额超过一亿元的商家已有300多家。去年有1200个品牌的成交额突破千万元。"
            ),
            "2024-05-01",
        );
        assert!(fs.iter().all(|f| f.metric != "GMV"), "{fs:#?}");
        let fs = figs("销售收入100亿元以上的企业有23家。", "2024-05-01");
        assert!(fs.is_empty(), "{fs:#?}");
        // A result after 的 is a figure.
        let fs = figs("2024年抖音GMV实现了3.5万亿元的规模。", "2025-01-01");
        assert_eq!(find(&fs, "GMV", 3.5e12).subject.as_deref(), Some("抖音"));
        // A count of brands is not GMV; their growth is nobody's.
        let fs = figs(
            &format!("{OTHER}京东称,超过3000个品牌成交额同比增长超过50%。"),
            "2024-05-01",
        );
        assert!(fs.iter().all(|f| f.metric != "GMV"), "{fs:#?}");
        assert!(
            fs.iter().all(|f| f.subject.as_deref() != Some("京东")),
            "{fs:#?}"
        );
        // The platform's own merchants in a metric word stay its figure.
        let fs = figs("2024年抖音电商商家数超过500万。", "2025-01-01");
        assert_eq!(find(&fs, "merchants", 5e6).subject.as_deref(), Some("抖音"));
    }

    #[test]
    fn respectively_distributes_in_order() {
        let fs = figs("2024年淘宝和京东的份额分别为40%和20%。", "2025-01-01");
        assert_eq!(find(&fs, "share", 0.4).subject.as_deref(), Some("淘宝"));
        assert_eq!(find(&fs, "share", 0.2).subject.as_deref(), Some("京东"));
        // Not as many values as names: nobody's.
        let fs = figs("淘宝和京东的份额分别为40%、20%和10%。", "2025-01-01");
        assert_eq!(find(&fs, "share", 0.1).subject, None);
    }

    #[test]
    fn a_level_after_a_growth_rate_keeps_its_metric() {
        let fs = figs("2024年视频号GMV同比增长80%至1200亿元。", "2025-01-01");
        let gmv = find(&fs, "GMV", 1.2e11);
        assert_eq!(gmv.unit, "CNY");
        let g = find(&fs, "growth", 0.8);
        assert_eq!(g.of.as_deref(), Some("GMV"));
        let fs = figs("京东2024年净利润同比下降三成至约20亿元。", "2025-01-01");
        let p = find(&fs, "profit", 2e9);
        assert_eq!(p.qualifier.as_deref(), Some("approx"));
        assert_eq!(find(&fs, "growth", -0.3).of.as_deref(), Some("profit"));
        // An absolute change is neither growth nor a level.
        let fs = figs("拼多多净利润同比减少8亿元。", "2025-01-01");
        assert!(fs.is_empty(), "{fs:#?}");
        assert!(figs("美团日活跃用户较去年同期增加约3000万。", "2025-01-01").is_empty());
    }

    #[test]
    fn parts_of_a_whole_are_shares() {
        let fs = figs("京东的广告收入占总收入的比例约为60%。", "2025-01-01");
        let sh = find(&fs, "share", 0.6);
        assert_eq!(sh.subject.as_deref(), Some("京东"));
        assert_eq!(sh.qualifier.as_deref(), Some("approx"));
        assert_eq!(sh.of.as_deref(), Some("revenue"));
        let fs = figs("淘宝贡献了阿里巴巴国内收入的约五成。", "2025-01-01");
        let sh = find(&fs, "share", 0.5);
        assert_eq!(sh.unit, "percent");
        assert!(fs.iter().all(|f| f.metric != "revenue"), "{fs:#?}");
    }

    #[test]
    fn negated_bounds_and_stock_moves() {
        let m = find(
            &figs("京东外卖的利润率不会超过3%。", "2025-01-01"),
            "margin",
            0.03,
        )
        .clone();
        assert_eq!(m.qualifier.as_deref(), Some("less_than"));
        assert!(figs("受此影响,京东港股当日收跌逾5%。", "2025-01-01").is_empty());
    }

    #[test]
    fn second_figures_of_a_sentence() {
        // The base of a comparison: its metric, its own period.
        let fs = figs(
            "小红书估值约260亿美元,较去年同期的170亿美元大幅上涨。",
            "2025-05-10",
        );
        let base = find(&fs, "valuation", 1.7e10);
        assert_eq!(base.unit, "USD");
        assert_eq!(base.subject.as_deref(), Some("小红书"));
        assert_eq!(span(base), Some(("2024-01-01", "2024-12-31")));
        assert_eq!(find(&fs, "valuation", 2.6e10).period, None);
        // A market expectation.
        let fs = figs(
            "快手2025年第一季度营收为326亿元,高于市场预期的318亿元。",
            "2025-05-30",
        );
        let e = find(&fs, "revenue", 3.18e10);
        assert_eq!(e.qualifier.as_deref(), Some("expected"));
        assert_eq!(e.subject.as_deref(), Some("快手"));
        // A clause that names only a new subject continues the metric.
        let fs = figs("2024年天猫的份额约为30%,京东约为20%。", "2025-01-01");
        let jd = find(&fs, "share", 0.2);
        assert_eq!(jd.subject.as_deref(), Some("京东"));
        assert_eq!(span(jd), Some(("2024-01-01", "2024-12-31")));
        // A change in points of it.
        let fs = figs(
            "2024年淘宝的市场份额约为40%,较2023年下降2个百分点。",
            "2025-01-01",
        );
        let pts = find(&fs, "share", -2.0);
        assert_eq!(pts.unit, "percentage_points");
        assert_eq!(span(pts), Some(("2024-01-01", "2024-12-31")));
        // Any other words in the clause: no continuation.
        let fs = figs("2024年快手营收为1200亿元,研发投入300亿元。", "2025-01-01");
        none_of(&fs, "revenue", 3e10);
    }

    #[test]
    fn lexicon_words() {
        let fs = figs("2024年视频号GMV同比翻倍。", "2025-01-01");
        let g = find(&fs, "growth", 1.0);
        assert_eq!(g.unit, "percent");
        assert_eq!(g.of.as_deref(), Some("GMV"));
        let fs = figs("美团外卖日单量突破1亿单。", "2025-01-01");
        assert_eq!(find(&fs, "orders", 1e8).unit, "单");
        let fs = figs("目前已有500多家连锁品牌入驻京东。", "2025-01-01");
        let m = find(&fs, "merchants", 500.0);
        assert_eq!(m.range, Some([500.0, 600.0]));
        assert_eq!(m.subject.as_deref(), Some("京东"));
        let fs = figs("2024年全网销售总额为8000亿元。", "2025-01-01");
        assert_eq!(find(&fs, "GMV", 8e11).subject, None);
        let fs = figs("京东PLUS会员数已超过3000万。", "2025-01-01");
        assert_eq!(find(&fs, "users", 3e7).unit, "users");
        let fs = figs("淘宝年活跃买家超过9亿。", "2025-01-01");
        assert_eq!(find(&fs, "buyers", 9e8).subject.as_deref(), Some("淘宝"));
        // Active merchants and new merchants are two metrics.
        let fs = figs(
            "2025年上半年,快手电商动销商家数同比增长20%,新入驻商家数量同比增长40%。",
            "2025-08-01",
        );
        assert_eq!(
            find(&fs, "growth", 0.2).of.as_deref(),
            Some("active_merchants")
        );
        assert_eq!(find(&fs, "growth", 0.4).of.as_deref(), Some("merchants"));
    }

    #[test]
    fn period_carries_to_the_sentences_continuing_a_report() {
        let q1 = Some(("2025-01-01", "2025-03-31"));
        // Same subject, next sentence of the paragraph.
        let fs = figs(
            "快手2025年第一季度营收为326亿元。快手电商GMV同比增长15%。",
            "2025-05-30",
        );
        assert_eq!(span(find(&fs, "growth", 0.15)), q1);
        // Another subject: only after a continuation word or in a report.
        let fs = figs(
            "快手2025年第一季度营收为326亿元。抖音电商GMV同比增长20%。",
            "2025-05-30",
        );
        assert_eq!(find(&fs, "growth", 0.2).period, None);
        let fs = figs(
            "快手2025年第一季度营收为326亿元。其中,可灵收入同比增长20%。",
            "2025-05-30",
        );
        assert_eq!(span(find(&fs, "growth", 0.2)), q1);
        let fs = figs(
            "快手2025年第一季度财报显示,营收为326亿元。程一笑表示,抖音电商GMV同比增长20%。",
            "2025-05-30",
        );
        assert_eq!(span(find(&fs, "growth", 0.2)), q1);
        // A turn, another time, a gap or a goal: nothing carries.
        for text in [
            "快手2025年第一季度财报显示,营收为326亿元。另一边,抖音电商GMV同比增长20%。",
            "快手2025年第一季度营收为326亿元。快手此前称,快手电商GMV同比增长20%。",
            "快手2025年第一季度营收为326亿元。快手很重视电商。快手电商GMV同比增长20%。",
            "快手2025年第一季度营收为326亿元。快手电商GMV目标是同比增长20%。",
        ] {
            let fs = figs(text, "2025-05-30");
            assert_eq!(find(&fs, "growth", 0.2).period, None, "{text}");
        }
        // A clause about now is dated by its own time only.
        let fs = figs(
            "快手今年上半年GMV增长20%,目前已有300多家品牌入驻快手。",
            "2025-08-01",
        );
        assert_eq!(find(&fs, "merchants", 300.0).period, None);
    }

    #[test]
    fn fiscal_quarters() {
        let fs = figs(
            "阿里巴巴公布截至2025年3月31日的2025财年业绩。2025财年阿里巴巴收入为9963亿元;第四季度收入为2364.5亿元。",
            "2025-06-01",
        );
        assert_eq!(
            span(find(&fs, "revenue", 9.963e11)),
            Some(("2024-04-01", "2025-03-31"))
        );
        assert_eq!(
            span(find(&fs, "revenue", 2.3645e11)),
            Some(("2025-01-01", "2025-03-31"))
        );
    }
}
