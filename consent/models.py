"""Cookie consent: the registry (categories, services, cookies), published policy versions and
the append-only records that prove each visitor's choice.

The registry rows are the working copy editors keep in the admin. Readers are served the
registry as frozen into the latest published ``PolicyVersion``: the banner, the dialog, the
cookie table on the Cookie Policy page, script gating and the server's cookie enforcement all
read that one snapshot, so they cannot drift apart, and every table a reader was ever shown
is kept.
"""

import re

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone

from consent.cookie_names import declared_name_problem
from lordspress.core.fields import PlainTextField, SingleLineField, WebAddressField
from lordspress.core.http import is_cookie_domain, is_cookie_name, is_cookie_path

# fullmatch, never ``^…$``: "$" also matches before a final line break.
STORAGE_KEY_RE = re.compile(r"[^\s\x00-\x1f\x7f]+")
# \Z, not "$", which admits a final newline.
SCRIPT_PATH_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_./-]*\.js\Z")


def validate_cookie_domain(value: str) -> None:
    """The registry's domain reaches a ``Set-Cookie`` header when a refused cookie is deleted
    (and the page's script), so it must be a host name and nothing else (RFC 6265 §4.1.1)."""
    if value and not is_cookie_domain(value):
        raise ValidationError(
            "Give a domain name such as example.com or .example.com: ASCII letters, digits, "
            "hyphens and dots only (an internationalised name in its xn-- form).",
            code="cookie_domain",
        )


def validate_cookie_path(value: str) -> None:
    """Like the domain: written into ``Set-Cookie`` as it is (RFC 6265 §4.1.1 path-value)."""
    if value and not is_cookie_path(value):
        raise ValidationError(
            "A path starts with / and may contain only printable ASCII characters other than ; "
            "(percent-encode anything else, for example %C3%A9 for é).",
            code="cookie_path",
        )


class Party(models.TextChoices):
    FIRST = "first", "First party"
    THIRD = "third", "Third party"


