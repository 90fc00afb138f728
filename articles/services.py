"""Editorial operations: saving, reverting, publishing and unpublishing articles.

The admin calls these instead of ``Model.save()`` so that the workflow rules (writers cannot
publish), who may change which field, old addresses, image processing and notifications hold
however an article changes: the change form, a history revert, an action, an import or the
shell.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Max, Min, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.text import get_text_list

from articles.conditions import holds
from articles.models import ArchiveMonth, Article, ArticleRedirect, Category, Correction, live_q
from authors.models import Author
from authors.selectors import bylines_for
from lordspress.core.cache import site_chrome_invalidate, site_content_changed
from lordspress.core.dates import check_editorial_dates
from lordspress.core.images import is_new_upload, replace_with_reencoded, store_rendition
from lordspress.core.services import keep_old_addresses
from lordspress.outbox.services import outbox_queue

FEATURED_IMAGE_WIDTH = 1600
CARD_IMAGE_WIDTH = 720


@transaction.atomic
def category_save(*, category: Category) -> Category:
    """Save a section (the change form, its order in the list): its front page and feeds
    keep answering at their old addresses after a new slug (``keep_old_addresses``)."""
    previous = (
        Category.objects.select_for_update().filter(pk=category.pk).first() if category.pk else None
    )
    category.save()
    keep_old_addresses(previous=previous, obj=category)
    transaction.on_commit(site_chrome_invalidate)
    return category


def user_can_publish(*, user: AbstractBaseUser | AnonymousUser | None) -> bool:
    """Editors: holders of ``articles.publish_article`` (the Editors group, superusers)."""
    return bool(user and user.has_perm("articles.publish_article"))


def _process_featured_image(article: Article) -> None:
    if not article.image:
        article.image_card = ""
        return
    if not is_new_upload(article.image):
        return  # the stored image (unchanged, or restored with its card from a revision)
    replace_with_reencoded(article.image, max_width=FEATURED_IMAGE_WIDTH)
    store_rendition(article.image, article.image_card, max_width=CARD_IMAGE_WIDTH)


def _keep_old_addresses(previous: Article | None, article: Article) -> None:
    """Every address readers were given for an article keeps leading to it (301), whatever
    the sequence of edits: the one rule, applied by every save.

    An address was given to readers when the article was live there: ``previous`` (the stored
    row, before this save) is live and this save takes it away from that address, by a new
    slug or date, by unpublishing or by a schedule in the future. That address is recorded
    at once, as an ``ArticleRedirect`` to the article, so it still leads to it after any
    later edits: unpublished, renamed while a draft and published again, the old address
    answers with a 301 to the new one (while unpublished it answers 404, as the article
    does). An unpublished or scheduled article is followed by no redirect
    (``ArticleDetailView``), so nothing is shown before an editor publishes it.

    An address belongs to the article last live at it: an article live at a path takes it
    over from any old redirect there (the page is served, never shadowed; the row would
    otherwise send readers to another article once this one moves on). A draft or a schedule
    takes nothing, so an address in use keeps working until the new article is live.

    No chains: a redirect names the article, not a path, and is followed to the article's
    address at the time of the request, so A → B, B → C answers A with C at once (as
    Wagtail's redirects to a page do).
    """
    now = timezone.now()
    live_path = article.get_absolute_url() if _is_live(article, now) else None
    if previous is not None and _is_live(previous, now):
        old_path = previous.get_absolute_url()
        if old_path != live_path:
            ArticleRedirect.objects.update_or_create(
                old_path=old_path, defaults={"article": article}
            )
    if live_path is not None:
        ArticleRedirect.objects.filter(old_path=live_path).delete()


def _is_live(article: Article, now) -> bool:
    """``Article.is_live`` at one instant (``live_q`` at ``now``), so the stored row and the
    saved one are judged at the same time."""
    return holds(live_q(now=now), article)


# --- Who may change what --------------------------------------------------------------------
# The one declaration of the article fields only editors may set: placement on the home page,
# who may read it (``access``, ``always_free``, and ``kind``, which makes special reports and
# notices members-only under the default access), and the dates readers are shown.
# ``article_save`` refuses a change to any of them by anyone else, whatever the path; the admin
# shows them read-only to everyone else (``fields_locked_for``), and a revert keeps them as
# they are (``article_revert``).
EDITOR_ONLY_FIELDS: tuple[str, ...] = (
    "publish_at",
    "updated_at",
    "is_lead",
    "access",
    "always_free",
    "kind",
)
# Set by this service when an editor marks a material update, never typed into a form.
SERVICE_SET_FIELDS: tuple[str, ...] = ("updated_at",)


def fields_locked_for(*, user: AbstractBaseUser | AnonymousUser) -> tuple[str, ...]:
    """The article fields ``user`` may not type: read-only in the admin, kept on a revert."""
    if user_can_publish(user=user):
        return SERVICE_SET_FIELDS
    return tuple(dict.fromkeys(SERVICE_SET_FIELDS + EDITOR_ONLY_FIELDS))


def article_bylines_for(
    *, user: AbstractBaseUser | AnonymousUser, article: Article | None = None
) -> QuerySet[Author]:
    """The bylines ``user`` may put on ``article``: their own (``authors.selectors.bylines_for``:
    any, for an editor), or the byline the stored article already carries (an editor may
    have chosen it), never someone else's."""
    stored = None
    if article is not None and article.pk:
        # The stored byline, not the one being saved; a subquery, so still one query.
        stored = Article.objects.filter(pk=article.pk).values("author_id")
    return bylines_for(user=user, keep=stored)


def _labels(names) -> str:
    """``["is_lead", "access"]`` → "lead story and access" (the fields' own names)."""
    return get_text_list([str(Article._meta.get_field(name).verbose_name) for name in names], "and")


def _editor_only_changes(article: Article, previous: Article | None) -> list[str]:
    """Editor-only fields whose value in ``article`` differs from the stored row (from the
    field's default for a new article)."""
    changed = []
    for name in EDITOR_ONLY_FIELDS:
        stored = (
            getattr(previous, name)
            if previous is not None
            else Article._meta.get_field(name).get_default()
        )
        if getattr(article, name) != stored:
            changed.append(name)
    return changed


def _check_rights(*, article: Article, previous: Article | None, user) -> None:
    """Refuse, with a message naming what is refused, a save ``user`` has no right to make.

    Raises ``PermissionDenied``. Refusing (rather than quietly keeping the stored values) is
    what Ghost's post permissions do when an author or contributor changes a post's visibility
    or authors (``NoPermissionError``): a direct call must not half-succeed. A revert, which
    carries every field of an old revision, goes through ``article_revert`` instead, which
    keeps those fields and says so.
    """
    if user_can_publish(user=user):
        return
    was_published = previous is not None and previous.status == Article.Status.PUBLISHED
    if article.status == Article.Status.PUBLISHED or was_published:
        raise PermissionDenied("Only editors may publish or change a published article.")
    changed = _editor_only_changes(article, previous)
    if changed:
        raise PermissionDenied(
            f"Only editors may change {_labels(changed)}; ask an editor, or leave "
            f"{'it' if len(changed) == 1 else 'them'} as they are."
        )
    if not article_bylines_for(user=user, article=article).filter(pk=article.author_id).exists():
        raise PermissionDenied(
            "You may write only under your own bylines; an editor can add you to this one."
        )


@transaction.atomic
def article_save(
    *, article: Article, user: AbstractBaseUser, material_update: bool = False
) -> Article:
    """Save an article as ``user``, enforcing the editorial workflow.

    Writers may draft and submit for review under their own bylines; only holders of
    ``articles.publish_article`` (Editors) may publish, schedule, change a published article,
    mark a material update or change an ``EDITOR_ONLY_FIELDS`` field. Raises
    ``PermissionDenied`` (see ``_check_rights``) and changes nothing when ``user`` may not;
    raises ``ValidationError`` for a date typed outside the editorial range
    (``lordspress.core.dates``).
    """
    previous = (
        Article.objects.select_for_update().filter(pk=article.pk).first() if article.pk else None
    )
    _check_rights(article=article, previous=previous, user=user)
    check_editorial_dates(article, previous=previous)

    if article.status == Article.Status.PUBLISHED and article.publish_at is None:
        article.publish_at = timezone.now()
    if material_update and previous is not None and previous.is_live:
        article.updated_at = timezone.now()
    if previous is None and article.created_by_id is None:
        article.created_by = user

    _process_featured_image(article)
    article.save()
    _keep_old_addresses(previous, article)
    archive_months_refresh(months=_months_of(previous, article))
    if _shows_on_public_pages(previous) or _shows_on_public_pages(article):
        # Published, unpublished, edited while live, or a schedule set or moved: every kept
        # page is out of date once this commits (lordspress.core.cache).
        transaction.on_commit(site_content_changed)

    submitted = article.status == Article.Status.IN_REVIEW and (
        previous is None or previous.status != Article.Status.IN_REVIEW
    )
    if submitted:
        _notify_editors(article)
    return article


def _shows_on_public_pages(article: Article | None) -> bool:
    """Live or scheduled: its saves change (or will change) public pages."""
    return article is not None and article.status == Article.Status.PUBLISHED


@transaction.atomic
def correction_save(*, correction: Correction) -> Correction:
    """Add or change a dated public correction (the article's inline, the corrections list):
    the article's page shows it at once."""
    correction.save()
    transaction.on_commit(site_content_changed)
    return correction


@transaction.atomic
def correction_delete(*, correction: Correction) -> None:
    correction.delete()
    transaction.on_commit(site_content_changed)


@dataclass(frozen=True)
class Revert:
    """What ``article_revert`` saved, and which fields of the old revision it did not."""

    article: Article
    kept: tuple[str, ...]  # names of the fields left as they were

    @property
    def message(self) -> str:
        """What the person reverting is told about ``kept`` ("" when nothing was kept)."""
        parts = []
        editor_only = [name for name in self.kept if name not in SERVICE_SET_FIELDS]
        if editor_only:
            parts.append(
                f"Restored this revision except {_labels(editor_only)}: only editors may "
                f"change {'it' if len(editor_only) == 1 else 'them'}, so "
                f"{'it stays' if len(editor_only) == 1 else 'they stay'} as now."
            )
        if any(name in SERVICE_SET_FIELDS for name in self.kept):
            parts.append(
                "The “Updated” time stays as it is: only marking a material update changes it."
            )
        return " ".join(parts)


@transaction.atomic
def article_revert(
    *, article: Article, user: AbstractBaseUser, material_update: bool = False
) -> Revert:
    """Save ``article`` (an old revision, as edited in the revert form) as ``user``.

    A revert is an edit: it changes what ``user`` could change in the change form, nothing
    more (Wagtail restores a revision the same way: it opens it in the editor and saving it is
    an ordinary edit, with ordinary permissions). An old revision also carries the fields
    ``user`` may not type (``fields_locked_for``: the editor-only fields for writers, the
    "updated" mark for everyone); those keep their stored values, and ``Revert.kept`` names
    the ones that differed so the admin can say so. Everything else is ``article_save``'s.
    """
    stored = Article.objects.select_for_update().get(pk=article.pk)
    kept = []
    for name in fields_locked_for(user=user):
        if getattr(article, name) != getattr(stored, name):
            setattr(article, name, getattr(stored, name))
            kept.append(name)
    article_save(article=article, user=user, material_update=material_update)
    return Revert(article=article, kept=tuple(kept))


def _notify_editors(article: Article) -> None:
    """Each editor is emailed (through the outbox) that an article awaits review."""
    from lordspress.core.models import User
    from lordspress.outbox.models import OutboundEmail

    editors = (
        User.objects.filter(is_active=True, is_staff=True, groups__name="Editors")
        .values_list("email", flat=True)
        .distinct()
    )
    for address in editors:
        outbox_queue(
            kind="articles.review",
            to=address,
            context={"article_id": article.pk},
            priority=OutboundEmail.Priority.EDITORIAL,
        )


def article_publish(
    *, article: Article, user: AbstractBaseUser, publish_at: datetime | None = None
) -> Article:
    """Publish now, or at ``publish_at`` (a schedule), keeping an existing schedule."""
    if not user_can_publish(user=user):
        raise PermissionDenied("Only editors may publish.")
    article.status = Article.Status.PUBLISHED
    if publish_at is not None:
        article.publish_at = publish_at
    return article_save(article=article, user=user)


def article_unpublish(*, article: Article, user: AbstractBaseUser) -> Article:
    """Take an article off the site; it returns to the drafts."""
    if not user_can_publish(user=user):
        raise PermissionDenied("Only editors may unpublish.")
    article.status = Article.Status.DRAFT
    return article_save(article=article, user=user)


# --- The archive's months ----------------------------------------------------------------
# The far future: "live by then" is every published article, whatever its time.
_END_OF_TIME = datetime(9000, 1, 1, tzinfo=UTC)


def archive_month_of(*, when: datetime) -> date:
    """The month of the archive (its first day, in the current time zone) ``when`` falls in."""
    local = timezone.localtime(when)
    return date(local.year, local.month, 1)


def _months_of(*articles: Article | None) -> set[date]:
    """The months an article sat in before a save and sits in after it."""
    return {archive_month_of(when=a.publish_at) for a in articles if a is not None and a.publish_at}


def _month_bounds(month: date) -> tuple[datetime, datetime]:
    """The first instant of ``month`` and of the month after, in the current time zone."""
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    zone = timezone.get_current_timezone()
    return (
        datetime(month.year, month.month, 1, tzinfo=zone),
        datetime(following.year, following.month, 1, tzinfo=zone),
    )


@transaction.atomic
def archive_months_refresh(*, months: Iterable[date]) -> None:
    """Recount the archive's ``months`` (first days) from the articles: called by every
    save and delete of an article with the months it left and entered. One indexed range
    query per month.

    Each month's row is locked first (created if need be), in date order, and held to the
    end of the caller's transaction: a concurrent save in the same month waits for this one
    to commit and then counts it, so two saves never each count without the other."""
    for month in sorted(set(months)):
        start, end = _month_bounds(month)
        row, _ = ArchiveMonth.objects.get_or_create(
            month=month,
            defaults={"published": 0, "first_publish_at": start, "last_publish_at": start},
        )
        row = ArchiveMonth.objects.select_for_update().get(pk=row.pk)
        found = Article.objects.filter(
            live_q(now=_END_OF_TIME), publish_at__gte=start, publish_at__lt=end
        ).aggregate(published=Count("pk"), first=Min("publish_at"), last=Max("publish_at"))
        if not found["published"]:
            row.delete()
            continue
        row.published = found["published"]
        row.first_publish_at, row.last_publish_at = found["first"], found["last"]
        row.save()


@transaction.atomic
def archive_months_rebuild() -> int:
    """Recount every month of the archive from the articles (after a bulk insert, or to
    repair the table); returns the number of months. One grouping query over the articles."""
    rows = (
        Article.objects.filter(live_q(now=_END_OF_TIME))
        .annotate(month_start=TruncMonth("publish_at"))
        .order_by()
        .values("month_start")
        .annotate(published=Count("pk"), first=Min("publish_at"), last=Max("publish_at"))
    )
    months = [
        ArchiveMonth(
            month=timezone.localtime(row["month_start"]).date(),
            published=row["published"],
            first_publish_at=row["first"],
            last_publish_at=row["last"],
        )
        for row in rows
    ]
    ArchiveMonth.objects.all().delete()
    ArchiveMonth.objects.bulk_create(months)
    return len(months)


@transaction.atomic
def article_delete(*, article: Article) -> None:
    """Delete an article (the admin's delete, single or selected): its months are recounted,
    and every kept page is out of date once this commits if it showed on public pages."""
    stored = Article.objects.select_for_update().filter(pk=article.pk).first()
    months = _months_of(stored)
    shown = _shows_on_public_pages(stored or article)
    article.delete()
    archive_months_refresh(months=months)
    if shown:
        transaction.on_commit(site_content_changed)
