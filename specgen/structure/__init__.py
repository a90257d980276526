"""Structure stage: page furniture removed, body lines grouped into numbered sections, and
tables split into rows and cells by the geometry of their header row."""
