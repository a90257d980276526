"""Translate the spec's ASTs (conditions, context values, function bodies) into Python.

Why a translator and not string templates: the meaning of an AST node depends on what its
names are (an input, a context value, an enum constant, a spec function with a body or one
the runtime implements) and on types (``offset + size`` of two UInt64 wraps; ``[a, b]``
needs the widths of ``a`` and ``b``). ``Universe`` knows the revision; ``Translator`` turns
one expression or statement into ``ast`` nodes (``py_syntax.unparse`` prints them), or
raises ``Untranslatable`` naming what the model cannot execute (the generator then emits a
``NotModelled`` for that condition or function and the coverage report lists the reason).

Generated code conventions: ``_m`` is the model (runtime semantics and state), ``_e`` the
values of a command execution, ``_T`` the generated types module, ``_F`` the generated
functions module, ``_asl`` the ASL helpers; spec names never start with an underscore.
"""

from __future__ import annotations

import ast as py
from dataclasses import dataclass, field, replace

from specgen.extract.ir import IR, TypeRef
from specgen.extract.typing import TypeTable, type_ref
from specgen.generate.py_names import array_of, element_name, fixed_width, py_name
from specgen.generate.py_syntax import (
    Comment,
    as_target,
    attribute,
    call,
    constant,
    name,
    store,
    text,
    tuple_of,
)
from specgen import nodes as ast
from specgen.lang.builtins import GLOBAL_CONSTANTS
from specgen.lang.printer import print_expr, print_type
from specgen_runtime import asl
from specgen_runtime.bindings import Registry, registry


class Untranslatable(Exception):
    """The model cannot execute this: ``reason`` names the function, name or construct;
    ``unbound`` the spec functions without body or runtime binding behind it."""

    def __init__(self, reason: str, unbound=()):
        super().__init__(reason)
        self.reason = reason
        self.unbound = frozenset(unbound)


@dataclass
class Binding:
    """What a name means in a scope: how generated code reads it (an expression tree) and
    its spec type."""

    code: py.expr
    type: TypeRef | None
    kind: str  # input | output | context | before | pre | local | param | constant
    broken: str | None = None  # why this (context) value cannot be computed
    unbound: frozenset[str] = frozenset()  # unbound functions behind ``broken``


@dataclass
class FunctionInfo:
    """A spec function as the generated code sees it."""

    name: str
    arities: dict[int, TypeRef | None]  # number of arguments -> return type
    params: dict[int, list[tuple[str, TypeRef | None]]]  # number of arguments -> (name, type)
    has_body: bool
    runtime: bool
    problem: str | None = None  # why calling it raises NotModelled
    callees: set[str] = field(default_factory=set)
    unbound: frozenset[str] = frozenset()  # functions without body or binding behind problem


