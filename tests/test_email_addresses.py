"""Addresses we would mail: one rule (lordspress.core.addresses) wherever an address is accepted.

The walks below find every email field in the project's forms, its admin's forms and its
models, so a new form or model with an email field is covered without a new test.
"""

import importlib
import pkgutil

import pytest
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from lordspress.core.addresses import (
    SPECIAL_USE_DOMAINS,
    UNDELIVERABLE_MESSAGE,
    canonical_email,
    is_mailable,
    validate_mailable_email,
)
from lordspress.outbox.models import OutboundEmail
from lordspress.outbox.services import outbox_queue, outbox_queue_many
from newsletter.imports import subscribers_import
from newsletter.models import Subscriber
from tests import factories
from tests.project import PROJECT_PACKAGES

UNDELIVERABLE = [
    "reader@[127.0.0.1]",
    "reader@[IPv6:::1]",
    "reader@[10.0.0.7]",
    "reader@localhost",
    "reader@intranet",
    "reader@mail.localhost",
    "reader@nowhere.invalid",
    "reader@printer.local",
    "reader@box.localdomain",
    "reader@router.home.arpa",
    "reader@mail.corp.internal",
    "reader@duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion",
    "reader@nas.lan",
]
# A sign-in form names an existing account; it sends nothing to what is typed, and refusing
# an address there would lock out an account stored before the rule. Nothing else is exempt.
NOT_FOR_MAILING = {("newsletter.forms", "MemberLoginForm", "username")}


def _import_project_modules() -> None:
    for package_name in PROJECT_PACKAGES:
        package = importlib.import_module(package_name)
        for module in pkgutil.walk_packages(package.__path__, f"{package_name}."):
            if ".migrations" in module.name or module.name.endswith(("wsgi", "asgi")):
                continue
            importlib.import_module(module.name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _project_form_email_fields():
    _import_project_modules()
    found = []
    for form_class in set(_subclasses(forms.BaseForm)):
        if not form_class.__module__.startswith(PROJECT_PACKAGES):
            continue
        for name, field in getattr(form_class, "base_fields", {}).items():
            if isinstance(field, forms.EmailField):
                found.append((form_class.__module__, form_class.__name__, name, field))
    return found


def _admin_form_classes(request):
    for model, model_admin in admin.site._registry.items():
        for obj in (None, model()):
            yield f"{model.__name__} admin", model_admin.get_form(request, obj)
            for inline in model_admin.get_inline_instances(request, obj):
                yield f"{model.__name__} inline", inline.get_formset(request, obj).form


def _refuses(field, address) -> bool:
    try:
        field.clean(address)
    except ValidationError:
        return True
    return False


@pytest.mark.parametrize("address", UNDELIVERABLE)
def test_every_email_field_in_the_projects_forms_refuses_undeliverable_addresses(address):
    fields = _project_form_email_fields()
    names = {(module, form, name) for module, form, name, _ in fields}
    assert ("newsletter.forms", "SubscribeForm", "email") in names  # the walk finds forms
    assert ("newsletter.forms", "EmailOnlyForm", "email") in names
    accepting = [
        f"{module}.{form}.{name}"
        for module, form, name, field in fields
        if (module, form, name) not in NOT_FOR_MAILING and not _refuses(field, address)
    ]
    assert accepting == []


@pytest.mark.django_db
@pytest.mark.parametrize("address", UNDELIVERABLE)
def test_every_email_field_in_the_admins_forms_refuses_undeliverable_addresses(address):
    request = RequestFactory().get("/admin/")
    request.user = factories.UserFactory(is_staff=True, is_superuser=True)
    checked, accepting = [], []
    for where, form_class in _admin_form_classes(request):
        for name, field in form_class.base_fields.items():
            if isinstance(field, forms.EmailField):
                checked.append(f"{where}.{name}")
                if not _refuses(field, address):
                    accepting.append(f"{where}.{name}")
    assert {"User admin.email", "SiteSettings admin.contact_email"} <= set(checked)
    assert accepting == []


@pytest.mark.parametrize("address", UNDELIVERABLE)
def test_every_email_field_on_the_projects_models_refuses_undeliverable_addresses(address):
    from django.apps import apps

    checked, accepting = [], []
    for model in apps.get_models():
        if not model.__module__.startswith(PROJECT_PACKAGES):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.EmailField):
                checked.append(f"{model.__name__}.{field.name}")
                try:
                    field.run_validators(address)
                except ValidationError:
                    continue
                accepting.append(f"{model.__name__}.{field.name}")
    assert {"User.email", "Subscriber.email", "OutboundEmail.to"} <= set(checked)
    assert accepting == []


@pytest.mark.parametrize(
    "address",
    [
        "reader@example.org",
        "Lady.Agatha+news@Example.CO.UK",
        "reader@müller.de",
        "a@xn--bcher-kva.ch",
    ],
)
def test_ordinary_addresses_still_pass(address):
    validate_mailable_email(address)


