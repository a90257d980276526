"""Conditions that cannot matter: ``unsatisfiable``, ``shadowed``, ``success-conflict``.

- ``unsatisfiable``: a failure or success condition that never holds. ``proved`` when its
  ``pre:`` contradicts itself as written (``x == A && x == B``, ``P && !P``), or when a
  success condition's ``pre:`` implies a failure condition's (whenever it would apply, the
  command fails); ``suspected`` when no stimulus of the search made it hold — the finding
  says how many were judged, since the search's world may lack the state that would. The
  world is reached through the interface and says what it could not reach: a condition
  mentioning such a state, or any condition when the world reached no state at all (a
  revision whose results have no register encoding), gets a report note, not a finding.
- ``shadowed``: a failure condition whose every stimulus also satisfies one ordered before
  it, so its result is never returned. ``proved`` when its ``pre:`` implies the earlier
  one's as written; ``suspected`` when, in every stimulus of the search where it holds, an
  earlier-ordered condition holds too.
- ``success-conflict``: two success conditions (or two conjuncts of one) give one location
  different values. ``proved`` when both apply unconditionally and give different
  constants; ``witness`` when the model judged a stimulus where both apply; ``suspected``
  when their ``pre:`` parts are not exclusive as written but no stimulus had both.
"""

from __future__ import annotations

from specgen import nodes as ast
from specgen.conformance.plan import MIN_EVIDENCE
from specgen.lint.facts import contradiction, exclusive, implies, show
from specgen.lint.findings import Confidence, Finding
from specgen.lint.ordering import precedes
from specgen.lint.rules import rule


def _bare_world(context) -> bool:
    """The conformance world is a freshly booted RMM (the interface reached no state): the
    search shows what holds there, not what never holds (noted once)."""
    bare = context.evidence.bare_world if context.evidence is not None else None
    if bare:
        context.note(f"unsatisfiable, shadowed: no verdict from the search: {bare}; the conformance world is a "
                     "freshly booted RMM, where what never holds tells nothing of the spec")
    return bool(bare)


def _is_prose(condition) -> bool:
    return any(isinstance(side, ast.Prose) for side in (condition.pre_ast, condition.post_ast))


