"""Site-wide views: static pages, the section/page dispatcher, robots.txt, uploads."""

from functools import wraps

from ckeditor_uploader import views as ckeditor_views
from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.utils.html import escapejs
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.static import serve

from lordspress.core.http import same_origin
from lordspress.core.images import check_image_upload
from lordspress.core.middleware import allow_methods
from lordspress.core.numbers import is_ascii_number


@allow_methods("GET")
def serve_media(request, path: str):
    """Uploads served by Django (development, small sites); see SERVE_MEDIA.

    A path the file system cannot even look up (a name longer than it allows, say) is a
    404 like any missing upload; Django's ``serve`` lets the ``OSError`` through.
    """
    try:
        return serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError:
        raise Http404("No such upload.") from None


def _article_editors_only(view):
    """CKEditor's own URLs only ask for ``is_staff``; uploads need article permissions."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not (
            request.user.has_perm("articles.add_article")
            or request.user.has_perm("articles.change_article")
        ):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return staff_member_required(wrapped)


@allow_methods("POST")
@csrf_exempt
@_article_editors_only
def editor_upload(request):
    """CKEditor 4 posts uploads from its dialog without Django's CSRF token, so instead of the
    token the request must come from our own origin (and the session cookie is SameSite=Lax)."""
    if request.method == "POST" and not same_origin(request, missing_ok=False):
        raise PermissionDenied("Uploads must come from this site.")
    if request.method == "POST" and "upload" not in request.FILES:
        return JsonResponse(
            {"uploaded": 0, "error": {"message": "Choose an image to upload."}}, status=400
        )
    # django-ckeditor writes CKEditorFuncNum into a <script> after only HTML-escaping it, so
    # "1);alert(1);//" would run on our origin (the editor is outside the CSP). CKEditor 4
    # sends a small whole number (its callback's index); anything else is refused.
    callback = request.GET.get("CKEditorFuncNum")
    if callback and not is_ascii_number(callback, max_digits=9):
        return JsonResponse(
            {"uploaded": 0, "error": {"message": "The editor sent a malformed request."}},
            status=400,
        )
    if request.method == "POST":
        try:
            check_image_upload(request.FILES["upload"])  # before anything decodes it
        except ValidationError as error:
            return _upload_refused(request, error.messages[0])
    return ckeditor_views.upload(request)


def _upload_refused(request, message: str):
    """A refused image, in the form CKEditor shows: its image dialog (which sends a numeric
    ``CKEditorFuncNum``) reads a callback script, as django-ckeditor's own refusals are
    written; other clients read JSON."""
    func_num = request.GET.get("CKEditorFuncNum", "")
    if is_ascii_number(func_num, max_digits=9):
        return HttpResponse(
            "<script>window.parent.CKEDITOR.tools.callFunction("
            f"{func_num}, '', '{escapejs(message)}');</script>",
            status=400,
        )
    return JsonResponse({"uploaded": 0, "error": {"message": message}}, status=400)


def _editors_browse_only(view):
    """Browsing lists every image uploaded for any article, drafts of other people included,
    which a writer may not see in the admin either: only editors (who see every article)
    browse. Writers get a page saying so, inside the editor's own browse window."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.has_perm("articles.publish_article"):
            return render(request, "ckeditor/browse_refused.html", status=403)
        return view(request, *args, **kwargs)

    return wrapped


# GET lists the uploads; POST is the dialog's search form.
editor_browse = allow_methods("GET", "POST")(
    never_cache(_article_editors_only(_editors_browse_only(ckeditor_views.browse)))
)


@allow_methods("GET")
def admin_moved(request, *, app_label: str, model: str, rest: str = ""):
    """An admin address from before a model moved to an app of its own (issue 9), such as a
    bookmarked ``/admin/lordspress/sponsor/3/change/``: a permanent redirect to the same page
    under the model's app (``/admin/sponsors/sponsor/3/change/``), query string kept."""
    target = f"/admin/{app_label}/{model}/{rest}"
    if request.META.get("QUERY_STRING"):
        target += "?" + request.META["QUERY_STRING"]
    return HttpResponsePermanentRedirect(target)
