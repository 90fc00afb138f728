"""Membership: signup with double opt-in, one-time links, preferences, export and erasure.

Every public entry point answers the same whatever the address's state, so nobody can learn
who is subscribed; the differences show only in what lands in the reader's own inbox.

The entry points that take an address from anyone (signup, emailed sign-in link, password
reset) work in two halves, so that not even their timing differs by address:

* in the request, ``signup_request``, ``sign_in_link_request`` and ``password_reset_request``
  do the same work for every address: they count the request against the rate limits and
  enqueue one background task carrying the address and the facts of the request;
* in the worker, ``subscriber_subscribe``, ``sign_in_link_send`` and ``password_reset_send``
  look the address up and decide what, if anything, to mail.

(Issue 8: the old single-step versions took 5–8 ms longer for members' addresses.)
"""

import hashlib
import logging
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.text import get_text_list

from lordspress.core.addresses import (
    canonical_email,
    display_email,
    is_mailable,
    validate_mailable_email,
)
from lordspress.core.ratelimit import rate_limit_hit
from lordspress.core.text import single_line
from lordspress.outbox.models import OutboundEmail
from lordspress.outbox.services import outbox_queue, outbox_queue_many
from lordspress.pages.models import Page
from newsletter.models import EmailToken, NewsletterIssue, SignupConsent, Subscriber, Suppression

logger = logging.getLogger(__name__)
User = get_user_model()

CONFIRM_LIFETIME = timedelta(hours=24)
SET_PASSWORD_LIFETIME = timedelta(hours=72)
RESET_PASSWORD_LIFETIME = timedelta(hours=1)
SIGN_IN_LIFETIME = timedelta(minutes=15)
PENDING_LIFETIME = timedelta(days=7)
SUBSCRIBES_PER_IP_PER_MINUTE = 5
SUBSCRIBES_PER_IP_PER_HOUR = 20
SIGNUPS_PER_ADDRESS_PER_DAY = 3
LINKS_PER_ADDRESS_PER_HOUR = 5
LINKS_PER_IP_PER_HOUR = 20
_UNSUBSCRIBE_SALT = "newsletter.unsubscribe"
# What a session keeps for an unsubscribe link (``unsubscribe_link_keep``): signed under a
# salt of its own, so it never works as a link, and good for a day.
_UNSUBSCRIBE_KEPT_SALT = "newsletter.unsubscribe.kept"
UNSUBSCRIBE_KEPT_FOR = timedelta(hours=24)
_MINUTE = timedelta(minutes=1)
_HOUR = timedelta(hours=1)
_DAY = timedelta(days=1)


class RateLimited(Exception):
    """Too many requests; ``scope`` is "network" (the visitor's IP address) or "address".

    Limits count requests, never what an address is, so saying that one was reached tells
    nobody anything about the address's state. ``retry_after`` is in seconds.
    """

    def __init__(self, scope: str, retry_after: int):
        super().__init__(scope)
        self.scope = scope
        self.retry_after = retry_after


class TokenError(Exception):
    """A link that cannot be used; ``reason`` is "unknown", "used", "expired" or
    "password-changed" (a member's link made before their password last changed)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def email_hash(email: str) -> str:
    """SHA-256 (hex, 64 characters) of the address's canonical form (``canonical_email``):
    every spelling the mailer delivers to the same mailbox has the same hash."""
    return hashlib.sha256(canonical_email(email).encode()).hexdigest()


def suppression_hashes(email: str) -> list[str]:
    """The hashes a suppression of ``email``'s mailbox may carry: its canonical hash, and the
    hash of its Unicode-domain spelling (``display_email``), which is how an address at an
    internationalised domain was hashed before addresses were canonical (issue 8). The data
    migration ``0008`` re-keyed every suppression whose address was still stored; this
    catches those whose address was not (deleted accounts)."""
    address = canonical_email(email)
    legacy = display_email(address)
    return list(dict.fromkeys([email_hash(address), *([_sha256(legacy)] if legacy else [])]))


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _active_suppressions(email: str):
    return Suppression.objects.filter(
        email_hash__in=suppression_hashes(email), lifted_at__isnull=True
    )


def _active_suppression(email: str) -> Suppression | None:
    """The active suppression of ``email``'s mailbox; a standing refusal (complaint, bounce,
    request) before one left by deleting an account."""
    rows = list(_active_suppressions(email))
    rows.sort(key=lambda row: row.reason == Suppression.Reason.DELETED)
    return rows[0] if rows else None


def is_suppressed(email: str) -> bool:
    """Whether an active suppression blocks mail to ``email`` (lifted ones do not), whatever
    its spelling."""
    return _active_suppressions(email).exists()


def privacy_policy_version() -> str:
    """The version a reader saw: the privacy policy page's last change."""
    page = Page.objects.filter(slug="privacy-policy").only("updated_at").first()
    return page.updated_at.isoformat(timespec="seconds") if page else "unpublished"


# --- one-time tokens -------------------------------------------------------------------


def token_digest(raw: str) -> str:
    """What stands for an emailed token once it has left the address: its SHA-256, as 64
    hex digits. ``EmailToken.token_hash`` stores it, and a one-time link's session keeps it
    (``newsletter.links``), so neither a database dump nor a session table holds a token that
    works in a link. Unsalted, as the token is 32 random bytes: nothing to guess."""
    return hashlib.sha256((raw or "").encode()).hexdigest()


