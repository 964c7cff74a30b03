//! Table-driven cases for `extract::time`, from real news phrasing.

use chrono::NaiveDate;
use proptest::prelude::*;
use zhmine::extract::time::{
    infer_publication, resolve_document, scan, Anchor, TimeContext, TimeExpr,
};
use zhmine::model::{Period, Precision};

use Anchor::{Absolute as ABS, Previous as PREV, Publication as PUB};
use Precision::{Day, Half, Month, Quarter, Year};

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn year_period(y: i32) -> Period {
    Period {
        start: format!("{y}-01-01"),
        end: format!("{y}-12-31"),
        text: format!("{y}年"),
        precision: Year,
    }
}

/// Context of a case: publication date (`None` for none) and last absolute year.
type Ctx = (Option<(i32, u32, u32)>, Option<i32>);
const P2025: Ctx = (Some((2025, 3, 1)), None);
const P2024AUG: Ctx = (Some((2024, 8, 20)), None);
const P2024DEC: Ctx = (Some((2024, 12, 20)), None);
const NONE: Ctx = (None, None);
const L2023: Ctx = (None, Some(2023));
const P2025_L2023: Ctx = (Some((2025, 3, 1)), Some(2023));

fn ctx(c: Ctx) -> TimeContext {
    TimeContext {
        published: c.0.and_then(|(y, m, d)| date(y, m, d)),
        last_absolute: c.1.map(year_period),
    }
}

/// sentence, context, which expression, start, end, precision, anchor, text.
type Expect = (
    &'static str,
    Ctx,
    usize,
    &'static str,
    &'static str,
    Precision,
    Anchor,
    &'static str,
);

