"""A host's-eye API for driving the model through command sequences.

Why: the commands take raw addresses and host data structures; a life-cycle scenario
(delegate Granules, create a Realm, its RTTs, DATA and RECs, activate, enter, tear down)
needs a memory allocator, the RmiRealmParams/RmiRecParams structures in host memory, and
bookkeeping of what was created so it can be destroyed. ``Scenario`` provides that, prints
every command (including the RSI/PSCI commands a Realm issues while its REC runs, indented)
with its result, and checks each result against the expected one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from specgen_runtime.machine import Outcome
from specgen_runtime.values import Fieldset, Struct


class ScenarioError(AssertionError):
    """A command did not give the result the scenario expected."""


@dataclass
class RecHandle:
    pa: int
    run_ptr: int
    mpidr: int
    aux: tuple[int, ...] = ()


@dataclass
class RealmHandle:
    """What the scenario created for one Realm (for teardown)."""

    rd: int
    rtt_base: int
    rtt_num_start: int
    rtt_level_start: int
    ipa_width: int
    rtts: list[tuple[int, int, int]] = field(
        default_factory=list
    )  # (ipa, level, pa), creation order
    data: list[tuple[int, int]] = field(default_factory=list)  # (ipa, pa)
    recs: list[RecHandle] = field(default_factory=list)


def format_value(value) -> str:
    if isinstance(value, Struct):
        return type(value).__name__
    if isinstance(value, Fieldset):
        return repr(value)
    if isinstance(value, int) and not hasattr(value, "name") and value > 9:
        return hex(value)
    return repr(value)


def format_call(outcome: Outcome) -> str:
    arguments = ", ".join(f"{name}={format_value(value)}" for name, value in outcome.inputs.items())
    return f"{outcome.command}({arguments}) -> {outcome}"


class Scenario:
    """Drives a ``Model`` as a host would. ``log`` receives one line per command (and one
    per warning of the model, such as a spec inconsistency, when ``show_warnings``)."""

    def __init__(
        self, model, log: Callable[[str], None] | None = print, show_warnings: bool = True
    ):
        self.model = model
        self.log = log or (lambda line: None)
        self.outcomes: list[Outcome] = []
        self.show_warnings = show_warnings
        self._nested: list[str] = []
        self._next_free = min(base for base, _size in model.platform.delegable)
        model.observers.append(self._observe)

    def _observe(self, outcome: Outcome, depth: int) -> None:
        """Log a command; commands a Realm issues while a REC runs (depth > 0) are logged,
        indented, after the RMI_REC_ENTER that ran them."""
        self.outcomes.append(outcome)
        lines = ["    " * depth + format_call(outcome)]
        lines += [
            "    " * depth + "  ! " + warning for warning in outcome.warnings if self.show_warnings
        ]
        if depth:
            self._nested.extend(lines)
            return
        for line in lines + self._nested:
            self.log(line)
        self._nested.clear()

    # -- commands --

    def call(self, name: str, *, expect: str | None = "ok", **inputs) -> Outcome:
        """Run ``name``; ``expect`` is "ok" (success), a status name, or None (anything)."""
        outcome = self.model.call(name, **inputs)
        if expect == "ok" and not outcome.ok:
            raise ScenarioError(f"{name} failed: {outcome}")
        if expect not in (None, "ok") and outcome.status != expect:
            raise ScenarioError(f"{name}: expected {expect}, got {outcome}")
        return outcome

    # -- host memory --

    def alloc(self, count: int = 1, align: int = 1) -> int:
        """``count`` contiguous free Granules of delegable memory, aligned to ``align`` Granules."""
        size = self.model.platform.granule_size
        start = -(-self._next_free // (align * size)) * (align * size)
        self._next_free = start + count * size
        if not self.model.PaIsDelegable(self._next_free - size):
            raise ScenarioError("out of delegable memory")
        return start

    def write_memory(self, pa: int, value) -> None:
        """Place a host data structure (or bytes) in memory at ``pa``."""
        self.model.state.memory[pa] = value

    def delegate(self, *pas: int) -> None:
        for pa in pas:
            self.call("RMI_GRANULE_DELEGATE", addr=pa)

    def undelegate(self, *pas: int) -> None:
        for pa in pas:
            self.call("RMI_GRANULE_UNDELEGATE", addr=pa)

    # -- Realm construction --

    def create_realm(
        self,
        *,
        ipa_width: int = 40,
        rtt_level_start: int = 1,
        vmid: int = 1,
        hash_algo: str = "RMI_HASH_SHA_256",
    ) -> RealmHandle:
        m, T, E = self.model, self.model.T, self.model.E
        num = next(n for n in (1, 2, 4, 8, 16) if m.RttConfigIsValid(ipa_width, rtt_level_start, n))
        rd = self.alloc()
        rtt_base = self.alloc(num, align=num)
        params_ptr = self.alloc()
        self.delegate(rd, *[rtt_base + i * m.platform.granule_size for i in range(num)])
        params = T.RmiRealmParams(
            s2sz=ipa_width,
            rtt_base=rtt_base,
            rtt_level_start=rtt_level_start,
            rtt_num_start=num,
            vmid=vmid,
            hash_algo=getattr(E, hash_algo),
        )
        self.write_memory(params_ptr, params)
        self.call("RMI_REALM_CREATE", rd=rd, params_ptr=params_ptr)
        return RealmHandle(rd, rtt_base, num, rtt_level_start, ipa_width)

    def create_rtts(self, realm: RealmHandle, ipa: int, level: int | None = None) -> None:
        """Create the RTTs needed to map ``ipa`` down to ``level`` (default: page level)."""
        m = self.model
        level = m.RMM_RTT_PAGE_LEVEL if level is None else level
        while True:
            walk = m.RttWalk(realm.rd, ipa, level)
            if int(walk.level) >= level:
                return
            new_level = int(walk.level) + 1
            pa = self.alloc()
            self.delegate(pa)
            base = m.AlignDownToRttLevel(ipa, new_level - 1)
            self.call("RMI_RTT_CREATE", rd=realm.rd, rtt=pa, ipa=base, level=new_level)
            realm.rtts.append((base, new_level, pa))

    def init_ripas(self, realm: RealmHandle, base: int, top: int) -> None:
        while base < top:
            outcome = self.call("RMI_RTT_INIT_RIPAS", rd=realm.rd, base=base, top=top)
            base = int(outcome.outputs["out_top"])

    def create_data(
        self, realm: RealmHandle, ipa: int, content: bytes = b"", measure: bool = False
    ) -> int:
        T, E = self.model.T, self.model.E
        self.create_rtts(realm, ipa)
        src = self.alloc()
        self.write_memory(src, content)
        data = self.alloc()
        self.delegate(data)
        flags = T.RmiDataFlags(
            measure=E.RMI_MEASURE_CONTENT if measure else E.RMI_NO_MEASURE_CONTENT
        )
        self.call("RMI_DATA_CREATE", rd=realm.rd, data=data, ipa=ipa, src=src, flags=flags)
        realm.data.append((ipa, data))
        return data

    def create_data_unknown(self, realm: RealmHandle, ipa: int) -> int:
        """Map a DATA Granule with unknown (wiped) contents at ``ipa``."""
        self.create_rtts(realm, ipa)
        data = self.alloc()
        self.delegate(data)
        self.call("RMI_DATA_CREATE_UNKNOWN", rd=realm.rd, data=data, ipa=ipa)
        realm.data.append((ipa, data))
        return data

    def fold(self, realm: RealmHandle, ipa: int, level: int) -> int:
        """Fold the homogeneous level ``level`` RTT mapping ``ipa`` into its parent entry and
        undelegate it; returns its address."""
        rtt = int(self.call("RMI_RTT_FOLD", rd=realm.rd, ipa=ipa, level=level).outputs["rtt"])
        realm.rtts = [r for r in realm.rtts if r[2] != rtt]
        self.undelegate(rtt)
        return rtt

    def create_rec(
        self, realm: RealmHandle, *, pc: int = 0, runnable: bool = True, gprs: tuple[int, ...] = ()
    ) -> RecHandle:
        T, E = self.model.T, self.model.E
        index = len(realm.recs)
        aux_count = int(self.call("RMI_REC_AUX_COUNT", rd=realm.rd).outputs["aux_count"])
        rec = self.alloc()
        aux = tuple(self.alloc() for _ in range(aux_count))
        self.delegate(rec, *aux)
        mpidr = T.RmiRecMpidr(aff0=index % 16, aff1=index // 16)
        params = T.RmiRecParams(
            flags=T.RmiRecCreateFlags(runnable=E.RMI_RUNNABLE if runnable else E.RMI_NOT_RUNNABLE),
            mpidr=mpidr,
            pc=pc,
            num_aux=aux_count,
        )
        params.gprs[: len(gprs)] = list(gprs)
        params.aux[:aux_count] = list(aux)
        params_ptr = self.alloc()
        self.write_memory(params_ptr, params)
        self.call("RMI_REC_CREATE", rd=realm.rd, rec=rec, params_ptr=params_ptr)
        handle = RecHandle(rec, self.alloc(), mpidr.encode(), aux)
        realm.recs.append(handle)
        return handle

    def activate(self, realm: RealmHandle) -> Outcome:
        return self.call("RMI_REALM_ACTIVATE", rd=realm.rd)

    def enter(self, rec: RecHandle, program=None, *, expect: str | None = "ok"):
        """Enter ``rec`` (running ``program`` if given, see ``specgen_runtime.realm``);
        returns the outcome and the exit reason written to the run structure."""
        if program is not None:
            self.model.set_realm_program(rec.pa, program)
        outcome = self.call("RMI_REC_ENTER", rec=rec.pa, run_ptr=rec.run_ptr, expect=expect)
        reason = None
        if outcome.ok:
            reason = self.model.RecRun(rec.run_ptr).exit.exit_reason
            self.log(f"  exit: {reason}")
        return outcome, reason

    # -- teardown --

    def teardown(self, realm: RealmHandle) -> None:
        """Destroy the RECs, DATA, RTTs and the Realm, then undelegate every Granule."""
        granules: list[int] = []
        for rec in realm.recs:
            self.call("RMI_REC_DESTROY", rec_ptr=rec.pa)
            granules += [rec.pa, *rec.aux]
        for ipa, _pa in realm.data:
            outcome = self.call("RMI_DATA_DESTROY", rd=realm.rd, ipa=ipa)
            granules.append(int(outcome.outputs["data"]))
        for ipa, level, _pa in reversed(realm.rtts):
            outcome = self.call("RMI_RTT_DESTROY", rd=realm.rd, ipa=ipa, level=level)
            granules.append(int(outcome.outputs["rtt"]))
        self.call("RMI_REALM_DESTROY", rd=realm.rd)
        size = self.model.platform.granule_size
        granules += [realm.rd] + [realm.rtt_base + i * size for i in range(realm.rtt_num_start)]
        self.undelegate(*granules)
