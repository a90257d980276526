"""Pair up the rows of two versions of a table: by key first, then by identical meaning.

Why two passes: ids and names are how the spec refers to rows, so a row keeps its identity
when its key stays (and then its content may have changed); but revisions also rename ids
without touching the condition, which a key-only match would report as one removal plus one
addition. Rows left over after the key pass are paired when their meaning (fingerprint) is
identical: that is a rename, not a behavioural change.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Callable, Generic, Sequence, TypeVar

T = TypeVar("T")


@dataclass
class Matching(Generic[T]):
    """Result of ``match_rows``; ``pairs`` and ``renamed`` hold (old, new) rows."""

    pairs: list[tuple[T, T]] = field(default_factory=list)
    renamed: list[tuple[T, T]] = field(default_factory=list)
    removed: list[T] = field(default_factory=list)
    added: list[T] = field(default_factory=list)
    moved: list[tuple[T, T]] = field(default_factory=list)


def _occurrence_keys(rows: Sequence[T], key: Callable[[T], str]) -> list[tuple[str, int]]:
    """Keys made unique by occurrence number, so a table with a repeated id still matches
    row for row instead of losing rows."""
    seen: dict[str, int] = {}
    keys = []
    for row in rows:
        k = key(row)
        seen[k] = seen.get(k, 0) + 1
        keys.append((k, seen[k]))
    return keys


def match_rows(old: Sequence[T], new: Sequence[T], key: Callable[[T], str],
               fingerprint: Callable[[T], str] | None = None) -> Matching[T]:
    """Match ``old`` rows to ``new`` rows by ``key``; then the rest by equal ``fingerprint``
    (renames, when a fingerprint is given); report rows whose relative order changed as
    ``moved`` (the fewest rows that explain the new order)."""
    result: Matching[T] = Matching()
    new_keys = _occurrence_keys(new, key)
    new_by_key = dict(zip(new_keys, range(len(new))))
    index_pairs: list[tuple[int, int]] = []
    unmatched_old: list[int] = []
    for i, k in enumerate(_occurrence_keys(old, key)):
        j = new_by_key.pop(k, None)
        if j is None:
            unmatched_old.append(i)
        else:
            index_pairs.append((i, j))
    unmatched_new = sorted(new_by_key.values())
    renamed: list[tuple[int, int]] = []
    if fingerprint is not None:
        waiting: dict[str, list[int]] = {}
        for j in unmatched_new:
            waiting.setdefault(fingerprint(new[j]), []).append(j)
        still_old = []
        for i in unmatched_old:
            candidates = waiting.get(fingerprint(old[i]))
            if candidates:
                renamed.append((i, candidates.pop(0)))
            else:
                still_old.append(i)
        taken = {j for _, j in renamed}
        unmatched_old = still_old
        unmatched_new = [j for j in unmatched_new if j not in taken]
    result.pairs = [(old[i], new[j]) for i, j in index_pairs]
    result.renamed = [(old[i], new[j]) for i, j in renamed]
    result.removed = [old[i] for i in unmatched_old]
    result.added = [new[j] for j in unmatched_new]
    every_pair = sorted(index_pairs + renamed)
    keep = set(_longest_increasing([j for _, j in every_pair]))
    result.moved = [(old[i], new[j]) for i, j in every_pair if j not in keep]
    return result


def _longest_increasing(values: list[int]) -> list[int]:
    """One longest strictly increasing subsequence of ``values`` (patience sorting)."""
    tails: list[int] = []  # tails[k] = index into values of the smallest tail of length k+1
    parent: list[int | None] = [None] * len(values)
    for index, value in enumerate(values):
        position = bisect_left([values[t] for t in tails], value)
        parent[index] = tails[position - 1] if position else None
        if position == len(tails):
            tails.append(index)
        else:
            tails[position] = index
    sequence = []
    cursor = tails[-1] if tails else None
    while cursor is not None:
        sequence.append(values[cursor])
        cursor = parent[cursor]
    return sequence[::-1]
