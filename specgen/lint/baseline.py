"""``--baseline FILE``: suppress the findings a project has already accepted.

Why fingerprints: a baseline must keep matching when a later revision of the document moves
a finding to another page or rewords its message, and stop matching when the finding is
about something else. A finding's fingerprint (``Finding.fingerprint``) is built from its
rule, command or type, condition ids and subject only. A baseline is simply an earlier
report of ``specgen lint``: its JSON (``--format json``) or SARIF (``--format sarif``,
``partialFingerprints``), so ``specgen lint rev --format json > baseline.json`` makes one.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from specgen.lint import SCHEMA, LintReport
from specgen.lint.render import FINGERPRINT_KEY


class BaselineError(ValueError):
    """The baseline file cannot be read as a lint report."""


def read_baseline(path: Path) -> frozenset[str]:
    """The fingerprints recorded in a JSON or SARIF lint report."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise BaselineError(f"{path}: cannot read the baseline: {error.strerror or error}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BaselineError(f"{path}: not JSON: {error}") from None
    if not isinstance(data, dict):
        raise BaselineError(f"{path}: not a specgen lint report (JSON or SARIF)")
    if data.get("schema") == SCHEMA:
        return frozenset(
            finding["fingerprint"]
            for report in data.get("reports", [])
            for finding in report.get("findings", [])
            if isinstance(finding, dict) and "fingerprint" in finding
        )
    if data.get("version") == "2.1.0" and isinstance(data.get("runs"), list):
        return frozenset(
            result["partialFingerprints"][FINGERPRINT_KEY]
            for run in data["runs"]
            for result in run.get("results", [])
            if FINGERPRINT_KEY in result.get("partialFingerprints", {})
        )
    raise BaselineError(
        f"{path}: not a specgen lint report: expected JSON with schema {SCHEMA!r} (--format json) or SARIF 2.1.0"
    )


def apply_baseline(report: LintReport, fingerprints: frozenset[str]) -> LintReport:
    """``report`` without the findings whose fingerprint is in the baseline."""
    kept = tuple(f for f in report.findings if f.fingerprint not in fingerprints)
    return replace(report, findings=kept, suppressed=report.suppressed + len(report.findings) - len(kept))
