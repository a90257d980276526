"""The state every conformance test starts from, as data, and the values it offers.

Why one shared world instead of a state per test: a failure condition is found by changing
*inputs* (which Granule, which IPA, which REC) against a rich fixed state, so the search is
over small typed candidate sets, and a test is "this world, these registers". The world has
a Granule in every state, a Realm in every Realm state — each with the same RTT layout
(a level 3 RTT with entries in every RTT entry state and RIPAS, a homogeneous level 3 RTT
that can be folded, an unprotected mapping) and RECs (runnable, not runnable, running) —
and Non-secure pages for host data structures.

The world is a tuple of set-up steps (``{"op": "realm", "rd": …}``): plain data that the
generated tests carry, that the model adapter replays with ``StateBuilder``, and that an
adapter for another RMM can replay with RMI commands.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
#: RECs of each Realm: (name, state, runnable, further fields). The pending PSCI request
#: is PSCI_CPU_ON (SMC64) of the first REC; the pending RIPAS change covers the page RTT.
PSCI_CPU_ON_SMC64 = 0xC400_0003
RECS = (
    ("rec_runnable", "REC_READY", True, {}),
    ("rec_not_runnable", "REC_READY", False, {}),
    ("rec_running", "REC_RUNNING", True, {}),
    ("rec_psci_pending", "REC_READY", True, {"psci_pending": "PSCI_REQUEST_PENDING", "gprs": [PSCI_CPU_ON_SMC64, 1]}),
    ("rec_attesting", "REC_READY", True, {"attest_state": "ATTEST_IN_PROGRESS"}),
    (
        "rec_ripas_pending",
        "REC_READY",
        True,
        {"ripas_addr": 0x3000, "ripas_top": 0x6000, "ripas_value": "RAM"},
    ),
)
NON_DELEGABLE_PA = 0x1000  # Non-secure memory outside the delegable range
HOST_PAGES = 4  # Non-secure pages a test may fill with host data structures
DELEGATED_RUN = 16  # aligned run of DELEGATED Granules (starting-level RTTs of a new Realm)


@dataclass(frozen=True)
class World:
    """Set-up steps, and the named values of the world the search draws candidates from."""

    steps: tuple[dict, ...]
    addresses: tuple[tuple[str, int], ...]  # name -> PA or IPA
    integers: tuple[tuple[str, int], ...]  # name -> MPIDR, VMID … present in the world
    callers: tuple[tuple[str, int], ...]  # RECs a Realm can issue RSI/PSCI commands from
    host_pages: tuple[int, ...]  # Non-secure pages for host data structures
    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()  # Realm tag -> names of its objects
    granules: tuple[tuple[str, tuple[int, ...]], ...] = ()  # Granule state -> PAs in it
    names: dict = field(default_factory=dict, compare=False)  # value -> name (for comments)


class _Allocator:
    def __init__(self, base: int, granule: int):
        self.next, self.granule = base, granule

    def take(self, count: int = 1, align: int = 1) -> int:
        step = align * self.granule
        start = -(-self.next // step) * step
        self.next = start + count * self.granule
        return start


def _enum_names(model, type_name: str) -> list[str]:
    cls = getattr(model.T, type_name, None)
    return [member.name for member in cls] if isinstance(cls, type) else []


def plan_world(model) -> World:
    """The world for ``model``'s revision and platform (deterministic)."""
    platform = model.platform
    size = platform.granule_size
    base = min(start for start, _size in platform.delegable)
    alloc = _Allocator(base, size)
    steps: list[dict] = []
    addresses: dict[str, int] = {}
    integers: dict[str, int] = {}
    callers: dict[str, int] = {}

    granule_states = _enum_names(model, "RmmGranuleState")
    structured = {"RD", "REC", "REC_AUX", "RTT", "DATA", "UNDELEGATED"}
    for name in ("UNDELEGATED", "DELEGATED"):
        for i in range(2):
            pa = alloc.take()
            addresses[f"{name.lower()}_{i}"] = pa
            steps.append({"op": "granule", "pa": pa, "state": name})
    run = alloc.take(DELEGATED_RUN, align=DELEGATED_RUN)
    addresses["delegated_run"] = run
    for i in range(DELEGATED_RUN):
        steps.append({"op": "granule", "pa": run + i * size, "state": "DELEGATED"})
    for name in granule_states:
        if name not in structured and name != "DELEGATED":
            pa = alloc.take()
            addresses[f"granule_{name.lower()}"] = pa
            steps.append({"op": "granule", "pa": pa, "state": name})

    realm_states = _enum_names(model, "RmmRealmState") or ["REALM_NEW"]
    aux_count = int(platform.rec_aux_count)
    num_start = next(
        (n for n in (1, 2, 4, 8, 16) if model.RttConfigIsValid(IPA_WIDTH, RTT_LEVEL_START, n)), 1
    )
    unprotected = 1 << (IPA_WIDTH - 1)

    def add_realm(tag: str, realm_state: str, vmid: int) -> int:
        rd = alloc.take()
        rtt_base = alloc.take(num_start, align=num_start)
        addresses[f"rd_{tag}"], addresses[f"rtt_root_{tag}"] = rd, rtt_base
        integers[f"vmid_{tag}"] = vmid
        steps.append(
            {
                "op": "realm",
                "rd": rd,
                "rtt_base": rtt_base,
                "ipa_width": IPA_WIDTH,
                "rtt_level_start": RTT_LEVEL_START,
                "rtt_num_start": num_start,
                "state": realm_state,
                "vmid": vmid,
            }
        )
        return rd

    for vmid, realm_state in enumerate(realm_states, start=1):
        tag = realm_state.lower().removeprefix("realm_")
        rd = add_realm(tag, realm_state, vmid)
        for ipa, label in ((PAGE_RTT_IPA, "page"), (FOLDABLE_IPA, "foldable"), (unprotected, "ns")):
            for level in (2, 3):
                if level == 2 and ipa == FOLDABLE_IPA:
                    continue  # shares the level 2 RTT of PAGE_RTT_IPA
                pa = alloc.take()
                addresses[f"rtt_l{level}_{label}_{tag}"] = pa
                steps.append({"op": "rtt", "rd": rd, "ipa": ipa, "level": level, "pa": pa})
        steps.append(
            {"op": "entries", "rd": rd, "ipa": FOLDABLE_IPA, "level": 3, "count": 512, "ripas": "RAM"}
        )
        for index, entry_state, ripas, with_data in PAGE_ENTRIES:
            ipa = PAGE_RTT_IPA + index * size
            if with_data:
                pa = alloc.take()
                addresses[f"data_{ripas.lower()}_{tag}"] = pa
                steps.append({"op": "data", "rd": rd, "ipa": ipa, "pa": pa, "ripas": ripas})
            else:
                steps.append(
                    {"op": "entry", "rd": rd, "ipa": ipa, "level": 3, "state": entry_state, "ripas": ripas}
                )
        ns_pa = alloc.take()
        steps.append(
            {"op": "entry", "rd": rd, "ipa": unprotected + size, "level": 3, "state": "ASSIGNED_NS", "addr": ns_pa}
        )
        for mpidr, (name, rec_state, runnable, fields) in enumerate(RECS):
            pa = alloc.take()
            aux = [alloc.take() for _ in range(aux_count)]
            addresses[f"{name}_{tag}"] = pa
            if aux:
                addresses[f"rec_aux_{name}_{tag}"] = aux[0]
            integers[f"mpidr_{name}"] = mpidr
            steps.append(
                {
                    "op": "rec",
                    "rd": rd,
                    "pa": pa,
                    "mpidr": mpidr,
                    "state": rec_state,
                    "runnable": runnable,
                    "aux": aux,
                    "fields": fields,
                }
            )
            if rec_state == "REC_READY":
                callers[f"{name}_{tag}"] = pa
        integers[f"rec_index_{tag}"] = len(RECS)
    add_realm("empty", realm_states[0], len(realm_states) + 1)  # nothing in it but its starting-level RTTs
    host = tuple(alloc.take() for _ in range(HOST_PAGES))
    for i, pa in enumerate(host):
        addresses[f"host_page_{i}"] = pa
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
    addresses.update(ipas)
    for name in sorted(ipas):  # an unaligned IPA in each kind of place
        if name != "ipa_beyond_width":
            addresses[name + "_unaligned"] = ipas[name] + 8
    addresses["pa_non_delegable"] = NON_DELEGABLE_PA
    addresses["pa_beyond_width"] = 1 << platform.pa_width
    first_rd = "rd_" + realm_states[0].lower().removeprefix("realm_")
    first = realm_states[0].lower().removeprefix("realm_")
    for name in ("undelegated_0", "delegated_0", "host_page_0", first_rd, f"rec_runnable_{first}",
                 f"rtt_l3_page_{first}", f"data_ram_{first}"):
        addresses[name + "_unaligned"] = addresses[name] + size // 2
    integers.update(ipa_width=IPA_WIDTH, rtt_level_start=RTT_LEVEL_START, rtt_num_start=num_start)
    tags = [state.lower().removeprefix("realm_") for state in realm_states] + ["empty"]
    groups = tuple(
        (tag, tuple(name for name in sorted(addresses) if name.endswith("_" + tag))) for tag in tags
    )
    by_state: dict[str, list[int]] = {}
    for step in steps:
        for state, pa in _granules_of(step):
            by_state.setdefault(state, []).append(pa)
    names = {}
    for mapping in (addresses, integers):
        for name, value in mapping.items():
            names.setdefault(value, name)
    return World(
        steps=tuple(steps),
        addresses=tuple(sorted(addresses.items(), key=lambda kv: (kv[1], kv[0]))),
        integers=tuple(sorted(integers.items(), key=lambda kv: (kv[1], kv[0]))),
        callers=tuple(callers.items()),
        host_pages=host,
        groups=groups,
        granules=tuple((state, tuple(sorted(pas))) for state, pas in sorted(by_state.items())),
        names=names,
    )


def _granules_of(step: dict) -> list[tuple[str, int]]:
    """(Granule state, PA) of the Granules a set-up step puts in a state."""
    op = step["op"]
    if op == "granule":
        return [(step["state"], step["pa"])]
    if op == "realm":
        return [("RD", step["rd"])]
    if op == "rtt":
        return [("RTT", step["pa"])]
    if op == "data":
        return [("DATA", step["pa"])]
    if op == "rec":
        return [("REC", step["pa"])] + [("REC_AUX", pa) for pa in step["aux"]]
    return []


