"""Signup, emailed sign-in links and password resets take an address from anyone. The request
does the same work whatever the address is (so its timing tells nothing); a background task
looks the address up and decides what to mail."""

import re
import time
from datetime import timedelta

import pytest
import time_machine
from django.core import mail, signing
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lordspress.core.models import User
from lordspress.outbox.models import OutboundEmail
from lordspress.pages.models import Page
from newsletter import accounts, limits, selectors, signup
from newsletter.forms import _STARTED_SALT, SubscribeForm
from newsletter.models import SignupConsent, Subscriber, Suppression
from newsletter.views import SIGNUP_NOTICES
from tests import factories
from tests.members import SUBSCRIBE_URL, frozen_clock, signup_data

pytestmark = pytest.mark.django_db

STATES = ["unknown", "pending", "member", "staff", "suppressed", "inactive"]
ENDPOINTS = {
    "signup": lambda email: (SUBSCRIBE_URL, signup_data(email)),
    "sign-in-link": lambda email: ("/accounts/login/link/", {"email": email}),
    "password-reset": lambda email: ("/accounts/password/reset/", {"email": email}),
}


def _make(state: str, number: int = 0) -> str:
    """An address in the given state, made directly (no request, no rate-limit counts)."""
    email = f"{state}{number}@example.org"
    if state == "pending":
        Subscriber.objects.create(email=email)
    elif state == "member":
        user = factories.UserFactory(email=email)
        Subscriber.objects.create(
            email=email, user=user, status=Subscriber.Status.CONFIRMED, newsletter=True
        )
    elif state == "staff":
        factories.UserFactory(email=email, is_staff=True)
    elif state == "suppressed":
        Suppression.objects.create(
            email_hash=selectors.email_hash(email), reason=Suppression.Reason.COMPLAINT
        )
    elif state == "inactive":
        factories.UserFactory(email=email, is_active=False)
    return email


_LITERAL = re.compile(r"'(?:[^']|'')*'|\b\d+(?:\.\d+)?\b|\"s\d+_x\d+\"")


def _shapes(queries) -> list[str]:
    """The SQL of each query with every literal (quoted, numeric, or a savepoint's name)
    replaced by ?."""
    return [_LITERAL.sub("?", query["sql"]) for query in queries]


def _request_shapes(client, endpoint: str, email: str, number: int) -> tuple[int, list[str]]:
    url, data = ENDPOINTS[endpoint](email)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data, REMOTE_ADDR=f"198.51.100.{number}")
    return response.status_code, _shapes(queries.captured_queries)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_the_request_runs_the_same_queries_whatever_the_address(client, task_queue, endpoint):
    """The production task backend (a database queue): the request stores one task and the
    worker does the rest, so an unknown address and a member's cost the same queries."""
    _request_shapes(client, endpoint, "warm.up@example.org", 100)  # site-wide caches
    baseline_status, baseline = _request_shapes(client, endpoint, _make("unknown"), 1)
    assert baseline_status == 303
    stored = [sql for sql in baseline if DBTaskResult._meta.db_table in sql]
    assert len(stored) == 1 and stored[0].startswith("INSERT")  # one task, nothing else
    for number, state in enumerate(STATES[1:], start=2):
        status, shapes = _request_shapes(client, endpoint, _make(state), number)
        assert status == baseline_status, state
        assert shapes == baseline, state
    assert DBTaskResult.objects.count() == len(STATES) + 1
    assert not OutboundEmail.objects.exists()  # nothing decided in the request


