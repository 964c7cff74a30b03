//! Numerals and quantities in a sentence.
//!
//! Two pure functions:
//!
//! - [`parse_number`] reads the longest numeral at the start of a string:
//!   ASCII or full-width digits (`1,000.5`), Chinese numerals (`一万二千`,
//!   `两千五百万`, `一千零五`, `廿五`, `十四点五`, `二〇二五`, `亿亿`), and
//!   mixtures (`1000亿`, `1.5万`, `3 亿`, `10w`).
//! - [`scan`] finds every quantity a sentence states, left to right and
//!   non-overlapping, with its unit, qualifier, range and change word.
//!
//! ```
//! use zhmine::extract::numeral::{scan, Qualifier, Unit};
//! let q = scan("公司估值至少 200 亿美金");
//! assert_eq!(q[0].value, 2e10);
//! assert_eq!(q[0].unit, Unit::Usd);
//! assert_eq!(q[0].qualifier, Some(Qualifier::AtLeast));
//! assert_eq!(q[0].text, "至少 200 亿美金");
//! ```
//!
//! # Representation choices
//!
//! - **Percentages are fractions**, unit `percent`: `80%` → 0.8,
//!   `百分之三十` → 0.3, `六成` → 0.6, `3‰` → 0.003.
//! - **Percentage points keep their points**, unit `percentage_points`:
//!   `下降3个百分点` → 3 (with [`Change::Decrease`]).
//! - `倍` → unit `times` (`2.4倍` → 2.4, `三倍` → 3).
//! - `人`, `用户`, `名用户`, and a following `DAU`/`MAU`/`日活`/`月活` → unit
//!   `users` (the metric word itself is not part of the span).
//! - `元`/`人民币` → `CNY`, `美元`/`美金` → `USD`, other currencies by ISO code
//!   (`HKD`, `EUR`, `JPY`, `GBP`, `KRW`).
//! - A measure word or a common counted noun after the number becomes the
//!   unit itself (`622个` → `个`, `3000多家` → `家`, `100万粉丝` → `粉丝`).
//! - `Top2` → 2 with unit `rank`.
//! - **Ranges**: `value` is the low end and `range` is `(low, high)`.
//!   `两到三万` → 20000, (20000, 30000); `两三万` adds `approx`.
//! - **`多`/`余`** after a number: `more_than` with range `(n, n + step)`, step
//!   the place of the last non-zero digit: `3000多` → (3000, 4000),
//!   `120多` → (120, 130), `20多亿` → (2e9, 3e9).
//! - **`亿级`** (and `千万级`, `10亿级`): the magnitude, `at_least`, range
//!   `(v, 10·v)`.
//!   A range may give the unit on both ends: `1500亿元至1800亿元` →
//!   1.5e11, (1.5e11, 1.8e11), unit CNY.
//! - **Doubling words** are growth as a fraction, unit `percent`: `翻倍`,
//!   `翻番`, `翻一番` → 1.0 (+100 %), `翻两番` → 3.0 (+300 %); `接近翻倍` is
//!   approx; `没有翻倍` is nothing. (A multiple written with 倍 stays as
//!   written, unit `times`: `增长一倍` → 1, `是上年的三倍` → 3.)
//! - Qualifier precedence: `disputed` (the sentence contains 否认, 辟谣, 不实,
//!   不属实, 谣言, 假消息) over `expected` (a market or analyst expectation
//!   before the number in its clause: 市场预期, 一致预期, `预期的`) over
//!   `target` (目标, 剑指, 有望, 计划, 预计, 将达到, 可能 … earlier in the
//!   clause, a forecast verb closing the clause before — `摩根士丹利预计,…` —
//!   or 目标 right after the number) over the words next to the number
//!   (近/约/左右 → approx, 至少/上 → at_least, 超/超过/过/逾/多 → more_than,
//!   不到/不足/低于 → less_than). A negation before a bound turns it around:
//!   `不会超过`, `未超过`, `难超` → less_than; `不会低于` → at_least.
//!
//! # What is not a quantity
//!
//! Precision over recall. Not reported: numbers followed by a time word
//! (`2024 年`, `8月`, `三年`, `两个月`, `90后`), dates and versions (`2024-08-15`,
//! `1.2.3`), numbers next to Latin letters (`iPhone 15`, `3C`, `A7`, `5G`),
//! ordinals (`第一`), `双11`/`双十一`, headings with a leading zero (`01`), and
//! **bare numbers**: a number with no unit, no `万`/`亿` multiplier and no
//! qualifier (`618期间`, `1.产品`, a phone number, `二〇二五`). A single digit
//! counting people or things (`一位`, `两家`, `3个`) is skipped too, so words
//! like `一些`, `一个`, `一直` never produce anything. [`parse_number`] still
//! reads all of these.

use serde::{Serialize, Serializer};

/// Fixed-point scale of the internal arithmetic: values are `i128 × 10⁻⁹`,
/// so integers stay exact and decimals are converted once, correctly rounded.
const SCALE: i128 = 1_000_000_000;

/// The unit of a quantity.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Unit {
    /// Renminbi: `元`, `人民币`, `块钱`.
    Cny,
    /// US dollars: `美元`, `美金`.
    Usd,
    /// Another currency, by ISO code (`HKD`, `EUR`, `JPY`, `GBP`, `KRW`).
    Currency(&'static str),
    /// People or users: `人`, `用户`, `DAU` …
    Users,
    /// A fraction written as a percentage (`80%` → 0.8, `六成` → 0.6).
    Percent,
    /// Percentage points (`3个百分点` → 3).
    PercentPoints,
    /// A multiple (`倍`).
    Times,
    /// A rank (`Top2`).
    Rank,
    /// A counted noun or measure word (`个`, `家`, `场`, `粉丝`).
    Count(String),
    /// No unit.
    None,
}

impl Unit {
    /// The unit as it appears in JSON: `CNY`, `USD`, `users`, `percent`,
    /// `percentage_points`, `times`, `rank`, an ISO currency code, the counted
    /// noun itself, or `none` (serialized as `null`).
    pub fn as_str(&self) -> &str {
        match self {
            Unit::Cny => "CNY",
            Unit::Usd => "USD",
            Unit::Currency(code) => code,
            Unit::Users => "users",
            Unit::Percent => "percent",
            Unit::PercentPoints => "percentage_points",
            Unit::Times => "times",
            Unit::Rank => "rank",
            Unit::Count(noun) => noun,
            Unit::None => "none",
        }
    }
}

impl Serialize for Unit {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Unit::None => serializer.serialize_none(),
            unit => serializer.serialize_str(unit.as_str()),
        }
    }
}

/// How the text hedges a quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    Approx,
    AtLeast,
    MoreThan,
    LessThan,
    Target,
    /// A market or analyst expectation the text compares a result with
    /// (`低于市场预期的1016亿元`), not a value the subject reached or aims at.
    Expected,
    Disputed,
}