class Category(models.Model):
    """One of the four fixed purposes. Editors word them; the keys are part of the protocol
    (the consent cookie, the records, Google's consent signals), so there are only these."""

    class Key(models.TextChoices):
        NECESSARY = "necessary", "Strictly necessary"
        PREFERENCES = "preferences", "Preferences"
        ANALYTICS = "analytics", "Analytics"
        MARKETING = "marketing", "Marketing"

    key = models.CharField(max_length=20, primary_key=True, choices=Key.choices)
    name = SingleLineField(max_length=80)
    description = PlainTextField(
        help_text="Shown in the cookie settings and on the Cookie Policy page: what these "
        "cookies do for the reader, in plain words."
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name_plural = "categories"
        ordering = ["order", "key"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_necessary(self) -> bool:
        return self.key == self.Key.NECESSARY


class Service(models.Model):
    """A named provider of cookies or scripts (our reading statistics, a Google tag, a video
    host), which readers may allow or refuse on its own inside its category."""

    key = models.SlugField(
        max_length=60,
        unique=True,
        help_text="Short identifier used in the consent cookie and in data-service attributes "
        "(for a Google tag, use google-tag).",
    )
    name = SingleLineField(max_length=120)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="services")
    provider = SingleLineField(max_length=120, help_text="The company or body responsible.")
    party = models.CharField(max_length=10, choices=Party.choices, default=Party.FIRST)
    purpose = PlainTextField(help_text="What the service does with the reader's data.")
    privacy_url = WebAddressField("privacy policy", max_length=300, blank=True)
    script = models.CharField(
        "gated script",
        max_length=200,
        blank=True,
        validators=[
            RegexValidator(SCRIPT_PATH_RE, "Give the path of a .js file among the static files.")
        ],
        help_text="Optional: a static file (for example js/demo-analytics.js) written into "
        "every page inert and run in the browser only once the reader allows this service.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["category__order", "order", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.category_id == Category.Key.NECESSARY and self.script:
            raise ValidationError(
                {"script": "Strictly necessary services cannot be gated; remove the script."}
            )
        if self.script and SCRIPT_PATH_RE.match(self.script) and not finders.find(self.script):
            raise ValidationError({"script": f"There is no static file {self.script}."})


class Cookie(models.Model):
    """A cookie, a storage key or a pixel: what the Cookie Policy lists and what the server
    and the browser allow, refuse or delete."""

    class Kind(models.TextChoices):
        COOKIE = "cookie", "Cookie"
        LOCAL_STORAGE = "local_storage", "Local storage"
        SESSION_STORAGE = "session_storage", "Session storage"
        PIXEL = "pixel", "Pixel or similar"

    name = models.CharField(
        "name or pattern",
        max_length=200,
        help_text="Exact name, or a pattern with * for any characters (for example _ga_*).",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.COOKIE)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="cookies")
    service = models.ForeignKey(
        Service,
        on_delete=models.CASCADE,
        related_name="cookies",
        null=True,
        blank=True,
        help_text="Leave empty for the journal's own entries that belong to no service.",
    )
    provider = SingleLineField(max_length=120)
    party = models.CharField(max_length=10, choices=Party.choices, default=Party.FIRST)
    purpose = PlainTextField()
    duration = SingleLineField(
        max_length=80, help_text="How long it is kept, for example “6 months” or “Session”."
    )
    justification = PlainTextField(
        blank=True,
        help_text="Required for strictly necessary entries: why the site cannot work without "
        "it (consent is not asked for these).",
    )
    domain = models.CharField(
        max_length=200,
        blank=True,
        validators=[validate_cookie_domain],
        help_text="For first-party cookies set on a parent domain (deleted there too). "
        "Usually empty.",
    )
    path = models.CharField(max_length=200, default="/", validators=[validate_cookie_path])
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "cookie or storage key"
        verbose_name_plural = "cookies and storage keys"
        ordering = ["category__order", "order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(category=Category.Key.NECESSARY) | ~models.Q(justification=""),
                name="consent_cookie_necessary_is_justified",
                violation_error_message="A strictly necessary entry needs a written justification.",
            ),
            models.UniqueConstraint(
                fields=["name", "kind", "domain"],
                name="consent_cookie_unique_name",
                violation_error_message="This cookie or key is already in the registry.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_pattern(self) -> bool:
        return "*" in self.name

    @property
    def name_is_valid(self) -> bool:
        """A cookie's name is sent in ``Set-Cookie`` (RFC 6265 token; ``*`` is a token
        character, so patterns qualify); a storage key only has to be one visible word."""
        if self.kind == self.Kind.COOKIE:
            return is_cookie_name(self.name)
        return STORAGE_KEY_RE.fullmatch(self.name) is not None

    @property
    def name_problem(self) -> str | None:
        """Why this name or pattern may not be declared (it would reach the site's own
        cookies, or every name): ``consent.cookie_names.declared_name_problem``."""
        return declared_name_problem(
            name=self.name,
            is_cookie=self.kind == self.Kind.COOKIE,
            is_necessary=self.category_id == Category.Key.NECESSARY,
        )

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.name and not self.name_is_valid:
            errors["name"] = (
                "Use only the characters a cookie name may contain: ASCII letters, digits and "
                "!#$%&'*+-.^_`|~ (no spaces, no brackets), and * for any characters; a name "
                "may not be that of a cookie attribute (Expires, Path, Domain, Version…)."
                if self.kind == self.Kind.COOKIE
                else "A storage key has no spaces or control characters."
            )
        elif self.name and (problem := self.name_problem):
            errors["name"] = problem
        if self.category_id == Category.Key.NECESSARY and not self.justification.strip():
            errors["justification"] = (
                "Say why the site cannot work without it; strictly necessary entries are set "
                "without consent."
            )
        if self.service_id and self.category_id and self.service.category_id != self.category_id:
            errors["category"] = f"“{self.service}” belongs to {self.service.category}."
        if errors:
            raise ValidationError(errors)


class PolicyVersion(models.Model):
    """A published state of the cookie policy: the banner text and a frozen copy of the
    registry. Publishing one makes every earlier consent invalid, so readers are asked again.
    Never changed or deleted once written."""

    number = models.PositiveIntegerField(unique=True, editable=False)
    published_at = models.DateTimeField(default=timezone.now, editable=False)
    banner_text = PlainTextField(
        help_text="The short text on the banner: name the purposes in plain words. A link to "
        "the Cookie Policy follows it."
    )
    change_note = PlainTextField(
        "what changed",
        blank=True,
        help_text="For the record (not shown to readers): why this version was published.",
    )
    registry = models.JSONField(editable=False, help_text="The registry as published.")
    digest = models.CharField(max_length=64, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"Version {self.number}"


class ConsentAction(models.TextChoices):
    ACCEPT_ALL = "accept_all", "Accept all"
    REJECT_ALL = "reject_all", "Reject all"
    CUSTOM = "custom", "Custom choice"
    WITHDRAW = "withdraw", "Withdrawal"
    GPC = "gpc", "Global Privacy Control refusal"


class ConsentSurface(models.TextChoices):
    BANNER = "banner", "Banner"
    DIALOG = "dialog", "Settings dialog"
    SETTINGS_PAGE = "settings_page", "Settings page"
    EMBED = "embed", "Embedded content placeholder"
    GPC = "gpc", "Global Privacy Control signal"


class ConsentRecord(models.Model):
    """One decision by one visitor: proof of consent under GDPR Art. 7(1).

    Pseudonymous and minimal: a random id that also sits in the visitor's consent cookie, no
    IP address, no user agent. Append-only; only the retention job deletes records.
    """

    Action = ConsentAction
    Surface = ConsentSurface

    consent_id = models.UUIDField("consent ID")
    created_at = models.DateTimeField("time", default=timezone.now, help_text="Stored in UTC.")
    policy_version = models.ForeignKey(
        PolicyVersion, on_delete=models.PROTECT, related_name="records"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    surface = models.CharField("where", max_length=20, choices=Surface.choices)
    choices = models.JSONField(help_text="Allowed (true) or refused (false), per category.")
    services = models.JSONField(default=dict, help_text="Allowed or refused, per service.")
    language = models.CharField(max_length=16)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["consent_id", "created_at"]),
            models.Index(fields=["created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action__in=ConsentAction.values),
                name="consent_record_action_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(surface__in=ConsentSurface.values),
                name="consent_record_surface_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.consent_id}"

    def save(self, *args, **kwargs):
        # Records are evidence: once written they are never rewritten.
        if not self._state.adding:
            raise ValueError("Consent records are append-only.")
        super().save(*args, **kwargs)


class ConsentSettings(models.Model):
    """Consent's own settings: exactly one row (pk=1), or unsaved defaults before an editor
    saves it. Until issue 9 the Google tag ID was a site setting; it belongs here, beside the
    registry that must declare it before it may load (``consent_settings_save`` checks).
    Written only through ``consent.services.consent_settings_save``."""

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
        verbose_name = "consent settings"
        verbose_name_plural = "consent settings"
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="consent_settings_single_row")
        ]

    def __str__(self) -> str:
        return "Consent settings"

    @classmethod
    def load(cls) -> "ConsentSettings":
        """The settings row, or unsaved defaults when an editor has not saved any yet."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)
