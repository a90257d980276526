"""Target ``python``: an executable model of one DEN0137 revision.

Output (under ``<out>/python/``): a package ``den0137_<version>/`` with

- ``types.py``: enumerations, fieldsets (bit ranges, encode/decode) and structs;
- ``functions.py``: every spec function: ASL bodies translated, bodiless ones bound to the
  runtime's semantics, or a stub raising ``NotModelled`` naming why;
- ``commands.py``: one ``CommandSpec`` and one function per command, ``COMMANDS`` and the
  FID dispatch table ``BY_FID``;
- ``__init__.py``: ``new_model(platform=None)``, and the coverage figures.

The hand-written part lives in ``specgen_runtime``. Everything here is a view built from
the IR; the code in a view is a Python syntax tree (``py_syntax``: names validated, text
as ``ast.Constant``), printed in one place (``py_syntax.unparse``, the ``py_source``
filter of ``templates/python/*.jinja``; ``py_emit`` builds ``commands.py`` and every
function definition), then formatted with black; the same IR gives the same bytes.
``model_coverage(ir)`` reports per command which conditions are executable.
"""

from __future__ import annotations

import ast as py
import re
from contextlib import contextmanager
from dataclasses import dataclass

from specgen.diagnostics import Location
from specgen.extract.ir import IR, BitRange, Command, Condition, TypeRef
from specgen.generate.environment import render_template
from specgen.generate.errors import Rendered, UnsafeText
from specgen.generate.filters import py_identifier
from specgen.generate.formatting import format_python
from specgen.generate.header import header_lines
from specgen.generate.py_emit import commands_module, function_definition
from specgen.generate.py_names import fixed_width, py_name
from specgen.generate.py_syntax import attribute, call, constant, lambda_of, name, text, tuple_of
from specgen.generate.py_translate import (
    Binding,
    Translator,
    Universe,
    Untranslatable,
    is_update_root,
    lvalue_parts,
)
from specgen.generate.py_types import TypeCatalogue, TypesView, build_types
from specgen import nodes as ast
from specgen import __version__ as specgen_version
from specgen_runtime import __version__ as runtime_version
from specgen_runtime.bindings import Registry
from specgen_runtime.prose import normalise as normalise_prose


def package_name(ir: IR) -> str:
    """``den0137_1_0_rel0`` for revision ``1.0-rel0`` (validated identifier)."""
    return py_identifier(
        "den0137_" + re.sub(r"[^0-9A-Za-z]+", "_", ir.document.version).strip("_").lower()
    )


COMMANDS_DOCSTRING = """Commands of the DEN0137 revision: one ``CommandSpec`` and one function each.

Each piece of a condition is a function of the model ``_m`` and the command's values
``_e`` (inputs, outputs, context values): ``pre`` is the ``pre:`` part, ``effects``
prepare the updates its ``post:`` states (outputs or state), ``checks`` are its other
conjuncts; footprint items locate state. See ``specgen_runtime.machine``.
"""


# ---- views ---------------------------------------------------------------------------------------


@dataclass
class FunctionView:
    name: str
    kind: str  # body | runtime | stub
    params: list[str]
    body: list[py.stmt]  # the translated ASL body (kind "body")
    summary: str
    loc: str
    problem: str | None = None
    variadic: bool = False
    method: str | None = None  # runtime: the model method bound to it (may differ from the name)

    @property
    def definition(self) -> py.FunctionDef:
        """The ``def`` the functions module holds for this function."""
        return function_definition(self)


@dataclass
class ConditionView:
    id: str
    pre_text: str | None  # the condition as the spec states it
    post_text: str
    loc: str
    pre: py.expr | None  # ``lambda _m, _e: …`` of the pre: part (None: no pre:)
    effects: list[py.expr]  # lambdas preparing the updates post: states
    checks: list[py.expr]  # lambdas of the other conjuncts of post:
    not_modelled: str | None
    how: str  # what makes it executable (or not): translated, prose rule …
    unbound: frozenset[str] = frozenset()  # what the runtime would have to bind


