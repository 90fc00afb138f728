"""Addresses that enter outside rich text (sponsor, social and privacy-policy links, the
editor's upload callback) obey the same rule as the sanitiser: judged as a browser reads
them. See tests/test_sanitize.py for the rich text itself."""

from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.template import Context, Template

from lordspress.sitesettings.models import SocialLink
from tests.conftest import make_image_bytes
from tests.project import PROJECT_APPS

HOSTILE = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "ftp://files.example/",
    "ftps://files.example/",
    "//evil.example/",
    "/\\evil.example/",
    "/relative/page/",
    "https://www.lordspress.example@evil.example/",
    "https://user:secret@www.college-of-arms.gov.uk/",
    "https://evil.example\\@www.lordspress.example/",
]
FINE = ["https://www.college-of-arms.gov.uk/", "http://example.org/a?b=c#d"]


def _url_fields():
    return [
        pytest.param(field, id=f"{model._meta.label}.{field.name}")
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS
        for field in model._meta.get_fields()
        if isinstance(field, models.URLField)
    ]


@pytest.mark.parametrize("field", _url_fields())
def test_every_address_field_refuses_what_a_browser_would_read_otherwise(field):
    for value in HOSTILE:
        with pytest.raises(ValidationError):
            field.clean(value, None)
    for value in FINE:
        assert field.clean(value, None) == value


def test_there_are_address_fields_to_walk():
    assert len(_url_fields()) >= 3  # sponsors, social links, privacy policies


@pytest.mark.django_db
def test_the_editor_sees_why_an_address_is_refused(client, django_user_model):
    admin = django_user_model.objects.create_superuser("chief@example.org", "a long passphrase")
    client.force_login(admin)
    response = client.post(
        "/admin/sitesettings/sociallink/add/",
        {"label": "X", "url": "ftp://files.example/", "order": 0},
    )
    assert response.status_code == 200
    assert "Only http and https addresses can be linked here." in response.content.decode()
    assert not SocialLink.objects.exists()


UPLOAD = "/ckeditor/upload/"


@pytest.mark.parametrize("callback", ["1);alert(document.domain);//", "1'", "<b>", "1e3", "٣"])
def test_the_upload_callback_runs_no_script_of_the_requests_making(writer_client, callback):
    upload = SimpleUploadedFile("a.png", make_image_bytes(fmt="PNG"), content_type="image/png")
    response = writer_client.post(
        UPLOAD + "?" + urlencode({"CKEditorFuncNum": callback}),
        {"upload": upload},
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "The editor sent a malformed request."
    assert b"<script" not in response.content


def test_the_upload_callback_of_the_editor_still_works(writer_client):
    upload = SimpleUploadedFile("a.png", make_image_bytes(fmt="PNG"), content_type="image/png")
    response = writer_client.post(
        UPLOAD + "?CKEditorFuncNum=12", {"upload": upload}, HTTP_ORIGIN="http://testserver"
    )
    assert response.status_code == 200
    assert b"callFunction(12, '/media/uploads/" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("address", HOSTILE[:5] + ["/\\evil.example/"])
def test_an_embed_takes_no_address_a_browser_would_read_otherwise(address):
    html = Template(
        "{% load consent %}{% consent_embed src=address title='A film' category='marketing' "
        "link=address %}"
    ).render(Context({"address": address}))
    assert "<iframe" not in html and "href=" not in html
    assert "A film" in html  # the placeholder still says what is missing
