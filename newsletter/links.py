"""One-time links: the token leaves the address at the first request.

An emailed link (``/newsletter/confirm/<token>/`` and the like) has to carry its token in the
path, so that first request line reaches the web server's access log; the shipped log formats
redact it (``deploy/nginx.conf``, ``lordspress/logging.py``). Every later request must not
carry it at all: Django's own ``PasswordResetConfirmView`` does the same, keeping the token in
the session and redirecting to an address without it, so it never appears in a second request
line, the address bar, the browser's history, or a ``Referer`` header.

``one_time_link`` turns a view ``view(request, token)`` into one that serves both addresses:

- ``GET``/``HEAD`` of ``<prefix>/<token>/``: a usable token is kept in the session under
  ``link-token:<purpose>`` and the answer is a redirect to ``<prefix>/`` (the URL name
  ``page``); an unusable one gets the view's own answer (its "link cannot be used" page), so
  junk links create no session;
- ``<prefix>/``: the view runs with the token kept in the session (``""`` when there is none,
  which every view answers as an unknown link);
- ``POST`` to ``<prefix>/<token>/`` runs the view with the path's token: mail readers'
  one-click unsubscribe (RFC 8058) posts there, without cookies.

A ``POST`` answered with a redirect has used the link, so the kept token is dropped then.

Every answer also carries ``Referrer-Policy: strict-origin``: a page still at an address with a
token (a used or expired link's explanation) sends at most ``https://our.host`` as ``Referer``,
never the path. Not ``no-referrer``: under it browsers send ``Origin: null`` with the page's
own forms (the consent banner, the buttons), which CSRF and same-origin checks rightly refuse.
"""

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

SESSION_KEY = "link-token:{purpose}"
REFERRER_POLICY = "strict-origin"


def one_time_link(*, purpose: str, page: str, usable: Callable[[str], bool]):
    """Decorate ``view(request, token)``; ``page`` names the token-free address, ``usable``
    says whether a token is worth keeping (a cheap read, no side effects)."""
    key = SESSION_KEY.format(purpose=purpose)

    def decorate(view):
        @wraps(view)
        def wrapped(request: HttpRequest, token: str | None = None) -> HttpResponse:
            if token is not None and request.method in {"GET", "HEAD"} and usable(token):
                request.session[key] = token
                response = redirect(page)
            else:
                if token is None:
                    token = request.session.get(key, "")
                response = view(request, token)
                if request.method == "POST" and response.status_code in {301, 302, 303}:
                    request.session.pop(key, None)
            response["Referrer-Policy"] = REFERRER_POLICY
            return response

        wrapped.one_time_link = purpose  # tests/test_token_logs.py finds the token routes' views
        return wrapped

    return decorate
