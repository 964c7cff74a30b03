//! `zhmine entities`: the people, platforms, organizations and brands of the
//! corpus, with aliases and mention and document counts.

use super::{all_of, kind_query, stored_str, term_query};
use crate::error::Result;
use crate::extract::Extraction;
use crate::index::{kinds, ZhIndex};
use crate::model::EntityKind;
use serde::Serialize;
use std::collections::BTreeMap;
use tantivy::collector::DocSetCollector;
use tantivy::TantivyDocument;

/// One entity of `zhmine entities --json`. Fields may be added.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityRow {
    /// Canonical name, simplified script.
    pub name: String,
    pub kind: EntityKind,
    /// Other names: gazetteer aliases and the forms the articles used
    /// (including the original script), sorted.
    pub aliases: Vec<String>,
    /// Mentions over all articles.
    pub mentions: usize,
    /// Articles that mention it.
    pub docs: usize,
}

/// Filters of the command.
#[derive(Debug, Clone, Default)]
pub struct EntityRequest {
    pub kind: Option<EntityKind>,
    pub doc: Option<String>,
}

/// Every article's extraction, optionally only one article's, or only
/// those of articles that mention `entity` (canonical name).
pub(crate) fn extractions(
    zi: &ZhIndex,
    doc: Option<&str>,
    entity: Option<&str>,
) -> Result<Vec<(String, Extraction)>> {
    let f = &zi.fields;
    let mut parts = vec![kind_query(f, kinds::ARTICLE)];
    if let Some(d) = doc {
        parts.push(term_query(f.doc_id, d));
    }
    if let Some(e) = entity {
        parts.push(term_query(f.entity, e));
    }
    let q = all_of(parts);
    let searcher = zi.index.reader()?.searcher();
    let mut addrs: Vec<_> = searcher.search(&q, &DocSetCollector)?.into_iter().collect();
    addrs.sort();
    let mut out = Vec::with_capacity(addrs.len());
    for a in addrs {
        let d: TantivyDocument = searcher.doc(a)?;
        let id = stored_str(&d, f.doc_id).unwrap_or_default();
        let payload = stored_str(&d, f.payload).unwrap_or_default();
        let ex: Extraction = serde_json::from_str(&payload).map_err(|e| crate::Error::Index {
            path: zi.path.clone(),
            reason: format!("stored extraction of {id} is unreadable ({e}); rebuild the index"),
        })?;
        out.push((id, ex));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// Aggregate the entities of the index.
pub fn entities(zi: &ZhIndex, req: &EntityRequest) -> Result<Vec<EntityRow>> {
    let gaz = crate::extract::entities::Gazetteer::global();
    let mut rows: BTreeMap<(EntityKind, String), EntityRow> = BTreeMap::new();
    for (_, ex) in extractions(zi, req.doc.as_deref(), None)? {
        for e in ex.entities {
            if req.kind.is_some_and(|k| k != e.kind) {
                continue;
            }
            let row = rows
                .entry((e.kind, e.name.clone()))
                .or_insert_with(|| EntityRow {
                    aliases: gaz.aliases(&e.name).to_vec(),
                    name: e.name.clone(),
                    kind: e.kind,
                    mentions: 0,
                    docs: 0,
                });
            row.mentions += e.mentions;
            row.docs += 1;
            for a in e.aliases {
                if a != row.name && !row.aliases.contains(&a) {
                    row.aliases.push(a);
                }
            }
        }
    }
    let mut out: Vec<EntityRow> = rows.into_values().collect();
    for r in &mut out {
        r.aliases.sort();
        r.aliases.dedup();
    }
    out.sort_by(|a, b| {
        b.mentions
            .cmp(&a.mentions)
            .then(a.kind.cmp(&b.kind))
            .then(a.name.cmp(&b.name))
    });
    Ok(out)
}
