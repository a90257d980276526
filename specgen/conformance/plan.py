"""The conformance test plan of a revision: per command, the frozen tests and what is missing.

Why a plan between the search and the templates: the templates only loop over tests; every
decision (which stimulus, which results the spec permits, which footprint locations to
watch, why a condition has no test) is made here, once, and is the same data the
``conformance-report`` command prints.

For each command:

- a **failure test** per failure condition: the stimulus where it holds with the fewest
  other conditions, and every result the spec permits there (several when unordered
  conditions hold together), plus the footprint locations that must not change;
- an **ordering test** per ordered pair ``a < b``: a stimulus where both hold, expecting
  the results permitted there (``a``'s, not ``b``'s);
- a **success test**: a stimulus where no failure condition holds, the outputs the success
  conditions give and the state they leave at the changed locations.
"""

from __future__ import annotations

import copy
import multiprocessing
import os
import re
import time
from dataclasses import dataclass, field

from specgen_runtime.suite.adapter import plain
from specgen.conformance.search import (
    ITEM_BUDGET,
    CommandSearch,
    Oracle,
    Stimulus,
    Verdict,
    base_objective,
    host_writable,
    judge_stimulus,
    results_of,
    rivals,
    variant_results,
)
from specgen.conformance.variants import drop_condition, ordered_pairs, swap_pair
from specgen.conformance.world import World, plan_world
from specgen_runtime.errors import FootprintError, ModelError, NotModelled, Undefined
from specgen_runtime.machine import encode_registers
from specgen_runtime import versions
from specgen_runtime.state import changed_leaves
from specgen_runtime.suite.adapter import ModelAdapter
from specgen_runtime.suite.checks import Target, memory_bytes
from specgen_runtime.values import Struct

#: Changed state locations a success test checks at most (an RTT has 512 entries).
MAX_STATE_CHECKS = 24
#: Stimuli where a condition holds needed before concluding another never holds with it.
MIN_EVIDENCE = 10
#: Plateaus the base search escapes by a joint search, and the coordinates it combines.
MAX_PLATEAUS = 4
MAX_JOINT_KEYS = 4
#: Themed starting assignments (``CommandSearch.themed_starts``) a search for a condition
#: descends from, best first.
THEMED_STARTS = 2
#: Assignments with no failure condition holding tried for the success test.
SUCCESS_ATTEMPTS = 6

Expected = tuple[tuple[str, int, int, str], ...]  # (register, value, mask, meaning) …


@dataclass(frozen=True)
class FailureTest:
    condition: str
    pre: str
    post: str
    loc: str
    stimulus: Stimulus
    holding: tuple[str, ...]
    permitted: tuple[Expected, ...]
    footprint: tuple[tuple, ...]
    distinguishes: bool  # an RMM skipping the condition fails this test (per the model)
    evidence: int  # stimuli where the condition holds that were checked for that
    rivals: tuple[str, ...] = ()  # holding conditions that could decide the result instead
    why_not_single: str = ""  # why no stimulus without rivals was found

    @property
    def single(self) -> bool:
        """The stimulus makes only this condition decide the result."""
        return not self.rivals


@dataclass(frozen=True)
class OrderTest:
    before: str
    after: str
    stimulus: Stimulus
    holding: tuple[str, ...]
    permitted: tuple[Expected, ...]
    distinguishes: bool  # an RMM checking the pair the other way round fails this test
    evidence: int
    rivals: tuple[str, ...] = ()


@dataclass(frozen=True)
class StimulusRun:
    """A stimulus run on a copy of the world (``Planner.run``, ``Planner.execute``)."""

    outcome: object | None  # runtime.Outcome of the command; None when the host completed a Realm's call
    observed: dict  # the output registers the caller got
    model: object  # the model after the run
    before: object  # snapshots of the checked state
    after: object


@dataclass(frozen=True)
class SuccessTest:
    stimulus: Stimulus
    outputs: Expected
    state: tuple[tuple[tuple, object], ...]  # (location, value after)


@dataclass(frozen=True)
class Missing:
    kind: str  # "failure", "order", "success"
    item: str
    reason: str
    unobservable: bool = False  # no test can tell (the pair never holds together)


