"""The generic command machinery: one command over the state and its input registers.

A generated command is a ``CommandSpec``: its registers, context values, failure
conditions (``pre``, and the outputs its ``post`` sets), ordering, success conditions
(split into *updates* and *checks*) and footprint, each as small generated functions over
``(model, env)``. ``Machine.execute`` runs it:

1. **Context.** Values marked *before* (and ``x_pre`` values) are computed first and
   copied. Other context values are computed when used, as live references into the
   state: in the state before the command for failure conditions, success ``pre:`` parts
   and prepared updates, and again in the state after it for deferred updates and checks
   (see 4). (So ``top == walk_top`` of RMI_DATA_DESTROY gives the value before the
   command; the spec does not say which state a non-*before* value of a success
   condition refers to, and RMI_RTT_FOLD's ``rtt == walk.rtte.addr`` is only right when
   read before.)
2. **Failure conditions** are all evaluated in the state before the command. A condition
   whose evaluation meets an object that does not exist (``Undefined``: ``Realm(rd)``
   when ``rd`` is not an RD) is *undefined* and does not hold.
3. **Permitted results.** Let H be the holding conditions and ``<`` the transitive closure
   of the ordering statements. The spec permits the result of every c in H such that no
   c' in H has c' < c (c could be the first failing check of an implementation that
   evaluates the conditions in any order allowed by the ordering). ``permitted`` lists
   them all (with the outputs each one's ``post`` sets); the model returns the first of
   them in the order of the failure conditions table. A not-modelled failure condition
   raises ``NotModelled`` unless a holding condition precedes it. Nothing changes.
4. **Success.** When no failure condition holds, every success condition whose ``pre:``
   held before the command applies. An equality ``L == R`` whose left side is state or an
   output is an update, and so is a predicate with an ``establish_`` semantics
   (``RttsStateEqual(base, n, RTT)``); anything else is a check. Updates are prepared
   (target and value evaluated) in the state before the command and then written, like a
   simultaneous assignment; updates that cannot be prepared there because they name an
   object the command creates (``Realm(rd).state`` in RMI_REALM_CREATE) are applied
   afterwards in the state after the command, in spec order, repeatedly (at most 4
   passes) until they all hold. Then every prepared write must still hold and every check
   must be true in the state after the command, else ``ModelError``.
5. **Footprint.** The state is snapshotted before and after (re-reading only the objects
   assigned since the last snapshot, or everything with ``check_footprint = "full"``);
   every changed location must lie under a footprint item (evaluated before and after),
   belong to an object created or forgotten with its Granule's state change, or come from
   a nested command (commands a Realm issues while a REC runs). A change written by a
   success condition outside the footprint is reported as a warning (a spec
   inconsistency); any other change raises ``FootprintError``. A footprint item the model
   cannot evaluate (rel0 RMI_REC_ENTER names ``rd``, which the command does not have)
   disables the check for that command, with a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from specgen_runtime.bindings import collect_cached
from specgen_runtime.codecs import Codec
from specgen_runtime.errors import FootprintError, ModelError, NotModelled, Undefined
from specgen_runtime.semantics import Ref
from specgen_runtime.state import changed_leaves, snapshot
from specgen_runtime.values import Struct, copy_value

MAX_DEFERRED_PASSES = 4


# ---- the generated description of a command ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Register:
    """An input or output register: its ``codec`` (``specgen_runtime.codecs``) decodes a raw
    value into the model value and encodes the model value into the register bits."""

    name: str
    register: str
    high: int
    low: int
    type_name: str
    codec: Codec

    @property
    def decode(self) -> Callable[[Any], Any]:
        return self.codec.decode

    @property
    def encode(self) -> Callable[[Any], int]:
        return self.codec.encode


@dataclass(frozen=True, slots=True)
class ContextItem:
    name: str
    before: bool
    value: Callable
    text: str = ""
    view_of: str | None = None  # output the value is a view of (``rtte = F(desc)``)
    view_inverse: str | None = None  # model method writing the view back into the output


@dataclass(frozen=True, slots=True)
class Condition:
    """A failure or success condition. ``effects`` prepare the updates of the ``post``
    (outputs or state), ``checks`` are its other conjuncts. ``not_modelled`` says why the
    model cannot execute it."""

    id: str
    pre_text: str | None
    post_text: str
    loc: str
    pre: Callable | None = None
    effects: Sequence[Callable] = ()
    checks: Sequence[Callable] = ()
    not_modelled: str | None = None


@dataclass(frozen=True, slots=True)
class FootprintItem:
    id: str
    text: str
    loc: str
    locate: Callable | None = None
    not_modelled: str | None = None


@dataclass(frozen=True)
class CommandSpec:
    name: str
    interface: str
    fid: int | None
    section: str
    summary: str
    loc: str
    inputs: tuple[Register, ...]
    outputs: tuple[Register, ...]
    context: tuple[ContextItem, ...]
    pre_values: tuple[str, ...]
    failure: tuple[Condition, ...]
    ordering: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]
    success: tuple[Condition, ...]
    footprint: tuple[FootprintItem, ...]
    precedes: dict[str, frozenset[str]] = field(init=False, repr=False)

    def __post_init__(self):
        object.__setattr__(
            self, "precedes", ordering_closure(self.ordering, [c.id for c in self.failure])
        )


def index_by_fid(commands: dict[str, CommandSpec]) -> dict[int, CommandSpec]:
    return {spec.fid: spec for spec in commands.values() if spec.fid is not None}


def ordering_closure(ordering, ids) -> dict[str, frozenset[str]]:
    """For each failure condition, the conditions that must be evaluated before it
    (transitive closure of the ``[a, b] < [c]`` statements)."""
    direct: dict[str, set[str]] = {i: set() for i in ids}
    for before, after in ordering:
        for later in after:
            direct.setdefault(later, set()).update(before)
    closed: dict[str, frozenset[str]] = {}
    for start in direct:
        seen: set[str] = set()
        stack = list(direct[start])
        while stack:
            item = stack.pop()
            if item not in seen:
                seen.add(item)
                stack.extend(direct.get(item, ()))
        closed[start] = frozenset(seen - {start})
    return closed


# ---- prepared updates ------------------------------------------------------------------------------


class Write:
    """``container.key = value`` (or ``container[key]``), prepared; ``loc`` is the state
    location written (None for outputs and memory)."""

    __slots__ = ("container", "key", "value", "loc")

    def __init__(self, container, key, value, loc=None):
        self.container, self.key, self.value, self.loc = container, key, value, loc

    def apply(self, model) -> None:
        model.write(self.container, self.key, self.value, self.loc)

    def holds(self, model) -> bool:
        return model.read(self.container, self.key) == self.value

    def describe(self) -> str:
        return f"{self.key} := {self.value!r}"


class Establish:
    """Make predicate ``name(args)`` true with the model method bound to it
    (``@establishes(name)``, ``specgen_runtime.bindings``)."""

    __slots__ = ("name", "args")

    def __init__(self, name: str, args: tuple):
        self.name, self.args = name, args

    def apply(self, model) -> None:
        getattr(model, collect_cached(type(model)).establishers[self.name].method)(*self.args)

    def holds(self, model) -> bool:
        values = [a.get() if isinstance(a, Ref) else a for a in self.args]
        return bool(getattr(model.F, self.name)(model, *values))

    def describe(self) -> str:
        return f"{self.name}(…) established"


class ProseEffect:
    """The semantics of a prose ``post`` (``specgen_runtime.prose``)."""

    __slots__ = ("method", "args")

    def __init__(self, method: str, args: tuple):
        self.method, self.args = method, args

    def apply(self, model) -> None:
        getattr(model, self.method)(*self.args)

    def holds(self, model) -> bool:
        return True

    def describe(self) -> str:
        return f"prose {self.method}"


# ---- the values a command sees ---------------------------------------------------------------------


class Env:
    """Inputs and outputs (attributes) and context values (computed on access) of one
    command execution, as the generated condition functions see them (``_e.rd``)."""

    def __init__(self, model, spec: CommandSpec, inputs: dict):
        d = self.__dict__
        for register in spec.outputs:
            d[register.name] = None
        d.update(inputs)
        d["_m"] = model
        d["_spec"] = spec
        d["_items"] = {item.name: item for item in spec.context}
        d["_cache"] = {}
        d["_before"] = {}
        d["_pre_values"] = {}
        d["_views"] = {}
        d["_post"] = False

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        item = self._items.get(name)
        if item is None:
            raise AttributeError(
                f"{self._spec.name} has no input, output or context value {name!r}"
            )
        if item.view_of is not None:
            return self._view(item)
        if item.before:
            if name not in self._before:
                self._before[name] = self._evaluate_copy(item)
            return _reveal(self._before[name])
        if self._post:
            return item.value(self._m, self)
        if name not in self._cache:
            try:
                self._cache[name] = item.value(self._m, self)
            except Undefined as undefined:
                self._cache[name] = undefined
        return _reveal(self._cache[name])

    def _pre(self, name: str):
        """``name_pre``: context value ``name`` in the state before the command."""
        if name not in self._pre_values:
            self._pre_values[name] = self._evaluate_copy(self._items[name])
        return _reveal(self._pre_values[name])

    def _evaluate_copy(self, item: ContextItem):
        try:
            return copy_value(item.value(self._m, self))
        except Undefined as undefined:
            return undefined

    def _view(self, item: ContextItem):
        if item.name not in self._views:
            if self.__dict__.get(item.view_of) is None:
                self.__dict__[item.view_of] = 0  # an output not yet written reads as zero bits
            self._views[item.name] = item.value(self._m, self)
        return self._views[item.name]

    def _take_before_values(self) -> None:
        for item in self._spec.context:
            if item.before and item.name not in self._before:
                self._before[item.name] = self._evaluate_copy(item)
        for name in self._spec.pre_values:
            self._pre(name)

    def _enter_post(self) -> None:
        self.__dict__["_post"] = True
        self._cache.clear()

    def _write_back_views(self) -> None:
        for item in self._spec.context:
            if item.view_of is not None and item.name in self._views:
                self.__dict__[item.view_of] = getattr(self._m, item.view_inverse)(
                    self._views[item.name]
                )

    def _outputs(self) -> dict:
        return {register.name: self.__dict__.get(register.name) for register in self._spec.outputs}

    def _fork(self) -> Env:
        """A copy with fresh outputs sharing the context values (to evaluate one failure
        condition's ``post`` without disturbing the others)."""
        fork = Env.__new__(Env)
        fork.__dict__.update(self.__dict__)
        for register in self._spec.outputs:
            fork.__dict__[register.name] = None
        fork.__dict__["_views"] = {}
        return fork


def _reveal(value):
    if isinstance(value, Undefined):
        raise value
    return value


# ---- results ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Permitted:
    """One result the spec permits: the failure conditions giving it and the outputs."""

    conditions: tuple[str, ...]
    outputs: dict

    @property
    def status(self) -> str:
        return status_name(self.outputs.get("result"))


@dataclass
class Outcome:
    """What a command did: outputs (``result`` first), the failure condition that
    produced the result (None on success), all holding and undefined failure conditions,
    every permitted result, warnings, and the changed state locations."""

    command: str
    inputs: dict
    outputs: dict
    failed: str | None
    holding: tuple[str, ...]
    undefined: tuple[str, ...]
    permitted: tuple[Permitted, ...]
    warnings: tuple[str, ...] = ()
    changes: tuple[tuple, ...] = ()
    applied: tuple[str, ...] = ()  # success conditions whose pre: held (their updates were made)
    spec: CommandSpec | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return self.failed is None

    @property
    def result(self):
        return self.outputs.get("result")

    @property
    def status(self) -> str:
        """The status name: ``RMI_SUCCESS``, ``RMI_ERROR_RTT`` … (``SUCCESS`` for a command
        whose success conditions state no result, such as PSCI_VERSION)."""
        if self.outputs.get("result") is not None:
            return status_name(self.result)
        return "SUCCESS" if self.ok else "FAILED"

    def registers(self) -> dict[str, int]:
        """The output registers as the caller sees them (unspecified outputs read 0)."""
        return {
            name: value
            for name, (value, _mask) in encode_registers(
                self.spec.outputs if self.spec else (), self.outputs, unspecified_as_zero=True
            ).items()
        }

    def __str__(self) -> str:
        text = self.status
        index = getattr(self.result, "index", 0)
        if index:
            text += f" (index {index})"
        if self.failed:
            text += f" [{self.failed}]"
        extra = {k: v for k, v in self.outputs.items() if k != "result" and v is not None}
        if extra:
            text += " " + ", ".join(f"{k}={_hex(v)}" for k, v in extra.items())
        return text


def encode_registers(
    registers: Sequence[Register], outputs: dict, unspecified_as_zero: bool = False
) -> dict[str, tuple[int, int]]:
    """Output values as register bits: register name -> (value, mask of the bits the
    outputs give). Outputs that are None (not specified) are left out of the mask, or
    read as zero with ``unspecified_as_zero``."""
    values: dict[str, tuple[int, int]] = {}
    for register in registers:
        value = outputs.get(register.name)
        if value is None and not unspecified_as_zero:
            continue
        bits = 0 if value is None else register.encode(value)
        width = register.high - register.low + 1
        old_value, old_mask = values.get(register.register, (0, 0))
        values[register.register] = (
            old_value | (bits << register.low),
            old_mask | (((1 << width) - 1) << register.low),
        )
    return values


def status_name(result) -> str:
    status = getattr(result, "status", result)
    return getattr(status, "name", str(status))


def _hex(value) -> str:
    if isinstance(value, int) and not hasattr(value, "name") and value > 9:
        return hex(value)
    return repr(value)


@dataclass(frozen=True)
class Judgement:
    """The failure side of a command in the current state, without running it: holding
    and undefined failure conditions, the permitted results (empty: the command would
    succeed), and the footprint locations in the state before."""

    holding: tuple[str, ...]
    undefined: tuple[str, ...]
    permitted: tuple[Permitted, ...]
    footprint: tuple[tuple, ...] = ()
    outputs: tuple[tuple[str, dict], ...] = ()  # every holding condition's outputs (if asked)


# ---- execution --------------------------------------------------------------------------------------


@dataclass
class _Frame:
    spec: CommandSpec
    written: dict[tuple, str] = field(default_factory=dict)  # location -> success condition id
    nested: set = field(default_factory=set)
    condition: str | None = None


class Machine:
    """Command execution, mixed into ``Model`` (which provides the state, the semantics
    and ``T``/``F``/``E``)."""

    #: True: snapshots re-read what changed (tracked assignments); "full": re-read the whole
    #: state before and after every command (also catches in-place list changes that
    #: bypass the tracking); False: no footprint check (fastest).
    check_footprint: bool | str = True

    def _init_machine(self) -> None:
        self._frames: list[_Frame] = []
        self.observers: list[Callable[[Outcome, int], None]] = (
            []
        )  # called after each command (outcome, depth)

    # -- reads and writes of the state --

    def read(self, container, key):
        if isinstance(container, list):
            return container[key]
        return getattr(container, key)

    def write(self, container, key, value, loc: tuple | None = None) -> None:
        """Assign ``container.key`` (or ``container[key]``) and record the location."""
        if isinstance(container, list):
            container[key] = value
            if loc is not None:
                self.state.dirty.add(loc[:2])
        else:
            setattr(container, key, value)
            if loc is None:
                base = getattr(container, "_loc", None) if isinstance(container, Struct) else None
                loc = base + (key,) if base is not None else None
        if loc is not None and self._frames:
            frame = self._frames[-1]
            frame.written.setdefault(loc, frame.condition or "?")

    def prepare_write(self, root, path: tuple, value) -> Write:
        """The update ``root.path… = value`` (path of member names and indices),
        locating the last state object on the way for footprint attribution."""
        obj = root
        loc = getattr(root, "_loc", None) if isinstance(root, Struct) else None
        for step in path[:-1]:
            obj = obj[step] if isinstance(step, int) else getattr(obj, step)
            if isinstance(obj, Struct) and obj._loc is not None:
                loc = obj._loc
            elif loc is not None:
                loc = loc + (step,)
        key = path[-1]
        return Write(obj, key, value, None if loc is None else loc + (key,))

    def ref(self, root, path: tuple) -> Ref:
        """A reference to ``root.path…`` (an argument an establisher assigns)."""
        obj = root
        for step in path[:-1]:
            obj = obj[step] if isinstance(step, int) else getattr(obj, step)
        return Ref(obj, path[-1])

    def prepare_establish(self, name: str, *args) -> Establish:
        return Establish(name, args)

    def prepare_prose(self, method: str, *args) -> ProseEffect:
        return ProseEffect(method, args)

    def locations(self, root, path: tuple = ()) -> list[tuple]:
        """Footprint: the location of ``root.path…`` (``root`` a state object)."""
        base = getattr(root, "_loc", None) if isinstance(root, Struct) else None
        if base is None:
            return []
        return [base + tuple(path)]

    def extend_locations(self, locations: list[tuple], path: tuple = ()) -> list[tuple]:
        return [loc + tuple(path) for loc in locations]

    # -- running a command --

    def execute(self, spec: CommandSpec, inputs: dict) -> Outcome:
        if spec.interface in ("RSI", "PSCI") and self.state.current_rec is None:
            raise ModelError(
                f"{spec.name}: {spec.interface} commands are issued by a running REC (none is running)"
            )
        decoded = {}
        for register in spec.inputs:
            if register.name not in inputs:
                raise ModelError(f"{spec.name}: missing input {register.name}")
            decoded[register.name] = register.decode(inputs[register.name])
        extra = set(inputs) - {r.name for r in spec.inputs}
        if extra:
            raise ModelError(f"{spec.name}: unknown input(s) {', '.join(sorted(extra))}")
        env = Env(self, spec, decoded)
        frame = _Frame(spec)
        self._frames.append(frame)
        before = self._snapshot() if self.check_footprint else None
        try:
            env._take_before_values()
            holding, undefined = self._failure_conditions(spec, env)
            permitted = self._permitted(spec, env, holding)
            if holding:
                chosen = permitted[0]
                env.__dict__.update(chosen.outputs)
                outcome = Outcome(
                    spec.name,
                    decoded,
                    env._outputs(),
                    chosen.conditions[0],
                    tuple(holding),
                    tuple(undefined),
                    tuple(permitted),
                    spec=spec,
                )
            else:
                footprint_before = self._footprint(spec, env) if self.check_footprint else None
                applied = self._apply_success(spec, env, frame)
                outputs = env._outputs()
                outcome = Outcome(
                    spec.name,
                    decoded,
                    outputs,
                    None,
                    (),
                    tuple(undefined),
                    (Permitted((), outputs),),
                    applied=applied,
                    spec=spec,
                )
                self._after_success(spec, env)
                if self.check_footprint:
                    outcome.warnings, outcome.changes = self._check_footprint(
                        spec, env, frame, before, footprint_before
                    )
        finally:
            self._frames.pop()
        if self._frames and outcome.changes:
            self._frames[-1].nested.update(outcome.changes)
        for observer in self.observers:
            observer(outcome, len(self._frames))
        return outcome

    def judge(
        self, spec: CommandSpec, inputs: dict, footprint: bool = False, outputs: bool = False
    ) -> Judgement:
        """Evaluate the failure conditions of ``spec`` for raw ``inputs`` (the conformance
        search's oracle: much cheaper than ``permitted``, which copies the model). Raises
        ``NotModelled`` like ``execute``. Host memory read as zero is not kept. With
        ``outputs``, every holding condition's outputs are given (not only the permitted
        ones'): what a variant of the command with another ordering would return."""
        decoded = {r.name: r.decode(inputs.get(r.name, 0)) for r in spec.inputs}
        env = Env(self, spec, decoded)
        memory = dict(self.state.memory)
        self._frames.append(_Frame(spec))
        try:
            env._take_before_values()
            holding, undefined = self._failure_conditions(spec, env)
            permitted = self._permitted(spec, env, holding)
            locations = tuple(self._footprint(spec, env)[0]) if footprint else ()
            given = {c: p.outputs for p in permitted for c in p.conditions}
            by_id = {c.id: c for c in spec.failure}
            each = tuple(
                (c, given[c] if c in given else self._failure_outputs(spec, by_id[c], env))
                for c in (holding if outputs else ())
            )
        finally:
            self._frames.pop()
            self.state.memory = memory
        return Judgement(tuple(holding), tuple(undefined), tuple(permitted), locations, each)

    def _failure_conditions(self, spec: CommandSpec, env: Env) -> tuple[list[str], list[str]]:
        holding: list[str] = []
        undefined: list[str] = []
        unknown: list[tuple[Condition, NotModelled]] = []
        for condition in spec.failure:
            if condition.not_modelled:
                unknown.append(
                    (
                        condition,
                        NotModelled(
                            f"{spec.name} failure condition {condition.id}",
                            condition.loc,
                            condition.not_modelled,
                        ),
                    )
                )
                continue
            try:
                if condition.pre(self, env):
                    holding.append(condition.id)
            except Undefined:
                undefined.append(condition.id)
            except NotModelled as error:
                unknown.append((condition, error))
        held = set(holding)
        for condition, error in unknown:
            if not spec.precedes.get(condition.id, frozenset()) & held:
                raise error
        return holding, undefined

    def _permitted(self, spec: CommandSpec, env: Env, holding: list[str]) -> list[Permitted]:
        held = set(holding)
        by_id = {c.id: c for c in spec.failure}
        results: list[Permitted] = []
        for condition_id in holding:
            if spec.precedes.get(condition_id, frozenset()) & held:
                continue
            outputs = self._failure_outputs(spec, by_id[condition_id], env)
            same = next((i for i, p in enumerate(results) if p.outputs == outputs), None)
            if same is None:
                results.append(Permitted((condition_id,), outputs))
            else:
                results[same] = Permitted(results[same].conditions + (condition_id,), outputs)
        return results

    def _failure_outputs(self, spec: CommandSpec, condition: Condition, env: Env) -> dict:
        fork = env._fork()
        try:
            writes = [effect(self, fork) for effect in condition.effects]
        except Undefined as undefined:
            raise ModelError(
                f"{spec.name} failure condition {condition.id}: cannot compute its result: {undefined}"
            ) from None
        for write in writes:
            write.apply(self)
        fork._write_back_views()
        for check in condition.checks:
            if not check(self, fork):
                raise ModelError(
                    f"{spec.name} failure condition {condition.id}: post does not hold: {condition.post_text}"
                )
        return fork._outputs()

    def _apply_success(self, spec: CommandSpec, env: Env, frame: _Frame) -> tuple[str, ...]:
        applicable: list[Condition] = []
        for condition in spec.success:
            if condition.not_modelled:
                raise NotModelled(
                    f"{spec.name} success condition {condition.id}",
                    condition.loc,
                    condition.not_modelled,
                )
            try:
                if condition.pre is None or condition.pre(self, env):
                    applicable.append(condition)
            except Undefined:
                continue  # its pre: part names nothing that exists: it does not apply
        self._set_default_result(spec, env)
        prepared: list[tuple[Condition, object]] = []
        deferred: list[tuple[Condition, Callable]] = []
        for condition in applicable:
            for effect in condition.effects:
                try:
                    prepared.append((condition, effect(self, env)))
                except Undefined:
                    deferred.append((condition, effect))
        for condition, write in prepared:
            frame.condition = condition.id
            write.apply(self)
        frame.condition = None
        env._enter_post()
        if deferred:
            self._apply_deferred(spec, env, frame, deferred)
        for condition, write in prepared:
            if not write.holds(self):
                raise ModelError(
                    f"{spec.name} success condition {condition.id} does not hold after its update "
                    f"({write.describe()}): the update cannot establish it in this state, or another "
                    "success condition undid it"
                )
        env._write_back_views()
        for condition in applicable:
            for check in condition.checks:
                try:
                    ok = check(self, env)
                except Undefined as undefined:
                    raise ModelError(
                        f"{spec.name} success condition {condition.id} cannot be evaluated after the "
                        f"command: {undefined}"
                    ) from None
                if not ok:
                    raise ModelError(
                        f"{spec.name} success condition {condition.id} does not hold after the command: "
                        f"{condition.post_text}"
                    )
        return tuple(condition.id for condition in applicable)

    def _apply_deferred(self, spec, env, frame, deferred) -> None:
        problem = None
        for _ in range(MAX_DEFERRED_PASSES):
            problem = None
            for condition, effect in deferred:
                frame.condition = condition.id
                try:
                    effect(self, env).apply(self)
                except Undefined as undefined:
                    problem = (condition, undefined)
            frame.condition = None
            if problem is None and all(
                self._effect_holds(effect, env) for _condition, effect in deferred
            ):
                return
        if problem is not None:
            raise ModelError(
                f"{spec.name} success condition {problem[0].id} cannot be applied: {problem[1]}"
            )
        failing = dict.fromkeys(
            c.id for c, effect in deferred if not self._effect_holds(effect, env)
        )
        raise ModelError(
            f"{spec.name} success conditions {', '.join(failing)} do not hold after the command"
        )

    def _effect_holds(self, effect, env: Env) -> bool:
        """Does the update still hold (prepared again in the current state)?"""
        try:
            return effect(self, env).holds(self)
        except Undefined:
            return False

    def _set_default_result(self, spec: CommandSpec, env: Env) -> None:
        """A command that succeeds returns the success status unless a success condition
        states its result (only for a ``result`` output of a return-code type)."""
        result = next((r for r in spec.outputs if r.name == "result"), None)
        if (
            result is None
            or not result.type_name.endswith("ReturnCode")
            or env.__dict__.get("result") is not None
        ):
            return
        if spec.interface == "RMI":
            env.__dict__["result"] = self.make_result(self.E.RMI_SUCCESS, 0)
        elif spec.interface == "RSI":
            env.__dict__["result"] = self.E.RSI_SUCCESS
        else:
            env.__dict__["result"] = self.E.PSCI_SUCCESS

    def _after_success(self, spec: CommandSpec, env: Env) -> None:
        hook = getattr(self, "after_" + spec.name, None)
        if hook is not None:
            hook(env)

    # -- footprint --

    def _snapshot(self) -> dict:
        if self.check_footprint == "full":
            self.state.forget_images()
        return snapshot(self.state, self._default_granule_image(), self.granule_state_name)

    def _footprint(self, spec: CommandSpec, env: Env) -> tuple[list[tuple], list[str]]:
        locations: list[tuple] = []
        problems: list[str] = []
        for item in spec.footprint:
            if item.not_modelled:
                problems.append(f"footprint item {item.id} is not modelled ({item.not_modelled})")
                continue
            try:
                locations.extend(item.locate(self, env))
            except Undefined:
                continue
            except NotModelled as error:
                problems.append(f"footprint item {item.id}: {error}")
        return locations, problems

    def _check_footprint(
        self, spec, env, frame, before, footprint_before
    ) -> tuple[tuple[str, ...], tuple[tuple, ...]]:
        after = self._snapshot()
        changed = changed_leaves(before, after, self._type_by_name, self._default_granule_image())
        if not changed:
            return (), ()
        locations_after, problems_after = self._footprint(spec, env)
        allowed = tuple(footprint_before[0] + locations_after)
        problems = list(dict.fromkeys(footprint_before[1] + problems_after))
        if problems:
            return tuple(f"{spec.name}: footprint not checked: {p}" for p in problems), tuple(
                changed
            )
        reinitialised = {
            key[1]
            for key in changed
            if key[0] == "granule" and key[2:] == ("state",) and _under(key, allowed)
        }
        warnings: list[str] = []
        violations: list[tuple] = []
        written = tuple(frame.written)
        for key in changed:
            if _under(key, allowed) or key in frame.nested:
                continue
            if key[0] == "object" and key[1] in reinitialised:
                continue
            owner = next((frame.written[w] for w in written if key[: len(w)] == w), None)
            if owner is not None:
                warnings.append(
                    f"{spec.name}: success condition {owner} changes {_show(key)}, which is outside the footprint"
                )
            else:
                violations.append(key)
        if violations:
            raise FootprintError(
                f"{spec.name} changed state outside its footprint: {', '.join(_show(k) for k in violations[:8])}"
            )
        return tuple(dict.fromkeys(_collapse(warnings))), tuple(changed)


def _under(key: tuple, prefixes: tuple[tuple, ...]) -> bool:
    return any(key[: len(p)] == p for p in prefixes)


def _show(key: tuple) -> str:
    kind, pa, *path = key
    text = f"{'Granule' if kind == 'granule' else 'object'}({pa:#x})"
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else f".{step}"
    return text


def _collapse(warnings: list[str]) -> list[str]:
    """One warning per condition and field (not one per RTT entry)."""
    return [re.sub(r"\[\d+\]", "[…]", w) for w in warnings]
