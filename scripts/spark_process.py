#!/usr/bin/env python3
"""Run `zhmine process --jsonl` over JSON Lines articles with Spark.

    spark-submit [--master ...] scripts/spark_process.py INPUT OUT_DIR \
        --zhmine /path/to/zhmine [--ship] [--partitions N] [--validate]

INPUT    JSON Lines articles (keys id, title, text|content, published, source,
         author, url), any path or glob Spark's textFile reads: a file, a
         folder, file:///..., hdfs://..., s3a://...; .gz files are read too.
OUT_DIR  a new folder (Spark refuses to overwrite one) that receives
         part-00000.jsonl, part-00001.jsonl, ...: each a `process --jsonl`
         output, so `zhmine ingest --processed OUT_DIR/part-*.jsonl` merges
         them into one index. (Spark writes part-00000; the script renames
         them, since zhmine picks its inputs by extension.)

What runs where: the driver only plans; each task (one per partition) starts
one `zhmine process --jsonl` on its executor, feeds it the partition's lines
on stdin and writes what it prints to its part file. zhmine's stderr (bad
lines, as `zhmine: <stdin>: line N: reason`, N counted within the partition) goes to
the executor's stderr log, prefixed here with the partition number; the
driver prints how many lines were rejected and the first few reasons.

Options:
  --zhmine PATH     the zhmine binary. Without --ship it must exist at PATH on
                    every executor (installed there, or on a shared mount).
  --ship            ship the binary from the driver: SparkContext.addFile(PATH),
                    and each task runs SparkFiles.get(basename(PATH)). Also
                    works with `spark-submit --files PATH` (not added twice).
                    The binary must run on the executors' OS and CPU (build it
                    there, or build a static one: --target x86_64-unknown-linux-musl).
  --partitions N    exactly N partitions, so N zhmine processes and N part
                    files (default: as Spark splits the input).
  --threads T       worker threads of each zhmine (RAYON_NUM_THREADS; default:
                    spark.task.cpus, 1 unless configured).
  --env KEY=VALUE   set in zhmine's environment (repeatable), e.g.
                    ZHMINE_DATA=/shared/zhmine-data: executors must use the
                    same data files as the machine that ingests.
  --validate        first check every line in Python (a JSON object, an id,
                    a non-empty text or content, ids unique) and stop with
                    exit 2 before processing when any line fails.
  --strict          a partition with a bad line fails its task (Spark retries
                    it, then fails the job; no output is committed).
                    Default: bad lines are skipped and reported, the job
                    completes, and this script exits 1 (as zhmine does).
  --keep-names      leave Spark's part-NNNNN names and empty part files
                    (rename them and drop the empty ones before ingesting).
  --plain-pipe      use the stock RDD.pipe(cmd, env, checkCode=True) instead
                    of this script's pipe (no --ship; any nonzero exit,
                    bad lines included, fails the task; stderr unprefixed).

Exit status: 0 every line processed; 1 done, but some lines rejected (their
reasons are in the executor logs; the first few are printed here); 2 usage
error, failed validation or failed job.
"""

import argparse
import json
import os
import shlex
import subprocess
import sys
import threading
import time

MAX_REPORTED = 20


def parse_args(argv):
    p = argparse.ArgumentParser(
        description="zhmine process --jsonl on Spark",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__,
    )
    p.add_argument("input")
    p.add_argument("out_dir")
    p.add_argument("--zhmine", required=True)
    p.add_argument("--ship", action="store_true")
    p.add_argument("--partitions", type=int, default=0)
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--env", action="append", default=[], metavar="KEY=VALUE")
    p.add_argument("--validate", action="store_true")
    p.add_argument("--strict", action="store_true")
    p.add_argument("--plain-pipe", action="store_true")
    p.add_argument("--keep-names", action="store_true")
    a = p.parse_args(argv)
    if a.partitions < 0 or a.threads < 0:
        p.error("--partitions and --threads take a positive number")
    for kv in a.env:
        if "=" not in kv:
            p.error(f"--env {kv}: expected KEY=VALUE")
    if a.plain_pipe and a.ship:
        p.error("--plain-pipe runs a fixed path: it cannot be combined with --ship")
    return a


