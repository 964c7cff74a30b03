//! Time expressions resolved to calendar periods.
//!
//! [`scan`] finds the time expressions of one sentence, left to right and
//! non-overlapping, and resolves each to a [`Period`] (ISO dates, `end`
//! inclusive) with the [`Anchor`] it was resolved against:
//!
//! - **absolute**: `2024 年`, `2024年8月`, `2024 年 8 月`, `2024年8月15日`,
//!   `2024-08-15`, `2024/8/15`, `二〇二四年`, `2024年上半年` (half),
//!   `2024年Q3`/`2024年第三季度` (quarter), `2025年的前两个月` (months 1–2,
//!   precision month), `2024 年年初` (Jan–Mar, precision quarter), `2024年底`
//!   (Oct–Dec), `2024年618期间` (June), `2023-2024年`;
//! - **publication**, relative to the publication date: `去年`, `今年`,
//!   `明年`, `前年`, `上年` and the same followed by any of the suffixes above
//!   (`去年下半年`, `去年618期间`, `今年年初`), `过去一年` (the previous calendar
//!   year, as news written early in a year uses it; `过去三年` → the three
//!   calendar years before), `近两年` (the two years ending at publication),
//!   `三年前` (that calendar year), `一个多月前` (the month one month before),
//!   `上个月`/`本月`/`下个月`, `昨天`/`今天`, and a bare `年初`/`年底` (of the
//!   publication year);
//! - **previous**, relative to the last absolute period of the text
//!   ([`TimeContext::last_absolute`], or an earlier expression of the same
//!   sentence): `当年`, `同年`, `这一年`, `次年`, `第二年`, `一年后`, `当月`, `次月`.
//!   `N年后` is only resolved in a sentence with no absolute time of its own
//!   (`2023 年,接手电商业务一年后,…` stays 2023).
//!
//! A bare month, quarter, half or festival (`8月`, `第三季度`, `下半年`,
//! `618期间`, `双11`) takes the year of the last absolute period when there is
//! one (anchor previous), else the publication year (anchor publication) —
//! or the year before when that period would start after the publication
//! date and the clause does not speak of the future (`12月23日` in an
//! article of 1998-01-15 is 1997-12-23; `预计8月上线` stays ahead).
//!
//! `N年内` (`三年内`) is a future window, publication .. publication + N years,
//! and only read when the clause marks the future (有望, 将, 计划, 预计, 目标,
//! 争取, 力争, 希望); `在两年内做到了` is a duration and yields nothing.
//! Expressions that need an anchor that is missing yield nothing.
//!
//! Not times: `618` on its own, `3 亿`, `1000亿`, `三年电商探索` (a duration).

use crate::extract::numeral;
use crate::model::{Period, Precision};
use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;

/// What a time expression was resolved against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Anchor {
    /// The text names the year itself.
    Absolute,
    /// Relative to the publication date (`去年`).
    Publication,
    /// Relative to the last absolute period of the text (`当年`, `次年`).
    Previous,
}

/// A time expression in a sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimeExpr {
    pub period: Period,
    pub anchor: Anchor,
    /// Byte span in the sentence.
    pub byte_start: usize,
    pub byte_end: usize,
}

/// What relative expressions are resolved against.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TimeContext {
    /// Publication date of the article.
    pub published: Option<NaiveDate>,
    /// The last single-year absolute period read before this sentence.
    pub last_absolute: Option<Period>,
}

// ---------------------------------------------------------------------------
// periods

/// A period before it is tied to the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Spec {
    Year(i32),
    Years(i32, i32),
    Half(i32, u32),
    Quarter(i32, u32),
    Months(i32, u32, u32),
    Day(NaiveDate),
    Span(NaiveDate, NaiveDate, Precision),
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn month_end(y: i32, m: u32) -> Option<NaiveDate> {
    let (ny, nm) = if m >= 12 {
        (y.checked_add(1)?, 1)
    } else {
        (y, m + 1)
    };
    ymd(ny, nm, 1)?.pred_opt()
}

