"""Fixed-window rate limits counted in the database, shared by every process.

Callers answer a limited request exactly as they answer an allowed one (a neutral page),
so the limit reveals nothing about the address involved.
"""

import hashlib
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from lordspress.core.models import RateLimitBucket


def rate_limit_hit(*, scope: str, key: str, limit: int, window: timedelta) -> bool:
    """Count one hit for ``key`` in ``scope``; True while within ``limit`` per ``window``."""
    now = timezone.now()
    seconds = int(window.total_seconds())
    window_start = now - timedelta(
        seconds=int(now.timestamp()) % seconds, microseconds=now.microsecond
    )
    digest = hashlib.sha256(key.encode()).hexdigest()[:40]  # no raw address or IP stored
    bucket_key = f"{scope}:{seconds}:{digest}"
    with transaction.atomic():
        updated = RateLimitBucket.objects.filter(key=bucket_key, window_start=window_start).update(
            hits=F("hits") + 1
        )
        if not updated:
            try:
                with transaction.atomic():
                    RateLimitBucket.objects.create(
                        key=bucket_key, window_start=window_start, hits=1
                    )
            except IntegrityError:
                RateLimitBucket.objects.filter(key=bucket_key, window_start=window_start).update(
                    hits=F("hits") + 1
                )
        hits = RateLimitBucket.objects.get(key=bucket_key, window_start=window_start).hits
    return hits <= limit


def rate_limit_purge(*, older_than: timedelta = timedelta(days=2)) -> int:
    return RateLimitBucket.objects.filter(window_start__lt=timezone.now() - older_than).delete()[0]
