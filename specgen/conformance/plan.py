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

import re
import time
from dataclasses import dataclass, field

from specgen_runtime.suite.adapter import plain
from specgen.conformance.search import (
    ITEM_BUDGET,
    CommandSearch,
    Stimulus,
    Verdict,
    base_objective,
    judge_stimulus,
    results_of,
    variant_results,
)
from specgen.conformance.variants import drop_condition, ordered_pairs, swap_pair
from specgen.conformance.world import World, plan_world
from specgen_runtime.builder import apply_steps
from specgen_runtime.errors import FootprintError, ModelError, NotModelled, Undefined
from specgen_runtime.machine import encode_registers
from specgen_runtime.values import Struct

#: Changed state locations a success test checks at most (an RTT has 512 entries).
MAX_STATE_CHECKS = 24
#: Stimuli where a condition holds needed before concluding another never holds with it.
MIN_EVIDENCE = 10
#: Plateaus the base search escapes by a joint search, and the coordinates it combines.
MAX_PLATEAUS = 4
MAX_JOINT_KEYS = 4
#: Assignments with no failure condition holding tried for the success test.
SUCCESS_ATTEMPTS = 6

Expected = tuple[tuple[str, int, int], ...]  # (register, value, mask) …


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


@dataclass(frozen=True)
class OrderTest:
    before: str
    after: str
    stimulus: Stimulus
    holding: tuple[str, ...]
    permitted: tuple[Expected, ...]
    distinguishes: bool  # an RMM checking the pair the other way round fails this test
    evidence: int


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


@dataclass(frozen=True)
class SuitePlan:
    revision: str
    world: World
    commands: tuple[CommandPlan, ...]
    seed: int
    seconds: float = field(default=0.0, compare=False)


def module_name(command: str) -> str:
    """The generated test module of ``command``: ``test_rmi_data_create``."""
    return "test_" + re.sub(r"[^0-9a-z]+", "_", command.lower()).strip("_")


