"""The list of bylines. A byline's own page lists its articles, so it lives with them
(``articles.views.BylineView``): this app never imports the articles app."""

from django.utils.decorators import method_decorator
from django.views.generic import ListView

from authors.models import Author
from lordspress.core.cache import public_cache
from lordspress.core.pagination import AsciiPageNumberMixin


@method_decorator(public_cache, name="dispatch")
class AuthorListView(AsciiPageNumberMixin, ListView):
    template_name = "authors/author_list.html"
    context_object_name = "authors"

    def get_queryset(self):
        return Author.objects.all()
