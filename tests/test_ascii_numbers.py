"""Numbers that come from outside are read in ASCII digits only (issue 8: the sanitiser kept
``width="١٢٣"`` and ``width="１２"``, because ``str.isdigit()`` is true for every Unicode
digit; ``int()`` reads them too, ``int("１２") == 12``).

Each entry point is walked, not listed: every number attribute the sanitiser allows, every
paginated view in the URLconf, every public page's canonical link, every admin change and
history page and every key choice in every admin form, the consent form's version and the
editor's upload callback. The spellings come from hypothesis: a number with one or all of
its digits swapped for the same digit of another of Unicode's decimal-digit (Nd) scripts.
"""

import re
import unicodedata
from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.forms import ModelChoiceField, ModelMultipleChoiceField
from django.test import RequestFactory
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consent.models import ConsentRecord
from consent.registry import current_registry
from consent.services import policy_version_publish
from lordspress.core.numbers import is_ascii_number, parse_ascii_number
from lordspress.core.sanitize import ALLOWED_ATTRIBUTES, NUMBER_ATTRIBUTES, sanitize_html
from newsletter.models import NewsletterIssue, Subscriber
from tests import factories
from tests.conftest import make_image_bytes
from tests.consent_support import choose
from tests.journal import build_journal
from tests.project import PROJECT_PACKAGES
from tests.url_walk import Site, routes, valid_value

ASCII_DIGITS = "0123456789"

# A zero of every other decimal-digit script: its family is zero + 0 … zero + 9.
_other_zeros = st.characters(categories=["Nd"]).filter(lambda c: c not in ASCII_DIGITS)
other_zero = _other_zeros.map(lambda c: chr(ord(c) - unicodedata.decimal(c)))


@st.composite
def respelt(draw, number: str) -> str:
    """``number`` (ASCII digits) with some of its digits, at least one, in another script."""
    zero = ord(draw(other_zero))
    swap_all = draw(st.booleans())
    chosen = (
        set(range(len(number)))
        if swap_all
        else {draw(st.integers(0, len(number) - 1))}
        | set(draw(st.lists(st.integers(0, len(number) - 1), max_size=len(number))))
    )
    return "".join(chr(zero + int(d)) if i in chosen else d for i, d in enumerate(number))


SETTINGS = settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# --- the rule ---------------------------------------------------------------------------


@given(text=st.text(alphabet=st.characters(categories=["Nd", "No", "Zs", "Pd"]), max_size=6))
def test_only_ascii_digits_make_a_number(text):
    expected = bool(text) and all(c in ASCII_DIGITS for c in text)
    assert is_ascii_number(text) is expected
    assert parse_ascii_number(text) == (int(text) if expected else None)


# --- HTML attributes --------------------------------------------------------------------

# Attributes the HTML Standard's attribute index types as integers ("valid non-negative
# integer", "valid integer"): any of them the allow-list lets through must be checked.
HTML_NUMBER_ATTRIBUTES = {
    "border", "cols", "colspan", "height", "hspace", "maxlength", "minlength", "rows",
    "rowspan", "size", "span", "start", "tabindex", "value", "vspace", "width",
}  # fmt: skip


def _number_attributes() -> list[tuple[str, str]]:
    allowed_everywhere = ALLOWED_ATTRIBUTES.get("*", set())
    return [
        (tag, attribute)
        for tag, attributes in ALLOWED_ATTRIBUTES.items()
        if tag != "*"
        for attribute in attributes | allowed_everywhere
        if attribute in HTML_NUMBER_ATTRIBUTES
    ]


def test_every_number_attribute_the_sanitiser_allows_is_checked_as_a_number():
    assert _number_attributes(), "the walk found no attribute"
    assert {attribute for _, attribute in _number_attributes()} <= NUMBER_ATTRIBUTES


def _element(tag: str, attribute: str, value: str) -> str:
    inner = {
        "img": f'<img src="/media/uploads/a.png" {attribute}="{value}">',
        "td": f'<table><tbody><tr><td {attribute}="{value}">x</td></tr></tbody></table>',
        "th": f'<table><tbody><tr><th {attribute}="{value}">x</th></tr></tbody></table>',
        "ol": f'<ol {attribute}="{value}"><li>x</li></ol>',
    }
    return inner.get(tag, f'<{tag} {attribute}="{value}">x</{tag}>')


