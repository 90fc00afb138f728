"""Static pages (Our History, Privacy Policy, Cookie Policy…) at ``/<slug>/``."""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from lordspress.core.fields import SanitizedRichTextField, SingleLineField
from lordspress.pages.slugs import RESERVED_SLUGS, check_slug_free


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

    history = HistoricalRecords(table_name="lordspress_historicalpage")

    class Meta:
        db_table = "lordspress_page"  # its table from before the app had a label of its own
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
        check_slug_free(self)
