"""Benchmark: rendering the Python model target, per bundled revision and per stage.

Run from the project root:  python benchmarks/generate.py [REVISION ...] [--repeat 3]

Stages (median CPU seconds of ``--repeat`` runs, so that other processes on the machine
count less): ``build`` = the model view (translation of conditions and function bodies into
syntax trees), ``render`` = the whole ``python_model.render`` (build, printing the modules,
black). The reference ``ref`` is a fixed workload measured in the same run next to each row
(parsing and compiling the standard library's ``argparse.py`` 20 times): compare
``render/ref`` across runs.
"""

from __future__ import annotations

import argparse
import ast
import inspect
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from specgen.api import bundled_versions, load_ir  # noqa: E402
from specgen.generate.python_model import build_model, render  # noqa: E402


def reference() -> None:
    source = inspect.getsource(argparse)
    for _ in range(20):
        compile(ast.parse(source), "argparse.py", "exec")


def median_seconds(repeat: int, work) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
    return statistics.median(times)


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("revisions", nargs="*", help="bundled revisions (default: all)")
    options.add_argument("--repeat", type=int, default=3)
    args = options.parse_args()
    revisions = args.revisions or bundled_versions()
    print(f"{'revision':12} {'ref s':>6} {'build s':>8} {'render s':>9} {'render/ref':>10} {'commands.py lines':>18}")
    for revision in revisions:
        ir = load_ir(revision)
        ref = median_seconds(args.repeat, reference)  # next to each row: the load changes
        build = median_seconds(args.repeat, lambda: build_model(ir))
        whole = median_seconds(args.repeat, lambda: render(ir))
        files = render(ir).files
        lines = sum(text.count("\n") for path, text in files.items() if path.endswith("/commands.py"))
        print(f"{revision:12} {ref:6.3f} {build:8.3f} {whole:9.3f} {whole / ref:10.2f} {lines:18d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
