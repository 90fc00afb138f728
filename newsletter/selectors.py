"""Read-only queries of the newsletter and members, for the views, the admin, the emails and
the services (as HackSoft's Django styleguide separates selectors from services).

Nothing here writes. The services (``signup``, ``accounts``, ``subscriptions``, ``imports``,
``issues``, ``suppressions``) import this module; it imports none of them, only the models and
the token rule (``tokens.token_usable``), so a read never sets off a write.
"""

import hashlib
from dataclasses import dataclass

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from lordspress.core.addresses import canonical_email, display_email
from lordspress.core.models import User
from lordspress.outbox.models import OutboundEmail
from lordspress.pages.models import Page
from newsletter.models import Delivery, EmailToken, NewsletterIssue, Subscriber, Suppression
from newsletter.tokens import TokenError, token_usable, unsubscribe_kept_pk, unsubscribe_token_pk

# --- addresses and the suppression list ------------------------------------------------


def email_hash(email: str) -> str:
    """SHA-256 (hex, 64 characters) of the address's canonical form (``canonical_email``):
    every spelling the mailer delivers to the same mailbox has the same hash. A suppression
    keeps this, never the address."""
    return _sha256(canonical_email(email))


def suppression_hashes(email: str) -> list[str]:
    """The hashes a suppression of ``email``'s mailbox may carry: its canonical hash, and the
    hash of its Unicode-domain spelling (``display_email``), which is how an address at an
    internationalised domain was hashed before addresses were canonical (issue 8). The data
    migration ``0008`` re-keyed every suppression whose address was still stored; this
    catches those whose address was not (deleted accounts)."""
    address = canonical_email(email)
    legacy = display_email(address)
    return list(dict.fromkeys([email_hash(address), *([_sha256(legacy)] if legacy else [])]))


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def suppressions_active(*, email: str) -> QuerySet[Suppression]:
    """The active (not lifted) suppressions of ``email``'s mailbox, whatever its spelling."""
    return Suppression.objects.filter(
        email_hash__in=suppression_hashes(email), lifted_at__isnull=True
    )


def suppression_active(*, email: str) -> Suppression | None:
    """The active suppression of ``email``'s mailbox; a standing refusal (complaint, bounce,
    request) before one left by deleting an account."""
    rows = list(suppressions_active(email=email))
    rows.sort(key=lambda row: row.reason == Suppression.Reason.DELETED)
    return rows[0] if rows else None


def is_suppressed(*, email: str) -> bool:
    """Whether an active suppression blocks mail to ``email`` (lifted ones do not), whatever
    its spelling."""
    return suppressions_active(email=email).exists()


# --- subscribers and members -----------------------------------------------------------


def privacy_policy_version() -> str:
    """The version a reader saw: the privacy policy page's last change."""
    page = Page.objects.filter(slug="privacy-policy").only("updated_at").first()
    return page.updated_at.isoformat(timespec="seconds") if page else "unpublished"


def subscriber_for_user(*, user: User) -> Subscriber | None:
    """The member's subscription: the one linked to the account, else the one at its
    address."""
    return (
        Subscriber.objects.filter(user=user).first()
        or Subscriber.objects.filter(email=user.email).first()
    )


def member_by_email(*, email: str) -> User | None:
    """The active account at ``email`` (any spelling), staff included."""
    return User.objects.filter(email=canonical_email(email), is_active=True).first()


def account_export(*, user: User) -> dict:
    """Everything we hold about a member, for the "download my data" button."""
    subscriber = subscriber_for_user(user=user)
    data = {
        "account": {
            "email": user.email,
            "name": user.full_name,
            "joined": user.date_joined.isoformat(),
            "last_sign_in": user.last_login.isoformat() if user.last_login else None,
            "has_password": user.has_usable_password(),
        },
        "subscription": None,
        "consents": [],
        "emails": [
            {
                "kind": email.kind,
                "status": email.status,
                "queued": email.created_at.isoformat(),
                "sent": email.sent_at.isoformat() if email.sent_at else None,
            }
            for email in OutboundEmail.objects.filter(to=user.email).order_by("created_at")
        ],
    }
    if subscriber is not None:
        data["subscription"] = {
            "status": subscriber.status,
            "name": subscriber.name,
            "newsletter": subscriber.newsletter,
            "signed_up": subscriber.created_at.isoformat(),
            "confirmed": subscriber.confirmed_at.isoformat() if subscriber.confirmed_at else None,
            "unsubscribed": (
                subscriber.unsubscribed_at.isoformat() if subscriber.unsubscribed_at else None
            ),
        }
        data["consents"] = [
            {
                "given": consent.created_at.isoformat(),
                "form": consent.form,
                "newsletter": consent.newsletter_opt_in,
                "privacy_policy_version": consent.privacy_policy_version,
                "network": consent.ip_truncated,
                "confirmed": consent.confirmed_at.isoformat() if consent.confirmed_at else None,
            }
            for consent in subscriber.consents.order_by("created_at")
        ]
    return data


# --- emailed links ---------------------------------------------------------------------


def token_check(*, digest: str, purpose: str) -> EmailToken:
    """The token whose ``token_digest`` is ``digest``, if it can still be used (for GET
    pages, which change nothing; ``tokens.token_usable`` is the rule). Raises TokenError."""
    token = (
        EmailToken.objects.filter(token_hash=digest, purpose=purpose)
        .select_related("subscriber", "user")
        .first()
    )
    return token_usable(token)


def password_token_user(*, token_digest: str) -> User:
    """The user a set-password link (by its token's ``token_digest``) belongs to, if it can
    still be used. Raises TokenError."""
    return token_check(digest=token_digest, purpose=EmailToken.Purpose.SET_PASSWORD).user


