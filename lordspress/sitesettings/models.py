"""Site settings: the texts editors change without a deploy, and the footer's follow links."""

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