@dataclass
class RegisterView:
    name: str
    spec_name: str
    register: str
    high: int
    low: int
    type: str
    codec: py.expr


@dataclass
class ContextView:
    name: str
    before: bool
    value: py.expr  # ``lambda _m, _e: …``
    text: str
    view_of: str | None  # the output this value is a view of
    view_inverse: str | None  # the model method writing the view back
    not_modelled: str | None


@dataclass
class FootprintView:
    id: str
    text: str
    loc: str
    locate: py.expr | None  # ``lambda _m, _e: …`` giving the locations
    not_modelled: str | None
    unbound: frozenset[str] = frozenset()


@dataclass
class CommandView:
    name: str
    interface: str
    fid: int | None
    section: str
    summary: str
    loc: str
    inputs: list[RegisterView]
    outputs: list[RegisterView]
    context: list[ContextView]
    pre_values: list[str]  # context names read as ``x_pre``
    failure: list[ConditionView]
    ordering: list[tuple[tuple[str, ...], tuple[str, ...]]]  # (before ids, after ids)
    success: list[ConditionView]
    footprint: list[FootprintView]


@dataclass
class ModelView:
    package: str
    types: TypesView
    functions: list[FunctionView]
    commands: list[CommandView]
    warnings: list[tuple[str, Location | None]]
    universe: Universe

    @property
    def has_stubs(self) -> bool:
        """Does any function raise NotModelled (the functions module then needs the runtime)?"""
        return any(f.kind == "stub" for f in self.functions)


# ---- functions -----------------------------------------------------------------------------------


def build_functions(universe: Universe, warnings: list) -> list[FunctionView]:
    """Translate bodies, bind bodiless functions to the runtime, and propagate
    "not modelled" to every function that calls a function that is."""
    views: dict[str, FunctionView] = {}
    seen: set[str] = set()
    for function in universe.ir.functions:
        if function.name in seen:
            warnings.append(
                (
                    f"function {function.name} is defined twice; the first definition is used",
                    function.loc,
                )
            )
            continue
        seen.add(function.name)
        with located(f"function {function.name}", function.loc):
            views[function.name] = _function_view(universe, function)
    _propagate_problems(universe, views)
    return list(views.values())


def _function_view(universe: Universe, function) -> FunctionView:
    info = universe.functions[function.name]
    loc = str(function.loc)
    arity = max(info.params) if info.params else 0
    params = [py_name(p) for p, _t in info.params.get(arity, [])]
    if function.body_ast is None:
        info.problem = universe.runtime_function(function.name)
        if function.name not in universe.bindings.functions:
            info.unbound = frozenset({function.name})
        kind = "runtime" if info.problem is None else "stub"
        return FunctionView(
            py_name(function.name),
            kind,
            params,
            [],
            function.summary,
            loc,
            info.problem,
            variadic=len(info.params) > 1,
            method=py_name(universe.runtime_method(function.name)) if kind == "runtime" else None,
        )
    if len(info.params) > 1:
        info.problem = f"{function.name} has a body and several signatures"
        return FunctionView(
            py_name(function.name), "stub", [], [], function.summary, loc, info.problem
        )
    scope = {p: Binding(name(py_name(p)), t, "param") for p, t in info.params.get(arity, [])}
    translator = Translator(universe, scope, same_module=True, what=f"function {function.name}")
    try:
        body = translator.block(function.body_ast)
    except Untranslatable as error:
        info.problem = f"{function.name}: {error.reason}"
        info.unbound = error.unbound
        body = []
    info.callees = translator.callees
    kind = "body" if info.problem is None else "stub"
    return FunctionView(
        py_name(function.name), kind, params, body, function.summary, loc, info.problem
    )