fn iso(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

fn parse_iso(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

impl Spec {
    fn bounds(self) -> Option<(NaiveDate, NaiveDate, Precision)> {
        Some(match self {
            Spec::Year(y) => (ymd(y, 1, 1)?, ymd(y, 12, 31)?, Precision::Year),
            Spec::Years(a, b) => (ymd(a, 1, 1)?, ymd(b, 12, 31)?, Precision::Year),
            Spec::Half(y, h) => {
                let m = if h == 1 { 1 } else { 7 };
                (ymd(y, m, 1)?, month_end(y, m + 5)?, Precision::Half)
            }
            Spec::Quarter(y, q) => {
                let m = (q.clamp(1, 4) - 1) * 3 + 1;
                (ymd(y, m, 1)?, month_end(y, m + 2)?, Precision::Quarter)
            }
            Spec::Months(y, a, b) => (ymd(y, a, 1)?, month_end(y, b)?, Precision::Month),
            Spec::Day(d) => (d, d, Precision::Day),
            Spec::Span(a, b, p) => (a, b, p),
        })
    }

    fn period(self, text: &str) -> Option<Period> {
        let (a, b, precision) = self.bounds()?;
        if a > b {
            return None;
        }
        Some(Period {
            start: iso(a),
            end: iso(b),
            text: text.to_string(),
            precision,
        })
    }

    /// The same kind of period moved to year `y`.
    fn with_year(self, y: i32) -> Spec {
        match self {
            Spec::Year(_) => Spec::Year(y),
            Spec::Years(a, b) => Spec::Years(y, y + (b - a)),
            Spec::Half(_, h) => Spec::Half(y, h),
            Spec::Quarter(_, q) => Spec::Quarter(y, q),
            Spec::Months(_, a, b) => Spec::Months(y, a, b),
            Spec::Day(d) => d.with_year(y).map_or(Spec::Year(y), Spec::Day),
            Spec::Span(..) => Spec::Year(y),
        }
    }
}

// ---------------------------------------------------------------------------
// text helpers

fn first_char(s: &str) -> Option<char> {
    s.chars().next()
}

fn prev_char(s: &str, i: usize) -> Option<char> {
    s[..i].chars().next_back()
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{3000}' | '\u{a0}' | '\t')
}

fn skip_spaces(s: &str, mut i: usize) -> usize {
    while let Some(c) = first_char(&s[i..]) {
        if !is_space(c) {
            break;
        }
        i += c.len_utf8();
    }
    i
}

fn is_digitish(c: char) -> bool {
    matches!(
        c,
        '0'..='9'
            | '０'..='９'
            | '零'
            | '〇'
            | '○'
            | '一'
            | '二'
            | '两'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
            | '千'
            | '万'
            | '亿'
            | '廿'
            | '卅'
    )
}

/// Characters a time expression can start with.
fn may_start_time(c: char) -> bool {
    is_digitish(c)
        || matches!(
            c,
            '去' | '今'
                | '明'
                | '前'
                | '上'
                | '本'
                | '大'
                | '来'
                | '当'
                | '同'
                | '这'
                | '那'
                | '该'
                | '次'
                | '翌'
                | '第'
                | '转'
                | '过'
                | '近'
                | '最'
                | '半'
                | '下'
                | '昨'
                | '年'
                | '双'
                | 'Q'
                | 'q'
                | 'Ｑ'
                | 'F'
        )
}

fn eat(s: &str, i: usize, w: &str) -> Option<usize> {
    s[i..].starts_with(w).then(|| i + w.len())
}

fn eat_any(s: &str, i: usize, words: &[&str]) -> Option<usize> {
    words.iter().find_map(|w| eat(s, i, w))
}

/// ASCII (or full-width) digits at `i`: value, end, digit count (at most 4).
fn ascii_uint(s: &str, i: usize) -> Option<(u32, usize, usize)> {
    let mut v: u32 = 0;
    let mut n = 0;
    let mut k = i;
    while let Some(c) = first_char(&s[k..]) {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '０'..='９' => c as u32 - '０' as u32,
            _ => break,
        };
        n += 1;
        if n > 4 {
            return None;
        }
        v = v * 10 + d;
        k += c.len_utf8();
    }
    (n > 0).then_some((v, k, n))
}

/// A small whole number at `i` (ASCII or Chinese): value and end.
fn small_num(s: &str, i: usize) -> Option<(u32, usize)> {
    let c = first_char(&s[i..])?;
    if !is_digitish(c) {
        return None;
    }
    let (v, l) = numeral::parse_number(&s[i..])?;
    if v.fract() != 0.0 || !(0.0..=9999.0).contains(&v) {
        return None;
    }
    Some((v as u32, i + l))
}

/// A four-digit year at `i` (`2024`, `二〇二四`), 1900–2100.
fn year_num(s: &str, i: usize) -> Option<(i32, usize)> {
    let c = first_char(&s[i..])?;
    let (y, end) = if c.is_ascii_digit() || ('０'..='９').contains(&c) {
        let (v, end, n) = ascii_uint(s, i)?;
        if n != 4 {
            return None;
        }
        (v, end)
    } else {
        let mut k = i;
        let mut v = 0;
        for _ in 0..4 {
            let c = first_char(&s[k..])?;
            let d = match c {
                '〇' | '零' | '○' => 0,
                _ => "〇一二三四五六七八九".chars().position(|x| x == c)?,
            };
            v = v * 10 + d as u32;
            k += c.len_utf8();
        }
        if first_char(&s[k..]).is_some_and(is_digitish) {
            return None;
        }
        (v, k)
    };
    (1900..=2100).contains(&y).then_some((y as i32, end))
}

fn month_num(s: &str, i: usize) -> Option<(u32, usize)> {
    if first_char(&s[i..]).is_some_and(|c| c == '两' || c == '兩') {
        return None;
    }
    let (m, end) = small_num(s, i)?;
    (1..=12).contains(&m).then_some((m, end))
}

/// `N月` with an optional day and tail: (spec for year `y`, end).
fn month_day(s: &str, i: usize, y: i32) -> Option<(Spec, usize)> {
    let (m, k) = month_num(s, i)?;
    let k = skip_spaces(s, k);
    // 1-3月, 1至3月
    if let Some(k2) = eat_any(s, k, &["-", "至", "到", "~", "～", "—", "－"]) {
        let k2 = skip_spaces(s, k2);
        if let Some((m2, k3)) = month_num(s, k2) {
            let k3 = skip_spaces(s, k3);
            if let Some(k4) = eat(s, k3, "月") {
                if m2 > m {
                    let k4 = eat(s, k4, "份").unwrap_or(k4);
                    return Some((Spec::Months(y, m, m2), k4));
                }
            }
        }
    }
    let k = eat(s, k, "月")?;
    let k = eat(s, k, "份").unwrap_or(k);
    let kd = skip_spaces(s, k);
    if let Some((d, k2)) = small_num(s, kd) {
        let k2 = skip_spaces(s, k2);
        if let Some(k3) = eat_any(s, k2, &["日", "号"]) {
            if let Some(date) = ymd(y, m, d) {
                return Some((Spec::Day(date), k3));
            }
        }
    }
    let k = eat_any(s, k, &["上旬", "中旬", "下旬", "初", "底", "末", "中"]).unwrap_or(k);
    Some((Spec::Months(y, m, m), k))
}

fn quarter_num(s: &str, i: usize) -> Option<(u32, usize)> {
    // Q3, q3, 第三季度, 三季度, 第3季
    if let Some(k) = eat_any(s, i, &["Q", "q", "Ｑ"]) {
        let (q, k2, n) = ascii_uint(s, k)?;
        return (n == 1 && (1..=4).contains(&q)).then_some((q, k2));
    }
    let k = eat(s, i, "第").unwrap_or(i);
    let (q, k2) = small_num(s, k)?;
    if !(1..=4).contains(&q) {
        return None;
    }
    let k3 = eat_any(s, k2, &["季度", "季"])?;
    Some((q, k3))
}

const FESTIVAL_TAIL: &[&str] = &[
    "期间",
    "大促",
    "购物节",
    "当天",
    "活动",
    "前后",
    "前夕",
    "狂欢节",
    "预售",
    "开门红",
    "战报",
    "节点",
    "档期",
];

/// `618期间`, `双11`, `双十一`: (month, end). `bare_618` allows `618` with no tail.
fn festival(s: &str, i: usize, bare_618: bool) -> Option<(u32, usize)> {
    let tail = |k: usize| eat_any(s, k, FESTIVAL_TAIL).unwrap_or(k);
    if let Some(k) = eat(s, i, "618") {
        if first_char(&s[k..]).is_some_and(|c| c.is_ascii_digit()) {
            return None;
        }
        return match eat_any(s, k, FESTIVAL_TAIL) {
            Some(k2) => Some((6, k2)),
            None if bare_618 => Some((6, k)),
            None => None,
        };
    }
    for (w, m) in [("双11", 11), ("双十一", 11), ("双12", 12), ("双十二", 12)] {
        if let Some(k) = eat(s, i, w) {
            if first_char(&s[k..]).is_some_and(|c| c.is_ascii_digit()) {
                return None;
            }
            return Some((m, tail(k)));
        }
    }
    None
}

/// What follows `…年` (`上半年`, `Q3`, `8月15日`, `年初`, `前两个月`, `618期间` …)
/// for year `y`. `k` is just past `年`.
fn year_suffix(s: &str, k: usize, y: i32) -> (Spec, usize) {
    let k0 = skip_spaces(s, k);
    let kd = eat(s, k0, "的").unwrap_or(k0);
    let kd = skip_spaces(s, kd);
    if let Some(e) = eat_any(s, k0, &["年初", "初"]) {
        return (Spec::Quarter(y, 1), e);
    }
    if let Some(e) = eat_any(s, k0, &["年底", "年末", "底", "末"]) {
        return (Spec::Quarter(y, 4), e);
    }
    if let Some(e) = eat_any(s, kd, &["上半年", "上半年度"]) {
        return (Spec::Half(y, 1), e);
    }
    if let Some(e) = eat_any(s, kd, &["下半年", "下半年度"]) {
        return (Spec::Half(y, 2), e);
    }
    if let Some((q, e)) = quarter_num(s, kd) {
        return (Spec::Quarter(y, q), e);
    }
    if let Some(k2) = eat(s, kd, "前") {
        if let Some((n, k3)) = small_num(s, k2) {
            let k4 = eat(s, k3, "个").unwrap_or(k3);
            if let Some(e) = eat(s, k4, "月") {
                if (1..=12).contains(&n) {
                    return (Spec::Months(y, 1, n), e);
                }
            }
        }
    }
    if let Some((spec, e)) = month_day(s, k0, y) {
        return (spec, e);
    }
    if let Some((m, e)) = festival(s, k0, true) {
        return (Spec::Months(y, m, m), e);
    }
    if let Some(e) = eat_any(s, k0, &["全年", "度"]) {
        return (Spec::Year(y), e);
    }
    (Spec::Year(y), k)
}

// ---------------------------------------------------------------------------
// matchers

/// A match before resolution.
enum Hit {
    /// A fixed period.
    Absolute(Spec),
    /// Relative to publication.
    Pub(PubRel),
    /// Relative to the last absolute period.
    Prev(PrevRel),
    /// Year of context (bare month, quarter, half, festival).
    Context(Spec),
    /// A fiscal year (`2025财年`, `FY2025`) or a part of one.
    Fiscal(i32, FiscalPart),
}

/// What part of a fiscal year an expression names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FiscalPart {
    Whole,
    Quarter(u32),
    Half(u32),
}