def check_line(line):
    """The reason a JSON Lines article line would be rejected, or None.

    Stricter than zhmine on one point: an id is required, because without one
    zhmine names the article after a hash of its line (stdin-HASH), so an
    edited line becomes a new article instead of replacing the old one."""
    if not line.strip():
        return None
    try:
        obj = json.loads(line)
    except ValueError as e:
        return f"invalid JSON: {e}"
    if not isinstance(obj, dict):
        return "not a JSON object"
    i = obj.get("id")
    if isinstance(i, bool) or not isinstance(i, (str, int, float)) or str(i) == "":
        return "no id (a string or a number is required on Spark)"
    text = obj.get("text", obj.get("content"))
    if not isinstance(text, str) or not text.strip():
        return "no text (or content)"
    return None


def line_id(line):
    try:
        obj = json.loads(line)
        return str(obj.get("id")) if isinstance(obj, dict) else None
    except ValueError:
        return None


def validate(sc, input_path, partitions):
    """Check every line; print the problems; return True when all are fine."""
    rdd = sc.textFile(input_path, partitions or None)
    bad = (
        rdd.zipWithIndex()
        .map(lambda li: (li[1] + 1, check_line(li[0]), li[0][:80]))
        .filter(lambda t: t[1] is not None)
    )
    n_bad = bad.count()
    for n, reason, head in bad.take(MAX_REPORTED):
        print(f"spark_process: input line {n}: {reason}: {head}", file=sys.stderr)
    dups = (
        rdd.filter(lambda l: l.strip())
        .map(lambda l: (line_id(l), 1))
        .filter(lambda kv: kv[0] is not None)
        .reduceByKey(lambda a, b: a + b)
        .filter(lambda kv: kv[1] > 1)
    )
    n_dup = dups.count()
    for i, c in dups.take(MAX_REPORTED):
        print(f"spark_process: id {i!r} occurs {c} times", file=sys.stderr)
    if n_bad or n_dup:
        print(
            f"spark_process: validation failed: {n_bad} bad lines, {n_dup} duplicate ids"
            " (input line numbers count across all input files in path order)",
            file=sys.stderr,
        )
        return False
    return True


