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
from specgen.lang.annotate import annotate
from specgen.paths import corpus_dir
from specgen.pdf.load import load_layout


def measure(path, repeat: int) -> tuple[int, float, float, float]:
    """Median seconds of the three stages: layout, extraction, ASTs + name resolution."""
    times: list[tuple[float, float, float]] = []
    pages = 0
    for _ in range(repeat):
        start = time.perf_counter()
        layout = load_layout(path)
        laid_out = time.perf_counter()
        ir = extract(layout)
        extracted = time.perf_counter()
        annotate(ir)
        end = time.perf_counter()
        times.append((laid_out - start, extracted - laid_out, end - extracted))
        pages = len(layout.pages)
    return (pages, *(statistics.median(t[i] for t in times) for i in range(3)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revisions", nargs="*", default=["1.0-rel0"])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    corpus = corpus_dir()
    if corpus is None:
        print("corpus not found: set $SPECGEN_CORPUS", file=sys.stderr)
        return 2
    print(f"{'input':32} {'pages':>5} {'layout s':>9} {'extract s':>9} {'lang s':>7} {'total s':>8} {'ms/page':>8}")
    for revision in args.revisions:
        for folder, suffix in (("pdf", "pdf"), ("text", "txt")):
            path = corpus / folder / f"DEN0137_{revision}.{suffix}"
            pages, layout_s, extract_s, lang_s = measure(path, args.repeat)
            total = layout_s + extract_s + lang_s
            print(f"{path.name:32} {pages:5d} {layout_s:9.3f} {extract_s:9.3f} {lang_s:7.3f} {total:8.3f} {1000 * total / pages:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
