"""JSON form of AST nodes: a "node" key, deterministic, positions only on request."""

from __future__ import annotations

import json

import pytest

from specgen.lang import (
    from_json,
    parse_body,
    parse_condition,
    parse_expression,
    parse_ordering,
    parse_signature,
    to_json,
)
from specgen.nodes import NODE_CLASSES, Name, Number, Span


def test_expression_json_shape():
    assert to_json(parse_expression("!F(x, 1)")) == {
        "node": "Unary",
        "op": "!",
        "operand": {
            "node": "Call",
            "func": "F",
            "args": [{"node": "Name", "name": "x"}, {"node": "Number", "text": "1", "value": 1}],
        },
    }


def test_default_json_has_no_positions_and_ignores_layout():
    assert to_json(parse_expression("a+b")) == to_json(parse_expression("  a\n + b"))
    assert "span" not in json.dumps(to_json(parse_expression("a+b")))


def test_positions_on_request():
    data = to_json(parse_expression("a + b"), positions=True)
    assert data["span"] == {"line": 1, "column": 1, "end_line": 1, "end_column": 6}
    assert data["right"]["span"] == {"line": 1, "column": 5, "end_line": 1, "end_column": 6}
    node = from_json(data)
    assert node.span == Span(1, 1, 1, 6)
    assert node.right.span == Span(1, 5, 1, 6)


@pytest.mark.parametrize(
    "node",
    [
        parse_expression("[a, b][W - 1:0] == '01' && TRUE"),
        parse_condition("pre: a post: b"),
        parse_condition("x"),
        parse_ordering("[a, b] < [c]"),
        parse_signature("func F(a : array [4] of bits(8)) => integer"),
        parse_body(
            "begin var x : T; if a then elsif b then else end "
            "case x of when A => otherwise => end for i = 0 to 1 do end "
            "while c do end assert d; F(); return; // c\n end"
        ),
    ],
    ids=["expr", "pre-post", "lone", "ordering", "signature", "body"],
)
def test_round_trip_through_json_text(node):
    data = to_json(node)
    text = json.dumps(data, sort_keys=True)
    assert from_json(json.loads(text)) == node
    assert json.dumps(to_json(from_json(data)), sort_keys=True) == text


def test_every_node_class_is_registered():
    assert {"Name", "Binary", "Prose", "Condition", "Ordering", "FunctionSig", "Block"} <= set(
        NODE_CLASSES
    )


def test_unknown_node_kind_is_rejected():
    with pytest.raises(ValueError):
        from_json({"node": "Nope"})
    with pytest.raises(ValueError):
        from_json({"name": "x"})


def test_nodes_are_hashable_and_frozen():
    assert len({Name("a"), Name("a"), Number("1", 1)}) == 2
    with pytest.raises(AttributeError):
        Name("a").name = "b"  # type: ignore[misc]
