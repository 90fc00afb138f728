"""The weather's background task: the only caller of the providers."""

from datetime import datetime

from django_tasks import task


@task()
def refresh_weather(requested_at: str | None = None) -> dict:
    """Fetch and store the masthead's weather; queued when the stored reading is due.

    A provider failure is not a task failure: the service keeps the last good reading, logs
    one line and records the error for the admin, so the result says what happened.
    """
    from lordspress.weather.services import weather_refresh

    outcome = weather_refresh(
        requested_at=datetime.fromisoformat(requested_at) if requested_at else None
    )
    return {"status": outcome.status, "message": outcome.message}
