"""The one way browser tests run axe-core: WCAG 2.0/2.1/2.2 A and AA plus axe's best-practice
rules (landmark-unique, heading-order, region, page-has-heading-one, …), so every page a
browser test checks is held to best practice by default.

Deque documents best-practice rules as not required by WCAG but good practice; we follow the
GOV.UK Design System and Deque's own advice to run them.
"""

from axe_playwright_python.sync_playwright import Axe

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
OPTIONS = {"runOnly": {"type": "tag", "values": TAGS}}

_AXE = Axe()


def axe_violations(page, label: str, *, context: str | None = None) -> list[str]:
    """Each violation on the page as shown now (or inside ``context``, a CSS selector) as
    ``"<label>: <rule id> [<first three targets>]"``; an empty list means none."""
    result = _AXE.run(page, context=context, options=OPTIONS)
    return [
        f"{label}: {violation['id']} {[node['target'] for node in violation['nodes']][:3]}"
        for violation in result.response["violations"]
    ]
