"""Finding stimuli: evaluate candidate inputs against the model, search deterministically.

Why coordinate descent over typed candidates (and not a solver): the failure conditions
call spec functions over the state (RTT walks, Granule states, structure fields) that the
model executes but a solver would need re-encoded; the model answers "which conditions
hold for these registers in this world" in ~0.1 ms (``Model.judge``), so a greedy search
over a few thousand candidate assignments per command is enough. Every assignment the
search evaluates is kept, so one pass finds stimuli for many conditions at once.

An *assignment* maps coordinates to raw values: ``("reg", name)`` for an input register,
``("caller",)`` for the REC issuing an RSI/PSCI command, ``("mem", type, field, index)``
for a field of a host data structure the command reads at an address given in a register
(found by watching the model's memory reads). Missing coordinates read as zero.
"""

from __future__ import annotations

import hashlib
import itertools
import random
import re
from dataclasses import dataclass

from specgen.conformance.candidates import field_candidates, register_candidates
from specgen.conformance.world import write_step
from specgen_runtime.errors import ModelError, NotModelled, Undefined
from specgen_runtime.values import Struct, decode_member

#: Elements of an array field of a host data structure the search varies (``aux[0..2]``).
ARRAY_ELEMENTS = 3
#: Greedy passes over all coordinates before a descent gives up.
MAX_PASSES = 3
#: Moves to an equally good assignment with other holding conditions, per descent.
MAX_SIDEWAYS = 6
#: Starting assignments of the base search (zeros, then seeded random ones).
RESTARTS = 3
#: Assignments the search for a stimulus where a command succeeds may evaluate, and the
#: search for each failure condition or ordered pair after it.
BASE_BUDGET = 6000
ITEM_BUDGET = 500
#: Assignments a joint search over the coordinates one condition names may evaluate.
JOINT_BUDGET = 1000

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class Stimulus:
    """A concrete test input: the calling REC (RSI/PSCI), the input registers' raw values
    (by input name, in register order), and host data structures placed in memory."""

    caller: int | None
    inputs: tuple[tuple[str, int], ...]
    memory: tuple[tuple[int, str, tuple[tuple[str, object], ...]], ...] = ()
    running: int | None = None  # a REC running (on another host CPU) while the host issues it

    def memory_writes(self, model) -> list[dict]:
        """The host memory writes of the stimulus: each structure as the spec lays it out
        in bytes, where the host can write (see ``host_writable``) and unless it changes
        nothing (no field set, and the world has nothing there)."""
        writes = []
        for pa, type_name, fields in self.memory:
            if not host_writable(model, pa) or (not fields and not any(model.host_read(pa, 8))):
                continue
            data = host_structure(model, type_name, dict(fields)).to_bytes()
            if fields or any(model.host_read(pa, len(data))):
                writes.append(write_step(pa, data, type_name))
        return writes


def describe_stimulus(caller, inputs, memory, running, show) -> str:
    """A stimulus as a reader writes it — ``caller=rec_x, rd=rd_active, ipa=0x3000,
    RmiRecParams at host_page_0 (3 fields set), while rec_y runs`` —, each value as
    ``show(role, value)`` names it (role: "caller", an input's name, "memory", "running")."""
    parts = [] if caller is None else [f"caller={show('caller', caller)}"]
    parts += [f"{name}={show(name, value)}" for name, value in inputs]
    parts += [f"{type_name} at {show('memory', pa)} ({len(fields)} fields set)" for pa, type_name, fields in memory]
    if running is not None:
        parts.append(f"while {show('running', running)} runs")
    return ", ".join(parts)


def host_writable(model, pa: int) -> bool:
    """The host can write memory at ``pa``: Non-secure DRAM (a delegable Granule the GPT
    gives to the Non-secure PAS); elsewhere its writes reach nothing a command reads."""
    pa = int(pa)
    if not model.PaIsDelegable(pa):
        return False
    granule = model.state.granules.get(pa - pa % model.platform.granule_size)
    gpt = getattr(granule, "gpt", None) if granule is not None else None
    return gpt is None or getattr(gpt, "name", "") == "GPT_NS"


