"""Load the demo journal: sections, bylines, articles with pictures, pages, sponsors and three
staff accounts, so a newcomer sees a working site after `make run`.

Idempotent: rows are found by slug, name or email and created only when missing, so an
editor's changes to demo content survive a second run. Only the demo passwords are reset
each time, so the logins printed at the end always work.

``--articles N`` adds N generated articles (``lordspress.demo.bulk``: about 1,200 words each,
across sections, kinds and nine years) beside the hand-written ones, bulk inserted; run again
with the same N it adds nothing, with a larger N only the difference.
"""

import argparse
import multiprocessing
import os
import random
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections, transaction
from django.utils import timezone

from articles.models import Article, ArticleRedirect, Category, Correction
from articles.services import archive_months_rebuild, article_save
from authors.models import Author
from lordspress.core.links import absolute_url
from lordspress.core.models import User
from lordspress.core.numbers import parse_ascii_number
from lordspress.demo import bulk, content
from lordspress.demo.images import featured_image, sponsor_logo
from lordspress.pages.models import Page
from lordspress.sitesettings.models import SiteSettings, SocialLink
from lordspress.sponsors.models import Sponsor
from lordspress.sponsors.services import sponsor_save

DEMO_ACCOUNTS = (
    # email, password, private name, group, superuser
    ("admin@lordspress.example", "lordspress-admin", "Demo Administrator", None, True),
    ("editor@lordspress.example", "lordspress-editor", "Demo Editor", "Editors", False),
    ("writer@lordspress.example", "lordspress-writer", "Demo Writer", "Writers", False),
)
DEMO_MEMBER = ("member@lordspress.example", "lordspress-member")
# Which staff may write under which byline.
BYLINE_WRITERS = {
    "lp-staff-writers": ["editor@lordspress.example", "writer@lordspress.example"],
    "j-r": ["writer@lordspress.example"],
    "a-de-v": ["editor@lordspress.example"],
}
# Generated articles are inserted this many at a time, each batch in its own transaction.
BATCH_SIZE = 1_000
MAX_GENERATED = 1_000_000


def article_count(value) -> int:
    """``--articles``: a whole number from 0 to ``MAX_GENERATED``."""
    text = str(value).strip()
    count = None if isinstance(value, bool) else parse_ascii_number(text, max_digits=9)
    if count is None:
        raise argparse.ArgumentTypeError(
            f"must be a whole number of articles, 0 or more, not {value!r}"
        )
    if count > MAX_GENERATED:
        raise argparse.ArgumentTypeError(f"must be at most {MAX_GENERATED:,}, not {count:,}")
    return count


