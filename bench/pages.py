"""Print the pages bench/compare.sh measures, read from the seeded database: the address of
the 250th live article by date (the peers measure their /article-0250/), of its section and of
its archive month, on one line separated by spaces."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lordspress.settings")

import django

django.setup()

from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.access import members_only_q  # noqa: E402
from articles.models import Article  # noqa: E402

live = Article.objects.published().exclude(members_only_q()).order_by("publish_at", "pk")
article = live[min(249, live.count() - 1)]
when = timezone.localtime(article.publish_at)
month = reverse("articles:archive-month", args=[f"{when:%Y}", f"{when:%m}"])
print(article.get_absolute_url(), article.category.get_absolute_url(), month)  # noqa: T201
