//! `zhmine export`: every claim, figure or entity of the index as JSON Lines
//! or CSV, one row per item, for pandas, R and DuckDB.
//!
//! JSON Lines rows have the shapes documented in `docs/json.md` (`claims`:
//! [`ClaimRow`]; `figures`: the `figures --json` item; `entities`: the
//! `entities --json` item). CSV rows flatten them: evidence and period become
//! columns, lists are joined with `|`, absent values are empty cells.
//! Rows are sorted, so two exports of one index are byte-identical.

use super::entities::{entities, EntityRequest, EntityRow};
use super::figures::{figures, FigureRequest};
use super::kind_query;
use crate::error::{Error, Result};
use crate::extract::{ClaimKind, Figure};
use crate::index::{kinds, ZhIndex};
use crate::model::Period;
use crate::pipeline::StoredClaim;
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportWhat {
    Claims,
    Figures,
    Entities,
}

/// How to write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Jsonl,
    Csv,
}

impl ExportFormat {
    /// `jsonl` (or `json`, `ndjson`) or `csv`.
    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "jsonl" | "json" | "ndjson" => Some(ExportFormat::Jsonl),
            "csv" => Some(ExportFormat::Csv),
            _ => None,
        }
    }
}

/// One claim of `export --claims`: the claim and its article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimRow {
    pub entity: String,
    pub kind: ClaimKind,
    pub period: Option<Period>,
    pub topics: Vec<String>,
    pub actors: Vec<String>,
    pub figure: Option<Figure>,
    pub claim: String,
    pub evidence: crate::query::timeline::EventEvidence,
}

impl From<StoredClaim> for ClaimRow {
    fn from(c: StoredClaim) -> Self {
        let e = c.claim.evidence;
        ClaimRow {
            entity: c.claim.entity,
            kind: c.claim.kind,
            period: c.claim.period,
            topics: c.claim.topics,
            actors: c.claim.actors,
            figure: c.claim.figure,
            claim: c.claim.claim,
            evidence: crate::query::timeline::EventEvidence {
                doc_id: e.doc_id,
                sentence: e.sentence,
                char_start: e.char_start,
                char_end: e.char_end,
                title: c.title,
                source: c.source,
                published: c.published,
                published_inferred: c.published_inferred,
            },
        }
    }
}

/// Every claim of the index, sorted by entity, period, document, position.
pub fn claims(zi: &ZhIndex) -> Result<Vec<ClaimRow>> {
    let f = &zi.fields;
    let mut out: Vec<ClaimRow> = crate::index::read_claims(zi, &*kind_query(f, kinds::CLAIM))?
        .into_iter()
        .map(ClaimRow::from)
        .collect();
    out.sort_by(|a, b| {
        let pa = a.period.as_ref().map(|p| (&p.start, &p.end));
        let pb = b.period.as_ref().map(|p| (&p.start, &p.end));
        (
            &a.entity,
            pa.is_none(),
            pa,
            &a.evidence.doc_id,
            a.evidence.char_start,
            a.kind,
        )
            .cmp(&(
                &b.entity,
                pb.is_none(),
                pb,
                &b.evidence.doc_id,
                b.evidence.char_start,
                b.kind,
            ))
            .then_with(|| a.topics.cmp(&b.topics))
            .then_with(|| {
                let fa = a.figure.as_ref().map(|f| (&f.metric, &f.text));
                let fb = b.figure.as_ref().map(|f| (&f.metric, &f.text));
                fa.cmp(&fb)
            })
    });
    Ok(out)
}

fn io_err(e: std::io::Error) -> Error {
    Error::Io {
        path: PathBuf::from("<output>"),
        source: e,
    }
}

fn csv_err(e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io_err(io),
        other => Error::Query(format!("csv: {other:?}")),
    }
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(T::to_string).unwrap_or_default()
}

fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

fn period_cols(p: &Option<Period>) -> [String; 4] {
    match p {
        Some(p) => [
            p.start.clone(),
            p.end.clone(),
            p.text.clone(),
            serde_json::to_value(p.precision)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
        ],
        None => Default::default(),
    }
}

/// CSV header of `export --claims --format csv`.
pub const CLAIM_COLUMNS: &[&str] = &[
    "entity",
    "kind",
    "period_start",
    "period_end",
    "period_text",
    "period_precision",
    "topics",
    "actors",
    "figure_metric",
    "figure_value",
    "figure_range_low",
    "figure_range_high",
    "figure_unit",
    "figure_qualifier",
    "figure_text",
    "claim",
    "doc_id",
    "sentence",
    "char_start",
    "char_end",
    "title",
    "source",
    "published",
    "published_inferred",
];

/// CSV header of `export --figures --format csv`.
pub const FIGURE_COLUMNS: &[&str] = &[
    "subject",
    "metric",
    "value",
    "range_low",
    "range_high",
    "unit",
    "qualifier",
    "period_start",
    "period_end",
    "period_text",
    "period_precision",
    "text",
    "doc_id",
    "sentence",
    "char_start",
    "char_end",
];

