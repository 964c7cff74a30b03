//! `.html` / `.htm` inputs: main text and metadata.

use std::path::{Path, PathBuf};

use zhmine::ingest::read_file;
use zhmine::model::Article;
use zhmine::Error;

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

const PAGE: &str = r#"<!DOCTYPE html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <title>小红书电商这一年 - 雷峰网</title>
  <meta property="og:title" content="小红书电商这一年">
  <meta property="og:site_name" content="雷峰网">
  <meta property="article:published_time" content="2025-03-01T08:00:00+08:00">
  <meta name="author" content="陈嘉欣">
  <link rel="canonical" href="https://www.leiphone.com/category/xhs.html">
  <style>p { color: red }</style>
  <script>var tracker = "不是正文";</script>
</head>
<body>
  <header><p>网站首页 | 登录</p></header>
  <nav><ul><li>科技</li><li>电商</li></ul></nav>
  <div class="content">
    <h1>小红书电商这一年</h1>
    <p>2025年的前两个月，小红书大概是
       最忙的平台。</p>
    <p>过去一年，小红书电商 <b>GMV</b> 实现1000亿交易规模。<br>是上年的三倍。</p>
    <aside><p>相关阅读：抖音电商的下一步</p></aside>
    <p>   </p>
  </div>
  <footer><p>版权所有 © 雷峰网</p></footer>
</body>
</html>
"#;

#[test]
fn meta_tags_and_main_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "xhs.html", PAGE.as_bytes());
    let out = read_file(&path).unwrap();
    assert!(out.problems.is_empty(), "{:?}", out.problems);
    assert_eq!(
        out.articles,
        [Article {
            id: "xhs".into(),
            path: path.to_string_lossy().into_owned(),
            title: Some("小红书电商这一年".into()),
            text: "小红书电商这一年\n\
                   2025年的前两个月，小红书大概是 最忙的平台。\n\
                   过去一年，小红书电商 GMV 实现1000亿交易规模。\n\
                   是上年的三倍。"
                .into(),
            published: Some("2025-03-01".into()),
            source: Some("雷峰网".into()),
            author: Some("陈嘉欣".into()),
            url: Some("https://www.leiphone.com/category/xhs.html".into()),
            encoding: "UTF-8".into(),
        }]
    );
}

#[test]
fn article_element_wins_and_fallback_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let html = r#"<html><head><title> 标题 来自 title </title>
        <meta name="PubDate" content="2024/11/2">
        <meta property="og:url" content="https://e.com/a"></head>
        <body><div><p>侧栏很长很长很长很长很长很长很长很长很长很长很长很长的文字。</p></div>
        <article><p>正文。</p><time datetime="2023-01-01">旧</time></article></body></html>"#;
    let out = read_file(&write(dir.path(), "b.htm", html.as_bytes())).unwrap();
    let a = &out.articles[0];
    assert_eq!(a.title.as_deref(), Some("标题 来自 title"));
    assert_eq!(a.published.as_deref(), Some("2024-11-02"));
    assert_eq!(a.url.as_deref(), Some("https://e.com/a"));
    assert_eq!(a.text, "正文。\n旧");
}

#[test]
fn time_element_and_h1_when_meta_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let html =
        "<body><h1>只有 h1</h1><p>正文。<time datetime=\"2023年5月6日\">五月</time></p></body>";
    let out = read_file(&write(dir.path(), "c.html", html.as_bytes())).unwrap();
    let a = &out.articles[0];
    assert_eq!(a.title.as_deref(), Some("只有 h1"));
    assert_eq!(a.published.as_deref(), Some("2023-05-06"));
    assert_eq!(a.source, None);
}

#[test]
fn gbk_page_with_meta_charset() {
    let dir = tempfile::tempdir().unwrap();
    let html =
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">\
                <title>小红书</title></head><body><p>社区是小红书的基石。</p></body></html>";
    let (bytes, _, _) = encoding_rs::GBK.encode(html);
    let out = read_file(&write(dir.path(), "gbk.html", &bytes)).unwrap();
    let a = &out.articles[0];
    assert_eq!(a.text, "社区是小红书的基石。");
    assert_eq!(a.title.as_deref(), Some("小红书"));
    assert_eq!(a.encoding, "GB18030");
}

#[test]
fn sidecar_overrides_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "xhs.html", PAGE.as_bytes());
    write(
        dir.path(),
        "xhs.meta.json",
        r#"{"source": "雷锋网转载", "published": "2025-03-02"}"#.as_bytes(),
    );
    let a = &read_file(&path).unwrap().articles[0];
    assert_eq!(a.source.as_deref(), Some("雷锋网转载"));
    assert_eq!(a.published.as_deref(), Some("2025-03-02"));
    assert_eq!(a.author.as_deref(), Some("陈嘉欣"));
}

#[test]
fn page_without_text_is_unusable() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "nav.html",
        b"<html><body><nav><p>only nav</p></nav><script>x()</script></body></html>",
    );
    match read_file(&path) {
        Err(Error::BadInput { reason, .. }) => {
            assert_eq!(reason, "no article text found in the HTML")
        }
        other => panic!("{other:?}"),
    }
}
