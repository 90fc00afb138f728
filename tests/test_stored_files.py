"""Every model in the admin with a file: saved again unchanged, replaced, cleared and reverted
through its own change form, as staff press the buttons; every stored image holds only pixels;
images over the pixel limit are refused before they are decoded.

The models come from the admin registry and the POST data from the rendered form, so a new
model with a file field is covered here without a new test (it needs a factory in
tests/factories.py, and fails here until it has one).
"""

import hashlib
import io
import resource

import factory
import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse
from PIL import Image
from simple_history.admin import SimpleHistoryAdmin

from tests import factories
from tests.admin_forms import form_entries
from tests.image_files import (
    LADEN_IMAGES,
    huge_png,
    marked_icc_profile,
    metadata_problems,
    plain_jpeg,
)

RED, BLUE = (170, 30, 30), (30, 30, 170)


def _file_fields(model) -> list[models.FileField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


MODELS_WITH_FILES = [model for model in admin.site._registry if _file_fields(model)]
HISTORY_MODELS_WITH_FILES = [
    model
    for model in MODELS_WITH_FILES
    if isinstance(admin.site._registry[model], SimpleHistoryAdmin)
]


def _label(model) -> str:
    return model._meta.label


def _factory_for(model):
    for candidate in vars(factories).values():
        if (
            isinstance(candidate, type)
            and issubclass(candidate, factory.django.DjangoModelFactory)
            and candidate._meta.model is model
        ):
            return candidate
    names = ", ".join(f.name for f in _file_fields(model))
    pytest.fail(
        f"{_label(model)} is in the admin and has file fields ({names}), but tests/factories.py "
        "has no factory for it: add one, so its change form is tested with a stored file."
    )


def _stored_object(model, colour=RED):
    """An object whose every file field holds a real stored image."""
    files = {
        f.name: ContentFile(plain_jpeg(colour=colour), name=f"{f.name}.jpg")
        for f in _file_fields(model)
    }
    obj = _factory_for(model)(**files)
    obj.refresh_from_db()
    for field in _file_fields(model):
        assert getattr(obj, field.name), f"{_label(model)}.{field.name} was not stored"
    return obj


def _stored_names(obj) -> dict[str, str]:
    """The stored names, read afresh (``refresh_from_db`` would make Django re-read images)."""
    row = type(obj)._default_manager.values(*[f.name for f in _file_fields(type(obj))])
    return row.get(pk=obj.pk)


def _media(settings) -> dict[str, str]:
    """Every stored file (path relative to MEDIA_ROOT) and a digest of its bytes."""
    root = settings.MEDIA_ROOT
    if not root.exists():
        return {}
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


def _change_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def _form(client, url, model):
    """What the browser would send from the page at ``url``: the admin names the form after
    the model (for a revision: after its historical model)."""
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    data, file_inputs = form_entries(html, form_id=f"{model._meta.model_name}_form")
    return data, file_inputs, html


def _errors(response) -> str:
    context = response.context
    if context is None:
        return f"status {response.status_code}"
    found = [dict(context["adminform"].form.errors)] if "adminform" in context else []
    for formset in context.get("inline_admin_formsets", []):
        found += [e for e in formset.formset.errors if e]
        found += formset.formset.non_form_errors()
    return repr(found)


def _press_save(client, url, data, files=None, *, button="_continue"):
    """ "Save and continue editing" (or ``button``): the form is stored and reopened."""
    response = client.post(url, {**data, **(files or {}), button: "pressed"})
    assert response.status_code == 302, _errors(response)
    return response


def _upload(kind: str) -> SimpleUploadedFile:
    name, build, content_type = LADEN_IMAGES[kind]
    return SimpleUploadedFile(name, build(), content_type)


def _colour_of(field_file) -> tuple[int, ...]:
    field_file.open("rb")
    try:
        with Image.open(field_file) as image:
            return image.convert("RGB").getpixel((1, 1))
    finally:
        field_file.close()


def _close_to(colour, expected, tolerance=24) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected, strict=True))


def test_the_registry_walk_covers_the_image_fields():
    """The walk is not empty: the models the issue names are in it."""
    labels = {_label(model) for model in MODELS_WITH_FILES}
    assert {"articles.Article", "sponsors.Sponsor", "authors.Author"} <= labels
    assert "articles.Article" in {_label(model) for model in HISTORY_MODELS_WITH_FILES}


