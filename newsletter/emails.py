"""The members' emails, rendered by the outbox worker at send time.

Links carry tokens minted here, when the message is built, so no token waits in the
database in plaintext; each renderer returns None when its email is no longer wanted.
"""

import re
from dataclasses import dataclass
from email.utils import make_msgid, parseaddr
from functools import lru_cache
from html import escape
from urllib.parse import quote, urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from articles.access import is_members_only, teaser_html
from articles.models import Article
from lordspress.core.links import absolute_url
from lordspress.core.sanitize import absolute_html, html_to_text, sanitize_html
from lordspress.outbox.emails import build_email
from lordspress.outbox.models import OutboundEmail
from lordspress.outbox.services import email_kind, on_hard_bounce
from newsletter.models import EmailToken, IssueArticle, NewsletterIssue, Subscriber
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


def unsubscribe_mailto(subscriber: Subscriber) -> str:
    """The mailto: of ``List-Unsubscribe`` (RFC 2369), for mail readers that do not POST
    (RFC 8058): a message to the unsubscribe mailbox whose subject carries the reader's token
    (``newsletter.feedback`` reads it when the provider's inbound webhook delivers it)."""
    mailbox = settings.NEWSLETTER_UNSUBSCRIBE_MAILTO or (
        "unsubscribe@" + parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2]
    )
    return f"mailto:{mailbox}?subject=" + quote(f"unsubscribe {unsubscribe_token(subscriber)}")