@given(data=st.data())
@settings(max_examples=60, deadline=None)
def test_number_attributes_keep_ascii_digits_only(data):
    tag, attribute = data.draw(st.sampled_from(_number_attributes()))
    number = str(data.draw(st.integers(1, 99999)))
    spelt = data.draw(respelt(number))
    assert f'{attribute}="{number}"' in sanitize_html(_element(tag, attribute, number))
    cleaned = sanitize_html(_element(tag, attribute, spelt))
    assert f"{attribute}=" not in cleaned, cleaned
    for superscript in ("²", "¹²"):  # isdigit() is true for these, int() refuses them
        assert f"{attribute}=" not in sanitize_html(_element(tag, attribute, superscript))


# --- pages and addresses ------------------------------------------------------------------


@pytest.fixture
def site(db):
    journal = build_journal(articles=30, with_images=False)  # more than one page of cards
    subscriber = Subscriber.objects.create(email="reader@example.org", name="A Reader")
    subscriber.consents.create(form="box", privacy_policy_version="1")
    issue = NewsletterIssue.objects.create(subject="The week", introduction="Hello")
    issue.articles.add(journal.article)
    return Site(
        article=journal.article,
        author=journal.authors[0],
        category=journal.categories[0],
        page=journal.pages[0],
        staff=factories.UserFactory(is_staff=True, is_superuser=True),
    )


def _url(route, site) -> str:
    return route.url({slot: valid_value(route, slot, site) for slot in route.slots})


def _view_class(route):
    return getattr(route.callback, "view_class", None)


def _paginated_routes():
    return [
        route
        for route in routes()
        if not route.name.startswith("admin:") and getattr(_view_class(route), "paginate_by", None)
    ]


def _public_routes():
    return [route for route in routes() if not route.name.startswith("admin:")]


# Where a page number is read: ListView's page_kwarg, and Django's sitemap views.
PAGE_PARAMETERS = ("page", "p")


@pytest.fixture
def page_numbered(client, site):
    """Every public address that reads a page number, found by how it answers: page 1 is
    there and page 999999 is not (an address that ignores the parameter answers both)."""
    found = []
    for route in _public_routes():
        url = _url(route, site)
        query = {"q": "succession"} if route.name == "articles:search" else {}
        for name in PAGE_PARAMETERS:
            first = client.get(url, {**query, name: "1"})
            beyond = client.get(url, {**query, name: "999999"})
            if first.status_code == 200 and beyond.status_code == 404:
                found.append((route, url, query, name))
    return found


@SETTINGS
@given(data=st.data())
def test_every_page_number_is_read_in_ascii_digits_only(client, page_numbered, data):
    names = {(route.name, name) for route, _, _, name in page_numbered}
    assert {("sitemap", "p"), ("sitemap-news", "p")} <= names
    assert len({route.name for route, *_ in page_numbered}) >= 8, names
    for route in _paginated_routes():  # every paginated ListView is found
        assert (route.name, "page") in names, route.name
    for _route, url, query, name in page_numbered:
        spelt = data.draw(respelt("1"))
        response = client.get(url, {**query, name: spelt})
        assert response.status_code == 404, (url, name, spelt)


_ADDRESSES = re.compile(r'(?:href|content)="([^"]*)"')


@SETTINGS
@given(data=st.data())
def test_no_page_links_to_a_page_number_as_it_came(client, site, data):
    """The canonical link, og:url and the pagination links name pages by the number shown.
    (A form's "return here" field keeps the whole address as it came: that is not a link.)"""
    spelt = data.draw(respelt("2"))
    encoded = "".join(f"%{byte:02X}" for byte in spelt.encode())
    for route in _public_routes():
        url = _url(route, site)
        response = client.get(url, {"page": spelt})
        assert response.status_code < 500, url
        for address in _ADDRESSES.findall(response.content.decode(errors="replace")):
            assert spelt not in address and encoded not in address.upper(), (url, address)


def test_the_canonical_link_names_the_page_shown(client, site):
    html = client.get("/", {"page": "02"}).content.decode()
    assert '<link rel="canonical" href="https://www.lordspress.example/?page=2">' in html
    html = client.get("/", {"page": "last"}).content.decode()
    assert '<link rel="canonical" href="https://www.lordspress.example/?page=3">' in html
    html = client.get("/authors/", {"page": "2"}).content.decode()  # not paginated
    assert '<link rel="canonical" href="https://www.lordspress.example/authors/">' in html


# --- the admin ------------------------------------------------------------------------------


def _integer_keyed_admins():
    for model, model_admin in admin.site._registry.items():
        if isinstance(model._meta.pk, models.IntegerField):
            yield model, model_admin


