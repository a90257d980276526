"""What the revision's executable model shows about each command: the search-based evidence.

Why through the conformance planner: the stimulus search of ``specgen.conformance`` already
drives every command of the model over a world of states and typed candidate inputs, and
keeps every assignment it evaluated with the model's verdict (which failure conditions
hold, which are undefined, the result each gives). ``Planner.search`` runs exactly the
search a conformance plan makes; this module only reads the verdicts it leaves behind:

- failure conditions seen holding together, unordered, with different results (a
  *witness* of an ordering gap: the model permits both results there);
- per failure condition, the stimuli where it holds, and those where no condition ordered
  before it holds too (none: it looks shadowed; no stimulus at all: it looks
  unsatisfiable, "after a search of N stimuli");
- per success condition, the stimuli where the command succeeds and its ``pre:`` holds;
- a few success stimuli executed, each with the writes success conditions made outside
  the footprint (the model's footprint check).

The evidence is plain data (no model objects), so commands can be gathered in worker
processes (two cores: ``jobs=2``).
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from specgen.conformance.plan import Planner
from specgen.conformance.search import ITEM_BUDGET, CommandSearch, Verdict
from specgen.extract.ir import IR
from specgen.lint.findings import Witness
from specgen_runtime.errors import FootprintError, ModelError, NotModelled, Undefined
from specgen_runtime.machine import status_name

SEED = 0
#: Success stimuli executed per command (chosen to apply every success condition once).
MAX_RUNS = 4
#: World values from which a witness names the value instead of the number.
NAMED_FROM = 0x1000


@dataclass(frozen=True)
class SuccessRun:
    """One success stimulus executed: what applied, what was written outside the
    footprint ((condition, location)), or why it could not run."""

    witness: Witness
    applied: tuple[str, ...] = ()
    outside: tuple[tuple[str, str], ...] = ()
    error: str | None = None


@dataclass(frozen=True)
class CommandEvidence:
    command: str
    evaluations: int  # assignments the search evaluated
    judged: int  # … of which the model judged without an error
    errors: int = 0  # … and with an error (NotModelled, a model failure): judged nothing there
    problem: str | None = None  # the model's first error
    not_modelled: dict[str, str] = field(default_factory=dict)  # failure condition -> why
    holds: dict[str, int] = field(default_factory=dict)  # failure condition -> stimuli where it holds
    unshadowed: dict[str, int] = field(default_factory=dict)  # … and no condition ordered before it does
    always_with: dict[str, tuple[str, ...]] = field(default_factory=dict)  # earlier conditions holding in all those
    undefined: dict[str, int] = field(default_factory=dict)  # failure condition -> stimuli where undefined
    examples: dict[str, Witness] = field(default_factory=dict)  # failure condition -> a stimulus where it holds
    together: dict[tuple[str, str], Witness] = field(default_factory=dict)  # unordered, different results
    success_stimuli: int = 0  # stimuli where no failure condition holds (judged for success)
    applies: dict[str, int] = field(default_factory=dict)  # success condition -> stimuli where it applies
    unjudged: tuple[str, ...] = ()  # success conditions the model cannot evaluate
    co_applied: dict[tuple[str, str], Witness] = field(default_factory=dict)
    runs: tuple[SuccessRun, ...] = ()
    #: failure condition -> why the world lacks states it mentions (planned, not reached)
    unreached: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Evidence:
    """The evidence for every command of a revision, or why there is none."""

    commands: dict[str, CommandEvidence]
    problem: str | None = None  # the model could not be built
    seconds: float = 0.0
    jobs: int = 1
    #: why the conformance world shows nothing of what never holds: the interface reached
    #: no state (no set-up SMC succeeded), so every object is as a freshly booted RMM has it
    bare_world: str | None = None

    def of(self, command: str) -> CommandEvidence | None:
        return self.commands.get(command)


def build_planner(ir: IR, seed: int = SEED) -> Planner:
    """Render and import the revision's model, and put it in the conformance world."""
    from specgen.generate.conformance_tests import model_planner

    return model_planner(ir, seed=seed)


# The planner of the worker processes (set before forking; inherited by the workers).
_PLANNER: Planner | None = None


