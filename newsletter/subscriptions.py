"""Whether a subscriber receives the newsletter: the reader's own choice (their account page,
one-click unsubscribe) and what staff may change on a subscriber.

Only the reader turns the newsletter on (confirming a signup, ``signup``, or on their account
page); staff and the suppression list (``suppressions``) only ever stop it.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_text_list

from newsletter.models import Subscriber

# What staff may change on a subscriber, in the admin or anywhere else: the name, the provenance
# note, and stopping the newsletter. Everything else records what the reader did (the address
# they confirmed, when, how they came); the admin shows it read-only.
SUBSCRIBER_STAFF_FIELDS: tuple[str, ...] = ("name", "provenance", "newsletter")


@transaction.atomic
def subscriber_set_newsletter(*, subscriber: Subscriber, wanted: bool) -> Subscriber:
    """The newsletter on or off, as the reader chose (stopping stamps ``unsubscribed_at``)."""
    subscriber.newsletter = wanted
    subscriber.unsubscribed_at = None if wanted else timezone.now()
    subscriber.save(update_fields=["newsletter", "unsubscribed_at"])
    return subscriber


@transaction.atomic
def subscriber_unsubscribe(*, subscriber: Subscriber) -> Subscriber:
    """One-click unsubscribe: no more newsletters. The account (and access) stays."""
    if not subscriber.newsletter:
        return subscriber
    return subscriber_set_newsletter(subscriber=subscriber, wanted=False)


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