def test_the_signup_request_passes_the_facts_on_and_the_consent_records_them(client, task_queue):
    """The consent record is written by the worker, but it states what the reader saw and
    did when they pressed Subscribe: the policy version then, the time then, their network."""
    policy = factories.PageFactory(title="Privacy Policy", slug="privacy-policy")
    version_seen = policy.updated_at.isoformat(timespec="seconds")
    pressed_at = timezone.now().replace(microsecond=0)
    with time_machine.travel(pressed_at, tick=False):
        response = client.post(
            SUBSCRIBE_URL,
            signup_data("Lady.Agatha@Example.org", name="Agatha", newsletter=True, source="page"),
            REMOTE_ADDR="203.0.113.77",
        )
    assert response.status_code == 303
    task = DBTaskResult.objects.get()
    kwargs = task.args_kwargs["kwargs"]
    assert kwargs["email"] == "lady.agatha@example.org"
    assert kwargs["network"] == "203.0.113.0"  # only the network is ever stored
    assert "203.0.113.77" not in str(task.args_kwargs)

    with time_machine.travel(pressed_at + timedelta(minutes=10), tick=False):
        Page.objects.filter(pk=policy.pk).update(updated_at=timezone.now())  # a new policy
        result = task.task.call(*task.args_kwargs["args"], **kwargs)
    assert result == "confirmation"
    consent = SignupConsent.objects.get()
    assert consent.created_at == pressed_at
    assert consent.privacy_policy_version == version_seen
    assert consent.form == "Newsletter page" and consent.newsletter_opt_in is True
    assert consent.ip_truncated == "203.0.113.0"
    assert Subscriber.objects.get().name == "Agatha"


@pytest.mark.django_db(transaction=True)
def test_the_worker_process_does_the_signup(client, task_queue):
    client.post(SUBSCRIBE_URL, signup_data("worker@example.org"))
    assert not Subscriber.objects.exists()  # the request only queued the task
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert Subscriber.objects.get().email == "worker@example.org"
    assert [m.subject for m in mail.outbox] == ["Please confirm your subscription to Lord’s Press"]


SIGNUP_OUTCOMES = {
    "unknown": ("confirmation", ["Please confirm your subscription to Lord’s Press"]),
    "pending": ("confirmation", ["Please confirm your subscription to Lord’s Press"]),
    "member": ("already-member", ["You already have a Lord’s Press account"]),
    "staff": ("confirmation", ["Please confirm your subscription to Lord’s Press"]),
    "suppressed": ("suppressed", []),
    "inactive": ("confirmation", ["Please confirm your subscription to Lord’s Press"]),
}
SIGN_IN_OUTCOMES = {
    "unknown": ("unknown", []),
    "pending": ("unknown", []),
    "member": ("sent", ["Your Lord’s Press sign-in link"]),
    "staff": ("staff", []),  # staff sign in with their password
    "suppressed": ("unknown", []),
    "inactive": ("unknown", []),
}
RESET_OUTCOMES = {
    "unknown": ("unknown", []),
    "pending": ("unknown", []),
    "member": ("sent", ["Choose a new Lord’s Press password"]),
    "staff": ("sent", ["Choose a new Lord’s Press password"]),
    "suppressed": ("unknown", []),
    "inactive": ("unknown", []),
}


@pytest.mark.parametrize("state", STATES)
def test_the_signup_task_decides_by_the_address(on_commit, state):
    email = _make(state)
    outcome = on_commit(signup.subscriber_subscribe, email=email, form="box", network="192.0.2.0")
    expected, subjects = SIGNUP_OUTCOMES[state]
    assert outcome == expected
    assert [m.subject for m in mail.outbox] == subjects
    assert all(m.to == [email] for m in mail.outbox)
    consents = SignupConsent.objects.filter(subscriber__email=email).count()
    assert consents == (1 if expected == "confirmation" else 0)


@pytest.mark.parametrize("state", STATES)
def test_the_sign_in_link_task_decides_by_the_address(on_commit, state):
    email = _make(state)
    assert on_commit(accounts.sign_in_link_send, email=email) == SIGN_IN_OUTCOMES[state][0]
    assert [m.subject for m in mail.outbox] == SIGN_IN_OUTCOMES[state][1]


@pytest.mark.parametrize("state", STATES)
def test_the_password_reset_task_decides_by_the_address(on_commit, state):
    email = _make(state)
    assert on_commit(accounts.password_reset_send, email=email) == RESET_OUTCOMES[state][0]
    assert [m.subject for m in mail.outbox] == RESET_OUTCOMES[state][1]


def test_a_suppressed_members_sign_in_link_is_not_sent(on_commit):
    email = _make("member")
    Suppression.objects.create(
        email_hash=selectors.email_hash(email), reason=Suppression.Reason.BOUNCE
    )
    assert on_commit(accounts.sign_in_link_send, email=email) == "suppressed"
    assert mail.outbox == []


