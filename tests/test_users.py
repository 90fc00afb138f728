"""Everyone signs in with an email address, compared without regard to case or spaces."""

import pytest
from django.db import IntegrityError

from lordspress.core.models import User


@pytest.mark.django_db
def test_addresses_are_stored_trimmed_and_lower_cased():
    user = User.objects.create_user("  Lady.Agatha@Example.ORG ", "pw")
    assert user.email == "lady.agatha@example.org"


@pytest.mark.django_db
def test_addresses_are_unique_whatever_their_case():
    User.objects.create_user("herald@example.org", "pw")
    with pytest.raises(IntegrityError):
        User.objects.create(email="Herald@Example.org")


@pytest.mark.django_db
def test_staff_sign_in_to_the_admin_with_their_email_in_any_case(client):
    User.objects.create_user("editor@example.org", "a long passphrase", is_staff=True)
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "Editor@Example.org ", "password": "a long passphrase"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


@pytest.mark.django_db
def test_superuser_created_from_the_command_line_can_use_the_admin(client):
    User.objects.create_superuser("chief@example.org", "another passphrase")
    client.post(
        "/admin/login/", {"username": "chief@example.org", "password": "another passphrase"}
    )
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_admin_can_create_a_staff_user_from_the_user_form(admin_client):
    response = admin_client.post(
        "/admin/lordspress/user/add/",
        {
            "email": "New.Writer@Example.org",
            "full_name": "New Writer",
            "usable_password": "true",
            "password1": "a sufficiently long passphrase",
            "password2": "a sufficiently long passphrase",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert User.objects.filter(email="new.writer@example.org").exists()