class Command(BaseCommand):
    help = "Load demo content (idempotent) and print the demo staff logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off. The demo accounts have published passwords.",
        )
        parser.add_argument(
            "--articles",
            type=article_count,
            default=0,
            metavar="N",
            help="Also make N generated articles of about 1,200 words (bulk inserted; a "
            "second run adds only those missing).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "seed_demo creates staff accounts with published passwords, so it refuses to "
                "run with DEBUG off. Use --force only on a throwaway database."
            )
        try:
            generated = article_count(options["articles"])  # call_command passes it unparsed
        except argparse.ArgumentTypeError as error:
            raise CommandError(f"--articles {error}") from None
        self.notes: list[str] = []
        with transaction.atomic():
            accounts = self._accounts()
            self._site()
            sections = self._sections()
            bylines = self._bylines(accounts)
            created = self._articles(
                sections, bylines, editor=accounts["editor@lordspress.example"]
            )
            self._pages()
            self._sponsors()
            self._member()
        if generated:
            created += self._generated(
                generated, sections, bylines, editor=accounts["editor@lordspress.example"]
            )
        self.stdout.write(self.style.SUCCESS(f"Demo content is ready ({created} new articles)."))
        self.stdout.write(f"Sign in at {absolute_url('/admin/')} with one of:")
        for email, password, _, group, superuser in DEMO_ACCOUNTS:
            role = "administrator" if superuser else group
            self.stdout.write(f"  {role:<14} {email} / {password}")
        self.stdout.write(
            f"A reader's account (members-only articles): {absolute_url('/accounts/login/')} "
            f"with {DEMO_MEMBER[0]} / {DEMO_MEMBER[1]}"
        )
        for note in self.notes:
            self.stdout.write(self.style.WARNING(f"Note: {note}"))

    def _accounts(self) -> dict[str, User]:
        """The demo staff, created once. A later run resets their published passwords (so the
        printed logins work) but keeps what staff decided since: an account deactivated or
        taken out of the staff in the admin stays so, and the run says so."""
        accounts = {}
        for email, password, name, group_name, superuser in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(
                email=email,
                defaults={"full_name": name, "is_staff": True, "is_superuser": superuser},
            )
            user.set_password(password)
            user.save(update_fields=["password"])
            if created and group_name:
                user.groups.add(Group.objects.get(name=group_name))
            if not (user.is_active and user.is_staff):
                self.notes.append(
                    f"{email} is not an active staff account (changed in the admin); "
                    "seed_demo leaves it so."
                )
            accounts[email] = user
        return accounts

    def _site(self) -> None:
        site = SiteSettings.load()
        if not site.postal_address:
            site.postal_address = content.SITE_SETTINGS["postal_address"]
            site.contact_email = content.SITE_SETTINGS["contact_email"]
            site.save()
        for link in content.SOCIAL_LINKS:
            SocialLink.objects.get_or_create(
                label=link["label"], defaults={"url": link["url"], "order": link["order"]}
            )

    def _sections(self) -> dict[str, Category]:
        sections = {}
        for data in content.CATEGORIES:
            section, _ = Category.objects.get_or_create(
                slug=data["slug"],
                defaults={k: data[k] for k in ("name", "description", "order")},
            )
            sections[section.slug] = section
        return sections

    def _bylines(self, accounts: dict[str, User]) -> dict[str, Author]:
        bylines = {}
        for data in content.AUTHORS:
            author, _ = Author.objects.get_or_create(
                slug=data["slug"],
                defaults={k: data[k] for k in ("name", "kind", "bio")},
            )
            author.users.add(*(accounts[email] for email in BYLINE_WRITERS.get(author.slug, [])))
            bylines[author.slug] = author
        return bylines

    def _articles(self, sections, bylines, *, editor: User) -> int:
        now = timezone.now()
        created = 0
        existing = set(Article.objects.values_list("slug", flat=True))
        for data in content.ARTICLES:
            if data["slug"] in existing:
                continue
            publish_at = now - timedelta(days=data["days_ago"])
            article = Article(
                slug=data["slug"],
                headline=data["headline"],
                standfirst=data["standfirst"],
                body=data["body"],
                category=sections[data["category"]],
                author=bylines[data["author"]],
                kind=data["kind"],
                is_lead=data.get("is_lead", False),
                status=data.get("status", Article.Status.PUBLISHED),
                publish_at=publish_at,
            )
            image = data.get("image")
            if image:
                picture = featured_image(seed=data["slug"], motif=image["motif"])
                article.image = ContentFile(picture, name=f"{data['slug']}.jpg")
                article.image_alt = image["alt"]
                article.image_caption = image["caption"]
                article.image_credit = image["credit"]
            if "updated_days_after" in data:
                article.updated_at = publish_at + timedelta(days=data["updated_days_after"])
            article_save(article=article, user=editor)
            for correction in data.get("corrections", []):
                Correction.objects.create(
                    article=article,
                    published_on=timezone.localdate(
                        publish_at + timedelta(days=correction["days_after"])
                    ),
                    text=correction["text"],
                )
            created += 1
        return created

    def _pages(self) -> None:
        for data in content.PAGES:
            Page.objects.get_or_create(
                slug=data["slug"],
                defaults={k: data[k] for k in ("title", "body", "meta_description", "order")},
            )

    def _member(self) -> None:
        """A confirmed reader, to try members-only articles without waiting for email."""
        from newsletter.models import Subscriber
        from newsletter.selectors import is_suppressed

        email, password = DEMO_MEMBER
        if is_suppressed(email=email) and not User.objects.filter(email=email).exists():
            # The demo reader deleted their account: a suppression blocks anything that would
            # sign them up again without their own double opt-in, this command included.
            self.notes.append(
                f"{email} deleted their account, so it is not re-created; lift its suppression "
                "in the admin (Newsletter → Suppressions) to have it back."
            )
            return
        user, _ = User.objects.get_or_create(email=email, defaults={"full_name": "Demo Reader"})
        user.set_password(password)
        user.save()
        Subscriber.objects.get_or_create(
            email=email,
            defaults={
                "user": user,
                "status": Subscriber.Status.CONFIRMED,
                "confirmed_at": timezone.now(),
                "newsletter": True,
                "source": Subscriber.Source.IMPORT,
                "provenance": "Demo account created by seed_demo",
            },
        )

    def _sponsors(self) -> None:
        for data in content.SPONSORS:
            if Sponsor.objects.filter(name=data["name"]).exists():
                continue
            logo = sponsor_logo(
                monogram=data["monogram"], name=data["name"], colours=tuple(data["colours"])
            )
            sponsor = Sponsor(
                name=data["name"],
                url=data["url"],
                tier=data["tier"],
                order=data["order"],
                active_from=timezone.localdate() - timedelta(days=400),
                logo=ContentFile(logo, name="logo.png"),
            )
            sponsor_save(sponsor=sponsor)

    # --- generated articles (--articles N) -------------------------------------------------

    def _generated(self, count: int, sections, bylines, *, editor: User) -> int:
        """Insert the generated articles 1..``count`` that are missing, in batches.

        ``bulk_create`` skips ``article_save``, so what that service keeps is kept here for
        the new rows: the search vectors come from the database trigger as for any insert;
        an address a new live article takes is taken from any old redirect there (as
        ``_keep_old_addresses`` does); the archive's month list is rebuilt. A generated
        article is new: it has no earlier address and no revision history.

        On PostgreSQL, outside a transaction, batches go to one worker process per core (the
        trigger's text analysis is most of the cost); elsewhere they run here, one by one.
        """
        started = time.monotonic()
        slugs = {number: bulk.describe(number).slug for number in range(1, count + 1)}
        existing = _existing_slugs(list(slugs.values()))
        missing = [number for number, slug in slugs.items() if slug not in existing]
        if not missing:
            self.stdout.write(f"All {count:,} generated articles are there already.")
            return 0
        plan = _Plan(
            count=count,
            anchor=_anchor(slugs, existing),
            sections={slug: section.pk for slug, section in sections.items()},
            bylines={slug: byline.pk for slug, byline in bylines.items()},
            editor=editor.pk,
            pictures=_pictures(),
        )
        batches = [
            (plan, missing[start : start + BATCH_SIZE])
            for start in range(0, len(missing), BATCH_SIZE)
        ]
        jobs = os.cpu_count() or 1
        parallel = (
            connection.vendor == "postgresql"
            and not connection.in_atomic_block
            and jobs > 1
            and len(batches) > 2
        )
        inserted = 0
        if parallel:
            connections.close_all()  # each worker opens its own
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                for done in pool.imap_unordered(_insert_batch, batches):
                    inserted = self._progress(inserted, done, len(missing), started)
        else:
            for batch in batches:
                inserted = self._progress(inserted, _insert_batch(batch), len(missing), started)
        archive_months_rebuild()
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # Fresh statistics for the planner and a visibility map for index-only scans.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE articles_article")
        self.stdout.write(
            f"Inserted {inserted:,} generated articles in {time.monotonic() - started:.0f} s."
        )
        return inserted

    def _progress(self, inserted: int, done: int, total: int, started: float) -> int:
        if (inserted + done) // 10_000 > inserted // 10_000 or inserted + done == total:
            self.stdout.write(
                f"  {inserted + done:,} of {total:,} generated articles inserted "
                f"({time.monotonic() - started:.0f} s)"
            )
        return inserted + done


