"""Lint reports as text, JSON (``specgen-lint/1``) or SARIF 2.1.0.

Why SARIF: it is what code-scanning services and most static-analysis tooling read, so a
spec revision's findings can sit next to the firmware's own. Each finding is a SARIF
result: the rule (with its summary in ``tool.driver.rules``), a level (``warning`` for
proved and witnessed findings, ``note`` for suspected ones), the input document as the
artifact — with the line region when the input is a ``pdftotext -layout`` text, whose
page/line map to a line of the file —, the command and condition as logical locations, the
fingerprint under ``partialFingerprints`` (what ``--baseline`` matches), and confidence,
page, line, section, evidence and witness under ``properties``.

Outputs are deterministic (no timings): the same input gives the same bytes.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from specgen import __version__
from specgen.lint import SCHEMA, LintReport
from specgen.lint.findings import Confidence, Finding
from specgen.lint.rules import all_rules

FORMATS = ("text", "json", "sarif")
SARIF_SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
FINGERPRINT_KEY = "specgenFinding/v1"
_LEVEL = {Confidence.PROVED: "warning", Confidence.WITNESS: "warning", Confidence.SUSPECTED: "note"}


def render(reports: list[LintReport], fmt: str) -> str:
    if fmt == "text":
        return render_text(reports)
    if fmt == "json":
        return json.dumps(as_json(reports), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if fmt == "sarif":
        return json.dumps(as_sarif(reports), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    raise ValueError(f"unknown lint format {fmt!r} (known: {', '.join(FORMATS)})")


# ---- text ---------------------------------------------------------------------------------------


def render_text(reports: list[LintReport]) -> str:
    lines: list[str] = []
    for report in reports:
        for finding in report.findings:
            where = f"{finding.where}: " if finding.loc is not None else ""
            entity = f" {finding.entity}" if finding.entity else ""
            lines.append(f"{where}{finding.rule} [{finding.confidence.value}]{entity}: {finding.message}")
            if finding.witness is not None:
                lines.append(f"    witness: {finding.witness.describe()}" + _holding(finding))
                if finding.witness.observed:
                    lines.append(f"    observed: {finding.witness.observed}")
            if finding.evidence:
                lines.append(f"    evidence: {finding.evidence}")
            for label, loc in finding.related:
                lines.append(f"    see also {label}: {loc}")
        lines.append(summary_line(report))
        lines.extend(f"  {rule_id}: {count}" for rule_id, count in report.counts().items() if count)
        lines.extend(f"  note: {note}" for note in report.notes)
    return "\n".join(lines) + "\n"


def _holding(finding: Finding) -> str:
    witness = finding.witness
    if not witness.holding:
        return f" (applies: {', '.join(witness.applied)})" if witness.applied else ""
    results = dict(witness.results)
    return " (holding: " + ", ".join(f"{c} → {results.get(c, '?')}" for c in witness.holding) + ")"


def summary_line(report: LintReport) -> str:
    by_confidence = Counter(f.confidence.value for f in report.findings)
    confidence = ", ".join(f"{by_confidence[c.value]} {c.value}" for c in Confidence if by_confidence[c.value])
    suppressed = f"; {report.suppressed} suppressed by the baseline" if report.suppressed else ""
    return (
        f"DEN0137 {report.version} ({report.source}): {len(report.findings)} findings"
        + (f" ({confidence})" if confidence else "")
        + f" from {len(report.rules)} rules{suppressed}"
    )


# ---- JSON ---------------------------------------------------------------------------------------


def finding_data(finding: Finding) -> dict:
    return {
        "rule": finding.rule,
        "confidence": finding.confidence.value,
        "entity": finding.entity,
        "conditions": list(finding.conditions),
        "subject": finding.subject,
        "message": finding.message,
        "location": _loc(finding.loc),
        "fingerprint": finding.fingerprint,
        "evidence": finding.evidence,
        "witness": finding.witness.as_data() if finding.witness else None,
        "related": [{"label": label, "location": _loc(loc)} for label, loc in finding.related],
    }


def _loc(loc) -> dict | None:
    if loc is None:
        return None
    return {"page": loc.page, "line": loc.line, "section": loc.section}


def as_json(reports: list[LintReport]) -> dict:
    return {
        "schema": SCHEMA,
        "specgen": __version__,
        "reports": [
            {
                "source": r.source,
                "version": r.version,
                "sha256": r.sha256,
                "rules": list(r.rules),
                "counts": r.counts(),
                "suppressed": r.suppressed,
                "notes": list(r.notes),
                "findings": [finding_data(f) for f in r.findings],
            }
            for r in reports
        ],
    }


# ---- SARIF 2.1.0 --------------------------------------------------------------------------------


def as_sarif(reports: list[LintReport]) -> dict:
    rules = all_rules()
    return {
        "$schema": SARIF_SCHEMA_URI,
        "version": "2.1.0",
        "runs": [_run(report, rules) for report in reports],
    }


def _run(report: LintReport, rules) -> dict:
    ran = [rules[rule_id] for rule_id in report.rules if rule_id in rules]
    index = {rule.id: i for i, rule in enumerate(ran)}
    lines = _line_offsets(report.source)
    uri = _uri(report.source)
    results = []
    for finding in report.findings:
        result = {
            "ruleId": finding.rule,
            "level": _LEVEL[finding.confidence],
            "message": {"text": finding.message},
            "locations": [_location(uri, finding.loc, finding.entity, finding.conditions, lines)],
            "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
            "properties": {
                "confidence": finding.confidence.value,
                "conditions": list(finding.conditions),
                "subject": finding.subject,
                "evidence": finding.evidence,
                **({"page": finding.loc.page, "line": finding.loc.line, "section": finding.loc.section}
                   if finding.loc else {}),
                **({"witness": finding.witness.as_data()} if finding.witness else {}),
            },
        }  # fmt: skip
        if finding.rule in index:
            result["ruleIndex"] = index[finding.rule]
        if finding.related:
            result["relatedLocations"] = [
                {"id": i, "message": {"text": label}, **_location(uri, loc, finding.entity, (label,), lines)}
                for i, (label, loc) in enumerate(finding.related, start=1)
            ]
        results.append(result)
    return {
        "tool": {
            "driver": {
                "name": "specgen",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [
                    {
                        "id": rule.id,
                        "name": rule.id.replace("-", " ").title().replace(" ", ""),
                        "shortDescription": {"text": rule.summary},
                        "defaultConfiguration": {"level": "warning"},
                        "properties": {"family": rule.family, "usesModel": rule.uses_model},
                    }
                    for rule in ran
                ],
            }
        },
        "artifacts": [{"location": {"uri": uri}, "hashes": {"sha-256": report.sha256}}],
        "results": results,
        "properties": {"revision": report.version, "suppressed": report.suppressed, "notes": list(report.notes)},
    }


def _location(uri: str, loc, entity: str, conditions, lines: list[int] | None) -> dict:
    physical: dict = {"artifactLocation": {"uri": uri, "index": 0}}
    if loc is not None and lines is not None and 1 <= loc.page <= len(lines):
        physical["region"] = {"startLine": lines[loc.page - 1] + loc.line}
    location: dict = {"physicalLocation": physical}
    logical = []
    if entity:
        logical.append({"name": entity, "fullyQualifiedName": entity, "kind": "function"})
    for condition in conditions:
        if entity and condition:
            logical.append({"name": condition, "fullyQualifiedName": f"{entity}.{condition}", "kind": "member"})
    if logical:
        location["logicalLocations"] = logical
    return location


def _uri(source: str) -> str:
    """The input as a relative URI reference (a revision name stays as it is)."""
    return Path(source).as_posix() if source else "input"


def _line_offsets(source: str) -> list[int] | None:
    """For a ``pdftotext -layout`` text input: the file line before each page's first line
    (pages are separated by form feeds), so page/line becomes a line of the file."""
    path = Path(source)
    if not source or path.suffix.lower() in (".json", ".pdf") or not path.is_file():
        return None
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    if raw.startswith(b"%PDF") or b"\f" not in raw:
        return None
    offsets = []
    line = 0
    for page in raw.decode("utf-8", errors="replace").split("\f"):
        offsets.append(line)
        line += page.count("\n")
    return offsets
