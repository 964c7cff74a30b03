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
    parse_bound(s, false).ok_or_else(|| {
        Error::Usage(format!(
            "`{s}` is not a date (expected YYYY-MM-DD, YYYY-MM or YYYY)"
        ))
    })
}

/// A date given on the command line as the bound of a range: `YYYY-MM-DD`,
/// `YYYY-MM` or `YYYY` (`-`, `/` or `.` between the parts). A partial date
/// is the first day of its month or year for a start (`--from 2024`), the
/// last day for an end (`--to 2024` is 2024-12-31, not 2024-01-01). The
/// error names the flag.
pub fn parse_date_flag(flag: &str, s: &str, end: bool) -> Result<NaiveDate> {
    parse_bound(s, end).ok_or_else(|| {
        Error::Usage(format!(
            "{flag} {s}: not a date (expected YYYY-MM-DD, YYYY-MM or YYYY)"
        ))
    })
}

fn parse_bound(s: &str, end: bool) -> Option<NaiveDate> {
    let parts: Vec<&str> = s.trim().split(['-', '/', '.']).collect();
    let num = |p: &str, max_len: usize| {
        (!p.is_empty() && p.len() <= max_len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    let year = i32::try_from(num(parts.first()?, 4)?).ok()?;
    if parts[0].len() != 4 {
        return None;
    }
    match parts[..] {
        [_] if end => NaiveDate::from_ymd_opt(year, 12, 31),
        [_] => NaiveDate::from_ymd_opt(year, 1, 1),
        [_, m] => {
            let m = num(m, 2)?;
            let first = NaiveDate::from_ymd_opt(year, m, 1)?;
            if end {
                let next = if m == 12 {
                    NaiveDate::from_ymd_opt(year + 1, 1, 1)?
                } else {
                    NaiveDate::from_ymd_opt(year, m + 1, 1)?
                };
                next.pred_opt()
            } else {
                Some(first)
            }
        }
        [_, m, d] => NaiveDate::from_ymd_opt(year, num(m, 2)?, num(d, 2)?),
        _ => None,
    }
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

/// How many articles of the index mention entity `name` (any alias, any
/// script): 0 tells a user their `--entity` finds nothing, and why.
pub fn entity_docs(zi: &crate::index::ZhIndex, name: &str) -> Result<usize> {
    let f = &zi.fields;
    let q = tantivy::query::BooleanQuery::intersection(vec![
        term_query(f.entity, &canonical_entity(name)),
        kind_query(f, crate::index::kinds::ARTICLE),
    ]);
    Ok(zi
        .index
        .reader()?
        .searcher()
        .search(&q, &tantivy::collector::Count)?)
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

#[cfg(test)]
mod date_tests {
    use super::*;

    #[test]
    fn partial_dates_are_bounds() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd);
        assert_eq!(parse_bound("2024", false), d(2024, 1, 1));
        assert_eq!(parse_bound("2024", true), d(2024, 12, 31));
        assert_eq!(parse_bound("2024-02", true), d(2024, 2, 29));
        assert_eq!(parse_bound("2024-12", true), d(2024, 12, 31));
        assert_eq!(parse_bound("2025/3/1", false), d(2025, 3, 1));
        assert_eq!(parse_bound("2025.03.01", true), d(2025, 3, 1));
        for bad in [
            "",
            "24",
            "2024-13",
            "2024-02-30",
            "x",
            "2024-1-1-1",
            "02024",
            "2024--01",
        ] {
            assert_eq!(parse_bound(bad, false), None, "{bad}");
        }
        let e = parse_date_flag("--to", "soon", true).map_err(|e| e.to_string());
        assert_eq!(
            e,
            Err("--to soon: not a date (expected YYYY-MM-DD, YYYY-MM or YYYY)".to_string())
        );
    }
}