@dataclass(frozen=True)
class _Plan:
    """What every batch of generated articles needs, as plain values (sent to workers)."""

    count: int
    anchor: datetime
    sections: dict[str, int]
    bylines: dict[str, int]
    editor: int
    pictures: list[dict]


def _existing_slugs(slugs: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(slugs), 5_000):
        chunk = slugs[start : start + 5_000]
        found.update(Article.objects.filter(slug__in=chunk).values_list("slug", flat=True))
    return found


def _anchor(slugs: dict[int, str], existing: set[str]) -> datetime:
    """The moment article 0 would stand at: from the newest generated article already stored,
    so a later run puts new numbers where the first run would have; else now."""
    for number, slug in slugs.items():
        if slug in existing:
            return bulk.anchor_from(number, Article.objects.get(slug=slug).publish_at)
    return timezone.now().replace(second=0, microsecond=0)


def _pictures() -> list[dict]:
    """The hand-written demo's stored pictures (featured image and card), to reuse."""
    demo_slugs = [data["slug"] for data in content.ARTICLES if data.get("image")]
    return list(
        Article.objects.filter(slug__in=demo_slugs)
        .exclude(image="")
        .exclude(image_card="")
        .order_by("slug")
        .values(
            "image", "image_width", "image_height", "image_card", "card_width", "card_height",
            "image_alt", "image_caption", "image_credit",
        )
    )  # fmt: skip


