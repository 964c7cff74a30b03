//! Timeline latency on a large index (ignored by default: it needs one).
//!
//! ```text
//! python3 … > big.jsonl            # 10,000 articles
//! zhmine ingest big.jsonl --index /tmp/big
//! ZHMINE_PERF_INDEX=/tmp/big ZHMINE_PERF_ENTITY=小红书 \
//!     cargo test --release --test timeline_perf -- --ignored --nocapture
//! ```
//!
//! Measures `query::timeline::timeline` (read the entity's claim documents,
//! build the timeline) and its JSON serialization, index already open.

use std::time::{Duration, Instant};
use zhmine::index::ZhIndex;
use zhmine::query::timeline::{timeline, TimelineRequest};

#[test]
#[ignore = "needs ZHMINE_PERF_INDEX (an index of ~10,000 articles)"]
fn timeline_answers_in_under_100_ms() {
    let Some(dir) = std::env::var_os("ZHMINE_PERF_INDEX") else {
        eprintln!("ZHMINE_PERF_INDEX not set: nothing measured");
        return;
    };
    let entity = std::env::var("ZHMINE_PERF_ENTITY").unwrap_or_else(|_| "小红书".to_string());
    let zi = ZhIndex::open(std::path::Path::new(&dir)).unwrap_or_else(|e| panic!("{e}"));
    let req = TimelineRequest {
        entity,
        ..Default::default()
    };
    let mut times: Vec<Duration> = Vec::new();
    let mut evidence = 0;
    for _ in 0..7 {
        let t0 = Instant::now();
        let t = timeline(&zi, &req).unwrap_or_else(|e| panic!("{e}"));
        let json = serde_json::to_vec(&t).unwrap_or_default();
        times.push(t0.elapsed());
        evidence = t.events.iter().map(|e| e.evidence.len()).sum::<usize>();
        assert!(!json.is_empty());
    }
    times.sort();
    let median = times[times.len() / 2];
    eprintln!(
        "timeline: {evidence} evidence sentences, median {median:?} (min {:?})",
        times[0]
    );
    assert!(median < Duration::from_millis(100), "median {median:?}");
}
