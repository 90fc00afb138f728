"""Background work for members (run by ``manage.py db_worker``)."""

from django_tasks import task


@task()
def purge_pending_subscribers() -> int:
    """Forget signups that were not confirmed within a week."""
    from newsletter.services import pending_purge

    return pending_purge()
