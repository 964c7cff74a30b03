//! Helpers shared by the tests that run the real `zhmine` binary.
//! (Each test crate uses a subset; the rest is not dead code.)
#![allow(dead_code)]

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The repository's root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled corpus.
pub fn corpus() -> PathBuf {
    root().join("corpus")
}

/// The binary in a clean environment (no user data folder).
pub fn zhmine() -> Command {
    let mut c = Command::cargo_bin("zhmine").unwrap_or_else(|e| panic!("no zhmine binary: {e}"));
    c.env_remove("ZHMINE_DATA");
    c
}

/// `zhmine ARGS --index INDEX`, which must succeed and print JSON.
pub fn run_json(args: &[&str], index: &Path) -> Value {
    let out = zhmine()
        .args(args)
        .arg("--index")
        .arg(index)
        .output()
        .unwrap_or_else(|e| panic!("{args:?}: {e}"));
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e})"))
}

/// `zhmine ingest --json --index INDEX PATHS...`: exit code, summary, stderr.
pub fn ingest(paths: &[&Path], index: &Path) -> (i32, Value, String) {
    let mut c = zhmine();
    c.arg("ingest").arg("--json").arg("--index").arg(index);
    for p in paths {
        c.arg(p);
    }
    let out = c.output().unwrap_or_else(|e| panic!("ingest: {e}"));
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "summary is not JSON ({e}); stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (
        out.status.code().unwrap_or(-1),
        summary,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The `doc_id`s of a search result, in rank order.
pub fn hit_ids(v: &Value) -> Vec<String> {
    v["hits"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|h| h["doc_id"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// The JSON values of a JSON Lines output, one per non-empty line.
pub fn json_lines(out: &[u8]) -> Vec<Value> {
    out.split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap_or_else(|e| panic!("a line is not JSON ({e})")))
        .collect()
}
