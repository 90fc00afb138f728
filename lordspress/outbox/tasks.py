"""Site-wide background tasks (run by ``manage.py db_worker``)."""

from django_tasks import task


@task()
def deliver_outbox() -> int:
    """Send every email that is due; returns how many were sent."""
    from lordspress.outbox.services import outbox_deliver_due

    total = 0
    while True:
        report = outbox_deliver_due()
        total += report.sent
        if not report.run_again:
            return total