@rule(
    "unsatisfiable",
    "conditions",
    "a failure or success condition that never holds (contradiction, or no stimulus in the search)",
    uses_model=True,
)
def unsatisfiable(context):
    for command in context.ir.commands:
        facts = context.facts(command)
        evidence = context.evidence_of(command)
        failure_pres = [(c, facts.pre_conjuncts(c)) for c in command.failure_conditions]
        proved: set[tuple[str, str]] = set()
        for kind, conditions in (("failure", command.failure_conditions), ("success", command.success_conditions)):
            for condition in conditions:
                pre = facts.pre_conjuncts(condition)
                clash = contradiction(pre, facts)
                if clash:
                    proved.add((kind, condition.id))
                    yield _unsat(
                        command, kind, condition, Confidence.PROVED,
                        f"its pre: cannot hold: {show(clash[0])} contradicts {show(clash[1])}",
                    )
                    continue
                if kind == "success":
                    implied = next((f for f, fpre in failure_pres if implies(pre, fpre)), None)
                    if implied is not None:
                        proved.add((kind, condition.id))
                        yield _unsat(
                            command, kind, condition, Confidence.PROVED,
                            f"its pre: implies failure condition {implied.id}'s ({implied.pre}): whenever it "
                            "would apply, the command fails",
                            related=((implied.id, implied.loc),),
                        )
        if evidence is None or not evidence.judged or _bare_world(context):
            continue
        if evidence.errors:  # stimuli the model could not judge might be where it holds
            context.note(
                f"unsatisfiable: {command.name} not searched for unsatisfiable conditions: the model could not "
                f"judge {evidence.errors} of {evidence.evaluations} stimuli"
            )
            continue
        rare = []
        lacking: dict[str, list[str]] = {}
        for condition in command.failure_conditions:
            if ("failure", condition.id) in proved or condition.id in evidence.not_modelled:
                continue
            if evidence.holds.get(condition.id) or _is_prose(condition):
                continue  # a prose condition holds where the model's reading of it says
            for reason in evidence.unreached.get(condition.id, ()):
                lacking.setdefault(reason, []).append(condition.id)
            if condition.id in evidence.unreached:  # the world lacks what it needs
                continue
            undefined = evidence.undefined.get(condition.id, 0)
            defined = evidence.judged - undefined
            if defined < MIN_EVIDENCE:  # the world has too few of the objects it names
                rare.append(f"{condition.id} (defined in {defined} of {evidence.judged})")
                continue
            why = f"no stimulus of the {evidence.judged} the search judged makes it hold" + (
                f" (false in {defined}, undefined in {undefined})" if undefined else ""
            )
            yield _unsat(
                command, "failure", condition, Confidence.SUSPECTED, why,
                evidence=f"search of {evidence.evaluations} stimuli over the conformance world",
            )
        for reason, ids in lacking.items():
            context.note(
                f"unsatisfiable: {command.name} failure condition(s) {', '.join(ids)} never held, but mention "
                f"states the conformance world lacks ({reason}): too little to tell"
            )
        if rare:
            context.note(
                f"unsatisfiable: {command.name} failure condition(s) {', '.join(rare)} never held, but name objects "
                f"that exist in fewer than {MIN_EVIDENCE} stimuli of the search: too few to tell"
            )
        undecided = []
        for condition in command.success_conditions:
            if condition.pre is None or ("success", condition.id) in proved or condition.id in evidence.unjudged:
                continue
            if evidence.applies.get(condition.id) or _is_prose(condition):
                continue
            if evidence.success_stimuli < MIN_EVIDENCE:
                undecided.append(condition.id)
                continue
            yield _unsat(
                command, "success", condition, Confidence.SUSPECTED,
                f"its pre: holds in none of the {evidence.success_stimuli} stimuli where the command succeeds",
                evidence=f"success stimuli of a search of {evidence.evaluations} stimuli over the conformance world",
            )
        if undecided:
            context.note(
                f"unsatisfiable: {command.name} success condition(s) {', '.join(undecided)} applied in none of the "
                f"{evidence.success_stimuli} stimuli where the command succeeds: too few to tell"
            )


def _unsat(command, kind, condition, confidence, why, evidence="", related=()) -> Finding:
    text = f"pre: {condition.pre}" if condition.pre else condition.post
    return Finding(
        rule="unsatisfiable",
        entity=command.name,
        conditions=(condition.id,),
        subject=f"{kind}:{condition.id}",
        message=f"{kind} condition {condition.id} ({text}) never holds: {why}",
        confidence=confidence,
        loc=condition.loc,
        evidence=evidence or "read from the text",
        related=related,
    )


