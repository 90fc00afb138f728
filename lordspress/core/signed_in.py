"""The signed-in flag: a cookie the page's script reads to show a member their account links.

Public pages are the same HTML for everyone (so that they can be cached and shared); a
signed-in reader's masthead shows "Your account · Sign out" instead of "Subscribe · Members'
sign-in" (and no subscribe prompts) because ``static/js/site.js`` finds this cookie. It says
only that the browser holds a signed-in session: it is not HttpOnly (the script must read
it), carries no identity (its value is "1") and grants nothing: every page and action still
checks the session. It is strictly necessary (the registry declares it, consent/) and lasts
no longer than the session cookie.

``SignedInFlagMiddleware`` (inside the authentication middleware) keeps it true to the
session: set when a response leaves with a signed-in session and the browser lacks it,
deleted when the session is gone (sign-out, expiry, a session flushed on the server) and the
browser still has it. A request with the flag is never answered from a cache
(``lordspress.core.cache.personal_cookie_names``), so a stale flag is put right on the next
page. Without JavaScript, the pages rendered for a session (never cached) show the account
links themselves (``lordspress.chrome.context_processors``), and "Members' sign-in" leads to
the account page when signed in.
"""

from django.conf import settings

from lordspress.core.cache import session_changed


def set_signed_in_flag(response) -> None:
    response.set_cookie(
        settings.SIGNED_IN_COOKIE_NAME,
        "1",
        max_age=None if settings.SESSION_EXPIRE_AT_BROWSER_CLOSE else settings.SESSION_COOKIE_AGE,
        path="/",
        domain=settings.SESSION_COOKIE_DOMAIN,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=False,
        samesite="Lax",
    )


def delete_signed_in_flag(response) -> None:
    response.delete_cookie(
        settings.SIGNED_IN_COOKIE_NAME,
        path="/",
        domain=settings.SESSION_COOKIE_DOMAIN,
        samesite="Lax",
    )


class SignedInFlagMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session_cookie = settings.SESSION_COOKIE_NAME
        has_flag = settings.SIGNED_IN_COOKIE_NAME in request.COOKIES
        session = getattr(request, "session", None)
        session_in_play = (
            session_cookie in request.COOKIES
            or session_cookie in response.cookies
            or getattr(session, "accessed", False)  # a sign-in from no session at all
        )
        if not session_in_play:
            if has_flag:
                delete_signed_in_flag(response)
            return response
        morsel = response.cookies.get(session_cookie)
        if not (
            session_changed(request, response)
            or (morsel is not None and not morsel.value)
            or getattr(session, "accessed", False)
        ):
            # A request that never read its session (a feed, say) is left as it came: reading
            # the session now would change its headers.
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if not has_flag:
                set_signed_in_flag(response)
        elif has_flag and (
            session is None
            or session.session_key is None  # flushed (a sign-out), expired, or never stored
            or (morsel is not None and not morsel.value)
        ):
            delete_signed_in_flag(response)
        return response
