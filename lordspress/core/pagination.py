"""Page numbers in the query string (``?page=2``), read as ASCII digits only.

Django's ``MultipleObjectMixin.paginate_queryset`` reads the number with ``int()``, which
also takes ``?page=٢``, ``?page=２``, ``?page=+2``, ``?page=%202`` and ``?page=0_2``: each is
page 2 at another address, so one page answers at endless addresses and a shared cache
keeps a copy of each (``lordspress.core.numbers`` says why). Those now get the 404 Django gives
any page number it cannot read; ``?page=last``, which Django documents, still works.
Django's sitemap views read theirs (``?p=2``) the same way: ``ascii_page_number`` wraps them.
"""

from functools import wraps

from django.http import Http404

from lordspress.core.numbers import is_ascii_number

# More digits than any listing here has pages; a longer number is no page either.
MAX_PAGE_DIGITS = 9


def check_page_number(page: str | None) -> None:
    """Raise ``Http404`` unless ``page`` is absent, ``last`` or ASCII digits (at most
    ``MAX_PAGE_DIGITS``)."""
    if page and page != "last" and not is_ascii_number(page, max_digits=MAX_PAGE_DIGITS):
        raise Http404("Page is not “last”, nor a number written in the digits 0 to 9.")


class AsciiPageNumberMixin:
    """For every paginated ListView (``paginate_by``): put it before the Django view class."""

    def paginate_queryset(self, queryset, page_size):
        check_page_number(self.kwargs.get(self.page_kwarg) or self.request.GET.get(self.page_kwarg))
        return super().paginate_queryset(queryset, page_size)


def ascii_page_number(parameter: str):
    """For a function view that reads a page number from ``?<parameter>=`` with ``int()``
    (Django's sitemap views: ``p``)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            check_page_number(request.GET.get(parameter))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
