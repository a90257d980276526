"""Semantics of the spec functions that DEN0137 declares without a body.

Why hand-written: functions such as ``Granule``, ``RttWalk`` or ``PaIsDelegable`` are the
spec's window onto the abstract state and the platform; the spec describes them in a
sentence. Each method here is named exactly as the spec function and implements that
sentence over ``State`` and ``PlatformConfig``. Functions that have an ASL body are *not*
here: the generator translates them.

Every method the generated code may call says so with a decorator of
``specgen_runtime.bindings`` (the generator reads the declarations, never the attributes):

- ``@spec_function(names…)``: the spec functions a method computes (with ``state=True``
  when its result is live state, ``types`` it needs, ``inverse`` for output views);
- ``@establishes(F, references=…)``: how to make a predicate ``F`` true when it is stated
  as a success condition (``RttsStateEqual(base, n, RTT)`` sets those Granules' state);
  arguments at ``references`` are passed as ``Ref``;
- ``@locates(F)``: the state locations named by a footprint-only function
  (``RttsGranuleState``, ``AuxStates``);
- ``SPEC_CONSTANTS``: the architecture constants given a value here. Prose conditions are
  bound in ``specgen_runtime.prose``.
"""

from __future__ import annotations

import enum

from specgen_runtime import asl, measure
from specgen_runtime.bindings import establishes, locates, spec_function
from specgen_runtime.errors import ModelError, NotModelled, Undefined
from specgen_runtime.values import (
    EncodedEnum,
    Fieldset,
    Struct,
    Symbol,
    abstract_name,
    attach,
    copy_value,
)

MASK64 = (1 << 64) - 1
ENTRIES_PER_RTT_BITS = 9  # 4KB granules: 512 entries per RTT

# Stage 2 descriptor fields used for RTT entries (4KB granule, no LPA2).
_DESC_MEMATTR = (4, 2)
_DESC_S2AP = (7, 6)
_DESC_ADDR = (47, 12)


#: Architecture constants the runtime gives a value (attributes of ``Semantics``).
SPEC_CONSTANTS = (
    "RMM_GRANULE_SIZE", "RMM_RTT_PAGE_LEVEL", "RMM_RTT_BLOCK_LEVEL", "RMM_REALM_MEASUREMENT_WIDTH",
    "ADDRESS_WIDTH", "RMM_RTT_TREE_PRIMARY", "RMM_NUM_PERM_OVERLAY_INDICES",
)  # fmt: skip


def _field_mask(bits: tuple[int, int]) -> int:
    high, low = bits
    return ((1 << (high - low + 1)) - 1) << low


class Ref:
    """A reference to an assignable place: attribute ``key`` of ``container`` or element
    ``key`` of a list. Establishers receive these for arguments they assign."""

    __slots__ = ("container", "key")

    def __init__(self, container, key):
        self.container = container
        self.key = key

    def get(self):
        if isinstance(self.key, int) and isinstance(self.container, list):
            return self.container[self.key]
        return getattr(self.container, self.key)

    def __repr__(self):
        return f"Ref({type(self.container).__name__}, {self.key!r})"


class ReturnCode:
    """An RMI command return code when the revision has no RmiCommandReturnCode type
    (status is then a symbolic constant)."""

    __slots__ = ("status", "index")

    def __init__(self, status, index: int = 0):
        self.status = status
        self.index = index

    def __eq__(self, other):
        if isinstance(other, ReturnCode):
            return self.status == other.status and self.index == other.index
        return NotImplemented

    __hash__ = None

    def __repr__(self):
        return f"{self.status}" + (f"[{self.index}]" if self.index else "")


class Vocabulary:
    """Enumeration constants of the generated types module by name (``E.GPT_NS``); a
    constant the revision does not define is a ``Symbol`` of that name."""

    def __init__(self, types_module):
        self._types = types_module

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        value = getattr(self._types, name, None)
        if value is None or isinstance(value, type):
            value = Symbol(name)
        setattr(self, name, value)
        return value


def _name(value) -> str | None:
    return getattr(value, "name", None)


