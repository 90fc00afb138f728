"""`manage.py seed_demo`: a complete demo journal, safe to run twice, logins printed."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Category
from authors.models import Author
from lordspress.core.models import User
from lordspress.pages.models import Page
from lordspress.sponsors.models import Sponsor
from tests.image_files import metadata_problems


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_seed_builds_the_demo_journal_once_and_staff_never_leak(client, settings):
    settings.DEBUG = True
    output = _seed()
    assert "editor@lordspress.example / lordspress-editor" in output
    assert "writer@lordspress.example / lordspress-writer" in output

    counts = {
        "articles": Article.objects.count(),
        "sections": Category.objects.count(),
        "bylines": Author.objects.count(),
        "pages": Page.objects.count(),
        "sponsors": Sponsor.objects.count(),
        "staff": User.objects.filter(is_staff=True).count(),
    }
    assert counts["articles"] >= 30
    assert counts["sections"] == 8
    assert set(Category.objects.values_list("name", flat=True)) == {
        "Diplomacy", "Royalty & Nobility", "Heraldry", "Protocol",
        "History", "Obituaries", "Notices", "Special Reports",
    }  # fmt: skip
    assert not Category.objects.filter(articles__isnull=True).exists()
    assert set(Page.objects.values_list("slug", flat=True)) >= {
        "our-history", "privacy-policy", "cookie-policy",
    }  # fmt: skip
    assert counts["sponsors"] == 3
    assert Author.objects.get(slug="lp-staff-writers").bio.startswith(
        "Writers at Lord’s Press come from a range of professional backgrounds"
    )
    assert Article.objects.scheduled().exists()
    assert Article.objects.exclude(image="").count() >= 28
    # Every picture it stores (featured images, cards, logos) went through the one encoder.
    stored = [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()]
    assert len(stored) >= 2 * 28 + 3
    assert {path.name: metadata_problems(path.read_bytes()) for path in stored} == {
        path.name: [] for path in stored
    }

    # Idempotent: a second run adds nothing and the logins still work.
    _seed()
    assert counts["articles"] == Article.objects.count()
    assert counts["staff"] == User.objects.filter(is_staff=True).count()
    signed_in = client.post(
        "/admin/login/?next=/admin/",
        {"username": "editor@lordspress.example", "password": "lordspress-editor"},
    )
    assert signed_in.status_code == 302 and signed_in["Location"] == "/admin/"
    client.logout()

    # The demo's staff, renamed to sentinels, appear nowhere public.
    User.objects.filter(is_staff=True).update(full_name="Sentinel Staffname")
    urls = ["/", "/feed/", "/feed/atom/", "/sitemap.xml", "/sitemap-news.xml", "/authors/"]
    urls += [a.get_absolute_url() for a in Article.objects.published()]
    urls += [c.get_absolute_url() for c in Category.objects.all()]
    urls += [a.get_absolute_url() for a in Author.objects.all()]
    urls += [p.get_absolute_url() for p in Page.objects.all()]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert "Sentinel Staffname" not in text, url
        for account in ("admin@", "editor@", "writer@"):
            assert f"{account}lordspress.example" not in text, url


@pytest.mark.django_db
def test_seed_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refuses to run with DEBUG off"):
        call_command("seed_demo", stdout=StringIO())


@pytest.mark.django_db
def test_a_second_seed_keeps_what_staff_and_readers_decided_since(settings):
    """Running ``make run`` again must not undo a reader's erasure nor a deactivation."""
    from newsletter.accounts import account_delete
    from newsletter.models import Subscriber
    from newsletter.selectors import is_suppressed

    settings.DEBUG = True
    _seed()
    account_delete(user=User.objects.get(email="member@lordspress.example"))
    editor = User.objects.get(email="editor@lordspress.example")
    editor.is_active = False
    editor.save()

    output = _seed()

    assert not User.objects.filter(email="member@lordspress.example").exists()
    assert not Subscriber.objects.filter(email="member@lordspress.example").exists()
    assert is_suppressed(email="member@lordspress.example")
    assert "member@lordspress.example deleted their account" in output
    assert User.objects.get(email="editor@lordspress.example").is_active is False
    assert "editor@lordspress.example is not an active staff account" in output
