from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from articles import sitemaps
from lordspress.chrome.views import robots_txt, security_txt
from lordspress.core import signin_limits
from lordspress.core.views import admin_moved, editor_browse, editor_upload, serve_media
from lordspress.pages.slugs import slug_view

admin.site.site_header = "Lord’s Press"
# model -> the app it moved to from "lordspress" (issue 9): its old admin addresses redirect.
MOVED_ADMIN_MODELS = {
    "sitesettings": "sitesettings",
    "sociallink": "sitesettings",
    "sponsor": "sponsors",
    "page": "pages",
    "outboundemail": "outbox",
    "weatherreading": "weather",
}
admin.site.site_title = "Lord’s Press admin"
admin.site.index_title = "Editorial desk"

urlpatterns = [
    # Before the admin's own: its password change, with the current password checked by
    # authenticate() so wrong guesses count toward the sign-in limits.
    path(
        "admin/password_change/",
        admin.site.admin_view(signin_limits.admin_password_change),
        name="admin-password-change",
    ),
    # Admin addresses of the models that moved out of the "lordspress" app (issue 9).
    *[
        re_path(
            rf"^admin/lordspress/{model}/(?P<rest>.*)$",
            admin_moved,
            {"app_label": app_label, "model": model},
        )
        for model, app_label in MOVED_ADMIN_MODELS.items()
    ],
    path("admin/", admin.site.urls),
    path("ckeditor/upload/", editor_upload, name="ckeditor_upload"),
    path("ckeditor/browse/", editor_browse, name="ckeditor_browse"),
    path("robots.txt", robots_txt, name="robots"),
    path(".well-known/security.txt", security_txt, name="security-txt"),
    # The sitemap index, its small files and the news sitemap (articles/sitemaps.py); the
    # archive's files, a month each, are articles:sitemap-month.
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap"),
    *[
        path(f"sitemap-{part}.xml", sitemaps.sitemap_part, {"part": part}, name=f"sitemap-{part}")
        for part in sitemaps.PARTS
    ],
    path("sitemap-news.xml", sitemaps.sitemap_news, name="sitemap-news"),
    path("authors/", include("authors.urls")),
    path("newsletter/", include("newsletter.urls")),
    path("accounts/", include("newsletter.account_urls")),
    path("cookies/", include("consent.urls")),
    path("", include("articles.urls")),
    # One owner for /<slug>/: a section or a static page (lordspress/pages/slugs.py).
    path("<slug:slug>/", slug_view, name="section-or-page"),
]

if settings.SERVE_MEDIA and settings.MEDIA_URL.startswith("/"):
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns += [re_path(rf"^{media_prefix}(?P<path>.*)$", serve_media)]