def _lock_owner(*, user_id=None, subscriber_id=None) -> None:
    """Lock the token's owner first, so that every path takes locks in one order
    (owner, then tokens) and racing clicks queue instead of deadlocking."""
    if subscriber_id is not None:
        list(Subscriber.objects.select_for_update().filter(pk=subscriber_id).values("pk"))
    elif user_id is not None:
        list(User.objects.select_for_update().filter(pk=user_id).values("pk"))


def password_fingerprint(user) -> str:
    """A keyed hash (HMAC-SHA256 under SECRET_KEY, 64 hex digits) of the user's stored
    password hash. Kept with each of their links: when the password changes, by whatever
    route (their own form, a link, the admin, ``manage.py changepassword``, the shell), the
    fingerprint no longer matches and every link made before dies, as Django's password
    reset tokens die (they hash the password in the same way). The password hash itself is
    never copied."""
    return salted_hmac(
        "lordspress.newsletter.token-password", user.password, algorithm="sha256"
    ).hexdigest()


def token_mint(
    *,
    purpose: str,
    lifetime: timedelta,
    user=None,
    subscriber: Subscriber | None = None,
) -> str:
    """Create a link token (32 random bytes); only its hash is kept. Returns the raw token.

    A new token never stops an older one: every link we mailed works until it expires or
    is used (or what it is for is done: a confirmed signup spends its other confirmation
    links, a new password its other password links). A reader who signs up, or asks for a
    link, twice and clicks the first email must not meet an error (issue 8); Ghost's magic
    links and Django's password-reset links are likewise independent of later requests.
    Each token is 256 random bits, so several live at once are no easier to guess, and the
    requests that cause them are rate-limited per address. A member's links die when their
    password changes or their account is switched off (``_usable``).
    """
    now = timezone.now()
    raw = secrets.token_urlsafe(32)
    with transaction.atomic():
        _lock_owner(
            user_id=user.pk if user else None,
            subscriber_id=subscriber.pk if subscriber else None,
        )
        EmailToken.objects.create(
            purpose=purpose,
            token_hash=token_digest(raw),
            user=user,
            subscriber=subscriber,
            password_fingerprint=password_fingerprint(user) if user else "",
            expires_at=now + lifetime,
        )
    return raw


def _usable(token: EmailToken | None) -> EmailToken:
    """The token, if it can be used; raises TokenError. A member's link needs the account
    still active ("unknown" otherwise, as for a deleted one) and the password it was made
    under ("password-changed" otherwise, which the link page explains)."""
    if token is None:
        raise TokenError("unknown")
    if token.used_at is not None:
        raise TokenError("used")
    if token.expires_at <= timezone.now():
        raise TokenError("expired")
    if token.user_id is not None:
        if not token.user.is_active:
            raise TokenError("unknown")
        if token.password_fingerprint and not constant_time_compare(
            token.password_fingerprint, password_fingerprint(token.user)
        ):
            raise TokenError("password-changed")
    return token


def token_check(*, digest: str, purpose: str) -> EmailToken:
    """The token whose ``token_digest`` is ``digest``, if it can still be used (for GET
    pages, which change nothing). Raises TokenError."""
    token = (
        EmailToken.objects.filter(token_hash=digest, purpose=purpose)
        .select_related("subscriber", "user")
        .first()
    )
    return _usable(token)


def _token_use(*, digest: str, purpose: str) -> EmailToken:
    """Use a token (by its ``token_digest``) once, in the caller's transaction: its owner,
    then the token, are locked, so of two racing clicks one wins and the other finds the
    token used."""
    found = (
        EmailToken.objects.filter(token_hash=digest, purpose=purpose)
        .values("pk", "user_id", "subscriber_id")
        .first()
    )
    if found is None:
        raise TokenError("unknown")
    _lock_owner(user_id=found["user_id"], subscriber_id=found["subscriber_id"])
    token = _usable(EmailToken.objects.select_for_update().filter(pk=found["pk"]).first())
    token.used_at = timezone.now()
    token.save(update_fields=["used_at"])
    return token


def unsubscribe_token(subscriber: Subscriber) -> str:
    """A signed, non-expiring token naming the subscriber (for one-click unsubscribe).

    Deterministic (no timestamp): every link minted for one reader is the same, so the
    ``List-Unsubscribe`` header and the link in the body of one email always agree.
    """
    return signing.Signer(salt=_UNSUBSCRIBE_SALT).sign_object(subscriber.pk)


def _unsubscribe_token_pk(token: str) -> int | None:
    """The subscriber id an unsubscribe link names, if its signature holds.

    Links mailed before the tokens became deterministic carry a timestamp
    (``signing.dumps``); they keep working, as an unsubscribe link must.
    """
    try:
        pk = signing.Signer(salt=_UNSUBSCRIBE_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError):
        # A timestamped token also passes the plain signature check (TimestampSigner signs
        # "value:timestamp" with the same key), then fails to decode: try it as one.
        try:
            pk = signing.loads(token, salt=_UNSUBSCRIBE_SALT)
        except (signing.BadSignature, ValueError):
            return None
    return pk if isinstance(pk, int) else None