def _propagate_problems(universe: Universe, views: dict[str, FunctionView]) -> None:
    """A function calling a function that is not modelled is not modelled either."""
    changed = True
    while changed:
        changed = False
        for name, info in universe.functions.items():
            if info.problem is None and name in views:
                broken = next(
                    (c for c in sorted(info.callees) if universe.functions[c].problem), None
                )
                if broken is not None:
                    info.problem = f"{name} calls {broken}, which is not modelled"
                    info.unbound = universe.functions[broken].unbound
                    views[name].kind, views[name].problem = "stub", info.problem
                    changed = True


# ---- commands ------------------------------------------------------------------------------------


class CommandBuilder:
    """The view of one command: its scope, context values, conditions and footprint."""

    def __init__(
        self, universe: Universe, catalogue: TypeCatalogue, command: Command, warnings: list
    ):
        self.universe = universe
        self.catalogue = catalogue
        self.command = command
        self.warnings = warnings
        self.scope: dict[str, Binding] = {}
        self.pre_values: set[str] = set()

    @staticmethod
    def _lambda(body: py.expr) -> py.Lambda:
        """A condition piece: a function of the model ``_m`` and the values ``_e``."""
        return lambda_of(["_m", "_e"], body)

    def _translator(self) -> Translator:
        return Translator(
            self.universe,
            self.scope,
            same_module=False,
            what=self.command.name,
            pre_values=self.pre_values,
        )

    def build(self) -> CommandView:
        c = self.command
        inputs = [self._register(r, "input") for r in c.inputs if not _is_fid(r)]
        outputs = [self._register(r, "output") for r in c.outputs]
        fid = c.fid
        if any(_is_fid(r) for r in c.inputs):
            self.scope["fid"] = Binding(constant(fid), self.universe.typeref("UInt64"), "constant")
        for item in c.context:
            if item.name in self.scope:
                self.warnings.append(
                    (f"{c.name}: context value {item.name} hides an input or output", item.loc)
                )
            self.scope[item.name] = Binding(
                attribute(name("_e"), py_name(item.name)), item.type, "before" if item.before else "context"
            )
        context = [self._context(item) for item in c.context]
        failure = [self._condition(cond, failure=True) for cond in c.failure_conditions]
        success = [self._condition(cond, failure=False) for cond in c.success_conditions]
        unreadable = [r.name for r in c.inputs + c.outputs if r.bits is None and not _is_fid(r)]
        if unreadable:
            reason = f"bit range of register(s) {', '.join(unreadable)} not understood"
            self.warnings.append((f"{c.name}: {reason}; its conditions are not modelled", c.loc))
            for view in failure + success:
                view.not_modelled, view.how = reason, "not modelled"
                view.pre, view.effects, view.checks = None, [], []
        footprint = [self._footprint(item) for item in c.footprint]
        ids = {cond.id for cond in c.failure_conditions}
        ordering = []
        for statement in c.failure_ordering:
            unknown = [i for i in statement.before + statement.after if i not in ids]
            if unknown:
                self.warnings.append(
                    (
                        f"{c.name}: ordering {statement.text!r} names unknown condition(s) "
                        f"{', '.join(unknown)}; ignored for them",
                        statement.loc,
                    )
                )
            ordering.append(
                (
                    tuple(i for i in statement.before if i in ids),
                    tuple(i for i in statement.after if i in ids),
                )
            )
        return CommandView(
            py_name(c.name),
            c.interface,
            fid,
            c.section,
            c.summary,
            str(c.loc),
            inputs,
            outputs,
            context,
            sorted(self.pre_values),
            failure,
            ordering,
            success,
            footprint,
        )

    # -- registers --

    def _register(self, register, kind: str) -> RegisterView:
        python_name = py_name(register.name)
        bits = register.bits or BitRange(63, 0)  # unread bits: the command is not modelled (build)
        high, low = bits.high, bits.low
        if register.name in self.scope:
            self.warnings.append(
                (f"{self.command.name}: register {register.name} is defined twice", register.loc)
            )
        self.scope[register.name] = Binding(attribute(name("_e"), python_name), register.type, kind)
        return RegisterView(
            python_name,
            register.name,
            register.register,
            high,
            low,
            str(register.type or ""),
            self._codec(register.type, high - low + 1),
        )

    def _codec(self, ref: TypeRef | None, width: int) -> py.expr:
        kind = self.catalogue.kind(ref)
        if kind == "encoded_enum":
            enum = attribute(name("_T"), py_name(ref.name))
            return call("_codecs.enumeration", enum, constant(width), constant(bool(ref.signed)))
        if kind == "fieldset":
            return call("_codecs.fieldset", attribute(name("_T"), py_name(ref.name)), constant(width))
        fixed = fixed_width(ref)
        if fixed and fixed[1]:
            return call("_codecs.signed", constant(width))
        return call("_codecs.unsigned", constant(width))

    # -- context --

    def _context(self, item) -> ContextView:
        python_name = py_name(item.name)
        value_code = None
        problem = None
        unbound: frozenset[str] = frozenset()
        view_of = view_inverse = None
        node = item.value_ast
        if node is None:
            problem = "context value without a parsed expression"
        else:
            inverse = self._inverse(node)
            if (
                inverse is not None
                and len(node.args) == 1
                and isinstance(node.args[0], ast.Name)
                and self.scope.get(node.args[0].name, Binding("", None, "")).kind == "output"
            ):
                view_of, view_inverse = py_name(node.args[0].name), inverse
            try:
                value_code = self._lambda(self._translator().expr(node))
            except Untranslatable as error:
                problem, unbound = error.reason, error.unbound
        if problem:
            self.scope[item.name].broken = f"context value {item.name}: {problem}"
            self.scope[item.name].unbound = unbound
            value_code = self._not_modelled(f"context value {item.name}", item.loc, problem)
        return ContextView(
            python_name, bool(item.before), value_code, item.value, view_of, view_inverse, problem
        )

    def _not_modelled(self, what: str, loc, problem: str) -> py.Lambda:
        args = [text(t) for t in (f"{self.command.name} {what}", str(loc), problem)]
        return self._lambda(call("_rt.not_modelled", *args))

    # -- conditions --

    def _condition(self, condition: Condition, *, failure: bool) -> ConditionView:
        pre_node = condition.pre_ast
        post_node = condition.post_ast
        view = ConditionView(
            condition.id,
            condition.pre,
            condition.post,
            str(condition.loc),
            None,
            [],
            [],
            None,
            "translated",
        )
        try:
            if condition.pre is not None:
                if pre_node is None:
                    raise Untranslatable("pre: did not parse")
                view.pre = self._predicate(pre_node, condition, "pre", view)
            elif failure:
                raise Untranslatable("failure condition without pre:")
            if post_node is None:
                raise Untranslatable("post: did not parse")
            self._post(post_node, condition, view)
        except Untranslatable as error:
            view.not_modelled = error.reason
            view.how = "not modelled"
            view.unbound = error.unbound
            view.pre, view.effects, view.checks = None, [], []
        return view

    def _inverse(self, node) -> str | None:
        """The model method writing an output view ``F(output)`` back, when ``F`` has one."""
        bindings = self.universe.bindings
        binding = bindings.functions.get(node.func) if isinstance(node, ast.Call) else None
        if binding is None or binding.inverse not in bindings.functions:
            return None
        return bindings.functions[binding.inverse].method

    def _prose_rule(self, condition: Condition, part: str, text: str):
        """The runtime's binding of this prose ``part`` of ``condition`` (exact text)."""
        rule = self.universe.bindings.prose.get((self.command.name, condition.id, part))
        if rule is None or normalise_prose(rule.text) != normalise_prose(text):
            where = f"prose {self.command.name} {condition.id} ({part})"
            raise Untranslatable(f"prose {part}: {text}", unbound=(where,))
        return rule

    def _predicate(self, node, condition: Condition, part: str, view: ConditionView) -> py.Lambda:
        if isinstance(node, ast.Prose):
            rule = self._prose_rule(condition, part, node.text)
            view.how = "prose rule"
            args = [self._scope_code(a) for a in rule.args]
            return self._lambda(call(attribute(name("_m"), py_name(rule.method)), *args))
        return self._lambda(self._translator().expr(node))

    def _scope_code(self, spec_name: str) -> py.expr:
        binding = self.scope.get(spec_name)
        if binding is None or binding.broken:
            raise Untranslatable(
                f"prose rule needs {spec_name}, which {self.command.name} does not define"
            )
        return binding.code

    def _post(self, node, condition: Condition, view: ConditionView) -> None:
        if isinstance(node, ast.Prose):
            rule = self._prose_rule(condition, "post", node.text)
            view.how = "prose rule"
            args = [self._scope_code(a) for a in rule.args]
            view.effects.append(self._lambda(call("_m.prepare_prose", constant(rule.method), *args)))
            return
        for conjunct in _conjuncts(node):
            effect = self._effect(conjunct)
            if effect is not None:
                view.effects.append(self._lambda(effect))
            else:
                view.checks.append(self._lambda(self._translator().expr(conjunct)))

    def _effect(self, node) -> py.expr | None:
        """Code preparing the update ``node`` states, or None when it is a check."""
        translator = self._translator()
        if isinstance(node, ast.Binary) and node.op == "==":
            target = self._target(node.left, translator)
            if target is not None:
                root, path = target
                return call("_m.prepare_write", root, path, translator.expr(node.right))
            return None
        establisher = self.universe.bindings.establishers.get(node.func) if isinstance(node, ast.Call) else None
        if establisher is not None:
            args = []
            for position, argument in enumerate(node.args):
                if position in establisher.references:
                    target = self._target(argument, translator)
                    if target is None:
                        return None
                    args.append(call("_m.ref", *target))
                else:
                    args.append(translator.expr(argument))
            return call("_m.prepare_establish", constant(node.func), *args)
        return None

    def _target(self, node, translator: Translator) -> tuple[py.expr, py.Tuple] | None:
        """(root, path) when ``node`` is a place an update may assign."""
        if isinstance(node, ast.Name):
            binding = self.scope.get(node.name)
            if binding is not None and binding.kind == "output" and not binding.broken:
                return name("_e"), tuple_of([constant(py_name(node.name))])
            return None
        root, path = lvalue_parts(node)
        if not path or not is_update_root(root, self.scope, self.universe):
            return None
        steps = _path(path, translator)  # before the root, as the reasons were always found
        return translator.expr(root), steps

    # -- footprint --

    def _footprint(self, item) -> FootprintView:
        node = item.value_ast
        try:
            if node is None:
                raise Untranslatable("footprint value did not parse")
            translator = self._translator()
            root, path = lvalue_parts(node)
            steps = _path(path, translator)
            locator = self.universe.bindings.locators.get(root.func) if isinstance(root, ast.Call) else None
            if locator is not None:
                located_at = call(
                    attribute(name("_m"), py_name(locator.method)), *(translator.expr(a) for a in root.args)
                )
                code = call("_m.extend_locations", located_at, steps)
            else:
                code = call("_m.locations", translator.expr(root), steps)
            locate = self._lambda(code)
            return FootprintView(item.id, item.value, str(item.loc), locate, None)
        except Untranslatable as error:
            return FootprintView(item.id, item.value, str(item.loc), None, error.reason, error.unbound)


