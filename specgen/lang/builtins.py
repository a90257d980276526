"""Names the conditions use that the extracted chapters do not define.

Why a list: ASL's standard functions (``UInt``, ``Zeros`` …) are defined by the Arm
architecture pseudocode, not by DEN0137, and a few RMM constants live in chapters that are
not command, function or type sections. Anything not here and not in the IR is reported as
unresolved, which is how spec defects and new constants show up.
"""

from __future__ import annotations

# ASL library functions with the argument counts they accept.
ASL_FUNCTIONS: dict[str, frozenset[int]] = {
    "UInt": frozenset({1}),
    "SInt": frozenset({1}),
    "Zeros": frozenset({0, 1}),
    "Ones": frozenset({0, 1}),
    "IsZero": frozenset({1}),
    "IsOnes": frozenset({1}),
    "ZeroExtend": frozenset({1, 2}),
    "SignExtend": frozenset({1, 2}),
    "Align": frozenset({2}),
    "Min": frozenset({2}),
    "Max": frozenset({2}),
    "Abs": frozenset({1}),
    "Len": frozenset({1}),
}

# Constants defined in the RMM architecture chapters (granule size, RTT levels, measurement
# width, RTT tree ids, permission overlays) and by ASL (ADDRESS_WIDTH): not extracted.
GLOBAL_CONSTANTS: frozenset[str] = frozenset(
    {
        "ADDRESS_WIDTH",
        "RMM_GRANULE_SIZE",
        "RMM_NUM_PERM_OVERLAY_INDICES",
        "RMM_REALM_MEASUREMENT_WIDTH",
        "RMM_RTT_BLOCK_LEVEL",
        "RMM_RTT_PAGE_LEVEL",
        "RMM_RTT_TREE_PRIMARY",
    }
)
