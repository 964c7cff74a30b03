#!/usr/bin/env bash
# benches/profile.sh — where does `zhmine ingest` spend its CPU? Samples one ingest with
# `perf record` (flat, self time, 999 Hz) and prints the top symbols and their sum per
# pipeline stage, by the crate/module each symbol belongs to.
#
# Usage: benches/profile.sh [--corpus DIR] [--bin PATH] [--threads N] [--top N] [--work DIR]
#   --corpus DIR  default: round 0 (folders r000-*, the 3,205 base articles, 5.7 MB) of the
#                 first corpus under <repo>/bench-corpus/ (build one with benches/corpus.sh)
#   --bin PATH    default <repo>/target/release/zhmine (CARGO_TARGET_DIR honoured)
#   --threads N   ingest threads (default 1)
# Needs `perf` (linux-perf). Self time only: a generic function inlined into its caller
# counts for the caller; hashbrown/alloc/libc symbols are listed as shared helpers.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd); REPO=$(cd "$HERE/.." && pwd)
CORPUS=; BIN=${CARGO_TARGET_DIR:-$REPO/target}/release/zhmine; THREADS=1; TOP=25; WORK=/tmp/zhmine-bench-profile
while [ $# -gt 0 ]; do
  case "$1" in
    --corpus) CORPUS=$2; shift 2;;
    --bin) BIN=$2; shift 2;;
    --threads) THREADS=$2; shift 2;;
    --top) TOP=$2; shift 2;;
    --work) WORK=$2; shift 2;;
    -h|--help) sed -n '2,12p' "$0"; exit 0;;
    *) echo "profile.sh: unknown option $1" >&2; exit 2;;
  esac
done
if [ -n "$CORPUS" ]; then
  INPUTS=("$CORPUS")
else
  first=$(ls -d "$REPO"/bench-corpus/*/r000-0 2>/dev/null | head -1)
  [ -n "$first" ] || { echo "profile.sh: no corpus; run benches/corpus.sh or pass --corpus" >&2; exit 2; }
  INPUTS=("$(dirname "$first")"/r000-*)
fi
command -v perf >/dev/null || { echo "profile.sh: perf not found" >&2; exit 2; }
mkdir -p "$WORK"; rm -rf "$WORK/ix"
BYTES=$(find "${INPUTS[@]}" -type f -name '*.txt' -printf '%s\n' | awk '{s+=$1} END {printf "%d", s}')
echo "profile.sh: $BIN ingest --threads $THREADS over ${INPUTS[*]} ($BYTES bytes)" >&2
perf record -F 999 -o "$WORK/perf.data" -- \
  "$BIN" ingest --threads "$THREADS" --rebuild --index "$WORK/ix" --json "${INPUTS[@]}" > "$WORK/ingest.json" 2> "$WORK/perf-record.err"
perf report -i "$WORK/perf.data" --stdio --no-children --sort symbol 2>/dev/null > "$WORK/report.txt"
python3 - "$WORK/report.txt" "$TOP" <<'PY'
import re, sys
rows = []
for line in open(sys.argv[1], encoding='utf-8', errors='replace'):
    m = re.match(r'\s*([\d.]+)%\s+\[(.)\]\s+(.*\S)', line)
    if m:
        rows.append((float(m.group(1)), m.group(2), m.group(3)))
STAGES = [  # first match wins
    ('segment: jieba-rs', ['jieba_rs', 'cedarwood', 'jieba_macros']),
    ('segment: zhmine wrapper', ['zhmine::segment']),
    ('index: tantivy', ['tantivy', 'fst::', 'zstd', 'lz4_flex', 'ownedbytes', 'bitpacking', 'columnar']),
    ('index: zhmine side', ['zhmine::index']),
    ('normalize', ['zhmine::normalize', 'ferrous_opencc', 'unicode_normalization', 'unicode_segmentation']),
    ('extract', ['zhmine::extract']),
    ('ingest: read/decode/fingerprint', ['zhmine::ingest', 'encoding_rs', 'chardetng', 'blake3', 'walkdir']),
    ('pipeline/serde', ['zhmine::pipeline', 'serde_json', 'serde']),
    ('regex / aho-corasick (shared)', ['regex', 'aho_corasick']),
    ('hash maps (shared)', ['hashbrown', 'core::hash', 'std::hash']),
    ('malloc/free/memcpy (libc)', ['malloc', 'free', 'memcpy', 'memmove', 'memset', 'realloc', 'calloc', '_int_', 'cfree', 'memcmp', 'alloc::']),
]
agg = {}
for pct, kind, sym in rows:
    stage = 'kernel' if kind == 'k' else 'other'
    if kind != 'k':
        for name, keys in STAGES:
            if any(k in sym for k in keys):
                stage = name; break
    agg[stage] = agg.get(stage, 0) + pct
print('| stage (by symbol) | self time |')
print('|---|---|')
for k, v in sorted(agg.items(), key=lambda kv: -kv[1]):
    print('| %s | %.1f %% |' % (k, v))
print()
print('top %s symbols (self time):' % sys.argv[2])
for pct, kind, sym in rows[:int(sys.argv[2])]:
    print('%6.2f%%  %s' % (pct, sym[:150]))
PY
