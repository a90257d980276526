"""Diffs between consecutive bundled revisions: counts per change kind (recorded for the
terminal summary) and changes checked by hand against the corpus text, kept as regression
facts (no corpus needed: the bundled IRs are in generated/)."""

from __future__ import annotations

from functools import cache

import pytest

from specgen.api import load_ir
from specgen.diff import diff_irs
from tests.conftest import REVISIONS

PAIRS = list(zip(REVISIONS, REVISIONS[1:]))


@cache
def report(old: str, new: str):
    return diff_irs(load_ir(old), load_ir(new))


@pytest.mark.parametrize("old, new", PAIRS)
def test_consecutive_revisions(old, new, record_property):
    found = report(old, new)
    counts = ", ".join(f"{kind} {n}" for kind, n in found.counts().items())
    record_property("diff_revisions_summary", f"diff {old} → {new}: {len(found.behavioural)} behavioural, "
                                              f"{len(found.editorial)} editorial ({counts})")
    assert found.behavioural, "consecutive revisions always change behaviour somewhere"
    backwards = report(new, old).counts()
    for kind, count in found.counts().items():  # what one direction adds, the other removes
        if kind.endswith("added"):
            assert backwards.get(kind.replace("added", "removed")) == count, kind


# (kind, entity name, item, words of the detail): ten sampled changes per pair, each checked
# by hand against /work/shared/specs/text/DEN0137_<revision>.txt (line numbers in the comments).
EAC5_REL0 = [
    ("function.removed", "RttUpperBound", "", "removed"),  # eac5 1170; absent in rel0
    ("function.added", "ImplFeatures", "", "added"),  # rel0 734; absent in eac5
    ("context.added", "RMI_RTT_SET_RIPAS", "rec", "added"),  # rel0 3059 rec RmmRec Rec(rec_ptr)
    ("success_condition.pre_changed", "RMI_RTT_READ_ENTRY", "ripas_unprot", "precondition"),  # eac5 2982, rel0 3038
    ("failure_condition.pre_changed", "RMI_RTT_SET_RIPAS", "top_bound", "precondition"),  # eac5 3051, rel0 3107
    ("context.changed", "RMI_REC_CREATE", "realm", "before changed"),  # eac5 2099 before true; rel0 2162 false
    ("input.added", "RSI_IPA_STATE_GET", "top", "X2 [63:0] Address"),  # rel0 4149
    ("type.added", "RmiRecExitReason", "", "B4.4.17"),  # rel0 3736; eac5 has no RMI types chapter
    ("context.changed", "RMI_RTT_SET_RIPAS", "walk_top", "value changed"),  # Rec(rec).ripas_destroyed -> rec.ripas_destroyed
    ("function.signature_changed", "Equal", "", "overloads 12 → 14"),  # RmmFeature/RmiFeature pair, rel0 654
]
REL0_ALP11 = [
    ("function.added", "RmiVersionHighest", "", "added"),  # alp11 2046
    ("function.removed", "Realm", "", "removed"),  # rel0 809
    ("failure_condition.pre_changed", "RMI_RTT_SET_RIPAS", "base_align", "precondition"),  # ripas -> ripas_pre, 6534
    ("type.member_added", "RmmFeatures", "max_num_aux_planes", "added"),  # alp11 10054
    ("type.member_changed", "RmmRealm", "vmid", "type changed"),  # Bits16 (rel0 5312) -> Bits16[4] (alp11 10449)
    ("failure_condition.removed", "RMI_DATA_CREATE", "src_bound", "removed"),  # rel0 1414
    ("failure_condition.added", "RMI_REC_ENTER", "rec_pending", "added"),  # alp11 4903
    ("success_condition.added", "RMI_REALM_CREATE", "mecid", "added"),  # alp11 4478
    ("function.signature_changed", "RttLevelIsValid", "", "parameters"),  # rd : Address -> realm : RmmRealm
]
ALP11_ALP12 = [
    ("failure_condition.error_code_changed", "RSI_RDEV_STOP", "state", "RSI_ERROR_INPUT → RSI_ERROR_DEVICE"),  # alp12 9817
    ("success_condition.removed", "RMI_VDEV_CREATE", "rdev_vdev_ptr", "removed"),  # alp11 7242
    ("success_condition.added", "RMI_REALM_CREATE", "ats", "added"),  # alp12 4908
    ("failure_ordering.added", "RMI_RTT_MAP_UNPROTECTED", "[level_bound, ipa_bound, s2ap_indirect_bound] < [rtt_walk, rtte_state]",
     "added"),  # alp12 6758
    ("function.added", "VdevFromInstId", "", "added"),  # alp12 2641
    ("output.changed", "RSI_RDEV_GET_STATE", "state", "type changed"),  # RsiDeviceState (9063) -> RsiDevState (9584)
    ("type.added", "RmmRttS2APBase", "", "added"),  # alp12 11430
    ("failure_condition.removed", "RMI_PDEV_DESTROY", "pdev_live", "removed"),  # alp11 3753
    ("failure_condition.pre_changed", "RMI_RTT_MAP_UNPROTECTED", "level_bound", "precondition"),  # alp11 6292, alp12 6726
]
HAND_CHECKED = [(pair, *fact) for pair, facts in zip(PAIRS, (EAC5_REL0, REL0_ALP11, ALP11_ALP12)) for fact in facts]


@pytest.mark.parametrize("pair, kind, name, item, detail", HAND_CHECKED)
def test_hand_checked_changes(pair, kind, name, item, detail):
    matches = [c for c in report(*pair).changes if (c.kind, c.name, c.item) == (kind, name, item)]
    assert matches and any(detail in c.detail for c in matches), f"{pair}: {kind} {name} {item} not reported"


# A letter of the alphas' DRAFT watermark used to stand in these cells ("Bits64  T", alp11
# 6263; "UInt64  T", alp11 10323); extraction drops it, so no change is reported there.
WATERMARK_ARTEFACTS = [
    (PAIRS[1], "input.changed", "RMI_RTT_MAP_UNPROTECTED", "desc"),
    (PAIRS[2], "type.member_changed", "RmmPdev", "num_vdevs"),
]


@pytest.mark.parametrize("pair, kind, name, item", WATERMARK_ARTEFACTS)
def test_watermark_letters_are_not_changes(pair, kind, name, item):
    assert not [c for c in report(*pair).changes if (c.kind, c.name, c.item) == (kind, name, item)]