/// The fiscal-year knowledge of a text, carried from sentence to sentence.
#[derive(Debug, Clone, Copy, Default)]
struct Fiscal {
    /// Month and day the fiscal year ends, where the text states it
    /// (`截至2025年3月31日的2025财年` → (3, 31)).
    end: Option<(u32, u32)>,
    /// The fiscal year the text speaks of, while no calendar time came
    /// after it: a bare `第四季度` is then that fiscal year's quarter.
    current: Option<i32>,
}

/// Bounds of a part of fiscal year `fy` ending on month/day `end` of year
/// `fy` (fiscal years are named by the year they end in: Alibaba's FY2025
/// is 2024-04-01..2025-03-31, its Q4 2025-01-01..2025-03-31).
fn fiscal_spec(fy: i32, part: FiscalPart, end: (u32, u32)) -> Option<Spec> {
    let last = ymd(fy, end.0, end.1)?;
    let first = add_months(last.succ_opt()?, -12)?;
    let part_of = |months_in: i32, n: u32, precision: Precision| -> Option<Spec> {
        let a = add_months(first, months_in * (n as i32 - 1))?;
        let b = add_months(a, months_in)?.pred_opt()?;
        Some(Spec::Span(a, b, precision))
    };
    match part {
        FiscalPart::Whole => Some(Spec::Span(first, last, Precision::Year)),
        FiscalPart::Quarter(q) if (1..=4).contains(&q) => part_of(3, q, Precision::Quarter),
        FiscalPart::Half(h) if (1..=2).contains(&h) => part_of(6, h, Precision::Half),
        _ => None,
    }
}

