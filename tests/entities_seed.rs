//! Entities of the seed article (traditional script, SEO pinyin, mojibake),
//! through the real normalize and segment stages.

use std::collections::BTreeSet;
use zhmine::extract::entities::{find_mentions, needs_tags, Mention};
use zhmine::model::EntityKind;

fn seed_mentions() -> (String, Vec<Mention>) {
    let raw = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/corpus/000_b18d7c9321e13add.txt"
    ))
    .expect("seed article");
    let n = zhmine::normalize::normalize(&raw);
    let seg = zhmine::segment::segment(&n.text, &n.sentences, needs_tags);
    let m = find_mentions(&n.text, &n.sentences, &seg);
    (n.text, m)
}

fn set(ms: &[Mention], kind: EntityKind) -> BTreeSet<String> {
    ms.iter()
        .filter(|m| m.kind == kind)
        .map(|m| m.name.clone())
        .collect()
}

#[test]
fn seed_people() {
    let (_, ms) = seed_mentions();
    let people = set(&ms, EntityKind::Person);
    // The people the article names, read by hand (never used by the code).
    let truth: BTreeSet<String> = [
        "撒贝宁",
        "柯南",
        "暮雨",
        "董洁",
        "章小蕙",
        "罗永浩",
        "姜思达",
        "章闻",
        "方昭",
        "施海华",
        "吴昕",
        "李诞",
        "晓西",
        "Lili",
        "安娜",
        "陈嘉欣",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let wrong: Vec<&String> = people.difference(&truth).collect();
    assert!(wrong.is_empty(), "not people: {wrong:?} (found {people:?})");
    let found = people.intersection(&truth).count();
    assert!(found >= 12, "found {found} of 16: {people:?}");
    eprintln!("seed people ({found}/16): {people:?}");
}

#[test]
fn seed_platforms() {
    let (_, ms) = seed_mentions();
    let platforms = set(&ms, EntityKind::Platform);
    let want: BTreeSet<String> = [
        "小红书",
        "抖音",
        "淘宝",
        "拼多多",
        "京东",
        "快手",
        "视频号",
        "TikTok",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(platforms, want);
}

#[test]
fn seed_organizations_and_brands() {
    let (_, ms) = seed_mentions();
    let orgs = set(&ms, EntityKind::Organization);
    for o in [
        "GGV Capital",
        "金沙江创投",
        "天图投资",
        "摩根士丹利",
        "雷峰网",
        "字节跳动",
    ] {
        assert!(orgs.contains(o), "missing {o}: {orgs:?}");
    }
    assert_eq!(
        set(&ms, EntityKind::Brand),
        BTreeSet::from(["BEIN SPACE".to_string()])
    );
}

#[test]
fn seed_mention_spans_point_at_their_surface() {
    let (text, ms) = seed_mentions();
    assert!(!ms.is_empty());
    for m in &ms {
        assert_eq!(
            text.get(m.byte_start..m.byte_end),
            Some(m.surface.as_str()),
            "{m:?}"
        );
    }
    assert!(ms.windows(2).all(|w| w[0].byte_end <= w[1].byte_start));
    // 小红书 is the subject of the article: by far the most mentioned.
    let xhs = ms.iter().filter(|m| m.name == "小红书").count();
    assert!(xhs > 100, "{xhs}");
}
