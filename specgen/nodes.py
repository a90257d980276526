"""Typed AST of the DEN0137 condition language and function pseudocode.

Why here, below every stage: the nodes are part of the IR (``specgen.extract.ir`` holds them)
and pure data; ``specgen.lang`` parses text into them, the generators and the diff read them.

Why frozen dataclasses: the AST is the *meaning* of a condition or function, shared by the
generators and the diff. Equality is structural and ignores where the text came from, so two
revisions that only re-wrap or re-parenthesise a condition compare equal; parentheses
therefore build no node (``!F(x)`` and ``(!F(x))`` are the same AST).

Positions (``span``) are kept out of equality and out of the default JSON so that the JSON of
an AST is canonical; they are 1-based line/column pairs relative to the parsed string, which a
caller maps onto page/line of the document the string came from.

``to_json``/``from_json`` are ``specgen.codec``, the one codec of the IR: the JSON shape is
the dataclass shape plus a ``"node"`` key naming the class. The IR holds these nodes
themselves (``Condition.pre_ast`` is an ``Expr | Prose``), not their JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Union

from specgen.codec import DecodeError, decode, encode


@dataclass(frozen=True, slots=True)
class Span:
    """Where a node was found in the parsed string (1-based; end is exclusive)."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True, slots=True)
class Node:
    """Base of all AST nodes: carries the optional source span, ignored by ``==``."""

    __json_tag__: ClassVar[str] = "node"
    span: Span | None = field(default=None, compare=False, repr=False, kw_only=True, metadata={"json": "extra"})


# ---- expressions -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Name(Node):
    """An identifier: a variable, constant or enumeration value (``rd``, ``RMI_ERROR_INPUT``)."""

    name: str


@dataclass(frozen=True, slots=True)
class Number(Node):
    """An integer literal; ``text`` keeps the spelling (``0x1000``) so printing is faithful."""

    text: str
    value: int


@dataclass(frozen=True, slots=True)
class BitString(Node):
    """An ASL bit-string literal ``'1'``; ``bits`` is the text between the quotes."""

    bits: str


@dataclass(frozen=True, slots=True)
class Boolean(Node):
    """``TRUE`` or ``FALSE``."""

    value: bool


@dataclass(frozen=True, slots=True)
class Call(Node):
    """``F(a, b)``: ASL calls always name the function directly."""

    func: str
    args: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Member(Node):
    """``obj.name`` — field access (``walk.rtte.state``)."""

    obj: Expr
    name: str


@dataclass(frozen=True, slots=True)
class Index(Node):
    """``obj[index]`` — array element (``gprs[0]``)."""

    obj: Expr
    index: Expr


@dataclass(frozen=True, slots=True)
class Slice(Node):
    """``obj[high:low]`` — bit slice (``value[63:0]``, ``value[(ADDRESS_WIDTH-1):0]``)."""

    obj: Expr
    high: Expr
    low: Expr


@dataclass(frozen=True, slots=True)
class Concat(Node):
    """``[a, b, …]`` — ASL bit-vector concatenation (reads as an array literal too)."""

    items: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Unary(Node):
    """``!x`` or ``-x``."""

    op: str
    operand: Expr


@dataclass(frozen=True, slots=True)
class Binary(Node):
    """``left op right`` for ``|| && == != < <= > >= + - * / DIV MOD ^``."""

    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class Prose(Node):
    """A condition written in English (``Contents of target Granule are wiped.``).

    Not an expression: kept verbatim (whitespace-normalised) so generators can emit it as a
    comment or a TODO instead of failing.
    """

    text: str


Expr = Union[Name, Number, BitString, Boolean, Call, Member, Index, Slice, Concat, Unary, Binary]


@dataclass(frozen=True, slots=True)
class Condition(Node):
    """A failure or success condition: ``pre: E post: E``; ``pre`` is None for a success
    condition written as a lone expression. Either side may be ``Prose``."""

    pre: Expr | Prose | None
    post: Expr | Prose


@dataclass(frozen=True, slots=True)
class Ordering(Node):
    """A failure-condition ordering ``[a, b] < [c]``: conditions ``before`` are evaluated
    before conditions ``after``."""

    before: tuple[str, ...]
    after: tuple[str, ...]


# ---- types --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NamedType(Node):
    """``Address``, ``integer``, ``boolean``, ``RmmRealm`` …"""

    name: str