def subscriber_from_unsubscribe_token(token: str) -> Subscriber | None:
    """The subscriber a link names, or None for a tampered or unknown one."""
    pk = _unsubscribe_token_pk(token)
    return Subscriber.objects.filter(pk=pk).first() if pk is not None else None


def unsubscribe_link_keep(token: str) -> str:
    """What a session keeps for an unsubscribe link instead of its token, which works for
    ever: the subscriber's id, signed with the time under another salt, so that it is no
    link (``subscriber_from_unsubscribe_token`` refuses it) and is refused after
    ``UNSUBSCRIBE_KEPT_FOR``. ``""`` for a link whose signature does not hold."""
    pk = _unsubscribe_token_pk(token)
    return "" if pk is None else signing.dumps(pk, salt=_UNSUBSCRIBE_KEPT_SALT)


def unsubscribe_link_subscriber(kept: str) -> Subscriber:
    """The subscriber of an unsubscribe link, from what ``unsubscribe_link_keep`` made of it.
    Raises TokenError: "expired" after ``UNSUBSCRIBE_KEPT_FOR``, else "unknown"."""
    try:
        pk = signing.loads(
            kept, salt=_UNSUBSCRIBE_KEPT_SALT, max_age=UNSUBSCRIBE_KEPT_FOR.total_seconds()
        )
    except signing.SignatureExpired:
        raise TokenError("expired") from None
    except (signing.BadSignature, ValueError):
        raise TokenError("unknown") from None
    subscriber = Subscriber.objects.filter(pk=pk).first() if isinstance(pk, int) else None
    if subscriber is None:
        raise TokenError("unknown")
    return subscriber


# --- signup ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Limit:
    scope: str  # "network" or "address"
    name: str
    key: str
    limit: int
    window: timedelta


def _count_against_limits(limits: list[_Limit]) -> None:
    """Count one hit on every limit, then raise RateLimited for the first one exceeded.

    Every limit is counted every time (no short cut), so a request's work does not depend on
    which limits an address or a network has reached.
    """
    within = [
        rate_limit_hit(scope=limit.name, key=limit.key, limit=limit.limit, window=limit.window)
        for limit in limits
    ]
    for limit, ok in zip(limits, within, strict=True):
        if not ok:
            raise RateLimited(limit.scope, retry_after=int(limit.window.total_seconds()))


def signup_request(
    *, email: str, name: str = "", newsletter: bool = False, form: str, client_key: str
) -> None:
    """Take a signup from the public form (the request half; see the module docstring).

    ``client_key``: the request's ``lordspress.core.http.rate_limit_key`` (an IPv4 address or an
    IPv6 /64). Counts the signup against the per-network limits (5 a minute, 20 an hour)
    and the per-address limit (3 a day), then enqueues ``process_signup`` with what the
    reader agreed to and the facts of the request: the network (``truncate_ip``, for
    privacy), the privacy policy version they saw and the time. The same queries run for
    every address. Raises RateLimited.
    """
    from lordspress.core.http import truncate_ip
    from newsletter.tasks import process_signup

    email = canonical_email(email)
    _count_against_limits(
        [
            _Limit(
                "network", "subscribe-minute", client_key, SUBSCRIBES_PER_IP_PER_MINUTE, _MINUTE
            ),
            _Limit("network", "subscribe-hour", client_key, SUBSCRIBES_PER_IP_PER_HOUR, _HOUR),
            _Limit("address", "subscribe-address", email, SIGNUPS_PER_ADDRESS_PER_DAY, _DAY),
        ]
    )
    process_signup.enqueue(
        email=email,
        name=name.strip(),
        newsletter=bool(newsletter),
        form=form,
        network=truncate_ip(client_key),
        policy_version=privacy_policy_version(),
        requested_at=timezone.now().isoformat(),
    )


@transaction.atomic
def subscriber_subscribe(
    *,
    email: str,
    name: str = "",
    newsletter: bool = False,
    form: str,
    network: str = "",
    policy_version: str | None = None,
    requested_at: datetime | None = None,
) -> str:
    """Decide what a signup does (the worker half; callers show one answer for all).

    New or pending addresses get a consent record (what they agreed to, from which network,
    under which policy version, when: the request's facts, not the worker's) and a
    confirmation email; confirmed members get, at most once a day, a note that they already
    have an account. A reader who deleted their account and signs up again is treated as
    new: the confirmation is their fresh double opt-in, and confirming lifts the deletion's
    suppression (``subscriber_confirm``). Other suppressions (a complaint, a hard bounce, a
    request not to be contacted) are refusals of mail that a form anyone can fill does not
    override: those addresses get nothing until staff lift the suppression. Returns what
    happened: "confirmation", "already-member", "suppressed", "undeliverable" or "raced" (a
    racing signup of the same address won), for the task's record.
    """
    email = canonical_email(email)
    if not is_mailable(email):
        return "undeliverable"
    suppression = _active_suppression(email)
    if suppression is not None and suppression.reason != Suppression.Reason.DELETED:
        return "suppressed"
    subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
    if subscriber is not None and subscriber.status == Subscriber.Status.CONFIRMED:
        if suppression is not None:
            # A member's address under a deletion's suppression (an account made for the
            # same mailbox under another spelling, before addresses were canonical): the
            # note is mail nobody confirmed asking for.
            return "suppressed"
        outbox_queue(
            kind="newsletter.already_member",
            to=email,
            context={"subscriber_id": subscriber.pk},
            dedupe_key=f"already-member:{subscriber.pk}:{timezone.localdate().isoformat()}",
        )
        return "already-member"
    if subscriber is None:
        try:
            with transaction.atomic():
                subscriber = Subscriber.objects.create(
                    email=email,
                    name=name.strip(),
                    newsletter=newsletter,
                    user=User.objects.filter(email=email).first(),
                    source=Subscriber.Source.PAGE if form == "page" else Subscriber.Source.BOX,
                )
        except IntegrityError:  # the same address, committed by a racing signup
            return "raced"
        _schedule_purge(subscriber)
    else:
        subscriber.name = single_line(name) or subscriber.name
        subscriber.newsletter = newsletter
        subscriber.save(update_fields=["name", "newsletter"])
    SignupConsent.objects.create(
        subscriber=subscriber,
        created_at=requested_at or timezone.now(),
        form=dict(Subscriber.Source.choices).get(form, form),
        newsletter_opt_in=newsletter,
        privacy_policy_version=policy_version or privacy_policy_version(),
        ip_truncated=network,
    )
    outbox_queue(
        kind="newsletter.confirmation",
        to=subscriber.email,
        context={"subscriber_id": subscriber.pk},
    )
    return "confirmation"


