"""The weather reading in the admin: read-only, with a button to queue a refresh."""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.timesince import timesince
from django.views.decorators.http import require_POST

from lordspress.core.admin_mixins import ReadOnlyAdminMixin
from lordspress.weather.models import WeatherReading
from lordspress.weather.providers import configured_provider, freshness
from lordspress.weather.services import weather_refresh_enqueue


@admin.register(WeatherReading)
class WeatherReadingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The masthead's weather: what is stored, how old it is, and what went wrong last.

    Read-only (only the refresh service writes it); "Queue a refresh now" asks the worker.
    """

    change_list_template = "admin/weather/weatherreading/change_list.html"
    change_form_template = "admin/weather/weatherreading/change_form.html"
    list_display = ("__str__", "provider", "age", "masthead_state", "last_error_summary")
    list_display_links = ("__str__",)
    fieldsets = (
        (
            "Stored reading",
            {
                "fields": (
                    "reading",
                    "provider",
                    "location",
                    "observed_at",
                    "fetched_at",
                    "age",
                    "masthead_state",
                )
            },
        ),
        (
            "Refreshing",
            {
                "fields": (
                    "last_attempt_at",
                    "last_error",
                    "last_error_at",
                    "refresh_queued_at",
                    "configuration",
                )
            },
        ),
    )
    readonly_fields = (
        "reading",
        "provider",
        "location",
        "observed_at",
        "fetched_at",
        "age",
        "masthead_state",
        "last_attempt_at",
        "last_error",
        "last_error_at",
        "refresh_queued_at",
        "configuration",
    )

    def get_urls(self):
        refresh = self.admin_site.admin_view(require_POST(self.refresh_view))
        return [
            path("refresh/", refresh, name="weather_weatherreading_refresh"),
            *super().get_urls(),
        ]

    def refresh_view(self, request):
        if not request.user.has_perm("weather.refresh_weatherreading"):
            raise PermissionDenied
        if configured_provider() is None:
            self.message_user(
                request, "Weather is switched off (WEATHER_PROVIDER=off).", messages.WARNING
            )
        else:
            weather_refresh_enqueue(force=True)
            self.message_user(
                request,
                "A weather refresh is queued; the worker stores the new reading within a "
                "minute. Reload this page to see it.",
                messages.SUCCESS,
            )
        return redirect(reverse("admin:weather_weatherreading_changelist"))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), **self._refresh_context(request)}
        return super().changeform_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), **self._refresh_context(request)}
        return super().changelist_view(request, extra_context)

    def _refresh_context(self, request) -> dict:
        return {
            "can_queue_weather_refresh": request.user.has_perm("weather.refresh_weatherreading"),
            "weather_configuration": self.configuration(None),
        }

    @admin.display(description="Reading")
    def reading(self, obj):
        return obj.summary() or "No reading yet"

    @admin.display(description="Age")
    def age(self, obj):
        if obj.fetched_at is None:
            return "—"
        return f"{timesince(obj.fetched_at)} ago"

    @admin.display(description="On the site")
    def masthead_state(self, obj):
        state = freshness(obj.fetched_at, timezone.now())
        if settings.WEATHER_PROVIDER == "off":
            return "Hidden: weather is switched off"
        if obj.fetched_at is not None and obj.location != settings.WEATHER_LOCATION:
            return f"Hidden: the reading is for {obj.location}, not {settings.WEATHER_LOCATION}"
        return {
            "missing": "Hidden until the first reading",
            "fresh": "Shown",
            "dated": "Shown “as of” its time (older than 30 minutes)",
            "expired": "Hidden (older than 6 hours)",
        }[state]

    @admin.display(description="Last error")
    def last_error_summary(self, obj):
        if not obj.last_error:
            return "—"
        when = timezone.localtime(obj.last_error_at).strftime("%d %b %H:%M")
        current = "" if obj.is_failing else " (since recovered)"
        return f"{when}: {obj.last_error}{current}"

    @admin.display(description="Configuration")
    def configuration(self, obj):
        provider = configured_provider()
        if provider is None:
            return "WEATHER_PROVIDER=off: no weather is fetched or shown."
        return (
            f"{provider.name} for {settings.WEATHER_LOCATION} "
            f"({settings.WEATHER_LATITUDE:g}, {settings.WEATHER_LONGITUDE:g}); "
            f"a refresh is queued when the reading is over "
            f"{settings.WEATHER_REFRESH_SECONDS // 60} minutes old."
        )
