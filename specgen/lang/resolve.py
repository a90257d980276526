"""Name resolution: does every identifier in a command's conditions mean something?

Each bare name must be an input, output or context value of the command (``x_pre`` names
the value of context ``x`` before the command), an enumeration constant of an extracted
type, ``FID_<COMMAND>`` for a command of the IR, or a known global constant; each call must name a function of the spec (or an ASL
library function) with an overload of that many arguments; each ``.member`` must be a
member of the object's type when that type is known (inferred from inputs, context
values, function return types and struct members), or of some extracted type otherwise;
each id in an ordering statement must be one of the command's failure conditions.

Findings are diagnostics, one per command and name (at its first use): they are often
real spec defects, which specgen reports and never patches, or names the input does not
define (a revision without type chapters, an excerpt). They are *information* in the IR:
they say what the spec text means, not that extraction lost anything, so they do not fail
``extract --strict``; ``specgen check`` lists them and exits 1 when there are any.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from specgen import nodes as ast
from specgen.diagnostics import Diagnostic, Location, Severity
from specgen.extract.ir import IR, Command, TypeRef
from specgen.lang.builtins import ASL_FUNCTIONS, GLOBAL_CONSTANTS


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str  # "unresolved name" | "unknown function" | "arity" | "unknown member" | "unknown ordering id"
    command: str
    name: str
    detail: str
    loc: Location

    def diagnostic(self) -> Diagnostic:
        return Diagnostic(Severity.INFO, f"{self.kind} {self.name!r} in {self.command}: {self.detail}", self.loc, "SG201")


class Universe:
    """What the whole IR defines: types, members, enum constants, function overloads."""

    def __init__(self, ir: IR):
        self.types = {t.name: t for t in ir.types}
        self.members = {t.name: {m.name: m.type for m in t.members} for t in ir.types if t.kind in ("struct", "fieldset")}
        self.any_member = {m.name.split("[")[0] for t in ir.types for m in t.members}
        self.constants = {m.name for t in ir.types if t.kind == "enum" for m in t.members} | GLOBAL_CONSTANTS
        self.constants |= {f"FID_{c.name}" for c in ir.commands}  # a command's FID by name
        self.overloads: dict[str, list[tuple[int, TypeRef | None]]] = {}
        for function in ir.functions:
            for signature in function.signatures:
                self.overloads.setdefault(function.name, []).append((len(signature.params), signature.returns))

    def returns(self, name: str, arity: int) -> TypeRef | None:
        for count, returns in self.overloads.get(name, ()):
            if count == arity:
                return returns
        return None


def element_type(array: TypeRef | None) -> TypeRef | None:
    """The type of one element of ``array`` (None when it is not an array)."""
    if array is None or array.count is None:
        return None
    return replace(array, text=array.name, count=None)


class _CommandResolver:
    def __init__(self, universe: Universe, command: Command):
        self.universe = universe
        self.command = command
        self.scope: dict[str, TypeRef | None] = {}
        for register in command.inputs + command.outputs:
            self.scope[register.name] = register.type
        for value in command.context:
            self.scope[value.name] = value.type
        for value in command.context:
            self.scope.setdefault(f"{value.name}_pre", value.type)
        self.findings: dict[tuple[str, str], Finding] = {}

    def report(self, kind: str, name: str, detail: str, loc: Location) -> None:
        self.findings.setdefault((kind, name), Finding(kind, self.command.name, name, detail, loc))

    def expression(self, node, loc: Location, where: str) -> TypeRef | None:
        """Check ``node``; return its type when it can be inferred."""
        if isinstance(node, ast.Name):
            if node.name in self.scope:
                return self.scope[node.name]
            if node.name not in self.universe.constants:
                self.report("unresolved name", node.name, f"not an input, output, context value or constant ({where})", loc)
            return None
        if isinstance(node, ast.Call):
            for arg in node.args:
                self.expression(arg, loc, where)
            return self.call(node, loc, where)
        if isinstance(node, ast.Member):
            owner = self.expression(node.obj, loc, where)
            return self.member(owner, node.name, loc, where)
        if isinstance(node, ast.Index):
            owner = self.expression(node.obj, loc, where)
            self.expression(node.index, loc, where)
            return element_type(owner)
        if isinstance(node, ast.Slice):
            for part in (node.obj, node.high, node.low):
                self.expression(part, loc, where)
            return None
        if isinstance(node, (ast.Unary,)):
            self.expression(node.operand, loc, where)
            return None
        if isinstance(node, ast.Binary):
            self.expression(node.left, loc, where)
            self.expression(node.right, loc, where)
            return None
        if isinstance(node, ast.Concat):
            for item in node.items:
                self.expression(item, loc, where)
        return None

    def call(self, node: ast.Call, loc: Location, where: str) -> TypeRef | None:
        arity = len(node.args)
        if node.func in self.universe.overloads:
            counts = sorted({count for count, _ in self.universe.overloads[node.func]})
            if arity not in counts:
                self.report("arity", node.func, f"called with {arity} argument(s), overloads take {counts} ({where})", loc)
            return self.universe.returns(node.func, arity)
        if node.func in ASL_FUNCTIONS:
            if arity not in ASL_FUNCTIONS[node.func]:
                self.report("arity", node.func, f"called with {arity} argument(s), takes {sorted(ASL_FUNCTIONS[node.func])} ({where})", loc)
            return None
        self.report("unknown function", node.func, f"no function section defines it ({where})", loc)
        return None

    def member(self, owner: TypeRef | None, name: str, loc: Location, where: str) -> TypeRef | None:
        scalar = owner is not None and owner.count is None
        members = self.universe.members.get(owner.name) if scalar else None
        if members is not None:
            if name in members:
                return members[name]
            indexed = [m for m in members if m.split("[")[0] == name]
            if indexed:
                return members[indexed[0]]
            self.report("unknown member", name, f"type {owner.name} has no member {name!r} ({where})", loc)
            return None
        if name not in self.universe.any_member:
            self.report("unknown member", name, f"no extracted type has a member {name!r} ({where})", loc)
        return None

    def run(self) -> list[Finding]:
        command = self.command
        for value in command.context:
            self._check(value.value_ast, value.loc, f"context {value.name}")
        for kind, conditions in (("failure", command.failure_conditions), ("success", command.success_conditions)):
            for condition in conditions:
                self._check(condition.pre_ast, condition.loc, f"{kind} condition {condition.id}")
                self._check(condition.post_ast, condition.loc, f"{kind} condition {condition.id}")
        for item in command.footprint:
            self._check(item.value_ast, item.loc, f"footprint {item.id}")
        ids = {c.id for c in command.failure_conditions}
        for ordering in command.failure_ordering:
            for name in ordering.before + ordering.after:
                if name not in ids:
                    self.report("unknown ordering id", name, "not a failure condition of this command", ordering.loc)
        return list(self.findings.values())

    def _check(self, node, loc: Location, where: str) -> None:
        if node is not None and not isinstance(node, ast.Prose):
            self.expression(node, loc, where)


def findings(ir: IR) -> Iterator[Finding]:
    universe = Universe(ir)
    for command in ir.commands:
        yield from _CommandResolver(universe, command).run()


def resolve(ir: IR) -> list[Diagnostic]:
    return [finding.diagnostic() for finding in findings(ir)]


class _UsageCollector(_CommandResolver):
    """Resolves a command like ``findings`` does, recording every type it infers on the way
    (the types of the members it reads, not every member of those types) and the enums
    whose constants it names."""

    def __init__(self, universe: Universe, command: Command, owners: dict[str, set[str]]):
        super().__init__(universe, command)
        self.owners = owners
        self.used: set[str] = set()

    def report(self, kind: str, name: str, detail: str, loc: Location) -> None:
        pass

    def expression(self, node, loc: Location, where: str) -> TypeRef | None:
        found = super().expression(node, loc, where)
        if isinstance(node, ast.Name) and node.name not in self.scope:
            self.used |= self.owners.get(node.name, set())
        if found is not None:
            self.used.add(found.name)  # an array's element type
        return found


def used_types(ir: IR, command: Command) -> set[str]:
    """Type names ``command`` uses: its registers' and context values' types, the type of
    every expression its conditions, context and footprint evaluate (so ``rec.flags.runnable``
    uses RmmRec, RmmRecFlags and RmmRecRunnable, not the other members' types), and the
    enumerations whose constants it names."""
    owners: dict[str, set[str]] = {}
    for definition in ir.types:
        if definition.kind == "enum":
            for member in definition.members:
                owners.setdefault(member.name, set()).add(definition.name)
    collector = _UsageCollector(Universe(ir), command, owners)
    collector.run()
    used = collector.used
    for row in (*command.inputs, *command.outputs, *command.context):
        used |= {row.type.name} if row.type else set()
    return used
