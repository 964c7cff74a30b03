//! Table-driven cases for `extract::numeral`, from real news phrasing.
//!
//! Percent values are fractions (`80%` → 0.8), percentage points stay points,
//! a range's value is its low end.

use proptest::prelude::*;
use zhmine::extract::numeral::{parse_number, scan, Change, Qualifier, Quantity, Unit};

const NO: Option<Qualifier> = None;
const APPROX: Option<Qualifier> = Some(Qualifier::Approx);
const AT_LEAST: Option<Qualifier> = Some(Qualifier::AtLeast);
const MORE: Option<Qualifier> = Some(Qualifier::MoreThan);
const LESS: Option<Qualifier> = Some(Qualifier::LessThan);
const TARGET: Option<Qualifier> = Some(Qualifier::Target);
const DISPUTED: Option<Qualifier> = Some(Qualifier::Disputed);
const EXPECTED: Option<Qualifier> = Some(Qualifier::Expected);

fn close(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-12 * a.abs().max(b.abs())
}

/// `parse_number`: input, value, bytes consumed.
const PARSE: &[(&str, f64, usize)] = &[
    ("1000亿", 1e11, 7),
    ("千亿", 1e11, 6),
    ("万亿", 1e12, 6),
    ("3 亿", 3e8, 5),
    ("14亿", 1.4e9, 5),
    ("200 亿美金", 2e10, 7),
    ("2.4倍", 2.4, 3),
    ("1.5万", 15000.0, 6),
    ("一万二千", 12000.0, 12),
    ("一万二", 12000.0, 9),
    ("两千五百万", 2.5e7, 15),
    ("十四点五", 14.5, 12),
    ("二〇二五", 2025.0, 12),
    ("二〇二五年", 2025.0, 12),
    ("一九九八", 1998.0, 12),
    ("一千零五", 1005.0, 12),
    ("一万零五百", 10500.0, 15),
    ("廿五", 25.0, 6),
    ("廿", 20.0, 3),
    ("卅", 30.0, 3),
    ("卅六", 36.0, 6),
    ("亿亿", 1e16, 6),
    ("万万", 1e8, 6),
    ("一万亿", 1e12, 9),
    ("三亿五千万", 3.5e8, 15),
    ("一万二千亿", 1.2e12, 15),
    ("十", 10.0, 3),
    ("十二", 12.0, 6),
    ("二十二", 22.0, 9),
    ("一百二", 120.0, 9),
    ("三千五", 3500.0, 9),
    ("两百", 200.0, 6),
    ("零", 0.0, 3),
    ("零点五", 0.5, 9),
    ("三点一六", 3.16, 12),
    ("1,000", 1000.0, 5),
    ("1,234,567元", 1234567.0, 9),
    ("１２３", 123.0, 9),
    ("１．５万", 15000.0, 12),
    ("10w+", 100000.0, 3),
    ("3.5%", 3.5, 3),
    ("百分之三十", 0.0, 0), // not a numeral prefix: `百` alone is no number
    ("12345", 12345.0, 5),
    ("一万二千三百四十五", 12345.0, 27),
    ("壹仟贰佰", 1200.0, 12),
    ("0.6", 0.6, 3),
    ("2024 年", 2024.0, 4),
    ("三四", 3.0, 3),
    ("百万", 1e6, 6),
    ("千万", 1e7, 6),
    ("十万", 1e5, 6),
];

#[test]
fn parse_number_table() {
    for &(input, value, len) in PARSE {
        let got = parse_number(input);
        if len == 0 {
            assert_eq!(got, None, "{input}");
            continue;
        }
        let (v, l) = got.unwrap_or_else(|| panic!("{input}: no number"));
        assert!(close(v, value), "{input}: value {v} != {value}");
        assert_eq!(l, len, "{input}: length");
    }
}

#[test]
fn parse_number_rejects() {
    for input in [
        "",
        "百度",
        "万达",
        "千帆",
        "亿",
        "万",
        "abc",
        "，1",
        "点五",
        "亿万富翁",
    ] {
        assert_eq!(parse_number(input), None, "{input}");
    }
}

/// A quantity expected in a sentence: the sentence, which quantity (index),
/// value, range, unit, qualifier, matched text.
type Expect = (
    &'static str,
    usize,
    f64,
    Option<(f64, f64)>,
    &'static str,
    Option<Qualifier>,
    &'static str,
);