def _path(path: list, translator: Translator) -> py.Tuple:
    """The steps of ``root.member[index]…`` after the root: member names as strings, index
    expressions translated."""
    return tuple_of(constant(py_name(s)) if isinstance(s, str) else translator.expr(s) for s in path)


def _is_fid(register) -> bool:
    return register.name == "fid" and register.register.upper() == "X0"


def _conjuncts(node) -> list:
    if isinstance(node, ast.Binary) and node.op == "&&":
        return _conjuncts(node.left) + _conjuncts(node.right)
    return [node]


# ---- the whole model -----------------------------------------------------------------------------


@contextmanager
def located(what: str, loc: Location | None):
    """Name the element (and its page/line) in an UnsafeText raised while building it."""
    try:
        yield
    except UnsafeText as error:
        raise UnsafeText(f"{what}: {error}", getattr(error, "loc", None) or loc) from None


def build_model(ir: IR, bindings: Registry | None = None) -> ModelView:
    """The view of the whole package (raises UnsafeText when a name cannot be used);
    ``bindings``: the runtime's registry (default: the installed runtime's)."""
    with located("IR", None):
        universe = Universe(ir, bindings)
    catalogue = TypeCatalogue(ir)
    warnings: list[tuple[str, Location | None]] = []
    functions = build_functions(universe, warnings)
    commands = []
    seen: set[str] = set()
    for command in ir.commands:
        if command.name in seen:
            warnings.append(
                (
                    f"command {command.name} is defined twice; the first definition is used",
                    command.loc,
                )
            )
            continue
        seen.add(command.name)
        with located(f"command {command.name}", command.loc):
            commands.append(CommandBuilder(universe, catalogue, command, warnings).build())
    with located("types", None):
        types = build_types(ir, universe.fids, universe.symbols)
    warnings += [(w, None) for w in types.warnings]
    warnings += unbound_warnings(ir, universe, commands)
    return ModelView(package_name(ir), types, functions, commands, warnings, universe)