@dataclass(frozen=True, slots=True)
class BitsType(Node):
    """``bits(64)``, ``bits(size * 8)``."""

    width: Expr


@dataclass(frozen=True, slots=True)
class ArrayType(Node):
    """``array [16] of Address``."""

    size: Expr
    element: Type


Type = Union[NamedType, BitsType, ArrayType]


# ---- signatures and statements ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Param(Node):
    """``name : type`` in a signature."""

    name: str
    type: Type


@dataclass(frozen=True, slots=True)
class FunctionSig(Node):
    """``func Name(params) => returns``; ``returns`` is None when the spec states none."""

    name: str
    params: tuple[Param, ...]
    returns: Type | None


@dataclass(frozen=True, slots=True)
class Block(Node):
    """A statement sequence: a function body or the body of a compound statement."""

    statements: tuple[Stmt, ...]


@dataclass(frozen=True, slots=True)
class Var(Node):
    """``var name [: type] [= value];``"""

    name: str
    type: Type | None
    value: Expr | None


@dataclass(frozen=True, slots=True)
class Assign(Node):
    """``target = value;`` — the target is a name, member, index or slice."""

    target: Expr
    value: Expr


@dataclass(frozen=True, slots=True)
class ElsIf(Node):
    """``elsif condition then body`` of an ``If``."""

    condition: Expr
    body: Block


@dataclass(frozen=True, slots=True)
class If(Node):
    """``if condition then body {elsif …} [else orelse] end``."""

    condition: Expr
    body: Block
    elsifs: tuple[ElsIf, ...]
    orelse: Block | None


@dataclass(frozen=True, slots=True)
class For(Node):
    """``for var = start to|downto stop do body end`` (bounds inclusive, as in ASL)."""

    var: str
    start: Expr
    direction: str  # "to" | "downto"
    stop: Expr
    body: Block


@dataclass(frozen=True, slots=True)
class While(Node):
    """``while condition do body end``."""

    condition: Expr
    body: Block


@dataclass(frozen=True, slots=True)
class When(Node):
    """``when p1, p2 => body`` arm of a ``Case``."""

    patterns: tuple[Expr, ...]
    body: Block


@dataclass(frozen=True, slots=True)
class Case(Node):
    """``case subject of {when …} [otherwise => …] end``."""

    subject: Expr
    arms: tuple[When, ...]
    otherwise: Block | None


@dataclass(frozen=True, slots=True)
class Return(Node):
    """``return [value];``"""

    value: Expr | None


@dataclass(frozen=True, slots=True)
class Assert(Node):
    """``assert condition;``"""

    condition: Expr


@dataclass(frozen=True, slots=True)
class ExprStmt(Node):
    """An expression (a call) used as a statement: ``Foo(x);``."""

    expr: Expr


@dataclass(frozen=True, slots=True)
class Comment(Node):
    """``// text`` — kept because the spec uses comments to say what it omits."""

    text: str


Stmt = Union[Var, Assign, If, For, While, Case, Return, Assert, ExprStmt, Comment]


# ---- JSON ----------------------------------------------------------------------------------------

NODE_CLASSES: dict[str, type[Node]] = {
    cls.__name__: cls
    for cls in (
        Name, Number, BitString, Boolean, Call, Member, Index, Slice, Concat, Unary, Binary,
        Prose, Condition, Ordering, NamedType, BitsType, ArrayType, Param, FunctionSig, Block,
        Var, Assign, ElsIf, If, For, While, When, Case, Return, Assert, ExprStmt, Comment,
    )
}  # fmt: skip


AnyNode = Union[tuple(NODE_CLASSES.values())]


def to_json(node: Node, *, positions: bool = False) -> dict[str, Any]:
    """The node as plain JSON data: ``{"node": "<Class>", <field>: …}``, tuples as lists.

    Deterministic (field order is the dataclass order). Spans are included (as
    ``"span": {line, column, end_line, end_column}``) only when ``positions`` is true, so the
    default JSON depends on meaning only.
    """
    return encode(node, extras=positions)


def from_json(data: dict[str, Any]) -> Node:
    """Inverse of ``to_json`` (with or without positions); ValueError when ``data`` is not
    the JSON of a node."""
    try:
        return decode(AnyNode, data)
    except DecodeError as error:
        raise ValueError(f"not an AST node: {error}") from None
