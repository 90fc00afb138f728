"""Request guards that run before any view, so no view has to defend itself against them.

``MalformedRequestMiddleware`` answers 400 for input Django cannot read reliably (a form
body in another character set, a body its parsers reject, a null character anywhere a
database would see it). ``HttpMethodMiddleware`` makes every view answer only the HTTP
methods it declares: 405 with ``Allow`` for the others, ``Allow`` for OPTIONS, and HEAD
wherever GET is answered. ``HeadResponseMiddleware``, outermost, sends a HEAD's answer
without its body.
"""

import codecs
import logging
from codecs import CodecInfo, utf_8_decode, utf_8_encode
from urllib.parse import parse_qsl

from django.conf import settings
from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import HttpResponse, HttpResponseNotAllowed, UnreadablePostError
from django.http.multipartparser import MultiPartParser, MultiPartParserError
from django.template import loader

FORM_CONTENT_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
NUL = "\x00"

# Django's multipart parser decodes field names, values and file names with
# errors="replace", so bytes that are not UTF-8 became U+FFFD and were stored as if typed.
# Parsed with this codec (UTF-8 that never replaces, whatever ``errors`` asks) they raise
# UnicodeDecodeError instead, and the form is refused as url-encoded ones are.
STRICT_UTF8 = "lordspress_strict_utf_8"


def _strict_utf8_codec(name: str) -> CodecInfo | None:
    if name != STRICT_UTF8:
        return None
    return CodecInfo(
        name=STRICT_UTF8,
        encode=utf_8_encode,
        decode=lambda data, errors="strict": utf_8_decode(data, "strict", True),
    )


codecs.register(_strict_utf8_codec)

# Methods of a function view that declares none: what Django's admin views answer (a page,
# and a form posted to it). OPTIONS is answered for every view, as Django's View does.
DEFAULT_METHODS = frozenset({"GET", "HEAD", "POST", "OPTIONS"})
# Every method this site answers anywhere: it has pages and forms, no API. Django's generic
# FormView answers PUT as POST (``ProcessFormView.put``); a browser never sends PUT, so here
# it gets the 405 the other unsupported methods get, not a CSRF 403 or a form.
SITE_METHODS = DEFAULT_METHODS


def allow_methods(*methods: str):
    """Declare the HTTP methods a function view answers, e.g. ``@allow_methods("GET")``.

    HEAD comes with GET (the same headers, no body) and OPTIONS with any method.
    ``HttpMethodMiddleware`` enforces the declaration before the view runs, so a declared
    view is never called with another method. The declaration is a ``http_methods``
    attribute, which Django's own decorators (``functools.wraps``) carry outward.
    """
    declared = {method.upper() for method in methods}
    if "GET" in declared:
        declared.add("HEAD")
    declared.add("OPTIONS")

    def decorator(view):
        view.http_methods = frozenset(declared)
        return view

    return decorator


def view_methods(view) -> frozenset[str]:
    """The methods a resolved view answers, upper case.

    Declared with ``allow_methods``; else, for a class-based view, the handlers the class
    defines (what ``View.http_method_not_allowed`` would allow, HEAD with GET); else
    ``DEFAULT_METHODS``. Never more than ``SITE_METHODS``.
    """
    declared = getattr(view, "http_methods", None)
    if declared is not None:
        return declared & SITE_METHODS
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        methods = {m.upper() for m in view_class.http_method_names if hasattr(view_class, m)}
        if "GET" in methods:
            methods.add("HEAD")  # View.setup() answers HEAD with get()
        return frozenset(methods) & SITE_METHODS
    return DEFAULT_METHODS


