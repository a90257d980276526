"""Benchmark: parse every condition of DEN0137 1.0-rel0 (from the corpus truth file).

Run from the project root:  python benchmarks/lang.py [--revision 1.0-rel0] [--repeat 5]

Reports the one-off cost of building the LALR parsers, then the best-of-N time to parse all
failure/success condition cells (pre and post separately, prose falling back to Prose nodes),
footprint values and ordering statements with the cached parsers.
"""

from __future__ import annotations

import argparse
import json
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
from specgen.paths import corpus_dir  # noqa: E402


def _condition_texts(truth: dict) -> list[str]:
    texts = []
    for command in truth["commands"]:
        for kind in ("failure_conditions", "success_conditions"):
            for condition in command[kind]:
                texts.extend(condition[side] for side in ("pre", "post") if condition[side])
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

    corpus = corpus_dir()
    if corpus is None:
        print("DEN0137 corpus not found: set $SPECGEN_CORPUS or place it at ../shared/specs")
        return 2
    truth = json.loads((corpus / "truth" / f"{args.revision}.json").read_text(encoding="utf-8"))
    conditions = _condition_texts(truth)
    footprints = [item["value"] for c in truth["commands"] for item in c["footprint"]]
    orderings = [text for c in truth["commands"] for text in c["failure_ordering"]]

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
