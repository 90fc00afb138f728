from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path

from articles.sitemaps import SITEMAPS, NewsSitemap
from lordspress import signin_limits, views
from lordspress.cache import public_cache
from lordspress.middleware import allow_methods
from lordspress.pagination import ascii_page_number

admin.site.site_header = "Lord’s Press"
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
    path("admin/", admin.site.urls),
    path("ckeditor/upload/", views.editor_upload, name="ckeditor_upload"),
    path("ckeditor/browse/", views.editor_browse, name="ckeditor_browse"),
    path("robots.txt", views.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        allow_methods("GET")(public_cache(ascii_page_number("p")(sitemap_views.sitemap))),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path(
        "sitemap-news.xml",
        allow_methods("GET")(public_cache(ascii_page_number("p")(sitemap_views.sitemap))),
        {"sitemaps": {"news": NewsSitemap}, "template_name": "sitemaps/news.xml"},
        name="sitemap-news",
    ),
    path("authors/", include("authors.urls")),
    path("newsletter/", include("newsletter.urls")),
    path("accounts/", include("newsletter.account_urls")),
    path("cookies/", include("consent.urls")),
    path("", include("articles.urls")),
    path("<slug:slug>/", views.section_or_page, name="section-or-page"),
]

if settings.SERVE_MEDIA and settings.MEDIA_URL.startswith("/"):
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns += [re_path(rf"^{media_prefix}(?P<path>.*)$", views.serve_media)]