/// After a fiscal-year word (`财年`) at `k`: the part it names and its end.
fn fiscal_suffix(s: &str, k: usize) -> (FiscalPart, usize) {
    let k0 = skip_spaces(s, k);
    let kd = eat(s, k0, "的").unwrap_or(k0);
    if let Some((q, e)) = quarter_num(s, kd) {
        return (FiscalPart::Quarter(q), e);
    }
    if let Some(e) = eat_any(s, kd, &["上半年", "上半财年", "H1"]) {
        return (FiscalPart::Half(1), e);
    }
    if let Some(e) = eat_any(s, kd, &["下半年", "下半财年", "H2"]) {
        return (FiscalPart::Half(2), e);
    }
    if let Some(e) = eat_any(s, k0, &["全年", "年度"]) {
        return (FiscalPart::Whole, e);
    }
    (FiscalPart::Whole, k)
}

/// `2025财年`, `2025 财年`, `2025财政年度`, `FY2025`, `FY25`, `FY 2025`, each
/// with an optional quarter or half (`2025财年第四季度`, `FY2025 Q4`).
fn fiscal_at(s: &str, i: usize, prev: Option<char>) -> Option<(Hit, usize)> {
    if prev.is_some_and(|p| p.is_ascii_alphanumeric()) {
        return None;
    }
    if let Some(k) = eat_any(s, i, &["FY", "Fy", "fy"]) {
        let k = skip_spaces(s, k);
        let (v, e, n) = ascii_uint(s, k)?;
        let y = match n {
            4 => v as i32,
            2 => 2000 + v as i32,
            _ => return None,
        };
        if !(1900..=2100).contains(&y)
            || first_char(&s[e..])
                .is_some_and(|c| c.is_ascii_alphanumeric() && c != 'Q' && c != 'H')
        {
            return None;
        }
        let (part, end) = fiscal_suffix(s, e);
        return Some((Hit::Fiscal(y, part), end));
    }
    let (y, k) = year_num(s, i)?;
    let k1 = skip_spaces(s, k);
    let k1 = eat(s, k1, "年").unwrap_or(k1);
    let k2 = eat_any(s, k1, &["财年", "财政年度", "会计年度"])?;
    let (part, end) = fiscal_suffix(s, k2);
    Some((Hit::Fiscal(y, part), end))
}

/// The fiscal year end a clause states around a fiscal-year expression at
/// `i..e`: `截至2025年3月31日(止)的2025财年`, `2025财年(截至2025年3月31日)`.
fn stated_fiscal_end(s: &str, i: usize, e: usize) -> Option<(u32, u32)> {
    let day_at = |k: usize| -> Option<(NaiveDate, usize)> {
        match match_at(s, k)? {
            (Hit::Absolute(Spec::Day(d)), end) => Some((d, end)),
            _ => None,
        }
    };
    // Before: 截至 DATE (止)(的) FY.
    let cs = clause_start(s, i);
    let head = &s[cs..i];
    if let Some(p) = head.rfind("截至").or_else(|| head.rfind("截止")) {
        let k = skip_spaces(s, cs + p + "截至".len());
        if let Some((d, end)) = day_at(k) {
            let gap = s[end..i].trim_matches(is_space);
            if ["", "的", "止", "止的", "为止的"].contains(&gap) {
                return Some((d.month(), d.day()));
            }
        }
    }
    // After: FY (截至 DATE).
    let rest = &s[e..];
    let open = ["(", "（"].iter().find_map(|o| rest.strip_prefix(o))?;
    let after = open.trim_start_matches(is_space);
    let after = ["截至", "截止"]
        .iter()
        .find_map(|w| after.strip_prefix(w))?;
    let k = s.len() - after.len();
    let (d, _) = day_at(skip_spaces(s, k))?;
    Some((d.month(), d.day()))
}

/// `截至` / `截止` (`到`) right before `i`: the expression is a point in time,
/// the last day of the period it names (`截至今年3月底` → 2025-03-31).
fn as_of_before(s: &str, i: usize) -> bool {
    let head = s[..i].trim_end_matches(is_space);
    ["截至", "截止", "截止到", "截至到", "截止至"]
        .iter()
        .any(|w| head.ends_with(w))
}

#[derive(Clone, Copy)]
enum PubRel {
    /// A year offset and what followed (`去年下半年`).
    Year(i32, Spec),
    /// The N calendar years before publication (`过去一年`, `过去三年`).
    PastYears(u32),
    /// The N full months before the publication month.
    PastMonths(u32),
    /// Publication − N years .. publication.
    RecentYears(u32),
    RecentMonths(u32),
    YearsAgo(u32),
    /// N months (and some days, for `一个多月前`) before publication.
    MonthsAgo(u32, u32),
    DaysAgo(i64),
    /// Publication .. publication + N years.
    Within(u32),
    MonthOffset(i32),
    /// Bare 年初 (Q1) / 年底 (Q4) of the publication year.
    YearPart(u32),
}

#[derive(Clone, Copy)]
enum PrevRel {
    Year(i32, Spec),
    /// `N年后`, only in sentences with no absolute time of their own.
    YearsAfter(i32),
    /// `当月` (0), `次月` (1).
    Month(i32),
}

const PUB_YEAR_WORDS: &[(&str, i32)] = &[
    ("大前年", -3),
    ("前年", -2),
    ("去年", -1),
    ("上一年", -1),
    ("上年", -1),
    ("今年", 0),
    ("本年", 0),
    ("明年", 1),
    ("来年", 1),
];

