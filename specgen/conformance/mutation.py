"""Mutation check: are the generated conformance tests able to tell a wrong RMM apart?

Why: a test that passes against the model proves little by itself — it could accept
anything. Each *mutant* is the model with one deliberate spec violation: one failure
condition dropped (the command goes on as if it did not hold), or one ordered pair of
failure conditions swapped (``a < b`` becomes ``b < a``). The generated tests of that
command are run against the mutant; it is *killed* if any of them fails.

Some mutants cannot be told apart by any black-box test: a dropped condition that never
holds without another condition giving the same result, or a swapped pair whose two
conditions give the same result. The report lists them as *equivalent* only when the
search's own evidence says so (see ``classify``); they are reported, not hidden.
"""

from __future__ import annotations

import importlib.util
import time
from dataclasses import dataclass
from pathlib import Path

from specgen_runtime.suite.adapter import ModelAdapter
from specgen_runtime.suite.checks import Target
from specgen.conformance.plan import module_name
from specgen.conformance.variants import drop_condition, ordered_pairs, swap_pair


@dataclass(frozen=True)
class Mutant:
    command: str
    kind: str  # "drop" or "swap"
    item: str  # condition id, or "a < b"
    spec: object  # the mutated CommandSpec


@dataclass(frozen=True)
class MutantResult:
    mutant: Mutant
    killed: bool
    killed_by: str | None
    tests_run: int
    equivalent: str | None = None  # a surviving mutant no test can kill: the evidence


@dataclass(frozen=True)
class MutationReport:
    revision: str
    results: tuple[MutantResult, ...]
    seconds: float

    def count(self, kind: str | None = None, killed: bool | None = None, equivalent: bool | None = None) -> int:
        return sum(
            1
            for r in self.results
            if (kind is None or r.mutant.kind == kind)
            and (killed is None or r.killed == killed)
            and (equivalent is None or (r.equivalent is not None) == equivalent)
        )

    @property
    def score(self) -> float:
        """Killed / (mutants - equivalent ones): the usual mutation score."""
        total = len(self.results) - self.count(equivalent=True)
        return self.count(killed=True) / total if total else 1.0

    @property
    def raw_score(self) -> float:
        """Killed / all mutants (equivalent ones counted as survivors)."""
        return self.count(killed=True) / len(self.results) if self.results else 1.0


def mutants(model, commands=None) -> list[Mutant]:
    """Every drop and swap mutant of the commands (all by default) the model executes."""
    result = []
    for name, spec in model.commands.items():
        if commands is not None and name not in commands:
            continue
        for condition in spec.failure:
            if not condition.not_modelled:
                result.append(Mutant(name, "drop", condition.id, drop_condition(spec, condition.id)))
        for a, b in ordered_pairs(spec):
            result.append(Mutant(name, "swap", f"{a} < {b}", swap_pair(spec, a, b)))
    return result


def load_tests(tests_dir: Path):
    """The generated ``conftest`` (its WORLD) and test modules, imported by path."""
    modules = {}
    for path in sorted(Path(tests_dir).glob("*.py")):
        spec = importlib.util.spec_from_file_location(f"_specgen_conformance_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        modules[path.stem] = module
    return modules


def _test_functions(module, mutant: Mutant):
    """The module's tests, the one aimed at the mutation first."""
    tests = [(name, getattr(module, name)) for name in sorted(vars(module)) if name.startswith("test_")]
    if mutant.kind == "drop":
        aimed = f"test_failure_{mutant.item}"
    else:
        a, b = mutant.item.split(" < ")
        aimed = f"test_order_{a}_before_{b}"
    return sorted(tests, key=lambda item: (item[0] != aimed, item[0]))


def equivalence(plan, mutant: Mutant) -> str | None:
    """Why no black-box test can kill ``mutant``, from the conformance plan's evidence: the
    pair never holds together, or in every stimulus the search met where the condition
    (the pair) holds, the mutant permits the same results as the spec."""
    command = next((c for c in plan.commands if c.name == mutant.command), None)
    if command is None:
        return None
    if mutant.kind == "drop":
        test = next((t for t in command.failures if t.condition == mutant.item), None)
        if test is not None and not test.distinguishes:
            return f"in all {test.evidence} stimuli where it holds, another condition gives the same result"
        return None
    a, b = mutant.item.split(" < ")
    missing = next((m for m in command.missing if m.kind == "order" and m.item == mutant.item), None)
    if missing is not None and missing.unobservable:
        return missing.reason
    test = next((t for t in command.orders if (t.before, t.after) == (a, b)), None)
    if test is not None and not test.distinguishes:
        return f"in all {test.evidence} stimuli where both hold, either order gives the same result"
    return None


def run_mutants(package, tests_dir: Path, commands=None, progress=None, plan=None, platform=None) -> MutationReport:
    """Run each mutant against the generated tests of its command (stopping at the first
    test that kills it). The world is reached once through its trace on the model and each
    mutant starts from a copy of it: a mutant differs only in a command's failure side, and
    every call of the trace succeeds. With the conformance ``plan``, surviving mutants it
    shows to be equivalent are marked so."""
    started = time.perf_counter()
    modules = load_tests(tests_dir)
    world = modules["conftest"].WORLD
    original = Target(ModelAdapter(package, platform, isolate=False), world["trace"], world["host"])
    original.prepare()
    token = original._token
    candidates = mutants(token, commands)
    results = []
    for done, mutant in enumerate(candidates):
        module = modules.get(module_name(mutant.command))
        killed_by, run = None, 0
        if module is not None:
            adapter = ModelAdapter(package, platform, commands={mutant.command: mutant.spec}, isolate=False)
            target = Target(adapter, world["trace"], world["host"], _token=token)
            for name, test in _test_functions(module, mutant):
                run += 1
                try:
                    test(target)
                except Exception:  # an assertion, or the mutant failing outright: killed
                    killed_by = name
                    break
        why = None if killed_by is not None or plan is None else equivalence(plan, mutant)
        results.append(MutantResult(mutant, killed_by is not None, killed_by, run, why))
        if progress:
            progress(done + 1, len(candidates))
    return MutationReport(token.revision, tuple(results), time.perf_counter() - started)
