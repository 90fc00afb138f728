"""When a sponsor is shown is one rule (``lordspress.sponsors.models.shown_on``): the site's
list, the admin's "Shown today" column and its filter agree on every pair of dates."""

from datetime import date, timedelta

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lordspress.sponsors.models import Sponsor
from tests import factories

TODAY = date(2026, 12, 1)
OFFSETS = st.integers(min_value=-3, max_value=3)


@pytest.mark.django_db
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(start=OFFSETS, end=st.one_of(st.none(), OFFSETS))
def test_the_site_and_the_admin_agree_on_who_is_shown_today(admin_client, start, end):
    if end is not None and end < start:
        end = start  # the model's constraint: no end before the start
    Sponsor.objects.all().delete()
    with time_machine.travel(f"{TODAY.isoformat()} 12:00 +00:00", tick=False):
        sponsor = factories.SponsorFactory(
            active_from=TODAY + timedelta(days=start),
            active_until=None if end is None else TODAY + timedelta(days=end),
        )
        expected = start <= 0 and (end is None or end >= 0)
        assert Sponsor.objects.active().filter(pk=sponsor.pk).exists() is expected
        assert Sponsor.objects.with_shown_today().get(pk=sponsor.pk).shown_today is expected

        shown = admin_client.get("/admin/sponsors/sponsor/", {"shown": "yes"}).content.decode()
        hidden = admin_client.get("/admin/sponsors/sponsor/", {"shown": "no"}).content.decode()
        change = f"/admin/sponsors/sponsor/{sponsor.pk}/change/"
        assert (change in shown, change in hidden) == (expected, not expected)