const CASES: &[Expect] = &[
    // Absolute.
    ("2024 年,小红书主推店播", NONE, 0, "2024-01-01", "2024-12-31", Year, ABS, "2024 年"),
    ("2024年,小红书主推店播", NONE, 0, "2024-01-01", "2024-12-31", Year, ABS, "2024年"),
    ("2024年8月开启店播", NONE, 0, "2024-08-01", "2024-08-31", Month, ABS, "2024年8月"),
    ("2024 年 8 月开启店播后", NONE, 0, "2024-08-01", "2024-08-31", Month, ABS, "2024 年 8 月"),
    ("章小蕙到2023年10月单场直播GMV 才到达亿级", NONE, 0, "2023-10-01", "2023-10-31", Month, ABS, "2023年10月"),
    ("2025年的前两个月,小红书大概是最忙的平台。", NONE, 0, "2025-01-01", "2025-02-28", Month, ABS, "2025年的前两个月"),
    ("2024年前三个月", NONE, 0, "2024-01-01", "2024-03-31", Month, ABS, "2024年前三个月"),
    ("2024年上半年营收", NONE, 0, "2024-01-01", "2024-06-30", Half, ABS, "2024年上半年"),
    ("2024年下半年", NONE, 0, "2024-07-01", "2024-12-31", Half, ABS, "2024年下半年"),
    ("2024年Q3财报", NONE, 0, "2024-07-01", "2024-09-30", Quarter, ABS, "2024年Q3"),
    ("2024年第三季度", NONE, 0, "2024-07-01", "2024-09-30", Quarter, ABS, "2024年第三季度"),
    ("2024年第一季度", NONE, 0, "2024-01-01", "2024-03-31", Quarter, ABS, "2024年第一季度"),
    ("2024年四季度", NONE, 0, "2024-10-01", "2024-12-31", Quarter, ABS, "2024年四季度"),
    ("2024年8月15日", NONE, 0, "2024-08-15", "2024-08-15", Day, ABS, "2024年8月15日"),
    ("2024年8月15号发布", NONE, 0, "2024-08-15", "2024-08-15", Day, ABS, "2024年8月15号"),
    ("于2024-08-15发布", NONE, 0, "2024-08-15", "2024-08-15", Day, ABS, "2024-08-15"),
    ("2024/8/15", NONE, 0, "2024-08-15", "2024-08-15", Day, ABS, "2024/8/15"),
    ("2024.8.15上线", NONE, 0, "2024-08-15", "2024-08-15", Day, ABS, "2024.8.15"),
    ("2024-08上线", NONE, 0, "2024-08-01", "2024-08-31", Month, ABS, "2024-08"),
    ("1998年1月1日", NONE, 0, "1998-01-01", "1998-01-01", Day, ABS, "1998年1月1日"),
    ("二〇二四年", NONE, 0, "2024-01-01", "2024-12-31", Year, ABS, "二〇二四年"),
    ("一九九八年一月一日", NONE, 0, "1998-01-01", "1998-01-01", Day, ABS, "一九九八年一月一日"),
    ("二〇二五年三月", NONE, 0, "2025-03-01", "2025-03-31", Month, ABS, "二〇二五年三月"),
    ("2024 年年初看到小红书商业化增长趋势", NONE, 0, "2024-01-01", "2024-03-31", Quarter, ABS, "2024 年年初"),
    ("2024年初", NONE, 0, "2024-01-01", "2024-03-31", Quarter, ABS, "2024年初"),
    ("2024年底", NONE, 0, "2024-10-01", "2024-12-31", Quarter, ABS, "2024年底"),
    ("2024年年末", NONE, 0, "2024-10-01", "2024-12-31", Quarter, ABS, "2024年年末"),
    ("2024年1-3月", NONE, 0, "2024-01-01", "2024-03-31", Month, ABS, "2024年1-3月"),
    ("2024年1至5月", NONE, 0, "2024-01-01", "2024-05-31", Month, ABS, "2024年1至5月"),
    ("2023-2024年", NONE, 0, "2023-01-01", "2024-12-31", Year, ABS, "2023-2024年"),
    ("2024年618期间", NONE, 0, "2024-06-01", "2024-06-30", Month, ABS, "2024年618期间"),
    ("2024年双11", NONE, 0, "2024-11-01", "2024-11-30", Month, ABS, "2024年双11"),
    ("2024年12月底", NONE, 0, "2024-12-01", "2024-12-31", Month, ABS, "2024年12月底"),
    ("2024年全年", NONE, 0, "2024-01-01", "2024-12-31", Year, ABS, "2024年全年"),
    ("2024年2月29日", NONE, 0, "2024-02-29", "2024-02-29", Day, ABS, "2024年2月29日"),
    ("比如 2023 年,小红书主推的是买手直播,2024年重心又切到商家店播", NONE, 1, "2024-01-01", "2024-12-31", Year, ABS, "2024年"),
    ("２０２４年", NONE, 0, "2024-01-01", "2024-12-31", Year, ABS, "２０２４年"),
    // Relative to publication (2025-03-01).
    ("去年,小红书首次赞助春晚", P2025, 0, "2024-01-01", "2024-12-31", Year, PUB, "去年"),
    ("今年,小红书再次成为春晚独家笔记分享平台", P2025, 0, "2025-01-01", "2025-12-31", Year, PUB, "今年"),
    ("明年", P2025, 0, "2026-01-01", "2026-12-31", Year, PUB, "明年"),
    ("前年", P2025, 0, "2023-01-01", "2023-12-31", Year, PUB, "前年"),
    ("是上年的三倍", P2025, 0, "2024-01-01", "2024-12-31", Year, PUB, "上年"),
    ("大前年", P2025, 0, "2022-01-01", "2022-12-31", Year, PUB, "大前年"),
    ("过去一年,小红书电商 GMV 实现1000亿交易规模", P2025, 0, "2024-01-01", "2024-12-31", Year, PUB, "过去一年"),
    ("过去的一年", P2025, 0, "2024-01-01", "2024-12-31", Year, PUB, "过去的一年"),
    ("过去三年", P2025, 0, "2022-01-01", "2024-12-31", Year, PUB, "过去三年"),
    ("过去三个月", P2025, 0, "2024-12-01", "2025-02-28", Month, PUB, "过去三个月"),
    ("三年前,小红书首席运营官柯南转至电商", P2025, 0, "2022-01-01", "2022-12-31", Year, PUB, "三年前"),
    ("重回四年前高点", P2025, 0, "2021-01-01", "2021-12-31", Year, PUB, "四年前"),
    ("一个多月前,有报道称", P2025, 0, "2025-01-01", "2025-01-31", Month, PUB, "一个多月前"),
    ("两个月前", P2025, 0, "2025-01-01", "2025-01-31", Month, PUB, "两个月前"),
    ("半年前", P2025, 0, "2024-09-01", "2024-09-30", Month, PUB, "半年前"),
    ("三天前", P2025, 0, "2025-02-26", "2025-02-26", Day, PUB, "三天前"),
    ("年初的 TikTok 流量迁移", P2025, 0, "2025-01-01", "2025-03-31", Quarter, PUB, "年初"),
    ("年底", P2025, 0, "2025-10-01", "2025-12-31", Quarter, PUB, "年底"),
    ("去年下半年", P2025, 0, "2024-07-01", "2024-12-31", Half, PUB, "去年下半年"),
    ("去年上半年", P2025, 0, "2024-01-01", "2024-06-30", Half, PUB, "去年上半年"),
    ("去年618期间,这种主体转换趋势非常明显。", P2025, 0, "2024-06-01", "2024-06-30", Month, PUB, "去年618期间"),
    ("去年双11", P2025, 0, "2024-11-01", "2024-11-30", Month, PUB, "去年双11"),
    ("去年双十一期间", P2025, 0, "2024-11-01", "2024-11-30", Month, PUB, "去年双十一期间"),
    ("今年年初", P2025, 0, "2025-01-01", "2025-03-31", Quarter, PUB, "今年年初"),
    ("今年初", P2025, 0, "2025-01-01", "2025-03-31", Quarter, PUB, "今年初"),
    ("去年年底", P2025, 0, "2024-10-01", "2024-12-31", Quarter, PUB, "去年年底"),
    ("去年8月", P2025, 0, "2024-08-01", "2024-08-31", Month, PUB, "去年8月"),
    ("去年12月15日", P2025, 0, "2024-12-15", "2024-12-15", Day, PUB, "去年12月15日"),
    ("去年第四季度", P2025, 0, "2024-10-01", "2024-12-31", Quarter, PUB, "去年第四季度"),
    ("去年Q4", P2025, 0, "2024-10-01", "2024-12-31", Quarter, PUB, "去年Q4"),
    ("今年前两个月", P2025, 0, "2025-01-01", "2025-02-28", Month, PUB, "今年前两个月"),
    ("近两年小红书搞钱也越来越起劲", P2025, 0, "2023-03-01", "2025-03-01", Year, PUB, "近两年"),
    ("最近三个月", P2025, 0, "2024-12-01", "2025-03-01", Month, PUB, "最近三个月"),
    ("小红书有望在三年内成为万亿电商俱乐部的新成员", P2025, 0, "2025-03-01", "2028-03-01", Year, PUB, "三年内"),
    ("上个月", P2025, 0, "2025-02-01", "2025-02-28", Month, PUB, "上个月"),
    ("本月", P2025, 0, "2025-03-01", "2025-03-31", Month, PUB, "本月"),
    ("下个月", P2025, 0, "2025-04-01", "2025-04-30", Month, PUB, "下个月"),
    ("上月", P2024AUG, 0, "2024-07-01", "2024-07-31", Month, PUB, "上月"),
    ("昨天", P2024AUG, 0, "2024-08-19", "2024-08-19", Day, PUB, "昨天"),
    ("今天", P2024AUG, 0, "2024-08-20", "2024-08-20", Day, PUB, "今天"),
    ("明天", P2024AUG, 0, "2024-08-21", "2024-08-21", Day, PUB, "明天"),
    ("上个月", (Some((2025, 1, 15)), None), 0, "2024-12-01", "2024-12-31", Month, PUB, "上个月"),
    ("8月,小红书开启店播", P2024AUG, 0, "2024-08-01", "2024-08-31", Month, PUB, "8月"),
    // A bare period that would start after publication is last year's, unless the clause is about the future.
    ("下半年,平台调整方向", P2025, 0, "2024-07-01", "2024-12-31", Half, PUB, "下半年"),
    ("预计下半年上线", P2025, 0, "2025-07-01", "2025-12-31", Half, PUB, "下半年"),
    ("12月23日,江泽民会见", (Some((1998, 1, 15)), None), 0, "1997-12-23", "1997-12-23", Day, PUB, "12月23日"),
    ("1月13日,江泽民会见", (Some((1998, 1, 15)), None), 0, "1998-01-13", "1998-01-13", Day, PUB, "1月13日"),
    ("公司计划8月上线新功能", P2025, 0, "2025-08-01", "2025-08-31", Month, PUB, "8月"),
    ("过去的1997年", (Some((1998, 1, 15)), None), 0, "1997-01-01", "1997-12-31", Year, ABS, "1997年"),
    ("第三季度营收", P2024AUG, 0, "2024-07-01", "2024-09-30", Quarter, PUB, "第三季度"),
    ("618期间,销量大增", P2024AUG, 0, "2024-06-01", "2024-06-30", Month, PUB, "618期间"),
    ("双11", P2024DEC, 0, "2024-11-01", "2024-11-30", Month, PUB, "双11"),
    ("双十一大促", P2024DEC, 0, "2024-11-01", "2024-11-30", Month, PUB, "双十一大促"),
    ("双11期间", P2024AUG, 0, "2023-11-01", "2023-11-30", Month, PUB, "双11期间"),
    // Relative to the previous absolute period (2023).
    ("也是这一年,小红书找到了自己的“罗永浩”", L2023, 0, "2023-01-01", "2023-12-31", Year, PREV, "这一年"),
    ("当年,罗永浩在抖音第一场直播就拿下 GMV 过亿的战绩", L2023, 0, "2023-01-01", "2023-12-31", Year, PREV, "当年"),
    ("同年,公司上市", L2023, 0, "2023-01-01", "2023-12-31", Year, PREV, "同年"),
    ("次年,公司上市", L2023, 0, "2024-01-01", "2024-12-31", Year, PREV, "次年"),
    ("第二年", L2023, 0, "2024-01-01", "2024-12-31", Year, PREV, "第二年"),
    ("一年后小红书提出要做“生活方式电商”", L2023, 0, "2024-01-01", "2024-12-31", Year, PREV, "一年后"),
    ("两年后", L2023, 0, "2025-01-01", "2025-12-31", Year, PREV, "两年后"),
    ("次年3月", L2023, 0, "2024-03-01", "2024-03-31", Month, PREV, "次年3月"),
    ("同年下半年", L2023, 0, "2023-07-01", "2023-12-31", Half, PREV, "同年下半年"),
    ("8月,小红书开启店播", L2023, 0, "2023-08-01", "2023-08-31", Month, PREV, "8月"),
    ("10月15日", L2023, 0, "2023-10-15", "2023-10-15", Day, PREV, "10月15日"),
    ("第三季度", P2025_L2023, 0, "2023-07-01", "2023-09-30", Quarter, PREV, "第三季度"),
    ("去年", P2025_L2023, 0, "2024-01-01", "2024-12-31", Year, PUB, "去年"),
    // Within one sentence: the earlier absolute anchors the later relative.
    ("2023 年,接手电商业务一年后,柯南在小红书首届电商大会上表示。也是这一年,小红书找到了自己的“罗永浩”", NONE, 1, "2023-01-01", "2023-12-31", Year, PREV, "这一年"),
    ("2022年3月,公司成立;次年,公司上市", NONE, 1, "2023-01-01", "2023-12-31", Year, PREV, "次年"),
    ("2024年5月上线,当月即盈利", NONE, 1, "2024-05-01", "2024-05-31", Month, PREV, "当月"),
    ("2024年5月上线,次月即盈利", NONE, 1, "2024-06-01", "2024-06-30", Month, PREV, "次月"),
];