def _list_headers(subscriber: Subscriber | None) -> dict:
    """RFC 8058 one-click unsubscribe headers, for mail readers' own unsubscribe button: the
    https address (which a POST of ``List-Unsubscribe=One-Click`` unsubscribes) and, for
    readers that only write mail, a mailto: address (RFC 2369)."""
    if subscriber is None:
        return {}
    url = absolute_url(reverse("newsletter:unsubscribe", args=[unsubscribe_token(subscriber)]))
    return {
        "List-Unsubscribe": f"<{url}>, <{unsubscribe_mailto(subscriber)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


@lru_cache(maxsize=256)
def _issue_excerpt(body: str, url: str) -> tuple[str, str]:
    """An article's excerpt in an issue, as HTML and as plain text.

    The teaser rule, applied once to the stored body (a teaser of the teaser would be cut by
    the bounds a second time); stored addresses are path-absolute ("/media/…") and a mail
    reader has no site to resolve them against. Keyed by the body itself, so an edit
    between two sends is never served stale.
    """
    excerpt = absolute_html(teaser_html(body), page_url=url)
    return excerpt, html_to_text(excerpt)


def _introduction(issue: NewsletterIssue) -> tuple[str, str]:
    """The introduction as HTML (sanitised again, every address absolute, as an email needs)
    and as plain text, paragraph by paragraph."""
    page = absolute_url("/")
    html = absolute_html(sanitize_html(issue.introduction), page_url=page)
    paragraphs = [html_to_text(block) for block in _BLOCK.findall(html)] or [html_to_text(html)]
    return html, "\n\n".join(p for p in paragraphs if p)


_BLOCK = re.compile(
    r"<(?:p|h[234]|li|blockquote|figcaption|td|th)\b[^>]*>.*?</(?:p|h[234]|li|blockquote|figcaption|td|th)>",
    re.S,
)
# Where each reader's own unsubscribe address goes in the rendered issue: a string no
# template, sanitiser or CSS inliner alters, replaced per reader (``issue_message``).
UNSUBSCRIBE_SLOT = "https://lordspress-unsubscribe-slot.invalid/"
EMAIL_WIDTH = 600  # the single column of every email, in CSS pixels
IMAGE_WIDTH = 536  # an image across the column, inside its padding


@dataclass(frozen=True)
class IssueParts:
    """An issue rendered once for every reader: subject, plain text and HTML (CSS inlined),
    with ``UNSUBSCRIBE_SLOT`` where each reader's unsubscribe address goes."""

    subject: str
    text: str
    html: str


def issue_items(*, issue: NewsletterIssue) -> list[dict]:
    """The issue's published articles in the editor's order, each as any visitor may read
    it: headline, standfirst and its public excerpt (``teaser_html``, the very opening a
    non-member reads of a members-only article), so members-only text never travels by
    email; a members-only article also gets a sign-in link (``is_members_only``, the site's
    rule)."""
    items = []
    login = absolute_url(reverse("accounts:login"))
    entries = (
        IssueArticle.objects.filter(issue=issue, article__in=Article.objects.published())
        .select_related("article__category")
        .order_by("position", "pk")
    )
    for entry in entries:
        article = entry.article
        url = absolute_url(article.get_absolute_url())
        excerpt, excerpt_text = _issue_excerpt(article.body, url)
        members_only = is_members_only(article)
        image = None
        for file, width, height in (
            (article.image_card, article.card_width, article.card_height),
            (article.image, article.image_width, article.image_height),
        ):
            if file and width and height:
                shown = min(IMAGE_WIDTH, width)
                image = {
                    "url": absolute_url(file.url),
                    "width": shown,
                    "height": round(height * shown / width),
                    "alt": article.image_alt or article.headline,
                }
                break
        items.append(
            {
                "article": article,
                "url": url,
                "excerpt_html": excerpt,
                "excerpt_text": excerpt_text,
                "members_only": members_only,
                "sign_in_url": f"{login}?{urlencode({'next': article.get_absolute_url()})}"
                if members_only
                else "",
                "image": image,
            }
        )
    return items


def issue_parts(*, issue: NewsletterIssue, proof: bool = False) -> IssueParts:
    """Render ``issue`` once (the same for every reader but for their unsubscribe address):
    a worker does this once per batch, not once per message."""
    intro_html, intro_text = _introduction(issue)
    message = build_email(
        to="reader@example.invalid",
        subject=("[Test] " if proof else "") + issue.subject,
        template="issue",
        context={
            "issue": issue,
            "preheader": issue.preheader,
            "items": issue_items(issue=issue),
            "introduction_html": intro_html,
            "introduction_text": intro_text,
            "preferences_url": absolute_url(reverse("accounts:home")),
            "unsubscribe_url": UNSUBSCRIBE_SLOT,
            "email_width": EMAIL_WIDTH,
        },
    )
    return IssueParts(subject=message.subject, text=message.body, html=message.alternatives[0][0])


def issue_message(
    *, parts: IssueParts, to: str, subscriber: Subscriber | None, message_id: str
) -> EmailMultiAlternatives:
    """One reader's copy of a rendered issue: their unsubscribe address in the body and in
    the ``List-Unsubscribe`` headers, and its own ``Message-ID`` (stored with the delivery,
    so a provider's report finds it). A proof (no subscriber) links to the account page."""
    if subscriber is not None:
        unsubscribe = absolute_url(
            reverse("newsletter:unsubscribe", args=[unsubscribe_token(subscriber)])
        )
    else:
        unsubscribe = absolute_url(reverse("accounts:home"))
    message = EmailMultiAlternatives(
        subject=parts.subject,
        body=parts.text.replace(UNSUBSCRIBE_SLOT, unsubscribe),
        to=[to],
        headers={"Message-ID": message_id, **_list_headers(subscriber)},
    )
    message.attach_alternative(
        parts.html.replace(UNSUBSCRIBE_SLOT, escape(unsubscribe)), "text/html"
    )
    return message


def new_message_id() -> str:
    """A new, unique ``Message-ID`` on the site's domain."""
    return make_msgid(domain=urlsplit(settings.SITE_URL).hostname or "localhost")


@email_kind("newsletter.issue")
def newsletter_issue(row: OutboundEmail):
    """A proof of an issue for staff ("[Test]", counting for nothing), or a reader's copy
    the outbox still held from before issues had deliveries of their own; either looks
    exactly as a reader's copy does."""
    issue = NewsletterIssue.objects.filter(pk=row.context.get("issue_id")).first()
    if issue is None:
        return None
    subscriber = None
    if not row.context.get("test"):
        subscriber = issue_reader(subscriber_id=row.context.get("subscriber_id"))
        if subscriber is None:  # left, or stopped the newsletter, since it was prepared
            return None
    return issue_message(
        parts=issue_parts(issue=issue, proof=bool(row.context.get("test"))),
        to=row.to,
        subscriber=subscriber,
        message_id=new_message_id(),
    )
