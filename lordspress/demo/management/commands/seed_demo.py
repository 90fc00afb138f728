"""Load the demo journal: sections, bylines, articles with pictures, pages, sponsors and three
staff accounts, so a newcomer sees a working site after `make run`.

Idempotent: rows are found by slug, name or email and created only when missing, so an
editor's changes to demo content survive a second run. Only the demo passwords are reset
each time, so the logins printed at the end always work.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from articles.models import Article, Category, Correction
from articles.services import article_save
from authors.models import Author
from lordspress.core.links import absolute_url
from lordspress.core.models import User
from lordspress.demo import content
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


class Command(BaseCommand):
    help = "Load demo content (idempotent) and print the demo staff logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off. The demo accounts have published passwords.",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "seed_demo creates staff accounts with published passwords, so it refuses to "
                "run with DEBUG off. Use --force only on a throwaway database."
            )
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
