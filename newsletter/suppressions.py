"""The suppression list: addresses we never mail (a reader's request, a complaint, a hard
bounce, a deleted account), kept as hashes of the address (``selectors.email_hash``), never
the address. Staff add and lift suppressions here, on the record; the outbox reports hard
bounces here (``suppression_record_bounce``).

Whether an address is suppressed is a read: ``selectors.is_suppressed``. A deleted account's
suppression is written by ``accounts.account_delete`` and lifted when its owner confirms a new
signup (``signup.subscriber_confirm``).
"""

import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from lordspress.core.addresses import canonical_email, validate_mailable_email
from lordspress.core.models import User
from lordspress.core.text import single_line
from lordspress.outbox.models import OutboundEmail
from newsletter.models import Delivery, Subscriber, Suppression
from newsletter.selectors import email_hash, suppression_active, suppressions_active
from newsletter.subscriptions import subscriber_set_newsletter

logger = logging.getLogger(__name__)


@transaction.atomic
def suppression_lift(
    *,
    by: User,
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
def suppression_add(*, by: User, email: str, reason: str, note: str = "") -> SuppressionAdded:
    """Suppress an address on staff's word: a reader asked by letter or telephone not to be
    contacted (``request``), complained of our mail as spam (``complaint``), or their mail
    server refused it for good (``bounce``).

    Only the hash of the canonical address is kept (``email_hash``), with who added it, when
    and the note; what the suppression does is ``_suppress``'s. (The outbox records the
    bounces it meets itself, ``suppression_record_bounce``; those the mail provider reports
    later come through ``suppression_record_report``.)

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
        source="staff",
        replaces=f"Replaced by a suppression added by staff ({label}).",
    )


@dataclass
class SuppressionImport:
    """What ``suppressions_import`` did: rows added, rows whose address was already
    suppressed, and the invalid rows (line number and why; never the address)."""

    added: int = 0
    already: int = 0
    invalid: list[str] = field(default_factory=list)


IMPORT_REASONS = {reason.value: reason for reason in STAFF_SUPPRESSION_REASONS} | {
    "": Suppression.Reason.REQUEST,
    "unsubscribe": Suppression.Reason.REQUEST,
    "hard bounce": Suppression.Reason.BOUNCE,
    "spam": Suppression.Reason.COMPLAINT,
}


@transaction.atomic
def suppressions_import(*, by: User, rows: list[dict], note: str = "") -> SuppressionImport:
    """Suppress every address of a CSV export (another list's suppressions, a provider's
    bounce list): columns ``email``, optionally ``reason`` (request, complaint, bounce;
    empty is a request) and ``note``. Each row is ``suppression_add``, so permissions,
    hashing and what a suppression stops are the same; the source is "import". Importing the
    same file twice adds nothing."""
    if not (by and by.is_active and by.is_staff and by.has_perm("newsletter.add_suppression")):
        raise PermissionError("You may not add suppressions.")
    report = SuppressionImport()
    for number, row in enumerate(rows, start=2):  # line 1 names the columns
        reason = IMPORT_REASONS.get((row.get("reason") or "").strip().lower())
        if reason is None:
            report.invalid.append(f"Line {number}: unknown reason (request, complaint, bounce).")
            continue
        try:
            with transaction.atomic():
                result = suppression_add(
                    by=by,
                    email=row.get("email") or "",
                    reason=reason,
                    note=(row.get("note") or note or "Imported")[:300],
                )
                if result.created:
                    result.suppression.source = "import"
                    result.suppression.save(update_fields=["source"])
        except ValidationError:
            report.invalid.append(f"Line {number}: not an address we could mail.")
            continue
        if result.created:
            report.added += 1
        else:
            report.already += 1
    return report


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
        source="mail server",
        replaces="Replaced by a hard bounce: the mail server refused the address for good.",
    )


@transaction.atomic
def suppression_record_report(
    *, email: str, reason: str, note: str, source: str
) -> SuppressionAdded:
    """A mail provider reported the address (``newsletter.feedback``): a hard bounce, too many
    soft bounces, or a spam complaint. Suppressed with the provider as its source and no
    ``created_by``; the caller checks that a subscriber holds the address."""
    if reason not in (Suppression.Reason.BOUNCE, Suppression.Reason.COMPLAINT):
        raise ValueError(f"A provider reports bounces and complaints, not {reason!r}.")
    label = Suppression.Reason(reason).label.lower()
    return _suppress(
        address=canonical_email(email),
        reason=reason,
        note=note,
        by=None,
        source=source,
        replaces=f"Replaced by a {label} reported by the mail provider.",
    )


def _suppress(
    *, address: str, reason: str, note: str, by: User | None, source: str, replaces: str
) -> SuppressionAdded:
    """Suppress canonical ``address`` for ``reason``; ``by`` is the staff member, or None
    when the mail server's refusal made it.

    An active "deleted" suppression of the address (which a new signup confirmed by the
    owner lifts) is lifted on the record, with ``replaces`` as the reason, and replaced,
    because a request, complaint or bounce is a refusal no signup form overrides
    (``signup.subscriber_subscribe``); an active standing suppression is kept as it is. Either way
    the address's newsletter stops (``unsubscribed_at`` stamped) and mail still waiting in
    the outbox for it is cancelled. Runs in the caller's transaction.
    """
    note = single_line(note or "")[: Suppression._meta.get_field("note").max_length]
    now = timezone.now()
    active = list(suppressions_active(email=address).select_for_update())
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
                    source=source,
                )
        except IntegrityError:  # a racing request suppressed the address meanwhile
            suppression, created = suppression_active(email=address), False
    stopped = 0
    for subscriber in Subscriber.objects.select_for_update().filter(email=address, newsletter=True):
        subscriber_set_newsletter(subscriber=subscriber, wanted=False)
        stopped += 1
    cancelled = OutboundEmail.objects.filter(
        to=address, status=OutboundEmail.Status.PENDING
    ).update(status=OutboundEmail.Status.CANCELLED, last_error=SUPPRESSED_MAIL_CANCELLED)
    cancelled += Delivery.objects.filter(
        subscriber__email=address, status=Delivery.Status.QUEUED
    ).update(status=Delivery.Status.SKIPPED, last_error=SUPPRESSED_MAIL_CANCELLED)
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
