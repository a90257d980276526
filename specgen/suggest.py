"""Did-you-mean suggestions for names a user types (revisions, commands, targets, rules).

Why one place below every stage: the loader suggests revision names, the CLI command,
target and option names, ``lint`` its rule names; the same closeness rule everywhere.
"""

from __future__ import annotations

import difflib
from typing import Iterable


def close_matches(name: str, candidates: Iterable[str], limit: int = 3) -> list[str]:
    """The candidates closest to ``name`` (case-insensitive), best first."""
    candidates = sorted(set(candidates))
    by_folded: dict[str, list[str]] = {}
    for candidate in candidates:
        by_folded.setdefault(candidate.casefold(), []).append(candidate)
    found = difflib.get_close_matches(name.casefold(), list(by_folded), n=limit, cutoff=0.6)
    return [original for folded in found for original in by_folded[folded]][:limit]


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """``"; did you mean 'X'?"`` (or ``'X' or 'Y'``) to append to a message, or ``""``."""
    found = close_matches(name, candidates)
    if not found:
        return ""
    quoted = [repr(f) for f in found]
    listed = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
    return f"; did you mean {listed}?"
