from django import template

from articles.access import is_members_only

register = template.Library()


@register.filter
def members_only(article) -> bool:
    """For the "Members" mark on cards; the text itself goes through article_reading."""
    return is_members_only(article)
