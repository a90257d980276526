"""Diff reports as text, Markdown, JSON and HTML: content, stable JSON schema, and escaping
of hostile spec text (no corpus needed)."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

from specgen.diff import SCHEMA, diff_irs, render
from specgen.diff.present import word_diff
from specgen.generate.errors import UnsafeText
from specgen.generate.filters import FILTERS, html
from tests.fixtures.diff_edits import bet0_like_psci, command, edit_condition, rel0, with_command

HOSTILE = "</td></tr><script>alert('x')</script> `code` | pipe & <b>"


@pytest.fixture(scope="module")
def psci_report():
    return diff_irs(bet0_like_psci(rel0()), rel0())


@pytest.fixture(scope="module")
def hostile_report():
    ir = rel0()
    psci = command(ir, "RMI_PSCI_COMPLETE")
    alias = psci.failure_conditions[0]
    hostile = replace(alias, pre=HOSTILE, pre_ast=None)
    edited = with_command(ir, replace(psci, failure_conditions=(hostile, *psci.failure_conditions[1:]),
                                      summary=psci.summary + HOSTILE))
    return diff_irs(ir, edited)


def test_json_schema(psci_report):
    data = json.loads(render(psci_report, "json"))
    assert data["schema"] == SCHEMA == "specgen-diff/1"
    assert set(data) == {"schema", "old", "new", "editorial_included", "summary", "changes"}
    assert data["old"] == {"version": "1.0-rel0", "source": {"kind": "pdf", "sha256": rel0().document.source.sha256}}
    assert data["summary"] == {"behavioural": 8, "editorial": 0, "by_kind": {
        "function.added": 1, "input.added": 1, "failure_condition.added": 1, "success_condition.added": 1,
        "success_condition.pre_changed": 4}}
    change = data["changes"][0]
    assert set(change) == {"kind", "category", "entity", "name", "item", "old", "new", "detail"}
    status = command(rel0(), "RMI_PSCI_COMPLETE").inputs[3].loc
    assert change == {
        "kind": "input.added", "category": "behavioural", "entity": "command", "name": "RMI_PSCI_COMPLETE",
        "item": "status", "old": None, "detail": "input status added (X3 [63:0] PsciReturnCode)",
        "new": {"text": "status: X3 [63:0] PsciReturnCode",
                "loc": {"page": status.page, "line": status.line, "section": status.section}},
    }
    assert render(psci_report, "json") == render(psci_report, "json")  # deterministic


def test_json_lists_editorial_only_when_asked(hostile_report):
    hidden = json.loads(render(hostile_report, "json"))
    shown = json.loads(render(hostile_report, "json", editorial=True))
    assert hidden["summary"]["editorial"] == 1 and not hidden["editorial_included"]
    assert [c["kind"] for c in hidden["changes"]] == ["failure_condition.pre_changed"]
    assert [c["kind"] for c in shown["changes"]] == ["failure_condition.pre_changed", "command.summary_changed"]


def test_text_report(psci_report):
    text = render(psci_report, "text")
    assert "DEN0137 1.0-rel0 (pdf) → 1.0-rel0 (pdf)" in text
    assert "command RMI_PSCI_COMPLETE" in text and "function PsciReturnCodePermitted" in text
    assert "+ input status added (X3 [63:0] PsciReturnCode)" in text
    assert "~ success condition on_already: precondition changed" in text
    assert "8 behavioural change(s); 0 editorial" in text
    assert "\x1b[" not in text  # plain: no colour codes


def test_text_report_editorial_switch(hostile_report):
    assert "description reworded" not in render(hostile_report, "text")
    assert "description reworded" in render(hostile_report, "text", editorial=True)


def test_no_changes_reads_no_changes():
    assert "no changes" in render(diff_irs(rel0(), rel0()), "text")
    assert "no changes" in render(diff_irs(rel0(), rel0()), "md")


def test_markdown(psci_report, hostile_report):
    md = render(psci_report, "md")
    assert md.startswith("# Behavioural diff: DEN0137 1.0-rel0 (pdf) → 1.0-rel0 (pdf)")
    assert "## command RMI\\_PSCI\\_COMPLETE" in md
    assert "`status: X3 [63:0] PsciReturnCode`" in md
    assert "| `input.added` | behavioural | 1 |" in md
    hostile = render(hostile_report, "md", editorial=True)
    outside_code = re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", hostile)
    assert "alert" in hostile and "alert" not in outside_code and "<" not in outside_code
    assert "``</td></tr><script>alert('x')</script> `code` | pipe & <b>``" in hostile


def test_html_is_self_contained_and_side_by_side(psci_report):
    page = render(psci_report, "html")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert not re.search(r"""(src|href)=["'](https?:|//)|<link|@import|<script""", page)
    assert page.count('<table class="changes">') == 2  # RMI_PSCI_COMPLETE and PsciReturnCodePermitted
    assert '<h2 id="command-RMI_PSCI_COMPLETE">command RMI_PSCI_COMPLETE</h2>' in page
    assert "<th>1.0-rel0</th><th>1.0-rel0</th>" in page
    assert "<mark>status == PSCI_SUCCESS &amp;&amp; </mark>" in page


