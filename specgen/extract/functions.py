"""Command-condition functions: ``func`` signatures (overloads) and optional bodies.

A function section is found by its heading text ``<Name> function``. Signatures start with
``func`` and may wrap; a signature ends at the line holding ``=>`` (its return type). A body
runs from ``begin`` to the ``end`` at the same indentation; page breaks inside it are
harmless because furniture is already gone. Indentation is kept relative to ``begin`` so
the pseudocode stays readable and identical between PDF and text input.
"""

from __future__ import annotations

import re

from specgen.extract.common import Collector, loc, prose, tidy_code
from specgen.extract.ir import Function, Param, Signature
from specgen.extract.typing import type_ref
from specgen.pdf.model import Line
from specgen.structure.sections import Section

FUNCTION_TITLE = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*) (?i:function)$")
_SIGNATURE = re.compile(r"^func\s+(?P<name>\w+)\s*\((?P<params>.*?)\)\s*(?:=>\s*(?P<returns>.+))?$")


def is_function(section: Section) -> bool:
    return FUNCTION_TITLE.match(section.title) is not None


def extract_function(section: Section, out: Collector) -> Function:
    name = FUNCTION_TITLE.match(section.title).group("name")
    lines = section.lines
    summary_lines: list[Line] = []
    signatures: list[Signature] = []
    bodies: list[str] = []
    notes: list[Line] = []
    index = 0
    while index < len(lines):
        word = lines[index].words[0].text
        if word == "func":
            index = _read_signature(name, section, lines, index, signatures, out)
        elif word == "begin" and signatures:
            index = _read_body(name, section, lines, index, bodies, out)
        elif not signatures:
            summary_lines.append(lines[index])
            index += 1
        else:
            notes.append(lines[index])  # prose after the pseudocode (notes on the function): not IR
            index += 1
    if notes:
        out.info(f"function {name}: {len(notes)} line(s) of text after its pseudocode not extracted, from: "
                 f"{prose(tuple(notes[:1]))[:60]!r}", loc(notes[0], section.number), code="SG166")
    if not signatures:
        out.warn(f"function {name}: no signature found", loc(section.heading, section.number), code="SG160")
    if len(bodies) > 1:
        out.info(f"function {name}: {len(bodies)} bodies; kept in order", loc(section.heading, section.number),
                 code="SG165")
    return Function(
        name=name,
        section=section.number,
        summary=prose(tuple(summary_lines)),
        signatures=tuple(signatures),
        body="\n".join(bodies) if bodies else None,
        loc=loc(section.heading, section.number),
    )


def _read_signature(name: str, section: Section, lines, index: int, found: list, out: Collector) -> int:
    first = lines[index]
    parts = [first.text]
    index += 1
    while "=>" not in parts[-1] and index < len(lines):
        word = lines[index].words[0].text
        if word in ("func", "begin"):
            break
        parts.append(lines[index].text)
        index += 1
    text = tidy_code(" ".join(parts))
    where = loc(first, section.number)
    match = _SIGNATURE.match(text)
    if not match:
        out.warn(f"function {name}: signature not understood: {text!r}", where, code="SG161")
        found.append(Signature(text, (), None, where))
        return index
    if match["name"] != name:
        out.warn(f"function {name}: signature names {match['name']!r}", where, code="SG162")
    params = tuple(_param(p, name, where, out) for p in _split_params(match["params"]))
    found.append(Signature(text, params, type_ref(match["returns"]), where))
    return index


def _split_params(text: str) -> list[str]:
    depth, current, params = 0, [], []
    for char in text:
        depth += char in "([" and 1 or 0
        depth -= char in ")]" and 1 or 0
        if char == "," and depth == 0:
            params.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    if "".join(current).strip():
        params.append("".join(current).strip())
    return params


def _param(text: str, function: str, where, out: Collector) -> Param:
    name, sep, type_ = text.partition(":")
    if not sep:
        out.warn(f"function {function}: parameter without type: {text!r}", where, code="SG163")
    return Param(name.strip(), type_ref(type_))


_OPENS_BLOCK = re.compile(r"^(?!elsif\b).*\b(then|do|of)$|^begin$")
_CLOSES_BLOCK = re.compile(r"^end\b")


def _read_body(name: str, section: Section, lines, index: int, bodies: list, out: Collector) -> int:
    """Read ``begin`` … ``end`` by block nesting, not indentation: a page break may shift a
    line's indentation (and pdftotext's is approximate), but ``then``/``do``/``of`` and
    ``end`` always pair up."""
    begin = lines[index]
    base = begin.x0
    body: list[str] = []
    depth = 0
    while index < len(lines):
        line = lines[index]
        text = line.plain
        body.append(" " * max(0, round(line.x0 - base)) + text)
        index += 1
        code = text.split("//")[0].strip()
        depth += bool(_OPENS_BLOCK.match(code)) - bool(_CLOSES_BLOCK.match(code))
        if depth == 0:
            bodies.append("\n".join(body))
            return index
    out.warn(f"function {name}: 'begin' without matching 'end'", loc(begin, section.number), code="SG164")
    bodies.append("\n".join(body))
    return index
