//! Typed errors of the library. The binary adds context and prints them.

use std::path::PathBuf;

/// Everything that can go wrong in zhmine's library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A corpus file that cannot be turned into articles.
    #[error("{path}: {reason}")]
    BadInput { path: PathBuf, reason: String },
    /// A data file (dictionary, lexicon) that cannot be read.
    #[error("data file {path}: {reason}")]
    Data { path: String, reason: String },
    #[error("index {path}: {reason}")]
    Index { path: PathBuf, reason: String },
    #[error(transparent)]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("query: {0}")]
    Query(String),
    #[error("{0}")]
    Usage(String),
}

/// Result with zhmine's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
