"""A static page, answered at its ``/<slug>/`` by the address space's owner (``slugs``)."""

from django.utils.decorators import method_decorator
from django.views.generic import DetailView

from lordspress.core.cache import public_cache
from lordspress.pages.models import Page


@method_decorator(public_cache, name="dispatch")
class PageView(DetailView):
    template_name = "pages/page.html"
    context_object_name = "page"

    def get_queryset(self):
        return Page.objects.all()

    def get_object(self, queryset=None):
        # ``slugs.slug_view`` has found the page already: no second query for it.
        return self.kwargs.get("page") or super().get_object(queryset)


def page_view(request, page: Page):
    """The page's answer at ``/<slug>/`` (its claim in the address space)."""
    return PageView.as_view()(request, slug=page.slug, page=page)
