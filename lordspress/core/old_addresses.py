"""Old addresses of sections, section feeds, static pages and bylines: answered with a 301.

Where nothing else answers (a 404 on a GET or HEAD), an address recorded as an
``OldAddress`` (by ``lordspress.core.services.keep_old_addresses``, when a slug changed) leads with
a 301 to the same kind of address of that object now. Like Django's redirects app and
Wagtail's, this acts only on a 404, so whatever is at an address now is always served first.
"""

from django.http import HttpResponsePermanentRedirect

from lordspress.core.models import OldAddress

# Longer than any recorded address (``OldAddress.old_path``): not worth a query.
LONGEST_PATH = OldAddress._meta.get_field("old_path").max_length


def old_address_redirect(path: str) -> HttpResponsePermanentRedirect | None:
    """A 301 from ``path`` to where its object is now, or ``None`` (not an old address, or
    its object has no such address any more)."""
    if len(path) > LONGEST_PATH or "\x00" in path:  # PostgreSQL refuses NUL in text
        return None
    moved = OldAddress.objects.filter(old_path=path).select_related("content_type").first()
    target = moved.target if moved is not None else None
    if target is None:
        return None
    current = target.addresses().get(moved.kind)
    if current is None or current == path:
        return None
    return HttpResponsePermanentRedirect(current)


class OldAddressMiddleware:
    """Turns a 404 at an old address into a 301 to the current one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in {"GET", "HEAD"}:
            return response
        return old_address_redirect(request.path) or response
