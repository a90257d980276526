"""Layout stage: turn a PDF or a ``pdftotext -layout`` text into pages of positioned lines.

Both inputs produce the same ``LayoutDocument`` so that every later stage is shared.
"""

from specgen.pdf.model import Chunk, LayoutDocument, Line, Page
from specgen.pdf.load import load_layout

__all__ = ["Chunk", "LayoutDocument", "Line", "Page", "load_layout"]
