//! `zhmine search`: BM25 over title, words and character bigrams, with
//! filters, snippets and the best-matching sentence of each hit.

use super::{
    all_of, canonical_entity, date_query, kind_query, stored_date, stored_str, term_query,
};
use crate::error::{Error, Result};
use crate::index::{kinds, ZhIndex};
use chrono::NaiveDate;
use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::QueryParser;
use tantivy::schema::Value;
use tantivy::snippet::SnippetGenerator;
use tantivy::TantivyDocument;
use unicode_normalization::UnicodeNormalization;

/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 1000;

/// Most hits one search returns.
pub const MAX_LIMIT: usize = 10_000;

/// A search request, free of command-line types.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub query: String,
    /// 1 to [`MAX_LIMIT`] (default 10).
    pub limit: usize,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub source: Option<String>,
    pub entity: Option<String>,
}

impl Default for SearchRequest {
    fn default() -> Self {
        SearchRequest {
            query: String::new(),
            limit: 10,
            from: None,
            to: None,
            source: None,
            entity: None,
        }
    }
}

/// `zhmine search --json` output. Fields may be added; none will be removed
/// or change meaning within a major version.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResult {
    /// The query as given.
    pub query: String,
    /// Number of matching articles (all of them, not only those returned).
    pub total_hits: usize,
    /// The best `limit` articles, best first.
    pub hits: Vec<Hit>,
}

/// One matching article.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub doc_id: String,
    pub title: Option<String>,
    /// `YYYY-MM-DD` or null.
    pub published: Option<String>,
    pub source: Option<String>,
    /// BM25 score (higher is better; comparable within one result only).
    pub score: f32,
    /// A fragment of the article with matched words in `<b>…</b>` (HTML-escaped).
    pub snippet: String,
    /// The sentence that matches best, when one does.
    pub sentence: Option<SentenceHit>,
    /// Plain fragment and highlighted byte ranges in it, for terminal output.
    #[serde(skip)]
    pub fragment: String,
    #[serde(skip)]
    pub highlighted: Vec<std::ops::Range<usize>>,
}

/// The best sentence of a hit.
#[derive(Debug, Clone, Serialize)]
pub struct SentenceHit {
    /// Sentence number in the article (0-based).
    pub index: usize,
    pub text: String,
    /// Character span in the article's normalized text.
    pub char_start: usize,
    pub char_end: usize,
}

/// Normalize a query as articles are normalized: NFKC, then simplified script.
pub fn normalize_query(q: &str) -> String {
    let nfkc: String = q
        .nfkc()
        .filter(|&c| c != crate::index::tokenizer::WORD_SEP)
        .collect();
    crate::normalize::to_simplified(&nfkc).into_owned()
}

/// Split every bare (unquoted, unfielded) word of a query that holds Han
/// text into the words the segmenter finds in it, grouped in parentheses:
/// `电商GMV` → `(电商 gmv)`, so its words are required, each anywhere in the
/// article. Tantivy's parser would make a phrase of them, and a phrase
/// misses text segmented otherwise (`抖音电商GMV` is the words `抖音电商`
/// `GMV`: no `电商` next to `GMV`). Quoted text stays a phrase; operators,
/// parentheses, `field:` terms and signs (`-电商GMV` → `-(电商 gmv)`) keep
/// their meaning.
pub fn split_bare_words(q: &str) -> String {
    let mut out = String::with_capacity(q.len() + 8);
    let mut word = String::new();
    let mut in_quote = false;
    for c in q.chars() {
        if in_quote {
            out.push(c);
            in_quote = c != '"';
            continue;
        }
        match c {
            '"' => {
                flush_word(&mut word, &mut out);
                out.push(c);
                in_quote = true;
            }
            '(' | ')' => {
                flush_word(&mut word, &mut out);
                out.push(c);
            }
            c if c.is_whitespace() => {
                flush_word(&mut word, &mut out);
                out.push(c);
            }
            c => word.push(c),
        }
    }
    flush_word(&mut word, &mut out);
    out
}

