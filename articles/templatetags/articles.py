from django import template

from articles.access import is_members_only
from articles.models import Category
from articles.structured_data import article_breadcrumbs, section_breadcrumbs, website_json_ld

register = template.Library()


@register.filter
def members_only(article) -> bool:
    """For the "Members" mark on cards; the text itself goes through article_reading."""
    return is_members_only(article)


@register.filter
def breadcrumbs_ld(page) -> dict:
    """The ``BreadcrumbList`` of an article or a section, for ``|ld_json``."""
    if isinstance(page, Category):
        return section_breadcrumbs(page)
    return article_breadcrumbs(page)


@register.simple_tag
def website_ld() -> dict:
    """The front page's ``WebSite`` with its ``SearchAction``, for ``|ld_json``."""
    return website_json_ld()
