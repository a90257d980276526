"""Tables whose typesetter sets rows apart by blank space, centres cells vertically and breaks
names inside a word where a narrow column ends (as LibreOffice does), next to the tight tables
of a pdftotext text that must keep their reading. Lines are built with their vertical
positions (points) and words at their x (character columns), no PDF needed."""

from __future__ import annotations

from specgen.pdf.model import Line, Word
from specgen.structure.tables import parse_table

LINE_HEIGHT = 10.0


def _line(top: float, cells: list[tuple[str, float]], page: int = 1, number: int = 1) -> Line:
    """A line at ``top`` whose cells start at the given columns (one column per character)."""
    words = []
    for text, x0 in cells:
        x = x0
        for position, part in enumerate(text.split(" ")):
            gap = 0.0 if not words else (1.0 if position else 4.0)
            words.append(Word(part, x, x + len(part), gap, size=1.0))
            x += len(part) + 1
    return Line(page, number, top, tuple(words), top + LINE_HEIGHT)


INPUT_HEADER = [("Name", 0), ("Register", 12), ("Bits", 22), ("Type", 28), ("Description", 40)]


def _rows(lines) -> list[dict[str, str]]:
    table, end = parse_table(tuple(lines), 0, 0.3)
    assert end == len(lines)
    return [dict(row.cells) for row in table.rows]


def test_rows_set_apart_by_blank_space_with_cells_centred_vertically():
    # Row pitch 30 pt, a cell's lines 10 pt apart: a two-line description is centred on the
    # row, so the row's name stands between its two lines.
    lines = [
        _line(0, INPUT_HEADER),
        _line(20, [("fid", 0), ("X0", 12), ("63:0", 22), ("UInt64", 28), ("FID, value 0xC4000153", 40)]),
        _line(45, [("IPA at which the Granule will be mapped", 40)]),
        _line(50, [("ipa", 0), ("X3", 12), ("63:0", 22), ("Address", 28)]),
        _line(55, [("in the target Realm", 40)]),
        _line(80, [("src", 0), ("X4", 12), ("63:0", 22), ("Address", 28), ("PA of the source Granule", 40)]),
    ]
    rows = _rows(lines)
    assert [row["Name"] for row in rows] == ["fid", "ipa", "src"]
    assert rows[1]["Description"] == "IPA at which the Granule will be mapped in the target Realm"
    assert rows[1]["Type"] == "Address"


def test_names_and_types_broken_where_their_column_ends_are_joined():
    # "challenge_0" did not fit its 11-column Name cell: "challenge_" ends a column short of
    # Register and "0" goes on two lines down; "RmiCommandReturnCod" / "e" in Type alike.
    header = [("Name", 0), ("Register", 12), ("Bits", 22), ("Type", 28), ("Description", 50)]
    lines = [
        _line(0, header),
        _line(20, [("challenge_", 0), ("Doubleword 0 of the", 50)]),
        _line(25, [("X1", 12), ("63:0", 22), ("Bits64", 28)]),
        _line(30, [("0", 0), ("challenge value", 50)]),
        _line(55, [("result", 0), ("X0", 12), ("63:0", 22), ("RmiCommandReturnCod", 28)]),
        _line(60, [("Command return status", 50)]),
        _line(65, [("e", 28)]),
    ]
    rows = _rows(lines)
    assert [row["Name"] for row in rows] == ["challenge_0", "result"]
    assert rows[0]["Description"] == "Doubleword 0 of the challenge value"
    assert rows[1]["Type"] == "RmiCommandReturnCode"


def test_a_name_alone_above_its_cells_is_a_row_even_when_it_nearly_fills_its_column():
    # A tight table (no blank between rows): a name too wide for the line of its cells
    # stands alone, its type and description on the next line.
    header = [("Name", 0), ("Type", 21), ("Description", 45)]
    lines = [
        _line(0, header),
        _line(10, [("ncoh_addr_range", 0), ("RmmAddressRange[16]", 21), ("Device address range", 45)]),
        _line(20, [("coh_num_addr_range", 0)]),
        _line(30, [("UInt64", 21), ("Number of ranges", 45)]),
    ]
    rows = _rows(lines)
    assert [(row["Name"], row["Type"]) for row in rows] == [
        ("ncoh_addr_range", "RmmAddressRange[16]"), ("coh_num_addr_range", "UInt64")]


def test_a_tight_table_goes_on_on_the_next_page_without_a_key():
    # The last row's postcondition is set at the top of the next page, the next row right
    # under it: the page break is no blank space between rows.
    header = [("ID", 0), ("Condition", 20)]
    lines = [
        _line(0, header),
        _line(10, [("da_en", 0), ("pre: realm.feat_da != FEATURE_TRUE", 20)]),
        _line(40, [("post: result == RSI_ERROR_STATE", 20)], page=2),
        _line(50, [("vdev_id", 0), ("pre: !VdevIdsAreValid(realm, vdev_id)", 20)], page=2),
        _line(60, [("post: result == RSI_ERROR_INPUT", 20)], page=2),
    ]
    rows = _rows(lines)
    assert [row["ID"] for row in rows] == ["da_en", "vdev_id"]
    assert rows[0]["Condition"] == "pre: realm.feat_da != FEATURE_TRUE post: result == RSI_ERROR_STATE"


