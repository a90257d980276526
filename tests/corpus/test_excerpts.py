"""Excerpts of the corpus documents give, for every command they hold in full, the same IR as
the whole document; what they cut is reported, not invented. And every corpus revision passes
``extract --strict`` with every command complete and every condition parsed.

Two kinds of excerpt: a file made of a few pages of the rel0 text (the title page and pages
14, 31-34, 80-81, joined with form feeds: one page of functions, RMI commands, PSCI commands,
with numbering jumping from B3.27 to B4.3.6 to B6.3.1), and ``--pages`` ranges covering each
command chapter of every revision.

"The same IR" allows one difference, and only that one: a reference to a type whose definition
the excerpt does not hold is unresolved in the excerpt (``tests/fixtures/excerpt_types.py``).
"""

from __future__ import annotations

import pytest

from specgen.diagnostics import Severity
from specgen.extract.accounting import accounting
from specgen.extract.ir import to_data
from specgen.extract.pipeline import extract
from specgen.lang.annotate import annotate
from specgen.pdf.text_loader import layout_from_text
from tests.conftest import REVISIONS
from tests.corpus.test_pdf_vs_text import without_locations
from tests.corpus.irs import corpus_ir, corpus_layout
from tests.fixtures.excerpt_types import as_without_definitions

EXCERPT_PAGES = (1, 14, 31, 32, 33, 34, 80, 81)


def _problems(ir, section: str) -> list[str]:
    return [str(d) for d in ir.diagnostics if d.severity is not Severity.INFO and d.loc is not None
            and (d.loc.section == section or d.loc.section.startswith(section + "."))]


def _by_name(items, defined: set[str], unresolved: list[str]) -> dict:
    """The whole document's elements as an input defining only the types ``defined`` states them."""
    return {item.name: without_locations(as_without_definitions(to_data(item), defined, unresolved)) for item in items}


@pytest.mark.parametrize("kind", ["text", "pdf"])
@pytest.mark.parametrize("revision", REVISIONS)
def test_strict_passes_and_everything_is_accounted_for(corpus, revision, kind, record_property):
    ir = corpus_ir(corpus, revision, kind)
    problems = [str(d) for d in ir.diagnostics if d.severity is not Severity.INFO]
    account = accounting(ir)
    summary = (f"strict {revision} {kind}: {len(problems)} warnings/errors, "
               f"{sum(d.severity is Severity.INFO for d in ir.diagnostics)} infos; commands complete "
               f"{account.complete_commands}/{account.commands}, conditions parsed {account.parsed_conditions}/"
               f"{account.conditions}, pages without text {len(account.pages_without_text)}")
    record_property("strict_summary", summary)
    assert problems == []
    assert account.complete_commands == account.commands and account.parsed_conditions == account.conditions
    assert account.pages_without_text == ()


def test_rel0_page_excerpt_gives_the_whole_documents_commands(corpus, record_property):
    text = (corpus / "text" / "DEN0137_1.0-rel0.txt").read_text(encoding="utf-8").split("\f")
    excerpt = annotate(extract(layout_from_text("\f".join(text[p - 1] for p in EXCERPT_PAGES) + "\f", "excerpt.txt", "0" * 64)))
    whole = corpus_ir(corpus, "1.0-rel0", "text")
    assert excerpt.document.version == "1.0-rel0"
    defined, unresolved = {t.name for t in excerpt.types}, []
    whole_commands, whole_functions = _by_name(whole.commands, defined, []), _by_name(whole.functions, defined, [])
    complete = [c for c in excerpt.commands if not _problems(excerpt, c.section)]
    cut = sorted(c.name for c in excerpt.commands if _problems(excerpt, c.section))
    for command in complete:
        assert without_locations(to_data(command)) == whole_commands[command.name], command.name
        as_without_definitions(to_data(next(c for c in whole.commands if c.name == command.name)), defined, unresolved)
    # The excerpt's pages end inside these two commands: they are reported, not completed.
    assert cut == ["PSCI_FEATURES", "RMI_REALM_CREATE"]
    assert {"RMI_PSCI_COMPLETE", "PSCI_CPU_ON"} <= {c.name for c in complete}
    functions = [f for f in excerpt.functions if not _problems(excerpt, f.section)]
    for function in functions:
        assert without_locations(to_data(function)) == whole_functions[function.name], function.name
    # PsciReturnCodePermitted's body goes on on page 15, which the excerpt leaves out.
    assert sorted(f.name for f in excerpt.functions if _problems(excerpt, f.section)) == ["PsciReturnCodePermitted"]
    record_property("excerpt_summary", f"rel0 excerpt (pages {EXCERPT_PAGES}): {len(complete)} commands equal to "
                    f"the whole document's ({len(unresolved)} references to types the excerpt does not define "
                    f"unresolved), {len(cut)} cut by the excerpt and reported ({', '.join(cut)}); "
                    f"{len(functions)}/{len(excerpt.functions)} functions equal")


def chapter_ranges(ir) -> dict[str, tuple[int, int]]:
    """Per command chapter (the top level of the commands' section numbers), the pages from
    its first command heading to the page of the first heading after its last command (a
    command's last part may stand on a page of its own, with nothing but its heading)."""
    headings = sorted((e.loc.page, e.loc.line, e.section) for e in ir.commands + ir.functions + ir.types)
    ranges: dict[str, tuple[int, int]] = {}
    for chapter in dict.fromkeys(c.section.split(".")[0] for c in ir.commands):
        commands = [c for c in ir.commands if c.section.split(".")[0] == chapter]
        last = max((c.loc.page, c.loc.line) for c in commands)
        after = [page for page, line, section in headings if (page, line) > last and not section.startswith(chapter + ".")]
        end = after[0] if after else max(p.loc.page for c in commands for p in c.footprint + c.success_conditions)
        ranges[chapter] = (min(c.loc.page for c in commands), end)
    return ranges


@pytest.mark.parametrize(("revision", "kind"), [(r, "text") for r in REVISIONS] + [("1.0-rel0", "pdf")])
def test_chapter_page_ranges_give_the_whole_documents_commands(corpus, revision, kind, record_property):
    whole = corpus_ir(corpus, revision, kind)
    layout = corpus_layout(corpus, revision, kind)
    counted, unresolved = [], []
    for chapter, (first, last) in sorted(chapter_ranges(whole).items()):
        excerpt = annotate(extract(layout, pages=range(first, last + 1)))
        defined = {t.name for t in excerpt.types}
        own = [c.name for c in whole.commands if c.section.split(".")[0] == chapter]
        expected = {c.name: as_without_definitions(to_data(c), defined, unresolved if c.name in own else None)
                    for c in whole.commands}
        names = [c.name for c in excerpt.commands]
        assert names[: len(own)] == own
        for command in excerpt.commands:  # pages keep their numbers: even the locations agree
            problems = _problems(excerpt, command.section)
            if command.name in own:
                assert problems == [] and to_data(command) == expected[command.name], command.name
            else:  # the next chapter's first command, where it starts on the range's last page
                assert problems or to_data(command) == expected[command.name], command.name
        cut = [c.section for c in excerpt.commands if c.name not in own]
        assert all(any(d.loc and d.loc.section.startswith(section) for section in cut)
                   for d in excerpt.diagnostics if d.severity is not Severity.INFO)
        counted.append(f"{chapter} pages {first}-{last}: {len(own)} commands" + (f" (+{len(cut)} cut)" if cut else ""))
    record_property("pages_summary", f"--pages {revision} {kind}: " + "; ".join(counted) + ", all equal to the whole "
                    f"document but for {len(unresolved)} references to types outside the range, unresolved there")
