"""The members' emails, rendered by the outbox worker at send time.

Links carry tokens minted here, when the message is built, so no token waits in the
database in plaintext; each renderer returns None when its email is no longer wanted.
"""

from functools import lru_cache

from django.contrib.auth import get_user_model
from django.urls import reverse

from articles.access import is_members_only, teaser_html
from articles.models import Article
from lordspress.core.links import absolute_url
from lordspress.core.sanitize import absolute_html, html_to_text
from lordspress.outbox.emails import build_email
from lordspress.outbox.models import OutboundEmail
from lordspress.outbox.services import email_kind, on_hard_bounce
from newsletter.models import EmailToken, NewsletterIssue, Subscriber
from newsletter.selectors import issue_reader, subscriber_for_user
from newsletter.suppressions import suppression_record_bounce
from newsletter.tokens import (
    CONFIRM_LIFETIME,
    RESET_PASSWORD_LIFETIME,
    SET_PASSWORD_LIFETIME,
    SIGN_IN_LIFETIME,
    token_mint,
    unsubscribe_token,
)

User = get_user_model()

# A subscriber's address that a mail server refuses for good (no such mailbox) is suppressed.
on_hard_bounce(suppression_record_bounce)


def _member_links(subscriber: Subscriber | None) -> dict:
    links = {"preferences_url": absolute_url(reverse("accounts:home"))}
    if subscriber is not None:
        links["unsubscribe_url"] = absolute_url(
            reverse("newsletter:unsubscribe", args=[unsubscribe_token(subscriber)])
        )
    return links


def _sign_in_url(user) -> str:
    raw = token_mint(purpose=EmailToken.Purpose.SIGN_IN, user=user, lifetime=SIGN_IN_LIFETIME)
    return absolute_url(reverse("accounts:sign-in", args=[raw]))


def _set_password_url(user, lifetime) -> str:
    raw = token_mint(purpose=EmailToken.Purpose.SET_PASSWORD, user=user, lifetime=lifetime)
    return absolute_url(reverse("accounts:set-password", args=[raw]))


