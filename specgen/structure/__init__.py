"""Structure stage: page furniture removed, body lines grouped into numbered sections, and
each section's lines made blocks -- tables of rows and cells (found from their header row)
and paragraphs -- the structural model the extractors read (``document``)."""