def host_structure(model, type_name: str, fields: dict) -> Struct:
    """A ``type_name`` host data structure with ``fields`` given as the raw integers of the
    spec's encoding: arrays as lists of them (from element 0), members of nested structures
    by dotted name (``"enter.flags"``)."""
    cls = getattr(model.T, type_name, None)
    if not isinstance(cls, type) or not issubclass(cls, Struct):
        raise ModelError(f"DEN0137 {model.revision} has no structure {type_name}")
    obj = cls()
    for path, raw in fields.items():
        *outer, name = path.split(".")
        target = obj
        for step in outer:
            target = getattr(target, step, None)
            if not isinstance(target, Struct):
                raise ModelError(f"{type_name} has no structure member {path}")
        spec = next((f for f in type(target)._FIELDS if f.name == name), None)
        if spec is None:
            raise ModelError(f"{type_name} has no field {path}")
        if isinstance(raw, (list, tuple)):
            values = list(getattr(target, name))
            values[: len(raw)] = [decode_member(r, spec) for r in raw]
            setattr(target, name, values)
        else:
            setattr(target, name, decode_member(raw, spec))
    return obj


class Oracle:
    """The model in the world's state, and for each REC the model in which its Realm is
    about to make a call (the host entered it): where RSI and PSCI stimuli are judged."""

    def __init__(self, model, run_page: int):
        self.model = model
        self.run_page = run_page
        self._running: dict[int, object] = {}

    def model_for(self, caller: int | None, running: int | None = None):
        """The model where the Realm of REC ``caller`` issues a call, or where the host
        issues one (``caller`` None) while REC ``running`` runs."""
        rec = caller if caller is not None else running
        if rec is None:
            return self.model
        key = (rec, caller is None)
        twin = self._running.get(key)
        if twin is None:
            twin = self._running[key] = self.model.running(rec, self.run_page)
            if caller is None:
                twin.state.current_rec = None  # the host's call: no REC is current
        return twin


@dataclass(frozen=True)
class Verdict:
    """What the model says of one assignment."""

    holding: tuple[str, ...]
    undefined: tuple[str, ...]
    permitted: tuple  # runtime.Permitted
    error: str | None = None
    outputs: tuple = ()  # (condition, outputs) of every holding condition
    applicable: tuple[str, ...] = ()  # success conditions whose pre: holds (judged with success)
    unjudged: tuple[str, ...] = ()  # success conditions the model cannot evaluate (idem)

    @property
    def size(self) -> int:
        return len(self.holding)


Assignment = tuple  # sorted ((coordinate, value), ...)

#: The verdict of an assignment not evaluated because the search budget is spent.
EXHAUSTED = Verdict((), (), (), "search budget exhausted")


def judge_stimulus(oracle: Oracle, spec, stimulus: Stimulus, footprint: bool = False, success: bool = False):
    """The model's verdict on ``stimulus`` for command ``spec`` (the world state is left
    as it was), the host memory it read, and the footprint locations (if asked); with
    ``success``, also the success conditions that apply when no failure condition holds.
    Host structures are placed in memory as decoded objects: the same as writing their
    bytes (the model decodes bytes with the same codecs), without decoding them at every
    read."""
    model = oracle.model_for(stimulus.caller, stimulus.running)
    memory = model.state.memory
    model.state.memory = dict(memory)
    model.memory_reads = set()
    locations: tuple = ()
    try:
        for pa, type_name, fields in stimulus.memory:
            if not host_writable(model, pa):
                continue
            structure = host_structure(model, type_name, dict(fields))
            if int(pa) % model.platform.granule_size:  # inside a Granule: as bytes, like the test
                model.host_write(int(pa), structure.to_bytes())
            else:
                model.state.memory[int(pa)] = structure
        judgement = model.judge(
            spec, dict(stimulus.inputs), footprint=footprint, outputs=True, success=success
        )
        verdict = Verdict(
            judgement.holding,
            judgement.undefined,
            judgement.permitted,
            None,
            judgement.outputs,
            judgement.applicable,
            judgement.unjudged,
        )
        locations = judgement.footprint
    except (NotModelled, ModelError, Undefined) as error:
        verdict = Verdict((), (), (), f"{type(error).__name__}: {error}")
    except (ArithmeticError, ValueError, TypeError, KeyError, IndexError, AttributeError) as error:
        verdict = Verdict((), (), (), f"the model failed: {type(error).__name__}: {error}")
    finally:
        reads, model.memory_reads = model.memory_reads, None
        model.state.memory = memory
    return verdict, reads, locations


