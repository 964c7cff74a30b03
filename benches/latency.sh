#!/usr/bin/env bash
# benches/latency.sh — whole-command latency of a zhmine read command (start-up,
# index open, jieba dictionary, query, output), as a user sees it.
#
# Usage: benches/latency.sh [--bin PATH] [--runs N] -- ZHMINE_ARGS...
#   e.g. benches/latency.sh --bin target/release/zhmine -- search 经济 --index /tmp/zb100k
#   --bin PATH   zhmine binary (default <repo>/target/release/zhmine)
#   --runs N     timed runs after one warm-up run (default 20)
# Prints one markdown row: median / min / max wall time (ms), median CPU time
# (user+sys, ms, from GNU time; coarse: 10 ms ticks), median peak RSS, and the load
# average before the first run. Output of the command goes to /dev/null.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BIN=$HERE/../target/release/zhmine; RUNS=20
while [ $# -gt 0 ]; do
  case "$1" in
    --bin) BIN=$2; shift 2;;
    --runs) RUNS=$2; shift 2;;
    --) shift; break;;
    -h|--help) sed -n '2,11p' "$0"; exit 0;;
    *) break;;
  esac
done
[ $# -gt 0 ] || { echo "latency.sh: no zhmine arguments (see --help)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "latency.sh: needs GNU time (apt-get install time)" >&2; exit 2; }
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
"$BIN" "$@" > /dev/null            # warm-up (page cache)
LOAD=$(cut -d' ' -f1 /proc/loadavg)
for _ in $(seq "$RUNS"); do
  t0=$EPOCHREALTIME
  /usr/bin/time -f '%U %S %M' -a -o "$TMP/cpu" "$BIN" "$@" > /dev/null
  t1=$EPOCHREALTIME
  awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.4f\n", b-a}' >> "$TMP/wall"
done
med() { sort -n | awk '{v[NR]=$1} END{m=(NR%2)?v[(NR+1)/2]:(v[NR/2]+v[NR/2+1])/2; printf "%s %s %s\n", m, v[1], v[NR]}'; }
read -r W_MED W_MIN W_MAX < <(med < "$TMP/wall")
read -r C_MED _ _ < <(awk '{print $1+$2}' "$TMP/cpu" | med)
read -r R_MED _ _ < <(awk '{print $3}' "$TMP/cpu" | med)
printf '| `zhmine %s` | %d | %.1f | %.1f | %.1f | %.0f | %.0f MB | %s |\n' "$*" "$RUNS" \
  "$(awk -v x="$W_MED" 'BEGIN{print x*1000}')" "$(awk -v x="$W_MIN" 'BEGIN{print x*1000}')" \
  "$(awk -v x="$W_MAX" 'BEGIN{print x*1000}')" "$(awk -v x="$C_MED" 'BEGIN{print x*1000}')" \
  "$(awk -v x="$R_MED" 'BEGIN{print x/1024}')" "$LOAD"
