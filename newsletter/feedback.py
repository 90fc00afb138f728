"""What mail providers tell us after a message left: bounces, complaints, and unsubscribes
mailed to the ``List-Unsubscribe`` mailto: address.

django-anymail turns every supported provider's webhook into one ``tracking`` signal (each
provider's own signature check or the shared basic-auth secret guards it; the view is
``views.feedback_webhook``) and its inbound-mail webhooks into one ``inbound`` signal. This
module receives both:

* a hard bounce (``bounced``), or a refusal the provider made because the address bounced
  before (``rejected`` for "bounced"), suppresses the address as a bounce; a spam complaint
  (``complained``) suppresses it as a complaint, which also stops its newsletter
  (``suppressions._suppress``). The suppression names its source ("webhook: Mailgun");
* a soft bounce (``deferred``) is counted, not suppressed, until
  ``NEWSLETTER_SOFT_BOUNCE_LIMIT`` of them within ``NEWSLETTER_SOFT_BOUNCE_DAYS``: then the
  address is suppressed as a bounce;
* an unsubscribe at the provider stops the reader's newsletter;
* an email to the unsubscribe mailbox whose subject carries a reader's signed unsubscribe
  token (``emails.unsubscribe_mailto``) stops their newsletter.

Each event is kept as a ``FeedbackEvent`` (the address as a hash, with the provider's event
ID, so a webhook the provider repeats counts once). Only addresses a subscriber holds are
suppressed, as for the outbox's own bounces (``suppressions.suppression_record_bounce``).
"""

import logging
import re
from dataclasses import dataclass
from datetime import timedelta

from anymail.signals import inbound, tracking
from django.conf import settings
from django.db import IntegrityError, transaction
from django.dispatch import receiver
from django.utils import timezone

from lordspress.core.addresses import canonical_email
from newsletter.models import Delivery, FeedbackEvent, Subscriber, Suppression
from newsletter.selectors import email_hash, subscriber_from_unsubscribe_token
from newsletter.subscriptions import subscriber_unsubscribe
from newsletter.suppressions import suppression_record_report

logger = logging.getLogger(__name__)

_KINDS = {
    "bounced": FeedbackEvent.Kind.BOUNCE,
    "deferred": FeedbackEvent.Kind.SOFT_BOUNCE,
    "complained": FeedbackEvent.Kind.COMPLAINT,
    "unsubscribed": FeedbackEvent.Kind.UNSUBSCRIBE,
}
_UNSUBSCRIBE_SUBJECT = re.compile(r"\bunsubscribe\s+(\S+)", re.IGNORECASE)


@dataclass(frozen=True)
class FeedbackOutcome:
    """What one reported event did: ``kind`` (None: not an event we act on), whether it was
    a repeat of one already recorded, and whether it suppressed or unsubscribed anyone."""

    kind: str | None
    repeated: bool = False
    suppressed: bool = False
    unsubscribed: bool = False


def _kind(event_type: str, reject_reason: str | None) -> str | None:
    if event_type == "rejected" and reject_reason == "bounced":
        return FeedbackEvent.Kind.BOUNCE  # the provider's own list: it bounced before
    return _KINDS.get(event_type)


def _delivery(message_id: str) -> Delivery | None:
    if not message_id:
        return None
    bare = message_id.strip().strip("<>")
    return Delivery.objects.filter(message_id__in=[f"<{bare}>", bare]).first()


@transaction.atomic
def feedback_record(
    *,
    event_type: str,
    email: str,
    esp: str,
    event_id: str = "",
    message_id: str = "",
    reject_reason: str | None = None,
    description: str = "",
) -> FeedbackOutcome:
    """Act on one event a provider reported (see the module's docstring)."""
    kind = _kind(event_type, reject_reason)
    if kind is None or not email or "@" not in email:
        return FeedbackOutcome(kind=None)
    address = canonical_email(email)
    try:
        with transaction.atomic():
            FeedbackEvent.objects.create(
                kind=kind,
                email_hash=email_hash(address),
                esp=esp[:40],
                event_id=(event_id or "")[:200],
                message_id=(message_id or "")[:250],
                delivery=_delivery(message_id or ""),
                description=(description or "")[:300],
            )
    except IntegrityError:  # the provider sent this event before
        return FeedbackOutcome(kind=kind, repeated=True)
    subscribed = Subscriber.objects.filter(email=address).exists()
    source = f"webhook: {esp}"[:40]
    if kind == FeedbackEvent.Kind.UNSUBSCRIBE:
        stopped = False
        for subscriber in Subscriber.objects.filter(email=address, newsletter=True):
            subscriber_unsubscribe(subscriber=subscriber)
            stopped = True
        return FeedbackOutcome(kind=kind, unsubscribed=stopped)
    if not subscribed:
        return FeedbackOutcome(kind=kind)
    if kind == FeedbackEvent.Kind.SOFT_BOUNCE:
        since = timezone.now() - timedelta(days=settings.NEWSLETTER_SOFT_BOUNCE_DAYS)
        count = FeedbackEvent.objects.filter(
            email_hash=email_hash(address), kind=kind, created_at__gte=since
        ).count()
        if count < settings.NEWSLETTER_SOFT_BOUNCE_LIMIT:
            return FeedbackOutcome(kind=kind)
        days = settings.NEWSLETTER_SOFT_BOUNCE_DAYS
        note = f"{count} soft bounces reported by {esp} in {days} days."
        reason = Suppression.Reason.BOUNCE
    elif kind == FeedbackEvent.Kind.BOUNCE:
        note = f"A hard bounce reported by {esp}."
        reason = Suppression.Reason.BOUNCE
    else:
        note = f"A spam complaint reported by {esp}."
        reason = Suppression.Reason.COMPLAINT
    result = suppression_record_report(email=address, reason=reason, note=note, source=source)
    logger.info("%s reported by %s: suppression %s", kind, esp, result.suppression.pk)
    return FeedbackOutcome(kind=kind, suppressed=True)


@transaction.atomic
def feedback_unsubscribe_mail(*, subject: str) -> bool:
    """An email to the unsubscribe mailbox: the reader whose signed token is in its subject
    ("unsubscribe <token>", as ``List-Unsubscribe``'s mailto: writes it) stops receiving the
    newsletter. False when the subject names nobody (a forged or mangled token)."""
    found = _UNSUBSCRIBE_SUBJECT.search(subject or "")
    subscriber = subscriber_from_unsubscribe_token(token=found.group(1)) if found else None
    if subscriber is None:
        return False
    subscriber_unsubscribe(subscriber=subscriber)
    return True


@receiver(tracking, dispatch_uid="newsletter.feedback.tracking")
def _on_tracking(sender, event, esp_name, **kwargs):
    feedback_record(
        event_type=event.event_type or "",
        email=event.recipient or "",
        esp=esp_name,
        event_id=event.event_id or "",
        message_id=event.message_id or "",
        reject_reason=event.reject_reason,
        description=event.description or "",
    )


@receiver(inbound, dispatch_uid="newsletter.feedback.inbound")
def _on_inbound(sender, event, esp_name, **kwargs):
    message = event.message
    if message is not None:
        feedback_unsubscribe_mail(subject=message.subject or "")