class Universe:
    """Everything a revision defines that translation needs, and what the runtime binds
    (``bindings``: the runtime's declared registry, ``specgen_runtime.bindings``)."""

    def __init__(self, ir: IR, bindings: Registry | None = None):
        self.ir = ir
        self.bindings = bindings if bindings is not None else registry()
        self.types = {t.name: t for t in ir.types}
        self.table = TypeTable(ir.types)
        self.enum_constants: dict[str, str] = {}
        for t in ir.types:
            if t.kind == "enum":
                for member in t.members:
                    self.enum_constants.setdefault(member.name, t.name)
        self.fids = {f"FID_{c.name}": c.fid for c in ir.commands if c.fid is not None}
        self.members = {
            t.name: struct_members(t) for t in ir.types if t.kind in ("struct", "fieldset")
        }
        self.symbols: set[str] = set()  # constants used but not defined by this revision
        self.functions: dict[str, FunctionInfo] = {}
        for function in ir.functions:
            arities: dict[int, TypeRef | None] = {}
            params: dict[int, list[tuple[str, TypeRef | None]]] = {}
            for signature in function.signatures:
                node = signature.ast
                if isinstance(node, ast.FunctionSig):
                    arities[len(node.params)] = (
                        self.typeref(print_type(node.returns)) if node.returns else signature.returns
                    )
                    params[len(node.params)] = [
                        (p.name, self.typeref(print_type(p.type))) for p in node.params
                    ]
                else:
                    arities[len(signature.params)] = signature.returns
                    params[len(signature.params)] = [(p.name, p.type) for p in signature.params]
            runtime = function.name in self.bindings.functions
            self.functions.setdefault(
                function.name,
                FunctionInfo(
                    function.name, arities, params, function.body_ast is not None, runtime
                ),
            )

    # -- questions the translator asks --

    def typeref(self, text: str | None) -> TypeRef | None:
        """The type ``text`` names in this revision (kind, width, signedness resolved)."""
        return self.table.resolve(type_ref(text))

    def constant_type(self, name: str) -> TypeRef | None:
        owner = self.enum_constants.get(name)
        return self.typeref(owner) if owner else None

    def member_type(self, owner: TypeRef | None, member: str) -> TypeRef | None:
        if owner is None or owner.count is not None:
            return None
        return self.members.get(owner.name, {}).get(member)

    def runtime_function(self, name: str) -> str | None:
        """Why the runtime cannot run ``name`` (None when it can)."""
        binding = self.bindings.functions.get(name)
        if binding is None:
            return f"{name} is declared without a body and not bound to the runtime"
        missing = [t for t in binding.types if t not in self.types]
        if missing:
            return f"{name} needs type(s) {', '.join(missing)}, not extracted for this revision"
        return None

    def runtime_method(self, name: str) -> str:
        """The model method bound to spec function ``name``."""
        return self.bindings.functions[name].method

    def is_state_accessor(self, name: str) -> bool:
        """Is ``name``'s result live state (an update through it changes the state)?"""
        binding = self.bindings.functions.get(name)
        return binding is not None and binding.state


def struct_members(t) -> dict[str, TypeRef | None]:
    """Member name -> type, with ``x[0]``…``x[n]`` rows folded into one array ``x``."""
    members: dict[str, TypeRef | None] = {}
    counts: dict[str, int] = {}
    for member in t.members:
        element = element_name(member.name)
        if element:
            base, index = element
            counts[base] = max(counts.get(base, 0), index + 1)
            members[base] = member.type
        else:
            members[member.name] = member.type
    for base, count in counts.items():
        element = members[base]
        if element is not None:
            members[base] = replace(element, text=f"{element.text}[{count}]", count=count)
    return members


# ---- expressions ------------------------------------------------------------------------------------

_BINARY = {"+": py.Add, "-": py.Sub, "*": py.Mult}
_COMPARE = {"==": py.Eq, "!=": py.NotEq, "<": py.Lt, "<=": py.LtE, ">": py.Gt, ">=": py.GtE}
_HELPERS = {"^": "power", "/": "divide", "DIV": "div", "MOD": "mod"}


def _asl_call(helper: str, *args: py.expr) -> py.Call:
    return call(attribute(name("_asl"), helper), *args)


def _chain(arms: list[tuple[py.expr, list[py.stmt]]], orelse: list[py.stmt]) -> list[py.stmt]:
    """``if … elif … else …`` of (test, body) arms."""
    for test, body in reversed(arms):
        orelse = [py.If(test, body, orelse)]
    return orelse


