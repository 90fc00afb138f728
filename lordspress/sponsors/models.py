"""Sponsors: who keeps the journal free, shown on the site between two dates."""

from datetime import date

from django.db import models
from django.utils import timezone

from lordspress.core.dates import validate_editorial_date
from lordspress.core.fields import SingleLineField, WebAddressField
from lordspress.core.images import RandomUploadPath, UploadedImageField


def shown_on(day: date) -> models.Q:
    """The one rule of when a sponsor is shown: from ``active_from`` to ``active_until``,
    both days included, with no end when ``active_until`` is empty. ``day`` is a London date.

    The site's list (``active``) and the admin's "Shown today" column and filter all use
    this expression, so they cannot disagree.
    """
    return models.Q(active_from__lte=day) & (
        models.Q(active_until__isnull=True) | models.Q(active_until__gte=day)
    )


class SponsorQuerySet(models.QuerySet):
    def active(self, on: date | None = None):
        """Sponsors to show on ``on`` (today in London by default)."""
        return self.filter(shown_on(on or timezone.localdate()))

    def with_shown_today(self):
        """Each sponsor with ``shown_today`` (a boolean worked out by the database)."""
        rule = models.ExpressionWrapper(
            shown_on(timezone.localdate()), output_field=models.BooleanField()
        )
        return self.annotate(shown_today=rule)


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
