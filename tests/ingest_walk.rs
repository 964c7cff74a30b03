//! Walking a corpus: which files are inputs, in which order, and what is
//! reported.

use std::path::{Path, PathBuf};

use zhmine::ingest::walk;
use zhmine::Error;

fn touch(root: &Path, rel: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, "正文。\n").unwrap();
}

fn relative(root: &Path, files: &[zhmine::ingest::InputFile]) -> Vec<String> {
    files
        .iter()
        .map(|f| {
            assert_eq!(f.display, f.path.to_string_lossy());
            f.path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn tree_with_loop_sidecars_hidden_files_and_a_folder_named_like_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for rel in [
        "a.txt",
        "a.meta.json",
        "a.txt.META.JSON",
        "B.MD",
        "c.html",
        "d.HTM",
        "e.json",
        "f.jsonl",
        "notes.csv",
        "README",
        ".hidden.txt",
        ".git/objects.txt",
        "x.txt/inner.md",
        "sub/z.txt",
        "sub/deeper/y.jsonl",
    ] {
        touch(root, rel);
    }
    std::os::unix::fs::symlink(root, root.join("sub/loop")).unwrap();
    std::os::unix::fs::symlink(root.join("a.txt"), root.join("sub/link.txt")).unwrap();

    let (files, errors) = walk(&[root.to_path_buf()]);
    assert_eq!(
        relative(root, &files),
        [
            "B.MD",
            "a.txt",
            "c.html",
            "d.HTM",
            "e.json",
            "f.jsonl",
            "sub/deeper/y.jsonl",
            "sub/link.txt",
            "sub/z.txt",
            "x.txt/inner.md",
        ]
    );
    assert_eq!(errors.len(), 1, "{errors:?}");
    match &errors[0] {
        Error::BadInput { path, reason } => {
            assert_eq!(path, &root.join("sub/loop"));
            assert_eq!(
                reason,
                &format!(
                    "symbolic link loop (leads back to {}); not entered",
                    root.display()
                )
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn named_paths_missing_unsupported_and_repeated() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    touch(root, "one/a.txt");
    touch(root, "two/b.md");
    touch(root, "table.csv");
    touch(root, "two/b.meta.json");
    touch(root, ".explicit.txt");
    let missing = root.join("nope");
    let paths: Vec<PathBuf> = vec![
        root.join("two"),
        missing.clone(),
        root.join("one"),
        root.join("one/a.txt"),
        root.join("table.csv"),
        root.join("two/b.meta.json"),
        root.join(".explicit.txt"),
    ];
    let (files, errors) = walk(&paths);
    assert_eq!(
        relative(root, &files),
        ["two/b.md", "one/a.txt", ".explicit.txt"]
    );
    let errors: Vec<String> = errors
        .iter()
        .map(|e| match e {
            Error::Io { path, source } => {
                assert_eq!(path, &missing);
                assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
                "io: nope".to_string()
            }
            Error::BadInput { path, reason } => {
                format!("{}: {reason}", path.strip_prefix(root).unwrap().display())
            }
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        errors,
        [
            "io: nope",
            "table.csv: not a supported input (.txt .md .html .htm .json .jsonl)",
            "two/b.meta.json: is a sidecar metadata file, not an article (name its article file instead)",
        ]
    );
}

#[cfg(unix)]
#[test]
fn dangling_link_is_reported_and_the_walk_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    touch(root, "a.txt");
    touch(root, "c.txt");
    std::os::unix::fs::symlink(root.join("gone.txt"), root.join("b.txt")).unwrap();
    let (files, errors) = walk(&[root.to_path_buf()]);
    assert_eq!(relative(root, &files), ["a.txt", "c.txt"]);
    assert_eq!(errors.len(), 1);
    assert!(
        matches!(&errors[0], Error::Io { path, .. } if *path == root.join("b.txt")),
        "{errors:?}"
    );
}

#[cfg(unix)]
#[test]
fn non_utf8_file_name_is_read_and_displayed_lossily() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"caf\xE9.txt");
    let path = dir.path().join(name);
    if std::fs::write(&path, "正文。\n").is_err() {
        return; // the file system refuses non-UTF-8 names
    }
    let (files, errors) = walk(&[dir.path().to_path_buf()]);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].path, path);
    assert!(files[0].display.ends_with("caf\u{FFFD}.txt"));
    let out = zhmine::ingest::read_file(&files[0].path).unwrap();
    assert_eq!(out.articles[0].id, "caf\u{FFFD}");
    assert_eq!(out.articles[0].text, "正文。\n");
}
