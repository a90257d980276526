"""Structure stage: furniture, sections and tables on small hand-made layouts."""

from __future__ import annotations

from specgen.pdf.text_loader import layout_from_text, split_chunks
from specgen.structure.furniture import body_text
from specgen.structure.sections import split_sections
from specgen.structure.tables import header_cells, parse_table
from tests.fixtures.minispec import minispec_text


def _lines(text: str):
    return layout_from_text(text, "t.txt", "0" * 64).pages[0].lines


def test_split_chunks_separates_columns_at_two_spaces():
    chunks = split_chunks("  fid   X0  FID, value 0x1")
    assert [(c.text, c.x0) for c in chunks] == [("fid", 2), ("X0", 8), ("FID, value 0x1", 12)]


def test_furniture_headers_footers_and_contents_are_removed():
    body = body_text(layout_from_text(minispec_text(), "mini.txt", "0" * 64))
    texts = [line.text for line in body.lines]
    assert not any("Copyright" in t or "Non-Confidential" in t for t in texts)
    assert not any(t.startswith("Chapter B1. ") or t.startswith("B2.3. RMI") for t in texts)
    assert not any("......" in t for t in texts)
    assert body.contents == 3
    assert "B2.3.1 RMI_DATA_CREATE command" in texts  # a real heading survives
    assert any(t.startswith("ID") for t in texts)  # repeated table headers are structure


def test_footer_on_a_page_of_its_own_is_furniture():
    """A page whose body ended early, its footer alone on the next page (a text whose page
    break fell before the footer): the footer still stands at the bottom edge."""
    pages = minispec_text().split("\f")
    footer_at = pages[3].index("\nDEN0137 ")
    pages[3:4] = [pages[3][:footer_at] + "\n", "\n" * 30 + pages[3][footer_at + 1:]]
    body = body_text(layout_from_text("\f".join(pages), "mini.txt", "0" * 64))
    assert not any("Copyright" in line.text or "Non-Confidential" in line.text for line in body.lines)


def test_sections_follow_numbering_not_fixed_numbers():
    body = body_text(layout_from_text(minispec_text(), "mini.txt", "0" * 64))
    numbers = [s.number for s in split_sections(body.lines)]
    assert numbers[:8] == ["B1", "B1.1", "B1.2", "B1.3", "B1.4", "B1.5", "B1.6", "B2"]
    assert "C1" in numbers  # a chapter title page ends the section before it
    assert "B2.3.1.2.1" in numbers and numbers[-1] == "C1.8"


def test_heading_like_text_out_of_sequence_is_not_a_section():
    lines = _lines("B4.3.1 RMI_X command\n  B4.3.1.1 Interface\n  B9.9.9.9 Bogus reference\n  B4.3.1.2 Failure conditions\n")
    assert [s.number for s in split_sections(lines)] == ["B4.3.1", "B4.3.1.1", "B4.3.1.2"]


def test_table_wrapped_cells_are_joined_with_one_space():
    lines = _lines(
        "  ID        Condition\n"
        "  a_b       pre:  ((x == 1)\n"
        "                      && (y == 2))\n"
        "            post: ResultEqual(result, E)\n"
        "  c         pre: z\n"
        "            post: w\n"
    )
    table, end = parse_table(lines, 0)
    assert end == len(lines)
    assert [r.get("Condition") for r in table.rows] == [
        "pre: ((x == 1) && (y == 2)) post: ResultEqual(result, E)",
        "pre: z post: w",
    ]


def test_repeated_header_with_new_geometry_reopens_columns():
    lines = _lines(
        "  Name     Type      Description\n"
        "  a        T1        first\n"
        "  Name          Type        Description\n"
        "  b             T2          second\n"
    )
    table, _ = parse_table(lines, 0)
    assert [(r.get("Name"), r.get("Type"), r.get("Description")) for r in table.rows] == [
        ("a", "T1", "first"), ("b", "T2", "second")]


def test_name_overflow_is_repaired():
    lines = _lines(
        "  Name           Type           Description\n"
        "  host_call_pending RmmHostCallPending  Whether pending\n"
        "  too_long_nam e  UInt64        Broken word\n"
        "  wide_name_alone\n"
        "              UInt64            Next line carries the type\n"
    )
    table, _ = parse_table(lines, 0)
    assert [(r.get("Name"), r.get("Type")) for r in table.rows] == [
        ("host_call_pending", "RmmHostCallPending"), ("too_long_name", "UInt64"), ("wide_name_alone", "UInt64")]