def _result(outputs: dict) -> tuple:
    return tuple(sorted((k, repr(v)) for k, v in outputs.items()))


def results_of(verdict: Verdict) -> frozenset:
    """The set of results a verdict permits, comparable across model variants (a verdict
    with no holding condition permits only success)."""
    if verdict.error:
        return frozenset({("error", verdict.error)})
    if not verdict.permitted:
        return frozenset({("success",)})
    return frozenset(_result(p.outputs) for p in verdict.permitted)


def variant_results(verdict: Verdict, variant) -> frozenset:
    """The results ``variant`` of the command (a condition dropped, a pair swapped)
    permits for the same stimulus: its conditions are evaluated independently of each
    other, so the holding ones are the verdict's, ordered by the variant's ordering."""
    if verdict.error:
        return frozenset({("error", verdict.error)})
    ids = {c.id for c in variant.failure}
    outputs = dict(verdict.outputs)
    holding = [c for c in verdict.holding if c in ids]
    held = set(holding)
    first = [c for c in holding if not variant.precedes.get(c, frozenset()) & held]
    if not first:
        return frozenset({("success",)} if not holding else {("no result",)})
    return frozenset(_result(outputs[c]) for c in first if c in outputs)


def seed_for(revision: str, command: str, seed: int) -> int:
    digest = hashlib.sha256(f"{seed}:{revision}:{command}".encode()).digest()
    return int.from_bytes(digest[:8], "little")


