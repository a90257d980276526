"""Semantics for conditions the spec writes in English.

Why keyed by command, condition id *and* text: a prose condition has no AST to translate,
so the model can only execute it if someone stated what it means. Each rule below does so
for one condition; it applies only while the spec text is exactly the one written here, so
a revision that rewords a condition gets ``NotModelled`` for it instead of a silently
stale meaning. ``args`` name the command's inputs or context values passed to the model's
``method``. This table is the prose part of the runtime's bindings
(``specgen_runtime.bindings``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ProseRule:
    text: str
    method: str
    args: tuple[str, ...] = ()


def normalise(text: str) -> str:
    return " ".join(text.split()).rstrip(".").casefold()


_WIPED = "Contents of target Granule are wiped."

PROSE_RULES: dict[tuple[str, str, str], ProseRule] = {
    ("RMI_DATA_CREATE_UNKNOWN", "data_content", "post"): ProseRule(_WIPED, "prose_wipe_granule", ("data",)),
    ("RMI_GRANULE_UNDELEGATE", "gran_content", "post"): ProseRule(_WIPED, "prose_wipe_granule", ("addr",)),
    ("RMI_DATA_CREATE", "data_content", "post"): ProseRule(
        "Contents of target Granule are copied from source Granule.", "prose_copy_granule", ("src", "data")),
    ("RMI_REC_ENTER", "rec_exit", "post"): ProseRule(
        "run.exit contains Realm exit syndrome information.", "prose_enter_rec", ("rec", "run_ptr")),
    ("RMI_REC_ENTER", "rec_emul_abt", "post"): ProseRule(
        "rec.emulatable_abort is updated.", "prose_done_by_enter_rec"),
    ("RSI_ATTESTATION_TOKEN_CONTINUE", "unknown", "pre"): ProseRule(
        "Token generation failed for an unknown or IMPDEF reason.", "prose_token_generation_failed"),
    ("RSI_ATTESTATION_TOKEN_CONTINUE", "incomplete", "pre"): ProseRule(
        "Token generation is not complete.", "prose_token_incomplete"),
    ("RSI_ATTESTATION_TOKEN_CONTINUE", "complete", "pre"): ProseRule(
        "Token generation is complete.", "prose_token_complete"),
    ("PSCI_FEATURES", "func_ok", "pre"): ProseRule(
        "psci_func_id is a supported PSCI function.", "prose_psci_function_supported", ("psci_func_id",)),
    ("PSCI_FEATURES", "func_not_ok", "pre"): ProseRule(
        "psci_func_id is not a supported PSCI function.", "prose_psci_function_not_supported", ("psci_func_id",)),
}  # fmt: skip


def prose_rule(command: str, condition_id: str, part: str, text: str) -> ProseRule | None:
    """The rule giving ``text`` (the ``part`` — "pre" or "post" — of a condition) a meaning,
    if one exists for exactly this text."""
    rule = PROSE_RULES.get((command, condition_id, part))
    if rule is None or normalise(rule.text) != normalise(text):
        return None
    return rule