def unbound_warnings(ir: IR, universe: Universe, commands: list[CommandView]) -> list:
    """One warning per spec function (without a body) or prose condition the runtime does
    not bind, naming the conditions it leaves not modelled."""
    affected: dict[str, list[str]] = {}
    for view in commands:
        for kind, conditions in (("failure", view.failure), ("success", view.success), ("footprint", view.footprint)):
            for condition in conditions:
                for name in sorted(condition.unbound):
                    affected.setdefault(name, []).append(f"{view.name} {kind} {condition.id}")
    locations = {f.name: f.loc for f in ir.functions}
    found = []
    for name in sorted(affected):
        where = affected[name]
        shown = ", ".join(where[:8]) + (f" and {len(where) - 8} more" if len(where) > 8 else "")
        if name.startswith("prose "):
            message = f"{name} is not bound to the runtime: {shown} not modelled"
        else:
            message = (f"function {name} has no body and no runtime binding: {len(where)} condition(s) "
                       f"not modelled: {shown}")
        found.append((message, locations.get(name)))
    return found


def render(ir: IR, progress=None, bindings: Registry | None = None) -> Rendered:
    """The model package of ``ir`` (``progress`` is not used: this takes seconds);
    ``bindings``: the runtime's registry (default: the installed runtime's). Every call
    renders: a caller that needs the model for several targets keeps the result
    (``targets.Renderings``)."""
    rendered = Rendered()
    try:
        model = build_model(ir, bindings)
    except UnsafeText as error:
        rendered.error(f"python model: {error}", getattr(error, "loc", None), code="SG403")
        return rendered
    unbound = {message for message, _loc in unbound_warnings(ir, model.universe, model.commands)}
    for message, loc in model.warnings:
        if message in unbound:  # what the output does not cover: listed, fatal under --strict
            rendered.leave_out(f"python model: {message}", loc, code="SG400")
        else:
            rendered.warn(f"python model: {message}", loc, code="SG401")
    for message, loc in not_modelled(ir, model):
        rendered.leave_out(f"python model: {message}", loc, code="SG402")
    header = header_lines(ir, "Executable Python model")
    context = {
        "model": model,
        "header": header,
        "version": ir.document.version,
        "coverage": coverage_totals(model),
    }
    for module in ("__init__", "types", "functions", "commands"):
        try:
            if module == "commands":
                source = commands_module(model, header, COMMANDS_DOCSTRING)
            else:
                source = render_template(f"python/{module}.py.jinja", **context)
            rendered.files[f"{model.package}/{module}.py"] = format_python(source)
        except UnsafeText as error:
            rendered.error(f"python model: {error}", getattr(error, "loc", None), code="SG403")
            rendered.files.clear()
            return rendered
    rendered.files["pyproject.toml"] = render_template(
        "python/pyproject.toml.jinja",
        header=header,
        package=model.package,
        distribution=model.package.replace("_", "-"),
        version=specgen_version,
        description=f"Executable model of Arm DEN0137 {ir.document.version} generated by specgen",
        runtime_requirement=runtime_requirement(),
    )
    return rendered


