"""Dates from addresses and query strings are bounded where they enter: a 404 (or a form
error), never an overflow. Named in issue 8: ``/9999/12/31/any-slug/`` answered 500.

The admin's date hierarchy (a query string) is in test_admin_hostile_input.py; every route
with hostile path values (9999, 0000…) in test_hostile_requests.py.
"""

import pytest
from django.core.management import CommandError, call_command
from django.urls import Resolver404, resolve, reverse

from tests import factories


@pytest.mark.parametrize(
    "path",
    [
        "/9999/12/31/any-slug/",
        "/9999/01/01/any-slug/",
        "/0000/01/01/any-slug/",
        "/0999/12/31/any-slug/",
        "/2024/00/10/any-slug/",
        "/2024/13/10/any-slug/",
        "/2024/01/00/any-slug/",
        "/2024/01/32/any-slug/",
        "/archive/9999/",
        "/archive/9999/12/",
        "/archive/0000/",
        "/archive/2024/13/",
        "/archive/2024/00/",
    ],
)
def test_a_date_outside_the_calendar_in_an_address_matches_no_route(client, db, path):
    with pytest.raises(Resolver404):
        resolve(path)
    assert client.get(path).status_code == 404


def test_dates_inside_the_bounds_still_route(client, db):
    assert resolve("/9998/12/31/any-slug/").url_name == "detail"
    assert resolve("/1000/01/01/any-slug/").url_name == "detail"
    assert resolve("/archive/9998/12/").url_name == "archive-month"
    assert client.get("/9998/12/31/any-slug/").status_code == 404  # no such article
    assert client.get("/archive/9998/12/").status_code == 404
    article = factories.ArticleFactory()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_the_consent_export_never_overflows_on_the_last_day_python_knows(admin_client):
    """The admin form and the command refuse days outside the editorial range with a message
    (lordspress.core.dates); below them, the export itself takes ``date.max`` as "no end"."""
    from datetime import date

    from consent.exports import records_between

    assert list(records_between(start=date.min, end=date.max)) == []
    url = reverse("admin:consent_consentrecord_export")
    response = admin_client.get(url, {"start": "0001-01-01", "end": "9999-12-31", "format": "csv"})
    assert response.status_code == 200
    assert "form" in response.context and response.context["form"].errors
    with pytest.raises(CommandError):
        call_command("export_consent_records", "--from", "0001-01-01", "--to", "9999-12-31")
