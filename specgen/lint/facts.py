"""Static facts of a command, read from the condition ASTs: what the rules reason about.

Why one pass that every rule shares: several rules ask the same questions — which names a
condition uses (through the context values it names), which state or output a success
condition writes, which locations the footprint lists, which conjuncts a ``pre:`` has — and
they must answer them the same way. Context values are inlined (``target_rec`` becomes
``RecFromMpidr(target_cpu)``, ``x_pre`` the value of ``x``) so that a success condition
and a footprint item that name one location through different context values compare
equal.

A success condition's ``post`` is read as the runtime reads it: each ``==`` conjunct whose
left side is a location (a member, element or slice of something) or an output is a
*write* of that location; a conjunct that is a call is a *predicate* that may establish
state (``RttsStateEqual(base, n, RTT)``); ``Prose`` is English the analysis cannot read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields

from specgen import nodes as ast
from specgen.extract.ir import Command, Condition, TypeRef
from specgen.lang.builtins import ASL_FUNCTIONS
from specgen.lang.printer import print_expr

_LOCATION_NODES = (ast.Member, ast.Index, ast.Slice)
_LITERALS = (ast.Number, ast.Boolean, ast.BitString)
#: Context values are inlined at most this deep (a context value naming another).
MAX_INLINE_DEPTH = 8


def type_name(ref: TypeRef | None) -> str | None:
    """The name of the (element) type ``ref`` refers to (None: the spec gives no type)."""
    return None if ref is None else ref.name


def children(node: ast.Node) -> Iterator[ast.Node]:
    for f in fields(node):
        if f.name == "span":
            continue
        value = getattr(node, f.name)
        if isinstance(value, ast.Node):
            yield value
        elif isinstance(value, tuple):
            yield from (item for item in value if isinstance(item, ast.Node))


def walk(node: ast.Node | None) -> Iterator[ast.Node]:
    if node is None:
        return
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(list(children(current))))


def names_in(node: ast.Node | None) -> set[str]:
    return {n.name for n in walk(node) if isinstance(n, ast.Name)}


def calls_in(node: ast.Node | None) -> set[str]:
    return {n.func for n in walk(node) if isinstance(n, ast.Call)}


def conjuncts(node: ast.Node | None) -> list[ast.Node]:
    """``a && (b && c)`` -> [a, b, c] (None -> [])."""
    if node is None:
        return []
    if isinstance(node, ast.Binary) and node.op == "&&":
        return conjuncts(node.left) + conjuncts(node.right)
    return [node]


def chain(node: ast.Node) -> list[ast.Node]:
    """``a.b[i].c`` -> [a.b[i].c, a.b[i], a.b, a]: the location and every location it is in."""
    result = [node]
    while isinstance(result[-1], _LOCATION_NODES):
        result.append(result[-1].obj)
    return result


def root(node: ast.Node) -> ast.Node:
    return chain(node)[-1]


def covers(outer: ast.Node, inner: ast.Node) -> bool:
    """Is location ``inner`` within location ``outer`` (or the same)?"""
    return outer in chain(inner)


def overlap(a: ast.Node, b: ast.Node) -> bool:
    return covers(a, b) or covers(b, a)


def show(node: ast.Node | None) -> str:
    return "" if node is None else print_expr(node)


@dataclass(frozen=True)
class Write:
    """``target == value`` in the ``post`` of success condition ``condition``: the update
    the command makes (``kind`` "state" or "output"). ``target`` and ``value`` are
    canonical (context values inlined); ``text`` is the target as the spec writes it."""

    condition: str
    kind: str
    target: ast.Node
    value: ast.Node
    text: str
    pre: tuple[ast.Node, ...]  # canonical conjuncts of the condition's pre (empty: always)
    pre_known: bool = True  # False: the pre is prose (when it holds is not known)
    written: ast.Node | None = None  # the target as written (context values not inlined)


@dataclass(frozen=True)
class Predicate:
    """A conjunct of a success ``post`` that is a call: it may establish state reachable
    from its arguments (``RttsStateEqual(Realm(rd).rtt_base, …)``)."""

    condition: str
    call: ast.Call  # canonical
    text: str


@dataclass(frozen=True)
class FootprintLocation:
    id: str
    target: ast.Node  # canonical
    text: str


class CommandFacts:
    """The static facts of one command (built once, shared by the rules)."""

    def __init__(self, command: Command):
        self.command = command
        self.inputs = {r.name for r in command.inputs}
        self.outputs = {r.name for r in command.outputs}
        self.context = {v.name: v.value_ast for v in command.context}
        self.scope = self.inputs | self.outputs | set(self.context) | {f"{n}_pre" for n in self.context}
        self.failure = {c.id: c for c in command.failure_conditions}
        self.success = {c.id: c for c in command.success_conditions}
        self.writes: list[Write] = []
        self.predicates: list[Predicate] = []
        # ``L != R`` (or an order) on a location: not a write, but says the location changes
        self.constrained: list[Write] = []
        self.prose: list[Condition] = []  # success conditions with an English pre or post
        self.unparsed: list[Condition] = []  # success conditions without an AST
        for condition in command.success_conditions:
            self._read_success(condition)
        self.footprint = [
            FootprintLocation(item.id, self.canonical(item.value_ast), item.value)
            for item in command.footprint
            if item.value_ast is not None
        ]

    # -- names --

    def context_names(self, name: str) -> str:
        """``x_pre`` -> ``x`` (the context value it is the earlier value of)."""
        if name not in self.context and name.endswith("_pre") and name[: -len("_pre")] in self.context:
            return name[: -len("_pre")]
        return name

    def referenced(self, node: ast.Node | None) -> set[str]:
        """Every name ``node`` uses, also through the context values it names."""
        seen: set[str] = set()
        todo = list(names_in(node))
        while todo:
            name = todo.pop()
            if name in seen:
                continue
            seen.add(name)
            target = self.context_names(name)
            seen.add(target)
            todo.extend(names_in(self.context.get(target)))
        return seen

    # -- canonical form --

    def canonical(self, node: ast.Node | None, depth: int = 0) -> ast.Node | None:
        """``node`` with every context value replaced by its definition."""
        if node is None or depth > MAX_INLINE_DEPTH:
            return node
        if isinstance(node, ast.Name):
            target = self.context_names(node.name)
            value = self.context.get(target)
            if value is not None and not isinstance(value, ast.Prose):
                return self.canonical(value, depth + 1)
            return node
        updates = {}
        for f in fields(node):
            if f.name == "span":
                continue
            value = getattr(node, f.name)
            if isinstance(value, ast.Node):
                updates[f.name] = self.canonical(value, depth)
            elif isinstance(value, tuple) and any(isinstance(v, ast.Node) for v in value):
                updates[f.name] = tuple(self.canonical(v, depth) if isinstance(v, ast.Node) else v for v in value)
        return type(node)(**{f.name: getattr(node, f.name) for f in fields(node) if f.name != "span"} | updates)

    def pre_conjuncts(self, condition: Condition) -> tuple[ast.Node, ...]:
        pre = condition.pre_ast
        if pre is None or isinstance(pre, ast.Prose):
            return ()
        return tuple(self.canonical(c) for c in conjuncts(pre))

    def is_constant(self, node: ast.Node) -> bool:
        """A value fixed by the text: a literal, a name that is not one of the command's
        values (an enumeration constant, defined or not), or a function of constants
        (``PsciReturnCodeEncode(PSCI_SUCCESS)``, ``Zeros()``)."""
        if isinstance(node, _LITERALS):
            return True
        if isinstance(node, ast.Name):
            return node.name not in self.scope
        if isinstance(node, ast.Call):
            if not node.args:
                return node.func in ASL_FUNCTIONS
            return all(self.is_constant(arg) for arg in node.args)
        if isinstance(node, ast.Unary):
            return self.is_constant(node.operand)
        return False

    # -- success conditions --

    def _read_success(self, condition: Condition) -> None:
        pre, post = condition.pre_ast, condition.post_ast
        if post is None or (condition.pre is not None and pre is None):
            self.unparsed.append(condition)
            return
        if isinstance(post, ast.Prose) or isinstance(pre, ast.Prose):
            self.prose.append(condition)
        if isinstance(post, ast.Prose):
            return
        pre_conjuncts = self.pre_conjuncts(condition)
        for conjunct in conjuncts(post):
            if isinstance(conjunct, ast.Binary) and conjunct.op == "==":
                kind = self._target_kind(conjunct.left)
                if kind is not None:
                    self.writes.append(
                        Write(
                            condition.id, kind, self.canonical(conjunct.left), self.canonical(conjunct.right),
                            show(conjunct.left), pre_conjuncts, not isinstance(pre, ast.Prose), conjunct.left,
                        )
                    )
            elif isinstance(conjunct, ast.Binary) and conjunct.op in ("!=", "<", "<=", ">", ">="):
                if self._target_kind(conjunct.left) == "state":
                    self.constrained.append(
                        Write(condition.id, "state", self.canonical(conjunct.left), self.canonical(conjunct.right),
                              show(conjunct.left), pre_conjuncts, not isinstance(pre, ast.Prose), conjunct.left)
                    )
            elif isinstance(conjunct, ast.Call):
                self.predicates.append(Predicate(condition.id, self.canonical(conjunct), show(conjunct)))

    def _target_kind(self, left: ast.Node) -> str | None:
        """"output" for an output (or a view of one), "state" for a location of state,
        None when the left side is not something the command writes."""
        if isinstance(left, ast.Name):
            return "output" if left.name in self.outputs else None
        if not isinstance(left, _LOCATION_NODES):
            return None
        base = root(self.canonical(left))
        if isinstance(base, ast.Name):
            if base.name in self.outputs:
                return "output"
            return None  # an input's field: a register value, not state
        if names_in(base) & self.outputs:
            return "output"  # a view of an output (``rtte = RttEntryFromDescriptor(desc)``)
        return "state"

    def state_writes(self) -> list[Write]:
        return [w for w in self.writes if w.kind == "state"]


def exclusive(a: tuple[ast.Node, ...], b: tuple[ast.Node, ...], facts: CommandFacts) -> bool:
    """Can conjunct sets ``a`` and ``b`` never hold together, as written? (``x`` and
    ``!x``; ``x == A`` and ``x == B`` for different constants; ``x == A`` and ``x != A``.)
    False means "not shown exclusive", not "compatible"."""
    return any(_contradict(p, q, facts) for p in a for q in b)


def contradiction(items: tuple[ast.Node, ...], facts: CommandFacts) -> tuple[ast.Node, ast.Node] | None:
    """Two conjuncts of one condition that cannot hold together, if there are any."""
    for i, p in enumerate(items):
        for q in items[i + 1 :]:
            if _contradict(p, q, facts):
                return p, q
    return None


def _contradict(p: ast.Node, q: ast.Node, facts: CommandFacts) -> bool:
    if isinstance(p, ast.Unary) and p.op == "!" and p.operand == q:
        return True
    if isinstance(q, ast.Unary) and q.op == "!" and q.operand == p:
        return True
    if isinstance(p, ast.Binary) and isinstance(q, ast.Binary) and p.left == q.left:
        if p.op == "==" and q.op == "==":
            return p.right != q.right and facts.is_constant(p.right) and facts.is_constant(q.right)
        if {p.op, q.op} == {"==", "!="}:
            return p.right == q.right
    return False


def implies(stronger: tuple[ast.Node, ...], weaker: tuple[ast.Node, ...]) -> bool:
    """Does a conjunction of ``stronger`` imply that of ``weaker``, as written (every
    conjunct of ``weaker`` is one of ``stronger``'s)? Empty ``weaker`` is not implied:
    it is a condition without a ``pre:`` (or one not read)."""
    return bool(weaker) and all(w in stronger for w in weaker)
