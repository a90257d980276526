"""Benchmark: parse every condition of DEN0137 1.0-rel0 (from the bundled IR).

Run from the project root:  python benchmarks/lang.py [--revision 1.0-rel0] [--repeat 5]

Reports the one-off cost of building the LALR parsers, then the best-of-N time to parse all
failure/success condition cells (pre and post separately, prose falling back to Prose nodes),
footprint values and ordering statements with the cached parsers.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from specgen.lang import (  # noqa: E402
    LangSyntaxError,
    parse_expression,
    parse_expression_or_prose,
    parse_ordering,
)
from specgen.lang.grammars import parser  # noqa: E402
from specgen.api import load_ir  # noqa: E402


def _condition_texts(ir) -> list[str]:
    texts = []
    for command in ir.commands:
        for condition in command.failure_conditions + command.success_conditions:
            texts.extend(side for side in (condition.pre, condition.post) if side)
    return texts


def _parse_all(parse, texts) -> int:
    errors = 0
    for text in texts:
        try:
            parse(text)
        except LangSyntaxError:
            errors += 1
    return errors


def _best_of(repeat: int, parse, texts) -> tuple[float, int]:
    best, errors = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        errors = _parse_all(parse, texts)
        best = min(best, time.perf_counter() - start)
    return best, errors


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--revision", default="1.0-rel0")
    options.add_argument("--repeat", type=int, default=5)
    args = options.parse_args()

    ir = load_ir(args.revision)
    conditions = _condition_texts(ir)
    footprints = [item.value for c in ir.commands for item in c.footprint]
    orderings = [o.text for c in ir.commands for o in c.failure_ordering]

    start = time.perf_counter()
    for grammar in ("expr", "ordering", "pseudocode"):
        parser(grammar)
    build = time.perf_counter() - start

    rows = [
        ("condition cells", conditions, parse_expression_or_prose),
        ("footprint values", footprints, parse_expression),
        ("ordering statements", orderings, parse_ordering),
    ]
    print(f"DEN0137 {args.revision}: parser build (3 grammars, once per process) {build:.3f} s")
    for label, texts, parse in rows:
        seconds, errors = _best_of(args.repeat, parse, texts)
        per_item = 1e6 * seconds / max(len(texts), 1)
        print(
            f"  {label:<20} {len(texts):>5} parsed in {seconds * 1000:7.1f} ms "
            f"({per_item:5.0f} us each, best of {args.repeat}; {errors} syntax errors)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