@dataclass(frozen=True)
class CommandPlan:
    name: str
    interface: str
    fid: int
    section: str
    loc: str
    summary: str
    failures: tuple[FailureTest, ...]
    orders: tuple[OrderTest, ...]
    success: SuccessTest | None
    missing: tuple[Missing, ...]
    conditions: int
    pairs: int
    evaluations: int
    prose: ProseResults | None = None
    prose_tests: tuple[ProseTest, ...] = ()


@dataclass(frozen=True)
class ProseResults:
    """A command whose results the spec gives (partly) in prose, and how the tests treat them."""

    outputs: tuple[str, ...]  # outputs no condition gives
    conditions: tuple[str, ...]  # conditions written in prose that the model gives a meaning to
    modelled: bool  # the model gives the prose of the outputs a meaning
    how: str


@dataclass(frozen=True)
class ProseTest:
    """A success test for one of the cases a command's prose distinguishes."""

    case: str
    test: SuccessTest


@dataclass(frozen=True)
class SuitePlan:
    revision: str
    world: World
    commands: tuple[CommandPlan, ...]
    seed: int
    seconds: float = field(default=0.0, compare=False)


_PLANNER: Planner | None = None  # the planner whose world forked workers inherit


def _plan_in_worker(name: str):
    """One command's plan, in a forked worker (a fresh copy of the parent's world)."""
    planner = _PLANNER
    return name, planner.plan_command(planner.model.spec(name))


def _default_jobs() -> int:
    wanted = os.environ.get("SPECGEN_JOBS")
    if wanted and wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity else (os.cpu_count() or 1)


def module_name(command: str) -> str:
    """The generated test module of ``command``: ``test_rmi_data_create``."""
    return "test_" + re.sub(r"[^0-9a-z]+", "_", command.lower()).strip("_")


def expected_results(spec, verdict: Verdict) -> tuple[Expected, ...]:
    """The permitted results as register expectations (only the outputs a post gives),
    each with its meaning (``RMI_ERROR_RTT, index 2``)."""
    results = []
    for permitted in verdict.permitted:
        results.append(expectation(spec, permitted.outputs))
    return tuple(dict.fromkeys(results))


def expectation(spec, outputs: dict, values: dict | None = None) -> Expected:
    """``(register, value, mask, meaning)`` of the outputs given (not None); ``values``
    (register -> value) overrides the values, e.g. with what a run observed."""
    registers = encode_registers(spec.outputs, outputs)
    meanings: dict[str, list[str]] = {}
    for register in spec.outputs:
        if outputs.get(register.name) is not None:
            meanings.setdefault(register.register, []).append(meaning(register.name, outputs[register.name]))
    return tuple(
        (name, value if values is None else values.get(name, 0) & mask, mask, ", ".join(meanings.get(name, ())))
        for name, (value, mask) in sorted(registers.items(), key=lambda kv: int(kv[0].lstrip("Xx")))
    )


def meaning(name: str, value) -> str:
    """An output value as a reader of the spec names it: a return code by its status and
    index, an enumeration member by name, a number in hex."""
    status = getattr(value, "status", None)
    if status is not None and hasattr(value, "index"):
        index = int(value.index)
        return getattr(status, "name", str(status)) + (f", index {index}" if index else "")
    shown = getattr(value, "name", None)
    fields = getattr(value, "_FIELDS", None)
    if shown is None and fields and not hasattr(value, "to_bytes"):  # a fieldset: its fields
        shown = "{" + ", ".join(f"{f.name}={meaning('result', getattr(value, f.name))}" for f in fields) + "}"
    if shown is None:
        raw = value.encode() if hasattr(value, "encode") and not isinstance(value, (str, bytes)) else value
        shown = hex(raw) if isinstance(raw, int) and raw > 9 else repr(raw)
    return shown if name == "result" else f"{name}={shown}"


def _unencodable(error: NotModelled) -> str:
    return (
        f"its result cannot be written as register values: {error} (the revision does not "
        "define the encoding, e.g. it has no RMI/RSI type chapter)"
    )


def state_leaves(model, location: tuple) -> list[tuple[tuple, object]]:
    """The scalar values at or directly under ``location`` (a created object: its fields)."""
    obj = model.at(location)
    if obj is None:
        return [(location, None)]
    if isinstance(obj, Struct):
        leaves = []
        for spec in obj._FIELDS:
            value = getattr(obj, spec.name)
            if isinstance(value, Struct) or (isinstance(value, list) and value and isinstance(value[0], Struct)):
                continue
            try:
                leaves.append((location + (spec.name,), plain(value)))
            except TypeError:
                continue
        return [(loc, value) for loc, value in leaves if _is_scalar(value)]
    try:
        value = plain(obj)
    except TypeError:
        return []
    return [(location, value)] if _is_scalar(value) else []


