"""Measure extraction on every input of a DEN0137 corpus: the numbers closing notes quote.

For each text (``text/``) and each PDF (every ``pdf*/`` folder) of the corpus: whether
``extract --strict`` would pass (no error, no warning), the diagnostics per severity, the
share of conditions whose text parsed into an AST, and the truth accuracy that the corpus's
own ``tools/compare_truth.py`` gives against ``truth-v2`` (or ``truth``). It decides nothing
by file name: every file found is measured the same way, so a held-back revision dropped into
the corpus is measured with the same tool.

    python scripts/corpus_report.py [CORPUS] [--truth truth-v2] [--json FILE] [--only text]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from specgen.api import extract_file  # noqa: E402
from specgen.extract.ir import to_data  # noqa: E402
from tests.corpus.test_truth import accuracy, compare_with_truth  # noqa: E402


def inputs(corpus: Path, only: str | None) -> list[tuple[str, Path]]:
    """(kind, path) of every document in the corpus: kind is the folder name."""
    found = []
    for folder in sorted(p for p in corpus.iterdir() if p.is_dir()):
        if folder.name == "text" or folder.name.startswith("pdf"):
            if only and folder.name != only:
                continue
            found += [(folder.name, path) for path in sorted(folder.iterdir())
                      if path.suffix in (".txt", ".pdf")]
    return found


def conditions_parsed(data: dict) -> tuple[int, int]:
    """(parsed, total) over failure and success conditions: a condition counts as parsed when
    every expression it states (pre, post) has its AST."""
    parsed = total = 0
    for command in data["commands"]:
        for condition in command["failure_conditions"] + command["success_conditions"]:
            parts = [k for k in ("pre", "post") if condition.get(k)]
            total += 1
            parsed += all(condition.get(f"{k}_ast") is not None for k in parts)
    return parsed, total


def measure(path: Path, corpus: Path, truth: str) -> dict:
    started = time.perf_counter()
    ir = extract_file(path)
    seconds = time.perf_counter() - started
    data = to_data(ir)
    severities = Counter(d["severity"] for d in data["diagnostics"])
    parsed, total = conditions_parsed(data)
    row = {"input": str(path), "revision": data["document"].get("version"), "seconds": round(seconds, 1),
           "commands": len(data["commands"]), "functions": len(data["functions"]), "types": len(data["types"]),
           "diagnostics": dict(sorted(severities.items())),
           "strict_clean": not (severities["error"] or severities["warning"]),
           "conditions_parsed": [parsed, total]}
    if (corpus / truth / f"{row['revision']}.json").exists():
        facts, missing, extra = compare_with_truth(corpus, truth, row["revision"], data)
        row["truth"] = {"facts": len(facts), "missing": len(missing), "extra": len(extra),
                        "accuracy": round(accuracy(facts, missing), 2)}
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=ROOT.parent / "shared" / "specs")
    parser.add_argument("--truth", default="truth-v2", help="truth folder of the corpus (default truth-v2)")
    parser.add_argument("--only", help="measure only this folder (text, pdf, pdf-r2, …)")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON")
    args = parser.parse_args(argv)
    rows = []
    print(f"{'input':34} {'cmds':>4} {'fns':>4} {'types':>5} {'err':>3} {'warn':>4} {'info':>4} "
          f"{'strict':>6} {'conds parsed':>13} {'truth':>8} {'s':>6}")
    for kind, path in inputs(args.corpus, args.only):
        row = measure(path, args.corpus, args.truth)
        rows.append(row)
        d = row["diagnostics"]
        parsed, total = row["conditions_parsed"]
        truth = f"{row['truth']['accuracy']:.2f}%" if "truth" in row else "-"
        print(f"{kind + '/' + path.name:34} {row['commands']:4} {row['functions']:4} {row['types']:5} "
              f"{d.get('error', 0):3} {d.get('warning', 0):4} {d.get('info', 0):4} "
              f"{'yes' if row['strict_clean'] else 'NO':>6} {parsed:6}/{total:<6} {truth:>8} {row['seconds']:6}",
              flush=True)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