def _schedule_purge(subscriber: Subscriber) -> None:
    from newsletter.tasks import purge_pending_subscribers

    run_after = subscriber.created_at + PENDING_LIFETIME + timedelta(minutes=1)
    if purge_pending_subscribers.get_backend().supports_defer:
        transaction.on_commit(
            lambda: purge_pending_subscribers.using(run_after=run_after).enqueue()
        )


@dataclass
class Confirmation:
    user: object
    subscriber: Subscriber


@transaction.atomic
def subscriber_confirm(*, token_digest: str) -> Confirmation:
    """Confirm a signup: the account exists and the credentials email is queued, once.

    The link proves the reader owns the address, so a suppression left by their earlier
    account's deletion is lifted here, on the record (when, by whom, why).
    ``token_digest`` is the link token's ``token_digest``. Raises TokenError for unknown, used
    or expired links.
    """
    token = _token_use(digest=token_digest, purpose=EmailToken.Purpose.CONFIRM)
    confirmation = _confirm(Subscriber.objects.select_for_update().get(pk=token.subscriber_id))
    _active_suppressions(confirmation.subscriber.email).filter(
        reason=Suppression.Reason.DELETED
    ).update(
        lifted_at=timezone.now(),
        lifted_by=confirmation.user,
        lift_reason=OWNER_CONFIRMED,
    )
    return confirmation


def _confirm(subscriber: Subscriber) -> Confirmation:
    now = timezone.now()
    user = subscriber.user or User.objects.filter(email=subscriber.email).first()
    if user is None:
        user = User.objects.create_user(subscriber.email, password=None)  # unusable password
    if subscriber.status != Subscriber.Status.CONFIRMED:
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.confirmed_at = now
    subscriber.user = user
    subscriber.save(update_fields=["status", "confirmed_at", "user"])
    SignupConsent.objects.filter(subscriber=subscriber, confirmed_at__isnull=True).update(
        confirmed_at=now
    )
    # The other confirmation emails' links are spent with this one: what they confirm is
    # confirmed, and a confirmation link signs its holder in. Marked used (not expired), so
    # a later click says "already confirmed", not "expired, subscribe again".
    EmailToken.objects.filter(
        subscriber=subscriber, purpose=EmailToken.Purpose.CONFIRM, used_at__isnull=True
    ).update(used_at=now)
    outbox_queue(
        kind="newsletter.credentials",
        to=subscriber.email,
        context={"user_id": user.pk},
        dedupe_key=f"credentials:{user.pk}",
    )
    return Confirmation(user=user, subscriber=subscriber)


def subscriber_resend_confirmation(*, subscriber: Subscriber) -> bool:
    """Admin action: a fresh confirmation email for a pending subscriber."""
    if subscriber.status != Subscriber.Status.PENDING or is_suppressed(subscriber.email):
        return False
    with transaction.atomic():
        outbox_queue(
            kind="newsletter.confirmation",
            to=subscriber.email,
            context={"subscriber_id": subscriber.pk},
        )
    return True


def pending_purge(*, older_than: timedelta = PENDING_LIFETIME) -> int:
    """Forget unconfirmed signups (with their consent records and links) after a week."""
    cutoff = timezone.now() - older_than
    stale = Subscriber.objects.pending().filter(created_at__lt=cutoff)
    addresses = list(stale.values_list("email", flat=True))
    with transaction.atomic():
        OutboundEmail.objects.filter(
            to__in=addresses, status__in=[OutboundEmail.Status.PENDING, OutboundEmail.Status.FAILED]
        ).delete()
        deleted = stale.delete()[1].get("newsletter.Subscriber", 0)
    return deleted


# --- signing in ------------------------------------------------------------------------


def _link_limits(scope: str, *, email: str, client_key: str) -> list[_Limit]:
    """Emailed links are limited per hour, per network (``client_key``, the request's
    ``lordspress.core.http.rate_limit_key``) and per address."""
    return [
        _Limit("network", f"{scope}-ip", client_key, LINKS_PER_IP_PER_HOUR, _HOUR),
        _Limit("address", f"{scope}-address", email, LINKS_PER_ADDRESS_PER_HOUR, _HOUR),
    ]