# --- saving again what was saved before ------------------------------------------------------


@pytest.mark.parametrize("model", MODELS_WITH_FILES, ids=_label)
def test_an_object_with_a_stored_image_saves_again_unchanged(admin_client, settings, model):
    """Open, press "Save and continue editing", change nothing: saved, and no file touched."""
    obj = _stored_object(model)
    names = _stored_names(obj)
    stored = _media(settings)
    url = _change_url(obj)
    data, file_inputs, _ = _form(admin_client, url, model)
    assert file_inputs, "the change form shows no file input"

    _press_save(admin_client, url, data)
    _press_save(admin_client, url, _form(admin_client, url, model)[0])

    assert _stored_names(obj) == names
    assert _media(settings) == stored  # nothing re-encoded, nothing new, nothing orphaned


@pytest.mark.parametrize("model", MODELS_WITH_FILES, ids=_label)
def test_an_object_whose_stored_file_went_missing_still_saves(admin_client, settings, model):
    """A file lost from storage (media not copied with a database, a failed disk) must not
    turn every save of the object into a server error: the rest of it can still be edited."""
    obj = _stored_object(model)
    names = _stored_names(obj)
    url = _change_url(obj)
    data, _, _ = _form(admin_client, url, model)
    for name in names.values():
        (settings.MEDIA_ROOT / name).unlink()

    _press_save(admin_client, url, data)

    assert _stored_names(obj) == names


def test_an_editor_saves_an_illustrated_article_and_a_sponsor_unchanged(editor_client, settings):
    """The issue's own steps, as an editor rather than a superuser."""
    article = _stored_object(factories.ArticleFactory._meta.model)
    sponsor = _stored_object(factories.SponsorFactory._meta.model)
    stored = _media(settings)
    for obj in (article, sponsor):
        url = _change_url(obj)
        _press_save(editor_client, url, _form(editor_client, url, type(obj))[0])
    assert _media(settings) == stored


# --- replacing, and the save after ----------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(LADEN_IMAGES))
@pytest.mark.parametrize("model", MODELS_WITH_FILES, ids=_label)
def test_a_replaced_image_is_stored_as_pixels_only_and_kept_by_the_next_save(
    admin_client, settings, model, kind
):
    obj = _stored_object(model)
    before = _media(settings)
    url = _change_url(obj)
    data, file_inputs, _ = _form(admin_client, url, model)

    _press_save(admin_client, url, data, {name: _upload(kind) for name in file_inputs})

    after = _media(settings)
    new_files = sorted(set(after) - set(before))
    assert new_files, "the new image was not stored"
    for path in new_files:
        assert metadata_problems((settings.MEDIA_ROOT / path).read_bytes()) == [], path
    names = _stored_names(obj)
    assert all(names[name] in new_files for name in file_inputs)

    _press_save(admin_client, url, _form(admin_client, url, model)[0])
    assert _stored_names(obj) == names
    assert _media(settings) == after


def test_an_articles_card_follows_its_new_image_and_old_files_stay_for_the_history(
    editor_client, settings
):
    article = _stored_object(factories.ArticleFactory._meta.model, colour=RED)
    old = _stored_names(article)
    url = _change_url(article)
    data, _, _ = _form(editor_client, url, type(article))
    picture = SimpleUploadedFile("blue.jpg", plain_jpeg((2400, 1200), BLUE), "image/jpeg")

    _press_save(editor_client, url, data, {"image": picture})
    _press_save(editor_client, url, _form(editor_client, url, type(article))[0])

    article.refresh_from_db()
    assert article.image.name != old["image"] and article.image_card.name != old["image_card"]
    assert (article.image_width, article.image_height) == (1600, 800)
    assert (article.card_width, article.card_height) == (720, 360)
    assert _close_to(_colour_of(article.image), BLUE)
    assert _close_to(_colour_of(article.image_card), BLUE)
    # The revisions still point at the old image and card, so they stay in storage.
    for name in old.values():
        assert (settings.MEDIA_ROOT / name).exists()