class HttpMethodMiddleware:
    """405 with ``Allow`` for a method the view does not answer; ``Allow`` for OPTIONS;
    HEAD answered by the view as GET.

    Runs in ``process_view``, before the CSRF check, so a TRACE, PUT or DELETE gets the
    accurate 405 rather than a 403, and a view declared GET-only never sees a POST. HTTP
    semantics from RFC 9110 §9 and §15.5.6 (a 405 must list the allowed methods).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.META.get("REQUEST_METHOD") == "HEAD":
            request.method = "HEAD"  # for what runs after: the response is to a HEAD
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        allowed = view_methods(view_func)
        if request.method not in allowed:
            return HttpResponseNotAllowed(sorted(allowed))
        if request.method == "OPTIONS":
            response = HttpResponse()
            response["Allow"] = ", ".join(sorted(allowed))
            response["Content-Length"] = "0"
            return response
        if request.method == "HEAD":
            # HEAD is GET without the body (RFC 9110 §9.3.2): the view answers it exactly as
            # GET, including views that test request.method == "GET" (Django's admin
            # does). The method is HEAD again once the view has answered, and
            # HeadResponseMiddleware leaves the body out.
            request.method = "GET"
        return None


class HeadResponseMiddleware:
    """Outermost: a response to HEAD leaves with the headers of GET and no body.

    RFC 9110 §9.3.2: the server must not send content in a response to HEAD, and may send
    the Content-Length GET would have. Django leaves that to the server; its development
    server drops the body, gunicorn sends it (and the next request on a kept-alive
    connection then starts inside it). Here the body is dropped whatever serves the site;
    ``Content-Length`` stays what GET's body measures.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.META.get("REQUEST_METHOD") != "HEAD":
            return response
        if response.streaming:
            # The unread file stays registered for closing: the server's close() still
            # closes it, as for GET.
            response.streaming_content = []
        else:
            if not response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
            length = response["Content-Length"]
            response.content = b""
            response["Content-Length"] = length
        return response


