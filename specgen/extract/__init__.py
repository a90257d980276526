"""Extraction stage: sections and tables -> the typed, located IR."""