def test_a_phone_photo_stays_upright_and_keeps_its_colours(editor):
    """Stripping the EXIF must not lose what it said about orientation, nor the profile the
    colours: the picture is turned upright and converted to sRGB first."""
    from articles.services import article_save

    photo = Image.new("RGB", (80, 40), RED)
    exif = Image.Exif()
    exif[0x0112] = 6  # the camera was turned: show it rotated 90° clockwise
    buffer = io.BytesIO()
    photo.save(buffer, format="JPEG", exif=exif, icc_profile=marked_icc_profile(), quality=95)
    article = factories.ArticleFactory()
    article.image = ContentFile(buffer.getvalue(), name="phone.jpg")
    article_save(article=article, user=editor)

    article.refresh_from_db()
    assert (article.image_width, article.image_height) == (40, 80)
    assert _close_to(_colour_of(article.image), RED)
    with article.image.storage.open(article.image.name) as stored:
        assert metadata_problems(stored.read()) == []


# --- clearing ---------------------------------------------------------------------------------


@pytest.mark.parametrize("model", MODELS_WITH_FILES, ids=_label)
def test_clearing_removes_an_optional_image_and_cannot_remove_a_required_one(
    admin_client, settings, model
):
    obj = _stored_object(model)
    names = _stored_names(obj)
    url = _change_url(obj)
    data, file_inputs, html = _form(admin_client, url, model)
    optional = [name for name in file_inputs if f'name="{name}-clear"' in html]
    required = [name for name in file_inputs if name not in optional]

    _press_save(admin_client, url, {**data, **{f"{name}-clear": "on" for name in file_inputs}})

    obj.refresh_from_db()
    for name in optional:
        assert not getattr(obj, name), f"{name} was not cleared"
    for name in required:
        assert getattr(obj, name).name == names[name]


def test_clearing_an_articles_image_clears_its_card_and_sizes(editor_client):
    article = _stored_object(factories.ArticleFactory._meta.model)
    url = _change_url(article)
    data, _, _ = _form(editor_client, url, type(article))
    _press_save(editor_client, url, {**data, "image-clear": "on"})
    article.refresh_from_db()
    assert not article.image and not article.image_card
    assert [article.image_width, article.image_height, article.card_width] == [None] * 3


# --- history → revert ------------------------------------------------------------------------


@pytest.mark.parametrize("model", HISTORY_MODELS_WITH_FILES, ids=_label)
def test_reverting_restores_the_stored_image_of_the_revision(admin_client, settings, model):
    obj = _stored_object(model, colour=RED)
    original = obj.history.earliest("history_date")
    first_names = _stored_names(obj)
    url = _change_url(obj)
    data, file_inputs, _ = _form(admin_client, url, model)
    _press_save(admin_client, url, data, {name: _upload("jpeg") for name in file_inputs})
    assert _stored_names(obj) != first_names
    stored = _media(settings)

    opts = model._meta
    revert_url = reverse(
        f"admin:{opts.app_label}_{opts.model_name}_simple_history",
        args=[obj.pk, original.history_id],
    )
    revert_form = _form(admin_client, revert_url, type(original))[0]
    _press_save(admin_client, revert_url, revert_form, button="_save")  # "Revert"

    assert _stored_names(obj) == first_names
    assert _media(settings) == stored  # the revision's files are used again, not copied


# --- the pixel limit ---------------------------------------------------------------------------


def _peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


