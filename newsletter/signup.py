"""Signup with double opt-in: the public form's request, the worker's decision, confirmation
by the emailed link, and forgetting signups nobody confirmed.

Every public entry point answers the same whatever the address's state, so nobody can learn
who is subscribed; the differences show only in what lands in the reader's own inbox.

The entry points that take an address from anyone (signup here, emailed sign-in links and
password resets in ``accounts``) work in two halves, so that not even their timing differs by
address:

* in the request, ``signup_request`` (and ``accounts``'s ``sign_in_link_request`` and
  ``password_reset_request``) do the same work for every address: they count the request
  against the rate limits (``newsletter.limits``) and enqueue one background task carrying
  the address and the facts of the request;
* in the worker, that task (``process_signup`` here) looks the address up and decides what,
  if anything, to mail (``subscriber_subscribe``).

(Issue 8: the old single-step versions took 5–8 ms longer for members' addresses.)

The background tasks are defined beside the services they run (``process_signup``,
``purge_pending_subscribers``), so this module enqueues them without importing anything that
imports it back; ``newsletter.tasks`` keeps their old dotted paths for rows queued before.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from lordspress.core.addresses import canonical_email, is_mailable
from lordspress.core.http import truncate_ip
from lordspress.core.models import User
from lordspress.core.text import single_line
from lordspress.outbox.models import OutboundEmail
from lordspress.outbox.services import outbox_queue
from newsletter import limits
from newsletter.models import EmailToken, SignupConsent, Subscriber, Suppression
from newsletter.selectors import (
    is_suppressed,
    privacy_policy_version,
    suppression_active,
    suppressions_active,
)
from newsletter.tokens import token_use

PENDING_LIFETIME = timedelta(days=7)
# Why a suppression left by deleting an account was lifted when its owner signed up again.
OWNER_CONFIRMED = "The owner of the address confirmed a new signup by email."


def signup_request(
    *, email: str, name: str = "", newsletter: bool = False, form: str, client_key: str
) -> None:
    """Take a signup from the public form (the request half; see the module docstring).

    ``client_key``: the request's ``lordspress.core.http.rate_limit_key`` (an IPv4 address or an
    IPv6 /64). Counts the signup against ``limits.SIGNUP`` (per network and per address),
    then enqueues ``process_signup`` with what the reader agreed to and the facts of the
    request: the network (``truncate_ip``, for privacy), the privacy policy version they saw
    and the time. The same queries run for every address. Raises ``limits.RateLimited``.

    Not atomic: each count commits on its own, so a refused request still counts.
    """
    email = canonical_email(email)
    limits.limits_count(policy=limits.SIGNUP, email=email, client_key=client_key)
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
    suppression = suppression_active(email=email)
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
        pending_purge_schedule(subscriber=subscriber)
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


@task()
def process_signup(
    *,
    email: str,
    name: str,
    newsletter: bool,
    form: str,
    network: str,
    policy_version: str,
    requested_at: str,
) -> str:
    """Decide what a signup does, with the facts of its request (``requested_at``: ISO 8601).

    The request only enqueues this, so its timing is the same for every address.
    """
    return subscriber_subscribe(
        email=email,
        name=name,
        newsletter=newsletter,
        form=form,
        network=network,
        policy_version=policy_version,
        requested_at=datetime.fromisoformat(requested_at),
    )


@dataclass
class Confirmation:
    user: User
    subscriber: Subscriber


@transaction.atomic
def subscriber_confirm(*, token_digest: str) -> Confirmation:
    """Confirm a signup: the account exists and the credentials email is queued, once.

    The link proves the reader owns the address, so a suppression left by their earlier
    account's deletion is lifted here, on the record (when, by whom, why).
    ``token_digest`` is the link token's ``token_digest``. Raises TokenError for unknown, used
    or expired links.
    """
    token = token_use(digest=token_digest, purpose=EmailToken.Purpose.CONFIRM)
    confirmation = subscriber_make_member(
        subscriber=Subscriber.objects.select_for_update().get(pk=token.subscriber_id)
    )
    suppressions_active(email=confirmation.subscriber.email).filter(
        reason=Suppression.Reason.DELETED
    ).update(
        lifted_at=timezone.now(),
        lifted_by=confirmation.user,
        lift_reason=OWNER_CONFIRMED,
    )
    return confirmation


@transaction.atomic
def subscriber_make_member(*, subscriber: Subscriber) -> Confirmation:
    """Make a subscriber a confirmed member: their account (made with an unusable password
    if there is none), the consent records confirmed, and the credentials email queued
    (once). For a confirmation link (``subscriber_confirm``) and for an import with proof of
    confirmed consent (``imports``)."""
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


@transaction.atomic
def subscriber_resend_confirmation(*, subscriber: Subscriber) -> bool:
    """Admin action: a fresh confirmation email for a pending subscriber."""
    if subscriber.status != Subscriber.Status.PENDING or is_suppressed(email=subscriber.email):
        return False
    outbox_queue(
        kind="newsletter.confirmation",
        to=subscriber.email,
        context={"subscriber_id": subscriber.pk},
    )
    return True


# --- signups nobody confirmed ------------------------------------------------------------


def pending_purge_schedule(*, subscriber: Subscriber) -> None:
    """Have the worker forget ``subscriber`` a week after signing up, unless confirmed (once
    the caller's transaction commits; with a task backend that cannot defer, the
    ``newsletter_housekeeping`` command does it from cron)."""
    run_after = subscriber.created_at + PENDING_LIFETIME + timedelta(minutes=1)
    if purge_pending_subscribers.get_backend().supports_defer:
        transaction.on_commit(
            lambda: purge_pending_subscribers.using(run_after=run_after).enqueue()
        )


@transaction.atomic
def pending_purge(*, older_than: timedelta = PENDING_LIFETIME) -> int:
    """Forget unconfirmed signups (with their consent records and links) after a week."""
    cutoff = timezone.now() - older_than
    stale = Subscriber.objects.pending().filter(created_at__lt=cutoff)
    addresses = list(stale.values_list("email", flat=True))
    OutboundEmail.objects.filter(
        to__in=addresses, status__in=[OutboundEmail.Status.PENDING, OutboundEmail.Status.FAILED]
    ).delete()
    return stale.delete()[1].get("newsletter.Subscriber", 0)


@task()
def purge_pending_subscribers() -> int:
    """Forget signups that were not confirmed within a week."""
    return pending_purge()
