#!/usr/bin/env bash
# Test the Spark recipe (scripts/spark_process.py, docs/distributed.md) in
# Spark local mode, on this machine, end to end:
#
#   scripts/spark-local.sh [FOLDER] [--no-bench] [--bench-articles N]
#
#  1. a venv in ${TMPDIR:-/tmp}/zhmine-spark-venv with pyspark (pip; set
#     PYSPARK_SPEC, e.g. '==4.0.1', to pin), Java 17+ from PATH or JAVA_HOME;
#  2. cargo build --release (or ZHMINE_BIN=/path/to/zhmine: no build);
#  3. FOLDER (default: corpus/) -> one JSON Lines file of articles (each .txt/.md
#     with its front matter or sidecar NAME.meta.json: id = file stem);
#  4. the Spark job with --master local[2], 2 partitions, the binary shipped
#     (--ship), input validated; once more with the stock RDD.pipe
#     (--plain-pipe), whose output must hold the same lines;
#  5. zhmine ingest --processed OUT/part-*.jsonl -> index A
#     zhmine ingest ARTICLES.jsonl           -> index B
#     and compares search 买手直播, timeline --entity 小红书 and entities (all
#     --json, keys naming files dropped: A's articles are files stdin#ID, B's
#     the .jsonl path): they must be identical;
#  6. a bad line: the job completes, exits 1 and names the partition;
#  7. if bench-corpus/news-*/ exists (benches/corpus.sh) and --no-bench is not
#     given: the first N (default 2000) articles of it, the same comparison,
#     and wall times of the Spark job (2 partitions) vs one zhmine process.
#
# Exits 0 when everything matched, 1 on any difference, 2 when it cannot run.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
folder="$root/corpus"
bench=1
bench_n=2000
while [ $# -gt 0 ]; do
    case "$1" in
        --no-bench) bench=0; shift ;;
        --bench-articles) bench_n=$2; shift 2 ;;
        -h|--help) sed -n '2,28p' "$0"; exit 0 ;;
        -*) echo "spark-local.sh: unknown option $1" >&2; exit 2 ;;
        *) folder="$(cd "$1" && pwd)"; shift ;;
    esac
done

say() { printf '== %s\n' "$*" >&2; }
die() { printf 'spark-local.sh: %s\n' "$*" >&2; exit 2; }
now() { python3 -c 'import time; print(f"{time.monotonic():.3f}")'; }
secs() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$1" "$2"; }

# --- 1. Java and pyspark ------------------------------------------------------
if [ -z "${JAVA_HOME:-}" ]; then
    java_bin="$(command -v java || true)"
    [ -n "$java_bin" ] || die "no java on PATH and no JAVA_HOME (Spark 4 needs Java 17+: apt-get install -y openjdk-17-jre-headless)"
    JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$java_bin")")")"
    export JAVA_HOME
fi
"$JAVA_HOME/bin/java" -version 2>&1 | head -1 >&2

venv="${TMPDIR:-/tmp}/zhmine-spark-venv"
if [ ! -x "$venv/bin/python" ]; then
    say "creating $venv"
    python3 -m venv "$venv" || die "python3 -m venv failed (Debian: apt-get install -y python3-venv)"
fi
if ! "$venv/bin/python" -c 'import pyspark' 2>/dev/null; then
    say "pip install pyspark${PYSPARK_SPEC:-}"
    "$venv/bin/pip" install -q "pyspark${PYSPARK_SPEC:-}" || die "pip install pyspark failed"
fi
pyspark_version="$("$venv/bin/python" -c 'import pyspark; print(pyspark.__version__)')"
say "pyspark $pyspark_version"
export PYSPARK_PYTHON="$venv/bin/python" PYSPARK_DRIVER_PYTHON="$venv/bin/python"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"

# --- 2. zhmine ----------------------------------------------------------------
if [ -n "${ZHMINE_BIN:-}" ]; then
    zhmine="$(readlink -f "$ZHMINE_BIN")"
    say "using ZHMINE_BIN=$zhmine (no build)"
else
    say "cargo build --release"
    (cd "$root" && cargo build --release --quiet --bin zhmine) || die "cargo build --release failed"
    zhmine="${CARGO_TARGET_DIR:-$root/target}/release/zhmine"
fi
[ -x "$zhmine" ] || die "no binary at $zhmine"
unset ZHMINE_DATA