@given(
    local=st.text(min_size=1, max_size=30),
    domain=st.one_of(
        st.text(max_size=40),
        st.ip_addresses().map(lambda ip: f"[{ip}]"),
        st.ip_addresses(v=4).map(str),
        st.sampled_from(["localhost", "x.localhost", "x.invalid", "x.local", "example.org"]),
    ),
)
def test_the_rule_only_ever_says_valid_or_a_clear_validation_error(local, domain):
    """Hostile input: whatever is typed, the rule answers with a ValidationError (never
    another exception), and nothing it accepts points at a machine instead of a domain."""
    address = f"{local}@{domain}"
    try:
        validate_mailable_email(address)
    except ValidationError as error:
        assert error.code in {"invalid", "undeliverable", "local_part"}
        return
    host = canonical_email(address).rsplit("@", 1)[1]  # the rule judges the canonical form
    assert not host.startswith("[") and "." in host
    assert host.rsplit(".", 1)[1] not in SPECIAL_USE_DOMAINS  # each is a top-level name
    assert not host.replace(".", "").isdigit()


LABELS = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True)


@given(
    special=st.sampled_from(sorted(SPECIAL_USE_DOMAINS)),
    labels=st.lists(LABELS, min_size=1, max_size=3),
    spell=st.sampled_from([str, str.upper, str.title, lambda text: text.replace(".", "\u3002")]),
)
def test_no_name_under_a_special_use_domain_is_mailable(special, labels, spell):
    """Every name in the list, and every name under it, however it is spelled."""
    address = spell(f"reader@{'.'.join(labels)}.{special}")
    with pytest.raises(ValidationError) as refused:
        validate_mailable_email(address)
    assert refused.value.code == "undeliverable"


def test_every_special_use_domain_says_where_it_comes_from():
    assert {"localhost", "invalid", "local", "localdomain", "internal", "arpa", "onion"} <= set(
        SPECIAL_USE_DOMAINS
    )
    for name, source in SPECIAL_USE_DOMAINS.items():
        assert name == canonical_email(name) and "." not in name  # one label, as compared
        assert "RFC" in source or "ICANN" in source or "/etc/hosts" in source, name


def test_names_for_testing_and_documentation_stay_mailable():
    """RFC 6761 §6.2 and §6.5: software SHOULD NOT treat .test and .example as special. The
    demo's accounts, member, contact and From addresses are at lordspress.example."""
    from django.conf import settings

    from lordspress.demo.content import SITE_SETTINGS
    from lordspress.demo.management.commands.seed_demo import DEMO_ACCOUNTS, DEMO_MEMBER

    demo = [email for email, *_ in DEMO_ACCOUNTS] + [DEMO_MEMBER[0], SITE_SETTINGS["contact_email"]]
    demo.append(settings.DEFAULT_FROM_EMAIL.rsplit("<", 1)[1].rstrip(">"))
    for address in [*demo, "reader@example.com", "reader@mail.example", "reader@site.test"]:
        assert is_mailable(address), address


@pytest.mark.django_db
def test_the_signup_form_says_why_an_ip_address_is_refused(client):
    from tests.members import SUBSCRIBE_URL, signup_data

    response = client.post(SUBSCRIBE_URL, signup_data("reader@[127.0.0.1]", name="Agatha"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "not to an IP address or a local or private network name" in html
    assert 'value="Agatha"' in html
    assert not Subscriber.objects.exists() and not OutboundEmail.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/accounts/login/link/", "/accounts/password/reset/"])
def test_link_forms_refuse_an_ip_address(client, url):
    response = client.post(url, {"email": "reader@[127.0.0.1]"})
    assert response.status_code == 400
    assert UNDELIVERABLE_MESSAGE.split(" — ")[0] in response.content.decode()
    assert not OutboundEmail.objects.exists()


@pytest.mark.django_db
def test_the_csv_import_refuses_undeliverable_addresses_and_says_why():
    report = subscribers_import(
        rows=[
            {"email": address, "provenance": "Paper form, 2024"}
            for address in [*UNDELIVERABLE, "good@example.org"]
        ]
    )
    assert report.imported == 1
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["good@example.org"]
    assert len(report.invalid) == len(UNDELIVERABLE)
    assert all("not an address we can mail" in line for line in report.invalid)


@pytest.mark.django_db
def test_the_outbox_does_not_queue_mail_for_undeliverable_addresses_stored_before_the_rule():
    for address in UNDELIVERABLE:
        assert outbox_queue(kind="newsletter.sign_in", to=address, context={}) is None
    added = outbox_queue_many(
        kind="newsletter.sign_in",
        emails=[(address, {}, f"key-{n}") for n, address in enumerate(UNDELIVERABLE)]
        + [("good@example.org", {}, "key-good")],
    )
    assert added == 1
    assert list(OutboundEmail.objects.values_list("to", flat=True)) == ["good@example.org"]