const PREV_YEAR_WORDS: &[(&str, i32)] = &[
    ("当年", 0),
    ("同年", 0),
    ("这一年", 0),
    ("那一年", 0),
    ("该年", 0),
    ("这年", 0),
    ("那年", 0),
    ("次年", 1),
    ("翌年", 1),
    ("第二年", 1),
    ("转年", 1),
    ("前一年", -1),
];

const FUTURE_MARKERS: &[&str] = &[
    "有望", "将", "计划", "预计", "目标", "争取", "力争", "希望", "要在", "规划",
];

fn clause_start(s: &str, i: usize) -> usize {
    s[..i]
        .char_indices()
        .rev()
        .find(|&(_, c)| {
            matches!(
                c,
                ',' | '，' | ';' | '；' | '。' | '!' | '！' | '?' | '？' | '\n'
            )
        })
        .map_or(0, |(p, c)| p + c.len_utf8())
}

fn sentence_bounds(s: &str, i: usize) -> (usize, usize) {
    let stop = |c: char| matches!(c, '。' | '!' | '！' | '?' | '？' | '\n');
    let a = s[..i]
        .char_indices()
        .rev()
        .find(|&(_, c)| stop(c))
        .map_or(0, |(p, c)| p + c.len_utf8());
    let b = s[i..].find(stop).map_or(s.len(), |p| i + p);
    (a, b)
}