work="$(mktemp -d "${TMPDIR:-/tmp}/zhmine-spark.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# --- helpers --------------------------------------------------------------------
# to_jsonl FOLDER OUT [LIMIT]: corpus files -> JSON Lines articles.
to_jsonl() {
    python3 - "$@" <<'PY'
import json, os, sys
folder, out = sys.argv[1], sys.argv[2]
limit = int(sys.argv[3]) if len(sys.argv) > 3 else 0
files = []
for d, dirs, names in os.walk(folder):
    dirs.sort()
    files += [os.path.join(d, n) for n in sorted(names) if n.endswith((".txt", ".md"))]
n = skipped = 0
with open(out, "w", encoding="utf-8") as w:
    for path in files:
        if limit and n >= limit:
            break
        try:
            text = open(path, encoding="utf-8-sig").read()
        except UnicodeDecodeError:
            skipped += 1  # other encodings: zhmine ingest reads them, this converter does not
            continue
        stem = os.path.basename(path).rsplit(".", 1)[0]
        art = {"id": stem}
        if text.startswith("---\n"):
            end = text.find("\n---\n", 4)
            if end > 0:
                for line in text[4:end].splitlines():
                    k, sep, v = line.partition(":")
                    k, v = k.strip(), v.strip().strip("'\"")
                    if sep and k in ("id", "title", "published", "source", "author", "url") and v:
                        art[k] = v
                text = text[end + 5:]
        meta = os.path.join(os.path.dirname(path), stem + ".meta.json")
        if os.path.exists(meta):
            with open(meta, encoding="utf-8-sig") as m:
                for k, v in json.load(m).items():
                    if k in ("id", "title", "published", "source", "author", "url") and v is not None:
                        art[k] = v if k != "published" else str(v)
        art["text"] = text
        w.write(json.dumps(art, ensure_ascii=False) + "\n")
        n += 1
print(f"{n} articles -> {out}" + (f" ({skipped} files not UTF-8, skipped)" if skipped else ""), file=sys.stderr)
PY
}

# spark OUT_DIR INPUT [OPTIONS...]: run the job in local mode, log in OUT_DIR.log.
spark() {
    local out=$1 input=$2
    shift 2
    "$venv/bin/spark-submit" --master 'local[2]' \
        --conf spark.ui.enabled=false \
        --conf spark.driver.extraJavaOptions=-Dlog4j2.level=warn \
        "$root/scripts/spark_process.py" "$input" "$out" --zhmine "$zhmine" "$@" \
        >"$out.log" 2>&1
}

# json_of INDEX ARGS...: a read command's JSON, keys naming files removed.
json_of() {
    local index=$1
    shift
    "$zhmine" "$@" --json --index "$index" | python3 -c '
import json, sys
def strip(v):
    if isinstance(v, dict):
        return {k: strip(x) for k, x in v.items() if k not in ("file", "path")}
    if isinstance(v, list):
        return [strip(x) for x in v]
    return v
print(json.dumps(strip(json.load(sys.stdin)), ensure_ascii=False, indent=1, sort_keys=True))'
}

failures=0
# compare NAME JSONL OUT_DIR QUERY ENTITY: ingest both ways, compare.
compare() {
    local name=$1 jsonl=$2 out=$3 query=$4 entity=$5
    local via="$work/$name-via" direct="$work/$name-direct"
    "$zhmine" ingest --processed --index "$via" "$out"/part-*.jsonl >"$via.log" 2>&1 \
        || { cat "$via.log" >&2; die "ingest --processed failed"; }
    "$zhmine" ingest --index "$direct" "$jsonl" >"$direct.log" 2>&1 \
        || { cat "$direct.log" >&2; die "ingest of $jsonl failed"; }
    local what
    for what in "search:$query" "timeline:$entity" "entities:"; do
        local cmd=${what%%:*} arg=${what#*:} args
        case "$cmd" in
            search) args=(search "$arg" --limit 50) ;;
            timeline) args=(timeline --entity "$arg") ;;
            entities) args=(entities) ;;
        esac
        json_of "$via" "${args[@]}" >"$work/a.json"
        json_of "$direct" "${args[@]}" >"$work/b.json"
        local size
        size=$(wc -c <"$work/a.json")
        if cmp -s "$work/a.json" "$work/b.json"; then
            say "$name: ${args[*]}: identical ($size bytes of JSON)"
        else
            say "$name: ${args[*]}: DIFFERENT"
            diff "$work/a.json" "$work/b.json" | head -20 >&2 || true
            failures=$((failures + 1))
        fi
    done
}

# --- 3.-5. the bundled corpus (or FOLDER) ----------------------------------------
say "converting $folder"
to_jsonl "$folder" "$work/articles.jsonl"

say "Spark job: local[2], 2 partitions, --ship --validate"
t0=$(now)
spark "$work/out" "$work/articles.jsonl" --ship --partitions 2 --validate \
    || { cat "$work/out.log" >&2; die "the Spark job failed (log above)"; }
t1=$(now)
grep -h '^spark_process:\|^\[zhmine' "$work/out.log" >&2 || true
say "spark-submit wall time $(secs "$t0" "$t1") s; part files: $(cd "$work/out" && ls part-* | tr '\n' ' ')"

