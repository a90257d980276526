"""Extraction speed: seconds per page and in total, PDF and text, per stage.

usage: python benchmarks/extract.py [REVISION ...] [--repeat N]
Needs the corpus (../shared/specs or $SPECGEN_CORPUS). Default revision: 1.0-rel0.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from specgen.extract.pipeline import extract
from specgen.paths import corpus_dir
from specgen.pdf.load import load_layout


def measure(path, repeat: int) -> tuple[int, float, float]:
    layout_times, extract_times = [], []
    pages = 0
    for _ in range(repeat):
        start = time.perf_counter()
        layout = load_layout(path)
        middle = time.perf_counter()
        extract(layout)
        end = time.perf_counter()
        layout_times.append(middle - start)
        extract_times.append(end - middle)
        pages = len(layout.pages)
    return pages, statistics.median(layout_times), statistics.median(extract_times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revisions", nargs="*", default=["1.0-rel0"])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    corpus = corpus_dir()
    if corpus is None:
        print("corpus not found: set $SPECGEN_CORPUS", file=sys.stderr)
        return 2
    print(f"{'input':32} {'pages':>5} {'layout s':>9} {'extract s':>9} {'total s':>8} {'ms/page':>8}")
    for revision in args.revisions:
        for folder, suffix in (("pdf", "pdf"), ("text", "txt")):
            path = corpus / folder / f"DEN0137_{revision}.{suffix}"
            pages, layout_s, extract_s = measure(path, args.repeat)
            total = layout_s + extract_s
            print(f"{path.name:32} {pages:5d} {layout_s:9.3f} {extract_s:9.3f} {total:8.3f} {1000 * total / pages:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
