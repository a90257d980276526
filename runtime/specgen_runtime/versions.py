"""Interface version negotiation: the results the VERSION commands give in prose.

Why here: RMI_VERSION and RSI_VERSION have no conditions; their summary says, in English,
how the status and the lower and higher revisions follow from the requested revision and
the revisions the RMM implements ("in order of precedence: a) … compatible … b) …
incompatible with and less than … c) … incompatible with and greater than …"). The model
gives that text a meaning only while the summary still says it (``negotiates``), as
``specgen_runtime.prose`` does for conditions; another wording leaves the results
unmodelled, and the conformance tests then do not check them.

Revisions: a revision is compatible with the requested one if it has the same major
version and a minor version at least the requested one's. The revisions an RMM implements
are the platform's (``PlatformConfig.interface_versions``), by default the revision of the
specification the model was generated from.
"""

from __future__ import annotations

import re

#: The sentences of a VERSION command's summary that this module gives a meaning to.
NEGOTIATION_TEXT = (
    "The status code and lower revision output values indicate which of the following is true, "
    "in order of precedence",
    "The RMM supports an interface revision which is compatible with the requested revision",
    "The RMM supports an interface revision which is incompatible with and less than the requested revision",
    "The RMM supports an interface revision which is incompatible with and greater than the requested revision",
    "The lower revision is equal to the higher revision",
)

Version = tuple[int, int]  # (major, minor)


def _normalise(text: str) -> str:
    return " ".join(text.split()).casefold()


def negotiates(spec) -> bool:
    """The command's summary states the version negotiation this module implements."""
    summary = _normalise(spec.summary or "")
    return bool(summary) and all(_normalise(sentence) in summary for sentence in NEGOTIATION_TEXT)


def document_version(revision: str) -> Version | None:
    """``(1, 0)`` of a specification revision ``1.0-rel0``."""
    match = re.match(r"(\d+)\.(\d+)", revision)
    return (int(match.group(1)), int(match.group(2))) if match else None


def negotiate(requested: Version, implemented) -> tuple[bool, Version, Version]:
    """(compatible, lower, higher) for ``requested`` and the ``implemented`` revisions."""
    versions = sorted(set(implemented))
    higher = versions[-1]
    major, minor = requested
    if any(v[0] == major and v[1] >= minor for v in versions):
        return True, requested, higher  # a)
    below = [v for v in versions if v < requested]
    if below:
        return False, below[-1], higher  # b)
    return False, higher, higher  # c)
