"""Images: only real raster images, re-encoded without metadata, under random names."""

import io

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.models import Article
from articles.services import article_save
from lordspress.sponsors.models import Sponsor
from lordspress.sponsors.services import sponsor_save
from tests import factories
from tests.conftest import make_image_bytes

UPLOAD_URL = "/ckeditor/upload/?CKEditorFuncNum=1"


def _jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (3000, 2000), (30, 60, 90))
    exif = Image.Exif()
    exif[0x013B] = "Zebediah Quillfeather"  # Artist
    exif[0x8298] = "Private"  # Copyright
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def _stored_files(settings):
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.django_db
def test_anonymous_and_permissionless_staff_cannot_upload(client, settings):
    upload = SimpleUploadedFile("a.png", make_image_bytes(fmt="PNG"), content_type="image/png")
    response = client.post(UPLOAD_URL, {"upload": upload}, HTTP_ORIGIN="http://testserver")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]

    bare_staff = factories.UserFactory(is_staff=True)
    client.force_login(bare_staff)
    upload.seek(0)
    assert (
        client.post(UPLOAD_URL, {"upload": upload}, HTTP_ORIGIN="http://testserver").status_code
        == 403
    )
    assert _stored_files(settings) == []


def test_writer_uploads_an_image_which_is_reencoded_under_a_random_name(writer_client, settings):
    upload = SimpleUploadedFile("Zebediah-portrait.jpg", _jpeg_with_exif(), "image/jpeg")
    response = writer_client.post(UPLOAD_URL, {"upload": upload}, HTTP_ORIGIN="http://testserver")
    assert response.status_code == 200
    assert b"callFunction(1, '/media/uploads/" in response.content
    files = [p for p in _stored_files(settings) if "_thumb" not in p.name]
    assert len(files) == 1
    stored = files[0]
    assert "zebediah" not in str(stored).lower()
    with Image.open(stored) as image:
        assert image.width <= 2000
        assert not image.getexif()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        (
            "arms.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            "image/svg+xml",
        ),
        ("page.html", b"<html><script>alert(1)</script></html>", "text/html"),
        ("fake.jpg", b"GIF89a<script>alert(1)</script>", "image/jpeg"),
        ("notes.pdf", b"%PDF-1.4 not really", "application/pdf"),
        ("empty.png", b"", "image/png"),
    ],
)
def test_anything_but_a_raster_image_is_refused(
    writer_client, settings, name, content, content_type
):
    upload = SimpleUploadedFile(name, content, content_type)
    response = writer_client.post(UPLOAD_URL, {"upload": upload}, HTTP_ORIGIN="http://testserver")
    assert response.status_code in {200, 400}
    assert b"callFunction(1, '/media" not in response.content
    assert _stored_files(settings) == []


def test_an_upload_without_a_file_gets_a_clear_answer(writer_client):
    response = writer_client.post(UPLOAD_URL, {}, HTTP_ORIGIN="http://testserver")
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Choose an image to upload."


def test_uploads_from_another_site_are_refused(writer_client, settings):
    upload = SimpleUploadedFile("a.png", make_image_bytes(fmt="PNG"), content_type="image/png")
    for headers in ({"HTTP_ORIGIN": "https://evil.example"}, {}):
        upload.seek(0)
        assert writer_client.post(UPLOAD_URL, {"upload": upload}, **headers).status_code == 403
    assert _stored_files(settings) == []


def test_upload_permission_comes_from_the_article_permissions(client, settings, db):
    staff = factories.UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="change_article"))
    client.force_login(staff)
    upload = SimpleUploadedFile("a.png", make_image_bytes(fmt="PNG"), content_type="image/png")
    assert (
        client.post(UPLOAD_URL, {"upload": upload}, HTTP_ORIGIN="http://testserver").status_code
        == 200
    )


@pytest.mark.django_db
def test_featured_images_are_resized_stripped_and_get_a_card_rendition(editor):
    article = factories.ArticleFactory.build(
        category=factories.CategoryFactory(), author=factories.AuthorFactory()
    )
    from django.core.files.base import ContentFile

    article.image = ContentFile(_jpeg_with_exif(), name="Zebediah.jpg")
    article_save(article=article, user=editor)
    article = Article.objects.get(pk=article.pk)
    assert "zebediah" not in article.image.name.lower()
    assert (article.image_width, article.image_height) == (1600, 1067)
    assert article.card_width == 720
    with Image.open(article.image.path) as image:
        assert not image.getexif()


@pytest.mark.django_db
def test_sponsor_logos_are_fitted_into_480_by_240():
    sponsor = Sponsor(
        name="Harcourt & Hallam",
        url="https://www.harcourt-hallam.example/",
        logo=SimpleUploadedFile(
            "logo.png", make_image_bytes((2000, 500), fmt="PNG", color=(0, 0, 0, 0))
        ),
    )
    sponsor_save(sponsor=sponsor)
    sponsor.refresh_from_db()
    assert (sponsor.logo_width, sponsor.logo_height) == (480, 120)
    with Image.open(sponsor.logo.path) as image:
        assert image.mode == "RGBA"  # transparency kept


def test_article_form_refuses_a_non_image_featured_file(editor_client):
    from django.urls import reverse

    from tests.test_admin_workflow import article_form

    section = factories.CategoryFactory()
    byline = factories.AuthorFactory()
    data = article_form(category=section, author=byline, editor=True)
    data["image"] = SimpleUploadedFile("arms.svg", b"<svg onload='x'/>", "image/svg+xml")
    response = editor_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    assert "image" in response.context["adminform"].form.errors
    assert not Article.objects.exists()


def test_a_cross_site_fetch_is_refused_even_with_a_plausible_origin(writer_client, settings):
    upload = SimpleUploadedFile("a.png", make_image_bytes(fmt="PNG"), content_type="image/png")
    response = writer_client.post(
        UPLOAD_URL,
        {"upload": upload},
        HTTP_ORIGIN="http://testserver",
        HTTP_SEC_FETCH_SITE="cross-site",
    )
    assert response.status_code == 403
    assert _stored_files(settings) == []


def test_only_editors_browse_the_uploads_of_every_article(writer_client, editor):
    """The browse window lists images from anyone's drafts; writers see only their own
    articles in the admin, so they are told to upload instead."""
    from django.test import Client

    refused = writer_client.get("/ckeditor/browse/")
    assert refused.status_code == 403
    assert b"Only editors may browse" in refused.content
    editor_client = Client()
    editor_client.force_login(editor)
    assert editor_client.get("/ckeditor/browse/").status_code == 200
