"""Members' accounts: signing in by an emailed link, choosing a password by one, and deleting
the account.

Asking for a link takes an address from anyone, so it works in two halves as a signup does
(``newsletter.signup`` explains why): the request counts against the limits
(``newsletter.limits``) and enqueues a task; the worker (``send_sign_in_link``,
``send_password_reset``, defined here) decides whether to mail. The newsletter preference on
the account page is ``subscriptions``'s; the member's data export is a read,
``selectors.account_export``.
"""

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from lordspress.core.addresses import canonical_email
from lordspress.core.models import User
from lordspress.outbox.models import OutboundEmail
from lordspress.outbox.services import outbox_queue
from newsletter import limits
from newsletter.models import EmailToken, Subscriber, Suppression
from newsletter.selectors import email_hash, is_suppressed, member_by_email
from newsletter.signup import process_signup
from newsletter.tokens import TokenError, token_use

# --- signing in by an emailed link -------------------------------------------------------


def sign_in_link_request(*, email: str, client_key: str) -> None:
    """Take a request for a sign-in link (the request half): count it against
    ``limits.SIGN_IN_LINK`` (per network, ``client_key``, and per address) and enqueue
    ``send_sign_in_link``. The same queries run for every address. Raises
    ``limits.RateLimited``. Not atomic: a refused request still counts."""
    email = canonical_email(email)
    limits.limits_count(policy=limits.SIGN_IN_LINK, email=email, client_key=client_key)
    send_sign_in_link.enqueue(email=email)


@transaction.atomic
def sign_in_link_send(*, email: str) -> str:
    """Email a sign-in link to a member (the worker half). Unknown, staff and suppressed
    addresses get nothing: staff sign in with their password, and a link by email would
    bypass it. Returns "sent", "unknown", "staff" or "suppressed", for the task's record."""
    user = member_by_email(email=email)
    if user is None:
        return "unknown"
    if user.is_staff:
        return "staff"
    if is_suppressed(email=user.email):
        return "suppressed"
    outbox_queue(kind="newsletter.sign_in", to=user.email, context={"user_id": user.pk})
    return "sent"


@task()
def send_sign_in_link(*, email: str) -> str:
    """Email a sign-in link if the address is a member's (decided here, not in the request)."""
    return sign_in_link_send(email=email)


@transaction.atomic
def sign_in_with_token(*, token_digest: str) -> User:
    """Use a sign-in link (by its token's ``token_digest``); returns the user to log in.
    Raises TokenError."""
    token = token_use(digest=token_digest, purpose=EmailToken.Purpose.SIGN_IN)
    user = User.objects.filter(pk=token.user_id, is_active=True).first()
    if user is None:
        raise TokenError("unknown")
    return user


# --- passwords -------------------------------------------------------------------------


def password_reset_request(*, email: str, client_key: str) -> None:
    """Take a forgotten-password request (the request half): count it against
    ``limits.PASSWORD_RESET`` and enqueue ``send_password_reset``. The same queries run for
    every address. Raises ``limits.RateLimited``. Not atomic: a refused request still
    counts."""
    email = canonical_email(email)
    limits.limits_count(policy=limits.PASSWORD_RESET, email=email, client_key=client_key)
    send_password_reset.enqueue(email=email)


@transaction.atomic
def password_reset_send(*, email: str) -> str:
    """Email a member a link to choose a new password (the worker half). Unknown and
    suppressed addresses get nothing (as for sign-in links: anyone can ask, and a suppressed
    address asked us not to write). Returns "sent", "unknown" or "suppressed", for the
    task's record."""
    user = member_by_email(email=email)
    if user is None:
        return "unknown"
    if is_suppressed(email=user.email):
        return "suppressed"
    outbox_queue(kind="newsletter.password_reset", to=user.email, context={"user_id": user.pk})
    return "sent"


@task()
def send_password_reset(*, email: str) -> str:
    """Email a set-password link if the address is a member's (decided here, not in the
    request)."""
    return password_reset_send(email=email)


@transaction.atomic
def password_set_with_token(*, token_digest: str, password: str) -> User:
    """Set the password through a link (by its token's ``token_digest``), which then dies.
    Raises TokenError."""
    token = token_use(digest=token_digest, purpose=EmailToken.Purpose.SET_PASSWORD)
    user = User.objects.select_for_update().get(pk=token.user_id)
    user.set_password(password)
    user.save(update_fields=["password"])
    # Links made since the fingerprint was added die with the old password
    # (``tokens.token_usable``); those made before it have none, and are ended here.
    EmailToken.objects.filter(
        user=user,
        purpose=EmailToken.Purpose.SET_PASSWORD,
        used_at__isnull=True,
        password_fingerprint="",
    ).update(expires_at=timezone.now())
    return user


# --- deleting the account ----------------------------------------------------------------

# The tasks whose queued rows carry an address (``_forget_queued_requests``). Each row names
# its task by dotted path: the current one, or, for rows queued before the tasks moved out of
# ``newsletter.tasks``, the old one (``tests/test_newsletter_tasks.py`` holds the two lists to
# ``newsletter.tasks``).
ADDRESS_TASKS = (process_signup, send_sign_in_link, send_password_reset)
ADDRESS_TASK_OLD_PATHS = (
    "newsletter.tasks.process_signup",
    "newsletter.tasks.send_sign_in_link",
    "newsletter.tasks.send_password_reset",
)


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Erase a member. Only a hash of the address stays, so they are never mailed again.
    Raises PermissionError for staff, whom an administrator removes."""
    if user.is_staff:
        raise PermissionError("Staff accounts are removed by an administrator.")
    address = user.email
    Suppression.objects.get_or_create(
        email_hash=email_hash(address),
        lifted_at__isnull=True,
        defaults={"reason": Suppression.Reason.DELETED, "source": "account deleted"},
    )
    OutboundEmail.objects.filter(to=address).delete()
    _forget_queued_requests(address)
    Subscriber.objects.filter(email=address).delete()
    try:
        from axes.models import AccessAttempt, AccessLog

        AccessAttempt.objects.filter(username=address).delete()
        AccessLog.objects.filter(username=address).delete()
    except ImportError:  # pragma: no cover - axes is installed in every deployment
        pass
    user.delete()


def _forget_queued_requests(address: str) -> None:
    """Delete the task records (django-tasks-db) of this address's signups and link requests,
    which carry the address until ``prune_db_task_results`` clears them; a running one is
    left to finish (it finds no account)."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - another task backend keeps no records here
        return
    from django_tasks.base import TaskResultStatus

    DBTaskResult.objects.filter(
        task_path__in=[task.module_path for task in ADDRESS_TASKS] + list(ADDRESS_TASK_OLD_PATHS),
        args_kwargs__kwargs__email=canonical_email(address),
    ).exclude(status=TaskResultStatus.RUNNING).delete()