def gather(ir: IR, commands=None, jobs: int = 1, progress: Callable[[int, int], None] | None = None) -> Evidence:
    """Search every command of ``ir`` (or of ``commands``) in the model; ``jobs`` worker
    processes share the commands (forked, so the model is built once)."""
    global _PLANNER
    started = time.perf_counter()
    try:
        planner = build_planner(ir)
    except Exception as error:  # a model that cannot be generated or imported: no evidence
        return Evidence({}, f"the model could not be built: {type(error).__name__}: {error}")
    names = [name for name in planner.model.commands if commands is None or name in commands]
    # the costliest first, so that two workers finish together
    names.sort(key=lambda name: -len(planner.model.spec(name).failure))
    results: dict[str, CommandEvidence] = {}
    _PLANNER = planner
    try:
        if jobs > 1 and len(names) > 1 and "fork" in multiprocessing.get_all_start_methods():
            with multiprocessing.get_context("fork").Pool(min(jobs, len(names))) as pool:
                for done, evidence in enumerate(pool.imap_unordered(_gather_one, names), start=1):
                    results[evidence.command] = evidence
                    if progress:
                        progress(done, len(names))
        else:
            jobs = 1
            for done, name in enumerate(names, start=1):
                results[name] = _gather_one(name)
                if progress:
                    progress(done, len(names))
    finally:
        _PLANNER = None
    ordered = {name: results[name] for name in planner.model.commands if name in results}
    return Evidence(ordered, None, time.perf_counter() - started, jobs, _bare_world(planner.world))


def _bare_world(world) -> str | None:
    """Why the world is a freshly booted RMM (None: a set-up SMC of the trace succeeded)."""
    if any("smc" in step or "guest" in step for step in world.trace):
        return None
    reasons = list(dict.fromkeys(u.reason for u in world.unreached))
    return "no set-up call reached a state through the interface" + (f" ({reasons[0]})" if reasons else "")


def _gather_one(name: str) -> CommandEvidence:
    planner = _PLANNER
    spec = planner.model.spec(name)
    try:
        search = planner.search(spec, success=True)
    except ModelError as error:  # a Realm's command and no REC in the world to issue it
        return CommandEvidence(name, 0, 0, problem=str(error),
                               not_modelled={c.id: c.not_modelled for c in spec.failure if c.not_modelled})
    return command_evidence(planner, spec, search)


def command_evidence(planner: Planner, spec, search: CommandSearch) -> CommandEvidence:
    """Read the evidence for ``spec`` out of a finished search."""
    world = planner.world
    success = _success_side(planner, spec, search)  # first: these search further
    _join_pairs(spec, search)
    judged = [(key, verdict) for key, verdict in search.seen.items() if not verdict.error]
    errors = [verdict.error for verdict in search.seen.values() if verdict.error]
    problem = errors[0] if errors else None if judged else "the search evaluated no stimulus"
    precedes = spec.precedes
    holds: dict[str, int] = {}
    unshadowed: dict[str, int] = {}
    always: dict[str, set[str]] = {}
    undefined: dict[str, int] = {}
    best_example: dict[str, tuple] = {}
    best_pair: dict[tuple[str, str], tuple] = {}
    order = {c.id: i for i, c in enumerate(spec.failure)}
    for index, (key, verdict) in enumerate(judged):
        held = set(verdict.holding)
        outputs = dict(verdict.outputs)
        first = [c for c in verdict.holding if not precedes.get(c, frozenset()) & held]
        rank = (len(verdict.holding), len(key), index)
        for condition in verdict.undefined:
            undefined[condition] = undefined.get(condition, 0) + 1
        for condition in verdict.holding:
            holds[condition] = holds.get(condition, 0) + 1
            earlier = precedes.get(condition, frozenset()) & held
            if not earlier:
                unshadowed[condition] = unshadowed.get(condition, 0) + 1
            always[condition] = set(earlier) if condition not in always else always[condition] & earlier
            if condition not in best_example or rank < best_example[condition][0]:
                best_example[condition] = (rank, key, verdict)
        for i, a in enumerate(first):
            for b in first[i + 1 :]:
                if a in precedes.get(b, frozenset()) or b in precedes.get(a, frozenset()):
                    continue
                if _result_key(outputs.get(a)) == _result_key(outputs.get(b)):
                    continue
                pair = (a, b) if order.get(a, 0) <= order.get(b, 0) else (b, a)
                if pair not in best_pair or rank < best_pair[pair][0]:
                    best_pair[pair] = (rank, key, verdict)
    examples = {c: _witness(search, world, key, verdict) for c, (_r, key, verdict) in best_example.items()}
    together = {pair: _witness(search, world, key, verdict) for pair, (_r, key, verdict) in best_pair.items()}
    return CommandEvidence(
        command=spec.name,
        evaluations=search.evaluations,
        judged=len(judged),
        errors=len(errors),
        problem=problem,
        not_modelled={c.id: c.not_modelled for c in spec.failure if c.not_modelled},
        unreached={c.id: r for c in spec.failure if (r := planner.unreached_for(spec, (c.id,)))},
        holds=holds,
        unshadowed=unshadowed,
        always_with={c: tuple(sorted(s, key=lambda x: order.get(x, 0))) for c, s in always.items()},
        undefined=undefined,
        examples=examples,
        together=together,
        **success,
    )


