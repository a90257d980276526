"""Every condition, ordering, footprint/context value, signature and function body of the
DEN0137 corpus parses, and its AST survives print -> parse unchanged.

Inputs: the truth files (conditions, orderings, footprints, signatures) and the text files
(signatures, bodies and context values, which the truth does not carry). The text extraction
here is a deliberately small throwaway used only to feed the parser; the real extractor lives
in ``specgen.extract``.

A handful of truth entries are damaged by the truth's own simple parser (text after a table
appended to its last cell, two table rows merged, return types cut short). They are listed in
``KNOWN_TRUTH_DEFECTS`` with the reason and counted instead of failing the test; the text
files' own versions of the signatures are checked to parse. Counts per revision are printed in pytest's
terminal summary (section "specgen.lang corpus").
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from specgen import nodes as ast
from specgen.lang import (
    LangSyntaxError,
    parse_body,
    parse_expression,
    parse_expression_or_prose,
    parse_ordering,
    parse_signature,
    print_body,
    print_expr,
    print_ordering,
    print_signature,
)
from specgen.paths import corpus_dir

pytestmark = pytest.mark.corpus

REVISIONS = ("1.0-eac5", "1.0-rel0", "1.1-alp11", "1.1-alp12")

#: (kind, command or function, condition/footprint id) -> why the truth text cannot parse.
KNOWN_TRUTH_DEFECTS: dict[tuple[str, str, str], str] = {
    ("condition", "PSCI_SYSTEM_OFF", "state"): (
        "the paragraph after the success-condition table ('Following execution of "
        "PSCI_SYSTEM_OFF, control does not return …') was appended to the condition"
    ),
    ("condition", "PSCI_SYSTEM_RESET", "state"): (
        "the paragraph after the success-condition table ('Following execution of "
        "PSCI_SYSTEM_RESET, …') was appended to the condition"
    ),
    ("condition", "RSI_RDEV_GET_MEASUREMENTS", "state"): (
        "rule R0446, which follows the failure-condition table, was appended to the last post:"
    ),
    ("condition", "RMI_REALM_CREATE", "rtt_level"): (
        "the next row 'rtt_num' (its ID on a line of its own) was merged into this row"
    ),
    ("footprint", "RMI_PDEV_CREATE", "state"): (
        "the next row 'aux_state' (its ID on a line of its own) was merged into this row"
    ),
    ("ordering", "RMI_RTT_UNMAP_UNPROTECTED", "rd_bound"): (
        "row 'rd_bound' (its ID on a line of its own) was lost: rd_align got its condition, so "
        "the ordering '[rd_bound, rd_state] < …' names an ID the truth does not have"
    ),
    ("signature", "AuxSort", ""): (
        "return type cut to 'array'; the document has 'array [N] of Address'"
    ),
    ("signature", "ReadMemory", ""): (
        "return type cut to 'bits'; the document has 'bits(size * 8)'"
    ),
}


# ---- corpus access -------------------------------------------------------------------------------


def _corpus() -> Path:
    found = corpus_dir()
    if found is None:
        pytest.skip("DEN0137 corpus not found: set $SPECGEN_CORPUS or place it at ../shared/specs")
    return found


@cache
def _truth(revision: str) -> dict:
    return json.loads((_corpus() / "truth" / f"{revision}.json").read_text(encoding="utf-8"))


@cache
def _text(revision: str) -> str:
    return (_corpus() / "text" / f"DEN0137_{revision}.txt").read_text(encoding="utf-8")


# ---- throwaway text extraction (test-only) ------------------------------------------------------

_FOOTER_COPYRIGHT = re.compile(r"^\f?DEN0137\s+Copyright")
_RUNNING_HEADER = re.compile(r"^\f?\s{30,}(Chapter [A-Z]\d+\.|[A-Z]\d+(\.\d+)*\.\s)")
_SECTION_HEADING = re.compile(r"^[A-Z]\d+\.\d+(\.\d+)*\s+\S")
_INDENTED_HEADING = re.compile(r"^\s*[A-Z]\d+(\.\d+)+\s+\S")
_FUNCTION_HEADING = re.compile(r"^(B\d+\.\d+) (\w+) function\s*$")


def _clean_lines(text: str) -> list[tuple[int, str]]:
    """(1-based line number, line) with page furniture (footer, running header) dropped."""
    raw = text.split("\n")
    kept: list[tuple[int, str]] = []
    index = 0
    while index < len(raw):
        line = raw[index]
        if _FOOTER_COPYRIGHT.match(line):
            index += 2  # copyright line + "<revision>  Non-Confidential"
            while index < len(raw) and (
                not raw[index].strip() or _RUNNING_HEADER.match(raw[index])
            ):
                index += 1
            continue
        kept.append((index + 1, line.replace("\f", "")))
        index += 1
    return kept


@dataclass
class FunctionText:
    section: str
    name: str
    signatures: list[tuple[int, str]]  # (line, text joined with spaces)
    bodies: list[tuple[int, str]]  # (line, text with newlines)


def extract_functions(text: str) -> list[FunctionText]:
    """ "Bn.m Name function" sections: their ``func`` signatures and ``begin … end`` bodies."""
    lines = _clean_lines(text)
    found: list[FunctionText] = []
    index = 0
    while index < len(lines):
        match = _FUNCTION_HEADING.match(lines[index][1])
        if not match:
            index += 1
            continue
        end = index + 1
        while end < len(lines) and not (
            _SECTION_HEADING.match(lines[end][1])
            or re.match(r"^\s*(Chapter|Part) [A-Z]\d*\b", lines[end][1])
        ):
            end += 1
        function = FunctionText(match.group(1), match.group(2), [], [])
        _collect_pseudocode(lines[index + 1 : end], function)
        found.append(function)
        index = end
    return found


def _collect_pseudocode(section: list[tuple[int, str]], function: FunctionText) -> None:
    k = 0
    while k < len(section):
        number, line = section[k]
        stripped = line.strip()
        if stripped.startswith("func "):
            parts, depth = [stripped], stripped.count("(") - stripped.count(")")
            k += 1
            while k < len(section) and (depth > 0 or section[k][1].strip().startswith("=>")):
                parts.append(section[k][1].strip())
                depth += section[k][1].count("(") - section[k][1].count(")")
                k += 1
            function.signatures.append((number, " ".join(parts)))
            continue
        if stripped == "begin":
            indent = len(line) - len(line.lstrip())
            body = [line]
            k += 1
            while k < len(section):
                body.append(section[k][1])
                current = section[k][1]
                if current.strip() == "end" and len(current) - len(current.lstrip()) <= indent:
                    break
                k += 1
            k += 1
            function.bodies.append((number, "\n".join(body)))
            continue
        k += 1


_CONTEXT_HEADER = re.compile(r"^\s*Name\s+Type\s+Value\s+Before\s+Description\s*$")
_TOKEN = re.compile(r"\S+")


def extract_context_values(text: str) -> list[tuple[int, str, str]]:
    """(line, name, value) of every Context table row ("Name Type Value Before Description")."""
    lines = _clean_lines(text)
    rows: list[tuple[int, str, list[str]]] = []
    index = 0
    while index < len(lines):
        if not _CONTEXT_HEADER.match(lines[index][1]):
            index += 1
            continue
        header = lines[index][1]
        type_col, value_col, before_col = (header.index(w) for w in ("Type", "Value", "Before"))
        index += 1
        while index < len(lines):
            number, line = lines[index]
            if _CONTEXT_HEADER.match(line):  # header repeated after a page break
                header = line
                type_col, value_col, before_col = (
                    header.index(w) for w in ("Type", "Value", "Before")
                )
                index += 1
                continue
            if not line.strip():
                index += 1
                continue
            if _INDENTED_HEADING.match(line) or not _looks_like_table_line(line, value_col):
                break
            tokens = [(m.start(), m.group()) for m in _TOKEN.finditer(line)]
            if tokens[0][0] < type_col - 1:  # a new row: name, type, value…, before, description
                value = _first_line_value(tokens, before_col)
                rows.append((number, tokens[0][1], value))
            elif rows:
                rows[-1][2].extend(
                    word for start, word in tokens if value_col - 4 <= start < before_col - 2
                )
            index += 1
    return [(number, name, " ".join(words)) for number, name, words in rows]


def _looks_like_table_line(line: str, value_col: int) -> bool:
    return not re.match(r"^\s*(The|This|On|If|See|In)\b", line)


def _first_line_value(tokens: list[tuple[int, str]], before_col: int) -> list[str]:
    words = tokens[2:]
    for position, (start, word) in enumerate(words):
        if word in ("true", "false") and abs(start - before_col) <= 3:
            return [w for _, w in words[:position]]
    return [w for start, w in words if start < before_col - 2]


# ---- counting and reporting ----------------------------------------------------------------------

_COUNTS: dict[str, Counter] = {revision: Counter() for revision in REVISIONS}


class _Report:
    """Adds the per-revision counts to pytest's terminal summary."""

    def pytest_terminal_summary(self, terminalreporter):
        if not any(_COUNTS.values()):
            return
        keys = [
            "condition expressions",
            "prose success",
            "prose failure",
            "footprint values",
            "context values",
            "orderings",
            "truth signatures",
            "text signatures",
            "text bodies",
            "known truth defects",
        ]
        terminalreporter.section("specgen.lang corpus")
        terminalreporter.write_line("revision   " + " | ".join(keys))
        for revision in REVISIONS:
            counts = _COUNTS[revision]
            cells = [f"{counts[key]:>{len(key)}}" for key in keys]
            terminalreporter.write_line(f"{revision:<10} " + " | ".join(cells))