class Semantics:
    """Spec functions without a body. Mixed into ``Model``, which provides ``state``,
    ``platform``, ``T`` (generated types), ``F`` (generated functions), ``E``
    (vocabulary) and ``write``."""

    #: When a set, every (address, structure type) read from memory is added to it (the
    #: conformance search finds the host data structures a command reads this way).
    memory_reads: set | None = None

    # ---- constants of the architecture (not extracted: chapters A/B1/B2) ----

    @property
    def RMM_GRANULE_SIZE(self) -> int:
        return self.platform.granule_size

    @property
    def RMM_RTT_PAGE_LEVEL(self) -> int:
        return self.platform.rtt_page_level

    @property
    def RMM_RTT_BLOCK_LEVEL(self) -> int:
        return self.platform.rtt_block_level

    @property
    def RMM_REALM_MEASUREMENT_WIDTH(self) -> int:
        return self.platform.realm_measurement_width

    ADDRESS_WIDTH = 64
    RMM_RTT_TREE_PRIMARY = 0
    RMM_NUM_PERM_OVERLAY_INDICES = 16

    # ---- objects of the state ----

    def _granule_shift(self) -> int:
        return self.platform.granule_size.bit_length() - 1

    def _granule_key(self, addr) -> int:
        addr = int(addr)
        if addr < 0 or addr >> self.platform.pa_width:
            raise Undefined(f"PA {addr:#x} is outside the physical address space")
        return addr & ~(self.platform.granule_size - 1)

    def default_granule(self) -> Struct:
        """A Granule never touched: UNDELEGATED, GPT_NS (not attached to the state)."""
        granule = self.T.RmmGranule()
        granule.state = self.E.UNDELEGATED
        if "gpt" in {f.name for f in granule._FIELDS}:
            granule.gpt = self.E.GPT_NS
        return granule

    def new_granule(self, pa: int) -> Struct:
        granule = self.default_granule()
        attach(granule, ("granule", pa), self.state.dirty)
        self.state.dirty.add(("granule", pa))
        return granule

    @spec_function("Granule", "GranuleAt", state=True, types=("RmmGranule",))
    def Granule(self, addr) -> Struct:
        """The Granule at PA ``addr`` (never touched Granules are UNDELEGATED, GPT_NS)."""
        pa = self._granule_key(addr)
        granule = self.state.granules.get(pa)
        if granule is None:
            granule = self.state.granules[pa] = self.new_granule(pa)
        return granule


    def granule_state_name(self, pa: int) -> str | None:
        granule = self.state.granules.get(pa)
        return None if granule is None else _name(granule.state)

    def new_object(self, type_name: str, pa: int) -> Struct:
        cls = getattr(self.T, type_name, None)
        if cls is None or not isinstance(cls, type):
            raise NotModelled(type_name, detail="type not extracted for this revision")
        obj = cls()
        attach(obj, ("object", pa), self.state.dirty)
        self.state.dirty.add(("object", pa))
        return obj

    def object_at(self, addr, state_name: str, type_name: str) -> Struct:
        """The object held by the Granule at ``addr`` in state ``state_name``."""
        addr = int(addr)
        pa = self._granule_key(addr)
        if pa != addr:
            raise Undefined(f"{type_name} at {addr:#x}: address is not Granule-aligned")
        if self.granule_state_name(pa) != state_name:
            raise Undefined(f"{type_name} at {addr:#x}: the Granule is not in state {state_name}")
        held = self.state.objects.get(pa)
        if held is None or held[0] != state_name:
            held = self.state.objects[pa] = (state_name, self.new_object(type_name, pa))
        return held[1]

    @spec_function("Realm", "RealmAt", state=True, types=("RmmRealm",))
    def Realm(self, addr) -> Struct:
        return self.object_at(addr, "RD", "RmmRealm")

    @spec_function("Rec", "RecAt", state=True, types=("RmmRec",))
    def Rec(self, addr) -> Struct:
        return self.object_at(addr, "REC", "RmmRec")

    @spec_function("Rtt", "RttAt", state=True, types=("RmmRtt", "RmmRttEntry"))
    def Rtt(self, addr) -> Struct:
        return self.object_at(addr, "RTT", "RmmRtt")


    @spec_function("RttEntry", "RttEntryAt", state=True)
    def RttEntry(self, rtt, i) -> Struct:
        table = rtt if isinstance(rtt, Struct) else self.Rtt(rtt)
        return table.entries[int(i)]


    def live(self, state_name: str):
        """(PA, object) of every object held by a Granule in ``state_name``."""
        for pa, (kind, obj) in list(self.state.objects.items()):
            if kind == state_name and self.granule_state_name(pa) == state_name:
                yield pa, obj

    @spec_function("CurrentRec", state=True)
    def CurrentRec(self) -> Struct:
        if self.state.current_rec is None:
            raise Undefined("no REC is running")
        return self.Rec(self.state.current_rec)

    @spec_function("CurrentRealm", state=True)
    def CurrentRealm(self) -> Struct:
        return self.Realm(self.CurrentRec().owner)

    # ---- memory (host and Realm data structures) ----

    def memory_object(self, pa: int, type_name: str):
        """The ``type_name`` structure stored at ``pa`` (all-zero memory reads as the
        default value; bytes are decoded with the spec's byte layout)."""
        cls = getattr(self.T, type_name, None)
        if cls is None or not isinstance(cls, type):
            raise NotModelled(type_name, detail="type not extracted for this revision")
        pa = pa if isinstance(pa, tuple) else int(pa)
        if self.memory_reads is not None:
            self.memory_reads.add((pa, type_name))
        held = self.state.memory.get(pa)
        if isinstance(held, cls):
            return held
        obj = cls.from_bytes(held) if isinstance(held, (bytes, bytearray)) else cls()
        self.state.memory[pa] = obj
        return obj

    def realm_pa(self, ipa):
        """Where the current Realm's memory at ``ipa`` lives: the PA of the DATA Granule
        mapped there, or (when nothing is mapped) a key of the Realm's own IPA space."""
        rd = int(self.CurrentRec().owner)
        try:
            walk = self.walk(self.Realm(rd), ipa, self.RMM_RTT_PAGE_LEVEL)
        except Undefined:
            walk = None
        if walk is None or _name(walk.rtte.state) != "ASSIGNED":
            return ("ipa", rd, int(ipa))
        size = self.RttLevelSize(walk.level)
        return int(walk.rtte.addr) + (int(ipa) & (size - 1))

    @spec_function("RealmParams", "RmiRealmParamsAt", types=("RmiRealmParams",))
    def RealmParams(self, addr):
        return self.memory_object(addr, "RmiRealmParams")

    @spec_function("RecParams", "RmiRecParamsAt", types=("RmiRecParams",))
    def RecParams(self, addr):
        return self.memory_object(addr, "RmiRecParams")

    @spec_function("RecRun", "RmiRecRunAt", state=True, types=("RmiRecRun",))
    def RecRun(self, addr):
        return self.memory_object(addr, "RmiRecRun")


    @spec_function("RealmConfig", "RsiRealmConfigAt", state=True, types=("RsiRealmConfig",))
    def RealmConfig(self, addr):
        return self.memory_object(self.realm_pa(addr), "RsiRealmConfig")

    @spec_function("RealmHostCall", "RsiHostCallAt", state=True, types=("RsiHostCall",))
    def RealmHostCall(self, addr):
        return self.memory_object(self.realm_pa(addr), "RsiHostCall")


    @spec_function("RmiRealmParamsIsValid", types=("RmiRealmParams",))
    def RmiRealmParamsIsValid(self, addr) -> bool:
        """Valid encoding: every enumeration field holds one of its values."""
        return _valid_encoding(self.RealmParams(addr))

    # ---- addresses and platform ----

    @spec_function("AddrIsAligned")
    def AddrIsAligned(self, addr, n) -> bool:
        n = int(n)
        return n > 0 and int(addr) % n == 0

    @spec_function("AddrIsGranuleAligned")
    def AddrIsGranuleAligned(self, addr) -> bool:
        return int(addr) % self.platform.granule_size == 0

    @spec_function("PaIsDelegable", "PaIsDelegableDram")
    def PaIsDelegable(self, addr) -> bool:
        addr = int(addr)
        return 0 <= addr < (1 << self.platform.pa_width) and self.platform.is_delegable(addr)


    @spec_function("PaIsDelegableCohDevMem")
    def PaIsDelegableCohDevMem(self, addr) -> bool:
        return self.platform.is_device_memory(int(addr), coherent=True)

    @spec_function("PaIsDelegableNonCohDevMem")
    def PaIsDelegableNonCohDevMem(self, addr) -> bool:
        return self.platform.is_device_memory(int(addr), coherent=False)

    @spec_function("GranulesAllState")
    def GranulesAllState(self, base, top, state) -> bool:
        """Every Granule in [base, top) is in ``state``: the Granules the state knows are
        checked, the untouched ones are UNDELEGATED (ranges may span the PA space)."""
        size = self.platform.granule_size
        base, top = int(base), int(top)
        known = [g for pa, g in self.state.granules.items() if base <= pa < top]
        if not all(g.state == state for g in known):
            return False
        untouched = len(range(base, top, size)) - len(known)
        return untouched == 0 or state == self.E.UNDELEGATED

    # -- 1.1 objects: device assignment --

    @spec_function("PdevAt")
    def PdevAt(self, addr) -> Struct:
        return self.object_at(addr, "PDEV", "RmmPdev")

    @spec_function("VdevAt")
    def VdevAt(self, addr) -> Struct:
        return self.object_at(addr, "VDEV", "RmmVdev")

    @spec_function("VsmmuAt")
    def VsmmuAt(self, addr) -> Struct:
        return self.object_at(addr, "VSMMU", "RmmVsmmu")

    @spec_function("P2PStreamAt")
    def P2PStreamAt(self, addr) -> Struct:
        return self.object_at(addr, "P2P_STREAM", "RmmP2PStream")

    def _vdevs_of(self, realm: Struct):
        rd = realm._loc[1] if realm._loc else None
        return [vdev for _pa, vdev in self.live("VDEV") if int(vdev.realm) == rd]

    @spec_function("VdevFromVdevId")
    def VdevFromVdevId(self, realm, vdev_id) -> Struct:
        for vdev in self._vdevs_of(realm):
            if int(vdev.vdev_id) == int(vdev_id):
                return vdev
        raise Undefined(f"no VDEV {int(vdev_id):#x} is assigned to the Realm")

    @spec_function("VdevFromInstId")
    def VdevFromInstId(self, realm, inst_id) -> Struct:
        for vdev in self._vdevs_of(realm):
            if int(vdev.inst_id) == int(inst_id):
                return vdev
        raise Undefined(f"no VDEV with instance id {int(inst_id)} is assigned to the Realm")

    @spec_function("VdevIdIsValid")
    def VdevIdIsValid(self, realm, vdev_id) -> bool:
        return any(int(v.vdev_id) == int(vdev_id) for v in self._vdevs_of(realm))

    @spec_function("VdevIdsAreValid")
    def VdevIdsAreValid(self, realm, vdev_id, inst_id) -> bool:
        return any(
            int(v.vdev_id) == int(vdev_id) and int(v.inst_id) == int(inst_id)
            for v in self._vdevs_of(realm)
        )

    @spec_function("VsmmuIsLive")
    def VsmmuIsLive(self, addr) -> bool:
        """A VSMMU is live while a VDEV uses it."""
        self.VsmmuAt(addr)
        return any(int(getattr(v, "vsmmu_addr", 0)) == int(addr) for _pa, v in self.live("VDEV"))

    # -- 1.1: memory encryption contexts --

    @spec_function("MecMembers")
    def MecMembers(self, mecid) -> int:
        return sum(
            1 for _pa, realm in self.live("RD") if int(getattr(realm, "mecid", -1)) == int(mecid)
        )

    @spec_function("MecState")
    def MecState(self, mecid):
        """MECIDs in ``PlatformConfig.shared_mecids`` are shared; any other is private,
        assigned while a live Realm uses it."""
        if int(mecid) in self.platform.shared_mecids:
            return self.E.MEC_STATE_SHARED
        return (
            self.E.MEC_STATE_PRIVATE_ASSIGNED
            if self.MecMembers(mecid)
            else self.E.MEC_STATE_PRIVATE_UNASSIGNED
        )

    @spec_function("ImplFeatures")
    def ImplFeatures(self) -> Struct:
        features = self.platform.features
        values = {}
        for name, value in vars(features).items():
            values[name] = (
                (self.E.FEATURE_TRUE if value else self.E.FEATURE_FALSE)
                if isinstance(value, bool)
                else value
            )
        cls = getattr(self.T, "RmmFeatures", None)
        if cls is None or not isinstance(cls, type):
            return _Record("RmmFeatures", values)
        known = {f.name for f in cls._FIELDS}
        return cls(**{k: v for k, v in values.items() if k in known})

    @spec_function("RecAuxCount")
    def RecAuxCount(self, rd) -> int:
        return self.platform.rec_aux_count

    @spec_function("VmidIsValid")
    def VmidIsValid(self, vmid) -> bool:
        return 0 <= int(vmid) < (1 << self.platform.vmid_width)

    def _vmids_in_use(self) -> set[int]:
        used: set[int] = set()
        for _pa, realm in self.live("RD"):
            used.update(
                int(v) for v in (realm.vmid if isinstance(realm.vmid, list) else [realm.vmid])
            )
        return used

    @spec_function("VmidIsFree")
    def VmidIsFree(self, vmid) -> bool:
        return int(vmid) not in self._vmids_in_use()

    @spec_function("VmidsAreFree")
    def VmidsAreFree(self, vmid, aux_vmid=None) -> bool:
        """No live Realm uses any of the VMIDs (1.1: a primary VMID and one per Plane)."""
        wanted = [int(v) for v in (vmid if isinstance(vmid, list) else [vmid])] + [
            int(v) for v in aux_vmid or ()
        ]
        return not set(wanted) & self._vmids_in_use()

    @spec_function("VmidsAreValid")
    def VmidsAreValid(self, vmid, aux_vmid=None) -> bool:
        values = (vmid if isinstance(vmid, list) else [vmid]) + list(aux_vmid or ())
        return all(self.VmidIsValid(v) for v in values)

    @spec_function("Gicv3ConfigIsValid")
    def Gicv3ConfigIsValid(self, gicv3_hcr, gicv3_lrs) -> bool:
        """List registers beyond those the platform implements must be zero."""
        count = self.platform.features.gicv3_num_lrs
        return all(int(lr) == 0 for lr in list(gicv3_lrs)[count:])

    @spec_function("RealmParamsSupported")
    def RealmParamsSupported(self, value) -> bool:
        """The requested configuration is within ``ImplFeatures()``."""
        features = self.platform.features
        if int(getattr(value, "s2sz", 0)) > features.max_ipa_width:
            return False
        flags = getattr(value, "flags", None)
        wanted = {
            name: abstract_name(getattr(flags, name, None)) == "FEATURE_TRUE"
            for name in ("lpa2", "sve", "pmu")
        }
        if wanted["lpa2"] and not features.feat_lpa2:
            return False
        if wanted["sve"] and (
            not features.feat_sve or int(getattr(value, "sve_vl", 0)) > features.max_sve_vl
        ):
            return False
        if wanted["pmu"] and (
            not features.feat_pmu or int(getattr(value, "pmu_num_ctrs", 0)) > features.pmu_num_ctrs
        ):
            return False
        if (
            int(getattr(value, "num_bps", 0)) > features.num_bps
            or int(getattr(value, "num_wps", 0)) > features.num_wps
        ):
            return False
        algorithm = abstract_name(getattr(value, "hash_algo", None))
        return {"HASH_SHA_256": features.feat_sha_256, "HASH_SHA_512": features.feat_sha_512}.get(
            algorithm, False
        )

    # ---- RTT geometry ----

    def _level_shift(self, level) -> int:
        stride = self._granule_shift() - 3
        return self._granule_shift() + stride * (self.RMM_RTT_PAGE_LEVEL - int(level))

    def _entries_per_rtt(self) -> int:
        return self.platform.granule_size // 8

    @spec_function("RttLevelSize")
    def RttLevelSize(self, level) -> int:
        return 1 << self._level_shift(level)

    @spec_function("RttEntryIndex")
    def RttEntryIndex(self, addr, level) -> int:
        return (int(addr) >> self._level_shift(level)) & (self._entries_per_rtt() - 1)

    def _level_is_valid(self, level) -> bool:
        return -1 <= int(level) <= self.RMM_RTT_PAGE_LEVEL

    @spec_function("AddrIsRttLevelAligned")
    def AddrIsRttLevelAligned(self, addr, level) -> bool:
        return self._level_is_valid(level) and int(addr) % self.RttLevelSize(level) == 0

    @spec_function("AlignDownToRttLevel")
    def AlignDownToRttLevel(self, addr, level) -> int:
        size = self.RttLevelSize(level)
        return int(addr) // size * size

    @spec_function("AlignUpToRttLevel")
    def AlignUpToRttLevel(self, addr, level) -> int:
        size = self.RttLevelSize(level)
        return -(-int(addr) // size) * size

    @spec_function("RttUpperBound")
    def RttUpperBound(self, addr, level, ipa_width) -> int:
        """(eac5) The first IPA beyond the RTT at ``level`` holding ``addr``, capped at the
        IPA width (a starting-level RTT may extend beyond it)."""
        span = self.RttLevelSize(level) * self._entries_per_rtt()
        return min(int(addr) // span * span + span, 1 << int(ipa_width))

    @spec_function("RttLevelIsValid")
    def RttLevelIsValid(self, rd, level) -> bool:
        return int(self.Realm(rd).rtt_level_start) <= int(level) <= self.RMM_RTT_PAGE_LEVEL

    @spec_function("RttLevelIsStarting")
    def RttLevelIsStarting(self, rd, level) -> bool:
        return int(level) == int(self.Realm(rd).rtt_level_start)

    @spec_function("RttLevelIsBlockOrPage")
    def RttLevelIsBlockOrPage(self, rd, level) -> bool:
        self.Realm(rd)
        return self.RMM_RTT_BLOCK_LEVEL <= int(level) <= self.RMM_RTT_PAGE_LEVEL

    @spec_function("RttConfigIsValid")
    def RttConfigIsValid(self, ipa_width, rtt_level_start, rtt_num_start) -> bool:
        """Self-consistent and supported: the IPA width is supported, the starting level is
        valid, and ``rtt_num_start`` concatenated tables (at most 16) exactly cover it."""
        ipa_width, level, count = int(ipa_width), int(rtt_level_start), int(rtt_num_start)
        if not 32 <= ipa_width <= self.platform.features.max_ipa_width:
            return False
        lowest = -1 if self.platform.features.feat_lpa2 else 0
        if not lowest <= level <= self.RMM_RTT_PAGE_LEVEL:
            return False
        index_bits = ipa_width - self._level_shift(level)
        stride = self._granule_shift() - 3
        if index_bits <= 0 or index_bits > stride + 4:
            return False
        return count == 1 << max(0, index_bits - stride)

    # ---- RTT walk and entries ----

    @staticmethod
    def rtt_base(realm: Struct, tree: int = 0) -> int:
        """The base of RTT tree ``tree`` (1.1 Realms have one per Plane: ``rtt_base[4]``)."""
        base = realm.rtt_base
        return int(base[int(tree)]) if isinstance(base, list) else int(base)

    def walk(self, realm: Struct, addr, level, tree: int = 0) -> Struct:
        """Walk ``realm``'s RTTs towards ``addr`` down to ``level``: the walk stops early at
        an entry that is not a TABLE. The result's ``rtte`` is the live entry."""
        start, level, addr = int(realm.rtt_level_start), int(level), int(addr)
        if level < start:
            raise Undefined(f"RTT walk to level {level}, above the starting level {start}")
        table = addr >> (self._level_shift(start) + self._granule_shift() - 3)
        if table >= int(realm.rtt_num_start):
            raise Undefined(f"IPA {addr:#x} is beyond the starting-level RTTs")
        rtt_addr = self.rtt_base(realm, tree) + table * self.platform.granule_size
        current = start
        while True:
            entry = self.Rtt(rtt_addr).entries[self.RttEntryIndex(addr, current)]
            if current == level or _name(entry.state) != "TABLE":
                return self.T.RmmRttWalkResult(level=current, rtt_addr=rtt_addr, rtte=entry)
            rtt_addr = int(entry.addr)
            current += 1

    @spec_function("RttWalk", types=("RmmRttWalkResult",))
    def RttWalk(self, rd, addr, level=None, tree=None) -> Struct:
        realm = rd if isinstance(rd, Struct) else self.Realm(rd)
        return self.walk(
            realm, addr, self.RMM_RTT_PAGE_LEVEL if level is None else level, tree or 0
        )

    def _rtt(self, rtt) -> Struct:
        return rtt if isinstance(rtt, Struct) else self.Rtt(rtt)

    @spec_function("RttIsLive")
    def RttIsLive(self, rtt) -> bool:
        return any(
            _name(e.state) in ("ASSIGNED", "ASSIGNED_NS", "TABLE") for e in self._rtt(rtt).entries
        )

    @spec_function("RttIsHomogeneous")
    def RttIsHomogeneous(self, rtt) -> bool:
        """All entries in the same state; UNASSIGNED ones with the same RIPAS; ASSIGNED(_NS)
        ones with the same attributes and contiguous output addresses, aligned to the block
        the folded entry would map."""
        entries = self._rtt(rtt).entries
        first = entries[0]
        state = _name(first.state)
        if state not in ("UNASSIGNED", "UNASSIGNED_NS", "ASSIGNED", "ASSIGNED_NS"):
            return False
        if any(_name(e.state) != state for e in entries):
            return False
        if state in ("UNASSIGNED", "ASSIGNED") and any(e.ripas != first.ripas for e in entries):
            return False
        if state.startswith("ASSIGNED"):
            size = int(entries[1].addr) - int(first.addr)
            if size <= 0 or size & (size - 1) or int(first.addr) % (size * len(entries)):
                return False
            for i, e in enumerate(entries):
                if (
                    int(e.addr) != int(first.addr) + i * size
                    or e.MemAttr != first.MemAttr
                    or e.S2AP != first.S2AP
                ):
                    return False
        return True

    @spec_function("RttFold", types=("RmmRttEntry",))
    def RttFold(self, rtt) -> Struct:
        entries = self._rtt(rtt).entries
        folded = entries[0].copy()
        object.__setattr__(folded, "_loc", None)
        return folded

    @spec_function("RttSkipEntriesUnlessState")
    def RttSkipEntriesUnlessState(self, rtt, level, ipa, state) -> int:
        return self._skip(rtt, level, ipa, lambda e: e.state == state)

    @spec_function("RttSkipEntriesUnlessRipas")
    def RttSkipEntriesUnlessRipas(self, rtt, level, ipa, ripas) -> int:
        return self._skip(rtt, level, ipa, lambda e: e.ripas == ripas)

    def _skip(self, rtt, level, ipa, stop) -> int:
        entries = self._rtt(rtt).entries
        size = self.RttLevelSize(level)
        first = self.RttEntryIndex(ipa, level)
        base = self.AlignDownToRttLevel(ipa, level)
        for i in range(first, len(entries)):
            if stop(entries[i]):
                return base + (i - first) * size
        return base + (len(entries) - first) * size

    def _entries_in_range(self, rtt, level, base, top):
        entries = self._rtt(rtt).entries
        size = self.RttLevelSize(level)
        ipa = self.AlignDownToRttLevel(base, level)
        while ipa < int(top):
            yield entries[self.RttEntryIndex(ipa, level)]
            ipa += size

    @spec_function("RttSkipEntriesIfNotState")
    def RttSkipEntriesIfNotState(self, rtt, level, base, top, state) -> int:
        """The IPA of the first entry in [base, top) whose state is not ``state`` (or the end
        of the scan: ``top`` or the end of the RTT)."""
        end = self._skip(rtt, level, base, lambda e: e.state != state)
        return min(end, int(top))

    @spec_function("AddrIsAuxLive")
    def AddrIsAuxLive(self, addr, realm) -> bool:
        """Live in an auxiliary RTT tree (one per auxiliary Plane, when the Realm has them)."""
        trees = int(getattr(realm, "num_aux_planes", 0)) if isinstance(realm.rtt_base, list) else 0
        for tree in range(1, trees + 1):
            try:
                walk = self.walk(realm, addr, self.RMM_RTT_PAGE_LEVEL, tree)
            except Undefined:
                continue
            if _name(walk.rtte.state) in ("ASSIGNED", "ASSIGNED_NS", "TABLE"):
                return True
        return False

    @spec_function("AddrRangeIsAuxLive")
    def AddrRangeIsAuxLive(self, base, top, realm) -> bool:
        trees = int(getattr(realm, "num_aux_planes", 0)) if isinstance(realm.rtt_base, list) else 0
        if not trees:
            return False
        size = self.platform.granule_size
        top = min(int(top), 1 << int(realm.ipa_width))  # no IPA beyond the Realm's width is live
        return any(self.AddrIsAuxLive(ipa, realm) for ipa in asl.bounded(range(int(base), top, size)))

    @spec_function("RttEntriesInRangeRipas")
    def RttEntriesInRangeRipas(self, rtt, level, base, top, ripas) -> bool:
        return all(e.ripas == ripas for e in self._entries_in_range(rtt, level, base, top))

    @establishes("RttEntriesInRangeRipas")
    def establish_RttEntriesInRangeRipas(self, rtt, level, base, top, ripas) -> None:
        for entry in self._entries_in_range(rtt, level, base, top):
            self.write(entry, "ripas", ripas)

    @spec_function("RttAllEntriesRipas")
    def RttAllEntriesRipas(self, rtt, ripas) -> bool:
        return all(e.ripas == ripas for e in self._rtt(rtt).entries)

    @establishes("RttAllEntriesRipas")
    def establish_RttAllEntriesRipas(self, rtt, ripas) -> None:
        for entry in self._rtt(rtt).entries:
            self.write(entry, "ripas", ripas)

    @spec_function("RttAllEntriesState")
    def RttAllEntriesState(self, rtt, state) -> bool:
        return all(e.state == state for e in self._rtt(rtt).entries)

    @establishes("RttAllEntriesState")
    def establish_RttAllEntriesState(self, rtt, state) -> None:
        for entry in self._rtt(rtt).entries:
            self.write(entry, "state", state)

    @spec_function("RttAllEntriesContiguous")
    def RttAllEntriesContiguous(self, rtt, addr, level) -> bool:
        size = self.RttLevelSize(level)
        return all(
            int(e.addr) == int(addr) + i * size for i, e in enumerate(self._rtt(rtt).entries)
        )

    @establishes("RttAllEntriesContiguous")
    def establish_RttAllEntriesContiguous(self, rtt, addr, level) -> None:
        size = self.RttLevelSize(level)
        for i, entry in enumerate(self._rtt(rtt).entries):
            self.write(entry, "addr", int(addr) + i * size)

    # starting-level RTTs of a Realm (REALM_CREATE / REALM_DESTROY)

    def _starting_entries(self, rtt_base, rtt_num_start):
        """(entry, IPA, protected) of every entry of the starting-level RTTs at
        ``rtt_base``, found through the Realm whose RTT base it is."""
        realm = next((r for _pa, r in self.live("RD") if self.rtt_base(r) == int(rtt_base)), None)
        if realm is None:
            raise Undefined(f"no Realm has its RTT base at {int(rtt_base):#x}")
        level = int(realm.rtt_level_start)
        size = self.RttLevelSize(level)
        per_table = self._entries_per_rtt()
        protected_top = 1 << (int(realm.ipa_width) - 1) if int(realm.ipa_width) > 0 else 0
        for table in range(int(rtt_num_start)):
            rtt = self.Rtt(int(rtt_base) + table * self.platform.granule_size)
            for i, entry in enumerate(rtt.entries):
                ipa = (table * per_table + i) * size
                yield entry, ipa, ipa < protected_top

    @spec_function("RttsAllProtectedEntriesState")
    def RttsAllProtectedEntriesState(self, rtt_base, rtt_num_start, state) -> bool:
        return all(
            e.state == state for e, _ipa, p in self._starting_entries(rtt_base, rtt_num_start) if p
        )

    @establishes("RttsAllProtectedEntriesState")
    def establish_RttsAllProtectedEntriesState(self, rtt_base, rtt_num_start, state) -> None:
        for entry, _ipa, protected in self._starting_entries(rtt_base, rtt_num_start):
            if protected:
                self.write(entry, "state", state)

    @spec_function("RttsAllUnprotectedEntriesState")
    def RttsAllUnprotectedEntriesState(self, rtt_base, rtt_num_start, state) -> bool:
        return all(
            e.state == state
            for e, _ipa, p in self._starting_entries(rtt_base, rtt_num_start)
            if not p
        )

    @establishes("RttsAllUnprotectedEntriesState")
    def establish_RttsAllUnprotectedEntriesState(self, rtt_base, rtt_num_start, state) -> None:
        for entry, _ipa, protected in self._starting_entries(rtt_base, rtt_num_start):
            if not protected:
                self.write(entry, "state", state)

    @spec_function("RttsAllProtectedEntriesRipas")
    def RttsAllProtectedEntriesRipas(self, rtt_base, rtt_num_start, ripas) -> bool:
        return all(
            e.ripas == ripas for e, _ipa, p in self._starting_entries(rtt_base, rtt_num_start) if p
        )

    @establishes("RttsAllProtectedEntriesRipas")
    def establish_RttsAllProtectedEntriesRipas(self, rtt_base, rtt_num_start, ripas) -> None:
        for entry, _ipa, protected in self._starting_entries(rtt_base, rtt_num_start):
            if protected:
                self.write(entry, "ripas", ripas)

    @establishes("RttsStateEqual")
    def establish_RttsStateEqual(self, rtt_base, rtt_num_start, state) -> None:
        for i in range(int(rtt_num_start)):
            self.write(self.Granule(int(rtt_base) + i * self.platform.granule_size), "state", state)

    @spec_function("RttsGranuleState")
    def RttsGranuleState(self, rtt_base, rtt_num_start) -> tuple:
        size = self.platform.granule_size
        return tuple(
            self.Granule(int(rtt_base) + i * size).state for i in range(int(rtt_num_start))
        )

    @locates("RttsGranuleState")
    def loc_RttsGranuleState(self, rtt_base, rtt_num_start) -> list[tuple]:
        size = self.platform.granule_size
        return [
            ("granule", self._granule_key(int(rtt_base) + i * size), "state")
            for i in range(int(rtt_num_start))
        ]

    @spec_function("RealmIsLive")
    def RealmIsLive(self, addr) -> bool:
        """A Realm is live while it owns RECs or any of its starting-level RTTs is live."""
        realm = self.Realm(addr)
        if int(realm.num_recs) != 0:
            return True
        size = self.platform.granule_size
        return any(
            self.RttIsLive(self.rtt_base(realm) + i * size) for i in range(int(realm.rtt_num_start))
        )

    # ---- RTT descriptors ----

    @spec_function("RttEntryFromDescriptor", types=("RmmRttEntry",), inverse="RttEntryToDescriptor")
    def RttEntryFromDescriptor(self, desc) -> Struct:
        desc = int(desc)
        entry = self.T.RmmRttEntry()
        entry.MemAttr = (desc & _field_mask(_DESC_MEMATTR)) >> _DESC_MEMATTR[1]
        entry.S2AP = (desc & _field_mask(_DESC_S2AP)) >> _DESC_S2AP[1]
        entry.addr = desc & _field_mask(_DESC_ADDR)
        return entry

    @spec_function("RttEntryToDescriptor")
    def RttEntryToDescriptor(self, entry) -> int:
        """Inverse of RttEntryFromDescriptor (for the output view of RMI_RTT_READ_ENTRY)."""
        desc = (int(entry.MemAttr or 0) << _DESC_MEMATTR[1]) & _field_mask(_DESC_MEMATTR)
        desc |= (int(entry.S2AP or 0) << _DESC_S2AP[1]) & _field_mask(_DESC_S2AP)
        return desc | (int(entry.addr or 0) & _field_mask(_DESC_ADDR))

    @spec_function("RttDescriptorIsValidForUnprotected")
    def RttDescriptorIsValidForUnprotected(self, desc) -> bool:
        allowed = _field_mask(_DESC_MEMATTR) | _field_mask(_DESC_S2AP) | _field_mask(_DESC_ADDR)
        return int(desc) & ~allowed == 0

    # ---- RECs and auxiliary Granules ----

    @spec_function("AuxSort")
    def AuxSort(self, addrs, count):
        count = int(count)
        return sorted(int(a) for a in list(addrs)[:count]) + list(addrs)[count:]

    @establishes("AuxStateEqual")
    def establish_AuxStateEqual(self, aux, count, state) -> None:
        for addr in list(aux)[: int(count)]:
            self.write(self.Granule(addr), "state", state)

    @establishes("AuxEqual", references=(0,))
    def establish_AuxEqual(self, ref: Ref, aux2, count) -> None:
        values = list(ref.get())
        for i in range(int(count)):
            values[i] = aux2[i]
        self.write(ref.container, ref.key, values)

    @spec_function("AuxStates")
    def AuxStates(self, aux, count) -> tuple:
        return tuple(self.Granule(addr).state for addr in list(aux)[: int(count)])

    @locates("AuxStates")
    def loc_AuxStates(self, aux, count) -> list[tuple]:
        return [("granule", self._granule_key(addr), "state") for addr in list(aux)[: int(count)]]

    @establishes("MpidrEqual", references=(0,))
    def establish_MpidrEqual(self, ref: Ref, rmi_mpidr) -> None:
        value = (
            int(rmi_mpidr.aff0)
            | int(rmi_mpidr.aff1) << 8
            | int(rmi_mpidr.aff2) << 16
            | int(rmi_mpidr.aff3) << 24
        )
        self.write(ref.container, ref.key, value)

    def recs_of(self, rd: int):
        return [(pa, rec) for pa, rec in self.live("REC") if int(rec.owner) == int(rd)]

    @staticmethod
    def _affinity(mpidr) -> int:
        return int(mpidr) & 0xFFFF_FF0F

    @spec_function("MpidrIsUsed")
    def MpidrIsUsed(self, mpidr) -> bool:
        rd = int(self.CurrentRec().owner)
        return any(
            self._affinity(rec.mpidr) == self._affinity(mpidr) for _pa, rec in self.recs_of(rd)
        )

    @spec_function("RecFromMpidr", state=True)
    def RecFromMpidr(self, mpidr) -> Struct:
        rd = int(self.CurrentRec().owner)
        for _pa, rec in self.recs_of(rd):
            if self._affinity(rec.mpidr) == self._affinity(mpidr):
                return rec
        raise Undefined(f"no REC of the current Realm has MPIDR {int(mpidr):#x}")

    @spec_function("PsciReturnCodeEncode")
    def PsciReturnCodeEncode(self, value) -> int:
        if not isinstance(value, int):
            raise NotModelled(
                "PsciReturnCodeEncode", detail=f"{value!r} has no encoding in this revision"
            )
        return int(value) & MASK64

    # ---- results and equality ----

    def make_result(self, status, index=0):
        cls = getattr(self.T, "RmiCommandReturnCode", None)
        if isinstance(cls, type) and issubclass(cls, Fieldset) and isinstance(status, int):
            return cls(status=status, index=int(index))
        return ReturnCode(status, int(index))

    @spec_function("ResultEqual")
    def ResultEqual(self, result, status, index=0) -> bool:
        if result is None:
            return False
        return result.status == status and int(result.index) == int(index)

    @establishes("ResultEqual", references=(0,))
    def establish_ResultEqual(self, ref: Ref, status, index=0) -> None:
        self.write(ref.container, ref.key, self.make_result(status, index))

    @spec_function("Equal")
    def Equal(self, a, b) -> bool:
        """Equality across an RMM enumeration and its RMI/RSI encoding (by member name)."""
        if isinstance(a, (enum.Enum, Symbol)) or isinstance(b, (enum.Enum, Symbol)):
            return abstract_name(a) == abstract_name(b)
        return a == b

    @establishes("Equal", references=(0,))
    def establish_Equal(self, ref: Ref, value) -> None:
        self.write(ref.container, ref.key, self.convert_like(ref.get(), value))

    def convert_like(self, current, value):
        """``value`` as a member of ``current``'s enumeration (by RMM name), or, when the
        place holds no enumeration value yet, as the RMM constant of that name."""
        if not isinstance(value, (enum.Enum, Symbol)):
            return value
        wanted = abstract_name(value)
        if isinstance(current, enum.Enum):
            for member in type(current):
                if abstract_name(member) == wanted:
                    return member
            raise ModelError(f"{type(current).__name__} has no member for {value!r}")
        return getattr(self.E, wanted)

    # ---- measurements ----

    def _realm_hash(self, realm):
        return getattr(realm, "hash_algo", None)

    @spec_function("RimInit")
    def RimInit(self, hash_algo, params) -> int:
        return measure.digest(hash_algo, _struct_bytes(params))

    @spec_function("RimExtendData")
    def RimExtendData(self, realm, ipa, data, flags) -> int:
        measured = abstract_name(getattr(flags, "measure", None)) == "MEASURE_CONTENT"
        content = (
            measure.digest(self._realm_hash(realm), self.granule_bytes(data)) if measured else 0
        )
        flags_value = flags.encode() if isinstance(flags, Fieldset) else int(flags)
        desc = measure.descriptor(0, int(realm.measurements[0]), int(ipa), flags_value, content)
        return measure.digest(self._realm_hash(realm), desc)

    @spec_function("RimExtendRec")
    def RimExtendRec(self, realm, params) -> int:
        content = measure.digest(self._realm_hash(realm), _struct_bytes(params))
        desc = measure.descriptor(1, int(realm.measurements[0]), content)
        return measure.digest(self._realm_hash(realm), desc)

    @spec_function("RimExtendRipasForEntry")
    def RimExtendRipasForEntry(self, rim, ipa, level) -> int:
        desc = measure.descriptor(2, int(rim), int(ipa), int(ipa) + self.RttLevelSize(level))
        return measure.digest(self._current_hash_algo, desc)

    @spec_function("RemExtend")
    def RemExtend(self, hash_algo, old_value, new_value, size) -> int:
        size = max(0, min(int(size), measure.MEASUREMENT_BYTES))
        new = int(new_value) & ((1 << (8 * size)) - 1)
        return measure.digest(hash_algo, measure.as_bytes(old_value) + measure.as_bytes(new))

    _current_hash_algo = None  # RimExtendRipasForEntry has no hash argument: SHA-256

    @spec_function("ReadMemory")
    def ReadMemory(self, addr, offset, size) -> int:
        """``size`` bytes of memory at ``addr + offset`` (little-endian)."""
        start = int(offset)
        data = self.granule_bytes(int(addr))
        return int.from_bytes(data[start : start + int(size)].ljust(int(size), b"\0"), "little")

    def granule_bytes(self, addr) -> bytes:
        held = self.state.memory.get(int(addr))
        if isinstance(held, (bytes, bytearray)):
            return bytes(held)
        if isinstance(held, Struct):
            return _struct_bytes(held)
        return bytes(self.platform.granule_size)


class _Record:
    """Attribute bag standing for a struct a revision does not define."""

    def __init__(self, type_name: str, values: dict):
        self._type_name = type_name
        self.__dict__.update(values)

    def __repr__(self):
        return f"{self._type_name}({', '.join(f'{k}={v!r}' for k, v in vars(self).items() if not k.startswith('_'))})"


def _struct_bytes(value) -> bytes:
    if isinstance(value, Struct) and value._SIZE is not None:
        return value.to_bytes()
    return repr(value).encode()


def _valid_encoding(value) -> bool:
    """Every enumeration-typed field holds a member (not a raw, unknown encoding)."""
    if isinstance(value, Fieldset):
        fields = [getattr(value, f.name) for f in value._FIELDS if f.decode is not int]
        return all(isinstance(v, enum.Enum) for v in fields)
    if isinstance(value, Struct):
        for field in value._FIELDS:
            item = getattr(value, field.name)
            items = item if isinstance(item, list) else [item]
            for element in items:
                if (
                    isinstance(field.codec, type)
                    and issubclass(field.codec, EncodedEnum)
                    and not isinstance(element, enum.Enum)
                ):
                    return False
                if isinstance(element, (Struct, Fieldset)) and not _valid_encoding(element):
                    return False
        return True
    return True


__all__ = [
    "SPEC_CONSTANTS",
    "Ref",
    "ReturnCode",
    "Semantics",
    "Vocabulary",
    "copy_value",
]