def _join_pairs(spec, search: CommandSearch) -> None:
    """Stimuli where two unordered failure conditions hold together, neither preceded by
    another holding one, for the pairs not seen so (also those seen together only where a
    condition ordered before one of them held too): each condition's best stimulus with
    the coordinates the other names taken from the other's (conditions on different
    inputs then hold together), two evaluations per pair."""
    by_id = {c.id: c for c in spec.failure if not c.not_modelled}
    precedes = spec.precedes
    best = {c: search.best((c,)) for c in by_id}
    together = set()
    for verdict in search.seen.values():
        held = set(verdict.holding)
        first = [c for c in verdict.holding if not precedes.get(c, frozenset()) & held]
        together.update((a, b) for a in first for b in first)
    ids = [c for c in by_id if best[c] is not None]
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            if (a, b) in together or a in precedes.get(b, ()) or b in precedes.get(a, ()):
                continue
            for first, second in ((a, b), (b, a)):
                start, other = best[first][0], best[second][0]
                trial = dict(start)
                for key in search.coupled(by_id[second]):
                    trial[key] = search.value(other, key)
                search.allow(1)
                search.evaluate(trial)


def _success_side(planner: Planner, spec, search: CommandSearch) -> dict:
    """Where the command succeeds: which success conditions apply (searching, for each
    one with a ``pre:`` that applied nowhere yet, a stimulus where it does), and a few
    success stimuli executed (covering every condition that applies somewhere)."""
    for condition in spec.success:
        if condition.pre is not None and not condition.not_modelled and not _applying(search, condition.id):
            _find_applying(search, condition)
    applies: dict[str, int] = {}
    unjudged: set[str] = set()
    co_applied: dict[tuple[str, str], Witness] = {}
    judged: list[tuple[tuple, Verdict]] = []
    order = {c.id: i for i, c in enumerate(spec.success)}
    for key in dict.fromkeys(search.holding_in.get("", [])):
        verdict = search.seen[key]
        judged.append((key, verdict))
        unjudged.update(verdict.unjudged)
        applicable = sorted(set(verdict.applicable), key=lambda c: order.get(c, 0))
        for i, a in enumerate(applicable):
            applies[a] = applies.get(a, 0) + 1
            for b in applicable[i + 1 :]:
                if (a, b) not in co_applied:
                    co_applied[(a, b)] = _witness(search, planner.world, key, verdict)
    runs = tuple(_run(planner, spec, search, key, verdict) for key, verdict in _cover(judged))
    return {
        "success_stimuli": len(judged),
        "applies": applies,
        "unjudged": tuple(c.id for c in spec.success if c.id in unjudged),
        "co_applied": co_applied,
        "runs": runs,
    }


def _applying(search: CommandSearch, condition_id: str) -> bool:
    return any(condition_id in search.seen[key].applicable for key in search.holding_in.get("", []))


def _find_applying(search: CommandSearch, condition) -> None:
    """Search (within ``ITEM_BUDGET`` more evaluations) for a stimulus where the command
    succeeds and ``condition``'s ``pre:`` holds: a descent from the best success stimulus,
    then a joint search over the coordinates the condition names (as the planner does for a
    failure condition)."""
    wanted = condition.id

    def objective(verdict: Verdict) -> tuple:
        return (1 if verdict.error else 0, verdict.size, 0 if wanted in verdict.applicable else 1, len(verdict.undefined))

    base = search.best(())
    if base is None:
        return
    search.allow(ITEM_BUDGET)
    current = search.descend(base[0], objective)
    keys = search.coupled(condition)
    if objective(search.evaluate(current))[1:3] != (0, 0) and len(keys) > 1:
        current = search.joint(current, keys, objective)
        search.descend(current, objective)