OVERSIZED = {
    # In Pillow's warning band (40–80 megapixels): the 231 KB PNG.
    "11000x7200": (lambda: huge_png(11000, 7200), "11,000 × 7,200 pixels"),
    # Pillow refuses this one itself; the message must still say why.
    "12000x12000": (lambda: huge_png(12000, 12000, bilevel=True), "more than 80 megapixels"),
    # The header alone decides: the pixel data stops after ten rows.
    "truncated": (lambda: huge_png(11000, 7200, rows=10), "11,000 × 7,200 pixels"),
}


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize("oversized", sorted(OVERSIZED))
@pytest.mark.parametrize("model", MODELS_WITH_FILES, ids=_label)
def test_an_image_over_the_pixel_limit_is_refused_before_decoding(
    admin_client, settings, model, oversized
):
    build, message = OVERSIZED[oversized]
    content = build()
    obj = _stored_object(model)
    names = _stored_names(obj)
    stored = _media(settings)
    url = _change_url(obj)
    data, file_inputs, _ = _form(admin_client, url, model)
    peak = _peak_memory_mb()

    response = admin_client.post(
        url,
        {
            **data,
            **{name: SimpleUploadedFile("big.png", content, "image/png") for name in file_inputs},
        },
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    for name in file_inputs:
        assert message in " ".join(errors.get(name, [])), errors
        assert "the most we accept is 40 megapixels" in errors[name][0]
    assert _peak_memory_mb() - peak < 100  # decoding 11,000 × 7,200 would take over 300 MB
    assert _stored_names(obj) == names
    assert _media(settings) == stored


NOT_IMAGES = {
    "svg": (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "not an image"),
    "html": (b"<html><script>alert(1)</script></html>", "not an image"),
    "pdf": (b"%PDF-1.4 not really", "not an image"),
    "empty": (b"", "The submitted file is empty."),
    "truncated-jpeg": (plain_jpeg(size=(400, 300))[:300], "not an image"),
}


@pytest.mark.parametrize("kind", sorted(NOT_IMAGES))
@pytest.mark.parametrize("model", MODELS_WITH_FILES, ids=_label)
def test_a_file_that_is_not_an_image_gets_a_clear_message(admin_client, settings, model, kind):
    content, message = NOT_IMAGES[kind]
    obj = _stored_object(model)
    stored = _media(settings)
    url = _change_url(obj)
    data, file_inputs, _ = _form(admin_client, url, model)

    response = admin_client.post(
        url,
        {**data, **{name: SimpleUploadedFile(f"{kind}.jpg", content) for name in file_inputs}},
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    for name in file_inputs:
        assert message in " ".join(errors.get(name, [])), errors
    assert _media(settings) == stored


def test_the_pixel_limit_is_one_setting_with_its_edge_accepted(admin_client, settings):
    settings.MAX_IMAGE_PIXELS = 2_000_000
    sponsor = _stored_object(factories.SponsorFactory._meta.model)
    url = _change_url(sponsor)
    data, _, _ = _form(admin_client, url, type(sponsor))

    at_limit = SimpleUploadedFile("edge.jpg", plain_jpeg(size=(2000, 1000)), "image/jpeg")
    _press_save(admin_client, url, data, {"logo": at_limit})

    over = SimpleUploadedFile("over.jpg", plain_jpeg(size=(2100, 1000)), "image/jpeg")
    response = admin_client.post(url, {**data, "logo": over})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["logo"] == [
        "The image is 2,100 × 1,000 pixels (2.1 megapixels); the most we accept is "
        "2 megapixels. Please upload a smaller version."
    ]


# --- the editor's uploads ----------------------------------------------------------------------

UPLOAD_URL = "/ckeditor/upload/?CKEditorFuncNum=1"


@pytest.mark.parametrize("kind", sorted(LADEN_IMAGES))
def test_editor_uploads_and_their_thumbnails_hold_only_pixels(writer_client, settings, kind):
    response = writer_client.post(
        UPLOAD_URL, {"upload": _upload(kind)}, HTTP_ORIGIN="http://testserver"
    )
    assert b"callFunction(1, '/media/uploads/" in response.content
    stored = sorted(_media(settings))
    assert len(stored) == 2, stored  # the image and the browse dialog's thumbnail
    for path in stored:
        assert metadata_problems((settings.MEDIA_ROOT / path).read_bytes()) == [], path
    image, thumbnail = sorted(stored, key=lambda path: "_thumb" in path)
    with Image.open(settings.MEDIA_ROOT / thumbnail) as small:
        assert max(small.size) <= 75
        assert small.format == {".jpg": "JPEG", ".png": "PNG"}[thumbnail[-4:]]
    assert image[-4:] == thumbnail[-4:]


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize("oversized", sorted(OVERSIZED))
def test_an_editor_upload_over_the_pixel_limit_is_refused_with_the_reason(
    writer_client, settings, oversized
):
    build, message = OVERSIZED[oversized]
    peak = _peak_memory_mb()
    response = writer_client.post(
        UPLOAD_URL,
        {"upload": SimpleUploadedFile("big.png", build(), "image/png")},
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert b"callFunction(1, ''" in response.content
    assert _peak_memory_mb() - peak < 100
    assert _media(settings) == {}
