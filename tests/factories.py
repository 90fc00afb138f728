from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from articles.models import Article, Category, Correction
from articles.services import archive_month_of, archive_months_refresh
from authors.models import Author
from lordspress.core.models import User
from lordspress.pages.models import Page
from lordspress.sponsors.models import Sponsor
from lordspress.weather.models import WeatherReading
from newsletter.models import NewsletterIssue


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")
    description = "A section of the journal."
    order = factory.Sequence(lambda n: n)


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"A.{n}.")
    slug = factory.Sequence(lambda n: f"a-{n}")
    kind = Author.Kind.INITIALS
    bio = "Writes on precedence and the forms of address."


class ArticleFactory(factory.django.DjangoModelFactory):
    """A live article by default; pass status/publish_at for drafts and schedules."""

    class Meta:
        model = Article

    headline = factory.Sequence(lambda n: f"The succession to the barony, part {n}")
    slug = factory.Sequence(lambda n: f"succession-to-the-barony-{n}")
    standfirst = "The claim was heard by the Committee for Privileges."
    body = "<p>The committee met on Tuesday.</p><p>It will report in the spring.</p>"
    category = factory.SubFactory(CategoryFactory)
    author = factory.SubFactory(AuthorFactory)
    kind = Article.Kind.NEWS
    status = Article.Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=3))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Saved as the services would leave it: its month of the archive recounted
        (``articles.services.article_save`` does that on every save)."""
        article = super()._create(model_class, *args, **kwargs)
        if article.publish_at is not None:
            archive_months_refresh(months=[archive_month_of(when=article.publish_at)])
        return article


class CorrectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Correction

    article = factory.SubFactory(ArticleFactory)
    text = "An earlier version of this article misstated the date of the investiture."


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page
        django_get_or_create = ("slug",)

    title = "Our History"
    slug = "our-history"
    body = "<p>Founded in London.</p>"


class SponsorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sponsor

    name = factory.Sequence(lambda n: f"Harcourt & Hallam {n}")
    url = "https://www.harcourt-hallam.example/"
    logo = factory.django.ImageField(width=600, height=300, format="PNG")
    active_from = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=10))


class WeatherReadingFactory(factory.django.DjangoModelFactory):
    """The single stored reading (pk=1), fetched just now unless told otherwise."""

    class Meta:
        model = WeatherReading
        django_get_or_create = ("id",)

    id = 1
    provider = WeatherReading.Provider.OPENWEATHERMAP
    location = "London, UK"
    condition = "broken clouds"
    temperature_c = Decimal("12.2")
    humidity_percent = 79
    wind_kmh = Decimal("18.5")
    fetched_at = factory.LazyFunction(timezone.now)
    observed_at = factory.LazyAttribute(lambda o: o.fetched_at)
    last_attempt_at = factory.LazyAttribute(lambda o: o.fetched_at)


class NewsletterIssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsletterIssue

    subject = factory.Sequence(lambda n: f"The week in precedence, no. {n}")
    introduction = "Three investitures and a disputed barony."