def _member_for(email: str):
    return User.objects.filter(email=canonical_email(email), is_active=True).first()


def sign_in_link_request(*, email: str, client_key: str) -> None:
    """Take a request for a sign-in link (the request half): count it against the limits
    (20 an hour per network, 5 per address) and enqueue ``send_sign_in_link``. The same
    queries run for every address. Raises RateLimited."""
    from newsletter.tasks import send_sign_in_link

    email = canonical_email(email)
    _count_against_limits(_link_limits("sign-in", email=email, client_key=client_key))
    send_sign_in_link.enqueue(email=email)


def sign_in_link_send(*, email: str) -> str:
    """Email a sign-in link to a member (the worker half). Unknown, staff and suppressed
    addresses get nothing: staff sign in with their password, and a link by email would
    bypass it. Returns "sent", "unknown", "staff" or "suppressed", for the task's record."""
    user = _member_for(email)
    if user is None:
        return "unknown"
    if user.is_staff:
        return "staff"
    if is_suppressed(user.email):
        return "suppressed"
    with transaction.atomic():
        outbox_queue(kind="newsletter.sign_in", to=user.email, context={"user_id": user.pk})
    return "sent"


@transaction.atomic
def sign_in_with_token(*, token_digest: str):
    """Use a sign-in link (by its token's ``token_digest``); returns the user to log in.
    Raises TokenError."""
    token = _token_use(digest=token_digest, purpose=EmailToken.Purpose.SIGN_IN)
    user = User.objects.filter(pk=token.user_id, is_active=True).first()
    if user is None:
        raise TokenError("unknown")
    return user


def password_reset_request(*, email: str, client_key: str) -> None:
    """Take a forgotten-password request (the request half): count it against the limits
    (as for sign-in links) and enqueue ``send_password_reset``. The same queries run for
    every address. Raises RateLimited."""
    from newsletter.tasks import send_password_reset

    email = canonical_email(email)
    _count_against_limits(_link_limits("password-reset", email=email, client_key=client_key))
    send_password_reset.enqueue(email=email)


def password_reset_send(*, email: str) -> str:
    """Email a member a link to choose a new password (the worker half). Unknown and
    suppressed addresses get nothing (as for sign-in links: anyone can ask, and a suppressed
    address asked us not to write). Returns "sent", "unknown" or "suppressed", for the
    task's record."""
    user = _member_for(email)
    if user is None:
        return "unknown"
    if is_suppressed(user.email):
        return "suppressed"
    with transaction.atomic():
        outbox_queue(kind="newsletter.password_reset", to=user.email, context={"user_id": user.pk})
    return "sent"


def password_token_user(*, token_digest: str):
    """The user a set-password link (by its token's ``token_digest``) belongs to, if it can
    still be used. Raises TokenError."""
    return token_check(digest=token_digest, purpose=EmailToken.Purpose.SET_PASSWORD).user


@transaction.atomic
def password_set_with_token(*, token_digest: str, password: str):
    """Set the password through a link (by its token's ``token_digest``), which then dies.
    Raises TokenError."""
    token = _token_use(digest=token_digest, purpose=EmailToken.Purpose.SET_PASSWORD)
    user = User.objects.select_for_update().get(pk=token.user_id)
    user.set_password(password)
    user.save(update_fields=["password"])
    # Links made since the fingerprint was added die with the old password (``_usable``);
    # those made before it have none, and are ended here.
    EmailToken.objects.filter(
        user=user,
        purpose=EmailToken.Purpose.SET_PASSWORD,
        used_at__isnull=True,
        password_fingerprint="",
    ).update(expires_at=timezone.now())
    return user


# --- the suppression list ---------------------------------------------------------------

OWNER_CONFIRMED = "The owner of the address confirmed a new signup by email."


@transaction.atomic
def suppression_lift(
    *,
    by,
    reason: str,
    suppression: Suppression | None = None,
    email_hash: str | None = None,
) -> bool:
    """Lift a suppression on the record, so the address may be mailed again (staff).

    Give the row (``suppression``) or the address's hash (``email_hash``: its active row).
    The row stays, with when, by whom and why. Returns True if it was lifted now, False if
    it had been lifted already (or the hash has no active suppression).
    Raises PermissionError unless ``by`` has ``newsletter.lift_suppression``; ValidationError
    without a reason; ValueError unless exactly one of ``suppression`` and ``email_hash``.
    """
    if (suppression is None) == (email_hash is None):
        raise ValueError("Give either a suppression or an email hash.")
    if not (by and by.is_active and by.is_staff and by.has_perm("newsletter.lift_suppression")):
        raise PermissionError("You may not lift suppressions.")
    reason = single_line(reason or "")  # as the field stores it, so "" is caught here
    if not reason:
        raise ValidationError("Say why the suppression is lifted.", code="required")
    rows = Suppression.objects.select_for_update().filter(lifted_at__isnull=True)
    if suppression is not None:
        rows = rows.filter(pk=suppression.pk)
    else:
        rows = rows.filter(email_hash=email_hash.strip().lower())
    found = rows.first()
    if found is None:
        return False
    found.lifted_at = timezone.now()
    found.lifted_by = by
    found.lift_reason = reason[: Suppression._meta.get_field("lift_reason").max_length]
    found.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    logger.info("Suppression %s lifted by user %s", found.pk, by.pk)
    return True


