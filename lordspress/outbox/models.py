"""The outbox: one row per email to send, written in the transaction that caused it."""

from django.db import models
from django.utils import timezone

from lordspress.core.addresses import MailableEmailField
from lordspress.core.fields import PlainTextField


class OutboundEmail(models.Model):
    """One email to send: written in the transaction that caused it, sent by the worker.

    It stores what to send (a kind and the ids it needs), never a rendered body or a token:
    links are minted when the worker renders the message.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Not needed any more"

    class Priority(models.IntegerChoices):
        TRANSACTIONAL = 0, "Transactional"
        EDITORIAL = 5, "Editorial"
        BULK = 10, "Newsletter"

    kind = models.CharField(max_length=60)
    to = MailableEmailField(max_length=254)
    priority = models.PositiveSmallIntegerField(
        choices=Priority.choices, default=Priority.TRANSACTIONAL
    )
    context = models.JSONField(default=dict, blank=True)
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    lease_until = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=40, blank=True)
    last_error = PlainTextField(blank=True)
    message_id = models.CharField(max_length=250, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = (
            "lordspress_outboundemail"  # its table from before the app had a label of its own
        )
        ordering = ["-created_at", "-pk"]
        verbose_name = "outgoing email"
        indexes = [
            models.Index(fields=["status", "priority", "next_attempt_at"], name="outbox_due"),
            models.Index(fields=["to"], name="outbox_to"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.to} ({self.get_status_display().lower()})"