class CommandSearch:
    """The search for one command of a model whose state is the world (not changed)."""

    def __init__(self, oracle: Oracle, world, spec, seed: int = 0, success: bool = False):
        self.oracle, self.world, self.spec = oracle, world, spec
        model = self.model = oracle.model
        self.success = success  # also judge which success conditions apply (Verdict.applicable)
        self.rng = random.Random(seed_for(model.revision, spec.name, seed))
        self.coordinates: dict[tuple, tuple[int, ...]] = {}
        self.pointers: dict[str, str] = {}  # input name -> structure type read at its value
        self.seen: dict[Assignment, Verdict] = {}
        # condition -> assignments where it holds ("": where none holds), in evaluation order
        self.holding_in: dict[str, list[Assignment]] = {}
        self.evaluations = 0
        self.budget = BASE_BUDGET
        self._compound_cache: tuple[int, list[dict]] | None = None
        self._rivals: dict[tuple, int] = {}  # (id of a verdict in self.seen, wanted) -> rivals
        if spec.interface in ("RSI", "PSCI"):
            self.coordinates[("caller",)] = tuple(pa for _name, pa in world.callers)
        elif self._needs_running(spec, world):
            self.coordinates[("running",)] = (0,) + tuple(pa for _name, pa in world.callers)
        for register in spec.inputs:
            if register.name != "fid":
                self.coordinates[("reg", register.name)] = register_candidates(model, register, world)

    # -- evaluation --

    @staticmethod
    def _needs_running(spec, world) -> bool:
        """Some condition of the host command names a state a REC has only while it runs:
        the search also tries the command issued while a REC runs (another host CPU)."""
        states = {name for item in world.unreached if item.concurrent for name in item.provides}
        text = " ".join((c.pre_text or "") for c in spec.failure)
        return bool(states & set(_IDENTIFIER.findall(text)))

    def value(self, assignment: dict, key: tuple) -> int:
        if key in assignment:
            return assignment[key]
        candidates = self.coordinates.get(key, (0,))
        return candidates[0] if key == ("caller",) else 0

    def stimulus(self, assignment: dict) -> Stimulus:
        caller = self.value(assignment, ("caller",)) if ("caller",) in self.coordinates else None
        inputs = tuple(
            (r.name, self.value(assignment, ("reg", r.name))) for r in self.spec.inputs if r.name != "fid"
        )
        memory = []
        for name, type_name in sorted(self.pointers.items()):
            fields: dict[str, object] = {}
            for key in self.coordinates:
                if key[0] != "mem" or key[1] != type_name:
                    continue
                raw = self.value(assignment, key)
                _mem, _type, path, index = key
                if index < 0:
                    if raw:
                        fields[path] = raw
                else:
                    elements = fields.setdefault(path, [])
                    elements.extend([0] * (index + 1 - len(elements)))
                    elements[index] = raw
            packed = tuple(
                (path, tuple(v) if isinstance(v, list) else v)
                for path, v in sorted(fields.items())
                if not isinstance(v, list) or any(v)
            )
            memory.append((self.value(assignment, ("reg", name)), type_name, packed))
        running = self.value(assignment, ("running",)) or None if ("running",) in self.coordinates else None
        return Stimulus(caller, inputs, tuple(memory), running)

    def evaluate(self, assignment: dict) -> Verdict:
        key = tuple(sorted((k, v) for k, v in assignment.items() if v != self.value({}, k)))
        verdict = self.seen.get(key)
        if verdict is None:
            if self.exhausted:
                return EXHAUSTED
            verdict = self._judge(assignment)
            self.seen[key] = verdict
            if not verdict.error:
                for condition in verdict.holding or ("",):
                    self.holding_in.setdefault(condition, []).append(key)
        return verdict

    @property
    def exhausted(self) -> bool:
        return self.evaluations >= self.budget

    def allow(self, evaluations: int) -> None:
        """Let the search evaluate ``evaluations`` more assignments."""
        self.budget = self.evaluations + evaluations

    def _judge(self, assignment: dict) -> Verdict:
        while True:
            self.evaluations += 1
            stimulus = self.stimulus(assignment)
            verdict, reads, _footprint = judge_stimulus(self.oracle, self.spec, stimulus, success=self.success)
            if not self._learn_pointers(stimulus, reads):
                return verdict

    def _learn_pointers(self, stimulus: Stimulus, reads: set) -> bool:
        """Record which input points to which host structure; True if something new was
        learnt (its fields become coordinates, and the assignment is evaluated again)."""
        learnt = False
        values = dict(stimulus.inputs)
        for pa, type_name in sorted(reads, key=repr):
            cls = getattr(self.model.T, type_name, None)
            if not isinstance(cls, type) or not issubclass(cls, Struct):
                continue
            pointing = [name for name, value in values.items() if value == pa]
            if len(pointing) != 1:
                continue  # ambiguous (two inputs hold this address): learn from another stimulus
            for name in pointing:
                if name not in self.pointers:
                    self.pointers[name] = type_name
                    self._add_structure(type_name, cls, "")
                    learnt = True
        return learnt

    def compound_moves(self) -> list[dict]:
        """Moves that set a whole array of a host structure at once: its first elements to
        distinct Granules of one state (``aux[]`` of RmiRecParams must all be DELEGATED
        and distinct — no single element change gets closer to that). Built once per set
        of coordinates (it grows when a host structure is discovered)."""
        cached = self._compound_cache
        if cached is not None and cached[0] == len(self.coordinates):
            return cached[1]
        arrays: dict[tuple, list[tuple]] = {}
        for key in self.coordinates:
            if key[0] == "mem" and key[3] >= 0:
                arrays.setdefault(key[:3], []).append(key)
        moves = []
        addresses = {value for _name, value in self.world.addresses}
        for array, keys in sorted(arrays.items(), key=lambda kv: repr(kv[0])):
            keys = sorted(keys, key=lambda k: k[3])
            # with each small value of a scalar field of the same structure (the array's
            # length, such as num_aux, is usually one)
            counts = [
                (key, value)
                for key in sorted(self.coordinates, key=repr)
                if key[0] == "mem" and key[1] == array[1] and key[3] < 0
                for value in self.coordinates[key]
                if value not in addresses and value <= len(keys)
            ]
            for _state, pas in self.world.granules:
                # the first Granules of the state, and the last ones (an input may
                # already use the first)
                windows = {tuple(pas[: len(keys)]), tuple(pas[-len(keys) :])}
                for window in sorted(windows):
                    if len(window) == len(keys):
                        move = dict(zip(keys, window))
                        moves.append(move)
                        moves += [{**move, key: value} for key, value in counts]
        self._compound_cache = (len(self.coordinates), moves)
        return moves

    def _add_structure(self, type_name: str, cls, prefix: str) -> None:
        for field in cls._FIELDS:
            codec = field.codec
            if isinstance(codec, type) and issubclass(codec, Struct):
                if field.count is None and not prefix:
                    self._add_structure(type_name, codec, f"{field.name}.")
                continue
            candidates = field_candidates(field, self.world)
            path = prefix + field.name
            if field.count is None:
                self.coordinates[("mem", type_name, path, -1)] = candidates
            else:  # the first elements, and the last (checks of unused elements)
                for index in sorted({*range(min(field.count, ARRAY_ELEMENTS)), field.count - 1}):
                    self.coordinates[("mem", type_name, path, index)] = candidates

    # -- descent --

    def descend(self, start: dict, objective, passes: int = MAX_PASSES, keys=None) -> dict:
        """Greedy coordinate descent from ``start`` minimising ``objective(verdict)``.

        On a plateau it also takes a few *sideways* moves: no better, but to a set of
        holding conditions not met before (an RMI_RTT_SET_RIPAS stimulus needs the REC
        with the pending RIPAS change *and* its base *and* its top; each alone only
        trades one holding condition for another). ``keys`` restricts the moves to
        those coordinates (and no compound moves)."""
        current = dict(start)
        best = objective(self.evaluate(current))
        visited = {self.evaluate(current).holding}
        sideways = 0
        for _ in range(passes):
            improved = False
            for change in self._moves(keys):
                if self.exhausted:
                    return current
                if all(self.value(current, k) == v for k, v in change.items()):
                    continue
                trial = {**current, **change}
                verdict = self.evaluate(trial)
                score = objective(verdict)
                if score < best:
                    best, current, improved = score, trial, True
                    visited.add(verdict.holding)
                elif score == best and sideways < MAX_SIDEWAYS and verdict.holding not in visited:
                    current, improved = trial, True
                    visited.add(verdict.holding)
                    sideways += 1
            if not improved:
                break
        return current

    def _moves(self, only=None):
        """Every single-coordinate change (coordinates in a seeded order), then the
        compound moves, as changes to apply to the current assignment."""
        keys = sorted(self.coordinates if only is None else only, key=repr)
        self.rng.shuffle(keys)
        for key in keys:
            for value in self.coordinates.get(key, ()):
                yield {key: value}
        if only is None:
            yield from self.compound_moves()

    def starts(self) -> list[dict]:
        """Starting assignments: all zero (first candidates); for each Realm of the world,
        its objects given to the inputs named like them (``rd`` an RD, ``rec_ptr`` one of
        its RECs, ``ipa`` an IPA — a Realm's objects fit together, random values do not);
        then seeded random ones."""
        result = [{}]
        for _tag, members in self.world.groups:
            names = dict(self.world.addresses)
            start = {key: names[self.rng.choice(fitting)] for key, fitting in self._fitting(members)}
            callers = [pa for name, pa in self.world.callers if name in members]
            if ("caller",) in self.coordinates and callers:
                start[("caller",)] = self.rng.choice(callers)
            result.append(start)
        for _ in range(RESTARTS - 1):
            result.append(
                {
                    key: self.rng.choice(values)
                    for key, values in sorted(self.coordinates.items(), key=lambda kv: repr(kv[0]))
                    if values
                }
            )
        return result

    def _fitting(self, members) -> list[tuple[tuple, list[int]]]:
        """For each input register, the names of the Realm's objects (``members``) and of
        the world's IPAs named like it (a word of the input's name in the value's name)."""
        names = dict(self.world.addresses)
        shared = [name for name in sorted(names) if name.startswith("ipa_")]
        found = []
        for register in self.spec.inputs:
            key = ("reg", register.name)
            tokens = set(register.name.split("_"))
            fitting = [n for n in list(members) + shared if tokens & set(n.split("_"))]
            if key in self.coordinates and fitting:
                found.append((key, fitting))
        return found

    def themed_starts(self) -> list[dict]:
        """For each named object of each Realm of the world (a theme: ``rec_ripas_destroyed``),
        the inputs given the world values named like them that share most of the theme's
        words (``rec_ptr`` that REC, ``base`` and ``top`` the range of its RIPAS change):
        objects that belong together, for conditions that relate several inputs to one
        object's state (``base != rec.ripas_addr``). Deterministic."""
        result: list[dict] = []
        for tag, members in self.world.groups:
            for theme in members:
                words = set(theme.split("_")) - {tag}
                names = dict(self.world.addresses)
                start = {
                    key: names[max(fitting, key=lambda n: (len(words & set(n.split("_"))), -len(n), n))]
                    for key, fitting in self._fitting(members)
                }
                callers = [pa for name, pa in self.world.callers if name in members]
                if ("caller",) in self.coordinates and callers:
                    start[("caller",)] = callers[0]
                if start and start not in result:
                    result.append(start)
        return result

    def joint(self, start: dict, keys: list[tuple], objective) -> dict:
        """Escape a plateau: try every combination of values of two, then three, of
        ``keys`` (a condition that needs several fields right at once, such as
        ``RttConfigIsValid(s2sz, level, num)``, does not change when one coordinate
        does), and return the first assignment that improves on ``start``."""
        best = objective(self.evaluate(start))
        for size in (2, 3):
            for combo in itertools.combinations(keys, size):
                if self.exhausted:
                    return start
                values = self._joint_values(combo, start, objective)
                for combination in itertools.product(*values):
                    trial = dict(start)
                    trial.update(zip(combo, combination))
                    if objective(self.evaluate(trial)) < best:
                        return trial
        return start

    def _joint_values(self, keys: tuple, start: dict, objective) -> list[list[int]]:
        """Candidate lists for a joint search within ``JOINT_BUDGET`` evaluations: each
        list is cut to one value per distinct behaviour when changed alone (the verdict's
        holding and undefined conditions), best first, then the next best values."""
        limit = max(4, int(JOINT_BUDGET ** (1 / len(keys))))
        values = []
        for key in keys:
            candidates = list(self.coordinates[key])
            if len(candidates) > limit:
                ranked = []
                for index, value in enumerate(candidates):
                    trial = dict(start)
                    trial[key] = value
                    verdict = self.evaluate(trial)
                    ranked.append((objective(verdict), index, value, (verdict.holding, verdict.undefined)))
                ranked.sort()
                behaviours: set = set()
                first = []
                for _score, _index, value, behaviour in ranked:
                    if behaviour not in behaviours:
                        behaviours.add(behaviour)
                        first.append(value)
                rest = [value for _s, _i, value, _b in ranked if value not in first]
                candidates = (first + rest)[:limit]
            values.append(candidates)
        return values

    def coupled(self, condition, pointers: bool = True) -> list[tuple]:
        """The coordinates condition ``condition`` names (inputs and structure fields,
        also through the context values it uses)."""
        text = condition.pre_text or ""
        context = {item.name: item.text for item in self.spec.context}
        names = set(_IDENTIFIER.findall(text))
        for name in list(names):
            if name in context:
                text += " " + context[name]
        names = set(_IDENTIFIER.findall(text))
        text = re.sub(r"\s+", "", text)  # "run.enter. gicv3_lrs" as printed in the spec
        keys = []
        concurrent = {name for item in self.world.unreached if item.concurrent for name in item.provides}
        for key in self.coordinates:
            if key == ("running",) and concurrent & names:
                keys.append(key)
            elif key[0] == "reg" and key[1] in names and (pointers or key[1] not in self.pointers):
                keys.append(key)
            elif key[0] == "mem" and (key[2] in text if "." in key[2] else key[2] in names):
                keys.append(key)
        return sorted(keys, key=repr)

    # -- queries over everything evaluated --

    def competitors(self, verdict: Verdict, wanted: tuple[str, ...]) -> int:
        """How many holding conditions are ``rivals`` of the first of ``wanted`` (0: the
        stimulus isolates it); kept per verdict (the ranking asks again and again)."""
        key = (id(verdict), wanted)
        count = self._rivals.get(key)
        if count is None:
            count = self._rivals[key] = len(rivals(self.spec, verdict, wanted))
        return count

    def _rank(self, index: int, key, verdict: Verdict, wanted: tuple[str, ...]) -> tuple:
        """Fewest competing conditions, then fewest holding, fewest permitted results,
        fewest changed coordinates, then the earliest evaluated."""
        return (
            self.competitors(verdict, wanted) if wanted else 0,
            verdict.size,
            len(verdict.permitted),
            len(key),
            index,
        )

    def _candidates(self, wanted: tuple[str, ...]):
        """(index, key, verdict) of the evaluated assignments where all of ``wanted``
        hold (or, for no ``wanted``, every assignment without an error)."""
        if wanted:
            keys = self.holding_in.get(wanted[0], [])
        else:
            keys = [key for key, verdict in self.seen.items() if not verdict.error]
        for index, key in enumerate(keys):
            verdict = self.seen[key]
            if all(w in verdict.holding for w in wanted[1:]):
                yield index, key, verdict

    def ranked(self, wanted: tuple[str, ...]) -> list[tuple[dict, Verdict]]:
        """Every evaluated assignment where all of ``wanted`` hold, best first."""
        found = sorted(
            (self._rank(index, key, verdict, wanted), key, verdict)
            for index, key, verdict in self._candidates(wanted)
        )
        return [(dict(key), verdict) for _rank, key, verdict in found]

    def best(self, wanted: tuple[str, ...]) -> tuple[dict, Verdict] | None:
        """The evaluated assignment where all of ``wanted`` hold, ranked as ``_rank``."""
        found = min(
            ((self._rank(index, key, verdict, wanted), key, verdict) for index, key, verdict in self._candidates(wanted)),
            default=None,
            key=lambda item: item[0],
        )
        return None if found is None else (dict(found[1]), found[2])

    def holding_objective(self, wanted: tuple[str, ...]):
        """All of ``wanted`` hold, then as few competing and other holding conditions as
        possible."""

        def objective(verdict: Verdict) -> tuple:
            missing = sum(1 for w in wanted if w not in verdict.holding)
            return (
                1 if verdict.error else 0,
                missing,
                self.competitors(verdict, wanted),
                verdict.size - (len(wanted) - missing),
                len(verdict.undefined),
            )

        return objective


