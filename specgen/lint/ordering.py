"""The failure condition ordering: ``ordering-unknown-id``, ``ordering-cycle``, ``ordering-gap``.

When several failure conditions hold, the spec permits the result of any of them that no
other holding condition precedes in the ordering. That is deliberate for conditions with the
same result; for conditions with different results and no ordering between them, callers
see one of several error codes for the same call, and implementations disagree.

- ``ordering-unknown-id``: an ordering statement names an id that is no failure condition
  of the command (``proved``);
- ``ordering-cycle``: the statements order a condition before itself, through others
  (``proved``; the ordering cannot be followed);
- ``ordering-gap``: two failure conditions with different results hold together — the model
  judged a stimulus where both do, and no holding condition precedes either — and no
  ordering statement relates them (``witness``: the stimulus).
"""

from __future__ import annotations

from specgen.lint.findings import Confidence, Finding
from specgen.lint.rules import rule
from specgen_runtime.machine import ordering_closure


def ordering_pairs(command) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    return [(o.before, o.after) for o in command.failure_ordering]


def precedes(command) -> dict[str, frozenset[str]]:
    """For each failure condition, those ordered before it (transitively)."""
    return ordering_closure(ordering_pairs(command), [c.id for c in command.failure_conditions])


@rule("ordering-unknown-id", "ordering", "an ordering statement names no failure condition of the command")
def ordering_unknown_id(context):
    for command in context.ir.commands:
        ids = {c.id for c in command.failure_conditions}
        for statement in command.failure_ordering:
            for name in dict.fromkeys(statement.before + statement.after):
                if name in ids:
                    continue
                yield Finding(
                    rule="ordering-unknown-id",
                    entity=command.name,
                    conditions=(name,),
                    subject=name,
                    message=(
                        f"ordering statement {statement.text!r} names {name!r}, which is not a failure condition of "
                        f"{command.name} (its conditions: {', '.join(sorted(ids)) or 'none'})"
                    ),
                    confidence=Confidence.PROVED,
                    loc=statement.loc,
                )


def _earlier(command) -> dict[str, set[str]]:
    """For each id, every id ordered before it through the statements, itself included
    when it is on a cycle (``ordering_closure`` leaves a condition out of its own set)."""
    pairs = ordering_pairs(command)
    closure = ordering_closure(pairs, [])
    direct = {later for before, after in pairs for later in after if later in before}  # [a] < [a]
    return {
        c: set(earlier) | ({c} if c in direct or any(c in closure.get(e, ()) for e in earlier) else set())
        for c, earlier in closure.items()
    }


@rule("ordering-cycle", "ordering", "the ordering statements order a failure condition before itself")
def ordering_cycle(context):
    for command in context.ir.commands:
        earlier = _earlier(command)
        order = {c.id: i for i, c in enumerate(command.failure_conditions)}
        reported: set[frozenset] = set()
        for condition in sorted(earlier, key=lambda c: (order.get(c, len(order)), c)):
            if condition not in earlier[condition]:
                continue
            members = frozenset(c for c in earlier[condition] if condition in earlier.get(c, ()))
            if members in reported:
                continue
            reported.add(members)
            ids = tuple(sorted(members, key=lambda c: (order.get(c, len(order)), c)))
            statements = [o for o in command.failure_ordering if set(o.before) & members and set(o.after) & members]
            yield Finding(
                rule="ordering-cycle",
                entity=command.name,
                conditions=ids,
                subject=",".join(ids),
                message=(
                    f"the ordering statements order {', '.join(ids)} each before "
                    f"{'itself' if len(ids) == 1 else 'the other'} ({'; '.join(o.text for o in statements)}): "
                    "no evaluation order satisfies them"
                ),
                confidence=Confidence.PROVED,
                loc=statements[0].loc if statements else command.loc,
                related=tuple((o.text, o.loc) for o in statements[1:]),
            )


@rule(
    "ordering-gap",
    "ordering",
    "two failure conditions with different results hold together and no ordering relates them",
    uses_model=True,
)
def ordering_gap(context):
    for command in context.ir.commands:
        evidence = context.evidence_of(command)
        if evidence is None:
            continue
        by_id = {c.id: c for c in command.failure_conditions}
        for (a, b), witness in evidence.together.items():
            if a not in by_id or b not in by_id:
                continue
            results = dict(witness.results)
            yield Finding(
                rule="ordering-gap",
                entity=command.name,
                conditions=(a, b),
                subject=f"{a}|{b}",
                message=(
                    f"failure conditions {a} ({results.get(a, '?')}) and {b} ({results.get(b, '?')}) hold together "
                    "and no ordering statement relates them: the spec permits either result"
                ),
                confidence=Confidence.WITNESS,
                loc=by_id[a].loc,
                witness=witness,
                related=((b, by_id[b].loc),),
                evidence=f"seen holding together in the search ({evidence.judged} stimuli judged)",
            )
