"""Write docs/lint-review.md: what ``specgen lint`` finds in each corpus revision, checked.

Run from the project root (needs the corpus, ../shared/specs or $SPECGEN_CORPUS):

    python scripts/lint_review.py                # lint every bundled revision, write the review
    python scripts/lint_review.py --skeleton     # also add empty entries for unreviewed samples

For each revision (the bundled IR, generated/<version>/ir.json): the findings per rule, the
time (wall and CPU, ``--jobs`` workers, with the machine's load), the commands with a
dangling output and the footprint gaps; two examples of every rule; and a precision sample
of 20 findings drawn with a fixed seed. Every example and sampled finding is shown at its
place in the corpus text (``text/DEN0137_<rev>.txt``, page and line of that file, quoted),
with the reviewer's verdict — real defect, acceptable, false alarm — and reason, read from
``docs/lint-verdicts.json`` (keyed by revision and fingerprint, so verdicts survive a
re-run that finds the same findings). A sampled finding without a verdict is listed as
UNREVIEWED and the script exits 1.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED = 15
SAMPLE = 20
EXAMPLES = 2
VERDICTS = ("real defect", "acceptable", "false alarm")
#: Revisions examples are taken from first (the released ones, then the newest alpha).
EXAMPLE_ORDER = ("1.0-rel0", "1.0-eac5", "1.1-alp12", "1.1-alp11")


def cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class Corpus:
    """The corpus text of a revision: pages, and the text IR for locations in that file."""

    def __init__(self, root: Path, version: str):
        from specgen.api import extract_file

        self.path = root / "text" / f"DEN0137_{version}.txt"
        self.relative = f"text/DEN0137_{version}.txt"
        self.pages = self.path.read_text(encoding="utf-8").split("\f")
        self.ir = extract_file(self.path)
        self.offsets = []
        line = 0
        for page in self.pages:
            self.offsets.append(line)
            line += page.count("\n")

    def location(self, finding, static_by_fingerprint):
        """The finding's place in the text file: the same finding in a static lint of the
        text IR, else the element it names (condition, footprint item, output, member)."""
        same = static_by_fingerprint.get(finding.fingerprint)
        if same is not None and same.loc is not None:
            return same.loc
        command = next((c for c in self.ir.commands if c.name == finding.entity), None)
        if command is not None:
            rows = command.failure_conditions + command.success_conditions + command.footprint
            for condition in finding.conditions:
                row = next((r for r in rows if r.id == condition), None)
                if row is not None:
                    return row.loc
            row = next((r for r in command.outputs if r.name == finding.subject), None)
            return row.loc if row is not None else command.loc
        type_def = next((t for t in self.ir.types if t.name == finding.entity), None)
        return type_def.loc if type_def is not None else None

    def quote(self, loc, lines: int = 3) -> str:
        if loc is None or not 1 <= loc.page <= len(self.pages):
            return "(no location in the text)"
        page = self.pages[loc.page - 1].split("\n")
        start = max(loc.line - 1, 0)
        return "\n".join(line.rstrip() for line in page[start : start + lines])

    def where(self, loc) -> str:
        if loc is None:
            return "(no location)"
        absolute = self.offsets[loc.page - 1] + loc.line if 1 <= loc.page <= len(self.offsets) else "?"
        section = f", section {loc.section}" if loc.section else ""
        return f"{self.relative} page {loc.page}, line {loc.line} (file line {absolute}){section}"


def short(text: str, limit: int = 400) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def verdict_of(verdicts: dict, version: str, finding) -> dict | None:
    return verdicts.get(f"{version}/{finding.fingerprint}")


def finding_block(finding, version, corpus, static, verdicts, lines: list[str]) -> bool:
    """Append the Markdown for one finding; False when it has no verdict."""
    loc = corpus.location(finding, static)
    entry = verdict_of(verdicts, version, finding)
    ids = f" ({', '.join(finding.conditions)})" if finding.conditions else ""
    lines.append(f"- **{finding.rule}** [{finding.confidence.value}] {finding.entity}{ids}: {short(finding.message)}")
    lines.append(f"  - where: {corpus.where(loc)}")
    quoted = corpus.quote(loc).replace("`", "'")
    lines.append("  - text:")
    lines.append("")
    lines.append("    ```")
    lines.extend(f"    {line}" for line in quoted.split("\n"))
    lines.append("    ```")
    lines.append("")
    if finding.witness is not None:
        lines.append(f"  - witness: {short(finding.witness.describe(), 300)}")
    if finding.evidence:
        lines.append(f"  - evidence: {short(finding.evidence, 200)}")
    if entry is None:
        lines.append("  - verdict: **UNREVIEWED**")
        return False
    lines.append(f"  - verdict: **{entry['verdict']}** — {entry['reason']}")
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--revisions", nargs="*")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--verdicts", type=Path, default=ROOT / "docs" / "lint-verdicts.json")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "lint-review.md")
    parser.add_argument("--skeleton", action="store_true", help="add empty verdict entries for unreviewed findings")
    args = parser.parse_args()

    from specgen.api import bundled_versions, load_ir
    from specgen.lint import lint
    from specgen.paths import corpus_dir

    corpus_root = corpus_dir()
    if corpus_root is None:
        sys.exit("the corpus is needed (../shared/specs or $SPECGEN_CORPUS)")
    verdicts = json.loads(args.verdicts.read_text(encoding="utf-8")) if args.verdicts.is_file() else {}
    versions = args.revisions or bundled_versions()
    runs = {}
    for version in versions:
        ir = load_ir(version)
        started, used = time.perf_counter(), cpu()
        load = os.getloadavg()[0]
        report = lint(ir, version, jobs=args.jobs)
        runs[version] = (report, time.perf_counter() - started, cpu() - used, load)
        print(f"{version}: {len(report.findings)} findings in {runs[version][1]:.1f} s", file=sys.stderr)
    corpora = {v: Corpus(corpus_root, v) for v in versions}
    statics = {
        v: {f.fingerprint: f for f in lint(corpora[v].ir, corpora[v].relative, search=False).findings} for v in versions
    }

    lines = ["# What `specgen lint` finds in the corpus revisions", ""]
    lines += [
        f"Written by `python scripts/lint_review.py` (seed {SEED}, {SAMPLE} findings per revision, "
        f"`--jobs {args.jobs}`); verdicts from `docs/lint-verdicts.json`. Lint ran on the bundled IRs "
        "(`generated/<version>/ir.json`, extracted from the facsimile PDFs); every location below is the "
        "same element in the corpus text (`../shared/specs/text/DEN0137_<rev>.txt`, page and line within the "
        "page, and the line of the file), quoted from that file.",
        "",
        "## Findings per rule",
        "",
    ]
    rules = list(runs[versions[0]][0].rules)
    lines.append("| rule | " + " | ".join(versions) + " |")
    lines.append("|---|" + "---:|" * len(versions))
    for rule_id in rules:
        lines.append(f"| `{rule_id}` | " + " | ".join(str(runs[v][0].counts().get(rule_id, 0)) for v in versions) + " |")
    lines.append("| **all** | " + " | ".join(str(len(runs[v][0].findings)) for v in versions) + " |")
    lines.append("")
    lines.append("By confidence: " + "; ".join(
        f"{v} " + ", ".join(f"{n} {c}" for c, n in sorted(Counter(f.confidence.value for f in runs[v][0].findings).items()))
        for v in versions) + ".")
    lines += ["", "## Time per revision", ""]
    lines.append("| revision | wall (s) | CPU (s, all processes) | jobs | model evaluations | load average at start |")
    lines.append("|---|---:|---:|---:|---:|---:|")
    for v in versions:
        report, wall, used, load = runs[v]
        lines.append(f"| {v} | {wall:.1f} | {used:.1f} | {report.jobs} | {report.evaluations} | {load:.1f} |")
    lines += ["", "The machine has 2 cores shared with other work; the load average says how much of them lint had.", ""]

    for v in versions:
        if not v.startswith("1.0"):
            continue
        report = runs[v][0]
        lines += [f"## {v}: dangling outputs and footprint gaps", ""]
        dangling: dict[str, list[str]] = {}
        for f in report.findings:
            if f.rule == "dangling-output":
                dangling.setdefault(f.entity, []).append(f.subject)
        lines.append(f"Commands with a dangling output ({len(dangling)}):")
        lines.append("")
        for command, outputs in dangling.items():
            lines.append(f"- {command}: {', '.join(outputs)}")
        gaps = [f for f in report.findings if f.rule == "footprint-gap"]
        lines += ["", f"Footprint gaps ({len(gaps)}):", ""]
        for f in gaps:
            loc = corpora[v].location(f, statics[v])
            lines.append(f"- {f.entity} {', '.join(f.conditions)}: writes {f.subject} [{f.confidence.value}] — "
                         f"{corpora[v].where(loc)}")
        lines.append("")

    missing = 0
    lines += ["## Two examples of every rule", ""]
    for rule_id in rules:
        lines += [f"### `{rule_id}`", ""]
        chosen = []
        for v in EXAMPLE_ORDER:
            if v not in runs:
                continue
            for f in runs[v][0].findings:
                if f.rule == rule_id and len(chosen) < EXAMPLES and all(f.entity != c.entity for _v, c in chosen):
                    chosen.append((v, f))
        if not chosen:
            lines += ["No finding in any corpus revision (the rule is shown to fire on planted defects in "
                      "`tests/unit/test_lint*.py`).", ""]
            continue
        for v, f in chosen:
            lines.append(f"{v}:")
            lines.append("")
            if not finding_block(f, v, corpora[v], statics[v], verdicts, lines):
                missing += 1
                if args.skeleton:
                    verdicts.setdefault(f"{v}/{f.fingerprint}", {"verdict": "", "reason": "", "finding": short(f.message, 160)})
            lines.append("")

    lines += ["## Precision: 20 findings per revision, drawn at random (fixed seed)", ""]
    tallies = {}
    for v in versions:
        findings = list(runs[v][0].findings)
        sample = random.Random(SEED).sample(findings, min(SAMPLE, len(findings)))
        lines += [f"### {v}", ""]
        tally = Counter()
        for f in sample:
            if not finding_block(f, v, corpora[v], statics[v], verdicts, lines):
                missing += 1
                if args.skeleton:
                    verdicts.setdefault(f"{v}/{f.fingerprint}", {"verdict": "", "reason": "", "finding": short(f.message, 160)})
            entry = verdict_of(verdicts, v, f)
            tally[entry["verdict"] if entry and entry.get("verdict") else "unreviewed"] += 1
        tallies[v] = tally
        lines.append("")
    lines += ["### Tally", ""]
    lines.append("| revision | " + " | ".join(VERDICTS) + " | unreviewed |")
    lines.append("|---|" + "---:|" * (len(VERDICTS) + 1))
    for v in versions:
        lines.append(f"| {v} | " + " | ".join(str(tallies[v][k]) for k in VERDICTS) + f" | {tallies[v]['unreviewed']} |")
    lines.append("")
    notes = [f"- {v}: {n}" for v in versions for n in runs[v][0].notes]
    if notes:
        lines += ["## What lint could not decide (report notes)", ""] + notes + [""]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines), encoding="utf-8")
    if args.skeleton:
        args.verdicts.write_text(json.dumps(verdicts, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    bad = [k for k, e in verdicts.items() if e.get("verdict") and e["verdict"] not in VERDICTS]
    if bad:
        sys.exit(f"verdicts not one of {VERDICTS}: {bad}")
    print(f"wrote {args.out} ({missing} findings without a verdict)", file=sys.stderr)
    sys.exit(1 if missing else 0)


if __name__ == "__main__":
    main()
