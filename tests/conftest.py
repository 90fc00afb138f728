import io

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from PIL import Image

from tests import factories


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Fast hashing, files in a temporary folder, tasks run at once, a fixed canonical host."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.SITE_URL = "https://www.lordspress.example"
    settings.ALLOWED_HOSTS = ["testserver", "www.lordspress.example", "localhost", "127.0.0.1"]
    settings.PUBLIC_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Call a view or service, then run what would run once its transaction commits (here:
    queued tasks, so the outbox delivers to the test mailbox)."""

    def run(callable_, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return callable_(*args, **kwargs)

    return run


@pytest.fixture
def editor(db):
    user = factories.UserFactory(is_staff=True, full_name="Edwina Editor")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def writer(db):
    user = factories.UserFactory(is_staff=True, full_name="Walter Writer")
    user.groups.add(Group.objects.get(name="Writers"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def writer_client(client, writer):
    client.force_login(writer)
    return client


def make_image_bytes(size=(1200, 800), fmt="JPEG", color=(120, 30, 30), **save_options) -> bytes:
    buffer = io.BytesIO()
    mode = "RGBA" if fmt == "PNG" and len(color) == 4 else "RGB"
    Image.new(mode, size, color).save(buffer, format=fmt, **save_options)
    return buffer.getvalue()
