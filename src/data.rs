//! Domain data files: the segmentation dictionary, the gazetteer of platforms
//! and organizations, the metric and topic lexicons, the role and
//! attribution words used to confirm people, and the boilerplate patterns.
//!
//! The files in `data/` are compiled into the binary, so zhmine works from
//! any folder. Users extend them without rebuilding: a folder given with
//! `--data DIR` (or `ZHMINE_DATA`) may hold files of the same names, whose
//! lines are *appended* to the built-in ones. The index records a fingerprint
//! of every data file it was built with (see [`fingerprints`]).

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Every data file zhmine knows, with its built-in text.
pub const BUILTIN: &[(&str, &str)] = &[
    ("dict.txt", include_str!("../data/dict.txt")),
    ("gazetteer.tsv", include_str!("../data/gazetteer.tsv")),
    ("metrics.tsv", include_str!("../data/metrics.tsv")),
    ("topics.tsv", include_str!("../data/topics.tsv")),
    ("claim_verbs.tsv", include_str!("../data/claim_verbs.tsv")),
    (
        "person_context.tsv",
        include_str!("../data/person_context.tsv"),
    ),
    ("surnames.txt", include_str!("../data/surnames.txt")),
    ("boilerplate.txt", include_str!("../data/boilerplate.txt")),
];

static USER_DIR: OnceLock<Option<PathBuf>> = OnceLock::new();

/// Set the folder of user extensions. Call once, before any data is read;
/// later calls are ignored (data already loaded must not change under a run).
pub fn set_user_dir(dir: Option<PathBuf>) {
    let _ = USER_DIR.set(dir);
}

fn user_dir() -> Option<&'static Path> {
    USER_DIR
        .get_or_init(|| std::env::var_os("ZHMINE_DATA").map(PathBuf::from))
        .as_deref()
}

/// The text of data file `name`: the built-in lines followed by the user's.
///
/// Errors when the user's file exists but cannot be read. An unknown name is
/// a programming error and yields an empty built-in part.
pub fn text(name: &str) -> Result<String> {
    let builtin = BUILTIN
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
        .unwrap_or("");
    let mut out = String::from(builtin);
    if let Some(dir) = user_dir() {
        let p = dir.join(name);
        if p.is_file() {
            let extra = std::fs::read_to_string(&p).map_err(|e| Error::Data {
                path: p.display().to_string(),
                reason: e.to_string(),
            })?;
            if !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(&extra);
        }
    }
    Ok(out)
}

/// Lines of a data file with comments (`#`) and blank lines removed, trimmed.
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// `(name, blake3 hex of the effective text)` for every data file, sorted by
/// name: what an index records so a later run can tell it was built with
/// other data.
pub fn fingerprints() -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for (name, _) in BUILTIN {
        let t = text(name)?;
        out.push((
            name.to_string(),
            blake3::hash(t.as_bytes()).to_hex()[..16].to_string(),
        ));
    }
    out.sort();
    Ok(out)
}
