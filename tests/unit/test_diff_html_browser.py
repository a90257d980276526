"""The HTML diff report renders in headless Chromium (skipped, with the reason, when Chromium
is not installed): the screenshot is a real page, not blank and not one colour."""

from __future__ import annotations

import importlib.util
import struct
import zlib
from pathlib import Path

import pytest

from specgen.diff import diff_irs, render
from tests.fixtures.diff_edits import bet0_like_psci, rel0

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "screenshot_diff_html.py"


def _script():
    spec = importlib.util.spec_from_file_location("screenshot_diff_html", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of raw pixel bytes) of an 8-bit RGB/RGBA, non-interlaced PNG:
    just enough decoding to tell a rendered page from a blank one, without Pillow."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, chunks = 8, {}
    idat = b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position:position + 4])
        kind = data[position + 4:position + 8]
        body = data[position + 8:position + 8 + length]
        if kind == b"IDAT":
            idat += body
        else:
            chunks.setdefault(kind, body)
        position += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[b"IHDR"])
    assert depth == 8 and colour in (2, 6) and interlace == 0, "unexpected PNG format"
    channels = 3 if colour == 2 else 4
    stride = width * channels
    raw = zlib.decompress(idat)
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        filter_type = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up = previous[x]
            corner = previous[x - channels] if x >= channels else 0
            if filter_type == 1:
                line[x] = (line[x] + left) & 0xFF
            elif filter_type == 2:
                line[x] = (line[x] + up) & 0xFF
            elif filter_type == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif filter_type == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[x] = (line[x] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, rows


def test_png_reader_on_a_tiny_image():
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    raw = b"\x00" + bytes([255, 0, 0, 0, 255, 0]) + b"\x02" + bytes([0, 0, 0, 0, 0, 0])
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)) \
        + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    assert png_pixels(png) == (2, 2, [bytes([255, 0, 0, 0, 255, 0])] * 2)


def test_html_report_renders_in_headless_chromium(tmp_path, record_property):
    script = _script()
    if script.find_chromium() is None:
        pytest.skip("chromium not installed (apt-get install chromium); the HTML report was not rendered")
    html = tmp_path / "report.html"
    html.write_text(render(diff_irs(bet0_like_psci(rel0()), rel0()), "html"), encoding="utf-8")
    png = script.screenshot(html, tmp_path / "report.png", width=1400, height=1000)
    data = png.read_bytes()
    width, height, rows = png_pixels(data)
    assert (width, height) == (1400, 1000)
    channels = len(rows[0]) // width
    colours = {row[x:x + 3] for row in rows[::7] for x in range(0, len(row), channels * 7)}
    marked = sum(1 for row in rows[::4] for x in range(0, len(row), channels * 4) if row[x:x + 3] == bytes([0xCC, 0xFF, 0xD8]))
    record_property("diff_html_summary", f"diff HTML screenshot: {width}x{height}, {len(data)} bytes, "
                                         f"{len(colours)} distinct sampled colours, {marked} sampled 'added' highlight pixels")
    assert len(data) > 20_000
    assert len(colours) > 20, "screenshot is (nearly) one colour: the page did not render"
    assert marked > 50, "no green 'added' highlight visible: the side-by-side table did not render"