@email_kind("newsletter.confirmation")
def confirmation(row: OutboundEmail):
    """Goes to an address whose owner has not confirmed anything yet, at the word of whoever
    filled the form: so it carries nothing they typed (not the name, which would let anyone
    send "Dear <their text>," from our domain to any address), only our text and the link.
    Ghost's signup emails likewise greet nobody by name."""
    subscriber = Subscriber.objects.filter(pk=row.context.get("subscriber_id")).first()
    if subscriber is None or subscriber.status != Subscriber.Status.PENDING:
        return None
    raw = token_mint(
        purpose=EmailToken.Purpose.CONFIRM, subscriber=subscriber, lifetime=CONFIRM_LIFETIME
    )
    return build_email(
        to=subscriber.email,
        subject="Please confirm your subscription to Lord’s Press",
        template="confirmation",
        context={
            "confirm_url": absolute_url(reverse("newsletter:confirm", args=[raw])),
            "hours": int(CONFIRM_LIFETIME.total_seconds() // 3600),
        },
    )


@email_kind("newsletter.credentials")
def credentials(row: OutboundEmail):
    user = User.objects.filter(pk=row.context.get("user_id"), is_active=True).first()
    if user is None:
        return None
    subscriber = subscriber_for_user(user=user)
    # Staff and readers who already chose a password get no password or sign-in link.
    links_allowed = not user.is_staff
    context = {
        "user": user,
        "subscriber": subscriber,
        "login_url": absolute_url(reverse("accounts:login")),
        **_member_links(subscriber),
    }
    if links_allowed and not user.has_usable_password():
        context["set_password_url"] = _set_password_url(user, SET_PASSWORD_LIFETIME)
        context["set_password_hours"] = int(SET_PASSWORD_LIFETIME.total_seconds() // 3600)
    if links_allowed:
        context["sign_in_url"] = _sign_in_url(user)
        context["sign_in_minutes"] = int(SIGN_IN_LIFETIME.total_seconds() // 60)
    return build_email(
        to=user.email,
        subject="Your Lord’s Press login credentials",
        template="credentials",
        context=context,
        headers=_list_headers(subscriber),
    )


@email_kind("newsletter.already_member")
def already_member(row: OutboundEmail):
    subscriber = Subscriber.objects.filter(pk=row.context.get("subscriber_id")).first()
    if subscriber is None or subscriber.user is None or not subscriber.user.is_active:
        return None
    user = subscriber.user
    context = {
        "user": user,
        "login_url": absolute_url(reverse("accounts:login")),
        **_member_links(subscriber),
    }
    if not user.is_staff:
        context["sign_in_url"] = _sign_in_url(user)
        context["sign_in_minutes"] = int(SIGN_IN_LIFETIME.total_seconds() // 60)
    return build_email(
        to=user.email,
        subject="You already have a Lord’s Press account",
        template="already_member",
        context=context,
    )


@email_kind("newsletter.sign_in")
def sign_in(row: OutboundEmail):
    user = User.objects.filter(pk=row.context.get("user_id"), is_active=True).first()
    if user is None or user.is_staff:
        return None
    return build_email(
        to=user.email,
        subject="Your Lord’s Press sign-in link",
        template="sign_in",
        context={
            "user": user,
            "sign_in_url": _sign_in_url(user),
            "sign_in_minutes": int(SIGN_IN_LIFETIME.total_seconds() // 60),
        },
    )


@email_kind("newsletter.password_reset")
def password_reset(row: OutboundEmail):
    user = User.objects.filter(pk=row.context.get("user_id"), is_active=True).first()
    if user is None:
        return None
    return build_email(
        to=user.email,
        subject="Choose a new Lord’s Press password",
        template="password_reset",
        context={
            "user": user,
            "set_password_url": _set_password_url(user, RESET_PASSWORD_LIFETIME),
            "minutes": int(RESET_PASSWORD_LIFETIME.total_seconds() // 60),
        },
    )


def _list_headers(subscriber: Subscriber | None) -> dict:
    """RFC 8058 one-click unsubscribe headers, for mail readers' own unsubscribe button."""
    if subscriber is None:
        return {}
    url = absolute_url(reverse("newsletter:unsubscribe", args=[unsubscribe_token(subscriber)]))
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


@lru_cache(maxsize=256)
def _issue_excerpt(body: str, url: str) -> tuple[str, str]:
    """An article's excerpt in an issue, as HTML and as plain text.

    The teaser rule, applied once to the stored body (a teaser of the teaser would be cut by
    the bounds a second time); stored addresses are path-absolute ("/media/…") and a mail
    reader has no site to resolve them against. The same for every reader, so a worker
    works it out once per body rather than once per email (about 1.5 ms an article: two
    minutes of a worker's time for 8 articles to 10,000 readers). Keyed by the body itself,
    so an edit between two sends is never served stale.
    """
    excerpt = absolute_html(teaser_html(body), page_url=url)
    return excerpt, html_to_text(excerpt)


@email_kind("newsletter.issue")
def newsletter_issue(row: OutboundEmail):
    """An issue for one reader. Each article appears as any visitor may read it: headline,
    standfirst and, for every article, its teaser (``teaser_html``, the very opening a
    non-member reads of a members-only article), so members-only text never travels by
    email."""
    issue = NewsletterIssue.objects.filter(pk=row.context.get("issue_id")).first()
    if issue is None:
        return None
    subscriber = None
    if not row.context.get("test"):
        subscriber = issue_reader(subscriber_id=row.context.get("subscriber_id"))
        if subscriber is None:  # left, or stopped the newsletter, since it was prepared
            return None
    items = []
    for article in (
        Article.objects.published().filter(newsletter_issues=issue).select_related("category")
    ):
        url = absolute_url(article.get_absolute_url())
        excerpt, excerpt_text = _issue_excerpt(article.body, url)
        items.append(
            {
                "article": article,
                "url": url,
                "excerpt_html": excerpt,
                "excerpt_text": excerpt_text,
                "members_only": is_members_only(article),
            }
        )
    return build_email(
        to=row.to,
        subject=("[Test] " if row.context.get("test") else "") + issue.subject,
        template="issue",
        context={
            "issue": issue,
            "items": items,
            "paragraphs": [
                p.strip()
                for p in issue.introduction.replace("\r\n", "\n").split("\n\n")
                if p.strip()
            ],
            **_member_links(subscriber),
        },
        headers=_list_headers(subscriber),
    )