impl Qualifier {
    /// `approx`, `at_least`, `more_than`, `less_than`, `target`, `expected`,
    /// `disputed`.
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Approx => "approx",
            Qualifier::AtLeast => "at_least",
            Qualifier::MoreThan => "more_than",
            Qualifier::LessThan => "less_than",
            Qualifier::Target => "target",
            Qualifier::Expected => "expected",
            Qualifier::Disputed => "disputed",
        }
    }
}

/// A change word directly governing the quantity (`增长30%`, `下降3个百分点`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Increase,
    Decrease,
}

/// A quantity stated in a sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quantity {
    /// The value as a plain number; the low end of a range.
    pub value: f64,
    /// `(low, high)` where the text gives a range.
    pub range: Option<(f64, f64)>,
    pub unit: Unit,
    pub qualifier: Option<Qualifier>,
    /// Byte span in the sentence, qualifier words included (change words not).
    pub byte_start: usize,
    pub byte_end: usize,
    /// `sentence[byte_start..byte_end]`.
    pub text: String,
    pub change: Option<Change>,
}

// ---------------------------------------------------------------------------
// characters

fn ascii_digit(c: char) -> Option<i128> {
    match c {
        '0'..='9' => Some(c as i128 - '0' as i128),
        '０'..='９' => Some(c as i128 - '０' as i128),
        _ => None,
    }
}

