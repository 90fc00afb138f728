"""The old dotted paths of the newsletter's background tasks, for rows already queued.

django-tasks-db stores each queued task by the dotted path of its function, and the worker
(``manage.py db_worker``) imports that path when it runs the row. The tasks were defined here
until each moved beside the services it runs (``signup.process_signup``,
``signup.purge_pending_subscribers``, ``accounts.send_sign_in_link``,
``accounts.send_password_reset``, ``issues.prepare_issue``); rows queued before the move, or
by a process still running the old code during a deploy, name ``newsletter.tasks.<name>``,
which still resolves to the same task here.

Nothing enqueues through this module and nothing in ``newsletter/`` imports it, so no import
circle runs through it. ``tests/test_newsletter_tasks.py`` holds it to the tasks it stands
for.
"""

from newsletter.accounts import send_password_reset, send_sign_in_link
from newsletter.issues import prepare_issue
from newsletter.signup import process_signup, purge_pending_subscribers

__all__ = [
    "prepare_issue",
    "process_signup",
    "purge_pending_subscribers",
    "send_password_reset",
    "send_sign_in_link",
]
