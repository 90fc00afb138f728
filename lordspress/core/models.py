"""The core's models: the user, rate-limit buckets and old addresses."""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from lordspress.core.addresses import MailableEmailField, canonical_email
from lordspress.core.fields import (
    SingleLineField,
)


def normalise_email(email: str) -> str:
    """The one spelling of an address we store and compare: ``canonical_email`` (the address
    as the mailer delivers it; see ``lordspress.core.addresses``)."""
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


class OldAddress(models.Model):
    """A public address a section, section feed, static page or byline page had before its
    slug changed, answered with a 301 to the same kind of address of that object now.

    Recorded by the object's save service (``lordspress.core.services.keep_old_addresses``),
    answered by ``lordspress.core.old_addresses.OldAddressMiddleware`` where nothing else answers.
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
