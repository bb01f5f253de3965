"""CSV that spreadsheets cannot execute: every CSV the project writes goes through `csv_text`.

A cell starting with =, +, -, @, a tab or a carriage return is a formula to Excel, LibreOffice and Sheets
(OWASP, "CSV Injection"); such a cell is written with a leading apostrophe, which spreadsheets show as text. Reading
our own files back (`csv_cell_value`) removes that apostrophe, so an export and re-import round-trips the text.
"""

import csv
import io
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_cell_value(text: str) -> str:
    """The value behind a cell `csv_cell` wrote (a neutralised formula loses its apostrophe)."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def csv_text(header: list[str], rows: Iterable[Iterable[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([csv_cell(name) for name in header])
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return buffer.getvalue()
