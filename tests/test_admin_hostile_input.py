"""The admin meets malformed input with its own answers (a form error, ``?e=1``, a 404),
never a 500: on every ModelAdmin the kind can reach, walked from the admin registry.

Named in issue 8: a 300-character name at the admin sign-in (django-axes could not store
it: 500 on PostgreSQL). The correction is ``StaffLoginForm`` (lordspress/admin.py).
"""

from axes.models import AccessAttempt
from django.contrib.auth import authenticate
from django.test import RequestFactory

from lordspress.http import login_name


def test_the_admin_refuses_a_name_longer_than_any_address(client, db):
    response = client.post("/admin/login/", {"username": "a" * 300, "password": "x"})
    assert response.status_code == 200
    assert b"Ensure this value has at most 254 characters (it has 300)." in response.content
    assert not AccessAttempt.objects.exists()


def test_a_failed_sign_in_is_recorded_whatever_the_length_of_the_name(db):
    """django-axes stores the name in 255 characters; any other path to ``authenticate``
    (a form without the limit) must not make recording the failure fail."""
    request = RequestFactory().post("/accounts/login/")
    assert authenticate(request, username="b" * 300 + "@example.org", password="x") is None
    attempt = AccessAttempt.objects.get()
    assert attempt.username == login_name(request, {"username": "b" * 300 + "@example.org"})
    assert len(attempt.username) == 255