# Why staff may suppress an address; "deleted" is written only by an account's deletion.
STAFF_SUPPRESSION_REASONS = (
    Suppression.Reason.REQUEST,
    Suppression.Reason.COMPLAINT,
    Suppression.Reason.BOUNCE,
)
SUPPRESSED_MAIL_CANCELLED = "Not sent: the address was suppressed before it went."


@dataclass(frozen=True)
class SuppressionAdded:
    """What ``suppression_add`` did. ``created`` is False when a standing suppression (a
    request, complaint or bounce) already covered the address: that row is ``suppression``,
    unchanged. The newsletter is stopped and queued mail cancelled either way."""

    suppression: Suppression
    created: bool
    newsletters_stopped: int
    emails_cancelled: int


@transaction.atomic
def suppression_add(*, by, email: str, reason: str, note: str = "") -> SuppressionAdded:
    """Suppress an address on staff's word: a reader asked by letter or telephone not to be
    contacted (``request``), complained of our mail as spam (``complaint``), or their mail
    server refused it for good (``bounce``).

    Only the hash of the canonical address is kept (``email_hash``), with who added it, when
    and the note; what the suppression does is ``_suppress``'s. (The outbox records the
    bounces it meets itself, ``suppression_record_bounce``; recording bounces and complaints
    from the mail provider's webhooks is issue 11.)

    Raises PermissionError unless ``by`` is active staff with ``newsletter.add_suppression``;
    ValidationError for a reason other than those three, or an address we would not mail.
    """
    if not (by and by.is_active and by.is_staff and by.has_perm("newsletter.add_suppression")):
        raise PermissionError("You may not add suppressions.")
    if reason not in STAFF_SUPPRESSION_REASONS:
        raise ValidationError(
            "Say why: the reader asked not to be contacted, complained, or their address bounced.",
            code="invalid_choice",
        )
    address = canonical_email(email)
    validate_mailable_email(address)
    label = Suppression.Reason(reason).label.lower()
    return _suppress(
        address=address,
        reason=reason,
        note=note,
        by=by,
        replaces=f"Replaced by a suppression added by staff ({label}).",
    )


@transaction.atomic
def suppression_record_bounce(
    *, email: str, code: str, outgoing_email_id: int | None = None
) -> SuppressionAdded | None:
    """The mail server refused a subscriber's address for good, saying the mailbox does not
    exist (``code`` is its reply, "550 5.1.1"; ``lordspress.outbox.services.HARD_BOUNCE_STATUSES``
    says which replies count): suppress the address as a hard bounce, as Ghost's suppression
    list does for Mailgun's bounces and listmonk by default for a hard bounce.

    Called by the outbox (``on_hard_bounce``) when one of our emails is refused. Only an
    address a ``Subscriber`` holds is suppressed (None otherwise: a mistyped test send or a
    staff address is for staff to look at in the outbox). The suppression has no
    ``created_by`` and its note gives the codes and the outgoing email's number, never the
    server's text, which may quote the address.
    """
    address = canonical_email(email)
    if not Subscriber.objects.filter(email=address).exists():
        return None
    email_number = f" to outgoing email {outgoing_email_id}" if outgoing_email_id else ""
    return _suppress(
        address=address,
        reason=Suppression.Reason.BOUNCE,
        note=f"The mail server refused the address for good ({code}){email_number}.",
        by=None,
        replaces="Replaced by a hard bounce: the mail server refused the address for good.",
    )


def _suppress(*, address: str, reason: str, note: str, by, replaces: str) -> SuppressionAdded:
    """Suppress canonical ``address`` for ``reason``; ``by`` is the staff member, or None
    when the mail server's refusal made it.

    An active "deleted" suppression of the address (which a new signup confirmed by the
    owner lifts) is lifted on the record, with ``replaces`` as the reason, and replaced,
    because a request, complaint or bounce is a refusal no signup form overrides
    (``subscriber_subscribe``); an active standing suppression is kept as it is. Either way
    the address's newsletter stops (``unsubscribed_at`` stamped) and mail still waiting in
    the outbox for it is cancelled. Runs in the caller's transaction.
    """
    note = single_line(note or "")[: Suppression._meta.get_field("note").max_length]
    now = timezone.now()
    active = list(_active_suppressions(address).select_for_update())
    standing = [row for row in active if row.reason != Suppression.Reason.DELETED]
    created = not standing
    if standing:
        suppression = standing[0]
    else:
        for row in active:
            row.lifted_at, row.lifted_by = now, by
            row.lift_reason = replaces
            row.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
        try:
            with transaction.atomic():
                suppression = Suppression.objects.create(
                    email_hash=email_hash(address),
                    reason=reason,
                    note=note,
                    created_at=now,
                    created_by=by,
                )
        except IntegrityError:  # a racing request suppressed the address meanwhile
            suppression, created = _active_suppression(address), False
    stopped = 0
    for subscriber in Subscriber.objects.select_for_update().filter(email=address, newsletter=True):
        subscriber_set_newsletter(subscriber=subscriber, wanted=False)
        stopped += 1
    cancelled = OutboundEmail.objects.filter(
        to=address, status=OutboundEmail.Status.PENDING
    ).update(status=OutboundEmail.Status.CANCELLED, last_error=SUPPRESSED_MAIL_CANCELLED)
    logger.info(
        "Suppression %s (%s) %s by %s",
        suppression.pk,
        suppression.reason,
        "added" if created else "already stood; confirmed",
        f"user {by.pk}" if by else "the mail server's refusal",
    )
    return SuppressionAdded(
        suppression=suppression,
        created=created,
        newsletters_stopped=stopped,
        emails_cancelled=cancelled,
    )