def subscriber_from_unsubscribe_token(*, token: str) -> Subscriber | None:
    """The subscriber an unsubscribe link names, or None for a tampered or unknown one."""
    pk = unsubscribe_token_pk(token)
    return Subscriber.objects.filter(pk=pk).first() if pk is not None else None


def unsubscribe_link_subscriber(*, kept: str) -> Subscriber:
    """The subscriber of an unsubscribe link, from what ``tokens.unsubscribe_link_keep`` made
    of it. Raises TokenError: "expired" after ``tokens.UNSUBSCRIBE_KEPT_FOR``, else
    "unknown"."""
    subscriber = Subscriber.objects.filter(pk=unsubscribe_kept_pk(kept)).first()
    if subscriber is None:
        raise TokenError("unknown")
    return subscriber


# --- newsletter issues -----------------------------------------------------------------


def issue_recipients() -> list[tuple[str, int]]:
    """Who receives an issue now, as (canonical address, subscriber id), in subscriber order:
    confirmed subscribers who want the newsletter (``receiving_newsletter``) and whose
    mailbox is not suppressed, one copy per mailbox even where two rows kept older spellings
    of one address (the canonical-addresses migration leaves such collisions for staff to
    resolve). ``issue_reader`` answers the same for one subscriber as an email is sent."""
    suppressed = set(
        Suppression.objects.filter(lifted_at__isnull=True).values_list("email_hash", flat=True)
    )
    recipients, mailboxes = [], set()
    for s in Subscriber.objects.receiving_newsletter().only("pk", "email").order_by("pk"):
        address = canonical_email(s.email)
        if address in mailboxes or suppressed.intersection(suppression_hashes(address)):
            continue
        mailboxes.add(address)
        recipients.append((address, s.pk))
    return recipients


def issue_readers(*, subscriber_ids: list[int]) -> dict[int, Subscriber]:
    """Those of ``subscriber_ids`` who still receive the newsletter as their issue is sent
    (the rule of ``issue_recipients``, for a batch of readers: they may have left since it
    was prepared), by id; two queries for the whole batch."""
    subscribers = list(
        Subscriber.objects.receiving_newsletter()
        .filter(pk__in=[pk for pk in subscriber_ids if pk is not None])
        .only("pk", "email", "status", "newsletter")
    )
    hashes = {s.pk: suppression_hashes(s.email) for s in subscribers}
    suppressed = set(
        Suppression.objects.filter(
            lifted_at__isnull=True,
            email_hash__in=[h for found in hashes.values() for h in found],
        ).values_list("email_hash", flat=True)
    )
    return {s.pk: s for s in subscribers if not suppressed.intersection(hashes[s.pk])}


def issue_reader(*, subscriber_id: int | None) -> Subscriber | None:
    """The subscriber, if they still receive the newsletter as their issue is sent
    (``issue_readers`` for one reader)."""
    return issue_readers(subscriber_ids=[subscriber_id]).get(subscriber_id)


def _delivery_count(*statuses: str) -> Subquery:
    return Coalesce(
        Subquery(
            Delivery.objects.filter(issue=OuterRef("pk"), status__in=statuses)
            .order_by()
            .values("issue")
            .annotate(total=Count("pk"))
            .values("total")[:1]
        ),
        0,
    )


def issues_with_delivery(*, issues: QuerySet[NewsletterIssue]) -> QuerySet[NewsletterIssue]:
    """``issues`` with their deliveries counted by state (proofs are not deliveries), for the
    admin's list: ``queued_count`` (waiting or being sent), ``sent_count``, ``failed_count``,
    ``skipped_count``."""
    return issues.annotate(
        queued_count=_delivery_count(*QUEUED_STATES),
        sent_count=_delivery_count(Delivery.Status.SENT),
        failed_count=_delivery_count(Delivery.Status.FAILED),
        skipped_count=_delivery_count(Delivery.Status.SKIPPED),
    )


QUEUED_STATES = (Delivery.Status.QUEUED, Delivery.Status.CLAIMED, Delivery.Status.SENDING)


@dataclass(frozen=True)
class IssueProgress:
    """An issue's deliveries by state, from the delivery rows (the admin's progress view)."""

    status: str
    status_label: str
    total: int
    queued: int
    sent: int
    failed: int
    skipped: int

    @property
    def done(self) -> int:
        return self.sent + self.failed + self.skipped

    @property
    def percent(self) -> int:
        return 100 if not self.total else int(100 * self.done / self.total)

    def as_dict(self) -> dict:
        return {
            "status": self.status,
            "status_label": self.status_label,
            "total": self.total,
            "queued": self.queued,
            "sent": self.sent,
            "failed": self.failed,
            "skipped": self.skipped,
            "done": self.done,
            "percent": self.percent,
            "finished": self.status
            in {NewsletterIssue.Status.SENT, NewsletterIssue.Status.SENT_WITH_FAILURES},
        }


def issue_progress(*, issue: NewsletterIssue) -> IssueProgress:
    """How far ``issue`` has gone, counted in one query over its deliveries."""
    counts = dict(
        Delivery.objects.filter(issue=issue)
        .order_by()
        .values_list("status")
        .annotate(total=Count("pk"))
    )
    return IssueProgress(
        status=issue.status,
        status_label=issue.get_status_display(),
        total=sum(counts.values()),
        queued=sum(counts.get(state, 0) for state in QUEUED_STATES),
        sent=counts.get(Delivery.Status.SENT, 0),
        failed=counts.get(Delivery.Status.FAILED, 0),
        skipped=counts.get(Delivery.Status.SKIPPED, 0),
    )


def audience_size() -> int:
    """How many readers an issue sent now would go to (``issue_recipients``)."""
    return len(issue_recipients())
