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

/// A search request, free of command-line types.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    pub query: String,
    pub limit: usize,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub source: Option<String>,
    pub entity: Option<String>,
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
    let nfkc: String = q.nfkc().collect();
    crate::normalize::to_simplified(&nfkc).into_owned()
}

/// Run a search.
pub fn search(zi: &ZhIndex, req: &SearchRequest) -> Result<SearchResult> {
    let n = req.query.chars().count();
    if n > MAX_QUERY_CHARS {
        return Err(Error::Query(format!(
            "query is {n} characters long; the limit is {MAX_QUERY_CHARS}"
        )));
    }
    super::check_range(req.from, req.to)?;
    let f = &zi.fields;
    let q = normalize_query(&req.query);
    let mut parser = QueryParser::for_index(&zi.index, vec![f.title, f.body, f.body_cjk]);
    parser.set_conjunction_by_default();
    parser.set_field_boost(f.title, 2.0);
    parser.set_field_boost(f.body_cjk, 0.5);
    let user = parser
        .parse_query(&q)
        .map_err(|e| Error::Query(format!("cannot parse `{}`: {e}", req.query)))?;
    let mut parts = vec![user, kind_query(f, kinds::ARTICLE)];
    if let Some(d) = date_query(f, req.from, req.to) {
        parts.push(d);
    }
    if let Some(s) = &req.source {
        parts.push(term_query(f.source, s));
    }
    if let Some(e) = &req.entity {
        parts.push(term_query(f.entity, &canonical_entity(e)));
    }
    let query = all_of(parts);
    let reader = zi.index.reader()?;
    let searcher = reader.searcher();
    let limit = req.limit.max(1);
    let (top, total) = searcher.search(
        &query,
        &(TopDocs::with_limit(limit).order_by_score(), Count),
    )?;
    let mut gen = SnippetGenerator::create(&searcher, &*query, f.body)?;
    gen.set_max_num_chars(160);
    // Sentences are ranked with the word query alone.
    let word_query = parser
        .parse_query(&q)
        .map_err(|e| Error::Query(e.to_string()))?;
    let mut hits = Vec::with_capacity(top.len());
    for (score, addr) in top {
        let doc: TantivyDocument = searcher.doc(addr)?;
        let doc_id = stored_str(&doc, f.doc_id).unwrap_or_default();
        let text = stored_str(&doc, f.text).unwrap_or_default();
        let snip = gen.snippet(&text);
        let sentence = best_sentence(zi, &searcher, &*word_query, &doc_id, &doc)?;
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

/// The sentence document of `doc_id` that scores best for `query`.
fn best_sentence(
    zi: &ZhIndex,
    searcher: &tantivy::Searcher,
    query: &dyn tantivy::query::Query,
    doc_id: &str,
    article: &TantivyDocument,
) -> Result<Option<SentenceHit>> {
    let f = &zi.fields;
    let q = all_of(vec![
        query.box_clone(),
        kind_query(f, kinds::SENTENCE),
        term_query(f.doc_id, doc_id),
    ]);
    let top = searcher.search(&q, &TopDocs::with_limit(1).order_by_score())?;
    let Some((_, addr)) = top.first() else {
        return Ok(None);
    };
    let sdoc: TantivyDocument = searcher.doc(*addr)?;
    let Some(index) = sdoc.get_first(f.sentence).and_then(|v| v.as_u64()) else {
        return Ok(None);
    };
    let span: Vec<usize> = sdoc
        .get_all(f.span)
        .filter_map(|v| v.as_u64())
        .map(|v| v as usize)
        .collect();
    let [bs, be, cs, ce] = span[..] else {
        return Ok(None);
    };
    let text = stored_str(article, f.text).unwrap_or_default();
    Ok(text.get(bs..be).map(|t| SentenceHit {
        index: index as usize,
        text: t.to_string(),
        char_start: cs,
        char_end: ce,
    }))
}
