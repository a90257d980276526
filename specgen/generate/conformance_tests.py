"""Target ``tests``: conformance test modules (pytest), one per command, with frozen stimuli.

Why the model is generated and imported here: the stimuli are found by searching against
the revision's own executable model (``specgen.conformance``), so rendering the tests
renders the Python model first, imports it from a private temporary directory, plans the
suite, and freezes the plan into ``templates/tests/*.jinja``. The output is plain data plus
calls into ``specgen_runtime.suite.checks``; ``conftest.py`` picks the implementation under
test (the generated model by default, ``$SPECGEN_ADAPTER`` otherwise).
"""

from __future__ import annotations

import importlib
import json
import sys
import tempfile
import uuid
from pathlib import Path

from specgen.conformance.plan import CommandPlan, Planner, SuitePlan, module_name
from specgen.conformance.plan import _registers as plan_registers
from specgen.conformance.search import describe_stimulus
from specgen.extract.ir import IR
from specgen.generate import python_model
from specgen.generate.environment import render_template
from specgen.generate.errors import Rendered, UnsafeText
from specgen.generate.formatting import format_python
from specgen.generate.header import header_lines
from specgen_runtime.errors import ModelError, NotModelled
from specgen_runtime.platform import platform_to_mapping

SEED = 0
#: Values from which a stimulus comment names a world address instead of the number.
NAMED_FROM = 0x1000


def load_rendered_model(files: dict[str, str]):
    """Import a rendered model package under a private name (the committed package of the
    same revision may be importable too; they must not be confused)."""
    package = next(path.split("/")[0] for path in files if path.endswith("/__init__.py"))
    alias = f"_specgen_model_{uuid.uuid4().hex}"
    with tempfile.TemporaryDirectory(prefix="specgen-model-") as directory:
        root = Path(directory)
        for path, text in files.items():
            if not path.startswith(f"{package}/"):
                continue  # the model's pyproject.toml, beside the package
            target = root / alias / path.split("/", 1)[1]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        sys.path.insert(0, str(root))
        try:
            module = importlib.import_module(alias)
            for name in ("types", "functions", "commands"):
                importlib.import_module(f"{alias}.{name}")
        finally:
            sys.path.remove(str(root))
    module.PACKAGE_NAME = package
    return module


def plan_suite(ir: IR, progress=None, commands=None, platform=None,
               model: Rendered | None = None) -> tuple[SuitePlan, Planner]:
    """Import the revision's model (``model``: the python target's rendering of ``ir``,
    rendered here when not given), and plan its conformance suite on ``platform`` (the
    model's default one if None): of every command, or of ``commands`` (the world is the
    same: it is reached with every command of the revision)."""
    planner = model_planner(ir, platform, model=model)
    return planner.plan(commands=commands, progress=progress), planner


def model_planner(ir: IR, platform=None, seed: int = SEED, model: Rendered | None = None) -> Planner:
    """Import the revision's model (``model``, or rendered here when not given) and reach
    the conformance world on ``platform`` (the model's default one if None): the planner
    of its stimulus search."""
    rendered = model if model is not None else python_model.render(ir)
    if not rendered.ok:
        raise UnsafeText("; ".join(d.message for d in rendered.diagnostics))
    return Planner(load_rendered_model(rendered.files), seed=seed, platform=platform)


def _stimulus(spec, stimulus, model) -> dict:
    data = {
        "caller": stimulus.caller,
        "registers": plan_registers(spec, stimulus),
        "memory": stimulus.memory_writes(model),
    }
    if stimulus.running is not None:
        data["while_running"] = stimulus.running
    return data


def _unreached_by_reason(world) -> list[dict]:
    """What the trace did not reach, one line per reason (names joined)."""
    by_reason: dict[str, list[str]] = {}
    for item in world.unreached:
        by_reason.setdefault(item.reason, []).append(item.name)
    result = []
    for reason, names in by_reason.items():
        shown = ", ".join(names[:4]) + (f" … ({len(names)} in all)" if len(names) > 4 else "")
        result.append({"name": shown, "reason": reason})
    return result


def world_json(world, platform) -> str:
    """The world as the tests load it: the trace (one step per line), the host's protocol
    for REC exits and the world's names; deterministic."""
    lines = ["{", '"host": ' + json.dumps(world.host, sort_keys=True) + ","]
    lines.append('"platform": ' + json.dumps(platform_to_mapping(platform), sort_keys=True) + ",")
    names = [[name, value] for name, value in world.addresses + world.integers]
    lines.append('"names": ' + json.dumps(names) + ",")
    lines.append('"trace": [')
    steps = [json.dumps(step, sort_keys=True) for step in world.trace]
    lines += [step + ("," if i + 1 < len(steps) else "") for i, step in enumerate(steps)]
    lines += ["]", "}"]
    return "\n".join(lines) + "\n"


def _show(value: int, world) -> str:
    """A value by its name in the world if it is an address there (small numbers are
    just numbers: 0 is not "the IPA 0")."""
    if value >= NAMED_FROM and value in world.names:
        return world.names[value]
    return hex(value) if value > 9 else str(value)


def _inputs_comment(stimulus, world) -> str:
    """``rd=rd_active, ipa=ipa_unaligned, level=3``: the stimulus in the world's names."""
    return describe_stimulus(
        stimulus.caller, stimulus.inputs, stimulus.memory, stimulus.running, lambda _role, value: _show(value, world)
    )


def _unique(names: list[str]) -> list[str]:
    """Test function names, made unique (a condition identifier used twice)."""
    seen: dict[str, int] = {}
    result = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        result.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return result