@pytest.fixture(scope="module", autouse=True)
def _report(request):
    manager = request.config.pluginmanager
    if not manager.has_plugin("specgen-lang-corpus-report"):
        manager.register(_Report(), "specgen-lang-corpus-report")
    yield


def _check_round_trip(node, printer, reparse) -> None:
    text = printer(node)
    again = reparse(text)
    assert again == node, f"print/parse changed the AST of {text!r}"
    assert printer(again) == text


def _parse_truth_item(key, text, parse, revision, failures):
    """The AST of ``text``, or None after recording a failure (or a known truth defect)."""
    try:
        return parse(text)
    except LangSyntaxError as err:
        if key in KNOWN_TRUTH_DEFECTS:
            _COUNTS[revision]["known truth defects"] += 1
        else:
            failures.append(f"{' '.join(filter(None, key[1:]))}:\n{err}")
        return None


# ---- truth files -------------------------------------------------------------------------------


@pytest.mark.parametrize("revision", REVISIONS)
def test_truth_conditions_parse(revision):
    failures = []
    counts = _COUNTS[revision]
    for command in _truth(revision)["commands"]:
        for kind in ("failure_conditions", "success_conditions"):
            for condition in command[kind]:
                key = ("condition", command["name"], condition["id"])
                for side in ("pre", "post"):
                    text = condition[side]
                    if text is None:
                        continue
                    node = _parse_truth_item(
                        key, text, parse_expression_or_prose, revision, failures
                    )
                    if node is None:
                        continue
                    if isinstance(node, ast.Prose):
                        counts["prose " + kind.split("_")[0]] += 1
                    else:
                        counts["condition expressions"] += 1
                    _check_round_trip(node, print_expr, parse_expression_or_prose)
    print(f"{revision}: {dict(counts)}")
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize("revision", REVISIONS)
def test_truth_footprints_parse(revision):
    failures = []
    for command in _truth(revision)["commands"]:
        for item in command["footprint"]:
            key = ("footprint", command["name"], item["id"])
            node = _parse_truth_item(key, item["value"], parse_expression, revision, failures)
            if node is None:
                continue
            _COUNTS[revision]["footprint values"] += 1
            _check_round_trip(node, print_expr, parse_expression)
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize("revision", REVISIONS)
def test_truth_orderings_parse(revision):
    failures = []
    for command in _truth(revision)["commands"]:
        for text in command["failure_ordering"]:
            try:
                node = parse_ordering(text)
            except LangSyntaxError as err:
                failures.append(f"{command['name']}:\n{err}")
                continue
            ids = {c["id"] for c in command["failure_conditions"]}
            for dangling in sorted((set(node.before) | set(node.after)) - ids):
                if ("ordering", command["name"], dangling) in KNOWN_TRUTH_DEFECTS:
                    _COUNTS[revision]["known truth defects"] += 1
                else:
                    failures.append(f"{command['name']}: {text!r} names unknown ID {dangling}")
            _COUNTS[revision]["orderings"] += 1
            _check_round_trip(node, print_ordering, parse_ordering)
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize("revision", REVISIONS)
def test_truth_signatures_parse(revision):
    failures = []
    for function in _truth(revision)["functions"]:
        for text in function["signatures"]:
            key = ("signature", function["name"], "")
            node = _parse_truth_item(key, text, parse_signature, revision, failures)
            if node is None:
                continue
            assert node.name == function["name"]
            _COUNTS[revision]["truth signatures"] += 1
            _check_round_trip(node, print_signature, parse_signature)
    assert not failures, "\n\n".join(failures)