/// Tries every matcher at `i`: the hit and its end.
fn match_at(s: &str, i: usize) -> Option<(Hit, usize)> {
    let c = first_char(&s[i..])?;
    if !may_start_time(c) {
        return None;
    }
    let prev = prev_char(s, i);
    let glued_to_number =
        prev.is_some_and(|p| is_digitish(p) || p.is_ascii_alphabetic() || p == '.');

    if (c.is_ascii_digit() || ('０'..='９').contains(&c)) && !glued_to_number {
        // 2024-08-15, 2024/8/15, 2024.8.15, 2024-08
        if let Some((y, k, 4)) = ascii_uint(s, i) {
            if let Some(sep) = first_char(&s[k..]).filter(|c| matches!(c, '-' | '/' | '.')) {
                let k1 = k + 1;
                if let Some((m, k2, n2)) = ascii_uint(s, k1) {
                    if n2 <= 2 {
                        if first_char(&s[k2..]) == Some(sep) {
                            if let Some((d, k3, n3)) = ascii_uint(s, k2 + 1) {
                                let after = first_char(&s[k3..]);
                                if n3 <= 2 && !after.is_some_and(|c| c.is_ascii_digit() || c == sep)
                                {
                                    if let Some(date) = ymd(y as i32, m, d) {
                                        return Some((Hit::Absolute(Spec::Day(date)), k3));
                                    }
                                }
                            }
                        } else if sep != '.'
                            && (1..=12).contains(&m)
                            && (1900..=2100).contains(&y)
                            && !first_char(&s[k2..])
                                .is_some_and(|c| c.is_ascii_digit() || c == '-' || c == '/')
                        {
                            return Some((Hit::Absolute(Spec::Months(y as i32, m, m)), k2));
                        }
                    }
                }
            }
        }
    }

    // Fiscal years: 2025财年…, FY2025.
    if let Some(hit) = fiscal_at(s, i, prev) {
        return Some(hit);
    }

    // Years: 2024年…, 二〇二四年…, 2023-2024年.
    if !glued_to_number {
        if let Some((y, k)) = year_num(s, i) {
            if let Some(k1) = eat_any(s, k, &["-", "至", "到", "~", "～", "—", "－"]) {
                if let Some((y2, k2)) = year_num(s, k1) {
                    let k3 = skip_spaces(s, k2);
                    if let Some(k4) = eat(s, k3, "年") {
                        if y2 > y {
                            return Some((Hit::Absolute(Spec::Years(y, y2)), k4));
                        }
                    }
                }
            }
            let k1 = skip_spaces(s, k);
            if let Some(k2) = eat(s, k1, "年") {
                if !s[k2..].starts_with("代") {
                    let (spec, e) = year_suffix(s, k2, y);
                    return Some((Hit::Absolute(spec), e));
                }
            }
        }
    }

    // 去年…, 今年…
    for &(w, off) in PUB_YEAR_WORDS {
        if let Some(k) = eat(s, i, w) {
            if w == "前年" && prev.is_some_and(|p| p == '年' || is_digitish(p)) {
                continue;
            }
            if w == "上年" && s[k..].starts_with('纪') {
                continue;
            }
            let (spec, e) = year_suffix(s, k, 0);
            return Some((Hit::Pub(PubRel::Year(off, spec)), e));
        }
    }
    // 当年…, 次年…
    for &(w, off) in PREV_YEAR_WORDS {
        if let Some(k) = eat(s, i, w) {
            let (spec, e) = year_suffix(s, k, 0);
            return Some((Hit::Prev(PrevRel::Year(off, spec)), e));
        }
    }
    if let Some(k) = eat_any(s, i, &["当月", "同月"]) {
        return Some((Hit::Prev(PrevRel::Month(0)), k));
    }
    if let Some(k) = eat(s, i, "次月") {
        return Some((Hit::Prev(PrevRel::Month(1)), k));
    }

    // 过去一年, 过去三个月
    if let Some(k) = eat(s, i, "过去") {
        let k = eat(s, k, "的").unwrap_or(k);
        if let Some((n, k2)) = small_num(s, k) {
            if (1..=50).contains(&n) {
                if let Some(e) = eat(s, k2, "年") {
                    return Some((Hit::Pub(PubRel::PastYears(n)), e));
                }
                let k3 = eat(s, k2, "个").unwrap_or(k2);
                if let Some(e) = eat(s, k3, "月") {
                    return Some((Hit::Pub(PubRel::PastMonths(n)), e));
                }
            }
        }
    }
    // 近两年, 最近三个月
    if let Some(k) = eat_any(s, i, &["最近", "近"]) {
        if !(prev == Some('将') || prev == Some('接') || prev == Some('附')) {
            if let Some((n, k2)) = small_num(s, k) {
                if (1..=50).contains(&n) {
                    if let Some(e) = eat(s, k2, "年") {
                        let e = eat(s, e, "来").unwrap_or(e);
                        return Some((Hit::Pub(PubRel::RecentYears(n)), e));
                    }
                    let k3 = eat(s, k2, "个").unwrap_or(k2);
                    if let Some(e) = eat(s, k3, "月") {
                        return Some((Hit::Pub(PubRel::RecentMonths(n)), e));
                    }
                }
            }
        }
    }
    // 三年前, 一个多月前, 半年前, 三天前, 一年后, 三年内
    if !glued_to_number || c == '半' {
        let counted = if c == '半' {
            Some((0, i + '半'.len_utf8()))
        } else {
            small_num(s, i)
        };
        if let Some((n, k)) = counted {
            let half = c == '半';
            if let Some(k2) = eat(s, k, "年") {
                let k2m = eat_any(s, k2, &["多", "左右"]).unwrap_or(k2);
                if let Some(e) = eat_any(s, k2m, &["前", "以前"]) {
                    return Some((
                        if half {
                            Hit::Pub(PubRel::MonthsAgo(6, 0))
                        } else {
                            Hit::Pub(PubRel::YearsAgo(n))
                        },
                        e,
                    ));
                }
                if let Some(e) = eat_any(s, k2, &["后", "以后", "之后"]) {
                    if !half && n >= 1 {
                        return Some((Hit::Prev(PrevRel::YearsAfter(n as i32)), e));
                    }
                }
                if let Some(e) = eat(s, k2, "内") {
                    if !half && n >= 1 {
                        let cs = clause_start(s, i);
                        if FUTURE_MARKERS.iter().any(|w| s[cs..i].contains(w)) {
                            return Some((Hit::Pub(PubRel::Within(n)), e));
                        }
                    }
                }
            }
            let k1 = eat(s, k, "个").unwrap_or(k);
            let k1m = eat_any(s, k1, &["多", "半"]).unwrap_or(k1);
            if let Some(k2) = eat(s, k1m, "月") {
                let k2m = eat(s, k2, "多").unwrap_or(k2);
                if let Some(e) = eat_any(s, k2m, &["前", "以前"]) {
                    if n >= 1 && s[k..].starts_with('个') {
                        let extra = if k1m > k1 || k2m > k2 { 15 } else { 0 };
                        return Some((Hit::Pub(PubRel::MonthsAgo(n, extra)), e));
                    }
                }
            }
            if let Some(k2) = eat(s, k, "天") {
                if let Some(e) = eat(s, k2, "前") {
                    if n >= 1 && !half {
                        return Some((Hit::Pub(PubRel::DaysAgo(n as i64)), e));
                    }
                }
            }
        }
    }
    for (w, off) in [
        ("上个月", -1),
        ("上月", -1),
        ("本月", 0),
        ("这个月", 0),
        ("下个月", 1),
        ("下月", 1),
    ] {
        if let Some(e) = eat(s, i, w) {
            return Some((Hit::Pub(PubRel::MonthOffset(off)), e));
        }
    }
    for (w, off) in [
        ("今天", 0),
        ("昨天", 1),
        ("昨日", 1),
        ("前天", 2),
        ("明天", -1),
    ] {
        if let Some(e) = eat(s, i, w) {
            if w == "前天" && prev.is_some_and(is_digitish) {
                continue;
            }
            return Some((Hit::Pub(PubRel::DaysAgo(off)), e));
        }
    }
    if let Some(e) = eat(s, i, "年初") {
        return Some((Hit::Pub(PubRel::YearPart(1)), e));
    }
    if let Some(e) = eat_any(s, i, &["年底", "年末"]) {
        return Some((Hit::Pub(PubRel::YearPart(4)), e));
    }
    if let Some(e) = eat(s, i, "上半年") {
        return Some((Hit::Context(Spec::Half(0, 1)), e));
    }
    if let Some(e) = eat(s, i, "下半年") {
        return Some((Hit::Context(Spec::Half(0, 2)), e));
    }
    let letter_before = prev.is_some_and(|p| p.is_ascii_alphanumeric());
    if !letter_before && !glued_to_number {
        if let Some((q, e)) = quarter_num(s, i) {
            return Some((Hit::Context(Spec::Quarter(0, q)), e));
        }
    }
    let blocks_month = prev.is_some_and(|p| {
        is_digitish(p) || "个几数多前近每第年".contains(p) || p.is_ascii_alphanumeric()
    });
    if !blocks_month {
        if let Some((spec, e)) = month_day(s, i, 0) {
            return Some((Hit::Context(spec), e));
        }
    }
    if !glued_to_number {
        if let Some((m, e)) = festival(s, i, false) {
            return Some((Hit::Context(Spec::Months(0, m, m)), e));
        }
    }
    None
}

fn add_months(d: NaiveDate, n: i32) -> Option<NaiveDate> {
    if n >= 0 {
        d.checked_add_months(Months::new(n as u32))
    } else {
        d.checked_sub_months(Months::new(n.unsigned_abs()))
    }
}

fn last_year(p: &Period) -> Option<i32> {
    parse_iso(&p.start).map(|d| d.year())
}

