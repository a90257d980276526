"""Format generated Python with black, in process, with pinned settings (as betterproto does):
the same input always gives the same bytes, whatever black configuration the user has."""

from __future__ import annotations

import black

BLACK_MODE = black.Mode(line_length=100, target_versions={black.TargetVersion.PY311})


def format_python(source: str) -> str:
    return black.format_str(source, mode=BLACK_MODE)


def is_black_clean(source: str) -> bool:
    return format_python(source) == source
