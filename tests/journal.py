"""A small but complete journal for page-level tests, and the list of its public addresses.

Staff carry sentinel names and addresses so tests can prove they never reach public output.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.services import article_save
from lordspress.sitesettings.models import SocialLink
from tests import factories
from tests.conftest import make_image_bytes

SENTINEL_NAME = "Zebediah Quillfeather"
SENTINEL_EMAIL = "zq.secret-writer@private-mail.example"
SENTINEL_LOGIN_PART = "zq.secret-writer"


@dataclass
class Journal:
    articles: list = field(default_factory=list)
    categories: list = field(default_factory=list)
    authors: list = field(default_factory=list)
    pages: list = field(default_factory=list)
    staff: list = field(default_factory=list)

    @property
    def article(self):
        return self.articles[0]

    def public_urls(self) -> list[str]:
        article = self.article
        when = timezone.localtime(article.publish_at)
        urls = [
            "/",
            "/?page=2",
            article.get_absolute_url(),
            reverse("articles:archive"),
            reverse("articles:archive-year", args=[f"{when:%Y}"]),
            reverse("articles:archive-month", args=[f"{when:%Y}", f"{when:%m}"]),
            reverse("articles:search") + "?q=succession",
            reverse("articles:search"),
            reverse("articles:feed"),
            reverse("articles:feed-atom"),
            reverse("authors:list"),
            reverse("newsletter:signup"),
            reverse("newsletter:check-inbox"),
            reverse("sitemap"),
            reverse("sitemap-sections"),
            reverse("sitemap-authors"),
            reverse("sitemap-pages"),
            reverse("articles:sitemap-month", args=[f"{when:%Y}", f"{when:%m}"]),
            reverse("sitemap-news"),
            reverse("robots"),
            reverse("security-txt"),
        ]
        for category in self.categories:
            urls += [
                category.get_absolute_url(),
                reverse("articles:section-feed", args=[category.slug]),
                reverse("articles:section-feed-atom", args=[category.slug]),
            ]
        urls += [author.get_absolute_url() for author in self.authors]
        urls += [page.get_absolute_url() for page in self.pages]
        return urls


def build_journal(*, articles: int = 16, with_images: bool = True) -> Journal:
    journal = Journal()
    staff = factories.UserFactory(
        email=SENTINEL_EMAIL, full_name=SENTINEL_NAME, is_staff=True, is_superuser=False
    )
    staff.groups.add(Group.objects.get(name="Editors"))
    journal.staff.append(staff)
    journal.categories = [
        factories.CategoryFactory(name="Diplomacy", slug="diplomacy", order=1),
        factories.CategoryFactory(name="Heraldry", slug="heraldry", order=2),
        factories.CategoryFactory(name="Notices", slug="notices", order=3),
    ]
    collective = factories.AuthorFactory(
        name="LP Staff Writers", slug="lp-staff-writers", kind="collective"
    )
    initials = factories.AuthorFactory(name="J.R.", slug="j-r")
    collective.users.add(staff)
    initials.users.add(staff)
    journal.authors = [collective, initials]
    now = timezone.now()
    for index in range(articles):
        article = Article(
            headline=f"The succession to the barony of Wrexley, part {index}",
            slug=f"succession-wrexley-{index}",
            standfirst="The Committee for Privileges heard the claim.",
            body="<p>The committee met on Tuesday.</p><h2>The claim</h2><p>It will report.</p>",
            category=journal.categories[index % 3],
            author=journal.authors[index % 2],
            kind=[Article.Kind.NEWS, Article.Kind.SPECIAL_REPORT, Article.Kind.NOTICE][index % 3],
            status=Article.Status.PUBLISHED,
            publish_at=now - timedelta(hours=5 + index * 30),
            is_lead=index == 1,
        )
        if with_images and index < 4:
            article.image = ContentFile(make_image_bytes(), name=f"{SENTINEL_LOGIN_PART}.jpg")
            article.image_alt = "A shield azure, a chevron or"
            article.image_caption = "The arms as granted"
            article.image_credit = "Illustration: Lord’s Press"
        article_save(article=article, user=staff)
        journal.articles.append(article)
    factories.CorrectionFactory(article=journal.articles[0])
    journal.pages = [
        factories.PageFactory(title="Our History", slug="our-history"),
        factories.PageFactory(title="Privacy Policy", slug="privacy-policy"),
        factories.PageFactory(title="Cookie Policy", slug="cookie-policy"),
    ]
    factories.SponsorFactory(name="Harcourt & Hallam")
    SocialLink.objects.create(label="X", url="https://x.com/lordspress", order=1)
    return journal
