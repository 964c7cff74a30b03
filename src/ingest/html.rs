//! `.html` / `.htm` files: main text and metadata.
//!
//! Text: `script`, `style`, `nav`, `header`, `footer`, `aside` (and a few
//! other non-content elements) are dropped; the root is the `<article>` with
//! the most text, else the element whose `<p>` children hold the most text,
//! else `<body>`. Block elements and `<br>` end lines; whitespace inside a
//! line is collapsed as a browser would; blank lines are dropped; lines are
//! joined with `\n`.
//!
//! Metadata, first found wins:
//! - title: `og:title`, `<title>`, first `<h1>`;
//! - published: `article:published_time`, `pubdate`, `publishdate`, `date`,
//!   `og:pubdate`, `itemprop=datePublished`, JSON-LD `datePublished`,
//!   `<time datetime>`;
//! - source: `og:site_name`; author: `<meta name=author>`;
//! - url: `<link rel=canonical>`, `og:url`.
//!
//! A sidecar `NAME.meta.json` overrides what the page says (the researcher's
//! word over the scraped page's).

use std::path::Path;

use scraper::{ElementRef, Html, Node, Selector};

/// scraper's tree node (`ego_tree::NodeRef<Node>`), named through
/// `ElementRef`'s `Deref` so that ego_tree need not be a direct dependency.
type NodeRef<'a> = <ElementRef<'a> as std::ops::Deref>::Target;

use super::{bad, decode, has_words, make_article, read_sidecar, stem_string, FileArticles, Meta};
use crate::Result;

/// Elements whose content is never article text.
const DROPPED: &[&str] = &[
    "script", "style", "nav", "header", "footer", "aside", "noscript", "template", "iframe", "svg",
    "form", "button", "select", "head",
];

/// Elements that start and end a line.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "figure",
    "figcaption",
    "hr",
    "br",
    "body",
];

/// Read an HTML file already loaded as `bytes`.
pub fn read(path: &Path, bytes: &[u8]) -> Result<FileArticles> {
    let declared = decode::sniff_html_charset(bytes);
    let decoded = decode::decode(bytes, declared.as_deref()).map_err(|r| bad(path, r))?;
    let doc = Html::parse_document(&decoded.text);
    let text = main_text(&doc);
    if text.trim().is_empty() {
        return Err(bad(path, "no article text found in the HTML"));
    }
    if !has_words(&text) {
        return Err(bad(
            path,
            "no words in the article text (only punctuation or symbols)",
        ));
    }
    let mut problems = Vec::new();
    let sidecar = read_sidecar(path, &mut problems);
    let meta = sidecar.or(page_meta(&doc));
    let article = make_article(
        path,
        stem_string(path),
        meta,
        text,
        decoded.encoding,
        "",
        &mut problems,
    );
    Ok(FileArticles {
        articles: vec![article],
        problems,
    })
}

fn selector(s: &str) -> Selector {
    // ok: only called with the constant selectors of this module, which parse.
    Selector::parse(s).expect("valid selector")
}

fn is_dropped(el: &ElementRef) -> bool {
    DROPPED.contains(&el.value().name())
}

fn has_dropped_ancestor(el: &ElementRef) -> bool {
    el.ancestors()
        .filter_map(ElementRef::wrap)
        .any(|a| is_dropped(&a))
}

/// The main text of the document (see the module docs).
pub(crate) fn main_text(doc: &Html) -> String {
    let articles = selector("article");
    let root = first_max(
        doc.select(&articles)
            .filter(|a| !has_dropped_ancestor(a))
            .map(|a| (text_of(*a).chars().count(), a)),
    )
    .or_else(|| paragraph_root(doc))
    .or_else(|| doc.select(&selector("body")).next())
    .unwrap_or_else(|| doc.root_element());
    text_of(*root)
}

/// The first element of the largest non-zero size.
fn first_max<'a>(items: impl Iterator<Item = (usize, ElementRef<'a>)>) -> Option<ElementRef<'a>> {
    let mut best: Option<(usize, ElementRef<'a>)> = None;
    for (n, el) in items {
        if n > best.as_ref().map_or(0, |(m, _)| *m) {
            best = Some((n, el));
        }
    }
    best.map(|(_, el)| el)
}

/// The element whose `<p>` children hold the most text.
fn paragraph_root(doc: &Html) -> Option<ElementRef<'_>> {
    let mut totals: Vec<(usize, ElementRef<'_>)> = Vec::new();
    for p in doc.select(&selector("p")) {
        if has_dropped_ancestor(&p) {
            continue;
        }
        let Some(parent) = p.parent().and_then(ElementRef::wrap) else {
            continue;
        };
        let n = p.text().map(|t| t.trim().chars().count()).sum::<usize>();
        match totals.iter_mut().find(|(_, el)| el.id() == parent.id()) {
            Some((total, _)) => *total += n,
            None => totals.push((n, parent)),
        }
    }
    first_max(totals.into_iter())
}