class MalformedRequestMiddleware:
    """400, with a plain explanation, for requests whose input Django cannot read reliably.

    Placed early: everything after it (the CSRF check, sessions, sign-in throttling, views,
    the error pages) may then read ``request.GET``, ``request.POST`` and the cookies without
    meeting:

    * a form body declared in a character set other than UTF-8, or in an unknown one, or a
      url-encoded or multipart body that is not valid UTF-8 (Django would silently replace
      the bytes).
      Url-encoded forms are UTF-8 only (WHATWG URL Standard; Django refuses others), and a
      browser sends multipart forms in the page's encoding, which here is always UTF-8;
    * a form body Django's parsers refuse (broken multipart, too many fields, too large).
      Django raises those again each time ``request.POST`` is read, so the CSRF check and
      then its own error pages would fail one after the other and the server answer a bare
      500; here the body is parsed once and a failure is answered at once;
    * a null character in the path, the query string or a form field: PostgreSQL refuses
      NUL in text, so any lookup, search or filter that received one would fail. Forms
      built on ``CharField`` already refuse it; the admin's search, filters and
      autocomplete do not.

    A cookie holding a null character is not one this site set: it is ignored (as if
    absent) rather than refused, so a reader is never locked out by a stray cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name in [name for name, value in request.COOKIES.items() if NUL in name + value]:
            del request.COOKIES[name]
        problem = malformed_input(request)
        if problem is not None:
            return bad_request(request, problem)
        return self.get_response(request)


def malformed_input(request) -> str | None:
    """Why the request's input cannot be read, for the visitor; None when it can.

    Parses a POSTed form body (``request.POST``, ``request.FILES``) as a side effect, once.
    """
    if NUL in request.path_info or _has_nul(request.GET):
        return "The address contains a null character."
    if request.method != "POST" or request.content_type not in FORM_CONTENT_TYPES:
        return None
    charset = request.content_params.get("charset")
    if charset is not None:
        try:
            known = codecs.lookup(charset.strip()).name
        except LookupError:
            return "The form was sent in a character set this site does not know."
        if known != "utf-8":
            return "Forms must be sent in UTF-8."
    try:
        if request.content_type == "multipart/form-data":
            if not _parse_multipart_strictly(request):
                return "The form was not valid UTF-8."
        request.POST  # noqa: B018  (parses the body now, once)
        request.FILES  # noqa: B018
    except SuspiciousOperation as error:
        logging.getLogger(f"django.security.{error.__class__.__name__}").warning(str(error))
        return "The form could not be read."
    except (BadRequest, MultiPartParserError, UnreadablePostError):
        return "The form could not be read."
    if request.content_type == "application/x-www-form-urlencoded" and not _strict_utf8_form(
        request.body
    ):
        return "The form was not valid UTF-8."
    if _has_nul(request.POST):
        return "The form contains a null character."
    return None


def _parse_multipart_strictly(request) -> bool:
    """Parse a multipart body as Django would, but refusing bytes that are not UTF-8 in a
    field's name or value or a file's name; False when there are some.

    What ``HttpRequest.parse_file_upload`` does, with ``STRICT_UTF8`` for the encoding; the
    result is kept where Django keeps its own (``_post``, ``_files``), so ``request.POST``
    and ``request.FILES`` read it and the body is never parsed twice.
    """
    if hasattr(request, "_post"):
        return True  # already parsed, by Django's own rules: nothing to read again
    # A body already read (``request.body``) is read again from memory: Django then
    # replaces the request's stream with it.
    parser = MultiPartParser(request.META, request, request.upload_handlers, STRICT_UTF8)
    try:
        post, files = parser.parse()
    except UnicodeDecodeError:
        return False
    post.encoding = "utf-8"
    request._post, request._files = post, files
    return True


def _has_nul(data) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in data.lists())


def _strict_utf8_form(body: bytes) -> bool:
    """Whether a url-encoded body decodes as UTF-8 without replacing anything."""
    try:
        parse_qsl(
            body.decode("utf-8"),
            keep_blank_values=True,
            encoding="utf-8",
            errors="strict",
            max_num_fields=settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
        )
    except (UnicodeDecodeError, ValueError):
        return False
    return True


def bad_request(request, reason: str) -> HttpResponse:
    """The 400 page (``templates/400.html``, which needs no request context), with a reason."""
    body = loader.render_to_string("400.html", {"reason": reason})
    return HttpResponse(body, status=400, content_type="text/html; charset=utf-8")


class AdminSelectionMiddleware:
    """Refuse an admin action whose selection names no row that could exist, for every model
    admin (the project's and the libraries'), before Django's action code reads it.

    Django's changelist runs an action on ``queryset.filter(pk__in=selected)`` as posted: a
    selected value that is not a primary key of the model's type (``abc``, ``1.5``) raises
    ``ValueError`` and one beyond the database's integer range an ``OverflowError`` or a
    database error, so a tampered form answered 500. Here each value is checked with the
    primary key field's own ``to_python`` and, for integer keys, the database's range
    (``connection.ops.integer_field_range``); on a bad one the editor is sent back to the list
    with a message, and nothing runs. Placed after the authentication and message
    middleware; only staff reach the admin's views.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        model_admin = getattr(view_func, "model_admin", None)
        if (
            model_admin is None
            or request.method != "POST"
            or getattr(view_func, "__name__", "") != "changelist_view"
            or "action" not in request.POST
            or not getattr(request.user, "is_staff", False)
        ):
            return None
        from django.contrib import messages
        from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
        from django.http import HttpResponseRedirect

        if all(
            selection_value_valid(model_admin.model, value)
            for value in request.POST.getlist(ACTION_CHECKBOX_NAME)
        ):
            return None
        messages.error(
            request,
            "The selection named items that do not exist. Nothing was changed: tick the items "
            "again and choose the action.",
        )
        return HttpResponseRedirect(request.get_full_path())


def selection_value_valid(model, value: str) -> bool:
    """Whether ``value`` could be a primary key of ``model``: its field's type, and for integer
    keys within the database's range for that field."""
    from django.core.exceptions import ValidationError
    from django.db import connections, router

    field = model._meta.pk
    try:
        python_value = field.to_python(value)
    except (ValidationError, ValueError, TypeError, OverflowError):
        return False
    if python_value is None:
        return False
    if isinstance(python_value, int):
        connection = connections[router.db_for_read(model)]
        low, high = connection.ops.integer_field_range(field.get_internal_type())
        if (low is not None and python_value < low) or (high is not None and python_value > high):
            return False
    return True