def test_a_name_broken_on_its_page_is_joined_and_a_piece_the_page_broke_off_when_it_stands_alone():
    # On one page the rest of "host_cal" is joined. At the top of the next page a lower-case
    # piece with nothing else on its line is joined when blank space (or the table's end)
    # follows it -- a row would have cells; followed at once by the next row it cannot be
    # told from a short row name of its own: it stays a row, with a doubt to report.
    header = [("ID", 0), ("Value", 10)]
    lines = [
        _line(0, header),
        _line(10, [("host_cal", 0), ("rec.host_call_pending", 10)]),
        _line(15, [("l", 0)]),
        _line(30, [("rd_state", 0), ("GranuleAt(rd).state", 10)]),
        _line(40, [("e", 0)], page=2),
        _line(50, [("realm_liv", 0), ("RealmIsLive(rd)", 10)], page=2),
        _line(60, [("ipa_state", 0), ("RipasAt(ipa)", 10)], page=3),
        _line(20, [("x", 0)], page=4),
    ]
    table, _ = parse_table(tuple(lines), 0, 0.3)
    assert [dict(row.cells) for row in table.rows] == [
        {"ID": "host_call", "Value": "rec.host_call_pending"},
        {"ID": "rd_state", "Value": "GranuleAt(rd).state"}, {"ID": "e", "Value": ""},
        {"ID": "realm_liv", "Value": "RealmIsLive(rd)"}, {"ID": "ipa_statex", "Value": "RipasAt(ipa)"}]
    assert [row.doubts for row in table.rows] == [(), (), (
        "'e' may be the rest of 'rd_state' above it, broken where its column ends; kept as a row of its own",), (), ()]


def test_a_capitalised_word_under_a_lower_case_name_is_not_its_rest():
    header = [("Name", 0), ("Type", 20), ("Description", 34)]
    lines = [
        _line(0, header),
        _line(10, [("max_num_aux_planes", 0)]),
        _line(20, [("UInt64", 0), ("Maximum number of auxiliary Planes", 34)]),
        _line(30, [("rtt_plane", 0), ("UInt64", 20), ("RTT usage", 34)]),
    ]
    assert [row["Name"] for row in _rows(lines)] == ["max_num_aux_planes", "rtt_plane"]


def test_a_negative_encoding_on_a_line_of_its_own_keeps_the_table_going():
    header = [("Encoding", 0), ("Name", 10), ("Description", 40)]
    lines = [
        _line(0, header),
        _line(20, [("Refer to PSCI", 40)]),
        _line(25, [("-3", 0), ("PSCI_DENIED", 10)]),
        _line(30, [("specification", 40)]),
        _line(50, [("PSCI_INVALID_PARAMETERS", 10), ("Refer to PSCI", 40)]),
        _line(55, [("-2", 0)]),
        _line(60, [("specification", 40)]),
    ]
    rows = _rows(lines)
    assert [(row["Encoding"], row["Name"]) for row in rows] == [("-3", "PSCI_DENIED"), ("-2", "PSCI_INVALID_PARAMETERS")]
    assert rows[1]["Description"] == "Refer to PSCI specification"


def test_rows_of_a_tight_text_table_are_not_merged():
    header = [("ID", 0), ("Condition", 20)]
    lines = [_line(0, header)] + [
        _line(10 * (n + 1), [(name, 0), (f"pre: {name}_ok", 20)]) for n, name in enumerate(
            ["data_align", "data_bound", "data_state"])]
    assert [row["ID"] for row in _rows(lines)] == ["data_align", "data_bound", "data_state"]


def test_a_row_set_in_the_font_of_justified_prose_is_cells_when_its_second_word_starts_the_column():
    # FEATURE_FALSE, then its description in the same font: the blanks are justified-even,
    # but the description starts right at the Description column after a wider blank.
    header = _line(0, [("Name", 0.8), ("Description", 16.8)])
    words = (Word("FEATURE_FALSE", 0.8, 15.3, 0.0, size=1.0), Word("•", 16.8, 17.8, 2.99, size=1.0),
             Word("During", 18.9, 24.6, 2.16, size=1.0), Word("discovery:", 25.7, 34.0, 2.16, size=1.0),
             Word("Feature", 35.1, 41.5, 2.16, size=1.0))
    lines = [header, Line(1, 2, 20.0, words, 30.0),
             _line(32, [("enabled.", 16.8)]), _line(50, [("FEATURE_TRUE", 0.8), ("• During discovery", 16.8)])]
    rows = _rows(lines)
    assert [row["Name"] for row in rows] == ["FEATURE_FALSE", "FEATURE_TRUE"]
    assert rows[0]["Description"] == "• During discovery: Feature enabled."


def test_a_justified_row_whose_middle_cell_is_empty_is_cells_too():
    # Name | Type | Description: the Type cell left empty, the description starting right
    # at its own column after a wider blank.
    header = _line(0, [("Name", 0.8), ("Type", 16.8), ("Description", 30.0)])
    words = (Word("reserved_bits", 0.8, 13.8, 0.0, size=1.0), Word("Must", 30.0, 34.0, 2.99, size=1.0),
             Word("be", 36.2, 38.2, 2.16, size=1.0), Word("zero", 40.4, 44.4, 2.16, size=1.0))
    lines = [header, Line(1, 2, 20.0, words, 30.0), _line(40, [("rd", 0.8), ("Address", 16.8), ("PA", 30.0)])]
    rows = _rows(lines)
    assert [(row["Name"], row["Type"], row["Description"]) for row in rows] == [
        ("reserved_bits", "", "Must be zero"), ("rd", "Address", "PA")]
