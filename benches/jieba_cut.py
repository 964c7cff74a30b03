#!/usr/bin/env python3
"""Baseline for benches/run.sh: Python jieba `lcut` (HMM on, the default) over a corpus.

Usage: python jieba_cut.py CORPUS_DIR

Reads every *.txt under CORPUS_DIR (sorted, one at a time), drops `---` front matter,
and segments the body with jieba.lcut on one thread. Prints one JSON object:
files, file_bytes (whole files, what the zhmine rows divide by), text_bytes (the text
actually segmented), tokens, init_s (dictionary load), cut_s (time inside lcut only),
total_s (whole script after imports), cut_mb_s = text_bytes / cut_s / 1e6.
The whole-command wall time is measured by run.sh around this script.
"""
import json, os, sys, time

t0 = time.perf_counter()
import jieba  # noqa: E402

jieba.setLogLevel(60)


def body(text):
    if text.startswith('---\n'):
        end = text.find('\n---\n', 4)
        if end != -1:
            return text[end + 5:]
    return text


def main(root):
    paths = []
    for d, _, fs in os.walk(root):
        paths.extend(os.path.join(d, f) for f in fs if f.endswith('.txt'))
    paths.sort()
    t_init = time.perf_counter()
    jieba.initialize()
    init_s = time.perf_counter() - t_init
    file_bytes = text_bytes = tokens = 0
    cut_s = 0.0
    for p in paths:
        with open(p, 'rb') as fh:
            raw = fh.read()
        file_bytes += len(raw)
        text = body(raw.decode('utf-8'))
        text_bytes += len(text.encode('utf-8'))
        t = time.perf_counter()
        toks = jieba.lcut(text)
        cut_s += time.perf_counter() - t
        tokens += len(toks)
    total_s = time.perf_counter() - t0
    print(json.dumps({
        'jieba': jieba.__version__, 'files': len(paths), 'file_bytes': file_bytes,
        'text_bytes': text_bytes, 'tokens': tokens, 'init_s': round(init_s, 3),
        'cut_s': round(cut_s, 3), 'total_s': round(total_s, 3),
        'cut_mb_s': round(text_bytes / cut_s / 1e6, 3) if cut_s else None,
    }))


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
