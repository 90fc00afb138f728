"""Background work for members (run by ``manage.py db_worker``)."""

from datetime import datetime

from django_tasks import task


@task()
def process_signup(
    email: str,
    name: str,
    newsletter: bool,
    form: str,
    network: str,
    policy_version: str,
    requested_at: str,
) -> str:
    """Decide what a signup does, with the facts of its request (``requested_at``: ISO 8601).

    The request only enqueues this, so its timing is the same for every address.
    """
    from newsletter.services import subscriber_subscribe

    return subscriber_subscribe(
        email=email,
        name=name,
        newsletter=newsletter,
        form=form,
        network=network,
        policy_version=policy_version,
        requested_at=datetime.fromisoformat(requested_at),
    )


@task()
def send_sign_in_link(email: str) -> str:
    """Email a sign-in link if the address is a member's (decided here, not in the request)."""
    from newsletter.services import sign_in_link_send

    return sign_in_link_send(email=email)


@task()
def send_password_reset(email: str) -> str:
    """Email a set-password link if the address is a member's (decided here, not in the
    request)."""
    from newsletter.services import password_reset_send

    return password_reset_send(email=email)


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