fn flush_word(word: &mut String, out: &mut String) {
    let w = std::mem::take(word);
    let (sign, body) = match w.strip_prefix(['-', '+']) {
        Some(rest) => (&w[..1], rest),
        None => ("", w.as_str()),
    };
    let plain = body.chars().any(crate::segment::is_han)
        && !body.contains([':', '*', '~', '^', '[', ']', '{', '}', '\\'])
        && !matches!(body, "AND" | "OR" | "NOT");
    if plain {
        let words: Vec<&str> = crate::segment::jieba()
            .cut(body, true)
            .into_iter()
            .map(|t| t.word)
            .filter(|t| t.chars().any(char::is_alphanumeric))
            .collect();
        if words.len() > 1 {
            out.push_str(sign);
            out.push('(');
            out.push_str(&words.join(" "));
            out.push(')');
            return;
        }
    }
    out.push_str(&w);
}

/// What is likely wrong with a query the parser refused.
fn syntax_hint(q: &str) -> Option<&'static str> {
    if q.matches('"').count() % 2 == 1 {
        return Some("a quote is not closed");
    }
    let mut depth = 0i32;
    for c in q.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if depth < 0 {
            return Some("a `)` closes nothing");
        }
    }
    (depth > 0).then_some("a `(` is not closed")
}

/// Run a search.
pub fn search(zi: &ZhIndex, req: &SearchRequest) -> Result<SearchResult> {
    let n = req.query.chars().count();
    if n > MAX_QUERY_CHARS {
        return Err(Error::Query(format!(
            "query is {n} characters long; the limit is {MAX_QUERY_CHARS}"
        )));
    }
    if !(1..=MAX_LIMIT).contains(&req.limit) {
        return Err(Error::Usage(format!(
            "--limit {}: expected 1 to {MAX_LIMIT}",
            req.limit
        )));
    }
    super::check_range(req.from, req.to)?;
    for (flag, date) in [("--from", req.from), ("--to", req.to)] {
        if let Some(d) = date {
            if crate::index::writer::storable_date(d).is_none() {
                let (a, b) = crate::index::writer::DATE_YEARS;
                return Err(Error::Usage(format!(
                    "{flag} {d}: out of range (dates from {a} to {b})"
                )));
            }
        }
    }
    let f = &zi.fields;
    let q = split_bare_words(&normalize_query(&req.query));
    let mut parser = QueryParser::for_index(&zi.index, vec![f.title, f.body, f.body_cjk]);
    parser.set_conjunction_by_default();
    parser.set_field_boost(f.title, 2.0);
    parser.set_field_boost(f.body_cjk, 0.5);
    let user = parser.parse_query(&q).map_err(|e| {
        let hint = syntax_hint(&req.query)
            .map(|h| format!(" ({h})"))
            .unwrap_or_default();
        Error::Query(format!("cannot parse `{}`{hint}: {e}", req.query))
    })?;
    let mut parts = vec![user, kind_query(f, kinds::ARTICLE)];
    if let Some(d) = date_query(f, req.from, req.to) {
        parts.push(d);
    }
    if let Some(s) = &req.source {
        parts.push(term_query(
            f.source,
            &crate::normalize::to_simplified(s.trim()),
        ));
    }
    if let Some(e) = &req.entity {
        parts.push(term_query(f.entity, &canonical_entity(e)));
    }
    let query = all_of(parts);
    let reader = zi.index.reader()?;
    let searcher = reader.searcher();
    let limit = req.limit;
    let (top, total) = searcher.search(
        &query,
        &(TopDocs::with_limit(limit).order_by_score(), Count),
    )?;
    let mut gen = SnippetGenerator::create(&searcher, &*query, f.body)?;
    gen.set_max_num_chars(160);
    // Where only a part of a word matched (店播 inside 商家店播), the word
    // snippet highlights nothing: the bigram field's does.
    let mut gen_cjk = SnippetGenerator::create(&searcher, &*query, f.body_cjk)?;
    gen_cjk.set_max_num_chars(160);
    let qw = QueryWords::of(zi, &*query);
    let mut hits = Vec::with_capacity(top.len());
    for (score, addr) in top {
        let doc: TantivyDocument = searcher.doc(addr)?;
        let doc_id = stored_str(&doc, f.doc_id).unwrap_or_default();
        let text = stored_str(&doc, f.text).unwrap_or_default();
        let mut snip = gen.snippet(&text);
        if snip.highlighted().is_empty() {
            let cjk = gen_cjk.snippet(&text);
            if !cjk.highlighted().is_empty() {
                snip = cjk;
            }
        }
        let sentence = best_sentence(zi, &qw, &doc);
        hits.push(Hit {
            title: stored_str(&doc, f.title),
            published: stored_date(&doc, f.published),
            source: stored_str(&doc, f.source),
            score,
            snippet: snip.to_html(),
            fragment: snip.fragment().to_string(),
            highlighted: snip.highlighted().to_vec(),
            sentence,
            doc_id,
        });
    }
    Ok(SearchResult {
        query: req.query.clone(),
        total_hits: total,
        hits,
    })
}

