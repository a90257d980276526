"""Direct construction of model states, without running commands.

Why: a unit test of one command of the model needs a Realm with a given RTT shape, a REC
in a given state — building them through the whole command sequence would make every such
test depend on every other command. These helpers write the state as the success
conditions of the creating commands would leave it. Fields a revision does not have are
skipped. The conformance suites never use them: their world is reached through the
interface (``specgen.conformance.world``).
"""

from __future__ import annotations

from specgen_runtime.errors import ModelError
from specgen_runtime.values import Struct, copy_value, decode_member


def _set(obj: Struct, **values) -> None:
    names = {f.name for f in obj._FIELDS}
    for name, value in values.items():
        if name in names:
            setattr(obj, name, value)


class StateBuilder:
    def __init__(self, model):
        self.model = model

    def _e(self, name: str):
        return getattr(self.model.E, name)

    def _value(self, value):
        """A field value given in a set-up step: enum members by name, others as they are."""
        return self._e(value) if isinstance(value, str) else value

    def granule(self, pa: int, state: str = "DELEGATED", gpt: str | None = None) -> Struct:
        """Granule ``pa`` in ``state`` (GPT_REALM unless UNDELEGATED)."""
        granule = self.model.Granule(pa)
        granule.state = self._e(state)
        _set(granule, gpt=self._e(gpt or ("GPT_NS" if state == "UNDELEGATED" else "GPT_REALM")))
        return granule

    def realm(
        self,
        rd: int,
        *,
        rtt_base: int,
        ipa_width: int = 40,
        rtt_level_start: int = 1,
        rtt_num_start: int | None = None,
        state: str = "REALM_NEW",
        vmid: int = 1,
        hash_algo: str = "HASH_SHA_256",
        lpa2: bool = False,
    ) -> Struct:
        """An RD at ``rd`` with its starting-level RTTs at ``rtt_base`` (entries of
        protected IPAs UNASSIGNED with RIPAS EMPTY, the others UNASSIGNED_NS)."""
        m = self.model
        if rtt_num_start is None:
            rtt_num_start = next(
                (n for n in (1, 2, 4, 8, 16) if m.RttConfigIsValid(ipa_width, rtt_level_start, n)),
                1,
            )
        self.granule(rd, "RD")
        realm = m.Realm(rd)
        _set(
            realm,
            state=self._e(state),
            ipa_width=ipa_width,
            rtt_base=rtt_base,
            rtt_level_start=rtt_level_start,
            rtt_num_start=rtt_num_start,
            vmid=vmid,
            hash_algo=self._e(hash_algo),
            feat_lpa2=self._e("FEATURE_TRUE" if lpa2 else "FEATURE_FALSE"),
            rec_index=0,
            num_recs=0,
        )
        for i in range(rtt_num_start):
            self.granule(rtt_base + i * m.platform.granule_size, "RTT")
        for entry, _ipa, protected in m._starting_entries(rtt_base, rtt_num_start):
            entry.state = self._e("UNASSIGNED" if protected else "UNASSIGNED_NS")
            entry.ripas = self._e("EMPTY")
        return realm

    def rtt(self, rd: int, ipa: int, level: int, pa: int) -> Struct:
        """An RTT at ``pa`` mapping ``ipa`` at ``level``, unfolded from its parent entry."""
        m = self.model
        walk = m.walk(m.Realm(rd), ipa, level - 1)
        if int(walk.level) != level - 1 or walk.rtte.state == self._e("TABLE"):
            raise ModelError(
                f"cannot add an RTT for {ipa:#x} at level {level}: the walk stops at level {walk.level}"
            )
        parent = walk.rtte
        self.granule(pa, "RTT")
        child = m.Rtt(pa)
        size = m.RttLevelSize(level)
        copied = [f.name for f in type(parent)._FIELDS if f.name != "addr"]
        for i, entry in enumerate(child.entries):
            for name in copied:  # state, RIPAS, attributes (whichever the revision has)
                setattr(entry, name, copy_value(getattr(parent, name)))
            entry.addr = (
                int(parent.addr) + i * size
                if parent.state in (self._e("ASSIGNED"), self._e("ASSIGNED_NS"))
                else 0
            )
        parent.state, parent.addr = self._e("TABLE"), pa
        return child

    def data(self, rd: int, ipa: int, pa: int, ripas: str = "RAM") -> Struct:
        """A DATA Granule at ``pa`` mapped at protected ``ipa`` (the page-level RTT must exist)."""
        m = self.model
        walk = m.walk(m.Realm(rd), ipa, m.RMM_RTT_PAGE_LEVEL)
        if int(walk.level) != m.RMM_RTT_PAGE_LEVEL:
            raise ModelError(f"no page-level RTT for {ipa:#x} (walk stops at level {walk.level})")
        self.granule(pa, "DATA")
        _set(walk.rtte, state=self._e("ASSIGNED"), addr=pa, ripas=self._e(ripas))
        return walk.rtte

    def entry(self, rd: int, ipa: int, level: int, **fields) -> Struct:
        """Set fields of the RTT entry mapping ``ipa`` at ``level`` (the RTT must exist):
        enum fields by name (``state="ASSIGNED_NS"``), others as values."""
        walk = self._walk_to(rd, ipa, level)
        for name, value in fields.items():
            _set(walk.rtte, **{name: self._value(value)})
        return walk.rtte

    def entries(self, rd: int, ipa: int, level: int, count: int, **fields) -> None:
        """Set fields of ``count`` consecutive RTT entries from ``ipa`` at ``level``."""
        step = self.model.RttLevelSize(level)
        for i in range(count):
            self.entry(rd, ipa + i * step, level, **fields)

    def _walk_to(self, rd: int, ipa: int, level: int):
        m = self.model
        walk = m.walk(m.Realm(rd), ipa, level)
        if int(walk.level) != level:
            raise ModelError(f"no level {level} RTT maps {ipa:#x} (walk stops at level {walk.level})")
        return walk

    def rec(
        self,
        rd: int,
        pa: int,
        *,
        mpidr: int = 0,
        pc: int = 0,
        runnable: bool = True,
        state: str = "REC_READY",
        aux: tuple[int, ...] = (),
        gprs: tuple[int, ...] = (),
        fields: dict | None = None,
    ) -> Struct:
        """A REC at ``pa`` owned by the Realm at ``rd`` (its auxiliary Granules REC_AUX);
        ``fields`` sets further fields of the REC (``psci_pending="PSCI_REQUEST_PENDING"``)."""
        m = self.model
        realm = m.Realm(rd)
        if len(aux) != m.RecAuxCount(rd):
            raise ModelError(
                f"a REC needs {m.RecAuxCount(rd)} auxiliary Granules on this platform, not {len(aux)}"
            )
        self.granule(pa, "REC")
        rec = m.Rec(pa)
        registers = list(gprs) + [0] * (len(rec.gprs) - len(gprs))
        _set(
            rec,
            owner=rd,
            mpidr=mpidr,
            pc=pc,
            state=self._e(state),
            gprs=registers,
            attest_state=self._e("NO_ATTEST_IN_PROGRESS"),
            psci_pending=self._e("NO_PSCI_REQUEST_PENDING"),
            host_call_pending=self._e("NO_HOST_CALL_PENDING"),
            emulatable_abort=self._e("NOT_EMULATABLE_ABORT"),
            ripas_addr=0,
            ripas_top=0,
        )
        rec.flags.runnable = self._e("RUNNABLE" if runnable else "NOT_RUNNABLE")
        for name, value in (fields or {}).items():  # enum fields by name, others as values
            if isinstance(value, (list, tuple)):  # a list field: its first elements
                value = list(value) + list(getattr(rec, name))[len(value) :]
            _set(rec, **{name: self._value(value)})
        addresses = list(aux) + [0] * (len(rec.aux) - len(aux))
        rec.aux = addresses
        for address in aux:
            self.granule(address, "REC_AUX")
        for counter in ("num_recs", "rec_index"):  # whichever the revision's RmmRealm has
            if hasattr(realm, counter):
                setattr(realm, counter, int(getattr(realm, counter)) + 1)
        return rec
