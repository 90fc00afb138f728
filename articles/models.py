"""Sections, articles, corrections and the old addresses of moved articles."""

from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connections, models
from django.db.models import Case, F, FloatField, Q, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from articles.conditions import holds
from lordspress.core.dates import EditorialDateTimeField, validate_editorial_date
from lordspress.core.fields import PlainTextField, SanitizedRichTextUploadingField, SingleLineField
from lordspress.core.images import RandomUploadPath, UploadedImageField
from lordspress.pages.slugs import RESERVED_SLUGS, check_slug_free

SEARCH_MAX_TERMS = 8
# Fields a list of articles never shows; the search vectors are for the database alone.
UNLISTED_FIELDS = ("body", "search_vector", "public_search_vector")


class Category(models.Model):
    """A section of the journal, listed in the masthead navigation."""

    name = SingleLineField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = PlainTextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    old_addresses = GenericRelation("lordspress.OldAddress")

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "section"
        constraints = [
            models.CheckConstraint(
                condition=~Q(slug__in=RESERVED_SLUGS),
                name="category_slug_not_reserved",
                violation_error_message="This address is used by the site itself.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("section-or-page", kwargs={"slug": self.slug})

    def addresses(self) -> dict[str, str]:
        """Its public addresses by kind (see ``lordspress.core.models.OldAddress``): the front page
        and the feeds readers subscribe to."""
        return {
            "section": self.get_absolute_url(),
            "feed": reverse("articles:section-feed", kwargs={"slug": self.slug}),
            "atom-feed": reverse("articles:section-feed-atom", kwargs={"slug": self.slug}),
        }

    def clean(self) -> None:
        check_slug_free(self)


def live_q(*, now: datetime | None = None) -> Q:
    """The public-visibility rule, the only place it is written: published and due (a future
    ``publish_at`` is a schedule, visible at that time). ``Article.objects.published()``
    filters on it and ``Article.is_live`` reads it (``articles.conditions.holds``)."""
    return Q(status=Article.Status.PUBLISHED, publish_at__lte=now or timezone.now())


def scheduled_q(*, now: datetime | None = None) -> Q:
    """Published, and waiting for its ``publish_at``: ``scheduled()`` and ``is_scheduled``."""
    return Q(status=Article.Status.PUBLISHED, publish_at__gt=now or timezone.now())


def modified_for_readers() -> Coalesce:
    """``Article.modified_for_readers`` as a query expression (the marked update, else the
    publication time): the sitemaps' ``lastmod`` read by the database."""
    return Coalesce(F("updated_at"), F("publish_at"))


def article_path(*, slug: str, publish_at: datetime | None) -> str:
    """An article's address, ``/2026/05/01/<slug>/`` (its London publication date), from the
    two values it is made of: ``Article.get_absolute_url``, and lists read as rows."""
    when = timezone.localtime(publish_at or timezone.now())
    return reverse(
        "articles:detail",
        kwargs={"year": f"{when:%Y}", "month": f"{when:%m}", "day": f"{when:%d}", "slug": slug},
    )


def article_paths() -> Callable[..., str]:
    """``article_path`` for many rows, as one list reads them: the address is reversed once
    per day (``reverse`` is most of the cost at 50,000 rows) and the slug, which a URL never
    escapes (``SlugField``: letters, digits, ``-`` and ``_``), set into it."""
    days: dict = {}

    def path(*, slug: str, publish_at: datetime) -> str:
        day = timezone.localdate(publish_at)
        if day not in days:
            head, _, tail = article_path(slug="slug", publish_at=publish_at).rpartition("slug")
            days[day] = (head, tail)
        head, tail = days[day]
        return head + slug + tail

    return path


class ArticleQuerySet(models.QuerySet):
    """Every public listing starts from ``published()``: the one visibility rule."""

    def published(self):
        """Published and due (``live_q``)."""
        return self.filter(live_q())

    def scheduled(self):
        return self.filter(scheduled_q())

    def for_listing(self):
        """What a card needs, in one query: no body, byline and section joined."""
        return self.select_related("category", "author").defer(*UNLISTED_FIELDS)

    def related_to(self, article: "Article"):
        return self.filter(category_id=article.category_id).exclude(pk=article.pk)

    def search(self, query: str, *, hidden: Q | None = None):
        """Ranked full-text search on PostgreSQL; a plain every-word match elsewhere.

        Articles matching ``hidden`` (members-only ones, for readers who may not see their
        text) are matched *and ranked* on their headline and standfirst only, so nothing after
        the cut can add, drop or move one of them: hidden text cannot be probed through the
        results, their count or their order (issue 8). On PostgreSQL that is the stored
        ``public_search_vector`` (trigger-maintained, GIN-indexed, migration 0006), so hidden
        rows cost no per-row vector at query time. Ties are broken by publication time, then
        by primary key, never by where a row happens to lie on disk (which an edit changes).
        Each article carries its ``rank`` (0 for all on SQLite, which does not rank).

        ``articles.selectors.search`` re-orders this by date to rank only the newest matches.
        """
        if connections[self.db].vendor == "postgresql":
            search_query = SearchQuery(query, search_type="websearch", config="english")
            if hidden is None:
                matches = Q(search_vector=search_query)
                vector = F("search_vector")
            else:
                matches = (~hidden & Q(search_vector=search_query)) | (
                    hidden & Q(public_search_vector=search_query)
                )
                vector = Case(
                    When(hidden, then=F("public_search_vector")),
                    default=F("search_vector"),
                    output_field=SearchVectorField(),
                )
            return (
                self.filter(matches)
                .annotate(rank=SearchRank(vector, search_query))
                .order_by("-rank", "-publish_at", "-pk")
            )
        queryset = self
        for term in query.split()[:SEARCH_MAX_TERMS]:
            in_body = Q(body__icontains=term)
            if hidden is not None:
                in_body &= ~hidden
            queryset = queryset.filter(
                Q(headline__icontains=term) | Q(standfirst__icontains=term) | in_body
            )
        return queryset.annotate(rank=Value(0.0, output_field=FloatField())).order_by(
            "-publish_at", "-pk"
        )


class Article(models.Model):
    class Kind(models.TextChoices):
        NEWS = "news", "News"
        SPECIAL_REPORT = "special_report", "Special report"
        NOTICE = "notice", "Notice"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        PUBLISHED = "published", "Published"

    class Access(models.TextChoices):
        DEFAULT = "default", "As its kind (special reports and notices are for members)"
        PUBLIC = "public", "Public"
        MEMBERS = "members", "Members only"

    headline = SingleLineField(max_length=200)
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="The last part of the address. Changing it on a published article keeps the "
        "old address working.",
    )
    standfirst = SingleLineField(
        max_length=400, help_text="The summary under the headline, shown in lists and feeds."
    )
    body = SanitizedRichTextUploadingField(
        help_text="For members-only articles, a paragraph containing only [members-only] "
        "marks where non-members stop reading (sooner if it would show them much of it: "
        "see Access)."
    )
    image = UploadedImageField(
        "featured image",
        upload_to=RandomUploadPath("articles"),
        blank=True,
        width_field="image_width",
        height_field="image_height",
        help_text="JPEG, PNG, GIF or WebP. Stored at most 1600 pixels wide, without metadata.",
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # A smaller rendition for lists, made when the image is saved.
    image_card = models.ImageField(
        upload_to=RandomUploadPath("articles/cards"),
        blank=True,
        editable=False,
        width_field="card_width",
        height_field="card_height",
    )
    card_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    card_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_alt = SingleLineField(
        "image description",
        max_length=250,
        blank=True,
        help_text="What the image shows, for readers who cannot see it.",
    )
    image_caption = SingleLineField(max_length=300, blank=True)
    image_credit = SingleLineField(
        max_length=200,
        blank=True,
        help_text="For example “Portrait of …, painted circa 1790 by …”.",
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="articles", verbose_name="section"
    )
    author = models.ForeignKey(
        "authors.Author", on_delete=models.PROTECT, related_name="articles", verbose_name="byline"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NEWS)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    publish_at = EditorialDateTimeField(
        "publish at",
        null=True,
        blank=True,
        help_text="London time. A future time schedules the article; empty means now.",
    )
    updated_at = EditorialDateTimeField(
        "updated at",
        null=True,
        blank=True,
        help_text="Shown as “Updated …”; set only by marking a material update.",
    )
    access = models.CharField(
        max_length=10,
        choices=Access.choices,
        default=Access.DEFAULT,
        help_text="Non-members see the standfirst and a short opening: the text up to a "
        "paragraph reading [members-only], else the first two blocks (paragraphs, lists, "
        "tables…), never more than about 600 characters or half the text; nothing of an "
        "article too short for that.",
    )
    always_free = models.BooleanField(
        default=False,
        help_text="Keep it free for everyone even once it is in the archive.",
    )
    is_lead = models.BooleanField(
        "lead story",
        default=False,
        help_text="The newest lead story among the latest twelve articles leads the home page.",
    )
    meta_description = SingleLineField(
        max_length=300,
        blank=True,
        help_text="For search engines and sharing; defaults to the standfirst.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)
    # Maintained by a PostgreSQL trigger (migrations 0002 and 0005); unused on SQLite.
    # search_vector: headline (A), standfirst (B) and body (C), for what every reader may read;
    # public_search_vector: headline and standfirst only, what anyone sees of a members-only one.
    search_vector = SearchVectorField(null=True, editable=False)
    public_search_vector = SearchVectorField(null=True, editable=False)

    objects = ArticleQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["search_vector", "public_search_vector", "modified_at"]
    )

    class Meta:
        ordering = ["-publish_at", "-pk"]
        get_latest_by = "publish_at"
        permissions = [("publish_article", "Can publish, schedule and unpublish articles")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(publish_at__isnull=False),
                name="article_published_has_publish_at",
                violation_error_message="A published article needs a publication time.",
            ),
        ]
        # Every public list filters on ``live_q`` (status, publish_at) and is in the order
        # above: each index serves one kind of list in that order, and holds the key, so a
        # page's keys come from the index alone (``LookaheadPaginator``), however deep.
        indexes = [
            models.Index(fields=["status", "-publish_at", "-id"], name="article_live"),
            models.Index(
                fields=["category", "status", "-publish_at", "-id"], name="article_section_live"
            ),
            models.Index(fields=["kind", "status", "-publish_at", "-id"], name="article_kind_live"),
            models.Index(
                fields=["author", "status", "-publish_at", "-id"], name="article_byline_live"
            ),
            # What a non-member may read in full is "always free" or newer than the archive
            # cut (``articles.access.members_only_q``): with this small index and
            # ``article_live`` PostgreSQL finds those rows from the indexes and intersects
            # them with the full-text index, instead of reading every row whose hidden text
            # matches a search only to discard it.
            models.Index(
                fields=["publish_at"], condition=Q(always_free=True), name="article_always_free"
            ),
        ]

    def __str__(self) -> str:
        return self.headline

    def get_absolute_url(self) -> str:
        return article_path(slug=self.slug, publish_at=self.publish_at)

    @property
    def is_live(self) -> bool:
        """Whether ``published()`` would list it now: ``live_q`` read against this object."""
        return holds(live_q(), self)

    @property
    def is_scheduled(self) -> bool:
        """Whether ``scheduled()`` would list it now: ``scheduled_q`` read against it."""
        return holds(scheduled_q(), self)

    @property
    def description(self) -> str:
        return self.meta_description or self.standfirst

    @property
    def modified_for_readers(self):
        """The last time readers were told of a change: the material update, else publication."""
        return self.updated_at or self.publish_at


class Correction(models.Model):
    """A dated public note under an article, as a journal of record keeps them."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    published_on = models.DateField(
        "date", default=timezone.localdate, validators=[validate_editorial_date]
    )
    text = PlainTextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["published_on", "pk"]

    def __str__(self) -> str:
        return f"Correction of {self.published_on:%d %B %Y} to “{self.article}”"


class ArchiveMonth(models.Model):
    """A month of the archive (London time, ``TIME_ZONE``) with published articles: how many,
    and the first and last publication time among them. The archive's lists of months and
    years read this small table instead of grouping every article on each request.

    Kept by ``articles.services`` (``archive_months_refresh`` on every save and delete of an
    article, ``archive_months_rebuild`` after a bulk insert), counting what ``live_q`` lets
    through by the month's end: a month is listed once its ``first_publish_at`` has come
    (``articles.selectors.archive_months``), and its count is the live count once its
    ``last_publish_at`` has (a schedule still to come is counted ahead).
    """

    month = models.DateField(unique=True, help_text="The first day of the month.")
    published = models.PositiveIntegerField()
    first_publish_at = models.DateTimeField()
    last_publish_at = models.DateTimeField()

    class Meta:
        ordering = ["month"]

    def __str__(self) -> str:
        return f"{self.month:%B %Y}: {self.published}"


class ArticleRedirect(models.Model):
    """An address an article was live at and has left (a new slug or date, taken off the
    site): it answers with a 301 to the article's current address while the article is live.

    Kept by ``articles.services`` on every save (``_keep_old_addresses``); one row per
    address, naming the article last live there, so redirects never chain.
    """

    old_path = models.CharField(max_length=300, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_paths")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "old article address"
        verbose_name_plural = "old article addresses"

    def __str__(self) -> str:
        return f"{self.old_path} → {self.article}"