@pytest.mark.parametrize("endpoint", ["sign-in-link", "password-reset"])
def test_link_limits_are_shown_and_are_the_same_for_every_address(client, endpoint):
    member, stranger = _make("member"), _make("unknown")
    with frozen_clock():
        for email in (member, stranger):
            url, data = ENDPOINTS[endpoint](email)
            codes = [
                client.post(url, data, REMOTE_ADDR=f"192.0.2.{n}").status_code for n in range(7)
            ]
            assert codes == [303] * 5 + [429] * 2, email
        limited = client.post(url, data, REMOTE_ADDR="192.0.2.99")
    assert b"Several links have been asked for this address" in limited.content


@pytest.fixture
def still_clock():
    with frozen_clock():
        yield


def _start(seconds_ago: int) -> str:
    return signing.dumps(int(time.time()) - seconds_ago, salt=_STARTED_SALT)


# Every way the signup form can be posted, as a person or a robot might.
BRANCHES = {
    "ordinary": {},
    "autofill, then a click at once": {"_started_ago": 0},
    "start time missing": {"started": ""},
    "start time forged": {"started": "1700000000"},
    "start time of another form": {"_other_salt": True},
    "form open for days": {"_started_ago": 3 * 24 * 3600},
    "honeypot filled": {"website": "http://spam.example"},
    "another site's page": {"_origin": "https://elsewhere.example"},
    "bad address": {"email": "not an address"},
    "IP-literal address": {"email": "reader@[127.0.0.1]"},
    "network over its limit": {"_network_full": True},
    "address over its limit": {"_address_full": True},
}


@pytest.mark.parametrize("branch", BRANCHES)
@pytest.mark.usefixtures("still_clock")
def test_every_branch_of_the_signup_defences_mails_or_asks_visibly(client, on_commit, branch):
    """Nobody is told "check your inbox" when nothing was sent for a reason of theirs: each
    branch either sends the confirmation or answers with a page that says what to do. The
    honeypot alone is answered as if all were well (see test_a_filled_honeypot_…)."""
    options = dict(BRANCHES[branch])
    email = options.pop("email", "person@example.org")
    origin = options.pop("_origin", "http://testserver")
    ip = "198.51.100.50"
    if "_started_ago" in options:
        options["started"] = _start(options.pop("_started_ago"))
    if options.pop("_other_salt", False):
        options["started"] = signing.dumps(int(time.time()), salt="another form")
    if options.pop("_network_full", False):
        for n in range(limits.SUBSCRIBES_PER_IP_PER_MINUTE):
            client.post(SUBSCRIBE_URL, signup_data(f"other{n}@example.org"), REMOTE_ADDR=ip)
    if options.pop("_address_full", False):
        for n in range(limits.SIGNUPS_PER_ADDRESS_PER_DAY):
            client.post(SUBSCRIBE_URL, signup_data(email), REMOTE_ADDR=f"192.0.2.{n}")
    mail.outbox.clear()
    OutboundEmail.objects.all().delete()

    response = on_commit(
        client.post, SUBSCRIBE_URL, signup_data(email, **options), REMOTE_ADDR=ip,
        HTTP_ORIGIN=origin,
    )  # fmt: skip
    told_check_inbox = response.status_code == 303 and response["Location"].endswith(
        "/check-your-inbox/"
    )
    mailed = [m.to for m in mail.outbox] == [[email]]
    if branch == "honeypot filled":
        assert told_check_inbox and not mailed
    elif told_check_inbox:
        assert mailed, f"{branch}: told to check the inbox, but nothing was sent"
    else:
        assert response.status_code in {400, 403, 429}, branch
        assert b'role="alert"' in response.content or response.status_code == 403, branch
        assert not mailed


def test_every_robot_check_and_limit_has_a_message_for_the_reader():
    checks = {SubscribeForm.NO_START, SubscribeForm.STALE}
    assert checks | {"network", "address"} == set(SIGNUP_NOTICES)


def test_deleting_an_account_also_forgets_its_queued_requests(client, task_queue):
    email = _make("member")
    client.post(SUBSCRIBE_URL, signup_data(email))
    client.post("/accounts/login/link/", {"email": email})
    client.post(SUBSCRIBE_URL, signup_data("someone.else@example.org"))
    assert DBTaskResult.objects.count() == 3
    accounts.account_delete(user=User.objects.get(email=email))
    remaining = [task.args_kwargs["kwargs"]["email"] for task in DBTaskResult.objects.all()]
    assert remaining == ["someone.else@example.org"]