/// Text of a subtree: block elements end lines, dropped elements vanish.
fn text_of(root: NodeRef<'_>) -> String {
    let mut out = String::new();
    collect(root, &mut out);
    out.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn collect(node: NodeRef<'_>, out: &mut String) {
    match node.value() {
        Node::Text(t) => {
            // Newlines in the source are spaces when rendered.
            out.extend(
                t.chars()
                    .map(|c| if c == '\n' || c == '\r' { ' ' } else { c }),
            );
        }
        Node::Element(el) => {
            let name = el.name();
            if DROPPED.contains(&name) {
                return;
            }
            let block = BLOCKS.contains(&name);
            if block {
                out.push('\n');
            }
            for child in node.children() {
                collect(child, out);
            }
            if block {
                out.push('\n');
            }
        }
        Node::Document | Node::Fragment => {
            for child in node.children() {
                collect(child, out);
            }
        }
        _ => {}
    }
}

/// Metadata stated by the page (see the module docs).
pub(crate) fn page_meta(doc: &Html) -> Meta {
    let mut metas: Vec<(String, String)> = Vec::new();
    for m in doc.select(&selector("meta")) {
        let el = m.value();
        let Some(content) = el.attr("content").map(str::trim).filter(|c| !c.is_empty()) else {
            continue;
        };
        for attr in ["property", "name", "itemprop"] {
            if let Some(key) = el.attr(attr) {
                metas.push((key.trim().to_ascii_lowercase(), content.to_string()));
            }
        }
    }
    let meta_of = |keys: &[&str]| {
        keys.iter().find_map(|k| {
            metas
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.clone())
        })
    };
    let first_text = |sel: &str| {
        doc.select(&selector(sel))
            .map(|e| {
                e.text()
                    .collect::<String>()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .find(|t| !t.is_empty())
    };
    let first_attr = |sel: &str, attr: &str| {
        doc.select(&selector(sel))
            .filter_map(|e| e.value().attr(attr).map(str::trim))
            .find(|v| !v.is_empty())
            .map(str::to_string)
    };
    Meta {
        id: None,
        title: meta_of(&["og:title"])
            .or_else(|| first_text("title"))
            .or_else(|| first_text("h1")),
        published: meta_of(&[
            "article:published_time",
            "pubdate",
            "publishdate",
            "date",
            "og:pubdate",
            "datepublished",
        ])
        .or_else(|| json_ld_date(doc))
        .or_else(|| first_attr("time[datetime]", "datetime")),
        source: meta_of(&["og:site_name"]),
        author: meta_of(&["author"]),
        url: first_attr("link[rel=canonical]", "href").or_else(|| meta_of(&["og:url"])),
        encoding: None,
    }
}

/// `datePublished` from a JSON-LD block (an object, an array of objects, or
/// an `@graph`).
fn json_ld_date(doc: &Html) -> Option<String> {
    fn find(v: &serde_json::Value, depth: usize) -> Option<String> {
        if depth > 8 {
            return None;
        }
        match v {
            serde_json::Value::Object(map) => map
                .get("datePublished")
                .and_then(|d| d.as_str())
                .map(str::to_string)
                .or_else(|| map.values().find_map(|v| find(v, depth + 1))),
            serde_json::Value::Array(items) => items.iter().find_map(|v| find(v, depth + 1)),
            _ => None,
        }
    }
    doc.select(&selector(r#"script[type="application/ld+json"]"#))
        .filter_map(|s| {
            serde_json::from_str::<serde_json::Value>(&s.text().collect::<String>()).ok()
        })
        .find_map(|v| find(&v, 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_win_without_article() {
        let doc = Html::parse_document(
            "<html><body><nav><p>导航一</p><p>导航二很长很长很长很长很长</p></nav>\
             <div class=side><p>短</p></div>\
             <div class=main><p>第一段。</p><p>第二段<br>换行。</p></div></body></html>",
        );
        assert_eq!(main_text(&doc), "第一段。\n第二段\n换行。");
    }

    #[test]
    fn biggest_article_wins() {
        let doc = Html::parse_document(
            "<body><article><p>小</p></article><article><h1>标题</h1>\n<p>正文  一\n 段</p>\
             <script>var x = 1;</script><footer>版权</footer></article></body>",
        );
        assert_eq!(main_text(&doc), "标题\n正文 一 段");
    }

    #[test]
    fn json_ld_date_found() {
        let doc = Html::parse_document(
            r#"<head><script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","datePublished":"2024-11-02T10:00:00+08:00"}]}</script></head><body><p>x</p></body>"#,
        );
        assert_eq!(
            page_meta(&doc).published.as_deref(),
            Some("2024-11-02T10:00:00+08:00")
        );
    }
}
