"""`extract` reports names generators cannot use, with their location (specgen.extract.names)."""

from __future__ import annotations

from click.testing import CliRunner

from specgen.api import extract_file, load_ir
from specgen.cli import main
from specgen.extract.names import identifier_problems
from tests.fixtures.minispec import minispec_text


def _bad_spec(tmp_path):
    text = minispec_text()
    text = text.replace("        data                 X2 ", "        data-pa              X2 ")
    text = text.replace("  data_align                   pre", "  data.align                   pre")
    path = tmp_path / "bad.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_bad_names_are_located_errors(tmp_path):
    ir = extract_file(_bad_spec(tmp_path))
    errors = [d for d in ir.diagnostics if "is not an identifier" in d.message]
    assert [(d.severity.value, d.loc.page, d.loc.section) for d in errors] == [
        ("error", 6, "B2.3.1.1.1"), ("error", 6, "B2.3.1.2")]
    assert "input name 'data-pa'" in errors[0].message and "failure condition id 'data.align'" in errors[1].message


def test_extract_lists_them_and_strict_fails(tmp_path):
    spec = _bad_spec(tmp_path)
    result = CliRunner().invoke(main, ["extract", str(spec), "-o", str(tmp_path / "ir.json")])
    assert result.exit_code == 0
    assert "page 6, line 15 (section B2.3.1.1.1): error SG403: RMI_DATA_CREATE: input name 'data-pa' is not an identifier" in result.output
    strict = CliRunner().invoke(main, ["extract", str(spec), "-q", "--strict", "-o", str(tmp_path / "ir2.json")])
    assert strict.exit_code == 1


def test_every_corpus_name_is_an_identifier():
    """The bundled revisions (from the corpus) have none: the rule does not reject real names
    (array members such as ``gprs[0]`` included)."""
    for version in ("1.0-eac5", "1.0-rel0", "1.1-alp11", "1.1-alp12"):
        ir = load_ir(version)
        assert identifier_problems(ir.commands, ir.functions, ir.types) == []
    assert any("[" in m.name for t in load_ir("1.0-rel0").types for m in t.members)
