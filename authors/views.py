from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views.generic import ListView

from articles.models import Article
from articles.views import PAGE_SIZE
from authors.models import Author
from lordspress.core.cache import public_cache
from lordspress.core.pagination import AsciiPageNumberMixin


@method_decorator(public_cache, name="dispatch")
class AuthorListView(AsciiPageNumberMixin, ListView):
    template_name = "authors/author_list.html"
    context_object_name = "authors"

    def get_queryset(self):
        return Author.objects.all()


@method_decorator(public_cache, name="dispatch")
class AuthorDetailView(AsciiPageNumberMixin, ListView):
    """A byline's page: its biography and its published articles."""

    template_name = "authors/author_detail.html"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return Article.objects.published().for_listing().filter(author=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)
