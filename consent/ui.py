"""The reader-facing pieces built from the published registry (the same for every reader)."""

from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.urls import reverse

from consent.google import google_tag
from consent.registry import PublishedRegistry, current_registry


@dataclass
class ConsentUI:
    registry: PublishedRegistry

    @property
    def version(self) -> int:
        return self.registry.version

    @property
    def policy_url(self) -> str:
        return reverse("section-or-page", kwargs={"slug": settings.CONSENT_POLICY_PAGE_SLUG})

    @property
    def policy_page_slug(self) -> str:
        return settings.CONSENT_POLICY_PAGE_SLUG

    @cached_property
    def google(self) -> dict | None:
        return google_tag()

    @cached_property
    def gated_scripts(self) -> list[dict]:
        """Each service's script, written into the page inert."""
        return [
            {"category": s.category, "service": s.key, "script": s.script}
            for s in self.registry.services
            if s.script and s.category in self.registry.offered_categories
        ]

    @cached_property
    def client_config(self) -> dict:
        config = self.registry.client_config()
        config["save"] = reverse("consent:save")
        config["google"] = self.google
        return config


def consent_ui() -> ConsentUI:
    return ConsentUI(registry=current_registry())
