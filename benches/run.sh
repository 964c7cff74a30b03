#!/usr/bin/env bash
# benches/run.sh — end-to-end throughput benchmark of zhmine, with baselines measured
# in the same run on the same corpus. Prints a markdown table (and the raw numbers).
#
# Usage: benches/run.sh [--corpus DIR] [--mb N] [--bin PATH] [--worktree REF]
#                       [--work DIR] [--search-runs N] [--threads N] [--no-python]
#   --corpus DIR     corpus to measure (default: <repo>/bench-corpus/news-<N>mb, built with
#                    benches/corpus.sh --mb N if missing)
#   --mb N           corpus size when --corpus is not given (default 200)
#   --bin PATH       use this zhmine binary instead of building one
#   --src DIR        build (and report the commit of) this source tree instead of the repo
#   --worktree REF   build from a clean `git worktree` of REF (e.g. HEAD) in /tmp instead of
#                    the working copy (for when others are editing src/); removed afterwards
#   --work DIR       scratch folder for the indexes (default /tmp/zhmine-bench-work)
#   --search-runs N  timed runs of `zhmine search 经济` (default 20, after 1 warm-up run)
#   --threads N      "all threads" row (default: nproc)
#   --no-python      skip the Python jieba baseline
# Env: CARGO_TARGET_DIR (default <repo>/target, or /tmp/zhmine-bench-target with
#      --worktree), BENCH_VENV (default /tmp/zhmine-bench-venv: Python venv with jieba 0.42.1).
#
# What is measured (MB = 1,000,000 bytes; "input bytes" = sum of the corpus file sizes):
#   (i)   Python jieba 0.42.1 lcut (HMM on), one thread: whole command and lcut alone
#   (ii)  zhmine ingest --threads 1 --rebuild   (iii) the same with --threads N
#   (iv)  peak RSS (GNU time %M)  (v) index size on disk / input bytes
#   (vi)  a second ingest over the same corpus (incremental no-op)
#   (vii) median wall time of `zhmine search 经济` as a whole command
# Wall times come from GNU time (`/usr/bin/time -f`), whole command including start-up.
# The page cache is warmed (every file read once) before each timed command. Load average
# is recorded before each command: on a shared machine, compare ratios, and the
# CPU-time column (user+sys), which other processes disturb less than wall time.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
SRC=$REPO; MB=200; CORPUS=; BIN=; WORKTREE=; WORK=/tmp/zhmine-bench-work; SEARCH_RUNS=20
THREADS=$(nproc); PYTHON=1
while [ $# -gt 0 ]; do
  case "$1" in
    --corpus) CORPUS=$2; shift 2;;
    --mb) MB=$2; shift 2;;
    --bin) BIN=$2; shift 2;;
    --worktree) WORKTREE=$2; shift 2;;
    --src) SRC=$(cd "$2" && pwd); shift 2;;
    --work) WORK=$2; shift 2;;
    --search-runs) SEARCH_RUNS=$2; shift 2;;
    --threads) THREADS=$2; shift 2;;
    --no-python) PYTHON=0; shift;;
    -h|--help) sed -n '2,31p' "$0"; exit 0;;
    *) echo "run.sh: unknown option $1" >&2; exit 2;;
  esac
done
log() { echo "run.sh: $*" >&2; }

# ---------- corpus ----------
if [ -z "$CORPUS" ]; then
  CORPUS=$REPO/bench-corpus/news-${MB}mb
  [ -d "$CORPUS" ] || "$HERE/corpus.sh" --mb "$MB" --out "$CORPUS" >&2
fi
CORPUS=$(cd "$CORPUS" && pwd)
FILES=$(find "$CORPUS" -type f -name '*.txt' | wc -l)
BYTES=$(find "$CORPUS" -type f -name '*.txt' -printf '%s\n' | awk '{s+=$1} END {printf "%d", s}')
DU_SB=$(du -sb "$CORPUS" | cut -f1)
[ "$FILES" -gt 0 ] || { log "no .txt files in $CORPUS"; exit 2; }

# ---------- tools ----------
if [ ! -x /usr/bin/time ]; then
  log "installing GNU time"; apt-get update >/dev/null && apt-get install -y time >/dev/null
fi
VENV=${BENCH_VENV:-/tmp/zhmine-bench-venv}
if [ "$PYTHON" = 1 ] && ! "$VENV/bin/python" -c 'import jieba' 2>/dev/null; then
  log "creating $VENV with jieba 0.42.1"
  python3 -m venv "$VENV" && "$VENV/bin/pip" install -q jieba==0.42.1
fi