def command_view(plan: CommandPlan, spec, world, model) -> dict:
    """What ``templates/tests/test_command.py.jinja`` loops over (plain data only)."""
    failure_names = _unique([test.condition for test in plan.failures])
    order_names = _unique([f"{test.before}_before_{test.after}" for test in plan.orders])
    return {
        "name": plan.name,
        "module": module_name(plan.name),
        "fid": plan.fid,
        "section": plan.section,
        "loc": plan.loc,
        "summary": plan.summary,
        "failures": [
            {
                "name": name,
                "id": test.condition,
                "pre": test.pre,
                "post": test.post,
                "loc": test.loc,
                "holding": ", ".join(test.holding),
                "inputs": _inputs_comment(test.stimulus, world),
                "stimulus": _stimulus(spec, test.stimulus, model),
                "permitted": [list(expected) for expected in test.permitted],
                "footprint": [list(location) for location in test.footprint],
            }
            for name, test in zip(failure_names, plan.failures)
        ],
        "orders": [
            {
                "name": name,
                "before": test.before,
                "after": test.after,
                "holding": ", ".join(test.holding),
                "inputs": _inputs_comment(test.stimulus, world),
                "stimulus": _stimulus(spec, test.stimulus, model),
                "permitted": [list(expected) for expected in test.permitted],
            }
            for name, test in zip(order_names, plan.orders)
        ],
        "success": None
        if plan.success is None
        else {
            "inputs": _inputs_comment(plan.success.stimulus, world),
            "stimulus": _stimulus(spec, plan.success.stimulus, model),
            "outputs": list(plan.success.outputs),
            "state": [[list(location), value] for location, value in plan.success.state],
        },
        "missing": [{"kind": m.kind, "item": m.item, "reason": m.reason} for m in plan.missing],
        "prose": None if plan.prose is None else {"outputs": ", ".join(plan.prose.outputs), "how": plan.prose.how},
        "prose_tests": [
            {
                "name": name,
                "case": prose.case,
                "inputs": _inputs_comment(prose.test.stimulus, world),
                "stimulus": _stimulus(spec, prose.test.stimulus, model),
                "outputs": list(prose.test.outputs),
                "state": [[list(location), value] for location, value in prose.test.state],
            }
            for name, prose in zip(_unique(["prose_" + p.case.split(")")[0] for p in plan.prose_tests]), plan.prose_tests)
        ],
    }


def render(ir: IR, progress=None, commands=None, platform=None, model: Rendered | None = None) -> Rendered:
    """The suite of ``ir``; ``model`` is the python target's rendering of the same IR when
    the caller has it (``targets.Renderings`` passes it)."""
    try:
        suite, planner = plan_suite(ir, progress, commands, platform, model)
    except UnsafeText as error:
        rendered = Rendered()
        rendered.error(f"conformance tests: {error}", getattr(error, "loc", None))
        return rendered
    except (ModelError, NotModelled, AttributeError, TypeError) as error:
        # the revision's model cannot hold the world (a type the set-up needs is missing)
        rendered = Rendered()
        rendered.leave_out(f"conformance tests: no tests for DEN0137 {ir.document.version}: the world cannot be built: {error}")
        return rendered
    return render_plan(ir, suite, planner)


def render_plan(ir: IR, suite: SuitePlan, planner: Planner) -> Rendered:
    """The test modules, ``conftest.py`` and ``world.json`` of a planned suite."""
    rendered = Rendered()
    for message, loc in tests_left_out(ir, suite):
        rendered.leave_out(f"conformance tests: {message}", loc)
    package = python_model.package_name(ir)
    header = header_lines(ir, "Conformance tests")
    world = suite.world
    commands = [
        command_view(plan, planner.model.spec(plan.name), world, planner.model)
        for plan in suite.commands
        if plan.failures or plan.orders or plan.success or plan.prose_tests
    ]
    context = {
        "header": header,
        "version": ir.document.version,
        "package": package,
        "seed": suite.seed,
        "platform": repr(planner.model.platform),
        "calls": world.calls,
        "unreached": _unreached_by_reason(world),
    }
    try:
        rendered.files["conftest.py"] = format_python(render_template("tests/conftest.py.jinja", **context))
        for command in commands:
            source = render_template("tests/test_command.py.jinja", command=command, **context)
            rendered.files[f"{command['module']}.py"] = format_python(source)
        rendered.files["pytest.ini"] = render_template("tests/pytest.ini.jinja", **context)
        rendered.files["world.json"] = world_json(world, planner.model.platform)
    except UnsafeText as error:
        rendered.error(f"conformance tests: {error}", getattr(error, "loc", None))
        rendered.files.clear()
    return rendered


def tests_left_out(ir: IR, suite: SuitePlan) -> list[tuple[str, object]]:
    """Every condition, ordered pair and success of the plan without a test, with the
    plan's reason and the spec location (pairs that can never hold together are not
    testable at all and are not listed), and every command left without a test module."""
    by_name = {}
    for command in ir.commands:
        by_name.setdefault(command.name, command)
    found = []
    for plan in suite.commands:
        command = by_name.get(plan.name)
        conditions = {c.id: c.loc for c in command.failure_conditions} if command else {}
        where = command.loc if command else None
        if not (plan.failures or plan.orders or plan.success):
            found.append((f"{plan.name}: no test module (no failure, ordering or success test; reasons below)", where))
        for missing in plan.missing:
            if missing.unobservable:
                continue
            what = {"failure": f"failure condition {missing.item}", "order": f"ordered pair {missing.item}",
                    "success": "success"}[missing.kind]
            found.append((f"{plan.name}: no test of {what}: {missing.reason}", conditions.get(missing.item, where)))
    return found