def _is_scalar(value) -> bool:
    """A value a generated test can spell: a name, a number, or a short tuple of them."""
    if isinstance(value, tuple):
        return len(value) <= 32 and all(isinstance(v, (int, str)) or v is None for v in value)
    return isinstance(value, (int, str)) or value is None


class Planner:
    """Plans every command of one model revision."""

    def __init__(self, package, seed: int = 0, platform=None):
        self.package = package
        self.seed = seed
        self.platform = platform
        self.world, self.model = plan_world(package, platform)
        self.oracle = Oracle(self.model, self.world.host["run_page"])

    def plan(self, commands=None, progress=None, jobs: int | None = None) -> SuitePlan:
        """Plan every command (or ``commands``), each from the world as the trace left it:
        in forked worker processes, one per command (``jobs`` at a time; default: the CPUs
        this process may use, or ``$SPECGEN_JOBS``), else sequentially on a copy of the
        world per command. The result does not depend on ``jobs``."""
        started = time.perf_counter()
        names = [name for name in self.model.commands if commands is None or name in commands]
        jobs = jobs or _default_jobs()
        plans: dict[str, CommandPlan] = {}
        if hasattr(os, "fork") and names:
            global _PLANNER
            _PLANNER = self
            # the biggest searches first (more conditions and pairs), so the workers finish together
            order = sorted(names, key=lambda n: -(len(self.model.spec(n).failure) + len(ordered_pairs(self.model.spec(n)))))
            context = multiprocessing.get_context("fork")
            with context.Pool(processes=min(jobs, len(names)), maxtasksperchild=1) as pool:
                for done, (name, plan) in enumerate(pool.imap_unordered(_plan_in_worker, order), start=1):
                    plans[name] = plan
                    if progress:
                        progress(done, len(names))
            _PLANNER = None
        else:
            for done, name in enumerate(names, start=1):
                plans[name] = self._pristine().plan_command(self.model.spec(name))
                if progress:
                    progress(done, len(names))
        return SuitePlan(
            self.model.revision, self.world, tuple(plans[name] for name in names), self.seed,
            time.perf_counter() - started,
        )

    def stimuli(self, command: str, conditions: tuple[str, ...], limit: int = 5) -> list[tuple[Stimulus, Verdict]]:
        """Stimuli of ``command`` where all of ``conditions`` hold, best first (fewest
        rivals, then fewest holding conditions …), each with the model's verdict: the search
        API for other tools (``specgen lint``'s witnesses). Empty when the world has none."""
        search = self.search(self.model.spec(command), conditions=tuple(conditions))
        return [(search.stimulus(a), v) for a, v in search.ranked(tuple(conditions))[:limit]]

    def search(self, spec, success: bool = False, conditions: tuple[str, ...] | None = None) -> CommandSearch:
        """The search ``plan_command`` makes, without writing tests, on a copy of the world:
        the descent to stimuli where the command succeeds, then a search for a stimulus
        where all of ``conditions`` hold or, without ``conditions``, for each failure
        condition the model executes. Every assignment evaluated stays in the returned
        search (``seen``, ``holding_in``, ``stimulus()``): ``specgen lint`` reads its
        evidence there. Unlike ``plan_command`` it also searches commands no test can be
        written for (no FID, a result type the revision does not define): the model judges
        them all the same. With ``success``, every verdict also says which success
        conditions apply (``Verdict.applicable``). Raises ``ModelError`` for a Realm's
        command when the world has no REC to issue it."""
        uncallable = self._no_caller(spec)
        if uncallable:
            raise ModelError(uncallable)
        planner = self._pristine()
        search = CommandSearch(planner.oracle, self.world, spec, self.seed, success=success)
        planner._search_base(search, spec)
        wanted = [tuple(conditions)] if conditions is not None else [(c.id,) for c in spec.failure if not c.not_modelled]
        for items in wanted:
            planner._find(search, spec, items)
        return search

    def _no_caller(self, spec) -> str | None:
        """Why no stimulus of a Realm's (RSI, PSCI) command can be judged: the world has no
        REC that can be entered to issue it (None: it has one, or the host issues it)."""
        if spec.interface not in ("RSI", "PSCI") or self.world.callers:
            return None
        lacking = "; ".join(dict.fromkeys(u.reason for u in self.world.unreached if "REC" in u.provides))
        return "no REC of the world can be entered to issue it" + (f" ({lacking})" if lacking else "")

    def _pristine(self) -> Planner:
        """A planner sharing everything but the model: a copy of the world (judging a
        command creates the objects it reaches, which must not leak into the next one)."""
        twin = copy.copy(self)
        twin.model = self.model.clone()
        twin.oracle = Oracle(twin.model, self.world.host["run_page"])
        return twin

    def plan_command(self, spec) -> CommandPlan:
        missing: list[Missing] = []
        pairs = ordered_pairs(spec)
        if spec.fid is None:
            return self._untestable(spec, pairs, "the command has no function identifier: it cannot be called")
        undefined = [
            r.type_name
            for r in spec.outputs
            if r.name == "result" and not isinstance(getattr(self.model.T, r.type_name, None), type)
        ]
        if undefined:
            return self._untestable(
                spec, pairs,
                f"its result type {undefined[0]} is not among the revision's types: results cannot be "
                "written as register values",
            )
        uncallable = self._no_caller(spec)
        if uncallable:
            return self._untestable(spec, pairs, uncallable)
        search = CommandSearch(self.oracle, self.world, spec, self.seed)
        self._search_base(search, spec)
        failures = []
        for condition in spec.failure:
            test = self._failure_test(search, spec, condition)
            if isinstance(test, Missing):
                missing.append(test)
            else:
                failures.append(test)
        orders = []
        for a, b in pairs:
            test = self._order_test(search, spec, a, b)
            if isinstance(test, Missing):
                missing.append(test)
            else:
                orders.append(test)
        prose = prose_results(self.model, spec)
        unchecked = () if prose is None or prose.modelled else prose.outputs
        success = self._success_test(search, spec, unchecked)
        if isinstance(success, Missing):
            missing.append(success)
            success = None
        prose_tests = self._prose_tests(search, spec) if prose is not None and prose.modelled and prose.outputs else ()
        return CommandPlan(
            spec.name, spec.interface, spec.fid, spec.section, spec.loc, spec.summary,
            tuple(failures), tuple(orders), success, tuple(missing), len(spec.failure), len(pairs),
            search.evaluations, prose, prose_tests,
        )

    @staticmethod
    def _untestable(spec, pairs, reason: str) -> CommandPlan:  # noqa: D401
        """The plan of a command no test can be written for, with the reason for each item."""
        missing = [Missing("failure", c.id, reason) for c in spec.failure]
        missing += [Missing("order", f"{a} < {b}", reason) for a, b in pairs]
        missing.append(Missing("success", spec.name, reason))
        return CommandPlan(
            spec.name, spec.interface, spec.fid or 0, spec.section, spec.loc, spec.summary, (), (), None,
            tuple(missing), len(spec.failure), len(pairs), 0, prose_results(None, spec),
        )

    # -- failure conditions --

    def _search_base(self, search: CommandSearch, spec) -> None:
        """Descend to assignments where the command succeeds; where a condition still
        holds, search the coordinates it names jointly, and descend again."""
        by_id = {c.id: c for c in spec.failure}
        registers = [key for key in sorted(search.coordinates, key=repr) if key[0] != "mem"]
        ends = [search.descend(start, base_objective) for start in search.starts()]
        for current in ends:
            for _ in range(MAX_PLATEAUS):
                best = search.best(())
                holding = search.evaluate(current).holding
                if not holding or best is None or not best[1].holding:
                    return  # a stimulus where the command succeeds is known
                named = sorted({k for c in holding for k in search.coupled(by_id[c], pointers=False)}, key=repr)
                keys = (named + [k for k in registers if k not in named])[:MAX_JOINT_KEYS]
                escaped = search.joint(current, keys, base_objective)
                if escaped == current:
                    break
                current = search.descend(escaped, base_objective)

    def _find(self, search: CommandSearch, spec, wanted: tuple[str, ...]):
        """The best assignment where ``wanted`` hold; searched for when none isolates them."""
        found = search.best(wanted)
        if found is not None and search.competitors(found[1], wanted) == 0:
            return found
        search.allow(ITEM_BUDGET)
        objective = search.holding_objective(wanted)
        starts = [found[0]] if found else []
        base = search.best(())
        if base is not None:
            starts.append(base[0])
        themed = sorted(
            ((objective(search.evaluate(start)), index) for index, start in enumerate(search.themed_starts())),
        )
        starts += [search.themed_starts()[index] for _score, index in themed[:THEMED_STARTS]]
        by_id = {c.id: c for c in spec.failure}
        keys = sorted({k for w in wanted for k in search.coupled(by_id[w])}, key=repr)
        for start in starts or [{}]:
            current = search.descend(start, objective, keys=keys) if keys else start
            others = rivals(spec, search.evaluate(current), wanted)
            if others and objective(search.evaluate(current))[1] == 0:
                # the wanted conditions hold: change what the rivals depend on
                rival_keys = sorted({k for r in others for k in search.coupled(by_id[r])} - set(keys), key=repr)
                if rival_keys:
                    current = search.descend(current, objective, keys=rival_keys)
            if objective(search.evaluate(current))[1:3] != (0, 0):
                current = search.descend(current, objective)
            joint = [k for k in keys if k[0] != "reg" or k[1] not in search.pointers]
            if objective(search.evaluate(current))[1:3] != (0, 0) and len(joint) > 1:
                current = search.joint(current, joint, objective)
                search.descend(current, objective)
        return search.best(wanted)

    def _failure_test(self, search: CommandSearch, spec, condition):
        if condition.not_modelled:
            return Missing("failure", condition.id, f"the model does not execute it: {condition.not_modelled}")
        found = self._find(search, spec, (condition.id,))
        if found is None:
            return Missing("failure", condition.id, self._why_not(search, (condition.id,)))
        assignment, verdict, distinguishes, evidence = self._distinguishing(
            search, (condition.id,), drop_condition(spec, condition.id), found
        )
        try:
            expected = expected_results(spec, verdict)
        except NotModelled as error:
            return Missing("failure", condition.id, _unencodable(error))
        stimulus = search.stimulus(assignment)
        footprint = self._footprint(spec, stimulus)
        others = rivals(spec, verdict, (condition.id,))
        return FailureTest(
            condition.id, condition.pre_text or "", condition.post_text, condition.loc, stimulus,
            verdict.holding, expected, footprint, distinguishes, evidence, others,
            self._why_rivals(search, spec, condition.id) if others else "",
        )

    @staticmethod
    def _why_rivals(search: CommandSearch, spec, condition: str) -> str:
        """Why no stimulus makes ``condition`` decide the result alone, from every stimulus
        the search met where it holds."""
        keys = search.holding_in.get(condition, [])
        seen = [set(rivals(spec, search.seen[k], (condition,))) for k in keys]
        always = set.intersection(*seen) if seen else set()
        if always:
            before = sorted(c for c in always if c in spec.precedes.get(condition, ()))
            unordered = sorted(always - set(before))
            parts = []
            if before:
                parts.append(f"{', '.join(before)} (ordered before it)")
            if unordered:
                parts.append(f"{', '.join(unordered)} (unordered with it, another result)")
            return (
                f"{' and '.join(parts)} held in every one of the {len(keys)} stimuli where it holds: "
                "no stimulus of the world makes it decide the result alone"
            )
        fewest = min(seen, key=len) if seen else set()
        return (
            f"none of the {len(keys)} stimuli where it holds is free of rivals (the fewest: "
            f"{', '.join(sorted(fewest))})"
        )

    def _distinguishing(self, search: CommandSearch, wanted, variant, found):
        """Among the evaluated stimuli where ``wanted`` hold (best first), the first whose
        permitted results share nothing with what ``variant`` of the command gives; else
        the best one. Also returns whether it distinguishes, and how many stimuli where
        ``wanted`` hold were examined (all of them when none distinguishes)."""
        ranked = search.ranked(wanted)
        for assignment, verdict in ranked:
            if variant_results(verdict, variant).isdisjoint(results_of(verdict)):
                return assignment, verdict, True, len(ranked)
        return found[0], found[1], False, len(ranked)

    def _why_not(self, search: CommandSearch, wanted: tuple[str, ...]) -> str:
        evaluated = [v for v in search.seen.values() if not v.error]
        errors = [v.error for v in search.seen.values() if v.error]
        label = " and ".join(wanted)
        if not evaluated and errors:
            return f"the model cannot evaluate the command here: {errors[0]}"
        reason = f"none of the {len(evaluated)} stimuli evaluated makes {label} hold"
        for w in wanted:
            if evaluated and all(w in v.undefined for v in evaluated):
                reason = f"{w} names an object that exists in none of the {len(evaluated)} stimuli evaluated"
                break
        return reason + self._unreached_for(search.spec, wanted)

    def _unreached_for(self, spec, wanted: tuple[str, ...]) -> str:
        return "".join(f"; the world lacks it: {reason}" for reason in self.unreached_for(spec, wanted))

    def unreached_for(self, spec, wanted: tuple[str, ...]) -> tuple[str, ...]:
        """Why the world lacks the states failure conditions ``wanted`` mention: the reasons
        of the planned states the interface did not reach (a condition on them can have no
        stimulus here, whatever the spec says)."""
        by_id = {c.id: c for c in spec.failure}
        text = " ".join(by_id[w].pre_text or "" for w in wanted if w in by_id)
        words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text))
        return tuple(dict.fromkeys(
            u.reason for u in self.world.unreached if any(name in words for name in u.provides)
        ))

    @staticmethod
    def _never_together(search: CommandSearch, a: str, b: str, searched: bool = False) -> str | None:
        """Why ``a`` and ``b`` cannot hold together, if the stimuli say so: one is
        undefined (names an object that does not exist) in every stimulus where the other
        holds — ``realm.state`` when ``rd`` is not an RD. Then no test can observe their
        order, and a swapped pair is an equivalent mutant. After a search for both failed
        (``searched``), it is enough that one never holds where the other does and is
        undefined in some of those stimuli (``A && Rec(rec).x`` is false, not undefined,
        when ``A`` is false)."""
        for first, second in ((a, b), (b, a)):
            keys = search.holding_in.get(first, [])
            if len(keys) < MIN_EVIDENCE:
                continue
            undefined = sum(1 for k in keys if second in search.seen[k].undefined)
            if undefined == len(keys):
                return (
                    f"{second} is undefined whenever {first} holds (in all {len(keys)} stimuli where it "
                    "holds): the two never hold together, so their order is not observable"
                )
            if searched and undefined and not any(second in search.seen[k].holding for k in keys):
                return (
                    f"{second} was never seen holding with {first}: in the {len(keys)} stimuli where {first} "
                    f"holds it is undefined in {undefined} and false in the others, and a search for both "
                    "failed (evidence, not proof, that their order is not observable)"
                )
        return None

    def _unwritable(self, search: CommandSearch, spec, a: str, b: str) -> str | None:
        """Why ``a`` and ``b`` cannot hold together when one of them reads a host structure
        the host cannot write wherever the other holds (``run.enter.flags`` of an RmiRecRun
        at a ``run_ptr`` in Realm memory): a search for both failed, and in every stimulus
        where the other holds, the structure's address is memory the host cannot write."""
        by_id = {c.id: c for c in spec.failure}
        for first, second in ((a, b), (b, a)):
            reads = {key[1] for key in search.coupled(by_id[second]) if key[0] == "mem"}
            pointers = sorted(name for name, type_name in search.pointers.items() if type_name in reads)
            keys = search.holding_in.get(first, [])
            if not pointers or len(keys) < MIN_EVIDENCE:
                continue
            for pointer in pointers:
                if all(
                    not host_writable(search.model, dict(key).get(("reg", pointer), 0)) for key in keys
                ):
                    return (
                        f"{second} reads the {search.pointers[pointer]} at {pointer}, which the host can write "
                        f"only where {first} does not hold (in all {len(keys)} stimuli where {first} holds, "
                        f"{pointer} is memory the host cannot write): the two never hold together"
                    )
        return None

    def _footprint(self, spec, stimulus: Stimulus) -> tuple[tuple, ...]:
        verdict, _reads, locations = judge_stimulus(self.oracle, spec, stimulus, footprint=True)
        return () if verdict.error else tuple(sorted(set(locations), key=repr))

    # -- ordering --

    def _order_test(self, search: CommandSearch, spec, a: str, b: str):
        never = [c for c in (a, b) if not search.holding_in.get(c)]
        if never:  # no order can be seen where one of them never holds: say why it does not
            return Missing("order", f"{a} < {b}", self._why_not(search, (never[0],)))
        apart = self._never_together(search, a, b)
        if apart:
            return Missing("order", f"{a} < {b}", apart, unobservable=True)
        found = search.best((a, b))
        if found is None or search.competitors(found[1], (a, b)):
            found = self._find(search, spec, (a, b))
        if found is None:
            apart = self._never_together(search, a, b, searched=True) or self._unwritable(search, spec, a, b)
            if apart:
                return Missing("order", f"{a} < {b}", apart, unobservable=True)
            return Missing("order", f"{a} < {b}", self._why_not(search, (a, b)))
        assignment, verdict, distinguishes, evidence = self._distinguishing(
            search, (a, b), swap_pair(spec, a, b), found
        )
        try:
            expected = expected_results(spec, verdict)
        except NotModelled as error:
            return Missing("order", f"{a} < {b}", _unencodable(error))
        return OrderTest(
            a, b, search.stimulus(assignment), verdict.holding, expected, distinguishes, evidence,
            rivals(spec, verdict, (a, b)),
        )

    # -- success --

    def _success_test(self, search: CommandSearch, spec, unchecked: tuple[str, ...] = ()):
        candidates = sorted(
            (len(key), index, key) for index, key in enumerate(search.holding_in.get("", []))
        )
        last_error = None
        for _size, _text, key in candidates[:SUCCESS_ATTEMPTS]:
            stimulus = search.stimulus(dict(key))
            try:
                return self._run_success(spec, stimulus, unchecked)
            except (NotModelled, ModelError, FootprintError, Undefined) as error:
                last_error = f"{type(error).__name__}: {error}"
            except (ArithmeticError, ValueError, TypeError, KeyError, IndexError, AttributeError) as error:
                last_error = f"the model failed: {type(error).__name__}: {error}"
        if not candidates:
            return Missing("success", spec.name, f"no stimulus of the {len(search.seen)} evaluated makes every failure condition false")
        return Missing("success", spec.name, f"the model cannot run the command in the stimuli found: {last_error}")

    def _prose_tests(self, search: CommandSearch, spec) -> tuple[ProseTest, ...]:
        """A success test for each case of the version negotiation the command's prose
        states (a request the RMM supports; one above, one below what it supports),
        among the requests the search met and the candidate values of the request."""
        key = ("reg", "req")
        implemented = self.model.implemented_versions(spec.interface)
        register = next((r for r in spec.inputs if r.name == "req"), None)
        if register is None or key not in search.coordinates or not implemented:
            return ()
        cases: dict[str, ProseTest] = {}
        for value in search.coordinates[key]:
            request = register.decode(value)
            ok, lower, higher = versions.negotiate((int(request.major), int(request.minor)), implemented)
            case = ("a) the RMM supports a revision compatible with the request" if ok else
                    "b) only revisions incompatible with and less than the request" if lower < (int(request.major), int(request.minor)) else
                    "c) only revisions incompatible with and greater than the request")
            if case in cases:
                continue
            try:
                cases[case] = ProseTest(case, self._run_success(spec, search.stimulus({key: value})))
            except (NotModelled, ModelError, FootprintError, Undefined):
                continue
        return tuple(cases[case] for case in sorted(cases))

    def run(self, spec, stimulus: Stimulus) -> StimulusRun:
        """Run ``stimulus`` as the generated test will (through the adapter interface, the
        host answering REC exits) on a copy of the world: the command's outcome in the model
        (None when the host completed a Realm's call), the registers observed, and the state
        before and after it."""
        adapter = ModelAdapter(self.package, self.platform, isolate=False)
        target = Target(adapter, self.world.trace, self.world.host, _token=self.model)
        target.prepare()
        model = adapter.model
        seen: list = []
        model.observers.append(lambda outcome, depth: outcome.command == spec.name and seen.append(outcome))
        model.state.forget_images()
        before = model._snapshot()
        observed = target._stimulate(
            spec.fid, {"caller": stimulus.caller, "registers": _registers(spec, stimulus),
                       "memory": stimulus.memory_writes(model), "while_running": stimulus.running}, ()
        )
        model.state.forget_images()
        return StimulusRun(seen[-1] if seen else None, observed.outputs, model, before, model._snapshot())

    def execute(self, spec, stimulus: Stimulus) -> StimulusRun:
        """Execute the command on ``stimulus`` in the model where the search judged it
        (``Oracle.model_for``: the world, or the Realm of the calling REC about to make the
        call), on a copy: the command's own outcome, also of a call that on an RMM exits to
        the host (PSCI_CPU_ON), and of a command without a FID, which no test can call."""
        model = self.oracle.model_for(stimulus.caller, stimulus.running).clone()
        for step in stimulus.memory_writes(model):
            model.host_write(int(step["write"]), memory_bytes(step))
        model.state.forget_images()
        before = model._snapshot()
        outcome = model.execute(spec, dict(stimulus.inputs))
        model.state.forget_images()
        return StimulusRun(outcome, outcome.registers(), model, before, model._snapshot())

    def _run_success(self, spec, stimulus: Stimulus, unchecked: tuple[str, ...] = ()) -> SuccessTest:
        """The outputs the command gave when ``run`` and the state it left at every
        location that changed."""
        run = self.run(spec, stimulus)
        outcome, model = run.outcome, run.model
        if outcome is not None and not outcome.ok:
            raise ModelError(f"{spec.name} failed: {outcome}")
        if outcome is None and not run.observed:
            raise ModelError(f"{spec.name}: the Realm's call got no result")
        if outcome is not None:
            expected = expectation(spec, outcome.outputs, run.observed)
        else:  # completed by the host (RMI_PSCI_COMPLETE): every output, as the Realm got it
            outputs = {}
            for register in spec.outputs:
                raw = run.observed.get(register.register, 0) >> register.low
                outputs[register.name] = register.decode(raw & ((1 << (register.high - register.low + 1)) - 1))
            expected = expectation(spec, outputs)
        if unchecked:  # outputs the spec gives in prose the model does not give a meaning to
            hidden = {r.register for r in spec.outputs if r.name in unchecked}
            expected = tuple(e for e in expected if e[0] not in hidden)
        changes = changed_leaves(run.before, run.after, model._type_by_name, model._default_granule_image())
        leaves: dict[tuple, object] = {}
        for location in sorted(set(changes), key=repr):
            for leaf, value in state_leaves(model, location):
                leaves.setdefault(leaf, value)
        state = tuple(sorted(leaves.items(), key=lambda kv: repr(kv[0])))[:MAX_STATE_CHECKS]
        return SuccessTest(stimulus, expected, state)


