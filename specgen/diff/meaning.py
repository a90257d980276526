"""What two spellings of a spec element have to share to mean the same thing.

Why ASTs and not text: revisions reflow lines, add or drop redundant parentheses and
re-indent pseudocode; none of that changes behaviour. The IR carries each element's AST;
its JSON (``specgen.nodes.to_json``) has no source positions, so equal JSON means equal
meaning. When an element did not
parse (its AST is None) the comparison falls back to its text with all whitespace removed,
which still ignores reflow.
"""

from __future__ import annotations

import json
import re

from specgen.nodes import Node, from_json, to_json

_SPACE = re.compile(r"\s+")
_LINE_COMMENT = re.compile(r"//[^\n]*")


def squeeze(text: str | None) -> str:
    """Text without any whitespace: the fallback identity of unparsed text."""
    return "" if text is None else _SPACE.sub("", text)


def collapse(text: str | None) -> str:
    """Text with runs of whitespace as one space: for descriptions and summaries."""
    return "" if text is None else " ".join(text.split())


def as_data(ast):
    """An AST as its JSON data (the functions below compare and rewrite JSON)."""
    return to_json(ast) if isinstance(ast, Node) else ast


def fingerprint(ast, text: str | None) -> str:
    """A hashable identity of an element's meaning: its AST JSON, else its squeezed text."""
    ast = as_data(ast)
    if ast is not None:
        return "ast:" + json.dumps(ast, sort_keys=True)
    return "text:" + squeeze(text)


def without_comments(ast):
    """A pseudocode AST (JSON) with ``Comment`` statements dropped, at every depth."""
    ast = as_data(ast)
    if isinstance(ast, dict):
        cleaned = {key: without_comments(value) for key, value in ast.items()}
        if ast.get("node") == "Block":
            cleaned["statements"] = [s for s in cleaned["statements"] if s.get("node") != "Comment"]
        return cleaned
    if isinstance(ast, list):
        return [without_comments(item) for item in ast]
    return ast


def body_fingerprint(ast: dict | None, text: str | None) -> str:
    """Identity of a function body's behaviour: AST without comments, else the squeezed text
    without ``//`` comments."""
    if ast is not None:
        return fingerprint(without_comments(ast), None)
    return "text:" + squeeze(_LINE_COMMENT.sub("", text or ""))


def error_codes(ast: dict | None) -> tuple[str, list[str]]:
    """Split a failure postcondition into its shape and the error codes it reports.

    An error code is the name compared with ``result``: ``ResultEqual(result, CODE, …)`` or
    ``result == CODE``. The shape is the AST JSON with each code replaced by a placeholder,
    so two posts that differ only in their codes have the same shape.
    """
    codes: list[str] = []
    ast = as_data(ast)

    def strip(node):
        if isinstance(node, list):
            return [strip(item) for item in node]
        if not isinstance(node, dict):
            return node
        code = _reported_code(node)
        if code is not None:
            codes.append(code[1]["name"])
            node = dict(node)
            if node.get("node") == "Call":
                node["args"] = [node["args"][0], {"node": "Name", "name": "<code>"}, *node["args"][2:]]
            else:
                node[code[0]] = {"node": "Name", "name": "<code>"}
        return {key: strip(value) for key, value in node.items()}

    shape = strip(ast)
    return json.dumps(shape, sort_keys=True), codes


def _is_name(node, name: str | None = None) -> bool:
    return isinstance(node, dict) and node.get("node") == "Name" and (name is None or node.get("name") == name)


def _reported_code(node: dict) -> tuple[str, dict] | None:
    """(field, Name node) of the code in ``ResultEqual(result, CODE…)`` / ``result == CODE``."""
    if node.get("node") == "Call" and node.get("func") == "ResultEqual":
        args = node.get("args", [])
        if len(args) >= 2 and _is_name(args[0], "result") and _is_name(args[1]):
            return "args", args[1]
    if node.get("node") == "Binary" and node.get("op") == "==":
        left, right = node.get("left"), node.get("right")
        if _is_name(left, "result") and _is_name(right):
            return "right", right
        if _is_name(right, "result") and _is_name(left):
            return "left", left
    return None


def rename_names(ast, renames: dict[str, str]):
    """An AST (JSON) with ``Name`` nodes renamed by ``renames`` (old → new), so that conditions
    of a revision that renamed an input compare equal when nothing else changed."""
    if not renames or ast is None:
        return ast
    if isinstance(ast, Node):
        return from_json(rename_names(to_json(ast), renames))
    if isinstance(ast, list):
        return [rename_names(item, renames) for item in ast]
    if not isinstance(ast, dict):
        return ast
    if ast.get("node") == "Name" and ast.get("name") in renames:
        return {**ast, "name": renames[ast["name"]]}
    return {key: rename_names(value, renames) for key, value in ast.items()}


def called_functions(ast) -> set[str]:
    """Names of the functions an AST (JSON) calls, and of the named types it mentions."""
    found: set[str] = set()
    ast = as_data(ast)
    if isinstance(ast, dict):
        if ast.get("node") == "Call":
            found.add(ast["func"])
        if ast.get("node") == "NamedType":
            found.add(ast["name"])
        for value in ast.values():
            found |= called_functions(value)
    elif isinstance(ast, list):
        for item in ast:
            found |= called_functions(item)
    return found
