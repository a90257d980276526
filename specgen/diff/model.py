"""What a behavioural diff between two spec revisions is made of, and its JSON form.

Why a closed catalogue of change kinds: readers (people scanning a report, scripts reading
the JSON) need to know what each entry means and whether it changes behaviour. Every kind
is declared once in ``KINDS`` with its classification, so the comparison cannot invent an
unclassified kind, and the JSON schema ("specgen-diff/1", documented in the README) stays
stable: new kinds may be added, existing ones keep their name and meaning.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

from specgen.diagnostics import Location

SCHEMA = "specgen-diff/1"

BEHAVIOURAL = "behavioural"
EDITORIAL = "editorial"


@dataclass(frozen=True, slots=True)
class Kind:
    """One kind of change: its classification and what it means (for the README and
    reports)."""

    category: str  # BEHAVIOURAL | EDITORIAL
    meaning: str


def _b(meaning: str) -> Kind:
    return Kind(BEHAVIOURAL, meaning)


def _e(meaning: str) -> Kind:
    return Kind(EDITORIAL, meaning)


KINDS: dict[str, Kind] = {
    # commands
    "command.added": _b("a command appeared"),
    "command.removed": _b("a command disappeared"),
    "command.fid_changed": _b("the function identifier changed"),
    "command.interface_changed": _b("the interface (RMI/RSI/PSCI) changed"),
    "command.section_changed": _e("the command is in a differently numbered section"),
    "command.summary_changed": _e("the one-line description changed"),
    # register rows and context
    "input.added": _b("an input register row appeared"),
    "input.removed": _b("an input register row disappeared"),
    "input.changed": _b("an input's register, bits or type changed"),
    "input.renamed": _e("an input kept register, bits and type under another name"),
    "input.description_changed": _e("an input's description changed"),
    "output.added": _b("an output register row appeared"),
    "output.removed": _b("an output register row disappeared"),
    "output.changed": _b("an output's register, bits or type changed"),
    "output.renamed": _e("an output kept register, bits and type under another name"),
    "output.description_changed": _e("an output's description changed"),
    "context.added": _b("a context value appeared"),
    "context.removed": _b("a context value disappeared"),
    "context.changed": _b("a context value's type, value or before/after changed"),
    "context.text_changed": _e("a context value is written differently with the same AST"),
    "context.description_changed": _e("a context value's description changed"),
    # conditions
    "failure_condition.added": _b("a failure condition appeared"),
    "failure_condition.removed": _b("a failure condition disappeared"),
    "failure_condition.pre_changed": _b("a failure condition's precondition changed"),
    "failure_condition.post_changed": _b("a failure condition's postcondition changed"),
    "failure_condition.error_code_changed": _b("a failure condition reports another error code"),
    "failure_condition.renamed": _e("the same failure condition (same AST) under another id"),
    "failure_condition.text_changed": _e("a failure condition is written differently with the same AST"),
    "failure_condition.moved": _e("a failure condition moved within the table"),
    "failure_ordering.added": _b("an ordering between failure conditions appeared"),
    "failure_ordering.removed": _b("an ordering between failure conditions disappeared"),
    "failure_ordering.restated": _e("ordering statements written differently, same order relation"),
    "success_condition.added": _b("a success condition appeared"),
    "success_condition.removed": _b("a success condition disappeared"),
    "success_condition.pre_changed": _b("a success condition's precondition changed"),
    "success_condition.post_changed": _b("a success condition's postcondition changed"),
    "success_condition.renamed": _e("the same success condition (same AST) under another id"),
    "success_condition.text_changed": _e("a success condition is written differently with the same AST"),
    "success_condition.moved": _e("a success condition moved within the table"),
    "footprint.added": _b("a footprint item appeared"),
    "footprint.removed": _b("a footprint item disappeared"),
    "footprint.changed": _b("a footprint item's value changed"),
    "footprint.renamed": _e("the same footprint value under another id"),
    "footprint.text_changed": _e("a footprint value is written differently with the same AST"),
    # functions
    "function.added": _b("a function appeared"),
    "function.removed": _b("a function disappeared"),
    "function.signature_changed": _b("a function's signatures (parameters, types, overloads) changed"),
    "function.body_changed": _b("a function's pseudocode changed"),
    "function.comment_changed": _e("only the comments of a function's pseudocode changed"),
    "function.text_changed": _e("a function's pseudocode is laid out differently with the same AST"),
    "function.section_changed": _e("the function is in a differently numbered section"),
    "function.summary_changed": _e("the function's description changed"),
    # types
    "type.added": _b("a type appeared"),
    "type.removed": _b("a type disappeared"),
    "type.kind_changed": _b("a type changed kind (enum, fieldset, struct, other)"),
    "type.width_changed": _b("a type's width changed"),
    "type.reserved_changed": _b("a fieldset's reserved bit ranges changed"),
    "type.member_added": _b("an enum value, field or struct member appeared"),
    "type.member_removed": _b("an enum value, field or struct member disappeared"),
    "type.member_changed": _b("a member's type, bits, byte offset or encoding changed"),
    "type.member_description_changed": _e("a member's description changed"),
    "type.section_changed": _e("the type is in a differently numbered section"),
    "type.summary_changed": _e("the type's description changed"),
}

ENTITIES = ("command", "function", "type")


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a change: the text as the spec states it, and where."""

    text: str
    loc: Location | None = None