@SETTINGS
@given(data=st.data())
def test_admin_pages_find_no_row_by_a_key_in_other_digits(client, site, data):
    client.force_login(site.staff)
    request = RequestFactory().get("/admin/")
    request.user = site.staff
    walked = 0
    for model, model_admin in _integer_keyed_admins():
        row = model._default_manager.order_by("pk").first()
        if row is None:
            continue
        walked += 1
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}"
        spelt = data.draw(respelt(str(row.pk)))
        assert model_admin.get_object(request, spelt) is None, model
        assert model_admin.get_object(request, str(row.pk)) == row, model
        change = client.get(f"{base}/{spelt}/change/")
        assert change.status_code == 302, (model, change.status_code)  # "doesn't exist"
        history = client.get(f"{base}/{spelt}/history/")
        assert history.status_code in {302, 404}, (model, history.status_code)
    assert walked >= 10


@SETTINGS
@given(data=st.data())
def test_admin_forms_refuse_a_key_choice_in_other_digits(site, data):
    request = RequestFactory().get("/admin/")
    request.user = site.staff
    walked = 0
    for _model, model_admin in admin.site._registry.items():
        form = model_admin.get_form(request)
        for field in form.base_fields.values():
            if not isinstance(field, ModelChoiceField):
                continue
            opts = field.queryset.model._meta
            key = opts.get_field(field.to_field_name) if field.to_field_name else opts.pk
            row = field.queryset.order_by("pk").first()
            if row is None or not isinstance(key, models.IntegerField):
                continue
            walked += 1
            value = str(getattr(row, key.attname))
            spelt = data.draw(respelt(value))
            multiple = isinstance(field, ModelMultipleChoiceField)
            good, bad = ([value], [spelt]) if multiple else (value, spelt)
            field.clean(good)
            with pytest.raises(ValidationError):
                field.clean(bad)
    assert walked >= 8


# --- requests that carry a number -----------------------------------------------------------


@pytest.fixture
def two_versions(db):
    build_journal(articles=1, with_images=False)
    policy_version_publish(banner_text="A second version.")
    return current_registry().version


@SETTINGS
@given(data=st.data())
def test_the_consent_form_reads_its_version_in_ascii_digits_only(client, two_versions, data):
    current = two_versions
    assert current == 2
    spelt = data.draw(respelt("1"))
    choose(client, "reject_all", data={"version": "1"})
    assert ConsentRecord.objects.order_by("-pk").first().policy_version.number == 1
    choose(client, "reject_all", data={"version": spelt})
    assert ConsentRecord.objects.order_by("-pk").first().policy_version.number == current


@SETTINGS
@given(data=st.data())
def test_the_editor_upload_callback_is_ascii_digits_only(editor_client, data):
    spelt = data.draw(respelt("12"))
    upload = SimpleUploadedFile("a.png", make_image_bytes(fmt="PNG"), content_type="image/png")
    response = editor_client.post(
        "/ckeditor/upload/?" + urlencode({"CKEditorFuncNum": spelt}),
        {"upload": upload},
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code == 400
    assert spelt not in response.content.decode()


def test_no_code_reads_a_number_with_the_unicode_digit_checks():
    """``isdigit``, ``isdecimal`` and ``isnumeric`` take any script's digits; every number from
    outside goes through ``lordspress.core.numbers`` instead (read from the source, so a new use of
    the kind fails here)."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    offenders = []
    for app in PROJECT_PACKAGES:
        for path in (root / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Attribute) and node.attr in {
                    "isdigit",
                    "isdecimal",
                    "isnumeric",
                }:
                    offenders.append(f"{path.relative_to(root)}:{node.lineno} .{node.attr}()")
    assert offenders == []


@SETTINGS
@given(data=st.data())
def test_every_change_list_reads_page_and_ordering_in_ascii_digits_only(client, site, data):
    """``?p=١`` opened page 1 and ``?o=-١`` sorted by the first column: one list at endless
    addresses. They get the change list's answer to a malformed query, ``?e=1``."""
    client.force_login(site.staff)
    walked = 0
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        if client.get(url, {"p": "1", "o": "-1"}).status_code != 200:
            continue
        for query in ({"p": data.draw(respelt("1"))}, {"o": "-" + data.draw(respelt("1"))}):
            response = client.get(url, query)
            assert response.status_code == 302 and response["Location"].endswith("?e=1"), (
                url,
                query,
            )
        walked += 1
    assert walked >= 10