/// The words and bigrams a query looks for, lowercased: what a sentence is
/// scored by.
struct QueryWords {
    words: std::collections::HashSet<String>,
    bigrams: Vec<String>,
}

impl QueryWords {
    fn of(zi: &ZhIndex, query: &dyn tantivy::query::Query) -> Self {
        let f = &zi.fields;
        let mut words = std::collections::HashSet::new();
        let mut bigrams = Vec::new();
        query.query_terms(&mut |term, _| {
            let value = term.value();
            let Some(t) = value.as_str() else { return };
            if term.field() == f.body || term.field() == f.title {
                words.insert(t.to_string());
            } else if term.field() == f.body_cjk {
                bigrams.push(t.to_string());
            }
        });
        bigrams.sort();
        bigrams.dedup();
        QueryWords { words, bigrams }
    }
}

/// The sentence of a hit that holds the most distinct query words (the
/// earliest on ties), from the spans and text stored with the article.
fn best_sentence(zi: &ZhIndex, qw: &QueryWords, article: &TantivyDocument) -> Option<SentenceHit> {
    let f = &zi.fields;
    let text = stored_str(article, f.text)?;
    let spans: Vec<usize> = article
        .get_all(f.span)
        .filter_map(|v| v.as_u64())
        .map(|v| v as usize)
        .collect();
    let jieba = crate::segment::jieba();
    let mut best: Option<(usize, usize)> = None; // (score, sentence index)
    for (i, span) in spans.chunks_exact(4).enumerate() {
        let Some(st) = text.get(span[0]..span[1]) else {
            continue;
        };
        let lower = st.to_lowercase();
        let mut seen = std::collections::HashSet::new();
        for t in jieba.cut(&lower, true) {
            if qw.words.contains(t.word) {
                seen.insert(t.word);
            }
        }
        let score = seen.len() + qw.bigrams.iter().filter(|b| lower.contains(&**b)).count();
        if score > 0 && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, i));
        }
    }
    let (_, i) = best?;
    let span = spans.get(i * 4..i * 4 + 4)?;
    Some(SentenceHit {
        index: i,
        text: text.get(span[0]..span[1])?.to_string(),
        char_start: span[2],
        char_end: span[3],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_han_words_are_split_into_required_words() {
        assert_eq!(split_bare_words("电商GMV"), "(电商 GMV)");
        assert_eq!(split_bare_words("-电商GMV 小红书"), "-(电商 GMV) 小红书");
        assert_eq!(split_bare_words("小红书 OR 抖音"), "小红书 OR 抖音");
        assert_eq!(
            split_bare_words("\"小红书电商\" 买手"),
            "\"小红书电商\" 买手"
        );
        assert_eq!(split_bare_words("title:小红书电商"), "title:小红书电商");
        assert_eq!(
            split_bare_words("(小红书电商 OR GMV)"),
            "((小红书 电商) OR GMV)"
        );
        assert_eq!(split_bare_words("GMV growth"), "GMV growth");
        // Unbalanced quotes are the parser's to report.
        assert_eq!(split_bare_words("\"小红书电商"), "\"小红书电商");
    }
}
