"""The tokens in emailed links: minting, the rule for when one may be used, using it once, and
the signed one-click unsubscribe tokens.

Two kinds:

* one-time tokens (confirm a signup, sign in, set a password): 32 random bytes in the link;
  only their SHA-256 (``token_digest``) is kept, in ``EmailToken``. ``token_mint`` makes one
  (the outbox's renderers call it as they send, ``newsletter.emails``), ``token_usable`` is
  the one rule for whether a token still works, and ``token_use`` spends one. Reading a token
  for a page that changes nothing is ``selectors.token_check``, under the same rule;
* unsubscribe tokens: a signature of the subscriber's id, which never expires
  (``unsubscribe_token``).

What the browser's session keeps in place of a token, so that none is at rest anywhere, is
``newsletter.links``'s business; it keeps ``token_digest`` or ``unsubscribe_link_keep``.
"""

import hashlib
import secrets
from datetime import timedelta

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from lordspress.core.models import User
from newsletter.models import EmailToken, Subscriber

CONFIRM_LIFETIME = timedelta(hours=24)
SET_PASSWORD_LIFETIME = timedelta(hours=72)
RESET_PASSWORD_LIFETIME = timedelta(hours=1)
SIGN_IN_LIFETIME = timedelta(minutes=15)
_UNSUBSCRIBE_SALT = "newsletter.unsubscribe"
# What a session keeps for an unsubscribe link (``unsubscribe_link_keep``): signed under a
# salt of its own, so it never works as a link, and good for a day.
_UNSUBSCRIBE_KEPT_SALT = "newsletter.unsubscribe.kept"
UNSUBSCRIBE_KEPT_FOR = timedelta(hours=24)


class TokenError(Exception):
    """A link that cannot be used; ``reason`` is "unknown", "used", "expired" or
    "password-changed" (a member's link made before their password last changed)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


# --- one-time tokens -------------------------------------------------------------------


def token_digest(raw: str) -> str:
    """What stands for an emailed token once it has left the address: its SHA-256, as 64
    hex digits. ``EmailToken.token_hash`` stores it, and a one-time link's session keeps it
    (``newsletter.links``), so neither a database dump nor a session table holds a token that
    works in a link. Unsalted, as the token is 32 random bytes: nothing to guess.
    (Positional: ``links.one_time_link`` calls it as ``keep(token)``.)"""
    return hashlib.sha256((raw or "").encode()).hexdigest()


def password_fingerprint(user: User) -> str:
    """A keyed hash (HMAC-SHA256 under SECRET_KEY, 64 hex digits) of the user's stored
    password hash. Kept with each of their links: when the password changes, by whatever
    route (their own form, a link, the admin, ``manage.py changepassword``, the shell), the
    fingerprint no longer matches and every link made before dies, as Django's password
    reset tokens die (they hash the password in the same way). The password hash itself is
    never copied."""
    return salted_hmac(
        "lordspress.newsletter.token-password", user.password, algorithm="sha256"
    ).hexdigest()


def _lock_owner(*, user_id: int | None = None, subscriber_id: int | None = None) -> None:
    """Lock the token's owner first, so that every path takes locks in one order
    (owner, then tokens) and racing clicks queue instead of deadlocking."""
    if subscriber_id is not None:
        list(Subscriber.objects.select_for_update().filter(pk=subscriber_id).values("pk"))
    elif user_id is not None:
        list(User.objects.select_for_update().filter(pk=user_id).values("pk"))


@transaction.atomic
def token_mint(
    *,
    purpose: str,
    lifetime: timedelta,
    user: User | None = None,
    subscriber: Subscriber | None = None,
) -> str:
    """Create a link token (32 random bytes); only its hash is kept. Returns the raw token.

    A new token never stops an older one: every link we mailed works until it expires or
    is used (or what it is for is done: a confirmed signup spends its other confirmation
    links, a new password its other password links). A reader who signs up, or asks for a
    link, twice and clicks the first email must not meet an error (issue 8); Ghost's magic
    links and Django's password-reset links are likewise independent of later requests.
    Each token is 256 random bits, so several live at once are no easier to guess, and the
    requests that cause them are rate-limited per address (``newsletter.limits``). A
    member's links die when their password changes or their account is switched off
    (``token_usable``).
    """
    now = timezone.now()
    raw = secrets.token_urlsafe(32)
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


def token_usable(token: EmailToken | None) -> EmailToken:
    """The token, if it can be used; raises TokenError. The one rule, for reading a link
    (``selectors.token_check``) and for using it (``token_use``).

    A member's link needs the account still active ("unknown" otherwise, as for a deleted
    one) and the password it was made under ("password-changed" otherwise, which the link
    page explains)."""
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


@transaction.atomic
def token_use(*, digest: str, purpose: str) -> EmailToken:
    """Use a token (by its ``token_digest``) once: its owner, then the token, are locked, so
    of two racing clicks one wins and the other finds the token used. Raises TokenError.
    Called inside the service that acts on the link, so that a failure there leaves the
    token unused."""
    found = (
        EmailToken.objects.filter(token_hash=digest, purpose=purpose)
        .values("pk", "user_id", "subscriber_id")
        .first()
    )
    if found is None:
        raise TokenError("unknown")
    _lock_owner(user_id=found["user_id"], subscriber_id=found["subscriber_id"])
    token = token_usable(EmailToken.objects.select_for_update().filter(pk=found["pk"]).first())
    token.used_at = timezone.now()
    token.save(update_fields=["used_at"])
    return token


# --- unsubscribe tokens ----------------------------------------------------------------


def unsubscribe_token(subscriber: Subscriber) -> str:
    """A signed, non-expiring token naming the subscriber (for one-click unsubscribe).

    Deterministic (no timestamp): every link minted for one reader is the same, so the
    ``List-Unsubscribe`` header and the link in the body of one email always agree.
    """
    return signing.Signer(salt=_UNSUBSCRIBE_SALT).sign_object(subscriber.pk)


def unsubscribe_token_pk(token: str) -> int | None:
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


def unsubscribe_link_keep(token: str) -> str:
    """What a session keeps for an unsubscribe link instead of its token, which works for
    ever: the subscriber's id, signed with the time under another salt, so that it is no
    link (``unsubscribe_token_pk`` refuses it) and is refused after ``UNSUBSCRIBE_KEPT_FOR``.
    ``""`` for a link whose signature does not hold. (Positional: ``links.one_time_link``
    calls it as ``keep(token)``.)"""
    pk = unsubscribe_token_pk(token)
    return "" if pk is None else signing.dumps(pk, salt=_UNSUBSCRIBE_KEPT_SALT)


def unsubscribe_kept_pk(kept: str) -> int:
    """The subscriber id in what ``unsubscribe_link_keep`` made of a link. Raises TokenError:
    "expired" after ``UNSUBSCRIBE_KEPT_FOR``, else "unknown"."""
    try:
        pk = signing.loads(
            kept, salt=_UNSUBSCRIBE_KEPT_SALT, max_age=UNSUBSCRIBE_KEPT_FOR.total_seconds()
        )
    except signing.SignatureExpired:
        raise TokenError("expired") from None
    except (signing.BadSignature, ValueError):
        raise TokenError("unknown") from None
    if not isinstance(pk, int):
        raise TokenError("unknown")
    return pk
