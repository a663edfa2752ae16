"""Importing the official enterprise lists (MOEL/KoSEA, cooperatives, village and self-sufficiency
enterprises) from CSV and XLSX. See docs/registry-import.md."""

from dure.registry.importing.importer import ImportResult, import_file, parse_file
from dure.registry.importing.reader import UnreadableFile

__all__ = ["ImportResult", "UnreadableFile", "import_file", "parse_file"]