@dataclass(frozen=True, slots=True)
class Change:
    """One reported difference. ``entity``/``name`` is the command, function or type it
    belongs to; ``item`` names the element within it (condition id, register name, member
    name), empty for the entity itself."""

    kind: str
    entity: str
    name: str
    item: str
    old: Side | None
    new: Side | None
    detail: str

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown change kind {self.kind!r}")
        if self.entity not in ENTITIES:
            raise ValueError(f"unknown entity {self.entity!r}")

    @property
    def category(self) -> str:
        return KINDS[self.kind].category

    @property
    def behavioural(self) -> bool:
        return self.category == BEHAVIOURAL


@dataclass(frozen=True, slots=True)
class Revision:
    """Which document a side of the diff came from."""

    version: str
    source_kind: str  # pdf | text
    sha256: str


@dataclass(frozen=True, slots=True)
class DiffReport:
    """The changes from ``old`` to ``new``, in a deterministic order (entity kind, name,
    then the order the comparison found them)."""

    old: Revision
    new: Revision
    changes: tuple[Change, ...] = field(default=())

    @property
    def behavioural(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.behavioural)

    @property
    def editorial(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if not c.behavioural)

    def visible(self, editorial: bool) -> tuple[Change, ...]:
        """What a report shows: behavioural changes, plus editorial ones when asked."""
        return self.changes if editorial else self.behavioural

    def counts(self, editorial: bool = True) -> dict[str, int]:
        """Changes per kind (sorted by kind)."""
        return dict(sorted(Counter(c.kind for c in self.visible(editorial)).items()))

    def groups(self, editorial: bool) -> list[tuple[str, str, list[Change]]]:
        """Visible changes grouped by (entity, name), in report order."""
        grouped: dict[tuple[str, str], list[Change]] = {}
        for change in self.visible(editorial):
            grouped.setdefault((change.entity, change.name), []).append(change)
        return [(entity, name, changes) for (entity, name), changes in grouped.items()]


# --- JSON ----------------------------------------------------------------------------------


def _loc_data(loc: Location | None) -> dict | None:
    if loc is None:
        return None
    return {"page": loc.page, "line": loc.line, "section": loc.section}


def _side_data(side: Side | None) -> dict | None:
    return None if side is None else {"text": side.text, "loc": _loc_data(side.loc)}


def change_data(change: Change) -> dict:
    return {
        "kind": change.kind,
        "category": change.category,
        "entity": change.entity,
        "name": change.name,
        "item": change.item,
        "old": _side_data(change.old),
        "new": _side_data(change.new),
        "detail": change.detail,
    }


def _revision_data(revision: Revision) -> dict:
    return {"version": revision.version, "source": {"kind": revision.source_kind, "sha256": revision.sha256}}


def report_data(report: DiffReport, editorial: bool = False) -> dict:
    """The report as JSON data (schema ``specgen-diff/1``). Summary counts always cover both
    categories; ``changes`` lists editorial ones only when ``editorial`` is true."""
    return {
        "schema": SCHEMA,
        "old": _revision_data(report.old),
        "new": _revision_data(report.new),
        "editorial_included": editorial,
        "summary": {
            BEHAVIOURAL: len(report.behavioural),
            EDITORIAL: len(report.editorial),
            "by_kind": report.counts(editorial=True),
        },
        "changes": [change_data(c) for c in report.visible(editorial)],
    }


def report_json(report: DiffReport, editorial: bool = False) -> str:
    """Deterministic JSON text: sorted keys, two-space indent, trailing newline."""
    return json.dumps(report_data(report, editorial), sort_keys=True, indent=2, ensure_ascii=False) + "\n"
