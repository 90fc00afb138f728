import io

import pytest
from django.contrib.auth.models import Group
from django.core.cache import caches
from hypothesis import settings as hypothesis_settings
from PIL import Image

from tests import factories
from tests.fake_weather import FakeProvider

# No per-example deadline anywhere: CI shares its cores (browsers, two databases), and a
# slow example is not a wrong one. Speed is measured by bench/, not by tests.
hypothesis_settings.register_profile("lordspress", deadline=None)
hypothesis_settings.load_profile("lordspress")

# Nothing listens here: a weather fetch a test did not arrange fails at once, offline.
NO_WEATHER_PROVIDER = "http://127.0.0.1:9"


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Fast hashing, files in a temporary folder, tasks run at once, a fixed canonical host."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.SITE_URL = "https://www.lordspress.example"
    settings.ALLOWED_HOSTS = ["testserver", "www.lordspress.example", "localhost", "127.0.0.1"]
    settings.PUBLIC_CACHE_SECONDS = 300
    settings.PAGE_CACHE_SECONDS = 0  # on in the page cache's own tests (test_page_cache*.py)
    settings.WEATHER_OPENWEATHERMAP_URL = f"{NO_WEATHER_PROVIDER}/data/2.5/weather"
    settings.WEATHER_OPEN_METEO_URL = f"{NO_WEATHER_PROVIDER}/v1/forecast"
    settings.WEATHER_RETRIES = 0
    # The public version in this process's memory, not the file cache every process on the
    # host shares (parallel test processes would change each other's version).
    settings.CACHES = {
        **settings.CACHES,
        "versions": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "lordspress-test-versions",
        },
    }
    for alias in settings.CACHES:
        caches[alias].clear()
    yield
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Call a view or service, then run what would run once its transaction commits (here:
    queued tasks, so the outbox delivers to the test mailbox)."""

    def run(callable_, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return callable_(*args, **kwargs)

    return run


@pytest.fixture
def fake_provider(settings):
    """A local weather provider (a real HTTP server); the settings point both providers at it.

    Retries are on but without backoff, and the timeouts are short, so failures stay fast.
    """
    provider = FakeProvider()
    settings.WEATHER_OPENWEATHERMAP_URL = f"{provider.url}/data/2.5/weather"
    settings.WEATHER_OPEN_METEO_URL = f"{provider.url}/v1/forecast"
    settings.OPENWEATHERMAP_API_KEY = "test-owm-key-0123456789abcdef"
    settings.OPEN_METEO_API_KEY = ""
    settings.WEATHER_PROVIDER = "openweathermap"
    settings.WEATHER_LOCATION = "London, UK"
    settings.WEATHER_LATITUDE = 51.5085
    settings.WEATHER_LONGITUDE = -0.1257
    settings.WEATHER_RETRIES = 2
    settings.WEATHER_RETRY_BACKOFF = 0
    settings.WEATHER_CONNECT_TIMEOUT = 2
    settings.WEATHER_READ_TIMEOUT = 2
    yield provider
    provider.close()


@pytest.fixture
def task_queue(settings):
    """The production task backend (a database queue), instead of running tasks at once."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


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
