"""Page numbers in the query string (``?page=2``), read as ASCII digits only.

Django's ``MultipleObjectMixin.paginate_queryset`` reads the number with ``int()``, which
also takes ``?page=٢``, ``?page=２``, ``?page=+2``, ``?page=%202`` and ``?page=0_2``: each is
page 2 at another address, so one page answers at endless addresses and a shared cache
keeps a copy of each (``lordspress.core.numbers`` says why). Those now get the 404 Django gives
any page number it cannot read; ``?page=last``, which Django documents, still works.
Django's sitemap views read theirs (``?p=2``) the same way: ``ascii_page_number`` wraps them.

``LookaheadPaginator`` numbers the pages of a long list without counting all of it.
"""

from functools import wraps

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
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


class LookaheadPaginator(Paginator):
    """Pages of a query set that count no further than they show.

    Django's ``Paginator`` counts every row (``SELECT COUNT(*)``) to number the pages, and its
    page 500 reads (``OFFSET``) every full row before it: at 100,000 articles the two most
    expensive parts of a list page. This one asks, in one query, for the primary keys of the
    page and of up to ``lookahead`` pages after it (an index-only scan when an index covers
    the list's filter and order), then fetches the page's own rows by key.

    So the page numbers shown are those around the current page and an "Older" link, and any
    page can be asked for by number (``?page=500``); the last page's number appears once the
    end of the list is within ``lookahead`` pages. While it is not, ``capped`` is true and
    ``count`` is a lower bound (the rows seen so far). ``?page=last`` counts them all (Django
    asks for ``num_pages`` before any page), which costs the one ``COUNT`` it needs.
    """

    lookahead = 5

    def __init__(self, object_list, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        self.lookahead = kwargs.pop("lookahead", self.lookahead)
        super().__init__(object_list, per_page, orphans, allow_empty_first_page, **kwargs)
        self.capped = False

    def page(self, number):
        if "count" in self.__dict__:  # counted already (``?page=last``): Django's way
            return super().page(number)
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        bottom = (number - 1) * self.per_page
        window = self.per_page * (1 + self.lookahead)
        keys = list(self.object_list.values_list("pk", flat=True)[bottom : bottom + window + 1])
        self.capped = len(keys) > window
        # Exact when the end was seen; else the rows seen, a lower bound.
        self.count = bottom + len(keys)
        if not keys and not (number == 1 and self.allow_empty_first_page):
            raise EmptyPage(self.error_messages["no_results"])
        shown = keys[: self.per_page]
        rows = {row.pk: row for row in self.object_list.filter(pk__in=shown)} if shown else {}
        return self._get_page([rows[key] for key in shown if key in rows], number, self)

    def get_elided_page_range(self, number=1, *, on_each_side=3, on_ends=2):
        if not self.capped:
            yield from super().get_elided_page_range(
                number, on_each_side=on_each_side, on_ends=on_ends
            )
            return
        number = int(number)
        first_shown = max(1, number - on_each_side)
        if first_shown > on_ends + 2:
            yield from range(1, on_ends + 1)
            yield self.ELLIPSIS
        else:
            first_shown = 1
        yield from range(first_shown, min(number + on_each_side, self.num_pages) + 1)
        yield self.ELLIPSIS
