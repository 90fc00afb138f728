"""Sponsors: who keeps the journal free, shown on the site between two dates."""

from django.db import models
from django.utils import timezone

from lordspress.core.dates import validate_editorial_date
from lordspress.core.fields import SingleLineField, WebAddressField
from lordspress.core.images import RandomUploadPath, UploadedImageField


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
        db_table = "lordspress_sponsor"  # its table from before the app had a label of its own
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