def test_prose_after_table_ends_it():
    lines = _lines(
        "  ID        Condition\n"
        "  state     realm.state == OFF\n"
        "      Following execution, control does not return to the caller.\n"
    )
    table, end = parse_table(lines, 0)
    assert len(table.rows) == 1 and end == 2


def test_header_detection():
    assert header_cells(_lines("  Name   Byte offset   Type   Description\n")[0]) == ("Name", "Byte offset", "Type", "Description")
    assert header_cells(_lines("  Name of the thing is here\n")[0]) is None
    assert header_cells(_lines("  rd_state   Granule(rd).state\n")[0]) is None


def _typeset_row(cells: list[tuple[str, float, float]]):
    """A PDF-like line: (text, x0, columns per character) per cell, single spaces inside."""
    from specgen.pdf.model import Line, Word

    words = []
    for text, x0, pitch in cells:
        x = x0
        for position, part in enumerate(text.split(" ")):
            gap = 0.0 if not words else (1.0 if position else 4.0)
            words.append(Word(part, x, x + len(part) * pitch, gap, size=1.0))
            x += (len(part) + 1) * pitch
    return Line(1, 1, 0.0, tuple(words), 1.0)


def test_glued_cells_are_split_at_the_next_column_on_the_grid_or_by_the_glyphs():
    header = _typeset_row([("Name", 0, 1), ("Type", 20, 1), ("Description", 41, 1)])
    glued = "PsciInterfaceVersionInterface version"
    # A text (one column per character) and a facsimile placing the run at its column but
    # drawing it wider than the grid: both split where the Description column starts.
    for pitch in (1.0, 1.47):
        row, _ = parse_table((header, _typeset_row([("result", 0, 1), (glued, 20, pitch)])), 0, 0.3)
        assert [(r.get("Type"), r.get("Description")) for r in row.rows] == [("PsciInterfaceVersion", "Interface version")]
        assert row.rows[0].repairs == ("split 'PsciInterfaceVersionInterface version', which runs over the start of column "
                                       "'Description', into 'PsciInterfaceVersion' and 'Interface version'",)
    # A name that only runs over the column start (no new word begins there), one space
    # before its description, is not cut inside.
    row, _ = parse_table((header, _typeset_row([("result", 0, 1), ("RmiRecExitReason Exit reason", 26, 1)])), 0, 0.3)
    assert [(r.get("Type"), r.get("Description"), r.repairs) for r in row.rows] == [("RmiRecExitReason", "Exit reason", ())]


def test_watermark_letter_in_a_one_token_cell_is_dropped_apart_or_one_space_on():
    header = _typeset_row([("Name", 0, 1), ("Type", 20, 1), ("Description", 41, 1)])
    for cells in ([("desc", 0, 1), ("Bits64", 20, 1), ("T", 33, 1), ("RTTE descriptor", 41, 1)],
                  [("desc", 0, 1), ("Bits64 T", 20, 1), ("RTTE descriptor", 41, 1)]):
        table, _ = parse_table((header, _typeset_row(cells)), 0, 0.3)
        assert [(r.get("Type"), r.repairs) for r in table.rows] == [
            ("Bits64", ("dropped stray 'T' from the Type cell 'Bits64'",))]
    # A name broken inside a word goes on in lower case: that is no residue.
    header = _typeset_row([("Name", 0, 1), ("Type", 30, 1), ("Description", 41, 1)])
    table, _ = parse_table((header, _typeset_row([("lowest_affinity_leve l", 0, 1), ("UInt64", 30, 1)])), 0, 0.3)
    assert [(r.get("Name"), r.repairs) for r in table.rows] == [("lowest_affinity_level", ())]