say "Spark job with the stock RDD.pipe (--plain-pipe)"
spark "$work/out-plain" "$work/articles.jsonl" --plain-pipe --partitions 2 \
    || { cat "$work/out-plain.log" >&2; die "the --plain-pipe job failed (log above)"; }
if cmp -s <(cat "$work/out"/part-* | sort) <(cat "$work/out-plain"/part-* | sort); then
    say "--plain-pipe output: the same lines"
else
    say "--plain-pipe output: DIFFERENT lines"
    failures=$((failures + 1))
fi

compare corpus "$work/articles.jsonl" "$work/out" 买手直播 小红书

# --- 6. a bad line ---------------------------------------------------------------
say "a bad line among good ones"
{ head -1 "$work/articles.jsonl"; echo '{not json}'; echo '{"id":"b","text":"抖音电商今年主推店播。"}'; } >"$work/bad.jsonl"
set +e
spark "$work/out-bad" "$work/bad.jsonl" --ship --partitions 1
code=$?
set -e
grep -h '^spark_process:\|^\[zhmine' "$work/out-bad.log" >&2 || true
if [ "$code" = 1 ] && grep -q 'partition 0>:2:' "$work/out-bad.log" \
    && [ "$(cat "$work/out-bad"/part-* | wc -l)" = 2 ]; then
    say "bad line: exit 1, reported as <partition 0>:2, the 2 good articles written"
else
    say "bad line: unexpected (exit $code)"
    failures=$((failures + 1))
fi
set +e
spark "$work/out-bad-v" "$work/bad.jsonl" --ship --validate
code=$?
set -e
if [ "$code" = 2 ] && grep -q 'input line 2: invalid JSON' "$work/out-bad-v.log" && [ ! -e "$work/out-bad-v" ]; then
    say "bad line with --validate: exit 2 before processing, input line 2 named"
else
    grep -h '^spark_process:' "$work/out-bad-v.log" >&2 || true
    say "bad line with --validate: unexpected (exit $code)"
    failures=$((failures + 1))
fi

# --- 7. the bench corpus -----------------------------------------------------------
bench_dir="$(ls -d "$root"/bench-corpus/news-*/ 2>/dev/null | head -1 || true)"
if [ "$bench" = 1 ] && [ -n "$bench_dir" ]; then
    say "bench: first $bench_n articles of $bench_dir"
    to_jsonl "$bench_dir" "$work/bench.jsonl" "$bench_n"
    mb=$(python3 -c "import os,sys; print(f'{os.path.getsize(sys.argv[1])/1e6:.1f}')" "$work/bench.jsonl")

    t0=$(now)
    "$zhmine" process --jsonl <"$work/bench.jsonl" >"$work/bench-one.jsonl"
    t1=$(now)
    one=$(secs "$t0" "$t1")

    t0=$(now)
    spark "$work/bench-out" "$work/bench.jsonl" --ship --partitions 2 \
        || { cat "$work/bench-out.log" >&2; die "the bench Spark job failed"; }
    t1=$(now)
    sp=$(secs "$t0" "$t1")
    job=$(grep -o 'in [0-9.]* s' "$work/bench-out.log" | tail -1 | tr -dc '0-9.')

    "$zhmine" ingest --processed --index "$work/bench-ref" "$work/bench-one.jsonl" >/dev/null 2>&1 || true
    if cmp -s <(sort "$work/bench-one.jsonl") <(cat "$work/bench-out"/part-* | sort); then
        say "bench: Spark output = one-process output (same lines)"
    else
        say "bench: Spark output differs from one zhmine process"
        failures=$((failures + 1))
    fi
    # The timeline of the platform or organization the most articles mention.
    top=$("$zhmine" entities --json --index "$work/bench-ref" 2>/dev/null | python3 -c '
import json, sys
es = [e for e in json.load(sys.stdin) if e["kind"] in ("platform", "organization")]
print(max(es, key=lambda e: e["docs"])["name"] if es else "小红书")' || echo 小红书)
    compare bench "$work/bench.jsonl" "$work/bench-out" 经济 "$top"
    say "bench: $bench_n articles, $mb MB of JSON Lines, $(nproc) cores"
    say "bench: zhmine process --jsonl, one process (rayon, all cores): $one s"
    say "bench: Spark local[2], 2 partitions (1 thread each): $sp s spark-submit wall, $job s job"
elif [ "$bench" = 1 ]; then
    say "bench: no bench-corpus/news-*/ (benches/corpus.sh builds it): skipped"
fi

if [ "$failures" -gt 0 ]; then
    say "FAILED: $failures difference(s)"
    exit 1
fi
say "OK: Spark-processed shards give the same index as a direct ingest"
