"""Reads of bylines."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from authors.models import Author

# Editors, who may put any byline on an article. Checked by its name, as Django's permissions
# are, so that bylines need not import the articles app that declares it
# (``articles.services.user_can_publish`` checks the same permission).
ANY_BYLINE_PERMISSION = "articles.publish_article"


def bylines_for(
    *, user: AbstractBaseUser | AnonymousUser, keep: QuerySet | None = None
) -> QuerySet[Author]:
    """The bylines ``user`` may write under.

    Editors (``ANY_BYLINE_PERMISSION``) may use any byline. Anyone else writes only under the
    bylines they are listed on (``Author.users``), and under those ``keep`` names (a query of
    byline ids: for an article, the byline its stored row carries, which an editor may have
    chosen), so a writer never moves an article to someone else's byline.
    """
    if user and user.has_perm(ANY_BYLINE_PERMISSION):
        return Author.objects.all()
    allowed = Q(users=user)
    if keep is not None:
        allowed |= Q(pk__in=keep)
    return Author.objects.filter(allowed).distinct()