def rivals(spec, verdict: Verdict, wanted: tuple[str, ...]) -> tuple[str, ...]:
    """The holding conditions besides ``wanted`` that could decide the result instead of
    the first of ``wanted``: those ordered before it, and those unordered with it that
    give another result (an RMM may check them first). A stimulus without rivals tests
    that one condition: an RMM that skipped it, or checked one of them first, differs."""
    first = wanted[0]
    precedes = spec.precedes
    outputs = {c: _result(o) for c, o in verdict.outputs}
    mine = outputs.get(first)
    found = []
    for other in verdict.holding:
        if other in wanted:
            continue
        if other in precedes.get(first, ()):
            found.append(other)  # ordered before it
        elif first in precedes.get(other, ()):
            continue  # ordered after it: never decides
        elif outputs.get(other) != mine:
            found.append(other)  # unordered, another result
    return tuple(found)


def base_objective(verdict: Verdict) -> tuple:
    """No error, then as few holding conditions as possible (none: the command succeeds),
    counting each undefined condition as half a holding one while some hold (an input
    naming an object that exists is closer to success than one naming nothing: an
    invalid ``rd`` makes one condition hold and hides every condition on the Realm)."""
    undefined = len(verdict.undefined)
    distance = verdict.size + undefined / 2 if verdict.size else 0
    return (1 if verdict.error else 0, distance, undefined, 0)
