"""The IR: frozen dataclasses with a schema version, dumped as sorted, stable JSON.

Why frozen dataclasses: the IR is the contract between extraction and every generator and
the diff. Immutability lets stages share it safely; ``to_json``/``from_json`` are generic
over the field types so the JSON shape is the dataclass shape, with no hand-written
serialiser to fall out of step. Lists keep spec order; object keys are sorted on dump.
"""

from __future__ import annotations

import json
import types
import typing
from dataclasses import dataclass, field, fields, is_dataclass

from specgen.diagnostics import Diagnostic, Location, Severity

SCHEMA = "specgen-ir/1"


@dataclass(frozen=True, slots=True)
class Source:
    kind: str  # "pdf" | "text"
    sha256: str


@dataclass(frozen=True, slots=True)
class Document:
    id: str  # "DEN0137"
    version: str  # e.g. "1.0-rel0"
    source: Source


@dataclass(frozen=True, slots=True)
class Register:
    """A row of a command's Input values or Output values table."""

    name: str
    register: str
    bits: str
    type: str
    description: str
    loc: Location


@dataclass(frozen=True, slots=True)
class ContextValue:
    name: str
    type: str
    value: str
    before: bool | None
    description: str
    loc: Location
    value_ast: dict | None = None


@dataclass(frozen=True, slots=True)
class Condition:
    """A failure or success condition. Success conditions without ``pre:``/``post:`` have
    ``pre`` None and the whole condition as ``post``."""

    id: str
    pre: str | None
    post: str
    loc: Location
    pre_ast: dict | None = None  # specgen.lang AST as JSON, filled by the lang stage
    post_ast: dict | None = None


@dataclass(frozen=True, slots=True)
class Ordering:
    """A failure-condition ordering statement ``[a, b] < [c]``."""

    text: str
    before: tuple[str, ...]
    after: tuple[str, ...]
    loc: Location
    ast: dict | None = None


@dataclass(frozen=True, slots=True)
class FootprintItem:
    id: str
    value: str
    loc: Location
    value_ast: dict | None = None


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    interface: str  # RMI | RSI | PSCI
    section: str
    fid: str | None
    summary: str
    inputs: tuple[Register, ...]
    context: tuple[ContextValue, ...]
    outputs: tuple[Register, ...]
    failure_conditions: tuple[Condition, ...]
    failure_ordering: tuple[Ordering, ...]
    success_conditions: tuple[Condition, ...]
    footprint: tuple[FootprintItem, ...]
    loc: Location


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    type: str


@dataclass(frozen=True, slots=True)
class Signature:
    text: str
    params: tuple[Param, ...]
    returns: str | None
    loc: Location
    ast: dict | None = None


@dataclass(frozen=True, slots=True)
class Function:
    name: str
    section: str
    summary: str
    signatures: tuple[Signature, ...]
    body: str | None  # the pseudocode from ``begin`` to ``end``, indentation kept
    loc: Location
    body_ast: dict | None = None


@dataclass(frozen=True, slots=True)
class TypeMember:
    name: str
    type: str | None
    bits: str | None  # fieldsets: "hi:lo"
    offset: str | None  # structs with a Byte offset column: "0x.."
    encoding: str | None  # enums with an Encoding column
    description: str
    loc: Location


@dataclass(frozen=True, slots=True)
class TypeDef:
    name: str
    section: str
    kind: str  # enum | fieldset | struct | other
    width: str | None  # "64 bits", "256 (0x100) bytes" as stated, normalised
    summary: str
    members: tuple[TypeMember, ...]
    reserved: tuple[str, ...]  # fieldset bit ranges marked Reserved
    loc: Location


@dataclass(frozen=True, slots=True)
class IR:
    schema: str
    document: Document
    commands: tuple[Command, ...]
    functions: tuple[Function, ...]
    types: tuple[TypeDef, ...]
    diagnostics: tuple[Diagnostic, ...] = field(default=())


# --- generic JSON conversion -------------------------------------------------------------


def to_data(value):
    """Dataclasses -> dicts, tuples -> lists, enums -> values (recursively)."""
    if is_dataclass(value):
        return {f.name: to_data(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, (tuple, list)):
        return [to_data(v) for v in value]
    if isinstance(value, Severity):
        return value.value
    return value


def dumps(ir: IR) -> str:
    """Deterministic JSON: sorted keys, two-space indent, trailing newline."""
    return json.dumps(to_data(ir), sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def _convert(tp, data):
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        if data is None:
            return None
        (inner,) = [a for a in typing.get_args(tp) if a is not type(None)]
        return _convert(inner, data)
    if origin is tuple:
        (item, _ellipsis) = typing.get_args(tp)
        return tuple(_convert(item, d) for d in data)
    if is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        return tp(**{f.name: _convert(hints[f.name], data[f.name]) for f in fields(tp) if f.name in data})
    if tp is Severity:
        return Severity(data)
    return data


def from_data(data: dict) -> IR:
    if data.get("schema") != SCHEMA:
        raise ValueError(f"unsupported IR schema {data.get('schema')!r} (expected {SCHEMA!r})")
    return _convert(IR, data)


def loads(text: str) -> IR:
    return from_data(json.loads(text))