def test_html_escapes_hostile_text(hostile_report):
    page = render(hostile_report, "html", editorial=True)
    assert "<script>" not in page and "</td></tr><script>" not in page
    assert "&lt;/td&gt;&lt;/tr&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "&lt;b&gt;" in page and "<b>" not in page


def test_html_filter():
    assert FILTERS["html"] is html
    assert html("""<a href="x">'&'</a>""") == "&lt;a href=&#34;x&#34;&gt;&#39;&amp;&#39;&lt;/a&gt;"
    assert html(7) == "7" and html("plain") == "plain"
    with pytest.raises(UnsafeText):
        html(None)
    with pytest.raises(UnsafeText):
        html(["<x>"])


def test_word_diff_marks_only_the_changed_words():
    old, new = word_diff("ResultEqual(result, RMI_ERROR_INPUT)", "ResultEqual(result, RMI_ERROR_REALM)")
    assert [(s.text, s.marked) for s in old] == [("ResultEqual(result, ", False), ("RMI_ERROR_INPUT", True), (")", False)]
    assert [(s.text, s.marked) for s in new] == [("ResultEqual(result, ", False), ("RMI_ERROR_REALM", True), (")", False)]
    old, new = word_diff("a\n  b", "a\n    b")
    assert not any(s.marked for s in old + new)


def test_multiline_changes_show_a_line_diff():
    ir = rel0()
    function = next(f for f in ir.functions if f.name == "PsciReturnCodePermitted")
    from specgen.lang import parse_body

    body = function.body.replace("value == PSCI_DENIED", "value == PSCI_NOT_SUPPORTED")
    edited = replace(function, body=body, body_ast=parse_body(body))
    report = diff_irs(ir, replace(ir, functions=tuple(edited if f.name == function.name else f for f in ir.functions)))
    text = render(report, "text")
    assert "-          && value == PSCI_DENIED) then" in text
    assert "+          && value == PSCI_NOT_SUPPORTED) then" in text
    assert "```diff" in render(report, "md")


def test_unknown_format():
    with pytest.raises(ValueError, match="unknown diff format"):
        render(diff_irs(rel0(), rel0()), "pdf")


def test_error_code_edit_reads_well_everywhere():
    ir = rel0()
    edited = edit_condition(ir, "RMI_PSCI_COMPLETE", "failure_conditions", "owner", post="ResultEqual(result, RMI_ERROR_REALM)")
    report = diff_irs(ir, edited)
    assert "failure condition owner: error code RMI_ERROR_INPUT → RMI_ERROR_REALM" in render(report, "text")
    assert "<mark>RMI_ERROR_REALM</mark>" in render(report, "html")
