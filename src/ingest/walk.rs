//! Finding input files under the paths a user names.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::{bad, io_err, is_sidecar, InputFile, InputKind};
use crate::Error;

/// Walk files and folders recursively.
///
/// Order: the named paths in the order given, each walked in file-name order
/// (byte order), so the result is deterministic. Inputs are `.txt`, `.md`,
/// `.html`, `.htm`, `.json` and `.jsonl` files (any case); sidecars
/// (`*.meta.json`) and hidden files and folders (name starting with `.`)
/// found while walking are skipped. A folder named like a file (`x.txt/`) is
/// walked as a folder. Symbolic links are followed; a link back to one of its
/// own ancestors is reported as a loop and not entered. A path named twice
/// is listed once.
///
/// Problems (a named path that does not exist or is not an input, an
/// unreadable folder, a dangling link, a loop) are returned alongside the
/// files and never stop the walk.
pub fn walk(paths: &[PathBuf]) -> (Vec<InputFile>, Vec<Error>) {
    walk_except(paths, None)
}

/// [`walk`], not entering folder `skip` (the index being written, when it
/// lies inside the corpus: `zhmine ingest .` must not read `./index`).
pub fn walk_except(paths: &[PathBuf], skip: Option<&Path>) -> (Vec<InputFile>, Vec<Error>) {
    let skip = skip.and_then(|p| p.canonicalize().ok());
    let skipped = |e: &walkdir::DirEntry| {
        e.file_type().is_dir()
            && skip
                .as_deref()
                .is_some_and(|s| e.path().canonicalize().is_ok_and(|p| p == s))
    };
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    let mut push = |path: PathBuf, size: u64, files: &mut Vec<InputFile>| {
        if seen.insert(path.clone()) {
            let display = path.to_string_lossy().into_owned();
            files.push(InputFile {
                path,
                display,
                size,
            });
        }
    };
    for root in paths {
        let meta = match std::fs::metadata(root) {
            Ok(m) => m,
            Err(e) => {
                errors.push(io_err(root, e));
                continue;
            }
        };
        if meta.is_file() {
            if InputKind::of(root).is_some() {
                push(root.clone(), meta.len(), &mut files);
            } else if is_sidecar(root) {
                errors.push(bad(
                    root,
                    "is a sidecar metadata file, not an article (name its article file instead)",
                ));
            } else {
                errors.push(bad(
                    root,
                    "not a supported input (.txt .md .html .htm .json .jsonl)",
                ));
            }
            continue;
        }
        if !meta.is_dir() {
            errors.push(bad(root, "not a regular file or a folder"));
            continue;
        }
        let walker = WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                e.depth() == 0 || !(is_hidden(e.file_name().as_encoded_bytes()) || skipped(e))
            });
        for entry in walker {
            match entry {
                Ok(e) => {
                    if e.file_type().is_file() && InputKind::of(e.path()).is_some() {
                        let size = e.metadata().map(|m| m.len()).unwrap_or(0);
                        push(e.into_path(), size, &mut files);
                    }
                }
                Err(err) => errors.push(walk_error(err, root)),
            }
        }
    }
    (files, errors)
}

fn is_hidden(name: &[u8]) -> bool {
    name.first() == Some(&b'.')
}

fn walk_error(err: walkdir::Error, root: &Path) -> Error {
    let path = err.path().unwrap_or(root).to_path_buf();
    if let Some(ancestor) = err.loop_ancestor() {
        return bad(
            &path,
            format!(
                "symbolic link loop (leads back to {}); not entered",
                ancestor.to_string_lossy()
            ),
        );
    }
    match err.into_io_error() {
        Some(source) => Error::Io { path, source },
        None => bad(&path, "cannot be walked"),
    }
}