/// CSV header of `export --entities --format csv`.
pub const ENTITY_COLUMNS: &[&str] = &["name", "kind", "aliases", "mentions", "docs"];

fn claim_record(c: &ClaimRow) -> Vec<String> {
    let [ps, pe, pt, pp] = period_cols(&c.period);
    let f = c.figure.as_ref();
    let e = &c.evidence;
    vec![
        c.entity.clone(),
        serde_json::to_value(c.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default(),
        ps,
        pe,
        pt,
        pp,
        c.topics.join("|"),
        c.actors.join("|"),
        f.map(|f| f.metric.clone()).unwrap_or_default(),
        f.map(|f| num(f.value)).unwrap_or_default(),
        f.and_then(|f| f.range)
            .map(|r| num(r[0]))
            .unwrap_or_default(),
        f.and_then(|f| f.range)
            .map(|r| num(r[1]))
            .unwrap_or_default(),
        f.map(|f| f.unit.clone()).unwrap_or_default(),
        f.and_then(|f| f.qualifier.clone()).unwrap_or_default(),
        f.map(|f| f.text.clone()).unwrap_or_default(),
        c.claim.clone(),
        e.doc_id.clone(),
        e.sentence.clone(),
        e.char_start.to_string(),
        e.char_end.to_string(),
        opt(&e.title),
        opt(&e.source),
        opt(&e.published),
        e.published_inferred.to_string(),
    ]
}

fn figure_record(f: &Figure) -> Vec<String> {
    let [ps, pe, pt, pp] = period_cols(&f.period);
    vec![
        opt(&f.subject),
        f.metric.clone(),
        num(f.value),
        f.range.map(|r| num(r[0])).unwrap_or_default(),
        f.range.map(|r| num(r[1])).unwrap_or_default(),
        f.unit.clone(),
        opt(&f.qualifier),
        ps,
        pe,
        pt,
        pp,
        f.text.clone(),
        f.evidence.doc_id.clone(),
        f.evidence.sentence.clone(),
        f.evidence.char_start.to_string(),
        f.evidence.char_end.to_string(),
    ]
}

fn entity_record(e: &EntityRow) -> Vec<String> {
    vec![
        e.name.clone(),
        e.kind.as_str().to_string(),
        e.aliases.join("|"),
        e.mentions.to_string(),
        e.docs.to_string(),
    ]
}

fn write_csv<T>(
    out: &mut dyn Write,
    header: &[&str],
    rows: &[T],
    record: impl Fn(&T) -> Vec<String>,
) -> Result<()> {
    let mut w = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(out);
    w.write_record(header).map_err(csv_err)?;
    for r in rows {
        w.write_record(record(r)).map_err(csv_err)?;
    }
    w.flush().map_err(io_err)?;
    Ok(())
}

fn write_jsonl<T: Serialize>(out: &mut dyn Write, rows: &[T]) -> Result<()> {
    for r in rows {
        serde_json::to_writer(&mut *out, r).map_err(|e| io_err(e.into()))?;
        out.write_all(b"\n").map_err(io_err)?;
    }
    out.flush().map_err(io_err)?;
    Ok(())
}

/// Write `what` in `format` to `out`. Returns the number of rows written.
pub fn export(
    zi: &ZhIndex,
    what: ExportWhat,
    format: ExportFormat,
    out: &mut dyn Write,
) -> Result<usize> {
    match what {
        ExportWhat::Claims => {
            let rows = claims(zi)?;
            match format {
                ExportFormat::Jsonl => write_jsonl(out, &rows)?,
                ExportFormat::Csv => write_csv(out, CLAIM_COLUMNS, &rows, claim_record)?,
            }
            Ok(rows.len())
        }
        ExportWhat::Figures => {
            let rows = figures(zi, &FigureRequest::default())?;
            match format {
                ExportFormat::Jsonl => write_jsonl(out, &rows)?,
                ExportFormat::Csv => write_csv(out, FIGURE_COLUMNS, &rows, figure_record)?,
            }
            Ok(rows.len())
        }
        ExportWhat::Entities => {
            let rows = entities(zi, &EntityRequest::default())?;
            match format {
                ExportFormat::Jsonl => write_jsonl(out, &rows)?,
                ExportFormat::Csv => write_csv(out, ENTITY_COLUMNS, &rows, entity_record)?,
            }
            Ok(rows.len())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_commas_quotes_and_newlines() {
        let rows = vec![vec![
            "a,b".to_string(),
            "say \"hi\"".to_string(),
            "x\ny".to_string(),
        ]];
        let mut buf = Vec::new();
        write_csv(&mut buf, &["one", "two", "three"], &rows, |r| r.clone()).unwrap();
        let s = String::from_utf8(buf).unwrap();
        assert_eq!(s, "one,two,three\n\"a,b\",\"say \"\"hi\"\"\",\"x\ny\"\n");
    }

    #[test]
    fn numbers_are_plain() {
        assert_eq!(num(1e11), "100000000000");
        assert_eq!(num(0.6), "0.6");
    }
}