# ---- text files ----------------------------------------------------------------------------------


@pytest.mark.parametrize("revision", REVISIONS)
def test_text_signatures_and_bodies_parse(revision):
    functions = extract_functions(_text(revision))
    truth = {f["name"]: f for f in _truth(revision)["functions"]}
    # The throwaway extraction must see what the truth sees, or the test would prove little.
    assert len(functions) == len(_truth(revision)["functions"])
    failures = []
    for function in functions:
        assert len(function.signatures) == len(truth[function.name]["signatures"]), function.name
        assert bool(function.bodies) == truth[function.name]["has_body"], function.name
        for line, text in function.signatures:
            try:
                node = parse_signature(text)
            except LangSyntaxError as err:
                failures.append(f"{function.section} {function.name} (line {line}):\n{err}")
                continue
            _COUNTS[revision]["text signatures"] += 1
            _check_round_trip(node, print_signature, parse_signature)
        for line, text in function.bodies:
            try:
                node = parse_body(text)
            except LangSyntaxError as err:
                failures.append(f"{function.section} {function.name} body (line {line}):\n{err}")
                continue
            _COUNTS[revision]["text bodies"] += 1
            _check_round_trip(node, print_body, parse_body)
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize("revision", REVISIONS)
def test_text_context_values_parse(revision):
    rows = extract_context_values(_text(revision))
    # The truth drops the rows that follow a wrapped Value cell, so it holds fewer rows than
    # the document; every row it does hold must have been found here. (Its name cell
    # "mec_members_pre UInt64" swallowed the type where the name overflows its column.)
    truth_names = Counter(
        c["name"].split()[0] for cmd in _truth(revision)["commands"] for c in cmd["context"]
    )
    assert not truth_names - Counter(name for _, name, _ in rows)
    failures = []
    for line, name, value in rows:
        try:
            node = parse_expression(value)
        except LangSyntaxError as err:
            failures.append(f"context {name} (line {line}):\n{err}")
            continue
        _COUNTS[revision]["context values"] += 1
        _check_round_trip(node, print_expr, parse_expression)
    assert not failures, "\n\n".join(failures)


def test_rel0_conditions_parse_well_under_a_second():
    truth = _truth("1.0-rel0")
    texts = [
        condition[side]
        for command in truth["commands"]
        for kind in ("failure_conditions", "success_conditions")
        for condition in command[kind]
        for side in ("pre", "post")
        if condition[side]
    ]
    parse_expression("warm(up)")  # the one-off parser build is not part of the budget
    start = time.perf_counter()
    for text in texts:
        try:
            parse_expression_or_prose(text)
        except LangSyntaxError:
            pass  # the known truth defects
    elapsed = time.perf_counter() - start
    print(f"1.0-rel0: {len(texts)} condition cells parsed in {elapsed * 1000:.0f} ms")
    assert elapsed < 1.0
