//! Extract stage: entities, figures, time expressions and claims from the
//! segmented sentences of an article.

pub mod claims;
pub mod entities;
pub mod figures;
pub mod numeral;
pub mod people;
pub mod time;

use crate::model::{EntityKind, Evidence, Period};
use serde::{Deserialize, Serialize};

/// An entity as an article mentions it (aggregated over the article).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocEntity {
    /// Canonical name, simplified script.
    pub name: String,
    pub kind: EntityKind,
    /// Other surface forms the article used for it.
    pub aliases: Vec<String>,
    /// Number of mentions in the article.
    pub mentions: usize,
    /// Index of the first sentence that mentions it.
    pub first_sentence: usize,
}

/// A figure: a number the text states about a subject, with its metric,
/// unit, qualifier and the period it refers to. Field names are the JSON
/// contract of `zhmine figures --json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// The entity the figure is about (canonical name), when one is known.
    pub subject: Option<String>,
    /// Metric name from `data/metrics.tsv` (`GMV`, `DAU`, `valuation` …).
    pub metric: String,
    /// For `growth` and `share` figures: the metric that grows or is
    /// divided (`营收同比增长10%` → `revenue`), when the text names it.
    #[serde(default)]
    pub of: Option<String>,
    /// The value as a plain number (1000亿 → 100000000000, 六成 → 0.6).
    pub value: f64,
    /// `[low, high]` where the text gives a range (两到三万, 3000多).
    pub range: Option<[f64; 2]>,
    /// `CNY`, `USD`, `users`, `percent`, `percentage_points`, `times`, or a counted noun.
    pub unit: String,
    /// `approx`, `at_least`, `more_than`, `less_than`, `target`, `expected`,
    /// `disputed`.
    pub qualifier: Option<String>,
    pub period: Option<Period>,
    /// The words of the figure as written (`至少 200 亿美金`).
    pub text: String,
    pub evidence: Evidence,
    /// The article's publication date (`YYYY-MM-DD`) relative times were
    /// resolved against (去年, 一个多月前), when known.
    #[serde(default)]
    pub published: Option<String>,
    /// True where that date was inferred from the text, not given: the
    /// period of a relative time is then only as good as the inference.
    #[serde(default)]
    pub published_inferred: bool,
}

/// What kind of statement a claim is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClaimKind {
    /// A number (the claim carries a [`Figure`]).
    Figure,
    /// A strategy move or event of the entity (主推, 提出, 上线, 赞助 …).
    Strategy,
    /// An attributed opinion (someone 表示 / 认为 … about the entity).
    Opinion,
}

/// A sentence-level statement about an entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// The entity the claim is about (canonical name).
    pub entity: String,
    pub kind: ClaimKind,
    pub period: Option<Period>,
    /// Topics from `data/topics.tsv` the sentence speaks of.
    pub topics: Vec<String>,
    /// People and organizations involved (speakers included).
    pub actors: Vec<String>,
    pub figure: Option<Figure>,
    /// The sentence text.
    pub claim: String,
    pub evidence: Evidence,
}

/// Everything extracted from one article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    pub entities: Vec<DocEntity>,
    pub figures: Vec<Figure>,
    pub claims: Vec<Claim>,
}

/// Run every extractor over one article.
///
/// `text` is the normalized text, `sentences` its sentences, `seg` their
/// tokens, `published` the (given or inferred) publication date that relative
/// times resolve against.
pub fn extract(
    doc_id: &str,
    text: &str,
    sentences: &[crate::model::Sentence],
    seg: &crate::segment::Segmented,
    published: Option<chrono::NaiveDate>,
) -> Extraction {
    extract_detailed(doc_id, text, sentences, seg, published).0
}

/// What [`extract`] finds on the way: every mention and, per sentence, every
/// time expression (sentence-relative byte offsets).
#[derive(Debug, Clone, Default)]
pub struct Details {
    pub mentions: Vec<entities::Mention>,
    pub times: Vec<Vec<time::TimeExpr>>,
}

/// [`extract`], also returning the mentions and time expressions.
pub fn extract_detailed(
    doc_id: &str,
    text: &str,
    sentences: &[crate::model::Sentence],
    seg: &crate::segment::Segmented,
    published: Option<chrono::NaiveDate>,
) -> (Extraction, Details) {
    let mentions = entities::find_mentions(text, sentences, seg);
    let entities = aggregate(&mentions);
    let sents: Vec<&str> = sentences
        .iter()
        .map(|s| text.get(s.byte_start..s.byte_end).unwrap_or(""))
        .collect();
    let times = time::resolve_document(&sents, published);
    let main = main_entity(&entities);
    let figures = figures::find_figures(doc_id, text, sentences, &mentions, &times, main);
    let claims = claims::find_claims(doc_id, text, sentences, &mentions, &times, &figures, main);
    (
        Extraction {
            entities,
            figures,
            claims,
        },
        Details { mentions, times },
    )
}

/// The article's main entity: its most-mentioned platform or organization
/// (first mentioned on ties).
pub fn main_entity(entities: &[DocEntity]) -> Option<&str> {
    entities
        .iter()
        .filter(|e| matches!(e.kind, EntityKind::Platform | EntityKind::Organization))
        .enumerate()
        // Most mentions; then first mentioned; then first listed (`max_by`
        // keeps the last of equals, so earlier must compare greater).
        .max_by(|(i, a), (j, b)| {
            a.mentions
                .cmp(&b.mentions)
                .then(b.first_sentence.cmp(&a.first_sentence))
                .then(j.cmp(i))
        })
        .map(|(_, e)| e.name.as_str())
}

/// One [`DocEntity`] per canonical name, in order of first mention.
fn aggregate(mentions: &[entities::Mention]) -> Vec<DocEntity> {
    let mut out: Vec<DocEntity> = Vec::new();
    for m in mentions {
        match out
            .iter_mut()
            .find(|e| e.name == m.name && e.kind == m.kind)
        {
            Some(e) => {
                e.mentions += 1;
                if m.surface != e.name && !e.aliases.contains(&m.surface) {
                    e.aliases.push(m.surface.clone());
                }
            }
            None => out.push(DocEntity {
                name: m.name.clone(),
                kind: m.kind,
                aliases: if m.surface != m.name {
                    vec![m.surface.clone()]
                } else {
                    Vec::new()
                },
                mentions: 1,
                first_sentence: m.sentence,
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(name: &str, kind: EntityKind, mentions: usize, first_sentence: usize) -> DocEntity {
        DocEntity {
            name: name.into(),
            kind,
            aliases: Vec::new(),
            mentions,
            first_sentence,
        }
    }

    #[test]
    fn main_entity_ties_go_to_the_first_mentioned_then_first_listed() {
        let es = [
            e("董洁", EntityKind::Person, 9, 0),
            e("快手", EntityKind::Platform, 3, 0),
            e("视频号", EntityKind::Platform, 3, 0),
            e("抖音", EntityKind::Platform, 3, 1),
        ];
        assert_eq!(main_entity(&es), Some("快手"));
        let es = [
            e("抖音", EntityKind::Platform, 3, 1),
            e("快手", EntityKind::Platform, 3, 0),
        ];
        assert_eq!(main_entity(&es), Some("快手"));
        assert_eq!(main_entity(&[e("董洁", EntityKind::Person, 9, 0)]), None);
    }
}
