"""One-time links: the token leaves the address at the first request.

An emailed link (``/newsletter/confirm/<token>/`` and the like) has to carry its token in the
path, so that first request line reaches the web server's access log; the shipped log formats
redact it (``deploy/nginx.conf``, ``lordspress/logging.py``). Every later request must not
carry it at all: as Django's own ``PasswordResetConfirmView`` does, the first request leaves
it in the session (as a stand-in, below) and redirects to an address without it, so it never
appears in a second request line, the address bar, the browser's history, or a ``Referer``.

The session never holds the token itself (nor does anything else at rest: ``EmailToken`` keeps
its SHA-256, the outbox keeps ids and mints tokens as it sends). A session table is read by
whoever reads the database or its backups, and a token copied from it would work in a link
from any browser. What the session keeps instead is the link's stand-in, made by the view's
``keep(token)``: a value from which the token cannot be recovered and which is no link
(``newsletter.tokens.token_digest`` for emailed tokens, the token's SHA-256, which is what
the database looks them up by; ``unsubscribe_link_keep`` for the signed unsubscribe links,
the subscriber's id signed under another salt, for a day). The view is given that stand-in
at both addresses, and its services take it.

``one_time_link`` turns a view ``view(request, link)`` into one that serves both addresses:

- ``GET``/``HEAD`` of ``<prefix>/<token>/``: the stand-in of a usable token is kept in the
  session under ``link-kept:<purpose>`` and the answer is a redirect to ``<prefix>/`` (the
  URL name ``page``); an unusable one gets the view's own answer (its "link cannot be used"
  page), so junk links create no session;
- ``<prefix>/``: the view runs with the stand-in kept in the session (``""`` when there is
  none, which every view answers as an unknown link);
- ``POST`` to ``<prefix>/<token>/`` runs the view with the stand-in of the path's token:
  mail readers' one-click unsubscribe (RFC 8058) posts there, without cookies;
- ``<prefix>/<token>/`` spelled any other way than the site writes it (``%63onfirm``,
  ``confirm%2F<token>``) is a 404, for every method, before the token is looked at
  (``spelled_canonically``).

A ``POST`` answered with a redirect has used the link, so its stand-in is dropped then.

Every answer also carries ``Referrer-Policy: strict-origin``: a page still at an address with a
token (a used or expired link's explanation) sends at most ``https://our.host`` as ``Referer``,
never the path. Not ``no-referrer``: under it browsers send ``Origin: null`` with the page's
own forms (the consent banner, the buttons), which CSRF and same-origin checks rightly refuse.
"""

import re
from collections.abc import Callable
from functools import wraps

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import get_resolver

# (Sessions kept the token itself under "link-token:<purpose>" before: the migration
# newsletter.0011_sessions_keep_no_link_token removes those.)
SESSION_KEY = "link-kept:{purpose}"
REFERRER_POLICY = "strict-origin"

# A percent-escape of an unreserved character (RFC 3986 §2.3: letters, digits, "-", ".", "_",
# "~"), or of "/": it decodes to what the router then matches, so it changes only how the
# address reads (RFC 3986 §2.3: producers should not create the first kind). Or an empty or
# dot segment ("//", "/./", "/../"), which servers and proxies may merge or resolve before the
# router sees the path. Nothing this site writes contains any of them.
NON_CANONICAL = re.compile(
    r"%(?:2[DdEeFf]|3[0-9]|4[1-9A-Fa-f]|5[0-9AaFf]|6[1-9A-Fa-f]|7[0-9AaEe])"
    r"|//|/\.{1,2}(?:/|$)"
)


def spelled_canonically(request: HttpRequest) -> bool:
    """Whether the address, as the client wrote it, is spelled as the site writes it: none of
    what ``NON_CANONICAL`` names in its path.

    Why: every rule that reads the request line as text (a log redaction, the front server's
    log format, a proxy's or firewall's rule) would otherwise have to decode it exactly as the
    router does. A token route that answers only to its own spelling keeps an accepted token
    where those rules look for it.

    Read from the request line the server received (gunicorn's ``RAW_URI``, or the
    ``REQUEST_URI`` of uWSGI, mod_wsgi and others; nginx passes the client's own on, as
    ``proxy_pass`` without a path does). A server that gives neither (the development
    server, the test client) cannot be asked, and the answer is True: the router still
    refuses letter case, empty and dot segments itself, as its patterns match only the path
    ``reverse()`` writes, decoded; the log redaction does not depend on this at all.
    """
    raw = request.META.get("RAW_URI") or request.META.get("REQUEST_URI") or ""
    address = raw.split("?", 1)[0].split("#", 1)[0]
    if "://" in address:  # an absolute-form request target: http://host/path
        address = "/" + address.split("://", 1)[1].partition("/")[2]
    return NON_CANONICAL.search(address) is None


def one_time_link(
    *, purpose: str, page: str, keep: Callable[[str], str], usable: Callable[[str], bool]
):
    """Decorate ``view(request, link)``, where ``link`` is what ``keep(token)`` made of the
    token (the module says what it must be; ``""`` for a token that names nothing). ``page``
    names the token-free address; ``usable(link)`` says whether a link is worth keeping (a
    cheap read, no side effects)."""
    key = SESSION_KEY.format(purpose=purpose)

    def decorate(view):
        @wraps(view)
        def wrapped(request: HttpRequest, token: str | None = None) -> HttpResponse:
            if token is not None and not spelled_canonically(request):
                response = _not_found(request)
            else:
                link = keep(token) if token is not None else request.session.get(key, "")
                link = link if isinstance(link, str) else ""
                if token is not None and request.method in {"GET", "HEAD"} and usable(link):
                    request.session[key] = link
                    response = redirect(page)
                else:
                    response = view(request, link)
                    if request.method == "POST" and response.status_code in {301, 302, 303}:
                        request.session.pop(key, None)
            response["Referrer-Policy"] = REFERRER_POLICY
            return response

        wrapped.one_time_link = purpose  # tests/test_token_logs.py finds the token routes' views
        return wrapped

    return decorate


def _not_found(request: HttpRequest) -> HttpResponse:
    """The site's own 404 page (``handler404``), as for an address that does not exist."""
    handler = get_resolver().resolve_error_handler(404)
    return handler(request, Http404("Not the address as the site writes it."))