def prose_results(model, spec) -> ProseResults | None:
    """Whether ``spec``'s results are given in prose: outputs no condition gives, of a
    command whose only description of them is its prose (no conditions at all, or the
    summary names them); and conditions written in prose the model gives a meaning to.
    None when neither."""
    posts = " ".join([c.post_text for c in spec.failure] + [c.post_text for c in spec.success])
    words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", posts))
    summary = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", spec.summary or ""))
    statuses = {w for w in summary if w.startswith(f"{spec.interface}_ERROR")}
    bare = not spec.failure and not spec.success
    outputs = tuple(
        r.name for r in spec.outputs
        if r.name not in words and (bare or r.name in summary or (r.name == "result" and statuses))
    )
    conditions = tuple(
        c.id for c in spec.failure + spec.success if prose_rule_text(spec.name, c.id, c.pre_text or "")
    )
    if not outputs and not conditions:
        return None
    if outputs and model is not None and versions.negotiates(spec) and model.implemented_versions(spec.interface):
        shown = ", ".join(f"{a}.{b}" for a, b in model.implemented_versions(spec.interface))
        return ProseResults(outputs, conditions, True, "version negotiation as the summary states it, against the "
                            f"revisions the platform's RMM implements ({shown}); one test per case")
    if outputs:
        return ProseResults(outputs, conditions, False, f"{', '.join(outputs)} not modelled: the success test does "
                            "not check them (the spec gives them in prose only)")
    return ProseResults((), conditions, True, "the conditions written in prose are modelled by the rules in "
                        "specgen_runtime.prose: " + ", ".join(conditions))


def prose_rule_text(command: str, condition: str, text: str) -> bool:
    """The model executes condition ``condition`` of ``command`` by a prose rule."""
    from specgen_runtime.prose import prose_rule

    return prose_rule(command, condition, "pre", text) is not None


def _registers(spec, stimulus: Stimulus) -> dict[str, int]:
    """The stimulus' input registers (``{"X1": …}``): each input's bits at its place."""
    registers: dict[str, int] = {}
    for register in spec.inputs:
        if register.name == "fid":
            continue
        value = dict(stimulus.inputs).get(register.name, 0)
        registers[register.register] = registers.get(register.register, 0) | (value << register.low)
    return dict(sorted(registers.items(), key=lambda kv: int(kv[0][1:])))