# ---------- build ----------
if [ -z "$BIN" ]; then
  if [ -n "$WORKTREE" ]; then
    SRC=/tmp/zhmine-bench-wt-$$
    git -C "$REPO" worktree add --detach "$SRC" "$WORKTREE" >&2
    trap 'git -C "$REPO" worktree remove --force "$SRC" >&2 || true' EXIT
    export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/tmp/zhmine-bench-target}
  fi
  log "cargo build --release in $SRC (CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$SRC/target})"
  (cd "$SRC" && cargo build --release >&2)
  BIN=${CARGO_TARGET_DIR:-$SRC/target}/release/zhmine
fi
[ -x "$BIN" ] || { log "no binary at $BIN"; exit 2; }
"$BIN" --version 2>/dev/null | grep -q zhmine || { log "$BIN --version does not name zhmine: not a working build"; exit 2; }
COMMIT=$(git -C "$SRC" rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=$(git -C "$SRC" status --porcelain --untracked-files=all -- src data Cargo.toml Cargo.lock 2>/dev/null | wc -l)

mkdir -p "$WORK"; rm -rf "${WORK:?}"/ix1 "${WORK:?}"/ixN
warm() { find "$CORPUS" -type f -name '*.txt' -print0 | xargs -0 cat > /dev/null; }
load() { cut -d' ' -f1 /proc/loadavg; }
# timed NAME CMD... : runs CMD under GNU time; stdout -> $WORK/NAME.out, stderr -> NAME.err;
# sets T_WALL T_CPU T_RSS_MB T_RC T_LOAD
timed() {
  local name=$1; shift
  T_LOAD=$(load)
  set +e
  /usr/bin/time -f '%e %U %S %M' -o "$WORK/$name.time" "$@" > "$WORK/$name.out" 2> "$WORK/$name.err"
  T_RC=$?
  set -e
  read -r w u s m < <(tail -1 "$WORK/$name.time")
  T_WALL=$w; T_CPU=$(awk -v u="$u" -v s="$s" 'BEGIN{printf "%.2f", u+s}'); T_RSS_MB=$(awk -v m="$m" 'BEGIN{printf "%.0f", m/1024}')
  log "$name: wall ${T_WALL}s cpu ${T_CPU}s rss ${T_RSS_MB}MB rc $T_RC (load before: $T_LOAD)"
}
mbs() { awk -v b="$BYTES" -v t="$1" 'BEGIN{ if (t > 0) printf "%.2f", b/1e6/t; else print "n/a" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.1f", a/b; else print "n/a" }'; }
json_field() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d.get(sys.argv[2], ""))' "$1" "$2" 2>/dev/null || echo "?"; }

log "corpus $CORPUS: $FILES files, $BYTES bytes; binary $BIN ($COMMIT)"

# (i) Python jieba
if [ "$PYTHON" = 1 ]; then
  warm; timed py "$VENV/bin/python" "$HERE/jieba_cut.py" "$CORPUS"
  PY_WALL=$T_WALL PY_CPU=$T_CPU PY_RSS=$T_RSS_MB PY_LOAD=$T_LOAD
  PY_CUT_MBS=$(json_field "$WORK/py.out" cut_mb_s); PY_TOKENS=$(json_field "$WORK/py.out" tokens)
fi
# (ii) one thread
warm; timed ingest1 "$BIN" ingest --threads 1 --rebuild --index "$WORK/ix1" --json "$CORPUS"
I1_WALL=$T_WALL I1_CPU=$T_CPU I1_RSS=$T_RSS_MB I1_RC=$T_RC I1_LOAD=$T_LOAD
I1_NEW=$(json_field "$WORK/ingest1.out" files_new)
if [ "$I1_NEW" != "$FILES" ]; then
  log "ingest --threads 1 indexed '$I1_NEW' of $FILES files (rc $I1_RC); see $WORK/ingest1.out / .err"
  [ -n "$I1_NEW" ] && [ "$I1_NEW" != "?" ] && [ "$I1_NEW" -gt 0 ] || exit 1
fi
# (iii) all threads
warm; timed ingestN "$BIN" ingest --threads "$THREADS" --rebuild --index "$WORK/ixN" --json "$CORPUS"
IN_WALL=$T_WALL IN_CPU=$T_CPU IN_RSS=$T_RSS_MB IN_RC=$T_RC IN_LOAD=$T_LOAD
# (v) index size
IX1=$(du -sb "$WORK/ix1" | cut -f1); IXN=$(du -sb "$WORK/ixN" | cut -f1)
# (vi) no-op re-ingest (default threads)
warm; timed noop "$BIN" ingest --index "$WORK/ixN" --json "$CORPUS"
NOOP_WALL=$T_WALL NOOP_RSS=$T_RSS_MB NOOP_LOAD=$T_LOAD
NOOP_UNCHANGED=$(json_field "$WORK/noop.out" files_unchanged); NOOP_NEW=$(json_field "$WORK/noop.out" files_new)
# (vii) search, whole command
"$BIN" search 经济 --index "$WORK/ixN" > "$WORK/search.out"   # warm-up, and the hit count
SEARCH_LOAD=$(load)
: > "$WORK/search.times"
for _ in $(seq "$SEARCH_RUNS"); do
  t0=$EPOCHREALTIME; "$BIN" search 经济 --index "$WORK/ixN" > /dev/null; t1=$EPOCHREALTIME
  awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.4f\n", b-a}' >> "$WORK/search.times"