const CASES: &[Expect] = &[
    // The seed article.
    (
        "过去一年,小红书电商 GMV 实现1000亿交易规模,是上年的三倍。",
        0,
        1e11,
        None,
        "none",
        NO,
        "1000亿",
    ),
    (
        "过去一年,小红书电商 GMV 实现1000亿交易规模,是上年的三倍。",
        1,
        3.0,
        None,
        "times",
        NO,
        "三倍",
    ),
    (
        "公司估值至少 200 亿美金,重回四年前高点。",
        0,
        2e10,
        None,
        "USD",
        AT_LEAST,
        "至少 200 亿美金",
    ),
    (
        "小红书提出了 3 亿DAU目标",
        0,
        3e8,
        None,
        "users",
        TARGET,
        "3 亿",
    ),
    (
        "春晚期间,小红书平台内相关的总互动量超14亿,产生622个热聊话题,是去年2.4倍。",
        0,
        1.4e9,
        None,
        "none",
        MORE,
        "超14亿",
    ),
    (
        "春晚期间,小红书平台内相关的总互动量超14亿,产生622个热聊话题,是去年2.4倍。",
        1,
        622.0,
        None,
        "个",
        NO,
        "622个",
    ),
    (
        "春晚期间,小红书平台内相关的总互动量超14亿,产生622个热聊话题,是去年2.4倍。",
        2,
        2.4,
        None,
        "times",
        NO,
        "2.4倍",
    ),
    (
        "2024 年,小红书电商 GMV 已经做到千亿体量,同比翻了近三倍",
        0,
        1e11,
        None,
        "none",
        NO,
        "千亿",
    ),
    (
        "2024 年,小红书电商 GMV 已经做到千亿体量,同比翻了近三倍",
        1,
        3.0,
        None,
        "times",
        APPROX,
        "近三倍",
    ),
    (
        "羅永浩在抖音第一场直播就拿下 GMV 过亿的战绩",
        0,
        1e8,
        None,
        "none",
        MORE,
        "过亿",
    ),
    (
        "直播带货在抖音电商 GMV 中占比都有六成之多。",
        0,
        0.6,
        None,
        "percent",
        NO,
        "六成",
    ),
    (
        "董洁首秀后三场直播累计GMV才勉强过亿",
        0,
        1e8,
        None,
        "none",
        MORE,
        "过亿",
    ),
    (
        "章小蕙到2023年10月单场直播GMV 才到达亿级",
        0,
        1e8,
        Some((1e8, 1e9)),
        "none",
        AT_LEAST,
        "亿级",
    ),
    (
        "这些内容的流量分发是基于 3 亿的月活量",
        0,
        3e8,
        None,
        "none",
        NO,
        "3 亿",
    ),
    (
        "其账号主页直播预约组件显示的预约用户量也仅1万人左右。",
        0,
        10000.0,
        None,
        "users",
        APPROX,
        "1万人左右",
    ),
    (
        "通常能放置不下 10 个SKU。",
        0,
        10.0,
        None,
        "个",
        AT_LEAST,
        "不下 10 个",
    ),
    (
        "小红书上大部分类目的 Top10 中,80% 还是一些不知名品牌",
        0,
        10.0,
        None,
        "rank",
        NO,
        "Top10",
    ),
    (
        "小红书上大部分类目的 Top10 中,80% 还是一些不知名品牌",
        1,
        0.8,
        None,
        "percent",
        NO,
        "80%",
    ),
    (
        "并在两年内做到了小红书品类 Top2。",
        0,
        2.0,
        None,
        "rank",
        NO,
        "Top2",
    ),
    (
        "有消息曾称,抖音广告收入 80% 来自平台内电商,尽管这一说法很快被抖音否认",
        0,
        0.8,
        None,
        "percent",
        DISPUTED,
        "80%",
    ),
    (
        "要想实现这一宏伟的万亿 GMV目标",
        0,
        1e12,
        None,
        "none",
        TARGET,
        "万亿",
    ),
    // Money.
    ("估值达200亿美元", 0, 2e10, None, "USD", NO, "200亿美元"),
    ("营收为1000亿元", 0, 1e11, None, "CNY", NO, "1000亿元"),
    (
        "融资5000万元人民币",
        0,
        5e7,
        None,
        "CNY",
        NO,
        "5000万元人民币",
    ),
    ("售价3999元", 0, 3999.0, None, "CNY", NO, "3999元"),
    (
        "港股募资逾100亿港元",
        0,
        1e10,
        None,
        "HKD",
        MORE,
        "逾100亿港元",
    ),
    (
        "市值约合500亿美元",
        0,
        5e10,
        None,
        "USD",
        APPROX,
        "约合500亿美元",
    ),
    ("花了一万二千元", 0, 12000.0, None, "CNY", NO, "一万二千元"),
    ("年收入两千五百万", 0, 2.5e7, None, "none", NO, "两千五百万"),
    (
        "营收1,234,567元",
        0,
        1234567.0,
        None,
        "CNY",
        NO,
        "1,234,567元",
    ),
    (
        "交易额达１．５万亿元",
        0,
        1.5e12,
        None,
        "CNY",
        NO,
        "１．５万亿元",
    ),
    (
        "售价不到100块钱",
        0,
        100.0,
        None,
        "CNY",
        LESS,
        "不到100块钱",
    ),
    (
        "估值或超过300亿美元",
        0,
        3e10,
        None,
        "USD",
        MORE,
        "超过300亿美元",
    ),
    ("成交额约3亿元", 0, 3e8, None, "CNY", APPROX, "约3亿元"),
    ("收入大概5000万", 0, 5e7, None, "none", APPROX, "大概5000万"),
    (
        "单价在3000元上下",
        0,
        3000.0,
        None,
        "CNY",
        APPROX,
        "3000元上下",
    ),
    (
        "GMV 将近 500 亿",
        0,
        5e10,
        None,
        "none",
        APPROX,
        "将近 500 亿",
    ),
    ("亏损1.5亿元", 0, 1.5e8, None, "CNY", NO, "1.5亿元"),
    (
        "投资1000万以上",
        0,
        1e7,
        None,
        "none",
        AT_LEAST,
        "1000万以上",
    ),
    ("预算在50万以内", 0, 5e5, None, "none", LESS, "50万以内"),
    // Users and counts.
    ("月活用户超过3亿", 0, 3e8, None, "none", MORE, "超过3亿"),
    ("拥有3亿月活用户", 0, 3e8, None, "users", NO, "3亿"),
    ("日活达1.2亿DAU", 0, 1.2e8, None, "users", NO, "1.2亿"),
    ("覆盖14亿人", 0, 1.4e9, None, "users", NO, "14亿人"),
    (
        "注册用户突破1亿名用户",
        0,
        1e8,
        None,
        "users",
        MORE,
        "突破1亿名用户",
    ),
    (
        "累计服务3000多家商家",
        0,
        3000.0,
        Some((3000.0, 4000.0)),
        "家",
        MORE,
        "3000多家",
    ),
    (
        "平台上有3000多",
        0,
        3000.0,
        Some((3000.0, 4000.0)),
        "none",
        MORE,
        "3000多",
    ),
    (
        "有十多家服务商",
        0,
        10.0,
        Some((10.0, 20.0)),
        "家",
        MORE,
        "十多家",
    ),
    (
        "粉丝20多万",
        0,
        2e5,
        Some((2e5, 3e5)),
        "none",
        MORE,
        "20多万",
    ),
    (
        "员工3000余人",
        0,
        3000.0,
        Some((3000.0, 4000.0)),
        "users",
        MORE,
        "3000余人",
    ),
    (
        "用户规模20多亿",
        0,
        2e9,
        Some((2e9, 3e9)),
        "none",
        MORE,
        "20多亿",
    ),
    (
        "卖出120多件",
        0,
        120.0,
        Some((120.0, 130.0)),
        "件",
        MORE,
        "120多件",
    ),
    ("拥有100万粉丝", 0, 1e6, None, "粉丝", NO, "100万粉丝"),
    ("上线了300款新品", 0, 300.0, None, "款", NO, "300款"),
    ("一年举办50场直播", 0, 50.0, None, "场", NO, "50场"),
    ("累计带货1000万单", 0, 1e7, None, "单", NO, "1000万单"),
    ("超千家门店", 0, 1000.0, None, "家", MORE, "超千家"),
    (
        "吸引上万商家入驻",
        0,
        10000.0,
        None,
        "商家",
        AT_LEAST,
        "上万商家",
    ),
    (
        "观看人次达5000万人次",
        0,
        5e7,
        None,
        "人次",
        NO,
        "5000万人次",
    ),
    ("粉丝量10w+", 0, 1e5, None, "none", MORE, "10w+"),
    ("十万用户", 0, 1e5, None, "users", NO, "十万用户"),
    ("有廿五家入驻", 0, 25.0, None, "家", NO, "廿五家"),
    // Ranges.
    (
        "客单价在两到三万之间",
        0,
        20000.0,
        Some((20000.0, 30000.0)),
        "none",
        NO,
        "两到三万",
    ),
    (
        "估值200-300亿美元",
        0,
        2e10,
        Some((2e10, 3e10)),
        "USD",
        NO,
        "200-300亿美元",
    ),
    (
        "月销2至3万单",
        0,
        20000.0,
        Some((20000.0, 30000.0)),
        "单",
        NO,
        "2至3万单",
    ),
    (
        "估值两三万",
        0,
        20000.0,
        Some((20000.0, 30000.0)),
        "none",
        APPROX,
        "两三万",
    ),
    (
        "七八成的商家",
        0,
        0.7,
        Some((0.7, 0.8)),
        "percent",
        APPROX,
        "七八成",
    ),
    (
        "毛利率20%-30%",
        0,
        0.2,
        Some((0.2, 0.3)),
        "percent",
        NO,
        "20%-30%",
    ),
    ("增长2~3倍", 0, 2.0, Some((2.0, 3.0)), "times", NO, "2~3倍"),
    (
        "投入1000到3000万",
        0,
        1e7,
        Some((1e7, 3e7)),
        "none",
        NO,
        "1000到3000万",
    ),
    (
        "三四十万元",
        0,
        3e5,
        Some((3e5, 4e5)),
        "CNY",
        APPROX,
        "三四十万元",
    ),
    (
        "5000万到1亿元",
        0,
        5e7,
        Some((5e7, 1e8)),
        "CNY",
        NO,
        "5000万到1亿元",
    ),
    // Percent and points.
    ("占比达80%", 0, 0.8, None, "percent", NO, "80%"),
    ("占比百分之八十", 0, 0.8, None, "percent", NO, "百分之八十"),
    (
        "百分之三十的用户",
        0,
        0.3,
        None,
        "percent",
        NO,
        "百分之三十",
    ),
    (
        "渗透率为百分之3.5",
        0,
        0.035,
        None,
        "percent",
        NO,
        "百分之3.5",
    ),
    ("毛利率提高了3.5%", 0, 0.035, None, "percent", NO, "3.5%"),
    (
        "下降3个百分点",
        0,
        3.0,
        None,
        "percentage_points",
        NO,
        "3个百分点",
    ),
    (
        "提升0.5个百分点",
        0,
        0.5,
        None,
        "percentage_points",
        NO,
        "0.5个百分点",
    ),
    ("六成用户", 0, 0.6, None, "percent", NO, "六成"),
    (
        "七成以上的商家",
        0,
        0.7,
        None,
        "percent",
        AT_LEAST,
        "七成以上",
    ),
    ("近六成", 0, 0.6, None, "percent", APPROX, "近六成"),
    ("不足两成", 0, 0.2, None, "percent", LESS, "不足两成"),
    ("占比 80 %", 0, 0.8, None, "percent", NO, "80 %"),
    ("坏账率3‰", 0, 0.003, None, "percent", NO, "3‰"),
    (
        "转化率超过百分之三十",
        0,
        0.3,
        None,
        "percent",
        MORE,
        "超过百分之三十",
    ),
    ("毛利率百分之百", 0, 1.0, None, "percent", NO, "百分之百"),
    ("转化率约60％", 0, 0.6, None, "percent", APPROX, "约60％"),
    // Times.
    ("是去年的2倍多", 0, 2.0, None, "times", MORE, "2倍多"),
    ("营收增长了一倍", 0, 1.0, None, "times", NO, "一倍"),
    ("翻了近三倍", 0, 3.0, None, "times", APPROX, "近三倍"),
    ("是上年的三倍", 0, 3.0, None, "times", NO, "三倍"),
    ("达到十四点五倍", 0, 14.5, None, "times", NO, "十四点五倍"),
    // Targets.
    (
        "目标是三年内实现1000亿GMV",
        0,
        1e11,
        None,
        "none",
        TARGET,
        "1000亿",
    ),
    ("剑指万亿GMV", 0, 1e12, None, "none", TARGET, "万亿"),
    ("小红书有望实现3亿DAU", 0, 3e8, None, "users", TARGET, "3亿"),
    (
        "公司计划今年开设500家门店",
        0,
        500.0,
        None,
        "家",
        TARGET,
        "500家",
    ),
    (
        "预计全年营收超300亿元",
        0,
        3e10,
        None,
        "CNY",
        TARGET,
        "超300亿元",
    ),
    (
        "力争年底前突破1万家",
        0,
        10000.0,
        None,
        "家",
        TARGET,
        "突破1万家",
    ),
    // Disputed.
    (
        "网传公司估值500亿美元,公司随后辟谣",
        0,
        5e10,
        None,
        "USD",
        DISPUTED,
        "500亿美元",
    ),
    (
        "裁员3000人的消息不实",
        0,
        3000.0,
        None,
        "users",
        DISPUTED,
        "3000人",
    ),
    // Less than.
    ("市场份额低于5%", 0, 0.05, None, "percent", LESS, "低于5%"),
    ("不到1000万", 0, 1e7, None, "none", LESS, "不到1000万"),
    ("少于300家", 0, 300.0, None, "家", LESS, "少于300家"),
    // Bare units and levels.
    ("破亿", 0, 1e8, None, "none", MORE, "破亿"),
    ("销量过万", 0, 10000.0, None, "none", MORE, "过万"),
    (
        "千万级用户",
        0,
        1e7,
        Some((1e7, 1e8)),
        "users",
        AT_LEAST,
        "千万级用户",
    ),
    (
        "百亿级补贴",
        0,
        1e10,
        Some((1e10, 1e11)),
        "none",
        AT_LEAST,
        "百亿级",
    ),
    (
        "十万级",
        0,
        1e5,
        Some((1e5, 1e6)),
        "none",
        AT_LEAST,
        "十万级",
    ),
    ("近亿元", 0, 1e8, None, "CNY", APPROX, "近亿元"),
    ("百万粉丝", 0, 1e6, None, "粉丝", NO, "百万粉丝"),
    ("亿亿次运算", 0, 1e16, None, "次", NO, "亿亿次"),
    ("万万人", 0, 1e8, None, "users", NO, "万万人"),
    // A negation turns a bound around.
    (
        "外卖业务的利润率不会超过5%",
        0,
        0.05,
        None,
        "percent",
        LESS,
        "不会超过5%",
    ),
    ("利润率未超过5%", 0, 0.05, None, "percent", LESS, "未超过5%"),
    (
        "利润率不能超过5%",
        0,
        0.05,
        None,
        "percent",
        LESS,
        "不能超过5%",
    ),
    // `不可能` is a bound, not a forecast (可能 alone is one).
    (
        "利润率不可能超过5%",
        0,
        0.05,
        None,
        "percent",
        LESS,
        "不可能超过5%",
    ),
    (
        "快手日活跃用户难超4亿",
        0,
        4e8,
        None,
        "none",
        LESS,
        "难超4亿",
    ),
    (
        "GMV不会低于1000亿元",
        0,
        1e11,
        None,
        "CNY",
        AT_LEAST,
        "不会低于1000亿元",
    ),
    (
        "没有突破1000亿元",
        0,
        1e11,
        None,
        "CNY",
        LESS,
        "没有突破1000亿元",
    ),
    (
        "不仅超过1000亿元",
        0,
        1e11,
        None,
        "CNY",
        MORE,
        "超过1000亿元",
    ),
    (
        "不断突破1000亿元",
        0,
        1e11,
        None,
        "CNY",
        MORE,
        "突破1000亿元",
    ),
    // 上 + a numeral: as many as.
    (
        "平台已有上百万家商家",
        0,
        1e6,
        None,
        "家",
        AT_LEAST,
        "上百万家",
    ),
    ("上千家门店", 0, 1000.0, None, "家", AT_LEAST, "上千家"),
    // The unit on both ends of a range.
    (
        "得物2025年的交易额将达到1500亿元至1800亿元",
        0,
        1.5e11,
        Some((1.5e11, 1.8e11)),
        "CNY",
        TARGET,
        "1500亿元至1800亿元",
    ),
    (
        "投入3亿元到5亿元",
        0,
        3e8,
        Some((3e8, 5e8)),
        "CNY",
        NO,
        "3亿元到5亿元",
    ),
    (
        "新开3家到5家门店",
        0,
        3.0,
        Some((3.0, 5.0)),
        "家",
        NO,
        "3家到5家",
    ),
    // Forecast words.
    (
        "Temu今年的GMV可能达到700亿美元",
        0,
        7e10,
        None,
        "USD",
        TARGET,
        "700亿美元",
    ),
    (
        "经营利润可能同比下滑约75%",
        0,
        0.75,
        None,
        "percent",
        TARGET,
        "约75%",
    ),
    (
        "交易额将达到1500亿元",
        0,
        1.5e11,
        None,
        "CNY",
        TARGET,
        "1500亿元",
    ),
    (
        "摩根士丹利预计,得物的交易额为1500亿元",
        0,
        1.5e11,
        None,
        "CNY",
        TARGET,
        "1500亿元",
    ),
    // A forecast verb two clauses back does not reach.
    (
        "高盛预计,营收为100亿元,利润为10亿元",
        1,
        1e9,
        None,
        "CNY",
        NO,
        "10亿元",
    ),
    // A market expectation is not a target.
    (
        "营收为957亿元,同比增长10%,低于市场预期的1016亿元",
        2,
        1.016e11,
        None,
        "CNY",
        EXPECTED,
        "1016亿元",
    ),
    (
        "营收高于预期的1000亿元",
        0,
        1e11,
        None,
        "CNY",
        EXPECTED,
        "1000亿元",
    ),
    (
        "营收为957亿元,低于预期",
        0,
        9.57e10,
        None,
        "CNY",
        NO,
        "957亿元",
    ),
    // A middle dot as the decimal point.
    (
        "财政收入比上年同期增长23·2%",
        0,
        0.232,
        None,
        "percent",
        NO,
        "23·2%",
    ),
    // Doubling words: +100 % per doubling, unit percent.
    (
        "视频号电商GMV实现了接近翻倍的增长",
        0,
        1.0,
        None,
        "percent",
        APPROX,
        "接近翻倍",
    ),
    ("收入翻了一番", 0, 1.0, None, "percent", NO, "翻了一番"),
    ("GMV同比翻番", 0, 1.0, None, "percent", NO, "翻番"),
    ("十年间GMV翻两番", 0, 3.0, None, "percent", NO, "翻两番"),
    ("销量有望翻倍", 0, 1.0, None, "percent", TARGET, "翻倍"),
];