def _insert_batch(job: tuple[_Plan, list[int]]) -> int:
    """Insert one batch of generated articles in one transaction; returns how many."""
    plan, numbers = job
    articles = [_generated_article(number, plan) for number in numbers]
    with transaction.atomic():
        Article.objects.bulk_create(articles, batch_size=BATCH_SIZE)
        paths = [_address(article.slug, article.publish_at) for article in articles]
        ArticleRedirect.objects.filter(old_path__in=paths).delete()
    return len(articles)


def _address(slug: str, publish_at: datetime) -> str:
    """``Article.get_absolute_url`` without a model instance and ``reverse`` (a third of the
    time of making an article otherwise); ``tests/test_seed_demo.py`` holds them equal."""
    return f"/{timezone.localtime(publish_at):%Y/%m/%d}/{slug}/"


def _generated_article(number: int, plan: _Plan) -> Article:
    rng = random.Random(number)
    older = []
    oldest = min(plan.count, number + 400)  # older articles this run makes (or made)
    picks = range(2 + number % 2) if number < oldest else ()
    for other in sorted({rng.randint(number + 1, oldest) for _ in picks}):
        meta = bulk.describe(other)
        when = bulk.publish_time(plan.anchor, other)
        older.append((_address(meta.slug, when), meta.headline))
    pictures = plan.pictures
    picture = pictures[number % len(pictures)] if pictures and number % 7 else None
    figure = ""
    if picture and number % 3 == 0:
        figure = (
            f'<figure><img src="{settings.MEDIA_URL}{picture["image_card"]}" '
            f'alt="{picture["image_alt"]}" width="{picture["card_width"]}" '
            f'height="{picture["card_height"]}"><figcaption>{picture["image_caption"]}'
            "</figcaption></figure>"
        )
    data = bulk.generate(number, older=older, figure=figure)
    return Article(
        slug=data.slug,
        headline=data.headline,
        standfirst=data.standfirst,
        body=data.body,
        category_id=plan.sections[data.section],
        author_id=plan.bylines[data.byline],
        kind=data.kind,
        access=data.access,
        always_free=data.always_free,
        is_lead=data.is_lead,
        status=Article.Status.PUBLISHED,
        publish_at=bulk.publish_time(plan.anchor, number),
        created_by_id=plan.editor,
        **(picture or {}),
    )
