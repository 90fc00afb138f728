"""Site-wide models: the user, site settings, sponsors and static pages."""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from lordspress.addresses import MailableEmailField, canonical_email
from lordspress.dates import validate_editorial_date
from lordspress.fields import (
    PlainTextField,
    SanitizedRichTextField,
    SingleLineField,
    WebAddressField,
)
from lordspress.images import RandomUploadPath, UploadedImageField

# First path segments the site uses itself; a section or page may not take them.
RESERVED_SLUGS = (
    "accounts",
    "admin",
    "api",
    "archive",
    "authors",
    "ckeditor",
    "cookies",
    "feed",
    "media",
    "newsletter",
    "preview",
    "robots",
    "search",
    "sitemap",
    "static",
)


def normalise_email(email: str) -> str:
    """The one spelling of an address we store and compare: ``canonical_email`` (the address
    as the mailer delivers it; see ``lordspress.addresses``)."""
    return canonical_email(email)


class UserManager(BaseUserManager):
    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email: str | None) -> str:
        """Django's hook, given our rule (Django's own only lower-cases the domain)."""
        return canonical_email(email or "")

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=normalise_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser must have is_staff and is_superuser set.")
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email=normalise_email(username))


class User(AbstractBaseUser, PermissionsMixin):
    """Readers and staff alike sign in with their email address.

    A staff member's name and address are private: public bylines are ``authors.Author``.
    """

    email = MailableEmailField("email address", unique=True)
    full_name = SingleLineField(
        max_length=150, blank=True, help_text="Private; never shown on the site."
    )
    is_staff = models.BooleanField(
        default=False, help_text="Designates whether the user can sign in to the admin."
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_case_insensitive_unique"),
        ]

    def __str__(self) -> str:
        return self.email

    def clean(self) -> None:
        super().clean()
        self.email = normalise_email(self.email)

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class SiteSettings(models.Model):
    """The texts editors change without a deploy: exactly one row (pk=1), made by a migration."""

    masthead_location = SingleLineField(max_length=80, default="London, UK")
    tagline = SingleLineField(
        max_length=200,
        default="A journal of record on European nobility, diplomacy, protocol and heraldry",
    )
    postal_address = PlainTextField(blank=True)
    contact_email = MailableEmailField(blank=True)
    newsletter_heading = SingleLineField(max_length=80, default="Newsletter")
    newsletter_text = PlainTextField(
        help_text="Shown in the newsletter box on every page. Separate paragraphs with a blank "
        "line.",
        default=(
            "Subscribe to receive your complimentary login credentials and unlock full access "
            "to all features and stories from Lord’s Press.\n\n"
            "As a journal of record, Lord’s Press remains freely accessible—thanks to the "
            "enduring support of our distinguished partners and patrons. Subscribing ensures "
            "uninterrupted access to our archives, special reports, and exclusive notices."
        ),
    )
    sponsors_heading = SingleLineField(max_length=80, default="LP is free thanks to our Sponsors")
    google_tag_id = models.CharField(
        "Google tag ID",
        max_length=30,
        blank=True,
        validators=[
            RegexValidator(
                r"^(G|GT|AW|DC)-[A-Z0-9]{4,20}\Z",  # \Z, as "$" admits a final newline
                "A Google tag ID looks like G-XXXXXXXXXX (or GT-, AW-, DC-).",
            )
        ],
        help_text="Optional. Loaded only for readers who allow it, after Google's consent "
        "signals have been set to denied. Declare it first in the cookie registry (a service "
        "with the key google-tag, with its cookies) and publish a policy version.",
    )

    class Meta:
        verbose_name = "site settings"
        verbose_name_plural = "site settings"
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="site_settings_single_row")
        ]

    def __str__(self) -> str:
        return "Site settings"

    def clean(self) -> None:
        super().clean()
        if self.google_tag_id:
            from consent.google import GOOGLE_SERVICE_KEY
            from consent.registry import current_registry

            if current_registry().service(GOOGLE_SERVICE_KEY) is None:
                raise ValidationError(
                    {
                        "google_tag_id": "The published cookie policy does not declare the "
                        "Google tag. Add a service with the key google-tag (and its cookies) "
                        "to the cookie registry and publish a policy version first."
                    }
                )

    @classmethod
    def load(cls) -> "SiteSettings":
        """The settings row, or unsaved defaults when an editor has not saved any yet."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class SocialLink(models.Model):
    """A "Follow" link in the footer."""

    label = SingleLineField(max_length=40, help_text="For example X, LinkedIn, Instagram.")
    url = WebAddressField("address", max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "label"]
        constraints = [models.UniqueConstraint(fields=["label"], name="social_link_label_unique")]

    def __str__(self) -> str:
        return self.label


class SponsorQuerySet(models.QuerySet):
    def active(self, on=None):
        """Sponsors to show on ``on`` (today in London by default)."""
        day = on or timezone.localdate()
        return self.filter(active_from__lte=day).filter(
            models.Q(active_until__isnull=True) | models.Q(active_until__gte=day)
        )


class Sponsor(models.Model):
    class Tier(models.TextChoices):
        PRINCIPAL = "principal", "Principal sponsor"
        PARTNER = "partner", "Partner"
        PATRON = "patron", "Patron"

    name = SingleLineField(max_length=120)
    logo = UploadedImageField(
        upload_to=RandomUploadPath("sponsors"),
        width_field="logo_width",
        height_field="logo_height",
        help_text="Resized to at most 480×240 pixels when saved.",
    )
    logo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    logo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    url = WebAddressField("link", max_length=300)
    tier = models.CharField(max_length=20, choices=Tier.choices, default=Tier.PARTNER)
    active_from = models.DateField(default=timezone.localdate, validators=[validate_editorial_date])
    active_until = models.DateField(
        null=True,
        blank=True,
        validators=[validate_editorial_date],
        help_text="Leave empty for no end.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    objects = SponsorQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(active_until__isnull=True)
                | models.Q(active_until__gte=models.F("active_from")),
                name="sponsor_active_until_after_from",
                violation_error_message="“Active until” must not be before “active from”.",
            ),
        ]
        indexes = [models.Index(fields=["active_from", "active_until"])]

    def __str__(self) -> str:
        return self.name


class Page(models.Model):
    """A static page (Our History, Privacy Policy, Cookie Policy…) at ``/<slug>/``."""

    title = SingleLineField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    body = SanitizedRichTextField(config_name="page")
    meta_description = SingleLineField(max_length=300, blank=True)
    show_in_footer = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    old_addresses = GenericRelation("lordspress.OldAddress")

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "title"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(slug__in=RESERVED_SLUGS),
                name="page_slug_not_reserved",
                violation_error_message="This address is used by the site itself.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("section-or-page", kwargs={"slug": self.slug})

    def addresses(self) -> dict[str, str]:
        """Its public addresses by kind (see ``OldAddress``)."""
        return {"page": self.get_absolute_url()}

    def clean(self) -> None:
        from articles.models import Category

        if self.slug and Category.objects.filter(slug=self.slug).exists():
            raise ValidationError({"slug": "A section already uses this address."})


class OldAddress(models.Model):
    """A public address a section, section feed, static page or byline page had before its
    slug changed, answered with a 301 to the same kind of address of that object now.

    Recorded by the object's save service (``lordspress.services.keep_old_addresses``),
    answered by ``lordspress.old_addresses.OldAddressMiddleware`` where nothing else answers.
    ``kind`` names which of the object's ``addresses()`` it was (a section has three: its
    front page and two feeds), so an old feed address leads to the new feed. One row per
    address, naming the object last at it, so redirects never chain; deleting the object
    deletes its rows (``GenericRelation``), and its old addresses are gone with it.
    Articles keep theirs in ``articles.ArticleRedirect``, which also knows whether the
    article is live.
    """

    old_path = models.CharField(max_length=300, unique=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(max_length=40)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "old address"
        verbose_name_plural = "old addresses"
        indexes = [models.Index(fields=["content_type", "object_id"], name="oldaddress_target")]

    def __str__(self) -> str:
        return f"{self.old_path} → {self.target}"


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
        ordering = ["-created_at", "-pk"]
        verbose_name = "outgoing email"
        indexes = [
            models.Index(fields=["status", "priority", "next_attempt_at"], name="outbox_due"),
            models.Index(fields=["to"], name="outbox_to"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.to} ({self.get_status_display().lower()})"


class RateLimitBucket(models.Model):
    """Hits per key and time window, in the database so every process shares the count."""

    key = models.CharField(max_length=200)
    window_start = models.DateTimeField()
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-window_start"]
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="rate_limit_bucket_unique")
        ]
        indexes = [models.Index(fields=["window_start"], name="rate_limit_window")]

    def __str__(self) -> str:
        return f"{self.key} since {self.window_start:%Y-%m-%d %H:%M}: {self.hits}"


class WeatherReading(models.Model):
    """The masthead's weather: exactly one row (pk=1), written only by the refresh service.

    It keeps the last good reading when a refresh fails (``last_error`` says why), and
    ``refresh_queued_at`` lets any number of web processes agree that one refresh is queued.
    """

    class Provider(models.TextChoices):
        OPENWEATHERMAP = "openweathermap", "OpenWeather"
        OPEN_METEO = "open-meteo", "Open-Meteo"

    provider = models.CharField(max_length=20, choices=Provider.choices, blank=True)
    location = SingleLineField(max_length=80, blank=True)
    condition = SingleLineField(max_length=100, blank=True)
    temperature_c = models.DecimalField(
        "temperature (°C)", max_digits=4, decimal_places=1, null=True, blank=True
    )
    humidity_percent = models.PositiveSmallIntegerField("humidity (%)", null=True, blank=True)
    wind_kmh = models.DecimalField(
        "wind (km/h)", max_digits=4, decimal_places=1, null=True, blank=True
    )
    observed_at = models.DateTimeField(
        null=True, blank=True, help_text="The provider's observation time."
    )
    fetched_at = models.DateTimeField(
        null=True, blank=True, help_text="When this reading was fetched and stored."
    )
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = SingleLineField(max_length=300, blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    refresh_queued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "weather reading"
        ordering = ["pk"]
        permissions = [("refresh_weatherreading", "Can queue a weather refresh")]
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="weather_reading_single_row"),
            models.CheckConstraint(
                condition=models.Q(fetched_at__isnull=True)
                | (
                    ~models.Q(provider="")
                    & models.Q(temperature_c__isnull=False)
                    & models.Q(humidity_percent__isnull=False)
                    & models.Q(wind_kmh__isnull=False)
                    & models.Q(observed_at__isnull=False)
                ),
                name="weather_reading_complete",
            ),
            models.CheckConstraint(
                condition=models.Q(humidity_percent__isnull=True)
                | models.Q(humidity_percent__lte=100),
                name="weather_reading_humidity_percent",
            ),
            models.CheckConstraint(
                condition=models.Q(wind_kmh__isnull=True) | models.Q(wind_kmh__gte=0),
                name="weather_reading_wind_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.summary() or "No reading yet"

    def summary(self) -> str:
        """The reading as the masthead prints it, or "" before the first one."""
        if self.fetched_at is None:
            return ""
        from lordspress.weather import format_reading

        return format_reading(
            condition=self.condition,
            temperature_c=self.temperature_c,
            humidity_percent=self.humidity_percent,
            wind_kmh=self.wind_kmh,
        )

    @property
    def is_failing(self) -> bool:
        """The most recent attempt failed (the stored reading, if any, is older)."""
        return self.last_error_at is not None and (
            self.fetched_at is None or self.last_error_at > self.fetched_at
        )
