"""Site settings: the texts editors change without a deploy, and the footer's follow links."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

from lordspress.core.addresses import MailableEmailField
from lordspress.core.fields import PlainTextField, SingleLineField, WebAddressField


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
        db_table = "lordspress_sitesettings"  # its table from before the app had a label of its own
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
        db_table = "lordspress_sociallink"  # its table from before the app had a label of its own
        ordering = ["order", "label"]
        constraints = [models.UniqueConstraint(fields=["label"], name="social_link_label_unique")]

    def __str__(self) -> str:
        return self.label
