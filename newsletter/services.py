"""Gone: the newsletter's services live by job (``signup``, ``accounts``, ``subscriptions``,
``imports``, ``issues``, ``suppressions``, ``tokens``), its reads in ``selectors``.

What stays is the one name ``lordspress/management/commands/seed_demo.py`` still imports,
until that command (which this change may not edit) imports ``newsletter.selectors`` and
calls ``is_suppressed(email=…)``; then this module goes too.
``tests/test_newsletter_layout.py`` fails if anything else comes back here.
"""

from newsletter import selectors


def is_suppressed(email: str) -> bool:
    """``selectors.is_suppressed``, called positionally as the demo command does."""
    return selectors.is_suppressed(email=email)
