//! `zhmine figures`: the figures of the corpus, filtered by entity and metric.

use super::{all_of, canonical_entity, kind_query, stored_str, term_query};
use crate::error::Result;
use crate::extract::Figure;
use crate::index::{kinds, ZhIndex};
use crate::pipeline::StoredClaim;
use tantivy::collector::DocSetCollector;
use tantivy::TantivyDocument;

/// Filters of the command.
#[derive(Debug, Clone, Default)]
pub struct FigureRequest {
    pub entity: Option<String>,
    pub metric: Option<String>,
}

/// Figures matching the request, sorted by period, then document and position.
pub fn figures(zi: &ZhIndex, req: &FigureRequest) -> Result<Vec<Figure>> {
    let metric = req.metric.as_deref().map(str::to_lowercase);
    let mut out = match &req.entity {
        // Figure claims are indexed by subject: a term lookup.
        Some(e) => {
            let f = &zi.fields;
            let mut parts = vec![
                kind_query(f, kinds::CLAIM),
                term_query(f.entity, &canonical_entity(e)),
            ];
            if let Some(m) = &metric {
                parts.push(term_query(f.metric, m));
            }
            let searcher = zi.index.reader()?.searcher();
            let addrs = searcher.search(&all_of(parts), &DocSetCollector)?;
            let mut figs = Vec::new();
            for a in addrs {
                let d: TantivyDocument = searcher.doc(a)?;
                let payload = stored_str(&d, f.payload).unwrap_or_default();
                if let Ok(c) = serde_json::from_str::<StoredClaim>(&payload) {
                    if let Some(fig) = c.claim.figure {
                        figs.push(fig);
                    }
                }
            }
            figs
        }
        None => super::entities::extractions(zi, None)?
            .into_iter()
            .flat_map(|(_, ex)| ex.figures)
            .filter(|fig| {
                metric
                    .as_ref()
                    .is_none_or(|m| fig.metric.to_lowercase() == *m)
            })
            .collect(),
    };
    out.sort_by(|a, b| {
        let pa = a.period.as_ref().map(|p| (&p.start, &p.end));
        let pb = b.period.as_ref().map(|p| (&p.start, &p.end));
        pa.cmp(&pb)
            .then(a.evidence.doc_id.cmp(&b.evidence.doc_id))
            .then(a.evidence.char_start.cmp(&b.evidence.char_start))
            .then(a.text.cmp(&b.text))
    });
    out.dedup();
    Ok(out)
}