# --- preferences, export and erasure ----------------------------------------------------


def subscriber_for_user(user) -> Subscriber | None:
    return (
        Subscriber.objects.filter(user=user).first()
        or Subscriber.objects.filter(email=user.email).first()
    )


@transaction.atomic
def subscriber_set_newsletter(*, subscriber: Subscriber, wanted: bool) -> Subscriber:
    subscriber.newsletter = wanted
    subscriber.unsubscribed_at = None if wanted else timezone.now()
    subscriber.save(update_fields=["newsletter", "unsubscribed_at"])
    return subscriber


# What staff may change on a subscriber, in the admin or anywhere else: the name, the provenance
# note, and stopping the newsletter. Everything else records what the reader did (the address
# they confirmed, when, how they came); the admin shows it read-only.
SUBSCRIBER_STAFF_FIELDS: tuple[str, ...] = ("name", "provenance", "newsletter")


@transaction.atomic
def subscriber_staff_update(*, subscriber: Subscriber) -> Subscriber:
    """Save staff's changes to ``subscriber``.

    Only the reader turns the newsletter on (by confirming a signup, or on their account
    page): consent to marketing email is the reader's to give (PECR reg. 22), so staff may
    only record that it stopped, which stamps ``unsubscribed_at`` as an unsubscribe does.
    Raises ``PermissionDenied`` naming the fields when anything else would change.
    """
    stored = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.newsletter and not stored.newsletter:
        raise PermissionDenied(
            "Only the reader can turn the newsletter on (by signing up again or on their "
            "account page); staff may only record that it stopped."
        )
    changed = [
        str(field.verbose_name)
        for field in Subscriber._meta.concrete_fields
        if not field.primary_key
        and field.name not in SUBSCRIBER_STAFF_FIELDS
        and getattr(subscriber, field.attname) != getattr(stored, field.attname)
    ]
    if changed:
        raise PermissionDenied(
            f"Staff may not change {get_text_list(changed, 'and')}: "
            "they record what the reader did."
        )
    if stored.newsletter and not subscriber.newsletter:
        subscriber.unsubscribed_at = timezone.now()
    subscriber.save(update_fields=[*SUBSCRIBER_STAFF_FIELDS, "unsubscribed_at"])
    return subscriber


def subscriber_unsubscribe(*, subscriber: Subscriber) -> Subscriber:
    """One-click unsubscribe: no more newsletters. The account (and access) stays."""
    if not subscriber.newsletter:
        return subscriber
    return subscriber_set_newsletter(subscriber=subscriber, wanted=False)


def account_export(*, user) -> dict:
    """Everything we hold about a member, for the "download my data" button."""
    subscriber = subscriber_for_user(user)
    data = {
        "account": {
            "email": user.email,
            "name": user.full_name,
            "joined": user.date_joined.isoformat(),
            "last_sign_in": user.last_login.isoformat() if user.last_login else None,
            "has_password": user.has_usable_password(),
        },
        "subscription": None,
        "consents": [],
        "emails": [
            {
                "kind": email.kind,
                "status": email.status,
                "queued": email.created_at.isoformat(),
                "sent": email.sent_at.isoformat() if email.sent_at else None,
            }
            for email in OutboundEmail.objects.filter(to=user.email).order_by("created_at")
        ],
    }
    if subscriber is not None:
        data["subscription"] = {
            "status": subscriber.status,
            "name": subscriber.name,
            "newsletter": subscriber.newsletter,
            "signed_up": subscriber.created_at.isoformat(),
            "confirmed": subscriber.confirmed_at.isoformat() if subscriber.confirmed_at else None,
            "unsubscribed": (
                subscriber.unsubscribed_at.isoformat() if subscriber.unsubscribed_at else None
            ),
        }
        data["consents"] = [
            {
                "given": consent.created_at.isoformat(),
                "form": consent.form,
                "newsletter": consent.newsletter_opt_in,
                "privacy_policy_version": consent.privacy_policy_version,
                "network": consent.ip_truncated,
                "confirmed": consent.confirmed_at.isoformat() if consent.confirmed_at else None,
            }
            for consent in subscriber.consents.order_by("created_at")
        ]
    return data


