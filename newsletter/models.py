"""Subscribers, the proof of their consent, one-time email tokens and the suppression list."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from lordspress.core.addresses import MailableEmailField
from lordspress.core.dates import EditorialDateTimeField
from lordspress.core.fields import PlainTextField, SanitizedRichTextField, SingleLineField


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Subscriber.Status.CONFIRMED)

    def pending(self):
        return self.filter(status=Subscriber.Status.PENDING)

    def receiving_newsletter(self):
        return self.confirmed().filter(newsletter=True)


class Subscriber(models.Model):
    """A reader who asked to join. Confirmed subscribers are members with an account."""

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting confirmation"
        CONFIRMED = "confirmed", "Confirmed"

    class Source(models.TextChoices):
        BOX = "box", "Newsletter box"
        PAGE = "page", "Newsletter page"
        IMPORT = "import", "Import"

    email = MailableEmailField(max_length=254)
    name = SingleLineField(max_length=120, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    newsletter = models.BooleanField(
        "receives the newsletter",
        default=False,
        help_text="Only the reader can turn this on (at signup or in their account).",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subscriber",
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.BOX)
    provenance = SingleLineField(
        max_length=300, blank=True, help_text="For imports: where the consent was given."
    )
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="subscriber_email_case_insensitive"),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="subscriber_status_created")]

    def __str__(self) -> str:
        return self.email


class SignupConsent(models.Model):
    """What a reader agreed to, where and when: the proof behind each signup."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="consents")
    created_at = models.DateTimeField(default=timezone.now)
    form = models.CharField(max_length=40)
    newsletter_opt_in = models.BooleanField(default=False)
    privacy_policy_version = models.CharField(max_length=60)
    ip_truncated = models.CharField("IP address (network only)", max_length=45, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Consent of {self.subscriber} on {self.created_at:%Y-%m-%d %H:%M}"


class EmailToken(models.Model):
    """A one-time link token. Only its SHA-256 hash is stored; the link dies once used."""

    class Purpose(models.TextChoices):
        CONFIRM = "confirm", "Confirm subscription"
        SIGN_IN = "sign_in", "Sign in"
        SET_PASSWORD = "set_password", "Set password"

    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, null=True, blank=True, related_name="tokens"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="email_tokens",
    )
    # For a member's link: a keyed hash of their password hash when the link was made
    # (newsletter.tokens.password_fingerprint). A new password, set by any route, makes
    # it differ, and the link dies, as Django's password-reset tokens do. Empty: not checked.
    password_fingerprint = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["purpose", "expires_at"], name="email_token_expiry")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(subscriber__isnull=False) | models.Q(user__isnull=False),
                name="email_token_has_owner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} link of {self.created_at:%Y-%m-%d %H:%M}"