def test_type_set_as_a_row_of_its_own_joins_the_name_above():
    lines = _lines(
        "  Name                 Type          Description\n"
        "  feat_da              RmmFeature    Whether DA is supported\n"
        "  max_num_aux_planes\n"
        "  UInt64                             Maximum number of auxiliary Planes\n"
        "  rtt_plane            UInt64        RTT usage\n"
        "  only_a_name\n"
        "  Unknown                            Not a type of this table: a row of its own\n"
    )
    table, _ = parse_table(lines, 0)
    assert [(r.get("Name"), r.get("Type"), r.get("Description")) for r in table.rows] == [
        ("feat_da", "RmmFeature", "Whether DA is supported"),
        ("max_num_aux_planes", "UInt64", "Maximum number of auxiliary Planes"),
        ("rtt_plane", "UInt64", "RTT usage"),
        ("only_a_name", "", ""),
        ("Unknown", "", "Not a type of this table: a row of its own")]
    assert table.rows[1].repairs == ("joined the row below, 'UInt64' with no Type (a Type of this table in its Name "
                                     "cell), to this row, which has only its Name",)


def test_a_sentence_set_as_the_last_row_ends_the_table():
    lines = _lines(
        "  ID          Condition\n"
        "  state       realm.state == REALM_SYSTEM_OFF\n"
        "  Following   execution of PSCI_SYSTEM_OFF, control does not return to the caller.\n"
    )
    table, end = parse_table(lines, 0)
    assert [r.get("ID") for r in table.rows] == ["state"] and end == 2
    lines = _lines(
        "  ID          Condition\n"
        "  state       realm.state == REALM_SYSTEM_OFF\n"
        "  Contents    Contents of target Granule are wiped.\n"
    )
    assert [r.get("ID") for r in parse_table(lines, 0)[0].rows] == ["state", "Contents"]


def test_wrapped_lines_join_with_one_space_and_a_compound_broken_at_its_hyphen_with_none():
    from specgen.structure.joining import join_wrapped

    assert join_wrapped(["upon first entry to Non-", "Secure exception level)"]) == \
        "upon first entry to Non-Secure exception level)"
    assert join_wrapped(["UInt(size) -", "1", "  ", "a  b"]) == "UInt(size) - 1 a b"
    # an expression written without blanks, broken by the typesetter after its minus
    assert join_wrapped(["[(RMM_REALM_MEASUREMENT_WIDTH-", "1):0]"]) == "[(RMM_REALM_MEASUREMENT_WIDTH-1):0]"
    assert join_wrapped(["x_2-", "y"]) == "x_2-y"
    assert join_wrapped(["a -", "(b)"]) == "a - (b)"
    # code broken inside an expression, wherever the typesetter broke it
    assert join_wrapped(["RttWalk(", "rd, ipa,", "RMM_RTT_PAGE_LEVEL)"]) == "RttWalk(rd, ipa, RMM_RTT_PAGE_LEVEL)"
    assert join_wrapped(["(!VmidsAreValid(v) || !", "VmidsAreFree(v))"]) == "(!VmidsAreValid(v) || !VmidsAreFree(v))"
    assert join_wrapped(["[value_0, value_1]", "[(WIDTH-1):0]"]) == "[value_0, value_1][(WIDTH-1):0]"
    assert join_wrapped(["f(a", ", b", ")"]) == "f(a, b)"
    assert join_wrapped(["an array", "[16] of bits", "Wow!", "Next"]) == "an array [16] of bits Wow! Next"
    header = _typeset_row([("Name", 0, 1), ("Description", 20, 1)])
    lines = (header, _typeset_row([("ctx", 0, 1), ("must be present in X0 upon entry to Non-", 20, 1)]),
             _typeset_row([("Secure exception level)", 20, 1)]))
    table, _ = parse_table(lines, 0, 0.3)
    assert table.rows[0].get("Description") == "must be present in X0 upon entry to Non-Secure exception level)"


def test_a_row_of_dots_leaves_rows_out_and_the_table_goes_on():
    lines = _lines(
        "  FID             Command\n"
        "  0xC4000150      RMI_VERSION\n"
        "  . . .\n"
        "  0xC4000157      RMI_REALM_ACTIVATE\n"
        "  \u2026\n"
        "  0xC4000161      RMI_RTT_READ_ENTRY\n"
        "  The next sentence is prose.\n"
    )
    table, end = parse_table(lines, 0)
    assert [r.get("FID") for r in table.rows] == ["0xC4000150", "0xC4000157", "0xC4000161"]
    assert end == len(lines) - 1