/// Resolves a publication-relative hit.
fn resolve_pub(rel: PubRel, published: NaiveDate) -> Option<Spec> {
    let y = published.year();
    let month_start = ymd(y, published.month(), 1)?;
    Some(match rel {
        PubRel::Year(off, spec) => spec.with_year(y + off),
        PubRel::PastYears(1) => Spec::Year(y - 1),
        PubRel::PastYears(n) => Spec::Years(y - n as i32, y - 1),
        PubRel::PastMonths(n) => {
            let a = add_months(month_start, -(n as i32))?;
            let b = month_start.pred_opt()?;
            Spec::Span(a, b, Precision::Month)
        }
        PubRel::RecentYears(n) => Spec::Span(
            add_months(published, -12 * n as i32)?,
            published,
            Precision::Year,
        ),
        PubRel::RecentMonths(n) => Spec::Span(
            add_months(published, -(n as i32))?,
            published,
            Precision::Month,
        ),
        PubRel::YearsAgo(n) if n <= 100 => Spec::Year(y - n as i32),
        PubRel::YearsAgo(_) => return None,
        PubRel::MonthsAgo(n, extra_days) => {
            let m = add_months(published, -(n as i32))?
                .checked_sub_days(chrono::Days::new(extra_days.into()))?;
            Spec::Months(m.year(), m.month(), m.month())
        }
        PubRel::DaysAgo(n) => {
            Spec::Day(published.checked_sub_signed(chrono::Duration::try_days(n)?)?)
        }
        PubRel::Within(n) => Spec::Span(
            published,
            add_months(published, 12 * n as i32)?,
            Precision::Year,
        ),
        PubRel::MonthOffset(off) => {
            let m = add_months(month_start, off)?;
            Spec::Months(m.year(), m.month(), m.month())
        }
        PubRel::YearPart(q) => Spec::Quarter(y, q),
    })
}

fn is_single_year(p: &Period) -> bool {
    p.start.get(..4) == p.end.get(..4)
}

/// The time expressions of `sentence`, left to right, resolved against `ctx`.
///
/// ```
/// use chrono::NaiveDate;
/// use zhmine::extract::time::{scan, Anchor, TimeContext};
/// use zhmine::model::Precision;
/// let ctx = TimeContext { published: NaiveDate::from_ymd_opt(2025, 3, 1), last_absolute: None };
/// let t = scan("去年618期间,小红书不再只提买手", &ctx);
/// assert_eq!((t[0].period.start.as_str(), t[0].period.end.as_str()), ("2024-06-01", "2024-06-30"));
/// assert_eq!(t[0].period.precision, Precision::Month);
/// assert_eq!(t[0].anchor, Anchor::Publication);
/// ```
pub fn scan(sentence: &str, ctx: &TimeContext) -> Vec<TimeExpr> {
    scan_in(sentence, ctx, &mut Fiscal::default())
}

/// Is the clause of `s` holding byte `i` about the future?
fn future_clause(s: &str, i: usize) -> bool {
    let cs = clause_start(s, i);
    FUTURE_MARKERS.iter().any(|w| s[cs..i].contains(w))
}

/// [`scan`] with the fiscal-year knowledge of the sentences before.
fn scan_in(sentence: &str, ctx: &TimeContext, fiscal: &mut Fiscal) -> Vec<TimeExpr> {
    let mut out = Vec::new();
    if !may_hold_time(sentence) {
        return out;
    }
    let s = sentence;
    let mut last = ctx.last_absolute.clone();
    let mut i = 0;
    while let Some(c) = first_char(&s[i..]) {
        let Some((hit, end)) = match_at(s, i) else {
            i += c.len_utf8();
            continue;
        };
        let text = &s[i..end];
        let mut is_fiscal = false;
        let resolved: Option<(Spec, Anchor)> = match hit {
            Hit::Fiscal(fy, part) => {
                if let Some(stated) = stated_fiscal_end(s, i, end) {
                    fiscal.end = Some(stated);
                }
                fiscal.current = Some(fy);
                is_fiscal = true;
                // No stated year end: the calendar year (the text keeps
                // the words `2025财年`).
                let end_md = fiscal.end.unwrap_or((12, 31));
                fiscal_spec(fy, part, end_md).map(|spec| (spec, Anchor::Absolute))
            }
            // A bare quarter or half after a fiscal year is part of it
            // (`2025财年…;第四季度收入为…`).
            Hit::Context(Spec::Quarter(_, q)) if fiscal.current.is_some() => {
                is_fiscal = true;
                fiscal.current.and_then(|fy| {
                    fiscal_spec(fy, FiscalPart::Quarter(q), fiscal.end.unwrap_or((12, 31)))
                        .map(|spec| (spec, Anchor::Previous))
                })
            }
            Hit::Context(Spec::Half(_, h)) if fiscal.current.is_some() => {
                is_fiscal = true;
                fiscal.current.and_then(|fy| {
                    fiscal_spec(fy, FiscalPart::Half(h), fiscal.end.unwrap_or((12, 31)))
                        .map(|spec| (spec, Anchor::Previous))
                })
            }
            Hit::Absolute(spec) => Some((spec, Anchor::Absolute)),
            Hit::Pub(rel) => ctx
                .published
                .and_then(|p| resolve_pub(rel, p))
                .map(|spec| (spec, Anchor::Publication)),
            Hit::Prev(rel) => last.as_ref().and_then(|p| {
                let y = last_year(p)?;
                match rel {
                    PrevRel::Year(off, spec) => Some((spec.with_year(y + off), Anchor::Previous)),
                    PrevRel::YearsAfter(n) => {
                        let (a, b) = sentence_bounds(s, i);
                        let seg = &s[a..b];
                        let own = has_absolute(seg);
                        (!own).then_some((Spec::Year(y + n), Anchor::Previous))
                    }
                    PrevRel::Month(off) => {
                        if !matches!(p.precision, Precision::Month | Precision::Day) {
                            return None;
                        }
                        let d = parse_iso(&p.start)?;
                        let m = add_months(ymd(d.year(), d.month(), 1)?, off)?;
                        Some((
                            Spec::Months(m.year(), m.month(), m.month()),
                            Anchor::Previous,
                        ))
                    }
                }
            }),
            Hit::Context(spec) => match last.as_ref().and_then(last_year) {
                // A past-tense clause speaks of no period after the
                // publication date (`2025年…第四季度` in an article of June
                // 2025 is not 2025 Q4): nothing rather than a guess.
                Some(y) => {
                    let later = ctx
                        .published
                        .is_some_and(|p| spec.with_year(y).bounds().is_some_and(|(a, _, _)| a > p));
                    (!later || future_clause(s, i)).then_some((spec.with_year(y), Anchor::Previous))
                }
                None => ctx.published.map(|p| {
                    // News reports the past: a bare `12月23日` in a January
                    // article is last December, unless the clause speaks of
                    // the future.
                    let this_year = spec.with_year(p.year());
                    let starts_later = this_year.bounds().is_some_and(|(a, _, _)| a > p);
                    let cs = clause_start(s, i);
                    let future = FUTURE_MARKERS.iter().any(|w| s[cs..i].contains(w));
                    let y = if starts_later && !future {
                        p.year() - 1
                    } else {
                        p.year()
                    };
                    (spec.with_year(y), Anchor::Publication)
                }),
            },
        };
        // 截至今年3月底: a point in time, the period's last day.
        let resolved = resolved.map(|(spec, anchor)| match spec.bounds() {
            Some((_, b, p)) if p != Precision::Day && as_of_before(s, i) => (Spec::Day(b), anchor),
            _ => (spec, anchor),
        });
        if let Some(period) =
            resolved.and_then(|(spec, anchor)| spec.period(text).map(|p| (p, anchor)))
        {
            let (period, anchor) = period;
            if is_single_year(&period) {
                last = Some(period.clone());
                // A calendar time after a fiscal year: bare quarters are
                // calendar quarters again.
                if !is_fiscal {
                    fiscal.current = None;
                }
            }
            out.push(TimeExpr {
                period,
                anchor,
                byte_start: i,
                byte_end: end,
            });
        }
        i = end.max(i + c.len_utf8());
    }
    out
}