fn check(case: &Expect) -> Result<(), String> {
    let (input, c, idx, start, end, precision, anchor, text) = *case;
    let got = scan(input, &ctx(c));
    let t: &TimeExpr = got
        .get(idx)
        .ok_or_else(|| format!("{input}: only {} expressions: {got:?}", got.len()))?;
    let want = (start, end, precision, anchor, text);
    let have = (
        t.period.start.as_str(),
        t.period.end.as_str(),
        t.period.precision,
        t.anchor,
        t.period.text.as_str(),
    );
    if want != have {
        return Err(format!("{input}: got {have:?}, want {want:?}"));
    }
    if &input[t.byte_start..t.byte_end] != text {
        return Err(format!(
            "{input}: span {}..{} is not {text}",
            t.byte_start, t.byte_end
        ));
    }
    Ok(())
}

#[test]
fn time_table() {
    let failures: Vec<String> = CASES.iter().filter_map(|c| check(c).err()).collect();
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Sentences with no time expression under the given context.
const NOTHING: &[(&str, Ctx)] = &[
    ("他们的 3 亿月活", P2025),
    ("GMV 实现1000亿交易规模", P2025),
    ("618个商家", P2025),
    ("销售额618万元", P2025),
    ("并在两年内做到了小红书品类 Top2", P2025),
    ("纵观平台三年电商探索", P2025),
    (
        "2023 年,接手电商业务一年后,柯南在小红书首届电商大会上表示",
        NONE,
    ), // only 2023, checked below
    ("去年", NONE),
    ("三年前", NONE),
    ("当年", NONE),
    ("一年后", NONE),
    ("8月", NONE),
    ("一个产品在内容平台的热度时间是有限的", P2025),
    ("一个月内都能有不错的曝光数据", P2025),
    ("苹果发布 iPhone 15", P2025),
    ("版本 1.2.3", P2025),
    ("00后用户", P2025),
    ("90年代", P2025),
    ("两千年前的古籍", P2025),
    ("UGC狂欢的另一边", P2025),
    ("这个数据不是时间", P2025),
    ("", P2025),
];

#[test]
fn nothing_table() {
    let mut failures = Vec::new();
    for &(input, c) in NOTHING {
        let got = scan(input, &ctx(c));
        let extra: Vec<_> = got
            .iter()
            .filter(|t| !(input.starts_with("2023 年") && t.period.text == "2023 年"))
            .map(|t| t.period.text.clone())
            .collect();
        if !extra.is_empty() {
            failures.push(format!("{input}: {extra:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn one_year_later_in_a_dated_sentence_is_not_shifted() {
    let t = scan(
        "2023 年,接手电商业务一年后,柯南在小红书首届电商大会上表示",
        &ctx(NONE),
    );
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].period.start, "2023-01-01");
    let t = scan(
        "2023 年,接手电商业务一年后,柯南在小红书首届电商大会上表示",
        &ctx(L2023),
    );
    assert_eq!(t.len(), 1);
}

#[test]
fn document_carries_the_last_absolute() {
    let doc = [
        "2023 年,接手电商业务一年后,柯南在小红书首届电商大会上表示小红书“买手时代已来”。",
        "也是这一年,小红书找到了自己的“罗永浩”——董洁和章小蕙。",
        "一年后小红书提出要做“生活方式电商”。",
        "去年,小红书首次赞助春晚。",
    ];
    let r = resolve_document(&doc, date(2025, 3, 1));
    assert_eq!(r.len(), 4);
    assert_eq!(r[0][0].anchor, Anchor::Absolute);
    assert_eq!(r[1][0].period.start, "2023-01-01");
    assert_eq!(r[1][0].anchor, Anchor::Previous);
    assert_eq!(r[2][0].period.start, "2024-01-01");
    assert_eq!(r[3][0].period.start, "2024-01-01");
    assert_eq!(r[3][0].anchor, Anchor::Publication);
    // Without a publication date, publication-relative expressions vanish.
    let r = resolve_document(&doc, None);
    assert!(r[3].is_empty());
    assert_eq!(r[2][0].period.start, "2024-01-01");
}

/// `(text, start, end, precision)` of every expression of a document.
fn spans_of(r: &[Vec<TimeExpr>]) -> Vec<Vec<(&str, &str, &str, Precision)>> {
    r.iter()
        .map(|v| {
            v.iter()
                .map(|t| {
                    (
                        t.period.text.as_str(),
                        t.period.start.as_str(),
                        t.period.end.as_str(),
                        t.period.precision,
                    )
                })
                .collect()
        })
        .collect()
}

#[test]
fn fiscal_years_with_a_stated_year_end() {
    // Alibaba names its fiscal years by the year they end in, on 31 March.
    let doc = [
        "阿里巴巴集团公布截至2025年3月31日的2025财年第四季度及全年业绩。",
        "财报显示,2025财年阿里巴巴总收入为9963亿元,同比增长6%;第四季度收入为2364.5亿元,同比增长7%。",
        "2024财年,阿里巴巴总收入为9411亿元。",
        "2024年第四季度,淘宝的GMV增长了。",
    ];
    let r = resolve_document(&doc, date(2025, 6, 1));
    let got = spans_of(&r);
    assert_eq!(
        got[0],
        vec![
            ("2025年3月31日", "2025-03-31", "2025-03-31", Day),
            ("2025财年第四季度", "2025-01-01", "2025-03-31", Quarter),
        ]
    );
    assert_eq!(
        got[1],
        vec![
            ("2025财年", "2024-04-01", "2025-03-31", Year),
            ("第四季度", "2025-01-01", "2025-03-31", Quarter),
        ]
    );
    // The year end stated once holds for the article.
    assert_eq!(got[2], vec![("2024财年", "2023-04-01", "2024-03-31", Year)]);
    // A calendar year and quarter stay calendar.
    assert_eq!(
        got[3],
        vec![("2024年第四季度", "2024-10-01", "2024-12-31", Quarter)]
    );
    // Stated after the fiscal year.
    let t = scan("2025财年(截至2025年3月31日)营收为9963亿元", &ctx(NONE));
    assert_eq!(
        (t[0].period.start.as_str(), t[0].period.end.as_str()),
        ("2024-04-01", "2025-03-31")
    );
    // Halves, and a fiscal year named FY.
    let t = scan("截至2025年3月31日的FY2025 H1", &ctx(NONE));
    assert_eq!(
        (t[1].period.start.as_str(), t[1].period.end.as_str()),
        ("2024-04-01", "2024-09-30")
    );
    assert_eq!(t[1].period.precision, Half);
}

#[test]
fn fiscal_years_without_a_stated_year_end_are_calendar_years() {
    let cases: &[(&str, &str, &str, Precision, &str)] = &[
        (
            "拼多多集团公布2025财年第一季度业绩",
            "2025-01-01",
            "2025-03-31",
            Quarter,
            "2025财年第一季度",
        ),
        ("2025财年营收", "2025-01-01", "2025-12-31", Year, "2025财年"),
        (
            "2025 财年全年",
            "2025-01-01",
            "2025-12-31",
            Year,
            "2025 财年全年",
        ),
        ("FY2025营收", "2025-01-01", "2025-12-31", Year, "FY2025"),
        ("FY25 Q3", "2025-07-01", "2025-09-30", Quarter, "FY25 Q3"),
        (
            "2024财政年度",
            "2024-01-01",
            "2024-12-31",
            Year,
            "2024财政年度",
        ),
    ];
    for &(input, start, end, precision, text) in cases {
        let t = scan(input, &ctx(NONE));
        assert_eq!(t.len(), 1, "{input}: {t:?}");
        assert_eq!(
            (
                t[0].period.start.as_str(),
                t[0].period.end.as_str(),
                t[0].period.precision,
                t[0].period.text.as_str()
            ),
            (start, end, precision, text),
            "{input}"
        );
        assert_eq!(t[0].anchor, Anchor::Absolute, "{input}");
    }
    // Not fiscal years: letters glued before FY, a model number.
    assert!(scan("XFY2025", &ctx(NONE)).is_empty());
    // A bare quarter after a fiscal year is that fiscal year's.
    let r = resolve_document(
        &["2025财年第一季度营收增长;第二季度营收下降"],
        date(2025, 9, 1),
    );
    assert_eq!(r[0][1].period.start, "2025-04-01");
}

#[test]
fn a_past_tense_quarter_is_never_after_publication() {
    // `第四季度` after `2025年` in an article of June 2025, past tense.
    let r = resolve_document(
        &["2025年,阿里巴巴第四季度收入为2364.5亿元。"],
        date(2025, 6, 1),
    );
    assert_eq!(
        spans_of(&r)[0],
        vec![("2025年", "2025-01-01", "2025-12-31", Year)]
    );
    // The future is allowed.
    let r = resolve_document(
        &["2025年,阿里巴巴预计第四季度收入将增长。"],
        date(2025, 6, 1),
    );
    assert_eq!(r[0][1].period.start, "2025-10-01");
    // Before publication: kept.
    let r = resolve_document(
        &["2025年,阿里巴巴第一季度收入为2364.5亿元。"],
        date(2025, 6, 1),
    );
    assert_eq!(r[0][1].period.start, "2025-01-01");
}

#[test]
fn as_of_is_a_day() {
    let cases: &[(&str, Ctx, &str, &str)] = &[
        (
            "截至今年3月底,抖音日活跃用户数达7亿",
            (Some((2025, 6, 1)), None),
            "2025-03-31",
            "今年3月底",
        ),
        (
            "截至2024年底,商家数超过200万",
            NONE,
            "2024-12-31",
            "2024年底",
        ),
        ("截止2024年6月,用户数", NONE, "2024-06-30", "2024年6月"),
        ("截至 2024年, 用户数", NONE, "2024-12-31", "2024年"),
    ];
    for &(input, c, day, text) in cases {
        let t = scan(input, &ctx(c));
        assert_eq!(t.len(), 1, "{input}: {t:?}");
        assert_eq!(
            (
                t[0].period.start.as_str(),
                t[0].period.end.as_str(),
                t[0].period.precision,
                t[0].period.text.as_str()
            ),
            (day, day, Day, text),
            "{input}"
        );
    }
    // Without 截至 a month stays a month.
    let t = scan(
        "今年3月底,抖音日活跃用户数达7亿",
        &ctx((Some((2025, 6, 1)), None)),
    );
    assert_eq!(t[0].period.precision, Month);
}

#[test]
fn infer_publication_cases() {
    let cases: &[(&[&str], Option<NaiveDate>)] = &[
        (
            &[
                "2025年的前两个月,小红书大概是最忙的平台。",
                "2024 年,小红书电商 GMV 已经做到千亿体量",
            ],
            date(2025, 3, 1),
        ),
        (
            &["2024 年,小红书电商 GMV 已经做到千亿体量"],
            date(2025, 1, 1),
        ),
        (&["2024年8月15日发布"], date(2024, 8, 16)),
        (&["2024年8月发布", "预计2030年达到万亿"], date(2024, 9, 1)),
        (&["2024年8月发布", "到2030年达到万亿"], date(2024, 9, 1)),
        (&["去年小红书电商GMV突破1000亿元"], None),
        (&["没有日期"], None),
        (&[], None),
    ];
    for (doc, want) in cases {
        assert_eq!(infer_publication(doc), *want, "{doc:?}");
    }
}

#[test]
fn seed_article_periods() {
    let text = "2025年的前两个月,小红书大概是最忙的平台。\n社区是小红书的基石,但UGC狂欢的另一边,近两年小红书搞钱也越来越起劲,并且初见成效。\n过去一年,小红书电商 GMV 实现1000亿交易规模,是上年的三倍。";
    let sents: Vec<&str> = text.lines().collect();
    let published = infer_publication(&sents);
    assert_eq!(published, date(2025, 3, 1));
    let r = resolve_document(&sents, published);
    let texts: Vec<Vec<&str>> = r
        .iter()
        .map(|v| v.iter().map(|t| t.period.text.as_str()).collect())
        .collect();
    assert_eq!(
        texts,
        vec![
            vec!["2025年的前两个月"],
            vec!["近两年"],
            vec!["过去一年", "上年"]
        ]
    );
    assert_eq!(r[2][1].period.start, "2024-01-01");
}

#[test]
fn serde_shape() {
    let t = &scan("去年", &ctx(P2025))[0];
    let v = serde_json::to_value(t).unwrap();
    assert_eq!(v["anchor"], "publication");
    assert_eq!(v["period"]["precision"], "year");
    assert_eq!(v["period"]["start"], "2024-01-01");
}

fn soup() -> impl Strategy<Value = String> {
    let alphabet: Vec<char> = "0123456789０１２.-/ 　零〇一二两三四五六七八九十百千万亿年月日号季度Q第上下半前后去今明当次同这一个多过近内天初底末双618期间,。的\u{0}😀"
        .chars()
        .collect();
    proptest::collection::vec(proptest::sample::select(alphabet), 0..40)
        .prop_map(|v| v.into_iter().collect())
}

fn check_exprs(s: &str, ts: &[TimeExpr]) {
    let mut last = 0;
    for t in ts {
        assert!(
            t.byte_start < t.byte_end && t.byte_end <= s.len(),
            "{s:?}: {t:?}"
        );
        assert!(
            s.is_char_boundary(t.byte_start) && s.is_char_boundary(t.byte_end),
            "{s:?}: {t:?}"
        );
        assert!(t.byte_start >= last, "{s:?}: overlap {t:?}");
        assert_eq!(&s[t.byte_start..t.byte_end], t.period.text);
        let a = NaiveDate::parse_from_str(&t.period.start, "%Y-%m-%d").expect("start is ISO");
        let b = NaiveDate::parse_from_str(&t.period.end, "%Y-%m-%d").expect("end is ISO");
        assert!(a <= b, "{s:?}: {t:?}");
        last = t.byte_end;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn never_panics_on_soup(s in soup(), y in 1900i32..2100, m in 1u32..13, last in proptest::option::of(1900i32..2100)) {
        let c = TimeContext { published: date(y, m, 28), last_absolute: last.map(year_period) };
        let ts = scan(&s, &c);
        check_exprs(&s, &ts);
        let _ = infer_publication(&[s.as_str()]);
    }

    #[test]
    fn never_panics_on_anything(s in "\\PC{0,60}") {
        let ts = scan(&s, &ctx(P2025));
        check_exprs(&s, &ts);
        let _ = resolve_document(&[s.as_str(), s.as_str()], date(2025, 3, 1));
    }

    #[test]
    fn dates_round_trip(y in 1900i32..2100, m in 1u32..13, d in 1u32..29) {
        let s = format!("{y}年{m}月{d}日");
        let ts = scan(&s, &ctx(NONE));
        prop_assert_eq!(ts.len(), 1);
        let want = format!("{y:04}-{m:02}-{d:02}");
        prop_assert_eq!(&ts[0].period.start, &want);
        prop_assert_eq!(&ts[0].period.end, &want);
        let s2 = format!("{y}-{m:02}-{d:02}");
        let ts2 = scan(&s2, &ctx(NONE));
        prop_assert_eq!(&ts2[0].period.start, &want);
    }
}