def make_pipe(binary, shipped, env, strict, bad_count, bad_reasons):
    """The function each task runs on its partition: one zhmine process."""

    def run(index, lines):
        from pyspark import SparkFiles

        path = SparkFiles.get(binary) if shipped else binary
        if shipped and not os.access(path, os.X_OK):
            os.chmod(path, 0o755)
        proc = subprocess.Popen(
            [path, "process", "--jsonl"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        feed_error = []

        def feed():
            try:
                for line in lines:
                    proc.stdin.write(line.rstrip("\n").encode("utf-8") + b"\n")
                proc.stdin.close()
            except BaseException as e:  # BrokenPipe when zhmine died
                feed_error.append(e)
                try:
                    proc.stdin.close()
                except OSError:
                    pass

        reasons = []
        rejected = [0]

        def drain_stderr():
            for raw in proc.stderr:
                msg = raw.decode("utf-8", "replace").rstrip("\n")
                if msg.startswith("zhmine: <stdin>:"):
                    # A bad line: `zhmine: <stdin>: line N: reason`, N within the
                    # partition; name the partition too.
                    rejected[0] += 1
                    msg = msg.replace("<stdin>:", f"<partition {index}>:", 1)
                sys.stderr.write(f"[zhmine partition {index}] {msg}\n")
                sys.stderr.flush()
                if len(reasons) < MAX_REPORTED:
                    reasons.append(msg)

        feeder = threading.Thread(target=feed, daemon=True)
        errs = threading.Thread(target=drain_stderr, daemon=True)
        feeder.start()
        errs.start()
        for raw in proc.stdout:
            yield raw.rstrip(b"\n").decode("utf-8")
        code = proc.wait()
        feeder.join()
        errs.join()
        if code == 1 and not strict and not feed_error:
            # Completed; some lines rejected (each reported on stderr).
            bad_count.add(max(rejected[0], 1))
            bad_reasons.add(reasons)
            return
        if code != 0 or feed_error:
            detail = "; ".join(reasons[-3:])
            if feed_error:
                detail += f" (feeding its stdin: {feed_error[0]!r})"
            raise RuntimeError(
                f"zhmine process --jsonl on partition {index} exited with {code}: {detail}"
            )

    return run


def rename_parts(sc, out_dir):
    """part-00000 -> part-00000.jsonl, on whatever filesystem OUT_DIR is
    (Hadoop's FileSystem API: local, HDFS, S3): `zhmine ingest` reads a file
    by its extension, and --processed inputs must end in .jsonl. Empty part
    files (empty partitions) are deleted: ingest counts a file without any
    article as failed. Returns (part files kept, empty ones deleted)."""
    jvm = sc._jvm
    path = jvm.org.apache.hadoop.fs.Path(out_dir)
    fs = path.getFileSystem(sc._jsc.hadoopConfiguration())
    kept = empty = 0
    for st in fs.listStatus(path):
        p = st.getPath()
        name = p.getName()
        if name.startswith("part-") and st.getLen() == 0:
            fs.delete(p, False)
            empty += 1
        elif name.startswith("part-") and not name.endswith(".jsonl"):
            kept += 1
            if not fs.rename(p, jvm.org.apache.hadoop.fs.Path(path, name + ".jsonl")):
                raise RuntimeError(f"cannot rename {p.toString()}")
        elif name.startswith("part-"):
            kept += 1
        elif name.startswith(".part-") and name.endswith(".crc"):
            fs.delete(p, False)  # checksums of the old names
    return kept, empty


def main(argv):
    a = parse_args(argv)
    from pyspark import SparkConf, SparkContext
    from pyspark.accumulators import AccumulatorParam

    class ListParam(AccumulatorParam):
        def zero(self, v):
            return []

        def addInPlace(self, x, y):
            return (x + y)[:MAX_REPORTED]

    sc = SparkContext.getOrCreate(SparkConf().setAppName("zhmine-process"))
    binary = a.zhmine
    if a.ship:
        if not os.path.isfile(a.zhmine):
            print(f"spark_process: --ship: no file {a.zhmine} on the driver", file=sys.stderr)
            return 2
        name = os.path.basename(a.zhmine)
        listed = sc.getConf().get("spark.files", "") or ""
        if not any(os.path.basename(f) == name for f in listed.split(",") if f):
            sc.addFile(os.path.abspath(a.zhmine))
        binary = name

    threads = a.threads or int(sc.getConf().get("spark.task.cpus", "1"))
    # A small explicit environment: PATH for nothing in particular, rayon's
    # pool sized to the task's cores (Spark runs one task per core).
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "RAYON_NUM_THREADS": str(threads)}
    env.update(kv.split("=", 1) for kv in a.env)

    if a.validate and not validate(sc, a.input, a.partitions):
        return 2

    rdd = sc.textFile(a.input, a.partitions or None)
    if a.partitions:
        have = rdd.getNumPartitions()
        if have > a.partitions:
            rdd = rdd.coalesce(a.partitions)  # keeps line order, no shuffle
        elif have < a.partitions:
            rdd = rdd.repartition(a.partitions)  # e.g. one .gz file: one split

    bad_count = sc.accumulator(0)
    bad_reasons = sc.accumulator([], ListParam())
    t0 = time.monotonic()
    try:
        if a.plain_pipe:
            cmd = " ".join(shlex.quote(x) for x in [a.zhmine, "process", "--jsonl"])
            out = rdd.pipe(cmd, env=env, checkCode=True)
        else:
            out = rdd.mapPartitionsWithIndex(
                make_pipe(binary, a.ship, env, a.strict, bad_count, bad_reasons)
            )
        out.saveAsTextFile(a.out_dir)
        _, empty = (0, 0) if a.keep_names else rename_parts(sc, a.out_dir)
    except Exception as e:  # Py4JJavaError and friends: the job failed
        msg = str(e).strip().splitlines()
        print(f"spark_process: job failed: {msg[0] if msg else e}", file=sys.stderr)
        for line in msg:
            line = line.strip()
            if line.startswith("RuntimeError: zhmine") or "PIPE_FUNCTION_EXITED" in line:
                print(f"spark_process:   {line}", file=sys.stderr)
                break
        return 2
    elapsed = time.monotonic() - t0
    parts = rdd.getNumPartitions()
    print(
        f"spark_process: {parts} partitions -> {a.out_dir}/part-*.jsonl in {elapsed:.2f} s"
        + (f" ({empty} empty part files deleted)" if empty else ""),
        file=sys.stderr,
    )
    if bad_count.value:
        print(
            f"spark_process: {bad_count.value} lines rejected (see the executor logs;"
            " counts may be higher where tasks were retried); first reasons:",
            file=sys.stderr,
        )
        for r in bad_reasons.value:
            print(f"spark_process:   {r}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
