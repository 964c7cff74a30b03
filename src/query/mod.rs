//! Query stage: read commands over an open index. Each returns plain data
//! with a stable JSON shape (see `docs/json.md`); rendering is the binary's job.

pub mod entities;
pub mod export;
pub mod figures;
pub mod search;
pub mod timeline;

use crate::error::{Error, Result};
use crate::index::Fields;
use chrono::NaiveDate;
use std::ops::Bound;
use tantivy::query::{BooleanQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::{IndexRecordOption, Term, Value};
use tantivy::{DateTime, TantivyDocument};

/// Parse a user's `YYYY-MM-DD` (also `YYYY-MM` and `YYYY`, meaning its first day).
pub fn parse_date(s: &str) -> Result<NaiveDate> {
    let t = s.trim();
    let full = match t.len() {
        4 => format!("{t}-01-01"),
        7 => format!("{t}-01"),
        _ => t.to_string(),
    };
    NaiveDate::parse_from_str(&full, "%Y-%m-%d")
        .map_err(|_| Error::Usage(format!("`{s}` is not a date (expected YYYY-MM-DD)")))
}

/// Check a `--from`/`--to` pair.
pub fn check_range(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<()> {
    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            return Err(Error::Usage(format!("--from {f} is after --to {t}")));
        }
    }
    Ok(())
}

pub(crate) fn term_query(field: tantivy::schema::Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    ))
}

pub(crate) fn kind_query(f: &Fields, kind: &str) -> Box<dyn Query> {
    term_query(f.kind, kind)
}

/// Documents published within `[from, to]` (inclusive days).
pub(crate) fn date_query(
    f: &Fields,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Option<Box<dyn Query>> {
    if from.is_none() && to.is_none() {
        return None;
    }
    let secs = |d: NaiveDate| {
        d.and_hms_opt(0, 0, 0)
            .map(|t| t.and_utc().timestamp())
            .unwrap_or(0)
    };
    let lower = match from {
        Some(d) => Bound::Included(Term::from_field_date_for_search(
            f.published,
            DateTime::from_timestamp_secs(secs(d)),
        )),
        None => Bound::Unbounded,
    };
    let upper = match to.and_then(|d| d.succ_opt()) {
        Some(d) => Bound::Excluded(Term::from_field_date_for_search(
            f.published,
            DateTime::from_timestamp_secs(secs(d)),
        )),
        None => Bound::Unbounded,
    };
    Some(Box::new(RangeQuery::new(lower, upper)))
}

pub(crate) fn all_of(qs: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        qs.into_iter().map(|q| (Occur::Must, q)).collect(),
    ))
}

pub(crate) fn stored_str(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

pub(crate) fn stored_date(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<String> {
    let d = doc.get_first(field)?.as_datetime()?;
    let secs = d.into_timestamp_secs();
    chrono::DateTime::from_timestamp(secs, 0).map(|t| t.date_naive().format("%Y-%m-%d").to_string())
}

/// Resolve a user-given entity name to the canonical name the index stores:
/// simplified script, gazetteer aliases (any script, any case) resolved.
pub fn canonical_entity(name: &str) -> String {
    let simp = crate::normalize::to_simplified(name.trim()).into_owned();
    match crate::extract::entities::Gazetteer::global().resolve(&simp) {
        Some((c, _)) => c.to_string(),
        None => simp,
    }
}
