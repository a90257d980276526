"""Order DEN0137 revision names: 1.0-bet0 < 1.0-eac0 … eac5 < 1.0-rel0 < 1.1-alp0 … alp12.

Why not string order: ``1.1-alp12`` sorts before ``1.1-alp2`` as a string, and release
stages are not alphabetical in general. A revision is ``MAJOR.MINOR-STAGE<n>``; within a
version the stages run alpha, beta, early-access candidate, release.
"""

from __future__ import annotations

import re
from typing import Iterable

STAGES = ("alp", "bet", "eac", "rel")
_REVISION = re.compile(r"(\d+)\.(\d+)-([a-z]+)(\d+)")


def version_key(version: str) -> tuple[int, int, int, int]:
    """Sort key of a revision name; ValueError for anything that is not one."""
    match = _REVISION.fullmatch(version)
    if match is None or match.group(3) not in STAGES:
        raise ValueError(f"not a DEN0137 revision name: {version!r} (expected e.g. 1.0-rel0, stages {', '.join(STAGES)})")
    major, minor, stage, number = match.groups()
    return int(major), int(minor), STAGES.index(stage), int(number)


def is_version(name: str) -> bool:
    try:
        version_key(name)
    except ValueError:
        return False
    return True


def newest_older(version: str, candidates: Iterable[str]) -> str | None:
    """The newest of ``candidates`` strictly older than ``version`` (names that are not
    revisions are ignored), or None."""
    key = version_key(version)
    older = [c for c in candidates if is_version(c) and version_key(c) < key]
    return max(older, key=version_key, default=None)