/// Does `s` name an absolute time of its own?
fn has_absolute(s: &str) -> bool {
    let mut i = 0;
    while let Some(c) = first_char(&s[i..]) {
        match match_at(s, i) {
            Some((Hit::Absolute(_) | Hit::Fiscal(..), _)) => return true,
            Some((_, end)) => i = end.max(i + c.len_utf8()),
            None => i += c.len_utf8(),
        }
    }
    false
}

/// Cheap test: can the sentence hold a time expression at all?
fn may_hold_time(s: &str) -> bool {
    s.bytes().any(|b| b.is_ascii_digit())
        || s.chars()
            .any(|c| matches!(c, '年' | '月' | '日' | '季' | '双' | '天' | '０'..='９'))
}

/// Resolves every sentence of a document in order, carrying the last
/// single-year absolute period from sentence to sentence (within a sentence,
/// any earlier resolved expression anchors the later ones).
pub fn resolve_document(sentences: &[&str], published: Option<NaiveDate>) -> Vec<Vec<TimeExpr>> {
    let mut ctx = TimeContext {
        published,
        last_absolute: None,
    };
    let mut fiscal = Fiscal::default();
    let mut out = Vec::with_capacity(sentences.len());
    for s in sentences {
        let found = scan_in(s, &ctx, &mut fiscal);
        if let Some(t) = found
            .iter()
            .rev()
            .find(|t| t.anchor == Anchor::Absolute && is_single_year(&t.period))
        {
            ctx.last_absolute = Some(t.period.clone());
        }
        out.push(found);
    }
    out
}

/// Guesses the publication date of an undated article: the day after the
/// latest absolute period it mentions (`2025年的前两个月` → 2025-03-01,
/// `2024 年` → 2025-01-01), ignoring periods in clauses that speak of the
/// future (预计, 计划, 目标, 将 …, `到2030年`). `None` when the text names no
/// absolute date.
pub fn infer_publication(sentences: &[&str]) -> Option<NaiveDate> {
    let ctx = TimeContext::default();
    let mut latest: Option<NaiveDate> = None;
    for s in sentences {
        for t in scan(s, &ctx) {
            if t.anchor != Anchor::Absolute {
                continue;
            }
            let cs = clause_start(s, t.byte_start);
            let before = &s[cs..t.byte_start];
            if FUTURE_MARKERS.iter().any(|w| before.contains(w)) || before.ends_with(['到', '至'])
            {
                continue;
            }
            if let Some(end) = parse_iso(&t.period.end) {
                latest = Some(latest.map_or(end, |l| l.max(end)));
            }
        }
    }
    latest.and_then(|d| d.succ_opt())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_years() {
        let ctx = TimeContext {
            published: ymd(2025, 3, 1),
            last_absolute: None,
        };
        let t = scan("2025年的前两个月,小红书大概是最忙的平台。", &ctx);
        assert_eq!(t.len(), 1);
        assert_eq!(
            (t[0].period.start.as_str(), t[0].period.end.as_str()),
            ("2025-01-01", "2025-02-28")
        );
        assert_eq!(
            infer_publication(&["2025年的前两个月,小红书大概是最忙的平台。"]),
            ymd(2025, 3, 1)
        );
    }
}
