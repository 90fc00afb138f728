"""Site-wide files that belong to no one section: robots.txt."""

from django.shortcuts import render

from lordspress.core.cache import public_cache
from lordspress.core.middleware import allow_methods


@allow_methods("GET")
@public_cache
def robots_txt(request):
    return render(request, "robots.txt", content_type="text/plain; charset=utf-8")