@transaction.atomic
def account_delete(*, user) -> None:
    """Erase a member. Only a hash of the address stays, so they are never mailed again."""
    if user.is_staff:
        raise PermissionError("Staff accounts are removed by an administrator.")
    address = user.email
    Suppression.objects.get_or_create(
        email_hash=email_hash(address),
        lifted_at__isnull=True,
        defaults={"reason": Suppression.Reason.DELETED},
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

    from newsletter.tasks import process_signup, send_password_reset, send_sign_in_link

    DBTaskResult.objects.filter(
        task_path__in=[
            task.module_path for task in (process_signup, send_sign_in_link, send_password_reset)
        ],
        args_kwargs__kwargs__email=canonical_email(address),
    ).exclude(status=TaskResultStatus.RUNNING).delete()


# --- import ----------------------------------------------------------------------------


@dataclass
class ImportReport:
    imported: int = 0
    confirmed: int = 0
    skipped: int = 0
    invalid: list[str] = field(default_factory=list)


_CONSENTED = {"yes", "y", "true", "1", "confirmed"}


@transaction.atomic
def subscribers_import(*, rows: list[dict], default_provenance: str = "") -> ImportReport:
    """Import readers from another list. Importing the same file twice adds nothing.

    Every row needs a provenance (where consent was given). Rows that also carry proof of
    confirmed consent (``confirmed_consent`` yes) become members and get their credentials;
    the others are pending and get a confirmation email, never credentials.
    """
    report = ImportReport()
    for number, row in enumerate(rows, start=2):  # line 1 is the header
        email = canonical_email(row.get("email", ""))
        provenance = single_line(row.get("provenance") or default_provenance)  # as stored
        try:  # the field's own rules: mailable, and at most 254 characters once canonical
            Subscriber._meta.get_field("email").run_validators(email)
        except ValidationError as error:
            codes = {item.code for item in error.error_list}
            if "undeliverable" in codes:
                why = (
                    "is not an address we can mail (an IP address or a local or private "
                    "network name)"
                )
            elif "local_part" in codes:
                why = "has quotation marks, spaces or control characters before the @"
            elif codes == {"max_length"}:
                why = "is longer than an email address can be (254 characters)"
            else:
                why = "is not an email address"
            report.invalid.append(f"line {number}: “{row.get('email', '')}” {why}")
            continue
        if not provenance:
            report.invalid.append(f"line {number}: no provenance for {email}")
            continue
        if Subscriber.objects.filter(email=email).exists() or is_suppressed(email):
            report.skipped += 1
            continue
        consented = (row.get("confirmed_consent") or "").strip().lower() in _CONSENTED
        newsletter = (row.get("newsletter") or "").strip().lower() in _CONSENTED
        subscriber = Subscriber.objects.create(
            email=email,
            name=(row.get("name") or "").strip()[:120],
            newsletter=newsletter,
            source=Subscriber.Source.IMPORT,
            provenance=provenance[:300],
            user=User.objects.filter(email=email).first(),
        )
        SignupConsent.objects.create(
            subscriber=subscriber,
            form=f"Import: {provenance}"[:40],
            newsletter_opt_in=newsletter,
            privacy_policy_version=privacy_policy_version(),
        )
        report.imported += 1
        if consented:
            _confirm(subscriber)
            report.confirmed += 1
        else:
            _schedule_purge(subscriber)
            outbox_queue(
                kind="newsletter.confirmation",
                to=email,
                context={"subscriber_id": subscriber.pk},
            )
    return report


# --- newsletter issues -----------------------------------------------------------------


@transaction.atomic
def issue_queue(*, issue: NewsletterIssue) -> bool:
    """Ask the worker to send an issue; False if it was already sent or queued."""
    from newsletter.tasks import prepare_issue

    locked = NewsletterIssue.objects.select_for_update().get(pk=issue.pk)
    if locked.status != NewsletterIssue.Status.DRAFT:
        return False
    locked.status = NewsletterIssue.Status.QUEUED
    locked.queued_at = timezone.now()
    locked.save(update_fields=["status", "queued_at"])
    issue_id = locked.pk
    transaction.on_commit(lambda: prepare_issue.enqueue(issue_id=issue_id))
    return True


@transaction.atomic
def issue_prepare(*, issue_id: int) -> int:
    """Queue one email per subscriber receiving the newsletter (run by the worker).

    Each row is checked again when it is sent, so a reader who leaves meanwhile is skipped.
    """
    issue = NewsletterIssue.objects.select_for_update().filter(pk=issue_id).first()
    if issue is None or issue.status != NewsletterIssue.Status.QUEUED:
        return 0
    suppressed = set(
        Suppression.objects.filter(lifted_at__isnull=True).values_list("email_hash", flat=True)
    )
    recipients, mailboxes = [], set()
    for s in Subscriber.objects.receiving_newsletter().only("pk", "email").order_by("pk"):
        # One copy per mailbox, even where two rows kept older spellings of one address
        # (the canonical-addresses migration leaves such collisions for staff to resolve).
        address = canonical_email(s.email)
        if address in mailboxes or suppressed.intersection(suppression_hashes(address)):
            continue
        mailboxes.add(address)
        recipients.append(
            (address, {"issue_id": issue.pk, "subscriber_id": s.pk}, f"{issue.outbox_prefix}{s.pk}")
        )
    outbox_queue_many(kind="newsletter.issue", emails=recipients)
    issue.status = NewsletterIssue.Status.SENT
    issue.prepared_at = timezone.now()
    issue.recipients = len(recipients)
    issue.save(update_fields=["status", "prepared_at", "recipients"])
    return len(recipients)


def issue_send_test(*, issue: NewsletterIssue, to: str) -> None:
    """A proof to one address; it counts for nothing and goes before any batch."""
    with transaction.atomic():
        outbox_queue(kind="newsletter.issue", to=to, context={"issue_id": issue.pk, "test": True})
