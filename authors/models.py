"""Public bylines. A byline is what readers see; the staff behind it stay private."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse

from lordspress.core.fields import PlainTextField, SingleLineField
from lordspress.core.images import RandomUploadPath, UploadedImageField


class Author(models.Model):
    class Kind(models.TextChoices):
        COLLECTIVE = "collective", "Collective"
        INITIALS = "initials", "Initials"
        NAMED = "named", "Named"

    name = SingleLineField(max_length=120, unique=True, help_text="As printed: “J.R.”.")
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.INITIALS)
    bio = PlainTextField(blank=True)
    portrait = UploadedImageField(upload_to=RandomUploadPath("bylines"), blank=True)
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="bylines",
        help_text="Staff who may write under this byline. Never shown publicly.",
    )
    old_addresses = GenericRelation("lordspress.OldAddress")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("authors:detail", kwargs={"slug": self.slug})

    def addresses(self) -> dict[str, str]:
        """Its public addresses by kind (see ``lordspress.core.models.OldAddress``)."""
        return {"byline": self.get_absolute_url()}

    @property
    def schema_type(self) -> str:
        """schema.org type for structured data: a collective byline is not a person."""
        return "Organization" if self.kind == self.Kind.COLLECTIVE else "Person"
