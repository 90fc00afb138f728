"""The newsletter's background tasks live beside the services they run, and rows queued under
their old dotted paths (``newsletter.tasks.<name>``, before the move) still run and are still
forgotten with the account whose address they carry.

django-tasks-db stores each queued task by the dotted path of its function
(``DBTaskResult.task_path``) and the worker imports that path to run the row."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task, TaskResultStatus
from django_tasks_db.models import DBTaskResult

from lordspress.core.models import User
from newsletter import accounts, issues, signup
from newsletter.models import NewsletterIssue, Subscriber
from tests import factories
from tests.members import SUBSCRIBE_URL, signup_data

# Where each task was defined before newsletter/services.py was split, and where it is now.
MOVED = {
    "newsletter.tasks.process_signup": signup.process_signup,
    "newsletter.tasks.purge_pending_subscribers": signup.purge_pending_subscribers,
    "newsletter.tasks.send_sign_in_link": accounts.send_sign_in_link,
    "newsletter.tasks.send_password_reset": accounts.send_password_reset,
    "newsletter.tasks.prepare_issue": issues.prepare_issue,
}


@pytest.mark.parametrize("old_path", MOVED)
def test_every_old_task_path_still_names_the_task(old_path):
    task = import_string(old_path)
    assert isinstance(task, Task)
    assert task is MOVED[old_path]
    assert task.module_path != old_path  # new rows name the new place
    assert task.module_path.rsplit(".", 1)[1] == old_path.rsplit(".", 1)[1]


def test_account_deletion_knows_the_old_paths_of_the_tasks_that_carry_an_address():
    old = {path: import_string(path) for path in accounts.ADDRESS_TASK_OLD_PATHS}
    assert set(old.values()) == set(accounts.ADDRESS_TASKS)
    assert set(old) <= set(MOVED)


def _enqueue(old_path: str) -> str:
    """Queue the task as the production backend does, under its old path; what it should
    return once run."""
    task = MOVED[old_path]
    if task is signup.process_signup:
        task.enqueue(
            email="queued.before@example.org",
            name="",
            newsletter=False,
            form="box",
            network="192.0.2.0",
            policy_version="unpublished",
            requested_at=timezone.now().isoformat(),
        )
        expected = "confirmation"
    elif task in {accounts.send_sign_in_link, accounts.send_password_reset}:
        factories.UserFactory(email="member@example.org")
        task.enqueue(email="member@example.org")
        expected = "sent"
    elif task is issues.prepare_issue:
        issue = NewsletterIssue.objects.create(
            subject="Before the move", status=NewsletterIssue.Status.SCHEDULED
        )
        task.enqueue(issue_id=issue.pk)
        expected = 0  # no subscriber yet
    else:
        task.enqueue()
        expected = 0
    DBTaskResult.objects.update(task_path=old_path)
    return expected


@pytest.mark.parametrize("old_path", MOVED)
@pytest.mark.django_db(transaction=True)
def test_a_row_queued_under_an_old_path_is_run_by_the_worker(task_queue, old_path):
    expected = _enqueue(old_path)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    row = DBTaskResult.objects.get(task_path=old_path)
    assert row.task_path == old_path
    assert row.status == TaskResultStatus.SUCCESSFUL, row.traceback
    assert row.return_value == expected
    if MOVED[old_path] is signup.process_signup:
        assert Subscriber.objects.get().email == "queued.before@example.org"
        assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_deleting_an_account_forgets_its_requests_queued_under_the_old_paths(client, task_queue):
    member = factories.UserFactory(email="leaving@example.org")
    client.post(SUBSCRIBE_URL, signup_data(member.email))
    client.post("/accounts/login/link/", {"email": member.email})
    client.post("/accounts/password/reset/", {"email": member.email})
    client.post(SUBSCRIBE_URL, signup_data("staying@example.org"))
    for row in DBTaskResult.objects.all():
        row.task_path = "newsletter.tasks." + row.task_path.rsplit(".", 1)[1]
        row.save(update_fields=["task_path"])
    assert DBTaskResult.objects.count() == 4
    accounts.account_delete(user=User.objects.get(email=member.email))
    remaining = [row.args_kwargs["kwargs"]["email"] for row in DBTaskResult.objects.all()]
    assert remaining == ["staying@example.org"]