fn han_digit(c: char) -> Option<i128> {
    Some(match c {
        '零' | '〇' | '○' => 0,
        '一' | '壹' | '弌' => 1,
        '二' | '贰' | '貳' | '两' | '兩' => 2,
        '三' | '叁' | '參' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' | '陸' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

fn is_liang(c: char) -> bool {
    matches!(c, '两' | '兩')
}

fn small_unit(c: char) -> Option<i128> {
    match c {
        '十' | '拾' => Some(10),
        '百' | '佰' => Some(100),
        '千' | '仟' => Some(1000),
        _ => None,
    }
}

fn big_unit(c: char) -> Option<i128> {
    match c {
        '万' | '萬' => Some(10_000),
        '亿' | '億' => Some(100_000_000),
        _ => None,
    }
}

fn unit_val(c: char) -> Option<i128> {
    small_unit(c).or_else(|| big_unit(c))
}

fn tens_char(c: char) -> Option<i128> {
    match c {
        '廿' => Some(20),
        '卅' => Some(30),
        '卌' => Some(40),
        _ => None,
    }
}

fn is_numeral_char(c: char) -> bool {
    c.is_ascii_digit()
        || ascii_digit(c).is_some()
        || han_digit(c).is_some()
        || unit_val(c).is_some()
        || tens_char(c).is_some()
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{3000}' | '\u{a0}' | '\t')
}

/// Bytes of leading spaces (at most three characters).
fn leading_spaces(s: &str) -> usize {
    let mut n = 0;
    for c in s.chars().take(3) {
        if !is_space(c) {
            break;
        }
        n += c.len_utf8();
    }
    n
}

fn first_char(s: &str) -> Option<char> {
    s.chars().next()
}

// ---------------------------------------------------------------------------
// numbers

/// A parsed numeral with what the scanner needs to know about its shape.
#[derive(Debug, Clone, Copy)]
struct Num {
    /// Value × [`SCALE`].
    fixed: i128,
    /// Bytes consumed.
    len: usize,
    /// Holds 十/百/千.
    has_small: bool,
    /// Holds 万/亿 (or `w`).
    has_big: bool,
    /// Product of the units after the last digit (`三千万` → 10⁷).
    trailing: i128,
    /// Product of the 万/亿 after the last digit or small unit (`三千万` → 10⁴).
    trailing_big: i128,
    /// Holds an ASCII digit.
    ascii: bool,
    /// ASCII run with a leading zero (`01`).
    leading_zero: bool,
    /// Exactly one Han digit and nothing else (`三`).
    single_han: bool,
    /// Started with a unit character other than 十 (`千亿`).
    bare_start: bool,
}

impl Num {
    fn plain(fixed: i128, len: usize) -> Num {
        Num {
            fixed,
            len,
            has_small: false,
            has_big: false,
            trailing: 1,
            trailing_big: 1,
            ascii: false,
            leading_zero: false,
            single_han: false,
            bare_start: false,
        }
    }
}

/// Converts a fixed-point value to `f64`, exactly for integers below 2⁵³ and
/// correctly rounded for decimals.
fn to_f64(fixed: i128) -> f64 {
    let int = fixed / SCALE;
    let frac = fixed % SCALE;
    if frac == 0 {
        return int as f64;
    }
    let text = format!("{}.{:09}", int, frac.abs());
    text.parse().unwrap_or(fixed as f64 / SCALE as f64)
}

/// `,ddd` thousands group: exactly three ASCII digits follow.
fn comma_group(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 3
        && b[..3].iter().all(u8::is_ascii_digit)
        && !b.get(3).is_some_and(u8::is_ascii_digit)
}

/// ASCII (or full-width) digits with thousands commas and a decimal part.
/// Returns (fixed value, bytes, leading zero).
fn ascii_run(s: &str) -> Option<(i128, usize, bool)> {
    let mut int: i128 = 0;
    let mut digits = 0;
    let mut pos = 0;
    let mut first_zero = false;
    while let Some(c) = first_char(&s[pos..]) {
        if let Some(d) = ascii_digit(c) {
            if digits == 0 && d == 0 {
                first_zero = true;
            }
            digits += 1;
            if digits > 24 {
                return None;
            }
            int = int * 10 + d;
            pos += c.len_utf8();
        } else if c == ',' && digits > 0 && comma_group(&s[pos + 1..]) {
            pos += 1;
        } else {
            break;
        }
    }
    if digits == 0 {
        return None;
    }
    let mut fixed = int.checked_mul(SCALE)?;
    if let Some(c) = first_char(&s[pos..]) {
        // `23·2%`: a middle dot as the decimal point (People's Daily style).
        if c == '.' || c == '．' || c == '·' {
            let after = &s[pos + c.len_utf8()..];
            if first_char(after).and_then(ascii_digit).is_some() {
                pos += c.len_utf8();
                let mut place = SCALE / 10;
                for ch in after.chars() {
                    let Some(d) = ascii_digit(ch) else { break };
                    fixed += d * place;
                    place /= 10;
                    pos += ch.len_utf8();
                }
            }
        }
    }
    Some((fixed, pos, first_zero && digits > 1))
}

/// `二〇二五`, `一九九八`: a run of Han digits read digit by digit (at least two
/// with a zero among them, or at least three), not followed by a unit.
fn han_digit_string(s: &str) -> Option<Num> {
    let mut count = 0;
    let mut has_zero = false;
    let mut val: i128 = 0;
    let mut pos = 0;
    for c in s.chars() {
        match han_digit(c) {
            Some(d) if !is_liang(c) => {
                count += 1;
                if count > 24 {
                    return None;
                }
                has_zero |= d == 0;
                val = val * 10 + d;
                pos += c.len_utf8();
            }
            _ => break,
        }
    }
    if count < 2 || (!has_zero && count < 3) {
        return None;
    }
    if first_char(&s[pos..]).is_some_and(|c| {
        unit_val(c).is_some() || tens_char(c).is_some() || matches!(c, '点' | '點')
    }) {
        return None;
    }
    Some(Num::plain(val.checked_mul(SCALE)?, pos))
}

fn parse_num(s: &str) -> Option<Num> {
    let first = first_char(s)?;
    if let Some(n) = han_digit_string(s) {
        return Some(n);
    }
    let bare_start =
        big_unit(first).is_some() || (small_unit(first).is_some() && !matches!(first, '十' | '拾'));
    if bare_start {
        // 千亿, 百万, 万亿, 万万, 亿亿: a bare unit needs a larger (or equal big) unit after it.
        let x = unit_val(first)?;
        let y = first_char(&s[first.len_utf8()..]).and_then(unit_val);
        match y {
            Some(y) if y > x || (y == x && big_unit(first).is_some()) => {}
            _ => return None,
        }
    }

    let mut n = Num::plain(0, 0);
    n.bare_start = bare_start;
    let mut total: i128 = 0;
    let mut section: i128 = 0;
    let mut num: Option<i128> = None;
    let mut num_han = false;
    let mut han_digits = 0;
    let mut last_unit: Option<i128> = None;
    let mut after_small = false;
    let mut after_zero = false;
    let mut max_big: i128 = 0;
    let mut tokens = 0;
    let mut pos = 0;
    let mut end = 0;

    while let Some(c) = first_char(&s[pos..]) {
        let cl = c.len_utf8();
        let zero_before = std::mem::take(&mut after_zero);
        if ascii_digit(c).is_some() {
            if num.is_some() {
                break;
            }
            let Some((v, l, lz)) = ascii_run(&s[pos..]) else {
                if tokens == 0 {
                    return None;
                }
                break;
            };
            if tokens == 0 {
                n.leading_zero = lz;
            }
            num = Some(v);
            num_han = false;
            n.ascii = true;
            pos += l;
            end = pos;
            n.trailing = 1;
            n.trailing_big = 1;
            last_unit = None;
            after_small = false;
            tokens += 1;
            let rest = &s[pos..];
            // 10w, 10w+: the internet's 万.
            if rest.starts_with(['w', 'W'])
                && !first_char(&rest[1..]).is_some_and(|x| x.is_ascii_alphanumeric())
            {
                let v = section + v;
                let Some(t) = total.checked_add(v).and_then(|t| t.checked_mul(10_000)) else {
                    break;
                };
                total = t;
                section = 0;
                num = None;
                n.has_big = true;
                n.trailing = 10_000;
                n.trailing_big = 10_000;
                pos += 1;
                end = pos;
                break;
            }
            // `3 亿`: spaces before a unit belong to the numeral.
            let sp = leading_spaces(rest);
            if sp > 0
                && first_char(&rest[sp..])
                    .is_some_and(|u| unit_val(u).is_some() && !matches!(u, '十' | '拾'))
            {
                pos += sp;
            }
            continue;
        }
        if let Some(d) = han_digit(c) {
            if d == 0 {
                if tokens == 0 {
                    num = Some(0);
                    num_han = true;
                    han_digits += 1;
                    tokens += 1;
                    pos += cl;
                    end = pos;
                    continue;
                }
                if num.is_none() && (section != 0 || total != 0) {
                    // 一千零五: a gap marker, consumed only if a digit follows.
                    last_unit = None;
                    after_zero = true;
                    after_small = false;
                    pos += cl;
                    continue;
                }
                break;
            }
            if num.is_some() {
                break;
            }
            num = Some(d * SCALE);
            num_han = true;
            han_digits += 1;
            pos += cl;
            end = pos;
            tokens += 1;
            n.trailing = 1;
            n.trailing_big = 1;
            after_small = false;
            continue;
        }
        if matches!(c, '点' | '點') {
            let Some(v) = num.filter(|_| num_han) else {
                break;
            };
            let after = &s[pos + cl..];
            let mut place = SCALE / 10;
            let mut frac = 0;
            let mut flen = 0;
            for ch in after.chars() {
                match han_digit(ch) {
                    Some(d) if !is_liang(ch) => {
                        frac += d * place;
                        place /= 10;
                        flen += ch.len_utf8();
                    }
                    _ => break,
                }
            }
            if flen == 0 {
                break;
            }
            num = Some(v + frac);
            pos += cl + flen;
            end = pos;
            last_unit = None;
            continue;
        }
        if let Some(u) = small_unit(c) {
            // 千瓦, 千克, 千米: the unit of measure, not the numeral.
            if c == '千'
                && first_char(&s[pos + cl..]).is_some_and(|x| matches!(x, '瓦' | '克' | '米'))
            {
                break;
            }
            let base = match num {
                Some(v) => v,
                None if tokens == 0 || zero_before => SCALE,
                None => break,
            };
            let Some(next) = base.checked_mul(u).and_then(|x| x.checked_add(section)) else {
                break;
            };
            section = next;
            num = None;
            last_unit = Some(u);
            after_small = true;
            n.has_small = true;
            n.trailing = n.trailing.saturating_mul(u);
            pos += cl;
            end = pos;
            tokens += 1;
            continue;
        }
        if let Some(t) = tens_char(c) {
            if num.is_some() || after_small {
                break;
            }
            section += t * SCALE;
            last_unit = Some(10);
            after_small = true;
            n.has_small = true;
            n.trailing = 1;
            pos += cl;
            end = pos;
            tokens += 1;
            continue;
        }
        if let Some(u) = big_unit(c) {
            let present = num.is_some() || section != 0;
            let v = section + num.unwrap_or(0);
            let next = if !present {
                if total == 0 {
                    SCALE.checked_mul(u)
                } else {
                    total.checked_mul(u)
                }
            } else if u > max_big {
                total.checked_add(v).and_then(|t| t.checked_mul(u))
            } else {
                v.checked_mul(u).and_then(|x| x.checked_add(total))
            };
            let Some(next) = next else { break };
            total = next;
            max_big = max_big.max(u);
            section = 0;
            num = None;
            last_unit = Some(u);
            after_small = false;
            n.has_big = true;
            n.trailing = n.trailing.saturating_mul(u);
            n.trailing_big = n.trailing_big.saturating_mul(u);
            pos += cl;
            end = pos;
            tokens += 1;
            continue;
        }
        break;
    }
    if tokens == 0 || end == 0 {
        return None;
    }
    let tail = match (num, last_unit) {
        // 一万二 = 12000, 三千五 = 3500, 十二 = 12.
        (Some(v), Some(u)) if num_han => v * u / 10,
        (Some(v), _) => v,
        (None, _) => 0,
    };
    n.fixed = total.checked_add(section)?.checked_add(tail)?;
    n.len = end;
    n.single_han = tokens == 1 && num_han && han_digits == 1 && num.is_some();
    Some(n)
}

/// Reads the longest numeral at the start of `s`: its value and the bytes it
/// takes. `None` when `s` does not start with a numeral.
///
/// ```
/// use zhmine::extract::numeral::parse_number;
/// assert_eq!(parse_number("1000亿元"), Some((1e11, 7)));
/// assert_eq!(parse_number("一万二千三百四十五"), Some((12345.0, 27)));
/// assert_eq!(parse_number("3 亿DAU"), Some((3e8, 5)));
/// assert_eq!(parse_number("二〇二五年"), Some((2025.0, 12)));
/// assert_eq!(parse_number("百度"), None);
/// ```
pub fn parse_number(s: &str) -> Option<(f64, usize)> {
    parse_num(s).map(|n| (to_f64(n.fixed), n.len))
}

// ---------------------------------------------------------------------------
// words around numbers

/// Qualifier words before a number, longest first within a shared suffix.
const LEFT_QUALIFIERS: &[(&str, Qualifier)] = &[
    ("不超过", Qualifier::LessThan),
    ("不少于", Qualifier::AtLeast),
    ("不低于", Qualifier::AtLeast),
    ("差不多", Qualifier::Approx),
    ("大约", Qualifier::Approx),
    ("大概", Qualifier::Approx),
    ("约合", Qualifier::Approx),
    ("将近", Qualifier::Approx),
    ("接近", Qualifier::Approx),
    ("近乎", Qualifier::Approx),
    ("至少", Qualifier::AtLeast),
    ("最少", Qualifier::AtLeast),
    ("起码", Qualifier::AtLeast),
    ("不下", Qualifier::AtLeast),
    ("超过", Qualifier::MoreThan),
    ("超出", Qualifier::MoreThan),
    ("突破", Qualifier::MoreThan),
    ("高于", Qualifier::MoreThan),
    ("多于", Qualifier::MoreThan),
    ("大于", Qualifier::MoreThan),
    ("不止", Qualifier::MoreThan),
    ("不到", Qualifier::LessThan),
    ("不足", Qualifier::LessThan),
    ("低于", Qualifier::LessThan),
    ("少于", Qualifier::LessThan),
    ("小于", Qualifier::LessThan),
    ("未满", Qualifier::LessThan),
    ("超", Qualifier::MoreThan),
    ("逾", Qualifier::MoreThan),
    ("近", Qualifier::Approx),
    ("约", Qualifier::Approx),
    ("过", Qualifier::MoreThan),
    ("破", Qualifier::MoreThan),
    // 上万, 上百万家: as many as.
    ("上", Qualifier::AtLeast),
];

/// Characters that, before a one-character qualifier, make it part of
/// another word (通过, 最近, 签约, 打破 …).
fn blocks_single(word: &str, before: Option<char>) -> bool {
    let Some(b) = before else { return false };
    match word {
        "过" => "通经不难错路度透跳看做去有没越胜赛超".contains(b),
        "约" => "签预节制邀履违婚公条大".contains(b),
        "近" => "最附将接亲".contains(b),
        "破" => "打突".contains(b),
        "上" => "千百成".contains(b),
        "超" => "赶高".contains(b),
        _ => false,
    }
}

/// The qualifier ending at `i` (spaces skipped), not reaching before `floor`.
fn left_qualifier(s: &str, i: usize, floor: usize, bare_unit: bool) -> (Option<Qualifier>, usize) {
    let mut k = i;
    while k > floor {
        match s[..k].chars().next_back() {
            Some(c) if is_space(c) => k -= c.len_utf8(),
            _ => break,
        }
    }
    let window = &s[floor..k];
    for &(word, q) in LEFT_QUALIFIERS {
        if !window.ends_with(word) {
            continue;
        }
        let start = k - word.len();
        let single = word.chars().count() == 1;
        if single {
            if matches!(word, "上" | "破") && !bare_unit {
                continue;
            }
            if blocks_single(word, s[..start].chars().next_back()) {
                continue;
            }
        }
        return negated(s, start, floor, q);
    }
    // An approximation word before a copula (`约为3.5万亿元`, `大约是`, `约占`).
    for cop in COPULAS {
        let Some(rest) = window.strip_suffix(cop) else {
            continue;
        };
        for word in APPROX_BEFORE_COPULA {
            if !rest.ends_with(word) {
                continue;
            }
            let start = floor + rest.len() - word.len();
            if word.chars().count() == 1 && blocks_single(word, s[..start].chars().next_back()) {
                continue;
            }
            return (Some(Qualifier::Approx), start);
        }
    }
    (None, i)
}

/// Negations that turn a bound around (`不会超过5%` is at most 5%).
const NEGATIONS: &[&str] = &[
    "不可能",
    "不会",
    "不能",
    "不应",
    "不太",
    "没有",
    "难以",
    "很难",
    "无法",
    "不",
    "未",
    "没",
    "难",
];

/// A bound word at `start` with a negation right before it (`不会超过`,
/// `未超过`, `难超`, `不会低于`): the bound turned around, and where the
/// words start.
fn negated(s: &str, start: usize, floor: usize, q: Qualifier) -> (Option<Qualifier>, usize) {
    let flipped = match q {
        Qualifier::MoreThan => Qualifier::LessThan,
        Qualifier::LessThan => Qualifier::AtLeast,
        _ => return (Some(q), start),
    };
    let head = &s[floor..start];
    match NEGATIONS.iter().find(|n| head.ends_with(*n)) {
        Some(n) => (Some(flipped), start - n.len()),
        None => (Some(q), start),
    }
}

/// Copulas an approximation word may stand before (`约为`, `约达`).
const COPULAS: &[&str] = &["达到", "为", "是", "达", "占"];
const APPROX_BEFORE_COPULA: &[&str] = &["大约", "大概", "大致", "约"];

const INCREASE: &[&str] = &[
    "增长", "增加", "提升", "提高", "上涨", "上升", "攀升", "飙升", "激增", "暴涨", "大涨", "猛增",
    "扩大", "翻了", "翻", "增", "涨",
];
const DECREASE: &[&str] = &[
    "下降", "下滑", "减少", "降低", "下跌", "缩减", "缩水", "回落", "暴跌", "大跌", "萎缩", "减",
    "降", "跌",
];

/// The change word directly before `i` (`了` and spaces skipped).
fn change_before(s: &str, i: usize, floor: usize) -> Option<Change> {
    let mut k = i;
    while k > floor {
        match s[..k].chars().next_back() {
            Some(c) if is_space(c) || c == '了' => k -= c.len_utf8(),
            _ => break,
        }
    }
    let window = &s[floor..k];
    let hit = |words: &[&str]| {
        words.iter().any(|w| {
            window.ends_with(w)
                && !(w.chars().count() == 1 && window[..window.len() - w.len()].ends_with('新'))
        })
    };
    if hit(INCREASE) {
        Some(Change::Increase)
    } else if hit(DECREASE) {
        Some(Change::Decrease)
    } else {
        None
    }
}

const TARGET_WORDS: &[&str] = &[
    "目标",
    "剑指",
    "有望",
    "计划",
    "预计",
    "力争",
    "争取",
    "预期",
    "规划",
    "冲刺",
    "瞄准",
    "预测",
    "预估",
    "将达到",
    "将达",
    "将突破",
    "将超过",
    "将增至",
    "将增长",
    "或将",
    "可能",
];
/// Words that, before a target word, make it something else (`不可能超过`
/// is a bound, not a forecast).
const NOT_TARGET_BEFORE: &[(&str, &str)] = &[("可能", "不"), ("可能", "没")];
/// A forecast verb closing the clause before the quantity's
/// (`摩根士丹利预计,得物2025年的交易额…`).
const FORECAST_VERBS: &[&str] = &["预计", "预测", "预估"];
/// A market or analyst expectation (`低于市场预期的1016亿元`).
const EXPECTATION_WORDS: &[&str] = &[
    "市场预期",
    "一致预期",
    "普遍预期",
    "分析师预期",
    "此前预期",
    "市场预估",
    "预期值",
];
const DISPUTE_WORDS: &[&str] = &["否认", "辟谣", "不实", "不属实", "谣言", "假消息"];

fn is_clause_break(c: char) -> bool {
    matches!(
        c,
        ',' | '，' | ';' | '；' | '。' | '!' | '！' | '?' | '？' | '\n'
    )
}

/// Start of the clause holding byte `start`.
fn clause_start_of(s: &str, start: usize) -> usize {
    s[..start].rfind(is_clause_break).map_or(0, |p| {
        // ok: rfind returns the start of a char; step over it.
        p + s[p..].chars().next().map_or(1, char::len_utf8)
    })
}

/// Does `text` hold target word `w` not made something else by the word
/// before it?
fn holds_target_word(text: &str, w: &str) -> bool {
    text.match_indices(w).any(|(p, _)| {
        !NOT_TARGET_BEFORE
            .iter()
            .any(|(word, before)| *word == w && text[..p].ends_with(before))
    })
}

/// A target word earlier in the clause, a forecast verb closing the clause
/// before, or 目标 just after the quantity.
fn is_target(s: &str, start: usize, end: usize) -> bool {
    let clause_start = clause_start_of(s, start);
    let before = &s[clause_start..start];
    if TARGET_WORDS.iter().any(|w| holds_target_word(before, w)) {
        return true;
    }
    let prev_clause = s[..clause_start]
        .trim_end_matches(is_clause_break)
        .trim_end();
    if clause_start > 0 && FORECAST_VERBS.iter().any(|w| prev_clause.ends_with(w)) {
        return true;
    }
    let after: &str = {
        let rest = &s[end..];
        let stop = rest.find(is_clause_break).unwrap_or(rest.len());
        let mut lim = 0;
        for (n, (p, c)) in rest[..stop].char_indices().enumerate() {
            if n >= 10 {
                break;
            }
            lim = p + c.len_utf8();
        }
        &rest[..lim]
    };
    after.contains("目标")
}

/// A market or analyst expectation before the quantity in its clause
/// (`低于市场预期的1016亿元`, `预期为…`).
fn is_expected(s: &str, start: usize) -> bool {
    let before = &s[clause_start_of(s, start)..start];
    if EXPECTATION_WORDS.iter().any(|w| before.contains(w)) {
        return true;
    }
    let tail = before.trim_end_matches(is_space);
    ["预期的", "预期为", "预期是"]
        .iter()
        .any(|w| tail.ends_with(w))
}

fn range_sep(s: &str) -> usize {
    for sep in ["到", "至", "-", "~", "～", "—", "－", "–"] {
        if s.starts_with(sep) && !s.starts_with("至少") && !s.starts_with("至今") {
            return sep.len();
        }
    }
    0
}

/// What follows a number.
enum After {
    /// A unit, its scale divisor (100 for `%`), and the bytes it takes.
    Unit(Unit, i128, usize),
    /// Nothing that makes it a quantity.
    Nothing,
    /// A time word, date separator or other context that rules it out.
    Reject,
}

const MEASURE_WORDS: &str = "个家场位名次款件单条篇份项种台部只辆架笔张套间座所支轮批股把片颗瓶箱包盒袋吨米亩枚根本册集章户例起首幅处票株";
const COUNT_NOUNS: &[&str] = &[
    "粉丝", "商家", "品牌", "订单", "笔记", "博主", "主播", "员工", "门店", "店铺", "商品", "达人",
];
const TIME_WORDS: &[&str] = &[
    "年", "月", "日", "号", "天", "周", "星期", "小时", "时", "分", "秒", "岁", "后", "代", "世纪",
    "季", "点", "届", "期", ":", "：",
];
/// Second characters of words where 成 is not 十分之一 (成为, 成立 …).
const NOT_CHENG: &str = "为立交本长功员都果熟绩型效品就年人分份色名形像批套群真了团行规不";

fn classify_after(s: &str, j: usize, num: &Num, value: i128) -> After {
    let rest0 = &s[j..];
    // Date and version separators, clock times.
    let mut cs = rest0.chars();
    if let (Some(a), Some(b)) = (cs.next(), cs.next()) {
        if matches!(a, '-' | '/' | '.' | '．' | '／' | ':' | '：') && ascii_digit(b).is_some() {
            return After::Reject;
        }
    }
    // 3C, 5G, A7: Latin letters glued to ASCII digits.
    if num.ascii
        && s[..j]
            .chars()
            .next_back()
            .is_some_and(|c| ascii_digit(c).is_some())
        && first_char(rest0).is_some_and(|c| c.is_ascii_alphabetic())
    {
        return After::Reject;
    }
    let sp = leading_spaces(rest0).min(first_char(rest0).map_or(0, char::len_utf8));
    let rest = &rest0[sp..];
    for w in ["DAU", "MAU", "日活", "月活"] {
        if rest.starts_with(w) {
            return After::Unit(Unit::Users, 1, 0);
        }
    }
    if TIME_WORDS.iter().any(|w| rest.starts_with(w)) {
        return After::Reject;
    }
    if let Some(r) = rest.strip_prefix('个') {
        let r = r.strip_prefix(['多', '半']).unwrap_or(r);
        if [
            "月",
            "小时",
            "星期",
            "钟头",
            "季度",
            "工作日",
            "交易日",
            "礼拜",
        ]
        .iter()
        .any(|w| r.starts_with(w))
        {
            return After::Reject;
        }
    }
    let unit = |u: Unit, div: i128, w: &str| After::Unit(u, div, sp + w.len());
    for w in ["个百分点", "百分点"] {
        if rest.starts_with(w) {
            return unit(Unit::PercentPoints, 1, w);
        }
    }
    for (w, div) in [("%", 100), ("％", 100), ("‰", 1000)] {
        if rest.starts_with(w) {
            return unit(Unit::Percent, div, w);
        }
    }
    if rest.starts_with('倍') {
        return unit(Unit::Times, 1, "倍");
    }
    if let Some(r) = rest.strip_prefix('成') {
        if value <= 10 * SCALE && !first_char(r).is_some_and(|c| NOT_CHENG.contains(c)) {
            return unit(Unit::Percent, 10, "成");
        }
        return After::Nothing;
    }
    const MONEY: &[(&str, Unit)] = &[
        ("美元", Unit::Usd),
        ("美金", Unit::Usd),
        ("港元", Unit::Currency("HKD")),
        ("港币", Unit::Currency("HKD")),
        ("欧元", Unit::Currency("EUR")),
        ("日元", Unit::Currency("JPY")),
        ("英镑", Unit::Currency("GBP")),
        ("韩元", Unit::Currency("KRW")),
        ("元人民币", Unit::Cny),
        ("人民币", Unit::Cny),
        ("块钱", Unit::Cny),
        ("元", Unit::Cny),
    ];
    for (w, u) in MONEY {
        if rest.starts_with(w) {
            return unit(u.clone(), 1, w);
        }
    }
    if rest.starts_with("人次") {
        return unit(Unit::Count("人次".to_string()), 1, "人次");
    }
    for w in ["名用户", "位用户", "个用户", "用户", "人"] {
        if rest.starts_with(w) {
            return unit(Unit::Users, 1, w);
        }
    }
    for w in COUNT_NOUNS {
        if rest.starts_with(w) {
            return unit(Unit::Count((*w).to_string()), 1, w);
        }
    }
    for w in [
        "平方公里",
        "平方米",
        "公里",
        "公斤",
        "千克",
        "千瓦时",
        "千瓦",
        "千米",
        "公顷",
    ] {
        if rest.starts_with(w) {
            return unit(Unit::Count(w.to_string()), 1, w);
        }
    }
    if let Some(c) = first_char(rest) {
        if MEASURE_WORDS.contains(c) {
            let len = c.len_utf8();
            return After::Unit(Unit::Count(rest[..len].to_string()), 1, sp + len);
        }
    }
    After::Nothing
}

/// Largest power of ten (as fixed point) dividing `v`: the place of its last
/// non-zero digit.
fn step_of(v: i128) -> i128 {
    let mut t: i128 = 1;
    while v > 0 && v % (t * 10) == 0 && t * 10 <= v {
        t *= 10;
    }
    t
}

/// Product of a run of unit characters (`万`, `亿`, `千万`) and its length.
fn units_run(s: &str) -> (i128, usize, bool) {
    let mut mult: i128 = 1;
    let mut len = 0;
    let mut big = false;
    for c in s.chars() {
        let Some(u) = unit_val(c) else { break };
        let Some(m) = mult.checked_mul(u) else { break };
        mult = m;
        big |= big_unit(c).is_some();
        len += c.len_utf8();
        if len >= 9 {
            break;
        }
    }
    (mult, len, big)
}

/// Tries to read a quantity whose numeral starts at `i`. `Err(next)` gives the
/// position to resume scanning from.
fn quantity_at(
    s: &str,
    i: usize,
    floor: usize,
    disputed: &mut Option<bool>,
) -> Result<Quantity, usize> {
    let skip = |from: usize| -> usize {
        let mut k = from;
        for c in s[from..].chars() {
            if !(is_numeral_char(c) || matches!(c, '.' | '．' | ',' | '点')) {
                break;
            }
            k += c.len_utf8();
        }
        if k == from {
            k + first_char(&s[from..]).map_or(1, char::len_utf8)
        } else {
            k
        }
    };

    let rest = &s[i..];
    let pct_of: Option<i128> = if rest.starts_with("百分之") {
        Some(100)
    } else if rest.starts_with("千分之") {
        Some(1000)
    } else {
        None
    };
    let num_start = if pct_of.is_some() {
        i + "百分之".len()
    } else {
        i
    };
    let prev = s[..i].chars().next_back();
    let mut start = i;
    let mut rank = false;

    if pct_of.is_none() {
        match prev {
            Some('第' | '双' | '#' | '＃' | '周' | '礼' | '拜' | '期') => {
                return Err(skip(i))
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let head = &s[..i];
                if head.len() >= 3
                    && head.is_char_boundary(head.len() - 3)
                    && head[head.len() - 3..].eq_ignore_ascii_case("top")
                {
                    rank = true;
                    start = i - 3;
                } else {
                    return Err(skip(i));
                }
            }
            Some(c) if is_space(c) => {
                let head = s[..i].trim_end_matches(is_space);
                if head.len() >= 3
                    && head.is_char_boundary(head.len() - 3)
                    && head[head.len() - 3..].eq_ignore_ascii_case("top")
                {
                    rank = true;
                    start = head.len() - 3;
                }
            }
            Some(c @ ('-' | '/' | '.' | ':' | '：' | '／')) => {
                let before = s[..i - c.len_utf8()].chars().next_back();
                if before.and_then(ascii_digit).is_some() {
                    return Err(skip(i));
                }
            }
            _ => {}
        }
        if rank && start < floor {
            return Err(skip(i));
        }
    }

    let c0 = first_char(&s[num_start..]).ok_or(s.len())?;
    let parsed = match parse_num(&s[num_start..]) {
        // 百分之百.
        None if pct_of.is_some() && s[num_start..].starts_with('百') => {
            Some(Num::plain(100 * SCALE, '百'.len_utf8()))
        }
        parsed => parsed,
    };
    let mut implicit_one = false;
    let num = match parsed {
        Some(n) => n,
        None => {
            // 过亿, 破万, 上千, 亿级: a lone unit with a qualifier or 级.
            let Some(u) = unit_val(c0).filter(|_| pct_of.is_none()) else {
                return Err(skip(num_start));
            };
            let after = &s[num_start + c0.len_utf8()..];
            let (q, _) = left_qualifier(s, num_start, floor, true);
            if !(after.starts_with('级') || q.is_some()) {
                return Err(skip(num_start));
            }
            implicit_one = true;
            let mut n = Num::plain(u * SCALE, c0.len_utf8());
            n.has_big = big_unit(c0).is_some();
            n.has_small = !n.has_big;
            n.trailing = u;
            n.trailing_big = if n.has_big { u } else { 1 };
            n
        }
    };
    let mut j = num_start + num.len;

    // Fast path: a lone Han digit (一些, 一个, 三场) counts for nothing unless
    // a multiple, a fraction, a range or money follows.
    if num.single_han && pct_of.is_none() {
        let next = first_char(&s[j..]);
        let keeps = next.is_some_and(|c| {
            han_digit(c).is_some()
                || matches!(
                    c,
                    '倍' | '成'
                        | '%'
                        | '％'
                        | '‰'
                        | '到'
                        | '至'
                        | '-'
                        | '~'
                        | '～'
                        | '—'
                        | '－'
                        | '多'
                        | '余'
                        | '元'
                        | '美'
                        | '港'
                        | '欧'
                        | '英'
                        | '韩'
                        | '日'
                        | '块'
                )
        });
        if !keeps && !s[j..].starts_with("个百分点") && !s[j..].starts_with("百分点") {
            return Err(j);
        }
    }

    if rank {
        if num.ascii && !num.has_big && !num.has_small {
            let text = s[start..j].to_string();
            return Ok(Quantity {
                value: to_f64(num.fixed),
                range: None,
                unit: Unit::Rank,
                qualifier: None,
                byte_start: start,
                byte_end: j,
                text,
                change: None,
            });
        }
        return Err(skip(i));
    }
    if num.bare_start && first_char(&s[j..]).is_some_and(|c| "不别要记得没勿莫可万千".contains(c))
    {
        // 千万不要, 万万没想到.
        return Err(j);
    }
    if num.leading_zero {
        return Err(skip(num_start));
    }
    // 数千万, 几十万, 数以百万计, 千千万万: vague amounts.
    if !num.ascii && prev.is_some_and(|p| "数几以千万成".contains(p)) {
        return Err(skip(num_start));
    }

    let mut value = num.fixed;
    let mut range: Option<(i128, i128)> = None;
    let mut qualifier: Option<Qualifier> = None;
    let mut has_big = num.has_big;

    if pct_of.is_none() && !implicit_one {
        let sep = range_sep(&s[j..]);
        let mut ranged = false;
        if sep > 0 {
            if let Some(n2) = parse_num(&s[j + sep..]) {
                let low = if !num.has_small && !num.has_big {
                    num.fixed.checked_mul(n2.trailing)
                } else if !num.has_big {
                    num.fixed.checked_mul(n2.trailing_big)
                } else {
                    Some(num.fixed)
                };
                if let Some(low) = low {
                    if !n2.leading_zero && low < n2.fixed {
                        range = Some((low, n2.fixed));
                        value = low;
                        has_big |= n2.has_big;
                        j += sep + n2.len;
                        ranged = true;
                    }
                }
            }
        }
        if !ranged && num.single_han {
            // 两三万, 七八成: two neighbouring digits.
            let d1 = num.fixed / SCALE;
            if let Some(c2) = first_char(&s[j..]) {
                if han_digit(c2) == Some(d1 + 1) && !is_liang(c2) {
                    if let Some(n2) = parse_num(&s[j..]) {
                        if let Some(low) = d1
                            .checked_mul(SCALE)
                            .and_then(|x| x.checked_mul(n2.trailing))
                        {
                            if low < n2.fixed {
                                range = Some((low, n2.fixed));
                                value = low;
                                qualifier = Some(Qualifier::Approx);
                                has_big |= n2.has_big;
                                j += n2.len;
                                ranged = true;
                            }
                        }
                    }
                }
            }
        }
        if !ranged && s[j..].starts_with(['多', '余']) {
            // 3000多, 20多亿, 十多万.
            let step = step_of(num.fixed);
            let after = j + '多'.len_utf8();
            let (mult, ulen, big) = units_run(&s[after..]);
            if let (Some(lo), Some(hi)) = (
                num.fixed.checked_mul(mult),
                (num.fixed + step).checked_mul(mult),
            ) {
                value = lo;
                range = Some((lo, hi));
                qualifier = Some(Qualifier::MoreThan);
                has_big |= big;
                j = after + ulen;
            }
        }
    }

    // 亿级, 千万级, 10亿级.
    let mut level = false;
    if pct_of.is_none() && range.is_none() && num.trailing > 1 && s[j..].starts_with('级') {
        if let Some(hi) = value.checked_mul(10) {
            range = Some((value, hi));
            qualifier = Some(Qualifier::AtLeast);
            j += '级'.len_utf8();
            level = true;
        }
    }

    // The unit.
    let (unit, div) = if let Some(div) = pct_of {
        (Unit::Percent, div)
    } else {
        let probe = Num {
            ascii: num.ascii && range.is_none() && !level,
            ..num
        };
        match classify_after(s, j, &probe, value) {
            After::Reject => return Err(skip(j.max(num_start + 1).min(s.len()))),
            After::Nothing => (Unit::None, 1),
            After::Unit(u, div, len) => {
                j += len;
                (u, div)
            }
        }
    };

    // 20%-30%.
    if unit == Unit::Percent && range.is_none() && pct_of.is_none() && s[..j].ends_with(['%', '％'])
    {
        let sep = range_sep(&s[j..]);
        if sep > 0 {
            if let Some(n2) = parse_num(&s[j + sep..]) {
                let k = j + sep + n2.len;
                if s[k..].starts_with(['%', '％']) && n2.fixed > value && !n2.has_big {
                    range = Some((value, n2.fixed));
                    j = k + first_char(&s[k..]).map_or(1, char::len_utf8);
                }
            }
        }
    }

    // 1500亿元至1800亿元, 3家到5家: the unit on both ends.
    if range.is_none()
        && pct_of.is_none()
        && !matches!(unit, Unit::None | Unit::Percent | Unit::Rank)
    {
        let sep = range_sep(&s[j..]);
        if sep > 0 {
            if let Some(n2) = parse_num(&s[j + sep..]) {
                let k = j + sep + n2.len;
                if !n2.leading_zero && n2.fixed > value {
                    if let After::Unit(u2, div2, len2) = classify_after(s, k, &n2, n2.fixed) {
                        if u2 == unit && div2 == div {
                            range = Some((value, n2.fixed));
                            has_big |= n2.has_big;
                            j = k + len2;
                        }
                    }
                }
            }
        }
    }

    // Words after the unit.
    let mut suffix_q = None;
    {
        let rest = &s[j..];
        let sp = leading_spaces(rest).min(first_char(rest).map_or(0, char::len_utf8));
        let r = &rest[sp..];
        let suffixes: [(&str, Qualifier); 7] = [
            ("左右", Qualifier::Approx),
            ("上下", Qualifier::Approx),
            ("前后", Qualifier::Approx),
            ("以上", Qualifier::AtLeast),
            ("以下", Qualifier::LessThan),
            ("以内", Qualifier::LessThan),
            ("多", Qualifier::MoreThan),
        ];
        for (w, q) in suffixes {
            if let Some(after) = r.strip_prefix(w) {
                let next = first_char(after);
                let blocked = match w {
                    "上下" => next.is_some_and(|c| "游班文楼级".contains(c)),
                    "前后" => next.is_some_and(|c| "端台".contains(c)),
                    "多" => {
                        unit == Unit::None
                            || range.is_some()
                            || next.is_some_and(|c| "月年天".contains(c))
                    }
                    _ => false,
                };
                if !blocked {
                    suffix_q = Some(q);
                    j += sp + w.len();
                    break;
                }
            }
        }
        if suffix_q.is_none() && s[j..].starts_with(['+', '＋']) {
            suffix_q = Some(Qualifier::MoreThan);
            j += first_char(&s[j..]).map_or(1, char::len_utf8);
        }
    }

    // Words before the number.
    let (left_q, qstart) = left_qualifier(s, start, floor, implicit_one || num.bare_start);
    if left_q.is_some() {
        start = qstart;
    }
    let mut qualifier = left_q.or(qualifier).or(suffix_q);

    // Filters: precision over recall.
    let is_counted = matches!(unit, Unit::Count(_) | Unit::Users);
    if is_counted && value < 10 * SCALE && !has_big && range.is_none() {
        return Err(j);
    }
    if unit == Unit::None {
        let keep = has_big || (qualifier.is_some() && value >= 10 * SCALE && !num.single_han);
        if !keep {
            return Err(j.max(num_start + 1).min(s.len()).max(skip(num_start)));
        }
    }
    if num.single_han && unit == Unit::None && range.is_none() && !has_big {
        return Err(j);
    }

    let change = change_before(s, start, floor);
    let disputed = *disputed.get_or_insert_with(|| DISPUTE_WORDS.iter().any(|w| s.contains(w)));
    if disputed {
        qualifier = Some(Qualifier::Disputed);
    } else if is_expected(s, start) {
        qualifier = Some(Qualifier::Expected);
    } else if is_target(s, start, j) {
        qualifier = Some(Qualifier::Target);
    }

    let conv = |v: i128| to_f64(v / div);
    Ok(Quantity {
        value: conv(value),
        range: range.map(|(lo, hi)| (conv(lo), conv(hi))),
        unit,
        qualifier,
        byte_start: start,
        byte_end: j,
        text: s[start..j].to_string(),
        change,
    })
}

/// Cheap test: does the sentence hold anything a numeral could start with?
fn may_hold_numeral(s: &str) -> bool {
    if s.bytes().any(|b| b.is_ascii_digit()) {
        return true;
    }
    s.chars().any(|c| is_numeral_char(c) || c == '翻')
}

/// Words for doubling and their growth as a fraction: a doubling is +100 %
/// (`翻倍`, `翻一番` → 1.0), two doublings +300 % (`翻两番` → 3.0).
const DOUBLINGS: &[(&str, i128)] = &[
    ("翻了一番", 1),
    ("翻一番", 1),
    ("翻番", 1),
    ("翻倍", 1),
    ("翻了两番", 3),
    ("翻两番", 3),
    ("翻了三番", 7),
    ("翻三番", 7),
];

/// A doubling word at `i` (`接近翻倍`, `翻了一番`): a growth of unit percent.
/// Not after a negation (`没有翻倍` states no growth).
fn doubling_at(s: &str, i: usize, floor: usize, disputed: &mut Option<bool>) -> Option<Quantity> {
    let (word, times) = DOUBLINGS.iter().find(|(w, _)| s[i..].starts_with(w))?;
    let head = &s[floor..i];
    if NEGATIONS.iter().any(|n| head.ends_with(n)) {
        return None;
    }
    let mut end = i + word.len();
    let (left, mut start) = left_qualifier(s, i, floor, false);
    if left.is_none() {
        start = i;
    }
    let mut qualifier = left;
    if s[end..].starts_with("以上") {
        qualifier = qualifier.or(Some(Qualifier::AtLeast));
        end += "以上".len();
    }
    let disputed = *disputed.get_or_insert_with(|| DISPUTE_WORDS.iter().any(|w| s.contains(w)));
    if disputed {
        qualifier = Some(Qualifier::Disputed);
    } else if is_target(s, start, end) {
        qualifier = Some(Qualifier::Target);
    }
    Some(Quantity {
        value: to_f64(times * SCALE),
        range: None,
        unit: Unit::Percent,
        qualifier,
        byte_start: start,
        byte_end: end,
        text: s[start..end].to_string(),
        change: Some(Change::Increase),
    })
}

/// Every quantity in `sentence`, left to right, non-overlapping.
///
/// ```
/// use zhmine::extract::numeral::{scan, Change, Unit};
/// let q = scan("过去一年,小红书电商 GMV 实现1000亿交易规模,是上年的三倍。");
/// assert_eq!(q.len(), 2);
/// assert_eq!((q[0].value, &q[0].unit), (1e11, &Unit::None));
/// assert_eq!((q[1].value, &q[1].unit), (3.0, &Unit::Times));
/// assert_eq!(scan("下降3个百分点")[0].change, Some(Change::Decrease));
/// assert!(scan("2024 年 8 月,一位知情人士说").is_empty());
/// ```
pub fn scan(sentence: &str) -> Vec<Quantity> {
    let mut out = Vec::new();
    if !may_hold_numeral(sentence) {
        return out;
    }
    let s = sentence;
    let mut disputed = None;
    let mut i = 0;
    let mut floor = 0;
    while let Some(c) = first_char(&s[i..]) {
        if c == '翻' {
            if let Some(q) = doubling_at(s, i, floor, &mut disputed) {
                i = q.byte_end;
                floor = q.byte_end;
                out.push(q);
                continue;
            }
            i += c.len_utf8();
        } else if is_numeral_char(c) {
            match quantity_at(s, i, floor, &mut disputed) {
                Ok(q) => {
                    i = q.byte_end;
                    floor = q.byte_end;
                    out.push(q);
                }
                Err(next) => {
                    // ok: `quantity_at` returns char boundaries past `i`; guard anyway.
                    let mut next = next.max(i + c.len_utf8()).min(s.len());
                    while !s.is_char_boundary(next) {
                        next += 1;
                    }
                    i = next;
                }
            }
        } else {
            i += c.len_utf8();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str) -> Quantity {
        let q = scan(s);
        assert_eq!(q.len(), 1, "{s}: {q:?}");
        q.into_iter().next().unwrap()
    }

    #[test]
    fn basics() {
        assert_eq!(parse_number("1000亿"), Some((1e11, 7)));
        assert_eq!(parse_number("千亿"), Some((1e11, 6)));
        assert_eq!(parse_number("一千零五"), Some((1005.0, 12)));
        assert_eq!(one("至少 200 亿美金").value, 2e10);
        assert_eq!(one("3000多").range, Some((3000.0, 4000.0)));
    }

    #[test]
    fn approx_before_copula() {
        let q = one("GMV约为3.5万亿元");
        assert_eq!((q.value, q.qualifier), (3.5e12, Some(Qualifier::Approx)));
        assert_eq!(q.text, "约为3.5万亿元");
        assert_eq!(one("占比大约是40%").qualifier, Some(Qualifier::Approx));
        assert_eq!(one("营收约达500亿元").qualifier, Some(Qualifier::Approx));
        // 签约 is no approximation.
        assert_eq!(one("签约为500万元").qualifier, None);
        assert_eq!(one("营收为500亿元").qualifier, None);
    }
}