class Translator:
    """Python syntax trees for the expressions and statements of one scope (a command or a
    function body). ``same_module`` is True when translating the functions module itself
    (calls to spec functions are then direct)."""

    def __init__(
        self,
        universe: Universe,
        scope: dict[str, Binding],
        *,
        same_module: bool,
        what: str,
        pre_values: set[str] | None = None,
    ):
        self.universe = universe
        self.scope = scope
        self.same_module = same_module
        self.what = what
        self.callees: set[str] = set()
        self.pre_values = (
            pre_values if pre_values is not None else set()
        )  # context values read as ``x_pre``
        self._temporaries = 0

    # -- names --

    def name(self, node: ast.Name) -> py.expr:
        binding = self.scope.get(node.name)
        if binding is not None:
            if binding.broken:
                raise Untranslatable(binding.broken, binding.unbound)
            return binding.code
        base = node.name[:-4]
        if (
            node.name.endswith("_pre")
            and base in self.scope
            and self.scope[base].kind in ("context", "before")
        ):
            if self.scope[base].broken:
                raise Untranslatable(self.scope[base].broken, self.scope[base].unbound)
            self.pre_values.add(py_name(base))
            return call(attribute(name("_e"), "_pre"), text(py_name(base)))
        if node.name in self.universe.enum_constants or node.name in self.universe.fids:
            return attribute(name("_T"), py_name(node.name))
        constants = self.universe.bindings.constants
        if node.name in GLOBAL_CONSTANTS or node.name in constants:
            if node.name not in constants:
                raise Untranslatable(f"constant {node.name} has no value in the runtime")
            return attribute(name("_m"), py_name(node.name))
        if node.name.isupper() and node.name.replace("_", "").isalnum():
            self.universe.symbols.add(node.name)
            return attribute(name("_T"), py_name(node.name))
        raise Untranslatable(f"name {node.name!r} is not defined in {self.what}")

    def type_of(self, node) -> TypeRef | None:
        """The spec type of an expression, when it can be told (None otherwise)."""
        if isinstance(node, ast.Name):
            binding = self.scope.get(node.name)
            if binding is not None:
                return binding.type
            if node.name.endswith("_pre") and node.name[:-4] in self.scope:
                return self.scope[node.name[:-4]].type
            return self.universe.constant_type(node.name)
        if isinstance(node, ast.Number):
            return self.universe.typeref("integer")
        if isinstance(node, ast.Boolean):
            return self.universe.typeref("boolean")
        if isinstance(node, ast.BitString):
            return self.universe.typeref(f"bits({len(node.bits.replace(' ', ''))})")
        if isinstance(node, ast.Call):
            info = self.universe.functions.get(node.func)
            if info is not None:
                return info.arities.get(len(node.args))
            if node.func in ("UInt", "SInt", "Min", "Max", "Abs", "Len"):
                return self.universe.typeref("integer")
            return None
        if isinstance(node, ast.Member):
            return self.universe.member_type(self.type_of(node.obj), node.name)
        if isinstance(node, ast.Index):
            array = array_of(self.type_of(node.obj))
            return array[0] if array else None
        if isinstance(node, ast.Slice):
            if isinstance(node.high, ast.Number) and isinstance(node.low, ast.Number):
                return self.universe.typeref(f"bits({node.high.value - node.low.value + 1})")
            return None
        if isinstance(node, ast.Binary):
            if node.op in _COMPARE or node.op in ("&&", "||"):
                return self.universe.typeref("boolean")
            if node.op in _BINARY and self._wrap_width(node):
                return self.type_of(node.left)
            return self.universe.typeref("integer")
        if isinstance(node, ast.Unary):
            if node.op == "!":
                return self.universe.typeref("boolean")
            return self.type_of(node.operand)
        return None

    def _wrap_width(self, node: ast.Binary) -> tuple[int, bool] | None:
        """Fixed-width arithmetic wraps when both operands have a fixed width (ASL bits)."""
        left, right = fixed_width(self.type_of(node.left)), fixed_width(self.type_of(node.right))
        if left and right:
            return max(left[0], right[0]), left[1]
        return None

    # -- expressions --

    def expr(self, node) -> py.expr:
        method = getattr(self, "_expr_" + type(node).__name__, None)
        if method is None:
            raise Untranslatable(f"{type(node).__name__} is not an expression the model executes")
        return method(node)

    def _expr_Name(self, node: ast.Name) -> py.expr:
        return self.name(node)

    def _expr_Number(self, node: ast.Number) -> py.expr:
        return constant(int(node.value))

    def _expr_Boolean(self, node: ast.Boolean) -> py.expr:
        return constant(bool(node.value))

    def _expr_BitString(self, node: ast.BitString) -> py.expr:
        if set(node.bits.replace(" ", "")) - {"0", "1"}:
            raise Untranslatable(f"bit-string literal '{node.bits}' with don't-care bits")
        return constant(int(node.bits.replace(" ", ""), 2))

    def _expr_Prose(self, node: ast.Prose) -> py.expr:
        raise Untranslatable(f"prose: {node.text}")

    def _expr_Unary(self, node: ast.Unary) -> py.expr:
        operand = self.expr(node.operand)
        return py.UnaryOp(py.Not() if node.op == "!" else py.USub(), operand)

    def _expr_Binary(self, node: ast.Binary) -> py.expr:
        left, right = self.expr(node.left), self.expr(node.right)
        op = node.op
        if op in ("&&", "||"):
            return py.BoolOp(py.And() if op == "&&" else py.Or(), [left, right])
        if op in _COMPARE:
            return py.Compare(left, [_COMPARE[op]()], [right])
        if op in _BINARY:
            value = py.BinOp(left, _BINARY[op](), right)
            wrap = self._wrap_width(node)
            return _asl_call("wrap", value, constant(wrap[0]), constant(wrap[1])) if wrap else value
        if op in _HELPERS:
            return _asl_call(_HELPERS[op], left, right)
        raise Untranslatable(f"operator {op}")

    def _expr_Member(self, node: ast.Member) -> py.expr:
        return attribute(self.expr(node.obj), py_name(node.name))

    def _expr_Index(self, node: ast.Index) -> py.expr:
        obj, index = self.expr(node.obj), self.expr(node.index)
        return _asl_call("element" if array_of(self.type_of(node.obj)) else "index", obj, index)

    def _expr_Slice(self, node: ast.Slice) -> py.expr:
        return _asl_call("bit_slice", self.expr(node.obj), self.expr(node.high), self.expr(node.low))

    def _expr_Concat(self, node: ast.Concat) -> py.expr:
        parts = []
        for item in node.items:
            width = fixed_width(self.type_of(item))
            if width is None:
                raise Untranslatable(
                    f"concatenation of a value of unknown width: {print_expr(item)}"
                )
            parts.append(tuple_of([self.expr(item), constant(width[0])]))
        return _asl_call("concat", *parts)

    def _expr_Call(self, node: ast.Call) -> py.expr:
        args = [self.expr(a) for a in node.args]
        return self.call(node.func, args, len(node.args))

    def call(self, func: str, args: list[py.expr], arity: int) -> py.expr:
        info = self.universe.functions.get(func)
        if info is not None:
            if arity not in info.arities and not info.runtime:
                raise Untranslatable(f"{func} has no overload with {arity} argument(s)")
            if info.problem:
                raise Untranslatable(info.problem, info.unbound)
            self.callees.add(func)
            target = name(py_name(func)) if self.same_module else attribute(name("_F"), py_name(func))
            return call(target, name("_m"), *args)
        if func in asl.ASL_LIBRARY:
            return _asl_call(func, *args)
        if func in self.universe.bindings.functions:
            problem = self.universe.runtime_function(func)
            if problem:
                raise Untranslatable(problem, unbound=())
            return call(attribute(name("_m"), py_name(self.universe.runtime_method(func))), *args)
        raise Untranslatable(f"function {func} is not defined by the spec, ASL or the runtime")

    # -- statements (function bodies) --

    def block(self, block: ast.Block) -> list[py.stmt]:
        """The statements of ``block`` (``pass`` when it has none but comments)."""
        statements: list[py.stmt] = []
        for statement in block.statements:
            statements.extend(self.statement(statement))
        if all(isinstance(s, Comment) for s in statements):
            statements.append(py.Pass())
        return statements

    def statement(self, node) -> list[py.stmt]:
        method = getattr(self, "_stmt_" + type(node).__name__, None)
        if method is None:
            raise Untranslatable(f"statement {type(node).__name__}")
        return method(node)

    def _local(self, variable: str, type_name: TypeRef | None) -> py.Name:
        """The local variable ``variable`` as an assignment target (declared on first use)."""
        binding = self.scope.get(variable)
        if binding is None:
            binding = self.scope[variable] = Binding(name(py_name(variable)), type_name, "local")
        elif binding.kind not in ("local", "param"):
            raise Untranslatable(f"assignment to {variable}, which is not a local variable")
        elif type_name and not binding.type:
            binding.type = type_name
        return store(binding.code.id)

    def _stmt_Var(self, node: ast.Var) -> list[py.stmt]:
        type_name = self.universe.typeref(print_type(node.type)) if node.type is not None else None
        if node.value is not None:
            value = self.expr(node.value)
            type_name = type_name or self.type_of(node.value)
        else:
            value = constant(None)
        return [py.Assign([self._local(node.name, type_name)], value)]

    def _stmt_Assign(self, node: ast.Assign) -> list[py.stmt]:
        value = self.expr(node.value)
        target = node.target
        if isinstance(target, ast.Name):
            return [py.Assign([self._local(target.name, self.type_of(node.value))], value)]
        if isinstance(target, ast.Slice) and isinstance(target.obj, ast.Name):
            variable = self._local(target.obj.name, None)
            update = _asl_call(
                "set_bit_slice", name(variable.id), self.expr(target.high), self.expr(target.low), value
            )
            return [py.Assign([variable], update)]
        if isinstance(target, (ast.Member, ast.Index)):
            place = as_target(self.expr(target))
            if place is not None:
                return [py.Assign([place], value)]
        raise Untranslatable(f"assignment to {print_expr(target)}")

    def _stmt_If(self, node: ast.If) -> list[py.stmt]:
        # translated in the order of the source (first problem reported, locals declared,
        # temporaries numbered as they appear), then nested: elsif arms are an if in else
        arms = [(self.expr(node.condition), self.block(node.body))]
        arms += [(self.expr(arm.condition), self.block(arm.body)) for arm in node.elsifs]
        orelse = self.block(node.orelse) if node.orelse is not None else []
        return _chain(arms, orelse)

    def _stmt_For(self, node: ast.For) -> list[py.stmt]:
        variable = self._local(node.var, self.universe.typeref("integer"))
        helper = "inclusive_range" if node.direction == "to" else "inclusive_range_down"
        values = _asl_call(helper, self.expr(node.start), self.expr(node.stop))
        return [py.For(variable, values, self.block(node.body), [])]

    def _stmt_While(self, node: ast.While) -> list[py.stmt]:
        return [py.While(self.expr(node.condition), self.block(node.body), [])]

    def _stmt_Case(self, node: ast.Case) -> list[py.stmt]:
        self._temporaries += 1
        subject = f"_case{self._temporaries}"
        assign = py.Assign([store(subject)], self.expr(node.subject))
        arms = []
        for arm in node.arms:
            tests = [py.Compare(name(subject), [py.Eq()], [self.expr(p)]) for p in arm.patterns]
            arms.append((tests[0] if len(tests) == 1 else py.BoolOp(py.Or(), tests), self.block(arm.body)))
        if node.otherwise is not None:
            orelse = self.block(node.otherwise)
        else:
            orelse = [py.Expr(_asl_call("no_case_matched", name(subject)))]
        return [assign, *_chain(arms, orelse)]

    def _stmt_Return(self, node: ast.Return) -> list[py.stmt]:
        return [py.Return(None if node.value is None else self.expr(node.value))]

    def _stmt_Assert(self, node: ast.Assert) -> list[py.stmt]:
        check = _asl_call("check_assert", self.expr(node.condition), text(print_expr(node.condition)))
        return [py.Expr(check)]

    def _stmt_ExprStmt(self, node: ast.ExprStmt) -> list[py.stmt]:
        return [py.Expr(self.expr(node.expr))]

    def _stmt_Comment(self, node: ast.Comment) -> list[py.stmt]:
        return [Comment(node.text)]


def is_update_root(node, scope: dict[str, Binding], universe: Universe) -> bool:
    """Does assigning through ``node`` (the root of ``root.a[i].b``) change the state or an
    output? Outputs and context values (live references) do; inputs and values taken
    *before* the command are copies, so a condition on them is a check, never an update."""
    if isinstance(node, ast.Name):
        binding = scope.get(node.name)
        return binding is not None and binding.kind in ("output", "context")
    if isinstance(node, ast.Call):
        return universe.is_state_accessor(node.func)
    return False


def lvalue_parts(node) -> tuple[object, list] | None:
    """(root, path) of ``root.member[index]…`` (path of member names and index nodes), or
    None when ``node`` is not such a chain."""
    path: list = []
    while isinstance(node, (ast.Member, ast.Index)):
        path.append(node.name if isinstance(node, ast.Member) else node.index)
        node = node.obj
    return node, list(reversed(path))