def runtime_requirement() -> str:
    """The runtime releases a model generated now works with: this runtime's minor series."""
    major, minor, *_rest = runtime_version.split(".")
    return f"specgen-runtime>={runtime_version},<{major}.{int(minor) + 1}"


def not_modelled(ir: IR, model: ModelView) -> list[tuple[str, Location | None]]:
    """What the model cannot execute, each with the reason and its location in the spec:
    functions raising NotModelled, and the context values, conditions and footprint items
    of each command that do."""
    found: list[tuple[str, Location | None]] = []
    functions = {}
    for function in ir.functions:
        functions.setdefault(function.name, function)
    for view, function in zip(model.functions, functions.values()):
        if view.kind == "stub":
            found.append((f"function {function.name} not modelled: {view.problem}", function.loc))
    commands = {}
    for command in ir.commands:
        commands.setdefault(command.name, command)
    for view, command in zip(model.commands, commands.values()):
        parts = (
            ("context value", view.context, command.context),
            ("failure condition", view.failure, command.failure_conditions),
            ("success condition", view.success, command.success_conditions),
            ("footprint item", view.footprint, command.footprint),
        )
        for kind, views, items in parts:
            for item_view, item in zip(views, items):
                if item_view.not_modelled:
                    name = getattr(item, "id", None) or item.name
                    found.append((f"{command.name} {kind} {name} not modelled: {item_view.not_modelled}", item.loc))
    return found


