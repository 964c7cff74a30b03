//! `zhmine figures`: the figures of the corpus, filtered by entity and metric.

use super::canonical_entity;
use crate::error::Result;
use crate::extract::Figure;
use crate::index::ZhIndex;

/// Filters of the command.
#[derive(Debug, Clone, Default)]
pub struct FigureRequest {
    pub entity: Option<String>,
    pub metric: Option<String>,
}

/// Figures matching the request, sorted by period (undated last), then
/// document and position. With an entity, only the articles that mention it
/// are read (a term lookup) and only figures whose subject it is are kept.
pub fn figures(zi: &ZhIndex, req: &FigureRequest) -> Result<Vec<Figure>> {
    let metric = req.metric.as_deref().map(str::to_lowercase);
    let entity = req.entity.as_deref().map(canonical_entity);
    let mut out: Vec<Figure> = super::entities::extractions(zi, None, entity.as_deref())?
        .into_iter()
        .flat_map(|(_, ex)| ex.figures)
        .filter(|fig| {
            metric
                .as_ref()
                .is_none_or(|m| fig.metric.to_lowercase() == *m)
        })
        .filter(|fig| entity.is_none() || fig.subject == entity)
        .collect();
    out.sort_by(|a, b| {
        let pa = a.period.as_ref().map(|p| (&p.start, &p.end));
        let pb = b.period.as_ref().map(|p| (&p.start, &p.end));
        pa.is_none()
            .cmp(&pb.is_none())
            .then(pa.cmp(&pb))
            .then(a.evidence.doc_id.cmp(&b.evidence.doc_id))
            .then(a.evidence.char_start.cmp(&b.evidence.char_start))
            .then(a.text.cmp(&b.text))
    });
    out.dedup();
    Ok(out)
}
