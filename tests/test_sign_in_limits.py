"""Password sign-in limits: per account and address (axes), and per address against spraying.

Every place a password is checked is covered: the members' sign-in, the admin sign-in and both
password change pages. A lockout looks the same whatever the account, known or not.
"""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from lordspress.core.models import User
from tests import factories
from tests.test_configuration import _manage

pytestmark = pytest.mark.django_db

SPRAYER = "198.51.100.7"
ELSEWHERE = "203.0.113.9"
RIGHT = "correct horse battery"  # tests.factories.UserFactory's password


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def _members_login(client, email, password, ip):
    return client.post(
        "/accounts/login/", {"username": email, "password": password}, REMOTE_ADDR=ip
    )


def _admin_login(client, email, password, ip):
    return client.post(
        "/admin/login/?next=/admin/", {"username": email, "password": password}, REMOTE_ADDR=ip
    )


def _spray(client, *, accounts: int, tries: int, ip: str = SPRAYER) -> list[int]:
    """Each account gets ``tries`` wrong passwords, fewer than its own limit; half through the
    members' sign-in, half through the admin's, which count together."""
    statuses = []
    for number in range(accounts):
        user = factories.UserFactory()
        login = _members_login if number % 2 else _admin_login
        for attempt in range(tries):
            statuses.append(login(client, user.email, f"Summer2026!{attempt}", ip).status_code)
    return statuses


def test_password_spraying_from_one_address_locks_that_address_out():
    assert settings.AXES_FAILURE_LIMIT == 5 and settings.SIGN_IN_FAILURES_PER_IP == 100
    sprayer = Client()
    statuses = _spray(sprayer, accounts=30, tries=4)
    assert 429 in statuses, "30 accounts x 4 wrong passwords from one address: no lockout"
    assert statuses.index(429) == settings.SIGN_IN_FAILURES_PER_IP - 1

    fresh = factories.UserFactory(email="fresh@example.org")
    staff = factories.UserFactory(email="desk@example.org", is_staff=True, is_superuser=True)
    refused = _members_login(sprayer, fresh.email, RIGHT, SPRAYER)
    assert refused.status_code == 429 and b"Too many attempts" in refused.content
    assert _admin_login(sprayer, staff.email, RIGHT, SPRAYER).status_code == 429
    assert not _signed_in(sprayer)

    elsewhere = Client()
    assert _members_login(elsewhere, fresh.email, RIGHT, ELSEWHERE).status_code == 302
    assert _signed_in(elsewhere)
    other_desk = Client()
    assert _admin_login(other_desk, staff.email, RIGHT, ELSEWHERE).status_code == 302


def test_a_success_from_the_address_does_not_wipe_its_count(settings):
    """An attacker signing in to an account of their own does not reset the address."""
    settings.SIGN_IN_FAILURES_PER_IP = 12
    client = Client()
    _spray(client, accounts=3, tries=3)  # 9 failures
    own = factories.UserFactory(email="own@example.org")
    assert _members_login(client, own.email, RIGHT, SPRAYER).status_code == 302
    client.post("/accounts/logout/", REMOTE_ADDR=SPRAYER)
    statuses = _spray(client, accounts=1, tries=4)  # 10th, 11th, 12th: locked at the 12th
    assert statuses[-2:] == [429, 429]


def test_the_lockout_answers_the_same_for_known_and_unknown_accounts(settings):
    settings.SIGN_IN_FAILURES_PER_IP = 8
    member = factories.UserFactory(email="member@example.org")
    client = Client()
    with time_machine.travel(timezone.now(), tick=False):  # the masthead prints the time
        for _ in range(settings.AXES_FAILURE_LIMIT):
            known = _members_login(client, member.email, "wrong", ELSEWHERE)
        for _ in range(settings.AXES_FAILURE_LIMIT):
            unknown = _members_login(client, "nobody@example.org", "wrong", ELSEWHERE)
        assert known.status_code == unknown.status_code == 429  # per account: the same
        assert known.content == unknown.content

        _spray(client, accounts=3, tries=3)  # locks SPRAYER by address
        answers = [
            _members_login(Client(), email, password, SPRAYER)
            for email, password in [
                (member.email, RIGHT),
                (member.email, "wrong"),
                ("nobody@example.org", "anything"),
            ]
        ]
    assert {answer.status_code for answer in answers} == {429}
    assert len({answer.content for answer in answers}) == 1
    assert answers[0].content == known.content  # and says nothing of why


@pytest.mark.parametrize(
    ("url", "done"),
    [("/accounts/password/change/", "/accounts/"), ("/admin/password_change/", None)],
)
def test_wrong_current_passwords_on_password_change_count_as_failed_sign_ins(url, done):
    user = factories.UserFactory(email="desk@example.org", is_staff=True)
    client = Client()
    client.force_login(user)
    new = "Portcullis Pursuivant 1625"

    def change(current):
        return client.post(
            url,
            {"old_password": current, "new_password1": new, "new_password2": new},
            REMOTE_ADDR=SPRAYER,
        )

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        answer = change("a guess")
        assert answer.status_code == 200
        assert "incorrectly" in answer.content.decode()  # Django's own message
    assert change("a guess").status_code == 429
    assert change(RIGHT).status_code == 429  # locked: even the right one is not checked
    user.refresh_from_db()
    assert user.check_password(RIGHT) and not user.check_password(new)
    # Counted like sign-in failures: the password sign-in from that address is locked too.
    assert _members_login(Client(), user.email, RIGHT, SPRAYER).status_code == 429


@pytest.mark.parametrize("url", ["/accounts/password/change/", "/admin/password_change/"])
def test_password_change_still_works_with_the_right_password(url):
    user = factories.UserFactory(email="desk@example.org", is_staff=True)
    client = Client()
    client.force_login(user)
    new = "Portcullis Pursuivant 1625"
    answer = client.post(url, {"old_password": RIGHT, "new_password1": new, "new_password2": new})
    assert answer.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)
    assert _signed_in(client)  # the session survives its own password change


def test_the_admin_password_change_page_is_the_admins():
    user = factories.UserFactory(is_staff=True)
    client = Client()
    client.force_login(user)
    page = client.get("/admin/password_change/")
    assert page.status_code == 200
    assert b"Lord\xe2\x80\x99s Press admin" in page.content  # the admin site's own title
    anonymous = Client().get("/admin/password_change/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/admin/login/")


def test_the_limit_per_address_cannot_be_below_the_limit_per_account():
    result = _manage("check", DEBUG="1", AXES_FAILURE_LIMIT="5", SIGN_IN_FAILURES_PER_IP="3")
    assert result.returncode == 2
    assert "SIGN_IN_FAILURES_PER_IP=3 is below AXES_FAILURE_LIMIT=5" in result.stderr
    assert "Traceback" not in result.stderr


def test_users_are_never_locked_by_a_stale_count(settings):
    """The count is of failures still inside the cool-off: an hour later the address is free."""
    settings.SIGN_IN_FAILURES_PER_IP = 6
    client = Client()
    _spray(client, accounts=2, tries=3)
    fresh = factories.UserFactory(email="later@example.org")
    assert _members_login(Client(), fresh.email, RIGHT, SPRAYER).status_code == 429
    with time_machine.travel(timezone.now() + timedelta(hours=1, minutes=1)):
        assert _members_login(Client(), fresh.email, RIGHT, SPRAYER).status_code == 302
    assert User.objects.filter(email="later@example.org").exists()