def expected_results(spec, verdict: Verdict) -> tuple[Expected, ...]:
    """The permitted results as register expectations (only the outputs a post gives)."""
    results = []
    for permitted in verdict.permitted:
        registers = encode_registers(spec.outputs, permitted.outputs)
        results.append(tuple((name, value, mask) for name, (value, mask) in sorted(registers.items())))
    return tuple(dict.fromkeys(results))


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
        self.model = package.new_model(platform)
        self.world = plan_world(self.model)
        apply_steps(self.model, self.world.steps)
        self.model.state.forget_images()

    def plan(self, commands=None, progress=None) -> SuitePlan:
        started = time.perf_counter()
        names = [name for name in self.model.commands if commands is None or name in commands]
        plans = []
        for done, name in enumerate(names):
            plans.append(self.plan_command(self.model.spec(name)))
            if progress:
                progress(done + 1, len(names))
        return SuitePlan(
            self.model.revision, self.world, tuple(plans), self.seed, time.perf_counter() - started
        )

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
        search = CommandSearch(self.model, self.world, spec, self.seed)
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
        success = self._success_test(search, spec)
        if isinstance(success, Missing):
            missing.append(success)
            success = None
        return CommandPlan(
            spec.name, spec.interface, spec.fid, spec.section, spec.loc, spec.summary,
            tuple(failures), tuple(orders), success, tuple(missing), len(spec.failure), len(pairs),
            search.evaluations,
        )

    def search(self, spec, success: bool = False) -> CommandSearch:
        """The search ``plan_command`` makes, without writing tests: the descent to
        stimuli where the command succeeds, then a search for each failure condition the
        model executes. Every assignment evaluated stays in the returned search
        (``seen``, ``holding_in``, ``stimulus()``): ``specgen lint`` reads its evidence
        there. Unlike ``plan_command`` it also searches commands no test can be written
        for (no FID, a result type the revision does not define): the model judges them
        all the same. With ``success``, every verdict also says which success conditions
        apply (``Verdict.applicable``)."""
        search = CommandSearch(self.model, self.world, spec, self.seed, success=success)
        self._search_base(search, spec)
        for condition in spec.failure:
            if not condition.not_modelled:
                self._find(search, spec, (condition.id,))
        return search

    @staticmethod
    def _untestable(spec, pairs, reason: str) -> CommandPlan:
        """The plan of a command no test can be written for, with the reason for each item."""
        missing = [Missing("failure", c.id, reason) for c in spec.failure]
        missing += [Missing("order", f"{a} < {b}", reason) for a, b in pairs]
        missing.append(Missing("success", spec.name, reason))
        return CommandPlan(
            spec.name, spec.interface, spec.fid or 0, spec.section, spec.loc, spec.summary, (), (), None,
            tuple(missing), len(spec.failure), len(pairs), 0,
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
        by_id = {c.id: c for c in spec.failure}
        keys = sorted({k for w in wanted for k in search.coupled(by_id[w])}, key=repr)
        for start in starts or [{}]:
            current = search.descend(start, objective, keys=keys) if keys else start
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
        return FailureTest(
            condition.id, condition.pre_text or "", condition.post_text, condition.loc, stimulus,
            verdict.holding, expected, footprint, distinguishes, evidence,
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
        for w in wanted:
            if evaluated and all(w in v.undefined for v in evaluated):
                return f"{w} names an object that exists in none of the {len(evaluated)} stimuli evaluated"
        return f"none of the {len(evaluated)} stimuli evaluated makes {label} hold"

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

    def _footprint(self, spec, stimulus: Stimulus) -> tuple[tuple, ...]:
        verdict, _reads, locations = judge_stimulus(self.model, spec, stimulus, footprint=True)
        return () if verdict.error else tuple(sorted(set(locations), key=repr))

    # -- ordering --

    def _order_test(self, search: CommandSearch, spec, a: str, b: str):
        apart = self._never_together(search, a, b)
        if apart:
            return Missing("order", f"{a} < {b}", apart, unobservable=True)
        found = search.best((a, b))
        if found is None or search.competitors(found[1], (a, b)):
            found = self._find(search, spec, (a, b))
        if found is None:
            apart = self._never_together(search, a, b, searched=True)
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
            a, b, search.stimulus(assignment), verdict.holding, expected, distinguishes, evidence
        )

    # -- success --

    def _success_test(self, search: CommandSearch, spec):
        candidates = sorted(
            (len(key), index, key) for index, key in enumerate(search.holding_in.get("", []))
        )
        last_error = None
        for _size, _text, key in candidates[:SUCCESS_ATTEMPTS]:
            stimulus = search.stimulus(dict(key))
            try:
                return self._run_success(spec, stimulus)
            except (NotModelled, ModelError, FootprintError, Undefined) as error:
                last_error = f"{type(error).__name__}: {error}"
            except (ArithmeticError, ValueError, TypeError, KeyError, IndexError, AttributeError) as error:
                last_error = f"the model failed: {type(error).__name__}: {error}"
        if not candidates:
            return Missing("success", spec.name, f"no stimulus of the {len(search.seen)} evaluated makes every failure condition false")
        return Missing("success", spec.name, f"the model cannot run the command in the stimuli found: {last_error}")

    def _run_success(self, spec, stimulus: Stimulus) -> SuccessTest:
        model = self.model.clone()
        apply_steps(model, stimulus.memory_steps())
        model.state.current_rec = stimulus.caller
        outcome = model.execute(spec, dict(stimulus.inputs))
        if not outcome.ok:
            raise ModelError(f"{spec.name} failed: {outcome}")
        outputs = encode_registers(spec.outputs, outcome.outputs)
        expected = tuple((name, value, mask) for name, (value, mask) in sorted(outputs.items()))
        leaves: dict[tuple, object] = {}
        for location in sorted(set(outcome.changes), key=repr):
            for leaf, value in state_leaves(model, location):
                leaves.setdefault(leaf, value)
        state = tuple(sorted(leaves.items(), key=lambda kv: repr(kv[0])))[:MAX_STATE_CHECKS]
        return SuccessTest(stimulus, expected, state)
