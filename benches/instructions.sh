#!/usr/bin/env bash
# benches/instructions.sh — instructions per stage, counted by callgrind, as a
# ratio to jieba-rs `cut` over the same text. Unlike wall time, the counts do
# not move with the machine's load (the same binary and input give the same
# count), so they show what a change costs or saves even on a busy machine.
#
# Usage: benches/instructions.sh [--corpus DIR] [--mb N]
#   --corpus DIR  articles to measure (default: the first folder of
#                 bench-corpus/news-*, built by benches/corpus.sh)
#   --mb N        MB of articles (default 2: callgrind runs ~50x slower)
#
# Each stage runs once inside `measure` of benches/stages.rs (--only STAGE),
# after a warm-up that builds every lazy table, so fixed start-up costs are
# left out. `index` counts every thread (Tantivy indexes on its own: a run
# with indexing minus the same run without);
# `process` is normalize + segment + extract as ingest runs them.
# Needs valgrind. Prints a markdown table.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
CORPUS=; MB=2
while [ $# -gt 0 ]; do
  case "$1" in
    --corpus) CORPUS=$2; shift 2;;
    --mb) MB=$2; shift 2;;
    -h|--help) sed -n '2,17p' "$0"; exit 0;;
    *) echo "instructions.sh: unknown option $1" >&2; exit 2;;
  esac
done
command -v valgrind >/dev/null || { echo "instructions.sh: valgrind not found" >&2; exit 2; }
if [ -z "$CORPUS" ]; then
  CORPUS=$(ls -d "$REPO"/bench-corpus/news-*/ 2>/dev/null | head -1 || true)
  [ -n "$CORPUS" ] || { echo "instructions.sh: no corpus; run benches/corpus.sh --mb 50 or pass --corpus" >&2; exit 2; }
fi
cd "$REPO"
BIN=$(cargo bench --bench stages --no-run --message-format=json 2>/dev/null \
  | python3 -c 'import sys,json
for l in sys.stdin:
    m=json.loads(l)
    if m.get("reason")=="compiler-artifact" and m.get("target",{}).get("name")=="stages" and m.get("executable"): print(m["executable"])' | tail -1)
[ -x "$BIN" ] || { echo "instructions.sh: could not build benches/stages.rs" >&2; exit 2; }
OUT=$(mktemp -d)
# Instructions of stage $1 inside `measure` (the calling thread only).
count() {
  valgrind --tool=callgrind --toggle-collect='stages::measure' \
    --callgrind-out-file="$OUT/$1.out" "$BIN" "$CORPUS" --mb "$MB" --only "$1" 2>&1 \
    | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
# Instructions of a whole run, every thread.
total() {
  valgrind --tool=callgrind --callgrind-out-file="$OUT/$1.all" "$BIN" "$CORPUS" --mb "$MB" --only "$1" 2>&1 \
    | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
echo "commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src benches || echo ' + uncommitted changes'), corpus $CORPUS, $MB MB" >&2
CUT=$(count cut)
printf '| stage | instructions (M) | × jieba cut |\n|---|---:|---:|\n'
for s in cut normalize segment extract process index; do
  case $s in
    cut) n=$CUT;;
    # Tantivy's own threads count too: the run minus the same run without indexing.
    index) n=$(( $(total index) - $(total index-setup) ));;
    *) n=$(count "$s");;
  esac
  python3 -c "import sys; n,c=int(sys.argv[1]),int(sys.argv[2]); print(f'| {sys.argv[3]} | {n/1e6:,.0f} | {n/c:.2f} |')" "$n" "$CUT" "$s"
done
rm -rf "$OUT"
