"""Everything the site hands to a client written by others, gathered once for the checkers.

``gather_outputs`` builds a journal, walks every page type as the readers who see it (an
anonymous visitor, a member on the way in and out, a visitor who made a cookie choice), every
email kind the outbox knows, every feed, sitemap and well-known file, and returns their text.
It runs in one transaction that is rolled back, so a test module may call it once for the
whole session (``tests/test_validators.py``) and hand the result to each checker.
"""

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.db import transaction
from django.test import Client, RequestFactory, TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from articles.access import is_members_only
from articles.models import Article
from articles.services import article_save
from consent.services import policy_version_publish
from lordspress.outbox.models import OutboundEmail
from lordspress.outbox.services import _RENDERERS
from newsletter.models import NewsletterIssue, Subscriber
from tests import factories
from tests.consent_support import choose
from tests.journal import build_journal
from tests.members import link_to, signup_data

SITE = "https://www.lordspress.example"
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

# The settings every test gets from tests/conftest.py, for a fixture that outlives one test.
SETTINGS = {
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    "TASKS": {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
    "SITE_URL": SITE,
    "ALLOWED_HOSTS": ["testserver", "www.lordspress.example", "localhost", "127.0.0.1"],
    "PUBLIC_CACHE_SECONDS": 300,
    "WEATHER_OPENWEATHERMAP_URL": "http://127.0.0.1:9/data/2.5/weather",
    "WEATHER_OPEN_METEO_URL": "http://127.0.0.1:9/v1/forecast",
    "WEATHER_RETRIES": 0,
}


@dataclass
class Page:
    url: str
    status: int
    html: str
    templates: tuple[str, ...]


@dataclass
class Outputs:
    pages: dict[str, Page] = field(default_factory=dict)
    emails: dict[str, mail.EmailMultiAlternatives] = field(default_factory=dict)
    feeds: dict[str, bytes] = field(default_factory=dict)
    sitemaps: dict[str, bytes] = field(default_factory=dict)
    robots_txt: str = ""
    security_txt: str = ""
    security_txt_type: str = ""
    # What the pages were built from, for checks against the facts.
    facts: dict = field(default_factory=dict)

    @property
    def templates_rendered(self) -> set[str]:
        return {name for page in self.pages.values() for name in page.templates}


def _page(outputs: Outputs, name: str, client: Client, url: str, *, method="get", **kwargs):
    response = getattr(client, method)(url, **kwargs)
    if response.status_code in (301, 302, 303) and method == "get":
        raise AssertionError(f"{name}: {url} redirects to {response['Location']}")
    outputs.pages[name] = Page(
        url=url,
        status=response.status_code,
        html=response.content.decode(),
        templates=tuple(t.name for t in response.templates if t.name),
    )
    return response


def _follow(outputs: Outputs, name: str, client: Client, url: str):
    """A one-time link: its first answer moves the token to the session and redirects."""
    response = client.get(url)
    assert response.status_code == 302, f"{name}: {url} answered {response.status_code}"
    return _page(outputs, name, client, response["Location"])


def _with_commits(callable_, *args, **kwargs):
    """Run ``callable_`` and then what its transaction would run on commit (queued tasks:
    the outbox delivers to the test mailbox)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return callable_(*args, **kwargs)


def _reader_pages(outputs: Outputs, journal) -> None:
    anonymous = Client()
    free = next(a for a in journal.articles if not is_members_only(a))
    members_only = next(a for a in journal.articles if is_members_only(a))
    when = timezone.localtime(free.publish_at)
    outputs.facts.update(free=free, members_only=members_only, journal=journal)
    for name, url in [
        ("home", "/"),
        ("home, page 2", "/?page=2"),
        ("section", journal.categories[0].get_absolute_url()),
        ("article, free", free.get_absolute_url()),
        ("article, members-only, anonymous", members_only.get_absolute_url()),
        ("archive", reverse("articles:archive")),
        ("archive year", reverse("articles:archive-year", args=[f"{when:%Y}"])),
        ("archive month", reverse("articles:archive-month", args=[f"{when:%Y}", f"{when:%m}"])),
        ("search with hits", reverse("articles:search") + "?q=succession"),
        ("search without hits", reverse("articles:search") + "?q=xylophone"),
        ("search, empty", reverse("articles:search")),
        ("byline, collective", journal.authors[0].get_absolute_url()),
        ("byline, initials", journal.authors[1].get_absolute_url()),
        ("bylines", reverse("authors:list")),
        ("newsletter signup", reverse("newsletter:signup")),
        ("newsletter, check your inbox", reverse("newsletter:check-inbox")),
        ("newsletter, bad link", reverse("newsletter:confirm", args=["x" * 43])),
        ("sign in", reverse("accounts:login")),
        ("sign-in link sent", reverse("accounts:link-sent")),
        ("password reset", reverse("accounts:password-reset")),
        ("password reset sent", reverse("accounts:password-reset-sent")),
        ("account deleted", reverse("accounts:deleted")),
        ("cookie settings, no choice yet", reverse("consent:settings")),
        ("not found (404)", "/no-such-page-in-our-records/"),
        ("request not understood (400)", "/search/?q=%00"),
    ]:
        _page(outputs, name, anonymous, url)
    for page in journal.pages:
        _page(outputs, f"static page {page.slug}", anonymous, page.get_absolute_url())
    # Forms sent back with their errors, and the answer to a post from another site.
    _page(
        outputs,
        "newsletter signup, with errors",
        anonymous,
        reverse("newsletter:subscribe"),
        method="post",
        data=signup_data("not an address"),
        HTTP_ORIGIN="http://testserver",
    )
    _page(
        outputs,
        "newsletter, wrong origin",
        anonymous,
        reverse("newsletter:subscribe"),
        method="post",
        data=signup_data("reader@example.org"),
        HTTP_ORIGIN="https://elsewhere.example",
    )
    _page(
        outputs,
        "sign in, with errors",
        anonymous,
        reverse("accounts:login"),
        method="post",
        data={"username": "nobody@example.org", "password": "wrong"},
    )
    _page(
        outputs,
        "sign-in link request, with errors",
        anonymous,
        reverse("accounts:request-link"),
        method="post",
        data={"email": "not an address"},
    )
    locked = Client()
    for _ in range(6):
        response = locked.post(
            reverse("accounts:login"), {"username": "locked@example.org", "password": "wrong"}
        )
    outputs.pages["sign in, locked out"] = Page(
        url=reverse("accounts:login"),
        status=response.status_code,
        html=response.content.decode(),
        templates=tuple(t.name for t in response.templates if t.name),
    )
    # Django's own 500 handler, as it answers a fault: no request context, no database.
    from django.views.defaults import server_error

    response = server_error(RequestFactory().get("/"))
    outputs.pages["server error (500)"] = Page(
        url="/",
        status=response.status_code,
        html=response.content.decode(),
        templates=("500.html",),
    )
    # The one page of ours staff see inside the editor: a writer may not browse uploads.
    writer = factories.UserFactory(is_staff=True)
    writer.groups.add(Group.objects.get(name="Writers"))
    staff = Client()
    staff.force_login(writer)
    _page(outputs, "editor's image browser, refused", staff, reverse("ckeditor_browse"))
    # A visitor who made a choice sees it on the settings page.
    chooser = Client()
    choose(chooser, "reject_all")
    _page(outputs, "cookie settings, after a choice", chooser, reverse("consent:settings"))


def _member_pages(outputs: Outputs) -> None:
    """A reader signs up, confirms, chooses a password, reads, and leaves."""
    reader = Client()
    mail.outbox.clear()
    _with_commits(
        reader.post,
        reverse("newsletter:subscribe"),
        signup_data("reader@example.org", name="Ada Reader", newsletter=True),
        HTTP_ORIGIN="http://testserver",
    )
    _follow(outputs, "newsletter, confirm", reader, link_to("/confirm/"))
    confirmed = _with_commits(reader.post, reverse("newsletter:confirm-link"))
    assert confirmed.status_code == 302, confirmed
    _page(outputs, "newsletter, welcome", reader, reverse("newsletter:welcome"))
    credentials = next(m for m in mail.outbox if "credentials" in m.subject)
    _follow(outputs, "set password", reader, link_to("/password/set/", credentials))
    _follow(outputs, "sign in by link", Client(), link_to("/sign-in/", credentials))
    _page(outputs, "account", reader, reverse("accounts:home"))
    _page(outputs, "password change", reader, reverse("accounts:password-change"))
    members_only = outputs.facts["members_only"]
    _page(outputs, "article, members-only, member", reader, members_only.get_absolute_url())
    subscriber = Subscriber.objects.get(email="reader@example.org")
    from newsletter.tokens import unsubscribe_token

    unsubscribe = reverse("newsletter:unsubscribe", args=[unsubscribe_token(subscriber)])
    _follow(outputs, "newsletter, unsubscribe", Client(), unsubscribe)
    leaving = Client()
    leaving.get(unsubscribe)
    _page(
        outputs,
        "newsletter, unsubscribed",
        leaving,
        reverse("newsletter:unsubscribe-link"),
        method="post",
    )


def _emails(outputs: Outputs, journal) -> None:
    """Every email kind the outbox knows, rendered by its own renderer, for each kind of
    reader it goes to (one still to confirm; a member with an account and the newsletter)."""
    staff = journal.staff[0]
    pending = Subscriber.objects.create(email="pending@example.org")
    user = factories.UserFactory(email="member@example.org")
    user.set_unusable_password()
    user.save()
    member = Subscriber.objects.create(
        email=user.email, user=user, status=Subscriber.Status.CONFIRMED, newsletter=True
    )
    issue = NewsletterIssue.objects.create(
        subject="The week in precedence", introduction="Good morning.\n\nThree pieces this week."
    )
    issue.articles.set(journal.articles[:3])
    in_review = journal.articles[-1]
    in_review.status = Article.Status.IN_REVIEW
    article_save(article=in_review, user=staff)
    contexts = {
        "to confirm": {"subscriber_id": pending.pk, "issue_id": issue.pk, "test": True},
        "member": {
            "subscriber_id": member.pk,
            "user_id": user.pk,
            "issue_id": issue.pk,
            "article_id": in_review.pk,
        },
    }
    for kind, render in sorted(_RENDERERS.items()):
        if render.__module__.startswith("tests."):  # kinds other tests register for themselves
            continue
        for reader, context in contexts.items():
            message = render(OutboundEmail(kind=kind, to="x@example.org", context=context))
            if message is not None:
                outputs.emails[f"{kind} ({reader})"] = message


def _files(outputs: Outputs, journal) -> None:
    anonymous = Client()
    outputs.feeds["rss"] = anonymous.get(reverse("articles:feed")).content
    outputs.feeds["atom"] = anonymous.get(reverse("articles:feed-atom")).content
    for category in journal.categories:
        for kind, name in [
            ("rss", "articles:section-feed"),
            ("atom", "articles:section-feed-atom"),
        ]:
            outputs.feeds[f"{kind} {category.slug}"] = anonymous.get(
                reverse(name, args=[category.slug])
            ).content
    # Every sitemap file, found from robots.txt and the index, as a crawler finds them.
    robots = anonymous.get(reverse("robots"))
    outputs.robots_txt = robots.content.decode()
    listed = [
        line.split(":", 1)[1].strip()
        for line in outputs.robots_txt.splitlines()
        if line.lower().startswith("sitemap:")
    ]
    queue = list(listed)
    while queue:
        address = queue.pop(0)
        parts = urlsplit(address)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        body = anonymous.get(path).content
        outputs.sitemaps[path] = body
        if b"<sitemapindex" in body:
            from xml.etree import ElementTree

            tree = ElementTree.fromstring(body)
            ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
            queue += [loc.text for loc in tree.iter(f"{ns}loc")]
    security = anonymous.get("/.well-known/security.txt")
    outputs.security_txt = security.content.decode()
    outputs.security_txt_type = security.get("Content-Type", "")


def gather_outputs(*, media_root: Path) -> Outputs:
    """Build a journal, collect every output, then roll the database back."""
    outputs = Outputs()
    with override_settings(MEDIA_ROOT=media_root, **SETTINGS):
        cache.clear()
        try:
            with transaction.atomic():
                journal = build_journal()
                policy_version_publish(banner_text="We use cookies only as you allow.")
                _reader_pages(outputs, journal)
                _member_pages(outputs)
                _emails(outputs, journal)
                _files(outputs, journal)
                transaction.set_rollback(True)
        finally:
            cache.clear()
            mail.outbox.clear()
    return outputs