class Suppression(models.Model):
    """An address not to be mailed, kept only as a hash (SHA-256 of the canonical address,
    ``newsletter.selectors.email_hash``).

    Made by deleting an account ("deleted", no ``created_by``), by staff with the
    ``add_suppression`` permission (``suppression_add``: a request not to be contacted, a
    complaint, a hard bounce; ``created_by`` and ``note`` say who and why), or by the outbox
    when a mail server refuses a subscriber's address for good as a mailbox that does not
    exist (``suppression_record_bounce``: "bounce", no ``created_by``, the reply's codes in
    ``note``). While active it
    blocks imports, staff-sent mail, newsletters and links. Rows are never deleted, so the
    history stays: lifting one records when, by whom and why (staff with the
    ``lift_suppression`` permission, or the owner of the address confirming a new signup
    after deleting their account), and suppressing the address again adds a new row. At most
    one row per address is active.
    """

    class Reason(models.TextChoices):
        DELETED = "deleted", "Account deleted"
        COMPLAINT = "complaint", "Spam complaint"
        BOUNCE = "bounce", "Hard bounce"
        REQUEST = "request", "Asked not to be contacted"

    email_hash = models.CharField(max_length=64)
    reason = models.CharField(max_length=12, choices=Reason.choices)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The staff member who added it; empty when an account's deletion or the "
        "mail server's refusal (a hard bounce) made it.",
    )
    note = SingleLineField(
        max_length=300,
        blank=True,
        help_text="How we learnt of it, e.g. “Letter of 3 March to the desk”. Never the "
        "address or the reader's name: only a hash of the address is kept.",
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The staff member who lifted it, or the owner who confirmed a new signup.",
    )
    lift_reason = SingleLineField("why it was lifted", max_length=300, blank=True)
    source = SingleLineField(
        max_length=40,
        blank=True,
        help_text="What told us: staff, the mail server's refusal, a mail provider's report "
        "(e.g. “webhook: mailgun”), an import, or the account's deletion.",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        permissions = [("lift_suppression", "Can lift a suppression")]
        indexes = [models.Index(fields=["email_hash"], name="suppression_email_hash")]
        constraints = [
            models.UniqueConstraint(
                fields=["email_hash"],
                condition=models.Q(lifted_at__isnull=True),
                name="suppression_one_active_per_address",
            ),
            models.CheckConstraint(
                condition=models.Q(lifted_at__isnull=True) | ~models.Q(lift_reason=""),
                name="suppression_lift_has_a_reason",
            ),
        ]

    def __str__(self) -> str:
        state = ", lifted" if self.lifted_at else ""
        return f"{self.email_hash[:12]}… ({self.get_reason_display().lower()}{state})"

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None


class FeedbackEvent(models.Model):
    """What a mail provider reported about one of our messages (django-anymail's tracking
    webhooks): a hard bounce, a soft bounce, a complaint. Kept as evidence and to count soft
    bounces; only the address's hash is stored."""

    class Kind(models.TextChoices):
        BOUNCE = "bounce", "Hard bounce"
        SOFT_BOUNCE = "soft_bounce", "Soft bounce"
        COMPLAINT = "complaint", "Spam complaint"
        UNSUBSCRIBE = "unsubscribe", "Unsubscribed at the provider"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    email_hash = models.CharField(max_length=64)
    esp = models.CharField("provider", max_length=40)
    event_id = models.CharField(max_length=200, blank=True)
    message_id = models.CharField(max_length=250, blank=True)
    delivery = models.ForeignKey(
        "Delivery", on_delete=models.SET_NULL, null=True, blank=True, related_name="feedback"
    )
    description = SingleLineField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["email_hash", "kind", "created_at"], name="feedback_by")]
        constraints = [
            models.UniqueConstraint(
                fields=["esp", "event_id"],
                condition=~models.Q(event_id=""),
                name="feedback_event_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.esp} ({self.created_at:%Y-%m-%d %H:%M})"


class NewsletterIssue(models.Model):
    """An edition of the newsletter: a subject, a preheader, a rich-text introduction and an
    ordered list of articles (``IssueArticle``).

    Draft → scheduled (``send_at``; "send now" schedules it for now) → sending → sent, or
    sent with failures. When sending starts the worker writes one ``Delivery`` per reader who
    receives the newsletter then; each is checked again (still subscribed, not suppressed?)
    as its message is sent (``newsletter.sending``).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        SENT_WITH_FAILURES = "failures", "Sent with failures"

    subject = SingleLineField(max_length=150)
    preheader = SingleLineField(
        max_length=200,
        blank=True,
        help_text="The line mail readers show after the subject in the inbox; hidden in the "
        "email itself. About 40 to 130 characters.",
    )
    introduction = SanitizedRichTextField(
        blank=True,
        help_text="Opens the email. Cleaned exactly as article bodies are.",
    )
    articles = models.ManyToManyField(
        "articles.Article",
        blank=True,
        through="IssueArticle",
        related_name="newsletter_issues",
        help_text="Only published articles are included; members-only text never is.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    send_at = models.DateTimeField(
        "send at",
        null=True,
        blank=True,
        help_text="When a scheduled issue starts going out (London time).",
    )
    created_at = EditorialDateTimeField(default=timezone.now)
    queued_at = models.DateTimeField("scheduled at", null=True, blank=True)
    prepared_at = models.DateTimeField("started at", null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    recipients = models.PositiveIntegerField(default=0)
    # The chains of batch tasks allowed to send this issue, one token each, separated by
    # spaces (``newsletter.sending``; ``NEWSLETTER_PARALLEL_BATCHES`` of them).
    send_token = models.CharField(max_length=400, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "newsletter issue"
        indexes = [models.Index(fields=["status", "send_at"], name="issue_status_send_at")]

    def __str__(self) -> str:
        return self.subject

    @property
    def outbox_prefix(self) -> str:
        return f"issue:{self.pk}:"

    @property
    def editable(self) -> bool:
        return self.status in {self.Status.DRAFT, self.Status.SCHEDULED}


class IssueArticle(models.Model):
    """An article's place in an issue: lower positions come first."""

    # The table and column of the many-to-many table this model took over (migration 0015).
    issue = models.ForeignKey(
        NewsletterIssue,
        on_delete=models.CASCADE,
        related_name="entries",
        db_column="newsletterissue_id",
    )
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="newsletter_entries"
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "newsletter_newsletterissue_articles"
        ordering = ["position", "pk"]
        verbose_name = "article in the issue"
        verbose_name_plural = "articles in the issue"
        unique_together = [("issue", "article")]

    def __str__(self) -> str:
        return f"{self.position}. {self.article}"


class Delivery(models.Model):
    """One issue to one reader: at most one row per (issue, subscriber), held by the database.

    queued → claimed (a worker has it, under a lease) → sending (handed to the mail server;
    committed before the first byte goes) → sent; or skipped (the reader left, or was
    suppressed, before it went), or failed (refused for good, too many attempts, or
    interrupted while being handed over: it may have arrived, so it is never sent again by
    itself). A claim whose lease ran out before sending goes back to the queue; a row left
    "sending" by a worker that died is failed, never re-sent (``newsletter.sending``).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        CLAIMED = "claimed", "Being sent"
        SENDING = "sending", "Handed to the mail server"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Skipped"

    issue = models.ForeignKey(NewsletterIssue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.SET_NULL, null=True, blank=True, related_name="deliveries"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_by = models.CharField(max_length=32, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=250, null=True, blank=True, unique=True)
    last_error = PlainTextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "subscriber"], name="delivery_one_per_issue_and_reader"
            ),
        ]
        indexes = [
            models.Index(fields=["issue", "status", "next_attempt_at"], name="delivery_due"),
        ]

    def __str__(self) -> str:
        return f"Issue {self.issue_id} to subscriber {self.subscriber_id} ({self.status})"
