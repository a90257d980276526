"""The state every conformance test starts from, reached through the interface.

Why one shared world instead of a state per test: a failure condition is found by changing
*inputs* (which Granule, which IPA, which REC) against a rich fixed state, so the search is
over small typed candidate sets, and a test is "this world, these registers". The world has
a Granule in every state, a Realm in every Realm state — each with the same RTT layout
(a level 3 RTT with entries in every RTT entry state and RIPAS, a homogeneous level 3 RTT
that can be folded, an unprotected mapping) and RECs (runnable, not runnable, with a PSCI
request or a RIPAS change pending, with an attestation in progress) —, a Realm holding as
many RECs as the platform allows, and Non-secure pages for host data structures.

Why a trace: an implementation can only be brought into a state through its interface. The
world is therefore a *trace* of interface calls from a freshly booted RMM — host SMCs (each
with the result it must give), host memory writes (RmiRealmParams, RmiRecParams, RmiRecRun
as the spec lays them out in bytes) and the calls the Realm of a REC makes while the host
enters it. The generated model builds and checks it, call by call, through the same
adapter interface the tests use (``specgen_runtime.suite``). What the trace cannot reach
(a REC that is REC_RUNNING needs a second host CPU; a command the revision lacks) is
reported in ``World.unreached`` with the reason and the state names it would have given,
so that the conditions that need it say why they have no test.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from specgen_runtime.errors import ModelError, NotModelled, Undefined
from specgen_runtime.suite.adapter import ModelAdapter
from specgen_runtime.suite.checks import Guest

#: IPA width of the world's Realms: two starting-level RTTs at level 1 (the multi-RTT case).
IPA_WIDTH = 40
RTT_LEVEL_START = 1
#: IPAs of the world's RTT layout (same in every Realm).
PAGE_RTT_IPA = 0x0  # level 2 and level 3 RTTs cover [0, 2 MB)
FOLDABLE_IPA = 0x20_0000  # a homogeneous level 3 RTT covers [2 MB, 4 MB)
UNMAPPED_L2_IPA = 0x40_0000  # no level 3 RTT: walks stop at level 2
UNMAPPED_L1_IPA = 0x4000_0000  # no level 2 RTT: walks stop at level 1
#: level 3 entries of the page RTT: (index, entry state, RIPAS, with a DATA Granule)
PAGE_ENTRIES = (
    (1, "ASSIGNED", "RAM", True),
    (2, "ASSIGNED", "EMPTY", True),
    (3, "UNASSIGNED", "RAM", False),
    (4, "UNASSIGNED", "DESTROYED", False),
    (5, "ASSIGNED", "DESTROYED", True),
)
#: RECs of each Realm, in MPIDR order: (name, runnable, what its Realm does on a first entry).
#: The PSCI request is PSCI_CPU_ON for the not-runnable REC; the RIPAS change covers the
#: page RTT's entries 3 to 5.
RECS = (
    ("rec_runnable", True, None),
    ("rec_not_runnable", False, None),
    ("rec_psci_pending", True, "psci"),
    ("rec_attesting", True, "attest"),
    ("rec_ripas_pending", True, "ripas"),
    ("rec_ripas_destroyed", True, "ripas_destroyed"),
    ("rec_ripas_block", True, "ripas_block"),
)
#: The RIPAS changes to RAM the Realms of those RECs ask for: over the page RTT's entries 3
#: to 5; from its DESTROYED entry 4 (no progress without the host's consent); inside the
#: IPA range whose walk stops at level 2 (a base not aligned to the level of the walk).
RIPAS_CHANGES = {
    "ripas": (0x3000, 0x6000),
    "ripas_destroyed": (0x4000, 0x6000),
    "ripas_block": (UNMAPPED_L2_IPA + 0x1000, UNMAPPED_L2_IPA + 0x3000),
}
NON_DELEGABLE_PA = 0x1000  # Non-secure memory outside the delegable range
HOST_PAGES = 4  # Non-secure pages a test may fill with host data structures
DELEGATED_RUN = 16  # aligned run of DELEGATED Granules (starting-level RTTs of a new Realm)
#: The most RECs the world gives a Realm to reach "a Realm holds the maximum number of RECs".
MAX_FULL_REALM_RECS = 255
MASK64 = (1 << 64) - 1
#: Why the interface cannot give a REC in state REC_RUNNING to a host command.
RUNNING_REASON = (
    "a REC is REC_RUNNING only while RMI_REC_ENTER runs it: a host command sees it only when issued "
    "while the REC runs, from another host CPU (tests of it need an adapter with concurrent_host)"
)


@dataclass(frozen=True)
class Unreached:
    """A state of the planned world the interface did not reach."""

    name: str
    reason: str
    provides: tuple[str, ...] = ()  # state names the conditions needing it mention
    concurrent: bool = False  # reached only by a host SMC issued while a REC runs


@dataclass(frozen=True)
class World:
    """The trace, the host's protocol for REC exits, and the named values of the world the
    search draws candidates from."""

    trace: tuple[dict, ...]
    addresses: tuple[tuple[str, int], ...]  # name -> PA or IPA
    integers: tuple[tuple[str, int], ...]  # name -> MPIDR, VMID … present in the world
    callers: tuple[tuple[str, int], ...]  # RECs whose Realm can issue RSI/PSCI commands
    host_pages: tuple[int, ...]  # Non-secure pages for host data structures
    host: dict = field(default_factory=dict, compare=False)  # specgen_runtime.suite.checks.Host
    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()  # Realm tag -> names of its objects
    granules: tuple[tuple[str, tuple[int, ...]], ...] = ()  # Granule state -> PAs in it
    unreached: tuple[Unreached, ...] = ()
    names: dict = field(default_factory=dict, compare=False)  # value -> name (for comments)

    @property
    def calls(self) -> int:
        """Interface calls of the trace (host SMCs, memory writes and Realm calls)."""
        return sum(len(step["calls"]) if "guest" in step else 1 for step in self.trace)


class _Allocator:
    def __init__(self, base: int, granule: int):
        self.next, self.granule = base, granule

    def take(self, count: int = 1, align: int = 1) -> int:
        step = align * self.granule
        start = -(-self.next // step) * step
        self.next = start + count * self.granule
        return start


def sparse(data: bytes, gap: int = 8) -> list[list]:
    """Runs of non-zero bytes of ``data`` as ``[offset, hex]`` (runs closer than ``gap``
    zero bytes are joined)."""
    runs: list[list] = []
    start = None
    last = -gap
    for offset, byte in enumerate(data):
        if not byte:
            continue
        if start is None or offset - last > gap:
            if start is not None:
                runs.append([start, data[start : last + 1].hex()])
            start = offset
        last = offset
    if start is not None:
        runs.append([start, data[start : last + 1].hex()])
    return runs


def write_step(pa: int, data: bytes, what: str) -> dict:
    return {"write": pa, "size": len(data), "bytes": sparse(data), "what": what}


class TraceBuilder:
    """Drives the model through the adapter interface and records each call that gave the
    result the world needs; a call that did not is left out (a failing command changes
    nothing) and its result is returned for the caller to report."""

    def __init__(self, package, platform=None):
        self.adapter = ModelAdapter(package, platform)
        self.guest = Guest()
        self.adapter.set_guest(self.guest)
        self.adapter.reset()
        self.model = self.adapter.model
        self.steps: list[dict] = []
        self.unreached: list[Unreached] = []
        self.problems: dict[str, str] = {}  # command -> why the model cannot issue it here
        self._outcomes: list = []
        self.model.observers.append(lambda outcome, depth: depth or self._outcomes.append(outcome))

    def spec(self, name: str):
        return self.model.commands.get(name)

    def call(self, name: str, **inputs):
        """Issue host command ``name``: its Outcome (None if the revision lacks it)."""
        spec = self.spec(name)
        if spec is None or spec.fid is None:
            return None
        count = len(self._outcomes)
        try:
            registers = list(self.model.encode_call(spec, inputs))
            out = self.adapter.smc(registers)
        except NotModelled as error:  # e.g. a revision without the RMI types: no register encoding
            self.problems[name] = str(error)
            return None
        outcome = self._outcomes[-1] if len(self._outcomes) > count else None
        if outcome is not None and outcome.ok:
            self.steps.append({"smc": registers, "call": name, "expect": [["X0", int(out[0]), MASK64]]})
        return outcome

    def write(self, pa: int, value, what: str) -> None:
        data = value.to_bytes() if hasattr(value, "to_bytes") and not isinstance(value, bytes) else bytes(value)
        self.adapter.write(pa, data)
        self.steps.append(write_step(pa, data, what))

    def enter(self, rec: int, run_ptr: int, calls) -> tuple:
        """Enter REC ``rec`` with its Realm making ``calls`` ((name, inputs) …): the
        Outcome of RMI_REC_ENTER and the registers each call returned (None: it exited)."""
        scripted = []
        for name, inputs in calls:
            spec = self.spec(name)
            if spec is None or spec.fid is None:
                return None, ()
            scripted.append({"smc": list(self.model.encode_call(spec, inputs)), "call": name})
        self.guest.add(rec, scripted)
        guest_step = {"guest": rec, "calls": scripted}
        self.steps.append(guest_step)
        outcome = self.call("RMI_REC_ENTER", rec=rec, run_ptr=run_ptr)
        if outcome is None or not outcome.ok:
            self.steps.remove(guest_step)
            self.guest.scripts.pop(rec, None)
            return outcome, ()
        results = tuple(self.guest.result_of(call) for call in scripted)
        for call, result in zip(scripted, results):
            if result is not None:
                call["expect"] = [["X0", result[0], MASK64]]
        return outcome, results

    def miss(self, name: str, reason: str, *provides: str, concurrent: bool = False) -> None:
        self.unreached.append(Unreached(name, reason, provides, concurrent))


def _failed(name: str, outcome, builder: TraceBuilder | None = None) -> str:
    if outcome is None and builder is not None and name in builder.problems:
        return f"the model cannot issue {name} through the interface: {builder.problems[name]}"
    if outcome is None:
        return f"the revision has no callable {name}"
    return f"{name} gave {outcome}"


def _enum_names(model, type_name: str) -> list[str]:
    cls = getattr(model.T, type_name, None)
    return [member.name for member in cls] if isinstance(cls, type) else []


class _WorldPlan:
    """The recipes that reach the world's states through the interface (the life cycle
    of Granules, Realms, RTTs, DATA and RECs that the spec's commands define)."""

    def __init__(self, builder: TraceBuilder):
        self.b = builder
        self.m = builder.model
        platform = self.m.platform
        self.size = platform.granule_size
        base = min(start for start, _size in platform.delegable)
        self.alloc = _Allocator(base, self.size)
        self.addresses: dict[str, int] = {}
        self.integers: dict[str, int] = {}
        self.callers: dict[str, int] = {}
        self.recs: list[tuple[int, int, int]] = []  # (PA, RD, MPIDR)
        self.aux_counts: dict[int, int] = {}
        self.scratch = self.alloc.take()  # host page for set-up structures
        self.run_page = self.alloc.take()  # RmiRecRun of every REC entry
        self.b.write(self.run_page, bytes(self._size_of("RmiRecRun")), "RmiRecRun")

    def _size_of(self, type_name: str) -> int:
        cls = getattr(self.m.T, type_name, None)
        return int(getattr(cls, "_SIZE", None) or self.size)

    def delegate(self, *pas: int) -> bool:
        for pa in pas:
            outcome = self.b.call("RMI_GRANULE_DELEGATE", addr=pa)
            if outcome is None or not outcome.ok:
                self.b.miss(f"granule {pa:#x}", _failed("RMI_GRANULE_DELEGATE", outcome, self.b), "DELEGATED")
                return False
        return True

    # -- Granules --

    def granules(self) -> None:
        for i in range(2):
            self.addresses[f"undelegated_{i}"] = self.alloc.take()
        for i in range(2):
            pa = self.alloc.take()
            if self.delegate(pa):
                self.addresses[f"delegated_{i}"] = pa
        run = self.alloc.take(DELEGATED_RUN, align=DELEGATED_RUN)
        if self.delegate(*[run + i * self.size for i in range(DELEGATED_RUN)]):
            self.addresses["delegated_run"] = run

    # -- Realms --

    def realm_params(self, rtt_base: int, num_start: int, vmid: int):
        T, E = self.m.T, self.m.E
        return T.RmiRealmParams(
            s2sz=IPA_WIDTH,
            rtt_base=rtt_base,
            rtt_level_start=RTT_LEVEL_START,
            rtt_num_start=num_start,
            vmid=vmid,
            hash_algo=E.RMI_HASH_SHA_256,
        )

    def create_realm(self, tag: str, vmid: int) -> int | None:
        m = self.m
        num_start = next(
            (n for n in (1, 2, 4, 8, 16) if m.RttConfigIsValid(IPA_WIDTH, RTT_LEVEL_START, n)), 1
        )
        rd = self.alloc.take()
        rtt_base = self.alloc.take(num_start, align=num_start)
        if not self.delegate(rd, *[rtt_base + i * self.size for i in range(num_start)]):
            return None
        try:
            self.b.write(self.scratch, self.realm_params(rtt_base, num_start, vmid), "RmiRealmParams")
        except (AttributeError, NotModelled, TypeError) as error:
            self.b.miss(f"rd_{tag}", f"the revision's RmiRealmParams cannot be written: {error}", "RD")
            return None
        outcome = self.b.call("RMI_REALM_CREATE", rd=rd, params_ptr=self.scratch)
        if outcome is None or not outcome.ok:
            self.b.miss(f"rd_{tag}", _failed("RMI_REALM_CREATE", outcome, self.b), "RD")
            return None
        self.addresses[f"rd_{tag}"], self.addresses[f"rtt_root_{tag}"] = rd, rtt_base
        self.integers[f"vmid_{tag}"] = vmid
        self.integers.update(ipa_width=IPA_WIDTH, rtt_level_start=RTT_LEVEL_START, rtt_num_start=num_start)
        return rd

    def rtts(self, tag: str, rd: int) -> None:
        unprotected = 1 << (IPA_WIDTH - 1)
        for ipa, label in ((PAGE_RTT_IPA, "page"), (FOLDABLE_IPA, "foldable"), (unprotected, "ns")):
            for level in (2, 3):
                if level == 2 and ipa == FOLDABLE_IPA:
                    continue  # shares the level 2 RTT of PAGE_RTT_IPA
                pa = self.alloc.take()
                if not self.delegate(pa):
                    return
                base = self.m.AlignDownToRttLevel(ipa, level - 1)
                outcome = self.b.call("RMI_RTT_CREATE", rd=rd, rtt=pa, ipa=base, level=level)
                if outcome is None or not outcome.ok:
                    self.b.miss(f"rtt_l{level}_{label}_{tag}", _failed("RMI_RTT_CREATE", outcome, self.b), "RTT", "TABLE")
                    continue
                self.addresses[f"rtt_l{level}_{label}_{tag}"] = pa

    def init_ripas(self, rd: int, base: int, top: int):
        outcome = None
        while base < top:
            outcome = self.b.call("RMI_RTT_INIT_RIPAS", rd=rd, base=base, top=top)
            if outcome is None or not outcome.ok:
                return outcome
            after = int(outcome.outputs.get("out_top") or top)
            if after <= base:
                break
            base = after
        return outcome

    def data(self, rd: int, ipa: int, known: bool):
        pa = self.alloc.take()
        if not self.delegate(pa):
            return None, None
        if known:
            outcome = self.b.call("RMI_DATA_CREATE", rd=rd, data=pa, ipa=ipa, src=self.scratch, flags=0)
        else:
            outcome = self.b.call("RMI_DATA_CREATE_UNKNOWN", rd=rd, data=pa, ipa=ipa)
        return pa, outcome

    def entries(self, tag: str, rd: int) -> None:
        """The page RTT's entries in each (state, RIPAS), the foldable RTT, the unprotected
        mapping; each checked by reading the entry back from the model."""
        self.b.write(self.scratch, bytes(self.size), "DATA contents")
        outcome = self.init_ripas(rd, FOLDABLE_IPA, FOLDABLE_IPA + self.m.RttLevelSize(2))
        if outcome is None or not outcome.ok:
            self.b.miss(f"ipa_foldable ({tag})", _failed("RMI_RTT_INIT_RIPAS", outcome, self.b), "RAM")
        for index, entry_state, ripas, with_data in PAGE_ENTRIES:
            ipa = PAGE_RTT_IPA + index * self.size
            steps = []
            if ripas in ("RAM", "DESTROYED"):
                steps.append(lambda ipa=ipa: ("RMI_RTT_INIT_RIPAS", self.init_ripas(rd, ipa, ipa + self.size)))
            if ripas == "DESTROYED":  # RAM, mapped and destroyed again
                steps.append(lambda ipa=ipa: ("RMI_DATA_CREATE", self.data(rd, ipa, True)[1]))
                steps.append(lambda ipa=ipa: ("RMI_DATA_DESTROY", self.b.call("RMI_DATA_DESTROY", rd=rd, ipa=ipa)))
            pa = None
            if with_data:
                def mapped(ipa=ipa, known=ripas == "RAM"):
                    nonlocal pa
                    pa, outcome = self.data(rd, ipa, known)
                    return ("RMI_DATA_CREATE" if known else "RMI_DATA_CREATE_UNKNOWN", outcome)

                steps.append(mapped)
            name = f"ipa_{entry_state.lower()}_{ripas.lower()}"
            for step in steps:
                command, outcome = step()
                if outcome is None or not outcome.ok:
                    self.b.miss(f"{name} ({tag})", _failed(command, outcome, self.b), entry_state, ripas)
                    break
            else:
                if self._entry_is(rd, ipa, entry_state, ripas):
                    if with_data:
                        self.addresses[f"data_{ripas.lower()}_{tag}"] = pa
                else:
                    self.b.miss(f"{name} ({tag})", "the calls leave the entry in another state", entry_state, ripas)
        ns_pa = self.alloc.take()
        unprotected = 1 << (IPA_WIDTH - 1)
        outcome = self.b.call("RMI_RTT_MAP_UNPROTECTED", rd=rd, ipa=unprotected + self.size, level=3, desc=ns_pa)
        if outcome is None or not outcome.ok:
            self.b.miss(f"ipa_assigned_ns ({tag})", _failed("RMI_RTT_MAP_UNPROTECTED", outcome, self.b), "ASSIGNED_NS")

    def _entry_is(self, rd: int, ipa: int, state: str, ripas: str) -> bool:
        try:
            walk = self.m.RttWalk(rd, ipa, self.m.RMM_RTT_PAGE_LEVEL)
        except (Undefined, NotModelled, ModelError):
            return False
        entry = walk.rtte
        return getattr(entry.state, "name", None) == state and getattr(entry.ripas, "name", None) == ripas

    def create_rec(self, rd: int, index: int, runnable: bool):
        """A REC of the Realm at ``rd`` with MPIDR index ``index``: its PA, or None."""
        T, E = self.m.T, self.m.E
        if rd not in self.aux_counts:
            count = self.b.call("RMI_REC_AUX_COUNT", rd=rd)
            if count is None or not count.ok:
                self.b.miss(f"REC {index} of {rd:#x}", _failed("RMI_REC_AUX_COUNT", count, self.b), "REC")
                return None
            self.aux_counts[rd] = int(count.outputs["aux_count"])
        aux_count = self.aux_counts[rd]
        pa = self.alloc.take()
        aux = [self.alloc.take() for _ in range(aux_count)]
        if not self.delegate(pa, *aux):
            return None
        try:
            params = T.RmiRecParams(
                flags=T.RmiRecCreateFlags(runnable=E.RMI_RUNNABLE if runnable else E.RMI_NOT_RUNNABLE),
                mpidr=T.RmiRecMpidr(aff0=index % 16, aff1=index // 16),
                pc=0,
                num_aux=aux_count,
            )
            params.aux[:aux_count] = aux
            self.b.write(self.scratch, params, "RmiRecParams")
        except (AttributeError, NotModelled, TypeError) as error:
            self.b.miss(f"REC {index} of {rd:#x}", f"the revision's RmiRecParams cannot be written: {error}", "REC")
            return None
        outcome = self.b.call("RMI_REC_CREATE", rd=rd, rec=pa, params_ptr=self.scratch)
        if outcome is None or not outcome.ok:
            self.b.miss(f"REC {index} of {rd:#x}", _failed("RMI_REC_CREATE", outcome, self.b), "REC")
            return None
        self.recs.append((pa, rd, params.mpidr.encode()))
        return pa, aux

    def realm(self, tag: str, target: str, vmid: int) -> None:
        """A Realm in state ``target`` with the world's RTTs, entries and RECs."""
        rd = self.create_realm(tag, vmid)
        if rd is None:
            return
        self.rtts(tag, rd)
        self.entries(tag, rd)
        made: dict[str, int] = {}
        for index, (name, runnable, _how) in enumerate(RECS):
            created = self.create_rec(rd, index, runnable)
            if created is None:
                continue
            pa, aux = created
            made[name] = pa
            self.integers[f"mpidr_{name}"] = self.recs[-1][2]
            if aux:
                self.addresses[f"rec_aux_{name}_{tag}"] = aux[0]
        self.integers[f"rec_index_{tag}"] = len(made)
        enter = self.b.spec("RMI_REC_ENTER")
        if enter is None or enter.fid is None:
            self.b.miss(f"rec_running_{tag}", _failed("RMI_REC_ENTER", None, self.b), "REC_RUNNING")
        else:
            self.b.miss(f"rec_running_{tag}", RUNNING_REASON, "REC_RUNNING", concurrent=True)
        if target != "REALM_NEW":
            outcome = self.b.call("RMI_REALM_ACTIVATE", rd=rd)
            if outcome is None or not outcome.ok:
                self.b.miss(f"rd_{tag}", _failed("RMI_REALM_ACTIVATE", outcome, self.b), target)
        for name, pa in made.items():
            how = dict((n, h) for n, _r, h in RECS)[name]
            if how and not self._first_entry(f"{name}_{tag}", pa, how):
                continue
            self.addresses[f"{name}_{tag}"] = pa
        if target == "REALM_SYSTEM_OFF" and "rec_runnable" in made:
            self.b.enter(made["rec_runnable"], self.run_page, [("PSCI_SYSTEM_OFF", {})])
        state = getattr(self.m.Realm(rd).state, "name", None)
        if state != target:
            self.b.miss(f"rd_{tag}", f"the calls leave the Realm in state {state}, not {target}", target)
            self.addresses.pop(f"rd_{tag}", None)
        if state == "REALM_ACTIVE" and self.b.spec("RMI_REC_ENTER") is not None:
            for name in ("rec_runnable", "rec_attesting", "rec_ripas_pending"):
                if f"{name}_{tag}" in self.addresses:
                    self.callers[f"{name}_{tag}"] = self.addresses[f"{name}_{tag}"]

    def _first_entry(self, name: str, pa: int, how: str) -> bool:
        """Bring REC ``name`` to its state by entering it once; True if it got there."""
        E = self.m.E
        if how == "psci":
            target = self.integers.get("mpidr_rec_not_runnable", 0)
            calls = [("PSCI_CPU_ON", {"target_cpu": target, "entry_point_address": self.size, "context_id": 0})]
            provides, check = ("PSCI_REQUEST_PENDING",), lambda rec: rec.psci_pending == E.PSCI_REQUEST_PENDING
        elif how == "attest":
            calls = [("RSI_ATTESTATION_TOKEN_INIT", {})]
            provides, check = ("ATTEST_IN_PROGRESS",), lambda rec: rec.attest_state == E.ATTEST_IN_PROGRESS
        else:
            base, top = RIPAS_CHANGES[how]
            calls = [("RSI_IPA_STATE_SET", {"base": base, "top": top, "ripas": self.m.T.RSI_RAM, "flags": 0})]
            provides, check = ("ripas_addr", "ripas_top"), lambda rec: int(rec.ripas_top) == top
        outcome, _results = self.b.enter(pa, self.run_page, calls)
        if outcome is None or not outcome.ok or not check(self.m.Rec(pa)):
            reason = _failed("RMI_REC_ENTER", outcome, self.b) if outcome is None or not outcome.ok else (
                f"the Realm's {calls[0][0]} did not leave the REC in that state"
            )
            self.b.miss(name, reason, *provides)
            return False
        return True

    def full_realm(self, vmid: int) -> None:
        """A new Realm holding as many RECs as the platform allows (REC_CREATE then fails)."""
        order = int(getattr(self.m.platform.features, "max_recs_order", 0))
        count = (1 << order) - 1
        if count > MAX_FULL_REALM_RECS:
            self.b.miss("rd_full", f"the platform allows {count} RECs per Realm, more than the world "
                        f"creates ({MAX_FULL_REALM_RECS})", "num_recs")
            return
        rd = self.create_realm("full", vmid)
        if rd is None:
            return
        for index in range(count):
            if self.create_rec(rd, index, False) is None:
                self.addresses.pop("rd_full", None)
                return
        self.integers["rec_index_full"] = count
        self.integers["mpidr_next_full"] = self.m.T.RmiRecMpidr(aff0=count % 16, aff1=count // 16).encode()

    def host(self) -> None:
        for i in range(HOST_PAGES):
            self.addresses[f"host_page_{i}"] = self.alloc.take()


def plan_world(package, platform=None) -> tuple[World, object]:
    """The world for ``package``'s revision on ``platform`` (deterministic), and the model
    that the trace brought to it."""
    builder = TraceBuilder(package, platform)
    model = builder.model
    plan = _WorldPlan(builder)
    plan.granules()
    realm_states = _enum_names(model, "RmmRealmState") or ["REALM_NEW"]
    for vmid, realm_state in enumerate(realm_states, start=1):
        tag = realm_state.lower().removeprefix("realm_")
        if realm_state in ("REALM_NEW", "REALM_ACTIVE", "REALM_SYSTEM_OFF"):
            plan.realm(tag, realm_state, vmid)
        else:
            builder.miss(f"rd_{tag}", f"no set-up reaches Realm state {realm_state}", realm_state)
    empty = plan.create_realm("empty", len(realm_states) + 1)  # nothing in it but its starting-level RTTs
    plan.full_realm(len(realm_states) + 2)
    plan.host()
    addresses, integers = plan.addresses, plan.integers
    size, unprotected = plan.size, 1 << (IPA_WIDTH - 1)
    ipas = {
        "ipa_unassigned_empty": PAGE_RTT_IPA,
        "ipa_foldable": FOLDABLE_IPA,
        "ipa_walk_stops_l2": UNMAPPED_L2_IPA,
        "ipa_walk_stops_l1": UNMAPPED_L1_IPA,
        "ipa_unprotected": unprotected,
        "ipa_assigned_ns": unprotected + size,
        "ipa_beyond_width": 1 << IPA_WIDTH,
    }
    for index, entry_state, ripas, _data in PAGE_ENTRIES:
        ipas[f"ipa_{entry_state.lower()}_{ripas.lower()}"] = PAGE_RTT_IPA + index * size
    for how, (base, top) in RIPAS_CHANGES.items():  # the ranges of the pending RIPAS changes
        ipas.setdefault(f"ipa_{how}_base", base)
        ipas.setdefault(f"ipa_{how}_top", top)
    addresses.update(ipas)
    for name in sorted(ipas):  # an unaligned IPA in each kind of place
        if name != "ipa_beyond_width":
            addresses[name + "_unaligned"] = ipas[name] + 8
    addresses["pa_non_delegable"] = NON_DELEGABLE_PA
    addresses["pa_beyond_width"] = 1 << model.platform.pa_width
    if getattr(model.platform.features, "feat_lpa2", False) or model.platform.pa_width > 48:
        addresses["pa_lpa2_range"] = 1 << 48  # a PA only LPA2 descriptors can hold
    else:
        addresses["desc_lpa2_range"] = 1 << 48  # a descriptor address beyond a 48-bit PA space
    first = realm_states[0].lower().removeprefix("realm_")
    for name in ("undelegated_0", "delegated_0", "host_page_0", f"rd_{first}", f"rec_runnable_{first}",
                 f"rtt_l3_page_{first}", f"data_ram_{first}"):
        if name in addresses:
            addresses[name + "_unaligned"] = addresses[name] + size // 2
    tags = [state.lower().removeprefix("realm_") for state in realm_states] + ["empty", "full"]
    groups = tuple(
        (tag, tuple(name for name in sorted(addresses) if name.endswith("_" + tag))) for tag in tags
    )
    by_state: dict[str, list[int]] = {}
    for pa, granule in sorted(model.state.granules.items()):
        by_state.setdefault(getattr(granule.state, "name", str(granule.state)), []).append(pa)
    for name in _enum_names(model, "RmmGranuleState"):
        if name not in by_state and name != "UNDELEGATED":
            builder.miss(f"granule_{name.lower()}", f"no set-up call puts a Granule in state {name}", name)
    names = {}
    for mapping in (addresses, integers):
        for name, value in mapping.items():
            names.setdefault(value, name)
    world = World(
        trace=tuple(builder.steps),
        addresses=tuple(sorted(addresses.items(), key=lambda kv: (kv[1], kv[0]))),
        integers=tuple(sorted(integers.items(), key=lambda kv: (kv[1], kv[0]))),
        callers=tuple(plan.callers.items()),
        host_pages=tuple(addresses[f"host_page_{i}"] for i in range(HOST_PAGES)),
        host=host_protocol(model, plan.run_page, plan.recs),
        groups=groups,
        granules=tuple((state, tuple(pas)) for state, pas in sorted(by_state.items())),
        unreached=tuple(builder.unreached),
        names=names,
    )
    del empty
    model.observers.clear()
    model.state.forget_images()
    return world, model


def _inputs(spec, names: tuple[str, ...]) -> dict | None:
    """Register numbers of ``spec``'s inputs ``names`` (whole 64-bit registers only)."""
    found = {}
    for name in names:
        register = next((r for r in spec.inputs if r.name == name), None)
        if register is None or (register.high, register.low) != (63, 0):
            return None
        found[name] = int(register.register.lstrip("Xx"))
    return found


def host_protocol(model, run_page: int, recs) -> dict:
    """What the test harness needs to enter RECs and answer their exits (see
    ``specgen_runtime.suite.checks.Host``), from the revision's commands and types."""
    from specgen_runtime.realm import guest_exit_kind

    commands = model.commands
    protocol: dict = {"run_page": run_page, "recs": [list(r) for r in recs], "affinity": 0xFF_00FF_FFFF}
    for key, name, inputs in (
        ("rec_enter", "RMI_REC_ENTER", ("rec", "run_ptr")),
        ("psci_complete", "RMI_PSCI_COMPLETE", ("calling_rec", "target_rec", "status")),
        ("set_ripas", "RMI_RTT_SET_RIPAS", ("rd", "rec_ptr", "base", "top")),
    ):
        spec = commands.get(name)
        found = _inputs(spec, inputs) if spec is not None and spec.fid is not None else None
        if found is None and key == "psci_complete" and spec is not None:
            found = _inputs(spec, inputs[:2])  # revisions before the host could deny a request
        protocol[key] = None if found is None else {"fid": spec.fid, **found}
    if protocol["set_ripas"] is not None:
        out = next((r for r in commands["RMI_RTT_SET_RIPAS"].outputs if r.name != "result"), None)
        protocol["set_ripas"]["out_top"] = int(out.register.lstrip("Xx")) if out else 1
    run = getattr(model.T, "RmiRecRun", None)
    exit_type = next((f.codec for f in getattr(run, "_FIELDS", ()) if f.name == "exit"), None)
    exit_offset = next((f.offset for f in getattr(run, "_FIELDS", ()) if f.name == "exit"), None)
    layout = {}
    for field_spec in getattr(exit_type, "_FIELDS", ()):
        if field_spec.name in ("exit_reason", "gprs", "ripas_base", "ripas_top") and field_spec.offset is not None:
            layout[field_spec.name] = [exit_offset + field_spec.offset, field_spec.size]
    protocol["run"] = layout
    reasons = getattr(model.T, "RmiRecExitReason", None)
    protocol["exit_reasons"] = (
        {m.name.removeprefix("RMI_EXIT_"): int(m) for m in reasons} if isinstance(reasons, type) else {}
    )
    protocol["psci_complete_fids"] = sorted(
        int(s.fid) for s in commands.values() if s.fid is not None and guest_exit_kind(s) == "PSCI_PENDING"
    )
    success = getattr(model.T, "PSCI_SUCCESS", None)
    protocol["psci_success"] = int(success) & MASK64 if isinstance(success, int) else 0
    protocol["success"] = 0  # RMI_SUCCESS, index 0
    status = getattr(model.T, "RMI_SUCCESS", None)
    if isinstance(status, int):
        protocol["success"] = int(status)
    return protocol
