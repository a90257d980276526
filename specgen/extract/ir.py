"""The IR: frozen dataclasses with a schema version, dumped as sorted, stable JSON.

Why frozen dataclasses: the IR is the contract between extraction and every generator and
the diff. Immutability lets stages share it safely. Since ``specgen-ir/2`` it is typed
where the spec is: bit ranges, byte offsets, encodings, widths and FIDs are integers, every
type the spec names is a ``TypeRef`` (name, kind, bit width, signedness, element count)
resolved against the document's own types, and conditions carry their ASTs as
``specgen.nodes`` nodes. A value the spec states but extraction cannot read is ``None``
with a located diagnostic, never a default. ``specgen.codec`` turns it into JSON and back
(strictly: unknown keys or wrong types are refused) and gives its JSON Schema.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import Enum

from specgen.codec import DecodeError, decode, encode, json_schema
from specgen.diagnostics import Diagnostic, Location
from specgen.nodes import Block, Expr, FunctionSig, Prose
from specgen.nodes import Ordering as OrderingAst

SCHEMA = "specgen-ir/2"
SCHEMA_ID = "https://specgen.invalid/schema/specgen-ir-2.schema.json"


@dataclass(frozen=True, slots=True)
class BitRange:
    """Bits ``high:low`` of a register or fieldset (inclusive, ``high >= low``)."""

    high: int
    low: int

    @property
    def width(self) -> int:
        return self.high - self.low + 1

    def __str__(self) -> str:
        return f"{self.high}:{self.low}"


class TypeKind(str, Enum):
    """What a type name denotes: a fixed-width integer (``UInt64``, ``Int8``), a bit vector
    (``Bits64``, ``bits(64)``), an ``Address``, ASL ``boolean``/``integer``, or a type of the
    document (by its kind); ``unknown`` when the document does not define it."""

    INT = "int"
    BITS = "bits"
    ADDRESS = "address"
    BOOLEAN = "boolean"
    INTEGER = "integer"
    ENUM = "enum"
    FIELDSET = "fieldset"
    STRUCT = "struct"
    OTHER = "other"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class TypeRef:
    """A type as the spec names it (``text``), read: ``name`` of the (element) type, its
    ``kind``, ``width`` in bits of one element and ``signed`` where the spec fixes them, and
    ``count`` for an array (``Bits64[32]``, ``array [16] of Address``)."""

    text: str
    name: str
    kind: TypeKind
    width: int | None = None
    signed: bool | None = None
    count: int | None = None

    def __str__(self) -> str:
        return self.text


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
    bits: BitRange | None
    type: TypeRef | None
    description: str
    loc: Location


@dataclass(frozen=True, slots=True)
class ContextValue:
    name: str
    type: TypeRef | None
    value: str
    before: bool | None
    description: str
    loc: Location
    value_ast: Expr | None = None


@dataclass(frozen=True, slots=True)
class Condition:
    """A failure or success condition. Success conditions without ``pre:``/``post:`` have
    ``pre`` None and the whole condition as ``post``."""

    id: str
    pre: str | None
    post: str
    loc: Location
    pre_ast: Expr | Prose | None = None  # filled by the lang stage
    post_ast: Expr | Prose | None = None


@dataclass(frozen=True, slots=True)
class Ordering:
    """A failure-condition ordering statement ``[a, b] < [c]``."""

    text: str
    before: tuple[str, ...]
    after: tuple[str, ...]
    loc: Location
    ast: OrderingAst | None = None


@dataclass(frozen=True, slots=True)
class FootprintItem:
    id: str
    value: str
    loc: Location
    value_ast: Expr | None = None


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    interface: str  # RMI | RSI | PSCI
    section: str
    fid: int | None
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
    type: TypeRef | None  # None when the signature gives the parameter no type


@dataclass(frozen=True, slots=True)
class Signature:
    text: str
    params: tuple[Param, ...]
    returns: TypeRef | None
    loc: Location
    ast: FunctionSig | None = None


@dataclass(frozen=True, slots=True)
class Function:
    name: str
    section: str
    summary: str
    signatures: tuple[Signature, ...]
    body: str | None  # the pseudocode from ``begin`` to ``end``, indentation kept
    loc: Location
    body_ast: Block | None = None


@dataclass(frozen=True, slots=True)
class TypeMember:
    name: str
    type: TypeRef | None
    bits: BitRange | None  # fieldsets
    offset: int | None  # structs with a Byte offset column, in bytes
    encoding: int | None  # enums with an Encoding column
    description: str
    loc: Location


@dataclass(frozen=True, slots=True)
class TypeDef:
    name: str
    section: str
    kind: str  # enum | fieldset | struct | other
    width: int | None  # in bits ("64 bits" -> 64, "256 (0x100) bytes" -> 2048)
    summary: str
    members: tuple[TypeMember, ...]
    reserved: tuple[BitRange, ...]  # fieldset bit ranges marked Reserved
    loc: Location


@dataclass(frozen=True, slots=True)
class IR:
    schema: str
    document: Document
    commands: tuple[Command, ...]
    functions: tuple[Function, ...]
    types: tuple[TypeDef, ...]
    diagnostics: tuple[Diagnostic, ...] = field(default=())


# --- JSON --------------------------------------------------------------------------------


def to_data(value):
    """The IR (or any part of it) as plain JSON data."""
    return encode(value)


def dumps(ir: IR) -> str:
    """Deterministic JSON: sorted keys, two-space indent, trailing newline."""
    return json.dumps(to_data(ir), sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def from_data(data: dict) -> IR:
    """The IR of parsed JSON, checked against the schema on the way (ValueError naming the
    JSON path of the first problem)."""
    schema = data.get("schema") if isinstance(data, dict) else None
    if schema == "specgen-ir/1":
        raise ValueError(
            "this IR has schema specgen-ir/1, which this specgen no longer reads (it reads "
            f"{SCHEMA}: integers, bit ranges and type references instead of strings); "
            "extract it again from the PDF or text: specgen extract SPEC -o ir.json"
        )
    if schema != SCHEMA:
        raise ValueError(f"unsupported IR schema {schema!r} (expected {SCHEMA!r})")
    try:
        return decode(IR, data)
    except DecodeError as error:
        raise ValueError(f"not a valid {SCHEMA} IR: {error}") from None


def loads(text: str) -> IR:
    return from_data(json.loads(text))


def ir_json_schema() -> dict:
    """The JSON Schema of ``specgen-ir/2`` files, generated from these dataclasses (the
    committed copy is ``schema/specgen-ir-2.schema.json``)."""
    return json_schema(IR, schema_id=SCHEMA_ID, title="specgen IR (DEN0137 specification, typed)",
                       constants={"schema": SCHEMA})