fn check(case: &Expect) {
    let (input, idx, value, range, unit, qual, text) = *case;
    let got: Vec<Quantity> = scan(input);
    let q = got
        .get(idx)
        .unwrap_or_else(|| panic!("{input}: only {} quantities: {got:#?}", got.len()));
    assert!(
        close(q.value, value),
        "{input}: value {} != {value}",
        q.value
    );
    match (q.range, range) {
        (None, None) => {}
        (Some((a, b)), Some((c, d))) => assert!(
            close(a, c) && close(b, d),
            "{input}: range {a}..{b} != {c}..{d}"
        ),
        (got, want) => panic!("{input}: range {got:?} != {want:?}"),
    }
    assert_eq!(q.unit.as_str(), unit, "{input}: unit");
    assert_eq!(q.qualifier, qual, "{input}: qualifier");
    assert_eq!(q.text, text, "{input}: text");
    assert_eq!(&input[q.byte_start..q.byte_end], q.text, "{input}: span");
}

#[test]
fn quantity_table() {
    let mut failures = Vec::new();
    for case in CASES {
        if let Err(e) = std::panic::catch_unwind(|| check(case)) {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            failures.push(msg);
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Sentences that hold no quantity worth reporting.
const NOTHING: &[&str] = &[
    "2024 年,小红书对服务商伙伴敞开了怀抱。",
    "章小蕙到2023年10月单场直播",
    "8月开启店播",
    "2025年的前两个月,小红书大概是最忙的平台。",
    "01 电商,为什么是小红书的必选项?",
    "03生活方式电商,还只是小而美的生意?",
    "苹果发布 iPhone 15 系列",
    "小红书去年重点招商的3C品类",
    "搭载A7芯片",
    "UGC狂欢的另一边",
    "去年618期间,这种主体转换趋势非常明显。",
    "双11大促",
    "双十一当天",
    "小红书首届电商大会",
    "社区里第一个出圈的买手代表",
    "这至少对商家提出了两层能力的考验:1.产品研发能力;2.用户服务能力。",
    "我们试图为相关业者提供一些决策依据",
    "一个产品在内容平台的热度时间是有限的",
    "来看一下",
    "一起交流讨论",
    "小红书的动向一直颇受关注",
    "一定程度上推动了用户破圈",
    "一位知情人士告诉雷峰网",
    "两位主理人对户外场景有非常深刻的理解",
    "欢迎添加作者微信 aqingcjx 一起交流讨论",
    "联系电话 13812345678",
    "客服热线 010-12345678",
    "一个多月前,有报道称",
    "三年前,小红书首席运营官柯南转至电商",
    "并在两年内做到了",
    "90后和00后用户",
    "会议于10:30开始",
    "版本号 1.2.3 发布",
    "2024-08-15 发布",
    "2024/8/15",
    "千万不要错过",
    "万万没想到",
    "十分重要",
    "万一失败",
    "百度和万达",
    "这一年",
    "花了近三年一点点才摸索出",
    "从0建立产品的认知度",
    "通过3个渠道",
    "5G手机",
    "统一大市场",
    "三只松鼠",
    "他的名字叫三三",
    "二〇二五",
    "周三开会",
    "一成不变",
    "三成为了主力",
    "",
    "纯文字没有数字",
];

#[test]
fn nothing_table() {
    let mut failures = Vec::new();
    for input in NOTHING {
        let got = scan(input);
        if !got.is_empty() {
            failures.push(format!(
                "{input}: {:?}",
                got.iter().map(|q| &q.text).collect::<Vec<_>>()
            ));
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
fn changes() {
    let cases: &[(&str, Option<Change>)] = &[
        ("下降3个百分点", Some(Change::Decrease)),
        ("同比增长30%", Some(Change::Increase)),
        ("同比翻了近三倍", Some(Change::Increase)),
        ("营收增长了约20%", Some(Change::Increase)),
        ("利润下滑12%", Some(Change::Decrease)),
        ("成本降低了两成", Some(Change::Decrease)),
        ("占比80%", None),
        ("增至3000万", None),
        ("新增300家门店", None),
        ("降至5%", None),
        ("GMV翻倍", Some(Change::Increase)),
    ];
    for &(input, change) in cases {
        let q = scan(input);
        assert_eq!(q.len(), 1, "{input}: {q:?}");
        assert_eq!(q[0].change, change, "{input}");
    }
}

#[test]
fn seed_sentence_counts() {
    let s = "春晚期间,小红书平台内相关的总互动量超14亿,产生622个热聊话题,是去年2.4倍。";
    let texts: Vec<_> = scan(s).into_iter().map(|q| q.text).collect();
    assert_eq!(texts, ["超14亿", "622个", "2.4倍"]);
}

#[test]
fn serde_shape() {
    let q = &scan("公司估值至少 200 亿美金")[0];
    let v = serde_json::to_value(q).unwrap();
    assert_eq!(v["unit"], "USD");
    assert_eq!(v["qualifier"], "at_least");
    assert_eq!(v["value"], 2e10);
    let q = &scan("3000多")[0];
    let v = serde_json::to_value(q).unwrap();
    assert_eq!(v["range"], serde_json::json!([3000.0, 4000.0]));
    assert_eq!(v["qualifier"], "more_than");
    let q = &scan("下降3个百分点")[0];
    let v = serde_json::to_value(q).unwrap();
    assert_eq!(v["unit"], "percentage_points");
    assert_eq!(v["change"], "decrease");
    let q = &scan("过亿")[0];
    assert_eq!(
        serde_json::to_value(q).unwrap()["unit"],
        serde_json::Value::Null
    );
    assert_eq!(Unit::Count("场".into()).as_str(), "场");
    assert_eq!(Qualifier::LessThan.as_str(), "less_than");
}

// ---------------------------------------------------------------------------
// properties

/// Formats `n` as a Chinese numeral the way a news editor writes it
/// (`12345` → 一万二千三百四十五, `100000001` → 一亿零一, `10` → 十).
fn chinese(n: u64) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    fn section(n: u64, out: &mut String, leading: bool) {
        // n < 10000
        let digits = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
        let units = ["千", "百", "十", ""];
        let mut zero = false;
        let mut started = false;
        for (k, &d) in digits.iter().enumerate() {
            if d == 0 {
                if started || !leading {
                    zero = true;
                }
                continue;
            }
            if zero && (started || !leading) {
                out.push('零');
            }
            zero = false;
            // 十二 rather than 一十二 at the very start.
            if !(d == 1 && k == 2 && !started && leading) {
                out.push_str(D[d as usize]);
            }
            out.push_str(units[k]);
            started = true;
        }
    }
    if n == 0 {
        return "零".to_string();
    }
    let yi = n / 100_000_000;
    let wan = n / 10_000 % 10_000;
    let ge = n % 10_000;
    let mut out = String::new();
    let mut leading = true;
    if yi > 0 {
        section(yi, &mut out, true);
        out.push('亿');
        leading = false;
    }
    if wan > 0 {
        if !leading && wan < 1000 {
            out.push('零');
        }
        section(wan, &mut out, true);
        out.push('万');
        leading = false;
    } else if !leading && ge > 0 {
        out.push('零');
    }
    if ge > 0 {
        if !leading && wan > 0 && ge < 1000 {
            out.push('零');
        }
        section(ge, &mut out, true);
    }
    out
}

#[test]
fn formatter_sanity() {
    assert_eq!(chinese(12345), "一万二千三百四十五");
    assert_eq!(chinese(10), "十");
    assert_eq!(chinese(100000001), "一亿零一");
    assert_eq!(chinese(1005), "一千零五");
    assert_eq!(chinese(100000000000), "一千亿");
    assert_eq!(chinese(20030), "二万零三十");
}

fn numeral_soup() -> impl Strategy<Value = String> {
    let alphabet: Vec<char> = "0123456789０１２３.．,，、 　零〇○一二两三四五六七八九十百千万亿廿卅点多余个家场人倍成%％‰元美金年月日前后近约超过至到-~第双TopAiPhone上下左右级百分之目标否认增长下降了的是\u{0}😀"
        .chars()
        .collect();
    proptest::collection::vec(proptest::sample::select(alphabet), 0..40)
        .prop_map(|v| v.into_iter().collect())
}

fn check_spans(s: &str, qs: &[Quantity]) {
    let mut last = 0;
    for q in qs {
        assert!(
            q.byte_start <= q.byte_end && q.byte_end <= s.len(),
            "{s:?}: {q:?}"
        );
        assert!(
            s.is_char_boundary(q.byte_start) && s.is_char_boundary(q.byte_end),
            "{s:?}: {q:?}"
        );
        assert!(q.byte_start >= last, "{s:?}: overlapping {q:?}");
        assert_eq!(&s[q.byte_start..q.byte_end], q.text);
        assert!(q.value.is_finite());
        last = q.byte_end;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn chinese_and_ascii_agree(n in 0u64..1_000_000_000_000) {
        let zh = chinese(n);
        let ascii = n.to_string();
        prop_assert_eq!(parse_number(&zh), Some((n as f64, zh.len())), "{}", zh);
        prop_assert_eq!(parse_number(&ascii), Some((n as f64, ascii.len())));
    }

    #[test]
    fn small_numbers_agree(n in 0u64..100_000) {
        let zh = chinese(n);
        prop_assert_eq!(parse_number(&zh), Some((n as f64, zh.len())), "{}", zh);
    }

    #[test]
    fn never_panics_on_soup(s in numeral_soup()) {
        let qs = scan(&s);
        check_spans(&s, &qs);
        for i in 0..=s.len() {
            if s.is_char_boundary(i) {
                if let Some((v, l)) = parse_number(&s[i..]) {
                    prop_assert!(l > 0 && l <= s.len() - i && s.is_char_boundary(i + l));
                    prop_assert!(v.is_finite() && v >= 0.0);
                }
            }
        }
    }

    #[test]
    fn never_panics_on_anything(s in "\\PC{0,60}") {
        let qs = scan(&s);
        check_spans(&s, &qs);
        if let Some((_, l)) = parse_number(&s) {
            prop_assert!(s.is_char_boundary(l));
        }
    }
}
