"""The page cache and the public version on Redis (REDIS_URL): Django's own RedisCache, with
a real local redis-server (skipped where none is installed), and the cache configuration
the settings build from the environment."""

import json
import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import caches
from django.test import Client
from django.test.signals import template_rendered

from articles.models import Article
from articles.services import article_publish
from lordspress.core.cache import public_version
from tests import factories
from tests.test_configuration import _manage

REDIS_SERVER = shutil.which("redis-server")

SHOW_CACHES = (
    "from django.conf import settings; import json; print(json.dumps({'caches': "
    "{alias: [c['BACKEND'].rsplit('.', 1)[1], c.get('LOCATION', '')] for alias, c in "
    "settings.CACHES.items()}, 'version': settings.VERSION_CACHE_ALIAS, "
    "'pages': settings.PAGE_CACHE_ALIAS, 'seconds': settings.PAGE_CACHE_SECONDS}))"
)


@pytest.mark.parametrize("redis", [True, False])
def test_the_caches_follow_redis_url(redis):
    env = {"DEBUG": "1", "PAGE_CACHE_SECONDS": "120"}
    if redis:
        env["REDIS_URL"] = "redis://127.0.0.1:6399/2"
    result = _manage("shell", "-c", SHOW_CACHES, **env)
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    assert shown["seconds"] == 120 and shown["pages"] == "pages"
    if redis:
        assert shown["caches"]["default"] == ["RedisCache", "redis://127.0.0.1:6399/2"]
        assert shown["caches"]["pages"] == ["RedisCache", "redis://127.0.0.1:6399/2"]
        assert shown["version"] == "default"  # read with the frame, in one round trip
    else:
        assert shown["caches"]["pages"][0] == "LocMemCache"
        # Shared by every process of the host, so no process keeps serving what another
        # has changed.
        assert shown["caches"][shown["version"]][0] == "FileBasedCache"


def test_page_cache_seconds_is_off_by_default_with_debug_only():
    debug = _manage("shell", "-c", SHOW_CACHES, DEBUG="1")
    assert json.loads(debug.stdout.strip().splitlines()[-1])["seconds"] == 0
    production = _manage(
        "shell",
        "-c",
        SHOW_CACHES,
        DEBUG="0",
        SECRET_KEY="x" * 50,
        SITE_URL="https://www.lordspress.example",
        ALLOWED_HOSTS="www.lordspress.example",
    )
    assert production.returncode == 0, production.stderr
    assert json.loads(production.stdout.strip().splitlines()[-1])["seconds"] == 300


@pytest.fixture
def redis_url(tmp_path):
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", tmp_path],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture
def on_redis(settings, redis_url):
    before = settings.CACHES
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "lordspress",
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "lordspress-pages",
        },
    }
    settings.VERSION_CACHE_ALIAS = "default"
    settings.PAGE_CACHE_SECONDS = 300
    for alias in settings.CACHES:
        caches[alias].clear()
    yield
    for alias in settings.CACHES:
        caches[alias].clear()
    settings.CACHES = before  # before the server stops: the suite's teardown clears them


@pytest.mark.django_db
def test_on_redis_pages_are_kept_and_a_publish_reaches_them(on_redis, editor, on_commit):
    factories.ArticleFactory(headline="Yesterday’s lead")
    public_version()
    renders = []
    template_rendered.connect(
        lambda sender, template, **kw: (
            renders.append(template.name) if template.name == "base.html" else None
        ),
        dispatch_uid="test-redis",
        weak=False,
    )
    try:
        first = Client().get("/")
        second = Client().get("/")
        assert renders == ["base.html"] and second.content == first.content
        assert Client().get("/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
        draft = factories.ArticleFactory(
            headline="The new Garter King of Arms", status=Article.Status.DRAFT
        )
        on_commit(article_publish, article=draft, user=editor)
        assert "The new Garter King of Arms" in Client().get("/").content.decode()
    finally:
        template_rendered.disconnect(dispatch_uid="test-redis")