done
read -r S_MED S_MIN S_MAX < <(sort -n "$WORK/search.times" | awk '{v[NR]=$1} END{m=(NR%2)?v[(NR+1)/2]:(v[NR/2]+v[NR/2+1])/2; printf "%.1f %.1f %.1f\n", m*1000, v[1]*1000, v[NR]*1000}')
S_HITS=$(head -1 "$WORK/search.out")

# ---------- report ----------
I1_MBS=$(mbs "$I1_WALL"); IN_MBS=$(mbs "$IN_WALL")
I1_CPU_MBS=$(mbs "$I1_CPU"); IN_CPU_MBS=$(mbs "$IN_CPU")
echo
echo "### zhmine benchmark — $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo
echo "- commit: \`$COMMIT\`$( [ "$DIRTY" -gt 0 ] && echo " (+ $DIRTY uncommitted or untracked file(s) under src/, data/, Cargo.*)" ); binary: \`$BIN\`"
echo "- machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GB", $2/1048576}' /proc/meminfo), $(rustc --version 2>/dev/null | cut -d' ' -f1-2)"
echo "- corpus: \`$CORPUS\` — $FILES files, $BYTES bytes ($(awk -v b="$BYTES" 'BEGIN{printf "%.1f", b/1e6}') MB of file content; du -sb $DU_SB)"
echo "- MB = 10^6 bytes of input files; MB/s = input bytes / wall time of the whole command (CPU MB/s = input bytes / (user+sys))"
echo
echo "| # | measurement | wall | MB/s | CPU (user+sys) | CPU MB/s | peak RSS | load before | ratio |"
echo "|---|---|---|---|---|---|---|---|---|"
if [ "$PYTHON" = 1 ]; then
  echo "| i | Python jieba 0.42.1 \`lcut\`, 1 thread (whole script; lcut alone: $PY_CUT_MBS MB/s, $PY_TOKENS tokens) | ${PY_WALL} s | $(mbs "$PY_WALL") | ${PY_CPU} s | $(mbs "$PY_CPU") | ${PY_RSS} MB | $PY_LOAD | 1.0 (baseline) |"
  R1="$(ratio "$I1_MBS" "$(mbs "$PY_WALL")")× Python jieba"
else
  R1="—"
fi
echo "| ii | \`zhmine ingest --threads 1 --rebuild\` | ${I1_WALL} s | $I1_MBS | ${I1_CPU} s | $I1_CPU_MBS | ${I1_RSS} MB | $I1_LOAD | $R1 |"
echo "| iii | \`zhmine ingest --threads $THREADS --rebuild\` | ${IN_WALL} s | $IN_MBS | ${IN_CPU} s | $IN_CPU_MBS | ${IN_RSS} MB | $IN_LOAD | $(ratio "$IN_MBS" "$I1_MBS")× 1 thread |"
echo "| v | index size on disk / input bytes | | | | | | | $(awk -v a="$IXN" -v b="$BYTES" 'BEGIN{printf "%.2f", a/b}') ($IXN B; 1-thread index $(awk -v a="$IX1" -v b="$BYTES" 'BEGIN{printf "%.2f", a/b}')) |"
echo "| vi | second \`zhmine ingest\` (no-op: $NOOP_UNCHANGED unchanged, $NOOP_NEW new) | ${NOOP_WALL} s | | | | ${NOOP_RSS} MB | $NOOP_LOAD | $(ratio "$IN_WALL" "$NOOP_WALL")× faster than (iii) |"
echo "| vii | \`zhmine search 经济\` ×$SEARCH_RUNS, whole command (min $S_MIN, max $S_MAX ms) | median ${S_MED} ms | | | | | $SEARCH_LOAD | $S_HITS |"
echo
echo "exit codes: ingest 1 thread $I1_RC, ingest $THREADS threads $IN_RC (1 = some inputs reported problems: see $WORK/ingest*.out)"
echo "ingest summaries: $WORK/ingest1.out, $WORK/ingestN.out; raw times: $WORK/*.time, $WORK/search.times"