# ---- coverage --------------------------------------------------------------------------------------


@dataclass
class Coverage:
    """Executable / total per kind for one command (with the reasons of the others)."""

    command: str
    interface: str
    failure: list[tuple[str, bool, str]]  # (id, executable, how or reason)
    success: list[tuple[str, bool, str]]
    footprint: list[tuple[str, bool, str]]
    context: list[tuple[str, bool, str]]


def command_coverage(view: CommandView) -> Coverage:
    def rows(items, reason_of):
        return [
            (
                item.id if hasattr(item, "id") else item.name,
                reason_of(item) is None,
                reason_of(item) or getattr(item, "how", "translated"),
            )
            for item in items
        ]

    return Coverage(
        view.name,
        view.interface,
        rows(view.failure, lambda c: c.not_modelled),
        rows(view.success, lambda c: c.not_modelled),
        rows(view.footprint, lambda f: f.not_modelled),
        rows(view.context, lambda x: x.not_modelled),
    )


def model_coverage(ir: IR) -> list[Coverage]:
    return [command_coverage(view) for view in build_model(ir).commands]


def coverage_totals(model: ModelView) -> dict[str, dict[str, tuple[int, int]]]:
    """interface -> kind -> (executable, total), plus "all"."""
    totals: dict[str, dict[str, list[int]]] = {}
    for view in model.commands:
        cov = command_coverage(view)
        for interface in (cov.interface, "all"):
            bucket = totals.setdefault(
                interface, {k: [0, 0] for k in ("failure", "success", "footprint", "context")}
            )
            for kind in ("failure", "success", "footprint", "context"):
                rows = getattr(cov, kind)
                bucket[kind][0] += sum(1 for _i, ok, _r in rows if ok)
                bucket[kind][1] += len(rows)
    return {i: {k: (v[0], v[1]) for k, v in kinds.items()} for i, kinds in sorted(totals.items())}
