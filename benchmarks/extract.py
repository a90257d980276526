"""Extraction speed: PDF -> IR as a ratio to a bare pdfplumber ``extract_words()`` pass.

usage: python benchmarks/extract.py [PDF ...] [--repeat N]
Default PDF: pdf/DEN0137_1.0-rel0.pdf of the corpus (../shared/specs or $SPECGEN_CORPUS);
a path or a path relative to the corpus.

Why a ratio: the machine is shared and its speed varies from minute to minute, so absolute
seconds say little; the reference (the cheapest reading of every word any PDF tool does) is
measured in the same run, alternating with the measured runs, and medians are compared.
Measured: the whole PDF -> IR (layout, structure, extraction, ASTs and name resolution) on
one process (``SPECGEN_WORKERS=1``) and on every CPU this process may use (the default),
and, for the default, the layout stage alone.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import pdfplumber

from specgen.extract.pipeline import extract
from specgen.lang.annotate import annotate
from specgen.paths import corpus_dir
from specgen.pdf.load import load_layout


def bare_words(path: Path) -> int:
    """The reference: every page's ``extract_words()``, nothing else."""
    count = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            count += len(page.extract_words())
            page.close()
    return count


def to_ir(path: Path, workers: int | None) -> tuple[float, float]:
    """Seconds for the layout stage and for the whole PDF -> IR."""
    previous = os.environ.get("SPECGEN_WORKERS")
    if workers is not None:
        os.environ["SPECGEN_WORKERS"] = str(workers)
    try:
        start = time.perf_counter()
        layout = load_layout(path)
        laid_out = time.perf_counter()
        annotate(extract(layout))
        return laid_out - start, time.perf_counter() - start
    finally:
        if workers is not None:
            if previous is None:
                os.environ.pop("SPECGEN_WORKERS", None)
            else:
                os.environ["SPECGEN_WORKERS"] = previous


def measure(path: Path, repeat: int) -> dict[str, float]:
    """Medians over ``repeat`` rounds; each round runs the reference and both measured
    variants one after the other, so that a slow minute hits all of them."""
    runs: dict[str, list[float]] = {"words": [], "ir_1": [], "ir_all": [], "layout_all": []}
    for _ in range(repeat):
        start = time.perf_counter()
        bare_words(path)
        runs["words"].append(time.perf_counter() - start)
        runs["ir_1"].append(to_ir(path, 1)[1])
        layout, whole = to_ir(path, None)
        runs["layout_all"].append(layout)
        runs["ir_all"].append(whole)
    return {name: statistics.median(values) for name, values in runs.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", default=["pdf/DEN0137_1.0-rel0.pdf"])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    corpus = corpus_dir()
    cpus = len(os.sched_getaffinity(0))
    print(f"{'PDF':28} {'pages':>5} {'words s':>8} {'IR 1 cpu s':>10} {'ratio':>6} "
          f"{f'IR {cpus} cpu s':>10} {'ratio':>6} {'layout s':>8}")
    for name in args.pdfs:
        path = Path(name)
        if not path.is_file():
            if corpus is None:
                print(f"{name}: not found and no corpus (set $SPECGEN_CORPUS)", file=sys.stderr)
                return 2
            path = corpus / name
        with pdfplumber.open(path) as pdf:
            pages = len(pdf.pages)
        m = measure(path, args.repeat)
        print(f"{path.name:28} {pages:5d} {m['words']:8.2f} {m['ir_1']:10.2f} {m['ir_1'] / m['words']:6.2f} "
              f"{m['ir_all']:10.2f} {m['ir_all'] / m['words']:6.2f} {m['layout_all']:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
