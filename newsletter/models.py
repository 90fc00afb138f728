"""Subscribers, the proof of their consent, one-time email tokens and the suppression list."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from lordspress.core.addresses import MailableEmailField
from lordspress.core.dates import EditorialDateTimeField
from lordspress.core.fields import PlainTextField, SingleLineField


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


class NewsletterIssue(models.Model):
    """An edition of the newsletter: an introduction and a selection of articles.

    Sending freezes nothing in advance except who was subscribed when it was prepared; each
    recipient's email is an outbox row, checked again (still subscribed?) when it is sent.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        QUEUED = "queued", "Being prepared"
        SENT = "sent", "Handed to the outbox"

    subject = SingleLineField(max_length=150)
    introduction = PlainTextField(
        blank=True, help_text="Plain text; separate paragraphs with a blank line."
    )
    articles = models.ManyToManyField(
        "articles.Article",
        blank=True,
        related_name="newsletter_issues",
        help_text="Only published articles are included; members-only text never is.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = EditorialDateTimeField(default=timezone.now)
    queued_at = models.DateTimeField(null=True, blank=True)
    prepared_at = models.DateTimeField(null=True, blank=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "newsletter issue"

    def __str__(self) -> str:
        return self.subject

    @property
    def outbox_prefix(self) -> str:
        return f"issue:{self.pk}:"