@rule(
    "shadowed",
    "conditions",
    "a failure condition that holds only where one ordered before it holds too",
    uses_model=True,
)
def shadowed(context):
    for command in context.ir.commands:
        facts = context.facts(command)
        evidence = context.evidence_of(command)
        earlier = precedes(command)
        undecided: list[str] = []
        fixed_by: set[str] = set()
        by_id = {c.id: c for c in command.failure_conditions}
        order = {c.id: i for i, c in enumerate(command.failure_conditions)}
        for condition in command.failure_conditions:
            pre = facts.pre_conjuncts(condition)
            static = next(
                (by_id[e] for e in sorted(earlier.get(condition.id, ()), key=order.get)
                 if e in by_id and implies(pre, facts.pre_conjuncts(by_id[e]))),
                None,
            )  # fmt: skip
            if static is not None:
                yield _shadow(
                    command, condition, (static.id,), Confidence.PROVED,
                    f"its pre: implies that of {static.id} ({static.pre}), which is ordered before it",
                )
                continue
            if evidence is None or condition.id in evidence.not_modelled or _bare_world(context):
                continue
            if evidence.errors:  # stimuli the model could not judge might be where it holds alone
                context.note(
                    f"shadowed: {command.name} not searched for shadowed conditions: the model could not judge "
                    f"{evidence.errors} of {evidence.evaluations} stimuli"
                )
                continue
            held = evidence.holds.get(condition.id, 0)
            if not held or evidence.unshadowed.get(condition.id):
                continue
            always = evidence.always_with.get(condition.id, ())
            # an earlier condition that holds wherever it is defined: the world fixes it
            fixed = [
                c for c in always
                if evidence.holds.get(c, 0) == evidence.judged - evidence.undefined.get(c, 0)
            ]
            if fixed or held < MIN_EVIDENCE:
                undecided.append(condition.id)
                if fixed:
                    fixed_by.update(fixed)
                continue
            yield _shadow(
                command, condition, always, Confidence.SUSPECTED,
                f"in all {held} stimuli of the search where it holds, a condition ordered before it holds too"
                + (f" ({', '.join(always)} in every one)" if always else ""),
                evidence=f"search of {evidence.evaluations} stimuli over the conformance world",
                witness=evidence.examples.get(condition.id),
            )
        if undecided:
            why = (
                f"{', '.join(sorted(fixed_by))} holds in every stimulus where it is defined (the world fixes it)"
                if fixed_by
                else f"they held in fewer than {MIN_EVIDENCE} stimuli"
            )
            context.note(
                f"shadowed: {command.name} failure condition(s) {', '.join(undecided)} held only where one ordered "
                f"before them held, but {why}: too little to tell"
            )


def _shadow(command, condition, by, confidence, why, evidence="", witness=None) -> Finding:
    return Finding(
        rule="shadowed",
        entity=command.name,
        conditions=(condition.id,) + tuple(by),
        subject=condition.id,
        message=f"failure condition {condition.id} ({condition.pre}) never gives its result ({condition.post}): {why}",
        confidence=confidence,
        loc=condition.loc,
        evidence=evidence or "read from the text",
        witness=witness,
    )


@rule(
    "success-conflict",
    "conditions",
    "two success conditions give one location different values",
    uses_model=True,
)
def success_conflict(context):
    for command in context.ir.commands:
        facts = context.facts(command)
        evidence = context.evidence_of(command)
        by_id = {c.id: c for c in command.success_conditions}
        order = {c.id: i for i, c in enumerate(command.success_conditions)}
        writes = facts.writes
        seen: set[tuple] = set()
        for i, first in enumerate(writes):
            for second in writes[i + 1 :]:
                if first.target != second.target or first.value == second.value:
                    continue
                known = first.pre_known and second.pre_known
                if known and exclusive(first.pre, second.pre, facts):
                    continue
                constants = facts.is_constant(first.value) and facts.is_constant(second.value)
                pair = tuple(sorted({first.condition, second.condition}, key=order.get))
                witness = evidence.co_applied.get(pair) if evidence is not None and len(pair) == 2 else None
                if witness is not None:
                    confidence = Confidence.WITNESS if constants else Confidence.SUSPECTED
                elif not known:
                    continue  # a prose pre: only the model could show both applying
                elif constants and not first.pre and not second.pre:
                    confidence = Confidence.PROVED
                elif constants and (evidence is None or not evidence.success_stimuli):
                    confidence = Confidence.SUSPECTED
                else:
                    continue  # values that may coincide, or never seen applying together
                key = (pair, first.text)
                if key in seen:
                    continue
                seen.add(key)
                a, b = by_id[first.condition], by_id[second.condition]
                yield Finding(
                    rule="success-conflict",
                    entity=command.name,
                    conditions=pair,
                    subject=first.text,
                    message=(
                        f"success conditions {' and '.join(pair)} give {first.text} different values "
                        f"({show(first.value)} and {show(second.value)})"
                        + ("" if constants else "; the two values may coincide")
                    ),
                    confidence=confidence,
                    loc=a.loc,
                    witness=witness,
                    related=() if a is b else ((b.id, b.loc),),
                    evidence=(
                        "the model judged a stimulus where both apply" if witness is not None
                        else "read from the text"
                    ),
                )