def _cover(judged: list) -> list:
    """Success stimuli to execute: greedily, the one applying most success conditions not
    applied yet (ties: the one setting most inputs, then the first found), at most
    ``MAX_RUNS``."""
    chosen = []
    covered: set[str] = set()
    remaining = list(judged)
    while remaining and len(chosen) < MAX_RUNS:
        index, best = max(
            enumerate(remaining), key=lambda item: (len(set(item[1][1].applicable) - covered), len(item[1][0]), -item[0])
        )
        if chosen and not set(best[1].applicable) - covered:
            break
        chosen.append(best)
        covered |= set(best[1].applicable)
        remaining.pop(index)
    return chosen


def _run(planner: Planner, spec, search: CommandSearch, key, verdict: Verdict) -> SuccessRun:
    """Execute a success stimulus where the search judged it (``Planner.execute``): what
    applied, and what success conditions wrote outside the footprint."""
    witness = _witness(search, planner.world, key, verdict)
    try:
        outcome = planner.execute(spec, search.stimulus(dict(key))).outcome
    except (NotModelled, ModelError, FootprintError, Undefined) as error:
        return SuccessRun(witness, error=f"{type(error).__name__}: {error}")
    except (ArithmeticError, ValueError, TypeError, KeyError, IndexError, AttributeError) as error:
        return SuccessRun(witness, error=f"the model failed: {type(error).__name__}: {error}")
    if not outcome.ok:
        return SuccessRun(witness, error=f"the command failed: {outcome}")
    outside = tuple(dict.fromkeys((c, show_location(loc, planner.world)) for c, loc in outcome.outside_footprint))
    return SuccessRun(witness, outcome.applied, outside)


# ---- plain renderings of model values -------------------------------------------------------


def _result_key(outputs: dict | None) -> tuple:
    return tuple(sorted((k, repr(v)) for k, v in (outputs or {}).items()))


def value_text(value) -> str:
    """A model value as a reader writes it: ``RMI_ERROR_RTT (index 2)``, ``0x8000``."""
    if hasattr(value, "status"):
        index = getattr(value, "index", 0)
        return status_name(value) + (f" (index {index})" if index else "")
    if hasattr(value, "name") and not isinstance(value, (int, str)):
        return str(value.name)
    if hasattr(value, "name") and isinstance(value, int):
        return str(value.name)
    if isinstance(value, int):
        return hex(value) if value > 9 else str(value)
    return repr(value)


def results_text(outputs: dict | None) -> str:
    parts = [f"{k}={value_text(v)}" for k, v in (outputs or {}).items() if v is not None]
    return ", ".join(parts) or "(no outputs)"


def show_location(location: tuple, world) -> str:
    """``("object", pa, "flags", "runnable")`` -> ``object(rec_runnable_active).flags.runnable``."""
    kind, pa, *path = location
    text = f"{'Granule' if kind == 'granule' else 'object'}({_name(pa, world)})"
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else f".{step}"
    return text


def _name(value: int, world) -> str:
    if value >= NAMED_FROM and value in world.names:
        return world.names[value]
    return hex(value) if value > 9 else str(value)


def _witness(search: CommandSearch, world, key, verdict: Verdict) -> Witness:
    stimulus = search.stimulus(dict(key))
    names = tuple(
        (name, world.names[value]) for name, value in stimulus.inputs if value >= NAMED_FROM and value in world.names
    )
    for role, value in (("caller", stimulus.caller), ("running", stimulus.running)):
        if value is not None and value in world.names:
            names = ((role, world.names[value]),) + names
    outputs = dict(verdict.outputs)
    return Witness(
        caller=stimulus.caller,
        inputs=stimulus.inputs,
        memory=stimulus.memory,
        names=names,
        holding=verdict.holding,
        results=tuple((c, results_text(outputs.get(c))) for c in verdict.holding),
        applied=verdict.applicable,
        running=stimulus.running,
    )
