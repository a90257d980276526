"""Variants of a command's failure side: the ordered pairs, and the spec with one condition
dropped or one ordered pair swapped.

Why here and not only in the mutation check: the planner uses the same variants to pick
stimuli — a failure test is only worth having if an RMM that skips the condition (or
checks a pair in the wrong order) would fail it, and the model answers that directly.
"""

from __future__ import annotations

import dataclasses


def ordered_pairs(spec) -> list[tuple[str, str]]:
    """The ``a < b`` pairs of the failure condition ordering statements, in spec order."""
    ids = {c.id for c in spec.failure}
    pairs: list[tuple[str, str]] = []
    for before, after in spec.ordering:
        for a in before:
            for b in after:
                if a in ids and b in ids and a != b and (a, b) not in pairs:
                    pairs.append((a, b))
    return pairs


def drop_condition(spec, condition_id: str):
    """``spec`` without failure condition ``condition_id`` (and the orderings naming it)."""
    failure = tuple(c for c in spec.failure if c.id != condition_id)
    ordering = tuple(
        (tuple(a for a in before if a != condition_id), tuple(b for b in after if b != condition_id))
        for before, after in spec.ordering
    )
    ordering = tuple((before, after) for before, after in ordering if before and after)
    return dataclasses.replace(spec, failure=failure, ordering=ordering)


def swap_pair(spec, before: str, after: str):
    """``spec`` with the ordered pair ``before < after`` reversed (other pairs kept)."""
    pairs = [
        (a, b)
        for statement_before, statement_after in spec.ordering
        for a in statement_before
        for b in statement_after
        if (a, b) != (before, after)
    ]
    pairs.append((after, before))
    return dataclasses.replace(spec, ordering=tuple(((a,), (b,)) for a, b in pairs))
