"""Background work for members (run by ``manage.py db_worker``)."""

from django_tasks import task


@task()
def purge_pending_subscribers() -> int:
    """Forget signups that were not confirmed within a week."""
    from newsletter.services import pending_purge

    return pending_purge()


@task()
def prepare_issue(issue_id: int) -> int:
    """Queue a newsletter issue's emails, one per subscriber."""
    from newsletter.services import issue_prepare

    return issue_prepare(issue_id=issue_id)
