"""A static page, and the site's one-segment addresses ``/<slug>/``."""

from django.utils.decorators import method_decorator
from django.views.generic import DetailView

from articles.models import Category
from articles.views import CategoryView
from lordspress.core.cache import public_cache
from lordspress.core.middleware import allow_methods
from lordspress.pages.models import Page


@method_decorator(public_cache, name="dispatch")
class PageView(DetailView):
    template_name = "pages/page.html"
    context_object_name = "page"

    def get_queryset(self):
        return Page.objects.all()


@allow_methods("GET")
def section_or_page(request, slug: str):
    """``/<slug>/`` is shared by sections and static pages (their slugs never collide)."""
    category = Category.objects.filter(slug=slug).first()
    if category is not None:
        return CategoryView.as_view()(request, slug=slug, category=category)
    return PageView.as_view()(request, slug=slug)
