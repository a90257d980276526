"""The assertions of the generated conformance tests (one place, so the generated
modules hold only data: stimuli, permitted results, locations).

A stimulus is ``{"caller": PA or None, "registers": {"X1": …}, "memory": [set-up steps]}``;
a result expectation is a list of ``(register, value, mask)``: the bits the spec gives.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from specgen_runtime.suite.adapter import Adapter, NotObservable


@dataclass
class Target:
    """The implementation under test and the world every test starts from."""

    adapter: Adapter
    world: Sequence[dict]

    def run(self, fid: int, stimulus: dict, watch: Sequence[tuple] = ()):
        """Start from the world and the stimulus' memory, call the command; returns the
        outputs and the watched locations before and after (unobservable ones left out)."""
        self.adapter.start(list(self.world) + list(stimulus.get("memory", ())))
        before = observe_all(self.adapter, watch)
        outputs = self.adapter.call(fid, dict(stimulus["registers"]), stimulus.get("caller"))
        after = observe_all(self.adapter, before)
        return outputs, before, after


def observe_all(adapter: Adapter, locations) -> dict:
    values = {}
    for location in locations:
        try:
            values[tuple(location)] = adapter.observe(tuple(location))
        except NotObservable:
            continue
    return values


def matches(outputs: dict[str, int], expected: Sequence[tuple[str, int, int]]) -> bool:
    return all((outputs.get(register, 0) & mask) == value for register, value, mask in expected)


def describe(expected: Sequence[tuple[str, int, int]]) -> str:
    return ", ".join(f"{register}={value:#x}" + ("" if mask == (1 << 64) - 1 else f" (mask {mask:#x})") for register, value, mask in expected) or "anything"


def assert_permitted(outputs: dict[str, int], permitted: Sequence[Sequence[tuple]], what: str) -> None:
    if any(matches(outputs, expected) for expected in permitted):
        return
    shown = ", ".join(f"{name}={value:#x}" for name, value in sorted(outputs.items()))
    allowed = " | ".join(describe(expected) for expected in permitted)
    raise AssertionError(f"{what}: got {shown}; the spec permits: {allowed}")


def check_failure(target: Target, fid: int, stimulus: dict, permitted, footprint) -> None:
    """The command fails with one of the permitted results and changes nothing in its
    footprint."""
    outputs, before, after = target.run(fid, stimulus, footprint)
    assert_permitted(outputs, permitted, "failure result")
    changed = [location for location in before if before[location] != after.get(location)]
    if changed:
        raise AssertionError(
            "a failing command changed its footprint: "
            + "; ".join(f"{location}: {before[location]!r} -> {after.get(location)!r}" for location in changed[:5])
        )


def check_order(target: Target, fid: int, stimulus: dict, permitted) -> None:
    """Both conditions of an ordered pair hold: the result is the earlier one's."""
    outputs, _before, _after = target.run(fid, stimulus)
    assert_permitted(outputs, permitted, "failure condition ordering")


def check_success(target: Target, fid: int, stimulus: dict, outputs_expected, state) -> None:
    """No failure condition holds: the outputs and the state the success conditions give."""
    locations = [location for location, _value in state]
    outputs, _before, after = target.run(fid, stimulus, locations)
    assert_permitted(outputs, [outputs_expected], "success outputs")
    wrong = [
        (location, value, after[tuple(location)])
        for location, value in state
        if tuple(location) in after and after[tuple(location)] != value
    ]
    if wrong:
        raise AssertionError(
            "state after success: " + "; ".join(f"{loc}: expected {exp!r}, got {got!r}" for loc, exp, got in wrong[:5])
        )
